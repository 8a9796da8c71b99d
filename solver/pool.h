/* pool.h — the scenario's string pool and id maps.
 *
 * Every string of a scenario is copied once into its pool (chunks freed
 * together) and ids are interned in open-addressing maps from string to
 * index, so entities can refer to each other by index.
 */
#ifndef CP_POOL_H
#define CP_POOL_H

#include <stddef.h>

typedef struct cp_pool_chunk cp_pool_chunk;

typedef struct cp_pool {
  cp_pool_chunk *head;
} cp_pool;

void cp_pool_init(cp_pool *p);
void cp_pool_fini(cp_pool *p);
/* Copies s into the pool; returns the copy or NULL on no memory. */
const char *cp_pool_strdup(cp_pool *p, const char *s);

typedef struct cp_map {
  const char **keys; /* not owned: pool strings */
  int *vals;
  size_t n, cap;
} cp_map;

void cp_map_init(cp_map *m);
void cp_map_fini(cp_map *m);
/* Returns the value for key, or -1 when absent. */
int cp_map_get(const cp_map *m, const char *key);
/* Sets key -> val (key must outlive the map). 0 ok, -1 no memory. */
int cp_map_put(cp_map *m, const char *key, int val);

#endif
