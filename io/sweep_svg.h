/* sweep_svg.h — sweep.svg: the staffing curve of `caseplan staff --sweep`
 * as a self-contained SVG image (no script, no font, no external
 * resource). */
#ifndef CP_SWEEP_SVG_H
#define CP_SWEEP_SVG_H

#include "../solver/sweep.h"

/* Two panels side by side, therapists needed (per discipline: the proven
 * lower bound as a dot, the verified upper bound as a ring, the gap between
 * them shaded, the current staff dotted) against the caseload (students of
 * the discipline) and against the workload (minutes a week, as `caseplan
 * check` counts demand); axes, ticks, labels, legend and a title naming
 * NAME (the scenario).  Every figure comes from SW. */
void cp_sweep_write_svg(FILE *out, const cp_sweep *sw, const char *name);

#endif
