/* stocktake.c - count import and its variance report (see stocktake.h) */
#include <stdlib.h>

#include "codes.h"
#include "import.h"
#include "parse.h"
#include "stock.h"
#include "stocktake.h"
#include "strmap.h"
#include "util.h"

enum { SC_SKU, SC_WH, SC_COUNTED, SC_NCOLS };

struct take {
	struct stock_doc d;
	struct codes c;
	struct pairmap seen; /* owned: (sku, warehouse) counted in this file */
	void (*report)(const struct stocktake_line *l, void *arg);
	void *arg;
};

static enum res
count_one(const struct imp_record *rec, struct why *w, void *arg)
{
	struct take *t = arg;
	struct stocktake_line l = { imp_get(rec, 0, SC_SKU), imp_get(rec, 0, SC_WH), 0, 0, 0 };
	const char *cnt = imp_get(rec, 0, SC_COUNTED), *why;
	int64_t sku_id, wh_id;
	enum res rc;
	int fresh;

	if ((rc = codes_sku(&t->c, l.sku, &sku_id, w)) ||
	    (rc = codes_warehouse(&t->c, l.warehouse, &wh_id, w)))
		return rc;
	if (parse_int(cnt, 0, STOCK_QTY_MAX, &l.counted, &why) < 0)
		return res_fail(w, RES_BAD, "bad counted '%s': %s", cnt, why);
	pairmap_at(&t->seen, sku_id, wh_id, &fresh);
	if (!fresh)
		return res_fail(w, RES_REFUSED, "sku '%s' in warehouse '%s' is counted twice", l.sku,
				l.warehouse);
	rc = stock_count(sku_id, wh_id, l.counted, &t->d, &l.on_hand, &l.variance, w);
	if (rc == RES_DONE && t->report)
		t->report(&l, t->arg);
	return rc;
}

int
stocktake_import(const char *path, const char *ref, const char *note,
		 void (*report)(const struct stocktake_line *l, void *arg), void *arg)
{
	static const struct csv_col cols[SC_NCOLS] = {
		{ "sku", 1 }, { "warehouse", 1 }, { "counted", 1 },
	};
	struct import_spec spec = { .noun = "counts", .cols = cols, .ncols = SC_NCOLS, .record = count_one };
	struct take t = { { .ref = ref, .doc = "count", .note = note }, CODES_INIT, PAIRMAP_INIT, report, arg };
	char ts[TIME_BUFSZ], *defref = NULL;
	int rc;

	if (!ref)
		t.d.ref = defref = xasprintf("count-%s", format_time(shop_now(), ts));
	rc = import_run(&spec, path, &t);
	pairmap_release(&t.seen);
	codes_release(&t.c);
	free(defref);
	return rc;
}
