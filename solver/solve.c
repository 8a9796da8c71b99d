/* solve.c — GLPK MIP runs with hooks and honest status (see solve.h). */
#include "solve.h"

#include "walk.h"

#include <limits.h>
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double cp_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Work clock rates (solve.h), fitted on 2,027 simplex calls and 42 walks
 * of the demo, S, M90 and demo_plus30 weeks (--jobs 1, idle machine):
 * 4.24 ns per iteration and nonzero, 47.4 ns per step and nonzero of the
 * mean column; about a tenth more here, as two weeks at once run a little
 * slower than one, so that the work clock runs ahead of the wall clock
 * rather than behind it.  Counted in whole nanoseconds: the same sums on
 * every run. */
#define ITER_NS_PER_NZ 4.7
#define STEP_NS_PER_NZ 52.0
/* Builds slow by design count the walk's steps (our code) as slower:
 * `make check`'s sanitizer build passes 3 (its steps measured 2.7x
 * slower), so its budgets last about as long on the wall clock as the
 * release build's and the wall clock's end does not cut them.  GLPK's
 * simplex is the system library there too: its rate stays. */
#ifndef CP_WORK_SCALE
#define CP_WORK_SCALE 1
#endif
static long long work_ns;
static volatile long long *work_slot; /* shared with the parent, or NULL */
static long long work_base;           /* work_ns when shared from */
static double wall_end = HUGE_VAL;

double cp_clock(void)
{
  return 1e-9 * (double)work_ns;
}

static void show(long long ns)
{
  if (work_slot)
    *work_slot = ns - work_base;
}

static void work_add(long long ns)
{
  work_ns += ns;
  show(work_ns);
}

void cp_clock_show(double extra)
{
  show(work_ns + (long long)(extra * 1e9));
}

void cp_clock_share(volatile long long *slot)
{
  work_slot = slot;
  work_base = work_ns;
  show(work_ns);
}

double cp_set_wall_end(double t)
{
  double was = wall_end;
  wall_end = t;
  return was;
}

double cp_wall_end(void)
{
  return wall_end;
}

/* Nanoseconds of work a simplex iteration on P counts. */
static long long iter_ns(glp_prob *P)
{
  long long ns = (long long)(ITER_NS_PER_NZ * glp_get_num_nz(P));
  return ns > 0 ? ns : 1;
}

/* Nanoseconds of work a step of the walk on P counts. */
static long long step_ns(glp_prob *P)
{
  int n = glp_get_num_cols(P);
  long long ns =
      (long long)(CP_WORK_SCALE * STEP_NS_PER_NZ * glp_get_num_nz(P) /
                  (n > 0 ? n : 1));
  return ns > 0 ? ns : 1;
}

double cp_step_seconds(glp_prob *P)
{
  return 1e-9 * (double)step_ns(P);
}

/* Units of `per` ns each the work clock has left before deadline (one
 * more, so that they reach it), 0 past it. */
static long long units_left(double deadline, long long per)
{
  double left = deadline - cp_clock();
  return left > 0 ? (long long)(left * 1e9 / (double)per) + 1 : 0;
}

static volatile sig_atomic_t interrupted;
/* set while a sliced simplex runs (simplex_until), which is always inside
 * a GUARDED section: see term_hook */
static volatile sig_atomic_t abort_armed;

void cp_interrupt(void)
{
  interrupted = 1;
}

bool cp_interrupted(void)
{
  return interrupted != 0;
}

/* A budget of simplex iterations on work_P (0: none), besides the clock:
 * a search bounded by it ends at the same point however loaded the
 * machine is (the quality dive below). */
static glp_prob *work_P;
static int work_end;

static bool out_of_work(void)
{
  return work_end > 0 && glp_get_it_cnt(work_P) >= work_end;
}

/* Past the deadline (work clock) or the work budget, past the wall
 * clock's end, or asked to stop. */
static bool must_stop(double deadline)
{
  return interrupted || cp_clock() >= deadline || out_of_work() ||
         cp_now() >= wall_end;
}

/* glp_simplex in slices of SLICE_ITERATIONS simplex iterations (about a
 * second on the largest M week here, under load), so that an interrupt is
 * seen between two slices: a simplex stopped by its iteration limit keeps its basis, and
 * the next call goes on from there.  Slices count iterations, not seconds,
 * so the pivots -- and with them the optimal vertex the dive follows --
 * are the same on every run, however loaded the machine (a slice by time
 * made the demo's week depend on the load).  Smaller slices cut the root
 * LP of the S week and led its dive astray (1,000 and 4,000 iterations:
 * no full week in 60 s; 6,000 and 10,000: 2.2 s).  The deadline itself is
 * GLPK's time limit.  Returns glp_simplex's code (GLP_ETMLIM when the
 * deadline or an interrupt came first). */
#define SLICE_ITERATIONS 6000
/* The simplex running now, its iteration count when it started and the
 * work an iteration counts: the term hook reads the iteration count off
 * GLPK's progress line and shows the clock to the parent. */
static glp_prob *run_P;
static int run_it0;
static long long run_ns;

static int simplex_until(glp_prob *P, glp_smcp *sm, double deadline)
{
  long long per = iter_ns(P);
  for (;;) {
    double wall = wall_end - cp_now();
    long long by_clock = units_left(deadline, per);
    long long room = P == work_P && work_end > 0
                         ? work_end - glp_get_it_cnt(P)
                         : SLICE_ITERATIONS;
    if (room > by_clock)
      room = by_clock;
    if (interrupted || wall <= 0 || room <= 0)
      return GLP_ETMLIM;
    sm->tm_lim = wall > 2e6 ? 2000000000 : (int)(wall * 1000) + 1;
    sm->it_lim = room < SLICE_ITERATIONS ? (int)room : SLICE_ITERATIONS;
    /* progress output every 200 iterations: the term hook's chance to
     * see an interrupt (the output itself is swallowed) */
    sm->msg_lev = GLP_MSG_ON;
    sm->out_frq = 200;
    sm->out_dly = 0;
    run_P = P;
    run_it0 = glp_get_it_cnt(P);
    run_ns = per;
    abort_armed = 1;
    int ret = glp_simplex(P, sm);
    abort_armed = 0;
    run_P = NULL;
    work_add((long long)(glp_get_it_cnt(P) - run_it0) * per);
    if (ret != GLP_EITLIM)
      return ret;
  }
}

