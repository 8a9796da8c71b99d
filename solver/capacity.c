/* capacity.c — demand against capacity by arithmetic (see capacity.h).
 *
 * Lower bounds used (each valid for every schedule):
 *  - a group family (same school, discipline, session length, settings that
 *    allow groups) with N sessions in the cycle and largest member cap k needs
 *    at least max(ceil(N / k), most sessions of one member) session rows;
 *  - documentation is per session row;
 *  - the IEP/evaluation reserve is convex in students, so the discipline's
 *    total is at least the reserve of all its students and therapists at once;
 *  - capacity is contract minus lunch minus fixed duties; floating duties are
 *    demand.
 */
#include "capacity.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static bool is_reserve_kind(const char *k)
{
  return !strcmp(k, "iep_meeting") || !strcmp(k, "evaluation");
}


int cp_therapist_free_minutes(const cp_scenario *sc, int t, int d)
{
  const cp_workday *w = &sc->therapists.v[t].day[d];
  if (!w->works)
    return 0;
  int m = w->end - w->start - w->lunch_minutes;
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (cp_duty_applies(sc, du, t, d))
      m -= du->end - du->start;
  }
  return m;
}

int cp_reserve_minutes(const cp_settings *set, int students)
{
  double m = students * set->iep_per_student_year * set->iep_minutes +
             set->evals_per_year * set->eval_minutes;
  return (int)ceil(m / set->school_weeks - 1e-9);
}

int cp_floating_duty_minutes(const cp_scenario *sc, int t)
{
  int days = cp_therapist_days(&sc->therapists.v[t]), m = 0;
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (!du->fixed && cp_duty_of(du, t))
      m += du->per == CP_PER_DAY ? du->minutes * days : du->minutes;
  }
  return m;
}

int cp_fixed_reserve_minutes(const cp_scenario *sc, int t)
{
  int m = 0;
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (du->fixed && is_reserve_kind(du->kind))
      for (int d = 0; d < CP_DAYS; d++)
        if (cp_duty_applies(sc, du, t, d))
          m += du->end - du->start;
  }
  return m;
}

static void add_capacity(const cp_scenario *sc, int t, cp_load *l, int weeks)
{
  const cp_therapist *th = &sc->therapists.v[t];
  for (int d = 0; d < CP_DAYS; d++) {
    const cp_workday *w = &th->day[d];
    if (!w->works)
      continue;
    l->contract += weeks * (w->end - w->start);
    l->lunch += weeks * w->lunch_minutes;
    l->fixed += weeks * (w->end - w->start - w->lunch_minutes -
                         cp_therapist_free_minutes(sc, t, d));
  }
  l->duties += weeks * cp_floating_duty_minutes(sc, t);
  l->therapists++;
}

static void finish(cp_load *l)
{
  l->capacity = l->contract - l->lunch - l->fixed;
  l->demand = l->direct + l->consult + l->documentation + l->reserve +
              l->duties;
}

/* Adds the direct/consult demand of the services accepted by pick() to l,
 * with groups at their best case. */
typedef bool (*pick_fn)(const cp_scenario *sc, const cp_service *s,
                        const void *arg);

static void add_demand(const cp_scenario *sc, cp_load *l, pick_fn pick,
                       const void *arg, int doc)
{
  int n = sc->services.n;
  bool *done = calloc((size_t)n + 1, 1);
  bool *seen_student = calloc((size_t)sc->students.n + 1, 1);
  if (!done || !seen_student) {
    free(done);
    free(seen_student);
    return;
  }
  for (int i = 0; i < n; i++) {
    const cp_service *s = &sc->services.v[i];
    if (done[i] || !pick(sc, s, arg))
      continue;
    done[i] = true;
    if (!seen_student[s->student]) {
      seen_student[s->student] = true;
      l->students++;
    }
    if (s->mode == CP_CONSULT) {
      l->consult += s->cycle_minutes;
      continue;
    }
    if (s->setting == CP_INDIVIDUAL) {
      l->sessions += s->sessions;
      l->direct += s->sessions * s->session_minutes;
      continue;
    }
    /* group family of s */
    int school = sc->students.v[s->student].school;
    int total = s->sessions, most = s->sessions, cap = s->max_group;
    for (int j = i + 1; j < n; j++) {
      const cp_service *o = &sc->services.v[j];
      if (done[j] || o->mode != CP_DIRECT || o->setting == CP_INDIVIDUAL ||
          o->discipline != s->discipline ||
          o->session_minutes != s->session_minutes ||
          sc->students.v[o->student].school != school || !pick(sc, o, arg))
        continue;
      done[j] = true;
      if (!seen_student[o->student]) {
        seen_student[o->student] = true;
        l->students++;
      }
      total += o->sessions;
      if (o->sessions > most)
        most = o->sessions;
      if (o->max_group > cap)
        cap = o->max_group;
    }
    int rows = (total + cap - 1) / cap;
    if (rows < most)
      rows = most;
    l->sessions += rows;
    l->direct += rows * s->session_minutes;
  }
  l->documentation += doc * l->sessions;
  free(done);
  free(seen_student);
}

