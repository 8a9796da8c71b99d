/* staffing.c — the staffing bracket (see staffing.h).
 *
 * 1. Certificates of the current staffing, each re-checked by cert_check.c;
 *    for each discipline the largest number of hires any of them demands is
 *    the proven lower bound.
 * 2. Starting there, hires are added (per discipline still short) and the
 *    district solved, until a complete schedule is found and verified or the
 *    time runs out.  The first complete schedule is the upper bound.
 */
#include "staffing.h"

#include "solve.h"
#include "verify.h"

#include <stdlib.h>
#include <string.h>

void cp_staffing_fini(cp_staffing *s)
{
  free(s->rows);
  cp_certs_fini(&s->certs);
  cp_solution_fini(&s->witness);
  memset(s, 0, sizeof *s);
}

cp_status cp_staff_lp_proof(const cp_scenario *sc, double time_limit,
                            cp_staffing *s, bool *found)
{
  int before = s->certs.n;
  cp_status st = cp_lp_certify(sc, time_limit, &s->certs, found);
  if (st != CP_OK || !*found)
    return st;
  for (int i = before; i < s->certs.n; i++) {
    const cp_cert *c = &s->certs.v[i];
    char why[300];
    if (!cp_cert_check(sc, c, why, sizeof why))
      return CP_ERR_INTERNAL; /* never print what does not check */
    s->infeasible = true;
    for (int k = 0; k < s->n; k++) {
      cp_staff_row *r = &s->rows[k];
      if (c->discipline != CP_NONE && c->discipline != k)
        continue;
      if (r->lower >= 0 && r->lower < c->hires) {
        r->lower = c->hires;
        snprintf(r->proof, sizeof r->proof, "%s", c->name);
      }
    }
  }
  return CP_OK;
}

static int add_hires(cp_scenario *sc, const cp_hire *profiles,
                     const int *hires)
{
  int total = 0;
  for (int k = 0; k < sc->n_disciplines; k++)
    for (int i = 0; i < hires[k]; i++) {
      char id[64];
      snprintf(id, sizeof id, "HIRE_%s_%d", sc->disciplines[k], i + 1);
      if (cp_scenario_add_hire(sc, k, profiles[k].day, id) < 0)
        return -1;
      total++;
    }
  return total;
}

/* One week with the scenario as it is (hires included), within seconds:
 * *full tells whether it is complete and passes verify.  Returns CP_OK
 * (sol filled, or zeroed when the search had no answer) or an error. */
static cp_status try_week(cp_scenario *sc, double seconds,
                          const cp_progress *progress, cp_solution *sol,
                          bool *full)
{
  *full = false;
  cp_solve_opts so = {.time_limit = seconds, .progress = *progress,
                      .first_full = true};
  cp_status st = cp_district_solve(sc, &so, sol);
  if (st == CP_UNDECIDED) {
    memset(sol, 0, sizeof *sol);
    return CP_OK;
  }
  if (st != CP_OK)
    return st;
  if (sol->complete) {
    cp_verify_report rep;
    cp_status v = cp_verify(sc, sol->sched, &rep);
    cp_verify_report_fini(&rep);
    if (v != CP_OK && v != CP_VIOLATIONS) {
      cp_solution_fini(sol);
      return v;
    }
    *full = v == CP_OK;
  }
  return CP_OK;
}

