import CheckpointTrace
import Yams

/// Reads a `ckpt-scenario/1` YAML file into a validated `Scenario` (DESIGN.md §4). Every error
/// names the file, line and column and what was expected.
public enum ScenarioParser {
    /// The largest input accepted, so that a hostile file cannot exhaust memory.
    public static let maxBytes = 16 << 20

    /// `maxTasks` is the task limit (`--max-tasks`): a bigger job is refused before anything is allocated.
    public static func parse(_ text: String, file: String, maxTasks: Int = JobGraph.defaultMaxTasks) throws(InputError) -> Scenario {
        let r = YAMLReader(file: file)
        guard text.utf8.count <= maxBytes else {
            throw InputError(file: file, line: 1, column: 1, message: "the scenario is larger than \(maxBytes >> 20) MiB")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw InputError(file: file, line: 1, column: 1, message: "empty scenario: expected a mapping with at least 'scenario' and 'job'")
            }
            root = node
        } catch let e as InputError {
            throw e
        } catch let e as YamlError {
            throw yamlError(e, file: file)
        } catch {
            throw InputError(file: file, line: 1, column: 1, message: "not valid YAML: \(error)")
        }
        let top = try r.mapping(root, "the scenario", allowed: [
            "schema", "scenario", "title", "intro", "seed", "mode", "checkpointing", "timing", "job", "script", "expect", "narration", "mutant",
        ])
        func value(_ key: String) -> Node? { top.first { $0.key == key }?.value }
        if let s = value("schema") {
            let schema = try r.string(s, "schema")
            guard schema == "ckpt-scenario/1" else { throw r.error(s, "unsupported schema '\(schema)' (this program reads ckpt-scenario/1)") }
        }
        guard let idNode = value("scenario") else { throw r.error(root, "the scenario needs an id: 'scenario: NAME'") }
        let id = try r.string(idNode, "scenario")
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }) else {
            throw r.error(idNode, "scenario id must be a non-empty word of letters, digits, '-', '_' or '.' (it names files)")
        }
        var scenario = Scenario(id: id, job: [])
        scenario.taskLimit = maxTasks
        if let n = value("title") { scenario.title = try r.string(n, "title") }
        if let n = value("intro") { scenario.intro = try r.string(n, "intro") }
        if let n = value("seed") {
            guard case .scalar(let sc) = n, let v = UInt64(sc.string) else {
                if case .scalar(let sc) = n, YAMLReader.isWholeNumber(sc.string), sc.string.first != "-" {
                    throw r.error(n, "seed is out of range: \(sc.string) is above \(UInt64.max), the largest seed")
                }
                throw r.error(n, "seed must be a non-negative integer, found \(YAMLReader.describe(n))")
            }
            scenario.seed = v
        }
        if let n = value("mode") { scenario.mode = try r.choice(n, "mode", BarrierMode.self) }
        if let n = value("mutant") { scenario.mutant = try r.choice(n, "mutant", Mutant.self) }
        if let n = value("checkpointing") { scenario.checkpointing = try checkpointing(n, r) }
        if let n = value("timing") { scenario.checkpointing.asyncRange = try timing(n, r) }
        guard let jobNode = value("job") else { throw r.error(root, "the scenario needs a 'job': a list of operators") }
        scenario.job = try r.sequence(jobNode, "job").map { (n) throws(InputError) in try operatorSpec(n, r, maxTasks: maxTasks) }
        let graph: JobGraph
        do { graph = try JobGraph(operators: scenario.job, maxTasks: maxTasks) } catch {
            let p = error.position ?? SourcePosition(line: jobNode.mark?.line ?? 1, column: jobNode.mark?.column ?? 1)
            throw InputError(file: file, line: p.line, column: p.column, message: error.message)
        }
        let check = TaskNameCheck(graph: graph, reader: r)
        if let n = value("script") {
            scenario.script = try r.sequence(n, "script").map { (s) throws(InputError) in try scriptStep(s, r, check) }
        }
        if let n = value("expect") {
            scenario.expectations = try r.sequence(n, "expect").map { (e) throws(InputError) in try finalExpectation(e, r, check) }
        }
        if let n = value("narration") {
            scenario.narration = try r.sequence(n, "narration").map { (e) throws(InputError) in try narration(e, r, check) }
        }
        return scenario
    }

    static func yamlError(_ e: YamlError, file: String) -> InputError {
        switch e {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _), .composer(let context, let problem, let mark, _):
            if problem.hasPrefix("Maximum nesting level reached") {
                return InputError(file: file, line: mark.line, column: mark.column,
                                  message: "not valid YAML for a scenario: lists and mappings nested too deeply (a scenario needs a few levels)")
            }
            let what = [context.map { "\($0.text)" }, problem].compactMap { $0 }.joined(separator: ": ")
                .split(whereSeparator: \.isNewline).joined(separator: " ")
            return InputError(file: file, line: mark.line, column: mark.column, message: "not valid YAML: \(what)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return InputError(file: file, line: context.mark.line, column: context.mark.column,
                              message: "\(keys) given twice in one mapping")
        case .reader(let problem, _, _, _):
            return InputError(file: file, line: 1, column: 1, message: "not valid YAML: \(problem) (is the file UTF-8 text?)")
        default:
            let text = "\(e)".split(whereSeparator: \.isNewline).joined(separator: " ")
            return InputError(file: file, line: 1, column: 1, message: "not valid YAML: \(text)")
        }
    }

    static func checkpointing(_ node: Node, _ r: YAMLReader) throws(InputError) -> CheckpointConfig {
        var c = CheckpointConfig()
        let limit = 1_000_000_000
        for (key, _, v) in try r.mapping(node, "checkpointing", allowed: [
            "interval", "timeout", "min-pause", "max-concurrent", "tolerable-failures", "retained", "timing",
        ]) {
            switch key {
            case "interval": c.interval = try r.int(v, "checkpointing.interval (ms; 0 = only scripted triggers)", range: 0...limit)
            case "timeout": c.timeout = try r.int(v, "checkpointing.timeout (ms)", range: 1...limit)
            case "min-pause": c.minPause = try r.int(v, "checkpointing.min-pause (ms)", range: 0...limit)
            case "max-concurrent": c.maxConcurrent = try r.int(v, "checkpointing.max-concurrent", range: 1...1_000)
            case "tolerable-failures": c.tolerableFailures = try r.int(v, "checkpointing.tolerable-failures", range: 0...limit)
            case "retained": c.retained = try r.int(v, "checkpointing.retained", range: 1...1_000)
            default: c.asyncRange = try timing(v, r)
            }
        }
        return c
    }

    static func timing(_ node: Node, _ r: YAMLReader) throws(InputError) -> ClosedRange<Int> {
        var range = 1...10
        for (_, _, v) in try r.mapping(node, "timing", allowed: ["async"]) {
            let items = try r.sequence(v, "timing.async ([MIN, MAX] in ms)")
            guard items.count == 2 else { throw r.error(v, "timing.async must be [MIN, MAX] in ms") }
            let lo = try r.int(items[0], "timing.async MIN", range: 0...1_000_000)
            let hi = try r.int(items[1], "timing.async MAX", range: 0...1_000_000)
            guard lo <= hi else { throw r.error(v, "timing.async: MIN (\(lo)) must not exceed MAX (\(hi))") }
            range = lo...hi
        }
        return range
    }

    static func operatorSpec(_ node: Node, _ r: YAMLReader, maxTasks: Int) throws(InputError) -> OperatorSpec {
        let entries = try r.mapping(node, "an operator", allowed: ["name", "kind", "parallelism", "input", "partition", "data", "delivery"])
        func value(_ key: String) -> Node? { entries.first { $0.key == key }?.value }
        guard let nameNode = value("name") else { throw r.error(node, "an operator needs a 'name'") }
        guard let kindNode = value("kind") else { throw r.error(node, "an operator needs a 'kind' (\(OperatorKind.allCases.map(\.rawValue).joined(separator: " | ")))") }
        var spec = OperatorSpec(name: try r.string(nameNode, "name"), kind: try r.choice(kindNode, "kind", OperatorKind.self), position: r.position(node))
        if spec.name.contains("[") || spec.name.contains("]") || spec.name.contains("->") || spec.name == "coordinator" {
            throw r.error(nameNode, "operator name '\(spec.name)' must not contain '[', ']' or '->', nor be 'coordinator'")
        }
        if let n = value("parallelism") {
            spec.parallelism = try r.int(n, "parallelism", range: 1...Int.max)
            if spec.parallelism > maxTasks {
                throw r.error(n, "parallelism \(spec.parallelism) is over the task limit of \(maxTasks) (\(JobGraph.raiseHint))")
            }
        }
        if let n = value("input") {
            if case .sequence = n {
                spec.inputs = try r.sequence(n, "input").map { (i) throws(InputError) in try r.string(i, "input") }
            } else {
                spec.inputs = [try r.string(n, "input")]
            }
        }
        if let n = value("partition") { spec.partition = try r.choice(n, "partition", Partitioning.self) }
        if let n = value("delivery") {
            guard spec.kind == .sink else { throw r.error(n, "'delivery' is for sinks only") }
            spec.delivery = try r.choice(n, "delivery", SinkDelivery.self)
        }
        if let n = value("data") {
            guard spec.kind == .source else { throw r.error(n, "'data' is for sources only") }
            let items = try r.sequence(n, "data")
            let nested = items.contains { if case .sequence = $0 { return true }; return false }
            if nested {
                spec.data = try items.map { (sub) throws(InputError) in
                    try r.sequence(sub, "data (one list of records per subtask)").map { (rec) throws(InputError) in try r.string(rec, "a record") }
                }
            } else {
                guard spec.parallelism == 1 else {
                    throw r.error(n, "source '\(spec.name)' has parallelism \(spec.parallelism): give data as one list of records per subtask, e.g. [[\"a\"], [\"b\"]]")
                }
                spec.data = [try items.map { (rec) throws(InputError) in try r.string(rec, "a record") }]
            }
        } else if spec.kind == .source {
            throw r.error(node, "source '\(spec.name)' needs 'data': its records")
        }
        return spec
    }
}
