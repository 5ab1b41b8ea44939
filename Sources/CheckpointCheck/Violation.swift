import CheckpointTrace

/// The invariant ids of DESIGN.md §6.
public enum InvariantID: String, Sendable, CaseIterable {
    case monotonicIds = "monotonic-ids"
    case completeNeedsAllAcks = "complete-needs-all-acks"
    case singleOutcome = "single-outcome"
    case maxConcurrent = "max-concurrent"
    case minPause = "min-pause"
    case alignedSnapshot = "aligned-snapshot"
    case consistentCut = "consistent-cut"
    case restoreLatest = "restore-latest"
    case exactlyOnceState = "exactly-once-state"
    case exactlyOnceOutput = "exactly-once-output"
    case commitAfterComplete = "commit-after-complete"
    case tolerableFailures = "tolerable-failures"
    case retained = "retained"
}

/// An invariant that did not hold: which, why, and the event that broke it.
public struct Violation: Sendable, Hashable {
    public var invariant: String
    public var detail: String
    public var checkpoint: Int?
    /// The seq of the event that broke it.
    public var seq: Int

    public init(_ invariant: InvariantID, _ detail: String, checkpoint: Int? = nil, seq: Int) {
        self.invariant = invariant.rawValue; self.detail = detail; self.checkpoint = checkpoint; self.seq = seq
    }

    /// The `invariant-violated` event that reports it in a trace.
    public var event: TraceEvent {
        TraceEvent(type: .invariantViolated, actor: "coordinator", checkpoint: checkpoint, invariant: invariant, detail: detail,
                   extra: JSONObject(["at": .int(seq)]))
    }
}

/// What a failure-free run of the same input produced, for the exactly-once invariants.
public struct ReferenceOutcome: Sendable {
    /// Keyed state summed over keyed-count tasks: key → count.
    public var finalCounts: [String: Int]
    /// The records committed by transactional sinks or written by plain sinks, as a multiset.
    public var committedRecords: [String: Int]
    public var runFinished: Bool

    public init(finalCounts: [String: Int], committedRecords: [String: Int], runFinished: Bool) {
        self.finalCounts = finalCounts; self.committedRecords = committedRecords; self.runFinished = runFinished
    }
}
