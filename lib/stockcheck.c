/* stockcheck.c - shop-stock check: recompute every stock invariant (see
 * stock_check in stock.h). Read only; cheap on a million movements. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "stock.h"
#include "strmap.h"
#include "util.h"

/* Each query yields one text column: a violation, already worded. The
 * names fall back to "#id" where the row they point at is gone. */
#define SKU_NAME(col) "COALESCE((SELECT 'sku ''' || sku || '''' FROM sku WHERE id = " col \
	"), 'sku #' || " col ")"
#define WH_NAME(col) "COALESCE((SELECT 'warehouse ''' || code || '''' FROM warehouse WHERE id = " \
	col "), 'warehouse #' || " col ")"
#define AT(s, w) SKU_NAME(s) " || ' in ' || " WH_NAME(w) " || ': '"

/* A level against the sum it must equal: col of stock, sum over src. */
#define SUM_CHECK(col, what, src) \
	"SELECT " AT("sku_id", "warehouse_id") " || '" col " is ' || stored || ' but " what " ' " \
	"|| computed FROM (SELECT COALESCE(s.sku_id, x.sku_id) AS sku_id, " \
	"COALESCE(s.warehouse_id, x.warehouse_id) AS warehouse_id, COALESCE(s." col ", 0) AS stored, " \
	"COALESCE(x.total, 0) AS computed FROM stock s FULL JOIN (" src ") x " \
	"ON x.sku_id = s.sku_id AND x.warehouse_id = s.warehouse_id) AS t WHERE stored <> computed " \
	"ORDER BY 1"

/* The per-level checks, after the ledger's sums. */
static const char *const checks_levels[] = {
	(SUM_CHECK("reserved", "its open reservations hold",
		   "SELECT sku_id, warehouse_id, SUM(held) AS total FROM reservation "
		   "WHERE status = 'open' GROUP BY sku_id, warehouse_id")),
	(SUM_CHECK("allocated", "its open pools hold",
		   "SELECT sku_id, warehouse_id, SUM(qty - drawn) AS total FROM pool "
		   "WHERE status = 'open' GROUP BY sku_id, warehouse_id")),
	/* nothing negative, unless backorder lets available go below zero */
	("SELECT " AT("sku_id", "warehouse_id") " || 'on_hand is negative (' || on_hand || ')' "
	"FROM stock WHERE on_hand < 0 ORDER BY 1"),
	("SELECT " AT("sku_id", "warehouse_id") " || 'reserved is negative (' || reserved || ')' "
	"FROM stock WHERE reserved < 0 ORDER BY 1"),
	("SELECT " AT("sku_id", "warehouse_id") " || 'allocated is negative (' || allocated || ')' "
	"FROM stock WHERE allocated < 0 ORDER BY 1"),
	("SELECT " AT("s.sku_id", "s.warehouse_id") " || 'available is negative (' "
	"|| (s.on_hand - s.reserved - s.allocated) || ') and the sku does not allow backorder' "
	"FROM stock s JOIN sku k ON k.id = s.sku_id "
	"WHERE s.on_hand - s.reserved - s.allocated < 0 AND k.backorder = 0 ORDER BY 1"),
};

/* The per-row checks, after the ledger's rows. */
static const char *const checks_rows[] = {
	/* every row points at a sku and a warehouse that exist */
	("SELECT " AT("sku_id", "warehouse_id") " || 'stock row of an unknown sku or warehouse' "
	"FROM stock WHERE sku_id NOT IN (SELECT id FROM sku) "
	"OR warehouse_id NOT IN (SELECT id FROM warehouse) ORDER BY 1"),
	("SELECT 'reservation ''' || ref || ''': unknown sku or warehouse' FROM reservation "
	"WHERE sku_id NOT IN (SELECT id FROM sku) "
	"OR warehouse_id NOT IN (SELECT id FROM warehouse) ORDER BY id"),
	("SELECT 'pool ''' || name || ''': unknown sku or warehouse' FROM pool "
	"WHERE sku_id NOT IN (SELECT id FROM sku) "
	"OR warehouse_id NOT IN (SELECT id FROM warehouse) ORDER BY id"),
	/* each row agrees with itself */
	("SELECT 'reservation ''' || ref || ''' of ' || " SKU_NAME("sku_id") " || ': ' "
	"|| CASE WHEN held < 0 THEN 'holds a negative qty (' || held || ')' "
	"WHEN held + shipped + released <> qty THEN 'held ' || held || ' + shipped ' || shipped "
	"|| ' + released ' || released || ' is not its qty ' || qty "
	"WHEN status = 'open' AND held = 0 THEN 'is open but holds nothing' "
	"ELSE 'is closed but holds ' || held END FROM reservation "
	"WHERE held < 0 OR held + shipped + released <> qty OR (status = 'open') <> (held > 0) "
	"ORDER BY id"),
	("SELECT 'pool ''' || name || ''': drawn ' || drawn || ' is outside 0..' || qty FROM pool "
	"WHERE drawn < 0 OR drawn > qty ORDER BY id"),
};

