/// Something that gives an operator state as traces write it, on demand (the simulator's captured
/// states; a JSON value gives itself).
public protocol StateSource: Sendable {
    var stateJSON: JSONValue { get }
    /// A keyed count's counts (`stateJSON`'s `counts`), when the source has them without making
    /// its JSON; nil to have them read from `stateJSON`.
    var keyedCounts: [String: Int]? { get }
}

extension StateSource {
    public var keyedCounts: [String: Int]? { nil }
}

extension JSONValue: StateSource {
    public var stateJSON: JSONValue { self }
}

/// The names a compact event's indices stand for: the task and channel ids of the trace header's
/// topology, in its order.
public final class EventNames: Sendable {
    public let tasks: [String]
    public let channels: [String]

    public init(tasks: [String], channels: [String]) {
        self.tasks = tasks
        self.channels = channels
    }

    public convenience init(_ topology: Topology) {
        self.init(tasks: topology.tasks.map(\.id), channels: topology.channels.map(\.id))
    }
}

/// The most frequent events in the simulator's compact form: tasks and channels are indices into
/// `EventNames`, so that making one copies no names. Four groups have this form:
/// - the data path: `record-emitted`, `-sent`, `-received`, `-buffered`, `-processed`, `output-emitted`;
/// - a checkpoint's per-task messages: `trigger-sent`, `trigger-received`, `barrier-injected`,
///   `barrier-sent`, `barrier-received`, `channel-blocked`, `channel-unblocked`,
///   `alignment-started`, `alignment-completed`, `ack-sent`, `ack-received`,
///   `notify-complete-sent`, `notify-complete-received`, `notify-aborted-sent`,
///   `notify-aborted-received`, `source-rewound`;
/// - a task's state: `snapshot-started`, `snapshot-completed`, `task-restored`;
/// - the run's course: `checkpoint-triggered`, `checkpoint-aborted`, `transaction-committed`,
///   `end-of-input`, `job-finished`, `task-failed`, `job-failover`, `restore-started`, `ack-ignored`.
///
/// It holds every field of the trace event it stands for; `traceEvent(names:)` gives that event,
/// and sinks write the same line for both.
public struct CompactEvent: Sendable {
    // Laid out small (72 bytes): every event is handed to the sink and each observer, and a
    // smaller event is cheaper to build and pass. Optional numbers are stored with `Int.min` for
    // none (the simulator never makes that value), and the offset, the attempt and `latest` share
    // a field (`sharedField`: no type has two of them).
    public var seq = 0
    public var time = 0
    @usableFromInline let checkpointValue: Int
    @usableFromInline let offsetOrAttempt: Int
    /// The record of a data-path event, what a task-state event carries, or a run event's reason,
    /// cause or records: one field, as no type has two, so that destroying an event releases one
    /// reference at most.
    @usableFromInline let payload: Payload
    /// The task: also the actor, unless `byCoordinator`; -1 for a run event without one (a
    /// trigger, an abort, the input's end, the finish, a restore, a failover no task caused).
    public let task: Int32
    /// The other end: `to` of a `*-sent` message, `from` of `record-received` and
    /// `barrier-received`; -1 when the type has none.
    public let peer: Int32
    /// The channel, -1 when the type has none.
    public let channel: Int32
    /// `barrier-sent` in unaligned mode: records the barrier overtook (`overtook`);
    /// `barrier-received`: 1 when it went into the alignment buffer (`buffered: true`); else -1.
    public let note: Int32
    public let type: EventType
    /// The coordinator records it (`trigger-sent`, `ack-received`, `notify-complete-sent`).
    public let byCoordinator: Bool

    /// The record of a data-path event.
    public var record: String? { if case .record(let r) = payload { return r }; return nil }
    /// A task's state: what a snapshot or restore event carries.
    public var snapshot: SnapshotPayload? { if case .snapshot(let s) = payload { return s }; return nil }
    /// `ack-ignored`: why (`stale-attempt`, `late`, `unknown`); `checkpoint-aborted`: the failure
    /// reason; `job-failover`: why the job fails over.
    public var reason: String? { type == .ackIgnored || type == .checkpointAborted || type == .jobFailover ? text : nil }
    /// `task-failed`: what failed.
    public var cause: String? { type == .taskFailed ? text : nil }
    /// `transaction-committed`: the records the transaction makes visible.
    public var records: [String]? { if case .records(let r) = payload { return r }; return nil }
    /// `checkpoint-triggered` and `checkpoint-aborted`: checkpoint or savepoint.
    public var kind: CheckpointKind? {
        guard type == .checkpointTriggered || type == .checkpointAborted else { return nil }
        return note & CompactEvent.savepointBit != 0 ? .savepoint : .checkpoint
    }
    /// `checkpoint-triggered`: whether it is the final checkpoint.
    public var isFinal: Bool? { type == .checkpointTriggered ? note & CompactEvent.finalBit != 0 : nil }
    /// `checkpoint-triggered`: whether the periodic timer asked for it (`request` periodic, else manual).
    public var isPeriodic: Bool? { type == .checkpointTriggered ? note & CompactEvent.periodicBit != 0 : nil }

