/* t_stock.c - unit tests of lib/stock.c: the API shop-order, shop-po and
 * shop-coupon call (reservations, shipping, pools, returns, backorder),
 * driven inside one transaction on a scratch database, with the invariant
 * check after each part. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "product.h"
#include "session.h"
#include "stock.h"
#include "unit.h"
#include "warehouse.h"

static char dir[] = "/tmp/t_stock.XXXXXX";
static struct why W_;
#define why W_.msg
static int64_t A, P, W1, W2; /* a normal SKU, a backorder SKU, two warehouses */

static void
on_violation(const char *line, void *arg)
{
	(void)arg;
	printf("    violation: %s\n", line);
}

#define CHECK_CLEAN() CHECK_INT(stock_check(on_violation, NULL), 0)

/* on_hand, reserved, allocated of (sku, warehouse) */
#define LEVEL(sku, wh, oh, res, all) do { \
	struct stock_level l_; \
	stock_level((sku), (wh), &l_); \
	CHECK_INT(l_.on_hand, (oh)); \
	CHECK_INT(l_.reserved, (res)); \
	CHECK_INT(l_.allocated, (all)); \
	CHECK_INT(l_.available, (oh) - (res) - (all)); \
} while (0)

static struct stock_doc
doc(const char *ref)
{
	struct stock_doc d = { .ref = ref, .doc = "test" };
	return d;
}

static int64_t
add_sku(const char *code, int backorder)
{
	db_stmt *st = db_prep("INSERT INTO sku (sku, name, backorder, created_at, updated_at) "
				   "VALUES (?, ?, ?, 'x', 'x')");

	db_bind_text(st, 1, code);
	db_bind_text(st, 2, code);
	db_bind_int(st, 3, backorder);
	db_run(st);
	return product_sku_id(code);
}

static int64_t
add_warehouse(const char *code)
{
	db_stmt *st = db_prep("INSERT INTO warehouse (code, name, created_at) VALUES (?, ?, 'x')");

	db_bind_text(st, 1, code);
	db_bind_text(st, 2, code);
	db_run(st);
	return warehouse_id(code);
}

static void
test_receive_adjust(void)
{
	struct stock_doc d = doc("GRN-1");

	CHECK_INT(stock_receive(A, W1, 10, &d, &W_), RES_DONE);
	LEVEL(A, W1, 10, 0, 0);
	CHECK_INT(stock_receive(A, W1, 10, &d, &W_), RES_SKIPPED);
	CHECK_STR(why, "receipt 'GRN-1' of sku 'A' in warehouse 'W1' is already applied; skipped");
	CHECK_INT(stock_receive(A, W1, 9, &d, &W_), RES_REFUSED);
	CHECK_STR(why, "receipt 'GRN-1' of sku 'A' in warehouse 'W1' is already applied with qty 10, not 9");
	CHECK_INT(stock_receive(A, W1, 0, &d, &W_), RES_REFUSED);
	CHECK_STR(why, "qty must be positive");
	CHECK_INT(stock_receive(A, W1, STOCK_QTY_MAX + 1LL, &d, &W_), RES_REFUSED);
	d.ref = "";
	CHECK_INT(stock_receive(A, W1, 1, &d, &W_), RES_REFUSED);
	CHECK_STR(why, "receipt needs a ref");
	d = doc("ADJ-1");
	CHECK_INT(stock_adjust(A, W1, -11, &d, &W_), RES_REFUSED);
	CHECK_STR(why, "not enough stock of sku 'A' in warehouse 'W1': 10 available, 11 needed");
	CHECK_INT(stock_adjust(A, W1, 0, &d, &W_), RES_REFUSED);
	CHECK_INT(stock_adjust(A, W1, -2, &d, &W_), RES_DONE);
	CHECK_INT(stock_adjust(A, W1, -2, &d, &W_), RES_SKIPPED);
	CHECK_INT(stock_adjust(A, 999, -2, &d, &W_), RES_NOTFOUND);
	CHECK_STR(why, "unknown warehouse id 999");
	CHECK_INT(stock_adjust(999, W1, -2, &d, &W_), RES_NOTFOUND);
	LEVEL(A, W1, 8, 0, 0);
	d = doc("RMA-1");
	CHECK_INT(stock_customer_return(A, W1, 2, &d, &W_), RES_DONE);
	d = doc("PR-1");
	CHECK_INT(stock_purchase_return(A, W1, 11, &d, &W_), RES_REFUSED);
	CHECK_INT(stock_purchase_return(A, W1, 3, &d, &W_), RES_DONE);
	LEVEL(A, W1, 7, 0, 0);
	CHECK_CLEAN();
}

