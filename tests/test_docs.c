/* test_docs.c — the README tells the truth about the settings.
 *
 * The settings table in README.md must be exactly the one generated from
 * io/settings_read.c's table of keys, so a new key or a changed default
 * cannot go undocumented.
 */
#include "testutil.h"

#include "../io/settings_read.h"

static char *slurp(FILE *f)
{
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  assert_non_null(buf);
  size_t got;
  while ((got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (n + 1 >= cap) {
      cap *= 2;
      buf = realloc(buf, cap);
      assert_non_null(buf);
    }
  }
  buf[n] = 0;
  return buf;
}

static void readme_lists_every_setting_with_its_default(void **state)
{
  (void)state;
  FILE *gen = tmpfile();
  assert_non_null(gen);
  cp_settings_document(gen);
  rewind(gen);
  char *table = slurp(gen);
  fclose(gen);
  FILE *f = fopen("../README.md", "r");
  assert_non_null(f);
  char *readme = slurp(f);
  fclose(f);
  if (!strstr(readme, table)) {
    fprintf(stderr, "README.md lacks this table:\n%s", table);
    fail();
  }
  free(table);
  free(readme);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(readme_lists_every_setting_with_its_default),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
