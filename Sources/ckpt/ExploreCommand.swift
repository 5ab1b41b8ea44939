import ArgumentParser

/// `ckpt explore`: Pick each next action of a scenario by hand.
struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explore", abstract: "Pick each next action of a scenario by hand. (not built yet)")
    @Argument(parsing: .allUnrecognized) var rest: [String] = []
    func run() throws { throw UsageFailure("ckpt explore is not built yet") }
}
