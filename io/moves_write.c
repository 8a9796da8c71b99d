/* moves_write.c — moves.csv for solve --keep (see moves_write.h). */
#include "moves_write.h"

#include "out_dir.h"
#include "values.h"

#include <stdlib.h>
#include <string.h>

typedef struct occ {
  const cp_row *row;
  int svc;
  bool used;
} occ;

static bool is_session(const cp_row *r)
{
  return r->act == CP_ACT_SESSION || r->act == CP_ACT_CONSULT;
}

/* Occurrences (row, service) of a schedule's sessions, in row order. */
static occ *occurrences(const cp_schedule *s, int *n)
{
  int total = 0;
  for (int i = 0; i < s->n; i++)
    if (is_session(&s->rows[i]))
      total += s->rows[i].n_services;
  occ *o = calloc((size_t)total + 1, sizeof *o);
  if (!o)
    return NULL;
  int k = 0;
  for (int i = 0; i < s->n; i++)
    if (is_session(&s->rows[i]))
      for (int q = 0; q < s->rows[i].n_services; q++)
        o[k++] = (occ){&s->rows[i], s->rows[i].services[q], false};
  *n = total;
  return o;
}

static bool same_time(const cp_row *a, const cp_row *b)
{
  return a->therapist == b->therapist && a->week == b->week &&
         a->day == b->day && a->start == b->start;
}

static void when(FILE *f, const cp_scenario *sc, const cp_row *r)
{
  char t[6];
  if (!r) {
    fputs(",,,,", f);
    return;
  }
  cp_format_time(r->start, t);
  cp_csv_put(f, sc->therapists.v[r->therapist].id);
  fprintf(f, ",%d,%s,%s,", r->week + 1, cp_day_name[r->day], t);
  if (r->school != CP_NONE)
    cp_csv_put(f, sc->schools.v[r->school].id);
}

cp_status cp_moves_write_csv(FILE *f, const cp_scenario *sc,
                             const cp_schedule *prev, const cp_schedule *now,
                             cp_moves *out)
{
  memset(out, 0, sizeof *out);
  int np = 0, nn = 0;
  occ *p = occurrences(prev, &np);
  occ *n = occurrences(now, &nn);
  if (!p || !n) {
    free(p);
    free(n);
    return CP_ERR_NOMEM;
  }
  /* kept: the same service at the same therapist, week, day and start */
  for (int i = 0; i < np; i++)
    for (int j = 0; j < nn && !p[i].used; j++)
      if (!n[j].used && n[j].svc == p[i].svc && same_time(p[i].row, n[j].row))
        p[i].used = n[j].used = true;
  if (f)
    fputs("student_id,discipline,mode,change,therapist_before,week_before,"
          "day_before,start_before,school_before,therapist_now,week_now,"
          "day_now,start_now,school_now,reason\n",
          f);
  for (int i = 0; i < np; i++) {
    const cp_service *sv = &sc->services.v[p[i].svc];
    const cp_row *to = NULL;
    const char *change = "kept", *reason = "";
    if (p[i].used) {
      out->kept++;
      to = p[i].row;
    } else {
      /* the service's first new session no previous one took */
      for (int j = 0; j < nn && !to; j++)
        if (!n[j].used && n[j].svc == p[i].svc) {
          n[j].used = true;
          to = n[j].row;
        }
      if (to) {
        out->moved++;
        change = "moved";
        reason = to->therapist != p[i].row->therapist
                     ? "now served by another therapist (caseload shared "
                       "out again)"
                 : p[i].row->end - p[i].row->start !=
                         (sv->mode == CP_DIRECT ? sv->session_minutes
                                                : p[i].row->end -
                                                      p[i].row->start)
                     ? "session length changed in services.csv"
                     : "its time or day was needed to fit the changed "
                       "caseload";
      } else {
        out->unscheduled++;
        change = "unscheduled";
        reason = "no session of this service in the new week (minutes "
                 "changed, or see minutes.csv)";
      }
    }
    out->total++;
    if (!f)
      continue;
    cp_csv_put(f, sc->students.v[sv->student].id);
    fprintf(f, ",%s,%s,%s,", sc->disciplines[sv->discipline],
            sv->mode == CP_DIRECT ? "direct" : "consult", change);
    when(f, sc, p[i].row);
    fputc(',', f);
    when(f, sc, p[i].used ? NULL : to);
    fputc(',', f);
    cp_csv_put(f, reason);
    fputc('\n', f);
  }
  free(p);
  free(n);
  return CP_OK;
}
