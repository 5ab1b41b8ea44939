import CheckpointTrace

/// What an imported trace's `import` header says about what it read, beyond the events.
enum ImportInfo {
    /// `"out-of-range": {"count": N, "first": PLACE}` for values that were there but could not be
    /// read (an id or time beyond 2^63−1, a fraction, text for a number); nil when there were none.
    /// `lines`: how many of them are whole log lines left out.
    static func outOfRange(_ places: [String], lines: Int = 0) -> JSONValue? {
        guard let first = places.first else { return nil }
        var o = JSONObject(["count": .int(places.count), "first": .string(first)])
        if lines > 0 { o["lines"] = .int(lines) }
        return .object(o)
    }
}
