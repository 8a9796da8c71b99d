/* monolith.c — the whole scenario as one time-indexed MILP (monolith.h).
 *
 * The yardstick of the benchmark: what a modeller writes without
 * decomposition (SOLVER.md, "What fails"), stated here so that CBC and
 * glpsol solve the same problem caseplan solves.  It is never solved by
 * caseplan itself; `--write-lp FILE` writes it.
 *
 * Sets.  T therapists; DD_t = cycle days t works (dd = week*7 + day, weeks
 * 1..rotation_weeks); U = slots of t's contract day dd (slot_minutes each,
 * u = 0..n-1; boundary b lies between slots b-1 and b); K_{t,dd} = places:
 * the base school, the schools t may serve that day where one of its
 * possible services lives, the schools of its fixed duties that day;
 * tau(k,k') = ceil(travel(k,k') / slot) slots.  I = items: one per direct
 * service, one per consult with session_minutes, consults without one in
 * chunks of at most 60 minutes (each needed once per cycle); len_i slots;
 * P_i = periods: each week for per-week services, else the cycle.
 * G = group families (discipline, school, session length, level c): direct
 * services whose setting is `group` or `either` and whose max_group >= c
 * may join; a group of level c has lo_c..c members, lo_c = (next lower
 * level) + 1, so each group has exactly one level.  H_t = floating duty
 * kinds of t (pooled as verify.c pools them), blocks of B_h slots at least.
 *
 * Columns (binary unless stated).
 *   a[s,t]        service s is given by t (t of its discipline, the pinned
 *                 therapist for pinned students, t may serve the school)
 *   v[st,t]       t serves student st (only for students with two or more
 *                 services t could give; else a[s,t] stands for it)
 *   x[i,t,dd,u]   item i starts alone at slot u (session or consult)
 *   y[i,g,t,dd,u] service i joins the group of family g started at u
 *   z[g,t,dd,u]   a group session of family g starts at u
 *   p[t,k,dd,u]   t is at school k during slot u
 *   r[t,k,k',dd,u] t drives from k to k' during slots u..u+tau-1
 *   l[t,dd,u]     lunch starts at u
 *   doc[t,dd,u], res[t,dd,u]  slot u is documentation / reserve
 *   f[t,h,dd,u]   slot u is floating duty h;  fs[t,h,dd,u] a block starts
 *   sigma[i,q]    sessions of item i missing in period q (continuous)
 * Sessions and consults start on a 15-minute grid plus the first and last
 * start of each window (as model.c), inside contract hours, the school day
 * and the student's availability (Mon-Fri), off fixed duties, at a school t
 * may serve that day and can reach from its base and back.  Lunch, drives
 * and the per-slot columns use every slot of the data grid.
 *
 * Rows.
 *   (1)  assign    sum_t a[s,t] <= 1
 *   (2)  serves    a[s,t] <= v[st,t]
 *   (3)  demand    sum_{t,dd in q,u} (x + sum_g y)[i] + sigma[i,q] = need[i,q]
 *   (4)  one a day sum_u (x + sum_g y)[i,t,dd,u] <= a[s(i),t]
 *   (5)  groups    y <= z;   lo_g z <= sum_i y <= c_g z   per (g,t,dd,u)
 *   (6)  student   sum of x, y of a student's direct services (any
 *                  therapist) covering minute m <= 1, at every start m
 *   (7)  flow      the therapist's day is a path in the time-expanded
 *                  network: for each place k and boundary b = 1..n-1
 *                  p[k,b-1] + sum_k' r[k',k,b-tau(k',k)]
 *                    = p[k,b] + sum_k' r[k,k',b];
 *                  at b = 0: sum_k (p[k,0] + sum_k' r[k,k',0]) = 1; with a
 *                  base school, places t cannot reach from the base by
 *                  slot u (or return from by the end) have no p, r there,
 *                  and (home) p in the first and last slot at a place away
 *                  from the base = 0 (only a fixed duty fixes such a p)
 *   (8)  presence  sum of x, z at school k covering u <= p[t,k,dd,u];
 *                  a fixed duty at k fixes p[t,k,dd,u] = 1
 *   (9)  capacity  sum of x, z, l, doc, res, f covering u
 *                  + sum of r covering u <= 1
 *   (10) lunch     sum_u l[t,dd,u] = 1
 *   (11) docs      slot * sum_u doc[t,dd,u]
 *                    >= doc_per_session * sum_u (x_direct + z)[t,dd,u]
 *   (12) reserve   slot * sum_{dd in week,u} res[t,dd,u]
 *                    >= c1 * sum_st v[st,t] + c0 - fixed_t - 1e-6
 *   (13) duties    f[u] - f[u-1] <= fs[u];  B_h fs[u] <= sum_{j<B_h} f[u+j];
 *                  slot * sum f >= minutes per day (each day) or per week
 * Objective: minimise w_missed * minutes_i * sigma[i,q]
 *                   + w_travel * travel(k,k') * r[t,k,k',dd,u].
 *
 * Why (7)-(9) model SPEC §2.3.  Flow conservation makes every slot either
 * presence at exactly one place or part of exactly one drive, so presence
 * at k in slot u and at k' != k in slot u' > u leaves u' - u - 1 >= tau(k,k')
 * slots of driving between them: the pairwise rule p[k,u] + p[k',u'] <= 1
 * for u' - u <= tau(k,k') holds, and each switch is one r column, which
 * counts travel minutes exactly.  (9) keeps every activity, lunch included,
 * out of the drive; lunch, documentation, reserve and floating duties need
 * no particular school, only that t is not driving.  The first and last
 * places of a day are the base school (rows on the reach of p and r),
 * which is SPEC's "first activity no earlier than contract start + travel
 * from base".
 *
 * Reserve.  SPEC's reserve is ceil((S iep_per_year iep_minutes + evals
 * eval_minutes) / school_weeks) for S distinct students.  (12) is that sum
 * without the ceiling, c1 = iep_per_year iep_minutes / school_weeks per
 * student and c0 = evals eval_minutes / school_weeks; its left side is a
 * whole number of minutes, so ">= the fraction" is ">= its ceiling": the
 * linearisation is exact (the 1e-6 only absorbs floating-point error).
 * fixed_t = the fixed iep_meeting/evaluation minutes of t's week, which
 * SPEC counts toward the reserve.  Students count once assigned (a = 1),
 * even if every session of theirs ends up missed (verify.c counts students
 * with a row): cautious by at most that.
 *
 * Where the monolith is a restriction of SPEC (each noted so that a worse
 * objective here is not misread): starts on the 15-minute grid; a drive is
 * one piece (verify.c also accepts lunch or paperwork in the middle of a
 * drive); a consult without session_minutes is delivered in fixed chunks of
 * at most 60 minutes, and no consult row is shared by several students.
 * Everything else — assignment, pinning, allowed schools, availability,
 * blocks, lunch window, fixed and floating duties in blocks of min_block,
 * documentation per session row per day, the reserve, groups by setting,
 * school, discipline, length and every member's max_group, one session per
 * service per day, a student in one session at a time across therapists,
 * contract hours, rotation weeks — is modelled as verify.c checks it.
 * Only the shortfall is elastic: lunch, duties, the reserve and the drives
 * to fixed duties are hard, so the model is infeasible only when a
 * therapist's week cannot hold them even with no session at all (then no
 * schedule exists, up to the restrictions above).
 */
#include "monolith.h"

#include "solve.h"

#include <assert.h>
#include <glpk.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CBC's LP reader takes names of up to 100 characters (96 when ranged) */
#define NAME_MAX_LEN 96
#define FREE_SLOT (-2) /* fixed[] value: no fixed duty in the slot */
#define NO_PLACE (-1)  /* fixed[] value: a fixed duty with no school */

enum {
  C_A,
  C_V,
  C_X,
  C_Y,
  C_Z,
  C_P,
  C_R,
  C_L,
  C_DOC,
  C_RES,
  C_F,
  C_FS,
  C_SIG
};

typedef struct item {
  int svc;    /* service index */
  int chunk;  /* consult chunk 1.., 0 = not a chunk */
  int len;    /* slots */
  int school;
  int student;   /* the service's student */
  bool direct;   /* a direct session (students cannot overlap) */
  bool groupable;
  int cap;       /* max_group (effective) */
  bool weekly;   /* need per week (periods = weeks), else per cycle */
  int periods;   /* rotation_weeks or 1 */
  int need;      /* sessions per period */
} item;

typedef struct fam {
  int disc, school, len; /* len in slots */
  int level, lo;         /* members lo..level */
} fam;

