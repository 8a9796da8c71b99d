/* district.c — assignment, day patterns and the repair loop (district.h).
 *
 * 1. Assignment (per discipline): pinned students go to their therapist;
 *    the others are placed school by school, largest demand first, with a
 *    therapist who already serves the school while it stays under the
 *    balanced target load, else the nearest one with room.  A student's
 *    services of one discipline stay with one therapist.
 * 2. Pattern (per therapist): each school it serves is visited on at least
 *    as many distinct days as its most frequent service needs, and on more
 *    days in proportion to its minutes; a day holds at most two schools
 *    (three when it must), ordered by fixed duties, then by bell times.
 * 3. Solve the per-therapist models in turn; each sees the student times
 *    already taken by colleagues.  Repair while time is left: a therapist
 *    short at a school gets one more day there, or its short students move
 *    to the least-loaded colleague allowed at the school.
 * The decomposition is a restriction: a shortfall here never claims that
 * no schedule exists (that is for proofs, see capacity.c).
 */
#include "district.h"

#include "capacity.h"
#include "jobs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TRIES 64
/* Share of the time the first pass gives out.  On M (FTE-balanced seed 1,
 * --jobs 2) the repairs' re-patterned weeks mostly came back worse, and
 * more first-pass time paid more: 0.7 left 690/770/695 minutes missing,
 * 0.85 630/630/620, 0.95 590/600/560; S seeds 2, 4 and 6 the same at 0.7
 * and 0.85.  0.85 keeps time for weeks that got no answer at all (L). */
#define FIRST_PASS_SHARE 0.85
/* First pass: a week whose root LP alone misses more than LP_SHORT minutes
 * stops there (no dive), gives students to a colleague not started yet
 * (lp_repair), and is started again; at most LP_TRIES times. */
#define LP_SHORT 40
#define LP_TRIES 2
/* shuffle_week: up to PROBE_VARIANTS other patterns probed in PROBE_SHARE
 * of the budget; solve_one probes a week first (when it has
 * PROBE_MIN_BUDGET seconds) where a colleague not started yet may take
 * PROBE_MIN_GIVE minutes */
#define PROBE_VARIANTS 8
#define PROBE_SHARE 0.5
#define PROBE_MIN_BUDGET 3.0
#define PROBE_MIN_GIVE 20
/* fit_week: a first-pass pattern whose root LP misses FIT_SHORT minutes or
 * more, or whose probe leaves minutes short, gets one more day at its
 * worst school (as repair's, at most two per school), up to FIT_TRIES
 * times, in at most FIT_SHARE of the week's budget */
#define FIT_SHORT 5
#define FIT_TRIES 3
#define FIT_SHARE 0.5

typedef struct tstate {
  int *svc;
  int n_svc, cap_svc;
  cp_daypat pat[CP_MAX_WEEKS * CP_DAYS];
  cp_schedule *rows;
  double *short_min; /* per entry of svc */
  double missed;
  double gap;
  double lp_missed;  /* minutes its week's root LP misses (its bound) */
  cp_signs signs;    /* elastic runs */
  double capacity;   /* estimated minutes per week for caseload */
  double load;       /* estimated minutes per week assigned */
  bool solved;
  bool extra_failed; /* an extra day of repair missed no fewer minutes */
  unsigned variant;  /* make_pattern's days shuffled (0: as they come) */
  bool shuffle;      /* the next solve tries other patterns (shuffle_week) */
  bool retried;      /* nothing left to repair: its week was solved again */
  double failed_budget; /* seconds of the last solve that gave no week, or
                           only the dive's last resort */
  bool lp_short;     /* the last solve stopped at a root LP short of minutes
                      * (or, first pass, at a probe's short week while a
                      * colleague not started may take students) */
  int lp_tries;      /* first-pass solves stopped so */
  bool fitted;       /* fit_week ran (again after students moved) */
  bool refit;        /* repair: this solve fits the pattern first */
  bool lp_gave;      /* gave students away after one */
} tstate;

typedef struct district {
  const cp_scenario *sc;
  const cp_solve_opts *o;
  tstate *ts;
  int *assign; /* per service */
  int ndd;
  double t0;      /* cp_now() at the start: the seconds reported */
  /* The district's clock, in work-clock seconds (cp_clock): every budget
   * is shared out from it, so the same input gets the same budgets,
   * weeks and schedule however loaded the machine.  Weeks in child
   * processes run side by side on it as on `width` processors: a week
   * begun at sim (begun[t]) ends at begun[t] + its work (work[t]), and
   * the weeks' ends are taken in that order (end_week). */
  double sim;
  double *begun, *work; /* per therapist */
  cp_spans *busy; /* [student * ndd + dd] */
  int *extra;     /* per therapist per school: extra days asked by repair */
  unsigned *mark; /* per student: stamp (share_student) */
  unsigned char *skip; /* per therapist: not to give students to */
  unsigned stamp;
  bool first_pass; /* weeks stop at a root LP short of minutes (LP_SHORT) */
  const unsigned char *started; /* first pass: weeks started */
  int lp_moves;    /* ... and gave students away (cp_solution) */
} district;

/* ---- estimates ------------------------------------------------------------- */

static double est_service(const cp_scenario *sc, const cp_service *s)
{
  int W = sc->set.rotation_weeks;
  if (s->mode == CP_CONSULT)
    return (double)s->cycle_minutes / W;
  double share = s->setting == CP_INDIVIDUAL ? 1.0
                 : s->setting == CP_GROUP    ? 0.5
                                             : 0.8;
  return (double)s->sessions * (s->session_minutes * share +
                                sc->set.doc_per_session * share) /
         W;
}

static double est_student_reserve(const cp_settings *set)
{
  return set->iep_per_student_year * set->iep_minutes / set->school_weeks;
}

static double est_capacity(const cp_scenario *sc, int t)
{
  double m = 0;
  for (int d = 0; d < CP_DAYS; d++)
    m += cp_therapist_free_minutes(sc, t, d);
  m -= cp_floating_duty_minutes(sc, t);
  m -= sc->set.evals_per_year * sc->set.eval_minutes / sc->set.school_weeks;
  m -= 15 * cp_therapist_days(&sc->therapists.v[t]); /* some travel */
  return m > 0 ? m : 0;
}

static bool may_serve_any_day(const cp_scenario *sc, int t, int school)
{
  const cp_therapist *th = &sc->therapists.v[t];
  for (int d = 0; d < 5; d++)
    if (th->day[d].works &&
        th->may_serve[(size_t)d * (size_t)sc->schools.n + (size_t)school])
      return true;
  return false;
}

static int ts_add(tstate *t, int svc)
{
  int i = cp_vec_grow((void **)&t->svc, &t->n_svc, &t->cap_svc,
                      sizeof *t->svc);
  if (i < 0)
    return -1;
  t->svc[i] = svc;
  return 0;
}

static bool serves_school(const district *D, int t, int school)
{
  const tstate *ts = &D->ts[t];
  for (int i = 0; i < ts->n_svc; i++)
    if (D->sc->students.v[D->sc->services.v[ts->svc[i]].student].school ==
        school)
      return true;
  return false;
}

/* Travel from therapist t's world (base and schools served) to school. */
static int distance_to(const district *D, int t, int school)
{
  const cp_scenario *sc = D->sc;
  int best = 1 << 20;
  for (int d = 0; d < CP_DAYS; d++)
    if (sc->therapists.v[t].day[d].works &&
        sc->therapists.v[t].day[d].base != CP_NONE) {
      int m = cp_travel(sc, sc->therapists.v[t].day[d].base, school);
      if (m < best)
        best = m;
    }
  for (int s = 0; s < sc->schools.n; s++)
    if (serves_school(D, t, s) && cp_travel(sc, s, school) < best)
      best = cp_travel(sc, s, school);
  return best == 1 << 20 ? 30 : best;
}

/* ---- 1. assignment ---------------------------------------------------------- */

/* Drives a week that a new school adds to a therapist's load, each as
 * long as the way from its nearest school or base: M's therapists drive
 * 60-80 minutes a week per school beyond the first (workload.csv), which
 * the flat 15 a day of est_capacity leaves out, so a therapist with
 * seven schools looked as free as one with three. */
#define DRIVES_PER_SCHOOL 3

static int assign_student(district *D, int student, int disc, int t)
{
  const cp_scenario *sc = D->sc;
  int school = sc->students.v[student].school;
  if (!serves_school(D, t, school))
    D->ts[t].load += DRIVES_PER_SCHOOL * distance_to(D, t, school);
  for (int i = 0; i < sc->services.n; i++) {
    const cp_service *s = &sc->services.v[i];
    if (s->student != student || s->discipline != disc)
      continue;
    if (ts_add(&D->ts[t], i))
      return -1;
    D->assign[i] = t;
    D->ts[t].load += est_service(sc, s);
  }
  D->ts[t].load += est_student_reserve(&sc->set);
  return 0;
}

static double student_load(const cp_scenario *sc, int student, int disc)
{
  double m = est_student_reserve(&sc->set);
  for (int i = 0; i < sc->services.n; i++)
    if (sc->services.v[i].student == student &&
        sc->services.v[i].discipline == disc)
      m += est_service(sc, &sc->services.v[i]);
  return m;
}

