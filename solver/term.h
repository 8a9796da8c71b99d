/* term.h — the cycle schedule laid over the dated days of the term, with
 * make-up sessions for what calendar.csv takes away.
 *
 * Comes after the verified weekly schedule and before the writers of
 * term.csv, term_minutes.csv (io/term_write.c) and the calendars
 * (io/ics_write.c).  Every date from term_start to term_end repeats the rows
 * of its cycle week and weekday (solver/calendar.h); calendar.csv takes some
 * away.  Then, per service and period — the term for a weekly service, each
 * calendar month for a monthly one — the pro-rated requirement
 * (cp_term_required) is compared with what the dated plan delivers; when a
 * period falls short, its weeks are walked in date order and each week
 * below its own share gets make-up sessions (solver/makeup.c) until it
 * reaches its share or the period is no longer short (a service the weekly
 * schedule itself leaves short gets none: that shortfall is not the
 * calendar's).  Minutes that cannot be made up are the period's debt, with
 * the reason.  Every date that
 * receives make-ups is re-checked with cp_verify() (that date's rows in
 * place of its cycle day, no new violation allowed).
 */
#ifndef CP_TERM_H
#define CP_TERM_H

#include "schedule.h"

/* One dated occurrence: a schedule row on a date, or a make-up row. */
typedef struct cp_occ {
  cp_row r;     /* week = cycle week of the date, day = its weekday; a
                   make-up's services are owned by the cp_term */
  int date;     /* days since 1970-01-01 */
  int src;      /* schedule row, or CP_NONE for a make-up row */
  bool removed; /* taken away by calendar.csv (not in term.csv) */
  bool makeup;
} cp_occ;

/* One service over one period (term_minutes.csv). */
typedef struct cp_term_period {
  int service;
  int therapist;   /* who serves it in the weekly schedule, or CP_NONE */
  int first, last; /* dates: the term, or the month's part of it */
  int required;    /* pro-rated requirement (cp_term_required) */
  int planned;     /* minutes of the weekly plan's occurrences */
  int removed;     /* of those, taken away by calendar.csv */
  int makeup;      /* minutes of make-up sessions */
  int delivered;   /* planned - removed + makeup */
  int debt;        /* required - delivered when positive, else 0 */
  int failed;      /* weeks where a make-up could not be placed */
  char reason[320];/* why there is debt ("" when none) */
} cp_term_period;

typedef struct cp_term {
  cp_occ *occ; /* by therapist, date, start, end; make-ups after the
                  plan's rows at equal times; removed ones included */
  int n, cap;
  cp_term_period *per; /* by service, then date */
  int n_per, cap_per;
  int makeups;  /* make-up sessions and consults placed */
  int debt;     /* minutes of debt over every period */
  int in_debt;  /* services with debt */
  char error[600]; /* CP_ERR_INTERNAL: what cp_verify found */
} cp_term;

/* Builds the dated plan of schedule S for the term of SC (term_start and
 * term_end must be set) into *t, which is initialised here and owned by
 * the caller: release with cp_term_fini whatever the status.  Returns CP_OK,
 * CP_ERR_NOMEM, or CP_ERR_INTERNAL when cp_verify finds a make-up date
 * breaking a rule the placer should have kept (t->error says which). */
cp_status cp_term_build(const cp_scenario *sc, const cp_schedule *s,
                        cp_term *t);
void cp_term_fini(cp_term *t);

/* The pro-rated requirement of service K over the dates [first, last]
 * (inside the term).  Weekly: minutes x the Mon-Fri days of each
 * Monday-to-Sunday week / 5; monthly: minutes x the Mon-Fri days of each
 * calendar month / the Mon-Fri days of the whole month.  A week (for a
 * monthly service: the part of a week in one month) with no school day at
 * the student's school — every day a holiday there — owes nothing.  The
 * sum is rounded to the nearest minute, halves up; a monthly service's
 * months each on their own. */
int cp_term_required(const cp_scenario *sc, int k, int first, int last);

#endif
