#!/bin/sh
# cli_test.sh — end-to-end tests of the caseplan binary (SPEC §4).
#
# Usage, from the repo root (as `make test` runs it):
#     sh tests/cli_test.sh ./caseplan
#
# Runs the bad-input corpus (tests/bad/NAME/: a scenario with one thing
# wrong, and `expected`, the exact error lines on stderr) and the command
# line cases below, then prints `N passed, M failed` and exits non-zero when
# M > 0.  To add a case, append to the "command line" section:
#
#     run_case NAME EXPECTED_EXIT_CODE COMMAND ARGS...
#     expect_stdout_has 'some text'      # and/or the other expect_* checks
#
# A case ends at the next run_case (or at the summary).  $CP is the binary,
# $tmp a scratch folder removed at exit.
#
# Corpus folders: `expected` holds the stderr lines of the run except the
# final summary, which is checked separately (`caseplan: N input errors in
# DIR; nothing was written`, N = the number of expected lines); @DIR@ in it
# stands for the case folder.  An optional `args` file replaces the default
# arguments `check -o @OUT@ @DIR@` (@OUT@ = an output folder that must
# still not exist afterwards).

set -u

CP=${1:-./caseplan}
case $CP in
/*) ;;
*) CP=$(pwd)/$CP ;;
esac
cd "$(dirname "$0")/.." || exit 2
SHARED=${CASEPLAN_SHARED:-../shared}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/caseplan-cli.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
skipped=0
name=''    # case in progress
problems='' # what went wrong in it

if [ ! -x "$CP" ]; then
  echo "cli_test.sh: no caseplan binary at $CP (run make first)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# ---- helpers ----------------------------------------------------------------

# Records a problem of the case in progress.
problem() {
  problems="$problems
    $*"
}

# Closes the case in progress: counts it and prints what went wrong.
end_case() {
  [ -n "$name" ] || return 0
  if [ -z "$problems" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL %s:%s\n' "$name" "$problems"
  fi
  name=''
  problems=''
}

# run_case NAME EXPECTED_RC CMD... — runs CMD (stdout to $tmp/stdout,
# stderr to $tmp/stderr) and checks its exit code.
run_case() {
  end_case
  name=$1
  want_rc=$2
  shift 2
  "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  rc=$?
  if [ "$rc" -ne "$want_rc" ]; then
    problem "exit code $rc, expected $want_rc; stderr:" \
      "$(head -n 5 "$tmp/stderr")"
  fi
}

skip_case() {
  end_case
  skipped=$((skipped + 1))
  printf 'SKIP %s: %s\n' "$1" "$2"
}

expect_stdout_has() {
  grep -qF -- "$1" "$tmp/stdout" || problem "stdout lacks '$1'"
}

expect_stderr_has() {
  grep -qF -- "$1" "$tmp/stderr" || problem "stderr lacks '$1'"
}

expect_stdout_empty() {
  [ ! -s "$tmp/stdout" ] ||
    problem "stdout is not empty: $(head -n 3 "$tmp/stdout")"
}

expect_stderr_empty() {
  [ ! -s "$tmp/stderr" ] ||
    problem "stderr is not empty: $(head -n 3 "$tmp/stderr")"
}

# expect_nothing_written DIR — the output folder was not created, or is empty.
expect_nothing_written() {
  if [ -d "$1" ] && [ -n "$(ls -A "$1")" ]; then
    problem "files were written to $1: $(find "$1" | head -n 5)"
  elif [ -e "$1" ] && [ ! -d "$1" ]; then
    problem "$1 was created"
  fi
}

# expect_input_errors FILE SCENARIO_ARG — stderr is FILE's lines (@DIR@
# replaced by $dir) and then the summary line for that many errors.
expect_input_errors() {
  sed "s|@DIR@|$dir|g" "$1" >"$tmp/want"
  sed '$d' "$tmp/stderr" >"$tmp/got"
  if ! cmp -s "$tmp/want" "$tmp/got"; then
    problem "stderr differs from $1 (- expected, + got):
$(diff -u "$tmp/want" "$tmp/got" | sed '1,2d; s/^/      /')"
  fi
  n=$(wc -l <"$tmp/want" | tr -d ' ')
  s=s
  [ "$n" -eq 1 ] && s=''
  summary="caseplan: $n input error$s in $2; nothing was written"
  last=$(tail -n 1 "$tmp/stderr")
  [ "$last" = "$summary" ] ||
    problem "last stderr line is '$last', expected '$summary'"
}

# ---- the corpus of bad inputs ----------------------------------------------

for dir in tests/bad/*/; do
  dir=${dir%/}
  case_name=${dir#tests/}
  if [ ! -f "$dir/expected" ]; then
    end_case
    name=$case_name
    problem "no expected file in $dir"
    continue
  fi
  out=$tmp/out-${dir##*/}
  if [ -f "$dir/args" ]; then
    # shellcheck disable=SC2046 # word splitting of the args file is wanted
    set -- $(sed -e "s|@DIR@|$dir|g" -e "s|@OUT@|$out|g" "$dir/args")
  else
    set -- check -o "$out" "$dir"
  fi
  scenario_arg=''
  eval "scenario_arg=\${$#}"
  ls -AR "$dir" >"$tmp/before" 2>&1
  run_case "$case_name" 3 "$CP" "$@"
  expect_input_errors "$dir/expected" "$scenario_arg"
  expect_stdout_empty
  expect_nothing_written "$out"
  ls -AR "$dir" >"$tmp/after" 2>&1
  cmp -s "$tmp/before" "$tmp/after" || problem "files changed in $dir"
done

# ---- command line -----------------------------------------------------------

run_case help 0 "$CP" --help
expect_stdout_has 'usage: caseplan COMMAND'
expect_stdout_has '--time-limit'
expect_stderr_empty

run_case help_short 0 "$CP" -h
expect_stdout_has 'usage: caseplan COMMAND'
expect_stderr_empty

run_case help_after_command 0 "$CP" check --help
expect_stdout_has 'usage: caseplan COMMAND'

run_case version 0 "$CP" --version
expect_stderr_empty
grep -qE '^caseplan [0-9]+\.[0-9]+\.[0-9]+$' "$tmp/stdout" ||
  problem "stdout is '$(cat "$tmp/stdout")', expected 'caseplan X.Y.Z'"

run_case unknown_option 2 "$CP" check --frobnicate "$SHARED/example/scenario"
expect_stderr_has "unknown option '--frobnicate'"
expect_stderr_has "try 'caseplan --help'"
expect_stdout_empty

run_case unknown_short_option 2 "$CP" -z
expect_stderr_has "unknown option '-z'"
expect_stderr_has "try 'caseplan --help'"

run_case unknown_command 2 "$CP" frobnicate "$SHARED/example/scenario"
expect_stderr_has "unknown command 'frobnicate'"
expect_stderr_has "try 'caseplan --help'"
expect_stdout_empty

run_case no_arguments 2 "$CP"
expect_stderr_has "try 'caseplan --help'"
expect_stdout_empty

run_case check_without_folder 2 "$CP" check
expect_stderr_has "try 'caseplan --help'"

run_case check_with_two_folders 2 "$CP" check a b
expect_stderr_has "try 'caseplan --help'"

run_case option_without_value 2 "$CP" check "$SHARED/example/scenario" -o
expect_stderr_has "needs a value"
expect_stderr_has "try 'caseplan --help'"

run_case bad_time_limit 2 "$CP" check --time-limit=soon \
  "$SHARED/example/scenario"
expect_stderr_has "--time-limit 'soon' is not valid"
expect_stderr_has "try 'caseplan --help'"

run_case flag_with_value 2 "$CP" --quiet=yes check "$SHARED/example/scenario"
expect_stderr_has "try 'caseplan --help'"

if [ -d "$SHARED/example/scenario" ]; then
  run_case check_example 0 "$CP" check "$SHARED/example/scenario"
  expect_stdout_has '2 schools, 1 therapists, 4 students, 5 services'
  expect_stderr_empty

  run_case check_example_options 0 "$CP" check --time-limit=5 -q \
    -o "$tmp/unused" "$SHARED/example/scenario"
  expect_stdout_has '2 schools'
  expect_nothing_written "$tmp/unused"
else
  skip_case check_example "no $SHARED/example/scenario (set CASEPLAN_SHARED)"
fi

for inst in tiny tiny_sheet demo; do
  if [ -d "instances/$inst" ]; then
    run_case "check_$inst" 0 "$CP" check "instances/$inst"
    expect_stdout_has 'caseplan check:'
  else
    skip_case "check_$inst" "instances/$inst is not there yet"
  fi
done

# ---- solve and verify ---------------------------------------------------------

# expect_mode PATH MODE — the file or folder has exactly this octal mode.
expect_mode() {
  m=$(stat -c %a "$1" 2>/dev/null)
  [ "$m" = "$2" ] || problem "$1 has mode '$m', expected $2"
}

for inst in tiny demo; do
  out="$tmp/solve_$inst"
  run_case "solve_$inst" 0 "$CP" solve -q -o "$out" "instances/$inst"
  expect_stdout_has 'schedule found'
  for f in schedule.csv minutes.csv workload.csv schedule.html report.html; do
    [ -f "$out/$f" ] || problem "no $f written"
    expect_mode "$out/$f" 600
  done
  expect_mode "$out" 700
  [ -z "$(find "$out" -name '.*.tmp.*')" ] || problem "temporary files left"

  run_case "verify_solved_$inst" 0 "$CP" verify "instances/$inst" \
    "$out/schedule.csv"
  expect_stdout_has 'every hard constraint holds'
  expect_stdout_has 'Workload per therapist'
done

# the demo has term dates and a time zone: one calendar per therapist
for t in T_SLP1 T_OT1 T_OT2; do
  [ -f "$tmp/solve_demo/ics/$t.ics" ] || problem "no ics/$t.ics for the demo"
done
expect_mode "$tmp/solve_demo/ics" 700

# without term dates: no term output, and a note that says why
[ ! -e "$tmp/solve_tiny/term.csv" ] && [ ! -e "$tmp/solve_tiny/ics" ] ||
  problem "term output written for tiny, which has no term dates"
[ -f "$tmp/solve_demo/term.csv" ] && [ -f "$tmp/solve_demo/term_minutes.csv" ] ||
  problem "no term.csv or term_minutes.csv for the demo"

# ---- verify: hand-broken copies of the demo's own week -----------------------

# Each case copies the schedule solve wrote for the demo above, breaks one
# hard constraint in it and expects verify to exit 1 naming that constraint.
# Rows are picked by pattern from the solved file (never copied in here), so
# the cases outlive small changes of the schedule; a pattern that finds no
# row fails the case, which must never pass for want of something to break.
week="$tmp/solve_demo/schedule.csv"
lost='' # what pick did not find for the case in progress

# pick ERE [N] — the Nth (default first) row of the demo's week matching ERE
# becomes $row, its fields $r_ther $r_week $r_day $r_start $r_end $r_school
# $r_stu $r_svc $r_min (not the activity); none is noted in $lost.
pick() {
  use_row "$(grep -E -- "$1" "$week" | sed -n "${2:-1}p")" "$1"
}

# use_row ROW WHAT — ROW (a line of the week, or empty: WHAT was not found)
# becomes $row and its fields, as pick.
use_row() {
  row=$1
  [ -n "$row" ] || lost="$lost
    no row of the demo's week to break: $2"
  IFS=, read -r r_ther r_week r_day r_start r_end r_school _ r_stu r_svc \
    r_min <<EOF
$row
EOF
}

# later HH:MM N — the time N minutes after HH:MM.
later() {
  awk -v t="$1" -v n="$2" 'BEGIN {
    split(t, a, ":"); m = a[1] * 60 + a[2] + n
    printf "%02d:%02d\n", int(m / 60), m % 60 }'
}

# with FIELD=VALUE... — $row with those fields changed (fields named as in the
# schedule.csv header); minutes follows start and end.
with() {
  printf '%s\n' "$row" | awk -F, -v OFS=, 'BEGIN {
    n = split("therapist_id week day start end school_id activity students " \
      "services", name, " ")
    for (i = 1; i <= n; i++) col[name[i]] = i
    for (i = 1; i < ARGC; i++) {
      k = substr(ARGV[i], 1, index(ARGV[i], "=") - 1)
      if (!(k in col)) { print "with: no field " k > "/dev/stderr"; exit 2 }
      v[col[k]] = substr(ARGV[i], index(ARGV[i], "=") + 1)
    }
    ARGC = 1 }
  { for (i in v) $i = v[i]
    split($4, s, ":"); split($5, e, ":")
    $10 = e[1] * 60 + e[2] - s[1] * 60 - s[2]; print }' "$@"
}

