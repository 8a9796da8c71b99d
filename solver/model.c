/* model.c — per-therapist time-indexed weekly model (see model.h).
 *
 * Sets.  D = cycle days the therapist works (dd = week*7 + day); U_dd = data
 * slots of the contract day (slot_minutes each); I = items: one per direct
 * service, one per consult service with session_minutes, one per consult
 * chunk otherwise; F = group families (direct services of one school,
 * discipline, session length and group cap whose setting allows groups,
 * at least two of them); the day pattern gives each day an ordered list of
 * segments (schools, with the base school before and after when it differs)
 * and J_dd = the switches between consecutive segments, of tau_j slots.
 *
 * Columns (all binary except sigma).
 *   x[i,dd,u]   item i (individual session / consult) starts at slot u
 *   y[i,dd,u]   member i of family f(i) joins the group started at u
 *   z[f,dd,u]   a group session of family f starts at slot u
 *   l[dd,u]     lunch starts at u
 *   c[j,dd,u]   switch j (a drive of tau_j slots) has started by slot u
 *   doc[dd,u]   slot u is documentation;   res[dd,u] slot u is reserve
 *   fd[k,dd,u]  a block of floating-duty class k starts at u
 *   sigma[i,p]  sessions of item i missing in period p (continuous, >= 0)
 *   r[j]        x or y column j of week 2+ of a weekly item matches its
 *               week-1 twin j' (same item, day, start): continuous 0..1
 *
 * Rows.
 *   (1) demand      sum_{dd in p,u} x + y + sigma[i,p] = need[i,p]
 *   (2) one a day   sum_{items of one service, u} x + y <= 1     per dd
 *   (3) capacity    sum of x, z, l, fd covering u + doc + res
 *                   + c[j,u] - c[j,u-tau_j] <= 1 - fixed(dd,u)
 *   (4) groups      y[i,u] <= z[f,u];  sum_i y[i,u] <= cap_f z[f,u];
 *                   z[f,u] <= sum_i y[i,u]
 *   (5) lunch       sum_u l[dd,u] = 1
 *   (6) docs        slot * sum_u doc[dd,u] >= doc_min * (sum x_direct + z)
 *   (7) reserve     slot * sum_{dd in week,u} res >= reserve     per week
 *   (8) duties      sum fd[k,.,.] = count_k   per week (or per day)
 *   (9) switches    c[j,u-1] <= c[j,u];  c[j,last start] = 1;
 *                   (before) sum of segment<=j activity covering u + c[j,u] <= 1
 *                   (after)  sum of segment>j activity covering u
 *                            <= c[j,u-tau_j]
 *                   (order)  c[j+1,u] <= c[j,u-tau_j]
 *   (10) same time  r[j] <= x_j;  r[j] <= x_j'
 * Objective: minimise w_missed * minutes * sigma + w_preferred * minutes of
 * sessions outside preferred blocks (students that have some) +
 * w_group_either per group session of an `either` student + a tiny cost per
 * documentation/reserve slot (no idle paperwork inflation) + w_same_time *
 * (x_j - r[j]) for week 2+ columns of weekly items (same time each week;
 * 0 when matched).  Balanced days come from the district's day patterns
 * (each day's load in proportion to its hours): a per-day excess term here
 * made the LP even days with fractional sessions and the dive slow (S
 * bench seed 3: 3.6 s -> 24.7 s) without evener days.
 *
 * Travel inside a fixed pattern is a constant, so it is the district level
 * (district.c) that minimises it.  Starts lie on a 15-minute grid (the
 * slot, when 15 minutes is not on the data grid) plus the points where a
 * window opens or closes (SOLVER.md: ~3x smaller models).
 */
#include "model.h"

#include "capacity.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
  C_X,
  C_Y,
  C_Z,
  C_L,
  C_C,
  C_DOC,
  C_RES,
  C_FD,
  C_SIG,
  /* elastic slacks (continuous) */
  C_SKIP_LUNCH,
  C_CUT_DUTY,
  C_CUT_DOC,
  C_CUT_RES,
  /* soft objective (continuous) */
  C_SAME /* a weekly session at its week-1 time (a = column, u = twin) */
};

#define OVERTIME_MAX 120 /* minutes an elastic day may run past contract */

typedef struct item {
  int svc;     /* index into in->svc (entry), service = in->svc[svc] */
  int len;     /* slots */
  int minutes; /* len * slot */
  int school;
  int student; /* CP_NONE for consult */
  bool direct;
  bool ind;    /* has x columns */
  int fam;     /* family or -1 */
  bool weekly; /* need per week, else per cycle */
  int need;    /* sessions per period */
  bool pref;   /* student has preferred blocks */
} item;

typedef struct fam {
  int cap, school, len;
  int n_members;
} fam;

typedef struct dclass { /* floating duty block class */
  int duty, len, count;
  bool per_day;
} dclass;

typedef struct col {
  unsigned char type;
  signed char seg; /* segment of the activity, -1 = location-free */
  unsigned char kept; /* 1: a session where --keep's schedule had it; 2:
                       * where the hint (the week before a repair) had it */
  short dd;
  int a;   /* item / family / switch / class */
  int u;   /* start slot */
  int len; /* slots covered (0 for c, sigma) */
} col;

typedef struct day {
  bool works;
  int start, n_u; /* contract start (minutes), slots (overtime included) */
  int n_contract; /* slots inside contract hours */
  int nseg;
  int seg_school[CP_MAX_SEGS + 2];
  bool seg_virtual[CP_MAX_SEGS + 2];
  int tau[CP_MAX_SEGS + 2];   /* switch j: seg j -> j+1, slots */
  int first_c[CP_MAX_SEGS + 2]; /* column of c[j,dd,0] */
  signed char *fixed_seg;     /* per slot: -2 free, -1 location-free, seg */
} day;

typedef struct build {
  const cp_tmodel_in *in;
  const cp_scenario *sc;
  const cp_therapist *th;
  int S, W, ndd;
  int grid; /* start grid (minutes) */
  day days[CP_MAX_WEEKS * CP_DAYS];
  item *items;
  int n_items;
  fam *fams;
  int n_fams;
  dclass *dcl;
  int n_dcl;
  col *cols;
  int n_cols, cap_cols;
  /* triplets (1-based for glp_load_matrix) */
  int *ia, *ja;
  double *ar;
  int nz, cap_nz;
  glp_prob *P;
  bool nomem;
} build;

/* ---- small helpers ------------------------------------------------------- */

static int add_col(build *b, int type, int seg, int dd, int a, int u, int len)
{
  int i = cp_vec_grow((void **)&b->cols, &b->n_cols, &b->cap_cols,
                      sizeof *b->cols);
  if (i < 0) {
    b->nomem = true;
    return -1;
  }
  col *c = &b->cols[i];
  c->type = (unsigned char)type;
  c->seg = (signed char)seg;
  c->dd = (short)dd;
  c->a = a;
  c->u = u;
  c->len = len;
  c->kept = 0;
  return i + 1; /* GLPK column number */
}

static void nz(build *b, int row, int colno, double v)
{
  if (cp_triplet_add(&b->ia, &b->ja, &b->ar, &b->nz, &b->cap_nz, row,
                     colno, v))
    b->nomem = true;
}

static int add_row(build *b, const char *name, int type, double lo, double hi)
{
  int r = glp_add_rows(b->P, 1);
  glp_set_row_name(b->P, r, name);
  glp_set_row_bnds(b->P, r, type, lo, hi);
  return r;
}

/* "0805" for 08:05: a time usable inside LP names. */
static const char *tstr(int minutes, char buf[6])
{
  unsigned m = minutes < 0 ? 0u : (unsigned)minutes;
  snprintf(buf, 6, "%02u%02u", (m / 60) % 100, m % 60);
  return buf;
}

static int seg_of(const day *dy, int school)
{
  for (int j = 0; j < dy->nseg; j++)
    if (!dy->seg_virtual[j] && dy->seg_school[j] == school)
      return j;
  return -1;
}

/* ---- days, segments and fixed duties ------------------------------------ */


