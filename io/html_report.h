/* html_report.h — report.html (SPEC §3): the workload and staffing report
 * for a supervisor.
 *
 * In order: a short answer in plain sentences; when no schedule exists, the
 * certificates (each one sentence first, the arithmetic after), the
 * minimum staffing bracket and the warning signs of the least-bad week;
 * per therapist and week a stacked bar (inline
 * SVG) of where the week goes against contract minutes, with the numbers of
 * workload.csv; caseload next to workload; service minutes per discipline
 * (minutes.csv); per school demand against the time therapists can be there
 * (capacity.c).  Self-contained like schedule.html.
 */
#ifndef CP_HTML_REPORT_H
#define CP_HTML_REPORT_H

#include "../solver/staffing.h"

/* Writes report.html.  S (the schedule, or the staffing witness; rows in
 * any order) may be NULL when no schedule was made; SF may be NULL when no
 * staffing was computed; FORCED, the least-bad week of an understaffed
 * scenario (an elastic cp_district_solve with the current staff), may be
 * NULL: when given, the warning-sign table of warnings.csv is shown.
 * Figures come from cp_workload_compute, cp_schedule_service_minutes,
 * cp_capacity_compute, the certificates and FORCED's signs, never
 * recomputed here.  Out of memory leaves a page that says what is
 * missing. */
void cp_html_report_write(FILE *out, const cp_scenario *sc,
                          const cp_schedule *s, const cp_staffing *sf,
                          const cp_solution *forced);

#endif
