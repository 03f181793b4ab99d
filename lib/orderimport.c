/* orderimport.c - the B2B bulk import of orders (SPEC §4 shop-order
 * import): rows of one (customer, order_ref) form one order wherever they
 * are in the file; an order with one bad row is rejected whole. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "import.h"
#include "money.h"
#include "order.h"
#include "parse.h"
#include "session.h"
#include "util.h"

enum {
	OC_REF, OC_CUSTOMER, OC_SKU, OC_PART, OC_QTY, OC_PRICE, OC_WH, OC_CHANNEL, OC_COUPON,
	OC_SHIP_NAME, OC_SHIP_PHONE, OC_SHIP_ADDRESS, OC_SHIP_REGION, OC_NOTE, OC_CREATED,
	OC_NCOLS
};

static const struct csv_col cols[OC_NCOLS] = {
	{ "order_ref", 1 }, { "customer", 1 }, { "sku", 0 }, { "part_no", 0 }, { "qty", 1 },
	{ "unit_price", 0 }, { "warehouse", 0 }, { "channel", 0 }, { "coupon", 0 },
	{ "ship_name", 0 }, { "ship_phone", 0 }, { "ship_address", 0 }, { "ship_region", 0 },
	{ "note", 0 }, { "created_at", 0 },
};

/* the order-level columns: every row of an order must agree on them */
static const size_t order_cols[] = {
	OC_CHANNEL, OC_COUPON, OC_SHIP_NAME, OC_SHIP_PHONE, OC_SHIP_ADDRESS, OC_SHIP_REGION,
	OC_NOTE, OC_CREATED,
};

static void
header(const struct csvr *r, void *arg)
{
	(void)arg;
	if (r->map[OC_SKU] < 0 && r->map[OC_PART] < 0)
		die(EX_DATA, "%s: the header needs a sku or a part_no column", r->name);
}

struct orderfile {
	struct order_line_in *lines;
	size_t cap;
	struct order_batch *batch;
	size_t *nrows;          /* each kept order's rows, for the summary */
	size_t nkept, keptcap;
};

static enum res
order_record(const struct imp_record *rec, struct why *w, void *arg)
{
	struct orderfile *f = arg;
	struct order_in in;
	const char *why;
	int64_t t;
	size_t i, k;

	if (rec->nrows > f->cap) {
		f->cap = rec->nrows;
		f->lines = xrealloc(f->lines, f->cap * sizeof *f->lines);
	}
	for (i = 0; i < rec->nrows; i++) {
		struct order_line_in *l = &f->lines[i];
		const char *q = imp_get(rec, i, OC_QTY), *p = imp_get(rec, i, OC_PRICE);

		imp_blame(rec, i);
		for (k = 0; k < sizeof order_cols / sizeof *order_cols; k++)
			if (strcmp(imp_get(rec, i, order_cols[k]), imp_get(rec, 0, order_cols[k])) != 0)
				return res_fail(w, RES_BAD, "rows of order '%s' disagree on %s ('%s', '%s')",
						imp_get(rec, 0, OC_REF), cols[order_cols[k]].name,
						imp_get(rec, 0, order_cols[k]),
						imp_get(rec, i, order_cols[k]));
		memset(l, 0, sizeof *l);
		l->sku = imp_get(rec, i, OC_SKU);
		l->part_no = imp_get(rec, i, OC_PART);
		l->warehouse = imp_get(rec, i, OC_WH);
		if (*l->sku && *l->part_no)
			return res_fail(w, RES_BAD, "give a sku or a part_no, not both");
		if (parse_int(q, INT64_MIN, INT64_MAX, &l->qty, &why) < 0)
			return res_fail(w, RES_BAD, "bad qty '%s': %s", q, why);
		if (*p) {
			if (money_parse(p, S.digits, &l->unit_price, &why) < 0)
				return res_fail(w, RES_BAD, "bad unit_price '%s': %s", p, why);
			l->has_price = 1;
		}
	}
	imp_blame(rec, 0);
	memset(&in, 0, sizeof in);
	in.order_ref = imp_get(rec, 0, OC_REF);
	in.customer = imp_get(rec, 0, OC_CUSTOMER);
	in.channel = imp_get(rec, 0, OC_CHANNEL);
	in.coupon = imp_get(rec, 0, OC_COUPON);
	in.note = imp_get(rec, 0, OC_NOTE);
	in.ship_name = imp_get(rec, 0, OC_SHIP_NAME);
	in.ship_phone = imp_get(rec, 0, OC_SHIP_PHONE);
	in.ship_address = imp_get(rec, 0, OC_SHIP_ADDRESS);
	in.ship_region = imp_get(rec, 0, OC_SHIP_REGION);
	if (*imp_get(rec, 0, OC_CREATED)) {
		if (parse_time(imp_get(rec, 0, OC_CREATED), &t, &why) < 0)
			return res_fail(w, RES_BAD, "bad created_at '%s': %s",
					imp_get(rec, 0, OC_CREATED), why);
		in.created_at = t;
	}
	if (!*in.order_ref)
		return res_fail(w, RES_BAD, "missing order_ref");
	in.lines = f->lines;
	in.nlines = rec->nrows;
	order_batch_add(f->batch, &in);
	if (f->nkept == f->keptcap) {
		f->keptcap = f->keptcap ? 2 * f->keptcap : 1024;
		f->nrows = xrealloc(f->nrows, f->keptcap * sizeof *f->nrows);
	}
	f->nrows[f->nkept++] = rec->nrows;
	return RES_PENDING;
}

static void
settle(size_t k, size_t line, enum res rc, const char *why, int64_t id, void *arg)
{
	struct orderfile *f = arg;

	(void)id;
	if (rc == RES_DONE)
		imp_parts(f->nrows[k]);
	else
		imp_settle_at(k, line, rc, why);
}

static void
flush(void *arg)
{
	struct orderfile *f = arg;

	order_batch_flush(f->batch, settle, f);
	f->nkept = 0;
}

int
order_import(const char *path)
{
	static const size_t key[] = { OC_CUSTOMER, OC_REF };
	struct import_spec spec = { .noun = "orders", .cols = cols, .ncols = OC_NCOLS,
				    .header = header, .record = order_record, .key = key,
				    .nkey = 2, .flush = flush, .batch = 1000, .parts = "lines" };
	struct orderfile f = { NULL, 0, order_batch_new(1), NULL, 0, 0 };
	int rc;

	rc = import_run(&spec, path, &f);
	order_batch_finish(f.batch);
	order_batch_free(f.batch);
	free(f.lines);
	free(f.nrows);
	order_cache_release();
	return rc;
}
