import CheckpointTrace

/// Whether a trigger request may start now (Flink 2.3's
/// flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/CheckpointRequestDecider.java).
/// The queue itself is `TriggerRequestQueue`; these are the two rules a request must pass, which
/// the simulator applies and `ckpt conform` checks on real histories.
public enum CheckpointRequestDecider {
    /// CheckpointRequestDecider.chooseRequestToExecute: a request starts only while fewer than
    /// max-concurrent checkpoints (savepoints included) are pending, unless it is forced
    /// (savepoints are, but in unaligned mode).
    public static func mayStart(pending: Int, maxConcurrent: Int, forced: Bool) -> Bool {
        forced || pending < maxConcurrent
    }

    /// CheckpointRequestDecider's min-pause check (nextTriggerDelayMillis): a periodic request
    /// taken sooner than min-pause after the last completion is dropped. Manual requests,
    /// savepoints and the final checkpoint do not wait.
    public static func tooSoon(periodic: Bool, forced: Bool, lastCompletion: Int?, now: Int, minPause: Int) -> Bool {
        guard periodic, !forced, let last = lastCompletion else { return false }
        let (gap, overflow) = now.subtractingReportingOverflow(last)
        return !overflow && gap < minPause
    }

    /// Savepoints are forced past max-concurrent and min-pause, but in unaligned mode.
    public static func isForced(kind: CheckpointKind, unaligned: Bool) -> Bool { kind == .savepoint && !unaligned }
}

/// Which pending checkpoints a completion ends as subsumed (CheckpointCoordinator.dropSubsumedCheckpoints).
public enum CheckpointSubsumption {
    /// A completed checkpoint (not a savepoint) subsumes every pending checkpoint with a smaller id
    /// that is not a savepoint: it is aborted with CHECKPOINT_SUBSUMED.
    public static func subsumes(completed: Int, completedKind: CheckpointKind, pending: Int, pendingKind: CheckpointKind) -> Bool {
        completedKind == .checkpoint && pendingKind == .checkpoint && pending < completed
    }
}
