/* sweep_svg.c — sweep.svg, the staffing curve (see sweep_svg.h).
 *
 * A writer at the end of `caseplan staff --sweep`: the sweep record in,
 * one SVG file out.  It draws and computes nothing but positions: the
 * caseload and workload are cp_capacity_compute's, the bounds cp_staff's.
 * Colours are Okabe-Ito (as schedule.html and report.html), so the
 * disciplines stay apart with common colour-vision deficiencies; bounds
 * differ by marker shape too, so the plot reads in grey.
 */
#include "sweep_svg.h"

#include "html_schedule.h"

#include <math.h>
#include <string.h>

static const char *const COLOURS[] = {"#0072b2", "#d55e00", "#009e73",
                                      "#cc79a7", "#e69f00", "#56b4e9",
                                      "#7b52ab", "#6e6e6e"};
#define N_COLOURS ((int)(sizeof COLOURS / sizeof COLOURS[0]))

/* The image: 1000 x 580; the two plot areas share the vertical range. */
enum { IMG_W = 1000, IMG_H = 580, TOP = 100, BOTTOM = 420 };
static const double LEFT[2] = {80, 585}, RIGHT[2] = {460, 965};

typedef struct axis {
  double lo, hi, step; /* ticks from lo to hi (inclusive) */
  double pad;          /* drawn range: lo - pad .. hi + pad */
} axis;

/* Ticks at 1, 2 or 5 times a power of ten, about TARGET of them, at least
 * MIN_STEP apart; the range is widened to whole steps. */
static axis nice_axis(double lo, double hi, int target, double min_step)
{
  axis a;
  if (hi <= lo) {
    lo = lo > 1 ? lo - 1 : 0;
    hi = hi + 1;
  }
  double raw = (hi - lo) / target;
  double p = pow(10, floor(log10(raw)));
  double f = raw / p;
  a.step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  if (a.step < min_step)
    a.step = min_step;
  a.lo = floor(lo / a.step + 1e-9) * a.step;
  a.hi = ceil(hi / a.step - 1e-9) * a.step;
  if (a.hi <= a.lo)
    a.hi = a.lo + a.step;
  a.pad = 0;
  return a;
}

static double px(const axis *a, int panel, double v)
{
  return LEFT[panel] + (v - a->lo + a->pad) / (a->hi - a->lo + 2 * a->pad) *
                           (RIGHT[panel] - LEFT[panel]);
}

static double py(const axis *a, double v)
{
  return BOTTOM - (v - a->lo) / (a->hi - a->lo) * (BOTTOM - TOP);
}

/* The x value of row R in PANEL: students, or workload minutes a week. */
static double xval(const cp_sweep *sw, const cp_sweep_row *r, int panel)
{
  int W = sw->weeks > 0 ? sw->weeks : 1;
  return panel == 0 ? r->students : (double)r->workload_minutes / W;
}

static void put_axes(FILE *out, const axis *x, const axis *y, int panel,
                     const char *title, const char *label)
{
  double l = LEFT[panel], r = RIGHT[panel];
  fprintf(out, "<g class=\"panel\">\n<text x=\"%.1f\" y=\"%d\" "
               "font-size=\"14\" font-weight=\"bold\" "
               "text-anchor=\"middle\">%s</text>\n",
          (l + r) / 2, TOP - 14, title);
  /* horizontal grid and y ticks */
  for (double v = y->lo; v <= y->hi + 1e-9; v += y->step) {
    double yy = py(y, v);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                 "stroke=\"#e3e3e3\"/>\n<text x=\"%.1f\" y=\"%.1f\" "
                 "font-size=\"11\" text-anchor=\"end\">%.0f</text>\n",
            l, yy, r, yy, l - 6, yy + 4, v);
  }
  /* x ticks */
  for (double v = x->lo; v <= x->hi + 1e-9; v += x->step) {
    double xx = px(x, panel, v);
    fprintf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
                 "stroke=\"#1a1a1a\"/>\n<text x=\"%.1f\" y=\"%d\" "
                 "font-size=\"11\" text-anchor=\"middle\">%.0f</text>\n",
            xx, BOTTOM, xx, BOTTOM + 5, xx, BOTTOM + 18, v);
  }
  fprintf(out, "<path d=\"M%.1f %d V%d H%.1f\" fill=\"none\" "
               "stroke=\"#1a1a1a\"/>\n",
          l, TOP, BOTTOM, r);
  fprintf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\" "
               "text-anchor=\"middle\">%s</text>\n",
          (l + r) / 2, BOTTOM + 38, label);
  fprintf(out, "<text transform=\"translate(%.1f %d) rotate(-90)\" "
               "font-size=\"12\" text-anchor=\"middle\">therapists "
               "needed</text>\n</g>\n",
          l - 40, (TOP + BOTTOM) / 2);
}

