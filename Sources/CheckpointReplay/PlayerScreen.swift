import CheckpointTrace

/// Lays out one player screen for a terminal of `width` × `height`: header, the current event
/// with its explanation, annotations, tasks, channels, the coordinator, recent events and a
/// footer. Pure: the terminal only paints the lines (tested at 80×24 without a terminal).
public struct PlayerScreen {
    public var header: TraceHeader
    public var events: [TraceEvent]
    public var width: Int
    public var height: Int
    /// What the title line starts with ("ckpt replay", or "ckpt lesson 3" when a lesson plays).
    public var program: String

    public init(header: TraceHeader, events: [TraceEvent], width: Int, height: Int, program: String = "ckpt replay") {
        self.header = header; self.events = events; self.program = program
        self.width = max(20, width); self.height = max(8, height)
    }

    public func render(_ player: PlayerState, _ s: ReplayState, annotations: (any PlayerAnnotations)? = nil) -> [StyledLine] {
        var top: [StyledLine] = []
        var title = StyledLine()
        title.append(program + " ", .title)
        title.append(header.scenario + "  ", .bold)
        title.append("step \(s.step)/\(player.total)  t=\(s.time) ms  \(header.mode ?? "?")  attempt \(s.coordinator.attempt)")
        if s.jobFinished { title.append("  finished", .good) } else if s.endOfInput { title.append("  end of input", .dim) }
        if s.findings > 0 { title.append("  findings \(s.findings)", .bad) }
        top.append(title)
        let event = s.step > 0 ? events[s.step - 1] : nil
        if let e = event {
            top.append(StyledLine("▶ " + StateText.eventLine(e), .highlight))
            top += StyledLine.wrap(EventExplanation.sentence(for: e, header: header), width: width, style: .plain, indent: "  ").prefix(2)
        } else {
            top.append(StyledLine("▶ step 0: before the first event", .highlight))
        }
        // Narration may take up to half the screen; the job's state shrinks to make room.
        let noteCap = max(4, height / 2)
        var notes: [StyledLine] = []
        if let note = annotations?.note(at: s.step) {
            notes += StyledLine.wrap(note, width: width, style: .note, indent: "» ")
        }
        if let q = annotations?.question(at: s.step) {
            notes += StyledLine.wrap(q.prompt, width: width, style: .note, indent: "? ")
            for (i, choice) in q.choices.enumerated() {
                var style = TextStyle.plain
                if let a = player.answers[s.step] { style = i == q.answer ? .good : (i == a ? .bad : .dim) }
                notes += StyledLine.wrap(choice, width: width, style: style, indent: "  \(i + 1)) ", continuation: "     ")
            }
            if player.answers[s.step] != nil, let explain = q.explain {
                notes += StyledLine.wrap(explain, width: width, style: .note, indent: "  ✓ ", continuation: "    ")
            }
        }
        if notes.count > noteCap {
            notes = Array(notes.prefix(noteCap - 1)) + [StyledLine("  … (more than fits: make the window taller)", .dim)]
        }
        top += notes
        let footer = footerLine(player)
        if player.showHelp {
            let body = PlayerScreen.helpLines.map { StyledLine($0).fitted(width) }
            return fill(top + body, footer: footer)
        }

        let taskLines = tasksLines(s)
        let channelLines = channelsLines(s)
        let coordinatorLines = coordinatorLines(s)
        // Budget: what is left under the top part, shared so that the recent events keep at least a few lines.
        let room = height - top.count - 1
        var body: [StyledLine] = []
        let taskCap = max(2, room / 4), channelCap = max(2, room / 3), coordinatorCap = max(2, room / 5)
        body += capped(taskLines, taskCap)
        body += capped(channelLines, channelCap)
        body += capped(coordinatorLines, coordinatorCap)
        let recentRoom = room - body.count - 1
        if recentRoom > 0 {
            body.append(StyledLine("recent", .title))
            let first = max(0, s.step - recentRoom)
            for i in first..<s.step {
                body.append(StyledLine("  " + StateText.eventLine(events[i]), i == s.step - 1 ? .bold : .dim).fitted(width))
            }
        }
        return fill(top + body, footer: footer)
    }

    /// Section lines beyond `cap` are replaced by a `(+N more)` line.
    private func capped(_ lines: [StyledLine], _ cap: Int) -> [StyledLine] {
        guard lines.count > cap else { return lines }
        return Array(lines.prefix(cap - 1)) + [StyledLine("  (+\(lines.count - cap + 1) more)", .dim)]
    }

    private func fill(_ lines: [StyledLine], footer: StyledLine) -> [StyledLine] {
        var out = Array(lines.prefix(height - 1)).map { $0.fitted(width) }
        while out.count < height - 1 { out.append(StyledLine()) }
        out.append(footer.fitted(width))
        return out
    }

    private func footerLine(_ p: PlayerState) -> StyledLine {
        if let prompt = p.prompt {
            let label = prompt.symbol == ":" ? "go to step: " : "search type/task: "
            return StyledLine(label + prompt.text + "▏", .prompt)
        }
        if let m = p.message { return StyledLine(m, .prompt) }
        return StyledLine("→/← step  N/P same ckpt  c ckpt  f fail  g/G ends  : go  / find  ? help  q quit", .dim)
    }

