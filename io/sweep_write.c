/* sweep_write.c — sweep.csv and the text table (see sweep_write.h).
 * Figures come from the sweep record only: cp_capacity_compute's for the
 * caseload and workload, cp_staff's for the bracket. */
#include "sweep_write.h"

#include "out_dir.h"
#include "staffing_write.h"

#include <stdlib.h>
#include <string.h>

/* A cycle's minutes per week: whole, else up to two decimals (rotation
 * weeks are 1, 2 or 4, so two are exact). */
static void put_week(FILE *out, long cycle, int weeks)
{
  if (weeks <= 1 || cycle % weeks == 0) {
    fprintf(out, "%ld", weeks > 1 ? cycle / weeks : cycle);
    return;
  }
  char buf[48];
  snprintf(buf, sizeof buf, "%.2f", (double)cycle / weeks);
  size_t n = strlen(buf);
  while (n > 0 && buf[n - 1] == '0')
    buf[--n] = 0;
  fputs(buf, out);
}

void cp_sweep_needed(const cp_sweep_row *r, char buf[32])
{
  if (r->lower < 0)
    snprintf(buf, 32, "none");
  else if (r->upper < 0)
    snprintf(buf, 32, ">=%d", r->now + r->lower);
  else if (r->upper == r->lower)
    snprintf(buf, 32, "%d", r->now + r->lower);
  else
    snprintf(buf, 32, "%d..%d", r->now + r->lower, r->now + r->upper);
}

void cp_sweep_write_csv(FILE *out, const cp_sweep *sw)
{
  fputs("growth_pct,discipline,students,services,service_minutes_week,"
        "workload_minutes_week,capacity_minutes_week,therapists_now,"
        "needed_lower,needed_upper,status,seconds,proof,why\n",
        out);
  for (int i = 0; i < sw->n; i++) {
    const cp_sweep_row *r = &sw->rows[i];
    fprintf(out, "%d,", r->growth);
    cp_csv_put(out, sw->disciplines[r->discipline]);
    fprintf(out, ",%d,%d,", r->students, r->services);
    put_week(out, r->service_minutes, sw->weeks);
    fputc(',', out);
    put_week(out, r->workload_minutes, sw->weeks);
    fputc(',', out);
    put_week(out, r->capacity_minutes, sw->weeks);
    fputc(',', out);
    cp_bracket_write_csv(out, r->now, r->lower, r->upper);
    fprintf(out, ",%s,%.1f,", cp_sweep_status(r), r->seconds);
    cp_csv_put(out, r->proof[0] ? r->proof
                                : (r->upper == 0 ? "a schedule exists"
                                                 : "none found"));
    fputc(',', out);
    cp_csv_put(out, r->why);
    fputc('\n', out);
  }
}

void cp_sweep_write_text_head(FILE *out)
{
  fprintf(out, "%6s  %-10s %8s %8s %8s %8s %8s %4s %7s  %-10s %7s\n",
          "growth", "discipline", "students", "services", "service",
          "workload", "capacity", "now", "needed", "status", "seconds");
}

void cp_sweep_write_text_rows(FILE *out, const cp_sweep *sw, int from)
{
  for (int i = from; i < sw->n; i++) {
    const cp_sweep_row *r = &sw->rows[i];
    int W = sw->weeks > 0 ? sw->weeks : 1;
    char needed[32];
    cp_sweep_needed(r, needed);
    fprintf(out, "%5d%%  %-10s %8d %8d %8.0f %8.0f %8.0f %4d %7s  %-10s "
                 "%7.1f\n",
            r->growth, sw->disciplines[r->discipline], r->students,
            r->services, (double)r->service_minutes / W,
            (double)r->workload_minutes / W, (double)r->capacity_minutes / W,
            r->now, needed, cp_sweep_status(r), r->seconds);
  }
}

void cp_sweep_write_text_notes(FILE *out, const cp_sweep *sw)
{
  int n = 0;
  for (int i = 0; i < sw->n; i++) {
    const cp_sweep_row *r = &sw->rows[i];
    if (r->lower >= 0 && r->upper == r->lower)
      continue;
    if (!n++)
      fprintf(out, "\nWhere the bracket is not exact:\n");
    fprintf(out, "  %d%% %s: %s\n", r->growth, sw->disciplines[r->discipline],
            r->lower < 0 ? r->proof : r->why);
  }
}
