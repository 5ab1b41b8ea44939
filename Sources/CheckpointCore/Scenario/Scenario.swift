import CheckpointTrace

/// A place in a scenario file, for error messages (`FILE:LINE:COL`).
public struct SourcePosition: Sendable, Hashable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) { self.line = line; self.column = column }
}

/// How tasks handle barriers (DESIGN.md §2).
public enum BarrierMode: String, Sendable, CaseIterable {
    case aligned
    case unaligned
    case atLeastOnce = "at-least-once"

    /// Whether the mode promises exactly-once state (aligned and unaligned do).
    public var isExactlyOnce: Bool { self != .atLeastOnce }
}

/// The kinds of operator a job can have (DESIGN.md §2).
public enum OperatorKind: String, Sendable, CaseIterable {
    case source
    case tokenize
    case map
    case keyedCount = "keyed-count"
    case sink
}

/// How records go from the subtasks of one operator to those of the next.
public enum Partitioning: String, Sendable, CaseIterable {
    case forward
    case rebalance
    case hash
}

/// How a sink makes its output visible.
public enum SinkDelivery: String, Sendable, CaseIterable {
    /// At-least-once: output on processing.
    case plain
    /// Two-phase commit: output becomes visible when a checkpoint completes.
    case transactional
}

/// One operator of a scenario's job.
public struct OperatorSpec: Sendable, Hashable {
    public var name: String
    public var kind: OperatorKind
    public var parallelism: Int
    public var inputs: [String]
    /// The partitioning asked for; nil means the default (DESIGN.md §2).
    public var partition: Partitioning?
    /// Source records per subtask.
    public var data: [[String]]
    public var delivery: SinkDelivery
    public var position: SourcePosition?

    public init(name: String, kind: OperatorKind, parallelism: Int = 1, inputs: [String] = [],
                partition: Partitioning? = nil, data: [[String]] = [], delivery: SinkDelivery = .plain,
                position: SourcePosition? = nil) {
        self.name = name; self.kind = kind; self.parallelism = parallelism; self.inputs = inputs
        self.partition = partition; self.data = data; self.delivery = delivery; self.position = position
    }
}

/// A map of trace fields that must be equal, plus an optional exact count (DESIGN.md §4).
public struct EventMatcher: Sendable, Hashable {
    public var fields: [(name: String, value: JSONValue)]
    public var count: Int?
    public var position: SourcePosition?

    public init(fields: [(name: String, value: JSONValue)], count: Int? = nil, position: SourcePosition? = nil) {
        self.fields = fields; self.count = count; self.position = position
    }

    public static func == (a: EventMatcher, b: EventMatcher) -> Bool {
        a.count == b.count && a.fields.count == b.fields.count
            && zip(a.fields, b.fields).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for f in fields { hasher.combine(f.name); hasher.combine(f.value) }
        hasher.combine(count)
    }

    /// Whether an event has every field of the matcher with an equal value (numbers and their
    /// text compare equal, so `checkpoint: "1"` matches 1). Objects such as `state` are equal
    /// when they have the same keys, in any order, with equal values; lists when they have
    /// equal items in the same order.
    public func matches(_ event: TraceEvent) -> Bool {
        for (name, expected) in fields {
            guard let actual = event.field(name) else {
                if case .null = expected { continue }
                return false
            }
            if !EventMatcher.equal(actual, expected) { return false }
        }
        return true
    }

    static func equal(_ actual: JSONValue, _ expected: JSONValue) -> Bool {
        if actual == expected { return true }
        switch (actual, expected) {
        case (.object(let a), .object(let b)):
            guard a.entries.count == b.entries.count else { return false }
            for entry in b.entries {
                guard let value = a[entry.key], equal(value, entry.value) else { return false }
            }
            return true
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object, _), (.array, _), (_, .object), (_, .array):
            return false
        default:
            return actual.scalarText == expected.scalarText
        }
    }

    /// The matcher as JSON, for `expectation-failed` events and messages.
    public var json: JSONValue {
        var o = JSONObject(fields.map { JSONObject.Entry($0.name, $0.value) })
        if let count { o["count"] = .int(count) }
        return .object(o)
    }

    public var description: String { JSONWriter.string(json) }
}

/// Which phase of a snapshot a scripted failure hits.
public enum SnapshotPhase: String, Sendable {
    case sync
    case async
}

/// One step of a scenario's script (DESIGN.md §2.3).
public enum ScriptAction: Sendable, Hashable {
    case emit(task: String)
    case deliver(from: String, to: String)
    case trigger(CheckpointKind)
    case fail(task: String)
    case failSnapshot(task: String, checkpoint: Int, phase: SnapshotPhase)
    /// `slow-snapshot: {task, checkpoint, async: MS}`: that task's asynchronous phase of checkpoint
    /// N lasts MS ms (a slow upload; the task's later uploads wait behind it).
    case slowSnapshot(task: String, checkpoint: Int, async: Int)
    /// `stop: savepoint`: stop the job with a savepoint (Flink's stop-with-savepoint, without drain).
    case stopWithSavepoint
    case step(Int)
    case advance(Int)
    case runUntil(EventMatcher)
    case expect(EventMatcher)
}

/// A script step with where it was written.
public struct ScriptStep: Sendable, Hashable {
    public var action: ScriptAction
    public var position: SourcePosition?
    public init(_ action: ScriptAction, position: SourcePosition? = nil) { self.action = action; self.position = position }
}

/// A check made when the run ends (the scenario's top-level `expect`).
public enum FinalExpectation: Sendable, Hashable {
    case event(EventMatcher)
    /// The committed sink output per key (plain sinks: last emitted), compared as text.
    case output([String: String], position: SourcePosition?)
}

/// A lesson's narration: text or a prediction prompt shown at the first matching event.
public struct Narration: Sendable, Hashable {
    public var at: EventMatcher
    public var say: String?
    public var ask: String?
    public var choices: [String]
    public var answer: Int?
    public var explain: String?
    public init(at: EventMatcher, say: String? = nil, ask: String? = nil, choices: [String] = [], answer: Int? = nil, explain: String? = nil) {
        self.at = at; self.say = say; self.ask = ask; self.choices = choices; self.answer = answer; self.explain = explain
    }
}

/// A parsed and validated `ckpt-scenario/1` file.
public struct Scenario: Sendable, Hashable {
    public var id: String
    public var title: String
    public var intro: String?
    public var seed: UInt64
    public var mode: BarrierMode
    public var checkpointing: CheckpointConfig
    public var job: [OperatorSpec]
    public var script: [ScriptStep]
    public var expectations: [FinalExpectation]
    public var narration: [Narration]
    /// A deliberate protocol bug the scenario runs with (an extension of ckpt-scenario/1 for lessons
    /// that show what breaks); `--mutant` overrides it.
    public var mutant: Mutant?
    /// The task limit the scenario was read under (`--max-tasks`); not part of the file.
    public var taskLimit = JobGraph.defaultMaxTasks

    public init(id: String, title: String? = nil, intro: String? = nil, seed: UInt64 = 0, mode: BarrierMode = .aligned,
                checkpointing: CheckpointConfig = CheckpointConfig(), job: [OperatorSpec], script: [ScriptStep] = [],
                expectations: [FinalExpectation] = [], narration: [Narration] = []) {
        self.id = id; self.title = title ?? id; self.intro = intro; self.seed = seed; self.mode = mode
        self.checkpointing = checkpointing; self.job = job; self.script = script
        self.expectations = expectations; self.narration = narration
    }
}
