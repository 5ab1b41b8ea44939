import CheckpointCore
import CheckpointReplay
import CheckpointTrace

/// A lesson as plain text: the intro, every event of its trace with the narration inline, and
/// each question with its answer (`ckpt lesson ID --print`, for CI and for reading).
public enum LessonTranscript {
    /// The walk through the trace. `brief` keeps only the events that carry narration and the
    /// lines counting the ones skipped in between.
    public static func lines(_ run: LessonRun, narration: LessonNarration, brief: Bool = false, width: Int = 80) -> [String] {
        let lesson = run.lesson
        var out = ["Lesson \(lesson.number): \(lesson.scenario.title)"]
        out.append(String(repeating: "=", count: min(width, out[0].count)))
        let s = lesson.scenario
        out.append("mode \(s.mode.rawValue), seed \(s.seed)" + (s.mutant.map { ", with the deliberate bug '\($0.rawValue)'" } ?? ""))
        if let intro = s.intro { out.append(""); out += wrap(intro, width: width, indent: "") }
        out.append("")
        var byStep: [Int: [LessonNarration.Placed]] = [:]
        for p in narration.placed { if let step = p.step { byStep[step, default: []].append(p) } }
        var skipped = 0
        for e in run.trace.events {
            let here = byStep[e.seq + 1] ?? []
            if brief && here.isEmpty { skipped += 1; continue }
            if skipped > 0 { out.append("  … \(skipped) event\(skipped == 1 ? "" : "s") …"); skipped = 0 }
            out.append("  " + StateText.eventLine(e))
            for p in here { out += block(p.narration, width: width) }
        }
        if skipped > 0 { out.append("  … \(skipped) event\(skipped == 1 ? "" : "s") …") }
        return out
    }

    /// One narration entry: its text, or its question with the choices, the answer and why.
    static func block(_ n: Narration, width: Int) -> [String] {
        var out: [String] = []
        if let say = n.say { out += wrap(say, width: width, indent: "  » ") }
        if let ask = n.ask {
            out += wrap("Predict: " + ask, width: width, indent: "  ? ")
            for (i, c) in n.choices.enumerated() { out += wrap("\(i + 1)) \(c)", width: width, indent: "      ") }
            if let a = n.answer, n.choices.indices.contains(a) {
                out += wrap("Answer: \(a + 1)) \(n.choices[a])" + (n.explain.map { ". " + $0 } ?? ""), width: width, indent: "    ✓ ")
            }
        }
        return out
    }

    /// `text` wrapped to `width` columns, the lines after the first aligned under its text.
    static func wrap(_ text: String, width: Int, indent: String) -> [String] {
        TextWrap.lines(text, width: width, indent: indent, continuation: String(repeating: " ", count: indent.count))
    }
}
