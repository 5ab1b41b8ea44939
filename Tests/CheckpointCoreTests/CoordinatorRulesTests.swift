import CheckpointTrace
import Testing
@testable import CheckpointCore

/// Each coordinator rule of DESIGN.md §2.2 as a small scenario with asserted events.
@Suite struct CoordinatorRulesTests {
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

    @Test func anExpiredCheckpointCountsAndBeyondTheLimitFailsTheJobOver() throws {
        let r = try run("""
        scenario: expire
        checkpointing: {timeout: 30, tolerable-failures: 0}
        timing: {async: [1, 1]}
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - advance: 30
          - expect: {type: checkpoint-aborted, checkpoint: 1, reason: CHECKPOINT_EXPIRED}
          - expect: {type: job-failover, reason: tolerable-failures-exceeded}
        """)
        #expect(r.result.summary.failedExpectations.map { $0.detail ?? "" } == [])
        let aborted = try #require(r.first(.checkpointAborted))
        #expect(aborted.time == 30)
        let failover = try #require(r.first(.jobFailover))
        #expect(failover.time == aborted.time && failover.attempt == 1)
        #expect(r.result.finished)
    }

    @Test func oneToleratedFailureDoesNotFailTheJobOver() throws {
        let r = try run("""
        scenario: tolerate
        checkpointing: {timeout: 30, tolerable-failures: 1}
        timing: {async: [1, 1]}
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - advance: 30
          - expect: {type: checkpoint-aborted, checkpoint: 1, reason: CHECKPOINT_EXPIRED}
        """)
        #expect(r.of(.jobFailover).count == 0)
        #expect(r.result.finished)
    }

    @Test func anAsyncSnapshotFailureDeclinesAndAbortsWithAsyncException() throws {
        let r = try run("""
        scenario: async-fail
        checkpointing: {tolerable-failures: 5}
        job:
        \(linearJob())
        script:
          - fail-snapshot: {task: "count[0]", checkpoint: 1}
          - trigger: checkpoint
          - run-until: {type: checkpoint-aborted, checkpoint: 1}
        """)
        let failed = try #require(r.first(.snapshotFailed))
        #expect(failed.task == "count[0]" && failed.phase == "async")
        let decline = try #require(r.first(.declineReceived))
        #expect(decline.reason == "CHECKPOINT_ASYNC_EXCEPTION" && decline.task == "count[0]")
        let aborted = try #require(r.first(.checkpointAborted))
        #expect(aborted.reason == "CHECKPOINT_ASYNC_EXCEPTION")
        #expect(r.of(.notifyAbortedSent).filter { $0.checkpoint == 1 }.count == 3)
        #expect(r.of(.jobFailover).isEmpty)
    }

    @Test func theStoreRetainsTheNewestCheckpointsAndDiscardsOldestFirst() throws {
        let r = try run("""
        scenario: retain
        checkpointing: {retained: 2}
        job:
        \(linearJob())
        script:
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 2}
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 3}
          - expect: {type: checkpoint-discarded, checkpoint: 1}
          - expect: {type: checkpoint-discarded, count: 1}
          - fail: src[0]
          - expect: {type: restore-started, checkpoint: 3}
        """)
        #expect(r.result.summary.failedExpectations.map { $0.detail ?? "" } == [])
        let completed = try #require(r.first(.checkpointCompleted) { $0.checkpoint == 3 })
        #expect(r.events[completed.seq + 1].type == .checkpointDiscarded)
    }

    @Test func aNewerCompletedCheckpointSubsumesOlderPendingOnes() throws {
        // Find a seed where checkpoint 2 completes while 1 is still pending: count[0]'s slow first
        // upload makes its two acks wait together, and the JobManager may handle ack 2 first.
        var found = false
        for seed in UInt64(0)..<200 {
            let r = try run("""
            scenario: subsume
            checkpointing: {max-concurrent: 2}
            timing: {async: [0, 1]}
            job:
            \(linearJob(parallelism: 2, data: [["a", "b"], ["c"]]))
            script:
              - slow-snapshot: {task: "count[0]", checkpoint: 1, async: 20}
              - trigger: checkpoint
              - trigger: checkpoint
            """, seed: seed)
            guard let subsumed = r.first(.checkpointAborted, where: { $0.reason == "CHECKPOINT_SUBSUMED" }) else { continue }
            found = true
            #expect(subsumed.checkpoint == 1)
            let completed = try #require(r.first(.checkpointCompleted) { $0.checkpoint == 2 })
            #expect(subsumed.seq > completed.seq && subsumed.time == completed.time)
            #expect(r.events[subsumed.seq + 1].type == .notifyAbortedSent)
            #expect(!r.events.contains { $0.type == .checkpointCompleted && $0.checkpoint == 1 })
            break
        }
        #expect(found, "no seed below 200 let checkpoint 2 overtake checkpoint 1")
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
}
