/* schedule_write.h — schedule.csv and minutes.csv (SPEC §3). */
#ifndef CP_SCHEDULE_WRITE_H
#define CP_SCHEDULE_WRITE_H

#include "../solver/schedule.h"
#include "../solver/workload.h"

/* One row per activity, sorted (the schedule must be sorted already). */
/* The students of a row, ';'-separated, as a CSV field (schedule.csv's
 * students column; also term.csv's). */
void cp_schedule_put_students(FILE *out, const cp_scenario *sc,
                              const cp_row *r);
/* The students and services columns of a row and the comma after them
 * ("S01;S02,SLP direct," or ",,"), as schedule.csv and term.csv write them. */
void cp_schedule_put_session(FILE *out, const cp_scenario *sc,
                             const cp_row *r);
void cp_schedule_write_csv(FILE *out, const cp_scenario *sc,
                           const cp_schedule *s);
/* Per service: required and scheduled minutes per cycle.  The therapist
 * is the one of its rows; a service without rows gets assign[i] (the
 * district's assignment: who owes the minutes), or none when assign is
 * NULL. */
void cp_minutes_write_csv(FILE *out, const cp_scenario *sc,
                          const cp_schedule *s, const int *assign);
/* Minutes per cycle delivered for each service (array of n services). */
void cp_schedule_service_minutes(const cp_scenario *sc, const cp_schedule *s,
                                 int *minutes, int *therapist);

/* workload.csv: per therapist and week, minutes by category. */
void cp_workload_write_csv(FILE *out, const cp_scenario *sc,
                           const cp_workload *wl);
/* The same figures as a text table (for `verify` and `solve`). */
void cp_workload_write_text(FILE *out, const cp_scenario *sc,
                            const cp_workload *wl);

#endif
