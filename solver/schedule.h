/* schedule.h — a schedule: the rows of schedule.csv, resolved to indices.
 *
 * Produced by the solver (solver/district.c) or read from a CSV file
 * (io/schedule_read.c) and checked by solver/verify.c; the writers in io/
 * turn it into schedule.csv, minutes.csv, workload.csv, HTML and iCalendar.
 */
#ifndef CP_SCHEDULE_H
#define CP_SCHEDULE_H

#include "scenario.h"

typedef enum {
  CP_ACT_SESSION,  /* direct session (one row per group) */
  CP_ACT_CONSULT,
  CP_ACT_LUNCH,
  CP_ACT_TRAVEL,
  CP_ACT_DOC,      /* documentation */
  CP_ACT_RESERVE,  /* caseload-driven IEP/evaluation reserve */
  CP_ACT_DUTY      /* a duties.csv kind (planning, iep_meeting, ...) */
} cp_act;

typedef struct cp_row {
  int therapist;
  int week;      /* 0 .. rotation_weeks-1 (written 1-based) */
  int day;       /* 0 .. 6 */
  int start, end;
  int school;    /* CP_NONE when the activity has no location */
  cp_act act;
  const char *kind;   /* activity text as written ("session", "planning") */
  int *services;      /* session/consult: service indices, one per student */
  int n_services;
  int line;           /* schedule.csv line when read from a file, else 0 */
} cp_row;

typedef struct cp_schedule {
  cp_row *rows;
  int n, cap;
  cp_pool pool;       /* strings of rows read from a file */
  bool incomplete;    /* best found so far, not every minute placed */
} cp_schedule;

/* Returns a new empty schedule owned by the caller, or NULL on no memory. */
cp_schedule *cp_schedule_create(void);
void cp_schedule_destroy(cp_schedule *s);
/* Appends a row (services copied); returns its index or -1 on no memory. */
int cp_schedule_add(cp_schedule *s, const cp_row *row);
/* Sorts rows by therapist, week, day, start (SPEC §3). */
void cp_schedule_sort(cp_schedule *s);

/* Whether every index and time of r lies within the scenario (therapist,
 * week of the cycle, day, 0 <= start < end, school, services): what a
 * writer checks before it indexes the scenario with a row it was given. */
bool cp_row_in_range(const cp_scenario *sc, const cp_row *r);

/* Activity text of a core activity ("session", "travel", ...). */
const char *cp_act_name(cp_act a);

#endif
