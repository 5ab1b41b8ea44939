/// A set of small non-negative indices (tasks): a bit per index, the first 64 inline, so a set of
/// a job's tasks usually allocates nothing.
struct TaskSet: Sendable, Equatable {
    private var low: UInt64 = 0
    private var high: [UInt64] = []

    init() {}

    func contains(_ i: Int) -> Bool {
        if i < 0 { return false }
        if i < 64 { return low & (1 << UInt64(i)) != 0 }
        let w = i / 64 - 1
        return w < high.count && high[w] & (1 << UInt64(i % 64)) != 0
    }

    mutating func insert(_ i: Int) {
        precondition(i >= 0, "a task index is never negative")
        if i < 64 { low |= 1 << UInt64(i); return }
        let w = i / 64 - 1
        if w >= high.count { high += repeatElement(0, count: w + 1 - high.count) }
        high[w] |= 1 << UInt64(i % 64)
    }
}
