import CheckpointCore
import CheckpointTrace
import Testing
@testable import CheckpointFuzz

/// The fuzzer's strategy and coverage take compact events directly; they must do exactly what
/// they do with the named events: the same schedules, the same situations reached.
@Suite struct CompactObserverTests {
    /// Hands an observer only named events (the default path for compact ones).
    final class Named: EventObserver {
        let inner: EventObserver
        init(_ inner: EventObserver) { self.inner = inner }
        func observe(_ event: TraceEvent) -> [TraceEvent] { inner.observe(event) }
    }

    func run(_ scenario: Scenario, seed: UInt64, named: Bool) throws -> (schedule: [RecordedStep], reached: SituationSet, events: Int) {
        let simulator = try Simulator(scenario: scenario, options: RunOptions(maxSteps: 5_000, seed: seed))
        let strategy = FuzzStrategy(kind: .boundary, seed: seed)
        let coverage = CoverageObserver(names: simulator.names)
        simulator.strategy = strategy
        simulator.observers = named ? [Named(strategy), Named(coverage)] : [strategy, coverage]
        simulator.start()
        let result = simulator.finish()
        return (strategy.schedule, coverage.reached, result.events)
    }

    @Test func compactAndNamedEventsGiveTheSameSchedulesAndCoverage() throws {
        var reachedAny: Set<Situation> = []
        for i in 0..<60 {
            let mode = [BarrierMode.aligned, .unaligned, .atLeastOnce][i % 3]
            let scenario = FuzzScenarios.generate(seed: UInt64(1_000 + i), mode: mode)
            let compact = try run(scenario, seed: UInt64(i), named: false)
            let named = try run(scenario, seed: UInt64(i), named: true)
            #expect(compact.schedule == named.schedule, "scenario \(i)")
            #expect(compact.reached == named.reached, "scenario \(i)")
            #expect(compact.events == named.events)
            reachedAny.formUnion(compact.reached)
        }
        // The comparison means something only if the compact-handled situations happen.
        #expect(reachedAny.isSuperset(of: [.failureDuringAlignment, .failureDuringAsyncSnapshot, .failureBetweenCompleteAndNotify,
                                           .barrierOvertakesData, .channelStateRestored, .recordBuffered]))
    }
}
