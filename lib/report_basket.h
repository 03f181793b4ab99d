/* report_basket.h - market-basket rules over the shop's orders
 * (shop-report basket): each live order is a basket of its distinct SKUs,
 * mined by lib/basket.c with R arules' semantics (basket.h). */
#ifndef SHOP_REPORT_BASKET_H
#define SHOP_REPORT_BASKET_H

#include <stddef.h>
#include <stdint.h>

#include "basket.h"

/* Orders placed in [from, until) (epoch seconds), each end when has. */
struct basket_window {
	int has_from, has_until;
	int64_t from, until;
};

struct basket_report {
	struct basket_rules rules; /* owned: items are numbers into sku */
	char **sku;             /* owned: the code of each item, in byte order */
	size_t nsku;
};

/* The rules of the live orders (not cancelled, not rejected) placed in
 * the window, sorted as basket_mine sorts them: the items numbered in
 * SKU code order, so antecedents list their SKUs by code and ties sort
 * by them. */
void report_basket(const struct basket_window *w, const struct basket_params *p,
		   struct basket_report *out);
void basket_report_release(struct basket_report *r);

#endif
