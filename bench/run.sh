#!/bin/sh
# bench/run.sh — the benchmark ladder, with peer solvers side by side.
#
#   make bench                 S, M, demo and the understaffed variants
#   make bench BENCH=full      ... and L (50 therapists, 3,000 students)
#   BENCH_RUNS=3 TL=60 sh bench/run.sh
#
# For each instance, in one invocation and with the same time limit TL:
#   caseplan solve (decomposition + GLPK), BENCH_RUNS times (median
#     reported), then `caseplan verify` on its schedule;
#   the monolithic model of the same scenario (`--write-lp`), solved by
#     cbc (coinor-cbc), by glpsol (glpk-utils) and by HiGHS (python3-scipy,
#     through bench/lp_to_highs.py) — the yardstick;
#   FET (fet-cl), the school timetabler, on the scenario converted by
#     bench/to_fet.py (what the conversion drops: bench/README.md); FET's
#     week goes back through bench/fet_to_schedule.py to `caseplan verify`;
# one peer after the other (never two at once), and prints one
# machine-readable line per (instance, solver):
#   BENCH instance=S solver=caseplan status=... seconds=... peak_mb=...
#         missed=... travel=... gap=... bracket=...
# then a table with the ratios caseplan/peer and the cases a peer leaves
# undecided that caseplan decides.  Lines are the merge format for large
# sweeps (see bench/README.md).  Not part of `make test`.
#
#   BENCH_ONLY="demo S70"          only these instances (staff30: the
#                                  staffing bracket of demo_plus30
#                                  against a solve of the demo, issue #4)
#   BENCH_PEERS="cbc highs"        only these peers (default: all four;
#                                  a name not among them is reported as
#                                  status=unknown_peer; "" for the default)
#   CP=build-bench/caseplan        the binary to measure (default ./caseplan)
set -u
cd "$(dirname "$0")/.."
CP=${CP:-./caseplan}
TL=${TL:-60}
RUNS=${BENCH_RUNS:-3}
WORK=${BENCH_DIR:-bench/work}
mkdir -p "$WORK"
LINES="$WORK/lines.txt"
: >"$LINES"

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1
  fi
  command -v "$1" >/dev/null 2>&1 || echo "bench: $1 not available ($2)" >&2
}
need cbc coinor-cbc
need glpsol glpk-utils
need fet-cl fet
# HiGHS comes with Debian's scipy; Debian's own python3, not one on PATH
PY3=${PY3:-/usr/bin/python3}
if ! "$PY3" -c 'from scipy.optimize import milp' 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-scipy >/dev/null 2>&1
  fi
  "$PY3" -c 'from scipy.optimize import milp' 2>/dev/null ||
    echo "bench: scipy.optimize.milp not available (python3-scipy)" >&2
fi
[ -x "$CP" ] || make -s
PEERS=${BENCH_PEERS:-cbc glpsol highs fet}
ONLY=${BENCH_ONLY:-}
# fixed seeds: FET's search is randomised; the same seeds give the same run
FET_SEEDS="--randomseeds10=1 --randomseeds11=2 --randomseeds12=3 --randomseeds20=4 --randomseeds21=5 --randomseeds22=6"
# only the XML timetable is needed (FET ties it to the activity-tags switch)
FET_QUIET="--htmllevel=0 --writetimetablesdayshorizontal=false --writetimetablesdaysvertical=false
  --writetimetablestimehorizontal=false --writetimetablestimevertical=false
  --writetimetablessubgroups=false --writetimetablesgroups=false --writetimetablesyears=false
  --writetimetablesteachers=false --writetimetablesteachersfreeperiods=false
  --writetimetablesrooms=false --writetimetablessubjects=false --writetimetablesstatistics=false
  --warnsubgroupswiththesameactivities=false"

# kv KEY "LINE": the value of KEY=... in a line of key=value fields
kv() { echo "$2" | tr ' ' '\n' | sed -n "s/^$1=//p" | head -n 1; }

emit() { echo "BENCH $*" | tee -a "$LINES"; }

