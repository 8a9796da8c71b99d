/* calendar.c — dates of the term and what calendar.csv takes away (see
 * calendar.h).  Civil dates use Howard Hinnant's algorithms. */
#include "calendar.h"

#include <assert.h>
#include <stdio.h>

int cp_date_weekday(int date)
{
  return ((date % 7) + 7 + 3) % 7; /* 1970-01-01 was a Thursday */
}

void cp_date_civil(int date, int *y, int *m, int *d)
{
  int z = date + 719468;
  int era = (z >= 0 ? z : z - 146096) / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = yoe + era * 400 + (*m <= 2);
}

int cp_date_from_civil(int y, int m, int d)
{
  y -= m <= 2;
  int era = (y >= 0 ? y : y - 399) / 400;
  int yoe = y - era * 400;
  int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void cp_date_month(int date, int *first, int *last)
{
  int y, m, d;
  cp_date_civil(date, &y, &m, &d);
  *first = date - (d - 1);
  *last = m == 12 ? cp_date_from_civil(y + 1, 1, 1) - 1
                  : cp_date_from_civil(y, m + 1, 1) - 1;
}

void cp_date_format(int date, char buf[11])
{
  int y, m, d;
  cp_date_civil(date, &y, &m, &d);
  if (y < 0 || y > 9999)
    y = 0;
  snprintf(buf, 11, "%04d-%02d-%02d", y, m, d);
}

int cp_term_monday(const cp_scenario *sc)
{
  assert(sc->set.term_start >= 0 && "cp_term_monday: no term_start");
  return sc->set.term_start - cp_date_weekday(sc->set.term_start);
}

int cp_term_cycle_week(const cp_scenario *sc, int date)
{
  int k = (date - cp_term_monday(sc)) / 7;
  assert(k >= 0 && "cp_term_cycle_week: date before the term's first week");
  return k % sc->set.rotation_weeks;
}

int cp_term_first_date(const cp_scenario *sc, int week, int day)
{
  int first = cp_term_monday(sc) + 7 * week + day;
  while (first < sc->set.term_start)
    first += 7 * sc->set.rotation_weeks;
  return first;
}

/* The first calendar entry on or after DATE (the calendar is sorted by
 * date: cp_scenario_derive). */
static int first_on(const cp_scenario *sc, int date)
{
  int lo = 0, hi = sc->calendar.n;
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (sc->calendar.v[mid].date < date)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

bool cp_calendar_holiday(const cp_scenario *sc, int school, int date)
{
  for (int i = first_on(sc, date); i < sc->calendar.n; i++) {
    const cp_calday *c = &sc->calendar.v[i];
    if (c->date != date)
      break;
    if (c->holiday &&
        (c->school == CP_NONE || c->school == school))
      return true;
  }
  return false;
}

int cp_calendar_day_end(const cp_scenario *sc, int school, int date)
{
  int end = sc->schools.v[school].end;
  for (int i = first_on(sc, date); i < sc->calendar.n; i++) {
    const cp_calday *c = &sc->calendar.v[i];
    if (c->date != date)
      break;
    if (!c->holiday &&
        (c->school == CP_NONE || c->school == school) && c->end < end)
      end = c->end;
  }
  return end;
}

bool cp_calendar_removes(const cp_scenario *sc, const cp_row *r, int date)
{
  for (int i = first_on(sc, date); i < sc->calendar.n; i++) {
    const cp_calday *c = &sc->calendar.v[i];
    if (c->date != date)
      break;
    if (c->holiday && (c->school == CP_NONE || c->school == r->school))
      return true;
    if (!c->holiday && r->act == CP_ACT_SESSION && r->school >= 0 &&
        (c->school == CP_NONE || c->school == r->school) && r->end > c->end)
      return true;
  }
  return false;
}
