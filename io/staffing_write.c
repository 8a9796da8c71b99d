/* staffing_write.c — staffing.csv, the proof text and the bracket in words.
 * Figures come from the certificates and the witness schedule only. */
#include "staffing_write.h"

#include "out_dir.h"
#include "values.h"

#include <string.h>

void cp_bracket_write_csv(FILE *out, int now, int lower, int upper)
{
  fprintf(out, "%d,", now);
  if (lower >= 0)
    fprintf(out, "%d", now + lower);
  fputc(',', out);
  if (upper >= 0)
    fprintf(out, "%d", now + upper);
}

void cp_staffing_write_csv(FILE *out, const cp_scenario *sc,
                           const cp_staffing *s)
{
  fputs("discipline,therapists_now,needed_lower,needed_upper,"
        "shortfall_minutes,proof\n",
        out);
  for (int k = 0; k < s->n; k++) {
    const cp_staff_row *r = &s->rows[k];
    cp_csv_put(out, sc->disciplines[r->discipline]);
    fputc(',', out);
    cp_bracket_write_csv(out, r->now, r->lower, r->upper);
    fprintf(out, ",%ld,", r->short_minutes);
    cp_csv_put(out, r->proof[0] ? r->proof
                                : (r->upper == 0 ? "a schedule exists"
                                                 : "none found"));
    fputc('\n', out);
  }
}

void cp_certs_write_text(FILE *out, const cp_scenario *sc,
                         const cp_certs *certs)
{
  (void)sc;
  for (int i = 0; i < certs->n; i++) {
    const cp_cert *c = &certs->v[i];
    fprintf(out, "%d. %s\n", i + 1, c->sentence);
    const char *p = c->detail;
    while (*p) {
      const char *nl = strchr(p, '\n');
      int len = nl ? (int)(nl - p) : (int)strlen(p);
      fprintf(out, "   %.*s\n", len, p);
      p += len + (nl ? 1 : 0);
    }
    fprintf(out, "   [%s; checked independently]\n", c->name);
  }
}

void cp_staffing_write_text(FILE *out, const cp_scenario *sc,
                            const cp_staffing *s)
{
  for (int k = 0; k < s->n; k++) {
    const cp_staff_row *r = &s->rows[k];
    const char *dn = sc->disciplines[r->discipline];
    if (r->lower < 0) {
      fprintf(out, "%s: no number of %s therapists makes a schedule exist "
                   "(%s).\n",
              dn, dn, r->proof);
      continue;
    }
    if (r->upper >= 0 && r->upper == r->lower)
      fprintf(out, "%s: exactly %d therapist%s needed (now %d): %s.\n", dn,
              r->now + r->lower, r->now + r->lower == 1 ? "" : "s", r->now,
              r->lower == 0 ? "the current staff can work the caseload"
                            : "proven by the certificate, witnessed by a "
                              "verified schedule with the hires");
    else if (r->upper >= 0)
      fprintf(out, "%s: between %d and %d therapists needed (now %d): %s.\n",
              dn, r->now + r->lower, r->now + r->upper, r->now, r->why);
    else if (r->why[0])
      fprintf(out, "%s: at least %d therapists needed (now %d): %s.\n", dn,
              r->now + r->lower, r->now, r->why);
    else
      fprintf(out, "%s: at least %d therapists needed (now %d); `caseplan "
                   "staff` searches for the schedule that shows how many "
                   "suffice.\n",
              dn, r->now + r->lower, r->now);
  }
  if (!s->witness.sched)
    return;
  /* where each hire works */
  for (int t = 0; t < sc->therapists.n; t++) {
    const cp_therapist *th = &sc->therapists.v[t];
    if (!th->hire)
      continue;
    int minutes = 0, first = 24 * 60, last = 0;
    bool school[1024] = {false};
    for (int i = 0; i < s->witness.sched->n; i++) {
      const cp_row *row = &s->witness.sched->rows[i];
      if (row->therapist != t)
        continue;
      if (row->act == CP_ACT_SESSION || row->act == CP_ACT_CONSULT)
        minutes += row->end - row->start;
      if (row->school >= 0 && row->school < 1024)
        school[row->school] = true;
      if (row->start < first)
        first = row->start;
      if (row->end > last)
        last = row->end;
    }
    char a[6], b[6];
    cp_format_time(first < last ? first : 0, a);
    cp_format_time(last, b);
    fprintf(out, "  %s (%s): %d minutes of sessions and consults a cycle, "
                 "%s-%s, at",
            th->id, sc->disciplines[th->discipline], minutes, a, b);
    int n = 0;
    for (int k = 0; k < sc->schools.n && k < 1024; k++)
      if (school[k])
        fprintf(out, "%s %s", n++ ? "," : "", sc->schools.v[k].id);
    fprintf(out, "%s\n", n ? "" : " no school");
  }
}

void cp_hires_write_csv(FILE *out, const cp_scenario *sc)
{
  fputs("therapist_id,name,discipline,days,start,end,lunch_minutes,"
        "lunch_earliest,lunch_latest,base_school,schools\n",
        out);
  for (int t = 0; t < sc->therapists.n; t++) {
    const cp_therapist *th = &sc->therapists.v[t];
    if (!th->hire)
      continue;
    /* one row per distinct day pattern */
    bool done[CP_DAYS] = {false};
    for (int d = 0; d < CP_DAYS; d++) {
      if (!th->day[d].works || done[d])
        continue;
      const cp_workday *w = &th->day[d];
      char days[64] = "";
      size_t used = 0;
      for (int e = d; e < CP_DAYS; e++) {
        const cp_workday *x = &th->day[e];
        if (x->works && !done[e] && x->start == w->start && x->end == w->end &&
            x->lunch_minutes == w->lunch_minutes &&
            x->lunch_earliest == w->lunch_earliest &&
            x->lunch_latest == w->lunch_latest) {
          done[e] = true;
          used += (size_t)snprintf(days + used, sizeof days - used, "%s%s",
                                   used ? ";" : "", cp_day_name[e]);
        }
      }
      char a[6], b[6], c[6], e2[6];
      cp_format_time(w->start, a);
      cp_format_time(w->end, b);
      cp_format_time(w->lunch_earliest, c);
      cp_format_time(w->lunch_latest, e2);
      cp_csv_put(out, th->id);
      fprintf(out, ",hypothetical hire,");
      cp_csv_put(out, sc->disciplines[th->discipline]);
      fprintf(out, ",%s,%s,%s,%d,%s,%s,,\n", days, a, b, w->lunch_minutes, c,
              e2);
    }
  }
}
