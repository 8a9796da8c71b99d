/* certify.c — arithmetic certificates of understaffing (see certify.h).
 *
 * Demand is always a lower bound (groups at their best case, nothing
 * counted that could be avoided) and capacity an upper bound (contract minus
 * what is forced: lunch, fixed duties), so "demand > capacity" is a proof.
 * The number of hires that closes a certificate is computed with the same
 * arithmetic and the hire profile's own contract.
 */
#include "certify.h"

#include "capacity.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void fmt_time(int m, char buf[6])
{
  unsigned u = m < 0 ? 0u : (unsigned)m;
  snprintf(buf, 6, "%02u:%02u", (u / 60) % 100, u % 60);
}

static const char *days_text(unsigned mask, char *buf, size_t n)
{
  /* a run like Mon-Fri, else a list */
  int lo = -1, hi = -1;
  bool run = true;
  for (int d = 0; d < CP_DAYS; d++)
    if (mask & (1u << d)) {
      if (lo < 0)
        lo = d;
      else if (hi != d - 1)
        run = false;
      hi = d;
    }
  if (lo < 0) {
    snprintf(buf, n, "no day");
  } else if (run && hi > lo) {
    snprintf(buf, n, "%s-%s", cp_day_name[lo], cp_day_name[hi]);
  } else {
    size_t used = 0;
    buf[0] = 0;
    for (int d = 0; d < CP_DAYS; d++)
      if (mask & (1u << d))
        used += (size_t)snprintf(buf + used, n - used, "%s%s", used ? " " : "",
                                 cp_day_name[d]);
  }
  return buf;
}

static void add_text(char *buf, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void add_text(char *buf, size_t n, const char *fmt, ...)
{
  size_t used = strlen(buf);
  if (used >= n - 1)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf + used, n - used, fmt, ap);
  va_end(ap);
}

int cp_certs_add(cp_certs *cs, const cp_cert *c)
{
  int i = cp_vec_grow((void **)&cs->v, &cs->n, &cs->cap, sizeof *cs->v);
  if (i < 0)
    return -1;
  cs->v[i] = *c;
  cp_cert *d = &cs->v[i];
  d->svc = NULL;
  d->cap = NULL;
  d->y = NULL;
  d->row_names = NULL;
  if (c->n_svc) {
    d->svc = malloc((size_t)c->n_svc * sizeof *d->svc);
    if (!d->svc)
      goto fail;
    memcpy(d->svc, c->svc, (size_t)c->n_svc * sizeof *d->svc);
  }
  if (c->n_cap) {
    d->cap = malloc((size_t)c->n_cap * sizeof *d->cap);
    if (!d->cap)
      goto fail;
    memcpy(d->cap, c->cap, (size_t)c->n_cap * sizeof *d->cap);
  }
  if (c->n_y) {
    d->y = malloc((size_t)c->n_y * sizeof *d->y);
    d->row_names = calloc((size_t)c->n_y, sizeof *d->row_names);
    if (!d->y || !d->row_names)
      goto fail;
    memcpy(d->y, c->y, (size_t)c->n_y * sizeof *d->y);
    for (int k = 0; k < c->n_y; k++) {
      d->row_names[k] = strdup(c->row_names[k] ? c->row_names[k] : "");
      if (!d->row_names[k])
        goto fail;
    }
  }
  return i;
fail:
  cs->n--;
  free(d->svc);
  free(d->cap);
  free(d->y);
  if (d->row_names)
    for (int k = 0; k < c->n_y; k++)
      free(d->row_names[k]);
  free(d->row_names);
  return -1;
}

void cp_certs_fini(cp_certs *cs)
{
  for (int i = 0; i < cs->n; i++) {
    cp_cert *c = &cs->v[i];
    free(c->svc);
    free(c->cap);
    free(c->y);
    if (c->row_names)
      for (int k = 0; k < c->n_y; k++)
        free(c->row_names[k]);
    free(c->row_names);
  }
  free(cs->v);
  memset(cs, 0, sizeof *cs);
}

/* ---- hires ---------------------------------------------------------------- */

