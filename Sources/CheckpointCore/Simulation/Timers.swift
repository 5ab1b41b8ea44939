/// What a timer does when it fires.
public enum TimerKind: Sendable, Equatable {
    /// The periodic checkpoint trigger (CheckpointCoordinator.ScheduledTrigger).
    case periodicTrigger
    /// A pending checkpoint's timeout (CheckpointCanceller).
    case checkpointTimeout(checkpoint: Int)
    /// The end of a task's asynchronous snapshot phase.
    case asyncPhaseEnd(task: Int, checkpoint: Int, attempt: Int)
}

/// A timer: due time, creation order (ties), and what it does.
public struct SimTimer: Sendable {
    public var due: Int
    public var order: Int
    public var kind: TimerKind
}

/// The pending timers, kept sorted by due time then creation.
public struct TimerQueue: Sendable {
    public private(set) var timers: [SimTimer] = []
    private var nextOrder = 0

    public init() {}

    public mutating func schedule(_ kind: TimerKind, at due: Int) {
        let timer = SimTimer(due: due, order: nextOrder, kind: kind)
        nextOrder += 1
        var i = timers.count
        while i > 0 && timers[i - 1].due > due { i -= 1 }
        timers.insert(timer, at: i)
    }

    public var next: SimTimer? { timers.first }

    public mutating func popFirst() -> SimTimer? { timers.isEmpty ? nil : timers.removeFirst() }

    public mutating func cancel(where predicate: (TimerKind) -> Bool) { timers.removeAll { predicate($0.kind) } }

    public mutating func removeAll() { timers.removeAll() }

    /// Empty, numbering timers from the start again (a restarted run), keeping the storage.
    mutating func reset() {
        timers.removeAll(keepingCapacity: true)
        nextOrder = 0
    }

    public var isEmpty: Bool { timers.isEmpty }
}
