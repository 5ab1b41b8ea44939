import CheckpointTrace

/// A Flink job's tasks and channels, from the JSON of `GET /jobs/:id`: one operator per job
/// vertex (named as Flink names it), one task `NAME[i]` per subtask, and the data channels of its
/// plan's edges (FORWARD: subtask to the same subtask; any other ship strategy: all to all).
public struct FlinkJobGraph: Sendable {
    /// Job vertex id → name.
    public var names: [String: String]
    public var topology: Topology
    public var jobID: String?
    public var jobName: String?
    public var state: String?

    public static func read(jobJSON bytes: [UInt8], file: String) throws(ImportError) -> FlinkJobGraph {
        let root = try FlinkJSON.parse(bytes, file: file)
        guard let vertices = root["vertices"]?.arrayValue else {
            throw ImportError(line: 1, message: "not the JSON of Flink's /jobs/:jobid (expected 'vertices')")
        }
        var names: [String: String] = [:]
        var parallelism: [String: Int] = [:]
        var order: [String] = []
        for v in vertices {
            guard let id = v["id"]?.stringValue, let name = v["name"]?.stringValue else { continue }
            let p = v["parallelism"]?.intValue ?? 1
            guard p >= 1 && p <= 100_000 else {
                throw ImportError(line: 1, message: "vertex \(id) has parallelism \(p); expected 1 to 100,000")
            }
            names[id] = name
            parallelism[id] = p
            order.append(id)
        }
        // The plan's edges: node id → its inputs (input vertex id, ship strategy).
        var inputs: [String: [(String, String)]] = [:]
        for node in root["plan"]?["nodes"]?.arrayValue ?? [] {
            guard let id = node["id"]?.stringValue else { continue }
            inputs[id] = (node["inputs"]?.arrayValue ?? []).compactMap { i in
                i["id"]?.stringValue.map { ($0, i["ship_strategy"]?.stringValue ?? "?") }
            }
        }
        var operators: [Topology.Operator] = []
        var tasks: [Topology.Task] = []
        var channels: [Topology.Channel] = []
        for id in order {
            let name = names[id]!
            let kind = FlinkJobGraph.kind(of: name, hasInputs: !(inputs[id] ?? []).isEmpty)
            let ins = (inputs[id] ?? []).compactMap { names[$0.0] }
            operators.append(Topology.Operator(name: name, kind: kind, parallelism: parallelism[id]!, inputs: ins,
                                               delivery: kind == "sink" ? "plain" : nil))
            for i in 0..<parallelism[id]! {
                tasks.append(Topology.Task(id: "\(name)[\(i)]", operator: name, kind: kind, subtask: i))
            }
        }
        for id in order {
            for (from, strategy) in inputs[id] ?? [] {
                guard let fromName = names[from], let fromP = parallelism[from], let toP = parallelism[id] else { continue }
                let partition = FlinkJobGraph.partition(strategy)
                for a in 0..<fromP {
                    for b in 0..<toP where partition != "forward" || a == b {
                        let f = "\(fromName)[\(a)]", t = "\(names[id]!)[\(b)]"
                        channels.append(Topology.Channel(id: Topology.channelID(from: f, to: t), from: f, to: t, partition: partition))
                    }
                }
            }
        }
        return FlinkJobGraph(names: names, topology: Topology(operators: operators, tasks: tasks, channels: channels),
                             jobID: root["jid"]?.stringValue, jobName: root["name"]?.stringValue, state: root["state"]?.stringValue)
    }

    /// The task of subtask `index` of job vertex `vertex` (the vertex id when its name is unknown).
    public func task(vertex: String, subtask index: Int) -> String { "\(names[vertex] ?? vertex)[\(index)]" }

    /// Flink names sources `Source: NAME` and a sink's writer `NAME: Writer`.
    static func kind(of name: String, hasInputs: Bool) -> String {
        if !hasInputs || name.hasPrefix("Source: ") { return "source" }
        if name.hasPrefix("Sink: ") || name.hasSuffix(": Writer") || name.hasSuffix(": Committer") { return "sink" }
        return "operator"
    }

    static func partition(_ strategy: String) -> String {
        switch strategy.uppercased() {
        case "FORWARD": return "forward"
        case "HASH": return "hash"
        case "REBALANCE": return "rebalance"
        default: return strategy.lowercased()
        }
    }
}
