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

/* What an import keeps between the POs of a file: the codes found, and
 * the suppliers and their items read for a batch. */
struct po_cache {
	struct codes codes;
	struct strmap suppliers;  /* code -> id, the ones found */
	struct pairmap items;     /* (supplier_id, sku_id) -> cost, the batch's items found */
	int64_t whole_sid;        /* 0, or the supplier whose items whole are in whole */
	struct strmap whole;      /* our sku code -> its id (val) and the item's cost (aux) */
};
#define PO_CACHE_INIT { CODES_INIT, STRMAP_INIT(1024), PAIRMAP_INIT, 0, STRMAP_INIT(0) }

/* A supplier's whole item list is read at once, in one pass, when a batch
 * names at least an eighth of it (a file ordering much of a supplier's
 * range): a row read so costs about a quarter of a look-up through the
 * staged codes, and the list is kept for the batches after, while the
 * file names that supplier. At most this many items. */
#define PO_WHOLE_MAX 262144

static void
po_cache_release(struct po_cache *pc)
{
	codes_release(&pc->codes);
	strmap_release(&pc->suppliers);
	pairmap_release(&pc->items);
	strmap_release(&pc->whole);
	pc->whole_sid = 0;
}

/* A PO checked, ready to be written. */
struct po_ok {
	const struct po_in *in;   /* borrowed */
	int64_t sid, wid, due;    /* due 0: none */
	int64_t *sku_ids, *costs; /* owned: one a line */
	int64_t id;               /* its number, once written */
};

static void
ok_release(struct po_ok *p)
{
	free(p->sku_ids);
	free(p->costs);
	p->sku_ids = p->costs = NULL;
}

/* Check every line (and the PO's own fields) before anything is written,
 * through the caches of an import (pc, may be NULL). */
static enum res
check_po(const struct po_in *in, struct po_cache *pc, struct po_ok *p, size_t *bad, struct why *w)
{
	struct codes *c = pc ? &pc->codes : NULL;
	struct pairmap first = PAIRMAP_INIT;
	struct strmap_ent *se;
	const char *why;
	enum res rc;
	size_t i;

	memset(p, 0, sizeof *p);
	p->in = in;
	if (pc && in->supplier && (se = strmap_get(&pc->suppliers, in->supplier))) {
		p->sid = se->val;
	} else {
		if ((rc = supplier_find_id(in->supplier, &p->sid, w)))
			return rc;
		if (pc)
			strmap_put(&pc->suppliers, in->supplier, p->sid, 0);
	}
	if ((rc = c ? codes_warehouse(c, in->warehouse, &p->wid, w) :
		      code_warehouse(in->warehouse, &p->wid, w)))
		return rc;
	if (in->po_ref && *in->po_ref && check_code_text(in->po_ref, &why) < 0)
		return res_fail(w, RES_BAD, "bad po_ref '%s': %s", in->po_ref, why);
	if (in->expected_at && *in->expected_at &&
	    parse_time(in->expected_at, &p->due, &why) < 0)
		return res_fail(w, RES_BAD, "bad expected_at '%s': %s", in->expected_at, why);
	if (!in->nlines)
		return res_fail(w, RES_BAD, "a PO needs at least one line");
	p->sku_ids = xcalloc(in->nlines, sizeof *p->sku_ids);
	p->costs = xcalloc(in->nlines, sizeof *p->costs);
	for (i = 0, rc = RES_DONE; i < in->nlines && !rc; i++) {
		const struct po_line_in *l = &in->lines[i];
		const char *named = l->sku && *l->sku ? l->sku : l->supplier_sku;
		struct pairmap_ent *e;
		struct supplier_item it;
		int64_t item_cost = 0;
		int created, known = 0;

		if (bad)
			*bad = i;
		/* our sku on the supplier's list read whole: its id and cost known */
		if (pc && pc->whole_sid == p->sid && l->sku && *l->sku &&
		    (se = strmap_get(&pc->whole, l->sku))) {
			p->sku_ids[i] = se->val;
			item_cost = se->aux;
			known = 1;
		} else if ((rc = po_line_sku(in->supplier, l->sku, l->supplier_sku, c,
					     &p->sku_ids[i], w))) {
			break;
		} else if (pc && (e = pairmap_get(&pc->items, p->sid, p->sku_ids[i]))) {
			item_cost = e->val;
			known = 1;
		}
		if (l->qty < 1 || l->qty > STOCK_QTY_MAX) {
			rc = res_fail(w, RES_BAD, "qty %lld is out of range (1 to %d)",
				      (long long)l->qty, STOCK_QTY_MAX);
		} else if (l->has_cost) {
			if (l->cost < 0)
				rc = res_fail(w, RES_BAD, "cost must not be negative");
			p->costs[i] = l->cost;
		} else if (known) {
			p->costs[i] = item_cost;
		} else if (supplier_item_get(p->sid, p->sku_ids[i], &it, w) == RES_DONE) {
			p->costs[i] = it.cost;
		} else {
			rc = res_fail(w, RES_NOTFOUND, "supplier '%s' has no item '%s': give its "
				      "cost", in->supplier, named);
		}
		if (rc)
			break;
		/* a SKU once: a short PO compared line by line, a long one hashed */
		if (in->nlines <= 256) {
			size_t j;

			for (j = 0; j < i && p->sku_ids[j] != p->sku_ids[i]; j++)
				;
			if (j < i)
				rc = res_fail(w, RES_BAD, "sku '%s' is on line %zu already", named,
					      j + 1);
			continue;
		}
		e = pairmap_at(&first, p->sku_ids[i], 0, &created);
		if (!created)
			rc = res_fail(w, RES_BAD, "sku '%s' is on line %lld already", named,
				      (long long)e->val);
		else
			e->val = (int64_t)i + 1;
	}
	pairmap_release(&first);
	return rc;
}

