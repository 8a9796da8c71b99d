/* cert_check.c — independent re-check of understaffing certificates.
 *
 * A certificate is printed only after this file has re-derived every one of
 * its figures from the validated scenario, with its own loops (it calls
 * nothing in certify.c or capacity.c): the demand of the services it names,
 * the capacity of every therapist who could work in its scope, and the
 * inequality itself.  A certificate with one number altered is rejected.
 */
#include "certify.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static bool fail(char *why, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static bool fail(char *why, size_t n, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, n, fmt, ap);
  va_end(ap);
  return false;
}

static bool holds(const cp_scenario *sc, const cp_duty *du, int t, int d)
{
  if (!du->fixed || !(du->days & (1u << d)))
    return false;
  if (du->therapist != CP_NONE && du->therapist != t)
    return false;
  const cp_workday *w = &sc->therapists.v[t].day[d];
  if (!w->works)
    return false;
  return du->therapist != CP_NONE ||
         (du->start >= w->start && du->end <= w->end);
}

/* Best-case session rows and minutes of a set of services (flags[i] marks
 * the services counted). */
static void best_case(const cp_scenario *sc, const bool *in, long *minutes,
                      long *rows_out)
{
  long m = 0, rows_all = 0;
  int n = sc->services.n;
  bool *used = calloc((size_t)n + 1, 1);
  if (!used)
    return;
  for (int i = 0; i < n; i++) {
    const cp_service *s = &sc->services.v[i];
    if (!in[i] || used[i])
      continue;
    used[i] = true;
    if (s->mode == CP_CONSULT) {
      m += s->cycle_minutes;
      continue;
    }
    if (s->setting == CP_INDIVIDUAL || s->max_group < 2) {
      m += (long)s->sessions * s->session_minutes;
      rows_all += s->sessions;
      continue;
    }
    int school = sc->students.v[s->student].school;
    long total = s->sessions, most = s->sessions, cap = s->max_group;
    for (int j = i + 1; j < n; j++) {
      const cp_service *o = &sc->services.v[j];
      if (!in[j] || used[j] || o->mode != CP_DIRECT ||
          o->setting == CP_INDIVIDUAL || o->max_group < 2 ||
          o->discipline != s->discipline ||
          o->session_minutes != s->session_minutes ||
          sc->students.v[o->student].school != school)
        continue;
      used[j] = true;
      total += o->sessions;
      if (o->sessions > most)
        most = o->sessions;
      if (o->max_group > cap)
        cap = o->max_group;
    }
    long r = (total + cap - 1) / cap;
    if (r < most)
      r = most;
    rows_all += r;
    m += r * s->session_minutes;
  }
  free(used);
  *minutes = m;
  *rows_out = rows_all;
}

/* Weekly minutes therapist t has for caseload: contract - lunch - fixed. */
static long therapist_capacity(const cp_scenario *sc, int t)
{
  long m = 0;
  for (int d = 0; d < CP_DAYS; d++) {
    const cp_workday *w = &sc->therapists.v[t].day[d];
    if (!w->works)
      continue;
    m += w->end - w->start - w->lunch_minutes;
    for (int i = 0; i < sc->duties.n; i++)
      if (holds(sc, &sc->duties.v[i], t, d))
        m -= sc->duties.v[i].end - sc->duties.v[i].start;
  }
  return m;
}

static long floating_minutes(const cp_scenario *sc, int t)
{
  int days = 0;
  for (int d = 0; d < CP_DAYS; d++)
    days += sc->therapists.v[t].day[d].works;
  long m = 0;
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (!du->fixed && (du->therapist == CP_NONE || du->therapist == t))
      m += du->per == CP_PER_DAY ? (long)du->minutes * days : du->minutes;
  }
  return m;
}

