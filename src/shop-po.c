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
#include "roles.h"
#include "po.h"
#include "posuggest.h"
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

static const char *o_supplier, *o_warehouse, *o_ref, *o_expected, *o_note, *o_status, *o_po,
	*o_txn, *o_method;
static struct strlist o_lines;
static struct optnum o_amount;
static int o_unordered;

static const struct opt create_opts[] = {
	{ .lname = "supplier", .kind = OPT_STR, .dest = &o_supplier, .metavar = "CODE",
	  .help = "the supplier (required)", .required = 1, .complete = "supplier" },
	{ .lname = "warehouse", .kind = OPT_STR, .dest = &o_warehouse, .metavar = "CODE",
	  .help = "where the goods go (required)", .required = 1, .complete = "warehouse" },
	{ .lname = "line", .kind = OPT_LIST, .dest = &o_lines, .metavar = "SKU:QTY[:COST]",
	  .help = "qty of a sku (ours or the supplier's code) at COST, default the supplier "
		  "item's (required; repeat for more)", .required = 1, .complete = "sku" },
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "our reference (po_ref), once per supplier"),
	OPT("expected-at", 0, OPT_STR, &o_expected, "TIME",
	    "when the goods are due (default: the supplier's lead time from submit)"),
	OPT("note", 0, OPT_STR, &o_note, "TEXT", "kept with the PO"),
	OPT_END
};

/* --line SKU:QTY[:COST] into po lines (bufs[i] holds line i's sku). */
static struct po_line_in *
po_lines(const struct strlist *specs, int costs, char ***bufs)
{
	struct po_line_in *l = xcalloc(specs->n + 1, sizeof *l);
	size_t i;

	*bufs = xcalloc(specs->n + 1, sizeof **bufs);
	for (i = 0; i < specs->n; i++) {
		struct why w;

		(*bufs)[i] = xmalloc(strlen(specs->v[i]) + 1);
		if (line_spec_parse(specs->v[i], (*bufs)[i], "cost", S.digits, &l[i].sku, &l[i].qty,
				    &l[i].has_cost, &l[i].cost, &w))
			die(EX_DATA, "%s", w.msg);
		if (l[i].has_cost && !costs)
			die(EX_DATA, "bad line '%s': give SKU:QTY", specs->v[i]);
	}
	return l;
}

static void
free_bufs(char **bufs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(bufs[i]);
	free(bufs);
}

static int
create_cmd(int argc, char **argv)
{
	char **bufs;
	struct po_in in = { o_supplier, o_warehouse, o_ref, o_expected, o_note,
			    po_lines(&o_lines, 1, &bufs), o_lines.n };
	struct why w;
	enum res rc;
	int64_t id;

	(void)argc;
	(void)argv;
	rc = po_create(&in, &id, NULL, &w);
	if (rc == RES_DONE || rc == RES_SKIPPED)
		printf(PO_PREFIX "%lld\n", (long long)id);
	free((void *)in.lines);
	free_bufs(bufs, o_lines.n);
	return cli_result(rc, &w);
}

static int
import_cmd(int argc, char **argv)
{
	return po_import(argc ? argv[0] : NULL);
}

static int
submit_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(po_submit(argv[0], &w), &w);
}

static int
cancel_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(po_cancel(argv[0], &w), &w);
}

static int
close_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(po_close(argv[0], &w), &w);
}

static const struct opt list_opts[] = {
	{ .lname = "status", .kind = OPT_WORD, .dest = &o_status, .metavar = "STATUS",
	  .help = "only POs in this state", .words = po_status_words },
	{ .lname = "supplier", .kind = OPT_STR, .dest = &o_supplier, .metavar = "CODE",
	  .help = "only this supplier's POs", .complete = "supplier" },
	OPT_END
};

static int
list_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out_query(po_list_cols, PO_LIST_NCOLS, po_list_query(o_status, o_supplier));
	return 0;
}

static const struct opt lines_opts[] = {
	OPT("po", 0, OPT_STR, &o_po, "PO", "only this PO's lines"),
	OPT_END
};

static int
lines_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out_query(po_lines_cols, PO_LINES_NCOLS, po_lines_query(o_po));
	return 0;
}

static int
show_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = { { "field", COL_TEXT }, { "value", COL_TEXT } };
	struct po_view v;
	struct why w;
	struct out o;

	(void)argc;
	need(po_show(argv[0], &v, &w), &w);
	out_start(&o, cols, 2);
	out_record(&o, &v.fields, v.lists, PV_NLISTS);
	po_view_release(&v);
	return 0;
}

