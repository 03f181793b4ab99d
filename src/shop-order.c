/* shop-order - customers, orders and the money ledger: option tables,
 * dispatch and printing. The rules and the SQL live in lib/ (customer,
 * order, orderstate, ledger). */
#include <stdio.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "aftersales.h"
#include "cli.h"
#include "config.h"
#include "customer.h"
#include "err.h"
#include "ledger.h"
#include "ordercheck.h"
#include "money.h"
#include "order.h"
#include "ordership.h"
#include "orderstate.h"
#include "out.h"
#include "roles.h"
#include "parse.h"
#include "product.h"
#include "session.h"
#include "stock.h"
#include "util.h"

/* The answer of a library call that names what to print: a failure dies
 * with its exit code and reason. */
static void
need(enum res r, const struct why *w)
{
	if (RES_FAILED(r))
		die(res_exit(r), "%s", w->msg);
}

/* ---- customers ---- */

static const char *o_name, *o_group, *o_level, *o_type, *o_terms, *o_region, *o_email,
	*o_phone;
static struct optnum o_credit, o_approval;

static const struct opt customer_add_opts[] = {
	{ .lname = "name", .kind = OPT_STR, .dest = &o_name, .metavar = "NAME",
	  .help = "display name (required)", .required = 1 },
	OPT("group", 0, OPT_STR, &o_group, "GROUP", "customer group, for group price lists"),
	OPT("level", 0, OPT_STR, &o_level, "LEVEL", "level (free text, matched by promotions)"),
	{ .lname = "type", .kind = OPT_WORD, .dest = &o_type, .metavar = "TYPE",
	  .help = "b2c (the default) or b2b", .words = customer_type_words },
	{ .lname = "terms", .kind = OPT_WORD, .dest = &o_terms, .metavar = "TERMS",
	  .help = "payment terms: prepaid (the default) or credit", .words = customer_terms_words },
	{ .lname = "credit-limit", .kind = OPT_MONEY, .dest = &o_credit, .metavar = "AMOUNT",
	  .help = "most a credit customer may owe (terms credit only; default no limit)" },
	{ .lname = "approval-limit", .kind = OPT_MONEY, .dest = &o_approval, .metavar = "AMOUNT",
	  .help = "orders with a total above it wait for approval (default none)" },
	OPT("region", 0, OPT_STR, &o_region, "REGION", "region, for freight (default none)"),
	OPT("email", 0, OPT_STR, &o_email, "EMAIL", "e-mail address"),
	OPT("phone", 0, OPT_STR, &o_phone, "PHONE", "phone number"),
	OPT_END
};

static const char *
num_text(const struct optnum *n)
{
	return n->set ? n->text : NULL;
}

static int
customer_add_cmd(int argc, char **argv)
{
	struct customer_in in = {
		argv[0], o_name, o_group, o_level, o_type, o_terms, num_text(&o_credit),
		num_text(&o_approval), o_region, o_email, o_phone,
	};
	struct why why;

	(void)argc;
	return cli_result(customer_add(&in, &why), &why);
}

static int
customer_import_cmd(int argc, char **argv)
{
	return customer_import(argc ? argv[0] : NULL);
}

static int
customer_list_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out_query(customer_list_cols, CUSTOMER_LIST_NCOLS, customer_list_query());
	return 0;
}

static int
customer_show_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = { { "field", COL_TEXT }, { "value", COL_TEXT } };
	struct customer_view v;
	struct why why;
	struct out o;

	(void)argc;
	need(customer_show(argv[0], &v, &why), &why);
	out_start(&o, cols, 2);
	out_record(&o, &v.fields, v.lists, CV_NLISTS);
	customer_view_release(&v);
	return 0;
}


/* ---- orders ---- */

static const char *o_customer, *o_coupon, *o_ref, *o_channel, *o_ship_region, *o_status,
	*o_since_text, *o_until_text, *o_order, *o_sku, *o_reason, *o_txn, *o_method;
static struct strlist o_lines;
static struct optnum o_since, o_until, o_amount, o_older;

static const struct opt create_opts[] = {
	{ .lname = "customer", .kind = OPT_STR, .dest = &o_customer, .metavar = "CODE",
	  .help = "the customer who orders (required)", .required = 1, .complete = "customer" },
	{ .lname = "line", .kind = OPT_LIST, .dest = &o_lines, .metavar = "SKU:QTY[:PRICE]",
	  .help = "a line: sku, qty and an agreed unit price (else priced by the price lists); "
		  "repeat for more (at least one)", .required = 1, .complete = "sku" },
	OPT("coupon", 0, OPT_STR, &o_coupon, "CODE",
	    "use the customer's oldest valid coupon CODE; best: the one giving most"),
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "the customer's own order reference (applied once)"),
	OPT("channel", 0, OPT_STR, &o_channel, "CHANNEL", "the sales channel"),
	OPT("ship-region", 0, OPT_STR, &o_ship_region, "REGION",
	    "ship to this region (freight; default the customer's)"),
	OPT_END
};