    var text: String? { if case .text(let t) = payload { return t }; return nil }
    // What `note` holds for a trigger or an abort.
    @usableFromInline static let finalBit: Int32 = 1, savepointBit: Int32 = 2, periodicBit: Int32 = 4

    /// What an event carries besides numbers.
    @usableFromInline enum Payload: Sendable {
        case none
        case record(String)
        case snapshot(SnapshotPayload)
        case text(String)
        case records([String])
    }

    public var checkpoint: Int? { checkpointValue == .min ? nil : checkpointValue }
    /// `ack-sent`, `ack-received`, `task-restored`: the attempt.
    public var attempt: Int? { CompactEvent.sharedField(type) == .attempt && offsetOrAttempt != .min ? offsetOrAttempt : nil }
    /// `record-emitted`: the source's offset after the record; `source-rewound`: the offset it restarts from.
    public var offset: Int? { CompactEvent.sharedField(type) == .offset && offsetOrAttempt != .min ? offsetOrAttempt : nil }
    /// `notify-aborted-sent` and `-received`: the newest checkpoint in the store when the abort was sent.
    public var latest: Int? { CompactEvent.sharedField(type) == .latest && offsetOrAttempt != .min ? offsetOrAttempt : nil }

    /// Which field `offsetOrAttempt` holds for events of a type.
    @usableFromInline enum SharedField { case offset, attempt, latest }

    @inlinable static func sharedField(_ type: EventType) -> SharedField {
        switch type {
        case .recordEmitted, .recordSent, .recordReceived, .recordBuffered, .recordProcessed, .outputEmitted, .sourceRewound: return .offset
        case .notifyAbortedSent, .notifyAbortedReceived: return .latest
        default: return .attempt
        }
    }

    /// The state, size and channel state of `snapshot-started`, `snapshot-completed` and
    /// `task-restored` (boxed: the other compact events carry none). The state's JSON is made
    /// from its source each time it is read, not when the event is made: a fuzzed run makes
    /// thousands of snapshots whose JSON nothing reads (no trace is written), and the checker
    /// reads a restored state only.
    public final class SnapshotPayload: Sendable {
        private let source: any StateSource
        public let bytes: Int?
        public let channelState: JSONValue?

        public convenience init(state: JSONValue, bytes: Int?, channelState: JSONValue?) {
            self.init(source: state, bytes: bytes, channelState: channelState)
        }

        /// A payload whose state is `source`'s, made when read.
        public init(source: any StateSource, bytes: Int?, channelState: JSONValue?) {
            self.source = source
            self.bytes = bytes
            self.channelState = channelState
        }

        public var state: JSONValue { source.stateJSON }

        /// The state's keyed counts as its source has them, if it has them (see `StateSource`).
        public var keyedCounts: [String: Int]? { source.keyedCounts }
    }

    /// Whether events of `type` have a compact form.
    @inline(__always) public static func hasCompactForm(_ type: EventType) -> Bool {
        isDataPath(type) || isCheckpointMessage(type) || isTaskState(type) || isRunEvent(type)
    }

    /// The frequent events of a run's course: a checkpoint is triggered or aborted, a transaction
    /// committed, the input ends, the job finishes, a task fails, the job fails over, a restore
    /// starts, an ack is ignored.
    @inlinable public static func isRunEvent(_ type: EventType) -> Bool {
        switch type {
        case .checkpointTriggered, .checkpointAborted, .transactionCommitted, .endOfInput, .jobFinished, .taskFailed, .jobFailover,
             .restoreStarted, .ackIgnored:
            return true
        default: return false
        }
    }

    /// A task's state: a snapshot started or completed, a task restored.
    @inlinable public static func isTaskState(_ type: EventType) -> Bool {
        type == .snapshotStarted || type == .snapshotCompleted || type == .taskRestored
    }

    /// The data path: records emitted, sent, received, buffered and processed, output emitted.
    @inlinable public static func isDataPath(_ type: EventType) -> Bool {
        switch type {
        case .recordEmitted, .recordSent, .recordReceived, .recordBuffered, .recordProcessed, .outputEmitted: return true
        default: return false
        }
    }

