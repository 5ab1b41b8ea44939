import CheckpointCore
import CheckpointTrace

/// The summary `ckpt run` prints: as text for people, as JSON for scripts.
enum RunReport {
    static func text(_ r: RunResult, scenario: Scenario, seed: UInt64, trace: String, style: OutputStyle) -> String {
        var lines: [String] = []
        let s = r.summary
        lines.append(style.bold("\(scenario.title)") + style.dim("  (scenario \(scenario.id), mode \(scenario.mode.rawValue), seed \(seed))"))
        lines.append("Ran \(r.steps) steps, \(r.events) events, \(r.time) ms simulated; " + (r.finished ? "the job finished." : style.bad("the job did not finish.")))
        var cp = "Checkpoints: \(s.triggered) triggered, \(s.completed) completed"
        let aborted = s.aborted.values.reduce(0, +)
        if aborted > 0 {
            cp += ", \(aborted) aborted (" + s.aborted.keys.sorted().map { "\($0) ×\(s.aborted[$0]!)" }.joined(separator: ", ") + ")"
        }
        lines.append(cp)
        if s.savepointsTriggered > 0 { lines.append("Savepoints: \(s.savepointsTriggered) triggered, \(s.savepointsCompleted) completed") }
        if !s.skipped.isEmpty {
            lines.append("Trigger requests dropped: " + s.skipped.keys.sorted().map { "\($0) ×\(s.skipped[$0]!)" }.joined(separator: ", "))
        }
        if s.failovers.isEmpty {
            lines.append("Failovers: none")
        } else {
            lines.append("Failovers: \(s.failovers.count)")
            for f in s.failovers {
                let what = f.restored.map { "restored checkpoint \($0)" } ?? "fresh start (no completed checkpoint)"
                lines.append("  at \(f.time) ms (\(f.reason)): \(what)")
            }
        }
        if !r.finalCounts.isEmpty { lines.append("Final keyed state: " + show(r.finalCounts.mapValues(String.init))) }
        lines.append("Committed output: " + (r.output.isEmpty ? "(none)" : show(r.output)))
        if s.violations.isEmpty {
            lines.append("Invariants: " + style.good("all held"))
        } else {
            lines.append("Invariants: " + style.bad("\(s.violations.count) violation(s)"))
            for v in s.violations.prefix(10) { lines.append("  \(v.invariant ?? "?") at seq \(v.extra?["at"]?.intValue ?? v.seq): \(v.detail ?? "")") }
        }
        if s.failedExpectations.isEmpty {
            lines.append("Expectations: " + style.good("all met"))
        } else {
            lines.append("Expectations: " + style.bad("\(s.failedExpectations.count) failed"))
            for e in s.failedExpectations.prefix(10) { lines.append("  " + (e.detail ?? "")) }
        }
        lines.append("Trace: \(trace)")
        return lines.joined(separator: "\n")
    }

    static func show(_ m: [String: String]) -> String {
        m.keys.sorted().map { "\($0)=\(m[$0]!)" }.joined(separator: " ")
    }

    static func json(_ r: RunResult, scenario: Scenario, seed: UInt64, trace: String) -> String {
        let s = r.summary
        let o = JSONObject([
            "scenario": .string(scenario.id), "seed": .int(Int(truncatingIfNeeded: seed)), "mode": .string(scenario.mode.rawValue),
            "steps": .int(r.steps), "events": .int(r.events), "time": .int(r.time), "finished": .bool(r.finished),
            "checkpoints": .object(JSONObject([
                "triggered": .int(s.triggered), "completed": .int(s.completed),
                "aborted": .object(JSONObject(sorted: s.aborted.mapValues { .int($0) })),
                "savepoints-triggered": .int(s.savepointsTriggered), "savepoints-completed": .int(s.savepointsCompleted),
                "skipped": .object(JSONObject(sorted: s.skipped.mapValues { .int($0) })),
            ])),
            "failovers": .array(s.failovers.map { .object(JSONObject(["time": .int($0.time), "reason": .string($0.reason), "restored": $0.restored.map { .int($0) } ?? .null])) }),
            "final-state": .object(JSONObject(sorted: r.finalCounts.mapValues { .int($0) })),
            "output": .object(JSONObject(sorted: r.output.mapValues { .string($0) })),
            "violations": .array(s.violations.map { .object(JSONObject(["invariant": .string($0.invariant ?? "?"), "seq": .int($0.extra?["at"]?.intValue ?? $0.seq), "detail": .string($0.detail ?? "")])) }),
            "failed-expectations": .array(s.failedExpectations.map { .string($0.detail ?? "") }),
            "trace": .string(trace),
            "exit": .int(Int(r.exitCode)),
        ])
        return JSONWriter.string(.object(o))
    }
}
