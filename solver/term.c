/* term.c — the dated plan of the term and its make-ups (see term.h).
 *
 * Three steps.  (1) Lay the schedule over the term: for each date, the rows
 * of its cycle week and weekday, each marked removed when calendar.csv
 * takes it (calendar.c).  (2) Account per service and period: planned,
 * removed and delivered minutes against cp_term_required().  (3) Walk the
 * weeks in date order; in each, for each service in services.csv order
 * whose period is short, while the week (or, for a monthly service, the
 * week's part in one month: a "chunk") is below its pro-rated share, ask
 * makeup.c for one make-up — as the same group first when the calendar
 * removed a group session of that week, else alone — and credit it.  A
 * week that cannot take one records why; what is still short at the end is
 * the period's debt.  Each date that received make-ups is then checked by
 * cp_verify(): the weekly schedule with that date's rows in place of its
 * cycle day must show no violation the same day without the make-ups does
 * not already show.
 */
#include "term.h"

#include "calendar.h"
#include "makeup.h"
#include "verify.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the pro-rating rule ------------------------------------------------- */

/* Mon-Fri days of the calendar month that holds DATE. */
static int month_weekdays(int date)
{
  int a, z, n = 0;
  cp_date_month(date, &a, &z);
  for (int d = a; d <= z; d++)
    n += cp_date_weekday(d) < 5;
  return n;
}

/* Rounds num / den to the nearest integer, halves up (num, den >= 0). */
static int round_div(long long num, long long den)
{
  return (int)((2 * num + den) / (2 * den));
}

/* A chunk: the Mon-Fri dates of [first, last] in one Monday-to-Sunday week
 * and (monthly services) one month. */
typedef struct chunk {
  int dates[5];
  int n;          /* Mon-Fri dates */
  int school_days;/* of those, not a holiday at the student's school */
  int month_days; /* monthly: Mon-Fri days of the whole month */
} chunk;

/* The chunks of [first, last] for service k, in date order, into c[] (at
 * most 2 per week).  Returns their number. */
static int chunks_of(const cp_scenario *sc, int k, int first, int last,
                     chunk *c, int max)
{
  const cp_service *sv = &sc->services.v[k];
  int school = sc->students.v[sv->student].school;
  bool monthly = sv->per == CP_PER_MONTH;
  int n = 0, key_week = INT32_MIN, key_month = INT32_MIN;
  for (int d = first; d <= last; d++) {
    if (cp_date_weekday(d) >= 5)
      continue;
    int week = d - cp_date_weekday(d), mf = 0, ml;
    if (monthly)
      cp_date_month(d, &mf, &ml);
    if (week != key_week || mf != key_month) {
      if (n == max)
        break;
      key_week = week;
      key_month = mf;
      c[n++] = (chunk){.month_days = monthly ? month_weekdays(d) : 5};
    }
    chunk *h = &c[n - 1];
    h->dates[h->n++] = d;
    h->school_days += !cp_calendar_holiday(sc, school, d);
  }
  return n;
}

int cp_term_required(const cp_scenario *sc, int k, int first, int last)
{
  assert(k >= 0 && k < sc->services.n && "cp_term_required: bad service");
  const cp_service *sv = &sc->services.v[k];
  int total = 0;
  long long days = 0;
  int month = INT32_MIN, den = 5;
  /* one week at a time keeps the chunk buffer small */
  for (int from = first; from <= last;) {
    int to = from + 6 - cp_date_weekday(from);
    if (to > last)
      to = last;
    chunk c[2];
    int n = chunks_of(sc, k, from, to, c, 2);
    for (int i = 0; i < n; i++) {
      if (sv->per == CP_PER_MONTH) {
        int mf, ml;
        cp_date_month(c[i].dates[0], &mf, &ml);
        if (mf != month && month != INT32_MIN) {
          total += round_div((long long)sv->minutes * days, den);
          days = 0;
        }
        month = mf;
        den = c[i].month_days;
      }
      if (c[i].school_days > 0)
        days += c[i].n;
    }
    from = to + 1;
  }
  return total + round_div((long long)sv->minutes * days, den);
}