# broken NAME — starts $b, the broken copy for case NAME, as the demo's week.
broken() {
  b="$tmp/demo_$1.csv"
  lost=''
  cp "$week" "$b" 2>/dev/null || : >"$b"
}

# swap OLD NEW — replaces the line OLD of $b by NEW (lines; empty deletes).
swap() {
  OLD=$1 NEW=$2 awk '!done && $0 == ENVIRON["OLD"] {
      done = 1; if (ENVIRON["NEW"] != "") print ENVIRON["NEW"]; next }
    { print }' "$b" >"$b.new" && mv "$b.new" "$b"
}

# verify_broken NAME — runs verify on $b as case verify_demo_catches_NAME:
# exit 1, and the copy really is broken.
verify_broken() {
  run_case "verify_demo_catches_$1" 1 "$CP" verify instances/demo "$b"
  [ -z "$lost" ] || problem "$lost"
  ! cmp -s "$week" "$b" || problem "the copy is unchanged: nothing was broken"
}

# 1. a session removed: the service gets one session too few
broken service_minutes
pick '^T_OT1,([^,]*,){5}session,[^;,]*,' # T_OT1's first one-student session
swap "$row" ''
verify_broken service_minutes
expect_stdout_has "service $r_stu $r_svc (services.csv line"
expect_stdout_has "minutes in the week, needs"

