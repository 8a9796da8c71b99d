/* grow.c — a larger caseload for the same district (see grow.h).
 *
 * Sits between the reader and the staffing search: `caseplan staff --sweep`
 * reads the scenario, grows it here and hands it to cp_staff like any other.
 * The clones are what the reader would make of students.csv, services.csv
 * and blocks.csv with rows appended at the end, so every later stage (the
 * district level, the models, the certificates, the verifier) sees an
 * ordinary scenario.  Which students are cloned is arithmetic, not a
 * random draw: the caseload is cut into strata (one school, one set of
 * disciplines) and clones are dealt to them one at a time by the
 * Sainte-Lague rule, each stratum cloning its members in file order.  So
 * every school's and every discipline's caseload grows by the same share,
 * to the nearest student, at every percentage (a sorted students.csv
 * would otherwise grow its first school only), and a smaller growth adds
 * the first clones of a larger one.
 */
#include "grow.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GROW_MAX_PCT 500
#define GROW_MAX_STUDENTS 200000           /* the reader's rows per file */
#define GROW_MAX_CYCLE_MINUTES 100000000LL /* the reader's caseload bound */

int cp_grow_caseload(const cp_scenario *sc)
{
  bool *served = calloc((size_t)sc->students.n + 1, sizeof *served);
  if (!served)
    return -1;
  for (int i = 0; i < sc->services.n; i++)
    served[sc->services.v[i].student] = true;
  int m = 0;
  for (int i = 0; i < sc->students.n; i++)
    m += served[i];
  free(served);
  return m;
}

/* A free id for clone round R of ID: `ID_gR`, else `ID_gR_2`, `_3`, ... */
static const char *clone_id(cp_scenario *sc, const char *id, int r)
{
  size_t len = strlen(id) + 48;
  char *buf = malloc(len);
  if (!buf)
    return NULL;
  snprintf(buf, len, "%s_g%d", id, r);
  for (int k = 2; cp_map_get(&sc->student_ix, buf) >= 0; k++)
    snprintf(buf, len, "%s_g%d_%d", id, r, k);
  const char *copy = cp_pool_strdup(&sc->pool, buf);
  free(buf);
  return copy;
}

/* The rows of the scenario as read that belong to each student: its
 * services and its student-scope blocks, as linked lists in file order. */
typedef struct owned {
  int *first_sv, *next_sv, *first_bl, *next_bl;
} owned;

static void owned_fini(owned *o)
{
  free(o->first_sv);
  free(o->next_sv);
  free(o->first_bl);
  free(o->next_bl);
}

static cp_status owned_init(owned *o, const cp_scenario *sc)
{
  size_t ns = (size_t)sc->students.n + 1;
  o->first_sv = malloc(ns * sizeof *o->first_sv);
  o->first_bl = malloc(ns * sizeof *o->first_bl);
  o->next_sv = malloc(((size_t)sc->services.n + 1) * sizeof *o->next_sv);
  o->next_bl = malloc(((size_t)sc->blocks.n + 1) * sizeof *o->next_bl);
  if (!o->first_sv || !o->first_bl || !o->next_sv || !o->next_bl)
    return CP_ERR_NOMEM;
  for (size_t i = 0; i < ns; i++)
    o->first_sv[i] = o->first_bl[i] = CP_NONE;
  for (int k = sc->services.n - 1; k >= 0; k--) {
    int s = sc->services.v[k].student;
    o->next_sv[k] = o->first_sv[s];
    o->first_sv[s] = k;
  }
  for (int b = sc->blocks.n - 1; b >= 0; b--) {
    const cp_block *bl = &sc->blocks.v[b];
    o->next_bl[b] = CP_NONE;
    if (bl->scope != CP_SCOPE_STUDENT || !bl->id)
      continue;
    int s = cp_map_get(&sc->student_ix, bl->id);
    if (s < 0)
      continue;
    o->next_bl[b] = o->first_bl[s];
    o->first_bl[s] = b;
  }
  return CP_OK;
}

static cp_status copy_spans(cp_spans *to, const cp_spans *from)
{
  for (int i = 0; i < from->n; i++)
    if (cp_spans_add(to, from->v[i].start, from->v[i].end))
      return CP_ERR_NOMEM;
  return CP_OK;
}

/* Appends the clone of student SRC with id ID: the student, its blocks
 * (student scope) and its services. */