static int set_days(build *b)
{
  const cp_scenario *sc = b->sc;
  int t = b->in->therapist;
  for (int dd = 0; dd < b->ndd; dd++) {
    day *dy = &b->days[dd];
    const cp_workday *w = &b->th->day[dd % CP_DAYS];
    dy->works = w->works;
    if (!w->works)
      continue;
    dy->start = w->start;
    dy->n_u = (w->end - w->start) / b->S;
    dy->n_contract = dy->n_u;
    if (b->in->elastic)
      dy->n_u += OVERTIME_MAX / b->S;
    const cp_daypat *p = &b->in->pat[dd];
    int n = 0;
    if (w->base != CP_NONE && p->n && p->school[0] != w->base) {
      dy->seg_school[n] = w->base;
      dy->seg_virtual[n++] = true;
    }
    for (int k = 0; k < p->n; k++) {
      dy->seg_school[n] = p->school[k];
      dy->seg_virtual[n++] = false;
    }
    if (w->base != CP_NONE && p->n && p->school[p->n - 1] != w->base) {
      dy->seg_school[n] = w->base;
      dy->seg_virtual[n++] = true;
    }
    dy->nseg = n;
    for (int j = 0; j + 1 < n; j++) {
      int m = cp_travel(sc, dy->seg_school[j], dy->seg_school[j + 1]);
      dy->tau[j] = (m + b->S - 1) / b->S;
      if (dy->tau[j] == 0)
        dy->tau[j] = 1; /* a move is never instant on the grid */
    }
    dy->fixed_seg = malloc((size_t)dy->n_u);
    if (!dy->fixed_seg)
      return -1;
    memset(dy->fixed_seg, -2, (size_t)dy->n_u);
    for (int i = 0; i < sc->duties.n; i++) {
      const cp_duty *du = &sc->duties.v[i];
      if (!cp_duty_applies(sc, du, t, dd % 7))
        continue;
      int seg = -1;
      if (du->school != CP_NONE) {
        seg = seg_of(dy, du->school);
        if (seg < 0)
          return -2; /* the pattern must visit the duty's school */
      }
      for (int m = du->start; m < du->end; m += b->S) {
        int u = (m - dy->start) / b->S;
        if (u >= 0 && u < dy->n_u)
          dy->fixed_seg[u] = (signed char)seg;
      }
    }
  }
  return 0;
}

/* ---- items and families --------------------------------------------------- */

static bool has_preferred(const cp_scenario *sc, const cp_student *st)
{
  for (int i = 0; i < sc->blocks.n; i++) {
    const cp_block *bl = &sc->blocks.v[i];
    if (!bl->preferred || (bl->school != CP_NONE && bl->school != st->school))
      continue;
    if ((bl->scope == CP_SCOPE_STUDENT && !strcmp(bl->id, st->id)) ||
        (bl->scope == CP_SCOPE_CLASSROOM && !strcmp(bl->id, st->classroom)) ||
        (bl->scope == CP_SCOPE_GRADE && !strcmp(bl->id, st->grade)) ||
        bl->scope == CP_SCOPE_SCHOOL)
      return true;
  }
  return false;
}

/* Minutes of [start,end) on day d inside preferred blocks of the student. */
static int preferred_overlap(const cp_scenario *sc, const cp_student *st,
                             int d, int start, int end)
{
  int best = 0;
  for (int i = 0; i < sc->blocks.n; i++) {
    const cp_block *bl = &sc->blocks.v[i];
    if (!bl->preferred || !(bl->days & (1u << d)) ||
        (bl->school != CP_NONE && bl->school != st->school))
      continue;
    if (!((bl->scope == CP_SCOPE_STUDENT && !strcmp(bl->id, st->id)) ||
          (bl->scope == CP_SCOPE_CLASSROOM &&
           !strcmp(bl->id, st->classroom)) ||
          (bl->scope == CP_SCOPE_GRADE && !strcmp(bl->id, st->grade)) ||
          bl->scope == CP_SCOPE_SCHOOL))
      continue;
    int lo = start > bl->start ? start : bl->start;
    int hi = end < bl->end ? end : bl->end;
    if (hi - lo > best)
      best = hi - lo;
  }
  return best;
}

static int add_item(build *b, const item *it)
{
  item *ni = realloc(b->items, (size_t)(b->n_items + 1) * sizeof *ni);
  if (!ni)
    return -1;
  b->items = ni;
  b->items[b->n_items++] = *it;
  return 0;
}

static int make_items(build *b)
{
  const cp_scenario *sc = b->sc;
  int S = b->S;
  for (int e = 0; e < b->in->n_svc; e++) {
    const cp_service *s = &sc->services.v[b->in->svc[e]];
    const cp_student *st = &sc->students.v[s->student];
    item it = {.svc = e, .school = st->school, .fam = -1};
    if (s->mode == CP_DIRECT) {
      it.student = s->student;
      it.direct = true;
      it.len = s->session_minutes / S;
      it.ind = true;
      it.weekly = s->per == CP_PER_WEEK;
      it.need = it.weekly ? s->weekly : s->sessions;
      it.pref = has_preferred(sc, st);
    } else {
      it.student = CP_NONE;
      it.ind = true;
      if (s->session_minutes) {
        it.len = s->session_minutes / S;
        it.weekly = s->per == CP_PER_WEEK;
        it.need = it.weekly ? s->weekly : s->sessions;
      } else {
        /* chunks of at most 60 minutes, as equal as the grid allows */
        int period_min = s->per == CP_PER_WEEK
                             ? s->cycle_minutes / b->W
                             : s->cycle_minutes;
        it.weekly = s->per == CP_PER_WEEK;
        int slots = (period_min + S - 1) / S;
        int n = (slots * S + 59) / 60;
        if (n < 1)
          n = 1;
        for (int k = 0; k < n; k++) {
          item ch = it;
          ch.len = slots / n + (k < slots % n ? 1 : 0);
          ch.need = 1;
          ch.minutes = ch.len * S;
          if (ch.len && add_item(b, &ch))
            return -1;
        }
        continue;
      }
    }
    it.minutes = it.len * S;
    if (add_item(b, &it))
      return -1;
  }
  /* group families (an elastic week may also group individual students,
   * at a cost: the warning sign "grouping only to fit minutes in") */
  bool any = b->in->elastic;
  for (int i = 0; i < b->n_items; i++) {
    item *it = &b->items[i];
    const cp_service *s = &sc->services.v[b->in->svc[it->svc]];
    if (!it->direct || (s->setting == CP_INDIVIDUAL && !any) ||
        s->max_group < 2 || it->fam >= 0)
      continue;
    int members = 1;
    for (int j = i + 1; j < b->n_items; j++) {
      const item *o = &b->items[j];
      const cp_service *os = &sc->services.v[b->in->svc[o->svc]];
      if (o->direct && o->fam < 0 && (os->setting != CP_INDIVIDUAL || any) &&
          o->school == it->school && o->len == it->len &&
          os->max_group == s->max_group)
        members++;
    }
    if (members < 2)
      continue;
    fam *nf = realloc(b->fams, (size_t)(b->n_fams + 1) * sizeof *nf);
    if (!nf)
      return -1;
    b->fams = nf;
    fam *f = &b->fams[b->n_fams];
    f->cap = s->max_group;
    f->school = it->school;
    f->len = it->len;
    f->n_members = 0;
    for (int j = i; j < b->n_items; j++) {
      item *o = &b->items[j];
      const cp_service *os = &sc->services.v[b->in->svc[o->svc]];
      if (o->direct && o->fam < 0 && (os->setting != CP_INDIVIDUAL || any) &&
          o->school == f->school && o->len == f->len &&
          os->max_group == f->cap) {
        o->fam = b->n_fams;
        o->ind = os->setting != CP_GROUP; /* `group` only joins groups */
        f->n_members++;
      }
    }
    b->n_fams++;
  }
  return 0;
}

static int make_duty_classes(build *b)
{
  const cp_scenario *sc = b->sc;
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (du->fixed || !cp_duty_of(du, b->in->therapist))
      continue;
    int B = du->min_block / b->S, total = du->minutes / b->S;
    if (B < 1)
      B = 1;
    int n = total / B, r = total - n * B;
    dclass cl[2] = {{i, B, r ? n - 1 : n, du->per == CP_PER_DAY},
                    {i, B + r, r ? 1 : 0, du->per == CP_PER_DAY}};
    for (int k = 0; k < 2; k++) {
      if (!cl[k].count)
        continue;
      dclass *nd = realloc(b->dcl, (size_t)(b->n_dcl + 1) * sizeof *nd);
      if (!nd)
        return -1;
      b->dcl = nd;
      b->dcl[b->n_dcl++] = cl[k];
    }
  }
  return 0;
}

