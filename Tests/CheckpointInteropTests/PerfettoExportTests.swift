import CheckpointTrace
import Foundation
import Testing
@testable import CheckpointInterop

/// The Perfetto (Chrome trace event) export, parsed back with Foundation and checked for the
/// structure Perfetto and chrome://tracing rely on.
@Suite struct PerfettoExportTests {
    /// The export as Foundation sees it: the `traceEvents` array.
    static func parsed(_ trace: Trace) throws -> [[String: Any]] {
        let text = JSONWriter.string(PerfettoExport.json(trace))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        return try #require(root["traceEvents"] as? [[String: Any]])
    }

    /// Everything wrong with the structure of `events`, as sentences (empty: valid).
    static func problems(_ events: [[String: Any]]) -> [String] {
        var problems: [String] = []
        func int(_ e: [String: Any], _ k: String) -> Int? { (e[k] as? NSNumber)?.intValue }
        var lastTs: [String: Int] = [:]
        var begun: [String: [String]] = [:]          // B/E stack per track
        var slices: [String: [(Int, Int)]] = [:]     // X slices per track
        var asyncOpen: [String: Int] = [:]           // b/e by cat+id
        var flowStarts: [Int: Int] = [:], flowEnds: [Int: Int] = [:]
        for (i, e) in events.enumerated() {
            guard let ph = e["ph"] as? String, let pid = int(e, "pid"), let tid = int(e, "tid") else {
                problems.append("event \(i) lacks ph/pid/tid"); continue
            }
            if ph == "M" { continue }
            guard let ts = int(e, "ts") else { problems.append("event \(i) lacks ts"); continue }
            let track = "\(pid)/\(tid)"
            if let last = lastTs[track], ts < last { problems.append("event \(i) on \(track): ts \(ts) < \(last)") }
            lastTs[track] = ts
            let name = e["name"] as? String ?? ""
            switch ph {
            case "B": begun[track, default: []].append(name)
            case "E":
                if begun[track, default: []].popLast() == nil { problems.append("event \(i): E without B on \(track)") }
            case "X":
                guard let dur = int(e, "dur"), dur >= 0 else { problems.append("event \(i): X without dur"); break }
                slices[track, default: []].append((ts, ts + dur))
            case "b": asyncOpen["\(e["cat"] ?? "")|\(e["id"] ?? "")", default: 0] += 1
            case "e":
                let key = "\(e["cat"] ?? "")|\(e["id"] ?? "")"
                if asyncOpen[key, default: 0] == 0 { problems.append("event \(i): e without b for \(key)") } else { asyncOpen[key]! -= 1 }
            case "s": if let id = int(e, "id") { flowStarts[id, default: 0] += 1 }
            case "f": if let id = int(e, "id") { flowEnds[id, default: 0] += 1 }
            case "i": break
            default: problems.append("event \(i): unexpected ph \(ph)")
            }
        }
        for (track, open) in begun where !open.isEmpty { problems.append("\(track): B without E: \(open)") }
        // Complete events on one track must nest (stack discipline): none ends inside another.
        for (track, list) in slices {
            var stack: [(Int, Int)] = []
            for s in list.sorted(by: { ($0.0, -$0.1) < ($1.0, -$1.1) }) {
                while let top = stack.last, top.1 <= s.0 { stack.removeLast() }
                if let top = stack.last, s.1 > top.1 { problems.append("\(track): slice \(s) overlaps \(top) without nesting") }
                stack.append(s)
            }
        }
        for (id, n) in flowStarts where flowEnds[id] != n { problems.append("flow \(id): \(n) starts, \(flowEnds[id] ?? 0) finishes") }
        for (id, _) in flowEnds where flowStarts[id] == nil { problems.append("flow \(id): a finish without a start") }
        return problems
    }

    @Test func theExportIsValidJSONWithAWellFormedStructure() throws {
        for (name, trace) in try Scenarios.variety() {
            let events = try Self.parsed(trace)
            #expect(events.count > trace.events.count / 4, "\(name)")
            #expect(Self.problems(events) == [], "\(name)")
        }
    }

    /// thread_name metadata: tid → name.
    static func threads(_ events: [[String: Any]]) -> [Int: String] {
        var out: [Int: String] = [:]
        for e in events where e["ph"] as? String == "M" && e["name"] as? String == "thread_name" {
            if let tid = (e["tid"] as? NSNumber)?.intValue, let name = (e["args"] as? [String: Any])?["name"] as? String { out[tid] = name }
        }
        return out
    }

