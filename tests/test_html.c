/* test_html.c — html_schedule.c, html_report.c and ics_write.c on small
 * scenarios (the shared example and its hand-made schedule, and
 * understaffed_window for the proof).
 *
 * Checks what a browser or calendar could not tell us cheaply: escaping of
 * every text, the activity colours adding up to the workload figures, tags
 * opened and closed in equal numbers, and the iCalendar line rules.  The
 * pages are parsed with a real HTML parser and rendered in Chromium, and
 * the calendars parsed and expanded with python3-icalendar and dateutil,
 * by tests/test_render.sh and tests/test_ics.py.
 */
#include "testutil.h"

#include "../io/html_report.h"
#include "../io/html_schedule.h"
#include "../io/ics_write.h"
#include "../io/schedule_read.h"
#include "../solver/staffing.h"
#include "../solver/workload.h"

/* ---- helpers ------------------------------------------------------------- */

typedef struct capture {
  char *text;
  size_t len;
  FILE *f;
} capture;

static void capture_open(capture *c)
{
  c->text = NULL;
  c->len = 0;
  c->f = open_memstream(&c->text, &c->len);
  assert_non_null(c->f);
}

static char *capture_close(capture *c)
{
  assert_int_equal(fclose(c->f), 0);
  return c->text;
}

static int count(const char *s, const char *pat)
{
  int n = 0;
  size_t len = strlen(pat);
  for (const char *p = strstr(s, pat); p; p = strstr(p + len, pat))
    n++;
  return n;
}

/* Every element the writers use opens as often as it closes. */
static void assert_balanced(const char *html)
{
  static const char *const tags[][3] = {
      {"<div", NULL, "</div>"},         {"<section", NULL, "</section>"},
      {"<table", NULL, "</table>"},     {"<tr>", NULL, "</tr>"},
      {"<td", NULL, "</td>"},           {"<th>", "<th ", "</th>"},
      {"<span", NULL, "</span>"},       {"<p>", "<p ", "</p>"},
      {"<svg", NULL, "</svg>"},         {"<ul", NULL, "</ul>"},
      {"<li>", "<li ", "</li>"},        {"<ol", NULL, "</ol>"},
      {"<pre", NULL, "</pre>"},         {"<h2", NULL, "</h2>"},
      {"<h3", NULL, "</h3>"},           {"<header", NULL, "</header>"},
      {"<main", NULL, "</main>"},       {"<html", NULL, "</html>"},
      {"<body", NULL, "</body>"},       {"<style", NULL, "</style>"},
      {"<title", NULL, "</title>"},     {"<b>", NULL, "</b>"},
  };
  for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++) {
    int open = count(html, tags[i][0]) + (tags[i][1] ? count(html, tags[i][1])
                                                     : 0);
    int close = count(html, tags[i][2]);
    if (open != close)
      fail_msg("%s opens %d times, %s closes %d times", tags[i][0], open,
               tags[i][2], close);
  }
  assert_int_equal(count(html, "<script"), 0);
  assert_non_null(strstr(html, "default-src 'none'"));
}

static char *read_text(const char *path)
{
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *s = malloc((size_t)n + 1);
  assert_non_null(s);
  assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
  s[n] = 0;
  fclose(f);
  return s;
}

/* DIR/NAME with every OLD replaced by NEW. */
static void edit_all(const char *dir, const char *name, const char *old,
                     const char *new_text)
{
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  char *text = read_text(path);
  size_t lo = strlen(old), ln = strlen(new_text);
  char *out = malloc(strlen(text) * (ln + 1) + 1);
  assert_non_null(out);
  char *o = out;
  int n = 0;
  for (const char *p = text; *p;) {
    if (!strncmp(p, old, lo)) {
      memcpy(o, new_text, ln);
      o += ln;
      p += lo;
      n++;
    } else {
      *o++ = *p++;
    }
  }
  *o = 0;
  if (!n)
    fail_msg("'%s' is not in %s", old, name);
  tu_write(dir, name, out);
  free(out);
  free(text);
}

