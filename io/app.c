/* app.c — the commands (check, solve, verify, explain, staff, generate).
 *
 * Each command is a short pipeline over the library: read and validate the
 * scenario, run the stage it needs, re-verify what is written, write the
 * outputs atomically.  Input errors are printed all at once and nothing is
 * written when the input is invalid.
 */
#include "app.h"

#include "../solver/jobs.h"

#include "../solver/capacity.h"
#include "../solver/scenario.h"
#include "../solver/district.h"
#include "../solver/monolith.h"
#include "../solver/solve.h"
#include "moves_write.h"
#include "generate.h"
#include "html_report.h"
#include "html_schedule.h"
#include "ics_write.h"
#include "term_write.h"
#include "../solver/calendar.h"
#include "../solver/staffing.h"
#include "staffing_write.h"
#include "warnings_write.h"
#include "../solver/verify.h"
#include "../solver/workload.h"
#include "schedule_read.h"
#include "verify_write.h"
#include "out_dir.h"
#include "schedule_write.h"
#include "summary_write.h"
#include "../solver/sweep.h"
#include "sweep_svg.h"
#include "sweep_write.h"

#include <string.h>
#include <unistd.h>

void cp_app_options_init(cp_app_options *o)
{
  memset(o, 0, sizeof *o);
  o->out_dir = "out";
  o->seed = 1;
}

static cp_status load(const cp_app_options *o, cp_scenario **sc, FILE *err)
{
  cp_diag diag;
  cp_diag_init(&diag);
  cp_status st = cp_scenario_read(o->scenario, sc, &diag);
  if (st != CP_OK) {
    cp_diag_print(&diag, err);
    if (st == CP_ERR_INPUT)
      fprintf(err, "caseplan: %d input error%s in %s; nothing was written\n",
              diag.total, diag.total == 1 ? "" : "s", o->scenario);
    else
      fprintf(err, "caseplan: %s\n", cp_strerror(st));
  }
  return st;
}

static cp_status cmd_check(const cp_app_options *o, FILE *out, FILE *err)
{
  cp_scenario *sc;
  cp_status st = load(o, &sc, err);
  if (st != CP_OK)
    return st;
  cp_capacity cap;
  cp_staffing sf;
  cp_staff_opts sfo = {.time_limit = 1, .like = CP_NONE};
  st = cp_capacity_compute(sc, &cap);
  if (st == CP_OK) {
    st = cp_staff(sc, &sfo, true, &sf); /* certificates, re-checked */
    if (st == CP_OK) {
      cp_summary_write(out, sc, &cap, &sf.certs);
      if (sf.infeasible)
        st = CP_OVERLOAD;
      cp_staffing_fini(&sf);
    }
    cp_capacity_fini(&cap);
  }
  if (st != CP_OK && st != CP_OVERLOAD)
    fprintf(err, "caseplan: %s\n", cp_strerror(st));
  cp_scenario_destroy(sc);
  return st;
}

/* One updating line on a terminal: phase, therapist i/n, elapsed, missed. */
static void progress_line(void *info, const char *phase, int i, int n,
                          double elapsed, double missed, double gap)
{
  FILE *err = info;
  fprintf(err, "\r%-10s therapist %3d/%-3d %6.1fs  best: %.0f min missing, "
               "gap %.1f%%  ",
          phase, i, n, elapsed, missed, 100 * gap);
  fflush(err);
}

/* TERM: the dated plan (term.csv, term_minutes.csv, make-ups in the
 * calendars), or NULL without term dates. */
