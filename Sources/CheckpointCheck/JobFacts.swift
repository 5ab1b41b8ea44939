import CheckpointTrace

/// What the checker knows of the job from the trace header, with tasks and channels as indices of
/// the checker's `NameIndex`. A class: every rule holds it, and it never changes after it is made,
/// so passing it around costs one reference, not a copy of each of its lists.
final class JobFacts: Sendable {
    let mode: String
    let config: CheckpointConfig
    /// Task ids in topology order, and their indices.
    let tasks: [String]
    let taskIndices: [Int]
    /// Aligned or unaligned mode (exactly-once barriers), and aligned mode alone.
    let exactlyOnce: Bool
    let isAligned: Bool
    /// The header names the checkpointing settings (an imported trace does not: Flink's log and
    /// REST answer do not show them), so the invariants that depend on them can be checked.
    let configKnown: Bool
    /// How far the trace's clock may be off in the timing rules (min-pause, timeout): some
    /// milliseconds for a trace imported from a real Flink's log, none for a simulated one.
    let clockTolerance: Int
    /// Data input and output channels per task.
    private let inputs: [[Int]]
    private let outputs: [[Int]]
    /// Sender and receiver per data channel, in the order of the channels' ids, with the channel's
    /// place among the sender's outputs and the receiver's inputs.
    let dataChannels: [(channel: Int, from: Int, to: Int, output: Int, input: Int)]
    /// One more than the largest data channel index.
    let dataChannelCount: Int
    private let keyedCount: [Bool]
    private let plainSink: [Bool]
    let hasPlainSinks: Bool
    let hasTransactionalSinks: Bool

    init(header: TraceHeader, names: inout NameIndex) {
        mode = header.mode ?? "aligned"
        exactlyOnce = mode == "aligned" || mode == "unaligned"
        isAligned = mode == "aligned"
        config = header.config ?? CheckpointConfig()
        configKnown = header.config != nil
        clockTolerance = header.clockTolerance
        let topology = header.topology ?? Topology(operators: [], tasks: [], channels: [])
        tasks = topology.tasks.map(\.id)
        let delivery = Dictionary(topology.operators.map { ($0.name, $0.delivery ?? "plain") }, uniquingKeysWith: { a, _ in a })
        var inputs: [[Int]] = [], outputs: [[Int]] = [], keyedCount: [Bool] = [], plainSink: [Bool] = []
        func cover(_ t: Int) {
            if t >= inputs.count {
                let n = t + 1 - inputs.count
                inputs += repeatElement([], count: n)
                outputs += repeatElement([], count: n)
                keyedCount += repeatElement(false, count: n)
                plainSink += repeatElement(false, count: n)
            }
        }
        var taskIndices: [Int] = []
        var hasPlainSinks = false, hasTransactionalSinks = false
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
        self.taskIndices = taskIndices
        self.inputs = inputs
        self.outputs = outputs
        self.keyedCount = keyedCount
        self.plainSink = plainSink
        self.hasPlainSinks = hasPlainSinks
        self.hasTransactionalSinks = hasTransactionalSinks
    }

    func inputs(of t: Int) -> [Int] { t < inputs.count ? inputs[t] : [] }
    func outputs(of t: Int) -> [Int] { t < outputs.count ? outputs[t] : [] }
    func isKeyedCount(_ t: Int) -> Bool { t < keyedCount.count && keyedCount[t] }
    func isPlainSink(_ t: Int) -> Bool { t < plainSink.count && plainSink[t] }
}
