/* shop-coupon - coupons, redemption codes and promotions: option tables,
 * dispatch and printing. The rules and the SQL live in lib/ (coupon,
 * promo, scope). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coupon.h"
#include "err.h"
#include "money.h"
#include "order.h"
#include "out.h"
#include "promo.h"
#include "session.h"
#include "util.h"

/* The answer of a library call that names what to print: a failure dies
 * with its exit code and reason. */
static void
need(enum res r, const struct why *w)
{
	if (RES_FAILED(r))
		die(res_exit(r), "%s", w->msg);
}

/* ---- coupons ---- */

static const char *o_type, *o_value, *o_min, *o_max, *o_scope, *o_exclude, *o_from, *o_until,
	*o_days, *o_quantity, *o_per, *o_funded, *o_customer, *o_ref, *o_code, *o_status;
static struct optnum o_count;

static const struct opt create_opts[] = {
	{ .lname = "type", .kind = OPT_WORD, .dest = &o_type, .metavar = "TYPE",
	  .help = "cash, threshold (spend at least --min-spend) or percent (required)",
	  .words = coupon_type_words, .required = 1 },
	{ .lname = "value", .kind = OPT_STR, .dest = &o_value, .metavar = "V",
	  .help = "the amount off; for percent the percent, 1 to 100 (required)", .required = 1 },
	OPT("min-spend", 0, OPT_STR, &o_min, "X", "threshold: goods in scope of at least X"),
	OPT("max-discount", 0, OPT_STR, &o_max, "Y", "percent: at most Y off"),
	OPT("scope", 0, OPT_STR, &o_scope, "SCOPE",
	    "all (the default), sku:A,B, category:PATH (and below) or brand:NAME"),
	OPT("exclude", 0, OPT_STR, &o_exclude, "SCOPE", "goods left out, as --scope"),
	OPT("from", 0, OPT_STR, &o_from, "TIME", "valid from TIME (inclusive, ISO 8601 UTC)"),
	OPT("until", 0, OPT_STR, &o_until, "TIME", "valid until TIME (exclusive)"),
	OPT("valid-days", 0, OPT_STR, &o_days, "N", "valid N x 24 h from each issue"),
	OPT("quantity", 0, OPT_STR, &o_quantity, "N", "at most N given out (default no limit)"),
	OPT("per-customer", 0, OPT_STR, &o_per, "N", "at most N held by one customer"),
	{ .lname = "funded-by", .kind = OPT_WORD, .dest = &o_funded, .metavar = "WHO",
	  .help = "shop (the default) or platform", .words = coupon_funded_words },
	OPT_END
};

static int
create_cmd(int argc, char **argv)
{
	struct coupon_in in = { argv[0], o_type, o_value, o_min, o_max, o_scope, o_exclude,
				o_from, o_until, o_days, o_quantity, o_per, o_funded };
	struct why w;

	(void)argc;
	return cli_result(coupon_create(&in, &w), &w);
}

static int
import_cmd(int argc, char **argv)
{
	return coupon_import(argc ? argv[0] : NULL);
}

static int
export_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	coupon_export(stdout);
	return 0;
}

static int
list_cmd(int argc, char **argv)
{
	struct out_rows t;
	struct out o;
	size_t i;

	(void)argc;
	(void)argv;
	coupon_list(&t);
	out_start(&o, coupon_list_cols, COUPON_LIST_NCOLS);
	for (i = 0; i < t.nrows; i++)
		out_row(&o, out_rows_row(&t, i));
	out_end(&o);
	out_rows_release(&t);
	return 0;
}

static int
show_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = { { "field", COL_TEXT }, { "value", COL_TEXT } };
	struct out_rows f;
	struct why w;
	struct out o;

	(void)argc;
	need(coupon_show(argv[0], &f, &w), &w);
	out_start(&o, cols, 2);
	out_record(&o, &f, NULL, 0);
	out_rows_release(&f);
	return 0;
}

static int
void_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(coupon_void(argv[0], &w), &w);
}

static const struct opt stats_opts[] = {
	OPT_END
};

static int
stats_cmd(int argc, char **argv)
{
	out_query(coupon_stats_cols, COUPON_STATS_NCOLS, coupon_stats_query(argc ? argv[0] : NULL));
	return 0;
}

