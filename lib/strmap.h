/* strmap.h - hash maps keyed by a string, or by a pair of ids: the caches
 * of codes and ids that bulk imports keep (brands, categories, SKUs,
 * warehouses) and the per-(sku, warehouse) tallies of stocktakes and the
 * stock check */
#ifndef SHOP_STRMAP_H
#define SHOP_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct strmap_ent {
	size_t key;      /* offset of the key in the arena + 1; 0: free slot */
	uint64_t hash;
	int64_t val;
	int64_t aux;     /* a second value for whoever needs one */
	void *ptr;       /* borrowed: an object the caller owns */
};

struct strmap {
	struct sbuf arena;      /* owned: the keys, NUL-separated */
	struct strmap_ent *v;   /* owned: cap slots, open addressing */
	size_t n, cap;          /* cap is 0 or a power of two */
	size_t max;             /* 0: unbounded; else emptied when it holds max
				 * keys, so memory stays flat on any file */
};
#define STRMAP_INIT(max) { SBUF_INIT, NULL, 0, 0, (max) }

/* FNV-1a */
uint64_t hash_str(const char *s);

/* The entry for key, or NULL. Valid until the next strmap_put. */
struct strmap_ent *strmap_get(struct strmap *m, const char *key);
/* The entry for key, created zeroed when absent (valid until the next
 * strmap_at or strmap_put). */
struct strmap_ent *strmap_at(struct strmap *m, const char *key);
/* Insert or update key's val and aux; returns its entry. */
struct strmap_ent *strmap_put(struct strmap *m, const char *key, int64_t val, int64_t aux);
/* Room for n keys at once (a map about to be filled from a query of
 * known size), not grown and rehashed on the way. */
void strmap_reserve(struct strmap *m, size_t n);
/* Forget every key; keeps max. Objects behind ptr are the caller's. */
void strmap_release(struct strmap *m);

/* (a, b) -> (val, aux), e.g. (sku_id, warehouse_id) -> a sum. */
struct pairmap_ent {
	int64_t a, b;
	int64_t val, aux;
	int used;
};

struct pairmap {
	struct pairmap_ent *v;  /* owned: cap slots, open addressing */
	size_t n, cap;          /* cap is 0 or a power of two */
};
#define PAIRMAP_INIT { NULL, 0, 0 }

/* The entry for (a, b), created zeroed when absent (*created says which,
 * if not NULL). Valid until the next pairmap_at. */
struct pairmap_ent *pairmap_at(struct pairmap *m, int64_t a, int64_t b, int *created);
/* The entry for (a, b), or NULL. */
struct pairmap_ent *pairmap_get(const struct pairmap *m, int64_t a, int64_t b);
void pairmap_release(struct pairmap *m);

#endif
