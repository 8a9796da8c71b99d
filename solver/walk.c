/* walk.c — weighted local search on a 0-1 model (see walk.h). */
#include "walk.h"

#include "solve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-6
/* While rows other than shortfalls are violated, a shortfall row drawn is
 * drawn again up to this many times (a clash is mended before the next
 * session is placed): on the 14 weeks of walk's tuning, 8 instead of 0
 * took M's T_OT weeks from 110 and 40 minutes short to 50 and 30. */
#define HARD_FIRST 8

typedef struct walk {
  int m, n;
  int *cbeg, *crow; /* column-major, rows 1..m */
  double *cval;
  int *rbeg, *rcol; /* row-major, columns 1..n */
  double *rval;
  double *lo, *up, *lhs, *w, *norm;
  double *rate;   /* cost of a unit of deficit closed by a continuous
                   * column (absorbable rows), < 0 when none */
  int *scol;      /* that column (the cheapest), 0 when none */
  int *vpos, *vlist, nv; /* violated rows */
  int n_hard;     /* violated rows not absorbable */
  unsigned char *flip; /* binary, not fixed */
  double *x;
  long *tabu;
  unsigned rng;
} walk;

static unsigned next(walk *W)
{
  unsigned s = W->rng;
  s ^= s << 13;
  s ^= s >> 17;
  s ^= s << 5;
  return W->rng = s;
}

static double viol(const walk *W, int r, double L)
{
  if (L < W->lo[r] - EPS)
    return W->lo[r] - L;
  if (L > W->up[r] + EPS)
    return L - W->up[r];
  return 0;
}

static bool hard(const walk *W, int r, double L)
{
  if (L > W->up[r] + EPS)
    return true;
  return L < W->lo[r] - EPS && W->rate[r] < 0;
}

/* Row r's lhs becomes L: keep the violated list and the hard count. */
static void set_lhs(walk *W, int r, double L)
{
  bool was = W->vpos[r] >= 0, was_hard = was && hard(W, r, W->lhs[r]);
  W->lhs[r] = L;
  bool is = viol(W, r, L) > 0, is_hard = is && hard(W, r, L);
  W->n_hard += (int)is_hard - (int)was_hard;
  if (is && !was) {
    W->vpos[r] = W->nv;
    W->vlist[W->nv++] = r;
  } else if (!is && was) {
    int k = W->vpos[r], last = W->vlist[--W->nv];
    W->vlist[k] = last;
    W->vpos[last] = k;
    W->vpos[r] = -1;
  }
}

/* Weighted violation removed by flipping column j (> 0: better). */
static double score(const walk *W, int j)
{
  double d = W->x[j] > 0.5 ? -1 : 1, s = 0;
  for (int k = W->cbeg[j]; k < W->cbeg[j + 1]; k++) {
    int r = W->crow[k];
    double L = W->lhs[r];
    s += W->w[r] * (viol(W, r, L) - viol(W, r, L + d * W->cval[k])) /
         W->norm[r];
  }
  return s;
}

static void do_flip(walk *W, int j)
{
  double d = W->x[j] > 0.5 ? -1 : 1;
  W->x[j] += d;
  for (int k = W->cbeg[j]; k < W->cbeg[j + 1]; k++)
    set_lhs(W, W->crow[k], W->lhs[W->crow[k]] + d * W->cval[k]);
}

static void walk_free(walk *W)
{
  free(W->cbeg);
  free(W->crow);
  free(W->cval);
  free(W->rbeg);
  free(W->rcol);
  free(W->rval);
  free(W->lo);
  free(W->flip);
  free(W->x);
  free(W->tabu);
  free(W->vpos);
  free(W->scol);
}

/* Copies P's matrix, bounds and x; false when out of memory or when a
 * column is general integer. */
