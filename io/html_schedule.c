/* html_schedule.c — schedule.html, and the page frame, escaping and colours
 * that report.html shares (see html_schedule.h).
 *
 * A writer at the end of the flow: rows of a verified schedule in, one
 * self-contained HTML file out.  Blocks are placed with percentages of the
 * day column, so the same markup fills a screen (1.5 px a minute) and an
 * A4 or Letter page (the column is 205 mm tall in print).  Every figure is
 * taken from cp_workload_compute and cp_schedule_service_minutes, the
 * numbers of workload.csv and minutes.csv.
 */
#include "html_schedule.h"

#include "../solver/workload.h"
#include "schedule_write.h"
#include "values.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Okabe-Ito based: tells the categories apart with common colour-vision
 * deficiencies, and prints legibly in grey (fills differ in lightness). */
const cp_html_cat_info cp_html_cats[CP_HCAT_COUNT] = {
    [CP_HCAT_SESSION] = {"session", "Session (individual)", "#cfe2f3",
                         "#0072b2"},
    [CP_HCAT_GROUP] = {"group", "Group session", "#c8eadb", "#009e73"},
    [CP_HCAT_CONSULT] = {"consult", "Consult", "#fbe1bd", "#e69f00"},
    [CP_HCAT_DOC] = {"doc", "Documentation", "#e6e6e6", "#6e6e6e"},
    [CP_HCAT_PLANNING] = {"planning", "Planning", "#e4d9ef", "#7b52ab"},
    [CP_HCAT_IEP_EVAL] = {"iep", "IEP meeting / evaluation", "#f6d3e3",
                          "#cc79a7"},
    [CP_HCAT_RESERVE] = {"reserve", "IEP/evaluation reserve", "#f7efb8",
                         "#a88f00"},
    [CP_HCAT_MEETING] = {"meeting", "Meeting / other duty", "#e6d8c8",
                         "#8c6239"},
    [CP_HCAT_TRAVEL] = {"travel", "Travel", "#f1dcd2", "#d55e00"},
    [CP_HCAT_LUNCH] = {"lunch", "Lunch", "#d9effa", "#56b4e9"},
};

cp_html_cat cp_html_category(const cp_row *r)
{
  const char *k = r->kind ? r->kind : "";
  switch (r->act) {
  case CP_ACT_SESSION:
    return r->n_services > 1 ? CP_HCAT_GROUP : CP_HCAT_SESSION;
  case CP_ACT_CONSULT:
    return CP_HCAT_CONSULT;
  case CP_ACT_LUNCH:
    return CP_HCAT_LUNCH;
  case CP_ACT_TRAVEL:
    return CP_HCAT_TRAVEL;
  case CP_ACT_DOC:
    return CP_HCAT_DOC;
  case CP_ACT_RESERVE:
    return CP_HCAT_RESERVE;
  case CP_ACT_DUTY:
    break;
  }
  if (!strcmp(k, "planning"))
    return CP_HCAT_PLANNING;
  if (!strcmp(k, "iep_meeting") || !strcmp(k, "evaluation"))
    return CP_HCAT_IEP_EVAL;
  if (!strcmp(k, "documentation"))
    return CP_HCAT_DOC;
  if (!strcmp(k, "reserve"))
    return CP_HCAT_RESERVE;
  return CP_HCAT_MEETING;
}

void cp_html_text(FILE *out, const char *s)
{
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    switch (c) {
    case '&':
      fputs("&amp;", out);
      break;
    case '<':
      fputs("&lt;", out);
      break;
    case '>':
      fputs("&gt;", out);
      break;
    case '"':
      fputs("&quot;", out);
      break;
    case '\'':
      fputs("&#39;", out);
      break;
    default:
      if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
        fputs("\xEF\xBF\xBD", out);
      else
        fputc(c, out);
    }
  }
}

char cp_html_week_letter(int w)
{
  return (char)('A' + w);
}

