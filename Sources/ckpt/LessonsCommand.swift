import ArgumentParser

/// `ckpt lessons`: List the lessons.
struct LessonsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lessons", abstract: "List the lessons. (not built yet)")
    @Argument(parsing: .allUnrecognized) var rest: [String] = []
    func run() throws { throw UsageFailure("ckpt lessons is not built yet") }
}
