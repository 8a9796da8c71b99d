#!/usr/bin/python3
"""fet_to_schedule.py — FET's timetable back to a caseplan schedule.csv.

    /usr/bin/python3 bench/fet_to_schedule.py MODEL.fet ACTIVITIES.xml SCHEDULE.csv

MODEL.fet is the file bench/to_fet.py wrote (each activity's Comments hold
kind|school|students|services|minutes); ACTIVITIES.xml is fet-cl's
<name>_activities.xml (Id, Day, Hour, Room of every placed activity).
Writes SPEC §3 rows (no travel rows: `caseplan verify` checks the gaps, not
travel rows), so `caseplan verify SCENARIO SCHEDULE.csv` can judge FET's
week by the rules caseplan's weeks are judged by.  Prints
"placed=N of=M rows=R missed=X": X = service minutes per cycle of the
sessions and consults FET did not place (a group session counts once per
member, as minutes.csv counts them).
"""
import sys
import xml.etree.ElementTree as ET

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def hm(m):
    return "%02d:%02d" % divmod(m, 60)


def tmin(s):
    h, m = s.split(":")
    return int(h) * 60 + int(m)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write("usage: fet_to_schedule.py MODEL.fet ACTIVITIES.xml SCHEDULE.csv\n")
        return 2
    model = ET.parse(argv[1]).getroot()
    hours = [h.findtext("Name") for h in model.find("Hours_List").findall("Hour")]
    period = tmin(hours[1]) - tmin(hours[0]) if len(hours) > 1 else 60
    acts = {}
    for a in model.find("Activities_List").findall("Activity"):
        acts[a.findtext("Id")] = (a.findtext("Teacher"), int(a.findtext("Duration")),
                                  (a.findtext("Comments") or "").split("|"))
    placed = ET.parse(argv[2]).getroot()
    rows = []
    n = 0
    done = set()
    for p in placed.findall("Activity"):
        aid, day, hour = p.findtext("Id"), p.findtext("Day"), p.findtext("Hour")
        if aid not in acts or not day or not hour:
            continue
        n += 1
        done.add(aid)
        teacher, dur, meta = acts[aid]
        if len(meta) < 5:
            continue
        kind, school, studs, svc, mins = meta[:5]
        start = tmin(hour)
        end = start + (int(mins) if int(mins) > 0 else dur * period)
        rows.append((teacher, 1, DAYS.index(day), start, end, school, kind, studs, svc))
    rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    with open(argv[3], "w", newline="") as f:
        f.write("therapist_id,week,day,start,end,school_id,activity,students,services,minutes\n")
        for t, w, d, s, e, sch, k, st, sv in rows:
            f.write("%s,%d,%s,%s,%s,%s,%s,%s,%s,%d\n" % (t, w, DAYS[d], hm(s), hm(e), sch, k, st, sv, e - s))
    # service minutes of the sessions and consults FET left unplaced
    missed = 0
    for aid, (teacher, dur, meta) in acts.items():
        if aid not in done and len(meta) >= 5 and meta[0] in ("session", "consult"):
            missed += int(meta[4]) * len([x for x in meta[2].split(";") if x])
    print("placed=%d of=%d rows=%d missed=%d" % (n, len(acts), len(rows), missed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
