/// A trace read back from its JSON Lines text: the header, the events and any warnings.
public struct Trace: Sendable {
    public var header: TraceHeader
    public var events: [TraceEvent]
    /// Things worth telling the user that did not stop the reading (a cut-off last line).
    public var warnings: [String]

    public init(header: TraceHeader, events: [TraceEvent], warnings: [String] = []) {
        self.header = header; self.events = events; self.warnings = warnings
    }
}

/// Reads `ckpt-trace/1` text. A file cut off mid-line is read up to its last complete line.
public enum TraceReader {
    /// Reads a whole trace; `file` names it in errors (`FILE:LINE:COL: message`).
    public static func read(_ bytes: [UInt8], file: String) throws(InputError) -> Trace {
        var lines: [Range<Int>] = []
        var start = 0
        for i in 0..<bytes.count where bytes[i] == 0x0A {
            lines.append(start..<i)
            start = i + 1
        }
        var warnings: [String] = []
        if start < bytes.count {
            warnings.append("\(file):\(lines.count + 1):1: warning: the last line is cut off (no newline at its end); it was skipped, the trace is read up to line \(lines.count)")
        }
        guard let first = lines.first else {
            throw InputError(file: file, line: 1, column: 1, message: "empty trace: expected a header line {\"type\":\"header\",\"schema\":\"ckpt-trace/1\",...}")
        }
        let header: TraceHeader
        let headerObject = try objectOnLine(bytes, first, line: 1, file: file)
        do { header = try TraceDecoding.header(from: headerObject) } catch {
            throw InputError(file: file, line: 1, column: column(of: error.key, in: bytes, first), message: error.message)
        }
        var events: [TraceEvent] = []
        events.reserveCapacity(lines.count - 1)
        for (n, range) in lines.enumerated().dropFirst() {
            let lineNumber = n + 1
            if range.isEmpty { throw InputError(file: file, line: lineNumber, column: 1, message: "empty line: expected an event object") }
            let object = try objectOnLine(bytes, range, line: lineNumber, file: file)
            do throws(TraceDecoding.Problem) {
                let e = try TraceDecoding.event(from: object)
                if e.seq != events.count {
                    throw TraceDecoding.Problem(key: "seq", message: "seq \(e.seq) where \(events.count) was due (seq is dense from 0)")
                }
                if let last = events.last, e.time < last.time {
                    throw TraceDecoding.Problem(key: "time", message: "time goes back from \(last.time) to \(e.time)")
                }
                events.append(e)
            } catch {
                throw InputError(file: file, line: lineNumber, column: column(of: error.key, in: bytes, range), message: error.message)
            }
        }
        return Trace(header: header, events: events, warnings: warnings)
    }

    private static func objectOnLine(_ bytes: [UInt8], _ range: Range<Int>, line: Int, file: String) throws(InputError) -> JSONObject {
        let value: JSONValue
        if bytes[range].starts(with: [0xEF, 0xBB, 0xBF]) {
            throw InputError(file: file, line: line, column: 1,
                             message: "the line starts with a byte order mark (U+FEFF): a ckpt-trace/1 file is UTF-8 without one (save it without a BOM)")
        }
        do { value = try JSONParser.parse(bytes, range) } catch {
            throw InputError(file: file, line: line, column: error.column, message: "not valid JSON: \(error.message)")
        }
        guard case .object(let object) = value else {
            throw InputError(file: file, line: line, column: 1, message: "expected a JSON object, found \(value.typeName)")
        }
        return object
    }

    /// The 1-based column of `"key":` on the line, or 1.
    static func column(of key: String?, in bytes: [UInt8], _ range: Range<Int>) -> Int {
        guard let key else { return 1 }
        let needle = Array("\"\(key)\"".utf8)
        guard needle.count <= range.count else { return 1 }
        var i = range.lowerBound
        while i + needle.count <= range.upperBound {
            if bytes[i..<(i + needle.count)].elementsEqual(needle) { return i - range.lowerBound + 1 }
            i += 1
        }
        return 1
    }
}
