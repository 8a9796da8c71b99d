/* sweep.c — the staffing curve (see sweep.h).
 *
 * The loop over growth points belongs to the caller (it reads the scenario
 * for each point); this file parses the spec, grows one scenario, runs the
 * bracket on it and keeps the figures.  Nothing here decides anything
 * cp_staff does not: needed_lower is its proven bound, needed_upper its
 * verified witness, at every point.
 */
#include "sweep.h"

#include "capacity.h"
#include "grow.h"
#include "solve.h"

#include <stdlib.h>
#include <string.h>

/* One field of FROM:TO:STEP: a whole number 0..CP_SWEEP_MAX_PCT (sign and
 * spaces not allowed).  Returns false when it is not one. */
static bool get_number(const char *s, size_t len, int *out)
{
  if (len == 0 || len > 9)
    return false;
  long v = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = (int)v;
  return true;
}

cp_status cp_sweep_parse(const char *spec, cp_sweep_spec *out, char *msg,
                         size_t n)
{
  static const char *const names[3] = {"FROM", "TO", "STEP"};
  static const char form[] = "expected growth=FROM:TO:STEP (whole percent, "
                             "0 <= FROM <= TO <= 500, STEP >= 1, e.g. "
                             "growth=0:50:10)";
  int v[3];
  const char *p = spec;
  if (strncmp(p, "growth=", 7)) {
    const char *eq = strchr(spec, '=');
    if (eq)
      snprintf(msg, n, "--sweep '%s' is not valid: '%.*s' is not a sweep "
               "parameter (only growth is); %s",
               spec, (int)(eq - spec) > 40 ? 40 : (int)(eq - spec), spec,
               form);
    else
      snprintf(msg, n, "--sweep '%s' is not valid: %s", spec, form);
    return CP_ERR_USAGE;
  }
  p += 7;
  for (int i = 0; i < 3; i++) {
    const char *end = strchr(p, ':');
    size_t len = end && i < 2 ? (size_t)(end - p) : strlen(p);
    if (i < 2 && !end) {
      snprintf(msg, n, "--sweep '%s' is not valid: %s", spec, form);
      return CP_ERR_USAGE;
    }
    if (!get_number(p, len, &v[i])) {
      snprintf(msg, n, "--sweep '%s' is not valid: %s '%.*s' is not a whole "
               "number from 0 to %d",
               spec, names[i], len > 40 ? 40 : (int)len, p, CP_SWEEP_MAX_PCT);
      return CP_ERR_USAGE;
    }
    p += len + (i < 2 ? 1 : 0);
  }
  if (v[0] > CP_SWEEP_MAX_PCT || v[1] > CP_SWEEP_MAX_PCT) {
    snprintf(msg, n, "--sweep '%s' is not valid: growth is at most %d%%",
             spec, CP_SWEEP_MAX_PCT);
    return CP_ERR_USAGE;
  }
  if (v[0] > v[1]) {
    snprintf(msg, n, "--sweep '%s' is not valid: FROM %d is above TO %d",
             spec, v[0], v[1]);
    return CP_ERR_USAGE;
  }
  if (v[2] < 1) {
    snprintf(msg, n, "--sweep '%s' is not valid: STEP must be at least 1",
             spec);
    return CP_ERR_USAGE;
  }
  out->from = v[0];
  out->to = v[1];
  out->step = v[2];
  return CP_OK;
}

int cp_sweep_count(const cp_sweep_spec *spec)
{
  return (spec->to - spec->from) / spec->step + 1;
}

int cp_sweep_growth(const cp_sweep_spec *spec, int i)
{
  return spec->from + i * spec->step;
}

void cp_sweep_init(cp_sweep *sw, const cp_sweep_spec *spec)
{
  memset(sw, 0, sizeof *sw);
  sw->spec = *spec;
}

