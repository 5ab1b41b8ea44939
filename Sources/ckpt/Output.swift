import CheckpointTrace
import Foundation

/// Every byte ckpt writes, to a file or to stdout, goes through here: a failed write (a full disk,
/// a closed pipe, an I/O error) is a one-line error naming the file and exit code 2, never a trap,
/// and no temporary file is left behind.
enum Output {
    /// Whether stdout text keeps the tool's own colour sequences (set once the style is known).
    nonisolated(unsafe) static var keepsColor = false

    /// Text printed but not yet written to stdout.
    nonisolated(unsafe) private static var buffered: [UInt8] = []
    private static let standardOutput = DescriptorWriter(descriptor: STDOUT_FILENO, name: "stdout")

    /// Writes text to stdout (buffered), its control characters escaped; a failed write ends the
    /// program with the error.
    static func print(_ text: String) {
        buffered.append(contentsOf: TerminalText.escaped(text, keepingColor: keepsColor).utf8)
        if buffered.count >= 1 << 16 {
            do { try flush() } catch { fail(error) }
        }
    }

    /// Writes bytes to stdout as they are (a trace, an SVG), after what `print` buffered.
    static func writeToStandardOutput(_ bytes: [UInt8]) throws(UsageFailure) {
        try flush()
        try standardOutput.write(bytes)
    }

    /// Writes what `print` buffered.
    static func flush() throws(UsageFailure) {
        guard !buffered.isEmpty else { return }
        let bytes = buffered
        buffered.removeAll(keepingCapacity: true)
        try standardOutput.write(bytes)
    }

    /// Writes a line to stderr; there is nowhere to report its own failure, so none is.
    static func warn(_ line: String) {
        let bytes = Array((TerminalText.escaped(line) + "\n").utf8)
        _ = DescriptorWriter(descriptor: STDERR_FILENO, name: "stderr").writeIgnoringErrors(bytes)
    }

    /// Writes progress to stderr as it is (carriage returns and clear-line included).
    static func progress(_ text: String) {
        _ = DescriptorWriter(descriptor: STDERR_FILENO, name: "stderr").writeIgnoringErrors(Array(text.utf8))
    }

    /// Writes what is buffered at the end of a command; text that could not be written is an error.
    static func finish() throws(UsageFailure) {
        try flush()
    }

    /// Ends the program on an error found where it cannot be thrown (inside a trace sink):
    /// removes every temporary file, prints the one-line error, exits 2.
    static func fail(_ failure: UsageFailure) -> Never {
        AtomicFileWriter.removeAllPending()
        warn("error: " + failure.description)
        exit(2)
    }

    /// Removes temporary files and exits with 128 + the signal's number on Ctrl-C, SIGTERM and
    /// SIGHUP; a closed pipe is an error of the write, not a signal.
    static func installSignalHandlers() {
        signal(SIGPIPE, SIG_IGN)
        for sig in [SIGINT, SIGTERM, SIGHUP] {
            signal(sig) { s in
                AtomicFileWriter.removeAllPending()
                _exit(128 + s)
            }
        }
    }
}

/// Writes whole buffers to a file descriptor, retrying short and interrupted writes.
struct DescriptorWriter {
    let descriptor: Int32
    /// What an error names: the path, or stdout.
    let name: String

    func write(_ bytes: [UInt8]) throws(UsageFailure) {
        if let code = writeIgnoringErrors(bytes) {
            throw UsageFailure("\(name): cannot write: \(Self.describe(code))")
        }
    }

    /// Writes everything, or returns the errno that stopped it.
    func writeIgnoringErrors(_ bytes: [UInt8]) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBufferPointer { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if n == 0 { return EIO }
            offset += n
        }
        return nil
    }

    /// An errno in words, the common ones said plainly.
    static func describe(_ code: Int32) -> String {
        switch code {
        case ENOSPC: "no space left on the device (ENOSPC)"
        case EPIPE: "the reader closed the pipe (EPIPE)"
        case EIO: "an input/output error (EIO)"
        case EDQUOT: "the disk quota is exhausted (EDQUOT)"
        case EFBIG: "the file is too large (EFBIG)"
        default: String(cString: strerror(code))
        }
    }
}

/// `print` in this module writes through `Output`, so that nothing reaches the terminal raw.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
    Output.print(items.map { "\($0)" }.joined(separator: separator) + terminator)
}
