import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore
@testable import CheckpointHarness

/// The failure-free reference run: what the job computes and commits with no failure and no mutant.
@Suite struct ReferenceRunTests {
    static let words = [["a", "b", "a", "c", "b", "a"], ["c", "c", "d", "a"]]
    static let expected = ["a": 4, "b": 2, "c": 3, "d": 1]

    @Test func theFailureFreeReferenceIgnoresScriptFailuresAndMutants() throws {
        var scenario = try parse("""
        scenario: ref
        job:
        \(linearJob(parallelism: 2, data: Self.words))
        script:
          - step: 4
          - fail: count[0]
        """)
        scenario.mutant = .noSourceRewind
        let reference = try Simulator.failureFreeOutcome(of: scenario)
        #expect(reference.finished)
        #expect(reference.finalCounts == Self.expected)
        #expect(reference.committedRecords.count == Self.expected.values.reduce(0, +))
        #expect(reference.committedRecords.values.allSatisfy { $0 == 1 })
    }
}
