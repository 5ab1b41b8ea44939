import CheckpointTrace

/// The fixed shape of a replayed job: its tasks and channels in display order, with index maps.
/// Built once per trace, from the header's topology plus every task and channel the events name
/// (an imported trace may have no topology).
public struct ReplayLayout: Sendable {
    public var tasks: [TaskState]
    public var channels: [ChannelState]
    public var taskIndex: [String: Int]
    public var channelIndex: [String: Int]
    public var mode: String
    /// Whether `task-restored` events carry the channel state they put back (newer traces);
    /// otherwise it is derived from the restored checkpoint's `snapshot-completed` events.
    public var restoredChannelStateInTrace = false

    /// Whether the trace's generator records `barrier-unbuffered` (ckpt's own traces do).
    public var explicitUnbuffering = false

    public init(header: TraceHeader, events: [TraceEvent]) {
        explicitUnbuffering = header.generator.hasPrefix("ckpt") || events.contains { $0.type == .barrierUnbuffered }
        tasks = []; channels = []; taskIndex = [:]; channelIndex = [:]
        mode = header.mode ?? "aligned"
        let topology = header.topology
        var operatorKind: [String: String] = [:]
        var delivery: [String: String] = [:]
        for op in topology?.operators ?? [] {
            operatorKind[op.name] = op.kind
            if let d = op.delivery { delivery[op.name] = d }
        }
        for t in topology?.tasks ?? [] {
            let kind = t.kind != "?" ? t.kind : (operatorKind[t.operator] ?? "?")
            addTask(t.id, kind: kind, transactional: delivery[t.operator] == "transactional")
        }
        for c in topology?.channels ?? [] {
            addChannel(c.id, from: c.from, to: c.to, isRPC: c.isRPC || c.from == "coordinator" || c.to == "coordinator")
        }
        // Whatever the events name beyond the topology joins in order of first appearance.
        for e in events {
            if e.actor != "coordinator" { addTask(e.actor, kind: nil, transactional: false) }
            if let t = e.task, t != "coordinator" { addTask(t, kind: nil, transactional: false) }
            if let c = e.channel { addChannelID(c) }
            if let c = ReplayLayout.impliedChannel(of: e) { addChannelID(c) }
        }
        restoredChannelStateInTrace = events.contains { $0.type == .taskRestored && $0.channelState != nil }
        // A task that wrote into a transaction is a transactional sink even without a topology.
        for e in events where e.type == .outputEmitted || e.type == .transactionCommitted {
            if let i = taskIndex[e.task ?? e.actor], e.type == .transactionCommitted || e.extra?["transaction"] != nil {
                tasks[i].sink = SinkOutput(transactional: true)
            } else if let i = taskIndex[e.task ?? e.actor], tasks[i].sink == nil {
                tasks[i].sink = SinkOutput(transactional: false)
            }
        }
    }

    /// The channel an event travels on when it names none: RPCs to and from the coordinator.
    static func impliedChannel(of e: TraceEvent) -> String? {
        if e.channel != nil { return nil }
        switch e.type {
        case .ackSent, .declineSent, .ackReceived, .declineReceived, .ackIgnored, .declineIgnored:
            return e.task.map { Topology.channelID(from: $0, to: "coordinator") }
        case .triggerSent, .notifyCompleteSent, .notifyAbortedSent, .triggerReceived,
             .notifyCompleteReceived, .notifyAbortedReceived:
            return e.task.map { Topology.channelID(from: "coordinator", to: $0) }
        case .barrierSent, .cancelMarkerSent, .recordSent:
            guard let task = e.task, let to = e.to else { return nil }
            return Topology.channelID(from: task, to: to)
        case .barrierReceived, .cancelMarkerReceived, .recordReceived:
            guard let task = e.task, let from = e.from else { return nil }
            return Topology.channelID(from: from, to: task)
        default: return nil
        }
    }

    private mutating func addTask(_ id: String, kind: String?, transactional: Bool) {
        guard taskIndex[id] == nil else { return }
        var task = TaskState(id: id, kind: kind ?? "?")
        switch task.kind {
        case "source": task.offset = 0
        case "keyed-count": task.counts = [:]
        case "sink": task.sink = SinkOutput(transactional: transactional)
        default: break
        }
        taskIndex[id] = tasks.count
        tasks.append(task)
    }

    private mutating func addChannelID(_ id: String) {
        guard channelIndex[id] == nil, let arrow = id.firstRange(of: "->") else { return }
        let from = String(id[..<arrow.lowerBound]), to = String(id[arrow.upperBound...])
        addChannel(id, from: from, to: to, isRPC: from == "coordinator" || to == "coordinator")
    }

    private mutating func addChannel(_ id: String, from: String, to: String, isRPC: Bool) {
        guard channelIndex[id] == nil else { return }
        channelIndex[id] = channels.count
        channels.append(ChannelState(id: id, from: from, to: to, isRPC: isRPC))
    }

    /// The state before the first event: every task running, every channel empty.
    public var initialState: ReplayState {
        var s = ReplayState()
        s.tasks = tasks
        s.channels = channels
        // ckpt's own traces record `barrier-unbuffered`: nothing about buffers needs inferring.
        s.sawUnbuffered = explicitUnbuffering
        return s
    }
}
