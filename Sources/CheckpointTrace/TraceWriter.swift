/// Where a running simulation sends its trace: nowhere, memory, or JSON Lines bytes.
public protocol TraceSink: AnyObject {
    func begin(_ header: TraceHeader)
    func record(_ event: TraceEvent)
    /// Called once at the end of the run.
    func finish()
}

/// Discards everything: for benchmarks and fuzzing, where events are checked but not kept.
public final class NullTraceSink: TraceSink {
    public init() {}
    public func begin(_ header: TraceHeader) {}
    public func record(_ event: TraceEvent) {}
    public func finish() {}
}

/// Encodes a trace as JSON Lines and hands the bytes out in chunks (the caller writes the file).
public final class JSONLinesTraceSink: TraceSink {
    private var buffer: [UInt8] = []
    private let chunkSize: Int
    private let output: ([UInt8]) -> Void

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

    public func finish() { flush() }

    private func flush() {
        guard !buffer.isEmpty else { return }
        output(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Encodes headers and events as trace lines.
public enum TraceWriter {
    public static func appendLine(_ header: TraceHeader, to out: inout [UInt8]) {
        JSONWriter.write(.object(header.jsonObject), into: &out)
        out.append(0x0A)
    }

    public static func appendLine(_ event: TraceEvent, to out: inout [UInt8]) {
        JSONWriter.write(.object(event.jsonObject), into: &out)
        out.append(0x0A)
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
