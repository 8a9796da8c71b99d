/* generate.h — `caseplan generate`: a seeded, reproducible synthetic district.
 *
 * Writes a complete scenario folder (SPEC §1) that looks like a real
 * district's therapy caseload: schools with bell times and grade blocks,
 * itinerant OT/SLP/PT therapists who each cover a few neighbouring schools,
 * students with realistic IEP services (DOMAIN.md), duties and a term
 * calendar.  The caseload is scaled so that demand ≈ target × capacity in
 * the arithmetic of solver/capacity.c (what `caseplan check` prints), with
 * groups counted as a schedule can form them rather than at capacity.c's
 * best case — so `check` shows the target or a few points less.  Travel is
 * in neither figure.
 *
 * Reproducible: the same parameters give byte-identical files on every
 * machine (own PRNG, no rand(), no libm in the values written).  Each stage
 * draws from its own stream, so `growth=N` adds students to the same base
 * district: the grown folder's students.csv and services.csv start with the
 * base folder's rows and every other file is identical.
 *
 * Typical use (what the CLI does):
 *   cp_gen_params p;
 *   cp_gen_params_init(&p);                      // defaults (preset M)
 *   cp_gen_preset(&p, "S", err, sizeof err);     // --size S
 *   p.seed = 7;                                  // --seed 7
 *   cp_gen_set(&p, "students=60", err, sizeof err); // --param students=60
 *   cp_generate(&p, "district", err, sizeof err);
 */
#ifndef CP_GENERATE_H
#define CP_GENERATE_H

#include "../solver/caseplan.h"

#include <stdint.h>

/* Disciplines the generator knows, in the order of the files. */
enum { CP_GEN_SLP, CP_GEN_OT, CP_GEN_PT, CP_GEN_DISCIPLINES };

/* Every knob of the generator.  Caller-owned; fill with cp_gen_params_init,
 * then cp_gen_preset / cp_gen_set.  Shares are fractions in [0, 1].  The
 * `--param` key of each field is given in brackets; cp_gen_document lists
 * them with their defaults. */
typedef struct cp_gen_params {
  uint64_t seed; /* [seed] PRNG seed */
  /* staff and size */
  int therapists[CP_GEN_DISCIPLINES]; /* [slp] [ot] [pt] therapists */
  int schools;                        /* [schools] */
  int students; /* [students] base students; 0 = as many as `target`
                   needs with the default service mix */
  int students_per_therapist; /* [students_per_therapist] used when
                                 students = 0 and this is > 0 */
  double target;              /* [target] demand / capacity per discipline
                                 (see above); 0 = no scaling */
  bool understaffed;          /* [understaffed] scale to `overload` instead */
  double overload; /* [overload] demand / capacity when understaffed */
  int growth;      /* [growth] percent more students, added to the same
                      base district (staffing sweeps) */
  /* services */
  double monthly; /* [monthly] share of direct services given per month */
  double consult; /* [consult] share of student-disciplines served by
                     consultation only */
  double group;   /* [group] share of SLP direct services with setting
                     group (OT × 0.6, PT × 0.25) */
  double either;  /* [either] share with setting either (same factors) */
  double dual;    /* [dual] share of students with a second discipline */
  double pinned;  /* [pinned] share of students pinned to a therapist */
  /* staff patterns */
  double part_time;             /* [part_time] share of therapists on two day
                                   patterns (a shorter second row) */
  int schools_min, schools_max; /* [schools_min] [schools_max] schools on
                                   one therapist's list */
  double overlap; /* [overlap] share of therapists who also cover the
                     nearest school of a neighbouring list */
  /* geography and school day */
  double spread_km;      /* [spread_km] district diameter */
  double lat, lon;       /* [lat] [lon] district centre */
  int bell_spread;       /* [bell_spread] minutes over which start times vary */
  bool grade_blocks;     /* [grade_blocks] literacy/ELA and math per grade */
  int min_free;          /* [min_free] minutes each student keeps free a day */
  double student_blocks; /* [student_blocks] share of students with a
                            personal block (Title I, early bus, band …) */
  int travel_rows; /* [travel_rows] door-to-door overrides in travel.csv */
  /* duties and settings */
  int rotation_weeks; /* [rotation_weeks] 1, 2 or 4 */
  int planning;       /* [planning] floating planning minutes a week */
  int iep_meetings;   /* [iep_meetings] fixed IEP meetings per therapist a
                         week */
  int meeting;        /* [meeting] minutes of the weekly team meeting */
  double evaluations; /* [evaluations] evaluations per therapist per year
                         (settings.csv evaluations_per_year) */
} cp_gen_params;

/* Fills p with the defaults: preset M, seed 1.  Each default cites the
 * DOMAIN.md figure it comes from in generate.c. */
void cp_gen_params_init(cp_gen_params *p);

/* Resets every knob except the seed to preset NAME: "S" (1 SLP, 4 schools,
 * 50 students, 90 %), "M" (3 OT, 4 SLP, 1 PT, 20 schools, 360 students,
 * 80 %), "L" (50 therapists, 100 schools, 3,000 students, 80 %) or "demo"
 * (1 SLP, 2 OT, 6 schools, 120 students, 55 %, like instances/demo).  Case
 * does not matter.  CP_ERR_USAGE with a message in err for another name. */
cp_status cp_gen_preset(cp_gen_params *p, const char *name, char *err,
                        size_t errlen);

/* Sets one knob from "key=value" (a CLI --param).  CP_ERR_USAGE with a
 * message in err (naming the key, the value and what was expected) for an
 * unknown key or a value out of range; p is unchanged then. */
cp_status cp_gen_set(cp_gen_params *p, const char *key_eq_value, char *err,
                     size_t errlen);

/* Writes the keys as Markdown rows (key, default, meaning) to out, for
 * --help and the README. */
void cp_gen_document(FILE *out);

/* Writes the scenario: settings.csv, schools.csv, travel.csv (header only
 * when travel_rows = 0), therapists.csv, students.csv, services.csv,
 * blocks.csv, duties.csv, calendar.csv and README.md (the parameters and
 * the demand/capacity arithmetic) into DIR, created with mode 0700 when
 * missing; files are written atomically with mode 0600.  Returns
 * CP_ERR_USAGE for inconsistent parameters, CP_ERR_IO when DIR cannot be
 * written, CP_ERR_NOMEM; a message in err for each.  Never prints. */
cp_status cp_generate(const cp_gen_params *p, const char *dir, char *err,
                      size_t errlen);

#endif