void cp_hire_profile(const cp_scenario *sc, int discipline, int like,
                     cp_hire *out)
{
  memset(out, 0, sizeof *out);
  out->discipline = discipline;
  out->like = like;
  for (int d = 0; d < CP_DAYS; d++)
    out->day[d].base = CP_NONE;
  if (like != CP_NONE) {
    memcpy(out->day, sc->therapists.v[like].day, sizeof out->day);
    for (int d = 0; d < CP_DAYS; d++)
      out->day[d].base = CP_NONE;
    return;
  }
  /* the most common pattern row among the discipline's therapists */
  int best_count = 0;
  for (int t = 0; t < sc->therapists.n; t++) {
    const cp_therapist *th = &sc->therapists.v[t];
    if (th->discipline != discipline)
      continue;
    for (int d = 0; d < CP_DAYS; d++) {
      const cp_workday *w = &th->day[d];
      if (!w->works)
        continue;
      /* the pattern of this day: its days and fields */
      unsigned mask = 0;
      for (int e = 0; e < CP_DAYS; e++)
        if (th->day[e].works && th->day[e].pattern == w->pattern)
          mask |= 1u << e;
      int count = 0;
      for (int u = 0; u < sc->therapists.n; u++) {
        const cp_therapist *o = &sc->therapists.v[u];
        if (o->discipline != discipline)
          continue;
        bool same = true;
        for (int e = 0; e < CP_DAYS && same; e++) {
          const cp_workday *a = &o->day[e];
          bool in = mask & (1u << e);
          if (in != a->works)
            same = false;
          else if (in && (a->start != w->start || a->end != w->end ||
                          a->lunch_minutes != w->lunch_minutes ||
                          a->lunch_earliest != w->lunch_earliest ||
                          a->lunch_latest != w->lunch_latest))
            same = false;
        }
        count += same;
      }
      if (count > best_count) {
        best_count = count;
        for (int e = 0; e < CP_DAYS; e++) {
          out->day[e] = (mask & (1u << e)) ? *w : (cp_workday){0};
          out->day[e].base = CP_NONE;
          out->day[e].works = mask & (1u << e);
        }
      }
    }
  }
}

/* Fixed `*` duties that hold for a hire on day d (minutes). */
static int hire_fixed(const cp_scenario *sc, const cp_hire *h, int d)
{
  int m = 0;
  const cp_workday *w = &h->day[d];
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (du->fixed && du->therapist == CP_NONE && (du->days & (1u << d)) &&
        w->works && du->start >= w->start && du->end <= w->end)
      m += du->end - du->start;
  }
  return m;
}

static int hire_days(const cp_hire *h)
{
  int n = 0;
  for (int d = 0; d < CP_DAYS; d++)
    n += h->day[d].works;
  return n;
}

static int hire_floating(const cp_scenario *sc, const cp_hire *h)
{
  int m = 0;
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (!du->fixed && du->therapist == CP_NONE)
      m += du->per == CP_PER_DAY ? du->minutes * hire_days(h) : du->minutes;
  }
  return m;
}

/* Weekly capacity of a hire: contract - lunch - fixed `*` duties. */
static long hire_capacity(const cp_scenario *sc, const cp_hire *h)
{
  long m = 0;
  for (int d = 0; d < CP_DAYS; d++)
    if (h->day[d].works)
      m += h->day[d].end - h->day[d].start - h->day[d].lunch_minutes -
           hire_fixed(sc, h, d);
  return m;
}

/* Minutes of day-pattern w inside [a,b) less forced lunch and fixed duties
 * (fixed: minutes of fixed duties inside the window that day). */
static long window_minutes(const cp_workday *w, int a, int b, int fixed)
{
  if (!w->works)
    return 0;
  int lo = a > w->start ? a : w->start;
  int hi = b < w->end ? b : w->end;
  if (hi <= lo)
    return 0;
  long m = hi - lo - fixed;
  if (w->lunch_minutes > 0) {
    int le = w->lunch_earliest > w->start ? w->lunch_earliest : w->start;
    int ll = w->lunch_latest < w->end ? w->lunch_latest : w->end;
    /* longest piece of the lunch window outside [lo,hi) */
    int left = (lo < ll ? lo : ll) - le;
    int right = ll - (hi > le ? hi : le);
    int piece = left > right ? left : right;
    if (piece < 0)
      piece = 0;
    int forced = w->lunch_minutes - piece;
    if (forced > 0)
      m -= forced;
  }
  return m > 0 ? m : 0;
}

static int fixed_inside(const cp_scenario *sc, int t, int d, int a, int b)
{
  int m = 0;
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (!cp_duty_applies(sc, du, t, d))
      continue;
    int lo = du->start > a ? du->start : a;
    int hi = du->end < b ? du->end : b;
    if (hi > lo)
      m += hi - lo;
  }
  return m;
}

