/* warnings_write.h — the least-bad week of an understaffed scenario: what
 * the current staffing forces, per therapist and warning sign (DOMAIN.md). */
#ifndef CP_WARNINGS_WRITE_H
#define CP_WARNINGS_WRITE_H

#include "../solver/district.h"

/* warnings.csv: per therapist, minutes per week of each sign and the
 * students who lose service minutes. */
void cp_warnings_write_csv(FILE *out, const cp_scenario *sc,
                           const cp_solution *sol);
/* The same as a table with one plain sentence first. */
void cp_warnings_write_text(FILE *out, const cp_scenario *sc,
                            const cp_solution *sol);

#endif