static bool walk_init(walk *W, glp_prob *P, const double *cost,
                      const double *x)
{
  memset(W, 0, sizeof *W);
  int m = W->m = glp_get_num_rows(P), n = W->n = glp_get_num_cols(P);
  int nz = glp_get_num_nz(P);
  W->cbeg = malloc(((size_t)n + 2) * sizeof *W->cbeg);
  W->crow = malloc(((size_t)nz + 1) * sizeof *W->crow);
  W->cval = malloc(((size_t)nz + 1) * sizeof *W->cval);
  W->rbeg = calloc((size_t)m + 2, sizeof *W->rbeg);
  W->rcol = malloc(((size_t)nz + 1) * sizeof *W->rcol);
  W->rval = malloc(((size_t)nz + 1) * sizeof *W->rval);
  W->lo = malloc(6 * ((size_t)m + 1) * sizeof *W->lo);
  W->flip = calloc((size_t)n + 1, 1);
  W->x = malloc(((size_t)n + 1) * sizeof *W->x);
  W->tabu = calloc((size_t)n + 1, sizeof *W->tabu);
  W->vpos = malloc(2 * ((size_t)m + 1) * sizeof *W->vpos);
  W->scol = calloc((size_t)m + 1, sizeof *W->scol);
  int *ind = malloc(((size_t)(m > n ? m : n) + 1) * sizeof *ind);
  double *val = malloc(((size_t)(m > n ? m : n) + 1) * sizeof *val);
  if (!W->cbeg || !W->crow || !W->cval || !W->rbeg || !W->rcol ||
      !W->rval || !W->lo || !W->flip || !W->x || !W->tabu || !W->vpos ||
      !W->scol || !ind || !val) {
    free(ind);
    free(val);
    walk_free(W);
    return false;
  }
  W->up = W->lo + (m + 1);
  W->lhs = W->lo + 2 * (m + 1);
  W->w = W->lo + 3 * (m + 1);
  W->norm = W->lo + 4 * (m + 1);
  W->rate = W->lo + 5 * (m + 1);
  W->vlist = W->vpos + (m + 1);
  for (int r = 1; r <= m; r++)
    W->rate[r] = -1;
  bool ok = true;
  int at = 0;
  for (int j = 1; j <= n; j++) {
    W->cbeg[j] = at;
    int len = glp_get_mat_col(P, j, ind, val);
    for (int k = 1; k <= len; k++) {
      W->crow[at] = ind[k];
      W->cval[at++] = val[k];
      W->rbeg[ind[k]]++;
    }
    int kind = glp_get_col_kind(P, j);
    double lb = glp_get_col_lb(P, j), ub = glp_get_col_ub(P, j);
    int type = glp_get_col_type(P, j);
    if (kind == GLP_IV && !(lb >= -EPS && ub <= 1 + EPS))
      ok = false; /* general integer */
    if (kind == GLP_IV || kind == GLP_BV) {
      W->x[j] = x[j] > 0.5 ? 1 : 0;
      W->flip[j] = type != GLP_FX && lb < 0.5 && ub > 0.5;
    } else {
      W->x[j] = type == GLP_FR || type == GLP_UP ? 0 : lb;
      /* a continuous column of one row alone, from 0 (a bound above is
       * the row's own demand), with a positive cost: a shortfall closing
       * that row's deficit */
      if (len == 1 && val[1] > 0 && cost[j] > 0 &&
          (type == GLP_LO || type == GLP_DB) && lb == 0) {
        int r = ind[1];
        if (W->rate[r] < 0 || cost[j] / val[1] < W->rate[r]) {
          W->rate[r] = cost[j] / val[1];
          W->scol[r] = j;
        }
      }
    }
  }
  W->cbeg[n + 1] = at;
  W->cbeg[0] = 0;
  W->x[0] = 0;
  /* row-major from the column lists */
  int acc = 0;
  for (int r = 1; r <= m; r++) {
    int c = W->rbeg[r];
    W->rbeg[r] = acc;
    acc += c;
  }
  W->rbeg[m + 1] = acc;
  int *fill = ind; /* reuse: next free place per row */
  for (int r = 1; r <= m; r++)
    fill[r] = W->rbeg[r];
  for (int j = 1; j <= n; j++)
    for (int k = W->cbeg[j]; k < W->cbeg[j + 1]; k++) {
      int r = W->crow[k];
      W->rcol[fill[r]] = j;
      W->rval[fill[r]++] = W->cval[k];
    }
  for (int r = 1; r <= m; r++) {
    int type = glp_get_row_type(P, r);
    W->lo[r] = type == GLP_LO || type == GLP_DB || type == GLP_FX
                   ? glp_get_row_lb(P, r)
                   : -HUGE_VAL;
    W->up[r] = type == GLP_UP || type == GLP_DB || type == GLP_FX
                   ? glp_get_row_ub(P, r)
                   : HUGE_VAL;
    W->w[r] = 1;
    W->norm[r] = 0;
    W->vpos[r] = -1;
    double L = 0;
    for (int k = W->rbeg[r]; k < W->rbeg[r + 1]; k++) {
      double a = W->rval[k];
      L += a * W->x[W->rcol[k]];
      if (fabs(a) > W->norm[r])
        W->norm[r] = fabs(a);
    }
    if (W->norm[r] == 0)
      W->norm[r] = 1;
    W->lhs[r] = L;
    if (viol(W, r, L) > 0) {
      W->vpos[r] = W->nv;
      W->vlist[W->nv++] = r;
      W->n_hard += hard(W, r, L);
    }
  }
  free(ind);
  free(val);
  if (!ok)
    walk_free(W);
  return ok;
}

