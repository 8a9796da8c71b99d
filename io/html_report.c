/* html_report.c — report.html, the workload and staffing report (see
 * html_report.h).
 *
 * A writer at the end of the flow, after the solver or the staffing search.
 * It draws and arranges; it computes nothing of its own: minutes by category
 * come from cp_workload (workload.csv), service minutes from
 * cp_schedule_service_minutes (minutes.csv), school loads from
 * cp_capacity_compute (`caseplan check`), proofs and the bracket from the
 * staffing record (staffing.csv, proof.txt), warning signs from the
 * least-bad week (warnings.csv).  Sentences that stdout also prints are
 * taken from staffing_write.c and warnings_write.c, so the page says
 * exactly what the terminal says.
 */
#include "html_report.h"

#include "../solver/capacity.h"
#include "../solver/workload.h"
#include "html_schedule.h"
#include "schedule_write.h"
#include "staffing_write.h"
#include "values.h"
#include "warnings_write.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static const char REPORT_CSS[] =
    ".answer{font-size:15px;border-left:4px solid #0072b2;padding:6px 10px;"
    "background:#f3f8fc;margin:10px 0}\n"
    ".answer.no{border-color:#b00020;background:#fdf2f4}\n"
    ".answer p{margin:4px 0}\n"
    ".cert{margin:8px 0 14px}\n"
    ".cert p{margin:2px 0}\n"
    "pre{font:12px/1.35 ui-monospace,\"DejaVu Sans Mono\",Menlo,Consolas,"
    "monospace;background:#f6f6f6;padding:6px 8px;margin:4px 0;"
    "white-space:pre-wrap;overflow-wrap:anywhere}\n"
    ".bars{display:grid;grid-template-columns:minmax(9em,14em) 1fr;"
    "gap:6px 12px;align-items:center;margin:6px 0 10px}\n"
    ".bars svg{width:100%;height:auto;display:block}\n"
    ".who{font-weight:600}\n"
    ".who span{display:block;font-weight:400;color:var(--muted)}\n"
    "svg text{font-family:inherit}\n"
    "td svg{width:140px;height:14px;display:block}\n"
    "@media print{section{break-inside:auto}.bars{break-inside:avoid}"
    "table{font-size:9px}}\n";

/* ---- numbers ------------------------------------------------------------- */

static double util_pct(const cp_workweek *x)
{
  int avail = x->contract - x->lunch;
  return avail > 0 ? 100.0 * x->worked / avail : 0.0;
}

/* Minutes of category c in week x: the figures of workload.csv. */
static int cat_minutes(const cp_workweek *x, cp_html_cat c)
{
  switch (c) {
  case CP_HCAT_SESSION:
    return x->individual;
  case CP_HCAT_GROUP:
    return x->group;
  case CP_HCAT_CONSULT:
    return x->consult;
  case CP_HCAT_DOC:
    return x->documentation;
  case CP_HCAT_PLANNING:
    return x->planning;
  case CP_HCAT_IEP_EVAL:
    return x->iep_eval;
  case CP_HCAT_RESERVE:
    return x->reserve;
  case CP_HCAT_MEETING:
    return x->other;
  case CP_HCAT_TRAVEL:
    return x->travel;
  case CP_HCAT_LUNCH:
    return x->lunch;
  case CP_HCAT_COUNT:
    break;
  }
  return 0;
}

/* Column heads of the workload table, in cp_html_cats order; the same
 * quantities as workload.csv's individual..lunch columns. */
static const char *const CAT_HEAD[CP_HCAT_COUNT] = {
    "individual", "group",   "consult",     "documentation", "planning",
    "IEP / evaluation", "reserve", "other duties", "travel", "lunch"};

static void put_date(FILE *out, int days)
{
  int y, m, d, wd;
  cp_date_split(days, &y, &m, &d, &wd);
  fprintf(out, "%04d-%02d-%02d", y, m, d);
}

static void put_therapist_name(FILE *out, const cp_scenario *sc, int t)
{
  const cp_therapist *th = &sc->therapists.v[t];
  cp_html_text(out, th->id);
  fputs(" (", out);
  cp_html_text(out, sc->disciplines[th->discipline]);
  fputs(th->hire ? ", hypothetical hire)" : ")", out);
}

