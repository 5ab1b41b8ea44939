import CheckpointTrace

/// The player's own state (not the job's): where it is, an open prompt, help, the status message.
/// Changed only by `PlayerState.handle(_:events:annotations:)`, a pure reducer, so that the
/// interactive player and `--keys` behave the same and tests need no terminal.
public struct PlayerState: Sendable, Hashable {
    /// A line the user is typing after `:` (go to step) or `/` (search).
    public struct Prompt: Sendable, Hashable {
        public var symbol: Character
        public var text: String
    }

    public var step: Int
    public let total: Int
    public var prompt: Prompt?
    public var showHelp = false
    public var message: String?
    public var quit = false
    public var lastSearch: String?
    /// Answers given to questions, by step: the chosen index.
    public var answers: [Int: Int] = [:]
    /// Lessons: moving on past an unanswered question is refused.
    public var requireAnswers: Bool

    public init(total: Int, step: Int = 0, requireAnswers: Bool = false) {
        self.total = total; self.step = min(max(0, step), total); self.requireAnswers = requireAnswers
    }

    /// Event types that open or end a checkpoint (`c`).
    public static let boundaries: Set<EventType> = [.checkpointTriggered, .checkpointCompleted, .checkpointAborted]
    /// Event types of failures and restores (`f`).
    public static let failures: Set<EventType> = [.taskFailed, .jobFailover, .restoreStarted, .snapshotFailed]

    /// Applies one key.
    public mutating func handle(_ key: PlayerKey, events: [TraceEvent], annotations: (any PlayerAnnotations)? = nil) {
        if prompt != nil { handlePrompt(key, events: events); return }
        if showHelp { showHelp = false; if key != .char("q") { return } }
        message = nil
        if key == .interrupt { quit = true; return }
        if let q = annotations?.question(at: step), answers[step] == nil, case .char(let c) = key,
           let digit = c.wholeNumberValue, digit >= 1, digit <= q.choices.count {
            answers[step] = digit - 1
            message = digit - 1 == q.answer ? "Right." : "Not quite: the answer is \(q.answer + 1). \(q.choices[q.answer])"
            return
        }
        switch key {
        case .right, .char("n"), .char(" "), .down: move(to: step + 1, annotations: annotations)
        case .left, .char("p"), .up: move(to: step - 1, annotations: annotations)
        case .char("N"): sameCheckpoint(forward: true, events: events, annotations: annotations)
        case .char("P"): sameCheckpoint(forward: false, events: events, annotations: annotations)
        case .char("c"): jump(events: events, annotations: annotations, what: "checkpoint boundary") { PlayerState.boundaries.contains($0.type) }
        case .char("f"): jump(events: events, annotations: annotations, what: "failure or restore") { PlayerState.failures.contains($0.type) }
        case .char("]"): narration(forward: true, annotations: annotations)
        case .char("["): narration(forward: false, annotations: annotations)
        case .char("g"): move(to: 0, annotations: annotations)
        case .char("G"): move(to: total, annotations: annotations)
        case .char(":"): prompt = Prompt(symbol: ":", text: "")
        case .char("/"): prompt = Prompt(symbol: "/", text: "")
        case .char("?"), .char("h"): showHelp = true
        case .char("q"), .escape: quit = true
        default: message = "unknown key (press ? for help)"
        }
    }

    private mutating func handlePrompt(_ key: PlayerKey, events: [TraceEvent]) {
        guard var p = prompt else { return }
        switch key {
        case .escape, .interrupt: prompt = nil
        case .backspace:
            if p.text.isEmpty { prompt = nil } else { p.text.removeLast(); prompt = p }
        case .enter:
            prompt = nil
            if p.symbol == ":" { goTo(p.text) } else { search(p.text, events: events) }
        case .char(let c): p.text.append(c); prompt = p
        default: break
        }
    }

    private mutating func move(to target: Int, annotations: (any PlayerAnnotations)?) {
        let clamped = min(max(0, target), total)
        if requireAnswers, clamped > step, let unanswered = firstUnansweredQuestion(from: step, to: clamped, annotations) {
            step = unanswered
            message = "answer the question first (keys 1-\(annotations?.question(at: unanswered)?.choices.count ?? 1))"
            return
        }
        if target > total { message = "at the last step" } else if target < 0 { message = "at the first step" }
        step = clamped
    }

    /// `]` / `[`: the next or previous step that has narration or a question.
    private mutating func narration(forward: Bool, annotations: (any PlayerAnnotations)?) {
        guard let annotations else { message = "this trace has no narration"; return }
        let steps = forward ? Array(stride(from: step + 1, through: total, by: 1)) : Array(stride(from: step - 1, through: 0, by: -1))
        if let target = steps.first(where: { annotations.note(at: $0) != nil || annotations.question(at: $0) != nil }) {
            move(to: target, annotations: annotations)
        } else {
            message = forward ? "no more narration after this step" : "no narration before this step"
        }
    }

    private func firstUnansweredQuestion(from: Int, to: Int, _ annotations: (any PlayerAnnotations)?) -> Int? {
        guard let annotations else { return nil }
        for k in from..<to where annotations.question(at: k) != nil && answers[k] == nil { return k }
        return nil
    }

    private mutating func goTo(_ text: String) {
        guard let n = Int(text.trimmingSpaces) else { message = "not a step number: \"\(text)\""; return }
        guard (0...total).contains(n) else { message = "step \(n) is out of range 0...\(total)"; return }
        step = n
    }

    private mutating func sameCheckpoint(forward: Bool, events: [TraceEvent], annotations: (any PlayerAnnotations)?) {
        guard step > 0, let cp = events[step - 1].checkpoint else {
            message = "the current event belongs to no checkpoint"
            return
        }
        let current = step - 1
        let found = forward
            ? events[(current + 1)...].firstIndex { $0.checkpoint == cp }
            : events[..<current].lastIndex { $0.checkpoint == cp }
        guard let i = found else { message = "no \(forward ? "later" : "earlier") event of checkpoint \(cp)"; return }
        move(to: i + 1, annotations: annotations)
    }

    private mutating func jump(events: [TraceEvent], annotations: (any PlayerAnnotations)?, what: String,
                               _ matches: (TraceEvent) -> Bool) {
        guard let i = events[min(step, events.count)...].firstIndex(where: matches) else { message = "no later \(what)"; return }
        move(to: i + 1, annotations: annotations)
    }

    /// Finds the next event (after the current one, wrapping around) whose type contains the
    /// query or whose task, actor or channel equals it; an empty query repeats the last search.
    private mutating func search(_ text: String, events: [TraceEvent]) {
        let query = text.trimmingSpaces.isEmpty ? (lastSearch ?? "") : text.trimmingSpaces
        guard !query.isEmpty else { return }
        lastSearch = query
        func matches(_ e: TraceEvent) -> Bool {
            e.typeName.contains(query) || e.task == query || e.actor == query || e.channel == query
        }
        let start = min(step, events.count)
        if let i = events[start...].firstIndex(where: matches) ?? events[..<start].firstIndex(where: matches) {
            step = i + 1
            if i < start { message = "search wrapped around to the start" }
        } else {
            message = "no event matches \"\(query)\""
        }
    }
}

extension String {
    /// Without leading and trailing spaces.
    public var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
