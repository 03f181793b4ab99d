/* promo.h - promotions (SPEC §3 "Promotions", §4 `shop-coupon promo`):
 * create, import and export (YAML), list, the conflict check, and how
 * the promotions live at a time apply to a cart (promo_apply: pure C, no
 * SQL, for the checkout of quote, create, import and best).
 *
 * Types, in the order they apply: bundle (套装: each complete set costs
 * the bundle price), nform (多买优惠: buy N, pay M), percent, threshold
 * (满减: tiers, the highest reached applies), gift (满赠: SKUs added free
 * once the spend reaches --min-spend).
 *
 * What SPEC leaves open, decided here:
 * - Options a type does not take, and a type's options left out, are
 *   RES_BAD from promo_check_options (a usage error, exit 2, on the
 *   command line; a rejected record in an import). threshold takes
 *   --tier (one or more); percent --value 1..100 and --max-discount;
 *   nform --buy N --pay M with N > M >= 0; gift --min-spend (> 0) and
 *   --gift SKU:QTY (one or more); bundle --bundle SKU:QTY,... and
 *   --price (>= 0). --tier, --gift and --bundle may be repeated and each
 *   value may hold several items separated by commas. A tier's OFF is
 *   more than 0 and at most its SPEND; two tiers may not share a SPEND;
 *   a SKU is in a bundle or a gift once.
 * - A bundle's scope is its SKUs: it takes no --scope or --exclude. Every
 *   other type's scope defaults to all.
 * - --channel and --level are one word each; empty or not given: any.
 *   A promotion with a channel applies only to orders of that channel;
 *   with a level only to customers of that level.
 * - Same code, same definition: skipped. Same code, another definition:
 *   refused. A definition is everything but the code; the items of a
 *   bundle or gift and the tiers compare as sets.
 * - Conflicts: two exclusive promotions whose windows overlap (from
 *   inclusive, until exclusive, a missing end open) and whose scopes less
 *   their exclusions share a SKU of the catalogue as it is now. Channel
 *   and level do not keep them apart (SPEC names only windows and SKUs).
 * - Within a type, promotions apply in the order of their codes (byte-wise).
 * - Exclusive: before anything applies, each line goes to the first live
 *   exclusive promotion (in the order of application) that covers it (its
 *   scope, for a bundle its SKUs); such a line is out of scope for every
 *   other promotion, whether or not its own gives anything.
 * - Amounts build on each other: each promotion sees every line at what is
 *   left of it (qty x unit_price less the discounts so far).
 * - bundle: a SKU's units are taken for sets from its lines in line order;
 *   a set is the bundle's SKUs in their quantities; the discount is what
 *   the taken units cost at their unit prices less sets x price, nothing
 *   when that is not positive; it is apportioned over the lines the taken
 *   units come from, by the value taken from each. A unit is in one set
 *   at most (of all the bundles).
 * - nform: floor(units / N) x (N - M) units are free, the cheapest first
 *   (by what is left of their line per unit; ties: the earlier line). A
 *   line with f of its q units free gets f/q of what is left of it
 *   (half-up): f x unit_price when nothing came off it before.
 * - percent: P% of what is left of the covered lines (half-up), at most
 *   --max-discount; a line that is partly in a bundle counts with what is
 *   left of it. threshold: the tier reached by what is left of the
 *   covered lines. Both are apportioned over the covered lines by what is
 *   left of each (largest remainder, ties to the earlier line).
 * - gift: once per order, when what is left of the covered lines reaches
 *   --min-spend; it gives no discount (it is no hit), its SKUs go to gifts.
 */
#ifndef SHOP_PROMO_H
#define SHOP_PROMO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "result.h"
#include "scope.h"

enum promo_type { PROMO_BUNDLE, PROMO_NFORM, PROMO_PERCENT, PROMO_THRESHOLD, PROMO_GIFT };
/* the words, in enum order (the order of application), NULL-terminated */
extern const char *const promo_type_words[];

/*
 * A promotion as given, each value text as an option or a YAML value
 * gives it; NULL: not given. "" for scope, exclude, from, until, channel
 * or level is the default (all, nothing, open, any). Amounts are decimal
 * strings with at most the currency's decimals, times ISO 8601 UTC.
 */
struct promo_in {
	const char *code, *type, *scope, *exclude, *from, *until, *channel, *level;
	const char *exclusive;          /* a boolean (1/0, true/false, yes/no), NULL: no */
	const char *value, *max_discount, *buy, *pay, *min_spend, *price;
	const char *const *tiers;       /* "SPEND:OFF[,SPEND:OFF...]" each */
	size_t ntiers;
	const char *const *gifts;       /* "SKU:QTY[,SKU:QTY...]" each */
	size_t ngifts;
	const char *const *bundle;      /* "SKU:QTY[,SKU:QTY...]" each */
	size_t nbundle;
};

struct promo_tier {
	int64_t spend, off;             /* minor units */
};

struct promo_item {
	int64_t sku_id;
	char *sku;                      /* owned */
	int64_t qty;
};