/* Writes TEXT (lines) as one paragraph per line, escaped. */
static void put_lines(FILE *out, const char *text, const char *cls)
{
  const char *p = text;
  while (p && *p) {
    const char *nl = strchr(p, '\n');
    size_t len = nl ? (size_t)(nl - p) : strlen(p);
    char *line = malloc(len + 1);
    if (!line)
      return;
    memcpy(line, p, len);
    line[len] = 0;
    const char *s = line;
    while (*s == ' ')
      s++;
    if (*s) {
      fprintf(out, "<p class=\"%s\">", cls);
      cp_html_text(out, s);
      fputs("</p>\n", out);
    }
    free(line);
    p += len + (nl ? 1 : 0);
  }
}

/* The staffing sentences exactly as stdout and proof.txt print them. */
static void put_staffing_sentences(FILE *out, const cp_scenario *sc,
                                   const cp_staffing *sf)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  if (!mem) {
    fputs("<p class=\"bad\">Out of memory: the staffing sentences are "
          "missing (see staffing.csv).</p>\n",
          out);
    return;
  }
  cp_staffing_write_text(mem, sc, sf);
  if (fclose(mem) == 0)
    put_lines(out, text, "sentence");
  free(text);
}

/* The first line of what warnings_write.c prints: its plain sentence. */
static void put_warnings_sentence(FILE *out, const cp_scenario *sc,
                                  const cp_solution *forced)
{
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  if (!mem)
    return;
  cp_warnings_write_text(mem, sc, forced);
  if (fclose(mem) == 0) {
    char *nl = strchr(text, '\n');
    if (nl)
      *nl = 0;
    fputs("<p class=\"sentence\">", out);
    cp_html_text(out, text);
    fputs("</p>\n", out);
  }
  free(text);
}

/* ---- sections ------------------------------------------------------------ */

typedef struct totals {
  long required, scheduled, missing;
} totals;

static void put_head(FILE *out, const cp_scenario *sc)
{
  int W = sc->set.rotation_weeks;
  fputs("<header>\n<h1>Workload and staffing report</h1>\n<p class=\"meta\">",
        out);
  fprintf(out, "%d therapist%s \xC2\xB7 %d students \xC2\xB7 %d school%s "
               "\xC2\xB7 %d services \xC2\xB7 ",
          sc->therapists.n, sc->therapists.n == 1 ? "" : "s", sc->students.n,
          sc->schools.n, sc->schools.n == 1 ? "" : "s", sc->services.n);
  if (W > 1)
    fprintf(out, "minutes per %d-week cycle (weeks A to %c) \xC2\xB7 ", W,
            cp_html_week_letter(W - 1));
  else
    fputs("minutes per week \xC2\xB7 ", out);
  if (sc->set.term_start >= 0 && sc->set.term_end >= 0) {
    fputs("term ", out);
    put_date(out, sc->set.term_start);
    fputs(" to ", out);
    put_date(out, sc->set.term_end);
    fputs(" \xC2\xB7 ", out);
  }
  fputs("made by caseplan " CP_VERSION "</p>\n</header>\n", out);
}

static void put_answer(FILE *out, const cp_scenario *sc, const cp_schedule *s,
                       const cp_staffing *sf, const totals *tot,
                       const cp_workload *wl)
{
  bool no = sf && sf->infeasible;
  fprintf(out, "<section class=\"answer%s\" id=\"answer\">\n",
          no ? " no" : "");
  if (no) {
    fputs("<p><strong>No schedule exists with the current staff.</strong> ",
          out);
    if (sf->certs.n)
      cp_html_text(out, sf->certs.v[0].sentence);
    fputs("</p>\n", out);
    if (sf->certs.n > 1)
      fprintf(out, "<p>%d independent proofs are given below; each was "
                   "re-checked from the inputs alone.</p>\n",
              sf->certs.n);
  }
  if (s) {
    int hires = 0;
    for (int t = 0; t < sc->therapists.n; t++)
      hires += sc->therapists.v[t].hire;
    fputs("<p>", out);
    if (hires)
      fprintf(out, "With %d hypothetical hire%s, a verified schedule exists "
                   "(below). ",
              hires, hires == 1 ? "" : "s");
    if (tot->missing == 0)
      fprintf(out, "All %ld required service minutes per cycle are "
                   "scheduled, inside contract hours, with lunch on every "
                   "working day.",
              tot->required);
    else
      fprintf(out, "%ld of the %ld required service minutes per cycle are "
                   "not scheduled (minutes.csv lists them by student).",
              tot->missing, tot->required);
    if (s->incomplete && !no)
      fputs(" The search ran out of time; nothing proves that a complete "
            "schedule cannot exist.",
            out);
    double lo = 1e9, hi = -1;
    for (int t = 0; t < wl->n_therapists; t++)
      for (int w = 0; w < wl->weeks; w++) {
        double u = util_pct(cp_workload_at(wl, t, w));
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
      }
    if (hi >= 0)
      fprintf(out, " Therapists' weeks are %.1f%% to %.1f%% full (worked "
                   "minutes over contract minutes less lunch).",
              lo, hi);
    fputs("</p>\n", out);
  } else if (!no) {
    fputs("<p>No schedule was made.</p>\n", out);
  }
  if (sf)
    fputs("<p>Staffing: see <a href=\"#staffing\">minimum staffing</a>.</p>\n",
          out);
  fputs("</section>\n", out);
}

