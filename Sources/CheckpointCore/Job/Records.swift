/// What operators do to records: tokenizing, keys, stable hashing.
public enum Records {
    /// Lowercases a text and splits it on every run of characters that are not letters or digits.
    public static func tokenize(_ text: String) -> [String] {
        var words: [String] = []
        var scratch: [UInt8] = []
        tokenize(text, into: &words, scratch: &scratch)
        return words
    }

    /// `tokenize`, into lists the caller keeps for reuse (`words` is emptied first).
    static func tokenize(_ text: String, into words: inout [String], scratch: inout [UInt8]) {
        words.removeAll(keepingCapacity: true)
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            tokenizeASCII(text, into: &words, scratch: &scratch)
            return
        }
        var current = ""
        for ch in text.lowercased() {
            if ch.isLetter || ch.isNumber {
                current.append(ch)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
    }

    /// The same rule on ASCII text, without Unicode property look-ups.
    static func tokenizeASCII(_ text: String, into words: inout [String], scratch current: inout [UInt8]) {
        current.removeAll(keepingCapacity: true)
        for var b in text.utf8 {
            if b >= 0x41 && b <= 0x5A { b += 0x20 }
            if (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) {
                current.append(b)
            } else if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
    }

    /// The key of a `key=count` record: the text before its last `=` (the whole record if none).
    public static func key(ofCountRecord record: String) -> String {
        guard let eq = record.lastIndex(of: "=") else { return record }
        return String(record[..<eq])
    }

    /// The value of a `key=count` record: the text after its last `=` (nil if none).
    public static func value(ofCountRecord record: String) -> String? {
        guard let eq = record.lastIndex(of: "=") else { return nil }
        return String(record[record.index(after: eq)...])
    }

    /// `fnv1a(key(ofCountRecord: record))` without building the key.
    public static func fnv1a(keyOfCountRecord record: String) -> UInt32 {
        let bytes = record.utf8
        let end = bytes.lastIndex(of: UInt8(ascii: "=")) ?? bytes.endIndex
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes[..<end] {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }

    /// 32-bit FNV-1a of the UTF-8 bytes: a stable hash, unlike Swift's per-process `hashValue`.
    public static func fnv1a(_ text: String) -> UInt32 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }
}
