import ArgumentParser
import CheckpointRender
import CheckpointTrace
import Foundation

/// `ckpt render`: draw a trace as a Graphviz diagram (through libgvc, in process).
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Draw a trace as a Graphviz diagram: sequence (space-time), lifecycle or topology.",
        discussion: """
        The format defaults to the extension of -o (svg, png, pdf, dot); -o - and a name without an extension \
        give svg. A topology of more than \(TopologyDiagram.subtasksUpTo) tasks is drawn one node per operator, as \
        Flink's web UI does (--by subtask draws every subtask). A diagram too big to lay out in a few seconds \
        (more than 40,000 nodes and edges for sequence, 4,000 for lifecycle and topology) is refused with its \
        size: narrow it (--from/--to, --checkpoint, --tasks), write DOT (--format dot needs no layout), or raise \
        --max-elements.

        --format html (or -o page.html) writes the step-through page: one self-contained HTML file with the \
        space-time diagram, the state at every step (as ckpt replay --at N --print shows it), the checkpoints' cuts \
        to switch on and off, and keys (→/←, n/p, space, Home/End); page.html#step=N opens it at step N.
        """)

    @Argument(help: "The trace file (ckpt-trace/1 JSON Lines).")
    var trace: String

    @Option(help: "sequence | lifecycle | topology")
    var kind: String = "sequence"

    @Option(help: "svg | png | pdf | dot | html (default: from the -o extension, else svg); html is the step-through page.")
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

    @Option(help: "Topology: subtask (a node per task) | operator (a node per operator); default: subtask up to \(TopologyDiagram.subtasksUpTo) tasks.")
    var by: String?

    @Option(help: "Refuse a diagram of more nodes and edges than this (default: 40000 sequence, 4000 lifecycle and topology; 0: no limit).")
    var maxElements: Int?

    func run() throws {
        guard ["sequence", "lifecycle", "topology"].contains(kind) else {
            throw UsageFailure("--kind must be sequence, lifecycle or topology, found '\(kind)'")
        }
        let fmt = try outputFormat()
        if let maxElements, maxElements < 0 { throw UsageFailure("--max-elements must be 0 (no limit) or more, found \(maxElements)") }
        try checkFlagsFitTheKind()
        let t = try Files.readTrace(trace)
        var sel = RenderSelection()
        sel.from = from; sel.to = to; sel.checkpoint = checkpoint; sel.cut = cut; sel.data = data; sel.at = at
        sel.subtasks = by.map { $0 == "subtask" }
        if let tasks {
            let wanted = Set(tasks.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            let known = Set(t.header.topology?.tasks.map(\.id) ?? [])
            if let unknown = wanted.first(where: { !known.isEmpty && !known.contains($0) }) {
                throw UsageFailure("--tasks: unknown task '\(unknown)' (tasks: \(known.sorted().joined(separator: ", ")))")
            }
            sel.tasks = wanted
        }
        try checkSelectionIsInTheTrace(t)
        if fmt == "html" {
            try Files.writeAtomically(HTMLPageFile.bytes(t, drawRecords: data, maxElements: maxElements, name: trace), to: output)
            return
        }
        let diagram = Diagrams.dot(kind: kind, trace: t, selection: sel)
        let bytes: [UInt8]
        if fmt == "dot" {
            bytes = Array(diagram.text.utf8)
        } else {
            let elements = diagram.elements
            try LayoutBudget.check(diagram, kind: kind, maxElements: maxElements, name: trace)
            let start = ContinuousClock.now
            let long = elements > 5_000
            if long { Output.progress("render: laying out \(elements) nodes and edges with Graphviz (\(diagram.engine))...\n") }
            do { bytes = try Graphviz.render(dot: diagram.text, engine: diagram.engine, format: GraphvizFormat(rawValue: fmt)!) } catch {
                throw UsageFailure("\(trace):1:1: \(error)")
            }
            if long { Output.progress("render: laid out in \(FuzzSession.elapsed(since: start).formatted(.number.precision(.fractionLength(1)))) s\n") }
        }
        try Files.writeAtomically(bytes, to: output)
    }

    /// The format: --format, else the extension of -o; a name with another extension is an error
    /// rather than SVG under a misleading name.
    func outputFormat() throws -> String {
        let formats = ["svg", "png", "pdf", "dot", "html"]
        if let format {
            guard formats.contains(format) else { throw UsageFailure("--format must be svg, png, pdf, dot or html, found '\(format)'") }
            return format
        }
        let ext = output == "-" ? "" : URL(fileURLWithPath: output).pathExtension.lowercased()
        if ext.isEmpty { return "svg" }
        guard formats.contains(ext) else {
            throw UsageFailure("-o \(output): unknown extension '.\(ext)' (expected .svg, .png, .pdf, .dot or .html, or give --format)")
        }
        return ext
    }

    /// Flags that only one kind of diagram uses are errors with another, not silently ignored.
    func checkFlagsFitTheKind() throws {
        let sequenceOnly: [(String, Bool)] = [("--cut", cut != nil), ("--data", data)]
        let topologyOnly: [(String, Bool)] = [("--at", at != nil), ("--by", by != nil)]
        for (flag, given) in sequenceOnly where given && kind != "sequence" {
            throw UsageFailure("\(flag) draws on the sequence diagram, not the \(kind) diagram")
        }
        for (flag, given) in topologyOnly where given && kind != "topology" {
            throw UsageFailure("\(flag) is for the topology diagram, not the \(kind) diagram")
        }
        if let by, !["subtask", "operator"].contains(by) { throw UsageFailure("--by must be subtask or operator, found '\(by)'") }
        if let from, let to, from > to { throw UsageFailure("--from \(from) is after --to \(to): the range is empty") }
        if (try? outputFormat()) == "html" {
            if kind != "sequence" { throw UsageFailure("--format html is the step-through page of the sequence diagram, not the \(kind) diagram") }
            let selecting: [(String, Bool)] = [("--from", from != nil), ("--to", to != nil), ("--checkpoint", checkpoint != nil),
                                               ("--tasks", tasks != nil), ("--cut", cut != nil)]
            if let (flag, _) = selecting.first(where: \.1) {
                throw UsageFailure("\(flag) does not apply to --format html: the page steps through the whole trace (its cuts can be switched on the page)")
            }
        }
    }

    /// A range, step or checkpoint the trace does not have is an error, not an empty diagram.
    func checkSelectionIsInTheTrace(_ t: Trace) throws {
        let count = t.events.count
        if let at, !(0...count).contains(at) {
            throw UsageFailure("\(trace): --at \(at) is out of range: the trace has \(count) events")
        }
        if let from, !(0..<max(count, 1)).contains(from) {
            throw UsageFailure("\(trace): --from \(from) is out of range: the trace's steps (seq) are 0 to \(count - 1)")
        }
        if let to, to < 0 { throw UsageFailure("\(trace): --to \(to) is out of range: the trace's steps (seq) are 0 to \(count - 1)") }
        let ids = Set(t.events.compactMap { $0.type == .checkpointTriggered ? $0.checkpoint : nil })
        for (flag, id) in [("--checkpoint", checkpoint), ("--cut", cut)] {
            guard let id, !ids.contains(id) else { continue }
            let known = ids.sorted().map(String.init)
            throw UsageFailure("\(trace): \(flag) \(id): no such checkpoint in the trace (" + (known.isEmpty ? "it triggers none" : "its checkpoints: " + known.prefix(20).joined(separator: ", ") + (known.count > 20 ? ", ..." : "")) + ")")
        }
    }
}
