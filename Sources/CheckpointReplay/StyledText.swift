import CheckpointTrace

/// How a piece of screen text should look; the terminal maps styles to colours (or to nothing).
public enum TextStyle: Sendable, Hashable {
    case plain, bold, dim, title
    /// The current event's line.
    case highlight
    case status(TaskStatus)
    case record, barrier, cancel, rpc
    case good, bad, note, prompt
}

/// A run of text in one style.
public struct Span: Sendable, Hashable {
    public var text: String
    public var style: TextStyle
    /// A span of `text`, its control characters escaped: what a trace says is shown, never acted on.
    public init(_ text: String, _ style: TextStyle = .plain) { self.text = TerminalText.escaped(text); self.style = style }
}

/// One screen line: spans left to right.
public struct StyledLine: Sendable, Hashable {
    public var spans: [Span]
    public init(_ spans: [Span] = []) { self.spans = spans }
    public init(_ text: String, _ style: TextStyle = .plain) { spans = [Span(text, style)] }

    public var plain: String { spans.map(\.text).joined() }
    public var width: Int { spans.reduce(0) { $0 + $1.text.count } }

    public mutating func append(_ text: String, _ style: TextStyle = .plain) { spans.append(Span(text, style)) }

    /// The line cut to at most `width` characters (a cut line ends in `…`).
    public func fitted(_ width: Int) -> StyledLine {
        guard self.width > width, width > 0 else { return width > 0 ? self : StyledLine() }
        var out = StyledLine()
        var left = width - 1
        for span in spans {
            if left <= 0 { break }
            if span.text.count <= left { out.spans.append(span); left -= span.text.count }
            else { out.spans.append(Span(String(span.text.prefix(left)), span.style)); left = 0 }
        }
        out.spans.append(Span("…", .dim))
        return out
    }

    /// Splits plain text into lines of at most `width` characters at spaces (see `TextWrap.lines`).
    public static func wrap(_ text: String, width: Int, style: TextStyle, indent: String = "", continuation: String? = nil) -> [StyledLine] {
        TextWrap.lines(text, width: width, indent: indent, continuation: continuation).map { StyledLine($0, style).fitted(width) }
    }
}

/// Word wrapping of plain text, for the player's screen and for lesson transcripts.
public enum TextWrap {
    /// Lines of at most `width` characters, broken at spaces and newlines: the first starts with
    /// `indent`, the others with `continuation` (default: `indent` again). A word longer than the
    /// width stays whole on a line of its own. No lines for empty text.
    public static func lines(_ text: String, width: Int, indent: String = "", continuation: String? = nil) -> [String] {
        var lines: [String] = []
        var current = indent, lead = indent
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if current.count > lead.count, current.count + 1 + word.count > width {
                lines.append(current)
                lead = continuation ?? indent
                current = lead
            }
            current += (current.count > lead.count ? " " : "") + word
        }
        if current.count > lead.count { lines.append(current) }
        return lines
    }
}
