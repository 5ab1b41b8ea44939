import ArgumentParser

/// `--seed`: a whole number from 0 to 2^64−1, read even when it starts with a dash, so that
/// `--seed -1` is told why it is wrong instead of "missing value".
enum SeedArgument {
    static func parse(_ text: String) throws -> UInt64 {
        if let v = UInt64(text) { return v }
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        let whole = !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
        if whole && text.hasPrefix("-") { throw ValidationError("a seed is not negative: it is a whole number from 0 to \(UInt64.max)") }
        if whole { throw ValidationError("out of range: a seed is at most \(UInt64.max)") }
        throw ValidationError("a seed is a whole number from 0 to \(UInt64.max)")
    }
}
