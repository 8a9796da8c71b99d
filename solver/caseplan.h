/* caseplan.h — the public API of libcaseplan.
 *
 * Data flows one way: a scenario folder is read into a validated cp_scenario
 * (io/scenario_read.c), the solver turns it into a cp_schedule (solver/),
 * the verifier re-checks that schedule against the scenario (solver/verify.c)
 * and the writers put it on disk (io/).  The library never prints to the
 * terminal and never exits: every function returns a cp_status, and details
 * of input errors go into a caller-owned cp_diag.
 */
#ifndef CASEPLAN_H
#define CASEPLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define CP_VERSION "0.1.0"

/* Status codes: name, exit code of the CLI, message.  One list generates the
 * enum, cp_strerror() and cp_exit_code(). */
#define CP_STATUS_LIST(X)                                                      \
  X(CP_OK, 0, "done")                                                          \
  X(CP_INFEASIBLE, 1, "no schedule exists")                                    \
  X(CP_VIOLATIONS, 1, "violations found")                                      \
  X(CP_OVERLOAD, 1, "the arithmetic already shows overload")                   \
  X(CP_ERR_USAGE, 2, "usage error")                                            \
  X(CP_ERR_INPUT, 3, "input error")                                            \
  X(CP_UNDECIDED, 4, "no answer within the limits")                            \
  X(CP_ERR_MEMLIMIT, 4, "the solver reached the memory limit")                 \
  X(CP_ERR_IO, 5, "cannot write output")                                       \
  X(CP_ERR_NOMEM, 5, "out of memory")                                          \
  X(CP_ERR_SOLVER, 5, "solver failure")                                        \
  X(CP_ERR_INTERNAL, 5, "internal error")

typedef enum {
#define CP_X(name, code, msg) name,
  CP_STATUS_LIST(CP_X)
#undef CP_X
      CP_STATUS_COUNT
} cp_status;

const char *cp_strerror(cp_status st);
int cp_exit_code(cp_status st);

/* ---- diagnostics ------------------------------------------------------- */

/* One message: "file:line: text".  line 0 = the file as a whole. */
typedef struct cp_msg {
  char file[64];
  int line;
  char text[448];
} cp_msg;

#define CP_DIAG_CAP 100

/* Caller-owned collection of input errors (and notes).  Keeps the first
 * CP_DIAG_CAP messages and counts the rest. */
typedef struct cp_diag {
  cp_msg msgs[CP_DIAG_CAP];
  int n;     /* messages stored */
  int total; /* messages reported, including those past the cap */
} cp_diag;

void cp_diag_init(cp_diag *d);
/* Adds "file:line: text"; file may be NULL for a message about the run. */
void cp_diag_add(cp_diag *d, const char *file, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Writes every stored message, one a line, then "... and N more" if cut. */
void cp_diag_print(const cp_diag *d, FILE *out);

/* ---- scenario ------------------------------------------------------------ */

typedef struct cp_scenario cp_scenario;

/* Reads and validates the scenario folder DIR.  On success *out is a new
 * scenario owned by the caller (free with cp_scenario_destroy).  On invalid
 * input returns CP_ERR_INPUT with every error found (up to the cap) in diag
 * and *out is NULL. */
cp_status cp_scenario_read(const char *dir, cp_scenario **out, cp_diag *diag);
void cp_scenario_destroy(cp_scenario *sc);

#endif
