/* shop-stock - warehouses, the stock ledger, pools, reorder rules,
 * stocktake and the invariant check: option tables, dispatch and
 * printing. The rules and the SQL live in lib/ (stock, stockmove,
 * stocklist, warehouse, reorder, stocktake, codes). */
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "roles.h"
#include "codes.h"
#include "err.h"
#include "parse.h"
#include "reorder.h"
#include "stock.h"
#include "stocklist.h"
#include "stockmove.h"
#include "stocktake.h"
#include "warehouse.h"

/* option values; each command's table points at the ones it takes */
static const char *o_sku, *o_warehouse, *o_from, *o_to, *o_ref, *o_note;
static const char *o_name, *o_region, *o_type;
static struct optnum o_qty, o_priority, o_since, o_until;
static int o_below;

/* Quantities are checked by the rules (lib/stock.c: 1 to 1000000000, not
 * 0 for an adjustment), which refuse with exit 1; the option takes any
 * 64-bit integer and a malformed one is exit 65. */
#define QTY_OPT(h, req) { .lname = "qty", .kind = OPT_INT, .dest = &o_qty, .metavar = "N", \
	.help = (h), .min = INT64_MIN, .max = INT64_MAX, .required = (req) }

static const struct opt receive_opts[] = {
	{ .lname = "sku", .kind = OPT_STR, .dest = &o_sku, .metavar = "SKU",
	  .help = "receive one line of this SKU (instead of a FILE)", .complete = "sku" },
	{ .lname = "warehouse", .kind = OPT_STR, .dest = &o_warehouse, .metavar = "CODE",
	  .help = "the warehouse that receives it", .complete = "warehouse" },
	QTY_OPT("units received, 1 to 1000000000", 0),
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "the delivery's ref (a delivery note's number)"),
	OPT("note", 0, OPT_STR, &o_note, "TEXT", "a note kept with the movement in the ledger"),
	OPT_END
};

static const struct opt adjust_opts[] = {
	{ .lname = "sku", .kind = OPT_STR, .dest = &o_sku, .metavar = "SKU",
	  .help = "adjust one line of this SKU (instead of a FILE)", .complete = "sku" },
	{ .lname = "warehouse", .kind = OPT_STR, .dest = &o_warehouse, .metavar = "CODE",
	  .help = "the warehouse whose on_hand changes", .complete = "warehouse" },
	QTY_OPT("signed change of on_hand, not 0 (-3: three fewer)", 0),
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "the adjustment's ref (a damage report's number)"),
	OPT("note", 0, OPT_STR, &o_note, "TEXT", "a note kept with the movement in the ledger"),
	OPT_END
};

static const struct opt transfer_opts[] = {
	{ .lname = "sku", .kind = OPT_STR, .dest = &o_sku, .metavar = "SKU",
	  .help = "transfer one line of this SKU (instead of a FILE)", .complete = "sku" },
	{ .lname = "from", .kind = OPT_STR, .dest = &o_from, .metavar = "CODE",
	  .help = "the warehouse it leaves (from what is available)", .complete = "warehouse" },
	{ .lname = "to", .kind = OPT_STR, .dest = &o_to, .metavar = "CODE",
	  .help = "the warehouse it enters", .complete = "warehouse" },
	QTY_OPT("units moved, 1 to 1000000000", 0),
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "the transfer's ref, carried by both movements"),
	OPT("note", 0, OPT_STR, &o_note, "TEXT", "a note kept with both movements in the ledger"),
	OPT_END
};

static const struct opt warehouse_opts[] = {
	{ .lname = "name", .kind = OPT_STR, .dest = &o_name, .metavar = "NAME",
	  .help = "display name", .required = 1 },
	OPT("region", 0, OPT_STR, &o_region, "REGION", "region, for freight and order splitting (default none)"),
	{ .lname = "priority", .kind = OPT_INT, .dest = &o_priority, .metavar = "N",
	  .help = "0 to 1000000: lower numbers ship first when orders split (default 100)",
	  .min = 0, .max = WAREHOUSE_PRIORITY_MAX },
	OPT_END
};

static const struct opt levels_opts[] = {
	{ .lname = "sku", .kind = OPT_STR, .dest = &o_sku, .metavar = "SKU",
	  .help = "only this SKU (unknown: exit 3)", .complete = "sku" },
	{ .lname = "warehouse", .kind = OPT_STR, .dest = &o_warehouse, .metavar = "CODE",
	  .help = "only this warehouse (unknown: exit 3)", .complete = "warehouse" },
	OPT("below-reorder", 0, OPT_FLAG, &o_below, NULL,
	    "only rows at or below their reorder point (available + on_order)"),
	OPT_END
};

