/* staffing_write.h — staffing.csv and the plain-text proof (SPEC §3). */
#ifndef CP_STAFFING_WRITE_H
#define CP_STAFFING_WRITE_H

#include "../solver/staffing.h"

/* discipline, therapists_now, needed_lower, needed_upper, shortfall_minutes,
 * proof: one row per discipline. */
void cp_staffing_write_csv(FILE *out, const cp_scenario *sc,
                           const cp_staffing *s);
/* The cells "therapists_now,needed_lower,needed_upper" of a bracket given
 * as hires beyond now (lower/upper < 0: unknown, the cell left empty). */
void cp_bracket_write_csv(FILE *out, int now, int lower, int upper);
/* Each certificate: its sentence, then the arithmetic, indented. */
void cp_certs_write_text(FILE *out, const cp_scenario *sc,
                         const cp_certs *certs);
/* The bracket per discipline in words, and where each hire works. */
void cp_staffing_write_text(FILE *out, const cp_scenario *sc,
                            const cp_staffing *s);

/* The hypothetical hires as therapists.csv rows (append them to
 * therapists.csv to verify the witness schedule by hand). */
void cp_hires_write_csv(FILE *out, const cp_scenario *sc);

#endif
