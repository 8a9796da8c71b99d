/* test_monolith.c — the monolithic MILP (solver/monolith.c), the yardstick
 * the benchmark hands to other solvers.
 *
 * The LP file of instances/tiny must read back with glp_read_lp and solve
 * with GLPK to a schedule that misses no minute; its rows and columns carry
 * the names of the formulation; the sets it is built on follow SPEC §2
 * (pinning, individual students, each member's max_group, rotation weeks).
 * GLPK is used directly here to solve what the library wrote.
 */
#include "testutil.h"

#include "../solver/monolith.h"

#include <glpk.h>

/* ---- helpers ------------------------------------------------------------ */

static cp_scenario *read_ok(const char *dir)
{
  cp_scenario *sc = NULL;
  cp_diag d;
  cp_diag_init(&d);
  cp_status st = cp_scenario_read(dir, &sc, &d);
  if (st != CP_OK)
    cp_diag_print(&d, stderr);
  assert_int_equal(st, CP_OK);
  return sc;
}

static char *read_text(const char *path)
{
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  assert_true(n >= 0);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  assert_non_null(s);
  assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = 0;
  fclose(f);
  return s;
}

/* Columns whose name starts with PREFIX. */
static int count_cols(glp_prob *P, const char *prefix)
{
  int n = 0;
  for (int j = 1; j <= glp_get_num_cols(P); j++) {
    const char *name = glp_get_col_name(P, j);
    n += name && !strncmp(name, prefix, strlen(prefix));
  }
  return n;
}

static bool has_col(glp_prob *P, const char *name)
{
  glp_create_index(P);
  return glp_find_col(P, name) != 0;
}

static int quiet(void *info, const char *s)
{
  (void)info;
  (void)s;
  return 1;
}

/* Stops the search at the first schedule that misses nothing: every
 * shortfall minute costs w_missed (1000), travel a day at most a few
 * hundred. */
static void stop_when_complete(glp_tree *T, void *info)
{
  (void)info;
  if (glp_ios_reason(T) == GLP_IBINGO &&
      glp_mip_obj_val(glp_ios_get_prob(T)) < 1000)
    glp_ios_terminate(T);
}

/* ---- tests -------------------------------------------------------------- */

static void tiny_lp_reads_back_and_solves_without_shortfall(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok("../instances/tiny");
  char *dir = tu_tempdir(), path[4200], err[256];
  snprintf(path, sizeof path, "%s/tiny.lp", dir);
  assert_int_equal(cp_monolith_write_lp(sc, path, err, sizeof err), CP_OK);
  assert_string_equal(err, "");

  glp_prob *built = NULL;
  assert_int_equal(cp_monolith_build(sc, &built), CP_OK);
  glp_term_hook(quiet, NULL);
  glp_prob *P = glp_create_prob();
  assert_int_equal(glp_read_lp(P, NULL, path), 0);
  assert_int_equal(glp_get_num_rows(P), glp_get_num_rows(built));
  assert_int_equal(glp_get_num_cols(P), glp_get_num_cols(built));
  assert_int_equal(glp_get_num_nz(P), glp_get_num_nz(built));
  glp_delete_prob(built);

  /* GLPK needs about 5 s here (CBC 1 s): the monolith's LP bound is weak,
   * which is the point of the yardstick.  The search stops at the first
   * schedule that misses nothing, so the answer does not depend on the
   * machine's speed; the time limit is only a safety net (valgrind). */
  glp_iocp parm;
  glp_init_iocp(&parm);
  parm.msg_lev = GLP_MSG_OFF;
  parm.presolve = GLP_ON; /* no LP basis needed first */
  parm.fp_heur = GLP_ON;  /* with the four cut families: half the time */
  parm.gmi_cuts = GLP_ON;
  parm.mir_cuts = GLP_ON;
  parm.cov_cuts = GLP_ON;
  parm.clq_cuts = GLP_ON;
  parm.tm_lim = 600000;
  parm.cb_func = stop_when_complete;
  int ret = glp_intopt(P, &parm);
  assert_int_equal(ret, GLP_ESTOP);
  int ms = glp_mip_status(P);
  assert_true(ms == GLP_OPT || ms == GLP_FEAS);
  double missed = 0;
  int sigmas = 0;
  for (int j = 1; j <= glp_get_num_cols(P); j++)
    if (!strncmp(glp_get_col_name(P, j), "sigma(", 6)) {
      missed += glp_mip_col_val(P, j);
      sigmas++;
    }
  assert_int_equal(sigmas, 7); /* 5 direct services, 2 consults, 1 week */
  assert_true(missed < 1e-6);
  assert_true(glp_mip_obj_val(P) < 1000); /* travel only */
  glp_delete_prob(P);

  int count;
  size_t total;
  glp_mem_usage(&count, NULL, &total, NULL);
  assert_int_equal(count, 0); /* every GLPK object released */
  tu_rmtree(dir);
  free(dir);
  cp_scenario_destroy(sc);
}

