/* main.c — the caseplan command line.
 *
 * Parses the command and options (one table generates parsing, range checks
 * and --help), calls libcaseplan and maps its status to the exit code of
 * SPEC §4.  All terminal output of the program is here or in the writers it
 * calls with stdout/stderr.
 */
#include "../io/app.h"
#include "../solver/caseplan.h"
#include "../solver/solve.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { O_STR, O_REAL, O_INT, O_FLAG, O_LIST } opt_type;

typedef struct opt_def {
  const char *name;
  char short_name;
  opt_type type;
  size_t off;
  double lo, hi;
  const char *arg;
  const char *help;
} opt_def;

#define OFF(f) offsetof(cp_app_options, f)

static const opt_def opts[] = {
    {"output", 'o', O_STR, OFF(out_dir), 0, 0, "DIR",
     "output folder (default out/)"},
    {"time-limit", 0, O_REAL, OFF(time_limit), 0.1, 86400, "S",
     "solver wall-clock budget in seconds (default: settings.csv)"},
    {"write-lp", 0, O_STR, OFF(write_lp), 0, 0, "FILE",
     "write the whole scenario as one monolithic model (CPLEX LP format)"},
    {"hire-like", 0, O_STR, OFF(hire_like), 0, 0, "ID",
     "staff: hypothetical hires copy this therapist's contract"},
    {"keep", 0, O_STR, OFF(keep), 0, 0, "FILE",
     "solve: previous schedule.csv to change as little as possible"},
    {"seed", 0, O_INT, OFF(seed), 0, 2147483647, "N",
     "generate: random seed (default 1)"},
    {"size", 0, O_STR, OFF(size), 0, 0, "NAME",
     "generate: preset district size (S, M, L, demo)"},
    {"param", 0, O_LIST, OFF(params), 0, 0, "KEY=VALUE",
     "generate: set one knob (repeatable; see the README)"},
    {"sweep", 0, O_STR, OFF(sweep), 0, 0, "SPEC",
     "staff: caseload growth sweep, e.g. growth=0:50:10"},
    {"memory-limit", 0, O_INT, OFF(memory_limit), 1, 1048576, "MB",
     "solver memory limit in MiB"},
    {"jobs", 'j', O_INT, OFF(jobs), 1, 16, "N",
     "weekly solves run at once, one process each (default: processors)"},
    {"quiet", 'q', O_FLAG, OFF(quiet), 0, 0, NULL, "no progress line"},
    {"help", 'h', O_FLAG, OFF(help), 0, 0, NULL, "show this help"},
    {"version", 0, O_FLAG, OFF(version), 0, 0, NULL, "show the version"},
};
#define N_OPTS ((int)(sizeof opts / sizeof opts[0]))

static const struct {
  const char *name, *args, *help;
} commands[] = {
    {"check", "SCENARIO", "validate and print demand against capacity"},
    {"solve", "SCENARIO", "build the weekly schedule and write the outputs"},
    {"verify", "SCENARIO SCHEDULE.csv", "check a schedule against a scenario"},
    {"explain", "SCENARIO", "prove why no schedule exists"},
    {"staff", "SCENARIO", "minimum staffing per discipline (a bracket)"},
    {"generate", "DIR", "write a synthetic district scenario"},
};
#define N_CMDS ((int)(sizeof commands / sizeof commands[0]))

static void usage(FILE *out)
{
  fprintf(out, "usage: caseplan COMMAND [OPTIONS] SCENARIO_DIR\n\n"
               "Weekly schedules for itinerant school therapists, and proof "
               "of understaffing.\n\ncommands:\n");
  for (int i = 0; i < N_CMDS; i++)
    fprintf(out, "  %-9s %-22s %s\n", commands[i].name, commands[i].args,
            commands[i].help);
  fprintf(out, "\noptions:\n");
  for (int i = 0; i < N_OPTS; i++) {
    char flag[48];
    if (opts[i].short_name)
      snprintf(flag, sizeof flag, "-%c, --%s%s%s", opts[i].short_name,
               opts[i].name, opts[i].arg ? " " : "",
               opts[i].arg ? opts[i].arg : "");
    else
      snprintf(flag, sizeof flag, "    --%s%s%s", opts[i].name,
               opts[i].arg ? " " : "", opts[i].arg ? opts[i].arg : "");
    fprintf(out, "  %-28s %s\n", flag, opts[i].help);
  }
  fprintf(out, "\nexit codes: 0 done, 1 infeasible or violations, 2 usage, "
               "3 input error, 4 no answer within limits, 5 internal "
               "error\n");
}

static int usage_error(const char *what, const char *arg)
{
  fprintf(stderr, "caseplan: %s '%s'\ntry 'caseplan --help'\n", what, arg);
  return 2;
}

