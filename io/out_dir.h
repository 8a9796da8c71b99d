/* out_dir.h — atomic output folders.
 *
 * Every output file is written under a temporary name inside the output
 * folder (mode 0600, student data), flushed and fsynced; only when all of
 * them are complete are they renamed into place.  On any failure the
 * temporary files are removed and the previous outputs stay as they were.
 */
#ifndef CP_OUT_DIR_H
#define CP_OUT_DIR_H

#include "../solver/caseplan.h"

#define CP_OUT_MAX_FILES 256

typedef struct cp_outdir {
  char dir[2048];
  int n;
  struct {
    char tmp[2300], final[2300];
    FILE *fp;
  } f[CP_OUT_MAX_FILES];
  char error[4900]; /* what failed, for the message */
} cp_outdir;

/* Creates DIR (mode 0700) if needed.  CP_ERR_IO with o->error on failure. */
cp_status cp_outdir_open(cp_outdir *o, const char *dir);
/* Opens a temporary file that will become DIR/NAME (NAME may hold one
 * subfolder, e.g. "ics/T1.ics").  Returns NULL on failure (o->error). */
FILE *cp_outdir_file(cp_outdir *o, const char *name);
/* Flushes, fsyncs and closes every file, then renames them all into place.
 * On failure removes every temporary file. */
cp_status cp_outdir_commit(cp_outdir *o);
/* Removes every temporary file (after a failure elsewhere). */
void cp_outdir_abort(cp_outdir *o);

/* Writes a CSV field, quoted when it holds a comma, quote or newline. */
void cp_csv_put(FILE *fp, const char *s);

#endif
