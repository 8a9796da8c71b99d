#!/bin/sh
# setup.sh — one command from a fresh Debian machine to a verified demo week.
#
#   sh setup.sh          install what is missing, build, solve instances/demo
#   sh setup.sh --deps   only install what is missing (used by make and CI)
#
# Installs with apt-get when run as root; otherwise prints the exact apt-get
# line to run and stops.  Nothing is fetched from anywhere but Debian.
set -eu
cd "$(dirname "$0")"

# package -> a file that shows it is installed
PKGS="
make:/usr/bin/make
gcc:/usr/bin/gcc
libglpk-dev:/usr/include/glpk.h
libcsv-dev:/usr/include/csv.h
libcmocka-dev:/usr/include/cmocka.h
python3:/usr/bin/python3
python3-icalendar:/usr/lib/python3/dist-packages/icalendar/__init__.py
chromium:/usr/bin/chromium
clang:/usr/bin/clang
libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
"

missing=""
for p in $PKGS; do
  name=${p%%:*}
  file=${p#*:}
  [ -e "$file" ] || missing="$missing $name"
done

if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup.sh: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "setup.sh: missing packages; run:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
  fi
fi

[ "${1:-}" = "--deps" ] && exit 0

make
./caseplan check instances/demo
./caseplan solve instances/demo -o out/demo
./caseplan verify instances/demo out/demo/schedule.csv | tail -n 5
echo "setup.sh: the demo week is in out/demo/ (schedule.csv, minutes.csv, workload.csv)"
