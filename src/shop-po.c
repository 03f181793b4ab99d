/* shop-po - suppliers, purchase orders, receipts, returns, payables and
 * reorder suggestions: option tables, dispatch and printing. The rules
 * and the SQL live in lib/ (supplier, po, stock). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "money.h"
#include "out.h"
#include "po.h"
#include "session.h"
#include "supplier.h"
#include "util.h"

/* The answer of a library call that names what to print: a failure dies
 * with its exit code and reason. */
static void
need(enum res r, const struct why *w)
{
	if (RES_FAILED(r))
		die(res_exit(r), "%s", w->msg);
}

/* ---- suppliers ---- */

static const char *o_name, *o_lead_days, *o_rating, *o_email, *o_phone, *o_supplier;

static const struct opt supplier_add_opts[] = {
	{ .lname = "name", .kind = OPT_STR, .dest = &o_name, .metavar = "NAME",
	  .help = "display name (required)", .required = 1 },
	OPT("lead-days", 0, OPT_STR, &o_lead_days, "N",
	    "days from order to delivery, a whole number >= 0 (default unknown)"),
	OPT("rating", 0, OPT_STR, &o_rating, "R", "0 to 5, one decimal at most (default none)"),
	OPT("email", 0, OPT_STR, &o_email, "EMAIL", "e-mail address"),
	OPT("phone", 0, OPT_STR, &o_phone, "PHONE", "phone number"),
	OPT_END
};

static int
supplier_add_cmd(int argc, char **argv)
{
	struct supplier_in in = { argv[0], o_name, o_lead_days, o_rating, o_email, o_phone };
	struct why why;

	(void)argc;
	return cli_result(supplier_add(&in, &why), &why);
}

static int
supplier_import_cmd(int argc, char **argv)
{
	return supplier_import(argc ? argv[0] : NULL);
}

static int
supplier_list_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out_query(supplier_list_cols, SUPPLIER_LIST_NCOLS, supplier_list_query());
	return 0;
}

static int
supplier_items_import_cmd(int argc, char **argv)
{
	return supplier_items_import(argc ? argv[0] : NULL);
}

static const struct opt supplier_items_list_opts[] = {
	{ .lname = "supplier", .kind = OPT_STR, .dest = &o_supplier, .metavar = "CODE",
	  .help = "only this supplier's items (unknown: exit 3)", .complete = "supplier" },
	OPT_END
};

static int
supplier_items_list_cmd(int argc, char **argv)
{
	struct why why;
	int64_t id;

	(void)argc;
	(void)argv;
	if (o_supplier) /* a supplier that is none is exit 3, not an empty list */
		need(supplier_find_id(o_supplier, &id, &why), &why);
	out_query(supplier_item_cols, SUPPLIER_ITEM_NCOLS, supplier_items_query(o_supplier));
	return 0;
}

/* ---- purchase orders ---- */

static int
check_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return run_check(po_check, "purchasing");
}

static const struct cmd cmds[] = {
	/* suppliers */
	{ "supplier add", "CODE", "add a supplier (--name is required)\n"
	  "CODE: no control or invisible characters, no blank at either end. The same\n"
	  "supplier again is skipped; the code with other details is refused (exit 1).",
	  CMD_WRITE, supplier_add_opts, 1, 1, supplier_add_cmd },
	{ "supplier import", "[FILE]", "add or update suppliers by code from CSV\n"
	  "columns: code (required), name (required for a new code), lead_days, rating,\n"
	  "email, phone. An absent column keeps what is stored; an empty cell clears it.\n"
	  "lead_days: whole days >= 0; rating: 0 to 5, one decimal at most.",
	  CMD_IMPORT | CMD_WRITE, NULL, 0, 1, supplier_import_cmd },
	{ "supplier list", "", "list suppliers by code (re-importable)\n"
	  "columns: code, name, lead_days, rating, email, phone",
	  0, NULL, 0, 0, supplier_list_cmd },
	{ "supplier items import", "[FILE]", "add or update what suppliers sell us from CSV\n"
	  "columns: supplier, sku, cost (required), supplier_sku, moq, pack_size, lead_days;\n"
	  "an upsert by (supplier, sku). moq and pack_size: whole numbers >= 1 (empty: 1);\n"
	  "lead_days: whole days >= 0 (empty: the supplier's). An absent column keeps what\n"
	  "is stored. A supplier_sku is the supplier's code for the SKU, the mapping of\n"
	  "'shop-product supplier-codes'.",
	  CMD_IMPORT | CMD_WRITE, NULL, 0, 1, supplier_items_import_cmd },
	{ "supplier items list", "", "list supplier items by supplier and sku (re-importable)\n"
	  "columns: supplier, sku, supplier_sku (the first of the supplier's codes for the\n"
	  "SKU), cost, moq, pack_size, lead_days (the item's own; empty: the supplier's)",
	  0, supplier_items_list_opts, 0, 0, supplier_items_list_cmd },

	/* purchase orders */

	{ "check", "", "verify every purchasing invariant; one line per violation\n"
	  "each PO line's received and returned are its deliveries' and its movements';\n"
	  "a PO's paid is its payments, at most its total; what the ledger says we owe\n"
	  "each supplier is its receipts at cost less returns and payments.",
	  0, NULL, 0, 0, check_cmd },
	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	(void)need;
	return shop_main(argc, argv, "shop-po",
			 "shop-po: suppliers, purchase orders, receipts and payables", cmds);
}
