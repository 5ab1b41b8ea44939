import CheckpointTrace

/// Checks every invariant of DESIGN.md §6 over a stream of trace events, online (inside the
/// simulator) or offline (`ckpt check`). Each event costs O(1) amortised, apart from a
/// checkpoint's completion (which looks at every channel once).
public struct InvariantChecker: Sendable {
    var names: NameIndex
    let facts: JobFacts
    /// `facts.configKnown`.
    let configKnown: Bool
    var lifecycle: LifecycleRules
    var store: StoreRules
    var channels = ChannelModel()
    var aligned: AlignedSnapshot
    var cut: ConsistentCut
    var exactlyOnce: ExactlyOnce
    /// The compact events' names last found to agree with `names`.
    var agreedNames: EventNames?

    public init(header: TraceHeader) {
        var names = NameIndex(topology: header.topology ?? Topology(operators: [], tasks: [], channels: []))
        let facts = JobFacts(header: header, names: &names)
        self.names = names
        self.facts = facts
        configKnown = facts.configKnown
        lifecycle = LifecycleRules(facts: facts)
        store = StoreRules(facts: facts)
        aligned = AlignedSnapshot(facts: facts)
        cut = ConsistentCut(facts: facts)
        exactlyOnce = ExactlyOnce(facts: facts)
        // Room for every channel of the topology now, rather than growing as they appear.
        channels.cover(names.channels.count - 1)
    }

    /// Back to the state `fresh` (a checker for the same job that has seen nothing) is in, keeping
    /// this checker's storage: a fuzz campaign checks many schedules of one job.
    public mutating func restart(like fresh: InvariantChecker) {
        precondition(checksSameJob(as: fresh), "a checker restarts only like a checker of the same job")
        let agreed = agreedNames
        names = fresh.names
        // Names are only ever appended, so both indices start with the topology's: event names
        // that agreed with this run's index agree with the fresh one as far as it reaches.
        agreedNames = agreed.flatMap { $0.tasks.count <= names.tasks.count && $0.channels.count <= names.channels.count ? $0 : nil }
            ?? fresh.agreedNames
        lifecycle.restart()
        store.restart()
        channels.reset()
        aligned.restart()
        cut.restart()
        exactlyOnce.restart()
    }

    /// Whether both checkers were made from the same header (one prepared scenario's).
    public func checksSameJob(as other: InvariantChecker) -> Bool { facts === other.facts }

    /// Checks one event (events must come in seq order). `invariant-violated` events already in a
    /// trace are skipped: they are findings, not protocol events. Events of the types that have a
    /// compact form go through the same rules as their compact form (`DataRef`, `MessageRef`,
    /// `StateRef`); run events, through the same rules as the other trace events.
    public mutating func observe(_ e: TraceEvent) -> [Violation] {
        if e.type == .invariantViolated || e.type == .expectationFailed { return [] }
        if CompactEvent.hasCompactForm(e.type) && !CompactEvent.isRunEvent(e.type) {
            var out: [Violation] = []
            if CompactEvent.isDataPath(e.type) {
                observe(DataRef(type: e.type, seq: e.seq, task: e.task.map { names.task($0) }, channel: e.channel.map { names.channel($0) },
                                record: e.record), time: e.time, into: &out)
            } else if CompactEvent.isCheckpointMessage(e.type) {
                observe(MessageRef(type: e.type, seq: e.seq, time: e.time, checkpoint: e.checkpoint,
                                   task: InvariantChecker.readsTask(e.type) ? e.task.map { names.task($0) } : nil,
                                   channel: InvariantChecker.readsChannel(e.type) ? e.channel.map { names.channel($0) } : nil,
                                   attempt: e.attempt, buffered: e.extra?["buffered"] == .bool(true)), into: &out)
            } else {
                observe(StateRef(type: e.type, seq: e.seq, time: e.time, checkpoint: e.checkpoint, task: e.task.map { names.task($0) },
                                 eagerState: e.state, eagerChannelState: e.channelState), into: &out)
            }
            return settingsKnownOnly(out)
        }
        let task = InvariantChecker.readsTask(e.type) ? e.task.map { names.task($0) } : nil
        let channel = InvariantChecker.readsChannel(e.type) ? e.channel.map { names.channel($0) } : nil
        var out: [Violation] = []
        if e.type == .jobFailover { channels.reset() }
        lifecycle.observe(e, into: &out)
        store.observe(e, into: &out)
        aligned.observe(e, task: task, channel: channel, names: names, channels: &channels, into: &out)
        cut.observe(e, names: &names, channels: &channels, into: &out)
        exactlyOnce.observe(e)
        return settingsKnownOnly(out)
    }

    /// Checks one event in the simulator's compact form: the same checks as for the trace event it
    /// stands for, without looking its names up.
    public mutating func observe(_ d: CompactEvent, names eventNames: EventNames) -> [Violation] {
        var out: [Violation] = []
        observe(d, names: eventNames, into: &out)
        return out
    }

