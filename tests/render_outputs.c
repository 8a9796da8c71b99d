/* render_outputs.c — writes schedule.html, report.html, term.csv,
 * term_minutes.csv and ics/ for a scenario through the library, the way
 * `caseplan` does once io/app.c calls these writers; tests/test_render.sh
 * and tests/test_ics.py run it.
 *
 *   render_outputs solve SCENARIO -o DIR     as `caseplan solve`: the
 *        schedule and every output; or, when a certificate proves that none
 *        exists, the bracket, the least-bad week and the proof outputs
 *   render_outputs staff SCENARIO -o DIR     bracket, witness and proof
 *   render_outputs verify SCENARIO SCHEDULE.csv -o DIR
 *                                            outputs of a given schedule
 *
 * Exit codes as caseplan's (0 done, 1 no schedule exists, 3 input error,
 * 4 no answer in time, 5 other failures).  Built by
 * `make build/tests/render_outputs` (the pattern rule for tests/).
 */
#include "../io/html_report.h"
#include "../io/html_schedule.h"
#include "../io/ics_write.h"
#include "../io/out_dir.h"
#include "../io/schedule_read.h"
#include "../io/schedule_write.h"
#include "../io/staffing_write.h"
#include "../io/term_write.h"
#include "../io/warnings_write.h"
#include "../solver/district.h"
#include "../solver/staffing.h"
#include "../solver/workload.h"

#include <stdio.h>
#include <string.h>

static int usage(void)
{
  fputs("usage: render_outputs solve|staff SCENARIO -o DIR\n"
        "       render_outputs verify SCENARIO SCHEDULE.csv -o DIR\n",
        stderr);
  return 2;
}

/* Every output of schedule S, staffing SF and least-bad week FORCED (each
 * may be NULL). */
static cp_status write_all(const char *dir, const cp_scenario *sc,
                           const cp_schedule *s, const cp_staffing *sf,
                           const cp_solution *forced)
{
  cp_outdir od;
  cp_status st = cp_outdir_open(&od, dir);
  if (st != CP_OK) {
    fprintf(stderr, "render_outputs: %s\n", od.error);
    return st;
  }
  FILE *f;
  cp_workload wl = {0};
  cp_term term = {0};
  if (s) {
    if (cp_workload_compute(sc, s, &wl) != CP_OK)
      goto fail;
    if (!(f = cp_outdir_file(&od, "schedule.csv")))
      goto fail;
    cp_schedule_write_csv(f, sc, s);
    if (!(f = cp_outdir_file(&od, "minutes.csv")))
      goto fail;
    cp_minutes_write_csv(f, sc, s, NULL);
    if (!(f = cp_outdir_file(&od, "workload.csv")))
      goto fail;
    cp_workload_write_csv(f, sc, &wl);
    if (!(f = cp_outdir_file(&od, "schedule.html")))
      goto fail;
    cp_html_schedule_write(f, sc, s);
    if (sc->set.term_start >= 0 && sc->set.term_end >= 0) {
      if ((st = cp_term_build(sc, s, &term)) != CP_OK) {
        snprintf(od.error, sizeof od.error, "term: %s %s", cp_strerror(st),
                 term.error);
        goto fail;
      }
      if (!(f = cp_outdir_file(&od, "term.csv")))
        goto fail;
      cp_term_write_csv(f, sc, &term);
      if (!(f = cp_outdir_file(&od, "term_minutes.csv")))
        goto fail;
      cp_term_minutes_write_csv(f, sc, &term);
    }
    char why[300];
    if (cp_ics_check(sc, why, sizeof why) == CP_OK) {
      for (int t = 0; t < sc->therapists.n; t++) {
        char name[1024];
        cp_ics_file_name(sc, t, name, sizeof name);
        if (!(f = cp_outdir_file(&od, name)))
          goto fail;
        if ((st = cp_ics_write(f, sc, s, term.occ ? &term : NULL, t)) !=
            CP_OK) {
          snprintf(od.error, sizeof od.error, "%s: %s", name,
                   cp_strerror(st));
          goto fail;
        }
      }
    } else {
      printf("note: no calendars written: %s\n", why);
    }
  }
  if (sf) {
    if (!(f = cp_outdir_file(&od, "staffing.csv")))
      goto fail;
    cp_staffing_write_csv(f, sc, sf);
    if (!(f = cp_outdir_file(&od, "proof.txt")))
      goto fail;
    cp_certs_write_text(f, sc, &sf->certs);
    cp_staffing_write_text(f, sc, sf);
  }
  if (forced && forced->sched) {
    if (!(f = cp_outdir_file(&od, "warnings.csv")))
      goto fail;
    cp_warnings_write_csv(f, sc, forced);
  }
  if (!(f = cp_outdir_file(&od, "report.html")))
    goto fail;
  cp_html_report_write(f, sc, s, sf, forced);
  cp_workload_fini(&wl);
  cp_term_fini(&term);
  st = cp_outdir_commit(&od);
  if (st != CP_OK)
    fprintf(stderr, "render_outputs: %s\n", od.error);
  return st;
fail:
  cp_workload_fini(&wl);
  cp_term_fini(&term);
  fprintf(stderr, "render_outputs: %s\n",
          od.error[0] ? od.error : "out of memory");
  cp_outdir_abort(&od);
  return CP_ERR_IO;
}

