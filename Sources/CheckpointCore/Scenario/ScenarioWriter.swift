import CheckpointTrace

/// Writes a `Scenario` as `ckpt-scenario/1` YAML that `ScenarioParser` reads back to the same
/// scenario (for explore mode's "save this path" and the fuzzer's reproducers).
public enum ScenarioWriter {
    public static func yaml(_ s: Scenario) -> String {
        var out: [String] = []
        out.append("scenario: \(s.id)")
        out.append("title: \(q(s.title))")
        if let intro = s.intro { out.append("intro: \(q(intro))") }
        out.append("seed: \(s.seed)")
        out.append("mode: \(s.mode.rawValue)")
        if let m = s.mutant { out.append("mutant: \(m.rawValue)") }
        let c = s.checkpointing
        out.append("checkpointing: {interval: \(c.interval), timeout: \(c.timeout), min-pause: \(c.minPause), max-concurrent: \(c.maxConcurrent), tolerable-failures: \(c.tolerableFailures), retained: \(c.retained)}")
        out.append("timing: {async: [\(c.asyncRange.lowerBound), \(c.asyncRange.upperBound)]}")
        out.append("job:")
        for op in s.job { out.append("  - " + operatorLine(op)) }
        if !s.script.isEmpty {
            out.append("script:")
            for step in s.script { out.append("  - " + stepLine(step.action)) }
        }
        if !s.expectations.isEmpty {
            out.append("expect:")
            for e in s.expectations {
                switch e {
                case .event(let m): out.append("  - " + matcher(m))
                case .output(let wanted, _):
                    out.append("  - output: {" + wanted.keys.sorted().map { "\(q($0)): \(q(wanted[$0]!))" }.joined(separator: ", ") + "}")
                }
            }
        }
        if !s.narration.isEmpty {
            out.append("narration:")
            for n in s.narration {
                out.append("  - at: " + matcher(n.at))
                if let say = n.say { out.append("    say: \(q(say))") }
                if let ask = n.ask { out.append("    ask: \(q(ask))") }
                if !n.choices.isEmpty { out.append("    choices: [" + n.choices.map(q).joined(separator: ", ") + "]") }
                if let answer = n.answer { out.append("    answer: \(answer)") }
                if let explain = n.explain { out.append("    explain: \(q(explain))") }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A YAML double-quoted scalar (JSON string escapes are valid YAML).
    static func q(_ text: String) -> String { JSONWriter.string(.string(text)) }

    static func operatorLine(_ op: OperatorSpec) -> String {
        var parts = ["name: \(q(op.name))", "kind: \(op.kind.rawValue)", "parallelism: \(op.parallelism)"]
        if !op.inputs.isEmpty {
            parts.append("input: " + (op.inputs.count == 1 ? q(op.inputs[0]) : "[" + op.inputs.map(q).joined(separator: ", ") + "]"))
        }
        if let p = op.partition { parts.append("partition: \(p.rawValue)") }
        if op.kind == .source {
            parts.append("data: [" + op.data.map { "[" + $0.map(q).joined(separator: ", ") + "]" }.joined(separator: ", ") + "]")
        }
        if op.kind == .sink { parts.append("delivery: \(op.delivery.rawValue)") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    static func stepLine(_ a: ScriptAction) -> String {
        switch a {
        case .emit(let t): return "emit: \(q(t))"
        case .deliver(let from, let to): return "deliver: {from: \(q(from)), to: \(q(to))}"
        case .trigger(let kind): return "trigger: \(kind.rawValue)"
        case .fail(let t): return "fail: \(q(t))"
        case .failSnapshot(let t, let id, let phase): return "fail-snapshot: {task: \(q(t)), checkpoint: \(id), phase: \(phase.rawValue)}"
        case .slowSnapshot(let t, let id, let ms): return "slow-snapshot: {task: \(q(t)), checkpoint: \(id), async: \(ms)}"
        case .stopWithSavepoint: return "stop: savepoint"
        case .step(let n): return "step: \(n)"
        case .advance(let n): return "advance: \(n)"
        case .runUntil(let m): return "run-until: " + matcher(m)
        case .expect(let m): return "expect: " + matcher(m)
        }
    }

    static func matcher(_ m: EventMatcher) -> String {
        var parts = m.fields.map { "\($0.name): \(JSONWriter.string($0.value))" }
        if let count = m.count { parts.append("count: \(count)") }
        return "{" + parts.joined(separator: ", ") + "}"
    }
}
