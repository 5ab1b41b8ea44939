import CheckpointTrace
@testable import CheckpointReplay

/// Builds small traces by hand, the way docs/trace-events.md says `ckpt run` writes them.
struct TraceBuilder {
    var events: [TraceEvent] = []
    var time = 0
    var mode = "aligned"

    static let tasks = ["src[0]", "src[1]", "count[0]", "out[0]"]

    var header: TraceHeader {
        let ops = [
            Topology.Operator(name: "src", kind: "source", parallelism: 2, inputs: []),
            Topology.Operator(name: "count", kind: "keyed-count", parallelism: 1, inputs: ["src"]),
            Topology.Operator(name: "out", kind: "sink", parallelism: 1, inputs: ["count"], delivery: "transactional"),
        ]
        let tasks = TraceBuilder.tasks.map { id -> Topology.Task in
            var t = Topology.Task.parse(id: id)
            t.kind = ops.first { $0.name == t.operator }!.kind
            return t
        }
        var channels = [("src[0]", "count[0]"), ("src[1]", "count[0]"), ("count[0]", "out[0]")].map {
            Topology.Channel(id: Topology.channelID(from: $0.0, to: $0.1), from: $0.0, to: $0.1, partition: "forward")
        }
        for t in TraceBuilder.tasks {
            channels.append(Topology.Channel(id: "coordinator->\(t)", from: "coordinator", to: t, partition: "rpc"))
            channels.append(Topology.Channel(id: "\(t)->coordinator", from: t, to: "coordinator", partition: "rpc"))
        }
        var config = CheckpointConfig()
        config.retained = 2
        return TraceHeader(scenario: "synthetic", seed: 1, mode: mode, config: config,
                           topology: Topology(operators: ops, tasks: tasks, channels: channels), generator: "test")
    }

    var trace: Trace { Trace(header: header, events: events) }

    mutating func add(_ type: EventType, _ actor: String, tick: Bool = false, _ configure: (inout TraceEvent) -> Void = { _ in }) {
        if tick { time += 1 }
        var e = TraceEvent(seq: events.count, time: time, type: type, actor: actor)
        if actor != "coordinator" { e.task = actor }
        configure(&e)
        events.append(e)
    }

    // Data plane.
    mutating func emit(_ src: String, _ record: String, offset: Int) {
        add(.recordEmitted, src, tick: true) { $0.record = record; $0.offset = offset }
        add(.recordSent, src) { $0.to = "count[0]"; $0.channel = "\(src)->count[0]"; $0.record = record }
    }
    mutating func process(_ from: String, _ record: String) {
        let channel = "\(from)->count[0]"
        add(.recordReceived, "count[0]", tick: true) { $0.from = from; $0.channel = channel; $0.record = record }
        add(.recordProcessed, "count[0]") { $0.channel = channel; $0.record = record }
    }

    // Checkpointing.
    mutating func trigger(_ id: Int, kind: CheckpointKind = .checkpoint) {
        add(.checkpointTriggered, "coordinator", tick: true) { $0.checkpoint = id; $0.kind = kind; $0.isFinal = false }
        for src in ["src[0]", "src[1]"] {
            add(.triggerSent, "coordinator") { $0.checkpoint = id; $0.task = src; $0.to = src; $0.channel = "coordinator->\(src)" }
        }
    }
    mutating func sourceBarrier(_ src: String, _ id: Int, offset: Int) {
        add(.triggerReceived, src, tick: true) { $0.checkpoint = id; $0.channel = "coordinator->\(src)" }
        add(.barrierInjected, src) { $0.checkpoint = id }
        add(.barrierSent, src) { $0.checkpoint = id; $0.to = "count[0]"; $0.channel = "\(src)->count[0]" }
        add(.snapshotStarted, src) { $0.checkpoint = id; $0.state = .object(JSONObject(["offset": .int(offset)])) }
    }
    mutating func snapshotDone(_ task: String, _ id: Int, state: JSONValue = .object(JSONObject())) {
        add(.snapshotCompleted, task, tick: true) { $0.checkpoint = id; $0.state = state; $0.bytes = 10 }
        add(.ackSent, task) { $0.checkpoint = id; $0.attempt = 0; $0.channel = "\(task)->coordinator" }
    }
    mutating func ackReceived(_ task: String, _ id: Int) {
        add(.ackReceived, "coordinator", tick: true) { $0.checkpoint = id; $0.task = task; $0.attempt = 0; $0.channel = "\(task)->coordinator" }
    }
    mutating func complete(_ id: Int, discarding: Int? = nil) {
        add(.checkpointCompleted, "coordinator") { $0.checkpoint = id; $0.kind = .checkpoint; $0.isFinal = false; $0.bytes = 40 }
        if let d = discarding { add(.checkpointDiscarded, "coordinator") { $0.checkpoint = d } }
        for t in TraceBuilder.tasks {
            add(.notifyCompleteSent, "coordinator") { $0.checkpoint = id; $0.task = t; $0.to = t; $0.channel = "coordinator->\(t)" }
        }
    }

