/* staffing.h — minimum staffing per discipline, as a bracket.
 *
 * needed_lower comes from certificates (certify.c), each re-checked
 * independently: no schedule exists with fewer therapists.  needed_upper is
 * witnessed: the scenario plus that many hypothetical hires (SPEC §3 hire
 * profile, or copies of --hire-like) was solved and the schedule verified.
 * Equal bounds are an exact answer; otherwise the row says why they differ.
 */
#ifndef CP_STAFFING_H
#define CP_STAFFING_H

#include "certify.h"
#include "district.h"

typedef struct cp_staff_row {
  int discipline;
  int now;            /* therapists of the discipline today */
  int lower;          /* hires proven needed (needed_lower = now + lower);
                         -1 when no number of hires can help */
  int upper;          /* hires of the witness (-1: none found in time) */
  long short_minutes; /* largest certificate margin (demand - capacity) */
  char proof[200];    /* name of the certificate behind lower */
  char why[300];      /* when lower != upper: why */
} cp_staff_row;

typedef struct cp_staffing {
  cp_staff_row *rows; /* one per discipline */
  int n;
  cp_certs certs;     /* every certificate found (all re-checked) */
  bool infeasible;    /* some certificate proves no schedule exists now */
  cp_solution witness; /* schedule with the hires (when found) */
  int n_hires;        /* hires in the witness (last therapists) */
  double seconds;
} cp_staffing;

typedef struct cp_staff_opts {
  double time_limit;
  int like;           /* therapist hires copy, or CP_NONE */
  cp_progress progress;
} cp_staff_opts;

/* Computes the certificates and, unless certificates_only, the bracket.
 * The scenario gets hires appended while it runs and keeps those of the
 * witness on return (so the witness schedule can be written and verified);
 * call cp_scenario_drop_hires to remove them. */
cp_status cp_staff(cp_scenario *sc, const cp_staff_opts *o,
                   bool certificates_only, cp_staffing *out);
void cp_staffing_fini(cp_staffing *s);

/* The LP route for a scenario no arithmetic certificate covers: when the
 * relaxation with drives has no solution, adds its (re-checked) certificate
 * to s and raises the lower bounds.  *found tells whether it did. */
cp_status cp_staff_lp_proof(const cp_scenario *sc, double time_limit,
                            cp_staffing *s, bool *found);

#endif
