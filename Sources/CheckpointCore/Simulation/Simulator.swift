import CheckpointTrace

/// Settings of one run that are not part of the scenario.
public struct RunOptions: Sendable {
    /// The step limit (`--max-steps`): reaching it before the job ends is a failed expectation.
    public var maxSteps = 1_000_000
    public var seed: UInt64?
    public var mutant: Mutant?
    /// Leave out scripted failures (`fail`, `fail-snapshot`): for the failure-free reference run.
    public var withoutScriptedFailures = false
    public var generator = "ckpt"

    public static let maxStepsLimit = 100_000_000

    public init(maxSteps: Int = 1_000_000, seed: UInt64? = nil, mutant: Mutant? = nil) {
        self.maxSteps = maxSteps; self.seed = seed; self.mutant = mutant
    }
}

/// Watches events as they are recorded and may add events of its own (an online invariant checker).
public protocol EventObserver: AnyObject {
    func observe(_ event: TraceEvent) -> [TraceEvent]
    /// An event in compact form (see `CompactEvent`); by default observed as the trace
    /// event it stands for.
    func observe(_ event: CompactEvent, names: EventNames) -> [TraceEvent]
    /// The observer's last events when the run ends (the invariant checker's final checks); none
    /// by default. A requirement, not a cast to another protocol, so that ending a run looks up
    /// no conformance.
    func finish(_ simulator: Simulator) -> [TraceEvent]
}

/// An observer the simulator asks at every compact event whether it found something (the online
/// invariant checker, in CheckpointHarness): one call per event, and no list made for an event
/// that breaks nothing.
public protocol EventChecker: EventObserver {
    /// Checks a compact event; true when it found something, which `takeFindings` then gives.
    func check(_ event: CompactEvent, names: EventNames) -> Bool
    /// The events to record for what the last checked event broke.
    func takeFindings() -> [TraceEvent]
}

extension EventObserver {
    public func observe(_ event: CompactEvent, names: EventNames) -> [TraceEvent] {
        observe(event.traceEvent(names: names))
    }

    public func finish(_ simulator: Simulator) -> [TraceEvent] { [] }
}

/// The deterministic simulator: a Flink-like job, its checkpoint coordinator, channels, timers and
/// a seeded scheduler. One instance runs one scenario once, or once per `restart` (a fuzz
/// campaign's schedules).
public final class Simulator {
    public let scenario: Scenario
    public let graph: JobGraph
    /// Task and channel ids by index, for events in compact form.
    public let names: EventNames
    public let mode: BarrierMode
    public let config: CheckpointConfig
    public private(set) var options: RunOptions
    /// The protocol bug switched on: `--mutant`, else the scenario's `mutant`.
    public private(set) var mutant: Mutant?
    /// The points where the mutant makes the protocol deviate from Flink's (none without one).
    public private(set) var deviations = ProtocolDeviations(nil)
    public private(set) var seed: UInt64

    public internal(set) var now = 0
    public internal(set) var steps = 0
    public internal(set) var eventCount = 0
    public internal(set) var attempt = 0
    /// The scheduler's choices (which action next, injected failures) come from this stream ...
    var rng: SplitMix64
    /// ... and the environment's (asynchronous phase lengths, the first periodic delay) from this
    /// one, so that a scripted replay of a schedule (no choices drawn) sees the same environment.
    var environment: SplitMix64
    public var strategy: SchedulingStrategy = SeededScheduler()

    public internal(set) var coordinator = CoordinatorState()
    public let tasks: [TaskRuntime]
    /// Queues, alignment buffers and blocks of every channel.
    public let network: ChannelTable
    /// Every channel's queue, alignment buffer and block, as lists (copies: `network` reads one).
    public var queues: [FIFO<ChannelItem>] { network.queues }
    public var buffers: [FIFO<ChannelItem>] { network.buffers }
    public var blocked: [Bool] { network.blocked }
    public internal(set) var timers = TimerQueue()
    public internal(set) var outputs = OutputStore()
    /// Records in data channels and alignment buffers, and records sources have yet to emit.
    var recordsInFlight = 0
    var recordsToEmit = 0