    /// `observe(_:names:)`, appending what it finds to `out` (the online checker keeps one list
    /// for a run instead of a new one at every event).
    public mutating func observe(_ d: CompactEvent, names eventNames: EventNames, into out: inout [Violation]) {
        if agreedNames !== eventNames {
            guard names.agrees(with: eventNames) else { out += observe(d.traceEvent(names: eventNames)); return }
            agreedNames = eventNames
        }
        // Most compact events change nothing the rules keep; at them only what earlier events left
        // due is checked, and usually nothing is.
        if InvariantChecker.changesNothing(d.type) && d.time <= lifecycle.firstDeadline && !store.hasDuties {
            exactlyOnce.lastSeq = d.seq
            return
        }
        let found = out.count
        let channel = d.channel >= 0 ? Int(d.channel) : nil
        if CompactEvent.isDataPath(d.type) {
            observe(DataRef(type: d.type, seq: d.seq, task: Int(d.task), channel: channel, record: d.record), time: d.time, into: &out)
        } else if let s = d.snapshot {
            observe(StateRef(type: d.type, seq: d.seq, time: d.time, checkpoint: d.checkpoint, task: Int(d.task), payload: s), into: &out)
        } else if CompactEvent.isRunEvent(d.type) {
            observeRunEvent(d, into: &out)
        } else {
            observe(MessageRef(type: d.type, seq: d.seq, time: d.time, checkpoint: d.checkpoint, task: Int(d.task), channel: channel,
                               attempt: d.attempt, buffered: d.type == .barrierReceived && d.note == 1), into: &out)
        }
        if out.count > found && !configKnown {
            let kept = InvariantChecker.withoutSettings(Array(out[found...]))
            out.removeSubrange(found...)
            out += kept
        }
    }

    /// A checkpoint's per-task messages: acks count for complete-needs-all-acks, barriers and
    /// blocks for aligned-snapshot; what earlier events left due is checked at this one.
    mutating func observe(_ m: MessageRef, into out: inout [Violation]) {
        dueAt(type: m.type, seq: m.seq, time: m.time, into: &out)
        switch m.type {
        case .ackReceived:
            if let id = m.checkpoint, let task = m.task { lifecycle.ackReceived(id, from: task, attempt: m.attempt) }
        case .barrierReceived:
            guard let id = m.checkpoint, let c = m.channel, let task = m.task else { break }
            aligned.barrierReceived(id, on: c, at: task, buffered: m.buffered, channels: &channels)
        case .channelBlocked:
            guard let id = m.checkpoint, let c = m.channel, let task = m.task else { break }
            aligned.channelBlocked(id, c, at: task, channels: &channels)
        case .channelUnblocked:
            if let c = m.channel { aligned.setAwaiting(c, nil) }
        default:
            break
        }
        exactlyOnce.lastSeq = m.seq
    }

    /// A task's state: a snapshot starts (aligned-snapshot, the cut's counts) or completes (its
    /// channel state), a task is restored (its counts, its channel state sent again).
    mutating func observe(_ r: StateRef, into out: inout [Violation]) {
        dueAt(type: r.type, seq: r.seq, time: r.time, into: &out)
        if r.type == .snapshotStarted, let id = r.checkpoint, let task = r.task {
            aligned.snapshotStarted(id, at: task, seq: r.seq, names: names, channels: &channels, into: &out)
        }
        cut.observe(r, names: &names, channels: &channels)
        exactlyOnce.observe(r)
    }

    /// The data-path rules: nothing but the channel model, the counts and the output change, and
    /// what earlier events left due (a timeout, a failover, discards) is checked at this event.
    mutating func observe(_ d: DataRef, time: Int, into out: inout [Violation]) {
        dueAt(type: d.type, seq: d.seq, time: time, into: &out)
        aligned.observe(d, names: names, channels: &channels, into: &out)
        cut.observe(d, channels: &channels)
        exactlyOnce.observe(d)
    }

