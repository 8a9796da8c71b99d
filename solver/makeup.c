/* makeup.c — the greedy placer of make-up sessions (see makeup.h).
 *
 * The board is a plain index of one week's rows: per therapist and day the
 * intervals with their school and activity (sorted by start), per student
 * and day the direct sessions, per service and day whether a session
 * happens.  A candidate is checked against it with the rules of SPEC §2
 * restated here on intervals (the travel rule as solver/verify.c states
 * it: between two schools the gap less location-free work covers the
 * drive), and only the gaps the new rows touch are checked, so a day that
 * already breaks a rule elsewhere does not block a make-up.  term.c then
 * re-checks every date that received make-ups with cp_verify().
 */
#include "makeup.h"

#include "calendar.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct bent {
  int start, end, school;
  cp_act act;
  bool fresh; /* a row of the candidate, not yet on the board */
} bent;

typedef struct blist {
  bent *v;
  int n, cap;
} blist;

struct cp_board {
  const cp_scenario *sc;
  int monday;
  blist *ther;        /* [t * CP_DAYS + d]: the therapist's rows by start */
  blist *stud;        /* [s * CP_DAYS + d]: the student's direct sessions */
  unsigned char *svc; /* [k * CP_DAYS + d]: service k has a session that day */
};

cp_board *cp_board_create(const cp_scenario *sc)
{
  cp_board *b = calloc(1, sizeof *b);
  if (!b)
    return NULL;
  b->sc = sc;
  size_t nt = (size_t)sc->therapists.n * CP_DAYS;
  size_t ns = (size_t)sc->students.n * CP_DAYS;
  size_t nk = (size_t)sc->services.n * CP_DAYS;
  b->ther = calloc(nt + 1, sizeof *b->ther);
  b->stud = calloc(ns + 1, sizeof *b->stud);
  b->svc = calloc(nk + 1, 1);
  if (!b->ther || !b->stud || !b->svc) {
    cp_board_destroy(b);
    return NULL;
  }
  return b;
}

void cp_board_destroy(cp_board *b)
{
  if (!b)
    return;
  const cp_scenario *sc = b->sc;
  if (b->ther)
    for (size_t i = 0; i < (size_t)sc->therapists.n * CP_DAYS; i++)
      free(b->ther[i].v);
  if (b->stud)
    for (size_t i = 0; i < (size_t)sc->students.n * CP_DAYS; i++)
      free(b->stud[i].v);
  free(b->ther);
  free(b->stud);
  free(b->svc);
  free(b);
}

void cp_board_reset(cp_board *b, int monday)
{
  const cp_scenario *sc = b->sc;
  b->monday = monday;
  for (size_t i = 0; i < (size_t)sc->therapists.n * CP_DAYS; i++)
    b->ther[i].n = 0;
  for (size_t i = 0; i < (size_t)sc->students.n * CP_DAYS; i++)
    b->stud[i].n = 0;
  memset(b->svc, 0, (size_t)sc->services.n * CP_DAYS);
}

/* Inserts e keeping the list sorted by start, then end. */
static bool list_insert(blist *l, bent e)
{
  if (l->n == l->cap) {
    int cap = l->cap ? l->cap * 2 : 8;
    if (cap < 0 || (size_t)cap > SIZE_MAX / sizeof *l->v)
      return false;
    bent *v = realloc(l->v, (size_t)cap * sizeof *v);
    if (!v)
      return false;
    l->v = v;
    l->cap = cap;
  }
  int i = l->n;
  while (i > 0 && (l->v[i - 1].start > e.start ||
                   (l->v[i - 1].start == e.start && l->v[i - 1].end > e.end))) {
    l->v[i] = l->v[i - 1];
    i--;
  }
  l->v[i] = e;
  l->n++;
  return true;
}

static int day_of(const cp_board *b, int date)
{
  int d = date - b->monday;
  assert(d >= 0 && d < CP_DAYS && "cp_board: date outside the board's week");
  return d;
}