static int assign_all(district *D)
{
  const cp_scenario *sc = D->sc;
  int n_st = sc->students.n;
  /* (student, discipline) pairs that need a therapist */
  unsigned char *needs = calloc((size_t)n_st * (size_t)sc->n_disciplines + 1,
                                1);
  if (!needs)
    return -1;
  for (int i = 0; i < sc->services.n; i++)
    needs[(size_t)sc->services.v[i].student * (size_t)sc->n_disciplines +
          (size_t)sc->services.v[i].discipline] = 1;
  for (int t = 0; t < sc->therapists.n; t++)
    D->ts[t].capacity = est_capacity(sc, t);
  for (int k = 0; k < sc->n_disciplines; k++) {
    double demand = 0, capacity = 0;
    for (int st = 0; st < n_st; st++)
      if (needs[(size_t)st * (size_t)sc->n_disciplines + (size_t)k])
        demand += student_load(sc, st, k);
    for (int t = 0; t < sc->therapists.n; t++)
      if (sc->therapists.v[t].discipline == k)
        capacity += D->ts[t].capacity;
    double rho = capacity > 0 ? demand / capacity : 2;
    double fill = rho < 0.97 ? rho + 0.03 : 1.0;
    /* pinned first */
    for (int st = 0; st < n_st; st++) {
      int p = sc->students.v[st].pinned;
      if (!needs[(size_t)st * (size_t)sc->n_disciplines + (size_t)k] ||
          p == CP_NONE || sc->therapists.v[p].discipline != k)
        continue;
      if (assign_student(D, st, k, p))
        goto fail;
      needs[(size_t)st * (size_t)sc->n_disciplines + (size_t)k] = 0;
    }
    /* solve --keep: a student stays with the previous schedule's therapist
     * when it may still serve the student's school */
    for (int r = 0; D->o->keep && r < D->o->keep->n; r++) {
      const cp_row *row = &D->o->keep->rows[r];
      int t = row->therapist;
      for (int q = 0; q < row->n_services; q++) {
        int st = sc->services.v[row->services[q]].student;
        size_t nk = (size_t)st * (size_t)sc->n_disciplines + (size_t)k;
        if (!needs[nk] || sc->services.v[row->services[q]].discipline != k ||
            sc->therapists.v[t].discipline != k ||
            !may_serve_any_day(sc, t, sc->students.v[st].school))
          continue;
        if (assign_student(D, st, k, t))
          goto fail;
        needs[nk] = 0;
      }
    }
    /* schools by unpinned demand, largest first */
    int ns = sc->schools.n;
    double *sd = calloc((size_t)ns + 1, sizeof *sd);
    int *order = malloc(((size_t)ns + 1) * sizeof *order);
    int *sole = malloc(((size_t)ns + 1) * sizeof *sole);
    double *held = calloc((size_t)sc->therapists.n + 1, sizeof *held);
    if (!sd || !order || !sole || !held) {
      free(sd);
      free(order);
      free(sole);
      free(held);
      goto fail;
    }
    for (int st = 0; st < n_st; st++)
      if (needs[(size_t)st * (size_t)sc->n_disciplines + (size_t)k])
        sd[sc->students.v[st].school] += student_load(sc, st, k);
    /* the minutes only t can serve (schools where it is the one therapist
     * of the discipline allowed) are held back when t is offered students
     * a colleague could take: a large shared school handled first no
     * longer fills the therapist whose own schools come later (M: T_OT1
     * took all of SCH01 and ended at 99 % while T_OT2 had 80 %) */
    for (int s = 0; s < ns; s++) {
      sole[s] = CP_NONE;
      for (int t = 0; t < sc->therapists.n; t++)
        if (sc->therapists.v[t].discipline == k &&
            may_serve_any_day(sc, t, s))
          sole[s] = sole[s] == CP_NONE ? t : -2;
      if (sole[s] >= 0)
        held[sole[s]] += sd[s];
    }
    for (int s = 0; s < ns; s++)
      order[s] = s;
    for (int a = 1; a < ns; a++) /* insertion sort: stable, deterministic */
      for (int b = a; b > 0 && sd[order[b]] > sd[order[b - 1]]; b--) {
        int tmp = order[b];
        order[b] = order[b - 1];
        order[b - 1] = tmp;
      }
    for (int oi = 0; oi < ns; oi++) {
      int school = order[oi];
      if (sd[school] <= 0)
        continue;
      for (int st = 0; st < n_st; st++) {
        if (sc->students.v[st].school != school ||
            !needs[(size_t)st * (size_t)sc->n_disciplines + (size_t)k])
          continue;
        double m = student_load(sc, st, k);
        int best = -1;
        double best_score = HUGE_VAL;
        for (int t = 0; t < sc->therapists.n; t++) {
          if (sc->therapists.v[t].discipline != k ||
              !may_serve_any_day(sc, t, school))
            continue;
          const tstate *ts = &D->ts[t];
          double target = ts->capacity * fill;
          bool here = serves_school(D, t, school);
          double drive = here ? 0 : DRIVES_PER_SCHOOL * distance_to(D, t, school);
          double hold = held[t] - (sole[school] == t ? m : 0);
          bool fits = ts->load + m + drive + hold <= target;
          double score;
          if (fits && here)
            score = ts->load / (ts->capacity + 1);
          else if (fits)
            score = 1000 + sc->set.w.travel * distance_to(D, t, school) +
                    ts->load / (ts->capacity + 1);
          else
            score = 1e6 + (ts->load + m + drive) / (ts->capacity + 1);
          if (score < best_score) {
            best_score = score;
            best = t;
          }
        }
        if (best < 0)
          continue; /* the reader guarantees someone; keep going */
        if (assign_student(D, st, k, best)) {
          free(sd);
          free(order);
          free(sole);
          free(held);
          goto fail;
        }
        if (sole[school] == best)
          held[best] -= m;
      }
    }
    free(sd);
    free(order);
    free(sole);
    free(held);
  }
  free(needs);
  return 0;
fail:
  free(needs);
  return -1;
}

/* ---- 2. day patterns --------------------------------------------------------- */

typedef struct school_need {
  int school;
  double minutes; /* per week */
  int days;       /* distinct days needed */
} school_need;


static bool pat_has(const cp_daypat *p, int school)
{
  for (int k = 0; k < p->n; k++)
    if (p->school[k] == school)
      return true;
  return false;
}

/* First and last minute of fixed duties of therapist t at school on day
 * d; false when there are none. */
static bool duty_span(const cp_scenario *sc, int t, int d, int school,
                      int *first, int *last)
{
  bool any = false;
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (du->school != school || !du->fixed || !cp_duty_applies(sc, du, t, d))
      continue;
    if (!any || du->start < *first)
      *first = du->start;
    if (!any || du->end > *last)
      *last = du->end;
    any = true;
  }
  return any;
}

/* Minutes of school perm[k]'s student day that the order leaves usable:
 * after the drive from the previous school's last fixed duty (or from the
 * day's start) and before the drive to the next school's first fixed duty
 * (or home by the day's end). */
static int usable_minutes(const cp_scenario *sc, int t, int d,
                          const int *perm, int n, int k)
{
  const cp_workday *w = &sc->therapists.v[t].day[d];
  int lo = w->start, hi = w->end, f, l;
  if (k == 0 && w->base != CP_NONE)
    lo += cp_travel(sc, w->base, perm[0]);
  for (int j = k - 1; j >= 0; j--)
    if (duty_span(sc, t, d, perm[j], &f, &l)) {
      lo = l;
      for (int q = j; q < k; q++)
        lo += cp_travel(sc, perm[q], perm[q + 1]);
      break;
    }
  if (k == n - 1 && w->base != CP_NONE)
    hi -= cp_travel(sc, perm[k], w->base);
  for (int j = k + 1; j < n; j++)
    if (duty_span(sc, t, d, perm[j], &f, &l)) {
      hi = f;
      for (int q = k; q < j; q++)
        hi -= cp_travel(sc, perm[q], perm[q + 1]);
      break;
    }
  const cp_school *sch = &sc->schools.v[perm[k]];
  if (sch->start > lo)
    lo = sch->start;
  if (sch->end < hi)
    hi = sch->end;
  return hi > lo ? hi - lo : 0;
}

/* Cost of visiting the schools of day d in the order perm: travel, plus a
 * large penalty when fixed duties cannot be reached in time or the drive
 * home misses the contract end, a penalty for reaching a school too late
 * in its day to do anything there, and 100 per minute a school's share of
 * the week (visit[school], minutes a visit) exceeds the student-day time
 * the order leaves it (a school squeezed before another school's morning
 * meeting).  Early-ending schools go first on ties. */
static double order_cost(const cp_scenario *sc, int t, int d, const int *perm,
                         int n, const double *visit)
{
  const cp_workday *w = &sc->therapists.v[t].day[d];
  double cost = 0;
  int cursor = w->start, loc = w->base != CP_NONE ? w->base : perm[0];
  for (int k = 0; k < n; k++) {
    int tr = cp_travel(sc, loc, perm[k]);
    cost += sc->set.w.travel * tr;
    cursor += tr;
    loc = perm[k];
    for (int i = 0; i < sc->duties.n; i++) {
      const cp_duty *du = &sc->duties.v[i];
      if (du->school != perm[k] || !cp_duty_applies(sc, du, t, d))
        continue;
      if (du->start < cursor)
        cost += 1e6; /* cannot be there in time */
      if (du->end > cursor)
        cursor = du->end;
    }
    /* fixed duties at other schools still to come block the clock */
    if (cursor > sc->schools.v[perm[k]].end - 30)
      cost += 1e4; /* nothing left to do there */
    cost += 0.01 * k * sc->schools.v[perm[k]].end;
    if (visit && n > 1) {
      double lack = visit[perm[k]] - usable_minutes(sc, t, d, perm, n, k);
      if (lack > 0)
        cost += 100 * lack;
    }
    /* leave time for this school's work before driving on */
    cursor += 60;
  }
  if (w->base != CP_NONE &&
      cursor - 60 + cp_travel(sc, loc, w->base) > w->end)
    cost += 1e6;
  if (w->base != CP_NONE)
    cost += sc->set.w.travel * cp_travel(sc, loc, w->base);
  return cost;
}

/* Orders the schools of one day: the order of least cost (order_cost),
 * over every permutation (n <= 4, Heap's algorithm). */
static void order_day(const cp_scenario *sc, int t, int d, cp_daypat *p,
                      const double *visit)
{
  int n = p->n;
  if (n < 2)
    return;
  int perm[CP_MAX_SEGS], best[CP_MAX_SEGS];
  for (int k = 0; k < n; k++)
    perm[k] = best[k] = p->school[k];
  double best_cost = HUGE_VAL;
  int c[CP_MAX_SEGS] = {0};
  int i = 0;
  for (;;) {
    double cost = order_cost(sc, t, d, perm, n, visit);
    if (cost < best_cost) {
      best_cost = cost;
      memcpy(best, perm, sizeof best);
    }
    while (i < n && c[i] >= i) {
      c[i] = 0;
      i++;
    }
    if (i >= n)
      break;
    int j = i % 2 ? c[i] : 0;
    int tmp = perm[j];
    perm[j] = perm[i];
    perm[i] = tmp;
    c[i]++;
    i = 0;
  }
  memcpy(p->school, best, (size_t)n * sizeof *best);
}

