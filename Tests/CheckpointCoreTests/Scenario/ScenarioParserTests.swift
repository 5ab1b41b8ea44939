import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// Scenario files: the model, defaults, and errors that name line, column and what was expected.
@Suite struct ScenarioParserTests {
    static let valid = """
    scenario: alignment
    title: Barrier alignment
    seed: 7
    mode: aligned
    checkpointing:
      interval: 0
      timeout: 10000
      min-pause: 0
      max-concurrent: 1
      tolerable-failures: 1
      retained: 1
    job:
      - {name: words,  kind: source, parallelism: 2, data: [["a","b","a"], ["b","c"]]}
      - {name: count,  kind: keyed-count, input: words, partition: hash, parallelism: 2}
      - {name: out,    kind: sink, input: count, delivery: transactional}
    script:
      - emit: words[0]
      - trigger: checkpoint
      - deliver: {from: coordinator, to: "words[0]"}
      - step: 5
      - advance: 50
      - run-until: {type: checkpoint-completed, checkpoint: 1}
      - fail-snapshot: {task: "count[1]", checkpoint: 2}
      - trigger: checkpoint
      - run-until: {type: checkpoint-aborted, checkpoint: 2}
      - expect: {type: checkpoint-aborted, checkpoint: 2, reason: CHECKPOINT_ASYNC_EXCEPTION}
      - fail: count[0]
    expect:
      - {type: restore-started, checkpoint: 1}
      - {type: job-failover, count: 1}
      - output: {a: 2, b: 2, c: 1}
    narration:
      - at: {type: channel-blocked, task: "count[1]"}
        say: "Barrier 1 arrived first..."
      - at: {type: alignment-completed, task: "count[1]"}
        ask: "What does count[1] do?"
        choices: ["forward, snapshot, unblock", "unblock"]
        answer: 0
    """

    @Test func parsesDesignsExample() throws {
        let s = try parse(Self.valid)
        #expect(s.id == "alignment" && s.title == "Barrier alignment" && s.seed == 7 && s.mode == .aligned)
        #expect(s.checkpointing.timeout == 10000 && s.checkpointing.tolerableFailures == 1)
        #expect(s.job.map(\.name) == ["words", "count", "out"])
        #expect(s.job[0].data == [["a", "b", "a"], ["b", "c"]])
        #expect(s.job[2].delivery == .transactional)
        #expect(s.script.count == 11)
        #expect(s.script[0].action == .emit(task: "words[0]"))
        #expect(s.script[0].position == SourcePosition(line: 17, column: 5))
        #expect(s.script[6].action == .failSnapshot(task: "count[1]", checkpoint: 2, phase: .async))
        #expect(s.expectations.count == 3)
        #expect(s.expectations[2] == .output(["a": "2", "b": "2", "c": "1"], position: SourcePosition(line: 31, column: 5)))
        #expect(s.narration.count == 2 && s.narration[1].answer == 0)
    }

    @Test func designsExampleRunsAndMeetsItsExpectations() throws {
        let r = try run(Self.valid)
        #expect(r.result.summary.failedExpectations.map { $0.detail ?? "" } == [])
        #expect(r.result.exitCode == 0)
    }

    @Test func defaultsAreFlinks() throws {
        let s = try parse("scenario: d\njob:\n  - {name: s, kind: source, data: [x]}\n  - {name: o, kind: sink, input: s}\n")
        #expect(s.checkpointing == CheckpointConfig())
        #expect(s.checkpointing.timeout == 600_000 && s.checkpointing.maxConcurrent == 1 && s.checkpointing.retained == 1)
        #expect(s.title == "d" && s.mode == .aligned && s.job[1].delivery == .plain)
    }