cp_status cp_staff(cp_scenario *sc, const cp_staff_opts *o,
                   bool certificates_only, cp_staffing *out)
{
  memset(out, 0, sizeof *out);
  double t0 = cp_now();
  int nd = sc->n_disciplines;
  cp_scenario_drop_hires(sc);
  out->rows = calloc((size_t)nd + 1, sizeof *out->rows);
  cp_hire *prof = calloc((size_t)nd + 1, sizeof *prof);
  int *hires = calloc((size_t)nd + 1, sizeof *hires);
  cp_status st = CP_OK;
  if (!out->rows || !prof || !hires) {
    st = CP_ERR_NOMEM;
    goto done;
  }
  out->n = nd;
  st = cp_certify(sc, &out->certs);
  if (st != CP_OK)
    goto done;
  for (int i = 0; i < out->certs.n; i++) {
    char why[300];
    if (!cp_cert_check(sc, &out->certs.v[i], why, sizeof why)) {
      /* a certificate that does not check is a bug, never a proof */
      st = CP_ERR_INTERNAL;
      goto done;
    }
  }
  out->infeasible = out->certs.n > 0;
  for (int k = 0; k < nd; k++) {
    cp_staff_row *r = &out->rows[k];
    r->discipline = k;
    for (int t = 0; t < sc->therapists.n; t++)
      r->now += sc->therapists.v[t].discipline == k;
    r->upper = -1;
    cp_hire_profile(sc, k, o->like != CP_NONE &&
                               sc->therapists.v[o->like].discipline == k
                           ? o->like
                           : CP_NONE,
                    &prof[k]);
  }
  for (int i = 0; i < out->certs.n; i++) {
    const cp_cert *c = &out->certs.v[i];
    if (c->discipline == CP_NONE)
      continue;
    cp_staff_row *r = &out->rows[c->discipline];
    long margin = c->kind == CP_CERT_DAYS ? 0 : c->demand - c->capacity;
    if (margin > r->short_minutes)
      r->short_minutes = margin;
    if (r->lower < 0)
      continue; /* already proven beyond hires */
    if (c->hires < 0) {
      r->lower = -1;
      snprintf(r->proof, sizeof r->proof, "%s", c->name);
    } else if (c->hires > r->lower || !r->proof[0]) {
      r->lower = c->hires;
      snprintf(r->proof, sizeof r->proof, "%s", c->name);
    }
  }
  if (certificates_only)
    goto done;

  /* 2. witness */
  bool hopeless = false;
  for (int k = 0; k < nd; k++) {
    hires[k] = out->rows[k].lower > 0 ? out->rows[k].lower : 0;
    if (out->rows[k].lower < 0)
      hopeless = true;
  }
  if (hopeless) {
    for (int k = 0; k < nd; k++)
      if (out->rows[k].lower < 0)
        snprintf(out->rows[k].why, sizeof out->rows[k].why,
                 "no number of hires makes a schedule exist (see proof)");
    goto done;
  }
  int round = 0;
  while (cp_now() - t0 < o->time_limit && !cp_interrupted()) {
    round++;
    cp_scenario_drop_hires(sc);
    int n = add_hires(sc, prof, hires);
    if (n < 0) {
      st = CP_ERR_NOMEM;
      goto done;
    }
    double left = o->time_limit - (cp_now() - t0);
    /* the first round (current staff) may not eat the whole budget: hires
     * need their own rounds */
    if (round == 1 && left > 0.4 * o->time_limit)
      left = 0.4 * o->time_limit;
    cp_solution sol;
    bool full;
    cp_status s1 = try_week(sc, left, &o->progress, &sol, &full);
    if (s1 != CP_OK) {
      st = s1;
      goto done;
    }
    if (sol.complete && !full) { /* the solver's own week must verify */
      cp_solution_fini(&sol);
      st = CP_ERR_INTERNAL;
      goto done;
    }
    if (full) {
      cp_solution_fini(&out->witness);
      out->witness = sol;
      out->n_hires = n;
      for (int k = 0; k < nd; k++)
        out->rows[k].upper = hires[k];
      break;
    }
    /* no hires and no complete week: try the LP route for a proof */
    bool none = true;
    for (int k = 0; k < nd; k++)
      none &= hires[k] == 0;
    if (none && !out->infeasible) {
      bool found;
      cp_scenario_drop_hires(sc);
      cp_status s2 = cp_staff_lp_proof(sc, (o->time_limit - (cp_now() - t0)) / 2,
                                       out, &found);
      if (s2 != CP_OK) {
        cp_solution_fini(&sol);
        st = s2;
        goto done;
      }
    }
    /* more hires where minutes are missing */
    bool grew = false;
    if (sol.sched) {
      for (int k = 0; k < nd; k++) {
        double missed = 0;
        for (int i = 0; i < sc->services.n; i++)
          if (sc->services.v[i].discipline == k)
            missed += sol.short_min[i];
        if (missed > 0.5) {
          hires[k]++;
          grew = true;
        }
      }
      cp_solution_fini(&sol);
    }
    if (!grew || round > 50)
      break;
  }
  /* A witness above the proven bound: the first rounds had a share of the
   * time only.  Spend what is left on one hire fewer (per discipline with
   * a gap), keeping the witness when that finds no full week. */
  for (int k = 0; k < nd && out->witness.sched; k++) {
    if (out->rows[k].upper <= out->rows[k].lower)
      continue;
    double left = o->time_limit - (cp_now() - t0);
    if (left < 2 || cp_interrupted())
      break;
    int keep = hires[k];
    hires[k] = out->rows[k].upper - 1;
    cp_scenario_drop_hires(sc);
    int n = add_hires(sc, prof, hires);
    if (n < 0) {
      st = CP_ERR_NOMEM;
      goto done;
    }
    cp_solution sol;
    bool better;
    cp_status s1 = try_week(sc, left, &o->progress, &sol, &better);
    if (s1 != CP_OK) {
      st = s1;
      goto done;
    }
    if (better) {
      cp_solution_fini(&out->witness);
      out->witness = sol;
      out->n_hires = n;
      out->rows[k].upper = hires[k];
      k--; /* and once more, while a gap and time are left */
      continue;
    }
    cp_solution_fini(&sol);
    /* back to the witness's hires */
    hires[k] = keep;
    cp_scenario_drop_hires(sc);
    if (add_hires(sc, prof, hires) < 0) {
      st = CP_ERR_NOMEM;
      goto done;
    }
    break;
  }
  if (out->witness.sched == NULL)
    cp_scenario_drop_hires(sc);
  for (int k = 0; k < nd; k++) {
    cp_staff_row *r = &out->rows[k];
    if (r->upper < 0)
      snprintf(r->why, sizeof r->why,
               "no schedule was found within the time limit with %d hire%s; "
               "the upper bound is open",
               hires[k], hires[k] == 1 ? "" : "s");
    else if (r->upper > r->lower)
      snprintf(r->why, sizeof r->why,
               "no certificate proves more than %d hire%s, and no schedule "
               "with fewer than %d hire%s was found (the search is a "
               "decomposition; an integer-only gap or the time limit may "
               "hide one)",
               r->lower, r->lower == 1 ? "" : "s", r->upper,
               r->upper == 1 ? "" : "s");
  }
done:
  free(prof);
  free(hires);
  out->seconds = cp_now() - t0;
  if (st != CP_OK) {
    cp_scenario_drop_hires(sc);
    cp_staffing_fini(out);
  }
  return st;
}
