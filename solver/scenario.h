/* scenario.h — the validated, indexed scenario (internal definitions).
 *
 * Filled by io/scenario_read.c, read by everything in solver/.  Entities refer
 * to each other by index; all strings live in the scenario's pool; times are
 * minutes after midnight, days 0..6 = Mon..Sun.  Derived data (student
 * availability windows, therapist working days, the travel matrix) is
 * computed once by cp_scenario_derive() after reading, which also sorts the
 * calendar by date.
 */
#ifndef CP_SCENARIO_H
#define CP_SCENARIO_H

#include "caseplan.h"
#include "pool.h"

#define CP_DAYS 7
#define CP_MAX_WEEKS 4
#define CP_NONE (-1)
/* Longest term (term_end - term_start, days): two school years; the term
 * output holds every dated occurrence, so the term is bounded like any
 * other input size. */
#define CP_TERM_MAX_DAYS 731

extern const char *const cp_day_name[CP_DAYS]; /* "Mon".."Sun" */

typedef struct cp_span {
  int start, end; /* minutes after midnight, start < end */
} cp_span;

/* A sorted list of disjoint spans. */
typedef struct cp_spans {
  cp_span *v;
  int n, cap;
} cp_spans;

typedef enum { CP_PER_WEEK, CP_PER_MONTH, CP_PER_DAY } cp_per;
typedef enum { CP_DIRECT, CP_CONSULT } cp_mode;
typedef enum { CP_INDIVIDUAL, CP_GROUP, CP_EITHER } cp_setting;
typedef enum {
  CP_SCOPE_STUDENT,
  CP_SCOPE_CLASSROOM,
  CP_SCOPE_GRADE,
  CP_SCOPE_SCHOOL
} cp_scope;

/* Objective and elastic weights: settings keys, defaults in settings.c. */
typedef struct cp_weights {
  double travel;      /* per travel minute */
  double preferred;   /* reward per session minute inside a preferred block */
  double group_either;/* cost per session of an `either` student in a group */
  double missed;      /* elastic: per service minute not delivered */
  double overtime;    /* elastic: per minute past contract hours */
  double lunch;       /* elastic: per lunch minute cut */
  double duty_cut;    /* elastic: per duty/reserve/documentation minute cut */
  double forced_group;/* elastic: per individual student grouped */
  double moved;       /* solve --keep: per previous session moved */
  double same_time;   /* per weekly session not at its first week's time */
} cp_weights;

typedef struct cp_settings {
  int slot;              /* slot_minutes */
  int rotation_weeks;
  int group_max;
  double travel_kmh, travel_detour;
  int travel_buffer;
  int doc_per_session;
  double time_limit;
  double iep_per_student_year;
  int iep_minutes;
  double evals_per_year;
  int eval_minutes;
  int school_weeks;
  int term_start, term_end; /* days since 1970-01-01, CP_NONE if unset */
  const char *timezone;     /* NULL = floating */
  cp_weights w;
} cp_settings;

typedef struct cp_school {
  const char *id, *name;
  int start, end; /* student day */
  double lat, lon;
  bool has_coord;
  int line;
} cp_school;

/* One working day of a therapist (from the pattern row that covers it). */
typedef struct cp_workday {
  bool works;
  int start, end;
  int lunch_minutes, lunch_earliest, lunch_latest;
  int base;      /* school index or CP_NONE */
  int line;      /* therapists.csv line of the pattern */
  int pattern;   /* index of the pattern row (0.. for this therapist) */
} cp_workday;

typedef struct cp_therapist {
  const char *id, *name;
  int discipline;          /* index into sc->disciplines */
  cp_workday day[CP_DAYS];
  unsigned char *may_serve; /* [CP_DAYS][n_schools], 1 = allowed */
  bool hire;               /* hypothetical hire (staffing) */
  int line;                /* first line */
} cp_therapist;

typedef struct cp_student {
  const char *id;
  int school;
  const char *grade, *classroom;
  int pinned; /* therapist index or CP_NONE */
  int line;
  cp_spans avail[CP_DAYS]; /* school day minus unavailable blocks */
} cp_student;