static const struct opt quote_opts[] = {
	{ .lname = "customer", .kind = OPT_STR, .dest = &o_customer, .metavar = "CODE",
	  .help = "the customer who orders (required)", .required = 1, .complete = "customer" },
	{ .lname = "line", .kind = OPT_LIST, .dest = &o_lines, .metavar = "SKU:QTY[:PRICE]",
	  .help = "a line, as for create; repeat for more (or a cart FILE)", .complete = "sku" },
	OPT("coupon", 0, OPT_STR, &o_coupon, "CODE",
	    "use the customer's oldest valid coupon CODE; best: the one giving most"),
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "the customer's own order reference"),
	OPT("channel", 0, OPT_STR, &o_channel, "CHANNEL", "the sales channel"),
	OPT("ship-region", 0, OPT_STR, &o_ship_region, "REGION",
	    "ship to this region (freight; default the customer's)"),
	OPT_END
};

/* The order of create and quote, from the options: the --line ones, or
 * the cart FILE (quote) when there are none. */
static struct order_in
order_from_opts(int argc, char **argv, struct order_line_in **lines, char ***bufs, size_t *n)
{
	struct order_in in;

	memset(&in, 0, sizeof in);
	*n = order_lines_get(o_lines.v, o_lines.n, argc ? argv[0] : NULL, lines, bufs);
	in.customer = o_customer;
	in.order_ref = o_ref;
	in.channel = o_channel;
	in.coupon = o_coupon;
	in.ship_region = o_ship_region;
	in.lines = *lines;
	in.nlines = *n;
	return in;
}

static int
create_cmd(int argc, char **argv)
{
	struct order_line_in *lines;
	char **bufs;
	size_t n;
	struct order_in in = order_from_opts(argc, argv, &lines, &bufs, &n);
	struct why w;
	enum res rc;
	int64_t id;

	rc = order_place(&in, &id, NULL, &w);
	order_lines_free(lines, bufs, n);
	order_cache_release();
	if (rc == RES_DONE) {
		audit_note("create " ORDER_PREFIX "%lld", (long long)id);
		printf(ORDER_PREFIX "%lld\n", (long long)id);
	} else if (rc == RES_SKIPPED) {
		printf(ORDER_PREFIX "%lld\n", (long long)id);
	}
	return cli_result(rc, &w);
}

static int
quote_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "kind", COL_TEXT }, { "code", COL_TEXT }, { "sku", COL_TEXT },
		{ "qty", COL_INT }, { "amount", COL_MONEY },
	};
	struct order_line_in *lines;
	char **bufs, qty[32], m[MONEY_BUFSZ];
	size_t n;
	struct order_in in = order_from_opts(argc, argv, &lines, &bufs, &n);
	struct order_quote q;
	struct why w;
	struct out o;
	size_t i;

	need(order_price(&in, &q, NULL, &w), &w);
	order_cache_release();
	out_start(&o, cols, 5);
	for (i = 0; i < q.nlines; i++) {
		struct product_sale s;
		const char *v[5] = { "line", "", s.sku, qty, m };

		/* by id: a line given by part number, a gift */
		need(product_sale_load(q.lines[i].sku_id, &s, &w), &w);
		snprintf(qty, sizeof qty, "%lld", (long long)q.lines[i].qty);
		money_format(q.lines[i].qty * q.lines[i].unit_price, S.digits, m);
		out_row(&o, v);
	}
	for (i = 0; i < q.ndiscounts; i++) {
		const char *v[5] = { q.discounts[i].kind, q.discounts[i].code, "", "", m };

		money_format(-q.discounts[i].amount, S.digits, m);
		out_row(&o, v);
	}
	{
		const char *v[5] = { "freight", "", "", "", m };

		money_format(q.freight, S.digits, m);
		out_row(&o, v);
	}
	{
		const char *v[5] = { "total", "", "", "", m };

		money_format(q.total, S.digits, m);
		out_row(&o, v);
	}
	out_end(&o);
	order_quote_release(&q);
	order_lines_free(lines, bufs, n);
	return 0;
}

