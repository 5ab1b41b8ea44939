import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// Each mutant breaks the invariant it should, in a small scenario; the same scenario without the
/// mutant keeps every invariant (checked by `run`).
@Suite struct MutantTests {
    static func violations(_ yaml: String, _ mutant: Mutant) throws -> [String] {
        _ = try run(yaml)  // correct protocol: no violation (asserted inside run)
        let r = try run(yaml, mutant: mutant)
        return r.result.summary.violations.compactMap(\.invariant)
    }

    @Test func noAlignmentBreaksAlignedSnapshotAndTheCut() throws {
        let v = try Self.violations("""
        scenario: m
        job:
        \(twoInputJob(a: ["x", "y"], b: []))
        script:
        \(SingleCheckpointBarrierHandlerTests.unblockingScript)
        """, .noAlignment)
        #expect(v.contains("aligned-snapshot") && v.contains("consistent-cut"))
    }

    @Test func earlyCompleteBreaksCompleteNeedsAllAcks() throws {
        let v = try Self.violations("""
        scenario: m
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
        """, .earlyComplete)
        #expect(v.contains("complete-needs-all-acks"))
    }

    @Test func restoreOldestBreaksRestoreLatest() throws {
        let v = try Self.violations("""
        scenario: m
        checkpointing: {retained: 2}
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 2}
          - fail: count[0]
        """, .restoreOldest)
        #expect(v.contains("restore-latest"))
    }

    @Test func noSourceRewindLosesRecords() throws {
        let v = try Self.violations("""
        scenario: m
        job:
        \(linearJob(data: [["a", "b", "c", "d"]]))
        script:
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - emit: src[0]
          - emit: src[0]
          - fail: count[0]
        """, .noSourceRewind)
        #expect(v.contains("exactly-once-state") && v.contains("exactly-once-output"))
    }

    @Test func commitOnSnapshotBreaksCommitAfterComplete() throws {
        let v = try Self.violations("""
        scenario: m
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
        """, .commitOnSnapshot)
        #expect(v.contains("commit-after-complete"))
    }

    @Test func dropInflightLosesChannelState() throws {
        let v = try Self.violations("""
        scenario: m
        mode: unaligned
        job:
        \(twoInputJob(a: ["x"], b: ["z", "w"]))
        script:
          - emit: b[0]
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "a[0]"}
          - deliver: {from: coordinator, to: "b[0]"}
          - deliver: {from: "a[0]", to: "count[0]"}
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - fail: count[0]
        """, .dropInflight)
        #expect(v.contains("exactly-once-state"))
    }

    @Test func noTimeoutLeavesACheckpointPendingPastItsTimeout() throws {
        let v = try Self.violations("""
        scenario: m
        checkpointing: {timeout: 20, tolerable-failures: 3}
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - advance: 25
        """, .noTimeout)
        #expect(v.contains("tolerable-failures"))
    }

    @Test func reuseIdsBreaksMonotonicIds() throws {
        let v = try Self.violations("""
        scenario: m
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - fail: count[0]
          - trigger: checkpoint
        """, .reuseIds)
        #expect(v.contains("monotonic-ids"))
    }

    @Test func staleAckCompletesACheckpointWithAcksOfADeadAttempt() throws {
        // Every task snapshots and acks checkpoint 1, then a task fails before the acks arrive.
        let v = try Self.violations("""
        scenario: m
        job:
        \(linearJob(data: [[]]))
        script:
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "src[0]"}
          - deliver: {from: "src[0]", to: "count[0]"}
          - deliver: {from: "count[0]", to: "out[0]"}
          - advance: 20
          - fail: out[0]
          - deliver: {from: "src[0]", to: coordinator}
          - deliver: {from: "count[0]", to: coordinator}
          - deliver: {from: "out[0]", to: coordinator}
        """, .staleAck)
        #expect(v.contains("complete-needs-all-acks"))
    }
}
