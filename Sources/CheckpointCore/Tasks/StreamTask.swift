// Mirrors Flink 2.3's StreamTask
// (flink-streaming-java/src/main/java/org/apache/flink/streaming/runtime/tasks/StreamTask.java): the
// RPCs a task receives from the coordinator (trigger, notify complete, notify aborted) and the
// end of a finished job's tasks.
import CheckpointTrace

extension Simulator {
    /// Task#triggerCheckpointBarrier / #notifyCheckpointComplete / #notifyCheckpointAborted: an RPC
    /// from the coordinator reached task `t`; a source's trigger is StreamTask#triggerCheckpointAsync,
    /// its checkpoint point at once.
    func taskReceiveRPC(_ item: ChannelItem, task t: Int, channel c: Int) {
        switch item {
        case .trigger(let id, let kind):
            emit(.triggerReceived(checkpoint: id, task: t, channel: c))
            guard id > tasks[t].currentCheckpoint else { return }
            tasks[t].currentCheckpoint = id
            checkpointState(id, kind: kind, task: t, unaligned: isUnaligned(kind))
        case .notifyComplete(let id):
            emit(.notifyCompleteReceived(checkpoint: id, task: t, channel: c))
            notifyCheckpointComplete(id, task: t)
            if coordinator.finalCompletedId == id { finalNotificationReceived(task: t) }
        case .notifyAborted(let id, let latest):
            emit(.notifyAbortedReceived(checkpoint: id, task: t, channel: c, latest: latest))
            if let latest, latest > tasks[t].lastNotifiedComplete { notifyCheckpointComplete(latest, task: t) }
            notifyCheckpointAborted(id, task: t)
        default: break
        }
    }

    /// StreamTask#notifyCheckpointCompleteAsync → SubtaskCheckpointCoordinatorImpl#notifyCheckpointComplete:
    /// the sink commits what was pre-committed up to `id`.
    func notifyCheckpointComplete(_ id: Int, task t: Int) {
        tasks[t].lastNotifiedComplete = max(tasks[t].lastNotifiedComplete, id)
        if graph.tasks[t].kind == .sink && graph.tasks[t].delivery == .transactional { commitUpTo(id, task: t) }
    }

    /// StreamTask#notifyCheckpointAbortAsync → SubtaskCheckpointCoordinatorImpl#notifyCheckpointAborted:
    /// cancel the snapshot in flight, or remember the id so that the
    /// checkpoint point forwards a cancel marker instead of a barrier.
    func notifyCheckpointAborted(_ id: Int, task t: Int) {
        if let i = tasks[t].inProgressIndex(id) {
            tasks[t].inProgress.remove(at: i)
            if tasks[t].alignment?.checkpoint == id { tasks[t].alignment!.checkpointTaken = false }
            return
        }
        let reached = id <= tasks[t].currentCheckpoint && tasks[t].alignment?.checkpoint != id
            && !tasks[t].tracked.contains { $0.checkpoint == id }
        if !reached { tasks[t].abortedIds.insert(id) }
    }

    /// StreamTask#notifyCheckpointCompleteAsync for the final checkpoint (FLIP-147, StreamTask's
    /// finishedOperators path): when every task has it, the job finishes.
    func finalNotificationReceived(task t: Int) {
        coordinator.finalNotified.insert(t)
        guard coordinator.finalNotified.count == tasks.count, !coordinator.jobFinished else { return }
        coordinator.jobFinished = true
        stopPeriodicScheduler()
        emit(.jobFinished(checkpoint: coordinator.finalCompletedId))
    }
}
