#!/bin/sh
# hostile_test.sh — caseplan against hostile inputs (big, broken, strange).
#
# Usage, from the repo root:
#     sh tests/hostile_test.sh ./caseplan
#
# Each case builds a scenario folder in a scratch folder (a copy of the
# shared example scenario, or of instances/tiny, with one hostile file or
# value), runs `caseplan check -o OUT DIR` under `timeout`, and checks:
#   - the exit code (3 for an input error; 0 or 1 when the input is valid
#     and merely large or odd: it is handled);
#   - the message: an exact stderr line naming the file:line and the value;
#   - the wall time (under the case's bound; the run is killed past it) and,
#     when GNU time is at /usr/bin/time, the peak memory (HOSTILE_MEM_MB,
#     1024 by default: a 64 MiB file under AddressSanitizer stays far below);
#   - that OUT was not created.
# Big inputs are generated here, never committed; everything is removed at
# exit.  Small hostile inputs (a NUL byte, a stray quote, 25:61 ...) live in
# tests/bad/ instead, where cli_test.sh runs them.  Prints `N passed,
# M failed` last and exits non-zero when M > 0; takes well under a minute.

set -u

CP=${1:-./caseplan}
case $CP in
/*) ;;
*) CP=$(pwd)/$CP ;;
esac
cd "$(dirname "$0")/.." || exit 2
SHARED=${CASEPLAN_SHARED:-../shared}
EXAMPLE=$SHARED/example/scenario
MEM_MB=${HOSTILE_MEM_MB:-1024}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/caseplan-hostile.XXXXXX") || exit 2
trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
skipped=0
name=''
problems=''

if [ ! -x "$CP" ]; then
  echo "hostile_test.sh: no caseplan binary at $CP (run make first)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
if [ ! -d "$EXAMPLE" ] || [ ! -d instances/tiny ]; then
  echo "hostile_test.sh: needs $EXAMPLE and instances/tiny (set CASEPLAN_SHARED)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
TIME=''
[ -x /usr/bin/time ] && /usr/bin/time -f %M true >/dev/null 2>&1 &&
  TIME=/usr/bin/time

# ---- helpers ----------------------------------------------------------------

problem() {
  problems="$problems
    $*"
}

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

skip_case() {
  end_case
  skipped=$((skipped + 1))
  printf 'SKIP %s: %s\n' "$1" "$2"
}

# Milliseconds since the epoch (GNU date), or seconds x 1000 elsewhere.
now_ms() {
  ms=$(date +%s%3N)
  case $ms in
  *[!0-9]*) echo $(($(date +%s) * 1000)) ;;
  *) echo "$ms" ;;
  esac
}

# scenario NAME [SOURCE] — makes $tmp/NAME, a writable copy of SOURCE (the
# shared example by default), and sets $dir to it.
scenario() {
  dir=$tmp/$1
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "${2:-$EXAMPLE}"/*.csv "$dir/"
  chmod u+w "$dir"/*.csv
}

# check_case NAME RC SECONDS [ARGS...] — runs `caseplan check -o OUT ARGS`
# (ARGS default: $dir) killed after SECONDS, then checks the exit code, the
# time, the memory, and that OUT was not written.  stdout and stderr are in
# $tmp/stdout and $tmp/stderr for the expect_* checks that follow.
check_case() {
  end_case
  name=$1
  want_rc=$2
  bound=$3
  shift 3
  [ $# -gt 0 ] || set -- "$dir"
  out=$tmp/out-$name
  rm -f "$tmp/mem"
  t0=$(now_ms)
  if [ -n "$TIME" ]; then
    "$TIME" -o "$tmp/mem" -f %M timeout -s KILL "$bound" \
      "$CP" check -o "$out" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
  else
    timeout -s KILL "$bound" "$CP" check -o "$out" "$@" \
      >"$tmp/stdout" 2>"$tmp/stderr"
  fi
  rc=$?
  t1=$(now_ms)
  ms=$((t1 - t0))
  if [ "$rc" -eq 137 ] || [ "$ms" -ge $((bound * 1000)) ]; then
    problem "still running after ${bound} s (killed)"
  elif [ "$rc" -ne "$want_rc" ]; then
    problem "exit code $rc, expected $want_rc; stderr:" \
      "$(head -n 3 "$tmp/stderr" | cut -c 1-300)"
  fi
  if [ -s "$tmp/mem" ]; then
    kb=$(tail -n 1 "$tmp/mem")
    case $kb in
    *[!0-9]*) ;;
    *)
      [ "$kb" -le $((MEM_MB * 1024)) ] ||
        problem "peak memory $((kb / 1024)) MB, over $MEM_MB MB"
      ;;
    esac
  fi
  if [ -e "$out" ]; then
    problem "$out was created: $(find "$out" | head -n 3)"
  fi
}

# expect_line TEXT — stderr has TEXT as a whole line.
expect_line() {
  grep -qxF -- "$1" "$tmp/stderr" ||
    problem "stderr lacks the line: $1
      got: $(head -n 3 "$tmp/stderr" | cut -c 1-300)"
}

# expect_errors N — the summary line of N input errors in $dir.
expect_errors() {
  s=s
  [ "$1" -eq 1 ] && s=''
  expect_line "caseplan: $1 input error$s in $dir; nothing was written"
}

expect_stdout_has() {
  grep -qF -- "$1" "$tmp/stdout" || problem "stdout lacks '$1'"
}

# rows N PATTERN — N lines of PATTERN with # replaced by 1..N.
rows() {
  awk -v n="$1" -v p="$2" 'BEGIN { k = split(p, part, "#");
    for (i = 1; i <= n; i++) { s = part[1];
      for (j = 2; j <= k; j++) s = s i part[j]
      print s } }'
}

# repeat N TEXT — TEXT N times, no newline.
repeat() {
  awk -v n="$1" -v t="$2" 'BEGIN { s = t; r = "";
    for (; n > 0; n = int(n / 2)) { if (n % 2) r = r s; s = s s }
    printf "%s", r }'
}

HEAD=student_id,school_id,grade,classroom,therapist_id

# ---- big files and fields ---------------------------------------------------

scenario field_10mb
{
  echo "$HEAD"
  echo "S1,A,2,2A,T1"
  head -c 10485760 /dev/zero | tr '\0' a
  echo ",A,3,3B,"
} >"$dir/students.csv"
check_case field_10mb 3 10
expect_line "students.csv:3: student_id 'aaaaaaaaaaaaaaaaaaaa...' is 10485760 bytes long: expected at most 65536 bytes in one field"
expect_errors 1

# a quoted field over many lines: reported at the line the record starts
scenario field_10mb_quoted_lines
{
  echo "$HEAD"
  echo "S1,A,2,2A,T1"
  printf 'S2,A,3,"'
  rows 160000 'a long note that goes on and on over 160,000 lines of 64 bytes.'
  echo '",'
} >"$dir/students.csv"
check_case field_10mb_quoted_lines 3 10
expect_line "students.csv:3: classroom 'a long note that goe...' is 10240000 bytes long: expected at most 65536 bytes in one field"
expect_errors 1

scenario field_of_doubled_quotes
{
  echo "$HEAD"
  printf 'S1,"'
  repeat 500000 '""'
  echo '",2,2A,T1'
} >"$dir/students.csv"
check_case field_of_doubled_quotes 3 10
expect_line "students.csv:2: school_id '\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"...' is 500000 bytes long: expected at most 65536 bytes in one field"
expect_errors 1

scenario line_1mb_field
{
  echo "$HEAD"
  printf 'S1,A,2,'
  head -c 1048576 /dev/zero | tr '\0' x
  echo ",T1"
} >"$dir/students.csv"
check_case line_1mb_field 3 10
expect_line "students.csv:2: classroom 'xxxxxxxxxxxxxxxxxxxx...' is 1048576 bytes long: expected at most 65536 bytes in one field"
expect_errors 1

scenario line_1mb_of_fields
{
  echo "$HEAD"
  repeat 524288 'b,'
  echo
} >"$dir/students.csv"
check_case line_1mb_of_fields 3 10
expect_line "students.csv:2: field 257 'b' is one too many: expected at most 256 fields in one row"
expect_errors 1

# a 1 MB comment line is skipped: the folder is valid
scenario line_1mb_comment
{
  echo "$HEAD"
  printf '#'
  head -c 1048576 /dev/zero | tr '\0' c
  echo
  tail -n +2 "$EXAMPLE/students.csv"
} >"$dir/students.csv"
check_case line_1mb_comment 0 10
expect_stdout_has '2 schools, 1 therapists, 4 students, 5 services'

scenario columns_10000_header
{
  printf '%s' "$HEAD"
  rows 10000 'x_#' | tr '\n' ',' | sed 's/,$//; s/^/,/'
  echo
  tail -n +2 "$EXAMPLE/students.csv"
} >"$dir/students.csv"
check_case columns_10000_header 3 10
expect_line "students.csv:1: field 257 'x_252' is one too many: expected at most 256 fields in one row"
expect_errors 1

scenario columns_10000_row
{
  cat "$EXAMPLE/students.csv"
  printf 'S9,A,1,1C,'
  repeat 9995 ','
  echo
} >"$dir/students.csv"
check_case columns_10000_row 3 10
expect_line "students.csv:7: field 257 '' is one too many: expected at most 256 fields in one row"
expect_errors 1

scenario rows_1m
{
  echo "$HEAD"
  rows 1000000 'X#,A,1,1C,'
} >"$dir/students.csv"
check_case rows_1m 3 15
expect_line "students.csv:200002: row 200001 is one too many: expected at most 200000 rows in one file"
expect_errors 1

# exactly at the limit, with a million comment lines around: handled
scenario rows_at_limit
{
  echo "$HEAD"
  rows 1000000 ' comment #' | sed 's/^/#/'
  tail -n +2 "$EXAMPLE/students.csv"
  rows 199996 'X#,B,1,1C,'
} >"$dir/students.csv"
check_case rows_at_limit 0 20
expect_stdout_has '2 schools, 1 therapists, 200000 students, 5 services'

# a file of exactly 64 MiB is read (here: zeros, refused as text) ...
scenario size_64mib
: >"$dir/services.csv"
truncate -s 67108864 "$dir/services.csv"
check_case size_64mib 3 10
expect_line "services.csv:1: NUL byte at character 1: expected UTF-8 text (is this a spreadsheet file rather than CSV?)"
expect_errors 1

# ... one byte more is not even opened; nor is 100 GB
scenario size_64mib_plus_1
: >"$dir/services.csv"
truncate -s 67108865 "$dir/services.csv"
check_case size_64mib_plus_1 3 5
expect_line "services.csv: file is 67108865 bytes: expected at most 67108864 bytes (64 MiB)"
expect_errors 1

scenario size_100gb_sparse
: >"$dir/students.csv"
truncate -s 100G "$dir/students.csv"
check_case size_100gb_sparse 3 5
expect_line "students.csv: file is 107374182400 bytes: expected at most 67108864 bytes (64 MiB)"
expect_errors 1

# ---- bytes that are not text ------------------------------------------------

scenario nul_bytes_binary
head -c 5000000 /dev/zero >"$dir/schools.csv"
check_case nul_bytes_binary 3 5
expect_line "schools.csv:1: NUL byte at character 1: expected UTF-8 text (is this a spreadsheet file rather than CSV?)"
expect_errors 1

scenario nul_byte_deep
{
  echo "$HEAD"
  rows 100000 'X#,A,1,1C,'
  printf 'S1,A,2\0002A,T1\n'
} >"$dir/students.csv"
check_case nul_byte_deep 3 5
expect_line "students.csv:100002: NUL byte at character 7: expected UTF-8 text (is this a spreadsheet file rather than CSV?)"
expect_errors 1

# Latin-1 text (an é as the single byte 0xE9) after 100,000 good rows
scenario invalid_utf8_latin1
{
  echo "$HEAD"
  rows 100000 'X#,A,1,1C,'
  printf 'Ren\351,A,2,2A,\n'
} >"$dir/students.csv"
check_case invalid_utf8_latin1 3 5
expect_line "students.csv:100002: byte 0xE9 at character 4 is not UTF-8: expected UTF-8 text (save the file as \"CSV UTF-8\")"
expect_errors 1

# overlong encoding of '/', a UTF-16 surrogate, a code point past U+10FFFF
for bad in 'C0AF:\300\257' 'EDA080:\355\240\200' 'F4908080:\364\220\200\200'; do
  label=${bad%%:*}
  bytes=${bad#*:}
  scenario "invalid_utf8_$label"
  # shellcheck disable=SC2059 # the octal escapes in $bytes are wanted
  printf "S9,A,1,$bytes,\n" >>"$dir/students.csv"
  lead=$(printf '%s' "$label" | cut -c 1-2)
  check_case "invalid_utf8_$label" 3 5
  expect_line "students.csv:7: byte 0x$lead at character 8 is not UTF-8: expected UTF-8 text (save the file as \"CSV UTF-8\")"
  expect_errors 1
done

# a C1 control character (U+009B, a terminal's CSI) in a name
scenario control_c1
printf 'C,Cedar\302\2332J,08:00,15:00,45.1,-93.1,\n' >>"$dir/schools.csv"
check_case control_c1 3 5
expect_line "schools.csv:4: control character U+009B at character 8: expected text (tabs, line breaks and printable characters only)"
expect_errors 1

# ---- quotes -----------------------------------------------------------------

# a quote opened on line 3 and never closed, 100,000 lines before the end
scenario unterminated_quote_big
{
  echo "$HEAD"
  echo "S1,A,2,2A,T1"
  echo 'S2,"A,3,3B,'
  rows 100000 'X#,A,1,1C,'
} >"$dir/students.csv"
check_case unterminated_quote_big 3 10
expect_line "students.csv:3: unterminated quoted field (a quote opened here is never closed)"
expect_errors 1

# ---- ids repeated -----------------------------------------------------------

scenario repeated_student_ids
rows 150000 'S1,A,2,2A,T1' >>"$dir/students.csv"
check_case repeated_student_ids 3 15
expect_line "students.csv:7: student_id 'S1' is a duplicate (first on line 3)"
expect_line "... and 149900 more errors"
expect_errors 150000

scenario repeated_therapist_rows
rows 150000 'Pat,T1,SLP,Mon-Thu,07:30,15:30,30,11:00,1:30 PM,A,A;B' \
  >>"$dir/therapists.csv"
check_case repeated_therapist_rows 3 15
expect_line "therapists.csv:4: days 'Mon-Thu' overlap line 2 of the same therapist_id 'T1' (Mon is on both): expected disjoint days"
expect_errors 150000

# 190,000 copies of a valid block and of a '*' duty: valid, and overloaded
scenario repeated_blocks_and_duties
rows 190000 'student,S3,B,Tue;Thu,9:00,10:00,unavailable,reading' \
  >>"$dir/blocks.csv"
rows 190000 '*,planning,,,,5,week,5,' >>"$dir/duties.csv"
check_case repeated_blocks_and_duties 1 20
expect_stdout_has 'T1'

# 2,000 therapists and 190,000 copies of one fixed '*' duty: each copy
# overlaps the one before for every therapist
scenario repeated_fixed_star_duties
rows 1999 'Pat#,X#,SLP,Mon-Fri,08:00,16:00,,,,,' >>"$dir/therapists.csv"
rows 190000 '*,meeting,Wed,14:30,14:35,,,,' >>"$dir/duties.csv"
check_case repeated_fixed_star_duties 3 10
expect_line "duties.csv:4: duty meeting 14:30-14:35 on Wed overlaps duty meeting 14:30-15:30 on line 2 for therapist 'T1': expected fixed duties that do not overlap (a therapist does one thing at a time)"
expect_line "duties.csv:5: duty meeting 14:30-14:35 on Wed overlaps duty meeting 14:30-14:35 on line 4 for therapist 'T1': expected fixed duties that do not overlap (a therapist does one thing at a time)"
expect_errors 190000

# ---- times and numbers ------------------------------------------------------

n=0
for v in '25:61' '99:99 PM' '24:00' '12:60 AM' '-1:00' '08:00:00' '8:5' \
  '0800' '123:00' '8 : 00' '8:00 XM' '00:00 AM' '13:30 PM'; do
  n=$((n + 1))
  scenario "time_$n"
  sed "2s/^A,Alder,[^,]*,/A,Alder,$v,/" "$EXAMPLE/schools.csv" \
    >"$dir/schools.csv"
  want='a time like 08:05, 8:05 or 8:05 AM'
  case $v in
  24:00) want='a 24-hour time from 00:00 to 23:59' ;;
  '00:00 AM' | '13:30 PM') want='a 12-hour time with an hour from 1 to 12' ;;
  esac
  check_case "time_$n" 3 5
  expect_line "schools.csv:2: start '$v' is not valid: expected $want"
  expect_errors 1
done

n=0
for v in '-30:is negative: expected a whole number 0 or more' \
  '-0:is negative: expected a whole number 0 or more' \
  '99999999999999999999:is too large (at most 100000)' \
  '2147483648:is too large (at most 100000)' \
  '100001:is too large (at most 100000)' \
  '1e9:is not valid: expected a whole number' \
  '0x10:is not valid: expected a whole number' \
  '+30:is not valid: expected a whole number' \
  '30.0:is not valid: expected a whole number'; do
  n=$((n + 1))
  value=${v%%:*}
  text=${v#*:}
  scenario "number_$n"
  sed "2s/^S1,SLP,direct,60,/S1,SLP,direct,$value,/" \
    "$EXAMPLE/services.csv" >"$dir/services.csv"
  check_case "number_$n" 3 5
  expect_line "services.csv:2: minutes '$value' $text"
  expect_errors 1
done

# minutes x weeks x services: 30,000 services of 100,000 minutes a week in
# a 4-week rotation would pass INT_MAX in the week's sums
scenario overflow_services
rows 30000 'X#,A,1,1C,' >>"$dir/students.csv"
rows 30000 'X#,SLP,direct,100000,week,30,individual,' >>"$dir/services.csv"
sed 's/^rotation_weeks,1/rotation_weeks,4/' "$EXAMPLE/settings.csv" \
  >"$dir/settings.csv"
check_case overflow_services 3 10
expect_line "services.csv: the caseload adds up to 14003001028 minutes per 4-week cycle (14002800760 of them from this file), more than caseplan counts (at most 100000000): expected the minutes of one district"
expect_errors 1

# the reserve: settings at their maxima for 1,000 therapists
scenario overflow_reserve
rows 999 'T#,X#,SLP,Mon-Fri,08:00,16:00,,,,,' >>"$dir/therapists.csv"
cat >>"$dir/settings.csv" <<'EOF'
evaluations_per_year,500
evaluation_minutes,6000
school_weeks_per_year,1
EOF
check_case overflow_reserve 3 10
expect_line "settings.csv: the caseload adds up to 3000060430 minutes per 1-week cycle (3000000240 of them from this file), more than caseplan counts (at most 100000000): expected the minutes of one district"
expect_errors 1

scenario overflow_duties
rows 1000 '*,duty,,,,100000,day,30,' >>"$dir/duties.csv"
check_case overflow_duties 3 10
expect_line "duties.csv: the caseload adds up to 700000257 minutes per 1-week cycle (700000060 of them from this file), more than caseplan counts (at most 100000000): expected the minutes of one district"
expect_errors 1

# ---- scenario limits --------------------------------------------------------

scenario schools_over_limit
rows 1200 'Z#,Zed,08:00,15:00,45.0,-93.0,' >>"$dir/schools.csv"
check_case schools_over_limit 3 10
expect_line "schools.csv:1002: school_id 'Z999' is one school too many: caseplan reads at most 1000 schools per scenario (split the district)"
expect_errors 1

scenario therapists_over_limit
rows 2100 'Tx,X#,SLP,Mon-Fri,08:00,16:00,,,,,' >>"$dir/therapists.csv"
check_case therapists_over_limit 3 10
expect_line "therapists.csv:2003: therapist_id 'X2000' is one therapist too many: caseplan reads at most 2000 therapists per scenario (split the district)"
expect_errors 1

scenario disciplines_over_limit
rows 33 'Tx,D#,D#,Mon-Fri,08:00,16:00,,,,,' >>"$dir/therapists.csv"
check_case disciplines_over_limit 3 10
expect_line "therapists.csv:35: discipline 'D32' is one discipline too many: caseplan reads at most 32 disciplines per scenario (is a column shifted?)"
expect_errors 2

# ---- files that are not files -----------------------------------------------

scenario symlink_loop
rm "$dir/students.csv"
ln -s students.csv "$dir/students.csv"
check_case symlink_loop 3 5
expect_line "students.csv: cannot read: Too many levels of symbolic links"
expect_errors 1

dir=$tmp/folder_loop
ln -s folder_loop "$dir"
check_case folder_loop 3 5
expect_line "scenario folder '$dir' cannot be read: Too many levels of symbolic links"
expect_errors 1

# a FIFO nobody writes to: opening it would block for ever
scenario fifo
rm "$dir/students.csv"
mkfifo "$dir/students.csv"
check_case fifo 3 5
expect_line "students.csv: is not a regular file (a pipe, device or socket): expected a CSV file"
expect_errors 1

scenario device
rm "$dir/therapists.csv"
ln -s /dev/zero "$dir/therapists.csv"
check_case device 3 5
expect_line "therapists.csv: is not a regular file (a pipe, device or socket): expected a CSV file"
expect_errors 1

# a regular file whose read fails (EIO): /proc/self/mem at address 0
if [ -r /proc/self/mem ]; then
  scenario read_error
  rm "$dir/students.csv"
  ln -s /proc/self/mem "$dir/students.csv"
  check_case read_error 3 5
  expect_line "students.csv: cannot read: Input/output error"
  expect_errors 1
else
  skip_case read_error "no /proc/self/mem"
fi

# unreadable: chmod 000 stops everyone but root, so as root the run drops to
# nobody (setpriv); without either the case is skipped
scenario unreadable
chmod 000 "$dir/students.csv"
if [ "$(id -u)" != 0 ]; then
  check_case unreadable 3 5
  expect_line "students.csv: cannot read: Permission denied"
  expect_errors 1
elif command -v setpriv >/dev/null 2>&1 &&
  setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
  chmod 755 "$tmp" "$dir"
  chmod a+r "$dir"/*.csv
  chmod 000 "$dir/students.csv"
  chmod a+rx "$CP" 2>/dev/null
  end_case
  name=unreadable
  if setpriv --reuid=65534 --regid=65534 --clear-groups \
    timeout -s KILL 5 "$CP" check -o "$tmp/out-unreadable" "$dir" \
    >"$tmp/stdout" 2>"$tmp/stderr"; then
    problem "exit code 0, expected 3"
  else
    rc=$?
    [ "$rc" -eq 3 ] || problem "exit code $rc, expected 3 (is $CP readable by nobody?)"
  fi
  expect_line "students.csv: cannot read: Permission denied"
  expect_errors 1
  [ ! -e "$tmp/out-unreadable" ] || problem "$tmp/out-unreadable was created"
  chmod 700 "$tmp"
else
  skip_case unreadable "running as root without setpriv: chmod 000 does not stop root"
fi

# ---- scenario folders -------------------------------------------------------

dir=$tmp/no_such_folder
check_case folder_missing 3 5
expect_line "scenario folder '$dir' does not exist"
expect_errors 1

# a path so long that DIR/therapists.csv would not fit in 4096 bytes
dir=$tmp
while [ ${#dir} -lt 4070 ]; do
  dir=$dir/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz
done
dir=$(printf '%s' "$dir" | cut -c 1-4070)
mkdir -p "$dir"
check_case folder_path_too_long 3 5
len=${#dir}
expect_line "scenario folder '$(printf '%s' "$dir" | cut -c 1-40)...' has a path of $len bytes: expected at most 4064 (use a shorter or relative path)"
expect_errors 1

# instances/tiny with its services file replaced by a folder
scenario tiny_services_folder instances/tiny
rm "$dir/services.csv"
mkdir "$dir/services.csv"
check_case tiny_services_folder 3 5
expect_line "services.csv: is a folder: expected a CSV file"
expect_errors 1

# ---- valid but large: the check stays bounded -------------------------------

# 3,000 direct services of one discipline at one school: overloaded, and
# said so in seconds
scenario many_services_one_school
rows 3000 'X#,A,1,1C,' >>"$dir/students.csv"
rows 3000 'X#,SLP,direct,30,week,30,individual,' >>"$dir/services.csv"
check_case many_services_one_school 1 10
expect_stdout_has '2 schools, 1 therapists, 3004 students, 3005 services'
expect_stdout_has 'At school A, 3002 SLP students can only be seen'

# 300 SLP therapists of one hour a week, 400 students: the overload is
# proven with one capacity term per therapist
scenario many_therapists_overloaded
rows 299 'T#,X#,SLP,Mon,08:00,09:00,0,,,,' >>"$dir/therapists.csv"
rows 400 'X#,A,1,1C,' >>"$dir/students.csv"
rows 400 'X#,SLP,direct,60,week,30,individual,' >>"$dir/services.csv"
check_case many_therapists_overloaded 1 10
expect_stdout_has 'The SLP caseload needs at least 46829 minutes a week, but the 300 SLP therapists can work only 19950'

# ---- summary ----------------------------------------------------------------

end_case
[ "$skipped" -eq 0 ] || echo "($skipped skipped: see SKIP above)"
[ -n "$TIME" ] || echo "(no GNU time at /usr/bin/time: memory not checked)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
