/* shop-product - the product center: SPU/SKU, categories, brands, prices.
 * Option tables, dispatch and printing; the rules are lib/product.c,
 * lib/catalog.c, lib/category.c, lib/brand.c, lib/pricelist.c and
 * lib/platform.c. */
#include <stdio.h>
#include <string.h>

#include "brand.h"
#include "catalog.h"
#include "category.h"
#include "cli.h"
#include "roles.h"
#include "err.h"
#include "parse.h"
#include "platform.h"
#include "pricelist.h"
#include "product.h"

static const char *const statuses[] = { "draft", "active", "inactive", NULL };
static const char *const platforms[] = { "woocommerce", "shopify", NULL };

/* The answer of a library call that names what to print: a failure dies
 * with its exit code and reason. */
static void
need(enum res r, const struct why *w)
{
	if (RES_FAILED(r))
		die(res_exit(r), "%s", w->msg);
}

/* ---- products: import and export ---- */

static const char *o_platform;

static const struct opt import_opts[] = {
	{ .lname = "from", .kind = OPT_WORD, .dest = &o_platform, .metavar = "PLATFORM",
	  .help = "the file is a woocommerce or shopify product export (see shop-platforms(7))",
	  .words = platforms },
	OPT_END
};

static int
product_import_cmd(int argc, char **argv)
{
	const char *path = argc ? argv[0] : NULL;

	if (o_platform)
		return platform_import(!strcmp(o_platform, "shopify") ? PLATFORM_SHOPIFY
								    : PLATFORM_WOOCOMMERCE, path);
	return product_import(path);
}

static int
product_export_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out_query(product_export_cols, PRODUCT_NCOLS, product_export_query());
	return 0;
}

/* ---- products: list and show ---- */

static struct product_filter o_filter;

static const struct opt list_opts[] = {
	{ .lname = "category", .kind = OPT_STR, .dest = &o_filter.category, .metavar = "PATH",
	  .help = "only SKUs in this category and its subcategories", .complete = "category" },
	{ .lname = "brand", .kind = OPT_STR, .dest = &o_filter.brand, .metavar = "BRAND",
	  .help = "only SKUs of this brand", .complete = "brand" },
	{ .lname = "status", .kind = OPT_WORD, .dest = &o_filter.status, .metavar = "STATUS",
	  .help = "only draft, active or inactive SKUs", .words = statuses },
	OPT("search", 0, OPT_STR, &o_filter.search, "TEXT",
	    "only SKUs whose sku, name or barcode contains TEXT (ASCII case ignored)"),
	OPT_END
};

static int
product_list_cmd(int argc, char **argv)
{
	struct why why;
	db_stmt *st;

	(void)argc;
	(void)argv;
	need(product_list_query(&o_filter, &st, &why), &why);
	out_query(product_list_cols, PRODUCT_LIST_NCOLS, st);
	return 0;
}

static int
product_show_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = { { "field", COL_TEXT }, { "value", COL_TEXT } };
	struct product_view v;
	struct why why;
	struct out o;

	(void)argc;
	need(product_show(argv[0], shop_now(), &v, &why), &why);
	out_start(&o, cols, 2);
	out_record(&o, &v.fields, v.lists, PV_NLISTS);
	product_view_release(&v);
	return 0;
}

/* ---- products: add, set, activate, deactivate ---- */

static const char *o_spu, *o_name, *o_brand, *o_category, *o_attrs, *o_key_attrs, *o_barcode,
	*o_status;
static struct optnum o_price, o_market, o_cost, o_weight, o_from, o_until;
static int o_backorder;

