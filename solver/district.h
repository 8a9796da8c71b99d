/* district.h — the district level of the decomposition.
 *
 * Assigns every service to one therapist of its discipline (pinned students
 * stay with their therapist), chooses each therapist's day pattern (which
 * schools, in which order, on which days) so that travel stays low, then
 * solves the per-therapist models (model.c) one after another, each seeing
 * the student times the earlier ones took.  When a therapist's week comes
 * out short, it re-patterns (more days at the short school) or moves the
 * short students to a colleague, and solves again, within the time limit.
 */
#ifndef CP_DISTRICT_H
#define CP_DISTRICT_H

#include "model.h"

typedef struct cp_progress {
  /* phase, therapist i of n, seconds so far, service minutes still
   * missing in the best weeks so far, and the worst relative gap of those
   * weeks against their LP bounds */
  void (*fn)(void *info, const char *phase, int i, int n, double elapsed,
             double missed, double gap);
  void *info;
} cp_progress;

typedef struct cp_solve_opts {
  double time_limit; /* seconds for the whole run: the budgets on the
                        work clock (solve.h), and the wall clock's end */
  double wall_limit; /* > 0: the wall clock's end instead (tests of a
                        slow machine) */
  bool elastic;      /* least-bad week: warning signs allowed at a cost */
  cp_progress progress;
  /* solve --keep: the previous schedule (read against this scenario).  Its
   * therapists keep their students, their day patterns are kept where the
   * caseload allows, and each of its sessions still possible at the same
   * therapist, day and start earns a bonus (model.h), so few move. */
  const cp_schedule *keep;
  /* staff: each week ends at its first full week (no search for a better
   * one): the bracket needs a schedule, not the best one */
  bool first_full;
} cp_solve_opts;

typedef struct cp_solution {
  cp_schedule *sched;  /* every therapist's rows, sorted */
  int *assign;         /* per service: therapist index */
  double *short_min;   /* per service: minutes per cycle not delivered */
  double missed;       /* total minutes not delivered */
  double seconds;
  double worst_gap;    /* largest relative MIP gap among therapists */
  int rounds;          /* solve rounds used */
  int lp_moves;        /* first-pass weeks whose root LP fell short and
                          gave students to a colleague */
  bool complete;       /* every minute placed */
  cp_signs *signs;     /* elastic runs: per therapist */
} cp_solution;

/* Solves the whole district.  On CP_OK sol->complete tells whether every
 * service minute was placed; CP_UNDECIDED when no therapist model gave any
 * answer in time.  sol is caller-owned: release with cp_solution_fini. */
cp_status cp_district_solve(const cp_scenario *sc, const cp_solve_opts *o,
                            cp_solution *sol);
void cp_solution_fini(cp_solution *sol);

#endif
