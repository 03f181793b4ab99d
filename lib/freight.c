/* freight.c - freight templates of shop.yaml: fees and parcels */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "freight.h"
#include "money.h"
#include "parse.h"
#include "session.h"
#include "util.h"

struct region {
	char *name;        /* owned */
	int64_t first;     /* units covered by first_fee */
	int64_t first_fee;
	int64_t next;      /* units per next_fee past first, >= 1 */
	int64_t next_fee;
	int64_t free_over; /* goods total from which freight is 0 */
	int has_free_over;
};

static struct {
	int loaded;
	int configured;
	int by_count;          /* by: count, else by weight */
	int64_t max_parcel;    /* grams; 0: no max */
	struct region *region; /* owned; nregion of them */
	size_t nregion;
	const struct region *dflt; /* borrowed from region; NULL: none */
} F;

static const struct cnode *
child(const struct cnode *map, const char *key)
{
	const struct cnode *k;

	if (!map || map->type != CNODE_MAP)
		return NULL;
	for (k = map->child; k; k = k->next)
		if (!strcmp(k->key, key))
			return k;
	return NULL;
}

/* A scalar or die: config_check says so first, in a session. */
static const char *
scalar(const struct cnode *n, const char *path)
{
	if (n->type != CNODE_SCALAR)
		config_die(&S.cfg, n, "%s: expected a single value, not a %s", path,
			   n->type == CNODE_MAP ? "mapping" : "list");
	return n->value;
}

static int64_t
int_at(const struct cnode *n, const char *path, int64_t min)
{
	const char *s = scalar(n, path), *why;
	int64_t v;

	if (parse_int(s, min, INT64_MAX, &v, &why) < 0)
		config_die(&S.cfg, n, "%s: %s '%s'", path, why, s);
	return v;
}

static int64_t
money_at(const struct cnode *n, const char *path)
{
	const char *s = scalar(n, path), *why;
	int64_t v;

	if (money_parse(s, S.digits, &v, &why) < 0)
		config_die(&S.cfg, n, "%s: %s '%s'", path, why, s);
	if (v < 0)
		config_die(&S.cfg, n, "%s: a negative amount '%s'", path, s);
	return v;
}

/* Check one region and read it into r (r->name left alone). Dies 65 on
 * anything wrong; allocates nothing, so that dying leaks nothing. */
static void
region_read(const struct cnode *rn, struct region *r)
{
	static const char *const need[] = { "first", "first_fee", "next", "next_fee" };
	const struct cnode *v;
	struct cnode at;
	char path[512], missing[128];
	size_t i, len = 0;

	snprintf(path, sizeof path, "freight.regions.%s", rn->key);
	if (rn->type == CNODE_SEQ ||
	    (rn->type == CNODE_SCALAR && *rn->value))
		config_die(&S.cfg, rn, "%s: expected a mapping of keys, not a %s", path,
			   rn->type == CNODE_SEQ ? "list" : "single value");
	/* an empty value (`default:`) is where its key is */
	if (rn->type == CNODE_SCALAR) {
		at = *rn;
		at.line = rn->key_line;
		at.column = rn->key_column;
		rn = &at;
	}
	missing[0] = '\0';
	for (i = 0; i < sizeof need / sizeof need[0]; i++)
		if (!child(rn, need[i]))
			len += (size_t)snprintf(missing + len, sizeof missing - len, "%s%s",
						len ? ", " : "", need[i]);
	if (len)
		config_die(&S.cfg, rn, "%s: missing %s", path, missing);
	v = child(rn, "first");
	snprintf(path, sizeof path, "freight.regions.%s.first", rn->key);
	r->first = int_at(v, path, 0);
	v = child(rn, "next");
	snprintf(path, sizeof path, "freight.regions.%s.next", rn->key);
	r->next = int_at(v, path, 1);
	v = child(rn, "first_fee");
	snprintf(path, sizeof path, "freight.regions.%s.first_fee", rn->key);
	r->first_fee = money_at(v, path);
	v = child(rn, "next_fee");
	snprintf(path, sizeof path, "freight.regions.%s.next_fee", rn->key);
	r->next_fee = money_at(v, path);
	r->has_free_over = 0;
	r->free_over = 0;
	if ((v = child(rn, "free_over"))) {
		snprintf(path, sizeof path, "freight.regions.%s.free_over", rn->key);
		r->free_over = money_at(v, path);
		r->has_free_over = 1;
	}
}

