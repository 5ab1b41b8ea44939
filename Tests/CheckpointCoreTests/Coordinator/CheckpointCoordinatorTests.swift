import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// CheckpointCoordinator's rules (DESIGN.md §2.2): trigger, ack, complete, stale and late acks, the final checkpoint and stop-with-savepoint.
@Suite struct CheckpointCoordinatorTests {
    @Test func aCheckpointCompletesWhenTheLastAckArrivesInFlinksOrder() throws {
        let r = try run("""
        scenario: one
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 1}
        """)
        let triggered = try #require(r.first(.checkpointTriggered))
        #expect(triggered.checkpoint == 1 && triggered.kind == .checkpoint && triggered.isFinal == false)
        let completed = try #require(r.first(.checkpointCompleted) { $0.checkpoint == 1 })
        let acks = r.of(.ackReceived).filter { $0.checkpoint == 1 }
        #expect(Set(acks.compactMap(\.task)) == ["src[0]", "count[0]", "out[0]"])
        #expect(acks.allSatisfy { $0.seq < completed.seq })
        // ack-received, checkpoint-completed, then notify-complete-sent to every task, in one step.
        let step = r.events.filter { $0.seq >= completed.seq - 1 && $0.seq <= completed.seq + 3 }
        #expect(step.map(\.type) == [.ackReceived, .checkpointCompleted, .notifyCompleteSent, .notifyCompleteSent, .notifyCompleteSent])
        #expect(step[2...].compactMap(\.task) == ["src[0]", "count[0]", "out[0]"])
        #expect(step.allSatisfy { $0.time == completed.time })
    }

    @Test func triggerSendsToEverySourceInTheSameStep() throws {
        let r = try run("""
        scenario: t
        job:
        \(linearJob(parallelism: 2, data: [["a"], ["b"]]))
        script:
          - trigger: checkpoint
        """)
        let first = Array(r.events.prefix(3))
        #expect(first.map(\.type) == [.checkpointTriggered, .triggerSent, .triggerSent])
        #expect(first.dropFirst().compactMap(\.task) == ["src[0]", "src[1]"])
        #expect(first.dropFirst().compactMap(\.channel) == ["coordinator->src[0]", "coordinator->src[1]"])
    }

    @Test func aSavepointIsForcedInAlignedModeButNotStoredOrNotified() throws {
        let r = try run("""
        scenario: sp
        checkpointing: {max-concurrent: 1}
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - trigger: savepoint
          - expect: {type: checkpoint-triggered, kind: savepoint, checkpoint: 2}
          - run-until: {type: checkpoint-completed, kind: savepoint}
          - fail: count[0]
        """)
        #expect(r.of(.triggerQueued).isEmpty)
        let sp = try #require(r.first(.checkpointCompleted) { $0.kind == .savepoint })
        #expect(!r.of(.notifyCompleteSent).contains { $0.checkpoint == sp.checkpoint })
        let restore = try #require(r.first(.restoreStarted))
        #expect(restore.checkpoint != sp.checkpoint)
    }

    @Test func idsStrictlyIncreaseAcrossFailovers() throws {
        let r = try run("""
        scenario: ids
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - fail: count[0]
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed}
        """)
        let ids = r.of(.checkpointTriggered).compactMap(\.checkpoint)
        #expect(ids.count >= 3)
        #expect(ids == ids.sorted() && Set(ids).count == ids.count)
        #expect(r.first(.checkpointAborted)?.reason == "CHECKPOINT_COORDINATOR_SUSPEND")
    }

    @Test func acksOfAnEarlierAttemptAreIgnoredAsStale() throws {
        let r = try run("""
        scenario: stale
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "src[0]"}
          - advance: 20
          - fail: count[0]
          - deliver: {from: "src[0]", to: coordinator}
        """)
        let ignored = try #require(r.first(.ackIgnored))
        #expect(ignored.reason == "stale-attempt" && ignored.attempt == 0 && ignored.task == "src[0]")
    }

    @Test func lateAcksForAnAbortedCheckpointAreIgnored() throws {
        let r = try run("""
        scenario: late
        checkpointing: {timeout: 3, tolerable-failures: 9}
        timing: {async: [5, 5]}
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "src[0]"}
          - advance: 10
          - deliver: {from: "src[0]", to: coordinator}
        """)
        #expect(r.first(.checkpointAborted)?.reason == "CHECKPOINT_EXPIRED")
        #expect(r.first(.ackIgnored)?.reason == "late")
    }

    @Test func theEndOfInputRequestsOneFinalCheckpointAndTheJobFinishes() throws {
        let r = try run("""
        scenario: end
        job:
        \(linearJob(data: [["a", "b"]]))
        """)
        #expect(r.result.finished)
        let end = try #require(r.first(.endOfInput))
        // Every record was processed before the end of input.
        #expect(r.of(.recordProcessed).allSatisfy { $0.seq < end.seq })
        let final = try #require(r.first(.checkpointTriggered) { $0.isFinal == true })
        #expect(final.seq > end.seq && r.of(.checkpointTriggered).count == 1)
        let completed = try #require(r.first(.checkpointCompleted) { $0.checkpoint == final.checkpoint })
        let finished = try #require(r.first(.jobFinished))
        let notified = r.of(.notifyCompleteReceived).filter { $0.checkpoint == final.checkpoint }
        #expect(Set(notified.compactMap(\.task)) == ["src[0]", "count[0]", "out[0]"])
        #expect(notified.allSatisfy { $0.seq > completed.seq && $0.seq < finished.seq })
        #expect(r.result.output == ["a": "1", "b": "1"])
    }

    @Test func aStopWithSavepointAbortsWhatIsPendingCommitsAndEndsTheJob() throws {
        let r = try run("""
        scenario: stop
        checkpointing: {max-concurrent: 2}
        job:
        \(linearJob(data: [["a", "b", "c"]]))
        script:
          - emit: src[0]
          - trigger: checkpoint
          - stop: savepoint
        """)
        let suspended = try #require(r.first(.checkpointAborted) { $0.checkpoint == 1 })
        #expect(suspended.reason == CheckpointFailureReason.checkpointCoordinatorSuspend.name)
        let stop = try #require(r.first(.checkpointTriggered) { $0.checkpoint == 2 })
        #expect(stop.kind == .savepoint && stop.extra?["stop"] == .bool(true) && stop.seq > suspended.seq)
        let completed = try #require(r.first(.checkpointCompleted) { $0.checkpoint == 2 })
        // A synchronous savepoint is told to every task, so its transaction commits; then the job ends.
        #expect(r.of(.notifyCompleteSent).filter { $0.checkpoint == 2 }.count == 3)
        #expect(r.first(.transactionCommitted) { $0.checkpoint == 2 } != nil)
        let finished = try #require(r.first(.jobFinished))
        #expect(finished.checkpoint == 2 && finished.seq > completed.seq)
        // The source stopped at the savepoint: it emits nothing after it took it.
        let taken = try #require(r.first(.snapshotStarted) { $0.checkpoint == 2 && $0.task == "src[0]" })
        #expect(!r.of(.recordEmitted).contains { $0.seq > taken.seq })
        #expect(r.first(.checkpointTriggered) { $0.isFinal == true } == nil)
    }
}
