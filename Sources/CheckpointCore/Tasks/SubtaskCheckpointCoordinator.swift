// Mirrors Flink 2.3's SubtaskCheckpointCoordinator
// (flink-streaming-java/src/main/java/org/apache/flink/streaming/runtime/tasks/SubtaskCheckpointCoordinatorImpl.java)
// and its AsyncCheckpointRunnable (same folder): a task's checkpoint point (the synchronous
// phase), its asynchronous phase, and the ack or decline it sends (CheckpointResponder).
import CheckpointTrace

extension Simulator {
    /// SubtaskCheckpointCoordinatorImpl#checkpointState, in Flink's order: forward the barrier on every output (unaligned: at the
    /// head, overtaking records, which become output channel state), take the synchronous snapshot,
    /// start the asynchronous phase. A checkpoint already aborted by notification forwards a cancel
    /// marker instead and takes no snapshot.
    func checkpointState(_ id: Int, kind: CheckpointKind, task t: Int, unaligned: Bool, waitingForBarriers: Bool = false) {
        let task = tasks[t]
        if !task.abortedIds.isEmpty, task.abortedIds.remove(id) != nil {
            if task.alignment?.checkpoint == id { task.alignment!.checkpointTaken = false }
            // Not a decline (the coordinator already aborted it): the task just skips it.
            emit(.checkpointSkippedAsAborted(checkpoint: id, task: t))
            broadcastCancelMarker(id, from: t)
            return
        }
        // Fields, not a copy of the task: a copy retains its id and lists.
        let (kindOfTask, delivery) = (graph.tasks[t].kind, graph.tasks[t].delivery)
        if kindOfTask == .source {
            emit(.barrierInjected(checkpoint: id, task: t))
            if coordinator.stopping, coordinator.pending.contains(where: { $0.id == id && $0.isStop }) {
                task.stopped = true
                noteSourceOffsets()
            }
        }
        var outputState: [Int: [String]] = [:]
        for c in graph.tasks[t].outputs {
            let to = graph.channels[c].to
            // Unaligned: the barrier goes ahead of the records in the channel, which it notes as `overtook`.
            var overtook = -1
            if unaligned {
                let overtaken = network.queue(c).elements.compactMap { item -> String? in if case .record(let r) = item { return r }; return nil }
                if !overtaken.isEmpty { outputState[c] = overtaken }
                network.enqueueAheadOfRecords(.barrier(checkpoint: id, kind: kind), on: c)
                overtook = overtaken.count
            } else {
                network.enqueue(.barrier(checkpoint: id, kind: kind), on: c)
            }
            emit(.barrierSent(checkpoint: id, task: t, to: to, channel: c, overtook: overtook))
        }
        if kindOfTask == .sink && delivery == .transactional { preCommit(id, task: t) }
        let captured = task.capturedState(kind: kindOfTask, delivery: delivery)
        emit(.snapshotStarted(checkpoint: id, task: t, payload: captured.payload))
        let armed = task.armedFailures.isEmpty ? nil : task.armedFailures.firstIndex { $0.checkpoint == id }
        let phase = armed.map { task.armedFailures.remove(at: $0).phase }
        if phase == .sync {
            emit(.snapshotFailed(checkpoint: id, task: t, phase: .sync))
            failover(failedTask: t, cause: "sync-snapshot-failure", reason: .taskFailure)
            return
        }
        var inProgress = SnapshotInProgress(checkpoint: id, captured: captured)
        if !outputState.isEmpty { inProgress.outputChannelState = outputState }
        inProgress.waitingForBarriers = waitingForBarriers
        inProgress.failAsync = phase == .async
        inProgress.unaligned = unaligned
        task.inProgress.append(inProgress)
        // A task's asynchronous phases run one after another, in checkpoint order: Flink 2.3's
        // StreamTask runs them on a ThreadPoolExecutor with no core thread and an unbounded queue,
        // which never starts a second thread (seen on a real run: flink/cases.py concurrent-subsumed).
        let start = max(now, task.asyncFreeAt)
        var length = environment.within(config.asyncRange)
        if !task.armedSlowPhases.isEmpty, let s = task.armedSlowPhases.firstIndex(where: { $0.checkpoint == id }) {
            length = task.armedSlowPhases.remove(at: s).ms
        }
        let end = start + length
        task.asyncFreeAt = end
        timers.schedule(.asyncPhaseEnd(task: t, checkpoint: id, attempt: attempt), at: end)
    }

