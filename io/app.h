/* app.h — the commands of caseplan as library calls.
 *
 * cp_app_run() is what main.c calls once the arguments are parsed: it reads
 * the scenario, runs the solver stage the command needs, writes the outputs
 * and reports to OUT (results) and ERR (errors, progress).
 */
#ifndef CP_APP_H
#define CP_APP_H

#include "../solver/caseplan.h"

typedef struct cp_app_options {
  const char *scenario;  /* SCENARIO_DIR (or DIR for generate) */
  const char *schedule;  /* verify: SCHEDULE.csv */
  const char *out_dir;   /* -o, default "out" */
  double time_limit;     /* 0 = settings */
  const char *write_lp;
  const char *hire_like;
  const char *keep;
  const char *size;
  const char *sweep;
  const char *params[64]; /* generate: --param key=value, repeatable */
  int n_params;
  int seed;
  int memory_limit;
  int jobs;              /* 0 = processors online */
  bool quiet, help, version;
} cp_app_options;

void cp_app_options_init(cp_app_options *o);
cp_status cp_app_run(const char *command, const cp_app_options *o, FILE *out,
                     FILE *err);

#endif
