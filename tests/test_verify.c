/* test_verify.c — schedule_read.c, verify.c and workload.c on the shared
 * example.
 *
 * The example scenario's hand-made schedule.csv must verify clean; each
 * variant below breaks one rule of SPEC §2 by editing the CSV text and must
 * be caught with the expected sentence.  Reader tests check the exact
 * messages for rows that cannot be understood.
 */
#include "testutil.h"

#include "../io/schedule_read.h"
#include "../io/schedule_write.h"
#include "../io/verify_write.h"
#include "../solver/verify.h"
#include "../solver/workload.h"

/* ---- helpers ---------------------------------------------------------------- */

/* Whole file into a malloc'd string. */
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

/* TEXT with the first OLD replaced by NEW (OLD must occur); malloc'd. */
static char *replace(const char *text, const char *old, const char *new_text)
{
  const char *at = strstr(text, old);
  if (!at)
    fail_msg("'%s' is not in the text", old);
  size_t a = (size_t)(at - text), lo = strlen(old), ln = strlen(new_text);
  char *s = malloc(strlen(text) - lo + ln + 1);
  assert_non_null(s);
  memcpy(s, text, a);
  memcpy(s + a, new_text, ln);
  strcpy(s + a + ln, at + lo);
  return s;
}

/* Copy of the example scenario in a new temp folder (malloc'd path). */
static char *copy_example(void)
{
  char *dir = tu_tempdir(), cmd[8400];
  snprintf(cmd, sizeof cmd, "cp '%s'/scenario/*.csv '%s'/ && chmod u+w '%s'/*",
           tu_example_dir(), dir, dir);
  assert_int_equal(system(cmd), 0);
  return dir;
}

/* Replaces OLD by NEW in DIR/NAME. */
static void edit_file(const char *dir, const char *name, const char *old,
                      const char *new_text)
{
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  char *text = read_text(path);
  char *edited = replace(text, old, new_text);
  tu_write(dir, name, edited);
  free(edited);
  free(text);
}

static cp_scenario *read_scenario(const char *dir)
{
  cp_scenario *sc = NULL;
  cp_diag diag;
  cp_diag_init(&diag);
  cp_status st = cp_scenario_read(dir, &sc, &diag);
  if (st != CP_OK)
    cp_diag_print(&diag, stderr);
  assert_int_equal(st, CP_OK);
  return sc;
}

/* Writes TEXT as schedule.csv in a temp folder and reads it against SC. */
static cp_status read_schedule(const cp_scenario *sc, const char *text,
                               cp_schedule **out, cp_diag *diag)
{
  char *dir = tu_tempdir(), path[4200];
  tu_write(dir, "schedule.csv", text);
  snprintf(path, sizeof path, "%s/schedule.csv", dir);
  cp_diag_init(diag);
  cp_status st = cp_schedule_read(sc, path, out, diag);
  tu_rmtree(dir);
  free(dir);
  return st;
}

static void print_report(const cp_verify_report *rep)
{
  char buf[65536];
  FILE *f = fmemopen(buf, sizeof buf, "w");
  assert_non_null(f);
  cp_verify_report_write(f, NULL, rep);
  fclose(f);
  print_message("%s", buf);
}

/* Reads and verifies TEXT against SC; returns the status, *rep filled. */
static cp_status verify_text(const cp_scenario *sc, const char *text,
                             cp_verify_report *rep)
{
  cp_schedule *s = NULL;
  cp_diag diag;
  cp_status st = read_schedule(sc, text, &s, &diag);
  if (st != CP_OK)
    cp_diag_print(&diag, stderr);
  assert_int_equal(st, CP_OK);
  st = cp_verify(sc, s, rep);
  cp_schedule_destroy(s);
  return st;
}

/* TEXT must fail verification with a violation containing WANT (and, when
 * LINE > 0, on that schedule line). */
static void expect(const cp_scenario *sc, const char *text, int line,
                   const char *want)
{
  cp_verify_report rep;
  cp_status st = verify_text(sc, text, &rep);
  bool found = false;
  for (int i = 0; i < rep.n; i++)
    if (strstr(rep.v[i].text, want) && (line <= 0 || rep.v[i].line == line))
      found = true;
  if (st != CP_VIOLATIONS || !found) {
    print_report(&rep);
    cp_verify_report_fini(&rep);
    fail_msg("expected a violation%s containing: %s",
             line > 0 ? " on its line" : "", want);
  }
  cp_verify_report_fini(&rep);
}

/* The example schedule with OLD replaced by NEW must fail with WANT. */
static void expect_edit(const cp_scenario *sc, const char *base,
                        const char *old, const char *new_text, int line,
                        const char *want)
{
  char *text = replace(base, old, new_text);
  expect(sc, text, line, want);
  free(text);
}