cp_status cp_board_add(cp_board *b, const cp_row *r, int date)
{
  const cp_scenario *sc = b->sc;
  int d = day_of(b, date);
  assert(r->therapist >= 0 && r->therapist < sc->therapists.n &&
         "cp_board_add: therapist out of range");
  bent e = {r->start, r->end, r->school, r->act, false};
  if (!list_insert(&b->ther[(size_t)r->therapist * CP_DAYS + (size_t)d], e))
    return CP_ERR_NOMEM;
  if (r->act != CP_ACT_SESSION && r->act != CP_ACT_CONSULT)
    return CP_OK;
  for (int i = 0; i < r->n_services; i++) {
    int k = r->services[i];
    if (k < 0 || k >= sc->services.n)
      continue;
    b->svc[(size_t)k * CP_DAYS + (size_t)d] = 1;
    if (r->act == CP_ACT_SESSION) {
      int st = sc->services.v[k].student;
      if (!list_insert(&b->stud[(size_t)st * CP_DAYS + (size_t)d], e))
        return CP_ERR_NOMEM;
    }
  }
  return CP_OK;
}

/* ---- the rules on intervals ---------------------------------------------- */

/* Rows that put the therapist at a school, and rows that may happen
 * anywhere (they use up the time between two schools), as verify.c. */
static bool bound(const bent *e)
{
  return e->act == CP_ACT_SESSION || e->act == CP_ACT_CONSULT ||
         (e->act == CP_ACT_DUTY && e->school != CP_NONE);
}

static bool loc_free(const bent *e)
{
  return e->act == CP_ACT_LUNCH || e->act == CP_ACT_DOC ||
         e->act == CP_ACT_RESERVE ||
         (e->act == CP_ACT_DUTY && e->school == CP_NONE);
}

static bool hits(const bent *e, int s, int t)
{
  return e->start < t && s < e->end;
}

/* Is [s, t) free of the list and of the candidate's rows x[0..nx)? */
static bool is_free(const blist *l, const bent *x, int nx, int s, int t)
{
  for (int i = 0; i < l->n && l->v[i].start < t; i++)
    if (hits(&l->v[i], s, t))
      return false;
  for (int i = 0; i < nx; i++)
    if (hits(&x[i], s, t))
      return false;
  return true;
}

/* Minutes of location-free rows inside [lo, hi). */
static int busy(const blist *l, const bent *x, int nx, int lo, int hi)
{
  int m = 0;
  for (int i = 0; i < l->n + nx; i++) {
    const bent *e = i < l->n ? &l->v[i] : &x[i - l->n];
    if (!loc_free(e))
      continue;
    int a = e->start > lo ? e->start : lo, z = e->end < hi ? e->end : hi;
    if (z > a)
      m += z - a;
  }
  return m;
}

/* Does a new location-free row lie in [lo, hi)? */
static bool fresh_free_in(const bent *x, int nx, int lo, int hi)
{
  for (int i = 0; i < nx; i++)
    if (loc_free(&x[i]) && hits(&x[i], lo, hi))
      return true;
  return false;
}

static int cmp_bent(const void *a, const void *b)
{
  const bent *x = *(const bent *const *)a, *y = *(const bent *const *)b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return (x->end > y->end) - (x->end < y->end);
}

/* The travel rule of SPEC §2.3 on every gap the candidate touches: between
 * two location-bound rows at different schools, and from and to the base
 * school, the gap less location-free work is at least the drive.  Returns
 * -1 on no memory. */