static const opt_def *find_opt(const char *name, size_t len, char short_name)
{
  for (int i = 0; i < N_OPTS; i++) {
    if (short_name ? opts[i].short_name == short_name
                   : strlen(opts[i].name) == len &&
                         !strncmp(opts[i].name, name, len))
      return &opts[i];
  }
  return NULL;
}

static int set_opt(cp_app_options *o, const opt_def *d, const char *val)
{
  void *p = (char *)o + d->off;
  char *end;
  switch (d->type) {
  case O_FLAG:
    *(bool *)p = true;
    return 0;
  case O_STR:
    *(const char **)p = val;
    return 0;
  case O_LIST:
    if (o->n_params >= (int)(sizeof o->params / sizeof o->params[0])) {
      fprintf(stderr, "caseplan: too many --%s options\ntry 'caseplan "
                      "--help'\n", d->name);
      return 2;
    }
    o->params[o->n_params++] = val;
    return 0;
  case O_REAL: {
    errno = 0;
    double v = strtod(val, &end);
    if (end == val || *end || errno || v < d->lo || v > d->hi) {
      fprintf(stderr,
              "caseplan: --%s '%s' is not valid: expected a number from %g "
              "to %g\ntry 'caseplan --help'\n",
              d->name, val, d->lo, d->hi);
      return 2;
    }
    *(double *)p = v;
    return 0;
  }
  case O_INT: {
    errno = 0;
    long v = strtol(val, &end, 10);
    if (end == val || *end || errno || v < d->lo || v > d->hi) {
      fprintf(stderr,
              "caseplan: --%s '%s' is not valid: expected a whole number "
              "from %g to %g\ntry 'caseplan --help'\n",
              d->name, val, d->lo, d->hi);
      return 2;
    }
    *(int *)p = (int)v;
    return 0;
  }
  }
  return 2;
}

/* Ctrl-C during a search: the search stops within a fraction of a second
 * and the best week found so far is written, marked incomplete.  A second
 * Ctrl-C kills as usual (SA_RESETHAND). */
static void on_interrupt(int sig)
{
  (void)sig;
  cp_interrupt();
}

int main(int argc, char **argv)
{
  /* past a file-size limit, write() must fail (EFBIG) so the output folder
   * is rolled back, rather than the process dying mid-write */
  signal(SIGXFSZ, SIG_IGN);
  cp_app_options o;
  cp_app_options_init(&o);
  const char *pos[3];
  int n_pos = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const opt_def *d = NULL;
    const char *val = NULL;
    if (!strcmp(a, "--")) {
      while (++i < argc && n_pos < 3)
        pos[n_pos++] = argv[i];
      break;
    }
    if (a[0] == '-' && a[1] == '-') {
      const char *eq = strchr(a + 2, '=');
      size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
      d = find_opt(a + 2, len, 0);
      if (!d)
        return usage_error("unknown option", a);
      if (eq)
        val = eq + 1;
    } else if (a[0] == '-' && a[1] && !a[2]) {
      d = find_opt(NULL, 0, a[1]);
      if (!d)
        return usage_error("unknown option", a);
    } else {
      if (n_pos == 3)
        return usage_error("too many arguments at", a);
      pos[n_pos++] = a;
      continue;
    }
    if (d->type == O_FLAG) {
      if (val)
        return usage_error("this option takes no value:", a);
    } else if (!val) {
      if (i + 1 >= argc)
        return usage_error("this option needs a value:", a);
      val = argv[++i];
    }
    int rc = set_opt(&o, d, val);
    if (rc)
      return rc;
  }
  if (o.help) {
    usage(stdout);
    return 0;
  }
  if (o.version) {
    printf("caseplan %s\n", CP_VERSION);
    return 0;
  }
  if (n_pos == 0)
    return usage_error("no command given; expected one of", "check solve verify explain staff generate");
  const char *cmd = pos[0];
  int want = 0;
  for (int i = 0; i < N_CMDS; i++)
    if (!strcmp(cmd, commands[i].name))
      want = strchr(commands[i].args, ' ') ? 2 : 1;
  if (!want)
    return usage_error("unknown command", cmd);
  if (n_pos - 1 != want) {
    fprintf(stderr, "caseplan: %s needs %s\ntry 'caseplan --help'\n", cmd,
            want == 2 ? "SCENARIO_DIR and SCHEDULE.csv" : "one folder");
    return 2;
  }
  o.scenario = pos[1];
  o.schedule = want == 2 ? pos[2] : NULL;
  if (!strcmp(cmd, "solve") || !strcmp(cmd, "staff")) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_interrupt;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
  }
  cp_status st = cp_app_run(cmd, &o, stdout, stderr);
  return cp_exit_code(st);
}
