import CheckpointCore
import CheckpointTrace

/// How the fuzzer picks actions and injects failures.
public enum StrategyKind: String, Sendable, CaseIterable {
    /// Uniform choice among enabled actions, failures injected at a small uniform rate.
    case uniform
    /// Uniform choice, failures injected mostly right after checkpoint boundaries (trigger, snapshot,
    /// ack, completion, notification, restore), where ordering bugs live.
    case boundary
    /// PCT-style priority scheduling: each channel and source has a random priority, the highest
    /// enabled one goes next, priorities drop at a few random change points; boundary failures.
    case pct
}

/// One step of a fuzzed run as recorded: a scheduler choice (what, when, whether timers fired just
/// before it), or a step of the scenario's own script.
public enum RecordedStep: Sendable, Hashable {
    case choice(SchedulerAction, time: Int, timersFiredBefore: Bool)
    case scripted(ScriptAction)
}

/// A fuzzing strategy: chooses actions, injects failures, and records the schedule it produced.
public final class FuzzStrategy: SchedulingStrategy, EventObserver {
    public let kind: StrategyKind
    let maxFailures: Int
    public internal(set) var schedule: [RecordedStep] = []
    public private(set) var failuresInjected = 0
    var sinceBoundary = Int.max
    var timersSeen = 0
    var priorities: [SchedulerAction: UInt64] = [:]
    var changePoints: Set<Int> = []
    var steps = 0

    public init(kind: StrategyKind, maxFailures: Int = 3, seed: UInt64) {
        self.kind = kind
        self.maxFailures = maxFailures
        // One allocation for a usual schedule's steps instead of growing step by step.
        schedule.reserveCapacity(128)
        var g = SplitMix64(seed: seed ^ 0x9E37_79B9)
        if kind == .pct { for _ in 0..<3 { changePoints.insert(g.below(300)) } }
    }

    /// Boundary events make the next few steps likely failure points.
    public func observe(_ e: TraceEvent) -> [TraceEvent] {
        if FuzzStrategy.isBoundary(e.type) { sinceBoundary = 0 }
        return []
    }

    public func observe(_ e: CompactEvent, names: EventNames) -> [TraceEvent] {
        note(e.type)
        return []
    }

    /// `observe` without a list of events to return (the fuzz runner calls this one at every event).
    func note(_ type: EventType) {
        if FuzzStrategy.isBoundary(type) { sinceBoundary = 0 }
    }

    static func isBoundary(_ type: EventType) -> Bool {
        switch type {
        case .checkpointTriggered, .snapshotStarted, .ackReceived, .checkpointCompleted, .notifyCompleteSent,
             .restoreStarted, .alignmentStarted, .channelBlocked, .checkpointAborted, .barrierSent:
            return true
        default: return false
        }
    }

    public func choose(from actions: EnabledActions, in sim: Simulator, rng: inout SplitMix64) -> SchedulerAction {
        steps += 1
        let fired = sim.timersFired != timersSeen
        timersSeen = sim.timersFired
        defer { sinceBoundary = sinceBoundary == Int.max ? Int.max : sinceBoundary + 1 }
        var action = pick(actions, sim, &rng)
        if failuresInjected < maxFailures, let failure = maybeFailure(sim, &rng) {
            failuresInjected += 1
            action = failure
        }
        schedule.append(.choice(action, time: sim.now, timersFiredBefore: fired))
        return action
    }

    func pick(_ actions: EnabledActions, _ sim: Simulator, _ rng: inout SplitMix64) -> SchedulerAction {
        guard kind == .pct else { return actions[rng.below(actions.count)] }
        var best = actions[0]
        var bestPriority: UInt64 = 0
        for a in actions {
            let p = priorities[a] ?? { let v = rng.next() | 1; priorities[a] = v; return v }()
            if p > bestPriority { best = a; bestPriority = p }
        }
        if changePoints.contains(steps) { priorities[best] = 0 }
        return best
    }

    func maybeFailure(_ sim: Simulator, _ rng: inout SplitMix64) -> SchedulerAction? {
        let perMillion: Int
        switch kind {
        case .uniform: perMillion = 15_000
        case .boundary, .pct: perMillion = sinceBoundary <= 1 ? 120_000 : 2_000
        }
        guard rng.below(1_000_000) < perMillion else { return nil }
        let task = rng.below(sim.graph.tasks.count)
        if rng.below(2) == 0 { return .fail(task: task) }
        let pending = sim.coordinator.pending.map(\.id)
        let id = pending.isEmpty || rng.below(3) == 0 ? sim.coordinator.nextId : pending[rng.below(pending.count)]
        return .failSnapshot(task: task, checkpoint: id, phase: rng.below(3) == 0 ? .sync : .async)
    }
}