static const char COMMON_CSS[] =
    ":root{--ink:#1a1a1a;--muted:#555;--rule:#cfcfcf}\n"
    "*{box-sizing:border-box}\n"
    "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "body{font:13px/1.35 system-ui,-apple-system,\"Segoe UI\",Roboto,"
    "\"Helvetica Neue\",Arial,\"DejaVu Sans\",sans-serif;color:var(--ink);"
    "margin:16px auto;max-width:1200px;padding:0 16px}\n"
    "h1{font-size:20px;margin:0 0 4px}\n"
    "h2{font-size:16px;margin:24px 0 6px;padding-bottom:2px;"
    "border-bottom:1px solid var(--rule)}\n"
    "h3{font-size:14px;margin:16px 0 6px}\n"
    ".meta{color:var(--muted);margin:0 0 6px}\n"
    "table{border-collapse:collapse;font-variant-numeric:tabular-nums;"
    "margin:4px 0 10px}\n"
    "th,td{border:1px solid var(--rule);padding:2px 6px;text-align:left;"
    "vertical-align:top}\n"
    "thead th{background:#f2f2f2}\n"
    ".n{text-align:right}\n"
    ".legend{display:flex;flex-wrap:wrap;gap:3px 14px;list-style:none;"
    "padding:0;margin:4px 0 8px;font-size:12px}\n"
    ".legend li{display:flex;align-items:center;gap:5px}\n"
    ".sw{display:inline-block;width:16px;height:12px;border-style:solid;"
    "border-width:1px 1px 1px 4px}\n"
    ".c-travel{background-image:repeating-linear-gradient(135deg,"
    "transparent 0 4px,rgba(255,255,255,.75) 4px 8px)}\n"
    ".c-lunch{border-style:dashed}\n"
    "nav a{margin-right:14px}\n"
    ".bad{color:#b00020;font-weight:600}\n"
    "@page{margin:10mm}\n"
    "@media print{body{margin:0;max-width:none;padding:0;font-size:10px}"
    ".noprint{display:none}a{color:inherit;text-decoration:none}"
    "tr{break-inside:avoid}h2,h3{break-after:avoid}}\n";

void cp_html_begin(FILE *out, const char *title, const char *extra_css)
{
  fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
        "<meta charset=\"utf-8\">\n"
        /* student data: nothing may leave the page or load into it */
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
        "'none'; style-src 'unsafe-inline'; img-src data:; form-action "
        "'none'\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"caseplan " CP_VERSION "\">\n"
        "<title>",
        out);
  cp_html_text(out, title);
  fputs("</title>\n<style>\n", out);
  fputs(COMMON_CSS, out);
  for (int c = 0; c < CP_HCAT_COUNT; c++)
    fprintf(out, ".c-%s{background-color:%s;border-color:%s}\n",
            cp_html_cats[c].css, cp_html_cats[c].fill, cp_html_cats[c].strong);
  if (extra_css)
    fputs(extra_css, out);
  fputs("</style>\n</head>\n<body>\n", out);
}

void cp_html_end(FILE *out)
{
  fputs("</body>\n</html>\n", out);
}

void cp_html_legend(FILE *out, bool bars)
{
  fputs("<ul class=\"legend\">", out);
  for (int c = 0; c < CP_HCAT_COUNT; c++) {
    if (bars)
      fprintf(out, "<li><span class=\"sw\" style=\"background:%s;"
                   "border-color:%s\"></span>%s</li>",
              cp_html_cats[c].strong, cp_html_cats[c].strong,
              cp_html_cats[c].label);
    else
      fprintf(out, "<li><span class=\"sw c-%s\"></span>%s</li>",
              cp_html_cats[c].css, cp_html_cats[c].label);
  }
  fputs("</ul>\n", out);
}

/* ---- schedule.html ------------------------------------------------------- */

