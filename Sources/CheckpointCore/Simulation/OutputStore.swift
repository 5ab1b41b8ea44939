/// The outside world the sinks write to: what is visible per key, and which transactions committed.
public struct OutputStore: Sendable {
    /// Every record made visible, in order. What is visible per key and the multiset of records
    /// are made from it when read (the end of a run, an expectation), not at every write: a fuzzed
    /// run writes thousands of records and reads neither.
    public private(set) var log: [String] = []
    /// Committed transactions: (sink task index, checkpoint id). Commits are idempotent.
    public private(set) var committed: Set<TransactionID> = []

    /// A two-phase-commit transaction's identity.
    public struct TransactionID: Sendable, Hashable {
        public var task: Int
        public var checkpoint: Int
    }

    public init() {}

    /// Per key, the last visible value: a `key=count` record sets its key to its count; another
    /// record counts its occurrences.
    public var visible: [String: String] {
        var visible: [String: String] = [:]
        var seen: [String: Int] = [:]
        for record in log {
            if let eq = record.utf8.lastIndex(of: UInt8(ascii: "=")) {
                visible[String(record[..<eq])] = String(record[record.index(after: eq)...])
            } else {
                visible[record] = String(Simulator.increment(&seen[record, default: 0]))
            }
        }
        return visible
    }

    /// Every visible record, as a multiset.
    public var records: [String: Int] {
        var records: [String: Int] = [:]
        for record in log { records[record, default: 0] += 1 }
        return records
    }

    /// Empty again, keeping storage (a restarted run).
    mutating func reset() {
        log.removeAll(keepingCapacity: true)
        committed.removeAll(keepingCapacity: true)
    }

    /// Makes a record visible (a plain sink's write, or one record of a committed transaction).
    public mutating func make(visible record: String) {
        log.append(record)
    }

    /// Commits a transaction once; false if it was already committed (a second commit is ignored).
    public mutating func commit(_ id: TransactionID, records list: [String]) -> Bool {
        guard committed.insert(id).inserted else { return false }
        for r in list { make(visible: r) }
        return true
    }
}
