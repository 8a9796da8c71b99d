/* scenario_read.c — a scenario folder (SPEC §1) into a validated cp_scenario.
 *
 * Files are read in dependency order (settings, schools, travel, therapists,
 * students, services, blocks, duties, calendar); every row is checked and
 * every error is collected with its file, line, column and value, so one run
 * reports everything wrong with a folder.  Nothing is returned unless the
 * whole folder is valid.
 */
#include "../solver/scenario.h"
#include "csv_read.h"
#include "settings_read.h"
#include "values.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_MINUTES 100000 /* any count of minutes in the inputs */

/* Scenario limits.  Memory grows with schools squared (travel) and with
 * therapists x schools and students x disciplines (index tables); every
 * figure of the week is an int sum over services, therapists and duties.
 * Real districts stay far below (the generator's largest makes 999 schools
 * and 1,500 therapists), and within them no table passes a few tens of MB
 * and no sum can overflow. */
#define MAX_SCHOOLS 1000
#define MAX_THERAPISTS 2000
#define MAX_DISCIPLINES 32
#define MAX_CYCLE_MINUTES 100000000LL /* the whole caseload, one cycle */
#define MAX_DIR_PATH (4096 - 32) /* room for "/therapists.csv" and a NUL */

/* A rejected row is reported once.  Its id goes into a `bad` map (id ->
 * line), and a file that could not be read at all is marked lost, so that
 * rows referring to it are dropped without a second, misleading message
 * ("student_id 'S1' is not in students.csv" when S1 is there but its row
 * was rejected). */
typedef struct reader {
  const char *dir;
  cp_scenario *sc;
  cp_diag *diag;
  int errors;
  bool nomem;
  /* current table and row, for messages */
  const cp_csv *t;
  int r;
  bool lost_schools, lost_therapists, lost_students, lost_travel;
  cp_map bad_school, bad_therapist, bad_student, bad_discipline;
} reader;

static void err(reader *rd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void err(reader *rd, const char *fmt, ...)
{
  char text[448];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  cp_diag_add(rd->diag, rd->t->name, rd->t->rows[rd->r].line, "%s", text);
  rd->errors++;
}

static const char *intern(reader *rd, const char *s)
{
  const char *c = cp_pool_strdup(&rd->sc->pool, s);
  if (!c)
    rd->nomem = true;
  return c;
}

/* Remembers the id of a rejected row (see reader). */
static void reject(reader *rd, cp_map *bad, const char *id)
{
  if (!*id || cp_map_get(bad, id) >= 0)
    return;
  const char *c = intern(rd, id);
  if (c && cp_map_put(bad, c, rd->t->rows[rd->r].line))
    rd->nomem = true;
}

static const char *plural(int n)
{
  return n == 1 ? "" : "s";
}

/* Ids a file holds: the rows accepted and the ids of rows rejected. */
static int count(int accepted, const cp_map *bad)
{
  return accepted + (int)bad->n;
}

/* Opens NAME in the folder; returns true when rows can be read.  *lost is
 * set when the file is required or present but its rows cannot be read.
 * Rows wider than the header are reported by cp_csv_read and still read. */
static bool open_table(reader *rd, const char *name, bool required,
                       bool rows_required, const cp_col *cols, int n, int *ix,
                       cp_csv *t, bool *lost)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", rd->dir, name);
  bool present = false;
  int before = rd->diag->total;
  cp_status st = cp_csv_read(path, name, required, &present, t, rd->diag);
  if (st == CP_ERR_NOMEM)
    rd->nomem = true;
  rd->errors += rd->diag->total - before;
  *lost = required || present;
  if (!present || (st != CP_OK && !(st == CP_ERR_INPUT && t->complete)))
    return false;
  if (cp_csv_columns(t, cols, n, ix, rd->diag)) {
    rd->errors++;
    return false;
  }
  if (rows_required && t->n_rows == 0) {
    cp_diag_add(rd->diag, name, t->head_line,
                "has a header but no rows (at least one is required)");
    rd->errors++;
    return false;
  }
  *lost = false;
  rd->t = t;
  return true;
}

/* ---- field getters: each reports its own error and returns false -------- */

static const char *fld(reader *rd, int ix)
{
  return cp_csv_field(rd->t, rd->r, ix);
}

static bool need(reader *rd, int ix, const char *col)
{
  if (*fld(rd, ix))
    return true;
  err(rd, "%s is empty (a value is required)", col);
  return false;
}

static bool on_grid(reader *rd, const char *col, const char *val, int v)
{
  int slot = rd->sc->set.slot;
  if (v % slot == 0)
    return true;
  err(rd, "%s '%s' is not on the %d-minute grid (slot_minutes = %d)", col,
      val, slot, slot);
  return false;
}

static bool get_time(reader *rd, int ix, const char *col, int *out)
{
  const char *v = fld(rd, ix);
  const char *want = cp_parse_time(v, out);
  if (want) {
    err(rd, "%s '%s' is not valid: expected %s", col, v, want);
    return false;
  }
  return on_grid(rd, col, v, *out);
}

/* Optional time: keeps *out when empty. */
static bool opt_time(reader *rd, int ix, const char *col, int *out)
{
  return !*fld(rd, ix) || get_time(rd, ix, col, out);
}

static bool get_int(reader *rd, int ix, const char *col, int *out)
{
  const char *v = fld(rd, ix);
  const char *want = cp_parse_int(v, MAX_MINUTES, out);
  if (want) {
    if (!strcmp(want, "a smaller number"))
      err(rd, "%s '%s' is too large (at most %d)", col, v, MAX_MINUTES);
    else if (strstr(want, "non-negative"))
      err(rd, "%s '%s' is negative: expected a whole number 0 or more", col,
          v);
    else
      err(rd, "%s '%s' is not valid: expected %s", col, v, want);
    return false;
  }
  return true;
}

static bool get_days(reader *rd, int ix, const char *col, unsigned *out)
{
  const char *v = fld(rd, ix);
  const char *want = cp_parse_days(v, out);
  if (want) {
    err(rd, "%s '%s' is not valid: expected %s", col, v, want);
    return false;
  }
  return true;
}

static bool get_span(reader *rd, int ix_start, int ix_end, int *start,
                     int *end)
{
  bool ok = need(rd, ix_start, "start") & need(rd, ix_end, "end");
  if (!ok)
    return false;
  ok = get_time(rd, ix_start, "start", start) &
       get_time(rd, ix_end, "end", end);
  if (ok && *end <= *start) {
    err(rd, "end '%s' is not after start '%s'", fld(rd, ix_end),
        fld(rd, ix_start));
    return false;
  }
  return ok;
}

/* Looks up a reference to another file; returns its index, or -1 after
 * reporting it (unless the row it names was rejected, or its file lost). */
static int get_school(reader *rd, int ix, const char *col)
{
  const char *v = fld(rd, ix);
  int s = cp_map_get(&rd->sc->school_ix, v);
  if (s < 0 && !rd->lost_schools && cp_map_get(&rd->bad_school, v) < 0)
    err(rd, "%s '%s' is not in schools.csv (it has %d school%s)", col, v,
        count(rd->sc->schools.n, &rd->bad_school),
        plural(count(rd->sc->schools.n, &rd->bad_school)));
  return s;
}

static int get_student(reader *rd, const char *col, const char *v)
{
  int s = cp_map_get(&rd->sc->student_ix, v);
  if (s < 0 && !rd->lost_students && cp_map_get(&rd->bad_student, v) < 0)
    err(rd, "%s '%s' is not in students.csv (it has %d student%s)", col, v,
        count(rd->sc->students.n, &rd->bad_student),
        plural(count(rd->sc->students.n, &rd->bad_student)));
  return s;
}

/* A therapist with any rejected pattern row counts as rejected: checks
 * against its days would be checks against half a contract. */
static int get_therapist(reader *rd, const char *col, const char *v,
                         const char *star_hint)
{
  if (rd->lost_therapists || cp_map_get(&rd->bad_therapist, v) >= 0)
    return -1;
  int t = cp_map_get(&rd->sc->therapist_ix, v);
  if (t < 0)
    err(rd, "%s '%s' is not in therapists.csv (it has %d therapist%s%s)",
        col, v, count(rd->sc->therapists.n, &rd->bad_therapist),
        plural(count(rd->sc->therapists.n, &rd->bad_therapist)), star_hint);
  return t;
}

