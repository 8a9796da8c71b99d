/* test_reader.c — the scenario reader against the rules of SPEC §1.
 *
 * Each test writes a small scenario folder (a valid base with some files
 * replaced), reads it with cp_scenario_read() and checks the values read or
 * the exact error messages.  The value parsers (values.h) are tested
 * directly.  The last tests read the shared example and check that
 * instances/tiny and its spreadsheet export instances/tiny_sheet read to the
 * same scenario, field by field.
 */
#include "testutil.h"

#include "../io/values.h"
#include "../solver/scenario.h"

#include <math.h>

/* ---- building scenario folders ------------------------------------------- */

typedef struct file_text {
  const char *name, *text;
} file_text;

/* Marks a file of the base scenario as absent. */
static const char GONE[] = "(gone)";

/* A valid scenario: two schools 15 minutes apart, one SLP therapist, two
 * students with one direct service each. */
static const file_text base[] = {
    {"schools.csv", "school_id,name,start,end,lat,lon\n"
                    "A,Alder,08:00,14:30,45.0,-93.0\n"
                    "B,Birch,08:30,15:00,45.05,-93.05\n"},
    {"travel.csv", "from_school,to_school,minutes\n"
                   "A,B,15\n"},
    {"therapists.csv", "therapist_id,name,discipline,days,start,end\n"
                       "T1,Pat,SLP,Mon-Fri,07:30,15:30\n"},
    {"students.csv", "student_id,school_id,grade,classroom,therapist_id\n"
                     "S1,A,2,2A,\n"
                     "S2,B,3,3B,\n"},
    {"services.csv", "student_id,discipline,mode,minutes,per,session_minutes,"
                     "setting,max_group\n"
                     "S1,SLP,direct,60,week,30,individual,\n"
                     "S2,SLP,direct,30,week,30,group,\n"},
    {NULL, NULL}};

/* Writes the base scenario into a new temporary folder, with the files in
 * OVER (terminated by {NULL}) written instead; text GONE leaves a file out.
 * Returns the folder (malloc'd). */
static char *make_scenario(const file_text *over)
{
  char *dir = tu_tempdir();
  for (const file_text *b = base; b->name; b++) {
    bool replaced = false;
    for (const file_text *o = over; o && o->name; o++)
      replaced |= !strcmp(o->name, b->name);
    if (!replaced)
      tu_write(dir, b->name, b->text);
  }
  for (const file_text *o = over; o && o->name; o++)
    if (o->text != GONE)
      tu_write(dir, o->name, o->text);
  return dir;
}

/* Reads DIR, which must be valid; prints the messages when it is not. */
static cp_scenario *read_dir_ok(const char *dir)
{
  cp_diag d;
  cp_diag_init(&d);
  cp_scenario *sc = NULL;
  cp_status st = cp_scenario_read(dir, &sc, &d);
  if (st != CP_OK) {
    tu_diag_dump(&d);
    fail_msg("reading %s: %s", dir, cp_strerror(st));
  }
  assert_int_equal(d.total, 0);
  assert_non_null(sc);
  return sc;
}

/* The base scenario with OVER, which must read without errors. */
static cp_scenario *read_ok(const file_text *over)
{
  char *dir = make_scenario(over);
  cp_scenario *sc = read_dir_ok(dir);
  tu_rmtree(dir);
  free(dir);
  return sc;
}

/* The base scenario with OVER, which must be rejected; messages into *d. */
static void read_bad(const file_text *over, cp_diag *d)
{
  char *dir = make_scenario(over);
  cp_diag_init(d);
  cp_scenario *sc = (cp_scenario *)1;
  assert_int_equal(cp_scenario_read(dir, &sc, d), CP_ERR_INPUT);
  assert_null(sc);
  assert_true(d->total > 0);
  tu_rmtree(dir);
  free(dir);
}

/* The base scenario with OVER must be rejected with exactly one message,
 * WANT. */
static void expect_only_error(const file_text *over, const char *want)
{
  cp_diag d;
  read_bad(over, &d);
  tu_assert_diag_has(&d, want);
  if (d.total != 1) {
    tu_diag_dump(&d);
    fail_msg("expected 1 message, got %d", d.total);
  }
}

static int school(const cp_scenario *sc, const char *id)
{
  int i = cp_map_get(&sc->school_ix, id);
  assert_true(i >= 0);
  return i;
}

static const cp_student *student(const cp_scenario *sc, const char *id)
{
  int i = cp_map_get(&sc->student_ix, id);
  assert_true(i >= 0);
  return &sc->students.v[i];
}

static const cp_therapist *therapist(const cp_scenario *sc, const char *id)
{
  int i = cp_map_get(&sc->therapist_ix, id);
  assert_true(i >= 0);
  return &sc->therapists.v[i];
}

#define HM(h, m) ((h) * 60 + (m))

/* ---- file syntax --------------------------------------------------------- */

static void reader_reads_the_base_scenario(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok(NULL);
  assert_int_equal(sc->schools.n, 2);
  assert_int_equal(sc->therapists.n, 1);
  assert_int_equal(sc->students.n, 2);
  assert_int_equal(sc->services.n, 2);
  assert_string_equal(sc->schools.v[0].id, "A");
  assert_string_equal(sc->schools.v[0].name, "Alder");
  assert_int_equal(sc->schools.v[0].start, HM(8, 0));
  assert_int_equal(sc->schools.v[0].end, HM(14, 30));
  assert_int_equal(sc->schools.v[0].line, 2);
  assert_int_equal(sc->schools.v[1].line, 3);
  cp_scenario_destroy(sc);
}

static void reader_accepts_a_utf8_bom(void **state)
{
  (void)state;
  /* without BOM handling the first column would be "\xEF\xBB\xBFschool_id"
   * and rejected as unknown */
  cp_scenario *sc = read_ok((const file_text[]){
      {"schools.csv", "\xEF\xBB\xBF"
                      "school_id,name,start,end,lat,lon\n"
                      "A,Alder,08:00,14:30,45.0,-93.0\n"
                      "B,Birch,08:30,15:00,45.05,-93.05\n"},
      {NULL, NULL}});
  assert_string_equal(sc->schools.v[0].id, "A");
  cp_scenario_destroy(sc);
}

static void reader_accepts_crlf_line_ends(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok((const file_text[]){
      {"schools.csv", "school_id,name,start,end,lat,lon\r\n"
                      "A,Alder,08:00,14:30,45.0,-93.0\r\n"
                      "\r\n"
                      "B,Birch,08:30,15:00,45.05,-93.05\r\n"},
      {"students.csv", "student_id,school_id,grade,classroom\r\n"
                       "S1,A,2,2A\r\n"
                       "S2,B,3,3B\r\n"},
      {NULL, NULL}});
  /* the last field of each line carries no \r */
  assert_string_equal(student(sc, "S1")->classroom, "2A");
  assert_string_equal(student(sc, "S2")->classroom, "3B");
  assert_true(sc->schools.v[1].has_coord);
  assert_true(fabs(sc->schools.v[1].lon - -93.05) < 1e-9);
  assert_int_equal(sc->schools.v[1].line, 4);
  cp_scenario_destroy(sc);
}