static void lp_names_read_like_the_formulation(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok("../instances/tiny");
  char *dir = tu_tempdir(), path[4200], err[256];
  snprintf(path, sizeof path, "%s/tiny.lp", dir);
  assert_int_equal(cp_monolith_write_lp(sc, path, err, sizeof err), CP_OK);
  char *lp = read_text(path);
  static const char *const want[] = {
      "a(S003,SLP,direct,T1)",         /* assignment column */
      "x(S004,SLP,T1,w1,Mon,",         /* a session start */
      "x(S005,SLP.consult,T1,w1,",     /* a consult start */
      "y(S001,SLP,3,T1,w1,",           /* joins a group of level 3 */
      "z(SLP,LIN,30,2,T1,w1,",         /* a group of level 2 at LIN */
      "p(T1,OAK,w1,Tue,0900)",         /* at OAK for the IEP meeting */
      "r(T1,LIN,OAK,w1,Mon,0800)",     /* a drive from the base */
      "lunch(T1,w1,Fri,",              /* a lunch start */
      "sigma(S006,SLP.consult,cycle)", /* consult shortfall per cycle */
      "demand(S001,SLP,w1):",          /* rows */
      "oneaday(S005,SLP,T1,w1,Thu):",
      "cap(T1,w1,Wed,1000):",
      "at(T1,LIN,w1,Mon,",
      "flow(T1,OAK,w1,Tue,",
      "start(T1,w1,Mon):",
      "lunch(T1,w1,Mon):",
      "docs(T1,w1,Fri):",
      "reserve(T1,w1):",
      "duty(T1,planning,w1):",
      "block(T1,planning,w1,Mon,",
      "gmax(SLP,LIN,30,2,T1,w1,",
  };
  for (size_t i = 0; i < sizeof want / sizeof *want; i++)
    if (!strstr(lp, want[i]))
      fail_msg("'%s' is not in the LP file", want[i]);
  /* the fixed meeting's slots hold no session and no drive */
  assert_null(strstr(lp, "x(S004,SLP,T1,w1,Tue,0900)"));
  assert_null(strstr(lp, "r(T1,LIN,OAK,w1,Tue,0900)"));
  /* sessions only at the student's school, Mon-Fri */
  assert_null(strstr(lp, "p(T1,OAK,w1,Sat"));
  free(lp);
  tu_rmtree(dir);
  free(dir);
  cp_scenario_destroy(sc);
}

static void groups_follow_setting_and_every_max_group(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok("../instances/tiny");
  glp_prob *P = NULL;
  assert_int_equal(cp_monolith_build(sc, &P), CP_OK);
  /* S004 and S005 are individual: never in a group */
  assert_int_equal(count_cols(P, "y(S004,"), 0);
  assert_int_equal(count_cols(P, "y(S005,"), 0);
  /* S002 has max_group 2: level-2 groups only; S001 and S003 both */
  assert_int_equal(count_cols(P, "y(S002,SLP,3,"), 0);
  assert_true(count_cols(P, "y(S002,SLP,2,") > 0);
  assert_true(count_cols(P, "y(S001,SLP,3,") > 0);
  assert_true(count_cols(P, "y(S003,SLP,3,") > 0);
  /* a student alone is a plain session, whatever the setting */
  assert_true(count_cols(P, "x(S001,SLP,T1,") > 0);
  glp_delete_prob(P);
  cp_scenario_destroy(sc);
}

static void demo_respects_pinning_schools_and_students(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok("../instances/demo");
  glp_prob *P = NULL;
  assert_int_equal(cp_monolith_build(sc, &P), CP_OK);
  /* S065 (NMS) is pinned to T_OT2; NMS is open to both OTs */
  assert_true(has_col(P, "a(S065,OT,direct,T_OT2)"));
  assert_false(has_col(P, "a(S065,OT,direct,T_OT1)"));
  /* no SLP therapist is offered an OT service */
  assert_false(has_col(P, "a(S065,OT,direct,T_SLP1)"));
  /* T_OT2 works Thursday mornings only and never on Friday */
  assert_int_equal(count_cols(P, "lunch(T_OT2,w1,Fri,"), 0);
  assert_true(count_cols(P, "lunch(T_OT2,w1,Thu,") > 0);
  /* students with OT and SLP get rows across therapists */
  int students = 0;
  for (int i = 1; i <= glp_get_num_rows(P); i++)
    students += !strncmp(glp_get_row_name(P, i), "student(", 8);
  assert_true(students > 0);
  glp_delete_prob(P);
  cp_scenario_destroy(sc);
}

