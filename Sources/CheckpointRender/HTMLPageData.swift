import CheckpointReplay
import CheckpointTrace

/// What the HTML step-through page knows of a trace: the state text at every step (the lines
/// `ckpt replay --at N --print` prints), the steps the jump keys stop at, and a lesson's notes and
/// questions, as the JSON the page's script reads.
///
/// A state's lines change little from one step to the next, so every distinct line is stored once
/// and a step is a list of line numbers; a line that grows or shrinks at one place (a channel, a
/// sink's output) is stored as an edit of a line of the step before. A 10,000-event trace whose
/// lines run to kilobytes stays a few megabytes.
public struct HTMLPageData: Sendable {
    /// Every distinct state line, in order of first use.
    public private(set) var lines: [String] = []
    /// For each step 0...count, its state as indices into `lines`.
    public private(set) var steps: [[Int]] = []
    /// Steps just after a checkpoint is triggered, completes or is aborted (the player's `c` key).
    public private(set) var checkpointSteps: [Int] = []
    /// Steps just after a failure or a restore event (the player's `f` key).
    public private(set) var failureSteps: [Int] = []
    /// `lines` as the page stores them: a line, or an edit of an earlier one (`LineEdits`).
    private var encoded: [JSONValue] = []
    /// A lesson's narration and questions by step.
    public var annotations: StepAnnotations

    public init(trace: Trace, annotations: StepAnnotations = StepAnnotations()) {
        self.annotations = annotations
        var replayer = Replayer(trace: trace)
        var index: [String: Int] = [:]
        let events = trace.events
        var encoder = LineEdits()
        steps.reserveCapacity(events.count + 1)
        for step in 0...events.count {
            let state = replayer.state(at: step)
            let text = StateText.lines(state, total: events.count, header: trace.header, event: step > 0 ? events[step - 1] : nil)
            let previous = steps.last ?? []
            var row: [Int] = []
            row.reserveCapacity(text.count)
            for (position, line) in text.enumerated() {
                let shown = TerminalText.escaped(line)
                if let i = index[shown] { row.append(i); continue }
                index[shown] = lines.count
                encoder.add(shown, near: position, in: previous)
                lines.append(shown)
                row.append(lines.count - 1)
            }
            steps.append(row)
        }
        encoded = encoder.entries
        for (i, e) in events.enumerated() {
            if PlayerState.boundaries.contains(e.type) { checkpointSteps.append(i + 1) }
            if PlayerState.failures.contains(e.type) { failureSteps.append(i + 1) }
        }
    }

    /// The state panel's text at a step, as the page shows it.
    public func stateText(at step: Int) -> String {
        steps[step].map { lines[$0] }.joined(separator: "\n")
    }

    /// The page's data as JSON.
    public var json: JSONValue {
        var notes: [JSONValue] = []
        for step in annotations.notes.keys.sorted() {
            notes.append(.object(JSONObject(["step": .int(step), "text": .string(annotations.notes[step]!)])))
        }
        var questions: [JSONValue] = []
        for step in annotations.questions.keys.sorted() {
            let q = annotations.questions[step]!
            questions.append(.object(JSONObject([
                "step": .int(step), "prompt": .string(q.prompt), "choices": .array(q.choices.map(JSONValue.string)),
                "answer": .int(q.answer), "explain": q.explain.map(JSONValue.string) ?? .null,
            ])))
        }
        return .object(JSONObject([
            "total": .int(steps.count - 1),
            "lines": .array(encoded),
            "steps": .array(steps.map { .array($0.map(JSONValue.int)) }),
            "checkpointSteps": .array(checkpointSteps.map(JSONValue.int)),
            "failureSteps": .array(failureSteps.map(JSONValue.int)),
            "notes": .array(notes),
            "questions": .array(questions),
        ]))
    }
}
