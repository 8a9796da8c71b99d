/* fuzz_schedule.c — libFuzzer harness for `caseplan verify`'s half: the
 * schedule reader (io/schedule_read.c), then cp_verify (solver/verify.c)
 * and the workload, on one fixed valid scenario.
 *
 * The scenario (instances/tiny, or $CASEPLAN_FUZZ_SCENARIO) is read once at
 * start-up; one input is one schedule.csv, written to the scratch folder
 * and taken through the same steps as cmd_verify in io/app.c, the texts
 * written to /dev/null.  Besides the sanitizers, the harness checks that a
 * schedule comes back exactly when the status is OK, that an input error
 * has a message, and that every violation names a line of the file or none.
 */
#include "fuzz_util.h"

#include "../../io/schedule_read.h"
#include "../../io/schedule_write.h"
#include "../../io/verify_write.h"
#include "../../solver/verify.h"
#include "../../solver/workload.h"

#ifndef CP_FUZZ_SCENARIO
#define CP_FUZZ_SCENARIO "instances/tiny"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static cp_scenario *scenario;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc;
  (void)argv;
  const char *dir = getenv("CASEPLAN_FUZZ_SCENARIO");
  if (!dir)
    dir = CP_FUZZ_SCENARIO;
  cp_diag diag;
  cp_diag_init(&diag);
  if (cp_scenario_read(dir, &scenario, &diag) != CP_OK) {
    cp_diag_print(&diag, stderr);
    fprintf(stderr, "fuzz_schedule: cannot read the scenario %s (set "
            "CASEPLAN_FUZZ_SCENARIO)\n", dir);
    exit(2);
  }
  fuzz_dir();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char path[512];
  fuzz_path(path, sizeof path, "schedule.csv");
  fuzz_write("schedule.csv", data, size);

  cp_diag diag;
  cp_diag_init(&diag);
  cp_schedule *s = NULL;
  cp_status st = cp_schedule_read(scenario, path, &s, &diag);
  fuzz_require(st == CP_OK || st == CP_ERR_INPUT || st == CP_ERR_NOMEM);
  fuzz_require((st == CP_OK) == (s != NULL));
  fuzz_require(st != CP_ERR_INPUT || diag.total > 0);
  fuzz_check_diag(&diag);
  if (s) {
    cp_verify_report rep;
    st = cp_verify(scenario, s, &rep);
    fuzz_require(st == CP_OK || st == CP_VIOLATIONS || st == CP_ERR_NOMEM);
    fuzz_require(st != CP_OK || rep.n == 0);
    fuzz_require(st != CP_VIOLATIONS || rep.n > 0);
    for (int i = 0; i < rep.n; i++)
      fuzz_require(rep.v[i].line >= 0 && rep.v[i].text[0] &&
                   memchr(rep.v[i].text, 0, sizeof rep.v[i].text));
    if (st != CP_ERR_NOMEM) {
      cp_verify_report_write(fuzz_null(), scenario, &rep);
      cp_workload wl;
      if (cp_workload_compute(scenario, s, &wl) == CP_OK)
        cp_workload_write_text(fuzz_null(), scenario, &wl);
      cp_workload_fini(&wl);
    }
    cp_verify_report_fini(&rep);
  }
  cp_schedule_destroy(s);
  return 0;
}