/* Is service k below its share in chunk c, having WK minutes there? */
static bool below_share(const cp_service *sv, const chunk *c, int wk)
{
  return c->school_days > 0 &&
         (long long)wk * c->month_days < (long long)sv->minutes * c->n;
}

/* Minutes still missing to the share (rounded up). */
static int share_gap(const cp_service *sv, const chunk *c, int wk)
{
  long long gap = (long long)sv->minutes * c->n - (long long)wk * c->month_days;
  return gap <= 0 ? 0 : (int)((gap + c->month_days - 1) / c->month_days);
}

/* ---- building ------------------------------------------------------------ */

typedef struct build {
  const cp_scenario *sc;
  const cp_schedule *s;
  cp_term *t;
  int *ther;       /* per service: its therapist in the weekly schedule */
  int *cycle_min;  /* per service: minutes per cycle the schedule gives */
  int *per_first;  /* per service: first period */
  int *per_count;
  int *wk;         /* [k * 2 + chunk]: minutes delivered this week */
  chunk *ck;       /* [k * 2 + chunk]: this week's chunks */
  int *n_ck;
} build;

static int push_occ(cp_term *t)
{
  return cp_vec_grow((void **)&t->occ, &t->n, &t->cap, sizeof *t->occ);
}

static cp_term_period *period_of(build *b, int k, int date)
{
  cp_term_period *p = &b->t->per[b->per_first[k]];
  for (int i = 1; i < b->per_count[k] && p->last < date; i++)
    p++;
  return p;
}

static bool is_service_row(const cp_row *r)
{
  return (r->act == CP_ACT_SESSION || r->act == CP_ACT_CONSULT) &&
         r->n_services > 0;
}

/* A row's place among the rows of its cycle week and weekday. */
typedef struct bucket_key {
  int key, row;
} bucket_key;

static int cmp_bucket(const void *a, const void *b)
{
  const bucket_key *x = a, *y = b;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  return (x->row > y->row) - (x->row < y->row);
}

/* Step 1: every occurrence of the term, in date order. */
static cp_status lay_out(build *b, int **week_lo)
{
  const cp_scenario *sc = b->sc;
  const cp_schedule *s = b->s;
  int ts = sc->set.term_start, te = sc->set.term_end;
  int monday = cp_term_monday(sc), n_weeks = (te - monday) / 7 + 1;
  int W = sc->set.rotation_weeks;
  bucket_key *ix = malloc(((size_t)s->n + 1) * sizeof *ix);
  int *first = calloc((size_t)W * CP_DAYS + 1, sizeof *first);
  int *count = calloc((size_t)W * CP_DAYS + 1, sizeof *count);
  *week_lo = calloc((size_t)n_weeks + 1, sizeof **week_lo);
  cp_status st = CP_ERR_NOMEM;
  if (!ix || !first || !count || !*week_lo)
    goto done;
  int n = 0;
  for (int i = 0; i < s->n; i++)
    if (cp_row_in_range(sc, &s->rows[i]))
      ix[n++] = (bucket_key){s->rows[i].week * CP_DAYS + s->rows[i].day, i};
  qsort(ix, (size_t)n, sizeof *ix, cmp_bucket);
  for (int p = n - 1; p >= 0; p--) {
    first[ix[p].key] = p;
    count[ix[p].key]++;
  }
  for (int date = ts; date <= te; date++) {
    int k = (date - monday) / 7;
    if (date == ts || cp_date_weekday(date) == 0)
      (*week_lo)[k] = b->t->n;
    int key = cp_term_cycle_week(sc, date) * CP_DAYS + cp_date_weekday(date);
    for (int p = first[key]; p < first[key] + count[key]; p++) {
      int i = push_occ(b->t);
      if (i < 0)
        goto done;
      cp_occ *o = &b->t->occ[i];
      o->r = s->rows[ix[p].row];
      o->date = date;
      o->src = ix[p].row;
      o->removed = cp_calendar_removes(sc, &o->r, date);
    }
  }
  (*week_lo)[n_weeks] = b->t->n;
  st = CP_OK;
done:
  free(ix);
  free(first);
  free(count);
  return st;
}