static void put_certificates(FILE *out, const cp_staffing *sf)
{
  fputs("<section id=\"proof\">\n<h2>Why no schedule exists</h2>\n"
        "<p>Each proof compares the minutes that must be worked with the "
        "minutes that can be worked; the numbers after each sentence are the "
        "arithmetic, term by term, and each proof was re-checked "
        "independently.</p>\n<ol>\n",
        out);
  for (int i = 0; i < sf->certs.n; i++) {
    const cp_cert *c = &sf->certs.v[i];
    fputs("<li class=\"cert\"><p class=\"sentence\">", out);
    cp_html_text(out, c->sentence);
    fputs("</p>\n<pre>", out);
    cp_html_text(out, c->detail);
    fputs("</pre>\n<p class=\"meta\">", out);
    cp_html_text(out, c->name);
    fputs("; checked independently</p></li>\n", out);
  }
  fputs("</ol>\n</section>\n", out);
}

static void put_staffing(FILE *out, const cp_scenario *sc,
                         const cp_staffing *sf)
{
  fputs("<section id=\"staffing\">\n<h2>Minimum staffing</h2>\n", out);
  put_staffing_sentences(out, sc, sf);
  fputs("<p class=\"meta\">Needed (lower) is proven: no schedule exists "
        "with fewer therapists of the discipline. Needed (upper) is "
        "witnessed by a verified schedule with that many. Equal bounds are "
        "an exact answer.</p>\n"
        "<table><thead><tr><th>Discipline</th><th class=\"n\">Therapists "
        "now</th><th class=\"n\">Needed (lower)</th><th class=\"n\">Needed "
        "(upper)</th><th class=\"n\">Shortfall minutes</th><th>Proof</th>"
        "</tr></thead><tbody>\n",
        out);
  for (int k = 0; k < sf->n; k++) {
    const cp_staff_row *r = &sf->rows[k];
    fputs("<tr><th>", out);
    cp_html_text(out, sc->disciplines[r->discipline]);
    fprintf(out, "</th><td class=\"n\">%d</td>", r->now);
    if (r->lower >= 0)
      fprintf(out, "<td class=\"n\">%d</td>", r->now + r->lower);
    else
      fputs("<td class=\"n\">no number suffices</td>", out);
    if (r->upper >= 0)
      fprintf(out, "<td class=\"n\">%d</td>", r->now + r->upper);
    else
      fputs("<td class=\"n\">not found</td>", out);
    fprintf(out, "<td class=\"n\">%ld</td><td>", r->short_minutes);
    cp_html_text(out, r->proof[0] ? r->proof
                                  : (r->upper == 0 ? "a schedule exists"
                                                   : "none found"));
    fputs("</td></tr>\n", out);
  }
  fputs("</tbody></table>\n</section>\n", out);
}

/* The warning signs of the least-bad week, per therapist and week: the
 * numbers of warnings.csv. */
