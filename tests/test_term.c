/* test_term.c — calendar.c, term.c and makeup.c: dates of the term, the
 * pro-rating rule, the make-up placer.
 *
 * The scenarios are the shared example (one SLP, schools A and B, a
 * hand-made valid week) with a term and a calendar appended.  The make-ups
 * of a Monday holiday are asserted exactly (the placer's order is part of
 * its contract), then checked twice: each date with make-ups goes through
 * cp_verify (that date's rows in place of its weekday), and each make-up
 * session against the rules directly (availability, early release,
 * contract hours, overlaps, its own week).
 */
#include "testutil.h"

#include "../io/schedule_read.h"
#include "../io/values.h"
#include "../solver/calendar.h"
#include "../solver/makeup.h"
#include "../solver/term.h"
#include "../solver/verify.h"

/* ---- helpers ------------------------------------------------------------- */

static int date_of(const char *s)
{
  int d;
  assert_null(cp_parse_date(s, &d));
  return d;
}

static int hm(const char *s)
{
  int m;
  assert_null(cp_parse_time(s, &m));
  return m;
}

/* The shared example in a new temp folder with SETTINGS appended and
 * CALENDAR (rows after the header) as calendar.csv; malloc'd path. */
static char *example_with(const char *settings, const char *calendar)
{
  char *dir = tu_tempdir(), cmd[8400];
  snprintf(cmd, sizeof cmd,
           "cp '%s'/scenario/*.csv '%s'/schedule.csv '%s'/ && chmod u+w "
           "'%s'/*",
           tu_example_dir(), tu_example_dir(), dir, dir);
  assert_int_equal(system(cmd), 0);
  char path[4200];
  snprintf(path, sizeof path, "%s/settings.csv", dir);
  FILE *f = fopen(path, "ab");
  assert_non_null(f);
  fputs(settings, f);
  fclose(f);
  if (calendar) {
    char text[2048];
    snprintf(text, sizeof text, "date,school_id,kind,end\n%s", calendar);
    tu_write(dir, "calendar.csv", text);
  }
  return dir;
}

static cp_scenario *read_scenario(const char *dir)
{
  cp_scenario *sc = NULL;
  cp_diag diag;
  cp_diag_init(&diag);
  cp_status st = cp_scenario_read(dir, &sc, &diag);
  if (st != CP_OK)
    tu_diag_dump(&diag);
  assert_int_equal(st, CP_OK);
  return sc;
}

static cp_schedule *read_week(const cp_scenario *sc, const char *dir)
{
  char path[4200];
  snprintf(path, sizeof path, "%s/schedule.csv", dir);
  cp_schedule *s = NULL;
  cp_diag diag;
  cp_diag_init(&diag);
  cp_status st = cp_schedule_read(sc, path, &s, &diag);
  if (st != CP_OK)
    tu_diag_dump(&diag);
  assert_int_equal(st, CP_OK);
  return s;
}

static const char *student_of(const cp_scenario *sc, const cp_row *r, int i)
{
  return sc->students.v[sc->services.v[r->services[i]].student].id;
}

/* "2026-01-06 08:35-09:05 A session S2" for a row of the term. */
static void occ_text(const cp_scenario *sc, const cp_occ *o, char *buf,
                     size_t n)
{
  char d[11], a[6], b[6];
  cp_date_format(o->date, d);
  cp_format_time(o->r.start, a);
  cp_format_time(o->r.end, b);
  size_t used = (size_t)snprintf(
      buf, n, "%s %s-%s %s %s", d, a, b,
      o->r.school >= 0 ? sc->schools.v[o->r.school].id : "-",
      o->r.kind ? o->r.kind : cp_act_name(o->r.act));
  for (int i = 0; i < o->r.n_services && used < n; i++)
    used += (size_t)snprintf(buf + used, n - used, "%s%s", i ? ";" : " ",
                             student_of(sc, &o->r, i));
}

static const cp_term_period *period(const cp_scenario *sc, const cp_term *t,
                                    const char *student, cp_mode mode)
{
  for (int i = 0; i < t->n_per; i++) {
    const cp_service *sv = &sc->services.v[t->per[i].service];
    if (sv->mode == mode && !strcmp(sc->students.v[sv->student].id, student))
      return &t->per[i];
  }
  fail_msg("no period of %s", student);
  return NULL;
}

