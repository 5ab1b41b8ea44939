import CheckpointTrace
import Testing
@testable import CheckpointCheck

/// The shape rules: sizes and durations are whole numbers ≥ 0, so `check` and `stats` refuse a
/// negative one instead of showing it.
@Suite struct TraceSchemaTests {
    static func trace(_ configure: (inout TraceEvent) -> Void) -> Trace {
        var e = TraceEvent(type: .checkpointCompleted, actor: "coordinator", checkpoint: 1, kind: .checkpoint, isFinal: false)
        e.seq = 0
        configure(&e)
        let header = TraceHeader(scenario: "s", seed: 1, mode: "aligned", config: nil, topology: nil, generator: "test")
        return Trace(header: header, events: [e])
    }

    @Test func aWellFormedCompletionHasNoProblem() {
        #expect(TraceSchema.problems(in: Self.trace { $0.bytes = 0; $0.extra = JSONObject("duration", .int(12)) }).isEmpty)
    }

    @Test func aNegativeSizeIsAProblemOnItsKey() {
        let p = TraceSchema.problems(in: Self.trace { $0.bytes = -5 })
        #expect(p.map(\.key) == ["bytes"])
        #expect(p.first?.line == 2)
        #expect(p.first?.message == "checkpoint-completed: 'bytes' must be a size ≥ 0, found -5")
    }

    @Test(arguments: ["duration", "finalization", "sync", "async", "alignment", "start-delay"])
    func aNegativeOrNonIntegerDurationIsAProblem(key: String) {
        #expect(TraceSchema.problems(in: Self.trace { $0.extra = JSONObject(key, .int(-1)) }).map(\.key) == [key])
        #expect(TraceSchema.problems(in: Self.trace { $0.extra = JSONObject(key, .string("soon")) }).map(\.key) == [key])
    }
}