median() { sort -n | awk '{a[NR]=$1} END{print (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }

# caseplan on one scenario: RUNS solves, median time, peak memory, verify
run_caseplan() {
  name=$1 dir=$2
  times="" status="" peak=0
  i=0
  while [ "$i" -lt "$RUNS" ]; do
    i=$((i + 1))
    out="$WORK/$name.out"
    rm -rf "$out"
    /usr/bin/time -f "%e %M" -o "$WORK/$name.time" \
      "$CP" solve -q --time-limit "$TL" -o "$out" "$dir" >"$WORK/$name.log" 2>&1
    rc=$?
    set -- $(cat "$WORK/$name.time" | tail -n 1)
    times="$times $1"
    [ "$2" -gt "$peak" ] && peak=$2
    case $rc in
    0) status=schedule ;;
    1) status=infeasible ;;
    4) status=undecided ;;
    *) status="error$rc" ;;
    esac
  done
  secs=$(echo "$times" | tr ' ' '\n' | grep . | median)
  missed=0 travel=0 verified=no gap=
  if [ -f "$out/minutes.csv" ]; then
    missed=$(awk -F, 'NR>1{s+=$11} END{print s+0}' "$out/minutes.csv")
  fi
  if [ -f "$out/workload.csv" ]; then
    travel=$(awk -F, 'NR==1{for(i=1;i<=NF;i++) if($i=="travel") c=i} NR>1{s+=$c} END{print s+0}' "$out/workload.csv")
  fi
  gap=$(sed -n 's/.*worst gap \([0-9.]*\)%.*/\1/p' "$WORK/$name.log" | head -n 1)
  if [ "$status" = schedule ] &&
    "$CP" verify "$dir" "$out/schedule.csv" >/dev/null 2>&1; then
    verified=yes
  fi
  bracket=
  if [ -f "$out/staffing.csv" ]; then
    bracket=$(awk -F, 'NR>1{printf "%s%s:%s-%s", sep, $1, $3, $4; sep=";"}' "$out/staffing.csv")
  fi
  # how far past --time-limit the run went (issue #8: within 5 %)
  over=$(awk -v s="$secs" -v tl="$TL" 'BEGIN{printf "%.1f", 100 * (s - tl) / tl}')
  emit "instance=$name solver=caseplan status=$status seconds=$secs" \
    "peak_mb=$((peak / 1024)) missed=$missed travel=$travel gap=${gap:-na}" \
    "verified=$verified bracket=${bracket:-na} runs=$RUNS tl_over_pct=$over"
}

# The staffing bracket against a plain solve (issue #4): `staff` on the
# demo with 30 % more students and `solve` on the demo itself, RUNS times
# each, alternating (a drift of the machine falls on both); medians, the
# ratio staff/solve (the issue asks <= 3), the bracket, and whether the
# witness week passes verify.
run_staff() {
  s_times="" d_times=""
  i=0
  while [ "$i" -lt "$RUNS" ]; do
    i=$((i + 1))
    rm -rf "$WORK/staff30.out" "$WORK/demo_solve.out"
    /usr/bin/time -f "%e" -o "$WORK/staff30.time" "$CP" staff -q \
      --time-limit "$TL" -o "$WORK/staff30.out" instances/demo_plus30 \
      >"$WORK/staff30.log" 2>&1
    rc=$?
    s_times="$s_times $(tail -n 1 "$WORK/staff30.time")"
    /usr/bin/time -f "%e" -o "$WORK/demo_solve.time" "$CP" solve -q \
      --time-limit "$TL" -o "$WORK/demo_solve.out" instances/demo \
      >/dev/null 2>&1
    d_times="$d_times $(tail -n 1 "$WORK/demo_solve.time")"
  done
  s_med=$(echo "$s_times" | tr ' ' '\n' | grep . | median)
  d_med=$(echo "$d_times" | tr ' ' '\n' | grep . | median)
  out="$WORK/staff30.out"
  bracket=na exact=no verified=no
  if [ -f "$out/staffing.csv" ]; then
    bracket=$(awk -F, 'NR>1{printf "%s%s:%s-%s", sep, $1, $3, $4; sep=";"}' "$out/staffing.csv")
    exact=$(awk -F, 'NR>1 && $3!=$4{d=1} END{print d ? "no" : "yes"}' "$out/staffing.csv")
  fi
  if [ -f "$out/schedule.csv" ] &&
    "$CP" verify instances/demo_plus30 "$out/schedule.csv" >/dev/null 2>&1; then
    verified=yes
  fi
  ratio=$(awk -v a="$s_med" -v b="$d_med" 'BEGIN{printf "%.2f", (b > 0 ? a / b : 0)}')
  emit "instance=demo_plus30 solver=caseplan_staff rc=$rc seconds=$s_med" \
    "demo_solve_seconds=$d_med ratio=$ratio bracket=$bracket exact=$exact" \
    "verified=$verified runs=$RUNS"
}

