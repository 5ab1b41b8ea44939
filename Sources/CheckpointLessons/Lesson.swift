import CheckpointCore
import CheckpointReplay

/// One lesson: a `ckpt-scenario/1` file with narration, numbered by its file name (`01-….yaml`).
public struct Lesson: Sendable {
    /// The number in the file name (`07-unaligned.yaml` → 7).
    public var number: Int
    /// The file name without its extension (`07-unaligned`), also the golden trace's name.
    public var name: String
    /// The file it was read from, for error messages.
    public var file: String
    public var scenario: Scenario

    public init(number: Int, name: String, file: String, scenario: Scenario) {
        self.number = number; self.name = name; self.file = file; self.scenario = scenario
    }

    /// The first sentence of the intro (or the title): what `ckpt lessons` lists.
    public var summary: String {
        guard let intro = scenario.intro?.split(separator: "\n").joined(separator: " ") else { return scenario.title }
        if let end = intro.range(of: ". ") { return String(intro[..<end.lowerBound]) + "." }
        return intro.trimmingSpaces
    }

    /// `traces/NAME.jsonl`: where its golden trace is kept.
    public var goldenTracePath: String { "traces/\(name).jsonl" }
}
