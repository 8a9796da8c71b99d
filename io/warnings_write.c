/* warnings_write.c — warnings.csv and its text table (see the header).
 * Figures are the elastic solution's, per week (cycle / rotation_weeks). */
#include "warnings_write.h"

#include "out_dir.h"

#include <string.h>

static void students_losing(FILE *out, const cp_scenario *sc,
                            const cp_solution *sol, int t, bool csv)
{
  int W = sc->set.rotation_weeks, n = 0;
  for (int i = 0; i < sc->services.n; i++) {
    if (sol->assign[i] != t || sol->short_min[i] < 0.5)
      continue;
    const cp_service *s = &sc->services.v[i];
    char buf[128];
    snprintf(buf, sizeof buf, "%s%s:%.0f", n++ ? ";" : "",
             sc->students.v[s->student].id, sol->short_min[i] / W);
    if (csv)
      fputs(buf, out);
    else
      fprintf(out, "%s", buf);
  }
}

void cp_warnings_write_csv(FILE *out, const cp_scenario *sc,
                           const cp_solution *sol)
{
  int W = sc->set.rotation_weeks;
  fputs("therapist_id,discipline,overtime_minutes,lunch_minutes_cut,"
        "duty_minutes_cut,documentation_minutes_cut,reserve_minutes_cut,"
        "individual_students_grouped,service_minutes_missed,"
        "students_losing_minutes\n",
        out);
  for (int t = 0; t < sc->therapists.n; t++) {
    const cp_signs *g = &sol->signs[t];
    cp_csv_put(out, sc->therapists.v[t].id);
    fputc(',', out);
    cp_csv_put(out, sc->disciplines[sc->therapists.v[t].discipline]);
    fprintf(out, ",%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,\"", g->overtime / W,
            g->lunch_cut / W, g->duty_cut / W, g->doc_cut / W,
            g->reserve_cut / W, g->forced_group / W, g->missed / W);
    students_losing(out, sc, sol, t, true);
    fputs("\"\n", out);
  }
}

void cp_warnings_write_text(FILE *out, const cp_scenario *sc,
                            const cp_solution *sol)
{
  int W = sc->set.rotation_weeks;
  double ot = 0, lunch = 0, cut = 0, grouped = 0, missed = 0;
  for (int t = 0; t < sc->therapists.n; t++) {
    const cp_signs *g = &sol->signs[t];
    ot += g->overtime;
    lunch += g->lunch_cut;
    cut += g->duty_cut + g->doc_cut + g->reserve_cut;
    grouped += g->forced_group;
    missed += g->missed;
  }
  fprintf(out, "What the current staff is forced into (the least-bad week "
               "found, per week): %.0f minutes past contract hours, %.0f "
               "lunch minutes skipped, %.0f minutes of planning, paperwork "
               "or meeting time cut, %.0f individual sessions grouped, %.0f "
               "service minutes not delivered.\n",
          ot / W, lunch / W, cut / W, grouped / W, missed / W);
  fprintf(out, "%-12s %8s %6s %6s %6s %8s %7s %7s  %s\n", "therapist",
          "overtime", "lunch", "duties", "docs", "reserve", "grouped",
          "missed", "students losing minutes");
  for (int t = 0; t < sc->therapists.n; t++) {
    const cp_signs *g = &sol->signs[t];
    fprintf(out, "%-12s %8.0f %6.0f %6.0f %6.0f %8.0f %7.0f %7.0f  ",
            sc->therapists.v[t].id, g->overtime / W, g->lunch_cut / W,
            g->duty_cut / W, g->doc_cut / W, g->reserve_cut / W,
            g->forced_group / W, g->missed / W);
    students_losing(out, sc, sol, t, false);
    fputc('\n', out);
  }
}
