/* ics_write.c — iCalendar files, one per therapist (see ics_write.h).
 *
 * Sits at the end of the flow with the other writers: rows of a verified
 * schedule in, RFC 5545 text out.  Written by hand rather than with libical:
 * the subset is small (VCALENDAR, VTIMEZONE, VEVENT), each rule it needs
 * (TEXT escaping, folding at 75 octets without splitting a UTF-8 sequence,
 * CRLF, UNTIL in UTC when DTSTART has a TZID) is a few lines here, and
 * tests/test_ics.py parses every file with python3-icalendar and expands it
 * with python3-dateutil against schedule.csv, VTIMEZONE included.
 *
 * The VTIMEZONE is derived from the zone's TZif file (RFC 8536): the
 * transition table, and for times after it the footer's POSIX TZ rule.
 * When the footer's yearly rule yields exactly the transitions around the
 * term, it is written as two observances with a yearly RRULE (the form
 * calendar clients know best); otherwise (a term in a year whose rules
 * differ, a rule RRULE cannot say) each transition around the term is
 * written as its own observance.  Both are exact for the term.
 */
#include "ics_write.h"

#include "values.h"

#include "../solver/calendar.h"

#include <assert.h>
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DAY_SECONDS 86400LL
#define MAX_ZONE_FILE (1 << 20)

/* ---- a growable string --------------------------------------------------- */

typedef struct sbuf {
  char *p;
  size_t n, cap;
  bool oom;
} sbuf;

static void sb_putn(sbuf *b, const char *s, size_t n)
{
  if (b->oom)
    return;
  if (b->n + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + n + 1) {
      if (cap > SIZE_MAX / 2) {
        b->oom = true;
        return;
      }
      cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
      b->oom = true;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = 0;
}

static void sb_puts(sbuf *b, const char *s)
{
  sb_putn(b, s, strlen(s));
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void sb_printf(sbuf *b, const char *fmt, ...)
{
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  assert(n >= 0 && (size_t)n < sizeof buf && "sb_printf: short format only");
  sb_putn(b, buf, (size_t)n);
}

/* TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline
 * escaped; other control characters cannot be written and are dropped. */
static void sb_text(sbuf *b, const char *s)
{
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '\\' || c == ';' || c == ',') {
      char esc[2] = {'\\', (char)c};
      sb_putn(b, esc, 2);
    } else if (c == '\n') {
      sb_puts(b, "\\n");
    } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
      continue;
    } else {
      sb_putn(b, (const char *)&c, 1);
    }
  }
}

/* An id inside a UID or file name: bytes other than A-Z a-z 0-9 . _ - as
 * %XX, so distinct ids stay distinct and the result is plain ASCII. */
static void sb_safe(sbuf *b, const char *s)
{
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (isalnum(c) || c == '.' || c == '_' || c == '-')
      sb_putn(b, (const char *)&c, 1);
    else
      sb_printf(b, "%%%02X", c);
  }
}

/* Writes the content line in b folded at 75 octets (continuation lines
 * start with a space, so they carry 74), never inside a UTF-8 sequence,
 * each line ended by CRLF; then empties b. */
static void put_line(FILE *out, sbuf *b)
{
  const char *s = b->p ? b->p : "";
  size_t n = b->n, i = 0, limit = 75;
  while (n - i > limit) {
    size_t cut = i + limit;
    while (cut > i && ((unsigned char)s[cut] & 0xC0) == 0x80)
      cut--;
    if (cut == i) /* not UTF-8 at all: cut anywhere */
      cut = i + limit;
    fwrite(s + i, 1, cut - i, out);
    fputs("\r\n ", out);
    i = cut;
    limit = 74;
  }
  fwrite(s + i, 1, n - i, out);
  fputs("\r\n", out);
  b->n = 0;
  if (b->p)
    b->p[0] = 0;
}

/* ---- calendar arithmetic ------------------------------------------------- */

