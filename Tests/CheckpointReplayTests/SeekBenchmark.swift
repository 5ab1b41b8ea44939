import Testing
import Foundation
import CheckpointTrace
@testable import CheckpointReplay

/// The seek benchmark of docs/bench-replay.md; runs only with CKPT_BENCH=1 (it takes seconds).
@Suite struct SeekBenchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CKPT_BENCH"] == "1"))
    func randomJumpsInAMillionEventTrace() {
        let trace = SeekTests.longTrace(rounds: 18_000)  // about 1.0 million events
        let clock = ContinuousClock()
        var replayer: Replayer!
        let build = clock.measure { replayer = Replayer(trace: trace) }
        var x: UInt64 = 7
        var worst = Duration.zero, total = Duration.zero
        let jumps = 500
        for _ in 0..<jumps {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let k = Int((x >> 33) % UInt64(trace.events.count + 1))
            let d = clock.measure { _ = replayer.state(at: k) }
            worst = max(worst, d); total += d
        }
        print("BENCH events=\(trace.events.count) index-build=\(build) jumps=\(jumps) mean=\(total / jumps) worst=\(worst)")
        #expect(worst < .milliseconds(50))
    }
}