void cp_mip_opts_init(cp_mip_opts *o)
{
  memset(o, 0, sizeof *o); /* no order, no groups, no polish, no keep */
  o->time_limit = 60;
  o->mip_gap = 0.005;
  o->stop_below = -HUGE_VAL;
  o->stop_after = HUGE_VAL;
  o->lns_step = 1;
  o->lp_short_above = HUGE_VAL;
}

static jmp_buf *error_jump;

/* GLPK's terminal output is not ours to print: swallow it.  It is also
 * GLPK's only call back into us during a simplex (every 200 iterations,
 * see simplex_until): after an interrupt, leave the simplex the way an
 * internal error does (longjmp to the guard, which frees GLPK's whole
 * environment); the week being searched is lost, those found are kept. */
static int term_hook(void *info, const char *s)
{
  (void)info;
  if (run_P && work_slot && s) {
    /* "*  1200: obj = ...": the iteration count so far */
    while (*s == ' ' || *s == '*')
      s++;
    char *end;
    long it = strtol(s, &end, 10);
    if (end != s && *end == ':' && it >= run_it0)
      show(work_ns + (long long)(it - run_it0) * run_ns);
  }
  if (interrupted && abort_armed && error_jump) {
    abort_armed = 0;
    longjmp(*error_jump, 1);
  }
  return 1;
}

static void error_hook(void *info)
{
  (void)info;
  if (error_jump)
    longjmp(*error_jump, 1);
}

typedef struct cb_info {
  const cp_mip_opts *o;
  double bound, t0;
  bool has_bound;
  const double *warm; /* dive solution to hand over once, or NULL */
  double deadline;    /* GLPK's tm_lim is checked only between nodes */
  int it;             /* P's iteration count at the last callback */
  long long per;      /* work an iteration counts, ns */
} cb_info;

static void callback(glp_tree *T, void *data)
{
  cb_info *ci = data;
  int it = glp_get_it_cnt(glp_ios_get_prob(T));
  work_add((long long)(it - ci->it) * ci->per);
  ci->it = it;
  if (must_stop(ci->deadline)) {
    glp_ios_terminate(T); /* honour the time limit at every callback */
    return;
  }
  if (glp_ios_reason(T) == GLP_IHEUR && ci->warm) {
    glp_ios_heur_sol(T, ci->warm);
    ci->warm = NULL;
    return;
  }
  int best = glp_ios_best_node(T);
  if (best) {
    ci->bound = glp_ios_node_bound(T, best);
    ci->has_bound = true;
  }
  if (glp_ios_reason(T) != GLP_IBINGO && glp_ios_reason(T) != GLP_ISELECT)
    return;
  glp_prob *P = glp_ios_get_prob(T);
  if (glp_mip_status(P) != GLP_FEAS && glp_mip_status(P) != GLP_OPT)
    return;
  double obj = glp_mip_obj_val(P);
  if (obj > ci->o->stop_below)
    return;
  if (cp_clock() - ci->t0 >= ci->o->stop_after) {
    glp_ios_terminate(T);
    return;
  }
  if (ci->has_bound) {
    double gap = fabs(obj - ci->bound);
    if (gap <= ci->o->stop_abs || gap / (fabs(obj) + 1e-9) <= ci->o->stop_gap)
      glp_ios_terminate(T);
  }
}

void cp_mip_result_fini(cp_mip_result *r)
{
  free(r->x);
  r->x = NULL;
}

static bool is_binary(glp_prob *P, int j)
{
  return glp_get_col_kind(P, j) != GLP_CV;
}

/* One decision of the dive: the columns fixed from fixed[start] on, made
 * for column best; the branch tried now: 0 = the round's batch (columns
 * at >= 0.95) with best at 1, 1 = best alone at 1, 2 = best at 0. */
typedef struct dnode {
  int start, best, branch;
  bool batch; /* the round fixed more than best */
} dnode;

/* Backtracks a dive may make before it gives up keeping under keep. */
#define DIVE_BACKTRACKS 400

/* Column bounds saved by a search that fixes columns and must leave the
 * problem as it found it (the dive, the neighbourhood search). */
typedef struct bounds {
  int *type;
  double *lb, *ub;
} bounds;

static void bounds_free(bounds *b)
{
  free(b->type);
  free(b->lb);
  free(b->ub);
}

/* Saves every column's bounds; false on no memory (nothing kept). */
static bool bounds_save(glp_prob *P, bounds *b)
{
  int n = glp_get_num_cols(P);
  b->type = malloc(((size_t)n + 1) * sizeof *b->type);
  b->lb = malloc(((size_t)n + 1) * sizeof *b->lb);
  b->ub = malloc(((size_t)n + 1) * sizeof *b->ub);
  if (!b->type || !b->lb || !b->ub) {
    bounds_free(b);
    return false;
  }
  for (int j = 1; j <= n; j++) {
    b->type[j] = glp_get_col_type(P, j);
    b->lb[j] = glp_get_col_lb(P, j);
    b->ub[j] = glp_get_col_ub(P, j);
  }
  return true;
}

static void bounds_restore(glp_prob *P, const bounds *b, int j)
{
  glp_set_col_bnds(P, j, b->type[j], b->lb[j], b->ub[j]);
}

/* Solves the LP after a bound change; true when it stays under limit. */
static bool dive_lp(glp_prob *P, glp_smcp *sm, double deadline, double limit)
{
  return !simplex_until(P, sm, deadline) && glp_get_status(P) == GLP_OPT &&
         glp_get_obj_val(P) <= limit + 1e-6;
}

/* LP-guided dive: solve the LP, fix to 1 every binary at >= 0.95 and the
 * largest fractional one, re-solve (dual simplex from the last basis),
 * until every binary is integral.  It is a depth-first search: a decision
 * whose LP turns infeasible, or whose objective rises above `keep` (e.g. a
 * session would go missing), is retried with the chosen column alone at 1,
 * then at 0; when all three fail the search backs up to the decision
 * before.  Past max_backtracks (or when even the root has no way under
 * keep) the dive gives up keep and finishes freely.  Free (and not
 * strict), a slot decision (prio > 0) none of whose branches fits drops
 * the sessions fixed on its day (group[j], e.g. the cycle day; NULL = no
 * drops) instead of backing up.  Returns true with
 * x[1..n] and *obj set when an integral point is found.  Restores every
 * bound it changed. */
