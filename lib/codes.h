/* codes.h - from the codes people type (sku, warehouse) to the ids the
 * rules take: one look-up with its worded answer, and the caches that
 * bulk files use, since they name few warehouses and repeat SKUs.
 * Shared by every import that names SKUs and warehouses (stock moves,
 * stocktakes, reorder rules, and next orders and purchase orders). */
#ifndef SHOP_CODES_H
#define SHOP_CODES_H

#include <stdint.h>

#include "result.h"
#include "strmap.h"

/* The id of a SKU or warehouse by code: RES_DONE and *id, or RES_BAD
 * "missing sku" for an empty code, RES_NOTFOUND "unknown sku 'X'". */
enum res code_sku(const char *code, int64_t *id, struct why *w);
enum res code_warehouse(const char *code, int64_t *id, struct why *w);

/*
 * The caches of a bulk file: the codes found (not the unknown ones, so a
 * code added meanwhile is found), bounded so that memory stays flat on any
 * file. Answers as code_sku and code_warehouse.
 */
struct codes {
	struct strmap sku; /* owned: code -> id */
	struct strmap wh;  /* owned: code -> id */
};
#define CODES_INIT { STRMAP_INIT(65536), STRMAP_INIT(1024) }

enum res codes_sku(struct codes *c, const char *code, int64_t *id, struct why *w);
enum res codes_warehouse(struct codes *c, const char *code, int64_t *id, struct why *w);
void codes_release(struct codes *c);

#endif
