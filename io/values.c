/* values.c — value syntax of SPEC §1 (see values.h). */
#include "values.h"

#include "../solver/calendar.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *skip_space(const char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  return s;
}

static int digits(const char **s, int max_digits, int *out)
{
  int n = 0, v = 0;
  while (isdigit((unsigned char)**s) && n < max_digits) {
    v = v * 10 + (**s - '0');
    (*s)++;
    n++;
  }
  *out = v;
  return n;
}

const char *cp_parse_time(const char *s, int *minutes)
{
  static const char *want = "a time like 08:05, 8:05 or 8:05 AM";
  const char *p = skip_space(s);
  int h, m;
  if (!digits(&p, 2, &h) || *p != ':')
    return want;
  p++;
  if (digits(&p, 2, &m) != 2 || m > 59)
    return want;
  p = skip_space(p);
  if (*p) {
    int ampm; /* 0 am, 1 pm */
    if (tolower((unsigned char)p[0]) == 'a')
      ampm = 0;
    else if (tolower((unsigned char)p[0]) == 'p')
      ampm = 1;
    else
      return want;
    p++;
    if (*p == '.')
      p++;
    if (tolower((unsigned char)*p) != 'm')
      return want;
    p++;
    if (*p == '.')
      p++;
    if (*skip_space(p))
      return want;
    if (h < 1 || h > 12)
      return "a 12-hour time with an hour from 1 to 12";
    h = h % 12 + (ampm ? 12 : 0);
  } else if (h > 23) {
    return "a 24-hour time from 00:00 to 23:59";
  }
  *minutes = h * 60 + m;
  return NULL;
}

static int day_index(const char *tok, size_t len)
{
  static const char *full[7] = {"monday", "tuesday", "wednesday", "thursday",
                                "friday", "saturday", "sunday"};
  for (int d = 0; d < 7; d++) {
    if ((len == 3 || len == strlen(full[d])) &&
        !strncasecmp(tok, full[d], len))
      return d;
  }
  return -1;
}

const char *cp_parse_days(const char *s, unsigned *mask)
{
  static const char *want =
      "days like Mon-Fri, Tue;Thu or Monday Wednesday";
  unsigned m = 0;
  const char *p = s;
  int n_tokens = 0;
  while (*p) {
    while (*p == ' ' || *p == ';' || *p == ',' || *p == '\t')
      p++;
    if (!*p)
      break;
    const char *a = p;
    while (isalpha((unsigned char)*p))
      p++;
    int d1 = day_index(a, (size_t)(p - a));
    if (d1 < 0)
      return want;
    /* look past spaces for a range dash, but keep p at the separator
     * otherwise: "Mon Wed" is a list of two days */
    const char *after = skip_space(p);
    int d2 = d1;
    if (*after == '-') {
      p = after;
      p = skip_space(p + 1);
      const char *b = p;
      while (isalpha((unsigned char)*p))
        p++;
      d2 = day_index(b, (size_t)(p - b));
      if (d2 < 0)
        return want;
      if (d2 < d1)
        return "a day range in week order (Mon-Fri, not Fri-Mon)";
    }
    if (*p && *p != ' ' && *p != ';' && *p != ',' && *p != '\t')
      return want;
    for (int d = d1; d <= d2; d++)
      m |= 1u << d;
    n_tokens++;
  }
  if (!n_tokens)
    return want;
  *mask = m;
  return NULL;
}

const char *cp_parse_int(const char *s, int max, int *out)
{
  const char *p = skip_space(s);
  if (*p == '-')
    return "a non-negative whole number";
  if (!isdigit((unsigned char)*p))
    return "a whole number";
  long long v = 0;
  while (isdigit((unsigned char)*p)) {
    v = v * 10 + (*p - '0');
    if (v > max)
      return "a smaller number";
    p++;
  }
  if (*skip_space(p))
    return "a whole number";
  *out = (int)v;
  return NULL;
}

const char *cp_parse_real(const char *s, double lo, double hi, double *out)
{
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (end == s || *skip_space(end) || errno || !isfinite(v))
    return "a number";
  if (v < lo || v > hi)
    return "a number in range";
  *out = v;
  return NULL;
}

const char *cp_parse_bool(const char *s, bool *out)
{
  static const char *yes[] = {"yes", "y", "true", "1"};
  static const char *no[] = {"no", "n", "false", "0"};
  for (int i = 0; i < 4; i++) {
    if (!strcasecmp(s, yes[i])) {
      *out = true;
      return NULL;
    }
    if (!strcasecmp(s, no[i])) {
      *out = false;
      return NULL;
    }
  }
  return "yes/no, y/n, true/false or 1/0";
}

void cp_date_split(int z, int *y, int *m, int *d, int *weekday)
{
  *weekday = cp_date_weekday(z);
  cp_date_civil(z, y, m, d);
}

const char *cp_parse_date(const char *s, int *days)
{
  static const char *want = "a date like 2026-09-08 (YYYY-MM-DD)";
  const char *p = skip_space(s);
  int y, m, d;
  if (digits(&p, 4, &y) != 4 || *p++ != '-' || digits(&p, 2, &m) != 2 ||
      *p++ != '-' || digits(&p, 2, &d) != 2 || *skip_space(p))
    return want;
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
    return want;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap)
    return "a real date (that year has no February 29)";
  *days = cp_date_from_civil(y, m, d);
  return NULL;
}

void cp_format_time(int minutes, char buf[6])
{
  unsigned m = minutes < 0 ? 0u : (unsigned)minutes;
  snprintf(buf, 6, "%02u:%02u", (m / 60) % 100, m % 60);
}
