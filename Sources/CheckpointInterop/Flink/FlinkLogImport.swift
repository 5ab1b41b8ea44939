import Foundation
import CheckpointTrace

/// Why an import failed: the input is not what it should be.
public struct ImportError: Error, Sendable {
    public var line: Int
    public var column: Int
    public var message: String
    /// The file it is about when not the one the import was given (a capture folder's part).
    public var file: String?
    public init(line: Int, column: Int = 1, message: String, file: String? = nil) {
        self.line = line; self.column = column; self.message = message; self.file = file
    }
}

/// What a JobManager log showed, before it becomes a trace: the events at the log's own times
/// (ms), the job, the task names of its execution attempts, and the lines it did not understand.
public struct FlinkLogHistory: Sendable {
    /// Events in log order; `time` is the log time of the line each came from (ms, the log's clock).
    public var events: [TraceEvent]
    public var job: String?
    public var jobName: String?
    /// Execution attempt id → task (`operator[subtask]`).
    public var attemptNames: [String: String]
    public var lines: Int
    /// Lines not about the job's checkpointing: their number and text.
    public var skipped: [(Int, String)]
    /// Checkpoint lines not imported because an id or timestamp is beyond 2^63−1.
    public var outOfRange: [String] = []
    /// Log time minus Flink's own trigger timestamps (`@ TS`): the log clock's offset from the epoch.
    public var logMinusEpoch: Int?
}

/// Reads a Flink JobManager log and keeps what it shows of checkpointing, as a `ckpt-trace/1`
/// trace: triggers (periodic, manual, savepoint, stop-with-savepoint), completions, declines by
/// `operator[subtask]`, one outcome per checkpoint with Flink's failure reason, trigger failures,
/// task failures, failovers with their cause, restores, and the job's end. Lines are recognised by
/// Flink's own messages (Flink 1.15–2.3); anything else is skipped and counted.
public enum FlinkLogImport {
    /// Milliseconds since 1970 of `YYYY-MM-DD HH:MM:SS,mmm` (log4j's default) at the line start.
    static func timestamp(_ line: Substring) -> Int? {
        let b = Array(line.utf8.prefix(23))
        guard b.count == 23, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x20 || b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
              b[19] == 0x2C || b[19] == 0x2E else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard (0x30...0x39).contains(b[i]) else { return nil }; v = v * 10 + Int(b[i] - 0x30) }
            return v
        }
        guard let y = num(0..<4), let mo = num(5..<7), let d = num(8..<10), let h = num(11..<13), let mi = num(14..<16),
              let s = num(17..<19), let ms = num(20..<23), (1...12).contains(mo), (1...31).contains(d) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let yy = mo <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return ((days * 24 + h) * 60 + mi) * 60_000 + s * 1000 + ms
    }

    /// The trace of a JobManager log's text; throws when no line shows Flink checkpointing, or when
    /// the log holds several jobs and `job` does not pick one.
    public static func trace(fromLog text: String, file: String, job: String? = nil) throws(ImportError) -> Trace {
        let history = try read(text, job: job)
        return history.trace(file: file, from: "flink-log")
    }

    /// The trace of a log's history, with the checkpointing settings (from
    /// `--checkpoint-config`) in its header when they are known.
    public static func withSettings(_ history: FlinkLogHistory, file: String, settings: FlinkSettings?) -> Trace {
        var h = history
        if let settings { h.events = CaptureMerge.inferDiscards(history.events, retained: settings.config.retained) }
        return h.trace(file: file, from: "flink-log", config: settings?.config, mode: settings?.mode)
    }

    /// Reads the log's checkpoint history of one job.
    public static func read(_ text: String, job wanted: String? = nil) throws(ImportError) -> FlinkLogHistory {
        let raw = text.split(separator: "\n", omittingEmptySubsequences: false)
        var parsed: [FlinkParsedLine] = []
        parsed.reserveCapacity(raw.count)
        var stamped = 0
        for (i, r) in raw.enumerated() {
            let line = r.hasSuffix("\r") ? r.dropLast() : r
            if line.isEmpty { continue }
            let p = FlinkLogParser.parse(line, number: i + 1)
            if p.time != nil { stamped += 1 }
            parsed.append(p)
        }
        guard stamped > 0 else {
            throw ImportError(line: parsed.first?.number ?? 1, message: "not a Flink JobManager log: no line starts with a log timestamp (YYYY-MM-DD HH:MM:SS,mmm)")
        }
        let attribution = JobAttribution(parsed)
        let job = try attribution.choose(wanted)
        var assembler = FlinkLogAssembler(job: job)
        for (i, p) in parsed.enumerated() {
            if attribution.job(of: i) == job || job == nil { assembler.take(p) } else { assembler.skip(p) }
        }
        guard assembler.recognised > 0 else {
            let first = parsed.first { $0.time != nil }
            throw ImportError(line: first?.number ?? 1, message: "not a Flink JobManager log: no line shows Flink checkpointing (Triggering checkpoint …, Completed checkpoint …)")
        }
        return FlinkLogHistory(events: assembler.events, job: job, jobName: job.flatMap { attribution.names[$0] },
                               attemptNames: assembler.attemptNames, lines: parsed.count, skipped: assembler.skipped,
                               outOfRange: assembler.outOfRange, logMinusEpoch: assembler.logMinusEpoch)
    }
}