# Ctrl-C in the middle of a search (issue #8): SIGINT after INT_AFTER
# seconds; how long until the process has written its best week and
# exited, and whether every row of that week passes verify except the
# minutes still missing (and the fixed duties of therapists the search had
# not reached: they have no rows at all).
run_interrupt() {
  name=$1 dir=$2
  out="$WORK/$name.int"
  rm -rf "$out"
  "$CP" solve -q --time-limit $((TL * 4)) -o "$out" "$dir" >"$WORK/$name.int.log" 2>&1 &
  pid=$!
  sleep "${INT_AFTER:-20}"
  t0=$(date +%s.%N)
  kill -INT "$pid"
  wait "$pid"
  rc=$?
  t1=$(date +%s.%N)
  stop=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b - a}')
  other=na rows=0 missed=na
  if [ -f "$out/schedule.csv" ]; then
    rows=$(($(wc -l <"$out/schedule.csv") - 1))
    missed=$(awk -F, 'NR>1{s+=$11} END{print s+0}' "$out/minutes.csv")
    "$CP" verify "$dir" "$out/schedule.csv" >"$WORK/$name.int.verify" 2>&1
    cut -d, -f1 "$out/schedule.csv" | sort -u >"$WORK/$name.int.who"
    other=$(grep '^schedule.csv' "$WORK/$name.int.verify" |
      grep -v ' needs [0-9]\| violations$' | while read -r _ who _; do
        if grep -qx "$who" "$WORK/$name.int.who"; then echo x; fi
      done | wc -l)
  fi
  emit "instance=$name solver=caseplan-sigint exit=$rc stop_seconds=$stop" \
    "rows=$rows missed=$missed other_violations=$other after=${INT_AFTER:-20}"
}

