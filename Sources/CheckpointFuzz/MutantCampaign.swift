import CheckpointCheck
import CheckpointCore
import CheckpointHarness

/// One row of `ckpt fuzz --mutants`: whether and how fast a mutant was caught, and how small the
/// shrunk reproducer is.
public struct MutantRow: Sendable {
    public var mutant: Mutant
    public var caught: Bool
    public var invariant: String?
    public var schedules: Int
    /// The shrunk reproducer (nil if it did not reproduce as a script).
    public var reproducer: Scenario?
    public var originalSteps: Int?
    public var shrinkRuns = 0

    public init(mutant: Mutant, caught: Bool, invariant: String?, schedules: Int) {
        self.mutant = mutant; self.caught = caught; self.invariant = invariant; self.schedules = schedules
    }
}

/// Reproduces and shrinks a finding into a small scenario.
public enum FindingReducer {
    public static func reduce(_ f: Finding, mutant: Mutant?) -> (scenario: Scenario?, originalSteps: Int?, shrinkRuns: Int) {
        let reference = try? Simulator.failureFreeOutcome(of: f.scenario, maxSteps: 20_000)
        guard let repro = Reproducer.reproduce(f.scenario, seed: f.seed, outcome: f.outcome, invariant: f.invariant,
                                               mutant: mutant, reference: reference) else { return (nil, nil, 0) }
        var shrinker = Shrinker(invariant: f.invariant, mutant: mutant)
        let small = shrinker.shrink(repro)
        return (small, repro.script.count, shrinker.runs)
    }
}
