import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore
@testable import CheckpointHarness

/// A prepared scenario (the job graph, names and failure-free reference built once) runs exactly as a fresh one.
@Suite struct PreparedScenarioTests {
    @Test func aPreparedScenarioRunsLikeAFreshOne() throws {
        let scenario = try parse(OnlineInvariantsTests.wordCount.replacingOccurrences(of: "MODE", with: "unaligned"))
        let prepared = try PreparedScenario(scenario)
        for seed in UInt64(1)...5 {
            func trace(_ simulator: Simulator, _ sink: MemoryTraceSink) throws -> [UInt8] {
                simulator.checkInvariants(reference: nil, computeReference: true, prepared: prepared)
                _ = try simulator.run()
                return TraceWriter.encode(sink.trace)
            }
            let a = MemoryTraceSink(), b = MemoryTraceSink()
            let options = RunOptions(maxSteps: 50_000, seed: seed, mutant: .dropInflight)
            let fresh = try trace(try Simulator(scenario: scenario, options: options, trace: a), a)
            let reused = try trace(Simulator(prepared: prepared, options: options, trace: b), b)
            #expect(fresh == reused)
            #expect(a.events.contains { $0.type == .recordProcessed })
        }
    }
}
