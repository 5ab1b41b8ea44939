import CheckpointTrace

/// Something travelling on a channel: a record, a barrier, a cancel marker or an RPC.
public enum InFlight: Sendable, Hashable {
    case record(String)
    case barrier(Int)
    case cancelMarker(Int)
    /// An RPC on a coordinator channel: its name (`trigger`, `ack`, `decline`, `notify-complete`,
    /// `notify-aborted`) and the checkpoint it is about.
    case rpc(String, Int?)

    /// A compact label: `·` for a record (records are many; their values are in the long form),
    /// `|n|` for barrier n, `x n` for a cancel marker, `name n` for an RPC.
    public var glyph: String {
        switch self {
        case .record: return "·"
        case .barrier(let n): return "|\(n)|"
        case .cancelMarker(let n): return "x\(n)"
        case .rpc(let name, let n): return n.map { "\(name) \($0)" } ?? name
        }
    }

    /// The long form, with record values: `"hello"`, `barrier 2`, `cancel 2`, `ack 2`.
    public var label: String {
        switch self {
        case .record(let r): return "\"\(r)\""
        case .barrier(let n): return "barrier \(n)"
        case .cancelMarker(let n): return "cancel \(n)"
        case .rpc(let name, let n): return n.map { "\(name) \($0)" } ?? name
        }
    }
}

/// A FIFO channel's contents in order, head first. Removing the head moves an index, so that
/// replaying a long trace does not shift arrays.
public struct ChannelQueue: Sendable, Hashable {
    private var storage: [InFlight] = []
    private var head = 0

    public init(_ items: [InFlight] = []) { storage = items }

    /// The items in flight, head (next to be delivered) first.
    public var items: ArraySlice<InFlight> { storage[head...] }
    public var count: Int { storage.count - head }
    public var isEmpty: Bool { head == storage.count }
    public var first: InFlight? { head < storage.count ? storage[head] : nil }

    public mutating func append(_ item: InFlight) { storage.append(item) }
    /// The second item (nil with fewer than two).
    public var second: InFlight? { head + 1 < storage.count ? storage[head + 1] : nil }
    /// Takes the second item off the queue (there must be one).
    public mutating func removeSecond() { storage.remove(at: head + 1) }

    /// Inserts `item` after the leading barriers and cancel markers: an unaligned barrier
    /// overtakes records but not the priority events already ahead of them
    /// (Flink's PipelinedSubpartition.addPriorityEvent).
    public mutating func insertPriority(_ item: InFlight) {
        var i = head
        while i < storage.count { if case .record = storage[i] { break }; i += 1 }
        storage.insert(item, at: i)
    }

    /// Puts items back at the head, in order (restored channel state).
    public mutating func prepend(_ items: [InFlight]) {
        storage = items + Array(storage[head...])
        head = 0
    }

    @discardableResult
    public mutating func removeFirst() -> InFlight? {
        guard head < storage.count else { return nil }
        let item = storage[head]
        head += 1
        if head > 64 && head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
        return item
    }

    public mutating func removeAll() { storage.removeAll(); head = 0 }

    public static func == (a: ChannelQueue, b: ChannelQueue) -> Bool { a.items.elementsEqual(b.items) }
    public func hash(into hasher: inout Hasher) { for item in items { hasher.combine(item) } }
}

/// One channel of the topology and what is in flight on it.
public struct ChannelState: Sendable, Hashable {
    public var id: String
    public var from: String
    public var to: String
    public var isRPC: Bool
    public var queue = ChannelQueue()

    public init(id: String, from: String, to: String, isRPC: Bool) {
        self.id = id; self.from = from; self.to = to; self.isRPC = isRPC
    }
}

/// What a task is doing, for display: one word per state.
public enum TaskStatus: String, Sendable, Hashable {
    case running, aligning, snapshotting, failed, restoring, finished
}

/// The last snapshot a task completed.
public struct TaskSnapshotInfo: Sendable, Hashable {
    public var checkpoint: Int
    public var state: JSONValue?
    public var bytes: Int?
}

/// A sink's output: what is visible (committed) and what is not yet.
public struct SinkOutput: Sendable, Hashable {
    public var transactional: Bool
    /// Records visible downstream: committed transactions, or everything a plain sink wrote.
    public var committed: [String] = []
    /// The open transaction: written since the last snapshot (transactional sinks only).
    public var open: [String] = []
    /// Pre-committed transactions waiting for their checkpoint's notify-complete, ascending ids.
    public var preCommitted: [Transaction] = []
    /// Checkpoint ids whose transaction was committed (the output store's idempotence check).
    public var committedTransactions: Set<Int> = []

