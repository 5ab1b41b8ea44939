// Mirrors Flink 2.3's CheckpointBarrierTracker
// (flink-streaming-java/src/main/java/org/apache/flink/streaming/runtime/io/checkpointing/CheckpointBarrierTracker.java):
// at-least-once barrier handling, which counts barriers per checkpoint and never blocks a channel.
import CheckpointTrace

extension Simulator {
    /// CheckpointBarrierTracker#processBarrier: when barrier n has arrived on every input, snapshot n
    /// and silently drop the older checkpoints still being counted.
    func trackerProcessBarrier(_ id: Int, kind: CheckpointKind, task t: Int, channel c: Int) {
        let inputs = graph.tasks[t].inputs
        if inputs.count == 1 {
            guard id > tasks[t].currentCheckpoint else { return }
            tasks[t].currentCheckpoint = id
            checkpointState(id, kind: kind, task: t, unaligned: false)
            return
        }
        guard let input = inputs.firstIndex(of: c) else { return }
        var position = tasks[t].tracked.firstIndex { $0.checkpoint == id }
        if position == nil {
            guard id > tasks[t].currentCheckpoint else { return }
            tasks[t].currentCheckpoint = id
            tasks[t].tracked.append(TrackedCheckpoint(checkpoint: id, kind: kind))
            position = tasks[t].tracked.count - 1
            emit(.alignmentStarted(checkpoint: id, task: t))
        }
        let p = position!
        guard tasks[t].tracked[p].received.insert(input) else { return }
        guard tasks[t].tracked[p].receivedCount == inputs.count else { return }
        tasks[t].tracked.removeFirst(p + 1)
        emit(.alignmentCompleted(checkpoint: id, task: t))
        checkpointState(id, kind: kind, task: t, unaligned: false)
    }

    /// CheckpointBarrierTracker#processCancellationBarrier: a marker ends that checkpoint (and older
    /// ones) at this task: decline it and forward the marker.
    func trackerProcessCancellation(_ id: Int, task t: Int, channel c: Int) {
        if let p = tasks[t].tracked.firstIndex(where: { $0.checkpoint == id }) {
            tasks[t].tracked.removeFirst(p + 1)
            abortCheckpointOnBarrier(id, task: t)
            return
        }
        guard id > tasks[t].currentCheckpoint else { return }
        tasks[t].currentCheckpoint = id
        tasks[t].tracked.removeAll()
        abortCheckpointOnBarrier(id, task: t)
    }
}