    /// Tasks packed several to a line: `id status details`, the status coloured.
    private func tasksLines(_ s: ReplayState) -> [StyledLine] {
        var lines = [StyledLine("tasks", .title)]
        var line = StyledLine("  ")
        for t in s.tasks {
            var chip = StyledLine()
            chip.append(t.id + " ", .bold)
            let statusText: String
            switch t.status {
            case .aligning: statusText = "aligning \(t.aligning.map(String.init) ?? "")"
            case .snapshotting: statusText = "snapshot " + t.snapshotting.map(String.init).joined(separator: ",")
            default: statusText = t.status.rawValue
            }
            chip.append(statusText, .status(t.status))
            var details: [String] = []
            if let o = t.offset { details.append("off \(o)") }
            if let c = t.counts, !c.isEmpty { details.append(StateText.countsText(c)) }
            if !t.blocked.isEmpty { details.append("blocked \(t.blocked.count)") }
            if !t.buffered.isEmpty { details.append("buf \(t.buffered.count)") }
            if let sink = t.sink { details.append("out \(sink.committed.count)" + (sink.transactional ? "+\(sink.uncommitted.count)" : "")) }
            if !details.isEmpty { chip.append(" " + details.joined(separator: " "), .dim) }
            if line.width > 2 && line.width + 3 + chip.width > width {
                lines.append(line)
                line = StyledLine("  ")
            }
            if line.width > 2 { line.append(" │ ", .dim) }
            line.spans += chip.spans
        }
        if line.width > 2 { lines.append(line) }
        return lines
    }

    /// Data channels one per line, drawn as `from ─[ tail … head ]→ to`: records `·`, barriers
    /// `|n|`, cancel markers `xn`; RPCs in flight packed on lines of their own.
    private func channelsLines(_ s: ReplayState) -> [StyledLine] {
        var lines = [StyledLine("channels", .title)]
        let nameWidth = s.channels.filter { !$0.isRPC }.map(\.from.count).max() ?? 0
        for c in s.channels where !c.isRPC {
            var line = StyledLine("  " + StateText.pad(c.from, nameWidth) + " ─[", .plain)
            let room = max(4, width - line.width - c.to.count - 6)
            // Drawn tail first so that the head, the next to arrive, is next to the receiver;
            // when the channel is too long for the line, the tail end is cut.
            var glyphs: [Span] = []
            var used = 0
            var cut = false
            for item in c.queue.items {
                let g = item.glyph
                if used + g.count > room - 1 { cut = true; break }
                glyphs.append(Span(g, itemStyle(item)))
                used += g.count
            }
            if cut { line.append("…", .dim) }
            line.spans += glyphs.reversed()
            line.append("]→ ", .plain)
            line.append(c.to, .plain)
            lines.append(line)
        }
        var rpc = StyledLine("  rpc ", .dim)
        var anyRPC = false
        for c in s.channels where c.isRPC && !c.queue.isEmpty {
            anyRPC = true
            var chip = StyledLine()
            chip.append((c.from == "coordinator" ? "→" + c.to : c.from + "→") + " ", .dim)
            chip.append(c.queue.items.map(\.glyph).joined(separator: ","), .rpc)
            if rpc.width > 6 && rpc.width + 2 + chip.width > width { lines.append(rpc); rpc = StyledLine("      ") }
            if rpc.width > 6 { rpc.append("  ") }
            rpc.spans += chip.spans
        }
        if anyRPC { lines.append(rpc) }
        return lines
    }

    private func itemStyle(_ item: InFlight) -> TextStyle {
        switch item {
        case .record: return .record
        case .barrier: return .barrier
        case .cancelMarker: return .cancel
        case .rpc: return .rpc
        }
    }

    private func coordinatorLines(_ s: ReplayState) -> [StyledLine] {
        var lines = [StyledLine("coordinator", .title)]
        let ids = s.tasks.map(\.id)
        for p in s.coordinator.pending {
            lines.append(StyledLine("  pending " + StateText.pendingLine(p, tasks: ids, now: s.time), .bold))
        }
        lines.append(StyledLine("  " + StateText.coordinatorLine(s.coordinator), .plain))
        if let last = s.coordinator.outcomes.last {
            lines.append(StyledLine("  last outcome: #\(last.id) \(last.result) at t=\(last.time)",
                                    last.result == "completed" ? .good : .bad))
        }
        return lines
    }

    /// The `?` screen.
    public static let helpLines = [
        "keys",
        "  → n space   next step              ← p        previous step",
        "  N / P       next / previous event of the current event's checkpoint",
        "  c           next checkpoint boundary (triggered, completed, aborted)",
        "  f           next failure or restore",
        "  g / G       first / last step",
        "  :           go to a step number (Enter)",
        "  /           search an event type or task (Enter; empty repeats)",
        "  ] / [       next / previous narration (lessons)",
        "  1-9         answer a question        ?  this help        q  quit",
        "",
        "step k is the state after k events; the ▶ line is the event that led to it.",
        "channels: · record   |n| barrier n   xn cancel marker n; the head is at the right, next to the receiver.",
        "press any key to close this help",
    ]
}