static cp_status add_clone(cp_scenario *sc, const owned *o, int src,
                           const char *id)
{
  int i = CP_VEC_PUSH(sc->students);
  if (i < 0)
    return CP_ERR_NOMEM;
  cp_student *st = &sc->students.v[i];
  const cp_student *from = &sc->students.v[src];
  st->id = id;
  st->school = from->school;
  st->grade = from->grade;
  st->classroom = from->classroom;
  st->pinned = CP_NONE; /* continuity of care belongs to the original */
  st->line = from->line;
  for (int d = 0; d < CP_DAYS; d++)
    if (copy_spans(&st->avail[d], &from->avail[d]) != CP_OK)
      return CP_ERR_NOMEM;
  if (cp_map_put(&sc->student_ix, id, i))
    return CP_ERR_NOMEM;
  for (int b = o->first_bl[src]; b != CP_NONE; b = o->next_bl[b]) {
    int j = CP_VEC_PUSH(sc->blocks);
    if (j < 0)
      return CP_ERR_NOMEM;
    sc->blocks.v[j] = sc->blocks.v[b];
    sc->blocks.v[j].id = id;
  }
  for (int k = o->first_sv[src]; k != CP_NONE; k = o->next_sv[k]) {
    int j = CP_VEC_PUSH(sc->services);
    if (j < 0)
      return CP_ERR_NOMEM;
    sc->services.v[j] = sc->services.v[k];
    sc->services.v[j].student = i;
  }
  return CP_OK;
}

/* Minutes of one cycle that the reader bounds (services, their
 * documentation, the reserve of S students), for the limit check. */
static double cycle_minutes(const cp_scenario *sc, double services,
                            double sessions, long long students)
{
  const cp_settings *set = &sc->set;
  double reserve = ceil((double)students * set->iep_per_student_year *
                        set->iep_minutes / set->school_weeks) *
                   set->rotation_weeks;
  return services + sessions * set->doc_per_session + reserve;
}

/* ---- which students are cloned ------------------------------------------ */

/* The caseload in strata: students of one school with the same set of
 * disciplines, strata in order of first appearance in students.csv, members
 * in file order. */
typedef struct strata {
  int n;       /* strata */
  int *first;  /* [n]: offset of the stratum's members in member[] */
  int *size;   /* [n] */
  int *member; /* [m]: student indices, stratum by stratum */
  int *given;  /* [n]: clones given so far */
  int *heap;   /* [n]: strata, the next to get a clone on top */
} strata;

typedef struct skey {
  int school;
  unsigned mask; /* disciplines (at most 32) */
  int student;
} skey;

static int cmp_skey(const void *a, const void *b)
{
  const skey *x = a, *y = b;
  if (x->school != y->school)
    return x->school < y->school ? -1 : 1;
  if (x->mask != y->mask)
    return x->mask < y->mask ? -1 : 1;
  return (x->student > y->student) - (x->student < y->student);
}

/* Strata (by their first member) in order of first appearance. */
typedef struct sfirst {
  int student, at, size;
} sfirst;

static int cmp_sfirst(const void *a, const void *b)
{
  const sfirst *x = a, *y = b;
  return (x->student > y->student) - (x->student < y->student);
}

static void strata_fini(strata *g)
{
  free(g->first);
  free(g->size);
  free(g->member);
  free(g->given);
  free(g->heap);
}

/* Does stratum A get a clone before stratum B?  The larger size / (2 given
 * + 1) first (Sainte-Lague / Webster), ties to the earlier stratum. */
static bool before(const strata *g, int a, int b)
{
  long long x = (long long)g->size[a] * (2LL * g->given[b] + 1);
  long long y = (long long)g->size[b] * (2LL * g->given[a] + 1);
  return x != y ? x > y : a < b;
}

static void sift_down(strata *g, int i)
{
  for (;;) {
    int l = 2 * i + 1, r = l + 1, top = i;
    if (l < g->n && before(g, g->heap[l], g->heap[top]))
      top = l;
    if (r < g->n && before(g, g->heap[r], g->heap[top]))
      top = r;
    if (top == i)
      return;
    int t = g->heap[i];
    g->heap[i] = g->heap[top];
    g->heap[top] = t;
    i = top;
  }
}