/* The objective of the walk's point with each absorbable deficit closed
 * by its shortfall column (the other continuous columns at their bounds:
 * an upper estimate when some have negative costs). */
static double estimate(const walk *W, double binobj)
{
  double v = binobj;
  for (int k = 0; k < W->nv; k++) {
    int r = W->vlist[k];
    v += W->rate[r] * (W->lo[r] - W->lhs[r]);
  }
  return v;
}

/* The full point from the walk's binary columns y: shortfalls closing
 * their rows, negative-cost continuous columns raised as far as their rows
 * allow; false when a row does not hold. */
static bool finish(glp_prob *P, const walk *W, const double *cost,
                   const double *y, double *out)
{
  int m = W->m, n = W->n;
  double *L = calloc((size_t)m + 1, sizeof *L);
  if (!L)
    return false;
  memcpy(out, y, ((size_t)n + 1) * sizeof *out);
  for (int j = 1; j <= n; j++)
    for (int k = W->cbeg[j]; k < W->cbeg[j + 1]; k++)
      L[W->crow[k]] += W->cval[k] * out[j];
  for (int r = 1; r <= m; r++) {
    int j = W->scol[r];
    if (j && L[r] < W->lo[r] - EPS) {
      double a = W->cval[W->cbeg[j]], t = (W->lo[r] - L[r]) / a;
      out[j] += t;
      L[r] += a * t;
    }
  }
  for (int j = 1; j <= n; j++) {
    if (glp_get_col_kind(P, j) != GLP_CV || cost[j] >= 0)
      continue;
    double t = glp_get_col_type(P, j) == GLP_DB ||
                       glp_get_col_type(P, j) == GLP_UP
                   ? glp_get_col_ub(P, j) - out[j]
                   : HUGE_VAL;
    for (int k = W->cbeg[j]; k < W->cbeg[j + 1]; k++) {
      int r = W->crow[k];
      double a = W->cval[k];
      if (a > 0 && W->up[r] < HUGE_VAL && (W->up[r] - L[r]) / a < t)
        t = (W->up[r] - L[r]) / a;
      if (a < 0 && W->lo[r] > -HUGE_VAL && (L[r] - W->lo[r]) / -a < t)
        t = (L[r] - W->lo[r]) / -a;
    }
    if (t > EPS && t < HUGE_VAL) {
      out[j] += t;
      for (int k = W->cbeg[j]; k < W->cbeg[j + 1]; k++)
        L[W->crow[k]] += W->cval[k] * t;
    }
  }
  bool ok = true;
  for (int r = 1; r <= m && ok; r++)
    ok = L[r] >= W->lo[r] - EPS && L[r] <= W->up[r] + EPS;
  free(L);
  return ok;
}

/* Each step takes a violated row at random and flips the column of that
 * row, moving it toward its bounds, whose flip removes the most weighted
 * violation (ties at random); at a local minimum (no such flip helps) the
 * row's weight grows by 1 and the flip is made anyway.  A flipped column
 * rests 1-3 steps.  Measured on 14 short weeks of demo_plus30 and M (their
 * dives' weeks, 2M flips, 3-4 seeds each): weighting only the row at hand
 * instead of every violated row turned 2 more of them full; a rest of 1-3
 * steps instead of 3-10 turned T_SLP1's second demo_plus30 pattern
 * (130 minutes short) full in 4 of 4 seeds instead of 0 of 4, while 10-19
 * or 20-39 steps found nothing anywhere; random flips at local minima
 * (half of them) did not help.  From nothing (every column 0) it found
 * no valid week on any of them; from the LP rounded it does (solve.c). */
