/* test_grow.c — solver/grow.c: a larger caseload for the same district.
 *
 * A small scenario written in setup (two schools, an SLP and an OT, a
 * pinned student, a student without services, a personal block, and a
 * student whose id is the one the first clone would take) is read, grown
 * and checked: how many clones, their ids, school, availability, blocks and
 * services, the minutes per cycle, and that the same input always gives the
 * same scenario; the demo district checks that every school and
 * discipline grows by its share.
 */
#include "testutil.h"

#include "../solver/grow.h"
#include "../solver/scenario.h"
#include "../solver/verify.h"

#include <math.h>

static char *dir;

static int setup(void **state)
{
  (void)state;
  dir = tu_tempdir();
  tu_write(dir, "schools.csv",
           "school_id,name,start,end,lat,lon\n"
           "A,Aspen,08:00,15:00,44.95,-93.20\n"
           "B,Birch,08:30,15:30,44.96,-93.21\n");
  tu_write(dir, "therapists.csv",
           "therapist_id,name,discipline,days,start,end,schools\n"
           "T1,Robin,SLP,Mon-Fri,08:00,16:00,A;B\n"
           "T2,Kim,OT,Mon-Fri,08:00,16:00,A;B\n");
  /* S0 has no service; S2_g1 is a real student whose id the first clone
   * of S2 would take */
  tu_write(dir, "students.csv",
           "student_id,school_id,grade,classroom,therapist_id\n"
           "S1,A,1,1A,T1\n"
           "S0,A,1,1A,\n"
           "S2,B,2,2B,\n"
           "S2_g1,B,3,3C,\n");
  tu_write(dir, "services.csv",
           "student_id,discipline,mode,minutes,per,session_minutes,setting\n"
           "S1,SLP,direct,60,week,30,group\n"
           "S1,OT,consult,30,month,,\n"
           "S2,SLP,direct,30,week,30,individual\n"
           "S2_g1,OT,direct,20,week,20,either\n");
  tu_write(dir, "blocks.csv",
           "scope,id,school_id,days,start,end,kind,reason\n"
           "student,S2,B,Mon;Wed,09:00,10:00,unavailable,band\n"
           "student,S1,,Tue,13:00,14:00,preferred,calm\n"
           "grade,2,B,Fri,08:30,09:30,unavailable,assembly\n");
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  tu_rmtree(dir);
  free(dir);
  return 0;
}

static cp_scenario *read_grown(int pct, int *added)
{
  cp_scenario *sc;
  cp_diag d;
  cp_diag_init(&d);
  cp_status st = cp_scenario_read(dir, &sc, &d);
  if (st != CP_OK)
    tu_diag_dump(&d);
  assert_int_equal(st, CP_OK);
  assert_int_equal(cp_scenario_grow(sc, pct, added, &d), CP_OK);
  return sc;
}

static long cycle_minutes(const cp_scenario *sc)
{
  long m = 0;
  for (int i = 0; i < sc->services.n; i++)
    m += sc->services.v[i].cycle_minutes;
  return m;
}

static bool same_spans(const cp_spans *a, const cp_spans *b)
{
  if (a->n != b->n)
    return false;
  for (int i = 0; i < a->n; i++)
    if (a->v[i].start != b->v[i].start || a->v[i].end != b->v[i].end)
      return false;
  return true;
}

static void growth_zero_adds_nothing(void **state)
{
  (void)state;
  int added = -1;
  cp_scenario *sc = read_grown(0, &added);
  assert_int_equal(added, 0);
  assert_int_equal(sc->students.n, 4);
  assert_int_equal(sc->services.n, 4);
  assert_int_equal(sc->blocks.n, 3);
  assert_int_equal(cp_grow_caseload(sc), 3);
  cp_scenario_destroy(sc);
}