static const struct opt issue_opts[] = {
	{ .lname = "customer", .kind = OPT_STR, .dest = &o_customer, .metavar = "CODE",
	  .help = "the customer to issue one to (else a FILE with a customer column)",
	  .complete = "customer" },
	OPT("ref", 0, OPT_STR, &o_ref, "REF", "with --customer: the same ref again is skipped"),
	OPT_END
};

static int
issue_cmd(int argc, char **argv)
{
	struct why w;
	enum res rc;
	int64_t id;

	if (!o_customer) {
		if (o_ref)
			die(EX_USAGE, "--ref goes with --customer (a FILE has a ref column)");
		return coupon_issue_import(argv[0], argc > 1 ? argv[1] : NULL);
	}
	if (argc > 1)
		die(EX_USAGE, "give --customer or a FILE, not both");
	rc = coupon_issue(argv[0], o_customer, o_ref, &id, &w);
	if (rc == RES_DONE || rc == RES_SKIPPED)
		printf(COUPON_INSTANCE_PREFIX "%lld\n", (long long)id);
	return cli_result(rc, &w);
}

static const struct opt codes_opts[] = {
	{ .lname = "count", .kind = OPT_INT, .dest = &o_count, .metavar = "N",
	  .help = "how many codes to make (required)", .required = 1 },
	OPT_END
};

static void
print_key(const char *key, void *arg)
{
	(void)arg;
	printf("%s\n", key);
}

static int
codes_cmd(int argc, char **argv)
{
	struct why w;

	(void)argc;
	need(coupon_codes(argv[0], o_count.v, print_key, NULL, &w), &w);
	return 0;
}

static const struct opt redeem_opts[] = {
	{ .lname = "customer", .kind = OPT_STR, .dest = &o_customer, .metavar = "CODE",
	  .help = "who redeems it (required)", .required = 1, .complete = "customer" },
	OPT_END
};

static int
redeem_cmd(int argc, char **argv)
{
	struct why w;
	enum res rc;
	int64_t id;

	(void)argc;
	rc = coupon_redeem(argv[0], o_customer, &id, &w);
	if (rc == RES_DONE || rc == RES_SKIPPED)
		printf(COUPON_INSTANCE_PREFIX "%lld\n", (long long)id);
	return cli_result(rc, &w);
}

static const struct opt instances_opts[] = {
	{ .lname = "code", .kind = OPT_STR, .dest = &o_code, .metavar = "COUPON",
	  .help = "only instances of this coupon", .complete = "coupon" },
	{ .lname = "customer", .kind = OPT_STR, .dest = &o_customer, .metavar = "CODE",
	  .help = "only this customer's", .complete = "customer" },
	{ .lname = "status", .kind = OPT_WORD, .dest = &o_status, .metavar = "STATUS",
	  .help = "only those in this state", .words = coupon_status_words },
	OPT_END
};

static int
instances_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out_query(coupon_instance_cols, COUPON_INSTANCE_NCOLS,
		  coupon_instances_query(o_code, o_customer, o_status));
	return 0;
}

static struct strlist o_lines;
static const char *o_channel;

static const struct opt best_opts[] = {
	{ .lname = "customer", .kind = OPT_STR, .dest = &o_customer, .metavar = "CODE",
	  .help = "whose coupons (required)", .required = 1, .complete = "customer" },
	{ .lname = "line", .kind = OPT_LIST, .dest = &o_lines, .metavar = "SKU:QTY[:PRICE]",
	  .help = "a line of the cart, as shop-order create takes it; repeat for more (or a "
		  "cart FILE)", .complete = "sku" },
	OPT("channel", 0, OPT_STR, &o_channel, "CHANNEL", "the sales channel (promotions)"),
	OPT_END
};

static int
best_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "code", COL_TEXT }, { "instance", COL_TEXT }, { "discount", COL_MONEY },
	};
	struct order_line_in *lines;
	struct coupon_offer *offers;
	struct order_in in;
	char **bufs, inst[32], m[MONEY_BUFSZ];
	size_t n, nof, i;
	struct why w;
	struct out o;

	memset(&in, 0, sizeof in);
	n = order_lines_get(o_lines.v, o_lines.n, argc ? argv[0] : NULL, &lines, &bufs);
	in.customer = o_customer;
	in.channel = o_channel;
	in.lines = lines;
	in.nlines = n;
	need(order_coupon_offers(&in, &offers, &nof, &w), &w);
	out_start(&o, cols, 3);
	for (i = 0; i < nof; i++) {
		const char *v[3] = { offers[i].code, inst, m };

		snprintf(inst, sizeof inst, COUPON_INSTANCE_PREFIX "%lld", (long long)offers[i].instance);
		money_format(offers[i].discount, S.digits, m);
		out_row(&o, v);
	}
	out_end(&o);
	free(offers);
	order_lines_free(lines, bufs, n);
	order_cache_release();
	return 0;
}

