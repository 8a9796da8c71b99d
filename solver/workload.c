/* workload.c — minutes by category per therapist and week (see workload.h).
 *
 * Sits after the solver (or after schedule_read for `verify`) and before the
 * writers: one pass over the rows sorts every minute into a category, a
 * second counts distinct students per week and per cycle.
 */
#include "workload.h"

#include "capacity.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static bool valid(const cp_scenario *sc, const cp_row *r)
{
  if (r->therapist < 0 || r->therapist >= sc->therapists.n || r->week < 0 ||
      r->week >= sc->set.rotation_weeks || r->day < 0 || r->day >= CP_DAYS)
    return false;
  for (int i = 0; i < r->n_services; i++)
    if (r->services[i] < 0 || r->services[i] >= sc->services.n)
      return false;
  return true;
}

static void add_row(cp_workweek *w, const cp_row *r)
{
  int len = r->end > r->start ? r->end - r->start : 0;
  const char *kind = r->act == CP_ACT_DUTY && r->kind ? r->kind : "";
  switch (r->act) {
  case CP_ACT_SESSION:
    *(r->n_services > 1 ? &w->group : &w->individual) += len;
    w->sessions++;
    break;
  case CP_ACT_CONSULT:
    w->consult += len;
    w->consults++;
    break;
  case CP_ACT_LUNCH:
    w->lunch += len;
    return;
  case CP_ACT_TRAVEL:
    w->travel += len;
    break;
  case CP_ACT_DOC:
    w->documentation += len;
    break;
  case CP_ACT_RESERVE:
    w->reserve += len;
    break;
  case CP_ACT_DUTY:
    if (!strcmp(kind, "planning"))
      w->planning += len;
    else if (!strcmp(kind, "iep_meeting") || !strcmp(kind, "evaluation"))
      w->iep_eval += len;
    else if (!strcmp(kind, "documentation"))
      w->documentation += len;
    else if (!strcmp(kind, "reserve"))
      w->reserve += len;
    else
      w->other += len;
    break;
  }
  w->worked += len;
}

cp_status cp_workload_compute(const cp_scenario *sc, const cp_schedule *s,
                              cp_workload *out)
{
  assert(sc && s && out && "cp_workload_compute: NULL argument");
  memset(out, 0, sizeof *out);
  int T = sc->therapists.n, W = sc->set.rotation_weeks;
  size_t ns = (size_t)sc->students.n;
  out->weeks = W;
  out->n_therapists = T;
  out->v = calloc((size_t)T * (size_t)W + 1, sizeof *out->v);
  out->students = calloc((size_t)T + 1, sizeof *out->students);
  out->reserve_needed = calloc((size_t)T + 1, sizeof *out->reserve_needed);
  /* weeks (bit per week) and cycle in which each student was counted */
  int *seen_week = calloc(ns + 1, sizeof *seen_week);
  bool *seen_cycle = calloc(ns + 1, sizeof *seen_cycle);
  if (!out->v || !out->students || !out->reserve_needed || !seen_week ||
      !seen_cycle) {
    free(seen_week);
    free(seen_cycle);
    cp_workload_fini(out);
    return CP_ERR_NOMEM;
  }
  for (int t = 0; t < T; t++) {
    const cp_therapist *th = &sc->therapists.v[t];
    int contract = 0;
    for (int d = 0; d < CP_DAYS; d++)
      if (th->day[d].works)
        contract += th->day[d].end - th->day[d].start;
    for (int w = 0; w < W; w++) {
      cp_workweek *e = &out->v[(size_t)t * (size_t)W + (size_t)w];
      e->therapist = t;
      e->week = w;
      e->contract = contract;
    }
  }
  for (int i = 0; i < s->n; i++) {
    const cp_row *r = &s->rows[i];
    if (valid(sc, r))
      add_row(&out->v[(size_t)r->therapist * (size_t)W + (size_t)r->week], r);
  }
  /* distinct students: per therapist, a pass per week and the cycle */
  for (int t = 0; t < T; t++) {
    memset(seen_week, 0, ns * sizeof *seen_week);
    memset(seen_cycle, 0, ns * sizeof *seen_cycle);
    for (int i = 0; i < s->n; i++) {
      const cp_row *r = &s->rows[i];
      if (r->therapist != t || !valid(sc, r) ||
          (r->act != CP_ACT_SESSION && r->act != CP_ACT_CONSULT))
        continue;
      cp_workweek *e = &out->v[(size_t)t * (size_t)W + (size_t)r->week];
      for (int k = 0; k < r->n_services; k++) {
        int st = sc->services.v[r->services[k]].student;
        /* seen_week holds a bit per week of the cycle (at most 4) */
        if (!(seen_week[st] & (1 << r->week))) {
          seen_week[st] |= 1 << r->week;
          e->students++;
        }
        if (!seen_cycle[st]) {
          seen_cycle[st] = true;
          out->students[t]++;
        }
      }
    }
    out->reserve_needed[t] = cp_reserve_minutes(&sc->set, out->students[t]);
    for (int w = 0; w < W; w++) {
      cp_workweek *e = &out->v[(size_t)t * (size_t)W + (size_t)w];
      e->open = e->contract - e->worked - e->lunch;
    }
  }
  free(seen_week);
  free(seen_cycle);
  return CP_OK;
}

void cp_workload_fini(cp_workload *w)
{
  free(w->v);
  free(w->students);
  free(w->reserve_needed);
  memset(w, 0, sizeof *w);
}