static void growth_deals_clones_to_the_strata_in_turn(void **state)
{
  (void)state;
  /* caseload 3 (S0 has no service): 150% = round(3 x 2.5) = 8, 5 clones:
   * S1, S2, S2_g1, then S1, S2 again */
  int added;
  cp_scenario *sc = read_grown(150, &added);
  assert_int_equal(added, 5);
  assert_int_equal(sc->students.n, 9);
  assert_int_equal(cp_grow_caseload(sc), 8);
  static const char *const ids[] = {"S1_g1", "S2_g1_2", "S2_g1_g1", "S1_g2",
                                    "S2_g2"};
  static const int from[] = {0, 2, 3, 0, 2};
  for (int k = 0; k < 5; k++) {
    const cp_student *c = &sc->students.v[4 + k];
    const cp_student *o = &sc->students.v[from[k]];
    assert_string_equal(c->id, ids[k]);
    assert_int_equal(cp_map_get(&sc->student_ix, ids[k]), 4 + k);
    assert_int_equal(c->school, o->school);
    assert_string_equal(c->grade, o->grade);
    assert_string_equal(c->classroom, o->classroom);
    assert_int_equal(c->pinned, CP_NONE);
    assert_int_equal(c->line, o->line);
    for (int d = 0; d < CP_DAYS; d++) {
      assert_true(same_spans(&c->avail[d], &o->avail[d]));
      assert_true(c->avail[d].n == 0 || c->avail[d].v != o->avail[d].v);
    }
  }
  /* the pinned original stays pinned */
  assert_int_equal(sc->students.v[0].pinned, 0);
  /* S2's band block Mon and Wed: its clones have it too, under their ids */
  const cp_student *s2c = &sc->students.v[5];
  assert_int_equal(s2c->avail[0].n, 2);
  assert_int_equal(s2c->avail[0].v[0].end, 9 * 60);
  int band = 0, calm = 0;
  for (int b = 3; b < sc->blocks.n; b++) {
    const cp_block *bl = &sc->blocks.v[b];
    assert_int_equal(bl->scope, CP_SCOPE_STUDENT);
    if (!strcmp(bl->reason, "band")) {
      band++;
      assert_true(!strcmp(bl->id, "S2_g1_2") || !strcmp(bl->id, "S2_g2"));
    } else {
      calm++;
      assert_true(bl->preferred);
      assert_true(!strcmp(bl->id, "S1_g1") || !strcmp(bl->id, "S1_g2"));
    }
  }
  assert_int_equal(band, 2);
  assert_int_equal(calm, 2);
  assert_int_equal(sc->blocks.n, 7);
  /* services: 2 + 1 + 1 + 2 + 1 more, same as the originals */
  assert_int_equal(sc->services.n, 4 + 7);
  for (int i = 4; i < sc->services.n; i++) {
    const cp_service *s = &sc->services.v[i];
    assert_true(s->student >= 4);
    const cp_student *c = &sc->students.v[s->student];
    int o = -1;
    for (int j = 0; j < 4; j++) {
      const cp_service *t = &sc->services.v[j];
      if (!strncmp(sc->students.v[t->student].id, c->id,
                   strlen(sc->students.v[t->student].id)) &&
          t->discipline == s->discipline && t->mode == s->mode)
        o = j;
    }
    assert_true(o >= 0);
    const cp_service *t = &sc->services.v[o];
    assert_int_equal(s->minutes, t->minutes);
    assert_int_equal(s->per, t->per);
    assert_int_equal(s->session_minutes, t->session_minutes);
    assert_int_equal(s->setting, t->setting);
    assert_int_equal(s->max_group, t->max_group);
    assert_int_equal(s->cycle_minutes, t->cycle_minutes);
    assert_int_equal(s->sessions, t->sessions);
  }
  cp_scenario_destroy(sc);
}

