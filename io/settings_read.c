/* settings_read.c — settings.csv keys (SPEC §1 and the objective weights).
 *
 * One table names every key with its type, default, range and meaning; it
 * drives the defaults, the parsing and range checks, and the README's table
 * (cp_settings_document), so the three cannot drift apart.
 */
#include "settings_read.h"

#include "values.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

typedef enum { K_INT, K_REAL, K_DATE, K_STR } kind;

typedef struct def {
  const char *key;
  kind k;
  size_t off;
  double def, lo, hi;
  const char *help;
} def;

#define OFF(f) offsetof(cp_settings, f)

static const def defs[] = {
    {"slot_minutes", K_INT, OFF(slot), 5, 1, 60,
     "time grid; every time in the inputs must fall on it; must divide 60"},
    {"rotation_weeks", K_INT, OFF(rotation_weeks), 1, 1, 4,
     "length of the repeating cycle: 1, 2 or 4 weeks"},
    {"group_max", K_INT, OFF(group_max), 3, 1, 12,
     "largest group when a service allows groups"},
    {"travel_kmh", K_REAL, OFF(travel_kmh), 40, 1, 200,
     "speed for travel computed from coordinates"},
    {"travel_detour", K_REAL, OFF(travel_detour), 1.3, 1, 5,
     "road distance / straight-line distance"},
    {"travel_buffer_minutes", K_INT, OFF(travel_buffer), 10, 0, 120,
     "parking and signing in, added to computed travel"},
    {"documentation_minutes_per_session", K_INT, OFF(doc_per_session), 5, 0,
     120, "documentation reserved per direct session row, same day"},
    {"time_limit_seconds", K_REAL, OFF(time_limit), 60, 1, 86400,
     "solver wall-clock budget"},
    {"iep_meetings_per_student_year", K_REAL, OFF(iep_per_student_year), 1, 0,
     20, "IEP meetings per student served per year (weekly reserve)"},
    {"iep_meeting_minutes", K_INT, OFF(iep_minutes), 60, 0, 600,
     "minutes per IEP meeting (weekly reserve)"},
    {"evaluations_per_year", K_REAL, OFF(evals_per_year), 0, 0, 500,
     "evaluations per therapist per year (weekly reserve)"},
    {"evaluation_minutes", K_INT, OFF(eval_minutes), 240, 0, 6000,
     "minutes per evaluation (weekly reserve)"},
    {"school_weeks_per_year", K_INT, OFF(school_weeks), 36, 1, 53,
     "weeks the yearly reserve is spread over"},
    {"term_start", K_DATE, OFF(term_start), -1, 0, 0,
     "first date of the term (YYYY-MM-DD); anchors calendars and term output"},
    {"term_end", K_DATE, OFF(term_end), -1, 0, 0, "last date of the term"},
    {"timezone", K_STR, OFF(timezone), 0, 0, 0,
     "IANA time zone for .ics files; empty = floating local times"},
    {"w_travel", K_REAL, OFF(w.travel), 1, 0, 1e6,
     "district level: weight of drive minutes when schools are shared out "
     "and days ordered (0 = ignore travel)"},
    {"w_preferred", K_REAL, OFF(w.preferred), 0.2, 0, 1e6,
     "objective: reward per session minute inside a preferred block"},
    {"w_group_either", K_REAL, OFF(w.group_either), 5, 0, 1e6,
     "objective: cost per group session of an `either` student"},
    {"w_missed", K_REAL, OFF(w.missed), 1000, 0, 1e9,
     "elastic: cost per service minute not delivered"},
    {"w_overtime", K_REAL, OFF(w.overtime), 10, 0, 1e9,
     "elastic: cost per minute past contract hours (the cheapest sign: the "
     "work is done, unpaid)"},
    {"w_lunch", K_REAL, OFF(w.lunch), 40, 0, 1e9,
     "elastic: cost per lunch minute cut"},
    {"w_duty_cut", K_REAL, OFF(w.duty_cut), 20, 0, 1e9,
     "elastic: cost per minute of duty, reserve or documentation cut"},
    {"w_forced_group", K_REAL, OFF(w.forced_group), 1500, 0, 1e9,
     "elastic: cost per session of an individual student put in a group "
     "(above lunch per minute saved, below a missed session)"},
    {"w_moved", K_REAL, OFF(w.moved), 20, 0, 1e6,
     "solve --keep: cost per session of the previous schedule that moves "
     "(above a session outside its preferred block, far below a missed "
     "minute)"},
    {"w_same_time", K_REAL, OFF(w.same_time), 3, 0, 1e6,
     "objective, rotations of 2+ weeks: cost per session of a weekly service "
     "that is not at the day and time it has in week 1"},
};

