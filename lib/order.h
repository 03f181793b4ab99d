/* order.h - orders: placing one (create, import), their states, and the
 * money and stock each step moves (SPEC §3 "Orders", §4 shop-order).
 *
 * Placing an order prices every line (the lowest of the list price and the
 * customer's and their group's price lists at the line's quantity break,
 * or the agreed unit_price given), reserves its stock (a line's warehouse,
 * else the first warehouse by priority that can fill it, else split over
 * warehouses in priority order; an order whose channel names an open pool
 * of the SKU draws from the pool first), checks the credit limit and the approval
 * threshold, and posts "order placed" to the money ledger unless it waits
 * for approval. All of it or nothing: the caller's transaction (and, for
 * an import, a savepoint per order) holds it. */
#ifndef SHOP_ORDER_H
#define SHOP_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "out.h"
#include "result.h"

/* An order's number: "SO-" and its id. */
#define ORDER_PREFIX "SO-"
/* The id in an order number, or -1 when it is not one. */
int64_t order_parse_number(const char *number);

enum order_status {
	ORDER_PENDING_APPROVAL,
	ORDER_PENDING_PAYMENT,
	ORDER_CONFIRMED,
	ORDER_PARTIALLY_SHIPPED,
	ORDER_SHIPPED,
	ORDER_DELIVERED,
	ORDER_COMPLETED,
	ORDER_REJECTED,
	ORDER_CANCELLED,
	ORDER_REFUNDED,
};
extern const char *const order_status_words[]; /* NULL-terminated */

/* One line as given: a sku or the customer's part number, a qty, and an
 * agreed price (has_price) or none; a warehouse code or NULL. */
struct order_line_in {
	const char *sku;        /* NULL or "": part_no names it */
	const char *part_no;
	int64_t qty;
	int has_price;
	int64_t unit_price;     /* minor units */
	const char *warehouse;  /* NULL or "": chosen by priority */
};

struct order_in {
	const char *customer;
	const char *order_ref;  /* NULL or "": none (never a re-send) */
	const char *channel, *coupon, *note;
	const char *ship_name, *ship_phone, *ship_address, *ship_region;
	int64_t created_at;     /* seconds since the epoch; 0: now */
	const struct order_line_in *lines;
	size_t nlines;
};

/* What an order comes to, as quote prints it and create charges it. */
struct order_quote {
	struct order_quote_line {
		int64_t sku_id, warehouse_id, qty, unit_price, discount;
		size_t in;       /* the input line it came from (a split gives several) */
		int pool;        /* drawn from the pool the order's channel names */
	} *lines;            /* owned */
	size_t nlines;
	int64_t customer_id;
	int64_t goods_total, discount, freight, total;
	int64_t discount_platform;  /* of discount, what the platform funds */
	/* the receipt's discounts: promotions in the order applied, then the
	 * coupon (kind "promotion" or "coupon", its code, what it took off) */
	struct order_discount {
		const char *kind;
		char code[128];
		int64_t amount;
	} *discounts;               /* owned */
	size_t ndiscounts;
	int64_t coupon_instance;    /* the instance it uses, 0: none */
	enum order_status status;  /* where it starts */
};
void order_quote_release(struct order_quote *q);

/*
 * Price and plan an order without writing anything: customer, lines (sku
 * or part number, active and on sale at created_at, qty 1.., a price
 * given or found), the warehouses that would fill each line as stock is
 * now, freight, credit limit and approval threshold. On a failure about a
 * line, *bad is its index (bad may be NULL).
 */
enum res order_price(const struct order_in *in, struct order_quote *q, size_t *bad,
		     struct why *w);

/*
 * Place the order: order_price, then write it, reserve its stock (all
 * lines or none; never more than is available, whatever other processes
 * do at the same time) and post it. *id gets the new order's id.
 * RES_SKIPPED (and *id the existing one) when the customer already has an
 * order with this order_ref.
 */
enum res order_place(const struct order_in *in, int64_t *id, size_t *bad, struct why *w);

/*
 * SPEC "Splitting", again: the unshipped part of an open order's lines is
 * planned anew as stock is now (after it moved) and reserved there; lines
 * that shipped keep what they shipped, the rest become new lines after
 * them. RES_SKIPPED when the plan would not change.
 */
enum res order_split(const char *number, struct why *w);

/*
 * Placing many orders at once (orderplace.c; create is a batch of one):
 * order_batch_add keeps an order as given (copied: in may go). lock: the
 * batch is for writing (0: a look, as quote takes). order_batch_flush
 * checks every kept order (customer, lines, prices), skips those already
 * there, plans the others in turn against stock and credit as they are
 * (rows locked), writes the placed ones set-based, and calls settle(k,
 * line, rc, why, id) for the k-th order kept: RES_DONE (id: the new
 * order), RES_SKIPPED (id: the order already there; a re-sent order is
 * skipped whatever became of its lines) or a failure about input line
 * `line`, its reason in why.
 */