    @Test(arguments: [
        ("scenario: x\njob: []\nbogus: 1\n", 3, 1, "unknown key 'bogus'"),
        ("scenario: x\nmode: sideways\njob: []\n", 2, 7, "mode must be one of aligned | unaligned | at-least-once, found 'sideways'"),
        ("scenario: x\njob:\n  - {name: s, kind: source, data: [x]}\n  - {name: o, kind: sink, input: nowhere}\n", 4, 5, "input 'nowhere' of 'o' is not an operator defined above it"),
        ("scenario: x\njob:\n  - {name: s, kind: source, parallelism: 2, data: [x]}\n", 3, 51, "give data as one list of records per subtask"),
        ("scenario: x\njob:\n  - {name: s, kind: source, data: [x]}\nscript:\n  - fail: t[0]\n", 5, 11, "fail: unknown task 't[0]'"),
        ("scenario: x\njob:\n  - {name: s, kind: source, data: [x]}\nscript:\n  - emit: s[1]\n", 5, 11, "unknown task 's[1]'"),
        ("scenario: x\njob:\n  - {name: s, kind: sourze, data: [x]}\n", 3, 21, "kind must be one of source"),
        ("scenario: x\ncheckpointing: {max-concurrent: 0}\njob: []\n", 2, 33, "must be between 1 and 1000, found 0"),
        ("scenario: x\njob:\n  - {name: s, kind: source, data: [x]\n", 4, 1, "not valid YAML"),
        ("scenario: x\njob:\n  - {name: s, kind: source, parallelism: 1000000, data: [x]}\n", 3, 42, "parallelism 1000000 is over the task limit of 5000 (raise it with --max-tasks"),
        ("scenario: x\njob:\n  - {name: s, kind: source, data: [x]}\n  - {name: m, kind: map, input: s, parallelism: 2, partition: forward}\n", 4, 5, "forward partitioning needs equal parallelism"),
        ("scenario: x\njob:\n  - {name: s, kind: source, data: [x]}\nscript:\n  - step: many\n", 5, 11, "step (a number of scheduler steps) must be an integer"),
        ("scenario: x\njob:\n  - {name: s, kind: source, data: [x]}\nscript:\n  - run-until: {type: nonsense}\n", 5, 23, "unknown event type 'nonsense'"),
        ("job: []\n", 1, 1, "the scenario needs an id"),
        ("scenario: x\nseed: 18446744073709551616\njob: []\n", 2, 7, "seed is out of range: 18446744073709551616 is above 18446744073709551615"),
        ("scenario: x\ncheckpointing: {interval: 9223372036854775808}\njob: []\n", 2, 27, "is out of range: 9223372036854775808 does not fit 64 bits"),
        ("scenario: x\njob: " + String(repeating: "[", count: 2_000) + "\n", 2, 7, "nested too deeply"),
    ])
    func errorsNameLineColumnAndWhatWasExpected(yaml: String, line: Int, column: Int, message: String) {
        do {
            _ = try ScenarioParser.parse(yaml, file: "bad.yaml")
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.line == line && error.column == column, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func anImpossibleStepStopsTheRunNamingTheStep() throws {
        let s = try parse("scenario: x\njob:\n  - {name: s, kind: source, data: [x]}\n  - {name: o, kind: sink, input: s}\nscript:\n  - deliver: {from: \"s[0]\", to: \"o[0]\"}\n")
        #expect(throws: ScriptError(step: 1, position: SourcePosition(line: 6, column: 5), message: "cannot deliver: channel s[0]->o[0] is empty")) {
            _ = try run(s)
        }
    }

    @Test func aWrongExpectationIsAFindingNotACrash() throws {
        let r = try run("scenario: x\njob:\n  - {name: s, kind: source, data: [a]}\n  - {name: c, kind: keyed-count, input: s}\n  - {name: o, kind: sink, input: c, delivery: transactional}\nexpect:\n  - {type: job-failover}\n  - output: {a: 2}\n")
        #expect(r.result.exitCode == 1)
        #expect(r.result.summary.failedExpectations.count == 2)
        #expect(r.result.output == ["a": "1"])
    }

    @Test func tokenizeLowercasesAndSplitsOnRunsOfNonAlphanumerics() {
        #expect(Records.tokenize("To be, or NOT  to-be?! 42x") == ["to", "be", "or", "not", "to", "be", "42x"])
        #expect(Records.tokenize("  ...  ") == [])
        #expect(Records.tokenize("Größe café") == ["größe", "café"])
    }
}
