import CGraphviz
import Foundation

/// Why Graphviz could not lay out or render a graph.
public struct GraphvizError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "Graphviz: \(message)" }
}

/// An output format Graphviz renders in memory.
public enum GraphvizFormat: String, Sendable, CaseIterable {
    case svg, png, pdf
}

/// A thin wrapper over libgvc: one context, graphs read from DOT text, laid out and rendered to
/// bytes in memory (agmemread → gvLayout → gvRenderData → free everything). libgvc is not
/// thread-safe, so every call holds one lock.
public enum Graphviz {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var context: OpaquePointer?
    nonisolated(unsafe) private static var errors = ""

    /// Lays out `dot` with `engine` (`dot`, `neato`, `nop2` for positions given in the DOT) and
    /// renders it.
    public static func render(dot: String, engine: String, format: GraphvizFormat) throws(GraphvizError) -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        errors = ""
        if context == nil {
            _ = agseterrf { message in
                if let message { Graphviz.errors += String(cString: message) }
                return 0
            }
            context = gvContext()
        }
        guard let gvc = context else { throw GraphvizError(message: "cannot create a Graphviz context") }
        guard let graph = dot.withCString({ agmemread($0) }) else {
            throw GraphvizError(message: "the DOT text does not parse: \(lastError())")
        }
        defer { agclose(graph) }
        guard gvLayout(gvc, graph, engine) == 0 else {
            throw GraphvizError(message: "layout '\(engine)' failed: \(lastError())")
        }
        defer { gvFreeLayout(gvc, graph) }
        var data: UnsafeMutablePointer<CChar>?
        var length: UInt32 = 0
        guard gvRenderData(gvc, graph, format.rawValue, &data, &length) == 0, let data else {
            throw GraphvizError(message: "rendering \(format.rawValue) failed: \(lastError())")
        }
        defer { gvFreeRenderData(data) }
        return data.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { Array(UnsafeBufferPointer(start: $0, count: Int(length))) }
    }

    private static func lastError() -> String {
        let text = errors.isEmpty ? (aglasterr().map { String(cString: $0) } ?? "unknown error") : errors
        return text.split(whereSeparator: \.isNewline).joined(separator: "; ")
    }
}