    private(set) var traceSink: TraceSink
    /// The sink discards everything (fuzzing, benchmarks): it is not called at all.
    private(set) var sinkDiscards: Bool
    public var observers: [EventObserver] = [] {
        didSet {
            checksAt = observers.firstIndex { $0 is EventChecker } ?? -1
            checker = checksAt < 0 ? nil : observers[checksAt] as? EventChecker
        }
    }
    /// Where the checker is in `observers` (-1: none): it is asked through `EventChecker`, which
    /// makes no list for an event that breaks nothing, as it sees every event.
    private var checksAt = -1
    private var checker: EventChecker?
    public internal(set) var summary = RunSummary()
    /// Matchers of the script and final expectations, with how many events matched each so far.
    var matchers: [EventMatcher] = []
    var matchCounts: [Int] = []
    var scriptDone = false
    /// The enabled actions of the current step, written anew at each: room for a delivery per
    /// channel and an emit per source, allocated once (a step allocates nothing).
    private let actionStorage: UnsafeMutablePointer<SchedulerAction>
    /// Reused by tokenizing operators: the words of a line, and the bytes of a word.
    var words: [String] = []
    var wordBytes: [UInt8] = []
    /// Records per source task (same order as `graph.sourceTasks`).
    let sourceLengths: [Int]
    /// The sources (by position in `graph.sourceTasks`, the first 64) with records left to emit,
    /// a bit each: kept as offsets change, so that listing the enabled actions reads no task.
    var emittable: UInt64 = 0
    public internal(set) var stalled = false
    /// How many timers have fired so far.
    public internal(set) var timersFired = 0
    /// The time at which the last scheduler choice was performed.
    public internal(set) var lastChoiceTime = 0

    public convenience init(scenario: Scenario, options: RunOptions = RunOptions(), trace: TraceSink = NullTraceSink()) throws(JobError) {
        let graph = try JobGraph(operators: scenario.job, maxTasks: scenario.taskLimit)
        self.init(scenario: scenario, graph: graph, names: EventNames(tasks: graph.tasks.map(\.id), channels: graph.channels.map(\.id)),
                  options: options, trace: trace)
    }

    /// A run of a scenario whose job graph and names were built before (once for many runs: a
    /// prepared scenario's); `graph` must be the scenario's job and `names` its ids.
    public init(scenario: Scenario, graph: JobGraph, names: EventNames, options: RunOptions, trace: TraceSink) {
        self.scenario = scenario
        self.graph = graph
        self.names = names
        self.mode = scenario.mode
        var config = scenario.checkpointing
        if config.interval > 0 && config.interval < config.minPause { config.interval = config.minPause }
        self.config = config
        self.coordinator = CoordinatorState(retained: config.retained, tolerable: config.tolerableFailures)
        self.options = options
        (self.mutant, self.seed, self.rng, self.environment) = Simulator.draws(of: scenario, options)
        self.deviations = ProtocolDeviations(mutant)
        self.traceSink = trace
        self.sinkDiscards = trace is NullTraceSink
        self.tasks = graph.tasks.map { TaskRuntime(outputGroups: $0.outputGroups.count) }
        self.network = ChannelTable(count: graph.channels.count)
        actionStorage = .allocate(capacity: graph.channels.count + graph.sourceTasks.count)
        let g = graph
        self.sourceLengths = g.sourceTasks.map { g.operators[g.tasks[$0].operatorIndex].data[g.tasks[$0].subtask].count }
        for t in tasks.indices { resetRoundRobin(t) }
        recordsToEmit = sourceLengths.reduce(0, +)
        noteSourceOffsets()
        for step in scenario.script {
            switch step.action {
            case .runUntil(let m), .expect(let m): addMatcher(m)
            default: break
            }
        }
        for e in scenario.expectations { if case .event(let m) = e { addMatcher(m) } }
    }

    deinit { actionStorage.deallocate() }

    /// Makes this simulator the one `init(prepared:options:trace:)` would make for its scenario,
    /// keeping the storage of its tasks, channels and lists: a fuzz campaign runs many schedules of
    /// one scenario. Every field a run changes is set back here; `RestartTests` checks that a
    /// restarted run is byte for byte a fresh one's.
    public func restart(options: RunOptions, trace: TraceSink = NullTraceSink()) {
        self.options = options
        (mutant, seed, rng, environment) = Simulator.draws(of: scenario, options)
        deviations = ProtocolDeviations(mutant)
        traceSink = trace
        sinkDiscards = trace is NullTraceSink
        now = 0
        steps = 0
        eventCount = 0
        attempt = 0
        strategy = SeededScheduler()
        coordinator.reset()
        for t in tasks.indices {
            tasks[t].reset(attempt: 0)
            resetRoundRobin(t)
        }
        for c in graph.channels.indices { network.reset(c, keepQueue: false) }
        timers.reset()
        outputs.reset()
        recordsInFlight = 0
        recordsToEmit = sourceLengths.reduce(0, +)
        noteSourceOffsets()
        observers.removeAll(keepingCapacity: true)
        summary.reset()
        for i in matchCounts.indices { matchCounts[i] = 0 }
        scriptDone = false
        stalled = false
        timersFired = 0
        lastChoiceTime = 0
    }

