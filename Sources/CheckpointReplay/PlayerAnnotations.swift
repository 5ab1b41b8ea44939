/// A multiple-choice question the player asks at a step (lessons' `ask`/`choices`/`answer`).
public struct PlayerQuestion: Sendable, Hashable {
    public var prompt: String
    public var choices: [String]
    /// The index of the right choice in `choices`.
    public var answer: Int
    /// Why the answer is right, shown once the learner has chosen.
    public var explain: String?

    public init(prompt: String, choices: [String], answer: Int, explain: String? = nil) {
        self.prompt = prompt; self.choices = choices; self.answer = answer; self.explain = explain
    }
}

/// What the player shows beside the replay at a step: the hook lessons use for narration.
/// Steps are those of `Replayer` (step k = after event k-1, so an annotation for event seq s
/// belongs at step s + 1).
public protocol PlayerAnnotations: Sendable {
    /// Text to show at `step`, if any.
    func note(at step: Int) -> String?
    /// A question to ask at `step`, if any.
    func question(at step: Int) -> PlayerQuestion?
}

/// Annotations given as tables by step: what a lesson builds from its narration matchers.
public struct StepAnnotations: PlayerAnnotations {
    public var notes: [Int: String]
    public var questions: [Int: PlayerQuestion]

    public init(notes: [Int: String] = [:], questions: [Int: PlayerQuestion] = [:]) {
        self.notes = notes; self.questions = questions
    }

    public func note(at step: Int) -> String? { notes[step] }
    public func question(at step: Int) -> PlayerQuestion? { questions[step] }
}
