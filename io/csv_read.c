/* csv_read.c — libcsv-based table reader (see csv_read.h).
 *
 * The file is read whole (bounded by CP_CSV_MAX_BYTES), checked for NUL bytes,
 * control characters and UTF-8, then fed to libcsv one physical line (ended
 * by LF, CRLF or a lone CR) at a time so that every record knows the line it
 * starts on.  libcsv's callbacks cannot fail, so they record the first
 * problem in the parse context and stop collecting.
 */
#include "csv_read.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define CSV_GROWTH_MIN 4096 /* see csv_set_blk_size below */
#define CSV_GROWTH_MAX (1024 * 1024)

typedef struct parse_ctx {
  cp_csv *t;
  cp_diag *diag;
  int line;         /* physical line being fed */
  int record_line;  /* line where the current record starts */
  bool in_record;
  const char **fields;
  int n_fields, cap_fields;
  bool failed;      /* a problem was reported; stop collecting */
  bool nomem;
  bool cut;         /* current record dropped (too wide) */
} parse_ctx;

/* Writes into buf[n] how a field is named in a message: its column's name
 * from the header ("student_id"), else its position ("field 3"). */
static const char *field_name(const parse_ctx *c, char *buf, size_t n)
{
  const cp_csv *t = c->t;
  if (t->head && c->n_fields < t->n_cols && t->head[c->n_fields][0])
    snprintf(buf, n, "%s", t->head[c->n_fields]);
  else
    snprintf(buf, n, "field %d", c->n_fields + 1);
  return buf;
}

/* Length of the start of S (at most MAX bytes) that can be quoted in a
 * one-line message: up to a line break, never cutting a UTF-8 sequence. */
