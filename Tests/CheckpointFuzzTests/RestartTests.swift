import CheckpointCore
import CheckpointHarness
import CheckpointTrace
import Testing
@testable import CheckpointFuzz

/// A campaign restarts one simulator for the schedules of a scenario instead of making a new one:
/// a restarted run must be byte for byte the run a new simulator makes, whatever the run before it left.
@Suite struct RestartTests {
    /// One fuzzed schedule on `simulator`, its trace written as JSON Lines.
    func trace(of simulator: Simulator, prepared: PreparedScenario, seed: UInt64, mutant: Mutant?, restart: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        let sink = JSONLinesTraceSink { bytes += $0 }
        if restart { simulator.restart(options: RunOptions(maxSteps: 3_000, seed: seed, mutant: mutant), trace: sink) }
        let strategy = FuzzStrategy(kind: .boundary, seed: seed)
        simulator.strategy = strategy
        simulator.observers = [strategy]
        simulator.checkInvariants(computeReference: false, prepared: prepared)
        simulator.start()
        simulator.finishRun()
        return bytes
    }

    @Test func aRestartedSimulatorWritesTheTraceANewOneWrites() throws {
        let mutants: [Mutant?] = [nil, nil, .staleAck, .noSourceRewind, .reuseIds, .dropInflight]
        for i in 0..<36 {
            let mode = [BarrierMode.aligned, .unaligned, .atLeastOnce][i % 3]
            let prepared = try PreparedScenario(FuzzScenarios.generate(seed: UInt64(i / 6), mode: mode))
            let reused = Simulator(prepared: prepared)
            // Several schedules on the same simulator, each compared with a new simulator's.
            for k in 0..<4 {
                let seed = UInt64(i * 10 + k)
                let mutant = mutants[(i + k) % mutants.count]
                var freshBytes: [UInt8] = []
                let sink = JSONLinesTraceSink { freshBytes += $0 }
                let fresh = Simulator(prepared: prepared, options: RunOptions(maxSteps: 3_000, seed: seed, mutant: mutant), trace: sink)
                _ = trace(of: fresh, prepared: prepared, seed: seed, mutant: mutant, restart: false)
                let restarted = trace(of: reused, prepared: prepared, seed: seed, mutant: mutant, restart: true)
                #expect(!freshBytes.isEmpty)
                #expect(restarted == freshBytes, "scenario \(i), schedule \(k)")
            }
        }
    }

    /// The runner restarts its simulator and its checker; each outcome must be a new pair's.
    @Test func aScheduleRunnerGivesWhatFuzzRunnerGives() throws {
        let runner = ScheduleRunner()
        var found = 0
        for i in 0..<30 {
            let scenario = FuzzScenarios.generate(seed: UInt64(i / 3), mode: [BarrierMode.aligned, .unaligned, .atLeastOnce][i % 3])
            let prepared = try PreparedScenario(scenario)
            let reference = try Simulator.failureFreeOutcome(of: scenario, maxSteps: 3_000)
            for seed in UInt64(0)..<5 {
                // Mutants make violations, so that the restarted checker's findings are compared too.
                let mutant: Mutant? = seed % 2 == 0 ? nil : Mutant.allCases[(i + Int(seed)) % Mutant.allCases.count]
                let a = try runner.run(prepared, seed: seed, strategy: .boundary, mutant: mutant, reference: reference, maxSteps: 3_000)
                let b = try FuzzRunner.run(prepared, seed: seed, strategy: .boundary, mutant: mutant, reference: reference, maxSteps: 3_000)
                #expect(a.events == b.events && a.finished == b.finished && a.coverage == b.coverage, "scenario \(i), seed \(seed)")
                #expect(a.violations.map(\.detail) == b.violations.map(\.detail))
                #expect(a.violations.map(\.seq) == b.violations.map(\.seq))
                found += a.violations.count
                #expect(a.stepsAtFirstViolation == b.stepsAtFirstViolation && a.stepsAtEndOfInput == b.stepsAtEndOfInput)
                #expect(a.schedule.count == b.schedule.count)
            }
        }
        #expect(found > 0, "no mutant was caught: the checker's restart went untested")
    }
}