static const char *days_text(unsigned m, char *buf, size_t n)
{
  size_t used = 0;
  buf[0] = 0;
  for (int d = 0; d < CP_DAYS; d++)
    if (m & (1u << d))
      used += (size_t)snprintf(buf + used, n - used, "%s%s", used ? " " : "",
                               cp_day_name[d]);
  return buf;
}

/* ---- settings.csv --------------------------------------------------------- */

static void read_settings(reader *rd)
{
  cp_csv t;
  cp_settings_default(&rd->sc->set);
  char path[4096];
  snprintf(path, sizeof path, "%s/settings.csv", rd->dir);
  bool present = false;
  int before = rd->diag->total;
  cp_status st = cp_csv_read(path, "settings.csv", false, &present, &t,
                             rd->diag);
  if (st == CP_ERR_NOMEM)
    rd->nomem = true;
  if (st == CP_OK && present)
    cp_settings_apply(&rd->sc->set, &t, &rd->sc->pool, rd->diag);
  rd->errors += rd->diag->total - before;
  cp_csv_fini(&t);
}

/* ---- schools.csv ---------------------------------------------------------- */

enum { SC_ID, SC_NAME, SC_START, SC_END, SC_LAT, SC_LON, SC_N };

static void read_schools(reader *rd)
{
  static const cp_col cols[SC_N] = {{"school_id", true}, {"name", false},
                                    {"start", true},     {"end", true},
                                    {"lat", false},      {"lon", false}};
  int ix[SC_N];
  cp_csv t;
  cp_scenario *sc = rd->sc;
  if (open_table(rd, "schools.csv", true, true, cols, SC_N, ix, &t,
                 &rd->lost_schools)) {
    for (rd->r = 0; rd->r < t.n_rows; rd->r++) {
      if (!need(rd, ix[SC_ID], "school_id"))
        continue;
      const char *id = fld(rd, ix[SC_ID]);
      int prev = cp_map_get(&sc->school_ix, id);
      int first = prev >= 0 ? sc->schools.v[prev].line
                            : cp_map_get(&rd->bad_school, id);
      if (first >= 0) {
        err(rd, "school_id '%s' is a duplicate (first on line %d)", id,
            first);
        continue;
      }
      cp_school s = {.line = t.rows[rd->r].line};
      bool ok = get_span(rd, ix[SC_START], ix[SC_END], &s.start, &s.end);
      const char *lat = fld(rd, ix[SC_LAT]), *lon = fld(rd, ix[SC_LON]);
      if (*lat || *lon) {
        const char *w1 = cp_parse_real(lat, -90, 90, &s.lat);
        const char *w2 = cp_parse_real(lon, -180, 180, &s.lon);
        if (w1) {
          err(rd, "lat '%s' is not valid: expected a latitude from -90 to 90 "
              "(and lon with it)", lat);
          ok = false;
        }
        if (w2) {
          err(rd, "lon '%s' is not valid: expected a longitude from -180 to "
              "180 (and lat with it)", lon);
          ok = false;
        }
        s.has_coord = !w1 && !w2;
      }
      if (!ok) {
        reject(rd, &rd->bad_school, id);
        continue;
      }
      if (sc->schools.n == MAX_SCHOOLS) {
        err(rd, "school_id '%s' is one school too many: caseplan reads at "
            "most %d schools per scenario (split the district)", id,
            MAX_SCHOOLS);
        rd->lost_schools = true; /* the rest are not "not in schools.csv" */
        break;
      }
      s.id = intern(rd, id);
      s.name = intern(rd, fld(rd, ix[SC_NAME]));
      int i = CP_VEC_PUSH(sc->schools);
      if (i < 0 || !s.id || !s.name || cp_map_put(&sc->school_ix, s.id, i)) {
        rd->nomem = true;
        break;
      }
      sc->schools.v[i] = s;
    }
  }
  cp_csv_fini(&t);
}

/* ---- travel.csv ----------------------------------------------------------- */

enum { TR_FROM, TR_TO, TR_MIN, TR_N };

static void read_travel(reader *rd)
{
  static const cp_col cols[TR_N] = {
      {"from_school", true}, {"to_school", true}, {"minutes", true}};
  int ix[TR_N];
  cp_csv t;
  cp_scenario *sc = rd->sc;
  size_t n = (size_t)sc->schools.n;
  sc->travel = malloc((n ? n * n : 1) * sizeof *sc->travel);
  sc->travel_given = calloc(n ? n * n : 1, sizeof *sc->travel_given);
  int *line = calloc(n ? n * n : 1, sizeof *line);
  if (!sc->travel || !sc->travel_given || !line) {
    free(line);
    rd->nomem = true;
    return;
  }
  for (size_t i = 0; i < n * n; i++)
    sc->travel[i] = -1;
  if (open_table(rd, "travel.csv", false, false, cols, TR_N, ix, &t,
                 &rd->lost_travel)) {
    for (rd->r = 0; rd->r < t.n_rows; rd->r++) {
      if (!(need(rd, ix[TR_FROM], "from_school") &
            need(rd, ix[TR_TO], "to_school") & need(rd, ix[TR_MIN], "minutes")))
        continue;
      int a = get_school(rd, ix[TR_FROM], "from_school");
      int b = get_school(rd, ix[TR_TO], "to_school");
      int m = 0;
      if (!get_int(rd, ix[TR_MIN], "minutes", &m)) {
        /* the pair is given, if badly: not "missing" for check_travel (the
         * scenario is never returned with an error, so 0 is harmless) */
        if (a >= 0 && b >= 0 && a != b)
          sc->travel[(size_t)a * n + (size_t)b] = 0;
        continue;
      }
      if (a < 0 || b < 0)
        continue;
      if (a == b) {
        err(rd, "from_school and to_school are both '%s': expected two "
            "different schools (travel within a school is 0)",
            sc->schools.v[a].id);
        continue;
      }
      size_t k = (size_t)a * n + (size_t)b;
      if (line[k]) {
        err(rd, "travel from '%s' to '%s' is given twice (first on line %d)",
            sc->schools.v[a].id, sc->schools.v[b].id, line[k]);
        continue;
      }
      line[k] = t.rows[rd->r].line;
      sc->travel[k] = m;
      sc->travel_given[k] = true;
    }
  }
  free(line);
  cp_csv_fini(&t);
}

/* ---- therapists.csv ------------------------------------------------------- */

enum {
  TH_ID,
  TH_NAME,
  TH_DISC,
  TH_DAYS,
  TH_START,
  TH_END,
  TH_LMIN,
  TH_LEARLY,
  TH_LLATE,
  TH_BASE,
  TH_SCHOOLS,
  TH_N
};

/* Parses a list of school ids into a mask row; false on error. */
static bool get_school_list(reader *rd, int ix, unsigned char *allowed)
{
  const char *v = fld(rd, ix);
  int n = rd->sc->schools.n;
  if (!*v) {
    memset(allowed, 1, (size_t)n);
    return true;
  }
  memset(allowed, 0, (size_t)n);
  char buf[CP_CSV_MAX_FIELD + 1];
  snprintf(buf, sizeof buf, "%s", v);
  bool ok = true;
  for (char *save = NULL, *tok = strtok_r(buf, " ;,\t", &save); tok;
       tok = strtok_r(NULL, " ;,\t", &save)) {
    int s = cp_map_get(&rd->sc->school_ix, tok);
    if (s < 0) {
      if (!rd->lost_schools && cp_map_get(&rd->bad_school, tok) < 0)
        err(rd, "schools '%s' lists '%s', which is not in schools.csv (it "
            "has %d school%s)", v, tok, count(n, &rd->bad_school),
            plural(count(n, &rd->bad_school)));
      ok = false;
    } else {
      allowed[s] = 1;
    }
  }
  return ok;
}

