import CheckpointCore
import CheckpointReplay
import CheckpointTrace

/// A lesson's narration placed on the steps of its trace.
///
/// An entry belongs to the first event its `at` matches at or after the previous entry's event
/// (narration tells a story in order); with `count: k` in `at`, to the k-th match in the whole
/// trace. It is shown at the step just after that event (the player's step k is the state after
/// event k−1), so a question asks about what comes next.
public struct LessonNarration: Sendable {
    /// One narration entry and where it landed.
    public struct Placed: Sendable {
        public var narration: Narration
        /// The entry's index in the lesson's narration list.
        public var index: Int
        /// The matching event's `seq`, or nil when no event matches (a broken lesson).
        public var seq: Int?
        /// The player step it is shown at.
        public var step: Int? { seq.map { $0 + 1 } }
    }

    public var placed: [Placed]

    public init(_ narration: [Narration], events: [TraceEvent]) {
        var placed: [Placed] = []
        var from = 0
        for (i, n) in narration.enumerated() {
            let seq: Int?
            if let k = n.at.count {
                seq = events.lazy.filter { n.at.matches($0) }.dropFirst(max(0, k - 1)).first?.seq
            } else {
                seq = events[min(from, events.count)...].first { n.at.matches($0) }?.seq
                    ?? events.first { n.at.matches($0) }?.seq
            }
            if let seq, n.at.count == nil { from = seq }
            placed.append(Placed(narration: n, index: i, seq: seq))
        }
        self.placed = placed
    }

    /// Entries no event of the trace matches: the lesson no longer fits the protocol.
    public var unmatched: [Placed] { placed.filter { $0.seq == nil } }

    /// Two questions on one step: only one can be asked there.
    public var clashingQuestions: [Placed] {
        var seen = Set<Int>()
        return placed.filter { p in
            guard p.narration.ask != nil, let step = p.step else { return false }
            return !seen.insert(step).inserted
        }
    }

    /// What a lesson's player and web page show: its intro, headed "Lesson N:", at step 0, texts
    /// and questions at their steps.
    public func annotations(of lesson: Lesson) -> StepAnnotations {
        annotations(intro: lesson.scenario.intro.map { "Lesson \(lesson.number): \($0)" })
    }

    /// What the replay player shows: the intro at step 0, texts and questions at their steps.
    public func annotations(intro: String?) -> StepAnnotations {
        var notes: [Int: String] = [:]
        var questions: [Int: PlayerQuestion] = [:]
        if let intro { notes[0] = intro }
        for p in placed {
            guard let step = p.step else { continue }
            if let say = p.narration.say { notes[step] = notes[step].map { $0 + " " + say } ?? say }
            if let ask = p.narration.ask, questions[step] == nil {
                questions[step] = PlayerQuestion(prompt: ask, choices: p.narration.choices, answer: p.narration.answer ?? 0,
                                                 explain: p.narration.explain)
            }
        }
        return StepAnnotations(notes: notes, questions: questions)
    }
}
