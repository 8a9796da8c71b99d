/* verify.c — the independent checker of SPEC §2 (see verify.h).
 *
 * The last stage before anything is written, and the whole of `caseplan
 * verify`.  It reads only the scenario and the schedule rows (no model, no
 * solver data), so it re-derives everything it needs: the rows of each
 * therapist's day in time order, which rows are the fixed duties, the
 * sessions of each service, the students of each therapist.  Checks, in the
 * order they report:
 *   1. each row alone: indices, week, start < end, slot grid, working day,
 *      contract hours; sessions and consults: school, discipline, mode,
 *      allowed school, pinning, school day, availability, length, groups;
 *   2. each therapist's day: no overlaps, travel between schools and from and
 *      to the base school;
 *   3. students: never in two sessions at once (across therapists);
 *   4. services: one session a day, one therapist, sessions or minutes
 *      delivered;
 *   5. each therapist: lunch, fixed duties, floating duties, documentation,
 *      the IEP/evaluation reserve.
 * Decisions where SPEC is silent are stated next to the check.
 */
#include "verify.h"

#include "capacity.h"

#include <assert.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct ctx {
  const cp_scenario *sc;
  const cp_schedule *s;
  cp_verify_report *rep;
  bool nomem;
  int W;         /* weeks in the cycle */
  bool *ok;      /* row has valid indices and start < end */
  bool *fixed;   /* row is the occurrence of a fixed duty */
  int *ord;      /* ok rows by therapist, week, day, start */
  int n_ord;
  int *first;    /* [(t * W + w) * 7 + d]: first position in ord */
  int *count;    /* rows of that therapist day */
} ctx;

/* ---- text ----------------------------------------------------------------- */

static void hm(int m, char buf[6])
{
  if (m < 0 || m > 99 * 60 + 59)
    m = 0;
  snprintf(buf, 6, "%02d:%02d", m / 60 % 100, m % 60);
}

static const char *kind_of(const cp_row *r)
{
  if (r->act == CP_ACT_DUTY)
    return r->kind ? r->kind : "duty";
  return cp_act_name(r->act);
}

static bool is_kind(const cp_row *r, const char *kind)
{
  return !strcmp(kind_of(r), kind);
}

static const char *day_text(const ctx *c, int w, int d, char *buf, size_t n)
{
  if (c->W > 1)
    snprintf(buf, n, "week %d %s", w + 1, d >= 0 && d < CP_DAYS ?
             cp_day_name[d] : "?");
  else
    snprintf(buf, n, "%s", d >= 0 && d < CP_DAYS ? cp_day_name[d] : "?");
  return buf;
}

/* "the week" in a one-week cycle, else "week 2". */
static const char *week_text(const ctx *c, int w, char *buf, size_t n)
{
  if (c->W > 1)
    snprintf(buf, n, "week %d", w + 1);
  else
    snprintf(buf, n, "the week");
  return buf;
}

static const char *ther_id(const ctx *c, int t)
{
  return t >= 0 && t < c->sc->therapists.n ? c->sc->therapists.v[t].id : "?";
}

/* "T1" in a one-week cycle, else "T1 week 2". */
static const char *ther_week(const ctx *c, int t, int w, char *buf, size_t n)
{
  if (c->W > 1)
    snprintf(buf, n, "%s week %d", ther_id(c, t), w + 1);
  else
    snprintf(buf, n, "%s", ther_id(c, t));
  return buf;
}

static bool svc_valid(const ctx *c, int k)
{
  return k >= 0 && k < c->sc->services.n;
}

static const char *student_of(const ctx *c, int k)
{
  return svc_valid(c, k)
             ? c->sc->students.v[c->sc->services.v[k].student].id
             : "?";
}

static const char *school_id(const ctx *c, int s)
{
  return s >= 0 && s < c->sc->schools.n ? c->sc->schools.v[s].id : "?";
}

static const char *svc_text(const ctx *c, int k, char *buf, size_t n)
{
  const cp_service *sv = &c->sc->services.v[k];
  snprintf(buf, n, "%s %s %s", c->sc->students.v[sv->student].id,
           c->sc->disciplines[sv->discipline],
           sv->mode == CP_DIRECT ? "direct" : "consult");
  return buf;
}

/* "T1 Mon 09:15-09:45 session S3;S4" */
static const char *row_text(const ctx *c, const cp_row *r, char *buf,
                            size_t n)
{
  char a[6], b[6], dt[32];
  hm(r->start, a);
  hm(r->end, b);
  size_t used = (size_t)snprintf(buf, n, "%s %s %s-%s %s",
                                 ther_id(c, r->therapist),
                                 day_text(c, r->week, r->day, dt, sizeof dt),
                                 a, b, kind_of(r));
  for (int i = 0; i < r->n_services && used < n; i++)
    used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ";" : " ",
                             student_of(c, r->services[i]));
  return buf;
}

static void add(ctx *c, int line, int therapist, const char *text)
{
  cp_verify_report *rep = c->rep;
  if (rep->n == rep->cap) {
    int ncap = rep->cap ? rep->cap * 2 : 16;
    cp_violation *nv = realloc(rep->v, (size_t)ncap * sizeof *nv);
    if (!nv) {
      c->nomem = true;
      return;
    }
    rep->v = nv;
    rep->cap = ncap;
  }
  cp_violation *v = &rep->v[rep->n];
  v->line = line;
  v->therapist = therapist;
  snprintf(v->text, sizeof v->text, "%s", text);
  rep->n++;
}