static void
test_reserve_ship_release(void)
{
	struct stock_doc s1 = doc("SHP-1"), s2 = doc("SHP-2");

	/* 7 on hand in W1 */
	CHECK_INT(stock_reserve("SO-1/1", A, W1, 4, &W_), RES_DONE);
	LEVEL(A, W1, 7, 4, 0);
	CHECK_INT(stock_reserve("SO-2/1", A, W1, 4, &W_), RES_REFUSED);
	CHECK_STR(why, "not enough stock of sku 'A' in warehouse 'W1': 3 available, 4 needed");
	CHECK_INT(stock_reserve("SO-1/1", A, W1, 4, &W_), RES_SKIPPED);
	CHECK_INT(stock_reserve("SO-1/1", A, W1, 5, &W_), RES_REFUSED);
	CHECK_STR(why, "reservation 'SO-1/1' of sku 'A' in warehouse 'W1' exists with qty 4");
	CHECK_INT(stock_reserve("", A, W1, 1, &W_), RES_REFUSED);
	/* what is reserved cannot be adjusted away */
	s1 = doc("ADJ-2");
	CHECK_INT(stock_adjust(A, W1, -4, &s1, &W_), RES_REFUSED);
	s1 = doc("SHP-1");
	CHECK_INT(stock_ship("SO-1/1", A, W1, 3, &s1, &W_), RES_DONE);
	LEVEL(A, W1, 4, 1, 0);
	CHECK_INT(stock_ship("SO-1/1", A, W1, 3, &s1, &W_), RES_SKIPPED);
	CHECK_INT(stock_ship("SO-1/1", A, W1, 2, &s2, &W_), RES_REFUSED);
	CHECK_STR(why, "reservation 'SO-1/1' of sku 'A' in warehouse 'W1' holds 1; cannot ship 2");
	CHECK_INT(stock_ship("SO-9/1", A, W1, 1, &s2, &W_), RES_NOTFOUND);
	CHECK_INT(stock_release("SO-1/1", A, W1, 2, &W_), RES_REFUSED);
	CHECK_INT(stock_release("SO-1/1", A, W1, 0, &W_), RES_DONE);
	LEVEL(A, W1, 4, 0, 0);
	CHECK_INT(stock_release("SO-1/1", A, W1, 0, &W_), RES_SKIPPED);
	CHECK_STR(why, "reservation 'SO-1/1' of sku 'A' in warehouse 'W1' is closed; skipped");
	CHECK_INT(stock_release("SO-9/1", A, W1, 0, &W_), RES_NOTFOUND);
	CHECK_STR(why, "no reservation 'SO-9/1' of sku 'A' in warehouse 'W1'");
	/* partial release, then the rest ships */
	CHECK_INT(stock_reserve("SO-3/1", A, W1, 3, &W_), RES_DONE);
	CHECK_INT(stock_release("SO-3/1", A, W1, 1, &W_), RES_DONE);
	CHECK_INT(stock_ship("SO-3/1", A, W1, 2, &s2, &W_), RES_DONE);
	LEVEL(A, W1, 2, 0, 0);
	CHECK_CLEAN();
}

static void
test_backorder(void)
{
	struct stock_doc d = doc("ADJ-P");

	/* a pre-sale SKU takes reservations before any stock exists */
	CHECK_INT(stock_reserve("SO-4/1", P, W1, 5, &W_), RES_DONE);
	LEVEL(P, W1, 0, 5, 0);
	CHECK_INT(stock_adjust(P, W1, -1, &d, &W_), RES_REFUSED);
	CHECK_STR(why, "not enough stock of sku 'P' in warehouse 'W1': 0 on hand, 1 needed");
	d = doc("SHP-P0");
	CHECK_INT(stock_ship("SO-4/1", P, W1, 1, &d, &W_), RES_REFUSED);
	d = doc("GRN-P");
	CHECK_INT(stock_receive(P, W1, 3, &d, &W_), RES_DONE);
	d = doc("SHP-P");
	CHECK_INT(stock_ship("SO-4/1", P, W1, 3, &d, &W_), RES_DONE);
	LEVEL(P, W1, 0, 2, 0);
	/* no pool out of stock that is not there */
	CHECK_INT(stock_pool_create("PRE", P, W1, 1, &W_), RES_REFUSED);
	CHECK_CLEAN();
}

