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
tmux kill-session -t "$session"
echo "tmux-player-check: 2 passed, 0 failed"