static void put_warnings(FILE *out, const cp_scenario *sc,
                         const cp_solution *forced)
{
  int W = sc->set.rotation_weeks;
  fputs("<section id=\"warnings\">\n<h2>Warning signs: what the current "
        "staff is forced into</h2>\n",
        out);
  put_warnings_sentence(out, sc, forced);
  fputs("<p class=\"meta\">Minutes per week in the least-bad week found "
        "with the current staff, where each sign is allowed at its cost in "
        "settings.csv (warnings.csv; the week itself is "
        "forced_week.csv).</p>\n"
        "<table><thead><tr><th>Therapist</th><th class=\"n\">Past contract "
        "hours</th><th class=\"n\">Lunch skipped</th><th class=\"n\">"
        "Duties cut</th><th class=\"n\">Documentation cut</th><th "
        "class=\"n\">Reserve cut</th><th class=\"n\">Individual sessions "
        "grouped</th><th class=\"n\">Service minutes missed</th><th>Students "
        "losing minutes</th></tr></thead><tbody>\n",
        out);
  for (int t = 0; t < sc->therapists.n; t++) {
    const cp_signs *g = &forced->signs[t];
    const double v[] = {g->overtime,   g->lunch_cut,    g->duty_cut,
                        g->doc_cut,    g->reserve_cut,  g->forced_group,
                        g->missed};
    fputs("<tr><th>", out);
    put_therapist_name(out, sc, t);
    fputs("</th>", out);
    for (size_t k = 0; k < sizeof v / sizeof v[0]; k++)
      fprintf(out, "<td class=\"n%s\">%.0f</td>",
              v[k] / W >= 0.5 ? " bad" : "", v[k] / W);
    fputs("<td>", out);
    for (int i = 0, n = 0; i < sc->services.n; i++) {
      if (forced->assign[i] != t || forced->short_min[i] < 0.5)
        continue;
      fputs(n++ ? "; " : "", out);
      cp_html_text(out, sc->students.v[sc->services.v[i].student].id);
      fprintf(out, ": %.0f", forced->short_min[i] / W);
    }
    fputs("</td></tr>\n", out);
  }
  fputs("</tbody></table>\n</section>\n", out);
}

/* The bar of one therapist-week: categories in order, open time, and a
 * marker at the contract; SCALE minutes span the full width. */
static void put_bar(FILE *out, const cp_workweek *x, double scale)
{
  const double W = 1000, H = 26;
  fputs("<svg viewBox=\"0 0 1000 44\" role=\"img\" aria-label=\"", out);
  fprintf(out, "worked %d of %d contract minutes, lunch %d\">", x->worked,
          x->contract, x->lunch);
  double pos = 0;
  for (int c = 0; c < CP_HCAT_COUNT; c++) {
    int m = cat_minutes(x, (cp_html_cat)c);
    if (m <= 0)
      continue;
    double w = W * m / scale;
    fprintf(out,
            "<rect x=\"%.2f\" y=\"2\" width=\"%.2f\" height=\"%.0f\" "
            "fill=\"%s\" stroke=\"#fff\" stroke-width=\"0.6\"><title>%s: %d "
            "min</title></rect>",
            pos, w, H, cp_html_cats[c].strong, cp_html_cats[c].label, m);
    if (w >= 34)
      fprintf(out,
              "<text x=\"%.2f\" y=\"19\" font-size=\"12\" fill=\"#fff\" "
              "text-anchor=\"middle\">%d</text>",
              pos + w / 2, m);
    pos += w;
  }
  double contract = W * x->contract / scale;
  if (x->open > 0)
    fprintf(out,
            "<rect x=\"%.2f\" y=\"2.5\" width=\"%.2f\" height=\"%.0f\" "
            "fill=\"#fff\" stroke=\"#9a9a9a\" stroke-dasharray=\"3 2\">"
            "<title>open (unscheduled): %d min</title></rect>",
            pos, W * x->open / scale, H - 1, x->open);
  fprintf(out,
          "<line x1=\"%.2f\" y1=\"0\" x2=\"%.2f\" y2=\"31\" stroke=\"#1a1a1a\" "
          "stroke-width=\"2\"/><text x=\"%.2f\" y=\"42\" font-size=\"11\" "
          "fill=\"#1a1a1a\" text-anchor=\"%s\">contract %d min</text></svg>",
          contract, contract, contract, contract > W / 2 ? "end" : "start",
          x->contract);
}