# 2. a session shortened: every session lasts exactly session_minutes
broken session_length
pick '^T_OT1,([^,]*,){5}session,[^;,]*,'
swap "$row" "$(with end="$(later "$r_end" -5)")"
verify_broken session_length
expect_stdout_has "session $r_stu: lasts $((r_min - 5)) minutes;"
expect_stdout_has "every session of $r_stu $r_svc lasts exactly $r_min"

# 3. a second session of one service on one day: of the students T_OT1
# sees on two days, the last one's later session moves to the other day
broken session_twice_a_day
found=$(awk -F, '$1 == "T_OT1" && $7 == "session" && $8 !~ /;/ {
    if (($8 in day) && day[$8] != $3) { last = $0; other = day[$8] }
    day[$8] = $3 }
  END { if (last != "") print last "\n" other }' "$week")
use_row "$(printf '%s\n' "$found" | sed -n 1p)" \
  "a student T_OT1 sees on two days"
other_day=$(printf '%s\n' "$found" | sed -n 2p)
swap "$row" "$(with day="$other_day")"
verify_broken session_twice_a_day
expect_stdout_has "is a second session of $r_stu $r_svc on $other_day"

# 4. a session moved into a blocked time: the first of T_SLP1's Friday
# sessions at NMS starts at 08:10, in the school's 08:00-08:20 advisory
broken blocked_time
pick '^T_SLP1,[^,]*,Fri,[^,]*,[^,]*,NMS,session,'
swap "$row" "$(with start=08:10 end="$(later 08:10 "$r_min")")"
verify_broken blocked_time
expect_stdout_has "session $r_stu: overlaps the unavailable time 08:00-08:20 of"
expect_stdout_has "of ${r_stu%%;*}, 'advisory'"

# 5. a session before the school day: T_OT2's first session starts 10
# minutes before its school opens
broken outside_school_day
pick '^T_OT2,([^,]*,){5}session,'
open=$(grep "^$r_school," instances/demo/schools.csv | cut -d, -f3)
start=$(later "$open" -10)
swap "$row" "$(with start="$start" end="$(later "$start" "$r_min")")"
verify_broken outside_school_day
expect_stdout_has "lies outside the school day of $r_school ($open-"

# 6. work off the clock: T_OT2's first consult at RIV moves to Thursday, at
# 11:45, when the Thursday half day is over
broken contract_hours
pick '^T_OT2,([^,]*,){4}RIV,consult,'
swap "$row" "$(with day=Thu start=11:45 end="$(later 11:45 "$r_min")")"
verify_broken contract_hours
expect_stdout_has "consult $r_stu: lies outside the contract hours 07:45-11:45 of T_OT2 on Thu"

# 7. a day off: T_OT2's first session moves to Friday (she works Mon-Thu)
broken day_off
pick '^T_OT2,([^,]*,){5}session,'
swap "$row" "$(with day=Fri)"
verify_broken day_off
expect_stdout_has "T_OT2 Fri $r_start-$r_end session $r_stu: T_OT2 does not work on Fri"

# 8. a student served at another school: T_OT1's first afternoon session of
# one student at MAP is put at its base school CED
broken wrong_school
pick '^T_OT1,[^,]*,[^,]*,1[3-5]:[0-9]{2},[^,]*,MAP,session,[^;,]*,'
swap "$row" "$(with school_id=CED)"
verify_broken wrong_school
expect_stdout_has "$r_stu attends school MAP, but the row is at school CED"

# 9. lunch dropped: T_OT1's first lunch
broken lunch_missing
pick '^T_OT1,([^,]*,){5}lunch,'
swap "$row" ''
verify_broken lunch_missing
expect_stdout_has "T_OT1 $r_day: no lunch"

# 10. lunch outside its window (11:00-13:30): T_OT1's Thursday lunch moves
# to the last half hour of the day
broken lunch_window
pick '^T_OT1,[^,]*,Thu,([^,]*,){3}lunch,'
swap "$row" "$(with start=15:15 end=15:45)"
verify_broken lunch_window
expect_stdout_has "T_OT1 Thu 15:15-15:45 lunch: lunch 15:15-15:45 is outside the lunch window 11:00-13:30"

# 11. a fixed duty moved: T_SLP1's Wednesday staff meeting (duties.csv:
# Wed 14:30-15:00 at NMS) starts 5 minutes late
broken fixed_duty
pick '^T_SLP1,[^,]*,Wed,14:30,15:00,NMS,meeting,'
swap "$row" "$(with start=14:35 end=15:05)"
verify_broken fixed_duty
expect_stdout_has "T_SLP1 Wed: the fixed meeting 14:30-15:00 at NMS (duties.csv line 8)"
expect_stdout_has "is missing; found T_SLP1 Wed 14:35-15:05 meeting at NMS"

# 12. a floating duty short: T_OT1's first planning block loses 5 minutes,
# below min_block 30, so it no longer counts toward the 60 a week
broken planning_short
pick '^T_OT1,([^,]*,){5}planning,'
swap "$row" "$(with end="$(later "$r_end" -5)")"
verify_broken planning_short
expect_stdout_has "T_OT1: planning totals"
expect_stdout_has "needs 60 a week (duties.csv line 9); shorter blocks do not count:"
expect_stdout_has "count: $r_day $r_start-$(later "$r_end" -5)"

# 13. documentation dropped: every documentation row of the day of T_OT1's
# first one
broken documentation
pick '^T_OT1,([^,]*,){5}documentation,'
grep -v "^$r_ther,$r_week,$r_day,[^,]*,[^,]*,,documentation," "$week" >"$b"
verify_broken documentation
expect_stdout_has "T_OT1 $r_day: 0 minutes of documentation, needs"

