/* scenario.c — lifetime of a cp_scenario and the data derived from it.
 *
 * After io/scenario_read.c has filled and validated the entity tables,
 * cp_scenario_derive() computes what every later stage needs: each student's
 * available windows per day (school day minus unavailable blocks) and the
 * school-to-school travel matrix (travel.csv, else coordinates), closed under
 * shortest paths so that a drive through another school is never longer than
 * the direct one.
 */
#include "scenario.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const cp_day_name[CP_DAYS] = {"Mon", "Tue", "Wed", "Thu",
                                          "Fri", "Sat", "Sun"};

int cp_vec_grow(void **v, int *n, int *cap, size_t size)
{
  if (*n == *cap) {
    int ncap = *cap ? *cap * 2 : 16;
    if (ncap < 0 || (size_t)ncap > SIZE_MAX / size)
      return -1;
    void *nv = realloc(*v, (size_t)ncap * size);
    if (!nv)
      return -1;
    *v = nv;
    *cap = ncap;
  }
  memset((char *)*v + (size_t)*n * size, 0, size);
  return (*n)++;
}

int cp_ivec_push(cp_ivec *v, int x)
{
  int i = cp_vec_grow((void **)&v->v, &v->n, &v->cap, sizeof *v->v);
  if (i < 0)
    return -1;
  v->v[i] = x;
  return 0;
}

cp_scenario *cp_scenario_create(void)
{
  cp_scenario *sc = calloc(1, sizeof *sc);
  if (!sc)
    return NULL;
  cp_pool_init(&sc->pool);
  cp_map_init(&sc->school_ix);
  cp_map_init(&sc->therapist_ix);
  cp_map_init(&sc->student_ix);
  return sc;
}

void cp_scenario_destroy(cp_scenario *sc)
{
  if (!sc)
    return;
  for (int i = 0; i < sc->students.n; i++)
    for (int d = 0; d < CP_DAYS; d++)
      cp_spans_fini(&sc->students.v[i].avail[d]);
  for (int i = 0; i < sc->therapists.n; i++)
    free(sc->therapists.v[i].may_serve);
  free(sc->schools.v);
  free(sc->therapists.v);
  free(sc->students.v);
  free(sc->services.v);
  free(sc->blocks.v);
  free(sc->duties.v);
  free(sc->calendar.v);
  free(sc->disciplines);
  free(sc->travel);
  free(sc->travel_given);
  cp_map_fini(&sc->school_ix);
  cp_map_fini(&sc->therapist_ix);
  cp_map_fini(&sc->student_ix);
  cp_pool_fini(&sc->pool);
  free(sc);
}

int cp_discipline_find(const cp_scenario *sc, const char *name)
{
  for (int i = 0; i < sc->n_disciplines; i++)
    if (!strcmp(sc->disciplines[i], name))
      return i;
  return CP_NONE;
}

int cp_therapist_days(const cp_therapist *t)
{
  int n = 0;
  for (int d = 0; d < CP_DAYS; d++)
    n += t->day[d].works;
  return n;
}

int cp_travel(const cp_scenario *sc, int from, int to)
{
  if (from == CP_NONE || to == CP_NONE || from == to)
    return 0;
  return sc->travel[(size_t)from * (size_t)sc->schools.n + (size_t)to];
}

bool cp_duty_of(const cp_duty *du, int t)
{
  return du->therapist == CP_NONE || du->therapist == t;
}

bool cp_duty_applies(const cp_scenario *sc, const cp_duty *du, int t, int d)
{
  if (!du->fixed || !cp_duty_of(du, t) || !(du->days & (1u << d)))
    return false;
  const cp_workday *w = &sc->therapists.v[t].day[d];
  if (!w->works)
    return false;
  return du->therapist != CP_NONE ||
         (du->start >= w->start && du->end <= w->end);
}

