import Testing
@testable import CheckpointTrace

@Suite struct JSONParserTests {
    @Test func parsesNestedValuesKeepingKeyOrder() throws {
        let v = try JSONParser.parse(#"{"b":1,"a":[true,null,"x\n\u00e9"],"c":{"d":-2.5}}"#)
        #expect(v.objectValue?.keys == ["b", "a", "c"])
        #expect(v["a"] == .array([.bool(true), .null, .string("x\né")]))
        #expect(v["c"]?["d"] == .double(-2.5))
    }

    @Test func writerAndParserRoundTrip() throws {
        let v: JSONValue = .object(JSONObject(["s": .string("q\"\\<>&{}\u{1}"), "n": .int(-42), "e": .array([])]))
        let text = JSONWriter.string(v)
        #expect(text == #"{"s":"q\"\\<>&{}\u0001","n":-42,"e":[]}"#)
        #expect(try JSONParser.parse(text) == v)
    }

    @Test(arguments: [
        (#"{"a":1,}"#, 8), (#"{"a" 1}"#, 6), (#"[1,2"#, 5), (#"{"a":tru}"#, 6), (#""abc"#, 5), (#"{} x"#, 4),
    ])
    func reportsTheColumnOfTheFirstProblem(text: String, column: Int) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        do { _ = try JSONParser.parse(text) } catch { #expect(error.column == column, "\(text): \(error.message)") }
    }

    @Test func refusesDeepNestingInsteadOfCrashing() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func refusesInvalidUTF8() {
        let bytes: [UInt8] = [0x22, 0xFF, 0xFE, 0x22]
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
    }
}
