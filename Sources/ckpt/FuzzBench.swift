import CheckpointCore
import CheckpointFuzz
import Foundation

/// `ckpt bench --what fuzz`: schedules per second on a small WordCount scenario, time to catch
/// each mutant, and resident memory over a long campaign.
enum FuzzBench {
    static func residentMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) else { return 0 }
        return pages * 4096 / 1_048_576
    }

    static func run(schedules: Int) throws {
        var scenario = BenchScenarios.wordCount(linesPerSubtask: 1)
        scenario.checkpointing.interval = 10
        scenario.checkpointing.timeout = 200
        scenario.checkpointing.tolerableFailures = 3
        let reference = try Simulator.failureFreeOutcome(of: scenario)
        var events = 0
        let start = ContinuousClock.now
        var rssAt: [(Int, Double)] = []
        for i in 0..<schedules {
            let o = try FuzzRunner.run(scenario, seed: UInt64(i), strategy: .boundary, mutant: nil, reference: reference, maxSteps: 5_000)
            events += o.events
            if !o.violations.isEmpty { print("violation at schedule \(i): \(o.violations[0].detail)") }
            if i % max(1, schedules / 4) == 0 || i == schedules - 1 { rssAt.append((i + 1, residentMB())) }
        }
        let secs = FuzzSession.elapsed(since: start)
        print(String(format: "fuzz WordCount: %d schedules, %.0f events each, %.2f s = %.0f schedules/s (%.2f M events/s)",
                     schedules, Double(events) / Double(schedules), secs, Double(schedules) / secs, Double(events) / secs / 1e6))
        print("resident memory (MB) after schedules: " + rssAt.map { "\($0.0): \(String(format: "%.1f", $0.1))" }.joined(separator: ", "))
    }
}
