import CheckpointTrace
import Foundation
import Testing
@testable import CheckpointInterop

/// The Mermaid `sequenceDiagram` export: participants, selection, the size cap and escaping.
@Suite struct MermaidExportTests {
    /// The statements the export writes; anything else would be a syntax error or a stray line.
    static var participant: Regex<(Substring, Substring, Substring)> { /^    participant (C|T\d+) as ([^#;\n]|#\w+;)+$/ }
    static var arrow: Regex<(Substring, Substring, Substring, Substring, Substring)> { /^    (C|T\d+)(->>|-->>|--x)(C|T\d+): ([^#;\n]|#\w+;)+$/ }
    static var note: Regex<(Substring, Substring, Substring)> { /^    Note over (C|T\d+): ([^#;\n]|#\w+;)+$/ }

    /// Every line is a statement Mermaid's sequenceDiagram grammar accepts.
    static func check(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var bad: [String] = []
        if lines.first != "sequenceDiagram" { bad.append("first line: \(lines.first ?? "")") }
        if lines.last != "" { bad.append("no final newline") }
        for line in lines.dropFirst().dropLast() {
            let s = String(line)
            if (try? Self.participant.wholeMatch(in: s)) == nil, (try? Self.arrow.wholeMatch(in: s)) == nil,
               (try? Self.note.wholeMatch(in: s)) == nil { bad.append(s) }
        }
        return bad
    }

    static func arrows(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { (try? Self.arrow.wholeMatch(in: $0)) != nil }
    }

    @Test func aSequenceDiagramWithAParticipantPerTaskAndTheCoordinator() throws {
        let trace = Scenarios.tour
        let text = try MermaidExport.text(trace, maxMessages: 10_000)
        #expect(Self.check(text) == [])
        let participants = text.split(separator: "\n").filter { $0.hasPrefix("    participant ") }
        #expect(participants.map { String($0.split(separator: " as ").last!) } == ["coordinator"] + trace.header.topology!.tasks.map(\.id))
        // An arrow per protocol message that arrived (records are left out).
        let messages = MessageMatcher.messages(in: trace.events).filter { $0.kind != "record" && $0.received != nil }
        #expect(Self.arrows(text).count == messages.count)
        #expect(text.contains("Note over T6: ✖ failed"), "count[1] crashes in the tour")
    }

    @Test(arguments: [1, 2, 3])
    func aCheckpointSelectionHoldsOnlyThatCheckpointsMessages(checkpoint: Int) throws {
        let trace = try Scenarios.run(Scenarios.wordCount(), seed: 7)
        let text = try MermaidExport.text(trace, checkpoint: checkpoint)
        #expect(Self.check(text) == [])
        let arrows = Self.arrows(text)
        let expected = MessageMatcher.messages(in: trace.events).filter { $0.checkpoint == checkpoint && $0.kind != "record" && $0.received != nil }
        #expect(arrows.count == expected.count && !arrows.isEmpty)
        for a in arrows {
            let label = a.split(separator: ": ", maxSplits: 1).last!
            #expect(label.split(separator: " ").dropFirst().first == "\(checkpoint)"[...], "\(a)")
        }
        let notes = text.split(separator: "\n").filter { $0.contains("Note over") }
        for n in notes where n.contains("triggered") || n.contains("completed") || n.contains("aborted") || n.contains("snapshot") {
            #expect(n.contains(" \(checkpoint) ") || n.hasSuffix(" \(checkpoint)"), "\(n)")
        }
    }

    @Test func aStepRangeHoldsOnlyTheMessagesThatArriveInIt() throws {
        let trace = Scenarios.tour
        let text = try MermaidExport.text(trace, from: 100, to: 200)
        #expect(Self.check(text) == [])
        let expected = MessageMatcher.messages(in: trace.events).filter { m in m.kind != "record" && m.received.map { (100...200).contains($0) } == true }
        #expect(Self.arrows(text).count == expected.count && !expected.isEmpty)
    }

    @Test func theSizeCapRefusesWithAMessageNamingTheFlags() throws {
        let trace = Scenarios.tour
        let all = MessageMatcher.messages(in: trace.events).filter { $0.kind != "record" && $0.received != nil }.count
        let error = try #require(throws: ExportError.self) { try MermaidExport.text(trace, maxMessages: 10) }
        #expect(error.message.contains("\(all) messages") && error.message.contains("cap of 10"))
        #expect(error.message.contains("--max-messages \(all)"), "names the flag that raises the cap, with a value that works")
        #expect(error.message.contains("--from/--until/--checkpoint"), "--until: --to is the format flag of ckpt export")
        #expect(try MermaidExport.text(trace, maxMessages: all).hasPrefix("sequenceDiagram"))
    }

    @Test func namesWithQuotesAndSpecialCharactersStayValid() throws {
        let name = "co\"unt; #1: <x>\ny"
        let trace = try Scenarios.run(Scenarios.wordCount(name: name), seed: 1)
        #expect(trace.header.topology!.tasks.contains { $0.id == "\(name)[1]" })
        let text = try MermaidExport.text(trace, maxMessages: 10_000)
        #expect(Self.check(text) == [], "every line is one valid statement: no raw newline, ';' or '#'")
        #expect(text.contains("participant T6 as co#quot;unt#59; #35;1: #lt;x#gt; y[1]"))
        // Mermaid turns the entity codes back into the characters.
        #expect(MermaidExport.label("a;b#c\"d<e>f\r\ng") == "a#59;b#35;c#quot;d#lt;e#gt;f g")
        #expect(MermaidExport.label("decline 2\nCHECKPOINT_DECLINED") == "decline 2 CHECKPOINT_DECLINED")
    }

    @Test func aDeclineShowsItsReasonOnOneLine() throws {
        let trace = try Scenarios.run(Scenarios.wordCount(mode: "unaligned"), seed: 42)
        let text = try MermaidExport.text(trace, maxMessages: 10_000)
        #expect(Self.check(text) == [])
        #expect(text.contains("-->>C: decline") && text.contains("CHECKPOINT_DECLINED_"))
    }
}
