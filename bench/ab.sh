#!/bin/sh
# bench/ab.sh — two builds (or two settings) of caseplan on one scenario,
# run after one another in the same invocation.
#
#   sh bench/ab.sh SCENARIO BIN_A BIN_B [RUNS] [TL]
#   A_ENV="CASEPLAN_X=1" sh bench/ab.sh /tmp/gM ./caseplan ./caseplan 6 60
#
# A decomposition at its time limit is not reproducible run to run (the
# weeks' searches stop on the clock, and each week sees the students'
# times the earlier weeks took): M at 60 s missed 430-520 minutes with one
# binary on one idle machine.  One run of each side tells nothing; this
# runs RUNS (default 5) solves of each side, in the order A B B A A B ...
# (a slow drift of the machine falls on both sides alike), never two at
# once, with `--time-limit TL` (default 60) and `--jobs 2`, and checks
# each schedule with `BIN_A verify`.  A_ENV / B_ENV are extra environment
# settings for one side (a switch in one binary).  Prints one line a run:
#   AB instance=gM side=A run=1 rc=4 missing=440 seconds=59.7 verified=no
# then per side the median and range of the missing minutes and of the
# seconds, the runs with a full (verified) schedule, and the ratio of the
# median seconds B/A.  Outputs go to a mktemp -d folder, removed on exit
# (schedules name students).  Not part of `make test`.
set -u
cd "$(dirname "$0")/.." || exit 2
if [ $# -lt 3 ]; then
  echo "usage: sh bench/ab.sh SCENARIO BIN_A BIN_B [RUNS] [TL]" >&2
  exit 2
fi
SCEN=$1
A=$2
B=$3
RUNS=${4:-5}
TL=${5:-60}
A_ENV=${A_ENV:-}
B_ENV=${B_ENV:-}
case $RUNS in '' | *[!0-9]*) echo "bench/ab.sh: RUNS must be a count, not '$RUNS'" >&2; exit 2 ;; esac
for bin in "$A" "$B"; do
  if [ ! -x "$bin" ]; then
    echo "bench/ab.sh: $bin not found or not executable" >&2
    exit 2
  fi
done
if [ ! -d "$SCEN" ]; then
  echo "bench/ab.sh: $SCEN is not a scenario folder" >&2
  exit 2
fi
NAME=$(basename "$SCEN")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/caseplan-ab.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' HUP INT PIPE TERM
: >"$WORK/lines.txt"

# one solve: side label, binary, extra environment, run number
one() {
  out="$WORK/out"
  rm -rf "$out"
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086 # the side's settings are words
  env $3 "$2" solve "$SCEN" -o "$out" --time-limit "$TL" --jobs 2 \
    >/dev/null 2>&1
  rc=$?
  t1=$(date +%s.%N)
  secs=$(echo "$t0 $t1" | awk '{printf "%.1f", $2 - $1}')
  missing=none
  verified=no
  if [ -f "$out/minutes.csv" ]; then
    missing=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "missing_minutes") c = i; next }
      c { s += $c } END { if (c) printf "%d", s; else print "none" }' "$out/minutes.csv")
    if [ -f "$out/schedule.csv" ] &&
      "$A" verify "$SCEN" "$out/schedule.csv" >/dev/null 2>&1; then
      verified=yes
    fi
  fi
  line="AB instance=$NAME side=$1 run=$4 rc=$rc missing=$missing seconds=$secs verified=$verified"
  echo "$line" | tee -a "$WORK/lines.txt"
}

i=1
while [ "$i" -le "$RUNS" ]; do
  if [ $((i % 2)) -eq 1 ]; then
    one A "$A" "$A_ENV" "$i"
    one B "$B" "$B_ENV" "$i"
  else
    one B "$B" "$B_ENV" "$i"
    one A "$A" "$A_ENV" "$i"
  fi
  i=$((i + 1))
done

# field KEY of the lines of one side, sorted numerically
values() {
  grep " side=$1 " "$WORK/lines.txt" | tr ' ' '\n' | sed -n "s/^$2=//p" |
    grep -v '^none$' | sort -n
}
stats() { # median min max of numbers on stdin ("-" when none)
  awk '{ a[NR] = $1 } END {
    if (!NR) { print "- - -"; exit }
    m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
    print m, a[1], a[NR] }'
}
echo
printf '%-4s %8s %12s %8s %12s %9s\n' side missing range seconds range verified
meds='' # median seconds of A, then of B
for s in A B; do
  read -r m1 lo hi <<EOF
$(values $s missing | stats)
EOF
  r1="$lo-$hi"
  read -r m2 lo hi <<EOF
$(values $s seconds | stats)
EOF
  r2="$lo-$hi"
  meds="$meds $m2"
  v=$(grep " side=$s " "$WORK/lines.txt" | grep -c "verified=yes")
  printf '%-4s %8s %12s %8s %12s %9s\n' "$s" "$m1" "$r1" "$m2" "$r2" "$v/$RUNS"
done
echo "$meds" | awk '{ if ($1 + 0 > 0 && $2 != "-")
  printf "ratio of median seconds B/A: %.2f\n", $2 / $1
  else print "ratio of median seconds B/A: - (A took no measurable time)" }'