/* A copy of the shared example (scenario files and schedule.csv). */
static char *copy_example(void)
{
  char *dir = tu_tempdir(), cmd[8600];
  snprintf(cmd, sizeof cmd,
           "cp '%s'/scenario/*.csv '%s'/schedule.csv '%s'/ && chmod u+w "
           "'%s'/*",
           tu_example_dir(), tu_example_dir(), dir, dir);
  assert_int_equal(system(cmd), 0);
  return dir;
}

static void append_settings(const char *dir, const char *lines)
{
  char path[4200];
  snprintf(path, sizeof path, "%s/settings.csv", dir);
  FILE *f = fopen(path, "ab");
  assert_non_null(f);
  fputs(lines, f);
  fclose(f);
}

static cp_scenario *read_scenario(const char *dir)
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

static cp_schedule *read_schedule(const cp_scenario *sc, const char *dir)
{
  char path[4200];
  snprintf(path, sizeof path, "%s/schedule.csv", dir);
  cp_schedule *s = NULL;
  cp_diag d;
  cp_diag_init(&d);
  cp_status st = cp_schedule_read(sc, path, &s, &d);
  if (st != CP_OK)
    cp_diag_print(&d, stderr);
  assert_int_equal(st, CP_OK);
  return s;
}

static char *schedule_html(const cp_scenario *sc, const cp_schedule *s)
{
  capture c;
  capture_open(&c);
  cp_html_schedule_write(c.f, sc, s);
  return capture_close(&c);
}

static char *report_html(const cp_scenario *sc, const cp_schedule *s,
                         const cp_staffing *sf)
{
  capture c;
  capture_open(&c);
  cp_html_report_write(c.f, sc, s, sf, NULL);
  return capture_close(&c);
}

static char *calendar(const cp_scenario *sc, const cp_schedule *s, int t)
{
  capture c;
  capture_open(&c);
  assert_int_equal(cp_ics_write(c.f, sc, s, NULL, t), CP_OK);
  return capture_close(&c);
}

/* ---- HTML ---------------------------------------------------------------- */

static void html_text_escapes_markup_and_controls(void **state)
{
  (void)state;
  capture c;
  capture_open(&c);
  cp_html_text(c.f, "<b>&\"x'\x01\tok\xC3\xA9");
  char *s = capture_close(&c);
  assert_string_equal(s, "&lt;b&gt;&amp;&quot;x&#39;\xEF\xBF\xBD\tok\xC3\xA9");
  free(s);
}

/* The colours of the grid are the categories of workload.csv: each row's
 * minutes, summed by cp_html_category, give cp_workload's figures. */