typedef struct kind { /* floating duties of one kind of one therapist */
  int t;
  const char *name;
  int per_day, per_week; /* minutes */
  int block;             /* slots */
} kind;

typedef struct col {
  int type;
  int t, dd;  /* therapist, cycle day; -1 when not indexed by them */
  int a, b;   /* by type: see col_name() */
  int k;      /* school of a located activity (x, z), else -1 */
  int u, len; /* first slot and slots covered (y: its session's slots) */
  bool fix1;  /* fixed at 1 (presence during a fixed duty at a school) */
} col;

typedef struct tday {
  bool works;
  int start, n;      /* contract start (minutes), slots */
  int *fixed;        /* per slot: FREE_SLOT, NO_PLACE or a school index */
  int nk;            /* places */
  int *ks;           /* place -> school */
  int *kof;          /* school -> place or -1 */
  int *pcol;         /* [place][u] column of p, 0 = none */
  int *rcol;         /* [place][place][u], u = 0..n, column of r, 0 = none */
  int c0, c1;        /* its columns are c0 .. c1-1 */
} tday;


typedef struct xyrange { /* x and y columns of (item, t, dd): contiguous */
  int item, t, dd, c0, c1;
} xyrange;

typedef struct mb {
  const cp_scenario *sc;
  int S, W, ndd, T, grid;
  tday *days; /* [t * ndd + dd] */
  item *items;
  int n_items, cap_items;
  fam *fams;
  int n_fams, cap_fams;
  cp_ivec *fmem;   /* per family: its member items */
  kind *kinds;
  int n_kinds, cap_kinds;
  bool *elig;   /* [s * T + t] */
  int *acol;    /* [s * T + t] column of a, 0 = none */
  int *vcol;    /* [st * T + t] column of v, or of the one a; 0 = none */
  int *sigcol;  /* [i * W + q] */
  cp_ivec *icols;  /* per item: its x and y columns */
  xyrange *links;
  int n_links, cap_links;
  col *cols;
  int n_cols, cap_cols;
  int *ia, *ja; /* triplets, 1-based (slot 0 unused) */
  double *ar;
  int nz, cap_nz;
  glp_prob *P;
  bool nomem;
} mb;

/* ---- small helpers ------------------------------------------------------ */

static tday *tday_of(const mb *b, int t, int dd)
{
  return &b->days[(size_t)t * (size_t)b->ndd + (size_t)dd];
}

static int tau(const mb *b, int from, int to)
{
  return (cp_travel(b->sc, from, to) + b->S - 1) / b->S;
}

static bool may_serve(const cp_scenario *sc, int t, int d, int school)
{
  return d < 5 && sc->therapists.v[t].day[d].works &&
         sc->therapists.v[t]
             .may_serve[(size_t)d * (size_t)sc->schools.n + (size_t)school];
}

static int add_col(mb *b, col c)
{
  int i = cp_vec_grow((void **)&b->cols, &b->n_cols, &b->cap_cols,
                      sizeof *b->cols);
  if (i < 0) {
    b->nomem = true;
    return 0;
  }
  b->cols[i] = c;
  return i + 1; /* GLPK column number */
}

static const col *col_at(const mb *b, int j)
{
  assert(j >= 1 && j <= b->n_cols);
  return &b->cols[j - 1];
}

static void nz(mb *b, int row, int colno, double v)
{
  if (cp_triplet_add(&b->ia, &b->ja, &b->ar, &b->nz, &b->cap_nz, row,
                     colno, v))
    b->nomem = true;
}

/* ---- names --------------------------------------------------------------- */

/* An id as a piece of a CPLEX LP name: characters both GLPK's writer and
 * CBC's reader accept pass, others (and the separators , ( ) and the
 * escape ~ itself) become ~XX, so distinct ids stay distinct. */
#define ESC 100
static const char *esc(char out[ESC], const char *id)
{
  static const char keep[] = "!#$%&.;?@_'`{}";
  size_t o = 0;
  for (const unsigned char *p = (const unsigned char *)id; *p; p++) {
    unsigned c = *p;
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                 (c >= '0' && c <= '9') || strchr(keep, (int)c);
    if (o + 4 >= ESC) {
      out[o++] = '~'; /* too long: the name falls back to a number */
      break;
    }
    if (plain) {
      out[o++] = (char)c;
    } else {
      snprintf(out + o, 4, "~%02X", c);
      o += 3;
    }
  }
  out[o] = 0;
  return out;
}

/* "0805" for 08:05 */
static const char *tstr(int minutes, char buf[8])
{
  unsigned m = minutes < 0 ? 0u : (unsigned)minutes;
  snprintf(buf, 8, "%02u%02u", (m / 60) % 100, m % 60);
  return buf;
}

/* "w1,Mon,0805": week, day and time of slot u of (t, dd). */
static const char *when(const mb *b, int t, int dd, int u, char buf[32])
{
  char tb[8];
  snprintf(buf, 32, "w%d,%s,%s", dd / 7 + 1, cp_day_name[dd % 7],
           tstr(tday_of(b, t, dd)->start + u * b->S, tb));
  return buf;
}

/* "SLP", "SLP.consult", "SLP.consult.2": the item within its student. */
static const char *item_tag(const mb *b, const item *it, char buf[ESC + 24])
{
  const cp_service *s = &b->sc->services.v[it->svc];
  char e[ESC];
  esc(e, b->sc->disciplines[s->discipline]);
  if (s->mode == CP_DIRECT)
    snprintf(buf, ESC + 24, "%s", e);
  else if (!it->chunk)
    snprintf(buf, ESC + 24, "%s.consult", e);
  else
    snprintf(buf, ESC + 24, "%s.consult.%d", e, it->chunk);
  return buf;
}

/* Names longer than CBC reads become "c#123" / "r#123" (unique: no other
 * name has a '#' second). */
static void finish_name(char *name, size_t size, char letter, int idx)
{
  if (strlen(name) > NAME_MAX_LEN)
    snprintf(name, size, "%c#%d", letter, idx);
}

static void col_name(const mb *b, int j, char *name, size_t size)
{
  const cp_scenario *sc = b->sc;
  const col *c = col_at(b, j);
  char e1[ESC], e2[ESC], e3[ESC], tag[ESC + 24], wb[32];
  const char *th = c->t >= 0 ? esc(e1, sc->therapists.v[c->t].id) : "";
  switch (c->type) {
  case C_A: {
    const cp_service *s = &sc->services.v[c->a];
    snprintf(name, size, "a(%s,%s,%s,%s)",
             esc(e2, sc->students.v[s->student].id),
             esc(e3, sc->disciplines[s->discipline]),
             s->mode == CP_DIRECT ? "direct" : "consult", th);
    break;
  }
  case C_V:
    snprintf(name, size, "v(%s,%s)", esc(e2, sc->students.v[c->a].id), th);
    break;
  case C_X: {
    const item *it = &b->items[c->a];
    snprintf(name, size, "x(%s,%s,%s,%s)",
             esc(e2, sc->students.v[it->student].id), item_tag(b, it, tag), th,
             when(b, c->t, c->dd, c->u, wb));
    break;
  }
  case C_Y: {
    const item *it = &b->items[c->a];
    const fam *f = &b->fams[col_at(b, c->b)->a];
    snprintf(name, size, "y(%s,%s,%d,%s,%s)",
             esc(e2, sc->students.v[it->student].id), item_tag(b, it, tag),
             f->level, th, when(b, c->t, c->dd, c->u, wb));
    break;
  }
  case C_Z: {
    const fam *f = &b->fams[c->a];
    snprintf(name, size, "z(%s,%s,%d,%d,%s,%s)",
             esc(e2, sc->disciplines[f->disc]),
             esc(e3, sc->schools.v[f->school].id), f->len * b->S, f->level,
             th, when(b, c->t, c->dd, c->u, wb));
    break;
  }
  case C_P:
    snprintf(name, size, "p(%s,%s,%s)", th, esc(e2, sc->schools.v[c->a].id),
             when(b, c->t, c->dd, c->u, wb));
    break;
  case C_R:
    snprintf(name, size, "r(%s,%s,%s,%s)", th,
             esc(e2, sc->schools.v[c->a].id), esc(e3, sc->schools.v[c->b].id),
             when(b, c->t, c->dd, c->u, wb));
    break;
  case C_L:
    snprintf(name, size, "lunch(%s,%s)", th, when(b, c->t, c->dd, c->u, wb));
    break;
  case C_DOC:
    snprintf(name, size, "doc(%s,%s)", th, when(b, c->t, c->dd, c->u, wb));
    break;
  case C_RES:
    snprintf(name, size, "res(%s,%s)", th, when(b, c->t, c->dd, c->u, wb));
    break;
  case C_F:
  case C_FS:
    snprintf(name, size, "%s(%s,%s,%s)", c->type == C_F ? "f" : "fs", th,
             esc(e2, b->kinds[c->a].name), when(b, c->t, c->dd, c->u, wb));
    break;
  case C_SIG: {
    const item *it = &b->items[c->a];
    if (!it->weekly)
      snprintf(name, size, "sigma(%s,%s,cycle)",
               esc(e2, sc->students.v[it->student].id), item_tag(b, it, tag));
    else
      snprintf(name, size, "sigma(%s,%s,w%d)",
               esc(e2, sc->students.v[it->student].id), item_tag(b, it, tag),
               c->b + 1);
    break;
  }
  default:
    snprintf(name, size, "c#%d", j);
  }
  finish_name(name, size, 'c', j);
}

