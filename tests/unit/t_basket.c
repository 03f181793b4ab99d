/* t_basket.c - unit tests of lib/basket.c: published arules results, the
 * figures and their rounding, and the miner against a brute-force
 * enumeration of every itemset on random small data (fixed seed). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "basket.h"
#include "unit.h"

/* baskets from a string: items are letters 'a'.., baskets split by ' ' */
struct data {
	uint32_t items[256];
	size_t start[64];
	struct basket_data d;
};

static void
data_from(struct data *t, const char *s, size_t nitems)
{
	size_t n = 0, nb = 0;

	t->start[0] = 0;
	for (; *s; s++)
		if (*s == ' ')
			t->start[++nb] = n;
		else
			t->items[n++] = (uint32_t)(*s - 'a');
	t->start[++nb] = n;
	t->d.nitems = nitems;
	t->d.nbaskets = nb;
	t->d.items = t->items;
	t->d.start = t->start;
}

/* "ab=>c 0.600000 1.000000 1.250000 3": a rule as text */
static void
rule_text(const struct basket_rules *r, size_t i, char *buf, size_t sz)
{
	const struct basket_rule *x = &r->rule[i];
	char s[BASKET_FIGSZ], c[BASKET_FIGSZ], l[BASKET_FIGSZ], lhs[64];
	uint32_t k;

	for (k = 0; k < x->nlhs; k++)
		lhs[k] = (char)('a' + r->items[x->lhs + k]);
	lhs[k] = 0;
	basket_figures(r, x, s, c, l);
	snprintf(buf, sz, "%s=>%c %s %s %s %lld", lhs, 'a' + (int)x->rhs, s, c, l,
		 (long long)x->count);
}

#define RULE(r, i, want) do { \
	char buf_[256]; \
	rule_text((r), (i), buf_, sizeof buf_); \
	CHECK_STR(buf_, (want)); \
} while (0)

/*
 * Published: DonaldMod/Apriori_Algorithm_In_R, Apriori_Algorithm_1.md, a
 * knitted arules run: apriori(transactions, parameter = list(supp = 0.5,
 * conf = 0.8)) over {Bread, Chips, Eggs, Drink}, {Bread, Chips, Drink},
 * {Bread, Milk, Yoghurt}, {Bread, Drink, Milk}, {Chips, Drink, Milk}
 * printed three rules:
 *   {}      => {Drink} 0.8 0.8 1.0 1.00 4
 *   {}      => {Bread} 0.8 0.8 1.0 1.00 4
 *   {Chips} => {Drink} 0.6 1.0 0.6 1.25 3
 * Here a Bread, b Chips, c Drink, d Eggs, e Milk, f Yoghurt.
 */
static void
test_published_five(void)
{
	struct data t;
	struct basket_params p = { 500000, 800000, 10 };
	struct basket_rules r;

	data_from(&t, "abdc abc aef ace bce", 6);
	basket_mine(&t.d, &p, &r);
	CHECK_INT(r.n, 3);
	CHECK_INT(r.nbaskets, 5);
	/* by lift, then the empty antecedents by consequent */
	RULE(&r, 0, "b=>c 0.600000 1.000000 1.250000 3");
	RULE(&r, 1, "=>a 0.800000 0.800000 1.000000 4");
	RULE(&r, 2, "=>c 0.800000 0.800000 1.000000 4");
	basket_rules_release(&r);
}

/*
 * Published: arules' own tests (mhahsler/arules,
 * tests/testthat/test-apriori.R): seven transactions {a,b,c}, {a,b},
 * {a,b,d}, {b,e}, {a,c}, {c,e}, {a,b,d,e} give 18 rules at supp = 0.25,
 * conf = 0 (expect_identical(length(r), 18L)). By hand: support 0.25 of 7
 * is 1.75, so 2 baskets; a 5, b 5, c 3, d 2, e 3; pairs ab 4, ac 2, ad 2,
 * bd 2, be 2 (ae, bc, ce, de 1; cd 0); triple abd 2 (abc 1). 5 singletons
 * give 5 rules {} => x, 5 pairs 10, the triple 3: 18.
 */
