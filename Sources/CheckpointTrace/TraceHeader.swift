/// The first line of a trace: what was run, with which settings, on which topology (DESIGN.md §3).
public struct TraceHeader: Sendable, Hashable {
    public static let schema = "ckpt-trace/1"

    public var scenario: String
    /// The scheduler's seed; nil for an imported trace.
    public var seed: UInt64?
    /// `aligned`, `unaligned` or `at-least-once`.
    public var mode: String?
    public var config: CheckpointConfig?
    public var topology: Topology?
    public var generator: String
    /// For an imported trace: where it came from (`{"from": "flink-log", ...}`).
    public var importInfo: JSONObject?
    /// Header fields this program does not know, kept in order.
    public var extra: JSONObject?

    public init(scenario: String, seed: UInt64?, mode: String?, config: CheckpointConfig?,
                topology: Topology?, generator: String, importInfo: JSONObject? = nil, extra: JSONObject? = nil) {
        self.scenario = scenario; self.seed = seed; self.mode = mode; self.config = config
        self.topology = topology; self.generator = generator; self.importInfo = importInfo; self.extra = extra
    }

    public var jsonObject: JSONObject {
        var o = JSONObject()
        o["type"] = .string("header")
        o["schema"] = .string(TraceHeader.schema)
        o["scenario"] = .string(scenario)
        if let seed { o["seed"] = seed <= UInt64(Int.max) ? .int(Int(seed)) : .string(String(seed)) }
        if let mode { o["mode"] = .string(mode) }
        if let config { o["config"] = .object(config.jsonObject) }
        if let topology { o["topology"] = .object(topology.jsonObject) }
        o["generator"] = .string(generator)
        if let importInfo { o["import"] = .object(importInfo) }
        if let extra { o.entries.append(contentsOf: extra.entries) }
        return o
    }
}

/// The checkpointing settings of a run, as in the scenario's `checkpointing` block (DESIGN.md §4).
public struct CheckpointConfig: Sendable, Hashable {
    public var interval: Int = 0
    public var timeout: Int = 600_000
    public var minPause: Int = 0
    public var maxConcurrent: Int = 1
    public var tolerableFailures: Int = 0
    public var retained: Int = 1
    /// The range of an asynchronous snapshot phase's length in ms (`timing: {async: [MIN, MAX]}`).
    public var asyncRange: ClosedRange<Int> = 1...10

    public init() {}

    public var jsonObject: JSONObject {
        JSONObject([
            "interval": .int(interval), "timeout": .int(timeout), "min-pause": .int(minPause),
            "max-concurrent": .int(maxConcurrent), "tolerable-failures": .int(tolerableFailures),
            "retained": .int(retained),
            "async": .array([.int(asyncRange.lowerBound), .int(asyncRange.upperBound)]),
        ])
    }

    /// Reads the settings back from a header; missing fields keep their defaults.
    public init(json: JSONObject) {
        if let v = json["interval"]?.intValue { interval = v }
        if let v = json["timeout"]?.intValue { timeout = v }
        if let v = json["min-pause"]?.intValue { minPause = v }
        if let v = json["max-concurrent"]?.intValue { maxConcurrent = v }
        if let v = json["tolerable-failures"]?.intValue { tolerableFailures = v }
        if let v = json["retained"]?.intValue { retained = v }
        if let a = json["async"]?.arrayValue, a.count == 2, let lo = a[0].intValue, let hi = a[1].intValue, lo <= hi {
            asyncRange = lo...hi
        }
    }
}

/// The job as the trace header describes it: operators, tasks and channels.
public struct Topology: Sendable, Hashable {
    /// One operator of the job.
    public struct Operator: Sendable, Hashable {
        public var name: String
        public var kind: String
        public var parallelism: Int
        public var inputs: [String]
        /// For sinks: `plain` or `transactional`.
        public var delivery: String?
        public init(name: String, kind: String, parallelism: Int, inputs: [String], delivery: String? = nil) {
            self.name = name; self.kind = kind; self.parallelism = parallelism; self.inputs = inputs; self.delivery = delivery
        }
    }

    /// One subtask: `operator[index]`.
    public struct Task: Sendable, Hashable {
        public var id: String
        public var `operator`: String
        public var kind: String
        public var subtask: Int
        public init(id: String, operator: String, kind: String, subtask: Int) {
            self.id = id; self.operator = `operator`; self.kind = kind; self.subtask = subtask
        }
    }