/* A promotion, parsed (canonical) or loaded. */
struct promo {
	int64_t id;                     /* 0 until stored */
	char *code;                     /* owned */
	enum promo_type type;
	struct scope scope, exclude;    /* owned; a bundle's scope: sku: its SKUs */
	char *scope_text, *exclude_text; /* owned: as stored (canonical; "" for no exclusion) */
	int has_from, has_until;
	int64_t from, until;            /* epoch seconds: from inclusive, until exclusive */
	char *channel, *level;          /* owned; "" for any */
	int exclusive;
	int64_t pct;                    /* percent: 1..100 */
	int has_max;
	int64_t max_discount;           /* percent: the cap */
	int64_t buy, pay;               /* nform */
	int64_t min_spend;              /* gift */
	int64_t price;                  /* bundle: a set's price */
	struct promo_tier *tiers;       /* owned; threshold: by spend, ascending */
	size_t ntiers;
	struct promo_item *items;       /* owned; gift: the gifts; bundle: one set; by sku */
	size_t nitems;
};
void promo_release(struct promo *p);

/* The options of in fit its type: RES_BAD naming the first that does
 * not, or the one missing ("a threshold promotion needs --tier"). */
enum res promo_check_options(const struct promo_in *in, struct why *w);

/*
 * promo create: check in (promo_check_options, then every value: RES_BAD
 * for a malformed one; RES_NOTFOUND for an unknown SKU, category or brand
 * in a scope, a gift or a bundle), then RES_SKIPPED (the same promotion is
 * there), RES_REFUSED (the code is there with another definition; or it
 * is exclusive and conflicts with another exclusive promotion, named with
 * a SKU they share), else store it: RES_DONE, with an audit note.
 */
enum res promo_create(const struct promo_in *in, struct why *w);

/* promo import: the records of a YAML file (yamlrec.h: keys code and the
 * create option names; min_spend for min-spend likewise), each through
 * promo_create's rules in a savepoint. Returns the exit code. */
int promo_import(const char *path);

/* promo export: every promotion by code, as YAML that promo import reads
 * back to the same promotions. */
void promo_export(FILE *fp);

/* promo list: each promotion's columns as text, by code: code, type,
 * params (the type's options as "key=value ..."), scope, exclude, from,
 * until, channel, level, exclusive (1 or 0). */
#define PROMO_LIST_NCOLS 10
void promo_list(void (*row)(const char *const *cols, void *arg), void *arg);

/* promo check: every conflict of two exclusive promotions (see above),
 * a line each naming both and the first SKU they share, handed to
 * report; returns how many. */
size_t promo_check(void (*report)(const char *line, void *arg), void *arg);

/* ---- applying promotions to a cart ---- */

/* Promotions in the order of application (type, then code). */
struct promo_set;

/* Every stored promotion (a command loads once, whatever the number of
 * orders; the caller's at, channel and level pick per order). Scopes are
 * read as stored (scope_read): a SKU, category or brand gone since
 * matches nothing. */
struct promo_set *promo_load(void);
/* An empty set; promo_set_add moves p into it (p is left empty). */
struct promo_set *promo_set_new(void);
void promo_set_add(struct promo_set *set, struct promo *p);
void promo_set_free(struct promo_set *set);
/* How many promotions the set holds. */
size_t promo_set_size(const struct promo_set *set);

struct cart_line {
	/* in */
	int64_t sku_id;
	const char *sku, *category, *brand; /* scope facts: code, category path, brand name ("" none) */
	int64_t qty, unit_price;        /* minor units */
	/* out */
	int64_t discount;               /* this line's share of all promotions */
};
struct promo_hit {
	const char *code;               /* borrowed from the set */
	int64_t amount;                 /* > 0 */
};
struct gift {
	int64_t sku_id;
	const char *sku;                /* borrowed from the set */
	int64_t qty;
	const char *code;               /* borrowed: the gift promotion */
};

/*
 * Apply the promotions of set live at `at` (epoch seconds) for channel
 * and level (NULL or "": none; a promotion with a channel or a level then
 * does not apply) to the cart, in SPEC §3's order and by the rules above.
 * Each line's discount (set here) is its share of the hits; the discounts
 * add up exactly to the sum of the hits, and none is negative or above
 * its line's qty x unit_price. *hits: one per promotion that took
 * something off, in the order applied; *gifts: the SKUs gift promotions
 * add (the caller checks their stock and leaves a gift out, with a
 * warning, when it is short). Both arrays are the caller's to free();
 * their strings are the set's. RES_BAD, with nothing set, for a line
 * that is no cart line (qty below 1, a negative price) or a cart whose
 * amounts do not fit 64 bits.
 */
enum res promo_apply(const struct promo_set *set, int64_t at, const char *channel,
		     const char *level, struct cart_line *lines, size_t n, struct promo_hit **hits,
		     size_t *nhits, struct gift **gifts, size_t *ngifts, struct why *w);

#endif