/* ---- start points ---------------------------------------------------------- */

/* Is [t, t+len) free of fixed duties on the day? */
static bool free_of_fixed(const day *dy, int u, int len)
{
  if (u < 0 || u + len > dy->n_u)
    return false;
  for (int k = u; k < u + len; k++)
    if (dy->fixed_seg[k] != -2)
      return false;
  return true;
}

static bool in_spans(const cp_spans *sp, int start, int end)
{
  for (int k = 0; k < sp->n; k++)
    if (start >= sp->v[k].start && end <= sp->v[k].end)
      return true;
  return false;
}

static bool hits_spans(const cp_spans *sp, int start, int end)
{
  if (!sp)
    return false;
  for (int k = 0; k < sp->n; k++)
    if (start < sp->v[k].end && end > sp->v[k].start)
      return true;
  return false;
}

/* Coarse start grid: multiples of 15 minutes (or of the slot when 15 is not
 * on the grid), plus the opening and the last start of each window. */
static bool start_point(int t, int len_min, int lo, int hi, int grid)
{
  return t % grid == 0 || t == lo || t + len_min == hi;
}

static bool item_can_start(const build *b, const item *it, int dd, int u)
{
  const day *dy = &b->days[dd];
  const cp_scenario *sc = b->sc;
  int d = dd % CP_DAYS;
  if (!free_of_fixed(dy, u, it->len))
    return false;
  int t0 = dy->start + u * b->S, t1 = t0 + it->minutes;
  if (it->student != CP_NONE) {
    const cp_student *st = &sc->students.v[it->student];
    if (!in_spans(&st->avail[d], t0, t1))
      return false;
    if (b->in->busy &&
        hits_spans(&b->in->busy[(size_t)it->student * (size_t)b->ndd +
                                (size_t)dd],
                   t0, t1))
      return false;
    /* coarse grid inside the window that holds the session */
    for (int k = 0; k < st->avail[d].n; k++) {
      const cp_span *sp = &st->avail[d].v[k];
      if (t0 >= sp->start && t1 <= sp->end) {
        int lo = sp->start > dy->start ? sp->start : dy->start;
        int hi = sp->end < dy->start + dy->n_u * b->S
                     ? sp->end
                     : dy->start + dy->n_u * b->S;
        return start_point(t0, it->minutes, lo, hi, b->grid);
      }
    }
    return false;
  }
  const cp_school *sch = &sc->schools.v[it->school];
  if (t0 < sch->start || t1 > sch->end)
    return false;
  int lo = sch->start > dy->start ? sch->start : dy->start;
  int hi = sch->end;
  return start_point(t0, it->minutes, lo, hi, b->grid);
}

/* ---- building ------------------------------------------------------------- */

/* Cost of the overtime slots (past contract end) that [u, u+len) covers. */
static double ot_cost(const build *b, const day *dy, int u, int len)
{
  int from = u > dy->n_contract ? u : dy->n_contract;
  int n = u + len - from;
  return n > 0 ? n * b->S * b->sc->set.w.overtime : 0;
}

/* Adds a continuous elastic slack column in [0, hi] (hi < 0: no bound). */
static int add_slack(build *b, int type, int dd, int a, double hi,
                     double cost, const char *name)
{
  int j = add_col(b, type, -1, dd, a, 0, 0);
  if (j < 0)
    return -1;
  glp_add_cols(b->P, 1);
  glp_set_col_name(b->P, j, name);
  if (hi < 0)
    glp_set_col_bnds(b->P, j, GLP_LO, 0, 0);
  else
    glp_set_col_bnds(b->P, j, GLP_DB, 0, hi);
  glp_set_obj_coef(b->P, j, cost);
  return j;
}

/* The slack column of type for (dd, a), or 0 when there is none. */
static int find_slack(const build *b, int type, int dd, int a)
{
  for (int j = b->n_cols - 1; j >= 0; j--) {
    const col *c = &b->cols[j];
    if (c->type == type && c->dd == dd && c->a == a)
      return j + 1;
    if (c->type < C_SIG)
      break; /* slacks are the last columns */
  }
  return 0;
}

/* Names column j "PREFIX,w1,Mon,0800)" (PREFIX holds the opening "x(S1").
 * Names use only characters the CPLEX LP format allows, so --write-lp
 * files read like the equations above. */
static void name_col(build *b, int j, const char *prefix, int dd, int u)
{
  char name[128], tb[6];
  const day *dy = &b->days[dd];
  snprintf(name, sizeof name, "%s,w%d,%s,%s)", prefix, dd / 7 + 1,
           cp_day_name[dd % 7], tstr(dy->start + u * b->S, tb));
  glp_set_col_name(b->P, j, name);
}

/* 0 when service svc has no session in schedule k (--keep's previous week,
 * or the hint) for this therapist, 1 when it has one starting at t0 on
 * cycle day dd, else 2 (a moved session). */
static int previous_at(const build *b, const cp_schedule *k, int svc, int dd,
                       int t0)
{
  int seen = 0;
  for (int r = 0; k && r < k->n; r++) {
    const cp_row *row = &k->rows[r];
    if (row->therapist != b->in->therapist ||
        (row->act != CP_ACT_SESSION && row->act != CP_ACT_CONSULT))
      continue;
    for (int q = 0; q < row->n_services; q++)
      if (row->services[q] == svc) {
        if (row->week * 7 + row->day == dd && row->start == t0)
          return 1;
        seen = 2;
      }
  }
  return seen;
}

/* Columns r[j] of the same-time objective: one for every x/y column of
 * week 2+ of a weekly item that has a week-1 twin (same item, day, start). */
static int soft_columns(build *b)
{
  const cp_settings *set = &b->sc->set;
  char name[112];
  if (b->W < 2 || set->w.same_time <= 0)
    return 0;
  /* week-1 columns by (type, item, day, start) */
  int max_u = 1;
  for (int dd = 0; dd < b->ndd; dd++)
    if (b->days[dd].works && b->days[dd].n_u > max_u)
      max_u = b->days[dd].n_u;
  size_t n = (size_t)2 * (size_t)b->n_items * CP_DAYS * (size_t)max_u;
  int *twin = calloc(n + 1, sizeof *twin);
  if (!twin)
    return -1;
#define TWIN(t, i, d, u)                                                       \
  twin[(((size_t)((t) == C_Y) * (size_t)b->n_items + (size_t)(i)) * CP_DAYS + \
        (size_t)(d)) * (size_t)max_u + (size_t)(u)]
  int n_cols = b->n_cols;
  for (int j = 0; j < n_cols; j++) {
    const col *c = &b->cols[j];
    if ((c->type == C_X || c->type == C_Y) && c->dd < 7 && c->dd < CP_DAYS &&
        b->items[c->a].weekly)
      TWIN(c->type, c->a, c->dd, c->u) = j + 1;
  }
  for (int j = 0; j < n_cols; j++) {
    const col *c = &b->cols[j];
    if ((c->type != C_X && c->type != C_Y) || c->dd < 7 || c->dd % 7 > 4 ||
        !b->items[c->a].weekly)
      continue;
    int t = TWIN(c->type, c->a, c->dd % 7, c->u);
    if (!t)
      continue;
    glp_set_obj_coef(b->P, j + 1,
                     glp_get_obj_coef(b->P, j + 1) + set->w.same_time);
    int r = add_col(b, C_SAME, -1, c->dd, j + 1, t, 0);
    if (r < 0) {
      free(twin);
      return -1;
    }
    glp_add_cols(b->P, 1);
    snprintf(name, sizeof name, "same(%d,%d)", j + 1, t);
    glp_set_col_name(b->P, r, name);
    glp_set_col_bnds(b->P, r, GLP_DB, 0, 1);
    glp_set_obj_coef(b->P, r, -set->w.same_time);
  }
#undef TWIN
  free(twin);
  return 0;
}

