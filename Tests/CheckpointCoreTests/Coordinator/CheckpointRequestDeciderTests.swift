import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// CheckpointRequestDecider's rules (DESIGN.md §2.2): the queue, min pause, max concurrent and forced savepoints.
@Suite struct CheckpointRequestDeciderTests {
    @Test func aManualRequestWaitsForAFreeSlotThenStarts() throws {
        let r = try run("""
        scenario: queue
        checkpointing: {max-concurrent: 1}
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - trigger: checkpoint
          - expect: {type: trigger-queued, count: 1}
          - expect: {type: checkpoint-triggered, count: 1}
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - expect: {type: checkpoint-triggered, checkpoint: 2}
        """)
        #expect(r.result.summary.failedExpectations.map { $0.detail ?? "" } == [])
        let done = try #require(r.first(.checkpointCompleted) { $0.checkpoint == 1 })
        let second = try #require(r.first(.checkpointTriggered) { $0.checkpoint == 2 })
        #expect(second.seq > done.seq && second.time == done.time)
        // Only after the notify-complete of the completion step.
        #expect(r.events[second.seq - 1].type == .notifyCompleteSent)
    }

    @Test func aPeriodicRequestInsideTheMinPauseIsDroppedAndRescheduled() throws {
        let r = try run("""
        scenario: pause
        checkpointing: {interval: 10, min-pause: 30, max-concurrent: 1}
        timing: {async: [20, 40]}
        job:
        \(linearJob(data: [Array(repeating: "w", count: 300)]))
        """)
        let skipped = r.of(.triggerSkipped).filter { $0.reason == "MINIMUM_TIME_BETWEEN_CHECKPOINTS" }
        let periodic = r.of(.checkpointTriggered).filter { $0.extra?["request"] == .string("periodic") }
        let completions = r.of(.checkpointCompleted)
        #expect(periodic.count >= 2)
        // No periodic checkpoint starts sooner than min-pause after the last completion.
        for p in periodic {
            if let last = completions.last(where: { $0.seq < p.seq }) { #expect(p.time - last.time >= 30) }
        }
        // A request that waited for the slot is dropped right after the completion that frees it,
        // and the next periodic trigger comes exactly when the pause ends.
        #expect(!skipped.isEmpty)
        for s in skipped {
            let last = try #require(completions.last { $0.seq < s.seq })
            #expect(s.time == last.time)
            let endOfInput = r.first(.endOfInput)?.seq ?? Int.max
            guard let next = periodic.first(where: { $0.seq > s.seq }), next.seq < endOfInput else {
                #expect(endOfInput > s.seq, "a dropped request must be followed by a periodic trigger unless input ended")
                continue
            }
            #expect(next.time == last.time + 30)
        }
    }

    @Test func aSavepointWaitsForASlotInUnalignedMode() throws {
        let r = try run("""
        scenario: sp-unaligned
        mode: unaligned
        checkpointing: {max-concurrent: 1}
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - trigger: savepoint
          - expect: {type: trigger-queued, kind: savepoint}
        """)
        #expect(r.result.summary.failedExpectations.map { $0.detail ?? "" } == [])
    }

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
}
