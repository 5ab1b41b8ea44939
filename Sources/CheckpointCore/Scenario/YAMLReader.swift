import CheckpointTrace
import Yams

/// Typed access to a composed YAML tree, with `FILE:LINE:COL` errors that say what was expected.
struct YAMLReader {
    let file: String

    func error(_ node: Node?, _ message: String) -> InputError {
        let mark = node?.mark
        return InputError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message)
    }

    func position(_ node: Node) -> SourcePosition {
        SourcePosition(line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    /// Digits with an optional sign: an integer, however large.
    static func isWholeNumber(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return s.string.isEmpty ? "an empty value" : "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// The entries of a mapping, refusing duplicate keys and keys outside `allowed`.
    func mapping(_ node: Node, _ what: String, allowed: [String]? = nil) throws(InputError) -> [(key: String, keyNode: Node, value: Node)] {
        guard case .mapping(let m) = node else {
            throw error(node, "\(what) must be a mapping (key: value), found \(YAMLReader.describe(node))")
        }
        var seen: Set<String> = []
        var out: [(String, Node, Node)] = []
        for (k, v) in m {
            guard case .scalar(let s) = k else { throw error(k, "\(what): keys must be plain words") }
            let key = s.string
            if !seen.insert(key).inserted { throw error(k, "\(what): '\(key)' is given twice") }
            if let allowed, !allowed.contains(key) {
                throw error(k, "\(what): unknown key '\(key)' (expected one of: \(allowed.joined(separator: ", ")))")
            }
            out.append((key, k, v))
        }
        return out
    }

    func sequence(_ node: Node, _ what: String) throws(InputError) -> [Node] {
        guard case .sequence(let s) = node else { throw error(node, "\(what) must be a list, found \(YAMLReader.describe(node))") }
        return Array(s)
    }

    func string(_ node: Node, _ what: String) throws(InputError) -> String {
        guard case .scalar(let s) = node else { throw error(node, "\(what) must be a text value, found \(YAMLReader.describe(node))") }
        return s.string
    }

    func int(_ node: Node, _ what: String, range: ClosedRange<Int> = Int.min...Int.max) throws(InputError) -> Int {
        guard case .scalar(let s) = node, s.style == .plain || s.style == .any, let v = Int(s.string) else {
            if case .scalar(let s) = node, YAMLReader.isWholeNumber(s.string) {
                throw error(node, "\(what) is out of range: \(s.string) does not fit 64 bits (at most \(Int.max))")
            }
            throw error(node, "\(what) must be an integer, found \(YAMLReader.describe(node))")
        }
        guard range.contains(v) else {
            let bounds = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
            throw error(node, "\(what) must be \(bounds), found \(v)")
        }
        return v
    }

    func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ what: String, _: T.Type) throws(InputError) -> T where T.RawValue == String {
        let s = try string(node, what)
        guard let v = T(rawValue: s) else {
            throw error(node, "\(what) must be one of \(T.allCases.map(\.rawValue).joined(separator: " | ")), found '\(s)'")
        }
        return v
    }

    /// A scalar as a JSON value: plain integers, booleans and null keep their type, the rest is text.
    func jsonScalar(_ node: Node, _ what: String) throws(InputError) -> JSONValue {
        guard case .scalar(let s) = node else { throw error(node, "\(what) must be a single value, found \(YAMLReader.describe(node))") }
        if s.style == .plain || s.style == .any {
            if let i = Int(s.string) { return .int(i) }
            switch s.string {
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            case "null", "Null", "NULL", "~": return .null
            default: break
            }
        }
        return .string(s.string)
    }

    /// Any value as JSON: a scalar as `jsonScalar` reads it, a mapping as an object (in the
    /// order written), a list as an array; at most `depth` levels deep.
    func json(_ node: Node, _ what: String, depth: Int = 32) throws(InputError) -> JSONValue {
        guard depth > 0 else { throw error(node, "\(what): nested too deeply (at most 32 levels)") }
        switch node {
        case .scalar: return try jsonScalar(node, what)
        case .mapping:
            var object = JSONObject()
            for (key, _, value) in try mapping(node, what) { object.entries.append(.init(key, try json(value, "\(what).\(key)", depth: depth - 1))) }
            return .object(object)
        case .sequence(let items):
            var array: [JSONValue] = []
            for (i, item) in items.enumerated() { array.append(try json(item, "\(what)[\(i)]", depth: depth - 1)) }
            return .array(array)
        case .alias:
            throw error(node, "\(what) must be a value, a mapping or a list, found an alias")
        }
    }
}
