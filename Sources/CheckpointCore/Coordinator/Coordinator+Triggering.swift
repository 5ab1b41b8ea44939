import CheckpointTrace

/// Triggering: the request queue, periodic timer, min-pause and max-concurrent (CheckpointCoordinator,
/// CheckpointRequestDecider).
extension Simulator {
    /// The first periodic trigger (also after a restart) comes after a delay between min-pause and
    /// the interval (CheckpointCoordinator.getRandomInitDelay).
    func startPeriodicScheduler() {
        guard config.interval > 0, !coordinator.endOfInput else { return }
        coordinator.periodicRunning = true
        let delay = environment.within(min(config.minPause, config.interval)...config.interval)
        timers.schedule(.periodicTrigger, at: now + delay)
    }

    func stopPeriodicScheduler() {
        coordinator.periodicRunning = false
        timers.cancel { $0 == .periodicTrigger }
    }

    /// ScheduledTrigger.run: request a periodic checkpoint and keep the fixed rate.
    func periodicTriggerFired() {
        guard coordinator.periodicRunning else { return }
        timers.schedule(.periodicTrigger, at: now + config.interval)
        requestCheckpoint(kind: .checkpoint, periodic: true, final: false)
    }

    /// CheckpointRequestDecider.chooseRequestToExecute(newRequest): queue the request (dropping the
    /// lowest-priority one beyond 1,000), then start what may start.
    public func requestCheckpoint(kind: CheckpointKind, periodic: Bool, final: Bool, stop: Bool = false) {
        guard !coordinator.jobFinished else { return }
        coordinator.requestOrder += 1
        var request = TriggerRequest(kind: kind, isPeriodic: periodic, isFinal: final,
                                     isForced: CheckpointRequestDecider.isForced(kind: kind, unaligned: mode == .unaligned),
                                     time: now, order: coordinator.requestOrder)
        request.isStop = stop
        if coordinator.queue.count >= TriggerRequestQueue.maxQueued, let last = coordinator.queue.last, !last.isPeriodic {
            recordSkipped(request, reason: "TOO_MANY_CHECKPOINT_REQUESTS")
            return
        }
        coordinator.queue.insert(request)
        if coordinator.queue.count > TriggerRequestQueue.maxQueued, let dropped = coordinator.queue.popLast() {
            recordSkipped(dropped, reason: "TOO_MANY_CHECKPOINT_REQUESTS")
        }
        startQueuedRequests()
        if coordinator.queue.contains(order: request.order) {
            record(TraceEvent(type: .triggerQueued, actor: "coordinator", kind: kind, isFinal: final,
                              extra: JSONObject("request", .string(request.requestName))))
        }
    }

    func recordSkipped(_ request: TriggerRequest, reason: String) {
        record(TraceEvent(type: .triggerSkipped, actor: "coordinator", kind: request.kind, isFinal: request.isFinal,
                          reason: reason, extra: JSONObject("request", .string(request.requestName))))
    }

    /// CheckpointCoordinator.executeQueuedRequest: start queued requests while one may start.
    func startQueuedRequests() {
        while !coordinator.jobFinished, let request = chooseRequestToExecute() {
            startCheckpoint(request)
        }
    }

    /// CheckpointRequestDecider.chooseRequestToExecute: the head starts below max-concurrent (a forced
    /// one always); a periodic head inside the min-pause is dropped and the timer rescheduled.
    func chooseRequestToExecute() -> TriggerRequest? {
        guard let first = coordinator.queue.first else { return nil }
        if !CheckpointRequestDecider.mayStart(pending: coordinator.pending.count, maxConcurrent: config.maxConcurrent, forced: first.isForced) {
            return nil
        }
        if CheckpointRequestDecider.tooSoon(periodic: first.isPeriodic, forced: first.isForced, lastCompletion: coordinator.lastCompletionTime,
                                            now: now, minPause: config.minPause), let last = coordinator.lastCompletionTime {
            _ = coordinator.queue.popFirst()
            recordSkipped(first, reason: "MINIMUM_TIME_BETWEEN_CHECKPOINTS")
            rescheduleTrigger(at: last + config.minPause)
            return nil
        }
        return coordinator.queue.popFirst()
    }

    /// CheckpointCoordinator.rescheduleTrigger: the next periodic trigger comes when the pause ends.
    func rescheduleTrigger(at due: Int) {
        guard coordinator.periodicRunning else { return }
        timers.cancel { $0 == .periodicTrigger }
        timers.schedule(.periodicTrigger, at: due)
    }

    /// CheckpointCoordinator.startTriggeringCheckpoint: take the next id, create the pending
    /// checkpoint, arm its timeout, send the trigger RPC to every source task.
    func startCheckpoint(_ request: TriggerRequest) {
        let id = coordinator.nextId
        coordinator.nextId += 1
        coordinator.pending.append(PendingCheckpoint(
            id: id, kind: request.kind, isFinal: request.isFinal, isPeriodic: request.isPeriodic,
            triggerTime: now, tasks: tasks.count))
        if request.isStop {
            coordinator.pending[coordinator.pending.count - 1].isStop = true
            record(TraceEvent(type: .checkpointTriggered, actor: "coordinator", checkpoint: id, kind: .savepoint, isFinal: false,
                              extra: JSONObject(["request": .string("manual"), "stop": .bool(true)])))
        } else {
            record(CompactEvent(triggered: id, kind: request.kind, isFinal: request.isFinal, periodic: request.isPeriodic))
        }
        if mutant != .noTimeout {
            timers.schedule(.checkpointTimeout(checkpoint: id), at: now + config.timeout)
        }
        for s in graph.sourceTasks {
            let c = graph.tasks[s].rpcIn
            record(CompactEvent(type: .triggerSent, checkpoint: id, task: s, byCoordinator: true, peer: s, channel: c))
            network.enqueue(.trigger(checkpoint: id, kind: request.kind), on: c)
        }
    }

    /// Scripted `stop: savepoint` (SchedulerBase.stopWithSavepoint, without drain): stop the
    /// periodic scheduler, which aborts what is pending and drops what is queued
    /// (CheckpointCoordinator.stopCheckpointScheduler, CHECKPOINT_COORDINATOR_SUSPEND), then
    /// trigger the synchronous savepoint. Sources stop emitting once they took it; when it
    /// completes, every task is notified (a synchronous savepoint commits side effects) and
    /// finishes. If it fails, the scheduler starts again and the job goes on.
    public func stopWithSavepoint() {
        guard !coordinator.jobFinished, !coordinator.stopping else { return }
        stopPeriodicScheduler()
        while !coordinator.pending.isEmpty {
            abortPendingCheckpoint(at: 0, reason: CheckpointFailureReason.checkpointCoordinatorSuspend.name, startQueued: false)
        }
        for request in coordinator.queue.removeAll(where: { _ in true }) {
            recordSkipped(request, reason: CheckpointFailureReason.checkpointCoordinatorSuspend.name)
        }
        coordinator.stopping = true
        requestCheckpoint(kind: .savepoint, periodic: false, final: false, stop: true)
    }

    /// The stop-with-savepoint's savepoint failed: the job goes on (StopWithSavepointTerminationHandler).
    func stopWithSavepointFailed() {
        coordinator.stopping = false
        for s in graph.sourceTasks { tasks[s].stopped = false }
        noteSourceOffsets()
        startPeriodicScheduler()
    }

    /// Scripted `trigger: checkpoint | savepoint`: a manual request.
    public func triggerManually(_ kind: CheckpointKind) {
        requestCheckpoint(kind: kind, periodic: false, final: false)
    }
}