static void
test_pools(void)
{
	struct stock_doc d = doc("GRN-2");
	int64_t back;

	CHECK_INT(stock_receive(A, W2, 10, &d, &W_), RES_DONE);
	CHECK_INT(stock_pool_create("11.11", A, W2, 6, &W_), RES_DONE);
	LEVEL(A, W2, 10, 0, 6);
	CHECK_INT(stock_pool_create("11.11", A, W2, 6, &W_), RES_SKIPPED);
	CHECK_INT(stock_pool_create("11.11", A, W2, 5, &W_), RES_REFUSED);
	CHECK_INT(stock_pool_create("tmall", A, W2, 5, &W_), RES_REFUSED);
	CHECK_STR(why, "not enough stock of sku 'A' in warehouse 'W2': 4 available, 5 needed");
	CHECK_INT(stock_pool_create("11.11\xc2\xa0", A, W2, 1, &W_), RES_BAD);
	CHECK_STR(why, "bad pool name '11.11\xc2\xa0': invisible or formatting character");
	CHECK_INT(stock_pool_create("", A, W2, 1, &W_), RES_BAD);
	CHECK_STR(why, "bad pool name '': empty");
	CHECK_INT(stock_pool_draw("11.11", "SO-5/1", 4, &W_), RES_DONE);
	LEVEL(A, W2, 10, 4, 2);
	CHECK_INT(stock_pool_draw("11.11", "SO-5/1", 4, &W_), RES_SKIPPED);
	CHECK_INT(stock_pool_draw("11.11", "SO-6/1", 3, &W_), RES_REFUSED);
	CHECK_STR(why, "not enough in pool '11.11': 2 left, 3 needed");
	CHECK_INT(stock_pool_draw("nope", "SO-6/1", 1, &W_), RES_NOTFOUND);
	/* a reservation outside the pool cannot take the pool's units */
	CHECK_INT(stock_reserve("SO-6/1", A, W2, 5, &W_), RES_REFUSED);
	/* released units go back to the open pool */
	CHECK_INT(stock_release("SO-5/1", A, W2, 2, &W_), RES_DONE);
	LEVEL(A, W2, 10, 2, 4);
	d = doc("SHP-5");
	CHECK_INT(stock_ship("SO-5/1", A, W2, 1, &d, &W_), RES_DONE);
	LEVEL(A, W2, 9, 1, 4);
	CHECK_CLEAN();
	CHECK_INT(stock_pool_release("11.11", &back, &W_), RES_DONE);
	CHECK_INT(back, 4);
	LEVEL(A, W2, 9, 1, 0);
	CHECK_INT(stock_pool_release("11.11", &back, &W_), RES_SKIPPED);
	CHECK_INT(stock_pool_draw("11.11", "SO-7/1", 1, &W_), RES_REFUSED);
	CHECK_STR(why, "pool '11.11' is released");
	/* after the pool closed, a release goes to available */
	CHECK_INT(stock_release("SO-5/1", A, W2, 0, &W_), RES_DONE);
	LEVEL(A, W2, 9, 0, 0);
	CHECK_CLEAN();
}

static void
test_transfer_count(void)
{
	struct stock_doc d = doc("TR-1");
	int64_t book, var;

	/* W1: 2, W2: 9 */
	CHECK_INT(stock_transfer(A, W2, W1, 4, &d, &W_), RES_DONE);
	LEVEL(A, W1, 6, 0, 0);
	LEVEL(A, W2, 5, 0, 0);
	CHECK_INT(stock_transfer(A, W2, W1, 4, &d, &W_), RES_SKIPPED);
	CHECK_INT(stock_transfer(A, W2, W1, 3, &d, &W_), RES_REFUSED);
	d = doc("TR-2");
	CHECK_INT(stock_transfer(A, W2, W1, 6, &d, &W_), RES_REFUSED);
	CHECK_INT(stock_transfer(A, W2, W2, 1, &d, &W_), RES_REFUSED);
	d = doc("CNT-1");
	CHECK_INT(stock_count(A, W1, 8, &d, &book, &var, &W_), RES_DONE);
	CHECK_INT(book, 6);
	CHECK_INT(var, 2);
	CHECK_INT(stock_count(A, W1, 8, &d, &book, &var, &W_), RES_SKIPPED);
	CHECK_INT(stock_count(A, W2, 5, &d, &book, &var, &W_), RES_DONE);
	CHECK_INT(var, 0);
	CHECK_INT(stock_reserve("SO-8/1", A, W2, 3, &W_), RES_DONE);
	d = doc("CNT-2");
	CHECK_INT(stock_count(A, W2, 2, &d, &book, &var, &W_), RES_REFUSED);
	CHECK_STR(why, "counted 2 of sku 'A' in warehouse 'W2' is less than its 3 reserved and 0 allocated");
	CHECK_INT(stock_count(A, W2, 3, &d, &book, &var, &W_), RES_DONE);
	LEVEL(A, W2, 3, 3, 0);
	CHECK_CLEAN();
}

