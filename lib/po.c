/* po.c - purchase orders: create and import, the states, the listings,
 * and the purchasing invariants (see po.h; deliveries, returns and
 * payments are in poreceive.c) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codes.h"
#include "db.h"
#include "err.h"
#include "import.h"
#include "money.h"
#include "outdb.h"
#include "parse.h"
#include "po.h"
#include "poimpl.h"
#include "pricelist.h"
#include "session.h"
#include "stock.h"
#include "supplier.h"
#include "util.h"

const char *const po_status_words[] = {
	"draft", "submitted", "partially_received", "received", "closed", "cancelled", NULL,
};

int64_t
po_parse_number(const char *number)
{
	size_t k = strlen(PO_PREFIX);
	const char *why;
	int64_t id;

	if (!number || strncmp(number, PO_PREFIX, k) != 0 ||
	    parse_int(number + k, 1, INT64_MAX, &id, &why) < 0)
		return -1;
	return id;
}

enum res
po_find(const char *number, struct po_head *h, struct why *w)
{
	db_stmt *st = db_prep("SELECT p.status, p.supplier_id, p.warehouse_id, s.code "
			      "FROM po p JOIN supplier s ON s.id = p.supplier_id WHERE p.id = ?1");
	int64_t n = po_parse_number(number);
	int i = -1;

	memset(h, 0, sizeof *h);
	if (n > 0) {
		db_bind_int(st, 1, n);
		if (db_step(st)) {
			for (i = 0; po_status_words[i]; i++)
				if (!strcmp(po_status_words[i], db_col_text(st, 0)))
					break;
			h->supplier_id = db_col_int(st, 1);
			h->warehouse_id = db_col_int(st, 2);
			snprintf(h->supplier, sizeof h->supplier, "%s", db_col_text(st, 3));
		}
		db_reset(st);
	}
	if (i < 0 || !po_status_words[i])
		return res_fail(w, RES_NOTFOUND, "unknown PO '%s'", number ? number : "");
	h->id = n;
	h->status = (enum po_status)i;
	return RES_DONE;
}

static void
event(int64_t id, enum po_status status, const char *note)
{
	db_stmt *st = db_prep("INSERT INTO po_event (po_id, at, status, os_user, note) "
			      "VALUES (?1, ?2, ?3, ?4, ?5)");

	db_bind_int(st, 1, id);
	db_bind_static(st, 2, shop_now_text());
	db_bind_static(st, 3, po_status_words[status]);
	db_bind_static(st, 4, S.user);
	db_bind_text(st, 5, note ? note : "");
	db_run(st);
}

int
po_move(int64_t id, enum po_status from, enum po_status to, const char *note)
{
	db_stmt *st = db_prep("UPDATE po SET status = ?3, updated_at = ?4 "
			      "WHERE id = ?1 AND status = ?2");

	db_bind_int(st, 1, id);
	db_bind_static(st, 2, po_status_words[from]);
	db_bind_static(st, 3, po_status_words[to]);
	db_bind_static(st, 4, shop_now_text());
	db_run(st);
	if (db_changes() != 1)
		return 0;
	event(id, to, note);
	return 1;
}

enum res
po_refuse(int64_t id, enum po_status status, const char *what, struct why *w)
{
	return res_fail(w, RES_REFUSED, PO_PREFIX "%lld is %s; cannot %s", (long long)id,
			po_status_words[status], what);
}

/* ---- create ---- */

enum res
po_line_sku(const char *supplier, const char *sku, const char *supplier_sku, struct codes *c,
	    int64_t *id, struct why *w)
{
	enum res rc;

	if (sku && *sku) {
		rc = c ? codes_sku(c, sku, id, w) : code_sku(sku, id, w);
		/* not one of ours: the supplier's code for one */
		if (rc == RES_NOTFOUND && (*id = product_supplier_sku(supplier, sku)) >= 0)
			rc = RES_DONE;
		return rc;
	}
	if (!supplier_sku || !*supplier_sku)
		return res_fail(w, RES_BAD, "a line needs a sku or a supplier_sku");
	if ((*id = product_supplier_sku(supplier, supplier_sku)) < 0)
		return res_fail(w, RES_NOTFOUND, "unknown supplier_sku '%s' of supplier '%s'",
				supplier_sku, supplier);
	return RES_DONE;
}

