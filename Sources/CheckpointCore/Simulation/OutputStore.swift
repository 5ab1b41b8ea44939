/// The outside world the sinks write to: what is visible per key, and which transactions committed.
public struct OutputStore: Sendable {
    /// Per key, the last visible value (`key=count` records; other records count their occurrences).
    public private(set) var visible: [String: String] = [:]
    /// Every visible record, as a multiset.
    public private(set) var records: [String: Int] = [:]
    /// Committed transactions: (sink task index, checkpoint id). Commits are idempotent.
    public private(set) var committed: Set<TransactionID> = []

    /// A two-phase-commit transaction's identity.
    public struct TransactionID: Sendable, Hashable {
        public var task: Int
        public var checkpoint: Int
    }

    public init() {}

    /// Empty again, keeping storage (a restarted run).
    mutating func reset() {
        visible.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
        committed.removeAll(keepingCapacity: true)
    }

    /// Makes a record visible (a plain sink's write, or one record of a committed transaction).
    public mutating func make(visible record: String) {
        let n = Simulator.increment(&records[record, default: 0])
        if let eq = record.utf8.lastIndex(of: UInt8(ascii: "=")) {
            visible[String(record[..<eq])] = String(record[record.index(after: eq)...])
        } else {
            visible[record] = String(n)
        }
    }

    /// Commits a transaction once; false if it was already committed (a second commit is ignored).
    public mutating func commit(_ id: TransactionID, records list: [String]) -> Bool {
        guard committed.insert(id).inserted else { return false }
        for r in list { make(visible: r) }
        return true
    }
}