static void rotation_weeks_repeat_the_week(void **state)
{
  (void)state;
  char *dir = tu_tempdir(), cmd[8400];
  snprintf(cmd, sizeof cmd, "cp ../instances/tiny/*.csv '%s'/", dir);
  assert_int_equal(system(cmd), 0);
  tu_write(dir, "settings.csv",
           "key,value\nslot_minutes,5\ngroup_max,3\nrotation_weeks,2\n");
  cp_scenario *one = read_ok("../instances/tiny"), *two = read_ok(dir);
  glp_prob *P1 = NULL, *P2 = NULL;
  assert_int_equal(cp_monolith_build(one, &P1), CP_OK);
  assert_int_equal(cp_monolith_build(two, &P2), CP_OK);
  assert_true(has_col(P2, "sigma(S001,SLP,w2)"));
  assert_true(has_col(P2, "sigma(S005,SLP.consult,cycle)")); /* monthly */
  assert_false(has_col(P1, "sigma(S001,SLP,w2)"));
  assert_true(count_cols(P2, "x(S004,SLP,T1,w2,") > 0);
  assert_int_equal(count_cols(P2, "x(S004,SLP,T1,w2,"),
                   count_cols(P2, "x(S004,SLP,T1,w1,"));
  int n1 = glp_get_num_cols(P1), n2 = glp_get_num_cols(P2);
  assert_true(n2 > 2 * n1 - 50 && n2 < 2 * n1 + 50);
  glp_delete_prob(P1);
  glp_delete_prob(P2);
  cp_scenario_destroy(one);
  cp_scenario_destroy(two);
  tu_rmtree(dir);
  free(dir);
}

static void ids_outside_the_lp_alphabet_are_escaped(void **state)
{
  (void)state;
  char *dir = tu_tempdir(), path[4200], err[256];
  tu_write(dir, "schools.csv",
           "school_id,name,start,end\nA-1,Alder,08:00,15:00\n");
  tu_write(dir, "therapists.csv",
           "therapist_id,name,discipline,days,start,end\n"
           "T:1,Pat,S L P,Mon,08:00,15:00\n");
  tu_write(
      dir, "students.csv",
      "student_id,school_id,grade,classroom,therapist_id\nS~1,A-1,2,2A,\n");
  tu_write(dir, "services.csv",
           "student_id,discipline,mode,minutes,per,session_minutes,setting,"
           "max_group\nS~1,S L P,direct,30,week,30,individual,\n");
  cp_scenario *sc = read_ok(dir);
  snprintf(path, sizeof path, "%s/m.lp", dir);
  assert_int_equal(cp_monolith_write_lp(sc, path, err, sizeof err), CP_OK);
  glp_term_hook(quiet, NULL);
  glp_prob *P = glp_create_prob();
  assert_int_equal(glp_read_lp(P, NULL, path), 0);
  /* '-' ':' ' ' and the escape '~' itself become ~XX: names stay unique */
  assert_true(has_col(P, "a(S~7E1,S~20L~20P,direct,T~3A1)"));
  assert_true(count_cols(P, "x(S~7E1,S~20L~20P,T~3A1,w1,Mon,") > 0);
  assert_true(has_col(P, "p(T~3A1,A~2D1,w1,Mon,0800)"));
  glp_delete_prob(P);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void unwritable_path_is_an_io_error(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok("../instances/tiny");
  char err[256];
  assert_int_equal(
      cp_monolith_write_lp(sc, "/nonexistent/dir/m.lp", err, sizeof err),
      CP_ERR_IO);
  assert_string_equal(err, "cannot write the LP file '/nonexistent/dir/m.lp': "
                           "No such file or directory");
  cp_scenario_destroy(sc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(tiny_lp_reads_back_and_solves_without_shortfall),
      cmocka_unit_test(lp_names_read_like_the_formulation),
      cmocka_unit_test(groups_follow_setting_and_every_max_group),
      cmocka_unit_test(demo_respects_pinning_schools_and_students),
      cmocka_unit_test(rotation_weeks_repeat_the_week),
      cmocka_unit_test(ids_outside_the_lp_alphabet_are_escaped),
      cmocka_unit_test(unwritable_path_is_an_io_error),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
