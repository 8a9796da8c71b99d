/* term_write.h — term.csv and term_minutes.csv (README "Term schedules").
 *
 * The writers of the dated plan built by solver/term.c: every occurrence of
 * the weekly schedule on the school days of the term (what calendar.csv
 * takes away left out) plus the make-up rows, and per service and period
 * the pro-rated requirement against what the dated plan delivers, with the
 * debt and its reason.  Same conventions as schedule.csv (SPEC §3).
 */
#ifndef CP_TERM_WRITE_H
#define CP_TERM_WRITE_H

#include "../solver/term.h"

/* term.csv: therapist_id, date, week, day, start, end, school_id, activity,
 * students, services, minutes, makeup — one row per dated occurrence that
 * happens, by therapist, date and start; makeup is yes on the rows a
 * make-up adds (the session or consult, its documentation, its drives). */
void cp_term_write_csv(FILE *out, const cp_scenario *sc, const cp_term *t);

/* term_minutes.csv: per service and period (the term, or each month of a
 * monthly service) the required, planned, removed, make-up, delivered and
 * owed minutes, and why anything is owed. */
void cp_term_minutes_write_csv(FILE *out, const cp_scenario *sc,
                               const cp_term *t);

#endif
