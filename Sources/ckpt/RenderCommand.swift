import ArgumentParser
import CheckpointRender
import CheckpointTrace
import Foundation

/// `ckpt render`: draw a trace as a Graphviz diagram (through libgvc, in process).
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a trace as a Graphviz diagram: sequence (space-time), lifecycle or topology.",
        discussion: "The format defaults to the extension of -o (svg, png, pdf, dot), else svg.")

    @Argument(help: "The trace file (ckpt-trace/1 JSON Lines).")
    var trace: String

    @Option(help: "sequence | lifecycle | topology")
    var kind: String = "sequence"

    @Option(help: "svg | png | pdf | dot (default: from the -o extension, else svg).")
    var format: String?

    @Option(name: .shortAndLong, help: "Output file (written atomically); - for stdout.")
    var output: String

    @Option(help: "First step (seq) to draw.")
    var from: Int?

    @Option(help: "Last step (seq) to draw.")
    var to: Int?

    @Option(help: "Only this checkpoint (sequence), or the one to highlight (lifecycle).")
    var checkpoint: Int?

    @Option(help: "Only these tasks, comma-separated (the coordinator is always drawn).")
    var tasks: String?

    @Option(help: "Draw the consistent cut of this checkpoint only.")
    var cut: Int?

    @Option(help: "Topology: show the state at this step (blocked channels, what is in flight).")
    var at: Int?

    @Flag(help: "Sequence: draw every record too.")
    var data = false

    func run() throws {
        guard ["sequence", "lifecycle", "topology"].contains(kind) else {
            throw UsageFailure("--kind must be sequence, lifecycle or topology, found '\(kind)'")
        }
        let ext = URL(fileURLWithPath: output).pathExtension.lowercased()
        let fmt = format ?? (["svg", "png", "pdf", "dot"].contains(ext) ? ext : "svg")
        guard ["svg", "png", "pdf", "dot"].contains(fmt) else { throw UsageFailure("--format must be svg, png, pdf or dot, found '\(fmt)'") }
        let t = try Files.readTrace(trace)
        var sel = RenderSelection()
        sel.from = from; sel.to = to; sel.checkpoint = checkpoint; sel.cut = cut; sel.data = data; sel.at = at
        if let tasks {
            let wanted = Set(tasks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let known = Set(t.header.topology?.tasks.map(\.id) ?? [])
            if let unknown = wanted.first(where: { !known.isEmpty && !known.contains($0) }) {
                throw UsageFailure("--tasks: unknown task '\(unknown)' (tasks: \(known.sorted().joined(separator: ", ")))")
            }
            sel.tasks = wanted
        }
        if let at, !(0...t.events.count).contains(at) {
            throw UsageFailure("\(trace): --at \(at) is out of range: the trace has \(t.events.count) events")
        }
        let diagram = Diagrams.dot(kind: kind, trace: t, selection: sel)
        let bytes: [UInt8]
        if fmt == "dot" {
            bytes = Array(diagram.text.utf8)
        } else {
            do { bytes = try Graphviz.render(dot: diagram.text, engine: diagram.engine, format: GraphvizFormat(rawValue: fmt)!) } catch {
                throw UsageFailure("\(trace):1:1: \(error)")
            }
        }
        try Files.writeAtomically(bytes, to: output)
    }
}