/* Read and check the section once. Everything is checked before anything
 * is allocated. */
static void
load(void)
{
	const struct cnode *fr = config_node(&S.cfg, "freight"), *by, *max, *regs, *rn;
	struct region r;
	size_t n = 0, i;
	const char *s;

	if (F.loaded)
		return;
	F.loaded = 1;
	if (!fr || (fr->type == CNODE_SCALAR && !*fr->value) ||
	    (fr->type == CNODE_MAP && !fr->child))
		return;
	if (fr->type != CNODE_MAP)
		config_die(&S.cfg, fr, "freight: expected a mapping of keys, not a %s",
			   fr->type == CNODE_SEQ ? "list" : "single value");
	if (!(by = child(fr, "by")))
		config_die(&S.cfg, fr, "freight: missing by (use weight or count)");
	s = scalar(by, "freight.by");
	if (strcmp(s, "weight") && strcmp(s, "count"))
		config_die(&S.cfg, by, "freight.by: use weight or count, not '%s'", s);
	regs = child(fr, "regions");
	if (regs && regs->type != CNODE_MAP && !(regs->type == CNODE_SCALAR && !*regs->value))
		config_die(&S.cfg, regs, "freight.regions: expected a mapping of keys, not a %s",
			   regs->type == CNODE_SEQ ? "list" : "single value");
	if (!regs || regs->type != CNODE_MAP || !regs->child)
		config_die(&S.cfg, regs ? regs : fr,
			   "freight: no regions (give freight.regions.default at least)");
	for (rn = regs->child; rn; rn = rn->next, n++)
		region_read(rn, &r);
	max = child(fr, "max_parcel_weight_g");
	F.max_parcel = max ? int_at(max, "freight.max_parcel_weight_g", 1) : 0;

	F.configured = 1;
	F.by_count = !strcmp(s, "count");
	F.region = xcalloc(n, sizeof *F.region);
	F.nregion = n;
	for (rn = regs->child, i = 0; rn; rn = rn->next, i++) {
		region_read(rn, &F.region[i]);
		F.region[i].name = xstrdup(rn->key);
		if (!strcmp(rn->key, "default"))
			F.dflt = &F.region[i];
	}
}

void
freight_release(void)
{
	size_t i;

	for (i = 0; i < F.nregion; i++)
		free(F.region[i].name);
	free(F.region);
	memset(&F, 0, sizeof F);
}

int
freight_configured(void)
{
	load();
	return F.configured;
}

static enum res
check_lines(size_t n, const int64_t *weight_g, const int64_t *qty, struct why *w)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (qty[i] < 0)
			return res_fail(w, RES_BAD, "line %zu: a negative quantity %lld", i + 1,
					(long long)qty[i]);
		if (weight_g[i] < 0)
			return res_fail(w, RES_BAD, "line %zu: a negative weight %lld g", i + 1,
					(long long)weight_g[i]);
	}
	return RES_DONE;
}

enum res
freight_units(size_t n, const int64_t *weight_g, const int64_t *qty, int64_t *units,
	      struct why *w)
{
	int64_t sum = 0, u;
	size_t i;
	enum res r;

	load();
	*units = 0;
	if ((r = check_lines(n, weight_g, qty, w)) != RES_DONE)
		return r;
	for (i = 0; i < n; i++) {
		if (F.configured && F.by_count)
			u = qty[i];
		else if (__builtin_mul_overflow(weight_g[i], qty[i], &u))
			return res_fail(w, RES_BAD, "line %zu: weight out of range", i + 1);
		if (__builtin_add_overflow(sum, u, &sum))
			return res_fail(w, RES_BAD, "freight units out of range");
	}
	*units = sum;
	return RES_DONE;
}

static const struct region *
region_find(const char *name)
{
	size_t i;

	if (!name || !*name)
		return F.dflt;
	for (i = 0; i < F.nregion; i++)
		if (!strcmp(F.region[i].name, name))
			return &F.region[i];
	return F.dflt;
}