/* A fixed pseudo-random number in [0, 1) from (a, b, c, d). */
static double noise(unsigned a, unsigned b, unsigned c, unsigned d)
{
  unsigned long long h = 0x9e3779b97f4a7c15ULL * (a + 1);
  h ^= (b + 0x632be59bd9b4e019ULL) * 0xbf58476d1ce4e5b9ULL;
  h ^= (c + 0x85ebca6bULL) * 0x94d049bb133111ebULL;
  h ^= (d + 0x27d4eb2fULL) * 0xd6e8feb86659fd93ULL;
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 29;
  return (double)(h >> 11) / 9007199254740992.0;
}

static int make_pattern(district *D, int t)
{
  const cp_scenario *sc = D->sc;
  const cp_therapist *th = &sc->therapists.v[t];
  tstate *ts = &D->ts[t];
  int ns = sc->schools.n, W = sc->set.rotation_weeks;
  school_need *need = calloc((size_t)ns + 1, sizeof *need);
  if (!need)
    return -1;
  for (int s = 0; s < ns; s++)
    need[s].school = s;
  for (int i = 0; i < ts->n_svc; i++) {
    const cp_service *s = &sc->services.v[ts->svc[i]];
    int school = sc->students.v[s->student].school;
    need[school].minutes += est_service(sc, s) + est_student_reserve(&sc->set);
    int days = s->per == CP_PER_WEEK && s->session_minutes ? s->weekly
                                                           : (s->sessions +
                                                              W - 1) / W;
    if (days < 1)
      days = 1;
    if (days > need[school].days)
      need[school].days = days;
  }
  /* working school days */
  int wd[5], n_wd = 0;
  double day_cap[5] = {0}, total_cap = 0, total_need = 0;
  for (int d = 0; d < 5; d++)
    if (th->day[d].works) {
      wd[n_wd++] = d;
      day_cap[d] = cp_therapist_free_minutes(sc, t, d);
      total_cap += day_cap[d];
    }
  for (int s = 0; s < ns; s++)
    total_need += need[s].minutes;
  cp_daypat week[CP_DAYS];
  memset(week, 0, sizeof week);
  double load[CP_DAYS] = {0};
  /* solve --keep: the schools of the previous week, day by day, in the
   * order they were visited (first session or duty there) */
  int kept_n[CP_DAYS] = {0}; /* schools a day has from the previous week */
  for (int d = 0; D->o->keep && d < CP_DAYS; d++) {
    int first[CP_MAX_SEGS], n = 0;
    for (int r = 0; r < D->o->keep->n; r++) {
      const cp_row *row = &D->o->keep->rows[r];
      if (row->therapist != t || row->day != d || row->week != 0 ||
          row->school == CP_NONE || row->act == CP_ACT_TRAVEL ||
          row->act == CP_ACT_LUNCH || !th->day[d].works ||
          !th->may_serve[(size_t)d * (size_t)ns + (size_t)row->school])
        continue;
      int k = 0;
      while (k < week[d].n && week[d].school[k] != row->school)
        k++;
      if (k == week[d].n) {
        if (week[d].n == CP_MAX_SEGS)
          continue;
        week[d].school[week[d].n++] = row->school;
        first[k] = row->start;
        n++;
      } else if (row->start < first[k]) {
        first[k] = row->start;
      }
    }
    for (int a = 1; a < week[d].n; a++) /* by time of the first visit */
      for (int b = a; b > 0 && first[b] < first[b - 1]; b--) {
        int tmp = week[d].school[b];
        week[d].school[b] = week[d].school[b - 1];
        week[d].school[b - 1] = tmp;
        tmp = first[b];
        first[b] = first[b - 1];
        first[b - 1] = tmp;
      }
    kept_n[d] = n;
  }
  /* fixed duties at schools pin those schools to their days */
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (du->school == CP_NONE)
      continue;
    for (int d = 0; d < CP_DAYS; d++)
      if (cp_duty_applies(sc, du, t, d) && !pat_has(&week[d], du->school) &&
          week[d].n < CP_MAX_SEGS)
        week[d].school[week[d].n++] = du->school;
  }
  /* schools by minutes, largest first */
  int *order = malloc(((size_t)ns + 1) * sizeof *order);
  if (!order) {
    free(need);
    return -1;
  }
  int n_order = 0;
  for (int s = 0; s < ns; s++)
    if (need[s].minutes > 0)
      order[n_order++] = s;
  for (int a = 1; a < n_order; a++)
    for (int b = a; b > 0 && need[order[b]].minutes >
                                 need[order[b - 1]].minutes;
         b--) {
      int tmp = order[b];
      order[b] = order[b - 1];
      order[b - 1] = tmp;
    }
  double avg_day = n_wd ? total_cap / n_wd : 1;
  for (int oi = 0; oi < n_order; oi++) {
    int s = order[oi];
    double share = total_need > 0 ? need[s].minutes / total_need * total_cap
                                  : 0;
    int n_days = (int)ceil(share / avg_day - 0.15);
    if (n_days < need[s].days)
      n_days = need[s].days;
    n_days += D->extra[(size_t)t * (size_t)ns + (size_t)s];
    if (n_days > n_wd)
      n_days = n_wd;
    int placed = 0;
    for (int k = 0; k < n_wd; k++)
      placed += pat_has(&week[wd[k]], s);
    for (int limit = 2; placed < n_days && limit <= CP_MAX_SEGS; limit++) {
      while (placed < n_days) {
        int best = -1;
        double best_score = HUGE_VAL;
        for (int k = 0; k < n_wd; k++) {
          int d = wd[k];
          if (pat_has(&week[d], s) || week[d].n >= limit ||
              !th->may_serve[(size_t)d * (size_t)ns + (size_t)s])
            continue;
          double score = week[d].n * 10.0 + load[d] / (day_cap[d] + 1);
          if (ts->variant)
            score += 2.0 * noise(ts->variant, (unsigned)t, (unsigned)s,
                                 (unsigned)d);
          if (score < best_score) {
            best_score = score;
            best = d;
          }
        }
        if (best < 0)
          break;
        week[best].school[week[best].n++] = s;
        placed++;
      }
    }
    int n_present = 0;
    for (int k = 0; k < n_wd; k++)
      n_present += pat_has(&week[wd[k]], s);
    for (int k = 0; k < n_wd; k++)
      if (pat_has(&week[wd[k]], s))
        load[wd[k]] += need[s].minutes / (n_present ? n_present : 1);
  }
  /* minutes a visit: a school's weekly need over its days */
  double *visit = calloc((size_t)ns + 1, sizeof *visit);
  if (!visit) {
    free(order);
    free(need);
    return -1;
  }
  for (int s = 0; s < ns; s++) {
    int days = 0;
    for (int k = 0; k < n_wd; k++)
      days += pat_has(&week[wd[k]], s);
    visit[s] = days ? need[s].minutes / days : 0;
  }
  for (int d = 0; d < CP_DAYS; d++) {
    /* a kept day keeps its order while it gained no school */
    if (!kept_n[d] || week[d].n != kept_n[d])
      order_day(sc, t, d, &week[d], visit);
  }
  free(visit);
  for (int w = 0; w < W; w++)
    for (int d = 0; d < CP_DAYS; d++)
      ts->pat[w * CP_DAYS + d] = week[d];
  free(order);
  free(need);
  return 0;
}

/* ---- 3. solving and repair --------------------------------------------------- */

static int build_busy(district *D, int t)
{
  const cp_scenario *sc = D->sc;
  size_t n = (size_t)sc->students.n * (size_t)D->ndd;
  for (size_t i = 0; i < n; i++)
    D->busy[i].n = 0;
  for (int o = 0; o < sc->therapists.n; o++) {
    if (o == t || !D->ts[o].rows)
      continue;
    const cp_schedule *r = D->ts[o].rows;
    for (int i = 0; i < r->n; i++) {
      const cp_row *row = &r->rows[i];
      if (row->act != CP_ACT_SESSION)
        continue;
      for (int k = 0; k < row->n_services; k++) {
        int st = sc->services.v[row->services[k]].student;
        if (cp_spans_add(&D->busy[(size_t)st * (size_t)D->ndd +
                                  (size_t)(row->week * CP_DAYS + row->day)],
                         row->start, row->end))
          return -1;
      }
    }
  }
  return 0;
}

/* Size of therapist t's weekly model, for sharing out time: services
 * times school visits of the cycle (at least 1 each). */
static double week_size(const district *D, int t)
{
  int visits = 0;
  for (int dd = 0; dd < D->ndd; dd++)
    visits += D->ts[t].pat[dd].n;
  return (double)(D->ts[t].n_svc + 1) * (visits + 1);
}

static double elapsed(const district *D)
{
  return D->sim;
}

/* A colleague of t to take quota estimated minutes of t's students, and
 * the school they come from: a therapist of the discipline, not in skip,
 * allowed at a school t serves, the one least loaded after the move by
 * the assignment's estimate (a small bonus where it serves already) and
 * inside its capacity.  Returns the colleague (*school set) or -1. */
static int give_to(const district *D, int t, double quota,
                   const unsigned char *skip, int *school)
{
  const cp_scenario *sc = D->sc;
  int disc = sc->therapists.v[t].discipline;
  int bo = -1;
  /* the receiver must stay inside its estimated capacity (the giver's
   * estimate is what its week just proved wrong) */
  double bscore = 1.0;
  for (int s = 0; s < sc->schools.n; s++) {
    if (!serves_school(D, t, s))
      continue;
    for (int o = 0; o < sc->therapists.n; o++) {
      if (o == t || skip[o] || sc->therapists.v[o].discipline != disc ||
          !may_serve_any_day(sc, o, s))
        continue;
      double score = (D->ts[o].load + quota) / (D->ts[o].capacity + 1) +
                     (serves_school(D, o, s) ? 0 : 0.05);
      if (score < bscore) {
        bscore = score;
        bo = o;
        *school = s;
      }
    }
  }
  return bo;
}

/* A therapist's whole state, deep-copied, to undo a move of students. */
typedef struct snap {
  int t;
  int ek; /* extra day asked (index into D->extra), or -1 */
  bool taken;
  tstate s;   /* owns its svc, rows and short_min */
  int *extra; /* t's row of D->extra (fit_week asks days in the child) */
} snap;

static void snap_free(snap *p)
{
  if (!p->taken)
    return;
  free(p->s.svc);
  free(p->s.short_min);
  free(p->extra);
  p->extra = NULL;
  cp_schedule_destroy(p->s.rows);
  p->taken = false;
}