    /// What a run takes from its options: the mutant (`--mutant`, else the scenario's), the seed,
    /// and the scheduler's and the environment's random streams drawn from it.
    private static func draws(of scenario: Scenario, _ options: RunOptions) -> (mutant: Mutant?, seed: UInt64, rng: SplitMix64, environment: SplitMix64) {
        let seed = options.seed ?? scenario.seed
        return (options.mutant ?? scenario.mutant, seed, SplitMix64(seed: seed), SplitMix64(seed: seed ^ 0x243F_6A88_85A3_08D3))
    }

    public var header: TraceHeader {
        var extra = JSONObject()
        extra["title"] = .string(scenario.title)
        if let mutant { extra["mutant"] = .string(mutant.rawValue) }
        return TraceHeader(scenario: scenario.id, seed: seed, mode: mode.rawValue, config: config,
                           topology: graph.topology, generator: "\(options.generator)", extra: extra)
    }

    func addMatcher(_ m: EventMatcher) {
        if !matchers.contains(m) { matchers.append(m); matchCounts.append(0) }
    }

    /// How many events so far match `m`.
    public func matchCount(_ m: EventMatcher) -> Int {
        guard let i = matchers.firstIndex(of: m) else { return 0 }
        return matchCounts[i]
    }

    /// Records one event: stamps seq and time, tells the observers, the summary and the trace.
    func record(_ event: consuming TraceEvent) {
        event.seq = eventCount
        event.time = now
        eventCount += 1
        for i in matchers.indices where matchers[i].matches(event) { matchCounts[i] += 1 }
        summary.observe(event)
        if !sinkDiscards { traceSink.record(event) }
        for i in observers.indices {
            let extras = observers[i].observe(event)
            if !extras.isEmpty { for extra in extras { record(extra) } }
        }
    }

    /// Records one event in compact form: the same as recording the trace event it
    /// stands for (`RunSummary` counts only run events of these), without naming its task and
    /// channels unless an expectation has to look at it.
    @inline(__always)
    func record(_ event: consuming CompactEvent) {
        event.seq = eventCount
        event.time = now
        eventCount += 1
        if !matchers.isEmpty {
            let e = event.traceEvent(names: names)
            for i in matchers.indices where matchers[i].matches(e) { matchCounts[i] += 1 }
        }
        if CompactEvent.isRunEvent(event.type) { summarize(event) }
        if !sinkDiscards { traceSink.record(event, names: names) }
        for i in observers.indices {
            if i == checksAt, let checker {
                if checker.check(event, names: names) { for extra in checker.takeFindings() { record(extra) } }
                continue
            }
            let extras = observers[i].observe(event, names: names)
            if !extras.isEmpty { for extra in extras { record(extra) } }
        }
    }

    /// The run events the summary counts, out of `record`'s way (a few a run).
    @inline(never) func summarize(_ event: borrowing CompactEvent) {
        summary.observe(event)
    }

    // MARK: - Names

    @inline(__always) func taskName(_ t: Int) -> String { graph.tasks[t].id }
    @inline(__always) func channelName(_ c: Int) -> String { graph.channels[c].id }
    func sourceData(_ t: Int) -> [String] {
        graph.operators[graph.tasks[t].operatorIndex].data[graph.tasks[t].subtask]
    }

    func resetRoundRobin(_ t: Int) {
        // Fields, not a copy of the task: a copy retains its id and lists.
        let subtask = graph.tasks[t].subtask
        let runtime = tasks[t]
        for g in runtime.roundRobin.indices { runtime.roundRobin[g] = subtask % graph.tasks[t].outputGroups[g].channels.count }
    }

    // MARK: - Scheduler steps

    /// The actions the scheduler may choose now, in a fixed order (channels, then sources).
    public func enabledActions() -> [SchedulerAction] {
        Array(collectEnabledActions())
    }