static long reserve_credit(const cp_scenario *sc, int t)
{
  long m = 0;
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (strcmp(du->kind, "iep_meeting") && strcmp(du->kind, "evaluation"))
      continue;
    for (int d = 0; d < CP_DAYS; d++)
      if (holds(sc, du, t, d))
        m += du->end - du->start;
  }
  return m;
}

static bool check_caps(const cp_scenario *sc, const cp_cert *c, int W,
                       bool pinned_only, char *why, size_t n)
{
  long sum = 0;
  for (int i = 0; i < c->n_cap; i++) {
    int t = c->cap[i].therapist;
    if (t < 0 || t >= sc->therapists.n)
      return fail(why, n, "capacity term %d names no therapist", i + 1);
    long m = therapist_capacity(sc, t) * W;
    if (m != c->cap[i].minutes)
      return fail(why, n, "%s can work %ld minutes, not %ld",
                  sc->therapists.v[t].id, m, c->cap[i].minutes);
    sum += m;
  }
  if (!pinned_only) {
    int count = 0;
    for (int t = 0; t < sc->therapists.n; t++)
      count += sc->therapists.v[t].discipline == c->discipline;
    if (count != c->n_cap)
      return fail(why, n, "%d %s therapists, but %d capacity terms", count,
                  sc->disciplines[c->discipline], c->n_cap);
  }
  if (sum != c->capacity)
    return fail(why, n, "capacity terms add up to %ld, not %ld", sum,
                c->capacity);
  return true;
}

static bool check_aggregate(const cp_scenario *sc, const cp_cert *c,
                            bool pinned, char *why, size_t n)
{
  int W = sc->set.rotation_weeks, k = c->discipline;
  int ns = sc->services.n;
  bool *in = calloc((size_t)ns + 1, 1);
  bool *stud = calloc((size_t)sc->students.n + 1, 1);
  if (!in || !stud) {
    free(in);
    free(stud);
    return fail(why, n, "out of memory");
  }
  long students = 0;
  for (int i = 0; i < ns; i++) {
    const cp_service *s = &sc->services.v[i];
    if (s->discipline != k)
      continue;
    if (pinned && sc->students.v[s->student].pinned != c->who)
      continue;
    in[i] = true;
    if (!stud[s->student]) {
      stud[s->student] = true;
      students++;
    }
  }
  long minutes = 0, rows = 0;
  best_case(sc, in, &minutes, &rows);
  free(in);
  free(stud);
  long therapists = 0, duties = 0, credit = 0;
  for (int t = 0; t < sc->therapists.n; t++) {
    bool counted = pinned ? t == c->who
                          : sc->therapists.v[t].discipline == k;
    if (!counted)
      continue;
    therapists++;
    duties += floating_minutes(sc, t) * W;
    credit += reserve_credit(sc, t) * W;
  }
  double yearly = students * sc->set.iep_per_student_year *
                      sc->set.iep_minutes +
                  therapists * sc->set.evals_per_year * sc->set.eval_minutes;
  long reserve = W * (long)ceil(yearly / sc->set.school_weeks - 1e-9) - credit;
  if (reserve < 0)
    reserve = 0;
  long demand = minutes + rows * sc->set.doc_per_session + reserve + duties;
  if (demand != c->demand)
    return fail(why, n, "the demand is %ld minutes, not %ld", demand,
                c->demand);
  if (!check_caps(sc, c, W, pinned, why, n))
    return false;
  if (c->demand <= c->capacity)
    return fail(why, n, "demand %ld does not exceed capacity %ld", c->demand,
                c->capacity);
  return true;
}

/* Days of the week on which the service has a window long enough, with a
 * therapist of its discipline allowed at the school and at work then. */