int cp_scenario_add_hire(cp_scenario *sc, int discipline,
                         const cp_workday day[CP_DAYS], const char *id)
{
  size_t ns = (size_t)sc->schools.n;
  unsigned char *may = malloc((size_t)CP_DAYS * (ns ? ns : 1));
  const char *copy = cp_pool_strdup(&sc->pool, id);
  if (!may || !copy) {
    free(may);
    return -1;
  }
  int t = cp_vec_grow((void **)&sc->therapists.v, &sc->therapists.n,
                      &sc->therapists.cap, sizeof *sc->therapists.v);
  if (t < 0) {
    free(may);
    return -1;
  }
  cp_therapist *th = &sc->therapists.v[t];
  th->id = copy;
  th->name = "hypothetical hire";
  th->discipline = discipline;
  th->hire = true;
  memcpy(th->day, day, sizeof th->day);
  for (int d = 0; d < CP_DAYS; d++) {
    th->day[d].base = CP_NONE;
    memset(may + (size_t)d * ns, th->day[d].works ? 1 : 0, ns);
  }
  th->may_serve = may;
  return t;
}

void cp_scenario_drop_hires(cp_scenario *sc)
{
  while (sc->therapists.n > 0 && sc->therapists.v[sc->therapists.n - 1].hire)
    free(sc->therapists.v[--sc->therapists.n].may_serve);
}

/* ---- span lists ---------------------------------------------------------- */

void cp_spans_fini(cp_spans *s)
{
  free(s->v);
  s->v = NULL;
  s->n = s->cap = 0;
}

int cp_spans_add(cp_spans *s, int start, int end)
{
  int i = cp_vec_grow((void **)&s->v, &s->n, &s->cap, sizeof *s->v);
  if (i < 0)
    return -1;
  s->v[i].start = start;
  s->v[i].end = end;
  return 0;
}

int cp_spans_cut(cp_spans *s, int start, int end)
{
  for (int i = 0; i < s->n; i++) {
    cp_span *v = &s->v[i];
    if (end <= v->start || start >= v->end)
      continue;
    if (start <= v->start && end >= v->end) { /* swallowed */
      memmove(v, v + 1, (size_t)(s->n - i - 1) * sizeof *v);
      s->n--;
      i--;
    } else if (start > v->start && end < v->end) { /* split */
      int tail_end = v->end;
      v->end = start;
      if (cp_spans_add(s, end, tail_end))
        return -1;
      /* keep sorted: move the new tail right after i */
      cp_span tail = s->v[s->n - 1];
      memmove(&s->v[i + 2], &s->v[i + 1],
              (size_t)(s->n - i - 2) * sizeof *s->v);
      s->v[i + 1] = tail;
      i++;
    } else if (start <= v->start) {
      v->start = end;
    } else {
      v->end = start;
    }
  }
  return 0;
}

int cp_spans_longest(const cp_spans *s)
{
  int best = 0;
  for (int i = 0; i < s->n; i++)
    if (s->v[i].end - s->v[i].start > best)
      best = s->v[i].end - s->v[i].start;
  return best;
}

/* ---- derived data -------------------------------------------------------- */

static bool block_applies(const cp_block *b, const cp_student *st)
{
  if (b->school != CP_NONE && b->school != st->school)
    return false;
  switch (b->scope) {
  case CP_SCOPE_STUDENT:
    return !strcmp(b->id, st->id);
  case CP_SCOPE_CLASSROOM:
    return st->classroom && !strcmp(b->id, st->classroom);
  case CP_SCOPE_GRADE:
    return st->grade && !strcmp(b->id, st->grade);
  case CP_SCOPE_SCHOOL:
    return true;
  }
  return false;
}