static int
import_cmd(int argc, char **argv)
{
	return order_import(argc ? argv[0] : NULL);
}

static const struct opt list_opts[] = {
	{ .lname = "status", .kind = OPT_WORD, .dest = &o_status, .metavar = "STATUS",
	  .help = "only orders in this state", .words = order_status_words },
	{ .lname = "customer", .kind = OPT_STR, .dest = &o_customer, .metavar = "CODE",
	  .help = "only this customer's orders", .complete = "customer" },
	{ .lname = "since", .kind = OPT_TIME, .dest = &o_since, .metavar = "TIME",
	  .help = "only orders created at or after TIME (ISO 8601 UTC)" },
	{ .lname = "until", .kind = OPT_TIME, .dest = &o_until, .metavar = "TIME",
	  .help = "only orders created before TIME" },
	OPT_END
};

/* A customer named by a filter must exist: exit 3 otherwise. */
static void
need_customer(const char *code)
{
	int64_t id;
	struct why w;

	if (code)
		need(customer_find_id(code, &id, &w), &w);
}

static void
need_order(const char *number)
{
	int64_t id;
	struct why w;

	if (number)
		need(order_find(number, &id, NULL, &w), &w);
}

static int
list_cmd(int argc, char **argv)
{
	char a[TIME_BUFSZ], b[TIME_BUFSZ];

	(void)argc;
	(void)argv;
	need_customer(o_customer);
	o_since_text = o_since.set ? format_time(o_since.v, a) : NULL;
	o_until_text = o_until.set ? format_time(o_until.v, b) : NULL;
	out_query(order_list_cols, ORDER_LIST_NCOLS,
		  order_list_query(o_status, o_customer, o_since_text, o_until_text));
	return 0;
}

static const struct opt lines_opts[] = {
	{ .lname = "order", .kind = OPT_STR, .dest = &o_order, .metavar = "ORDER",
	  .help = "only this order's lines", .complete = "order" },
	{ .lname = "customer", .kind = OPT_STR, .dest = &o_customer, .metavar = "CODE",
	  .help = "only this customer's orders", .complete = "customer" },
	{ .lname = "sku", .kind = OPT_STR, .dest = &o_sku, .metavar = "SKU",
	  .help = "only lines of this SKU", .complete = "sku" },
	OPT_END
};

static int
lines_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	need_order(o_order);
	need_customer(o_customer);
	out_query(order_lines_cols, ORDER_LINES_NCOLS, order_lines_query(o_order, o_customer, o_sku));
	return 0;
}

static const struct opt payments_opts[] = {
	{ .lname = "order", .kind = OPT_STR, .dest = &o_order, .metavar = "ORDER",
	  .help = "only this order's payments", .complete = "order" },
	OPT_END
};

static int
payments_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	need_order(o_order);
	out_query(order_payments_cols, ORDER_PAYMENTS_NCOLS, order_payments_query(o_order));
	return 0;
}

static int
show_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = { { "field", COL_TEXT }, { "value", COL_TEXT } };
	struct order_view v;
	struct why w;
	struct out o;

	(void)argc;
	need(order_show(argv[0], &v, &w), &w);
	out_start(&o, cols, 2);
	out_record(&o, &v.fields, v.lists, OV_NLISTS);
	order_view_release(&v);
	return 0;
}

static int
approve_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(order_approve(argv[0], &w), &w);
}

static const struct opt reason_opts[] = {
	OPT("reason", 0, OPT_STR, &o_reason, "TEXT", "why (kept in the order's history)"),
	OPT_END
};

static int
reject_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(order_reject(argv[0], o_reason, &w), &w);
}

static int
cancel_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(order_cancel(argv[0], o_reason, &w), &w);
}

static const struct opt pay_opts[] = {
	{ .lname = "amount", .kind = OPT_MONEY, .dest = &o_amount, .metavar = "AMOUNT",
	  .help = "the amount paid (ORDER form; at most what is left to pay)" },
	OPT("txn", 0, OPT_STR, &o_txn, "TXN", "the payment's transaction id (applied once)"),
	OPT("method", 0, OPT_STR, &o_method, "METHOD", "how it was paid (free text)"),
	OPT_END
};

/* SPEC: an argument that is "-" or an existing file is a FILE. */
static int
is_file(const char *arg)
{
	struct stat st;

	return !arg || !strcmp(arg, "-") || stat(arg, &st) == 0;
}

