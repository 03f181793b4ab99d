/* shop-order - customers, orders and the money ledger: option tables,
 * dispatch and printing. The rules and the SQL live in lib/ (customer,
 * ledger; orders next). */
#include <stdio.h>

#include "cli.h"
#include "customer.h"
#include "err.h"
#include "ledger.h"

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

/* ---- check ---- */

static int
check_cmd(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return run_check(ledger_check, "money");
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
