import CheckpointTrace
import Foundation

/// The files of a capture folder (flink/run writes them; so can curl): the JobManager log, and the
/// REST API's JSON of the job, its checkpoint history, settings and per-checkpoint details.
public struct FlinkCaptureFiles: Sendable {
    /// Name of the folder, for messages and the header.
    public var directory: String
    public var jobManagerLog: String?
    public var checkpoints: [UInt8]?
    public var checkpointConfig: [UInt8]?
    public var jobManagerConfig: [UInt8]?
    public var job: [UInt8]?
    /// `rest/details/ID.json`, by checkpoint id.
    public var details: [Int: [UInt8]]
    /// Other facts about the capture (its case.json), copied into the header.
    public var caseInfo: [UInt8]?

    public init(directory: String, jobManagerLog: String? = nil, checkpoints: [UInt8]? = nil, checkpointConfig: [UInt8]? = nil,
                jobManagerConfig: [UInt8]? = nil, job: [UInt8]? = nil, details: [Int: [UInt8]] = [:], caseInfo: [UInt8]? = nil) {
        self.directory = directory; self.jobManagerLog = jobManagerLog; self.checkpoints = checkpoints
        self.checkpointConfig = checkpointConfig; self.jobManagerConfig = jobManagerConfig; self.job = job
        self.details = details; self.caseInfo = caseInfo
    }

    /// Paths inside a capture folder.
    public static let logFile = "jobmanager.log"
    public static let checkpointsFile = "rest/checkpoints.json"
    public static let checkpointConfigFile = "rest/checkpoints-config.json"
    public static let jobManagerConfigFile = "rest/jobmanager-config.json"
    public static let jobFile = "rest/job.json"
    public static let detailsFolder = "rest/details"
    public static let caseFile = "case.json"

    /// Reads the files of a capture folder that are there (the import says what it needs).
    public static func load(directory: String) throws(ImportError) -> FlinkCaptureFiles {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ImportError(line: 1, message: "not a folder: flink-capture takes a capture folder (jobmanager.log, rest/*.json)", file: directory)
        }
        func bytes(_ name: String) -> [UInt8]? { FileManager.default.contents(atPath: directory + "/" + name).map { Array($0) } }
        var files = FlinkCaptureFiles(directory: directory)
        if let log = bytes(logFile) {
            guard let text = String(validating: log, as: UTF8.self) else {
                throw ImportError(line: 1, message: "not UTF-8 text: not a Flink log", file: directory + "/" + logFile)
            }
            files.jobManagerLog = text
        }
        files.checkpoints = bytes(checkpointsFile)
        files.checkpointConfig = bytes(checkpointConfigFile)
        files.jobManagerConfig = bytes(jobManagerConfigFile)
        files.job = bytes(jobFile)
        files.caseInfo = bytes(caseFile)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory + "/" + detailsFolder)) ?? [] where name.hasSuffix(".json") {
            if let id = Int(name.dropLast(5)), let b = bytes(detailsFolder + "/" + name) { files.details[id] = b }
        }
        return files
    }
}

/// Imports a whole capture folder: the log gives the order of what happened (triggers, outcomes,
/// failures, failovers, restores); the REST API adds each subtask's ack with its real time and
/// durations, the job's tasks and channels, and the checkpointing settings, so that every
/// invariant can be checked. Where log and REST API disagree on a checkpoint, the header says so.
public enum FlinkCaptureImport {
    public static func trace(_ files: FlinkCaptureFiles, job wanted: String? = nil) throws(ImportError) -> Trace {
        try read(files, job: wanted).trace
    }

