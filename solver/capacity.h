/* capacity.h — demand against capacity, by arithmetic alone.
 *
 * The tables `caseplan check` prints before any solving: per discipline,
 * per therapist (pinned caseload) and per school, the minutes a week's
 * caseload needs at the least (groups at their best case) against the
 * minutes the therapists have (contract minus lunch and fixed duties).
 * Every figure is a valid bound on the full problem; certify.c turns the
 * violated ones into certificates.
 */
#ifndef CP_CAPACITY_H
#define CP_CAPACITY_H

#include "scenario.h"

typedef struct cp_load {
  int discipline;
  int who;          /* therapist or school index, CP_NONE for a discipline */
  int therapists;   /* therapists counted in capacity */
  int students;     /* distinct students served */
  int sessions;     /* direct session rows, best case with groups */
  int direct;       /* direct minutes (best case with groups) */
  int consult;      /* consult minutes */
  int documentation;
  int reserve;      /* IEP/evaluation reserve */
  int duties;       /* floating duties (fixed duties are out of capacity) */
  int demand;       /* sum of the above */
  int contract;     /* contract minutes */
  int lunch;
  int fixed;        /* fixed duties */
  int capacity;     /* contract - lunch - fixed */
} cp_load;

typedef struct cp_capacity {
  int weeks;        /* figures are per cycle of this many weeks */
  cp_load *disc;    /* one per discipline */
  cp_load *ther;    /* one per therapist: its pinned caseload only */
  cp_load *school;  /* per (school, discipline) with demand; direct+consult */
  int n_disc, n_ther, n_school;
} cp_capacity;

/* Computes every figure; *c is caller-owned, release with cp_capacity_fini. */
cp_status cp_capacity_compute(const cp_scenario *sc, cp_capacity *c);
void cp_capacity_fini(cp_capacity *c);

/* Minutes of work a therapist's contract holds on day d after lunch and the
 * fixed duties of that day (all minutes the caseload can use). */
int cp_therapist_free_minutes(const cp_scenario *sc, int t, int d);
/* Weekly reserve for IEP meetings and evaluations for S students. */
int cp_reserve_minutes(const cp_settings *set, int students);
/* Fixed iep_meeting/evaluation minutes per week of therapist t: they count
 * toward its reserve. */
int cp_fixed_reserve_minutes(const cp_scenario *sc, int t);
/* Floating duty minutes per week for therapist t. */
int cp_floating_duty_minutes(const cp_scenario *sc, int t);

#endif