static int travel_ok(const cp_scenario *sc, const cp_workday *wd,
                     const blist *l, const bent *x, int nx)
{
  const bent **seq = malloc(((size_t)l->n + (size_t)nx + 1) * sizeof *seq);
  if (!seq)
    return -1;
  int n = 0;
  for (int i = 0; i < l->n; i++)
    if (bound(&l->v[i]) && l->v[i].school != CP_NONE)
      seq[n++] = &l->v[i];
  for (int i = 0; i < nx; i++)
    if (bound(&x[i]) && x[i].school != CP_NONE)
      seq[n++] = &x[i];
  qsort(seq, (size_t)n, sizeof *seq, cmp_bent);
  int ok = 1;
  for (int i = 1; i < n && ok; i++) {
    const bent *p = seq[i - 1], *q = seq[i];
    if (p->school == q->school || q->start < p->end)
      continue;
    if (!p->fresh && !q->fresh && !fresh_free_in(x, nx, p->end, q->start))
      continue;
    int gap = q->start - p->end - busy(l, x, nx, p->end, q->start);
    ok = gap >= cp_travel(sc, p->school, q->school);
  }
  if (ok && n > 0 && wd->base != CP_NONE) {
    const bent *f = seq[0], *z = seq[n - 1];
    if (f->fresh || fresh_free_in(x, nx, wd->start, f->start)) {
      int gap = f->start - wd->start - busy(l, x, nx, wd->start, f->start);
      ok = gap >= cp_travel(sc, wd->base, f->school);
    }
    if (ok && (z->fresh || fresh_free_in(x, nx, z->end, wd->end))) {
      int gap = wd->end - z->end - busy(l, x, nx, z->end, wd->end);
      ok = gap >= cp_travel(sc, z->school, wd->base);
    }
  }
  free(seq);
  return ok;
}

/* ---- the placer ---------------------------------------------------------- */

typedef struct place {
  const cp_scenario *sc;
  const cp_makeup_req *req;
  const cp_therapist *th;
  const cp_workday *wd;
  const blist *l; /* the therapist's rows that day */
  int school, date, day;
  bent x[CP_MAKEUP_MAX_ROWS]; /* session, travel there, travel on, doc */
  int nx;
  int dest[CP_MAKEUP_MAX_ROWS]; /* school of each row (travel: where to) */
} place;

static int ceil_to(int v, int grid)
{
  return (v + grid - 1) / grid * grid;
}

/* Can the students of the request be seen in [s, t) on this day? */
static bool students_free(const cp_board *b, const place *p, int s, int t)
{
  const cp_scenario *sc = b->sc;
  if (p->req->act != CP_ACT_SESSION)
    return true;
  for (int i = 0; i < p->req->n_services; i++) {
    const cp_student *st = &sc->students.v[sc->services.v[p->req->services[i]]
                                               .student];
    const cp_spans *av = &st->avail[p->day];
    bool in = false;
    for (int j = 0; j < av->n && !in; j++)
      in = av->v[j].start <= s && t <= av->v[j].end;
    if (!in)
      return false;
    size_t si = (size_t)sc->services.v[p->req->services[i]].student;
    if (!is_free(&b->stud[si * CP_DAYS + (size_t)p->day], NULL, 0, s, t))
      return false;
  }
  return true;
}

/* Adds a row to the candidate when it is free and inside the contract. */
static bool add_row(place *p, int s, int t, int school, cp_act act)
{
  if (t <= s)
    return true;
  if (s < p->wd->start || t > p->wd->end ||
      !is_free(p->l, p->x, p->nx, s, t))
    return false;
  p->x[p->nx] = (bent){s, t, act == CP_ACT_TRAVEL ? CP_NONE : school, act,
                       true};
  p->dest[p->nx] = school;
  p->nx++;
  return true;
}

/* Where the therapist is at time X of this day: at the school of the latest
 * location-bound row, or the destination of the latest drive, that ends by
 * X (*last); before any, at the base school (CP_NONE: no base). */
static int where_before(const place *p, int x, const bent **last)
{
  const bent *best = NULL;
  for (int i = 0; i < p->l->n; i++) {
    const bent *e = &p->l->v[i];
    if (e->end > x || !((bound(e) && e->school != CP_NONE) ||
                        e->act == CP_ACT_TRAVEL))
      continue;
    if (!best || e->end > best->end ||
        (e->end == best->end && e->start >= best->start))
      best = e;
  }
  *last = best;
  return best ? best->school : p->wd->base;
}