static int build_columns(build *b)
{
  const cp_scenario *sc = b->sc;
  const cp_settings *set = &sc->set;
  int grid = b->grid;
  char name[112];
  for (int dd = 0; dd < b->ndd; dd++) {
    const day *dy = &b->days[dd];
    if (!dy->works)
      continue;
    int d = dd % 7;
    /* sessions and consults */
    for (int i = 0; i < b->n_items; i++) {
      const item *it = &b->items[i];
      int seg = seg_of(dy, it->school);
      if (seg < 0 || d > 4)
        continue;
      const cp_service *s = &sc->services.v[b->in->svc[it->svc]];
      const char *sid = it->student != CP_NONE
                            ? sc->students.v[it->student].id
                            : sc->students.v[s->student].id;
      for (int u = 0; u + it->len <= dy->n_u; u++) {
        if (!item_can_start(b, it, dd, u))
          continue;
        int t0 = dy->start + u * b->S;
        double cost = 0;
        if (it->pref)
          cost = set->w.preferred *
                 (it->minutes -
                  preferred_overlap(sc, &sc->students.v[it->student], d, t0,
                                    t0 + it->minutes));
        int prev = previous_at(b, b->in->keep, b->in->svc[it->svc], dd, t0);
        if (prev == 2)
          cost += set->w.moved;
        unsigned char kept =
            prev == 1 ? 1
            : previous_at(b, b->in->hint, b->in->svc[it->svc], dd, t0) == 1
                ? 2
                : 0;
        if (it->ind) {
          int j = add_col(b, C_X, seg, dd, i, u, it->len);
          if (j < 0)
            return -1;
          glp_add_cols(b->P, 1);
          snprintf(name, sizeof name, "x(%s%s", sid,
                   it->direct ? "" : ".consult");
          name_col(b, j, name, dd, u);
          glp_set_col_kind(b->P, j, GLP_BV);
          glp_set_obj_coef(b->P, j, cost + ot_cost(b, dy, u, it->len));
          b->cols[j - 1].kept = kept;
        }
        if (it->fam >= 0) {
          int j = add_col(b, C_Y, seg, dd, i, u, 0);
          if (j < 0)
            return -1;
          glp_add_cols(b->P, 1);
          snprintf(name, sizeof name, "y(%s", sid);
          name_col(b, j, name, dd, u);
          glp_set_col_kind(b->P, j, GLP_BV);
          glp_set_obj_coef(b->P, j,
                           cost + (s->setting == CP_EITHER
                                       ? set->w.group_either
                                   : s->setting == CP_INDIVIDUAL
                                       ? set->w.forced_group
                                       : 0));
          b->cols[j - 1].kept = kept;
        }
      }
    }
    /* group starts: wherever a member can join */
    for (int f = 0; f < b->n_fams; f++) {
      int seg = seg_of(dy, b->fams[f].school);
      if (seg < 0 || d > 4)
        continue;
      for (int u = 0; u + b->fams[f].len <= dy->n_u; u++) {
        bool any = false;
        for (int i = 0; i < b->n_items && !any; i++)
          any = b->items[i].fam == f && item_can_start(b, &b->items[i], dd, u);
        if (!any)
          continue;
        int j = add_col(b, C_Z, seg, dd, f, u, b->fams[f].len);
        if (j < 0)
          return -1;
        glp_add_cols(b->P, 1);
        snprintf(name, sizeof name, "z(g%d", f + 1);
        name_col(b, j, name, dd, u);
        glp_set_col_kind(b->P, j, GLP_BV);
        glp_set_obj_coef(b->P, j, ot_cost(b, dy, u, b->fams[f].len));
      }
    }
    /* lunch */
    const cp_workday *w = &b->th->day[d];
    if (w->lunch_minutes > 0) {
      int len = w->lunch_minutes / b->S;
      int lo = w->lunch_earliest > w->start ? w->lunch_earliest : w->start;
      int hi = w->lunch_latest < w->end ? w->lunch_latest : w->end;
      for (int t0 = lo; t0 + w->lunch_minutes <= hi; t0 += b->S) {
        int u = (t0 - dy->start) / b->S;
        if (!start_point(t0, w->lunch_minutes, lo, hi, grid) ||
            !free_of_fixed(dy, u, len))
          continue;
        int j = add_col(b, C_L, -1, dd, 0, u, len);
        if (j < 0)
          return -1;
        glp_add_cols(b->P, 1);
        name_col(b, j, "lunch(", dd, u);
        glp_set_col_kind(b->P, j, GLP_BV);
        glp_set_obj_coef(b->P, j, ot_cost(b, dy, u, len));
      }
    }
    /* switches: c[j,u] = 1 once drive j has started */
    for (int sj = 0; sj + 1 < dy->nseg; sj++) {
      b->days[dd].first_c[sj] = b->n_cols + 1;
      for (int u = 0; u < dy->n_u; u++) {
        int j = add_col(b, C_C, -1, dd, sj, u, 0);
        if (j < 0)
          return -1;
        glp_add_cols(b->P, 1);
        snprintf(name, sizeof name, "c(%s/%s",
                 sc->schools.v[dy->seg_school[sj]].id,
                 sc->schools.v[dy->seg_school[sj + 1]].id);
        name_col(b, j, name, dd, u);
        glp_set_col_kind(b->P, j, GLP_BV);
        /* the drive must be over by the end of the day */
        if (u + dy->tau[sj] >= dy->n_u)
          glp_set_col_bnds(b->P, j, GLP_FX, 1, 1);
        /* and cannot start before a fixed duty of an earlier segment is
         * over (later segments: see the (after) rows) */
        for (int k = u; k < dy->n_u; k++)
          if (dy->fixed_seg[k] >= 0 && dy->fixed_seg[k] <= sj)
            glp_set_col_bnds(b->P, j, GLP_FX, 0, 0);
      }
    }
    /* a drive past contract end is overtime: its slots are c[u]-c[u-tau] */
    if (b->in->elastic)
      for (int sj = 0; sj + 1 < dy->nseg; sj++) {
        int c0 = b->days[dd].first_c[sj], tau = dy->tau[sj];
        double k = b->S * set->w.overtime;
        for (int u = dy->n_contract; u < dy->n_u; u++) {
          glp_set_obj_coef(b->P, c0 + u, glp_get_obj_coef(b->P, c0 + u) + k);
          if (u - tau >= 0)
            glp_set_obj_coef(b->P, c0 + u - tau,
                             glp_get_obj_coef(b->P, c0 + u - tau) - k);
        }
      }
    /* documentation and reserve slots, floating duty blocks */
    for (int u = 0; u < dy->n_u; u++) {
      if (dy->fixed_seg[u] != -2)
        continue;
      int j = add_col(b, C_DOC, -1, dd, 0, u, 1);
      if (j < 0)
        return -1;
      glp_add_cols(b->P, 1);
      name_col(b, j, "doc(", dd, u);
      glp_set_col_kind(b->P, j, GLP_BV);
      glp_set_obj_coef(b->P, j, 0.001 + ot_cost(b, dy, u, 1));
      j = add_col(b, C_RES, -1, dd, 0, u, 1);
      if (j < 0)
        return -1;
      glp_add_cols(b->P, 1);
      name_col(b, j, "res(", dd, u);
      glp_set_col_kind(b->P, j, GLP_BV);
      glp_set_obj_coef(b->P, j, 0.001 + ot_cost(b, dy, u, 1));
    }
    for (int k = 0; k < b->n_dcl; k++) {
      int len = b->dcl[k].len;
      for (int u = 0; u + len <= dy->n_u; u++) {
        int t0 = dy->start + u * b->S;
        if (!(t0 % grid == 0 || u == 0 || u + len == dy->n_u) ||
            !free_of_fixed(dy, u, len))
          continue;
        int j = add_col(b, C_FD, -1, dd, k, u, len);
        if (j < 0)
          return -1;
        glp_add_cols(b->P, 1);
        snprintf(name, sizeof name, "fd(%s%d",
                 sc->duties.v[b->dcl[k].duty].kind, k + 1);
        name_col(b, j, name, dd, u);
        glp_set_col_kind(b->P, j, GLP_BV);
        glp_set_obj_coef(b->P, j, ot_cost(b, dy, u, len));
      }
    }
  }
  /* shortfall */
  for (int i = 0; i < b->n_items; i++) {
    const item *it = &b->items[i];
    int periods = it->weekly ? b->W : 1;
    for (int p = 0; p < periods; p++) {
      int j = add_col(b, C_SIG, -1, 0, i, p, 0);
      if (j < 0)
        return -1;
      glp_add_cols(b->P, 1);
      const cp_service *s = &sc->services.v[b->in->svc[it->svc]];
      snprintf(name, sizeof name, "sigma(%s,%s,%d,p%d)",
               sc->students.v[s->student].id,
               sc->disciplines[s->discipline], i + 1, p + 1);
      glp_set_col_name(b->P, j, name);
      glp_set_col_bnds(b->P, j, GLP_DB, 0, it->need);
      glp_set_obj_coef(b->P, j, set->w.missed * it->minutes);
    }
  }
  if (b->in->elastic) {
    for (int dd = 0; dd < b->ndd; dd++) {
      if (!b->days[dd].works)
        continue;
      const cp_workday *w = &b->th->day[dd % 7];
      snprintf(name, sizeof name, "skip_lunch(w%d,%s)", dd / 7 + 1,
               cp_day_name[dd % 7]);
      if (w->lunch_minutes > 0 &&
          add_slack(b, C_SKIP_LUNCH, dd, 0, 1,
                    set->w.lunch * w->lunch_minutes, name) < 0)
        return -1;
      snprintf(name, sizeof name, "cut_doc(w%d,%s)", dd / 7 + 1,
               cp_day_name[dd % 7]);
      if (add_slack(b, C_CUT_DOC, dd, 0, -1, set->w.duty_cut, name) < 0)
        return -1;
      for (int k = 0; k < b->n_dcl; k++) {
        const dclass *cl = &b->dcl[k];
        if (!cl->per_day && dd % 7 != 0)
          continue;
        snprintf(name, sizeof name, "cut_duty(%d,w%d,%s)", k + 1, dd / 7 + 1,
                 cp_day_name[dd % 7]);
        if (add_slack(b, C_CUT_DUTY, dd, k, cl->count,
                      set->w.duty_cut * cl->len * b->S, name) < 0)
          return -1;
      }
    }
    for (int w = 0; w < b->W; w++) {
      snprintf(name, sizeof name, "cut_reserve(w%d)", w + 1);
      if (add_slack(b, C_CUT_RES, w * 7, 0, -1, set->w.duty_cut, name) < 0)
        return -1;
    }
  }
  if (soft_columns(b))
    return -1;
  return b->nomem ? -1 : 0;
}