/* Step 2: the periods and what the plan delivers in each. */
static cp_status account(build *b)
{
  const cp_scenario *sc = b->sc;
  cp_term *t = b->t;
  int ts = sc->set.term_start, te = sc->set.term_end;
  for (int i = 0; i < b->s->n; i++) {
    const cp_row *r = &b->s->rows[i];
    if (!cp_row_in_range(sc, r) || !is_service_row(r))
      continue;
    for (int j = 0; j < r->n_services; j++) {
      int k = r->services[j];
      if (b->ther[k] == CP_NONE)
        b->ther[k] = r->therapist;
      b->cycle_min[k] += r->end - r->start;
    }
  }
  for (int k = 0; k < sc->services.n; k++) {
    b->per_first[k] = t->n_per;
    for (int a = ts; a <= te;) {
      int z = te, mf, ml;
      if (sc->services.v[k].per == CP_PER_MONTH) {
        cp_date_month(a, &mf, &ml);
        if (ml < z)
          z = ml;
      }
      int i = cp_vec_grow((void **)&t->per, &t->n_per, &t->cap_per,
                          sizeof *t->per);
      if (i < 0)
        return CP_ERR_NOMEM;
      cp_term_period *p = &t->per[i];
      p->service = k;
      p->therapist = b->ther[k];
      p->first = a;
      p->last = z;
      p->required = cp_term_required(sc, k, a, z);
      a = z + 1;
    }
    b->per_count[k] = t->n_per - b->per_first[k];
  }
  for (int i = 0; i < t->n; i++) {
    const cp_occ *o = &t->occ[i];
    if (!is_service_row(&o->r))
      continue;
    for (int j = 0; j < o->r.n_services; j++) {
      cp_term_period *p = period_of(b, o->r.services[j], o->date);
      int len = o->r.end - o->r.start;
      p->planned += len;
      if (o->removed)
        p->removed += len;
      else
        p->delivered += len;
    }
  }
  return CP_OK;
}

/* The first failure of a period names the week and the rule. */
static void note_failure(build *b, cp_term_period *p, int k, int monday,
                         int len, cp_makeup_result res)
{
  if (p->failed++)
    return;
  const cp_scenario *sc = b->sc;
  const cp_service *sv = &sc->services.v[k];
  const cp_student *st = &sc->students.v[sv->student];
  const char *school = sc->schools.v[st->school].id;
  const char *th = sc->therapists.v[b->ther[k]].id;
  char wk[11];
  cp_date_format(monday, wk);
  if (res == CP_MAKEUP_NO_DAY)
    snprintf(p->reason, sizeof p->reason,
             "no school day in the week of %s on which %s could see %s at %s "
             "(holidays, %s's working days and schools, %s's other sessions "
             "that week)",
             wk, th, st->id, school, th, st->id);
  else if (res == CP_MAKEUP_NO_TIME)
    snprintf(p->reason, sizeof p->reason,
             "no free time at %s in the week of %s that fits %s's "
             "availability",
             school, wk, st->id);
  else
    snprintf(p->reason, sizeof p->reason,
             "%s has no free %d minutes at %s in the week of %s (the visits "
             "there are full and no visit can be added)",
             th, len, school, wk);
}

/* Which of service k's chunks this week holds DATE. */
static int chunk_index(const build *b, int k, int date)
{
  const chunk *c = &b->ck[(size_t)k * 2];
  for (int i = 1; i < b->n_ck[k]; i++)
    if (c[i].n && date >= c[i].dates[0])
      return i;
  return 0;
}