static int quotable(const char *s, size_t len, size_t max)
{
  size_t n = 0;
  while (n < len && n < max && s[n] != '\n' && s[n] != '\r')
    n++;
  while (n < len && n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
    n--; /* s[n] continues a sequence: cut before its lead byte */
  return (int)n;
}

static void add_field(void *s, size_t len, void *data)
{
  parse_ctx *c = data;
  if (c->failed || c->cut)
    return;
  char col[80];
  if (len > CP_CSV_MAX_FIELD) {
    cp_diag_add(c->diag, c->t->name, c->record_line,
                "%s '%.*s...' is %zu bytes long: expected at most %d bytes "
                "in one field", field_name(c, col, sizeof col),
                quotable(s, len, 20), (const char *)s, len, CP_CSV_MAX_FIELD);
    c->failed = true;
    return;
  }
  if (c->n_fields >= CP_CSV_MAX_COLS) {
    cp_diag_add(c->diag, c->t->name, c->record_line,
                "field %d '%.*s' is one too many: expected at most %d fields "
                "in one row", c->n_fields + 1, quotable(s, len, 20),
                (const char *)s, CP_CSV_MAX_COLS);
    c->failed = true;
    return;
  }
  if (c->n_fields == c->cap_fields) {
    int ncap = c->cap_fields ? c->cap_fields * 2 : 16;
    const char **nf = realloc(c->fields, (size_t)ncap * sizeof *nf);
    if (!nf) {
      c->nomem = c->failed = true;
      return;
    }
    c->fields = nf;
    c->cap_fields = ncap;
  }
  /* libcsv trims unquoted fields; quoted ones are trimmed here so that
   * " S1 " and S1 are the same id (SPEC §1: no surrounding spaces kept) */
  const char *text = s;
  while (len && (*text == ' ' || *text == '\t'))
    text++, len--;
  while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
    len--;
  char buf[256], *tmp = len < sizeof buf ? buf : malloc(len + 1);
  if (!tmp) {
    c->nomem = c->failed = true;
    return;
  }
  if (len)
    memcpy(tmp, text, len);
  tmp[len] = 0;
  const char *copy = cp_pool_strdup(&c->t->pool, tmp);
  if (tmp != buf)
    free(tmp);
  if (!copy) {
    c->nomem = c->failed = true;
    return;
  }
  c->fields[c->n_fields++] = copy;
}

static bool record_blank(const parse_ctx *c)
{
  for (int i = 0; i < c->n_fields; i++)
    if (c->fields[i][0])
      return false;
  return true;
}

static void end_record(int ch, void *data)
{
  (void)ch;
  parse_ctx *c = data;
  cp_csv *t = c->t;
  int n = c->n_fields;
  c->n_fields = 0;
  c->in_record = false;
  if (c->failed || c->cut) {
    c->cut = false;
    return;
  }
  c->n_fields = n; /* for record_blank */
  bool skip = record_blank(c) || c->fields[0][0] == '#';
  c->n_fields = 0;
  if (skip)
    return;
  const char **f = malloc((size_t)n * sizeof *f);
  if (!f) {
    c->nomem = c->failed = true;
    return;
  }
  memcpy(f, c->fields, (size_t)n * sizeof *f);
  if (!t->head) {
    t->head = f;
    t->n_cols = n;
    t->head_line = c->record_line;
    return;
  }
  /* a row wider than the header is an error, but the row is kept so that
   * the reader can still check it and the rows that refer to it */
  for (int i = t->n_cols; i < n; i++)
    if (c->fields[i][0]) {
      cp_diag_add(c->diag, t->name, c->record_line,
                  "row has %d fields but the header has %d (value '%s' "
                  "has no column; quote a value that contains a comma)",
                  n, t->n_cols, c->fields[i]);
      t->errors++;
      break;
    }
  if (t->n_rows >= CP_CSV_MAX_ROWS) {
    free(f);
    cp_diag_add(c->diag, t->name, c->record_line,
                "row %d is one too many: expected at most %d rows in one file",
                CP_CSV_MAX_ROWS + 1, CP_CSV_MAX_ROWS);
    c->failed = true;
    return;
  }
  if (t->n_rows == t->cap_rows) {
    int ncap = t->cap_rows ? t->cap_rows * 2 : 64;
    cp_csv_row *nr = realloc(t->rows, (size_t)ncap * sizeof *nr);
    if (!nr) {
      free(f);
      c->nomem = c->failed = true;
      return;
    }
    t->rows = nr;
    t->cap_rows = ncap;
  }
  cp_csv_row *row = &t->rows[t->n_rows++];
  row->line = c->record_line;
  row->n = n;
  row->f = f;
}

/* Returns the 1-based line of the first invalid UTF-8 sequence, NUL byte or
 * control character, 0 when the text is clean; *what says which, *col is the
 * byte's position in its line (1-based) and *byte its value (the code point
 * of a control character).  Control characters other than tab, CR and LF are
 * refused: no spreadsheet writes them, and a value is echoed in messages on
 * a terminal (an ESC would start an escape sequence there). */
static int check_text(const unsigned char *s, size_t n, const char **what,
                      int *col, unsigned *byte)
{
  if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) ||
                 (s[0] == 0xFE && s[1] == 0xFF))) {
    *what = "UTF-16";
    *col = 1;
    *byte = s[0];
    return 1;
  }
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < n;) {
    unsigned char b = s[i];
    if (b == '\n' || (b == '\r' && (i + 1 == n || s[i + 1] != '\n'))) {
      line++; /* LF, or a CR alone (see line_end) */
      line_start = ++i;
      continue;
    }
    if (b == 0) {
      *what = "NUL";
      *col = (int)(i - line_start) + 1;
      *byte = 0;
      return line;
    }
    if ((b < 0x20 && b != '\t' && b != '\r') || b == 0x7F) {
      *what = "control";
      *col = (int)(i - line_start) + 1;
      *byte = b;
      return line;
    }
    if (b < 0x80) {
      i++;
      continue;
    }
    int len;
    unsigned min;
    unsigned cp;
    if ((b & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = b & 0x07;
    } else {
      goto bad;
    }
    if (i + (size_t)len > n)
      goto bad;
    for (int k = 1; k < len; k++) {
      if ((s[i + (size_t)k] & 0xC0) != 0x80)
        goto bad;
      cp = (cp << 6) | (s[i + (size_t)k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      goto bad;
    if (cp <= 0x9F) { /* C1 controls, U+0080 to U+009F */
      *what = "control";
      *col = (int)(i - line_start) + 1;
      *byte = cp;
      return line;
    }
    i += (size_t)len;
    continue;
  bad:
    *what = "not UTF-8";
    *col = (int)(i - line_start) + 1;
    *byte = b;
    return line;
  }
  return 0;
}

/* Reports what makes SB (the file NAME) unreadable as a CSV file; true when
 * it is a regular file of an acceptable size. */
static bool check_kind(const struct stat *sb, const char *name,
                       cp_diag *diag)
{
  if (S_ISDIR(sb->st_mode)) {
    cp_diag_add(diag, name, 0, "is a folder: expected a CSV file");
    return false;
  }
  if (!S_ISREG(sb->st_mode)) {
    cp_diag_add(diag, name, 0,
                "is not a regular file (a pipe, device or socket): expected "
                "a CSV file");
    return false;
  }
  if (sb->st_size > CP_CSV_MAX_BYTES) {
    cp_diag_add(diag, name, 0,
                "file is %lld bytes: expected at most %ld bytes (64 MiB)",
                (long long)sb->st_size, CP_CSV_MAX_BYTES);
    return false;
  }
  return true;
}

/* Reads PATH whole.  stat() first, so that a pipe or a device is refused
 * without being opened (opening a FIFO blocks until a writer comes); then
 * open without blocking and fstat() the descriptor, so that what is read is
 * what was checked even if the name is swapped in between. */
static char *read_whole(const char *path, const char *name, size_t *len,
                        bool required, bool *present, cp_diag *diag,
                        cp_status *st)
{
  *present = false;
  *st = CP_ERR_INPUT;
  struct stat sb;
  if (stat(path, &sb) != 0) {
    if (errno == ENOENT) {
      if (required)
        cp_diag_add(diag, name, 0,
                    "required file is missing from the scenario folder");
      *st = required ? CP_ERR_INPUT : CP_OK;
    } else {
      cp_diag_add(diag, name, 0, "cannot read: %s", strerror(errno));
    }
    return NULL;
  }
  *present = true;
  if (!check_kind(&sb, name, diag))
    return NULL;
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    cp_diag_add(diag, name, 0, "cannot read: %s", strerror(errno));
    return NULL;
  }
  if (fstat(fd, &sb) != 0) {
    cp_diag_add(diag, name, 0, "cannot read: %s", strerror(errno));
    close(fd);
    return NULL;
  }
  if (!check_kind(&sb, name, diag)) {
    close(fd);
    return NULL;
  }
  /* one byte more than the size: reading it means the file grew */
  size_t cap = (size_t)sb.st_size + 1, n = 0;
  char *buf = malloc(cap);
  if (!buf) {
    close(fd);
    *st = CP_ERR_NOMEM;
    return NULL;
  }
  const char *why = NULL;
  while (n < cap) {
    ssize_t got = read(fd, buf + n, cap - n);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      why = strerror(errno);
      break;
    }
    if (got == 0)
      break;
    n += (size_t)got;
  }
  close(fd);
  if (!why && n >= cap)
    why = "the file grew while being read";
  if (why) {
    free(buf);
    cp_diag_add(diag, name, 0, "cannot read: %s", why);
    return NULL;
  }
  buf[n] = 0;
  *len = n;
  *st = CP_OK;
  return buf;
}

/* End of the physical line that starts at POS: past its LF, or past a CR
 * that no LF follows.  libcsv ends a record at a lone CR (old Mac files), so
 * it must end a line too, or two records would share one line number. */
static size_t line_end(const char *s, size_t len, size_t pos)
{
  for (size_t i = pos; i < len; i++)
    if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n')))
      return i + 1;
  return len;
}

/* Reports a quote libcsv rejected at byte AT of the line, quoting the field
 * around it (bounded by the commas on either side). */
static void report_quote(cp_diag *diag, const char *name, int line,
                         const char *text, size_t len, size_t at)
{
  while (len && (text[len - 1] == '\n' || text[len - 1] == '\r'))
    len--;
  if (at > len)
    at = len;
  size_t a = at, b = at;
  while (a > 0 && text[a - 1] != ',')
    a--;
  while (b < len && text[b] != ',')
    b++;
  int n = (int)(b - a) > 40 ? 40 : (int)(b - a);
  cp_diag_add(diag, name, line,
              "misplaced quote in '%.*s' at character %zu: expected a field "
              "quoted as a whole (\"a, b\"), with any quote inside it "
              "doubled (\"\")",
              n, text + a, at + 1);
}

cp_status cp_csv_read(const char *path, const char *name, bool required,
                      bool *present, cp_csv *t, cp_diag *diag)
{
  memset(t, 0, sizeof *t);
  t->name = name;
  cp_pool_init(&t->pool);
  size_t len = 0;
  cp_status st;
  char *buf = read_whole(path, name, &len, required, present, diag, &st);
  if (!buf)
    return st;
  const char *what = NULL;
  int col = 0;
  unsigned byte = 0;
  int bad_line = check_text((unsigned char *)buf, len, &what, &col, &byte);
  if (bad_line) {
    if (!strcmp(what, "UTF-16"))
      cp_diag_add(diag, name, bad_line,
                  "file is UTF-16 text: expected UTF-8 (save it as "
                  "\"CSV UTF-8\")");
    else if (!strcmp(what, "control"))
      cp_diag_add(diag, name, bad_line,
                  "control character %s%02X at character %d: expected text "
                  "(tabs, line breaks and printable characters only)",
                  byte < 0x80 ? "0x" : "U+00", byte, col);
    else if (!strcmp(what, "NUL"))
      cp_diag_add(diag, name, bad_line,
                  "NUL byte at character %d: expected UTF-8 text (is this "
                  "a spreadsheet file rather than CSV?)",
                  col);
    else
      cp_diag_add(diag, name, bad_line,
                  "byte 0x%02X at character %d is not UTF-8: expected UTF-8 "
                  "text (save the file as \"CSV UTF-8\")",
                  byte, col);
    free(buf);
    return CP_ERR_INPUT;
  }
  const char *s = buf;
  if (len >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
    s += 3;
    len -= 3;
  }

  struct csv_parser p;
  if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)) {
    free(buf);
    return CP_ERR_NOMEM;
  }
  /* libcsv grows its field buffer by a fixed step (128 bytes by default):
   * a field of many MB would be copied again at every step, a cost square
   * in its length wherever realloc cannot grow in place.  A step of 1/64 of
   * the file keeps it linear, and small files small. */
  size_t growth = len / 64;
  csv_set_blk_size(&p, growth < CSV_GROWTH_MIN   ? CSV_GROWTH_MIN
                       : growth > CSV_GROWTH_MAX ? CSV_GROWTH_MAX
                                                 : growth);
  parse_ctx c = {.t = t, .diag = diag, .line = 0};
  size_t pos = 0;
  st = CP_OK;
  while (pos < len && !c.failed) {
    size_t end = line_end(s, len, pos);
    c.line++;
    if (!c.in_record) {
      /* a record starts on the first line that is not blank; a comment
       * line is never given to libcsv, so quotes in it do not matter */
      size_t i = pos;
      while (i < end && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                         s[i] == '\n'))
        i++;
      if (i < end && s[i] == '#') {
        pos = end;
        continue;
      }
      if (i < end) {
        c.in_record = true;
        c.record_line = c.line;
      }
    }
    size_t done = csv_parse(&p, s + pos, end - pos, add_field, end_record, &c);
    if (done != end - pos) {
      if (csv_error(&p) == CSV_EPARSE)
        report_quote(diag, name, c.line, s + pos, end - pos, done);
      else
        c.nomem = true;
      c.failed = true;
    }
    pos = end;
  }
  if (!c.failed &&
      csv_fini(&p, add_field, end_record, &c) != 0) {
    cp_diag_add(diag, name, c.record_line,
                "unterminated quoted field (a quote opened here is never "
                "closed)");
    c.failed = true;
  }
  csv_free(&p);
  free(c.fields);
  free(buf);
  if (c.nomem)
    return CP_ERR_NOMEM;
  t->complete = !c.failed && t->head;
  if (c.failed || t->errors)
    return CP_ERR_INPUT;
  if (!t->head) {
    cp_diag_add(diag, name, 0,
                "file is empty: expected a header row of column names");
    return CP_ERR_INPUT;
  }
  return CP_OK;
}

