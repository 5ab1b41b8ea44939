import CheckpointTrace

/// The failure counter behind `tolerable-failures` (Flink 2.3's
/// flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/CheckpointFailureManager.java).
/// The simulator's coordinator and `ckpt conform` both keep one, so a real Flink history is
/// checked against the very rule the simulator follows.
public struct CheckpointFailureManager: Sendable, Equatable {
    /// Consecutive counted failures since the last success (continuousFailureCounter).
    public private(set) var count = 0
    /// The checkpoints that counted, each once (countedCheckpointIds).
    public private(set) var counted: Set<Int> = []
    /// The newest checkpoint that completed (lastSucceededCheckpointId).
    public private(set) var lastSucceeded = 0
    public let tolerable: Int

    public init(tolerable: Int) { self.tolerable = tolerable }

    /// CheckpointFailureManager.checkFailureAgainstCounter: a failure whose reason counts
    /// (CheckpointFailureReason.counts(for:)), of a checkpoint newer than the last success, counts
    /// once. Returns true when the count now exceeds `tolerable`: the job must fail over, and the
    /// counter starts again from 0 (clearCount).
    public mutating func handleCheckpointException(checkpoint id: Int, kind: CheckpointKind, reason: String) -> Bool {
        guard CheckpointFailureReason.counts(reason, for: kind), id > lastSucceeded, counted.insert(id).inserted else { return false }
        count += 1
        guard count > tolerable else { return false }
        clearCount()
        return true
    }

    /// CheckpointFailureManager.handleCheckpointSuccess: a newer success resets the counter.
    public mutating func handleCheckpointSuccess(checkpoint id: Int) {
        guard id > lastSucceeded else { return }
        lastSucceeded = id
        clearCount()
    }

    mutating func clearCount() {
        count = 0
        counted.removeAll(keepingCapacity: true)
    }

    /// Back to a new manager's state (a restarted run).
    mutating func reset() {
        clearCount()
        lastSucceeded = 0
    }
}