static const char SCHEDULE_CSS[] =
    ".tw{margin-bottom:28px}\n"
    ".grid{display:grid;grid-template-columns:3.4em "
    "repeat(var(--days),minmax(0,1fr))}\n"
    ".dh{text-align:center;font-weight:600;padding:2px 0;"
    "border-bottom:1px solid var(--rule)}\n"
    ".axis,.col{position:relative;height:calc(var(--span) * 1.5px)}\n"
    ".axis span{position:absolute;right:4px;transform:translateY(-50%);"
    "font-size:11px;color:var(--muted);font-variant-numeric:tabular-nums}\n"
    ".col{border-left:1px solid var(--rule);background-color:#f4f4f4;"
    "background-image:linear-gradient(to bottom,#dcdcdc 1px,transparent "
    "1px);background-size:100% calc(100% * 60 / var(--span))}\n"
    ".on{position:absolute;left:0;right:0;background:#fff;"
    "background-image:linear-gradient(to bottom,#e4e4e4 1px,transparent "
    "1px);background-size:100% calc(100% * 60 / var(--on))}\n"
    ".b{position:absolute;left:2px;right:2px;overflow:hidden;"
    "border-style:solid;border-width:1px 1px 1px 4px;border-radius:2px;"
    "padding:0 3px;"
    "font-size:11px;line-height:1.2}\n"
    ".b b{font-variant-numeric:tabular-nums}\n"
    ".b i{font-style:normal;color:#333}\n"
    ".nw{white-space:nowrap}\n"
    "#students table{width:100%}\n"
    ".short{color:#b00020;font-weight:600}\n"
    "@media print{.tw{break-before:page;break-inside:avoid;margin:0}"
    ".axis,.col{height:205mm}.b{font-size:8px;line-height:1.15}"
    ".view{break-before:page}.doc-head{display:none}"
    "table{font-size:9px}}\n";

static int cmp_rows(const void *a, const void *b)
{
  const cp_row *x = *(const cp_row *const *)a, *y = *(const cp_row *const *)b;
  if (x->therapist != y->therapist)
    return x->therapist - y->therapist;
  if (x->week != y->week)
    return x->week - y->week;
  if (x->day != y->day)
    return x->day - y->day;
  if (x->start != y->start)
    return x->start - y->start;
  return x->end - y->end;
}

/* Same order without the therapist (a student's week). */
static int cmp_rows_time(const void *a, const void *b)
{
  const cp_row *x = *(const cp_row *const *)a, *y = *(const cp_row *const *)b;
  if (x->week != y->week)
    return x->week - y->week;
  if (x->day != y->day)
    return x->day - y->day;
  if (x->start != y->start)
    return x->start - y->start;
  return x->therapist - y->therapist;
}

static void put_time(FILE *out, int minutes)
{
  char t[6];
  cp_format_time(minutes, t);
  fputs(t, out);
}

static void put_span(FILE *out, int start, int end)
{
  put_time(out, start);
  fputs("\xE2\x80\x93", out); /* en dash */
  put_time(out, end);
}

static const char *student_id(const cp_scenario *sc, int service)
{
  return sc->students.v[sc->services.v[service].student].id;
}

static void put_students(FILE *out, const cp_scenario *sc, const cp_row *r,
                         const char *sep)
{
  for (int k = 0; k < r->n_services; k++) {
    if (k)
      fputs(sep, out);
    cp_html_text(out, student_id(sc, r->services[k]));
  }
}

static void put_service_name(FILE *out, const cp_scenario *sc, int service)
{
  const cp_service *sv = &sc->services.v[service];
  cp_html_text(out, sc->disciplines[sv->discipline]);
  fputs(sv->mode == CP_DIRECT ? " direct" : " consult", out);
}

/* The tooltip of a block: everything the block may be too small to show. */
static void put_block_title(FILE *out, const cp_scenario *sc, const cp_row *r)
{
  put_span(out, r->start, r->end);
  fputc(' ', out);
  cp_html_text(out, r->kind);
  if (r->n_services) {
    fputs(": ", out);
    put_students(out, sc, r, ", ");
    fputs(" (", out);
    put_service_name(out, sc, r->services[0]);
    fputc(')', out);
  }
  if (r->school >= 0) {
    fputs(r->act == CP_ACT_TRAVEL ? " to " : " at ", out);
    cp_html_text(out, sc->schools.v[r->school].id);
    fputc(' ', out);
    cp_html_text(out, sc->schools.v[r->school].name);
  }
}

static void put_block(FILE *out, const cp_scenario *sc, const cp_row *r,
                      int t0, int span)
{
  fprintf(out,
          "<div class=\"b c-%s\" style=\"top:%.3f%%;height:%.3f%%\" "
          "title=\"",
          cp_html_cats[cp_html_category(r)].css,
          100.0 * (r->start - t0) / span, 100.0 * (r->end - r->start) / span);
  put_block_title(out, sc, r);
  fputs("\"><b>", out);
  put_span(out, r->start, r->end);
  fputs("</b> ", out);
  if (r->n_services)
    put_students(out, sc, r, " ");
  else if (r->act == CP_ACT_TRAVEL)
    fputs("travel \xE2\x86\x92", out); /* arrow */
  else
    cp_html_text(out, r->kind);
  if (r->school >= 0) {
    fputs(" <i>", out);
    cp_html_text(out, sc->schools.v[r->school].id);
    fputs("</i>", out);
  }
  fputs("</div>", out);
}

