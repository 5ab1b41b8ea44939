import CheckpointConform
import CheckpointCore
import CheckpointTrace
import Foundation
import Testing

/// `ckpt conform` and the differential twins on real Flink 2.3 runs.
@Suite struct FlinkConformanceTests {
    @Test(arguments: RealFlinkCaptures.cases)
    func everyCaptureConformsToTheCoresRules(name: String) throws {
        let t = try RealFlinkCaptures.trace(name)
        let report = try Conformance.check(t)
        #expect(report.tolerance == Conformance.importedClockTolerance)
        #expect(report.divergences.isEmpty, "\(name): \(report.divergences.map(\.description))")
        // No slack was needed: every capture also conforms with exact times.
        #expect(try Conformance.check(t, tolerance: 0).divergences.isEmpty)
        #expect(report.checkpoints > 0)
    }

    /// A capture with one event changed, and the divergence conform must report for it.
    func planted(_ name: String, _ change: (inout [TraceEvent]) -> Void) throws -> [Divergence] {
        var t = try RealFlinkCaptures.trace(name)
        change(&t.events)
        for i in t.events.indices { t.events[i].seq = i }
        return try Conformance.check(t).divergences
    }

    @Test func aRestoreOfAnOlderCheckpointIsFoundAtItsLine() throws {
        let t = try RealFlinkCaptures.trace("task-failure")
        let restore = try #require(t.events.first { $0.type == .restoreStarted })
        let found = try planted("task-failure") { events in events[restore.seq].checkpoint = restore.checkpoint! - 1 }
        #expect(found.count == 1)
        #expect(found.first?.rule == .restoreLatest && found.first?.seq == restore.seq)
        #expect(found.first?.sourceLine == restore.extra?["line"]?.intValue && found.first?.sourceLine != nil)
    }

    @Test func aPeriodicTriggerInsideMinPauseIsFoundAtItsLine() throws {
        let t = try RealFlinkCaptures.trace("min-pause")
        let completed = try #require(t.events.first { $0.type == .checkpointCompleted && $0.checkpoint == 2 })
        let trigger = try #require(t.events.first { $0.type == .checkpointTriggered && $0.checkpoint == 3 })
        let found = try planted("min-pause") { events in events[trigger.seq].time = completed.time + 100 }
        #expect(found.first?.rule == .minPause && found.first?.seq == trigger.seq)
        #expect(found.first?.message.contains("100 ms after the last completion") == true)
    }

    @Test func aFailoverOneFailureTooEarlyIsFoundAtItsLine() throws {
        // Take away the second expiry: the failover then comes after one counted failure, and
        // tolerable-failures is 1.
        var failover: TraceEvent?
        let found = try planted("expired-tolerable") { events in
            events.removeAll { $0.checkpoint == 4 && [.checkpointTriggered, .checkpointAborted, .ackReceived].contains($0.type) }
            failover = events.first { $0.type == .jobFailover }
        }
        #expect(found.first?.rule == .failoverWhenExceeded)
        #expect(found.first?.sourceLine == failover?.extra?["line"]?.intValue)
        #expect(found.first?.message.contains("did not exceed tolerable-failures (1)") == true)
    }

    @Test func aFailoverThatDoesNotComeWhenTheCountExceedsIsFound() throws {
        let found = try planted("async-failure") { events in events.removeAll { $0.type == .jobFailover } }
        #expect(found.contains { $0.rule == .failoverWhenExceeded })
    }

    @Test func aWrongFailureCountIsFound() throws {
        let t = try RealFlinkCaptures.trace("expired-tolerable")
        let second = try #require(t.events.first { $0.type == .checkpointAborted && $0.checkpoint == 4 })
        let found = try planted("expired-tolerable") { events in events[second.seq].extra?["failures-before"] = .int(0) }
        #expect(found.first?.rule == .failureCounter && found.first?.seq == second.seq)
    }

    @Test func everyLessonTraceConformsToo() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../traces").standardized
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".jsonl") }
        #expect(names.count >= 16)
        for n in names {
            let t = try TraceReader.read(Array(try Data(contentsOf: dir.appendingPathComponent(n))), file: n)
            let report = try Conformance.check(t)
            #expect(report.tolerance == 0)
            #expect(report.divergences.isEmpty, "\(n): \(report.divergences.map(\.description))")
        }
    }

    @Test(arguments: RealFlinkCaptures.cases)
    func everyTwinsSimulatedHistoryHasTheShapeOfTheRealOne(name: String) throws {
        let yaml = try #require(RealFlinkCaptures.twin(name), "no twin for \(name) in flink/twins")
        let scenario = try ScenarioParser.parse(yaml, file: "\(name).yaml")
        let simulated = try TwinComparison.simulate(scenario)
        #expect(!simulated.events.contains { $0.type == .invariantViolated || $0.type == .expectationFailed }, "\(name): the twin's own run holds")
        #expect(simulated.events.last?.type == .jobFinished)
        let comparison = TwinComparison(observed: try RealFlinkCaptures.trace(name), simulated: simulated)
        #expect(comparison.matches, "\(name): real \(comparison.observed.shape), simulated \(comparison.simulated.shape)")
    }

    @Test func theDifferentialCatchesASimulatorThatBreaksARule() throws {
        // With checkpoints that never expire, the twin of expired-tolerable no longer fails over.
        let yaml = try #require(RealFlinkCaptures.twin("expired-tolerable"))
        var scenario = try ScenarioParser.parse(yaml, file: "twin.yaml")
        scenario.mutant = .noTimeout
        let comparison = TwinComparison(observed: try RealFlinkCaptures.trace("expired-tolerable"), simulated: try TwinComparison.simulate(scenario))
        #expect(!comparison.matches)
        #expect(!comparison.simulated.shape.contains("aborted CHECKPOINT_EXPIRED"))
        #expect(comparison.firstDifference != nil)
    }

    @Test func theShapeLeavesOutOnlyWhatIsTiming() throws {
        let t = try RealFlinkCaptures.trace("periodic")
        let h = CheckpointHistory(t)
        // Many completions (and perhaps a late end-of-input trigger that met closing tasks): one run
        // of completions ending with the final one.
        #expect(h.items.count > 10)
        #expect(h.shape == ["completed…final"])
        #expect(h.text.hasPrefix("C1 C2 C3"))
        #expect(CheckpointHistory.operatorTask("Source: numbers[1]") == "numbers[1]")
        #expect(CheckpointHistory.operatorTask("out: Writer[0]") == "out[0]")
        #expect(CheckpointHistory.operatorTask("faults[0]") == "faults[0]")
    }
}