static int add_row(mb *b, int type, double lo, double hi, const char *fmt,
                   ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static int add_row(mb *b, int type, double lo, double hi, const char *fmt,
                   ...)
{
  char name[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(name, sizeof name, fmt, ap);
  va_end(ap);
  int r = glp_add_rows(b->P, 1);
  finish_name(name, sizeof name, 'r', r);
  glp_set_row_name(b->P, r, name);
  glp_set_row_bnds(b->P, r, type, lo, hi);
  return r;
}

/* ---- sets: items, families, duty kinds, eligibility --------------------- */

static int push_item(mb *b, const item *it)
{
  int i = cp_vec_grow((void **)&b->items, &b->n_items, &b->cap_items,
                      sizeof *b->items);
  if (i < 0)
    return -1;
  b->items[i] = *it;
  return 0;
}

static int make_items(mb *b)
{
  const cp_scenario *sc = b->sc;
  int S = b->S;
  for (int s = 0; s < sc->services.n; s++) {
    const cp_service *sv = &sc->services.v[s];
    item it = {.svc = s,
               .school = sc->students.v[sv->student].school,
               .student = sv->student,
               .direct = sv->mode == CP_DIRECT,
               .cap = sv->max_group};
    if (sv->session_minutes > 0) {
      it.len = sv->session_minutes / S;
      it.weekly = sv->per == CP_PER_WEEK;
      it.periods = it.weekly ? b->W : 1;
      it.need = sv->per == CP_PER_WEEK ? sv->weekly : sv->sessions;
      it.groupable = it.direct && sv->setting != CP_INDIVIDUAL &&
                     sv->max_group >= 2;
      if (it.len > 0 && it.need > 0 && push_item(b, &it))
        return -1;
      continue;
    }
    /* consult without a session length: the cycle's minutes in chunks of
     * at most 60 minutes, as equal as the grid allows, each once a cycle */
    int slots = sv->cycle_minutes / S, n = (slots * S + 59) / 60;
    it.periods = 1;
    it.need = 1;
    for (int k = 0; k < n; k++) {
      it.chunk = n > 1 ? k + 1 : 0;
      it.len = slots / n + (k < slots % n ? 1 : 0);
      if (it.len > 0 && push_item(b, &it))
        return -1;
    }
  }
  return 0;
}

static int push_fam(mb *b, const fam *f)
{
  int i = cp_vec_grow((void **)&b->fams, &b->n_fams, &b->cap_fams,
                      sizeof *b->fams);
  if (i < 0)
    return -1;
  b->fams[i] = *f;
  return 0;
}

static bool member(const mb *b, const item *it, const fam *f)
{
  return it->groupable &&
         b->sc->services.v[it->svc].discipline == f->disc &&
         it->school == f->school && it->len == f->len && it->cap >= f->level;
}

/* Families per (discipline, school, length): one per level (a distinct
 * max_group among the candidates) that at least two candidates reach. */
static int make_fams(mb *b)
{
  const cp_scenario *sc = b->sc;
  for (int i = 0; i < b->n_items; i++) {
    const item *it = &b->items[i];
    if (!it->groupable)
      continue;
    int disc = sc->services.v[it->svc].discipline;
    bool seen = false; /* key handled at an earlier item */
    for (int j = 0; j < i && !seen; j++) {
      const item *o = &b->items[j];
      seen = o->groupable && sc->services.v[o->svc].discipline == disc &&
             o->school == it->school && o->len == it->len;
    }
    if (seen)
      continue;
    int prev = 1;
    for (int c = 2; c <= sc->set.group_max; c++) {
      int reach = 0, exact = 0;
      for (int j = i; j < b->n_items; j++) {
        const item *o = &b->items[j];
        if (!o->groupable || sc->services.v[o->svc].discipline != disc ||
            o->school != it->school || o->len != it->len)
          continue;
        int cap = o->cap < sc->set.group_max ? o->cap : sc->set.group_max;
        reach += cap >= c;
        exact += cap == c;
      }
      if (!exact || reach < 2)
        continue;
      fam f = {disc, it->school, it->len, c, prev + 1};
      if (push_fam(b, &f))
        return -1;
      prev = c;
    }
  }
  return 0;
}

static int make_kinds(mb *b)
{
  const cp_scenario *sc = b->sc;
  for (int t = 0; t < b->T; t++)
    for (int i = 0; i < sc->duties.n; i++) {
      const cp_duty *du = &sc->duties.v[i];
      if (du->fixed || !cp_duty_of(du, t))
        continue;
      int k = 0;
      while (k < b->n_kinds &&
             (b->kinds[k].t != t || strcmp(b->kinds[k].name, du->kind)))
        k++;
      if (k == b->n_kinds) {
        k = cp_vec_grow((void **)&b->kinds, &b->n_kinds, &b->cap_kinds,
                        sizeof *b->kinds);
        if (k < 0)
          return -1;
        b->kinds[k] = (kind){t, du->kind, 0, 0, 0};
      }
      kind *h = &b->kinds[k];
      if (du->per == CP_PER_DAY)
        h->per_day += du->minutes;
      else
        h->per_week += du->minutes;
      int blk = (du->min_block + b->S - 1) / b->S;
      if (blk < 1)
        blk = 1;
      if (!h->block || blk < h->block)
        h->block = blk;
    }
  return 0;
}

static bool eligible(const cp_scenario *sc, int s, int t)
{
  const cp_service *sv = &sc->services.v[s];
  const cp_student *st = &sc->students.v[sv->student];
  if (sc->therapists.v[t].discipline != sv->discipline)
    return false;
  if (st->pinned != CP_NONE &&
      sc->therapists.v[st->pinned].discipline == sv->discipline &&
      st->pinned != t)
    return false;
  for (int d = 0; d < 5; d++)
    if (may_serve(sc, t, d, st->school))
      return true;
  return false;
}

/* ---- therapist days: fixed duties and places ----------------------------- */

static int make_days(mb *b)
{
  const cp_scenario *sc = b->sc;
  size_t ns = (size_t)sc->schools.n;
  for (int t = 0; t < b->T; t++)
    for (int dd = 0; dd < b->ndd; dd++) {
      tday *td = tday_of(b, t, dd);
      int d = dd % CP_DAYS;
      const cp_workday *w = &sc->therapists.v[t].day[d];
      td->works = w->works && w->end > w->start;
      if (!td->works)
        continue;
      td->start = w->start;
      td->n = (w->end - w->start) / b->S;
      td->fixed = malloc(((size_t)td->n + 1) * sizeof *td->fixed);
      td->kof = malloc((ns + 1) * sizeof *td->kof);
      td->ks = malloc((ns + 1) * sizeof *td->ks);
      if (!td->fixed || !td->kof || !td->ks)
        return -1;
      for (int u = 0; u < td->n; u++)
        td->fixed[u] = FREE_SLOT;
      for (size_t k = 0; k < ns; k++)
        td->kof[k] = -1;
      for (int i = 0; i < sc->duties.n; i++) {
        const cp_duty *du = &sc->duties.v[i];
        if (!cp_duty_applies(sc, du, t, d))
          continue;
        for (int m = du->start; m < du->end; m += b->S) {
          int u = (m - td->start) / b->S;
          if (m >= td->start && u < td->n)
            td->fixed[u] = du->school == CP_NONE ? NO_PLACE : du->school;
        }
        if (du->school != CP_NONE)
          td->kof[du->school] = 0; /* mark */
      }
      if (w->base != CP_NONE)
        td->kof[w->base] = 0;
      for (int s = 0; s < sc->services.n; s++) {
        int school = sc->students.v[sc->services.v[s].student].school;
        if (b->elig[(size_t)s * (size_t)b->T + (size_t)t] &&
            may_serve(sc, t, d, school))
          td->kof[school] = 0;
      }
      td->nk = 0;
      for (size_t k = 0; k < ns; k++)
        if (td->kof[k] == 0) {
          td->kof[k] = td->nk;
          td->ks[td->nk++] = (int)k;
        }
      size_t nk = (size_t)td->nk, n = (size_t)td->n;
      td->pcol = calloc(nk * n + 1, sizeof *td->pcol);
      td->rcol = calloc(nk * nk * (n + 1) + 1, sizeof *td->rcol);
      if (!td->pcol || !td->rcol)
        return -1;
    }
  return 0;
}

static bool slots_free(const tday *td, int u, int len)
{
  if (u < 0 || u + len > td->n)
    return false;
  for (int v = u; v < u + len; v++)
    if (td->fixed[v] != FREE_SLOT)
      return false;
  return true;
}

/* Coarse start grid: multiples of 15 minutes (or of the slot), plus the
 * first and the last start of the window [lo, hi). */
static bool start_point(int t0, int t1, int lo, int hi, int grid)
{
  return t0 % grid == 0 || t0 == lo || t1 == hi;
}

static bool can_start(const mb *b, const item *it, int t, int dd, int u)
{
  const tday *td = tday_of(b, t, dd);
  const cp_scenario *sc = b->sc;
  int ki = td->kof[it->school];
  if (ki < 0 || !slots_free(td, u, it->len))
    return false;
  for (int v = u; v < u + it->len; v++)
    if (!td->pcol[(size_t)ki * (size_t)td->n + (size_t)v])
      return false; /* not reachable from the base and back */
  int t0 = td->start + u * b->S, t1 = t0 + it->len * b->S;
  int cend = td->start + td->n * b->S;
  if (it->direct) {
    const cp_spans *av = &sc->students.v[it->student].avail[dd % CP_DAYS];
    for (int k = 0; k < av->n; k++) {
      const cp_span *sp = &av->v[k];
      if (t0 >= sp->start && t1 <= sp->end)
        return start_point(t0, t1, sp->start > td->start ? sp->start
                                                          : td->start,
                           sp->end < cend ? sp->end : cend, b->grid);
    }
    return false;
  }
  const cp_school *sch = &sc->schools.v[it->school];
  if (t0 < sch->start || t1 > sch->end)
    return false;
  return start_point(t0, t1, sch->start > td->start ? sch->start : td->start,
                     sch->end < cend ? sch->end : cend, b->grid);
}

/* ---- columns ------------------------------------------------------------- */

/* p[t,k,dd,u] where t can be at k: reachable from the base by slot u and
 * able to drive back by the end; during a fixed duty only at its school
 * (fixed at 1 there, reachable or not: (7) then tells the truth). */
static void add_presence_cols(mb *b, int t, int dd)
{
  tday *td = tday_of(b, t, dd);
  int base = b->sc->therapists.v[t].day[dd % CP_DAYS].base;
  for (int ki = 0; ki < td->nk; ki++) {
    int k = td->ks[ki];
    for (int u = 0; u < td->n; u++) {
      bool fix1 = td->fixed[u] == k;
      if (td->fixed[u] >= 0 && !fix1)
        continue;
      if (!fix1 && base != CP_NONE && k != base &&
          (u < tau(b, base, k) || u > td->n - 1 - tau(b, k, base)))
        continue;
      col c = {C_P, t, dd, k, -1, -1, u, 0, fix1};
      td->pcol[(size_t)ki * (size_t)td->n + (size_t)u] = add_col(b, c);
    }
  }
}

/* r[t,k,k',dd,u]: a drive over free slots, from a place t can be at by
 * boundary u to one it can still leave for the base (or the base itself). */
static void add_drive_cols(mb *b, int t, int dd)
{
  tday *td = tday_of(b, t, dd);
  int base = b->sc->therapists.v[t].day[dd % CP_DAYS].base;
  size_t nk = (size_t)td->nk, n1 = (size_t)td->n + 1;
  for (int ki = 0; ki < td->nk; ki++)
    for (int kj = 0; kj < td->nk; kj++) {
      if (ki == kj)
        continue;
      int k = td->ks[ki], k2 = td->ks[kj], tt = tau(b, k, k2);
      for (int u = 0; u + tt <= td->n; u++) {
        int e = u + tt; /* arrival boundary */
        if (tt == 0 && (u == 0 || u >= td->n))
          continue; /* instant moves only between slots */
        if (!slots_free(td, u, tt))
          continue;
        if (base != CP_NONE && k != base && u < tau(b, base, k))
          continue;
        bool home = base != CP_NONE && k2 == base;
        if (!home && e >= td->n)
          continue;
        if (base != CP_NONE && !home && e + tau(b, k2, base) > td->n)
          continue;
        col c = {C_R, t, dd, k, k2, -1, u, tt, false};
        td->rcol[((size_t)ki * nk + (size_t)kj) * n1 + (size_t)u] =
            add_col(b, c);
      }
    }
}

/* x, y, z of (t, dd); links record each item's contiguous x/y range. */
static int add_session_cols(mb *b, int t, int dd, int *n_direct)
{
  const cp_scenario *sc = b->sc;
  tday *td = tday_of(b, t, dd);
  int d = dd % CP_DAYS, disc = sc->therapists.v[t].discipline;
  size_t n = (size_t)td->n;
  int *zc = calloc((size_t)b->n_fams * n + 1, sizeof *zc);
  if (!zc)
    return -1;
  for (int g = 0; g < b->n_fams; g++) {
    const fam *f = &b->fams[g];
    if (f->disc != disc || !may_serve(sc, t, d, f->school))
      continue;
    const cp_ivec *m = &b->fmem[g];
    for (int u = 0; u < td->n; u++) {
      int cnt = 0;
      for (int k = 0; k < m->n && cnt < 2; k++) {
        const item *it = &b->items[m->v[k]];
        cnt += b->elig[(size_t)it->svc * (size_t)b->T + (size_t)t] &&
               can_start(b, it, t, dd, u);
      }
      if (cnt < 2)
        continue;
      col c = {C_Z, t, dd, g, -1, f->school, u, f->len, false};
      zc[(size_t)g * n + (size_t)u] = add_col(b, c);
      (*n_direct)++;
    }
  }
  for (int i = 0; i < b->n_items; i++) {
    const item *it = &b->items[i];
    if (!b->elig[(size_t)it->svc * (size_t)b->T + (size_t)t] ||
        !may_serve(sc, t, d, it->school))
      continue;
    int first = b->n_cols + 1;
    for (int u = 0; u < td->n; u++) {
      if (!can_start(b, it, t, dd, u))
        continue;
      col c = {C_X, t, dd, i, -1, it->school, u, it->len, false};
      int j = add_col(b, c);
      if (!j || cp_ivec_push(&b->icols[i], j))
        goto nomem;
      *n_direct += it->direct;
    }
    for (int g = 0; g < b->n_fams; g++) {
      if (!member(b, it, &b->fams[g]))
        continue;
      for (int u = 0; u < td->n; u++) {
        int zj = zc[(size_t)g * n + (size_t)u];
        if (!zj || !can_start(b, it, t, dd, u))
          continue;
        col c = {C_Y, t, dd, i, zj, -1, u, it->len, false};
        int j = add_col(b, c);
        if (!j || cp_ivec_push(&b->icols[i], j))
          goto nomem;
      }
    }
    if (b->n_cols + 1 > first) {
      int k = cp_vec_grow((void **)&b->links, &b->n_links, &b->cap_links,
                          sizeof *b->links);
      if (k < 0)
        goto nomem;
      b->links[k] = (xyrange){i, t, dd, first, b->n_cols + 1};
    }
  }
  free(zc);
  return 0;
nomem:
  free(zc);
  return -1;
}

/* Does t have a reserve row ((12) non-trivial)? */
static bool has_reserve(const mb *b, int t, double *rhs)
{
  const cp_scenario *sc = b->sc;
  const cp_settings *set = &sc->set;
  double c0 = set->evals_per_year * set->eval_minutes / set->school_weeks;
  double c1 = set->iep_per_student_year * set->iep_minutes / set->school_weeks;
  int fixed = 0;
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (strcmp(du->kind, "iep_meeting") && strcmp(du->kind, "evaluation"))
      continue;
    for (int d = 0; d < CP_DAYS; d++)
      if (cp_duty_applies(sc, du, t, d))
        fixed += du->end - du->start;
  }
  *rhs = c0 - fixed - 1e-6;
  bool students = false;
  for (int s = 0; s < sc->services.n && !students; s++)
    students = b->elig[(size_t)s * (size_t)b->T + (size_t)t];
  return *rhs > 0 || (c1 > 0 && students);
}

static void add_day_cols(mb *b, int t, int dd, int n_direct)
{
  const cp_scenario *sc = b->sc;
  tday *td = tday_of(b, t, dd);
  const cp_workday *w = &sc->therapists.v[t].day[dd % CP_DAYS];
  if (w->lunch_minutes > 0) {
    int len = w->lunch_minutes / b->S;
    int lo = w->lunch_earliest > w->start ? w->lunch_earliest : w->start;
    int hi = w->lunch_latest < w->end ? w->lunch_latest : w->end;
    for (int t0 = lo; t0 + w->lunch_minutes <= hi; t0 += b->S) {
      int u = (t0 - td->start) / b->S;
      if (slots_free(td, u, len)) {
        col c = {C_L, t, dd, -1, -1, -1, u, len, false};
        add_col(b, c);
      }
    }
  }
  double rhs;
  bool doc = sc->set.doc_per_session > 0 && n_direct > 0;
  bool res = has_reserve(b, t, &rhs);
  for (int u = 0; u < td->n; u++) {
    if (td->fixed[u] != FREE_SLOT)
      continue;
    if (doc) {
      col c = {C_DOC, t, dd, -1, -1, -1, u, 1, false};
      add_col(b, c);
    }
    if (res) {
      col c = {C_RES, t, dd, -1, -1, -1, u, 1, false};
      add_col(b, c);
    }
  }
  for (int h = 0; h < b->n_kinds; h++) {
    const kind *kd = &b->kinds[h];
    if (kd->t != t)
      continue;
    for (int u = 0; u < td->n; u++) {
      if (td->fixed[u] != FREE_SLOT)
        continue;
      col c = {C_F, t, dd, h, -1, -1, u, 1, false};
      add_col(b, c);
      if (slots_free(td, u, kd->block)) {
        col s = {C_FS, t, dd, h, -1, -1, u, 0, false};
        add_col(b, s);
      }
    }
  }
}

static int add_columns(mb *b)
{
  const cp_scenario *sc = b->sc;
  int T = b->T;
  /* a, and v for students with two or more services t could give */
  for (int s = 0; s < sc->services.n; s++)
    for (int t = 0; t < T; t++)
      if (b->elig[(size_t)s * (size_t)T + (size_t)t]) {
        col c = {C_A, t, -1, s, -1, -1, 0, 0, false};
        b->acol[(size_t)s * (size_t)T + (size_t)t] = add_col(b, c);
      }
  for (int t = 0; t < T; t++)
    for (int st = 0; st < sc->students.n; st++) {
      int n = 0, last = 0;
      for (int s = 0; s < sc->services.n; s++)
        if (sc->services.v[s].student == st &&
            b->acol[(size_t)s * (size_t)T + (size_t)t]) {
          n++;
          last = b->acol[(size_t)s * (size_t)T + (size_t)t];
        }
      if (n == 1)
        b->vcol[(size_t)st * (size_t)T + (size_t)t] = last;
      else if (n > 1) {
        col c = {C_V, t, -1, st, -1, -1, 0, 0, false};
        b->vcol[(size_t)st * (size_t)T + (size_t)t] = add_col(b, c);
      }
    }
  /* everything of one therapist day, contiguous */
  for (int t = 0; t < T; t++)
    for (int dd = 0; dd < b->ndd; dd++) {
      tday *td = tday_of(b, t, dd);
      if (!td->works)
        continue;
      td->c0 = b->n_cols + 1;
      int n_direct = 0;
      add_presence_cols(b, t, dd);
      add_drive_cols(b, t, dd);
      if (add_session_cols(b, t, dd, &n_direct))
        return -1;
      add_day_cols(b, t, dd, n_direct);
      td->c1 = b->n_cols + 1;
      if (b->nomem)
        return -1;
    }
  /* shortfall */
  for (int i = 0; i < b->n_items; i++)
    for (int q = 0; q < b->items[i].periods; q++) {
      col c = {C_SIG, -1, -1, i, q, -1, 0, 0, false};
      b->sigcol[(size_t)i * (size_t)b->W + (size_t)q] = add_col(b, c);
    }
  return b->nomem ? -1 : 0;
}

/* Hands the column records to GLPK: kind, bounds, cost, name. */
static void load_columns(mb *b)
{
  const cp_settings *set = &b->sc->set;
  char name[512];
  if (b->n_cols)
    glp_add_cols(b->P, b->n_cols);
  for (int j = 1; j <= b->n_cols; j++) {
    const col *c = col_at(b, j);
    col_name(b, j, name, sizeof name);
    glp_set_col_name(b->P, j, name);
    if (c->type == C_SIG) {
      const item *it = &b->items[c->a];
      glp_set_col_kind(b->P, j, GLP_CV);
      glp_set_col_bnds(b->P, j, GLP_DB, 0, it->need);
      glp_set_obj_coef(b->P, j, set->w.missed * it->len * b->S);
      continue;
    }
    glp_set_col_kind(b->P, j, GLP_BV);
    if (c->fix1)
      glp_set_col_bnds(b->P, j, GLP_FX, 1, 1);
    if (c->type == C_R)
      glp_set_obj_coef(b->P, j, set->w.travel * cp_travel(b->sc, c->a, c->b));
  }
}

/* ---- rows ---------------------------------------------------------------- */

/* (1) assign, (2) serves */
static void add_assign_rows(mb *b)
{
  const cp_scenario *sc = b->sc;
  char e1[ESC], e2[ESC], e3[ESC];
  for (int s = 0; s < sc->services.n; s++) {
    const cp_service *sv = &sc->services.v[s];
    const char *stid = esc(e1, sc->students.v[sv->student].id);
    const char *disc = esc(e2, sc->disciplines[sv->discipline]);
    const char *mode = sv->mode == CP_DIRECT ? "direct" : "consult";
    int n = 0;
    for (int t = 0; t < b->T; t++)
      n += b->acol[(size_t)s * (size_t)b->T + (size_t)t] != 0;
    if (n >= 2) {
      int r = add_row(b, GLP_UP, 0, 1, "assign(%s,%s,%s)", stid, disc, mode);
      for (int t = 0; t < b->T; t++)
        if (b->acol[(size_t)s * (size_t)b->T + (size_t)t])
          nz(b, r, b->acol[(size_t)s * (size_t)b->T + (size_t)t], 1);
    }
    for (int t = 0; t < b->T; t++) {
      int a = b->acol[(size_t)s * (size_t)b->T + (size_t)t];
      int v = b->vcol[(size_t)sv->student * (size_t)b->T + (size_t)t];
      if (!a || v == a)
        continue;
      int r = add_row(b, GLP_UP, 0, 0, "serves(%s,%s,%s,%s)", stid, disc,
                      mode, esc(e3, sc->therapists.v[t].id));
      nz(b, r, a, 1);
      nz(b, r, v, -1);
    }
  }
}

/* (3) demand */
static void add_demand_rows(mb *b)
{
  const cp_scenario *sc = b->sc;
  char e1[ESC], tag[ESC + 24];
  for (int i = 0; i < b->n_items; i++) {
    const item *it = &b->items[i];
    for (int q = 0; q < it->periods; q++) {
      int r;
      if (it->weekly)
        r = add_row(b, GLP_FX, it->need, it->need, "demand(%s,%s,w%d)",
                    esc(e1, sc->students.v[it->student].id),
                    item_tag(b, it, tag), q + 1);
      else
        r = add_row(b, GLP_FX, it->need, it->need, "demand(%s,%s,cycle)",
                    esc(e1, sc->students.v[it->student].id),
                    item_tag(b, it, tag));
      const cp_ivec *v = &b->icols[i];
      for (int k = 0; k < v->n; k++)
        if (!it->weekly || col_at(b, v->v[k])->dd / 7 == q)
          nz(b, r, v->v[k], 1);
      nz(b, r, b->sigcol[(size_t)i * (size_t)b->W + (size_t)q], 1);
    }
  }
}

/* (4) one a day, and only by the assigned therapist */
static void add_link_rows(mb *b)
{
  const cp_scenario *sc = b->sc;
  char e1[ESC], e2[ESC], tag[ESC + 24];
  for (int k = 0; k < b->n_links; k++) {
    const xyrange *l = &b->links[k];
    const item *it = &b->items[l->item];
    int r = add_row(b, GLP_UP, 0, 0, "oneaday(%s,%s,%s,w%d,%s)",
                    esc(e1, sc->students.v[it->student].id),
                    item_tag(b, it, tag), esc(e2, sc->therapists.v[l->t].id),
                    l->dd / 7 + 1, cp_day_name[l->dd % 7]);
    for (int j = l->c0; j < l->c1; j++)
      nz(b, r, j, 1);
    nz(b, r, b->acol[(size_t)it->svc * (size_t)b->T + (size_t)l->t], -1);
  }
}

/* (5) groups, per therapist day */
static int add_group_rows(mb *b, int t, int dd)
{
  const cp_scenario *sc = b->sc;
  const tday *td = tday_of(b, t, dd);
  int span = td->c1 - td->c0;
  int *cnt = calloc((size_t)span + 1, sizeof *cnt);
  int *at = calloc((size_t)span + 1, sizeof *at);
  int *mem = calloc((size_t)span + 1, sizeof *mem);
  char e1[ESC], e2[ESC], e3[ESC], e4[ESC], tag[ESC + 24], wb[32];
  if (!cnt || !at || !mem) {
    free(cnt);
    free(at);
    free(mem);
    return -1;
  }
  const char *th = esc(e1, sc->therapists.v[t].id);
  for (int j = td->c0; j < td->c1; j++) {
    const col *c = col_at(b, j);
    if (c->type != C_Y)
      continue;
    const item *it = &b->items[c->a];
    int r = add_row(b, GLP_UP, 0, 0, "join(%s,%s,%d,%s,%s)",
                    esc(e2, sc->students.v[it->student].id),
                    item_tag(b, it, tag), b->fams[col_at(b, c->b)->a].level,
                    th, when(b, t, dd, c->u, wb));
    nz(b, r, j, 1);
    nz(b, r, c->b, -1);
    cnt[c->b - td->c0]++;
  }
  for (int k = 0, pos = 0; k < span; k++) { /* prefix sums */
    at[k] = pos;
    pos += cnt[k];
  }
  for (int j = td->c0; j < td->c1; j++) {
    const col *c = col_at(b, j);
    if (c->type == C_Y)
      mem[at[c->b - td->c0]++] = j;
  }
  for (int j = td->c0; j < td->c1; j++) {
    const col *c = col_at(b, j);
    if (c->type != C_Z)
      continue;
    const fam *f = &b->fams[c->a];
    int n = cnt[j - td->c0], *m = mem + at[j - td->c0] - n;
    const char *disc = esc(e3, sc->disciplines[f->disc]);
    const char *sch = esc(e4, sc->schools.v[f->school].id);
    when(b, t, dd, c->u, wb);
    if (n > f->level) {
      int r = add_row(b, GLP_UP, 0, 0, "gmax(%s,%s,%d,%d,%s,%s)", disc, sch,
                      f->len * b->S, f->level, th, wb);
      for (int k = 0; k < n; k++)
        nz(b, r, m[k], 1);
      nz(b, r, j, -f->level);
    }
    int r = add_row(b, GLP_LO, 0, 0, "gmin(%s,%s,%d,%d,%s,%s)", disc, sch,
                    f->len * b->S, f->level, th, wb);
    for (int k = 0; k < n; k++)
      nz(b, r, m[k], 1);
    nz(b, r, j, -f->lo);
  }
  free(cnt);
  free(at);
  free(mem);
  return 0;
}

typedef struct span_ent {
  int dd, t0, t1, col, item;
} span_ent;

static int cmp_span(const void *pa, const void *pb)
{
  const span_ent *a = pa, *b = pb;
  if (a->dd != b->dd)
    return a->dd < b->dd ? -1 : 1;
  if (a->t0 != b->t0)
    return a->t0 < b->t0 ? -1 : 1;
  return a->col < b->col ? -1 : a->col > b->col;
}

/* (6) a student is in one session at a time, across therapists.  Only
 * students with two or more direct services need it: (1) and (4) already
 * keep one service to one session a day.  Two sessions overlap iff one
 * covers the other's start, so rows at start minutes suffice. */
static int add_student_rows(mb *b)
{
  const cp_scenario *sc = b->sc;
  char e1[ESC], tb[8];
  int *items = malloc(((size_t)b->n_items + 1) * sizeof *items);
  if (!items)
    return -1;
  for (int st = 0; st < sc->students.n; st++) {
    int ni = 0;
    size_t ne = 0;
    for (int i = 0; i < b->n_items; i++)
      if (b->items[i].direct && b->items[i].student == st) {
        items[ni++] = i;
        ne += (size_t)b->icols[i].n;
      }
    if (ni < 2 || !ne)
      continue;
    span_ent *e = malloc(ne * sizeof *e);
    if (!e) {
      free(items);
      return -1;
    }
    ne = 0;
    for (int k = 0; k < ni; k++) {
      const cp_ivec *v = &b->icols[items[k]];
      for (int m = 0; m < v->n; m++) {
        const col *c = col_at(b, v->v[m]);
        int t0 = tday_of(b, c->t, c->dd)->start + c->u * b->S;
        e[ne++] = (span_ent){c->dd, t0, t0 + c->len * b->S, v->v[m],
                             items[k]};
      }
    }
    qsort(e, ne, sizeof *e, cmp_span);
    const char *sid = esc(e1, sc->students.v[st].id);
    for (size_t i = 0; i < ne; i++) {
      if (i > 0 && e[i].dd == e[i - 1].dd && e[i].t0 == e[i - 1].t0)
        continue; /* one row per start minute */
      int m = e[i].t0, first_item = -1;
      bool two = false;
      size_t lo = i;
      while (lo > 0 && e[lo - 1].dd == e[i].dd)
        lo--;
      for (size_t k = lo; k < ne && e[k].dd == e[i].dd && e[k].t0 <= m; k++)
        if (e[k].t1 > m) {
          if (first_item < 0)
            first_item = e[k].item;
          else if (e[k].item != first_item)
            two = true;
        }
      if (!two)
        continue;
      int r = add_row(b, GLP_UP, 0, 1, "student(%s,w%d,%s,%s)", sid,
                      e[i].dd / 7 + 1, cp_day_name[e[i].dd % 7], tstr(m, tb));
      for (size_t k = lo; k < ne && e[k].dd == e[i].dd && e[k].t0 <= m; k++)
        if (e[k].t1 > m)
          nz(b, r, e[k].col, 1);
    }
    free(e);
  }
  free(items);
  return 0;
}

/* (7) flow of the therapist's day through places and drives */
static void add_flow_rows(mb *b, int t, int dd)
{
  const cp_scenario *sc = b->sc;
  const tday *td = tday_of(b, t, dd);
  int base = sc->therapists.v[t].day[dd % CP_DAYS].base;
  size_t nk = (size_t)td->nk, n = (size_t)td->n, n1 = n + 1;
  char e1[ESC], e2[ESC], wb[32];
  const char *th = esc(e1, sc->therapists.v[t].id);
  bool any = false;
  for (size_t ki = 0; ki < nk && !any; ki++) {
    any = td->pcol[ki * n] != 0;
    for (size_t kj = 0; kj < nk && !any; kj++)
      any = td->rcol[(ki * nk + kj) * n1] != 0;
  }
  if (!any)
    return; /* no places (nothing located all day): no flow */
  int r = add_row(b, GLP_FX, 1, 1, "start(%s,w%d,%s)", th, dd / 7 + 1,
                  cp_day_name[dd % 7]);
  for (size_t ki = 0; ki < nk; ki++) {
    if (td->pcol[ki * n])
      nz(b, r, td->pcol[ki * n], 1);
    for (size_t kj = 0; kj < nk; kj++)
      if (td->rcol[(ki * nk + kj) * n1])
        nz(b, r, td->rcol[(ki * nk + kj) * n1], 1);
  }
  for (int b0 = 1; b0 < td->n; b0++)
    for (size_t ki = 0; ki < nk; ki++) {
      int in_p = td->pcol[ki * n + (size_t)b0 - 1];
      int out_p = td->pcol[ki * n + (size_t)b0];
      any = in_p || out_p;
      for (size_t kj = 0; kj < nk && !any; kj++) {
        if (kj == ki)
          continue;
        int tt = tau(b, td->ks[kj], td->ks[ki]);
        any = td->rcol[(ki * nk + kj) * n1 + (size_t)b0] ||
              (b0 - tt >= 0 &&
               td->rcol[(kj * nk + ki) * n1 + (size_t)(b0 - tt)]);
      }
      if (!any)
        continue;
      r = add_row(b, GLP_FX, 0, 0, "flow(%s,%s,%s)", th,
                  esc(e2, sc->schools.v[td->ks[ki]].id),
                  when(b, t, dd, b0, wb));
      if (out_p)
        nz(b, r, out_p, 1);
      if (in_p)
        nz(b, r, in_p, -1);
      for (size_t kj = 0; kj < nk; kj++) {
        if (kj == ki)
          continue;
        int tt = tau(b, td->ks[kj], td->ks[ki]);
        int out_r = td->rcol[(ki * nk + kj) * n1 + (size_t)b0];
        int in_r = b0 - tt >= 0
                       ? td->rcol[(kj * nk + ki) * n1 + (size_t)(b0 - tt)]
                       : 0;
        if (out_r)
          nz(b, r, out_r, 1);
        if (in_r)
          nz(b, r, in_r, -1);
      }
    }
  /* the day starts and ends at the base: only fixed duties can put a p
   * where the base cannot reach, and then no schedule exists */
  if (base == CP_NONE)
    return;
  for (int end = 0; end < 2; end++) {
    size_t u = end ? n - 1 : 0;
    int cnt = 0;
    for (size_t ki = 0; ki < nk; ki++) {
      int k = td->ks[ki];
      int tt = end ? tau(b, k, base) : tau(b, base, k);
      cnt += tt > 0 && td->pcol[ki * n + u];
    }
    if (!cnt)
      continue;
    r = add_row(b, GLP_FX, 0, 0, "home(%s,w%d,%s,%s)", th, dd / 7 + 1,
                cp_day_name[dd % 7], end ? "end" : "start");
    for (size_t ki = 0; ki < nk; ki++) {
      int k = td->ks[ki];
      int tt = end ? tau(b, k, base) : tau(b, base, k);
      if (tt > 0 && td->pcol[ki * n + u])
        nz(b, r, td->pcol[ki * n + u], 1);
    }
  }
}

/* Column lists per slot of what covers it. */
static int cover_add(cp_ivec *cv, int u, int j)
{
  return cp_ivec_push(&cv[u], j);
}

/* (8) presence and (9) capacity, per therapist day */
static int add_slot_rows(mb *b, int t, int dd)
{
  const cp_scenario *sc = b->sc;
  const tday *td = tday_of(b, t, dd);
  cp_ivec *cv = calloc((size_t)td->n + 1, sizeof *cv);
  char e1[ESC], e2[ESC], wb[32];
  if (!cv)
    return -1;
  int rc = 0;
  for (int j = td->c0; j < td->c1 && !rc; j++) {
    const col *c = col_at(b, j);
    if (c->type == C_P || c->type == C_Y || c->type == C_FS)
      continue;
    for (int u = c->u; u < c->u + c->len && u < td->n; u++)
      if (cover_add(cv, u, j))
        rc = -1;
  }
  const char *th = esc(e1, sc->therapists.v[t].id);
  for (int u = 0; u < td->n && !rc; u++) {
    const cp_ivec *v = &cv[u];
    for (int ki = 0; ki < td->nk; ki++) {
      int k = td->ks[ki], n = 0;
      for (int m = 0; m < v->n; m++)
        n += col_at(b, v->v[m])->k == k;
      if (!n)
        continue;
      int p = td->pcol[(size_t)ki * (size_t)td->n + (size_t)u];
      assert(p); /* sessions exist only where presence does */
      int r = add_row(b, GLP_UP, 0, 0, "at(%s,%s,%s)", th,
                      esc(e2, sc->schools.v[k].id), when(b, t, dd, u, wb));
      for (int m = 0; m < v->n; m++)
        if (col_at(b, v->v[m])->k == k)
          nz(b, r, v->v[m], 1);
      nz(b, r, p, -1);
    }
    if (v->n < 2)
      continue;
    int r = add_row(b, GLP_UP, 0, 1, "cap(%s,%s)", th, when(b, t, dd, u, wb));
    for (int m = 0; m < v->n; m++)
      nz(b, r, v->v[m], 1);
  }
  for (int u = 0; u < td->n; u++)
    free(cv[u].v);
  free(cv);
  return rc;
}

/* (10) lunch, (11) documentation, per therapist day */
static void add_lunch_doc_rows(mb *b, int t, int dd)
{
  const cp_scenario *sc = b->sc;
  const tday *td = tday_of(b, t, dd);
  char e1[ESC];
  const char *th = esc(e1, sc->therapists.v[t].id);
  if (sc->therapists.v[t].day[dd % CP_DAYS].lunch_minutes > 0) {
    int r = add_row(b, GLP_FX, 1, 1, "lunch(%s,w%d,%s)", th, dd / 7 + 1,
                    cp_day_name[dd % 7]);
    for (int j = td->c0; j < td->c1; j++)
      if (col_at(b, j)->type == C_L)
        nz(b, r, j, 1);
  }
  bool any = false;
  for (int j = td->c0; j < td->c1 && !any; j++)
    any = col_at(b, j)->type == C_DOC;
  if (!any)
    return;
  int r = add_row(b, GLP_LO, 0, 0, "docs(%s,w%d,%s)", th, dd / 7 + 1,
                  cp_day_name[dd % 7]);
  for (int j = td->c0; j < td->c1; j++) {
    const col *c = col_at(b, j);
    if (c->type == C_DOC)
      nz(b, r, j, b->S);
    else if (c->type == C_Z || (c->type == C_X && b->items[c->a].direct))
      nz(b, r, j, -sc->set.doc_per_session);
  }
}

/* (12) reserve, per therapist week */
static void add_reserve_rows(mb *b, int t)
{
  const cp_scenario *sc = b->sc;
  const cp_settings *set = &sc->set;
  double rhs;
  if (!has_reserve(b, t, &rhs))
    return;
  double c1 = set->iep_per_student_year * set->iep_minutes / set->school_weeks;
  char e1[ESC];
  for (int w = 0; w < b->W; w++) {
    int r = add_row(b, GLP_LO, rhs, 0, "reserve(%s,w%d)",
                    esc(e1, sc->therapists.v[t].id), w + 1);
    for (int d = 0; d < CP_DAYS; d++) {
      const tday *td = tday_of(b, t, w * 7 + d);
      if (!td->works)
        continue;
      for (int j = td->c0; j < td->c1; j++)
        if (col_at(b, j)->type == C_RES)
          nz(b, r, j, b->S);
    }
    if (c1 > 0)
      for (int st = 0; st < sc->students.n; st++)
        if (b->vcol[(size_t)st * (size_t)b->T + (size_t)t])
          nz(b, r, b->vcol[(size_t)st * (size_t)b->T + (size_t)t], -c1);
  }
}

/* (13) floating duties: blocks of at least B slots, minutes per day/week */
static void add_duty_rows(mb *b, int t)
{
  const cp_scenario *sc = b->sc;
  char e1[ESC], e2[ESC], wb[32];
  const char *th = esc(e1, sc->therapists.v[t].id);
  for (int h = 0; h < b->n_kinds; h++) {
    const kind *kd = &b->kinds[h];
    if (kd->t != t)
      continue;
    const char *kn = esc(e2, kd->name);
    for (int w = 0; w < b->W; w++) {
      int rw = 0;
      if (kd->per_week > 0)
        rw = add_row(b, GLP_LO,
                     kd->per_week +
                         kd->per_day *
                             cp_therapist_days(&sc->therapists.v[t]),
                     0, "duty(%s,%s,w%d)", th, kn, w + 1);
      for (int d = 0; d < CP_DAYS; d++) {
        int dd = w * 7 + d;
        const tday *td = tday_of(b, t, dd);
        if (!td->works)
          continue;
        int rd = 0;
        if (kd->per_day > 0)
          rd = add_row(b, GLP_LO, kd->per_day, 0, "duty(%s,%s,w%d,%s)", th,
                       kn, w + 1, cp_day_name[d]);
        /* per slot: f and fs columns of kind h, by slot */
        int *f = calloc((size_t)td->n + 1, sizeof *f);
        int *fs = calloc((size_t)td->n + 1, sizeof *fs);
        if (!f || !fs) {
          free(f);
          free(fs);
          b->nomem = true;
          return;
        }
        for (int j = td->c0; j < td->c1; j++) {
          const col *c = col_at(b, j);
          if (c->a != h || (c->type != C_F && c->type != C_FS))
            continue;
          (c->type == C_F ? f : fs)[c->u] = j;
          if (c->type == C_F) {
            if (rw)
              nz(b, rw, j, b->S);
            if (rd)
              nz(b, rd, j, b->S);
          }
        }
        for (int u = 0; u < td->n; u++) {
          if (!f[u])
            continue;
          when(b, t, dd, u, wb);
          int r = add_row(b, GLP_UP, 0, 0, "run(%s,%s,%s)", th, kn, wb);
          nz(b, r, f[u], 1);
          if (u > 0 && f[u - 1])
            nz(b, r, f[u - 1], -1);
          if (fs[u])
            nz(b, r, fs[u], -1);
          if (!fs[u])
            continue;
          r = add_row(b, GLP_UP, 0, 0, "block(%s,%s,%s)", th, kn, wb);
          nz(b, r, fs[u], kd->block);
          for (int k = u; k < u + kd->block; k++)
            nz(b, r, f[k], -1);
        }
        free(f);
        free(fs);
      }
    }
  }
}

static int add_rows(mb *b)
{
  add_assign_rows(b);
  add_demand_rows(b);
  add_link_rows(b);
  if (add_student_rows(b))
    return -1;
  for (int t = 0; t < b->T; t++) {
    for (int dd = 0; dd < b->ndd; dd++) {
      if (!tday_of(b, t, dd)->works)
        continue;
      if (add_group_rows(b, t, dd))
        return -1;
      add_flow_rows(b, t, dd);
      if (add_slot_rows(b, t, dd))
        return -1;
      add_lunch_doc_rows(b, t, dd);
    }
    add_reserve_rows(b, t);
    add_duty_rows(b, t);
    if (b->nomem)
      return -1;
  }
  return b->nomem ? -1 : 0;
}

/* ---- entry --------------------------------------------------------------- */

static void mb_fini(mb *b)
{
  if (b->days)
    for (int k = 0; k < b->T * b->ndd; k++) {
      tday *td = &b->days[k];
      free(td->fixed);
      free(td->kof);
      free(td->ks);
      free(td->pcol);
      free(td->rcol);
    }
  if (b->icols)
    for (int i = 0; i < b->n_items; i++)
      free(b->icols[i].v);
  if (b->fmem)
    for (int g = 0; g < b->n_fams; g++)
      free(b->fmem[g].v);
  free(b->fmem);
  free(b->days);
  free(b->items);
  free(b->fams);
  free(b->kinds);
  free(b->elig);
  free(b->acol);
  free(b->vcol);
  free(b->sigcol);
  free(b->icols);
  free(b->links);
  free(b->cols);
  free(b->ia);
  free(b->ja);
  free(b->ar);
  if (b->P)
    glp_delete_prob(b->P);
  memset(b, 0, sizeof *b);
}

/* Builds into b->P; on failure the caller runs mb_fini. */
static cp_status build(mb *b, const cp_scenario *sc)
{
  b->sc = sc;
  b->S = sc->set.slot;
  b->W = sc->set.rotation_weeks;
  b->ndd = b->W * CP_DAYS;
  b->T = sc->therapists.n;
  b->grid = 15 % b->S ? b->S : 15;
  size_t T = (size_t)b->T + 1, ns = (size_t)sc->services.n + 1;
  b->days = calloc(T * (size_t)b->ndd, sizeof *b->days);
  b->elig = calloc(ns * T, sizeof *b->elig);
  b->acol = calloc(ns * T, sizeof *b->acol);
  b->vcol = calloc(((size_t)sc->students.n + 1) * T, sizeof *b->vcol);
  if (!b->days || !b->elig || !b->acol || !b->vcol)
    return CP_ERR_NOMEM;
  for (int s = 0; s < sc->services.n; s++)
    for (int t = 0; t < b->T; t++)
      b->elig[(size_t)s * (size_t)b->T + (size_t)t] = eligible(sc, s, t);
  if (make_items(b) || make_fams(b) || make_kinds(b) || make_days(b))
    return CP_ERR_NOMEM;
  b->fmem = calloc((size_t)b->n_fams + 1, sizeof *b->fmem);
  if (!b->fmem)
    return CP_ERR_NOMEM;
  for (int g = 0; g < b->n_fams; g++)
    for (int i = 0; i < b->n_items; i++)
      if (member(b, &b->items[i], &b->fams[g]) && cp_ivec_push(&b->fmem[g], i))
        return CP_ERR_NOMEM;
  b->icols = calloc((size_t)b->n_items + 1, sizeof *b->icols);
  b->sigcol = calloc(((size_t)b->n_items + 1) * (size_t)b->W,
                     sizeof *b->sigcol);
  if (!b->icols || !b->sigcol)
    return CP_ERR_NOMEM;
  if (add_columns(b))
    return CP_ERR_NOMEM;
  b->P = glp_create_prob();
  glp_set_prob_name(b->P, "caseplan_monolith");
  glp_set_obj_name(b->P, "cost");
  glp_set_obj_dir(b->P, GLP_MIN);
  load_columns(b);
  if (add_rows(b))
    return CP_ERR_NOMEM;
  assert(glp_get_num_cols(b->P) == b->n_cols);
  if (glp_check_dup(glp_get_num_rows(b->P), b->n_cols, b->nz, b->ia, b->ja))
    return CP_ERR_INTERNAL; /* a duplicate (row, col) pair: a bug here */
  glp_load_matrix(b->P, b->nz, b->ia, b->ja, b->ar);
  return CP_OK;
}

cp_status cp_monolith_build(const cp_scenario *sc, glp_prob **out)
{
  assert(sc && out && "cp_monolith_build");
  mb b;
  memset(&b, 0, sizeof b);
  *out = NULL;
  cp_status st = build(&b, sc);
  if (st == CP_OK) {
    *out = b.P;
    b.P = NULL;
  }
  mb_fini(&b);
  return st;
}

/* GLPK's terminal output: swallowed, the last line kept for messages. */
typedef struct capture {
  char line[256];
} capture;

static int capture_hook(void *info, const char *s)
{
  capture *c = info;
  if (c && s && *s && strcmp(s, "\n")) {
    snprintf(c->line, sizeof c->line, "%s", s);
    size_t n = strlen(c->line);
    while (n && (c->line[n - 1] == '\n' || c->line[n - 1] == ' '))
      c->line[--n] = 0;
  }
  return 1;
}

static jmp_buf *error_jump;

static void error_hook(void *info)
{
  (void)info;
  if (error_jump)
    longjmp(*error_jump, 1);
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
  if (!err || !errlen)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
}

cp_status cp_monolith_write_lp(const cp_scenario *sc, const char *path,
                               char *err, size_t errlen)
{
  assert(sc && path && "cp_monolith_write_lp");
  set_err(err, errlen, "%s", "");
  mb *b = calloc(1, sizeof *b); /* on the heap: survives a longjmp */
  capture *cap = calloc(1, sizeof *cap);
  if (!b || !cap) {
    free(b);
    free(cap);
    set_err(err, errlen, "out of memory building the monolithic model");
    return CP_ERR_NOMEM;
  }
  glp_term_hook(capture_hook, cap);
  jmp_buf jb;
  if (setjmp(jb)) {
    /* GLPK failed internally: its environment, b->P included, is gone */
    error_jump = NULL;
    glp_error_hook(NULL, NULL);
    glp_free_env();
    glp_term_hook(capture_hook, NULL);
    b->P = NULL;
    mb_fini(b);
    set_err(err, errlen, "GLPK failed building the monolithic model%s%s",
            cap->line[0] ? ": " : "", cap->line);
    free(b);
    free(cap);
    return CP_ERR_SOLVER;
  }
  error_jump = &jb;
  glp_error_hook(error_hook, NULL);
  cp_status st = build(b, sc);
  if (st == CP_OK) {
    cap->line[0] = 0;
    if (glp_write_lp(b->P, NULL, path)) {
      /* GLPK says "Unable to create `PATH' - REASON": keep the reason */
      const char *why = cap->line, *dash = strstr(why, " - ");
      while (dash) {
        why = dash + 3;
        dash = strstr(why, " - ");
      }
      st = CP_ERR_IO;
      set_err(err, errlen, "cannot write the LP file '%s'%s%s", path,
              *why ? ": " : "", why);
    }
  } else {
    set_err(err, errlen, "%s building the monolithic model",
            st == CP_ERR_NOMEM ? "out of memory" : "internal error");
  }
  glp_error_hook(NULL, NULL);
  error_jump = NULL;
  glp_term_hook(capture_hook, NULL); /* keep GLPK quiet, as solve.c does */
  mb_fini(b);
  free(b);
  free(cap);
  return st;
}
