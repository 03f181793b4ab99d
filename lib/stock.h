/* stock.h - the stock rules of SPEC §3, shared by shop-stock, shop-order,
 * shop-po and shop-coupon: the movement ledger, reservations and pools.
 *
 * Every function works inside the caller's transaction (a write
 * transaction must be open) and keeps the levels in `stock` equal to the
 * sums `shop-stock check` recomputes. A broken rule never dies and never
 * writes: the function returns RES_REFUSED, RES_NOTFOUND or RES_BAD (a
 * malformed ref) with a one-line lowercase reason in why ("not enough
 * stock of sku 'A' in warehouse 'W1': 3 available, 5 needed"). Only
 * database errors die (70, or 75 when busy). Each call is a few indexed
 * statements, prepared once.
 *
 * Idempotency: every movement has the natural key (ref, type, sku,
 * warehouse) and every reservation (ref, sku, warehouse). Sending the same
 * thing again returns RES_SKIPPED and changes nothing; sending another
 * quantity under a key already used is RES_REFUSED. A ref is a code
 * (check_code_text): a look-alike with an invisible character is RES_BAD,
 * never a second document.
 *
 * Backorder SKUs (sku.backorder = 1) may be reserved beyond what is
 * available; on_hand itself never goes below zero for any SKU, and for
 * other SKUs nothing takes more than is available.
 */
#ifndef SHOP_STOCK_H
#define SHOP_STOCK_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "strmap.h"
#include "result.h"

/* The movement types, in the order of the schema's CHECK. */
enum stock_type {
	MOVE_RECEIPT,
	MOVE_SHIPMENT,
	MOVE_ADJUSTMENT,
	MOVE_TRANSFER_OUT,
	MOVE_TRANSFER_IN,
	MOVE_CUSTOMER_RETURN,
	MOVE_PURCHASE_RETURN,
	MOVE_COUNT_VARIANCE,
	MOVE_NTYPES
};

/* Largest quantity one call moves; keeps every sum far from overflow. */
#define STOCK_QTY_MAX 1000000000

/* The document a movement comes from. */
struct stock_doc {
	const char *ref;   /* required: the document's ref ("DN-881", "SO-12") */
	const char *doc;   /* NULL or the kind of document ("receive", "order") */
	const char *note;  /* NULL or free text */
	int has_cost;      /* the units move at unit_cost (a customer return at the
			    * cost they left with, a purchase at the PO's cost);
			    * else at the SKU's cost */
	int64_t unit_cost;
	const char *counter; /* NULL, or the account that takes the other side
			      * of the value ("payable:S" for a purchase) */
};

struct stock_level {
	int64_t on_hand, reserved, allocated;
	int64_t available; /* on_hand - reserved - allocated; < 0 only for backorder SKUs */
};

/* "receipt" ... "count_variance"; stock_type_parse returns -1 if unknown.
 * stock_type_words: all of them in enum order, then NULL. */
extern const char *const stock_type_words[MOVE_NTYPES + 1];
const char *stock_type_name(enum stock_type t);
int stock_type_parse(const char *s, enum stock_type *t);

/* A warehouse's id by code, or -1 if there is none: warehouse_id of
 * warehouse.h (SKUs: product_sku_id in product.h; codes.h for both with a
 * worded answer). */
int64_t stock_warehouse_id(const char *code);

/* Levels of one (sku, warehouse); all zero when nothing was ever there. */
void stock_level(int64_t sku_id, int64_t warehouse_id, struct stock_level *out);

/*
 * Movements of on_hand. qty > 0 is the number of units; the type gives
 * the sign. Receipts and customer returns add; purchase returns take from
 * what is available. Ids come from product_sku_id/stock_warehouse_id (or
 * the caller's own look-up): additions trust the foreign keys, so an id
 * that does not exist is a bug and dies 70; the other calls answer
 * RES_NOTFOUND.
 */
enum res stock_receive(int64_t sku_id, int64_t warehouse_id, int64_t qty,
		  const struct stock_doc *d, struct why *w);
enum res stock_customer_return(int64_t sku_id, int64_t warehouse_id, int64_t qty,
			  const struct stock_doc *d, struct why *w);
