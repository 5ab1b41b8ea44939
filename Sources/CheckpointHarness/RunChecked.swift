import CheckpointCore
import CheckpointTrace

extension Simulator {
    /// Runs a scenario the way `ckpt run` does: every invariant checked online, and a job or
    /// script error turned into an `InputError` naming `file` and the position (`step N: …` for a
    /// script step). Lessons use it too, so that their golden traces are exactly what `ckpt run` writes.
    public static func runChecked(_ scenario: Scenario, file: String, options: RunOptions, trace: TraceSink) throws(InputError) -> (result: RunResult, seed: UInt64) {
        let simulator: Simulator
        do { simulator = try Simulator(scenario: scenario, options: options, trace: trace) } catch {
            throw InputError(file: file, line: error.position?.line ?? 1, column: error.position?.column ?? 1, message: error.message)
        }
        simulator.checkInvariants()
        do { return (try simulator.run(), simulator.seed) } catch {
            let p = error.position ?? SourcePosition(line: 1, column: 1)
            throw InputError(file: file, line: p.line, column: p.column, message: "step \(error.step): \(error.message)")
        }
    }
}
