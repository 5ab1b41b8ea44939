import Testing
@testable import CheckpointTrace

/// `JSONWriter.encodedCount` must be exactly the length `write` produces: a snapshot's `bytes`
/// in every trace depends on it.
@Suite struct JSONWriterTests {
    /// A small deterministic generator of JSON values, strings with every kind of escape included.
    struct Values {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }

        mutating func string() -> String {
            let pieces = ["a", "word", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "é", "€", "😀", " ", "=", "0"]
            return (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined()
        }

        mutating func value(depth: Int = 0) -> JSONValue {
            let ints = [0, 9, 10, -1, -10, 99, 100, 12_345, Int.max, Int.min, Int.min + 1]
            switch next(depth > 3 ? 6 : 8) {
            case 0: return .null
            case 1: return .bool(next(2) == 0)
            case 2: return .int(next(2) == 0 ? ints[next(ints.count)] : next(1_000_000) - 500_000)
            case 3: return .double([0.5, -2.0, 1e20, 3.25, .infinity, .nan, 1e14][next(7)])
            case 4, 5: return .string(string())
            case 6: return .array((0..<next(4)).map { _ in value(depth: depth + 1) })
            default: return .object(JSONObject((0..<next(4)).map { _ in JSONObject.Entry(string(), value(depth: depth + 1)) }))
            }
        }
    }

    @Test func encodedCountIsTheWrittenLength() {
        var values = Values(state: 42)
        for _ in 0..<5_000 {
            let v = values.value()
            var bytes: [UInt8] = []
            JSONWriter.write(v, into: &bytes)
            #expect(JSONWriter.encodedCount(v) == bytes.count, "\(JSONWriter.string(v))")
        }
    }

    @Test func encodedCountOfKnownValues() {
        #expect(JSONWriter.encodedCount(.object(JSONObject(["offset": .int(12)]))) == #"{"offset":12}"#.utf8.count)
        #expect(JSONWriter.encodedCount(.object(JSONObject())) == 2)
        #expect(JSONWriter.encodedCount(.array([.string("a\"b"), .null])) == #"["a\"b",null]"#.utf8.count)
        #expect(JSONWriter.encodedCount(.string("\u{01}")) == #""\u0001""#.utf8.count)
    }
}
