import CheckpointReplay
import CheckpointTrace

/// The step-through web page of a trace (`ckpt render --format html`, `ckpt lesson --html`): one
/// self-contained HTML file with the space-time diagram Graphviz drew, the state at every step,
/// controls and keys, and a lesson's narration and questions; no network, no other file.
public enum HTMLPage {
    /// The sequence diagram's selection the page is drawn with: every event tagged with its step.
    public static func selection(data: Bool) -> RenderSelection {
        var sel = RenderSelection()
        sel.data = data
        sel.tagSteps = true
        return sel
    }

    /// The page for `trace`, around `svg` (the sequence diagram rendered with `selection(data:)`).
    public static func html(trace: Trace, svg: [UInt8], data: HTMLPageData, title: String? = nil) -> String {
        let heading = title ?? scenarioTitle(trace) ?? "\(trace.header.scenario): step through"
        let cuts = cutCheckpoints(in: svg)
        var page = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
        <meta name="generator" content="ckpt \(escaped(ProgramVersion.current))">
        <title>\(escaped(heading))</title>
        <style>\(HTMLPageScript.css)</style>
        </head>
        <body>
        <header>
        <h1>\(escaped(heading))</h1>
        <p class="sub">\(escaped(summary(trace)))</p>
        <nav id="controls">
        <button id="first" title="Home: step 0">first</button>
        <button id="prevcp" title="p: previous checkpoint event">◀ cp</button>
        <button id="back" title="←: one step back">◀</button>
        <button id="fwd" title="→: one step forward">▶</button>
        <button id="nextcp" title="n: next checkpoint event">cp ▶</button>
        <button id="last" title="End: the last step">last</button>
        <button id="play" title="space: play or pause">play</button>
        <label>speed <select id="speed">
        <option value="1">1 step/s</option><option value="4" selected>4 steps/s</option><option value="10">10 steps/s</option>
        <option value="30">30 steps/s</option><option value="100">100 steps/s</option></select></label>
        <form id="goto"><label>step <input id="stepno" type="number" min="0" max="\(data.steps.count - 1)" value="0"></label>
        <span id="total">/ \(data.steps.count - 1)</span> <button type="submit">go</button></form>
        <input id="slider" type="range" min="0" max="\(data.steps.count - 1)" value="0" aria-label="step">
        </nav>
        <p id="cuts">\(cuts.isEmpty ? "" : "consistent cuts:")
        """
        for k in cuts {
            page += "<label><input type=\"checkbox\" class=\"cuttoggle\" value=\"\(k)\" checked> cut \(k)</label> "
        }
        page += """
        </p>
        </header>
        <main>
        <section id="diagram" aria-label="space-time diagram">
        \(inlineSVG(svg))
        </section>
        <aside id="panel">
        <div id="note" hidden></div>
        <div id="question" hidden></div>
        <div id="state" role="region" aria-label="state at this step"></div>
        <details id="keys" open><summary>keys</summary>
        <table>
        <tr><td>→ / ←</td><td>one step forward / back</td></tr>
        <tr><td>n / p</td><td>next / previous checkpoint event (triggered, completed, aborted)</td></tr>
        <tr><td>f</td><td>next failure or restore</td></tr>
        <tr><td>] / [</td><td>next / previous narration or question</td></tr>
        <tr><td>space</td><td>play / pause</td></tr>
        <tr><td>Home / End</td><td>first / last step</td></tr>
        <tr><td>g</td><td>go to a step (the step box)</td></tr>
        </table>
        <p>The address keeps the step: <code>#step=N</code> opens the page at step N.
        Step N is the state after N events, as <code>ckpt replay TRACE --at N --print</code> prints it.</p>
        </details>
        </aside>
        </main>
        <script type="application/json" id="ckpt-data">\(scriptJSON(data.json))</script>
        <script>\(HTMLPageScript.js)</script>
        </body>
        </html>

        """
        return page
    }

    /// The scenario's title, which `ckpt run` writes into the trace's header.
    static func scenarioTitle(_ trace: Trace) -> String? {
        if case .string(let t)? = trace.header.extra?["title"], !t.isEmpty { return t }
        return nil
    }

    /// One line under the title: scenario, mode, events, seed.
    static func summary(_ trace: Trace) -> String {
        var parts = ["\(trace.events.count) events", "mode \(trace.header.mode ?? "imported")"]
        if let seed = trace.header.seed { parts.append("seed \(seed)") }
        return "Scenario \(trace.header.scenario): " + parts.joined(separator: ", ")
            + ". Later events are dimmed; the current one is outlined."
    }

    /// The checkpoints whose consistent cut the diagram draws (classes `cut-K`).
    static func cutCheckpoints(in svg: [UInt8]) -> [Int] {
        var found = Set<Int>()
        // Graphviz writes a class's '-' as "&#45;".
        let marker = Array(" cut cut&#45;".utf8)
        var at = 0
        while let hit = firstIndex(of: marker, in: svg, from: at) {
            var i = hit + marker.count, k = 0, digits = 0
            while i < svg.count, svg[i] >= 0x30, svg[i] <= 0x39, digits < 18 {
                k = k * 10 + Int(svg[i] - 0x30); i += 1; digits += 1
            }
            if digits > 0 { found.insert(k) }
            at = i
        }
        return found.sorted()
    }

    /// Graphviz's SVG document as an element to put inline: the XML declaration, the doctype and
    /// the comments go; what is left is Graphviz's markup, its text already escaped.
    static func inlineSVG(_ svg: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(svg.count)
        var at = firstIndex(of: Array("<svg".utf8), in: svg, from: 0) ?? 0
        let open = Array("<!--".utf8), close = Array("-->".utf8)
        while let start = firstIndex(of: open, in: svg, from: at) {
            out += svg[at..<start]
            guard let end = firstIndex(of: close, in: svg, from: start + open.count) else { at = svg.count; break }
            at = end + close.count
        }
        out += svg[at...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Where `needle` first occurs in `bytes` at or after `from` (byte search: a Swift String's
    /// search would cost the document's length at each step).
    static func firstIndex(of needle: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var i = from
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Text for HTML content or an attribute value.
    public static func escaped(_ text: String) -> String {
        replacing(text, ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"])
    }

    /// JSON safe inside `<script>`: no `<`, `>` or `&` (so no `</script>` or `<!--`), and no
    /// U+2028/U+2029, which old script parsers take for line ends.
    public static func scriptJSON(_ value: JSONValue) -> String {
        replacing(JSONWriter.string(value), ["<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                             "\u{2028}": "\\u2028", "\u{2029}": "\\u2029"])
    }

    /// `text` with each of `replacements`' scalars written as its replacement.
    static func replacing(_ text: String, _ replacements: [Unicode.Scalar: String]) -> String {
        guard text.unicodeScalars.contains(where: { replacements[$0] != nil }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 64)
        for c in text.unicodeScalars {
            if let r = replacements[c] { out += r } else { out.unicodeScalars.append(c) }
        }
        return out
    }
}