# 14. a drive too short: T_OT2's first travel row shrinks to 5 minutes and
# the session after it, at the school it drives to, starts when it ends
broken travel
pick '^T_OT2,([^,]*,){5}travel,'
drive=$row drive_to=$r_school
new_drive=$(with end="$(later "$r_start" 5)")
start=$(later "$r_start" 5)
use_row "$(grep -A 1 -xF -- "$drive" "$week" | sed -n 2p |
  grep -E "^T_OT2,$r_week,$r_day,[^,]*,[^,]*,$drive_to,session,")" \
  "a session after T_OT2's first travel row"
swap "$drive" "$new_drive"
swap "$row" "$(with start="$start" end="$(later "$start" "$r_min")")"
verify_broken travel
expect_stdout_has "$r_ther $r_day $start-$(later "$start" "$r_min") session $r_stu: starts"
expect_stdout_has "but the drive from"
expect_stdout_has "to $drive_to takes"

# 15. two things at once: a documentation row of the day of T_OT1's first
# session moves to 5 minutes after that session starts
broken overlap
pick '^T_OT1,([^,]*,){5}session,'
session="$r_ther $r_day $r_start-$r_end session $r_stu"
start=$(later "$r_start" 5)
pick "^T_OT1,$r_week,$r_day,([^,]*,){3}documentation,"
swap "$row" "$(with start="$start" end="$(later "$start" "$r_min")")"
verify_broken overlap
expect_stdout_has "$r_ther $r_day $start-$(later "$start" "$r_min") documentation: overlaps $session"
expect_stdout_has "a therapist does one thing at a time"

# 16. a group too large: T_OT2's first group of three takes in the student of
# the first single session like it (same day, school and length), whose own
# row goes
broken group_size
pick '^T_OT2,([^,]*,){5}session,[^,;]*;[^,;]*;[^,;]*,'
group=$row
pick "^T_OT2,$r_week,$r_day,([^,]*,){2}$r_school,session,[^,;]*,$r_svc,$r_min\$"
single=$row joined=$r_stu
use_row "$group" "T_OT2's first group of three"
grown=$(with students="$r_stu;$joined")
swap "$group" "$grown"
swap "$single" ''
verify_broken group_size
expect_stdout_has "session $r_stu;$joined: a group of 4 students is larger than group_max = 3"

# 17. an individual student grouped: of T_OT2's first two single sessions at
# NMS, the second one's student joins the first (an individual service)
broken individual_grouped
pick '^T_OT2,([^,]*,){4}NMS,session,[^,;]*,' 2
second=$row joined=$r_stu
pick "^T_OT2,$r_week,$r_day,([^,]*,){2}NMS,session,[^,;]*,$r_svc,$r_min\$"
[ "$row" != "$second" ] ||
  use_row '' "two one-student sessions of T_OT2 at NMS on one day"
swap "$row" "$(with students="$r_stu;$joined")"
swap "$second" ''
verify_broken individual_grouped
expect_stdout_has "session $r_stu;$joined: groups $r_stu, whose OT direct service is individual"

# 18. pinned students given to the other OT: the students of T_OT1's and
# T_OT2's first single sessions at NMS (each pinned to its therapist in
# students.csv) trade places
broken pinned
pick '^T_OT1,([^,]*,){4}NMS,session,[^,;]*,'
one=$row one_stu=$r_stu
pick '^T_OT2,([^,]*,){4}NMS,session,[^,;]*,'
two=$row two_stu=$r_stu
swap "$two" "$(with students="$one_stu")"
use_row "$one" "T_OT1's first single session at NMS"
swap "$one" "$(with students="$two_stu")"
verify_broken pinned
expect_stdout_has "$one_stu is pinned to T_OT1 (students.csv line"
expect_stdout_has "$two_stu is pinned to T_OT2 (students.csv line"

# 19. a student in two sessions at once: the first student with sessions of
# two therapists on one day gets the first therapist's moved to the time of
# the second's
broken student_twice_at_once
found=$(awk -F, '$7 == "session" && $8 !~ /;/ {
    k = $2 "," $3 "," $8
    if ((k in ther) && ther[k] != $1) { print first[k] "\n" $0; exit }
    ther[k] = $1; first[k] = $0 }' "$week")
use_row "$(printf '%s\n' "$found" | sed -n 2p)" \
  "a student of two therapists on one day"
start=$r_start end=$r_end
use_row "$(printf '%s\n' "$found" | sed -n 1p)" \
  "a student of two therapists on one day"
swap "$row" "$(with start="$start" end="$end")"
verify_broken student_twice_at_once
expect_stdout_has "$r_stu is also in"
expect_stdout_has "$r_day $start-$end session $r_stu (line"
expect_stdout_has "at the same time: a student is never in two sessions at once"

# 20. the caseload reserve short: T_SLP1's reserve rows dropped (its fixed
# IEP meetings alone are less than the reserve its caseload needs)
broken reserve
pick '^T_SLP1,([^,]*,){5}reserve,'
grep -v '^T_SLP1,\([^,]*,\)\{5\}reserve,' "$week" >"$b"
verify_broken reserve
grep -q 'T_SLP1: [0-9]* minutes of IEP meeting and evaluation reserve' \
  "$tmp/stdout" || problem "stdout lacks T_SLP1's reserve"
expect_stdout_has "reserve (reserve rows 0, iep_meeting and evaluation rows"

# 21. off the 5-minute grid: T_OT2's first documentation row starts 2
# minutes late
broken off_grid
pick '^T_OT2,([^,]*,){5}documentation,'
swap "$row" "$(with start="$(later "$r_start" 2)")"
verify_broken off_grid
start=$(later "$r_start" 2)
expect_stdout_has "$r_ther $r_day $start-$r_end documentation: start $start"
expect_stdout_has "is not on the 5-minute grid (slot_minutes = 5)"

# ---- term output: the week over the term, make-ups, debt ----------------------

run_case solve_without_term_notes_it 0 "$CP" solve -q -o "$tmp/noterm" \
  instances/tiny
expect_stdout_has 'no term.csv, term_minutes.csv or calendars (ics/) written'
expect_stdout_has 'term_start'

term="$tmp/solve_term"
run_case solve_tiny_term 0 "$CP" solve -q -o "$term" instances/tiny_term
expect_stdout_has 'term 2026-01-05 to 2026-02-13:'
expect_stdout_has 'make-up sessions'
expect_stdout_has '30 minutes owed on 1 service (see term_minutes.csv)'
for f in term.csv term_minutes.csv ics/T1.ics; do
  [ -f "$term/$f" ] || problem "no $f written"
  expect_mode "$term/$f" 600
