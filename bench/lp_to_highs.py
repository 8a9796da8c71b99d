#!/usr/bin/python3
"""lp_to_highs.py — solve a CPLEX LP file with HiGHS through scipy.optimize.milp.

    /usr/bin/python3 bench/lp_to_highs.py MODEL.lp TIME_LIMIT [--sol FILE]
    /usr/bin/python3 bench/lp_to_highs.py MODEL.mps TIME_LIMIT   (free MPS)

scipy (Debian's python3-scipy, HiGHS inside) has no file reader, so the
model goes LP -> free MPS with `glpsol --lp X.lp --check --wfreemps X.mps`
(GLPK reads the LP caseplan wrote with GLPK, so no second LP parser can
disagree with it), and the MPS is parsed here into sparse matrices:
objective sense (OBJSENSE section, GLPK's "(MAXimization)" comment, or
the LP file's Minimize/Maximize, which GLPK's free MPS does not carry),
rows N/E/L/G, RHS (an RHS on the objective row is minus its constant),
RANGES, BOUNDS UP/LO/FX/FR/MI/PL/BV/LI/UI, and INTORG/INTEND markers
(integer columns without bounds are [0, +inf), the usual convention).
milp gets options time_limit=TIME_LIMIT; the time counts from the call of
milp (HiGHS's own clock), like cbc's `sec` and glpsol's `--tmlim`, which
also exclude reading the file.

Prints one line (then exits 0; 2 on a usage or parse error):

  HIGHS status=optimal|feasible|infeasible|undecided objective=... gap=...
        bound=... rows=... cols=... nnz=... int=... convert_s=... parse_s=...
        solve_s=... total_s=... message="..."

status: optimal = proven optimal; feasible = a solution at the limit, gap
is HiGHS's relative MIP gap in percent; infeasible = proven; undecided =
no solution within the limit.  --sol FILE writes the nonzero values of a
solution (name value, one a line), like a cbc solution file without the
status line.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

INF = np.inf


class MpsError(Exception):
    pass


def lp_sense(lp_path):
    """1 or -1 from the LP file's sense keyword: GLPK's free MPS drops it."""
    with open(lp_path, "r") as f:
        for line in f:
            s = line.strip()
            if not s or s.startswith("\\"):
                continue
            return -1 if s.lower().startswith("max") else 1
    return 1


def to_mps(lp_path, out_dir):
    """LP -> free MPS with glpsol; returns the MPS path."""
    base = os.path.splitext(os.path.basename(lp_path))[0]
    mps = os.path.join(out_dir, base + ".mps")
    r = subprocess.run(["glpsol", "--lp", lp_path, "--check", "--wfreemps", mps],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0 or not os.path.exists(mps):
        raise MpsError("glpsol could not convert %s: %s" % (lp_path, r.stdout[-400:]))
    return mps


def parse_mps(path):
    """Free MPS -> dict with c, c0, sense, A (coo), row lo/hi, col lb/ub, integrality."""
    sense = 1  # 1 = minimise, -1 = maximise
    obj_row = None
    row_index = {}
    row_type = []
    row_names = []
    col_index = {}
    col_names = []
    col_int = []
    ri, ci, vals = [], [], []
    cost = {}
    rhs = {}
    ranges = {}
    bounds = {}  # col -> [lb or None, ub or None]
    c0 = 0.0
    section = None
    integer = False
    with open(path, "r") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            if line[0] == "*":
                if "(MAXimization)" in line:
                    sense = -1
                continue
            if not line[0].isspace():
                tok = line.split()
                section = tok[0].upper()
                if section == "OBJSENSE" and len(tok) > 1:
                    sense = -1 if tok[1].upper().startswith("MAX") else 1
                if section not in ("NAME", "ROWS", "COLUMNS", "RHS", "RANGES",
                                   "BOUNDS", "ENDATA", "OBJSENSE"):
                    raise MpsError("%s:%d: section %s is not supported" % (path, lineno, section))
                continue
            tok = line.split()
            if section == "OBJSENSE":
                sense = -1 if tok[0].upper().startswith("MAX") else 1
            elif section == "ROWS":
                t, name = tok[0].upper(), tok[1]
                if t == "N":
                    if obj_row is None:
                        obj_row = name
                    continue  # further free rows are ignored
                if t not in ("E", "L", "G"):
                    raise MpsError("%s:%d: row type %s" % (path, lineno, t))
                row_index[name] = len(row_type)
                row_type.append(t)
                row_names.append(name)
            elif section == "COLUMNS":
                if len(tok) >= 3 and tok[1].strip("'\"").upper() == "MARKER":
                    m = tok[2].strip("'\"").upper()
                    if m == "INTORG":
                        integer = True
                    elif m == "INTEND":
                        integer = False
                    else:
                        raise MpsError("%s:%d: marker %s" % (path, lineno, m))
                    continue
                name = tok[0]
                j = col_index.get(name)
                if j is None:
                    j = col_index[name] = len(col_names)
                    col_names.append(name)
                    col_int.append(1 if integer else 0)
                for k in range(1, len(tok) - 1, 2):
                    r, v = tok[k], float(tok[k + 1])
                    if r == obj_row:
                        cost[j] = cost.get(j, 0.0) + v
                    elif r in row_index:
                        ri.append(row_index[r])
                        ci.append(j)
                        vals.append(v)
                    # entries in other free rows are ignored
            elif section in ("RHS", "RANGES"):
                # the set name is optional in free MPS: an odd count means it is there
                pairs = tok[1:] if len(tok) % 2 == 1 else tok
                for k in range(0, len(pairs) - 1, 2):
                    r, v = pairs[k], float(pairs[k + 1])
                    if section == "RHS":
                        if r == obj_row:
                            c0 = -v
                        elif r in row_index:
                            rhs[row_index[r]] = v
                    elif r in row_index:
                        ranges[row_index[r]] = v
            elif section == "BOUNDS":
                t = tok[0].upper()
                if t in ("FR", "MI", "PL", "BV"):
                    name = tok[2] if len(tok) >= 3 else tok[1]
                    v = None
                else:
                    if len(tok) == 4:
                        name, v = tok[2], float(tok[3])
                    elif len(tok) == 3:
                        name, v = tok[1], float(tok[2])
                    else:
                        raise MpsError("%s:%d: bound line" % (path, lineno))
                j = col_index.get(name)
                if j is None:
                    raise MpsError("%s:%d: bound on unknown column %s" % (path, lineno, name))
                b = bounds.setdefault(j, [None, None])
                if t == "UP":
                    b[1] = v
                    if v < 0 and b[0] is None:
                        b[0] = -INF  # the old convention for a negative upper bound
                elif t == "LO":
                    b[0] = v
                elif t == "FX":
                    b[0] = b[1] = v
                elif t == "FR":
                    b[0], b[1] = -INF, INF
                elif t == "MI":
                    b[0] = -INF
                elif t == "PL":
                    b[1] = INF
                elif t == "BV":
                    b[0], b[1] = 0.0, 1.0
                    col_int[j] = 1
                elif t == "LI":
                    b[0] = v
                    col_int[j] = 1
                elif t == "UI":
                    b[1] = v
                    col_int[j] = 1
                else:
                    raise MpsError("%s:%d: bound type %s is not supported" % (path, lineno, t))
            elif section == "NAME":
                pass
    m, n = len(row_type), len(col_names)
    c = np.zeros(n)
    for j, v in cost.items():
        c[j] = v
    lo = np.full(m, -INF)
    hi = np.full(m, INF)
    for i, t in enumerate(row_type):
        b = rhs.get(i, 0.0)
        r = ranges.get(i)
        if t == "E":
            if r is None:
                lo[i] = hi[i] = b
            elif r >= 0:
                lo[i], hi[i] = b, b + r
            else:
                lo[i], hi[i] = b + r, b
        elif t == "L":
            hi[i] = b
            if r is not None:
                lo[i] = b - abs(r)
        else:  # G
            lo[i] = b
            if r is not None:
                hi[i] = b + abs(r)
    lb = np.zeros(n)
    ub = np.full(n, INF)
    for j, (l, u) in bounds.items():
        if l is not None:
            lb[j] = l
        if u is not None:
            ub[j] = u
    A = coo_matrix((np.array(vals), (np.array(ri, dtype=np.int64), np.array(ci, dtype=np.int64))),
                   shape=(m, n)).tocsr()
    return dict(c=c, c0=c0, sense=sense, A=A, lo=lo, hi=hi, lb=lb, ub=ub,
                integrality=np.array(col_int, dtype=np.int8), cols=col_names)


def main(argv):
    args = argv[1:]
    sol = None
    if "--sol" in args:
        k = args.index("--sol")
        sol = args[k + 1]
        del args[k:k + 2]
    if len(args) != 2:
        sys.stderr.write("usage: lp_to_highs.py MODEL.lp|MODEL.mps TIME_LIMIT [--sol FILE]\n")
        return 2
    model, tl = args[0], float(args[1])
    t0 = time.monotonic()
    tmp = None
    try:
        if model.endswith(".mps"):
            mps = model
        else:
            tmp = tempfile.mkdtemp(prefix="lp_to_highs.", dir=os.path.dirname(os.path.abspath(model)))
            mps = to_mps(model, tmp)
        t1 = time.monotonic()
        p = parse_mps(mps)
        if mps != model:
            p["sense"] = lp_sense(model)
    except (MpsError, OSError, ValueError) as e:
        sys.stderr.write("lp_to_highs: %s\n" % e)
        print("HIGHS status=error message=\"%s\"" % str(e).replace('"', "'").replace("\n", " ")[:200])
        return 2
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    t2 = time.monotonic()
    cons = [LinearConstraint(p["A"], p["lo"], p["hi"])] if p["A"].shape[0] else []
    res = milp(p["sense"] * p["c"], integrality=p["integrality"],
               bounds=Bounds(p["lb"], p["ub"]), constraints=cons,
               options={"time_limit": tl, "disp": False})
    t3 = time.monotonic()
    obj = bound = gap = None
    if res.x is not None:
        obj = p["sense"] * res.fun + p["c0"]
        gap = getattr(res, "mip_gap", None)
        db = getattr(res, "mip_dual_bound", None)
        if db is not None:
            bound = p["sense"] * db + p["c0"]
    if res.status == 0 and res.x is not None:
        st = "optimal"
    elif res.x is not None:
        st = "feasible"
    elif res.status == 2:
        st = "infeasible"
    else:
        st = "undecided"
    if sol and res.x is not None:
        with open(sol, "w") as f:
            for name, v in zip(p["cols"], res.x):
                if abs(v) > 1e-9:
                    f.write("%s %.10g\n" % (name, v))
    fmt = lambda v: "na" if v is None or not np.isfinite(v) else "%.10g" % v
    print("HIGHS status=%s objective=%s gap=%s bound=%s rows=%d cols=%d nnz=%d int=%d "
          "convert_s=%.2f parse_s=%.2f solve_s=%.2f total_s=%.2f message=\"%s\""
          % (st, fmt(obj), "na" if gap is None else "%.2f" % (100 * gap), fmt(bound),
             p["A"].shape[0], p["A"].shape[1], p["A"].nnz, int(p["integrality"].sum()),
             t1 - t0, t2 - t1, t3 - t2, t3 - t0, str(res.message).replace('"', "'")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
