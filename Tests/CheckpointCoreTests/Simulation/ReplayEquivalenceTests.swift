import CheckpointReplay
import CheckpointTestSupport
import CheckpointTrace
import PropertyBased
import Testing
@testable import CheckpointCore
@testable import CheckpointHarness

/// The replay model rebuilt from a trace agrees with the simulator's own state at every step:
/// what is in flight on every channel, alignment buffers and blocked channels, source offsets,
/// keyed counts, and the coordinator's pending checkpoints, store and attempt.
@Suite struct ReplayEquivalenceTests {
    static func compare(seed: Int, mode: BarrierMode) throws {
        let (scenario, _) = ProtocolPropertyTests.scenario(seed: UInt64(seed), mode: mode)
        let sink = MemoryTraceSink()
        let sim = try Simulator(scenario: scenario, options: RunOptions(maxSteps: 20_000), trace: sink)
        sim.strategy = FailureInjectingScheduler(ratePerMillion: 30_000, maxFailures: 3)
        sim.start()
        for (i, step) in scenario.script.enumerated() { _ = try sim.performScriptStep(step, number: i + 1) }
        var checkpoints: [(Int, SimulatorView)] = [(sink.events.count, SimulatorView(sim))]
        while sim.steps < 20_000, sim.schedulerStep() {
            if sink.events.count != checkpoints.last!.0 { checkpoints.append((sink.events.count, SimulatorView(sim))) }
            if sim.coordinator.jobFinished { break }
        }
        var replayer = Replayer(trace: sink.trace, interval: 64)
        for (step, view) in checkpoints {
            let state = replayer.state(at: step)
            #expect(state.mismatches == 0, "seed \(seed) \(mode) step \(step)")
            for (i, c) in sim.graph.channels.enumerated() {
                let replayed = state.channel(c.id)?.queue.count ?? -1
                if replayed != view.inFlight[i] {
                    Issue.record("seed \(seed) \(mode) step \(step): \(c.id) has \(view.inFlight[i]) in flight, replay says \(replayed)")
                    return
                }
            }
            for (t, task) in sim.graph.tasks.enumerated() {
                guard let r = state.task(task.id) else { Issue.record("no task \(task.id)"); return }
                #expect(r.buffered.count == view.buffered[t], "seed \(seed) \(mode) step \(step): buffer of \(task.id)")
                #expect(Set(r.blocked) == view.blocked[t], "seed \(seed) \(mode) step \(step): blocked at \(task.id)")
                if task.isSource { #expect(r.offset == view.offsets[t], "seed \(seed) step \(step): offset of \(task.id)") }
                if task.kind == .keyedCount { #expect((r.counts ?? [:]) == view.counts[t], "seed \(seed) step \(step): counts of \(task.id)") }
            }
            #expect(state.coordinator.pending.map(\.id) == view.pending, "seed \(seed) \(mode) step \(step): pending")
            #expect(state.coordinator.store == view.store, "seed \(seed) \(mode) step \(step): store")
            #expect(state.coordinator.attempt == view.attempt, "seed \(seed) \(mode) step \(step): attempt")
        }
    }

    /// The simulator's state at one step, in the replay model's terms.
    struct SimulatorView {
        var inFlight: [Int]
        var buffered: [Int]
        var blocked: [Set<String>]
        var offsets: [Int]
        var counts: [[String: Int]]
        var pending: [Int]
        var store: [Int]
        var attempt: Int

        init(_ sim: Simulator) {
            inFlight = sim.queues.map(\.count)
            buffered = sim.graph.tasks.map { t in t.inputs.reduce(0) { $0 + sim.buffers[$1].count } }
            blocked = sim.graph.tasks.map { t in Set(t.inputs.filter { sim.blocked[$0] }.map { sim.graph.channels[$0].id }) }
            offsets = sim.tasks.map(\.offset)
            counts = sim.tasks.map(\.counts)
            pending = sim.coordinator.pending.map(\.id)
            store = sim.coordinator.store.checkpoints.map(\.id)
            attempt = sim.attempt
        }
    }

    @Test func replayAgreesWithTheSimulatorAtEveryStep() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...2)) { seed, m in
            try Self.compare(seed: seed, mode: BarrierMode.allCases[m])
        }
    }
}