static cp_status write_outputs(const cp_app_options *o, const cp_scenario *sc,
                               const cp_solution *sol, const cp_term *term,
                               const cp_schedule *prev, cp_moves *moves,
                               FILE *err)
{
  cp_workload wl;
  if (cp_workload_compute(sc, sol->sched, &wl) != CP_OK) {
    cp_workload_fini(&wl);
    return CP_ERR_NOMEM;
  }
  cp_outdir od;
  cp_status st = cp_outdir_open(&od, o->out_dir);
  if (st != CP_OK) {
    fprintf(err, "caseplan: %s\n", od.error);
    return st;
  }
  FILE *f;
  if (!(f = cp_outdir_file(&od, "schedule.csv")))
    goto fail;
  cp_schedule_write_csv(f, sc, sol->sched);
  if (!(f = cp_outdir_file(&od, "minutes.csv")))
    goto fail;
  cp_minutes_write_csv(f, sc, sol->sched, sol->assign);
  if (!(f = cp_outdir_file(&od, "workload.csv")))
    goto fail;
  cp_workload_write_csv(f, sc, &wl);
  if (!(f = cp_outdir_file(&od, "schedule.html")))
    goto fail;
  cp_html_schedule_write(f, sc, sol->sched);
  if (!(f = cp_outdir_file(&od, "report.html")))
    goto fail;
  cp_html_report_write(f, sc, sol->sched, NULL, NULL);
  if (term) {
    if (!(f = cp_outdir_file(&od, "term.csv")))
      goto fail;
    cp_term_write_csv(f, sc, term);
    if (!(f = cp_outdir_file(&od, "term_minutes.csv")))
      goto fail;
    cp_term_minutes_write_csv(f, sc, term);
  }
  if (prev) {
    if (!(f = cp_outdir_file(&od, "moves.csv")))
      goto fail;
    if (cp_moves_write_csv(f, sc, prev, sol->sched, moves) != CP_OK) {
      snprintf(od.error, sizeof od.error, "moves.csv: out of memory");
      goto fail;
    }
  }
  char why[300];
  if (cp_ics_check(sc, why, sizeof why) == CP_OK)
    for (int t = 0; t < sc->therapists.n; t++) {
      char name[1024];
      cp_ics_file_name(sc, t, name, sizeof name);
      if (!(f = cp_outdir_file(&od, name)))
        goto fail;
      if (cp_ics_write(f, sc, sol->sched, term, t) != CP_OK) {
        snprintf(od.error, sizeof od.error, "%s: out of memory", name);
        goto fail;
      }
    }
  cp_workload_fini(&wl);
  st = cp_outdir_commit(&od);
  if (st != CP_OK)
    fprintf(err, "caseplan: %s; the previous outputs are unchanged\n",
            od.error);
  return st;
fail:
  cp_workload_fini(&wl);
  fprintf(err, "caseplan: %s; the previous outputs are unchanged\n",
          od.error);
  cp_outdir_abort(&od);
  return CP_ERR_IO;
}

/* Writes the proof outputs: staffing.csv and proof.txt; with a witness
 * (staff), also its schedule, minutes and workload. */