long cp_hire_window_minutes(const cp_scenario *sc, const cp_hire *h,
                            unsigned days, int start, int end)
{
  long m = 0;
  for (int d = 0; d < 5; d++) {
    if (!(days & (1u << d)) || !h->day[d].works)
      continue;
    int fx = 0;
    for (int i = 0; i < sc->duties.n; i++) {
      const cp_duty *du = &sc->duties.v[i];
      if (du->fixed && du->therapist == CP_NONE && (du->days & (1u << d)) &&
          du->start >= h->day[d].start && du->end <= h->day[d].end) {
        int lo = du->start > start ? du->start : start;
        int hi = du->end < end ? du->end : end;
        if (hi > lo)
          fx += hi - lo;
      }
    }
    m += window_minutes(&h->day[d], start, end, fx);
  }
  return m;
}

/* ---- aggregate ----------------------------------------------------------- */

static void certify_aggregate(const cp_scenario *sc, const cp_capacity *cap,
                              cp_certs *out)
{
  int W = sc->set.rotation_weeks;
  for (int k = 0; k < cap->n_disc; k++) {
    const cp_load *l = &cap->disc[k];
    if (l->demand <= (long)l->capacity)
      continue;
    cp_cert c = {.kind = CP_CERT_AGGREGATE, .discipline = k, .who = CP_NONE,
                 .demand = (long)l->demand, .capacity = l->capacity};
    /* one term per therapist of k: cert_check wants them all */
    cp_cert_cap *terms = malloc(((size_t)sc->therapists.n + 1) *
                                sizeof *terms);
    if (!terms)
      return; /* no certificate: only a proof is lost, never a wrong one */
    int n = 0;
    for (int t = 0; t < sc->therapists.n; t++) {
      if (sc->therapists.v[t].discipline != k)
        continue;
      long m = 0;
      for (int d = 0; d < CP_DAYS; d++)
        m += cp_therapist_free_minutes(sc, t, d);
      terms[n].therapist = t;
      terms[n++].minutes = m * W;
    }
    c.cap = terms;
    c.n_cap = n;
    /* hires: capacity grows by the hire's contract; demand by its duties
     * and its share of the evaluation reserve */
    cp_hire h;
    cp_hire_profile(sc, k, CP_NONE, &h);
    long gain = hire_capacity(sc, &h) * W;
    c.hire_gain = gain;
    c.hires = -1;
    long fixed_res = 0;
    for (int t = 0; t < sc->therapists.n; t++)
      if (sc->therapists.v[t].discipline == k)
        fixed_res += (long)W * cp_fixed_reserve_minutes(sc, t);
    for (int hires = 1; hires <= 1000 && gain > 0; hires++) {
      double m = l->students * sc->set.iep_per_student_year *
                     sc->set.iep_minutes +
                 (l->therapists + hires) * sc->set.evals_per_year *
                     sc->set.eval_minutes;
      long res = W * (long)ceil(m / sc->set.school_weeks - 1e-9) - fixed_res;
      if (res < 0)
        res = 0;
      long dem = l->direct + l->consult + l->documentation + l->duties +
                 (long)hires * hire_floating(sc, &h) * W + res;
      if (dem <= l->capacity + hires * gain) {
        c.hires = hires;
        break;
      }
    }
    const char *dn = sc->disciplines[k];
    const char *per = W == 1 ? "a week" : W == 2 ? "per 2-week cycle"
                                                 : "per 4-week cycle";
    snprintf(c.name, sizeof c.name, "aggregate %s %s: %ld > %ld", dn,
             W == 1 ? "week" : "cycle", (long)l->demand, (long)l->capacity);
    snprintf(c.sentence, sizeof c.sentence,
             "The %s caseload needs at least %ld minutes %s, but the %d %s "
             "therapist%s can work only %ld: %ld minutes short%s",
             dn, (long)l->demand, per, l->therapists, dn,
             l->therapists == 1 ? "" : "s", (long)l->capacity,
             (long)l->demand - (long)l->capacity,
             c.hires > 0 ? "" : " (no number of hires closes it)");
    if (c.hires > 0)
      add_text(c.sentence, sizeof c.sentence,
               ", so at least %d more %s therapist%s %s needed.", c.hires, dn,
               c.hires == 1 ? "" : "s", c.hires == 1 ? "is" : "are");
    else
      add_text(c.sentence, sizeof c.sentence, ".");
    snprintf(c.detail, sizeof c.detail,
             "demand %ld = direct sessions %d (%d session rows, groups at "
             "their largest) + consults %d + documentation %d (%d min x %d "
             "rows) + IEP/evaluation reserve %d + floating duties %d\n",
             (long)l->demand, l->direct, l->sessions, l->consult, l->documentation,
             sc->set.doc_per_session, l->sessions, l->reserve, l->duties);
    add_text(c.detail, sizeof c.detail,
             "capacity %ld = contract %d - lunch %d - fixed duties %d:",
             (long)l->capacity, l->contract, l->lunch, l->fixed);
    for (int i = 0; i < n; i++)
      add_text(c.detail, sizeof c.detail, " %s %ld%s",
               sc->therapists.v[terms[i].therapist].id, terms[i].minutes,
               i + 1 < n ? " +" : "");
    add_text(c.detail, sizeof c.detail, "\n");
    if (c.hires > 0)
      add_text(c.detail, sizeof c.detail,
               "each hire adds %ld minutes (its contract minus lunch and "
               "fixed duties) and its own duties and evaluation reserve to "
               "demand\n",
               gain);
    cp_certs_add(out, &c);
    free(terms);
  }
}

