import CheckpointTrace
import Yams

/// Checks task and channel names in steps and matchers against the job.
struct TaskNameCheck {
    let graph: JobGraph
    let reader: YAMLReader

    func task(_ node: Node, _ what: String, sourceOnly: Bool = false) throws(InputError) -> String {
        let name = try reader.string(node, what)
        guard let t = graph.taskIndex[name] else {
            throw reader.error(node, "\(what): unknown task '\(name)' (tasks: \(graph.tasks.map(\.id).joined(separator: ", ")))")
        }
        if sourceOnly && !graph.tasks[t].isSource {
            throw reader.error(node, "\(what): '\(name)' is not a source task")
        }
        return name
    }

    func endpoint(_ node: Node, _ what: String) throws(InputError) -> String {
        if case .scalar(let s) = node, s.string == "coordinator" { return "coordinator" }
        return try task(node, what)
    }
}

extension ScenarioParser {
    static func scriptStep(_ node: Node, _ r: YAMLReader, _ check: TaskNameCheck) throws(InputError) -> ScriptStep {
        let allowed = ["emit", "deliver", "trigger", "fail", "fail-snapshot", "slow-snapshot", "stop", "step", "advance", "run-until", "expect"]
        let entries = try r.mapping(node, "a script step", allowed: allowed)
        guard entries.count == 1, let (key, _, v) = entries.first else {
            throw r.error(node, "a script step is one of \(allowed.joined(separator: ", ")); found \(entries.count) keys in one step")
        }
        let position = r.position(node)
        let action: ScriptAction
        switch key {
        case "emit": action = .emit(task: try check.task(v, "emit", sourceOnly: true))
        case "deliver":
            let m = try r.mapping(v, "deliver", allowed: ["from", "to"])
            guard let from = m.first(where: { $0.key == "from" }), let to = m.first(where: { $0.key == "to" }) else {
                throw r.error(v, "deliver needs {from: TASK, to: TASK} (a task or coordinator)")
            }
            let f = try check.endpoint(from.value, "deliver.from"), t = try check.endpoint(to.value, "deliver.to")
            guard check.graph.channelIndex[Topology.channelID(from: f, to: t)] != nil else {
                throw r.error(v, "deliver: there is no channel from '\(f)' to '\(t)'")
            }
            action = .deliver(from: f, to: t)
        case "trigger": action = .trigger(try r.choice(v, "trigger", CheckpointKind.self))
        case "fail": action = .fail(task: try check.task(v, "fail"))
        case "fail-snapshot":
            let m = try r.mapping(v, "fail-snapshot", allowed: ["task", "checkpoint", "phase"])
            guard let task = m.first(where: { $0.key == "task" }), let id = m.first(where: { $0.key == "checkpoint" }) else {
                throw r.error(v, "fail-snapshot needs {task: TASK, checkpoint: N} (and optionally phase: async | sync)")
            }
            var phase = SnapshotPhase.async
            if let p = m.first(where: { $0.key == "phase" }) {
                let s = try r.string(p.value, "fail-snapshot.phase")
                guard let ph = SnapshotPhase(rawValue: s) else { throw r.error(p.value, "fail-snapshot.phase must be async | sync, found '\(s)'") }
                phase = ph
            }
            action = .failSnapshot(task: try check.task(task.value, "fail-snapshot.task"),
                                   checkpoint: try r.int(id.value, "fail-snapshot.checkpoint", range: 1...Int.max), phase: phase)
        case "slow-snapshot":
            let m = try r.mapping(v, "slow-snapshot", allowed: ["task", "checkpoint", "async"])
            guard let task = m.first(where: { $0.key == "task" }), let id = m.first(where: { $0.key == "checkpoint" }),
                  let ms = m.first(where: { $0.key == "async" }) else {
                throw r.error(v, "slow-snapshot needs {task: TASK, checkpoint: N, async: MS}")
            }
            action = .slowSnapshot(task: try check.task(task.value, "slow-snapshot.task"),
                                   checkpoint: try r.int(id.value, "slow-snapshot.checkpoint", range: 1...Int.max),
                                   async: try r.int(ms.value, "slow-snapshot.async (ms)", range: 0...1_000_000_000))
        case "stop":
            let s = try r.string(v, "stop")
            guard s == "savepoint" else { throw r.error(v, "stop takes savepoint (stop-with-savepoint), found '\(s)'") }
            action = .stopWithSavepoint
        case "step": action = .step(try r.int(v, "step (a number of scheduler steps)", range: 0...RunOptions.maxStepsLimit))
        case "advance": action = .advance(try r.int(v, "advance (ms)", range: 0...1_000_000_000))
        case "run-until": action = .runUntil(try matcher(v, r, check, what: "run-until"))
        default: action = .expect(try matcher(v, r, check, what: "expect"))
        }
        return ScriptStep(action, position: position)
    }

