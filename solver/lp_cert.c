/* lp_cert.c — Farkas certificates from an LP relaxation with travel.
 *
 * When no arithmetic certificate applies, the relaxation R below is solved
 * as a phase-1 LP (elastic demand, minimise the missing sessions).  A
 * positive optimum proves that R, and so the full problem, has no solution;
 * the row duals pi are the certificate: for every x in the column box,
 * pi'Ax >= pi'b must hold, yet max over the box of pi'Ax < pi'b.
 * Deletion filtering over services shrinks the proof to the few students
 * that cause it.  cp_lp_cert_check rebuilds R for those students and checks
 * the multipliers against its rows.
 *
 * R (all columns continuous in [0,1], data grid, every feasible start):
 *   x[s,t,d,u]  session of service s by therapist t starting at slot u
 *   p[t,k,d,u]  therapist t at school k during slot u
 *   l[t,d,u]    lunch of t starts at u
 *   (R1) sum_{t,d,u} x[s,.] = sessions needed (per week, or per cycle)
 *   (R2) sum_{t,u} x[s,t,d,u] <= 1                      one a day
 *   (R3) sum over the student's sessions covering u <= 1  student slot
 *   (R4) sum_{s at k} w_s x[s,t,d,.] covering u <= p[t,k,d,u]
 *        (w_s = 1, or 1/group cap for students who may be grouped)
 *   (R5) sum_k p[t,k,d,u] + lunch covering u <= 1; sum_u l[t,d,u] = 1
 *   (R6) p[t,k,d,u] + p[t,k',d,u'] <= 1 for k != k', u < u' < u + travel
 *   fixed duties at a school force p = 1; a base school forbids presence
 *   elsewhere before the first drive and after the last one could start.
 * Everything else (documentation, reserve, floating duties) is left out:
 * dropping constraints keeps R a relaxation.
 */
#include "certify.h"

#include "solve.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

enum { X_COL, P_COL, L_COL, S_COL };

typedef struct rcol {
  unsigned char kind;
  int a, t, d, u, len; /* a: service (X) or school (P) */
} rcol;

typedef struct relax {
  const cp_scenario *sc;
  const bool *keep; /* services in R */
  glp_prob *P;
  rcol *cols;
  int n_cols, cap_cols;
  int *ia, *ja;
  double *ar;
  int nz, cap_nz;
  int *demand_row; /* per service: its (R1) row, 0 when none */
  int *sigma;      /* per (R1) row index: the elastic column */
  int n_sigma_rows;
  bool nomem;
} relax;

static int col_add(relax *r, int kind, int a, int t, int d, int u, int len,
                   double lb, double ub, const char *name)
{
  int i = cp_vec_grow((void **)&r->cols, &r->n_cols, &r->cap_cols,
                      sizeof *r->cols);
  if (i < 0) {
    r->nomem = true;
    return 0;
  }
  r->cols[i] = (rcol){(unsigned char)kind, a, t, d, u, len};
  int j = glp_add_cols(r->P, 1);
  glp_set_col_name(r->P, j, name);
  glp_set_col_bnds(r->P, j, lb == ub ? GLP_FX : GLP_DB, lb, ub);
  return j;
}

static void put(relax *r, int row, int col, double v)
{
  if (cp_triplet_add(&r->ia, &r->ja, &r->ar, &r->nz, &r->cap_nz, row,
                     col, v))
    r->nomem = true;
}

static int row_add(relax *r, int type, double lo, double hi, const char *name)
{
  int i = glp_add_rows(r->P, 1);
  glp_set_row_name(r->P, i, name);
  glp_set_row_bnds(r->P, i, type, lo, hi);
  return i;
}

