import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// A snapshot's `bytes` is counted from its operator state without making the state's JSON: the
/// count must be exactly the length of the JSON written.
@Suite struct OperatorStateTests {
    static let pieces = ["a", "word", "\"", "\\", "\n", "\t", "\u{01}", "é", "😀", "=", "0", " "]

    static func text(_ g: inout SplitMix64) -> String {
        (0..<g.below(5)).map { _ in pieces[g.below(pieces.count)] }.joined()
    }

    static func state(_ g: inout SplitMix64) -> OperatorState {
        let numbers = [0, 9, 10, -1, -10, 12_345, Int.max, Int.min + 1]
        func number() -> Int { g.below(2) == 0 ? numbers[g.below(numbers.count)] : g.below(1_000_000) - 500_000 }
        switch g.below(5) {
        case 0: return .source(offset: number())
        case 1: return .stateless
        case 2: return .plainSink
        case 3:
            var counts: [String: Int] = [:]
            for _ in 0..<g.below(7) { counts[text(&g)] = number() }
            return .keyedCount(counts)
        default:
            return .transactionalSink(pending: (0..<g.below(4)).map { _ in
                PendingTransaction(checkpoint: number(), records: (0..<g.below(4)).map { _ in text(&g) })
            })
        }
    }

    @Test func encodedCountIsTheLengthOfTheWrittenJSON() {
        var g = SplitMix64(seed: 11)
        for _ in 0..<3_000 {
            let s = OperatorStateTests.state(&g)
            var bytes: [UInt8] = []
            JSONWriter.write(s.json, into: &bytes)
            #expect(s.encodedCount == bytes.count, "\(JSONWriter.string(s.json))")
        }
    }

    @Test func encodedCountOfKnownStates() {
        #expect(OperatorState.source(offset: 12).encodedCount == #"{"offset":12}"#.utf8.count)
        #expect(OperatorState.keyedCount([:]).encodedCount == #"{"counts":{}}"#.utf8.count)
        #expect(OperatorState.keyedCount(["a": 1, "b": 22]).encodedCount == #"{"counts":{"a":1,"b":22}}"#.utf8.count)
        #expect(OperatorState.transactionalSink(pending: []).encodedCount == #"{"transactions":[]}"#.utf8.count)
        #expect(OperatorState.plainSink.encodedCount == 2)
    }

    /// A payload's state is made when read, and is the state's JSON each time.
    @Test func snapshotPayloadGivesTheStateWhenRead() {
        let state = OperatorState.keyedCount(["x": 2, "a": 1])
        let captured = CapturedState(state)
        #expect(captured.payload.state == state.json)
        #expect(captured.completedPayload.state == state.json)
        #expect(captured.completedPayload.bytes == #"{"counts":{"a":1,"x":2}}"#.utf8.count)
        #expect(captured.payload.bytes == nil)
    }
}
