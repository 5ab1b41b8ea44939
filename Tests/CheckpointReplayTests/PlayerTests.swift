import Testing
import CheckpointTrace
@testable import CheckpointReplay

@Suite struct PlayerTests {
    let b = TraceBuilder.standard()

    func run(_ words: String, from step: Int = 0, annotations: (any PlayerAnnotations)? = nil,
             requireAnswers: Bool = false) -> PlayerState {
        var p = PlayerState(total: b.events.count, step: step, requireAnswers: requireAnswers)
        guard case .success(let keys) = PlayerKey.parse(words: words) else { Issue.record("bad words"); return p }
        for k in keys { p.handle(k, events: b.events, annotations: annotations) }
        return p
    }

    @Test func nextAndPreviousMoveOneStepAndClamp() {
        #expect(run("n n space right").step == 4)
        #expect(run("n n p").step == 1)
        #expect(run("p").step == 0)
        #expect(run("p").message == "at the first step")
        #expect(run("G n").step == b.events.count)
        #expect(run("G g").step == 0)
    }

    @Test func checkpointBoundariesAndFailures() {
        let p = run("c")
        #expect(b.events[p.step - 1].type == .checkpointTriggered && b.events[p.step - 1].checkpoint == 1)
        let q = run("c c")
        #expect(b.events[q.step - 1].type == .checkpointCompleted && b.events[q.step - 1].checkpoint == 1)
        let f = run("f")
        #expect(b.events[f.step - 1].type == .taskFailed)
        #expect(run("f f").step == f.step + 1) // job-failover comes right after task-failed
    }

    @Test func sameCheckpointKeysFollowOneCheckpoint() {
        let start = b.step(after: .checkpointTriggered, checkpoint: 2)
        let p = run("N N P", from: start)
        #expect(b.events[p.step - 1].checkpoint == 2)
        #expect(p.step == start + 1)
        #expect(run("N").message == "the current event belongs to no checkpoint")
    }

    @Test func goToAndSearchPrompts() {
        #expect(run(":17").step == 17)
        #expect(run(": 1 7 enter").step == 17)
        let out = run(":9999")
        #expect(out.step == 0)
        #expect(out.message == "step 9999 is out of range 0...\(b.events.count)")
        let s = run("/job-failover")
        #expect(b.events[s.step - 1].type == .jobFailover)
        let t = run("/out[0]")
        #expect(b.events[t.step - 1].task == "out[0]")
        #expect(run("/nothing-like-this").message == "no event matches \"nothing-like-this\"")
        #expect(run(": esc").prompt == nil)
    }

    @Test func helpAndQuit() {
        #expect(run("?").showHelp)
        #expect(!run("? n").showHelp)
        #expect(run("? n").step == 0) // the key that closes help does nothing else
        #expect(run("n q").quit)
        #expect(run("ctrl-c").quit)
    }

    @Test func keyWordsAndBytesDecode() {
        #expect(PlayerKey.parse(words: "n nope") == .failure(KeyWordError(word: "nope")))
        #expect(PlayerKey.decode([0x1B, 0x5B, 0x43, 0x1B, 0x5B, 0x44, 0x6E, 0x0D, 0x03, 0x1B])
                == [.right, .left, .char("n"), .enter, .interrupt, .escape])
        #expect(PlayerKey.decode([0x1B, 0x5B, 0x31, 0x3B, 0x35, 0x43]) == [.right])
    }

    @Test func questionsAreAnsweredAndCanGateProgress() {
        let q = PlayerQuestion(prompt: "What next?", choices: ["snapshot", "nothing"], answer: 0)
        let notes = StepAnnotations(notes: [1: "hello"], questions: [2: q])
        #expect(run("n n n", annotations: notes, requireAnswers: true).step == 2)
        let answered = run("n n 2 n", annotations: notes, requireAnswers: true)
        #expect(answered.step == 3)
        #expect(answered.answers[2] == 1)
        #expect(run("n n 1", annotations: notes).message == "Right.")
    }

    @Test func screenFits80x24AndShowsTheCurrentEvent() {
        var r = Replayer(trace: b.trace)
        let screen = PlayerScreen(header: b.header, events: b.events, width: 80, height: 24)
        for step in [0, 5, b.step(after: .channelBlocked), b.events.count] {
            var p = PlayerState(total: b.events.count, step: step)
            p.message = nil
            let lines = screen.render(p, r.state(at: step))
            #expect(lines.count == 24)
            #expect(lines.allSatisfy { $0.width <= 80 })
            #expect(!lines[23].plain.hasSuffix("…"), "the key hints fit 80 columns")
            #expect(lines[0].plain.contains("step \(step)/\(b.events.count)"))
            if step > 0 { #expect(lines[1].plain.contains(b.events[step - 1].typeName)) }
        }
        let atBarrier = b.step(after: .barrierSent, checkpoint: 1, task: "src[1]")
        let text = screen.render(PlayerState(total: b.events.count, step: atBarrier), r.state(at: atBarrier)).map(\.plain)
        // Head at the right: the record "b" is ahead of barrier 1 on src[1]'s channel.
        #expect(text.contains { $0.contains("src[1]   ─[|1|·]→ count[0]") }, "\(text)")
        #expect(text.contains { $0.contains("pending #1 checkpoint  acks 0/4") })
    }

    @Test func everyEventTypeHasAnExplanation() {
        for type in EventType.allCases {
            let e = TraceEvent(type: type, actor: "count[0]", checkpoint: 3, task: "count[0]", channel: "a->b", reason: "R")
            let s = EventExplanation.sentence(for: e)
            #expect(s.hasSuffix("."), "\(type)")
            #expect(s.count > 20, "\(type)")
            if ![.triggerQueued, .triggerSkipped, .taskFailed, .jobFailover, .restoreStarted, .taskRestored, .sourceRewound,
                 .recordEmitted, .recordSent, .recordReceived, .recordProcessed, .outputEmitted, .invariantViolated,
                 .expectationFailed, .endOfInput, .jobFinished, .other].contains(type) {
                #expect(s.contains("3"), "\(type) names its checkpoint")
            }
        }
    }
}