static cp_status write_proof(const cp_app_options *o, const cp_scenario *sc,
                             const cp_staffing *sf, bool witness,
                             const cp_solution *forced, FILE *err)
{
  cp_outdir od;
  cp_status st = cp_outdir_open(&od, o->out_dir);
  if (st != CP_OK) {
    fprintf(err, "caseplan: %s\n", od.error);
    return st;
  }
  FILE *f;
  cp_workload wl = {0};
  if (!(f = cp_outdir_file(&od, "staffing.csv")))
    goto fail;
  cp_staffing_write_csv(f, sc, sf);
  if (!(f = cp_outdir_file(&od, "proof.txt")))
    goto fail;
  if (sf->certs.n) {
    fprintf(f, "No schedule exists with the current staff. Proof%s (each "
               "re-checked independently):\n",
            sf->certs.n == 1 ? "" : "s");
    cp_certs_write_text(f, sc, &sf->certs);
  } else {
    fprintf(f, "No certificate of understaffing: the arithmetic does not "
               "rule out a schedule.\n");
  }
  fprintf(f, "\nStaffing:\n");
  cp_staffing_write_text(f, sc, sf);
  if (witness && sf->witness.sched) {
    if (!(f = cp_outdir_file(&od, "schedule.csv")))
      goto fail;
    cp_schedule_write_csv(f, sc, sf->witness.sched);
    if (!(f = cp_outdir_file(&od, "minutes.csv")))
      goto fail;
    cp_minutes_write_csv(f, sc, sf->witness.sched, sf->witness.assign);
    if (cp_workload_compute(sc, sf->witness.sched, &wl) != CP_OK)
      goto fail;
    if (!(f = cp_outdir_file(&od, "workload.csv")))
      goto fail;
    cp_workload_write_csv(f, sc, &wl);
    if (sf->n_hires) {
      if (!(f = cp_outdir_file(&od, "hires.csv")))
        goto fail;
      cp_hires_write_csv(f, sc);
    }
  }
  if (!(f = cp_outdir_file(&od, "report.html")))
    goto fail;
  cp_html_report_write(f, sc, witness ? sf->witness.sched : NULL, sf,
                       forced && forced->sched ? forced : NULL);
  if (witness && sf->witness.sched) {
    if (!(f = cp_outdir_file(&od, "schedule.html")))
      goto fail;
    cp_html_schedule_write(f, sc, sf->witness.sched);
  }
  if (forced && forced->sched) {
    if (!(f = cp_outdir_file(&od, "warnings.csv")))
      goto fail;
    cp_warnings_write_csv(f, sc, forced);
    if (!(f = cp_outdir_file(&od, "forced_week.csv")))
      goto fail;
    cp_schedule_write_csv(f, sc, forced->sched);
  }
  cp_workload_fini(&wl);
  st = cp_outdir_commit(&od);
  if (st != CP_OK)
    fprintf(err, "caseplan: %s; the previous outputs are unchanged\n",
            od.error);
  return st;
fail:
  cp_workload_fini(&wl);
  fprintf(err, "caseplan: %s; the previous outputs are unchanged\n",
          od.error[0] ? od.error : "out of memory");
  cp_outdir_abort(&od);
  return CP_ERR_IO;
}

static void print_proof(FILE *out, const cp_scenario *sc,
                        const cp_staffing *sf)
{
  fprintf(out, "No schedule exists with the current staff. Proof%s (each "
               "re-checked independently):\n",
          sf->certs.n == 1 ? "" : "s");
  cp_certs_write_text(out, sc, &sf->certs);
  fprintf(out, "\nStaffing:\n");
  cp_staffing_write_text(out, sc, sf);
}

/* Re-checks a schedule the solver made.  A complete schedule must pass
 * every rule; an incomplete one may only miss service minutes. */
static cp_status self_verify(const cp_scenario *sc, const cp_solution *sol,
                             FILE *err)
{
  cp_verify_report rep;
  cp_status st = cp_verify(sc, sol->sched, &rep);
  if (st == CP_VIOLATIONS && sol->complete) {
    fprintf(err, "caseplan: internal error: the schedule found breaks %d "
                 "rule%s (nothing was written):\n",
            rep.n, rep.n == 1 ? "" : "s");
    strcpy(rep.file, "(solver schedule)");
    cp_verify_report_write(err, sc, &rep);
    st = CP_ERR_INTERNAL;
  } else if (st == CP_VIOLATIONS) {
    st = CP_OK; /* shortfall is reported in minutes.csv */
  }
  cp_verify_report_fini(&rep);
  return st;
}

/* The schedule laid over the term with its make-ups (solver/term.h). */
static cp_status plan_term(const cp_scenario *sc, const cp_solution *sol,
                           cp_term *term, FILE *err)
{
  cp_status st = cp_term_build(sc, sol->sched, term);
  if (st == CP_ERR_INTERNAL)
    fprintf(err, "caseplan: internal error: %s (nothing was written)\n",
            term->error);
  else if (st != CP_OK)
    fprintf(err, "caseplan: %s\n", cp_strerror(st));
  return st;
}

static void print_term(FILE *out, const cp_scenario *sc, const cp_term *t)
{
  char a[11], b[11];
  cp_date_format(sc->set.term_start, a);
  cp_date_format(sc->set.term_end, b);
  fprintf(out, "term %s to %s: %d make-up session%s; ", a, b, t->makeups,
          t->makeups == 1 ? "" : "s");
  if (t->debt)
    fprintf(out, "%d minutes owed on %d service%s (see term_minutes.csv)\n",
            t->debt, t->in_debt, t->in_debt == 1 ? "" : "s");
  else
    fprintf(out, "every service gets its minutes (term_minutes.csv)\n");
}

