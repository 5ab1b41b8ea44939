// The coordinator's state in one value. No single Flink class: Flink keeps these as fields of
// CheckpointCoordinator (pendingCheckpoints, completedCheckpointStore, checkpointIdCounter,
// requestDecider, failureManager, lastCheckpointCompletionRelativeTime, periodicScheduling) and,
// for the end of input and stop-with-savepoint, of the scheduler (SchedulerBase).
import CheckpointTrace

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