# a peer on the monolithic model of the scenario
run_peer() {
  name=$1 dir=$2 peer=$3
  lp="$WORK/$name.lp"
  [ -f "$lp" ] || "$CP" solve -q --time-limit 1 --write-lp "$lp" \
    -o "$WORK/$name.lpout" "$dir" >/dev/null 2>&1
  [ -f "$lp" ] || { emit "instance=$name solver=$peer status=no_model"; return; }
  log="$WORK/$name.$peer.log"
  extra=
  case $peer in
  cbc)
    command -v cbc >/dev/null || { emit "instance=$name solver=cbc status=absent"; return; }
    /usr/bin/time -f "%e %M" -o "$WORK/$name.$peer.time" \
      timeout $((TL * 3 + 30)) cbc "$lp" sec "$TL" solve >"$log" 2>&1
    obj=$(sed -n 's/^Objective value: *\([-0-9.e+]*\).*/\1/p' "$log" | tail -n 1)
    if grep -q "Result - Optimal solution found" "$log"; then st=optimal
    elif [ -n "$obj" ]; then st=feasible
    elif grep -q "infeasible" "$log"; then st=infeasible
    else st=undecided; fi
    ;;
  glpsol)
    command -v glpsol >/dev/null || { emit "instance=$name solver=glpsol status=absent"; return; }
    /usr/bin/time -f "%e %M" -o "$WORK/$name.$peer.time" \
      timeout $((TL * 3 + 30)) glpsol --lp "$lp" --tmlim "$TL" >"$log" 2>&1
    obj=$(grep -E '^[+*] .*mip = ' "$log" | tail -n 1 | sed -n 's/.*mip = *\([-0-9.e+]*\).*/\1/p')
    if grep -q "INTEGER OPTIMAL SOLUTION FOUND" "$log"; then st=optimal
    elif grep -q "PROBLEM HAS NO" "$log"; then st=infeasible
    elif [ -n "$obj" ]; then st=feasible
    else st=undecided; fi
    ;;
  highs)
    "$PY3" -c 'from scipy.optimize import milp' 2>/dev/null ||
      { emit "instance=$name solver=highs status=absent"; return; }
    # seconds = the whole process: glpsol LP -> MPS, parsing, HiGHS
    /usr/bin/time -f "%e %M" -o "$WORK/$name.$peer.time" \
      timeout $((TL * 3 + 30)) "$PY3" bench/lp_to_highs.py "$lp" "$TL" \
      --sol "$WORK/$name.highs.sol" >"$log" 2>&1
    line=$(grep '^HIGHS ' "$log" | tail -n 1)
    st=$(kv status "$line")
    obj=$(kv objective "$line")
    [ "$obj" = na ] && obj=
    [ -n "$st" ] || st=undecided # killed by the timeout: no line
    extra="gap=$(kv gap "$line") solve_s=$(kv solve_s "$line")"
    extra="$extra convert_s=$(kv convert_s "$line") parse_s=$(kv parse_s "$line")"
    ;;
  *)
    emit "instance=$name solver=$peer status=unknown_peer"
    return
    ;;
  esac
  set -- $(tail -n 1 "$WORK/$name.$peer.time")
  # the monolith's objective is 1000 x missed minutes + travel minutes
  missed=na
  case $obj in ''|*[!0-9.e+-]*) ;; *) missed=$(awk -v o="$obj" 'BEGIN{printf "%d", o/1000}') ;; esac
  emit "instance=$name solver=$peer status=$st seconds=$1 peak_mb=$(($2 / 1024))" \
    "objective=${obj:-na} missed=$missed${extra:+ $extra}"
}

# FET on the scenario converted to a timetable (bench/to_fet.py), its week
# back to schedule.csv (bench/fet_to_schedule.py) and judged by caseplan
# verify.  status: complete (every activity placed), partial (the limit hit
# first; the highest stage is judged), refused (FET's precompute finds more
# periods to place than a teacher or students set has: a statement about the
# converted model, whose therapists and groups the converter fixed), error.
run_fet() {
  name=$1 dir=$2
  command -v fet-cl >/dev/null || { emit "instance=$name solver=fet status=absent"; return; }
  fet="$WORK/$name.fet" fout="$WORK/$name.fetout" log="$WORK/$name.fet.log"
  rm -rf "$fout"
  conv=$("$PY3" bench/to_fet.py "$dir" "$fet" 2>"$WORK/$name.tofet.err")
  case $conv in TOFET\ act*) ;; *) emit "instance=$name solver=fet status=no_model"; return ;; esac
  total=$(kv subactivities "$conv")
  # FET checks its limit in the search loop only; stuck on one activity it
  # can retry past it, so SIGTERM at TL + 10 s (FET then writes its current
  # and highest-stage timetables and says "Simulation interrupted")
  # shellcheck disable=SC2086
  /usr/bin/time -f "%e %M" -o "$WORK/$name.fet.time" \
    env QT_QPA_PLATFORM=offscreen timeout -k 30 $((TL + 10)) fet-cl --inputfile="$fet" \
    --outputdir="$fout" --timelimitseconds="$TL" $FET_QUIET $FET_SEEDS >"$log" 2>&1
  res="$fout/logs/result.txt"
  xml=
  if grep -q "Simulation successful" "$res" 2>/dev/null; then
    st=complete xml="$fout/timetables/$name/${name}_activities.xml"
  elif grep -q -e "Time exceeded" -e "Simulation interrupted" "$res" 2>/dev/null; then
    st=partial xml="$fout/timetables/$name-highest/${name}_activities.xml"
  elif grep -q "Cannot precompute" "$log"; then st=refused
  else st=error; fi
  placed=0 missed=na verified=no viol=na vt=na vd=na
  if [ -n "$xml" ] && [ -f "$xml" ]; then
    back=$("$PY3" bench/fet_to_schedule.py "$fet" "$xml" "$WORK/$name.fet.schedule.csv")
    placed=$(kv placed "$back")
    missed=$(kv missed "$back")
    "$CP" verify "$dir" "$WORK/$name.fet.schedule.csv" >"$WORK/$name.fet.verify" 2>&1 &&
      verified=yes
    viol=$(sed -n 's/^.*: \([0-9]*\) violations*$/\1/p' "$WORK/$name.fet.verify" | tail -n 1)
    viol=${viol:-0}
    vt=$(grep -c "but the drive" "$WORK/$name.fet.verify")
    vd=$(grep -c "minutes of documentation, needs" "$WORK/$name.fet.verify")
  fi
  set -- $(tail -n 1 "$WORK/$name.fet.time")
  emit "instance=$name solver=fet status=$st seconds=$1 peak_mb=$(($2 / 1024))" \
    "placed=$placed activities=$total missed=$missed verified=$verified" \
    "violations=$viol viol_travel=$vt viol_doc=$vd period=$(kv period "$conv")" \
    "dropped=$(kv dropped "$conv")"
}

