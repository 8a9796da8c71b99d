#!/bin/sh
# test_render.sh — schedule.html, report.html and ics/ end to end.
#
# Usage, from the repository root:
#     sh tests/test_render.sh BIN [DEMO_OUT] [--docs]
#
# BIN writes outputs with the caseplan command line (`BIN solve SCENARIO -o
# DIR`, `BIN staff ...`, `BIN verify ...`): build/tests/render_outputs, or
# ./caseplan once io/app.c calls the HTML and iCalendar writers.  It
#   1. solves instances/demo once and runs tests/test_ics.py on its calendars
#      (and on the other calendar cases);
#   2. parses every page with Python's html.parser: tags balanced, only the
#      elements and attributes the writers use, no script, no reference out
#      of the page, the security policy in place; a scenario whose student id
#      is <b>&" (and with markup in names) renders it as text;
#   3. checks the figures: utilisation and minutes per category against
#      workload.csv, service minutes against minutes.csv, and for
#      understaffed_window the certificate sentence and the staffing bracket
#      against proof.txt and staffing.csv;
#   4. renders the pages in headless Chromium to PNG and PDF with console
#      logging on: any console message fails (the pages have no script, and
#      their Content-Security-Policy turns any attempted load into a console
#      error); a canary page first proves both kinds of message are caught;
#      each therapist-week prints on exactly one page, on Letter and on A4.
# DEMO_OUT: the output folder of `BIN solve instances/demo` if one was just
# made (solving the demo is most of the run time): it is used instead of
# solving again.  --docs copies the demo screenshots to docs/schedule.png and
# docs/report.png.
# Prints `N passed, M failed`; exits 1 when M > 0.

set -u

BIN=${1:-}
DEMO_OUT=''
DOCS=''
if [ -z "$BIN" ] || [ ! -x "$BIN" ]; then
  echo "usage: sh tests/test_render.sh BIN [DEMO_OUT] [--docs] (BIN: build/tests/render_outputs)" >&2
  exit 2
fi
shift
for a in "$@"; do
  case $a in
  --docs) DOCS=--docs ;;
  *) DEMO_OUT=$a ;;
  esac