/* Appends the placed rows as make-up occurrences and credits the members. */
static cp_status record(build *b, const cp_makeup *m, bool *touched)
{
  const cp_scenario *sc = b->sc;
  cp_term *t = b->t;
  for (int i = 0; i < m->n_rows; i++) {
    int *svc = NULL;
    const cp_row *r = &m->rows[i];
    if (r->n_services) {
      svc = malloc((size_t)r->n_services * sizeof *svc);
      if (!svc)
        return CP_ERR_NOMEM;
      memcpy(svc, r->services, (size_t)r->n_services * sizeof *svc);
    }
    int j = push_occ(t);
    if (j < 0) {
      free(svc);
      return CP_ERR_NOMEM;
    }
    cp_occ *o = &t->occ[j];
    o->r = *r;
    o->r.services = svc;
    o->r.week = cp_term_cycle_week(sc, m->date);
    o->r.day = cp_date_weekday(m->date);
    o->date = m->date;
    o->src = CP_NONE;
    o->makeup = true;
  }
  const cp_row *r = &m->rows[0];
  int len = r->end - r->start;
  for (int i = 0; i < r->n_services; i++) {
    int k = r->services[i];
    cp_term_period *p = period_of(b, k, m->date);
    p->makeup += len;
    p->delivered += len;
    b->wk[(size_t)k * 2 + (size_t)chunk_index(b, k, m->date)] += len;
  }
  t->makeups++;
  touched[cp_date_weekday(m->date)] = true;
  return CP_OK;
}

/* Group partners: the other members of a group session of service k that
 * the calendar removed this week, of the same kind of period, that are
 * below their share too.  Fills grp (k first); returns its size. */
static int group_of(const build *b, int k, int c, int lo, int hi, int *grp,
                    int cap)
{
  const cp_scenario *sc = b->sc;
  const cp_service *sv = &sc->services.v[k];
  grp[0] = k;
  for (int i = lo; i < hi; i++) {
    const cp_occ *o = &b->t->occ[i];
    if (!o->removed || o->r.act != CP_ACT_SESSION || o->r.n_services < 2 ||
        o->r.therapist != b->ther[k])
      continue;
    const chunk *ck = &b->ck[(size_t)k * 2 + (size_t)c];
    if (o->date < ck->dates[0] || o->date > ck->dates[ck->n - 1])
      continue;
    bool has = false;
    for (int j = 0; j < o->r.n_services; j++)
      has |= o->r.services[j] == k;
    if (!has)
      continue;
    int n = 1;
    for (int j = 0; j < o->r.n_services; j++) {
      int g = o->r.services[j];
      const cp_service *gv = &sc->services.v[g];
      if (g == k || gv->per != sv->per || b->ther[g] != b->ther[k] ||
          b->cycle_min[g] < gv->cycle_minutes)
        continue;
      const cp_term_period *p = &b->t->per[b->per_first[g]];
      for (int q = 1; q < b->per_count[g] && p->last < ck->dates[0]; q++)
        p++;
      if (n < cap && p->delivered < p->required &&
          below_share(gv, &b->ck[(size_t)g * 2 + (size_t)c],
                      b->wk[(size_t)g * 2 + (size_t)c]))
        grp[n++] = g;
    }
    return n;
  }
  return 1;
}

/* ---- the check by verify.c ----------------------------------------------- */

/* The weekly schedule with DATE's rows (from occ[lo, hi), make-ups when
 * WITH) in place of its cycle day. */