static int intern_discipline(reader *rd, const char *name)
{
  cp_scenario *sc = rd->sc;
  int d = cp_discipline_find(sc, name);
  if (d >= 0)
    return d;
  const char **nd = realloc(sc->disciplines,
                            (size_t)(sc->n_disciplines + 1) * sizeof *nd);
  const char *copy = intern(rd, name);
  if (!nd || !copy) {
    if (nd)
      sc->disciplines = nd;
    rd->nomem = true;
    return CP_NONE;
  }
  sc->disciplines = nd;
  sc->disciplines[sc->n_disciplines] = copy;
  return sc->n_disciplines++;
}

static int ceil_div(long long a, long long b)
{
  return (int)((a + b - 1) / b);
}

/* One pattern row of therapists.csv; false when it is rejected. */
static bool therapist_row(reader *rd, const int *ix, unsigned char *allowed)
{
  cp_scenario *sc = rd->sc;
  size_t ns = (size_t)sc->schools.n;
  int line = rd->t->rows[rd->r].line;
  if (!(need(rd, ix[TH_ID], "therapist_id") &
        need(rd, ix[TH_DISC], "discipline") & need(rd, ix[TH_DAYS], "days")))
    return false;
  const char *id = fld(rd, ix[TH_ID]);
  if (!strcmp(id, "*")) {
    err(rd, "therapist_id '*' is reserved (it means every therapist in "
        "duties.csv): expected another id");
    return false;
  }
  unsigned days = 0;
  /* defaults: a 30-minute lunch between 11:00 and 13:30, on the slot grid
   * (slot_minutes 4: 32 minutes, 11:00-13:28; a 28-minute lunch would
   * break the 30 that the therapist is owed) */
  int slot = sc->set.slot;
  cp_workday w = {.works = true, .lunch_minutes = ceil_div(30, slot) * slot,
                  .lunch_earliest = ceil_div(11 * 60, slot) * slot,
                  .lunch_latest = (13 * 60 + 30) / slot * slot,
                  .base = CP_NONE, .line = line};
  bool ok = get_days(rd, ix[TH_DAYS], "days", &days);
  ok &= get_span(rd, ix[TH_START], ix[TH_END], &w.start, &w.end);
  if (*fld(rd, ix[TH_LMIN])) {
    bool lok = get_int(rd, ix[TH_LMIN], "lunch_minutes", &w.lunch_minutes);
    if (lok)
      lok = on_grid(rd, "lunch_minutes", fld(rd, ix[TH_LMIN]),
                    w.lunch_minutes);
    ok &= lok;
  }
  ok &= opt_time(rd, ix[TH_LEARLY], "lunch_earliest", &w.lunch_earliest);
  ok &= opt_time(rd, ix[TH_LLATE], "lunch_latest", &w.lunch_latest);
  if (*fld(rd, ix[TH_BASE])) {
    w.base = get_school(rd, ix[TH_BASE], "base_school");
    ok &= w.base >= 0;
  }
  ok &= get_school_list(rd, ix[TH_SCHOOLS], allowed);
  if (!ok)
    return false;
  if (w.lunch_minutes > 0) {
    int lo = w.lunch_earliest > w.start ? w.lunch_earliest : w.start;
    int hi = w.lunch_latest < w.end ? w.lunch_latest : w.end;
    if (hi - lo < w.lunch_minutes) {
      char a[6], b[6], c[6], d[6];
      cp_format_time(w.lunch_earliest, a);
      cp_format_time(w.lunch_latest, b);
      cp_format_time(w.start, c);
      cp_format_time(w.end, d);
      err(rd, "lunch_minutes '%d' does not fit: expected at most %d, the "
          "time between lunch_earliest %s and lunch_latest %s inside "
          "contract hours %s-%s",
          w.lunch_minutes, hi > lo ? hi - lo : 0, a, b, c, d);
      return false;
    }
  }
  const char *disc = fld(rd, ix[TH_DISC]);
  int ti = cp_map_get(&sc->therapist_ix, id);
  if (ti < 0 && sc->therapists.n == MAX_THERAPISTS) {
    err(rd, "therapist_id '%s' is one therapist too many: caseplan reads at "
        "most %d therapists per scenario (split the district)", id,
        MAX_THERAPISTS);
    rd->lost_therapists = true; /* stops the file; see read_therapists */
    return false;
  }
  if (ti < 0 && cp_discipline_find(sc, disc) < 0 &&
      sc->n_disciplines == MAX_DISCIPLINES) {
    err(rd, "discipline '%s' is one discipline too many: caseplan reads at "
        "most %d disciplines per scenario (is a column shifted?)", disc,
        MAX_DISCIPLINES);
    return false;
  }
  cp_therapist *th;
  if (ti >= 0) {
    th = &sc->therapists.v[ti];
    if (strcmp(sc->disciplines[th->discipline], disc)) {
      err(rd, "discipline '%s' differs from '%s' on line %d for the same "
          "therapist_id '%s' (a therapist has one discipline)",
          disc, sc->disciplines[th->discipline], th->line, id);
      return false;
    }
    for (int d = 0; d < CP_DAYS; d++)
      if ((days & (1u << d)) && th->day[d].works) {
        err(rd, "days '%s' overlap line %d of the same therapist_id '%s' "
            "(%s is on both): expected disjoint days",
            fld(rd, ix[TH_DAYS]), th->day[d].line, id, cp_day_name[d]);
        return false;
      }
  } else {
    ti = CP_VEC_PUSH(sc->therapists);
    if (ti < 0) {
      rd->nomem = true;
      return false;
    }
    th = &sc->therapists.v[ti];
    th->id = intern(rd, id);
    th->name = intern(rd, fld(rd, ix[TH_NAME]));
    th->discipline = intern_discipline(rd, disc);
    th->line = line;
    th->may_serve = calloc((size_t)CP_DAYS * (ns ? ns : 1), 1);
    if (!th->id || !th->name || !th->may_serve ||
        th->discipline == CP_NONE ||
        cp_map_put(&sc->therapist_ix, th->id, ti)) {
      rd->nomem = true;
      return false;
    }
  }
  int pattern = 0;
  for (int d = 0; d < CP_DAYS; d++)
    if (th->day[d].works && th->day[d].pattern >= pattern)
      pattern = th->day[d].pattern + 1;
  w.pattern = pattern;
  for (int d = 0; d < CP_DAYS; d++)
    if (days & (1u << d)) {
      th->day[d] = w;
      memcpy(th->may_serve + (size_t)d * ns, allowed, ns);
    }
  return true;
}

static void read_therapists(reader *rd)
{
  static const cp_col cols[TH_N] = {
      {"therapist_id", true},   {"name", false},          {"discipline", true},
      {"days", true},           {"start", true},          {"end", true},
      {"lunch_minutes", false}, {"lunch_earliest", false},
      {"lunch_latest", false},  {"base_school", false},   {"schools", false}};
  int ix[TH_N];
  cp_csv t;
  size_t ns = (size_t)rd->sc->schools.n;
  unsigned char *allowed = malloc(ns ? ns : 1);
  if (!allowed) {
    rd->nomem = true;
    return;
  }
  if (open_table(rd, "therapists.csv", true, true, cols, TH_N, ix, &t,
                 &rd->lost_therapists)) {
    for (rd->r = 0; rd->r < t.n_rows && !rd->nomem && !rd->lost_therapists;
         rd->r++) {
      if (!therapist_row(rd, ix, allowed)) {
        reject(rd, &rd->bad_therapist, fld(rd, ix[TH_ID]));
        reject(rd, &rd->bad_discipline, fld(rd, ix[TH_DISC]));
      }
    }
  }
  free(allowed);
  cp_csv_fini(&t);
}

/* ---- students.csv --------------------------------------------------------- */

enum { ST_ID, ST_SCHOOL, ST_GRADE, ST_CLASS, ST_THER, ST_N };