static bool dive(glp_prob *P, double deadline, double keep, bool strict,
                 const int *prio, const int *group, int max_backtracks,
                 double *x, double *obj, double *lp_bound, bool *last_resort)
{
  int n = glp_get_num_cols(P);
  bounds saved = {0};
  int *fixed = malloc(((size_t)n + 1) * sizeof *fixed);
  dnode *stack = malloc(((size_t)n + 1) * sizeof *stack);
  bool found = false, have_saved = false;
  double limit = HUGE_VAL;
  int n_fixed = 0, depth = 0, backtracks = 0, drops = 0, rounds[4] = {0};
  if (!fixed || !stack || !(have_saved = bounds_save(P, &saved)))
    goto out;
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.presolve = GLP_OFF; /* keep the basis for warm re-solves */
  /* the root from scratch with the primal simplex: on the M weeks the
   * dual one took 1.5-6x as long (T_SLP2: 29,543 iterations, 8.9 s,
   * against 7,415 and 1.45 s); the re-solves after bound changes are dual
   * (bound changes keep dual feasibility) */
  sm.meth = GLP_PRIMAL;
  double t_root = cp_now();
  int it0 = glp_get_it_cnt(P);
  bool root = dive_lp(P, &sm, deadline, HUGE_VAL);
  t_root = cp_now() - t_root;
  int it_root = glp_get_it_cnt(P) - it0;
  sm.meth = GLP_DUALP;
  if (!root)
    goto restore;
  *lp_bound = glp_get_obj_val(P);
  /* a root LP already above keep cannot be kept under it: dive freely */
  limit = *lp_bound <= keep ? keep : HUGE_VAL;
  if (strict && limit == HUGE_VAL)
    goto restore; /* strict: under keep or nothing */
  /* half the time spent under keep with no integral point: finish freely
   * from the decisions standing (a week that misses some minutes tells
   * the district where to re-pattern; no week at all tells it nothing) */
  double t_start = cp_clock(), soft = t_start + 0.5 * (deadline - t_start);
  /* last resort: a free dive that has no integral point at 80 % of its
   * time fixes every session where the LP has it (those it holds
   * fractionally go missing) and rounds only the slots around them: a
   * week that misses minutes beats no week, which counts the whole
   * caseload missing */
  double last = t_start + 0.8 * (deadline - t_start);
  bool dropped = false;
  while (!must_stop(deadline)) {
    if (limit != HUGE_VAL && cp_clock() > soft && !strict) {
      limit = HUGE_VAL;
      backtracks = 0;
      if (!dive_lp(P, &sm, deadline, limit))
        break;
    }
    if (limit == HUGE_VAL && !strict && !dropped && prio &&
        cp_clock() > last) {
      dropped = true;
      int before = n_fixed;
      for (int j = 1; j <= n; j++) {
        if (!is_binary(P, j) || glp_get_col_type(P, j) == GLP_FX ||
            prio[j] > 0)
          continue;
        /* every session decided now: those at 1 stay, the rest go (left
         * free, the re-solve would spread them fractionally again) */
        double v = glp_get_col_prim(P, j) > 1 - 1e-6 ? 1 : 0;
        glp_set_col_bnds(P, j, GLP_FX, v, v);
        fixed[n_fixed++] = j;
      }
      if (n_fixed > before) {
        dnode *nd = &stack[depth++];
        nd->start = before;
        nd->best = fixed[before];
        nd->branch = 2; /* no other branch: this is the last resort */
        nd->batch = true;
        if (!dive_lp(P, &sm, deadline, limit))
          break;
      }
    }
    int best = 0, level = 1 << 30;
    double best_v = -1;
    bool integral = true;
    /* the most certain fractional column of the first priority level that
     * still has one: sessions are decided before the slots around them */
    for (int j = 1; j <= n; j++) {
      if (!is_binary(P, j) || glp_get_col_type(P, j) == GLP_FX)
        continue;
      double v = glp_get_col_prim(P, j);
      if (v > 1e-6 && v < 1 - 1e-6) {
        integral = false;
        int pj = prio ? prio[j] : 0;
        if (pj < level || (pj == level && v > best_v)) {
          level = pj;
          best_v = v;
          best = j;
        }
      }
    }
    if (integral) {
      if (last_resort)
        *last_resort = dropped;
      for (int j = 1; j <= n; j++) {
        double v = glp_get_col_prim(P, j);
        x[j] = is_binary(P, j) ? (v > 0.5 ? 1 : 0) : v;
      }
      *obj = glp_get_obj_val(P);
      found = true;
      break;
    }
    if (level >= 0 && level < 4)
      rounds[level]++;
    dnode *nd = &stack[depth++];
    nd->start = n_fixed;
    nd->best = best;
    nd->branch = 0;
    /* sessions the LP is sure of (>= 0.8) go in together with the chosen
     * one; the slots around them (lunch, drives, duties, paperwork) in
     * larger batches: a slot row holds at most one column above 0.5.
     * Measured on the S bench week: 0.95 took 95 session rounds and 56
     * backtracks (9 s), 0.8 takes 33 rounds and 3 backtracks (2.5 s). */
    double batch_at = level <= 0 ? 0.8 : 0.5;
    for (int j = 1; j <= n; j++) {
      if (!is_binary(P, j) || glp_get_col_type(P, j) == GLP_FX ||
          (prio && prio[j] != level) || j == best)
        continue;
      double v = glp_get_col_prim(P, j);
      if (v >= batch_at && v < 1 - 1e-6) {
        glp_set_col_bnds(P, j, GLP_FX, 1, 1);
        fixed[n_fixed++] = j;
      }
    }
    nd->batch = n_fixed > nd->start;
    glp_set_col_bnds(P, best, GLP_FX, 1, 1);
    fixed[n_fixed++] = best;
    if (dive_lp(P, &sm, deadline, limit))
      continue;
    /* back up: the next branch of the deepest decision that has one */
    bool ok = false;
    while (!ok && depth > 0 && !must_stop(deadline)) {
      nd = &stack[depth - 1];
      while (n_fixed > nd->start) {
        bounds_restore(P, &saved, fixed[--n_fixed]);
      }
      if (++nd->branch == 1 && !nd->batch)
        nd->branch = 2; /* best alone is what branch 0 tried */
      if (nd->branch > 2 && limit == HUGE_VAL && !strict && prio && group &&
          prio[nd->best] > 0) {
        /* free, and no way to place a slot of this day (lunch, a drive,
         * paperwork) around the sessions fixed on it: drop those sessions,
         * the last fixed first, until the day has room again.  Backing up
         * instead walks the day's lunch starts one by one under the same
         * sessions (M at target 0.75: 158 backtracks in 13 s, and the week
         * came out empty) */
        int dd = group[nd->best];
        depth--;
        for (int k = nd->start - 1; k >= 0 && !ok && !must_stop(deadline);
             k--) {
          int j = fixed[k];
          if (prio[j] > 0 || group[j] != dd ||
              glp_get_col_lb(P, j) < 0.5)
            continue;
          glp_set_col_bnds(P, j, GLP_FX, 0, 0);
          drops++;
          ok = dive_lp(P, &sm, deadline, limit);
        }
        if (ok)
          break;
        continue;
      }
      if (nd->branch > 2 || backtracks >= max_backtracks) {
        depth--; /* every branch failed: the decision before is wrong */
        if (backtracks >= max_backtracks)
          break;
        continue;
      }
      backtracks++;
      double v = nd->branch == 1 ? 1 : 0;
      glp_set_col_bnds(P, nd->best, GLP_FX, v, v);
      fixed[n_fixed++] = nd->best;
      ok = dive_lp(P, &sm, deadline, limit);
    }
    if (ok)
      continue;
    if (limit == HUGE_VAL || must_stop(deadline) || strict)
      break; /* infeasible even without keep, or out of time */
    /* out of backtracks: the decisions still standing were each solved
     * under keep; finish from them without it, with a fresh budget */
    limit = HUGE_VAL;
    backtracks = 0;
    if (!dive_lp(P, &sm, deadline, limit))
      break;
  }
  if (getenv("CASEPLAN_DEBUG"))
    fprintf(stderr, "[debug]     dive: %s, rounds %d/%d/%d, %d backtracks, "
            "%d sessions dropped for a slot, depth %d, %s%s, root lp %.2fs "
            "%d it, rest %.2fs %d it\n",
            found ? "integral" : "none", rounds[0], rounds[1], rounds[2],
            backtracks, drops, depth,
            limit == HUGE_VAL ? "kept nothing" : "kept under keep",
            dropped ? ", fractional sessions dropped" : "", t_root,
            it_root, cp_clock() - t_start, glp_get_it_cnt(P) - it0 - it_root);
restore:
  for (int j = 1; j <= n; j++)
    bounds_restore(P, &saved, j);
out:
  if (have_saved)
    bounds_free(&saved);
  free(fixed);
  free(stack);
  return found;
}