static void
test_published_seven(void)
{
	struct data t;
	struct basket_params p = { 250000, 0, 10 };
	struct basket_rules r;
	size_t i, n3 = 0, n0 = 0;

	data_from(&t, "abc ab abd be ac ce abde", 5);
	basket_mine(&t.d, &p, &r);
	CHECK_INT(r.n, 18);
	for (i = 0; i < r.n; i++) {
		n0 += r.rule[i].nlhs == 0;
		n3 += r.rule[i].nlhs == 2;
	}
	CHECK_INT(n0, 5);
	CHECK_INT(n3, 3);
	/* lift = count x 7 / (lhs x rhs): ab=>d 2 x 7 / (4 x 2) = 1.75 first;
	 * then 1.4: ad=>b, bd=>a, d=>a, d=>b (confidence 1; antecedents item
	 * by item), a=>d, b=>d (confidence 2/5) */
	RULE(&r, 0, "ab=>d 0.285714 0.500000 1.750000 2");
	RULE(&r, 1, "ad=>b 0.285714 1.000000 1.400000 2");
	RULE(&r, 2, "bd=>a 0.285714 1.000000 1.400000 2");
	RULE(&r, 3, "d=>a 0.285714 1.000000 1.400000 2");
	RULE(&r, 4, "d=>b 0.285714 1.000000 1.400000 2");
	RULE(&r, 5, "a=>d 0.285714 0.400000 1.400000 2");
	RULE(&r, 6, "b=>d 0.285714 0.400000 1.400000 2");
	basket_rules_release(&r);
	/* maxlen 2: the triple's three rules go */
	p.max_len = 2;
	basket_mine(&t.d, &p, &r);
	CHECK_INT(r.n, 15);
	basket_rules_release(&r);
	/* maxlen 1: only {} => x */
	p.max_len = 1;
	basket_mine(&t.d, &p, &r);
	CHECK_INT(r.n, 5);
	basket_rules_release(&r);
}

static void
test_figures(void)
{
	struct basket_rules r = { .nbaskets = 2000000 };
	struct basket_rule x = { 0, 0, 0, 1, 2000000, 3 };
	char s[BASKET_FIGSZ], c[BASKET_FIGSZ], l[BASKET_FIGSZ];

	/* 1 / 2000000 = 0.0000005: half up to 0.000001; lift 1/3 */
	basket_figures(&r, &x, s, c, l);
	CHECK_STR(s, "0.000001");
	CHECK_STR(c, "0.000001");
	CHECK_STR(l, "0.333333");
	/* 2/3, lift 2 x 9 / (3 x 2) = 3 */
	r.nbaskets = 9;
	x.count = 2;
	x.lhs_count = 3;
	x.rhs_count = 2;
	basket_figures(&r, &x, s, c, l);
	CHECK_STR(s, "0.222222");
	CHECK_STR(c, "0.666667");
	CHECK_STR(l, "3.000000");
	CHECK_INT(basket_min_count(1000, 7081), 8);   /* 7.081 */
	CHECK_INT(basket_min_count(70000, 100), 7);   /* exactly 7 */
	CHECK_INT(basket_min_count(250000, 7), 2);    /* 1.75 */
	CHECK_INT(basket_min_count(1, 10), 1);        /* at least one basket */
}

static void
test_parse(void)
{
	int64_t v = 0;
	const char *why = NULL;

	CHECK_INT(basket_parse_ratio("0.001", &v, &why), 0);
	CHECK_INT(v, 1000);
	CHECK_INT(basket_parse_ratio("1", &v, &why), 0);
	CHECK_INT(v, 1000000);
	CHECK_INT(basket_parse_ratio("0", &v, &why), 0);
	CHECK_INT(v, 0);
	CHECK_INT(basket_parse_ratio("1.5", &v, &why), -1);
	CHECK_STR(why, "not between 0 and 1");
	CHECK_INT(basket_parse_ratio("-0.1", &v, &why), -1);
	CHECK_INT(basket_parse_ratio("0.0000001", &v, &why), -1);
	CHECK_INT(basket_parse_ratio("x", &v, &why), -1);
	CHECK_INT(basket_parse_ratio("", &v, &why), -1);
}

/* ---- the miner against brute force ---- */

#define NI 7

struct brule {
	unsigned lhs;       /* item mask */
	unsigned rhs;       /* item number */
	long long count, lhs_count, rhs_count;
};

static unsigned
mask_of(const struct basket_rules *r, const struct basket_rule *x)
{
	unsigned m = 0;
	uint32_t k;

	for (k = 0; k < x->nlhs; k++)
		m |= 1u << r->items[x->lhs + k];
	return m;
}

static int
popc(unsigned m)
{
	int n = 0;

	for (; m; m &= m - 1)
		n++;
	return n;
}

/* a before b in the report's order? (lift, confidence, support down) */
static int
ordered(const struct basket_rules *r, size_t i)
{
	const struct basket_rule *a = &r->rule[i], *b = &r->rule[i + 1];
	unsigned long long la = (unsigned long long)a->count * b->lhs_count * b->rhs_count;
	unsigned long long lb = (unsigned long long)b->count * a->lhs_count * a->rhs_count;
	unsigned long long ca = (unsigned long long)a->count * b->lhs_count;
	unsigned long long cb = (unsigned long long)b->count * a->lhs_count;
	uint32_t k;

	if (la != lb)
		return la > lb;
	if (ca != cb)
		return ca > cb;
	if (a->count != b->count)
		return a->count > b->count;
	for (k = 0; k < a->nlhs && k < b->nlhs; k++)
		if (r->items[a->lhs + k] != r->items[b->lhs + k])
			return r->items[a->lhs + k] < r->items[b->lhs + k];
	if (a->nlhs != b->nlhs)
		return a->nlhs < b->nlhs;
	return a->rhs < b->rhs;
}

