/* diag.c — status codes and the caller-owned list of input errors.
 *
 * The status table in caseplan.h generates cp_strerror() and cp_exit_code();
 * cp_diag collects "file:line: message" records so a run can report every
 * input error (up to CP_DIAG_CAP) instead of only the first.
 */
#include "caseplan.h"

#include <stdarg.h>
#include <string.h>

const char *cp_strerror(cp_status st)
{
  switch (st) {
#define CP_X(name, code, msg)                                                  \
  case name:                                                                   \
    return msg;
    CP_STATUS_LIST(CP_X)
#undef CP_X
  default:
    return "unknown status";
  }
}

int cp_exit_code(cp_status st)
{
  switch (st) {
#define CP_X(name, code, msg)                                                  \
  case name:                                                                   \
    return code;
    CP_STATUS_LIST(CP_X)
#undef CP_X
  default:
    return 5;
  }
}

void cp_diag_init(cp_diag *d)
{
  d->n = 0;
  d->total = 0;
}

void cp_diag_add(cp_diag *d, const char *file, int line, const char *fmt, ...)
{
  d->total++;
  if (d->n >= CP_DIAG_CAP)
    return;
  cp_msg *m = &d->msgs[d->n++];
  snprintf(m->file, sizeof m->file, "%s", file ? file : "");
  m->line = line;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(m->text, sizeof m->text, fmt, ap);
  va_end(ap);
}

void cp_diag_print(const cp_diag *d, FILE *out)
{
  for (int i = 0; i < d->n; i++) {
    const cp_msg *m = &d->msgs[i];
    if (m->file[0] && m->line > 0)
      fprintf(out, "%s:%d: %s\n", m->file, m->line, m->text);
    else if (m->file[0])
      fprintf(out, "%s: %s\n", m->file, m->text);
    else
      fprintf(out, "%s\n", m->text);
  }
  if (d->total > d->n)
    fprintf(out, "... and %d more errors\n", d->total - d->n);
}
