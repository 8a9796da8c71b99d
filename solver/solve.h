/* solve.h — running GLPK's MIP solver safely.
 *
 * The one place that calls glp_intopt: parameters per SOLVER.md, terminal
 * output routed through glp_term_hook, GLPK's internal errors caught by
 * glp_error_hook (longjmp) instead of aborting the process, and results read
 * only after checking both glp_intopt's return and glp_mip_status.
 */
#ifndef CP_SOLVE_H
#define CP_SOLVE_H

#include "caseplan.h"

#include <glpk.h>

typedef enum {
  CP_MIP_OPTIMAL,    /* proven optimal (within mip_gap) */
  CP_MIP_FEASIBLE,   /* a solution, not proven optimal (time limit) */
  CP_MIP_INFEASIBLE, /* proven: no integer solution */
  CP_MIP_NONE        /* no solution found within the limits */
} cp_mip_status;

typedef struct cp_mip_opts {
  double time_limit; /* seconds */
  double mip_gap;    /* relative gap tolerance */
  /* Stop as soon as an incumbent has objective <= stop_below (e.g. no
   * shortfall) and either its gap is under stop_gap (relative) or
   * stop_abs (absolute), or stop_after seconds have passed. */
  double stop_below, stop_gap, stop_abs, stop_after;
  /* Keep an integral dive as the answer whatever its objective. */
  bool keep_dive;
  /* Dive order: prio[j] of column j, lower first (e.g. sessions before
   * lunch and paperwork slots); NULL = all alike. */
  const int *prio;
  /* After a dive above stop_below: large-neighbourhood search over single
   * column groups, then pairs (group[j] of column j, -1 = never fixed;
   * e.g. days), each step improving the objective by at least lns_step;
   * NULL = none. */
  const int *group;
  double lns_step;
  /* A full dive (objective <= stop_below) that is not within the stop
   * tolerances of the LP bound gets this share of the time the dive took
   * (at least 0.2 s) for the same neighbourhood search, improving the
   * soft objective in steps of at least 1 (0 = none). */
  double polish;
  /* Stop after the root LP when its objective is above this (the LP
   * alone misses that much): r->lp_short set, r->x the LP's point, r->bound
   * its objective, status CP_MIP_NONE.  HUGE_VAL (the default) = never. */
  double lp_short_above;
  /* A probe of a day pattern: the root LP rounded and walked once (no
   * nudged LP points, no dive); a week that misses minutes is answered at
   * once, a full one goes on as without (district.c tries other patterns
   * on a short one).  With prio and keep_dive only. */
  bool probe;
} cp_mip_opts;

typedef struct cp_mip_result {
  cp_mip_status status;
  double obj, bound, gap; /* gap relative to |obj|; bound is a lower bound */
  double seconds;
  double *x;              /* column values, x[1..n]; owned, see fini */
  bool by_dive;           /* the answer came from the LP dive */
  bool last_resort;       /* ... from its last resort: out of time, the
                             sessions the LP held fractionally dropped */
  bool lp_short;          /* stopped after the root LP (lp_short_above) */
} cp_mip_result;

void cp_mip_result_fini(cp_mip_result *r);

void cp_mip_opts_init(cp_mip_opts *o);

/* Asks every running and later search to stop at its next check (at most
 * a second away at most: LP solves run in slices of 6,000 iterations) and return the best it has.
 * Async-signal-safe: the SIGINT handler calls it. */
void cp_interrupt(void);
bool cp_interrupted(void);
/* Solves P: first an LP-guided dive (round up the most certain fractional
 * binaries, re-solve, repeat), whose schedule is kept when it is within the
 * stop tolerances of the LP bound (or always, with keep_dive), else handed
 * to branch-and-bound as its first incumbent.  On CP_OK with a solution, r->x holds the values.  Returns
 * CP_ERR_SOLVER when GLPK failed internally (the problem object is then
 * gone: *P is set to NULL and must not be deleted). */
cp_status cp_mip_solve(glp_prob **P, const cp_mip_opts *o, cp_mip_result *r);

/* The large-neighbourhood search cp_mip_solve runs on a dive's integral
 * point x[1..n] of objective *obj (both replaced by each better point):
 * every binary outside one group (group[j], -1 = never fixed), then
 * outside two, fixed at x, and a strict dive re-deciding the rest must
 * improve by `improve`; until *obj <= goal, the deadline (cp_clock() seconds),
 * or a round of pairs without a better point.  Returns the number of
 * improvements; improved[0] and [1] (may be NULL) count those found by
 * one group and by two.  Not guarded: exported for tests, call it inside
 * cp_glpk_guard. */
int cp_lns(glp_prob *P, const int *group, const int *prio, double deadline,
           double goal, double improve, double *x, double *obj,
           int improved[2]);

/* Runs fn(arg) with GLPK's internal errors caught: on one, GLPK's whole
 * environment is freed (every glp_prob is gone: fn's caller must not touch
 * its own) and CP_ERR_SOLVER or CP_ERR_MEMLIMIT is returned.  Guards nest. */
cp_status cp_glpk_guard(cp_status (*fn)(void *arg), void *arg);

/* Caps GLPK's memory at `megabytes` (0 = no cap); a solve that reaches it
 * returns CP_ERR_MEMLIMIT. */
void cp_solver_memory_limit(int megabytes);

/* Appends the triplet (row, col, v) to the 1-based arrays *ia, *ja, *ar
 * that glp_load_matrix takes (slot 0 unused), growing them by doubling,
 * overflow-checked.  Returns 0, or -1 on no memory (arrays kept). */
int cp_triplet_add(int **ia, int **ja, double **ar, int *nz, int *cap,
                   int row, int col, double v);

/* Seconds on a monotonic clock. */
double cp_now(void);

/* The work clock: seconds of search as counted, not as timed -- simplex
 * iterations weighted by the problem's nonzeros, steps of the walk by its
 * columns' length -- at rates measured on the reference machine (2-core
 * bench machine, 2026-11-27: within 5-15 % of the wall clock on the demo,
 * S, M90 and demo_plus30 weeks).  Every budget of the weekly solves and
 * of the district is in these seconds, so a run ends at the same point on
 * a loaded machine as on an idle one and gives the same schedule; the
 * wall clock only guards the time limit (cp_set_wall_end). */
double cp_clock(void);
/* Seconds a step of the walk on P costs on the work clock. */
double cp_step_seconds(glp_prob *P);
/* Tells the parent, while a search runs in a child, that the clock is at
 * least `extra` seconds past its last count (cp_clock_share). */
void cp_clock_show(double extra);
/* In a child process: the clock's progress since now is written to *slot
 * (shared memory the parent reads, in nanoseconds) as it advances. */
void cp_clock_share(volatile long long *slot);
/* The wall-clock time (cp_now()) past which every search stops, whatever
 * its work budget: the time limit, honoured on any machine.  HUGE_VAL:
 * none.  Returns the one it replaces. */
double cp_set_wall_end(double t);
double cp_wall_end(void);

#endif