struct order_batch;
struct order_batch *order_batch_new(int lock);
void order_batch_free(struct order_batch *b);
void order_batch_add(struct order_batch *b, const struct order_in *in);
void order_batch_flush(struct order_batch *b,
		       void (*settle)(size_t k, size_t line, enum res rc, const char *why,
				      int64_t id, void *arg),
		       void *arg);
/* After the last flush: the stock the batches took, written once (its
 * rows stay locked from the first batch that read them to the commit). */
void order_batch_finish(struct order_batch *b);

/* The unit price a line of qty units of sku would have for the customer
 * now (the SKU on sale; the lowest of its list price and the customer's
 * and their group's price lists at qty), as create prices it. */
enum res order_unit_price(const char *customer, const char *sku, int64_t qty, int64_t *sku_id,
			  int64_t *price, struct why *w);

/* Plan lines (sku_id, qty, unit_price of each) anew as stock is now, rows
 * locked, as SPEC "Splitting" plans a line without a warehouse (split). */
enum res order_replan(const struct order_quote_line *lines, size_t n, struct order_quote *q,
		      struct why *w);

/* The postings of "order placed" (reverse: its exact reverse, for cancel
 * and expire) into p[0..4]: receivable:CUSTOMER (its name in acct) +total,
 * discounts +shop-funded, receivable:platform +platform-funded, sales
 * -goods, freight -freight. Returns 5. */
struct posting;
size_t order_placed_postings(const char *customer, int64_t total, int64_t discount_shop,
			     int64_t discount_platform, int64_t goods, int64_t freight, int reverse,
			     char *acct, size_t size, struct posting *p);

/* The coupons a customer could use on an order (shop-coupon best): the
 * oldest valid instance of each coupon that applies, what it would take
 * off after the promotions, most first (the older of equals). */
struct coupon_offer {
	char code[128];
	int64_t instance, discount;
};
enum res order_coupon_offers(const struct order_in *in, struct coupon_offer **out, size_t *n,
			     struct why *w);

/* Forget what placing orders keeps between orders (SKUs, customers). */
void order_cache_release(void);

/* The B2B import (SPEC §4 shop-order import): the exit code, 0 or 1. */
int order_import(const char *path);

/* Move an order from the state it was read in (from) to `to`, noting it
 * in its history: 0 when another process moved it first (a conditional
 * update: the first one wins). */
int order_move(int64_t id, enum order_status from, enum order_status to, const char *note);
/* "order SO-12 is shipped; cannot cancel" (RES_REFUSED). */
enum res order_refuse(int64_t id, enum order_status status, const char *what, struct why *w);
/* "SO-12 changed while it was read; try again" (RES_REFUSED). */
enum res order_raced(int64_t id, struct why *w);

/* Find an order by number: RES_NOTFOUND "unknown order 'X'". */
enum res order_find(const char *number, int64_t *id, enum order_status *status,
		    struct why *w);

/* The listings (out_query), with their columns. Filters: NULL or "" is
 * none; since/until compare created_at (ISO 8601 text). */
extern const struct out_col order_list_cols[];
#define ORDER_LIST_NCOLS 12
db_stmt *order_list_query(const char *status, const char *customer, const char *since,
				 const char *until);
extern const struct out_col order_lines_cols[];
#define ORDER_LINES_NCOLS 12
db_stmt *order_lines_query(const char *order, const char *customer, const char *sku);
extern const struct out_col order_payments_cols[];
#define ORDER_PAYMENTS_NCOLS 6
db_stmt *order_payments_query(const char *order);

/* An order shown whole (show): its fields and its lists. */
enum { OV_LINES, OV_PARCELS, OV_PAYMENTS, OV_SHIPMENTS, OV_CASES, OV_HISTORY, OV_NLISTS };
struct order_view {
	struct out_rows fields;
	struct out_rows lists[OV_NLISTS];
};
enum res order_show(const char *number, struct order_view *v, struct why *w);
void order_view_release(struct order_view *v);

/* "SKU:QTY" or "SKU:QTY:PRICE" (create, quote --line) into l (l->sku
 * points into buf, which must hold strlen(spec) + 1 bytes). */
enum res order_parse_line(const char *spec, char *buf, struct order_line_in *l, struct why *w);

/* A cart from CSV (FILE, "-" or NULL: stdin) with columns sku, qty and
 * unit_price (the agreed price, optional): quote and shop-coupon best.
 * *lines point into the strings of *bufs (both the caller's to free, n
 * of each). A malformed file dies 65 naming file:line. */
size_t order_cart_read(const char *path, struct order_line_in **lines, char ***bufs);
/* The lines of create, quote and best: the --line specs ("SKU:QTY" or
 * "SKU:QTY:PRICE"), or the cart FILE when there are none; both or neither
 * die 2, a malformed spec 65. order_lines_free frees what it made. */
size_t order_lines_get(char *const *specs, size_t nspecs, const char *cart,
		       struct order_line_in **lines, char ***bufs);
void order_lines_free(struct order_line_in *lines, char **bufs, size_t n);

#endif