static int
check_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return run_check(coupon_check, "coupon");
}

/* ---- promotions ---- */

/* the options of promo create (p_: the coupons' own are o_) */
static const char *p_type, *p_scope, *p_exclude, *p_from, *p_until, *p_channel, *p_level,
	*p_value, *p_max_discount, *p_buy, *p_pay, *p_min_spend, *p_price;
static int p_exclusive;
static struct strlist p_tiers, p_gifts, p_bundle;

static const struct opt promo_create_opts[] = {
	{ .lname = "type", .kind = OPT_WORD, .dest = &p_type, .metavar = "TYPE",
	  .help = "bundle, nform, percent, threshold or gift (required)", .required = 1,
	  .words = promo_type_words },
	{ .lname = "scope", .kind = OPT_STR, .dest = &p_scope, .metavar = "SCOPE",
	  .help = "all (the default), sku:A,B, category:PATH (and below) or brand:NAME" },
	{ .lname = "exclude", .kind = OPT_STR, .dest = &p_exclude, .metavar = "SCOPE",
	  .help = "less these (the --scope forms)" },
	{ .lname = "from", .kind = OPT_STR, .dest = &p_from, .metavar = "TIME",
	  .help = "live from TIME, inclusive (ISO 8601 UTC; default always)" },
	{ .lname = "until", .kind = OPT_STR, .dest = &p_until, .metavar = "TIME",
	  .help = "live until TIME, exclusive (default no end)" },
	{ .lname = "channel", .kind = OPT_STR, .dest = &p_channel, .metavar = "CHANNEL",
	  .help = "only orders of this channel (default any)" },
	{ .lname = "level", .kind = OPT_STR, .dest = &p_level, .metavar = "LEVEL",
	  .help = "only customers of this level (default any)" },
	OPT("exclusive", 0, OPT_FLAG, &p_exclusive, NULL,
	    "a line it covers gets no other promotion; no two may overlap"),
	{ .lname = "tier", .kind = OPT_LIST, .dest = &p_tiers, .metavar = "SPEND:OFF",
	  .help = "threshold: spend at least SPEND, get OFF off; repeat for more tiers", .complete = "" },
	{ .lname = "value", .kind = OPT_STR, .dest = &p_value, .metavar = "PERCENT",
	  .help = "percent: the percent off, 1 to 100" },
	{ .lname = "max-discount", .kind = OPT_STR, .dest = &p_max_discount, .metavar = "AMOUNT",
	  .help = "percent: at most this off" },
	{ .lname = "buy", .kind = OPT_STR, .dest = &p_buy, .metavar = "N",
	  .help = "nform: for every N in-scope units..." },
	{ .lname = "pay", .kind = OPT_STR, .dest = &p_pay, .metavar = "M",
	  .help = "nform: ...pay M (the N - M cheapest are free)" },
	{ .lname = "min-spend", .kind = OPT_STR, .dest = &p_min_spend, .metavar = "AMOUNT",
	  .help = "gift: the in-scope spend, after discounts, that earns the gifts" },
	{ .lname = "gift", .kind = OPT_LIST, .dest = &p_gifts, .metavar = "SKU:QTY",
	  .help = "gift: a SKU added free; repeat for more", .complete = "sku" },
	{ .lname = "bundle", .kind = OPT_LIST, .dest = &p_bundle, .metavar = "SKU:QTY,...",
	  .help = "bundle: the SKUs and quantities of one set", .complete = "sku" },
	{ .lname = "price", .kind = OPT_STR, .dest = &p_price, .metavar = "AMOUNT",
	  .help = "bundle: what a complete set costs" },
	OPT_END
};