void cp_sweep_fini(cp_sweep *sw)
{
  for (int k = 0; k < sw->n_disc; k++)
    free(sw->disciplines[k]);
  free(sw->disciplines);
  free(sw->rows);
  memset(sw, 0, sizeof *sw);
}

const char *cp_sweep_status(const cp_sweep_row *r)
{
  if (r->lower < 0)
    return "impossible";
  if (r->upper < 0)
    return "open";
  return r->upper == r->lower ? "exact" : "gap";
}

/* The first point names the disciplines; later points must have the same. */
static cp_status take_disciplines(cp_sweep *sw, const cp_scenario *sc,
                                  cp_diag *diag)
{
  if (sw->disciplines) {
    bool same = sw->n_disc == sc->n_disciplines;
    for (int k = 0; same && k < sw->n_disc; k++)
      same = !strcmp(sw->disciplines[k], sc->disciplines[k]);
    if (!same) {
      cp_diag_add(diag, NULL, 0, "the scenario's disciplines changed during "
                                 "the sweep (were its files edited?)");
      return CP_ERR_INPUT;
    }
    return CP_OK;
  }
  sw->disciplines = calloc((size_t)sc->n_disciplines + 1,
                           sizeof *sw->disciplines);
  if (!sw->disciplines)
    return CP_ERR_NOMEM;
  for (int k = 0; k < sc->n_disciplines; k++) {
    sw->disciplines[k] = strdup(sc->disciplines[k]);
    sw->n_disc = k + 1;
    if (!sw->disciplines[k])
      return CP_ERR_NOMEM;
  }
  sw->n_disc = sc->n_disciplines;
  sw->weeks = sc->set.rotation_weeks;
  return CP_OK;
}

cp_status cp_sweep_point(cp_sweep *sw, cp_scenario *sc, int pct,
                         const cp_staff_opts *o, cp_diag *diag)
{
  double t0 = cp_now();
  cp_status st = take_disciplines(sw, sc, diag);
  if (st != CP_OK)
    return st;
  cp_scenario_drop_hires(sc);
  st = cp_scenario_grow(sc, pct, NULL, diag);
  if (st != CP_OK)
    return st;
  cp_capacity cap;
  st = cp_capacity_compute(sc, &cap);
  if (st != CP_OK)
    return st;
  int first = sw->n;
  for (int k = 0; k < sc->n_disciplines; k++) {
    int i = cp_vec_grow((void **)&sw->rows, &sw->n, &sw->cap, sizeof *sw->rows);
    if (i < 0) {
      cp_capacity_fini(&cap);
      sw->n = first;
      return CP_ERR_NOMEM;
    }
    cp_sweep_row *r = &sw->rows[i];
    const cp_load *l = &cap.disc[k];
    r->growth = pct;
    r->discipline = k;
    r->students = l->students;
    r->workload_minutes = l->demand;
    r->capacity_minutes = l->capacity;
    for (int j = 0; j < sc->services.n; j++)
      if (sc->services.v[j].discipline == k) {
        r->services++;
        r->service_minutes += sc->services.v[j].cycle_minutes;
      }
  }
  cp_capacity_fini(&cap);
  cp_staffing sf;
  st = cp_staff(sc, o, false, &sf);
  if (st != CP_OK) {
    sw->n = first;
    return st;
  }
  cp_scenario_drop_hires(sc);
  double seconds = cp_now() - t0;
  for (int k = 0; k < sf.n; k++) {
    const cp_staff_row *s = &sf.rows[k];
    cp_sweep_row *r = &sw->rows[first + s->discipline];
    r->now = s->now;
    r->lower = s->lower;
    r->upper = s->upper;
    snprintf(r->proof, sizeof r->proof, "%s", s->proof);
    snprintf(r->why, sizeof r->why, "%s", s->why);
    r->seconds = seconds;
  }
  sw->seconds += seconds;
  cp_staffing_fini(&sf);
  return CP_OK;
}
