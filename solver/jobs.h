/* jobs.h — independent solver runs in child processes.
 *
 * GLPK keeps one environment per thread and is not meant to be shared; a
 * forked child has its own copy of everything (the scenario, the district
 * state, GLPK's environment), runs one job, and sends its answer back as
 * bytes through a pipe.  The parent never blocks on one child: it polls
 * them all, passes Ctrl-C on, and a child that dies without a whole
 * answer is reported as such.  With one job at a time (or when fork or
 * pipe fails) the caller runs the job in-process instead.
 */
#ifndef CP_JOBS_H
#define CP_JOBS_H

#include <stdbool.h>
#include <stddef.h>

#define CP_JOBS_MAX 16

/* A growing byte buffer; bad once an allocation failed. */
typedef struct cp_buf {
  unsigned char *p;
  size_t n, cap;
  bool bad;
} cp_buf;

void cp_buf_put(cp_buf *b, const void *v, size_t n);
/* Reads n bytes at *pos into v; false (v untouched) past the end. */
bool cp_buf_get(const cp_buf *b, size_t *pos, void *v, size_t n);
void cp_buf_fini(cp_buf *b);

typedef struct cp_job {
  int pid, fd, tag;
  int slot;      /* its place in the shared progress table */
  bool done, ok; /* ended; with its whole answer in `in` */
  cp_buf in;     /* bytes read so far */
} cp_job;

typedef struct cp_jobs {
  cp_job j[CP_JOBS_MAX];
  int n;
  bool passed_on; /* the interrupt has been sent to the children */
} cp_jobs;

/* Runs fn(arg, out) in a child process; the bytes fn puts in out come back
 * from cp_jobs_wait under tag.  Returns 0, or -1 when no child could be
 * started (the job table full, no pipe, no fork): run it in-process. */
int cp_jobs_start(cp_jobs *J, int tag, void (*fn)(void *arg, cp_buf *out),
                  void *arg);
/* Waits for one job to end; returns its tag, or -1 when none runs.  *ok is
 * true when the child exited normally after writing all of its answer,
 * which *out then holds (caller frees). */
int cp_jobs_wait(cp_jobs *J, cp_buf *out, bool *ok);
/* Reads what the children wrote, waiting up to ms milliseconds for any
 * that still run (a job done and not taken does not end the wait: the
 * caller may be waiting for another);
 * a child that ended is marked done (J->j[k].done, .ok, .in) but stays in
 * J until taken.  Passes an interrupt on.  Returns the jobs done. */
int cp_jobs_poll(cp_jobs *J, int ms);
/* Removes job k, which is done: its tag, with *out and *ok as from
 * cp_jobs_wait. */
int cp_jobs_take(cp_jobs *J, int k, cp_buf *out, bool *ok);
/* The work-clock seconds job k has shown so far (cp_clock_share): a lower
 * bound of what it will have used when it ends. */
double cp_jobs_progress(const cp_jobs *J, int k);
/* Whether a job with this tag runs. */
bool cp_jobs_running(const cp_jobs *J, int tag);
/* Stops every child (SIGKILL) and reaps it. */
void cp_jobs_kill(cp_jobs *J);

/* Jobs at a time for the weekly solves (default 1); set from --jobs. */
void cp_jobs_set_parallel(int n);
int cp_jobs_parallel(void);
/* The processors online, 1..CP_JOBS_MAX. */
int cp_jobs_cpus(void);

#endif