/* Rows (10) of the same-time objective (see soft_columns). */
static void soft_rows(build *b)
{
  char name[96];
  for (int j = 0; j < b->n_cols; j++) {
    const col *e = &b->cols[j];
    if (e->type != C_SAME)
      continue;
    snprintf(name, sizeof name, "same_a(%d)", e->a);
    int r = add_row(b, name, GLP_UP, 0, 0);
    nz(b, r, j + 1, 1);
    nz(b, r, e->a, -1);
    snprintf(name, sizeof name, "same_b(%d)", e->a);
    r = add_row(b, name, GLP_UP, 0, 0);
    nz(b, r, j + 1, 1);
    nz(b, r, e->u, -1);
  }
}

static int build_rows(build *b)
{
  const cp_scenario *sc = b->sc;
  const cp_settings *set = &sc->set;
  char name[96], tb[6];
  int S = b->S;
  int r;

  /* (1) demand and (2) one a day */
  int *per_day = calloc((size_t)b->n_items * (size_t)b->ndd + 1, sizeof *per_day);
  if (!per_day)
    return -1;
  for (int i = 0; i < b->n_items; i++) {
    const item *it = &b->items[i];
    const cp_service *s = &sc->services.v[b->in->svc[it->svc]];
    int periods = it->weekly ? b->W : 1;
    for (int p = 0; p < periods; p++) {
      snprintf(name, sizeof name, "demand(%s,%s,%d,p%d)",
               sc->students.v[s->student].id, sc->disciplines[s->discipline],
               i + 1, p + 1);
      r = add_row(b, name, GLP_FX, it->need, it->need);
      for (int j = 0; j < b->n_cols; j++) {
        const col *c = &b->cols[j];
        if (c->a != i)
          continue;
        if ((c->type == C_X || c->type == C_Y) &&
            (!it->weekly || c->dd / 7 == p))
          nz(b, r, j + 1, 1);
        if (c->type == C_SIG && c->u == p)
          nz(b, r, j + 1, 1);
      }
    }
  }
  /* one a day per service (items of one service share svc) */
  for (int dd = 0; dd < b->ndd; dd++) {
    if (!b->days[dd].works)
      continue;
    for (int e = 0; e < b->in->n_svc; e++) {
      int count = 0;
      for (int j = 0; j < b->n_cols; j++) {
        const col *c = &b->cols[j];
        if ((c->type == C_X || c->type == C_Y) && c->dd == dd &&
            b->items[c->a].svc == e)
          count++;
      }
      if (count < 2)
        continue;
      const cp_service *s = &sc->services.v[b->in->svc[e]];
      snprintf(name, sizeof name, "oneaday(%s,%s,w%d,%s)",
               sc->students.v[s->student].id, sc->disciplines[s->discipline],
               dd / 7 + 1, cp_day_name[dd % 7]);
      r = add_row(b, name, GLP_UP, 0, 1);
      for (int j = 0; j < b->n_cols; j++) {
        const col *c = &b->cols[j];
        if ((c->type == C_X || c->type == C_Y) && c->dd == dd &&
            b->items[c->a].svc == e)
          nz(b, r, j + 1, 1);
      }
    }
  }
  free(per_day);

  /* (3) capacity and (9) switch rows, per day */
  for (int dd = 0; dd < b->ndd; dd++) {
    day *dy = &b->days[dd];
    if (!dy->works)
      continue;
    /* per slot: every column that covers it */
    cp_ivec *cv = calloc((size_t)dy->n_u, sizeof *cv);
    if (!cv)
      return -1;
    for (int j = 0; j < b->n_cols; j++) {
      const col *c = &b->cols[j];
      if (c->dd != dd || c->type == C_SIG || c->type == C_C || c->type == C_Y)
        continue;
      for (int k = c->u; k < c->u + c->len && k < dy->n_u; k++)
        if (cp_ivec_push(&cv[k], j + 1))
          b->nomem = true;
    }
    for (int u = 0; u < dy->n_u && !b->nomem; u++) {
      if (dy->fixed_seg[u] != -2)
        continue; /* nothing can cover a fixed duty's slot */
      snprintf(name, sizeof name, "cap(w%d,%s,%s)", dd / 7 + 1,
               cp_day_name[dd % 7], tstr(dy->start + u * S, tb));
      r = add_row(b, name, GLP_UP, 0, 1);
      for (int k = 0; k < cv[u].n; k++)
        nz(b, r, cv[u].v[k], 1);
      for (int sj = 0; sj + 1 < dy->nseg; sj++) {
        nz(b, r, dy->first_c[sj] + u, 1);
        if (u - dy->tau[sj] >= 0)
          nz(b, r, dy->first_c[sj] + u - dy->tau[sj], -1);
      }
    }
    for (int sj = 0; sj + 1 < dy->nseg && !b->nomem; sj++) {
      int c0 = dy->first_c[sj], tau = dy->tau[sj];
      const char *from = sc->schools.v[dy->seg_school[sj]].id;
      const char *to = sc->schools.v[dy->seg_school[sj + 1]].id;
      for (int u = 0; u < dy->n_u; u++) {
        const char *ts = tstr(dy->start + u * S, tb);
        if (u > 0) { /* monotone */
          snprintf(name, sizeof name, "mono(%s/%s,w%d,%s,%s)", from, to,
                   dd / 7 + 1, cp_day_name[dd % 7], ts);
          r = add_row(b, name, GLP_UP, 0, 0);
          nz(b, r, c0 + u - 1, 1);
          nz(b, r, c0 + u, -1);
        }
        /* before: activity of segments <= sj covering u forbids started */
        bool fixed_before = dy->fixed_seg[u] >= 0 && dy->fixed_seg[u] <= sj;
        bool fixed_after = dy->fixed_seg[u] > sj;
        int nb = 0, na = 0;
        for (int k = 0; k < cv[u].n; k++) {
          const col *c = &b->cols[cv[u].v[k] - 1];
          if (c->seg < 0)
            continue;
          if (c->seg <= sj)
            nb++;
          else
            na++;
        }
        if (fixed_before) {
          glp_set_col_bnds(b->P, c0 + u, GLP_FX, 0, 0);
        } else if (nb) {
          snprintf(name, sizeof name, "before(%s/%s,w%d,%s,%s)", from, to,
                   dd / 7 + 1, cp_day_name[dd % 7], ts);
          r = add_row(b, name, GLP_UP, 0, 1);
          for (int k = 0; k < cv[u].n; k++) {
            const col *c = &b->cols[cv[u].v[k] - 1];
            if (c->seg >= 0 && c->seg <= sj)
              nz(b, r, cv[u].v[k], 1);
          }
          nz(b, r, c0 + u, 1);
        }
        if (fixed_after) {
          /* the drive must be over: c[u - tau] = 1 */
          if (u - tau < 0) {
            free(cv);
            return -3; /* pattern impossible: caller re-patterns */
          }
          glp_set_col_bnds(b->P, c0 + u - tau, GLP_FX, 1, 1);
        } else if (na) {
          snprintf(name, sizeof name, "after(%s/%s,w%d,%s,%s)", from, to,
                   dd / 7 + 1, cp_day_name[dd % 7], ts);
          r = add_row(b, name, GLP_UP, 0, 0);
          for (int k = 0; k < cv[u].n; k++) {
            const col *c = &b->cols[cv[u].v[k] - 1];
            if (c->seg > sj)
              nz(b, r, cv[u].v[k], 1);
          }
          if (u - tau >= 0)
            nz(b, r, c0 + u - tau, -1);
        }
        /* order of drives */
        if (sj + 2 < dy->nseg) {
          snprintf(name, sizeof name, "order(%s/%s,w%d,%s,%s)", from, to,
                   dd / 7 + 1, cp_day_name[dd % 7], ts);
          r = add_row(b, name, GLP_UP, 0, 0);
          nz(b, r, dy->first_c[sj + 1] + u, 1);
          if (u - tau >= 0)
            nz(b, r, c0 + u - tau, -1);
        }
      }
    }
    for (int u = 0; u < dy->n_u; u++)
      free(cv[u].v);
    free(cv);
  }
  if (b->nomem)
    return -1;

  /* (4) groups */
  for (int j = 0; j < b->n_cols; j++) {
    const col *c = &b->cols[j];
    if (c->type != C_Z)
      continue;
    const fam *f = &b->fams[c->a];
    char zn[64];
    snprintf(zn, sizeof zn, "g%d,w%d,%s,%s", c->a + 1, c->dd / 7 + 1,
             cp_day_name[c->dd % 7],
             tstr(b->days[c->dd].start + c->u * S, tb));
    int members = 0;
    for (int k = 0; k < b->n_cols; k++) {
      const col *m = &b->cols[k];
      if (m->type == C_Y && m->dd == c->dd && m->u == c->u &&
          b->items[m->a].fam == c->a) {
        snprintf(name, sizeof name, "link(%d,%s)", k + 1, zn);
        r = add_row(b, name, GLP_UP, 0, 0);
        nz(b, r, k + 1, 1);
        nz(b, r, j + 1, -1);
        members++;
      }
    }
    snprintf(name, sizeof name, "nonempty(%s)", zn);
    r = add_row(b, name, GLP_UP, 0, 0);
    nz(b, r, j + 1, 1);
    for (int k = 0; k < b->n_cols; k++) {
      const col *m = &b->cols[k];
      if (m->type == C_Y && m->dd == c->dd && m->u == c->u &&
          b->items[m->a].fam == c->a)
        nz(b, r, k + 1, -1);
    }
    if (members > f->cap) {
      snprintf(name, sizeof name, "size(%s)", zn);
      r = add_row(b, name, GLP_UP, 0, 0);
      nz(b, r, j + 1, -f->cap);
      for (int k = 0; k < b->n_cols; k++) {
        const col *m = &b->cols[k];
        if (m->type == C_Y && m->dd == c->dd && m->u == c->u &&
            b->items[m->a].fam == c->a)
          nz(b, r, k + 1, 1);
      }
    }
  }

  /* (5) lunch, (6) documentation */
  for (int dd = 0; dd < b->ndd; dd++) {
    if (!b->days[dd].works)
      continue;
    if (b->th->day[dd % 7].lunch_minutes > 0) {
      snprintf(name, sizeof name, "lunch(w%d,%s)", dd / 7 + 1,
               cp_day_name[dd % 7]);
      r = add_row(b, name, GLP_FX, 1, 1);
      for (int j = 0; j < b->n_cols; j++)
        if (b->cols[j].type == C_L && b->cols[j].dd == dd)
          nz(b, r, j + 1, 1);
      int sk = find_slack(b, C_SKIP_LUNCH, dd, 0);
      if (sk)
        nz(b, r, sk, 1);
    }
    if (set->doc_per_session > 0) {
      snprintf(name, sizeof name, "docs(w%d,%s)", dd / 7 + 1,
               cp_day_name[dd % 7]);
      r = add_row(b, name, GLP_LO, 0, 0);
      for (int j = 0; j < b->n_cols; j++) {
        const col *c = &b->cols[j];
        if (c->dd != dd)
          continue;
        if (c->type == C_DOC)
          nz(b, r, j + 1, S);
        else if ((c->type == C_X && b->items[c->a].direct) || c->type == C_Z)
          nz(b, r, j + 1, -set->doc_per_session);
      }
      int cut = find_slack(b, C_CUT_DOC, dd, 0);
      if (cut)
        nz(b, r, cut, 1);
    }
  }

  /* (7) reserve per week */
  int students = 0;
  {
    bool *seen = calloc((size_t)sc->students.n + 1, 1);
    if (!seen)
      return -1;
    for (int e = 0; e < b->in->n_svc; e++) {
      int st = sc->services.v[b->in->svc[e]].student;
      if (!seen[st]) {
        seen[st] = true;
        students++;
      }
    }
    free(seen);
  }
  int reserve = cp_reserve_minutes(set, students);
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (du->fixed &&
        (!strcmp(du->kind, "iep_meeting") || !strcmp(du->kind, "evaluation")))
      for (int d = 0; d < CP_DAYS; d++)
        if (cp_duty_applies(sc, du, b->in->therapist, d))
          reserve -= du->end - du->start;
  }
  if (reserve > 0)
    for (int w = 0; w < b->W; w++) {
      snprintf(name, sizeof name, "reserve(w%d)", w + 1);
      r = add_row(b, name, GLP_LO, reserve, 0);
      for (int j = 0; j < b->n_cols; j++)
        if (b->cols[j].type == C_RES && b->cols[j].dd / 7 == w)
          nz(b, r, j + 1, S);
      int cut = find_slack(b, C_CUT_RES, w * 7, 0);
      if (cut)
        nz(b, r, cut, 1);
    }

  /* (8) floating duties */
  for (int k = 0; k < b->n_dcl; k++) {
    const dclass *cl = &b->dcl[k];
    const char *kind = sc->duties.v[cl->duty].kind;
    for (int dd = 0; dd < b->ndd; dd++) {
      bool week_start = dd % 7 == 0;
      if (cl->per_day ? !b->days[dd].works : !week_start)
        continue;
      if (cl->per_day)
        snprintf(name, sizeof name, "duty(%s%d,w%d,%s)", kind, k + 1,
                 dd / 7 + 1, cp_day_name[dd % 7]);
      else
        snprintf(name, sizeof name, "duty(%s%d,w%d)", kind, k + 1,
                 dd / 7 + 1);
      r = add_row(b, name, GLP_FX, cl->count, cl->count);
      for (int j = 0; j < b->n_cols; j++) {
        const col *c = &b->cols[j];
        if (c->type == C_FD && c->a == k &&
            (cl->per_day ? c->dd == dd : c->dd / 7 == dd / 7))
          nz(b, r, j + 1, 1);
      }
      int cut = find_slack(b, C_CUT_DUTY, dd, k);
      if (cut)
        nz(b, r, cut, 1);
    }
  }
  soft_rows(b);
  return b->nomem ? -1 : 0;
}

