/* aftersales.h - after-sales cases (SPEC §3 "Reverse flows", "After-sales
 * cases", §4 shop-order refund and case): every refund is a case AS-n
 * with its lines, a state and a history.
 *
 * Refunds are line-level and use each line's paid amount (qty x unit
 * price less its share of the discounts). Units r+1..r+k of a line of qty
 * q and paid amount P give back round(P(r+k)/q) - round(Pr/q) (half up),
 * the last units what is left: refunding a line piece by piece adds up to
 * refunding it at once, to the cent. An amount alone is spread over the
 * lines (or the lines named) by what each has left to refund, by the
 * largest remainder. Never more than a line's paid amount; a refund of
 * everything moves the order to refunded and gives its coupon back (when
 * coupon.return_on_refund, the default, and it has not expired).
 *
 * Money: what was paid and not given back yet goes back in cash (a refund
 * record, txn given or the case's number, applied once: refunds +, cash
 * -); beyond it, for a credit customer, a credit note (refunds +,
 * receivable:C -; orders.credited). A prepaid order is never refunded more
 * than was paid.
 *
 * An exchange gives no money: shipped units of a line come back (on hand
 * again at the cost they left with) and as many units of another SKU go
 * out in their place, only at the same unit price (the new SKU priced for
 * the customer as a line of the old line's qty would be now). The new SKU
 * is reserved under the case's number (AS-n) where the placing planner
 * puts it, and shipped under it (cogs +, inventory - at cost).
 *
 * States: requested -> approved -> received -> refunded -> closed, or
 * rejected; a step that does not apply is skipped. A refund case pays
 * out at approve; a return at receive (its goods back); an exchange holds
 * its new SKU at approve and ships it at receive (then closed: no
 * refunded). A requested case may be rejected, and an approved return or
 * exchange whose goods never came (an exchange lets its new SKU go). The
 * direct command runs every step at once and ends closed; --request stops
 * at requested.
 */
#ifndef SHOP_AFTERSALES_H
#define SHOP_AFTERSALES_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "out.h"
#include "result.h"

#define CASE_PREFIX "AS-"

extern const char *const case_status_words[];  /* requested ... rejected */
extern const char *const case_type_words[];    /* refund, return, exchange */

struct refund_line {
	const char *sku;
	int64_t qty;      /* units; 0 with an amount: the line only names where it goes */
};

struct refund_in {
	int type;         /* index in case_type_words: refund, return or exchange */
	int restock;      /* a return: the units go back on hand */
	const char *order;
	const struct refund_line *lines;
	size_t nlines;
	int has_amount;
	int64_t amount;   /* minor units */
	const char *reason, *txn;
	int request;      /* stop at requested */
	const char *new_sku;  /* an exchange: what the units are exchanged for */
};

/* Open a refund case, a return case (units named; they come back, on
 * hand again when restock, at the cost they left with: inventory +, cogs
 * -; then the refund) or an exchange case (one line's units named and
 * new_sku; a different price is RES_REFUSED naming both) and, unless
 * request, carry it through. *case_id gets its number. RES_SKIPPED when
 * txn was applied already to the same order and amount. */
enum res aftersales_refund(const struct refund_in *in, int64_t *case_id, struct why *w);

/* The moves of a case: approve (a refund pays out), reject, close. A move
 * its state does not allow is RES_REFUSED naming the state; the move that
 * led to it again is RES_SKIPPED. */
enum res aftersales_approve(const char *number, const char *note, struct why *w);
/* A return or exchange case's goods are back (approved -> received; a
 * return then pays out: refunded; an exchange ships its new SKU). */
enum res aftersales_receive(const char *number, const char *note, struct why *w);
enum res aftersales_reject(const char *number, const char *note, struct why *w);
enum res aftersales_close(const char *number, const char *note, struct why *w);

/* case list (out_query): open cases (not closed or rejected) unless a
 * status ("all": every one), oldest first; older_than: opened at least
 * that many seconds ago (0: any); order: NULL or "" for all. */
extern const struct out_col case_list_cols[];
#define CASE_LIST_NCOLS 9
db_stmt *case_list_query(const char *status, int64_t older_than, const char *order);

/* case show: the case whole, its lines and its history. */
enum { KV_LINES, KV_FOR, KV_HISTORY, KV_NLISTS };
struct case_view {
	struct out_rows fields;
	struct out_rows lists[KV_NLISTS];
};
enum res case_show(const char *number, struct case_view *v, struct why *w);
void case_view_release(struct case_view *v);

/* The after-sales invariants (shop-order check): each line's refunded is
 * what its cases gave back and at most its paid amount; each order's
 * credited is its credit notes. How many violations. */
size_t aftersales_check(void (*report)(const char *violation, void *arg), void *arg);

#endif