/* The first location-bound row or drive that starts at or after X. */
static const bent *next_event(const place *p, int x)
{
  for (int i = 0; i < p->l->n; i++) {
    const bent *e = &p->l->v[i];
    if (e->start >= x &&
        ((bound(e) && e->school != CP_NONE) || e->act == CP_ACT_TRAVEL))
      return e;
  }
  return NULL;
}

/* The route around a session at [s, t) (which overlaps nothing).  The
 * therapist is at L just before (where_before), and must be at A just after:
 * at the next location-bound row's school, where the next drive leaves from
 * (L), or at the base at the end of the day.  Pass 1 takes the session only
 * when L and A are its school (the day's drives stay as they are); pass 2
 * adds a drive from L before it and to A after it (*t1, *t2 minutes, the
 * second to *to2), except where that drives to the school and back around
 * a drive that goes there anyway, which only pass 3 takes.  Returns whether
 * the pass takes it. */
static bool route(const place *p, int s, int t, int pass, int *t1, int *t2,
                  int *to2)
{
  const cp_scenario *sc = p->sc;
  int Y = p->school;
  const bent *before, *after = next_event(p, t), *dummy;
  int L = where_before(p, s, &before);
  int A = !after                      ? p->wd->base
          : after->act == CP_ACT_TRAVEL ? L
                                        : after->school;
  if (L == CP_NONE) /* no base, nothing before: the day may start here */
    L = Y;
  if (A == CP_NONE)
    A = Y;
  *t1 = *t2 = 0;
  *to2 = CP_NONE;
  if (pass == 1)
    return L == Y && A == Y;
  if (L == Y && A == Y)
    return false; /* pass 1's */
  /* a detour to Y just before a drive to Y, or back to Y after a drive
   * from it, only when nothing better fits (pass 3) */
  bool back_and_forth =
      (after && after->act == CP_ACT_TRAVEL && after->school == Y &&
       L != Y) ||
      (before && before->act == CP_ACT_TRAVEL && L != Y &&
       where_before(p, before->start, &dummy) == Y);
  if (back_and_forth != (pass == 3))
    return false;
  if (L != Y)
    *t1 = cp_travel(sc, L, Y);
  if (A != Y) {
    *t2 = cp_travel(sc, Y, A);
    *to2 = A;
  }
  return true;
}

/* Tries the session at [s, s + length): fills p->x on success.  -1 = no
 * memory. */
static int try_start(const cp_board *b, place *p, int s, int pass)
{
  const cp_scenario *sc = b->sc;
  int t = s + p->req->length;
  p->nx = 0;
  if (!is_free(p->l, NULL, 0, s, t))
    return 0;
  int t1, t2, to2, slot = sc->set.slot;
  if (!route(p, s, t, pass, &t1, &t2, &to2))
    return 0;
  t1 = ceil_to(t1, slot); /* drives as rows on the grid, as the solver's */
  t2 = ceil_to(t2, slot);
  if (!add_row(p, s, t, p->school, p->req->act) ||
      !add_row(p, s - t1, s, p->school, CP_ACT_TRAVEL) ||
      !add_row(p, t, t + t2, to2, CP_ACT_TRAVEL))
    return 0;
  int per = sc->set.doc_per_session;
  if (p->req->act == CP_ACT_SESSION && per > 0) {
    int len = ceil_to(per, slot);
    int after = ceil_to(t + t2, slot), from = ceil_to(p->wd->start, slot);
    int n = p->nx;
    /* after the session first (its notes are fresh), then earlier */
    for (int k = 0; k < 2 && p->nx == n; k++)
      for (int x = k ? from : after; x + len <= (k ? s : p->wd->end);
           x += slot) {
        if (!add_row(p, x, x + len, CP_NONE, CP_ACT_DOC))
          continue;
        int ok = travel_ok(sc, p->wd, p->l, p->x, p->nx);
        if (ok < 0)
          return -1;
        if (ok)
          break;
        p->nx--;
      }
    if (p->nx == n)
      return 0;
  }
  return travel_ok(sc, p->wd, p->l, p->x, p->nx);
}

