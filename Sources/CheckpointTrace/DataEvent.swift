/// The names a compact event's indices stand for: the task and channel ids of the trace header's
/// topology, in its order.
public final class EventNames: Sendable {
    public let tasks: [String]
    public let channels: [String]

    public init(tasks: [String], channels: [String]) {
        self.tasks = tasks
        self.channels = channels
    }

    public convenience init(_ topology: Topology) {
        self.init(tasks: topology.tasks.map(\.id), channels: topology.channels.map(\.id))
    }
}

/// A data-path event (`record-emitted`, `-sent`, `-received`, `-buffered`, `-processed`,
/// `output-emitted`) in the simulator's compact form: tasks and channels are indices into
/// `EventNames`, so that making one copies no names. It holds every field of the trace event it
/// stands for; `traceEvent(names:)` gives that event, and sinks write the same line for both.
public struct DataEvent: Sendable {
    public var seq = 0
    public var time = 0
    public let type: EventType
    /// The task (also the actor).
    public let task: Int32
    /// The other end: `to` of `record-sent`, `from` of `record-received`; -1 for the other types.
    public let peer: Int32
    /// The channel, -1 when the type has none (`record-emitted`, `output-emitted`).
    public let channel: Int32
    /// `record-buffered`: the checkpoint being aligned.
    public let checkpoint: Int?
    /// `record-emitted`: the source's offset after the record.
    public let offset: Int?
    public let record: String

    /// Whether events of `type` have a compact form.
    @inline(__always) public static func hasCompactForm(_ type: EventType) -> Bool {
        switch type {
        case .recordEmitted, .recordSent, .recordReceived, .recordBuffered, .recordProcessed, .outputEmitted: return true
        default: return false
        }
    }

    public init(type: EventType, task: Int, peer: Int = -1, channel: Int = -1, checkpoint: Int? = nil, offset: Int? = nil, record: String) {
        assert(DataEvent.hasCompactForm(type), "\(type.rawValue) has no compact form")
        self.type = type
        self.task = Int32(truncatingIfNeeded: task)
        self.peer = Int32(truncatingIfNeeded: peer)
        self.channel = Int32(truncatingIfNeeded: channel)
        self.checkpoint = checkpoint
        self.offset = offset
        self.record = record
    }

    /// The peer's role: which field of the trace event names it.
    var peerIsReceiver: Bool { type == .recordSent }

    /// The trace event this stands for.
    public func traceEvent(names: EventNames) -> TraceEvent {
        let taskName = names.tasks[Int(task)]
        var e = TraceEvent(seq: seq, time: time, type: type, actor: taskName, checkpoint: checkpoint, task: taskName,
                           channel: channel >= 0 ? names.channels[Int(channel)] : nil, record: record, offset: offset)
        if peer >= 0 {
            if peerIsReceiver { e.to = names.tasks[Int(peer)] } else { e.from = names.tasks[Int(peer)] }
        }
        return e
    }
}

extension TraceSink {
    /// By default a compact event is recorded as the trace event it stands for.
    public func record(_ event: DataEvent, names: EventNames) {
        record(event.traceEvent(names: names))
    }
}

extension TraceWriter {
    /// Writes a compact event's line directly: byte for byte the line of `event.traceEvent(names:)`.
    public static func appendLine(_ d: DataEvent, names: EventNames, to out: inout [UInt8]) {
        let taskName = names.tasks[Int(d.task)]
        out.append(contentsOf: #"{"seq":"#.utf8)
        JSONWriter.writeInt(d.seq, into: &out)
        out.append(contentsOf: #","time":"#.utf8)
        JSONWriter.writeInt(d.time, into: &out)
        out.append(contentsOf: #","type":"#.utf8)
        JSONWriter.writeString(d.type.rawValue, into: &out)
        out.append(contentsOf: #","actor":"#.utf8)
        JSONWriter.writeString(taskName, into: &out)
        if let v = d.checkpoint { out.append(contentsOf: #","checkpoint":"#.utf8); JSONWriter.writeInt(v, into: &out) }
        out.append(contentsOf: #","task":"#.utf8)
        JSONWriter.writeString(taskName, into: &out)
        if d.peer >= 0 {
            out.append(contentsOf: (d.peerIsReceiver ? #","to":"# : #","from":"#).utf8)
            JSONWriter.writeString(names.tasks[Int(d.peer)], into: &out)
        }
        if d.channel >= 0 { out.append(contentsOf: #","channel":"#.utf8); JSONWriter.writeString(names.channels[Int(d.channel)], into: &out) }
        out.append(contentsOf: #","record":"#.utf8)
        JSONWriter.writeString(d.record, into: &out)
        if let v = d.offset { out.append(contentsOf: #","offset":"#.utf8); JSONWriter.writeInt(v, into: &out) }
        out.append(contentsOf: "}\n".utf8)
    }
}