static void minutes_scale_with_the_caseload(void **state)
{
  (void)state;
  cp_scenario *base = read_grown(0, NULL);
  long m0 = cycle_minutes(base);
  cp_scenario_destroy(base);
  /* a consult of 30 a month is 7.5 a week, 10 on the 5-minute grid */
  assert_int_equal(m0, 60 + 10 + 30 + 20);
  /* 100%: every caseload student once more: exactly twice the minutes */
  cp_scenario *sc = read_grown(100, NULL);
  assert_int_equal(cycle_minutes(sc), 2 * m0);
  assert_int_equal(sc->students.n, 4 + 3);
  cp_scenario_destroy(sc);
  /* 500%: six times; 17% of 3 rounds to 1 clone (S1: 60 + 10) */
  sc = read_grown(500, NULL);
  assert_int_equal(cycle_minutes(sc), 6 * m0);
  cp_scenario_destroy(sc);
  sc = read_grown(17, NULL);
  assert_int_equal(cycle_minutes(sc), m0 + 60 + 10);
  cp_scenario_destroy(sc);
  /* 16% of 3 = 0.48: nothing */
  sc = read_grown(16, NULL);
  assert_int_equal(sc->students.n, 4);
  cp_scenario_destroy(sc);
}

static void the_same_input_grows_the_same_way(void **state)
{
  (void)state;
  cp_scenario *a = read_grown(250, NULL), *b = read_grown(250, NULL);
  /* and a smaller growth is a prefix of a larger one */
  cp_scenario *c = read_grown(100, NULL);
  assert_int_equal(a->students.n, b->students.n);
  assert_int_equal(a->services.n, b->services.n);
  assert_int_equal(a->blocks.n, b->blocks.n);
  for (int i = 0; i < a->students.n; i++) {
    assert_string_equal(a->students.v[i].id, b->students.v[i].id);
    assert_int_equal(a->students.v[i].school, b->students.v[i].school);
    if (i < c->students.n)
      assert_string_equal(a->students.v[i].id, c->students.v[i].id);
  }
  for (int i = 0; i < a->services.n; i++) {
    assert_int_equal(a->services.v[i].student, b->services.v[i].student);
    assert_int_equal(a->services.v[i].discipline,
                     b->services.v[i].discipline);
    assert_int_equal(a->services.v[i].cycle_minutes,
                     b->services.v[i].cycle_minutes);
  }
  for (int i = 0; i < a->blocks.n; i++)
    assert_string_equal(a->blocks.v[i].id ? a->blocks.v[i].id : "",
                        b->blocks.v[i].id ? b->blocks.v[i].id : "");
  cp_scenario_destroy(a);
  cp_scenario_destroy(b);
  cp_scenario_destroy(c);
}

static void growth_out_of_range_is_refused(void **state)
{
  (void)state;
  cp_scenario *sc = read_grown(0, NULL);
  cp_diag d;
  cp_diag_init(&d);
  int added = -1;
  assert_int_equal(cp_scenario_grow(sc, 501, &added, &d), CP_ERR_INPUT);
  assert_int_equal(added, 0);
  tu_assert_diag_has(&d, "growth 501% is not valid: expected 0 to 500");
  assert_int_equal(cp_scenario_grow(sc, -1, NULL, &d), CP_ERR_INPUT);
  assert_int_equal(sc->students.n, 4);
  cp_scenario_destroy(sc);
}

static void a_grown_bundled_instance_counts_up(void **state)
{
  (void)state;
  cp_scenario *sc;
  cp_diag d;
  cp_diag_init(&d);
  assert_int_equal(
      cp_scenario_read("../instances/understaffed_aggregate", &sc, &d), CP_OK);
  int added;
  assert_int_equal(cp_scenario_grow(sc, 50, &added, &d), CP_OK);
  assert_int_equal(added, 30);
  assert_int_equal(sc->students.n, 90);
  assert_int_equal(sc->services.n, 90);
  assert_int_equal(cycle_minutes(sc), 90 * 30);
  assert_string_equal(sc->students.v[60].id, "S001_g1");
  assert_string_equal(sc->students.v[89].id, "S030_g1");
  cp_scenario_destroy(sc);
}

