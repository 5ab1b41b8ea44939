/// A JSON value with object keys kept in order, so that what we write is byte-for-byte stable.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value at `key` when this is an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    public var intValue: Int? { if case .int(let v) = self { return v }; return nil }
    public var stringValue: String? { if case .string(let v) = self { return v }; return nil }
    public var boolValue: Bool? { if case .bool(let v) = self { return v }; return nil }
    public var arrayValue: [JSONValue]? { if case .array(let v) = self { return v }; return nil }
    public var objectValue: JSONObject? { if case .object(let v) = self { return v }; return nil }

    /// The value as it would be written, for messages and loose comparisons ("2" matches 2).
    public var scalarText: String {
        switch self {
        case .string(let s): return s
        default: return JSONWriter.string(self)
        }
    }

    /// The JSON type name, for error messages ("expected an integer, found a string").
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON object: ordered key/value pairs (lookups are linear; objects here are small).
public struct JSONObject: Sendable, Hashable {
    public var entries: [Entry]

    /// One key/value pair of an object.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: JSONValue
        public init(_ key: String, _ value: JSONValue) { self.key = key; self.value = value }
    }

    public init(_ entries: [Entry] = []) { self.entries = entries }

    /// An object of one entry (without the list of pairs a literal makes first).
    public init(_ key: String, _ value: JSONValue) { entries = [Entry(key, value)] }

    /// Builds an object from pairs, keeping their order.
    public init(_ pairs: KeyValuePairs<String, JSONValue>) {
        entries = pairs.map { Entry($0.key, $0.value) }
    }

    /// Builds an object from a dictionary with its keys sorted, for deterministic output.
    public init(sorted dictionary: [String: JSONValue]) {
        entries = dictionary.keys.sorted().map { Entry($0, dictionary[$0]!) }
    }

    public subscript(key: String) -> JSONValue? {
        get { entries.first(where: { $0.key == key })?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append(Entry(key, newValue))
            }
        }
    }

    public var keys: [String] { entries.map(\.key) }
    public var isEmpty: Bool { entries.isEmpty }
}