/* solve on a loaded scenario; prev = the --keep schedule or NULL */
static cp_status solve_loaded(const cp_app_options *o, cp_scenario *sc,
                              const cp_schedule *prev, FILE *out, FILE *err)
{
  double t_start = cp_now();
  cp_status st;
  cp_solve_opts so = {.time_limit = o->time_limit > 0 ? o->time_limit
                                                      : sc->set.time_limit,
                      .keep = prev};
  bool tty = !o->quiet && isatty(fileno(err));
  if (tty) {
    so.progress.fn = progress_line;
    so.progress.info = err;
  }
  if (o->write_lp) {
    char msg[512] = "";
    st = cp_monolith_write_lp(sc, o->write_lp, msg, sizeof msg);
    if (st != CP_OK) {
      fprintf(err, "caseplan: --write-lp %s: %s\n", o->write_lp,
              msg[0] ? msg : cp_strerror(st));
      return st;
    }
  }
  /* a proof from arithmetic first: then no search can find a week */
  cp_staffing sf;
  cp_staff_opts sfo = {.time_limit = so.time_limit, .like = CP_NONE,
                       .progress = so.progress};
  st = cp_staff(sc, &sfo, true, &sf);
  if (st != CP_OK) {
    fprintf(err, "caseplan: %s\n", cp_strerror(st));
    return st;
  }
  if (sf.infeasible) {
    cp_staffing_fini(&sf);
    sfo.time_limit = so.time_limit / 2; /* half for the bracket */
    st = cp_staff(sc, &sfo, false, &sf);
    cp_scenario_drop_hires(sc);
    /* the other half: the least-bad week with the current staff */
    cp_solution forced = {0};
    if (st == CP_OK) {
      cp_solve_opts eo = so;
      eo.elastic = true;
      /* what is left of the whole limit, less a tenth: GLPK's work at the
       * root of the elastic week runs without callbacks (S_under went 6%
       * past its limit with all of it) */
      eo.time_limit = 0.9 * (so.time_limit - (cp_now() - t_start));
      if (eo.time_limit < 1)
        eo.time_limit = 1;
      cp_status e = cp_district_solve(sc, &eo, &forced);
      if (e != CP_OK && e != CP_UNDECIDED)
        st = e;
    }
    if (tty)
      fprintf(err, "\r%78s\r", "");
    if (st == CP_OK) {
      print_proof(out, sc, &sf);
      if (forced.sched) {
        fprintf(out, "\n");
        cp_warnings_write_text(out, sc, &forced);
      }
      st = write_proof(o, sc, &sf, false, &forced, err);
      if (st == CP_OK) {
        fprintf(out, "staffing.csv, proof.txt%s written to %s/\n",
                forced.sched ? ", warnings.csv and forced_week.csv" : "",
                o->out_dir);
        st = CP_INFEASIBLE;
      }
      cp_staffing_fini(&sf);
    } else {
      fprintf(err, "caseplan: %s\n", cp_strerror(st));
    }
    cp_solution_fini(&forced);
    return st;
  }
  cp_staffing_fini(&sf);

  cp_solution sol;
  st = cp_district_solve(sc, &so, &sol);
  if (tty)
    fprintf(err, "\r%78s\r", "");
  if (st != CP_OK) {
    fprintf(err, "caseplan: %s\n", cp_strerror(st));
    return st;
  }
  if (!sol.complete && !cp_interrupted()) {
    /* the decomposition found no full week: is there a proof? */
    bool found = false;
    st = cp_staff(sc, &sfo, true, &sf);
    double left = so.time_limit - sol.seconds; /* the limit holds overall */
    if (st == CP_OK && left > 0.5)
      st = cp_staff_lp_proof(sc, left, &sf, &found);
    if (st == CP_OK && found) {
      print_proof(out, sc, &sf);
      st = write_proof(o, sc, &sf, false, NULL, err);
      if (st == CP_OK) {
        fprintf(out, "staffing.csv and proof.txt written to %s/\n",
                o->out_dir);
        st = CP_INFEASIBLE;
      }
    }
    if (sf.rows)
      cp_staffing_fini(&sf);
    if (st != CP_OK) {
      cp_solution_fini(&sol);
      return st;
    }
  }
  st = self_verify(sc, &sol, err);
  cp_term term = {0};
  bool dated = sc->set.term_start >= 0 && sc->set.term_end >= 0;
  if (st == CP_OK && dated)
    st = plan_term(sc, &sol, &term, err);
  cp_moves moves = {0};
  if (st == CP_OK)
    st = write_outputs(o, sc, &sol, dated ? &term : NULL, so.keep, &moves,
                       err);
  if (st == CP_OK) {
    fprintf(out,
            "caseplan solve: %s in %.1f s (%d solver rounds, worst gap "
            "%.1f%%); %d rows written to %s/\n",
            sol.complete ? "schedule found" : "incomplete schedule",
            sol.seconds, sol.rounds, 100 * sol.worst_gap, sol.sched->n,
            o->out_dir);
    if (so.keep)
      fprintf(out, "--keep: %d of %d previous sessions unchanged (%.0f%%), "
                   "%d moved, %d no longer scheduled (see moves.csv)\n",
              moves.kept, moves.total,
              moves.total ? 100.0 * moves.kept / moves.total : 100.0,
              moves.moved, moves.unscheduled);
    if (!sol.complete && cp_interrupted()) {
      fprintf(out, "interrupted: the best week found so far is written, "
                   "marked incomplete; %.0f service minutes per cycle are "
                   "not placed (see minutes.csv)\n",
              sol.missed);
      st = CP_UNDECIDED;
    } else if (!sol.complete) {
      fprintf(out, "not decided within the limit: %.0f service minutes per "
                   "cycle are not placed (see minutes.csv); no proof that "
                   "no schedule exists\n",
              sol.missed);
      st = CP_UNDECIDED;
    }
    if (dated)
      print_term(out, sc, &term);
    char why[300];
    if (cp_ics_check(sc, why, sizeof why) != CP_OK)
      fprintf(out, "note: no %scalendars (ics/) written: %s\n",
              dated ? "" : "term.csv, term_minutes.csv or ", why);
  }
  cp_term_fini(&term);
  cp_solution_fini(&sol);
  return st;
}

