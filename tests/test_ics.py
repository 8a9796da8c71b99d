#!/usr/bin/python3
"""test_ics.py — the calendars (io/ics_write.c) read back by real parsers.

Usage, from the repository root:

    /usr/bin/python3 tests/test_ics.py BIN [DEMO_OUT]

BIN writes a scenario's outputs with the caseplan command line
(`BIN solve SCENARIO -o DIR`, `BIN verify SCENARIO SCHEDULE.csv -o DIR`):
build/tests/render_outputs, or ./caseplan once io/app.c writes calendars.
DEMO_OUT, when given, is the output folder of `BIN solve instances/demo`
already made (solving the demo is the slow part; tests/test_render.sh
shares its run).
Needs Debian's python3-icalendar and python3-dateutil (hence /usr/bin/python3,
not a pyenv python3 without them).

Every .ics file is parsed with icalendar; each event's RRULE (and EXDATE) is
expanded with dateutil's rrulestr over the whole term, and the occurrences of
every date must equal the schedule.csv rows of that weekday and week of the
cycle, less calendar.csv holidays (count, start, end, location, activity,
students); with the single make-up events, they must equal term.csv.  The
term case (instances/tiny_term) also checks term_minutes.csv and every
make-up row against the inputs: its own week, availability, contract hours,
no overlap, one session a day.  The VTIMEZONE is read by dateutil's tzical, an independent
iCalendar time-zone reader, and must give the same UTC offsets as the
system's zoneinfo for every occurrence and every hour of the term.  Raw
bytes: CRLF only, lines of at most 75 octets, folds never inside a UTF-8
sequence.  Prints `N passed, M failed`; exits 1 when M > 0.
"""

import collections
import csv
import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zoneinfo

try:
    import icalendar
    from dateutil import rrule as du_rrule
    from dateutil import tz as du_tz
except ImportError as e:  # pragma: no cover
    print("test_ics.py: needs python3-icalendar and python3-dateutil (%s); "
          "run it with /usr/bin/python3" % e)
    sys.exit(1)

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UID_RE = re.compile(r"^\d{8}-[A-Za-z0-9._%-]+-w\d-(Mon|Tue|Wed|Thu|Fri|Sat|Sun)"
                    r"-\d{4}-[A-Za-z0-9._%-]+(-\d+)?@caseplan$")
# a make-up: one single event, the date in place of week and day
MAKEUP_UID_RE = re.compile(r"^\d{8}-[A-Za-z0-9._%-]+-makeup-\d{8}-\d{4}"
                           r"-[A-Za-z0-9._%-]+@caseplan$")

passed = failed = 0
problems = []


def check(cond, what):
    """Records one problem (the case counts as failed at its end)."""
    if not cond:
        problems.append(what)
    return cond


def end_case(name):
    global passed, failed, problems
    if problems:
        failed += 1
        print("FAIL %s:" % name)
        for p in problems[:15]:
            print("    " + p)
        if len(problems) > 15:
            print("    ... and %d more" % (len(problems) - 15))
    else:
        passed += 1
        print("ok   %s" % name)
    problems = []


# ---- scenario and outputs ------------------------------------------------

def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [r for r in csv.DictReader(f)
                if r and not (list(r.values())[0] or "").startswith("#")]


def settings(scen):
    path = os.path.join(scen, "settings.csv")
    if not os.path.exists(path):
        return {}
    return {r["key"].strip(): (r["value"] or "").strip()
            for r in read_csv(path) if r.get("key")}


def run(bin_, *args):
    p = subprocess.run([bin_] + list(args), capture_output=True, text=True,
                       timeout=120)
    return p.returncode, p.stdout + p.stderr


def copy_tiny(tmp, name, settings_lines=(), edits=None, calendar=None):
    """instances/tiny with settings appended, files edited, a calendar."""
    d = os.path.join(tmp, name)
    shutil.copytree(os.path.join(ROOT, "instances", "tiny"), d)
    if settings_lines:
        with open(os.path.join(d, "settings.csv"), "a", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in settings_lines))
    for fname, old, new in edits or []:
        path = os.path.join(d, fname)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        assert old in text, (fname, old)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(old, new))
    if calendar:
        with open(os.path.join(d, "calendar.csv"), "w", encoding="utf-8") as f:
            f.write("date,school_id,kind,end\n" + calendar)
    return d


# ---- expected occurrences from schedule.csv ------------------------------

def parse_date(s):
    return dt.date.fromisoformat(s)