static bool eligible(const cp_scenario *sc, const cp_service *s, int t, int d)
{
  const cp_therapist *th = &sc->therapists.v[t];
  const cp_student *st = &sc->students.v[s->student];
  if (th->discipline != s->discipline || !th->day[d].works || th->hire)
    return false;
  if (!th->may_serve[(size_t)d * (size_t)sc->schools.n + (size_t)st->school])
    return false;
  return st->pinned == CP_NONE ||
         sc->therapists.v[st->pinned].discipline != s->discipline ||
         st->pinned == t;
}

static bool in_spans(const cp_spans *sp, int a, int b)
{
  for (int k = 0; k < sp->n; k++)
    if (a >= sp->v[k].start && b <= sp->v[k].end)
      return true;
  return false;
}

/* Builds R; columns in a fixed order so that a rebuild gives the same rows. */
static cp_status build_relax(relax *r)
{
  const cp_scenario *sc = r->sc;
  int S = sc->set.slot, W = sc->set.rotation_weeks;
  int nt = sc->therapists.n, ns = sc->schools.n;
  char name[128];
  r->P = glp_create_prob();
  glp_set_obj_dir(r->P, GLP_MIN);
  r->demand_row = calloc((size_t)sc->services.n + 1, sizeof *r->demand_row);
  int *pcol = NULL; /* p[t,k,dd,u] column, 0 = none */
  int max_u = 24 * 60 / S;
  int ndd = W * CP_DAYS;
  size_t np = (size_t)nt * (size_t)ns * (size_t)ndd * (size_t)max_u;
  pcol = calloc(np + 1, sizeof *pcol);
  if (!r->demand_row || !pcol) {
    free(pcol);
    return CP_ERR_NOMEM;
  }
#define PIX(t, k, dd, u)                                                       \
  ((((size_t)(t) * (size_t)ns + (size_t)(k)) * (size_t)ndd + (size_t)(dd)) *   \
       (size_t)max_u +                                                         \
   (size_t)(u))
  /* schools each therapist could be at: eligible services, fixed duties */
  unsigned char *at = calloc((size_t)nt * (size_t)ns + 1, 1);
  if (!at) {
    free(pcol);
    return CP_ERR_NOMEM;
  }
  for (int i = 0; i < sc->services.n; i++) {
    if (!r->keep[i])
      continue;
    const cp_service *s = &sc->services.v[i];
    for (int t = 0; t < nt; t++)
      for (int d = 0; d < 5; d++)
        if (eligible(sc, s, t, d))
          at[(size_t)t * (size_t)ns +
             (size_t)sc->students.v[s->student].school] = 1;
  }
  /* x columns */
  for (int i = 0; i < sc->services.n; i++) {
    if (!r->keep[i])
      continue;
    const cp_service *s = &sc->services.v[i];
    const cp_student *st = &sc->students.v[s->student];
    const cp_school *sch = &sc->schools.v[st->school];
    int len = s->session_minutes;
    if (!len)
      continue; /* consults without a length: left out (relaxation) */
    for (int t = 0; t < nt; t++)
      for (int dd = 0; dd < ndd; dd++) {
        int d = dd % 7;
        if (d > 4 || !eligible(sc, s, t, d))
          continue;
        const cp_workday *w = &sc->therapists.v[t].day[d];
        for (int m = w->start; m + len <= w->end; m += S) {
          bool ok = s->mode == CP_DIRECT
                        ? in_spans(&st->avail[d], m, m + len)
                        : m >= sch->start && m + len <= sch->end;
          if (!ok)
            continue;
          snprintf(name, sizeof name, "x(%s,%s,%s,w%d,%s,%d)", st->id,
                   sc->disciplines[s->discipline], sc->therapists.v[t].id,
                   dd / 7 + 1, cp_day_name[d], m);
          col_add(r, X_COL, i, t, dd, (m - w->start) / S, len / S, 0, 1,
                  name);
        }
      }
  }
  /* p and l columns */
  for (int t = 0; t < nt; t++)
    for (int dd = 0; dd < ndd; dd++) {
      int d = dd % 7;
      const cp_workday *w = &sc->therapists.v[t].day[d];
      if (!w->works || sc->therapists.v[t].hire)
        continue;
      int n_u = (w->end - w->start) / S;
      for (int k = 0; k < ns; k++) {
        bool fixed_here = false;
        for (int i = 0; i < sc->duties.n; i++)
          if (cp_duty_applies(sc, &sc->duties.v[i], t, d) &&
              sc->duties.v[i].school == k)
            fixed_here = true;
        if (!at[(size_t)t * (size_t)ns + (size_t)k] && !fixed_here)
          continue;
        int lead = 0, tail = 0;
        if (w->base != CP_NONE && w->base != k) {
          lead = (cp_travel(sc, w->base, k) + S - 1) / S;
          tail = (cp_travel(sc, k, w->base) + S - 1) / S;
        }
        for (int u = lead; u < n_u - tail && u < max_u; u++) {
          int m = w->start + u * S;
          double lb = 0;
          for (int i = 0; i < sc->duties.n; i++) {
            const cp_duty *du = &sc->duties.v[i];
            if (du->school == k && cp_duty_applies(sc, du, t, d) &&
                m >= du->start && m < du->end)
              lb = 1;
          }
          snprintf(name, sizeof name, "p(%s,%s,w%d,%s,%d)",
                   sc->therapists.v[t].id, sc->schools.v[k].id, dd / 7 + 1,
                   cp_day_name[d], m);
          pcol[PIX(t, k, dd, u)] = col_add(r, P_COL, k, t, dd, u, 1, lb, 1,
                                           name);
        }
      }
      if (w->lunch_minutes > 0) {
        int lo = w->lunch_earliest > w->start ? w->lunch_earliest : w->start;
        int hi = w->lunch_latest < w->end ? w->lunch_latest : w->end;
        for (int m = lo; m + w->lunch_minutes <= hi; m += S) {
          snprintf(name, sizeof name, "l(%s,w%d,%s,%d)",
                   sc->therapists.v[t].id, dd / 7 + 1, cp_day_name[d], m);
          col_add(r, L_COL, 0, t, dd, (m - w->start) / S,
                  w->lunch_minutes / S, 0, 1, name);
        }
      }
    }
  int n_struct = r->n_cols;
  /* x columns by (student, day) and by (therapist, day), for rows below */
  size_t nsd = (size_t)sc->students.n * (size_t)ndd,
         ntd = (size_t)nt * (size_t)ndd;
  cp_spans *by_sd = calloc(nsd + 1, sizeof *by_sd); /* v[k].start = col */
  cp_spans *by_td = calloc(ntd + 1, sizeof *by_td);
  if (!by_sd || !by_td) {
    free(by_sd);
    free(by_td);
    free(pcol);
    free(at);
    return CP_ERR_NOMEM;
  }
  for (int j = 0; j < n_struct; j++) {
    const rcol *c = &r->cols[j];
    if (c->kind != X_COL)
      continue;
    int stu = sc->services.v[c->a].student;
    if (cp_spans_add(&by_sd[(size_t)stu * (size_t)ndd + (size_t)c->d], j, j) ||
        cp_spans_add(&by_td[(size_t)c->t * (size_t)ndd + (size_t)c->d], j, j))
      r->nomem = true;
  }
  /* (R1) demand with an elastic column each */
  for (int i = 0; i < sc->services.n; i++) {
    if (!r->keep[i] || !sc->services.v[i].session_minutes)
      continue;
    const cp_service *s = &sc->services.v[i];
    int periods = s->per == CP_PER_WEEK ? W : 1;
    for (int p = 0; p < periods; p++) {
      int need = s->per == CP_PER_WEEK ? s->weekly : s->sessions;
      snprintf(name, sizeof name, "demand(%s,%s,%s,p%d)",
               sc->students.v[s->student].id, sc->disciplines[s->discipline],
               s->mode == CP_DIRECT ? "direct" : "consult", p + 1);
      int row = row_add(r, GLP_FX, need, need, name);
      if (p == 0)
        r->demand_row[i] = row;
      for (int j = 0; j < n_struct; j++)
        if (r->cols[j].kind == X_COL && r->cols[j].a == i &&
            (periods == 1 || r->cols[j].d / 7 == p))
          put(r, row, j + 1, 1);
      snprintf(name, sizeof name, "missing(%s,%s,p%d)",
               sc->students.v[s->student].id, sc->disciplines[s->discipline],
               p + 1);
      int sj = col_add(r, S_COL, i, 0, 0, 0, 0, 0, need, name);
      glp_set_obj_coef(r->P, sj, 1);
      put(r, row, sj, 1);
    }
  }
  /* (R2) one a day */
  for (int i = 0; i < sc->services.n; i++)
    for (int dd = 0; dd < ndd && r->keep[i]; dd++) {
      int n = 0;
      for (int j = 0; j < n_struct; j++)
        n += r->cols[j].kind == X_COL && r->cols[j].a == i &&
             r->cols[j].d == dd;
      if (n < 2)
        continue;
      snprintf(name, sizeof name, "oneaday(%s,%s,w%d,%s)",
               sc->students.v[sc->services.v[i].student].id,
               sc->disciplines[sc->services.v[i].discipline], dd / 7 + 1,
               cp_day_name[dd % 7]);
      int row = row_add(r, GLP_UP, 0, 1, name);
      for (int j = 0; j < n_struct; j++)
        if (r->cols[j].kind == X_COL && r->cols[j].a == i &&
            r->cols[j].d == dd)
          put(r, row, j + 1, 1);
    }
  /* (R3) a student in one session at a time (absolute minutes) */
  for (int stu = 0; stu < sc->students.n; stu++)
    for (int dd = 0; dd < ndd; dd++) {
      const cp_spans *L = &by_sd[(size_t)stu * (size_t)ndd + (size_t)dd];
      if (L->n < 2)
        continue;
      for (int m = 0; m < 24 * 60; m += S) {
        int cnt = 0;
        for (int k = 0; k < L->n; k++) {
          const rcol *c = &r->cols[L->v[k].start];
          int t0 = sc->therapists.v[c->t].day[dd % 7].start + c->u * S;
          cnt += sc->services.v[c->a].mode == CP_DIRECT && m >= t0 &&
                 m < t0 + c->len * S;
        }
        if (cnt < 2)
          continue;
        snprintf(name, sizeof name, "student(%s,w%d,%s,%d)",
                 sc->students.v[stu].id, dd / 7 + 1, cp_day_name[dd % 7], m);
        int row = row_add(r, GLP_UP, 0, 1, name);
        for (int k = 0; k < L->n; k++) {
          const rcol *c = &r->cols[L->v[k].start];
          int t0 = sc->therapists.v[c->t].day[dd % 7].start + c->u * S;
          if (sc->services.v[c->a].mode == CP_DIRECT && m >= t0 &&
              m < t0 + c->len * S)
            put(r, row, L->v[k].start + 1, 1);
        }
      }
    }
  /* (R4) presence links, (R5) slots and lunch, (R6) travel */
  for (int t = 0; t < nt; t++)
    for (int dd = 0; dd < ndd; dd++) {
      int d = dd % 7;
      const cp_workday *w = &sc->therapists.v[t].day[d];
      if (!w->works || sc->therapists.v[t].hire)
        continue;
      int n_u = (w->end - w->start) / S;
      const char *tid = sc->therapists.v[t].id;
      const cp_spans *TL = &by_td[(size_t)t * (size_t)ndd + (size_t)dd];
      for (int k = 0; k < ns; k++)
        for (int u = 0; u < n_u && u < max_u; u++) {
          int pc = pcol[PIX(t, k, dd, u)];
          int n = 0;
          for (int q = 0; q < TL->n; q++) {
            const rcol *c = &r->cols[TL->v[q].start];
            n += sc->students.v[sc->services.v[c->a].student].school == k &&
                 u >= c->u && u < c->u + c->len;
          }
          if (!n)
            continue;
          snprintf(name, sizeof name, "at(%s,%s,w%d,%s,%d)", tid,
                   sc->schools.v[k].id, dd / 7 + 1, cp_day_name[d],
                   w->start + u * S);
          int row = row_add(r, GLP_UP, 0, 0, name);
          for (int q = 0; q < TL->n; q++) {
            int j = TL->v[q].start;
            const rcol *c = &r->cols[j];
            if (sc->students.v[sc->services.v[c->a].student].school == k &&
                u >= c->u && u < c->u + c->len) {
              const cp_service *s = &sc->services.v[c->a];
              double wgt = s->mode == CP_DIRECT &&
                                   s->setting != CP_INDIVIDUAL &&
                                   s->max_group > 1
                               ? 1.0 / s->max_group
                               : 1.0;
              put(r, row, j + 1, wgt);
            }
          }
          if (pc)
            put(r, row, pc, -1);
        }
      int lunch_row = 0;
      if (w->lunch_minutes > 0) {
        snprintf(name, sizeof name, "lunch(%s,w%d,%s)", tid, dd / 7 + 1,
                 cp_day_name[d]);
        lunch_row = row_add(r, GLP_FX, 1, 1, name);
        for (int j = 0; j < n_struct; j++)
          if (r->cols[j].kind == L_COL && r->cols[j].t == t &&
              r->cols[j].d == dd)
            put(r, lunch_row, j + 1, 1);
      }
      for (int u = 0; u < n_u && u < max_u; u++) {
        int n = 0;
        for (int k = 0; k < ns; k++)
          n += pcol[PIX(t, k, dd, u)] != 0;
        if (!n)
          continue;
        snprintf(name, sizeof name, "slot(%s,w%d,%s,%d)", tid, dd / 7 + 1,
                 cp_day_name[d], w->start + u * S);
        int row = row_add(r, GLP_UP, 0, 1, name);
        for (int k = 0; k < ns; k++)
          if (pcol[PIX(t, k, dd, u)])
            put(r, row, pcol[PIX(t, k, dd, u)], 1);
        for (int j = 0; j < n_struct; j++) {
          const rcol *c = &r->cols[j];
          if (c->kind == L_COL && c->t == t && c->d == dd && u >= c->u &&
              u < c->u + c->len)
            put(r, row, j + 1, 1);
        }
      }
      for (int k = 0; k < ns; k++)
        for (int k2 = 0; k2 < ns; k2++) {
          if (k == k2)
            continue;
          int tau = (cp_travel(sc, k, k2) + S - 1) / S;
          for (int u = 0; u < n_u && u < max_u; u++) {
            int a = pcol[PIX(t, k, dd, u)];
            if (!a)
              continue;
            for (int v = u + 1; v <= u + tau && v < n_u && v < max_u; v++) {
              int b = pcol[PIX(t, k2, dd, v)];
              if (!b)
                continue;
              snprintf(name, sizeof name, "drive(%s,%s,%s,w%d,%s,%d,%d)", tid,
                       sc->schools.v[k].id, sc->schools.v[k2].id, dd / 7 + 1,
                       cp_day_name[d], w->start + u * S, w->start + v * S);
              int row = row_add(r, GLP_UP, 0, 1, name);
              put(r, row, a, 1);
              put(r, row, b, 1);
            }
          }
        }
    }
#undef PIX
  for (size_t i = 0; i < nsd; i++)
    cp_spans_fini(&by_sd[i]);
  for (size_t i = 0; i < ntd; i++)
    cp_spans_fini(&by_td[i]);
  free(by_sd);
  free(by_td);
  free(pcol);
  free(at);
  if (r->nomem)
    return CP_ERR_NOMEM;
  glp_load_matrix(r->P, r->nz, r->ia, r->ja, r->ar);
  return CP_OK;
}