static bool snap_take(const district *D, int t, snap *p)
{
  const tstate *ts = &D->ts[t];
  p->t = t;
  p->ek = -1;
  p->s = *ts;
  p->s.svc = NULL;
  p->s.short_min = NULL;
  p->s.rows = NULL;
  p->s.cap_svc = ts->n_svc;
  p->taken = true;
  size_t ns = (size_t)D->sc->schools.n;
  p->extra = malloc((ns + 1) * sizeof *p->extra);
  bool ok = p->extra != NULL;
  if (ok)
    memcpy(p->extra, D->extra + (size_t)t * ns, ns * sizeof *p->extra);
  if (ts->n_svc && (p->s.svc = malloc((size_t)ts->n_svc * sizeof *ts->svc)))
    memcpy(p->s.svc, ts->svc, (size_t)ts->n_svc * sizeof *ts->svc);
  else if (ts->n_svc)
    ok = false;
  if (ts->short_min &&
      (p->s.short_min = malloc(((size_t)ts->n_svc + 1) * sizeof *ts->short_min)))
    memcpy(p->s.short_min, ts->short_min,
           (size_t)ts->n_svc * sizeof *ts->short_min);
  else if (ts->short_min)
    ok = false;
  if (ts->rows && (p->s.rows = cp_schedule_create()))
    for (int i = 0; i < ts->rows->n && ok; i++)
      ok = cp_schedule_add(p->s.rows, &ts->rows->rows[i]) >= 0;
  else if (ts->rows)
    ok = false;
  if (!ok)
    snap_free(p);
  return ok;
}

/* Puts the snapshot back (its arrays change owner). */
static void snap_restore(district *D, snap *p)
{
  tstate *ts = &D->ts[p->t];
  free(ts->svc);
  free(ts->short_min);
  cp_schedule_destroy(ts->rows);
  *ts = p->s;
  for (int i = 0; i < ts->n_svc; i++)
    D->assign[ts->svc[i]] = p->t;
  size_t ns = (size_t)D->sc->schools.n;
  memcpy(D->extra + (size_t)p->t * ns, p->extra, ns * sizeof *p->extra);
  free(p->extra);
  p->extra = NULL;
  p->taken = false;
}

/* Keeps t's week as it is in the next pair of snaps, alone (its partner
 * has t = -1): it comes back after the round if the new week is worse.
 * Without memory nothing is kept and the new week stands. */
static void snap_alone(const district *D, int t, snap *snaps, int *n_snap)
{
  if (snap_take(D, t, &snaps[*n_snap])) {
    snaps[*n_snap + 1].t = -1;
    *n_snap += 2;
  }
}

/* Minutes a therapist's week misses; no week counts as 1e9. */
static double week_missed(const tstate *ts)
{
  return ts->solved ? fabs(ts->missed) : 1e9;
}

/* Solves t's week on its pattern within budget (a probe when probe).
 * lp_short > 0: the root LP stops the solve when that many minutes short
 * (fit_week); 0: the first pass's rule (LP_SHORT). */
static cp_status solve_pattern(district *D, int t, double budget, bool probe,
                               int lp_short)
{
  const cp_scenario *sc = D->sc;
  tstate *ts = &D->ts[t];
  if (build_busy(D, t))
    return CP_ERR_NOMEM;
  cp_schedule *rows = cp_schedule_create();
  if (!rows)
    return CP_ERR_NOMEM;
  cp_tmodel_in in = {.sc = sc, .therapist = t, .svc = ts->svc,
                     .n_svc = ts->n_svc, .busy = D->busy,
                     .time_limit = budget, .elastic = D->o->elastic,
                     .keep = D->o->keep,
                     /* a repair starts from the week it had: demo_plus30
                      * at 30 s missed 0-80 minutes (median 55, ten runs)
                      * against 40-130 (median 105, six) without */
                     .hint = ts->rows,
                     /* not with --keep: its students stay where they
                      * were */
                     .lp_short = lp_short ? lp_short
                                 : D->first_pass && !D->o->keep &&
                                         ts->lp_tries < LP_TRIES
                                     ? LP_SHORT
                                     : 0,
                     .probe = probe, .first_full = D->o->first_full};
  char lp[256];
  if (getenv("CASEPLAN_DEBUG_LP")) {
    snprintf(lp, sizeof lp, "%s/%s.lp", getenv("CASEPLAN_DEBUG_LP"),
             sc->therapists.v[t].id);
    in.write_lp = lp;
  }
  memcpy(in.pat, ts->pat, sizeof in.pat);
  cp_tmodel_out out;
  double t1 = cp_now();
  cp_status st = cp_tmodel_solve(&in, rows, &out);
  /* no week, or one the dive's last resort made (sessions dropped for
   * want of time): the pattern is not to blame, time is; retry it with
   * more */
  ts->failed_budget = st == CP_UNDECIDED ||
                              (st == CP_OK && out.mip.last_resort &&
                               out.missed > 0.5)
                          ? budget
                          : 0;
  if (getenv("CASEPLAN_DEBUG")) {
    for (int dd = 0; dd < D->ndd && dd < 7; dd++) {
      fprintf(stderr, "[debug]   %s %s:", sc->therapists.v[t].id,
              cp_day_name[dd]);
      for (int k = 0; k < ts->pat[dd].n; k++)
        fprintf(stderr, " %s", sc->schools.v[ts->pat[dd].school[k]].id);
      fprintf(stderr, "\n");
    }
    double *per = calloc((size_t)sc->schools.n + 1, sizeof *per);
    for (int i = 0; per && i < ts->n_svc && out.short_min; i++)
      per[sc->students.v[sc->services.v[ts->svc[i]].student].school] +=
          out.short_min[i];
    for (int k = 0; per && k < sc->schools.n; k++)
      if (per[k] > 0.5)
        fprintf(stderr, "[debug]   missed at %s: %.0f\n", sc->schools.v[k].id,
                per[k]);
    free(per);
  }
  if (getenv("CASEPLAN_DEBUG"))
    fprintf(stderr,
            "[debug] %s: %d services, status %d, %.2fs total (mip %.2fs, "
            "status %d, obj %.1f, gap %.4f), %d rows %d cols %d nz, missed "
            "%.0f, ends at %.1fs\n",
            sc->therapists.v[t].id, ts->n_svc, st, cp_now() - t1,
            out.mip.seconds, out.mip.status, out.mip.obj, out.mip.gap,
            out.rows, out.cols, out.nonzeros, out.missed, cp_now() - D->t0);
  ts->lp_short = out.lp_short;
  if (out.lp_short) {
    /* no week: the LP's shortfall per service tells where it cannot hold */
    ts->failed_budget = 0;
    free(ts->short_min);
    ts->short_min = out.short_min;
    out.short_min = NULL;
    ts->missed = out.missed;
    ts->solved = false;
  }
  /* a re-solve replaces the week only when it misses no more minutes */
  if (st == CP_OK && ts->solved && out.missed > ts->missed + 0.5) {
    cp_schedule_destroy(rows);
  } else if (st == CP_OK) {
    cp_schedule_destroy(ts->rows);
    ts->rows = rows;
    free(ts->short_min);
    ts->short_min = out.short_min;
    out.short_min = NULL;
    ts->missed = out.missed;
    ts->signs = out.signs;
    ts->gap = out.mip.gap;
    ts->lp_missed = sc->set.w.missed > 0 && out.mip.bound > 0
                        ? out.mip.bound / sc->set.w.missed
                        : 0;
    ts->solved = true;
  } else {
    cp_schedule_destroy(rows);
  }
  cp_tmodel_out_fini(&out);
  return st;
}

/* First pass: the colleague not started yet (nor a giver itself) to take
 * quota minutes of t's students (give_to), or -1. */
static int first_pass_taker(district *D, int t, double quota, int *school)
{
  for (int o = 0; o < D->sc->therapists.n; o++)
    D->skip[o] = D->started[o] || D->ts[o].lp_gave;
  return give_to(D, t, quota, D->skip, school);
}

/* Whether a colleague not started yet may take quota minutes of t's
 * students in the first pass (lp_repair). */
static bool may_give(district *D, int t, double quota)
{
  if (!D->first_pass || !D->started || D->o->keep ||
      D->ts[t].lp_tries >= LP_TRIES)
    return false;
  int school;
  return first_pass_taker(D, t, quota, &school) >= 0;
}

/* Other patterns for t's short week (the last resort of repair, when no
 * extra day or colleague helps): make_pattern's days shuffled
 * (ts->variant), each probed (one walk from the root LP), up to
 * PROBE_VARIANTS of them in PROBE_SHARE of the budget, until one is full;
 * else the best (fewest minutes missed, the week t had on ties) is solved
 * with the time left, from its week.  On M90's T_SLP3, sole SLP at its
 * five schools, 2 of 8 shuffles gave a full week in 0.02 s of walking
 * where CBC proves the first pattern 20 minutes short. */
static cp_status shuffle_week(district *D, int t, double budget)
{
  tstate *ts = &D->ts[t];
  double t0 = cp_clock();
  snap best = {0};
  if (!snap_take(D, t, &best))
    return CP_ERR_NOMEM;
  unsigned base = ts->variant;
  double best_m = week_missed(ts);
  cp_status st = CP_OK;
  for (unsigned k = 1; k <= PROBE_VARIANTS && !cp_interrupted() &&
                       cp_clock() - t0 < PROBE_SHARE * budget;
       k++) {
    ts->variant = base + k;
    if (make_pattern(D, t)) {
      snap_free(&best);
      return CP_ERR_NOMEM;
    }
    /* a week of another pattern is no hint */
    cp_schedule_destroy(ts->rows);
    ts->rows = NULL;
    ts->solved = false;
    st = solve_pattern(D, t, budget - (cp_clock() - t0), true, 0);
    if (st != CP_OK && st != CP_UNDECIDED) {
      snap_free(&best);
      return st;
    }
    double m = week_missed(ts);
    if (getenv("CASEPLAN_DEBUG"))
      fprintf(stderr, "[debug] %s: pattern %u, %.0f minutes missed (best "
              "%.0f)\n", D->sc->therapists.v[t].id, ts->variant, m, best_m);
    if (m < 0.5) { /* full: the probe went on as a whole solve */
      snap_free(&best);
      return st;
    }
    if (m < best_m - 0.5) {
      best_m = m;
      snap_free(&best);
      if (!snap_take(D, t, &best))
        return CP_ERR_NOMEM;
    }
  }
  snap_restore(D, &best);
  double left = budget - (cp_clock() - t0);
  return solve_pattern(D, t, left > 1 ? left : 1, false, 0);
}

