import CheckpointCheck
import CheckpointCore
import CheckpointHarness
import CheckpointTrace

/// What a fuzz campaign explores.
public struct CampaignConfig: Sendable {
    public var runs = 1_000
    public var seed: UInt64 = 0
    /// A fixed scenario; nil explores the built-in topologies.
    public var scenario: Scenario?
    public var mode: BarrierMode?
    public var mutant: Mutant?
    public var strategy: StrategyKind = .boundary
    /// This shard's index and the number of shards: shard i takes runs i, i+n, i+2n, ...
    public var shard = (index: 0, count: 1)
    public var stopAtFirstViolation = true
    /// Built-in topologies: how many schedules each generated scenario gets (its reference run is shared).
    public var schedulesPerScenario = 16
    public var maxStepsPerRun = 5_000

    public init() {}
}

/// A violation a campaign found, with what it takes to reproduce it.
public struct Finding: Sendable {
    public var invariant: String
    public var detail: String
    /// The index of the schedule (run number within the whole campaign, across shards).
    public var run: Int
    public var seed: UInt64
    public var scenario: Scenario
    public var outcome: ScheduleOutcome
}

/// How a campaign went.
public struct CampaignResult: Sendable {
    public var schedules = 0
    public var events = 0
    public var unfinished = 0
    public var findings: [Finding] = []
    /// How many schedules reached each situation (none: not listed).
    public var coverage: [Situation: Int] {
        var counts: [Situation: Int] = [:]
        for (i, s) in Situation.allCases.enumerated() where reachedCounts[i] > 0 { counts[s] = reachedCounts[i] }
        return counts
    }
    /// How many schedules reached each situation, in `Situation.allCases` order: counted per
    /// schedule without hashing.
    var reachedCounts = [Int](repeating: 0, count: Situation.allCases.count)

    /// Counts the situations one more schedule reached.
    mutating func count(_ reached: SituationSet) {
        // A situation's bit is its place in `allCases` (`Situation.bit`).
        var bits = reached.bits
        while bits != 0 {
            reachedCounts[bits.trailingZeroBitCount] += 1
            bits &= bits - 1
        }
    }
    /// Schedules run before the first finding (inclusive).
    public var schedulesToFirstFinding: Int?
}

/// Runs schedules one after another: seeded, sharded, deterministic.
public struct Campaign {
    public let config: CampaignConfig
    var references: [UInt64: FailureFreeOutcome] = [:]
    var prepared: [UInt64: PreparedScenario] = [:]

    public init(config: CampaignConfig) { self.config = config }

    /// The seed of run `i` (a SplitMix64 step of the campaign seed and the index).
    public static func runSeed(_ base: UInt64, _ i: Int) -> UInt64 {
        var g = SplitMix64(seed: base &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
        // 53 bits: exact in every JSON reader.
        return g.next() & ((1 << 53) - 1)
    }

    /// The run indices this shard takes.
    public func indices() -> StrideThrough<Int> {
        stride(from: config.shard.index, through: max(config.shard.index, config.runs - 1), by: config.shard.count)
    }

    func scenario(forRun i: Int) -> (Scenario, key: UInt64) {
        if var s = config.scenario {
            if let m = config.mode { s.mode = m }
            return (s, 0)
        }
        let key = Campaign.runSeed(config.seed ^ 0xC0FFEE, i / max(1, config.schedulesPerScenario))
        return (FuzzScenarios.generate(seed: key, mode: config.mode), key)
    }

    /// Runs the campaign; `progress(result)` is called after every schedule and may return false
    /// to stop (Ctrl-C, a time limit).
    public mutating func run(progress: (CampaignResult) -> Bool = { _ in true }) throws(ScriptError) -> CampaignResult {
        var result = CampaignResult()
        let runner = ScheduleRunner()
        for i in indices() where i < config.runs {
            let (scenario, key) = scenario(forRun: i)
            let reference: FailureFreeOutcome?
            if let cached = references[key] {
                reference = cached
            } else {
                reference = try? Simulator.failureFreeOutcome(of: scenario, maxSteps: config.maxStepsPerRun)
                if references.count > 64 { references.removeAll(keepingCapacity: true) }
                references[key] = reference
            }
            let ready: PreparedScenario
            if let cached = prepared[key] {
                ready = cached
            } else {
                do { ready = try PreparedScenario(scenario) } catch {
                    throw ScriptError(step: 0, position: error.position, message: error.message)
                }
                if prepared.count > 64 { prepared.removeAll(keepingCapacity: true) }
                prepared[key] = ready
            }
            let seed = Campaign.runSeed(config.seed, i)
            let outcome = try runner.run(ready, seed: seed, strategy: config.strategy, mutant: config.mutant,
                                             reference: reference, maxSteps: config.maxStepsPerRun)
            result.schedules += 1
            result.events += outcome.events
            if !outcome.finished { result.unfinished += 1 }
            result.count(outcome.coverage)
            if let v = outcome.violations.first {
                result.findings.append(Finding(invariant: v.invariant, detail: v.detail, run: i, seed: seed, scenario: scenario, outcome: outcome))
                if result.schedulesToFirstFinding == nil { result.schedulesToFirstFinding = result.schedules }
                if config.stopAtFirstViolation { _ = progress(result); break }
                if result.findings.count >= 200 { result.findings.removeLast() }
            }
            if !progress(result) { break }
        }
        return result
    }
}
