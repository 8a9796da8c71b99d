#!/usr/bin/env python3
"""pack.py — seed inputs for the fuzz harnesses in tests/fuzz/.

fuzz_scenario takes a whole scenario folder packed into one input (the format
is described at the top of fuzz_scenario.c):

    %%% schools.csv
    school_id,name,start,end
    ...
    %%% students.csv
    ...

Usage:
    pack.py pack DIR [OUT]        pack a scenario folder (to OUT or stdout)
    pack.py unpack FILE DIR       unpack an input (a crash, say) into DIR,
                                  e.g. to turn it into a tests/bad/ case
    pack.py seeds OUT [--scenarios DIR...] [--schedules FILE...]
                                  write OUT/csv, OUT/scenario, OUT/schedule:
                                  every CSV file of the scenario folders,
                                  each folder packed, and the schedules

Only the nine scenario files are packed; a file that does not end with a
newline gets one (the marker of the next file must start a line).
"""
import hashlib
import os
import sys

NAMES = ["settings.csv", "schools.csv", "travel.csv", "therapists.csv",
         "students.csv", "services.csv", "blocks.csv", "duties.csv",
         "calendar.csv"]


def pack(folder):
    out = b""
    for name in NAMES:
        path = os.path.join(folder, name)
        if os.path.isdir(path):
            out += b"%%%/ " + name.encode() + b"\n"
        elif os.path.isfile(path):
            with open(path, "rb") as f:
                body = f.read()
            if body and not body.endswith(b"\n"):
                body += b"\n"
            out += b"%%% " + name.encode() + b"\n" + body
    return out


def marker(line):
    """(name, is_dir) when LINE (without its newline) is a marker."""
    for prefix, is_dir in ((b"%%% ", False), (b"%%%/ ", True)):
        if line.startswith(prefix):
            return line[len(prefix):].rstrip(b"\r").decode("latin-1"), is_dir
    return None


def unpack(data, folder):
    os.makedirs(folder, exist_ok=True)
    files = {}
    current = None
    lines = [l + b"\n" for l in data.split(b"\n")]
    lines[-1] = lines[-1][:-1]  # the part after the last newline
    for line in lines:
        m = marker(line.rstrip(b"\n"))
        if m:
            current = m[0] if m[0] in NAMES else None
            if current:
                files[current] = None if m[1] else b""
        elif current is not None and files[current] is not None:
            files[current] += line
    for name, body in files.items():
        path = os.path.join(folder, name)
        if body is None:
            os.makedirs(path, exist_ok=True)
        else:
            with open(path, "wb") as f:
                f.write(body)
    return sorted(files)


def put(folder, data):
    """Writes DATA under its hash (libFuzzer's corpus naming)."""
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, hashlib.sha1(data).hexdigest())
    with open(path, "wb") as f:
        f.write(data)


def seeds(out, scenarios, schedules):
    n = {"csv": 0, "scenario": 0, "schedule": 0}
    for root in scenarios:
        for folder, dirs, files in sorted(os.walk(root)):
            dirs.sort()
            csvs = [f for f in sorted(files) if f.endswith(".csv")]
            for f in csvs:
                path = os.path.join(folder, f)
                if os.path.isfile(path):
                    with open(path, "rb") as fh:
                        put(os.path.join(out, "csv"), fh.read())
                    n["csv"] += 1
            if any(name in files or name in dirs for name in NAMES):
                put(os.path.join(out, "scenario"), pack(folder))
                n["scenario"] += 1
    for path in schedules:
        if os.path.isfile(path):
            with open(path, "rb") as fh:
                put(os.path.join(out, "schedule"), fh.read())
            n["schedule"] += 1
    os.makedirs(os.path.join(out, "schedule"), exist_ok=True)
    print("pack.py: %d csv, %d scenario, %d schedule seeds in %s"
          % (n["csv"], n["scenario"], n["schedule"], out))


def main(argv):
    if len(argv) >= 2 and argv[0] == "pack":
        data = pack(argv[1])
        if len(argv) > 2:
            with open(argv[2], "wb") as f:
                f.write(data)
        else:
            sys.stdout.buffer.write(data)
        return 0
    if len(argv) == 3 and argv[0] == "unpack":
        with open(argv[1], "rb") as f:
            names = unpack(f.read(), argv[2])
        print("pack.py: wrote %s in %s" % (", ".join(names) or "nothing",
                                           argv[2]))
        return 0
    if len(argv) >= 2 and argv[0] == "seeds":
        scenarios, schedules, dest = [], [], None
        for arg in argv[2:]:
            if arg in ("--scenarios", "--schedules"):
                dest = scenarios if arg == "--scenarios" else schedules
            elif dest is None:
                print(__doc__, file=sys.stderr)
                return 2
            else:
                dest.append(arg)
        seeds(argv[1], scenarios, schedules)
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