static const struct opt receive_opts[] = {
	{ .lname = "ref", .kind = OPT_STR, .dest = &o_ref, .metavar = "DELIVERY",
	  .help = "the delivery's ref, applied once (required)", .required = 1 },
	{ .lname = "line", .kind = OPT_LIST, .dest = &o_lines, .metavar = "SKU:QTY",
	  .help = "qty of a sku (ours or the supplier's code) in the delivery (repeat)",
	  .complete = "sku" },
	{ .lname = "allow-unordered", .kind = OPT_FLAG, .dest = &o_unordered,
	  .help = "take skus not on the PO (samples: a line of qty 0 at cost 0)" },
	OPT_END
};

/* receive (ret 0) and return (1) by --line */
static int
by_lines(const char *po, int ret)
{
	char **bufs;
	struct po_line_in *in = po_lines(&o_lines, 0, &bufs);
	struct po_receive_line *l = xcalloc(o_lines.n + 1, sizeof *l);
	struct why w;
	enum res rc;
	size_t i;

	for (i = 0; i < o_lines.n; i++) {
		l[i].sku = in[i].sku;
		l[i].qty = in[i].qty;
	}
	rc = ret ? po_return(po, o_ref, l, o_lines.n, &w) :
		   po_receive(po, o_ref, l, o_lines.n, o_unordered, &w);
	free(l);
	free(in);
	free_bufs(bufs, o_lines.n);
	return cli_result(rc, &w);
}

static int
receive_cmd(int argc, char **argv)
{
	if (argc == 2) {
		if (o_lines.n)
			die(EX_USAGE, "receive PO FILE takes its lines from the file: no --line");
		return po_receive_file(argv[0], argv[1], o_ref, o_unordered);
	}
	if (!o_lines.n)
		die(EX_USAGE, "receive PO needs --line SKU:QTY or a FILE");
	return by_lines(argv[0], 0);
}

static const struct opt return_opts[] = {
	{ .lname = "line", .kind = OPT_LIST, .dest = &o_lines, .metavar = "SKU:QTY",
	  .help = "qty of a sku sent back (required; repeat)", .required = 1, .complete = "sku" },
	{ .lname = "ref", .kind = OPT_STR, .dest = &o_ref, .metavar = "REF",
	  .help = "the return's ref, applied once (required)", .required = 1 },
	OPT_END
};

static int
return_cmd(int argc, char **argv)
{
	(void)argc;
	return by_lines(argv[0], 1);
}

static const struct opt pay_opts[] = {
	{ .lname = "amount", .kind = OPT_MONEY, .dest = &o_amount, .metavar = "AMOUNT",
	  .help = "what is paid (required)", .required = 1 },
	{ .lname = "txn", .kind = OPT_STR, .dest = &o_txn, .metavar = "TXN",
	  .help = "the payment's transaction id, applied once (required)", .required = 1 },
	OPT("method", 0, OPT_STR, &o_method, "METHOD", "how (bank, cash, ...)"),
	OPT_END
};

static int
pay_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(po_pay(argv[0], o_amount.v, o_txn, o_method, &w), &w);
}

static int
payables_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out_query(po_payables_cols, PO_PAYABLES_NCOLS, po_payables_query());
	return 0;
}

/* ---- reorder suggestions ---- */

static int o_create;

static const struct opt suggest_opts[] = {
	{ .lname = "warehouse", .kind = OPT_STR, .dest = &o_warehouse, .metavar = "CODE",
	  .help = "only this warehouse's rows (unknown: exit 3)", .complete = "warehouse" },
	{ .lname = "create", .kind = OPT_FLAG, .dest = &o_create,
	  .help = "write a draft PO per supplier and warehouse" },
	OPT_END
};

static void
say_created(int64_t po, const char *supplier, const char *warehouse, size_t nlines, void *arg)
{
	(void)arg;
	if (!S.quiet)
		warn("created " PO_PREFIX "%lld for %s, %s: %zu %s", (long long)po, supplier,
		     warehouse, nlines, nlines == 1 ? "line" : "lines");
}

