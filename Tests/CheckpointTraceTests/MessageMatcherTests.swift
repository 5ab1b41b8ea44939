import Testing
@testable import CheckpointTrace

/// Pairing sends with receipts, and when a record held in an alignment buffer really takes effect.
@Suite struct MessageMatcherTests {
    @Test func aBufferedRecordIsConsumedWhenItIsProcessedNotWhenReceived() {
        let c = "a[0]->b[0]"
        let events = [
            TraceEvent(seq: 0, type: .recordSent, actor: "a[0]", task: "a[0]", channel: c, record: "x"),
            TraceEvent(seq: 1, type: .recordSent, actor: "a[0]", task: "a[0]", channel: c, record: "y"),
            TraceEvent(seq: 2, type: .recordReceived, actor: "b[0]", task: "b[0]", channel: c, record: "x"),
            TraceEvent(seq: 3, type: .recordProcessed, actor: "b[0]", task: "b[0]", channel: c, record: "x"),
            TraceEvent(seq: 4, type: .recordReceived, actor: "b[0]", task: "b[0]", channel: c, record: "y"),
            TraceEvent(seq: 5, type: .recordBuffered, actor: "b[0]", checkpoint: 1, task: "b[0]", channel: c, record: "y"),
            TraceEvent(seq: 6, type: .snapshotStarted, actor: "b[0]", checkpoint: 1, task: "b[0]"),
            TraceEvent(seq: 7, type: .recordProcessed, actor: "b[0]", task: "b[0]", channel: c, record: "y"),
        ]
        let m = MessageMatcher.messages(in: events)
        #expect(m.map(\.received) == [2, 4])
        #expect(m.map(\.consumed) == [3, 7])
        #expect(m.map(\.buffered) == [false, true])
    }

    @Test func aBufferedRecordLostInAFailoverIsNeverConsumed() {
        let c = "a[0]->b[0]"
        let events = [
            TraceEvent(seq: 0, type: .recordSent, actor: "a[0]", task: "a[0]", channel: c, record: "y"),
            TraceEvent(seq: 1, type: .recordReceived, actor: "b[0]", task: "b[0]", channel: c, record: "y"),
            TraceEvent(seq: 2, type: .recordBuffered, actor: "b[0]", checkpoint: 1, task: "b[0]", channel: c, record: "y"),
            TraceEvent(seq: 3, type: .jobFailover, actor: "coordinator"),
            TraceEvent(seq: 4, type: .recordProcessed, actor: "b[0]", task: "b[0]", channel: c, record: "z"),
        ]
        let m = MessageMatcher.messages(in: events)
        #expect(m.count == 1 && m[0].buffered && m[0].consumed == nil)
    }
}