/* Contract days and hours of a therapist, "Mon–Wed 07:45–15:45; Thu
 * 07:45–11:45": one part per pattern, runs of days as ranges. */
static void put_contract(FILE *out, const cp_therapist *th)
{
  bool done[CP_DAYS] = {false};
  int n = 0;
  for (int d = 0; d < CP_DAYS; d++) {
    if (!th->day[d].works || done[d])
      continue;
    bool same[CP_DAYS] = {false};
    for (int e = d; e < CP_DAYS; e++)
      same[e] = th->day[e].works && !done[e] &&
                th->day[e].start == th->day[d].start &&
                th->day[e].end == th->day[d].end;
    fputs(n++ ? "; " : "", out);
    for (int e = d, k = 0; e < CP_DAYS; e++) {
      if (!same[e])
        continue;
      int last = e;
      while (last + 1 < CP_DAYS && same[last + 1])
        last++;
      fprintf(out, "%s%s", k++ ? " " : "", cp_day_name[e]);
      if (last > e)
        fprintf(out, "%s%s", last > e + 1 ? "\xE2\x80\x93" : " ",
                cp_day_name[last]);
      for (int x = e; x <= last; x++)
        done[x] = true;
      e = last;
    }
    fputc(' ', out);
    put_span(out, th->day[d].start, th->day[d].end);
  }
  if (!n)
    fputs("no working days", out);
}

static double util_pct(const cp_workweek *x)
{
  int avail = x->contract - x->lunch;
  return avail > 0 ? 100.0 * x->worked / avail : 0.0;
}

/* One page per week of the cycle for therapist t, whose rows are rows[0]
 * .. rows[n-1] in (week, day, start) order. */
static void put_therapist(FILE *out, const cp_scenario *sc,
                          const cp_row *const *rows, int n, int t,
                          const cp_workload *wl)
{
  const cp_therapist *th = &sc->therapists.v[t];
  int W = sc->set.rotation_weeks;
  bool show[CP_DAYS];
  int t0 = 24 * 60, t1 = 0, days = 0;
  for (int d = 0; d < CP_DAYS; d++) {
    show[d] = th->day[d].works;
    if (th->day[d].works) {
      t0 = th->day[d].start < t0 ? th->day[d].start : t0;
      t1 = th->day[d].end > t1 ? th->day[d].end : t1;
    }
  }
  for (int i = 0; i < n; i++) {
    show[rows[i]->day] = true;
    t0 = rows[i]->start < t0 ? rows[i]->start : t0;
    t1 = rows[i]->end > t1 ? rows[i]->end : t1;
  }
  for (int d = 0; d < CP_DAYS; d++)
    days += show[d];
  t0 = t0 / 60 * 60;
  t1 = (t1 + 59) / 60 * 60;
  int span = t1 > t0 ? t1 - t0 : 60;

  int i = 0;
  for (int w = 0; w < W; w++) {
    const cp_workweek *x = cp_workload_at(wl, t, w);
    fprintf(out, "<section class=\"tw\" id=\"t%dw%d\">\n<h2>", t, w + 1);
    cp_html_text(out, th->id);
    if (th->name && *th->name) {
      fputs(" \xE2\x80\x94 ", out);
      cp_html_text(out, th->name);
    }
    fputs(" (", out);
    cp_html_text(out, sc->disciplines[th->discipline]);
    fputc(')', out);
    if (th->hire)
      fputs(", hypothetical hire", out);
    if (W > 1)
      fprintf(out, " \xC2\xB7 Week %c (%d of %d)", cp_html_week_letter(w),
              w + 1, W);
    fputs("</h2>\n<p class=\"meta\">Contract ", out);
    put_contract(out, th);
    int base = CP_NONE;
    for (int d = 0; d < CP_DAYS && base == CP_NONE; d++)
      if (th->day[d].works)
        base = th->day[d].base;
    if (base >= 0) {
      fputs(" \xC2\xB7 base ", out);
      cp_html_text(out, sc->schools.v[base].id);
    }
    fprintf(out,
            " \xC2\xB7 %d students, %d sessions, %d consults \xC2\xB7 worked "
            "%d of %d contract minutes, lunch %d, open %d "
            "(<span data-therapist=\"",
            x->students, x->sessions, x->consults, x->worked, x->contract,
            x->lunch, x->open);
    cp_html_text(out, th->id);
    fprintf(out, "\" data-week=\"%d\" class=\"util\">%.1f%%</span> of "
                 "contract minus lunch)</p>\n",
            w + 1, util_pct(x));
    cp_html_legend(out, false);
    fprintf(out, "<div class=\"grid\" style=\"--days:%d;--span:%d\">\n",
            days ? days : 1, span);
    fputs("<div></div>", out);
    for (int d = 0; d < CP_DAYS; d++)
      if (show[d])
        fprintf(out, "<div class=\"dh\">%s</div>", cp_day_name[d]);
    fputs("\n<div class=\"axis\">", out);
    for (int h = t0; h <= t1; h += 60) {
      fprintf(out, "<span style=\"top:%.3f%%\">", 100.0 * (h - t0) / span);
      put_time(out, h);
      fputs("</span>", out);
    }
    fputs("</div>\n", out);
    for (int d = 0; d < CP_DAYS; d++) {
      if (!show[d])
        continue;
      fputs("<div class=\"col\">", out);
      const cp_workday *wd = &th->day[d];
      if (wd->works && wd->end > wd->start)
        fprintf(out,
                "<div class=\"on\" style=\"top:%.3f%%;height:%.3f%%;--on:%d\">"
                "</div>",
                100.0 * (wd->start - t0) / span,
                100.0 * (wd->end - wd->start) / span, wd->end - wd->start);
      for (; i < n && rows[i]->week == w && rows[i]->day <= d; i++)
        if (rows[i]->day == d)
          put_block(out, sc, rows[i], t0, span);
      fputs("</div>\n", out);
    }
    fputs("</div>\n</section>\n", out);
  }
}