static cp_status cmd_solve(const cp_app_options *o, FILE *out, FILE *err)
{
  cp_scenario *sc;
  cp_status st = load(o, &sc, err);
  if (st != CP_OK)
    return st;
  cp_schedule *prev = NULL;
  if (o->keep) {
    cp_diag diag, notes;
    cp_diag_init(&diag);
    cp_diag_init(&notes);
    st = cp_schedule_read_previous(sc, o->keep, &prev, &diag, &notes);
    if (st != CP_OK) {
      cp_diag_print(&diag, err);
      fprintf(err, "caseplan: --keep %s cannot be read (%d error%s); nothing "
                   "was written\n",
              o->keep, diag.total, diag.total == 1 ? "" : "s");
    } else if (notes.total) {
      fprintf(out, "--keep %s: %d row%s or student%s the scenario no longer "
                   "has, dropped:\n",
              o->keep, notes.total, notes.total == 1 ? "" : "s",
              notes.total == 1 ? "" : "s");
      cp_diag_print(&notes, out);
    }
  }
  if (st == CP_OK)
    st = solve_loaded(o, sc, prev, out, err);
  cp_schedule_destroy(prev);
  cp_scenario_destroy(sc);
  return st;
}

static cp_status cmd_verify(const cp_app_options *o, FILE *out, FILE *err)
{
  cp_scenario *sc;
  cp_status st = load(o, &sc, err);
  if (st != CP_OK)
    return st;
  cp_diag diag;
  cp_diag_init(&diag);
  cp_schedule *s = NULL;
  st = cp_schedule_read(sc, o->schedule, &s, &diag);
  if (st != CP_OK) {
    cp_diag_print(&diag, err);
    fprintf(err, "caseplan: %s cannot be read (%d error%s)\n", o->schedule,
            diag.total, diag.total == 1 ? "" : "s");
    cp_scenario_destroy(sc);
    return st == CP_ERR_INPUT ? CP_ERR_INPUT : st;
  }
  cp_verify_report rep;
  st = cp_verify(sc, s, &rep);
  if (st == CP_OK || st == CP_VIOLATIONS) {
    const char *base = strrchr(o->schedule, '/');
    snprintf(rep.file, sizeof rep.file, "%s", base ? base + 1 : o->schedule);
    cp_verify_report_write(out, sc, &rep);
    if (st == CP_OK)
      fprintf(out, "%s: every hard constraint holds (%d rows)\n", rep.file,
              s->n);
    else
      fprintf(out, "%s: %d violation%s\n", rep.file, rep.n,
              rep.n == 1 ? "" : "s");
    cp_workload wl;
    if (cp_workload_compute(sc, s, &wl) == CP_OK) {
      fprintf(out, "\nWorkload per therapist and week (minutes):\n");
      cp_workload_write_text(out, sc, &wl);
    }
    cp_workload_fini(&wl);
  }
  cp_verify_report_fini(&rep);
  cp_schedule_destroy(s);
  cp_scenario_destroy(sc);
  return st;
}