static cp_schedule *dated_week(const build *b, int date, int lo, int hi,
                               int mk_lo, bool with)
{
  const cp_scenario *sc = b->sc;
  int w = cp_term_cycle_week(sc, date), d = cp_date_weekday(date);
  cp_schedule *x = cp_schedule_create();
  if (!x)
    return NULL;
  for (int i = 0; i < b->s->n; i++) {
    const cp_row *r = &b->s->rows[i];
    if (cp_row_in_range(sc, r) && !(r->week == w && r->day == d) &&
        cp_schedule_add(x, r) < 0)
      goto fail;
  }
  for (int i = lo; i < b->t->n; i++) {
    const cp_occ *o = &b->t->occ[i];
    if (i >= hi && i < mk_lo)
      continue;
    if (o->date != date || o->removed || (o->makeup && !with))
      continue;
    cp_row r = o->r;
    r.week = w;
    r.day = d;
    if (cp_schedule_add(x, &r) < 0)
      goto fail;
  }
  return x;
fail:
  cp_schedule_destroy(x);
  return NULL;
}

static cp_status confirm(build *b, int date, int lo, int hi, int mk_lo)
{
  cp_schedule *x0 = dated_week(b, date, lo, hi, mk_lo, false);
  cp_schedule *x1 = dated_week(b, date, lo, hi, mk_lo, true);
  cp_verify_report r0 = {0}, r1 = {0};
  cp_status st = CP_ERR_NOMEM;
  bool *used = NULL;
  if (!x0 || !x1)
    goto done;
  cp_status s0 = cp_verify(b->sc, x0, &r0), s1 = cp_verify(b->sc, x1, &r1);
  if (s0 == CP_ERR_NOMEM || s1 == CP_ERR_NOMEM)
    goto done;
  used = calloc((size_t)r0.n + 1, sizeof *used);
  if (!used)
    goto done;
  st = CP_OK;
  for (int i = 0; i < r1.n && st == CP_OK; i++) {
    bool seen = false;
    for (int j = 0; j < r0.n && !seen; j++)
      if (!used[j] && !strcmp(r0.v[j].text, r1.v[i].text))
        seen = used[j] = true;
    if (!seen) {
      char dt[11];
      cp_date_format(date, dt);
      snprintf(b->t->error, sizeof b->t->error,
               "the make-ups of %s break a rule: %s", dt, r1.v[i].text);
      st = CP_ERR_INTERNAL;
    }
  }
done:
  free(used);
  cp_verify_report_fini(&r0);
  cp_verify_report_fini(&r1);
  cp_schedule_destroy(x0);
  cp_schedule_destroy(x1);
  return st;
}

/* ---- step 3: make-ups, week by week -------------------------------------- */

/* One service in one chunk of this week: make-ups while it is below its
 * share and its period is short. */
static cp_status make_up(build *b, cp_board *bd, int k, int c, int monday,
                         int lo, int hi, bool *touched)
{
  const cp_scenario *sc = b->sc;
  const cp_service *sv = &sc->services.v[k];
  const chunk *ck = &b->ck[(size_t)k * 2 + (size_t)c];
  if (!ck->n)
    return CP_OK;
  cp_term_period *p = period_of(b, k, ck->dates[0]);
  for (;;) {
    int *wk = &b->wk[(size_t)k * 2 + (size_t)c];
    if (p->delivered >= p->required || !below_share(sv, ck, *wk))
      return CP_OK;
    if (b->ther[k] == CP_NONE || b->cycle_min[k] < sv->cycle_minutes)
      return CP_OK; /* the week's own shortfall, not the calendar's */
    int len = sv->session_minutes;
    if (len <= 0) { /* a consult in rows of at most 60 minutes */
      int gap = share_gap(sv, ck, *wk), left = p->required - p->delivered;
      len = gap < left ? gap : left;
      len = (len + sc->set.slot - 1) / sc->set.slot * sc->set.slot;
      if (len > 60)
        len = 60 / sc->set.slot * sc->set.slot;
    }
    int grp[64] = {k}, cap = (int)(sizeof grp / sizeof *grp);
    int n = sv->mode == CP_DIRECT ? group_of(b, k, c, lo, hi, grp, cap) : 1;
    cp_makeup_req req = {.therapist = b->ther[k],
                         .act = sv->mode == CP_DIRECT ? CP_ACT_SESSION
                                                      : CP_ACT_CONSULT,
                         .services = grp,
                         .n_services = n,
                         .length = len,
                         .dates = ck->dates,
                         .n_dates = ck->n};
    cp_makeup m;
    cp_makeup_result res;
    cp_status st = cp_makeup_place(bd, &req, &m, &res);
    if (st == CP_OK && res != CP_MAKEUP_PLACED && n > 1) {
      req.n_services = 1; /* the group does not fit: alone */
      st = cp_makeup_place(bd, &req, &m, &res);
    }
    if (st != CP_OK)
      return st;
    if (res != CP_MAKEUP_PLACED) {
      note_failure(b, p, k, monday, len, res);
      return CP_OK;
    }
    st = record(b, &m, touched);
    if (st != CP_OK)
      return st;
  }
}