static int
pay_cmd(int argc, char **argv)
{
	struct why w;

	if (is_file(argc ? argv[0] : NULL)) {
		if (o_amount.set || o_txn || o_method)
			die(EX_USAGE, "pay FILE takes its amounts from the file: no --amount, --txn or --method");
		return order_pay_import(argc ? argv[0] : NULL);
	}
	if (!o_amount.set || !o_txn)
		die(EX_USAGE, "pay ORDER needs --amount and --txn");
	return cli_result(order_pay(argv[0], o_amount.v, o_txn, o_method, &w), &w);
}


static const char *o_carrier, *o_tracking, *o_warehouse, *o_by;
static struct strlist o_ship_lines;

static const struct opt ship_opts[] = {
	{ .lname = "line", .kind = OPT_LIST, .dest = &o_ship_lines, .metavar = "SKU:QTY",
	  .help = "ship qty of this sku (repeat; default everything left)", .complete = "sku" },
	{ .lname = "warehouse", .kind = OPT_STR, .dest = &o_warehouse, .metavar = "CODE",
	  .help = "ship only the lines of this warehouse", .complete = "warehouse" },
	OPT("carrier", 0, OPT_STR, &o_carrier, "CARRIER", "the carrier"),
	OPT("tracking", 0, OPT_STR, &o_tracking, "NUMBER",
	    "the tracking number (a shipment with one is applied once)"),
	OPT_END
};

static int
ship_cmd(int argc, char **argv)
{
	struct order_ship_line *l;
	struct order_line_in in;
	char **bufs;
	struct why w;
	enum res rc;
	size_t i;

	if (is_file(argc ? argv[0] : NULL)) {
		if (o_ship_lines.n || o_carrier || o_tracking || o_warehouse)
			die(EX_USAGE, "ship FILE takes its lines from the file: no --line, --warehouse, "
			    "--carrier or --tracking");
		return order_ship_import(argc ? argv[0] : NULL);
	}
	l = xcalloc(o_ship_lines.n + 1, sizeof *l);
	bufs = xcalloc(o_ship_lines.n + 1, sizeof *bufs);
	for (i = 0; i < o_ship_lines.n; i++) {
		bufs[i] = xmalloc(strlen(o_ship_lines.v[i]) + 1);
		if (order_parse_line(o_ship_lines.v[i], bufs[i], &in, &w))
			die(EX_DATA, "%s", w.msg);
		if (in.has_price)
			die(EX_DATA, "bad line '%s': give SKU:QTY", o_ship_lines.v[i]);
		l[i].sku = in.sku;
		l[i].qty = in.qty;
	}
	rc = order_ship(argv[0], l, o_ship_lines.n, o_warehouse, o_carrier, o_tracking, &w);
	for (i = 0; i < o_ship_lines.n; i++)
		free(bufs[i]);
	free(bufs);
	free(l);
	return cli_result(rc, &w);
}

static int
deliver_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(order_deliver(argv[0], &w), &w);
}

static int
complete_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(order_complete(argv[0], &w), &w);
}

static const char *const pick_by_words[] = { "sku", "order", NULL };

static const struct opt pick_opts[] = {
	{ .lname = "warehouse", .kind = OPT_STR, .dest = &o_warehouse, .metavar = "CODE",
	  .help = "only this warehouse's lines", .complete = "warehouse" },
	{ .lname = "by", .kind = OPT_WORD, .dest = &o_by, .metavar = "sku|order",
	  .help = "one wave by sku (the default), or by order for packing",
	  .words = pick_by_words },
	OPT_END
};

static int
pick_cmd(int argc, char **argv)
{
	int by_order = o_by && !strcmp(o_by, "order");
	struct why w;

	(void)argc;
	(void)argv;
	if (o_warehouse && stock_warehouse_id(o_warehouse) < 0)
		need(res_fail(&w, RES_NOTFOUND, "unknown warehouse '%s'", o_warehouse), &w);
	if (by_order)
		out_query(order_pick_order_cols, ORDER_PICK_ORDER_NCOLS,
			  order_pick_query(1, o_warehouse));
	else
		out_query(order_pick_sku_cols, ORDER_PICK_SKU_NCOLS, order_pick_query(0, o_warehouse));
	return 0;
}

static int
split_cmd(int argc, char **argv)
{
	struct why w;
	enum res rc;

	(void)argc;
	rc = order_split(argv[0], &w);
	order_cache_release();
	return cli_result(rc, &w);
}

static const struct opt expire_opts[] = {
	{ .lname = "older-than", .kind = OPT_DURATION, .dest = &o_older, .metavar = "DURATION",
	  .help = "unpaid for this long (default order.payment_timeout, 24h)" },
	OPT_END
};