/* Check every line (and the PO's own fields) before anything is written. */
static enum res
check_po(const struct po_in *in, struct codes *c, int64_t *sid, int64_t *wid, int64_t *due,
	 int64_t **sku_ids, int64_t **costs, size_t *bad, struct why *w)
{
	const char *why;
	enum res rc;
	size_t i, j;

	*sku_ids = *costs = NULL;
	if ((rc = supplier_find_id(in->supplier, sid, w)))
		return rc;
	if ((rc = c ? codes_warehouse(c, in->warehouse, wid, w) :
		      code_warehouse(in->warehouse, wid, w)))
		return rc;
	if (in->po_ref && *in->po_ref && check_code_text(in->po_ref, &why) < 0)
		return res_fail(w, RES_BAD, "bad po_ref '%s': %s", in->po_ref, why);
	*due = 0;
	if (in->expected_at && *in->expected_at &&
	    parse_time(in->expected_at, due, &why) < 0)
		return res_fail(w, RES_BAD, "bad expected_at '%s': %s", in->expected_at, why);
	if (!in->nlines)
		return res_fail(w, RES_BAD, "a PO needs at least one line");
	*sku_ids = xcalloc(in->nlines, sizeof **sku_ids);
	*costs = xcalloc(in->nlines, sizeof **costs);
	for (i = 0; i < in->nlines; i++) {
		const struct po_line_in *l = &in->lines[i];
		struct supplier_item it;

		if (bad)
			*bad = i;
		if ((rc = po_line_sku(in->supplier, l->sku, l->supplier_sku, c, &(*sku_ids)[i], w)))
			return rc;
		if (l->qty < 1 || l->qty > STOCK_QTY_MAX)
			return res_fail(w, RES_BAD, "qty %lld is out of range (1 to %d)",
					(long long)l->qty, STOCK_QTY_MAX);
		if (l->has_cost) {
			if (l->cost < 0)
				return res_fail(w, RES_BAD, "cost must not be negative");
			(*costs)[i] = l->cost;
		} else if (supplier_item_get(*sid, (*sku_ids)[i], &it, w) == RES_DONE) {
			(*costs)[i] = it.cost;
		} else {
			return res_fail(w, RES_NOTFOUND, "supplier '%s' has no item '%s': give its "
					"cost", in->supplier, l->sku && *l->sku ? l->sku : l->supplier_sku);
		}
		for (j = 0; j < i; j++)
			if ((*sku_ids)[j] == (*sku_ids)[i])
				return res_fail(w, RES_BAD, "sku '%s' is on line %zu already",
						l->sku && *l->sku ? l->sku : l->supplier_sku, j + 1);
	}
	return RES_DONE;
}

/* The PO the supplier has under po_ref, or 0. */
static int64_t
po_by_ref(int64_t supplier_id, const char *po_ref)
{
	db_stmt *st = db_prep("SELECT id FROM po WHERE supplier_id = ?1 AND po_ref = ?2");

	if (!po_ref || !*po_ref)
		return 0;
	db_bind_int(st, 1, supplier_id);
	db_bind_text(st, 2, po_ref);
	return db_int(st, 0);
}