static void reader_takes_columns_in_any_order(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok((const file_text[]){
      {"schools.csv", "lon,lat,end,start,name,school_id\n"
                      "-93.0,45.0,14:30,08:00,Alder,A\n"
                      "-93.05,45.05,15:00,08:30,Birch,B\n"},
      {"travel.csv", "minutes,to_school,from_school\n"
                     "15,B,A\n"},
      {NULL, NULL}});
  const cp_school *a = &sc->schools.v[school(sc, "A")];
  assert_string_equal(a->name, "Alder");
  assert_int_equal(a->start, HM(8, 0));
  assert_int_equal(a->end, HM(14, 30));
  assert_true(fabs(a->lat - 45.0) < 1e-9);
  assert_true(fabs(a->lon - -93.0) < 1e-9);
  assert_int_equal(cp_travel(sc, school(sc, "A"), school(sc, "B")), 15);
  cp_scenario_destroy(sc);
}

static void reader_requires_a_header_row(void **state)
{
  (void)state;
  cp_diag d;
  read_bad((const file_text[]){{"students.csv", "S1,A,2,2A,\n"
                                                "S2,B,3,3B,\n"},
                               {NULL, NULL}},
           &d);
  tu_assert_diag_has(&d, "students.csv:1: unknown column 'S1' (expected "
                         "student_id, school_id, grade, classroom, "
                         "therapist_id; extra columns must start with x_)");
  tu_assert_diag_has(&d,
                     "students.csv:1: missing required column 'student_id'");
}

static void reader_rejects_an_empty_file(void **state)
{
  (void)state;
  expect_only_error(
      (const file_text[]){{"students.csv", "\n\n# nothing yet\n"},
                          {NULL, NULL}},
      "students.csv: file is empty: expected a header row of column names");
}

static void reader_ignores_x_columns(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok((const file_text[]){
      {"students.csv", "x_note,student_id,school_id,X_Other,grade,classroom\n"
                       "\"anything, at all\",S1,A,1:99,2,2A\n"
                       "25:61,S2,B,,3,3B\n"},
      {NULL, NULL}});
  assert_int_equal(sc->students.n, 2);
  assert_int_equal(student(sc, "S1")->school, school(sc, "A"));
  assert_string_equal(student(sc, "S1")->grade, "2");
  assert_string_equal(student(sc, "S2")->classroom, "3B");
  cp_scenario_destroy(sc);
}

static void reader_rejects_an_unknown_column(void **state)
{
  (void)state;
  expect_only_error(
      (const file_text[]){{"students.csv", "student_id,school_id,notes\n"
                                           "S1,A,new\n"
                                           "S2,B,\n"},
                          {NULL, NULL}},
      "students.csv:1: unknown column 'notes' (expected student_id, "
      "school_id, grade, classroom, therapist_id; extra columns must start "
      "with x_)");
}

static void reader_skips_comments_and_blank_lines(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok((const file_text[]){
      {"students.csv",
       "# students, pseudonymous\n"           /* 1 */
       "\n"                                   /* 2 */
       "student_id,school_id,grade,classroom\n" /* 3: the header */
       "# an \"odd quote and, commas\n"       /* 4 */
       "S1,A,2,2A\n"                          /* 5 */
       "   \n"                                /* 6 */
       ",,,\n"                                /* 7: a spreadsheet's blank */
       "#S9,A,2,2A\n"                         /* 8 */
       "  # indented comment\n"               /* 9 */
       "S2,B,3,3B\n"},                        /* 10 */
      {NULL, NULL}});
  assert_int_equal(sc->students.n, 2);
  assert_int_equal(student(sc, "S1")->line, 5);
  assert_int_equal(student(sc, "S2")->line, 10);
  assert_int_equal(cp_map_get(&sc->student_ix, "#S9"), -1);
  cp_scenario_destroy(sc);
}

static void reader_reads_quoted_fields_with_commas_and_newlines(void **state)
{
  (void)state;
  static const char blocks[] =
      "scope,id,school_id,days,start,end,kind,reason\n"    /* 1 */
      "student,S1,A,Mon,9:00,10:00,unavailable,\"speech,\n" /* 2 */
      "with a comma\n"                                      /* 3 */
      "and \"\"quotes\"\"\"\n"                              /* 4 */
      "school,,A,Tue,9:00,9:30,unavailable,assembly\n";     /* 5 */
  cp_scenario *sc = read_ok((const file_text[]){
      {"schools.csv", "school_id,name,start,end,lat,lon\n"
                      "A,\"Alder, North\",08:00,14:30,45.0,-93.0\n"
                      "B,\"Birch\",08:30,15:00,45.05,-93.05\n"},
      {"blocks.csv", blocks},
      {NULL, NULL}});
  assert_string_equal(sc->schools.v[0].name, "Alder, North");
  assert_string_equal(sc->schools.v[1].name, "Birch");
  assert_int_equal(sc->blocks.n, 2);
  assert_string_equal(sc->blocks.v[0].reason,
                      "speech,\nwith a comma\nand \"quotes\"");
  assert_int_equal(sc->blocks.v[0].line, 2);
  assert_int_equal(sc->blocks.v[1].line, 5);
  cp_scenario_destroy(sc);

  /* an error after the multi-line field names its own line */
  cp_diag d;
  char bad[sizeof blocks + 64];
  snprintf(bad, sizeof bad, "%sschool,,A,Wed,9:00,8:00,unavailable,x\n",
           blocks);
  read_bad((const file_text[]){{"blocks.csv", bad}, {NULL, NULL}}, &d);
  tu_assert_diag_has(&d, "blocks.csv:6: end '8:00' is not after start '9:00'");
  assert_int_equal(d.total, 1);
}

static void reader_trims_spaces_around_ids(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok((const file_text[]){
      {"students.csv", "student_id,school_id\n"
                       " S1 , A \n"
                       "\" S2\t\",\"B \"\n"},
      {NULL, NULL}});
  assert_int_equal(student(sc, "S1")->school, school(sc, "A"));
  assert_int_equal(student(sc, "S2")->school, school(sc, "B"));
  cp_scenario_destroy(sc);
}

static void reader_reports_every_error_of_a_file(void **state)
{
  (void)state;
  cp_diag d;
  read_bad((const file_text[]){
               {"students.csv", "student_id,school_id,grade,classroom\n"
                                "S1,A,2,2A,extra\n"
                                "S2,Q,3,3B\n"},
               {NULL, NULL}},
           &d);
  tu_assert_diag_has(&d, "students.csv:2: row has 5 fields but the header "
                         "has 4 (value 'extra' has no column; quote a value "
                         "that contains a comma)");
  tu_assert_diag_has(&d, "students.csv:3: school_id 'Q' is not in "
                         "schools.csv (it has 2 schools)");
  /* services.csv refers to S2: that is not reported a second time */
  assert_int_equal(d.total, 2);
}

static void reader_reports_a_rejected_row_once(void **state)
{
  (void)state;
  /* school A is rejected; its student, its travel row and its therapist's
   * schools list would all name it */
  expect_only_error(
      (const file_text[]){
          {"schools.csv", "school_id,name,start,end,lat,lon\n"
                          "A,Alder,08:03,14:30,45.0,-93.0\n"
                          "B,Birch,08:30,15:00,45.05,-93.05\n"},
          {"therapists.csv", "therapist_id,discipline,days,start,end,"
                             "schools\n"
                             "T1,SLP,Mon-Fri,07:30,15:30,A;B\n"},
          {NULL, NULL}},
      "schools.csv:2: start '08:03' is not on the 5-minute grid "
      "(slot_minutes = 5)");
}

