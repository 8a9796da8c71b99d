#!/usr/bin/python3
"""to_fet.py — a caseplan scenario folder (SPEC §1) as a FET timetable (.fet).

    /usr/bin/python3 bench/to_fet.py SCENARIO_DIR OUT.fet [--period MIN]

FET (fet-cl) is a school timetabler: teachers, students sets, activities of
fixed duration and fixed participants, rooms in buildings, hard and soft
time/space constraints.  The conversion:

  period      one FET "hour" = --period minutes (default: the scenario's
              slot_minutes, 5, so every time of the data lies on the grid
              and nothing is rounded); Days = Mon..Fri; Hours = the earliest
              contract or school start to the latest end.  With a coarser
              period, windows (contract hours, school day, lunch window)
              are rounded inward and blocks/duties outward, durations up.
  therapist   teacher; not available outside its contract hours on each
              school day (one row per day pattern), all day on days it does
              not work.
  student     a students set (a FET year of one student); not available
              outside its school day and in every `unavailable` block of
              its own, its classroom, its grade or its school.
  session     an activity: teacher = the therapist, students = the student
              (or the group), duration = session_minutes; a service's
              sessions are one split activity with "min 1 day between"
              (at most one a day), locked in the room of (school, therapist).
  assignment  FET cannot choose a teacher, so the converter fixes it:
              pinned students to their therapist, the others student by
              student (all services of one discipline together) to the
              eligible therapist (discipline, school list) with the lowest
              estimated utilisation (a small penalty for a new school).
  groups      FET cannot form groups either: `group` and `either` students
              of one therapist, school, session length and cap
              (min(group_max, max_group)) are put, sorted by sessions, grade
              and classroom, first fit into groups of at most the cap, layer
              by layer (layer k = the members that need a k-th session); a
              member joins a group only if the group keeps a common window
              for a session on as many days as its members need sessions;
              a member's groups are on different days (min 1 day between).
  consult     a teacher-only activity at the student's school, starting
              where it fits inside that school's day, rows as caseplan makes
              them (session_minutes, or chunks of at most 60), one a day.
  lunch       one teacher-only activity per working day, lunch_minutes
              long, allowed starting times = inside [earliest, latest].
  duties      fixed duties: teacher-only activities locked at their time
              (in the room of their school when they have one; `*` rows
              for every therapist at work then); floating duties: blocks of
              min_block (last one takes the remainder), per week or per
              day; the IEP/evaluation reserve (minus fixed iep_meeting and
              evaluation minutes) in blocks of at most 30 minutes.
  documentation  documentation_minutes_per_session x the therapist's
              session rows, as weekly floating blocks of at most 30 minutes
              (the same-day rule cannot be written in FET).
  schools     buildings; one room per (school, therapist); each therapist
              gets "min gaps between building changes" = the shortest drive
              between two of its schools, in periods (a uniform lower bound
              for the travel matrix).

Dropped (FET cannot state them): the travel matrix itself (only the
uniform minimum gap above), travel from and back to the base school,
documentation on the day of the sessions, the choice of therapist and of
group members (fixed by the converter), the free block lengths of the
reserve and documentation (30-minute blocks), preferred blocks (soft),
calendar.csv (term output only), weekend day patterns, rotation_weeks > 1
(refused).  A therapist FET would refuse outright (more periods to place
than its contract has) loses students to an eligible colleague with room
before the file is written (a repair pass on the greedy assignment).

Prints one line: TOFET activities=... subactivities=... teachers=...
students=... sessions=... period=... hours=... load=T:periods/contract...
min_gap=T:periods... dropped=...
"""
import csv
import math
import os
import sys
from xml.sax.saxutils import escape

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
FULL = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
        "saturday": 5, "sunday": 6}
SCHOOL_DAYS = 5

DROPPED = ("travel_matrix(uniform_min_gap_only),base_school_travel,"
           "documentation_same_day,therapist_choice,group_choice,free_block_lengths,"
           "preferred_blocks,calendar,weekend_patterns")


class ConvError(Exception):
    pass


def read_csv(folder, name, required=True):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        if required:
            raise ConvError("%s is missing" % path)
        return []
    with open(path, newline="", encoding="utf-8-sig") as f:
        text = f.read().replace("\r\n", "\n").replace("\r", "\n")
    rows = list(csv.reader(text.split("\n")))
    head = None
    out = []
    for r in rows:
        if not r or all(not c.strip() for c in r) or r[0].lstrip().startswith("#"):
            continue
        if head is None:
            head = [c.strip().lower() for c in r]
            continue
        out.append({h: (r[i].strip() if i < len(r) else "") for i, h in enumerate(head)})
    return out