static enum res
create(const struct po_in *in, struct codes *c, int64_t *id, size_t *bad, struct why *w)
{
	int64_t sid, wid, due, *sku_ids, *costs;
	char at[TIME_BUFSZ];
	enum res rc;
	db_stmt *st;
	size_t i;

	*id = 0;
	if (bad)
		*bad = 0;
	if ((rc = check_po(in, c, &sid, &wid, &due, &sku_ids, &costs, bad, w)))
		goto out;
	if ((*id = po_by_ref(sid, in->po_ref))) {
		rc = res_fail(w, RES_SKIPPED, "supplier '%s' has PO '%s' already (" PO_PREFIX
			      "%lld); skipped", in->supplier, in->po_ref, (long long)*id);
		goto out;
	}
	st = db_prep("INSERT INTO po (po_ref, supplier_id, warehouse_id, status, note, created_at, "
		     "updated_at, expected_at, os_user) VALUES (?1, ?2, ?3, 'draft', ?4, ?5, ?5, ?6, "
		     "?7) RETURNING id");
	db_bind_text(st, 1, in->po_ref ? in->po_ref : "");
	db_bind_int(st, 2, sid);
	db_bind_int(st, 3, wid);
	db_bind_text(st, 4, in->note ? in->note : "");
	db_bind_static(st, 5, shop_now_text());
	db_bind_text(st, 6, due ? format_time(due, at) : NULL);
	db_bind_static(st, 7, S.user);
	*id = db_int(st, -1);
	st = db_prep("INSERT INTO po_line (po_id, line, sku_id, qty, cost) VALUES (?1, ?2, ?3, ?4, ?5)");
	for (i = 0; i < in->nlines; i++) {
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, (int64_t)i + 1);
		db_bind_int(st, 3, sku_ids[i]);
		db_bind_int(st, 4, in->lines[i].qty);
		db_bind_int(st, 5, costs[i]);
		db_run(st);
	}
	event(*id, PO_DRAFT, in->note);
out:
	free(sku_ids);
	free(costs);
	return rc;
}

enum res
po_create(const struct po_in *in, int64_t *id, size_t *bad, struct why *w)
{
	enum res rc = create(in, NULL, id, bad, w);

	if (rc == RES_DONE)
		audit_note("create " PO_PREFIX "%lld", (long long)*id);
	return rc;
}

/* ---- import ---- */

enum { I_PO_REF, I_SUPPLIER, I_WAREHOUSE, I_SKU, I_SUPPLIER_SKU, I_QTY, I_COST, I_EXPECTED,
       I_NCOLS };
static const struct csv_col import_cols[I_NCOLS] = {
	{ "po_ref", 1 }, { "supplier", 1 }, { "warehouse", 1 }, { "sku", 0 },
	{ "supplier_sku", 0 }, { "qty", 1 }, { "cost", 0 }, { "expected_at", 0 },
};
static const size_t import_key[] = { I_SUPPLIER, I_PO_REF };

struct import_state {
	struct codes codes;
	struct po_line_in *lines;
	size_t cap;
};

static void
import_header(const struct csvr *r, void *arg)
{
	(void)arg;
	if (!csvr_has(r, I_SKU) && !csvr_has(r, I_SUPPLIER_SKU))
		die(EX_DATA, "%s: the header needs a sku or a supplier_sku column", r->name);
}

/* One PO: its rows, which must agree on warehouse and expected_at. */
static enum res
import_record(const struct imp_record *rec, struct why *w, void *arg)
{
	struct import_state *st = arg;
	struct po_in in;
	const char *why;
	int64_t id;
	size_t i, bad;
	enum res rc;

	memset(&in, 0, sizeof in);
	in.po_ref = imp_get(rec, 0, I_PO_REF);
	in.supplier = imp_get(rec, 0, I_SUPPLIER);
	in.warehouse = imp_get(rec, 0, I_WAREHOUSE);
	in.expected_at = imp_get(rec, 0, I_EXPECTED);
	if (!*in.po_ref)
		return res_fail(w, RES_BAD, "missing po_ref");
	if (rec->nrows > st->cap) {
		st->cap = rec->nrows;
		st->lines = xrealloc(st->lines, st->cap * sizeof *st->lines);
	}
	for (i = 0; i < rec->nrows; i++) {
		struct po_line_in *l = &st->lines[i];
		const char *cost = imp_get(rec, i, I_COST);

		imp_blame(rec, i);
		memset(l, 0, sizeof *l);
		if (strcmp(imp_get(rec, i, I_WAREHOUSE), in.warehouse) != 0)
			return res_fail(w, RES_BAD, "warehouse '%s' is not the PO's '%s' (its first "
					"row's)", imp_get(rec, i, I_WAREHOUSE), in.warehouse);
		if (strcmp(imp_get(rec, i, I_EXPECTED), in.expected_at) != 0)
			return res_fail(w, RES_BAD, "expected_at '%s' is not the PO's '%s' (its "
					"first row's)", imp_get(rec, i, I_EXPECTED), in.expected_at);
		l->sku = imp_get(rec, i, I_SKU);
		l->supplier_sku = imp_get(rec, i, I_SUPPLIER_SKU);
		if (parse_int(imp_get(rec, i, I_QTY), 1, STOCK_QTY_MAX, &l->qty, &why) < 0)
			return res_fail(w, RES_BAD, "bad qty '%s': %s", imp_get(rec, i, I_QTY), why);
		if (*cost) {
			if (money_parse(cost, S.digits, &l->cost, &why) < 0 || l->cost < 0)
				return res_fail(w, RES_BAD, "bad cost '%s': %s", cost,
						l->cost < 0 ? "negative" : why);
			l->has_cost = 1;
		}
	}
	in.lines = st->lines;
	in.nlines = rec->nrows;
	rc = create(&in, &st->codes, &id, &bad, w);
	if (RES_FAILED(rc))
		imp_blame(rec, bad < rec->nrows ? bad : 0);
	else
		imp_blame(rec, 0);
	if (rc == RES_DONE)
		imp_parts(rec->nrows);
	return rc;
}