done
head -n 1 "$term/term.csv" | grep -qx 'therapist_id,date,week,day,start,end,school_id,activity,students,services,minutes,makeup' ||
  problem "term.csv header: $(head -n 1 "$term/term.csv")"
# the Monday holiday takes every row of that day ...
! grep -q '^T1,2026-01-19,' "$term/term.csv" ||
  problem "term.csv has rows on the holiday 2026-01-19"
# ... S003 is seen on Mondays (it prefers them); its make-up is in that week
grep -q '^T1,1,Mon,.*,LIN,session,S003,' "$term/schedule.csv" ||
  problem "premise: S003 is not seen on Monday in schedule.csv"
grep -qE '^T1,2026-01-2[0-3],1,(Tue|Wed|Thu|Fri),[0-9:]+,[0-9:]+,LIN,session,S003,SLP direct,30,yes$' \
  "$term/term.csv" || problem "no make-up for S003 in the week of 2026-01-19"
# S007 comes only on Mondays: owed, with the reason
grep -qx "S007,SLP,direct,T1,30,week,2026-01-05,2026-02-13,180,180,30,0,150,30,no free time at LIN in the week of 2026-01-19 that fits S007's availability" \
  "$term/term_minutes.csv" ||
  problem "term_minutes.csv lacks S007's debt: $(grep '^S007' "$term/term_minutes.csv")"
# every other service gets at least its requirement
short=$(awk -F, 'NR > 1 && $1 != "S007" && $13 < $9' "$term/term_minutes.csv")
[ -z "$short" ] || problem "services short without make-ups: $short"
# each make-up is a single event of the calendar
n_ics=$(grep -c '^UID:20260105-T1-makeup-' "$term/ics/T1.ics")
n_csv=$(grep -c ',yes$' "$term/term.csv")
[ "$n_ics" -gt 0 ] && [ "$n_ics" = "$n_csv" ] ||
  problem "$n_ics make-up events in T1.ics, $n_csv make-up rows in term.csv"

run_case verify_example 0 "$CP" verify "$SHARED/example/scenario" \
  "$SHARED/example/schedule.csv"
expect_stdout_has 'every hard constraint holds (17 rows)'

# a hand-broken copy: the Monday lunch dropped
grep -v 'Mon,11:00,11:30,,lunch' "$SHARED/example/schedule.csv" \
  >"$tmp/no_lunch.csv"
run_case verify_catches_missing_lunch 1 "$CP" verify \
  "$SHARED/example/scenario" "$tmp/no_lunch.csv"
expect_stdout_has 'lunch'
expect_stdout_has '1 violation'

run_case verify_missing_schedule 3 "$CP" verify "$SHARED/example/scenario" \
  "$tmp/nope.csv"
expect_stderr_has 'nope.csv'

run_case verify_needs_two_arguments 2 "$CP" verify "$SHARED/example/scenario"
expect_stderr_has "try 'caseplan --help'"

# an impossible week that only the LP route proves: exit 1 with the proof
imp="$tmp/impossible"
mkdir -p "$imp"
cp "$SHARED/example/scenario/"*.csv "$imp/"
# S1 (school A) and S3 (school B) are both free only Monday 09:00-09:30
cat >>"$imp/blocks.csv" <<'EOB'
student,S1,A,Tue-Fri,08:00,14:30,unavailable,test
student,S1,A,Mon,08:00,09:00,unavailable,test
student,S1,A,Mon,09:30,14:30,unavailable,test
student,S3,B,Tue-Fri,08:30,15:00,unavailable,test
student,S3,B,Mon,08:30,09:00,unavailable,test
student,S3,B,Mon,09:30,15:00,unavailable,test
EOB
printf 'student_id,discipline,mode,minutes,per,session_minutes,setting\nS1,SLP,direct,30,week,30,individual\nS3,SLP,direct,30,week,30,individual\n' \
  >"$imp/services.csv"
run_case solve_travel_proof_exits_1 1 "$CP" solve -q --time-limit=5 \
  -o "$tmp/imp_out" "$imp"
expect_stdout_has 'S1 (SLP, school A) can only be seen Mon 09:00-09:30'
[ -f "$tmp/imp_out/staffing.csv" ] || problem "no staffing.csv"

