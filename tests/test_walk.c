/* test_walk.c — the local search of solver/walk.h on small 0-1 models
 * with known answers: a session that only fits once another moves, a
 * session that fits nowhere, a same-time reward raised at the end, and a
 * general integer column it refuses. */
#include "testutil.h"

#include <glpk.h>
#include <math.h>

#include "../solver/solve.h"
#include "../solver/walk.h"

/* Slots 1..3 of one day.  Item A may start at slot 1 or 2, item B only at
 * slot 1, item C at slot 2 or 3 (each one slot long).  Columns:
 *   1 xA1  2 xA2  3 xB1  4 xC2  5 xC3  6 sA  7 sB  8 sC  (s = shortfall)
 * Rows: demand of A, B, C (= 1, with the shortfall), capacity of slots
 * 1..3 (<= 1).  Missing a session costs 100, a session costs 1. */
static glp_prob *three_slots(void)
{
  glp_prob *P = glp_create_prob();
  glp_add_cols(P, 8);
  for (int j = 1; j <= 5; j++) {
    glp_set_col_kind(P, j, GLP_BV);
    glp_set_obj_coef(P, j, 1);
  }
  for (int j = 6; j <= 8; j++) {
    glp_set_col_bnds(P, j, GLP_DB, 0, 1);
    glp_set_obj_coef(P, j, 100);
  }
  glp_add_rows(P, 6);
  for (int r = 1; r <= 3; r++)
    glp_set_row_bnds(P, r, GLP_FX, 1, 1);
  for (int r = 4; r <= 6; r++)
    glp_set_row_bnds(P, r, GLP_UP, 0, 1);
  int ia[] = {0, 1, 1, 1, 2, 2, 3, 3, 3, 4, 4, 5, 5, 6};
  int ja[] = {0, 1, 2, 6, 3, 7, 4, 5, 8, 1, 3, 2, 4, 5};
  double ar[] = {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  glp_load_matrix(P, 13, ia, ja, ar);
  return P;
}

static double objective(glp_prob *P, const double *x)
{
  double v = glp_get_obj_coef(P, 0);
  for (int j = 1; j <= glp_get_num_cols(P); j++)
    v += glp_get_obj_coef(P, j) * x[j];
  return v;
}

/* Every row of P holds at x. */
static void assert_rows_hold(glp_prob *P, const double *x)
{
  int ind[16];
  double val[16];
  for (int r = 1; r <= glp_get_num_rows(P); r++) {
    int len = glp_get_mat_row(P, r, ind, val);
    double L = 0;
    for (int k = 1; k <= len; k++)
      L += val[k] * x[ind[k]];
    int t = glp_get_row_type(P, r);
    if (t == GLP_LO || t == GLP_DB || t == GLP_FX)
      assert_true(L >= glp_get_row_lb(P, r) - 1e-9);
    if (t == GLP_UP || t == GLP_DB || t == GLP_FX)
      assert_true(L <= glp_get_row_ub(P, r) + 1e-9);
  }
}

static void costs(glp_prob *P, double *cost)
{
  for (int j = 0; j <= glp_get_num_cols(P); j++)
    cost[j] = glp_get_obj_coef(P, j);
}

static void walk_moves_a_session_to_make_room(void **state)
{
  (void)state;
  glp_prob *P = three_slots();
  double cost[9], x[9] = {0};
  costs(P, cost);
  /* A at slot 1 (B's only slot), C at 3, B missing */
  x[1] = 1, x[5] = 1, x[7] = 1;
  assert_rows_hold(P, x);
  double obj = objective(P, x);
  assert_true(fabs(obj - 102) < 1e-9);
  cp_walk_stats st;
  assert_true(cp_walk(P, cost, x, &obj, 100000, cp_now() + 10, 1, &st));
  /* the one full week: B at 1, A at 2, C at 3 */
  assert_true(fabs(obj - 3) < 1e-9);
  assert_true(fabs(objective(P, x) - obj) < 1e-9);
  assert_true(x[3] == 1 && x[2] == 1 && x[5] == 1);
  assert_true(x[1] == 0 && x[4] == 0);
  assert_true(x[6] == 0 && x[7] == 0 && x[8] == 0);
  assert_rows_hold(P, x);
  assert_int_equal(st.violated0, 1); /* B's demand, held by its shortfall */
  assert_true(st.flips > 0);
  glp_delete_prob(P);
}

static void walk_leaves_a_week_nothing_can_help(void **state)
{
  (void)state;
  glp_prob *P = three_slots();
  /* B's one slot is taken by a fixed meeting: capacity of slot 1 is 0 */
  glp_set_row_bnds(P, 4, GLP_UP, 0, 0);
  double cost[9], x[9] = {0};
  costs(P, cost);
  x[2] = 1, x[5] = 1, x[7] = 1; /* A at 2, C at 3, B missing: optimal */
  assert_rows_hold(P, x);
  double obj = objective(P, x), before[9];
  memcpy(before, x, sizeof x);
  cp_walk_stats st;
  assert_false(cp_walk(P, cost, x, &obj, 20000, cp_now() + 10, 1, &st));
  assert_true(fabs(obj - 102) < 1e-9);
  assert_memory_equal(x, before, sizeof x);
  assert_true(st.flips > 0);
  glp_delete_prob(P);
}

static void walk_raises_a_same_time_reward(void **state)
{
  (void)state;
  glp_prob *P = three_slots();
  /* column 9: r <= xA2 with cost -0.5 (A at slot 2 rewarded), row 7 */
  glp_add_cols(P, 1);
  glp_set_col_bnds(P, 9, GLP_DB, 0, 1);
  glp_set_obj_coef(P, 9, -0.5);
  glp_add_rows(P, 1);
  glp_set_row_bnds(P, 7, GLP_UP, 0, 0);
  int ind[] = {0, 9, 2};
  double val[] = {0, 1, -1};
  glp_set_mat_row(P, 7, 2, ind, val);
  double cost[10], x[10] = {0};
  costs(P, cost);
  x[1] = 1, x[5] = 1, x[7] = 1;
  double obj = objective(P, x);
  cp_walk_stats st;
  assert_true(cp_walk(P, cost, x, &obj, 100000, cp_now() + 10, 1, &st));
  assert_true(x[2] == 1 && x[9] == 1);
  assert_true(fabs(obj - 2.5) < 1e-9);
  assert_rows_hold(P, x);
  glp_delete_prob(P);
}

static void walk_refuses_general_integers(void **state)
{
  (void)state;
  glp_prob *P = three_slots();
  glp_set_col_kind(P, 1, GLP_IV);
  glp_set_col_bnds(P, 1, GLP_DB, 0, 3);
  double cost[9], x[9] = {0};
  costs(P, cost);
  x[1] = 1, x[5] = 1, x[7] = 1;
  double obj = objective(P, x);
  cp_walk_stats st;
  assert_false(cp_walk(P, cost, x, &obj, 100000, cp_now() + 10, 1, &st));
  assert_int_equal(st.flips, 0);
  assert_true(x[1] == 1 && x[7] == 1);
  glp_delete_prob(P);
}

int main(void)
{
  glp_term_out(GLP_OFF);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(walk_moves_a_session_to_make_room),
      cmocka_unit_test(walk_leaves_a_week_nothing_can_help),
      cmocka_unit_test(walk_raises_a_same_time_reward),
      cmocka_unit_test(walk_refuses_general_integers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