static void read_students(reader *rd)
{
  static const cp_col cols[ST_N] = {{"student_id", true},
                                    {"school_id", true},
                                    {"grade", false},
                                    {"classroom", false},
                                    {"therapist_id", false}};
  int ix[ST_N];
  cp_csv t;
  cp_scenario *sc = rd->sc;
  if (open_table(rd, "students.csv", true, true, cols, ST_N, ix, &t,
                 &rd->lost_students)) {
    for (rd->r = 0; rd->r < t.n_rows; rd->r++) {
      const char *id = fld(rd, ix[ST_ID]);
      if (!(need(rd, ix[ST_ID], "student_id") &
            need(rd, ix[ST_SCHOOL], "school_id"))) {
        reject(rd, &rd->bad_student, id);
        continue;
      }
      int prev = cp_map_get(&sc->student_ix, id);
      int first = prev >= 0 ? sc->students.v[prev].line
                            : cp_map_get(&rd->bad_student, id);
      if (first >= 0) {
        err(rd, "student_id '%s' is a duplicate (first on line %d)", id,
            first);
        continue;
      }
      cp_student s = {.line = t.rows[rd->r].line, .pinned = CP_NONE};
      s.school = get_school(rd, ix[ST_SCHOOL], "school_id");
      bool ok = s.school >= 0;
      const char *pin = fld(rd, ix[ST_THER]);
      if (*pin) {
        s.pinned = get_therapist(rd, "therapist_id", pin, "");
        if (s.pinned < 0) {
          ok = false;
        } else if (ok) {
          const cp_therapist *th = &sc->therapists.v[s.pinned];
          bool any = false;
          for (int d = 0; d < CP_DAYS; d++)
            any |= th->day[d].works &&
                   th->may_serve[(size_t)d * (size_t)sc->schools.n +
                                 (size_t)s.school];
          if (!any) {
            err(rd, "therapist_id '%s' may not serve school '%s' (see the "
                "schools column of therapists.csv line %d)",
                pin, sc->schools.v[s.school].id, th->line);
            ok = false;
          }
        }
      }
      if (!ok) {
        reject(rd, &rd->bad_student, id);
        continue;
      }
      s.id = intern(rd, id);
      s.grade = intern(rd, fld(rd, ix[ST_GRADE]));
      s.classroom = intern(rd, fld(rd, ix[ST_CLASS]));
      int i = CP_VEC_PUSH(sc->students);
      if (i < 0 || !s.id || !s.grade || !s.classroom ||
          cp_map_put(&sc->student_ix, s.id, i)) {
        rd->nomem = true;
        break;
      }
      sc->students.v[i] = s;
    }
  }
  cp_csv_fini(&t);
}

/* ---- services.csv --------------------------------------------------------- */

enum { SV_STUDENT, SV_DISC, SV_MODE, SV_MIN, SV_PER, SV_LEN, SV_SET, SV_MAXG,
       SV_N };

static bool get_per(reader *rd, int ix, bool allow_day, cp_per *out)
{
  const char *v = fld(rd, ix);
  if (!*v || !strcasecmp(v, "week"))
    *out = CP_PER_WEEK;
  else if (!strcasecmp(v, "month"))
    *out = CP_PER_MONTH;
  else if (allow_day && !strcasecmp(v, "day"))
    *out = CP_PER_DAY;
  else {
    err(rd, "per '%s' is not valid: expected %s", v,
        allow_day ? "week or day" : "week or month");
    return false;
  }
  if (!allow_day && *out == CP_PER_DAY)
    return false;
  if (allow_day && *out == CP_PER_MONTH) {
    err(rd, "per '%s' is not valid: expected week or day", v);
    return false;
  }
  return true;
}

static void derive_service(const cp_settings *set, cp_service *s)
{
  int w = set->rotation_weeks;
  if (s->session_minutes > 0) {
    if (s->per == CP_PER_WEEK) {
      s->weekly = ceil_div(s->minutes, s->session_minutes);
      s->sessions = s->weekly * w;
    } else {
      s->weekly = 0;
      s->sessions = ceil_div((long long)s->minutes * w,
                             4LL * s->session_minutes);
    }
    s->cycle_minutes = s->sessions * s->session_minutes;
  } else { /* consult without a session length: minutes on the slot grid */
    long long need = s->per == CP_PER_WEEK ? (long long)s->minutes * w
                                           : ceil_div((long long)s->minutes * w,
                                                      4);
    s->cycle_minutes = ceil_div(need, set->slot) * set->slot;
    s->weekly = 0;
    s->sessions = 0;
  }
}

/* Length of the school day of student i. */
static int school_day(const cp_scenario *sc, int i)
{
  const cp_school *sch = &sc->schools.v[sc->students.v[i].school];
  return sch->end - sch->start;
}

static void read_services(reader *rd)
{
  static const cp_col cols[SV_N] = {
      {"student_id", true}, {"discipline", true},      {"mode", false},
      {"minutes", true},    {"per", false},            {"session_minutes", false},
      {"setting", false},   {"max_group", false}};
  int ix[SV_N];
  cp_csv t;
  cp_scenario *sc = rd->sc;
  /* (student, discipline, mode) -> line, for duplicates */
  int nd = sc->n_disciplines, nst = sc->students.n;
  int *seen = calloc((size_t)(nst ? nst : 1) * (size_t)(nd ? nd : 1) * 2,
                     sizeof *seen);
  if (!seen) {
    rd->nomem = true;
    return;
  }
  bool lost;
  if (open_table(rd, "services.csv", true, true, cols, SV_N, ix, &t, &lost)) {
    for (rd->r = 0; rd->r < t.n_rows; rd->r++) {
      if (!(need(rd, ix[SV_STUDENT], "student_id") &
            need(rd, ix[SV_DISC], "discipline") &
            need(rd, ix[SV_MIN], "minutes")))
        continue;
      cp_service s = {.line = t.rows[rd->r].line};
      const char *sid = fld(rd, ix[SV_STUDENT]);
      s.student = get_student(rd, "student_id", sid);
      bool ok = s.student >= 0;
      const char *disc = fld(rd, ix[SV_DISC]);
      s.discipline = cp_discipline_find(sc, disc);
      if (s.discipline < 0 &&
          (rd->lost_therapists || cp_map_get(&rd->bad_discipline, disc) >= 0)) {
        ok = false;
      } else if (s.discipline < 0) {
        char list[256] = "";
        size_t used = 0;
        for (int d = 0; d < sc->n_disciplines && used < sizeof list; d++)
          used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                   d ? ", " : "", sc->disciplines[d]);
        err(rd, "discipline '%s' has no therapist in therapists.csv (it has "
            "%s)", disc, used ? list : "none");
        ok = false;
      }
      const char *mode = fld(rd, ix[SV_MODE]);
      if (!*mode || !strcasecmp(mode, "direct"))
        s.mode = CP_DIRECT;
      else if (!strcasecmp(mode, "consult"))
        s.mode = CP_CONSULT;
      else {
        err(rd, "mode '%s' is not valid: expected direct or consult", mode);
        ok = false;
      }
      ok &= get_int(rd, ix[SV_MIN], "minutes", &s.minutes);
      ok &= get_per(rd, ix[SV_PER], false, &s.per);
      if (*fld(rd, ix[SV_LEN])) {
        if (get_int(rd, ix[SV_LEN], "session_minutes", &s.session_minutes)) {
          if (s.session_minutes == 0) {
            err(rd, "session_minutes '0' is not valid: expected 1 or more");
            ok = false;
          } else if (!on_grid(rd, "session_minutes", fld(rd, ix[SV_LEN]),
                              s.session_minutes)) {
            ok = false;
          } else if (s.student >= 0 &&
                     s.session_minutes > school_day(sc, s.student)) {
            const cp_school *sch =
                &sc->schools.v[sc->students.v[s.student].school];
            char a[6], b[6];
            cp_format_time(sch->start, a);
            cp_format_time(sch->end, b);
            err(rd, "session_minutes '%d' is longer than the school day of "
                "'%s' (%s-%s, %d minutes) of student '%s'",
                s.session_minutes, sch->id, a, b, sch->end - sch->start,
                sid);
            ok = false;
          }
        } else {
          ok = false;
        }
      } else if (s.mode == CP_DIRECT && ok) {
        err(rd, "session_minutes is empty (required for direct services)");
        ok = false;
      }
      const char *set = fld(rd, ix[SV_SET]);
      if (!*set || !strcasecmp(set, "individual"))
        s.setting = CP_INDIVIDUAL;
      else if (!strcasecmp(set, "group"))
        s.setting = CP_GROUP;
      else if (!strcasecmp(set, "either"))
        s.setting = CP_EITHER;
      else {
        err(rd, "setting '%s' is not valid: expected individual, group or "
            "either", set);
        ok = false;
      }
      s.max_group = sc->set.group_max;
      if (*fld(rd, ix[SV_MAXG])) {
        int mg = 0;
        if (!get_int(rd, ix[SV_MAXG], "max_group", &mg))
          ok = false;
        else if (mg < 1) {
          err(rd, "max_group '%s' is not valid: expected 1 or more",
              fld(rd, ix[SV_MAXG]));
          ok = false;
        } else if (mg < s.max_group)
          s.max_group = mg;
      }
      if (!ok)
        continue;
      if (s.minutes == 0) {
        err(rd, "minutes '0': a service needs at least one minute (remove the "
            "row instead)");
        continue;
      }
      int *prev = &seen[((size_t)s.student * (size_t)nd + (size_t)s.discipline) *
                            2 + (size_t)s.mode];
      if (*prev) {
        err(rd, "service (%s, %s, %s) is a duplicate (first on line %d)", sid,
            disc, s.mode == CP_DIRECT ? "direct" : "consult", *prev);
        continue;
      }
      *prev = s.line;
      const cp_student *st = &sc->students.v[s.student];
      if (st->pinned != CP_NONE &&
          sc->therapists.v[st->pinned].discipline == s.discipline) {
        /* pinned: the therapist must be allowed at the school (checked) */
      }
      derive_service(&sc->set, &s);
      int i = CP_VEC_PUSH(sc->services);
      if (i < 0) {
        rd->nomem = true;
        break;
      }
      sc->services.v[i] = s;
    }
  }
  free(seen);
  cp_csv_fini(&t);
}

