/// A key press the player understands, decoded from terminal bytes or from `--keys` words.
public enum PlayerKey: Sendable, Hashable {
    case char(Character)
    case left, right, up, down
    case enter, escape, backspace
    /// Ctrl-C (in raw mode it arrives as a byte, not as SIGINT).
    case interrupt

    /// Decodes raw terminal input (arrow escape sequences, Enter, Backspace, Ctrl-C, UTF-8 text).
    public static func decode(_ bytes: [UInt8]) -> [PlayerKey] {
        var keys: [PlayerKey] = []
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x1B {
                // ESC [ params final, or ESC O final: arrows are finals A-D; a lone ESC is Escape.
                if i + 1 < bytes.count, bytes[i + 1] == 0x5B || bytes[i + 1] == 0x4F {
                    var j = i + 2
                    while j < bytes.count, (0x30...0x3F).contains(bytes[j]) { j += 1 }
                    if j < bytes.count {
                        switch bytes[j] {
                        case 0x41: keys.append(.up)
                        case 0x42: keys.append(.down)
                        case 0x43: keys.append(.right)
                        case 0x44: keys.append(.left)
                        default: break
                        }
                    }
                    i = j + 1
                    continue
                }
                keys.append(.escape); i += 1; continue
            }
            switch b {
            case 0x0D, 0x0A: keys.append(.enter); i += 1
            case 0x7F, 0x08: keys.append(.backspace); i += 1
            case 0x03: keys.append(.interrupt); i += 1
            case 0x00..<0x20: i += 1
            default:
                // One UTF-8 scalar: its length from the lead byte.
                let length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                let end = min(bytes.count, i + length)
                if let s = String(validating: bytes[i..<end], as: UTF8.self), let c = s.first { keys.append(.char(c)) }
                i = end
            }
        }
        return keys
    }

    /// Parses `--keys` words: single characters (`n`, `c`, `:`), names (`right`, `left`,
    /// `space`, `enter`, `esc`, `backspace`, `up`, `down`), or a prompt with its text
    /// (`:120` = go to step 120, `/ack-sent` = search), which is typed and committed with Enter.
    /// Returns nil and the offending word when one is not understood.
    public static func parse(words: String) -> Result<[PlayerKey], KeyWordError> {
        var keys: [PlayerKey] = []
        for word in words.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
            switch word.lowercased() {
            case "right": keys.append(.right); continue
            case "left": keys.append(.left); continue
            case "up": keys.append(.up); continue
            case "down": keys.append(.down); continue
            case "space": keys.append(.char(" ")); continue
            case "enter", "return": keys.append(.enter); continue
            case "esc", "escape": keys.append(.escape); continue
            case "backspace": keys.append(.backspace); continue
            case "ctrl-c": keys.append(.interrupt); continue
            default: break
            }
            if word.count == 1 { keys.append(.char(word.first!)); continue }
            if let first = word.first, first == ":" || first == "/" {
                keys.append(contentsOf: word.map { .char($0) })
                keys.append(.enter)
                continue
            }
            return .failure(KeyWordError(word: String(word)))
        }
        return .success(keys)
    }
}

/// A `--keys` word that names no key.
public struct KeyWordError: Error, Sendable, Equatable {
    public var word: String
}