static void
test_bulk(void)
{
	struct stock_bulk b;
	int64_t B = add_sku("B", 0);

	stock_bulk_begin(&b, MOVE_RECEIPT, "receive");
	/* queued for the flush; a line given twice is known at once */
	CHECK_INT(stock_bulk_add(&b, B, W1, 5, "DN-1", NULL, &W_), RES_PENDING);
	CHECK_INT(stock_bulk_add(&b, B, W2, 7, "DN-1", "", &W_), RES_PENDING);
	CHECK_INT(stock_bulk_add(&b, B, W1, 5, "DN-2", "x", &W_), RES_PENDING);
	CHECK_INT(stock_bulk_add(&b, B, W1, 5, "DN-1", NULL, &W_), RES_SKIPPED);
	CHECK_INT(stock_bulk_add(&b, B, W1, 6, "DN-1", NULL, &W_), RES_REFUSED);
	CHECK_INT(stock_bulk_add(&b, B, W1, 0, "DN-3", NULL, &W_), RES_REFUSED);
	/* a look-alike of DN-1 is no ref */
	CHECK_INT(stock_bulk_add(&b, B, W1, 5, "DN-1\xe2\x80\x8b", NULL, &W_), RES_BAD);
	CHECK_STR(why, "bad ref 'DN-1\xe2\x80\x8b': invisible or formatting character");
	CHECK_INT(stock_bulk_add(&b, B, W1, 5, " DN-1", NULL, &W_), RES_BAD);
	CHECK_STR(why, "bad ref ' DN-1': blank at the start or end");
	stock_bulk_flush(&b);
	stock_bulk_end(&b);
	LEVEL(B, W1, 10, 0, 0);
	LEVEL(B, W2, 7, 0, 0);
	CHECK_CLEAN();
}

/* reservations whose ref starts with prefix */
static int64_t
resv_count(const char *prefix)
{
	db_stmt *st = db_prep("SELECT count(*) FROM reservation "
			      "WHERE substr(ref, 1, length(?1)) = ?1");

	db_bind_text(st, 1, prefix);
	return db_int(st, -1);
}

