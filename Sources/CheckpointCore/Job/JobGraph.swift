import CheckpointTrace

/// Why a job cannot be built: a message and, where known, the operator's position in the file.
public struct JobError: Error, Sendable, Hashable {
    public var message: String
    public var position: SourcePosition?
}

/// The job expanded into tasks and FIFO channels, with integer ids for the simulator's hot path.
public struct JobGraph: Sendable {
    /// One subtask of an operator.
    public struct Task: Sendable {
        public var id: String
        public var operatorIndex: Int
        public var subtask: Int
        public var kind: OperatorKind
        public var delivery: SinkDelivery
        /// Data channels into this task, in job order of their senders.
        public var inputs: [Int]
        /// Output channel groups, one per downstream operator (in job order); a record goes to one
        /// channel of each group, a barrier to all of them.
        public var outputGroups: [OutputGroup]
        /// Every output data channel, in job order of the receivers.
        public var outputs: [Int]
        /// The RPC channels coordinator->task and task->coordinator.
        public var rpcIn: Int
        public var rpcOut: Int
        public var isSource: Bool { kind == .source }
    }

    /// The channels from one task to the subtasks of one downstream operator.
    public struct OutputGroup: Sendable {
        public var partition: Partitioning
        public var channels: [Int]
        /// For hash partitioning: whether records are `key=count` (key before the last `=`).
        public var keyIsPrefix: Bool
    }

    /// One FIFO channel. `from`/`to` are task indices; -1 is the coordinator.
    public struct Channel: Sendable {
        public let id: String
        public let from: Int
        public let to: Int
        public let partition: String
        /// Stored, not compared from `partition` on every delivery.
        public let isRPC: Bool

        public init(id: String, from: Int, to: Int, partition: String) {
            self.id = id; self.from = from; self.to = to; self.partition = partition
            isRPC = partition == "rpc"
        }
    }

    public static let coordinator = -1

    public var operators: [OperatorSpec]
    public var tasks: [Task]
    public var channels: [Channel]
    /// Task index by id.
    public var taskIndex: [String: Int]
    /// Channel index by (from id, to id), ids as in traces ("coordinator" for the coordinator).
    public var channelIndex: [String: Int]
    public var sourceTasks: [Int]

    /// The most tasks a job may have unless raised (`--max-tasks`); a bigger job is refused up front.
    public static let defaultMaxTasks = 5_000
    /// How far `--max-tasks` may raise the limit.
    public static let hardMaxTasks = 1_000_000
    /// Data channels allowed per allowed task (all-to-all partitioning grows as the square).
    public static let channelsPerTask = 200

    /// The hint every limit message ends with.
    static let raiseHint = "raise it with --max-tasks, up to \(hardMaxTasks)"

    /// The job of `operators`, in their order: validated, expanded into tasks, wired with data
    /// channels (job order of sender, receiver) and one RPC channel each way per task.
    public init(operators: [OperatorSpec], maxTasks: Int = JobGraph.defaultMaxTasks) throws(JobError) {
        self.operators = operators
        var byName: [String: Int] = [:]
        var tasks: [Task] = []
        var firstTask: [Int] = []
        for (i, op) in operators.enumerated() {
            try JobGraph.check(op, byName: byName, operators: operators, maxTasks: maxTasks)
            byName[op.name] = i
            firstTask.append(tasks.count)
            for s in 0..<op.parallelism {
                tasks.append(Task(id: "\(op.name)[\(s)]", operatorIndex: i, subtask: s, kind: op.kind, delivery: op.delivery,
                                  inputs: [], outputGroups: [], outputs: [], rpcIn: -1, rpcOut: -1))
            }
            if tasks.count > maxTasks {
                throw JobError(message: "the job has more than \(maxTasks) tasks, the task limit (\(JobGraph.raiseHint))", position: op.position)
            }
        }
        try JobGraph.checkChannelCount(operators, byName: byName, maxTasks: maxTasks)
        var channels: [Channel] = []
        var channelIndex: [String: Int] = [:]
        let pairs = JobGraph.dataChannelPairs(operators, byName: byName, firstTask: firstTask)
        JobGraph.wire(pairs, tasks: &tasks, channels: &channels, channelIndex: &channelIndex)
        JobGraph.addRPCChannels(tasks: &tasks, channels: &channels, channelIndex: &channelIndex)
        self.tasks = tasks
        self.channels = channels
        self.channelIndex = channelIndex
        self.taskIndex = Dictionary(uniqueKeysWithValues: tasks.enumerated().map { ($1.id, $0) })
        self.sourceTasks = tasks.indices.filter { tasks[$0].isSource }
    }