    public init(transactional: Bool) { self.transactional = transactional }

    /// Every record written but not yet visible.
    public var uncommitted: [String] { preCommitted.flatMap(\.records) + open }

}

/// A transaction a two-phase-commit sink pre-committed under a checkpoint id.
public struct Transaction: Sendable, Hashable {
    public var checkpoint: Int
    public var records: [String]
}

/// An item held in a task's alignment buffer, with the channel it came from.
public struct BufferedItem: Sendable, Hashable {
    public var channel: String
    public var item: InFlight
}

/// One task (subtask) of the job at some step.
public struct TaskState: Sendable, Hashable {
    public var id: String
    /// The operator kind from the topology (`source`, `keyed-count`, `sink`, ...).
    public var kind: String
    public var attempt = 0
    public var failed = false
    public var restoring = false
    public var finished = false
    /// The checkpoint this task is aligning barriers for (aligned/unaligned mode), if any.
    public var aligning: Int?
    /// Checkpoints whose snapshot started and has not completed or failed (async phase running).
    public var snapshotting: [Int] = []
    /// Input channels blocked by alignment.
    public var blocked: [String] = []
    /// The alignment buffer: items delivered on blocked channels, held until the unblock, in order.
    public var buffered: [BufferedItem] = []
    /// A source's offset (records emitted so far in this attempt's numbering).
    public var offset: Int?
    /// A keyed-count task's counts, derived from processed records and restored state.
    public var counts: [String: Int]?
    public var lastSnapshot: TaskSnapshotInfo?
    /// The sink's output, for sink tasks.
    public var sink: SinkOutput?
    /// Records this task processed in the current attempt.
    public var processed = 0

    public init(id: String, kind: String) { self.id = id; self.kind = kind }

    public var status: TaskStatus {
        if finished { return .finished }
        if failed { return .failed }
        if restoring { return .restoring }
        if aligning != nil { return .aligning }
        if !snapshotting.isEmpty { return .snapshotting }
        return .running
    }
}

/// A checkpoint the coordinator triggered and that has not ended yet.
public struct PendingCheckpoint: Sendable, Hashable {
    public var id: Int
    public var kind: CheckpointKind
    public var isFinal: Bool
    public var triggeredAt: Int
    /// Tasks whose ack the coordinator received, in the order received.
    public var acked: [String] = []
    /// Tasks whose decline the coordinator received.
    public var declined: [String] = []
}

/// How a checkpoint ended.
public struct CheckpointOutcome: Sendable, Hashable {
    public var id: Int
    public var kind: CheckpointKind
    /// `completed` or the abort reason.
    public var result: String
    public var time: Int
}

/// The checkpoint coordinator at some step.
public struct CoordinatorState: Sendable, Hashable {
    public var pending: [PendingCheckpoint] = []
    /// Completed checkpoints retained in the store, oldest first (savepoints never enter it).
    public var store: [Int] = []
    /// Requests waiting in the trigger queue, as `kind/request` labels.
    public var queued: [String] = []
    /// Counted checkpoint failures since the last reset (CheckpointFailureManager), as derived from aborts.
    public var failureCount = 0
    public var lastCompleted: Int?
    public var nextID = 1
    public var attempt = 0
    /// The latest outcomes, newest last (a few, for display).
    public var outcomes: [CheckpointOutcome] = []
    public var completedCount = 0
    public var abortedCount = 0
    public var failovers = 0
}

/// The whole job after the first `step` events of a trace were applied.
public struct ReplayState: Sendable, Hashable {
    /// How many events were applied (0 = nothing yet; the current event is `events[step - 1]`).
    public var step = 0
    public var time = 0
    public var tasks: [TaskState] = []
    public var channels: [ChannelState] = []
    public var coordinator = CoordinatorState()
    public var endOfInput = false
    public var jobFinished = false
    /// Invariant violations and failed expectations recorded so far.
    public var findings = 0
    /// Deliveries whose channel head was not what the event says: 0 when the trace and this
    /// model agree (a non-zero count points at a corrupt trace or a model bug).
    public var mismatches = 0
    /// Whether the trace records `barrier-unbuffered` (then nothing about buffers is inferred).
    public var sawUnbuffered = false
    /// Unaligned mode: the channel state of each snapshot (checkpoint → task → `channel-state`),
    /// kept while its checkpoint may still be restored.
    public var channelStates: [Int: [String: JSONValue]] = [:]

    public init() {}

    public func task(_ id: String) -> TaskState? { tasks.first { $0.id == id } }
    public func channel(_ id: String) -> ChannelState? { channels.first { $0.id == id } }
}
