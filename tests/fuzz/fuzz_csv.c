/* fuzz_csv.c — libFuzzer harness for the CSV reader (io/csv_read.c).
 *
 * One input is one file: it is written to the scratch folder and read with
 * cp_csv_read, then, when rows came back, mapped to a reader's columns and
 * every field fetched.  Besides the sanitizers, the harness checks what
 * csv_read.h promises: a status is OK, INPUT (with a message) or NOMEM;
 * an OK table has a header; no row is wider than CP_CSV_MAX_COLS, no field
 * longer than CP_CSV_MAX_FIELD or padded with spaces; lines only grow.
 */
#include "fuzz_util.h"

#include "../../io/csv_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const cp_col cols[] = {{"student_id", true},
                                {"school_id", true},
                                {"grade", false},
                                {"classroom", false},
                                {"therapist_id", false}};
  enum { N = sizeof cols / sizeof cols[0] };
  char path[512];
  fuzz_dir();
  fuzz_path(path, sizeof path, "input.csv");
  fuzz_write("input.csv", data, size);

  cp_diag diag;
  cp_diag_init(&diag);
  cp_csv t;
  bool present = false;
  cp_status st = cp_csv_read(path, "input.csv", true, &present, &t, &diag);
  fuzz_require(st == CP_OK || st == CP_ERR_INPUT || st == CP_ERR_NOMEM);
  fuzz_require(present);
  fuzz_require(st != CP_ERR_INPUT || diag.total > 0);
  fuzz_require(st != CP_OK || (t.head && t.complete && t.errors == 0));
  fuzz_require(!t.complete || t.head);
  if (st == CP_OK || (st == CP_ERR_INPUT && t.complete)) {
    fuzz_require(t.n_cols >= 1 && t.n_cols <= CP_CSV_MAX_COLS);
    fuzz_require(t.n_rows >= 0 && t.n_rows <= CP_CSV_MAX_ROWS);
    int last = t.head_line;
    for (int r = 0; r < t.n_rows; r++) {
      const cp_csv_row *row = &t.rows[r];
      fuzz_require(row->line > last);
      fuzz_require(row->n >= 1 && row->n <= CP_CSV_MAX_COLS);
      last = row->line;
      for (int k = 0; k < row->n; k++) {
        size_t len = strlen(row->f[k]);
        fuzz_require(len <= CP_CSV_MAX_FIELD);
        fuzz_require(!len || !strchr(" \t", row->f[k][0]));
        fuzz_require(!len || !strchr(" \t", row->f[k][len - 1]));
      }
    }
    int ix[N];
    int before = diag.total;
    int errors = cp_csv_columns(&t, cols, N, ix, &diag);
    fuzz_require(errors == diag.total - before);
    for (int r = 0; r < t.n_rows; r++)
      for (int k = 0; k < N; k++) {
        const char *f = cp_csv_field(&t, r, ix[k]);
        fuzz_require(f && strlen(f) <= CP_CSV_MAX_FIELD);
      }
  }
  fuzz_check_diag(&diag);
  cp_csv_fini(&t);
  return 0;
}
