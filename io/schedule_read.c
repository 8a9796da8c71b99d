/* schedule_read.c — schedule.csv into a cp_schedule (see schedule_read.h).
 *
 * Sits at the start of `caseplan verify`: the file is read with the same CSV
 * rules as the scenario (io/csv_read.c), every field is parsed and every id
 * resolved against the validated scenario, and each session or consult row
 * has its students mapped to service indices through the row's services text
 * ("SLP direct").  All errors of the file are collected before returning;
 * nothing is returned unless every row could be understood.  Rules of the
 * schedule itself (grid, overlaps, hours, requirements) are solver/verify.c's
 * job, so a row that breaks them is still read.
 */
#include "schedule_read.h"

#include "csv_read.h"
#include "values.h"

#include <errno.h>
#include <stdarg.h>
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define MAX_MINUTES (24 * 60)

enum {
  C_THER,
  C_WEEK,
  C_DAY,
  C_START,
  C_END,
  C_SCHOOL,
  C_ACT,
  C_STUDENTS,
  C_SERVICES,
  C_MINUTES,
  C_N
};

typedef struct reader {
  const cp_scenario *sc;
  cp_schedule *s;
  cp_diag *diag;
  cp_diag *notes; /* lenient (--keep): unknown ids dropped with a note */
  bool skip;      /* the current row is dropped */
  const cp_csv *t;
  const int *ix;
  int r;
  int errors;
  bool nomem;
  int *svc_of; /* [(student * n_disciplines + discipline) * 2 + mode] */
  int *list;   /* services of the current row */
  int cap_list;
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

/* An id the scenario no longer has: an error, or (lenient) a note and the
 * row (or the student of a group row) dropped. */
static void gone(reader *rd, bool whole_row, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void gone(reader *rd, bool whole_row, const char *fmt, ...)
{
  char text[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  if (!rd->notes) {
    err(rd, "%s", text);
    return;
  }
  cp_diag_add(rd->notes, rd->t->name, rd->t->rows[rd->r].line, "%s; %s", text,
              whole_row ? "row dropped" : "student dropped from the row");
  if (whole_row)
    rd->skip = true;
}

static const char *fld(const reader *rd, int col)
{
  return cp_csv_field(rd->t, rd->r, rd->ix[col]);
}

static bool need(reader *rd, int col, const char *name)
{
  if (*fld(rd, col))
    return true;
  err(rd, "%s is empty (a value is required)", name);
  return false;
}

static bool get_time(reader *rd, int col, const char *name, int *out)
{
  if (!need(rd, col, name))
    return false;
  const char *v = fld(rd, col);
  const char *want = cp_parse_time(v, out);
  if (want) {
    err(rd, "%s '%s' is not valid: expected %s", name, v, want);
    return false;
  }
  return true;
}

static bool get_week(reader *rd, int *week)
{
  int W = rd->sc->set.rotation_weeks;
  const char *v = fld(rd, C_WEEK);
  if (!*v) {
    if (W == 1) {
      *week = 0;
      return true;
    }
    err(rd, "week is empty (rotation_weeks = %d: expected a week from 1 to "
        "%d)", W, W);
    return false;
  }
  int w = 0;
  if (cp_parse_int(v, 1000, &w) || w < 1 || w > W) {
    err(rd, "week '%s' is not valid: expected a week from 1 to %d "
        "(rotation_weeks = %d)", v, W, W);
    return false;
  }
  *week = w - 1;
  return true;
}

static bool get_day(reader *rd, int *day)
{
  if (!need(rd, C_DAY, "day"))
    return false;
  const char *v = fld(rd, C_DAY);
  unsigned mask = 0;
  if (!cp_parse_days(v, &mask) && mask && !(mask & (mask - 1))) {
    for (int d = 0; d < CP_DAYS; d++)
      if (mask == 1u << d)
        *day = d;
    return true;
  }
  err(rd, "day '%s' is not valid: expected one day (Mon, Tue, ... Sun)", v);
  return false;
}

static bool get_act(reader *rd, cp_row *row)
{
  static const cp_act core[] = {CP_ACT_SESSION, CP_ACT_CONSULT, CP_ACT_LUNCH,
                                CP_ACT_TRAVEL,  CP_ACT_DOC,     CP_ACT_RESERVE};
  if (!need(rd, C_ACT, "activity"))
    return false;
  const char *v = fld(rd, C_ACT);
  for (size_t i = 0; i < sizeof core / sizeof *core; i++)
    if (!strcasecmp(v, cp_act_name(core[i]))) {
      row->act = core[i];
      row->kind = cp_act_name(core[i]);
      return true;
    }
  for (const char *p = v; *p; p++)
    if (*p == ' ' || *p == ';' || *p == ',' || *p == '\t') {
      err(rd, "activity '%s' is not valid: expected session, consult, lunch, "
          "travel, documentation, reserve or one duty kind (one word)", v);
      return false;
    }
  row->act = CP_ACT_DUTY;
  row->kind = cp_pool_strdup(&rd->s->pool, v);
  if (!row->kind)
    rd->nomem = true;
  return row->kind != NULL;
}

/* "SLP direct" -> discipline and mode. */
static bool get_services(reader *rd, int *disc, cp_mode *mode)
{
  const cp_scenario *sc = rd->sc;
  const char *v = fld(rd, C_SERVICES);
  char buf[256];
  snprintf(buf, sizeof buf, "%s", v);
  char *save = NULL, *a = strtok_r(buf, " \t", &save);
  char *b = a ? strtok_r(NULL, " \t", &save) : NULL;
  char *c = b ? strtok_r(NULL, " \t", &save) : NULL;
  bool ok = a && b && !c && strlen(v) < sizeof buf;
  if (ok) {
    *disc = cp_discipline_find(sc, a);
    ok = *disc >= 0;
    if (!strcasecmp(b, "direct"))
      *mode = CP_DIRECT;
    else if (!strcasecmp(b, "consult"))
      *mode = CP_CONSULT;
    else
      ok = false;
  }
  if (ok)
    return true;
  char list[256] = "";
  size_t used = 0;
  for (int k = 0; k < sc->n_disciplines && used < sizeof list; k++)
    used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                             k ? ", " : "", sc->disciplines[k]);
  err(rd, "services '%s' is not valid: expected DISCIPLINE MODE like '%s "
      "direct' (disciplines: %s; modes: direct, consult)", v,
      sc->n_disciplines ? sc->disciplines[0] : "SLP", list);
  return false;
}

static bool push_service(reader *rd, int n, int svc)
{
  if (n == rd->cap_list) {
    int ncap = rd->cap_list ? rd->cap_list * 2 : 8;
    int *nl = realloc(rd->list, (size_t)ncap * sizeof *nl);
    if (!nl) {
      rd->nomem = true;
      return false;
    }
    rd->list = nl;
    rd->cap_list = ncap;
  }
  rd->list[n] = svc;
  return true;
}

/* Resolves the students of a session/consult row to service indices in
 * rd->list; returns how many, or -1 after reporting errors. */
static int get_students(reader *rd, int disc, cp_mode mode)
{
  const cp_scenario *sc = rd->sc;
  const char *v = fld(rd, C_STUDENTS);
  size_t len = strlen(v);
  char *buf = malloc(len + 1);
  if (!buf) {
    rd->nomem = true;
    return -1;
  }
  memcpy(buf, v, len + 1);
  int n = 0;
  bool ok = true;
  for (char *save = NULL, *tok = strtok_r(buf, ";", &save); tok;
       tok = strtok_r(NULL, ";", &save)) {
    while (*tok == ' ' || *tok == '\t')
      tok++;
    for (char *e = tok + strlen(tok); e > tok && (e[-1] == ' ' || e[-1] == '\t');)
      *--e = 0;
    if (!*tok) {
      err(rd, "students '%s' has an empty entry (expected ids separated by "
          "';')", v);
      ok = false;
      continue;
    }
    int st = cp_map_get(&sc->student_ix, tok);
    if (st < 0) {
      gone(rd, false, "students lists '%s', which is not in students.csv",
           tok);
      ok &= rd->notes != NULL;
      continue;
    }
    if (disc < 0)
      continue; /* services text already reported */
    int svc = rd->svc_of[((size_t)st * (size_t)sc->n_disciplines +
                          (size_t)disc) * 2 + (size_t)mode];
    if (svc < 0) {
      gone(rd, false, "student '%s' has no '%s %s' service in services.csv",
           tok, sc->disciplines[disc],
           mode == CP_DIRECT ? "direct" : "consult");
      ok &= rd->notes != NULL;
      continue;
    }
    bool dup = false;
    for (int i = 0; i < n; i++)
      dup |= rd->list[i] == svc;
    if (dup) {
      err(rd, "students lists '%s' twice", tok);
      ok = false;
      continue;
    }
    if (!push_service(rd, n, svc)) {
      ok = false;
      break;
    }
    n++;
  }
  free(buf);
  return ok ? n : -1;
}

static void read_row(reader *rd)
{
  const cp_scenario *sc = rd->sc;
  rd->skip = false;
  cp_row row = {.line = rd->t->rows[rd->r].line, .school = CP_NONE};
  bool ok = true;

  if (need(rd, C_THER, "therapist_id")) {
    const char *v = fld(rd, C_THER);
    row.therapist = cp_map_get(&sc->therapist_ix, v);
    if (row.therapist < 0) {
      gone(rd, true, "therapist_id '%s' is not in therapists.csv (it has %d "
           "therapists)", v, sc->therapists.n);
      ok &= rd->notes != NULL;
    }
  } else {
    ok = false;
  }
  ok &= get_week(rd, &row.week);
  ok &= get_day(rd, &row.day);
  bool times = get_time(rd, C_START, "start", &row.start);
  times &= get_time(rd, C_END, "end", &row.end);
  ok &= times;
  const char *school = fld(rd, C_SCHOOL);
  if (*school) {
    row.school = cp_map_get(&sc->school_ix, school);
    if (row.school < 0) {
      gone(rd, true, "school_id '%s' is not in schools.csv (it has %d "
           "schools)", school, sc->schools.n);
      ok &= rd->notes != NULL;
    }
  }
  const char *minutes = fld(rd, C_MINUTES);
  if (*minutes) {
    int m = 0;
    if (cp_parse_int(minutes, MAX_MINUTES, &m)) {
      err(rd, "minutes '%s' is not valid: expected end - start as a whole "
          "number", minutes);
      ok = false;
    } else if (times && m != row.end - row.start) {
      err(rd, "minutes '%s' is not valid: expected end - start = %d (%s to "
          "%s)", minutes, row.end - row.start, fld(rd, C_START),
          fld(rd, C_END));
      ok = false;
    }
  }
  if (!get_act(rd, &row))
    return;

  int n = 0;
  const char *students = fld(rd, C_STUDENTS);
  const char *services = fld(rd, C_SERVICES);
  if (row.act == CP_ACT_SESSION || row.act == CP_ACT_CONSULT) {
    int disc = CP_NONE;
    cp_mode mode = CP_DIRECT;
    if (!need(rd, C_SERVICES, "services") ||
        !get_services(rd, &disc, &mode)) {
      ok = false;
      disc = CP_NONE;
    }
    if (!*students) {
      err(rd, "students is empty (a %s row lists its students)", row.kind);
      ok = false;
    } else {
      n = get_students(rd, disc, mode);
      ok &= n >= 0;
    }
  } else {
    if (*students) {
      err(rd, "students '%s' on a %s row (only session and consult rows list "
          "students)", students, row.kind);
      ok = false;
    }
    if (*services) {
      err(rd, "services '%s' on a %s row (only session and consult rows name "
          "a service)", services, row.kind);
      ok = false;
    }
  }
  if ((row.act == CP_ACT_SESSION || row.act == CP_ACT_CONSULT) && n == 0 &&
      rd->notes && ok)
    rd->skip = true; /* every student of the row is gone */
  if (!ok || rd->nomem || rd->skip)
    return;
  row.services = rd->list;
  row.n_services = n;
  if (cp_schedule_add(rd->s, &row) < 0)
    rd->nomem = true;
}

static const char *base_name(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash && slash[1] ? slash + 1 : path;
}

static cp_status read_schedule(const cp_scenario *sc, const char *path,
                               cp_schedule **out, cp_diag *diag,
                               cp_diag *notes);

cp_status cp_schedule_read(const cp_scenario *sc, const char *path,
                           cp_schedule **out, cp_diag *diag)
{
  return read_schedule(sc, path, out, diag, NULL);
}

cp_status cp_schedule_read_previous(const cp_scenario *sc, const char *path,
                                    cp_schedule **out, cp_diag *diag,
                                    cp_diag *notes)
{
  assert(notes && "cp_schedule_read_previous: NULL notes");
  return read_schedule(sc, path, out, diag, notes);
}

static cp_status read_schedule(const cp_scenario *sc, const char *path,
                               cp_schedule **out, cp_diag *diag,
                               cp_diag *notes)
{
  assert(sc && path && out && diag && "cp_schedule_read: NULL argument");
  static const cp_col cols[C_N] = {
      {"therapist_id", true}, {"week", false},      {"day", true},
      {"start", true},        {"end", true},        {"school_id", false},
      {"activity", true},     {"students", false},  {"services", false},
      {"minutes", false}};
  *out = NULL;
  int ix[C_N];
  cp_csv t;
  reader rd = {.sc = sc, .diag = diag, .notes = notes, .t = &t, .ix = ix};
  cp_status st = CP_OK;
  size_t n_svc = (size_t)(sc->students.n ? sc->students.n : 1) *
                 (size_t)(sc->n_disciplines ? sc->n_disciplines : 1) * 2;

  /* csv_read's own message speaks of the scenario folder */
  struct stat sb;
  if (stat(path, &sb) != 0 && errno == ENOENT) {
    cp_diag_add(diag, base_name(path), 0, "file does not exist");
    return CP_ERR_INPUT;
  }
  bool present = false;
  st = cp_csv_read(path, base_name(path), true, &present, &t, diag);
  if (st != CP_OK)
    goto done_csv;
  if (cp_csv_columns(&t, cols, C_N, ix, diag)) {
    st = CP_ERR_INPUT;
    goto done_csv;
  }
  rd.s = cp_schedule_create();
  rd.svc_of = malloc(n_svc * sizeof *rd.svc_of);
  if (!rd.s || !rd.svc_of) {
    st = CP_ERR_NOMEM;
    goto done;
  }
  for (size_t i = 0; i < n_svc; i++)
    rd.svc_of[i] = -1;
  for (int i = 0; i < sc->services.n; i++) {
    const cp_service *sv = &sc->services.v[i];
    rd.svc_of[((size_t)sv->student * (size_t)sc->n_disciplines +
               (size_t)sv->discipline) * 2 + (size_t)sv->mode] = i;
  }
  for (rd.r = 0; rd.r < t.n_rows && !rd.nomem; rd.r++)
    read_row(&rd);
  if (rd.nomem)
    st = CP_ERR_NOMEM;
  else if (rd.errors)
    st = CP_ERR_INPUT;
  else {
    *out = rd.s;
    rd.s = NULL;
  }
done:
  free(rd.list);
  free(rd.svc_of);
  cp_schedule_destroy(rd.s);
done_csv:
  cp_csv_fini(&t);
  return st;
}
