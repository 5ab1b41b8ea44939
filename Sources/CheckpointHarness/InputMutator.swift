import CheckpointCore

/// Mutates valid inputs into hostile ones, to fuzz our own parsers: bit flips, cut lines, deleted
/// and repeated bytes, wrong types, huge numbers, deep nesting, invalid UTF-8.
public struct InputMutator {
    var rng: SplitMix64

    public init(seed: UInt64) { rng = SplitMix64(seed: seed) }

    /// One mutant of `input` (one to three mutations stacked).
    public mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + rng.below(3)) { bytes = mutateOnce(bytes) }
        return bytes
    }

    mutating func mutateOnce(_ input: [UInt8]) -> [UInt8] {
        var b = input
        if b.isEmpty { return [UInt8(truncatingIfNeeded: rng.next())] }
        let i = rng.below(b.count)
        switch rng.below(10) {
        case 0: b[i] ^= UInt8(1 << rng.below(8))                                  // bit flip
        case 1: b.removeSubrange(i..<min(b.count, i + 1 + rng.below(16)))          // delete bytes
        case 2: b = Array(b[..<i])                                                 // truncate
        case 3: b.insert(contentsOf: [0xFF, 0xFE, 0xC0], at: i)                    // invalid UTF-8
        case 4: b.insert(contentsOf: Array("99999999999999999999999999".utf8), at: i)  // huge number
        case 5: b.insert(contentsOf: Array(repeating: UInt8(ascii: rng.below(2) == 0 ? "[" : "{"), count: 300), at: i)  // deep nesting
        case 6:                                                                    // swap a value's type
            let replacements = ["\"x\"", "null", "[]", "{}", "-1", "true", "1.5e308", "\"\\u0000\""]
            b.insert(contentsOf: Array(replacements[rng.below(replacements.count)].utf8), at: i)
        case 7:                                                                    // duplicate a slice
            let j = min(b.count, i + rng.below(64))
            b.insert(contentsOf: b[i..<j], at: j)
        case 8: b.insert(UInt8(ascii: "\n"), at: i)                                // split a line
        default:                                                                   // structural characters
            let chars: [UInt8] = Array(":,\"'-#&*!|>{}[]\t ".utf8)
            b[i] = chars[rng.below(chars.count)]
        }
        return b
    }
}