static void reader_rejects_a_duplicate_id(void **state)
{
  (void)state;
  expect_only_error(
      (const file_text[]){{"students.csv", "student_id,school_id\n"
                                           "S1,A\n"
                                           "S2,B\n"
                                           "S1,B\n"},
                          {NULL, NULL}},
      "students.csv:4: student_id 'S1' is a duplicate (first on line 2)");
}

static void reader_rejects_bytes_that_are_not_utf8(void **state)
{
  (void)state;
  char *dir = make_scenario(NULL);
  static const char nul[] = "student_id,school_id\nS1,A\nS2,B\0\n";
  tu_write_bytes(dir, "students.csv", nul, sizeof nul - 1);
  cp_diag d;
  cp_diag_init(&d);
  cp_scenario *sc = NULL;
  assert_int_equal(cp_scenario_read(dir, &sc, &d), CP_ERR_INPUT);
  tu_assert_diag_has(&d, "students.csv:3: NUL byte at character 5: expected "
                         "UTF-8 text (is this a spreadsheet file rather than "
                         "CSV?)");
  tu_write(dir, "students.csv", "student_id,school_id\nS1,A\nS\xC3\x28,B\n");
  cp_diag_init(&d);
  assert_int_equal(cp_scenario_read(dir, &sc, &d), CP_ERR_INPUT);
  tu_assert_diag_has(&d, "students.csv:3: byte 0xC3 at character 2 is not "
                         "UTF-8: expected UTF-8 text (save the file as \"CSV "
                         "UTF-8\")");
  /* valid multi-byte text is fine */
  tu_write(dir, "students.csv",
           "student_id,school_id,classroom\nS1,A,Mme Lef\xC3\xA8vre\nS2,B,"
           "\xE2\x82\xAC\n");
  sc = read_dir_ok(dir);
  assert_string_equal(student(sc, "S1")->classroom, "Mme Lef\xC3\xA8vre");
  cp_scenario_destroy(sc);
  tu_rmtree(dir);
  free(dir);
}

/* ---- values -------------------------------------------------------------- */

static int time_of(const char *s)
{
  int m = -1;
  const char *want = cp_parse_time(s, &m);
  if (want)
    fail_msg("'%s' rejected: expected %s", s, want);
  return m;
}

static void times_read_in_24_and_12_hour_forms(void **state)
{
  (void)state;
  assert_int_equal(time_of("08:05"), HM(8, 5));
  assert_int_equal(time_of("8:05"), HM(8, 5));
  assert_int_equal(time_of("0:00"), 0);
  assert_int_equal(time_of("23:59"), HM(23, 59));
  assert_int_equal(time_of("8:05 AM"), HM(8, 5));
  assert_int_equal(time_of("8:05 PM"), HM(20, 5));
  assert_int_equal(time_of("8:05pm"), HM(20, 5));
  assert_int_equal(time_of("8:05 a.m."), HM(8, 5));
  assert_int_equal(time_of("12:00 PM"), HM(12, 0)); /* noon */
  assert_int_equal(time_of("12:30 AM"), HM(0, 30)); /* half past midnight */
  assert_int_equal(time_of("12:00 am"), 0);
  assert_int_equal(time_of("11:59 PM"), HM(23, 59));
  assert_int_equal(time_of("1:30 PM"), HM(13, 30));
}

static void times_out_of_range_are_rejected(void **state)
{
  (void)state;
  static const char *bad[] = {"25:61", "24:00", "12:60", "8:5",  "8",
                              "",      "8:05 XM", "13:00 PM", "0:30 AM",
                              "99:99 PM", "8.05", "-1:00", "8:05 AM x"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    int m = -7;
    if (!cp_parse_time(bad[i], &m))
      fail_msg("'%s' accepted as %d", bad[i], m);
    assert_int_equal(m, -7); /* untouched */
  }
  int m;
  assert_string_equal(cp_parse_time("13:00 PM", &m),
                      "a 12-hour time with an hour from 1 to 12");
  assert_string_equal(cp_parse_time("24:00", &m),
                      "a 24-hour time from 00:00 to 23:59");
}

static unsigned days_of(const char *s)
{
  unsigned m = 0;
  const char *want = cp_parse_days(s, &m);
  if (want)
    fail_msg("'%s' rejected: expected %s", s, want);
  return m;
}

enum { MON = 1, TUE = 2, WED = 4, THU = 8, FRI = 16, SAT = 32, SUN = 64 };

static void days_read_as_lists_ranges_and_full_names(void **state)
{
  (void)state;
  assert_int_equal(days_of("Mon-Fri"), MON | TUE | WED | THU | FRI);
  assert_int_equal(days_of("Tue;Thu"), TUE | THU);
  assert_int_equal(days_of("Tue,Thu"), TUE | THU);
  assert_int_equal(days_of("Mon Wed"), MON | WED);
  assert_int_equal(days_of("monday, wednesday"), MON | WED);
  assert_int_equal(days_of("Monday-Friday"), MON | TUE | WED | THU | FRI);
  assert_int_equal(days_of("MON - wed"), MON | TUE | WED);
  assert_int_equal(days_of("Mon-Tue Thu"), MON | TUE | THU);
  assert_int_equal(days_of("Sat-Sun"), SAT | SUN);
  assert_int_equal(days_of("sunday"), SUN);
  assert_int_equal(days_of("Fri; Fri"), FRI);
}

static void bad_days_are_rejected(void **state)
{
  (void)state;
  static const char *bad[] = {"",      "Mon-",   "Mon-Fry", "Tues",
                              "Thurs", "Mon/Wed", "M-F",    "1-5"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    unsigned m = 999;
    if (!cp_parse_days(bad[i], &m))
      fail_msg("'%s' accepted as %u", bad[i], m);
  }
  unsigned m;
  assert_string_equal(cp_parse_days("Fri-Mon", &m),
                      "a day range in week order (Mon-Fri, not Fri-Mon)");
}

static void minutes_are_whole_non_negative_numbers(void **state)
{
  (void)state;
  int v = -1;
  assert_null(cp_parse_int("0", 100, &v));
  assert_int_equal(v, 0);
  assert_null(cp_parse_int(" 45 ", 100, &v));
  assert_int_equal(v, 45);
  assert_string_equal(cp_parse_int("-5", 100, &v),
                      "a non-negative whole number");
  assert_string_equal(cp_parse_int("101", 100, &v), "a smaller number");
  assert_string_equal(cp_parse_int("99999999999999999999", 100, &v),
                      "a smaller number");
  assert_string_equal(cp_parse_int("30.5", 100, &v), "a whole number");
  assert_string_equal(cp_parse_int("thirty", 100, &v), "a whole number");
  assert_string_equal(cp_parse_int("", 100, &v), "a whole number");
  assert_int_equal(v, 45);
}

