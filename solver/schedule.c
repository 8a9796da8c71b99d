/* schedule.c — the cp_schedule container (see schedule.h). */
#include "schedule.h"

#include <stdlib.h>
#include <string.h>

const char *cp_act_name(cp_act a)
{
  switch (a) {
  case CP_ACT_SESSION:
    return "session";
  case CP_ACT_CONSULT:
    return "consult";
  case CP_ACT_LUNCH:
    return "lunch";
  case CP_ACT_TRAVEL:
    return "travel";
  case CP_ACT_DOC:
    return "documentation";
  case CP_ACT_RESERVE:
    return "reserve";
  case CP_ACT_DUTY:
    return "duty";
  }
  return "?";
}

cp_schedule *cp_schedule_create(void)
{
  cp_schedule *s = calloc(1, sizeof *s);
  if (s)
    cp_pool_init(&s->pool);
  return s;
}

void cp_schedule_destroy(cp_schedule *s)
{
  if (!s)
    return;
  for (int i = 0; i < s->n; i++)
    free(s->rows[i].services);
  free(s->rows);
  cp_pool_fini(&s->pool);
  free(s);
}

int cp_schedule_add(cp_schedule *s, const cp_row *row)
{
  int *svc = NULL;
  if (row->n_services) {
    svc = malloc((size_t)row->n_services * sizeof *svc);
    if (!svc)
      return -1;
    memcpy(svc, row->services, (size_t)row->n_services * sizeof *svc);
  }
  int i = cp_vec_grow((void **)&s->rows, &s->n, &s->cap, sizeof *s->rows);
  if (i < 0) {
    free(svc);
    return -1;
  }
  s->rows[i] = *row;
  s->rows[i].services = svc;
  if (!s->rows[i].kind)
    s->rows[i].kind = cp_act_name(row->act);
  return i;
}

static int cmp_row(const void *a, const void *b)
{
  const cp_row *x = a, *y = b;
  if (x->therapist != y->therapist)
    return x->therapist < y->therapist ? -1 : 1;
  if (x->week != y->week)
    return x->week < y->week ? -1 : 1;
  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return x->line < y->line ? -1 : x->line > y->line;
}

void cp_schedule_sort(cp_schedule *s)
{
  if (s->n > 1)
    qsort(s->rows, (size_t)s->n, sizeof *s->rows, cmp_row);
}

bool cp_row_in_range(const cp_scenario *sc, const cp_row *r)
{
  if (r->therapist < 0 || r->therapist >= sc->therapists.n || r->week < 0 ||
      r->week >= sc->set.rotation_weeks || r->day < 0 || r->day >= CP_DAYS ||
      r->start < 0 || r->end <= r->start || r->school >= sc->schools.n)
    return false;
  for (int k = 0; k < r->n_services; k++)
    if (r->services[k] < 0 || r->services[k] >= sc->services.n)
      return false;
  return true;
}
