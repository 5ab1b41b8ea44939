import CheckpointCheck
import CheckpointLessons
import CheckpointTrace
import Testing

/// Together the lessons show every required event type and teach every invariant.
@Suite struct CoverageTests {
    @Test func everyRequiredEventTypeOccursInSomeLesson() {
        var seen = Set<EventType>()
        for run in Repository.runs.values { for e in run.trace.events { seen.insert(e.type) } }
        let missing = EventType.required.filter { !seen.contains($0) }.map(\.rawValue)
        #expect(missing.isEmpty, "no lesson shows: \(missing.joined(separator: ", "))")
    }

    /// An invariant is taught when a lesson names it (in backticks) in its narration while its
    /// trace exercises it: held in a lesson without a mutant, or violated in one with a mutant.
    @Test func everyInvariantIsNamedByALessonThatExercisesIt() {
        var taught = Set<String>()
        for lesson in Repository.catalog.lessons {
            guard let run = Repository.runs[lesson.name] else { continue }
            let text = lesson.scenario.narration.map { [$0.say, $0.ask, $0.explain].compactMap { $0 }.joined(separator: " ") }.joined(separator: " ")
            let violated = Set(run.result.summary.violations.compactMap(\.invariant))
            for id in InvariantID.allCases where text.contains("`\(id.rawValue)`") {
                if lesson.scenario.mutant == nil ? violated.isEmpty : violated.contains(id.rawValue) { taught.insert(id.rawValue) }
            }
        }
        let missing = InvariantID.allCases.map(\.rawValue).filter { !taught.contains($0) }
        #expect(missing.isEmpty, "no lesson teaches: \(missing.joined(separator: ", "))")
    }

    @Test(arguments: Repository.lessonNames)
    func everyNarrationEntryLandsOnAnEventAndEveryQuestionIsWellFormed(name: String) throws {
        let run = try #require(Repository.runs[name])
        let narration = LessonNarration(run.lesson.scenario.narration, events: run.trace.events)
        #expect(narration.unmatched.map { $0.index + 1 } == [], "narration entries that match no event")
        #expect(narration.clashingQuestions.isEmpty, "two questions on one step")
        for n in run.lesson.scenario.narration where n.ask != nil {
            #expect(n.choices.count >= 2)
            #expect(n.answer.map { n.choices.indices.contains($0) } == true)
            #expect(n.explain != nil, "every question explains its answer")
        }
        if run.lesson.number > 0 {
            #expect(run.lesson.scenario.narration.filter { $0.ask != nil }.count >= 2, "at least two prediction prompts")
        }
    }
}
