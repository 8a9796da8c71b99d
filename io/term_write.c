/* term_write.c — term.csv and term_minutes.csv (see term_write.h). */
#include "term_write.h"

#include "../solver/calendar.h"
#include "out_dir.h"
#include "schedule_write.h"
#include "values.h"

void cp_term_write_csv(FILE *out, const cp_scenario *sc, const cp_term *t)
{
  fputs("therapist_id,date,week,day,start,end,school_id,activity,students,"
        "services,minutes,makeup\n",
        out);
  for (int i = 0; i < t->n; i++) {
    const cp_occ *o = &t->occ[i];
    if (o->removed)
      continue;
    const cp_row *r = &o->r;
    char dt[11], a[6], b[6];
    cp_date_format(o->date, dt);
    cp_format_time(r->start, a);
    cp_format_time(r->end, b);
    cp_csv_put(out, sc->therapists.v[r->therapist].id);
    fprintf(out, ",%s,%d,%s,%s,%s,", dt, r->week + 1, cp_day_name[r->day], a,
            b);
    if (r->school != CP_NONE)
      cp_csv_put(out, sc->schools.v[r->school].id);
    fputc(',', out);
    cp_csv_put(out, r->kind ? r->kind : cp_act_name(r->act));
    fputc(',', out);
    cp_schedule_put_session(out, sc, r);
    fprintf(out, "%d,%s\n", r->end - r->start, o->makeup ? "yes" : "no");
  }
}

void cp_term_minutes_write_csv(FILE *out, const cp_scenario *sc,
                               const cp_term *t)
{
  fputs("student_id,discipline,mode,therapist_id,minutes,per,period_start,"
        "period_end,required_minutes,planned_minutes,removed_minutes,"
        "makeup_minutes,delivered_minutes,debt_minutes,reason\n",
        out);
  for (int i = 0; i < t->n_per; i++) {
    const cp_term_period *p = &t->per[i];
    const cp_service *sv = &sc->services.v[p->service];
    char a[11], b[11];
    cp_date_format(p->first, a);
    cp_date_format(p->last, b);
    cp_csv_put(out, sc->students.v[sv->student].id);
    fputc(',', out);
    cp_csv_put(out, sc->disciplines[sv->discipline]);
    fprintf(out, ",%s,", sv->mode == CP_DIRECT ? "direct" : "consult");
    if (p->therapist != CP_NONE)
      cp_csv_put(out, sc->therapists.v[p->therapist].id);
    fprintf(out, ",%d,%s,%s,%s,%d,%d,%d,%d,%d,%d,", sv->minutes,
            sv->per == CP_PER_MONTH ? "month" : "week", a, b, p->required,
            p->planned, p->removed, p->makeup, p->delivered, p->debt);
    cp_csv_put(out, p->reason);
    fputc('\n', out);
  }
}
