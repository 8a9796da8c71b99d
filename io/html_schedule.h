/* html_schedule.h — schedule.html (SPEC §3), and the HTML pieces
 * report.html shares with it (page frame, escaping, activity colours).
 *
 * schedule.html holds one week grid per therapist and week of the cycle
 * (days as columns, time as rows, blocks to scale, coloured by activity),
 * a school view (who is in the building when) and a student view (when each
 * student is pulled).  It is self-contained: no script, no font, no request
 * to any network (a Content-Security-Policy forbids them), and prints one
 * therapist-week per page on Letter or A4.
 */
#ifndef CP_HTML_SCHEDULE_H
#define CP_HTML_SCHEDULE_H

#include "../solver/schedule.h"

/* Writes schedule.html for the rows of S (any order; rows with indices
 * outside SC are skipped).  Figures (minutes per therapist, minutes per
 * service) come from cp_workload_compute and cp_schedule_service_minutes,
 * as in workload.csv and minutes.csv.  Out of memory leaves a page that
 * says so. */
void cp_html_schedule_write(FILE *out, const cp_scenario *sc,
                            const cp_schedule *s);

/* ---- shared with html_report.c ------------------------------------------ */

/* Activity categories: the colours of both pages and the segments of the
 * workload bars.  Same split as cp_workload (workload.c). */
typedef enum {
  CP_HCAT_SESSION,  /* direct, one student */
  CP_HCAT_GROUP,    /* direct, several students */
  CP_HCAT_CONSULT,
  CP_HCAT_DOC,      /* documentation */
  CP_HCAT_PLANNING,
  CP_HCAT_IEP_EVAL, /* iep_meeting and evaluation duties */
  CP_HCAT_RESERVE,  /* caseload-driven IEP/evaluation reserve */
  CP_HCAT_MEETING,  /* every other duty or meeting */
  CP_HCAT_TRAVEL,
  CP_HCAT_LUNCH,
  CP_HCAT_COUNT
} cp_html_cat;

typedef struct cp_html_cat_info {
  const char *css;    /* class suffix: "session" -> class "c-session" */
  const char *label;  /* legend text */
  const char *fill;   /* light fill of blocks */
  const char *strong; /* border of blocks, fill of bars and swatches */
} cp_html_cat_info;

extern const cp_html_cat_info cp_html_cats[CP_HCAT_COUNT];

/* The category of a row (as workload.c counts it). */
cp_html_cat cp_html_category(const cp_row *r);

/* Writes S as HTML text: & < > " ' escaped, control characters other than
 * tab and newline replaced by U+FFFD.  Safe in text and in quoted
 * attribute values. */
void cp_html_text(FILE *out, const char *s);

/* The page frame: doctype, head with the security policy, the common style
 * sheet plus EXTRA_CSS (may be NULL), and the opening body tag; the title
 * is escaped.  cp_html_end closes body and html. */
void cp_html_begin(FILE *out, const char *title, const char *extra_css);
void cp_html_end(FILE *out);

/* A legend of every activity category: swatches as the blocks of the
 * schedule grid, or (BARS) as the segments of the workload bars. */
void cp_html_legend(FILE *out, bool bars);

/* "A" .. "D" for week w of a cycle (0-based). */
char cp_html_week_letter(int w);

#endif
