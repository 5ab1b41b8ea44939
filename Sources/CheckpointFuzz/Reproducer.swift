import CheckpointCheck
import CheckpointCore
import CheckpointHarness
import CheckpointTrace

/// Turns a fuzzed schedule into a scenario whose script replays it under `ckpt run`: scheduler
/// choices become `deliver`/`emit`/`fail`/`fail-snapshot` steps, and `advance` steps move the
/// clock as the scheduler did (a delivery takes 1 ms; due timers fire before the next choice).
public enum Reproducer {
    /// The script for the first `count` recorded steps.
    public static func script(_ schedule: [RecordedStep], count: Int, graph: JobGraph) -> [ScriptStep] {
        var out: [ScriptStep] = []
        var now = 0
        for step in schedule.prefix(count) {
            switch step {
            case .scripted(let action):
                if case .advance(let n) = action { now += n }
                out.append(ScriptStep(action))
            case .choice(let action, let time, let fired):
                if time > now {
                    out.append(ScriptStep(.advance(time - now)))
                    now = time
                } else if fired {
                    out.append(ScriptStep(.advance(0)))
                }
                switch action {
                case .deliver(let c):
                    let ch = graph.channels[c]
                    out.append(ScriptStep(.deliver(from: graph.name(of: ch.from), to: graph.name(of: ch.to))))
                case .emit(let t): out.append(ScriptStep(.emit(task: graph.tasks[t].id)))
                case .fail(let t): out.append(ScriptStep(.fail(task: graph.tasks[t].id)))
                case .failSnapshot(let t, let id, let phase):
                    out.append(ScriptStep(.failSnapshot(task: graph.tasks[t].id, checkpoint: id, phase: phase)))
                }
            }
        }
        return out
    }

    /// Runs a scenario as `ckpt run` does (seeded scheduler after the script, invariants checked
    /// against the failure-free reference) and returns the invariants it violates, or nil when
    /// the script cannot be performed.
    public static func violations(of scenario: Scenario, mutant: Mutant?, reference: FailureFreeOutcome?, maxSteps: Int = 20_000) -> [Violation]? {
        var options = RunOptions(maxSteps: maxSteps, mutant: mutant)
        options.generator = "ckpt fuzz"
        guard let simulator = try? Simulator(scenario: scenario, options: options) else { return nil }
        let checks = simulator.checkInvariants(reference: reference, computeReference: false)
        guard (try? simulator.run()) != nil else { return nil }
        return checks.violations
    }

    /// A scenario that reproduces `invariant`, cut at the first violation or at the end of input,
    /// whichever replays; nil if neither does.
    public static func reproduce(_ base: Scenario, seed: UInt64, outcome: ScheduleOutcome, invariant: String, mutant: Mutant?,
                                 reference: FailureFreeOutcome?) -> Scenario? {
        guard let graph = try? JobGraph(operators: base.job) else { return nil }
        var cuts: [Int] = []
        if let v = outcome.stepsAtFirstViolation { cuts.append(v) }
        if let e = outcome.stepsAtEndOfInput { cuts.append(e) }
        cuts.append(outcome.schedule.count)
        for cut in Set(cuts).sorted() {
            var s = base
            s.seed = seed
            s.id = "reproducer"
            s.mutant = mutant
            s.script = script(outcome.schedule, count: cut, graph: graph)
            s.expectations = []
            s.narration = []
            if let v = violations(of: s, mutant: mutant, reference: reference), v.contains(where: { $0.invariant == invariant }) {
                return s
            }
        }
        return nil
    }
}