static void booleans_take_every_spelling(void **state)
{
  (void)state;
  /* no column takes a boolean yet; the syntax is SPEC §1's */
  static const char *yes[] = {"yes", "Y", "true", "TRUE", "1"};
  static const char *no[] = {"no", "n", "False", "0"};
  bool b;
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++) {
    b = false;
    assert_null(cp_parse_bool(yes[i], &b));
    assert_true(b);
  }
  for (size_t i = 0; i < sizeof no / sizeof *no; i++) {
    b = true;
    assert_null(cp_parse_bool(no[i], &b));
    assert_false(b);
  }
  assert_string_equal(cp_parse_bool("maybe", &b),
                      "yes/no, y/n, true/false or 1/0");
  assert_non_null(cp_parse_bool("", &b));
}

static void dates_are_checked_against_the_calendar(void **state)
{
  (void)state;
  int days = 0, y, m, d, wd;
  assert_null(cp_parse_date("1970-01-01", &days));
  assert_int_equal(days, 0);
  assert_null(cp_parse_date("2024-02-29", &days)); /* leap year */
  cp_date_split(days, &y, &m, &d, &wd);
  assert_int_equal(y, 2024);
  assert_int_equal(m, 2);
  assert_int_equal(d, 29);
  assert_int_equal(wd, 3); /* a Thursday */
  assert_string_equal(cp_parse_date("2026-02-29", &days),
                      "a real date (that year has no February 29)");
  assert_non_null(cp_parse_date("2026-02-30", &days));
  assert_non_null(cp_parse_date("2026-13-01", &days));
  assert_non_null(cp_parse_date("26-09-08", &days));
  assert_non_null(cp_parse_date("2026/09/08", &days));
}

static void reader_reads_12_hour_times_and_day_names(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok((const file_text[]){
      {"schools.csv", "school_id,start,end\n"
                      "A,8:05 AM,12:00 PM\n"
                      "B,12:30 AM,2:35 pm\n"},
      {"therapists.csv", "therapist_id,discipline,days,start,end\n"
                         "T1,SLP,monday;Wednesday,12:00 AM,11:55 PM\n"},
      {NULL, NULL}});
  const cp_school *a = &sc->schools.v[school(sc, "A")];
  const cp_school *b = &sc->schools.v[school(sc, "B")];
  assert_int_equal(a->start, HM(8, 5));
  assert_int_equal(a->end, HM(12, 0));
  assert_int_equal(b->start, HM(0, 30));
  assert_int_equal(b->end, HM(14, 35));
  const cp_therapist *t = therapist(sc, "T1");
  assert_true(t->day[0].works);
  assert_false(t->day[1].works);
  assert_true(t->day[2].works);
  assert_int_equal(cp_therapist_days(t), 2);
  assert_int_equal(t->day[2].start, 0);
  assert_int_equal(t->day[2].end, HM(23, 55));
  cp_scenario_destroy(sc);
}

static void reader_names_a_bad_time_with_its_file_and_line(void **state)
{
  (void)state;
  expect_only_error(
      (const file_text[]){{"schools.csv", "school_id,start,end\n"
                                          "A,08:00,14:30\n"
                                          "B,25:61,15:00\n"},
                          {NULL, NULL}},
      "schools.csv:3: start '25:61' is not valid: expected a time like "
      "08:05, 8:05 or 8:05 AM");
}

/* ---- defaults and derived values ----------------------------------------- */

static void reader_fills_defaults(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok((const file_text[]){
      {"services.csv", "student_id,discipline,minutes,session_minutes\n"
                       "S1,SLP,60,30\n"
                       "S2,SLP,30,30\n"},
      {NULL, NULL}});
  /* settings: no settings.csv at all */
  assert_int_equal(sc->set.slot, 5);
  assert_int_equal(sc->set.group_max, 3);
  assert_int_equal(sc->set.rotation_weeks, 1);
  assert_true(fabs(sc->set.travel_kmh - 40) < 1e-9);
  assert_true(fabs(sc->set.travel_detour - 1.3) < 1e-9);
  assert_int_equal(sc->set.travel_buffer, 10);
  assert_int_equal(sc->set.doc_per_session, 5);
  assert_int_equal(sc->set.term_start, CP_NONE);
  assert_null(sc->set.timezone);
  /* lunch: 30 minutes between 11:00 and 13:30 */
  const cp_therapist *t = therapist(sc, "T1");
  for (int d = 0; d < 5; d++) {
    assert_int_equal(t->day[d].lunch_minutes, 30);
    assert_int_equal(t->day[d].lunch_earliest, HM(11, 0));
    assert_int_equal(t->day[d].lunch_latest, HM(13, 30));
    assert_int_equal(t->day[d].base, CP_NONE);
    /* empty schools = any school */
    assert_int_equal(t->may_serve[d * sc->schools.n + 0], 1);
    assert_int_equal(t->may_serve[d * sc->schools.n + 1], 1);
  }
  /* services: mode direct, per week, setting individual, group_max */
  const cp_service *s = &sc->services.v[0];
  assert_int_equal(s->mode, CP_DIRECT);
  assert_int_equal(s->per, CP_PER_WEEK);
  assert_int_equal(s->setting, CP_INDIVIDUAL);
  assert_int_equal(s->max_group, 3);
  assert_int_equal(s->sessions, 2);
  assert_int_equal(s->cycle_minutes, 60);
  /* students: not pinned */
  assert_int_equal(student(sc, "S1")->pinned, CP_NONE);
  cp_scenario_destroy(sc);
}

static void settings_override_defaults(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok((const file_text[]){
      {"settings.csv", "key,value\n"
                       "slot_minutes,15\n"
                       "group_max,4\n"
                       "rotation_weeks,2\n"
                       "term_start,2026-09-08\n"
                       "term_end,2027-06-11\n"
                       "timezone,America/Chicago\n"},
      {"services.csv", "student_id,discipline,minutes,session_minutes,"
                       "setting,max_group\n"
                       "S1,SLP,60,30,group,2\n"
                       "S2,SLP,30,30,group,9\n"},
      {NULL, NULL}});
  assert_int_equal(sc->set.slot, 15);
  assert_int_equal(sc->set.group_max, 4);
  assert_int_equal(sc->set.rotation_weeks, 2);
  int d;
  assert_null(cp_parse_date("2026-09-08", &d));
  assert_int_equal(sc->set.term_start, d);
  assert_string_equal(sc->set.timezone, "America/Chicago");
  /* max_group: min(group_max, the column) */
  assert_int_equal(sc->services.v[0].max_group, 2);
  assert_int_equal(sc->services.v[1].max_group, 4);
  /* per week, 2-week cycle: 2 sessions a week, 4 per cycle */
  assert_int_equal(sc->services.v[0].weekly, 2);
  assert_int_equal(sc->services.v[0].sessions, 4);
  assert_int_equal(sc->services.v[0].cycle_minutes, 120);
  cp_scenario_destroy(sc);
}