static void put_workload(FILE *out, const cp_scenario *sc,
                         const cp_workload *wl)
{
  int W = wl->weeks;
  double scale = 1;
  for (int t = 0; t < wl->n_therapists; t++)
    for (int w = 0; w < W; w++) {
      const cp_workweek *x = cp_workload_at(wl, t, w);
      double used = x->worked + x->lunch;
      scale = used > scale ? used : scale;
      scale = x->contract > scale ? x->contract : scale;
    }
  fputs("<section id=\"workload\">\n<h2>Where each therapist's week "
        "goes</h2>\n<p>Each bar is one week of contract time: the coloured "
        "part is scheduled, the dashed part is open, and the line marks the "
        "contract. Utilisation is worked minutes divided by contract minutes "
        "less lunch, as in workload.csv.</p>\n",
        out);
  cp_html_legend(out, true);
  fputs("<div class=\"bars\">\n", out);
  for (int t = 0; t < wl->n_therapists; t++)
    for (int w = 0; w < W; w++) {
      const cp_workweek *x = cp_workload_at(wl, t, w);
      fputs("<div class=\"who\">", out);
      put_therapist_name(out, sc, t);
      if (W > 1)
        fprintf(out, " week %c", cp_html_week_letter(w));
      fprintf(out, "<span>%.1f%% of contract minus lunch</span></div>\n",
              util_pct(x));
      put_bar(out, x, scale);
      fputc('\n', out);
    }
  fputs("</div>\n<table><thead><tr><th>Therapist</th>", out);
  if (W > 1)
    fputs("<th>Week</th>", out);
  for (int c = 0; c < CP_HCAT_COUNT; c++)
    fprintf(out, "<th class=\"n\">%s</th>", CAT_HEAD[c]);
  fputs("<th class=\"n\">worked</th><th class=\"n\">contract</th>"
        "<th class=\"n\">open</th><th class=\"n\">utilisation</th>"
        "</tr></thead><tbody>\n",
        out);
  for (int t = 0; t < wl->n_therapists; t++)
    for (int w = 0; w < W; w++) {
      const cp_workweek *x = cp_workload_at(wl, t, w);
      fputs("<tr><th>", out);
      put_therapist_name(out, sc, t);
      fputs("</th>", out);
      if (W > 1)
        fprintf(out, "<td>%c</td>", cp_html_week_letter(w));
      for (int c = 0; c < CP_HCAT_COUNT; c++)
        fprintf(out, "<td class=\"n\">%d</td>",
                cat_minutes(x, (cp_html_cat)c));
      fprintf(out,
              "<td class=\"n\">%d</td><td class=\"n\">%d</td>"
              "<td class=\"n%s\">%d</td><td class=\"n util\" "
              "data-therapist=\"",
              x->worked, x->contract, x->open < 0 ? " bad" : "", x->open);
      cp_html_text(out, sc->therapists.v[t].id);
      fprintf(out, "\" data-week=\"%d\">%.1f%%</td></tr>\n", w + 1,
              util_pct(x));
    }
  fputs("</tbody></table>\n</section>\n", out);
}

/* A small horizontal bar for a table cell: value v of vmax. */
static void put_mini_bar(FILE *out, double v, double vmax, const char *fill)
{
  double w = vmax > 0 ? 140.0 * (v < vmax ? v : vmax) / vmax : 0;
  fprintf(out,
          "<svg viewBox=\"0 0 140 14\" aria-hidden=\"true\"><rect x=\"0\" "
          "y=\"1\" width=\"140\" height=\"12\" fill=\"#eee\"/><rect x=\"0\" "
          "y=\"1\" width=\"%.2f\" height=\"12\" fill=\"%s\"/></svg>",
          w, fill);
}

