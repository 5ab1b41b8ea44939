import CheckpointTrace
import Testing
@testable import CheckpointInterop

/// Traces may hold any Int times (trace-lint accepts them): statistics leave out what does not fit,
/// and the Perfetto export names the first event it cannot place instead of overflowing.
@Suite struct ExtremeTimeTests {
    /// Every event of a real trace moved to one end of Int or the other, split at `seq`.
    static func stretched(splitAt seq: Int) throws -> Trace {
        var trace = try Scenarios.run(Scenarios.wordCount(), seed: 7)
        for i in trace.events.indices { trace.events[i].time = trace.events[i].seq <= seq ? Int.min : Int.max }
        return trace
    }

    @Test func statsGiveNoFigureForASpanLargerThanAnyInt() throws {
        let whole = try Scenarios.run(Scenarios.wordCount(), seed: 7)
        let completed = try #require(whole.events.first { $0.type == .checkpointCompleted })
        let trace = try Self.stretched(splitAt: completed.seq - 1)
        let stats = CheckpointStats(trace: trace)
        let first = try #require(stats.checkpoints.first { $0.id == completed.checkpoint })
        #expect(first.duration == nil)
        #expect(CheckpointStats.span(Int.min, Int.max) == nil && CheckpointStats.span(-5, 5) == 10)
        #expect(stats.text().contains("completed"))
    }

    @Test func perfettoNamesTheFirstEventWithoutATimestamp() throws {
        let fine = try Scenarios.run(Scenarios.wordCount(), seed: 7)
        #expect(PerfettoExport.firstUnrepresentableEvent(in: fine) == nil)
        var trace = fine
        trace.events[3].time = PerfettoExport.maxTime + 1
        #expect(PerfettoExport.firstUnrepresentableEvent(in: trace) == 3)
        trace.events[3].time = Int.min
        #expect(PerfettoExport.firstUnrepresentableEvent(in: trace) == 3)
    }
}

/// Per-task byte counts whose total does not fit an Int give no total.
@Suite struct ExtremeBytesTests {
    @Test func aCheckpointsBytesAreLeftOutWhenTheirSumOverflows() throws {
        var trace = try Scenarios.run(Scenarios.wordCount(), seed: 7)
        for i in trace.events.indices where trace.events[i].bytes != nil {
            trace.events[i].bytes = trace.events[i].type == .checkpointCompleted ? nil : Int.max
        }
        let stats = CheckpointStats(trace: trace)
        let completed = stats.checkpoints.filter { $0.status == "completed" }
        #expect(!completed.isEmpty && completed.allSatisfy { $0.bytes == nil && $0.tasks.count > 1 })
        #expect(CheckpointStats.sum([Int.max, 1]) == nil && CheckpointStats.sum([2, 3]) == 5 && CheckpointStats.sum([]) == 0)
    }
}