int
po_import(const char *path)
{
	struct import_state st = { CODES_INIT, NULL, 0 };
	struct import_spec spec = {
		.noun = "purchase orders", .cols = import_cols, .ncols = I_NCOLS,
		.header = import_header, .record = import_record,
		.key = import_key, .nkey = 2, .savepoint = 1, .parts = "lines",
	};
	int rc = import_run(&spec, path, &st);

	codes_release(&st.codes);
	free(st.lines);
	return rc;
}

/* ---- states ---- */

static int
has_receipts(int64_t id)
{
	db_stmt *st = db_prep("SELECT COUNT(*) FROM po_delivery WHERE po_id = ?1 AND kind = 'receipt'");

	db_bind_int(st, 1, id);
	return db_int(st, 0) > 0;
}

/* The supplier's lead time in days, or -1. */
static int64_t
supplier_lead_days(int64_t supplier_id)
{
	db_stmt *st = db_prep("SELECT COALESCE(lead_days, -1) FROM supplier WHERE id = ?1");

	db_bind_int(st, 1, supplier_id);
	return db_int(st, -1);
}

enum res
po_submit(const char *number, struct why *w)
{
	struct po_head h;
	enum res rc;

	if ((rc = po_find(number, &h, w)))
		return rc;
	if (h.status == PO_SUBMITTED)
		return res_fail(w, RES_SKIPPED, PO_PREFIX "%lld is submitted already; skipped",
				(long long)h.id);
	if (h.status != PO_DRAFT)
		return po_refuse(h.id, h.status, "submit", w);
	/* due at the supplier's lead time unless a date was given */
	{
		char at[TIME_BUFSZ];
		db_stmt *st = db_prep("UPDATE po SET submitted_at = ?2, expected_at = "
				      "COALESCE(expected_at, ?3) WHERE id = ?1");
		int64_t lead = supplier_lead_days(h.supplier_id);

		db_bind_int(st, 1, h.id);
		db_bind_static(st, 2, shop_now_text());
		db_bind_text(st, 3, lead >= 0 ? format_time(shop_now() + lead * 86400, at) : NULL);
		db_run(st);
	}
	if (!po_move(h.id, PO_DRAFT, PO_SUBMITTED, NULL))
		return res_fail(w, RES_REFUSED, PO_PREFIX "%lld changed while it was read; try again",
				(long long)h.id);
	audit_note("submit " PO_PREFIX "%lld", (long long)h.id);
	return RES_DONE;
}

enum res
po_cancel(const char *number, struct why *w)
{
	struct po_head h;
	enum res rc;

	if ((rc = po_find(number, &h, w)))
		return rc;
	if (h.status == PO_CANCELLED)
		return res_fail(w, RES_SKIPPED, PO_PREFIX "%lld is cancelled already; skipped",
				(long long)h.id);
	if (h.status != PO_DRAFT && h.status != PO_SUBMITTED)
		return res_fail(w, RES_REFUSED, PO_PREFIX "%lld is %s; cannot cancel%s",
				(long long)h.id, po_status_words[h.status],
				h.status == PO_PARTIALLY_RECEIVED || h.status == PO_RECEIVED ?
				" (it has receipts: close it)" : "");
	if (has_receipts(h.id))
		return res_fail(w, RES_REFUSED, PO_PREFIX "%lld has receipts; cannot cancel (close "
				"it)", (long long)h.id);
	if (!po_move(h.id, h.status, PO_CANCELLED, NULL))
		return res_fail(w, RES_REFUSED, PO_PREFIX "%lld changed while it was read; try again",
				(long long)h.id);
	audit_note("cancel " PO_PREFIX "%lld", (long long)h.id);
	return RES_DONE;
}

