import CheckpointTrace

/// The barrier alignment a task is doing for one checkpoint (SingleCheckpointBarrierHandler's state).
public struct Alignment: Sendable {
    public var checkpoint: Int
    public var kind: CheckpointKind
    /// Unaligned: the checkpoint point is the first barrier; aligned: the last.
    public var unaligned: Bool
    /// Which input channels (by position in the task's inputs) delivered barrier `checkpoint`.
    public var received: [Bool]
    public var receivedCount = 0
    /// Unaligned: the checkpoint point has passed; records on inputs without the barrier are channel state.
    public var checkpointTaken = false
}

/// A checkpoint the at-least-once barrier tracker counts barriers for (CheckpointBarrierTracker).
public struct TrackedCheckpoint: Sendable {
    public var checkpoint: Int
    public var kind: CheckpointKind
    public var received: [Bool]
    public var receivedCount = 0
}

/// A snapshot taken synchronously whose asynchronous phase (or unaligned barriers) has not ended.
public struct SnapshotInProgress: Sendable {
    public var checkpoint: Int
    public var snapshot: TaskSnapshot
    public var asyncDone = false
    /// Unaligned: barriers still missing on some inputs.
    public var waitingForBarriers = false
    public var failAsync = false
    public var unaligned = false
}

/// A task's runtime state: operator state, barrier handling, snapshots in flight.
public struct TaskRuntime: Sendable {
    public var attempt = 0
    // Operator state.
    public var offset = 0
    public var counts: [String: Int] = [:]
    public var openTransaction: [String] = []
    public var pendingTransactions: [PendingTransaction] = []
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

    public init(outputGroups: Int) { roundRobin = Array(repeating: 0, count: outputGroups) }

    public func inProgressIndex(_ id: Int) -> Int? { inProgress.firstIndex { $0.checkpoint == id } }
}
