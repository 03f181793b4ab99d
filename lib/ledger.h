/* ledger.h - the money ledger (SPEC §3 "The money ledger"): double entry,
 * append-only. Every money event is one journal entry (time, document,
 * user, note) whose postings sum to exactly zero; positive is debit.
 * Accounts are text: "cash", "sales", "discounts", "freight", "refunds",
 * "inventory", "cogs", "receivable:CUSTOMER", "receivable:platform",
 * "payable:SUPPLIER", "stock_adjustments". Orders, payments, shipments and
 * purchase orders post through here; reports and the customer list read
 * the balances. */
#ifndef SHOP_LEDGER_H
#define SHOP_LEDGER_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* A customer's account is this prefix and the customer's code. */
#define LEDGER_RECEIVABLE "receivable:"
#define LEDGER_PAYABLE "payable:"

struct posting {
	const char *account; /* borrowed */
	int64_t amount;      /* minor units; positive = debit, negative = credit */
};

/*
 * Write one journal entry for doc ("order SO-12", "payment T-9"; not
 * empty) with note (NULL: none), at the session's time (SHOP_NOW) and by
 * the session's user, inside the caller's transaction. Postings of 0 are
 * left out (an order without freight posts no freight); n postings that
 * are all 0 write nothing and return 0. Postings that do not sum to zero
 * (or overflow) are a bug in the caller: die 70, nothing is written.
 * Returns the entry's id.
 */
int64_t ledger_post(const char *doc, const char *note, const struct posting *p, size_t n);
/* ledger_post dated at (epoch seconds): an order brought over from
 * another system with its real date posts at that date. */
int64_t ledger_post_at(int64_t at, const char *doc, const char *note, const struct posting *p,
		       size_t n);

/*
 * Many entries at once, for a bulk write (an import's batch of orders):
 * ledger_queue_at checks an entry as ledger_post_at does and keeps it;
 * ledger_flush writes every kept entry set-based (COPY on PostgreSQL)
 * inside the caller's transaction, the kept balances with them, and
 * empties the queue. Start from a zeroed struct.
 */
struct ledger_queue {
	struct sbuf text;
	struct lq_entry *e;
	size_t n, cap;
	struct lq_posting *p;
	size_t np, pcap;
};
void ledger_queue_at(struct ledger_queue *q, int64_t at, const char *doc, const char *note,
		     const struct posting *p, size_t n);
void ledger_flush(struct ledger_queue *q);
void ledger_queue_release(struct ledger_queue *q);

/* The balance of an account: the sum of its postings (debit positive);
 * 0 for an account without any. For receivable:C, what C owes. */
int64_t ledger_balance(const char *account);
/* ledger_balance of a customer's receivable, its row locked until the
 * command ends: orders of one customer placed at the same time by other
 * processes wait, so a credit check sees what they owe. */
int64_t ledger_balance_locked(const char *account);

/* The account of a customer, "receivable:CODE", in buf (malloc'd when
 * buf is NULL or too small; free what differs from buf). */
char *ledger_receivable(const char *customer_code, char *buf, size_t size);
/* ... and of a supplier, "payable:CODE", the same way. */
char *ledger_payable(const char *supplier_code, char *buf, size_t size);

/*
 * The ledger's invariants, for "shop-order check": every journal entry
 * has postings and they sum to zero; every posting belongs to an entry
 * and is not 0. Each violation is one worded line handed to report (in
 * the stock check's manner); returns how many.
 */
size_t ledger_check(void (*report)(const char *violation, void *arg), void *arg);

#endif