enum res
po_close(const char *number, struct why *w)
{
	struct po_head h;
	enum res rc;

	if ((rc = po_find(number, &h, w)))
		return rc;
	if (h.status == PO_CLOSED)
		return res_fail(w, RES_SKIPPED, PO_PREFIX "%lld is closed already; skipped",
				(long long)h.id);
	if (h.status == PO_DRAFT)
		return res_fail(w, RES_REFUSED, PO_PREFIX "%lld is draft; cannot close (cancel it)",
				(long long)h.id);
	if (h.status == PO_CANCELLED)
		return po_refuse(h.id, h.status, "close", w);
	if (!po_move(h.id, h.status, PO_CLOSED, NULL))
		return res_fail(w, RES_REFUSED, PO_PREFIX "%lld changed while it was read; try again",
				(long long)h.id);
	audit_note("close " PO_PREFIX "%lld", (long long)h.id);
	return RES_DONE;
}

/* ---- listings ---- */

/* A line's value: at the larger of ordered and received. */
#define LINE_TOTAL "(CASE WHEN l.received > l.qty THEN l.received ELSE l.qty END * l.cost)"

const struct out_col po_list_cols[PO_LIST_NCOLS] = {
	{ "po", COL_TEXT }, { "po_ref", COL_TEXT }, { "supplier", COL_TEXT },
	{ "warehouse", COL_TEXT }, { "status", COL_TEXT }, { "lines", COL_INT },
	{ "ordered", COL_INT }, { "received", COL_INT }, { "total", COL_MONEY },
	{ "created_at", COL_TEXT }, { "expected_at", COL_TEXT },
};

db_stmt *
po_list_query(const char *status, const char *supplier)
{
	db_stmt *st = db_prep("SELECT '" PO_PREFIX "' || p.id, p.po_ref, s.code, w.code, p.status, "
			      "COUNT(l.id), COALESCE(SUM(l.qty), 0), "
			      "COALESCE(SUM(l.received - l.returned), 0), "
			      "COALESCE(SUM(" LINE_TOTAL "), 0), p.created_at, p.expected_at "
			      "FROM po p JOIN supplier s ON s.id = p.supplier_id "
			      "JOIN warehouse w ON w.id = p.warehouse_id "
			      "LEFT JOIN po_line l ON l.po_id = p.id "
			      "WHERE (CAST(?1 AS TEXT) IS NULL OR p.status = ?1) "
			      "AND (CAST(?2 AS TEXT) IS NULL OR s.code = ?2) "
			      "GROUP BY p.id, p.po_ref, s.code, w.code, p.status, p.created_at, "
			      "p.expected_at ORDER BY p.created_at, p.id");

	db_bind_text(st, 1, status && *status ? status : NULL);
	db_bind_text(st, 2, supplier && *supplier ? supplier : NULL);
	return st;
}

const struct out_col po_lines_cols[PO_LINES_NCOLS] = {
	{ "po", COL_TEXT }, { "sku", COL_TEXT }, { "qty", COL_INT }, { "cost", COL_MONEY },
	{ "received", COL_INT }, { "returned", COL_INT },
};

db_stmt *
po_lines_query(const char *po)
{
	db_stmt *st = db_prep("SELECT '" PO_PREFIX "' || l.po_id, s.sku, l.qty, l.cost, l.received, "
			      "l.returned FROM po_line l JOIN sku s ON s.id = l.sku_id "
			      "WHERE ?1 < 0 OR l.po_id = ?1 ORDER BY l.po_id, l.line");

	db_bind_int(st, 1, po && *po ? po_parse_number(po) : -1);
	if (po && *po && po_parse_number(po) < 0)
		db_bind_int(st, 1, 0);
	return st;
}

