import CheckpointCheck
import CheckpointCore
import CheckpointTrace

/// Runs the invariant checker inside the simulator: each violation becomes an `invariant-violated`
/// event right after the event that broke it; the exactly-once checks run at the end against a
/// failure-free run of the same job.
public final class OnlineInvariants: EventChecker {
    var checker: InvariantChecker
    var reference: ReferenceOutcome?
    public private(set) var violations: [Violation] = []

    public init(header: TraceHeader, reference: ReferenceOutcome?) {
        checker = InvariantChecker(header: header)
        self.reference = reference
    }

    /// Starts from a checker made for the same job before (a prepared scenario's).
    init(checker: InvariantChecker, reference: ReferenceOutcome?) {
        self.checker = checker
        self.reference = reference
    }

    /// Starts over like `fresh` with another reference, keeping storage (a fuzz campaign's next schedule).
    func restart(like fresh: InvariantChecker, reference: ReferenceOutcome?) {
        checker.restart(like: fresh)
        self.reference = reference
        violations.removeAll(keepingCapacity: true)
        found.removeAll(keepingCapacity: true)
    }

    public func observe(_ event: TraceEvent) -> [TraceEvent] {
        let found = checker.observe(event)
        if found.isEmpty { return [] }
        violations += found
        return found.map(\.event)
    }

    public func observe(_ event: CompactEvent, names: EventNames) -> [TraceEvent] {
        check(event, names: names) ? takeFindings() : []
    }

    /// What the event at hand broke: empty between events, its storage kept for the run.
    private var found: [Violation] = []

    /// Checks a compact event; true when it broke an invariant, and `takeFindings` then gives the
    /// events to record. The simulator calls this at every event: no list is made for an event
    /// that breaks nothing.
    public func check(_ event: CompactEvent, names: EventNames) -> Bool {
        checker.observe(event, names: names, into: &found)
        return !found.isEmpty
    }

    /// The `invariant-violated` events for what the last checked event broke.
    public func takeFindings() -> [TraceEvent] {
        violations += found
        defer { found.removeAll(keepingCapacity: true) }
        return found.map(\.event)
    }

    public func finish(_ simulator: Simulator) -> [TraceEvent] {
        let found = checker.finish(reference: reference)
        violations += found
        return found.map(\.event)
    }
}

extension Simulator {
    /// Switches on online invariant checking. `reference`: the failure-free outcome for the
    /// exactly-once checks (computed from the scenario when nil and `computeReference` is true).
    /// `prepared`: the prepared scenario this run was made from, whose checker it starts from.
    /// `reusing`: the checker of an earlier run of the same prepared scenario, started over
    /// in place instead of copying a fresh one (a fuzz campaign's next schedule).
    @discardableResult
    public func checkInvariants(reference: FailureFreeOutcome? = nil, computeReference: Bool = true, prepared: PreparedScenario? = nil,
                                reusing: OnlineInvariants? = nil) -> OnlineInvariants {
        let fresh = prepared.flatMap { $0.names === names ? $0.checker : nil }
        var outcome = reference
        if outcome == nil && computeReference { outcome = try? Simulator.failureFreeOutcome(of: scenario, seed: seed, maxSteps: options.maxSteps) }
        let referenceOutcome = outcome.map {
            ReferenceOutcome(finalCounts: $0.finalCounts, committedRecords: $0.committedRecords, runFinished: $0.finished)
        }
        let observer: OnlineInvariants
        if let fresh, let reusing, reusing.checker.checksSameJob(as: fresh) {
            reusing.restart(like: fresh, reference: referenceOutcome)
            observer = reusing
        } else {
            observer = fresh.map { OnlineInvariants(checker: $0, reference: referenceOutcome) }
                ?? OnlineInvariants(header: header, reference: referenceOutcome)
        }
        observers.append(observer)
        return observer
    }
}
