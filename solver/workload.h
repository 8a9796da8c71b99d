/* workload.h — where each therapist's week goes, computed from a schedule.
 *
 * Minutes by category per therapist and week of the cycle, against the
 * contract: the figures of workload.csv, of the workload tables in
 * report.html and of what `caseplan verify` prints after its violations.
 * Pure arithmetic over the rows; it judges nothing (that is verify.c).
 */
#ifndef CP_WORKLOAD_H
#define CP_WORKLOAD_H

#include "schedule.h"

/* One therapist, one week of the cycle; minutes unless said otherwise. */
typedef struct cp_workweek {
  int therapist;
  int week;          /* 0 .. rotation_weeks-1 */
  int individual;    /* direct session rows with one student */
  int group;         /* direct session rows with several (therapist minutes) */
  int consult;
  int documentation;
  int reserve;       /* caseload-driven IEP/evaluation reserve rows */
  int planning;
  int iep_eval;      /* iep_meeting and evaluation rows */
  int other;         /* every other duty or meeting */
  int travel;
  int lunch;
  int worked;        /* all of the above except lunch */
  int contract;      /* contract minutes of the week */
  int open;          /* contract - worked - lunch (unscheduled time) */
  int students;      /* distinct students in session/consult rows */
  int sessions;      /* direct session rows (a group is one) */
  int consults;      /* consult rows */
} cp_workweek;

typedef struct cp_workload {
  int weeks;           /* rotation_weeks */
  int n_therapists;
  cp_workweek *v;      /* [therapist * weeks + week] */
  int *students;       /* per therapist: distinct students over the cycle */
  int *reserve_needed; /* per therapist: weekly reserve for those students
                          (cp_reserve_minutes) */
} cp_workload;

/* Fills *out (caller-owned; release with cp_workload_fini, also after an
 * error) for every therapist of SC, including those without rows.  Rows with
 * indices outside the scenario are skipped.  Returns CP_OK or
 * CP_ERR_NOMEM. */
cp_status cp_workload_compute(const cp_scenario *sc, const cp_schedule *s,
                              cp_workload *out);
void cp_workload_fini(cp_workload *w);

/* The entry of therapist t in week w. */
static inline const cp_workweek *cp_workload_at(const cp_workload *wl, int t,
                                                int w)
{
  return &wl->v[(size_t)t * (size_t)wl->weeks + (size_t)w];
}

#endif
