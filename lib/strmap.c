/* strmap.c - open addressing over one key arena */
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static struct strmap_ent *
find(struct strmap *m, const char *key, uint64_t h)
{
	size_t i;

	for (i = h & (m->cap - 1); m->v[i].key; i = (i + 1) & (m->cap - 1))
		if (m->v[i].hash == h && !strcmp(m->arena.s + m->v[i].key - 1, key))
			break;
	return &m->v[i];
}

struct strmap_ent *
strmap_get(struct strmap *m, const char *key)
{
	struct strmap_ent *e;

	if (!m->cap)
		return NULL;
	e = find(m, key, hash_str(key));
	return e->key ? e : NULL;
}

static void
grow_to(struct strmap *m, size_t cap)
{
	struct strmap_ent *old = m->v;
	size_t oldcap = m->cap, i, j;

	m->cap = cap;
	m->v = xcalloc(m->cap, sizeof *m->v);
	for (i = 0; i < oldcap; i++) {
		if (!old[i].key)
			continue;
		for (j = old[i].hash & (m->cap - 1); m->v[j].key; j = (j + 1) & (m->cap - 1))
			;
		m->v[j] = old[i];
	}
	free(old);
}

static void
grow(struct strmap *m)
{
	grow_to(m, m->cap ? 2 * m->cap : 64);
}

void
strmap_reserve(struct strmap *m, size_t n)
{
	size_t cap = 64;

	while (cap < 2 * n)
		cap *= 2;
	if (cap > m->cap)
		grow_to(m, cap);
}

struct strmap_ent *
strmap_at(struct strmap *m, const char *key)
{
	uint64_t h = hash_str(key);
	struct strmap_ent *e;

	if (m->cap) {
		e = find(m, key, h);
		if (e->key)
			return e;
	}
	if (m->max && m->n >= m->max)
		strmap_release(m);
	if (2 * (m->n + 1) > m->cap)
		grow(m);
	e = find(m, key, h);
	memset(e, 0, sizeof *e);
	e->key = m->arena.len + 1;
	e->hash = h;
	sbuf_add(&m->arena, key, strlen(key) + 1);
	m->n++;
	return e;
}

struct strmap_ent *
strmap_put(struct strmap *m, const char *key, int64_t val, int64_t aux)
{
	struct strmap_ent *e = strmap_at(m, key);

	e->val = val;
	e->aux = aux;
	return e;
}

void
strmap_release(struct strmap *m)
{
	size_t max = m->max;

	sbuf_release(&m->arena);
	free(m->v);
	memset(m, 0, sizeof *m);
	m->max = max;
}

static size_t
pair_hash(int64_t a, int64_t b)
{
	uint64_t h = (uint64_t)a * 0x9e3779b97f4a7c15u ^ (uint64_t)b * 0xc2b2ae3d27d4eb4fu;

	return (size_t)(h ^ h >> 29);
}

struct pairmap_ent *
pairmap_get(const struct pairmap *m, int64_t a, int64_t b)
{
	size_t i, mask;

	if (!m->cap)
		return NULL;
	mask = m->cap - 1;
	for (i = pair_hash(a, b) & mask; m->v[i].used; i = (i + 1) & mask)
		if (m->v[i].a == a && m->v[i].b == b)
			return &m->v[i];
	return NULL;
}

struct pairmap_ent *
pairmap_at(struct pairmap *m, int64_t a, int64_t b, int *created)
{
	size_t i, mask;

	if (2 * (m->n + 1) > m->cap) {
		struct pairmap bigger = { NULL, 0, m->cap ? 2 * m->cap : 1024 };

		bigger.v = xcalloc(bigger.cap, sizeof *bigger.v);
		for (i = 0; i < m->cap; i++)
			if (m->v[i].used)
				*pairmap_at(&bigger, m->v[i].a, m->v[i].b, NULL) = m->v[i];
		free(m->v);
		*m = bigger;
	}
	mask = m->cap - 1;
	for (i = pair_hash(a, b) & mask; m->v[i].used; i = (i + 1) & mask)
		if (m->v[i].a == a && m->v[i].b == b) {
			if (created)
				*created = 0;
			return &m->v[i];
		}
	m->v[i].used = 1;
	m->v[i].a = a;
	m->v[i].b = b;
	m->n++;
	if (created)
		*created = 1;
	return &m->v[i];
}

void
pairmap_release(struct pairmap *m)
{
	free(m->v);
	memset(m, 0, sizeof *m);
}