/* ---- fixtures --------------------------------------------------------------- */

typedef struct fixture {
  cp_scenario *sc;
  char *schedule; /* the example schedule.csv */
} fixture;

static int setup(void **state)
{
  fixture *fx = calloc(1, sizeof *fx);
  assert_non_null(fx);
  char path[4200];
  snprintf(path, sizeof path, "%s/scenario", tu_example_dir());
  fx->sc = read_scenario(path);
  snprintf(path, sizeof path, "%s/schedule.csv", tu_example_dir());
  fx->schedule = read_text(path);
  *state = fx;
  return 0;
}

static int teardown(void **state)
{
  fixture *fx = *state;
  cp_scenario_destroy(fx->sc);
  free(fx->schedule);
  free(fx);
  return 0;
}

#define FX ((fixture *)*state)

/* ---- the example is valid ------------------------------------------------- */

static void example_schedule_verifies_clean(void **state)
{
  cp_verify_report rep;
  cp_status st = verify_text(FX->sc, FX->schedule, &rep);
  if (st != CP_OK)
    print_report(&rep);
  assert_int_equal(st, CP_OK);
  assert_int_equal(rep.n, 0);
  cp_verify_report_fini(&rep);
}

static void example_rows_are_read_with_indices(void **state)
{
  cp_schedule *s = NULL;
  cp_diag diag;
  assert_int_equal(read_schedule(FX->sc, FX->schedule, &s, &diag), CP_OK);
  assert_int_equal(s->n, 17);
  const cp_row *g = &s->rows[3]; /* T1,1,Mon,09:15,09:45,B,session,S3;S4 */
  assert_int_equal(g->line, 5);
  assert_int_equal(g->act, CP_ACT_SESSION);
  assert_int_equal(g->week, 0);
  assert_int_equal(g->day, 0);
  assert_int_equal(g->start, 9 * 60 + 15);
  assert_int_equal(g->end, 9 * 60 + 45);
  assert_string_equal(FX->sc->schools.v[g->school].id, "B");
  assert_int_equal(g->n_services, 2);
  assert_string_equal(
      FX->sc->students.v[FX->sc->services.v[g->services[1]].student].id, "S4");
  assert_int_equal(FX->sc->services.v[g->services[1]].mode, CP_DIRECT);
  const cp_row *p = &s->rows[8]; /* planning */
  assert_int_equal(p->act, CP_ACT_DUTY);
  assert_string_equal(p->kind, "planning");
  assert_int_equal(p->school, CP_NONE);
  assert_int_equal(s->rows[4].act, CP_ACT_CONSULT);
  assert_int_equal(FX->sc->services.v[s->rows[4].services[0]].mode,
                   CP_CONSULT);
  cp_schedule_destroy(s);
}

/* minutes.csv names who owes a service none of whose minutes were placed
 * (the district's assignment), not an empty therapist. */
static void minutes_name_the_therapist_of_an_unplaced_service(void **state)
{
  const cp_scenario *sc = FX->sc;
  cp_schedule *s = cp_schedule_create();
  assert_non_null(s);
  int *assign = calloc((size_t)sc->services.n, sizeof *assign);
  assert_non_null(assign);
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  assert_non_null(f);
  cp_minutes_write_csv(f, sc, s, assign);
  fclose(f);
  char want[256];
  const cp_service *sv = &sc->services.v[0];
  snprintf(want, sizeof want, "\n%s,%s,%s,%s,", sc->students.v[sv->student].id,
           sc->disciplines[sv->discipline],
           sv->mode == CP_DIRECT ? "direct" : "consult",
           sc->therapists.v[0].id);
  assert_non_null(strstr(text, want));
  free(text);
  text = NULL; /* without an assignment: no therapist to name */
  f = open_memstream(&text, &len);
  assert_non_null(f);
  cp_minutes_write_csv(f, sc, s, NULL);
  fclose(f);
  snprintf(want, sizeof want, "\n%s,%s,%s,,", sc->students.v[sv->student].id,
           sc->disciplines[sv->discipline],
           sv->mode == CP_DIRECT ? "direct" : "consult");
  assert_non_null(strstr(text, want));
  free(text);
  free(assign);
  cp_schedule_destroy(s);
}

