/* certify.h — proofs that no schedule exists, in arithmetic a supervisor
 * can check with a calculator.
 *
 * Every certificate compares minutes that must be worked against minutes
 * that can be worked, over a scope where both are forced by the inputs:
 *   AGGREGATE  a discipline's whole week (SOLVER.md "capacity arithmetic");
 *   PINNED     one therapist's pinned caseload;
 *   DAYS       one service: sessions needed vs days with a long enough window;
 *   WINDOW     one school and a daily time window (Hall's condition): the
 *              services that can only happen inside it vs the time the
 *              eligible therapists can be there;
 *   LP         a Farkas-type combination of rows of a relaxation (lp_cert.c).
 * Each is built from the full problem or a relaxation of it, never from the
 * decomposition.  cert_check.c re-derives every figure independently.
 */
#ifndef CP_CERTIFY_H
#define CP_CERTIFY_H

#include "scenario.h"

typedef enum {
  CP_CERT_AGGREGATE,
  CP_CERT_PINNED,
  CP_CERT_DAYS,
  CP_CERT_WINDOW,
  CP_CERT_LP
} cp_cert_kind;

/* One capacity term: a therapist and the minutes it can give. */
typedef struct cp_cert_cap {
  int therapist;
  long minutes;
} cp_cert_cap;

typedef struct cp_cert {
  cp_cert_kind kind;
  int discipline;   /* CP_NONE when several */
  int who;          /* PINNED: therapist; DAYS: service; WINDOW: school */
  unsigned days;    /* WINDOW: days the window is counted on */
  int start, end;   /* WINDOW: the daily window */
  long demand;      /* minutes (DAYS: sessions per week) */
  long capacity;    /* minutes (DAYS: usable days) */
  int *svc;         /* services counted in demand (WINDOW, DAYS) */
  int n_svc;
  cp_cert_cap *cap; /* capacity by therapist (AGGREGATE, PINNED, WINDOW) */
  int n_cap;
  /* LP: the multipliers and the rows they weigh (lp_cert.c) */
  double *y;
  int n_y;
  char **row_names;
  int hires;        /* hires of the discipline's profile that close it;
                       -1 = no number of hires can */
  long hire_gain;   /* minutes one hire adds to capacity in this scope */
  char name[200];   /* short: "window HCS Mon-Fri 13:00-14:00: 360 > 300" */
  char sentence[700]; /* one plain sentence, numbers after */
  char detail[2400];  /* the arithmetic, term by term */
} cp_cert;

typedef struct cp_certs {
  cp_cert *v;
  int n, cap;
} cp_certs;

/* The contract hypothetical hires of a discipline take (SPEC §3): the
 * discipline's most common pattern row, no base school, any school; or a
 * copy of therapist `like` when like != CP_NONE. */
typedef struct cp_hire {
  int discipline;
  cp_workday day[CP_DAYS];
  int like; /* therapist copied, or CP_NONE */
} cp_hire;

void cp_hire_profile(const cp_scenario *sc, int discipline, int like,
                     cp_hire *out);

/* Finds every arithmetic certificate (all kinds but LP); *out is
 * caller-owned, release with cp_certs_fini. */
cp_status cp_certify(const cp_scenario *sc, cp_certs *out);
void cp_certs_fini(cp_certs *c);
/* Appends a copy of c (arrays copied); -1 on no memory. */
int cp_certs_add(cp_certs *cs, const cp_cert *c);

/* Largest scenario (services) the LP route is tried on. */
#define CP_LP_CERT_MAX_SERVICES 150

/* The LP route (lp_cert.c): a Farkas certificate of the relaxation with
 * presence and drives, shrunk to the students it needs.  *found tells
 * whether one was added to out. */
cp_status cp_lp_certify(const cp_scenario *sc, double time_limit,
                        cp_certs *out, bool *found);

/* Re-derives every figure of certificate c from the scenario alone and
 * returns true when it holds (demand > capacity, and each term exactly as
 * stated); else false with the reason in why. */
bool cp_cert_check(const cp_scenario *sc, const cp_cert *c, char *why,
                   size_t n);

/* Minutes hire h can work at school (CP_NONE = anywhere) inside the daily
 * window [start,end) on the days of mask, less lunch forced into it. */
long cp_hire_window_minutes(const cp_scenario *sc, const cp_hire *h,
                            unsigned days, int start, int end);

#endif