int main(int argc, char **argv)
{
  const char *cmd = argc > 1 ? argv[1] : "", *scen = NULL, *sched = NULL,
             *dir = NULL;
  for (int i = 2; i < argc; i++) {
    if (!strcmp(argv[i], "-o") && i + 1 < argc)
      dir = argv[++i];
    else if (!scen)
      scen = argv[i];
    else if (!sched)
      sched = argv[i];
    else
      return usage();
  }
  bool verify = !strcmp(cmd, "verify");
  if (!scen || !dir || (verify != (sched != NULL)) ||
      (!verify && strcmp(cmd, "solve") && strcmp(cmd, "staff")))
    return usage();

  cp_diag diag;
  cp_diag_init(&diag);
  cp_scenario *sc = NULL;
  cp_status st = cp_scenario_read(scen, &sc, &diag);
  if (st != CP_OK) {
    cp_diag_print(&diag, stderr);
    return cp_exit_code(st);
  }
  if (verify) {
    cp_schedule *s = NULL;
    st = cp_schedule_read(sc, sched, &s, &diag);
    if (st == CP_OK)
      st = write_all(dir, sc, s, NULL, NULL);
    else
      cp_diag_print(&diag, stderr);
    cp_schedule_destroy(s);
  } else if (!strcmp(cmd, "solve")) {
    /* as io/app.c: a proof from arithmetic first */
    cp_solve_opts so = {.time_limit = sc->set.time_limit};
    cp_staff_opts o = {.time_limit = so.time_limit, .like = CP_NONE};
    cp_staffing sf;
    st = cp_staff(sc, &o, true, &sf);
    if (st == CP_OK && sf.infeasible) {
      cp_staffing_fini(&sf);
      st = cp_staff(sc, &o, false, &sf);
      cp_scenario_drop_hires(sc);
      cp_solution forced = {0};
      so.elastic = true;
      if (st == CP_OK) {
        cp_status e = cp_district_solve(sc, &so, &forced);
        if (e != CP_OK && e != CP_UNDECIDED)
          st = e;
      }
      if (st == CP_OK) {
        st = write_all(dir, sc, NULL, &sf, &forced);
        if (st == CP_OK)
          st = CP_INFEASIBLE;
      }
      if (sf.rows)
        cp_staffing_fini(&sf);
      cp_solution_fini(&forced);
    } else if (st == CP_OK) {
      cp_staffing_fini(&sf);
      cp_solution sol;
      st = cp_district_solve(sc, &so, &sol);
      if (st == CP_OK)
        st = write_all(dir, sc, sol.sched, NULL, NULL);
      cp_solution_fini(&sol);
    }
  } else {
    cp_staff_opts o = {.time_limit = sc->set.time_limit, .like = CP_NONE};
    cp_staffing sf;
    st = cp_staff(sc, &o, false, &sf);
    if (st == CP_OK) {
      st = write_all(dir, sc, sf.witness.sched, &sf, NULL);
      cp_staffing_fini(&sf);
    }
  }
  if (st != CP_OK && st != CP_INFEASIBLE)
    fprintf(stderr, "render_outputs: %s\n", cp_strerror(st));
  cp_scenario_destroy(sc);
  return cp_exit_code(st);
}