    /// A full aligned checkpoint `id`, all acks and the completion.
    /// `drain`: a record count[0] takes from src[1] before that channel's barrier (FIFO).
    mutating func fullCheckpoint(_ id: Int, offsets: (Int, Int), discarding: Int? = nil, drain: String? = nil) {
        trigger(id)
        sourceBarrier("src[0]", id, offset: offsets.0)
        sourceBarrier("src[1]", id, offset: offsets.1)
        add(.barrierReceived, "count[0]", tick: true) { $0.checkpoint = id; $0.from = "src[0]"; $0.channel = "src[0]->count[0]" }
        add(.alignmentStarted, "count[0]") { $0.checkpoint = id }
        add(.channelBlocked, "count[0]") { $0.checkpoint = id; $0.channel = "src[0]->count[0]" }
        if let drain { process("src[1]", drain) }
        add(.barrierReceived, "count[0]", tick: true) { $0.checkpoint = id; $0.from = "src[1]"; $0.channel = "src[1]->count[0]" }
        add(.alignmentCompleted, "count[0]") { $0.checkpoint = id }
        add(.barrierSent, "count[0]") { $0.checkpoint = id; $0.to = "out[0]"; $0.channel = "count[0]->out[0]" }
        add(.snapshotStarted, "count[0]") { $0.checkpoint = id }
        add(.channelUnblocked, "count[0]") { $0.checkpoint = id; $0.channel = "src[0]->count[0]" }
        add(.barrierReceived, "out[0]", tick: true) { $0.checkpoint = id; $0.from = "count[0]"; $0.channel = "count[0]->out[0]" }
        add(.snapshotStarted, "out[0]") { $0.checkpoint = id }
        for t in TraceBuilder.tasks { snapshotDone(t, id) }
        for t in TraceBuilder.tasks { ackReceived(t, id) }
        complete(id, discarding: discarding)
        for t in TraceBuilder.tasks {
            add(.notifyCompleteReceived, t, tick: true) { $0.checkpoint = id; $0.channel = "coordinator->\(t)" }
        }
    }

    /// A crash of `task` and a restore from `checkpoint` (nil: fresh start) with the given source offsets.
    mutating func failover(_ task: String, attempt: Int, from checkpoint: Int?, offsets: (Int, Int),
                           counts: [String: Int] = [:]) {
        add(.taskFailed, task, tick: true) { $0.cause = "scripted"; $0.attempt = attempt - 1 }
        add(.jobFailover, "coordinator") { $0.reason = "task-failure"; $0.task = task; $0.attempt = attempt }
        add(.restoreStarted, "coordinator") { $0.checkpoint = checkpoint; $0.attempt = attempt }
        for t in TraceBuilder.tasks {
            add(.taskRestored, t) {
                $0.attempt = attempt; $0.checkpoint = checkpoint
                switch t {
                case "src[0]": $0.state = .object(JSONObject(["offset": .int(offsets.0)]))
                case "src[1]": $0.state = .object(JSONObject(["offset": .int(offsets.1)]))
                case "count[0]": $0.state = .object(JSONObject(["counts": .object(JSONObject(sorted: counts.mapValues { .int($0) }))]))
                default: $0.state = .object(JSONObject(["transactions": .array([])]))
                }
            }
        }
    }

    /// Data, checkpoint 1 and 2 completed (retained 2), 3 completes and discards 1,
    /// 4 is triggered, then count[0] crashes and everything restores from 3.
    static func standard() -> TraceBuilder {
        var b = TraceBuilder()
        b.emit("src[0]", "a", offset: 1)
        b.emit("src[1]", "b", offset: 1)
        b.process("src[0]", "a")
        b.fullCheckpoint(1, offsets: (1, 1), drain: "b")
        b.emit("src[0]", "a", offset: 2)
        b.process("src[0]", "a")
        b.fullCheckpoint(2, offsets: (2, 1))
        b.fullCheckpoint(3, offsets: (2, 1), discarding: 1)
        b.emit("src[1]", "c", offset: 2)
        b.trigger(4)
        b.failover("count[0]", attempt: 1, from: 3, offsets: (2, 1), counts: ["a": 2, "b": 1])
        b.emit("src[1]", "c", offset: 2)
        return b
    }

    /// The step right after the first event matching `type` (and checkpoint, if given).
    func step(after type: EventType, checkpoint: Int? = nil, task: String? = nil) -> Int {
        events.firstIndex { $0.type == type && (checkpoint == nil || $0.checkpoint == checkpoint)
            && (task == nil || $0.task == task) }! + 1
    }
}
