#!/bin/sh
# bench/weeks.sh — each therapist's week against CBC on the same model.
#
#   sh bench/weeks.sh SCENARIO [TL] [CBC_SECONDS]
#   CP=build-bench/caseplan sh bench/weeks.sh /tmp/gM 60 90
#
# Runs `caseplan solve SCENARIO --time-limit TL --jobs 2` (TL default 60)
# with CASEPLAN_DEBUG_LP set, so that each per-therapist week model (the
# district's pattern fixed, as the decomposition solves it) is written in
# CPLEX LP format, the last one of each therapist kept (the week the
# district keeps may be an earlier one: a worse retry is undone; both
# sides here are that last model); then gives each
# model to cbc for CBC_SECONDS (default 90), one after the other, and
# prints per therapist caseplan's week next to CBC's:
#   WEEK instance=gM therapist=T_OT3 caseplan_obj=50012.1 caseplan_missed=50
#        cbc_status=optimal cbc_obj=40012.079 cbc_seconds=56.15
# Objectives are in the model's units (w_missed per missed minute, 1000
# by default, plus the soft terms).  A week CBC proves optimal N minutes
# short is its pattern's limit (no search on that pattern can do better);
# a week CBC fills and caseplan does not is the week search's.  This is
# how the README's "Where M's weeks lose their minutes" was measured.
# Not part of `make test`; needs coinor-cbc (bench/run.sh's set-up).
set -u
cd "$(dirname "$0")/.." || exit 2
CP=${CP:-./caseplan}
if [ $# -lt 1 ]; then
  echo "usage: sh bench/weeks.sh SCENARIO [TL] [CBC_SECONDS]" >&2
  exit 2
fi
SCEN=$1
TL=${2:-60}
CBC_SEC=${3:-90}
if ! command -v cbc >/dev/null 2>&1; then
  echo "bench/weeks.sh: cbc not found (apt-get install coinor-cbc)" >&2
  exit 2
fi
if [ ! -x "$CP" ]; then
  echo "bench/weeks.sh: $CP not found (make, or CP=path/to/caseplan)" >&2
  exit 2
fi
NAME=$(basename "$SCEN")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/caseplan-weeks.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# a signal (Ctrl-C, kill, a closed pipe as in `... | head`) exits 130, and
# the EXIT trap removes WORK: its LP files name students
trap 'exit 130' HUP INT PIPE TERM
mkdir -p "$WORK/lp"
CASEPLAN_DEBUG=1 CASEPLAN_DEBUG_LP="$WORK/lp" "$CP" solve "$SCEN" \
  -o "$WORK/out" --time-limit "$TL" --jobs 2 >/dev/null 2>"$WORK/debug.txt"
rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ] && [ "$rc" -ne 4 ]; then
  echo "bench/weeks.sh: caseplan solve exited $rc:" >&2
  grep -v '^\[debug\]' "$WORK/debug.txt" >&2
  exit 1
fi
printf '%-10s %14s %8s   %-10s %14s %9s\n' therapist caseplan missed \
  cbc cbc_obj seconds
for lp in "$WORK"/lp/*.lp; do
  [ -e "$lp" ] || continue
  t=$(basename "$lp" .lp)
  # caseplan's last solve of t: "[debug] T: N services, status S, ...
  # obj O, ..., missed M" (the model file is the one of that last solve)
  # (status 0: a week; otherwise that solve found none)
  ours=$(grep "^\[debug\] $t: .* services, status" "$WORK/debug.txt" |
    tail -1 |
    sed -n 's/.* services, status 0,.* obj \([-0-9.e+]*\),.* missed \([-0-9.]*\)$/\1 \2/p')
  c_obj=${ours% *}
  c_missed=${ours#* }
  [ -n "$ours" ] || { c_obj=none; c_missed=none; }
  cbc "$lp" sec "$CBC_SEC" solve >"$WORK/cbc.txt" 2>&1
  result=$(sed -n 's/^Result - //p' "$WORK/cbc.txt" | head -1)
  case $result in
  "Optimal solution found"*) status=optimal ;;
  "Stopped on time limit"*) status=time_limit ;;
  *infeasible*) status=infeasible ;;
  *) status=none ;;
  esac
  obj=$(sed -n 's/^Objective value: *//p' "$WORK/cbc.txt" | head -1)
  secs=$(sed -n 's/.*(Wallclock seconds): *\([0-9.]*\).*/\1/p' \
    "$WORK/cbc.txt" | tail -1)
  [ -n "$obj" ] || obj=none
  [ -n "$secs" ] || secs=none
  echo "WEEK instance=$NAME therapist=$t caseplan_obj=$c_obj" \
    "caseplan_missed=$c_missed cbc_status=$status cbc_obj=$obj" \
    "cbc_seconds=$secs" >>"$WORK/lines.txt"
  printf '%-10s %14s %8s   %-10s %14s %9s\n' "$t" "$c_obj" "$c_missed" \
    "$status" "$obj" "$secs"
done
echo
cat "$WORK/lines.txt" 2>/dev/null
