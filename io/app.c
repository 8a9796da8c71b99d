/* app.c — the commands (check, solve, verify, explain, staff, generate).
 *
 * Each command is a short pipeline over the library: read and validate the
 * scenario, run the stage it needs, re-verify what is written, write the
 * outputs atomically.  Input errors are printed all at once and nothing is
 * written when the input is invalid.
 */
#include "app.h"

#include "../solver/capacity.h"
#include "../solver/scenario.h"
#include "summary_write.h"

#include <string.h>

void cp_app_options_init(cp_app_options *o)
{
  memset(o, 0, sizeof *o);
  o->out_dir = "out";
  o->seed = 1;
}

static cp_status load(const cp_app_options *o, cp_scenario **sc, FILE *err)
{
  cp_diag diag;
  cp_diag_init(&diag);
  cp_status st = cp_scenario_read(o->scenario, sc, &diag);
  if (st != CP_OK) {
    cp_diag_print(&diag, err);
    if (st == CP_ERR_INPUT)
      fprintf(err, "caseplan: %d input error%s in %s; nothing was written\n",
              diag.total, diag.total == 1 ? "" : "s", o->scenario);
    else
      fprintf(err, "caseplan: %s\n", cp_strerror(st));
  }
  return st;
}

static cp_status cmd_check(const cp_app_options *o, FILE *out, FILE *err)
{
  cp_scenario *sc;
  cp_status st = load(o, &sc, err);
  if (st != CP_OK)
    return st;
  cp_capacity cap;
  st = cp_capacity_compute(sc, &cap);
  if (st == CP_OK) {
    cp_summary_write(out, sc, &cap);
    if (cap.n_findings)
      st = CP_OVERLOAD;
    cp_capacity_fini(&cap);
  }
  cp_scenario_destroy(sc);
  return st;
}

cp_status cp_app_run(const char *command, const cp_app_options *o, FILE *out,
                     FILE *err)
{
  if (!strcmp(command, "check"))
    return cmd_check(o, out, err);
  fprintf(err, "caseplan: '%s' is not built yet\n", command);
  return CP_ERR_INTERNAL;
}