static const struct out_col view_cols[] = {
	{ "po", COL_TEXT }, { "po_ref", COL_TEXT }, { "supplier", COL_TEXT },
	{ "warehouse", COL_TEXT }, { "status", COL_TEXT }, { "total", COL_MONEY },
	{ "paid", COL_MONEY }, { "note", COL_TEXT }, { "created_at", COL_TEXT },
	{ "submitted_at", COL_TEXT }, { "expected_at", COL_TEXT }, { "updated_at", COL_TEXT },
};
static const struct out_col view_line_cols[] = {
	{ "line", COL_INT }, { "sku", COL_TEXT }, { "qty", COL_INT }, { "cost", COL_MONEY },
	{ "received", COL_INT }, { "returned", COL_INT },
};
static const struct out_col view_delivery_cols[] = {
	{ "kind", COL_TEXT }, { "ref", COL_TEXT }, { "sku", COL_TEXT }, { "qty", COL_INT },
	{ "at", COL_TEXT }, { "user", COL_TEXT },
};
static const struct out_col view_pay_cols[] = {
	{ "txn", COL_TEXT }, { "amount", COL_MONEY }, { "method", COL_TEXT }, { "at", COL_TEXT },
};
static const struct out_col view_event_cols[] = {
	{ "at", COL_TEXT }, { "status", COL_TEXT }, { "user", COL_TEXT }, { "note", COL_TEXT },
};

enum res
po_show(const char *number, struct po_view *v, struct why *w)
{
	static const char *const lists[PV_NLISTS] = {
		"SELECT l.line, s.sku, l.qty, l.cost, l.received, l.returned FROM po_line l "
		"JOIN sku s ON s.id = l.sku_id WHERE l.po_id = ?1 ORDER BY l.line",
		"SELECT d.kind, d.ref, s.sku, x.qty, d.at, d.os_user FROM po_delivery d "
		"JOIN po_delivery_line x ON x.delivery_id = d.id JOIN po_line l ON l.id = x.line_id "
		"JOIN sku s ON s.id = l.sku_id WHERE d.po_id = ?1 ORDER BY d.id, l.line",
		"SELECT txn, amount, method, at FROM po_payment WHERE po_id = ?1 ORDER BY id",
		"SELECT at, status, os_user, note FROM po_event WHERE po_id = ?1 ORDER BY id",
	};
	static const char *const names[PV_NLISTS] = { "line", "delivery", "payment", "history" };
	static const struct out_col *const cols[PV_NLISTS] = {
		view_line_cols, view_delivery_cols, view_pay_cols, view_event_cols,
	};
	static const size_t ncols[PV_NLISTS] = { 6, 6, 4, 4 };
	struct po_head h;
	enum res rc;
	db_stmt *st;
	int i;

	memset(v, 0, sizeof *v);
	if ((rc = po_find(number, &h, w)))
		return rc;
	out_rows_init(&v->fields, "po", view_cols, sizeof view_cols / sizeof *view_cols);
	st = db_prep("SELECT '" PO_PREFIX "' || p.id, p.po_ref, s.code, w.code, p.status, "
		     "(SELECT COALESCE(SUM(" LINE_TOTAL "), 0) FROM po_line l WHERE l.po_id = p.id), "
		     "p.paid, p.note, p.created_at, p.submitted_at, p.expected_at, p.updated_at "
		     "FROM po p JOIN supplier s ON s.id = p.supplier_id "
		     "JOIN warehouse w ON w.id = p.warehouse_id WHERE p.id = ?1");
	db_bind_int(st, 1, h.id);
	out_rows_query(&v->fields, st);
	for (i = 0; i < PV_NLISTS; i++) {
		out_rows_init(&v->lists[i], names[i], cols[i], ncols[i]);
		st = db_prep(lists[i]);
		db_bind_int(st, 1, h.id);
		out_rows_query(&v->lists[i], st);
	}
	return RES_DONE;
}

void
po_view_release(struct po_view *v)
{
	int i;

	out_rows_release(&v->fields);
	for (i = 0; i < PV_NLISTS; i++)
		out_rows_release(&v->lists[i]);
}

/* ---- the check ---- */

