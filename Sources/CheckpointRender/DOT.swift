/// Building DOT text: quoting that no task name, reason or record can break, and a palette.
public enum DOT {
    /// A DOT double-quoted string: backslashes, quotes and line breaks escaped, other control
    /// characters dropped (Graphviz escapes `<>&` itself when it writes SVG).
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r", "\t": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A stable identifier from any text (for node ids).
    public static func id(_ text: String) -> String {
        "n" + String(text.unicodeScalars.map { s -> String in
            s.properties.isAlphabetic || ("0"..."9").contains(s) ? String(s) : "_\(s.value)_"
        }.joined())
    }

    /// Checkpoint colours: distinct, readable on white, cycled by id.
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]

    public static func color(checkpoint: Int?) -> String {
        guard let id = checkpoint, id > 0 else { return "#555555" }
        return palette[(id - 1) % palette.count]
    }

    /// Formats a coordinate with two decimals at most (stable text).
    static func number(_ v: Double) -> String {
        let r = (v * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