/* Large-neighbourhood search by groups (e.g. days) on an integral point x
 * of objective *obj: every binary outside one group, then outside two, is
 * fixed at its value in x, and a strict dive (one that stays under keep =
 * *obj - improve, or fails) re-decides the group(s).  A better point
 * replaces x.  Single groups are taken in turn until a whole round of them
 * brings no better point, then pairs the same way; it stops there, at
 * *obj <= goal, or at the deadline.  Single days first: a strict dive
 * re-deciding two of a tight week's five days mostly finds nothing, one
 * day at a time it repacks the day around a missing session (M at 60 s:
 * 550-560 minutes missing against 600-670 with pairs alone; M at target
 * 0.75: 150-240 against 200-255).  Columns of group -1 (e.g. the
 * shortfall) are never fixed.  Returns the number of improvements;
 * improved[0] and [1] (may be NULL) count those of one and of two groups. */
int cp_lns(glp_prob *P, const int *group, const int *prio, double deadline,
           double goal, double improve, double *x, double *obj,
           int improved[2])
{
  int n = glp_get_num_cols(P), ng = 0;
  for (int j = 1; j <= n; j++)
    if (group[j] + 1 > ng)
      ng = group[j] + 1;
  bounds saved = {0};
  double *y = malloc(((size_t)n + 1) * sizeof *y);
  unsigned char *used = calloc((size_t)ng + 1, 1);
  int better = 0, by[2] = {0, 0};
  bool have_saved = false;
  if (!y || !used || !(have_saved = bounds_save(P, &saved)))
    goto out;
  for (int j = 1; j <= n; j++)
    if (group[j] >= 0)
      used[group[j]] = 1;
  int n_used = 0;
  for (int g = 0; g < ng; g++)
    n_used += used[g];
  /* a neighbourhood must leave a group fixed (a one-day week has none) */
  bool pairs = false;
  int since = 0, round = n_used, a = -1, b = -1;
  while (n_used >= 2 && *obj > goal && !must_stop(deadline)) {
    if (since >= round) {
      if (pairs)
        break; /* a whole round of pairs brought nothing */
      pairs = true;
      since = 0;
      round = n_used * (n_used - 1) / 2;
      a = 0;
      b = 0;
    }
    if (!pairs) {
      do
        a = (a + 1) % ng;
      while (!used[a]);
      b = a;
    } else {
      /* the next pair of groups that have columns */
      do {
        if (++b >= ng) {
          a = (a + 1) % ng;
          b = a + 1;
        }
      } while (b >= ng || !used[a] || !used[b]);
    }
    since++;
    for (int j = 1; j <= n; j++)
      if (group[j] >= 0 && group[j] != a && group[j] != b &&
          saved.type[j] != GLP_FX && is_binary(P, j))
        glp_set_col_bnds(P, j, GLP_FX, x[j], x[j]);
    double o2, bound, left = deadline - cp_clock();
    /* each gets a quarter of what is left (at least half a second) */
    double until = cp_clock() + (left / 4 > 0.5 ? left / 4 : 0.5);
    bool found = dive(P, until < deadline ? until : deadline, *obj - improve,
                      true, prio, group, DIVE_BACKTRACKS / 20, y, &o2, &bound,
                      NULL);
    for (int j = 1; j <= n; j++)
      if (group[j] >= 0 && group[j] != a && group[j] != b)
        bounds_restore(P, &saved, j);
    if (found && o2 < *obj - improve * 0.5) {
      memcpy(x, y, ((size_t)n + 1) * sizeof *y);
      *obj = o2;
      better++;
      by[pairs]++;
      since = 0;
    }
  }
  if (getenv("CASEPLAN_DEBUG"))
    fprintf(stderr, "[debug]     lns: %d better (%d by one group, %d by two), "
            "obj %.1f\n", better, by[0], by[1], *obj);
out:
  if (improved) {
    improved[0] = by[0];
    improved[1] = by[1];
  }
  if (have_saved)
    bounds_free(&saved);
  free(y);
  free(used);
  return better;
}