    /// A checkpoint's per-task messages: trigger, barrier, block, alignment, ack, notify-complete,
    /// notify-aborted, and a source's rewind at a restore.
    @inlinable public static func isCheckpointMessage(_ type: EventType) -> Bool {
        switch type {
        case .triggerSent, .triggerReceived, .barrierInjected, .barrierSent, .barrierReceived, .channelBlocked, .channelUnblocked,
             .alignmentStarted, .alignmentCompleted, .ackSent, .ackReceived, .notifyCompleteSent, .notifyCompleteReceived,
             .notifyAbortedSent, .notifyAbortedReceived, .sourceRewound:
            return true
        default: return false
        }
    }

    /// A data-path event.
    @inlinable public init(type: EventType, task: Int, peer: Int = -1, channel: Int = -1, checkpoint: Int? = nil, offset: Int? = nil, record: String) {
        assert(CompactEvent.isDataPath(type), "\(type.rawValue) is not a data-path event")
        self.init(type, task: task, byCoordinator: false, peer: peer, channel: channel, checkpoint: checkpoint, attempt: nil,
                  offset: offset, record: record, note: -1, snapshot: nil)
    }

    /// A checkpoint message of `task` (by the coordinator when `byCoordinator`).
    @inlinable public init(type: EventType, checkpoint: Int, task: Int, byCoordinator: Bool = false, peer: Int = -1, channel: Int = -1,
                attempt: Int? = nil, note: Int = -1) {
        assert(CompactEvent.isCheckpointMessage(type), "\(type.rawValue) is not a checkpoint message")
        assert(attempt == nil || CompactEvent.sharedField(type) == .attempt, "\(type.rawValue) has no attempt")
        self.init(type, task: task, byCoordinator: byCoordinator, peer: peer, channel: channel, checkpoint: checkpoint, attempt: attempt,
                  offset: nil, record: nil, note: note, snapshot: nil)
    }

    /// `notify-aborted-sent` (by the coordinator, to `task`) or `notify-aborted-received`, with
    /// the newest stored checkpoint (`latest`).
    @inlinable public init(notifyAborted type: EventType, checkpoint: Int, task: Int, channel: Int, latest: Int?) {
        assert(type == .notifyAbortedSent || type == .notifyAbortedReceived, "\(type.rawValue) is not a notify-aborted event")
        let sent = type == .notifyAbortedSent
        self.init(type, task: task, byCoordinator: sent, peer: sent ? task : -1, channel: channel, checkpoint: checkpoint,
                  attempt: latest, offset: nil, record: nil, note: -1, snapshot: nil)
    }

    /// `source-rewound`: a source restarts from `offset`, that of checkpoint `checkpoint` (nil: a fresh start).
    @inlinable public init(sourceRewound task: Int, checkpoint: Int?, offset: Int) {
        self.init(.sourceRewound, task: task, byCoordinator: false, peer: -1, channel: -1, checkpoint: checkpoint, attempt: nil,
                  offset: offset, record: nil, note: -1, snapshot: nil)
    }

    /// A run event: `end-of-input` and `job-finished` (checkpoint: the final one), by the
    /// coordinator; `restore-started` (checkpoint nil for a fresh start; attempt), by the
    /// coordinator; `task-failed` (task, cause, attempt), by the task; `job-failover` (the failed
    /// task if one, reason, attempt) and `ack-ignored` (checkpoint, task, channel, reason,
    /// attempt), by the coordinator.
    @inlinable public init(run type: EventType, checkpoint: Int? = nil, task: Int = -1, channel: Int = -1, attempt: Int? = nil,
                           reason: String? = nil, cause: String? = nil) {
        assert([.endOfInput, .jobFinished, .taskFailed, .jobFailover, .restoreStarted, .ackIgnored].contains(type),
               "\(type.rawValue): not a run event of these")
        assert(type == .jobFailover || (task >= 0) == (type == .taskFailed || type == .ackIgnored),
               "\(type.rawValue): a task exactly when the type has one")
        assert(reason == nil || type == .ackIgnored || type == .jobFailover, "only ack-ignored and job-failover have a reason")
        assert(cause == nil || type == .taskFailed, "only task-failed has a cause")
        self.init(type, task: task, byCoordinator: type != .taskFailed, peer: -1, channel: channel, checkpoint: checkpoint,
                  attempt: attempt, offset: nil, record: nil, note: -1, snapshot: nil, text: reason ?? cause)
    }

