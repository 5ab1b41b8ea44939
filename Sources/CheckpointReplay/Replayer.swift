import CheckpointTrace

/// Answers "what is the state at step k" for any k of a trace, quickly and in any order.
///
/// Replaying from the start for every jump would cost O(n) per jump, so the replayer keeps a copy
/// of the state every `interval` events (taken during one pass at creation) and replays at most
/// `interval - 1` events from the nearest copy at or before k. A small forward move from the last
/// answer (stepping) replays only the events in between.
public struct Replayer: Sendable {
    public let trace: Trace
    public let layout: ReplayLayout
    public let interval: Int
    private var checkpoints: [ReplayState] = []
    private var cursor: ReplayState

    /// The number of events; steps run from 0 (nothing applied) to `count`.
    public var count: Int { trace.events.count }

    public init(trace: Trace, interval: Int = 1024) {
        self.trace = trace
        self.interval = max(1, interval)
        layout = ReplayLayout(header: trace.header, events: trace.events)
        var state = layout.initialState
        var saved: [ReplayState] = [state]
        saved.reserveCapacity(trace.events.count / self.interval + 1)
        let events = trace.events
        for i in events.indices {
            state.apply(events[i], layout: layout, previous: i > 0 ? events[i - 1] : nil)
            if (i + 1) % self.interval == 0 { saved.append(state) }
        }
        checkpoints = saved
        cursor = saved[0]
    }

    /// The state after the first `step` events (`0...count`; clamped).
    public mutating func state(at step: Int) -> ReplayState {
        let k = min(max(0, step), count)
        if k < cursor.step || k - cursor.step >= interval {
            cursor = checkpoints[k / interval]
        }
        let events = trace.events
        while cursor.step < k {
            let i = cursor.step
            cursor.apply(events[i], layout: layout, previous: i > 0 ? events[i - 1] : nil)
        }
        return cursor
    }

    /// The state after `step` events, replayed from the very start: the slow reference that
    /// seeking must agree with.
    public func stateFromStart(at step: Int) -> ReplayState {
        var s = layout.initialState
        let events = trace.events
        for i in 0..<min(max(0, step), count) { s.apply(events[i], layout: layout, previous: i > 0 ? events[i - 1] : nil) }
        return s
    }
}
