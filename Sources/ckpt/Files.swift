import Foundation
import CheckpointTrace

/// A failure the user caused (bad input or usage): printed as one line on stderr, exit code 2.
struct UsageFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// File input and output for every command: whole-file reads and atomic writes.
enum Files {
    /// Reads a whole file; a missing or unreadable file is a `UsageFailure` naming it.
    static func read(_ path: String) throws -> [UInt8] {
        if path == "-" {
            return Array(FileHandle.standardInput.readDataToEndOfFile())
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw UsageFailure("\(path):1:1: no such file")
        }
        if isDirectory.boolValue { throw UsageFailure("\(path):1:1: is a directory, expected a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageFailure("\(path):1:1: cannot read the file (permissions?)")
        }
        return Array(data)
    }

    /// Reads and parses a trace file; errors name file, line and column.
    static func readTrace(_ path: String) throws -> Trace {
        let bytes = try read(path)
        do {
            let trace = try TraceReader.read(bytes, file: path)
            for warning in trace.warnings { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
            return trace
        } catch {
            throw UsageFailure(error.description)
        }
    }

    /// Writes `bytes` to `path` atomically (a temporary file beside it, then a rename);
    /// `-` writes to stdout. A failed write leaves nothing under the final name.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        if path == "-" {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        let writer = try AtomicFileWriter(path: path)
        writer.append(bytes)
        try writer.commit()
    }
}

/// Streams bytes into a temporary file beside `path` and renames it into place on `commit()`;
/// `discard()` (or a writer never committed) leaves no file under the final name.
final class AtomicFileWriter {
    let path: String
    let temporaryPath: String
    private let handle: FileHandle
    private var finished = false
    /// The target is a device or a pipe (`-o /dev/null`, a FIFO): written in place, never replaced.
    private let direct: Bool

    /// Every temporary file not yet committed, so that a Ctrl-C can remove them.
    nonisolated(unsafe) static var pending: Set<String> = []

    init(path requested: String) throws {
        // Write beside the file a symlink points to, so that the link survives the rename.
        let path = URL(fileURLWithPath: requested).resolvingSymlinksInPath().path
        self.path = path
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            guard (info.st_mode & S_IFMT) != S_IFDIR else { throw UsageFailure("\(requested):1:1: is a folder, not a file") }
            guard let handle = FileHandle(forWritingAtPath: path) else { throw UsageFailure("\(requested):1:1: cannot open it for writing") }
            self.handle = handle
            temporaryPath = path
            direct = true
            return
        }
        direct = false
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        temporaryPath = directory + "/." + url.lastPathComponent + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil),
              let handle = FileHandle(forWritingAtPath: temporaryPath) else {
            throw UsageFailure("\(requested):1:1: cannot create the file (does the folder exist and is it writable?)")
        }
        self.handle = handle
        AtomicFileWriter.pending.insert(temporaryPath)
    }

    func append(_ bytes: [UInt8]) {
        handle.write(Data(bytes))
    }

    func commit() throws {
        guard !finished else { return }
        finished = true
        try handle.close()
        if direct { return }
        AtomicFileWriter.pending.remove(temporaryPath)
        guard rename(temporaryPath, path) == 0 else {
            unlink(temporaryPath)
            throw UsageFailure("\(path):1:1: cannot write the file")
        }
    }

    func discard() {
        guard !finished else { return }
        finished = true
        try? handle.close()
        if direct { return }
        unlink(temporaryPath)
        AtomicFileWriter.pending.remove(temporaryPath)
    }

    deinit { discard() }
}