/* ---- decoding -------------------------------------------------------------- */

static int emit(build *b, cp_schedule *sched, int dd, int u0, int len,
                int school, cp_act act, const char *kind, int *svc, int n_svc)
{
  const day *dy = &b->days[dd];
  cp_row row = {.therapist = b->in->therapist,
                .week = dd / 7,
                .day = dd % 7,
                .start = dy->start + u0 * b->S,
                .end = dy->start + (u0 + len) * b->S,
                .school = school,
                .act = act,
                .kind = kind,
                .services = svc,
                .n_services = n_svc};
  return cp_schedule_add(sched, &row) < 0 ? -1 : 0;
}

/* Emits runs of consecutive set slots (doc or res) as rows. */
static int emit_runs(build *b, cp_schedule *sched, int dd, const bool *on,
                     cp_act act)
{
  const day *dy = &b->days[dd];
  for (int u = 0; u < dy->n_u;) {
    if (!on[u]) {
      u++;
      continue;
    }
    int v = u;
    while (v < dy->n_u && on[v])
      v++;
    if (emit(b, sched, dd, u, v - u, CP_NONE, act, NULL, NULL, 0))
      return -1;
    u = v;
  }
  return 0;
}

/* Adds shortfall column j's value v (sessions of its item missing) to the
 * item's service in out->short_min and to out->missed; returns the
 * minutes. */