static void
say_expired(const char *number, void *arg)
{
	(void)arg;
	printf("%s\n", number);
}

static int
expire_cmd(int argc, char **argv)
{
	size_t n;

	(void)argc;
	(void)argv;
	n = order_expire(o_older.set ? o_older.v
				     : config_duration(&S.cfg, "order.payment_timeout", 24 * 3600),
			 say_expired, NULL);
	if (!S.quiet) {
		char *line = xasprintf("expired %zu %s", n, n == 1 ? "order" : "orders");

		session_summary(line);
		free(line);
	}
	return 0;
}

/* ---- check ---- */

static int
check_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return run_check(order_check, "money");
}

/* ---- after-sales ---- */

static struct strlist o_rlines;
static struct optnum o_ramount;
static const char *o_note, *o_cstatus, *o_for;
static int o_request, o_restock, o_no_restock;

static const struct opt refund_opts[] = {
	{ .lname = "line", .kind = OPT_LIST, .dest = &o_rlines, .metavar = "SKU:QTY",
	  .help = "units of a line to refund (with --amount: SKU, the lines it goes over); "
		  "repeat for more; none: every line", .complete = "sku" },
	{ .lname = "amount", .kind = OPT_MONEY, .dest = &o_ramount, .metavar = "AMOUNT",
	  .help = "an amount, spread over the lines by what each has left to refund" },
	OPT("reason", 0, OPT_STR, &o_reason, "TEXT", "why (kept with the case)"),
	OPT("txn", 0, OPT_STR, &o_txn, "TXN", "the refund's transaction id (applied once; "
	    "default the case's number)"),
	{ .lname = "request", .kind = OPT_FLAG, .dest = &o_request,
	  .help = "open the case and stop at requested, for a person to approve" },
	OPT_END
};

static const struct opt return_opts[] = {
	{ .lname = "line", .kind = OPT_LIST, .dest = &o_rlines, .metavar = "SKU:QTY",
	  .help = "units coming back (required); repeat for more", .required = 1,
	  .complete = "sku" },
	{ .lname = "restock", .kind = OPT_FLAG, .dest = &o_restock,
	  .help = "the units go back on hand (the default)" },
	{ .lname = "no-restock", .kind = OPT_FLAG, .dest = &o_no_restock,
	  .help = "the units do not go back on hand (damaged)" },
	OPT("reason", 0, OPT_STR, &o_reason, "TEXT", "why (kept with the case)"),
	OPT("txn", 0, OPT_STR, &o_txn, "TXN", "the refund's transaction id (applied once; "
	    "default the case's number)"),
	{ .lname = "request", .kind = OPT_FLAG, .dest = &o_request,
	  .help = "open the case and stop at requested, for a person to approve" },
	OPT_END
};

static const struct opt exchange_opts[] = {
	{ .lname = "line", .kind = OPT_LIST, .dest = &o_rlines, .metavar = "OLD:QTY",
	  .help = "shipped units of sku OLD coming back (required, once)", .required = 1,
	  .complete = "sku" },
	{ .lname = "for", .kind = OPT_STR, .dest = &o_for, .metavar = "NEW",
	  .help = "the sku going out in their place, at the same unit price (required)",
	  .required = 1, .complete = "sku" },
	OPT("reason", 0, OPT_STR, &o_reason, "TEXT", "why (kept with the case)"),
	{ .lname = "request", .kind = OPT_FLAG, .dest = &o_request,
	  .help = "open the case and stop at requested, for a person to approve" },
	OPT_END
};

static int after_sales(int type, char **argv);

static int
exchange_cmd(int argc, char **argv)
{
	(void)argc;
	if (o_rlines.n != 1)
		die(EX_USAGE, "an exchange takes one --line OLD:QTY");
	return after_sales(2, argv);
}

static int
return_cmd(int argc, char **argv)
{
	(void)argc;
	if (o_restock && o_no_restock)
		die(EX_USAGE, "--restock or --no-restock, not both");
	return after_sales(1, argv);
}

static int
refund_cmd(int argc, char **argv)
{
	(void)argc;
	return after_sales(0, argv);
}