static bool pick_discipline(const cp_scenario *sc, const cp_service *s,
                            const void *arg)
{
  (void)sc;
  return s->discipline == *(const int *)arg;
}

static bool pick_pinned(const cp_scenario *sc, const cp_service *s,
                        const void *arg)
{
  int t = *(const int *)arg;
  return sc->students.v[s->student].pinned == t &&
         sc->therapists.v[t].discipline == s->discipline;
}

typedef struct school_arg {
  int school, discipline;
} school_arg;

static bool pick_school(const cp_scenario *sc, const cp_service *s,
                        const void *arg)
{
  const school_arg *a = arg;
  return s->discipline == a->discipline &&
         sc->students.v[s->student].school == a->school;
}

/* Minutes therapist t can be at school s on day d: the overlap of contract
 * and school day, less the part of lunch that must fall inside it. */
static int presence_minutes(const cp_scenario *sc, int t, int s, int d)
{
  const cp_workday *w = &sc->therapists.v[t].day[d];
  const cp_school *sch = &sc->schools.v[s];
  if (!w->works || d > 4 ||
      !sc->therapists.v[t].may_serve[(size_t)d * (size_t)sc->schools.n +
                                     (size_t)s])
    return 0;
  int lo = w->start > sch->start ? w->start : sch->start;
  int hi = w->end < sch->end ? w->end : sch->end;
  if (hi <= lo)
    return 0;
  /* lunch window part outside [lo, hi) */
  int le = w->lunch_earliest > w->start ? w->lunch_earliest : w->start;
  int ll = w->lunch_latest < w->end ? w->lunch_latest : w->end;
  int outside = 0;
  if (le < lo)
    outside += (lo < ll ? lo : ll) - le;
  if (ll > hi)
    outside += ll - (hi > le ? hi : le);
  int forced = w->lunch_minutes - outside;
  if (forced < 0)
    forced = 0;
  return hi - lo - forced;
}

cp_status cp_capacity_compute(const cp_scenario *sc, cp_capacity *c)
{
  memset(c, 0, sizeof *c);
  int W = sc->set.rotation_weeks, doc = sc->set.doc_per_session;
  c->weeks = W;
  c->n_disc = sc->n_disciplines;
  c->n_ther = sc->therapists.n;
  c->disc = calloc((size_t)c->n_disc + 1, sizeof *c->disc);
  c->ther = calloc((size_t)c->n_ther + 1, sizeof *c->ther);
  c->school = calloc((size_t)sc->schools.n * (size_t)c->n_disc + 1,
                     sizeof *c->school);
  if (!c->disc || !c->ther || !c->school) {
    cp_capacity_fini(c);
    return CP_ERR_NOMEM;
  }
  for (int k = 0; k < c->n_disc; k++) {
    cp_load *l = &c->disc[k];
    l->discipline = k;
    l->who = CP_NONE;
    int fixed_res = 0;
    for (int t = 0; t < sc->therapists.n; t++)
      if (sc->therapists.v[t].discipline == k) {
        add_capacity(sc, t, l, W);
        fixed_res += W * cp_fixed_reserve_minutes(sc, t);
      }
    add_demand(sc, l, pick_discipline, &k, doc);
    /* reserve of all students and therapists at once (a lower bound) */
    double m = l->students * sc->set.iep_per_student_year *
                   sc->set.iep_minutes +
               l->therapists * sc->set.evals_per_year * sc->set.eval_minutes;
    int res = W * (int)ceil(m / sc->set.school_weeks - 1e-9) - fixed_res;
    l->reserve = res > 0 ? res : 0;
    finish(l);
  }
  for (int t = 0; t < sc->therapists.n; t++) {
    cp_load *l = &c->ther[t];
    l->discipline = sc->therapists.v[t].discipline;
    l->who = t;
    add_capacity(sc, t, l, W);
    add_demand(sc, l, pick_pinned, &t, doc);
    int res = W * (cp_reserve_minutes(&sc->set, l->students) -
                   cp_fixed_reserve_minutes(sc, t));
    l->reserve = res > 0 ? res : 0;
    finish(l);
  }
  for (int s = 0; s < sc->schools.n; s++)
    for (int k = 0; k < c->n_disc; k++) {
      cp_load l = {.discipline = k, .who = s};
      school_arg a = {s, k};
      add_demand(sc, &l, pick_school, &a, 0);
      if (!l.students)
        continue;
      for (int t = 0; t < sc->therapists.n; t++) {
        if (sc->therapists.v[t].discipline != k)
          continue;
        int m = 0;
        for (int d = 0; d < CP_DAYS; d++)
          m += presence_minutes(sc, t, s, d);
        if (m) {
          l.therapists++;
          l.contract += W * m;
        }
      }
      l.capacity = l.contract;
      l.demand = l.direct + l.consult;
      c->school[c->n_school++] = l;
    }
  return CP_OK;
}

void cp_capacity_fini(cp_capacity *c)
{
  free(c->disc);
  free(c->ther);
  free(c->school);
  memset(c, 0, sizeof *c);
}
