/* scope.h - what a coupon or a promotion applies to (SPEC §3 "Coupons",
 * "Promotions"): all goods, some SKUs, a category and its subtree, or a
 * brand, less an exclusion of the same forms. Written "all", "sku:A,B",
 * "category:Phones/Smartphones", "brand:Acme"; stored as that text and
 * judged against the catalogue as it is when the scope is used. */
#ifndef SHOP_SCOPE_H
#define SHOP_SCOPE_H

#include <stddef.h>

#include "result.h"
#include "util.h"

enum scope_kind { SCOPE_NONE, SCOPE_ALL, SCOPE_SKU, SCOPE_CATEGORY, SCOPE_BRAND };

struct scope {
	enum scope_kind kind;
	char **names;           /* owned: SKU codes, or the one category path or brand */
	size_t n;
	char **sorted;          /* owned array (names borrowed): SKU codes sorted, or NULL */
};
#define SCOPE_INIT { SCOPE_NONE, NULL, 0, NULL }
void scope_release(struct scope *s);
/* Index a SKU scope's names for scope_has (scope_parse and scope_read do;
 * a scope built by hand calls it once its names are in). */
void scope_index(struct scope *s);

/*
 * Parse what a user typed (what: "scope" or "exclude", for the message):
 * "" is SCOPE_NONE (nothing excluded); "all"; "sku:" codes separated by
 * commas; "category:" a path (canonical levels); "brand:" a name. Every
 * SKU, the category and the brand must exist: RES_NOTFOUND names the
 * first that does not; a malformed text is RES_BAD.
 */
enum res scope_parse(const char *what, const char *text, struct scope *s, struct why *w);
/* A stored scope's text (scope_parse made it), read as it is: names that
 * have gone since match nothing; a text that is none of the forms is
 * SCOPE_NONE. */
void scope_read(const char *text, struct scope *s);
/* The canonical text of s ("" for SCOPE_NONE) into out (reset first). */
void scope_text(const struct scope *s, struct sbuf *out);

/* What scope_has needs of a SKU. */
struct scope_sku {
	const char *sku;        /* its code */
	const char *category;   /* its category's path, "" for none */
	const char *brand;      /* its brand's name, "" for none */
};

/* Is the SKU in s? SCOPE_NONE holds nothing. */
int scope_has(const struct scope *s, const struct scope_sku *k);
/* In scope and not excluded. */
int scope_applies(const struct scope *s, const struct scope *exclude, const struct scope_sku *k);

/* Do two scopes (each less its exclusion) share a SKU of the catalogue as
 * it is now? (conflicting exclusive promotions) */
int scope_overlap(const struct scope *a, const struct scope *ax, const struct scope *b,
		  const struct scope *bx);

/* Every SKU of the catalogue as it is now, by code, handed to each until
 * it returns nonzero (which scope_walk returns; 0 when none did): one pass
 * that judges many scopes at once (promo check). */
int scope_walk(int (*each)(const struct scope_sku *k, void *arg), void *arg);

#endif