/* The PO the supplier has under po_ref, or 0. */
static int64_t
po_by_ref(int64_t supplier_id, const char *po_ref)
{
	/* the term po_ref <> '' lets SQLite use the partial unique index */
	db_stmt *st = db_prep("SELECT id FROM po WHERE supplier_id = ?1 AND po_ref = ?2 "
			      "AND po_ref <> ''");

	if (!po_ref || !*po_ref)
		return 0;
	db_bind_int(st, 1, supplier_id);
	db_bind_text(st, 2, po_ref);
	return db_int(st, 0);
}

/* Check a PO and whether its supplier has it already (RES_SKIPPED, and
 * p->id the PO there). */
static enum res
check_new(const struct po_in *in, struct po_cache *pc, struct po_ok *p, size_t *bad,
	  struct why *w)
{
	enum res rc;

	if (bad)
		*bad = 0;
	if ((rc = check_po(in, pc, p, bad, w)))
		return rc;
	if ((p->id = po_by_ref(p->sid, in->po_ref)))
		return res_fail(w, RES_SKIPPED, "supplier '%s' has PO '%s' already (" PO_PREFIX
				"%lld); skipped", in->supplier, in->po_ref, (long long)p->id);
	return RES_DONE;
}

/* Write checked POs as drafts, set-based (an import's batch is a hundred
 * thousand lines): the POs, their lines, their first event. Each gets its
 * number in id. */
static void
write_pos(struct po_ok *p, size_t n)
{
	const char *now = shop_now_text();
	int64_t *ids;
	size_t i, j;

	if (!n)
		return;
	ids = xcalloc(n, sizeof *ids);
	db_next_ids("po", n, ids);
	db_savepoint();
	db_copy_begin("po", "id, po_ref, supplier_id, warehouse_id, status, note, created_at, "
		      "updated_at, expected_at, os_user", 10);
	for (i = 0; i < n; i++) {
		char at[TIME_BUFSZ];

		p[i].id = ids[i];
		db_copy_int(p[i].id);
		db_copy_text(p[i].in->po_ref ? p[i].in->po_ref : "");
		db_copy_int(p[i].sid);
		db_copy_int(p[i].wid);
		db_copy_text(po_status_words[PO_DRAFT]);
		db_copy_text(p[i].in->note ? p[i].in->note : "");
		db_copy_text(now);
		db_copy_text(now);
		db_copy_text(p[i].due ? format_time(p[i].due, at) : NULL);
		db_copy_text(S.user);
		db_copy_row_end();
	}
	if (!db_copy_end()) {
		/* another process made one of these POs meanwhile */
		db_rollback_to();
		die(EX_TEMP, "another process wrote the same purchase order at the same time; "
		    "nothing was changed, try again");
	}
	db_release();
	db_copy_begin("po_line", "po_id, line, sku_id, qty, cost", 5);
	for (i = 0; i < n; i++)
		for (j = 0; j < p[i].in->nlines; j++) {
			db_copy_int(p[i].id);
			db_copy_int((int64_t)j + 1);
			db_copy_int(p[i].sku_ids[j]);
			db_copy_int(p[i].in->lines[j].qty);
			db_copy_int(p[i].costs[j]);
			db_copy_row_end();
		}
	db_copy_end();
	db_copy_begin("po_event", "po_id, at, status, os_user, note", 5);
	for (i = 0; i < n; i++) {
		db_copy_int(p[i].id);
		db_copy_text(now);
		db_copy_text(po_status_words[PO_DRAFT]);
		db_copy_text(S.user);
		db_copy_text(p[i].in->note ? p[i].in->note : "");
		db_copy_row_end();
	}
	db_copy_end();
	free(ids);
}