static void certify_pinned(const cp_scenario *sc, const cp_capacity *cap,
                           cp_certs *out)
{
  for (int t = 0; t < cap->n_ther; t++) {
    const cp_load *l = &cap->ther[t];
    if (l->demand <= (long)l->capacity)
      continue;
    cp_cert_cap term = {t, l->capacity};
    cp_cert c = {.kind = CP_CERT_PINNED,
                 .discipline = l->discipline,
                 .who = t,
                 .demand = (long)l->demand,
                 .capacity = (long)l->capacity,
                 .cap = &term,
                 .n_cap = 1,
                 .hires = -1};
    const char *id = sc->therapists.v[t].id;
    snprintf(c.name, sizeof c.name, "pinned %s: %ld > %ld", id, (long)l->demand,
             (long)l->capacity);
    snprintf(c.sentence, sizeof c.sentence,
             "The students pinned to %s need at least %ld minutes, but %s's "
             "contract holds %ld: %ld minutes short; hires cannot help "
             "until some of these students are unpinned.",
             id, (long)l->demand, id, (long)l->capacity, (long)l->demand - (long)l->capacity);
    snprintf(c.detail, sizeof c.detail,
             "demand %ld = direct %d + consults %d + documentation %d + "
             "reserve %d + floating duties %d; capacity %ld = contract %d - "
             "lunch %d - fixed duties %d\n",
             (long)l->demand, l->direct, l->consult, l->documentation, l->reserve,
             l->duties, (long)l->capacity, l->contract, l->lunch, l->fixed);
    cp_certs_add(out, &c);
  }
}

/* ---- days per service ------------------------------------------------------ */

/* Days (mask) on which the student of s has a window of at least the
 * session length inside the school day; with_staff also needs a therapist
 * of the discipline allowed at the school with such a window in contract. */
static unsigned service_days(const cp_scenario *sc, const cp_service *s,
                             bool with_staff)
{
  const cp_student *st = &sc->students.v[s->student];
  const cp_school *sch = &sc->schools.v[st->school];
  size_t ns = (size_t)sc->schools.n;
  unsigned mask = 0;
  for (int d = 0; d < 5; d++) {
    bool ok = false;
    if (s->mode == CP_CONSULT) {
      ok = sch->end - sch->start >= s->session_minutes;
    } else {
      for (int k = 0; k < st->avail[d].n && !ok; k++)
        ok = st->avail[d].v[k].end - st->avail[d].v[k].start >=
             s->session_minutes;
    }
    if (ok && with_staff) {
      bool staff = false;
      for (int t = 0; t < sc->therapists.n && !staff; t++) {
        const cp_therapist *th = &sc->therapists.v[t];
        const cp_workday *w = &th->day[d];
        if (th->discipline != s->discipline || !w->works ||
            !th->may_serve[(size_t)d * ns + (size_t)st->school])
          continue;
        if (s->mode == CP_CONSULT) {
          int lo = w->start > sch->start ? w->start : sch->start;
          int hi = w->end < sch->end ? w->end : sch->end;
          staff = hi - lo >= s->session_minutes;
          continue;
        }
        for (int k = 0; k < st->avail[d].n && !staff; k++) {
          int lo = st->avail[d].v[k].start > w->start ? st->avail[d].v[k].start
                                                      : w->start;
          int hi = st->avail[d].v[k].end < w->end ? st->avail[d].v[k].end
                                                  : w->end;
          staff = hi - lo >= s->session_minutes;
        }
      }
      ok = staff;
    }
    if (ok)
      mask |= 1u << d;
  }
  return mask;
}