    /// A run event: the same rules, in the same order, as for the trace event it stands for
    /// (lifecycle, store, alignment, cut, exactly-once); what earlier events left due is checked
    /// at each.
    mutating func observeRunEvent(_ d: CompactEvent, into out: inout [Violation]) {
        if d.type == .jobFailover { channels.reset() }
        if d.time > lifecycle.firstDeadline {
            lifecycle.checkTimeouts(time: d.time, seq: d.seq, ending: d.type == .checkpointAborted ? d.checkpoint : nil, into: &out)
        }
        let id = d.checkpoint ?? 0
        switch d.type {
        case .checkpointTriggered:
            lifecycle.triggered(id, kind: d.kind ?? .checkpoint, periodic: d.isPeriodic == true, time: d.time, seq: d.seq, into: &out)
        case .checkpointAborted: lifecycle.aborted(id, reason: d.reason, seq: d.seq, into: &out)
        case .jobFailover: lifecycle.failover(attempt: d.attempt)
        default: break
        }
        let failoverWasDue = store.hasDuties && store.checkDuties(d.type, reason: d.reason, seq: d.seq, into: &out)
        switch d.type {
        case .jobFailover:
            store.failover(reason: d.reason, wasDue: failoverWasDue, seq: d.seq, into: &out)
            aligned.failover()
        case .checkpointTriggered: aligned.triggered(id, kind: d.kind ?? .checkpoint)
        case .checkpointAborted:
            if let reason = d.reason { store.aborted(id, reason: reason, kind: d.kind, seq: d.seq) }
            cut.aborted(id)
        case .transactionCommitted:
            store.committed(id, by: names.tasks[Int(d.task)], seq: d.seq, into: &out)
            exactlyOnce.committed(d.records ?? [])
        case .restoreStarted: store.restoreStarted(d.checkpoint, seq: d.seq, into: &out)
        case .jobFinished: exactlyOnce.finished = true
        default: break
        }
        exactlyOnce.lastSeq = d.seq
    }

    /// What earlier events left due and an event of the compact types can break: a checkpoint past
    /// its timeout, a failover or discards that should have come (these types never are one).
    /// Usually nothing is: both are tested here, inlined, before calling the rules.
    @inline(__always) mutating func dueAt(type: EventType, seq: Int, time: Int, into out: inout [Violation]) {
        if time > lifecycle.firstDeadline { lifecycle.checkTimeouts(time: time, seq: seq, into: &out) }
        if store.hasDuties { _ = store.checkDuties(type, reason: nil, seq: seq, into: &out) }
    }

    /// The compact types no rule keeps anything of (see `observe(_: DataRef, time:)`,
    /// `observe(_: MessageRef)` and `observeRunEvent`): only `dueAt` and the last seq apply to them.
    static func changesNothing(_ type: EventType) -> Bool {
        switch type {
        case .recordEmitted, .recordReceived, .triggerSent, .triggerReceived, .barrierInjected, .barrierSent,
             .alignmentStarted, .alignmentCompleted, .ackSent, .notifyCompleteSent, .notifyCompleteReceived,
             .notifyAbortedSent, .notifyAbortedReceived, .sourceRewound, .endOfInput, .taskFailed, .ackIgnored:
            return true
        default:
            return false
        }
    }

    /// The protocol events whose task the invariants look at (the rest need no lookup).
    static func readsTask(_ type: EventType) -> Bool {
        switch type {
        case .barrierReceived, .barrierUnbuffered, .channelBlocked, .barrierCancelled, .cancelMarkerSent, .ackReceived: return true
        default: return false
        }
    }

    /// The protocol events whose channel the invariants look at.
    static func readsChannel(_ type: EventType) -> Bool {
        switch type {
        case .barrierReceived, .cancelMarkerReceived, .barrierUnbuffered, .channelBlocked, .channelUnblocked: return true
        default: return false
        }
    }

    /// The violations found, less those of settings the header does not give. Inlined, and
    /// reading a stored flag rather than `facts`: it runs at every event, and a call that reads
    /// the shared facts made the compiler copy the whole checker first.
    @inline(__always) func settingsKnownOnly(_ found: [Violation]) -> [Violation] {
        if found.isEmpty || configKnown { return found }
        return InvariantChecker.withoutSettings(found)
    }

    static func withoutSettings(_ found: [Violation]) -> [Violation] {
        found.filter { v in !needSettings.contains { $0.rawValue == v.invariant } }
    }

    /// Invariants about the checkpointing settings, in id order: not checked when the header does not give them.
    public static let needSettings: [InvariantID] = [.maxConcurrent, .minPause, .tolerableFailures, .retained]

    /// The checks made when the run ends: exactly-once state and output against a failure-free run.
    public mutating func finish(reference: ReferenceOutcome?) -> [Violation] {
        exactlyOnce.finish(reference: reference)
    }

    /// Checks a whole trace offline.
    public static func check(_ trace: Trace, reference: ReferenceOutcome? = nil) -> [Violation] {
        var checker = InvariantChecker(header: trace.header)
        var out: [Violation] = []
        for e in trace.events { out += checker.observe(e) }
        return out + checker.finish(reference: reference)
    }
}

extension InvariantChecker {
    /// What the trace observed so far shows as its outcome: final keyed state, committed records,
    /// and whether the job finished (a failure-free trace used as `--reference`).
    public var derivedOutcome: ReferenceOutcome {
        ReferenceOutcome(finalCounts: exactlyOnce.finalCounts(), committedRecords: exactlyOnce.output, runFinished: exactlyOnce.finished)
    }
}