/* Tooltip of a point: what the CSV row says. */
static void put_tip(FILE *out, const cp_sweep *sw, const cp_sweep_row *r)
{
  int W = sw->weeks > 0 ? sw->weeks : 1;
  fputs("<title>", out);
  cp_html_text(out, sw->disciplines[r->discipline]);
  fprintf(out, ", growth %d%%: %d students, %.0f workload minutes a week, "
               "%d therapists now; needed: ",
          r->growth, r->students, (double)r->workload_minutes / W, r->now);
  if (r->upper < 0)
    fprintf(out, "at least %d (no schedule found in time)",
            r->now + r->lower);
  else if (r->upper == r->lower)
    fprintf(out, "exactly %d", r->now + r->lower);
  else
    fprintf(out, "%d to %d", r->now + r->lower, r->now + r->upper);
  fputs("</title>", out);
}

/* One discipline's curve in one panel: the gap band, the two bound lines,
 * the markers. */
static void put_curve(FILE *out, const cp_sweep *sw, int k, int panel,
                      const axis *x, const axis *y)
{
  const char *c = COLOURS[k % N_COLOURS];
  /* disciplines needing the same number sit 3 px apart, so one curve
   * never hides another */
  double dy = 3.0 * (k - (sw->n_disc - 1) / 2.0);
  const cp_sweep_row *prev = NULL;
  fprintf(out, "<g class=\"curve\" fill=\"%s\" stroke=\"%s\">\n", c, c);
  /* current staff: the same at every point */
  for (int i = 0; i < sw->n; i++)
    if (sw->rows[i].discipline == k) {
      double yy = py(y, sw->rows[i].now) + dy;
      fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                   "stroke-width=\"1.5\" stroke-dasharray=\"1 4\" "
                   "stroke-linecap=\"round\"/>\n",
              LEFT[panel], yy, RIGHT[panel], yy);
      break;
    }
  for (int i = 0; i < sw->n; i++) {
    const cp_sweep_row *r = &sw->rows[i];
    if (r->discipline != k)
      continue;
    if (r->lower < 0) {
      prev = NULL;
      continue;
    }
    if (prev) {
      double x1 = px(x, panel, xval(sw, prev, panel));
      double x2 = px(x, panel, xval(sw, r, panel));
      double l1 = py(y, prev->now + prev->lower) + dy;
      double l2 = py(y, r->now + r->lower) + dy;
      if (prev->upper >= 0 && r->upper >= 0) {
        double u1 = py(y, prev->now + prev->upper) + dy;
        double u2 = py(y, r->now + r->upper) + dy;
        if (prev->upper != prev->lower || r->upper != r->lower)
          fprintf(out, "<path d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f L%.1f "
                       "%.1f Z\" fill-opacity=\"0.18\" stroke=\"none\"/>\n",
                  x1, u1, x2, u2, x2, l2, x1, l1);
        fprintf(out, "<path d=\"M%.1f %.1f L%.1f %.1f\" fill=\"none\" "
                     "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n",
                x1, u1, x2, u2);
      }
      fprintf(out, "<path d=\"M%.1f %.1f L%.1f %.1f\" fill=\"none\" "
                   "stroke-width=\"2\"/>\n",
              x1, l1, x2, l2);
    }
    prev = r;
  }
  for (int i = 0; i < sw->n; i++) {
    const cp_sweep_row *r = &sw->rows[i];
    if (r->discipline != k || r->lower < 0)
      continue;
    double xx = px(x, panel, xval(sw, r, panel));
    double yl = py(y, r->now + r->lower) + dy;
    fputs("<g>", out);
    put_tip(out, sw, r);
    if (r->upper >= 0)
      fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"none\" "
                   "stroke-width=\"2\"/>",
              xx, py(y, r->now + r->upper) + dy);
    else
      fprintf(out, "<path d=\"M%.1f %.1f l-5 9 h10 Z\" stroke=\"none\"/>",
              xx, yl - 18);
    fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" stroke=\"none\"/>"
                 "</g>\n",
            xx, yl);
  }
  fputs("</g>\n", out);
}