/* ---- school view: who is in the building when ---------------------------- */

typedef struct presence {
  int school, therapist, week, day, start, end;
} presence;

typedef struct presence_list {
  presence *v;
  int n, cap;
  bool oom;
} presence_list;

static void add_presence(presence_list *l, const presence *p)
{
  if (p->school < 0 || p->end <= p->start || l->oom)
    return;
  if (cp_vec_grow((void **)&l->v, &l->n, &l->cap, sizeof *l->v) < 0) {
    l->oom = true;
    return;
  }
  l->v[l->n - 1] = *p;
}

/* A therapist's day (rows sorted by start) as time at schools: the day
 * starts at the base school, a travel row arrives at its school when it
 * ends, and a row at another school without travel moves there; the stay
 * lasts until the next travel starts or the day's last row ends. */
static void day_presence(const cp_scenario *sc, const cp_row *const *r, int n,
                         presence_list *l)
{
  const cp_therapist *th = &sc->therapists.v[r[0]->therapist];
  presence p = {th->day[r[0]->day].works ? th->day[r[0]->day].base : CP_NONE,
                r[0]->therapist, r[0]->week, r[0]->day, r[0]->start, 0};
  for (int i = 0; i < n; i++) {
    if (r[i]->act == CP_ACT_TRAVEL) {
      p.end = r[i]->start;
      add_presence(l, &p);
      p.school = r[i]->school;
      p.start = r[i]->end;
    } else if (r[i]->school >= 0 && r[i]->school != p.school) {
      p.end = r[i]->start;
      add_presence(l, &p);
      p.school = r[i]->school;
      p.start = r[i]->start;
    }
  }
  p.end = r[n - 1]->end;
  add_presence(l, &p);
}

static int cmp_presence(const void *a, const void *b)
{
  const presence *x = a, *y = b;
  if (x->school != y->school)
    return x->school - y->school;
  if (x->therapist != y->therapist)
    return x->therapist - y->therapist;
  if (x->week != y->week)
    return x->week - y->week;
  if (x->day != y->day)
    return x->day - y->day;
  return x->start - y->start;
}

/* Days shown in the school and student tables: Mon-Fri and any day with a
 * row. */
static void view_days(const cp_row *const *rows, int n, bool show[CP_DAYS])
{
  for (int d = 0; d < CP_DAYS; d++)
    show[d] = d < 5;
  for (int i = 0; i < n; i++)
    show[rows[i]->day] = true;
}