/* Branch-and-bound from an optional start point (warm: x[1..n], taken
 * once through glp_ios_heur_sol, which needs presolve off).  Fills r from
 * GLPK's answer; returns GLPK's glp_intopt code, or -1 for a broken model. */
static int bnb(glp_prob *P, const cp_mip_opts *o, double seconds,
               const double *warm, double lp_bound, cp_mip_result *r)
{
  int n = glp_get_num_cols(P);
  glp_iocp parm;
  glp_init_iocp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  /* feasibility pump: finds first schedules (not needed from a start
   * point, and it has no time limit of its own) */
  parm.fp_heur = warm ? GLP_OFF : GLP_ON;
  parm.ps_heur = GLP_ON;    /* proximity search improves them (root only) */
  parm.ps_tm_lim = (int)(seconds * 1000 * 0.2); /* ... within 20% */
  if (parm.ps_tm_lim > 5000)
    parm.ps_tm_lim = 5000;
  /* all four cut families (SOLVER.md) when searching from scratch; from a
   * start point only the cheap clique cuts: Gomory and MIR rounds at the
   * root run without callbacks and can outlast the time limit */
  parm.gmi_cuts = warm ? GLP_OFF : GLP_ON;
  parm.mir_cuts = warm ? GLP_OFF : GLP_ON;
  parm.cov_cuts = GLP_ON;
  parm.clq_cuts = GLP_ON;   /* slot rows are cliques */
  parm.br_tech = GLP_BR_PCH; /* pseudocost branching */
  parm.mip_gap = o->mip_gap;
  /* GLPK's own limit: the wall clock's end (the work budget is the
   * callback's) */
  double tl = (wall_end - cp_now()) * 1000.0;
  parm.tm_lim = tl > 2e9 ? 2000000000 : tl < 1 ? 1 : (int)tl;
  cb_info ci = {o,     0, cp_clock(), false, warm, cp_clock() + seconds,
                glp_get_it_cnt(P), iter_ns(P)};
  parm.cb_func = callback;
  parm.cb_info = &ci;
  /* intopt without presolve needs an optimal LP basis: solved here in
   * slices (an interrupt is seen), GLPK's presolved root LP would not be */
  parm.presolve = GLP_OFF;
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  if (simplex_until(P, &sm, cp_clock() + seconds / 2) ||
      glp_get_status(P) != GLP_OPT) {
    r->status = CP_MIP_NONE;
    return GLP_ETMLIM;
  }
  ci.it = glp_get_it_cnt(P);
  int ret = glp_intopt(P, &parm);
  work_add((long long)(glp_get_it_cnt(P) - ci.it) * ci.per);
  int ms = glp_mip_status(P);
  r->status = CP_MIP_NONE;
  switch (ret) {
  case 0:
  case GLP_ETMLIM:
  case GLP_ESTOP:
  case GLP_EMIPGAP:
    break;
  case GLP_ENOPFS:
  case GLP_ENODFS:
    r->status = CP_MIP_INFEASIBLE;
    return ret;
  default: /* GLP_EBOUND, GLP_EROOT, GLP_EFAIL: the model is broken */
    return -1;
  }
  switch (ms) {
  case GLP_OPT:
    r->status = ret == 0 || ret == GLP_EMIPGAP ? CP_MIP_OPTIMAL
                                               : CP_MIP_FEASIBLE;
    break;
  case GLP_FEAS:
    r->status = ret == GLP_EMIPGAP ? CP_MIP_OPTIMAL : CP_MIP_FEASIBLE;
    break;
  case GLP_NOFEAS:
    r->status = CP_MIP_INFEASIBLE;
    return ret;
  default:
    return ret;
  }
  r->obj = glp_mip_obj_val(P);
  for (int j = 1; j <= n; j++)
    r->x[j] = glp_mip_col_val(P, j);
  r->bound = ci.has_bound && ret != 0 ? ci.bound : r->obj;
  if (lp_bound > r->bound && lp_bound <= r->obj)
    r->bound = lp_bound;
  if (r->bound > r->obj) /* minimisation: the bound is below */
    r->bound = r->obj;
  r->gap = fabs(r->obj - r->bound) / (fabs(r->obj) + 1e-9);
  return ret;
}

/* Runs fn under the error hook; on a GLPK internal error frees GLPK's
 * environment (P with it) and returns CP_ERR_SOLVER. */
#define GUARDED(pp, cleanup)                                                   \
  jmp_buf jb;                                                                  \
  jmp_buf *prev_jump = error_jump;                                             \
  error_jump = &jb;                                                            \
  if (setjmp(jb)) {                                                            \
    error_jump = prev_jump;                                                    \
    cp_status why = after_glpk_error();                                        \
    *(pp) = NULL;                                                              \
    cleanup;                                                                   \
    return why;                                                                \
  }                                                                            \
  glp_term_hook(term_hook, NULL);                                              \
  glp_error_hook(error_hook, NULL)

static int mem_limit_mb; /* 0 = none */

void cp_solver_memory_limit(int megabytes)
{
  mem_limit_mb = megabytes;
  if (megabytes > 0)
    glp_mem_limit(megabytes);
  glp_term_hook(term_hook, NULL);
  glp_error_hook(error_hook, NULL);
}

/* After a GLPK error: was it the memory limit? */
static bool memory_exhausted(void)
{
  if (mem_limit_mb <= 0)
    return false;
  int count, cpeak;
  size_t total, tpeak;
  glp_mem_usage(&count, &cpeak, &total, &tpeak);
  return tpeak + (1u << 20) >= (size_t)mem_limit_mb << 20;
}