    /// AsyncCheckpointRunnable#run: the asynchronous phase ended: a failed upload declines
    /// (#handleExecutionException); otherwise the snapshot completes,
    /// unless an unaligned snapshot still waits for barriers.
    func asyncPhaseEnded(task t: Int, checkpoint id: Int, attempt a: Int) {
        guard a == attempt, let i = tasks[t].inProgressIndex(id) else { return }
        if tasks[t].inProgress[i].failAsync {
            tasks[t].inProgress.remove(at: i)
            emit(.snapshotFailed(checkpoint: id, task: t, phase: .async))
            declineCheckpoint(id, task: t, reason: .checkpointAsyncException)
            return
        }
        tasks[t].inProgress[i].asyncDone = true
        if !tasks[t].inProgress[i].waitingForBarriers { completeSnapshot(at: i, task: t) }
    }

    /// SubtaskCheckpointCoordinatorImpl#finishAndReportAsync (unaligned): the last barrier
    /// arrived, so the input channel state is complete; the snapshot completes if its upload is done.
    func allBarriersReceived(_ id: Int, task t: Int) {
        guard let i = tasks[t].inProgressIndex(id) else { return }
        tasks[t].inProgress[i].waitingForBarriers = false
        if tasks[t].inProgress[i].asyncDone { completeSnapshot(at: i, task: t) }
    }

    /// AsyncCheckpointRunnable#reportCompletedSnapshotStates → CheckpointResponder#acknowledgeCheckpoint:
    /// snapshot-completed and the ack, with the state (and channel state) to the coordinator.
    func completeSnapshot(at i: Int, task t: Int) {
        let done = tasks[t].inProgress.remove(at: i)
        let snapshot = done.snapshot
        if done.unaligned {
            let payload = CompactEvent.SnapshotPayload(source: snapshot.state, bytes: snapshot.bytes, channelState: channelStateJSON(snapshot))
            emit(.snapshotCompleted(checkpoint: done.checkpoint, task: t, payload: payload))
        } else {
            // No channel state: the size is the state's, and the payload the state's own.
            emit(.snapshotCompleted(checkpoint: done.checkpoint, task: t, payload: done.captured.completedPayload))
        }
        let c = graph.tasks[t].rpcOut
        emit(.ackSent(checkpoint: done.checkpoint, task: t, channel: c, attempt: attempt))
        sendToCoordinator(.ack(checkpoint: done.checkpoint, attempt: attempt, snapshot: snapshot), on: c)
    }

    /// The channel state as `snapshot-completed` shows it (DESIGN.md §3).
    func channelStateJSON(_ s: TaskSnapshot) -> JSONValue {
        func part(_ m: [Int: [String]]) -> JSONValue {
            .object(JSONObject(m.keys.sorted().map { JSONObject.Entry(channelName($0), .array(m[$0]!.map { .string($0) })) }))
        }
        return .object(JSONObject(["input": part(s.inputChannelState), "output": part(s.outputChannelState)]))
    }

    /// CheckpointResponder#declineCheckpoint: the task declines checkpoint `id` to the coordinator.
    func declineCheckpoint(_ id: Int, task t: Int, reason: CheckpointFailureReason) {
        let c = graph.tasks[t].rpcOut
        emit(.declineSent(checkpoint: id, task: t, channel: c, reason: reason, attempt: attempt))
        sendToCoordinator(.decline(checkpoint: id, attempt: attempt, reason: reason), on: c)
    }

    /// RpcCheckpointResponder → JobMaster: a task's ack or decline on its way to the coordinator. The JobManager hands these to its IO
    /// thread pool (Flink 2.3's SchedulerBase.acknowledgeCheckpoint → ExecutionGraphHandler), so two
    /// that wait at the same time may be handled in either order; the environment picks (seen on a
    /// real run: flink/cases.py concurrent-io-order, where a task's ack of checkpoint 8 was handled
    /// before its ack of checkpoint 7, and 8 subsumed 7). Only then is a draw made.
    func sendToCoordinator(_ item: ChannelItem, on c: Int) {
        let first = network.hasQueued(c) && environment.below(2) == 0
        network.enqueue(item, on: c, aheadOfLast: first)
    }

    /// `barrier-cancelled`'s reason when a task skips a checkpoint it was told was aborted
    /// (SubtaskCheckpointCoordinatorImpl#checkAndClearAbortedStatus): not a failure reason, no decline.
    static let notifiedAborted = "notified-aborted"
}