    /// One operator's definition against those above it (`byName`): name, parallelism, inputs,
    /// data, partitioning.
    private static func check(_ op: OperatorSpec, byName: [String: Int], operators: [OperatorSpec], maxTasks: Int) throws(JobError) {
        if byName[op.name] != nil { throw JobError(message: "operator '\(op.name)' is defined twice", position: op.position) }
        if op.name.isEmpty { throw JobError(message: "an operator needs a non-empty name", position: op.position) }
        guard op.parallelism >= 1 else {
            throw JobError(message: "parallelism of '\(op.name)' must be at least 1, found \(op.parallelism)", position: op.position)
        }
        guard op.parallelism <= maxTasks else {
            throw JobError(message: "parallelism \(op.parallelism) of '\(op.name)' is over the task limit of \(maxTasks) (\(JobGraph.raiseHint))", position: op.position)
        }
        if op.kind == .source {
            if !op.inputs.isEmpty { throw JobError(message: "source '\(op.name)' cannot have an input", position: op.position) }
            if op.data.count != op.parallelism {
                throw JobError(message: "source '\(op.name)' has parallelism \(op.parallelism) but data for \(op.data.count) subtask(s): give one list of records per subtask", position: op.position)
            }
            return
        }
        if op.inputs.isEmpty { throw JobError(message: "\(op.kind.rawValue) '\(op.name)' needs an input", position: op.position) }
        if op.kind != .keyedCount && op.inputs.count > 1 {
            throw JobError(message: "only keyed-count takes several inputs; '\(op.name)' is \(op.kind.rawValue)", position: op.position)
        }
        for input in op.inputs {
            guard let j = byName[input] else {
                let known = byName.keys.sorted().joined(separator: ", ")
                throw JobError(message: "input '\(input)' of '\(op.name)' is not an operator defined above it (known: \(known))", position: op.position)
            }
            if operators[j].kind == .sink { throw JobError(message: "sink '\(input)' has no output to feed '\(op.name)'", position: op.position) }
        }
        if op.partition == .forward, let bad = op.inputs.first(where: { operators[byName[$0]!].parallelism != op.parallelism }) {
            throw JobError(message: "forward partitioning needs equal parallelism: '\(bad)' has \(operators[byName[bad]!].parallelism), '\(op.name)' has \(op.parallelism)", position: op.position)
        }
    }

    /// The data channels counted before any is built: all-to-all partitioning grows as the square.
    private static func checkChannelCount(_ operators: [OperatorSpec], byName: [String: Int], maxTasks: Int) throws(JobError) {
        let channelLimit = maxTasks * JobGraph.channelsPerTask
        var channelCount = 0
        for (i, op) in operators.enumerated() where op.kind != .source {
            for input in op.inputs {
                guard let j = byName[input] else { continue }
                let partition = op.partition ?? JobGraph.defaultPartitioning(upstream: operators[j], downstream: op)
                channelCount += partition == .forward ? operators[j].parallelism : operators[j].parallelism * op.parallelism
                if channelCount > channelLimit {
                    throw JobError(message: "the job has more than \(channelLimit) channels (\(JobGraph.channelsPerTask) per allowed task; \(JobGraph.raiseHint))", position: operators[i].position)
                }
            }
        }
    }

    /// A data channel to be: its ends (task indices), partitioning, and the receiving operator.
    private struct ChannelPair {
        var from: Int, to: Int, partition: Partitioning, keyIsPrefix: Bool, downstreamOp: Int
    }