static int worst_school(const district *D, int t);

/* How short a probed pattern is: a root LP short of minutes ranks after
 * any week a walk made. */
static double fit_missed(const tstate *ts)
{
  return ts->lp_short ? 1e6 + ts->missed : week_missed(ts);
}

/* First pass: t's pattern fitted before its week is solved.  The pattern
 * is probed (its root LP, stopped when FIT_SHORT minutes short, else one
 * walk from it); a short one gets one more day at its worst school and is
 * probed again, up to FIT_TRIES times in FIT_SHARE of the budget, the day
 * kept unless the pattern then misses more minutes (demo_plus30's T_OT2,
 * 30 short at RIV, was 30 short at NMS with a day more at RIV, and full
 * with one more at NMS too).  On the demo with
 * 30 % more students each of the three first patterns ended 30-60 minutes
 * short at one school after 2.9-6.4 s of search, where a day more there
 * gave a full week in 0.3-0.9 s.  A full probe goes on as the whole solve
 * (*done); else t keeps its best pattern and that pattern's probe
 * (ts->lp_short when its LP was short). */
static cp_status fit_week(district *D, int t, double budget, bool *done)
{
  tstate *ts = &D->ts[t];
  size_t ns = (size_t)D->sc->schools.n;
  double t0 = cp_clock();
  *done = false;
  ts->fitted = true;
  snap best = {0};
  double best_m = HUGE_VAL;
  int ek = -1; /* the day asked last (index into D->extra) */
  bool at_best = true;
  cp_status st = CP_OK;
  for (int k = 0; k <= FIT_TRIES && !cp_interrupted(); k++) {
    /* this pattern's own probe stands, even when worse than the week
     * before (a hint still; best keeps the better one) */
    if (k > 0)
      ts->solved = false;
    st = solve_pattern(D, t, budget - (cp_clock() - t0), true, FIT_SHORT);
    if (st != CP_OK && st != CP_UNDECIDED)
      break;
    if (!ts->lp_short && ts->solved && ts->missed < 0.5) {
      *done = true; /* the probe went on as a whole solve */
      break;
    }
    double m = fit_missed(ts);
    if (getenv("CASEPLAN_DEBUG"))
      fprintf(stderr, "[debug] %s: fit %d, %s %.0f minutes short\n",
              D->sc->therapists.v[t].id, k, ts->lp_short ? "LP" : "week",
              ts->missed);
    if (m < best_m + 0.5) { /* no worse: the newest (short elsewhere now) */
      snap_free(&best);
      if (!snap_take(D, t, &best)) {
        st = CP_ERR_NOMEM;
        break;
      }
      best_m = m;
      at_best = true;
    } else {
      at_best = false; /* worse: best comes back, its extra days with it,
                        * and no other day is tried */
      break;
    }
    int school = worst_school(D, t);
    if (k == FIT_TRIES || school < 0 ||
        cp_clock() - t0 >= FIT_SHARE * budget)
      break;
    ek = (int)((size_t)t * ns + (size_t)school);
    if (D->extra[ek] >= 2)
      break;
    D->extra[ek]++;
    if (make_pattern(D, t)) {
      st = CP_ERR_NOMEM;
      break;
    }
    if (!memcmp(ts->pat, best.s.pat, sizeof ts->pat)) {
      D->extra[ek]--; /* no day left to add there */
      break;
    }
  }
  if (!*done && !at_best && best.taken)
    snap_restore(D, &best);
  snap_free(&best);
  return st;
}

/* Solves t's week; ts->shuffle: by shuffle_week.  In the first pass the
 * pattern is fitted first (fit_week).  A week still short then stops, as
 * a short root LP does, and gives students away while a colleague not
 * started yet may take them (lp_repair; M90's T_OT1, 99.6 % utilised,
 * ended 20-40 minutes short whatever its pattern). */
static cp_status solve_one(district *D, int t, double budget)
{
  tstate *ts = &D->ts[t];
  bool shuffle = ts->shuffle; /* asked for this solve only */
  ts->shuffle = false;
  bool refit = ts->refit; /* the same */
  ts->refit = false;
  if (D->o->elastic || D->o->keep || budget < PROBE_MIN_BUDGET)
    return solve_pattern(D, t, budget, false, 0);
  if (shuffle)
    return shuffle_week(D, t, budget);
  double t0 = cp_clock();
  cp_status st;
  if ((D->first_pass && !ts->fitted) || refit) {
    bool done;
    st = fit_week(D, t, budget, &done);
    if ((st != CP_OK && st != CP_UNDECIDED) || done)
      return st;
    if (ts->lp_short) {
      /* lp_again gives students away; with nobody to take them the week
       * runs as it is */
      if (may_give(D, t, ts->missed))
        return CP_UNDECIDED;
      ts->lp_short = false;
      ts->lp_tries = LP_TRIES;
    }
  } else {
    if (!may_give(D, t, PROBE_MIN_GIVE))
      return solve_pattern(D, t, budget, false, 0);
    st = solve_pattern(D, t, budget, true, 0);
    if (st != CP_OK && st != CP_UNDECIDED)
      return st;
    /* full (the probe went on as a whole solve), or a short root LP */
    if (ts->lp_short || (st == CP_OK && ts->solved && ts->missed < 0.5))
      return st;
  }
  if (ts->solved && may_give(D, t, ts->missed)) {
    cp_schedule_destroy(ts->rows);
    ts->rows = NULL;
    ts->solved = false;
    ts->lp_short = true;
    return CP_UNDECIDED;
  }
  double left = budget - (cp_clock() - t0);
  return solve_pattern(D, t, left > 1 ? left : 1, false, 0);
}

/* The school where therapist t misses the most minutes, or -1. */
static int worst_school(const district *D, int t)
{
  const cp_scenario *sc = D->sc;
  const tstate *ts = &D->ts[t];
  double best = 0.5;
  int school = -1;
  double *per = calloc((size_t)sc->schools.n + 1, sizeof *per);
  if (!per)
    return -1;
  for (int i = 0; i < ts->n_svc; i++)
    per[sc->students.v[sc->services.v[ts->svc[i]].student].school] +=
        ts->short_min ? ts->short_min[i] : 0;
  for (int s = 0; s < sc->schools.n; s++)
    if (per[s] > best) {
      best = per[s];
      school = s;
    }
  free(per);
  return school;
}

/* The least-loaded colleague of t allowed at school (not one taken for
 * this round), or -1. */
static int colleague(const district *D, const unsigned char *taken, int t,
                     int school)
{
  const cp_scenario *sc = D->sc;
  int disc = sc->therapists.v[t].discipline;
  int best = -1;
  double best_load = HUGE_VAL;
  for (int o = 0; o < sc->therapists.n; o++) {
    if (o == t || sc->therapists.v[o].discipline != disc ||
        !may_serve_any_day(sc, o, school) || taken[o])
      continue;
    double l = D->ts[o].load / (D->ts[o].capacity + 1) +
               (D->ts[o].missed > 0 ? 10 : 0);
    if (l < best_load) {
      best_load = l;
      best = o;
    }
  }
  return best;
}

/* Moves every service of student in t's list to therapist to (the list
 * entries become -1: see compact).  Returns the estimated minutes a week
 * moved, or -1 on no memory. */
static double move_student(district *D, int t, int student, int to)
{
  const cp_scenario *sc = D->sc;
  tstate *ts = &D->ts[t];
  double moved = 0;
  for (int k = 0; k < ts->n_svc; k++) {
    int s = ts->svc[k];
    if (s < 0 || sc->services.v[s].student != student)
      continue;
    if (ts_add(&D->ts[to], s))
      return -1;
    D->assign[s] = to;
    double m = est_service(sc, &sc->services.v[s]);
    D->ts[to].load += m;
    ts->load -= m;
    moved += m;
    ts->svc[k] = -1;
  }
  return moved;
}

/* Drops the -1 entries move_student leaves in t's service list. */
static void compact(tstate *ts)
{
  int n = 0;
  for (int i = 0; i < ts->n_svc; i++)
    if (ts->svc[i] >= 0)
      ts->svc[n++] = ts->svc[i];
  ts->n_svc = n;
}

/* After students moved from a to b both weeks are void: their rows and
 * figures belong to the old assignment. */
static void void_weeks(district *D, int a, int b)
{
  int who[2] = {a, b};
  for (int k = 0; k < 2; k++) {
    tstate *x = &D->ts[who[k]];
    cp_schedule_destroy(x->rows);
    x->rows = NULL;
    free(x->short_min);
    x->short_min = NULL;
    x->solved = false;
  }
}

/* Moves the short students of therapist t at school to colleague best;
 * returns best, or -1 when nothing moved (or no memory). */
static int move_short(district *D, int t, int school, int best)
{
  const cp_scenario *sc = D->sc;
  tstate *ts = &D->ts[t];
  int moved = 0;
  for (int i = 0; i < ts->n_svc; i++) {
    int s = ts->svc[i];
    if (s < 0)
      continue; /* moved already, with an earlier service of its student */
    const cp_student *st = &sc->students.v[sc->services.v[s].student];
    if (st->school != school || !ts->short_min || ts->short_min[i] < 0.5 ||
        (st->pinned == t))
      continue;
    if (move_student(D, t, sc->services.v[s].student, best) < 0)
      return -1;
    moved++;
  }
  compact(ts);
  if (!moved)
    return -1;
  void_weeks(D, t, best);
  return best;
}

/* Moves whole students of t at school to therapist to: those t's week
 * leaves short first, then the others, until their estimated minutes
 * reach quota; compacts t's list.  Returns the minutes moved, or -1 on no
 * memory. */
static double move_quota(district *D, int t, int school, int to, double quota)
{
  const cp_scenario *sc = D->sc;
  tstate *ts = &D->ts[t];
  double moved = 0;
  for (int pass = 0; pass < 2 && moved < quota; pass++)
    for (int i = 0; i < ts->n_svc && moved < quota; i++) {
      int s = ts->svc[i];
      if (s < 0)
        continue;
      int student = sc->services.v[s].student;
      const cp_student *st = &sc->students.v[student];
      bool short_here = ts->short_min && ts->short_min[i] > 0.5;
      if (st->school != school || st->pinned == t ||
          (pass == 0) != short_here)
        continue;
      double m = move_student(D, t, student, to);
      if (m < 0)
        return -1;
      moved += m;
    }
  compact(ts);
  return moved;
}

