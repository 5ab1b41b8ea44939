import CheckpointCheck
import CheckpointInterop
import CheckpointTrace
import Foundation
import Testing

/// `ckpt import flink-capture` on real Flink 2.3 runs: the trace passes its own checker with every
/// setting known, and holds what the log and the REST API show, no more and no less.
@Suite struct FlinkCaptureImportTests {
    @Test func thereIsACaptureOfEveryCaseTheIssueNames() {
        let cases = Set(RealFlinkCaptures.cases)
        for name in ["periodic", "expired-tolerable", "task-failure", "snapshot-exception", "unaligned-failure", "concurrent-subsumed",
                     "min-pause", "savepoint-stop", "final-checkpoint", "at-least-once", "async-failure", "manual-triggers"] {
            #expect(cases.contains(name), "no capture of \(name)")
        }
    }

    @Test(arguments: RealFlinkCaptures.cases)
    func aCaptureImportsAndPassesEveryInvariantWithItsSettingsKnown(name: String) throws {
        let t = try RealFlinkCaptures.trace(name)
        #expect(t.header.config != nil && t.header.mode != nil, "\(name): the settings are in the header, so no invariant is left unchecked")
        #expect(t.header.topology?.tasks.count == 8, "\(name): 4 operators × parallelism 2")
        #expect(TraceSchema.problems(in: t).isEmpty)
        let violations = InvariantChecker.check(t)
        #expect(violations.isEmpty, "\(name): \(violations.map(\.detail))")
        #expect(t.header.importInfo?["disagreements"] == nil, "\(name): log and REST API agree on every checkpoint")
        // It reads back as the same trace.
        let back = try TraceReader.read(TraceWriter.encode(t), file: "x.jsonl")
        let differs = zip(back.events, t.events).first { $0 != $1 }
        #expect(differs == nil, "\(name): the trace reads back differently from seq \(differs?.0.seq ?? -1) on")
    }

