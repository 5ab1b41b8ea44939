import CheckpointCore
import CheckpointTrace

/// The outcome of a failure-free run of the same input, against which the exactly-once invariants
/// compare a run (DESIGN.md §6 `exactly-once-state`, `exactly-once-output`).
public struct FailureFreeOutcome: Sendable, Equatable {
    /// Keyed state summed over the keyed-count tasks: key → count.
    public var finalCounts: [String: Int]
    /// Every record the sinks made visible (committed, or written by a plain sink), as a multiset.
    public var committedRecords: [String: Int]
    public var finished: Bool
}

extension Simulator {
    /// Runs the scenario's job with no script, no failures, no timeouts and no mutant, with the plain seeded
    /// scheduler: in exactly-once modes its final state and committed records do not depend on the
    /// interleaving, so any failure-free schedule gives the reference.
    public static func failureFreeOutcome(of scenario: Scenario, seed: UInt64? = nil, maxSteps: Int = 10_000_000) throws(JobError) -> FailureFreeOutcome {
        var plain = scenario
        plain.script = []
        plain.expectations = []
        plain.mutant = nil
        // Failure-free also means no expiry (and so no failover for tolerable failures): in
        // at-least-once mode a failover would replay records and count them twice.
        plain.checkpointing.timeout = 1 << 40
        plain.checkpointing.tolerableFailures = 1 << 30
        let simulator = try Simulator(scenario: plain, options: RunOptions(maxSteps: maxSteps, seed: seed))
        let result: RunResult
        do { result = try simulator.run() } catch {
            // An empty script cannot fail a step.
            return FailureFreeOutcome(finalCounts: [:], committedRecords: [:], finished: false)
        }
        return FailureFreeOutcome(finalCounts: result.finalCounts, committedRecords: result.committedRecords, finished: result.finished)
    }
}