/* Moves students of t at school to colleague to, twice as many minutes
 * as t's week misses (move_quota: M90's T_OT1, 20 minutes short, stayed
 * 20 short after giving one student of 20); returns to, or -1 when nothing
 * moved (or no memory). */
static int move_away(district *D, int t, int school, int to)
{
  double moved = move_quota(D, t, school, to, 2 * fabs(D->ts[t].missed));
  if (moved <= 0)
    return -1;
  void_weeks(D, t, to);
  return to;
}

/* First pass, week t stopped at a root LP that misses ts->missed minutes
 * (no rounding can fill those: the caseload or the pattern must change).
 * Students move to a colleague not started yet (nor a giver itself):
 * first_pass_taker and move_quota, the quota the shortfall (1.5 x the
 * shortfall overloaded M's T_OT3 in turn: its LP 113 minutes short).  With
 * no such colleague t runs as it is.  Returns -1 on no memory, else 0 (t
 * is to be started again; after LP_TRIES stops it runs to the end). */
static int lp_repair(district *D, int t)
{
  const cp_scenario *sc = D->sc;
  tstate *ts = &D->ts[t];
  ts->lp_short = false;
  ts->lp_tries++;
  int bs = -1, bo = first_pass_taker(D, t, ts->missed, &bs);
  if (bo < 0) {
    /* nobody to give to: solve it as it is (an extra day at the worst
     * school made M's T_SLP4's LP no better, 64 -> 66 minutes) */
    ts->lp_tries = LP_TRIES;
    return 0;
  }
  double moved = move_quota(D, t, bs, bo, ts->missed);
  if (moved < 0)
    return -1;
  free(ts->short_min);
  ts->short_min = NULL;
  ts->lp_gave = true;
  ts->fitted = false; /* fewer students: fitted anew */
  D->lp_moves++;
  if (getenv("CASEPLAN_DEBUG"))
    fprintf(stderr, "[debug] %s: %.0f minutes short, %.0f minutes "
            "of students at %s to %s\n", sc->therapists.v[t].id, ts->missed,
            moved, sc->schools.v[bs].id, sc->therapists.v[bo].id);
  ts->missed = 0;
  return make_pattern(D, t) || make_pattern(D, bo) ? -1 : 0;
}

/* First pass, after week t ended: when it stopped at a short root LP,
 * lp_repair and mark it not started (next: the first week that may be
 * unstarted).  Returns 1 (t to start again), 0 (t ended for good) or -1
 * (no memory). */
static int lp_again(district *D, int t, unsigned char *started,
                    unsigned char *finished, int *next)
{
  if (!D->ts[t].lp_short)
    return 0;
  if (lp_repair(D, t))
    return -1;
  started[t] = finished[t] = 0;
  if (t < *next)
    *next = t;
  return 1;
}

/* ---- weeks in parallel (jobs.h) ------------------------------------------- */

/* Whether therapists a and b share a student: their weeks then depend on
 * each other (a student is in one place at a time) and are never solved
 * at the same time. */
static bool share_student(district *D, int a, int b)
{
  const cp_scenario *sc = D->sc;
  D->stamp++;
  for (int i = 0; i < D->ts[a].n_svc; i++)
    D->mark[sc->services.v[D->ts[a].svc[i]].student] = D->stamp;
  for (int i = 0; i < D->ts[b].n_svc; i++)
    if (D->mark[sc->services.v[D->ts[b].svc[i]].student] == D->stamp)
      return true;
  return false;
}

/* Whether t may start now: not running, sharing no student with a week
 * that runs. */
static bool may_start(district *D, const cp_jobs *J, int t)
{
  if (cp_jobs_running(J, t))
    return false;
  for (int k = 0; k < J->n; k++)
    if (share_student(D, t, J->j[k].tag))
      return false;
  return true;
}

/* Whether t shares a student with one of the n weeks of this round. */
static bool clashes(district *D, int t, const int *round, int n)
{
  for (int k = 0; k < n; k++)
    if (share_student(D, t, round[k]))
      return true;
  return false;
}

/* A repair round's taker of t's students, short at school: the
 * least-loaded colleague allowed there (colleague; *from = school), else
 * (nobody else may serve that school) a colleague taking students of
 * another school of t (give_to, *from set), not picked and sharing no
 * student with the round's weeks; -1 when none. */
static int repair_taker(district *D, const unsigned char *picked, int t,
                        int school, const int *round, int n_round, int *from)
{
  *from = school;
  int other = colleague(D, picked, t, school);
  if (other >= 0)
    return other;
  for (int u = 0; u < D->sc->therapists.n; u++)
    D->skip[u] = picked[u] || clashes(D, u, round, n_round);
  return give_to(D, t, D->ts[t].missed, D->skip, from);
}

typedef struct run_arg {
  district *D;
  int t;
  double budget;
} run_arg;

/* In the child: solve t's week and send the therapist's whole state. */
static void run_child(void *arg, cp_buf *b)
{
  run_arg *a = arg;
  double c0 = cp_clock();
  cp_status st = solve_one(a->D, a->t, a->budget);
  double work = cp_clock() - c0; /* first: end_week reads it on its own */
  cp_buf_put(b, &work, sizeof work);
  const tstate *ts = &a->D->ts[a->t];
  int v[6] = {(int)st, ts->solved, ts->short_min != NULL, ts->lp_short,
              ts->fitted, ts->lp_tries};
  cp_buf_put(b, v, sizeof v);
  size_t ns = (size_t)a->D->sc->schools.n;
  cp_buf_put(b, a->D->extra + (size_t)a->t * ns, ns * sizeof *a->D->extra);
  cp_buf_put(b, &ts->failed_budget, sizeof ts->failed_budget);
  cp_buf_put(b, &ts->missed, sizeof ts->missed);
  cp_buf_put(b, &ts->gap, sizeof ts->gap);
  cp_buf_put(b, &ts->lp_missed, sizeof ts->lp_missed);
  cp_buf_put(b, &ts->signs, sizeof ts->signs);
  cp_buf_put(b, &ts->n_svc, sizeof ts->n_svc);
  cp_buf_put(b, &ts->variant, sizeof ts->variant);
  cp_buf_put(b, ts->pat, sizeof ts->pat);
  if (ts->short_min)
    cp_buf_put(b, ts->short_min, (size_t)ts->n_svc * sizeof *ts->short_min);
  int n = ts->rows ? ts->rows->n : -1;
  cp_buf_put(b, &n, sizeof n);
  for (int i = 0; i < n; i++) {
    /* kind points into the scenario or at a literal: the same address in
     * the parent, which forked this process */
    const cp_row *r = &ts->rows->rows[i];
    cp_buf_put(b, r, sizeof *r);
    cp_buf_put(b, r->services, (size_t)r->n_services * sizeof *r->services);
  }
}

/* In the parent: take the child's state of t (run_child) in place of the
 * one t had when the child started.  Returns the child's status, or
 * CP_ERR_INTERNAL for an answer that is not whole (t keeps its state). */
static cp_status take_answer(district *D, int t, const cp_buf *b)
{
  tstate *ts = &D->ts[t];
  size_t pos = 0;
  int v[6], n_svc, n;
  tstate got = {0};
  /* t's row of D->extra: the days fit_week asked */
  size_t ns = (size_t)D->sc->schools.n;
  int *extra = malloc((ns + 1) * sizeof *extra);
  if (!extra)
    return CP_ERR_NOMEM;
  if (!cp_buf_get(b, &pos, &D->work[t], sizeof D->work[t]) ||
      !cp_buf_get(b, &pos, v, sizeof v) ||
      !cp_buf_get(b, &pos, extra, ns * sizeof *extra) ||
      !cp_buf_get(b, &pos, &got.failed_budget, sizeof got.failed_budget) ||
      !cp_buf_get(b, &pos, &got.missed, sizeof got.missed) ||
      !cp_buf_get(b, &pos, &got.gap, sizeof got.gap) ||
      !cp_buf_get(b, &pos, &got.lp_missed, sizeof got.lp_missed) ||
      !cp_buf_get(b, &pos, &got.signs, sizeof got.signs) ||
      !cp_buf_get(b, &pos, &n_svc, sizeof n_svc) || n_svc != ts->n_svc ||
      !cp_buf_get(b, &pos, &got.variant, sizeof got.variant) ||
      !cp_buf_get(b, &pos, got.pat, sizeof got.pat))
    goto broken;
  if (v[2]) {
    got.short_min = malloc(((size_t)n_svc + 1) * sizeof *got.short_min);
    if (!got.short_min) {
      free(extra);
      return CP_ERR_NOMEM;
    }
    if (!cp_buf_get(b, &pos, got.short_min,
                    (size_t)n_svc * sizeof *got.short_min))
      goto broken;
  }
  if (!cp_buf_get(b, &pos, &n, sizeof n))
    goto broken;
  if (n >= 0 && !(got.rows = cp_schedule_create())) {
    free(got.short_min);
    free(extra);
    return CP_ERR_NOMEM;
  }
  for (int i = 0; i < n; i++) {
    cp_row r;
    if (!cp_buf_get(b, &pos, &r, sizeof r) || r.n_services < 0 ||
        r.n_services > D->sc->services.n)
      goto broken;
    int *svc = malloc(((size_t)r.n_services + 1) * sizeof *svc);
    if (!svc || !cp_buf_get(b, &pos, svc, (size_t)r.n_services * sizeof *svc)) {
      free(svc);
      goto broken;
    }
    r.services = svc;
    int k = cp_schedule_add(got.rows, &r);
    free(svc);
    if (k < 0) {
      cp_schedule_destroy(got.rows);
      free(got.short_min);
      free(extra);
      return CP_ERR_NOMEM;
    }
  }
  cp_schedule_destroy(ts->rows);
  free(ts->short_min);
  ts->rows = got.rows;
  ts->short_min = got.short_min;
  ts->solved = v[1] != 0;
  ts->lp_short = v[3] != 0;
  ts->fitted = v[4] != 0;
  ts->lp_tries = v[5];
  memcpy(D->extra + (size_t)t * ns, extra, ns * sizeof *extra);
  free(extra);
  ts->variant = got.variant;
  ts->shuffle = false; /* done in the child */
  ts->refit = false;
  memcpy(ts->pat, got.pat, sizeof ts->pat);
  ts->failed_budget = got.failed_budget;
  ts->missed = got.missed;
  ts->gap = got.gap;
  ts->lp_missed = got.lp_missed;
  ts->signs = got.signs;
  return (cp_status)v[0];
broken:
  cp_schedule_destroy(got.rows);
  free(got.short_min);
  free(extra);
  return CP_ERR_INTERNAL;
}