static const struct opt add_opts[] = {
	{ .lname = "name", .kind = OPT_STR, .dest = &o_name, .metavar = "NAME",
	  .help = "the SKU's name (required)", .required = 1 },
	{ .lname = "price", .kind = OPT_MONEY, .dest = &o_price, .metavar = "PRICE",
	  .help = "list price, what it sells at (required)", .required = 1 },
	OPT("spu", 0, OPT_STR, &o_spu, "SPU", "the SPU code grouping its variants, created when new"),
	{ .lname = "brand", .kind = OPT_STR, .dest = &o_brand, .metavar = "BRAND",
	  .help = "brand, created when new", .complete = "brand" },
	{ .lname = "category", .kind = OPT_STR, .dest = &o_category, .metavar = "PATH",
	  .help = "leaf category A/B/C, created when new", .complete = "category" },
	OPT("attrs", 0, OPT_STR, &o_attrs, "K=V;...", "sales attributes that tell variants apart"),
	OPT("key-attrs", 0, OPT_STR, &o_key_attrs, "K=V;...", "key attributes"),
	{ .lname = "market-price", .kind = OPT_MONEY, .dest = &o_market, .metavar = "PRICE",
	  .help = "market (strike-through) price" },
	{ .lname = "cost", .kind = OPT_MONEY, .dest = &o_cost, .metavar = "COST",
	  .help = "unit cost" },
	OPT("barcode", 0, OPT_STR, &o_barcode, "GTIN", "EAN-8, UPC-A, EAN-13 or GTIN-14 digits"),
	{ .lname = "weight-g", .kind = OPT_INT, .dest = &o_weight, .metavar = "GRAMS",
	  .help = "weight in whole grams", .min = 0, .max = PRODUCT_WEIGHT_MAX },
	{ .lname = "status", .kind = OPT_WORD, .dest = &o_status, .metavar = "STATUS",
	  .help = "draft (the default), active or inactive", .words = statuses },
	OPT("backorder", 0, OPT_FLAG, &o_backorder, NULL, "may be sold beyond stock (pre-sale)"),
	{ .lname = "from", .kind = OPT_TIME, .dest = &o_from, .metavar = "TIME",
	  .help = "on sale from TIME (ISO 8601 UTC)" },
	{ .lname = "until", .kind = OPT_TIME, .dest = &o_until, .metavar = "TIME",
	  .help = "on sale until TIME (ISO 8601 UTC), not included" },
	OPT_END
};

static const char *
num_text(const struct optnum *n)
{
	return n->set ? n->text : NULL;
}

static int
product_add_cmd(int argc, char **argv)
{
	struct product_row pr = { 0 };
	struct why why;

	(void)argc;
	pr.sku = argv[0];
	pr.spu = o_spu;
	pr.name = o_name;
	pr.brand = o_brand;
	pr.category = o_category;
	pr.attrs = o_attrs;
	pr.key_attrs = o_key_attrs;
	pr.price = num_text(&o_price);
	pr.market_price = num_text(&o_market);
	pr.cost = num_text(&o_cost);
	pr.barcode = o_barcode;
	pr.weight_g = num_text(&o_weight);
	pr.status = o_status;
	pr.backorder = o_backorder ? "1" : NULL;
	pr.on_sale_from = num_text(&o_from);
	pr.on_sale_until = num_text(&o_until);
	return cli_result(product_add(&pr, &why), &why);
}

static int
product_set_cmd(int argc, char **argv)
{
	struct why why;

	return cli_result(product_set(argv[0], argv + 1, (size_t)argc - 1, &why), &why);
}

/* activate and deactivate keep --from/--until as text: '' clears an end */
static const char *o_win_from, *o_win_until;

static const struct opt activate_opts[] = {
	OPT("from", 0, OPT_STR, &o_win_from, "TIME",
	    "on sale from TIME (ISO 8601 UTC); '' clears the start"),
	OPT("until", 0, OPT_STR, &o_win_until, "TIME",
	    "on sale until TIME (ISO 8601 UTC), not included; '' clears the end"),
	OPT_END
};

static const struct opt deactivate_opts[] = {
	OPT("from", 0, OPT_STR, &o_win_from, "TIME",
	    "keep TIME as the start of the on-sale window for a later activate; '' clears it"),
	OPT("until", 0, OPT_STR, &o_win_until, "TIME",
	    "keep TIME as the end of the on-sale window for a later activate; '' clears it"),
	OPT_END
};

static int
product_activate_cmd(int argc, char **argv)
{
	struct why why;

	return cli_result(product_set_status(argv, (size_t)argc, "active", o_win_from,
					     o_win_until, &why), &why);
}

static int
product_deactivate_cmd(int argc, char **argv)
{
	struct why why;

	return cli_result(product_set_status(argv, (size_t)argc, "inactive", o_win_from,
					     o_win_until, &why), &why);
}

/* ---- categories ---- */

static int
category_add_cmd(int argc, char **argv)
{
	struct why why;
	int i;

	for (i = 0; i < argc; i++)
		cli_result(category_add(argv[i], &why), &why);
	return 0;
}

