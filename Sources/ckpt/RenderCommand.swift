import ArgumentParser

/// `ckpt render`: Draw a trace as a Graphviz diagram.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Draw a trace as a Graphviz diagram. (not built yet)")
    @Argument(parsing: .allUnrecognized) var rest: [String] = []
    func run() throws { throw UsageFailure("ckpt render is not built yet") }
}
