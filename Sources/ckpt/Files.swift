import CheckpointCheck
import Foundation
import CheckpointTrace

/// A failure the user caused (bad input or usage): printed as one line on stderr, exit code 2.
struct UsageFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// File input and output for every command: whole-file reads and atomic writes.
enum Files {
    /// The files this command has read, by device and inode, so that none is written over.
    nonisolated(unsafe) static var inputs: [FileIdentity: String] = [:]

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
        if let identity = FileIdentity(path) { inputs[identity] = path }
        return Array(data)
    }

    /// Reads and parses a trace file; errors name file, line and column.
    static func readTrace(_ path: String) throws -> Trace { try parseTrace(read(path), path: path) }

    static func parseTrace(_ bytes: [UInt8], path: String) throws -> Trace {
        do {
            let trace = try TraceReader.read(bytes, file: path)
            for warning in trace.warnings { Output.warn(warning) }
            return trace
        } catch {
            throw UsageFailure(error.description)
        }
    }

    /// Makes sure `path` is a folder that can be written (creating it), before long work starts:
    /// a file of that name, or a folder that cannot be made, is a one-line error.
    static func prepareFolder(_ path: String, for flag: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            guard isFolder.boolValue else { throw UsageFailure("\(flag) \(path): a file of that name exists; give a folder (it is created if missing)") }
        } else {
            var prefix = path.hasPrefix("/") ? "" : "."
            for part in path.split(separator: "/") {
                prefix += "/" + part
                if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                    throw UsageFailure("\(flag) \(path): the folder cannot be created (\(prefix): \(String(cString: strerror(errno))))")
                }
            }
        }
        guard access(path, W_OK) == 0 else { throw UsageFailure("\(flag) \(path): the folder is not writable") }
    }

    /// Reads a trace and holds it to the shape rules of `ckpt-trace/1` (TraceSchema), as `check`
    /// does: a figure such as a negative size is an error, not a number to show.
    static func readCheckedTrace(_ path: String) throws -> Trace {
        let bytes = try read(path)
        let trace = try parseTrace(bytes, path: path)
        if let p = TraceSchema.problems(in: trace).first {
            throw UsageFailure("\(path):\(p.line):\(column(of: p.key, line: p.line, in: bytes)): \(p.message)")
        }
        return trace
    }

    /// The column of `"key"` on line `line` (1 when not found).
    static func column(of key: String?, line: Int, in bytes: [UInt8]) -> Int {
        guard let key else { return 1 }
        var current = 1, start = 0
        for (i, b) in bytes.enumerated() where b == 0x0A {
            if current == line { break }
            current += 1
            start = i + 1
        }
        let text = String(decoding: bytes[start...].prefix { $0 != 0x0A }, as: UTF8.self)
        guard let r = text.range(of: "\"\(key)\"") else { return 1 }
        return text.distance(from: text.startIndex, to: r.lowerBound) + 1
    }

    /// Writes `bytes` to `path` atomically (a temporary file beside it, then a rename);
    /// `-` writes to stdout. A failed write leaves nothing under the final name.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws {
        if path == "-" {
            try Output.writeToStandardOutput(bytes)
            return
        }
        let writer = try AtomicFileWriter(path: path)
        try writer.append(bytes)
        try writer.commit()
    }
}

/// A file as the system knows it (device and inode): the same through a link or another path.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    /// The identity of the file at `path` (following links), or nil if there is none.
    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// Streams bytes into a temporary file beside `path` and renames it into place on `commit()`;
/// `discard()` (or a writer never committed) leaves no file under the final name.
final class AtomicFileWriter {
    let path: String
    let temporaryPath: String
    /// The name the user gave, which errors repeat.
    let requested: String
    private let descriptor: Int32
    private var finished = false
    /// The target is a device or a pipe (`-o /dev/null`, a FIFO): written in place, never replaced.
    private let direct: Bool

    /// Every temporary file not yet committed, so that a signal or a fatal error can remove them.
    nonisolated(unsafe) static var pending: Set<String> = []

    /// Removes every temporary file not yet committed (signal handlers call it too).
    static func removeAllPending() {
        for path in pending { unlink(path) }
    }

    init(path requested: String) throws {
        self.requested = requested
        if let identity = FileIdentity(requested), let input = Files.inputs[identity] {
            let same = input == requested ? "" : " (the same file as \(input))"
            throw UsageFailure("\(requested):1:1: is an input of this command\(same); writing it would destroy the input, so choose another output")
        }
        // Write beside the file a symlink points to, so that the link survives the rename.
        let path = URL(fileURLWithPath: requested).resolvingSymlinksInPath().path
        self.path = path
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) != S_IFREG {
            guard (info.st_mode & S_IFMT) != S_IFDIR else { throw UsageFailure("\(requested):1:1: is a folder, not a file") }
            descriptor = open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw UsageFailure("\(requested):1:1: cannot open it for writing") }
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
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw UsageFailure("\(requested):1:1: cannot create the file (does the folder exist and is it writable?)")
        }
        AtomicFileWriter.pending.insert(temporaryPath)
    }

    /// Appends bytes; a failed write removes the temporary file and names the output.
    func append(_ bytes: [UInt8]) throws(UsageFailure) {
        do {
            try DescriptorWriter(descriptor: descriptor, name: requested).write(bytes)
        } catch {
            discard()
            throw error
        }
    }

    func commit() throws {
        guard !finished else { return }
        finished = true
        let closed = close(descriptor) == 0 ? nil : errno
        if direct {
            if let closed { throw UsageFailure("\(requested): cannot write: \(DescriptorWriter.describe(closed))") }
            return
        }
        AtomicFileWriter.pending.remove(temporaryPath)
        if let closed {
            unlink(temporaryPath)
            throw UsageFailure("\(requested): cannot write: \(DescriptorWriter.describe(closed))")
        }
        guard rename(temporaryPath, path) == 0 else {
            unlink(temporaryPath)
            throw UsageFailure("\(path):1:1: cannot write the file")
        }
    }

    func discard() {
        guard !finished else { return }
        finished = true
        close(descriptor)
        if direct { return }
        unlink(temporaryPath)
        AtomicFileWriter.pending.remove(temporaryPath)
    }

    deinit { discard() }
}
