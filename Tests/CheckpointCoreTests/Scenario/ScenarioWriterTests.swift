import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore

/// Scenarios written as YAML read back to the same scenario.
@Suite struct ScenarioWriterTests {
    /// The scenario without source positions (written files have their own).
    static func unpositioned(_ s: Scenario) -> Scenario {
        var s = s
        for i in s.job.indices { s.job[i].position = nil }
        for i in s.script.indices {
            s.script[i].position = nil
            switch s.script[i].action {
            case .runUntil(var m): m.position = nil; s.script[i].action = .runUntil(m)
            case .expect(var m): m.position = nil; s.script[i].action = .expect(m)
            default: break
            }
        }
        s.expectations = s.expectations.map {
            switch $0 {
            case .event(var m): m.position = nil; return .event(m)
            case .output(let o, _): return .output(o, position: nil)
            }
        }
        for i in s.narration.indices { s.narration[i].at.position = nil }
        return s
    }

    @Test func designsExampleRoundTrips() throws {
        let s = try parse(ScenarioParserTests.valid)
        let text = ScenarioWriter.yaml(s)
        let back = try ScenarioParser.parse(text, file: "written.yaml")
        #expect(Self.unpositioned(back) == Self.unpositioned(s))
        #expect(ScenarioWriter.yaml(back) == text)
    }

    @Test func hostileTextSurvives() throws {
        var s = Scenario(id: "x", title: "a \"title\"\nwith: colons, # and {braces}", intro: "ünïcödé\t\\",
                         checkpointing: CheckpointConfig(),
                         job: [OperatorSpec(name: "src", kind: .source, data: [["a: b", "- c", "\"d\"", "#e", "{f}", "g\nh", ""]]),
                               OperatorSpec(name: "out", kind: .sink, inputs: ["src"], delivery: .transactional)],
                         script: [ScriptStep(.emit(task: "src[0]")), ScriptStep(.advance(5))])
        s.mutant = .reuseIds
        let back = try ScenarioParser.parse(ScenarioWriter.yaml(s), file: "w.yaml")
        #expect(Self.unpositioned(back) == Self.unpositioned(s))
    }
}