    /// Lists the enabled actions in `actionStorage`.
    func collectEnabledActions() -> EnabledActions {
        var n = network.writeDeliveries(to: actionStorage)
        let sources = graph.sourceTasks
        var bits = emittable
        while bits != 0 {
            (actionStorage + n).initialize(to: .emit(task: sources[bits.trailingZeroBitCount]))
            n += 1
            bits &= bits - 1
        }
        if sources.count > 64 {
            for i in 64..<sources.count where tasks[sources[i]].offset < sourceLengths[i] && !tasks[sources[i]].stopped {
                (actionStorage + n).initialize(to: .emit(task: sources[i]))
                n += 1
            }
        }
        return EnabledActions(actionStorage, count: n)
    }

    /// Sets `emittable` from the sources' offsets: at the start, after a restore, and when a
    /// source emits its last record.
    func noteSourceOffsets() {
        emittable = 0
        for (i, s) in graph.sourceTasks.prefix(64).enumerated() where tasks[s].offset < sourceLengths[i] && !tasks[s].stopped {
            emittable |= 1 << UInt64(i)
        }
    }

    /// Whether a channel has something to deliver: its alignment buffer's head (when unblocked) or
    /// its network head (into the buffer when blocked).
    public func isDeliverable(_ c: Int) -> Bool { network.isDeliverable(c) }

    /// Whether any scheduler work or timer is left.
    public var hasWork: Bool { !timers.isEmpty || !collectEnabledActions().isEmpty }

    /// One scheduler step (DESIGN.md §2.1): a due timer, else a chosen delivery or emit (1 ms),
    /// else a jump of the clock to the next timer. False when nothing at all is left to do.
    @discardableResult
    public func schedulerStep() -> Bool {
        if let timer = timers.next, timer.due <= now {
            fireNextTimer()
            return true
        }
        let actions = collectEnabledActions()
        if actions.isEmpty {
            guard let timer = timers.next else { return false }
            now = max(now, timer.due)
            fireNextTimer()
            return true
        }
        let action = strategy.choose(from: actions, in: self, rng: &rng)
        steps += 1
        lastChoiceTime = now
        perform(action)
        // A delivery or emit takes 1 ms: its events carry the time it started, the next step
        // begins 1 ms later (a scripted `deliver` + `advance: 1` does the same).
        switch action {
        case .deliver, .emit: now += 1
        case .fail, .failSnapshot: break
        }
        return true
    }

    func fireNextTimer() {
        guard let timer = timers.popFirst() else { return }
        steps += 1
        timersFired += 1
        switch timer.kind {
        case .periodicTrigger: periodicTriggerFired()
        case .checkpointTimeout(let id): checkpointTimedOut(id)
        case .asyncPhaseEnd(let t, let id, let a): asyncPhaseEnded(task: t, checkpoint: id, attempt: a)
        }
    }

    /// Performs one action now (no time passes here; the scheduler step advanced the clock).
    public func perform(_ action: SchedulerAction) {
        switch action {
        case .deliver(let c): deliver(channel: c)
        case .emit(let t): sourceEmit(t)
        case .fail(let t): failover(failedTask: t, cause: "injected", reason: .taskFailure)
        case .failSnapshot(let t, let id, let phase): tasks[t].armedFailures.append((id, phase))
        }
    }

    /// Delivers the head of channel `c` with everything the receiver does in response.
    func deliver(channel c: Int) {
        // Fields, not a copy of the channel: a copy retains its id.
        let to = graph.channels[c].to
        // The takes are not optional: an optional item made and destroyed at every delivery went
        // through the generic value witnesses.
        if graph.channels[c].isRPC {
            guard network.hasQueued(c) else { return }
            let item = network.takeQueued(c)
            if to == JobGraph.coordinator { coordinatorReceive(item, from: graph.channels[c].from, channel: c) } else { taskReceiveRPC(item, task: to, channel: c) }
            return
        }
        if network.canRelease(c) {
            let item = network.takeBuffered(c)
            switch item {
            case .barrier(let id, _): emit(.barrierUnbuffered(checkpoint: id, task: to, channel: c, marker: false))
            case .cancelMarker(let id): emit(.barrierUnbuffered(checkpoint: id, task: to, channel: c, marker: true))
            default: break
            }
            processInput(item, task: to, channel: c)
            return
        }
        guard network.hasQueued(c) else { return }
        receiveData(network.takeQueued(c), task: to, channel: c)
    }
}
