/* csv_read.h — one CSV file read into a table of named columns.
 *
 * The only module that talks to libcsv.  It applies SPEC §1's file rules:
 * UTF-8 (a BOM is accepted), CRLF, LF or CR alone, RFC 4180 quoting with commas and
 * newlines inside quotes, a required header row, blank lines and lines whose
 * first field starts with '#' skipped, surrounding spaces trimmed.  Each row
 * keeps the line number where it starts, for error messages.
 */
#ifndef CP_CSV_READ_H
#define CP_CSV_READ_H

#include "../solver/caseplan.h"
#include "../solver/pool.h"

/* Limits that bound time and memory on hostile input (documented in the
 * README). */
#define CP_CSV_MAX_BYTES (64L * 1024 * 1024)
#define CP_CSV_MAX_FIELD (64 * 1024)
#define CP_CSV_MAX_COLS 256
#define CP_CSV_MAX_ROWS 200000

typedef struct cp_csv_row {
  int line;
  int n;              /* fields present in the file */
  const char **f;     /* fields in file order */
} cp_csv_row;

typedef struct cp_csv {
  const char *name; /* file name used in messages, e.g. "students.csv" */
  int head_line;
  int n_cols;
  const char **head; /* header names, file order, trimmed */
  cp_csv_row *rows;
  int n_rows, cap_rows;
  int errors;   /* rows wider than the header (reported, but kept) */
  bool complete; /* every row was read: only row errors, if any */
  cp_pool pool; /* owns every string */
} cp_csv;

/* Column wanted by a reader. */
typedef struct cp_col {
  const char *name;
  bool required;
} cp_col;

/* Reads PATH into *t (caller-owned; release with cp_csv_fini even on error).
 * NAME is how the file is called in messages.  Returns CP_OK, CP_ERR_INPUT
 * (messages added to diag), CP_ERR_NOMEM.  A missing file is reported as an
 * input error only when REQUIRED; otherwise *present is set false.  On
 * CP_ERR_INPUT with t->complete set, the file was read whole and only some
 * rows were wider than the header: the rows are there, and a caller may go
 * on checking them to report more errors. */
cp_status cp_csv_read(const char *path, const char *name, bool required,
                      bool *present, cp_csv *t, cp_diag *diag);
void cp_csv_fini(cp_csv *t);

/* Maps the wanted columns to positions: ix[i] = file column of cols[i] or -1.
 * Unknown columns (not starting with x_) and missing required ones are input
 * errors.  Returns the number of errors added. */
int cp_csv_columns(const cp_csv *t, const cp_col *cols, int n, int *ix,
                   cp_diag *diag);

/* Field of row r at file column ix ("" when ix < 0 or the row is short). */
const char *cp_csv_field(const cp_csv *t, int r, int ix);

#endif