static unsigned usable_days(const cp_scenario *sc, const cp_service *s)
{
  const cp_student *st = &sc->students.v[s->student];
  const cp_school *sch = &sc->schools.v[st->school];
  unsigned mask = 0;
  for (int d = 0; d < 5; d++)
    for (int t = 0; t < sc->therapists.n; t++) {
      const cp_therapist *th = &sc->therapists.v[t];
      const cp_workday *w = &th->day[d];
      if (th->discipline != s->discipline || !w->works ||
          !th->may_serve[(size_t)d * (size_t)sc->schools.n +
                         (size_t)st->school])
        continue;
      if (st->pinned != CP_NONE &&
          sc->therapists.v[st->pinned].discipline == s->discipline &&
          st->pinned != t)
        continue;
      if (s->mode == CP_CONSULT) {
        int lo = w->start > sch->start ? w->start : sch->start;
        int hi = w->end < sch->end ? w->end : sch->end;
        if (hi - lo >= s->session_minutes)
          mask |= 1u << d;
        continue;
      }
      for (int k = 0; k < st->avail[d].n; k++) {
        int lo = st->avail[d].v[k].start, hi = st->avail[d].v[k].end;
        if (lo < w->start)
          lo = w->start;
        if (hi > w->end)
          hi = w->end;
        if (hi - lo >= s->session_minutes)
          mask |= 1u << d;
      }
    }
  return mask;
}

static bool check_days(const cp_scenario *sc, const cp_cert *c, char *why,
                       size_t n)
{
  if (c->who < 0 || c->who >= sc->services.n)
    return fail(why, n, "the certificate names no service");
  const cp_service *s = &sc->services.v[c->who];
  int W = sc->set.rotation_weeks;
  long need = s->per == CP_PER_WEEK ? s->weekly : (s->sessions + W - 1) / W;
  unsigned m = usable_days(sc, s);
  long days = 0;
  for (int d = 0; d < 5; d++)
    days += (m >> d) & 1u;
  if (need != c->demand)
    return fail(why, n, "the service needs %ld sessions a week, not %ld",
                need, c->demand);
  if (days != c->capacity)
    return fail(why, n, "%ld days are usable, not %ld", days, c->capacity);
  if (need <= days)
    return fail(why, n, "%ld sessions fit on %ld days", need, days);
  return true;
}

/* Minutes of w inside [a,b) on one day, less lunch that must fall inside
 * and fixed duties inside. */
static long window_capacity(const cp_scenario *sc, int t, int d, int a, int b)
{
  const cp_workday *w = &sc->therapists.v[t].day[d];
  int lo = a > w->start ? a : w->start, hi = b < w->end ? b : w->end;
  if (!w->works || hi <= lo)
    return 0;
  long m = hi - lo;
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (!holds(sc, du, t, d))
      continue;
    int x = du->start > lo ? du->start : lo, y = du->end < hi ? du->end : hi;
    if (y > x)
      m -= y - x;
  }
  if (w->lunch_minutes > 0) {
    int le = w->lunch_earliest > w->start ? w->lunch_earliest : w->start;
    int ll = w->lunch_latest < w->end ? w->lunch_latest : w->end;
    int before = (lo < ll ? lo : ll) - le; /* room for lunch before lo */
    int after = ll - (hi > le ? hi : le);  /* and after hi */
    int room = before > after ? before : after;
    if (room < 0)
      room = 0;
    if (w->lunch_minutes > room)
      m -= w->lunch_minutes - room;
  }
  return m > 0 ? m : 0;
}

