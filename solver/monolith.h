/* monolith.h — the whole scenario as one MILP, the benchmark's yardstick.
 *
 * caseplan itself never solves this model: it decomposes (district.c picks
 * therapists and day patterns, model.c places each therapist's week).  The
 * monolith is the straightforward alternative a reader would write first —
 * every therapist, every service, presence at every school in every slot,
 * travel inside the model — stated at the top of monolith.c.  `--write-lp
 * FILE` hands it to other solvers (CBC, glpsol) so caseplan's answers can be
 * compared with what a general MILP solver does on the same instance.
 */
#ifndef CP_MONOLITH_H
#define CP_MONOLITH_H

#include "scenario.h"

typedef struct glp_prob glp_prob; /* as in glpk.h; only solver/ sees GLPK */

/* Builds the whole scenario as ONE monolithic MILP — all therapists, no
 * decomposition: assignment of every service to one therapist of its
 * discipline (respecting pinning and allowed schools), presence of each
 * therapist at each school in each time slot, travel between schools inside
 * the model, sessions, groups, lunch, fixed and floating duties,
 * documentation, reserve — and writes it in CPLEX LP format to path
 * (glp_write_lp).  Returns CP_OK; CP_ERR_IO when the file cannot be written,
 * CP_ERR_NOMEM, CP_ERR_SOLVER when GLPK failed internally, with a sentence
 * in err (always NUL-terminated when errlen > 0). */
cp_status cp_monolith_write_lp(const cp_scenario *sc, const char *path,
                               char *err, size_t errlen);

/* Builds the same model.  On CP_OK *out is a new GLPK problem owned by the
 * caller (free with glp_delete_prob); on error *out is NULL.  No GLPK error
 * hook is installed here (cp_monolith_write_lp installs one). */
cp_status cp_monolith_build(const cp_scenario *sc, glp_prob **out);

#endif