    @Test func oneTrackPerTaskAndTheCoordinatorAndExtraTracksOnlyForOverlaps() throws {
        for (name, trace) in try Scenarios.variety() {
            let threads = Self.threads(try Self.parsed(trace))
            let tasks = trace.header.topology!.tasks.map(\.id)
            let names = Set(threads.values)
            #expect(names.isSuperset(of: ["coordinator"] + tasks), "\(name)")
            #expect(threads.count == names.count, "\(name): one tid per name")
            for n in names where !tasks.contains(n) && n != "coordinator" {
                let owner = n.split(separator: " ·").first.map(String.init) ?? ""
                #expect(tasks.contains(owner), "\(name): extra track \(n) belongs to a task")
            }
        }
        // Sequential checkpoints never need an extra track; concurrent ones at a task do.
        let sequential = Self.threads(try Self.parsed(try Scenarios.run(Scenarios.wordCount(maxConcurrent: 1), seed: 1)))
        #expect(sequential.count == 9)
        let concurrent = try Scenarios.variety().map { Self.threads(try Self.parsed($0.1)).count }
        #expect(concurrent.contains { $0 > 9 }, "some task has two snapshots at once")
    }

    @Test func slicesAndFlowsMatchTheTrace() throws {
        let trace = try Scenarios.run(Scenarios.wordCount(mode: "aligned"), seed: 7)
        let events = try Self.parsed(trace)
        let threads = Self.threads(events)
        func of(_ ph: String, _ cat: String? = nil) -> [[String: Any]] {
            events.filter { $0["ph"] as? String == ph && (cat == nil || $0["cat"] as? String == cat) }
        }
        func owner(_ e: [String: Any]) -> String {
            let n = threads[(e["tid"] as? NSNumber)?.intValue ?? -1] ?? "?"
            return n.split(separator: " ·").first.map(String.init) ?? n
        }
        // A snapshot slice per snapshot that ended, on its task's track, as long as it took.
        let ended = trace.events.filter { $0.type == .snapshotCompleted || $0.type == .snapshotFailed }
        let snapshots = of("X", "snapshot")
        #expect(snapshots.count == ended.count)
        for e in ended {
            let start = try #require(trace.events.first { $0.type == .snapshotStarted && $0.task == e.task && $0.checkpoint == e.checkpoint })
            let slice = try #require(snapshots.first { owner($0) == e.task && $0["name"] as? String == "snapshot \(e.checkpoint!)" })
            let ts = (slice["ts"] as! NSNumber).intValue, dur = (slice["dur"] as! NSNumber).intValue
            #expect(ts / 1000 == start.time && (ts + dur) / 1000 == e.time, "\(e.task!) snapshot \(e.checkpoint!)")
        }
        // An alignment slice per alignment.
        let alignments = of("X", "barrier").filter { ($0["name"] as? String)?.hasPrefix("alignment") == true }
        #expect(alignments.count == trace.events.filter { $0.type == .alignmentCompleted }.count && alignments.count > 0)
        // A flow per protocol message that arrived, from the sender's track to the receiver's.
        let messages = MessageMatcher.messages(in: trace.events).filter { $0.kind != "record" && $0.received != nil }
        let starts = of("s"), finishes = of("f")
        #expect(starts.count == messages.count && finishes.count == messages.count)
        let byId = Dictionary(finishes.map { (($0["id"] as! NSNumber).intValue, $0) }, uniquingKeysWith: { a, _ in a })
        for s in starts {
            let f = try #require(byId[(s["id"] as! NSNumber).intValue])
            let m = try #require(messages.first { $0.label.split(separator: "\n").joined(separator: " ") == s["name"] as? String && $0.from == owner(s) && $0.to == owner(f) })
            #expect((s["ts"] as! NSNumber).intValue <= (f["ts"] as! NSNumber).intValue, "\(m.label)")
        }
        // A pending-checkpoint slice per checkpoint, ended by its outcome.
        let triggered = trace.events.filter { $0.type == .checkpointTriggered }.count
        let outcomes = trace.events.filter { $0.type == .checkpointCompleted || $0.type == .checkpointAborted }.count
        #expect(of("b", "checkpoint").count == triggered && of("e", "checkpoint").count == outcomes)
        // The failover shows as a global instant.
        #expect(events.contains { $0["ph"] as? String == "i" && $0["s"] as? String == "g" && ($0["name"] as? String)?.hasPrefix("job-failover") == true })
    }

    @Test func anImportedTraceExportsToo() throws {
        let t = try FlinkLogImport.trace(fromLog: Fixtures.jobManagerLog, file: "jm.log")
        let events = try Self.parsed(t)
        #expect(Self.problems(events) == [])
        #expect(events.filter { $0["ph"] as? String == "b" }.count == 4)
    }
}
