import Testing
import CheckpointTrace
@testable import CheckpointReplay

@Suite struct SeekTests {
    /// A longer trace: the standard one repeated with fresh ids after a restart each time.
    static func longTrace(rounds: Int) -> Trace {
        var b = TraceBuilder()
        var offset = 0
        for round in 0..<rounds {
            let id = round * 2 + 1
            offset += 1
            b.emit("src[0]", "w\(round % 5)", offset: offset)
            b.emit("src[1]", "v\(round % 3)", offset: offset)
            b.process("src[0]", "w\(round % 5)")
            b.fullCheckpoint(id, offsets: (offset, offset), discarding: id > 2 ? id - 2 : nil, drain: "v\(round % 3)")
            b.trigger(id + 1)
            if round % 3 == 2 { b.failover("count[0]", attempt: round / 3 + 1, from: id, offsets: (offset, offset)) }
        }
        return b.trace
    }

    @Test(arguments: [1, 5, 64])
    func jumpingEqualsSteppingFromTheStart(interval: Int) {
        let trace = SeekTests.longTrace(rounds: 9)
        var r = Replayer(trace: trace, interval: interval)
        // A fixed pseudo-random order of jumps, forwards and backwards.
        var x: UInt64 = 42
        var steps = [0, trace.events.count, trace.events.count - 1, 1]
        for _ in 0..<150 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            steps.append(Int((x >> 33) % UInt64(trace.events.count + 1)))
        }
        for k in steps {
            let jumped = r.state(at: k)
            #expect(jumped == r.stateFromStart(at: k), "step \(k)")
            #expect(jumped.step == k)
        }
    }

    @Test func steppingForwardAndBackEveryStepAgrees() {
        let trace = SeekTests.longTrace(rounds: 4)
        var r = Replayer(trace: trace, interval: 16)
        var reference = r.layout.initialState
        for k in 0...trace.events.count {
            if k > 0 { reference.apply(trace.events[k - 1], layout: r.layout, previous: k > 1 ? trace.events[k - 2] : nil) }
            #expect(r.state(at: k) == reference)
        }
        for k in stride(from: trace.events.count, through: 0, by: -1) {
            #expect(r.state(at: k) == r.stateFromStart(at: k))
        }
    }

    @Test func outOfRangeStepsClamp() {
        var r = Replayer(trace: TraceBuilder.standard().trace)
        #expect(r.state(at: -5).step == 0)
        #expect(r.state(at: 1_000_000).step == r.count)
    }
}
