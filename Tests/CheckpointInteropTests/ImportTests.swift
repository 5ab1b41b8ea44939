import CheckpointTrace
import Foundation
import Testing
@testable import CheckpointInterop

/// Imports of a Flink JobManager log and of the REST API's checkpoint statistics.
@Suite struct ImportTests {
    @Test func aJobManagerLogBecomesATraceOfWhatItShows() throws {
        let t = try FlinkLogImport.trace(fromLog: Fixtures.jobManagerLog, file: "jm.log")
        #expect(t.events.map(\.typeName) == [
            "checkpoint-triggered", "checkpoint-completed", "checkpoint-triggered", "decline-received", "checkpoint-aborted",
            "checkpoint-triggered", "checkpoint-aborted", "job-failover", "restore-started", "checkpoint-triggered", "checkpoint-completed",
        ])
        #expect(t.events[0].time == 0 && t.events[1].time == 250)
        #expect(t.events[1].bytes == 24576 && t.events[1].extra?["duration"] == .int(250))
        #expect(t.events[3].task == "8c0e1b9e2d4a6f3c5b7d9e1f3a5c7e9b_2_0")
        #expect(t.events[4].reason == "CHECKPOINT_ASYNC_EXCEPTION", "the reason from the CheckpointException line")
        #expect(t.events[6].reason == "CHECKPOINT_EXPIRED")
        #expect(t.events[7].reason == "job-restart", "the sample shows no cause before RESTARTING")
        #expect(t.events[8].checkpoint == 1)
        #expect(t.events[9].kind == .savepoint)
        #expect(t.events[10].extra?["duration"] == .int(1000), "the pre-1.15 wording too")
        #expect(t.header.importInfo?["from"] == .string("flink-log"))
        #expect(t.header.importInfo?["skipped"] == .int(0), "job-state lines are read (they end a job or restart it); a stack frame is part of its line")
        #expect(t.header.seed == nil)
        // It reads back as a ckpt-trace/1 file.
        let back = try TraceReader.read(TraceWriter.encode(t), file: "x.jsonl")
        #expect(back.events == t.events)
    }

    @Test func somethingThatIsNotAFlinkLogIsRefused() {
        #expect(throws: ImportError.self) { try FlinkLogImport.trace(fromLog: "hello\nworld\n", file: "x") }
        #expect(throws: ImportError.self) { try FlinkLogImport.trace(fromLog: "2024-03-05 10:00:00,000 INFO x - started\n", file: "x") }
    }

    @Test func restCheckpointStatisticsBecomeATrace() throws {
        let t = try FlinkRestImport.trace(fromJSON: Array(Fixtures.restCheckpoints.utf8), file: "cp.json")
        let types = t.events.map { "\($0.typeName) \($0.checkpoint ?? 0)" }
        #expect(types == ["checkpoint-triggered 1", "ack-received 1", "ack-received 1", "checkpoint-completed 1",
                          "checkpoint-triggered 2", "checkpoint-aborted 2", "checkpoint-triggered 3"])
        #expect(t.events[3].time == 180 && t.events[3].bytes == 1024)
        #expect(t.events[5].reason == "CHECKPOINT_ASYNC_EXCEPTION" && t.events[5].detail == "Asynchronous task checkpoint failed.")
        let stats = CheckpointStats(trace: t)
        #expect(stats.checkpoints.map(\.status) == ["completed", "aborted: CHECKPOINT_ASYNC_EXCEPTION", "pending"])
        #expect(stats.checkpoints[0].duration == 180 && stats.checkpoints[0].acknowledged == 2)
    }

    @Test func otherJSONIsRefused() {
        #expect(throws: ImportError.self) { try FlinkRestImport.trace(fromJSON: Array(#"{"jobs":[]}"#.utf8), file: "x") }
        #expect(throws: ImportError.self) { try FlinkRestImport.trace(fromJSON: Array("not json".utf8), file: "x") }
    }

    @Test func logTimestampsAreMillisecondsSince1970() {
        #expect(FlinkLogImport.timestamp("1970-01-01 00:00:01,500 INFO") == 1_500)
        #expect(FlinkLogImport.timestamp("2024-03-05 10:00:10,000 INFO") == 1_709_632_810_000)
        #expect(FlinkLogImport.timestamp("not a time") == nil)
    }

    @Test func theSamplesInTheDocsAreTheseFixtures() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/interop").standardized
        let log = try String(contentsOf: dir.appendingPathComponent("jobmanager.log"), encoding: .utf8)
        let rest = try String(contentsOf: dir.appendingPathComponent("checkpoints.json"), encoding: .utf8)
        #expect(log == Fixtures.jobManagerLog + "\n", "docs/interop/jobmanager.log is shown in docs/interop.md")
        #expect(rest == Fixtures.restCheckpoints + "\n")
    }
}