static cp_status cmd_explain(const cp_app_options *o, FILE *out, FILE *err)
{
  cp_scenario *sc;
  cp_status st = load(o, &sc, err);
  if (st != CP_OK)
    return st;
  cp_staffing sf;
  cp_staff_opts sfo = {.time_limit = o->time_limit > 0 ? o->time_limit
                                                       : sc->set.time_limit,
                       .like = CP_NONE};
  st = cp_staff(sc, &sfo, true, &sf);
  if (st == CP_OK && sf.infeasible) {
    print_proof(out, sc, &sf);
    st = write_proof(o, sc, &sf, false, NULL, err);
    if (st == CP_OK)
      st = CP_INFEASIBLE;
  } else if (st == CP_OK) {
    /* no arithmetic proof: does a schedule exist? */
    cp_solve_opts so = {.time_limit = sfo.time_limit};
    cp_solution sol;
    st = cp_district_solve(sc, &so, &sol);
    if (st == CP_OK && sol.complete) {
      fprintf(out, "A schedule exists (found and verified in %.1f s): "
                   "nothing to explain. Run `caseplan solve` to write it.\n",
              sol.seconds);
    } else if (st == CP_OK || st == CP_UNDECIDED) {
      bool found = false;
      cp_status s2 = cp_staff_lp_proof(sc, sfo.time_limit / 2, &sf, &found);
      if (s2 != CP_OK) {
        st = s2;
      } else if (found) {
        print_proof(out, sc, &sf);
        st = write_proof(o, sc, &sf, false, NULL, err);
        if (st == CP_OK)
          st = CP_INFEASIBLE;
      } else {
        fprintf(out, "Not decided: no certificate proves understaffing, and "
                     "no complete schedule was found within %.0f s (%.0f "
                     "service minutes unplaced).\n",
                sfo.time_limit, st == CP_OK ? sol.missed : 0.0);
        st = CP_UNDECIDED;
      }
    }
    cp_solution_fini(&sol);
  }
  if (st != CP_OK && st != CP_INFEASIBLE && st != CP_UNDECIDED)
    fprintf(err, "caseplan: %s\n", cp_strerror(st));
  if (sf.rows)
    cp_staffing_fini(&sf);
  cp_scenario_destroy(sc);
  return st;
}