void cp_csv_fini(cp_csv *t)
{
  for (int i = 0; i < t->n_rows; i++)
    free(t->rows[i].f);
  free(t->rows);
  free(t->head);
  cp_pool_fini(&t->pool);
  memset(t, 0, sizeof *t);
}

int cp_csv_columns(const cp_csv *t, const cp_col *cols, int n, int *ix,
                   cp_diag *diag)
{
  int errors = 0;
  for (int i = 0; i < n; i++)
    ix[i] = -1;
  for (int h = 0; h < t->n_cols; h++) {
    const char *name = t->head[h];
    if (!strncasecmp(name, "x_", 2))
      continue;
    if (!*name) {
      cp_diag_add(diag, t->name, t->head_line,
                  "column %d has an empty name in the header: expected a "
                  "column name (or x_ for a column to ignore)",
                  h + 1);
      errors++;
      continue;
    }
    int found = -1;
    for (int i = 0; i < n; i++)
      if (!strcasecmp(name, cols[i].name))
        found = i;
    if (found < 0) {
      char expected[512] = "";
      size_t used = 0;
      for (int i = 0; i < n && used < sizeof expected; i++)
        used += (size_t)snprintf(expected + used, sizeof expected - used,
                                 "%s%s", i ? ", " : "", cols[i].name);
      cp_diag_add(diag, t->name, t->head_line,
                  "unknown column '%s' (expected %s; extra columns must "
                  "start with x_)",
                  name, expected);
      errors++;
    } else if (ix[found] >= 0) {
      cp_diag_add(diag, t->name, t->head_line,
                  "column '%s' appears twice (columns %d and %d)", name,
                  ix[found] + 1, h + 1);
      errors++;
    } else {
      ix[found] = h;
    }
  }
  for (int i = 0; i < n; i++)
    if (cols[i].required && ix[i] < 0) {
      cp_diag_add(diag, t->name, t->head_line,
                  "missing required column '%s'", cols[i].name);
      errors++;
    }
  return errors;
}

const char *cp_csv_field(const cp_csv *t, int r, int ix)
{
  if (ix < 0 || ix >= t->rows[r].n)
    return "";
  return t->rows[r].f[ix];
}