/* The weekly schedule with DATE's rows of T (make-ups included) in place of
 * its weekday: what cp_verify can check of one dated day. */
static cp_schedule *dated_week(const cp_scenario *sc, const cp_schedule *s,
                               const cp_term *t, int date)
{
  int d = cp_date_weekday(date);
  cp_schedule *x = cp_schedule_create();
  assert_non_null(x);
  for (int i = 0; i < s->n; i++)
    if (s->rows[i].day != d)
      assert_true(cp_schedule_add(x, &s->rows[i]) >= 0);
  for (int i = 0; i < t->n; i++)
    if (t->occ[i].date == date && !t->occ[i].removed) {
      cp_row r = t->occ[i].r;
      r.week = 0;
      assert_true(cp_schedule_add(x, &r) >= 0);
    }
  (void)sc;
  return x;
}

/* A make-up session checked against the rules directly. */
static void assert_makeup_valid(const cp_scenario *sc, const cp_term *t,
                                const cp_occ *o, int lost_monday)
{
  char what[200];
  occ_text(sc, o, what, sizeof what);
  const cp_row *r = &o->r;
  int d = cp_date_weekday(o->date);
  if (o->date - d != lost_monday)
    fail_msg("%s: not in the week that lost the session", what);
  if (d >= 5 || cp_calendar_holiday(sc, r->school, o->date))
    fail_msg("%s: not a school day", what);
  const cp_workday *wd = &sc->therapists.v[r->therapist].day[d];
  if (!wd->works || r->start < wd->start || r->end > wd->end)
    fail_msg("%s: outside the contract hours", what);
  if (r->act == CP_ACT_SESSION) {
    if (r->end > cp_calendar_day_end(sc, r->school, o->date))
      fail_msg("%s: after the early release", what);
    for (int i = 0; i < r->n_services; i++) {
      const cp_student *st =
          &sc->students.v[sc->services.v[r->services[i]].student];
      bool in = false;
      for (int j = 0; j < st->avail[d].n; j++)
        in |= st->avail[d].v[j].start <= r->start &&
              r->end <= st->avail[d].v[j].end;
      if (!in)
        fail_msg("%s: %s is not available", what, st->id);
    }
  }
  for (int i = 0; i < t->n; i++) {
    const cp_occ *x = &t->occ[i];
    if (x == o || x->removed || x->date != o->date ||
        x->r.therapist != r->therapist)
      continue;
    if (x->r.start < r->end && r->start < x->r.end) {
      char other[200];
      occ_text(sc, x, other, sizeof other);
      fail_msg("%s: overlaps %s", what, other);
    }
  }
}

/* ---- calendar ------------------------------------------------------------ */