/* ---- blocks.csv ----------------------------------------------------------- */

enum { BL_SCOPE, BL_ID, BL_SCHOOL, BL_DAYS, BL_START, BL_END, BL_KIND,
       BL_REASON, BL_N };

static void read_blocks(reader *rd)
{
  static const cp_col cols[BL_N] = {
      {"scope", true}, {"id", false},  {"school_id", false}, {"days", false},
      {"start", true}, {"end", true},  {"kind", false},      {"reason", false}};
  int ix[BL_N];
  cp_csv t;
  cp_scenario *sc = rd->sc;
  bool lost;
  if (open_table(rd, "blocks.csv", false, false, cols, BL_N, ix, &t, &lost)) {
    for (rd->r = 0; rd->r < t.n_rows; rd->r++) {
      cp_block b = {.line = t.rows[rd->r].line, .school = CP_NONE,
                    .days = 0x7f};
      if (!need(rd, ix[BL_SCOPE], "scope"))
        continue;
      const char *scope = fld(rd, ix[BL_SCOPE]);
      bool ok = true;
      if (!strcasecmp(scope, "student"))
        b.scope = CP_SCOPE_STUDENT;
      else if (!strcasecmp(scope, "classroom"))
        b.scope = CP_SCOPE_CLASSROOM;
      else if (!strcasecmp(scope, "grade"))
        b.scope = CP_SCOPE_GRADE;
      else if (!strcasecmp(scope, "school"))
        b.scope = CP_SCOPE_SCHOOL;
      else {
        err(rd, "scope '%s' is not valid: expected student, classroom, grade "
            "or school", scope);
        continue;
      }
      const char *id = fld(rd, ix[BL_ID]);
      if (b.scope != CP_SCOPE_SCHOOL && !*id) {
        err(rd, "id is empty (a %s block needs the %s)", scope,
            b.scope == CP_SCOPE_STUDENT     ? "student_id"
            : b.scope == CP_SCOPE_CLASSROOM ? "classroom name"
                                            : "grade");
        ok = false;
      }
      if (*fld(rd, ix[BL_SCHOOL])) {
        b.school = get_school(rd, ix[BL_SCHOOL], "school_id");
        ok &= b.school >= 0;
      } else if (b.scope == CP_SCOPE_SCHOOL) {
        err(rd, "school_id is empty (a school block needs the school)");
        ok = false;
      }
      int school = b.school; /* where the block can apply */
      if (b.scope == CP_SCOPE_STUDENT && *id) {
        int s = get_student(rd, "id", id);
        if (s < 0) {
          ok = false;
        } else if (b.school == CP_NONE) {
          school = sc->students.v[s].school;
        } else if (sc->students.v[s].school != b.school) {
          err(rd, "school_id '%s' is not the school of student '%s' ('%s')",
              sc->schools.v[b.school].id, id,
              sc->schools.v[sc->students.v[s].school].id);
          ok = false;
        }
      }
      if (*fld(rd, ix[BL_DAYS]))
        ok &= get_days(rd, ix[BL_DAYS], "days", &b.days);
      ok &= get_span(rd, ix[BL_START], ix[BL_END], &b.start, &b.end);
      const char *kind = fld(rd, ix[BL_KIND]);
      if (!*kind || !strcasecmp(kind, "unavailable"))
        b.preferred = false;
      else if (!strcasecmp(kind, "preferred"))
        b.preferred = true;
      else {
        err(rd, "kind '%s' is not valid: expected unavailable or preferred",
            kind);
        ok = false;
      }
      if (!ok)
        continue;
      /* the block must touch some school day it can apply to */
      bool touches = (b.days & 0x1f) != 0;
      if (touches) {
        touches = false;
        for (int s = 0; s < sc->schools.n; s++) {
          const cp_school *sch = &sc->schools.v[s];
          if ((school == CP_NONE || school == s) && b.start < sch->end &&
              b.end > sch->start)
            touches = true;
        }
      }
      if (!touches) {
        char s1[6], s2[6], s3[6], s4[6];
        cp_format_time(b.start, s1);
        cp_format_time(b.end, s2);
        if (!(b.days & 0x1f))
          err(rd, "days '%s' has no school day: expected a day from Mon to "
              "Fri (schools meet Mon-Fri)", fld(rd, ix[BL_DAYS]));
        else if (school >= 0) {
          cp_format_time(sc->schools.v[school].start, s3);
          cp_format_time(sc->schools.v[school].end, s4);
          err(rd, "block %s-%s lies outside the school day of '%s' (%s-%s): "
              "expected a block that overlaps it", s1, s2,
              sc->schools.v[school].id, s3, s4);
        } else
          err(rd, "block %s-%s lies outside every school's day: expected a "
              "block that overlaps one", s1, s2);
        continue;
      }
      b.id = *id ? intern(rd, id) : NULL;
      b.reason = intern(rd, fld(rd, ix[BL_REASON]));
      int i = CP_VEC_PUSH(sc->blocks);
      if (i < 0) {
        rd->nomem = true;
        break;
      }
      sc->blocks.v[i] = b;
    }
  }
  cp_csv_fini(&t);
}

/* ---- duties.csv ----------------------------------------------------------- */

enum { DU_THER, DU_KIND, DU_DAY, DU_START, DU_END, DU_MIN, DU_PER, DU_MINB,
       DU_SCHOOL, DU_N };

/* A fixed duty must lie inside the contract hours of therapist ti on each of
 * its days. */