/* W's point, when it breaks no hard row and its estimate beats *best_obj:
 * copied to best (*have set). */
static void keep_if_better(const walk *W, double binobj, double *best_obj,
                           double *best, bool *have)
{
  if (W->n_hard != 0)
    return;
  double e = estimate(W, binobj);
  if (e < *best_obj - EPS) {
    *best_obj = e;
    memcpy(best, W->x, ((size_t)W->n + 1) * sizeof *best);
    *have = true;
  }
}

bool cp_walk(glp_prob *P, const double *cost, double *x, double *obj,
             long max_flips, double deadline, unsigned seed,
             cp_walk_stats *st)
{
  double t0 = cp_now();
  memset(st, 0, sizeof *st);
  walk W;
  if (!walk_init(&W, P, cost, x))
    return false;
  W.rng = seed * 2654435761u + 1;
  int n = W.n;
  double *best = malloc(((size_t)n + 1) * sizeof *best);
  double *out = malloc(((size_t)n + 1) * sizeof *out);
  bool have = false, replaced = false;
  long step = 0;
  if (!best || !out)
    goto out;
  double binobj = cost[0];
  for (int j = 1; j <= n; j++)
    binobj += cost[j] * W.x[j];
  st->violated0 = W.nv;
  st->best_hard = W.n_hard;
  double best_obj = *obj;

  /* a start that is a week already (an integral LP) */
  keep_if_better(&W, binobj, &best_obj, best, &have);
  double per = cp_step_seconds(P);
  while (W.nv > 0 && step < max_flips) {
    if ((step & 255) == 0 && (cp_interrupted() || cp_now() > deadline))
      break;
    if ((step & 4095) == 0)
      cp_clock_show((double)step * per); /* to the parent, if any */
    step++;
    int r = W.vlist[next(&W) % (unsigned)W.nv];
    for (int t = 0; t < HARD_FIRST && W.n_hard > 0 && !hard(&W, r, W.lhs[r]);
         t++)
      r = W.vlist[next(&W) % (unsigned)W.nv];
    double L = W.lhs[r], best_s = -HUGE_VAL;
    int bj = -1, ties = 0;
    for (int k = W.rbeg[r]; k < W.rbeg[r + 1]; k++) {
      int j = W.rcol[k];
      if (!W.flip[j] || W.tabu[j] > step)
        continue;
      double d = (W.x[j] > 0.5 ? -1 : 1) * W.rval[k];
      if ((L < W.lo[r] && d <= 0) || (L > W.up[r] && d >= 0))
        continue;
      double s = score(&W, j);
      if (s > best_s + 1e-12) {
        best_s = s;
        bj = j;
        ties = 1;
      } else if (s > best_s - 1e-12 && next(&W) % (unsigned)++ties == 0) {
        bj = j;
      }
    }
    if (bj < 0) {
      W.w[r] += 1;
      continue;
    }
    if (best_s <= 0) /* a local minimum: the row weighs more */
      W.w[r] += 1;
    binobj += cost[bj] * (W.x[bj] > 0.5 ? -1 : 1);
    do_flip(&W, bj);
    W.tabu[bj] = step + 1 + (long)(next(&W) % 3);
    st->flips++;
    if (W.n_hard < st->best_hard)
      st->best_hard = W.n_hard;
    keep_if_better(&W, binobj, &best_obj, best, &have);
  }
  if (have && finish(P, &W, cost, best, out)) {
    double v = cost[0];
    for (int j = 1; j <= n; j++)
      v += cost[j] * out[j];
    if (v < *obj - EPS) {
      memcpy(x, out, ((size_t)n + 1) * sizeof *x);
      *obj = v;
      replaced = true;
    }
  }
out:
  free(best);
  free(out);
  walk_free(&W);
  st->steps = step;
  st->seconds = cp_now() - t0;
  return replaced;
}
