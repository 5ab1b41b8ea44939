import CheckpointCore
import CheckpointLessons
import CheckpointReplay
import CheckpointTrace
import Testing

/// Where narration lands on a trace, and what the player and the transcript make of it.
@Suite struct LessonNarrationTests {
    static let events: [TraceEvent] = [
        TraceEvent(seq: 0, time: 0, type: .checkpointTriggered, actor: "coordinator", checkpoint: 1),
        TraceEvent(seq: 1, time: 1, type: .taskFailed, actor: "a[0]", task: "a[0]"),
        TraceEvent(seq: 2, time: 2, type: .checkpointTriggered, actor: "coordinator", checkpoint: 2),
        TraceEvent(seq: 3, time: 3, type: .taskFailed, actor: "a[0]", task: "a[0]"),
    ]

    func at(_ fields: [(String, JSONValue)], count: Int? = nil) -> EventMatcher {
        EventMatcher(fields: fields.map { (name: $0.0, value: $0.1) }, count: count)
    }

    @Test func entriesArePlacedInOrderAfterThePreviousOne() {
        let n = LessonNarration([
            Narration(at: at([("type", .string("checkpoint-triggered")), ("checkpoint", .int(2))]), say: "second trigger"),
            Narration(at: at([("type", .string("task-failed"))]), say: "the failure after it"),
            Narration(at: at([("type", .string("task-failed"))], count: 1), say: "the first failure"),
            Narration(at: at([("type", .string("job-finished"))]), say: "never"),
        ], events: Self.events)
        #expect(n.placed.map(\.seq) == [2, 3, 1, nil])
        #expect(n.placed.map(\.step) == [3, 4, 2, nil])
        #expect(n.unmatched.map(\.index) == [3])
    }

    @Test func annotationsCarryTheIntroTextsAndQuestions() {
        let n = LessonNarration([
            Narration(at: at([("type", .string("task-failed"))]), say: "crash", ask: "what next?", choices: ["x", "y"], answer: 1, explain: "because"),
            Narration(at: at([("type", .string("task-failed"))]), say: "and more"),
        ], events: Self.events)
        let a = n.annotations(intro: "welcome")
        #expect(a.note(at: 0) == "welcome")
        #expect(a.note(at: 2) == "crash and more")
        #expect(a.question(at: 2) == PlayerQuestion(prompt: "what next?", choices: ["x", "y"], answer: 1, explain: "because"))
    }

    @Test func thePlayerWaitsForAnAnswerThenExplainsIt() {
        let q = PlayerQuestion(prompt: "what next?", choices: ["x", "y"], answer: 1, explain: "because y")
        let annotations = StepAnnotations(questions: [2: q])
        var player = PlayerState(total: Self.events.count, requireAnswers: true)
        player.handle(.char("G"), events: Self.events, annotations: annotations)
        #expect(player.step == 2, "jumping past an unanswered question stops at it")
        player.handle(.char("n"), events: Self.events, annotations: annotations)
        #expect(player.step == 2)
        player.handle(.char("1"), events: Self.events, annotations: annotations)
        #expect(player.answers[2] == 0)
        #expect(player.message?.contains("the answer is 2") == true)
        let header = TraceHeader(scenario: "t", seed: 0, mode: "aligned", config: nil, topology: nil, generator: "ckpt")
        var replayer = Replayer(trace: Trace(header: header, events: Self.events))
        let screen = PlayerScreen(header: header, events: Self.events, width: 80, height: 24)
            .render(player, replayer.state(at: player.step), annotations: annotations)
        #expect(screen.contains { $0.plain.contains("because y") })
        player.handle(.char("n"), events: Self.events, annotations: annotations)
        #expect(player.step == 3)
    }

    @Test func theCatalogFindsALessonByNumberFileNameOrName() throws {
        let catalog = Repository.catalog
        let third = try #require(catalog.lessons.first { $0.number == 3 })
        #expect(catalog.lesson("3")?.name == third.name)
        #expect(catalog.lesson("03")?.name == third.name)
        #expect(catalog.lesson(third.name)?.name == third.name)
        #expect(catalog.lesson(String(third.name.dropFirst(3)))?.name == third.name)
        #expect(catalog.lesson("99") == nil)
        #expect(LessonCatalog.numbered("12-x.yaml")! == (12, "12-x"))
        #expect(LessonCatalog.numbered("notes.yaml") == nil)
        #expect(LessonCatalog.numbered("12x.yaml") == nil)
    }

    @Test func theTranscriptShowsNarrationRightAfterItsEvent() throws {
        let run = try #require(Repository.runs[Repository.catalog.lesson("1")!.name])
        let narration = LessonNarration(run.lesson.scenario.narration, events: run.trace.events)
        let full = LessonTranscript.lines(run, narration: narration)
        let brief = LessonTranscript.lines(run, narration: narration, brief: true)
        #expect(full.filter { $0.hasPrefix("  #") }.count == run.trace.events.count)
        #expect(brief.filter { $0.hasPrefix("  #") }.count == Set(narration.placed.compactMap(\.seq)).count)
        let first = try #require(narration.placed.first?.seq)
        let i = try #require(full.firstIndex { $0.hasPrefix("  #\(first) ") })
        #expect(full[i + 1].hasPrefix("  » ") || full[i + 1].hasPrefix("  ? "))
        #expect(full.contains { $0.contains("✓ Answer:") })
        #expect(full.dropFirst(2).allSatisfy { $0.count <= 80 || $0.hasPrefix("  #") }, "narration is wrapped at 80 columns")
    }
}

/// The player's one-line explanations, checked on lesson traces.
@Suite struct ExplanationOnLessonTraces {
    @Test func aTransactionalSinkWritesIntoItsTransactionAndAPlainOneAtOnce() throws {
        let tx = try #require(Repository.runs[Repository.catalog.lesson("5")!.name]).trace
        let plain = try #require(Repository.runs[Repository.catalog.lesson("4")!.name]).trace
        let txOut = try #require(tx.events.first { $0.type == .outputEmitted })
        let plainOut = try #require(plain.events.first { $0.type == .outputEmitted })
        #expect(EventExplanation.sentence(for: txOut, header: tx.header).contains("open transaction"))
        #expect(EventExplanation.sentence(for: plainOut, header: plain.header).contains("at-least-once"))
        #expect(!EventExplanation.sentence(for: txOut).contains("at-least-once"), "without the header it does not guess")
    }
}