static double add_short(const build *b, int j, double v, cp_tmodel_out *out)
{
  const item *it = &b->items[b->cols[j].a];
  out->short_min[it->svc] += v * it->minutes;
  out->missed += v * it->minutes;
  return v * it->minutes;
}

static int decode(build *b, cp_schedule *sched, cp_tmodel_out *out)
{
  const cp_scenario *sc = b->sc;
  const double *X = out->mip.x;
  int *members = malloc(((size_t)b->n_items + 1) * sizeof *members);
  bool *doc = NULL, *res = NULL;
  if (!members)
    return -1;
  for (int j = 0; j < b->n_cols; j++) {
    const col *c = &b->cols[j];
    double v = X[j + 1];
    if (c->type == C_SIG) {
      out->signs.missed += add_short(b, j, v, out);
      continue;
    }
    switch (c->type) {
    case C_SKIP_LUNCH:
      out->signs.lunch_cut += v * b->th->day[c->dd % 7].lunch_minutes;
      continue;
    case C_CUT_DUTY:
      out->signs.duty_cut += v * b->dcl[c->a].len * b->S;
      continue;
    case C_CUT_DOC:
      out->signs.doc_cut += v;
      continue;
    case C_CUT_RES:
      out->signs.reserve_cut += v;
      continue;
    case C_Y:
      if (v > 0.5 && sc->services.v[b->in->svc[b->items[c->a].svc]].setting ==
                         CP_INDIVIDUAL)
        out->signs.forced_group += 1;
      break;
    default:
      break;
    }
    if (v < 0.5)
      continue;
    const day *dy = &b->days[c->dd];
    switch (c->type) {
    case C_X: {
      const item *it = &b->items[c->a];
      int svc = b->in->svc[it->svc];
      if (emit(b, sched, c->dd, c->u, c->len, it->school,
               it->direct ? CP_ACT_SESSION : CP_ACT_CONSULT, NULL, &svc, 1))
        goto fail;
      break;
    }
    case C_Z: {
      int n = 0;
      for (int k = 0; k < b->n_cols; k++) {
        const col *m = &b->cols[k];
        if (m->type == C_Y && m->dd == c->dd && m->u == c->u &&
            b->items[m->a].fam == c->a && X[k + 1] > 0.5)
          members[n++] = b->in->svc[b->items[m->a].svc];
      }
      if (n && emit(b, sched, c->dd, c->u, c->len, b->fams[c->a].school,
                    CP_ACT_SESSION, NULL, members, n))
        goto fail;
      break;
    }
    case C_L:
      if (emit(b, sched, c->dd, c->u, c->len, CP_NONE, CP_ACT_LUNCH, NULL,
               NULL, 0))
        goto fail;
      break;
    case C_C: {
      /* the drive starts at the first slot where c turns 1 */
      int first = b->days[c->dd].first_c[c->a];
      if (c->u > 0 && X[first + c->u - 1] > 0.5)
        break;
      if (emit(b, sched, c->dd, c->u, dy->tau[c->a],
               dy->seg_school[c->a + 1], CP_ACT_TRAVEL, NULL, NULL, 0))
        goto fail;
      break;
    }
    case C_FD:
      if (emit(b, sched, c->dd, c->u, c->len, CP_NONE, CP_ACT_DUTY,
               sc->duties.v[b->dcl[c->a].duty].kind, NULL, 0))
        goto fail;
      break;
    default:
      break;
    }
  }
  /* documentation and reserve runs; fixed duties */
  for (int dd = 0; dd < b->ndd; dd++) {
    const day *dy = &b->days[dd];
    if (!dy->works)
      continue;
    doc = calloc((size_t)dy->n_u, 1);
    res = calloc((size_t)dy->n_u, 1);
    if (!doc || !res)
      goto fail;
    for (int j = 0; j < b->n_cols; j++) {
      const col *c = &b->cols[j];
      if (c->dd != dd || (c->type != C_DOC && c->type != C_RES) ||
          X[j + 1] < 0.5)
        continue;
      (c->type == C_DOC ? doc : res)[c->u] = true;
    }
    if (emit_runs(b, sched, dd, doc, CP_ACT_DOC) ||
        emit_runs(b, sched, dd, res, CP_ACT_RESERVE))
      goto fail;
    free(doc);
    free(res);
    doc = res = NULL;
    for (int i = 0; i < sc->duties.n; i++) {
      const cp_duty *du = &sc->duties.v[i];
      if (!cp_duty_applies(sc, du, b->in->therapist, dd % 7))
        continue;
      int u = (du->start - dy->start) / b->S;
      if (emit(b, sched, dd, u, (du->end - du->start) / b->S, du->school,
               CP_ACT_DUTY, du->kind, NULL, 0))
        goto fail;
    }
  }
  free(members);
  return 0;
fail:
  free(members);
  free(doc);
  free(res);
  return -1;
}

/* ---- travel clean-up --------------------------------------------------------- */

static bool located(const cp_row *r)
{
  return r->school != CP_NONE && r->act != CP_ACT_TRAVEL;
}

/* Is [start,end) free of every non-travel row of the day? */
static bool gap_free(const cp_schedule *s, int first, int dd, int start,
                     int end)
{
  for (int i = first; i < s->n; i++) {
    const cp_row *r = &s->rows[i];
    if (r->week * CP_DAYS + r->day != dd || r->act == CP_ACT_TRAVEL ||
        r->therapist < 0)
      continue;
    if (r->start < end && r->end > start)
      return false;
  }
  return true;
}

/* A pattern may visit a school where, in the end, nothing happens.  Drives
 * through such a segment are replaced by one direct drive (the travel matrix
 * is a shortest-path metric, so it is never longer) when it fits, and drives
 * that lead back to where the therapist already was are dropped. */
static int prune_travel(build *b, cp_schedule *s, int first)
{
  const cp_scenario *sc = b->sc;
  for (int dd = 0; dd < b->ndd; dd++) {
    const day *dy = &b->days[dd];
    if (!dy->works)
      continue;
    int base = b->th->day[dd % 7].base;
    int day_end = dy->start + dy->n_u * b->S;
    /* anchors in time order: (school, end of previous, start of next) */
    int prev_school = base, prev_end = dy->start;
    for (;;) {
      /* next located row after prev_end */
      int next = -1;
      for (int i = first; i < s->n; i++) {
        const cp_row *r = &s->rows[i];
        if (r->therapist >= 0 && r->week * CP_DAYS + r->day == dd &&
            located(r) && r->start >= prev_end &&
            (next < 0 || r->start < s->rows[next].start))
          next = i;
      }
      int nschool = next >= 0 ? s->rows[next].school : base;
      int nstart = next >= 0 ? s->rows[next].start : day_end;
      /* drives in the gap */
      int n_tr = 0, first_tr = -1;
      for (int i = first; i < s->n; i++) {
        const cp_row *r = &s->rows[i];
        if (r->therapist >= 0 && r->week * CP_DAYS + r->day == dd &&
            r->act == CP_ACT_TRAVEL && r->start >= prev_end &&
            r->end <= nstart) {
          n_tr++;
          if (first_tr < 0 || r->start < s->rows[first_tr].start)
            first_tr = i;
        }
      }
      bool drop = n_tr > 0 && (nschool == prev_school || nschool == CP_NONE ||
                               prev_school == CP_NONE);
      bool merge = false;
      int t0 = 0, len = 0;
      if (!drop && n_tr > 1) {
        len = (cp_travel(sc, prev_school, nschool) + b->S - 1) / b->S * b->S;
        for (t0 = prev_end; t0 + len <= nstart; t0 += b->S)
          if (gap_free(s, first, dd, t0, t0 + len)) {
            merge = true;
            break;
          }
      }
      if (drop || merge) {
        for (int i = first; i < s->n; i++) {
          cp_row *r = &s->rows[i];
          if (r->therapist >= 0 && r->week * CP_DAYS + r->day == dd &&
              r->act == CP_ACT_TRAVEL && r->start >= prev_end &&
              r->end <= nstart)
            r->therapist = -1; /* deleted below */
        }
        if (merge) {
          cp_row row = {.therapist = b->in->therapist, .week = dd / 7,
                        .day = dd % 7, .start = t0, .end = t0 + len,
                        .school = nschool, .act = CP_ACT_TRAVEL};
          if (cp_schedule_add(s, &row) < 0)
            return -1;
        }
      }
      if (next < 0)
        break;
      prev_school = s->rows[next].school;
      prev_end = s->rows[next].end;
    }
  }
  /* compact */
  int n = first;
  for (int i = first; i < s->n; i++) {
    if (s->rows[i].therapist < 0) {
      free(s->rows[i].services);
      continue;
    }
    s->rows[n++] = s->rows[i];
  }
  s->n = n;
  return 0;
}