static void monthly_minutes_round_up_to_whole_sessions(void **state)
{
  (void)state;
  /* requirement per cycle = minutes x rotation_weeks / 4, rounded up to
   * whole sessions: 50 x 1 / 4 = 12.5 -> one 30-minute session; a consult
   * without session_minutes rounds 12.5 up to the 5-minute grid: 15 */
  cp_scenario *sc = read_ok((const file_text[]){
      {"services.csv", "student_id,discipline,mode,minutes,per,"
                       "session_minutes\n"
                       "S1,SLP,direct,50,month,30\n"
                       "S2,SLP,consult,50,month,\n"},
      {NULL, NULL}});
  assert_int_equal(sc->services.v[0].per, CP_PER_MONTH);
  assert_int_equal(sc->services.v[0].sessions, 1);
  assert_int_equal(sc->services.v[0].cycle_minutes, 30);
  assert_int_equal(sc->services.v[1].mode, CP_CONSULT);
  assert_int_equal(sc->services.v[1].session_minutes, 0);
  assert_int_equal(sc->services.v[1].cycle_minutes, 15);
  cp_scenario_destroy(sc);
}

static void travel_is_computed_from_coordinates(void **state)
{
  (void)state;
  /* A and B on the same meridian, 0.1 degree of latitude apart: the
   * haversine distance is exactly R x dphi = 6371 km x 0.1 x pi / 180 =
   * 11.1195 km.  Defaults: 11.1195 x 1.3 / 40 x 60 = 21.683 minutes,
   * + 10 buffer = 31.683, rounded up: 32. */
  cp_scenario *sc = read_ok((const file_text[]){
      {"schools.csv", "school_id,start,end,lat,lon\n"
                      "A,08:00,14:30,45.0,-93.0\n"
                      "B,08:30,15:00,45.1,-93.0\n"},
      {"travel.csv", GONE},
      {NULL, NULL}});
  int a = school(sc, "A"), b = school(sc, "B");
  assert_int_equal(cp_travel(sc, a, b), 32);
  assert_int_equal(cp_travel(sc, b, a), 32);
  assert_int_equal(cp_travel(sc, a, a), 0);
  assert_false(sc->travel_given[a * 2 + b]);
  cp_scenario_destroy(sc);

  /* with settings: 11.1195 x 1.5 / 30 x 60 = 33.359, + 5 = 38.359 -> 39 */
  sc = read_ok((const file_text[]){
      {"schools.csv", "school_id,start,end,lat,lon\n"
                      "A,08:00,14:30,45.0,-93.0\n"
                      "B,08:30,15:00,45.1,-93.0\n"},
      {"travel.csv", GONE},
      {"settings.csv", "key,value\n"
                       "travel_kmh,30\n"
                       "travel_detour,1.5\n"
                       "travel_buffer_minutes,5\n"},
      {NULL, NULL}});
  assert_int_equal(cp_travel(sc, school(sc, "A"), school(sc, "B")), 39);
  cp_scenario_destroy(sc);
}

static void one_travel_row_serves_both_directions(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok(NULL); /* travel.csv: A,B,15 */
  int a = school(sc, "A"), b = school(sc, "B");
  assert_int_equal(cp_travel(sc, a, b), 15);
  assert_int_equal(cp_travel(sc, b, a), 15);
  assert_true(sc->travel_given[a * 2 + b]);
  cp_scenario_destroy(sc);

  /* the row may be written either way round */
  sc = read_ok((const file_text[]){{"travel.csv", "from_school,to_school,"
                                                  "minutes\n"
                                                  "B,A,12\n"},
                                   {NULL, NULL}});
  assert_int_equal(cp_travel(sc, school(sc, "A"), school(sc, "B")), 12);
  assert_int_equal(cp_travel(sc, school(sc, "B"), school(sc, "A")), 12);
  cp_scenario_destroy(sc);

  /* a reverse row is kept; travel.csv overrides the coordinates */
  sc = read_ok((const file_text[]){{"travel.csv", "from_school,to_school,"
                                                  "minutes\n"
                                                  "A,B,15\n"
                                                  "B,A,20\n"},
                                   {NULL, NULL}});
  assert_int_equal(cp_travel(sc, school(sc, "A"), school(sc, "B")), 15);
  assert_int_equal(cp_travel(sc, school(sc, "B"), school(sc, "A")), 20);
  cp_scenario_destroy(sc);
}

static void a_pair_without_travel_row_or_coordinates_is_an_error(void **state)
{
  (void)state;
  expect_only_error(
      (const file_text[]){{"schools.csv", "school_id,start,end,lat,lon\n"
                                          "A,08:00,14:30,45.0,-93.0\n"
                                          "B,08:30,15:00,,\n"
                                          "C,08:30,15:00,45.1,-93.1\n"},
                          {"travel.csv", "from_school,to_school,minutes\n"
                                         "C,B,12\n"},
                          {NULL, NULL}},
      "schools.csv:3: school 'B' has no lat/lon and travel.csv has no row "
      "for it with 'A': expected coordinates on it, or a travel.csv row for "
      "each of those pairs");
}

static void a_therapist_has_one_row_per_day_pattern(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok((const file_text[]){
      {"therapists.csv",
       "therapist_id,name,discipline,days,start,end,lunch_minutes,"
       "lunch_earliest,lunch_latest,base_school,schools\n"
       "T1,Pat,SLP,Mon-Thu,07:30,15:30,45,11:30,13:00,A,A;B\n"
       "T1,Pat,SLP,Fri,07:30,12:30,,,,B,A\n"},
      {NULL, NULL}});
  assert_int_equal(sc->therapists.n, 1);
  const cp_therapist *t = therapist(sc, "T1");
  int a = school(sc, "A"), b = school(sc, "B"), ns = sc->schools.n;
  assert_string_equal(sc->disciplines[t->discipline], "SLP");
  assert_int_equal(t->line, 2);
  for (int d = 0; d < 4; d++) {
    const cp_workday *w = &t->day[d];
    assert_true(w->works);
    assert_int_equal(w->start, HM(7, 30));
    assert_int_equal(w->end, HM(15, 30));
    assert_int_equal(w->lunch_minutes, 45);
    assert_int_equal(w->lunch_earliest, HM(11, 30));
    assert_int_equal(w->lunch_latest, HM(13, 0));
    assert_int_equal(w->base, a);
    assert_int_equal(w->line, 2);
    assert_int_equal(w->pattern, 0);
    assert_int_equal(t->may_serve[d * ns + a], 1);
    assert_int_equal(t->may_serve[d * ns + b], 1);
  }
  const cp_workday *fri = &t->day[4];
  assert_true(fri->works);
  assert_int_equal(fri->end, HM(12, 30));
  assert_int_equal(fri->lunch_minutes, 30); /* defaults again */
  assert_int_equal(fri->lunch_earliest, HM(11, 0));
  assert_int_equal(fri->base, b);
  assert_int_equal(fri->line, 3);
  assert_int_equal(fri->pattern, 1);
  assert_int_equal(t->may_serve[4 * ns + a], 1);
  assert_int_equal(t->may_serve[4 * ns + b], 0);
  assert_false(t->day[5].works);
  assert_false(t->day[6].works);
  assert_int_equal(cp_therapist_days(t), 5);
  cp_scenario_destroy(sc);
}

static void a_therapists_patterns_may_not_share_a_day(void **state)
{
  (void)state;
  expect_only_error(
      (const file_text[]){{"therapists.csv",
                           "therapist_id,discipline,days,start,end\n"
                           "T1,SLP,Mon-Thu,07:30,15:30\n"
                           "T1,SLP,Thu Fri,07:30,12:30\n"},
                          {NULL, NULL}},
      "therapists.csv:3: days 'Thu Fri' overlap line 2 of the same "
      "therapist_id 'T1' (Thu is on both): expected disjoint days");
}

