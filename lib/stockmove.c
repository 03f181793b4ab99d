/* stockmove.c - stock documents by code, one line or a file (see
 * stockmove.h) */
#include <stdint.h>

#include "codes.h"
#include "import.h"
#include "parse.h"
#include "session.h"
#include "stock.h"
#include "stockmove.h"

static const char *const doc_name[] = { "receive", "adjust", "transfer" };

static enum res
apply(enum stock_move_kind k, int64_t sku_id, int64_t wh_id, int64_t to_id, int64_t qty,
      const struct stock_doc *d, struct why *w)
{
	switch (k) {
	case STOCK_RECEIVE:
		return stock_receive(sku_id, wh_id, qty, d, w);
	case STOCK_ADJUST:
		return stock_adjust(sku_id, wh_id, qty, d, w);
	default:
		return stock_transfer(sku_id, wh_id, to_id, qty, d, w);
	}
}

enum res
stock_move_one(const struct stock_move *m, struct why *w)
{
	struct stock_doc d = { .ref = m->ref, .doc = doc_name[m->kind], .note = m->note };
	int64_t sku_id, wh_id, to_id = -1;
	enum res rc;

	if ((rc = code_sku(m->sku, &sku_id, w)) ||
	    (rc = code_warehouse(m->warehouse, &wh_id, w)) ||
	    (m->kind == STOCK_TRANSFER && (rc = code_warehouse(m->to, &to_id, w))))
		return rc;
	if ((rc = apply(m->kind, sku_id, wh_id, to_id, m->qty, &d, w)) != RES_DONE)
		return rc;
	if (m->kind == STOCK_TRANSFER)
		audit_note("transfer %lld of sku '%s' from '%s' to '%s', ref '%s'", (long long)m->qty,
			   m->sku, m->warehouse, m->to, m->ref);
	else
		audit_note("%s %lld of sku '%s' in '%s', ref '%s'",
			   m->kind == STOCK_RECEIVE ? "receipt" : "adjustment", (long long)m->qty,
			   m->sku, m->warehouse, m->ref);
	return RES_DONE;
}

/* The columns of a file: sku, warehouse (transfer: from, to), qty, ref,
 * note. */
enum { MC_SKU, MC_WH, MC_TO };

struct movefile {
	enum stock_move_kind kind;
	struct stock_bulk bulk; /* receipts */
	struct codes c;
};

static enum res
move_row(const struct imp_record *rec, struct why *w, void *arg)
{
	struct movefile *f = arg;
	int t = f->kind == STOCK_TRANSFER;
	const char *q = imp_get(rec, 0, 2 + t), *ref = imp_get(rec, 0, 3 + t), *why;
	struct stock_doc d = { .ref = ref, .doc = doc_name[f->kind], .note = imp_get(rec, 0, 4 + t) };
	int64_t sku_id, wh_id, to_id = -1, qty;
	enum res rc;

	if ((rc = codes_sku(&f->c, imp_get(rec, 0, MC_SKU), &sku_id, w)) ||
	    (rc = codes_warehouse(&f->c, imp_get(rec, 0, MC_WH), &wh_id, w)) ||
	    (t && (rc = codes_warehouse(&f->c, imp_get(rec, 0, MC_TO), &to_id, w))))
		return rc;
	if (parse_int(q, INT64_MIN, INT64_MAX, &qty, &why) < 0)
		return res_fail(w, RES_BAD, "bad qty '%s': %s", q, why);
	if (!*ref)
		return res_fail(w, RES_BAD, "missing ref");
	if (f->kind == STOCK_RECEIVE)
		return stock_bulk_add(&f->bulk, sku_id, wh_id, qty, ref, d.note, w);
	return apply(f->kind, sku_id, wh_id, to_id, qty, &d, w);
}

static void
move_flush(void *arg)
{
	stock_bulk_flush(&((struct movefile *)arg)->bulk);
}

int
stock_move_import(enum stock_move_kind kind, const char *path)
{
	static const struct csv_col cols[] = {
		{ "sku", 1 }, { "warehouse", 1 }, { "qty", 1 }, { "ref", 1 }, { "note", 0 },
	};
	static const struct csv_col tcols[] = {
		{ "sku", 1 }, { "from", 1 }, { "to", 1 }, { "qty", 1 }, { "ref", 1 }, { "note", 0 },
	};
	struct import_spec spec = { .noun = "movements", .cols = cols, .ncols = 5,
				    .record = move_row };
	struct movefile f = { kind, { 0 }, CODES_INIT };
	int rc;

	if (kind == STOCK_TRANSFER) {
		spec.noun = "transfers";
		spec.cols = tcols;
		spec.ncols = 6;
	}
	if (kind == STOCK_RECEIVE) {
		stock_bulk_begin(&f.bulk, MOVE_RECEIPT, doc_name[kind]);
		spec.flush = move_flush;
		spec.batch = 4000;
	}
	rc = import_run(&spec, path, &f);
	/* the summed levels go in before the command commits (or rolls back) */
	if (kind == STOCK_RECEIVE)
		stock_bulk_end(&f.bulk);
	codes_release(&f.c);
	return rc;
}

enum res
stock_pool_create_code(const char *name, const char *sku, const char *warehouse, int64_t qty,
		       struct why *w)
{
	int64_t sku_id, wh_id;
	enum res rc;

	if ((rc = code_sku(sku, &sku_id, w)) || (rc = code_warehouse(warehouse, &wh_id, w)) ||
	    (rc = stock_pool_create(name, sku_id, wh_id, qty, w)))
		return rc;
	audit_note("pool create '%s': %lld of sku '%s' in '%s'", name, (long long)qty, sku,
		   warehouse);
	return RES_DONE;
}

enum res
stock_pool_release_name(const char *name, struct why *w)
{
	int64_t back;
	enum res rc;

	if ((rc = stock_pool_release(name, &back, w)) == RES_DONE)
		audit_note("pool release '%s': %lld back to available", name, (long long)back);
	return rc;
}
