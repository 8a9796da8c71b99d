/* schedule_write.c — schedule.csv and minutes.csv writers (SPEC §3): times
 * HH:MM, LF line ends, UTF-8 without BOM, fields quoted only when needed. */
#include "schedule_write.h"

#include "out_dir.h"
#include "values.h"

#include <stdlib.h>
#include <string.h>

void cp_schedule_put_students(FILE *out, const cp_scenario *sc,
                              const cp_row *r)
{
  char buf[4096];
  size_t used = 0;
  buf[0] = 0;
  for (int k = 0; k < r->n_services && used < sizeof buf; k++)
    used += (size_t)snprintf(
        buf + used, sizeof buf - used, "%s%s", k ? ";" : "",
        sc->students.v[sc->services.v[r->services[k]].student].id);
  cp_csv_put(out, buf);
}

void cp_schedule_put_session(FILE *out, const cp_scenario *sc,
                             const cp_row *r)
{
  if (!r->n_services) {
    fputs(",,", out);
    return;
  }
  cp_schedule_put_students(out, sc, r);
  const cp_service *sv = &sc->services.v[r->services[0]];
  fprintf(out, ",%s %s,", sc->disciplines[sv->discipline],
          sv->mode == CP_DIRECT ? "direct" : "consult");
}

void cp_schedule_write_csv(FILE *out, const cp_scenario *sc,
                           const cp_schedule *s)
{
  fputs("therapist_id,week,day,start,end,school_id,activity,students,"
        "services,minutes\n",
        out);
  for (int i = 0; i < s->n; i++) {
    const cp_row *r = &s->rows[i];
    char a[6], b[6];
    cp_format_time(r->start, a);
    cp_format_time(r->end, b);
    cp_csv_put(out, sc->therapists.v[r->therapist].id);
    fprintf(out, ",%d,%s,%s,%s,", r->week + 1, cp_day_name[r->day], a, b);
    if (r->school != CP_NONE)
      cp_csv_put(out, sc->schools.v[r->school].id);
    fputc(',', out);
    cp_csv_put(out, r->kind);
    fputc(',', out);
    cp_schedule_put_session(out, sc, r);
    fprintf(out, "%d\n", r->end - r->start);
  }
}

void cp_schedule_service_minutes(const cp_scenario *sc, const cp_schedule *s,
                                 int *minutes, int *therapist)
{
  for (int i = 0; i < sc->services.n; i++) {
    minutes[i] = 0;
    if (therapist)
      therapist[i] = CP_NONE;
  }
  for (int i = 0; i < s->n; i++) {
    const cp_row *r = &s->rows[i];
    if (r->act != CP_ACT_SESSION && r->act != CP_ACT_CONSULT)
      continue;
    for (int k = 0; k < r->n_services; k++) {
      minutes[r->services[k]] += r->end - r->start;
      if (therapist)
        therapist[r->services[k]] = r->therapist;
    }
  }
}

void cp_minutes_write_csv(FILE *out, const cp_scenario *sc,
                          const cp_schedule *s, const int *assign)
{
  int n = sc->services.n;
  int *min = calloc((size_t)n + 1, sizeof *min);
  int *ther = calloc((size_t)n + 1, sizeof *ther);
  if (!min || !ther) {
    free(min);
    free(ther);
    return;
  }
  cp_schedule_service_minutes(sc, s, min, ther);
  fputs("student_id,discipline,mode,therapist_id,minutes,per,"
        "session_minutes,cycle_weeks,required_minutes,scheduled_minutes,"
        "missing_minutes\n",
        out);
  for (int i = 0; i < n; i++) {
    const cp_service *sv = &sc->services.v[i];
    cp_csv_put(out, sc->students.v[sv->student].id);
    fputc(',', out);
    cp_csv_put(out, sc->disciplines[sv->discipline]);
    fprintf(out, ",%s,", sv->mode == CP_DIRECT ? "direct" : "consult");
    int t = ther[i] != CP_NONE ? ther[i] : assign ? assign[i] : CP_NONE;
    if (t >= 0 && t < sc->therapists.n)
      cp_csv_put(out, sc->therapists.v[t].id);
    int missing = sv->cycle_minutes - min[i];
    fprintf(out, ",%d,%s,%d,%d,%d,%d,%d\n", sv->minutes,
            sv->per == CP_PER_WEEK ? "week" : "month", sv->session_minutes,
            sc->set.rotation_weeks, sv->cycle_minutes, min[i],
            missing > 0 ? missing : 0);
  }
  free(min);
  free(ther);
}

void cp_workload_write_csv(FILE *out, const cp_scenario *sc,
                           const cp_workload *wl)
{
  fputs("therapist_id,discipline,week,students,sessions,individual,group,"
        "consult,documentation,reserve,planning,iep_evaluation,other_duties,"
        "travel,lunch,worked,contract,open,utilisation_pct\n",
        out);
  for (int t = 0; t < wl->n_therapists; t++)
    for (int w = 0; w < wl->weeks; w++) {
      const cp_workweek *x = cp_workload_at(wl, t, w);
      cp_csv_put(out, sc->therapists.v[t].id);
      fputc(',', out);
      cp_csv_put(out, sc->disciplines[sc->therapists.v[t].discipline]);
      int avail = x->contract - x->lunch;
      fprintf(out, ",%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%d,%.1f\n",
              w + 1, x->students, x->sessions, x->individual, x->group,
              x->consult, x->documentation, x->reserve, x->planning,
              x->iep_eval, x->other, x->travel, x->lunch, x->worked,
              x->contract, x->open,
              avail > 0 ? 100.0 * x->worked / avail : 0.0);
    }
}

void cp_workload_write_text(FILE *out, const cp_scenario *sc,
                            const cp_workload *wl)
{
  fprintf(out, "%-12s %4s %5s %5s %6s %5s %7s %5s %7s %5s %5s %6s %5s %6s "
               "%8s %5s\n",
          "therapist", "week", "stud", "sess", "indiv", "group", "consult",
          "doc", "reserve", "plan", "iep", "duties", "trav", "worked",
          "contract", "util");
  for (int t = 0; t < wl->n_therapists; t++)
    for (int w = 0; w < wl->weeks; w++) {
      const cp_workweek *x = cp_workload_at(wl, t, w);
      int avail = x->contract - x->lunch;
      fprintf(out, "%-12s %4d %5d %5d %6d %5d %7d %5d %7d %5d %5d %6d %5d "
                   "%6d %8d %4.0f%%\n",
              sc->therapists.v[t].id, w + 1, x->students, x->sessions,
              x->individual, x->group, x->consult, x->documentation,
              x->reserve, x->planning, x->iep_eval, x->other, x->travel,
              x->worked, x->contract,
              avail > 0 ? 100.0 * x->worked / avail : 0.0);
    }
}
