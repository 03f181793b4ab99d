/* basket.h - association rules over baskets (market-basket analysis), as
 * R's arules mines them: apriori(baskets, parameter = list(supp = S,
 * conf = C, maxlen = K, target = "rules")), its other parameters left at
 * their defaults. So:
 *
 * - a basket is a set: an item in it twice counts once;
 * - the support of an itemset is the baskets holding all its items over
 *   all the baskets; a rule X => y (one item y, X not holding it) is kept
 *   when its support, that of X + y, reaches S (exactly: count / baskets
 *   >= S, in integers; at least one basket) and its confidence,
 *   count(X + y) / count(X), reaches C;
 * - K counts every item of a rule, antecedent and consequent;
 * - minlen is 1, so a rule may have an empty antecedent, {} => {y}: its
 *   confidence is y's support (it is kept when that reaches C) and its
 *   lift is 1;
 * - lift = confidence / support(y).
 *
 * The figures are exact ratios of counts; nothing is decided in floating
 * point. (arules compares count >= ceil(baskets x S) in doubles, which is
 * the same except where the product lands a hair above an integer, e.g.
 * 100 x 0.07 = 7.000000000000001: arules then wants 8 baskets, here 7.)
 */
#ifndef SHOP_BASKET_H
#define SHOP_BASKET_H

#include <stddef.h>
#include <stdint.h>

/* Thresholds are millionths: "0.001" is 1000 (see basket_parse_ratio). */
#define BASKET_ONE 1000000

struct basket_params {
	int64_t min_support;    /* millionths, 1 .. BASKET_ONE */
	int64_t min_confidence; /* millionths, 0 .. BASKET_ONE */
	int64_t max_len;        /* items in a rule, >= 1 */
};

/* The baskets. Items are numbered 0 .. nitems-1, and that order is the
 * order an antecedent lists its items in and rules sort by. Basket b holds
 * items[start[b] .. start[b + 1]) in any order (repeats count once). At
 * most UINT32_MAX baskets and items. */
struct basket_data {
	size_t nitems, nbaskets;
	const uint32_t *items;  /* borrowed */
	const size_t *start;    /* borrowed: nbaskets + 1 offsets */
};

/* A rule antecedent => consequent; its items are numbers of the data. */
struct basket_rule {
	size_t lhs;             /* offset of the antecedent in basket_rules.items */
	uint32_t nlhs;          /* its items; 0 for the empty antecedent */
	uint32_t rhs;           /* the consequent */
	int64_t count;          /* baskets holding every item of the rule */
	int64_t lhs_count;      /* baskets holding the antecedent (all when empty) */
	int64_t rhs_count;      /* baskets holding the consequent */
};

struct basket_rules {
	int64_t nbaskets;
	struct basket_rule *rule; /* owned: n rules */
	size_t n;
	uint32_t *items;        /* owned: the antecedents' items, ascending each */
};

/*
 * Every rule of the baskets under p, sorted by lift, confidence and
 * support (each descending, compared exactly), then by antecedent item by
 * item (one that is the start of a longer one first; the empty one
 * first), then by consequent.
 *
 * The miner goes depth first over the frequent itemsets (Eclat, with the
 * occurrence delivery of LCM): an itemset's extensions are counted in one
 * pass over the baskets that hold it, so nothing is enumerated that does
 * not occur, and besides the itemsets found memory stays within a few
 * times the baskets' items whatever the support.
 */
void basket_mine(const struct basket_data *d, const struct basket_params *p,
		 struct basket_rules *out);
void basket_rules_release(struct basket_rules *r);

/* The least count an itemset needs: ceil(min_support x nbaskets /
 * BASKET_ONE), and at least 1. */
int64_t basket_min_count(int64_t min_support, int64_t nbaskets);

/* A rule's support, confidence and lift as text with 6 decimals, each
 * rounded half up from its exact ratio. Buffers of BASKET_FIGSZ bytes. */
#define BASKET_FIGSZ 32
void basket_figures(const struct basket_rules *r, const struct basket_rule *x,
		    char *support, char *confidence, char *lift);

/* A ratio typed as a decimal between 0 and 1 with at most 6 decimals
 * ("0.001", "1", "0.25") in millionths; 0, or -1 with a reason. */
int basket_parse_ratio(const char *s, int64_t *millionths, const char **why);

#endif
