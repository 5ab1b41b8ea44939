import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore
@testable import CheckpointHarness

/// The enabled actions a strategy is shown are kept incrementally (deliverable channels, sources
/// with records left): at every step they must be what the channels and offsets say, in order.
@Suite struct SchedulingTests {
    /// Checks each step's actions against a recount from the simulator's state, then lets a
    /// failure-injecting scheduler choose (so that restores rewind sources).
    final class CheckingScheduler: SchedulingStrategy {
        let inner = FailureInjectingScheduler(ratePerMillion: 40_000, maxFailures: 3)
        var steps = 0
        var mismatches: [String] = []

        func choose(from actions: EnabledActions, in sim: Simulator, rng: inout SplitMix64) -> SchedulerAction {
            steps += 1
            var expected = sim.graph.channels.indices.filter { sim.isDeliverable($0) }.map { SchedulerAction.deliver(channel: $0) }
            for (i, s) in sim.graph.sourceTasks.enumerated() where sim.tasks[s].offset < sim.sourceLengths[i] {
                expected.append(.emit(task: s))
            }
            if (Array(actions) != expected || sim.enabledActions() != expected) && mismatches.count < 3 {
                mismatches.append("step \(steps): \(Array(actions)) != \(expected)")
            }
            return inner.choose(from: actions, in: sim, rng: &rng)
        }
    }

    static func check(_ scenario: Scenario, seed: UInt64) throws -> CheckingScheduler {
        let simulator = try Simulator(scenario: scenario, options: RunOptions(maxSteps: 100_000, seed: seed))
        let strategy = CheckingScheduler()
        simulator.strategy = strategy
        _ = try simulator.run()
        return strategy
    }

    @Test(arguments: BarrierMode.allCases)
    func actionsMatchTheChannelsAndOffsetsAtEveryStep(mode: BarrierMode) throws {
        var steps = 0
        for seed in UInt64(0)..<40 {
            let (scenario, _) = ProtocolPropertyTests.scenario(seed: seed, mode: mode)
            let checked = try SchedulingTests.check(scenario, seed: seed)
            #expect(checked.mismatches == [], "seed \(seed)")
            steps += checked.steps
        }
        #expect(steps > 1_000)
    }

    /// More than 64 sources: the sources past the 64th are found from their offsets.
    @Test func moreThanSixtyFourSources() throws {
        let data = (0..<70).map { i in (0..<(i % 3)).map { "w\($0)" } }
        let job = [OperatorSpec(name: "src", kind: .source, parallelism: 70, data: data),
                   OperatorSpec(name: "out", kind: .sink, parallelism: 2, inputs: ["src"])]
        var config = CheckpointConfig()
        config.interval = 7
        let scenario = Scenario(id: "many", seed: 3, mode: .aligned, checkpointing: config, job: job, script: [])
        let checked = try SchedulingTests.check(scenario, seed: 3)
        #expect(checked.mismatches == [])
        #expect(checked.steps > 70)
    }
}