    /// `checkpoint-triggered`, by the coordinator.
    @inlinable public init(triggered id: Int, kind: CheckpointKind, isFinal: Bool, periodic: Bool) {
        let note = (isFinal ? CompactEvent.finalBit : 0) | (kind == .savepoint ? CompactEvent.savepointBit : 0)
            | (periodic ? CompactEvent.periodicBit : 0)
        self.init(.checkpointTriggered, task: -1, byCoordinator: true, peer: -1, channel: -1, checkpoint: id, attempt: nil, offset: nil,
                  record: nil, note: Int(note), snapshot: nil)
    }

    /// `checkpoint-aborted`, by the coordinator, for a failure `reason`.
    @inlinable public init(aborted id: Int, kind: CheckpointKind, reason: String) {
        self.init(.checkpointAborted, task: -1, byCoordinator: true, peer: -1, channel: -1, checkpoint: id, attempt: nil, offset: nil,
                  record: nil, note: Int(kind == .savepoint ? CompactEvent.savepointBit : 0), snapshot: nil, text: reason)
    }

    /// `checkpoint-aborted` with one of Flink's failure reasons.
    @inlinable public init(aborted id: Int, kind: CheckpointKind, reason: CheckpointFailureReason) {
        self.init(aborted: id, kind: kind, reason: reason.name)
    }

    /// `transaction-committed`: a sink commits the transaction pre-committed under checkpoint `id`.
    @inlinable public init(committed id: Int, task: Int, records: [String]) {
        self.init(.transactionCommitted, task: task, byCoordinator: false, peer: -1, channel: -1, checkpoint: id, attempt: nil, offset: nil,
                  record: nil, note: -1, snapshot: nil, records: records)
    }

    /// A task's state: `snapshot-started` (state), `snapshot-completed` (state, bytes, channel
    /// state when unaligned), `task-restored` (checkpoint nil for a fresh start; attempt, state,
    /// input channel state when unaligned).
    public init(type: EventType, checkpoint: Int?, task: Int, attempt: Int? = nil, state: JSONValue, bytes: Int? = nil,
                channelState: JSONValue? = nil) {
        assert(CompactEvent.isTaskState(type), "\(type.rawValue) is not a task-state event")
        self.init(type, task: task, byCoordinator: false, peer: -1, channel: -1, checkpoint: checkpoint, attempt: attempt,
                  offset: nil, record: nil, note: -1, snapshot: SnapshotPayload(state: state, bytes: bytes, channelState: channelState))
    }

    /// A task's state whose payload is already made (a snapshot's state, shared by the events
    /// that carry it unchanged).
    @inlinable public init(type: EventType, checkpoint: Int?, task: Int, attempt: Int? = nil, payload: SnapshotPayload) {
        assert(CompactEvent.isTaskState(type), "\(type.rawValue) is not a task-state event")
        self.init(type, task: task, byCoordinator: false, peer: -1, channel: -1, checkpoint: checkpoint, attempt: attempt,
                  offset: nil, record: nil, note: -1, snapshot: payload)
    }

    @inlinable init(_ type: EventType, task: Int, byCoordinator: Bool, peer: Int, channel: Int, checkpoint: Int?, attempt: Int?,
                 offset: Int?, record: String?, note: Int, snapshot: SnapshotPayload?, text: String? = nil, records: [String]? = nil) {
        assert(checkpoint != .min && attempt != .min && offset != .min, "Int.min stands for none in a compact event")
        assert(offset == nil || attempt == nil, "an event has an offset or an attempt (or latest), not both")
        self.type = type
        self.task = Int32(truncatingIfNeeded: task)
        self.byCoordinator = byCoordinator
        self.peer = Int32(truncatingIfNeeded: peer)
        self.channel = Int32(truncatingIfNeeded: channel)
        self.checkpointValue = checkpoint ?? .min
        self.offsetOrAttempt = offset ?? attempt ?? .min
        assert([record != nil, snapshot != nil, text != nil, records != nil].filter { $0 }.count <= 1,
               "an event carries one of a record, a state, a text and records")
        self.note = Int32(truncatingIfNeeded: note)
        if let record {
            payload = .record(record)
        } else if let snapshot {
            payload = .snapshot(snapshot)
        } else if let text {
            payload = .text(text)
        } else if let records {
            payload = .records(records)
        } else {
            payload = .none
        }
    }

    /// Whether the peer is the receiver (`to`) rather than the sender (`from`).
    var peerIsReceiver: Bool {
        switch type {
        case .recordReceived, .barrierReceived: return false
        default: return true
        }
    }

    /// The `extra` fields `note` stands for.
    var extra: JSONObject? {
        guard note >= 0 else { return nil }
        switch type {
        case .barrierSent: return JSONObject("overtook", .int(Int(note)))
        case .barrierReceived: return JSONObject("buffered", .bool(true))
        default: return nil
        }
    }