static void put_day_heads(FILE *out, int W, const bool show[CP_DAYS])
{
  for (int w = 0; w < W; w++)
    for (int d = 0; d < CP_DAYS; d++)
      if (show[d]) {
        fputs("<th>", out);
        if (W > 1)
          fprintf(out, "%c ", cp_html_week_letter(w));
        fprintf(out, "%s</th>", cp_day_name[d]);
      }
}

static void put_schools(FILE *out, const cp_scenario *sc,
                        const cp_row *const *rows, int n)
{
  presence_list l = {0};
  for (int i = 0; i < n;) {
    int j = i + 1;
    while (j < n && rows[j]->therapist == rows[i]->therapist &&
           rows[j]->week == rows[i]->week && rows[j]->day == rows[i]->day)
      j++;
    day_presence(sc, rows + i, j - i, &l);
    i = j;
  }
  fputs("<section class=\"view\" id=\"schools\">\n<h2>Schools: who is in "
        "the building when</h2>\n<p class=\"meta\">Each therapist's time "
        "at the school: from arrival (the end of the drive, or the start of "
        "the day at the base school) until the next drive or the end of the "
        "day.</p>\n",
        out);
  if (l.oom) {
    fputs("<p class=\"bad\">Out of memory: the school view is missing.</p>\n"
          "</section>\n",
          out);
    free(l.v);
    return;
  }
  qsort(l.v, (size_t)l.n, sizeof *l.v, cmp_presence);
  bool show[CP_DAYS];
  view_days(rows, n, show);
  int W = sc->set.rotation_weeks;
  for (int s = 0, k = 0; s < sc->schools.n; s++) {
    const cp_school *sch = &sc->schools.v[s];
    fputs("<h3>", out);
    cp_html_text(out, sch->id);
    fputs(" \xE2\x80\x94 ", out);
    cp_html_text(out, sch->name);
    fputs(" <span class=\"meta\">(school day ", out);
    put_span(out, sch->start, sch->end);
    fputs(")</span></h3>\n", out);
    if (k >= l.n || l.v[k].school != s) {
      fputs("<p class=\"meta\">No therapist is scheduled here.</p>\n", out);
      continue;
    }
    fputs("<table><thead><tr><th>Therapist</th>", out);
    put_day_heads(out, W, show);
    fputs("</tr></thead><tbody>\n", out);
    while (k < l.n && l.v[k].school == s) {
      int t = l.v[k].therapist;
      const cp_therapist *th = &sc->therapists.v[t];
      fputs("<tr><th>", out);
      cp_html_text(out, th->id);
      fputs(" (", out);
      cp_html_text(out, sc->disciplines[th->discipline]);
      fputs(")</th>", out);
      for (int w = 0; w < W; w++)
        for (int d = 0; d < CP_DAYS; d++) {
          if (!show[d])
            continue;
          fputs("<td>", out);
          for (; k < l.n && l.v[k].school == s && l.v[k].therapist == t &&
                 l.v[k].week == w && l.v[k].day == d;
               k++) {
            fputs("<div class=\"nw\">", out);
            put_span(out, l.v[k].start, l.v[k].end);
            fputs("</div>", out);
          }
          fputs("</td>", out);
        }
      fputs("</tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
  }
  fputs("</section>\n", out);
  free(l.v);
}

/* ---- student view: when each student is pulled --------------------------- */

static int cmp_students(const void *a, const void *b)
{
  const cp_student *x = *(const cp_student *const *)a;
  const cp_student *y = *(const cp_student *const *)b;
  if (x->school != y->school)
    return x->school - y->school;
  return strcmp(x->id, y->id);
}

/* Compressed rows: start[i] .. start[i+1]-1 index into v, for i < n. */
typedef struct csr {
  int *start;
  const void **v;
} csr;

static void put_students_view(FILE *out, const cp_scenario *sc,
                              const cp_schedule *sched,
                              const cp_row *const *rows,
                              int n)
{
  int S = sc->students.n, N = sc->services.n, W = sc->set.rotation_weeks;
  int n_links = 0;
  for (int i = 0; i < n; i++)
    if (rows[i]->act == CP_ACT_SESSION || rows[i]->act == CP_ACT_CONSULT)
      n_links += rows[i]->n_services;
  int *minutes = calloc((size_t)N + 1, sizeof *minutes);
  int *fill = calloc((size_t)S + 1, sizeof *fill);
  csr by_row = {calloc((size_t)S + 1, sizeof(int)),
                calloc((size_t)n_links + 1, sizeof(void *))};
  csr by_svc = {calloc((size_t)S + 1, sizeof(int)),
                calloc((size_t)N + 1, sizeof(void *))};
  const cp_student **order = calloc((size_t)S + 1, sizeof *order);
  fputs("<section class=\"view\" id=\"students\">\n<h2>Students: when each "
        "student is pulled</h2>\n",
        out);
  if (!minutes || !fill || !by_row.start || !by_row.v || !by_svc.start ||
      !by_svc.v || !order) {
    fputs("<p class=\"bad\">Out of memory: the student view is missing.</p>\n",
          out);
    goto done;
  }
  fputs("<p class=\"meta\">Minutes are scheduled / required per cycle, as in "
        "minutes.csv. Consults are with staff at the school: the student is "
        "not pulled.</p>\n",
        out);
  cp_schedule_service_minutes(sc, sched, minutes, NULL); /* minutes.csv */
  /* services and row links per student (counting sort) */
  for (int k = 0; k < N; k++)
    by_svc.start[sc->services.v[k].student]++;
  for (int i = 0; i < n; i++)
    if (rows[i]->act == CP_ACT_SESSION || rows[i]->act == CP_ACT_CONSULT)
      for (int k = 0; k < rows[i]->n_services; k++)
        by_row.start[sc->services.v[rows[i]->services[k]].student]++;
  for (int s = 0, a = 0, b = 0; s <= S; s++) {
    int ca = by_svc.start[s], cb = by_row.start[s];
    by_svc.start[s] = a;
    by_row.start[s] = b;
    a += ca;
    b += cb;
  }
  for (int k = 0; k < N; k++) {
    int s = sc->services.v[k].student;
    by_svc.v[by_svc.start[s] + fill[s]++] = &sc->services.v[k];
  }
  memset(fill, 0, ((size_t)S + 1) * sizeof *fill);
  for (int i = 0; i < n; i++)
    if (rows[i]->act == CP_ACT_SESSION || rows[i]->act == CP_ACT_CONSULT)
      for (int k = 0; k < rows[i]->n_services; k++) {
        int s = sc->services.v[rows[i]->services[k]].student;
        by_row.v[by_row.start[s] + fill[s]++] = rows[i];
      }
  for (int s = 0; s < S; s++) {
    order[s] = &sc->students.v[s];
    qsort(by_row.v + by_row.start[s],
          (size_t)(by_row.start[s + 1] - by_row.start[s]), sizeof(void *),
          cmp_rows_time);
  }
  qsort(order, (size_t)S, sizeof *order, cmp_students);
  bool show[CP_DAYS];
  view_days(rows, n, show);
  fputs("<table><thead><tr><th>Student</th><th>School</th><th>Grade / "
        "class</th><th>Services (min per cycle)</th>",
        out);
  put_day_heads(out, W, show);
  fputs("</tr></thead><tbody>\n", out);
  for (int o = 0; o < S; o++) {
    int s = (int)(order[o] - sc->students.v);
    const cp_student *st = order[o];
    fputs("<tr><th>", out);
    cp_html_text(out, st->id);
    fputs("</th><td>", out);
    cp_html_text(out, sc->schools.v[st->school].id);
    fputs("</td><td>", out);
    cp_html_text(out, st->grade);
    fputs(" / ", out);
    cp_html_text(out, st->classroom);
    fputs("</td><td>", out);
    for (int k = by_svc.start[s]; k < by_svc.start[s + 1]; k++) {
      const cp_service *sv = by_svc.v[k];
      int ix = (int)(sv - sc->services.v);
      fputs("<div>", out);
      put_service_name(out, sc, ix);
      fprintf(out, " <span class=\"nw%s\">%d / %d</span></div>",
              minutes[ix] < sv->cycle_minutes ? " short" : "",
              minutes[ix], sv->cycle_minutes);
    }
    fputs("</td>", out);
    int k = by_row.start[s], end = by_row.start[s + 1];
    for (int w = 0; w < W; w++)
      for (int d = 0; d < CP_DAYS; d++) {
        if (!show[d])
          continue;
        fputs("<td>", out);
        for (; k < end; k++) {
          const cp_row *r = by_row.v[k];
          if (r->week != w || r->day != d)
            break;
          fputs("<div><span class=\"nw\">", out);
          put_span(out, r->start, r->end);
          fputs("</span> ", out);
          cp_html_text(out, sc->disciplines[sc->services.v[r->services[0]]
                                                .discipline]);
          if (r->act == CP_ACT_CONSULT)
            fputs(" consult", out);
          else if (r->n_services > 1)
            fprintf(out, " group of %d", r->n_services);
          fputs(" (", out);
          cp_html_text(out, sc->therapists.v[r->therapist].id);
          fputs(")</div>", out);
        }
        fputs("</td>", out);
      }
    fputs("</tr>\n", out);
  }
  fputs("</tbody></table>\n", out);
done:
  fputs("</section>\n", out);
  free(minutes);
  free(fill);
  free(by_row.start);
  free(by_row.v);
  free(by_svc.start);
  free(by_svc.v);
  free(order);
}

void cp_html_schedule_write(FILE *out, const cp_scenario *sc,
                            const cp_schedule *s)
{
  assert(out && sc && s && "cp_html_schedule_write: NULL argument");
  int W = sc->set.rotation_weeks;
  cp_html_begin(out, "caseplan \xE2\x80\x94 weekly schedule", SCHEDULE_CSS);
  const cp_row **rows = malloc(((size_t)s->n + 1) * sizeof *rows);
  cp_workload wl;
  if (!rows || cp_workload_compute(sc, s, &wl) != CP_OK) {
    fputs("<p class=\"bad\">Out of memory: the schedule could not be "
          "drawn.</p>\n",
          out);
    free(rows);
    cp_html_end(out);
    return;
  }
  int n = 0;
  for (int i = 0; i < s->n; i++)
    if (cp_row_in_range(sc, &s->rows[i]))
      rows[n++] = &s->rows[i];
  qsort(rows, (size_t)n, sizeof *rows, cmp_rows);

  fputs("<header class=\"doc-head\">\n<h1>Weekly schedule</h1>\n"
        "<p class=\"meta\">",
        out);
  fprintf(out, "%d therapist%s \xC2\xB7 %d students \xC2\xB7 %d school%s "
               "\xC2\xB7 ",
          sc->therapists.n, sc->therapists.n == 1 ? "" : "s", sc->students.n,
          sc->schools.n, sc->schools.n == 1 ? "" : "s");
  if (W > 1)
    fprintf(out, "a %d-week rotation (weeks A to %c) \xC2\xB7 ", W,
            cp_html_week_letter(W - 1));
  else
    fputs("the same week every week \xC2\xB7 ", out);
  if (sc->set.term_start >= 0 && sc->set.term_end >= 0) {
    int y, m, d, wd;
    cp_date_split(sc->set.term_start, &y, &m, &d, &wd);
    fprintf(out, "term %04d-%02d-%02d to ", y, m, d);
    cp_date_split(sc->set.term_end, &y, &m, &d, &wd);
    fprintf(out, "%04d-%02d-%02d \xC2\xB7 ", y, m, d);
  }
  fputs("made by caseplan " CP_VERSION "</p>\n", out);
  if (s->incomplete)
    fputs("<p class=\"bad\">Incomplete: not every service minute is placed "
          "(see minutes.csv and the student view).</p>\n",
          out);
  fputs("<nav class=\"noprint\">", out);
  for (int t = 0; t < sc->therapists.n; t++) {
    fprintf(out, "<a href=\"#t%dw1\">", t);
    cp_html_text(out, sc->therapists.v[t].id);
    fputs("</a>", out);
  }
  fputs("<a href=\"#schools\">Schools</a><a href=\"#students\">Students</a>"
        "</nav>\n</header>\n<main>\n",
        out);
  for (int t = 0, i = 0; t < sc->therapists.n; t++) {
    int j = i;
    while (j < n && rows[j]->therapist == t)
      j++;
    put_therapist(out, sc, rows + i, j - i, t, &wl);
    i = j;
  }
  put_schools(out, sc, rows, n);
  put_students_view(out, sc, s, rows, n);
  fputs("</main>\n", out);
  cp_workload_fini(&wl);
  free(rows);
  cp_html_end(out);
}
