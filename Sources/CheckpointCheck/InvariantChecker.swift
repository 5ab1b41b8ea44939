import CheckpointTrace

/// Checks every invariant of DESIGN.md §6 over a stream of trace events, online (inside the
/// simulator) or offline (`ckpt check`). Each event costs O(1) amortised, apart from a
/// checkpoint's completion (which looks at every channel once).
public struct InvariantChecker {
    let facts: JobFacts
    var lifecycle: LifecycleRules
    var store: StoreRules
    var channels = ChannelModel()
    var aligned: AlignedSnapshot
    var cut: ConsistentCut
    var exactlyOnce: ExactlyOnce

    public init(header: TraceHeader) {
        let facts = JobFacts(header: header)
        self.facts = facts
        lifecycle = LifecycleRules(facts: facts)
        store = StoreRules(facts: facts)
        aligned = AlignedSnapshot(facts: facts)
        cut = ConsistentCut(facts: facts)
        exactlyOnce = ExactlyOnce(facts: facts)
    }

    /// Checks one event (events must come in seq order). `invariant-violated` events already in a
    /// trace are skipped: they are findings, not protocol events.
    public mutating func observe(_ e: TraceEvent) -> [Violation] {
        if e.type == .invariantViolated || e.type == .expectationFailed { return [] }
        var out: [Violation] = []
        if e.type == .jobFailover { channels.reset() }
        lifecycle.observe(e, into: &out)
        store.observe(e, into: &out)
        aligned.observe(e, channels: &channels, into: &out)
        cut.observe(e, channels: &channels, into: &out)
        exactlyOnce.observe(e)
        if !facts.configKnown { out.removeAll { v in InvariantChecker.needSettings.contains { $0.rawValue == v.invariant } } }
        return out
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
        var state: [String: Int] = [:]
        for (_, c) in exactlyOnce.counts { for (k, v) in c { state[k, default: 0] += v } }
        return ReferenceOutcome(finalCounts: state.filter { $0.value != 0 }, committedRecords: exactlyOnce.output, runFinished: exactlyOnce.finished)
    }
}