static cp_status cmd_staff(const cp_app_options *o, FILE *out, FILE *err)
{
  cp_scenario *sc;
  cp_status st = load(o, &sc, err);
  if (st != CP_OK)
    return st;
  int like = CP_NONE;
  if (o->hire_like) {
    like = cp_map_get(&sc->therapist_ix, o->hire_like);
    if (like < 0) {
      fprintf(err, "caseplan: --hire-like '%s' is not in therapists.csv\n"
                   "try 'caseplan --help'\n",
              o->hire_like);
      cp_scenario_destroy(sc);
      return CP_ERR_USAGE;
    }
  }
  cp_staffing sf;
  cp_staff_opts sfo = {.time_limit = o->time_limit > 0 ? o->time_limit
                                                       : sc->set.time_limit,
                       .like = like};
  bool tty = !o->quiet && isatty(fileno(err));
  if (tty) {
    sfo.progress.fn = progress_line;
    sfo.progress.info = err;
  }
  st = cp_staff(sc, &sfo, false, &sf);
  if (tty)
    fprintf(err, "\r%78s\r", "");
  if (st == CP_OK) {
    if (sf.infeasible)
      print_proof(out, sc, &sf);
    else {
      fprintf(out, "No certificate of understaffing.\nStaffing:\n");
      cp_staffing_write_text(out, sc, &sf);
    }
    st = write_proof(o, sc, &sf, true, NULL, err);
    if (st == CP_OK) {
      fprintf(out, "staffing.csv written to %s/ (%.1f s)\n", o->out_dir,
              sf.seconds);
      for (int k = 0; k < sf.n; k++)
        if (sf.rows[k].upper < 0)
          st = CP_UNDECIDED;
    }
    cp_staffing_fini(&sf);
  } else {
    fprintf(err, "caseplan: %s\n", cp_strerror(st));
  }
  cp_scenario_destroy(sc);
  return st;
}

/* staff --sweep growth=FROM:TO:STEP: the bracket of cmd_staff at each
 * growth point (solver/sweep.h), one after the other, each with the whole
 * time limit and a scenario read afresh; a table row per point as soon as
 * it is done, then sweep.csv and sweep.svg (atomically, like every output). */
static cp_status cmd_sweep(const cp_app_options *o, FILE *out, FILE *err)
{
  cp_sweep_spec spec;
  char msg[512];
  if (cp_sweep_parse(o->sweep, &spec, msg, sizeof msg) != CP_OK) {
    fprintf(err, "caseplan: %s\ntry 'caseplan --help'\n", msg);
    return CP_ERR_USAGE;
  }
  cp_sweep sw;
  cp_sweep_init(&sw, &spec);
  bool tty = !o->quiet && isatty(fileno(err));
  cp_status st = CP_OK;
  for (int i = 0; i < cp_sweep_count(&spec) && st == CP_OK; i++) {
    cp_scenario *sc;
    if ((st = load(o, &sc, err)) != CP_OK)
      break;
    cp_staff_opts sfo = {.time_limit = o->time_limit > 0 ? o->time_limit
                                                         : sc->set.time_limit,
                         .like = CP_NONE};
    if (o->hire_like &&
        (sfo.like = cp_map_get(&sc->therapist_ix, o->hire_like)) < 0) {
      fprintf(err, "caseplan: --hire-like '%s' is not in therapists.csv\n"
                   "try 'caseplan --help'\n",
              o->hire_like);
      cp_scenario_destroy(sc);
      st = CP_ERR_USAGE;
      break;
    }
    if (tty) {
      sfo.progress.fn = progress_line;
      sfo.progress.info = err;
    }
    if (i == 0) {
      fprintf(out, "Staffing curve of %s: growth %d%% to %d%% in steps of "
                   "%d%%, %g s per point\n(minutes a week; needed = proven "
                   "lower..verified upper bound of therapists)\n\n",
              o->scenario, spec.from, spec.to, spec.step, sfo.time_limit);
      cp_sweep_write_text_head(out);
    }
    int first = sw.n;
    cp_diag diag;
    cp_diag_init(&diag);
    st = cp_sweep_point(&sw, sc, cp_sweep_growth(&spec, i), &sfo, &diag);
    if (tty)
      fprintf(err, "\r%78s\r", "");
    if (st == CP_OK)
      cp_sweep_write_text_rows(out, &sw, first);
    else if (st == CP_ERR_INPUT)
      cp_diag_print(&diag, err);
    else
      fprintf(err, "caseplan: %s\n", cp_strerror(st));
    fflush(out);
    cp_scenario_destroy(sc);
  }
  cp_outdir od;
  FILE *f;
  if (st == CP_OK && (st = cp_outdir_open(&od, o->out_dir)) != CP_OK)
    fprintf(err, "caseplan: %s\n", od.error);
  else if (st == CP_OK) {
    if ((f = cp_outdir_file(&od, "sweep.csv")))
      cp_sweep_write_csv(f, &sw);
    if (f && (f = cp_outdir_file(&od, "sweep.svg")))
      cp_sweep_write_svg(f, &sw, o->scenario);
    if (f)
      st = cp_outdir_commit(&od);
    else {
      cp_outdir_abort(&od);
      st = CP_ERR_IO;
    }
    if (st != CP_OK)
      fprintf(err, "caseplan: %s; the previous outputs are unchanged\n",
              od.error);
  }
  if (st == CP_OK) {
    cp_sweep_write_text_notes(out, &sw);
    fprintf(out, "\nsweep.csv and sweep.svg written to %s/ (%d points, "
                 "%.1f s in all)\n",
            o->out_dir, cp_sweep_count(&spec), sw.seconds);
    for (int i = 0; i < sw.n; i++)
      if (sw.rows[i].lower >= 0 && sw.rows[i].upper < 0)
        st = CP_UNDECIDED;
  }
  cp_sweep_fini(&sw);
  return st;
}

