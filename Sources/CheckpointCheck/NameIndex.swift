import CheckpointTrace

/// Task and channel names as dense indices, so that the invariants keep per-task and per-channel
/// facts in arrays: the header topology's order first (the simulator's own indices), then any
/// name the topology does not list, in order of appearance.
struct NameIndex {
    /// Names numbered in order of first appearance.
    struct Interner {
        private(set) var names: [String] = []
        private var index: [String: Int] = [:]

        mutating func number(_ name: String) -> Int {
            if let i = index[name] { return i }
            index[name] = names.count
            names.append(name)
            return names.count - 1
        }
    }

    private var taskNames = Interner()
    private var channelNames = Interner()
    var tasks: [String] { taskNames.names }
    var channels: [String] { channelNames.names }

    init(topology: Topology) {
        for t in topology.tasks { _ = task(t.id) }
        for c in topology.channels { _ = channel(c.id) }
    }

    mutating func task(_ name: String) -> Int { taskNames.number(name) }
    mutating func channel(_ name: String) -> Int { channelNames.number(name) }

    /// Whether a compact event's indices mean the same names here (true for the simulator's own
    /// events, whose names come from the topology the header was made of).
    func agrees(with names: EventNames) -> Bool {
        names.tasks.count <= tasks.count && names.channels.count <= channels.count
            && names.tasks.elementsEqual(tasks.prefix(names.tasks.count))
            && names.channels.elementsEqual(channels.prefix(names.channels.count))
    }
}

/// What the invariants read of a checkpoint message (a trace event or a compact one).
struct MessageRef {
    var type: EventType
    var seq: Int
    var time: Int
    var checkpoint: Int?
    var task: Int?
    var channel: Int?
    var attempt: Int?
    /// A barrier that went into the alignment buffer.
    var buffered: Bool
}

/// What the invariants read of a task-state event (`snapshot-started`, `snapshot-completed`,
/// `task-restored`), a trace event or a compact one.
struct StateRef {
    var type: EventType
    var seq: Int
    var time: Int
    var checkpoint: Int?
    var task: Int?
    /// The state and channel state of a trace event, or the payload of a compact one: its state
    /// is made only if a rule reads it (ExactlyOnce, at a keyed count's restore), and neither is
    /// copied until read.
    var eagerState: JSONValue?
    var eagerChannelState: JSONValue?
    var payload: CompactEvent.SnapshotPayload?

    var state: JSONValue? { payload?.state ?? eagerState }
    var channelState: JSONValue? { payload?.channelState ?? eagerChannelState }
}

/// What the invariants read of a data-path event (a trace event or a compact one): tasks and
/// channels as indices.
struct DataRef {
    var type: EventType
    var seq: Int
    var task: Int?
    var channel: Int?
    var record: String?
}
