import CheckpointTrace

/// A request to start a checkpoint or savepoint, waiting in the trigger queue (CheckpointTriggerRequest).
public struct TriggerRequest: Sendable, Equatable {
    public var kind: CheckpointKind
    public var isPeriodic: Bool
    public var isFinal: Bool
    /// Forced requests start even when max-concurrent checkpoints are pending (savepoints, unless unaligned).
    public var isForced: Bool
    /// A stop-with-savepoint's savepoint (Flink's synchronous "Suspend Savepoint").
    public var isStop = false
    public var time: Int
    public var order: Int

    var requestName: String { isPeriodic ? "periodic" : "manual" }
}

/// A checkpoint that was triggered and has not yet completed or aborted (PendingCheckpoint).
public struct PendingCheckpoint: Sendable {
    public var id: Int
    public var kind: CheckpointKind
    public var isFinal: Bool
    public var isPeriodic: Bool
    public var isStop = false
    public var triggerTime: Int
    /// Which tasks (by index) acked, and how many have not yet.
    public private(set) var acknowledged = SmallIndexSet()
    public var missingAcks: Int { snapshots.count - acknowledged.count }
    public var snapshots: TaskSnapshots
    public var bytes = 0

    /// A checkpoint of `tasks` tasks, triggered at `triggerTime`, waiting for every ack.
    init(id: Int, kind: CheckpointKind, isFinal: Bool, isPeriodic: Bool, triggerTime: Int, tasks: Int) {
        self.id = id; self.kind = kind; self.isFinal = isFinal; self.isPeriodic = isPeriodic; self.triggerTime = triggerTime
        snapshots = TaskSnapshots(count: tasks)
    }

    /// Task `t`'s ack counts (a second ack from the same task changes nothing).
    mutating func acknowledge(_ t: Int) {
        precondition(t >= 0 && t < snapshots.count, "task \(t) of \(snapshots.count)")
        acknowledged.insert(t)
    }
}

/// Every task's snapshot of one checkpoint, by task index (nil: no ack from that task).
public struct TaskSnapshots: Sendable {
    private var byTask: [TaskSnapshot?]

    init(count: Int) { byTask = Array(repeating: nil, count: count) }

    /// How many tasks there are.
    public var count: Int { byTask.count }

    public subscript(t: Int) -> TaskSnapshot? {
        get { t >= 0 && t < byTask.count ? byTask[t] : nil }
        set { byTask[t] = newValue }
    }
}

/// A completed checkpoint in the store: every task's snapshot, by task index.
public struct CompletedCheckpoint: Sendable {
    public var id: Int
    public var snapshots: TaskSnapshots
    public var time: Int
}

/// Everything the checkpoint coordinator knows (CheckpointCoordinator's fields).
public struct CoordinatorState: Sendable {
    /// CheckpointIDCounter: the id the next started request gets.
    public var nextId = 1
    /// Pending checkpoints, ascending id.
    public var pending: [PendingCheckpoint] = []
    /// Completed checkpoints, oldest first, at most `retained`.
    public var store = CompletedCheckpointStore<CompletedCheckpoint>(retained: 1)
    /// The trigger requests waiting (CheckpointRequestDecider's queue).
    public var queue = TriggerRequestQueue()
    /// When the last checkpoint or savepoint completed (min-pause counts from here).
    public var lastCompletionTime: Int?
    /// Counted failures toward `tolerable-failures`.
    public var failures = CheckpointFailureManager(tolerable: 0)
    /// Ids that were pending once and ended (for telling `late` from `unknown` acks).
    public var endedIds: Set<Int> = []
    /// Whether the periodic timer runs (interval > 0 and the job has input left).
    public var periodicRunning = false
    /// End of input (FLIP-147): reached, and the final checkpoint's id once started.
    public var endOfInput = false
    public var finalRequested = false
    public var finalCompletedId: Int?
    public var finalNotified = SmallIndexSet()
    public var jobFinished = false
    /// A stop-with-savepoint is under way: its savepoint ends the job when it completes.
    public var stopping = false
    public var requestOrder = 0

    public var latestStored: Int? { store.latest?.id }

    /// A new coordinator's state for these settings.
    init(retained: Int, tolerable: Int) {
        store = CompletedCheckpointStore(retained: retained)
        failures = CheckpointFailureManager(tolerable: tolerable)
    }

    public init() {}

    /// Back to a new coordinator's state, keeping storage (a restarted run).
    mutating func reset() {
        nextId = 1
        pending.removeAll(keepingCapacity: true)
        store.removeAll()
        queue.reset()
        lastCompletionTime = nil
        failures.reset()
        endedIds.removeAll(keepingCapacity: true)
        periodicRunning = false
        endOfInput = false
        finalRequested = false
        finalCompletedId = nil
        finalNotified.removeAll()
        jobFinished = false
        stopping = false
        requestOrder = 0
    }

    public func pendingIndex(_ id: Int) -> Int? { pending.firstIndex { $0.id == id } }
}

/// The queue of trigger requests, ordered savepoints first, then manual, then periodic, each by time
/// (CheckpointRequestDecider's comparator).
public struct TriggerRequestQueue: Sendable {
    /// CheckpointRequestDecider's maxQueuedRequests.
    public static let maxQueued = 1_000
    public private(set) var requests: [TriggerRequest] = []

    public init() {}

    public var isEmpty: Bool { requests.isEmpty }
    public var count: Int { requests.count }
    public var first: TriggerRequest? { requests.first }
    public var last: TriggerRequest? { requests.last }

    static func rank(_ r: TriggerRequest) -> Int { r.kind == .savepoint ? 0 : (r.isPeriodic ? 2 : 1) }

    public mutating func insert(_ r: TriggerRequest) {
        let key = (TriggerRequestQueue.rank(r), r.time, r.order)
        let i = requests.firstIndex { (TriggerRequestQueue.rank($0), $0.time, $0.order) > key } ?? requests.count
        requests.insert(r, at: i)
    }

    mutating func reset() { requests.removeAll(keepingCapacity: true) }

    public mutating func popFirst() -> TriggerRequest? { requests.isEmpty ? nil : requests.removeFirst() }
    public mutating func popLast() -> TriggerRequest? { requests.popLast() }
    public mutating func removeAll(where predicate: (TriggerRequest) -> Bool) -> [TriggerRequest] {
        let removed = requests.filter(predicate)
        requests.removeAll(where: predicate)
        return removed
    }
    public func contains(order: Int) -> Bool { requests.contains { $0.order == order } }
}
