/* t_supplier.c - unit tests of lib/supplier.c that no command reaches by
 * itself yet: supplier_item_get (what purchase orders and suggestions read
 * an item by) and supplier_find_id, on a scratch database. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "session.h"
#include "supplier.h"
#include "unit.h"

static char dir[] = "/tmp/t_supplier.XXXXXX";

static int64_t
add_sku(const char *sku)
{
	db_stmt *st = db_prep("INSERT INTO sku (sku, name, created_at, updated_at) "
			      "VALUES (?1, ?1, '2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z') "
			      "RETURNING id");

	db_bind_text(st, 1, sku);
	return db_int(st, -1);
}

static void
add_item(int64_t supplier, int64_t sku, int64_t cost, int64_t moq, int64_t pack, int64_t lead)
{
	db_stmt *st = db_prep("INSERT INTO supplier_item (supplier_id, sku_id, cost, moq, "
			      "pack_size, lead_days, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
			      "'2026-11-22T10:00:00Z')");

	db_bind_int(st, 1, supplier);
	db_bind_int(st, 2, sku);
	db_bind_int(st, 3, cost);
	db_bind_int(st, 4, moq);
	db_bind_int(st, 5, pack);
	db_bind_opt_int(st, 6, lead >= 0, lead);
	db_run(st);
}

static void
test_find(void)
{
	const struct supplier_in foxc = { "FOXC", "Foxconn", "14", "4.5", "", "" };
	struct why w;
	int64_t id;

	CHECK_INT(supplier_add(&foxc, &w), RES_DONE);
	CHECK_INT(supplier_find_id("FOXC", &id, &w), RES_DONE);
	CHECK(id > 0);
	CHECK_INT(supplier_id("FOXC"), id);
	CHECK_INT(supplier_id("NOPE"), -1);
	CHECK_INT(supplier_find_id("FOXD", &id, &w), RES_NOTFOUND);
	CHECK_INT(id, -1);
	CHECK_STR(w.msg, "unknown supplier 'FOXD' (did you mean 'FOXC'?)");
	CHECK_INT(supplier_find_id("ZZZZZZZZ", &id, &w), RES_NOTFOUND);
	CHECK_STR(w.msg, "unknown supplier 'ZZZZZZZZ'");
	CHECK_INT(supplier_find_id("", &id, &w), RES_BAD);
	CHECK_STR(w.msg, "missing supplier");
}

static void
test_item_get(void)
{
	const struct supplier_in lux = { "LUX", "Luxshare", NULL, NULL, NULL, NULL };
	int64_t foxc = supplier_id("FOXC"), p1 = add_sku("P1"), p2 = add_sku("P2"), luxid;
	struct supplier_item it;
	struct why w;

	CHECK_INT(supplier_add(&lux, &w), RES_DONE);
	luxid = supplier_id("LUX");
	add_item(foxc, p1, 550, 10, 6, 3);  /* its own lead time */
	add_item(foxc, p2, 700, 1, 1, -1);  /* the supplier's: 14 */
	add_item(luxid, p1, 525, 1, 1, -1); /* none known */
	CHECK_INT(supplier_item_get(foxc, p1, &it, &w), RES_DONE);
	CHECK_INT(it.supplier_id, foxc);
	CHECK_INT(it.sku_id, p1);
	CHECK_INT(it.cost, 550);
	CHECK_INT(it.moq, 10);
	CHECK_INT(it.pack_size, 6);
	CHECK_INT(it.lead_days, 3);
	CHECK_INT(supplier_item_get(foxc, p2, &it, &w), RES_DONE);
	CHECK_INT(it.lead_days, 14);
	CHECK_INT(supplier_item_get(luxid, p1, &it, &w), RES_DONE);
	CHECK_INT(it.cost, 525);
	CHECK_INT(it.lead_days, -1);
	CHECK_INT(supplier_item_get(luxid, p2, &it, &w), RES_NOTFOUND);
	CHECK_STR(w.msg, "supplier 'LUX' has no item 'P2'");
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
	S.digits = 2;
	db_begin(1);
	test_find();
	test_item_get();
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
