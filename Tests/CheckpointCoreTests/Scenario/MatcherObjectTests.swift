import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// Matchers compare object and list fields (`state`, `channel-state`, `records`) too: equal
/// keys in any order with equal values, equal items in order.
@Suite struct MatcherObjectTests {
    static let yaml = """
    scenario: matcher-objects
    seed: 1
    mode: unaligned
    checkpointing: {interval: 0, timeout: 10000}
    job:
      - {name: words, kind: source, parallelism: 1, data: ["a", "b", "a"]}
      - {name: count, kind: keyed-count, input: words, parallelism: 1}
      - {name: out, kind: sink, input: count, parallelism: 1, delivery: transactional}
    script:
      - emit: "words[0]"
      - emit: "words[0]"
      - deliver: {from: "words[0]", to: "count[0]"}
      - trigger: checkpoint
      - run-until: {type: checkpoint-completed, checkpoint: 1}
      - expect: {type: snapshot-started, task: "count[0]", state: {counts: {a: 1}}}
      - expect: {type: snapshot-completed, task: "words[0]", state: {offset: "2"}}
      - expect: {type: snapshot-completed, task: "words[0]", channel-state: {output: {"words[0]->count[0]": [b]}, input: {}}}
    expect:
      - {type: transaction-committed, task: "out[0]", records: ["a=1"]}
    """

    @Test func objectAndListFieldsMatchWhenEqual() throws {
        let r = try run(Self.yaml)
        #expect(r.result.summary.failedExpectations.isEmpty, "\(r.result.summary.failedExpectations.compactMap(\.detail))")
    }

    @Test(arguments: [
        "{type: snapshot-started, task: \"count[0]\", state: {counts: {a: 2}}}",
        "{type: snapshot-started, task: \"count[0]\", state: {counts: {}}}",
        "{type: snapshot-started, task: \"count[0]\", state: {counts: {a: 1, b: 0}}}",
        "{type: snapshot-completed, task: \"words[0]\", channel-state: {output: {\"words[0]->count[0]\": [b]}}}",
        "{type: transaction-committed, records: [\"a=1\", \"a=2\"]}",
        "{type: transaction-committed, records: \"a=1\"}",
    ])
    func unequalObjectsAndListsDoNotMatch(matcher: String) throws {
        let yaml = Self.yaml.replacingOccurrences(of: "  - {type: transaction-committed, task: \"out[0]\", records: [\"a=1\"]}", with: "  - " + matcher)
        let r = try run(yaml)
        #expect(r.result.summary.failedExpectations.count == 1, "\(matcher)")
    }

    @Test func objectMatchersRoundTripThroughTheWriter() throws {
        let s = try parse(Self.yaml)
        let back = try parse(ScenarioWriter.yaml(s))
        #expect(ScenarioWriterTests.unpositioned(back) == ScenarioWriterTests.unpositioned(s))
    }

    @Test func tooDeepAValueIsAnError() throws {
        let deep = String(repeating: "{a: ", count: 40) + "1" + String(repeating: "}", count: 40)
        let yaml = Self.yaml.replacingOccurrences(of: "state: {counts: {a: 1}}", with: "state: " + deep)
        let error = #expect(throws: InputError.self) { try parse(yaml) }
        #expect(error?.message.contains("nested too deeply") == true)
    }
}
