import CheckpointCheck
import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore
@testable import CheckpointHarness

/// The simulator records data-path events in compact form; the online checker takes them without
/// names. Both must give what the named events give: the same trace and the same violations.
@Suite struct OnlineInvariantsTests {
    static let wordCount = """
    scenario: compact
    mode: MODE
    checkpointing: {interval: 10, timeout: 200, max-concurrent: 2, tolerable-failures: 2}
    job:
      - {name: lines, kind: source, parallelism: 2, data: [["a b c", "b c"], ["c a", "a a b"]]}
      - {name: tokenize, kind: tokenize, input: lines, parallelism: 2}
      - {name: count, kind: keyed-count, input: tokenize, parallelism: 2}
      - {name: out, kind: sink, input: count, parallelism: 1, delivery: transactional}
    script:
      - run-until: {type: checkpoint-completed}
      - fail: count[1]
    """

    /// Runs online (compact events to the checker) and checks the collected trace offline (every
    /// event named, the trace reader's path): the violations must be the same, in the same order.
    func compare(mode: String, seed: UInt64, mutant: Mutant?) throws {
        let scenario = try parse(Self.wordCount.replacingOccurrences(of: "MODE", with: mode))
        let sink = MemoryTraceSink()
        let simulator = try Simulator(scenario: scenario, options: RunOptions(maxSteps: 50_000, seed: seed, mutant: mutant), trace: sink)
        let reference = try Simulator.failureFreeOutcome(of: scenario)
        let online = simulator.checkInvariants(reference: reference)
        _ = try simulator.run()
        let offline = InvariantChecker.check(sink.trace, reference: ReferenceOutcome(
            finalCounts: reference.finalCounts, committedRecords: reference.committedRecords, runFinished: reference.finished))
        #expect(online.violations == offline, "\(mode) seed \(seed) mutant \(mutant?.rawValue ?? "none")")
    }

    @Test(arguments: ["aligned", "unaligned", "at-least-once"])
    func onlineCompactCheckingFindsWhatOfflineCheckingFinds(mode: String) throws {
        for seed in UInt64(1)...12 { try compare(mode: mode, seed: seed, mutant: nil) }
    }

    @Test(arguments: [(Mutant.noAlignment, "aligned"), (.dropInflight, "unaligned"), (.noSourceRewind, "aligned"),
                      (.commitOnSnapshot, "aligned"), (.earlyComplete, "at-least-once")])
    func andTheSameViolationsUnderAMutant(mutant: Mutant, mode: String) throws {
        var found = 0
        for seed in UInt64(1)...12 {
            try compare(mode: mode, seed: seed, mutant: mutant)
            let r = try run(Self.wordCount.replacingOccurrences(of: "MODE", with: mode), seed: seed, mutant: mutant, maxSteps: 50_000)
            found += r.result.summary.violations.count
        }
        #expect(found > 0, "the comparison must see violations to mean anything (\(mutant.rawValue))")
    }
}