/* Starts t's week: in a child when jobs run in parallel, else (or when no
 * child can be started) here, with its status in *now and the district's
 * clock moved past its work.  Returns true when it ran here. */
static bool start_week(district *D, cp_jobs *J, int t, double budget,
                       cp_status *now)
{
  run_arg a = {D, t, budget};
  D->begun[t] = D->sim;
  D->work[t] = 0;
  if (cp_jobs_parallel() > 1 && cp_jobs_start(J, t, run_child, &a) == 0)
    return false;
  double c0 = cp_clock();
  *now = solve_one(D, t, budget);
  D->work[t] = cp_clock() - c0;
  D->sim += D->work[t];
  return true;
}

/* The work-clock time at which job k of J ends (it is done): begun plus
 * the work its answer gives (or, with no whole answer, what it showed). */
static double job_end(const district *D, const cp_jobs *J, int k)
{
  const cp_job *jb = &J->j[k];
  double w;
  size_t pos = 0;
  if (!jb->ok || !cp_buf_get(&jb->in, &pos, &w, sizeof w))
    w = cp_jobs_progress(J, k);
  return D->begun[jb->tag] + w;
}

/* The job of J that ends first on the district's clock, once it is known
 * to: it is done, and every job still running has shown work past its
 * end (ties: the lower therapist first).  -1 while that is not known. */
static int first_end(const district *D, const cp_jobs *J)
{
  int best = -1;
  double be = 0;
  for (int k = 0; k < J->n; k++) {
    if (!J->j[k].done)
      continue;
    double e = job_end(D, J, k);
    if (best < 0 || e < be || (e == be && J->j[k].tag < J->j[best].tag)) {
      best = k;
      be = e;
    }
  }
  if (best < 0 || cp_interrupted())
    return best;
  for (int k = 0; k < J->n; k++) {
    if (J->j[k].done)
      continue;
    double lb = D->begun[J->j[k].tag] + cp_jobs_progress(J, k);
    if (lb < be || (lb == be && J->j[k].tag < J->j[best].tag))
      return -1;
  }
  return best;
}

/* Waits for the week of J that ends first on the district's clock (not
 * the first to arrive: the same order on every run), moves the clock to
 * its end; sets *t and returns its status. */
static cp_status end_week(district *D, cp_jobs *J, int *t)
{
  cp_buf b;
  bool ok;
  int k;
  if (!J->n)
    return CP_ERR_INTERNAL;
  /* 5 ms: a week still running shows its work every 200 simplex
   * iterations or 4,096 steps of the walk */
  while ((k = first_end(D, J)) < 0)
    cp_jobs_poll(J, 5);
  double e = job_end(D, J, k);
  *t = cp_jobs_take(J, k, &b, &ok);
  cp_status st = ok ? take_answer(D, *t, &b) : CP_ERR_INTERNAL;
  if (!ok)
    D->work[*t] = e - D->begun[*t];
  if (e > D->sim)
    D->sim = e;
  if (!ok && getenv("CASEPLAN_DEBUG"))
    fprintf(stderr, "[debug] %s: the child process gave no whole answer\n",
            D->sc->therapists.v[*t].id);
  cp_buf_fini(&b);
  return st;
}

/* Waits for every week still running; true when one of them answered. */
static bool end_all(district *D, cp_jobs *J)
{
  bool any = false;
  while (J->n) {
    int t;
    if (end_week(D, J, &t) == CP_OK)
      any = true;
  }
  return any;
}

/* A first-pass week's status: an answer (sets *any_answer), none (no week
 * in time, an impossible pattern, a child without a whole answer, the
 * memory limit: its minutes count as missing), or else an error that
 * ends the run, returned. */
static cp_status first_pass_status(cp_status s1, bool *any_answer)
{
  if (s1 == CP_OK)
    *any_answer = true;
  return s1 == CP_OK || s1 == CP_UNDECIDED || s1 == CP_INFEASIBLE ||
                 s1 == CP_ERR_INTERNAL || s1 == CP_ERR_MEMLIMIT
             ? CP_OK
             : s1;
}

static void report(const district *D, const char *phase, int i, int n)
{
  if (!D->o->progress.fn)
    return;
  double missed = 0, gap = 0;
  for (int t = 0; t < D->sc->therapists.n; t++) {
    missed += fabs(D->ts[t].missed); /* negative: marked done, see repair */
    if (D->ts[t].solved && D->ts[t].gap > gap)
      gap = D->ts[t].gap;
  }
  D->o->progress.fn(D->o->progress.info, phase, i, n, cp_now() - D->t0,
                    missed, gap);
}