static cp_status place_all(build *b, const int *week_lo)
{
  const cp_scenario *sc = b->sc;
  int ts = sc->set.term_start, te = sc->set.term_end;
  int monday0 = cp_term_monday(sc), n_weeks = (te - monday0) / 7 + 1;
  cp_board *bd = cp_board_create(sc);
  if (!bd)
    return CP_ERR_NOMEM;
  cp_status st = CP_OK;
  for (int w = 0; w < n_weeks && st == CP_OK; w++) {
    int monday = monday0 + 7 * w;
    int a = monday > ts ? monday : ts, z = monday + 6 < te ? monday + 6 : te;
    int lo = week_lo[w], hi = week_lo[w + 1], mk_lo = b->t->n;
    /* is anything short whose period overlaps this week? */
    bool any = false;
    for (int i = 0; i < b->t->n_per && !any; i++) {
      const cp_term_period *p = &b->t->per[i];
      any = p->delivered < p->required && p->first <= z && p->last >= a;
    }
    if (!any)
      continue;
    cp_board_reset(bd, monday);
    for (int i = lo; i < hi && st == CP_OK; i++)
      if (!b->t->occ[i].removed)
        st = cp_board_add(bd, &b->t->occ[i].r, b->t->occ[i].date);
    for (int k = 0; k < sc->services.n; k++) {
      b->n_ck[k] = chunks_of(sc, k, a, z, &b->ck[(size_t)k * 2], 2);
      b->wk[(size_t)k * 2] = b->wk[(size_t)k * 2 + 1] = 0;
    }
    for (int i = lo; i < hi; i++) {
      const cp_occ *o = &b->t->occ[i];
      if (o->removed || !is_service_row(&o->r))
        continue;
      for (int j = 0; j < o->r.n_services; j++) {
        int k = o->r.services[j];
        b->wk[(size_t)k * 2 + (size_t)chunk_index(b, k, o->date)] +=
            o->r.end - o->r.start;
      }
    }
    bool touched[CP_DAYS] = {false};
    for (int k = 0; k < sc->services.n && st == CP_OK; k++)
      for (int c = 0; c < b->n_ck[k] && st == CP_OK; c++)
        st = make_up(b, bd, k, c, monday, lo, hi, touched);
    for (int d = 0; d < CP_DAYS && st == CP_OK; d++)
      if (touched[d])
        st = confirm(b, monday + d, lo, hi, mk_lo);
  }
  cp_board_destroy(bd);
  return st;
}

/* ---- debt and order ------------------------------------------------------ */

