/* schedule_read.h — a schedule.csv (SPEC §3) read back into a cp_schedule.
 *
 * Used by `caseplan verify SCHEDULE.csv` (a schedule made by caseplan or by
 * hand) and by `solve --keep FILE`.  The reader only resolves names to
 * indices and rejects what cannot be understood (unknown ids, bad times, a
 * services text that is not DISCIPLINE MODE, a student without that service,
 * minutes that disagree with end - start); whether the rows make a valid
 * schedule is for cp_verify() (solver/verify.h) to say.
 */
#ifndef CP_SCHEDULE_READ_H
#define CP_SCHEDULE_READ_H

#include "../solver/schedule.h"

/* Reads PATH (columns therapist_id, week, day, start, end, school_id,
 * activity, students, services, minutes, any order, header required; the CSV
 * rules of the scenario files) against the scenario SC.
 *
 * On success *out is a new schedule owned by the caller (free with
 * cp_schedule_destroy), its rows in file order, each with its file line; the
 * kinds of duty rows are interned in the schedule's pool.  On invalid input
 * returns CP_ERR_INPUT with every error found (up to the diag cap), each as
 * "NAME:LINE: ..." where NAME is the file name of PATH, and *out is NULL.
 * Also CP_ERR_NOMEM. */
cp_status cp_schedule_read(const cp_scenario *sc, const char *path,
                           cp_schedule **out, cp_diag *diag);

/* The same for `solve --keep PREVIOUS`: the caseload has changed since
 * PREVIOUS was made, so a row naming a therapist or school the scenario no
 * longer has is dropped, and so is a student who left (or lost that
 * service) from a session row; each drop is a note in NOTES ("NAME:LINE:
 * ...; row dropped"), not an error.  Anything else wrong is an error as
 * above. */
cp_status cp_schedule_read_previous(const cp_scenario *sc, const char *path,
                                    cp_schedule **out, cp_diag *diag,
                                    cp_diag *notes);

#endif
