#!/usr/bin/env bash
# The tutor driven as a person would, in tmux at 80x24: open it, read the lesson, play each
# playground, solve each exercise by copying its solution, take the knowledge check, leave.
# Content-agnostic (it reads titles and counters, not lesson text), so it walks the real lab and
# the in-memory one alike.
#   test/tutor/walk/walk-tutor.sh [COMMAND]     default: node bin/lab.mjs 02
# Screens go to $WALK_LOG (default: a temp file); exit 0 when every expected screen appeared.
set -u
command=${1:-node bin/lab.mjs 02}
log=${WALK_LOG:-$(mktemp -t tutor-walk.XXXXXX)}
session=tutor-walk-$$
: > "$log"
command -v tmux >/dev/null || { echo "tmux is not installed" >&2; exit 2; }
tmux new-session -d -s "$session" -x 80 -y 24 "$command; echo \"[exited \$?]\"; sleep 600"
trap 'tmux kill-session -t "$session" 2>/dev/null' EXIT

screen() { tmux capture-pane -p -t "$session"; }
snap() { { printf -- '----- %s -----\n' "$1"; screen; } >> "$log"; }
fail() { echo "walk failed: $1" >&2; snap "failure: $1"; screen >&2; exit 1; }
# wait_for TEXT [SECONDS]: until TEXT is on screen
wait_for() {
  local limit=$(( ${2:-15} * 10 ))
  for _ in $(seq 1 "$limit"); do screen | grep -qF -- "$1" && return 0; sleep 0.1; done
  fail "never saw: $1"
}
# press KEY...: one key at a time, as fingers do (an Escape needs a moment to be read alone)
press() {
  for key in "$@"; do
    tmux send-keys -t "$session" -- "$key"
    if [ "$key" = Escape ]; then sleep 0.3; else sleep 0.12; fi
  done
}
type_text() { tmux send-keys -t "$session" -l -- "$1"; sleep 0.2; }

# --- open ---------------------------------------------------------------------------------
wait_for 'Lab 02 · Home' 60
sleep 0.5
snap home
press '?'; wait_for 'Help: keys'; snap help; press Escape; wait_for 'Lab 02 · Home'

# --- read the lesson, every section -----------------------------------------------------------
press l; wait_for 'Lab 02 · Lesson'
snap lesson
for _ in $(seq 1 60); do
  status=$(screen | head -1 | grep -o 'section [0-9]*/[0-9]*')
  current=${status#section }; current=${current%/*}; total=${status##*/}
  [ -n "$current" ] && [ "$current" = "$total" ] && break
  press Space Right
done
[ "$current" = "$total" ] || fail "could not reach the last section ($status)"
press t; wait_for 'Lesson: contents'; snap contents; press Enter; wait_for 'Lab 02 · Lesson'
press Escape; wait_for 'Lab 02 · Home'

# --- play each playground ---------------------------------------------------------------------
press p; wait_for 'Lab 02 · Playgrounds'; snap playgrounds
press 1; wait_for 'Playground: partitioning'
press k; type_text 'user-456'; press Enter
press . . . . . . . . . .
wait_for '% 3 = partition'
press ']'; wait_for '% 4 = partition'
press Space; sleep 1.5; press Space; wait_for 'paused'
snap partitioning; press Escape; wait_for 'Lab 02 · Playgrounds'

press 2; wait_for 'Playground: replication'
press p . . . . . .
press a a p . . .
press 1 c
press '>' '>' '>' '>' Space; sleep 3; press Space; wait_for 'paused'
snap replication; press Escape; wait_for 'Lab 02 · Playgrounds'

press 3; wait_for 'Playground:'
press Space; sleep 1; press Space
snap 'playground 3'; press Escape; wait_for 'Lab 02 · Playgrounds'

press 4; wait_for 'Playground: consumer groups'
press + '>' '>' '>' '>' Space
wait_for '✔ Stable  generation'
press Space; wait_for 'paused'
press l . . .
snap groups; press Escape; wait_for 'Lab 02 · Playgrounds'

press 5; wait_for 'Playground: message flow'
for _ in $(seq 1 30); do press .; done
wait_for 'consumer.polled at consumer'
snap message-flow; press Escape; wait_for 'Lab 02 · Playgrounds'
press Escape; wait_for 'Lab 02 · Home'

# --- solve each exercise by copying its solution ----------------------------------------------
press e; wait_for 'Lab 02 · Exercises'
total=$(screen | head -1 | grep -o '[0-9]*/[0-9]* pass' | cut -d' ' -f1 | cut -d/ -f2)
[ -n "$total" ] || fail 'no exercise count on the exercises screen'
for number in $(seq 1 "$total"); do
  press s; wait_for 'y/n'; press y
  wait_for "$number/$total pass" 180
  press Down
done
snap exercises
press Escape; wait_for 'Lab 02 · Home'

# --- take the knowledge check -----------------------------------------------------------------
press k; wait_for 'Lab 02 · Knowledge check'
snap quiz
for _ in $(seq 1 100); do
  screen | grep -qF 'Score:' && break
  press a
  if screen | grep -qF 'Choose all that apply'; then press Enter; fi
  wait_for 'Enter'
  press Enter
done
wait_for 'Score:'
snap score
press Enter; wait_for 'Lab 02 · Home'
snap 'home at the end'

# --- leave ---------------------------------------------------------------------------------
press q
wait_for '[exited 0]' 10
snap 'after q'
echo "walk done; screens in $log"