def tmin(s):
    """'08:05', '8:05', '8:05 AM' -> minutes since midnight."""
    s = s.strip().upper()
    ampm = None
    for suf in ("AM", "PM"):
        if s.endswith(suf):
            ampm, s = suf, s[:-2].strip()
    h, m = s.split(":")
    h, m = int(h), int(m)
    if ampm == "AM" and h == 12:
        h = 0
    elif ampm == "PM" and h != 12:
        h += 12
    return h * 60 + m


def day_of(tok):
    t = tok.strip().lower()
    if t in FULL:
        return FULL[t]
    for k, v in FULL.items():
        if k.startswith(t) and len(t) >= 3:
            return v
    raise ConvError("day '%s'" % tok)


def days_of(s, default=range(7)):
    s = s.strip()
    if not s:
        return list(default)
    out = []
    for part in s.replace(";", " ").replace(",", " ").split():
        if "-" in part:
            a, b = part.split("-", 1)
            a, b = day_of(a), day_of(b)
            out.extend(range(a, b + 1) if a <= b else list(range(a, 7)) + list(range(0, b + 1)))
        else:
            out.append(day_of(part))
    return sorted(set(out))


def num(s, default):
    return float(s) if s.strip() else default


def haversine_km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def convert(folder, out_path, period=None):
    st = {r["key"]: r["value"] for r in read_csv(folder, "settings.csv", False)}
    slot = int(st.get("slot_minutes", 5) or 5)
    P = int(period or slot)
    if 60 % P and P % 60:
        raise ConvError("period %d must divide 60" % P)
    if int(st.get("rotation_weeks", 1) or 1) != 1:
        raise ConvError("rotation_weeks > 1 is not converted")
    group_max = int(st.get("group_max", 3) or 3)
    doc_per = int(st.get("documentation_minutes_per_session", 5) or 0)
    iep_y = float(st.get("iep_meetings_per_student_year", 1) or 0)
    iep_m = float(st.get("iep_meeting_minutes", 60) or 0)
    ev_y = float(st.get("evaluations_per_year", 0) or 0)
    ev_m = float(st.get("evaluation_minutes", 240) or 0)
    weeks = float(st.get("school_weeks_per_year", 36) or 36)
    kmh = float(st.get("travel_kmh", 40) or 40)
    detour = float(st.get("travel_detour", 1.3) or 1.3)
    buf = float(st.get("travel_buffer_minutes", 10) or 0)

    schools = {}
    for r in read_csv(folder, "schools.csv"):
        ll = None
        if r.get("lat", "") and r.get("lon", ""):
            ll = (float(r["lat"]), float(r["lon"]))
        schools[r["school_id"]] = dict(start=tmin(r["start"]), end=tmin(r["end"]), ll=ll)
    travel = {}
    for r in read_csv(folder, "travel.csv", False):
        a, b, m = r["from_school"], r["to_school"], int(r["minutes"])
        travel[(a, b)] = m
        travel.setdefault((b, a), m)

    def drive(a, b):
        if a == b:
            return 0
        if (a, b) in travel:
            return travel[(a, b)]
        la, lb = schools[a]["ll"], schools[b]["ll"]
        if la is None or lb is None:
            return 0
        return math.ceil(haversine_km(la, lb) * detour / kmh * 60 + buf - 1e-9)

    # therapists: per day (0..4) contract window, lunch, schools
    th = {}
    for r in read_csv(folder, "therapists.csv"):
        t = th.setdefault(r["therapist_id"], dict(disc=r["discipline"], day={}, order=len(th)))
        lm = int(r.get("lunch_minutes", "") or 30)
        le = tmin(r["lunch_earliest"]) if r.get("lunch_earliest", "") else 11 * 60
        ll = tmin(r["lunch_latest"]) if r.get("lunch_latest", "") else 13 * 60 + 30
        sch = [s for s in r.get("schools", "").replace(";", " ").replace(",", " ").split()]
        for d in days_of(r["days"]):
            if d < SCHOOL_DAYS:
                t["day"][d] = dict(start=tmin(r["start"]), end=tmin(r["end"]), lunch=(lm, le, ll),
                                   schools=set(sch) if sch else set(schools))
    for tid, t in th.items():
        t["schools"] = set().union(*[v["schools"] for v in t["day"].values()]) if t["day"] else set()
        t["cap"] = sum(v["end"] - v["start"] - v["lunch"][0] for v in t["day"].values())

    students = {}
    for r in read_csv(folder, "students.csv"):
        students[r["student_id"]] = dict(school=r["school_id"], grade=r.get("grade", ""),
                                         room=r.get("classroom", ""), pin=r.get("therapist_id", ""))

    services = []
    for r in read_csv(folder, "services.csv"):
        sm = int(r["session_minutes"]) if r.get("session_minutes", "") else 0
        mins = float(r["minutes"])
        per = (r.get("per", "") or "week").lower()
        req = mins if per == "week" else mins / 4.0  # rotation_weeks = 1
        mode = r["mode"].lower()
        if sm:
            rows = [sm] * math.ceil(req / sm - 1e-9)
        else:  # consult without a length: rows of at most 60 on the slot grid
            total = math.ceil(req / slot - 1e-9) * slot
            rows = [60] * (total // 60) + ([total % 60] if total % 60 else [])
        mg = r.get("max_group", "")
        cap = min(group_max, int(mg)) if mg else group_max
        services.append(dict(sid=r["student_id"], disc=r["discipline"], mode=mode,
                             rows=rows, sm=sm, setting=(r.get("setting", "") or "individual").lower(),
                             cap=cap))

    blocks = [r for r in read_csv(folder, "blocks.csv", False)
              if (r.get("kind", "") or "unavailable").lower() == "unavailable"]
    duties = read_csv(folder, "duties.csv", False)

    # ---- the time grid -----------------------------------------------------
    lo = min([v["start"] for t in th.values() for v in t["day"].values()] +
             [s["start"] for s in schools.values()])
    hi = max([v["end"] for t in th.values() for v in t["day"].values()] +
             [s["end"] for s in schools.values()])
    lo = lo // P * P
    hi = -(-hi // P) * P
    H = (hi - lo) // P
    hname = ["%02d:%02d" % divmod(lo + h * P, 60) for h in range(H)]

    def inward(a, b):  # periods fully inside [a, b)
        return max(0, -(-(a - lo) // P)), min(H, (b - lo) // P)

    def outward(a, b):  # periods touching [a, b)
        return max(0, (a - lo) // P), min(H, -(-(b - lo) // P))

    def dur(m):
        return max(1, -(-m // P))

    # ---- students' blocked periods (outside the school day, unavailable) ---
    blocked = {}
    for sid, stu in students.items():
        sc = schools[stu["school"]]
        a, b = inward(sc["start"], sc["end"])
        cells = {(d, h) for d in range(SCHOOL_DAYS) for h in range(H) if h < a or h >= b}
        for r in blocks:
            scope = r.get("scope", "").lower()
            if r.get("school_id", "") and r["school_id"] != stu["school"]:
                continue
            if scope == "student" and r.get("id", "") != sid:
                continue
            if scope == "classroom" and r.get("id", "") != stu["room"]:
                continue
            if scope == "grade" and r.get("id", "") != stu["grade"]:
                continue
            x, y = outward(tmin(r["start"]), tmin(r["end"]))
            for d in days_of(r.get("days", "")):
                if d < SCHOOL_DAYS:
                    cells |= {(d, h) for h in range(x, y)}
        blocked[sid] = cells
    all_cells = {(d, h) for d in range(SCHOOL_DAYS) for h in range(H)}

    def window_days(free, n):
        """Days on which the free cells hold a run of n periods."""
        k = 0
        for d in range(SCHOOL_DAYS):
            run = best = 0
            for h in range(H):
                run = run + 1 if (d, h) in free else 0
                best = max(best, run)
            k += best >= n
        return k

    # ---- duties (independent of the assignment) ----------------------------
    fixed = {tid: [] for tid in th}     # (day, start, end, kind, school)
    floating = {tid: [] for tid in th}  # (kind, minutes, per, min_block)
    fixed_reserve = {tid: 0 for tid in th}
    for r in duties:
        who = [r["therapist_id"]] if r["therapist_id"] != "*" else list(th)
        kind = (r.get("kind", "") or "duty").lower()
        if r.get("start", "") and r.get("end", ""):
            s0, s1 = tmin(r["start"]), tmin(r["end"])
            for tid in who:
                if tid not in th:
                    continue
                for d in days_of(r.get("day", ""), default=[]):
                    if d >= SCHOOL_DAYS or d not in th[tid]["day"]:
                        continue
                    v = th[tid]["day"][d]
                    if r["therapist_id"] == "*" and not (v["start"] <= s0 and s1 <= v["end"]):
                        continue
                    fixed[tid].append((d, s0, s1, kind, r.get("school_id", "")))
                    if kind in ("iep_meeting", "evaluation"):
                        fixed_reserve[tid] += s1 - s0
        else:
            m = int(float(r.get("minutes", "") or 0))
            per = (r.get("per", "") or "week").lower()
            mb = int(r.get("min_block", "") or 30)
            mb = max(1, min(mb, m)) if m else 1
            for tid in who:
                if tid in th and m:
                    floating[tid].append((kind, m, per, mb))

    def duty_blocks(m, mb):
        b = [mb] * (m // mb)
        if m % mb:
            if b:
                b[-1] += m % mb
            else:
                b = [m]
        return b

    def chunks30(m):
        return [30] * (m // 30) + ([m % 30] if m % 30 else [])

    def reserve_of(tid, n_students):
        r = math.ceil((n_students * iep_y * iep_m + ev_y * ev_m) / weeks - 1e-9)
        return max(0, r - fixed_reserve[tid])

    def avail(tid):
        return sum(max(0, b - a) for a, b in (inward(v["start"], v["end"]) for v in th[tid]["day"].values()))

    def base_load(tid):  # periods of lunch and duties
        n = sum(dur(v["lunch"][0]) for v in th[tid]["day"].values())
        for d, s0, s1, kind, school in fixed[tid]:
            x, y = outward(s0, s1)
            n += y - x
        for kind, m, per, mb in floating[tid]:
            k = len(th[tid]["day"]) if per == "day" else 1
            n += k * sum(dur(x) for x in duty_blocks(m, mb))
        return n

    # ---- assignment (FET cannot choose a teacher) --------------------------
    by_student = {}
    for s in services:
        by_student.setdefault((s["sid"], s["disc"]), []).append(s)
    per_student = iep_y * iep_m / weeks  # reserve minutes a student adds
    base = {tid: base_load(tid) for tid in th}
    room_left = {tid: max(1, avail(tid) - base[tid]) * P for tid in th}
    load = {tid: 0.0 for tid in th}
    at = {tid: set() for tid in th}

    def est(svcs):
        m = per_student
        for s in svcs:
            if s["mode"] == "direct":
                k = s["cap"] if s["setting"] == "group" else 1
                m += (sum(s["rows"]) + doc_per * len(s["rows"])) / k
            else:
                m += sum(s["rows"])
        return m

    def eligible(key):
        sid, disc = key
        stu = students[sid]
        if stu["pin"] and stu["pin"] in th and th[stu["pin"]]["disc"] == disc:
            return [stu["pin"]]
        return [tid for tid, t in th.items() if t["disc"] == disc and stu["school"] in t["schools"]]

    for key in sorted(by_student, key=lambda k: (len(eligible(k)), -est(by_student[k]), k)):
        cands = eligible(key)
        school = students[key[0]]["school"]
        if not cands:
            raise ConvError("no therapist of %s may serve %s at %s" % (key[1], key[0], school))
        e = est(by_student[key])
        tid = min(cands, key=lambda c: ((load[c] + e) / room_left[c]
                                        + (0 if school in at[c] else 0.05), th[c]["order"]))
        load[tid] += e
        at[tid].add(school)
        for s in by_student[key]:
            s["t"] = tid

    def groups_of(tid):
        """The session activities of tid: (school, disc, sm, n, [services], pool).

        Individual services: one activity of n sessions.  Group pools
        (`group` and `either` students of one school, discipline, session
        length and cap) in layers: layer k holds the members that need a
        k-th session, cut into groups of the cap; each group is one session
        (n = 1), and a member's sessions are kept on different days by a
        min-days constraint over the groups it is in."""
        pools = {}
        for s in services:
            if s["mode"] != "direct" or s["t"] != tid or not s["rows"]:
                continue
            school = students[s["sid"]]["school"]
            if s["setting"] in ("group", "either") and s["cap"] > 1:
                k = (school, s["disc"], s["sm"], s["cap"], "")
            else:
                k = (school, s["disc"], s["sm"], 1, s["sid"])
            pools.setdefault(k, []).append(s)
        work = {(d, h) for d, v in th[tid]["day"].items() for h in range(*inward(v["start"], v["end"]))}
        out = []
        for k in sorted(pools):
            members = sorted(pools[k], key=lambda s: (-len(s["rows"]), students[s["sid"]]["grade"],
                                                      students[s["sid"]]["room"], s["sid"]))
            if k[3] == 1:
                s0 = members[0]
                out.append((k[0], k[1], k[2], len(s0["rows"]), [s0], None))
                continue
            n = dur(k[2])
            for layer in range(len(members[0]["rows"])):
                # first fit: a member joins an open group when the group keeps
                # a common window of a session on as many days as its members
                # need sessions (else FET may find no slot for the group)
                groups = []  # [members, common free cells]
                for s in (s for s in members if len(s["rows"]) > layer):
                    own = (work & all_cells) - blocked[s["sid"]]
                    for g in groups:
                        if len(g[0]) < k[3]:
                            common = g[1] & own
                            need = max(len(x["rows"]) for x in g[0] + [s])
                            if window_days(common, n) >= need:
                                g[0].append(s)
                                g[1] = common
                                break
                    else:
                        groups.append([[s], own])
                for g in groups:
                    out.append((k[0], k[1], k[2], 1, g[0], k))
        return out

    def exact_load(tid):  # periods FET must place for tid
        n = base[tid]
        rows = 0
        for school, disc, sm, cnt, g, pool in groups_of(tid):
            n += cnt * dur(sm)
            rows += cnt
        served = {s["sid"] for s in services if s["t"] == tid}
        for s in services:
            if s["t"] == tid and s["mode"] != "direct":
                n += sum(dur(x) for x in s["rows"])
        n += sum(dur(x) for x in chunks30(reserve_of(tid, len(served))))
        n += sum(dur(x) for x in chunks30(doc_per * rows))
        return n

    # repair: move students off therapists FET would refuse (more periods to
    # place than periods in the contract), to the eligible colleague with room
    cap_p = {tid: avail(tid) for tid in th}
    cur = {tid: exact_load(tid) for tid in th}
    for _ in range(500):
        over = sorted((cur[t] - cap_p[t], t) for t in th if cur[t] > cap_p[t])
        if not over:
            break
        t = over[-1][1]
        best = None
        for key, svcs in sorted(by_student.items()):
            if svcs[0]["t"] != t:
                continue
            for t2 in eligible(key):
                if t2 == t:
                    continue
                for s in svcs:
                    s["t"] = t2
                a1, a2 = exact_load(t), exact_load(t2)
                for s in svcs:
                    s["t"] = t
                excess = max(0, a1 - cap_p[t]) + max(0, a2 - cap_p[t2])
                if excess < max(0, cur[t] - cap_p[t]) + max(0, cur[t2] - cap_p[t2]):
                    cand = (excess, a2 - cap_p[t2], key, t2, a1, a2)
                    if best is None or cand[:2] < best[:2]:
                        best = cand
        if best is None:
            break
        _, _, key, t2, a1, a2 = best
        for s in by_student[key]:
            s["t"] = t2
        cur[t], cur[t2] = a1, a2

    # ---- activities ----------------------------------------------------------
    acts = []  # dict(id, group, teacher, students, subject, dur, total)
    tcons = []  # XML strings
    scons = []
    nid = [0]
    used_rooms = set()

    def room(school, tid):
        r = "%s/%s" % (school, tid)
        used_rooms.add((r, school))
        return r

    def add_split(tid, studs, subject, durs, min_days=False, starts=None, room_name=None,
                  locked=None, meta=""):
        """One FET activity (split into len(durs) sub-activities)."""
        ids = []
        gid = nid[0] + 1 if len(durs) > 1 else 0
        for d in durs:
            nid[0] += 1
            ids.append(nid[0])
            acts.append(dict(id=nid[0], group=gid, teacher=tid, students=studs, subject=subject,
                             dur=d, total=sum(durs), meta=meta))
            if starts is not None:
                tcons.append(pref_starts(nid[0], [(dd, h) for dd, h in starts if h + d <= H]))
            if locked is not None:
                tcons.append(
                    "<ConstraintActivityPreferredStartingTime>\n<Weight_Percentage>100</Weight_Percentage>\n"
                    "<Activity_Id>%d</Activity_Id>\n<Preferred_Day>%s</Preferred_Day>\n"
                    "<Preferred_Hour>%s</Preferred_Hour>\n<Permanently_Locked>true</Permanently_Locked>\n"
                    "<Active>true</Active>\n<Comments></Comments>\n</ConstraintActivityPreferredStartingTime>\n"
                    % (nid[0], DAYS[locked[0]], hname[locked[1]]))
            if room_name is not None:
                scons.append(
                    "<ConstraintActivityPreferredRoom>\n<Weight_Percentage>100</Weight_Percentage>\n"
                    "<Activity_Id>%d</Activity_Id>\n<Room>%s</Room>\n<Number_of_Real_Rooms>0</Number_of_Real_Rooms>\n"
                    "<Permanently_Locked>true</Permanently_Locked>\n<Active>true</Active>\n"
                    "<Comments></Comments>\n</ConstraintActivityPreferredRoom>\n" % (nid[0], escape(room_name)))
        if min_days and len(ids) > 1:
            tcons.append(mindays_xml(ids))
        return ids

    def mindays_xml(ids):
        return ("<ConstraintMinDaysBetweenActivities>\n<Weight_Percentage>100</Weight_Percentage>\n"
                "<Consecutive_If_Same_Day>false</Consecutive_If_Same_Day>\n"
                "<Number_of_Activities>%d</Number_of_Activities>\n%s<MinDays>1</MinDays>\n"
                "<Active>true</Active>\n<Comments></Comments>\n</ConstraintMinDaysBetweenActivities>\n"
                % (len(ids), "".join("<Activity_Id>%d</Activity_Id>\n" % i for i in ids)))

    def pref_starts(aid, starts):
        return ("<ConstraintActivityPreferredStartingTimes>\n<Weight_Percentage>100</Weight_Percentage>\n"
                "<Activity_Id>%d</Activity_Id>\n<Number_of_Preferred_Starting_Times>%d</Number_of_Preferred_Starting_Times>\n%s"
                "<Active>true</Active>\n<Comments></Comments>\n</ConstraintActivityPreferredStartingTimes>\n"
                % (aid, len(starts), "".join(
                    "<Preferred_Starting_Time>\n<Preferred_Starting_Day>%s</Preferred_Starting_Day>\n"
                    "<Preferred_Starting_Hour>%s</Preferred_Starting_Hour>\n</Preferred_Starting_Time>\n"
                    % (DAYS[d], hname[h]) for d, h in starts)))

    # direct sessions, in the groups formed above
    sessions = 0
    for tid in sorted(th, key=lambda x: th[x]["order"]):
        in_groups = {}  # (pool, student) -> activity ids
        for school, disc, sm, n, g, pool in groups_of(tid):
            ids = add_split(tid, [s["sid"] for s in g], disc, [dur(sm)] * n, min_days=True,
                            room_name=room(school, tid),
                            meta="session|%s|%s|%s direct|%d" % (school, ";".join(s["sid"] for s in g), disc, sm))
            if pool is not None:
                for s in g:
                    in_groups.setdefault((pool, s["sid"]), []).extend(ids)
            sessions += n
        for ids in sorted({tuple(v) for v in in_groups.values() if len(v) > 1}):
            tcons.append(mindays_xml(ids))

    # consults: inside the school day of the student's school, one a day
    for s in services:
        if s["mode"] == "direct" or not s["rows"]:
            continue
        sc = schools[students[s["sid"]]["school"]]
        a, b = inward(sc["start"], sc["end"])
        starts = [(d, h) for d in range(SCHOOL_DAYS) if d in th[s["t"]]["day"] for h in range(a, b)]
        # each row may start where it ends inside the day (add_split trims by H;
        # trim by the school end here, per row length)
        ids = []
        for rlen in s["rows"]:
            dd = dur(rlen)
            ids += add_split(s["t"], [], s["disc"] + "_consult", [dd],
                             starts=[(d, h) for d, h in starts if h + dd <= b],
                             room_name=room(students[s["sid"]]["school"], s["t"]),
                             meta="consult|%s|%s|%s consult|%d" % (students[s["sid"]]["school"], s["sid"],
                                                                   s["disc"], rlen))
        if len(ids) > 1:
            tcons.append(mindays_xml(ids))

    # lunch, one a working day inside its window
    for tid in sorted(th, key=lambda x: th[x]["order"]):
        for d, v in sorted(th[tid]["day"].items()):
            lm, le, ll = v["lunch"]
            a, b = inward(max(le, v["start"]), min(ll, v["end"]))
            dd = dur(lm)
            add_split(tid, [], "lunch", [dd], starts=[(d, h) for h in range(a, b - dd + 1)],
                      meta="lunch||||%d" % lm)

    # duties: fixed ones locked at their time, floating ones in blocks
    for tid in sorted(th, key=lambda x: th[x]["order"]):
        for d, s0, s1, kind, school in fixed[tid]:
            a, b = outward(s0, s1)
            add_split(tid, [], kind, [b - a], locked=(d, a),
                      room_name=room(school, tid) if school else None,
                      meta="%s|%s|||%d" % (kind, school, s1 - s0))
        for kind, m, per, mb in floating[tid]:
            blocks_ = duty_blocks(m, mb)
            if per == "day":
                for d in sorted(th[tid]["day"]):
                    add_split(tid, [], kind, [dur(x) for x in blocks_],
                              starts=[(d, h) for h in range(H)], meta="%s||||0" % kind)
            else:
                add_split(tid, [], kind, [dur(x) for x in blocks_], meta="%s||||0" % kind)
        served = {s["sid"] for s in services if s["t"] == tid}
        rows = sum(g[3] for g in groups_of(tid))
        for kind, m in (("reserve", reserve_of(tid, len(served))), ("documentation", doc_per * rows)):
            if m > 0:
                add_split(tid, [], kind, [dur(x) for x in chunks30(m)], meta="%s||||0" % kind)

    # ---- availability --------------------------------------------------------
    def na_xml(tag, who_tag, who, cells):
        return ("<%s>\n<Weight_Percentage>100</Weight_Percentage>\n<%s>%s</%s>\n"
                "<Number_of_Not_Available_Times>%d</Number_of_Not_Available_Times>\n%s"
                "<Active>true</Active>\n<Comments></Comments>\n</%s>\n"
                % (tag, who_tag, escape(who), who_tag, len(cells), "".join(
                    "<Not_Available_Time>\n<Day>%s</Day>\n<Hour>%s</Hour>\n</Not_Available_Time>\n"
                    % (DAYS[d], hname[h]) for d, h in sorted(cells)), tag))

    for tid in sorted(th, key=lambda x: th[x]["order"]):
        cells = set()
        for d in range(SCHOOL_DAYS):
            v = th[tid]["day"].get(d)
            a, b = inward(v["start"], v["end"]) if v else (H, H)
            cells |= {(d, h) for h in range(H) if h < a or h >= b}
        if cells:
            tcons.append(na_xml("ConstraintTeacherNotAvailableTimes", "Teacher", tid, cells))
    for sid in students:
        if blocked[sid]:
            tcons.append(na_xml("ConstraintStudentsSetNotAvailableTimes", "Students", sid, blocked[sid]))

    # ---- travel: schools as buildings, a uniform minimum gap per therapist ---
    gaps = {}
    for tid in th:
        sch = sorted({b for r, b in used_rooms if r.endswith("/" + tid)})
        pairs = [drive(a, b) for a in sch for b in sch if a != b]
        if pairs:
            gaps[tid] = dur(min(pairs))
            scons.append("<ConstraintTeacherMinGapsBetweenBuildingChanges>\n<Weight_Percentage>100</Weight_Percentage>\n"
                         "<Teacher>%s</Teacher>\n<Min_Gaps_Between_Building_Changes>%d</Min_Gaps_Between_Building_Changes>\n"
                         "<Active>true</Active>\n<Comments></Comments>\n</ConstraintTeacherMinGapsBetweenBuildingChanges>\n"
                         % (escape(tid), gaps[tid]))

    # ---- write ---------------------------------------------------------------
    subjects = sorted({a["subject"] for a in acts})
    o = []
    o.append('<?xml version="1.0" encoding="UTF-8"?>\n<fet version="6.8.5">\n<Mode>Official</Mode>\n'
             "<Institution_Name>%s</Institution_Name>\n<Comments>converted by caseplan bench/to_fet.py, "
             "period %d min</Comments>\n" % (escape(os.path.basename(os.path.normpath(folder))), P))
    o.append("<Days_List>\n<Number_of_Days>%d</Number_of_Days>\n%s</Days_List>\n"
             % (SCHOOL_DAYS, "".join("<Day><Name>%s</Name></Day>\n" % d for d in DAYS[:SCHOOL_DAYS])))
    o.append("<Hours_List>\n<Number_of_Hours>%d</Number_of_Hours>\n%s</Hours_List>\n"
             % (H, "".join("<Hour><Name>%s</Name></Hour>\n" % h for h in hname)))
    o.append("<Subjects_List>\n%s</Subjects_List>\n<Activity_Tags_List>\n</Activity_Tags_List>\n"
             % "".join("<Subject><Name>%s</Name><Comments></Comments></Subject>\n" % escape(s) for s in subjects))
    o.append("<Teachers_List>\n%s</Teachers_List>\n" % "".join(
        "<Teacher><Name>%s</Name><Target_Number_of_Hours>0</Target_Number_of_Hours>"
        "<Qualified_Subjects></Qualified_Subjects><Comments></Comments></Teacher>\n" % escape(t)
        for t in sorted(th, key=lambda x: th[x]["order"])))
    o.append("<Students_List>\n%s</Students_List>\n" % "".join(
        "<Year><Name>%s</Name><Number_of_Students>1</Number_of_Students><Comments></Comments></Year>\n"
        % escape(s) for s in students))
    o.append("<Activities_List>\n")
    for a in acts:
        o.append("<Activity>\n<Teacher>%s</Teacher>\n<Subject>%s</Subject>\n%s<Duration>%d</Duration>\n"
                 "<Total_Duration>%d</Total_Duration>\n<Id>%d</Id>\n<Activity_Group_Id>%d</Activity_Group_Id>\n"
                 "<Active>true</Active>\n<Comments>%s</Comments>\n</Activity>\n"
                 % (escape(a["teacher"]), escape(a["subject"]),
                    "".join("<Students>%s</Students>\n" % escape(s) for s in a["students"]),
                    a["dur"], a["total"], a["id"], a["group"], escape(a["meta"])))
    o.append("</Activities_List>\n")
    o.append("<Buildings_List>\n%s</Buildings_List>\n" % "".join(
        "<Building><Name>%s</Name><Comments></Comments></Building>\n" % escape(s)
        for s in sorted({b for _, b in used_rooms})))
    o.append("<Rooms_List>\n%s</Rooms_List>\n" % "".join(
        "<Room><Name>%s</Name><Building>%s</Building><Capacity>1000</Capacity><Virtual>false</Virtual>"
        "<Comments></Comments></Room>\n" % (escape(r), escape(b)) for r, b in sorted(used_rooms)))
    o.append("<Time_Constraints_List>\n<ConstraintBasicCompulsoryTime>\n<Weight_Percentage>100</Weight_Percentage>\n"
             "<Active>true</Active>\n<Comments></Comments>\n</ConstraintBasicCompulsoryTime>\n")
    o.extend(tcons)
    o.append("</Time_Constraints_List>\n<Space_Constraints_List>\n<ConstraintBasicCompulsorySpace>\n"
             "<Weight_Percentage>100</Weight_Percentage>\n<Active>true</Active>\n<Comments></Comments>\n"
             "</ConstraintBasicCompulsorySpace>\n")
    o.extend(scons)
    o.append("</Space_Constraints_List>\n</fet>\n")
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("".join(o))
    groups = {a["group"] or -a["id"] for a in acts}
    print("TOFET activities=%d subactivities=%d teachers=%d students=%d sessions=%d period=%d "
          "hours=%d load=%s min_gap=%s dropped=%s"
          % (len(groups), len(acts), len(th), len(students), sessions, P, H,
             ";".join("%s:%d/%d" % (t, cur[t], cap_p[t]) for t in sorted(th)),
             ";".join("%s:%d" % (t, g) for t, g in sorted(gaps.items())) or "na", DROPPED))


def main(argv):
    args = argv[1:]
    period = None
    if "--period" in args:
        k = args.index("--period")
        period = int(args[k + 1])
        del args[k:k + 2]
    if len(args) != 2:
        sys.stderr.write("usage: to_fet.py SCENARIO_DIR OUT.fet [--period MIN]\n")
        return 2
    try:
        convert(args[0], args[1], period)
    except (ConvError, KeyError, ValueError, OSError) as e:
        sys.stderr.write("to_fet: %s: %s\n" % (type(e).__name__, e))
        print("TOFET status=error message=\"%s\"" % str(e).replace('"', "'"))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