static int
category_list_cmd(int argc, char **argv)
{
	struct category_row *rows;
	char depth[24], skus[24];
	struct why why;
	struct out o;
	size_t n, i;

	need(category_list(argc ? argv[0] : NULL, &rows, &n, &why), &why);
	out_start(&o, category_list_cols, CATEGORY_LIST_NCOLS);
	for (i = 0; i < n; i++) {
		const char *v[3] = { rows[i].path, depth, skus };
		snprintf(depth, sizeof depth, "%lld", (long long)rows[i].depth);
		snprintf(skus, sizeof skus, "%lld", (long long)rows[i].skus);
		out_row(&o, v);
	}
	out_end(&o);
	category_rows_free(rows, n);
	return 0;
}

static int
category_move_cmd(int argc, char **argv)
{
	struct why why;

	(void)argc;
	return cli_result(category_move(argv[0], argv[1], &why), &why);
}

static int
category_remove_cmd(int argc, char **argv)
{
	struct why why;
	int i;

	for (i = 0; i < argc; i++)
		cli_result(category_remove(argv[i], &why), &why);
	return 0;
}

/* ---- brands ---- */

static int
brand_add_cmd(int argc, char **argv)
{
	struct why why;
	int i;

	for (i = 0; i < argc; i++)
		cli_result(brand_add(argv[i], &why), &why);
	return 0;
}

static int
brand_list_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out_query(brand_list_cols, BRAND_LIST_NCOLS, brand_list_query());
	return 0;
}

static int
brand_remove_cmd(int argc, char **argv)
{
	struct why why;
	int i;

	for (i = 0; i < argc; i++)
		cli_result(brand_remove(argv[i], &why), &why);
	return 0;
}

/* ---- price lists, customer part numbers, supplier codes ---- */

static const char *o_sku, *o_customer, *o_group, *o_supplier;

static const struct opt prices_list_opts[] = {
	{ .lname = "sku", .kind = OPT_STR, .dest = &o_sku, .metavar = "SKU",
	  .help = "only this SKU's entries", .complete = "sku" },
	{ .lname = "customer", .kind = OPT_STR, .dest = &o_customer, .metavar = "CODE",
	  .help = "only this customer's own prices (unknown: exit 3)", .complete = "customer" },
	OPT("group", 0, OPT_STR, &o_group, "GROUP", "only this customer group's prices"),
	OPT_END
};

static const struct opt parts_list_opts[] = {
	{ .lname = "customer", .kind = OPT_STR, .dest = &o_customer, .metavar = "CODE",
	  .help = "only this customer's part numbers (unknown: exit 3)", .complete = "customer" },
	{ .lname = "sku", .kind = OPT_STR, .dest = &o_sku, .metavar = "SKU",
	  .help = "only the part numbers of this SKU", .complete = "sku" },
	OPT_END
};

static const struct opt supplier_list_opts[] = {
	{ .lname = "supplier", .kind = OPT_STR, .dest = &o_supplier, .metavar = "CODE",
	  .help = "only this supplier's codes (unknown: exit 3)", .complete = "supplier" },
	{ .lname = "sku", .kind = OPT_STR, .dest = &o_sku, .metavar = "SKU",
	  .help = "only the supplier codes of this SKU", .complete = "sku" },
	OPT_END
};

static int
prices_import_cmd(int argc, char **argv)
{
	return prices_import(argc ? argv[0] : NULL);
}

static int
parts_import_cmd(int argc, char **argv)
{
	return parts_import(argc ? argv[0] : NULL);
}

static int
supplier_codes_import_cmd(int argc, char **argv)
{
	return supplier_codes_import(argc ? argv[0] : NULL);
}

static int
prices_list_cmd(int argc, char **argv)
{
	struct why why;
	db_stmt *st;

	(void)argc;
	(void)argv;
	need(price_list_query(o_sku, o_customer, o_group, &st, &why), &why);
	out_query(price_list_cols, PRICE_LIST_NCOLS, st);
	return 0;
}

static int
parts_list_cmd(int argc, char **argv)
{
	struct why why;
	db_stmt *st;

	(void)argc;
	(void)argv;
	need(part_list_query(o_sku, o_customer, &st, &why), &why);
	out_query(part_cols, MAPPING_NCOLS, st);
	return 0;
}

static int
supplier_codes_list_cmd(int argc, char **argv)
{
	struct why why;
	db_stmt *st;

	(void)argc;
	(void)argv;
	need(supplier_code_list_query(o_sku, o_supplier, &st, &why), &why);
	out_query(supplier_code_cols, MAPPING_NCOLS, st);
	return 0;
}

static int
check_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return run_check(catalogue_check, "catalogue");
}

