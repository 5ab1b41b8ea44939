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
            for f in s.failovers.prefix(listed) {
                let what = f.restored.map { "restored checkpoint \($0)" } ?? "fresh start (no completed checkpoint)"
                lines.append("  at \(f.time) ms (\(f.reason)): \(what)")
            }
            lines += more(s.failovers.count)
        }
        if !r.finalCounts.isEmpty { lines.append("Final keyed state: " + show(r.finalCounts.mapValues(String.init))) }
        lines.append("Committed output: " + (r.output.isEmpty ? "(none)" : show(r.output)))
        if s.violations.isEmpty {
            lines.append("Invariants: " + style.good("all held"))
        } else {
            lines.append("Invariants: " + style.bad("\(s.violations.count) violation(s)"))
            for v in s.violations.prefix(listed) { lines.append("  \(v.invariant ?? "?") at seq \(v.extra?["at"]?.intValue ?? v.seq): \(v.detail ?? "")") }
            lines += more(s.violations.count)
        }
        if s.failedExpectations.isEmpty {
            lines.append("Expectations: " + style.good("all met"))
        } else {
            lines.append("Expectations: " + style.bad("\(s.failedExpectations.count) failed"))
            for e in s.failedExpectations.prefix(listed) { lines.append("  " + (e.detail ?? "")) }
            lines += more(s.failedExpectations.count)
        }
        if let hint = hint(r, scenario: scenario) { lines.append(style.dim("Hint: " + hint)) }
        lines.append("Trace: \(trace)")
        return lines.joined(separator: "\n")
    }

    /// How many failovers, violations and failed expectations the text lists (`--json` has all).
    static let listed = 10

    static func more(_ count: Int) -> [String] {
        count > listed ? ["  … and \(count - listed) more (the trace has them all, and --json lists them)"] : []
    }

    /// Why a job that did not finish may have got stuck, when no checkpoint ever completed.
    static func hint(_ r: RunResult, scenario: Scenario) -> String? {
        let s = r.summary
        guard !r.finished, s.completed == 0 else { return nil }
        let count = { (reason: CheckpointFailureReason) in s.aborted[reason.name, default: 0] }
        let expired = count(.checkpointExpired)
        let subsumed = count(.checkpointDeclinedSubsumed) + count(.checkpointSubsumed)
        let c = scenario.checkpointing
        if expired >= 2 && expired >= subsumed {
            let failedOver = !s.failovers.isEmpty && expired > c.tolerableFailures
            return "no checkpoint completed and \(expired) expired: a checkpoint here takes longer than checkpointing.timeout (\(c.timeout) ms). "
                + (failedOver ? "Raise the timeout, or tolerable-failures (\(c.tolerableFailures)) so that an expiry does not fail the job over."
                              : "Raise the timeout.")
        }
        if subsumed >= 2 {
            return "no checkpoint completed and \(subsumed) were cancelled by a newer one: checkpoints start faster than they finish "
                + "(interval \(c.interval) ms, max-concurrent \(c.maxConcurrent)). Raise checkpointing.interval or min-pause, or lower max-concurrent."
        }
        return nil
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
