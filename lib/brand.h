/* brand.h - the brand list: look-ups (cached for bulk imports), add,
 * list, remove (refused while SKUs use the brand) */
#ifndef SHOP_BRAND_H
#define SHOP_BRAND_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "out.h"
#include "result.h"

/* A brand name is a code (code.h): RES_DONE or RES_BAD with why. */
enum res brand_check_name(const char *name, struct why *why);

/* id of a brand by its exact name, or 0 when there is none. Cached for
 * the rest of the process (brand_cache_clear). */
int64_t brand_id(const char *name);
/* Create a brand known not to exist; its id. */
int64_t brand_create(const char *name);
/* Forget the cached ids (after a removal or a rolled-back savepoint). */
void brand_cache_clear(void);

/* A brand named by a user: RES_DONE and *id, or RES_NOTFOUND "unknown
 * brand 'acme' (did you mean 'Acme'?)" when only the case differs. */
enum res brand_find(const char *name, int64_t *id, struct why *why);

/* Add a brand: RES_DONE, RES_SKIPPED ("brand 'X' exists; skipped"), or
 * RES_BAD for a bad name. */
enum res brand_add(const char *name, struct why *why);
/* Remove a brand no SKU uses: RES_DONE, RES_NOTFOUND, or RES_REFUSED
 * ("brand 'X' is used by 2 SKUs; cannot remove"). */
enum res brand_remove(const char *name, struct why *why);

/* brand list: brand, skus (how many SKUs use it), by name. */
#define BRAND_LIST_NCOLS 2
extern const struct out_col brand_list_cols[BRAND_LIST_NCOLS];
db_stmt *brand_list_query(void);

/* Every brand's id and name, each(id, name, arg). */
void brand_each(void (*each)(int64_t id, const char *name, void *arg), void *arg);

#endif
