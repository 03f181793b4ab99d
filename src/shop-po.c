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
