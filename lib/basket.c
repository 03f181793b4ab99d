/* basket.c - association rules over baskets (see basket.h).
 *
 * The frequent itemsets are a prefix tree grown depth first. A node is an
 * itemset P with the list of baskets that hold it (its occurrences); the
 * counts of all its extensions P + i, i after P's last item, come from one
 * pass over those baskets' items, and the occurrences of the frequent ones
 * from a second pass that deals each basket out to them (LCM's occurrence
 * delivery). A basket reaches only the nodes whose itemset it holds, so the
 * work follows the itemsets that occur and the occurrence lists of one
 * level of the descent never hold more than the items of the baskets
 * below it. The tree keeps every frequent itemset's count, children
 * contiguous in item order, so a rule finds its antecedent's count by a
 * walk from the root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basket.h"
#include "money.h"
#include "util.h"

__extension__ typedef unsigned __int128 u128;

#define NONE UINT32_MAX

/* An itemset of the tree: its last item, its count, where its children are. */
struct node {
	int64_t count;
	size_t parent;          /* the itemset less its last item (root: 0) */
	size_t kids;            /* the first child; they follow in item order */
	uint32_t nkids;
	uint32_t item;          /* a frequent item (dense number) */
	uint32_t depth;         /* items in the set */
};

/* Occurrence lists of one level of the descent (the children of the node
 * being descended at the level above). */
struct level {
	uint32_t *occ;          /* owned */
	size_t cap;
};

struct miner {
	/* the baskets over the frequent items, items ascending */
	uint32_t *items;        /* owned */
	size_t *start;          /* owned: nb + 1 */
	uint32_t nb;
	uint32_t m;             /* frequent items, numbered 0 .. m-1 */
	int64_t minc;           /* the least count of a frequent itemset */
	uint32_t max_len;
	struct node *node;      /* owned: the tree, node 0 the empty set */
	size_t nnode, capnode;
	int64_t *cnt;           /* owned: m counters, zero between passes */
	uint32_t *slot;         /* owned: m, a child's number + 1 in the pass that deals */
	uint32_t *touched;      /* owned: the items counted in a pass */
	struct level *lvl;      /* owned: max_len + 1 levels */
};

