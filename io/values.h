/* values.h — parsers for the value syntax of SPEC §1 (times, day lists,
 * numbers, booleans, dates).  Each returns NULL on success, or a short
 * description of what was expected, for the caller's error message. */
#ifndef CP_VALUES_H
#define CP_VALUES_H

#include <stdbool.h>

/* "08:05", "8:05", "8:05 AM", "8:05pm" -> minutes after midnight. */
const char *cp_parse_time(const char *s, int *minutes);
/* "Mon-Fri", "Tue;Thu", "monday, wednesday" -> bit mask (bit 0 = Mon). */
const char *cp_parse_days(const char *s, unsigned *mask);
/* Non-negative integer no larger than max. */
const char *cp_parse_int(const char *s, int max, int *out);
/* Decimal number in [lo, hi]. */
const char *cp_parse_real(const char *s, double lo, double hi, double *out);
/* yes/no, y/n, true/false, 1/0 (any case). */
const char *cp_parse_bool(const char *s, bool *out);
/* YYYY-MM-DD -> days since 1970-01-01. */
const char *cp_parse_date(const char *s, int *days);
/* days since 1970-01-01 -> y, m, d and weekday (0 = Mon). */
void cp_date_split(int days, int *y, int *m, int *d, int *weekday);
/* Writes "HH:MM" into buf[6]. */
void cp_format_time(int minutes, char buf[6]);

#endif