static const char *const checks[] = {
	/* a line's received and returned are what its deliveries say */
	"SELECT 'PO-' || l.po_id || ' line ' || l.line || ': received ' || l.received || "
	"', returned ' || l.returned || ', its deliveries ' || COALESCE(d.rcv, 0) || ' and ' || "
	"COALESCE(d.ret, 0) FROM po_line l LEFT JOIN (SELECT x.line_id, "
	"SUM(CASE WHEN y.kind = 'receipt' THEN x.qty ELSE 0 END) AS rcv, "
	"SUM(CASE WHEN y.kind = 'return' THEN x.qty ELSE 0 END) AS ret "
	"FROM po_delivery_line x JOIN po_delivery y ON y.id = x.delivery_id GROUP BY x.line_id) d "
	"ON d.line_id = l.id WHERE l.received <> COALESCE(d.rcv, 0) "
	"OR l.returned <> COALESCE(d.ret, 0) ORDER BY l.po_id, l.line",
	/* ... and what its movements moved into the PO's warehouse */
	"SELECT 'PO-' || l.po_id || ' line ' || l.line || ': received less returned ' || "
	"(l.received - l.returned) || ', its movements ' || COALESCE(m.qty, 0) "
	"FROM po_line l JOIN po p ON p.id = l.po_id LEFT JOIN (SELECT y.po_id, x.sku_id, "
	"SUM(x.qty) AS qty FROM movement x JOIN po_delivery y ON x.ref = 'PO-' || y.po_id || "
	"'/' || y.ref AND x.type = CASE WHEN y.kind = 'receipt' THEN 'receipt' "
	"ELSE 'purchase_return' END GROUP BY y.po_id, x.sku_id) m ON m.po_id = l.po_id "
	"AND m.sku_id = l.sku_id WHERE l.received - l.returned <> COALESCE(m.qty, 0) "
	"ORDER BY l.po_id, l.line",
	/* a PO's paid is its payments, never past its total */
	"SELECT 'PO-' || p.id || ': paid ' || p.paid || ', its payments ' || COALESCE(y.amount, 0) "
	"|| ', its total ' || COALESCE(t.total, 0) || ' (minor units)' FROM po p "
	"LEFT JOIN (SELECT po_id, SUM(amount) AS amount FROM po_payment GROUP BY po_id) y "
	"ON y.po_id = p.id LEFT JOIN (SELECT po_id, SUM(CASE WHEN received > qty THEN received "
	"ELSE qty END * cost) AS total FROM po_line GROUP BY po_id) t ON t.po_id = p.id "
	"WHERE p.paid <> COALESCE(y.amount, 0) OR p.paid > COALESCE(t.total, 0) ORDER BY p.id",
	/* what the ledger says we owe a supplier is its receipts at cost, less
	 * returns and payments */
	"SELECT 'supplier ''' || s.code || ''': the ledger says we owe ' || -COALESCE(g.bal, 0) || "
	"', its receipts, returns and payments ' || (COALESCE(v.owed, 0) - COALESCE(y.paid, 0)) || "
	"' (minor units)' FROM supplier s LEFT JOIN (SELECT account, SUM(amount) AS bal "
	"FROM posting WHERE substr(account, 1, 8) = 'payable:' GROUP BY account) g "
	"ON g.account = 'payable:' || s.code LEFT JOIN (SELECT p.supplier_id, "
	"SUM(CASE WHEN d.kind = 'receipt' THEN x.qty ELSE -x.qty END * l.cost) AS owed "
	"FROM po_delivery_line x JOIN po_delivery d ON d.id = x.delivery_id "
	"JOIN po_line l ON l.id = x.line_id JOIN po p ON p.id = d.po_id GROUP BY p.supplier_id) v "
	"ON v.supplier_id = s.id LEFT JOIN (SELECT p.supplier_id, SUM(y.amount) AS paid "
	"FROM po_payment y JOIN po p ON p.id = y.po_id GROUP BY p.supplier_id) y "
	"ON y.supplier_id = s.id WHERE -COALESCE(g.bal, 0) <> COALESCE(v.owed, 0) - "
	"COALESCE(y.paid, 0) ORDER BY s.code",
};

size_t
po_check(void (*report)(const char *violation, void *arg), void *arg)
{
	return db_report(checks, sizeof checks / sizeof checks[0], report, arg);
}