/* Leaves a guarded section (every GUARDED function calls it once). */
#define unguard() (error_jump = prev_jump)

/* After a GLPK internal error (caught by the hook): free GLPK's whole
 * environment, every problem with it, restore the settings that lived in
 * it, and tell why. */
static cp_status after_glpk_error(void)
{
  bool over = memory_exhausted();
  glp_free_env();
  if (mem_limit_mb > 0)
    glp_mem_limit(mem_limit_mb);
  glp_term_hook(term_hook, NULL);
  glp_error_hook(error_hook, NULL);
  return over ? CP_ERR_MEMLIMIT : CP_ERR_SOLVER;
}

cp_status cp_glpk_guard(cp_status (*fn)(void *arg), void *arg)
{
  glp_prob *none = NULL;
  GUARDED(&none, (void)0);
  cp_status st = fn(arg);
  unguard();
  return st;
}

#define DIVE_RESTARTS 3
/* Fewest simplex iterations of the quality dive (the demo's two took 1,157
 * and 1,789 to end by themselves) */
#define QUALITY_MIN_IT 2000
/* Flips of the local search from a week that misses minutes (walk.h):
 * 2-4 million a second on the demo_plus30 and M weeks; the weeks it turned
 * full there took 26,000 to 1.1 million, and the rest stalled long before
 * 10 million. */
#define WALK_FLIPS 1500000L
/* ... in a probe of a pattern (cp_mip_opts.probe), where a short week
 * only means another pattern is tried */
#define PROBE_FLIPS 500000L
/* Rounded LP points the walk starts from before any dive (lp_walk). */
#define LP_WALKS 4
#define RESTART_MIN_SECONDS 6.0

/* Restart k >= 1 sets each session column's (priority 0) cost to its
 * true cost[j] plus 0 to 50 by a fixed hash of (k, column); k = 0 puts
 * the true costs back.  50 is far below a missed minute, so the LP still
 * places every session it can, at another of its equally good vertices. */
static void perturb(glp_prob *P, const int *prio, int k, const double *cost)
{
  int n = glp_get_num_cols(P);
  unsigned h = 2166136261u * (unsigned)k;
  for (int j = 1; j <= n; j++) {
    if (prio[j] != 0 || !is_binary(P, j))
      continue;
    h = (h ^ (unsigned)j) * 16777619u;
    glp_set_obj_coef(P, j,
                     cost[j] + (k ? 50.0 * (double)(h % 1000) / 1000.0 : 0));
  }
}

/* The objective of x[1..n] at the costs cost[0..n] (0 = the constant). */
static double price(const double *cost, const double *x, int n)
{
  double v = cost[0];
  for (int j = 1; j <= n; j++)
    v += cost[j] * x[j];
  return v;
}

/* A week from the dive (or its restarts and searches) is the answer. */
static void take_week(cp_mip_result *r, const double *x, int n, double obj,
                      double bound)
{
  memcpy(r->x, x, ((size_t)n + 1) * sizeof *x);
  r->status = CP_MIP_FEASIBLE;
  r->obj = obj;
  r->bound = bound;
  r->gap = fabs(obj - bound) / (fabs(obj) + 1e-9);
  r->by_dive = true;
}

/* The local search of walk.h from x (a week that misses minutes, or a
 * rounded LP point with *obj HUGE_VAL).  x and *obj are replaced by a
 * better week when it finds one; returns whether it did. */
static bool walk_week(glp_prob *P, const double *cost, double *x, double *obj,
                      long flips, double deadline, unsigned seed)
{
  cp_walk_stats ws;
  double before = *obj;
  /* the steps the deadline leaves on the work clock */
  long long per = step_ns(P);
  long long room = units_left(deadline, per);
  if (room < flips)
    flips = (long)room;
  if (flips <= 0)
    return false;
  bool better = cp_walk(P, cost, x, obj, flips, wall_end, seed, &ws);
  work_add(ws.steps * per);
  if (getenv("CASEPLAN_DEBUG"))
    fprintf(stderr,
            "[debug]     walk: %s, obj %.1f -> %.1f, %ld flips, %d rows "
            "short at start, %.2fs\n",
            better ? "better" : "no better", before, *obj, ws.flips,
            ws.violated0, ws.seconds);
  return better;
}

/* The LP rounded (binary columns at 1 from 0.5 up, continuous ones at 0),
 * then the walk from there; then again from other optimal vertices, the
 * session columns' costs nudged as for the dive's restarts (perturb),
 * until a full week (objective <= stop_below), LP_WALKS points or the
 * deadline.  x and *obj: the best week found (*obj HUGE_VAL when none);
 * *bound: the root LP's objective.  The true costs are back on return. */
static bool lp_walk(glp_prob *P, const cp_mip_opts *o, const double *cost,
                    double *x, double *y, double *obj, double *bound,
                    double deadline)
{
  int n = glp_get_num_cols(P);
  bool got = false;
  *obj = HUGE_VAL;
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.presolve = GLP_OFF;
  sm.meth = GLP_PRIMAL; /* from scratch, and after cost changes the basis
                         * stays primal feasible */
  for (int k = 0; k < (o->probe ? 1 : LP_WALKS) && !cp_interrupted(); k++) {
    if (k > 0)
      perturb(P, o->prio, k, cost);
    double t1 = cp_now();
    int it0 = glp_get_it_cnt(P);
    if (simplex_until(P, &sm, deadline) || glp_get_status(P) != GLP_OPT)
      break;
    if (k == 0)
      *bound = glp_get_obj_val(P);
    for (int j = 1; j <= n; j++)
      y[j] = glp_get_col_kind(P, j) == GLP_CV
                 ? 0
                 : glp_get_col_prim(P, j) >= 0.5 ? 1 : 0;
    if (getenv("CASEPLAN_DEBUG"))
      fprintf(stderr, "[debug]     lp %d: %.2fs %d it, rounded\n", k,
              cp_now() - t1, glp_get_it_cnt(P) - it0);
    double v = HUGE_VAL;
    if (walk_week(P, cost, y, &v, o->probe ? PROBE_FLIPS : WALK_FLIPS,
                  deadline, (unsigned)k + 1) &&
        v < *obj) {
      memcpy(x, y, ((size_t)n + 1) * sizeof *x);
      *obj = v;
      got = true;
    }
    if (*obj <= o->stop_below)
      break;
  }
  perturb(P, o->prio, 0, cost);
  return got;
}

