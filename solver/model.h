/* model.h — the per-therapist weekly model (time-indexed MILP for GLPK).
 *
 * Given one therapist, the services assigned to it and a day pattern (the
 * ordered schools it visits on each day of the cycle), builds the
 * time-indexed model stated at the top of model.c, solves it with GLPK and
 * appends the therapist's rows to a schedule.  Service minutes that do not
 * fit are reported as shortfall (continuous elastic variables), never
 * silently dropped.
 */
#ifndef CP_MODEL_H
#define CP_MODEL_H

#include "schedule.h"
#include "solve.h"

#define CP_MAX_SEGS 4 /* schools visited in one day */

typedef struct cp_daypat {
  int n;
  int school[CP_MAX_SEGS];
} cp_daypat;

typedef struct cp_tmodel_in {
  const cp_scenario *sc;
  int therapist;
  const int *svc; /* service indices assigned to the therapist */
  int n_svc;
  cp_daypat pat[CP_MAX_WEEKS * CP_DAYS]; /* per cycle day (week*7 + day) */
  /* Times students are already taken by other therapists:
   * busy[student * (W*7) + cycle_day], or NULL. */
  const cp_spans *busy;
  double time_limit;
  bool quiet;
  const char *write_lp; /* write this model in CPLEX LP format, or NULL */
  /* Elastic week ("what the current staffing forces"): every warning sign
   * of DOMAIN.md becomes possible at its settings.csv cost: work past
   * contract hours, lunch skipped, duties/documentation/reserve cut,
   * individual students grouped, service minutes missed. */
  bool elastic;
  /* solve --keep: the previous schedule, or NULL.  A session of a service
   * that had sessions there costs w_moved unless it starts where one of
   * them did (same therapist, week, day and start), and those columns are
   * the dive's first decisions. */
  const cp_schedule *keep;
  /* A week this therapist had before (a repair's last answer), or NULL:
   * among the sessions the LP leaves fractional, those where the hint has
   * one are decided first (at no cost: a small bonus for them moved
   * nothing on demo_plus30 and made the bound negative). */
  const cp_schedule *hint;
  /* > 0: when the root LP alone misses more than this many minutes, stop
   * there (no week): out->lp_short, and short_min / missed from the LP. */
  double lp_short;
  /* A probe of the pattern (cp_mip_opts.probe): a short week comes back
   * after one walk from the root LP. */
  bool probe;
  /* Any full week is the answer (cp_solve_opts.first_full). */
  bool first_full;
} cp_tmodel_in;

/* Minutes per cycle of each warning sign in an elastic week. */
typedef struct cp_signs {
  double overtime;     /* worked past contract end */
  double lunch_cut;    /* lunch minutes skipped */
  double duty_cut;     /* floating duty (planning, evaluation...) minutes */
  double doc_cut;      /* documentation minutes not reserved */
  double reserve_cut;  /* IEP/evaluation reserve minutes not reserved */
  double forced_group; /* sessions of individual students put in groups */
  double missed;       /* service minutes not delivered */
} cp_signs;

typedef struct cp_tmodel_out {
  double *short_min; /* per entry of svc: minutes per cycle not delivered */
  double missed;     /* sum of short_min */
  cp_signs signs;    /* elastic runs */
  cp_mip_result mip;
  int rows, cols, nonzeros;
  int hinted; /* session columns at a session of the hint */
  bool lp_short; /* stopped after the root LP (in->lp_short) */
} cp_tmodel_out;

/* Builds and solves; appends the therapist's rows to sched.  out->short_min
 * is allocated (free with cp_tmodel_out_fini).  Returns CP_OK when GLPK gave
 * a solution (check out->missed), CP_UNDECIDED when none was found within
 * the time limit, CP_ERR_SOLVER or CP_ERR_NOMEM. */
cp_status cp_tmodel_solve(const cp_tmodel_in *in, cp_schedule *sched,
                          cp_tmodel_out *out);
void cp_tmodel_out_fini(cp_tmodel_out *out);

#endif
