// Mirrors Flink 2.3's CheckpointCoordinator
// (flink-runtime/src/main/java/org/apache/flink/runtime/checkpoint/CheckpointCoordinator.java):
// the periodic scheduler, starting a checkpoint, acks, declines, completion, subsumption, aborts
// and the timeout (its CheckpointCanceller). Which request may start is CheckpointRequestDecider.swift,
// the failure counter CheckpointFailureManager.swift, failover and restore JobFailover.swift.
// The rules are methods of `Simulator`, which owns the coordinator's state, the tasks and the clock.
import CheckpointTrace

extension Simulator {
    // MARK: - The periodic scheduler

    /// CheckpointCoordinator#startCheckpointScheduler: the first periodic trigger (also after a
    /// restart) comes after a delay between min-pause and the interval (#scheduleTriggerWithDelay).
    func startPeriodicScheduler() {
        guard config.interval > 0, !coordinator.endOfInput else { return }
        coordinator.periodicRunning = true
        let delay = environment.within(min(config.minPause, config.interval)...config.interval)
        timers.schedule(.periodicTrigger, at: now + delay)
    }

    /// CheckpointCoordinator#stopCheckpointScheduler: no more periodic triggers.
    func stopPeriodicScheduler() {
        coordinator.periodicRunning = false
        timers.cancel { $0 == .periodicTrigger }
    }

    /// CheckpointCoordinator.ScheduledTrigger#run: request a periodic checkpoint and keep the fixed rate.
    func periodicTriggerFired() {
        guard coordinator.periodicRunning else { return }
        timers.schedule(.periodicTrigger, at: now + config.interval)
        requestCheckpoint(kind: .checkpoint, periodic: true, final: false)
    }

    /// CheckpointCoordinator#rescheduleTrigger: the next periodic trigger comes when the pause ends.
    func rescheduleTrigger(at due: Int) {
        guard coordinator.periodicRunning else { return }
        timers.cancel { $0 == .periodicTrigger }
        timers.schedule(.periodicTrigger, at: due)
    }

    /// CheckpointCoordinator#triggerCheckpoint / #triggerSavepoint: scripted `trigger:`, a manual request.
    public func triggerManually(_ kind: CheckpointKind) {
        requestCheckpoint(kind: kind, periodic: false, final: false)
    }

    // MARK: - Starting a checkpoint

    /// CheckpointCoordinator#startTriggeringCheckpoint: take the next id (CheckpointIDCounter),
    /// create the pending checkpoint, arm its timeout, send the trigger RPC to every source task
    /// (triggerCheckpointRequest → Execution#triggerCheckpoint).
    func startCheckpoint(_ request: TriggerRequest) {
        let id = coordinator.nextId
        coordinator.nextId += 1
        coordinator.pending.append(PendingCheckpoint(
            id: id, kind: request.kind, isFinal: request.isFinal, isPeriodic: request.isPeriodic,
            triggerTime: now, tasks: tasks.count))
        if request.isStop {
            coordinator.pending[coordinator.pending.count - 1].isStop = true
            emit(.stopSavepointTriggered(checkpoint: id))
        } else {
            emit(.checkpointTriggered(checkpoint: id, kind: request.kind, isFinal: request.isFinal, periodic: request.isPeriodic))
        }
        if deviations.checkpointsExpire {
            timers.schedule(.checkpointTimeout(checkpoint: id), at: now + config.timeout)
        }
        for s in graph.sourceTasks {
            let c = graph.tasks[s].rpcIn
            emit(.triggerSent(checkpoint: id, source: s, channel: c))
            network.enqueue(.trigger(checkpoint: id, kind: request.kind), on: c)
        }
    }