static void settle(build *b)
{
  const cp_scenario *sc = b->sc;
  cp_term *t = b->t;
  int last = CP_NONE;
  for (int i = 0; i < t->n_per; i++) {
    cp_term_period *p = &t->per[i];
    const cp_service *sv = &sc->services.v[p->service];
    p->debt = p->required > p->delivered ? p->required - p->delivered : 0;
    if (!p->debt) {
      p->reason[0] = 0;
      continue;
    }
    t->debt += p->debt;
    if (p->service != last)
      t->in_debt++;
    last = p->service;
    char first[sizeof p->reason];
    snprintf(first, sizeof first, "%s", p->reason);
    if (p->therapist == CP_NONE)
      snprintf(p->reason, sizeof p->reason,
               "not in the weekly schedule (see minutes.csv)");
    else if (b->cycle_min[p->service] < sv->cycle_minutes)
      snprintf(p->reason, sizeof p->reason,
               "the weekly schedule gives %d of %d minutes per cycle (see "
               "minutes.csv)%s%.200s",
               b->cycle_min[p->service], sv->cycle_minutes,
               first[0] ? "; " : "", first);
    else if (!first[0])
      snprintf(p->reason, sizeof p->reason,
               "short after the weekly plan and its make-ups");
    else if (p->failed > 1)
      snprintf(p->reason, sizeof p->reason, "%.260s (and %d more week%s)",
               first, p->failed - 1, p->failed > 2 ? "s" : "");
  }
}

static int cmp_occ(const void *a, const void *b)
{
  const cp_occ *x = a, *y = b;
  if (x->r.therapist != y->r.therapist)
    return x->r.therapist < y->r.therapist ? -1 : 1;
  if (x->date != y->date)
    return x->date < y->date ? -1 : 1;
  if (x->r.start != y->r.start)
    return x->r.start < y->r.start ? -1 : 1;
  if (x->r.end != y->r.end)
    return x->r.end < y->r.end ? -1 : 1;
  if (x->makeup != y->makeup)
    return x->makeup ? 1 : -1;
  int c = strcmp(x->r.kind ? x->r.kind : "", y->r.kind ? y->r.kind : "");
  if (c)
    return c;
  return (x->src > y->src) - (x->src < y->src);
}

cp_status cp_term_build(const cp_scenario *sc, const cp_schedule *s,
                        cp_term *t)
{
  assert(sc && s && t && "cp_term_build: NULL argument");
  assert(sc->set.term_start >= 0 && sc->set.term_end >= sc->set.term_start &&
         "cp_term_build: no term");
  memset(t, 0, sizeof *t);
  size_t n = (size_t)sc->services.n + 1;
  build b = {.sc = sc, .s = s, .t = t};
  b.ther = malloc(n * sizeof *b.ther);
  b.cycle_min = calloc(n, sizeof *b.cycle_min);
  b.per_first = calloc(n, sizeof *b.per_first);
  b.per_count = calloc(n, sizeof *b.per_count);
  b.wk = calloc(2 * n, sizeof *b.wk);
  b.ck = calloc(2 * n, sizeof *b.ck);
  b.n_ck = calloc(n, sizeof *b.n_ck);
  int *week_lo = NULL;
  cp_status st = CP_ERR_NOMEM;
  if (!b.ther || !b.cycle_min || !b.per_first || !b.per_count || !b.wk ||
      !b.ck || !b.n_ck)
    goto done;
  for (int k = 0; k < sc->services.n; k++)
    b.ther[k] = CP_NONE;
  st = lay_out(&b, &week_lo);
  if (st == CP_OK)
    st = account(&b);
  if (st == CP_OK)
    st = place_all(&b, week_lo);
  if (st == CP_OK) {
    settle(&b);
    if (t->n > 1)
      qsort(t->occ, (size_t)t->n, sizeof *t->occ, cmp_occ);
  }
done:
  free(week_lo);
  free(b.ther);
  free(b.cycle_min);
  free(b.per_first);
  free(b.per_count);
  free(b.wk);
  free(b.ck);
  free(b.n_ck);
  return st;
}

void cp_term_fini(cp_term *t)
{
  if (!t)
    return;
  for (int i = 0; i < t->n; i++)
    if (t->occ[i].makeup)
      free(t->occ[i].r.services);
  free(t->occ);
  free(t->per);
  memset(t, 0, sizeof *t);
}
