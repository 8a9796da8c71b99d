/* makeup.h — the greedy placer of make-up sessions.
 *
 * Sits inside the term plan (solver/term.c): the term decides what is owed
 * and in which week; this module finds where.  A board holds the rows that
 * happen in one Monday-to-Sunday week of the term (every therapist, after
 * calendar.csv has taken its occurrences away), indexed by therapist and
 * day, student and day, service and day.  cp_makeup_place() tries candidate
 * (date, start) pairs in a fixed order and takes the first one at which
 * every rule of SPEC §2 still holds on that date:
 *
 *   - the date is a school day at the student's school (Mon-Fri, no
 *     holiday there), a working day of the therapist, who may serve that
 *     school that day, and no session of the service happens that day;
 *   - a session lies inside the student's availability (school day minus
 *     unavailable blocks) and ends by the early release of that date; a
 *     consult inside the school day;
 *   - the therapist's contract hours hold every new row, which overlaps
 *     nothing of that date (lunch, duties, documentation, travel, other
 *     sessions, earlier make-ups); no student is in two sessions at once;
 *   - documentation_minutes_per_session of documentation is added the same
 *     day for a session, in free time (after the session when it fits);
 *   - travel: between two schools the free time (less location-free work)
 *     covers the drive, and so do the drives from and to the base school.
 *
 * Route: pass 1 tries only times when the therapist is at the school anyway
 * (where the last location-bound row or drive before left it, and where
 * the next one needs it), so the day's drives stay as they are.  Pass 2
 * adds a visit: a drive from where the therapist is to the school before
 * the session and one on to where the day continues after it, as new
 * travel rows; the plan's own drives keep their times and places.  Pass 3
 * allows what pass 2 leaves out: a detour to the school just before a drive
 * that goes there, or back to it just after one that came from it.  Within
 * a pass, dates in the order given, starts from early to late on the
 * slot_minutes grid.  The same board and request always give the same
 * answer.
 */
#ifndef CP_MAKEUP_H
#define CP_MAKEUP_H

#include "schedule.h"

typedef struct cp_board cp_board;

/* Returns a new empty board for SC owned by the caller (free with
 * cp_board_destroy), or NULL on no memory. */
cp_board *cp_board_create(const cp_scenario *sc);
void cp_board_destroy(cp_board *b);
/* Empties the board for the week that starts on Monday MONDAY (a date). */
void cp_board_reset(cp_board *b, int monday);
/* Adds row R (a row that happens) on DATE, inside the board's week; the
 * board keeps what it needs, not R.  CP_OK or CP_ERR_NOMEM. */
cp_status cp_board_add(cp_board *b, const cp_row *r, int date);

typedef struct cp_makeup_req {
  int therapist;
  cp_act act;           /* CP_ACT_SESSION or CP_ACT_CONSULT */
  const int *services;  /* students of one school (several = a group) */
  int n_services;
  int length;           /* minutes, on the slot grid */
  const int *dates;     /* candidate dates in the board's week, in order */
  int n_dates;
} cp_makeup_req;

typedef enum {
  CP_MAKEUP_PLACED,
  CP_MAKEUP_NO_DAY,  /* no candidate date the rules of the day allow */
  CP_MAKEUP_NO_TIME, /* the therapist has room, never while the students
                        are free */
  CP_MAKEUP_NO_ROOM  /* the therapist's days allow no such session at all */
} cp_makeup_result;

#define CP_MAKEUP_MAX_ROWS 4

/* A placed make-up: rows[0] is the session (or consult), then its
 * documentation row and the travel rows it needs; every row's services
 * point at the request's array, kind is the activity name. */
typedef struct cp_makeup {
  int date;
  cp_row rows[CP_MAKEUP_MAX_ROWS];
  int n_rows;
} cp_makeup;

/* Places one make-up for REQ on board B.  On CP_OK *res tells the outcome;
 * when placed, *out holds the rows, which are also added to B.  Returns
 * CP_ERR_NOMEM when the board cannot grow. */
cp_status cp_makeup_place(cp_board *b, const cp_makeup_req *req,
                          cp_makeup *out, cp_makeup_result *res);

#endif