static int popcount(unsigned m)
{
  int n = 0;
  for (; m; m &= m - 1)
    n++;
  return n;
}

static void certify_days(const cp_scenario *sc, cp_certs *out)
{
  int W = sc->set.rotation_weeks;
  for (int i = 0; i < sc->services.n; i++) {
    const cp_service *s = &sc->services.v[i];
    if (!s->session_minutes)
      continue;
    int need = s->per == CP_PER_WEEK ? s->weekly : (s->sessions + W - 1) / W;
    unsigned with = service_days(sc, s, true);
    if (popcount(with) >= need)
      continue;
    unsigned alone = service_days(sc, s, false);
    const cp_student *st = &sc->students.v[s->student];
    int svc = i;
    cp_cert c = {.kind = CP_CERT_DAYS, .discipline = s->discipline, .who = i,
                 .days = with, .demand = need, .capacity = popcount(with),
                 .svc = &svc, .n_svc = 1, .hires = -1};
    if (popcount(alone) >= need) {
      /* the student has the days; a hire working them would do */
      cp_hire h;
      cp_hire_profile(sc, s->discipline, CP_NONE, &h);
      unsigned hd = 0;
      for (int d = 0; d < 5; d++)
        if (h.day[d].works)
          hd |= 1u << d;
      if (popcount((with | (alone & hd))) >= need)
        c.hires = 1;
    }
    char db[64];
    const char *dn = sc->disciplines[s->discipline];
    snprintf(c.name, sizeof c.name, "days %s %s %s: %d > %d", st->id, dn,
             s->mode == CP_DIRECT ? "direct" : "consult", need,
             popcount(with));
    snprintf(c.sentence, sizeof c.sentence,
             "Student %s needs %d %s session%s of %d minutes a week, at most "
             "one a day, but only %d day%s (%s) have a free window that long "
             "while a %s therapist can be at school %s.",
             st->id, need, dn, need == 1 ? "" : "s", s->session_minutes,
             popcount(with), popcount(with) == 1 ? "" : "s",
             with ? days_text(with, db, sizeof db) : "none", dn,
             sc->schools.v[st->school].id);
    snprintf(c.detail, sizeof c.detail,
             "services.csv line %d; free windows come from the school day "
             "minus the blocks that apply to %s; %s\n",
             s->line, st->id,
             c.hires > 0 ? "a hire working the missing days closes it"
                         : "no number of hires closes it");
    cp_certs_add(out, &c);
  }
}

/* ---- windows (Hall's condition per school) ---------------------------------- */

typedef struct reach {
  int svc;
  unsigned days;     /* days with a long enough window */
  int lo, hi;        /* earliest start, latest end over those days */
  long minutes;      /* sessions per cycle x length */
  int sessions;
  bool group;
  int cap;
} reach;

/* Earliest and latest minute any session of s can occupy (student windows
 * long enough for a session, school day), and on which days. */
static bool service_reach(const cp_scenario *sc, int i, reach *r)
{
  const cp_service *s = &sc->services.v[i];
  const cp_student *st = &sc->students.v[s->student];
  r->svc = i;
  r->days = 0;
  r->lo = 24 * 60;
  r->hi = 0;
  for (int d = 0; d < 5; d++)
    for (int k = 0; k < st->avail[d].n; k++) {
      const cp_span *sp = &st->avail[d].v[k];
      if (sp->end - sp->start < s->session_minutes)
        continue;
      r->days |= 1u << d;
      if (sp->start < r->lo)
        r->lo = sp->start;
      if (sp->end > r->hi)
        r->hi = sp->end;
    }
  r->sessions = s->sessions;
  r->minutes = (long)s->sessions * s->session_minutes;
  r->group = s->setting != CP_INDIVIDUAL && s->max_group > 1;
  r->cap = s->max_group;
  return r->days != 0;
}

