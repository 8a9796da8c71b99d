/* jobs.c — independent solver runs in child processes (see jobs.h). */
#define _POSIX_C_SOURCE 200809L
#include "jobs.h"

#include "caseplan.h"
#include "solve.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

void cp_buf_put(cp_buf *b, const void *v, size_t n)
{
  if (b->bad || !n)
    return; /* n = 0: v may be NULL (a row without services) */
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + n)
      cap *= 2;
    unsigned char *p = realloc(b->p, cap);
    if (!p) {
      b->bad = true;
      return;
    }
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->n, v, n);
  b->n += n;
}

bool cp_buf_get(const cp_buf *b, size_t *pos, void *v, size_t n)
{
  if (*pos > b->n || b->n - *pos < n)
    return false;
  if (!n)
    return true;
  memcpy(v, b->p + *pos, n);
  *pos += n;
  return true;
}

void cp_buf_fini(cp_buf *b)
{
  free(b->p);
  memset(b, 0, sizeof *b);
}

static int parallel = 1;

void cp_jobs_set_parallel(int n)
{
  parallel = n < 1 ? 1 : n > CP_JOBS_MAX ? CP_JOBS_MAX : n;
}

int cp_jobs_parallel(void)
{
  return parallel;
}

int cp_jobs_cpus(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > CP_JOBS_MAX ? CP_JOBS_MAX : (int)n;
}

/* write(2) all of it; false on an error other than EINTR */
static bool write_all(int fd, const unsigned char *p, size_t n)
{
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return false;
    p += w;
    n -= (size_t)w;
  }
  return true;
}

/* Each child's work clock, shown as it advances (cp_clock_share), in a
 * table shared by every process of this run: the parent orders the weeks'
 * ends by it (district.c), not by when they happen to arrive. */
static volatile long long *progress;

static bool slot_used(const cp_jobs *J, int slot)
{
  for (int k = 0; k < J->n; k++)
    if (J->j[k].slot == slot)
      return true;
  return false;
}

int cp_jobs_start(cp_jobs *J, int tag, void (*fn)(void *arg, cp_buf *out),
                  void *arg)
{
  int fds[2];
  if (!progress) {
    void *p = mmap(NULL, CP_JOBS_MAX * sizeof *progress,
                   PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      return -1;
    progress = p;
  }
  int slot = 0;
  while (slot < CP_JOBS_MAX && slot_used(J, slot))
    slot++;
  if (J->n >= CP_JOBS_MAX || slot >= CP_JOBS_MAX || pipe(fds))
    return -1;
  progress[slot] = 0;
  fflush(NULL); /* nothing buffered is written twice */
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  if (pid == 0) {
#ifdef __linux__
    /* the parent killed (kill -9, OOM): no orphan solves on for minutes */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() == 1)
      _exit(1); /* the parent died before prctl */
#endif
    close(fds[0]);
    for (int k = 0; k < J->n; k++)
      close(J->j[k].fd);
    cp_clock_share(&progress[slot]);
    cp_buf out = {0};
    fn(arg, &out);
    /* the answer ends with its own length: a child killed mid-write is
     * told apart from one that finished */
    unsigned long long len = out.n;
    cp_buf_put(&out, &len, sizeof len);
    int code = !out.bad && write_all(fds[1], out.p, out.n) ? 0 : 1;
    _exit(code); /* no atexit handlers, no stdio flush: the parent's */
  }
  close(fds[1]);
  J->j[J->n++] = (cp_job){.pid = pid, .fd = fds[0], .tag = tag, .slot = slot};
  return 0;
}

bool cp_jobs_running(const cp_jobs *J, int tag)
{
  for (int k = 0; k < J->n; k++)
    if (J->j[k].tag == tag)
      return true;
  return false;
}

static void drop(cp_jobs *J, int k)
{
  close(J->j[k].fd);
  J->j[k] = J->j[--J->n];
}

int cp_jobs_poll(cp_jobs *J, int ms)
{
  if (cp_interrupted() && !J->passed_on) {
    /* kill -INT to this process alone: the children stop too and send
     * the best week they have */
    J->passed_on = true;
    for (int k = 0; k < J->n; k++)
      kill(J->j[k].pid, SIGINT);
  }
  struct pollfd pf[CP_JOBS_MAX];
  int np = 0, at[CP_JOBS_MAX], done = 0;
  for (int k = 0; k < J->n; k++) {
    if (J->j[k].done) {
      done++;
      continue;
    }
    at[np] = k;
    pf[np++] = (struct pollfd){.fd = J->j[k].fd, .events = POLLIN};
  }
  if (!np)
    return done;
  int r = poll(pf, (nfds_t)np, ms);
  if (r < 0 && errno != EINTR) {
    pf[0].revents = POLLIN; /* cannot poll: a blocking read of one */
    r = 1;
  }
  for (int i = 0; r > 0 && i < np; i++) {
    if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
      continue;
    cp_job *jb = &J->j[at[i]];
    unsigned char chunk[65536];
    ssize_t got = read(jb->fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR)
      continue;
    if (got > 0) {
      cp_buf_put(&jb->in, chunk, (size_t)got);
      continue;
    }
    /* end of file (or a read error): the child is done */
    int status = 0;
    while (waitpid(jb->pid, &status, 0) < 0 && errno == EINTR)
      ;
    cp_buf *out = &jb->in;
    unsigned long long len = 0;
    jb->ok = got == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
             !out->bad && out->n >= sizeof len;
    if (jb->ok) {
      memcpy(&len, out->p + out->n - sizeof len, sizeof len);
      jb->ok = len == out->n - sizeof len;
      out->n -= sizeof len;
    }
    jb->done = true;
    done++;
  }
  return done;
}

int cp_jobs_take(cp_jobs *J, int k, cp_buf *out, bool *ok)
{
  int tag = J->j[k].tag;
  *out = J->j[k].in;
  *ok = J->j[k].ok;
  memset(&J->j[k].in, 0, sizeof J->j[k].in);
  drop(J, k);
  return tag;
}

double cp_jobs_progress(const cp_jobs *J, int k)
{
  return progress ? 1e-9 * (double)progress[J->j[k].slot] : 0;
}

int cp_jobs_wait(cp_jobs *J, cp_buf *out, bool *ok)
{
  memset(out, 0, sizeof *out);
  *ok = false;
  if (!J->n)
    return -1;
  for (;;) {
    for (int k = 0; k < J->n; k++)
      if (J->j[k].done)
        return cp_jobs_take(J, k, out, ok);
    cp_jobs_poll(J, 100); /* 0.1 s: Ctrl-C is seen */
  }
}

void cp_jobs_kill(cp_jobs *J)
{
  while (J->n) {
    kill(J->j[0].pid, SIGKILL);
    while (waitpid(J->j[0].pid, NULL, 0) < 0 && errno == EINTR)
      ;
    cp_buf_fini(&J->j[0].in);
    drop(J, 0);
  }
}