static void put_legend(FILE *out, const cp_sweep *sw)
{
  int y = BOTTOM + 72;
  double x = LEFT[0];
  fputs("<g class=\"legend\" font-size=\"12\">\n", out);
  for (int k = 0; k < sw->n_disc; k++) {
    const char *c = COLOURS[k % N_COLOURS];
    fprintf(out, "<path d=\"M%.1f %d h24\" stroke=\"%s\" stroke-width=\"2\"/>"
                 "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"%s\"/>"
                 "<text x=\"%.1f\" y=\"%d\">",
            x, y, c, x + 12, y, c, x + 30, y + 4);
    cp_html_text(out, sw->disciplines[k]);
    fputs("</text>\n", out);
    x += 40 + 8.0 * (double)strlen(sw->disciplines[k]) + 20;
  }
  y += 26;
  x = LEFT[0];
  fprintf(out, "<circle cx=\"%.1f\" cy=\"%d\" r=\"4\" fill=\"#1a1a1a\"/>"
               "<text x=\"%.1f\" y=\"%d\">proven lower bound (a certificate: "
               "no schedule with fewer)</text>\n",
          x + 5, y, x + 16, y + 4);
  fprintf(out, "<circle cx=\"%.1f\" cy=\"%d\" r=\"7\" fill=\"none\" "
               "stroke=\"#1a1a1a\" stroke-width=\"2\"/><path d=\"M%.1f %d "
               "h24\" stroke=\"#1a1a1a\" stroke-width=\"1.5\" "
               "stroke-dasharray=\"6 4\"/><text x=\"%.1f\" y=\"%d\">verified "
               "upper bound (a schedule with that many)</text>\n",
          x + 445, y, x + 457, y, x + 486, y + 4);
  y += 24;
  fprintf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"24\" height=\"12\" "
               "fill=\"#1a1a1a\" fill-opacity=\"0.18\"/><text x=\"%.1f\" "
               "y=\"%d\">gap between the bounds</text>\n",
          x, y - 6, x + 32, y + 4);
  fprintf(out, "<path d=\"M%.1f %d l-5 9 h10 Z\" fill=\"#1a1a1a\"/>"
               "<text x=\"%.1f\" y=\"%d\">upper bound open (no schedule "
               "found in time)</text>\n",
          x + 220, y - 6, x + 232, y + 4);
  fprintf(out, "<path d=\"M%.1f %d h24\" stroke=\"#1a1a1a\" "
               "stroke-width=\"1.5\" stroke-dasharray=\"1 4\" "
               "stroke-linecap=\"round\"/><text x=\"%.1f\" y=\"%d\">"
               "therapists now</text>\n",
          x + 530, y, x + 562, y + 4);
  fputs("</g>\n", out);
}

void cp_sweep_write_svg(FILE *out, const cp_sweep *sw, const char *name)
{
  /* ranges over every plotted point */
  double xlo[2] = {HUGE_VAL, HUGE_VAL}, xhi[2] = {-HUGE_VAL, -HUGE_VAL};
  int ymax = 1, impossible = 0;
  for (int i = 0; i < sw->n; i++) {
    const cp_sweep_row *r = &sw->rows[i];
    if (r->now > ymax)
      ymax = r->now;
    if (r->lower < 0) {
      impossible++;
      continue;
    }
    int top = r->now + (r->upper > r->lower ? r->upper : r->lower);
    if (top > ymax)
      ymax = top;
    for (int p = 0; p < 2; p++) {
      double v = xval(sw, r, p);
      xlo[p] = v < xlo[p] ? v : xlo[p];
      xhi[p] = v > xhi[p] ? v : xhi[p];
    }
  }
  fprintf(out,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
          "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
          "font-family=\"sans-serif\" fill=\"#1a1a1a\">\n<title>",
          IMG_W, IMG_H, IMG_W, IMG_H);
  fputs("Therapists needed as the caseload grows: ", out);
  cp_html_text(out, name);
  fputs("</title>\n<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n",
        out);
  fprintf(out, "<text x=\"%d\" y=\"30\" font-size=\"18\" "
               "font-weight=\"bold\" text-anchor=\"middle\">Therapists "
               "needed as the caseload grows: ",
          IMG_W / 2);
  cp_html_text(out, name);
  fprintf(out, "</text>\n<text x=\"%d\" y=\"52\" font-size=\"12\" "
               "text-anchor=\"middle\">growth %d%% to %d%% in steps of %d%% "
               "(students cloned); at each point the bracket of `caseplan "
               "staff`</text>\n",
          IMG_W / 2, sw->spec.from, sw->spec.to, sw->spec.step);
  if (xlo[0] > xhi[0]) {
    fprintf(out, "<text x=\"%d\" y=\"%d\" font-size=\"14\" "
                 "text-anchor=\"middle\">no point has a bound to plot</text>"
                 "\n",
            IMG_W / 2, (TOP + BOTTOM) / 2);
  } else {
    axis y = nice_axis(0, ymax + 1, 6, 1);
    y.lo = 0;
    static const char *const titles[2] = {"against the caseload",
                                          "against the workload"};
    static const char *const labels[2] = {
        "students on the discipline's caseload",
        "workload, minutes a week (demand as in caseplan check)"};
    for (int p = 0; p < 2; p++) {
      axis x = nice_axis(xlo[p], xhi[p], 5, 1);
      x.pad = 0.04 * (x.hi - x.lo); /* markers clear of the y axis */
      put_axes(out, &x, &y, p, titles[p], labels[p]);
      for (int k = 0; k < sw->n_disc; k++)
        put_curve(out, sw, k, p, &x, &y);
    }
  }
  put_legend(out, sw);
  if (impossible) {
    fprintf(out, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\">No number of "
                 "hires makes a schedule exist at:",
            LEFT[0], IMG_H - 10);
    for (int i = 0; i < sw->n; i++)
      if (sw->rows[i].lower < 0) {
        fprintf(out, " %d%% ", sw->rows[i].growth);
        cp_html_text(out, sw->disciplines[sw->rows[i].discipline]);
      }
    fputs("</text>\n", out);
  }
  fputs("</svg>\n", out);
}