/* Lines of violations. */
struct lines {
	char **v; /* owned, and each string */
	size_t n, cap;
};

static void
lines_add(struct lines *l, char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	l->v[l->n++] = s;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Report, then free. */
static size_t
lines_report(struct lines *l, void (*report)(const char *, void *), void *arg)
{
	size_t i, n = l->n;

	for (i = 0; i < l->n; i++) {
		report(l->v[i], arg);
		free(l->v[i]);
	}
	free(l->v);
	memset(l, 0, sizeof *l);
	return n;
}

static char *
on_hand_line(int64_t sku_id, int64_t warehouse_id, int64_t stored, int64_t computed)
{
	db_stmt *st = db_prep("SELECT " AT("?1", "?2"));
	char *s;

	db_bind_int(st, 1, sku_id);
	db_bind_int(st, 2, warehouse_id);
	db_step(st);
	s = xasprintf("%son_hand is %lld but its movements sum to %lld", db_col_text(st, 0),
		      (long long)stored, (long long)computed);
	db_reset(st);
	return s;
}

/* The sign a movement type gives its qty: 1, -1, 0 for either, 2 unknown. */
static int
type_sign(const char *type)
{
	enum stock_type t;

	if (stock_type_parse(type, &t) < 0)
		return 2;
	switch (t) {
	case MOVE_RECEIPT:
	case MOVE_TRANSFER_IN:
	case MOVE_CUSTOMER_RETURN:
		return 1;
	case MOVE_SHIPMENT:
	case MOVE_TRANSFER_OUT:
	case MOVE_PURCHASE_RETURN:
		return -1;
	default:
		return 0;
	}
}

/*
 * One pass over the ledger in the order it was written: sum per (sku,
 * warehouse) in memory (a GROUP BY would sort a million rows) and check
 * each row; then compare the sums with the stock rows. The sums' lines are
 * sorted by name, the rows' lines are in ledger order.
 */
static void
check_ledger(struct lines *sums_out, struct lines *rows_out)
{
	struct pairmap t = PAIRMAP_INIT; /* (sku, warehouse) -> val: the sum, aux: seen in stock */
	struct pairmap_ent *e;
	db_stmt *st;
	size_t i;

	st = db_prep("SELECT m.id, m.sku_id, m.warehouse_id, m.type, m.qty, "
			"CASE WHEN EXISTS (SELECT 1 FROM sku WHERE id = m.sku_id) THEN 0 ELSE 1 END, "
			"CASE WHEN EXISTS (SELECT 1 FROM warehouse WHERE id = m.warehouse_id) "
			"THEN 0 ELSE 1 END "
			"FROM movement m ORDER BY m.id");
	while (db_step(st)) {
		int64_t id = db_col_int(st, 0), qty = db_col_int(st, 4);
		const char *type = db_col_text(st, 3);
		int sign = type_sign(type);

		e = pairmap_at(&t, db_col_int(st, 1), db_col_int(st, 2), NULL);
		e->val += qty;
		if (db_col_int(st, 5))
			lines_add(rows_out, xasprintf("movement %lld: unknown sku #%lld", (long long)id,
						      (long long)db_col_int(st, 1)));
		if (db_col_int(st, 6))
			lines_add(rows_out, xasprintf("movement %lld: unknown warehouse #%lld",
						      (long long)id, (long long)db_col_int(st, 2)));
		if (sign == 2 || qty == 0 || (sign == 1 && qty < 0) || (sign == -1 && qty > 0))
			lines_add(rows_out, xasprintf("movement %lld: %s with qty %lld", (long long)id,
						      type, (long long)qty));
	}
	st = db_prep("SELECT sku_id, warehouse_id, on_hand FROM stock");
	while (db_step(st)) {
		int64_t sku_id = db_col_int(st, 0), wh_id = db_col_int(st, 1);
		int64_t on_hand = db_col_int(st, 2);

		e = pairmap_at(&t, sku_id, wh_id, NULL);
		e->aux = 1;
		if (e->val != on_hand)
			lines_add(sums_out, on_hand_line(sku_id, wh_id, on_hand, e->val));
	}
	for (i = 0; i < t.cap; i++)
		if (t.v[i].used && !t.v[i].aux && t.v[i].val != 0)
			lines_add(sums_out, on_hand_line(t.v[i].a, t.v[i].b, 0, t.v[i].val));
	pairmap_release(&t);
	if (sums_out->n)
		qsort(sums_out->v, sums_out->n, sizeof *sums_out->v, cmp_str);
}

size_t
stock_check(void (*report)(const char *violation, void *arg), void *arg)
{
	struct lines sums = { NULL, 0, 0 }, rows = { NULL, 0, 0 };
	size_t n;

	check_ledger(&sums, &rows);
	n = lines_report(&sums, report, arg);
	n += db_report(checks_levels, sizeof checks_levels / sizeof checks_levels[0], report, arg);
	n += lines_report(&rows, report, arg);
	n += db_report(checks_rows, sizeof checks_rows / sizeof checks_rows[0], report, arg);
	return n;
}