static long long floor_div(long long a, long long b)
{
  return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

static bool leap_year(int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
  static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return n[m - 1] + (m == 2 && leap_year(y));
}

static int year_of(long long t)
{
  int y, m, d, wd;
  cp_date_split((int)floor_div(t, DAY_SECONDS), &y, &m, &d, &wd);
  return y;
}

/* "YYYYMMDDTHHMMSS" of a wall-clock time given as seconds since the epoch. */
static void sb_stamp(sbuf *b, long long wall)
{
  long long days = floor_div(wall, DAY_SECONDS);
  long sec = (long)(wall - days * DAY_SECONDS);
  int y, m, d, wd;
  cp_date_split((int)days, &y, &m, &d, &wd);
  sb_printf(b, "%04d%02d%02dT%02ld%02ld%02ld", y, m, d, sec / 3600,
            sec / 60 % 60, sec % 60);
}

/* UTC offset "+HHMM" or "+HHMMSS" (RFC 5545 3.3.14; never "-0000"). */
static void sb_offset(sbuf *b, long off)
{
  long a = off < 0 ? -off : off;
  if (a % 60)
    sb_printf(b, "%c%02ld%02ld%02ld", off < 0 ? '-' : '+', a / 3600,
              a / 60 % 60, a % 60);
  else
    sb_printf(b, "%c%02ld%02ld", off < 0 ? '-' : '+', a / 3600, a / 60 % 60);
}

/* ---- zoneinfo: TZif file and POSIX TZ footer (RFC 8536) ---------------- */

typedef struct tz_type {
  long off; /* seconds east of UTC */
  bool dst;
  char abbr[16];
} tz_type;

/* One POSIX TZ date rule: Mm.w.d, Jn (1..365, no Feb 29) or n (0..365). */
typedef struct tz_rule {
  char kind; /* 'M', 'J' or 'D' (plain n) */
  int m, w, d, n;
  long secs; /* local time of day of the change, may be < 0 or > 24 h */
} tz_rule;

typedef struct tz_zone {
  long long *at;      /* transition times, ascending */
  unsigned char *idx; /* type after each transition */
  int n;
  tz_type *types;
  int n_types;
  bool footer;     /* a POSIX TZ string governs times after the table */
  bool footer_dst; /* ... with daylight saving time */
  tz_type std, dst;
  tz_rule start, end; /* to daylight time, back to standard time */
} tz_zone;

typedef struct tz_trans {
  long long at; /* UTC */
  tz_type from, to;
} tz_trans;

static void zone_fini(tz_zone *z)
{
  free(z->at);
  free(z->idx);
  free(z->types);
  memset(z, 0, sizeof *z);
}

static const char *const ZONE_NAME = "is not an IANA zone name";
static const char *const ZONE_MISSING = "is not a zone of the system zoneinfo";
static const char *const ZONE_BAD = "has a zoneinfo file caseplan cannot read";

/* Path of zone NAME, refusing anything that could leave the zoneinfo
 * folder. */
static const char *zone_path(const char *name, char *path, size_t n)
{
  size_t len = strlen(name);
  if (len == 0 || len > 200 || name[0] == '/')
    return ZONE_NAME;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)name[i];
    if (!isalnum(c) && !strchr("/_+-.", c))
      return ZONE_NAME;
    /* no empty, "." or ".." component, no hidden file */
    if ((i == 0 || name[i - 1] == '/') && (c == '.' || c == '/'))
      return ZONE_NAME;
  }
  if (name[len - 1] == '/')
    return ZONE_NAME;
  const char *dir = getenv("TZDIR");
  if (!dir || !*dir)
    dir = "/usr/share/zoneinfo";
  if ((size_t)snprintf(path, n, "%s/%s", dir, name) >= n)
    return ZONE_NAME;
  return NULL;
}

static uint32_t be32(const unsigned char *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
         p[3];
}

static uint64_t be64(const unsigned char *p)
{
  return (uint64_t)be32(p) << 32 | be32(p + 4);
}

/* POSIX TZ: a zone abbreviation, "CST" or quoted "<-03>". */
static bool parse_abbr(const char **p, char *out, size_t n)
{
  const char *s = *p;
  size_t k = 0;
  if (*s == '<') {
    for (s++; *s && *s != '>'; s++) {
      if (!isalnum((unsigned char)*s) && *s != '+' && *s != '-')
        return false;
      if (k + 1 < n)
        out[k++] = *s;
    }
    if (*s++ != '>')
      return false;
  } else {
    for (; isalpha((unsigned char)*s); s++)
      if (k + 1 < n)
        out[k++] = *s;
  }
  out[k] = 0;
  *p = s;
  return k >= 3;
}

/* POSIX TZ: [+-]hh[:mm[:ss]], hours up to max_hours. */
static bool parse_hms(const char **p, long *secs, int max_hours)
{
  const char *s = *p;
  int sign = 1;
  if (*s == '+' || *s == '-')
    sign = *s++ == '-' ? -1 : 1;
  long v[3] = {0, 0, 0};
  for (int part = 0; part < 3; part++) {
    if (part > 0 && *s != ':')
      break;
    if (part > 0)
      s++;
    if (!isdigit((unsigned char)*s))
      return false;
    int digits = 0;
    for (; isdigit((unsigned char)*s) && digits < 3; s++, digits++)
      v[part] = v[part] * 10 + (*s - '0');
    if ((part == 0 && v[0] > max_hours) || (part > 0 && v[part] > 59))
      return false;
  }
  *secs = sign * (v[0] * 3600 + v[1] * 60 + v[2]);
  *p = s;
  return true;
}

static bool parse_num(const char **p, int lo, int hi, int *out)
{
  const char *s = *p;
  if (!isdigit((unsigned char)*s))
    return false;
  long v = 0;
  for (; isdigit((unsigned char)*s) && v <= hi; s++)
    v = v * 10 + (*s - '0');
  if (v < lo || v > hi)
    return false;
  *out = (int)v;
  *p = s;
  return true;
}

static bool parse_rule(const char **p, tz_rule *r)
{
  const char *s = *p;
  memset(r, 0, sizeof *r);
  if (*s == 'M') {
    s++;
    r->kind = 'M';
    if (!parse_num(&s, 1, 12, &r->m) || *s++ != '.' ||
        !parse_num(&s, 1, 5, &r->w) || *s++ != '.' ||
        !parse_num(&s, 0, 6, &r->d))
      return false;
  } else if (*s == 'J') {
    s++;
    r->kind = 'J';
    if (!parse_num(&s, 1, 365, &r->n))
      return false;
  } else {
    r->kind = 'D';
    if (!parse_num(&s, 0, 365, &r->n))
      return false;
  }
  r->secs = 2 * 3600;
  if (*s == '/') {
    s++;
    if (!parse_hms(&s, &r->secs, 167)) /* RFC 8536 extension */
      return false;
  }
  *p = s;
  return true;
}

