import ArgumentParser
import Foundation
import CheckpointTrace
import CheckpointReplay

/// `ckpt replay`: Step through a trace in the terminal.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Step through a trace in the terminal.",
        discussion: """
        Step k is the state after the first k events (0 = before any). Keys: →/n/space next, ←/p back, \
        N/P same checkpoint, c checkpoint boundary, f failure, g/G first/last, : step, / search, ? help, q quit.
        Without a terminal (and without --at or --keys) every step is printed as a log.
        """)

    @Argument(help: "The trace file (ckpt-trace/1 JSON Lines).")
    var trace: String

    @Option(help: "The step to show (0 = before the first event, up to the number of events).")
    var at: Int?

    @Flag(name: .customLong("print"), help: "Print the state at --at (default: the last step) as text and exit.")
    var printState = false

    @Flag(help: "Print the state at --at (default: the last step) as JSON and exit.")
    var json = false

    @Option(help: "Feed these keys without a terminal, e.g. \"n n c p q\" or \":120 /ack-sent\"; print the final screen.")
    var keys: String?

    @OptionGroup var screen: ScreenSizeOptions

    @Flag(help: "No colours (also: NO_COLOR set, or stdout not a terminal).")
    var noColor = false

    func run() throws {
        let trace = try Files.readTrace(self.trace)
        let total = trace.events.count
        if let at, !(0...total).contains(at) {
            throw UsageFailure("\(self.trace): --at \(at) is out of range: the trace has \(total) events, so steps 0...\(total)")
        }
        let style = OutputStyle(noColor: noColor)
        if let keys {
            let parsed = try PlayerLoop.parseKeys(keys)
            var loop = PlayerLoop(trace: trace, start: at ?? 0, color: style.color)
            let lines = loop.feed(parsed, width: screen.resolved.width, height: screen.resolved.height)
            emit(lines.map { TerminalPaint.text($0, color: style.color) })
            return
        }
        if json || printState {
            var replayer = Replayer(trace: trace)
            let step = at ?? total
            let state = replayer.state(at: step)
            let event = step > 0 ? trace.events[step - 1] : nil
            if json {
                emit([JSONWriter.string(StateJSON.json(state, total: total, event: event))])
            } else {
                emit(StateText.lines(state, total: total, header: trace.header, event: event))
            }
            return
        }
        if let at {
            // --at without --print: the player's screen at that step, or the interactive player starting there.
            if Terminal.isInteractive {
                var loop = PlayerLoop(trace: trace, start: at, color: style.color)
                loop.runInteractive()
            } else {
                var replayer = Replayer(trace: trace)
                let event = at > 0 ? trace.events[at - 1] : nil
                emit(StateText.lines(replayer.state(at: at), total: total, header: trace.header, event: event))
            }
            return
        }
        if Terminal.isInteractive {
            var loop = PlayerLoop(trace: trace, color: style.color)
            loop.runInteractive()
        } else {
            printLog(trace)
        }
    }

    /// Every step in order: the event and what it means, one pair of lines per step.
    private func printLog(_ trace: Trace) {
        var out: [String] = []
        out.reserveCapacity(trace.events.count * 2 + 1)
        out.append("\(trace.header.scenario): \(trace.events.count) events, mode \(trace.header.mode ?? "?")")
        for e in trace.events {
            out.append("step \(e.seq + 1): " + StateText.eventLine(e))
            out.append("    " + EventExplanation.sentence(for: e, header: trace.header))
            if out.count >= 4096 { emit(out); out.removeAll(keepingCapacity: true) }
        }
        emit(out)
    }

    private func emit(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        print(lines.joined(separator: "\n"))
    }
}
