/* orderstate.h - an order's moves after it is placed (SPEC §3 "Order
 * states"): each checks the state it starts from (any other is
 * RES_REFUSED naming the current state; repeating the move that led to
 * the current state is RES_SKIPPED), moves it with a conditional update
 * (another process that moved it first wins), releases or keeps its
 * stock and posts its money. */
#ifndef SHOP_ORDERSTATE_H
#define SHOP_ORDERSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

/* pending_approval -> pending_payment (prepaid) or confirmed (credit, or
 * a total of 0); "order placed" is posted now. */
enum res order_approve(const char *number, struct why *w);
/* pending_approval -> rejected; its stock is released, nothing was posted. */
enum res order_reject(const char *number, const char *reason, struct why *w);
/* pending_approval, pending_payment or confirmed -> cancelled: the stock
 * back, the entry reversed, what was paid given back (a refund record
 * "cancel:SO-N"). */
enum res order_cancel(const char *number, const char *reason, struct why *w);
/* Cancel the orders in pending_payment with no payment at all placed at
 * least older_than seconds ago; each(number) for each. How many. */
size_t order_expire(int64_t older_than, void (*each)(const char *number, void *arg), void *arg);
/* A payment of amount (minor units, > 0, at most what is left to pay) by
 * txn, applied once: the same txn again is RES_SKIPPED, with another
 * amount or order RES_REFUSED. A pending_payment order paid in full is
 * confirmed. */
enum res order_pay(const char *number, int64_t amount, const char *txn, const char *method,
		   struct why *w);

/* pay FILE (columns order, amount, txn, method): the exit code, 0 or 1. */
int order_pay_import(const char *path);

#endif