/* Caseload students per school and per discipline. */
static void shares(const cp_scenario *sc, int *school, int *disc)
{
  memset(school, 0, (size_t)sc->schools.n * sizeof *school);
  memset(disc, 0, (size_t)sc->n_disciplines * sizeof *disc);
  unsigned *mask = calloc((size_t)sc->students.n, sizeof *mask);
  assert_non_null(mask);
  for (int j = 0; j < sc->services.n; j++)
    mask[sc->services.v[j].student] |= 1u << sc->services.v[j].discipline;
  for (int i = 0; i < sc->students.n; i++) {
    school[sc->students.v[i].school] += mask[i] != 0;
    for (int k = 0; k < sc->n_disciplines; k++)
      disc[k] += (mask[i] >> k) & 1;
  }
  free(mask);
}

/* The demo's students.csv is sorted by school, SLP students first: taking
 * clones in file order would put a 10% growth at the first school, all
 * SLP.  Dealt by strata, every school and discipline grows by its share to
 * within two students, at every percentage. */
static void every_school_and_discipline_grows_by_its_share(void **state)
{
  (void)state;
  cp_scenario *sc;
  cp_diag d;
  cp_diag_init(&d);
  assert_int_equal(cp_scenario_read("../instances/demo", &sc, &d), CP_OK);
  int ns = sc->schools.n, nd = sc->n_disciplines;
  int s0[64], d0[32], s1[64], d1[32];
  assert_true(ns <= 64 && nd <= 32);
  shares(sc, s0, d0);
  cp_scenario_destroy(sc);
  for (int pct = 0; pct <= 500; pct += 5) {
    assert_int_equal(cp_scenario_read("../instances/demo", &sc, &d), CP_OK);
    assert_int_equal(cp_scenario_grow(sc, pct, NULL, &d), CP_OK);
    shares(sc, s1, d1);
    for (int i = 0; i < ns; i++)
      if (fabs(s1[i] - s0[i] * (1 + pct / 100.0)) >= 2)
        fail_msg("%d%%: school %s has %d students, %d before", pct,
                 sc->schools.v[i].id, s1[i], s0[i]);
    for (int k = 0; k < nd; k++)
      if (fabs(d1[k] - d0[k] * (1 + pct / 100.0)) >= 2)
        fail_msg("%d%%: %s has %d students, %d before", pct,
                 sc->disciplines[k], d1[k], d0[k]);
    if (pct % 100 == 0) /* whole rounds: exactly */
      for (int k = 0; k < nd; k++)
        assert_int_equal(d1[k], d0[k] * (1 + pct / 100));
    cp_scenario_destroy(sc);
  }
}

/* A verified schedule of the scenario as read is checked against clones
 * like any other: the clones' services show up as missing minutes, with
 * the clone's id. */
static void clones_are_seen_by_the_verifier(void **state)
{
  (void)state;
  cp_scenario *sc = read_grown(34, NULL); /* round(3 x 1.34) = 4: S1_g1 */
  assert_int_equal(sc->students.n, 5);
  cp_schedule *s = cp_schedule_create();
  assert_non_null(s);
  cp_verify_report rep;
  assert_int_equal(cp_verify(sc, s, &rep), CP_VIOLATIONS);
  bool named = false;
  for (int i = 0; i < rep.n; i++)
    named |= strstr(rep.v[i].text, "S1_g1") != NULL;
  assert_true(named);
  cp_verify_report_fini(&rep);
  cp_schedule_destroy(s);
  cp_scenario_destroy(sc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(growth_zero_adds_nothing),
      cmocka_unit_test(growth_deals_clones_to_the_strata_in_turn),
      cmocka_unit_test(minutes_scale_with_the_caseload),
      cmocka_unit_test(the_same_input_grows_the_same_way),
      cmocka_unit_test(growth_out_of_range_is_refused),
      cmocka_unit_test(a_grown_bundled_instance_counts_up),
      cmocka_unit_test(every_school_and_discipline_grows_by_its_share),
      cmocka_unit_test(clones_are_seen_by_the_verifier),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
