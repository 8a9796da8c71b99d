/* moves_write.h — what `solve --keep PREVIOUS` changed: moves.csv.
 *
 * Every session (and consult) of the previous schedule, one row per
 * student, compared with the new week: kept (same therapist, week, day and
 * start), moved (the service's sessions that are new in the new week are
 * paired with the previous ones that are gone, in time order) or
 * unscheduled (no new session left for it).  Previous rows the scenario no
 * longer knows were dropped by the reader with a note (schedule_read.h).
 */
#ifndef CP_MOVES_WRITE_H
#define CP_MOVES_WRITE_H

#include "../solver/schedule.h"

#include <stdio.h>

typedef struct cp_moves {
  int total;       /* previous (session row, student) pairs */
  int kept, moved, unscheduled;
} cp_moves;

/* Counts the changes; writes moves.csv to f unless f is NULL.  Returns
 * CP_OK or CP_ERR_NOMEM. */
cp_status cp_moves_write_csv(FILE *f, const cp_scenario *sc,
                             const cp_schedule *prev, const cp_schedule *now,
                             cp_moves *out);

#endif
