/* ics_write.h — ics/THERAPIST.ics: one RFC 5545 calendar per therapist.
 *
 * Each schedule row of the therapist becomes one weekly recurring VEVENT
 * (every activity, travel included): DTSTART on the first matching day on or
 * after term_start, RRULE FREQ=WEEKLY (INTERVAL = rotation_weeks when the
 * cycle has A/B weeks) UNTIL the end of term_end, EXDATE on calendar.csv
 * holidays (and on early-release days for sessions that would end after the
 * release).  Week 1 of the cycle is the Monday-to-Sunday week that holds
 * term_start.  The dates and the EXDATEs follow solver/calendar.h, as
 * term.csv does; each make-up row of the term plan (solver/term.h) is one
 * single event.  Times carry the settings `timezone` (TZID, with a VTIMEZONE
 * derived from the system's zoneinfo) or are floating when it is unset.
 * Output is deterministic: UIDs come from term_start, therapist, week, day,
 * start and activity (make-ups: the date instead of week and day); DTSTAMP
 * is term_start at 00:00 UTC.
 */
#ifndef CP_ICS_WRITE_H
#define CP_ICS_WRITE_H

#include "../solver/term.h"

/* Can calendars be written for SC?  CP_OK, or CP_ERR_INPUT with the reason
 * in why[n] (a sentence without a trailing period): no term_start/term_end,
 * or a timezone that names no readable zoneinfo file. */
cp_status cp_ics_check(const cp_scenario *sc, char *why, size_t n);

/* Writes the calendar of therapist t (an index of SC) from the rows of S
 * (any order), and each make-up row of TERM (the dated plan of S, or NULL)
 * as a single event: UID term start + therapist + "makeup" + date + start +
 * activity.  A therapist without rows gets a calendar without events.
 * Returns CP_OK, CP_ERR_INPUT as cp_ics_check (nothing written), or
 * CP_ERR_NOMEM. */
cp_status cp_ics_write(FILE *out, const cp_scenario *sc, const cp_schedule *s,
                       const cp_term *term, int therapist);

/* The output name of therapist t's calendar, "ics/ID.ics", into buf[n]; bytes
 * of the id other than A-Z a-z 0-9 . _ - are written %XX, so every id gets a
 * distinct, safe file name. */
void cp_ics_file_name(const cp_scenario *sc, int therapist, char *buf,
                      size_t n);

/* Checks an IANA zone name (as in settings.csv) against the system zoneinfo
 * ($TZDIR, else /usr/share/zoneinfo).  NULL when it can be used, else what
 * is wrong, for the caller's message ("no such zone in
 * /usr/share/zoneinfo"). */
const char *cp_ics_zone_check(const char *name);

#endif