static void put_caseload(FILE *out, const cp_scenario *sc,
                         const cp_workload *wl)
{
  int T = wl->n_therapists, W = wl->weeks;
  double *util = calloc((size_t)T + 1, sizeof *util);
  if (!util)
    return;
  int max_students = 1;
  for (int t = 0; t < T; t++) {
    long worked = 0, avail = 0;
    for (int w = 0; w < W; w++) {
      const cp_workweek *x = cp_workload_at(wl, t, w);
      worked += x->worked;
      avail += x->contract - x->lunch;
    }
    util[t] = avail > 0 ? 100.0 * (double)worked / (double)avail : 0;
    max_students = wl->students[t] > max_students ? wl->students[t]
                                                   : max_students;
  }
  fputs("<section id=\"caseload\">\n<h2>Caseload and workload side by "
        "side</h2>\n<p>",
        out);
  /* the widest gap where more students come with the lighter week */
  int a = -1, b = -1;
  for (int i = 0; i < T; i++)
    for (int j = 0; j < T; j++)
      if (wl->students[i] > wl->students[j] && util[i] < util[j] &&
          (a < 0 || wl->students[i] - wl->students[j] >
                        wl->students[a] - wl->students[b])) {
        a = i;
        b = j;
      }
  if (a >= 0) {
    cp_html_text(out, sc->therapists.v[a].id);
    fprintf(out, " serves %d students and ", wl->students[a]);
    cp_html_text(out, sc->therapists.v[b].id);
    fprintf(out, " %d, yet ", wl->students[b]);
    cp_html_text(out, sc->therapists.v[a].id);
    fprintf(out, " has the lighter week (%.1f%% against %.1f%% of contract "
                 "minus lunch): the number of students alone misjudges the "
                 "work.",
            util[a], util[b]);
  } else {
    fputs("Workload is the minutes a caseload takes (sessions, consults, "
          "documentation, meetings, travel), not the number of students: "
          "consult-only students take far less time than students seen "
          "every week.",
          out);
  }
  fputs("</p>\n<table><thead><tr><th>Therapist</th><th class=\"n\">"
        "Students</th><th>Caseload</th><th class=\"n\">Sessions</th>"
        "<th class=\"n\">Consults</th><th class=\"n\">Worked</th>"
        "<th class=\"n\">Contract less lunch</th><th class=\"n\">"
        "Utilisation</th><th>Workload</th></tr></thead><tbody>\n",
        out);
  for (int t = 0; t < T; t++) {
    int sessions = 0, consults = 0, worked = 0, avail = 0;
    for (int w = 0; w < W; w++) {
      const cp_workweek *x = cp_workload_at(wl, t, w);
      sessions += x->sessions;
      consults += x->consults;
      worked += x->worked;
      avail += x->contract - x->lunch;
    }
    fputs("<tr><th>", out);
    put_therapist_name(out, sc, t);
    fprintf(out, "</th><td class=\"n\">%d</td><td>", wl->students[t]);
    put_mini_bar(out, wl->students[t], max_students, "#6e6e6e");
    fprintf(out,
            "</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td "
            "class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">"
            "%.1f%%</td><td>",
            sessions, consults, worked, avail, util[t]);
    put_mini_bar(out, util[t], 100, "#0072b2");
    fputs("</td></tr>\n", out);
  }
  fprintf(out, "</tbody></table>\n<p class=\"meta\">Students are distinct "
               "students over the cycle; the other figures are summed over "
               "the %d week%s of the cycle (workload.csv).</p>\n</section>\n",
          W, W == 1 ? "" : "s");
  free(util);
}

static void put_minutes(FILE *out, const cp_scenario *sc, const int *minutes)
{
  fputs("<section id=\"minutes\">\n<h2>Service minutes per cycle</h2>\n"
        "<table><thead><tr><th>Discipline</th><th>Mode</th><th class=\"n\">"
        "Services</th><th class=\"n\">Required</th><th class=\"n\">"
        "Scheduled</th><th class=\"n\">Missing</th></tr></thead><tbody>\n",
        out);
  for (int k = 0; k < sc->n_disciplines; k++)
    for (int mode = 0; mode < 2; mode++) {
      long n = 0, req = 0, got = 0, miss = 0;
      for (int i = 0; i < sc->services.n; i++) {
        const cp_service *sv = &sc->services.v[i];
        if (sv->discipline != k || (int)sv->mode != mode)
          continue;
        n++;
        req += sv->cycle_minutes;
        got += minutes[i];
        miss += minutes[i] < sv->cycle_minutes
                    ? sv->cycle_minutes - minutes[i]
                    : 0;
      }
      if (!n)
        continue;
      fputs("<tr><th>", out);
      cp_html_text(out, sc->disciplines[k]);
      fprintf(out,
              "</th><td>%s</td><td class=\"n\">%ld</td><td class=\"n\">%ld"
              "</td><td class=\"n\">%ld</td><td class=\"n%s\">%ld</td></tr>\n",
              mode == CP_DIRECT ? "direct" : "consult", n, req, got,
              miss ? " bad" : "", miss);
    }
  fputs("</tbody></table>\n<p class=\"meta\">Sums of minutes.csv: required "
        "and scheduled minutes of each service per cycle; missing counts "
        "only shortfalls.</p>\n</section>\n",
        out);
}