int64_t
basket_min_count(int64_t min_support, int64_t nbaskets)
{
	int64_t c = (int64_t)(((u128)min_support * (u128)nbaskets + BASKET_ONE - 1) / BASKET_ONE);

	return c < 1 ? 1 : c;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The first position in the sorted items[lo, hi) holding more than v. */
static size_t
after(const uint32_t *items, size_t lo, size_t hi, uint32_t v)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (items[mid] <= v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t
new_nodes(struct miner *mi, size_t n)
{
	size_t first = mi->nnode;

	if (mi->nnode + n > mi->capnode) {
		while (mi->nnode + n > mi->capnode)
			mi->capnode = mi->capnode ? mi->capnode * 2 : 1024;
		mi->node = xrealloc(mi->node, mi->capnode * sizeof *mi->node);
	}
	mi->nnode += n;
	return first;
}

/*
 * Grow node p (its itemset held by the baskets occ[0..nocc), or by every
 * basket when occ is NULL): count its extensions, add the frequent ones as
 * its children, and unless they are as long as a rule may be, deal the
 * baskets out to them and grow each in turn.
 */
static void
grow(struct miner *mi, size_t p, const uint32_t *occ, size_t nocc)
{
	uint32_t depth = mi->node[p].depth, tail = depth ? mi->node[p].item : NONE;
	size_t i, j, t = 0, nk = 0, kids, *off;
	struct level *lv;

	/* count every extension in the baskets that hold p */
	for (i = 0; i < nocc; i++) {
		uint32_t b = occ ? occ[i] : (uint32_t)i;
		size_t end = mi->start[b + 1];

		j = tail == NONE ? mi->start[b] : after(mi->items, mi->start[b], end, tail);
		for (; j < end; j++)
			if (mi->cnt[mi->items[j]]++ == 0)
				mi->touched[t++] = mi->items[j];
	}
	/* the frequent ones, in item order, become the children */
	for (i = 0; i < t; i++)
		if (mi->cnt[mi->touched[i]] >= mi->minc)
			mi->touched[nk++] = mi->touched[i];
		else
			mi->cnt[mi->touched[i]] = 0;
	qsort(mi->touched, nk, sizeof *mi->touched, cmp_u32);
	kids = new_nodes(mi, nk);
	mi->node[p].kids = kids;
	mi->node[p].nkids = (uint32_t)nk;
	for (i = 0; i < nk; i++) {
		struct node *c = &mi->node[kids + i];
		uint32_t item = mi->touched[i];

		c->count = mi->cnt[item];
		c->parent = p;
		c->kids = 0;
		c->nkids = 0;
		c->item = item;
		c->depth = depth + 1;
		mi->cnt[item] = 0;
	}
	if (!nk || depth + 1 >= mi->max_len)
		return;
	/* deal the baskets out to the children: their lists end to end */
	off = xmalloc((nk + 1) * sizeof *off);
	off[0] = 0;
	for (i = 0; i < nk; i++) {
		off[i + 1] = off[i] + (size_t)mi->node[kids + i].count;
		mi->slot[mi->node[kids + i].item] = (uint32_t)i + 1;
	}
	lv = &mi->lvl[depth + 1];
	if (off[nk] > lv->cap) {
		lv->cap = off[nk];
		free(lv->occ);
		lv->occ = xmalloc(lv->cap * sizeof *lv->occ);
	}
	{
		size_t *fill = xmalloc(nk * sizeof *fill);

		memcpy(fill, off, nk * sizeof *fill);
		for (i = 0; i < nocc; i++) {
			uint32_t b = occ ? occ[i] : (uint32_t)i, s;
			size_t end = mi->start[b + 1];

			j = tail == NONE ? mi->start[b] : after(mi->items, mi->start[b], end, tail);
			for (; j < end; j++)
				if ((s = mi->slot[mi->items[j]]))
					lv->occ[fill[s - 1]++] = b;
		}
		free(fill);
	}
	for (i = 0; i < nk; i++)
		mi->slot[mi->node[kids + i].item] = 0;
	/* a child's list stays put while it grows: its own children's lists
	 * go one level further down */
	for (i = 0; i < nk; i++)
		grow(mi, kids + i, lv->occ + off[i], off[i + 1] - off[i]);
	free(off);
}

/* The count of the itemset set[0..n) (dense items, ascending): a walk
 * from the root; every subset of a frequent itemset is in the tree. */
static int64_t
lookup(const struct miner *mi, const uint32_t *set, size_t n)
{
	size_t p = 0, k;

	for (k = 0; k < n; k++) {
		const struct node *nd = &mi->node[p];
		size_t lo = nd->kids, hi = nd->kids + nd->nkids;

		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (mi->node[mid].item < set[k])
				lo = mid + 1;
			else
				hi = mid;
		}
		p = lo;
	}
	return mi->node[p].count;
}

static int
cmp_rule(const void *a, const void *b, void *arg)
{
	const struct basket_rule *x = a, *y = b;
	const uint32_t *items = arg;
	u128 l, r;
	uint32_t i;

	/* lift = count x n / (lhs x rhs): n is common */
	l = (u128)x->count * (u128)y->lhs_count * (u128)y->rhs_count;
	r = (u128)y->count * (u128)x->lhs_count * (u128)x->rhs_count;
	if (l != r)
		return l > r ? -1 : 1;
	l = (u128)x->count * (u128)y->lhs_count;
	r = (u128)y->count * (u128)x->lhs_count;
	if (l != r)
		return l > r ? -1 : 1;
	if (x->count != y->count)
		return x->count > y->count ? -1 : 1;
	for (i = 0; i < x->nlhs && i < y->nlhs; i++)
		if (items[x->lhs + i] != items[y->lhs + i])
			return items[x->lhs + i] < items[y->lhs + i] ? -1 : 1;
	if (x->nlhs != y->nlhs)
		return x->nlhs < y->nlhs ? -1 : 1;
	return x->rhs < y->rhs ? -1 : x->rhs > y->rhs;
}

/* Every rule out of every itemset of the tree. */
static void
rules(const struct miner *mi, const uint32_t *orig, int64_t min_conf, struct basket_rules *out)
{
	size_t capr = 0, capi = 0, ni = 0, z, j, k;
	uint32_t set[64], *big = NULL, *zs, *xs;

	for (z = 1; z < mi->nnode; z++) {
		const struct node *nd = &mi->node[z];
		size_t n = nd->depth, q = z;

		zs = set;
		if (2 * n > sizeof set / sizeof *set) {
			big = xrealloc(big, 2 * n * sizeof *big);
			zs = big;
		}
		xs = zs + n;
		for (k = n; k-- > 0; q = mi->node[q].parent)
			zs[k] = mi->node[q].item;
		for (j = 0; j < n; j++) {
			struct basket_rule *r;
			int64_t cx;

			for (k = 0; k < n - 1; k++)
				xs[k] = zs[k < j ? k : k + 1];
			cx = n == 1 ? (int64_t)mi->nb : lookup(mi, xs, n - 1);
			/* count / cx >= min_conf / BASKET_ONE */
			if ((u128)nd->count * BASKET_ONE < (u128)min_conf * (u128)cx)
				continue;
			if (out->n == capr) {
				capr = capr ? capr * 2 : 256;
				out->rule = xrealloc(out->rule, capr * sizeof *out->rule);
			}
			if (ni + n > capi) {
				while (ni + n > capi)
					capi = capi ? capi * 2 : 1024;
				out->items = xrealloc(out->items, capi * sizeof *out->items);
			}
			r = &out->rule[out->n++];
			r->lhs = ni;
			r->nlhs = (uint32_t)(n - 1);
			for (k = 0; k < n - 1; k++)
				out->items[ni++] = orig[xs[k]];
			r->rhs = orig[zs[j]];
			r->count = nd->count;
			r->lhs_count = cx;
			r->rhs_count = mi->node[mi->node[0].kids + zs[j]].count;
		}
	}
	free(big);
}

void
basket_mine(const struct basket_data *d, const struct basket_params *p, struct basket_rules *out)
{
	struct miner mi;
	int64_t *freq;
	uint32_t *dense, *orig, *buf;
	size_t b, i, n, longest = 0;

	memset(out, 0, sizeof *out);
	memset(&mi, 0, sizeof mi);
	out->nbaskets = (int64_t)d->nbaskets;
	if (!d->nbaskets || !d->nitems || p->max_len < 1)
		return;
	mi.nb = (uint32_t)d->nbaskets;
	mi.minc = basket_min_count(p->min_support, out->nbaskets);
	/* each basket a set: its items sorted, once each */
	buf = xmalloc((d->start[d->nbaskets] + 1) * sizeof *buf);
	mi.start = xmalloc((d->nbaskets + 1) * sizeof *mi.start);
	freq = xcalloc(d->nitems, sizeof *freq);
	for (b = 0, n = 0; b < d->nbaskets; b++) {
		size_t s = n, len = d->start[b + 1] - d->start[b];

		memcpy(buf + s, d->items + d->start[b], len * sizeof *buf);
		qsort(buf + s, len, sizeof *buf, cmp_u32);
		for (i = 0; i < len; i++)
			if (n == s || buf[s + i] != buf[n - 1]) {
				buf[n++] = buf[s + i];
				freq[buf[n - 1]]++;
			}
		mi.start[b] = s;
	}
	mi.start[d->nbaskets] = n;
	/* the frequent items, numbered densely in the data's order (so a
	 * basket stays sorted); the others leave the baskets */
	dense = xmalloc(d->nitems * sizeof *dense);
	orig = xmalloc(d->nitems * sizeof *orig);
	for (i = 0; i < d->nitems; i++)
		if (freq[i] >= mi.minc) {
			orig[mi.m] = (uint32_t)i;
			dense[i] = mi.m++;
		} else {
			dense[i] = NONE;
		}
	mi.items = buf;
	for (b = 0, n = 0; b < d->nbaskets; b++) {
		size_t s = mi.start[b], e = mi.start[b + 1];

		mi.start[b] = n;
		for (i = s; i < e; i++)
			if (dense[buf[i]] != NONE)
				buf[n++] = dense[buf[i]];
		if (n - mi.start[b] > longest)
			longest = n - mi.start[b];
	}
	mi.start[d->nbaskets] = n;
	free(dense);
	free(freq);
	/* a rule is no longer than the longest basket */
	mi.max_len = (uint32_t)((uint64_t)p->max_len < longest ? (uint64_t)p->max_len : longest);
	if (mi.m && mi.max_len) {
		mi.cnt = xcalloc(mi.m, sizeof *mi.cnt);
		mi.slot = xcalloc(mi.m, sizeof *mi.slot);
		mi.touched = xmalloc(mi.m * sizeof *mi.touched);
		mi.lvl = xcalloc(mi.max_len + 1, sizeof *mi.lvl);
		new_nodes(&mi, 1);
		memset(&mi.node[0], 0, sizeof mi.node[0]);
		mi.node[0].count = (int64_t)mi.nb;
		grow(&mi, 0, NULL, mi.nb);
		rules(&mi, orig, p->min_confidence, out);
		for (i = 0; i <= mi.max_len; i++)
			free(mi.lvl[i].occ);
	}
	free(mi.lvl);
	free(mi.touched);
	free(mi.slot);
	free(mi.cnt);
	free(mi.node);
	free(mi.items);
	free(mi.start);
	free(orig);
	if (out->n)
		qsort_r(out->rule, out->n, sizeof *out->rule, cmp_rule, out->items);
}

void
basket_rules_release(struct basket_rules *r)
{
	free(r->rule);
	free(r->items);
	memset(r, 0, sizeof *r);
}

/* num / den with 6 decimals, rounded half up. */
static void
ratio6(u128 num, u128 den, char *buf)
{
	u128 q = (num * 2 * BASKET_ONE + den) / (2 * den);

	snprintf(buf, BASKET_FIGSZ, "%llu.%06llu", (unsigned long long)(q / BASKET_ONE),
		 (unsigned long long)(q % BASKET_ONE));
}

void
basket_figures(const struct basket_rules *r, const struct basket_rule *x, char *support,
	       char *confidence, char *lift)
{
	ratio6((u128)x->count, (u128)r->nbaskets, support);
	ratio6((u128)x->count, (u128)x->lhs_count, confidence);
	ratio6((u128)x->count * (u128)r->nbaskets, (u128)x->lhs_count * (u128)x->rhs_count, lift);
}

int
basket_parse_ratio(const char *s, int64_t *millionths, const char **why)
{
	int64_t v;

	if (money_parse(s, 6, &v, why) < 0)
		return -1;
	if (v < 0 || v > BASKET_ONE) {
		*why = "not between 0 and 1";
		return -1;
	}
	*millionths = v;
	return 0;
}