/* refund (type 0), return (1) and exchange (2), from their options */
static int
after_sales(int type, char **argv)
{
	struct refund_line *rl = xcalloc(o_rlines.n + 1, sizeof *rl);
	char **bufs = xcalloc(o_rlines.n + 1, sizeof *bufs);
	struct refund_in in;
	struct why w;
	enum res rc;
	int64_t id;
	size_t i;

	memset(&in, 0, sizeof in);
	in.type = type;
	in.restock = !o_no_restock;
	for (i = 0; i < o_rlines.n; i++) {
		char *c;
		const char *why;

		bufs[i] = xstrdup(o_rlines.v[i]);
		rl[i].sku = bufs[i];
		if ((c = strrchr(bufs[i], ':'))) {
			*c = '\0';
			if (parse_int(c + 1, 1, INT64_MAX, &rl[i].qty, &why) < 0)
				die(EX_DATA, "bad --line '%s': qty %s", o_rlines.v[i], why);
		} else if (!o_ramount.set) {
			die(EX_USAGE, "--line SKU:QTY (SKU alone goes with --amount)");
		}
	}
	in.order = argv[0];
	in.lines = rl;
	in.nlines = o_rlines.n;
	in.has_amount = o_ramount.set;
	in.amount = o_ramount.v;
	in.reason = o_reason;
	in.txn = o_txn;
	in.request = o_request;
	in.new_sku = o_for;
	rc = aftersales_refund(&in, &id, &w);
	if (rc == RES_DONE || (rc == RES_SKIPPED && id))
		printf(CASE_PREFIX "%lld\n", (long long)id);
	for (i = 0; i < o_rlines.n; i++)
		free(bufs[i]);
	free(bufs);
	free(rl);
	return cli_result(rc, &w);
}

static const struct opt case_list_opts[] = {
	OPT("status", 0, OPT_STR, &o_cstatus, "STATUS",
	    "only cases in this state (all: every one; default the open ones)"),
	{ .lname = "older-than", .kind = OPT_DURATION, .dest = &o_older, .metavar = "DURATION",
	  .help = "only cases opened at least this long ago (24h, 3d)" },
	{ .lname = "order", .kind = OPT_STR, .dest = &o_order, .metavar = "ORDER",
	  .help = "only this order's cases", .complete = "order" },
	OPT_END
};

static int
case_list_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (o_cstatus && strcmp(o_cstatus, "all") != 0) {
		size_t i;

		for (i = 0; case_status_words[i] && strcmp(case_status_words[i], o_cstatus); i++)
			;
		if (!case_status_words[i])
			die(EX_USAGE, "bad --status '%s': all or a case's state", o_cstatus);
	}
	out_query(case_list_cols, CASE_LIST_NCOLS,
		  case_list_query(o_cstatus, o_older.set ? o_older.v : 0, o_order));
	return 0;
}

static int
case_show_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = { { "field", COL_TEXT }, { "value", COL_TEXT } };
	struct case_view v;
	struct why w;
	struct out o;

	(void)argc;
	need(case_show(argv[0], &v, &w), &w);
	out_start(&o, cols, 2);
	out_record(&o, &v.fields, v.lists, KV_NLISTS);
	case_view_release(&v);
	return 0;
}

static const struct opt note_opts[] = {
	OPT("note", 0, OPT_STR, &o_note, "TEXT", "kept in the case's history"),
	OPT_END
};

static int
case_approve_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(aftersales_approve(argv[0], o_note, &w), &w);
}

static int
case_reject_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(aftersales_reject(argv[0], o_note, &w), &w);
}

static int
case_receive_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(aftersales_receive(argv[0], o_note, &w), &w);
}

static int
case_close_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(aftersales_close(argv[0], o_note, &w), &w);
}

