/* settings_read.h — settings.csv: the table of keys, defaults and ranges. */
#ifndef CP_SETTINGS_READ_H
#define CP_SETTINGS_READ_H

#include "../solver/scenario.h"
#include "csv_read.h"

/* Fills s with every default. */
void cp_settings_default(cp_settings *s);
/* Applies the rows of settings.csv (key,value) to s; errors to diag. */
int cp_settings_apply(cp_settings *s, const cp_csv *t, cp_pool *pool,
                      cp_diag *diag);
/* Writes the table of keys (key, default, meaning) as Markdown rows. */
void cp_settings_document(FILE *out);

#endif
