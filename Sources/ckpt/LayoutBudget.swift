import CheckpointRender

/// Graphviz's layout time grows faster than a diagram: above a budget of nodes and edges,
/// `ckpt render` (every kind, and the web page) refuses with the size and the ways past it.
enum LayoutBudget {
    /// Refuses `diagram` when it is over `maxElements` (or its kind's default budget). A web
    /// page shows the whole trace, so it can only leave records out (no --data) or raise the limit.
    static func check(_ diagram: Diagram, kind: String, maxElements: Int?, name: String,
                      page: Bool = false, records: Bool = false) throws {
        let elements = diagram.elements
        let budget = maxElements ?? diagram.defaultLayoutBudget
        guard budget > 0 && elements > budget else { return }
        let ways = page
            ? (records ? "draw it without records (leave out --data) or pass" : "pass") + " --max-elements \(elements)"
            : "narrow it (--from/--to, --checkpoint, --tasks\(kind == "topology" ? ", --by operator" : "")), write --format dot (no layout), or pass --max-elements \(elements)"
        throw UsageFailure("\(name): the \(kind) diagram has \(elements) nodes and edges, more than \(maxElements != nil ? "--max-elements \(budget)" : "the \(budget) Graphviz lays out in a few seconds"); " + ways)
    }
}