def parse_hm(s):
    h, m = s.split(":")
    return dt.time(int(h), int(m))


def excluded(row, date, calendar):
    """calendar.csv rules of ics_write.h: holidays take the day (or what
    happens at that school); early release takes later sessions there."""
    for c in calendar:
        if parse_date(c["date"]) != date:
            continue
        school = (c.get("school_id") or "").strip()
        if c["kind"].strip() == "holiday":
            if not school or school == row["school_id"]:
                return True
        elif (row["activity"] == "session" and row["school_id"]
              and (not school or school == row["school_id"])
              and parse_hm(row["end"]) > parse_hm(c["end"].strip())):
            return True
    return False


def expected_occurrences(rows, st, calendar, school_names):
    """Counter of (date, start, end, location, activity, students)."""
    ts, te = parse_date(st["term_start"]), parse_date(st["term_end"])
    weeks = int(st.get("rotation_weeks", "1") or 1)
    monday0 = ts - dt.timedelta(days=ts.weekday())
    out = collections.Counter()
    date = ts
    while date <= te:
        cycle_week = ((date - monday0).days // 7) % weeks + 1
        for r in rows:
            if (DAYS.index(r["day"]) == date.weekday()
                    and int(r["week"]) == cycle_week
                    and not excluded(r, date, calendar)):
                out[(date, parse_hm(r["start"]), parse_hm(r["end"]),
                     school_names.get(r["school_id"], ""), r["activity"],
                     tuple(sorted(filter(None,
                                         r["students"].split(";")))))] += 1
        date += dt.timedelta(days=1)
    return out


# ---- reading a calendar ---------------------------------------------------

def check_raw(data, name):
    """CRLF line ends, 75-octet lines, folds between UTF-8 characters."""
    check(data.endswith(b"\r\n"), "%s: does not end with CRLF" % name)
    lines = data.split(b"\r\n")[:-1]
    for i, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            check(False, "%s:%d: bare CR or LF" % (name, i))
        if len(line) > 75:
            check(False, "%s:%d: %d octets (more than 75)" % (name, i,
                                                              len(line)))
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            check(False, "%s:%d: a fold splits a UTF-8 sequence" % (name, i))
    check(lines and lines[0] == b"BEGIN:VCALENDAR",
          "%s: does not start with BEGIN:VCALENDAR" % name)


def wall(value):
    """A DATE-TIME as the wall clock it names (naive)."""
    return value.replace(tzinfo=None)


def exdates(comp):
    ex = comp.get("EXDATE")
    if ex is None:
        return set()
    lists = ex if isinstance(ex, list) else [ex]
    return {wall(d.dt) for lst in lists for d in lst.dts}


def text(value):
    return str(value) if value is not None else ""


def actual_occurrences(cal, tzid, name, makeups=False):
    """Counter of occurrences, as expected_occurrences; and the aware
    occurrence starts (for the time-zone check).  With MAKEUPS the single
    events are counted too and each key ends with True for them (False for
    the recurring ones); without, single events are left out."""
    out = collections.Counter()
    starts = []
    uids = set()
    for ev in cal.walk("VEVENT"):
        uid = text(ev.get("UID"))
        single = "RRULE" not in ev
        check((MAKEUP_UID_RE if single else UID_RE).match(uid),
              "%s: UID %r is not derived from the row" % (name, uid))
        check(uid not in uids, "%s: UID %s twice" % (name, uid))
        uids.add(uid)
        start, end = wall(ev.decoded("DTSTART")), wall(ev.decoded("DTEND"))
        has_tzid = "TZID" in ev["DTSTART"].params
        check(has_tzid == bool(tzid),
              "%s %s: DTSTART TZID %s, settings timezone %r"
              % (name, uid, has_tzid, tzid))
        zone = zoneinfo.ZoneInfo(tzid) if tzid else None
        first = start.replace(tzinfo=zone) if zone else start
        if single:
            check("EXDATE" not in ev, "%s %s: a single event with EXDATE"
                  % (name, uid))
            if not makeups:
                continue
            occ = [first]
        else:
            rule = ev["RRULE"].to_ical().decode()
            # dateutil refuses an UNTIL whose kind (UTC/floating) differs
            # from DTSTART's, as RFC 5545 3.3.10 requires
            try:
                occ = list(du_rrule.rrulestr(rule, dtstart=first))
            except ValueError as e:
                check(False, "%s %s: RRULE %s: %s" % (name, uid, rule, e))
                continue
        skip = exdates(ev)
        for o in occ:
            if wall(o) in skip:
                continue
            starts.append(o)
            s = wall(o)
            e = s + (end - start)
            desc = text(ev.get("DESCRIPTION"))
            m = re.search(r"^Students?: (.*)$", desc, re.M)
            studs = tuple(sorted(m.group(1).split(", "))) if m else ()
            key = (s.date(), s.time(), e.time(), text(ev.get("LOCATION")),
                   text(ev.get("CATEGORIES").cats[0]
                        if hasattr(ev.get("CATEGORIES"), "cats")
                        else ev.get("CATEGORIES")), studs)
            out[key + (single,) if makeups else key] += 1
    return out, starts


def check_zone(data, tzid, starts, st, name):
    """tzical (dateutil's VTIMEZONE reader) against the system zoneinfo."""
    tzs = du_tz.tzical(io.StringIO(data.decode("utf-8")))
    check(tzs.keys() == [tzid], "%s: VTIMEZONE ids %s" % (name, tzs.keys()))
    vt = tzs.get(tzid)
    zi = zoneinfo.ZoneInfo(tzid)
    for o in starts:
        w = wall(o)
        if check(w.replace(tzinfo=vt).utcoffset() == o.utcoffset(),
                 "%s: %s: VTIMEZONE offset %s, zoneinfo %s"
                 % (name, w, w.replace(tzinfo=vt).utcoffset(),
                    o.utcoffset())) is False:
            return
    # from a year before the term to its end (the range the VTIMEZONE must
    # describe): noon every day, and every 15 minutes on days with a change,
    # except wall times a change skips or repeats
    day = dt.date(parse_date(st["term_start"]).year - 1, 1, 1)
    last = parse_date(st["term_end"])
    while day <= last:
        t0 = dt.datetime.combine(day, dt.time()).replace(tzinfo=zi)
        t1 = t0 + dt.timedelta(days=1)
        step = (dt.timedelta(minutes=15) if t0.utcoffset() != t1.utcoffset()
                else dt.timedelta(hours=12))
        t = dt.datetime.combine(day, dt.time()) + (
            step if step.seconds == 43200 else dt.timedelta())
        while t.date() == day:
            a, b = t.replace(tzinfo=zi), t.replace(tzinfo=zi, fold=1)
            if a.utcoffset() == b.utcoffset() and not check(
                    t.replace(tzinfo=vt).utcoffset() == a.utcoffset(),
                    "%s: %s: VTIMEZONE offset %s, zoneinfo %s"
                    % (name, t, t.replace(tzinfo=vt).utcoffset(),
                       a.utcoffset())):
                return
            t += step
        day += dt.timedelta(days=1)


TEXT_RE = re.compile(r"^(?:[^\\;,\x00-\x08\x0a-\x1f\x7f]|\\[\\;,nN])*$")


def check_text(data, name):
    """TEXT values as RFC 5545 3.3.11 writes them: , ; \\ escaped."""
    unfolded = data.decode("utf-8").replace("\r\n ", "").split("\r\n")
    for line in unfolded:
        prop, _, value = line.partition(":")
        prop = prop.split(";")[0]
        if prop in ("SUMMARY", "LOCATION", "DESCRIPTION", "X-WR-CALNAME"):
            check(TEXT_RE.match(value), "%s: %s is not escaped TEXT: %r"
                  % (name, prop, value))
        elif prop == "CATEGORIES":
            check(all(TEXT_RE.match(v) for v in re.split(r"(?<!\\),", value)),
                  "%s: CATEGORIES is not escaped TEXT: %r" % (name, value))


def check_until(cal, st, tzid, name):
    """UNTIL is the last second of term_end: UTC with a zone, else local."""
    last = dt.datetime.combine(parse_date(st["term_end"]), dt.time(23, 59, 59))
    if tzid:
        want = last.replace(tzinfo=zoneinfo.ZoneInfo(tzid)).astimezone(
            dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    else:
        want = last.strftime("%Y%m%dT%H%M%S")
    for ev in cal.walk("VEVENT"):
        if "RRULE" not in ev:
            continue  # a make-up: one date
        rule = ev["RRULE"].to_ical().decode()
        m = re.search(r"UNTIL=([0-9TZ]+)", rule)
        if not check(m and m.group(1) == want, "%s: RRULE %s, want UNTIL=%s"
                     % (name, rule, want)):
            return


def check_outputs(scen, out, name, first_week_exact=True):
    """Every calendar of OUT against OUT/schedule.csv."""
    st = settings(scen)
    tzid = st.get("timezone") or None
    sched = read_csv(os.path.join(out, "schedule.csv"))
    cal_path = os.path.join(scen, "calendar.csv")
    calendar = read_csv(cal_path) if os.path.exists(cal_path) else []
    names = {r["school_id"]: (r["name"] or r["school_id"])
             for r in read_csv(os.path.join(scen, "schools.csv"))}
    therapists = sorted({r["therapist_id"]
                         for r in read_csv(os.path.join(scen,
                                                        "therapists.csv"))})
    weeks = int(st.get("rotation_weeks", "1") or 1)
    files = sorted(os.listdir(os.path.join(out, "ics")))
    check(files == sorted(t + ".ics" for t in therapists),
          "%s: calendars %s, therapists %s" % (name, files, therapists))
    for t in therapists:
        path = os.path.join(out, "ics", t + ".ics")
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            data = f.read()
        check_raw(data, t + ".ics")
        check_text(data, t + ".ics")
        cal = icalendar.Calendar.from_ical(data)
        check_until(cal, st, tzid, t + ".ics")
        rows = [r for r in sched if r["therapist_id"] == t]
        events = [ev for ev in cal.walk("VEVENT") if "RRULE" in ev]
        check(len(events) == len(rows), "%s: %d recurring events for %d rows"
              % (t, len(events), len(rows)))
        for ev in events:
            rule = ev["RRULE"].to_ical().decode()
            check(("INTERVAL=%d" % weeks in rule) == (weeks > 1),
                  "%s: RRULE %s with rotation_weeks %d" % (t, rule, weeks))
        got, starts = actual_occurrences(cal, tzid, t + ".ics")
        want = expected_occurrences(rows, st, calendar, names)
        if got != want:
            for k in sorted(set(got) | set(want)):
                if got[k] != want[k]:
                    check(False, "%s: %s %s-%s %s %s %s: %d occurrences, "
                          "schedule.csv says %d"
                          % (t, k[0], k[1].strftime("%H:%M"),
                             k[2].strftime("%H:%M"), k[3] or "-", k[4],
                             "/".join(k[5]), got[k], want[k]))
        if first_week_exact:
            # the first week of the term holds every row exactly once
            ts = parse_date(st["term_start"])
            week = {k: n for k, n in got.items()
                    if ts <= k[0] < ts + dt.timedelta(days=7 * weeks)}
            check(sum(week.values()) == len(rows),
                  "%s: %d occurrences in the first cycle, %d rows"
                  % (t, sum(week.values()), len(rows)))
        if os.path.exists(os.path.join(out, "term.csv")):
            check_term_calendar(cal, tzid, t, out, rows, st, calendar, names)
        if tzid:
            check_zone(data, tzid, starts, st, t + ".ics")


def term_key(r, names):
    """A term.csv row as an occurrence key, with its make-up flag."""
    return (parse_date(r["date"]), parse_hm(r["start"]), parse_hm(r["end"]),
            names.get(r["school_id"], ""), r["activity"],
            tuple(sorted(filter(None, r["students"].split(";")))),
            r["makeup"] == "yes")


def check_term_calendar(cal, tzid, t, out, rows, st, calendar, names):
    """Every occurrence of the calendar, single make-up events included,
    equals term.csv; and term.csv's rows that are not make-ups are
    schedule.csv laid over the term by this file's own rules."""
    term = [r for r in read_csv(os.path.join(out, "term.csv"))
            if r["therapist_id"] == t]
    want = collections.Counter(term_key(r, names) for r in term)
    got, _ = actual_occurrences(cal, tzid, t + ".ics", makeups=True)
    for k in sorted(set(got) | set(want)):
        if got[k] != want[k]:
            check(False, "%s: %s %s-%s %s %s %s%s: %d in the calendar, %d in "
                  "term.csv" % (t, k[0], k[1].strftime("%H:%M"),
                                k[2].strftime("%H:%M"), k[3] or "-", k[4],
                                "/".join(k[5]), " (make-up)" if k[6] else "",
                                got[k], want[k]))
    plan = collections.Counter(k[:6] for k in want.elements() if not k[6])
    laid = expected_occurrences(rows, st, calendar, names)
    check(plan == laid, "%s: term.csv's plan rows differ from schedule.csv "
          "laid over the term (%d extra, %d missing)"
          % (t, sum((plan - laid).values()), sum((laid - plan).values())))


def vtimezone_has_rrule(out):
    for f in os.listdir(os.path.join(out, "ics")):
        with open(os.path.join(out, "ics", f), "rb") as fp:
            cal = icalendar.Calendar.from_ical(fp.read())
        for tz in cal.walk("VTIMEZONE"):
            return any("RRULE" in c for c in tz.subcomponents)
    return None


# ---- the cases ---------------------------------------------------------------

def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__)
        return 2
    bin_ = os.path.abspath(sys.argv[1])
    demo_out = os.path.abspath(sys.argv[2]) if len(sys.argv) == 3 else None
    if not os.access(bin_, os.X_OK):
        print("test_ics.py: %s is not an executable (build it first)" % bin_)
        return 1
    tmp = tempfile.mkdtemp(prefix="caseplan-ics.")
    try:
        return cases(bin_, tmp, demo_out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def case(name, fn, *args):
    """Runs one case; an exception (a parser refusing a file) fails it."""
    try:
        fn(*args)
    except Exception as e:  # report, then go on with the next case
        check(False, "%s: %s" % (type(e).__name__, e))
    end_case(name)


def demo_case(bin_, tmp, demo_out):
    demo = os.path.join(ROOT, "instances", "demo")
    if demo_out:
        out, rc, log = demo_out, 0, ""
    else:
        out = os.path.join(tmp, "demo")
        rc, log = run(bin_, "solve", demo, "-o", out)
    if not check(rc == 0, "solve demo: exit %d\n%s" % (rc, log)):
        return
    check_outputs(demo, out, "demo")
    check(vtimezone_has_rrule(out) is True,
          "demo: America/Chicago 2026 should be two yearly rules")
    # the same schedule read back, rows in reverse order: the same bytes
    # (stable UIDs, no clock in the output, row order does not matter)
    again = os.path.join(tmp, "demo-again")
    shuffled = os.path.join(tmp, "shuffled.csv")
    with open(os.path.join(out, "schedule.csv"), encoding="utf-8") as f:
        lines = f.read().splitlines(True)
    with open(shuffled, "w", encoding="utf-8") as f:
        f.writelines(lines[:1] + lines[:0:-1])
    rc, log = run(bin_, "verify", demo, shuffled, "-o", again)
    check(rc in (0, 1), "verify demo: exit %d\n%s" % (rc, log))
    for f in sorted(os.listdir(os.path.join(out, "ics"))):
        a = open(os.path.join(out, "ics", f), "rb").read()
        p = os.path.join(again, "ics", f)
        b = open(p, "rb").read() if os.path.exists(p) else b""
        check(a == b, "%s differs when written again from the same "
              "schedule in reverse row order" % f)


def ab_case(bin_, tmp):
    # A/B weeks, southern-hemisphere DST inside the term, a term starting
    # mid-week, a one-school holiday, early release, text to escape and fold
    long_name = ("Lincoln, \"North\"; back\\slash \u00c9cole \u00fcber "
                 "\u65e5\u672c\u8a9e " * 3).strip()
    ab = copy_tiny(
        tmp, "ab",
        ["rotation_weeks,2", "term_start,2025-03-05", "term_end,2025-05-16",
         "timezone,Australia/Sydney"],
        [("students.csv", "S001,", '"<b>&""",'),
         ("services.csv", "S001,", '"<b>&""",'),
         ("schools.csv", '"Lincoln, Elementary"',
          '"' + long_name.replace('"', '""') + '"')],
        "2025-03-25,OAK,holiday,\n2025-04-18,,holiday,\n"
        "2025-03-27,LIN,early_release,12:00\n")
    out = os.path.join(tmp, "ab-out")
    rc, log = run(bin_, "solve", ab, "-o", out)
    if not check(rc == 0, "solve: exit %d\n%s" % (rc, log)):
        return
    check_outputs(ab, out, "ab")
    cal = icalendar.Calendar.from_ical(
        open(os.path.join(out, "ics", "T1.ics"), "rb").read())
    locs = {text(e.get("LOCATION")) for e in cal.walk("VEVENT")}
    check(long_name in locs, "LOCATION %r not read back as written"
          % long_name)
    sums = " ".join(text(e.get("SUMMARY")) for e in cal.walk("VEVENT"))
    check('<b>&"' in sums, "student id <b>&\" not read back in SUMMARY")


def floating_case(bin_, tmp):
    fl = copy_tiny(tmp, "floating",
                   ["term_start,2026-01-05", "term_end,2026-03-27"])
    out = os.path.join(tmp, "floating-out")
    rc, log = run(bin_, "solve", fl, "-o", out)
    if not check(rc == 0, "solve: exit %d\n%s" % (rc, log)):
        return
    check_outputs(fl, out, "floating")
    data = open(os.path.join(out, "ics", "T1.ics"), "rb").read()
    check(b"VTIMEZONE" not in data and b"TZID" not in data,
          "a floating calendar has a time zone")
    check(not re.search(rb"UNTIL=\d{8}T\d{6}Z", data),
          "floating UNTIL is in UTC")


# Zones whose rules take the other paths of ics_write.c: last-week rules
# (Berlin), negative DST (Dublin), a change before midnight or after it as a
# BYMONTHDAY range (Nuuk, Santiago, Jerusalem), rules RRULE cannot say and
# table-only zones (Cairo, Casablanca), half-hour DST (Lord Howe), odd
# fixed offsets (Kathmandu, Chatham), no DST (Phoenix).
ZONES = ["Europe/Berlin", "Europe/Dublin", "America/Nuuk", "America/Santiago",
         "Asia/Jerusalem", "Africa/Cairo", "Africa/Casablanca",
         "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham",
         "America/Phoenix"]


def zones_case(bin_, tmp):
    """The tiny schedule written again in each of ZONES over a school year;
    its VTIMEZONE read by tzical against zoneinfo."""
    base = copy_tiny(tmp, "zones-base",
                     ["term_start,2025-08-25", "term_end,2026-06-19"])
    out = os.path.join(tmp, "zones-base-out")
    rc, log = run(bin_, "solve", base, "-o", out)
    if not check(rc == 0, "solve: exit %d\n%s" % (rc, log)):
        return
    sched = os.path.join(out, "schedule.csv")
    with open(os.path.join(base, "settings.csv"), encoding="utf-8") as f:
        st_text = f.read()
    for zone in ZONES:
        with open(os.path.join(base, "settings.csv"), "w",
                  encoding="utf-8") as f:
            f.write(st_text + "timezone,%s\n" % zone)
        zout = os.path.join(tmp, "zone-" + zone.replace("/", "-"))
        rc, log = run(bin_, "verify", base, sched, "-o", zout)
        path = os.path.join(zout, "ics", "T1.ics")
        if not check(os.path.exists(path), "%s: no calendar (exit %d)\n%s"
                     % (zone, rc, log)):
            continue
        data = open(path, "rb").read()
        st = settings(base)
        got, starts = actual_occurrences(icalendar.Calendar.from_ical(data),
                                         zone, zone)
        check_zone(data, zone, starts, st, zone)


def historic_case(bin_, tmp):
    # 2006-07: the US rules changed in 2007, so the yearly footer rule does
    # not describe the term and each change is its own observance
    old = copy_tiny(tmp, "historic",
                    ["term_start,2006-09-05", "term_end,2007-06-15",
                     "timezone,America/Chicago"])
    out = os.path.join(tmp, "historic-out")
    rc, log = run(bin_, "solve", old, "-o", out)
    if not check(rc == 0, "solve: exit %d\n%s" % (rc, log)):
        return
    check_outputs(old, out, "historic")
    check(vtimezone_has_rrule(out) is False,
          "2006-07 must not use the 2007+ yearly rule")


def no_term_case(bin_, tmp):
    out = os.path.join(tmp, "noterm-out")
    rc, log = run(bin_, "solve", os.path.join(ROOT, "instances", "tiny"),
                  "-o", out)
    check(rc == 0, "solve: exit %d\n%s" % (rc, log))
    check(not os.path.exists(os.path.join(out, "ics")),
          "calendars written without term dates")
    check("term_start" in log, "no note about term dates:\n" + log)


def bad_zone_case(bin_, tmp):
    bad = copy_tiny(tmp, "badzone",
                    ["term_start,2026-01-05", "term_end,2026-03-27",
                     "timezone,Mars/Olympus_Mons"])
    out = os.path.join(tmp, "badzone-out")
    rc, log = run(bin_, "solve", bad, "-o", out)
    check(not os.path.exists(os.path.join(out, "ics")),
          "calendars written for an unknown zone")
    check("Mars/Olympus_Mons" in log, "the unknown zone is not named:\n" + log)


# ---- the term scenario: make-ups and debt -----------------------------------

def minutes(hm):
    h, m = hm.split(":")
    return int(h) * 60 + int(m)


def day_set(text_):
    """'Mon-Fri', 'Tue;Thu', 'Mon' -> set of weekday numbers."""
    out = set()
    for part in re.split(r"[;, ]+", (text_ or "Mon-Sun").strip()):
        if not part:
            continue
        a, _, b = part.partition("-")
        i = DAYS.index(a[:3].title())
        j = DAYS.index(b[:3].title()) if b else i
        out.update(range(i, j + 1))
    return out


def available(scen, student, weekday, start, end):
    """Is [start, end) inside the school day of STUDENT and free of its
    unavailable blocks on WEEKDAY (SPEC §1 blocks.csv, read here anew)?"""
    st = {r["student_id"]: r for r in read_csv(os.path.join(scen,
                                                          "students.csv"))}
    who = st[student]
    school = {r["school_id"]: r for r in
              read_csv(os.path.join(scen, "schools.csv"))}[who["school_id"]]
    if start < minutes(school["start"]) or end > minutes(school["end"]):
        return False
    for b in read_csv(os.path.join(scen, "blocks.csv")):
        if (b.get("kind") or "unavailable").strip() != "unavailable":
            continue
        if b["school_id"] and b["school_id"] != who["school_id"]:
            continue
        if weekday not in day_set(b.get("days")):
            continue
        scope, bid = b["scope"], b["id"]
        applies = (scope == "school" or
                   (scope == "student" and bid == student) or
                   (scope == "classroom" and bid == who["classroom"]) or
                   (scope == "grade" and bid == who["grade"]))
        if applies and minutes(b["start"]) < end and start < minutes(b["end"]):
            return False
    return True


def week_of(d):
    return d - dt.timedelta(days=d.weekday())


def term_case(bin_, tmp):
    scen = os.path.join(ROOT, "instances", "tiny_term")
    out = os.path.join(tmp, "term-out")
    rc, log = run(bin_, "solve", scen, "-o", out)
    if not check(rc == 0, "solve: exit %d\n%s" % (rc, log)):
        return
    check_outputs(scen, out, "tiny_term")
    st = settings(scen)
    ts, te = parse_date(st["term_start"]), parse_date(st["term_end"])
    calendar = read_csv(os.path.join(scen, "calendar.csv"))
    holidays = {parse_date(c["date"]) for c in calendar
                if c["kind"] == "holiday" and not c["school_id"]}
    release = {parse_date(c["date"]): minutes(c["end"]) for c in calendar
               if c["kind"] == "early_release" and not c["school_id"]}
    sched = read_csv(os.path.join(out, "schedule.csv"))
    term = read_csv(os.path.join(out, "term.csv"))
    owed = read_csv(os.path.join(out, "term_minutes.csv"))
    contract = {r["therapist_id"]: r for r in
                read_csv(os.path.join(scen, "therapists.csv"))}

    # term_minutes.csv adds up, and every service gets its requirement or
    # names its debt; a weekly service owes minutes x 6 (six full weeks)
    for r in owed:
        req, dlv = int(r["required_minutes"]), int(r["delivered_minutes"])
        debt = int(r["debt_minutes"])
        who = "%s %s %s %s" % (r["student_id"], r["discipline"], r["mode"],
                               r["period_start"])
        check(dlv == int(r["planned_minutes"]) - int(r["removed_minutes"])
              + int(r["makeup_minutes"]), "%s: delivered does not add up"
              % who)
        check(debt == max(0, req - dlv), "%s: debt %d, required %d, "
              "delivered %d" % (who, debt, req, dlv))
        check(dlv >= req or (debt > 0 and r["reason"]),
              "%s: short by %d minutes without a named debt" % (who, req - dlv))
        check(not r["reason"] or debt > 0, "%s: a reason without debt" % who)
        if r["per"] == "week":
            check(req == 6 * int(r["minutes"]), "%s: required %d, want "
                  "6 weeks x %s" % (who, req, r["minutes"]))

    # every make-up row is valid on its date, read from the inputs anew
    by_date = collections.defaultdict(list)
    for r in term:
        by_date[(r["therapist_id"], r["date"])].append(r)
    sessions = collections.defaultdict(list)  # (student, date) -> rows
    for r in term:
        if r["activity"] == "session":
            for s_ in r["students"].split(";"):
                sessions[(s_, r["date"])].append(r)
    makeups = [r for r in term if r["makeup"] == "yes"]
    check(makeups, "no make-up rows in term.csv")
    for r in makeups:
        d = parse_date(r["date"])
        a, b = minutes(r["start"]), minutes(r["end"])
        what = "make-up %s %s %s-%s %s" % (r["date"], r["activity"],
                                           r["start"], r["end"],
                                           r["students"])
        check(ts <= d <= te and d.weekday() < 5 and d not in holidays,
              "%s: not on a school day of the term" % what)
        c = contract[r["therapist_id"]]
        check(d.weekday() in day_set(c["days"]) and
              minutes(c["start"]) <= a and b <= minutes(c["end"]),
              "%s: outside the contract hours" % what)
        for o in by_date[(r["therapist_id"], r["date"])]:
            if o is not r and minutes(o["start"]) < b and a < \
                    minutes(o["end"]):
                check(False, "%s: overlaps %s %s-%s" % (what, o["activity"],
                                                         o["start"], o["end"]))
        if r["activity"] != "session":
            continue
        for s_ in r["students"].split(";"):
            check(available(scen, s_, d.weekday(), a, b),
                  "%s: %s is not available then" % (what, s_))
            check(b <= release.get(d, 24 * 60),
                  "%s: ends after the early release" % what)
            for o in sessions[(s_, r["date"])]:
                check(o is r or o["services"] != r["services"],
                      "%s: a second session of the service that day" % what)
                check(o is r or not (minutes(o["start"]) < b and
                                     a < minutes(o["end"])),
                      "%s: %s is in another session then" % (what, s_))

    # each removed session is made up in its own week, or its debt named
    debt = {(r["student_id"], r["mode"]): r for r in owed
            if int(r["debt_minutes"]) > 0}
    made = {(s_, week_of(parse_date(r["date"])))
            for r in makeups if r["activity"] == "session"
            for s_ in r["students"].split(";")}
    laid = collections.Counter()
    for date in (ts + dt.timedelta(days=i) for i in range((te - ts).days + 1)):
        for r in sched:
            if (r["activity"] == "session"
                    and DAYS.index(r["day"]) == date.weekday()
                    and excluded(r, date, calendar)):
                for s_ in r["students"].split(";"):
                    laid[(s_, week_of(date))] += 1
    check(laid, "the calendar removes no session")
    for (s_, wk) in laid:
        check((s_, wk) in made or (s_, "direct") in debt,
              "%s lost a session in the week of %s: no make-up that week and "
              "no debt named" % (s_, wk))

    # the specific students of instances/tiny_term/README.md
    mon = [r for r in sched if r["activity"] == "session"
           and r["day"] == "Mon" and "S003" in r["students"].split(";")]
    holiday = dt.date(2026, 1, 19)
    if check(mon, "S003 is not seen on Monday (its preferred day) in "
             "schedule.csv: the test's premise is gone"):
        check(("S003", holiday) in made, "S003 lost its Monday %s session "
              "and has no make-up that week" % holiday)
    d7 = debt.get(("S007", "direct"))
    if check(d7, "S007 (Mondays only) owes nothing after the holiday"):
        check(d7["debt_minutes"] == "30" and "S007's availability"
              in d7["reason"], "S007's debt: %s" % d7)
    wed = [r for r in sched if r["activity"] == "session"
           and r["day"] == "Wed" and "S008" in r["students"].split(";")]
    if check(wed and minutes(wed[0]["end"]) > 12 * 60,
             "S008 is not seen on a Wednesday afternoon: premise gone"):
        check(("S008", dt.date(2026, 2, 2)) in made
              or ("S008", "direct") in debt,
              "S008 lost its early-release session: no make-up, no debt")


def cases(bin_, tmp, demo_out):
    case("demo calendars match schedule.csv (America/Chicago, holidays, "
         "early release); same bytes when written again", demo_case, bin_,
         tmp, demo_out)
    case("A/B weeks: INTERVAL=2 from the week of term_start, Sydney DST, "
         "escaping and folding read back", ab_case, bin_, tmp)
    case("no timezone: floating local times", floating_case, bin_, tmp)
    case("historic term: explicit VTIMEZONE observances", historic_case,
         bin_, tmp)
    case("VTIMEZONE of %d zones with unusual rules matches zoneinfo"
         % len(ZONES), zones_case, bin_, tmp)
    case("term: make-ups valid in the week that lost the session, debt "
         "named, calendars equal term.csv", term_case, bin_, tmp)
    case("no term dates: no calendars, a note", no_term_case, bin_, tmp)
    case("unknown timezone: no calendars, the zone named", bad_zone_case,
         bin_, tmp)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
