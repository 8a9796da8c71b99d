/* summary_write.h — the text workload summary of `caseplan check`. */
#ifndef CP_SUMMARY_WRITE_H
#define CP_SUMMARY_WRITE_H

#include "../solver/capacity.h"
#include "../solver/certify.h"

/* Writes the demand-vs-capacity tables, then every certificate of
 * overload (already re-checked) as one sentence each. */
void cp_summary_write(FILE *out, const cp_scenario *sc, const cp_capacity *c,
                      const cp_certs *certs);

#endif
