import ArgumentParser
import CheckpointInterop
import CheckpointTrace

/// `ckpt export`: a trace in another viewer's format.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a trace to Perfetto (Chrome trace JSON), Mermaid (sequenceDiagram) or ShiViz.")

    @Argument(help: "The trace file (ckpt-trace/1 JSON Lines).")
    var trace: String

    @Option(name: .customLong("to"), help: "perfetto | mermaid | shiviz")
    var format: String

    @Option(name: .shortAndLong, help: "Output file (written atomically); - for stdout.")
    var output: String

    @Option(help: "Mermaid: first step (seq).")
    var from: Int?

    @Option(name: .customLong("until"), help: "Mermaid: last step (seq).")
    var until: Int?

    @Option(help: "Mermaid: only this checkpoint's messages.")
    var checkpoint: Int?

    @Option(help: "Mermaid: refuse more messages than this.")
    var maxMessages: Int = 500

    func run() throws {
        guard ["perfetto", "mermaid", "shiviz"].contains(format) else { throw UsageFailure("--to must be perfetto, mermaid or shiviz, found '\(format)'") }
        if format != "mermaid", let flag = [("--from", from != nil), ("--until", until != nil), ("--checkpoint", checkpoint != nil)].first(where: \.1)?.0 {
            throw UsageFailure("\(flag) selects part of a Mermaid diagram; --to \(format) exports the whole trace")
        }
        if let from, let until, from > until { throw UsageFailure("--from \(from) is after --until \(until): the range is empty") }
        let t = try Files.readTrace(trace)
        if let checkpoint, !t.events.contains(where: { $0.type == .checkpointTriggered && $0.checkpoint == checkpoint }) {
            throw UsageFailure("\(trace): --checkpoint \(checkpoint): no such checkpoint in the trace")
        }
        let text: String
        switch format {
        case "perfetto":
            if let i = PerfettoExport.firstUnrepresentableEvent(in: t) {
                throw UsageFailure("\(trace):\(i + 2):1: time \(t.events[i].time) ms does not fit Perfetto's microsecond timestamps (expected at most \(PerfettoExport.maxTime) ms either way)")
            }
            text = JSONWriter.string(PerfettoExport.json(t)) + "\n"
        case "mermaid":
            do { text = try MermaidExport.text(t, from: from, to: until, checkpoint: checkpoint, maxMessages: maxMessages) } catch {
                throw UsageFailure("\(trace):1:1: \(error.message)")
            }
        case "shiviz": text = ShiVizExport.text(t)
        default: throw UsageFailure("--to must be perfetto, mermaid or shiviz, found '\(format)'")
        }
        try Files.writeAtomically(Array(text.utf8), to: output)
    }
}