static void
test_brute_force(void)
{
	unsigned seed = 12345, iter;
	int bad = 0;

	srand(seed);
	for (iter = 0; iter < 400 && !bad; iter++) {
		uint32_t items[64 * 8];
		size_t start[65], nb = 1 + (size_t)rand() % 40, b, n = 0, i;
		unsigned bmask[64], z, y;
		long long cnt[1 << NI];
		struct basket_params p;
		struct basket_data d;
		struct basket_rules r;
		struct brule want[NI << NI];
		size_t nwant = 0, found;
		long long minc;

		for (b = 0; b < nb; b++) {
			size_t k = (size_t)rand() % 7;

			start[b] = n;
			bmask[b] = 0;
			while (k--) {
				/* skewed: low items more often; repeats allowed */
				uint32_t it = (uint32_t)(rand() % NI);

				if (rand() % 2)
					it = it / 2;
				items[n++] = it;
				bmask[b] |= 1u << it;
			}
		}
		start[nb] = n;
		d.nitems = NI;
		d.nbaskets = nb;
		d.items = items;
		d.start = start;
		p.min_support = 1 + rand() % 400000;
		p.min_confidence = rand() % 3 ? rand() % 1000001 : 0;
		p.max_len = 1 + rand() % 7;
		/* brute force: every itemset, counted over every basket */
		for (z = 0; z < (1u << NI); z++) {
			cnt[z] = 0;
			for (b = 0; b < nb; b++)
				cnt[z] += (bmask[b] & z) == z;
		}
		minc = (long long)(((unsigned long long)p.min_support * nb + 999999) / 1000000);
		if (minc < 1)
			minc = 1;
		for (z = 1; z < (1u << NI); z++) {
			if (cnt[z] < minc || popc(z) > p.max_len)
				continue;
			for (y = 0; y < NI; y++) {
				unsigned x = z & ~(1u << y);

				if (!(z & (1u << y)))
					continue;
				if ((unsigned long long)cnt[z] * 1000000 <
				    (unsigned long long)p.min_confidence * (unsigned long long)cnt[x])
					continue;
				want[nwant].lhs = x;
				want[nwant].rhs = y;
				want[nwant].count = cnt[z];
				want[nwant].lhs_count = cnt[x];
				want[nwant].rhs_count = cnt[1u << y];
				nwant++;
			}
		}
		basket_mine(&d, &p, &r);
		CHECK_INT(r.n, nwant);
		found = 0;
		for (i = 0; i < nwant; i++) {
			size_t k;

			for (k = 0; k < r.n; k++)
				if (mask_of(&r, &r.rule[k]) == want[i].lhs && r.rule[k].rhs == want[i].rhs)
					break;
			if (k == r.n)
				continue;
			found++;
			CHECK_INT(r.rule[k].count, want[i].count);
			CHECK_INT(r.rule[k].lhs_count, want[i].lhs_count);
			CHECK_INT(r.rule[k].rhs_count, want[i].rhs_count);
		}
		CHECK_INT(found, nwant);
		for (i = 0; i + 1 < r.n; i++)
			CHECK(ordered(&r, i));
		for (i = 0; i < r.n; i++) {
			uint32_t k;

			/* antecedents ascending, without their consequent */
			for (k = 0; k + 1 < r.rule[i].nlhs; k++)
				CHECK(r.items[r.rule[i].lhs + k] < r.items[r.rule[i].lhs + k + 1]);
			CHECK(!(mask_of(&r, &r.rule[i]) & (1u << r.rule[i].rhs)));
		}
		if (r.n != nwant || found != nwant) {
			printf("    iteration %u: %zu baskets, support %lld, confidence %lld, "
			       "max_len %lld\n", iter, nb, (long long)p.min_support,
			       (long long)p.min_confidence, (long long)p.max_len);
			bad = 1;
		}
		basket_rules_release(&r);
	}
}

static void
test_empty(void)
{
	struct basket_data d = { 3, 0, NULL, (const size_t[]){ 0 } };
	struct basket_params p = { 1000, 0, 10 };
	struct basket_rules r;

	basket_mine(&d, &p, &r);
	CHECK_INT(r.n, 0);
	CHECK_INT(r.nbaskets, 0);
	basket_rules_release(&r);
}

int
main(void)
{
	test_published_five();
	test_published_seven();
	test_figures();
	test_parse();
	test_brute_force();
	test_empty();
	return unit_done();
}