static void relax_fini(relax *r)
{
  if (r->P)
    glp_delete_prob(r->P);
  free(r->cols);
  free(r->ia);
  free(r->ja);
  free(r->ar);
  free(r->demand_row);
  memset(r, 0, sizeof *r);
}

/* Solves R's phase 1; returns the missing sessions (> 0: infeasible), or
 * -1 when the LP failed. */
static double phase1(relax *r)
{
  glp_smcp sm;
  glp_init_smcp(&sm);
  sm.msg_lev = GLP_MSG_OFF;
  sm.presolve = GLP_OFF; /* keep duals of every row */
  if (glp_simplex(r->P, &sm) || glp_get_status(r->P) != GLP_OPT)
    return -1;
  return glp_get_obj_val(r->P);
}

/* The Farkas check: with multipliers y (one per row), every x in the box of
 * the structural columns has y'Ax >= y'b (by the row senses, checked), yet
 * the largest y'Ax over the box is below y'b.  Returns the margin. */
static double farkas_margin(glp_prob *P, const rcol *cols, const double *y,
                            bool *sign_ok)
{
  int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
  double *rvec = calloc((size_t)n + 1, sizeof *rvec);
  int *ind = malloc(((size_t)n + 1) * sizeof *ind);
  double *val = malloc(((size_t)n + 1) * sizeof *val);
  double yb = 0, margin = -HUGE_VAL;
  *sign_ok = true;
  if (!rvec || !ind || !val)
    goto out;
  for (int i = 1; i <= m; i++) {
    double yi = y[i - 1];
    if (yi == 0)
      continue;
    int type = glp_get_row_type(P, i);
    /* y >= 0 on >= rows, y <= 0 on <= rows, free on = rows */
    if ((type == GLP_UP && yi > 1e-12) || (type == GLP_LO && yi < -1e-12))
      *sign_ok = false;
    double bi = type == GLP_UP ? glp_get_row_ub(P, i) : glp_get_row_lb(P, i);
    yb += yi * bi;
    int len = glp_get_mat_row(P, i, ind, val);
    for (int k = 1; k <= len; k++)
      rvec[ind[k]] += yi * val[k];
  }
  double best = 0;
  for (int j = 1; j <= n; j++) {
    if (cols[j - 1].kind == S_COL)
      continue; /* the elastic columns are 0 in the real problem */
    double lb = glp_get_col_lb(P, j), ub = glp_get_col_ub(P, j);
    best += rvec[j] > 0 ? rvec[j] * ub : rvec[j] * lb;
  }
  margin = yb - best;
out:
  free(rvec);
  free(ind);
  free(val);
  return margin;
}