static bool check_window(const cp_scenario *sc, const cp_cert *c, char *why,
                         size_t n)
{
  int W = sc->set.rotation_weeks, school = c->who, k = c->discipline;
  if (school < 0 || school >= sc->schools.n || c->end <= c->start)
    return fail(why, n, "the certificate names no school window");
  int ns = sc->services.n;
  bool *in = calloc((size_t)ns + 1, 1);
  if (!in)
    return fail(why, n, "out of memory");
  unsigned days = 0;
  for (int i = 0; i < c->n_svc; i++) {
    int v = c->svc[i];
    if (v < 0 || v >= ns || in[v]) {
      free(in);
      return fail(why, n, "service term %d is not a service", i + 1);
    }
    const cp_service *s = &sc->services.v[v];
    const cp_student *st = &sc->students.v[s->student];
    if (s->mode != CP_DIRECT || s->discipline != k || st->school != school) {
      free(in);
      return fail(why, n, "%s's service is not a direct %s service at %s",
                  st->id, sc->disciplines[k], sc->schools.v[school].id);
    }
    /* every window long enough for a session lies inside [start, end) */
    for (int d = 0; d < 5; d++)
      for (int j = 0; j < st->avail[d].n; j++) {
        const cp_span *sp = &st->avail[d].v[j];
        if (sp->end - sp->start < s->session_minutes)
          continue;
        days |= 1u << d;
        if (sp->start < c->start || sp->end > c->end) {
          free(in);
          return fail(why, n,
                      "%s is free on %s from %d:%02d to %d:%02d, outside the "
                      "window",
                      st->id, cp_day_name[d], sp->start / 60, sp->start % 60,
                      sp->end / 60, sp->end % 60);
        }
      }
    in[v] = true;
  }
  if ((days & c->days) != days) {
    free(in);
    return fail(why, n, "the window leaves out days on which these students "
                        "can be seen");
  }
  long minutes = 0, rows = 0;
  best_case(sc, in, &minutes, &rows);
  free(in);
  if (minutes != c->demand)
    return fail(why, n, "the sessions need %ld minutes, not %ld", minutes,
                c->demand);
  /* every therapist of the discipline who may be at the school */
  long total = 0;
  int terms = 0;
  for (int t = 0; t < sc->therapists.n; t++) {
    const cp_therapist *th = &sc->therapists.v[t];
    if (th->discipline != k)
      continue;
    long m = 0;
    for (int d = 0; d < 5; d++)
      if ((c->days & (1u << d)) &&
          th->may_serve[(size_t)d * (size_t)sc->schools.n + (size_t)school])
        m += window_capacity(sc, t, d, c->start, c->end);
    m *= W;
    if (!m)
      continue;
    bool listed = false;
    for (int i = 0; i < c->n_cap; i++)
      if (c->cap[i].therapist == t) {
        listed = true;
        if (c->cap[i].minutes != m)
          return fail(why, n, "%s can be there %ld minutes, not %ld", th->id,
                      m, c->cap[i].minutes);
      }
    if (!listed)
      return fail(why, n, "%s could also be there (%ld minutes)", th->id, m);
    total += m;
    terms++;
  }
  if (terms != c->n_cap || total != c->capacity)
    return fail(why, n, "the therapists can be there %ld minutes, not %ld",
                total, c->capacity);
  if (c->demand <= c->capacity)
    return fail(why, n, "demand %ld does not exceed capacity %ld", c->demand,
                c->capacity);
  return true;
}

bool cp_lp_cert_check(const cp_scenario *sc, const cp_cert *c, char *why,
                      size_t n);

bool cp_cert_check(const cp_scenario *sc, const cp_cert *c, char *why,
                   size_t n)
{
  if (c->discipline != CP_NONE &&
      (c->discipline < 0 || c->discipline >= sc->n_disciplines))
    return fail(why, n, "unknown discipline");
  switch (c->kind) {
  case CP_CERT_AGGREGATE:
    return check_aggregate(sc, c, false, why, n);
  case CP_CERT_PINNED:
    if (c->who < 0 || c->who >= sc->therapists.n)
      return fail(why, n, "the certificate names no therapist");
    return check_aggregate(sc, c, true, why, n);
  case CP_CERT_DAYS:
    return check_days(sc, c, why, n);
  case CP_CERT_WINDOW:
    return check_window(sc, c, why, n);
  case CP_CERT_LP:
    return cp_lp_cert_check(sc, c, why, n);
  }
  return fail(why, n, "unknown kind of certificate");
}