static bool check_fixed_duty(reader *rd, const cp_duty *du, int ti)
{
  const cp_therapist *th = &rd->sc->therapists.v[ti];
  for (int d = 0; d < CP_DAYS; d++) {
    if (!(du->days & (1u << d)))
      continue;
    const cp_workday *w = &th->day[d];
    /* a `*` duty holds only for those at work then (cp_duty_applies) */
    if (du->therapist == CP_NONE &&
        (!w->works || du->start < w->start || du->end > w->end))
      continue;
    if (w->works && du->start >= w->start && du->end <= w->end)
      continue;
    /* times are formatted only here: this runs for every '*' duty and
     * every therapist, and snprintf would be most of the reading time */
    char a[6], b[6], c[6], e[6], buf[32];
    cp_format_time(du->start, a);
    cp_format_time(du->end, b);
    if (!w->works) {
      unsigned works = 0;
      for (int k = 0; k < CP_DAYS; k++)
        works |= (unsigned)th->day[k].works << k;
      err(rd, "duty %s-%s on %s: therapist '%s' does not work on %s "
          "(expected one of its days: %s)", a, b, cp_day_name[d], th->id,
          cp_day_name[d], days_text(works, buf, sizeof buf));
      return false;
    }
    if (du->start < w->start || du->end > w->end) {
      cp_format_time(w->start, c);
      cp_format_time(w->end, e);
      err(rd, "duty %s-%s on %s lies outside the contract hours of '%s' "
          "(%s-%s)", a, b, cp_day_name[d], th->id, c, e);
      return false;
    }
  }
  return true;
}

static void read_duties(reader *rd)
{
  static const cp_col cols[DU_N] = {
      {"therapist_id", true}, {"kind", true},    {"day", false},
      {"start", false},       {"end", false},    {"minutes", false},
      {"per", false},         {"min_block", false}, {"school_id", false}};
  int ix[DU_N];
  cp_csv t;
  cp_scenario *sc = rd->sc;
  bool lost;
  /* therapists with a rejected pattern row, looked up once, not per row */
  unsigned char *rejected = malloc((size_t)sc->therapists.n + 1);
  if (!rejected) {
    rd->nomem = true;
    return;
  }
  for (int ti = 0; ti < sc->therapists.n; ti++)
    rejected[ti] =
        cp_map_get(&rd->bad_therapist, sc->therapists.v[ti].id) >= 0;
  if (open_table(rd, "duties.csv", false, false, cols, DU_N, ix, &t, &lost)) {
    for (rd->r = 0; rd->r < t.n_rows; rd->r++) {
      if (!(need(rd, ix[DU_THER], "therapist_id") &
            need(rd, ix[DU_KIND], "kind")))
        continue;
      cp_duty du = {.line = t.rows[rd->r].line, .school = CP_NONE,
                    .therapist = CP_NONE};
      const char *tid = fld(rd, ix[DU_THER]);
      bool ok = true;
      if (strcmp(tid, "*")) {
        du.therapist = get_therapist(rd, "therapist_id", tid,
                                     "; * means every therapist");
        ok = du.therapist >= 0;
      }
      bool has_fixed = *fld(rd, ix[DU_DAY]) || *fld(rd, ix[DU_START]) ||
                       *fld(rd, ix[DU_END]);
      bool has_float = *fld(rd, ix[DU_MIN]) || *fld(rd, ix[DU_PER]) ||
                       *fld(rd, ix[DU_MINB]);
      if (has_fixed && has_float) {
        err(rd, "duty is both fixed (day '%s', start '%s', end '%s') and "
            "floating (minutes '%s', per '%s', min_block '%s'): expected "
            "one or the other", fld(rd, ix[DU_DAY]), fld(rd, ix[DU_START]),
            fld(rd, ix[DU_END]), fld(rd, ix[DU_MIN]), fld(rd, ix[DU_PER]),
            fld(rd, ix[DU_MINB]));
        continue;
      }
      if (!has_fixed && !has_float) {
        err(rd, "duty '%s' has neither day/start/end (fixed) nor minutes "
            "(floating): expected one or the other", fld(rd, ix[DU_KIND]));
        continue;
      }
      if (*fld(rd, ix[DU_SCHOOL])) {
        du.school = get_school(rd, ix[DU_SCHOOL], "school_id");
        ok &= du.school >= 0;
      }
      if (has_fixed) {
        du.fixed = true;
        ok &= need(rd, ix[DU_DAY], "day") &&
              get_days(rd, ix[DU_DAY], "day", &du.days);
        ok &= get_span(rd, ix[DU_START], ix[DU_END], &du.start, &du.end);
        if (ok) {
          if (du.therapist >= 0) {
            ok = check_fixed_duty(rd, &du, du.therapist);
          } else {
            /* a '*' duty holds only for those at work then, so it is never
             * outside anyone's hours: it only has to hold for someone */
            bool anyone = false;
            for (int ti = 0; ti < sc->therapists.n && !anyone; ti++)
              if (!rejected[ti])
                for (int d = 0; d < CP_DAYS && !anyone; d++)
                  anyone = cp_duty_applies(sc, &du, ti, d);
            if (ok && !anyone && sc->therapists.n) {
              err(rd, "duty %s-%s on '%s': no therapist is at work then (a "
                  "'*' duty holds for every therapist working at that time)",
                  fld(rd, ix[DU_START]), fld(rd, ix[DU_END]),
                  fld(rd, ix[DU_DAY]));
              ok = false;
            }
          }
        }
      } else {
        if (du.school != CP_NONE) {
          err(rd, "school_id '%s' on a floating duty (a floating duty has no "
              "location; give day/start/end to fix it at a school)",
              fld(rd, ix[DU_SCHOOL]));
          ok = false;
        }
        ok &= need(rd, ix[DU_MIN], "minutes") &&
              get_int(rd, ix[DU_MIN], "minutes", &du.minutes);
        ok &= get_per(rd, ix[DU_PER], true, &du.per);
        du.min_block = 30;
        if (*fld(rd, ix[DU_MINB]))
          ok &= get_int(rd, ix[DU_MINB], "min_block", &du.min_block);
        if (ok && du.minutes == 0) {
          err(rd, "minutes '0': a floating duty needs at least one minute");
          ok = false;
        }
        if (ok && !on_grid(rd, "minutes", fld(rd, ix[DU_MIN]), du.minutes))
          ok = false;
        if (ok && du.min_block == 0) {
          err(rd, "min_block '0' is not valid: expected 1 or more");
          ok = false;
        }
        if (ok && du.min_block > du.minutes)
          du.min_block = du.minutes;
        if (ok && !on_grid(rd, "min_block", fld(rd, ix[DU_MINB]),
                           du.min_block))
          ok = false;
      }
      if (!ok)
        continue;
      du.kind = intern(rd, fld(rd, ix[DU_KIND]));
      int i = CP_VEC_PUSH(sc->duties);
      if (i < 0) {
        rd->nomem = true;
        break;
      }
      sc->duties.v[i] = du;
    }
  }
  free(rejected);
  cp_csv_fini(&t);
}

/* ---- fixed duties that overlap ------------------------------------------- */

/* Two fixed duties of one therapist at the same time can never both be
 * held (SPEC §2.3: one thing at a time), and their minutes would be taken
 * twice from the contract.  A '*' duty is a therapist's when it works then
 * (cp_duty_applies), so each day the check runs once per distinct contract
 * window over the '*' duties inside it, and per therapist over its own
 * duties.  Each sweep keeps the duty that ends last so far, so rows that
 * are all the same cost n log n, not n squared. */

typedef struct span_ref {
  int start, end, line, duty, owner; /* owner: therapist, or CP_NONE */
} span_ref;

static int cmp_span(const void *pa, const void *pb)
{
  const span_ref *a = pa, *b = pb;
  if (a->owner != b->owner)
    return a->owner < b->owner ? -1 : 1;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  return (a->line > b->line) - (a->line < b->line);
}

/* A therapist's contract hours on one day. */
typedef struct window {
  int start, end, therapist;
} window;

static int cmp_window(const void *pa, const void *pb)
{
  const window *a = pa, *b = pb;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  return (a->therapist > b->therapist) - (a->therapist < b->therapist);
}

/* An overlap found: the later row, the earlier one, where and for whom. */
typedef struct overlap {
  span_ref late, early;
  int therapist, day;
} overlap;

/* Records that duties x and y overlap for therapist t on day d, under the
 * later row (once per row; reported in line order at the end). */
static void add_overlap(overlap *found, int *n_found, const span_ref *x,
                        const span_ref *y, int t, int d, bool *reported)
{
  const span_ref *late = x->line > y->line ? x : y;
  const span_ref *early = late == x ? y : x;
  if (reported[late->duty])
    return;
  reported[late->duty] = true;
  found[(*n_found)++] = (overlap){*late, *early, t, d};
}