static cp_status derive_availability(cp_scenario *sc)
{
  for (int i = 0; i < sc->students.n; i++) {
    cp_student *st = &sc->students.v[i];
    const cp_school *sch = &sc->schools.v[st->school];
    for (int d = 0; d < 5; d++) { /* school days: Mon-Fri */
      if (cp_spans_add(&st->avail[d], sch->start, sch->end))
        return CP_ERR_NOMEM;
      for (int b = 0; b < sc->blocks.n; b++) {
        const cp_block *bl = &sc->blocks.v[b];
        if (bl->preferred || !(bl->days & (1u << d)))
          continue;
        if (block_applies(bl, st) &&
            cp_spans_cut(&st->avail[d], bl->start, bl->end))
          return CP_ERR_NOMEM;
      }
    }
  }
  return CP_OK;
}

static double haversine_km(double lat1, double lon1, double lat2, double lon2)
{
  const double r = 6371.0, rad = M_PI / 180.0;
  double dlat = (lat2 - lat1) * rad, dlon = (lon2 - lon1) * rad;
  double a = sin(dlat / 2) * sin(dlat / 2) +
             cos(lat1 * rad) * cos(lat2 * rad) * sin(dlon / 2) * sin(dlon / 2);
  return 2 * r * asin(sqrt(a < 1 ? a : 1));
}

static cp_status derive_travel(cp_scenario *sc, cp_diag *diag)
{
  size_t n = (size_t)sc->schools.n;
  int *m = sc->travel; /* filled by the reader: -1 = no row */
  int missing = 0;
  for (size_t a = 0; a < n; a++) {
    m[a * n + a] = 0;
    for (size_t b = a + 1; b < n; b++) {
      /* one row serves both directions unless the reverse is given */
      if (m[a * n + b] < 0 && m[b * n + a] >= 0)
        m[a * n + b] = m[b * n + a];
      if (m[b * n + a] < 0 && m[a * n + b] >= 0)
        m[b * n + a] = m[a * n + b];
      if (m[a * n + b] >= 0)
        continue;
      const cp_school *sa = &sc->schools.v[a], *sb = &sc->schools.v[b];
      if (!sa->has_coord || !sb->has_coord) {
        if (++missing <= 20)
          cp_diag_add(diag, "travel.csv", 0,
                      "no travel row for schools '%s' and '%s', and "
                      "schools.csv has no lat/lon for '%s' (give a travel.csv "
                      "row or coordinates on both schools)",
                      sa->id, sb->id, sa->has_coord ? sb->id : sa->id);
        continue;
      }
      double km = haversine_km(sa->lat, sa->lon, sb->lat, sb->lon);
      double min = km * sc->set.travel_detour / sc->set.travel_kmh * 60.0 +
                   sc->set.travel_buffer;
      int t = (int)ceil(min - 1e-9);
      m[a * n + b] = m[b * n + a] = t;
    }
  }
  if (missing > 20)
    cp_diag_add(diag, "travel.csv", 0,
                "%d school pairs in all have neither a travel row nor "
                "coordinates",
                missing);
  if (missing)
    return CP_ERR_INPUT;
  /* shortest drives (Floyd-Warshall) */
  for (size_t k = 0; k < n; k++)
    for (size_t a = 0; a < n; a++)
      for (size_t b = 0; b < n; b++)
        if (m[a * n + k] + m[k * n + b] < m[a * n + b])
          m[a * n + b] = m[a * n + k] + m[k * n + b];
  return CP_OK;
}

/* calendar.csv by date, then school (all schools first), so solver/
 * calendar.c finds a date's entries by binary search. */
static int cmp_calday(const void *a, const void *b)
{
  const cp_calday *x = a, *y = b;
  if (x->date != y->date)
    return x->date < y->date ? -1 : 1;
  if (x->school != y->school)
    return x->school < y->school ? -1 : 1;
  return (x->line > y->line) - (x->line < y->line);
}

cp_status cp_scenario_derive(cp_scenario *sc, cp_diag *diag)
{
  cp_status st = derive_travel(sc, diag);
  if (st != CP_OK)
    return st;
  if (sc->calendar.n > 1)
    qsort(sc->calendar.v, (size_t)sc->calendar.n, sizeof *sc->calendar.v,
          cmp_calday);
  return derive_availability(sc);
}