/* The footer: "" (no rule), "STDoff" or "STDoff DST[off],rule,rule". */
static bool parse_footer(const char *s, tz_zone *z)
{
  if (!*s)
    return true;
  long off;
  if (!parse_abbr(&s, z->std.abbr, sizeof z->std.abbr) ||
      !parse_hms(&s, &off, 24))
    return false;
  z->std.off = -off; /* POSIX offsets count west of Greenwich */
  z->footer = true;
  if (!*s)
    return true;
  if (!parse_abbr(&s, z->dst.abbr, sizeof z->dst.abbr))
    return false;
  z->dst.off = z->std.off + 3600;
  z->dst.dst = true;
  if (*s && *s != ',') {
    if (!parse_hms(&s, &off, 24))
      return false;
    z->dst.off = -off;
  }
  /* tzdata always states the rules; POSIX leaves the default open */
  if (*s++ != ',' || !parse_rule(&s, &z->start) || *s++ != ',' ||
      !parse_rule(&s, &z->end) || *s)
    return false;
  z->footer_dst = true;
  return true;
}

static bool offset_ok(long off)
{
  return off > -100 * 3600 && off < 100 * 3600;
}

/* Parses a TZif file (version 1, or the 64-bit data of version 2+ and its
 * footer). */
static const char *parse_tzif(const unsigned char *b, size_t len, tz_zone *z)
{
  if (len < 44 || memcmp(b, "TZif", 4))
    return ZONE_BAD;
  size_t c[6];
  for (int i = 0; i < 6; i++)
    c[i] = be32(b + 20 + 4 * i);
  /* isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt */
  size_t v1 = c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
  const unsigned char *data = b + 44;
  size_t tsize = 4;
  if (b[4] >= '2') {
    if (v1 > len - 44 || len - 44 - v1 < 44)
      return ZONE_BAD;
    const unsigned char *h = b + 44 + v1;
    if (memcmp(h, "TZif", 4))
      return ZONE_BAD;
    for (int i = 0; i < 6; i++)
      c[i] = be32(h + 20 + 4 * i);
    data = h + 44;
    tsize = 8;
  }
  size_t isutcnt = c[0], isstdcnt = c[1], leapcnt = c[2], timecnt = c[3],
         typecnt = c[4], charcnt = c[5];
  if (timecnt > 100000 || typecnt == 0 || typecnt > 256 || charcnt > 10000 ||
      leapcnt > 10000 || isstdcnt > 256 || isutcnt > 256)
    return ZONE_BAD;
  if (leapcnt)
    return "counts leap seconds (a right/ zone); use the plain zone name";
  size_t need = timecnt * tsize + timecnt + typecnt * 6 + charcnt +
                leapcnt * (tsize + 4) + isstdcnt + isutcnt;
  size_t at = (size_t)(data - b);
  if (at > len || need > len - at)
    return ZONE_BAD;
  z->at = malloc((timecnt + 1) * sizeof *z->at);
  z->idx = malloc(timecnt + 1);
  z->types = calloc(typecnt, sizeof *z->types);
  if (!z->at || !z->idx || !z->types)
    return "cannot be read (out of memory)";
  z->n = (int)timecnt;
  z->n_types = (int)typecnt;
  for (size_t i = 0; i < timecnt; i++) {
    const unsigned char *p = data + i * tsize;
    z->at[i] = tsize == 8 ? (long long)(int64_t)be64(p)
                          : (long long)(int32_t)be32(p);
    if (i > 0 && z->at[i] <= z->at[i - 1])
      return ZONE_BAD;
    z->idx[i] = data[timecnt * tsize + i];
    if (z->idx[i] >= typecnt)
      return ZONE_BAD;
  }
  const unsigned char *tt = data + timecnt * tsize + timecnt;
  const unsigned char *chars = tt + typecnt * 6;
  for (size_t i = 0; i < typecnt; i++) {
    tz_type *t = &z->types[i];
    t->off = (long)(int32_t)be32(tt + 6 * i);
    t->dst = tt[6 * i + 4] != 0;
    size_t a = tt[6 * i + 5];
    if (a >= charcnt || !offset_ok(t->off))
      return ZONE_BAD;
    size_t k = 0;
    for (; a + k < charcnt && chars[a + k] && k + 1 < sizeof t->abbr; k++)
      t->abbr[k] = (char)chars[a + k];
    t->abbr[k] = 0;
  }
  if (tsize == 8) {
    const unsigned char *f = data + need, *end = b + len;
    if (f < end && *f == '\n') {
      const unsigned char *nl = memchr(f + 1, '\n', (size_t)(end - f - 1));
      char footer[256];
      if (!nl || (size_t)(nl - f - 1) >= sizeof footer)
        return ZONE_BAD;
      memcpy(footer, f + 1, (size_t)(nl - f - 1));
      footer[nl - f - 1] = 0;
      if (!parse_footer(footer, z) || !offset_ok(z->std.off) ||
          !offset_ok(z->dst.off))
        return ZONE_BAD;
    }
  }
  return NULL;
}

