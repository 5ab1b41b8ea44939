import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore
@testable import CheckpointHarness

/// Failover and restore (DESIGN.md §2.2 "Failover"): exact counts and exactly-once output.
@Suite struct JobFailoverTests {
    static let words = [["a", "b", "a", "c", "b", "a"], ["c", "c", "d", "a"]]
    static let expected = ["a": 4, "b": 2, "c": 3, "d": 1]

    @Test func aFailureAfterACompletedCheckpointRestoresItAndKeepsCountsExact() throws {
        let r = try run("""
        scenario: restore
        job:
        \(linearJob(parallelism: 2, data: Self.words))
        script:
          - step: 6
          - trigger: checkpoint
          - run-until: {type: checkpoint-completed, checkpoint: 1}
          - step: 5
          - fail: count[1]
        """)
        let restore = try #require(r.first(.restoreStarted))
        #expect(restore.checkpoint == 1 && restore.attempt == 1)
        let completed = try #require(r.first(.checkpointCompleted) { $0.checkpoint == 1 })
        // Every task restored from checkpoint 1's snapshot; sources rewound to their offsets in it.
        for source in ["src[0]", "src[1]"] {
            let snap = try #require(r.first(.snapshotCompleted) { $0.task == source && $0.checkpoint == 1 })
            let rewound = try #require(r.first(.sourceRewound) { $0.task == source })
            #expect(rewound.offset == snap.state?["offset"]?.intValue)
            #expect(rewound.seq > completed.seq)
        }
        #expect(r.of(.taskRestored).count == 6)
        #expect(r.result.finalCounts == Self.expected)
        // Exactly-once output: every key=count committed exactly once.
        #expect(r.result.committedRecords.values.allSatisfy { $0 == 1 })
        #expect(r.result.output == Self.expected.mapValues(String.init))
    }

    @Test func aFailureWithNoCompletedCheckpointIsAFreshStart() throws {
        let r = try run("""
        scenario: fresh
        job:
        \(linearJob(parallelism: 2, data: Self.words))
        script:
          - step: 12
          - fail: out[0]
        """)
        let restore = try #require(r.first(.restoreStarted))
        #expect(restore.checkpoint == nil)
        #expect(r.of(.sourceRewound).allSatisfy { $0.offset == 0 })
        #expect(r.of(.taskRestored).allSatisfy { $0.checkpoint == nil })
        #expect(r.result.finalCounts == Self.expected)
        #expect(r.result.output == Self.expected.mapValues(String.init))
    }

    @Test func failoverEmptiesDataChannelsButStaleAcksStillArrive() throws {
        let r = try run("""
        scenario: channels
        job:
        \(linearJob(data: [["a", "b", "c"]]))
        script:
          - emit: src[0]
          - emit: src[0]
          - trigger: checkpoint
          - deliver: {from: coordinator, to: "src[0]"}
          - advance: 20
          - fail: out[0]
          - expect: {type: ack-sent, task: "src[0]"}
        """)
        #expect(r.result.summary.failedExpectations.isEmpty)
        // The records and the barrier on src[0]->count[0] were dropped: the restart re-emits them.
        let emitted = r.of(.recordEmitted).map { $0.record ?? "" }
        #expect(emitted == ["a", "b", "a", "b", "c"])
        #expect(r.first(.ackIgnored)?.reason == "stale-attempt")
        #expect(r.result.finalCounts == ["a": 1, "b": 1, "c": 1])
    }
}
