import CheckpointTrace

/// The state lines of the HTML page, each stored whole or as an edit of a line of the step before:
/// `[base, keep, middle, keepEnd]` is the first `keep` and the last `keepEnd` UTF-16 units of line
/// `base` around `middle` (the page's script joins them; JavaScript strings count UTF-16 units).
///
/// A channel's line loses its head and gains a tail, a sink's output gains a record: storing each
/// new version whole would make a long run's page grow with the square of its length.
struct LineEdits {
    /// What the page stores for each line, in order.
    private(set) var entries: [JSONValue] = []
    /// Every line so far, in UTF-16 units, to compare a new one with.
    private var units: [[UInt16]] = []
    /// How many edits separate each line from a whole one: the script resolves at most `maxDepth`.
    private var depth: [Int] = []
    static let maxDepth = 32
    /// An edit that keeps fewer units than this is not worth its indirection.
    static let minKept = 48

    /// Stores `line`, as an edit of the previous step's line at or near `position` if one is close.
    mutating func add(_ line: String, near position: Int, in previous: [Int]) {
        let new = Array(line.utf16)
        var best: (base: Int, keep: Int, keepEnd: Int)?
        for offset in [0, -1, 1, -2, 2] {
            let at = position + offset
            guard at >= 0, at < previous.count else { continue }
            let base = previous[at]
            guard depth[base] < Self.maxDepth else { continue }
            let (keep, keepEnd) = Self.kept(units[base], new)
            if keep + keepEnd >= Self.minKept, keep + keepEnd > (best.map { $0.keep + $0.keepEnd } ?? 0) {
                best = (base, keep, keepEnd)
            }
        }
        units.append(new)
        guard let best else {
            entries.append(.string(line))
            depth.append(0)
            return
        }
        let middle = String(decoding: new[best.keep..<(new.count - best.keepEnd)], as: UTF16.self)
        entries.append(.array([.int(best.base), .int(best.keep), .string(middle), .int(best.keepEnd)]))
        depth.append(depth[best.base] + 1)
    }

    /// The common beginning and end of two lines, not overlapping, never splitting a surrogate pair.
    static func kept(_ old: [UInt16], _ new: [UInt16]) -> (Int, Int) {
        let limit = min(old.count, new.count)
        var keep = 0
        while keep < limit && old[keep] == new[keep] { keep += 1 }
        if keep > 0 && UTF16.isLeadSurrogate(new[keep - 1]) { keep -= 1 }
        var keepEnd = 0
        while keepEnd < limit - keep && old[old.count - 1 - keepEnd] == new[new.count - 1 - keepEnd] { keepEnd += 1 }
        if keepEnd > 0 && UTF16.isTrailSurrogate(new[new.count - keepEnd]) { keepEnd -= 1 }
        return (keep, keepEnd)
    }
}