static void
test_reserve_many(void)
{
	int64_t C = add_sku("C", 0), D = add_sku("D", 0), Q = add_sku("Q", 1);
	struct stock_doc d = doc("GRN-C");
	struct stock_line o10[] = { { "SO-10/1", C, W1, 4 }, { "SO-10/2", D, W1, 3 } };
	struct stock_line o11[] = { { "SO-11/1", C, W1, 3 }, { "SO-11/2", C, W1, 3 } };
	struct stock_line o12[] = {
		{ "SO-12/1", C, W1, 5 }, { "SO-12/2", D, W1, 2 },
		{ "SO-12/3", Q, W1, 7 }, { "SO-12/4", Q, W2, 1 },
	};
	struct stock_line o13[] = { { "SO-13/1", C, W2, 0 } };
	struct stock_line o14[] = { { "\xef\xbb\xbfSO-14/1", C, W1, 1 } };
	struct stock_line o15[] = { { "", C, W1, 1 } };
	size_t at = 99;

	CHECK_INT(stock_receive(C, W1, 5, &d, &W_), RES_DONE);
	CHECK_INT(stock_receive(D, W1, 2, &d, &W_), RES_DONE);
	/* all or none: the second line cannot be filled, the first is undone */
	CHECK_INT(stock_reserve_many(o10, 2, &at, &W_), RES_REFUSED);
	CHECK_INT(at, 1);
	CHECK_STR(why, "reservation 'SO-10/2': not enough stock of sku 'D' in warehouse 'W1': "
		  "2 available, 3 needed");
	LEVEL(C, W1, 5, 0, 0);
	LEVEL(D, W1, 2, 0, 0);
	CHECK_INT(resv_count("SO-10/"), 0);
	/* lines of one sku add up: the second sees what the first took (5 - 3) */
	CHECK_INT(stock_reserve_many(o11, 2, &at, &W_), RES_REFUSED);
	CHECK_INT(at, 1);
	CHECK_STR(why, "reservation 'SO-11/2': not enough stock of sku 'C' in warehouse 'W1': "
		  "2 available, 3 needed");
	LEVEL(C, W1, 5, 0, 0);
	CHECK_INT(resv_count("SO-11/"), 0);
	/* a whole order: all there is of C and D, and a backorder SKU beyond
	 * its stock, in W2 with no stock row at all */
	CHECK_INT(stock_reserve_many(o12, 4, &at, &W_), RES_DONE);
	LEVEL(C, W1, 5, 5, 0);
	LEVEL(D, W1, 2, 2, 0);
	LEVEL(Q, W1, 0, 7, 0);
	LEVEL(Q, W2, 0, 1, 0);
	CHECK_CLEAN();
	/* the same order again, by ref: skipped, nothing taken twice */
	CHECK_INT(stock_reserve_many(o12, 4, &at, &W_), RES_SKIPPED);
	CHECK_STR(why, "all 4 reservations ('SO-12/1', ...) are already made; skipped");
	CHECK_INT(stock_reserve_many(o12, 1, &at, &W_), RES_SKIPPED);
	CHECK_STR(why, "reservation 'SO-12/1' is already made; skipped");
	LEVEL(C, W1, 5, 5, 0);
	LEVEL(Q, W1, 0, 7, 0);
	CHECK_INT(resv_count("SO-12/"), 4);
	/* a line re-sent with another qty is refused */
	o12[1].qty = 1;
	CHECK_INT(stock_reserve_many(o12, 4, &at, &W_), RES_REFUSED);
	CHECK_INT(at, 1);
	CHECK_STR(why, "reservation 'SO-12/2' of sku 'D' in warehouse 'W1' exists with qty 2");
	o12[1].qty = 2;
	LEVEL(D, W1, 2, 2, 0);
	/* bad lines change nothing */
	CHECK_INT(stock_reserve_many(o13, 1, &at, &W_), RES_REFUSED);
	CHECK_INT(at, 0);
	CHECK_STR(why, "reservation 'SO-13/1': qty must be positive");
	CHECK_INT(stock_reserve_many(o14, 1, &at, &W_), RES_BAD);
	CHECK_STR(why, "bad ref '\xef\xbb\xbfSO-14/1': invisible or formatting character");
	CHECK_INT(stock_reserve_many(o15, 1, &at, &W_), RES_REFUSED);
	CHECK_STR(why, "reservation needs a ref");
	CHECK_INT(stock_reserve_many(NULL, 0, &at, &W_), RES_SKIPPED);
	CHECK_INT(resv_count("SO-13/"), 0);
	CHECK_INT(resv_count("\xef\xbb\xbfSO-14/"), 0);
	/* bulk reservations ship and release like any other */
	d = doc("SHP-12");
	CHECK_INT(stock_ship("SO-12/1", C, W1, 5, &d, &W_), RES_DONE);
	CHECK_INT(stock_release("SO-12/3", Q, W1, 0, &W_), RES_DONE);
	LEVEL(C, W1, 0, 0, 0);
	LEVEL(Q, W1, 0, 0, 0);
	CHECK_CLEAN();
}

int
main(void)
{
	char path[600];

	if (!mkdtemp(dir)) {
		perror(dir);
		return 70;
	}
	setenv("SHOP_NOW", "2026-11-22T10:00:00Z", 1);
	snprintf(path, sizeof path, "%s/shop.db", dir);
	db_open(path, 1, "CNY", 2);
	S.user = "tester";
	db_begin(1);
	A = add_sku("A", 0);
	P = add_sku("P", 1);
	W1 = add_warehouse("W1");
	W2 = add_warehouse("W2");
	test_receive_adjust();
	test_reserve_ship_release();
	test_backorder();
	test_pools();
	test_transfer_count();
	test_bulk();
	test_reserve_many();
	db_commit();
	db_close();
	unlink(path);
	snprintf(path, sizeof path, "%s/shop.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/shop.db-shm", dir);
	unlink(path);
	rmdir(dir);
	return unit_done();
}
