/// Writes JSON compactly into a byte buffer: no spaces, keys in the order given, UTF-8 as is.
public enum JSONWriter {
    /// The JSON text of a value.
    public static func string(_ value: JSONValue) -> String {
        var bytes: [UInt8] = []
        write(value, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .int(let i): writeInt(i, into: &out)
        case .double(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { writeInt(Int(d), into: &out) } else if d.isFinite {
                out.append(contentsOf: "\(d)".utf8)
            } else { out.append(contentsOf: "null".utf8) }
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(item, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            for (i, entry) in object.entries.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(entry.key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(entry.value, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    @inline(__always)
    public static func writeInt(_ value: Int, into out: inout [UInt8]) {
        if value >= 0 && value < 10 { out.append(UInt8(ascii: "0") &+ UInt8(value)); return }
        if value == Int.min { out.append(contentsOf: "\(value)".utf8); return }
        var v = value
        if v < 0 { out.append(UInt8(ascii: "-")); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                      UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 { buf[count] = UInt8(ascii: "0") &+ UInt8(v % 10); v /= 10; count += 1 }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buf[i]) }
        }
    }

    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var plain = true
        for byte in s.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { plain = false; break }
        if plain {
            out.append(contentsOf: s.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(byte)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(byte)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x00..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                let hex = Array("0123456789abcdef".utf8)
                out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 0xF)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONWriter {
    /// How many bytes `write(value, into:)` appends, counted without writing them (a snapshot's
    /// `bytes` is the size of its encoded state).
    public static func encodedCount(_ value: JSONValue) -> Int {
        switch value {
        case .null: return 4
        case .bool(let b): return b ? 4 : 5
        case .int(let i): return intCount(i)
        case .double(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { return intCount(Int(d)) }
            return d.isFinite ? "\(d)".utf8.count : 4
        case .string(let s): return stringCount(s)
        case .array(let items):
            var n = 2 + max(0, items.count - 1)
            for item in items { n += encodedCount(item) }
            return n
        case .object(let object):
            var n = 2 + max(0, object.entries.count - 1)
            for entry in object.entries { n += stringCount(entry.key) + 1 + encodedCount(entry.value) }
            return n
        }
    }

    /// The length of an integer's decimal text.
    public static func intCount(_ value: Int) -> Int {
        if value == Int.min { return "\(value)".utf8.count }
        var v = value < 0 ? -value : value
        var n = value < 0 ? 2 : 1
        while v >= 10 { v /= 10; n += 1 }
        return n
    }

    /// The length of a string's JSON text, quotes and escapes included.
    public static func stringCount(_ s: String) -> Int {
        var n = 2
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x0A, 0x0D, 0x09: n += 2
            case 0x00..<0x20: n += 6
            default: n += 1
            }
        }
        return n
    }
}