typedef struct cp_service {
  int student;
  int discipline;
  cp_mode mode;
  int minutes; /* as written */
  cp_per per;
  int session_minutes; /* 0 = not given (consult only) */
  cp_setting setting;
  int max_group; /* effective: min(group_max, column) */
  int line;
  /* derived */
  int cycle_minutes; /* requirement per rotation cycle */
  int sessions;      /* per cycle (direct, or consult with session_minutes) */
  int weekly;        /* per week when per = week (each week of the cycle) */
} cp_service;

typedef struct cp_block {
  cp_scope scope;
  const char *id; /* student id, classroom, grade; NULL for school */
  int school;     /* CP_NONE = any school */
  unsigned days;  /* bit d = day d */
  int start, end;
  bool preferred;
  const char *reason;
  int line;
} cp_block;

typedef struct cp_duty {
  int therapist; /* CP_NONE = every therapist (`*`) */
  const char *kind;
  bool fixed;
  unsigned days; /* fixed: days it happens */
  int start, end;
  int minutes;  /* floating */
  cp_per per;   /* floating: week or day */
  int min_block;
  int school;   /* CP_NONE = no location */
  int line;
} cp_duty;

typedef struct cp_calday {
  int date; /* days since 1970-01-01 */
  int school; /* CP_NONE = all */
  bool holiday;
  int end; /* early release: school ends here */
  int line;
} cp_calday;

#define CP_VEC(T)                                                              \
  struct {                                                                     \
    T *v;                                                                      \
    int n, cap;                                                                \
  }

struct cp_scenario {
  cp_pool pool;
  cp_settings set;
  const char **disciplines; /* interned names */
  int n_disciplines;
  CP_VEC(cp_school) schools;
  CP_VEC(cp_therapist) therapists;
  CP_VEC(cp_student) students;
  CP_VEC(cp_service) services;
  CP_VEC(cp_block) blocks;
  CP_VEC(cp_duty) duties;
  CP_VEC(cp_calday) calendar;
  int *travel;          /* [n_schools][n_schools] minutes, metric closure */
  bool *travel_given;   /* from travel.csv (for reports) */
  cp_map school_ix, therapist_ix, student_ix;
};

/* Grows a CP_VEC by one zeroed element; returns its index or -1 (no memory). */
#define CP_VEC_PUSH(vec)                                                       \
  cp_vec_grow((void **)&(vec).v, &(vec).n, &(vec).cap, sizeof *(vec).v)
int cp_vec_grow(void **v, int *n, int *cap, size_t size);

/* A growable list of ints (column numbers, item indices). */
typedef struct cp_ivec {
  int *v;
  int n, cap;
} cp_ivec;
/* Appends x; returns 0, or -1 on no memory. */
int cp_ivec_push(cp_ivec *v, int x);

cp_scenario *cp_scenario_create(void);
/* Computes availability windows, working days and the travel matrix.  Adds
 * input errors (missing travel information) to diag. */
cp_status cp_scenario_derive(cp_scenario *sc, cp_diag *diag);

int cp_travel(const cp_scenario *sc, int from, int to);
/* Does fixed duty du hold for therapist t on day d?  A duty of one
 * therapist holds on each of its days; a `*` duty holds for every therapist
 * who works that day and whose contract hours contain it (part-time staff
 * are not at a meeting outside their hours). */
bool cp_duty_applies(const cp_scenario *sc, const cp_duty *du, int t, int d);
/* Does floating duty du belong to therapist t? */
bool cp_duty_of(const cp_duty *du, int t);
int cp_discipline_find(const cp_scenario *sc, const char *name);
/* Appends a hypothetical hire (may serve every school, no base school,
 * days and hours from day[]); returns its index or -1 on no memory. */
int cp_scenario_add_hire(cp_scenario *sc, int discipline,
                         const cp_workday day[CP_DAYS], const char *id);
/* Removes every hire again (they are always the last therapists). */
void cp_scenario_drop_hires(cp_scenario *sc);
/* Number of working days of therapist t in a week. */
int cp_therapist_days(const cp_therapist *t);

/* Span lists. */
void cp_spans_fini(cp_spans *s);
int cp_spans_add(cp_spans *s, int start, int end);
/* Removes [start,end) from s. Returns 0, or -1 on no memory. */
int cp_spans_cut(cp_spans *s, int start, int end);
/* Longest span length. */
int cp_spans_longest(const cp_spans *s);

#endif
