/// Text from a trace or a scenario made safe to show in a terminal: a control character (ESC, BEL,
/// a carriage return, C1 controls, DEL) is shown escaped as `\u{1b}`, so an untrusted name cannot
/// retitle, clear or move the user's terminal.
public enum TerminalText {
    /// `text` with every control character but a newline and a tab escaped. With `keepingColor`,
    /// an SGR colour sequence (`ESC [ digits ; … m`) is kept as it is: the one kind the tool's own
    /// styling writes, and one that can only change colours.
    public static func escaped(_ text: String, keepingColor: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if keepingColor, s == "\u{1B}", let end = colorSequenceEnd(scalars, from: i) {
                out.append(contentsOf: scalars[i...end])
                i = end + 1
                continue
            }
            if isControl(s) {
                out.append(contentsOf: "\\u{\(String(s.value, radix: 16))}".unicodeScalars)
            } else {
                out.append(s)
            }
            i += 1
        }
        return String(out)
    }

    /// A character a terminal acts on instead of showing; newline and tab are layout, not controls.
    static func isControl(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F, 0x80...0x9F: true
        default: false
        }
    }

    /// The index of the `m` that ends an SGR sequence starting at `start`, or nil.
    static func colorSequenceEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 1 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var j = start + 2
        while j < scalars.count, j - start < 32 {
            let c = scalars[j]
            if c == "m" { return j }
            guard ("0"..."9").contains(c) || c == ";" else { return nil }
            j += 1
        }
        return nil
    }
}
