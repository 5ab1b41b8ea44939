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

    /// Makes a record visible (a plain sink's write, or one record of a committed transaction).
    public mutating func make(visible record: String) {
        records[record, default: 0] += 1
        if let value = Records.value(ofCountRecord: record) {
            visible[Records.key(ofCountRecord: record)] = value
        } else {
            visible[record] = String(records[record]!)
        }
    }

    /// Commits a transaction once; false if it was already committed (a second commit is ignored).
    public mutating func commit(_ id: TransactionID, records list: [String]) -> Bool {
        guard committed.insert(id).inserted else { return false }
        for r in list { make(visible: r) }
        return true
    }
}
