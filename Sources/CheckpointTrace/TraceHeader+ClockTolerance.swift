extension TraceHeader {
    /// The clock tolerance for an imported trace: a real log stamps a line when it is written,
    /// which can be a few milliseconds after the decision it reports (a simulated trace needs none).
    public static let importedClockTolerance = 10

    /// Milliseconds by which time comparisons of this trace may be off: `importedClockTolerance`
    /// for a trace imported from a real Flink, 0 for a simulated one.
    public var clockTolerance: Int { importInfo != nil ? Self.importedClockTolerance : 0 }
}