static int
promo_create_cmd(int argc, char **argv)
{
	struct promo_in in = {
		.code = argv[0], .type = p_type, .scope = p_scope, .exclude = p_exclude,
		.from = p_from, .until = p_until, .channel = p_channel, .level = p_level,
		.exclusive = p_exclusive ? "1" : NULL, .value = p_value,
		.max_discount = p_max_discount, .buy = p_buy, .pay = p_pay,
		.min_spend = p_min_spend, .price = p_price,
		.tiers = (const char *const *)p_tiers.v, .ntiers = p_tiers.n,
		.gifts = (const char *const *)p_gifts.v, .ngifts = p_gifts.n,
		.bundle = (const char *const *)p_bundle.v, .nbundle = p_bundle.n,
	};
	struct why w;

	(void)argc;
	/* an option of another type, or one of this type left out: usage */
	if (promo_check_options(&in, &w))
		usage_die("%s", w.msg);
	return cli_result(promo_create(&in, &w), &w);
}

static int
promo_import_cmd(int argc, char **argv)
{
	return promo_import(argc ? argv[0] : NULL);
}

static int
promo_export_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	promo_export(stdout);
	return 0;
}

static void
promo_row(const char *const *cols, void *arg)
{
	out_row(arg, cols);
}

static int
promo_list_cmd(int argc, char **argv)
{
	static const struct out_col cols[PROMO_LIST_NCOLS] = {
		{ "code", COL_TEXT }, { "type", COL_TEXT }, { "params", COL_TEXT },
		{ "scope", COL_TEXT }, { "exclude", COL_TEXT }, { "from", COL_TEXT },
		{ "until", COL_TEXT }, { "channel", COL_TEXT }, { "level", COL_TEXT },
		{ "exclusive", COL_INT },
	};
	struct out o;

	(void)argc;
	(void)argv;
	out_start(&o, cols, PROMO_LIST_NCOLS);
	promo_list(promo_row, &o);
	out_end(&o);
	return 0;
}

/* a conflict a line; a row of one column, conflict, with --format */
static void
say_conflict(const char *line, void *arg)
{
	const char *v[1] = { line };

	if (arg)
		out_row(arg, v);
	else
		printf("%s\n", line);
}

static int
promo_check_cmd(int argc, char **argv)
{
	static const struct out_col cols[] = { { "conflict", COL_TEXT } };
	struct out o;
	size_t n;

	(void)argc;
	(void)argv;
	if (G.fmt == OUT_CSV || G.fmt == OUT_TSV || G.fmt == OUT_JSONL) {
		out_start(&o, cols, 1);
		n = promo_check(say_conflict, &o);
		out_end(&o);
	} else {
		n = promo_check(say_conflict, NULL);
	}
	if (n && !S.quiet)
		warn("%zu promotion conflict%s", n, n > 1 ? "s" : "");
	return n ? EX_RULE : EX_DONE;
}

