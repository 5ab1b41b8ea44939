import CheckpointTrace

/// What the checker knows of the job from the trace header, with tasks and channels as indices of
/// the checker's `NameIndex`.
struct JobFacts {
    var mode: String
    var config: CheckpointConfig
    /// Task ids in topology order, and their indices.
    var tasks: [String]
    var taskIndices: [Int] = []
    var exactlyOnce: Bool { mode == "aligned" || mode == "unaligned" }
    /// The header names the checkpointing settings (an imported trace does not: Flink's log and
    /// REST answer do not show them), so the invariants that depend on them can be checked.
    var configKnown: Bool
    /// Data input and output channels per task.
    private var inputs: [[Int]] = []
    private var outputs: [[Int]] = []
    /// Sender and receiver per data channel, in the order of the channels' ids, with the channel's
    /// place among the sender's outputs and the receiver's inputs.
    private(set) var dataChannels: [(channel: Int, from: Int, to: Int, output: Int, input: Int)] = []
    private var keyedCount: [Bool] = []
    private var plainSink: [Bool] = []
    var hasPlainSinks = false
    var hasTransactionalSinks = false

    init(header: TraceHeader, names: inout NameIndex) {
        mode = header.mode ?? "aligned"
        config = header.config ?? CheckpointConfig()
        configKnown = header.config != nil
        let topology = header.topology ?? Topology(operators: [], tasks: [], channels: [])
        tasks = topology.tasks.map(\.id)
        let delivery = Dictionary(topology.operators.map { ($0.name, $0.delivery ?? "plain") }, uniquingKeysWith: { a, _ in a })
        for t in topology.tasks {
            let i = names.task(t.id)
            taskIndices.append(i)
            cover(i)
            if t.kind == "keyed-count" { keyedCount[i] = true }
            if t.kind == "sink" {
                let transactional = delivery[t.operator] == "transactional"
                plainSink[i] = !transactional
                if transactional { hasTransactionalSinks = true } else { hasPlainSinks = true }
            }
        }
        var ends: [String: (channel: Int, from: Int, to: Int, output: Int, input: Int)] = [:]
        for c in topology.channels where !c.isRPC {
            let (i, from, to) = (names.channel(c.id), names.task(c.from), names.task(c.to))
            cover(max(from, to))
            ends[c.id] = (i, from, to, outputs[from].count, inputs[to].count)
            inputs[to].append(i)
            outputs[from].append(i)
        }
        dataChannels = ends.sorted { $0.key < $1.key }.map(\.value)
        dataChannelCount = (dataChannels.map(\.channel).max() ?? -1) + 1
    }

    /// One more than the largest data channel index.
    private(set) var dataChannelCount = 0

    private mutating func cover(_ t: Int) {
        if t >= inputs.count {
            let n = t + 1 - inputs.count
            inputs += repeatElement([], count: n)
            outputs += repeatElement([], count: n)
            keyedCount += repeatElement(false, count: n)
            plainSink += repeatElement(false, count: n)
        }
    }

    func inputs(of t: Int) -> [Int] { t < inputs.count ? inputs[t] : [] }
    func outputs(of t: Int) -> [Int] { t < outputs.count ? outputs[t] : [] }
    func isKeyedCount(_ t: Int) -> Bool { t < keyedCount.count && keyedCount[t] }
    func isPlainSink(_ t: Int) -> Bool { t < plainSink.count && plainSink[t] }
}
