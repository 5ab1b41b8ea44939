import CheckpointTrace

/// Aborts and the failure counter (CheckpointCoordinator.abortPendingCheckpoint,
/// CheckpointFailureManager).
extension Simulator {
    /// abortPendingCheckpoint: record the abort, notify every task (with the latest stored id), count
    /// the failure, and fail the job over when the count exceeds the limit.
    func abortPendingCheckpoint(at index: Int, reason: String, startQueued: Bool = true) {
        let p = coordinator.pending.remove(at: index)
        coordinator.endedIds.insert(p.id)
        timers.cancel { $0 == .checkpointTimeout(checkpoint: p.id) }
        record(CompactEvent(aborted: p.id, kind: p.kind, reason: reason))
        let latest = coordinator.latestStored
        for t in tasks.indices {
            let c = graph.tasks[t].rpcIn
            record(CompactEvent(notifyAborted: .notifyAbortedSent, checkpoint: p.id, task: t, channel: c, latest: latest))
            network.enqueue(.notifyAborted(checkpoint: p.id, latest: latest), on: c)
        }
        if p.isFinal { coordinator.finalRequested = false }
        if p.isStop { stopWithSavepointFailed() }
        if checkFailureCounter(checkpoint: p.id, kind: p.kind, reason: reason) {
            failover(failedTask: nil, cause: nil, reason: "tolerable-failures-exceeded")
            return
        }
        if p.isFinal && coordinator.endOfInput { requestFinalCheckpoint() }
        if startQueued { startQueuedRequests() }
    }

    /// CheckpointFailureManager.checkFailureAgainstCounter: true when the count now exceeds the limit.
    func checkFailureCounter(checkpoint id: Int, kind: CheckpointKind, reason: String) -> Bool {
        coordinator.failures.handleCheckpointException(checkpoint: id, kind: kind, reason: reason)
    }

    /// CheckpointFailureManager.handleCheckpointSuccess: a newer success resets the counter.
    func checkpointSucceeded(_ id: Int) {
        coordinator.failures.handleCheckpointSuccess(checkpoint: id)
    }

    /// CheckpointCanceller: a checkpoint not completed within `timeout` expires.
    func checkpointTimedOut(_ id: Int) {
        guard let i = coordinator.pendingIndex(id) else { return }
        abortPendingCheckpoint(at: i, reason: "CHECKPOINT_EXPIRED")
    }
}