    /// Every (sender, receiver) task pair an edge connects, in job order of (sender, receiver).
    private static func dataChannelPairs(_ operators: [OperatorSpec], byName: [String: Int], firstTask: [Int]) -> [ChannelPair] {
        var pairs: [ChannelPair] = []
        for (i, op) in operators.enumerated() where op.kind != .source {
            for input in op.inputs {
                let j = byName[input]!
                let up = operators[j]
                let partition = op.partition ?? JobGraph.defaultPartitioning(upstream: up, downstream: op)
                for us in 0..<up.parallelism {
                    let receivers: [Int] = partition == .forward ? [us] : Array(0..<op.parallelism)
                    for ds in receivers {
                        pairs.append(ChannelPair(from: firstTask[j] + us, to: firstTask[i] + ds, partition: partition,
                                                 keyIsPrefix: up.kind == .keyedCount, downstreamOp: i))
                    }
                }
            }
        }
        pairs.sort { ($0.from, $0.to) < ($1.from, $1.to) }
        return pairs
    }

    /// The data channels, each an input of its receiver and an output of its sender, in the
    /// sender's output group for the receiving operator.
    private static func wire(_ pairs: [ChannelPair], tasks: inout [Task], channels: inout [Channel], channelIndex: inout [String: Int]) {
        for p in pairs {
            let c = channels.count
            let id = Topology.channelID(from: tasks[p.from].id, to: tasks[p.to].id)
            channels.append(Channel(id: id, from: p.from, to: p.to, partition: p.partition.rawValue))
            channelIndex[id] = c
            tasks[p.to].inputs.append(c)
            tasks[p.from].outputs.append(c)
            if let g = tasks[p.from].outputGroups.firstIndex(where: { tasks[channels[$0.channels[0]].to].operatorIndex == p.downstreamOp }) {
                tasks[p.from].outputGroups[g].channels.append(c)
            } else {
                tasks[p.from].outputGroups.append(OutputGroup(partition: p.partition, channels: [c], keyIsPrefix: p.keyIsPrefix))
            }
        }
    }

    /// One RPC channel from the coordinator to every task, then one from every task back.
    private static func addRPCChannels(tasks: inout [Task], channels: inout [Channel], channelIndex: inout [String: Int]) {
        for t in tasks.indices {
            let id = Topology.channelID(from: "coordinator", to: tasks[t].id)
            tasks[t].rpcIn = channels.count
            channelIndex[id] = channels.count
            channels.append(Channel(id: id, from: JobGraph.coordinator, to: t, partition: "rpc"))
        }
        for t in tasks.indices {
            let id = Topology.channelID(from: tasks[t].id, to: "coordinator")
            tasks[t].rpcOut = channels.count
            channelIndex[id] = channels.count
            channels.append(Channel(id: id, from: t, to: JobGraph.coordinator, partition: "rpc"))
        }
    }

    /// Flink's default: hash into a keyed operator, forward between equal parallelisms, else rebalance.
    public static func defaultPartitioning(upstream: OperatorSpec, downstream: OperatorSpec) -> Partitioning {
        if downstream.kind == .keyedCount { return .hash }
        return upstream.parallelism == downstream.parallelism ? .forward : .rebalance
    }

    /// The name of an endpoint in traces.
    public func name(of endpoint: Int) -> String { endpoint == JobGraph.coordinator ? "coordinator" : tasks[endpoint].id }

    /// The topology as the trace header describes it.
    public var topology: Topology {
        Topology(
            operators: operators.map {
                Topology.Operator(name: $0.name, kind: $0.kind.rawValue, parallelism: $0.parallelism, inputs: $0.inputs,
                                  delivery: $0.kind == .sink ? $0.delivery.rawValue : nil)
            },
            tasks: tasks.map { Topology.Task(id: $0.id, operator: operators[$0.operatorIndex].name, kind: $0.kind.rawValue, subtask: $0.subtask) },
            channels: channels.map { Topology.Channel(id: $0.id, from: name(of: $0.from), to: name(of: $0.to), partition: $0.partition) })
    }
}
