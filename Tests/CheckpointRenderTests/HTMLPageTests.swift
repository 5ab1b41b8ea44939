import CheckpointReplay
import CheckpointTrace
import Testing
@testable import CheckpointRender

/// The step-through web page: escaping of hostile names, determinism, the state of every step,
/// the stored line edits, and what the script finds in the SVG. (Its behaviour in a browser is
/// checked by scripts/browser-check.py.)
@Suite(.serialized) struct HTMLPageTests {
    static func page(_ trace: Trace, annotations: StepAnnotations = StepAnnotations(), title: String? = nil) throws -> String {
        let diagram = SequenceDiagram.dot(trace, HTMLPage.selection(data: true))
        let svg = try Graphviz.render(dot: diagram, engine: "nop2", format: .svg)
        return HTMLPage.html(trace: trace, svg: svg, data: HTMLPageData(trace: trace, annotations: annotations), title: title)
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// The part of the page between the data script's tags.
    static func dataScript(_ page: String) -> String {
        let open = #"<script type="application/json" id="ckpt-data">"#
        let start = page.range(of: open)!.upperBound
        return String(page[start..<page[start...].range(of: "</script>")!.lowerBound])
    }

    @Test func theSamePageForTheSameTrace() throws {
        let a = try Self.page(RenderTests.trace())
        #expect(a == (try Self.page(RenderTests.trace())))
        #expect(a.hasPrefix("<!DOCTYPE html>"))
    }

    @Test func hostileNamesStayText() throws {
        let task = "b</script><script>alert(1)</script>\"'\n&ü[0]"
        let record = "<img src=x onerror=alert(2)>\u{2028}"
        let notes = [3: "</script><b onmouseover=alert(3)>"]
        let questions = [5: PlayerQuestion(prompt: "<script>", choices: ["</script>", "\"><svg onload=x>"], answer: 1, explain: "<!--")]
        let page = try Self.page(RenderTests.trace(taskName: task, record: record),
                                 annotations: StepAnnotations(notes: notes, questions: questions), title: "<i>title</i>")
        #expect(Self.count("<script", in: page) == 2, "the data and the script, nothing injected")
        #expect(Self.count("</script>", in: page) == 2)
        #expect(!page.contains("<img"))
        #expect(!page.contains("<b "))
        #expect(!page.contains("<svg onload"))
        #expect(!page.contains("<i>"))
        #expect(page.contains("<h1>&lt;i&gt;title&lt;/i&gt;</h1>"))
        let data = Self.dataScript(page)
        #expect(!data.contains("<") && !data.contains(">") && !data.contains("&"))
        #expect(!data.unicodeScalars.contains("\u{2028}"))
        let parsed = try JSONParser.parse(Array(data.utf8))
        guard case .object(let root) = parsed, case .array(let lines)? = root["lines"] else { Issue.record("no lines"); return }
        #expect(lines.contains { if case .string(let s) = $0 { return s.contains("alert(1)</script>") } else { return false } },
                "the name arrives whole once the script has read the JSON")
    }

    @Test func everyStepHoldsTheReplayedState() {
        let trace = RenderTests.trace()
        let data = HTMLPageData(trace: trace)
        var replayer = Replayer(trace: trace)
        #expect(data.steps.count == trace.events.count + 1)
        for step in 0...trace.events.count {
            let lines = StateText.lines(replayer.state(at: step), total: trace.events.count, header: trace.header,
                                        event: step > 0 ? trace.events[step - 1] : nil)
            #expect(data.stateText(at: step) == lines.map { TerminalText.escaped($0) }.joined(separator: "\n"))
        }
        #expect(data.checkpointSteps == [1, trace.events.count])
    }

    /// What the page's script does with an entry of `lines` (JavaScript's slice counts UTF-16 units).
    static func resolve(_ entries: [JSONValue], _ i: Int) -> [UInt16] {
        switch entries[i] {
        case .string(let s): return Array(s.utf16)
        case .array(let edit):
            guard case .int(let base) = edit[0], case .int(let keep) = edit[1], case .string(let middle) = edit[2],
                  case .int(let keepEnd) = edit[3] else { return [] }
            let b = resolve(entries, base)
            return Array(b[..<keep]) + Array(middle.utf16) + Array(b[(b.count - keepEnd)...])
        default: return []
        }
    }

    @Test func lineEditsRebuildEveryLine() {
        var generator = SplitMix(seed: 20)
        let alphabet: [String] = ["a", "b", " ", "\"", "ü", "😀", "\\", "="]
        var current = ["header", String(repeating: "x", count: 80)]
        var edits = LineEdits()
        var lines: [String] = [], previous: [Int] = []
        for _ in 0..<400 {
            var row: [Int] = []
            for (position, line) in current.enumerated() {
                edits.add(line, near: position, in: previous)
                lines.append(line)
                row.append(lines.count - 1)
            }
            previous = row
            // Grow, shrink at the head, or change the middle of the long line, as channels do.
            var long = Array(current[1])
            let piece = Array((0..<Int(generator.next() % 4 + 1)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined())
            switch generator.next() % 3 {
            case 0: long += piece
            case 1: if long.count > 3 { long.removeFirst(2) }
            default: long.insert(contentsOf: piece, at: long.count / 2)
            }
            current = ["step \(lines.count)", String(long)]
        }
        let entries = edits.entries
        #expect(entries.count == lines.count)
        for i in lines.indices {
            #expect(Self.resolve(entries, i) == Array(lines[i].utf16), "line \(i)")
        }
        #expect(entries.contains { if case .array = $0 { return true } else { return false } }, "long lines are stored as edits")
    }

    @Test func editsNeverSplitASurrogatePair() {
        let (keep, keepEnd) = LineEdits.kept(Array("ab😀cd".utf16), Array("ab😁cd".utf16))
        #expect(keep == 2 && keepEnd == 2)
    }

    @Test func theScriptFindsEventsAndCuts() throws {
        let trace = RenderTests.trace()
        let svg = try Graphviz.render(dot: SequenceDiagram.dot(trace, HTMLPage.selection(data: true)), engine: "nop2", format: .svg)
        let text = String(decoding: svg, as: UTF8.self)
        #expect(HTMLPage.cutCheckpoints(in: svg) == [1])
        for e in trace.events where e.type == .checkpointTriggered || e.type == .checkpointCompleted {
            #expect(text.contains("ev s&#45;\(e.seq)\""), "event \(e.seq) is tagged")
        }
        let inline = HTMLPage.inlineSVG(Array("<?xml version=\"1.0\"?><!DOCTYPE svg><!-- a --><svg><!-- b --><g/></svg>".utf8))
        #expect(inline == "<svg><g/></svg>")
    }
}

/// A small seeded generator, so the edit test is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
