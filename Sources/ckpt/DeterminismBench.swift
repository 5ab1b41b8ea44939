import ArgumentParser
import CheckpointCore
import CheckpointTrace
import Foundation

/// `ckpt bench --what determinism`: runs the tour-like WordCount job for many seeds twice each in
/// all three modes, checks each pair is byte-identical, and prints a digest of every trace, so that
/// debug and release builds (or two machines) can be compared.
enum DeterminismBench {
    static func run(seeds: Int) throws {
        guard (1...1_000_000).contains(seeds) else { throw UsageFailure("--seeds must be 1...1000000") }
        var digest: UInt64 = 0xCBF2_9CE4_8422_2325
        var differing = 0
        var bytes = 0
        let start = ContinuousClock.now
        for mode in BarrierMode.allCases {
            var scenario = BenchScenarios.wordCount(linesPerSubtask: 3)
            scenario.mode = mode
            scenario.checkpointing.interval = 7
            scenario.script = [ScriptStep(.step(40)), ScriptStep(.fail(task: "count[1]"))]
            for seed in 0..<UInt64(seeds) {
                let a = try traceBytes(scenario, seed: seed)
                let b = try traceBytes(scenario, seed: seed)
                if a != b { differing += 1 }
                bytes += a.count
                for byte in a { digest = (digest ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
            }
        }
        let elapsed = ContinuousClock.now - start
        print("determinism: \(seeds) seeds × 3 modes × 2 runs, \(differing) pair(s) differed, \(bytes / 1_000_000) MB of traces, digest \(String(digest, radix: 16)), \(elapsed)")
        if differing > 0 { throw ExitCode(1) }
    }

    static func traceBytes(_ scenario: Scenario, seed: UInt64) throws -> [UInt8] {
        var out: [UInt8] = []
        let sink = JSONLinesTraceSink { out += $0 }
        var options = RunOptions(seed: seed)
        options.generator = "ckpt bench"
        let simulator = try Simulator(scenario: scenario, options: options, trace: sink)
        _ = try simulator.run()
        return out
    }
}
