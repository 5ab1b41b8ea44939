import CheckpointCore
import CheckpointTrace

/// One action a learner may pick in explore mode, with what it shows and the script step it is.
public struct ExploreChoice: Sendable, Hashable {
    public var label: String
    public var action: ScriptAction
    /// `deliver`, `emit`, `timer`, `trigger` or `failure`, for grouping on screen.
    public var group: String
}

/// Explore mode ("what if?"): run a scenario's job one chosen action at a time, undo, and save the
/// path taken as a scenario whose script `ckpt run` replays to the same trace.
public final class ExploreSession {
    public let base: Scenario
    public let seed: UInt64
    public private(set) var path: [ScriptAction] = []
    public private(set) var simulator: Simulator
    private var sink: MemoryTraceSink
    public private(set) var warnings: [String] = []

    /// Starts at time 0 with the scenario's job and settings; its own script is not run.
    public init(scenario: Scenario, seed: UInt64? = nil) throws(JobError) {
        var s = scenario
        s.script = []
        s.expectations = []
        base = s
        self.seed = seed ?? scenario.seed
        (simulator, sink) = try ExploreSession.fresh(s, seed: self.seed)
    }

    static func fresh(_ s: Scenario, seed: UInt64) throws(JobError) -> (Simulator, MemoryTraceSink) {
        let sink = MemoryTraceSink()
        var options = RunOptions(seed: seed)
        options.generator = "ckpt explore"
        let sim = try Simulator(scenario: s, options: options, trace: sink)
        sim.start()
        return (sim, sink)
    }

    /// The trace so far.
    public var trace: Trace { sink.trace }
    public var events: [TraceEvent] { sink.events }

    /// Everything that may be done now, in a fixed order: deliveries, emits, the next timer,
    /// manual triggers, then failures.
    public func choices() -> [ExploreChoice] {
        var out: [ExploreChoice] = []
        let g = simulator.graph
        for c in g.channels.indices where simulator.isDeliverable(c) {
            let ch = g.channels[c]
            let network = simulator.network
            let head = (!network.isBlocked(c) ? network.buffer(c).first : nil) ?? network.queue(c).first
            let into = network.isBlocked(c) ? " (into the alignment buffer: the channel is blocked)" : ""
            out.append(ExploreChoice(label: "deliver \(ch.id): \(head.map(ExploreSession.describe) ?? "?")\(into)",
                                     action: .deliver(from: g.name(of: ch.from), to: g.name(of: ch.to)), group: "deliver"))
        }
        for s in g.sourceTasks {
            let data = g.operators[g.tasks[s].operatorIndex].data[g.tasks[s].subtask]
            let offset = simulator.tasks[s].offset
            if offset < data.count {
                out.append(ExploreChoice(label: "emit \(g.tasks[s].id): record \(JSONWriter.string(.string(data[offset])))",
                                         action: .emit(task: g.tasks[s].id), group: "emit"))
            }
        }
        if let timer = simulator.timers.next {
            let wait = max(0, timer.due - simulator.now)
            out.append(ExploreChoice(label: "advance \(wait) ms: \(describe(timer.kind)) at \(timer.due) ms",
                                     action: .advance(wait), group: "timer"))
        }
        out.append(ExploreChoice(label: "trigger a checkpoint", action: .trigger(.checkpoint), group: "trigger"))
        out.append(ExploreChoice(label: "trigger a savepoint", action: .trigger(.savepoint), group: "trigger"))
        for t in g.tasks.indices {
            out.append(ExploreChoice(label: "fail \(g.tasks[t].id) (crash: failover)", action: .fail(task: g.tasks[t].id), group: "failure"))
        }
        let target = simulator.coordinator.pending.last?.id ?? simulator.coordinator.nextId
        for t in g.tasks.indices {
            for phase in [SnapshotPhase.async, .sync] {
                out.append(ExploreChoice(label: "fail \(g.tasks[t].id)'s \(phase.rawValue) snapshot of checkpoint \(target)",
                                         action: .failSnapshot(task: g.tasks[t].id, checkpoint: target, phase: phase), group: "failure"))
            }
        }
        return out
    }

    /// Takes one step of the path.
    public func take(_ action: ScriptAction) throws(ScriptError) {
        let w = try simulator.performScriptStep(ScriptStep(action), number: path.count + 1)
        warnings += w
        path.append(action)
    }

    /// Lets the seeded scheduler take one step (recorded as `step: 1`).
    public func schedulerStep() throws(ScriptError) { try take(.step(1)) }

    /// Steps back by re-running the path without its last step (deterministic).
    public func undo() {
        guard !path.isEmpty else { return }
        var remaining = path
        remaining.removeLast()
        guard let (sim, s) = try? ExploreSession.fresh(base, seed: seed) else { return }
        simulator = sim
        sink = s
        path = []
        warnings = []
        for a in remaining { try? take(a) }
    }

    /// The path as a scenario: the same job and settings with the path as its script.
    public func savedScenario(id: String? = nil) -> Scenario {
        var s = base
        if let id { s.id = id }
        s.seed = seed
        s.script = path.map { ScriptStep($0) }
        return s
    }

    static func describe(_ item: ChannelItem) -> String {
        switch item {
        case .record(let r): return "record \(JSONWriter.string(.string(r)))"
        case .barrier(let id, let kind): return kind == .savepoint ? "barrier \(id) (savepoint)" : "barrier \(id)"
        case .cancelMarker(let id): return "cancel marker \(id)"
        case .trigger(let id, let kind): return "trigger \(kind.rawValue) \(id)"
        case .notifyComplete(let id): return "notify-complete \(id)"
        case .notifyAborted(let id, _): return "notify-aborted \(id)"
        case .ack(let id, let a, _): return "ack \(id) (attempt \(a))"
        case .decline(let id, let a, let reason): return "decline \(id) (attempt \(a), \(reason))"
        }
    }

    func describe(_ kind: TimerKind) -> String {
        switch kind {
        case .periodicTrigger: return "the periodic checkpoint trigger"
        case .checkpointTimeout(let id): return "the timeout of checkpoint \(id)"
        case .asyncPhaseEnd(let t, let id, _): return "the end of \(simulator.graph.tasks[t].id)'s asynchronous snapshot of checkpoint \(id)"
        }
    }
}
