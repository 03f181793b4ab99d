/* shop-coupon - coupons, redemption codes and promotions: option tables,
 * dispatch and printing. The rules and the SQL live in lib/ (coupon,
 * promo, scope). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "err.h"
#include "out.h"
#include "session.h"
#include "util.h"

/* ---- coupons ---- */

/* ---- promotions ---- */

static const struct cmd cmds[] = {
	/* coupons */
	/* promotions */
	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	return shop_main(argc, argv, "shop-coupon",
			 "shop-coupon: coupons, redemption codes and promotions", cmds);
}