/// Which job each line is about: the one it names, the one its execution attempt belongs to, or
/// (for lines that name none: exceptions, "Trying to recover from a global failure.") the last
/// one named before it.
struct JobAttribution {
    var jobs: [String] = []
    var names: [String: String] = [:]
    var firstLine: [String: Int] = [:]
    private var byLine: [String?] = []

    init(_ parsed: [FlinkParsedLine]) {
        var graphs: [String: String] = [:]
        var current: String?
        for p in parsed {
            var job = p.job
            if job == nil, let attempt = JobAttribution.attempt(of: p.line), let parts = FlinkNames.attemptParts(attempt) {
                job = graphs[parts.graph]
            }
            if let j = job, JobAttribution.isJobID(j) {
                if case .executionGraph(let g) = p.line { graphs[g] = j }
                if case .jobNamed(let name) = p.line { names[j] = names[j] ?? name }
                if case .jobState(let name, _, _) = p.line { names[j] = names[j] ?? name }
                if firstLine[j] == nil, JobAttribution.showsAJob(p.line) {
                    firstLine[j] = p.number
                    jobs.append(j)
                }
                if p.time != nil { current = j }
                byLine.append(j)
            } else {
                byLine.append(current)
            }
        }
    }

    func job(of index: Int) -> String? { byLine[index] }

    /// The job to import: `wanted`, or the only one; several without a choice is an error that lists them.
    func choose(_ wanted: String?) throws(ImportError) -> String? {
        if let wanted {
            guard jobs.contains(wanted) else {
                throw ImportError(line: 1, message: "the log has no job \(wanted); jobs: \(listing)")
            }
            return wanted
        }
        if jobs.count > 1 {
            throw ImportError(line: firstLine[jobs[1]] ?? 1, message: "the log holds \(jobs.count) jobs (\(listing)): pick one with --job ID")
        }
        return jobs.first
    }

    var listing: String {
        jobs.isEmpty ? "none" : jobs.map { j in names[j].map { "\(j) (\($0))" } ?? j }.joined(separator: ", ")
    }

    static func attempt(of line: FlinkLogLine) -> String? {
        switch line {
        case .taskState(_, let a, _, _), .declined(_, let a): return a
        case .restartTasks(_, let a): return a
        default: return nil
        }
    }

    /// A 32-digit hex job id.
    static func isJobID(_ s: String) -> Bool { s.count == 32 && s.allSatisfy(\.isHexDigit) }

    /// Lines that show a job exists (a job id in any other line could be a stray mention).
    static func showsAJob(_ line: FlinkLogLine) -> Bool {
        switch line {
        case .triggered, .jobState, .jobNamed, .completed, .executionGraph: return true
        default: return false
        }
    }
}

extension FlinkLogHistory {
    /// The history as a trace: times from the first event, one seq per event.
    func trace(file: String, from source: String, config: CheckpointConfig? = nil, mode: String? = nil,
               topology: Topology? = nil, extraInfo: JSONObject = JSONObject(), unreadable: [String] = []) -> Trace {
        let first = events.first?.time ?? 0
        var out: [TraceEvent] = []
        out.reserveCapacity(events.count)
        for (i, e) in events.enumerated() {
            var e = e
            e.seq = i
            e.time -= first
            out.append(e)
        }
        var info = JSONObject(["from": .string(source), "file": .string(file), "lines": .int(lines), "skipped": .int(skipped.count)])
        if let job { info["job"] = .string(job) }
        if let jobName { info["job-name"] = .string(jobName) }
        info["start"] = .int(first)
        if let unread = ImportInfo.outOfRange(outOfRange + unreadable, lines: outOfRange.count) { info["out-of-range"] = unread }
        info.entries.append(contentsOf: extraInfo.entries)
        let header = TraceHeader(scenario: jobName ?? job ?? "flink-job", seed: nil, mode: mode, config: config, topology: topology,
                                 generator: "ckpt import", importInfo: info)
        return Trace(header: header, events: out)
    }
}

extension String {
    func trimmingSuffixDot() -> String { hasSuffix(".") ? String(dropLast()) : self }
}
