/* verify.h — the independent checker of a schedule against SPEC §2.
 *
 * Every schedule the solver produces is re-checked here before it is written,
 * and `caseplan verify` runs the same check on a schedule.csv made by hand.
 * The checker works from the validated scenario and the rows alone and shares
 * no code with the model or the solver, so a bug in one is caught by the
 * other.  Each broken rule becomes one violation: a plain sentence naming the
 * row (or the therapist, day or service when a row is missing), the rule and
 * the numbers.
 */
#ifndef CP_VERIFY_H
#define CP_VERIFY_H

#include "schedule.h"

typedef struct cp_violation {
  int line;      /* schedule.csv line of the row at fault; 0 = no single row */
  int therapist; /* therapist concerned, or CP_NONE */
  char text[512];
} cp_violation;

typedef struct cp_verify_report {
  char file[64]; /* file named by cp_verify_report_write; cp_verify sets
                    "schedule.csv", the caller may change it */
  cp_violation *v; /* rows first (by line), then missing rows and totals */
  int n, cap;
} cp_verify_report;

/* Checks schedule S against every hard constraint of SPEC §2 for scenario SC
 * (rows may be in any order).  *rep is initialised here and owned by the
 * caller: release it with cp_verify_report_fini whatever the status.
 * Returns CP_OK (no violation), CP_VIOLATIONS (rep->n > 0) or CP_ERR_NOMEM
 * (the report may then be incomplete). */
cp_status cp_verify(const cp_scenario *sc, const cp_schedule *s,
                    cp_verify_report *rep);
void cp_verify_report_fini(cp_verify_report *rep);

#endif