gen() {
  name=$1
  shift
  dir="$WORK/$name"
  rm -rf "$dir"
  "$CP" generate "$@" "$dir" >/dev/null || echo "bench: generate $name failed" >&2
  echo "$dir"
}

INST="demo:instances/demo"
INST="$INST S:$(gen S --size S --seed 1)"
INST="$INST S70:$(gen S70 --size S --seed 1 --param target=0.7)"
# the S preset is ~90 % utilised as workload.csv counts it (drives
# included); target 0.9 leaves the drives out and is ~97 % in that count
INST="$INST S97:$(gen S97 --size S --seed 1 --param target=0.9)"
INST="$INST S_under:$(gen S_under --size S --seed 1 --param understaffed=1)"
# the M preset (target 0.75) is S's ~90 % as workload.csv counts it (its
# full week of 2026-11-27: 88.0-96.7 % per therapist, mean 91.3 %); target
# 0.8, the preset until the thirteenth session and M96 here, is ~96 %,
# like S97
INST="$INST M:$(gen M --size M --seed 1)"
INST="$INST M96:$(gen M96 --size M --seed 1 --param target=0.8)"
INST="$INST M_under:$(gen M_under --size M --seed 1 --param understaffed=1)"
if [ "${BENCH:-}" = full ]; then
  INST="$INST L:$(gen L --size L --seed 1)"
  INST="$INST L96:$(gen L96 --size L --seed 1 --param target=0.8)"
  INST="$INST L_under:$(gen L_under --size L --seed 1 --param understaffed=1)"
fi

has() { case " $1 " in *" $2 "*) return 0 ;; esac; return 1; }

for spec in $INST; do
  name=${spec%%:*}
  dir=${spec#*:}
  [ -z "$ONLY" ] || has "$ONLY" "$name" || continue
  run_caseplan "$name" "$dir"
  [ "$name" = M ] && run_interrupt "$name" "$dir"
  for peer in $PEERS; do
    case $peer:$name in
    fet:*) run_fet "$name" "$dir" ;;
    *:L*) ;; # the monolith of L does not fit a MIP peer in any sensible time
    *) run_peer "$name" "$dir" "$peer" ;;
    esac
  done
done

if [ -z "$ONLY" ] || has "$ONLY" staff30; then
  run_staff
fi

