/* shop-coupon - coupons, redemption codes and promotions: option tables,
 * dispatch and printing. The rules and the SQL live in lib/ (coupon,
 * promo, scope). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "out.h"
#include "promo.h"
#include "session.h"
#include "util.h"

/* ---- coupons ---- */

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