/* Loads zone NAME into *z (caller-owned; zone_fini also after an error).
 * Returns NULL or what is wrong. */
static const char *zone_load(const char *name, tz_zone *z)
{
  memset(z, 0, sizeof *z);
  char path[512];
  const char *why = zone_path(name, path, sizeof path);
  if (why)
    return why;
  FILE *f = fopen(path, "rb");
  if (!f)
    return ZONE_MISSING;
  unsigned char *buf = malloc(MAX_ZONE_FILE);
  size_t len = buf ? fread(buf, 1, MAX_ZONE_FILE, f) : 0;
  bool err = ferror(f) != 0;
  fclose(f);
  if (!buf)
    return "cannot be read (out of memory)";
  why = err ? ZONE_MISSING : parse_tzif(buf, len, z);
  free(buf);
  return why;
}

/* Local date (days since the epoch) of rule r in year y. */
static long rule_day(const tz_rule *r, int y)
{
  long jan1 = cp_date_from_civil(y, 1, 1);
  if (r->kind == 'J')
    return jan1 + r->n - 1 + (leap_year(y) && r->n >= 60);
  if (r->kind == 'D')
    return jan1 + r->n;
  if (r->m < 1 || r->m > 12)
    return jan1; /* no rule (a zone without daylight time): never used */
  long first = cp_date_from_civil(y, r->m, 1);
  int wd = (int)((first % 7 + 7 + 4) % 7); /* 0 = Sunday; 1970-01-01 Thu */
  long day = first + (r->d - wd + 7) % 7 + 7L * (r->w - 1);
  while (day >= first + month_days(y, r->m))
    day -= 7;
  return day;
}

/* UTC instant of rule r in year y, the wall clock running at offset prev. */
static long long rule_at(const tz_rule *r, int y, long prev)
{
  return (long long)rule_day(r, y) * DAY_SECONDS + r->secs - prev;
}

static tz_type footer_type(const tz_zone *z, long long t)
{
  if (!z->footer_dst)
    return z->std;
  int y = year_of(t + z->std.off);
  long long s = rule_at(&z->start, y, z->std.off);
  long long e = rule_at(&z->end, y, z->dst.off);
  bool in = s < e ? t >= s && t < e : t < e || t >= s;
  return in ? z->dst : z->std;
}

/* The local time type in effect at UTC instant t. */
static tz_type type_at(const tz_zone *z, long long t)
{
  if (z->n == 0 || t >= z->at[z->n - 1]) {
    if (z->footer)
      return footer_type(z, t);
    return z->types[z->n ? z->idx[z->n - 1] : 0];
  }
  if (t < z->at[0])
    return z->types[0];
  int lo = 0, hi = z->n - 1; /* at[lo] <= t < at[hi] */
  while (hi - lo > 1) {
    int mid = lo + (hi - lo) / 2;
    if (z->at[mid] <= t)
      lo = mid;
    else
      hi = mid;
  }
  return z->types[z->idx[lo]];
}

static int cmp_ll(const void *a, const void *b)
{
  long long x = *(const long long *)a, y = *(const long long *)b;
  return (x > y) - (x < y);
}

/* The offset changes in (a, b], from the table and from the footer's rule
 * after it.  Returns a malloc'd array (count in *n), NULL on no memory. */
static tz_trans *zone_transitions(const tz_zone *z, long long a, long long b,
                                  int *n)
{
  int y0 = year_of(a) - 1, y1 = year_of(b) + 1;
  size_t cap = (size_t)z->n + 2 * (size_t)(y1 - y0 + 1) + 1;
  long long *cand = malloc(cap * sizeof *cand);
  tz_trans *out = malloc(cap * sizeof *out);
  if (!cand || !out) {
    free(cand);
    free(out);
    return NULL;
  }
  size_t k = 0;
  for (int i = 0; i < z->n; i++)
    if (z->at[i] > a && z->at[i] <= b)
      cand[k++] = z->at[i];
  long long last = z->n ? z->at[z->n - 1] : LLONG_MIN;
  for (int y = y0; z->footer_dst && y <= y1; y++) {
    long long t[2] = {rule_at(&z->start, y, z->std.off),
                      rule_at(&z->end, y, z->dst.off)};
    for (int j = 0; j < 2; j++)
      if (t[j] > last && t[j] > a && t[j] <= b)
        cand[k++] = t[j];
  }
  qsort(cand, k, sizeof *cand, cmp_ll);
  *n = 0;
  for (size_t i = 0; i < k; i++) {
    if (i > 0 && cand[i] == cand[i - 1])
      continue;
    tz_trans tr = {cand[i], type_at(z, cand[i] - 1), type_at(z, cand[i])};
    if (tr.from.off != tr.to.off)
      out[(*n)++] = tr;
  }
  free(cand);
  return out;
}

