// Mirrors Flink 2.3's RecordWriter
// (flink-runtime/src/main/java/org/apache/flink/runtime/io/network/api/writer/RecordWriter.java)
// with the edges' ChannelSelector (flink-streaming-java/.../runtime/partitioner/: ForwardPartitioner,
// RebalancePartitioner, KeyGroupStreamPartitioner): where a task's output record goes.
import CheckpointTrace

extension Simulator {
    /// RecordWriter#emit with the edge's ChannelSelector (ForwardPartitioner, RebalancePartitioner,
    /// KeyGroupStreamPartitioner): a record goes to one channel of each downstream operator.
    func send(_ record: String, from t: Int) {
        let groups = graph.tasks[t].outputGroups
        for g in groups.indices {
            let group = groups[g]
            let c: Int
            switch group.partition {
            case .forward: c = group.channels[0]
            case .rebalance:
                c = group.channels[tasks[t].roundRobin[g] % group.channels.count]
                tasks[t].roundRobin[g] += 1
            case .hash:
                let hash = group.keyIsPrefix ? Records.fnv1a(keyOfCountRecord: record) : Records.fnv1a(record)
                c = group.channels[Int(hash % UInt32(group.channels.count))]
            }
            let to = graph.channels[c].to
            emit(.recordSent(task: t, to: to, channel: c, record: record))
            network.enqueue(.record(record), on: c)
            recordsInFlight += 1
        }
    }
}