static void put_schools(FILE *out, const cp_scenario *sc, bool infeasible)
{
  cp_capacity cap;
  fputs("<section id=\"schools\">\n<h2>Schools: demand against "
        "capacity</h2>\n",
        out);
  if (cp_capacity_compute(sc, &cap) != CP_OK) {
    fputs("<p class=\"bad\">Out of memory: the school figures are "
          "missing.</p>\n</section>\n",
          out);
    return;
  }
  int over = 0, hires = 0;
  for (int i = 0; i < cap.n_school; i++)
    over += cap.school[i].demand > cap.school[i].capacity;
  for (int t = 0; t < sc->therapists.n; t++)
    hires += sc->therapists.v[t].hire;
  fprintf(out,
          "<p>Per school and discipline, the minutes the caseload needs "
          "there (direct sessions with groups at their best case, and "
          "consults) against the minutes the eligible therapists can be "
          "there, per %s. %s",
          cap.weeks == 1 ? "week" : "cycle",
          over         ? "Where demand exceeds capacity no schedule can exist."
          : infeasible ? "Each school's total fits the time therapists can "
                         "be there; the proof above comes from a narrower "
                         "limit."
                       : "Every school's demand fits the time therapists "
                         "can be there; the whole week still has to fit "
                         "(above).");
  if (hires)
    fprintf(out, " Capacity includes the %d hypothetical hire%s.", hires,
            hires == 1 ? "" : "s");
  fputs("</p>\n", out);
  fputs("<table><thead><tr><th>School</th><th>Discipline</th><th "
        "class=\"n\">Students</th><th class=\"n\">Sessions</th><th "
        "class=\"n\">Direct</th><th class=\"n\">Consult</th><th class=\"n\">"
        "Demand</th><th class=\"n\">Capacity</th><th class=\"n\">Load</th>"
        "<th></th></tr></thead><tbody>\n",
        out);
  for (int i = 0; i < cap.n_school; i++) {
    const cp_load *l = &cap.school[i];
    double load = l->capacity > 0 ? 100.0 * l->demand / l->capacity : 0;
    bool bad = l->demand > l->capacity;
    fputs("<tr><th>", out);
    cp_html_text(out, sc->schools.v[l->who].id);
    fputs(" ", out);
    cp_html_text(out, sc->schools.v[l->who].name);
    fputs("</th><td>", out);
    cp_html_text(out, sc->disciplines[l->discipline]);
    fprintf(out,
            "</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td "
            "class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d"
            "</td><td class=\"n\">%d</td><td class=\"n%s\">%.0f%%%s</td><td>",
            l->students, l->sessions, l->direct, l->consult, l->demand,
            l->capacity, bad ? " bad" : "", load, bad ? " over" : "");
    put_mini_bar(out, load, 100, bad ? "#b00020" : "#009e73");
    fputs("</td></tr>\n", out);
  }
  fputs("</tbody></table>\n</section>\n", out);
  cp_capacity_fini(&cap);
}

void cp_html_report_write(FILE *out, const cp_scenario *sc,
                          const cp_schedule *s, const cp_staffing *sf,
                          const cp_solution *forced)
{
  assert(out && sc && "cp_html_report_write: NULL argument");
  cp_html_begin(out, "caseplan \xE2\x80\x94 workload and staffing report",
                REPORT_CSS);
  put_head(out, sc);
  cp_workload wl = {0};
  int *minutes = NULL;
  bool have = false;
  totals tot = {0, 0, 0};
  if (s) {
    minutes = calloc((size_t)sc->services.n + 1, sizeof *minutes);
    have = minutes && cp_workload_compute(sc, s, &wl) == CP_OK;
    if (have) {
      cp_schedule_service_minutes(sc, s, minutes, NULL);
      for (int i = 0; i < sc->services.n; i++) {
        int req = sc->services.v[i].cycle_minutes;
        tot.required += req;
        tot.scheduled += minutes[i];
        tot.missing += minutes[i] < req ? req - minutes[i] : 0;
      }
    }
  }
  fputs("<main>\n", out);
  if (s && !have) {
    fputs("<p class=\"bad\">Out of memory: the workload figures are "
          "missing.</p>\n",
          out);
  }
  put_answer(out, sc, have ? s : NULL, sf, &tot, &wl);
  if (sf && sf->certs.n)
    put_certificates(out, sf);
  if (sf)
    put_staffing(out, sc, sf);
  if (forced && forced->sched && forced->signs && forced->assign &&
      forced->short_min)
    put_warnings(out, sc, forced);
  if (have) {
    put_workload(out, sc, &wl);
    put_caseload(out, sc, &wl);
    put_minutes(out, sc, minutes);
  }
  put_schools(out, sc, sf && sf->infeasible);
  fputs("</main>\n", out);
  cp_workload_fini(&wl);
  free(minutes);
  cp_html_end(out);
}
