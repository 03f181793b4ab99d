/* report_basket.c - the baskets of the shop's orders, read in one pass,
 * and their rules (see report_basket.h). Only the SKUs frequent enough to
 * be in a rule are named: their codes are looked up once the counts are
 * known. */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "parse.h"
#include "report_basket.h"
#include "strmap.h"
#include "util.h"

/* Above this many SKUs to name, one pass over the catalogue beats a
 * look-up each (a round trip each on a server). */
#define LOOKUP_MAX 256

struct sku_ref {
	int64_t id;
	uint32_t tmp;           /* its number while reading */
	const char *code;       /* borrowed from out->sku */
};

static int
by_code(const void *a, const void *b)
{
	return strcmp(((const struct sku_ref *)a)->code, ((const struct sku_ref *)b)->code);
}

/* The codes of the SKUs refs[0..n) names by id. */
static void
name_skus(struct sku_ref *refs, size_t n, char **codes)
{
	struct pairmap at = PAIRMAP_INIT;
	struct pairmap_ent *e;
	db_stmt *st;
	size_t i;

	if (n <= LOOKUP_MAX) {
		st = db_prep("SELECT sku FROM sku WHERE id = ?1");
		for (i = 0; i < n; i++) {
			db_bind_int(st, 1, refs[i].id);
			codes[i] = db_step(st) ? xstrdup(db_col_text(st, 0)) : xstrdup("");
			db_reset(st);
			refs[i].code = codes[i];
		}
		return;
	}
	for (i = 0; i < n; i++)
		pairmap_at(&at, refs[i].id, 0, NULL)->val = (int64_t)i;
	st = db_prep("SELECT id, sku FROM sku");
	while (db_step(st))
		if ((e = pairmap_get(&at, db_col_int(st, 0), 0))) {
			codes[e->val] = xstrdup(db_col_text(st, 1));
			refs[e->val].code = codes[e->val];
		}
	for (i = 0; i < n; i++)
		if (!refs[i].code)
			refs[i].code = codes[i] = xstrdup("");
	pairmap_release(&at);
}

void
report_basket(const struct basket_window *w, const struct basket_params *p,
	      struct basket_report *out)
{
	struct pairmap ids = PAIRMAP_INIT;  /* sku id -> its number while reading */
	uint32_t *items = NULL, *num, *stamp;
	size_t *start = NULL, n = 0, cap = 0, nb = 0, capb = 0, i, b, k, nids, nfreq = 0;
	int64_t order = -1, *freq, minc;
	struct sku_ref *refs;
	struct basket_data d;
	char from[TIME_BUFSZ], until[TIME_BUFSZ];
	db_stmt *st;

	memset(out, 0, sizeof *out);
	/* every line of the live orders in the window, an order's together */
	st = db_prep("SELECT o.id, l.sku_id FROM orders o JOIN order_line l ON l.order_id = o.id "
		     "WHERE o.status <> 'cancelled' AND o.status <> 'rejected' "
		     "AND (CAST(?1 AS TEXT) IS NULL OR o.created_at >= ?1) "
		     "AND (CAST(?2 AS TEXT) IS NULL OR o.created_at < ?2) ORDER BY o.id");
	db_bind_text(st, 1, w->has_from ? format_time(w->from, from) : NULL);
	db_bind_text(st, 2, w->has_until ? format_time(w->until, until) : NULL);
	while (db_step(st)) {
		int64_t o = db_col_int(st, 0), sku = db_col_int(st, 1);
		struct pairmap_ent *e;
		int created;

		if (o != order) {
			if (nb + 1 >= capb) {
				capb = capb ? capb * 2 : 1024;
				start = xrealloc(start, capb * sizeof *start);
			}
			start[nb++] = n;
			order = o;
		}
		e = pairmap_at(&ids, sku, 0, &created);
		if (created)
			e->val = (int64_t)ids.n - 1;
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			items = xrealloc(items, cap * sizeof *items);
		}
		items[n++] = (uint32_t)e->val;
	}
	if (!nb) {
		free(items);
		free(start);
		pairmap_release(&ids);
		return;
	}
	start[nb] = n;
	/* how many baskets hold each SKU: those that reach the support are
	 * the only ones a rule can name */
	nids = ids.n;
	freq = xcalloc(nids, sizeof *freq);
	stamp = xmalloc(nids * sizeof *stamp);
	memset(stamp, 0xff, nids * sizeof *stamp);
	for (b = 0; b < nb; b++)
		for (i = start[b]; i < start[b + 1]; i++)
			if (stamp[items[i]] != (uint32_t)b) {
				stamp[items[i]] = (uint32_t)b;
				freq[items[i]]++;
			}
	free(stamp);
	minc = basket_min_count(p->min_support, (int64_t)nb);
	refs = xcalloc(nids, sizeof *refs);
	for (i = 0; i < ids.cap; i++)
		if (ids.v[i].used && freq[ids.v[i].val] >= minc) {
			refs[nfreq].id = ids.v[i].a;
			refs[nfreq++].tmp = (uint32_t)ids.v[i].val;
		}
	pairmap_release(&ids);
	free(freq);
	/* numbered by code: antecedents list their SKUs in that order */
	out->sku = xcalloc(nfreq ? nfreq : 1, sizeof *out->sku);
	out->nsku = nfreq;
	name_skus(refs, nfreq, out->sku);
	qsort(refs, nfreq, sizeof *refs, by_code);
	num = xmalloc(nids * sizeof *num);
	memset(num, 0xff, nids * sizeof *num);
	for (i = 0; i < nfreq; i++) {
		out->sku[i] = (char *)refs[i].code;
		num[refs[i].tmp] = (uint32_t)i;
	}
	free(refs);
	/* the baskets over those SKUs alone; every order still counts */
	for (b = 0, k = 0; b < nb; b++) {
		size_t s = start[b];

		start[b] = k;
		for (i = s; i < start[b + 1]; i++)
			if (num[items[i]] != UINT32_MAX)
				items[k++] = num[items[i]];
	}
	start[nb] = k;
	free(num);
	d.nitems = nfreq;
	d.nbaskets = nb;
	d.items = items;
	d.start = start;
	basket_mine(&d, p, &out->rules);
	free(items);
	free(start);
}

void
basket_report_release(struct basket_report *r)
{
	size_t i;

	basket_rules_release(&r->rules);
	for (i = 0; i < r->nsku; i++)
		free(r->sku[i]);
	free(r->sku);
	memset(r, 0, sizeof *r);
}
