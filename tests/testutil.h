/* testutil.h — shared helpers for the cmocka tests.
 *
 * Tests run from the tests/ folder (make test does `cd tests`), so the
 * bundled scenarios are at ../instances/ and the shared example at
 * ../../shared/example/ (or $CASEPLAN_SHARED/example).  Scenario folders
 * for a test are written under a fresh mkdtemp() folder.
 */
#ifndef CP_TESTUTIL_H
#define CP_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../solver/caseplan.h"

/* Makes a new temporary folder; returns a malloc'd path. */
static inline char *tu_tempdir(void)
{
  char tmpl[] = "/tmp/caseplan-test-XXXXXX";
  char *d = mkdtemp(tmpl);
  assert_non_null(d);
  return strdup(d);
}

/* Writes TEXT to DIR/NAME. */
static inline void tu_write(const char *dir, const char *name, const char *text)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

/* Removes DIR and everything in it. */
static inline void tu_rmtree(const char *dir)
{
  char cmd[4200];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

/* Writes LEN bytes of DATA to DIR/NAME (for files with NUL bytes). */
static inline void tu_write_bytes(const char *dir, const char *name,
                                  const void *data, size_t len)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  fclose(f);
}

/* Prints every message of D (cmocka's print_message), to show what a
 * failing test got. */
static inline void tu_diag_dump(const cp_diag *d)
{
  for (int i = 0; i < d->n; i++)
    print_message("  got: %s:%d: %s\n", d->msgs[i].file, d->msgs[i].line,
                  d->msgs[i].text);
}

/* True when D holds WANT exactly, written as cp_diag_print writes it:
 * "file:line: text", "file: text" (line 0) or "text" (no file). */
static inline bool tu_diag_has(const cp_diag *d, const char *want)
{
  for (int i = 0; i < d->n; i++) {
    const cp_msg *m = &d->msgs[i];
    char buf[600];
    if (m->file[0] && m->line > 0)
      snprintf(buf, sizeof buf, "%s:%d: %s", m->file, m->line, m->text);
    else if (m->file[0])
      snprintf(buf, sizeof buf, "%s: %s", m->file, m->text);
    else
      snprintf(buf, sizeof buf, "%s", m->text);
    if (!strcmp(buf, want))
      return true;
  }
  return false;
}

/* Asserts that D holds WANT (see tu_diag_has), listing D when not. */
#define tu_assert_diag_has(d, want)                                            \
  do {                                                                         \
    if (!tu_diag_has((d), (want))) {                                           \
      print_message("  expected: %s\n", (want));                               \
      tu_diag_dump(d);                                                         \
      fail_msg("message not reported");                                       \
    }                                                                          \
  } while (0)

/* Path of the shared example folder. */
static inline const char *tu_example_dir(void)
{
  const char *env = getenv("CASEPLAN_SHARED");
  static char buf[4096];
  snprintf(buf, sizeof buf, "%s/example", env ? env : "../../shared");
  return buf;
}

#endif