    /// The trace, and the log lines it did not use (their number and text, for `--verbose`).
    public static func read(_ files: FlinkCaptureFiles, job wanted: String? = nil) throws(ImportError) -> (trace: Trace, skipped: [(Int, String)]) {
        func at(_ name: String, _ error: ImportError) -> ImportError {
            var e = error
            e.file = e.file ?? "\(files.directory)/\(name)"
            return e
        }
        var graph: FlinkJobGraph?
        if let bytes = files.job {
            do { graph = try FlinkJobGraph.read(jobJSON: bytes, file: FlinkCaptureFiles.jobFile) } catch { throw at(FlinkCaptureFiles.jobFile, error) }
        }
        guard let log = files.jobManagerLog else {
            throw ImportError(line: 1, message: "no \(FlinkCaptureFiles.logFile) in the capture folder", file: files.directory)
        }
        let history: FlinkLogHistory
        do { history = try FlinkLogImport.read(log, job: wanted ?? graph?.jobID) } catch { throw at(FlinkCaptureFiles.logFile, error) }
        var settings: FlinkSettings?
        if let bytes = files.checkpointConfig {
            do { settings = try FlinkSettings.read(checkpointConfig: bytes, file: FlinkCaptureFiles.checkpointConfigFile, jobManagerConfig: files.jobManagerConfig) }
            catch { throw at(FlinkCaptureFiles.checkpointConfigFile, error) }
        }
        var rest: [FlinkRestCheckpoint] = []
        var counts: JSONObject?
        if let bytes = files.checkpoints {
            do { (rest, counts) = try FlinkRestImport.history(fromJSON: bytes, file: FlinkCaptureFiles.checkpointsFile) }
            catch { throw at(FlinkCaptureFiles.checkpointsFile, error) }
        }
        for (i, c) in rest.enumerated() {
            rest[i].unreadable = c.unreadable.map { "\(FlinkCaptureFiles.checkpointsFile): \($0)" }
            guard let bytes = files.details[c.id] else { continue }
            let name = "\(FlinkCaptureFiles.detailsFolder)/\(c.id).json"
            do {
                let details = try FlinkRestImport.details(fromJSON: bytes, file: name)
                rest[i].acks = details.acks
                rest[i].unreadable += details.unreadable.map { "\(name): \($0)" }
            } catch { throw at(name, error) }
        }
        var merged = CaptureMerge(history: history, graph: graph)
        let disagreements = merged.add(rest)
        if let settings { merged.events = CaptureMerge.inferDiscards(merged.events, retained: settings.config.retained) }
        var info = JSONObject()
        info["rest-checkpoints"] = .int(rest.count)
        if let counts { info["counts"] = .object(counts) }
        if let settings { info["retained-from"] = .string(settings.retainedFrom) }
        if !disagreements.isEmpty { info["disagreements"] = .array(disagreements.map { .string($0) }) }
        if let c = files.caseInfo, let o = try? JSONParser.parse(c).objectValue {
            for key in ["case", "flink", "summary"] { if let v = o[key] { info[key == "case" ? "capture-case" : key] = v } }
        }
        var h = history
        h.events = merged.events
        return (h.trace(file: files.directory, from: "flink-capture", config: settings?.config, mode: settings?.mode,
                        topology: graph?.topology, extraInfo: info,
                        unreadable: rest.flatMap(\.unreadable)), history.skipped)
    }
}

/// The log's events with the REST API's acks (and any checkpoint only the REST API shows) put
/// in place by time, on the log's clock.
struct CaptureMerge {
    var events: [TraceEvent]
    let graph: FlinkJobGraph?
    /// Log time minus epoch time, to the minute (a time zone; the log prints local time).
    let zone: Int

    init(history: FlinkLogHistory, graph: FlinkJobGraph?) {
        events = history.events
        self.graph = graph
        let offset = Double(history.logMinusEpoch ?? 0)
        zone = Int((offset / 60_000).rounded()) * 60_000
    }