/* The RRULE of a footer rule, when RRULE can say it.  A change at 24:00 or
 * later (or before 00:00) moves the weekday; the week's days then become a
 * BYMONTHDAY range, which must stay inside the month. */
static bool sb_rule_rrule(sbuf *b, const tz_rule *r)
{
  static const char *const dn[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
  long long shift = floor_div(r->secs, DAY_SECONDS);
  if (r->kind == 'M' && shift == 0) {
    sb_printf(b, "FREQ=YEARLY;BYMONTH=%d;BYDAY=%d%s", r->m,
              r->w == 5 ? -1 : r->w, dn[r->d]);
    return true;
  }
  if (r->kind == 'M') {
    /* the shortest length of the month, so the range fits every year */
    int len = r->m == 2 ? 28 : month_days(2001, r->m);
    long long lo = r->w < 5 ? 7LL * r->w - 6 + shift : -7 + shift;
    long long hi = lo + 6;
    if (r->w < 5 ? lo < 1 || hi > len : lo < -len || hi > -1)
      return false;
    sb_printf(b, "FREQ=YEARLY;BYMONTH=%d;BYDAY=%s;BYMONTHDAY=", r->m,
              dn[(int)(((r->d + shift) % 7 + 7) % 7)]);
    for (long long d = lo; d <= hi; d++)
      sb_printf(b, "%s%lld", d > lo ? "," : "", d);
    return true;
  }
  /* a fixed date: Jn always, plain n before February 29 */
  if (shift != 0 || (r->kind == 'D' && r->n >= 59))
    return false;
  int y, m, d, wd;
  cp_date_split((int)rule_day(r, 2001), &y, &m, &d, &wd);
  sb_printf(b, "FREQ=YEARLY;BYMONTH=%d;BYMONTHDAY=%d", m, d);
  return true;
}

static void put_observance(FILE *out, sbuf *b, bool daylight, long long wall,
                           long from, long to, const char *abbr,
                           const char *rrule)
{
  sb_puts(b, daylight ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD");
  put_line(out, b);
  sb_puts(b, "TZOFFSETFROM:");
  sb_offset(b, from);
  put_line(out, b);
  sb_puts(b, "TZOFFSETTO:");
  sb_offset(b, to);
  put_line(out, b);
  if (abbr[0]) {
    sb_puts(b, "TZNAME:");
    sb_text(b, abbr);
    put_line(out, b);
  }
  sb_puts(b, "DTSTART:");
  sb_stamp(b, wall);
  put_line(out, b);
  if (rrule) {
    sb_puts(b, "RRULE:");
    sb_puts(b, rrule);
    put_line(out, b);
  }
  sb_puts(b, daylight ? "END:DAYLIGHT" : "END:STANDARD");
  put_line(out, b);
}

/* VTIMEZONE of zone z covering the UTC instants [a, b].  Returns false on
 * no memory. */
static bool put_vtimezone(FILE *out, sbuf *b, const char *tzid,
                          const tz_zone *z, long long a, long long bnd)
{
  int n;
  tz_trans *tr = zone_transitions(z, a, bnd, &n);
  if (!tr)
    return false;
  /* Does the footer's yearly rule give exactly these transitions? */
  bool yearly = z->footer_dst && n > 0;
  sbuf r1 = {0}, r2 = {0};
  if (yearly)
    yearly = sb_rule_rrule(&r1, &z->start) && sb_rule_rrule(&r2, &z->end);
  for (int i = 0; yearly && i < n; i++) {
    int y = year_of(tr[i].at + tr[i].from.off);
    bool to_dst = tr[i].to.off == z->dst.off && tr[i].from.off == z->std.off;
    bool to_std = tr[i].to.off == z->std.off && tr[i].from.off == z->dst.off;
    long long want = to_dst ? rule_at(&z->start, y, z->std.off)
                            : rule_at(&z->end, y, z->dst.off);
    if ((!to_dst && !to_std) || want != tr[i].at)
      yearly = false;
  }
  /* ... no change of the rule is missing in the window, and the rule gives
   * the offset in effect when the window opens */
  for (int y = year_of(a); yearly && y <= year_of(bnd); y++) {
    long long s = rule_at(&z->start, y, z->std.off);
    long long e = rule_at(&z->end, y, z->dst.off);
    int found = 0;
    for (int i = 0; i < n; i++)
      found += tr[i].at == s || tr[i].at == e;
    if (found != (s > a && s <= bnd) + (e > a && e <= bnd))
      yearly = false;
  }
  yearly = yearly && type_at(z, a).off == footer_type(z, a).off && !r1.oom &&
           !r2.oom;
  /* both observances start the year before the window, so that either
   * hemisphere's rule is in force when it opens */
  int y0 = year_of(a) - 1;
  long long first[2] = {rule_at(&z->start, y0, z->std.off),
                        rule_at(&z->end, y0, z->dst.off)};

  sb_puts(b, "BEGIN:VTIMEZONE");
  put_line(out, b);
  sb_puts(b, "TZID:");
  sb_puts(b, tzid);
  put_line(out, b);
  if (yearly) {
    put_observance(out, b, true, first[0] + z->std.off, z->std.off,
                   z->dst.off, z->dst.abbr, r1.p);
    put_observance(out, b, false, first[1] + z->dst.off, z->dst.off,
                   z->std.off, z->std.abbr, r2.p);
  } else {
    /* the time in effect at a, then every change up to b */
    tz_type t0 = type_at(z, a);
    put_observance(out, b, t0.dst, a + t0.off, t0.off, t0.off, t0.abbr,
                   NULL);
    for (int i = 0; i < n; i++)
      put_observance(out, b, tr[i].to.dst, tr[i].at + tr[i].from.off,
                     tr[i].from.off, tr[i].to.off, tr[i].to.abbr, NULL);
  }
  sb_puts(b, "END:VTIMEZONE");
  put_line(out, b);
  free(r1.p);
  free(r2.p);
  free(tr);
  return true;
}

const char *cp_ics_zone_check(const char *name)
{
  tz_zone z;
  const char *why = zone_load(name, &z);
  zone_fini(&z);
  return why;
}

/* ---- events -------------------------------------------------------------- */

static const char *zone_name(const cp_scenario *sc)
{
  const char *tz = sc->set.timezone;
  return tz && *tz ? tz : NULL;
}

cp_status cp_ics_check(const cp_scenario *sc, char *why, size_t n)
{
  assert(sc && why && "cp_ics_check: NULL argument");
  if (sc->set.term_start < 0 || sc->set.term_end < 0) {
    snprintf(why, n, "settings.csv has no term_start and term_end, which "
                     "anchor the calendars");
    return CP_ERR_INPUT;
  }
  const char *tz = zone_name(sc);
  const char *bad = tz ? cp_ics_zone_check(tz) : NULL;
  if (bad) {
    snprintf(why, n, "timezone '%s' %s", tz, bad);
    return CP_ERR_INPUT;
  }
  if (n)
    why[0] = 0;
  return CP_OK;
}

void cp_ics_file_name(const cp_scenario *sc, int therapist, char *buf,
                      size_t n)
{
  assert(therapist >= 0 && therapist < sc->therapists.n &&
         "cp_ics_file_name: therapist out of range");
  sbuf b = {0};
  sb_puts(&b, "ics/");
  sb_safe(&b, sc->therapists.v[therapist].id);
  sb_puts(&b, ".ics");
  snprintf(buf, n, "%s", b.oom || !b.p ? "ics/therapist.ics" : b.p);
  free(b.p);
}

/* Rows of one therapist in (week, day, start, end, activity) order. */
static int cmp_rows(const void *a, const void *b)
{
  const cp_row *x = *(const cp_row *const *)a, *y = *(const cp_row *const *)b;
  if (x->week != y->week)
    return x->week - y->week;
  if (x->day != y->day)
    return x->day - y->day;
  if (x->start != y->start)
    return x->start - y->start;
  if (x->end != y->end)
    return x->end - y->end;
  return strcmp(x->kind ? x->kind : "", y->kind ? y->kind : "");
}

static const char *duty_label(const char *kind)
{
  static const char *const map[][2] = {
      {"iep_meeting", "IEP meeting"}, {"evaluation", "Evaluation"},
      {"planning", "Planning"},       {"meeting", "Meeting"},
      {"documentation", "Documentation"},
      {"reserve", "IEP/evaluation reserve"},
      {"duty", "Duty"}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (!strcmp(kind, map[i][0]))
      return map[i][1];
  return kind;
}

static void sb_students(sbuf *b, const cp_scenario *sc, const cp_row *r)
{
  for (int k = 0; k < r->n_services; k++) {
    if (k)
      sb_text(b, ", ");
    sb_text(b, sc->students.v[sc->services.v[r->services[k]].student].id);
  }
}

static const char *school_label(const cp_school *sch)
{
  return sch->name && *sch->name ? sch->name : sch->id;
}

static void sb_summary(sbuf *b, const cp_scenario *sc, const cp_row *r)
{
  const char *disc =
      r->n_services
          ? sc->disciplines[sc->services.v[r->services[0]].discipline]
          : NULL;
  switch (r->act) {
  case CP_ACT_SESSION:
  case CP_ACT_CONSULT:
    if (disc) {
      sb_text(b, disc);
      sb_puts(b, r->act == CP_ACT_CONSULT ? " consult: "
                 : r->n_services > 1      ? " group: "
                                          : " session: ");
      sb_students(b, sc, r);
    } else {
      sb_puts(b, r->act == CP_ACT_CONSULT ? "Consult" : "Session");
    }
    return;
  case CP_ACT_TRAVEL:
    sb_puts(b, "Travel");
    if (r->school >= 0) {
      sb_puts(b, " to ");
      sb_text(b, school_label(&sc->schools.v[r->school]));
    }
    return;
  case CP_ACT_LUNCH:
    sb_puts(b, "Lunch");
    return;
  case CP_ACT_DOC:
    sb_puts(b, "Documentation");
    return;
  case CP_ACT_RESERVE:
    sb_puts(b, "IEP/evaluation reserve");
    return;
  case CP_ACT_DUTY:
    sb_text(b, duty_label(r->kind ? r->kind : "duty"));
    return;
  }
}

static void sb_description(sbuf *b, const cp_scenario *sc, const cp_row *r)
{
  char t0[6], t1[6];
  cp_format_time(r->start, t0);
  cp_format_time(r->end, t1);
  sb_puts(b, "Activity: ");
  sb_text(b, r->kind ? r->kind : cp_act_name(r->act));
  if (r->n_services) {
    const cp_service *sv = &sc->services.v[r->services[0]];
    sb_puts(b, " (");
    sb_text(b, sc->disciplines[sv->discipline]);
    sb_puts(b, sv->mode == CP_DIRECT ? " direct)" : " consult)");
    sb_puts(b, r->n_services > 1 ? "\\nStudents: " : "\\nStudent: ");
    sb_students(b, sc, r);
  }
  if (r->school >= 0) {
    const cp_school *sch = &sc->schools.v[r->school];
    sb_puts(b, "\\nSchool: ");
    sb_text(b, school_label(sch));
    sb_puts(b, " (");
    sb_text(b, sch->id);
    sb_puts(b, ")");
  }
  sb_printf(b, "\\nTime: %s-%s (%d min)", t0, t1, r->end - r->start);
  if (sc->set.rotation_weeks > 1)
    sb_printf(b, "\\nRotation: week %d of %d", r->week + 1,
              sc->set.rotation_weeks);
}

/* DTSTART-like value: ";TZID=zone:YYYYMMDDTHHMMSS" or ":..." floating. */
static void sb_local(sbuf *b, const char *tz, int date, int minutes)
{
  if (tz) {
    sb_puts(b, ";TZID=");
    sb_puts(b, tz);
  }
  sb_puts(b, ":");
  sb_stamp(b, (long long)date * DAY_SECONDS + (long long)minutes * 60);
}

/* The end of a VEVENT, from SUMMARY (after PREFIX) to END:VEVENT; NOTE is
 * appended to the description (already escaped). */
static void put_event_end(FILE *out, sbuf *b, const cp_scenario *sc,
                          const cp_row *r, const char *prefix,
                          const char *note)
{
  sb_puts(b, "SUMMARY:");
  sb_puts(b, prefix);
  sb_summary(b, sc, r);
  put_line(out, b);
  if (r->school >= 0) {
    sb_puts(b, "LOCATION:");
    sb_text(b, school_label(&sc->schools.v[r->school]));
    put_line(out, b);
  }
  sb_puts(b, "DESCRIPTION:");
  sb_description(b, sc, r);
  sb_puts(b, note);
  put_line(out, b);
  sb_puts(b, "CATEGORIES:");
  sb_text(b, r->kind ? r->kind : cp_act_name(r->act));
  put_line(out, b);
  sb_puts(b, "TRANSP:OPAQUE");
  put_line(out, b);
  sb_puts(b, "END:VEVENT");
  put_line(out, b);
}

static void put_event(FILE *out, sbuf *b, const cp_scenario *sc,
                      const cp_row *r, int dup, const char *tz, long long until,
                      int first)
{
  const cp_therapist *th = &sc->therapists.v[r->therapist];
  int W = sc->set.rotation_weeks, y, m, d, wd;
  sb_puts(b, "BEGIN:VEVENT");
  put_line(out, b);
  /* UID: stable across runs; term_start keeps next term's file from
   * replacing this term's events in a client that keeps both */
  cp_date_split(sc->set.term_start, &y, &m, &d, &wd);
  sb_printf(b, "UID:%04d%02d%02d-", y, m, d);
  sb_safe(b, th->id);
  sb_printf(b, "-w%d-%s-%02d%02d-", r->week + 1, cp_day_name[r->day],
            r->start / 60, r->start % 60);
  sb_safe(b, r->kind ? r->kind : cp_act_name(r->act));
  if (dup)
    sb_printf(b, "-%d", dup + 1);
  sb_puts(b, "@caseplan");
  put_line(out, b);
  sb_printf(b, "DTSTAMP:%04d%02d%02dT000000Z", y, m, d);
  put_line(out, b);
  sb_puts(b, "DTSTART");
  sb_local(b, tz, first, r->start);
  put_line(out, b);
  sb_puts(b, "DTEND");
  sb_local(b, tz, first, r->end);
  put_line(out, b);
  sb_puts(b, "RRULE:FREQ=WEEKLY");
  if (W > 1)
    sb_printf(b, ";INTERVAL=%d", W);
  sb_puts(b, ";UNTIL=");
  sb_stamp(b, until);
  if (tz)
    sb_puts(b, "Z");
  put_line(out, b);
  int n_ex = 0;
  for (int date = first; date <= sc->set.term_end; date += 7 * W)
    if (cp_calendar_removes(sc, r, date)) {
      if (n_ex++ == 0) {
        sb_puts(b, "EXDATE");
        sb_local(b, tz, date, r->start);
      } else {
        sb_puts(b, ",");
        sb_stamp(b, (long long)date * DAY_SECONDS + r->start * 60LL);
      }
    }
  if (n_ex)
    put_line(out, b);
  put_event_end(out, b, sc, r, "", "");
}

/* One make-up row of the term plan: a single event on its date. */
static void put_makeup(FILE *out, sbuf *b, const cp_scenario *sc,
                       const cp_occ *o, const char *tz)
{
  const cp_row *r = &o->r;
  int y, m, d, wd, y2, m2, d2;
  sb_puts(b, "BEGIN:VEVENT");
  put_line(out, b);
  cp_date_split(sc->set.term_start, &y, &m, &d, &wd);
  cp_date_civil(o->date, &y2, &m2, &d2);
  sb_printf(b, "UID:%04d%02d%02d-", y, m, d);
  sb_safe(b, sc->therapists.v[r->therapist].id);
  sb_printf(b, "-makeup-%04d%02d%02d-%02d%02d-", y2, m2, d2, r->start / 60,
            r->start % 60);
  sb_safe(b, r->kind ? r->kind : cp_act_name(r->act));
  sb_puts(b, "@caseplan");
  put_line(out, b);
  sb_printf(b, "DTSTAMP:%04d%02d%02dT000000Z", y, m, d);
  put_line(out, b);
  sb_puts(b, "DTSTART");
  sb_local(b, tz, o->date, r->start);
  put_line(out, b);
  sb_puts(b, "DTEND");
  sb_local(b, tz, o->date, r->end);
  put_line(out, b);
  put_event_end(out, b, sc, r, "Make-up: ",
                "\\nMake-up: this date only (see term.csv and "
                "term_minutes.csv)");
}

cp_status cp_ics_write(FILE *out, const cp_scenario *sc, const cp_schedule *s,
                       const cp_term *term, int therapist)
{
  assert(out && sc && s && "cp_ics_write: NULL argument");
  assert(therapist >= 0 && therapist < sc->therapists.n &&
         "cp_ics_write: therapist out of range");
  char why[300];
  if (cp_ics_check(sc, why, sizeof why) != CP_OK)
    return CP_ERR_INPUT;
  const char *tz = zone_name(sc);
  cp_status st = CP_ERR_NOMEM;
  tz_zone z;
  memset(&z, 0, sizeof z);
  sbuf b = {0};
  const cp_row **ix = malloc(((size_t)s->n + 1) * sizeof *ix);
  if (!ix)
    goto done;
  if (tz && zone_load(tz, &z)) {
    st = CP_ERR_INPUT;
    goto done;
  }
  int n = 0;
  for (int i = 0; i < s->n; i++)
    if (s->rows[i].therapist == therapist &&
        cp_row_in_range(sc, &s->rows[i]))
      ix[n++] = &s->rows[i];
  qsort(ix, (size_t)n, sizeof *ix, cmp_rows);

  int ts = sc->set.term_start, te = sc->set.term_end;
  /* UNTIL: the last second of term_end, in UTC when zoned */
  long long until = (long long)te * DAY_SECONDS + DAY_SECONDS - 1;
  if (tz)
    until -= type_at(&z, until - type_at(&z, until).off).off;

  const cp_therapist *th = &sc->therapists.v[therapist];
  sb_puts(&b, "BEGIN:VCALENDAR");
  put_line(out, &b);
  sb_puts(&b, "VERSION:2.0");
  put_line(out, &b);
  sb_puts(&b, "PRODID:-//caseplan//caseplan " CP_VERSION "//EN");
  put_line(out, &b);
  sb_puts(&b, "CALSCALE:GREGORIAN");
  put_line(out, &b);
  sb_puts(&b, "METHOD:PUBLISH");
  put_line(out, &b);
  sb_puts(&b, "X-WR-CALNAME:caseplan ");
  sb_text(&b, th->id);
  if (th->name && *th->name) {
    sb_puts(&b, " (");
    sb_text(&b, th->name);
    sb_puts(&b, ")");
  }
  put_line(out, &b);
  if (tz) {
    sb_puts(&b, "X-WR-TIMEZONE:");
    sb_puts(&b, tz);
    put_line(out, &b);
    /* from a year before the term (the offsets in effect when it starts)
     * to two days after it (UNTIL and events near midnight) */
    long long a = (long long)cp_date_from_civil(year_of(ts * DAY_SECONDS) - 1,
                                             1, 1) * DAY_SECONDS;
    if (!put_vtimezone(out, &b, tz, &z, a,
                       (long long)(te + 2) * DAY_SECONDS))
      goto done;
  }
  int dup = 0;
  const cp_row *p = NULL;
  for (int i = 0; i < n; i++) {
    const cp_row *r = ix[i];
    int first = cp_term_first_date(sc, r->week, r->day);
    if (first > te)
      continue; /* the term is too short for this week of the cycle */
    bool same = p && p->week == r->week && p->day == r->day &&
                p->start == r->start &&
                !strcmp(p->kind ? p->kind : "", r->kind ? r->kind : "");
    dup = same ? dup + 1 : 0;
    p = r;
    put_event(out, &b, sc, r, dup, tz, until, first);
  }
  for (int i = 0; term && i < term->n; i++)
    if (term->occ[i].makeup && term->occ[i].r.therapist == therapist &&
        cp_row_in_range(sc, &term->occ[i].r))
      put_makeup(out, &b, sc, &term->occ[i], tz);
  sb_puts(&b, "END:VCALENDAR");
  put_line(out, &b);
  st = b.oom ? CP_ERR_NOMEM : CP_OK;
done:
  free(b.p);
  zone_fini(&z);
  free(ix);
  return st;
}