static cp_status strata_init(strata *g, const cp_scenario *sc, const owned *o,
                             int *m_out)
{
  size_t n = (size_t)sc->students.n + 1;
  memset(g, 0, sizeof *g);
  unsigned *mask = calloc(n, sizeof *mask);
  skey *key = malloc(n * sizeof *key);
  sfirst *fs = malloc(n * sizeof *fs);
  g->first = malloc(n * sizeof *g->first);
  g->size = malloc(n * sizeof *g->size);
  g->member = malloc(n * sizeof *g->member);
  g->given = calloc(n, sizeof *g->given);
  g->heap = malloc(n * sizeof *g->heap);
  cp_status st = CP_OK;
  if (!mask || !key || !fs || !g->first || !g->size || !g->member ||
      !g->given || !g->heap) {
    st = CP_ERR_NOMEM;
    goto done;
  }
  for (int k = 0; k < sc->services.n; k++)
    mask[sc->services.v[k].student] |= 1u << sc->services.v[k].discipline;
  int m = 0;
  for (int i = 0; i < sc->students.n; i++)
    if (o->first_sv[i] != CP_NONE)
      key[m++] = (skey){sc->students.v[i].school, mask[i], i};
  qsort(key, (size_t)m, sizeof *key, cmp_skey);
  for (int i = 0; i < m; i++) {
    if (i == 0 || key[i - 1].school != key[i].school ||
        key[i - 1].mask != key[i].mask)
      fs[g->n++] = (sfirst){key[i].student, i, 0};
    fs[g->n - 1].size++;
  }
  qsort(fs, (size_t)g->n, sizeof *fs, cmp_sfirst);
  int at = 0;
  for (int s = 0; s < g->n; s++) {
    g->first[s] = at;
    g->size[s] = fs[s].size;
    for (int j = 0; j < fs[s].size; j++)
      g->member[at++] = key[fs[s].at + j].student;
    g->heap[s] = s;
  }
  for (int s = g->n / 2 - 1; s >= 0; s--)
    sift_down(g, s);
  *m_out = m;
done:
  free(mask);
  free(key);
  free(fs);
  return st;
}

/* The stratum that gets the next clone.  Clone by clone, so every stratum
 * grows as near its share as whole students allow, a stratum's count never
 * drops as the growth rises (a smaller growth adds a prefix of the clones
 * of a larger one), and at 100%, 200%, ... every student is cloned equally
 * often. */
static int take_stratum(strata *g)
{
  int s = g->heap[0];
  g->given[s]++;
  sift_down(g, 0);
  return s;
}

cp_status cp_scenario_grow(cp_scenario *sc, int pct, int *added,
                           cp_diag *diag)
{
  if (added)
    *added = 0;
  if (pct < 0 || pct > GROW_MAX_PCT) {
    cp_diag_add(diag, NULL, 0, "growth %d%% is not valid: expected 0 to %d",
                pct, GROW_MAX_PCT);
    return CP_ERR_INPUT;
  }
  int n = sc->students.n, m = 0;
  owned o = {0};
  strata g = {0};
  int *src = NULL, *round = NULL;
  cp_status st = owned_init(&o, sc);
  if (st == CP_OK)
    st = strata_init(&g, sc, &o, &m);
  if (st != CP_OK)
    goto done;
  long long extra = ((long long)m * pct + 50) / 100;
  long long students = (long long)n + extra;
  double svc = 0, sessions = 0;
  for (int k = 0; k < sc->services.n; k++) {
    svc += sc->services.v[k].cycle_minutes;
    sessions += sc->services.v[k].sessions;
  }
  if (students <= GROW_MAX_STUDENTS) {
    src = malloc(((size_t)extra + 1) * sizeof *src);
    round = malloc(((size_t)extra + 1) * sizeof *round);
    if (!src || !round) {
      st = CP_ERR_NOMEM;
      goto done;
    }
    for (long long k = 0; k < extra; k++) {
      int s = take_stratum(&g);
      int j = g.given[s] - 1;
      src[k] = g.member[g.first[s] + j % g.size[s]];
      round[k] = j / g.size[s] + 1;
      for (int v = o.first_sv[src[k]]; v != CP_NONE; v = o.next_sv[v]) {
        svc += sc->services.v[v].cycle_minutes;
        sessions += sc->services.v[v].sessions;
      }
    }
  }
  /* the reader's limits, checked before anything is added */
  double total = cycle_minutes(sc, svc, sessions, students);
  if (students > GROW_MAX_STUDENTS ||
      total > (double)GROW_MAX_CYCLE_MINUTES) {
    cp_diag_add(diag, NULL, 0,
                "growth %d%% makes %lld students and %s%.0f minutes per "
                "cycle of services, documentation and reserve: caseplan "
                "counts at most %d students and %lld minutes",
                pct, students, students > GROW_MAX_STUDENTS ? "at least " : "",
                total, GROW_MAX_STUDENTS, GROW_MAX_CYCLE_MINUTES);
    st = CP_ERR_INPUT;
    goto done;
  }
  for (long long k = 0; k < extra; k++) {
    const char *id = clone_id(sc, sc->students.v[src[k]].id, round[k]);
    if (!id) {
      st = CP_ERR_NOMEM;
      goto done;
    }
    st = add_clone(sc, &o, src[k], id);
    if (st != CP_OK)
      goto done;
    if (added)
      (*added)++;
  }
done:
  free(src);
  free(round);
  strata_fini(&g);
  owned_fini(&o);
  return st;
}
