/* customer.h - the customer master (SPEC §3 "Customers"): add, import (an
 * upsert by code), list with what each customer owes, show, and the
 * look-ups orders, price lists and part numbers start from. */
#ifndef SHOP_CUSTOMER_H
#define SHOP_CUSTOMER_H

#include <stdint.h>

#include "db.h"
#include "out.h"
#include "result.h"

enum customer_type { CUSTOMER_B2C, CUSTOMER_B2B };
enum customer_terms { TERMS_PREPAID, TERMS_CREDIT };
/* the words, in enum order, NULL-terminated */
extern const char *const customer_type_words[];  /* b2c, b2b */
extern const char *const customer_terms_words[]; /* prepaid, credit */

/* A stored customer. */
struct customer {
	int64_t id;
	char *code;             /* owned */
	char *name;             /* owned */
	char *group;            /* owned; "" for none */
	char *level;            /* owned; "" for none: matched by promotions' --level */
	enum customer_type type;
	enum customer_terms terms;
	int has_credit_limit;   /* 0: no limit (and always 0 for prepaid terms) */
	int64_t credit_limit;   /* minor units, >= 0 */
	int has_approval_limit; /* 0: no order waits for approval */
	int64_t approval_limit; /* minor units, >= 0: totals above it wait */
	char *region;           /* owned; "" for none */
	char *email;            /* owned */
	char *phone;            /* owned */
};
void customer_release(struct customer *c);

/* Many customers by code in one query (an import's batch): each(c, arg)
 * for every code that names one, in no order; c is the callee's to keep
 * (customer_release) or release. Codes that name none are left out. */
void customer_load_codes(const char *const *codes, size_t n,
			 void (*each)(struct customer *c, void *arg), void *arg);

/* A customer's id by code, or -1. */
int64_t customer_id(const char *code);

/*
 * The id of the customer a record names: RES_DONE and *id; RES_BAD
 * "missing customer" for an empty code; RES_NOTFOUND "unknown customer
 * 'X'" with "(did you mean 'Y'?)" when a stored code is near.
 */
enum res customer_find_id(const char *code, int64_t *id, struct why *w);

/* customer_find_id, and the whole customer in c (release it) on RES_DONE. */
enum res customer_find(const char *code, struct customer *c, struct why *w);

/*
 * A customer as given, every value text as a command line or a CSV cell
 * gives it. NULL: not given (add: not compared with a stored customer;
 * import: the column is absent, the stored value stays); "" clears an
 * optional value (group, level, region, email, phone, the limits) or
 * takes the default (type b2c, terms prepaid). Amounts are decimal
 * strings, >= 0, at most the currency's decimals.
 */
struct customer_in {
	const char *code, *name, *group, *level, *type, *terms;
	const char *credit_limit, *approval_limit, *region, *email, *phone;
};

/*
 * customer add: RES_DONE (added, with an audit note), RES_SKIPPED (the
 * same customer is there), RES_REFUSED (the code is there with other
 * details: not changed), RES_BAD (a malformed code, an empty name, a
 * type or terms outside their words, a bad amount, a credit limit
 * without terms credit).
 */
enum res customer_add(const struct customer_in *in, struct why *w);

/* Import customers from CSV (columns code, name, group, level, type,
 * terms, credit_limit, approval_limit, region, email, phone; a balance
 * column is ignored) with the import framework: new codes are added,
 * changed ones updated, the same again skipped. Returns the exit code. */
int customer_import(const char *path);

/* The list, by code: the import's columns and balance (what the customer
 * owes: its receivable account in the ledger). */
#define CUSTOMER_LIST_NCOLS 12
extern const struct out_col customer_list_cols[CUSTOMER_LIST_NCOLS];
db_stmt *customer_list_query(void);

/* A customer shown whole: fields (one row: the list's columns, created_at,
 * updated_at) and lists (its own price-list entries and part numbers). */
enum { CV_PRICE_LIST, CV_PART, CV_NLISTS };
struct customer_view {
	struct out_rows fields;
	struct out_rows lists[CV_NLISTS];
};
enum res customer_show(const char *code, struct customer_view *v, struct why *w);
void customer_view_release(struct customer_view *v);

#endif