    /// The trace event this stands for.
    public func traceEvent(names: EventNames) -> TraceEvent {
        if CompactEvent.isRunEvent(type) {
            let taskName = task >= 0 ? names.tasks[Int(task)] : nil
            return TraceEvent(seq: seq, time: time, type: type, actor: byCoordinator ? "coordinator" : taskName ?? "coordinator",
                              checkpoint: checkpoint, kind: kind, isFinal: isFinal, task: taskName,
                              channel: channel >= 0 ? names.channels[Int(channel)] : nil, records: records, reason: reason, cause: cause,
                              attempt: attempt, extra: isPeriodic.map { JSONObject("request", .string($0 ? "periodic" : "manual")) })
        }
        let taskName = names.tasks[Int(task)]
        var e = TraceEvent(seq: seq, time: time, type: type, actor: byCoordinator ? "coordinator" : taskName, checkpoint: checkpoint,
                           task: taskName, channel: channel >= 0 ? names.channels[Int(channel)] : nil, record: record, offset: offset,
                           attempt: attempt, latest: latest, state: snapshot?.state, bytes: snapshot?.bytes,
                           channelState: snapshot?.channelState, extra: extra)
        if peer >= 0 {
            if peerIsReceiver { e.to = names.tasks[Int(peer)] } else { e.from = names.tasks[Int(peer)] }
        }
        return e
    }
}

extension TraceSink {
    /// By default a compact event is recorded as the trace event it stands for.
    public func record(_ event: CompactEvent, names: EventNames) {
        record(event.traceEvent(names: names))
    }
}

extension TraceWriter {
    /// Writes a compact event's line directly: byte for byte the line of `event.traceEvent(names:)`.
    public static func appendLine(_ d: CompactEvent, names: EventNames, to out: inout [UInt8]) {
        // Run events are few: written as the trace event they stand for.
        if CompactEvent.isRunEvent(d.type) { return appendLine(d.traceEvent(names: names), to: &out) }
        let taskName = names.tasks[Int(d.task)]
        out.append(contentsOf: #"{"seq":"#.utf8)
        JSONWriter.writeInt(d.seq, into: &out)
        out.append(contentsOf: #","time":"#.utf8)
        JSONWriter.writeInt(d.time, into: &out)
        out.append(contentsOf: #","type":"#.utf8)
        JSONWriter.writeString(d.type.rawValue, into: &out)
        if d.byCoordinator {
            out.append(contentsOf: #","actor":"coordinator""#.utf8)
        } else {
            out.append(contentsOf: #","actor":"#.utf8)
            JSONWriter.writeString(taskName, into: &out)
        }
        if let v = d.checkpoint { out.append(contentsOf: #","checkpoint":"#.utf8); JSONWriter.writeInt(v, into: &out) }
        out.append(contentsOf: #","task":"#.utf8)
        JSONWriter.writeString(taskName, into: &out)
        if d.peer >= 0 {
            out.append(contentsOf: (d.peerIsReceiver ? #","to":"# : #","from":"#).utf8)
            JSONWriter.writeString(names.tasks[Int(d.peer)], into: &out)
        }
        if d.channel >= 0 { out.append(contentsOf: #","channel":"#.utf8); JSONWriter.writeString(names.channels[Int(d.channel)], into: &out) }
        if let v = d.record { out.append(contentsOf: #","record":"#.utf8); JSONWriter.writeString(v, into: &out) }
        if let v = d.offset { out.append(contentsOf: #","offset":"#.utf8); JSONWriter.writeInt(v, into: &out) }
        if let v = d.attempt { out.append(contentsOf: #","attempt":"#.utf8); JSONWriter.writeInt(v, into: &out) }
        if let v = d.latest { out.append(contentsOf: #","latest":"#.utf8); JSONWriter.writeInt(v, into: &out) }
        if let s = d.snapshot {
            out.append(contentsOf: #","state":"#.utf8); JSONWriter.write(s.state, into: &out)
            if let v = s.bytes { out.append(contentsOf: #","bytes":"#.utf8); JSONWriter.writeInt(v, into: &out) }
            if let v = s.channelState { out.append(contentsOf: #","channel-state":"#.utf8); JSONWriter.write(v, into: &out) }
        }
        if d.note >= 0 {
            switch d.type {
            case .barrierSent: out.append(contentsOf: #","overtook":"#.utf8); JSONWriter.writeInt(Int(d.note), into: &out)
            case .barrierReceived: out.append(contentsOf: #","buffered":true"#.utf8)
            default: break
            }
        }
        out.append(contentsOf: "}\n".utf8)
    }
}