static const struct cmd cmds[] = {
	{ "customer add", "CODE", "add a customer (--name is required)\n"
	  "CODE: no control or invisible characters, no blank at either end. The same\n"
	  "customer again is skipped; the code with other details is refused (exit 1).\n"
	  "A credit limit needs --terms credit.",
	  CMD_WRITE, customer_add_opts, 1, 1, customer_add_cmd },
	{ "customer import", "[FILE]", "add or update customers by code from CSV\n"
	  "columns: code (required), name (required for a new code), group, level, type,\n"
	  "terms, credit_limit, approval_limit, region, email, phone; a balance column is\n"
	  "ignored. An absent column keeps what is stored; an empty cell clears it (type\n"
	  "and terms: their defaults, b2c and prepaid).",
	  CMD_IMPORT, NULL, 0, 1, customer_import_cmd },
	{ "customer list", "", "list customers by code (re-importable)\n"
	  "columns: code, name, group, level, type, terms, credit_limit, approval_limit,\n"
	  "region, email, phone, balance (what the customer owes, from the ledger).",
	  0, NULL, 0, 0, customer_list_cmd },
	{ "customer show", "CODE", "every field of a customer, its price lists and part numbers\n"
	  "table: field: value lines; csv/tsv: field,value rows; jsonl: one object",
	  0, NULL, 1, 1, customer_show_cmd },
	{ "create", "", "place one order; prints its number\n"
	  "Lines are priced by the lowest of the list price and the customer's and\n"
	  "their group's price lists at the line's qty, unless a PRICE is given (the\n"
	  "agreed price). Stock is reserved at once; a line without a warehouse takes\n"
	  "the first by priority that can fill it, else is split over several. A\n"
	  "credit customer may not pass their credit limit; a total above the\n"
	  "customer's approval limit waits for approve. --ref again: skipped.",
	  CMD_WRITE, create_opts, 0, 0, create_cmd },
	{ "quote", "[FILE]", "what create would charge, writing nothing\n"
	  "The lines as create takes them, or a cart FILE (or -) with columns sku, qty\n"
	  "and unit_price. columns: kind (line, promotion, coupon, freight, total), code,\n"
	  "sku, qty, amount; a line is qty x unit price, a promotion or coupon what it\n"
	  "takes off (negative); the total row is the sum of the others.",
	  0, quote_opts, 0, 1, quote_cmd },
	{ "import", "[FILE]", "the B2B bulk import of orders from CSV\n"
	  "columns: order_ref, customer, sku or part_no, qty (required); unit_price\n"
	  "(the agreed price, else priced as create does), warehouse, channel, coupon,\n"
	  "ship_name, ship_phone, ship_address, ship_region, note, created_at (when\n"
	  "the order was placed, for history; default now). Rows of one (customer,\n"
	  "order_ref) are one order wherever they are in the file; an order with one\n"
	  "bad row is rejected whole; an order already there is skipped.",
	  CMD_WRITE | CMD_IMPORT, NULL, 0, 1, import_cmd },
	{ "list", "", "orders, oldest first\n"
	  "columns: order, customer, order_ref, channel, status, goods_total, discount,\n"
	  "freight, total, paid, refunded, created_at",
	  0, list_opts, 0, 0, list_cmd },
	{ "lines", "", "order lines\n"
	  "columns: order, line, sku, qty, unit_price, discount, paid (qty x unit_price -\n"
	  "discount), warehouse, shipped, returned, refunded_qty, refunded",
	  0, lines_opts, 0, 0, lines_cmd },
	{ "payments", "", "money received and given back\n"
	  "columns: order, txn, kind (payment|refund), amount, method, at",
	  0, payments_opts, 0, 0, payments_cmd },
	{ "show", "ORDER", "one order whole: header, lines, parcels, payments, shipments, cases, history\n"
	  "table: field: value lines; csv/tsv: field,value rows; jsonl: one object",
	  0, NULL, 1, 1, show_cmd },
	{ "approve", "ORDER", "approve an order waiting for approval\n"
	  "It goes on to pending_payment (credit customers: confirmed) and is posted.",
	  CMD_WRITE, NULL, 1, 1, approve_cmd },
	{ "reject", "ORDER", "reject an order waiting for approval; its stock is released",
	  CMD_WRITE, reason_opts, 1, 1, reject_cmd },
	{ "pay", "ORDER|FILE", "record a payment, or a file of them\n"
	  "ORDER --amount A --txn T [--method M]; FILE (or -) with columns order, amount,\n"
	  "txn, method. A txn is applied once; a payment that completes an order in\n"
	  "pending_payment confirms it.",
	  CMD_WRITE | CMD_IMPORT | CMD_ROLES(R_FINANCE), pay_opts, 0, 1, pay_cmd },
	{ "cancel", "ORDER", "cancel an order before any shipment\n"
	  "Its stock comes back, its entry is reversed and what was paid is given back.",
	  CMD_WRITE, reason_opts, 1, 1, cancel_cmd },
	{ "ship", "ORDER|FILE", "ship an order, all of it or some lines, or a file of shipments\n"
	  "The reservations become shipment movements; the order becomes partially_shipped\n"
	  "or shipped. FILE (or -): columns order, sku, qty, warehouse, carrier, tracking\n"
	  "(the pick list by order with carrier and tracking added). A shipment with a\n"
	  "tracking number is applied once per order, sku and tracking.",
	  CMD_WRITE | CMD_IMPORT | CMD_ROLES(R_WAREHOUSE), ship_opts, 0, 1, ship_cmd },
	{ "deliver", "ORDER", "a shipped order was delivered",
	  CMD_WRITE | CMD_ROLES(R_WAREHOUSE | R_SALES), NULL, 1, 1, deliver_cmd },
	{ "complete", "ORDER", "a delivered order is completed",
	  CMD_WRITE | CMD_ROLES(R_WAREHOUSE | R_SALES), NULL, 1, 1, complete_cmd },
	{ "pick", "", "the pick list of what is left to ship on confirmed orders\n"
	  "--by sku (default): warehouse, sku, name, qty, orders, most-picked first;\n"
	  "--by order: order, warehouse, sku, qty, for packing (add carrier and tracking\n"
	  "and it is ship FILE input).",
	  0, pick_opts, 0, 0, pick_cmd },
	{ "split", "ORDER", "plan an order's unshipped lines again, as stock is now\n"
	  "Each line's unshipped units go to the first warehouse by priority that can\n"
	  "fill it, else are split over several (as at creation); lines that shipped keep\n"
	  "what they shipped, the rest become new lines. Nothing to change: skipped.",
	  CMD_WRITE | CMD_ROLES(R_SALES | R_WAREHOUSE), NULL, 1, 1, split_cmd },
	{ "expire", "", "cancel unpaid orders older than the payment timeout (cron)\n"
	  "Prints the numbers of the orders it cancelled.",
	  CMD_WRITE, expire_opts, 0, 0, expire_cmd },
	{ "refund", "ORDER", "give money back for some lines, all of them, or an amount\n"
	  "Each line gives back what it paid (after its share of discounts), piece by\n"
	  "piece to the cent; an amount is spread over the lines by what each has left.\n"
	  "Cash back up to what was paid; beyond it a credit note for a credit customer.\n"
	  "A case AS-n carries it (printed); --request stops it at requested.",
	  CMD_WRITE | CMD_ROLES(R_FINANCE | R_SERVICE), refund_opts, 1, 1, refund_cmd },
	{ "return", "ORDER", "shipped units come back, and their money\n"
	  "The units go back on hand at the cost they left with (unless --no-restock),\n"
	  "then they are refunded as refund does. A case AS-n carries it (printed);\n"
	  "--request stops it at requested (then case approve, case receive).",
	  CMD_WRITE | CMD_ROLES(R_FINANCE | R_SERVICE), return_opts, 1, 1, return_cmd },
	{ "exchange", "ORDER", "shipped units come back and another sku goes out in their place\n"
	  "Only at the same unit price (NEW priced for the customer as a line of the old\n"
	  "line's qty would be now); else refused: refund and order again. The old units\n"
	  "go back on hand at the cost they left with; NEW is reserved where create would\n"
	  "take it and shipped. No money moves. A case AS-n carries it (printed);\n"
	  "--request stops it at requested (approve holds NEW, receive ships it).",
	  CMD_WRITE | CMD_ROLES(R_SERVICE), exchange_opts, 1, 1, exchange_cmd },
	{ "case list", "", "after-sales cases, oldest first (the open ones unless --status)\n"
	  "columns: case, order, type, status, amount, reason, opened_by, opened_at,\n"
	  "updated_at",
	  0, case_list_opts, 0, 0, case_list_cmd },
	{ "case show", "CASE", "one case whole: its lines and history",
	  0, NULL, 1, 1, case_show_cmd },
	{ "case approve", "CASE", "approve a requested case\n"
	  "A refund pays out now, a return at receive; an exchange holds its new sku.",
	  CMD_WRITE | CMD_ROLES(R_FINANCE | R_SERVICE), note_opts, 1, 1, case_approve_cmd },
	{ "case reject", "CASE", "reject a requested case, or an approved return or exchange\n"
	  "whose goods never came (an exchange lets go of the sku it held)",
	  CMD_WRITE | CMD_ROLES(R_SERVICE | R_FINANCE), note_opts, 1, 1, case_reject_cmd },
	{ "case receive", "CASE", "a return's or exchange's goods are back\n"
	  "They go back on hand (a return: unless --no-restock was given); then a return\n"
	  "is refunded, an exchange ships its new sku.",
	  CMD_WRITE | CMD_ROLES(R_SERVICE | R_WAREHOUSE), note_opts, 1, 1, case_receive_cmd },
	{ "case close", "CASE", "close a case that paid out (an exchange: that was received)",
	  CMD_WRITE | CMD_ROLES(R_SERVICE | R_FINANCE), note_opts, 1, 1, case_close_cmd },
	{ "check", "", "verify every money invariant; one line per violation\n"
	  "every journal entry has postings that sum to zero; every posting belongs to an\n"
	  "entry.", 0, NULL, 0, 0, check_cmd },
	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	return shop_main(argc, argv, "shop-order",
			 "shop-order: customers, orders and the money ledger", cmds);
}