static void expect_spans(const cp_spans *s, int n, const int *v)
{
  if (s->n != n) {
    for (int i = 0; i < s->n; i++)
      print_message("  span %d-%d\n", s->v[i].start, s->v[i].end);
    fail_msg("%d spans, expected %d", s->n, n);
  }
  for (int i = 0; i < n; i++) {
    assert_int_equal(s->v[i].start, v[2 * i]);
    assert_int_equal(s->v[i].end, v[2 * i + 1]);
  }
}

static void student_availability_is_the_school_day_minus_blocks(void **state)
{
  (void)state;
  cp_scenario *sc = read_ok((const file_text[]){
      {"students.csv", "student_id,school_id,grade,classroom\n"
                       "S1,A,2,2A\n"
                       "S2,B,3,3B\n"
                       "S3,A,3,3A\n"},
      {"services.csv", "student_id,discipline,minutes,session_minutes\n"
                       "S1,SLP,30,30\n"},
      {"blocks.csv",
       "scope,id,school_id,days,start,end,kind\n"
       "school,,A,,10:00,10:30,\n"                    /* every day, A */
       "student,S1,,Tue,9:00,10:00,unavailable\n"     /* S1 on Tue */
       "classroom,2A,A,Wed,13:00,14:00,preferred\n"   /* soft: no cut */
       "grade,3,,Thu,8:00,9:00,unavailable\n"         /* S2 and S3 */
       "student,S1,A,Fri,7:00,8:30,unavailable\n"},   /* before school */
      {NULL, NULL}});
  const cp_student *s1 = student(sc, "S1");
  static const int mon[] = {HM(8, 0), HM(10, 0), HM(10, 30), HM(14, 30)};
  static const int tue[] = {HM(8, 0), HM(9, 0), HM(10, 30), HM(14, 30)};
  static const int fri[] = {HM(8, 30), HM(10, 0), HM(10, 30), HM(14, 30)};
  expect_spans(&s1->avail[0], 2, mon);
  expect_spans(&s1->avail[1], 2, tue);
  expect_spans(&s1->avail[2], 2, mon); /* the preferred block cuts nothing */
  expect_spans(&s1->avail[3], 2, mon);
  expect_spans(&s1->avail[4], 2, fri);
  expect_spans(&s1->avail[5], 0, NULL); /* no school on weekends */
  expect_spans(&s1->avail[6], 0, NULL);
  static const int s2_mon[] = {HM(8, 30), HM(15, 0)};
  static const int s2_thu[] = {HM(9, 0), HM(15, 0)};
  const cp_student *s2 = student(sc, "S2");
  expect_spans(&s2->avail[0], 1, s2_mon); /* school block is A's only */
  expect_spans(&s2->avail[3], 1, s2_thu);
  static const int s3_thu[] = {HM(9, 0), HM(10, 0), HM(10, 30), HM(14, 30)};
  expect_spans(&student(sc, "S3")->avail[3], 2, s3_thu);
  assert_true(sc->blocks.v[2].preferred);
  assert_int_equal(sc->blocks.v[0].days, 0x7f); /* default: all days */
  assert_int_equal(cp_spans_longest(&s1->avail[4]), HM(4, 0));
  cp_scenario_destroy(sc);
}

/* ---- the shared example and the spreadsheet twin ------------------------- */

static void the_example_scenario_reads(void **state)
{
  (void)state;
  char dir[4200];
  snprintf(dir, sizeof dir, "%s/scenario", tu_example_dir());
  cp_scenario *sc = read_dir_ok(dir);
  assert_int_equal(sc->schools.n, 2);
  assert_int_equal(sc->therapists.n, 1);
  assert_int_equal(sc->students.n, 4);
  assert_int_equal(sc->services.n, 5);
  assert_int_equal(sc->blocks.n, 3);
  assert_int_equal(sc->duties.n, 2);
  assert_int_equal(sc->calendar.n, 0);
  /* schools.csv: 12-hour times, an ignored x_note column */
  const cp_school *a = &sc->schools.v[school(sc, "A")];
  assert_string_equal(a->name, "Alder");
  assert_int_equal(a->start, HM(8, 0));
  assert_int_equal(a->end, HM(14, 30));
  /* settings.csv: BOM, CRLF, a comment and a blank line */
  assert_int_equal(sc->set.slot, 5);
  assert_int_equal(sc->set.group_max, 3);
  /* therapists.csv: two patterns, name column first */
  const cp_therapist *t = therapist(sc, "T1");
  assert_string_equal(t->name, "Pat");
  assert_int_equal(cp_therapist_days(t), 5);
  assert_int_equal(t->day[3].end, HM(15, 30));
  assert_int_equal(t->day[3].lunch_latest, HM(13, 30));
  assert_int_equal(t->day[4].end, HM(12, 30));
  assert_int_equal(t->day[4].pattern, 1);
  /* students.csv: a comment line; S1 pinned */
  assert_int_equal(student(sc, "S1")->pinned, cp_map_get(&sc->therapist_ix,
                                                         "T1"));
  assert_int_equal(student(sc, "S1")->line, 3);
  assert_int_equal(student(sc, "S2")->pinned, CP_NONE);
  /* services.csv: the monthly consult: 60 x 1 / 4 = 15 minutes a cycle */
  const cp_service *consult = &sc->services.v[4];
  assert_int_equal(consult->mode, CP_CONSULT);
  assert_int_equal(consult->per, CP_PER_MONTH);
  assert_int_equal(consult->cycle_minutes, 15);
  assert_int_equal(sc->services.v[3].max_group, 3);
  assert_int_equal(sc->services.v[2].setting, CP_EITHER);
  /* duties.csv: a fixed meeting at A, a floating planning for everyone */
  const cp_duty *meeting = &sc->duties.v[0], *planning = &sc->duties.v[1];
  assert_true(meeting->fixed);
  assert_int_equal(meeting->days, WED);
  assert_int_equal(meeting->school, school(sc, "A"));
  assert_false(planning->fixed);
  assert_int_equal(planning->therapist, CP_NONE);
  assert_int_equal(planning->minutes, 60);
  assert_int_equal(planning->min_block, 30);
  assert_int_equal(planning->school, CP_NONE);
  /* travel.csv: one row, both directions */
  assert_int_equal(cp_travel(sc, school(sc, "B"), school(sc, "A")), 15);
  /* blocks: S3 reads on Tue and Thu 9:00-10:00 at B (08:30-15:00) */
  static const int s3_tue[] = {HM(8, 30), HM(9, 0), HM(10, 0), HM(15, 0)};
  expect_spans(&student(sc, "S3")->avail[1], 2, s3_tue);
  cp_scenario_destroy(sc);
}

/* The comparison of two scenarios stops at the first difference, which it
 * describes in diff_text. */
static char diff_text[256];

#define SAME_INT(a, b, what)                                                   \
  do {                                                                         \
    if ((a) != (b)) {                                                          \
      snprintf(diff_text, sizeof diff_text, "%s: %d against %d", what,         \
               (int)(a), (int)(b));                                            \
      return false;                                                            \
    }                                                                          \
  } while (0)