    /// CheckpointCoordinator#triggerSynchronousSavepoint, as SchedulerBase#stopWithSavepoint calls
    /// it (without drain): stop the periodic scheduler, which aborts what is pending and drops what
    /// is queued (stopCheckpointScheduler, CHECKPOINT_COORDINATOR_SUSPEND), then trigger the
    /// synchronous savepoint. Sources stop emitting once they took it; when it completes, every
    /// task is notified (a synchronous savepoint commits side effects) and finishes. If it fails,
    /// the scheduler starts again and the job goes on.
    public func stopWithSavepoint() {
        guard !coordinator.jobFinished, !coordinator.stopping else { return }
        stopPeriodicScheduler()
        while !coordinator.pending.isEmpty {
            abortPendingCheckpoint(at: 0, reason: .checkpointCoordinatorSuspend, startQueued: false)
        }
        for request in coordinator.queue.removeAll(where: { _ in true }) {
            recordSkipped(request, reason: .checkpointCoordinatorSuspend)
        }
        coordinator.stopping = true
        requestCheckpoint(kind: .savepoint, periodic: false, final: false, stop: true)
    }

    /// StopWithSavepointTerminationHandlerImpl#handleSavepointCreationFailure: the stop's savepoint
    /// failed, the job goes on.
    func stopWithSavepointFailed() {
        coordinator.stopping = false
        for s in graph.sourceTasks { tasks[s].stopped = false }
        noteSourceOffsets()
        startPeriodicScheduler()
    }

    // MARK: - Acks and declines

    /// An RPC from a task reached the coordinator (JobMaster#acknowledgeCheckpoint, #declineCheckpoint).
    func coordinatorReceive(_ item: ChannelItem, from t: Int, channel c: Int) {
        switch item {
        case .ack(let id, let a, let snapshot): receiveAcknowledgeMessage(id, attempt: a, snapshot: snapshot, from: t, channel: c)
        case .decline(let id, let a, let reason): receiveDeclineMessage(id, attempt: a, reason: reason, from: t, channel: c)
        default: break
        }
    }

    /// CheckpointCoordinator#receiveAcknowledgeMessage's checks: why a message about checkpoint
    /// `id` from attempt `a` changes nothing (`stale-attempt`, `unknown` or `late`, the first that
    /// applies), or nil if it counts.
    func ignoreReason(checkpoint id: Int, attempt a: Int) -> String? {
        if a < attempt && deviations.ignoresEarlierAttempts { return "stale-attempt" }
        if coordinator.pendingIndex(id) != nil { return nil }
        return coordinator.endedIds.contains(id) ? "late" : "unknown"
    }

    /// CheckpointCoordinator#receiveAcknowledgeMessage (PendingCheckpoint#acknowledgeTask): a
    /// checkpoint completes when the last required ack arrives.
    func receiveAcknowledgeMessage(_ id: Int, attempt a: Int, snapshot: TaskSnapshot, from t: Int, channel c: Int) {
        if let why = ignoreReason(checkpoint: id, attempt: a) {
            emit(.ackIgnored(checkpoint: id, from: t, channel: c, attempt: a, why: why))
            return
        }
        let p = coordinator.pendingIndex(id)!
        emit(.ackReceived(checkpoint: id, from: t, channel: c, attempt: a))
        coordinator.pending[p].acknowledge(t, snapshot: snapshot)
        if coordinator.pending[p].missingAcks <= deviations.acksShortOfComplete {
            completePendingCheckpoint(at: p)
        }
    }

    /// CheckpointCoordinator#receiveDeclineMessage: a decline aborts the pending checkpoint with
    /// the task's reason.
    func receiveDeclineMessage(_ id: Int, attempt a: Int, reason: CheckpointFailureReason, from t: Int, channel c: Int) {
        if let why = ignoreReason(checkpoint: id, attempt: a) {
            emit(.declineIgnored(checkpoint: id, from: t, channel: c, attempt: a, why: why, reason: reason))
            return
        }
        emit(.declineReceived(checkpoint: id, from: t, channel: c, reason: reason, attempt: a))
        abortPendingCheckpoint(at: coordinator.pendingIndex(id)!, reason: reason)
    }

    // MARK: - Completion