static const struct cmd cmds[] = {
	{ "import", "[FILE]", "add or update products by sku from CSV\n"
	  "columns: sku (required), spu, name (required for a new sku), brand, category,\n"
	  "attrs, key_attrs, price, market_price, cost, barcode, weight_g, status,\n"
	  "backorder, on_sale_from, on_sale_until; an absent column keeps what is stored,\n"
	  "an empty cell clears an optional field (see shop-product(1))",
	  CMD_IMPORT, import_opts, 0, 1, product_import_cmd },
	{ "export", "", "all products, every import column, by sku (re-importable)", 0, NULL, 0, 0,
	  product_export_cmd },
	{ "list", "", "list products (sku, name, brand, category, price, status)", 0, list_opts,
	  0, 0, product_list_cmd },
	{ "show", "SKU", "every field of a SKU, its price lists, codes and stock\n"
	  "table: field: value lines; csv/tsv: field,value rows; jsonl: one object", 0, NULL, 1, 1,
	  product_show_cmd },
	{ "add", "SKU", "add a SKU (--name and --price required)", CMD_WRITE, add_opts, 1, 1,
	  product_add_cmd },
	{ "set", "SKU FIELD=VALUE...", "change fields of a SKU\n"
	  "fields: name, spu, spu_name, brand, category, attrs, key_attrs, price,\n"
	  "market_price, cost, barcode, weight_g, status, backorder, on_sale_from,\n"
	  "on_sale_until; FIELD= clears an optional field (name, status and backorder\n"
	  "cannot be empty)", CMD_WRITE, NULL, 2, -1, product_set_cmd },
	{ "activate", "SKU...", "put SKUs on sale (status active), optionally in a window\n"
	  "all or nothing: an unknown sku or a broken rule changes none of them",
	  CMD_WRITE, activate_opts, 1, -1, product_activate_cmd },
	{ "deactivate", "SKU...", "take SKUs off sale (status inactive)\n"
	  "all or nothing: an unknown sku or a broken rule changes none of them",
	  CMD_WRITE, deactivate_opts, 1, -1, product_deactivate_cmd },
	{ "category add", "PATH...", "add categories A/B/C (parents too; at most 4 levels)",
	  CMD_WRITE, NULL, 1, -1, category_add_cmd },
	{ "category list", "[PATH]", "list categories (a subtree) with their SKU counts", 0, NULL,
	  0, 1, category_list_cmd },
	{ "category move", "PATH NEWPARENT|/", "move a category and its subtree", CMD_WRITE, NULL,
	  2, 2, category_move_cmd },
	{ "category remove", "PATH...", "remove categories without subcategories or SKUs",
	  CMD_WRITE, NULL, 1, -1, category_remove_cmd },
	{ "brand add", "NAME...", "add brands", CMD_WRITE, NULL, 1, -1, brand_add_cmd },
	{ "brand list", "", "list brands with their SKU counts", 0, NULL, 0, 0, brand_list_cmd },
	{ "brand remove", "NAME...", "remove brands no SKU uses", CMD_WRITE, NULL, 1, -1,
	  brand_remove_cmd },
	{ "prices import", "[FILE]",
	  "B2B price lists: customer or group, sku, min_qty, price\n"
	  "one of customer or group per row; min_qty defaults to 1; a customer must\n"
	  "exist (shop-order customer add), a group is stored as given",
	  CMD_IMPORT, NULL, 0, 1, prices_import_cmd },
	{ "prices list", "", "list price-list entries (re-importable)", 0, prices_list_opts, 0, 0,
	  prices_list_cmd },
	{ "parts import", "[FILE]", "customer part numbers: customer, part_no, sku\n"
	  "the customer must exist (shop-order customer add)",
	  CMD_IMPORT, NULL, 0, 1, parts_import_cmd },
	{ "parts list", "", "list customer part numbers (re-importable)", 0, parts_list_opts, 0, 0,
	  parts_list_cmd },
	{ "supplier-codes import", "[FILE]", "supplier codes: supplier, supplier_sku, sku\n"
	  "the supplier must exist (shop-po supplier add)",
	  CMD_IMPORT | CMD_ROLES(R_CATALOG | R_PURCHASING), NULL, 0, 1, supplier_codes_import_cmd },
	{ "supplier-codes list", "", "list supplier codes (re-importable)", 0, supplier_list_opts,
	  0, 0, supplier_codes_list_cmd },
	{ "check", "", "verify every catalogue invariant; one line per violation", 0, NULL, 0, 0,
	  check_cmd },
	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	return shop_main(argc, argv, "shop-product",
			 "shop-product: the product center (SPU/SKU, categories, brands, prices)", cmds);
}
