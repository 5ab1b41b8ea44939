import CheckpointCheck
import CheckpointCore
import CheckpointHarness
import CheckpointTrace
import PropertyBased
import Testing
@testable import CheckpointFuzz

/// The fuzzer: campaigns catch every mutant, the correct protocol passes, reproducers replay and
/// shrink, shards partition the runs.
@Suite struct FuzzTests {
    static func campaign(mutant: Mutant?, runs: Int, strategy: StrategyKind = .boundary, seed: UInt64 = 1) throws -> CampaignResult {
        var config = CampaignConfig()
        config.runs = runs
        config.seed = seed
        config.mutant = mutant
        config.strategy = strategy
        var c = Campaign(config: config)
        return try c.run()
    }

    @Test(arguments: Mutant.allCases)
    func everyMutantIsCaughtAndShrunkToAReproducer(mutant: Mutant) throws {
        var config = CampaignConfig()
        config.runs = 3_000
        config.seed = 1
        config.mutant = mutant
        config.stopAtFirstViolation = false
        var campaign = Campaign(config: config)
        var reduced: (Finding, Scenario)?
        var tried = 0
        _ = try campaign.run { r in
            guard r.findings.count > tried else { return true }
            let f = r.findings[tried]
            tried += 1
            if let s = FindingReducer.reduce(f, mutant: mutant).scenario { reduced = (f, s) }
            return reduced == nil && tried < 30
        }
        let (finding, repro) = try #require(reduced, "\(mutant.rawValue) not caught in 3,000 schedules")
        #expect(repro.script.count <= 25, "\(mutant.rawValue): \(repro.script.count) steps")
        // The written YAML replays to the same violation under ckpt run's semantics.
        let text = ScenarioWriter.yaml(repro)
        let parsed = try ScenarioParser.parse(text, file: "repro.yaml")
        let reference = try Simulator.failureFreeOutcome(of: parsed, maxSteps: 20_000)
        let again = try #require(Reproducer.violations(of: parsed, mutant: parsed.mutant, reference: reference))
        #expect(again.contains { $0.invariant == finding.invariant })
    }

    @Test func theCorrectProtocolPassesEveryStrategy() throws {
        for strategy in StrategyKind.allCases {
            let r = try Self.campaign(mutant: nil, runs: 400, strategy: strategy, seed: 7)
            #expect(r.findings.map { "\($0.invariant): \($0.detail)" } == [], "\(strategy.rawValue)")
            #expect(r.schedules == 400)
        }
    }

    @Test func campaignsAreDeterministic() throws {
        let a = try Self.campaign(mutant: nil, runs: 50, seed: 3)
        let b = try Self.campaign(mutant: nil, runs: 50, seed: 3)
        #expect(a.events == b.events && a.coverage == b.coverage)
    }

    @Test func campaignsReachTheProtocolSituations() throws {
        let r = try Self.campaign(mutant: nil, runs: 1_500, seed: 11)
        let reached = Set(r.coverage.keys)
        for s in [Situation.failureDuringAlignment, .failureDuringAsyncSnapshot, .lateAck, .staleAck, .restoreWithoutCheckpoint,
                  .barrierOvertakesData, .expiry, .tolerableExceeded, .maxConcurrentQueue] {
            #expect(reached.contains(s), "\(s.rawValue)")
        }
    }

    @Test func shardsPartitionTheRuns() async {
        await propertyCheck(count: 50, input: Gen.int(in: 1...8), Gen.int(in: 1...300)) { n, runs in
            var all: [Int] = []
            for i in 0..<n {
                var config = CampaignConfig()
                config.runs = runs
                config.shard = (i, n)
                all += Campaign(config: config).indices().filter { $0 < runs }
            }
            #expect(all.sorted() == Array(0..<runs))
        }
    }

    @Test func aScheduleReplaysAsAScriptToTheSameTrace() throws {
        // The reproducer's timing rules: a scripted deliver plus `advance` replays a fuzzed schedule.
        let scenario = FuzzScenarios.generate(seed: 5, mode: .aligned)
        let outcome = try FuzzRunner.run(scenario, seed: 9, strategy: .uniform, mutant: nil, reference: nil)
        let graph = try JobGraph(operators: scenario.job)
        let cut = outcome.stepsAtEndOfInput ?? outcome.schedule.count
        var replay = scenario
        replay.seed = 9
        replay.script = Reproducer.script(outcome.schedule, count: cut, graph: graph)
        let sim = try Simulator(scenario: replay, options: RunOptions(maxSteps: 20_000))
        #expect(throws: Never.self) { _ = try sim.run() }
    }
}
