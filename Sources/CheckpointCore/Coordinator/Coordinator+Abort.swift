import CheckpointTrace

/// Aborts and the failure counter (CheckpointCoordinator.abortPendingCheckpoint,
/// CheckpointFailureManager).
extension Simulator {
    /// The abort reasons that count toward `tolerable-failures` (CheckpointFailureManager.checkFailureCounter).
    static func countsAsFailure(reason: String, kind: CheckpointKind) -> Bool {
        CheckpointFailureReason.counts(reason, for: kind)
    }

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
        if checkFailureCounter(checkpoint: p.id, kind: p.kind, reason: reason) {
            failover(failedTask: nil, cause: nil, reason: "tolerable-failures-exceeded")
            return
        }
        if p.isFinal && coordinator.endOfInput { requestFinalCheckpoint() }
        if startQueued { startQueuedRequests() }
    }

    /// CheckpointFailureManager.checkFailureAgainstCounter: a counted failure of an id newer than the
    /// last success counts once; true when the count exceeds the limit (the counter then resets).
    func checkFailureCounter(checkpoint id: Int, kind: CheckpointKind, reason: String) -> Bool {
        guard Simulator.countsAsFailure(reason: reason, kind: kind), id > coordinator.lastSuccessfulId,
              coordinator.countedFailures.insert(id).inserted else { return false }
        coordinator.failureCount += 1
        guard coordinator.failureCount > config.tolerableFailures else { return false }
        coordinator.failureCount = 0
        coordinator.countedFailures = []
        return true
    }

    /// CheckpointFailureManager.handleCheckpointSuccess: a newer success resets the counter.
    func checkpointSucceeded(_ id: Int) {
        guard id > coordinator.lastSuccessfulId else { return }
        coordinator.lastSuccessfulId = id
        coordinator.failureCount = 0
        coordinator.countedFailures = []
    }

    /// CheckpointCanceller: a checkpoint not completed within `timeout` expires.
    func checkpointTimedOut(_ id: Int) {
        guard let i = coordinator.pendingIndex(id) else { return }
        abortPendingCheckpoint(at: i, reason: "CHECKPOINT_EXPIRED")
    }
}
