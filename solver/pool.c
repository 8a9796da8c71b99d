/* pool.c — string pool and string-to-index maps (see pool.h). */
#include "pool.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct cp_pool_chunk {
  cp_pool_chunk *next;
  size_t used, size;
  char data[];
};

void cp_pool_init(cp_pool *p)
{
  p->head = NULL;
}

void cp_pool_fini(cp_pool *p)
{
  cp_pool_chunk *c = p->head;
  while (c) {
    cp_pool_chunk *next = c->next;
    free(c);
    c = next;
  }
  p->head = NULL;
}

const char *cp_pool_strdup(cp_pool *p, const char *s)
{
  size_t len = strlen(s) + 1;
  cp_pool_chunk *c = p->head;
  if (!c || c->size - c->used < len) {
    size_t size = len > 65536 ? len : 65536;
    c = malloc(sizeof *c + size);
    if (!c)
      return NULL;
    c->used = 0;
    c->size = size;
    c->next = p->head;
    p->head = c;
  }
  char *dst = c->data + c->used;
  memcpy(dst, s, len);
  c->used += len;
  return dst;
}

static uint64_t hash_str(const char *s)
{
  uint64_t h = 1469598103934665603ull; /* FNV-1a */
  for (; *s; s++) {
    h ^= (unsigned char)*s;
    h *= 1099511628211ull;
  }
  return h;
}

void cp_map_init(cp_map *m)
{
  memset(m, 0, sizeof *m);
}

void cp_map_fini(cp_map *m)
{
  free(m->keys);
  free(m->vals);
  memset(m, 0, sizeof *m);
}

int cp_map_get(const cp_map *m, const char *key)
{
  if (!m->cap)
    return -1;
  size_t mask = m->cap - 1;
  for (size_t i = hash_str(key) & mask;; i = (i + 1) & mask) {
    if (!m->keys[i])
      return -1;
    if (!strcmp(m->keys[i], key))
      return m->vals[i];
  }
}

static int map_resize(cp_map *m, size_t cap)
{
  const char **keys = calloc(cap, sizeof *keys);
  int *vals = calloc(cap, sizeof *vals);
  if (!keys || !vals) {
    free(keys);
    free(vals);
    return -1;
  }
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->keys[i])
      continue;
    size_t j = hash_str(m->keys[i]) & (cap - 1);
    while (keys[j])
      j = (j + 1) & (cap - 1);
    keys[j] = m->keys[i];
    vals[j] = m->vals[i];
  }
  free(m->keys);
  free(m->vals);
  m->keys = keys;
  m->vals = vals;
  m->cap = cap;
  return 0;
}

int cp_map_put(cp_map *m, const char *key, int val)
{
  if ((m->n + 1) * 2 > m->cap && map_resize(m, m->cap ? m->cap * 2 : 16))
    return -1;
  size_t mask = m->cap - 1;
  size_t i = hash_str(key) & mask;
  while (m->keys[i] && strcmp(m->keys[i], key))
    i = (i + 1) & mask;
  if (!m->keys[i]) {
    m->keys[i] = key;
    m->n++;
  }
  m->vals[i] = val;
  return 0;
}