    /// An event matcher: trace fields that must be equal, plus an optional `count`.
    static func matcher(_ node: Node, _ r: YAMLReader, _ check: TaskNameCheck, what: String) throws(InputError) -> EventMatcher {
        var fields: [(name: String, value: JSONValue)] = []
        var count: Int?
        for (key, _, v) in try r.mapping(node, what) {
            switch key {
            case "count": count = try r.int(v, "\(what).count", range: 0...Int.max)
            case "task", "actor", "from", "to":
                fields.append((key, .string(try check.endpoint(v, "\(what).\(key)"))))
            case "type":
                let t = try r.string(v, "\(what).type")
                guard EventType(rawValue: t) != nil, t != "?" else {
                    throw r.error(v, "\(what).type: unknown event type '\(t)' (see DESIGN.md §3)")
                }
                fields.append((key, .string(t)))
            default:
                fields.append((key, try r.json(v, "\(what).\(key)")))
            }
        }
        guard !fields.isEmpty else { throw r.error(node, "\(what) needs at least one field to match, e.g. {type: checkpoint-completed}") }
        return EventMatcher(fields: fields, count: count, position: r.position(node))
    }

    static func finalExpectation(_ node: Node, _ r: YAMLReader, _ check: TaskNameCheck) throws(InputError) -> FinalExpectation {
        if case .mapping(let m) = node, m.count == 1, let (k, v) = m.first, case .scalar(let s) = k, s.string == "output" {
            var wanted: [String: String] = [:]
            for (key, _, value) in try r.mapping(v, "expect.output (key: value)") {
                wanted[key] = try r.jsonScalar(value, "expect.output.\(key)").scalarText
            }
            return .output(wanted, position: r.position(node))
        }
        return .event(try matcher(node, r, check, what: "expect"))
    }

    static func narration(_ node: Node, _ r: YAMLReader, _ check: TaskNameCheck) throws(InputError) -> Narration {
        let entries = try r.mapping(node, "a narration entry", allowed: ["at", "say", "ask", "choices", "answer", "explain"])
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
        guard let at = value("at") else { throw r.error(node, "a narration entry needs 'at': the event it is shown at") }
        var n = Narration(at: try matcher(at, r, check, what: "narration.at"))
        if let v = value("say") { n.say = try r.string(v, "say") }
        if let v = value("ask") { n.ask = try r.string(v, "ask") }
        if let v = value("explain") { n.explain = try r.string(v, "explain") }
        if let v = value("choices") { n.choices = try r.sequence(v, "choices").map { (c) throws(InputError) in try r.string(c, "a choice") } }
        if let v = value("answer") {
            n.answer = try r.int(v, "answer (the index of the right choice, from 0)", range: 0...max(0, n.choices.count - 1))
        }
        if n.say == nil && n.ask == nil { throw r.error(node, "a narration entry needs 'say' or 'ask'") }
        if n.ask != nil && (n.choices.count < 2 || n.answer == nil) {
            throw r.error(node, "a question ('ask') needs at least two 'choices' and the 'answer' (index from 0)")
        }
        return n
    }
}
