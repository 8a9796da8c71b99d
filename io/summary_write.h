/* summary_write.h — the text workload summary of `caseplan check`. */
#ifndef CP_SUMMARY_WRITE_H
#define CP_SUMMARY_WRITE_H

#include "../solver/capacity.h"

/* Writes the demand-vs-capacity tables and every finding to out. */
void cp_summary_write(FILE *out, const cp_scenario *sc, const cp_capacity *c);

#endif