    @Test(arguments: RealFlinkCaptures.cases)
    func everyCheckpointOfTheRestHistoryHasExactlyOneOutcomeTheSameAsRests(name: String) throws {
        let t = try RealFlinkCaptures.trace(name)
        let rest = try FlinkRestImport.history(fromJSON: #require(RealFlinkCaptures.files(name).checkpoints), file: "checkpoints.json").checkpoints
        #expect(!rest.isEmpty)
        for c in rest {
            let outcomes = t.events.filter { $0.checkpoint == c.id && ($0.type == .checkpointCompleted || $0.type == .checkpointAborted) }
            #expect(outcomes.count == 1, "\(name): checkpoint \(c.id) has \(outcomes.count) outcomes")
            guard let o = outcomes.first else { continue }
            switch c.status {
            case "COMPLETED": #expect(o.type == .checkpointCompleted, "\(name): checkpoint \(c.id)")
            case "FAILED":
                #expect(o.type == .checkpointAborted, "\(name): checkpoint \(c.id)")
                let reason = c.failureMessage.flatMap { CheckpointFailureReason(message: Substring($0)) }
                #expect(reason != nil && o.reason == reason?.name, "\(name): checkpoint \(c.id): REST says \(c.failureMessage ?? "?"), the trace \(o.reason ?? "?")")
            default: Issue.record("\(name): checkpoint \(c.id) is \(c.status) in a finished job")
            }
            #expect((o.kind ?? .checkpoint) == c.kind)
        }
        // No outcome the REST history does not show.
        let ids = Set(rest.map(\.id))
        #expect(t.events.filter { $0.type == .checkpointCompleted || $0.type == .checkpointAborted }.allSatisfy { ids.contains($0.checkpoint ?? -1) })
    }

    @Test(arguments: RealFlinkCaptures.cases)
    func tasksAreOperatorSubtaskAndAcksComeFromEverySubtask(name: String) throws {
        let t = try RealFlinkCaptures.trace(name)
        let tasks = Set(t.header.topology?.tasks.map(\.id) ?? [])
        for e in t.events {
            guard let task = e.task else { continue }
            #expect(tasks.contains(task), "\(name) seq \(e.seq): task \(task) is not operator[subtask] of the job")
        }
        // Every completed checkpoint has an ack from each of the 8 subtasks, before its completion.
        for done in t.events where done.type == .checkpointCompleted {
            let acks = Set(t.events[..<done.seq].filter { $0.type == .ackReceived && $0.checkpoint == done.checkpoint }.compactMap(\.task))
            #expect(acks == tasks, "\(name): checkpoint \(done.checkpoint ?? 0) completed with acks from \(acks.count) tasks")
        }
        #expect(!t.events.contains { $0.type == .declineReceived && $0.extra?["execution-attempt"] != nil }, "every decline is named, not an attempt id")
    }

    @Test(arguments: RealFlinkCaptures.cases)
    func everyFailoverHasACauseAndRestoresAreTheIdsTheLogNames(name: String) throws {
        let t = try RealFlinkCaptures.trace(name)
        for f in t.events where f.type == .jobFailover {
            #expect(["task-failure", "tolerable-failures-exceeded"].contains(f.reason ?? ""), "\(name): failover reason \(f.reason ?? "none")")
            if f.reason == "task-failure" {
                #expect(f.task?.hasPrefix("faults[") == true && f.cause?.isEmpty == false, "\(name): the failed task and its exception")
            } else {
                #expect(f.cause?.contains("Exceeded checkpoint tolerable failure threshold") == true)
            }
        }
        let logged = RealFlinkCaptures.log(name).split(separator: "\n").compactMap { line -> Int? in
            guard let r = line.range(of: "from Checkpoint ") else { return nil }
            return Int(line[r.upperBound...].prefix { $0.isNumber })
        }
        #expect(t.events.filter { $0.type == .restoreStarted }.compactMap(\.checkpoint) == logged)
        #expect(t.events.filter { $0.type == .restoreStarted }.count == t.events.filter { $0.type == .jobFailover }.count)
    }

    @Test func whatEachFaultDidIsWhatFlinkDid() throws {
        func outcomes(_ name: String) throws -> [String] {
            try RealFlinkCaptures.trace(name).events.compactMap { e in
                e.type == .checkpointAborted ? "A\(e.checkpoint!) \(e.reason!)" : e.type == .jobFailover ? "F \(e.reason!)" : nil
            }
        }
        #expect(try outcomes("expired-tolerable") == ["A3 CHECKPOINT_EXPIRED", "A4 CHECKPOINT_EXPIRED", "F tolerable-failures-exceeded"])
        #expect(try outcomes("async-failure") == ["A3 CHECKPOINT_ASYNC_EXCEPTION", "A4 CHECKPOINT_ASYNC_EXCEPTION", "F tolerable-failures-exceeded"])
        // An exception in snapshotState fails the task; the pending checkpoint is aborted as the coordinator suspends.
        #expect(try outcomes("snapshot-exception") == ["A3 CHECKPOINT_COORDINATOR_SUSPEND", "F task-failure"])
        let failed = try RealFlinkCaptures.trace("snapshot-exception").events.first { $0.type == .taskFailed }
        #expect(failed?.task == "faults[0]" && failed?.cause?.contains("checkpoint 3 for operator faults (1/2)") == true)
        #expect(failed?.extra?["root-cause"]?.stringValue?.contains("CheckpointLab fault: faults[0] throws in snapshotState of checkpoint 3") == true)
        // Flink's failure manager logs its count before each failure; the import keeps it.
        let counts = try RealFlinkCaptures.trace("expired-tolerable").events.filter { $0.type == .checkpointAborted }.map { $0.extra?["failures-before"] }
        #expect(counts == [.int(0), .int(1)])
        let declines = try RealFlinkCaptures.trace("async-failure").events.filter { $0.type == .declineReceived }
        #expect(declines.map(\.task) == ["faults[1]", "faults[1]"] && declines.allSatisfy { $0.reason == "CHECKPOINT_ASYNC_EXCEPTION" })
    }

    @Test func savepointsStopsAndTheFinalCheckpointAreRecognised() throws {
        let sp = try RealFlinkCaptures.trace("savepoint-stop")
        let triggers = sp.events.filter { $0.type == .checkpointTriggered }
        #expect(triggers.filter { $0.kind == .savepoint }.count == 2)
        #expect(triggers.last?.kind == .savepoint && triggers.last?.extra?["stop"] == .bool(true))
        #expect(!triggers.contains { $0.isFinal == true }, "a stop-with-savepoint ends the job without a final checkpoint")
        let final = try RealFlinkCaptures.trace("final-checkpoint").events.filter { $0.type == .checkpointTriggered }
        #expect(final.count == 1 && final[0].isFinal == true && final[0].extra?["request"] == .string("manual"))
        let manual = try RealFlinkCaptures.trace("manual-triggers").events.filter { $0.type == .checkpointTriggered }
        #expect(manual.map { $0.kind == .savepoint ? "S" : "C" } == ["C", "C", "S", "C", "C"])
        #expect(manual.allSatisfy { $0.extra?["request"] == .string("manual") })
        #expect(manual.last?.isFinal == true)
        // Periodic triggers are told apart from manual ones: min-pause applies to them.
        let periodic = try RealFlinkCaptures.trace("min-pause").events.filter { $0.type == .checkpointTriggered }
        #expect(periodic.dropLast().allSatisfy { $0.extra?["request"] == .string("periodic") })
    }

    @Test func triggerFailuresAreEventsThatDoNotCount() throws {
        let t = try RealFlinkCaptures.trace("task-failure")
        let skipped = t.events.filter { $0.type == .triggerSkipped }
        #expect(!skipped.isEmpty)
        #expect(skipped.allSatisfy { $0.reason == "NOT_ALL_REQUIRED_TASKS_RUNNING" && $0.task?.hasSuffix("]") == true })
        #expect(!CheckpointFailureReason.notAllRequiredTasksRunning.countsTowardTolerableFailures)
        let counts = try #require(t.header.importInfo?["counts"])
        // REST's failed count = failed checkpoints in the history + trigger failures without an id.
        let failed = t.events.filter { $0.type == .checkpointAborted }.count
        #expect(counts["failed"] == .int(failed + skipped.count))
    }

    @Test func aLogOfSeveralJobsIsRefusedWithTheirIdsAndJobPicksOne() throws {
        let a = RealFlinkCaptures.log("periodic"), b = RealFlinkCaptures.log("task-failure")
        do {
            _ = try FlinkLogImport.read(a + b)
            Issue.record("a log of two jobs was imported without --job")
        } catch {
            #expect(error.message.contains("2 jobs") && error.message.contains("ckpt-periodic") && error.message.contains("ckpt-task-failure"))
            #expect(error.message.contains("--job"))
            #expect(error.line > a.split(separator: "\n", omittingEmptySubsequences: false).count - 1, "the line where the second job starts")
        }
        let jobB = try #require(RealFlinkCaptures.trace("task-failure").header.importInfo?["job"]?.stringValue)
        let alone = try FlinkLogImport.read(b)
        let picked = try FlinkLogImport.read(a + b, job: jobB)
        #expect(picked.events.map(\.type) == alone.events.map(\.type))
        #expect(throws: ImportError.self) { try FlinkLogImport.read(a, job: jobB) }
    }

    @Test func garbageAndOtherLogsGetAMessageWithTheLine() throws {
        for text in ["hello\nworld\n", "", "\u{0}\u{1}binary", "2024-13-45 99:99:99,999 INFO nothing\n"] {
            #expect(throws: ImportError.self) { try FlinkLogImport.read(text) }
        }
        // A JobManager line with an id too large for 64 bits is not read as a checkpoint.
        let big = "2026-12-04 21:13:36,344 INFO  org.apache.flink.runtime.checkpoint.CheckpointCoordinator    [] - Triggering checkpoint 99999999999999999999 (type=CheckpointType{name='Checkpoint'}) @ 1 for job a767f6f424a543eddb1f9f3232b73c8a.\n"
        #expect(throws: ImportError.self) { try FlinkLogImport.read(big) }
        // A capture folder without its log says so.
        var files = RealFlinkCaptures.files("periodic")
        files.jobManagerLog = nil
        #expect(throws: ImportError.self) { try FlinkCaptureImport.trace(files) }
        // A broken REST file is named with its line and column.
        files = RealFlinkCaptures.files("periodic")
        files.checkpoints = Array("{\n  \"counts\": [1,\n".utf8)
        do { _ = try FlinkCaptureImport.trace(files); Issue.record("broken JSON imported") } catch {
            #expect(error.file?.hasSuffix("rest/checkpoints.json") == true && error.line == 3 && error.column == 1)
        }
    }

    @Test func discardsBeyondNumRetainedAreInferredAndSaySo() throws {
        let t = try RealFlinkCaptures.trace("periodic")
        let discards = t.events.filter { $0.type == .checkpointDiscarded }
        let completions = t.events.filter { $0.type == .checkpointCompleted && $0.kind == .checkpoint }
        #expect(t.header.config?.retained == 1)
        #expect(discards.count == completions.count - 1)
        #expect(discards.allSatisfy { $0.extra?["inferred"] != nil })
    }
}
