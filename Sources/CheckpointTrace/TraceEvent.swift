/// Whether a checkpoint is a regular checkpoint or a savepoint (DESIGN.md §3 `kind`).
public enum CheckpointKind: String, Sendable, Hashable, CaseIterable {
    case checkpoint
    case savepoint
}

/// One line of a `ckpt-trace/1` trace: a protocol event with its common fields (DESIGN.md §3).
///
/// Fields that an event type does not use stay nil and are not written. Fields this program does
/// not know are kept in `extra`, in the order read, so that traces of other tools round-trip.
public struct TraceEvent: Sendable, Hashable {
    public var seq: Int
    public var time: Int
    public var type: EventType
    /// The type's name when `type` is `.other`.
    public var otherType: String?
    /// `"coordinator"` or a task id such as `count[1]`.
    public var actor: String
    public var checkpoint: Int?
    public var kind: CheckpointKind?
    public var isFinal: Bool?
    public var task: String?
    public var from: String?
    public var to: String?
    public var channel: String?
    public var record: String?
    public var records: [String]?
    public var offset: Int?
    public var reason: String?
    public var phase: String?
    public var cause: String?
    public var attempt: Int?
    /// On notify-aborted: the id of the latest checkpoint in the store (StreamTask.notifyCheckpointAbortAsync).
    public var latest: Int?
    public var state: JSONValue?
    public var bytes: Int?
    public var channelState: JSONValue?
    public var invariant: String?
    public var detail: String?
    public var extra: JSONObject?

    public init(seq: Int = 0, time: Int = 0, type: EventType, actor: String,
                checkpoint: Int? = nil, kind: CheckpointKind? = nil, isFinal: Bool? = nil,
                task: String? = nil, from: String? = nil, to: String? = nil, channel: String? = nil,
                record: String? = nil, records: [String]? = nil, offset: Int? = nil,
                reason: String? = nil, phase: String? = nil, cause: String? = nil, attempt: Int? = nil,
                latest: Int? = nil, state: JSONValue? = nil, bytes: Int? = nil, channelState: JSONValue? = nil,
                invariant: String? = nil, detail: String? = nil, extra: JSONObject? = nil) {
        self.seq = seq; self.time = time; self.type = type; self.actor = actor
        self.checkpoint = checkpoint; self.kind = kind; self.isFinal = isFinal
        self.task = task; self.from = from; self.to = to; self.channel = channel
        self.record = record; self.records = records; self.offset = offset
        self.reason = reason; self.phase = phase; self.cause = cause; self.attempt = attempt
        self.latest = latest; self.state = state; self.bytes = bytes; self.channelState = channelState
        self.invariant = invariant; self.detail = detail; self.extra = extra
    }

    /// The type's name as written in the trace.
    public var typeName: String { type == .other ? (otherType ?? "?") : type.rawValue }

    /// The event's fields in trace order, as JSON (the line that `TraceWriter` writes).
    public var jsonObject: JSONObject {
        var o = JSONObject()
        o.entries.reserveCapacity(8)
        o.entries.append(.init("seq", .int(seq)))
        o.entries.append(.init("time", .int(time)))
        o.entries.append(.init("type", .string(typeName)))
        o.entries.append(.init("actor", .string(actor)))
        if let checkpoint { o.entries.append(.init("checkpoint", .int(checkpoint))) }
        else if type == .restoreStarted { o.entries.append(.init("checkpoint", .null)) }
        if let kind { o.entries.append(.init("kind", .string(kind.rawValue))) }
        if let isFinal { o.entries.append(.init("final", .bool(isFinal))) }
        if let task { o.entries.append(.init("task", .string(task))) }
        if let from { o.entries.append(.init("from", .string(from))) }
        if let to { o.entries.append(.init("to", .string(to))) }
        if let channel { o.entries.append(.init("channel", .string(channel))) }
        if let record { o.entries.append(.init("record", .string(record))) }
        if let records { o.entries.append(.init("records", .array(records.map { .string($0) }))) }
        if let offset { o.entries.append(.init("offset", .int(offset))) }
        if let reason { o.entries.append(.init("reason", .string(reason))) }
        if let phase { o.entries.append(.init("phase", .string(phase))) }
        if let cause { o.entries.append(.init("cause", .string(cause))) }
        if let attempt { o.entries.append(.init("attempt", .int(attempt))) }
        if let latest { o.entries.append(.init("latest", .int(latest))) }
        if let state { o.entries.append(.init("state", state)) }
        if let bytes { o.entries.append(.init("bytes", .int(bytes))) }
        if let channelState { o.entries.append(.init("channel-state", channelState)) }
        if let invariant { o.entries.append(.init("invariant", .string(invariant))) }
        if let detail { o.entries.append(.init("detail", .string(detail))) }
        if let extra { o.entries.append(contentsOf: extra.entries) }
        return o
    }

    /// The value of a trace field by its name in the trace (`"checkpoint"`, `"channel-state"`, ...),
    /// as event matchers (DESIGN.md §4) compare them.
    public func field(_ name: String) -> JSONValue? {
        switch name {
        case "seq": return .int(seq)
        case "time": return .int(time)
        case "type": return .string(typeName)
        case "actor": return .string(actor)
        case "checkpoint":
            if let checkpoint { return .int(checkpoint) }
            return type == .restoreStarted ? .null : nil
        case "kind": return kind.map { .string($0.rawValue) }
        case "final": return isFinal.map { .bool($0) }
        case "task": return task.map { .string($0) }
        case "from": return from.map { .string($0) }
        case "to": return to.map { .string($0) }
        case "channel": return channel.map { .string($0) }
        case "record": return record.map { .string($0) }
        case "records": return records.map { .array($0.map { .string($0) }) }
        case "offset": return offset.map { .int($0) }
        case "reason": return reason.map { .string($0) }
        case "phase": return phase.map { .string($0) }
        case "cause": return cause.map { .string($0) }
        case "attempt": return attempt.map { .int($0) }
        case "latest": return latest.map { .int($0) }
        case "state": return state
        case "bytes": return bytes.map { .int($0) }
        case "channel-state": return channelState
        case "invariant": return invariant.map { .string($0) }
        case "detail": return detail.map { .string($0) }
        default: return extra?[name]
        }
    }
}
