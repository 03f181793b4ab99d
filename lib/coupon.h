/* coupon.h - coupons (SPEC §3 "Coupons", §4 shop-coupon): templates, the
 * instances issued to customers, redemption codes, their states and the
 * invariants `shop check` proves.
 *
 * Quantity and the per-customer limit count every instance that is not
 * void, and each redemption code from its generation: each is taken by
 * a conditional update of a counter (coupon.taken, coupon_holder.taken),
 * so that processes issuing at once on several hosts never pass a limit.
 * An instance is valid from its window's start (inclusive) to its end
 * (exclusive): the template's --from/--until, or --valid-days N x 24 h
 * from its issue. "expired" is reached lazily: an issued instance past
 * its end is expired to every reader (instances, stats, best, orders) as
 * soon as the end passes; a write that meets it (an order given back
 * after the end) stores it so. No cron is needed.
 */
#ifndef SHOP_COUPON_H
#define SHOP_COUPON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "out.h"
#include "result.h"

/* An instance's number: "CI-" and its id. */
#define COUPON_INSTANCE_PREFIX "CI-"

extern const char *const coupon_type_words[];    /* cash, threshold, percent */
extern const char *const coupon_funded_words[];  /* shop, platform */

/* A template as given (create's options, a YAML record): text, NULL or ""
 * for what is not given. */
struct coupon_in {
	const char *code, *type, *value, *min_spend, *max_discount, *scope, *exclude;
	const char *from, *until, *valid_days, *quantity, *per_customer, *funded_by;
};

/* import rules.yaml: a YAML list of mappings whose keys are code and the
 * create option names (yamlrec.h), each created as coupon_create does;
 * the exit code. export: every template as import reads it back. */
int coupon_import(const char *path);
void coupon_export(FILE *fp);

/*
 * Create a template: RES_DONE; RES_SKIPPED when the same code is there
 * with the same terms; RES_REFUSED when it is there with others; RES_BAD
 * for a malformed value or a combination the type does not take (a
 * threshold needs --min-spend; only percent takes --max-discount; a
 * window or --valid-days, not both); RES_NOTFOUND for a scope naming an
 * unknown SKU, category or brand.
 */
enum res coupon_create(const struct coupon_in *in, struct why *w);

/* Issue an instance of code to customer (ref: NULL or "" for a new one
 * each time; else the same (coupon, customer, ref) again is RES_SKIPPED).
 * RES_REFUSED past the quantity, the per-customer limit or the end of the
 * template's window, or a void template. *instance gets its id. */
enum res coupon_issue(const char *code, const char *customer, const char *ref,
		      int64_t *instance, struct why *w);
/* issue CODE FILE: columns customer (required) and ref; the exit code. */
int coupon_issue_import(const char *code, const char *path);

/* count new redemption codes of code, each handed to each(key, arg) as it
 * is printed: 16 characters of an alphabet without look-alikes (no 0, O,
 * 1, I), 80 bits from the OS (getrandom), written XXXX-XXXX-XXXX-XXXX;
 * only their SHA-256 is stored. They count against the quantity at once:
 * RES_REFUSED when fewer than count are left. */
enum res coupon_codes(const char *code, int64_t count, void (*each)(const char *key, void *arg),
		      void *arg, struct why *w);
/* Redeem a key (case, blanks and dashes do not matter) for customer:
 * RES_DONE and the new instance; RES_SKIPPED when this customer redeemed
 * it already; RES_REFUSED when another did, or past the limit or the
 * window; RES_NOTFOUND for a key that is not one. */
enum res coupon_redeem(const char *key, const char *customer, int64_t *instance,
		       struct why *w);

/* void CODE (the template and its unused instances) or CI-N (one unused
 * instance): RES_DONE, RES_SKIPPED when void already, RES_REFUSED for a
 * used instance. A void instance frees its place in the quantity and the
 * customer's limit. */
enum res coupon_void(const char *what, struct why *w);

/* The listings (out_query), with their columns. */
extern const struct out_col coupon_list_cols[];
#define COUPON_LIST_NCOLS 14
/* Every template, by code, its value worded by its type (an amount, or a
 * percent), issued = every instance ever issued, used = in use now. */
void coupon_list(struct out_rows *t);
extern const struct out_col coupon_instance_cols[];
#define COUPON_INSTANCE_NCOLS 7
db_stmt *coupon_instances_query(const char *code, const char *customer, const char *status);
/* stats [CODE]: code, issued, used, expired, void, redemption_rate,
 * discount, gmv, by code; the rows hold funded_by as a ninth column
 * (shop-report coupons prints COUPON_STATS_FUNDED_NCOLS of the columns,
 * shop-coupon stats COUPON_STATS_NCOLS). */
extern const struct out_col coupon_stats_cols[];
#define COUPON_STATS_NCOLS 8
#define COUPON_STATS_FUNDED_NCOLS 9
db_stmt *coupon_stats_query(const char *code);

/* A template whole (show). */
enum res coupon_show(const char *code, struct out_rows *fields, struct why *w);

/* The statuses an instance can be in, for --status. */
extern const char *const coupon_status_words[];

/* The coupon invariants, for shop check (the stock check's manner):
 * counters = what they count and within their limits, each used instance
 * belongs to one live order that names its coupon, each live order with
 * a coupon has its one used instance. How many violations. */
size_t coupon_check(void (*report)(const char *violation, void *arg), void *arg);

#endif

/* ---- what checkout needs (lib/orderplace.c) ---- */

#include "scope.h"
#include "parse.h"

/* A template's terms, read once per command. */
struct coupon_terms {
	int64_t id;
	char *code;                   /* owned */
	int type;                     /* index in coupon_type_words */
	int64_t value;                /* an amount, or the percent */
	int has_min, has_max;
	int64_t min_spend, max_discount;
	struct scope scope, exclude;  /* owned */
	int platform;                 /* funded by the platform */
	int active;
};
size_t coupon_terms_load(struct coupon_terms **out);
void coupon_terms_free(struct coupon_terms *t, size_t n);
/* What the coupon takes off goods in its scope worth base (after the
 * promotions): cash its value, threshold its value once base reaches
 * min_spend, percent base x value / 100 half up, at most max_discount;
 * never more than base. 0 when it does not apply, why saying why. */
int64_t coupon_discount(const struct coupon_terms *t, int64_t base, struct why *w);

/* An issued instance as checkout sees it. */
struct coupon_held {
	int64_t id, coupon_id, customer_id;
	int has_from, has_until;
	char from[TIME_BUFSZ], until[TIME_BUFSZ];
};
/* The issued instances of n customers, oldest first, each(h, arg); lock:
 * their rows held to the commit (placing orders). */
void coupon_held_load(const int64_t *customers, size_t n, int lock,
		      void (*each)(const struct coupon_held *h, void *arg), void *arg);
/* Is it valid at `at` (ISO 8601 text)? */
int coupon_held_valid(const struct coupon_held *h, const char *at);
/* Instances used by orders: instance[i] by order[i], taking discount[i];
 * set-based. 0 when one of them was not issued any more (the caller rolls
 * back). */
int coupon_use(const int64_t *instance, const int64_t *order, const int64_t *discount, size_t n);
/* An order's coupon comes back (cancel, expire, reject): issued again, or
 * expired when its window has ended. */
void coupon_give_back(int64_t order_id);