static void row_viol(ctx *c, const cp_row *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A violation of one row: "ROW: what". */
static void row_viol(ctx *c, const cp_row *r, const char *fmt, ...)
{
  char head[256], what[384], text[640];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  snprintf(text, sizeof text, "%s: %s", row_text(c, r, head, sizeof head),
           what);
  add(c, r->line, r->therapist, text);
}

static void viol(ctx *c, int therapist, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* A violation of no single row (something missing, a total short). */
static void viol(ctx *c, int therapist, const char *fmt, ...)
{
  char text[640];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  add(c, 0, therapist, text);
}

/* "line 4" or "" for solver rows (no file line). */
static const char *line_ref(const cp_row *r, char *buf, size_t n)
{
  if (r->line > 0)
    snprintf(buf, n, " (line %d)", r->line);
  else
    buf[0] = 0;
  return buf;
}

/* ---- indexing ------------------------------------------------------------- */

typedef struct row_key {
  int therapist, week, day, start, end, row;
} row_key;

static int cmp_key(const void *a, const void *b)
{
  const row_key *x = a, *y = b;
  if (x->therapist != y->therapist)
    return x->therapist < y->therapist ? -1 : 1;
  if (x->week != y->week)
    return x->week < y->week ? -1 : 1;
  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return x->row < y->row ? -1 : x->row > y->row;
}

static size_t day_key(const ctx *c, int t, int w, int d)
{
  return ((size_t)t * (size_t)c->W + (size_t)w) * CP_DAYS + (size_t)d;
}

/* Rows of therapist t on week w, day d, in time order: ord[lo .. lo+n). */
static const int *day_rows(const ctx *c, int t, int w, int d, int *n)
{
  size_t k = day_key(c, t, w, d);
  *n = c->count[k];
  return c->ord + c->first[k];
}

static bool build_index(ctx *c)
{
  const cp_schedule *s = c->s;
  size_t keys = (size_t)c->sc->therapists.n * (size_t)c->W * CP_DAYS;
  c->ok = calloc((size_t)s->n + 1, sizeof *c->ok);
  c->fixed = calloc((size_t)s->n + 1, sizeof *c->fixed);
  c->ord = malloc(((size_t)s->n + 1) * sizeof *c->ord);
  c->first = calloc(keys + 1, sizeof *c->first);
  c->count = calloc(keys + 1, sizeof *c->count);
  if (!c->ok || !c->fixed || !c->ord || !c->first || !c->count)
    return false;
  return true;
}

static bool sort_index(ctx *c)
{
  row_key *keys = malloc(((size_t)c->s->n + 1) * sizeof *keys);
  if (!keys)
    return false;
  c->n_ord = 0;
  for (int i = 0; i < c->s->n; i++)
    if (c->ok[i]) {
      const cp_row *r = &c->s->rows[i];
      keys[c->n_ord++] = (row_key){r->therapist, r->week, r->day, r->start,
                                   r->end, i};
    }
  qsort(keys, (size_t)c->n_ord, sizeof *keys, cmp_key);
  for (int p = c->n_ord - 1; p >= 0; p--) {
    c->ord[p] = keys[p].row;
    size_t k = day_key(c, keys[p].therapist, keys[p].week, keys[p].day);
    c->first[k] = p;
    c->count[k]++;
  }
  free(keys);
  return true;
}

/* ---- 1. each row ---------------------------------------------------------- */

/* Indices a solver bug could break; a row failing them is reported and left
 * out of every other check. */
static bool check_indices(ctx *c, const cp_row *r)
{
  const cp_scenario *sc = c->sc;
  bool ok = true;
  if (r->therapist < 0 || r->therapist >= sc->therapists.n) {
    row_viol(c, r, "therapist index %d is not in therapists.csv",
             r->therapist);
    ok = false;
  }
  if (r->week < 0 || r->week >= c->W) {
    row_viol(c, r, "week %d is outside the %d-week rotation (rotation_weeks "
             "= %d)", r->week + 1, c->W, c->W);
    ok = false;
  }
  if (r->day < 0 || r->day >= CP_DAYS) {
    row_viol(c, r, "day index %d is not a day of the week", r->day);
    ok = false;
  }
  if (r->school != CP_NONE && (r->school < 0 || r->school >= sc->schools.n)) {
    row_viol(c, r, "school index %d is not in schools.csv", r->school);
    ok = false;
  }
  for (int i = 0; i < r->n_services; i++)
    if (!svc_valid(c, r->services[i])) {
      row_viol(c, r, "service index %d is not in services.csv",
               r->services[i]);
      ok = false;
    }
  if ((r->act == CP_ACT_SESSION || r->act == CP_ACT_CONSULT) &&
      r->n_services == 0) {
    row_viol(c, r, "a %s row lists no student", kind_of(r));
    ok = false;
  }
  if (r->start >= r->end) {
    char a[6], b[6];
    hm(r->start, a);
    hm(r->end, b);
    row_viol(c, r, "ends at %s, not after its start %s (start < end)", b, a);
    ok = false;
  }
  return ok;
}

static void check_hours(ctx *c, const cp_row *r)
{
  int slot = c->sc->set.slot;
  char a[6], b[6];
  if (r->start % slot || r->end % slot) {
    hm(r->start % slot ? r->start : r->end, a);
    row_viol(c, r, "%s %s is not on the %d-minute grid (slot_minutes = %d)",
             r->start % slot ? "start" : "end", a, slot, slot);
  }
  const cp_therapist *th = &c->sc->therapists.v[r->therapist];
  const cp_workday *w = &th->day[r->day];
  if (!w->works) {
    row_viol(c, r, "%s does not work on %s (therapists.csv)", th->id,
             cp_day_name[r->day]);
    return;
  }
  if (r->start < w->start || r->end > w->end) {
    hm(w->start, a);
    hm(w->end, b);
    row_viol(c, r, "lies outside the contract hours %s-%s of %s on %s "
             "(therapists.csv line %d): no work off the clock",
             a, b, th->id, cp_day_name[r->day], w->line);
  }
}

static bool block_applies(const cp_block *b, const cp_student *st, int d)
{
  if (b->preferred || !(b->days & (1u << d)))
    return false;
  if (b->school != CP_NONE && b->school != st->school)
    return false;
  switch (b->scope) {
  case CP_SCOPE_STUDENT:
    return b->id && !strcmp(b->id, st->id);
  case CP_SCOPE_CLASSROOM:
    return b->id && st->classroom && !strcmp(b->id, st->classroom);
  case CP_SCOPE_GRADE:
    return b->id && st->grade && !strcmp(b->id, st->grade);
  case CP_SCOPE_SCHOOL:
    return true;
  }
  return false;
}

/* The session must lie inside one availability window of the student; when
 * it does not, name the unavailable block it hits. */
static void check_available(ctx *c, const cp_row *r, int k)
{
  const cp_scenario *sc = c->sc;
  const cp_student *st = &sc->students.v[sc->services.v[k].student];
  const cp_spans *av = &st->avail[r->day];
  for (int i = 0; i < av->n; i++)
    if (av->v[i].start <= r->start && r->end <= av->v[i].end)
      return;
  char a[6], b[6];
  for (int i = 0; i < sc->blocks.n; i++) {
    const cp_block *bl = &sc->blocks.v[i];
    if (block_applies(bl, st, r->day) && bl->start < r->end &&
        r->start < bl->end) {
      hm(bl->start, a);
      hm(bl->end, b);
      row_viol(c, r, "overlaps the unavailable time %s-%s of %s%s%s%s "
               "(blocks.csv line %d): no direct session in an unavailable "
               "block",
               a, b, st->id, bl->reason && *bl->reason ? ", '" : "",
               bl->reason && *bl->reason ? bl->reason : "",
               bl->reason && *bl->reason ? "'" : "", bl->line);
      return;
    }
  }
  char list[200] = "";
  size_t used = 0;
  for (int i = 0; i < av->n && used < sizeof list; i++) {
    hm(av->v[i].start, a);
    hm(av->v[i].end, b);
    used += (size_t)snprintf(list + used, sizeof list - used, "%s%s-%s",
                             i ? ", " : "", a, b);
  }
  row_viol(c, r, "is not inside a time %s is available on %s (%s)", st->id,
           cp_day_name[r->day], used ? list : "none");
}

/* What sessions and consults share: the service belongs to this row's kind,
 * discipline, school, therapist (pinning, allowed schools), school day. */
static void check_service_row(ctx *c, const cp_row *r, int k)
{
  const cp_scenario *sc = c->sc;
  const cp_service *sv = &sc->services.v[k];
  const cp_student *st = &sc->students.v[sv->student];
  const cp_therapist *th = &sc->therapists.v[r->therapist];
  char sb[128];
  cp_mode want = r->act == CP_ACT_SESSION ? CP_DIRECT : CP_CONSULT;
  if (sv->mode != want)
    row_viol(c, r, "%s is a %s service, not %s (a %s row serves %s "
             "services)", svc_text(c, k, sb, sizeof sb),
             sv->mode == CP_DIRECT ? "direct" : "consult",
             want == CP_DIRECT ? "direct" : "consult", kind_of(r),
             want == CP_DIRECT ? "direct" : "consult");
  if (sv->discipline != th->discipline)
    row_viol(c, r, "%s is a %s therapist and may not serve %s",
             th->id, sc->disciplines[th->discipline],
             svc_text(c, k, sb, sizeof sb));
  if (st->pinned != CP_NONE && st->pinned != r->therapist &&
      sc->therapists.v[st->pinned].discipline == sv->discipline)
    row_viol(c, r, "%s is pinned to %s (students.csv line %d); only %s may "
             "serve its %s services",
             st->id, sc->therapists.v[st->pinned].id, st->line,
             sc->therapists.v[st->pinned].id, sc->disciplines[sv->discipline]);
  if (r->school != st->school) {
    row_viol(c, r, "%s attends school %s, but the row is %s%s", st->id,
             sc->schools.v[st->school].id,
             r->school == CP_NONE ? "at no school" : "at school ",
             r->school == CP_NONE ? "" : sc->schools.v[r->school].id);
    return;
  }
  const cp_school *sch = &sc->schools.v[st->school];
  char a[6], b[6];
  if (r->day >= 5) {
    row_viol(c, r, "%s is not a school day (schools meet Mon-Fri)",
             cp_day_name[r->day]);
    return;
  }
  if (r->start < sch->start || r->end > sch->end) {
    hm(sch->start, a);
    hm(sch->end, b);
    row_viol(c, r, "lies outside the school day of %s (%s-%s)", sch->id, a,
             b);
    return;
  }
  if (r->act == CP_ACT_SESSION && sv->mode == CP_DIRECT)
    check_available(c, r, k);
  int len = r->end - r->start;
  if (sv->session_minutes > 0 && len != sv->session_minutes && sv->mode == want)
    row_viol(c, r, "lasts %d minutes; every %s of %s lasts exactly %d "
             "(services.csv line %d)", len, kind_of(r) /* session/consult */,
             svc_text(c, k, sb, sizeof sb), sv->session_minutes, sv->line);
}

/* Groups (SPEC §2.7): one school, one session length, every member's setting
 * allows a group, size within every member's max_group. */
static void check_group(ctx *c, const cp_row *r)
{
  const cp_scenario *sc = c->sc;
  int n = r->n_services;
  char sb[128];
  for (int i = 0; i < n; i++)
    for (int j = 0; j < i; j++)
      if (sc->services.v[r->services[i]].student ==
          sc->services.v[r->services[j]].student)
        row_viol(c, r, "lists %s twice", student_of(c, r->services[i]));
  if (n < 2)
    return;
  const cp_service *s0 = &sc->services.v[r->services[0]];
  int school0 = sc->students.v[s0->student].school;
  int cap = sc->set.group_max, capper = -1;
  for (int i = 0; i < n; i++) {
    const cp_service *sv = &sc->services.v[r->services[i]];
    const cp_student *st = &sc->students.v[sv->student];
    if (st->school != school0)
      row_viol(c, r, "groups students of different schools (%s at %s, %s at "
               "%s)", student_of(c, r->services[0]), school_id(c, school0),
               st->id, school_id(c, st->school));
    if (sv->session_minutes != s0->session_minutes)
      row_viol(c, r, "groups sessions of different lengths (%s: %d minutes, "
               "%s: %d)", student_of(c, r->services[0]),
               s0->session_minutes, st->id, sv->session_minutes);
    if (sv->setting == CP_INDIVIDUAL)
      row_viol(c, r, "groups %s, whose %s %s service is individual "
               "(services.csv line %d): individual students are never "
               "grouped", st->id, sc->disciplines[sv->discipline],
               sv->mode == CP_DIRECT ? "direct" : "consult", sv->line);
    else if (sv->max_group < cap) {
      cap = sv->max_group;
      capper = r->services[i];
    }
  }
  if (n > cap) {
    if (capper >= 0)
      row_viol(c, r, "a group of %d students is larger than %d, the "
               "max_group of %s (services.csv line %d)", n, cap,
               svc_text(c, capper, sb, sizeof sb),
               sc->services.v[capper].line);
    else
      row_viol(c, r, "a group of %d students is larger than group_max = %d",
               n, cap);
  }
}

static void check_rows(ctx *c)
{
  const cp_scenario *sc = c->sc;
  size_t ns = (size_t)sc->schools.n;
  for (int i = 0; i < c->s->n; i++) {
    const cp_row *r = &c->s->rows[i];
    c->ok[i] = check_indices(c, r);
    if (!c->ok[i])
      continue;
    check_hours(c, r);
    if (r->act != CP_ACT_SESSION && r->act != CP_ACT_CONSULT)
      continue;
    const cp_therapist *th = &sc->therapists.v[r->therapist];
    if (r->school != CP_NONE &&
        !th->may_serve[(size_t)r->day * ns + (size_t)r->school])
      row_viol(c, r, "%s may not serve school %s on %s (schools column of "
               "therapists.csv line %d)", th->id, sc->schools.v[r->school].id,
               cp_day_name[r->day], th->day[r->day].works ?
               th->day[r->day].line : th->line);
    for (int k = 0; k < r->n_services; k++)
      check_service_row(c, r, r->services[k]);
    if (r->act == CP_ACT_SESSION)
      check_group(c, r);
  }
}

/* ---- 2. each therapist's day ---------------------------------------------- */

static void check_overlaps(ctx *c)
{
  char other[256], lr[24];
  const cp_row *far = NULL; /* earlier row of the day reaching furthest */
  for (int p = 0; p < c->n_ord; p++) {
    const cp_row *r = &c->s->rows[c->ord[p]];
    if (far && (far->therapist != r->therapist || far->week != r->week ||
                far->day != r->day))
      far = NULL;
    if (far && far->end > r->start)
      row_viol(c, r, "overlaps %s%s: a therapist does one thing at a time",
               row_text(c, far, other, sizeof other),
               line_ref(far, lr, sizeof lr));
    if (!far || r->end > far->end)
      far = r;
  }
}

/* Location-bound rows put the therapist at a school: sessions, consults and
 * duties with a school (fixed duties at a school).  Lunch, documentation,
 * reserve and duties without a school may happen anywhere, so they use up
 * the time between two schools; travel rows are the drive itself. */
static bool location_bound(const cp_row *r)
{
  return r->act == CP_ACT_SESSION || r->act == CP_ACT_CONSULT ||
         (r->act == CP_ACT_DUTY && r->school != CP_NONE);
}

static bool location_free(const cp_row *r)
{
  return r->act == CP_ACT_LUNCH || r->act == CP_ACT_DOC ||
         r->act == CP_ACT_RESERVE ||
         (r->act == CP_ACT_DUTY && r->school == CP_NONE);
}

/* Minutes of location-free rows inside [lo, hi). */
static int busy_between(const ctx *c, const int *rows, int n, int lo, int hi)
{
  int m = 0;
  for (int i = 0; i < n; i++) {
    const cp_row *r = &c->s->rows[rows[i]];
    if (!location_free(r))
      continue;
    int a = r->start > lo ? r->start : lo, b = r->end < hi ? r->end : hi;
    if (b > a)
      m += b - a;
  }
  return m;
}

static void check_travel_day(ctx *c, int t, int w, int d)
{
  const cp_scenario *sc = c->sc;
  const cp_workday *wd = &sc->therapists.v[t].day[d];
  int n;
  const int *rows = day_rows(c, t, w, d, &n);
  const cp_row *prev = NULL, *first = NULL;
  char other[256], lr[24], a[6];
  for (int i = 0; i < n; i++) {
    const cp_row *r = &c->s->rows[rows[i]];
    if (!location_bound(r) || r->school == CP_NONE)
      continue;
    if (!first)
      first = r;
    if (prev && prev->school != r->school && r->start >= prev->end) {
      int gap = r->start - prev->end;
      int busy = busy_between(c, rows, n, prev->end, r->start);
      int need = cp_travel(sc, prev->school, r->school);
      if (gap - busy < need)
        row_viol(c, r, "starts %d minutes after %s%s at %s; minus %d minutes "
                 "of lunch, documentation and other location-free work "
                 "that leaves %d, but the drive from %s to %s takes %d",
                 gap, row_text(c, prev, other, sizeof other),
                 line_ref(prev, lr, sizeof lr), sc->schools.v[prev->school].id,
                 busy, gap - busy, sc->schools.v[prev->school].id,
                 sc->schools.v[r->school].id, need);
    }
    prev = r;
  }
  if (!first || wd->base == CP_NONE)
    return;
  const char *base = sc->schools.v[wd->base].id;
  int gap = first->start - wd->start;
  int busy = busy_between(c, rows, n, wd->start, first->start);
  int need = cp_travel(sc, wd->base, first->school);
  if (gap >= 0 && gap - busy < need) {
    hm(wd->start, a);
    row_viol(c, first, "starts %d minutes after the contract start %s; "
             "minus %d minutes of location-free work that leaves %d, but the "
             "drive from the base school %s to %s takes %d",
             gap, a, busy, gap - busy, base,
             sc->schools.v[first->school].id, need);
  }
  gap = wd->end - prev->end;
  busy = busy_between(c, rows, n, prev->end, wd->end);
  need = cp_travel(sc, prev->school, wd->base);
  if (gap >= 0 && gap - busy < need) {
    hm(wd->end, a);
    row_viol(c, prev, "ends %d minutes before the contract end %s; minus %d "
             "minutes of location-free work that leaves %d, but the drive "
             "from %s back to the base school %s takes %d",
             gap, a, busy, gap - busy, sc->schools.v[prev->school].id, base,
             need);
  }
}

static void check_travel(ctx *c)
{
  for (int t = 0; t < c->sc->therapists.n; t++)
    for (int w = 0; w < c->W; w++)
      for (int d = 0; d < CP_DAYS; d++)
        if (c->sc->therapists.v[t].day[d].works)
          check_travel_day(c, t, w, d);
}

/* ---- 3. students ------------------------------------------------------------ */

static void check_students(ctx *c)
{
  size_t n = 0;
  for (int p = 0; p < c->n_ord; p++) {
    const cp_row *r = &c->s->rows[c->ord[p]];
    if (r->act == CP_ACT_SESSION)
      n += (size_t)r->n_services;
  }
  row_key *e = malloc((n + 1) * sizeof *e); /* therapist field = student */
  if (!e) {
    c->nomem = true;
    return;
  }
  n = 0;
  for (int p = 0; p < c->n_ord; p++) {
    const cp_row *r = &c->s->rows[c->ord[p]];
    if (r->act != CP_ACT_SESSION)
      continue;
    for (int i = 0; i < r->n_services; i++)
      e[n++] = (row_key){c->sc->services.v[r->services[i]].student, r->week,
                         r->day, r->start, r->end, c->ord[p]};
  }
  qsort(e, n, sizeof *e, cmp_key);
  char other[256], lr[24];
  size_t far = 0; /* entry reaching furthest in the current group */
  for (size_t i = 1; i < n; i++) {
    if (e[i].therapist != e[far].therapist || e[i].week != e[far].week ||
        e[i].day != e[far].day) {
      far = i;
      continue;
    }
    const cp_row *r = &c->s->rows[e[i].row], *o = &c->s->rows[e[far].row];
    /* overlaps within one therapist's day are reported as such */
    if (e[far].end > e[i].start && o->therapist != r->therapist)
      row_viol(c, r, "%s is also in %s%s at the same time: a student is "
               "never in two sessions at once",
               c->sc->students.v[e[i].therapist].id,
               row_text(c, o, other, sizeof other),
               line_ref(o, lr, sizeof lr));
    if (e[i].end > e[far].end)
      far = i;
  }
  free(e);
}

/* ---- 4. services ------------------------------------------------------------ */

static const char *per_text(const cp_service *sv)
{
  return sv->per == CP_PER_MONTH ? "a month" : "a week";
}

static void check_services(ctx *c)
{
  const cp_scenario *sc = c->sc;
  int W = c->W, n = sc->services.n;
  size_t nd = (size_t)n * (size_t)W * CP_DAYS;
  int *on_day = malloc((nd + 1) * sizeof *on_day);
  int *by = malloc(((size_t)n + 1) * sizeof *by);
  bool *mixed = calloc((size_t)n + 1, sizeof *mixed);
  int *count = calloc((size_t)n * (size_t)W + 1, sizeof *count);
  int *minutes = calloc((size_t)n + 1, sizeof *minutes);
  char sb[128], other[256], lr[24], wt[96];
  if (!on_day || !by || !mixed || !count || !minutes) {
    c->nomem = true;
    goto done;
  }
  for (size_t i = 0; i < nd; i++)
    on_day[i] = -1;
  for (int k = 0; k < n; k++)
    by[k] = CP_NONE;
  for (int p = 0; p < c->n_ord; p++) {
    const cp_row *r = &c->s->rows[c->ord[p]];
    if (r->act != CP_ACT_SESSION && r->act != CP_ACT_CONSULT)
      continue;
    cp_mode want = r->act == CP_ACT_SESSION ? CP_DIRECT : CP_CONSULT;
    for (int i = 0; i < r->n_services; i++) {
      int k = r->services[i];
      const cp_service *sv = &sc->services.v[k];
      if (sv->mode != want)
        continue; /* reported with the row; credits nothing */
      if (by[k] == CP_NONE)
        by[k] = r->therapist;
      else if (by[k] != r->therapist && !mixed[k]) {
        mixed[k] = true;
        row_viol(c, r, "%s is also served by %s: all sessions of a service "
                 "are given by one therapist", svc_text(c, k, sb, sizeof sb),
                 sc->therapists.v[by[k]].id);
      }
      /* one a day: sessions, and consults with a session length */
      size_t slot = ((size_t)k * (size_t)W + (size_t)r->week) * CP_DAYS +
                    (size_t)r->day;
      if (sv->session_minutes > 0) {
        if (on_day[slot] >= 0) {
          const cp_row *o = &c->s->rows[on_day[slot]];
          row_viol(c, r, "is a second %s of %s on %s (the first is %s%s): at "
                   "most one session per service per day",
                   kind_of(r), svc_text(c, k, sb, sizeof sb),
                   cp_day_name[r->day], row_text(c, o, other, sizeof other),
                   line_ref(o, lr, sizeof lr));
        } else {
          on_day[slot] = c->ord[p];
        }
      }
      count[(size_t)k * (size_t)W + (size_t)r->week]++;
      minutes[k] += r->end - r->start;
    }
  }
  for (int k = 0; k < n; k++) {
    const cp_service *sv = &sc->services.v[k];
    int t = by[k];
    svc_text(c, k, sb, sizeof sb);
    if (sv->session_minutes > 0 && sv->per == CP_PER_WEEK) {
      for (int w = 0; w < W; w++) {
        int got = count[(size_t)k * (size_t)W + (size_t)w];
        if (got < sv->weekly)
          viol(c, t, "service %s (services.csv line %d): %d session%s of %d "
               "minutes in %s, needs %d (%d minutes a week)", sb, sv->line,
               got, got == 1 ? "" : "s", sv->session_minutes,
               week_text(c, w, wt, sizeof wt), sv->weekly, sv->minutes);
      }
    } else if (sv->session_minutes > 0) {
      int got = 0;
      for (int w = 0; w < W; w++)
        got += count[(size_t)k * (size_t)W + (size_t)w];
      if (got < sv->sessions)
        viol(c, t, "service %s (services.csv line %d): %d session%s of %d "
             "minutes in the %d-week cycle, needs %d (%d minutes %s; a month "
             "is 4 weeks)", sb, sv->line, got, got == 1 ? "" : "s",
             sv->session_minutes, W, sv->sessions, sv->minutes,
             per_text(sv));
    } else if (minutes[k] < sv->cycle_minutes) {
      viol(c, t, "service %s (services.csv line %d): %d minutes in the "
           "%d-week cycle, needs %d (%d minutes %s%s)", sb, sv->line,
           minutes[k], W, sv->cycle_minutes, sv->minutes, per_text(sv),
           sv->per == CP_PER_MONTH ? "; a month is 4 weeks" : "");
    }
  }
done:
  free(on_day);
  free(by);
  free(mixed);
  free(count);
  free(minutes);
}

/* ---- 5. each therapist: lunch, duties, documentation, reserve --------------- */

/* Marks the row that is each occurrence of a fixed duty (activity = kind,
 * exact start and end, and school when the duty names one); a missing one is
 * a violation.  Marked rows then count toward nothing floating. */
static void check_fixed(ctx *c)
{
  const cp_scenario *sc = c->sc;
  char a[6], b[6], dt[32], found[256], other[200], lr[24];
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (!du->fixed)
      continue;
    hm(du->start, a);
    hm(du->end, b);
    for (int t = 0; t < sc->therapists.n; t++) {
      for (int d = 0; d < CP_DAYS; d++) {
        if (!cp_duty_applies(sc, du, t, d))
          continue;
        for (int w = 0; w < c->W; w++) {
          int n, hit = -1;
          const int *rows = day_rows(c, t, w, d, &n);
          found[0] = 0;
          for (int j = 0; j < n && hit < 0; j++) {
            const cp_row *r = &c->s->rows[rows[j]];
            if (r->act == CP_ACT_SESSION || r->act == CP_ACT_CONSULT ||
                !is_kind(r, du->kind) || c->fixed[rows[j]])
              continue;
            if (r->start == du->start && r->end == du->end &&
                (du->school == CP_NONE || r->school == du->school))
              hit = rows[j];
            else if (!found[0])
              snprintf(found, sizeof found, "; found %s%s%s%s instead",
                       row_text(c, r, other, sizeof other),
                       r->school != CP_NONE ? " at " : "",
                       r->school != CP_NONE ? sc->schools.v[r->school].id
                                            : "",
                       line_ref(r, lr, sizeof lr));
          }
          if (hit >= 0) {
            c->fixed[hit] = true;
            continue;
          }
          viol(c, t, "%s %s: the fixed %s %s-%s%s%s (duties.csv line %d) is "
               "missing%s", sc->therapists.v[t].id,
               day_text(c, w, d, dt, sizeof dt), du->kind, a, b,
               du->school != CP_NONE ? " at " : "",
               du->school != CP_NONE ? sc->schools.v[du->school].id : "",
               du->line, found);
        }
      }
    }
  }
}

static void check_lunch(ctx *c)
{
  const cp_scenario *sc = c->sc;
  char a[6], b[6], e[6], f[6], dt[32];
  for (int t = 0; t < sc->therapists.n; t++)
    for (int d = 0; d < CP_DAYS; d++) {
      const cp_workday *wd = &sc->therapists.v[t].day[d];
      if (!wd->works || wd->lunch_minutes <= 0)
        continue;
      hm(wd->lunch_earliest, e);
      hm(wd->lunch_latest, f);
      for (int w = 0; w < c->W; w++) {
        int n, blocks = 0, bs = 0, be = 0;
        const int *rows = day_rows(c, t, w, d, &n);
        const cp_row *head = NULL; /* first row of the current block */
        for (int j = 0; j <= n; j++) {
          const cp_row *r = j < n ? &c->s->rows[rows[j]] : NULL;
          if (r && r->act != CP_ACT_LUNCH)
            continue;
          if (r && head && r->start <= be) { /* contiguous: one break */
            if (r->end > be)
              be = r->end;
            continue;
          }
          if (head) { /* close the block [bs, be) */
            hm(bs, a);
            hm(be, b);
            if (blocks > 1)
              row_viol(c, head, "is a second lunch break that day: lunch is "
                       "one break of at least %d minutes", wd->lunch_minutes);
            else if (be - bs < wd->lunch_minutes)
              row_viol(c, head, "lunch %s-%s is %d minutes, needs %d "
                       "contiguous minutes (therapists.csv line %d)", a, b,
                       be - bs, wd->lunch_minutes, wd->line);
            if (blocks == 1 &&
                (bs < wd->lunch_earliest || be > wd->lunch_latest))
              row_viol(c, head, "lunch %s-%s is outside the lunch window "
                       "%s-%s (therapists.csv line %d)", a, b, e, f,
                       wd->line);
          }
          if (!r)
            break;
          head = r;
          bs = r->start;
          be = r->end;
          blocks++;
        }
        if (!blocks)
          viol(c, t, "%s %s: no lunch; every working day needs %d "
               "contiguous duty-free minutes between %s and %s "
               "(therapists.csv line %d)", sc->therapists.v[t].id,
               day_text(c, w, d, dt, sizeof dt), wd->lunch_minutes, e, f,
               wd->line);
      }
    }
}

/* Floating need of one kind for therapist t: minutes per working day and per
 * week, the smallest min_block among them (two floating duties of one kind
 * are pooled), and the first duties.csv line.  False when there is none. */
typedef struct need {
  int per_day, per_week, min_block, line;
} need;

static bool floating_need(const ctx *c, int t, const char *kind, need *nd)
{
  *nd = (need){0, 0, 0, 0};
  for (int i = 0; i < c->sc->duties.n; i++) {
    const cp_duty *du = &c->sc->duties.v[i];
    if (du->fixed || (du->therapist != CP_NONE && du->therapist != t) ||
        strcmp(du->kind, kind))
      continue;
    if (du->per == CP_PER_DAY)
      nd->per_day += du->minutes;
    else
      nd->per_week += du->minutes;
    if (!nd->line || du->min_block < nd->min_block)
      nd->min_block = du->min_block;
    if (!nd->line)
      nd->line = du->line;
  }
  return nd->line != 0;
}

/* Blocks of one kind on a therapist day (contiguous rows merged, fixed duty
 * rows left out): all minutes, and minutes in blocks of at least min_block;
 * the shorter blocks are listed in *shorts. */
typedef struct blocks {
  int all, counted;
  char shorts[160];
  size_t used;
} blocks;

static void add_block(blocks *b, int d, int bs, int be, int min_block)
{
  b->all += be - bs;
  if (be - bs >= min_block) {
    b->counted += be - bs;
    return;
  }
  char x[6], y[6];
  hm(bs, x);
  hm(be, y);
  if (b->used < sizeof b->shorts)
    b->used += (size_t)snprintf(b->shorts + b->used, sizeof b->shorts - b->used,
                                "%s%s %s-%s", b->used ? ", " : "",
                                cp_day_name[d], x, y);
}

static void scan_kind(const ctx *c, int t, int w, int d, const char *kind,
                      int min_block, blocks *b)
{
  int n, bs = 0, be = -1;
  const int *rows = day_rows(c, t, w, d, &n);
  for (int j = 0; j < n; j++) {
    const cp_row *r = &c->s->rows[rows[j]];
    if (c->fixed[rows[j]] || r->act == CP_ACT_SESSION ||
        r->act == CP_ACT_CONSULT || !is_kind(r, kind))
      continue;
    if (be >= 0 && r->start <= be) {
      if (r->end > be)
        be = r->end;
      continue;
    }
    if (be >= 0)
      add_block(b, d, bs, be, min_block);
    bs = r->start;
    be = r->end;
  }
  if (be >= 0)
    add_block(b, d, bs, be, min_block);
}

/* Floating duties (SPEC §2.5): per day each working day, per week in each
 * week of the cycle, counting only merged blocks of at least min_block
 * (rows beyond the requirement may be any length). */
static void check_floating(ctx *c)
{
  const cp_scenario *sc = c->sc;
  char dt[32], wt[96];
  for (int t = 0; t < sc->therapists.n; t++) {
    const cp_therapist *th = &sc->therapists.v[t];
    int days = cp_therapist_days(th);
    for (int i = 0; i < sc->duties.n; i++) {
      const cp_duty *du = &sc->duties.v[i];
      need nd;
      if (du->fixed || (du->therapist != CP_NONE && du->therapist != t) ||
          !floating_need(c, t, du->kind, &nd) || nd.line != du->line)
        continue; /* each kind once, at its first duty */
      for (int w = 0; w < c->W; w++) {
        blocks week = {0, 0, "", 0};
        for (int d = 0; d < CP_DAYS; d++) {
          if (!th->day[d].works)
            continue;
          blocks day = {0, 0, "", 0};
          scan_kind(c, t, w, d, du->kind, nd.min_block, &day);
          if (nd.per_day > 0 && day.counted < nd.per_day)
            viol(c, t, "%s %s: %s totals %d minutes in blocks of at least %d, "
                 "needs %d a day (duties.csv line %d)%s%s", th->id,
                 day_text(c, w, d, dt, sizeof dt), du->kind, day.counted,
                 nd.min_block, nd.per_day, nd.line,
                 day.used ? "; shorter blocks do not count: " : "",
                 day.shorts);
          week.all += day.all;
          week.counted += day.counted;
          if (day.used && week.used < sizeof week.shorts)
            week.used += (size_t)snprintf(week.shorts + week.used,
                                          sizeof week.shorts - week.used,
                                          "%s%s", week.used ? ", " : "",
                                          day.shorts);
        }
        int want = nd.per_week + nd.per_day * days;
        if (nd.per_week > 0 && week.counted < want)
          viol(c, t, "%s: %s totals %d minutes in blocks of at least %d, "
               "needs %d a week (duties.csv line %d)%s%s",
               ther_week(c, t, w, wt, sizeof wt), du->kind, week.counted,
               nd.min_block, want, nd.line,
               week.used ? "; shorter blocks do not count: " : "",
               week.shorts);
      }
    }
  }
}

/* Documentation (SPEC §1 duties): each working day at least
 * documentation_minutes_per_session per session row (a group is one row), on
 * top of any floating documentation duty of that day; a weekly documentation
 * duty adds to the week's total. */
static void check_documentation(ctx *c)
{
  const cp_scenario *sc = c->sc;
  int per = sc->set.doc_per_session;
  char dt[32], wt[96];
  for (int t = 0; t < sc->therapists.n; t++) {
    const cp_therapist *th = &sc->therapists.v[t];
    need nd;
    floating_need(c, t, "documentation", &nd);
    for (int w = 0; w < c->W; w++) {
      int week_have = 0, week_need = 0;
      for (int d = 0; d < CP_DAYS; d++) {
        if (!th->day[d].works)
          continue;
        int n, sessions = 0, have = 0;
        const int *rows = day_rows(c, t, w, d, &n);
        for (int j = 0; j < n; j++) {
          const cp_row *r = &c->s->rows[rows[j]];
          if (r->act == CP_ACT_SESSION)
            sessions++;
          else if (r->act != CP_ACT_CONSULT && !c->fixed[rows[j]] &&
                   is_kind(r, "documentation"))
            have += r->end - r->start;
        }
        int want = per * sessions + nd.per_day;
        if (have < want) {
          char extra[64] = "";
          if (nd.per_day)
            snprintf(extra, sizeof extra, " + %d of documentation duty",
                     nd.per_day);
          viol(c, t, "%s %s: %d minutes of documentation, needs %d (%d per "
               "session x %d session row%s%s)", th->id,
               day_text(c, w, d, dt, sizeof dt), have, want, per, sessions,
               sessions == 1 ? "" : "s", extra);
        }
        week_have += have;
        week_need += want;
      }
      if (nd.per_week > 0 && week_have < week_need + nd.per_week)
        viol(c, t, "%s: %d minutes of documentation, needs %d (%d for "
             "sessions and daily duties + %d a week, duties.csv line %d)",
             ther_week(c, t, w, wt, sizeof wt), week_have,
             week_need + nd.per_week, week_need, nd.per_week, nd.line);
    }
  }
}

/* Caseload reserve (SPEC §1 duties): per week, reserve rows plus iep_meeting
 * and evaluation rows beyond what floating duties of those kinds need (fixed
 * ones count whole, as in capacity.c) cover cp_reserve_minutes() of the
 * distinct students the therapist serves in this schedule. */
static void check_reserve(ctx *c)
{
  const cp_scenario *sc = c->sc;
  const cp_settings *set = &sc->set;
  bool *seen = calloc((size_t)sc->students.n + 1, sizeof *seen);
  char wt[96];
  if (!seen) {
    c->nomem = true;
    return;
  }
  static const char *const kinds[2] = {"iep_meeting", "evaluation"};
  for (int t = 0; t < sc->therapists.n; t++) {
    const cp_therapist *th = &sc->therapists.v[t];
    memset(seen, 0, (size_t)sc->students.n * sizeof *seen);
    int S = 0;
    for (int p = 0; p < c->n_ord; p++) {
      const cp_row *r = &c->s->rows[c->ord[p]];
      if (r->therapist != t ||
          (r->act != CP_ACT_SESSION && r->act != CP_ACT_CONSULT))
        continue;
      for (int i = 0; i < r->n_services; i++) {
        int st = sc->services.v[r->services[i]].student;
        S += !seen[st];
        seen[st] = true;
      }
    }
    int want = cp_reserve_minutes(set, S);
    if (want <= 0)
      continue;
    int days = cp_therapist_days(th);
    for (int w = 0; w < c->W; w++) {
      int reserve = 0, fixed[2] = {0, 0}, loose[2] = {0, 0};
      for (int d = 0; d < CP_DAYS; d++) {
        int n;
        const int *rows = day_rows(c, t, w, d, &n);
        for (int j = 0; j < n; j++) {
          const cp_row *r = &c->s->rows[rows[j]];
          int len = r->end - r->start;
          if (r->act == CP_ACT_SESSION || r->act == CP_ACT_CONSULT)
            continue;
          if (is_kind(r, "reserve"))
            reserve += len;
          for (int k = 0; k < 2; k++)
            if (is_kind(r, kinds[k]))
              (c->fixed[rows[j]] ? fixed : loose)[k] += len;
        }
      }
      int beyond = 0;
      for (int k = 0; k < 2; k++) {
        need nd;
        floating_need(c, t, kinds[k], &nd);
        int spare = loose[k] - nd.per_week - nd.per_day * days;
        beyond += fixed[k] + (spare > 0 ? spare : 0);
      }
      if (reserve + beyond < want)
        viol(c, t, "%s: %d minutes of IEP meeting and evaluation reserve "
             "(reserve rows %d, iep_meeting and evaluation rows beyond their "
             "duties %d), needs %d a week for %d student%s (ceil((%d x %g x %d "
             "+ %g x %d) / %d))", ther_week(c, t, w, wt, sizeof wt),
             reserve + beyond, reserve, beyond, want, S, S == 1 ? "" : "s", S,
             set->iep_per_student_year, set->iep_minutes, set->evals_per_year,
             set->eval_minutes, set->school_weeks);
    }
  }
  free(seen);
}

/* ---- entry ---------------------------------------------------------------- */

typedef struct order {
  int line, seq;
} order;

static int cmp_order(const void *a, const void *b)
{
  const order *x = a, *y = b;
  bool xr = x->line > 0, yr = y->line > 0;
  if (xr != yr)
    return xr ? -1 : 1;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Rows by line first, then what no row carries, each in the order found. */
static bool sort_report(cp_verify_report *rep)
{
  if (rep->n < 2)
    return true;
  order *o = malloc((size_t)rep->n * sizeof *o);
  cp_violation *v = malloc((size_t)rep->n * sizeof *v);
  if (!o || !v) {
    free(o);
    free(v);
    return false;
  }
  for (int i = 0; i < rep->n; i++)
    o[i] = (order){rep->v[i].line, i};
  qsort(o, (size_t)rep->n, sizeof *o, cmp_order);
  for (int i = 0; i < rep->n; i++)
    v[i] = rep->v[o[i].seq];
  free(rep->v);
  rep->v = v;
  rep->cap = rep->n;
  free(o);
  return true;
}

cp_status cp_verify(const cp_scenario *sc, const cp_schedule *s,
                    cp_verify_report *rep)
{
  assert(sc && s && rep && "cp_verify: NULL argument");
  memset(rep, 0, sizeof *rep);
  snprintf(rep->file, sizeof rep->file, "schedule.csv");
  ctx c = {.sc = sc, .s = s, .rep = rep, .W = sc->set.rotation_weeks};
  if (build_index(&c)) {
    check_rows(&c);
    if (sort_index(&c)) {
      check_overlaps(&c);
      check_travel(&c);
      check_students(&c);
      check_services(&c);
      check_fixed(&c);
      check_lunch(&c);
      check_floating(&c);
      check_documentation(&c);
      check_reserve(&c);
    } else {
      c.nomem = true;
    }
  } else {
    c.nomem = true;
  }
  if (!sort_report(rep))
    c.nomem = true;
  free(c.ok);
  free(c.fixed);
  free(c.ord);
  free(c.first);
  free(c.count);
  if (c.nomem)
    return CP_ERR_NOMEM;
  return rep->n ? CP_VIOLATIONS : CP_OK;
}

void cp_verify_report_fini(cp_verify_report *rep)
{
  free(rep->v);
  memset(rep, 0, sizeof *rep);
}
