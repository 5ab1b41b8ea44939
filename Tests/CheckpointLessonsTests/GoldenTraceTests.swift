import CheckpointLessons
import CheckpointTrace
import Testing

/// Every lesson, re-run, gives its committed golden trace byte for byte (regenerate with `make golden`).
@Suite struct GoldenTraceTests {
    @Test(arguments: Repository.lessonNames)
    func theLessonReproducesItsGoldenTrace(name: String) throws {
        let lesson = try #require(Repository.catalog.lesson(name))
        let run = try #require(Repository.runs[name])
        let golden = try #require(Repository.golden(lesson), "no golden trace \(lesson.goldenTracePath): run `make golden`")
        if run.bytes != golden {
            let a = run.bytes.split(separator: 10), b = golden.split(separator: 10)
            let line = a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
            Issue.record("\(lesson.goldenTracePath) differs from a re-run at line \(line + 1) (\(a.count) lines now, \(b.count) committed); if the protocol changed on purpose, run `make golden`")
        }
    }

    @Test func thereAreAtLeastTwelveLessonsNumberedWithoutGaps() {
        let numbers = Repository.catalog.lessons.map(\.number).filter { $0 > 0 }
        #expect(numbers.count >= 12)
        #expect(numbers == Array(1...numbers.count))
    }

    @Test(arguments: Repository.lessonNames)
    func theLessonHoldsItsExpectationsAndOnlyAMutantBreaksInvariants(name: String) throws {
        let run = try #require(Repository.runs[name])
        let summary = run.result.summary
        #expect(run.result.finished, "the job should finish")
        if run.lesson.scenario.mutant == nil {
            #expect(summary.violations.isEmpty, "\(summary.violations.map { $0.detail ?? "" })")
            #expect(summary.failedExpectations.isEmpty, "\(summary.failedExpectations.map { $0.detail ?? "" })")
        } else {
            #expect(!summary.violations.isEmpty, "a lesson with a mutant should show what it breaks")
        }
    }
}