static void workload_of_example(void **state)
{
  cp_schedule *s = NULL;
  cp_diag diag;
  assert_int_equal(read_schedule(FX->sc, FX->schedule, &s, &diag), CP_OK);
  cp_workload wl;
  assert_int_equal(cp_workload_compute(FX->sc, s, &wl), CP_OK);
  assert_int_equal(wl.weeks, 1);
  assert_int_equal(wl.n_therapists, 1);
  const cp_workweek *w = cp_workload_at(&wl, 0, 0);
  assert_int_equal(w->individual, 90);
  assert_int_equal(w->group, 30);
  assert_int_equal(w->consult, 15);
  assert_int_equal(w->documentation, 20);
  assert_int_equal(w->planning, 60);
  assert_int_equal(w->iep_eval, 30);
  assert_int_equal(w->other, 60);
  assert_int_equal(w->travel, 30);
  assert_int_equal(w->lunch, 150);
  assert_int_equal(w->reserve, 0);
  assert_int_equal(w->worked, 335);
  assert_int_equal(w->contract, 4 * 480 + 300);
  assert_int_equal(w->open, 4 * 480 + 300 - 335 - 150);
  assert_int_equal(w->students, 4);
  assert_int_equal(w->sessions, 4);
  assert_int_equal(w->consults, 1);
  assert_int_equal(wl.students[0], 4);
  assert_int_equal(wl.reserve_needed[0], 7);
  cp_workload_fini(&wl);
  cp_schedule_destroy(s);
}

/* ---- one broken rule per variant -------------------------------------------- */

static void missing_session_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule,
              "T1,1,Tue,08:00,08:30,A,session,S1,SLP direct,30\n", "", 0,
              "service S1 SLP direct (services.csv line 2): 1 session of 30 "
              "minutes in the week, needs 2 (60 minutes a week)");
}

static void missing_consult_minutes_are_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule,
              "T1,1,Mon,09:45,10:00,B,consult,S4,SLP consult,15\n", "", 0,
              "service S4 SLP consult (services.csv line 6): 0 minutes in the "
              "1-week cycle, needs 15 (60 minutes a month; a month is 4 "
              "weeks)");
}

static void session_in_blocked_time_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule,
              "T1,1,Tue,08:00,08:30,A,session,S1,SLP direct,30",
              "T1,1,Tue,10:00,10:30,A,session,S1,SLP direct,30", 12,
              "T1 Tue 10:00-10:30 session S1: overlaps the unavailable time "
              "10:00-10:30 of S1, 'recess' (blocks.csv line 2)");
}

static void session_in_student_block_is_caught(void **state)
{
  /* S3 is blocked Tue and Thu 9:00-10:00 ('reading') */
  char *a = replace(FX->schedule, "T1,1,Tue,11:00,11:30,,lunch,,,30\n",
                    "T1,1,Tue,09:00,09:15,B,travel,,,15\n"
                    "T1,1,Tue,09:30,10:00,B,session,S3,SLP direct,30\n"
                    "T1,1,Tue,11:00,11:30,,lunch,,,30\n");
  expect(FX->sc, a, 15, "overlaps the unavailable time 09:00-10:00 of S3, "
                        "'reading' (blocks.csv line 3)");
  free(a);
}

static void session_outside_contract_is_caught(void **state)
{
  /* Friday is a half day (07:30-12:30); school A runs until 14:30 */
  char *a = replace(FX->schedule,
                    "T1,1,Tue,08:00,08:30,A,session,S1,SLP direct,30\n"
                    "T1,1,Tue,08:30,08:35,,documentation,,,5\n",
                    "");
  char *b = replace(a, "T1,1,Fri,11:30,12:00,,lunch,,,30\n",
                    "T1,1,Fri,11:30,12:00,,lunch,,,30\n"
                    "T1,1,Fri,12:00,12:05,,documentation,,,5\n"
                    "T1,1,Fri,12:30,13:00,A,session,S1,SLP direct,30\n");
  expect(FX->sc, b, 18,
         "T1 Fri 12:30-13:00 session S1: lies outside the contract hours "
         "07:30-12:30 of T1 on Fri (therapists.csv line 3)");
  free(a);
  free(b);
}

static void session_outside_school_day_is_caught(void **state)
{
  /* school A starts at 8:00 AM */
  expect_edit(FX->sc, FX->schedule,
              "T1,1,Tue,08:00,08:30,A,session,S1,SLP direct,30",
              "T1,1,Tue,07:30,08:00,A,session,S1,SLP direct,30", 12,
              "lies outside the school day of A (08:00-14:30)");
}

static void wrong_length_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule,
              "T1,1,Mon,08:00,08:30,A,session,S1,SLP direct,30",
              "T1,1,Mon,08:00,08:25,A,session,S1,SLP direct,25", 2,
              "T1 Mon 08:00-08:25 session S1: lasts 25 minutes; every session "
              "of S1 SLP direct lasts exactly 30 (services.csv line 2)");
}

