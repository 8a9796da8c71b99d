/* grow.h — a larger caseload for the same district (staffing sweeps).
 *
 * `caseplan staff --sweep growth=FROM:TO:STEP` asks how the staffing
 * bracket moves as the caseload grows.  cp_scenario_grow() turns a scenario
 * as read into the same district with PCT percent more students by cloning
 * its own students, in proportion per school and discipline and
 * deterministically: the same scenario and percentage always give the same
 * students, services and blocks, in the same order.
 */
#ifndef CP_GROW_H
#define CP_GROW_H

#include "scenario.h"

/* The caseload that is grown: students with at least one service (-1 on
 * no memory). */
int cp_grow_caseload(const cp_scenario *sc);

/* Appends clones of SC's caseload until it holds round(m x (1 + PCT/100))
 * students, m = cp_grow_caseload(SC) (halves round up); PCT is 0..500.
 * The caseload is cut into strata, the students of one school with the
 * same set of disciplines (in order of first appearance in students.csv),
 * and the clones are dealt to the strata one at a time, each to the
 * stratum with the largest size / (2 x clones so far + 1) (Sainte-Lague;
 * ties to the earlier stratum): every school's and discipline's caseload
 * grows by PCT to the nearest student, at 100%, 200%, ... every student is
 * cloned equally often, and a smaller PCT gives a prefix of the clones of
 * a larger one.  A stratum clones its members in file order; the r-th
 * clone of student ID is `ID_g<r>` (`ID_g<r>_2`, `_3`, ... when that id is
 * taken), at the same school, grade and classroom, with the same
 * availability (its own copies of the student's blocks) and a copy of
 * every one of its services (same discipline, mode, minutes, setting),
 * never pinned, with the original's line numbers (messages about a clone
 * cite the rows it was copied from).  Students without services are
 * neither counted nor cloned.  Call it on a scenario without hires (right
 * after reading); in place: SC's tables grow, every index into them stays
 * valid.  *ADDED (may be NULL) is the number of clones.  Returns
 * CP_ERR_NOMEM, or CP_ERR_INPUT (with the reason in DIAG, nothing added)
 * when PCT is out of range or the grown caseload would pass the reader's
 * limits (200,000 students; 10^8 minutes a cycle of services,
 * documentation and reserve).  After CP_ERR_NOMEM SC is partly grown:
 * destroy it. */
cp_status cp_scenario_grow(cp_scenario *sc, int pct, int *added,
                           cp_diag *diag);

#endif