enum res
freight_fee(const char *region, int64_t units, int64_t goods, int64_t *fee, struct why *w)
{
	const struct region *r;
	int64_t steps, extra;

	load();
	*fee = 0;
	if (units < 0)
		return res_fail(w, RES_BAD, "negative freight units %lld", (long long)units);
	if (!F.configured)
		return RES_DONE;
	if (!(r = region_find(region))) {
		if (!region || !*region)
			return res_fail(w, RES_REFUSED,
					"no ship region, and no 'default' freight region");
		return res_fail(w, RES_REFUSED,
				"no freight template for region '%s' and no 'default' region",
				region);
	}
	if (r->has_free_over && goods >= r->free_over)
		return RES_DONE;
	if (units <= r->first) {
		*fee = r->first_fee;
		return RES_DONE;
	}
	/* ceil((units - first) / next), without units - first + next - 1 */
	steps = (units - r->first - 1) / r->next + 1;
	if (__builtin_mul_overflow(steps, r->next_fee, &extra) ||
	    __builtin_add_overflow(extra, r->first_fee, fee)) {
		*fee = 0;
		return res_fail(w, RES_BAD, "freight to region '%s' for %lld units out of range",
				r->name, (long long)units);
	}
	return RES_DONE;
}

/* ---- parcels ---- */

struct packer {
	struct parcels *p;
	size_t cap, pcap;
	int64_t max;        /* 0: no max */
};

static void
piece_add(struct packer *k, size_t line, int64_t qty, size_t parcel)
{
	struct parcels *p = k->p;

	if (p->npiece == k->pcap) {
		k->pcap = k->pcap ? k->pcap * 2 : 16;
		p->piece = xrealloc(p->piece, k->pcap * sizeof *p->piece);
	}
	p->piece[p->npiece].line = line;
	p->piece[p->npiece].qty = qty;
	p->piece[p->npiece].parcel = parcel;
	p->npiece++;
}

static size_t
parcel_new(struct packer *k)
{
	struct parcels *p = k->p;

	if (p->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 8;
		p->weight_g = xrealloc(p->weight_g, k->cap * sizeof *p->weight_g);
	}
	p->weight_g[p->n++] = 0;
	return p->n;
}

/* The first parcel from number `from` with room for weight, else a new
 * one. A parcel past the max (one overweight unit) has room for nothing. */
static size_t
parcel_fit(struct packer *k, size_t from, int64_t weight)
{
	struct parcels *p = k->p;
	size_t i;

	for (i = from ? from - 1 : 0; i < p->n; i++)
		if (p->weight_g[i] <= k->max && weight <= k->max - p->weight_g[i])
			return i + 1;
	return parcel_new(k);
}

static void
place(struct packer *k, size_t line, int64_t qty, int64_t weight, size_t parcel)
{
	k->p->weight_g[parcel - 1] += weight;
	piece_add(k, line, qty, parcel);
}

/* A line heavier than the max: pieces of per units (all weighing the
 * same, so each piece's search goes on from where the last one went: the
 * parcels before it had no room then and have none now), then the rest. */
static void
place_cut(struct packer *k, size_t line, int64_t unit_g, int64_t qty)
{
	int64_t per = unit_g > k->max ? 1 : k->max / unit_g;
	int64_t rest = qty % per, n = qty / per, i;
	size_t at = 1;

	for (i = 0; i < n; i++) {
		at = parcel_fit(k, at, per * unit_g);
		place(k, line, per, per * unit_g, at);
	}
	if (rest)
		place(k, line, rest, rest * unit_g, parcel_fit(k, 1, rest * unit_g));
}

enum res
freight_parcels(size_t n, const int64_t *weight_g, const int64_t *qty, struct parcels *p,
		struct why *w)
{
	struct packer k = { p, 0, 0, 0 };
	int64_t lw, sum = 0;
	size_t i;
	enum res r;

	load();
	memset(p, 0, sizeof *p);
	if ((r = check_lines(n, weight_g, qty, w)) != RES_DONE)
		return r;
	for (i = 0; i < n; i++) {
		if (__builtin_mul_overflow(weight_g[i], qty[i], &lw) ||
		    __builtin_add_overflow(sum, lw, &sum))
			return res_fail(w, RES_BAD, "line %zu: weight out of range", i + 1);
	}
	k.max = F.configured ? F.max_parcel : 0;
	for (i = 0; i < n; i++) {
		if (qty[i] == 0)
			continue;
		lw = weight_g[i] * qty[i];
		if (!k.max)
			place(&k, i, qty[i], lw, p->n ? 1 : parcel_new(&k));
		else if (lw > k.max)
			place_cut(&k, i, weight_g[i], qty[i]);
		else
			place(&k, i, qty[i], lw, parcel_fit(&k, 1, lw));
	}
	return RES_DONE;
}

void
parcels_release(struct parcels *p)
{
	free(p->weight_g);
	free(p->piece);
	memset(p, 0, sizeof *p);
}