static void overlapping_rows_are_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule, "T1,1,Mon,11:30,12:30,,planning,,,60",
              "T1,1,Mon,11:15,12:15,,planning,,,60", 10,
              "T1 Mon 11:15-12:15 planning: overlaps T1 Mon 11:00-11:30 lunch "
              "(line 9): a therapist does one thing at a time");
}

static void off_grid_time_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule, "T1,1,Wed,11:00,11:30,,lunch,,,30",
              "T1,1,Wed,11:02,11:32,,lunch,,,30", 15,
              "start 11:02 is not on the 5-minute grid (slot_minutes = 5)");
}

static void short_travel_gap_is_caught(void **state)
{
  char *a = replace(FX->schedule, "T1,1,Mon,09:00,09:15,B,travel,,,15",
                    "T1,1,Mon,09:00,09:05,B,travel,,,5");
  char *b = replace(a, "T1,1,Mon,09:15,09:45,B,session,S3;S4,SLP direct,30",
                    "T1,1,Mon,09:05,09:35,B,session,S3;S4,SLP direct,30");
  expect(FX->sc, b, 5,
         "T1 Mon 09:05-09:35 session S3;S4: starts 5 minutes after T1 Mon "
         "08:30-09:00 session S2 (line 3) at A; minus 0 minutes of lunch, "
         "documentation and other location-free work that leaves 5, but the "
         "drive from A to B takes 15");
  free(a);
  free(b);
}

static void documentation_in_a_drive_does_not_count(void **state)
{
  /* 15 minutes between A and B, 10 of them documentation: 5 left */
  char *a = replace(FX->schedule, "T1,1,Mon,09:00,09:15,B,travel,,,15\n",
                    "T1,1,Mon,09:00,09:10,,documentation,,,10\n"
                    "T1,1,Mon,09:10,09:15,B,travel,,,5\n");
  expect(FX->sc, a, 6, "minus 10 minutes of lunch, documentation and other "
                       "location-free work that leaves 5, but the drive from "
                       "A to B takes 15");
  free(a);
}

static void drive_back_to_base_is_caught(void **state)
{
  /* a Friday session at B ending with the contract: no time to drive to A */
  expect_edit(FX->sc, FX->schedule, "T1,1,Fri,11:30,12:00,,lunch,,,30\n",
              "T1,1,Fri,11:30,12:00,,lunch,,,30\n"
              "T1,1,Fri,12:00,12:30,B,session,S3,SLP direct,30\n",
              19,
              "T1 Fri 12:00-12:30 session S3: ends 0 minutes before the "
              "contract end 12:30; minus 0 minutes of location-free work that "
              "leaves 0, but the drive from B back to the base school A takes "
              "15");
}

static void missing_lunch_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule, "T1,1,Tue,11:00,11:30,,lunch,,,30\n", "",
              0,
              "T1 Tue: no lunch; every working day needs 30 contiguous "
              "duty-free minutes between 11:00 and 13:30 (therapists.csv line "
              "2)");
}

static void lunch_outside_window_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule, "T1,1,Thu,12:00,12:30,,lunch,,,30",
              "T1,1,Thu,13:30,14:00,,lunch,,,30", 17,
              "T1 Thu 13:30-14:00 lunch: lunch 13:30-14:00 is outside the "
              "lunch window 11:00-13:30 (therapists.csv line 2)");
}

static void short_lunch_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule, "T1,1,Thu,12:00,12:30,,lunch,,,30",
              "T1,1,Thu,12:00,12:20,,lunch,,,20", 17,
              "lunch 12:00-12:20 is 20 minutes, needs 30 contiguous minutes");
}

static void contiguous_lunch_rows_are_one_lunch(void **state)
{
  char *a = replace(FX->schedule, "T1,1,Thu,12:00,12:30,,lunch,,,30\n",
                    "T1,1,Thu,12:00,12:15,,lunch,,,15\n"
                    "T1,1,Thu,12:15,12:30,,lunch,,,15\n");
  cp_verify_report rep;
  cp_status st = verify_text(FX->sc, a, &rep);
  if (st != CP_OK)
    print_report(&rep);
  assert_int_equal(st, CP_OK);
  cp_verify_report_fini(&rep);
  free(a);
}

static void moved_fixed_meeting_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule, "T1,1,Wed,14:30,15:30,A,meeting,,,60",
              "T1,1,Wed,14:00,15:00,A,meeting,,,60", 0,
              "T1 Wed: the fixed meeting 14:30-15:30 at A (duties.csv line 2) "
              "is missing; found T1 Wed 14:00-15:00 meeting at A (line 16) "
              "instead");
}