/* Demand of the services of rs[] inside [a,b): groups at their best case
 * (one family per session length). */
static long window_demand(const cp_scenario *sc, const reach *rs, int n,
                          int a, int b, int *svc, int *n_svc)
{
  long m = 0;
  *n_svc = 0;
  /* individual */
  for (int i = 0; i < n; i++) {
    if (rs[i].lo < a || rs[i].hi > b)
      continue;
    svc[(*n_svc)++] = rs[i].svc;
    if (!rs[i].group)
      m += rs[i].minutes;
  }
  /* groups by session length */
  for (int i = 0; i < n; i++) {
    if (!rs[i].group || rs[i].lo < a || rs[i].hi > b)
      continue;
    int len = sc->services.v[rs[i].svc].session_minutes;
    bool first = true;
    for (int j = 0; j < i && first; j++)
      if (rs[j].group && rs[j].lo >= a && rs[j].hi <= b &&
          sc->services.v[rs[j].svc].session_minutes == len)
        first = false;
    if (!first)
      continue;
    int total = 0, most = 0, cap = 1;
    for (int j = i; j < n; j++) {
      if (!rs[j].group || rs[j].lo < a || rs[j].hi > b ||
          sc->services.v[rs[j].svc].session_minutes != len)
        continue;
      total += rs[j].sessions;
      if (rs[j].sessions > most)
        most = rs[j].sessions;
      if (rs[j].cap > cap)
        cap = rs[j].cap;
    }
    int rows = (total + cap - 1) / cap;
    if (rows < most)
      rows = most;
    m += (long)rows * len;
  }
  return m;
}