static void categories_add_up_to_the_workload(void **state)
{
  (void)state;
  char *dir = copy_example();
  cp_scenario *sc = read_scenario(dir);
  cp_schedule *s = read_schedule(sc, dir);
  /* one row of every kind the example lacks (Saturday: out of the way) */
  static const struct {
    cp_act act;
    const char *kind;
    int n_services;
  } extra[] = {{CP_ACT_RESERVE, "reserve", 0},
               {CP_ACT_DOC, "documentation", 0},
               {CP_ACT_DUTY, "evaluation", 0},
               {CP_ACT_DUTY, "documentation", 0},
               {CP_ACT_DUTY, "reserve", 0},
               {CP_ACT_DUTY, "bus_duty", 0},
               {CP_ACT_SESSION, "session", 2}};
  int svc[2] = {0, 1};
  for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
    cp_row r = {.therapist = 0,
                .week = 0,
                .day = 5,
                .start = 600 + 20 * (int)i,
                .end = 610 + 20 * (int)i,
                .school = CP_NONE,
                .act = extra[i].act,
                .kind = extra[i].kind,
                .services = extra[i].n_services ? svc : NULL,
                .n_services = extra[i].n_services};
    assert_true(cp_schedule_add(s, &r) >= 0);
  }
  cp_workload wl;
  assert_int_equal(cp_workload_compute(sc, s, &wl), CP_OK);
  int sum[CP_HCAT_COUNT] = {0};
  for (int i = 0; i < s->n; i++)
    if (s->rows[i].therapist == 0)
      sum[cp_html_category(&s->rows[i])] += s->rows[i].end - s->rows[i].start;
  const cp_workweek *x = cp_workload_at(&wl, 0, 0);
  assert_int_equal(sum[CP_HCAT_SESSION], x->individual);
  assert_int_equal(sum[CP_HCAT_GROUP], x->group);
  assert_int_equal(sum[CP_HCAT_CONSULT], x->consult);
  assert_int_equal(sum[CP_HCAT_DOC], x->documentation);
  assert_int_equal(sum[CP_HCAT_PLANNING], x->planning);
  assert_int_equal(sum[CP_HCAT_IEP_EVAL], x->iep_eval);
  assert_int_equal(sum[CP_HCAT_RESERVE], x->reserve);
  assert_int_equal(sum[CP_HCAT_MEETING], x->other);
  assert_int_equal(sum[CP_HCAT_TRAVEL], x->travel);
  assert_int_equal(sum[CP_HCAT_LUNCH], x->lunch);
  cp_workload_fini(&wl);
  cp_schedule_destroy(s);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void schedule_page_has_every_view_and_the_workload_figures(void **state)
{
  (void)state;
  char *dir = copy_example();
  cp_scenario *sc = read_scenario(dir);
  cp_schedule *s = read_schedule(sc, dir);
  char *html = schedule_html(sc, s);
  assert_balanced(html);
  assert_non_null(strstr(html, "<section class=\"tw\" id=\"t0w1\">"));
  assert_non_null(strstr(html, "id=\"schools\""));
  assert_non_null(strstr(html, "id=\"students\""));
  /* one block per row */
  assert_int_equal(count(html, "<div class=\"b c-"), s->n);
  /* utilisation as workload.csv prints it */
  cp_workload wl;
  assert_int_equal(cp_workload_compute(sc, s, &wl), CP_OK);
  const cp_workweek *x = cp_workload_at(&wl, 0, 0);
  char want[200];
  snprintf(want, sizeof want,
           "data-therapist=\"T1\" data-week=\"1\" class=\"util\">%.1f%%<",
           100.0 * x->worked / (x->contract - x->lunch));
  assert_non_null(strstr(html, want));
  /* the school view: the day starts at base A, the drive arrives at B */
  assert_non_null(strstr(html, "09:15\xE2\x80\x93"));
  cp_workload_fini(&wl);
  free(html);
  cp_schedule_destroy(s);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void markup_in_ids_and_names_is_written_as_text(void **state)
{
  (void)state;
  char *dir = copy_example();
  /* S1 becomes <b>&" everywhere it is written (CSV-quoted) */
  edit_all(dir, "students.csv", "S1,", "\"<b>&\"\"\",");
  edit_all(dir, "services.csv", "S1,", "\"<b>&\"\"\",");
  edit_all(dir, "schedule.csv", ",S1,", ",\"<b>&\"\"\",");
  edit_all(dir, "schools.csv", "Alder", "Alder <script>x</script>");
  edit_all(dir, "therapists.csv", "Pat,", "\"Pat <i>O'Neil</i>\",");
  cp_scenario *sc = read_scenario(dir);
  cp_schedule *s = read_schedule(sc, dir);
  char *pages[2] = {schedule_html(sc, s), report_html(sc, s, NULL)};
  for (int i = 0; i < 2; i++) {
    assert_balanced(pages[i]);
    assert_null(strstr(pages[i], "<b>&"));
    assert_null(strstr(pages[i], "<script>x"));
    assert_null(strstr(pages[i], "<i>O'"));
    free(pages[i]);
  }
  char *html = schedule_html(sc, s);
  assert_non_null(strstr(html, "&lt;b&gt;&amp;&quot;"));
  assert_non_null(strstr(html, "Alder &lt;script&gt;x&lt;/script&gt;"));
  assert_non_null(strstr(html, "Pat &lt;i&gt;O&#39;Neil&lt;/i&gt;"));
  free(html);
  cp_schedule_destroy(s);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void report_without_schedule_still_shows_the_schools(void **state)
{
  (void)state;
  char *dir = copy_example();
  cp_scenario *sc = read_scenario(dir);
  char *html = report_html(sc, NULL, NULL);
  assert_balanced(html);
  assert_non_null(strstr(html, "No schedule was made."));
  assert_non_null(strstr(html, "id=\"schools\""));
  assert_null(strstr(html, "id=\"workload\""));
  free(html);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

/* The proof and the bracket as cp_staff gives them (certificates only: the
 * witness search is the solver's, exercised by tests/test_render.sh). */
static void report_states_the_proof_and_the_bracket(void **state)
{
  (void)state;
  cp_scenario *sc = read_scenario("../instances/understaffed_window");
  cp_staff_opts o = {.time_limit = 20, .like = CP_NONE};
  cp_staffing sf;
  assert_int_equal(cp_staff(sc, &o, true, &sf), CP_OK);
  assert_true(sf.infeasible);
  assert_true(sf.certs.n > 0 && sf.n > 0);
  char *html = report_html(sc, NULL, &sf);
  assert_balanced(html);
  /* the plain answer first, then the certificate's own sentence */
  const char *answer = strstr(html, "No schedule exists with the current "
                                    "staff.");
  assert_non_null(answer);
  capture c;
  capture_open(&c);
  cp_html_text(c.f, sf.certs.v[0].sentence);
  char *sentence = capture_close(&c);
  const char *proof = strstr(html, "<section id=\"proof\">");
  assert_non_null(proof);
  assert_true(answer < proof);
  assert_non_null(strstr(proof, sentence));
  /* the bracket row: now, lower, upper (or why there is none), shortfall */
  const cp_staff_row *r = &sf.rows[0];
  char row[300], upper[64];
  if (r->upper >= 0)
    snprintf(upper, sizeof upper, "%d", r->now + r->upper);
  else
    snprintf(upper, sizeof upper, "not found");
  snprintf(row, sizeof row,
           "</th><td class=\"n\">%d</td><td class=\"n\">%d</td><td "
           "class=\"n\">%s</td><td class=\"n\">%ld</td>",
           r->now, r->now + r->lower, upper, r->short_minutes);
  assert_non_null(strstr(html, row));
  assert_non_null(strstr(html, "<section id=\"staffing\">"));
  free(sentence);
  free(html);
  cp_staffing_fini(&sf);
  cp_scenario_destroy(sc);
}

/* ---- iCalendar ----------------------------------------------------------- */

static void assert_ics_lines(const char *ics)
{
  size_t n = strlen(ics);
  assert_true(n > 2 && ics[n - 2] == '\r' && ics[n - 1] == '\n');
  for (const char *p = ics; *p;) {
    const char *crlf = strstr(p, "\r\n");
    assert_non_null(crlf);
    size_t len = (size_t)(crlf - p);
    if (len > 75)
      fail_msg("line of %zu octets: %.80s", len, p);
    for (const char *q = p; q < crlf; q++)
      assert_true(*q != '\n' && *q != '\r');
    /* a fold never splits a UTF-8 sequence: no line starts with a
     * continuation byte after the folding space */
    if (*p == ' ' && len > 1)
      assert_true(((unsigned char)p[1] & 0xC0) != 0x80);
    p = crlf + 2;
  }
}

static void calendar_lines_are_folded_crlf_and_repeatable(void **state)
{
  (void)state;
  char *dir = copy_example();
  append_settings(dir, "term_start,2026-08-24\r\nterm_end,2026-12-18\r\n"
                       "timezone,America/Chicago\r\n");
  edit_all(dir, "schools.csv", "Alder",
           "\"Alder \xC3\x89" "cole, \xE6\x97\xA5\xE6\x9C\xAC; \\ "
           "\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89"
           "\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89"
           "\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89"
           "\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89"
           "\"");
  cp_scenario *sc = read_scenario(dir);
  cp_schedule *s = read_schedule(sc, dir);
  char why[300];
  assert_int_equal(cp_ics_check(sc, why, sizeof why), CP_OK);
  char *a = calendar(sc, s, 0), *b = calendar(sc, s, 0);
  assert_string_equal(a, b);
  assert_ics_lines(a);
  assert_int_equal(count(a, "BEGIN:VEVENT"), s->n);
  assert_int_equal(count(a, "BEGIN:VTIMEZONE"), 1);
  assert_non_null(strstr(a, "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"));
  assert_non_null(strstr(a, "UID:20260824-T1-w1-Mon-0800-session@caseplan"));
  assert_non_null(strstr(a, "DTSTART;TZID=America/Chicago:20260824T080000"));
  /* the last second of 2026-12-18 in Chicago (CST, UTC-6) */
  assert_non_null(strstr(a, "RRULE:FREQ=WEEKLY;UNTIL=20261219T055959Z\r\n"));
  /* TEXT escaping of , ; \ */
  assert_non_null(strstr(a, "Alder \xC3\x89" "cole\\, "));
  assert_non_null(strstr(a, "\\; \\\\ "));
  free(a);
  free(b);
  cp_schedule_destroy(s);
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void calendars_need_term_dates_and_a_known_zone(void **state)
{
  (void)state;
  char *dir = copy_example();
  cp_scenario *sc = read_scenario(dir);
  cp_schedule *s = read_schedule(sc, dir);
  char why[300];
  assert_int_equal(cp_ics_check(sc, why, sizeof why), CP_ERR_INPUT);
  assert_non_null(strstr(why, "term_start"));
  capture c;
  capture_open(&c);
  assert_int_equal(cp_ics_write(c.f, sc, s, NULL, 0), CP_ERR_INPUT);
  char *text = capture_close(&c);
  assert_int_equal(strlen(text), 0); /* nothing written */
  free(text);
  cp_schedule_destroy(s);
  cp_scenario_destroy(sc);

  append_settings(dir, "term_start,2026-08-24\r\nterm_end,2026-12-18\r\n"
                       "timezone,Mars/Olympus_Mons\r\n");
  sc = read_scenario(dir);
  assert_int_equal(cp_ics_check(sc, why, sizeof why), CP_ERR_INPUT);
  assert_non_null(strstr(why, "'Mars/Olympus_Mons'"));
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

static void zone_names_cannot_leave_the_zoneinfo_folder(void **state)
{
  (void)state;
  assert_null(cp_ics_zone_check("America/Chicago"));
  assert_null(cp_ics_zone_check("UTC"));
  assert_null(cp_ics_zone_check("Etc/GMT+5"));
  static const char *const bad[] = {"", "/etc/localtime", "../../etc/passwd",
                                    "America/../../../etc/passwd", "./UTC",
                                    "America//Chicago", "America/",
                                    "America/Chicago\n", "Mars/Olympus_Mons",
                                    "America"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (!cp_ics_zone_check(bad[i]))
      fail_msg("zone '%s' accepted", bad[i]);
}

static void calendar_file_names_are_safe_and_distinct(void **state)
{
  (void)state;
  char *dir = copy_example();
  cp_scenario *sc = read_scenario(dir);
  const char *id = sc->therapists.v[0].id;
  char name[200];
  cp_ics_file_name(sc, 0, name, sizeof name);
  assert_string_equal(name, "ics/T1.ics");
  sc->therapists.v[0].id = "../a/b c%_-.x";
  cp_ics_file_name(sc, 0, name, sizeof name);
  assert_string_equal(name, "ics/..%2Fa%2Fb%20c%25_-.x.ics");
  sc->therapists.v[0].id = id;
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(html_text_escapes_markup_and_controls),
      cmocka_unit_test(categories_add_up_to_the_workload),
      cmocka_unit_test(schedule_page_has_every_view_and_the_workload_figures),
      cmocka_unit_test(markup_in_ids_and_names_is_written_as_text),
      cmocka_unit_test(report_without_schedule_still_shows_the_schools),
      cmocka_unit_test(calendar_lines_are_folded_crlf_and_repeatable),
      cmocka_unit_test(calendars_need_term_dates_and_a_known_zone),
      cmocka_unit_test(zone_names_cannot_leave_the_zoneinfo_folder),
      cmocka_unit_test(calendar_file_names_are_safe_and_distinct),
      cmocka_unit_test(report_states_the_proof_and_the_bracket),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