static cp_status cmd_generate(const cp_app_options *o, FILE *out, FILE *err)
{
  cp_gen_params p;
  char msg[512] = "";
  cp_gen_params_init(&p);
  cp_status st = CP_OK;
  if (o->size)
    st = cp_gen_preset(&p, o->size, msg, sizeof msg);
  p.seed = (uint64_t)o->seed;
  for (int i = 0; i < o->n_params && st == CP_OK; i++)
    st = cp_gen_set(&p, o->params[i], msg, sizeof msg);
  if (st == CP_ERR_USAGE) {
    fprintf(err, "caseplan: %s\ntry 'caseplan --help'\n", msg);
    return st;
  }
  if (st == CP_OK)
    st = cp_generate(&p, o->scenario, msg, sizeof msg);
  if (st != CP_OK) {
    fprintf(err, "caseplan: %s\n", msg[0] ? msg : cp_strerror(st));
    return st;
  }
  fprintf(out, "caseplan generate: scenario written to %s/ (seed %d)\n",
          o->scenario, o->seed);
  return CP_OK;
}

cp_status cp_app_run(const char *command, const cp_app_options *o, FILE *out,
                     FILE *err)
{
  /* weekly solves in parallel, one process each; a memory limit is
   * shared out among them */
  int jobs = o->jobs > 0 ? o->jobs : cp_jobs_cpus();
  cp_jobs_set_parallel(jobs);
  cp_solver_memory_limit(o->memory_limit > 0 && o->memory_limit / jobs < 1
                             ? 1
                             : o->memory_limit / jobs);
  if (o->sweep && strcmp(command, "staff")) {
    fprintf(err, "caseplan: --sweep is an option of staff, not of %s\n"
                 "try 'caseplan --help'\n", command);
    return CP_ERR_USAGE;
  }
  if (!strcmp(command, "generate"))
    return cmd_generate(o, out, err);
  if (!strcmp(command, "explain"))
    return cmd_explain(o, out, err);
  if (!strcmp(command, "staff"))
    return o->sweep ? cmd_sweep(o, out, err) : cmd_staff(o, out, err);
  if (!strcmp(command, "verify"))
    return cmd_verify(o, out, err);
  if (!strcmp(command, "check"))
    return cmd_check(o, out, err);
  if (!strcmp(command, "solve"))
    return cmd_solve(o, out, err);
  fprintf(err, "caseplan: '%s' is not built yet\n", command);
  return CP_ERR_INTERNAL;
}
