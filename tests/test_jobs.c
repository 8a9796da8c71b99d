/* test_jobs.c — solver/jobs.c: answers from child processes.
 *
 * A child's bytes come back whole and under their tag; a child that dies
 * (abort) or is killed is told apart from one that answered; the byte
 * buffer reads back what was put and refuses to read past its end.
 */
#include "testutil.h"

#include "../solver/jobs.h"

#include <signal.h>

static void put_numbers(void *arg, cp_buf *out)
{
  int n = *(int *)arg;
  for (int i = 0; i < n; i++)
    cp_buf_put(out, &i, sizeof i);
}

static void die(void *arg, cp_buf *out)
{
  (void)arg;
  int x = 7;
  cp_buf_put(out, &x, sizeof x);
  signal(SIGABRT, SIG_DFL);
  abort();
}

static void sleep_long(void *arg, cp_buf *out)
{
  (void)arg;
  (void)out;
  sleep(30);
}

static void buffer_reads_back_and_stops_at_its_end(void **state)
{
  (void)state;
  cp_buf b = {0};
  double v = 2.5, w = 0;
  int k = 0;
  cp_buf_put(&b, &v, sizeof v);
  size_t pos = 0;
  assert_true(cp_buf_get(&b, &pos, &w, sizeof w));
  assert_true(w == 2.5);
  assert_false(cp_buf_get(&b, &pos, &k, sizeof k));
  assert_int_equal(k, 0);
  cp_buf_fini(&b);
}

static void two_children_answer_under_their_tags(void **state)
{
  (void)state;
  cp_jobs J = {0};
  int small = 3, big = 100000; /* 400 kB: more than a pipe holds */
  assert_int_equal(cp_jobs_start(&J, 11, put_numbers, &small), 0);
  assert_int_equal(cp_jobs_start(&J, 22, put_numbers, &big), 0);
  assert_true(cp_jobs_running(&J, 11) && cp_jobs_running(&J, 22));
  int seen = 0;
  for (int r = 0; r < 2; r++) {
    cp_buf b;
    bool ok;
    int tag = cp_jobs_wait(&J, &b, &ok);
    assert_true(ok);
    int n = tag == 11 ? small : big;
    assert_true(tag == 11 || tag == 22);
    seen |= tag == 11 ? 1 : 2;
    assert_int_equal(b.n, (size_t)n * sizeof(int));
    size_t pos = 0;
    for (int i = 0; i < n; i++) {
      int x;
      assert_true(cp_buf_get(&b, &pos, &x, sizeof x));
      assert_int_equal(x, i);
    }
    cp_buf_fini(&b);
  }
  assert_int_equal(seen, 3);
  cp_buf b;
  bool ok = true;
  assert_int_equal(cp_jobs_wait(&J, &b, &ok), -1);
  assert_false(ok);
}

static void a_child_that_dies_gives_no_answer(void **state)
{
  (void)state;
  cp_jobs J = {0};
  assert_int_equal(cp_jobs_start(&J, 5, die, NULL), 0);
  cp_buf b;
  bool ok = true;
  assert_int_equal(cp_jobs_wait(&J, &b, &ok), 5);
  assert_false(ok);
  cp_buf_fini(&b);
  assert_int_equal(J.n, 0);
}

static void kill_stops_and_reaps_every_child(void **state)
{
  (void)state;
  cp_jobs J = {0};
  assert_int_equal(cp_jobs_start(&J, 1, sleep_long, NULL), 0);
  assert_int_equal(cp_jobs_start(&J, 2, sleep_long, NULL), 0);
  int pid = J.j[0].pid;
  cp_jobs_kill(&J);
  assert_int_equal(J.n, 0);
  assert_int_equal(kill(pid, 0), -1); /* reaped: no such process */
}

static void parallel_setting_is_clamped(void **state)
{
  (void)state;
  cp_jobs_set_parallel(0);
  assert_int_equal(cp_jobs_parallel(), 1);
  cp_jobs_set_parallel(1000);
  assert_int_equal(cp_jobs_parallel(), CP_JOBS_MAX);
  cp_jobs_set_parallel(1);
  int c = cp_jobs_cpus();
  assert_true(c >= 1 && c <= CP_JOBS_MAX);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(buffer_reads_back_and_stops_at_its_end),
      cmocka_unit_test(two_children_answer_under_their_tags),
      cmocka_unit_test(a_child_that_dies_gives_no_answer),
      cmocka_unit_test(kill_stops_and_reaps_every_child),
      cmocka_unit_test(parallel_setting_is_clamped),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
