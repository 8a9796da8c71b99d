/* fuzz_util.h — shared helpers of the libFuzzer harnesses in tests/fuzz/.
 *
 * The readers take paths, not buffers, so every harness writes its input to
 * files in one scratch folder made once per process (under /dev/shm when
 * there is one: no disk I/O per run) and removed at exit.  Each run rewrites
 * the same few files, so the folder never grows.  An invariant the readers
 * promise but break is reported with fuzz_require, which aborts: libFuzzer
 * saves the input as a crash like any sanitizer report.
 */
#ifndef CP_FUZZ_UTIL_H
#define CP_FUZZ_UTIL_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../solver/caseplan.h"

static char fuzz_dir_path[256];

/* The files fuzz_cleanup removes: every name a harness may create. */
static const char *const fuzz_names[] = {
    "settings.csv", "schools.csv", "travel.csv",   "therapists.csv",
    "students.csv", "services.csv", "blocks.csv",  "duties.csv",
    "calendar.csv", "input.csv",   "schedule.csv"};
#define FUZZ_N_NAMES ((int)(sizeof fuzz_names / sizeof fuzz_names[0]))

static inline void fuzz_path(char *buf, size_t n, const char *name)
{
  snprintf(buf, n, "%s/%s", fuzz_dir_path, name);
}

/* Removes NAME from the scratch folder, whether a file or an (empty)
 * folder. */
static inline void fuzz_remove(const char *name)
{
  char p[512];
  fuzz_path(p, sizeof p, name);
  if (unlink(p) != 0)
    rmdir(p);
}

static inline void fuzz_cleanup(void)
{
  if (!fuzz_dir_path[0])
    return;
  for (int i = 0; i < FUZZ_N_NAMES; i++)
    fuzz_remove(fuzz_names[i]);
  rmdir(fuzz_dir_path);
  fuzz_dir_path[0] = 0;
}

/* Makes the per-process scratch folder on first use; returns its path. */
static inline const char *fuzz_dir(void)
{
  if (fuzz_dir_path[0])
    return fuzz_dir_path;
  struct stat sb;
  const char *base = getenv("TMPDIR");
  if (stat("/dev/shm", &sb) == 0 && S_ISDIR(sb.st_mode) &&
      access("/dev/shm", W_OK) == 0)
    base = "/dev/shm";
  snprintf(fuzz_dir_path, sizeof fuzz_dir_path, "%s/caseplan-fuzz-XXXXXX",
           base && *base ? base : "/tmp");
  if (!mkdtemp(fuzz_dir_path)) {
    perror("fuzz: mkdtemp");
    abort();
  }
  atexit(fuzz_cleanup);
  return fuzz_dir_path;
}

/* Writes LEN bytes of DATA to NAME in the scratch folder (replacing it). */
static inline void fuzz_write(const char *name, const uint8_t *data, size_t len)
{
  char p[512];
  fuzz_path(p, sizeof p, name);
  FILE *f = fopen(p, "wb");
  if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
    perror("fuzz: write");
    abort();
  }
}

/* A sink for the writers the harnesses exercise. */
static inline FILE *fuzz_null(void)
{
  static FILE *null;
  if (!null)
    null = fopen("/dev/null", "w");
  if (!null)
    abort();
  return null;
}

/* Checks the promises of every cp_diag: a stored message names a file of at
 * most 63 bytes, a non-negative line and a NUL-terminated text. */
static inline void fuzz_check_diag(const cp_diag *d)
{
  if (d->n < 0 || d->n > CP_DIAG_CAP || d->total < d->n)
    abort();
  for (int i = 0; i < d->n; i++) {
    const cp_msg *m = &d->msgs[i];
    if (m->line < 0 || !memchr(m->file, 0, sizeof m->file) ||
        !memchr(m->text, 0, sizeof m->text) || !m->text[0])
      abort();
  }
  cp_diag_print(d, fuzz_null());
}

#define fuzz_require(cond)                                                     \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "fuzz: %s:%d: invariant broken: %s\n", __FILE__,         \
              __LINE__, #cond);                                                \
      abort();                                                                 \
    }                                                                          \
  } while (0)

#endif
