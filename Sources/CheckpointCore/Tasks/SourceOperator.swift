// Mirrors Flink 2.3's SourceOperator
// (flink-streaming-java/src/main/java/org/apache/flink/streaming/api/operators/SourceOperator.java):
// a source emits its next record and moves its offset on, as a split reader does; the offset is
// its state (the split's position in the snapshot).
import CheckpointTrace

extension Simulator {
    /// SourceOperator#emitNext: a source emits its next record and moves its offset on (false when
    /// it has emitted all its data, or took a stop-with-savepoint's savepoint).
    @discardableResult
    func sourceEmit(_ t: Int) -> Bool {
        let data = sourceData(t)
        guard tasks[t].offset < data.count, !tasks[t].stopped else { return false }
        let record = data[tasks[t].offset]
        tasks[t].offset += 1
        recordsToEmit -= 1
        if tasks[t].offset == data.count { noteSourceOffsets() }
        emit(.recordEmitted(task: t, offset: tasks[t].offset, record: record))
        send(record, from: t)
        return true
    }
}
