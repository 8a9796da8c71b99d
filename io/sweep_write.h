/* sweep_write.h — sweep.csv and the plain-text table of `caseplan staff
 * --sweep` (see solver/sweep.h; the plot is io/sweep_svg.h).
 *
 * Minutes are per week: a cycle's figures divided by rotation_weeks (two
 * decimals at most when that does not come out whole).
 */
#ifndef CP_SWEEP_WRITE_H
#define CP_SWEEP_WRITE_H

#include "../solver/sweep.h"

/* growth_pct, discipline, students, services, service_minutes_week,
 * workload_minutes_week, capacity_minutes_week, therapists_now,
 * needed_lower, needed_upper, status, seconds, proof, why: one row per
 * point and discipline.  needed_* are therapists (now + hires), empty when
 * the bound does not exist (cp_sweep_status). */
void cp_sweep_write_csv(FILE *out, const cp_sweep *sw);

/* The table's head, then rows FROM..sw->n-1 (a point's rows as soon as it
 * is done), then the notes: why each bracket that is not exact is not. */
void cp_sweep_write_text_head(FILE *out);
void cp_sweep_write_text_rows(FILE *out, const cp_sweep *sw, int from);
void cp_sweep_write_text_notes(FILE *out, const cp_sweep *sw);

/* "2" (exact), "2..3" (gap), ">=2" (open) or "none" (impossible), the
 * therapists needed; buf of 32 bytes. */
void cp_sweep_needed(const cp_sweep_row *r, char buf[32]);

#endif