# a file-size limit hit mid-write (a full disk): the previous outputs stay
# as they were and no temporary file is left
keep="$tmp/solve_tiny"
sum_before=$(cat "$keep"/*.csv | cksum)
run_case solve_file_size_limit_keeps_previous 5 sh -c \
  "ulimit -f 8 && exec \"\$0\" solve -q -o \"\$1\" instances/tiny" "$CP" "$keep"
expect_stderr_has 'the previous outputs are unchanged'
[ "$(cat "$keep"/*.csv | cksum)" = "$sum_before" ] ||
  problem "the previous outputs changed"
[ -z "$(find "$keep" -name '.*.tmp.*')" ] || problem "temporary files left"

# the memory limit: a clean exit 4, never an abort.  GLPK reports it by
# longjmp out of the model build, past a few temporary arrays of that frame:
# the sanitizer build would call those a leak, so leak checks are off here.
run_case solve_memory_limit_exits_4 4 env ASAN_OPTIONS=detect_leaks=0 \
  "$CP" solve -q --memory-limit=2 -o "$tmp/ml_out" instances/demo
expect_stderr_has 'no answer within the limits'

# no answer within the limit: exit 4, never a claim of infeasibility
run_case solve_time_limit_exits_4 4 "$CP" solve -q --time-limit=0.1 \
  -o "$tmp/tl_out" instances/demo
grep -qF 'no answer within the limits' "$tmp/stderr" ||
  grep -qF 'not decided within the limit' "$tmp/stdout" ||
  problem "neither 'no answer' nor 'not decided' was said"
grep -q 'infeasible\|^No schedule exists' "$tmp/stdout" "$tmp/stderr" &&
  problem "a time-out claimed infeasibility"

# --jobs: weeks solved in child processes give the same files as one
# after the other; a count out of range is a usage error naming it
run_case solve_jobs_1 0 "$CP" solve -q --jobs 1 -o "$tmp/jobs1" instances/demo
run_case solve_jobs_2 0 "$CP" solve -q -j 2 -o "$tmp/jobs2" instances/demo
for f in schedule.csv minutes.csv workload.csv; do
  cmp -s "$tmp/jobs1/$f" "$tmp/jobs2/$f" ||
    problem "$f differs between --jobs 1 and --jobs 2"
done
run_case solve_jobs_0_is_usage 2 "$CP" solve --jobs 0 -o "$tmp/jobs0" \
  instances/demo
expect_stderr_has "--jobs '0' is not valid: expected a whole number from 1 to 16"
[ -e "$tmp/jobs0" ] && problem "a usage error wrote $tmp/jobs0"

# ---- progress line and Ctrl-C ------------------------------------------------

# On a terminal (script(1) gives the run a pseudo-terminal) solve shows one
# updating progress line on stderr; --quiet silences it; on a pipe or file
# nothing of it is written anywhere.
if command -v script >/dev/null 2>&1; then
  run_case progress_line_on_a_terminal 0 script -qec \
    "'$CP' solve -o '$tmp/prog_tty' instances/demo" /dev/null
  expect_stdout_has 'first pass therapist   1/3'
  expect_stdout_has 'min missing, gap'
  grep -q "$(printf '\r')" "$tmp/stdout" ||
    problem "no carriage return: the line does not update in place"
  run_case progress_quiet_on_a_terminal 0 script -qec \
    "'$CP' solve -q -o '$tmp/prog_q' instances/demo" /dev/null
  grep -q 'first pass' "$tmp/stdout" && problem "--quiet still shows progress"
  expect_stdout_has 'schedule found'
else
  skip_case progress_line_on_a_terminal "script(1) (util-linux) is missing"
fi
run_case progress_never_on_a_pipe 0 "$CP" solve -o "$tmp/prog_pipe" \
  instances/demo
expect_stderr_empty
grep -q 'first pass\|min missing' "$tmp/stdout" &&
  problem "progress reached stdout"

# Ctrl-C in the middle of a long search: the best week so far is written,
# marked incomplete (exit 4), and its rows break no rule but the minutes
# still missing.  (The 2-second promise is measured in bench/, on M.)
big="$tmp/int_M"
"$CP" generate --size M --seed 1 "$big" >/dev/null 2>&1 ||
  problem "generate M failed"
# The interrupt comes once the progress line (on a pseudo-terminal) shows
# the third therapist, so that some weeks exist however slow the build is
# (sanitizers); without script(1), after 6 seconds.  Ctrl-C leaves GLPK
# mid-simplex by longjmp, past the dive's work arrays: the sanitizer build
# would call those a leak (the process ends right after), so leak checks
# are off here, as for the memory limit.
ASAN_OPTIONS=detect_leaks=0
export ASAN_OPTIONS
if command -v script >/dev/null 2>&1; then
  run_case solve_interrupted_writes_best_so_far 4 sh -c '
    script -qfec "$1 solve --time-limit=300 -o $2 $3" /dev/null >"$4" 2>&1 &
    spid=$!
    i=0
    while [ $i -lt 900 ] && ! grep -q "therapist   3/" "$4"; do
      sleep 0.2; i=$((i + 1))
    done
    kill -INT $(pgrep -f -- "^$1 solve --time-limit=300 -o $2 ") 2>/dev/null
    wait $spid' sh "$CP" "$tmp/int_out" "$big" "$tmp/int_tty"
  cp "$tmp/int_tty" "$tmp/stdout"
else
  run_case solve_interrupted_writes_best_so_far 4 sh -c \
    '"$1" solve -q --time-limit=300 -o "$2" "$3" & pid=$!
     sleep 6; kill -INT $pid; wait $pid' sh "$CP" "$tmp/int_out" "$big"
fi
expect_stdout_has 'interrupted: the best week found so far is written'
unset ASAN_OPTIONS
[ -s "$tmp/int_out/schedule.csv" ] || problem "no schedule.csv written"
"$CP" verify "$big" "$tmp/int_out/schedule.csv" >"$tmp/int_verify" 2>&1
[ $? -eq 1 ] || problem "verify of the incomplete week did not exit 1"
# every violation is a service short of sessions, or a fixed duty of a
# therapist the search had not reached yet (no rows at all), nothing else
cut -d, -f1 "$tmp/int_out/schedule.csv" | sort -u >"$tmp/int_has_rows"
grep '^schedule.csv' "$tmp/int_verify" | grep -v ' needs [0-9]' |
  grep -v ' violations$' | while read -r _ who _; do
    grep -qx "$who" "$tmp/int_has_rows" && echo "$who"
    grep -q "^schedule.csv: $who .*is missing$" "$tmp/int_verify" || echo "$who"
  done >"$tmp/int_other"
[ -s "$tmp/int_other" ] &&
  problem "violations other than missing minutes: $(head -n 3 "$tmp/int_other")"
ls "$tmp/int_out" | grep -q '^\.' && problem "temporary files left"

# ---- solve --keep: stable re-planning ----------------------------------------

# three students join the demo district: the previous week mostly stays
run_case keep_prev_demo 0 "$CP" solve -q -o "$tmp/keep_prev" instances/demo
run_case keep_three_new_students 0 "$CP" solve -q -o "$tmp/keep_new" \
  --keep "$tmp/keep_prev/schedule.csv" instances/demo_plus3
expect_stdout_has '--keep: '
pct=$(sed -n 's/^--keep: [0-9]* of [0-9]* previous sessions unchanged (\([0-9]*\)%).*/\1/p' \
  "$tmp/stdout")
[ -n "$pct" ] && [ "$pct" -ge 90 ] ||
  problem "only ${pct:-?}% of the previous sessions unchanged (want >= 90)"
"$CP" verify instances/demo_plus3 "$tmp/keep_new/schedule.csv" >/dev/null ||
  problem "the --keep week does not pass verify"
for s in S121 S122 S123; do
  grep -q ",$s," "$tmp/keep_new/schedule.csv" ||
    grep -q ",$s;\|;$s," "$tmp/keep_new/schedule.csv" ||
    problem "new student $s has no session"
done
head -n 1 "$tmp/keep_new/moves.csv" | grep -q '^student_id,discipline,mode,change,' ||
  problem "moves.csv header"
kept=$(grep -c ',kept,' "$tmp/keep_new/moves.csv")
total=$(($(wc -l <"$tmp/keep_new/moves.csv") - 1))
[ "$kept" -ge $((total * 9 / 10)) ] ||
  problem "moves.csv: $kept of $total kept"
expect_mode "$tmp/keep_new/moves.csv" 600

# the other way round: students who left are dropped from the previous
# week with a note each, never an error
run_case keep_students_who_left 0 "$CP" solve -q -o "$tmp/keep_back" \
  --keep "$tmp/keep_new/schedule.csv" instances/demo
expect_stdout_has "students lists 'S121', which is not in students.csv"
expect_stdout_has 'dropped'
grep -q 'S12[123]' "$tmp/keep_back/moves.csv" &&
  problem "moves.csv lists a student who left"

# a previous schedule that cannot be read is an input error, nothing written
printf 'therapist_id,day,start,end,activity\nT_SLP1,Mon,25:00,08:00,lunch\n' \
  >"$tmp/keep_bad.csv"
run_case keep_unreadable_previous 3 "$CP" solve -q -o "$tmp/keep_bad_out" \
  --keep "$tmp/keep_bad.csv" instances/demo
expect_stderr_has 'keep_bad.csv:2:'
expect_nothing_written "$tmp/keep_bad_out"

# ---- understaffing: check, solve, explain and staff agree --------------------

for inst in understaffed_aggregate understaffed_window; do
  run_case "check_$inst" 1 "$CP" check "instances/$inst"
  expect_stdout_has 'Overload the arithmetic already proves'

  run_case "solve_$inst" 1 "$CP" solve -q -o "$tmp/us_$inst" "instances/$inst"
  expect_stdout_has 'No schedule exists with the current staff'
  expect_stdout_has 'What the current staff is forced into'
  [ -f "$tmp/us_$inst/warnings.csv" ] || problem "no warnings.csv"
  [ -f "$tmp/us_$inst/staffing.csv" ] || problem "no staffing.csv"
  [ ! -f "$tmp/us_$inst/schedule.csv" ] ||
    problem "solve wrote a schedule for an infeasible scenario"

  run_case "explain_$inst" 1 "$CP" explain -o "$tmp/ex_$inst" "instances/$inst"
  expect_stdout_has 'checked independently'

  run_case "staff_$inst" 0 "$CP" staff -q -o "$tmp/st_$inst" "instances/$inst"
  expect_stdout_has 'exactly 2 therapists needed (now 1)'
  grep -q ',1,2,2,' "$tmp/st_$inst/staffing.csv" ||
    problem "staffing.csv lacks the bracket 1,2,2: $(cat "$tmp/st_$inst/staffing.csv")"
  # the witness verifies once the hires are added to therapists.csv
  mkdir -p "$tmp/wit_$inst"
  cp "instances/$inst/"*.csv "$tmp/wit_$inst/"
  tail -n +2 "$tmp/st_$inst/hires.csv" >>"$tmp/wit_$inst/therapists.csv"
  run_case "verify_witness_$inst" 0 "$CP" verify "$tmp/wit_$inst" \
    "$tmp/st_$inst/schedule.csv"
  expect_stdout_has 'every hard constraint holds'
done
grep -q '^SLP,1,2,2,100,aggregate SLP week: 2200 > 2100$' \
  "$tmp/st_understaffed_aggregate/staffing.csv" ||
  problem "aggregate staffing row differs"
grep -q '^OT,1,2,2,60,window HCS Mon-Fri 13:00-14:00: 360 > 300$' \
  "$tmp/st_understaffed_window/staffing.csv" ||
  problem "window staffing row differs"

grep -q '^T1,SLP,100,0,0,0,0,0,0,""$' "$tmp/us_understaffed_aggregate/warnings.csv" ||
  problem "warnings.csv of case (a): $(cat "$tmp/us_understaffed_aggregate/warnings.csv")"

run_case explain_travel_case 1 "$CP" explain -o "$tmp/ex_travel" \
  instances/understaffed_travel
expect_stdout_has 'S01 (SLP, school A) can only be seen Mon 09:00-09:30'
expect_stdout_has 'the drive from A to B takes 40 minutes'
run_case staff_travel_case 0 "$CP" staff -q -o "$tmp/st_travel" \
  instances/understaffed_travel
grep -q '^SLP,1,2,2,0,LP relaxation (travel): 2 students$' \
  "$tmp/st_travel/staffing.csv" || problem "travel staffing row differs"

run_case explain_feasible_demo 0 "$CP" explain -o "$tmp/ex_demo" instances/demo
expect_stdout_has 'A schedule exists'

# ---- staff --sweep: the staffing curve --------------------------------------

# expect_stderr_is LINE... — stderr is exactly these lines.
expect_stderr_is() {
  printf '%s\n' "$@" >"$tmp/want"
  cmp -s "$tmp/want" "$tmp/stderr" ||
    problem "stderr differs (- expected, + got):
$(diff -u "$tmp/want" "$tmp/stderr" | sed '1,2d; s/^/      /')"
}

agg=instances/understaffed_aggregate
hint="try 'caseplan --help'"
form='expected growth=FROM:TO:STEP (whole percent, 0 <= FROM <= TO <= 500, STEP >= 1, e.g. growth=0:50:10)'
for bad in 'growth=0:50|expected' 'growth=0:5x:10|TO' 'growth=-1:50:10|FROM' \
  'growth=50:0:10|above' 'growth=0:600:10|most' 'growth=0:50:0|step' \
  'size=0:50:10|param' 'growth=0:50:10:5|STEP'; do
  spec=${bad%|*}
  case ${bad#*|} in
  expected) why=$form ;;
  TO) why="TO '5x' is not a whole number from 0 to 500" ;;
  FROM) why="FROM '-1' is not a whole number from 0 to 500" ;;
  above) why='FROM 50 is above TO 0' ;;
  most) why='growth is at most 500%' ;;
  step) why='STEP must be at least 1' ;;
  param) why="'size' is not a sweep parameter (only growth is); $form" ;;
  STEP) why="STEP '10:5' is not a whole number from 0 to 500" ;;
  esac
  run_case "sweep_spec_$spec" 2 "$CP" staff -q --sweep "$spec" \
    -o "$tmp/sweep_bad" "$agg"
  expect_stderr_is "caseplan: --sweep '$spec' is not valid: $why" "$hint"
  expect_stdout_empty
  expect_nothing_written "$tmp/sweep_bad"
