/// Turns the JSON object of one trace line into a `TraceEvent`, checking the common fields' types.
public enum TraceDecoding {
    /// Why a line is not a valid event: the offending key (to locate its column) and a message.
    public struct Problem: Error, Sendable {
        public var key: String?
        public var message: String
    }

    public static func event(from o: JSONObject) throws(Problem) -> TraceEvent {
        func int(_ key: String) throws(Problem) -> Int? {
            guard let v = o[key] else { return nil }
            if case .int(let i) = v { return i }
            if case .null = v { return nil }
            if case .double(let d) = v, d.isFinite, d == d.rounded() {
                throw Problem(key: key, message: "'\(key)' is out of range: a trace's integers are from −2^63 to 2^63−1, found about \(v.scalarText)")
            }
            throw Problem(key: key, message: "'\(key)' must be an integer, found \(v.typeName)")
        }
        func string(_ key: String) throws(Problem) -> String? {
            guard let v = o[key] else { return nil }
            if case .string(let s) = v { return s }
            if case .null = v { return nil }
            throw Problem(key: key, message: "'\(key)' must be a string, found \(v.typeName)")
        }
        guard let seq = try int("seq") else { throw Problem(key: nil, message: "event lacks 'seq'") }
        guard let time = try int("time") else { throw Problem(key: nil, message: "event lacks 'time'") }
        guard let typeName = try string("type") else { throw Problem(key: nil, message: "event lacks 'type'") }
        guard let actor = try string("actor") else { throw Problem(key: nil, message: "event lacks 'actor'") }
        let type = EventType(rawValue: typeName) ?? .other
        var e = TraceEvent(seq: seq, time: time, type: type, actor: actor)
        if type == .other || typeName == "?" { e.type = .other; e.otherType = typeName }
        var extra = JSONObject()
        for entry in o.entries {
            switch entry.key {
            case "seq", "time", "type", "actor": continue
            case "checkpoint":
                if case .null = entry.value, type != .restoreStarted { extra.entries.append(entry) } else { e.checkpoint = try int("checkpoint") }
            case "kind":
                guard let s = try string("kind") else { continue }
                guard let k = CheckpointKind(rawValue: s) else {
                    throw Problem(key: "kind", message: "'kind' must be \"checkpoint\" or \"savepoint\", found \"\(s)\"")
                }
                e.kind = k
            case "final":
                guard case .bool(let b) = entry.value else {
                    throw Problem(key: "final", message: "'final' must be a boolean, found \(entry.value.typeName)")
                }
                e.isFinal = b
            case "task": e.task = try string("task")
            case "from": e.from = try string("from")
            case "to": e.to = try string("to")
            case "channel": e.channel = try string("channel")
            case "record": e.record = try string("record")
            case "records":
                guard case .array(let items) = entry.value else {
                    throw Problem(key: "records", message: "'records' must be an array of strings, found \(entry.value.typeName)")
                }
                var list: [String] = []
                for item in items {
                    guard case .string(let s) = item else {
                        throw Problem(key: "records", message: "'records' must be an array of strings")
                    }
                    list.append(s)
                }
                e.records = list
            case "offset": e.offset = try int("offset")
            case "reason": e.reason = try string("reason")
            case "phase": e.phase = try string("phase")
            case "cause": e.cause = try string("cause")
            case "attempt": e.attempt = try int("attempt")
            case "latest": e.latest = try int("latest")
            case "state": e.state = entry.value
            case "bytes": e.bytes = try int("bytes")
            case "channel-state": e.channelState = entry.value
            case "invariant": e.invariant = try string("invariant")
            case "detail": e.detail = try string("detail")
            default: extra.entries.append(entry)
            }
        }
        if !extra.isEmpty { e.extra = extra }
        return e
    }

    public static func header(from o: JSONObject) throws(Problem) -> TraceHeader {
        guard o["type"]?.stringValue == "header" else {
            throw Problem(key: "type", message: "the first line must be the header ({\"type\":\"header\",...})")
        }
        guard let schema = o["schema"]?.stringValue else { throw Problem(key: nil, message: "header lacks 'schema'") }
        guard schema == TraceHeader.schema else {
            throw Problem(key: "schema", message: "unsupported schema \"\(schema)\" (this program reads \(TraceHeader.schema))")
        }
        guard let scenario = o["scenario"]?.stringValue else { throw Problem(key: "scenario", message: "header lacks the string 'scenario'") }
        var seed: UInt64?
        switch o["seed"] {
        case .int(let v)?: seed = v >= 0 ? UInt64(v) : nil
        case .string(let s)?: seed = UInt64(s)
        default: seed = nil
        }
        let importInfo = o["import"]?.objectValue
        if importInfo == nil {
            if seed == nil { throw Problem(key: "seed", message: "header lacks a non-negative integer 'seed'") }
            if o["mode"]?.stringValue == nil { throw Problem(key: "mode", message: "header lacks the string 'mode'") }
        }
        var extra = JSONObject()
        for entry in o.entries where !["type", "schema", "scenario", "seed", "mode", "config", "topology", "generator", "import"].contains(entry.key) {
            extra.entries.append(entry)
        }
        return TraceHeader(
            scenario: scenario, seed: seed, mode: o["mode"]?.stringValue,
            config: o["config"]?.objectValue.map(CheckpointConfig.init(json:)),
            topology: o["topology"]?.objectValue.map(Topology.init(json:)),
            generator: o["generator"]?.stringValue ?? "unknown", importInfo: importInfo,
            extra: extra.isEmpty ? nil : extra)
    }
}
