import CheckpointTrace
import Foundation
import Testing
@testable import CheckpointInterop

/// `ckpt stats`: every figure recomputed from the trace's own events.
@Suite struct StatsTests {
    static func first(_ trace: Trace, _ type: EventType, _ id: Int, task: String? = nil) -> TraceEvent? {
        trace.events.first { $0.type == type && $0.checkpoint == id && (task == nil || $0.task == task) }
    }

    @Test func endToEndDurationIsCompletedMinusTriggered() throws {
        for (name, trace) in try Scenarios.variety() {
            let stats = CheckpointStats(trace: trace)
            let triggered = trace.events.filter { $0.type == .checkpointTriggered }
            #expect(stats.checkpoints.map(\.id) == triggered.map { $0.checkpoint! }, "\(name): one row per checkpoint, in trigger order")
            for c in stats.checkpoints {
                let start = try #require(Self.first(trace, .checkpointTriggered, c.id))
                #expect(c.triggered == start.time && c.kind == start.kind?.rawValue && c.isFinal == (start.isFinal ?? false))
                if let done = Self.first(trace, .checkpointCompleted, c.id) {
                    #expect(c.status == "completed" && c.duration == done.time - start.time, "\(name) #\(c.id)")
                    #expect(c.duration == done.extra?["duration"]?.intValue, "the coordinator's own figure")
                    #expect(c.bytes == done.bytes)
                } else if let aborted = Self.first(trace, .checkpointAborted, c.id) {
                    #expect(c.status == "aborted: \(aborted.reason!)" && c.duration == aborted.time - start.time, "\(name) #\(c.id)")
                } else {
                    #expect(c.status == "pending" && c.duration == nil)
                }
            }
            #expect(stats.checkpoints.contains { $0.status == "completed" } && stats.checkpoints.contains { $0.status.hasPrefix("aborted") }, "\(name)")
        }
    }

    @Test func everyTaskOfACompletedCheckpointHasItsNumbers() throws {
        for (name, trace) in try Scenarios.variety() {
            let tasks = trace.header.topology!.tasks.map(\.id)
            for c in CheckpointStats(trace: trace).checkpoints where c.status == "completed" {
                #expect(c.tasks.map(\.task) == tasks, "\(name) #\(c.id): every task, in job order")
                #expect(c.acknowledged == tasks.count)
                let triggered = Self.first(trace, .checkpointTriggered, c.id)!.time
                for t in c.tasks {
                    let started = try #require(Self.first(trace, .snapshotStarted, c.id, task: t.task))
                    let completed = try #require(Self.first(trace, .snapshotCompleted, c.id, task: t.task))
                    let ackSent = try #require(Self.first(trace, .ackSent, c.id, task: t.task))
                    let ackReceived = try #require(Self.first(trace, .ackReceived, c.id, task: t.task))
                    #expect(t.sync == 0)
                    #expect(t.async == completed.time - started.time, "\(name) #\(c.id) \(t.task)")
                    #expect(t.ackLatency == ackReceived.time - ackSent.time)
                    #expect(t.endToEnd == ackReceived.time - triggered)
                    #expect(t.bytes != nil && t.bytes == completed.bytes)
                    let alignment = Self.first(trace, .alignmentCompleted, c.id, task: t.task)
                    let aligned = alignment.map { $0.time - Self.first(trace, .alignmentStarted, c.id, task: t.task)!.time }
                    #expect(t.alignment == aligned, "\(name) #\(c.id) \(t.task): alignment only where the task aligned")
                }
                // The slowest ack is the checkpoint's duration.
                #expect(c.tasks.compactMap(\.endToEnd).max() == c.duration)
            }
        }
    }

    @Test func twoInputTasksAlignInAlignedMode() throws {
        let trace = try Scenarios.run(Scenarios.wordCount(mode: "aligned", maxConcurrent: 1), seed: 3)
        let stats = CheckpointStats(trace: trace)
        let done = try #require(stats.checkpoints.first { $0.status == "completed" })
        #expect(done.tasks.filter { $0.alignment != nil }.map(\.task).allSatisfy { $0.hasPrefix("count[") })
        #expect(done.tasks.first { $0.task == "lines[0]" }?.alignment == nil, "a source has nothing to align")
    }

    @Test func textAndJSONShowTheSameFigures() throws {
        let trace = Scenarios.tour
        let stats = CheckpointStats(trace: trace)
        let text = stats.text()
        #expect(text.contains("id   kind        status"))
        #expect(text.contains("* the final checkpoint (end of input)"))
        let summary = stats.text(perTask: false).split(separator: "\n")
        #expect(summary.count == stats.checkpoints.count + 3, "header, one line per checkpoint, two footnotes")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(JSONWriter.string(stats.json).utf8)) as? [[String: Any]])
        #expect(json.count == stats.checkpoints.count)
        for (row, c) in zip(json, stats.checkpoints) {
            #expect((row["id"] as? Int) == c.id && (row["duration"] as? Int) == c.duration && (row["status"] as? String) == c.status)
            #expect((row["tasks"] as? [[String: Any]])?.count == c.tasks.count)
        }
        // The tour: checkpoint 1 completes, 2 is cut short by the crash, 3 is the final one.
        #expect(stats.checkpoints.map(\.status) == ["completed", "aborted: CHECKPOINT_COORDINATOR_SUSPEND", "completed"])
        #expect(stats.checkpoints[0].duration == 98 && stats.checkpoints[2].isFinal)
    }

    @Test func anImportedLogGivesDurationsFromItsTimestamps() throws {
        let t = try FlinkLogImport.trace(fromLog: Fixtures.jobManagerLog, file: "jm.log")
        let stats = CheckpointStats(trace: t)
        #expect(stats.checkpoints.map(\.id) == [1, 2, 3, 4])
        #expect(stats.checkpoints[0].duration == 250 && stats.checkpoints[0].bytes == 24576)
        #expect(stats.checkpoints[2].status == "aborted: CHECKPOINT_EXPIRED" && stats.checkpoints[2].duration == 600_000)
        #expect(stats.checkpoints[3].kind == "savepoint")
    }

    @Test func longTaskNamesFromARestImportKeepTheColumnsAligned() throws {
        let t = try FlinkRestImport.trace(fromJSON: Array(Fixtures.restCheckpoints.utf8), file: "cp.json")
        let lines = CheckpointStats(trace: t).text().split(separator: "\n")
        let header = try #require(lines.first { $0.contains("task") && $0.contains("end2end") })
        let row = try #require(lines.first { $0.contains("90bea66de1c231edf33913ecd54406c1") })
        #expect(row.count == header.count, "the vertex id (32 characters) widens the task column")
        #expect(row.hasSuffix("180    1024"))
    }
}