    /// Adds the REST history; returns what log and REST API disagree on.
    mutating func add(_ rest: [FlinkRestCheckpoint]) -> [String] {
        var disagreements: [String] = []
        var triggerAt: [Int: (index: Int, attempt: Int)] = [:]
        var outcomeAt: [Int: Int] = [:]
        for (i, e) in events.enumerated() {
            guard let id = e.checkpoint else { continue }
            if e.type == .checkpointTriggered { triggerAt[id] = (i, e.attempt ?? 0) }
            if e.type == .checkpointCompleted || e.type == .checkpointAborted { outcomeAt[id] = i }
        }
        var acks: [(time: Int, outcome: Int?, event: TraceEvent)] = []
        var onlyRest: [(Int, Int, TraceEvent)] = []
        for c in rest {
            if let t = triggerAt[c.id] {
                let logOutcome = outcomeAt[c.id].map { events[$0] }
                switch (c.status, logOutcome?.type) {
                case ("COMPLETED", .checkpointCompleted?), ("FAILED", .checkpointAborted?), ("IN_PROGRESS", nil): break
                case ("FAILED", nil):
                    disagreements.append("checkpoint \(c.id): the REST API says FAILED (\(c.failureMessage ?? "no message")), the log shows no outcome")
                default:
                    disagreements.append("checkpoint \(c.id): the REST API says \(c.status), the log shows \(logOutcome?.typeName ?? "no outcome")")
                }
                if let o = outcomeAt[c.id], events[o].type == .checkpointAborted, let m = c.failureMessage, events[o].detail == nil {
                    events[o].detail = m
                }
                let low = events[t.index].time
                let high = outcomeAt[c.id].map { events[$0].time }
                for a in c.acks {
                    let time = min(max(a.time + zone, low), high ?? Int.max)
                    acks.append((time, outcomeAt[c.id], FlinkRestImport.ackEvent(a, checkpoint: c.id, graph: graph, attempt: t.attempt)))
                }
            } else {
                disagreements.append("checkpoint \(c.id): only the REST API shows it (the log does not cover it)")
                for (time, order, e) in FlinkRestImport.events(of: c, graph: graph, attempt: nil, order: c.id * 4) {
                    onlyRest.append((time + zone, order, e))
                }
            }
        }
        acks.sort { $0.time < $1.time }
        onlyRest.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        var out: [TraceEvent] = []
        out.reserveCapacity(events.count + acks.count + onlyRest.count)
        var a = 0, r = 0
        for (i, e) in events.enumerated() {
            // Acks before the log event at their time, but never after their checkpoint's outcome.
            while a < acks.count, acks[a].time < e.time || (acks[a].time == e.time && acks[a].outcome == i) {
                out.append(acks[a].event.at(acks[a].time)); a += 1
            }
            while r < onlyRest.count, onlyRest[r].0 < e.time { out.append(onlyRest[r].2.at(onlyRest[r].0)); r += 1 }
            out.append(e)
        }
        while a < acks.count { out.append(acks[a].event.at(acks[a].time)); a += 1 }
        while r < onlyRest.count { out.append(onlyRest[r].2.at(onlyRest[r].0)); r += 1 }
        events = out
        return disagreements
    }

    /// DefaultCompletedCheckpointStore.addCheckpointAndSubsumeOldestOne: beyond `retained`
    /// completed checkpoints (savepoints never enter the store), the oldest is discarded right
    /// after a completion. Flink does not log it; the events say they are inferred.
    static func inferDiscards(_ events: [TraceEvent], retained: Int) -> [TraceEvent] {
        var store: [Int] = []
        var out: [TraceEvent] = []
        for e in events {
            out.append(e)
            if e.type == .restoreStarted, e.extra?["initial"] == .bool(true), let id = e.checkpoint { store = [id] }
            guard e.type == .checkpointCompleted, e.kind != .savepoint, let id = e.checkpoint else { continue }
            store.append(id)
            while store.count > max(1, retained) {
                var d = TraceEvent(type: .checkpointDiscarded, actor: "coordinator", checkpoint: store.removeFirst())
                d.time = e.time
                d.extra = JSONObject("inferred", .string("the store keeps num-retained = \(retained)"))
                out.append(d)
            }
        }
        return out
    }
}

extension TraceEvent {
    /// The same event at another time.
    func at(_ time: Int) -> TraceEvent {
        var e = self
        e.time = time
        return e
    }
}
