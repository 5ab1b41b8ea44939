import CheckpointCheck
import CheckpointCore
import CheckpointHarness
import CheckpointTrace

/// The outcome of one fuzzed schedule.
public struct ScheduleOutcome: Sendable {
    public var violations: [Violation]
    public var schedule: [RecordedStep]
    /// How many steps of `schedule` had been taken when the first violation was found, and when
    /// the input ended (the final checkpoint's request), if they happened.
    public var stepsAtFirstViolation: Int?
    public var stepsAtEndOfInput: Int?
    public var coverage: SituationSet
    public var events: Int
    public var finished: Bool
}

/// The fuzz runner's own observers in one, called directly rather than each through the
/// simulator's list: the strategy (checkpoint boundaries), coverage, and the moments the
/// reproducer cuts at. It comes before the invariant checker in the list; the moments it notes
/// are the same wherever it stands, since the schedule only grows between events.
final class ScheduleObserver: EventObserver {
    let strategy: FuzzStrategy
    let coverage: CoverageObserver
    /// How many steps the schedule had when the first violation was found, and when the input ended.
    var firstViolation: Int?
    var endOfInput: Int?

    init(strategy: FuzzStrategy, coverage: CoverageObserver) {
        self.strategy = strategy
        self.coverage = coverage
    }

    func observe(_ e: TraceEvent) -> [TraceEvent] {
        _ = strategy.observe(e)
        _ = coverage.observe(e)
        if e.type == .invariantViolated, firstViolation == nil { firstViolation = strategy.schedule.count }
        if e.type == .endOfInput, endOfInput == nil { endOfInput = strategy.schedule.count }
        return []
    }

    /// Of the compact events, only `end-of-input` is a moment.
    @inline(__always) func observe(_ e: CompactEvent, names: EventNames) -> [TraceEvent] {
        strategy.note(e.type)
        coverage.note(e)
        if e.type == .endOfInput { inputEnded() }
        return []
    }

    @inline(never) func inputEnded() {
        if endOfInput == nil { endOfInput = strategy.schedule.count }
    }
}

/// Runs one schedule of a scenario under a fuzzing strategy, with every invariant checked online.
public enum FuzzRunner {
    public static func run(_ scenario: Scenario, seed: UInt64, strategy kind: StrategyKind, mutant: Mutant?,
                           reference: FailureFreeOutcome?, maxSteps: Int = 20_000, maxFailures: Int = 3) throws(ScriptError) -> ScheduleOutcome {
        let prepared: PreparedScenario
        do { prepared = try PreparedScenario(scenario) } catch {
            throw ScriptError(step: 0, position: error.position, message: error.message)
        }
        return try run(prepared, seed: seed, strategy: kind, mutant: mutant, reference: reference, maxSteps: maxSteps, maxFailures: maxFailures)
    }

    /// One schedule of a prepared scenario (a campaign prepares each scenario once).
    public static func run(_ prepared: PreparedScenario, seed: UInt64, strategy kind: StrategyKind, mutant: Mutant?,
                           reference: FailureFreeOutcome?, maxSteps: Int = 20_000, maxFailures: Int = 3) throws(ScriptError) -> ScheduleOutcome {
        try run(prepared, on: nil, checks: nil, seed: seed, strategy: kind, mutant: mutant, reference: reference, maxSteps: maxSteps,
                maxFailures: maxFailures).outcome
    }

    /// One schedule on `reusable` (restarted) if given, else on a new simulator, checked by
    /// `checks` (started over) if given, else by a new checker; `reusable` must have been made
    /// for `prepared`, and `checks` for a run of it.
    static func run(_ prepared: PreparedScenario, on reusable: Simulator?, checks reusableChecks: OnlineInvariants?, seed: UInt64,
                    strategy kind: StrategyKind, mutant: Mutant?, reference: FailureFreeOutcome?, maxSteps: Int,
                    maxFailures: Int) throws(ScriptError) -> (outcome: ScheduleOutcome, checks: OnlineInvariants) {
        let scenario = prepared.scenario
        var options = RunOptions(maxSteps: maxSteps, seed: seed, mutant: mutant)
        options.generator = "ckpt fuzz"
        let simulator: Simulator
        if let reusable {
            reusable.restart(options: options)
            simulator = reusable
        } else {
            simulator = Simulator(prepared: prepared, options: options)
        }
        let strategy = FuzzStrategy(kind: kind, maxFailures: maxFailures, seed: seed)
        simulator.strategy = strategy
        let coverage = CoverageObserver(names: simulator.names)
        let moments = ScheduleObserver(strategy: strategy, coverage: coverage)
        simulator.observers = [moments]
        let checks = simulator.checkInvariants(reference: reference, computeReference: false, prepared: prepared, reusing: reusableChecks)
        simulator.start()
        for (i, step) in scenario.script.enumerated() {
            if case .expect = step.action { continue }
            switch step.action {
            case .step, .runUntil: break
            default: strategy.schedule.append(.scripted(step.action))
            }
            _ = try simulator.performScriptStep(step, number: i + 1)
        }
        simulator.finishRun()
        let outcome = ScheduleOutcome(violations: checks.violations, schedule: strategy.schedule,
                                      stepsAtFirstViolation: moments.firstViolation, stepsAtEndOfInput: moments.endOfInput,
                                      coverage: coverage.reached, events: simulator.eventCount, finished: simulator.coordinator.jobFinished)
        return (outcome, checks)
    }
}

/// Runs the schedules of a campaign one after another, reusing one simulator while the scenario
/// stays the same (a campaign runs several schedules of each): each outcome is exactly what
/// `FuzzRunner.run` gives for the same arguments.
public final class ScheduleRunner {
    private var simulator: Simulator?
    private var checks: OnlineInvariants?
    private var simulatorFor: PreparedScenario?

    public init() {}

    public func run(_ prepared: PreparedScenario, seed: UInt64, strategy kind: StrategyKind, mutant: Mutant?,
                    reference: FailureFreeOutcome?, maxSteps: Int = 20_000, maxFailures: Int = 3) throws(ScriptError) -> ScheduleOutcome {
        let same = simulatorFor === prepared
        let reused = (same ? simulator : nil) ?? Simulator(prepared: prepared)
        let reusedChecks = same ? checks : nil
        // Let go first: whatever happens, the next schedule starts them over from the beginning.
        simulator = nil
        checks = nil
        simulatorFor = nil
        let (outcome, used) = try FuzzRunner.run(prepared, on: reused, checks: reusedChecks, seed: seed, strategy: kind, mutant: mutant,
                                                 reference: reference, maxSteps: maxSteps, maxFailures: maxFailures)
        simulator = reused
        checks = used
        simulatorFor = prepared
        return outcome
    }
}