    /// CheckpointCoordinator#completePendingCheckpoint: store a checkpoint (not a savepoint),
    /// discard beyond `retained`, subsume older pending checkpoints, reset the failure counter,
    /// notify every task, then let a queued request start.
    func completePendingCheckpoint(at index: Int) {
        let p = coordinator.pending.remove(at: index)
        coordinator.endedIds.insert(p.id)
        timers.cancel { $0 == .checkpointTimeout(checkpoint: p.id) }
        emit(.checkpointCompleted(checkpoint: p.id, kind: p.kind, isFinal: p.isFinal, bytes: p.bytes, duration: now - p.triggerTime))
        if p.kind == .checkpoint {
            addToStore(p)
            dropSubsumedCheckpoints(olderThan: p.id)
        }
        checkpointSucceeded(p.id)
        coordinator.lastCompletionTime = now
        if p.kind == .checkpoint || p.isStop { sendAcknowledgeMessages(p.id) }
        if p.isFinal || p.isStop {
            coordinator.finalCompletedId = p.id
            coordinator.finalNotified.removeAll()
        }
        startQueuedRequests()
        if coordinator.endOfInput { requestFinalCheckpoint() }  // a no-op unless a full queue refused it
    }

    /// CheckpointCoordinator#addCompletedCheckpointToStoreAndSubsumeOldest: the store keeps the
    /// newest `retained`; the one it drops is discarded.
    func addToStore(_ p: PendingCheckpoint) {
        if let dropped = coordinator.store.add(CompletedCheckpoint(id: p.id, snapshots: p.snapshots, time: now)) {
            emit(.checkpointDiscarded(checkpoint: dropped.id))
        }
    }

    /// CheckpointCoordinator#dropSubsumedCheckpoints: every pending checkpoint with a smaller id
    /// that is not a savepoint is aborted as subsumed (PendingCheckpoint#canBeSubsumed).
    func dropSubsumedCheckpoints(olderThan id: Int) {
        while let i = coordinator.pending.firstIndex(where: { CheckpointSubsumption.subsumes(completed: id, completedKind: .checkpoint, pending: $0.id, pendingKind: $0.kind) }) {
            abortPendingCheckpoint(at: i, reason: .checkpointSubsumed, startQueued: false)
        }
    }

    /// CheckpointCoordinator#sendAcknowledgeMessages: notify-complete to every task.
    func sendAcknowledgeMessages(_ id: Int) {
        for t in tasks.indices {
            let c = graph.tasks[t].rpcIn
            emit(.notifyCompleteSent(checkpoint: id, task: t, channel: c))
            network.enqueue(.notifyComplete(checkpoint: id), on: c)
        }
    }

    // MARK: - Aborts and the timeout

    /// CheckpointCoordinator#abortPendingCheckpoint: record the abort, notify every task (with the
    /// latest stored id), count the failure, and fail the job over when the count exceeds the limit.
    func abortPendingCheckpoint(at index: Int, reason: CheckpointFailureReason, startQueued: Bool = true) {
        let p = coordinator.pending.remove(at: index)
        coordinator.endedIds.insert(p.id)
        timers.cancel { $0 == .checkpointTimeout(checkpoint: p.id) }
        emit(.checkpointAborted(checkpoint: p.id, kind: p.kind, reason: reason))
        sendAbortedMessages(p.id)
        if p.isFinal { coordinator.finalRequested = false }
        if p.isStop { stopWithSavepointFailed() }
        if checkFailureCounter(checkpoint: p.id, kind: p.kind, reason: reason) {
            failover(failedTask: nil, cause: nil, reason: .tolerableFailuresExceeded)
            return
        }
        if p.isFinal && coordinator.endOfInput { requestFinalCheckpoint() }
        if startQueued { startQueuedRequests() }
    }

    /// CheckpointCoordinator#sendAbortedMessages: notify-aborted to every task, with the id of the
    /// latest completed checkpoint (StreamTask#notifyCheckpointAbortAsync's lastCompletedCheckpointId).
    func sendAbortedMessages(_ id: Int) {
        let latest = coordinator.latestStored
        for t in tasks.indices {
            let c = graph.tasks[t].rpcIn
            emit(.notifyAbortedSent(checkpoint: id, task: t, channel: c, latest: latest))
            network.enqueue(.notifyAborted(checkpoint: id, latest: latest), on: c)
        }
    }

    /// CheckpointCoordinator.CheckpointCanceller#run: a checkpoint not completed within `timeout` expires.
    func checkpointTimedOut(_ id: Int) {
        guard let i = coordinator.pendingIndex(id) else { return }
        abortPendingCheckpoint(at: i, reason: .checkpointExpired)
    }
}
