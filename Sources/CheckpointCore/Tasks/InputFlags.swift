/// One flag per input channel of a task (which inputs delivered a barrier): the first 64 inline,
/// so starting an alignment allocates nothing for the usual task.
public struct InputFlags: Sendable, Equatable {
    /// How many inputs there are.
    public let count: Int
    private var low: UInt64 = 0
    private var high: [UInt64]

    /// `count` flags, all false.
    public init(count: Int) {
        self.count = count
        high = count > 64 ? Array(repeating: 0, count: (count - 1) / 64) : []
    }

    public subscript(i: Int) -> Bool {
        get {
            precondition(i >= 0 && i < count, "input \(i) of \(count)")
            return i < 64 ? low & (1 << UInt64(i)) != 0 : high[i / 64 - 1] & (1 << UInt64(i % 64)) != 0
        }
        set {
            precondition(i >= 0 && i < count, "input \(i) of \(count)")
            let bit = UInt64(1) << UInt64(i % 64)
            if i < 64 {
                if newValue { low |= bit } else { low &= ~bit }
            } else {
                if newValue { high[i / 64 - 1] |= bit } else { high[i / 64 - 1] &= ~bit }
            }
        }
    }
}
