// Mirrors Flink 2.3's CheckpointFailureManager
// (flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/CheckpointFailureManager.java):
// the counter behind `tolerable-failures`. Which reasons count is on the reason itself
// (CheckpointFailureReason.countsTowardTolerableFailures, in CheckpointTrace).
import CheckpointTrace

/// The failure counter behind `tolerable-failures` (CheckpointFailureManager). The simulator's coordinator and `ckpt conform` both keep one, so a real Flink history is
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

    /// CheckpointFailureManager#handleCheckpointException → #checkFailureAgainstCounter: a failure whose reason counts
    /// (CheckpointFailureReason.counts(for:)), of a checkpoint newer than the last success, counts
    /// once. Returns true when the count now exceeds `tolerable`: the job must fail over, and the
    /// counter starts again from 0 (clearCount).
    public mutating func handleCheckpointException(checkpoint id: Int, kind: CheckpointKind, reason: CheckpointFailureReason) -> Bool {
        guard reason.counts(for: kind), id > lastSucceeded, counted.insert(id).inserted else { return false }
        count += 1
        guard count > tolerable else { return false }
        clearCount()
        return true
    }

    /// The same for a reason found by name in a trace (a real Flink history): a name Flink does not
    /// have counts for nothing.
    public mutating func handleCheckpointException(checkpoint id: Int, kind: CheckpointKind, reasonNamed name: String) -> Bool {
        guard let reason = CheckpointFailureReason(name: name) else { return false }
        return handleCheckpointException(checkpoint: id, kind: kind, reason: reason)
    }

    /// CheckpointFailureManager#handleCheckpointSuccess: a newer success resets the counter.
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

extension Simulator {
    /// CheckpointFailureManager#handleCheckpointException, as CheckpointCoordinator#abortPendingCheckpoint
    /// calls it: true when the count now exceeds the limit.
    func checkFailureCounter(checkpoint id: Int, kind: CheckpointKind, reason: CheckpointFailureReason) -> Bool {
        coordinator.failures.handleCheckpointException(checkpoint: id, kind: kind, reason: reason)
    }

    /// CheckpointFailureManager#handleCheckpointSuccess, as CheckpointCoordinator#completePendingCheckpoint
    /// calls it: a newer success resets the counter.
    func checkpointSucceeded(_ id: Int) {
        coordinator.failures.handleCheckpointSuccess(checkpoint: id)
    }
}