enum res stock_purchase_return(int64_t sku_id, int64_t warehouse_id, int64_t qty,
			  const struct stock_doc *d, struct why *w);
/* delta is signed and not 0; a negative one takes from what is available. */
enum res stock_adjust(int64_t sku_id, int64_t warehouse_id, int64_t delta,
		 const struct stock_doc *d, struct why *w);
/* transfer_out of from and transfer_in of to, under one ref. */
enum res stock_transfer(int64_t sku_id, int64_t from_id, int64_t to_id, int64_t qty,
		   const struct stock_doc *d, struct why *w);
/*
 * Stocktake: set on_hand to counted with a count_variance movement of the
 * difference. *book gets on_hand before, *variance counted - on_hand. A
 * zero variance writes nothing and returns RES_DONE. Refused when counted
 * is below what is reserved plus allocated (unless backorder).
 */
enum res stock_count(int64_t sku_id, int64_t warehouse_id, int64_t counted,
		const struct stock_doc *d, int64_t *book, int64_t *variance,
		struct why *w);

/*
 * Bulk receipts (a file of a million rows) for an import with bulk writes
 * (import.h): stock_bulk_add checks a line and queues it (RES_PENDING);
 * stock_bulk_flush, the import's flush, writes the queued lines as a set
 * (their ledger rows, then the levels they add up to) and settles the ones
 * already in the ledger: the same qty skipped, another qty refused, as
 * stock_receive would. A line given twice in one file is known at once.
 * The levels are summed and written when many (sku, warehouse) pairs pile
 * up and at stock_bulk_end, which must come before the commit. Only
 * additions are deferred, so nothing can go negative meanwhile. Memory is
 * one batch and the sums.
 *
 * The value of a flush is one journal entry: inventory + the sum of each
 * line's qty x unit cost, against the type's own account, or counter when
 * the caller set it after stock_bulk_begin ("payable:S" for a delivery of
 * a purchase order). A line's unit cost is the SKU's (stock_bulk_add) or
 * the one given (stock_bulk_add_cost: a purchase at the PO line's cost).
 * Lines found in the ledger already are settled through the import's
 * imp_settle, or, when the caller set settle, handed to it in the order
 * they were added (k: the line's index since the last flush) and worded
 * as stock_receive words them; they are not added to the levels.
 */
struct stock_bulk {
	enum stock_type type;  /* MOVE_RECEIPT or MOVE_CUSTOMER_RETURN */
	const char *doc;       /* borrowed */
	struct stock_staged {
		int64_t sku_id, warehouse_id, qty, unit_cost;
		size_t ref, note;  /* offsets in text */
	} *rows;               /* owned: the queued lines */
	size_t n, cap;
	struct sbuf text;      /* owned: their refs and notes */
	struct strmap keys;    /* owned: "sku:warehouse:ref" -> index + 1 */
	struct sbuf key;       /* owned: the key being looked up */
	struct pairmap sums;   /* owned: (sku, warehouse) -> qty written, not yet in the levels */
	struct pairmap costs;  /* owned: (sku, 0) -> its cost, read once */
	char *ref_ok;          /* owned: the last ref found well formed */
	const char *counter;   /* borrowed: NULL, or the account the value posts against */
	void (*settle)(size_t k, enum res rc, const char *why, void *arg); /* NULL: imp_settle */
	void *settle_arg;
};
void stock_bulk_begin(struct stock_bulk *b, enum stock_type type, const char *doc);
/* As stock_receive (or stock_customer_return) with the ref and note given. */
enum res stock_bulk_add(struct stock_bulk *b, int64_t sku_id, int64_t warehouse_id, int64_t qty,
		   const char *ref, const char *note, struct why *w);
/* The same at unit_cost (minor units, >= 0) instead of the SKU's cost. */
enum res stock_bulk_add_cost(struct stock_bulk *b, int64_t sku_id, int64_t warehouse_id,
			     int64_t qty, int64_t unit_cost, const char *ref, const char *note,
			     struct why *w);
void stock_bulk_flush(struct stock_bulk *b);
void stock_bulk_end(struct stock_bulk *b);

