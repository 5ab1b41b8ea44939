import Testing
import CheckpointTrace
@testable import CheckpointReplay

@Suite struct DiffTests {
    @Test func identicalTracesHaveNoDivergence() {
        let a = TraceBuilder.standard().trace
        let d = TraceDiff.compare(a, a)
        #expect(d.identical)
        #expect(d.sharedPrefix == a.events.count)
        #expect(d.completedInPrefix == 3)
    }

    @Test func firstDifferingEventIsFound() {
        let base = TraceBuilder.standard()
        var other = base
        let at = base.step(after: .checkpointCompleted, checkpoint: 2) + 3
        other.events[at].time += 1
        let d = TraceDiff.compare(base.trace, other.trace)
        #expect(d.divergence == at)
        #expect(d.sharedPrefix == at)
        #expect(d.completedInPrefix == 2)
        #expect(d.eventA == base.events[at])
        #expect(d.eventB == other.events[at])
        #expect(d.stateA?.step == at + 1)
        #expect(d.headerDifferences.isEmpty)
    }

    @Test func aShorterTraceDivergesWhereItEnds() {
        let base = TraceBuilder.standard()
        var short = base
        short.events.removeLast(4)
        let d = TraceDiff.compare(base.trace, short.trace)
        #expect(d.divergence == short.events.count)
        #expect(d.eventB == nil)
        let report = d.report(nameA: "a", nameB: "b", headerA: base.header, headerB: short.header,
                              totalA: base.events.count, totalB: short.events.count, width: 80)
        #expect(report.contains { $0.contains("B b: (end of trace: \(short.events.count) events)") })
        #expect(report.allSatisfy { $0.count <= 80 })
    }

    @Test func headerDifferencesAreReportedSeparately() {
        let base = TraceBuilder.standard()
        var a = base.trace, b = base.trace
        b.header.seed = 9
        let d = TraceDiff.compare(a, b)
        #expect(d.divergence == nil)
        #expect(d.headerDifferences == ["seed: 1 vs 9"])
        #expect(!d.identical)
        a.events[0].record = "z"
        #expect(TraceDiff.compare(a, b).divergence == 0)
    }

    @Test func sideBySideMarksDifferingLines() {
        var x = TraceBuilder(), y = TraceBuilder()
        x.emit("src[0]", "a", offset: 1)
        y.emit("src[0]", "b", offset: 1)
        let d = TraceDiff.compare(x.trace, y.trace)
        let report = d.report(nameA: "x", nameB: "y", headerA: x.header, headerB: y.header, totalA: 2, totalB: 2, width: 100)
        #expect(d.divergence == 0)
        #expect(report.contains { $0.contains(" | ") && $0.contains("\"a\"") && $0.contains("\"b\"") })
    }
}