static void short_floating_planning_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule, "T1,1,Mon,11:30,12:30,,planning,,,60",
              "T1,1,Mon,11:30,12:00,,planning,,,30", 0,
              "T1: planning totals 30 minutes in blocks of at least 30, needs "
              "60 a week (duties.csv line 3)");
}

static void planning_blocks_below_min_block_do_not_count(void **state)
{
  expect_edit(FX->sc, FX->schedule, "T1,1,Mon,11:30,12:30,,planning,,,60\n",
              "T1,1,Mon,11:30,11:50,,planning,,,20\n"
              "T1,1,Mon,11:55,12:35,,planning,,,40\n",
              0,
              "T1: planning totals 40 minutes in blocks of at least 30, needs "
              "60 a week (duties.csv line 3); shorter blocks do not count: "
              "Mon 11:30-11:50");
}

static void short_documentation_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule,
              "T1,1,Mon,10:15,10:30,,documentation,,,15",
              "T1,1,Mon,10:15,10:25,,documentation,,,10", 0,
              "T1 Mon: 10 minutes of documentation, needs 15 (5 per session x "
              "3 session rows)");
}

static void individual_student_grouped_is_caught(void **state)
{
  char *a = replace(FX->schedule,
                    "T1,1,Mon,08:00,08:30,A,session,S1,SLP direct,30\n"
                    "T1,1,Mon,08:30,09:00,A,session,S2,SLP direct,30\n",
                    "T1,1,Mon,08:00,08:30,A,session,S1;S2,SLP direct,30\n");
  expect(FX->sc, a, 2,
         "T1 Mon 08:00-08:30 session S1;S2: groups S1, whose SLP direct "
         "service is individual (services.csv line 2): individual students "
         "are never grouped");
  free(a);
}

static void group_larger_than_max_group_is_caught(void **state)
{
  char *dir = copy_example();
  edit_file(dir, "services.csv", "S4,SLP,direct,30,week,30,group,3",
            "S4,SLP,direct,30,week,30,group,1");
  cp_scenario *sc = read_scenario(dir);
  expect(sc, FX->schedule, 5,
         "T1 Mon 09:15-09:45 session S3;S4: a group of 2 students is larger "
         "than 1, the max_group of S4 SLP direct (services.csv line 5)");
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void student_at_wrong_school_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule,
              "T1,1,Mon,08:30,09:00,A,session,S2,SLP direct,30",
              "T1,1,Mon,08:30,09:00,B,session,S2,SLP direct,30", 3,
              "T1 Mon 08:30-09:00 session S2: S2 attends school A, but the row "
              "is at school B");
}

static void two_sessions_of_a_service_on_one_day_are_caught(void **state)
{
  char *a = replace(FX->schedule,
                    "T1,1,Tue,08:00,08:30,A,session,S1,SLP direct,30\n", "");
  char *b = replace(a, "T1,1,Mon,12:45,13:15,A,iep_meeting,,,30\n",
                    "T1,1,Mon,12:45,13:15,A,iep_meeting,,,30\n"
                    "T1,1,Mon,13:15,13:45,A,session,S1,SLP direct,30\n");
  expect(FX->sc, b, 12,
         "T1 Mon 13:15-13:45 session S1: is a second session of S1 SLP direct "
         "on Mon (the first is T1 Mon 08:00-08:30 session S1 (line 2)): at "
         "most one session per service per day");
  free(a);
  free(b);
}

static void short_reserve_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule,
              "T1,1,Mon,12:45,13:15,A,iep_meeting,,,30\n", "", 0,
              "T1: 0 minutes of IEP meeting and evaluation reserve (reserve "
              "rows 0, iep_meeting and evaluation rows beyond their duties 0), "
              "needs 7 a week for 4 students");
}

static void reserve_rows_meet_the_reserve(void **state)
{
  char *a = replace(FX->schedule, "T1,1,Mon,12:45,13:15,A,iep_meeting,,,30",
                    "T1,1,Mon,12:45,12:55,,reserve,,,10");
  cp_verify_report rep;
  cp_status st = verify_text(FX->sc, a, &rep);
  if (st != CP_OK)
    print_report(&rep);
  assert_int_equal(st, CP_OK);
  cp_verify_report_fini(&rep);
  free(a);
}

static void work_on_a_day_off_is_caught(void **state)
{
  expect_edit(FX->sc, FX->schedule, "T1,1,Fri,11:30,12:00,,lunch,,,30\n",
              "T1,1,Fri,11:30,12:00,,lunch,,,30\n"
              "T1,1,Sat,09:00,10:00,,planning,,,60\n",
              19, "T1 Sat 09:00-10:00 planning: T1 does not work on Sat");
}