done

run_case sweep_only_with_staff 2 "$CP" solve --sweep=growth=0:50:10 \
  -o "$tmp/sweep_bad" "$agg"
expect_stderr_is "caseplan: --sweep is an option of staff, not of solve" \
  "$hint"
expect_nothing_written "$tmp/sweep_bad"

run_case sweep_input_error_writes_nothing 3 "$CP" staff -q \
  --sweep growth=0:50:10 -o "$tmp/sweep_bad" tests/bad/duplicate_student_id
expect_stdout_empty
expect_nothing_written "$tmp/sweep_bad"

# case (a) grown by 0, 50 and 100%: 60, 90 and 120 students of 30 minutes;
# workload = 35 a student + the reserve ceil(S x 60 / 36); capacity 2100 a
# therapist: 2 = 2, 2 = 2 (3300 <= 4200), 3 = 3 (4400 > 4200)
sw="$tmp/sweep_agg"
run_case sweep_aggregate 0 "$CP" staff -q --sweep growth=0:100:50 -o "$sw" \
  "$agg"
expect_stderr_empty
expect_stdout_has 'growth 0% to 100% in steps of 50%'
for f in sweep.csv sweep.svg; do
  [ -f "$sw/$f" ] || problem "no $f written"
  expect_mode "$sw/$f" 600