static int cmp_overlap(const void *pa, const void *pb)
{
  const overlap *a = pa, *b = pb;
  return (a->late.line > b->late.line) - (a->late.line < b->late.line);
}

static void report_overlaps(reader *rd, overlap *found, int n)
{
  const cp_scenario *sc = rd->sc;
  qsort(found, (size_t)n, sizeof *found, cmp_overlap);
  for (int i = 0; i < n; i++) {
    const span_ref *late = &found[i].late, *early = &found[i].early;
    char a[6], b[6], c[6], e[6];
    cp_format_time(late->start, a);
    cp_format_time(late->end, b);
    cp_format_time(early->start, c);
    cp_format_time(early->end, e);
    cp_diag_add(rd->diag, "duties.csv", late->line,
                "duty %s %s-%s on %s overlaps duty %s %s-%s on line %d for "
                "therapist '%s': expected fixed duties that do not overlap "
                "(a therapist does one thing at a time)",
                sc->duties.v[late->duty].kind, a, b, cp_day_name[found[i].day],
                sc->duties.v[early->duty].kind, c, e, early->line,
                sc->therapists.v[found[i].therapist].id);
    rd->errors++;
  }
}

/* Number of spans of v[0..n) that start before END (v by start). */
static int starting_before(const span_ref *v, int n, int end)
{
  int lo = 0, hi = n;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (v[mid].start < end)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

static void check_fixed_overlaps(reader *rd)
{
  const cp_scenario *sc = rd->sc;
  int nd = sc->duties.n, nt = sc->therapists.n;
  span_ref *star = malloc(((size_t)nd + 1) * sizeof *star);
  span_ref *own = malloc(((size_t)nd + 1) * sizeof *own);
  span_ref *win = malloc(((size_t)nd + 1) * sizeof *win);
  int *last = malloc(((size_t)nd + 1) * sizeof *last);
  window *work = malloc(((size_t)nt + 1) * sizeof *work);
  int *first_own = malloc(((size_t)nt + 2) * sizeof *first_own);
  bool *reported = calloc((size_t)nd + 1, sizeof *reported);
  overlap *found = malloc(((size_t)nd + 1) * sizeof *found);
  int n_found = 0;
  if (!star || !own || !win || !last || !work || !first_own || !reported ||
      !found) {
    rd->nomem = true;
    goto out;
  }
  for (int d = 0; d < CP_DAYS; d++) {
    int ns = 0, no = 0, nw = 0;
    for (int i = 0; i < nd; i++) {
      const cp_duty *du = &sc->duties.v[i];
      if (!du->fixed || !(du->days & (1u << d)))
        continue;
      span_ref r = {du->start, du->end, du->line, i, du->therapist};
      if (du->therapist == CP_NONE)
        star[ns++] = r;
      else
        own[no++] = r;
    }
    if (ns + no < 2)
      continue;
    qsort(star, (size_t)ns, sizeof *star, cmp_span);
    qsort(own, (size_t)no, sizeof *own, cmp_span);
    for (int t = 0, k = 0; t <= nt; t++) { /* own[] of t: first_own[t].. */
      while (k < no && own[k].owner < t)
        k++;
      first_own[t] = k;
    }
    for (int t = 0; t < nt; t++) {
      const cp_workday *w = &sc->therapists.v[t].day[d];
      if (w->works)
        work[nw++] = (window){w->start, w->end, t};
    }
    qsort(work, (size_t)nw, sizeof *work, cmp_window);
    /* therapists with the same hours, work[g..h), share the '*' duties */
    for (int g = 0; g < nw;) {
      int ws = work[g].start, we = work[g].end, h = g;
      while (h < nw && work[h].start == ws && work[h].end == we)
        h++;
      /* the '*' duties inside these hours; last[i]: which of win[0..i]
       * ends last */
      int n = 0;
      for (int i = 0; i < ns; i++)
        if (star[i].start >= ws && star[i].end <= we)
          win[n++] = star[i];
      for (int i = 0; i < n; i++) {
        if (i && win[i].start < win[last[i - 1]].end)
          add_overlap(found, &n_found, &win[i], &win[last[i - 1]],
                      work[g].therapist, d, reported);
        last[i] = i && win[last[i - 1]].end >= win[i].end ? last[i - 1] : i;
      }
      for (int m = g; m < h; m++) {
        int t = work[m].therapist;
        int best = -1; /* own duty of t ending last so far */
        for (int i = first_own[t]; i < first_own[t + 1]; i++) {
          const span_ref *p = &own[i];
          if (best >= 0 && p->start < own[best].end)
            add_overlap(found, &n_found, p, &own[best], t, d, reported);
          if (best < 0 || p->end > own[best].end)
            best = i;
          int k = starting_before(win, n, p->end);
          if (k && win[last[k - 1]].end > p->start)
            add_overlap(found, &n_found, p, &win[last[k - 1]], t, d,
                        reported);
        }
      }
      g = h;
    }
  }
  report_overlaps(rd, found, n_found);
out:
  free(found);
  free(star);
  free(own);
  free(win);
  free(last);
  free(work);
  free(first_own);
  free(reported);
}

/* ---- calendar.csv --------------------------------------------------------- */

enum { CA_DATE, CA_SCHOOL, CA_KIND, CA_END, CA_N };

static void read_calendar(reader *rd)
{
  static const cp_col cols[CA_N] = {
      {"date", true}, {"school_id", false}, {"kind", true}, {"end", false}};
  int ix[CA_N];
  cp_csv t;
  cp_scenario *sc = rd->sc;
  bool lost;
  if (open_table(rd, "calendar.csv", false, false, cols, CA_N, ix, &t,
                 &lost)) {
    for (rd->r = 0; rd->r < t.n_rows; rd->r++) {
      cp_calday c = {.line = t.rows[rd->r].line, .school = CP_NONE,
                     .end = CP_NONE};
      if (!(need(rd, ix[CA_DATE], "date") & need(rd, ix[CA_KIND], "kind")))
        continue;
      const char *want = cp_parse_date(fld(rd, ix[CA_DATE]), &c.date);
      bool ok = true;
      if (want) {
        err(rd, "date '%s' is not valid: expected %s", fld(rd, ix[CA_DATE]),
            want);
        ok = false;
      }
      if (*fld(rd, ix[CA_SCHOOL])) {
        c.school = get_school(rd, ix[CA_SCHOOL], "school_id");
        ok &= c.school >= 0;
      }
      const char *kind = fld(rd, ix[CA_KIND]);
      if (!strcasecmp(kind, "holiday"))
        c.holiday = true;
      else if (!strcasecmp(kind, "early_release")) {
        c.holiday = false;
        if (!*fld(rd, ix[CA_END])) {
          err(rd, "end is empty: an early_release needs the time school "
              "ends that day (e.g. 12:00)");
          ok = false;
        } else if (!get_time(rd, ix[CA_END], "end", &c.end)) {
          ok = false;
        } else if (ok) {
          for (int s = 0; s < sc->schools.n; s++) {
            const cp_school *sch = &sc->schools.v[s];
            if (c.school != CP_NONE && c.school != s)
              continue;
            if (c.end <= sch->start || c.end > sch->end) {
              char a[6], b[6];
              cp_format_time(sch->start, a);
              cp_format_time(sch->end, b);
              err(rd, "end '%s' is not inside the school day of '%s' "
                  "(%s-%s): expected the time school ends early",
                  fld(rd, ix[CA_END]), sch->id, a, b);
              ok = false;
              break;
            }
          }
        }
      } else {
        err(rd, "kind '%s' is not valid: expected holiday or early_release",
            kind);
        ok = false;
      }
      if (!ok)
        continue;
      int dup = -1;
      for (int k = 0; k < sc->calendar.n && dup < 0; k++)
        if (sc->calendar.v[k].date == c.date &&
            sc->calendar.v[k].school == c.school)
          dup = k;
      if (dup >= 0) {
        err(rd, "date '%s' is given twice for %s%s%s (first on line %d)",
            fld(rd, ix[CA_DATE]), c.school == CP_NONE ? "all schools" : "'",
            c.school == CP_NONE ? "" : sc->schools.v[c.school].id,
            c.school == CP_NONE ? "" : "'", sc->calendar.v[dup].line);
        continue;
      }
      int i = CP_VEC_PUSH(sc->calendar);
      if (i < 0) {
        rd->nomem = true;
        break;
      }
      sc->calendar.v[i] = c;
    }
  }
  cp_csv_fini(&t);
}

/* ---- cross-file checks ----------------------------------------------------- */

/* A pinned student's services of the therapist's discipline must be served by
 * it; a service whose discipline has no therapist allowed at the school can
 * never be scheduled. */
static void check_services(reader *rd)
{
  cp_scenario *sc = rd->sc;
  size_t ns = (size_t)sc->schools.n;
  for (int i = 0; i < sc->services.n; i++) {
    const cp_service *s = &sc->services.v[i];
    const cp_student *st = &sc->students.v[s->student];
    bool any = false;
    for (int ti = 0; ti < sc->therapists.n && !any; ti++) {
      const cp_therapist *th = &sc->therapists.v[ti];
      if (th->discipline != s->discipline)
        continue;
      for (int d = 0; d < CP_DAYS; d++)
        any |= th->day[d].works && th->may_serve[(size_t)d * ns +
                                                 (size_t)st->school];
    }
    if (!any) {
      cp_diag_add(rd->diag, "services.csv", s->line,
                  "discipline '%s': no %s therapist may serve school '%s' of "
                  "student '%s' (see the schools column of therapists.csv)",
                  sc->disciplines[s->discipline],
                  sc->disciplines[s->discipline], sc->schools.v[st->school].id,
                  st->id);
      rd->errors++;
    }
  }
}

/* Every pair of schools needs a travel.csv row (either direction) or
 * coordinates on both.  Reported once per school without coordinates, at
 * its schools.csv line, listing the schools it has no row with; a pair of
 * two schools without coordinates is listed under the first. */
static void check_travel(reader *rd)
{
  cp_scenario *sc = rd->sc;
  int n = sc->schools.n;
  for (int a = 0; a < n; a++) {
    const cp_school *sa = &sc->schools.v[a];
    if (sa->has_coord)
      continue;
    char list[300] = "";
    size_t used = 0;
    int missing = 0;
    for (int b = 0; b < n; b++) {
      const cp_school *sb = &sc->schools.v[b];
      if (b == a || (!sb->has_coord && b < a) ||
          sc->travel[(size_t)a * (size_t)n + (size_t)b] >= 0 ||
          sc->travel[(size_t)b * (size_t)n + (size_t)a] >= 0)
        continue;
      if (++missing <= 8 && used < sizeof list)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s'%s'",
                                 missing > 1 ? ", " : "", sb->id);
    }
    if (!missing)
      continue;
    if (missing > 8 && used < sizeof list)
      snprintf(list + used, sizeof list - used, " and %d more", missing - 8);
    cp_diag_add(rd->diag, "schools.csv", sa->line,
                "school '%s' has no lat/lon and travel.csv has no row for it "
                "with %s: expected coordinates on it, or a travel.csv row "
                "for each of those pairs",
                sa->id, list);
    rd->errors++;
  }
}

