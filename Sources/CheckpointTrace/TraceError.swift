/// A problem in an input file, with its position: printed as `FILE:LINE:COL: message`.
public struct InputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file; self.line = line; self.column = column; self.message = message
    }

    /// One line, always: control characters in the message (a hostile key or value) are escaped.
    public var description: String {
        var text = ""
        for scalar in "\(file):\(line):\(column): \(message)".unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7F { text += "\\u{\(String(scalar.value, radix: 16))}" } else { text.unicodeScalars.append(scalar) }
        }
        return text
    }
}