static const struct opt pool_opts[] = {
	{ .lname = "sku", .kind = OPT_STR, .dest = &o_sku, .metavar = "SKU",
	  .help = "the SKU whose stock is set aside", .required = 1, .complete = "sku" },
	{ .lname = "warehouse", .kind = OPT_STR, .dest = &o_warehouse, .metavar = "CODE",
	  .help = "the warehouse it is set aside in", .required = 1, .complete = "warehouse" },
	QTY_OPT("units set aside, out of what is available", 1),
	OPT_END
};

static const struct opt count_opts[] = {
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "the stocktake's ref (default count-TIME)"),
	OPT("note", 0, OPT_STR, &o_note, "TEXT", "a note kept with each count_variance movement"),
	OPT_END
};

static const struct opt moves_opts[] = {
	{ .lname = "sku", .kind = OPT_STR, .dest = &o_sku, .metavar = "SKU",
	  .help = "only this SKU (unknown: exit 3)", .complete = "sku" },
	{ .lname = "warehouse", .kind = OPT_STR, .dest = &o_warehouse, .metavar = "CODE",
	  .help = "only this warehouse (unknown: exit 3)", .complete = "warehouse" },
	OPT("since", 0, OPT_TIME, &o_since, "TIME", "only movements at or after TIME (ISO 8601 UTC)"),
	OPT("until", 0, OPT_TIME, &o_until, "TIME", "only movements before TIME"),
	{ .lname = "type", .kind = OPT_WORD, .dest = &o_type, .metavar = "TYPE",
	  .help = "only this type: receipt, shipment, adjustment, transfer_out, transfer_in, "
		  "customer_return, purchase_return or count_variance",
	  .words = stock_type_words },
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "only the movements of this ref"),
	OPT_END
};

/* ---- option values ---- */

/* A one-row option naming something: not empty, else 65. */
static const char *
text_opt(const char *opt, const char *v)
{
	if (v && !*v)
		die(EX_DATA, "bad --%s '': empty", opt);
	return v;
}

/* A ref or another code given as an option (check_code_text), else 65. */
static const char *
code_opt(const char *opt, const char *v)
{
	const char *why;

	if (v && check_code_text(v, &why) < 0)
		die(EX_DATA, "bad --%s '%s': %s", opt, v, why);
	return v;
}

/* The id of a --sku / --warehouse filter; -1 when not given; an unknown
 * one ends the command (exit 3). */
static int64_t
sku_filter(const char *code)
{
	struct why why;
	int64_t id = -1;

	if (code)
		cli_result(code_sku(code, &id, &why), &why);
	return id;
}

static int64_t
warehouse_filter(const char *code)
{
	struct why why;
	int64_t id = -1;

	if (code)
		cli_result(code_warehouse(code, &id, &why), &why);
	return id;
}

/* ---- warehouses ---- */

static int
warehouse_add_cmd(int argc, char **argv)
{
	struct warehouse wh = { argv[0], text_opt("name", o_name), o_region, o_priority.set,
				o_priority.v };
	struct why why;

	(void)argc;
	return cli_result(warehouse_add(&wh, &why), &why);
}

static int
warehouse_import_cmd(int argc, char **argv)
{
	return warehouse_import(argc ? argv[0] : NULL);
}

static const struct out_col warehouse_cols[] = {
	{ "code", COL_TEXT }, { "name", COL_TEXT }, { "region", COL_TEXT }, { "priority", COL_INT },
};

static int
warehouse_list_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out_query(warehouse_cols, 4, warehouse_list());
	return 0;
}

/* ---- receive, adjust, transfer ---- */

static int
run_move(enum stock_move_kind k, int argc, char **argv)
{
	struct stock_move m = { k, o_sku, k == STOCK_TRANSFER ? o_from : o_warehouse, o_to,
				o_qty.v, o_ref, o_note };
	struct why why;

	if (!o_sku && !o_warehouse && !o_from && !o_to && !o_qty.set && !o_ref && !o_note)
		return stock_move_import(k, argc ? argv[0] : NULL);
	if (argc)
		usage_die("give a FILE or the one-row options, not both");
	if (!o_sku)
		usage_die("missing --sku (or give a FILE)");
	if (k == STOCK_TRANSFER && (!o_from || !o_to))
		usage_die("missing --from or --to");
	if (k != STOCK_TRANSFER && !o_warehouse)
		usage_die("missing --warehouse");
	if (!o_qty.set)
		usage_die("missing --qty");
	if (!o_ref)
		usage_die("missing --ref");
	text_opt("sku", o_sku);
	code_opt("ref", o_ref);
	return cli_result(stock_move_one(&m, &why), &why);
}

static int
receive_cmd(int argc, char **argv)
{
	return run_move(STOCK_RECEIVE, argc, argv);
}

static int
adjust_cmd(int argc, char **argv)
{
	return run_move(STOCK_ADJUST, argc, argv);
}