static int cmp_int(const void *a, const void *b)
{
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

static void certify_windows(const cp_scenario *sc, cp_certs *out)
{
  int W = sc->set.rotation_weeks;
  size_t ns = (size_t)sc->schools.n;
  int n_svc_all = sc->services.n;
  reach *rs = malloc(((size_t)n_svc_all + 1) * sizeof *rs);
  int *svc = malloc(((size_t)n_svc_all + 1) * sizeof *svc);
  int *pts = malloc(((size_t)n_svc_all * 2 + 2) * sizeof *pts);
  cp_cert_cap *terms = malloc(((size_t)sc->therapists.n + 1) * sizeof *terms);
  if (!rs || !svc || !pts || !terms)
    goto out;
  for (int school = 0; school < sc->schools.n; school++)
    for (int k = 0; k < sc->n_disciplines; k++) {
      int n = 0, np = 0;
      unsigned days_all = 0;
      for (int i = 0; i < n_svc_all; i++) {
        const cp_service *s = &sc->services.v[i];
        if (s->mode != CP_DIRECT || s->discipline != k ||
            sc->students.v[s->student].school != school)
          continue;
        if (!service_reach(sc, i, &rs[n]))
          continue;
        days_all |= rs[n].days;
        pts[np++] = rs[n].lo;
        pts[np++] = rs[n].hi;
        n++;
      }
      if (!n)
        continue;
      /* each window edge once: with duplicates the pairs below grow with
       * the square of the services, and each pair costs a pass over them */
      qsort(pts, (size_t)np, sizeof *pts, cmp_int);
      int nu = 0;
      for (int i = 0; i < np; i++)
        if (!nu || pts[i] != pts[nu - 1])
          pts[nu++] = pts[i];
      np = nu;
      cp_cert best = {0};
      double best_score = 0;
      for (int ia = 0; ia < np; ia++)
        for (int ib = 0; ib < np; ib++) {
          int a = pts[ia], b = pts[ib];
          if (b <= a)
            continue;
          int n_in = 0;
          long dem = window_demand(sc, rs, n, a, b, svc, &n_in);
          if (!n_in)
            continue;
          unsigned days = 0;
          for (int i = 0; i < n; i++)
            if (rs[i].lo >= a && rs[i].hi <= b)
              days |= rs[i].days;
          long capm = 0;
          int nt = 0;
          for (int t = 0; t < sc->therapists.n; t++) {
            const cp_therapist *th = &sc->therapists.v[t];
            if (th->discipline != k)
              continue;
            long m = 0;
            for (int d = 0; d < 5; d++)
              if ((days & (1u << d)) && th->day[d].works &&
                  th->may_serve[(size_t)d * ns + (size_t)school])
                m += window_minutes(&th->day[d], a, b,
                                    fixed_inside(sc, t, d, a, b));
            if (m > 0) {
              terms[nt].therapist = t;
              terms[nt++].minutes = m * W;
              capm += m * W;
            }
          }
          if (dem <= capm)
            continue;
          double score = (double)(dem - capm) / (double)(b - a + 1);
          if (score <= best_score)
            continue;
          best_score = score;
          free(best.svc);
          free(best.cap);
          best = (cp_cert){.kind = CP_CERT_WINDOW, .discipline = k,
                           .who = school, .days = days, .start = a, .end = b,
                           .demand = dem, .capacity = capm};
          best.svc = malloc((size_t)n_in * sizeof *best.svc);
          best.cap = malloc(((size_t)nt + 1) * sizeof *best.cap);
          if (!best.svc || !best.cap) {
            free(best.svc);
            free(best.cap);
            goto out;
          }
          memcpy(best.svc, svc, (size_t)n_in * sizeof *svc);
          memcpy(best.cap, terms, (size_t)nt * sizeof *terms);
          best.n_svc = n_in;
          best.n_cap = nt;
        }
      if (!best.n_svc)
        continue;
      /* hires */
      cp_hire h;
      cp_hire_profile(sc, k, CP_NONE, &h);
      best.hire_gain =
          cp_hire_window_minutes(sc, &h, best.days, best.start, best.end) * W;
      best.hires = best.hire_gain > 0
                       ? (int)((best.demand - best.capacity + best.hire_gain -
                                1) /
                               best.hire_gain)
                       : -1;
      char a[6], b[6], db[64];
      fmt_time(best.start, a);
      fmt_time(best.end, b);
      days_text(best.days, db, sizeof db);
      const char *sid = sc->schools.v[school].id;
      const char *dn = sc->disciplines[k];
      snprintf(best.name, sizeof best.name, "window %s %s %s-%s: %ld > %ld",
               sid, db, a, b, best.demand, best.capacity);
      snprintf(best.sentence, sizeof best.sentence,
               "At school %s, %d %s student%s can only be seen %s between %s "
               "and %s; their sessions need %ld minutes %s there, but the %s "
               "therapists can be there only %ld minutes in that window",
               sid, best.n_svc, dn, best.n_svc == 1 ? "" : "s", db, a, b,
               best.demand, W == 1 ? "a week" : "a cycle", dn, best.capacity);
      if (best.hires > 0)
        add_text(best.sentence, sizeof best.sentence,
                 ", so at least %d more %s therapist%s %s needed.",
                 best.hires, dn, best.hires == 1 ? "" : "s",
                 best.hires == 1 ? "is" : "are");
      else
        add_text(best.sentence, sizeof best.sentence, ".");
      snprintf(best.detail, sizeof best.detail, "demand %ld =", best.demand);
      for (int i = 0; i < best.n_svc && strlen(best.detail) < 1800; i++) {
        const cp_service *s = &sc->services.v[best.svc[i]];
        add_text(best.detail, sizeof best.detail, " %s %dx%d%s",
                 sc->students.v[s->student].id, s->sessions,
                 s->session_minutes,
                 s->setting != CP_INDIVIDUAL && s->max_group > 1 ? "(g)" : "");
      }
      add_text(best.detail, sizeof best.detail,
               " (groups (g) counted at their largest size)\ncapacity %ld =",
               best.capacity);
      for (int i = 0; i < best.n_cap; i++)
        add_text(best.detail, sizeof best.detail, " %s %ld%s",
                 sc->therapists.v[best.cap[i].therapist].id,
                 best.cap[i].minutes, i + 1 < best.n_cap ? " +" : "");
      add_text(best.detail, sizeof best.detail,
               " (window minutes on their days at %s, less lunch that must "
               "fall inside and fixed duties)\n",
               sid);
      cp_certs_add(out, &best);
      free(best.svc);
      free(best.cap);
    }
out:
  free(rs);
  free(svc);
  free(pts);
  free(terms);
}

cp_status cp_certify(const cp_scenario *sc, cp_certs *out)
{
  memset(out, 0, sizeof *out);
  cp_capacity cap;
  cp_status st = cp_capacity_compute(sc, &cap);
  if (st != CP_OK)
    return st;
  certify_aggregate(sc, &cap, out);
  certify_pinned(sc, &cap, out);
  certify_days(sc, out);
  certify_windows(sc, out);
  cp_capacity_fini(&cap);
  return CP_OK;
}
