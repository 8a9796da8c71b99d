/* walk.h — weighted local search on a 0-1 model, from a near-full week.
 *
 * The dive leaves weeks a session or two short that its LP re-solves and
 * the day-by-day search cannot close (SOLVER.md: the last sessions need
 * moves across several days at once).  cp_walk takes such a week and
 * flips binary columns one at a time, guided by row violations weighted
 * up where the search stalls (Morris' breakout; Luteberget & Sartor's
 * "Feasibility Jump", 2023, without the objective term).  Each step costs
 * a few column lengths instead of a simplex re-solve.
 *
 * The continuous columns are held at their lower bounds during the walk
 * (the shortfall sigma at 0: every session placed), then those with a
 * negative cost are raised as far as their rows allow.  Rows a positive
 * cost continuous column can close (a demand row a session short) are
 * "absorbable": a point whose other rows all hold is a valid week with
 * that shortfall, and the cheapest such point seen is kept. */
#ifndef CP_WALK_H
#define CP_WALK_H

#include <glpk.h>
#include <stdbool.h>

typedef struct cp_walk_stats {
  long flips;       /* columns flipped */
  long steps;       /* steps taken: a flip, or a row weighed up */
  int violated0;    /* rows violated at the start (continuous at bounds) */
  int best_hard;    /* fewest rows violated seen */
  double seconds;
} cp_walk_stats;

/* From x[1..n] (integral on the binary columns), search until every row
 * holds, max_flips steps, or the deadline (cp_now() seconds: the
 * wall clock's guard; solve.c bounds max_flips by the work clock).  x is
 * replaced only by a point of lower objective (cost[0..n], cost[0] the
 * constant) that satisfies every row; *obj is its objective on entry
 * and on return.  General integer columns: returns false at once.
 * Deterministic for a given seed when the deadline is not reached.
 * Returns true when x was replaced. */
bool cp_walk(glp_prob *P, const double *cost, double *x, double *obj,
             long max_flips, double deadline, unsigned seed,
             cp_walk_stats *st);

#endif
