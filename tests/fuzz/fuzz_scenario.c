/* fuzz_scenario.c — libFuzzer harness for the whole scenario load
 * (io/scenario_read.c and everything cp_scenario_read calls), followed by
 * the arithmetic `caseplan check` does on a valid scenario.
 *
 * One input is a scenario folder packed into one byte string (pack.py
 * writes seeds in this form):
 *
 *     %%% schools.csv          a marker line: the next bytes are this file
 *     school_id,name,start,end
 *     A,Adams,08:00,15:00
 *     %%% students.csv
 *     ...
 *     %%%/ blocks.csv          this name is made a folder instead
 *
 * A marker is a line that starts with "%%% " or "%%%/ " at the start of the
 * input or right after a '\n'; a file's bytes run to the next marker (the
 * '\n' before it included) or to the end.  Only the nine scenario file names
 * are written; other sections and the bytes before the first marker are
 * dropped, a name given twice keeps its last section, a file without a
 * section is missing.  The files are written into one scratch folder per
 * process, cleared before each run.
 */
#include "fuzz_util.h"

#include "../../io/summary_write.h"
#include "../../solver/capacity.h"
#include "../../solver/certify.h"
#include "../../solver/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { N_SCENARIO_FILES = 9 }; /* the first nine of fuzz_names */

/* Length of the marker line at p (0 when there is none); *dir tells a
 * folder marker, name/name_len the name. */
static size_t marker(const uint8_t *p, const uint8_t *end, bool *dir,
                     const char **name, size_t *name_len)
{
  size_t n = (size_t)(end - p);
  size_t skip;
  if (n >= 4 && !memcmp(p, "%%% ", 4))
    skip = 4, *dir = false;
  else if (n >= 5 && !memcmp(p, "%%%/ ", 5))
    skip = 5, *dir = true;
  else
    return 0;
  const uint8_t *nl = memchr(p + skip, '\n', n - skip);
  const uint8_t *stop = nl ? nl : end;
  *name = (const char *)p + skip;
  *name_len = (size_t)(stop - (p + skip));
  if (*name_len && (*name)[*name_len - 1] == '\r')
    (*name_len)--;
  return (size_t)(stop - p) + (nl ? 1 : 0);
}

static int known_name(const char *name, size_t len)
{
  for (int i = 0; i < N_SCENARIO_FILES; i++)
    if (strlen(fuzz_names[i]) == len && !memcmp(fuzz_names[i], name, len))
      return i;
  return -1;
}

static void unpack(const uint8_t *data, size_t size)
{
  for (int i = 0; i < N_SCENARIO_FILES; i++)
    fuzz_remove(fuzz_names[i]);
  const uint8_t *end = data + size, *p = data;
  /* find the first marker */
  bool dir = false;
  const char *name = NULL;
  size_t name_len = 0, mlen = 0;
  while (p < end && !(mlen = marker(p, end, &dir, &name, &name_len))) {
    const uint8_t *nl = memchr(p, '\n', (size_t)(end - p));
    p = nl ? nl + 1 : end;
  }
  while (p < end && mlen) {
    int which = known_name(name, name_len);
    bool is_dir = dir;
    const uint8_t *body = p + mlen, *q = body;
    /* the body runs to the next marker line */
    mlen = 0;
    while (q < end) {
      const uint8_t *nl = memchr(q, '\n', (size_t)(end - q));
      q = nl ? nl + 1 : end;
      if (q < end && (mlen = marker(q, end, &dir, &name, &name_len)))
        break;
    }
    if (which >= 0) {
      fuzz_remove(fuzz_names[which]);
      if (is_dir) {
        char path[512];
        fuzz_path(path, sizeof path, fuzz_names[which]);
        if (mkdir(path, 0700) != 0)
          abort();
      } else {
        fuzz_write(fuzz_names[which], body, (size_t)(q - body));
      }
    }
    p = q;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *dir = fuzz_dir();
  unpack(data, size);
  cp_diag diag;
  cp_diag_init(&diag);
  cp_scenario *sc = NULL;
  cp_status st = cp_scenario_read(dir, &sc, &diag);
  fuzz_require(st == CP_OK || st == CP_ERR_INPUT || st == CP_ERR_NOMEM);
  fuzz_require((st == CP_OK) == (sc != NULL));
  fuzz_require(st != CP_ERR_INPUT || diag.total > 0);
  fuzz_check_diag(&diag);
  if (sc) {
    /* what `caseplan check` does next, short of the LP certificate */
    cp_capacity cap;
    if (cp_capacity_compute(sc, &cap) == CP_OK) {
      cp_certs certs = {0};
      if (cp_certify(sc, &certs) == CP_OK)
        cp_summary_write(fuzz_null(), sc, &cap, &certs);
      cp_certs_fini(&certs);
      cp_capacity_fini(&cap);
    }
  }
  cp_scenario_destroy(sc);
  return 0;
}
