/// A set of small non-negative indices (tasks, a task's inputs): a bit per index, the first 64
/// inline, so the usual set allocates nothing. The simulator keeps which inputs delivered a
/// barrier and which tasks acked in one; the checker, which acks it has seen.
public struct SmallIndexSet: Sendable, Equatable {
    private var low: UInt64 = 0
    private var high: [UInt64] = []

    public init() {}

    public func contains(_ i: Int) -> Bool {
        if i < 0 { return false }
        if i < 64 { return low & (1 << UInt64(i)) != 0 }
        let w = i / 64 - 1
        return w < high.count && high[w] & (1 << UInt64(i % 64)) != 0
    }

    /// Adds `i`; returns whether it was new.
    @discardableResult
    public mutating func insert(_ i: Int) -> Bool {
        precondition(i >= 0, "an index in a SmallIndexSet is never negative")
        let bit = UInt64(1) << UInt64(i % 64)
        if i < 64 {
            defer { low |= bit }
            return low & bit == 0
        }
        let w = i / 64 - 1
        if w >= high.count { high += repeatElement(0, count: w + 1 - high.count) }
        defer { high[w] |= bit }
        return high[w] & bit == 0
    }

    /// How many indices the set holds.
    public var count: Int { high.reduce(low.nonzeroBitCount) { $0 + $1.nonzeroBitCount } }

    /// Empties the set, keeping its storage.
    public mutating func removeAll() {
        low = 0
        high.removeAll(keepingCapacity: true)
    }
}
