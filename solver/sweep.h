/* sweep.h — the staffing curve: the bracket of cp_staff as the caseload
 * grows (`caseplan staff --sweep growth=FROM:TO:STEP`).
 *
 * For each growth point the caller reads the scenario afresh and hands it
 * to cp_sweep_point, which grows it (grow.h), takes the arithmetic of
 * `caseplan check` (capacity.h) and runs the same bracket as `caseplan
 * staff` (staffing.h) with the caller's options, its time limit per point.
 * The record keeps one row per point and discipline for the writers
 * (io/sweep_write.c, io/sweep_svg.c).
 */
#ifndef CP_SWEEP_H
#define CP_SWEEP_H

#include "staffing.h"

#define CP_SWEEP_MAX_PCT 500

/* growth=FROM:TO:STEP, percent: FROM, FROM+STEP, ... up to TO. */
typedef struct cp_sweep_spec {
  int from, to, step;
} cp_sweep_spec;

/* Parses SPEC ("growth=0:50:10": whole numbers, 0 <= FROM <= TO <= 500,
 * STEP >= 1).  CP_ERR_USAGE with the reason in MSG (the whole sentence
 * after "caseplan: ") when it is not valid. */
cp_status cp_sweep_parse(const char *spec, cp_sweep_spec *out, char *msg,
                         size_t n);
/* Number of points of a valid spec. */
int cp_sweep_count(const cp_sweep_spec *spec);
/* Growth of point i (0-based). */
int cp_sweep_growth(const cp_sweep_spec *spec, int i);

typedef struct cp_sweep_row {
  int growth;       /* percent */
  int discipline;   /* index into the record's disciplines */
  int students;     /* distinct students with a service of the discipline */
  int services;     /* services of the discipline */
  long service_minutes;  /* their requirement, per cycle */
  long workload_minutes; /* demand as `caseplan check` counts it, per cycle:
                            sessions (groups at best), consults,
                            documentation, reserve, floating duties */
  long capacity_minutes; /* the current staff's: contract - lunch - fixed */
  int now;          /* therapists of the discipline */
  int lower, upper; /* hires, as cp_staff_row: -1 = none can help / open */
  char proof[200];  /* certificate behind lower ("" = none) */
  char why[300];    /* when the bounds differ or the upper one is open */
  double seconds;   /* the whole point (every discipline), wall clock */
} cp_sweep_row;

typedef struct cp_sweep {
  cp_sweep_spec spec;
  char **disciplines; /* names, owned */
  int n_disc;
  int weeks;          /* rotation_weeks: figures are per cycle */
  cp_sweep_row *rows; /* point by point, disciplines in scenario order */
  int n, cap;
  double seconds;     /* sum of the points */
} cp_sweep;

void cp_sweep_init(cp_sweep *sw, const cp_sweep_spec *spec);
void cp_sweep_fini(cp_sweep *sw);

/* Grows SC (as read, no hires) by PCT percent and appends one row per
 * discipline with its figures and the staffing bracket of cp_staff(SC, O).
 * SC keeps the growth and loses any hires; destroy it after.  Returns
 * cp_staff's errors, CP_ERR_NOMEM, or CP_ERR_INPUT (reason in DIAG) when
 * the grown caseload is past the reader's limits or SC's disciplines are
 * not those of the earlier points. */
cp_status cp_sweep_point(cp_sweep *sw, cp_scenario *sc, int pct,
                         const cp_staff_opts *o, cp_diag *diag);

/* "exact" (lower = upper), "gap" (lower < upper), "open" (no schedule
 * found in time: no upper bound) or "impossible" (no number of hires
 * helps). */
const char *cp_sweep_status(const cp_sweep_row *r);

#endif