done
expect_mode "$sw" 700
[ -z "$(find "$sw" -name '.*.tmp.*')" ] || problem "temporary files left"
[ "$(ls "$sw" | tr '\n' ' ')" = 'sweep.csv sweep.svg ' ] ||
  problem "other files written: $(ls "$sw")"
# every column but seconds (wall clock)
cut -d, -f1-11,13- "$sw/sweep.csv" >"$tmp/got" 2>/dev/null
cat >"$tmp/want" <<'EOC'
growth_pct,discipline,students,services,service_minutes_week,workload_minutes_week,capacity_minutes_week,therapists_now,needed_lower,needed_upper,status,proof,why
0,SLP,60,60,1800,2200,2100,1,2,2,exact,aggregate SLP week: 2200 > 2100,
50,SLP,90,90,2700,3300,2100,1,2,2,exact,aggregate SLP week: 3300 > 2100,
100,SLP,120,120,3600,4400,2100,1,3,3,exact,aggregate SLP week: 4400 > 2100,
EOC
cmp -s "$tmp/want" "$tmp/got" ||
  problem "sweep.csv differs (- expected, + got):
$(diff -u "$tmp/want" "$tmp/got" | sed '1,2d; s/^/      /')"
awk -F, 'NR > 1 && $12 !~ /^[0-9]+\.[0-9]$/ { bad = 1 } END { exit bad }' \
  "$sw/sweep.csv" || problem "sweep.csv: seconds is not a number"
# the stdout table: one row per point, as the CSV
for row in '0%  SLP              60       60     1800     2200     2100    1       2  exact' \
  '50%  SLP              90       90     2700     3300     2100    1       2  exact' \
  '100%  SLP             120      120     3600     4400     2100    1       3  exact'; do
  expect_stdout_has "$row"
done
expect_stdout_has "sweep.csv and sweep.svg written to $sw/ (3 points,"
# sweep.svg: well-formed XML, an svg root, self-contained, both panels
python3 - "$sw/sweep.svg" >"$tmp/svgcheck" 2>&1 <<'EOP' ||
import sys, xml.dom.minidom
doc = xml.dom.minidom.parse(sys.argv[1])
root = doc.documentElement
assert root.tagName == "svg", root.tagName
assert root.getAttribute("xmlns") == "http://www.w3.org/2000/svg"
assert not doc.getElementsByTagName("script"), "a script"
assert not doc.getElementsByTagName("image"), "an image"
text = open(sys.argv[1], encoding="utf-8").read()
for bad in ("href", "url(", "@import", "@font-face", "http://www.w3.org/1999"):
    assert bad not in text, bad
words = " ".join(t.firstChild.data for t in doc.getElementsByTagName("text")
                 if t.firstChild)
for want in ("Therapists needed as the caseload grows", "against the caseload",
             "against the workload", "therapists needed", "SLP",
             "proven lower bound", "verified upper bound"):
    assert want in words, want
# 3 points in 2 panels: a dot (lower) and a ring (upper) each; 3 in the
# legend
assert len(doc.getElementsByTagName("circle")) == 3 * 2 * 2 + 3
EOP
  problem "sweep.svg: $(cat "$tmp/svgcheck")"
# the same input gives the same plot, byte for byte
run_case sweep_is_deterministic 0 "$CP" staff -q --sweep growth=0:100:50 \
  -o "$tmp/sweep_agg2" "$agg"
cmp -s "$sw/sweep.svg" "$tmp/sweep_agg2/sweep.svg" ||
  problem "sweep.svg differs between two runs"
cut -d, -f12 --complement "$tmp/sweep_agg2/sweep.csv" >"$tmp/got2"
cut -d, -f12 --complement "$sw/sweep.csv" >"$tmp/got1"
cmp -s "$tmp/got1" "$tmp/got2" || problem "sweep.csv differs between runs"

# ---- bench/ab.sh (two builds side by side) ----------------------------------

run_case bench_ab_usage 2 sh bench/ab.sh instances/tiny "$CP"
expect_stderr_has 'usage: sh bench/ab.sh SCENARIO BIN_A BIN_B [RUNS] [TL]'
run_case bench_ab_runs_must_be_a_count 2 sh bench/ab.sh instances/tiny \
  "$CP" "$CP" two
expect_stderr_has "bench/ab.sh: RUNS must be a count, not 'two'"
run_case bench_ab_missing_binary 2 sh bench/ab.sh instances/tiny "$CP" \
  "$tmp/no-such-caseplan"
expect_stderr_has "bench/ab.sh: $tmp/no-such-caseplan not found"
# two runs a side on the tiny scenario: A B then B A, every schedule full
# and verified, and a summary row per side
run_case bench_ab_tiny 0 env TMPDIR="$tmp" sh bench/ab.sh instances/tiny \
  "$CP" "$CP" 2 10
expect_stdout_has 'AB instance=tiny side=A run=1 rc=0 missing=0'
expect_stdout_has 'AB instance=tiny side=B run=2 rc=0 missing=0'
[ "$(grep -c '^AB .* verified=yes$' "$tmp/stdout")" -eq 4 ] ||
  problem "not 4 verified runs: $(grep '^AB' "$tmp/stdout")"
[ "$(grep '^AB' "$tmp/stdout" | sed -n 's/.* side=\([AB]\) run=\([0-9]\).*/\1\2/p' |
  tr -d '\n')" = A1B1B2A2 ] || problem "runs not in the order A B B A"
grep -q '^A  *0  *0-0 .* 2/2$' "$tmp/stdout" ||
  problem "no summary row for A: $(tail -n 4 "$tmp/stdout")"
grep -q '^ratio of median seconds B/A: ' "$tmp/stdout" ||
  problem "no ratio line"
[ -z "$(ls -A "$tmp" | grep caseplan-ab)" ] ||
  problem "the work folder was left behind"

# ---- summary ----------------------------------------------------------------

end_case
[ "$skipped" -eq 0 ] || echo "($skipped skipped: see SKIP above)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
