/// Why a piece of JSON text could not be read, and where (column is 1-based, in bytes).
public struct JSONParseError: Error, Sendable, Equatable {
    public var column: Int
    public var message: String
}

/// A strict JSON parser over the bytes of one line, reporting the column of the first problem.
public struct JSONParser {
    /// Nesting deeper than this is refused, so that hostile input cannot exhaust the stack.
    public static let maxDepth = 256

    private let bytes: [UInt8]
    private var index: Int
    private let end: Int

    /// Parses exactly one JSON value (surrounding spaces allowed) from `bytes[range]`.
    public static func parse(_ bytes: [UInt8], _ range: Range<Int>? = nil) throws(JSONParseError) -> JSONValue {
        let r = range ?? 0..<bytes.count
        var parser = JSONParser(bytes: bytes, index: r.lowerBound, end: r.upperBound)
        let start = r.lowerBound
        do throws(JSONParseError) {
            parser.skipSpace()
            let value = try parser.parseValue(depth: 0)
            parser.skipSpace()
            if parser.index < parser.end { throw parser.error("unexpected text after the JSON value") }
            return value
        } catch {
            throw JSONParseError(column: error.column - start, message: error.message)
        }
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }

    private func error(_ message: String) -> JSONParseError {
        JSONParseError(column: index + 1, message: message)
    }

    private mutating func skipSpace() {
        while index < end {
            let b = bytes[index]
            if b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A { index += 1 } else { break }
        }
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < end else { throw error("expected a JSON value, found the end of the line") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["): return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("expected a JSON value")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= end else { throw error("expected '\(word)'") }
        for i in 0..<count where bytes[index + i] != word.utf8Start[i] { throw error("expected '\(word)'") }
        index += count
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
        index += 1
        var entries: [JSONObject.Entry] = []
        skipSpace()
        if index < end && bytes[index] == UInt8(ascii: "}") { index += 1; return .object(JSONObject(entries)) }
        while true {
            skipSpace()
            guard index < end, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
            let key = try parseString()
            skipSpace()
            guard index < end, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
            index += 1
            skipSpace()
            let value = try parseValue(depth: depth)
            entries.append(JSONObject.Entry(key, value))
            skipSpace()
            guard index < end else { throw error("expected ',' or '}', found the end of the line") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(JSONObject(entries)) }
            throw error("expected ',' or '}'")
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > JSONParser.maxDepth { throw error("nesting deeper than \(JSONParser.maxDepth) levels") }
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if index < end && bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
            skipSpace()
            items.append(try parseValue(depth: depth))
            skipSpace()
            guard index < end else { throw error("expected ',' or ']', found the end of the line") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw error("expected ',' or ']'")
        }
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < end {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                let s = try validated(start..<index)
                index += 1
                return s
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { break }
            index += 1
        }
        var out: [UInt8] = Array(bytes[start..<index])
        while index < end {
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                guard let s = String(validating: out, as: UTF8.self) else {
                    throw JSONParseError(column: start + 1, message: "string is not valid UTF-8")
                }
                return s
            }
            if b < 0x20 { throw error("control character inside a string (escape it)") }
            if b == UInt8(ascii: "\\") {
                index += 1
                guard index < end else { break }
                let e = bytes[index]
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard index + 2 < end, bytes[index + 1] == UInt8(ascii: "\\"), bytes[index + 2] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in \\u escape")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: String(Character(u)).utf8)
                default: throw error("invalid escape '\\\(Character(Unicode.Scalar(e)))'")
                }
                index += 1
                continue
            }
            out.append(b)
            index += 1
        }
        throw error("string not closed before the end of the line")
    }

    private mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard index + 4 < end else { throw error("expected four hex digits after \\u") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            index += 1
            let b = bytes[index]
            let d: UInt32
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - UInt8(ascii: "A") + 10)
            default: throw error("expected a hex digit")
            }
            v = v * 16 + d
        }
        return v
    }

    private func validated(_ range: Range<Int>) throws(JSONParseError) -> String {
        guard let s = String(validating: bytes[range], as: UTF8.self) else {
            throw JSONParseError(column: range.lowerBound + 1, message: "string is not valid UTF-8")
        }
        return s
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
            throw error("expected a digit")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        }
        var isInteger = true
        if index < end, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
                throw error("expected a digit after '.'")
            }
            while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
                throw error("expected a digit in the exponent")
            }
            while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let v = Int(text) { return .int(v) }
        guard let d = Double(text), d.isFinite else {
            index = start
            throw error("number out of range")
        }
        return .double(d)
    }
}
