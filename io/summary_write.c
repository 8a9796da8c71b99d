/* summary_write.c — `caseplan check` output: demand against capacity per
 * discipline, per therapist (pinned caseload) and per school, then every
 * overload the arithmetic already proves.  Figures come from capacity.c. */
#include "summary_write.h"

static void row(FILE *out, const char *label, const cp_load *l)
{
  double util = l->capacity > 0 ? 100.0 * l->demand / l->capacity : 0;
  fprintf(out, "%-14s %5d %6d %7d %7d %6d %7d %6d %7d %8d %6.0f%%%s\n",
          label, l->students, l->sessions, l->direct, l->consult,
          l->documentation, l->reserve, l->duties, l->demand, l->capacity,
          util, l->demand > l->capacity ? "  OVER" : "");
}

static void header(FILE *out, const char *what)
{
  fprintf(out, "%-14s %5s %6s %7s %7s %6s %7s %6s %7s %8s %7s\n", what,
          "stud", "sess", "direct", "consult", "doc", "reserve", "duties",
          "demand", "capacity", "util");
}

void cp_summary_write(FILE *out, const cp_scenario *sc, const cp_capacity *c,
                      const cp_certs *certs)
{
  const char *per = c->weeks == 1 ? "minutes per week"
                                  : c->weeks == 2 ? "minutes per 2-week cycle"
                                                  : "minutes per 4-week cycle";
  fprintf(out,
          "caseplan check: %d schools, %d therapists, %d students, %d "
          "services\n",
          sc->schools.n, sc->therapists.n, sc->students.n, sc->services.n);
  fprintf(out, "\nDemand against capacity by discipline (%s; groups at their "
               "best case; capacity = contract - lunch - fixed duties)\n",
          per);
  header(out, "discipline");
  for (int k = 0; k < c->n_disc; k++)
    row(out, sc->disciplines[k], &c->disc[k]);

  fprintf(out, "\nBy therapist: contract and pinned caseload (unpinned "
               "students are assigned by solve)\n");
  header(out, "therapist");
  for (int t = 0; t < c->n_ther; t++) {
    char label[64];
    snprintf(label, sizeof label, "%s %s", sc->therapists.v[t].id,
             sc->disciplines[sc->therapists.v[t].discipline]);
    row(out, label, &c->ther[t]);
  }

  fprintf(out, "\nBy school: direct and consult minutes against the time "
               "eligible therapists can be there\n");
  fprintf(out, "%-14s %-8s %5s %6s %7s %7s %9s %7s\n", "school", "disc",
          "stud", "sess", "direct", "consult", "presence", "util");
  for (int i = 0; i < c->n_school; i++) {
    const cp_load *l = &c->school[i];
    double util = l->capacity > 0 ? 100.0 * l->demand / l->capacity : 0;
    fprintf(out, "%-14s %-8s %5d %6d %7d %7d %9d %6.0f%%%s\n",
            sc->schools.v[l->who].id, sc->disciplines[l->discipline],
            l->students, l->sessions, l->direct, l->consult, l->capacity,
            util, l->demand > l->capacity ? "  OVER" : "");
  }
  if (certs->n) {
    fprintf(out, "\nOverload the arithmetic already proves (%d; each "
                 "re-checked independently):\n",
            certs->n);
    for (int i = 0; i < certs->n; i++)
      fprintf(out, "- %s\n", certs->v[i].sentence);
    fprintf(out, "`caseplan explain` prints the arithmetic term by term; "
                 "`caseplan staff` the staffing that closes it.\n");
  } else {
    fprintf(out, "\nNo overload visible in the arithmetic; `caseplan solve` "
                 "decides whether a week fits.\n");
  }
}
