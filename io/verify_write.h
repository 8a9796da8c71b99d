/* verify_write.h — the violations of cp_verify() as text (`caseplan verify`,
 * and the report printed when a solved schedule fails its re-check). */
#ifndef CP_VERIFY_WRITE_H
#define CP_VERIFY_WRITE_H

#include "../solver/verify.h"

/* Writes one violation a line, "FILE:LINE: text" (or "FILE: text" when the
 * violation concerns no single row), in report order; FILE is rep->file. */
void cp_verify_report_write(FILE *out, const cp_scenario *sc,
                            const cp_verify_report *rep);

#endif
