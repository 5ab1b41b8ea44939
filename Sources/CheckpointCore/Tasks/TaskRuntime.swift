// A task's runtime state. No single Flink class: Flink keeps it in StreamTask and its operators
// (state), in SingleCheckpointBarrierHandler and CheckpointBarrierTracker (barriers), and in
// SubtaskCheckpointCoordinatorImpl (snapshots in flight, abortedCheckpointIds).
import CheckpointTrace

/// The barrier alignment a task is doing for one checkpoint (SingleCheckpointBarrierHandler's state).
public struct Alignment: Sendable {
    public var checkpoint: Int
    public var kind: CheckpointKind
    /// Unaligned: the checkpoint point is the first barrier; aligned: the last.
    public var unaligned: Bool
    /// Which input channels (by position in the task's inputs) delivered barrier `checkpoint`.
    public var received = SmallIndexSet()
    public var receivedCount: Int { received.count }
    /// Unaligned: the checkpoint point has passed; records on inputs without the barrier are channel state.
    public var checkpointTaken = false
}

/// A checkpoint the at-least-once barrier tracker counts barriers for (CheckpointBarrierTracker).
public struct TrackedCheckpoint: Sendable {
    public var checkpoint: Int
    public var kind: CheckpointKind
    public var received = SmallIndexSet()
    public var receivedCount: Int { received.count }
}

/// A snapshot taken synchronously whose asynchronous phase (or unaligned barriers) has not ended.
public struct SnapshotInProgress: Sendable {
    public var checkpoint: Int
    /// The operator state taken at the checkpoint point.
    let captured: CapturedState
    /// Unaligned mode: records in flight on input channels, gathered until the last barrier
    /// (channel index → records), and records the barrier overtook on output channels.
    public var inputChannelState: [Int: [String]] = [:]
    public var outputChannelState: [Int: [String]] = [:]
    public var asyncDone = false
    /// Unaligned: barriers still missing on some inputs.
    public var waitingForBarriers = false
    public var failAsync = false
    public var unaligned = false

    /// The snapshot as it is acked.
    var snapshot: TaskSnapshot {
        TaskSnapshot(captured: captured, inputChannelState: inputChannelState, outputChannelState: outputChannelState)
    }
}

/// A task's runtime state: operator state, barrier handling, snapshots in flight.
///
/// A class, not a struct: the simulator reads and changes one field at a time in `tasks[t]`, and
/// reading a field of a struct in an array may copy the whole struct (retaining every list in
/// it) first. A task's runtime is never shared: each simulator makes its own.
public final class TaskRuntime {
    public var attempt = 0
    // Operator state.
    public var offset = 0 { didSet { captured = nil } }
    public var counts: [String: Int] = [:] { didSet { captured = nil } }
    public var openTransaction: [String] = []
    public var pendingTransactions: [PendingTransaction] = [] { didSet { captured = nil } }
    /// The operator state as last captured for a snapshot, until it changes: a task whose state
    /// did not change since its last snapshot shares that snapshot's captured state and payloads.
    var captured: CapturedState?
    /// Round-robin position per output group (RebalancePartitioner).
    public var roundRobin: [Int]
    // Barrier handling.
    public var currentCheckpoint = 0
    public var alignment: Alignment?
    public var tracked: [TrackedCheckpoint] = []
    public var inProgress: [SnapshotInProgress] = []
    /// notify-aborted ids not yet reached: at the checkpoint point a cancel marker goes out instead.
    public var abortedIds: Set<Int> = []
    public var lastNotifiedComplete = 0
    /// Scripted snapshot failures armed for a checkpoint id.
    public var armedFailures: [(checkpoint: Int, phase: SnapshotPhase)] = []
    /// Scripted lengths of asynchronous phases (`slow-snapshot`), by checkpoint id.
    public var armedSlowPhases: [(checkpoint: Int, ms: Int)] = []
    /// When the task's last asynchronous phase ends: a later one starts then (Flink 2.3 runs a
    /// task's asynchronous snapshot phases one after another; see `checkpointState`).
    public var asyncFreeAt = 0
    /// A source that took a stop-with-savepoint's savepoint emits nothing more.
    public var stopped = false

    public init(outputGroups: Int) { roundRobin = Array(repeating: 0, count: outputGroups) }

    /// Back to a fresh start for `attempt` (a restore), keeping the lists' storage for reuse.
    func reset(attempt: Int) {
        self.attempt = attempt
        offset = 0
        counts.removeAll(keepingCapacity: true)
        openTransaction.removeAll(keepingCapacity: true)
        pendingTransactions.removeAll(keepingCapacity: true)
        currentCheckpoint = 0
        alignment = nil
        tracked.removeAll(keepingCapacity: true)
        inProgress.removeAll(keepingCapacity: true)
        abortedIds.removeAll(keepingCapacity: true)
        lastNotifiedComplete = 0
        armedFailures.removeAll(keepingCapacity: true)
        asyncFreeAt = 0
        stopped = false
        armedSlowPhases.removeAll(keepingCapacity: true)
        captured = nil
    }

    public func inProgressIndex(_ id: Int) -> Int? { inProgress.firstIndex { $0.checkpoint == id } }
}
