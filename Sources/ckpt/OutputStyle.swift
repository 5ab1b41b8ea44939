import Foundation
import Rainbow

/// Whether to colour terminal output: not with NO_COLOR, --no-color, or a non-terminal stdout.
struct OutputStyle {
    let color: Bool

    init(noColor: Bool) {
        let env = ProcessInfo.processInfo.environment
        color = !noColor && env["NO_COLOR"] == nil && isatty(STDOUT_FILENO) == 1
        Output.keepsColor = color
    }

    func good(_ s: String) -> String { color ? s.green : s }
    func bad(_ s: String) -> String { color ? s.red.bold : s }
    func dim(_ s: String) -> String { color ? s.dim : s }
    func bold(_ s: String) -> String { color ? s.bold : s }
}