    /// One FIFO channel: a data channel between tasks, or an RPC channel to or from the coordinator.
    public struct Channel: Sendable, Hashable {
        public var id: String
        public var from: String
        public var to: String
        /// `forward`, `rebalance` or `hash` for data channels; `rpc` for coordinator channels.
        public var partition: String
        public var isRPC: Bool { partition == "rpc" }
        public init(id: String, from: String, to: String, partition: String) {
            self.id = id; self.from = from; self.to = to; self.partition = partition
        }
    }

    public var operators: [Operator]
    public var tasks: [Task]
    public var channels: [Channel]

    public init(operators: [Operator], tasks: [Task], channels: [Channel]) {
        self.operators = operators; self.tasks = tasks; self.channels = channels
    }

    /// The id of the channel from one endpoint to another (`"words[0]->count[1]"`).
    public static func channelID(from: String, to: String) -> String { from + "->" + to }

    public var jsonObject: JSONObject {
        JSONObject([
            "operators": .array(operators.map { op in
                var o = JSONObject([
                    "name": .string(op.name), "kind": .string(op.kind), "parallelism": .int(op.parallelism),
                    "inputs": .array(op.inputs.map { .string($0) }),
                ])
                if let d = op.delivery { o["delivery"] = .string(d) }
                return .object(o)
            }),
            "tasks": .array(tasks.map {
                .object(JSONObject(["id": .string($0.id), "operator": .string($0.operator),
                                    "kind": .string($0.kind), "subtask": .int($0.subtask)]))
            }),
            "channels": .array(channels.map {
                .object(JSONObject(["id": .string($0.id), "from": .string($0.from), "to": .string($0.to),
                                    "partition": .string($0.partition)]))
            }),
        ])
    }

    /// Reads a topology back from a header. Task and channel entries may also be plain id strings.
    public init(json: JSONObject) {
        operators = (json["operators"]?.arrayValue ?? []).compactMap { v in
            guard let o = v.objectValue, let name = o["name"]?.stringValue else { return nil }
            return Operator(name: name, kind: o["kind"]?.stringValue ?? "?", parallelism: o["parallelism"]?.intValue ?? 1,
                            inputs: (o["inputs"]?.arrayValue ?? []).compactMap(\.stringValue),
                            delivery: o["delivery"]?.stringValue)
        }
        tasks = (json["tasks"]?.arrayValue ?? []).compactMap { v in
            if let id = v.stringValue { return Task.parse(id: id) }
            guard let o = v.objectValue, let id = o["id"]?.stringValue else { return nil }
            let parsed = Task.parse(id: id)
            return Task(id: id, operator: o["operator"]?.stringValue ?? parsed.operator,
                        kind: o["kind"]?.stringValue ?? "?", subtask: o["subtask"]?.intValue ?? parsed.subtask)
        }
        channels = (json["channels"]?.arrayValue ?? []).compactMap { v in
            if let id = v.stringValue, let arrow = id.range(of: "->") {
                return Channel(id: id, from: String(id[..<arrow.lowerBound]), to: String(id[arrow.upperBound...]), partition: "?")
            }
            guard let o = v.objectValue, let id = o["id"]?.stringValue else { return nil }
            return Channel(id: id, from: o["from"]?.stringValue ?? "?", to: o["to"]?.stringValue ?? "?",
                           partition: o["partition"]?.stringValue ?? "?")
        }
    }
}

extension Topology.Task {
    /// Splits `name[3]` into operator and subtask; an id without brackets is subtask 0.
    public static func parse(id: String) -> Topology.Task {
        if id.hasSuffix("]"), let open = id.lastIndex(of: "[") {
            let op = String(id[..<open])
            let number = id[id.index(after: open)..<id.index(before: id.endIndex)]
            if let n = Int(number) { return Topology.Task(id: id, operator: op, kind: "?", subtask: n) }
        }
        return Topology.Task(id: id, operator: id, kind: "?", subtask: 0)
    }
}

extension String {
    /// Finds the first occurrence of `needle` (Foundation-free).
    func range(of needle: String) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        var i = startIndex
        while i < endIndex {
            if self[i...].hasPrefix(needle) { return i..<index(i, offsetBy: needle.count) }
            i = index(after: i)
        }
        return nil
    }
}