/* Is DATE a day the rules allow the make-up on at all? */
static bool day_allowed(const cp_board *b, const place *p)
{
  const cp_scenario *sc = b->sc;
  if (p->day >= 5 || !p->wd->works ||
      !p->th->may_serve[(size_t)p->day * (size_t)sc->schools.n +
                        (size_t)p->school] ||
      cp_calendar_holiday(sc, p->school, p->date))
    return false;
  for (int i = 0; i < p->req->n_services; i++)
    if (b->svc[(size_t)p->req->services[i] * CP_DAYS + (size_t)p->day])
      return false;
  return true;
}

/* The first (date, start) in the placer's order where the request fits
 * (p->x holds the rows): 1, 0 = none, -1 = no memory.  *some_day tells
 * whether any date passed day_allowed().  With ANY_STUDENT the students'
 * availability and other sessions are not asked (what the therapist's week
 * alone allows). */
static int search(const cp_board *b, place *p, bool any_student,
                  bool *some_day)
{
  const cp_scenario *sc = b->sc;
  const cp_makeup_req *req = p->req;
  const cp_school *sch = &sc->schools.v[p->school];
  *some_day = false;
  for (int pass = 1; pass <= 3; pass++)
    for (int i = 0; i < req->n_dates; i++) {
      p->date = req->dates[i];
      p->day = day_of(b, p->date);
      p->wd = &p->th->day[p->day];
      if (!day_allowed(b, p))
        continue;
      *some_day = true;
      p->l = &b->ther[(size_t)req->therapist * CP_DAYS + (size_t)p->day];
      int lo = p->wd->start > sch->start ? p->wd->start : sch->start;
      int hi = req->act == CP_ACT_SESSION
                   ? cp_calendar_day_end(sc, p->school, p->date)
                   : sch->end;
      if (p->wd->end < hi)
        hi = p->wd->end;
      for (int s = ceil_to(lo, sc->set.slot); s + req->length <= hi;
           s += sc->set.slot) {
        if (!any_student && !students_free(b, p, s, s + req->length))
          continue;
        int ok = try_start(b, p, s, pass);
        if (ok)
          return ok;
      }
    }
  return 0;
}

cp_status cp_makeup_place(cp_board *b, const cp_makeup_req *req,
                          cp_makeup *out, cp_makeup_result *res)
{
  const cp_scenario *sc = b->sc;
  assert(req->n_services > 0 && req->length > 0 &&
         (req->act == CP_ACT_SESSION || req->act == CP_ACT_CONSULT) &&
         "cp_makeup_place: bad request");
  place p = {.sc = sc, .req = req, .th = &sc->therapists.v[req->therapist]};
  p.school = sc->students.v[sc->services.v[req->services[0]].student].school;
  bool some_day;
  int ok = search(b, &p, false, &some_day);
  if (ok < 0)
    return CP_ERR_NOMEM;
  if (!ok) {
    /* why not: the students, or the therapist's week itself? */
    *res = CP_MAKEUP_NO_DAY;
    if (some_day) {
      ok = search(b, &p, true, &some_day);
      if (ok < 0)
        return CP_ERR_NOMEM;
      *res = ok ? CP_MAKEUP_NO_TIME : CP_MAKEUP_NO_ROOM;
    }
    return CP_OK;
  }
  out->date = p.date;
  out->n_rows = p.nx;
  for (int k = 0; k < p.nx; k++) {
    const bent *e = &p.x[k];
    bool svc = e->act == CP_ACT_SESSION || e->act == CP_ACT_CONSULT;
    out->rows[k] = (cp_row){
        .therapist = req->therapist,
        .week = 0,
        .day = p.day,
        .start = e->start,
        .end = e->end,
        .school = p.dest[k],
        .act = e->act,
        .kind = cp_act_name(e->act),
        .services = svc ? (int *)req->services : NULL,
        .n_services = svc ? req->n_services : 0,
    };
    cp_status st = cp_board_add(b, &out->rows[k], p.date);
    if (st != CP_OK)
      return st;
  }
  *res = CP_MAKEUP_PLACED;
  return CP_OK;
}