static int
transfer_cmd(int argc, char **argv)
{
	return run_move(STOCK_TRANSFER, argc, argv);
}

/* ---- levels ---- */

static int
levels_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "sku", COL_TEXT }, { "warehouse", COL_TEXT }, { "on_hand", COL_INT },
		{ "reserved", COL_INT }, { "allocated", COL_INT }, { "available", COL_INT },
		{ "reorder_point", COL_INT }, { "on_order", COL_INT },
	};
	int64_t sku_id = sku_filter(o_sku), wh_id = warehouse_filter(o_warehouse);

	(void)argc;
	(void)argv;
	out_query(cols, 8, stock_levels(sku_id, wh_id, o_below));
	return 0;
}

/* ---- pools ---- */

static int
pool_create_cmd(int argc, char **argv)
{
	struct why why;

	(void)argc;
	return cli_result(stock_pool_create_code(argv[0], o_sku, o_warehouse, o_qty.v, &why), &why);
}

static int
pool_release_cmd(int argc, char **argv)
{
	struct why why;
	int i;

	/* one transaction: an unknown name (exit 3) releases none */
	for (i = 0; i < argc; i++)
		cli_result(stock_pool_release_name(argv[i], &why), &why);
	return 0;
}

static int
pool_list_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "name", COL_TEXT }, { "sku", COL_TEXT }, { "warehouse", COL_TEXT },
		{ "qty", COL_INT }, { "drawn", COL_INT }, { "left", COL_INT }, { "status", COL_TEXT },
		{ "created_at", COL_TEXT }, { "released_at", COL_TEXT },
	};

	(void)argc;
	(void)argv;
	out_query(cols, 9, stock_pools());
	return 0;
}

/* ---- reorder rules ---- */

static int
reorder_import_cmd(int argc, char **argv)
{
	return reorder_import(argc ? argv[0] : NULL);
}

static int
reorder_list_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "sku", COL_TEXT }, { "warehouse", COL_TEXT }, { "reorder_point", COL_INT },
		{ "target", COL_INT }, { "order_qty", COL_INT }, { "supplier", COL_TEXT },
		{ "lead_days", COL_INT },
	};

	(void)argc;
	(void)argv;
	out_query(cols, 7, reorder_list());
	return 0;
}

/* ---- stocktake ---- */

/* The variance report: started with the first line (so that a file
 * refused whole prints nothing), or at the end when no line came. */
struct report {
	struct out o;
	int started;
};

static void
report_start(struct report *rp)
{
	static const struct out_col cols[] = {
		{ "sku", COL_TEXT }, { "warehouse", COL_TEXT }, { "on_hand", COL_INT },
		{ "counted", COL_INT }, { "variance", COL_INT },
	};

	if (!rp->started)
		out_start(&rp->o, cols, 5);
	rp->started = 1;
}

static void
report_line(const struct stocktake_line *l, void *arg)
{
	struct report *rp = arg;
	char n[3][24];
	const char *v[5] = { l->sku, l->warehouse, n[0], n[1], n[2] };

	report_start(rp);
	snprintf(n[0], sizeof n[0], "%lld", (long long)l->on_hand);
	snprintf(n[1], sizeof n[1], "%lld", (long long)l->counted);
	snprintf(n[2], sizeof n[2], "%lld", (long long)l->variance);
	out_row(&rp->o, v);
}

static int
count_import_cmd(int argc, char **argv)
{
	struct report rp = { .started = 0 };
	int rc;

	rc = stocktake_import(argc ? argv[0] : NULL, code_opt("ref", o_ref), o_note, report_line, &rp);
	/* the whole report is out before the command returns: the frame
	 * checks stdout before it commits, so a report that cannot be
	 * written leaves nothing counted */
	report_start(&rp);
	out_end(&rp.o);
	return rc;
}

/* ---- the ledger ---- */

static int
moves_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "id", COL_INT }, { "at", COL_TEXT }, { "type", COL_TEXT }, { "sku", COL_TEXT },
		{ "warehouse", COL_TEXT }, { "qty", COL_INT }, { "ref", COL_TEXT },
		{ "doc", COL_TEXT }, { "note", COL_TEXT }, { "user", COL_TEXT },
	};
	struct move_filter f = MOVE_FILTER_ANY;

	(void)argc;
	(void)argv;
	f.sku_id = sku_filter(o_sku);
	f.warehouse_id = warehouse_filter(o_warehouse);
	f.has_since = o_since.set;
	f.since = o_since.v;
	f.has_until = o_until.set;
	f.until = o_until.v;
	f.type = o_type;
	f.ref = o_ref;
	out_query(cols, 10, stock_moves(&f));
	return 0;
}

/* ---- check ---- */

