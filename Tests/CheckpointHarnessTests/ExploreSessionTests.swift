import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore
@testable import CheckpointHarness

/// Explore mode: chosen paths, undo, and saved scenarios that `ckpt run` replays to the same trace.
@Suite struct ExploreSessionTests {
    static let yaml = """
    scenario: explore
    checkpointing: {interval: 10}
    job:
    \(twoInputJob(a: ["x", "y"], b: ["z"]))
    script:
      - fail: count[0]
    """

    @Test func startsFromTheJobAndOffersDeliveriesEmitsTimersTriggersAndFailures() throws {
        let session = try ExploreSession(scenario: try parse(Self.yaml))
        let choices = session.choices()
        #expect(choices.contains { $0.action == .emit(task: "a[0]") && $0.label == "emit a[0]: record \"x\"" })
        #expect(choices.contains { $0.group == "timer" && $0.label.contains("periodic checkpoint trigger") })
        #expect(choices.contains { $0.action == .fail(task: "count[0]") })
        #expect(choices.contains { $0.action == .failSnapshot(task: "out[0]", checkpoint: 1, phase: .sync) })
        #expect(!choices.contains { $0.group == "deliver" })
        #expect(session.events.isEmpty, "the scenario's own script is not run")
    }

    @Test func aSavedPathReplaysToTheSameTraceUnderRun() throws {
        let session = try ExploreSession(scenario: try parse(Self.yaml), seed: 5)
        try session.take(.emit(task: "a[0]"))
        try session.take(.trigger(.checkpoint))
        let deliver = try #require(session.choices().first { $0.group == "deliver" })
        try session.take(deliver.action)
        for _ in 0..<6 { try session.schedulerStep() }
        try session.take(.fail(task: "b[0]"))
        let timer = try #require(session.choices().first { $0.group == "timer" })
        try session.take(timer.action)
        let explored = session.events
        let saved = session.savedScenario(id: "saved")
        let text = ScenarioWriter.yaml(saved)
        let replay = try run(try ScenarioParser.parse(text, file: "saved.yaml"))
        #expect(explored.count > 10)
        #expect(Array(replay.events.prefix(explored.count)) == explored)
        #expect(replay.result.finished)
    }

    @Test func undoIsTheSameAsNeverHavingTakenTheStep() throws {
        let a = try ExploreSession(scenario: try parse(Self.yaml), seed: 2)
        try a.take(.emit(task: "a[0]"))
        try a.schedulerStep()
        let before = a.events
        try a.take(.fail(task: "count[0]"))
        #expect(a.events.count > before.count)
        a.undo()
        #expect(a.events == before)
        #expect(a.path == [.emit(task: "a[0]"), .step(1)])
    }
}