static void calendar_maps_dates_to_the_cycle_from_the_term_start_week(
    void **state)
{
  (void)state;
  /* A/B weeks, a term starting on a Wednesday: week 1 is 03-03..03-09 */
  char *dir = example_with("", NULL);
  tu_write(dir, "settings.csv",
           "key,value\nrotation_weeks,2\nterm_start,2025-03-05\n"
           "term_end,2025-05-16\n");
  cp_scenario *sc = read_scenario(dir);
  assert_int_equal(cp_term_monday(sc), date_of("2025-03-03"));
  assert_int_equal(cp_term_cycle_week(sc, date_of("2025-03-05")), 0);
  assert_int_equal(cp_term_cycle_week(sc, date_of("2025-03-09")), 0);
  assert_int_equal(cp_term_cycle_week(sc, date_of("2025-03-10")), 1);
  assert_int_equal(cp_term_cycle_week(sc, date_of("2025-03-17")), 0);
  /* week 1's Monday falls before the term: the next cycle's */
  assert_int_equal(cp_term_first_date(sc, 0, 0), date_of("2025-03-17"));
  assert_int_equal(cp_term_first_date(sc, 0, 2), date_of("2025-03-05"));
  assert_int_equal(cp_term_first_date(sc, 1, 0), date_of("2025-03-10"));
  int y, m, d, first, last;
  cp_date_civil(date_of("2024-02-29"), &y, &m, &d);
  assert_true(y == 2024 && m == 2 && d == 29);
  cp_date_month(date_of("2024-02-10"), &first, &last);
  assert_int_equal(first, date_of("2024-02-01"));
  assert_int_equal(last, date_of("2024-02-29"));
  assert_int_equal(cp_date_weekday(date_of("2026-01-05")), 0);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void calendar_removes_holidays_and_sessions_after_a_release(
    void **state)
{
  (void)state;
  char *dir = example_with("term_start,2026-01-05\nterm_end,2026-01-30\n",
                           "2026-01-05,B,holiday,\n"
                           "2026-01-06,,early_release,12:00\n"
                           "2026-01-07,,holiday,\n");
  cp_scenario *sc = read_scenario(dir);
  int A = 0, B = 1;
  cp_row at_a = {.school = A, .act = CP_ACT_SESSION, .start = hm("13:00"),
                 .end = hm("13:30")};
  cp_row at_b = at_a, lunch = {.school = CP_NONE, .act = CP_ACT_LUNCH,
                               .start = hm("11:00"), .end = hm("11:30")};
  at_b.school = B;
  cp_row consult = at_a;
  consult.act = CP_ACT_CONSULT;
  int mon = date_of("2026-01-05"), tue = mon + 1, wed = mon + 2;
  /* a holiday at B takes what happens at B, not A, not lunch */
  assert_false(cp_calendar_removes(sc, &at_a, mon));
  assert_true(cp_calendar_removes(sc, &at_b, mon));
  assert_false(cp_calendar_removes(sc, &lunch, mon));
  /* an early release takes sessions ending after it, not consults */
  assert_true(cp_calendar_removes(sc, &at_a, tue));
  assert_false(cp_calendar_removes(sc, &consult, tue));
  at_a.start = hm("11:30");
  at_a.end = hm("12:00");
  assert_false(cp_calendar_removes(sc, &at_a, tue));
  assert_int_equal(cp_calendar_day_end(sc, A, tue), hm("12:00"));
  assert_int_equal(cp_calendar_day_end(sc, A, mon), hm("14:30"));
  /* a holiday of every school takes everything */
  assert_true(cp_calendar_removes(sc, &lunch, wed));
  assert_true(cp_calendar_holiday(sc, A, wed));
  assert_true(cp_calendar_holiday(sc, B, mon));
  assert_false(cp_calendar_holiday(sc, A, mon));
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

/* ---- the pro-rating rule ------------------------------------------------- */

static void term_required_prorates_partial_weeks_and_months(void **state)
{
  (void)state;
  /* 2026-01-07 (Wed) to 2026-02-10 (Tue) */
  char *dir = example_with("term_start,2026-01-07\nterm_end,2026-02-10\n",
                           NULL);
  cp_scenario *sc = read_scenario(dir);
  int ts = sc->set.term_start, te = sc->set.term_end;
  /* S1 60/week: Wed-Fri 3 days + 4 full weeks + Mon-Tue 2 days = 25 days
   * = 5 weeks: 300 */
  assert_int_equal(cp_term_required(sc, 0, ts, te), 300);
  /* one partial week: 60 x 3/5 = 36 */
  assert_int_equal(cp_term_required(sc, 0, ts, date_of("2026-01-11")), 36);
  /* S2 30/week over Wed-Thu: 30 x 2/5 = 12 */
  assert_int_equal(cp_term_required(sc, 1, ts, date_of("2026-01-08")), 12);
  /* S4 consult 60/month: January 2026 has 22 weekdays, the term 18 of
   * them: 60 x 18/22 = 49.09 -> 49; February 20 weekdays, 7 in the term:
   * 60 x 7/20 = 21 */
  assert_int_equal(cp_term_required(sc, 4, ts, date_of("2026-01-31")), 49);
  assert_int_equal(cp_term_required(sc, 4, date_of("2026-02-01"), te), 21);
  /* one day: 60 x 1/22 = 2.7 -> 3 (monthly), 30 x 1/5 = 6 (weekly) */
  assert_int_equal(
      cp_term_required(sc, 4, date_of("2026-01-30"), date_of("2026-01-30")),
      3);
  assert_int_equal(
      cp_term_required(sc, 1, date_of("2026-01-30"), date_of("2026-01-30")),
      6);
  /* weekends count nothing */
  assert_int_equal(
      cp_term_required(sc, 0, date_of("2026-01-10"), date_of("2026-01-11")),
      0);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void term_required_rounds_halves_up(void **state)
{
  (void)state;
  /* the weekly rule, minutes x days / 5, never ends in a half; the monthly
   * one can: 30/month over 1 of February 2026's 20 weekdays is 1.5 -> 2 */
  char *dir = example_with("term_start,2026-01-05\nterm_end,2026-02-27\n",
                           NULL);
  tu_write(dir, "services.csv",
           "student_id,discipline,mode,minutes,per,session_minutes,setting\n"
           "S1,SLP,direct,60,week,30,individual\n"
           "S2,SLP,direct,30,month,30,group\n");
  cp_scenario *sc = read_scenario(dir);
  int feb2 = date_of("2026-02-02");
  assert_int_equal(cp_term_required(sc, 1, feb2, feb2), 2);     /* 1.5 */
  assert_int_equal(cp_term_required(sc, 1, feb2, feb2 + 1), 3); /* 3.0 */
  /* a whole month inside the term owes exactly its minutes */
  assert_int_equal(cp_term_required(sc, 1, feb2 - 1, date_of("2026-02-27")),
                   30);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void term_required_owes_nothing_in_a_break_week(void **state)
{
  (void)state;
  char *dir = example_with("term_start,2026-01-05\nterm_end,2026-01-23\n",
                           "2026-01-12,,holiday,\n2026-01-13,,holiday,\n"
                           "2026-01-14,,holiday,\n2026-01-15,,holiday,\n"
                           "2026-01-16,,holiday,\n2026-01-19,A,holiday,\n");
  cp_scenario *sc = read_scenario(dir);
  /* S1 (school A) 60/week: week 2 is a break, week 3's A holiday is owed
   * (made up): 2 weeks */
  assert_int_equal(
      cp_term_required(sc, 0, sc->set.term_start, sc->set.term_end), 120);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

/* ---- make-ups ------------------------------------------------------------ */

static void makeups_fill_a_holiday_week_in_a_fixed_order(void **state)
{
  (void)state;
  /* a Monday holiday takes S1, S2, the group S3;S4 and S4's consult */
  char *dir = example_with("term_start,2026-01-05\nterm_end,2026-01-16\n",
                           "2026-01-05,,holiday,\n");
  cp_scenario *sc = read_scenario(dir);
  cp_schedule *s = read_week(sc, dir);
  cp_term t;
  assert_int_equal(cp_term_build(sc, s, &t), CP_OK);
  static const char *const want[] = {
      "2026-01-06 08:35-09:05 A session S2",
      "2026-01-06 09:05-09:10 - documentation",
      "2026-01-06 09:45-10:00 B travel",
      "2026-01-06 10:00-10:30 B session S3;S4",
      "2026-01-06 10:30-10:45 A travel",
      "2026-01-06 10:45-10:50 - documentation",
      "2026-01-07 08:00-08:30 A session S1",
      "2026-01-07 08:30-08:35 - documentation",
      "2026-01-07 08:35-08:50 B travel",
      "2026-01-07 08:50-09:05 B consult S4",
      "2026-01-07 09:05-09:20 A travel",
  };
  int n = 0;
  for (int i = 0; i < t.n; i++) {
    if (!t.occ[i].makeup)
      continue;
    char got[200];
    occ_text(sc, &t.occ[i], got, sizeof got);
    if (n >= (int)(sizeof want / sizeof *want))
      fail_msg("an extra make-up row: %s", got);
    if (strcmp(got, want[n]))
      fail_msg("make-up row %d: got '%s', want '%s'", n, got, want[n]);
    n++;
  }
  assert_int_equal(n, (int)(sizeof want / sizeof *want));
  assert_int_equal(t.makeups, 4);
  assert_int_equal(t.debt, 0);

  /* the accounts: S1 60/week over 2 weeks, its Monday session made up */
  const cp_term_period *p = period(sc, &t, "S1", CP_DIRECT);
  assert_int_equal(p->required, 120);
  assert_int_equal(p->planned, 120);
  assert_int_equal(p->removed, 30);
  assert_int_equal(p->makeup, 30);
  assert_int_equal(p->delivered, 120);
  /* S4's consult: 60/month, January has 22 weekdays, the term 10:
   * 27 owed; 15 a week planned, the holiday's 15 made up */
  p = period(sc, &t, "S4", CP_CONSULT);
  assert_int_equal(p->required, 27);
  assert_int_equal(p->planned, 30);
  assert_int_equal(p->removed, 15);
  assert_int_equal(p->delivered, 30);
  assert_int_equal(p->debt, 0);

  /* the independent checks: verify.c on each dated day, the rules here */
  int monday = date_of("2026-01-05");
  for (int d = 1; d < 5; d++) {
    cp_schedule *x = dated_week(sc, s, &t, monday + d);
    cp_verify_report rep;
    cp_status st = cp_verify(sc, x, &rep);
    for (int i = 0; i < rep.n; i++)
      print_message("  %s\n", rep.v[i].text);
    assert_int_equal(st, CP_OK);
    cp_verify_report_fini(&rep);
    cp_schedule_destroy(x);
  }
  for (int i = 0; i < t.n; i++)
    if (t.occ[i].makeup)
      assert_makeup_valid(sc, &t, &t.occ[i], monday);
  cp_term_fini(&t);
  cp_schedule_destroy(s);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void makeups_that_cannot_fit_are_debt_with_the_reason(void **state)
{
  (void)state;
  /* S2 is at school only on Mondays: the holiday's session is owed */
  char *dir = example_with("term_start,2026-01-05\nterm_end,2026-01-16\n",
                           "2026-01-05,,holiday,\n");
  char path[4200];
  snprintf(path, sizeof path, "%s/blocks.csv", dir);
  FILE *f = fopen(path, "ab");
  assert_non_null(f);
  fputs("student,S2,A,Tue-Fri,08:00,14:30,unavailable,elsewhere\n", f);
  fclose(f);
  cp_scenario *sc = read_scenario(dir);
  cp_schedule *s = read_week(sc, dir);
  cp_term t;
  assert_int_equal(cp_term_build(sc, s, &t), CP_OK);
  const cp_term_period *p = period(sc, &t, "S2", CP_DIRECT);
  assert_int_equal(p->required, 60);
  assert_int_equal(p->delivered, 30);
  assert_int_equal(p->debt, 30);
  assert_string_equal(p->reason,
                      "no free time at A in the week of 2026-01-05 that fits "
                      "S2's availability");
  assert_int_equal(t.debt, 30);
  assert_int_equal(t.in_debt, 1);
  for (int i = 0; i < t.n; i++)
    if (t.occ[i].makeup && t.occ[i].r.n_services)
      assert_string_not_equal(student_of(sc, &t.occ[i].r, 0), "S2");
  cp_term_fini(&t);
  cp_schedule_destroy(s);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void placer_keeps_the_early_release_and_reports_why_not(void **state)
{
  (void)state;
  char *dir = example_with("term_start,2026-01-05\nterm_end,2026-01-16\n",
                           "2026-01-05,,holiday,\n"
                           "2026-01-08,B,early_release,08:55\n");
  cp_scenario *sc = read_scenario(dir);
  cp_board *b = cp_board_create(sc);
  assert_non_null(b);
  int mon = date_of("2026-01-05");
  cp_board_reset(b, mon);
  int s3 = 2; /* S3 at B: unavailable Tue and Thu 09:00-10:00 */
  int dates[] = {mon, mon + 3}; /* the holiday, the release */
  cp_makeup_req req = {.therapist = 0, .act = CP_ACT_SESSION,
                       .services = &s3, .n_services = 1, .length = 30,
                       .dates = dates, .n_dates = 1};
  cp_makeup m;
  cp_makeup_result res;
  assert_int_equal(cp_makeup_place(b, &req, &m, &res), CP_OK);
  assert_int_equal(res, CP_MAKEUP_NO_DAY); /* a holiday is no school day */
  req.dates = dates + 1;
  /* Thursday at B: opens 08:30, releases 08:55: no 30 minutes at all */
  assert_int_equal(cp_makeup_place(b, &req, &m, &res), CP_OK);
  assert_int_equal(res, CP_MAKEUP_NO_ROOM);
  req.length = 25; /* ... a 25-minute session fits 08:30-08:55 */
  assert_int_equal(cp_makeup_place(b, &req, &m, &res), CP_OK);
  assert_int_equal(res, CP_MAKEUP_PLACED);
  assert_int_equal(m.date, mon + 3);
  assert_int_equal(m.rows[0].start, hm("08:30"));
  assert_int_equal(m.rows[0].end, hm("08:55"));
  assert_int_equal(m.rows[0].school, 1);
  /* a day without visits: the drives from and back to base A are rows */
  bool there = false, back = false, doc = false;
  for (int i = 1; i < m.n_rows; i++) {
    const cp_row *r = &m.rows[i];
    there |= r->act == CP_ACT_TRAVEL && r->school == 1 &&
             r->end == hm("08:30") && r->start == hm("08:15");
    back |= r->act == CP_ACT_TRAVEL && r->school == 0 &&
            r->start == hm("08:55") && r->end == hm("09:10");
    doc |= r->act == CP_ACT_DOC && r->end - r->start == 5;
  }
  assert_true(there && back && doc);
  /* the board now holds them: a second one that day is refused */
  assert_int_equal(cp_makeup_place(b, &req, &m, &res), CP_OK);
  assert_int_equal(res, CP_MAKEUP_NO_DAY);
  /* Tuesday, T1 free only 10:00-10:35 at A: room for S1 and its notes,
   * but A's recess is 10:00-10:30 */
  cp_row busy = {.therapist = 0, .school = CP_NONE, .act = CP_ACT_DUTY,
                 .kind = "planning", .start = hm("07:30"), .end = hm("10:00")};
  assert_int_equal(cp_board_add(b, &busy, mon + 1), CP_OK);
  busy.start = hm("10:35");
  busy.end = hm("15:30");
  assert_int_equal(cp_board_add(b, &busy, mon + 1), CP_OK);
  int s1 = 0, tue = mon + 1;
  req = (cp_makeup_req){.therapist = 0, .act = CP_ACT_SESSION,
                        .services = &s1, .n_services = 1, .length = 30,
                        .dates = &tue, .n_dates = 1};
  assert_int_equal(cp_makeup_place(b, &req, &m, &res), CP_OK);
  assert_int_equal(res, CP_MAKEUP_NO_TIME);
  cp_board_destroy(b);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void term_without_calendar_lays_the_week_over_every_date(void **state)
{
  (void)state;
  char *dir = example_with("term_start,2026-01-05\nterm_end,2026-01-16\n",
                           NULL);
  cp_scenario *sc = read_scenario(dir);
  cp_schedule *s = read_week(sc, dir);
  cp_term t;
  assert_int_equal(cp_term_build(sc, s, &t), CP_OK);
  assert_int_equal(t.n, 2 * s->n); /* two full weeks */
  assert_int_equal(t.makeups, 0);
  assert_int_equal(t.debt, 0);
  for (int i = 1; i < t.n; i++) /* by therapist, date, start */
    assert_true(t.occ[i - 1].date < t.occ[i].date ||
                (t.occ[i - 1].date == t.occ[i].date &&
                 t.occ[i - 1].r.start <= t.occ[i].r.start));
  cp_term_fini(&t);
  cp_schedule_destroy(s);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(
          calendar_maps_dates_to_the_cycle_from_the_term_start_week),
      cmocka_unit_test(calendar_removes_holidays_and_sessions_after_a_release),
      cmocka_unit_test(term_required_prorates_partial_weeks_and_months),
      cmocka_unit_test(term_required_rounds_halves_up),
      cmocka_unit_test(term_required_owes_nothing_in_a_break_week),
      cmocka_unit_test(makeups_fill_a_holiday_week_in_a_fixed_order),
      cmocka_unit_test(makeups_that_cannot_fit_are_debt_with_the_reason),
      cmocka_unit_test(placer_keeps_the_early_release_and_reports_why_not),
      cmocka_unit_test(term_without_calendar_lays_the_week_over_every_date),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
