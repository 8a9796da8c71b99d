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
#     cbc (coinor-cbc) and by glpsol (glpk-utils) — the yardstick;
# and prints one machine-readable line per (instance, solver):
#   BENCH instance=S solver=caseplan status=... seconds=... peak_mb=...
#         missed=... travel=... gap=... bracket=...
# then a table with the ratios caseplan/peer.  Lines are the merge format
# for large sweeps (see bench/README.md).  Not part of `make test`.
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
[ -x "$CP" ] || make -s

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
  emit "instance=$name solver=caseplan status=$status seconds=$secs" \
    "peak_mb=$((peak / 1024)) missed=$missed travel=$travel gap=${gap:-na}" \
    "verified=$verified bracket=${bracket:-na} runs=$RUNS"
}

# a peer on the monolithic model of the scenario
run_peer() {
  name=$1 dir=$2 peer=$3
  lp="$WORK/$name.lp"
  [ -f "$lp" ] || "$CP" solve -q --time-limit 1 --write-lp "$lp" \
    -o "$WORK/$name.lpout" "$dir" >/dev/null 2>&1
  [ -f "$lp" ] || { emit "instance=$name solver=$peer status=no_model"; return; }
  log="$WORK/$name.$peer.log"
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
  esac
  set -- $(tail -n 1 "$WORK/$name.$peer.time")
  # the monolith's objective is 1000 x missed minutes + travel minutes
  missed=na
  case $obj in ''|*[!0-9.e+-]*) ;; *) missed=$(awk -v o="$obj" 'BEGIN{printf "%d", o/1000}') ;; esac
  emit "instance=$name solver=$peer status=$st seconds=$1 peak_mb=$(($2 / 1024))" \
    "objective=${obj:-na} missed=$missed"
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
INST="$INST S_under:$(gen S_under --size S --seed 1 --param understaffed=1)"
INST="$INST M:$(gen M --size M --seed 1)"
INST="$INST M_under:$(gen M_under --size M --seed 1 --param understaffed=1)"
if [ "${BENCH:-}" = full ]; then
  INST="$INST L:$(gen L --size L --seed 1)"
  INST="$INST L_under:$(gen L_under --size L --seed 1 --param understaffed=1)"
fi

for spec in $INST; do
  name=${spec%%:*}
  dir=${spec#*:}
  run_caseplan "$name" "$dir"
  case $name in
  L*) ;; # the monolith of L does not fit a peer in any sensible time
  *)
    run_peer "$name" "$dir" cbc
    run_peer "$name" "$dir" glpsol
    ;;
  esac
done

echo
echo "instance   caseplan            cbc (monolith)      glpsol (monolith)   ratio cp/cbc  cp/glpsol"
awk '
  /^BENCH/ {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    k = f["instance"]; s = f["solver"]
    st[k, s] = f["status"]; t[k, s] = f["seconds"]; m[k, s] = f["missed"]
    if (!(k in seen)) { seen[k] = 1; order[++n] = k }
  }
  function cell(k, s) {
    if (!((k, s) in st)) return sprintf("%-19s", "-")
    return sprintf("%-19s", st[k, s] " " t[k, s] "s m=" m[k, s])
  }
  function ratio(k, p) {
    if (!((k, p) in t) || t[k, p] + 0 == 0) return "-"
    return sprintf("%.3f", t[k, "caseplan"] / t[k, p])
  }
  END {
    for (i = 1; i <= n; i++) {
      k = order[i]
      printf "%-10s %s %s %s %-13s %s\n", k, cell(k, "caseplan"), cell(k, "cbc"),
        cell(k, "glpsol"), ratio(k, "cbc"), ratio(k, "glpsol")
    }
  }' "$LINES"
echo
echo "(m = service minutes missing in the best schedule found; a peer that"
echo " ends with m > 0 or no schedule has left the instance undecided)"
