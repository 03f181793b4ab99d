/* category.h - the category tree: paths "A/B/C" of at most 4 levels, SKUs
 * on leaves only. Look-ups cached for bulk imports; add, list, move and
 * remove with their refusals. */
#ifndef SHOP_CATEGORY_H
#define SHOP_CATEGORY_H

#include <stddef.h>
#include <stdint.h>

#include "out.h"
#include "result.h"
#include "util.h"

#define CATEGORY_MAX_DEPTH 4

/* The canonical path of a path as typed: levels trimmed of blanks, each a
 * code (no invisible characters). Writes it into out (reset first) and
 * its depth; RES_BAD "bad category 'A//B': empty level" otherwise. The
 * depth is not checked here. */
enum res category_normalize(const char *path, struct sbuf *out, int *depth, struct why *why);

/* Why path cannot be a category (a malformed level, more than 4 levels),
 * or NULL. */
const char *category_path_problem(const char *path);

/* A category as category_find reads it. */
struct category {
	struct sbuf path;  /* owned: the canonical path */
	int64_t id, depth;
	int64_t parent;    /* 0 for a top level */
	int64_t skus;      /* SKUs on it (not its subtree) */
	int64_t kids;      /* subcategories */
};
#define CATEGORY_INIT { SBUF_INIT, 0, 0, 0, 0, 0 }
void category_release(struct category *c);

/* A category named by a user: RES_DONE, RES_BAD (malformed path) or
 * RES_NOTFOUND ("unknown category 'a' (did you mean 'A'?)"). */
enum res category_find(const char *path, struct category *c, struct why *why);

/*
 * For product records (product_upsert): may SKU sku_id (0: a new one) hang
 * on the canonical path of depth levels? It may when the path is a leaf,
 * or when it will be created under an ancestor holding no other SKU.
 * RES_DONE with *id its id, or -1 when category_create must make it;
 * else RES_REFUSED with why.
 */
enum res category_for_sku(const char *path, int depth, int64_t sku_id, int64_t *id,
			  struct why *why);
/* Create a canonical path checked by category_for_sku, with its missing
 * ancestors; its id. */
int64_t category_create(const char *path);
/* Forget the cached ids (after a move, a removal, a rolled-back savepoint). */
void category_cache_clear(void);

/* category add: the path and its missing parents. RES_DONE, RES_SKIPPED
 * ("category 'A/B' exists; skipped"), RES_BAD, or RES_REFUSED beyond 4
 * levels or under a category holding SKUs. */
enum res category_add(const char *path, struct why *why);
/* category move PATH NEWPARENT (NULL or "/": to the top level), with its
 * subtree. RES_SKIPPED when it is already there; RES_REFUSED under
 * itself, deeper than 4 levels, under a category holding SKUs, or onto a
 * path that exists. */
enum res category_move(const char *path, const char *parent, struct why *why);
/* category remove: RES_REFUSED while it has subcategories or SKUs. */
enum res category_remove(const char *path, struct why *why);

/* category list [PATH]: the whole tree or one subtree, in tree order (a
 * category, then its subtree, siblings by name), skus counted over each
 * subtree. */
struct category_row {
	char *path;        /* owned */
	int64_t depth, skus;
};
#define CATEGORY_LIST_NCOLS 3
extern const struct out_col category_list_cols[CATEGORY_LIST_NCOLS];
enum res category_list(const char *under, struct category_row **rows, size_t *n,
		       struct why *why);
void category_rows_free(struct category_row *rows, size_t n);

/* Every category's id and path, each(id, path, arg) (scopes of a big
 * checkout read them once). */
void category_each(void (*each)(int64_t id, const char *path, void *arg), void *arg);

#endif