static const struct cmd cmds[] = {
	/* coupons */
	{ "create", "COUPON", "create a coupon template\n"
	  "The same code with the same terms again is skipped; with other terms refused\n"
	  "(exit 1). A threshold coupon needs --min-spend; only percent takes\n"
	  "--max-discount; a window (--from, --until) or --valid-days, not both.",
	  CMD_WRITE, create_opts, 1, 1, create_cmd },
	{ "import", "[FILE]", "create coupon templates from YAML\n"
	  "A list of mappings whose keys are code and the create options (type, value,\n"
	  "min-spend, ...; min_spend likewise). Each is created as create does: one\n"
	  "already there is skipped, one a rule refuses is rejected (FILE:LINE: reason;\n"
	  "exit 1). A malformed file or an unknown key is exit 65 and nothing is written.",
	  CMD_WRITE, NULL, 0, 1, import_cmd },
	{ "export", "", "every coupon template as the YAML import reads", 0, NULL, 0, 0,
	  export_cmd },
	{ "list", "", "coupon templates by code\n"
	  "columns: code, type, value, min_spend, max_discount, scope, funded_by,\n"
	  "valid_from, valid_until, valid_days, quantity, per_customer, issued (every\n"
	  "instance ever issued), used (in use now)",
	  0, NULL, 0, 0, list_cmd },
	{ "show", "COUPON", "one template whole: its terms, status and how many are taken\n"
	  "table: field: value lines; csv/tsv: field,value rows; jsonl: one object",
	  0, NULL, 1, 1, show_cmd },
	{ "void", "COUPON|INSTANCE", "void a template and its unused instances, or one instance\n"
	  "A void instance frees its place in the quantity and the customer's limit; a\n"
	  "used one cannot be voided (cancel its order). Void already: skipped.",
	  CMD_WRITE, NULL, 1, 1, void_cmd },
	{ "stats", "[COUPON]", "how each coupon does\n"
	  "columns: code, issued (every instance ever), used, expired, void (now),\n"
	  "redemption_rate (used / issued, a percent with one decimal), discount and gmv\n"
	  "(what it took off and the totals of the live orders using it)",
	  0, stats_opts, 0, 1, stats_cmd },
	{ "issue", "COUPON [FILE]", "issue a coupon to a customer, or to each of a file's\n"
	  "COUPON --customer C [--ref R] prints the instance; FILE (or -): columns\n"
	  "customer (required) and ref. Refused past the quantity, the per-customer\n"
	  "limit or the end of the coupon's window; the same (coupon, customer, ref)\n"
	  "again is skipped.",
	  CMD_WRITE | CMD_IMPORT, issue_opts, 1, 2, issue_cmd },
	{ "codes", "COUPON", "make redemption codes, one a line\n"
	  "16 characters without look-alikes (80 bits from the system's random source),\n"
	  "written XXXX-XXXX-XXXX-XXXX. Only a hash of each is kept: keep the output.\n"
	  "Each counts against the quantity at once.",
	  CMD_WRITE, codes_opts, 1, 1, codes_cmd },
	{ "redeem", "KEY", "a customer redeems a code: prints the new instance\n"
	  "A code redeems once; the same customer again is skipped. Case, blanks and\n"
	  "dashes do not matter.",
	  CMD_WRITE, redeem_opts, 1, 1, redeem_cmd },
	{ "instances", "", "coupons held by customers\n"
	  "columns: instance, code, customer, status (issued, used, expired: past its\n"
	  "end, void), issued_at, valid_until, order",
	  0, instances_opts, 0, 0, instances_cmd },
	{ "best", "[FILE]", "the coupons a customer could use on a cart, most first\n"
	  "The cart as shop-order quote takes it (--line..., or a FILE with columns sku,\n"
	  "qty, unit_price), priced and promoted as checkout does; the oldest valid\n"
	  "instance of each coupon that applies. columns: code, instance, discount",
	  0, best_opts, 0, 1, best_cmd },
	{ "check", "", "verify the coupon invariants; one line per violation\n"
	  "counts within quantity and per-customer limits; each used instance belongs to\n"
	  "one live order naming its coupon, each such order holds one.",
	  0, NULL, 0, 0, check_cmd },
	/* promotions */
	{ "promo create", "CODE", "create a promotion (--type is required)\n"
	  "threshold --tier SPEND:OFF...; percent --value P [--max-discount Y]; nform --buy N\n"
	  "--pay M; gift --min-spend X --gift SKU:QTY...; bundle --bundle SKU:QTY,... --price P.\n"
	  "An option another type takes, or one of the type's left out, is a usage error.\n"
	  "The same promotion again is skipped; the code with another definition is\n"
	  "refused (exit 1), and so is an exclusive promotion that shares a SKU with\n"
	  "another exclusive one in an overlapping window.",
	  CMD_WRITE, promo_create_opts, 1, 1, promo_create_cmd },
	{ "promo import", "[FILE]", "create promotions from YAML\n"
	  "A list of mappings whose keys are code and the create options (type, tier,\n"
	  "value, max-discount, ...; min_spend for min-spend likewise; exclusive: true).\n"
	  "Each is created as create does: one already there is skipped, one a rule\n"
	  "refuses is rejected (FILE:LINE: reason; exit 1). A malformed file or an\n"
	  "unknown key is exit 65 and nothing is written.",
	  CMD_WRITE, NULL, 0, 1, promo_import_cmd },
	{ "promo export", "", "every promotion as the YAML promo import reads", 0, NULL, 0, 0,
	  promo_export_cmd },
	{ "promo list", "", "promotions by code\n"
	  "columns: code, type, params (the type's options: tier=300.00:30.00,...), scope,\n"
	  "exclude, from, until, channel, level, exclusive (1 or 0)",
	  0, NULL, 0, 0, promo_list_cmd },
	{ "promo check", "", "list conflicts of exclusive promotions; exit 1 if any\n"
	  "A line each: two exclusive promotions whose windows overlap and whose scopes\n"
	  "share a SKU of the catalogue as it is now, with the first SKU they share.",
	  0, NULL, 0, 0, promo_check_cmd },
	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	return shop_main(argc, argv, "shop-coupon",
			 "shop-coupon: coupons, redemption codes and promotions", cmds);
}
