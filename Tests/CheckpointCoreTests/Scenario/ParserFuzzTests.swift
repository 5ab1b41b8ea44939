import CheckpointCheck
import CheckpointReplay
import CheckpointTestSupport
import CheckpointTrace
import Testing
@testable import CheckpointCore
@testable import CheckpointHarness

/// Our parsers never crash on hostile input, and every rejection is one line naming file, line and
/// column (issue 9); what they accept, the checker, replay and the simulator take without
/// crashing. The long run (also exports and diagrams) is `ckpt bench --what parse-fuzz`.
@Suite struct ParserFuzzTests {
    static let scenarioText = ScenarioParserTests.valid

    static func traceBytes() throws -> [UInt8] {
        try run(ScenarioParserTests.valid, seed: 3).bytes
    }

    @Test func mutatedTracesAreReadOrRejectedWithAPosition() throws {
        let valid = try Self.traceBytes()
        var mutator = InputMutator(seed: 1)
        var rejected = 0
        var consumed = 0
        for _ in 0..<3_000 {
            let input = mutator.mutate(valid)
            do {
                let trace = try TraceReader.read(input, file: "m.jsonl")
                #expect(trace.events.count <= valid.count)
                if consumed < 300 {
                    consumed += 1
                    _ = InvariantChecker.check(trace)
                    var replayer = Replayer(trace: trace)
                    _ = replayer.state(at: trace.events.count)
                }
            } catch {
                rejected += 1
                #expect(error.file == "m.jsonl" && error.line >= 1 && error.column >= 1)
                #expect(!error.message.isEmpty && !error.description.contains("\n"))
            }
        }
        #expect(rejected > 1_000)
    }

    @Test func mutatedScenariosParseOrAreRejectedWithAPosition() {
        let valid = Array(Self.scenarioText.utf8)
        var mutator = InputMutator(seed: 2)
        var rejected = 0
        var ran = 0
        for _ in 0..<2_000 {
            let input = mutator.mutate(valid)
            guard let text = String(validating: input, as: UTF8.self) else { rejected += 1; continue }
            do {
                let scenario = try ScenarioParser.parse(text, file: "m.yaml")
                do {
                    _ = try Simulator.runChecked(scenario, file: "m.yaml", options: RunOptions(maxSteps: 5_000), trace: NullTraceSink())
                    ran += 1
                } catch {
                    #expect(!error.message.isEmpty && !error.description.contains("\n"), "\(error)")
                }
            } catch {
                rejected += 1
                #expect(error.file == "m.yaml" && error.line >= 1 && error.column >= 1)
                #expect(!error.message.isEmpty && !error.description.contains("\n"), "\(error)")
            }
        }
        #expect(rejected > 500)
        #expect(ran > 50, "the accepted scenarios must run to mean anything")
    }

    @Test func aHugeLineIsReadWithoutTrouble() throws {
        var bytes = Array(try Self.traceBytes().prefix { $0 != 0x0A }) + [0x0A]
        bytes += Array(#"{"seq":0,"time":0,"type":"record-emitted","actor":"s[0]","task":"s[0]","record":""#.utf8)
        bytes += Array(repeating: UInt8(ascii: "x"), count: 20_000_000)
        bytes += Array("\"}\n".utf8)
        let trace = try TraceReader.read(bytes, file: "big.jsonl")
        #expect(trace.events.first?.record?.utf8.count == 20_000_000)
    }
}