cp_status cp_district_solve(const cp_scenario *sc, const cp_solve_opts *o,
                            cp_solution *sol)
{
  memset(sol, 0, sizeof *sol);
  district D = {.sc = sc, .o = o, .t0 = cp_now()};
  cp_jobs J = {0};
  int nt = sc->therapists.n;
  D.ndd = sc->set.rotation_weeks * CP_DAYS;
  D.ts = calloc((size_t)nt + 1, sizeof *D.ts);
  D.assign = malloc(((size_t)sc->services.n + 1) * sizeof *D.assign);
  D.busy = calloc((size_t)sc->students.n * (size_t)D.ndd + 1, sizeof *D.busy);
  D.extra = calloc((size_t)nt * (size_t)sc->schools.n + 1, sizeof *D.extra);
  D.mark = calloc((size_t)sc->students.n + 1, sizeof *D.mark);
  D.skip = calloc((size_t)nt + 1, 1);
  D.begun = calloc((size_t)nt + 1, sizeof *D.begun);
  D.work = calloc((size_t)nt + 1, sizeof *D.work);
  /* the time limit on the wall clock, whatever the work clock says */
  double wall_was = cp_wall_end();
  double wall = o->wall_limit > 0 ? o->wall_limit : o->time_limit;
  if (D.t0 + wall < wall_was)
    cp_set_wall_end(D.t0 + wall);
  cp_status st = CP_OK;
  if (!D.ts || !D.assign || !D.busy || !D.extra || !D.mark || !D.skip ||
      !D.begun || !D.work) {
    st = CP_ERR_NOMEM;
    goto done;
  }
  for (int i = 0; i < sc->services.n; i++)
    D.assign[i] = CP_NONE;
  if (assign_all(&D)) {
    st = CP_ERR_NOMEM;
    goto done;
  }
  for (int t = 0; t < nt; t++)
    if (make_pattern(&D, t)) {
      st = CP_ERR_NOMEM;
      goto done;
    }
  /* first pass: every therapist, the budget shared out.  With jobs in
   * parallel a week starts once every earlier week it shares a student
   * with is done (so it sees the same students' times as one after the
   * other would), and never beside a week it shares a student with. */
  double limit = o->time_limit;
  bool any_answer = false;
  int width = cp_jobs_parallel();
  int next = 0; /* weeks before next have all been started */
  unsigned char *started = calloc((size_t)nt + 1, 1);
  D.started = started;
  unsigned char *finished = calloc((size_t)nt + 1, 1);
  if (!started || !finished) {
    free(started);
    free(finished);
    st = CP_ERR_NOMEM;
    goto done;
  }
  bool stop = false;
  D.first_pass = true;
  while (!cp_interrupted()) {
    while (!stop && J.n < width && !cp_interrupted()) {
      while (next < nt && started[next])
        next++;
      int t = -1;
      for (int u = next; u < nt && t < 0; u++) {
        if (started[u])
          continue;
        bool ready = may_start(&D, &J, u);
        for (int e = 0; e < u && ready; e++)
          if (!finished[e] && share_student(&D, e, u))
            ready = false;
        if (ready)
          t = u;
      }
      if (t < 0)
        break;
      report(&D, "first pass", t + 1, nt);
      double left = limit - elapsed(&D);
      /* shared out by model size: services x school visits of the week
       * (M's T_OT1, 7 schools, needs 2 s for its root LP alone), and by
       * the weeks that run at once */
      double w_rest = 0, w_t = week_size(&D, t);
      int n_rest = 0;
      for (int u = 0; u < nt; u++)
        if (!started[u]) {
          w_rest += week_size(&D, u);
          n_rest++;
        }
      int k = width < n_rest ? width : n_rest;
      double budget = left * FIRST_PASS_SHARE * k * w_t / w_rest; /* >= 1 */
      if (budget > left * FIRST_PASS_SHARE)
        budget = left * FIRST_PASS_SHARE;
      if (budget < 1)
        budget = left > 1 ? 1 : left;
      if (budget <= 0.05 || cp_now() >= cp_wall_end()) {
        stop = true;
        break;
      }
      started[t] = 1;
      cp_status s1;
      if (!start_week(&D, &J, t, budget, &s1))
        continue;
      finished[t] = 1;
      sol->rounds++;
      int again = lp_again(&D, t, started, finished, &next);
      if (again) {
        if (again < 0) {
          st = CP_ERR_NOMEM;
          break;
        }
        continue;
      }
      if ((st = first_pass_status(s1, &any_answer)) != CP_OK)
        break;
    }
    if (st != CP_OK || !J.n)
      break;
    int t;
    cp_status s1 = end_week(&D, &J, &t);
    finished[t] = 1;
    sol->rounds++;
    int again = lp_again(&D, t, started, finished, &next);
    if (again < 0) {
      st = CP_ERR_NOMEM;
      break;
    }
    if (!again)
      st = first_pass_status(s1, &any_answer);
  }
  D.first_pass = false;
  D.started = NULL;
  free(started);
  free(finished);
  if (st != CP_OK)
    goto done;
  if (end_all(&D, &J)) /* interrupted: the weeks running stop and answer */
    any_answer = true;
  /* repair while time is left: the week that misses most minutes is
   * re-patterned (or its short students moved) and solved again.  In
   * rounds: up to `width` weeks that share no student are picked from the
   * same state, solved at once, and all of them end before the next
   * round is picked (the same picks on every run, however the children's
   * times fall). */
  int tries = 0;
  unsigned char *picked = calloc((size_t)nt + 1, 1);
  /* a round holds up to width weeks, plus the colleague of the last one
   * when students moved; each move keeps both weeks as they were (snap)
   * and is undone after the round unless the two weeks then miss fewer
   * minutes (L: a moved-to colleague once got no week at all, and both
   * caseloads counted missing) */
  int *round_t = malloc(((size_t)width + 2) * sizeof *round_t);
  double *round_b = malloc(((size_t)width + 2) * sizeof *round_b);
  snap *snaps = calloc(((size_t)width + 2) * 2, sizeof *snaps);
  if (!picked || !round_t || !round_b || !snaps) {
    free(picked);
    free(round_t);
    free(round_b);
    free(snaps);
    st = CP_ERR_NOMEM;
    goto done;
  }
  while (!o->elastic && !cp_interrupted()) {
    int n_round = 0, n_snap = 0;
    memset(picked, 0, (size_t)nt);
    while (n_round < width && tries < MAX_TRIES &&
           limit - elapsed(&D) > 2 && cp_now() < cp_wall_end() - 1 &&
           !cp_interrupted()) {
      int worst = -1;
      double wm = 0.5;
      for (int t = 0; t < nt; t++) {
        double m = D.ts[t].solved ? D.ts[t].missed : 1e9;
        if (m <= wm || !D.ts[t].n_svc || picked[t])
          continue;
        if (!clashes(&D, t, round_t, n_round)) {
          wm = m;
          worst = t;
        }
      }
      if (worst < 0) {
        /* nothing left to repair: a week still short that no extra day or
         * colleague can help tries other patterns (shuffle_week), else is
         * solved once more from itself (the hint), with the time left, and
         * kept only when no worse (demo_plus30's T_OT2, sole OT at RIV,
         * ended 30 minutes short with 5-15 s unused) */
        double rm = 0.5;
        for (int t = 0; t < nt; t++) {
          if (D.ts[t].missed > -rm || D.ts[t].retried || picked[t] ||
              !D.ts[t].solved)
            continue;
          if (!clashes(&D, t, round_t, n_round)) {
            rm = -D.ts[t].missed;
            worst = t;
          }
        }
        if (worst < 0)
          break;
        tries++;
        report(&D, "repair", tries, MAX_TRIES);
        D.ts[worst].retried = true;
        snap_alone(&D, worst, snaps, &n_snap);
        D.ts[worst].shuffle = true;
        double left = limit - elapsed(&D);
        picked[worst] = 1;
        round_t[n_round] = worst;
        round_b[n_round++] = left * 0.9 > 1 ? left * 0.9 : 1;
        continue;
      }
      tries++;
      report(&D, "repair", tries, MAX_TRIES);
      int school = D.ts[worst].solved && !D.ts[worst].failed_budget
                       ? worst_school(&D, worst)
                       : -1;
      int other = -1;
      size_t ek = (size_t)worst * (size_t)sc->schools.n +
                  (size_t)(school < 0 ? 0 : school);
      bool may_extra = school >= 0 && D.extra[ek] < 2 &&
                       !D.ts[worst].extra_failed;
      if (may_extra && !o->keep && D.ts[worst].lp_missed > LP_SHORT) {
        /* its week's own LP misses more than LP_SHORT minutes: the
         * caseload, not the days, is short (L's T_OT1, 74 services at 7
         * schools, LP 45-110 minutes short, ended 120-140 short after six
         * extra-day tries of 30-57 s each, and full 8 s after students
         * moved): a colleague takes students first, when one may */
        int from;
        if (repair_taker(&D, picked, worst, school, round_t, n_round,
                         &from) >= 0)
          may_extra = false;
      }
      if (may_extra) {
        /* the week as it was comes back unless the new pattern's misses
         * fewer minutes */
        int had = n_snap;
        snap_alone(&D, worst, snaps, &n_snap);
        if (n_snap > had)
          snaps[had].ek = (int)ek;
        D.extra[ek]++;
        D.ts[worst].refit = true; /* and more days by probes (fit_week) */
        if (make_pattern(&D, worst))
          st = CP_ERR_NOMEM;
      } else if (school >= 0) {
        /* nobody else may serve that school: students of another school
         * make room (M90's T_OT1, 99.6 % utilised, was 20 minutes short
         * at schools only it serves; its extra days only added drives) */
        int from;
        other = repair_taker(&D, picked, worst, school, round_t, n_round,
                             &from);
        if (other >= 0 && clashes(&D, other, round_t, n_round)) {
          /* its colleague is busy this round: next round (give_to's
           * never is) */
          picked[worst] = 1;
          continue;
        }
        if (other < 0 || !snap_take(&D, worst, &snaps[n_snap]) ||
            !snap_take(&D, other, &snaps[n_snap + 1]) ||
            (from == school ? move_short(&D, worst, school, other)
                            : move_away(&D, worst, from, other)) < 0) {
          snap_free(&snaps[n_snap]);
          snap_free(&snaps[n_snap + 1]);
          /* nothing left to try for this therapist: stop repairing it */
          D.ts[worst].missed = -D.ts[worst].missed; /* mark */
          continue;
        }
        n_snap += 2;
        if (make_pattern(&D, worst) || make_pattern(&D, other))
          st = CP_ERR_NOMEM;
      }
      if (st != CP_OK)
        break;
      double left = limit - elapsed(&D);
      /* a week whose students moved leaves time for the colleague's */
      double budget = other >= 0 ? left * 0.25 : left * 0.4;
      /* a week that got no answer in b seconds gets 1.5 b now, when there
       * is that much: less would only fail again */
      if (D.ts[worst].failed_budget > 0 &&
          budget < 1.5 * D.ts[worst].failed_budget)
        budget = 1.5 * D.ts[worst].failed_budget < left * 0.9
                     ? 1.5 * D.ts[worst].failed_budget
                     : left * 0.9;
      if (budget < 1)
        budget = 1;
      picked[worst] = 1;
      round_t[n_round] = worst;
      round_b[n_round++] = budget;
      if (other >= 0) { /* its week is void now: solved in this round */
        picked[other] = 1;
        round_t[n_round] = other;
        round_b[n_round++] = budget;
      }
    }
    if (st != CP_OK || !n_round) {
      for (int k = 0; k < n_snap; k++)
        snap_free(&snaps[k]);
      break;
    }
    for (int k = 0; k < n_round; k++) {
      cp_status s1;
      if (start_week(&D, &J, round_t[k], round_b[k], &s1) && s1 == CP_OK)
        any_answer = true;
      sol->rounds++;
    }
    if (end_all(&D, &J))
      any_answer = true;
    for (int k = 0; k < n_snap; k += 2) {
      snap *a = &snaps[k], *b = &snaps[k + 1];
      if (b->t < 0) { /* an extra day or a retry: kept unless worse */
        if (week_missed(&D.ts[a->t]) > week_missed(&a->s) + 0.5) {
          snap_restore(&D, a);
          /* a worse extra day is undone, and no other is tried: M90's
           * T_OT1 piled up the extra days of weeks come back worse, to 4
           * schools a day */
          if (a->ek >= 0) { /* the day asked undone with the rest */
            D.ts[a->t].extra_failed = true;
          }
        }
        snap_free(a);
        continue;
      }
      double before = week_missed(&a->s) + week_missed(&b->s);
      double after = week_missed(&D.ts[a->t]) + week_missed(&D.ts[b->t]);
      if (after > before - 0.5) { /* no better: as they were, and done */
        snap_restore(&D, a);
        snap_restore(&D, b);
        if (D.ts[a->t].missed > 0)
          D.ts[a->t].missed = -D.ts[a->t].missed; /* mark */
      }
      snap_free(a);
      snap_free(b);
    }
  }
  free(picked);
  free(round_t);
  free(round_b);
  free(snaps);
  if (st != CP_OK)
    goto done;
  for (int t = 0; t < nt; t++)
    if (D.ts[t].missed < 0)
      D.ts[t].missed = -D.ts[t].missed;
  if (!any_answer) {
    st = CP_UNDECIDED;
    goto done;
  }
  /* collect */
  sol->sched = cp_schedule_create();
  sol->short_min = calloc((size_t)sc->services.n + 1, sizeof *sol->short_min);
  sol->signs = calloc((size_t)nt + 1, sizeof *sol->signs);
  if (!sol->sched || !sol->short_min || !sol->signs) {
    st = CP_ERR_NOMEM;
    goto done;
  }
  sol->complete = true;
  for (int t = 0; t < nt; t++) {
    tstate *ts = &D.ts[t];
    if (!ts->solved) {
      /* no answer for this therapist: all its minutes are missing */
      for (int i = 0; i < ts->n_svc; i++) {
        sol->short_min[ts->svc[i]] = sc->services.v[ts->svc[i]].cycle_minutes;
        sol->missed += sol->short_min[ts->svc[i]];
      }
      if (ts->n_svc)
        sol->complete = false;
      continue;
    }
    sol->signs[t] = ts->signs;
    for (int i = 0; i < ts->rows->n; i++)
      if (cp_schedule_add(sol->sched, &ts->rows->rows[i]) < 0) {
        st = CP_ERR_NOMEM;
        goto done;
      }
    for (int i = 0; i < ts->n_svc; i++) {
      sol->short_min[ts->svc[i]] = ts->short_min[i];
      sol->missed += ts->short_min[i];
    }
    if (ts->gap > sol->worst_gap)
      sol->worst_gap = ts->gap;
  }
  if (sol->missed > 0.5)
    sol->complete = false;
  sol->sched->incomplete = !sol->complete;
  cp_schedule_sort(sol->sched);
  sol->assign = D.assign;
  D.assign = NULL;
  sol->lp_moves = D.lp_moves;
done:
  cp_jobs_kill(&J); /* none left but on an error */
  cp_set_wall_end(wall_was);
  sol->seconds = cp_now() - D.t0;
  if (D.ts)
    for (int t = 0; t < nt; t++) {
      free(D.ts[t].svc);
      free(D.ts[t].short_min);
      cp_schedule_destroy(D.ts[t].rows);
    }
  if (D.busy)
    for (size_t i = 0; i < (size_t)sc->students.n * (size_t)D.ndd; i++)
      cp_spans_fini(&D.busy[i]);
  free(D.busy);
  free(D.ts);
  free(D.assign);
  free(D.extra);
  free(D.mark);
  free(D.skip);
  free(D.begun);
  free(D.work);
  if (st != CP_OK)
    cp_solution_fini(sol);
  return st;
}

void cp_solution_fini(cp_solution *sol)
{
  cp_schedule_destroy(sol->sched);
  free(sol->assign);
  free(sol->short_min);
  free(sol->signs);
  memset(sol, 0, sizeof *sol);
}
