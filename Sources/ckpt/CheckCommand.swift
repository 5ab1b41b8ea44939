import ArgumentParser
import CheckpointCheck
import CheckpointTrace
import Foundation

/// `ckpt check`: validate a trace against the trace format and check every invariant offline.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a trace and check every invariant offline.",
        discussion: """
        Exit status: 0 every invariant held, 1 one was violated (which, at which seq, why), 2 bad input \
        (a file that is not a ckpt-trace/1 trace, with its line and column). The exactly-once invariants need a \
        failure-free run to compare with: give its trace with --reference.
        """)

    @Argument(help: "The trace file (ckpt-trace/1 JSON Lines).")
    var trace: String

    @Option(help: "A failure-free trace of the same job: the exactly-once invariants compare with it.")
    var reference: String?

    @Flag(help: "Print the result as JSON.")
    var json = false

    func run() throws {
        let t = try Files.readCheckedTrace(trace)
        var ref: ReferenceOutcome?
        if let reference {
            let r = try Files.readTrace(reference)
            if let mismatch = ReferenceDerivation.mismatch(trace: t.header, reference: r.header) {
                throw UsageFailure("\(reference):1:1: not a reference for \(trace): \(mismatch); give a failure-free run of the same scenario")
            }
            ref = ReferenceDerivation.outcome(of: r)
        }
        let violations = InvariantChecker.check(t, reference: ref)
        let alreadyReported = t.events.filter { $0.type == .invariantViolated }.count
        if json {
            let o = JSONObject([
                "trace": .string(trace), "events": .int(t.events.count), "held": .bool(violations.isEmpty),
                "violations": .array(violations.map { .object(JSONObject(["invariant": .string($0.invariant), "seq": .int($0.seq),
                                                                           "checkpoint": $0.checkpoint.map { .int($0) } ?? .null,
                                                                           "detail": .string($0.detail)])) }),
                "checked": .array(InvariantID.allCases.map { .string($0.rawValue) }),
                "exactly-once-checked": .bool(ref != nil),
            ])
            print(JSONWriter.string(.object(o)))
        } else {
            print("\(trace): \(t.events.count) events, schema ckpt-trace/1 ok")
            if let reference { print("Exactly-once compared with \(reference) (the same scenario, \(t.header.scenario), and topology).") }
            if violations.isEmpty {
                let noConfig = t.header.config == nil
                let skipped = noConfig ? InvariantChecker.needSettings : []
                let checked = InvariantID.allCases.count - (ref == nil ? 2 : 0) - skipped.count
                var notes: [String] = []
                if ref == nil { notes.append("exactly-once-state and exactly-once-output need --reference") }
                if let last = skipped.last {
                    let names = skipped.dropLast().map(\.rawValue).joined(separator: ", ") + " and " + last.rawValue
                    notes.append("\(names) need the checkpointing settings, which this trace's header does not give")
                }
                print("All \(checked) invariants held" + (notes.isEmpty ? "" : " (" + notes.joined(separator: "; ") + ")") + ".")
            } else {
                print("\(violations.count) violation(s):")
                for v in violations { print("  \(v.invariant) at seq \(v.seq): \(v.detail)") }
            }
            if alreadyReported > 0 { print("(the trace itself reports \(alreadyReported) invariant-violated event(s))") }
        }
        if !violations.isEmpty { throw ExitCode(1) }
    }
}

/// The failure-free outcome a reference trace shows: final keyed state and committed records.
enum ReferenceDerivation {
    /// Why `reference` cannot be the failure-free run of the trace's scenario, or nil: another
    /// scenario name, or another topology (operators, parallelism, edges).
    static func mismatch(trace: TraceHeader, reference: TraceHeader) -> String? {
        if trace.scenario != reference.scenario {
            return "it is a run of scenario '\(reference.scenario)', the trace of '\(trace.scenario)'"
        }
        if let a = trace.topology, let b = reference.topology, a != b {
            return "its topology differs from the trace's (\(b.tasks.count) tasks, the trace \(a.tasks.count))"
        }
        return nil
    }

    static func outcome(of trace: Trace) -> ReferenceOutcome {
        var checker = InvariantChecker(header: trace.header)
        for e in trace.events { _ = checker.observe(e) }
        return checker.derivedOutcome
    }
}