cp_status cp_mip_solve(glp_prob **pp, const cp_mip_opts *o, cp_mip_result *r)
{
  glp_prob *P = *pp;
  memset(r, 0, sizeof *r);
  int n = glp_get_num_cols(P);
  r->x = calloc((size_t)n + 1, sizeof *r->x);
  /* the best week so far, a restart's week, the true costs, and a rounded
   * LP point */
  double *work = malloc(4 * ((size_t)n + 1) * sizeof *work);
  if (!r->x || !work) {
    free(work);
    return CP_ERR_NOMEM;
  }
  double *warm = work, *again = work + n + 1, *cost = work + 2 * (n + 1);
  double *spare = work + 3 * (n + 1);
  glp_term_hook(term_hook, NULL);
  /* t0 on the work clock, every budget below from it; the wall clock
   * guards three times the limit (and the caller's end), so a week on a
   * loaded machine ends where it would on an idle one */
  double t0 = cp_clock(), w0 = cp_now();
  double guard_was = wall_end;
  if (w0 + 3 * o->time_limit + 1 < wall_end)
    wall_end = w0 + 3 * o->time_limit + 1;
  /* Ctrl-C in the middle of a simplex leaves it by longjmp (term_hook),
   * GLPK's environment and P with it gone.  Once a week is in `warm`,
   * that week is the answer: the restarts, the day-by-day search and the
   * polish only ever replace it by a whole better one.  (GUARDED, with
   * that one exception.) */
  volatile bool found_week = false;
  volatile double bound_seen = 0;
  jmp_buf jb;
  jmp_buf *prev_jump = error_jump;
  error_jump = &jb;
  if (setjmp(jb)) {
    error_jump = prev_jump;
    work_end = 0; /* the quality dive's budget, P gone */
    work_P = NULL;
    cp_status why = after_glpk_error();
    *pp = NULL;
    if (why == CP_ERR_SOLVER && interrupted && found_week) {
      double obj = price(cost, warm, n);
      take_week(r, warm, n, obj, bound_seen < obj ? bound_seen : obj);
      why = CP_OK;
    }
    free(work);
    r->seconds = cp_now() - w0;
    wall_end = guard_was;
    return why;
  }
  glp_term_hook(term_hook, NULL);
  glp_error_hook(error_hook, NULL);
  cp_status st = CP_OK;
  for (int j = 0; j <= n; j++) /* before any restart nudges them */
    cost[j] = glp_get_obj_coef(P, j);

  /* 0. the root LP alone, when a week that misses too much there is to
   * be stopped before any dive (the dive goes on from its optimal basis) */
  if (o->lp_short_above < HUGE_VAL) {
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_OFF;
    sm.meth = GLP_PRIMAL; /* as the dive's root */
    if (!simplex_until(P, &sm, t0 + o->time_limit) &&
        glp_get_status(P) == GLP_OPT &&
        glp_get_obj_val(P) > o->lp_short_above) {
      for (int j = 1; j <= n; j++)
        r->x[j] = glp_get_col_prim(P, j);
      r->status = CP_MIP_NONE;
      r->bound = glp_get_obj_val(P);
      r->lp_short = true;
      goto finish;
    }
  }
  /* 1. the root LP rounded and the walk from it (lp_walk): measured on
   * 14 short weeks of demo_plus30 and M, it ended as good as the dive
   * followed by the walk on every one (full on the same 4), in the time of
   * the root LP and 0.02-0.2 s of walking where it found a full week,
   * against 2-8 s for a dive.  Only where it finds no week at all does the
   * dive run. */
  double dive_obj = 0, lp_bound = -HUGE_VAL;
  bool have_warm = false, walked = false;
  if (o->prio && o->keep_dive) {
    walked = have_warm = lp_walk(P, o, cost, warm, spare, &dive_obj,
                                 &lp_bound, t0 + 0.95 * o->time_limit);
  }
  /* a probe: a short week (or none) is the answer */
  if (o->probe && o->prio && o->keep_dive &&
      (!walked || dive_obj > o->stop_below)) {
    if (walked)
      take_week(r, warm, n, dive_obj, lp_bound);
    else
      r->status = CP_MIP_NONE;
    goto finish;
  }
  /* 2. dive */
  if (!walked)
    have_warm = dive(P, t0 + (o->keep_dive ? 0.9 : 0.5) * o->time_limit,
                     o->stop_below, false, o->prio, o->group,
                     DIVE_BACKTRACKS, warm, &dive_obj, &lp_bound,
                     &r->last_resort);
  found_week = have_warm;
  bound_seen = lp_bound > 0 ? lp_bound : 0; /* every cost is >= 0 */
  /* a full week from the walk far from the LP bound (the walk looks at
   * rows, not costs: the demo's T_OT1 week cost 31 from it, 8 from the
   * dive): a dive that stays under its cost, for 1.5 times the simplex
   * iterations the week took so far (at least QUALITY_MIN_IT; the clock
   * only as a guard, half the limit; twice made S 2.2 -> 3.0 s for the
   * same week).  Twice the time so far (at least
   * 0.5 s) made the demo's week depend on the machine's load: under
   * AddressSanitizer with three runs on two cores, --jobs 1 and 2 gave
   * 193-195 rows, 3 runs of 3, the build before this one the same.  Half
   * the limit took demo_plus30 from 12 s to 38 s, its weeks costing 61 ->
   * 38, 32 -> 32 and 20 -> 13: a district waits for its slowest week. */
  if (walked && dive_obj <= o->stop_below && !cp_interrupted() &&
      dive_obj - lp_bound > o->stop_abs &&
      (dive_obj - lp_bound) / (fabs(dive_obj) + 1e-9) > o->stop_gap) {
    double o2 = 0, b2;
    int it0 = glp_get_it_cnt(P);
    work_P = P;
    work_end = it0 + (3 * it0 / 2 > QUALITY_MIN_IT ? 3 * it0 / 2
                                                   : QUALITY_MIN_IT);
    bool got = dive(P, t0 + 0.5 * o->time_limit, dive_obj - 1, true, o->prio,
                    o->group, DIVE_BACKTRACKS, again, &o2, &b2, NULL);
    work_end = 0;
    work_P = NULL;
    if (got && (o2 = price(cost, again, n)) < dive_obj) {
      memcpy(warm, again, ((size_t)n + 1) * sizeof *again);
      dive_obj = o2;
    }
  }
  /* a dive that misses minutes, with time for more dives: dive again from
   * other LP vertices (session columns' costs nudged by a fixed hash, far
   * below a missed minute) and keep the best week.  A dive's outcome swings
   * widely with its path (S seed 6: 50 to 160 minutes missing from the
   * same pattern); S seed 6 got a full week in 4 of 7 runs with restarts,
   * 0 of 3 without.  Only with 6 s and three quarters of the last dive's
   * time left (a restart gets half of it): on M, whose weeks have 5-18 s
   * each, restarts whatever the time left cut the day-by-day search short
   * (600-610 -> 690-740 minutes missing; 625-670 with this rule). */
  if (!walked && have_warm && dive_obj > o->stop_below && !cp_interrupted())
    walk_week(P, cost, warm, &dive_obj, WALK_FLIPS, t0 + 0.95 * o->time_limit,
              1);
  double t_dive = cp_clock() - t0;
  for (int k = 1; k <= DIVE_RESTARTS && !walked && have_warm && o->prio &&
                  dive_obj > o->stop_below && !cp_interrupted();
       k++) {
    double end = t0 + 0.95 * o->time_limit, now = cp_clock();
    if (end - now < 0.75 * t_dive || end - now < RESTART_MIN_SECONDS)
      break;
    double t1 = now, o2 = 0, b2;
    perturb(P, o->prio, k, cost);
    bool got = dive(P, now + 0.5 * (end - now), o->stop_below, false,
                    o->prio, o->group, DIVE_BACKTRACKS, again, &o2, &b2,
                    NULL);
    perturb(P, o->prio, 0, cost); /* the true costs back */
    t_dive = cp_clock() - t1;
    if (!got)
      continue;
    o2 = price(cost, again, n);
    if (o2 > o->stop_below && !cp_interrupted())
      walk_week(P, cost, again, &o2, WALK_FLIPS, t0 + 0.95 * o->time_limit,
                (unsigned)k + 1);
    if (getenv("CASEPLAN_DEBUG"))
      fprintf(stderr, "[debug]     restart %d: obj %.1f (had %.1f)\n", k, o2,
              dive_obj);
    if (o2 < dive_obj) {
      memcpy(warm, again, ((size_t)n + 1) * sizeof *again);
      dive_obj = o2;
    }
  }
  /* a dive that misses minutes: re-decide its days one, then two, at a time */
  if (have_warm && o->group && dive_obj > o->stop_below && !cp_interrupted())
    cp_lns(P, o->group, o->prio, t0 + 0.95 * o->time_limit, o->stop_below,
           o->lns_step, warm, &dive_obj, NULL);
  /* a full week far from the bound: the same search, briefly, for the
   * soft objective (preferred blocks, same time each week, groups) */
  else if (have_warm && o->group && o->polish > 0 && !cp_interrupted() &&
           dive_obj - lp_bound > o->stop_abs &&
           (dive_obj - lp_bound) / (fabs(dive_obj) + 1e-9) > o->stop_gap) {
    /* at least 0.2 s: a week found in milliseconds gets whole pairs */
    double now = cp_clock(), span = o->polish * (now - t0);
    double until = now + (span > 0.2 ? span : 0.2);
    if (until > t0 + 0.95 * o->time_limit)
      until = t0 + 0.95 * o->time_limit;
    cp_lns(P, o->group, o->prio, until, lp_bound + o->stop_abs, 1, warm,
           &dive_obj, NULL);
  }
  /* An integral dive is kept even when it misses minutes: branch-and-bound
   * from it rarely helps within seconds, and GLPK's root work (without
   * callbacks) can outlast the limit; the district level re-patterns
   * instead.  Only when the dive finds nothing does GLPK search. */
  if (have_warm && (o->keep_dive || cp_interrupted() ||
                    (dive_obj <= o->stop_below &&
                    (dive_obj - lp_bound <= o->stop_abs ||
                     (dive_obj - lp_bound) / (fabs(dive_obj) + 1e-9) <=
                         o->stop_gap)))) {
    take_week(r, warm, n, dive_obj, lp_bound);
  } else {
    if (getenv("CASEPLAN_DEBUG"))
      fprintf(stderr, "[debug]     dive %s in %.2fs (obj %.1f, lp %.1f)\n",
              have_warm ? "integral" : "failed", cp_clock() - t0, dive_obj,
              lp_bound);
    /* 3. branch-and-bound, from the dive's point when there is one */
    double left = o->time_limit - (cp_clock() - t0);
    r->status = CP_MIP_NONE; /* until branch-and-bound says otherwise */
    if (!cp_interrupted() && bnb(P, o, left > 0.1 ? left : 0.1, have_warm ? warm : NULL,
            lp_bound, r) < 0)
      st = CP_ERR_SOLVER;
  }
finish:
  unguard();
  free(work);
  r->seconds = cp_now() - w0;
  wall_end = guard_was;
  return st;
}

int cp_triplet_add(int **ia, int **ja, double **ar, int *nz, int *cap,
                   int row, int col, double v)
{
  if (*nz + 1 >= *cap) {
    if (*cap > INT_MAX / 2)
      return -1;
    int ncap = *cap ? *cap * 2 : 4096;
    int *nia = realloc(*ia, (size_t)ncap * sizeof *nia);
    if (nia)
      *ia = nia;
    int *nja = realloc(*ja, (size_t)ncap * sizeof *nja);
    if (nja)
      *ja = nja;
    double *nar = realloc(*ar, (size_t)ncap * sizeof *nar);
    if (nar)
      *ar = nar;
    if (!nia || !nja || !nar)
      return -1;
    *cap = ncap;
  }
  ++*nz;
  (*ia)[*nz] = row;
  (*ja)[*nz] = col;
  (*ar)[*nz] = v;
  return 0;
}