#define SAME_REAL(a, b, what)                                                  \
  do {                                                                         \
    if ((a) != (b)) {                                                          \
      snprintf(diff_text, sizeof diff_text, "%s: %g against %g", what,         \
               (double)(a), (double)(b));                                      \
      return false;                                                            \
    }                                                                          \
  } while (0)

#define SAME_STR(a, b, what)                                                   \
  do {                                                                         \
    const char *a_ = (a), *b_ = (b);                                           \
    if ((a_ == NULL) != (b_ == NULL) || (a_ && strcmp(a_, b_))) {              \
      snprintf(diff_text, sizeof diff_text, "%s: '%s' against '%s'", what,     \
               a_ ? a_ : "(none)", b_ ? b_ : "(none)");                        \
      return false;                                                            \
    }                                                                          \
  } while (0)

static bool same_settings(const cp_settings *a, const cp_settings *b)
{
  SAME_INT(a->slot, b->slot, "slot_minutes");
  SAME_INT(a->rotation_weeks, b->rotation_weeks, "rotation_weeks");
  SAME_INT(a->group_max, b->group_max, "group_max");
  SAME_REAL(a->travel_kmh, b->travel_kmh, "travel_kmh");
  SAME_REAL(a->travel_detour, b->travel_detour, "travel_detour");
  SAME_INT(a->travel_buffer, b->travel_buffer, "travel_buffer_minutes");
  SAME_INT(a->doc_per_session, b->doc_per_session, "documentation");
  SAME_REAL(a->time_limit, b->time_limit, "time_limit_seconds");
  SAME_REAL(a->iep_per_student_year, b->iep_per_student_year, "iep/year");
  SAME_INT(a->iep_minutes, b->iep_minutes, "iep_meeting_minutes");
  SAME_REAL(a->evals_per_year, b->evals_per_year, "evaluations_per_year");
  SAME_INT(a->eval_minutes, b->eval_minutes, "evaluation_minutes");
  SAME_INT(a->school_weeks, b->school_weeks, "school_weeks_per_year");
  SAME_INT(a->term_start, b->term_start, "term_start");
  SAME_INT(a->term_end, b->term_end, "term_end");
  SAME_STR(a->timezone, b->timezone, "timezone");
  const cp_weights *x = &a->w, *y = &b->w;
  SAME_REAL(x->travel, y->travel, "w_travel");
  SAME_REAL(x->preferred, y->preferred, "w_preferred");
  SAME_REAL(x->group_either, y->group_either, "w_group_either");
  SAME_REAL(x->missed, y->missed, "w_missed");
  SAME_REAL(x->overtime, y->overtime, "w_overtime");
  SAME_REAL(x->lunch, y->lunch, "w_lunch");
  SAME_REAL(x->duty_cut, y->duty_cut, "w_duty_cut");
  SAME_REAL(x->forced_group, y->forced_group, "w_forced_group");
  return true;
}

static bool same_schools(const cp_scenario *a, const cp_scenario *b)
{
  char what[128];
  SAME_INT(a->schools.n, b->schools.n, "number of schools");
  for (int i = 0; i < a->schools.n; i++) {
    const cp_school *x = &a->schools.v[i], *y = &b->schools.v[i];
    snprintf(what, sizeof what, "school %d", i + 1);
    SAME_STR(x->id, y->id, what);
    SAME_STR(x->name, y->name, what);
    SAME_INT(x->start, y->start, what);
    SAME_INT(x->end, y->end, what);
    SAME_INT(x->has_coord, y->has_coord, what);
    SAME_REAL(x->lat, y->lat, what);
    SAME_REAL(x->lon, y->lon, what);
  }
  int ns = a->schools.n;
  for (int i = 0; i < ns * ns; i++) {
    snprintf(what, sizeof what, "travel from school %d to %d", i / ns + 1,
             i % ns + 1);
    SAME_INT(a->travel[i], b->travel[i], what);
    SAME_INT(a->travel_given[i], b->travel_given[i], what);
  }
  return true;
}

static bool same_therapists(const cp_scenario *a, const cp_scenario *b)
{
  char what[128];
  int ns = a->schools.n;
  SAME_INT(a->n_disciplines, b->n_disciplines, "number of disciplines");
  for (int i = 0; i < a->n_disciplines; i++)
    SAME_STR(a->disciplines[i], b->disciplines[i], "discipline");
  SAME_INT(a->therapists.n, b->therapists.n, "number of therapists");
  for (int i = 0; i < a->therapists.n; i++) {
    const cp_therapist *x = &a->therapists.v[i], *y = &b->therapists.v[i];
    snprintf(what, sizeof what, "therapist %d", i + 1);
    SAME_STR(x->id, y->id, what);
    SAME_STR(x->name, y->name, what);
    SAME_INT(x->discipline, y->discipline, what);
    SAME_INT(x->hire, y->hire, what);
    for (int d = 0; d < CP_DAYS; d++) {
      const cp_workday *u = &x->day[d], *v = &y->day[d];
      snprintf(what, sizeof what, "therapist %s on %s", x->id,
               cp_day_name[d]);
      SAME_INT(u->works, v->works, what);
      SAME_INT(u->start, v->start, what);
      SAME_INT(u->end, v->end, what);
      SAME_INT(u->lunch_minutes, v->lunch_minutes, what);
      SAME_INT(u->lunch_earliest, v->lunch_earliest, what);
      SAME_INT(u->lunch_latest, v->lunch_latest, what);
      SAME_INT(u->base, v->base, what);
      SAME_INT(u->pattern, v->pattern, what);
      for (int s = 0; s < ns; s++)
        SAME_INT(x->may_serve[d * ns + s], y->may_serve[d * ns + s], what);
    }
  }
  return true;
}

static bool same_students(const cp_scenario *a, const cp_scenario *b)
{
  char what[128];
  SAME_INT(a->students.n, b->students.n, "number of students");
  for (int i = 0; i < a->students.n; i++) {
    const cp_student *x = &a->students.v[i], *y = &b->students.v[i];
    snprintf(what, sizeof what, "student %d", i + 1);
    SAME_STR(x->id, y->id, what);
    SAME_INT(x->school, y->school, what);
    SAME_STR(x->grade, y->grade, what);
    SAME_STR(x->classroom, y->classroom, what);
    SAME_INT(x->pinned, y->pinned, what);
    for (int d = 0; d < CP_DAYS; d++) {
      snprintf(what, sizeof what, "student %s on %s", x->id, cp_day_name[d]);
      SAME_INT(x->avail[d].n, y->avail[d].n, what);
      for (int k = 0; k < x->avail[d].n; k++) {
        SAME_INT(x->avail[d].v[k].start, y->avail[d].v[k].start, what);
        SAME_INT(x->avail[d].v[k].end, y->avail[d].v[k].end, what);
      }
    }
  }
  return true;
}

