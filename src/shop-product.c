/* shop-product - the product center: SPU/SKU, categories, brands, prices */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "err.h"

static int
brand_add(int argc, char **argv)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < argc; i++) {
		if (!*argv[i])
			die(EX_DATA, "brand name is empty");
		st = db_prep("INSERT INTO brand (name) VALUES (?) ON CONFLICT (name) DO NOTHING");
		db_bind_text(st, 1, argv[i]);
		db_run(st);
		if (db_changes() == 0) {
			if (!G.quiet)
				warn("brand '%s' exists; skipped", argv[i]);
		} else {
			audit_note("brand add '%s'", argv[i]);
		}
	}
	return 0;
}

static int
brand_list(int argc, char **argv)
{
	static const struct out_col cols[] = { { "brand", COL_TEXT }, { "skus", COL_INT } };
	sqlite3_stmt *st;
	struct out o;

	(void)argc;
	(void)argv;
	out_start(&o, cols, 2);
	st = db_prep("SELECT b.name, (SELECT count(*) FROM sku WHERE brand_id = b.id) "
		     "FROM brand b ORDER BY b.name");
	while (db_step(st)) {
		const char *v[2] = { db_col_text(st, 0), db_col_text(st, 1) };
		out_row(&o, v);
	}
	out_end(&o);
	return 0;
}

static int
brand_remove(int argc, char **argv)
{
	sqlite3_stmt *st;
	int i;

	for (i = 0; i < argc; i++) {
		st = db_prep("SELECT b.id, (SELECT count(*) FROM sku WHERE brand_id = b.id) "
			     "FROM brand b WHERE b.name = ?");
		db_bind_text(st, 1, argv[i]);
		if (!db_step(st))
			die(EX_NOTFOUND, "unknown brand '%s'", argv[i]);
		if (db_col_int(st, 1) > 0)
			die(EX_RULE, "brand '%s' is used by %lld SKUs; cannot remove", argv[i],
			    (long long)db_col_int(st, 1));
		st = db_prep("DELETE FROM brand WHERE name = ?");
		db_bind_text(st, 1, argv[i]);
		db_run(st);
		audit_note("brand remove '%s'", argv[i]);
	}
	return 0;
}

static const struct cmd cmds[] = {
	{ "brand add", "NAME...", "add brands", CMD_WRITE, NULL, 1, -1, brand_add },
	{ "brand list", "", "list brands with their SKU counts", 0, NULL, 0, 0, brand_list },
	{ "brand remove", "NAME...", "remove brands no SKU uses", CMD_WRITE, NULL, 1, -1, brand_remove },
	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	return shop_main(argc, argv, "shop-product",
			 "shop-product: the product center (SPU/SKU, categories, brands, prices)", cmds);
}