static int
suggest_cmd(int argc, char **argv)
{
	struct po_suggestions s = PO_SUGGESTIONS_INIT;
	char num[4][24];
	struct why w;
	struct out o;
	size_t i;

	(void)argc;
	(void)argv;
	need(po_suggest(o_warehouse, csvr_stdin_given() ? "-" : NULL, &s, &w), &w);
	out_start(&o, po_suggest_cols, PO_SUGGEST_NCOLS);
	for (i = 0; i < s.n; i++) {
		const struct po_suggestion *g = &s.v[i];
		const char *v[PO_SUGGEST_NCOLS] = { g->supplier, g->sku, g->warehouse, num[0],
						    num[1], g->has_rule ? num[2] : NULL, num[3] };

		snprintf(num[0], sizeof num[0], "%lld", (long long)g->available);
		snprintf(num[1], sizeof num[1], "%lld", (long long)g->on_order);
		snprintf(num[2], sizeof num[2], "%lld", (long long)g->reorder_point);
		snprintf(num[3], sizeof num[3], "%lld", (long long)g->qty);
		out_row(&o, v);
	}
	out_end(&o);
	if (o_create)
		need(po_suggest_create(&s, say_created, NULL, &w), &w);
	po_suggestions_release(&s);
	return 0;
}

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
	{ "create", "", "a draft purchase order; prints its number\n"
	  "Each line's cost is the one given, else the supplier item's. A sku once per PO.\n"
	  "--ref again for the same supplier: skipped (prints the PO there).",
	  CMD_WRITE, create_opts, 0, 0, create_cmd },
	{ "import", "[FILE]", "draft purchase orders from CSV\n"
	  "columns: po_ref, supplier, warehouse, sku or supplier_sku, qty (required); cost\n"
	  "(default the supplier item's), expected_at. Rows of one (supplier, po_ref) are\n"
	  "one PO wherever they are in the file; a PO with one bad row is rejected whole;\n"
	  "a PO already there is skipped.",
	  CMD_WRITE | CMD_IMPORT, NULL, 0, 1, import_cmd },
	{ "submit", "PO", "send a draft PO to its supplier: its lines are on order",
	  CMD_WRITE, NULL, 1, 1, submit_cmd },
	{ "cancel", "PO", "cancel a draft or submitted PO that received nothing",
	  CMD_WRITE, NULL, 1, 1, cancel_cmd },
	{ "close", "PO", "close a PO: what has not come will not (short-close)\n"
	  "A draft is cancelled, not closed.", CMD_WRITE, NULL, 1, 1, close_cmd },
	{ "list", "", "purchase orders, oldest first\n"
	  "columns: po, po_ref, supplier, warehouse, status, lines, ordered, received\n"
	  "(less returned), total (each line at the larger of ordered and received, at\n"
	  "cost), created_at, expected_at",
	  0, list_opts, 0, 0, list_cmd },
	{ "lines", "", "purchase order lines\n"
	  "columns: po, sku, qty, cost, received, returned (a sample: qty 0)",
	  0, lines_opts, 0, 0, lines_cmd },
	{ "show", "PO", "one PO whole: header, lines, deliveries, payments, history\n"
	  "table: field: value lines; csv/tsv: field,value rows; jsonl: one object",
	  0, NULL, 1, 1, show_cmd },
	{ "receive", "PO [FILE]", "receive a delivery, by --line or a FILE of its lines\n"
	  "FILE (or -) columns: sku or supplier_sku, qty. Partial deliveries add up; over\n"
	  "a line's qty only within po.over_receipt_tolerance (a percent, rounded down to\n"
	  "whole units), else refused whole. Receipts are movements at the line's cost\n"
	  "(inventory +, payable:SUPPLIER -). --ref again: skipped.",
	  CMD_WRITE | CMD_IMPORT | CMD_ROLES(R_WAREHOUSE | R_PURCHASING), receive_opts, 1, 2, receive_cmd },
	{ "return", "PO", "send received units back to the supplier\n"
	  "Never more than received less returned, closed POs included; purchase_return\n"
	  "movements at the line's cost (the reverse of a receipt). --ref again: skipped.",
	  CMD_WRITE | CMD_ROLES(R_WAREHOUSE | R_PURCHASING), return_opts, 1, 1, return_cmd },
	{ "pay", "PO", "pay a supplier against a PO (payable:SUPPLIER +, cash -)\n"
	  "Up to the PO's total, not more; a txn is applied once.",
	  CMD_WRITE | CMD_ROLES(R_FINANCE), pay_opts, 1, 1, pay_cmd },
	{ "payables", "", "what we owe each supplier\n"
	  "columns: supplier, received_value, returned_value, paid, balance (received -\n"
	  "returned - paid)", 0, NULL, 0, 0, payables_cmd },

	{ "suggest", "", "what to order: a row per sku and warehouse that needs some\n"
	  "columns: supplier, sku, warehouse, available, on_order, reorder_point (empty\n"
	  "without a rule), suggested_qty; by supplier, sku and warehouse.\n"
	  "With a reorder rule, when available + on_order <= reorder_point: target -\n"
	  "available - on_order (a target rule) or order_qty. Without one: units sold in\n"
	  "po.sales_window (30d) per day x (lead days + po.safety_days, 7), rounded up,\n"
	  "less available and on_order. The supplier: the rule's, else the cheapest item's\n"
	  "(none: ''). The need is raised to the item's MOQ, then to a multiple of its\n"
	  "pack. Rows: those with a rule or sales in the window, or exactly the rows of a\n"
	  "levels CSV piped in ('shop-stock levels --below-reorder | shop-po suggest'),\n"
	  "with its available and on_order. --create: a draft PO per supplier and\n"
	  "warehouse, leaving out skus on a draft PO for the warehouse already.",
	  CMD_WRITE, suggest_opts, 0, 0, suggest_cmd },
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
	return shop_main(argc, argv, "shop-po",
			 "shop-po: suppliers, purchase orders, receipts and payables", cmds);
}
