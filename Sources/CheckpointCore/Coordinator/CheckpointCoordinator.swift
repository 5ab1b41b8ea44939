import CheckpointTrace

/// Acks, declines and completion (CheckpointCoordinator.receiveAcknowledgeMessage,
/// receiveDeclineMessage, completePendingCheckpoint).
extension Simulator {
    func coordinatorReceive(_ item: ChannelItem, from t: Int, channel c: Int) {
        switch item {
        case .ack(let id, let a, let snapshot): receiveAcknowledgeMessage(id, attempt: a, snapshot: snapshot, from: t, channel: c)
        case .decline(let id, let a, let reason): receiveDeclineMessage(id, attempt: a, reason: reason, from: t, channel: c)
        default: break
        }
    }

    /// Why a message about checkpoint `id` from attempt `a` changes nothing, or nil if it counts:
    /// `stale-attempt`, `unknown` or `late`, the first that applies.
    func ignoreReason(checkpoint id: Int, attempt a: Int) -> String? {
        if a < attempt && mutant != .staleAck { return "stale-attempt" }
        if coordinator.pendingIndex(id) != nil { return nil }
        return coordinator.endedIds.contains(id) ? "late" : "unknown"
    }

    /// A checkpoint completes when the last required ack arrives.
    func receiveAcknowledgeMessage(_ id: Int, attempt a: Int, snapshot: TaskSnapshot, from t: Int, channel c: Int) {
        if let why = ignoreReason(checkpoint: id, attempt: a) {
            record(CompactEvent(run: .ackIgnored, checkpoint: id, task: t, channel: c, attempt: a, reason: why))
            return
        }
        let p = coordinator.pendingIndex(id)!
        record(CompactEvent(type: .ackReceived, checkpoint: id, task: t, byCoordinator: true, channel: c, attempt: a))
        coordinator.pending[p].acknowledge(t)
        coordinator.pending[p].snapshots[t] = snapshot
        coordinator.pending[p].bytes += snapshot.bytes
        let missing = coordinator.pending[p].missingAcks
        if missing == 0 || (mutant == .earlyComplete && missing == 1) {
            completePendingCheckpoint(at: p)
        }
    }

    /// A decline aborts the pending checkpoint with the task's reason.
    func receiveDeclineMessage(_ id: Int, attempt a: Int, reason: String, from t: Int, channel c: Int) {
        if let why = ignoreReason(checkpoint: id, attempt: a) {
            record(TraceEvent(type: .declineIgnored, actor: "coordinator", checkpoint: id, task: taskName(t), channel: channelName(c), reason: why, attempt: a,
                              extra: JSONObject("decline-reason", .string(reason))))
            return
        }
        record(TraceEvent(type: .declineReceived, actor: "coordinator", checkpoint: id, task: taskName(t), channel: channelName(c), reason: reason, attempt: a))
        abortPendingCheckpoint(at: coordinator.pendingIndex(id)!, reason: reason)
    }

    /// completePendingCheckpoint: store (a checkpoint, not a savepoint), discard beyond `retained`,
    /// subsume older pending checkpoints, reset the failure counter, notify every task, then let a
    /// queued request start.
    func completePendingCheckpoint(at index: Int) {
        let p = coordinator.pending.remove(at: index)
        coordinator.endedIds.insert(p.id)
        timers.cancel { $0 == .checkpointTimeout(checkpoint: p.id) }
        record(TraceEvent(type: .checkpointCompleted, actor: "coordinator", checkpoint: p.id, kind: p.kind, isFinal: p.isFinal, bytes: p.bytes,
                          extra: JSONObject("duration", .int(now - p.triggerTime))))
        if p.kind == .checkpoint {
            if let dropped = coordinator.store.add(CompletedCheckpoint(id: p.id, snapshots: p.snapshots, time: now)) {
                record(TraceEvent(type: .checkpointDiscarded, actor: "coordinator", checkpoint: dropped.id))
            }
            dropSubsumedCheckpoints(olderThan: p.id)
        }
        checkpointSucceeded(p.id)
        coordinator.lastCompletionTime = now
        if p.kind == .checkpoint || p.isStop {
            for t in tasks.indices {
                let c = graph.tasks[t].rpcIn
                record(CompactEvent(type: .notifyCompleteSent, checkpoint: p.id, task: t, byCoordinator: true, peer: t, channel: c))
                network.enqueue(.notifyComplete(checkpoint: p.id), on: c)
            }
        }
        if p.isFinal || p.isStop {
            coordinator.finalCompletedId = p.id
            coordinator.finalNotified.removeAll()
        }
        startQueuedRequests()
    }

    /// Every pending checkpoint with a smaller id that is not a savepoint is aborted as subsumed.
    func dropSubsumedCheckpoints(olderThan id: Int) {
        while let i = coordinator.pending.firstIndex(where: { CheckpointSubsumption.subsumes(completed: id, completedKind: .checkpoint, pending: $0.id, pendingKind: $0.kind) }) {
            abortPendingCheckpoint(at: i, reason: "CHECKPOINT_SUBSUMED", startQueued: false)
        }
    }
}
