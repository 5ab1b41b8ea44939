import CheckpointCheck
import CheckpointRender
import CheckpointReplay
import CheckpointTrace
import Foundation
import Testing
@testable import CheckpointInterop

/// trace-lint accepts any Int in a trace's numeric fields. Every consumer of traces — checker,
/// statistics, exports, replay, diagrams — must take the extremes without trapping on overflow.
/// Each integer field of golden traces is set to each extreme in turn (times keep their order).
@Suite struct ExtremeValueSweepTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let extremes = [Int.min, Int.max, -1, 0, 1 << 62]
    static var fields: [WritableKeyPath<TraceEvent, Int?>] { [\.checkpoint, \.offset, \.attempt, \.bytes, \.latest] }

    static func golden(_ name: String) throws -> Trace {
        let bytes = try [UInt8](Data(contentsOf: root.appendingPathComponent("traces/\(name).jsonl")))
        return try TraceReader.read(bytes, file: name)
    }

    /// Everything that reads a trace, once.
    static func consume(_ t: Trace) {
        _ = InvariantChecker.check(t)
        _ = CheckpointStats(trace: t).text()
        if PerfettoExport.firstUnrepresentableEvent(in: t) == nil { _ = PerfettoExport.json(t) }
        _ = try? MermaidExport.text(t)
        _ = ShiVizExport.text(t)
        var replayer = Replayer(trace: t)
        _ = replayer.state(at: t.events.count)
        for kind in ["sequence", "lifecycle", "topology"] { _ = Diagrams.dot(kind: kind, trace: t, selection: RenderSelection()) }
    }

    @Test(arguments: ["04-failure-and-restore", "07-unaligned", "10-concurrent-and-subsumption"])
    func everyConsumerTakesExtremeIntegers(name: String) throws {
        let base = try Self.golden(name)
        var variants = 0
        for field in Self.fields {
            guard base.events.contains(where: { $0[keyPath: field] != nil }) else { continue }
            for x in Self.extremes {
                var t = base
                for i in t.events.indices where t.events[i][keyPath: field] != nil { t.events[i][keyPath: field] = x }
                Self.consume(t)
                variants += 1
            }
        }
        for x in Self.extremes {
            var t = base
            let half = t.events.count / 2
            for i in t.events.indices { t.events[i].time = x < 0 ? (i < half ? x : 0) : (i < half ? 0 : x) }
            Self.consume(t)
            for key in ["interval", "timeout", "min-pause", "max-concurrent", "tolerable-failures", "retained"] {
                var h = base
                var config = h.header.config!
                switch key {
                case "interval": config.interval = x
                case "timeout": config.timeout = x
                case "min-pause": config.minPause = x
                case "max-concurrent": config.maxConcurrent = x
                case "tolerable-failures": config.tolerableFailures = x
                default: config.retained = x
                }
                h.header.config = config
                Self.consume(h)
                variants += 1
            }
        }
        #expect(variants >= 40, "\(name): \(variants) variants")
    }
}