static void add_text(char *buf, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void add_text(char *buf, size_t n, const char *fmt, ...)
{
  size_t used = strlen(buf);
  if (used + 1 >= n)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf + used, n - used, fmt, ap);
  va_end(ap);
}

/* "Mon 09:00-09:30" for the windows where a session of s fits. */
static void windows_text(const cp_scenario *sc, const cp_service *s,
                         char *buf, size_t n)
{
  const cp_student *st = &sc->students.v[s->student];
  buf[0] = 0;
  for (int d = 0; d < 5; d++)
    for (int k = 0; k < st->avail[d].n; k++) {
      const cp_span *sp = &st->avail[d].v[k];
      if (sp->end - sp->start < s->session_minutes)
        continue;
      add_text(buf, n, "%s%s %02d:%02d-%02d:%02d", buf[0] ? ", " : "",
               cp_day_name[d], sp->start / 60, sp->start % 60, sp->end / 60,
               sp->end % 60);
    }
}

cp_status cp_lp_certify(const cp_scenario *sc, double time_limit,
                        cp_certs *out, bool *found)
{
  *found = false;
  double t0 = cp_now();
  int n = sc->services.n;
  /* R grows with therapists x schools x slots x drive lengths; past a few
   * hundred services it no longer builds in seconds, and its time cannot
   * be bounded: the LP route is for the small cases the arithmetic misses
   * (documented in the README) */
  if (n > CP_LP_CERT_MAX_SERVICES)
    return CP_OK;
  bool *keep = malloc((size_t)n + 1);
  if (!keep)
    return CP_ERR_NOMEM;
  for (int i = 0; i < n; i++)
    keep[i] = sc->services.v[i].session_minutes > 0;
  relax r = {.sc = sc, .keep = keep};
  cp_status st = build_relax(&r);
  double miss = st == CP_OK ? phase1(&r) : -1;
  relax_fini(&r);
  if (st != CP_OK || miss < 1e-6) {
    free(keep);
    return st; /* the relaxation has a solution: no proof here */
  }
  /* deletion filtering over services */
  for (int i = 0; i < n && cp_now() - t0 < time_limit; i++) {
    if (!keep[i])
      continue;
    keep[i] = false;
    relax q = {.sc = sc, .keep = keep};
    st = build_relax(&q);
    double m = st == CP_OK ? phase1(&q) : -1;
    relax_fini(&q);
    if (st != CP_OK)
      break;
    if (m < 1e-6)
      keep[i] = true; /* needed for the proof */
  }
  relax f = {.sc = sc, .keep = keep};
  st = build_relax(&f);
  if (st == CP_OK && phase1(&f) > 1e-6) {
    int m = glp_get_num_rows(f.P);
    cp_cert c = {.kind = CP_CERT_LP, .discipline = CP_NONE, .who = CP_NONE,
                 .hires = 1};
    double *y = malloc(((size_t)m + 1) * sizeof *y);
    char **names = calloc((size_t)m + 1, sizeof *names);
    int *svc = malloc(((size_t)n + 1) * sizeof *svc);
    if (!y || !names || !svc) {
      free(y);
      free(names);
      free(svc);
      st = CP_ERR_NOMEM;
      goto done;
    }
    for (int i = 1; i <= m; i++) {
      y[i - 1] = glp_get_row_dual(f.P, i);
      if (fabs(y[i - 1]) < 1e-9)
        y[i - 1] = 0;
      names[i - 1] = (char *)glp_get_row_name(f.P, i);
    }
    c.y = y;
    c.n_y = m;
    c.row_names = names;
    for (int i = 0; i < n; i++)
      if (keep[i])
        svc[c.n_svc++] = i;
    c.svc = svc;
    bool ok;
    double margin = farkas_margin(f.P, f.cols, y, &ok);
    /* the sentence: students and windows, drives */
    int disc = CP_NONE;
    snprintf(c.sentence, sizeof c.sentence, "No schedule exists: ");
    for (int k = 0; k < c.n_svc; k++) {
      const cp_service *s = &sc->services.v[svc[k]];
      char win[256];
      windows_text(sc, s, win, sizeof win);
      add_text(c.sentence, sizeof c.sentence, "%s%s (%s, school %s) can only "
               "be seen %s",
               k ? "; " : "", sc->students.v[s->student].id,
               sc->disciplines[s->discipline],
               sc->schools.v[sc->students.v[s->student].school].id, win);
      disc = disc == CP_NONE || disc == s->discipline ? s->discipline : -2;
    }
    c.discipline = disc >= 0 ? disc : CP_NONE;
    /* drives with a multiplier */
    char drives[600] = "";
    for (int i = 0; i < m; i++) {
      if (!y[i] || strncmp(names[i], "drive(", 6))
        continue;
      char a[64], b[64], tid[64];
      if (sscanf(names[i], "drive(%63[^,],%63[^,],%63[^,],", tid, a, b) != 3)
        continue;
      char item[200];
      int ka = cp_map_get(&sc->school_ix, a), kb = cp_map_get(&sc->school_ix,
                                                                b);
      snprintf(item, sizeof item, "%s to %s takes %d minutes", a, b,
               ka >= 0 && kb >= 0 ? cp_travel(sc, ka, kb) : 0);
      if (!strstr(drives, item))
        add_text(drives, sizeof drives, "%s%s", drives[0] ? "; " : "", item);
    }
    if (drives[0])
      add_text(c.sentence, sizeof c.sentence,
               "; and the drive from %s, so no therapist allowed there can "
               "be at every one of those times.",
               drives);
    else
      add_text(c.sentence, sizeof c.sentence,
               "; together these windows need more therapist time than the "
               "staff allowed there has.");
    snprintf(c.name, sizeof c.name, "LP relaxation (travel): %d student%s",
             c.n_svc, c.n_svc == 1 ? "" : "s");
    int used = 0;
    for (int i = 0; i < m; i++)
      used += y[i] != 0;
    snprintf(c.detail, sizeof c.detail,
             "an LP relaxation of the week (sessions, presence at schools, "
             "drives, lunch) has no solution for these students alone: "
             "adding %d of its %d rows with the certificate's multipliers "
             "gives 0 >= %.3f, a contradiction\n",
             used, m, margin);
    int shown = 0;
    for (int i = 0; i < m && shown < 12; i++)
      if (y[i]) {
        add_text(c.detail, sizeof c.detail, "   %+g x %s\n", y[i], names[i]);
        shown++;
      }
    if (used > shown)
      add_text(c.detail, sizeof c.detail, "   ... and %d more rows\n",
               used - shown);
    if (!ok || margin <= 1e-6) {
      free(y);
      free(names);
      free(svc);
      goto done; /* numerically not a proof: report nothing */
    }
    if (cp_certs_add(out, &c) < 0)
      st = CP_ERR_NOMEM;
    else
      *found = true;
    free(y);
    free(names); /* the strings belong to the problem: copied by add */
    free(svc);
  }
done:
  relax_fini(&f);
  free(keep);
  return st;
}

