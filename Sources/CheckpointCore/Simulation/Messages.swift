import CheckpointTrace

/// What travels on a channel: data-plane items between tasks and RPCs to and from the coordinator.
public enum ChannelItem: Sendable {
    case record(String)
    case barrier(checkpoint: Int, kind: CheckpointKind)
    case cancelMarker(checkpoint: Int)
    case trigger(checkpoint: Int, kind: CheckpointKind)
    case notifyComplete(checkpoint: Int)
    /// `latest`: the newest checkpoint in the store when the abort was sent.
    case notifyAborted(checkpoint: Int, latest: Int?)
    case ack(checkpoint: Int, attempt: Int, snapshot: TaskSnapshot)
    case decline(checkpoint: Int, attempt: Int, reason: CheckpointFailureReason)

    public var isRecord: Bool { if case .record = self { return true }; return false }
}

extension FIFO where Element == ChannelItem {
    /// Puts an unaligned barrier (or marker) ahead of every record, behind earlier priority events.
    mutating func insertPriorityEvent(_ item: ChannelItem) {
        insertPriority(item) { !$0.isRecord }
    }
}

/// The state a task captured for one checkpoint, as it is acked to the coordinator and restored:
/// made when the snapshot completes, and never changed after. A class, so that the ack, the
/// pending checkpoint and the store share it instead of copying its lists.
public final class TaskSnapshot: Sendable {
    /// The operator state with its event payloads (shared by the snapshots of a task whose state
    /// did not change in between).
    let captured: CapturedState
    /// The operator state (what `task-restored` shows).
    public var state: OperatorState { captured.state }
    /// Unaligned mode: records in flight on input channels (channel index → records), in order.
    public let inputChannelState: [Int: [String]]
    /// Unaligned mode: records the barrier overtook on output channels (channel index → records).
    public let outputChannelState: [Int: [String]]

    init(captured: CapturedState, inputChannelState: [Int: [String]] = [:], outputChannelState: [Int: [String]] = [:]) {
        self.captured = captured
        self.inputChannelState = inputChannelState
        self.outputChannelState = outputChannelState
    }

    /// The snapshot's size as `bytes` reports it: the encoded state plus the channel state's records.
    public var bytes: Int {
        var n = captured.bytes
        for (_, records) in inputChannelState { for r in records { n += r.utf8.count } }
        for (_, records) in outputChannelState { for r in records { n += r.utf8.count } }
        return n
    }
}

/// An operator state as snapshots carry it, with the payload of the events that show it, made
/// once per distinct state. Its JSON is made only when something reads it (a trace being
/// written, the checker at a restore): see `CompactEvent.SnapshotPayload`.
final class CapturedState: Sendable {
    let state: OperatorState
    /// The length of the state's JSON: every ack adds it to its checkpoint's size.
    let bytes: Int
    let payload: CompactEvent.SnapshotPayload
    /// What `snapshot-completed` carries for a snapshot without channel state (not unaligned).
    let completedPayload: CompactEvent.SnapshotPayload

    init(_ state: OperatorState) {
        self.state = state
        bytes = state.encodedCount
        payload = CompactEvent.SnapshotPayload(source: state, bytes: nil, channelState: nil)
        completedPayload = CompactEvent.SnapshotPayload(source: state, bytes: bytes, channelState: nil)
    }

    /// The state of a task of this kind that starts afresh (no checkpoint restored): one for every
    /// task of the kind. A stateless operator's and a plain sink's state is always this one.
    static func fresh(kind: OperatorKind, delivery: SinkDelivery) -> CapturedState {
        switch kind {
        case .source: return freshStates[0]
        case .tokenize, .map: return freshStates[1]
        case .keyedCount: return freshStates[2]
        case .sink: return delivery == .transactional ? freshStates[4] : freshStates[3]
        }
    }

    private static let freshStates = [OperatorState.source(offset: 0), .stateless, .keyedCount([:]), .plainSink, .transactionalSink(pending: [])]
        .map(CapturedState.init)
}

/// The state of one operator instance.
public enum OperatorState: Sendable, Equatable, StateSource {
    public var stateJSON: JSONValue { json }
    public var keyedCounts: [String: Int]? { if case .keyedCount(let counts) = self { return counts }; return nil }

    case source(offset: Int)
    case stateless
    case keyedCount([String: Int])
    case plainSink
    /// Pre-committed transactions not yet committed: (checkpoint id, records), ascending ids.
    case transactionalSink(pending: [PendingTransaction])

    /// The length of `json` as written, counted without making it (`JSONWriter.encodedCount(json)`).
    public var encodedCount: Int {
        switch self {
        case .source(let offset): return 11 + JSONWriter.intCount(offset)  // {"offset":N}
        case .stateless, .plainSink: return 2  // {}
        case .keyedCount(let counts):
            // {"counts":{"k":n,...}}: the order of the keys does not change the length.
            var n = 11 + 2 + max(0, counts.count - 1)
            for (key, value) in counts { n += JSONWriter.stringCount(key) + 1 + JSONWriter.intCount(value) }
            return n
        case .transactionalSink(let pending):
            // {"transactions":[...]}
            var n = 17 + 2 + max(0, pending.count - 1)
            for p in pending { n += p.encodedCount }
            return n
        }
    }

    /// The JSON form written as `state` in traces (docs/trace-events.md).
    public var json: JSONValue {
        switch self {
        case .source(let offset): return .object(JSONObject("offset", .int(offset)))
        case .stateless, .plainSink: return .object(JSONObject())
        case .keyedCount(let counts):
            // Keys sorted, for deterministic output (the same as `JSONObject(sorted:)`, with fewer lists).
            let entries = counts.sorted { $0.key < $1.key }.map { JSONObject.Entry($0.key, .int($0.value)) }
            return .object(JSONObject([JSONObject.Entry("counts", .object(JSONObject(entries)))]))
        case .transactionalSink(let pending):
            return .object(JSONObject([JSONObject.Entry("transactions", .array(pending.map(\.json)))]))
        }
    }
}

/// A transaction of a two-phase-commit sink, pre-committed under a checkpoint id.
public struct PendingTransaction: Sendable, Equatable {
    public let checkpoint: Int
    public let records: [String]
    /// The length of `json` as written, counted once without making it: every snapshot until the
    /// commit adds it to the sink's size.
    public let encodedCount: Int

    public init(checkpoint: Int, records: [String]) {
        self.checkpoint = checkpoint
        self.records = records
        // {"checkpoint":N,"records":[...]}
        var n = 26 + JSONWriter.intCount(checkpoint) + 2 + max(0, records.count - 1)
        for r in records { n += JSONWriter.stringCount(r) }
        encodedCount = n
    }

    /// How the transaction appears in the sink's state (made when a state's JSON is).
    public var json: JSONValue {
        .object(JSONObject([JSONObject.Entry("checkpoint", .int(checkpoint)), JSONObject.Entry("records", .array(records.map { .string($0) }))]))
    }
}