static bool same_services(const cp_scenario *a, const cp_scenario *b)
{
  char what[128];
  SAME_INT(a->services.n, b->services.n, "number of services");
  for (int i = 0; i < a->services.n; i++) {
    const cp_service *x = &a->services.v[i], *y = &b->services.v[i];
    snprintf(what, sizeof what, "service %d", i + 1);
    SAME_INT(x->student, y->student, what);
    SAME_INT(x->discipline, y->discipline, what);
    SAME_INT(x->mode, y->mode, what);
    SAME_INT(x->minutes, y->minutes, what);
    SAME_INT(x->per, y->per, what);
    SAME_INT(x->session_minutes, y->session_minutes, what);
    SAME_INT(x->setting, y->setting, what);
    SAME_INT(x->max_group, y->max_group, what);
    SAME_INT(x->cycle_minutes, y->cycle_minutes, what);
    SAME_INT(x->sessions, y->sessions, what);
    SAME_INT(x->weekly, y->weekly, what);
  }
  return true;
}

static bool same_blocks_duties_calendar(const cp_scenario *a,
                                        const cp_scenario *b)
{
  char what[128];
  SAME_INT(a->blocks.n, b->blocks.n, "number of blocks");
  for (int i = 0; i < a->blocks.n; i++) {
    const cp_block *x = &a->blocks.v[i], *y = &b->blocks.v[i];
    snprintf(what, sizeof what, "block %d", i + 1);
    SAME_INT(x->scope, y->scope, what);
    SAME_STR(x->id, y->id, what);
    SAME_INT(x->school, y->school, what);
    SAME_INT(x->days, y->days, what);
    SAME_INT(x->start, y->start, what);
    SAME_INT(x->end, y->end, what);
    SAME_INT(x->preferred, y->preferred, what);
    SAME_STR(x->reason, y->reason, what);
  }
  SAME_INT(a->duties.n, b->duties.n, "number of duties");
  for (int i = 0; i < a->duties.n; i++) {
    const cp_duty *x = &a->duties.v[i], *y = &b->duties.v[i];
    snprintf(what, sizeof what, "duty %d", i + 1);
    SAME_INT(x->therapist, y->therapist, what);
    SAME_STR(x->kind, y->kind, what);
    SAME_INT(x->fixed, y->fixed, what);
    SAME_INT(x->days, y->days, what);
    SAME_INT(x->start, y->start, what);
    SAME_INT(x->end, y->end, what);
    SAME_INT(x->minutes, y->minutes, what);
    SAME_INT(x->per, y->per, what);
    SAME_INT(x->min_block, y->min_block, what);
    SAME_INT(x->school, y->school, what);
  }
  SAME_INT(a->calendar.n, b->calendar.n, "number of calendar days");
  for (int i = 0; i < a->calendar.n; i++) {
    const cp_calday *x = &a->calendar.v[i], *y = &b->calendar.v[i];
    snprintf(what, sizeof what, "calendar row %d", i + 1);
    SAME_INT(x->date, y->date, what);
    SAME_INT(x->school, y->school, what);
    SAME_INT(x->holiday, y->holiday, what);
    SAME_INT(x->end, y->end, what);
  }
  return true;
}

/* Every field of every entity, except the line numbers (an export has its
 * comments and blank lines in other places). */
static bool same_scenario(const cp_scenario *a, const cp_scenario *b)
{
  diff_text[0] = 0;
  return same_settings(&a->set, &b->set) && same_schools(a, b) &&
         same_therapists(a, b) && same_students(a, b) &&
         same_services(a, b) && same_blocks_duties_calendar(a, b);
}

static void the_spreadsheet_export_reads_like_the_original(void **state)
{
  (void)state;
  struct stat sb;
  if (stat("../instances/tiny", &sb) || stat("../instances/tiny_sheet", &sb)) {
    print_message("instances/tiny or instances/tiny_sheet is not there yet\n");
    skip();
  }
  cp_scenario *a = read_dir_ok("../instances/tiny");
  cp_scenario *b = read_dir_ok("../instances/tiny_sheet");
  assert_true(a->schools.n > 0 && a->services.n > 0);
  if (!same_scenario(a, b))
    fail_msg("tiny against tiny_sheet: %s", diff_text);
  cp_scenario_destroy(a);
  cp_scenario_destroy(b);
}

/* The comparison itself notices a change in a field deep inside. */
static void the_twin_comparison_notices_a_difference(void **state)
{
  (void)state;
  cp_scenario *a = read_ok(NULL);
  cp_scenario *b = read_ok(NULL);
  assert_true(same_scenario(a, b));
  cp_scenario *c = read_ok((const file_text[]){
      {"students.csv", "student_id,school_id,grade,classroom,therapist_id\n"
                       "S1,A,2,2A,\n"
                       "S2,B,3,3C,\n"},
      {NULL, NULL}});
  assert_false(same_scenario(a, c));
  assert_string_equal(diff_text, "student 2: '3B' against '3C'");
  b->therapists.v[0].day[4].lunch_latest += 5;
  assert_false(same_scenario(a, b));
  assert_string_equal(diff_text, "therapist T1 on Fri: 810 against 815");
  cp_scenario_destroy(a);
  cp_scenario_destroy(b);
  cp_scenario_destroy(c);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(reader_reads_the_base_scenario),
      cmocka_unit_test(reader_accepts_a_utf8_bom),
      cmocka_unit_test(reader_accepts_crlf_line_ends),
      cmocka_unit_test(reader_takes_columns_in_any_order),
      cmocka_unit_test(reader_requires_a_header_row),
      cmocka_unit_test(reader_rejects_an_empty_file),
      cmocka_unit_test(reader_ignores_x_columns),
      cmocka_unit_test(reader_rejects_an_unknown_column),
      cmocka_unit_test(reader_skips_comments_and_blank_lines),
      cmocka_unit_test(reader_reads_quoted_fields_with_commas_and_newlines),
      cmocka_unit_test(reader_trims_spaces_around_ids),
      cmocka_unit_test(reader_reports_every_error_of_a_file),
      cmocka_unit_test(reader_reports_a_rejected_row_once),
      cmocka_unit_test(reader_rejects_a_duplicate_id),
      cmocka_unit_test(reader_rejects_bytes_that_are_not_utf8),
      cmocka_unit_test(times_read_in_24_and_12_hour_forms),
      cmocka_unit_test(times_out_of_range_are_rejected),
      cmocka_unit_test(days_read_as_lists_ranges_and_full_names),
      cmocka_unit_test(bad_days_are_rejected),
      cmocka_unit_test(minutes_are_whole_non_negative_numbers),
      cmocka_unit_test(booleans_take_every_spelling),
      cmocka_unit_test(dates_are_checked_against_the_calendar),
      cmocka_unit_test(reader_reads_12_hour_times_and_day_names),
      cmocka_unit_test(reader_names_a_bad_time_with_its_file_and_line),
      cmocka_unit_test(reader_fills_defaults),
      cmocka_unit_test(settings_override_defaults),
      cmocka_unit_test(monthly_minutes_round_up_to_whole_sessions),
      cmocka_unit_test(travel_is_computed_from_coordinates),
      cmocka_unit_test(one_travel_row_serves_both_directions),
      cmocka_unit_test(a_pair_without_travel_row_or_coordinates_is_an_error),
      cmocka_unit_test(a_therapist_has_one_row_per_day_pattern),
      cmocka_unit_test(a_therapists_patterns_may_not_share_a_day),
      cmocka_unit_test(student_availability_is_the_school_day_minus_blocks),
      cmocka_unit_test(the_example_scenario_reads),
      cmocka_unit_test(the_spreadsheet_export_reads_like_the_original),
      cmocka_unit_test(the_twin_comparison_notices_a_difference),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
