import ArgumentParser

/// `ckpt lesson`: Step through one lesson with narration.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lesson", abstract: "Step through one lesson with narration. (not built yet)")
    @Argument(parsing: .allUnrecognized) var rest: [String] = []
    func run() throws { throw UsageFailure("ckpt lesson is not built yet") }
}
