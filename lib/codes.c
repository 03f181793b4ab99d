/* codes.c - code -> id look-ups and their caches (see codes.h) */
#include <stdint.h>

#include "codes.h"
#include "product.h"
#include "warehouse.h"

static enum res
answer(const char *what, const char *code, int64_t found, int64_t *id, struct why *w)
{
	*id = found;
	if (found >= 0)
		return RES_DONE;
	if (!*code)
		return res_fail(w, RES_BAD, "missing %s", what);
	return res_fail(w, RES_NOTFOUND, "unknown %s '%s'", what, code);
}

enum res
code_sku(const char *code, int64_t *id, struct why *w)
{
	return answer("sku", code, *code ? product_sku_id(code) : -1, id, w);
}

enum res
code_warehouse(const char *code, int64_t *id, struct why *w)
{
	return answer("warehouse", code, *code ? warehouse_id(code) : -1, id, w);
}

static int64_t
cached(struct strmap *m, const char *code, int64_t (*lookup)(const char *))
{
	struct strmap_ent *e;
	int64_t id;

	if (!*code)
		return -1;
	if ((e = strmap_get(m, code)))
		return e->val;
	id = lookup(code);
	if (id >= 0)
		strmap_put(m, code, id, 0);
	return id;
}

enum res
codes_sku(struct codes *c, const char *code, int64_t *id, struct why *w)
{
	return answer("sku", code, cached(&c->sku, code, product_sku_id), id, w);
}

enum res
codes_warehouse(struct codes *c, const char *code, int64_t *id, struct why *w)
{
	return answer("warehouse", code, cached(&c->wh, code, warehouse_id), id, w);
}

void
codes_release(struct codes *c)
{
	strmap_release(&c->sku);
	strmap_release(&c->wh);
}