static int
check_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return run_check(stock_check, "stock");
}

static const struct cmd cmds[] = {
	{ "warehouse add", "CODE", "add a warehouse (--name is required)\n"
	  "CODE: no blanks, control or invisible characters. The same warehouse again is\n"
	  "skipped; the code with another name, region or priority is refused (exit 1).", CMD_WRITE, warehouse_opts, 1, 1,
	  warehouse_add_cmd },
	{ "warehouse import", "[FILE]", "add warehouses from CSV\n"
	  "columns: code, name, optional region and priority (empty: 100); each row\n"
	  "as 'warehouse add'.",
	  CMD_IMPORT, NULL, 0, 1, warehouse_import_cmd },
	{ "warehouse list", "", "list warehouses, first choice (lowest priority) first",
	  0, NULL, 0, 0, warehouse_list_cmd },
	{ "receive", "[FILE]", "receive stock: one line or a CSV file\n"
	  "one line: --sku, --warehouse, --qty and --ref (all required), --note.\n"
	  "FILE columns: sku, warehouse, qty, ref, optional note; qty 1 to 1000000000.\n"
	  "A ref is applied once per sku and warehouse: the same line again is skipped.",
	  CMD_WRITE | CMD_IMPORT, receive_opts, 0, 1, receive_cmd },
	{ "adjust", "[FILE]", "adjust on_hand by a signed qty: one line or a CSV file\n"
	  "one line: --sku, --warehouse, --qty and --ref (all required), --note.\n"
	  "FILE columns: as receive; qty is signed, not 0, and never takes more than\n"
	  "is available. A ref is applied once per sku and warehouse.",
	  CMD_WRITE | CMD_IMPORT, adjust_opts, 0, 1, adjust_cmd },
	{ "transfer", "[FILE]", "move stock between warehouses: one line or a CSV file\n"
	  "one line: --sku, --from, --to, --qty and --ref (all required), --note.\n"
	  "FILE columns: sku, from, to, qty, ref, optional note. Each line is a\n"
	  "transfer_out and a transfer_in under its ref, out of what is available.",
	  CMD_WRITE | CMD_IMPORT, transfer_opts, 0, 1, transfer_cmd },
	{ "levels", "", "stock levels, with what open purchase orders will bring (on_order)\n"
	  "columns: sku, warehouse, on_hand, reserved, allocated, available,\n"
	  "reorder_point, on_order; a row per sku and warehouse with stock, a rule or\n"
	  "something on order.",
	  0, levels_opts, 0, 0, levels_cmd },
	{ "pool create", "NAME", "set stock aside in a named pool (a campaign's activity stock)\n"
	  "--sku, --warehouse and --qty are required. The same pool again is skipped;\n"
	  "a name in use is refused.",
	  CMD_WRITE, pool_opts, 1, 1, pool_create_cmd },
	{ "pool release", "NAME...", "close pools: what was not drawn becomes available", CMD_WRITE,
	  NULL, 1, -1, pool_release_cmd },
	{ "pool list", "", "list pools\n"
	  "columns: name, sku, warehouse, qty, drawn, left, status, created_at, released_at.",
	  0, NULL, 0, 0, pool_list_cmd },
	{ "reorder import", "[FILE]", "set reorder rules from CSV, one per sku and warehouse\n"
	  "columns: sku, warehouse, reorder_point, and either target (order up to this\n"
	  "level, not below reorder_point) or order_qty (order this much); optional\n"
	  "supplier and lead_days (without those columns the stored values stay).\n"
	  "A supplier must exist (shop-po supplier add); empty: none.",
	  CMD_IMPORT | CMD_ROLES(R_WAREHOUSE | R_PURCHASING), NULL, 0, 1, reorder_import_cmd },
	{ "reorder list", "", "list reorder rules (the columns of reorder import)", 0, NULL, 0, 0,
	  reorder_list_cmd },
	{ "count import", "[FILE]", "stocktake from CSV; prints the variance report\n"
	  "columns: sku, warehouse, counted. Each difference from on_hand becomes a\n"
	  "count_variance movement; the report (sku, warehouse, on_hand, counted,\n"
	  "variance) goes to stdout, and if it cannot be written nothing is counted.",
	  CMD_IMPORT, count_opts, 0, 1, count_import_cmd },
	{ "moves", "", "the stock ledger, oldest first\n"
	  "columns: id, at, type, sku, warehouse, qty, ref, doc, note, user.",
	  0, moves_opts, 0, 0, moves_cmd },
	{ "check", "", "verify every stock invariant; one line per violation", 0, NULL, 0, 0,
	  check_cmd },
	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	return shop_main(argc, argv, "shop-stock",
			 "shop-stock: warehouses, the stock ledger, pools, reorder rules, stocktake", cmds);
}