bool cp_lp_cert_check(const cp_scenario *sc, const cp_cert *c, char *why,
                      size_t n);

bool cp_lp_cert_check(const cp_scenario *sc, const cp_cert *c, char *why,
                      size_t n)
{
  int ns = sc->services.n;
  bool *keep = calloc((size_t)ns + 1, 1);
  if (!keep) {
    snprintf(why, n, "out of memory");
    return false;
  }
  for (int i = 0; i < c->n_svc; i++) {
    if (c->svc[i] < 0 || c->svc[i] >= ns) {
      free(keep);
      snprintf(why, n, "the certificate names no service");
      return false;
    }
    keep[c->svc[i]] = true;
  }
  relax r = {.sc = sc, .keep = keep};
  bool okay = false;
  if (build_relax(&r) != CP_OK) {
    snprintf(why, n, "cannot rebuild the relaxation");
  } else if (glp_get_num_rows(r.P) != c->n_y) {
    snprintf(why, n, "the relaxation has %d rows, the certificate %d",
             glp_get_num_rows(r.P), c->n_y);
  } else {
    bool names_ok = true;
    for (int i = 0; i < c->n_y && names_ok; i++)
      names_ok = !strcmp(glp_get_row_name(r.P, i + 1), c->row_names[i]);
    bool sign_ok;
    double margin = farkas_margin(r.P, r.cols, c->y, &sign_ok);
    if (!names_ok)
      snprintf(why, n, "the rows of the certificate are not the relaxation's");
    else if (!sign_ok)
      snprintf(why, n, "a multiplier has the wrong sign for its row");
    else if (margin <= 1e-6)
      snprintf(why, n, "the rows add up to no contradiction (margin %.6f)",
               margin);
    else
      okay = true;
  }
  relax_fini(&r);
  free(keep);
  return okay;
}
