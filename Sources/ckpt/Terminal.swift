import Foundation
import Rainbow
import CheckpointReplay

/// The terminal for the interactive player: raw mode, the alternate screen, size, and restoring
/// everything on exit, on Ctrl-C and on SIGTERM (a signal handler cannot reach Swift objects,
/// so the saved settings live in globals).
enum Terminal {
    nonisolated(unsafe) private static var saved = termios()
    nonisolated(unsafe) private static var active = false
    /// Set by the SIGWINCH handler; the player loop redraws and clears it.
    nonisolated(unsafe) static var resized: sig_atomic_t = 0

    /// The terminal's size, else `COLUMNS`/`LINES`, else 80×24.
    static func size() -> (width: Int, height: Int) {
        var w = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &w) == 0, w.ws_col > 0, w.ws_row > 0 {
            return (Int(w.ws_col), Int(w.ws_row))
        }
        let env = ProcessInfo.processInfo.environment
        return (env["COLUMNS"].flatMap(Int.init) ?? 80, env["LINES"].flatMap(Int.init) ?? 24)
    }

    static var isInteractive: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Raw input (no echo, no line buffering, Ctrl-C as a key), alternate screen, hidden cursor.
    /// Reads return after at most 0.1 s so that a resize is noticed.
    static func enter() {
        guard !active, tcgetattr(STDIN_FILENO, &saved) == 0 else { return }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | BRKINT | INPCK | ISTRIP)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 0
            cc[Int(VTIME)] = 1
        }
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw)
        active = true
        write("\u{1B}[?1049h\u{1B}[?25l")
        signal(SIGWINCH) { _ in Terminal.resized = 1 }
        // Should a signal still come (kill -INT, kill -TERM, a hangup), put the terminal back first.
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { s in
                Terminal.restore()
                _exit(128 + s)
            }
        }
        atexit { Terminal.restore() }
    }

    /// Leaves the alternate screen, shows the cursor, restores the saved settings. Only
    /// async-signal-safe calls (write, tcsetattr), since the signal handlers call it.
    static func restore() {
        guard active else { return }
        active = false
        let bytes: [UInt8] = Array("\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l".utf8)
        bytes.withUnsafeBufferPointer { _ = Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
    }

    /// The bytes available now (empty after the 0.1 s timeout).
    static func readKeys() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 64)
        let n = buffer.withUnsafeMutableBytes { Foundation.read(STDIN_FILENO, $0.baseAddress, 64) }
        return n > 0 ? Array(buffer[0..<n]) : []
    }

    static func write(_ s: String) {
        let bytes = Array(s.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBufferPointer { Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            offset += n
        }
    }

    /// Paints a whole screen: home, each line cleared to its end.
    static func paint(_ lines: [StyledLine], color: Bool) {
        var out = "\u{1B}[H"
        for (i, line) in lines.enumerated() {
            out += TerminalPaint.text(line, color: color) + "\u{1B}[K"
            if i < lines.count - 1 { out += "\r\n" }
        }
        write(out)
    }
}

/// Turns styled lines into text, with ANSI colours (through Rainbow) or without.
enum TerminalPaint {
    static func text(_ line: StyledLine, color: Bool) -> String {
        guard color else { return line.plain }
        return line.spans.map { paint($0) }.joined()
    }

    static func paint(_ span: Span) -> String {
        let t = span.text
        switch span.style {
        case .plain: return t
        case .bold: return t.bold
        case .dim: return t.dim
        case .title: return t.cyan.bold
        case .highlight: return t.black.onYellow
        case .status(let s):
            switch s {
            case .running: return t.green
            case .aligning: return t.yellow.bold
            case .snapshotting: return t.blue.bold
            case .failed: return t.red.bold
            case .restoring: return t.magenta
            case .finished: return t.dim
            }
        case .record: return t
        case .barrier: return t.yellow.bold
        case .cancel: return t.red
        case .rpc: return t.cyan
        case .good: return t.green
        case .bad: return t.red
        case .note: return t.magenta
        case .prompt: return t.yellow
        }
    }
}
