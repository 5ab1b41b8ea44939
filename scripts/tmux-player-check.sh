#!/usr/bin/env bash
# Drives the interactive player (`ckpt replay`) and explore mode in a real 80x24 terminal under
# tmux: keys go in with send-keys, the screen comes back with capture-pane. Checks the screen
# shows the expected step and that the terminal is restored (canonical mode, echo) after quitting.
set -euo pipefail
cd "$(dirname "$0")/.."
CKPT=${CKPT:-.build/debug/ckpt}
command -v tmux >/dev/null || { echo "tmux-player-check: tmux not installed, skipped"; exit 0; }
session=ckpt-check-$$
fail() { echo "tmux-player-check: FAIL: $*"; tmux kill-session -t "$session" 2>/dev/null || true; exit 1; }
tmux new-session -d -s "$session" -x 80 -y 24 "bash --norc"
tmux send-keys -t "$session" "$CKPT replay traces/00-tour.jsonl" Enter
sleep 1.5
tmux send-keys -t "$session" "n" && sleep 0.3
tmux send-keys -t "$session" "n" && sleep 0.3
tmux send-keys -t "$session" ":" && sleep 0.2
tmux send-keys -t "$session" "100" Enter && sleep 0.5
screen=$(tmux capture-pane -t "$session" -p)
grep -q "step 100/" <<<"$screen" || fail "the player did not show step 100 after ':100'"$'\n'"$screen"
grep -q "coordinator" <<<"$screen" || fail "no coordinator section on the screen"
tmux send-keys -t "$session" "q" && sleep 0.5
tmux send-keys -t "$session" "stty -a | tr ' ' '\n' | grep -E '^-?(icanon|echo)$' | tr '\n' ' '; echo" Enter
sleep 0.5
after=$(tmux capture-pane -t "$session" -p)
grep -q "icanon echo" <<<"$after" || fail "the terminal was not restored (want 'icanon echo')"$'\n'"$after"
tmux send-keys -t "$session" "$CKPT explore lessons/00-tour.yaml" Enter
sleep 1.5
tmux send-keys -t "$session" "1" Enter && sleep 0.5
screen=$(tmux capture-pane -t "$session" -p)
grep -q "path 1 step" <<<"$screen" || fail "explore did not take action 1"$'\n'"$screen"
tmux send-keys -t "$session" "q" && sleep 0.5
# A lesson: ] jumps from narration to narration; a question blocks moving on until answered.
tmux send-keys -t "$session" "clear; $CKPT lesson 3" Enter
sleep 1.5
screen=$(tmux capture-pane -t "$session" -p)
grep -q "Lesson 3:" <<<"$screen" || fail "the lesson did not open with its intro"$'\n'"$screen"
for _ in 1 2 3 4; do tmux send-keys -t "$session" "]"; sleep 0.2; done
tmux send-keys -t "$session" "n" && sleep 0.3
screen=$(tmux capture-pane -t "$session" -p)
grep -q "What does count\[0\] do with it" <<<"$screen" || fail "the lesson's first question is not on the screen"$'\n'"$screen"
grep -q "answer the question first" <<<"$screen" || fail "moving past an unanswered question was not refused"$'\n'"$screen"
tmux send-keys -t "$session" "2" && sleep 0.3
screen=$(tmux capture-pane -t "$session" -p)
grep -q "Right." <<<"$screen" || fail "the right answer was not acknowledged"$'\n'"$screen"
grep -q "counted twice" <<<"$screen" || fail "the answer's explanation is not shown"$'\n'"$screen"
tmux send-keys -t "$session" "q" && sleep 0.8
screen=$(tmux capture-pane -t "$session" -p)
grep -q "Questions: 1 of 2 answered, 1 right." <<<"$screen" || fail "no score after the lesson"$'\n'"$screen"
tmux kill-session -t "$session"
echo "tmux-player-check: 3 passed, 0 failed"