/* A second SLP therapist in a copy of the scenario. */
static cp_scenario *two_therapists(char **dir)
{
  *dir = copy_example();
  edit_file(*dir, "therapists.csv", "Pat,T1,SLP,friday",
            "Sam,T2,SLP,Mon-Fri,07:30,15:30,30,11:00,13:30,,A;B\n"
            "Pat,T1,SLP,friday");
  return read_scenario(*dir);
}

static void pinned_student_served_by_another_is_caught(void **state)
{
  char *dir;
  cp_scenario *sc = two_therapists(&dir);
  expect_edit(sc, FX->schedule,
              "T1,1,Tue,08:00,08:30,A,session,S1,SLP direct,30",
              "T2,1,Tue,08:00,08:30,A,session,S1,SLP direct,30", 12,
              "T2 Tue 08:00-08:30 session S1: S1 is pinned to T1 (students.csv "
              "line 3); only T1 may serve its SLP services");
  expect_edit(sc, FX->schedule,
              "T1,1,Tue,08:00,08:30,A,session,S1,SLP direct,30",
              "T2,1,Tue,08:00,08:30,A,session,S1,SLP direct,30", 12,
              "S1 SLP direct is also served by T1: all sessions of a service "
              "are given by one therapist");
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void student_in_two_sessions_at_once_is_caught(void **state)
{
  char *dir;
  cp_scenario *sc = two_therapists(&dir);
  char *a = replace(FX->schedule, "T1,1,Fri,11:30,12:00,,lunch,,,30\n",
                    "T1,1,Fri,11:30,12:00,,lunch,,,30\n"
                    "T2,1,Mon,09:30,10:00,B,session,S3,SLP direct,30\n");
  expect(sc, a, 19,
         "T2 Mon 09:30-10:00 session S3: S3 is also in T1 Mon 09:15-09:45 "
         "session S3;S4 (line 5) at the same time: a student is never in two "
         "sessions at once");
  free(a);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void therapist_without_rows_misses_lunch(void **state)
{
  char *dir;
  cp_scenario *sc = two_therapists(&dir);
  expect(sc, FX->schedule, 0, "T2 Mon: no lunch");
  expect(sc, FX->schedule, 0,
         "T2: planning totals 0 minutes in blocks of at least 30, needs 60 a "
         "week (duties.csv line 3)");
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void other_discipline_is_caught(void **state)
{
  char *dir = copy_example();
  edit_file(dir, "therapists.csv", "Pat,T1,SLP,friday",
            "Olive,T3,OT,Mon-Fri,07:30,15:30,30,11:00,13:30,,\n"
            "Pat,T1,SLP,friday");
  cp_scenario *sc = read_scenario(dir);
  expect_edit(sc, FX->schedule,
              "T1,1,Mon,08:30,09:00,A,session,S2,SLP direct,30",
              "T3,1,Mon,08:30,09:00,A,session,S2,SLP direct,30", 3,
              "T3 is a OT therapist and may not serve S2 SLP direct");
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void rotation_weeks_are_checked_each_week(void **state)
{
  char *dir = copy_example();
  edit_file(dir, "settings.csv", "rotation_weeks,1", "rotation_weeks,2");
  cp_scenario *sc = read_scenario(dir);
  /* week 1 only: week 2 lacks S1's sessions, lunch, ... */
  expect(sc, FX->schedule, 0,
         "service S1 SLP direct (services.csv line 2): 0 sessions of 30 "
         "minutes in week 2, needs 2 (60 minutes a week)");
  expect(sc, FX->schedule, 0, "T1 week 2 Mon: no lunch");
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void report_is_written_one_violation_a_line(void **state)
{
  char *a = replace(FX->schedule, "T1,1,Tue,11:00,11:30,,lunch,,,30\n", "");
  char *b = replace(a, "T1,1,Mon,08:00,08:30,A,session,S1,SLP direct,30",
                    "T1,1,Mon,08:00,08:25,A,session,S1,SLP direct,25");
  cp_verify_report rep;
  assert_int_equal(verify_text(FX->sc, b, &rep), CP_VIOLATIONS);
  char buf[8192];
  FILE *f = fmemopen(buf, sizeof buf, "w");
  assert_non_null(f);
  cp_verify_report_write(f, FX->sc, &rep);
  fclose(f);
  assert_string_equal(
      buf,
      "schedule.csv:2: T1 Mon 08:00-08:25 session S1: lasts 25 minutes; "
      "every session of S1 SLP direct lasts exactly 30 (services.csv line "
      "2)\n"
      "schedule.csv: T1 Tue: no lunch; every working day needs 30 contiguous "
      "duty-free minutes between 11:00 and 13:30 (therapists.csv line 2)\n");
  cp_verify_report_fini(&rep);
  free(a);
  free(b);
}

/* ---- reader errors ---------------------------------------------------------- */

static const char *head =
    "therapist_id,week,day,start,end,school_id,activity,students,services,"
    "minutes\n";

/* TEXT (after the header) must fail to read with exactly MSG on LINE. */
static void expect_read_error(const cp_scenario *sc, const char *rows,
                              int line, const char *msg)
{
  char text[4096];
  snprintf(text, sizeof text, "%s%s", head, rows);
  cp_schedule *s = (cp_schedule *)1;
  cp_diag diag;
  assert_int_equal(read_schedule(sc, text, &s, &diag), CP_ERR_INPUT);
  assert_null(s);
  bool found = false;
  for (int i = 0; i < diag.n; i++)
    if (diag.msgs[i].line == line && !strcmp(diag.msgs[i].text, msg) &&
        !strcmp(diag.msgs[i].file, "schedule.csv"))
      found = true;
  if (!found) {
    cp_diag_print(&diag, stderr);
    fail_msg("expected schedule.csv:%d: %s", line, msg);
  }
}

static void reader_rejects_unknown_student(void **state)
{
  expect_read_error(FX->sc,
                    "T1,1,Mon,08:00,08:30,A,session,S1,SLP direct,30\n"
                    "T1,1,Mon,08:30,09:00,A,session,S9,SLP direct,30\n",
                    3, "students lists 'S9', which is not in students.csv");
}

static void reader_rejects_bad_services_text(void **state)
{
  expect_read_error(FX->sc, "T1,1,Mon,08:00,08:30,A,session,S1,SLP,30\n", 2,
                    "services 'SLP' is not valid: expected DISCIPLINE MODE "
                    "like 'SLP direct' (disciplines: SLP; modes: direct, "
                    "consult)");
  expect_read_error(FX->sc,
                    "T1,1,Mon,08:00,08:30,A,session,S1,OT direct,30\n", 2,
                    "services 'OT direct' is not valid: expected DISCIPLINE "
                    "MODE like 'SLP direct' (disciplines: SLP; modes: direct, "
                    "consult)");
}

static void reader_rejects_student_without_that_service(void **state)
{
  expect_read_error(FX->sc,
                    "T1,1,Mon,08:00,08:30,A,consult,S1,SLP consult,30\n", 2,
                    "student 'S1' has no 'SLP consult' service in "
                    "services.csv");
}

static void reader_rejects_bad_values(void **state)
{
  expect_read_error(FX->sc, "T1,1,Mon,8:75,09:00,A,travel,,,\n", 2,
                    "start '8:75' is not valid: expected a time like 08:05, "
                    "8:05 or 8:05 AM");
  expect_read_error(FX->sc, "T7,1,Mon,08:00,08:30,,lunch,,,30\n", 2,
                    "therapist_id 'T7' is not in therapists.csv (it has 1 "
                    "therapists)");
  expect_read_error(FX->sc, "T1,1,Mon,08:00,08:30,C,travel,,,30\n", 2,
                    "school_id 'C' is not in schools.csv (it has 2 schools)");
  expect_read_error(FX->sc, "T1,2,Mon,08:00,08:30,,lunch,,,30\n", 2,
                    "week '2' is not valid: expected a week from 1 to 1 "
                    "(rotation_weeks = 1)");
  expect_read_error(FX->sc, "T1,1,Mon,08:00,08:30,,lunch,,,25\n", 2,
                    "minutes '25' is not valid: expected end - start = 30 "
                    "(08:00 to 08:30)");
  expect_read_error(FX->sc, "T1,1,Mon-Tue,08:00,08:30,,lunch,,,30\n", 2,
                    "day 'Mon-Tue' is not valid: expected one day (Mon, Tue, "
                    "... Sun)");
  expect_read_error(FX->sc, "T1,1,Mon,08:00,08:30,,lunch,S1,,30\n", 2,
                    "students 'S1' on a lunch row (only session and consult "
                    "rows list students)");
}

static void reader_collects_every_error(void **state)
{
  char text[1024];
  snprintf(text, sizeof text, "%s%s", head,
           "T9,1,Mon,08:00,08:30,A,session,S1,SLP direct,30\n"
           "T1,1,Mon,08:30,09:00,A,session,S8;S9,SLP direct,30\n"
           "T1,1,Mon,09:00,09:15,Z,travel,,,15\n");
  cp_schedule *s = NULL;
  cp_diag diag;
  assert_int_equal(read_schedule(FX->sc, text, &s, &diag), CP_ERR_INPUT);
  assert_int_equal(diag.total, 4);
  assert_int_equal(diag.msgs[0].line, 2);
  assert_int_equal(diag.msgs[1].line, 3);
  assert_int_equal(diag.msgs[2].line, 3);
  assert_int_equal(diag.msgs[3].line, 4);
}

static void reader_accepts_any_column_order_and_duty_words(void **state)
{
  const char *text =
      "activity,therapist_id,day,start,end,x_note\n"
      "lunch,T1,Monday,11:00 AM,11:30 AM,hi\n"
      "bus_duty,T1,mon,7:30,7:45,\n";
  cp_schedule *s = NULL;
  cp_diag diag;
  assert_int_equal(read_schedule(FX->sc, text, &s, &diag), CP_OK);
  assert_int_equal(s->n, 2);
  assert_int_equal(s->rows[0].act, CP_ACT_LUNCH);
  assert_int_equal(s->rows[0].start, 11 * 60);
  assert_int_equal(s->rows[1].act, CP_ACT_DUTY);
  assert_string_equal(s->rows[1].kind, "bus_duty");
  cp_schedule_destroy(s);
}

static void reader_reports_missing_file(void **state)
{
  cp_schedule *s = NULL;
  cp_diag diag;
  cp_diag_init(&diag);
  assert_int_equal(cp_schedule_read(FX->sc, "/nonexistent/plan.csv", &s,
                                    &diag),
                   CP_ERR_INPUT);
  assert_null(s);
  assert_string_equal(diag.msgs[0].file, "plan.csv");
  assert_string_equal(diag.msgs[0].text, "file does not exist");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(example_schedule_verifies_clean),
      cmocka_unit_test(example_rows_are_read_with_indices),
      cmocka_unit_test(workload_of_example),
      cmocka_unit_test(minutes_name_the_therapist_of_an_unplaced_service),
      cmocka_unit_test(missing_session_is_caught),
      cmocka_unit_test(missing_consult_minutes_are_caught),
      cmocka_unit_test(session_in_blocked_time_is_caught),
      cmocka_unit_test(session_in_student_block_is_caught),
      cmocka_unit_test(session_outside_contract_is_caught),
      cmocka_unit_test(session_outside_school_day_is_caught),
      cmocka_unit_test(wrong_length_is_caught),
      cmocka_unit_test(overlapping_rows_are_caught),
      cmocka_unit_test(off_grid_time_is_caught),
      cmocka_unit_test(short_travel_gap_is_caught),
      cmocka_unit_test(documentation_in_a_drive_does_not_count),
      cmocka_unit_test(drive_back_to_base_is_caught),
      cmocka_unit_test(missing_lunch_is_caught),
      cmocka_unit_test(lunch_outside_window_is_caught),
      cmocka_unit_test(short_lunch_is_caught),
      cmocka_unit_test(contiguous_lunch_rows_are_one_lunch),
      cmocka_unit_test(moved_fixed_meeting_is_caught),
      cmocka_unit_test(short_floating_planning_is_caught),
      cmocka_unit_test(planning_blocks_below_min_block_do_not_count),
      cmocka_unit_test(short_documentation_is_caught),
      cmocka_unit_test(individual_student_grouped_is_caught),
      cmocka_unit_test(group_larger_than_max_group_is_caught),
      cmocka_unit_test(student_at_wrong_school_is_caught),
      cmocka_unit_test(two_sessions_of_a_service_on_one_day_are_caught),
      cmocka_unit_test(short_reserve_is_caught),
      cmocka_unit_test(reserve_rows_meet_the_reserve),
      cmocka_unit_test(work_on_a_day_off_is_caught),
      cmocka_unit_test(pinned_student_served_by_another_is_caught),
      cmocka_unit_test(student_in_two_sessions_at_once_is_caught),
      cmocka_unit_test(therapist_without_rows_misses_lunch),
      cmocka_unit_test(other_discipline_is_caught),
      cmocka_unit_test(rotation_weeks_are_checked_each_week),
      cmocka_unit_test(report_is_written_one_violation_a_line),
      cmocka_unit_test(reader_rejects_unknown_student),
      cmocka_unit_test(reader_rejects_bad_services_text),
      cmocka_unit_test(reader_rejects_student_without_that_service),
      cmocka_unit_test(reader_rejects_bad_values),
      cmocka_unit_test(reader_collects_every_error),
      cmocka_unit_test(reader_accepts_any_column_order_and_duty_words),
      cmocka_unit_test(reader_reports_missing_file),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
