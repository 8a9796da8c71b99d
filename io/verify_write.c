/* verify_write.c — writes a cp_verify_report, one violation a line, in the
 * same "file:line: text" form as input errors so editors can jump to the
 * row.  See verify_write.h. */
#include "verify_write.h"

void cp_verify_report_write(FILE *out, const cp_scenario *sc,
                            const cp_verify_report *rep)
{
  (void)sc; /* violations already name ids; kept for future grouping */
  const char *file = rep->file[0] ? rep->file : "schedule.csv";
  for (int i = 0; i < rep->n; i++) {
    const cp_violation *v = &rep->v[i];
    if (v->line > 0)
      fprintf(out, "%s:%d: %s\n", file, v->line, v->text);
    else
      fprintf(out, "%s: %s\n", file, v->text);
  }
}
