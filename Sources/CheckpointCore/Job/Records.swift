/// What operators do to records: tokenizing, keys, stable hashing.
public enum Records {
    /// Lowercases a text and splits it on every run of characters that are not letters or digits.
    public static func tokenize(_ text: String) -> [String] {
        var words: [String] = []
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
        return words
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
