import CheckpointTrace
import Testing
@testable import CheckpointCore

/// The coordinator rules of DESIGN.md §2 and §2.2 that end things: the request queue's cap, the end
/// of input's final checkpoint, stop-with-savepoint, and a task's asynchronous phases in order.
extension CoordinatorRulesTests {
    @Test func theQueueHoldsAtMostAThousandRequests() throws {
        let triggers = String(repeating: "  - trigger: checkpoint\n", count: TriggerRequestQueue.maxQueued + 2)
        let r = try run("""
        scenario: cap
        checkpointing: {max-concurrent: 1}
        job:
        \(linearJob())
        script:
        \(triggers)
        """, maxSteps: 2_000_000)
        // One starts, a thousand wait, the next is refused; the rest start one by one later. The
        // final checkpoint, asked for while the queue is still full, is refused too and asked
        // for again at the next completion: the job still finishes.
        let skipped = r.of(.triggerSkipped)
        #expect(skipped.map(\.isFinal) == [false, true])
        #expect(skipped.allSatisfy { $0.reason == CheckpointFailureReason.tooManyCheckpointRequests.name })
        #expect(r.result.finished)
        #expect(r.of(.triggerQueued).filter { $0.isFinal == false }.count == TriggerRequestQueue.maxQueued)
        let firstSkip = try #require(skipped.first)
        #expect(r.events.prefix(firstSkip.seq).filter { $0.type == .checkpointTriggered }.count == 1)
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

    @Test func aTasksAsynchronousPhasesRunOneAfterAnother() throws {
        let r = try run("""
        scenario: fifo
        checkpointing: {max-concurrent: 2}
        timing: {async: [1, 1]}
        job:
        \(linearJob())
        script:
          - slow-snapshot: {task: "src[0]", checkpoint: 1, async: 40}
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "src[0]"}
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "src[0]"}
          - run-until: {type: checkpoint-completed, checkpoint: 2}
        """)
        let started = r.of(.snapshotStarted).filter { $0.task == "src[0]" }
        let done = r.of(.snapshotCompleted).filter { $0.task == "src[0]" }
        #expect(started.compactMap(\.checkpoint).prefix(2) == [1, 2] && started.prefix(2).allSatisfy { $0.time == 0 })
        // The second upload (1 ms) waits for the first (40 ms): it ends at 41, not at 1.
        #expect(done.compactMap(\.checkpoint).prefix(2) == [1, 2])
        #expect(done.map(\.time).prefix(2) == [40, 41])
    }
}