echo
awk '
  /^BENCH/ && !/solver=caseplan_staff/ {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    k = f["instance"]; s = f["solver"]
    st[k, s] = f["status"]; t[k, s] = f["seconds"]; m[k, s] = f["missed"]
    pl[k, s] = f["placed"] "/" f["activities"]; vi[k, s] = f["violations"]
    ve[k, s] = f["verified"]
    if (!(k in seen)) { seen[k] = 1; order[++n] = k }
    delete f
  }
  function cell(k, s) {
    if (!((k, s) in st)) return sprintf("%-24s", "-")
    if (s == "fet" && st[k, s] != "absent" && st[k, s] != "no_model")
      return sprintf("%-24s", st[k, s] " " t[k, s] "s " pl[k, s] " v=" vi[k, s])
    return sprintf("%-24s", st[k, s] " " t[k, s] "s m=" m[k, s])
  }
  function ratio(k, p) {
    if (!((k, p) in t) || t[k, p] + 0 == 0) return "-"
    return sprintf("%.3f", t[k, "caseplan"] / t[k, p])
  }
  # decided: a complete verified week, or a proof that none exists
  function decided(k, s) {
    if (s == "caseplan")
      return (st[k, s] == "schedule" && ve[k, s] == "yes") || st[k, s] == "infeasible"
    if (s == "fet") return st[k, s] == "complete" && ve[k, s] == "yes"
    return st[k, s] == "optimal" || st[k, s] == "infeasible" ||
      (st[k, s] == "feasible" && m[k, s] == "0")
  }
  function why(k, s) {
    if (s == "fet") {
      if (st[k, s] == "complete") return "fet (every activity placed, but caseplan verify finds " vi[k, s] " violations)"
      if (st[k, s] == "refused") return "fet (refused: its converted model has more periods than slots; not a proof)"
      if (st[k, s] == "partial") return "fet (" pl[k, s] " placed at the limit, " m[k, s] " minutes missing)"
      return "fet (" st[k, s] ")"
    }
    if (st[k, s] == "feasible") return s " (" m[k, s] " minutes missing at the limit)"
    return s " (" st[k, s] ")"
  }
  END {
    printf "%-9s %-24s %-24s %-24s %-24s %-24s %s\n", "instance", "caseplan", "cbc (monolith)",
      "glpsol (monolith)", "highs (monolith)", "fet (timetabler)", "cp/cbc cp/glpsol cp/highs cp/fet"
    for (i = 1; i <= n; i++) {
      k = order[i]
      printf "%-9s %s %s %s %s %s %-6s %-9s %-8s %s\n", k, cell(k, "caseplan"), cell(k, "cbc"),
        cell(k, "glpsol"), cell(k, "highs"), cell(k, "fet"), ratio(k, "cbc"),
        ratio(k, "glpsol"), ratio(k, "highs"), ratio(k, "fet")
    }
    print ""
    print "Cases a peer leaves undecided that caseplan decides:"
    none = 1
    for (i = 1; i <= n; i++) {
      k = order[i]
      if (!decided(k, "caseplan")) continue
      list = ""
      split("cbc glpsol highs fet", peers, " ")
      for (j = 1; j <= 4; j++) {
        p = peers[j]
        if (!((k, p) in st) || st[k, p] == "absent" || st[k, p] == "no_model") continue
        if (!decided(k, p)) list = list (list == "" ? "" : "; ") why(k, p)
      }
      if (list != "") { printf "  %-9s caseplan %s; undecided by %s\n", k, st[k, "caseplan"], list; none = 0 }
    }
    if (none) print "  (none)"
  }' "$LINES"
echo
echo "(m = service minutes missing in the best schedule found; a peer that"
echo " ends with m > 0 or no schedule has left the instance undecided."
echo " fet: placed/activities and v = violations caseplan verify finds in the FET"
echo " week.  FET gets a converted problem: the therapists and groups are fixed"
echo " by the converter, travel is only a uniform minimum gap between schools,"
echo " no drive from/to the base school, documentation is weekly not same-day,"
echo " preferred blocks and the calendar are dropped; see bench/README.md)"
