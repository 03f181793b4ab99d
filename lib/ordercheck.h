/* ordercheck.h - `shop-order check`: the money invariants */
#ifndef SHOP_ORDERCHECK_H
#define SHOP_ORDERCHECK_H

#include <stddef.h>

/* Every journal entry sums to zero (ledger_check); each order's figures
 * agree with its lines, its paid and refunded with its money records
 * (0 <= refunded <= paid <= total); each customer's receivable equals the
 * totals of its posted orders less payments plus money given back; only
 * orders past approval are posted; an open order's lines hold exactly
 * what is left to ship; a line's shipped is its shipments'; inventory is
 * the movements at their unit cost. report gets
 * one worded line per violation; returns how many. */
size_t order_check(void (*report)(const char *violation, void *arg), void *arg);

#endif
