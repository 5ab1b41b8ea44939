import CheckpointTrace
import Foundation
import Testing
@testable import CheckpointInterop

/// The ShiViz export: the regex parses every entry, the vector clocks are JSON and follow the
/// trace's message causality.
@Suite struct ShiVizExportTests {
    /// One parsed log entry.
    struct Entry { var host: String; var clock: [String: Int]; var event: String }

    /// Parses an export the way ShiViz does: line 1 the regex, line 2 the (empty) delimiter, then the
    /// log, matched by the regex over and over; fails if a part of the log is not matched.
    static func parse(_ text: String) throws -> [Entry] {
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        try #require(lines.count == 3)
        #expect(String(lines[0]) == ShiVizExport.regex && lines[1].isEmpty)
        let log = String(lines[2])
        let regex = try NSRegularExpression(pattern: String(lines[0]))
        var entries: [Entry] = []
        var covered = log.startIndex
        for m in regex.matches(in: log, range: NSRange(log.startIndex..., in: log)) {
            let range = Range(m.range, in: log)!
            #expect(log[covered..<range.lowerBound].allSatisfy { $0.isNewline }, "unmatched text: \(log[covered..<range.lowerBound].prefix(80))")
            covered = range.upperBound
            func group(_ name: String) -> String { String(log[Range(m.range(withName: name), in: log)!]) }
            let json = try JSONSerialization.jsonObject(with: Data(group("clock").utf8))
            let clock = try #require(json as? [String: Int], "a clock is a JSON object of host → integer")
            entries.append(Entry(host: group("host"), clock: clock, event: group("event")))
        }
        #expect(log[covered...].allSatisfy { $0.isNewline })
        return entries
    }

    /// Every causality rule ShiViz checks, for one trace, as sentences (empty: all hold).
    static func problems(_ trace: Trace) throws -> [String] {
        let entries = try parse(ShiVizExport.text(trace))
        var problems: [String] = []
        if entries.count != trace.events.count { problems.append("\(entries.count) entries for \(trace.events.count) events") }
        var last: [String: Int] = [:]
        for (i, e) in entries.enumerated() {
            guard let own = e.clock[e.host] else { problems.append("entry \(i): host \(e.host) missing from its clock"); continue }
            if own != last[e.host, default: 0] + 1 { problems.append("entry \(i): \(e.host) went from \(last[e.host, default: 0]) to \(own)") }
            last[e.host] = own
            if !e.event.hasPrefix(trace.events[i].typeName) { problems.append("entry \(i): event \(e.event)") }
        }
        for m in MessageMatcher.messages(in: trace.events) {
            guard let r = m.received, entries.count == trace.events.count else { continue }
            let send = entries[m.sent], receive = entries[r]
            if send.host != ShiVizExport.hostName(TraceEvent(type: .recordSent, actor: m.from)) || receive.host != ShiVizExport.hostName(TraceEvent(type: .recordSent, actor: m.to)) {
                problems.append("\(m.label) on \(m.channel): sent at \(send.host), received at \(receive.host)")
            }
            // Happened-before: the receive's clock dominates the send's.
            if !send.clock.allSatisfy({ receive.clock[$0.key, default: 0] >= $0.value }) {
                problems.append("\(m.label) on \(m.channel): receive clock \(receive.clock) does not dominate send clock \(send.clock)")
            }
        }
        return problems
    }

    @Test func theRegexParsesEveryEntryAndTheClocksFollowCausality() throws {
        for (name, trace) in try Scenarios.variety() {
            #expect(try Self.problems(trace) == [], "\(name)")
        }
    }

    @Test func aTriggerIsSentByTheCoordinatorAndItsClockReachesTheSource() throws {
        let trace = Scenarios.tour
        let entries = try Self.parse(ShiVizExport.text(trace))
        let sent = try #require(trace.events.first { $0.type == .triggerSent })
        let received = try #require(trace.events.first { $0.type == .triggerReceived && $0.task == sent.task })
        #expect(entries[sent.seq].host == "coordinator", "trigger-sent names its recipient in 'task', but the coordinator sends it")
        #expect(entries[received.seq].host == sent.task)
        #expect(entries[received.seq].clock["coordinator"] == entries[sent.seq].clock["coordinator"])
        // The first ack the coordinator takes in knows of the trigger it sent before.
        let ack = try #require(trace.events.first { $0.type == .ackReceived })
        #expect(entries[ack.seq].host == "coordinator" && entries[ack.seq].clock[ack.task!]! >= 1)
    }

    @Test func namesWithSpacesAndNewlinesKeepOneEntryPerEvent() throws {
        let trace = try Scenarios.run(Scenarios.wordCount(name: "word count\n\"x\""), seed: 7)
        #expect(try Self.problems(trace) == [])
        let hosts = Set(try Self.parse(ShiVizExport.text(trace)).map(\.host))
        #expect(hosts.contains("word_count_\"x\"[1]"))
        #expect(hosts.count == 9, "the coordinator and 8 tasks")
    }

    @Test func clocksAreComputedPerEventInTraceOrder() throws {
        let trace = try Scenarios.run(Scenarios.wordCount(mode: "at-least-once"), seed: 1)
        let clocks = ShiVizExport.clocks(trace)
        #expect(clocks.count == trace.events.count)
        #expect(clocks.first == [ShiVizExport.hostName(trace.events[0]): 1], "the first event knows only of itself")
        // By the end every task has heard from the coordinator (the final checkpoint's notify-complete).
        for task in trace.header.topology!.tasks.map(\.id) {
            let last = try #require(trace.events.lastIndex { $0.actor == task })
            #expect(clocks[last]["coordinator", default: 0] >= 1, "\(task)")
        }
    }
}