/* Bounds the week's figures (see MAX_CYCLE_MINUTES): the minutes of one
 * cycle that services, their documentation, the IEP/evaluation reserve and
 * the floating duties can ask for at the most, counted in long long.  Each
 * value is in range on its own (MAX_MINUTES, the settings' ranges); only a
 * sum over many rows can pass INT_MAX.  Reported on the file with the
 * largest share. */
static void check_totals(reader *rd)
{
  const cp_scenario *sc = rd->sc;
  const cp_settings *set = &sc->set;
  long long W = set->rotation_weeks, svc = 0, sessions = 0, duty = 0;
  for (int i = 0; i < sc->services.n; i++) {
    svc += sc->services.v[i].cycle_minutes;
    sessions += sc->services.v[i].sessions;
  }
  svc += sessions * set->doc_per_session;
  for (int i = 0; i < sc->duties.n; i++) {
    const cp_duty *du = &sc->duties.v[i];
    if (du->fixed)
      continue;
    duty += (long long)du->minutes * (du->per == CP_PER_DAY ? CP_DAYS : 1) *
            (du->therapist == CP_NONE ? sc->therapists.n : 1) * W;
  }
  /* the largest reserve a therapist or a discipline can get */
  double per_year = (double)sc->students.n * set->iep_per_student_year *
                        set->iep_minutes +
                    (double)sc->therapists.n * set->evals_per_year *
                        set->eval_minutes;
  double reserve = ceil(per_year / set->school_weeks) * (double)W;
  double total = (double)svc + (double)duty + reserve;
  if (total <= (double)MAX_CYCLE_MINUTES)
    return;
  const char *file = "services.csv";
  double part = (double)svc;
  if (reserve > part)
    file = "settings.csv", part = reserve;
  if ((double)duty > part)
    file = "duties.csv", part = (double)duty;
  cp_diag_add(rd->diag, file, 0,
              "the caseload adds up to %.0f minutes per %lld-week cycle "
              "(%.0f of them from this file), more than caseplan counts (at "
              "most %lld): expected the minutes of one district",
              total, W, part, MAX_CYCLE_MINUTES);
  rd->errors++;
}

cp_status cp_scenario_read(const char *dir, cp_scenario **out, cp_diag *diag)
{
  *out = NULL;
  /* the readers build DIR/NAME in 4096 bytes; a longer path would be cut
   * silently and name another file */
  size_t dir_len = strlen(dir);
  if (dir_len > MAX_DIR_PATH) {
    cp_diag_add(diag, NULL, 0, "scenario folder '%.40s...' has a path of %zu "
                "bytes: expected at most %d (use a shorter or relative path)",
                dir, dir_len, MAX_DIR_PATH);
    return CP_ERR_INPUT;
  }
  struct stat sb;
  if (stat(dir, &sb) != 0) {
    if (errno == ENOENT)
      cp_diag_add(diag, NULL, 0, "scenario folder '%s' does not exist", dir);
    else
      cp_diag_add(diag, NULL, 0, "scenario folder '%s' cannot be read: %s",
                  dir, strerror(errno));
    return CP_ERR_INPUT;
  }
  if (!S_ISDIR(sb.st_mode)) {
    cp_diag_add(diag, NULL, 0, "scenario folder '%s' is not a folder: "
                "expected the folder that holds the CSV files", dir);
    return CP_ERR_INPUT;
  }
  cp_scenario *sc = cp_scenario_create();
  if (!sc)
    return CP_ERR_NOMEM;
  reader rd = {.dir = dir, .sc = sc, .diag = diag};
  cp_map_init(&rd.bad_school);
  cp_map_init(&rd.bad_therapist);
  cp_map_init(&rd.bad_student);
  cp_map_init(&rd.bad_discipline);
  read_settings(&rd);
  read_schools(&rd);
  read_travel(&rd);
  read_therapists(&rd);
  read_students(&rd);
  read_services(&rd);
  read_blocks(&rd);
  read_duties(&rd);
  if (!rd.nomem)
    check_fixed_overlaps(&rd);
  read_calendar(&rd);
  if (!rd.nomem && !rd.lost_schools && !rd.lost_travel)
    check_travel(&rd);
  if (!rd.nomem && !rd.errors)
    check_totals(&rd);
  if (!rd.nomem && !rd.errors)
    check_services(&rd);
  cp_map_fini(&rd.bad_school);
  cp_map_fini(&rd.bad_therapist);
  cp_map_fini(&rd.bad_student);
  cp_map_fini(&rd.bad_discipline);
  cp_status st = CP_OK;
  if (rd.nomem)
    st = CP_ERR_NOMEM;
  else if (rd.errors)
    st = CP_ERR_INPUT;
  else
    st = cp_scenario_derive(sc, diag);
  if (st != CP_OK) {
    cp_scenario_destroy(sc);
    return st;
  }
  *out = sc;
  return CP_OK;
}
