/* calendar.h — dates of the term and what calendar.csv takes away.
 *
 * The one place that says how the cycle schedule maps onto dates and which
 * dated occurrences the calendar removes; the term plan (solver/term.c),
 * the make-up placer (solver/makeup.c) and the .ics writer (io/ics_write.c)
 * all ask here, so term.csv and the calendars cannot disagree.  Dates are
 * days since 1970-01-01, as cp_settings holds term_start and term_end; the
 * cp_calendar_* functions find a date's entries by binary search in the
 * calendar cp_scenario_derive() sorted.
 *
 *   - Week 1 of the cycle is the Monday-to-Sunday week that holds
 *     term_start; the weeks after it follow the cycle, 1, 2, ..., W, 1, ...
 *   - A holiday for all schools removes every activity of the day; a holiday
 *     at one school removes what happens there (rows with that school).
 *   - An early release removes the direct sessions at that school (or at
 *     every school) that would end after the release time: the students
 *     have gone home.  Consults and duties stay.
 */
#ifndef CP_CALENDAR_H
#define CP_CALENDAR_H

#include "schedule.h"

/* Weekday of DATE, 0 = Monday .. 6 = Sunday. */
int cp_date_weekday(int date);
/* Civil date of DATE (proleptic Gregorian). */
void cp_date_civil(int date, int *y, int *m, int *d);
/* DATE of a civil date (m 1..12, d 1..31, not checked). */
int cp_date_from_civil(int y, int m, int d);
/* First and last date of the calendar month that holds DATE. */
void cp_date_month(int date, int *first, int *last);
/* Writes "YYYY-MM-DD" into buf[11]. */
void cp_date_format(int date, char buf[11]);

/* Monday of the week that holds term_start (the term must be set). */
int cp_term_monday(const cp_scenario *sc);
/* Week of the cycle (0 .. rotation_weeks - 1) that DATE falls in. */
int cp_term_cycle_week(const cp_scenario *sc, int date);
/* First date on or after term_start of cycle week WEEK (0-based) and weekday
 * DAY; later ones follow every 7 x rotation_weeks days.  May lie after
 * term_end when the term is shorter than the cycle. */
int cp_term_first_date(const cp_scenario *sc, int week, int day);

/* Is DATE a holiday at SCHOOL (a holiday of every school, or of that one)?
 * SCHOOL may be CP_NONE: then only a holiday of every school counts. */
bool cp_calendar_holiday(const cp_scenario *sc, int school, int date);
/* When the students of SCHOOL go home on DATE: the earliest early release
 * that applies, else the school's end.  (Not for holidays.) */
int cp_calendar_day_end(const cp_scenario *sc, int school, int date);
/* Does calendar.csv take the occurrence of row R on DATE away? */
bool cp_calendar_removes(const cp_scenario *sc, const cp_row *r, int date);

#endif