enum res
po_create(const struct po_in *in, int64_t *id, size_t *bad, struct why *w)
{
	struct po_ok p;
	enum res rc = check_new(in, NULL, &p, bad, w);

	if (rc == RES_DONE)
		write_pos(&p, 1);
	*id = rc == RES_DONE || rc == RES_SKIPPED ? p.id : 0;
	ok_release(&p);
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

/* A PO of the file as read, waiting for its batch: its texts are offsets
 * in text until the flush turns them into a struct po_in. */
struct kept_po {
	size_t po_ref, supplier, warehouse, expected_at;
	size_t first, n;          /* its lines: lines[first ..] */
};
struct kept_line {
	size_t sku, supplier_sku;
	int64_t qty, cost;
	int has_cost;
};

struct import_state {
	struct po_cache pc;
	struct kept_po *po;
	size_t npo, pocap;
	struct kept_line *line;
	size_t nline, linecap;
	struct sbuf text;
};

static size_t
keep_text(struct import_state *st, const char *s)
{
	size_t at = st->text.len;

	sbuf_add(&st->text, s, strlen(s) + 1);
	return at;
}

static void
import_header(const struct csvr *r, void *arg)
{
	(void)arg;
	if (!csvr_has(r, I_SKU) && !csvr_has(r, I_SUPPLIER_SKU))
		die(EX_DATA, "%s: the header needs a sku or a supplier_sku column", r->name);
}

/* One PO: its rows, which must agree on warehouse and expected_at; kept
 * for its batch. */
static enum res
import_record(const struct imp_record *rec, struct why *w, void *arg)
{
	struct import_state *st = arg;
	const char *warehouse = imp_get(rec, 0, I_WAREHOUSE);
	const char *expected_at = imp_get(rec, 0, I_EXPECTED);
	struct kept_po *p;
	const char *why;
	size_t i, first = st->nline;

	if (!*imp_get(rec, 0, I_PO_REF))
		return res_fail(w, RES_BAD, "missing po_ref");
	if (st->nline + rec->nrows > st->linecap) {
		st->linecap = 2 * (st->nline + rec->nrows);
		st->line = xrealloc(st->line, st->linecap * sizeof *st->line);
	}
	for (i = 0; i < rec->nrows; i++) {
		struct kept_line *l = &st->line[first + i];
		const char *cost = imp_get(rec, i, I_COST);

		imp_blame(rec, i);
		memset(l, 0, sizeof *l);
		if (strcmp(imp_get(rec, i, I_WAREHOUSE), warehouse) != 0)
			return res_fail(w, RES_BAD, "warehouse '%s' is not the PO's '%s' (its first "
					"row's)", imp_get(rec, i, I_WAREHOUSE), warehouse);
		if (strcmp(imp_get(rec, i, I_EXPECTED), expected_at) != 0)
			return res_fail(w, RES_BAD, "expected_at '%s' is not the PO's '%s' (its "
					"first row's)", imp_get(rec, i, I_EXPECTED), expected_at);
		if (parse_int(imp_get(rec, i, I_QTY), 1, STOCK_QTY_MAX, &l->qty, &why) < 0)
			return res_fail(w, RES_BAD, "bad qty '%s': %s", imp_get(rec, i, I_QTY), why);
		if (*cost) {
			if (money_parse(cost, S.digits, &l->cost, &why) < 0 || l->cost < 0)
				return res_fail(w, RES_BAD, "bad cost '%s': %s", cost,
						l->cost < 0 ? "negative" : why);
			l->has_cost = 1;
		}
	}
	imp_blame(rec, 0);
	for (i = 0; i < rec->nrows; i++) {
		st->line[first + i].sku = keep_text(st, imp_get(rec, i, I_SKU));
		st->line[first + i].supplier_sku = keep_text(st, imp_get(rec, i, I_SUPPLIER_SKU));
	}
	st->nline += rec->nrows;
	if (st->npo == st->pocap) {
		st->pocap = st->pocap ? 2 * st->pocap : 256;
		st->po = xrealloc(st->po, st->pocap * sizeof *st->po);
	}
	p = &st->po[st->npo++];
	p->po_ref = keep_text(st, imp_get(rec, 0, I_PO_REF));
	p->supplier = keep_text(st, imp_get(rec, 0, I_SUPPLIER));
	p->warehouse = keep_text(st, warehouse);
	p->expected_at = keep_text(st, expected_at);
	p->first = first;
	p->n = rec->nrows;
	return RES_PENDING;
}

static void
item_put(const char *code, int64_t sku_id, const struct supplier_item *it, void *arg)
{
	struct po_cache *pc = arg;

	strmap_put(&pc->codes.sku, code, sku_id, 0);
	if (it)
		pairmap_at(&pc->items, it->supplier_id, sku_id, NULL)->val = it->cost;
}

static void
whole_put(const char *code, int64_t sku_id, const struct supplier_item *it, void *arg)
{
	strmap_put(&((struct po_cache *)arg)->whole, code, sku_id, it->cost);
}

/* The suppliers the batch names, and for each the SKUs its lines name by
 * our code with its items for them, one query a supplier (a file names
 * few), not one a line. */
static void
warm(struct import_state *st, const struct po_in *in, size_t n)
{
	struct po_cache *pc = &st->pc;
	const char **codes = xcalloc(st->nline + 1, sizeof *codes);
	struct strmap seen = STRMAP_INIT(0);
	size_t i, j, k, nc;
	int64_t sid;
	struct why w;

	pairmap_release(&pc->items);
	/* the SKU cache is bounded: emptied now rather than half way */
	if (pc->codes.sku.max && pc->codes.sku.n + st->nline >= pc->codes.sku.max)
		strmap_release(&pc->codes.sku);
	for (i = 0; i < n; i++) {
		struct strmap_ent *e;

		if (!*in[i].supplier || (e = strmap_get(&pc->suppliers, in[i].supplier)))
			continue;
		if (supplier_find_id(in[i].supplier, &sid, &w) == RES_DONE)
			strmap_put(&pc->suppliers, in[i].supplier, sid, 0);
	}
	for (i = 0; i < n; i++) {
		struct strmap_ent *e = strmap_get(&pc->suppliers, in[i].supplier);

		/* each supplier once: at its first PO, with every PO of its own */
		if (!e || e->aux == 1)
			continue;
		e->aux = 1;
		sid = e->val;
		if (sid == pc->whole_sid)
			continue;
		nc = 0;
		strmap_release(&seen);
		for (j = i; j < n; j++) {
			if (strcmp(in[j].supplier, in[i].supplier) != 0)
				continue;
			for (k = 0; k < in[j].nlines; k++) {
				const char *code = in[j].lines[k].sku;

				if (*code && !strmap_at(&seen, code)->val++)
					codes[nc++] = code;
			}
		}
		if (nc) {
			int64_t all = supplier_item_count(sid);

			if (all <= PO_WHOLE_MAX && all <= 8 * (int64_t)nc) {
				strmap_release(&pc->whole);
				strmap_reserve(&pc->whole, (size_t)all);
				pc->whole_sid = sid;
				supplier_items_load_all(sid, whole_put, pc);
				continue;
			}
		}
		supplier_items_load_codes(sid, codes, nc, item_put, pc);
	}
	for (i = 0; i < pc->suppliers.cap; i++)
		pc->suppliers.v[i].aux = 0;
	strmap_release(&seen);
	free(codes);
}

/* Check the batch's POs, in the order of the file, and write the good
 * ones together. */
static void
import_flush(void *arg)
{
	struct import_state *st = arg;
	struct po_in *in = xcalloc(st->npo + 1, sizeof *in);
	struct po_line_in *lines = xcalloc(st->nline + 1, sizeof *lines);
	struct po_ok *ok = xcalloc(st->npo + 1, sizeof *ok);
	const char *t = st->text.s;
	size_t i, j, nok = 0;

	for (i = 0; i < st->nline; i++) {
		lines[i].sku = t + st->line[i].sku;
		lines[i].supplier_sku = t + st->line[i].supplier_sku;
		lines[i].qty = st->line[i].qty;
		lines[i].cost = st->line[i].cost;
		lines[i].has_cost = st->line[i].has_cost;
	}
	for (i = 0; i < st->npo; i++) {
		in[i].po_ref = t + st->po[i].po_ref;
		in[i].supplier = t + st->po[i].supplier;
		in[i].warehouse = t + st->po[i].warehouse;
		in[i].expected_at = t + st->po[i].expected_at;
		in[i].lines = lines + st->po[i].first;
		in[i].nlines = st->po[i].n;
	}
	warm(st, in, st->npo);
	for (i = 0; i < st->npo; i++) {
		struct why w;
		size_t bad = 0;
		enum res rc = check_new(&in[i], &st->pc, &ok[nok], &bad, &w);

		if (rc == RES_DONE) {
			nok++;
			continue;
		}
		ok_release(&ok[nok]);
		imp_settle_at(i, RES_FAILED(rc) && bad < in[i].nlines ? bad : 0, rc, w.msg);
	}
	write_pos(ok, nok);
	for (j = 0; j < nok; j++) {
		imp_parts(ok[j].in->nlines);
		ok_release(&ok[j]);
	}
	free(ok);
	free(lines);
	free(in);
	st->npo = st->nline = 0;
	sbuf_reset(&st->text);
}

int
po_import(const char *path)
{
	struct import_state st = { PO_CACHE_INIT, NULL, 0, 0, NULL, 0, 0, SBUF_INIT };
	struct import_spec spec = {
		.noun = "purchase orders", .cols = import_cols, .ncols = I_NCOLS,
		.header = import_header, .record = import_record,
		.key = import_key, .nkey = 2, .flush = import_flush, .batch = 200,
		.parts = "lines",
	};
	int rc = import_run(&spec, path, &st);

	po_cache_release(&st.pc);
	free(st.po);
	free(st.line);
	sbuf_release(&st.text);
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
			      "COALESCE(SUM(" PO_LINE_VALUE "), 0), p.created_at, p.expected_at "
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
		     "(SELECT COALESCE(SUM(" PO_LINE_VALUE "), 0) FROM po_line l WHERE l.po_id = p.id), "
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
	/* ... and what its movements moved into the PO's warehouse: a look-up
	 * by the ledger's key for each line and delivery of its PO, whatever
	 * the planner thinks of tables that have just grown (a join of the
	 * summed movements took a PostgreSQL server hours on a PO of 100,000
	 * lines received at once) */
	"SELECT 'PO-' || l.po_id || ' line ' || l.line || ': received less returned ' || "
	"(l.received - l.returned) || ', its movements ' || l.moved FROM (SELECT po_id, line, "
	"received, returned, COALESCE((SELECT SUM(x.qty) FROM po_delivery y JOIN movement x "
	"ON x.ref = 'PO-' || y.po_id || '/' || y.ref AND x.type = CASE WHEN y.kind = 'receipt' "
	"THEN 'receipt' ELSE 'purchase_return' END AND x.sku_id = po_line.sku_id "
	"WHERE y.po_id = po_line.po_id), 0) AS moved FROM po_line) l "
	"WHERE l.received - l.returned <> l.moved ORDER BY l.po_id, l.line",
	/* a PO's paid is its payments, never past its total */
	"SELECT 'PO-' || p.id || ': paid ' || p.paid || ', its payments ' || COALESCE(y.amount, 0) "
	"|| ', its total ' || COALESCE(t.total, 0) || ' (minor units)' FROM po p "
	"LEFT JOIN (SELECT po_id, SUM(amount) AS amount FROM po_payment GROUP BY po_id) y "
	"ON y.po_id = p.id LEFT JOIN (SELECT po_id, SUM(" PO_LINE_VALUE ") AS total FROM po_line "
	"GROUP BY po_id) t ON t.po_id = p.id "
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