#define N_DEFS ((int)(sizeof defs / sizeof defs[0]))

/* Edit distance of two short keys, case-insensitive (bounded at 64). */
static int distance(const char *a, const char *b)
{
  int la = (int)strlen(a), lb = (int)strlen(b);
  if (la > 63 || lb > 63)
    return 64;
  int row[64];
  for (int j = 0; j <= lb; j++)
    row[j] = j;
  for (int i = 1; i <= la; i++) {
    int diag = row[0];
    row[0] = i;
    for (int j = 1; j <= lb; j++) {
      int up = row[j];
      int cost = tolower((unsigned char)a[i - 1]) !=
                 tolower((unsigned char)b[j - 1]);
      int best = diag + cost;
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

/* The key closest to an unknown one, when it looks like a typo. */
static const char *closest_key(const char *key)
{
  const char *best = NULL;
  int best_d = 3; /* at most two edits away */
  for (int i = 0; i < N_DEFS; i++) {
    int d = distance(key, defs[i].key);
    if (d < best_d) {
      best_d = d;
      best = defs[i].key;
    }
  }
  return best;
}

static void *field(cp_settings *s, const def *d)
{
  return (char *)s + d->off;
}

void cp_settings_default(cp_settings *s)
{
  memset(s, 0, sizeof *s);
  for (int i = 0; i < N_DEFS; i++) {
    const def *d = &defs[i];
    switch (d->k) {
    case K_INT:
    case K_DATE:
      *(int *)field(s, d) = (int)d->def;
      break;
    case K_REAL:
      *(double *)field(s, d) = d->def;
      break;
    case K_STR:
      *(const char **)field(s, d) = NULL;
      break;
    }
  }
}

int cp_settings_apply(cp_settings *s, const cp_csv *t, cp_pool *pool,
                      cp_diag *diag)
{
  static const cp_col cols[] = {{"key", true}, {"value", true}};
  int ix[2], errors = cp_csv_columns(t, cols, 2, ix, diag);
  if (errors)
    return errors;
  int seen[N_DEFS] = {0};
  for (int r = 0; r < t->n_rows; r++) {
    const char *key = cp_csv_field(t, r, ix[0]);
    const char *val = cp_csv_field(t, r, ix[1]);
    int line = t->rows[r].line;
    int k = -1;
    for (int i = 0; i < N_DEFS; i++)
      if (!strcasecmp(key, defs[i].key))
        k = i;
    if (k < 0) {
      const char *near = closest_key(key);
      if (near)
        cp_diag_add(diag, t->name, line,
                    "unknown setting '%s': expected a key from the README "
                    "(did you mean '%s'?)", key, near);
      else
        cp_diag_add(diag, t->name, line,
                    "unknown setting '%s': expected a key from the README",
                    key);
      errors++;
      continue;
    }
    const def *d = &defs[k];
    if (seen[k]) {
      cp_diag_add(diag, t->name, line, "setting '%s' is given twice (first "
                  "on line %d)", d->key, seen[k]);
      errors++;
      continue;
    }
    seen[k] = line;
    const char *want = NULL;
    switch (d->k) {
    case K_INT: {
      int v = 0;
      want = cp_parse_int(val, 1000000, &v);
      if (!want && (v < d->lo || v > d->hi))
        want = "a number in range";
      if (!want)
        *(int *)field(s, d) = v;
      break;
    }
    case K_REAL: {
      double v = 0;
      want = cp_parse_real(val, d->lo, d->hi, &v);
      if (!want)
        *(double *)field(s, d) = v;
      break;
    }
    case K_DATE: {
      int v = 0;
      if (!*val)
        break;
      want = cp_parse_date(val, &v);
      if (!want)
        *(int *)field(s, d) = v;
      break;
    }
    case K_STR:
      if (*val) {
        const char *copy = cp_pool_strdup(pool, val);
        if (!copy)
          return errors + 1;
        *(const char **)field(s, d) = copy;
      }
      break;
    }
    if (want) {
      if (!strcmp(want, "a number in range"))
        cp_diag_add(diag, t->name, line,
                    "%s '%s' is out of range (expected %g to %g)", d->key,
                    val, d->lo, d->hi);
      else
        cp_diag_add(diag, t->name, line, "%s '%s' is not valid: expected %s",
                    d->key, val, want);
      errors++;
    }
  }
  if (60 % s->slot) {
    cp_diag_add(diag, t->name, seen[0], "slot_minutes '%d' does not divide "
                "60: expected 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60",
                s->slot);
    errors++;
    s->slot = 1; /* no grid: every time in the other files is not off it */
  }
  if (s->rotation_weeks == 3) {
    cp_diag_add(diag, t->name, seen[1],
                "rotation_weeks '3' is not supported (expected 1, 2 or 4)");
    errors++;
  }
  if (s->term_start >= 0 && s->term_end >= 0 && s->term_end < s->term_start) {
    int y1, m1, d1, y2, m2, d2, wd;
    cp_date_split(s->term_start, &y1, &m1, &d1, &wd);
    cp_date_split(s->term_end, &y2, &m2, &d2, &wd);
    cp_diag_add(diag, t->name, seen[14],
                "term_end '%04d-%02d-%02d' is before term_start "
                "'%04d-%02d-%02d' (line %d): expected a later date",
                y2, m2, d2, y1, m1, d1, seen[13]);
    errors++;
  }
  if (s->term_start >= 0 && s->term_end > s->term_start + CP_TERM_MAX_DAYS) {
    int y1, m1, d1, y2, m2, d2, wd;
    cp_date_split(s->term_start, &y1, &m1, &d1, &wd);
    cp_date_split(s->term_end, &y2, &m2, &d2, &wd);
    cp_diag_add(diag, t->name, seen[14],
                "term_end '%04d-%02d-%02d' is more than %d days after "
                "term_start '%04d-%02d-%02d' (line %d): expected one term "
                "or school year",
                y2, m2, d2, CP_TERM_MAX_DAYS, y1, m1, d1, seen[13]);
    errors++;
  }
  if ((s->term_start >= 0) != (s->term_end >= 0)) {
    bool has_start = s->term_start >= 0;
    int y, m, d, wd;
    cp_date_split(has_start ? s->term_start : s->term_end, &y, &m, &d, &wd);
    cp_diag_add(diag, t->name, has_start ? seen[13] : seen[14],
                "%s '%04d-%02d-%02d' is given without %s: expected both "
                "term_start and term_end, or neither",
                has_start ? "term_start" : "term_end", y, m, d,
                has_start ? "term_end" : "term_start");
    errors++;
  }
  return errors;
}

void cp_settings_document(FILE *out)
{
  fprintf(out, "| key | default | meaning |\n|---|---|---|\n");
  for (int i = 0; i < N_DEFS; i++) {
    const def *d = &defs[i];
    if (d->k == K_DATE || d->k == K_STR)
      fprintf(out, "| %s | none | %s |\n", d->key, d->help);
    else
      fprintf(out, "| %s | %g | %s |\n", d->key, d->def, d->help);
  }
}