/* ---- entry ----------------------------------------------------------------- */

static void build_fini(build *b)
{
  for (int dd = 0; dd < b->ndd; dd++)
    free(b->days[dd].fixed_seg);
  free(b->items);
  free(b->fams);
  free(b->dcl);
  free(b->cols);
  free(b->ia);
  free(b->ja);
  free(b->ar);
  if (b->P)
    glp_delete_prob(b->P);
}

void cp_tmodel_out_fini(cp_tmodel_out *out)
{
  free(out->short_min);
  out->short_min = NULL;
  cp_mip_result_fini(&out->mip);
}

typedef struct tctx {
  build b;
  cp_schedule *sched;
  cp_tmodel_out *out;
} tctx;

/* Everything that calls GLPK, run under cp_glpk_guard. */
static cp_status tmodel_body(void *arg)
{
  tctx *c = arg;
  build *bp = &c->b;
#define b (*bp) /* the body predates the guard: keep its b. spelling */
  const cp_tmodel_in *in = b.in;
  cp_schedule *sched = c->sched;
  cp_tmodel_out *out = c->out;
  cp_status st = CP_OK;
  int rc = set_days(&b);
  if (rc == -1 || make_items(&b) || make_duty_classes(&b)) {
    st = CP_ERR_NOMEM;
    goto done;
  }
  if (rc == -2) {
    st = CP_ERR_INTERNAL; /* pattern misses a fixed duty's school */
    goto done;
  }
  b.P = glp_create_prob();
  glp_set_prob_name(b.P, in->sc->therapists.v[in->therapist].id);
  glp_set_obj_dir(b.P, GLP_MIN);
  if (build_columns(&b)) {
    st = CP_ERR_NOMEM;
    goto done;
  }
  rc = build_rows(&b);
  if (rc == -1) {
    st = CP_ERR_NOMEM;
    goto done;
  }
  if (rc == -3) {
    st = CP_ERR_INTERNAL;
    goto done;
  }
  glp_load_matrix(b.P, b.nz, b.ia, b.ja, b.ar);
  out->rows = glp_get_num_rows(b.P);
  out->cols = glp_get_num_cols(b.P);
  out->nonzeros = b.nz;
  assert(out->cols == b.n_cols);
  if (in->write_lp)
    glp_write_lp(b.P, NULL, in->write_lp);
  cp_mip_opts mo;
  cp_mip_opts_init(&mo);
  mo.time_limit = in->time_limit;
  /* --keep: every moved session may cost w_moved and still count as a
   * full week (a missed slot costs w_missed * slot, far more) */
  double moves = 0;
  for (int j = 0; in->keep && j < b.n_cols; j++)
    if ((b.cols[j].type == C_X || b.cols[j].type == C_Y) &&
        b.cols[j].kept == 1)
      moves += 1;
  mo.stop_below = in->elastic ? HUGE_VAL /* any week: weigh the gap only */
                              : in->sc->set.w.missed * b.S * 0.5 +
                                    in->sc->set.w.moved * moves;
  mo.stop_gap = 0.02;
  mo.stop_abs = 5;                      /* e.g. 25 minutes off preferred */
  mo.stop_after = 0.3 * in->time_limit; /* then any full schedule will do */
  if (in->first_full) {
    mo.stop_abs = HUGE_VAL;
    mo.stop_after = 0;
  }
  /* the district re-patterns when minutes are short; an elastic week has
   * no district repair, so its dive must be close to the LP bound */
  mo.keep_dive = !in->elastic;
  /* dive order: sessions and groups, then drives, duties and lunch, then
   * the paperwork slots that fill whatever is left */
  int *prio = malloc(((size_t)out->cols + 1) * sizeof *prio);
  if (!prio) {
    st = CP_ERR_NOMEM;
    goto done;
  }
  prio[0] = 0;
  for (int j = 0; j < b.n_cols; j++) {
    int t = b.cols[j].type;
    out->hinted += b.cols[j].kept == 2;
    prio[j + 1] = b.cols[j].kept                     ? -1
                  : t == C_X || t == C_Y || t == C_Z ? 0
                  : t == C_C || t == C_FD || t == C_L ? 1
                                                      : 2;
  }
  mo.prio = in->elastic ? NULL : prio; /* elastic: cost decides the order */
  /* the large-neighbourhood search re-decides one day, then two, at a time */
  int *group = malloc(((size_t)out->cols + 1) * sizeof *group);
  if (!group) {
    free(prio);
    st = CP_ERR_NOMEM;
    goto done;
  }
  group[0] = -1;
  for (int j = 0; j < b.n_cols; j++)
    group[j + 1] = b.cols[j].type >= C_SIG ? -1 : b.cols[j].dd;
  mo.group = in->elastic ? NULL : group;
  mo.lns_step = in->sc->set.w.missed * b.S * 0.5;
  mo.polish = in->elastic ? 0 : 0.25;
  if (in->lp_short > 0 && !in->elastic)
    mo.lp_short_above = in->sc->set.w.missed * in->lp_short;
  mo.probe = in->probe && !in->elastic;
  st = cp_mip_solve(&b.P, &mo, &out->mip);
  free(prio);
  free(group);
  if (st != CP_OK)
    goto done;
  if (out->mip.lp_short) {
    /* the LP's shortfall per service: where the pattern cannot hold */
    for (int j = 0; j < b.n_cols; j++)
      if (b.cols[j].type == C_SIG)
        add_short(&b, j, out->mip.x[j + 1], out);
    out->lp_short = true;
    st = CP_UNDECIDED;
    goto done;
  }
  if (out->mip.status == CP_MIP_NONE) {
    st = CP_UNDECIDED;
    goto done;
  }
  if (out->mip.status == CP_MIP_INFEASIBLE) {
    /* with elastic demand only lunch/duties/switches can be infeasible */
    st = CP_INFEASIBLE;
    goto done;
  }
  int first = sched->n;
  if (decode(&b, sched, out) || prune_travel(&b, sched, first))
    st = CP_ERR_NOMEM;
  for (int i = first; i < sched->n && st == CP_OK; i++) {
    const cp_row *r = &sched->rows[i];
    int end = b.th->day[r->day].end;
    if (r->end > end)
      out->signs.overtime += r->end - (r->start > end ? r->start : end);
  }
done:
  return st;
#undef b
}

cp_status cp_tmodel_solve(const cp_tmodel_in *in, cp_schedule *sched,
                          cp_tmodel_out *out)
{
  memset(out, 0, sizeof *out);
  out->short_min = calloc((size_t)in->n_svc + 1, sizeof *out->short_min);
  if (!out->short_min)
    return CP_ERR_NOMEM;
  tctx c = {.b = {.in = in, .sc = in->sc,
                  .th = &in->sc->therapists.v[in->therapist],
                  .S = in->sc->set.slot, .W = in->sc->set.rotation_weeks},
            .sched = sched, .out = out};
  c.b.ndd = c.b.W * CP_DAYS;
  c.b.grid = 15 % c.b.S ? c.b.S : 15;
  cp_status st = cp_glpk_guard(tmodel_body, &c);
  if (st == CP_ERR_SOLVER || st == CP_ERR_MEMLIMIT)
    c.b.P = NULL; /* GLPK's environment, the problem with it, is gone */
  if (st == CP_ERR_SOLVER && cp_interrupted())
    st = CP_UNDECIDED; /* left mid-simplex on Ctrl-C: no week, no error */
  build_fini(&c.b);
  return st;
}
