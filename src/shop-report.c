/* shop-report - what the data says: sales with comparisons, top lists,
 * RFM, market-basket rules, stock, coupons, suppliers, the ledger, the
 * audit log. Option tables, dispatch and printing; the figures are
 * computed in lib/ (report_*.c), charts drawn by lib/chart.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "cli.h"
#include "err.h"
#include "money.h"
#include "out.h"
#include "parse.h"
#include "session.h"
#include "util.h"

/* ---- sales and top ---- */

/* ---- rfm and basket ---- */

/* ---- stock, coupons, suppliers, ledger, audit ---- */

static const struct cmd cmds[] = {
	/* sales, top */

	/* rfm, basket */

	/* stock, coupons, suppliers, ledger, audit */

	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	return shop_main(argc, argv, "shop-report",
			 "shop-report: sales, top lists, RFM, basket rules, stock, coupons, suppliers, "
			 "the ledger", cmds);
}
