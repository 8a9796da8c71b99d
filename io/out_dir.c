/* out_dir.c — atomic output folders (see out_dir.h). */
#include "out_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static cp_status fail(cp_outdir *o, const char *what, const char *path)
{
  snprintf(o->error, sizeof o->error, "%s %s: %s", what, path,
           strerror(errno));
  return CP_ERR_IO;
}

static int mkdir_p(char *path, mode_t mode)
{
  for (char *p = path + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = 0;
    int rc = mkdir(path, mode);
    *p = '/';
    if (rc && errno != EEXIST)
      return -1;
  }
  if (mkdir(path, mode) && errno != EEXIST)
    return -1;
  return 0;
}

cp_status cp_outdir_open(cp_outdir *o, const char *dir)
{
  memset(o, 0, sizeof *o);
  snprintf(o->dir, sizeof o->dir, "%s", dir);
  char tmp[2048];
  snprintf(tmp, sizeof tmp, "%s", dir);
  if (mkdir_p(tmp, 0700))
    return fail(o, "cannot create", dir);
  struct stat sb;
  if (stat(dir, &sb) || !S_ISDIR(sb.st_mode)) {
    errno = ENOTDIR;
    return fail(o, "cannot use", dir);
  }
  return CP_OK;
}

FILE *cp_outdir_file(cp_outdir *o, const char *name)
{
  if (o->n >= CP_OUT_MAX_FILES) {
    snprintf(o->error, sizeof o->error, "too many output files");
    return NULL;
  }
  const char *slash = strrchr(name, '/');
  if (slash) {
    char sub[2300];
    snprintf(sub, sizeof sub, "%s/%.*s", o->dir, (int)(slash - name), name);
    if (mkdir_p(sub, 0700)) {
      fail(o, "cannot create", sub);
      return NULL;
    }
  }
  int i = o->n;
  char dir[sizeof o->dir];
  memcpy(dir, o->dir, sizeof dir);
  snprintf(o->f[i].final, sizeof o->f[i].final, "%s/%s", dir, name);
  if (slash)
    snprintf(o->f[i].tmp, sizeof o->f[i].tmp, "%s/%.*s/.%s.tmp.XXXXXX", dir,
             (int)(slash - name), name, slash + 1);
  else
    snprintf(o->f[i].tmp, sizeof o->f[i].tmp, "%s/.%s.tmp.XXXXXX", dir,
             name);
  int fd = mkstemp(o->f[i].tmp);
  if (fd < 0) {
    fail(o, "cannot write in", o->dir);
    return NULL;
  }
  fchmod(fd, 0600);
  FILE *fp = fdopen(fd, "w");
  if (!fp) {
    close(fd);
    unlink(o->f[i].tmp);
    fail(o, "cannot write", o->f[i].final);
    return NULL;
  }
  o->f[i].fp = fp;
  o->n++;
  return fp;
}

void cp_outdir_abort(cp_outdir *o)
{
  for (int i = 0; i < o->n; i++) {
    if (o->f[i].fp)
      fclose(o->f[i].fp);
    o->f[i].fp = NULL;
    unlink(o->f[i].tmp);
  }
  o->n = 0;
}

cp_status cp_outdir_commit(cp_outdir *o)
{
  for (int i = 0; i < o->n; i++) {
    FILE *fp = o->f[i].fp;
    int bad = ferror(fp) || fflush(fp) || fsync(fileno(fp));
    int err = errno;
    bad |= fclose(fp) != 0;
    o->f[i].fp = NULL;
    if (bad) {
      errno = err ? err : EIO;
      fail(o, "cannot write", o->f[i].final);
      cp_outdir_abort(o);
      return CP_ERR_IO;
    }
  }
  for (int i = 0; i < o->n; i++)
    if (rename(o->f[i].tmp, o->f[i].final)) {
      fail(o, "cannot rename into", o->f[i].final);
      cp_outdir_abort(o);
      return CP_ERR_IO;
    }
  int dfd = open(o->dir, O_RDONLY);
  if (dfd >= 0) {
    fsync(dfd);
    close(dfd);
  }
  o->n = 0;
  return CP_OK;
}

void cp_csv_put(FILE *fp, const char *s)
{
  if (!s)
    return;
  if (!strpbrk(s, ",\"\r\n")) {
    fputs(s, fp);
    return;
  }
  fputc('"', fp);
  for (; *s; s++) {
    if (*s == '"')
      fputc('"', fp);
    fputc(*s, fp);
  }
  fputc('"', fp);
}
