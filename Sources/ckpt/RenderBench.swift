import CheckpointCore
import CheckpointRender
import CheckpointTrace
import Foundation

/// `ckpt bench --what render`: sequence diagrams of 1k/10k/100k-event traces to SVG with pinned
/// positions (nop2), against plain `dot` laying out the same graph without positions.
enum RenderBench {
    static func run(sizes: [Int], dotLimit: Int) throws {
        for target in sizes {
            let trace = try traceOf(events: target)
            var sel = RenderSelection()
            sel.data = true
            let dotText = SequenceDiagram.dot(trace, sel)
            let (pinned, pinnedBytes) = try time { try Graphviz.render(dot: dotText, engine: "nop2", format: .svg) }
            var line = String(format: "render %7d events (%6d DOT lines): pinned nop2 → SVG %.3f s (%d KB)",
                              trace.events.count, dotText.split(separator: "\n").count, pinned, pinnedBytes.count / 1024)
            if trace.events.count <= dotLimit {
                let unpinned = dotText.replacingOccurrences(of: #", pos="[^"]*""#, with: "", options: .regularExpression)
                let (plain, _) = try time { try Graphviz.render(dot: unpinned, engine: "dot", format: .svg) }
                line += String(format: "; plain dot %.3f s; %.1f× faster", plain, plain / pinned)
            } else {
                line += "; plain dot not run above \(dotLimit) events (--dot-limit)"
            }
            print(line)
        }
    }

    static func time<T>(_ body: () throws -> T) throws -> (Double, T) {
        let start = ContinuousClock.now
        let value = try body()
        let d = ContinuousClock.now - start
        return (Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18, value)
    }

    /// A WordCount trace with about `events` events.
    static func traceOf(events: Int) throws -> Trace {
        var lines = max(1, events / 200)
        while true {
            let sink = MemoryTraceSink()
            let simulator = try Simulator(scenario: BenchScenarios.wordCount(linesPerSubtask: lines), trace: sink)
            _ = try simulator.run()
            if sink.events.count >= events || lines > 1_000_000 {
                return Trace(header: sink.trace.header, events: Array(sink.events.prefix(events)))
            }
            lines = lines * events / max(1, sink.events.count) + 1
        }
    }
}
