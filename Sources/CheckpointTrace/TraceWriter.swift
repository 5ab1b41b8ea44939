/// Where a running simulation sends its trace: nowhere, memory, or JSON Lines bytes.
public protocol TraceSink: AnyObject {
    func begin(_ header: TraceHeader)
    func record(_ event: TraceEvent)
    /// An event in compact form (see `CompactEvent`).
    func record(_ event: CompactEvent, names: EventNames)
    /// Called once at the end of the run.
    func finish()
    /// Whether the sink took all it may (its size budget): the run stops as at its step limit.
    var isFull: Bool { get }
}

extension TraceSink {
    public var isFull: Bool { false }
}

/// Discards everything: for benchmarks and fuzzing, where events are checked but not kept.
public final class NullTraceSink: TraceSink {
    public init() {}
    public func begin(_ header: TraceHeader) {}
    public func record(_ event: TraceEvent) {}
    public func record(_ event: CompactEvent, names: EventNames) {}
    public func finish() {}
}

/// Encodes a trace as JSON Lines and hands the bytes out in chunks (the caller writes the file).
public final class JSONLinesTraceSink: TraceSink {
    private var buffer: [UInt8] = []
    private let chunkSize: Int
    private let output: ([UInt8]) -> Void
    /// The bytes handed out so far.
    public private(set) var bytesWritten = 0
    /// The trace's size budget in bytes (nil: none); once it is reached, `isFull` is true.
    public var byteLimit: Int?

    public var isFull: Bool {
        guard let byteLimit else { return false }
        return bytesWritten + buffer.count >= byteLimit
    }

    /// `output` receives the encoded bytes, in order, in chunks of about `chunkSize` bytes.
    public init(chunkSize: Int = 1 << 16, output: @escaping ([UInt8]) -> Void) {
        self.chunkSize = chunkSize
        self.output = output
        buffer.reserveCapacity(chunkSize + 4096)
    }

    public func begin(_ header: TraceHeader) {
        TraceWriter.appendLine(header, to: &buffer)
    }

    public func record(_ event: TraceEvent) {
        TraceWriter.appendLine(event, to: &buffer)
        if buffer.count >= chunkSize { flush() }
    }

    public func record(_ event: CompactEvent, names: EventNames) {
        TraceWriter.appendLine(event, names: names, to: &buffer)
        if buffer.count >= chunkSize { flush() }
    }

    public func finish() { flush() }

    private func flush() {
        guard !buffer.isEmpty else { return }
        output(buffer)
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Encodes headers and events as trace lines.
public enum TraceWriter {
    public static func appendLine(_ header: TraceHeader, to out: inout [UInt8]) {
        JSONWriter.write(.object(header.jsonObject), into: &out)
        out.append(0x0A)
    }

    /// Writes the event's line directly, in the same field order as `TraceEvent.jsonObject`.
    public static func appendLine(_ e: TraceEvent, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"seq":"#.utf8)
        JSONWriter.writeInt(e.seq, into: &out)
        out.append(contentsOf: #","time":"#.utf8)
        JSONWriter.writeInt(e.time, into: &out)
        out.append(contentsOf: #","type":"#.utf8)
        JSONWriter.writeString(e.typeName, into: &out)
        out.append(contentsOf: #","actor":"#.utf8)
        JSONWriter.writeString(e.actor, into: &out)
        if let v = e.checkpoint { key("checkpoint", &out); JSONWriter.writeInt(v, into: &out) }
        else if e.type == .restoreStarted { out.append(contentsOf: #","checkpoint":null"#.utf8) }
        if let v = e.kind { key("kind", &out); JSONWriter.writeString(v.rawValue, into: &out) }
        if let v = e.isFinal { key("final", &out); out.append(contentsOf: (v ? "true" : "false").utf8) }
        if let v = e.task { key("task", &out); JSONWriter.writeString(v, into: &out) }
        if let v = e.from { key("from", &out); JSONWriter.writeString(v, into: &out) }
        if let v = e.to { key("to", &out); JSONWriter.writeString(v, into: &out) }
        if let v = e.channel { key("channel", &out); JSONWriter.writeString(v, into: &out) }
        if let v = e.record { key("record", &out); JSONWriter.writeString(v, into: &out) }
        if let v = e.records { key("records", &out); JSONWriter.write(.array(v.map { .string($0) }), into: &out) }
        if let v = e.offset { key("offset", &out); JSONWriter.writeInt(v, into: &out) }
        if let v = e.reason { key("reason", &out); JSONWriter.writeString(v, into: &out) }
        if let v = e.phase { key("phase", &out); JSONWriter.writeString(v, into: &out) }
        if let v = e.cause { key("cause", &out); JSONWriter.writeString(v, into: &out) }
        if let v = e.attempt { key("attempt", &out); JSONWriter.writeInt(v, into: &out) }
        if let v = e.latest { key("latest", &out); JSONWriter.writeInt(v, into: &out) }
        if let v = e.state { key("state", &out); JSONWriter.write(v, into: &out) }
        if let v = e.bytes { key("bytes", &out); JSONWriter.writeInt(v, into: &out) }
        if let v = e.channelState { key("channel-state", &out); JSONWriter.write(v, into: &out) }
        if let v = e.invariant { key("invariant", &out); JSONWriter.writeString(v, into: &out) }
        if let v = e.detail { key("detail", &out); JSONWriter.writeString(v, into: &out) }
        if let extra = e.extra {
            for entry in extra.entries {
                out.append(UInt8(ascii: ","))
                JSONWriter.writeString(entry.key, into: &out)
                out.append(UInt8(ascii: ":"))
                JSONWriter.write(entry.value, into: &out)
            }
        }
        out.append(contentsOf: "}\n".utf8)
    }

    @inline(__always)
    private static func key(_ name: StaticString, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: ","))
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
        out.append(UInt8(ascii: ":"))
    }

    /// The whole trace as bytes.
    public static func encode(_ trace: Trace) -> [UInt8] {
        var out: [UInt8] = []
        appendLine(trace.header, to: &out)
        for e in trace.events { appendLine(e, to: &out) }
        return out
    }
}

/// Keeps the whole trace in memory: for tests, explore mode and shrinking.
public final class MemoryTraceSink: TraceSink {
    public private(set) var header: TraceHeader?
    public private(set) var events: [TraceEvent] = []

    public init() {}
    public func begin(_ header: TraceHeader) { self.header = header }
    public func record(_ event: TraceEvent) { events.append(event) }
    public func finish() {}

    /// The trace collected so far (an empty header if the run never began).
    public var trace: Trace {
        Trace(header: header ?? TraceHeader(scenario: "?", seed: 0, mode: nil, config: nil, topology: nil, generator: "?"), events: events)
    }
}
