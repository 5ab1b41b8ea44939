// Mirrors Flink 2.3's SingleCheckpointBarrierHandler
// (flink-streaming-java/src/main/java/org/apache/flink/streaming/runtime/io/checkpointing/SingleCheckpointBarrierHandler.java)
// and its states (WaitingForFirstBarrier, CollectingBarriers, AlternatingWaitingForFirstBarrierUnaligned,
// AlternatingCollectingBarriersUnaligned, in the same folder): exactly-once barrier handling, aligned and
// unaligned, and the cancellation of a checkpoint at a task.
import CheckpointTrace

extension Simulator {
    /// CheckpointOptions#needsAlignment: whether checkpoint `kind` is taken unaligned at tasks
    /// (savepoints are always aligned).
    func isUnaligned(_ kind: CheckpointKind) -> Bool { mode == .unaligned && kind == .checkpoint }

    /// SingleCheckpointBarrierHandler#processBarrier: a newer barrier starts an alignment (cancelling
    /// an older one), the current one marks its channel, an older one is ignored.
    func processBarrier(_ id: Int, kind: CheckpointKind, task t: Int, channel c: Int) {
        let inputs = graph.tasks[t].inputs
        if inputs.count == 1 {
            guard id > tasks[t].currentCheckpoint else { return }
            tasks[t].currentCheckpoint = id
            checkpointState(id, kind: kind, task: t, unaligned: isUnaligned(kind))
            return
        }
        if let a = tasks[t].alignment {
            if id < a.checkpoint { return }
            if id > a.checkpoint {
                cancelAlignment(task: t, reason: .checkpointDeclinedSubsumed)
                startAlignment(id, kind: kind, task: t)
            }
        } else {
            guard id > tasks[t].currentCheckpoint else { return }
            startAlignment(id, kind: kind, task: t)
        }
        barrierArrived(on: c, task: t)
    }

    /// SingleCheckpointBarrierHandler#markCheckpointAlignedAndTransformState's start
    /// (BarrierHandlerState WaitingForFirstBarrier → CollectingBarriers): the first barrier of a
    /// newer checkpoint begins its alignment.
    func startAlignment(_ id: Int, kind: CheckpointKind, task t: Int) {
        tasks[t].currentCheckpoint = id
        tasks[t].alignment = Alignment(checkpoint: id, kind: kind, unaligned: isUnaligned(kind))
        emit(.alignmentStarted(checkpoint: id, task: t))
    }

    /// BarrierHandlerState#barrierReceived (CollectingBarriers, AlternatingWaitingForFirstBarrierUnaligned,
    /// AlternatingCollectingBarriersUnaligned): barrier `alignment.checkpoint` arrived on channel `c`: block it
    /// (aligned, ChannelState#blockChannel) or take the snapshot at the first barrier (unaligned,
    /// SingleCheckpointBarrierHandler#triggerCheckpoint); when every input has it, the alignment completes.
    func barrierArrived(on c: Int, task t: Int) {
        guard let input = graph.tasks[t].inputs.firstIndex(of: c), tasks[t].alignment?.received.contains(input) == false else { return }
        tasks[t].alignment!.received.insert(input)
        let a = tasks[t].alignment!
        let complete = a.receivedCount == graph.tasks[t].inputs.count
        let attemptBefore = attempt
        if a.unaligned {
            if a.receivedCount == 1 {
                tasks[t].alignment!.checkpointTaken = true
                checkpointState(a.checkpoint, kind: a.kind, task: t, unaligned: true, waitingForBarriers: !complete)
                guard attempt == attemptBefore else { return }  // a synchronous snapshot failure failed the job over
            }
            if complete {
                tasks[t].alignment = nil
                emit(.alignmentCompleted(checkpoint: a.checkpoint, task: t))
                allBarriersReceived(a.checkpoint, task: t)
            }
            return
        }
        if !complete {
            if deviations.blocksAlignedChannels {
                network.setBlocked(c, true)
                emit(.channelBlocked(checkpoint: a.checkpoint, task: t, channel: c))
            }
            return
        }
        tasks[t].alignment = nil
        emit(.alignmentCompleted(checkpoint: a.checkpoint, task: t))
        checkpointState(a.checkpoint, kind: a.kind, task: t, unaligned: false)
        guard attempt == attemptBefore else { return }  // a synchronous snapshot failure failed the job over
        unblockAll(task: t, checkpoint: a.checkpoint)
    }

    /// ChannelState#unblockAllChannels: the task reads every input again.
    func unblockAll(task t: Int, checkpoint id: Int) {
        for c in graph.tasks[t].inputs where network.isBlocked(c) {
            network.setBlocked(c, false)
            emit(.channelUnblocked(checkpoint: id, task: t, channel: c))
        }
    }

    /// SingleCheckpointBarrierHandler#abortInternal: stop aligning, unblock, drop a snapshot already taken (unaligned), decline,
    /// and forward a cancel marker downstream.
    func cancelAlignment(task t: Int, reason: CheckpointFailureReason) {
        guard let a = tasks[t].alignment else { return }
        tasks[t].alignment = nil
        emit(.barrierCancelled(checkpoint: a.checkpoint, task: t, reason: reason))
        unblockAll(task: t, checkpoint: a.checkpoint)
        if let i = tasks[t].inProgressIndex(a.checkpoint) { tasks[t].inProgress.remove(at: i) }
        declineCheckpoint(a.checkpoint, task: t, reason: reason)
        broadcastCancelMarker(a.checkpoint, from: t)
    }

    /// SingleCheckpointBarrierHandler#processCancellationBarrier: a marker for the checkpoint being
    /// aligned, or for a newer one, cancels it at this task.
    func processCancellationBarrier(_ id: Int, task t: Int, channel c: Int) {
        if let a = tasks[t].alignment, a.checkpoint == id {
            cancelAlignment(task: t, reason: .checkpointDeclinedOnCancellationBarrier)
            return
        }
        guard id > tasks[t].currentCheckpoint else { return }
        if tasks[t].alignment != nil { cancelAlignment(task: t, reason: .checkpointDeclinedSubsumed) }
        tasks[t].currentCheckpoint = id
        abortCheckpointOnBarrier(id, task: t)
    }

    /// StreamTask#abortCheckpointOnBarrier → SubtaskCheckpointCoordinatorImpl#abortCheckpointOnBarrier:
    /// decline and forward the cancel marker.
    func abortCheckpointOnBarrier(_ id: Int, task t: Int) {
        let reason = CheckpointFailureReason.checkpointDeclinedOnCancellationBarrier
        emit(.barrierCancelled(checkpoint: id, task: t, reason: reason))
        declineCheckpoint(id, task: t, reason: reason)
        broadcastCancelMarker(id, from: t)
    }

    /// SubtaskCheckpointCoordinatorImpl#abortCheckpointOnBarrier's
    /// operatorChain.broadcastEvent(new CancelCheckpointMarker(id)): the marker on every output.
    func broadcastCancelMarker(_ id: Int, from t: Int) {
        for c in graph.tasks[t].outputs {
            let to = graph.channels[c].to
            emit(.cancelMarkerSent(checkpoint: id, task: t, to: to, channel: c))
            network.enqueue(.cancelMarker(checkpoint: id), on: c)
        }
    }
}