done
case $BIN in
/*) ;;
*) BIN=$(pwd)/$BIN ;;
esac
case $DEMO_OUT in
'' | /*) ;;
*) DEMO_OUT=$(pwd)/$DEMO_OUT ;;
esac
cd "$(dirname "$0")/.." || exit 2
PY=/usr/bin/python3
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/caseplan-render.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

passed=0
failed=0

# ok NAME... / bad NAME WHY
ok() {
  passed=$((passed + 1))
  echo "ok   $*"
}
bad() {
  failed=$((failed + 1))
  printf 'FAIL %s:\n%s\n' "$1" "$2"
}

# ---- outputs ---------------------------------------------------------------

if [ -n "$DEMO_OUT" ]; then
  cp -R "$DEMO_OUT" "$tmp/demo" >"$tmp/demo.log" 2>&1
  rc=$?
else
  "$BIN" solve instances/demo -o "$tmp/demo" >"$tmp/demo.log" 2>&1
  rc=$?
fi
if [ $rc -eq 0 ] && [ -f "$tmp/demo/schedule.html" ] && [ -f "$tmp/demo/report.html" ]; then
  ok "solve demo writes schedule.html, report.html"
else
  bad "solve demo writes schedule.html, report.html" "exit $rc: $(cat "$tmp/demo.log")"
fi

"$BIN" staff instances/understaffed_window -o "$tmp/uw" >"$tmp/uw.log" 2>&1
rc=$?
if [ $rc -le 1 ] && [ -f "$tmp/uw/report.html" ]; then
  ok "staff understaffed_window writes report.html"
else
  bad "staff understaffed_window writes report.html" "exit $rc: $(cat "$tmp/uw.log")"
fi

"$BIN" solve instances/understaffed_window -o "$tmp/uws" >"$tmp/uws.log" 2>&1
rc=$?
if [ $rc -eq 1 ] && [ -f "$tmp/uws/report.html" ]; then
  ok "solve understaffed_window: exit 1, report.html with the proof"
else
  bad "solve understaffed_window: exit 1, report.html with the proof" "exit $rc: $(cat "$tmp/uws.log")"
fi

# markup in a student id (CSV-quoted), a school name and a therapist name
mkdir "$tmp/esc-scen"
cp instances/tiny/*.csv "$tmp/esc-scen/"
$PY - "$tmp/esc-scen" <<'EOF'
import sys, os
d = sys.argv[1]
def edit(name, old, new):
    p = os.path.join(d, name)
    t = open(p, encoding="utf-8").read()
    assert old in t, (name, old)
    open(p, "w", encoding="utf-8").write(t.replace(old, new))
edit("students.csv", "S001,", '"<b>&""",')
edit("services.csv", "S001,", '"<b>&""",')
edit("schools.csv", '"Lincoln, Elementary"',
     '"Lincoln <script>alert(1)</script> & ""Sons"""')
edit("therapists.csv", "T1,Avery,", "T1,Avery <i>O'Neil</i>,")
EOF
"$BIN" solve "$tmp/esc-scen" -o "$tmp/esc" >"$tmp/esc.log" 2>&1
rc=$?
if [ $rc -eq 0 ]; then
  ok "solve a scenario with markup in its ids and names"
else
  bad "solve a scenario with markup in its ids and names" "exit $rc: $(cat "$tmp/esc.log")"
fi

# ---- calendars -------------------------------------------------------------

if $PY tests/test_ics.py "$BIN" "$tmp/demo" >"$tmp/ics.log" 2>&1; then
  ok "calendars (tests/test_ics.py: $(tail -1 "$tmp/ics.log"))"
else
  bad "calendars (tests/test_ics.py)" "$(cat "$tmp/ics.log")"
fi

# ---- HTML: structure, escaping, figures ----------------------------------------

cat >"$tmp/check_html.py" <<'EOF'
"""Checks the pages of test_render.sh; prints one line per problem."""
import csv, html.parser, os, re, sys

tmp = sys.argv[1]
problems = []
VOID = {"br", "meta"}
ALLOWED = {"html", "head", "meta", "title", "style", "body", "header",
           "main", "nav", "section", "h1", "h2", "h3", "p", "a", "span",
           "div", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th",
           "td", "pre", "strong", "b", "i", "br", "svg", "rect", "line",
           "text"}
SVG_EMPTY = {"line", "rect"}


class Page(html.parser.HTMLParser):
    """A page's elements, text, tables (by section id) and problems."""

    def __init__(self, name):
        super().__init__(convert_charrefs=True)
        self.name, self.stack, self.text, self.elems = name, [], [], []
        self.tables, self.section, self.cell, self.doctype = [], None, None, ""

    def problem(self, what):
        problems.append("%s:%d: %s" % (self.name, self.getpos()[0], what))

    def handle_decl(self, decl):
        self.doctype = decl

    def attrs_ok(self, tag, attrs):
        for k, v in attrs:
            v = v or ""
            if k.startswith("on") or k in ("src", "srcset", "action",
                                           "formaction", "xlink:href"):
                self.problem("<%s %s=...> may run or load something" % (tag, k))
            if k == "href" and not v.startswith("#"):
                self.problem("<a href=%r> leaves the page" % v)
            if k == "style" and re.search(r"url\s*\(|expression|@import", v):
                self.problem("style attribute loads something: %r" % v)

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.problem("unexpected element <%s>" % tag)
        self.attrs_ok(tag, attrs)
        self.elems.append((tag, dict(attrs)))
        a = dict(attrs)
        if tag == "section":
            self.section = a.get("id")
        if tag == "table":
            self.tables.append((self.section, []))
        if tag == "tr" and self.tables:
            self.tables[-1][1].append([])
        if tag in ("td", "th"):
            self.cell = []
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag not in VOID and tag not in SVG_EMPTY:
            self.problem("<%s/> is not an empty element" % tag)
        self.attrs_ok(tag, attrs)
        self.elems.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problem("</%s> closes a void element" % tag)
            return
        if not self.stack or self.stack[-1] != tag:
            self.problem("</%s> but open: %s" % (tag, "/".join(self.stack)))
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag in ("td", "th") and self.cell is not None and self.tables:
            self.tables[-1][1][-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        self.text.append(data)
        if self.cell is not None:
            self.cell.append(data)
        if self.stack and self.stack[-1] == "style" and re.search(
                r"url\s*\((?!\s*['\"]?data:)|@import", data):
            self.problem("style sheet loads something")


def parse(path):
    raw = open(path, encoding="utf-8").read()
    p = Page(os.path.relpath(path, tmp))
    p.feed(raw)
    p.close()
    if p.stack:
        p.problem("unclosed at the end: " + "/".join(p.stack))
    if p.doctype.lower() != "doctype html":
        p.problem("no <!DOCTYPE html>")
    csp = [a.get("content", "") for t, a in p.elems if t == "meta"
           and a.get("http-equiv", "").lower() == "content-security-policy"]
    if not csp or "default-src 'none'" not in csp[0] or "script-src" in csp[0]:
        p.problem("no Content-Security-Policy with default-src 'none'")
    p.raw = raw
    p.all_text = "".join(p.text)
    return p


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


pages = {}
for d in ("demo", "uw", "esc", "uws"):
    for f in ("schedule.html", "report.html"):
        path = os.path.join(tmp, d, f)
        if os.path.exists(path):
            pages[d + "/" + f] = parse(path)
        elif d != "uws" or f == "report.html":
            problems.append("%s/%s missing" % (d, f))

# escaping: markup in data is text, in text and in attributes
for name in ("esc/schedule.html", "esc/report.html"):
    p = pages.get(name)
    if not p:
        continue
    for bad in ('<b>&"', "<script", "<i>O'", "&amp;amp;"):
        if bad in p.raw:
            problems.append("%s: %r written unescaped" % (name, bad))
    if name == "esc/schedule.html":
        if '<b>&"' not in p.all_text:
            problems.append("%s: student id <b>&\" not shown as text" % name)
        if not any('<b>&"' in (a.get("title") or "") for t, a in p.elems):
            problems.append("%s: student id not in a block's title" % name)
        if "Lincoln <script>alert(1)</script> & \"Sons\"" not in p.all_text:
            problems.append("%s: school name not shown as text" % name)
    if "Avery <i>O'Neil</i>" not in p.all_text and name.endswith(
            "schedule.html"):
        problems.append("%s: therapist name not shown as text" % name)

# figures: utilisation and categories as workload.csv
for d in ("demo", "uw"):
    wl = read_csv(os.path.join(tmp, d, "workload.csv"))
    want = {(r["therapist_id"], r["week"]): r["utilisation_pct"] + "%"
            for r in wl}
    for page in ("schedule.html", "report.html"):
        p = pages.get(d + "/" + page)
        if not p:
            continue
        got = {(a.get("data-therapist"), a.get("data-week")): None
               for t, a in p.elems if "util" in (a.get("class") or "").split()}
        if set(got) != set(want):
            problems.append("%s/%s: utilisation shown for %s, workload.csv "
                            "has %s" % (d, page, sorted(got), sorted(want)))
    # the util cells' text: the element after the start tag
    for page in ("schedule.html", "report.html"):
        p = pages.get(d + "/" + page)
        if not p:
            continue
        for m in re.finditer(r'data-therapist="([^"]*)" data-week="(\d+)"'
                             r'[^>]*>([^<]*)<', p.raw):
            key = (html.unescape(m.group(1)), m.group(2))
            if want.get(key) != m.group(3):
                problems.append("%s/%s: utilisation of %s week %s is %s, "
                                "workload.csv says %s" % (d, page, key[0],
                                key[1], m.group(3), want.get(key)))
    p = pages.get(d + "/report.html")
    cols = ["individual", "group", "consult", "documentation", "planning",
            "iep_evaluation", "reserve", "other_duties", "travel", "lunch",
            "worked", "contract", "open"]
    rows = [r for sec, t in (p.tables if p else []) if sec == "workload"
            for r in t if len(r) >= len(cols) + 2 and r[-2].lstrip("-").isdigit()]
    if p and len(rows) != len(wl):
        problems.append("%s/report.html: %d workload rows, workload.csv has "
                        "%d" % (d, len(rows), len(wl)))
    for r, w in zip(rows, wl):
        got = r[-len(cols) - 1:-1]
        exp = [w[c] for c in cols]
        if not r[0].startswith(w["therapist_id"] + " (") or got != exp:
            problems.append("%s/report.html: workload row %s, workload.csv "
                            "%s %s" % (d, r, w["therapist_id"], exp))
    # service minutes as sums of minutes.csv
    mins = read_csv(os.path.join(tmp, d, "minutes.csv"))
    sums = {}
    for m in mins:
        k = (m["discipline"], m["mode"])
        s = sums.setdefault(k, [0, 0, 0, 0])
        s[0] += 1
        s[1] += int(m["required_minutes"])
        s[2] += int(m["scheduled_minutes"])
        s[3] += int(m["missing_minutes"])
    got = {(r[0], r[1]): [int(x) for x in r[2:6]]
           for sec, t in (p.tables if p else []) if sec == "minutes"
           for r in t if len(r) == 6 and r[2].isdigit()}
    if p and got != sums:
        problems.append("%s/report.html: service minutes %s, minutes.csv "
                        "sums %s" % (d, got, sums))

# understaffed (staff: with the witness; solve: with the least-bad week):
# the plain answer, the certificate sentence, the bracket
for d in ("uw", "uws"):
    p = pages.get(d + "/report.html")
    if not p:
        continue
    proof = open(os.path.join(tmp, d, "proof.txt"), encoding="utf-8").read()
    m = re.search(r"^1\. (.*)$", proof, re.M)
    sentence = m.group(1) if m else None
    text = " ".join(p.all_text.split())
    if not sentence or sentence not in text:
        problems.append("%s/report.html: certificate sentence %r missing"
                        % (d, sentence))
    if not text.count("No schedule exists with the current staff."):
        problems.append("%s/report.html: no plain answer first" % d)
    staff = read_csv(os.path.join(tmp, d, "staffing.csv"))
    rows = [r for sec, t in p.tables if sec == "staffing" for r in t
            if len(r) == 6 and r[1].isdigit()]
    exp = [[s["discipline"], s["therapists_now"], s["needed_lower"],
            s["needed_upper"], s["shortfall_minutes"], s["proof"]]
           for s in staff]
    if rows != exp:
        problems.append("%s/report.html: staffing rows %s, staffing.csv %s"
                        % (d, rows, exp))
    # the bracket in words, as proof.txt (and stdout) say it
    for sc in (s["discipline"] for s in staff):
        said = [l for l in proof.splitlines() if l.startswith(sc + ": ")]
        if not said or said[0] not in text:
            problems.append("%s/report.html: bracket sentence %r missing"
                            % (d, said[0] if said else sc))
# the warning signs of solve's least-bad week, as warnings.csv
p = pages.get("uws/report.html")
if p:
    warn = read_csv(os.path.join(tmp, "uws", "warnings.csv"))
    cols = ["overtime_minutes", "lunch_minutes_cut", "duty_minutes_cut",
            "documentation_minutes_cut", "reserve_minutes_cut",
            "individual_students_grouped", "service_minutes_missed"]
    rows = [r for sec, t in p.tables if sec == "warnings" for r in t
            if len(r) == 9 and r[1].isdigit()]
    exp = [[w["therapist_id"]] + [w[c] for c in cols] +
           [w["students_losing_minutes"].replace(";", "; ").replace(":", ": ")]
           for w in warn]
    got = [[r[0].split(" (")[0]] + r[1:] for r in rows]
    if got != exp:
        problems.append("uws/report.html: warning rows %s, warnings.csv %s"
                        % (got, exp))

for line in problems:
    print(line)
sys.exit(1 if problems else 0)
EOF
if $PY "$tmp/check_html.py" "$tmp" >"$tmp/html.log" 2>&1; then
  ok "HTML parses balanced, escapes text, figures match workload.csv," \
    "minutes.csv, staffing.csv, warnings.csv, proof.txt"
else
  bad "HTML parses balanced, escapes text, figures match the CSV files" \
    "$(head -40 "$tmp/html.log")"
fi

# ---- Chromium ----------------------------------------------------------------

# chrome NAME URL ARGS...: one headless run, console on stderr, no network
chrome() {
  n=$1
  shift
  mkdir -p "$tmp/profile-$n"
  timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$tmp/profile-$n" \
    --host-resolver-rules='MAP * ~NOTFOUND' \
    --enable-logging=stderr --v=0 --no-pdf-header-footer "$@" \
    >"$tmp/chrome-$n.out" 2>"$tmp/chrome-$n.err"
  echo $? >"$tmp/chrome-$n.rc"
}

if [ ! -x "$CHROMIUM" ]; then
  bad "headless Chromium" "no $CHROMIUM"
else
  # the canary: the pages' policy, letting inline script run so that it
  # can log an error; the image load it blocks must be logged too
  csp=$(grep -o '<meta http-equiv="Content-Security-Policy"[^>]*>' \
    "$tmp/demo/report.html" | head -1 |
    sed "s/default-src 'none';/& script-src 'unsafe-inline';/")
  {
    printf '<!DOCTYPE html><html><head><meta charset="utf-8">%s' "$csp"
    printf '<title>c</title></head><body><p>canary</p>'
    printf '<img src="http://192.0.2.1/x.png" alt="">'
    printf '<script>console.error("canary")</script></body></html>\n'
  } >"$tmp/canary.html"
  # each therapist-week alone, on Letter and on A4 (page counts)
  for paper in letter A4; do
    sed "s#</style>#@page{size:$paper portrait}.view,.doc-head{display:none}</style>#" \
      "$tmp/demo/schedule.html" >"$tmp/pages-$paper.html"
  done
  chrome canary --screenshot="$tmp/canary.png" "file://$tmp/canary.html" &
  chrome sched --window-size=1200,1500 --screenshot="$tmp/schedule.png" \
    --print-to-pdf="$tmp/schedule.pdf" "file://$tmp/demo/schedule.html" &
  chrome report --window-size=1200,1250 --screenshot="$tmp/report.png" \
    --print-to-pdf="$tmp/report.pdf" "file://$tmp/demo/report.html" &
  wait
  chrome uw --screenshot="$tmp/uw.png" --print-to-pdf="$tmp/uw.pdf" \
    "file://$tmp/uw/report.html" &
  chrome uws --print-to-pdf="$tmp/uws.pdf" "file://$tmp/uws/report.html" &
  chrome letter --print-to-pdf="$tmp/letter.pdf" "file://$tmp/pages-letter.html" &
  chrome a4 --print-to-pdf="$tmp/a4.pdf" "file://$tmp/pages-A4.html" &
  wait

  if grep -q 'CONSOLE.*"canary"' "$tmp/chrome-canary.err" &&
     grep -q 'CONSOLE.*Loading the image.*Content Security Policy' "$tmp/chrome-canary.err"; then
    ok "Chromium logs console errors and blocked loads (canary)"
  else
    bad "Chromium logs console errors and blocked loads (canary)" \
      "the canary's messages are not on stderr; the console check below would prove nothing
$(grep -v dbus "$tmp/chrome-canary.err" | head -20)"
  fi

  for n in sched report uw uws letter a4; do
    why=''
    [ "$(cat "$tmp/chrome-$n.rc")" = 0 ] || why="exit $(cat "$tmp/chrome-$n.rc")"
    if grep -q 'CONSOLE' "$tmp/chrome-$n.err"; then
      why="$why
$(grep 'CONSOLE' "$tmp/chrome-$n.err" | head -10)"
    fi
    if [ -z "$why" ]; then
      ok "Chromium renders $n without console messages"
    else
      bad "Chromium renders $n without console messages" "$why"
    fi
  done

  why=$($PY - "$tmp" <<'EOF'
import re, sys, os
tmp = sys.argv[1]
def pages(name):
    data = open(os.path.join(tmp, name), "rb").read()
    assert data.startswith(b"%PDF-"), name + " is not a PDF"
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
for name in ("schedule.png", "report.png", "uw.png"):
    data = open(os.path.join(tmp, name), "rb").read()
    if not data.startswith(b"\x89PNG") or len(data) < 10000:
        print(name, "is not a screenshot")
weeks = len([l for l in open(os.path.join(tmp, "demo", "workload.csv"))][1:])
for name in ("schedule.pdf", "report.pdf", "uw.pdf", "uws.pdf"):
    if pages(name) < 1:
        print(name, "has no page")
if pages("schedule.pdf") < weeks + 2:
    print("schedule.pdf: %d pages for %d therapist-weeks and two views"
          % (pages("schedule.pdf"), weeks))
for name in ("letter.pdf", "a4.pdf"):
    if pages(name) != weeks:
        print("%s: %d pages for %d therapist-weeks (one each)"
              % (name, pages(name), weeks))
EOF
)
  if [ -z "$why" ]; then
    ok "PNG and PDF written; one page per therapist-week on Letter and A4"
  else
    bad "PNG and PDF written; one page per therapist-week on Letter and A4" "$why"
  fi

  if [ "$DOCS" = "--docs" ]; then
    mkdir -p docs && cp "$tmp/schedule.png" docs/schedule.png &&
      cp "$tmp/report.png" docs/report.png && echo "docs/schedule.png and docs/report.png updated"
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