/*
 * Reservations, keyed by (ref, sku, warehouse); ref is the document line
 * holding the stock ("SO-12/1").
 * stock_reserve holds qty of what is available (any amount for backorder
 * SKUs). stock_release gives back qty of what the reservation still holds
 * (qty 0: all of it); a closed reservation is RES_SKIPPED, but a partial
 * release is not idempotent (release all to cancel a line). stock_ship
 * turns qty held by res_ref into a shipment movement whose ref is d->ref.
 */
enum res stock_reserve(const char *ref, int64_t sku_id, int64_t warehouse_id, int64_t qty,
		  struct why *w);
enum res stock_release(const char *ref, int64_t sku_id, int64_t warehouse_id, int64_t qty,
		  struct why *w);
enum res stock_ship(const char *res_ref, int64_t sku_id, int64_t warehouse_id, int64_t qty,
	       const struct stock_doc *d, struct why *w);
/* What the open reservations of ref hold, one (sku, warehouse, held) per
 * row in *out (ref borrowed; free *out); how many. */
struct stock_line;
size_t stock_held(const char *ref, struct stock_line **out);

/*
 * Bulk reservations: the lines of one document (an order's lines, in an
 * import of a million of them) reserved all or none. Each line is one
 * reservation (ref, sku, warehouse) as stock_reserve makes it, and takes
 * its stock with one atomic conditional update (enough available, or a
 * backorder SKU), so processes reserving at the same time on a server
 * database never oversell; two statements per line in the usual case,
 * each prepared once. The ids come from product_sku_id/warehouse_id (or
 * codes.h): one that does not exist is a bug (the foreign keys die 70).
 *
 * RES_DONE: every line is reserved (lines already reserved with the same
 * qty are left as they are); RES_SKIPPED: every line already was (a
 * re-sent document); otherwise the first line that cannot be filled (not
 * enough stock, a bad ref or qty, its ref reserved with another qty) is
 * named in w and its index put in *at (at may be NULL), and nothing is
 * changed: the lines run inside a savepoint of their own.
 */
struct stock_line {
	const char *ref;        /* borrowed: the line's ref ("SO-12/1"), one per line */
	int64_t sku_id, warehouse_id;
	int64_t qty;            /* 1 .. STOCK_QTY_MAX */
};
enum res stock_reserve_many(const struct stock_line *lines, size_t n, size_t *at, struct why *w);

/*
 * Many reservations' stock at once (placing a batch of orders): each
 * (sku, warehouse) entry of taken adds its aux to reserved, one upsert in
 * key order (a backorder SKU never received gets its row). No check: the
 * caller read those rows locked (FOR UPDATE) and planned within what was
 * available; the reservation rows are the caller's.
 */
struct pairmap;
void stock_add_reserved(const struct pairmap *taken);

/*
 * Pools: named allocations carved out of available stock. stock_pool_draw
 * turns qty of the pool into a reservation res_ref (ship and release it
 * like any other; released units go back to the pool while it is open).
 * stock_pool_release closes the pool and gives what was not drawn back to
 * available (*returned, may be NULL); a released pool is RES_SKIPPED.
 * A pool's name is a code (check_code_text): RES_BAD otherwise.
 */
enum res stock_pool_create(const char *name, int64_t sku_id, int64_t warehouse_id, int64_t qty,
		      struct why *w);
enum res stock_pool_draw(const char *name, const char *res_ref, int64_t qty, struct why *w);
/* What an open pool of this SKU still holds (its warehouse in
 * *warehouse_id), or 0: no such pool, released, or of another SKU. lock:
 * the pool's row is held until the command ends (placing orders). */
int64_t stock_pool_left(const char *name, int64_t sku_id, int64_t *warehouse_id, int lock);
enum res stock_pool_release(const char *name, int64_t *returned, struct why *w);

/*
 * Recompute every invariant: on_hand = SUM(movements), reserved = SUM(open
 * reservations), allocated = SUM(open pools' undrawn qty), nothing
 * negative (available only for backorder SKUs), every row's sku and
 * warehouse exist, every row agrees with itself. report gets one worded
 * line per violation. Returns how many there were.
 */
size_t stock_check(void (*report)(const char *violation, void *arg), void *arg);

#endif
