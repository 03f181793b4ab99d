/* promo.c - promotions: create, import, export, list, check, and applying
 * them to a cart (see promo.h for every rule decided here) */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "money.h"
#include "parse.h"
#include "product.h"
#include "promo.h"
#include "session.h"
#include "util.h"
#include "yamlrec.h"

struct promo_set {
	struct promo *p;                /* owned: in the order of application */
	size_t n, cap;
};

const char *const promo_type_words[] = { "bundle", "nform", "percent", "threshold", "gift", NULL };

/* the most units of a SKU in a bundle or a gift, and the largest --buy */
#define ITEM_QTY_MAX 1000000
#define NFORM_MAX 1000000

void
promo_release(struct promo *p)
{
	size_t i;

	free(p->code);
	scope_release(&p->scope);
	scope_release(&p->exclude);
	free(p->scope_text);
	free(p->exclude_text);
	free(p->channel);
	free(p->level);
	free(p->tiers);
	for (i = 0; i < p->nitems; i++)
		free(p->items[i].sku);
	free(p->items);
	memset(p, 0, sizeof *p);
}

/* ---- the options each type takes ---- */

enum opt_bit {
	O_TIER = 1, O_VALUE = 2, O_MAX = 4, O_BUY = 8, O_PAY = 16, O_MIN_SPEND = 32, O_GIFT = 64,
	O_BUNDLE = 128, O_PRICE = 256, O_SCOPE = 512, O_EXCLUDE = 1024
};

static const struct {
	int takes, needs;
} type_opts[] = {
	[PROMO_BUNDLE] = { O_BUNDLE | O_PRICE, O_BUNDLE | O_PRICE },
	[PROMO_NFORM] = { O_BUY | O_PAY | O_SCOPE | O_EXCLUDE, O_BUY | O_PAY },
	[PROMO_PERCENT] = { O_VALUE | O_MAX | O_SCOPE | O_EXCLUDE, O_VALUE },
	[PROMO_THRESHOLD] = { O_TIER | O_SCOPE | O_EXCLUDE, O_TIER },
	[PROMO_GIFT] = { O_MIN_SPEND | O_GIFT | O_SCOPE | O_EXCLUDE, O_MIN_SPEND | O_GIFT },
};

/* in the order of the synopsis */
static const struct {
	int bit;
	const char *name;
} opt_names[] = {
	{ O_SCOPE, "scope" }, { O_EXCLUDE, "exclude" }, { O_TIER, "tier" }, { O_VALUE, "value" },
	{ O_MAX, "max-discount" }, { O_BUY, "buy" }, { O_PAY, "pay" },
	{ O_MIN_SPEND, "min-spend" }, { O_GIFT, "gift" }, { O_BUNDLE, "bundle" },
	{ O_PRICE, "price" },
};
#define NOPT_NAMES (sizeof opt_names / sizeof opt_names[0])

static int
given_opts(const struct promo_in *in)
{
	return (in->ntiers ? O_TIER : 0) | (in->value ? O_VALUE : 0) |
	       (in->max_discount ? O_MAX : 0) | (in->buy ? O_BUY : 0) | (in->pay ? O_PAY : 0) |
	       (in->min_spend ? O_MIN_SPEND : 0) | (in->ngifts ? O_GIFT : 0) |
	       (in->nbundle ? O_BUNDLE : 0) | (in->price ? O_PRICE : 0) |
	       (in->scope ? O_SCOPE : 0) | (in->exclude ? O_EXCLUDE : 0);
}

static enum res
parse_type(const char *text, enum promo_type *t, struct why *w)
{
	size_t i;

	if (!text)
		return res_fail(w, RES_BAD, "missing --type (bundle, nform, percent, threshold or gift)");
	for (i = 0; promo_type_words[i]; i++)
		if (!strcmp(text, promo_type_words[i])) {
			*t = (enum promo_type)i;
			return RES_DONE;
		}
	return res_fail(w, RES_BAD, "unknown --type '%s' (bundle, nform, percent, threshold or gift)",
			text);
}

enum res
promo_check_options(const struct promo_in *in, struct why *w)
{
	enum promo_type t;
	enum res r;
	int given = given_opts(in);
	size_t i;

	if ((r = parse_type(in->type, &t, w)))
		return r;
	for (i = 0; i < NOPT_NAMES; i++)
		if ((given & opt_names[i].bit) && !(type_opts[t].takes & opt_names[i].bit))
			return res_fail(w, RES_BAD, "--%s does not apply to --type %s",
					opt_names[i].name, promo_type_words[t]);
	for (i = 0; i < NOPT_NAMES; i++)
		if ((type_opts[t].needs & opt_names[i].bit) && !(given & opt_names[i].bit))
			return res_fail(w, RES_BAD, "--type %s needs --%s", promo_type_words[t],
					opt_names[i].name);
	return RES_DONE;
}

/* ---- parsing a promotion as given ---- */

static enum res
amount(const char *opt, const char *s, int64_t min, int64_t *out, struct why *w)
{
	const char *why;

	if (money_parse(s, S.digits, out, &why) < 0)
		return res_fail(w, RES_BAD, "bad --%s '%s': %s", opt, s, why);
	if (*out < min)
		return res_fail(w, RES_BAD, "bad --%s '%s': %s", opt, s,
				min > 0 ? "not more than 0" : "negative");
	return RES_DONE;
}

static enum res
whole(const char *opt, const char *s, int64_t min, int64_t max, int64_t *out, struct why *w)
{
	const char *why;

	if (parse_int(s, min, max, out, &why) < 0)
		return res_fail(w, RES_BAD, "bad --%s '%s': %s (%lld to %lld)", opt, s, why,
				(long long)min, (long long)max);
	return RES_DONE;
}

/* A channel or a level: "" for any, else a word without invisible characters. */
static enum res
word(const char *opt, const char *s, char **out, struct why *w)
{
	const char *why;

	if (s && *s && check_code_text(s, &why) < 0)
		return res_fail(w, RES_BAD, "bad --%s '%s': %s", opt, s, why);
	*out = xstrdup(s ? s : "");
	return RES_DONE;
}

/* Call each(item, arg) for every comma-separated item of every value. */
static enum res
each_item(const char *const *vals, size_t n,
	  enum res (*each)(const char *item, void *arg, struct why *w), void *arg, struct why *w)
{
	enum res r = RES_DONE;
	size_t i;

	for (i = 0; i < n && !r; i++) {
		const char *v = vals[i];

		for (;;) {
			size_t len = strcspn(v, ",");
			char *item = xstrndup(v, len);

			r = each(item, arg, w);
			free(item);
			if (r || !v[len])
				break;
			v += len + 1;
		}
	}
	return r;
}

static int
by_spend(const void *a, const void *b)
{
	const struct promo_tier *x = a, *y = b;

	return (x->spend > y->spend) - (x->spend < y->spend);
}

static int
by_sku(const void *a, const void *b)
{
	return strcmp(((const struct promo_item *)a)->sku, ((const struct promo_item *)b)->sku);
}

static enum res
add_tier(const char *item, void *arg, struct why *w)
{
	struct promo *p = arg;
	const char *colon = strchr(item, ':'), *why = NULL;
	struct promo_tier t;
	char *spend;
	size_t i;

	if (!colon || strchr(colon + 1, ':'))
		return res_fail(w, RES_BAD, "bad --tier '%s': give SPEND:OFF (300.00:30.00)", item);
	spend = xstrndup(item, (size_t)(colon - item));
	if (money_parse(spend, S.digits, &t.spend, &why) == 0)
		money_parse(colon + 1, S.digits, &t.off, &why);
	free(spend);
	if (why)
		return res_fail(w, RES_BAD, "bad --tier '%s': %s", item, why);
	if (t.spend <= 0 || t.off <= 0)
		return res_fail(w, RES_BAD, "bad --tier '%s': SPEND and OFF are more than 0", item);
	if (t.off > t.spend)
		return res_fail(w, RES_BAD, "bad --tier '%s': more off than the spend", item);
	for (i = 0; i < p->ntiers; i++)
		if (p->tiers[i].spend == t.spend)
			return res_fail(w, RES_BAD, "bad --tier '%s': a tier of that spend is given already",
					item);
	p->tiers = xrealloc(p->tiers, (p->ntiers + 1) * sizeof *p->tiers);
	p->tiers[p->ntiers++] = t;
	return RES_DONE;
}

struct item_ctx {
	struct promo *p;
	const char *opt;
};

static enum res
add_item(const char *item, void *arg, struct why *w)
{
	struct item_ctx *c = arg;
	struct promo *p = c->p;
	const char *colon = strrchr(item, ':'); /* a sku may hold a colon, a qty cannot */
	struct promo_item it;
	const char *why;
	enum res r;
	size_t i;

	if (!colon || colon == item)
		return res_fail(w, RES_BAD, "bad --%s '%s': give SKU:QTY", c->opt, item);
	if (parse_int(colon + 1, 1, ITEM_QTY_MAX, &it.qty, &why) < 0)
		return res_fail(w, RES_BAD, "bad --%s '%s': the qty is %s (1 to %d)", c->opt, item,
				why, ITEM_QTY_MAX);
	it.sku = xstrndup(item, (size_t)(colon - item));
	if ((r = product_find(it.sku, &it.sku_id, w))) {
		free(it.sku);
		return r;
	}
	for (i = 0; i < p->nitems; i++)
		if (p->items[i].sku_id == it.sku_id) {
			r = res_fail(w, RES_BAD, "bad --%s: sku '%s' given twice", c->opt, it.sku);
			free(it.sku);
			return r;
		}
	p->items = xrealloc(p->items, (p->nitems + 1) * sizeof *p->items);
	p->items[p->nitems++] = it;
	return RES_DONE;
}

static enum res
parse_time_opt(const char *opt, const char *s, int *has, int64_t *t, struct why *w)
{
	const char *why;

	*has = s && *s;
	if (*has && parse_time(s, t, &why) < 0)
		return res_fail(w, RES_BAD, "bad --%s '%s': %s", opt, s, why);
	return RES_DONE;
}

/* The scope of a bundle: its SKUs, by code. */
static void
bundle_scope(struct promo *p)
{
	size_t i;

	p->scope.kind = SCOPE_SKU;
	p->scope.names = xcalloc(p->nitems, sizeof *p->scope.names);
	p->scope.n = p->nitems;
	for (i = 0; i < p->nitems; i++)
		p->scope.names[i] = xstrdup(p->items[i].sku);
	scope_index(&p->scope);
}

static char *
scope_canon(const struct scope *s)
{
	struct sbuf b = SBUF_INIT;
	char *t;

	scope_text(s, &b);
	t = xstrdup(sbuf_str(&b));
	sbuf_release(&b);
	return t;
}

/* in -> p (canonical: tiers by spend, items by sku); release p either way */
static enum res
promo_parse(const struct promo_in *in, struct promo *p, struct why *w)
{
	struct item_ctx ic = { p, NULL };
	const char *why;
	enum res r;

	memset(p, 0, sizeof *p);
	if ((r = promo_check_options(in, w)) || (r = parse_type(in->type, &p->type, w)))
		return r;
	if (!in->code)
		return res_fail(w, RES_BAD, "missing code");
	if (check_code_text(in->code, &why) < 0)
		return res_fail(w, RES_BAD, "bad promotion code '%s': %s", in->code, why);
	p->code = xstrdup(in->code);
	if (in->exclusive) {
		if (parse_bool(in->exclusive, &p->exclusive, &why) < 0)
			return res_fail(w, RES_BAD, "bad --exclusive '%s': %s", in->exclusive, why);
	}
	if ((r = parse_time_opt("from", in->from, &p->has_from, &p->from, w)) ||
	    (r = parse_time_opt("until", in->until, &p->has_until, &p->until, w)))
		return r;
	if (p->has_from && p->has_until && p->from >= p->until)
		return res_fail(w, RES_BAD, "--until '%s' is not after --from '%s'", in->until, in->from);
	if ((r = word("channel", in->channel, &p->channel, w)) ||
	    (r = word("level", in->level, &p->level, w)))
		return r;
	switch (p->type) {
	case PROMO_THRESHOLD:
		if ((r = each_item(in->tiers, in->ntiers, add_tier, p, w)))
			return r;
		qsort(p->tiers, p->ntiers, sizeof *p->tiers, by_spend);
		break;
	case PROMO_PERCENT:
		if ((r = whole("value", in->value, 1, 100, &p->pct, w)))
			return r;
		p->has_max = in->max_discount != NULL;
		if (p->has_max && (r = amount("max-discount", in->max_discount, 1, &p->max_discount, w)))
			return r;
		break;
	case PROMO_NFORM:
		if ((r = whole("buy", in->buy, 1, NFORM_MAX, &p->buy, w)) ||
		    (r = whole("pay", in->pay, 0, NFORM_MAX, &p->pay, w)))
			return r;
		if (p->pay >= p->buy)
			return res_fail(w, RES_BAD, "--pay %lld is not less than --buy %lld",
					(long long)p->pay, (long long)p->buy);
		break;
	case PROMO_GIFT:
		if ((r = amount("min-spend", in->min_spend, 1, &p->min_spend, w)))
			return r;
		ic.opt = "gift";
		if ((r = each_item(in->gifts, in->ngifts, add_item, &ic, w)))
			return r;
		break;
	case PROMO_BUNDLE:
		if ((r = amount("price", in->price, 0, &p->price, w)))
			return r;
		ic.opt = "bundle";
		if ((r = each_item(in->bundle, in->nbundle, add_item, &ic, w)))
			return r;
		break;
	}
	if (p->nitems)
		qsort(p->items, p->nitems, sizeof *p->items, by_sku);
	if (p->type == PROMO_BUNDLE)
		bundle_scope(p);
	else if ((r = scope_parse("scope", in->scope && *in->scope ? in->scope : "all", &p->scope, w)) ||
		 (r = scope_parse("exclude", in->exclude ? in->exclude : "", &p->exclude, w)))
		return r;
	p->scope_text = scope_canon(&p->scope);
	p->exclude_text = scope_canon(&p->exclude);
	return RES_DONE;
}

/* ---- storing and loading ---- */

static int
same(const struct promo *a, const struct promo *b)
{
	size_t i;

	if (a->type != b->type || strcmp(a->scope_text, b->scope_text) ||
	    strcmp(a->exclude_text, b->exclude_text) || a->has_from != b->has_from ||
	    (a->has_from && a->from != b->from) || a->has_until != b->has_until ||
	    (a->has_until && a->until != b->until) || strcmp(a->channel, b->channel) ||
	    strcmp(a->level, b->level) || a->exclusive != b->exclusive || a->pct != b->pct ||
	    a->has_max != b->has_max || (a->has_max && a->max_discount != b->max_discount) ||
	    a->buy != b->buy || a->pay != b->pay || a->min_spend != b->min_spend ||
	    a->price != b->price || a->ntiers != b->ntiers || a->nitems != b->nitems)
		return 0;
	for (i = 0; i < a->ntiers; i++)
		if (a->tiers[i].spend != b->tiers[i].spend || a->tiers[i].off != b->tiers[i].off)
			return 0;
	for (i = 0; i < a->nitems; i++)
		if (a->items[i].sku_id != b->items[i].sku_id || a->items[i].qty != b->items[i].qty)
			return 0;
	return 1;
}

static void
bind_opt_time(db_stmt *st, int i, int has, int64_t t)
{
	char buf[TIME_BUFSZ];

	if (has)
		db_bind_text(st, i, format_time(t, buf));
	else
		db_bind_null(st, i);
}

static void
store(struct promo *p)
{
	db_stmt *st = db_prep("INSERT INTO promotion (code, type, scope, exclude_scope, valid_from, "
			      "valid_until, channel, level, is_exclusive, pct, max_discount, buy, "
			      "pay, min_spend, price, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			      "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16) RETURNING id");
	int t = p->type;
	size_t i;

	db_bind_text(st, 1, p->code);
	db_bind_text(st, 2, promo_type_words[t]);
	db_bind_text(st, 3, p->scope_text);
	db_bind_text(st, 4, p->exclude_text);
	bind_opt_time(st, 5, p->has_from, p->from);
	bind_opt_time(st, 6, p->has_until, p->until);
	db_bind_text(st, 7, p->channel);
	db_bind_text(st, 8, p->level);
	db_bind_int(st, 9, p->exclusive);
	db_bind_opt_int(st, 10, t == PROMO_PERCENT, p->pct);
	db_bind_opt_int(st, 11, p->has_max, p->max_discount);
	db_bind_opt_int(st, 12, t == PROMO_NFORM, p->buy);
	db_bind_opt_int(st, 13, t == PROMO_NFORM, p->pay);
	db_bind_opt_int(st, 14, t == PROMO_GIFT, p->min_spend);
	db_bind_opt_int(st, 15, t == PROMO_BUNDLE, p->price);
	db_bind_text(st, 16, shop_now_text());
	p->id = db_int(st, -1);
	for (i = 0; i < p->ntiers; i++) {
		st = db_prep("INSERT INTO promotion_tier (promotion_id, spend, discount) "
			     "VALUES (?1, ?2, ?3)");
		db_bind_int(st, 1, p->id);
		db_bind_int(st, 2, p->tiers[i].spend);
		db_bind_int(st, 3, p->tiers[i].off);
		db_run(st);
	}
	for (i = 0; i < p->nitems; i++) {
		st = db_prep("INSERT INTO promotion_item (promotion_id, sku_id, qty) VALUES (?1, ?2, ?3)");
		db_bind_int(st, 1, p->id);
		db_bind_int(st, 2, p->items[i].sku_id);
		db_bind_int(st, 3, p->items[i].qty);
		db_run(st);
	}
}

static int64_t
col_time(db_stmt *st, int i, int *has)
{
	const char *why;
	int64_t t = 0;

	*has = !db_col_is_null(st, i);
	if (*has && parse_time(db_col_text(st, i), &t, &why) < 0)
		*has = 0; /* written by store(): never */
	return t;
}

static int
by_id(const void *a, const void *b)
{
	int64_t x = (*(struct promo *const *)a)->id, y = (*(struct promo *const *)b)->id;

	return (x > y) - (x < y);
}

static struct promo *
find_id(struct promo **byid, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (byid[mid]->id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && byid[lo]->id == id ? byid[lo] : NULL;
}

/* The promotions of code (NULL: all), by code, into set (empty). */
static void
load(const char *code, struct promo_set *set)
{
	db_stmt *st = db_prep("SELECT id, code, type, scope, exclude_scope, valid_from, valid_until, "
			      "channel, level, is_exclusive, pct, max_discount, buy, pay, min_spend, "
			      "price FROM promotion WHERE CAST(?1 AS TEXT) IS NULL OR code = ?1 "
			      "ORDER BY code");
	struct promo *all = NULL, **byid;
	size_t n = 0, i, j;

	db_bind_text(st, 1, code);
	while (db_step(st)) {
		struct promo *p;
		size_t t;

		all = xrealloc(all, (n + 1) * sizeof *all);
		p = &all[n++];
		memset(p, 0, sizeof *p);
		p->id = db_col_int(st, 0);
		p->code = xstrdup(db_col_text(st, 1));
		for (t = 0; promo_type_words[t] && strcmp(promo_type_words[t], db_col_text(st, 2)); t++)
			;
		p->type = (enum promo_type)t;
		p->scope_text = xstrdup(db_col_text(st, 3));
		p->exclude_text = xstrdup(db_col_text(st, 4));
		/* as stored: what has gone from the catalogue since matches nothing */
		scope_read(p->scope_text, &p->scope);
		scope_read(p->exclude_text, &p->exclude);
		p->from = col_time(st, 5, &p->has_from);
		p->until = col_time(st, 6, &p->has_until);
		p->channel = xstrdup(db_col_text(st, 7));
		p->level = xstrdup(db_col_text(st, 8));
		p->exclusive = db_col_int(st, 9) != 0;
		p->pct = db_col_int(st, 10);
		p->has_max = !db_col_is_null(st, 11);
		p->max_discount = db_col_int(st, 11);
		p->buy = db_col_int(st, 12);
		p->pay = db_col_int(st, 13);
		p->min_spend = db_col_int(st, 14);
		p->price = db_col_int(st, 15);
	}
	/* tiers and items: one query each, matched to the promotions by id */
	byid = xcalloc(n + 1, sizeof *byid);
	for (i = 0; i < n; i++)
		byid[i] = &all[i];
	qsort(byid, n, sizeof *byid, by_id);
	st = db_prep("SELECT promotion_id, spend, discount FROM promotion_tier "
		     "WHERE CAST(?1 AS TEXT) IS NULL OR promotion_id IN "
		     "(SELECT id FROM promotion WHERE code = ?1) ORDER BY promotion_id, spend");
	db_bind_text(st, 1, code);
	while (db_step(st)) {
		struct promo *p = find_id(byid, n, db_col_int(st, 0));

		if (!p)
			continue;
		p->tiers = xrealloc(p->tiers, (p->ntiers + 1) * sizeof *p->tiers);
		p->tiers[p->ntiers].spend = db_col_int(st, 1);
		p->tiers[p->ntiers++].off = db_col_int(st, 2);
	}
	st = db_prep("SELECT i.promotion_id, i.sku_id, s.sku, i.qty FROM promotion_item i "
		     "JOIN sku s ON s.id = i.sku_id WHERE CAST(?1 AS TEXT) IS NULL OR "
		     "i.promotion_id IN (SELECT id FROM promotion WHERE code = ?1) "
		     "ORDER BY i.promotion_id, s.sku");
	db_bind_text(st, 1, code);
	while (db_step(st)) {
		struct promo *p = find_id(byid, n, db_col_int(st, 0));

		if (!p)
			continue;
		p->items = xrealloc(p->items, (p->nitems + 1) * sizeof *p->items);
		p->items[p->nitems].sku_id = db_col_int(st, 1);
		p->items[p->nitems].sku = xstrdup(db_col_text(st, 2));
		p->items[p->nitems++].qty = db_col_int(st, 3);
	}
	free(byid);
	for (j = 0; j < n; j++)
		promo_set_add(set, &all[j]);
	free(all);
}

struct promo_set *
promo_set_new(void)
{
	return xcalloc(1, sizeof(struct promo_set));
}

static int
before(const struct promo *a, const struct promo *b)
{
	return a->type != b->type ? a->type < b->type : strcmp(a->code, b->code) < 0;
}

void
promo_set_add(struct promo_set *set, struct promo *p)
{
	size_t i;

	if (set->n == set->cap) {
		set->cap = set->cap ? 2 * set->cap : 16;
		set->p = xrealloc(set->p, set->cap * sizeof *set->p);
	}
	for (i = set->n; i > 0 && before(p, &set->p[i - 1]); i--)
		set->p[i] = set->p[i - 1];
	set->p[i] = *p;
	set->n++;
	memset(p, 0, sizeof *p);
}

void
promo_set_free(struct promo_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		promo_release(&set->p[i]);
	free(set->p);
	free(set);
}

struct promo_set *
promo_load(void)
{
	struct promo_set *set = promo_set_new();

	load(NULL, set);
	return set;
}

/* ---- conflicts of exclusive promotions ---- */

/* Do the windows of a and b overlap? From inclusive, until exclusive. */
static int
windows_meet(const struct promo *a, const struct promo *b)
{
	return (!a->has_from || !b->has_until || a->from < b->until) &&
	       (!b->has_from || !a->has_until || b->from < a->until);
}

/* " from T until U": where the windows of a and b overlap */
static void
overlap_text(const struct promo *a, const struct promo *b, struct sbuf *out)
{
	char t[TIME_BUFSZ];
	int has_from = a->has_from || b->has_from, has_until = a->has_until || b->has_until;
	int64_t from = !a->has_from ? b->from : !b->has_from || a->from > b->from ? a->from : b->from;
	int64_t until = !a->has_until ? b->until
		      : !b->has_until || a->until < b->until ? a->until : b->until;

	if (has_from)
		sbuf_printf(out, " from %s", format_time(from, t));
	if (has_until)
		sbuf_printf(out, " until %s", format_time(until, t));
	if (!has_from && !has_until)
		sbuf_adds(out, " at all times");
}

/* What one walk of the catalogue looks for: every pair (i, j) of the
 * exclusive promotions p[0..n) whose windows meet, that has not got the
 * SKU they share yet; only pairs with p[0] when first_only. */
struct conflicts {
	const struct promo *const *p;
	size_t n;
	int first_only;
	char **sku;             /* owned: n x n, the first SKU (i < j) both cover, or NULL */
	size_t left;            /* pairs still without a SKU */
	unsigned char *cover;   /* owned: n, scratch */
};

static int
conflict_sku(const struct scope_sku *k, void *arg)
{
	struct conflicts *c = arg;
	size_t i, j;

	for (i = 0; i < c->n; i++)
		c->cover[i] = scope_applies(&c->p[i]->scope, &c->p[i]->exclude, k);
	for (i = 0; i < c->n && (!c->first_only || i == 0); i++) {
		if (!c->cover[i])
			continue;
		for (j = i + 1; j < c->n; j++)
			if (c->cover[j] && !c->sku[i * c->n + j] && windows_meet(c->p[i], c->p[j])) {
				c->sku[i * c->n + j] = xstrdup(k->sku);
				c->left--;
			}
	}
	return c->left == 0;
}

static void
conflicts_find(struct conflicts *c)
{
	size_t i, j;

	c->sku = xcalloc(c->n * c->n, sizeof *c->sku);
	c->cover = xcalloc(c->n ? c->n : 1, 1);
	c->left = 0;
	for (i = 0; i < c->n && (!c->first_only || i == 0); i++)
		for (j = i + 1; j < c->n; j++)
			c->left += windows_meet(c->p[i], c->p[j]);
	if (c->left)
		scope_walk(conflict_sku, c);
}

static void
conflicts_release(struct conflicts *c)
{
	size_t i;

	for (i = 0; i < c->n * c->n; i++)
		free(c->sku[i]);
	free(c->sku);
	free(c->cover);
}

/* RES_REFUSED when exclusive p conflicts with a stored exclusive promotion. */
static enum res
check_conflicts(const struct promo *p, struct why *w)
{
	struct promo_set *all;
	const struct promo **ex;
	struct conflicts c;
	enum res r = RES_DONE;
	size_t i, n = 0;
	/* No key can say "no two overlap": exclusive promotions are made one
	 * at a time, queued on a row every database has (SQLite's writer
	 * holds the whole database anyway), so that two processes on a
	 * server cannot each miss the other's. */
	db_stmt *st = db_prep("SELECT value FROM meta WHERE key = 'currency.code' FOR UPDATE");

	while (db_step(st))
		;
	all = promo_load();
	ex = xcalloc(all->n + 1, sizeof *ex);

	ex[n++] = p;
	for (i = 0; i < all->n; i++)
		if (all->p[i].exclusive && windows_meet(p, &all->p[i]))
			ex[n++] = &all->p[i];
	/* the others by code: the first of them in that order is named */
	for (i = 2; i < n; i++) {
		size_t k;
		const struct promo *x = ex[i];

		for (k = i; k > 1 && strcmp(x->code, ex[k - 1]->code) < 0; k--)
			ex[k] = ex[k - 1];
		ex[k] = x;
	}
	memset(&c, 0, sizeof c);
	c.p = ex;
	c.n = n;
	c.first_only = 1;
	conflicts_find(&c);
	for (i = 1; i < n; i++)
		if (c.sku[i]) {
			struct sbuf b = SBUF_INIT;

			overlap_text(p, ex[i], &b);
			r = res_fail(w, RES_REFUSED,
				     "promotion '%s' conflicts with exclusive promotion '%s': both "
				     "cover sku '%s'%s",
				     p->code, ex[i]->code, c.sku[i], sbuf_str(&b));
			sbuf_release(&b);
			break;
		}
	conflicts_release(&c);
	free(ex);
	promo_set_free(all);
	return r;
}

static int
by_code(const void *a, const void *b)
{
	return strcmp((*(const struct promo *const *)a)->code, (*(const struct promo *const *)b)->code);
}

size_t
promo_check(void (*report)(const char *line, void *arg), void *arg)
{
	struct promo_set *all = promo_load();
	const struct promo **ex = xcalloc(all->n + 1, sizeof *ex);
	struct conflicts c;
	size_t i, j, n = 0, found = 0;

	for (i = 0; i < all->n; i++)
		if (all->p[i].exclusive)
			ex[n++] = &all->p[i];
	qsort(ex, n, sizeof *ex, by_code);
	memset(&c, 0, sizeof c);
	c.p = ex;
	c.n = n;
	conflicts_find(&c);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			struct sbuf b = SBUF_INIT;

			if (!c.sku[i * n + j])
				continue;
			sbuf_printf(&b, "exclusive promotions '%s' and '%s' both cover sku '%s'",
				    ex[i]->code, ex[j]->code, c.sku[i * n + j]);
			overlap_text(ex[i], ex[j], &b);
			report(sbuf_str(&b), arg);
			sbuf_release(&b);
			found++;
		}
	conflicts_release(&c);
	free(ex);
	promo_set_free(all);
	return found;
}

/* ---- create, import ---- */

static enum res
promo_put(const struct promo_in *in, struct why *w)
{
	struct promo p;
	struct promo_set *old = promo_set_new();
	enum res r;

	if ((r = promo_parse(in, &p, w)))
		goto out;
	load(p.code, old);
	if (old->n && same(&old->p[0], &p))
		r = res_fail(w, RES_SKIPPED, "promotion '%s' exists; skipped", p.code);
	else if (old->n)
		r = res_fail(w, RES_REFUSED, "promotion '%s' exists with another definition; not changed",
			     p.code);
	else if (!p.exclusive || !(r = check_conflicts(&p, w)))
		store(&p);
out:
	promo_release(&p);
	promo_set_free(old);
	return r;
}

enum res
promo_create(const struct promo_in *in, struct why *w)
{
	enum res r = promo_put(in, w);

	if (r == RES_DONE)
		audit_note("promo create '%s'", in->code);
	return r;
}

static const struct yrec_key import_keys[] = {
	{ "code", 0 }, { "type", 0 }, { "scope", 0 }, { "exclude", 0 }, { "from", 0 },
	{ "until", 0 }, { "channel", 0 }, { "level", 0 }, { "exclusive", 0 }, { "tier", 1 },
	{ "value", 0 }, { "max-discount", 0 }, { "buy", 0 }, { "pay", 0 }, { "min-spend", 0 },
	{ "gift", 1 }, { "bundle", 1 }, { "price", 0 },
};

/* the items of a list key (or its one value), and how many */
static const char *const *
items_of(const struct yrec *r, const char *key, size_t *n)
{
	const struct yrec_value *v = yrec_get(r, key);

	*n = v ? v->n : 0;
	return v ? (const char *const *)v->items : NULL;
}

static enum res
import_one(const struct yrec *r, struct why *w, void *arg)
{
	struct promo_in in;

	(void)arg;
	memset(&in, 0, sizeof in);
	in.code = yrec_str(r, "code");
	in.type = yrec_str(r, "type");
	in.scope = yrec_str(r, "scope");
	in.exclude = yrec_str(r, "exclude");
	in.from = yrec_str(r, "from");
	in.until = yrec_str(r, "until");
	in.channel = yrec_str(r, "channel");
	in.level = yrec_str(r, "level");
	in.exclusive = yrec_str(r, "exclusive");
	in.value = yrec_str(r, "value");
	in.max_discount = yrec_str(r, "max-discount");
	in.buy = yrec_str(r, "buy");
	in.pay = yrec_str(r, "pay");
	in.min_spend = yrec_str(r, "min-spend");
	in.price = yrec_str(r, "price");
	in.tiers = items_of(r, "tier", &in.ntiers);
	in.gifts = items_of(r, "gift", &in.ngifts);
	in.bundle = items_of(r, "bundle", &in.nbundle);
	/* an empty list is given, but holds nothing: say so, not "needs" */
	if (yrec_get(r, "tier") && !in.ntiers)
		return res_fail(w, RES_BAD, "bad --tier: an empty list");
	if (yrec_get(r, "gift") && !in.ngifts)
		return res_fail(w, RES_BAD, "bad --gift: an empty list");
	if (yrec_get(r, "bundle") && !in.nbundle)
		return res_fail(w, RES_BAD, "bad --bundle: an empty list");
	return promo_put(&in, w);
}

int
promo_import(const char *path)
{
	struct yrec_doc d;
	int rc;

	yrec_read(path, import_keys, sizeof import_keys / sizeof import_keys[0], &d);
	rc = yrec_import(&d, "promotions", import_one, NULL);
	yrec_doc_release(&d);
	return rc;
}

/* ---- export, list ---- */

static const char *
money_text(int64_t v, char *buf)
{
	return money_format(v, S.digits, buf);
}

/* "300.00:30.00" each, or "SKU:QTY" each; strings owned by the caller */
static char **
tier_texts(const struct promo *p)
{
	char **t = xcalloc(p->ntiers + 1, sizeof *t), a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	size_t i;

	for (i = 0; i < p->ntiers; i++)
		t[i] = xasprintf("%s:%s", money_text(p->tiers[i].spend, a),
				 money_text(p->tiers[i].off, b));
	return t;
}

static char **
item_texts(const struct promo *p)
{
	char **t = xcalloc(p->nitems + 1, sizeof *t);
	size_t i;

	for (i = 0; i < p->nitems; i++)
		t[i] = xasprintf("%s:%lld", p->items[i].sku, (long long)p->items[i].qty);
	return t;
}

static void
texts_free(char **t)
{
	size_t i;

	for (i = 0; t[i]; i++)
		free(t[i]);
	free(t);
}

void
promo_export(FILE *fp)
{
	struct promo_set *set = promo_set_new();
	struct yrec_out o;
	char m[MONEY_BUFSZ], t[TIME_BUFSZ], num[24];
	size_t i;

	load(NULL, set);
	/* by code, as the list: the set keeps the order of application */
	{
		const struct promo **by = xcalloc(set->n + 1, sizeof *by);

		for (i = 0; i < set->n; i++)
			by[i] = &set->p[i];
		qsort(by, set->n, sizeof *by, by_code);
		yrec_out_begin(&o, fp);
		for (i = 0; i < set->n; i++) {
			const struct promo *p = by[i];
			char **list;

			yrec_out_record(&o);
			yrec_out_value(&o, "code", p->code);
			yrec_out_value(&o, "type", promo_type_words[p->type]);
			switch (p->type) {
			case PROMO_THRESHOLD:
				list = tier_texts(p);
				yrec_out_list(&o, "tier", (const char *const *)list, p->ntiers);
				texts_free(list);
				break;
			case PROMO_PERCENT:
				snprintf(num, sizeof num, "%lld", (long long)p->pct);
				yrec_out_value(&o, "value", num);
				if (p->has_max)
					yrec_out_value(&o, "max-discount", money_text(p->max_discount, m));
				break;
			case PROMO_NFORM:
				snprintf(num, sizeof num, "%lld", (long long)p->buy);
				yrec_out_value(&o, "buy", num);
				snprintf(num, sizeof num, "%lld", (long long)p->pay);
				yrec_out_value(&o, "pay", num);
				break;
			case PROMO_GIFT:
				yrec_out_value(&o, "min-spend", money_text(p->min_spend, m));
				list = item_texts(p);
				yrec_out_list(&o, "gift", (const char *const *)list, p->nitems);
				texts_free(list);
				break;
			case PROMO_BUNDLE:
				list = item_texts(p);
				yrec_out_list(&o, "bundle", (const char *const *)list, p->nitems);
				texts_free(list);
				yrec_out_value(&o, "price", money_text(p->price, m));
				break;
			}
			if (p->type != PROMO_BUNDLE) {
				yrec_out_value(&o, "scope", p->scope_text);
				if (*p->exclude_text)
					yrec_out_value(&o, "exclude", p->exclude_text);
			}
			if (p->has_from)
				yrec_out_value(&o, "from", format_time(p->from, t));
			if (p->has_until)
				yrec_out_value(&o, "until", format_time(p->until, t));
			if (*p->channel)
				yrec_out_value(&o, "channel", p->channel);
			if (*p->level)
				yrec_out_value(&o, "level", p->level);
			if (p->exclusive)
				yrec_out_bool(&o, "exclusive", 1);
		}
		free(by);
	}
	promo_set_free(set);
}

/* "tier=300.00:30.00,500.00:60.00", "value=15 max-discount=50.00", ... */
static void
params_text(const struct promo *p, struct sbuf *b)
{
	char m[MONEY_BUFSZ], **list = NULL;
	size_t i, n = 0;

	switch (p->type) {
	case PROMO_THRESHOLD:
		sbuf_adds(b, "tier=");
		list = tier_texts(p);
		n = p->ntiers;
		break;
	case PROMO_PERCENT:
		sbuf_printf(b, "value=%lld", (long long)p->pct);
		if (p->has_max)
			sbuf_printf(b, " max-discount=%s", money_text(p->max_discount, m));
		return;
	case PROMO_NFORM:
		sbuf_printf(b, "buy=%lld pay=%lld", (long long)p->buy, (long long)p->pay);
		return;
	case PROMO_GIFT:
		sbuf_printf(b, "min-spend=%s gift=", money_text(p->min_spend, m));
		list = item_texts(p);
		n = p->nitems;
		break;
	case PROMO_BUNDLE:
		sbuf_adds(b, "bundle=");
		list = item_texts(p);
		n = p->nitems;
		break;
	}
	for (i = 0; i < n; i++)
		sbuf_printf(b, "%s%s", i ? "," : "", list[i]);
	texts_free(list);
	if (p->type == PROMO_BUNDLE)
		sbuf_printf(b, " price=%s", money_text(p->price, m));
}

void
promo_list(void (*row)(const char *const *cols, void *arg), void *arg)
{
	struct promo_set *set = promo_set_new();
	const struct promo **by;
	char from[TIME_BUFSZ], until[TIME_BUFSZ];
	size_t i;

	load(NULL, set);
	by = xcalloc(set->n + 1, sizeof *by);
	for (i = 0; i < set->n; i++)
		by[i] = &set->p[i];
	qsort(by, set->n, sizeof *by, by_code);
	for (i = 0; i < set->n; i++) {
		const struct promo *p = by[i];
		struct sbuf params = SBUF_INIT;
		const char *v[PROMO_LIST_NCOLS] = {
			p->code, promo_type_words[p->type], NULL, p->scope_text, p->exclude_text,
			p->has_from ? format_time(p->from, from) : "",
			p->has_until ? format_time(p->until, until) : "", p->channel, p->level,
			p->exclusive ? "1" : "0",
		};

		params_text(p, &params);
		v[2] = sbuf_str(&params);
		row(v, arg);
		sbuf_release(&params);
	}
	free(by);
	promo_set_free(set);
}

/* ---- applying promotions to a cart: no SQL below ---- */

static int
live(const struct promo *p, int64_t at, const char *channel, const char *level)
{
	return (!p->has_from || p->from <= at) && (!p->has_until || at < p->until) &&
	       (!p->channel || !*p->channel || (channel && !strcmp(channel, p->channel))) &&
	       (!p->level || !*p->level || (level && !strcmp(level, p->level)));
}

static int
covers(const struct promo *p, const struct cart_line *l)
{
	struct scope_sku k = { l->sku ? l->sku : "", l->category ? l->category : "",
			       l->brand ? l->brand : "" };

	return scope_applies(&p->scope, &p->exclude, &k);
}

/* What one call works with; every array n long (cov: nlive x n). */
struct cart {
	struct cart_line *l;
	size_t n;
	int64_t *left;          /* qty x unit_price less the discounts so far */
	int64_t *bundled;       /* units in a bundle's set */
	int64_t *w, *part;      /* weights and parts of the promotion at hand */
	unsigned char *elig;    /* the promotion at hand may take the line */
};

/* bundle: the discount of its complete sets into c->part; returns it */
static int64_t
apply_bundle(const struct promo *p, struct cart *c)
{
	int64_t sets = INT64_MAX, value = 0, cost;
	size_t k, i;

	if (!p->nitems)
		return 0;
	for (k = 0; k < p->nitems; k++) {
		int64_t avail = 0;

		for (i = 0; i < c->n; i++)
			if (c->elig[i] && c->l[i].sku_id == p->items[k].sku_id)
				avail += c->l[i].qty - c->bundled[i];
		if (avail / p->items[k].qty < sets)
			sets = avail / p->items[k].qty;
	}
	if (!sets)
		return 0;
	/* the units taken from each line (a line is one SKU: one item takes it) */
	memset(c->w, 0, c->n * sizeof *c->w);
	for (k = 0; k < p->nitems; k++) {
		int64_t need = sets * p->items[k].qty;

		for (i = 0; i < c->n && need; i++) {
			if (!c->elig[i] || c->l[i].sku_id != p->items[k].sku_id)
				continue;
			c->w[i] = c->l[i].qty - c->bundled[i] < need ? c->l[i].qty - c->bundled[i] : need;
			need -= c->w[i];
			value += c->w[i] * c->l[i].unit_price;
		}
	}
	if (__builtin_mul_overflow(sets, p->price, &cost) || cost >= value)
		return 0; /* dearer than its parts: nothing, and no unit is in a set */
	for (i = 0; i < c->n; i++) {
		c->bundled[i] += c->w[i];
		c->w[i] *= c->l[i].unit_price;
	}
	money_split(value - cost, c->w, c->n, c->part);
	return value - cost;
}

/* a before b: cheaper by what is left of the line per unit, then the earlier line */
static int
cheaper(const struct cart *c, size_t a, size_t b)
{
	__int128 x = (__int128)c->left[a] * c->l[b].qty, y = (__int128)c->left[b] * c->l[a].qty;

	return x != y ? x < y : a < b;
}

/* nform: floor(units / N) x (N - M) of the cheapest units are free */
static int64_t
apply_nform(const struct promo *p, struct cart *c)
{
	size_t *order = xcalloc(c->n ? c->n : 1, sizeof *order), m = 0, i, j;
	int64_t units = 0, free_units, total = 0;

	for (i = 0; i < c->n; i++) {
		c->part[i] = 0;
		if (!c->elig[i])
			continue;
		units += c->l[i].qty;
		/* insertion: carts are short */
		for (j = m; j > 0 && cheaper(c, i, order[j - 1]); j--)
			order[j] = order[j - 1];
		order[j] = i;
		m++;
	}
	free_units = units / p->buy * (p->buy - p->pay);
	for (j = 0; j < m && free_units; j++) {
		size_t k = order[j];
		int64_t f = c->l[k].qty < free_units ? c->l[k].qty : free_units;

		free_units -= f;
		/* f of qty units: f/qty of what is left, half-up (never more than it) */
		money_muldiv(c->left[k], f, c->l[k].qty, &c->part[k]);
		total += c->part[k];
	}
	free(order);
	return total;
}

/* percent and threshold: an amount off what is left of the covered
 * lines, apportioned by what is left of each */
static int64_t
apply_off(const struct promo *p, struct cart *c)
{
	int64_t base = 0, off = 0;
	size_t i;

	for (i = 0; i < c->n; i++) {
		c->w[i] = c->elig[i] ? c->left[i] : 0;
		base += c->w[i];
	}
	if (base <= 0)
		return 0;
	if (p->type == PROMO_PERCENT) {
		money_muldiv(base, p->pct, 100, &off);
		if (p->has_max && off > p->max_discount)
			off = p->max_discount;
	} else {
		for (i = 0; i < p->ntiers; i++)
			if (p->tiers[i].spend <= base)
				off = p->tiers[i].off;
	}
	if (off > base)
		off = base;
	if (off <= 0)
		return 0;
	money_split(off, c->w, c->n, c->part);
	return off;
}

/* gift: the spend left on the covered lines reaches min_spend */
static int
gift_earned(const struct promo *p, const struct cart *c)
{
	int64_t base = 0;
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->elig[i])
			base += c->left[i];
	return base >= p->min_spend;
}

enum res
promo_apply(const struct promo_set *set, int64_t at, const char *channel, const char *level,
	    struct cart_line *lines, size_t n, struct promo_hit **hits, size_t *nhits,
	    struct gift **gifts, size_t *ngifts, struct why *w)
{
	const struct promo **lv;
	size_t nlive = 0, i, k, *owner, none = (size_t)-1;
	unsigned char *cov;
	struct cart c;
	int64_t total = 0;

	*hits = NULL;
	*gifts = NULL;
	*nhits = *ngifts = 0;
	for (i = 0; i < n; i++) {
		int64_t amount;

		if (lines[i].qty < 1 || lines[i].unit_price < 0)
			return res_fail(w, RES_BAD, "line %zu: qty %lld at %lld: not a cart line", i + 1,
					(long long)lines[i].qty, (long long)lines[i].unit_price);
		if (__builtin_mul_overflow(lines[i].qty, lines[i].unit_price, &amount) ||
		    __builtin_add_overflow(total, amount, &total))
			return res_fail(w, RES_BAD, "line %zu: the amount is out of range", i + 1);
	}
	memset(&c, 0, sizeof c);
	c.l = lines;
	c.n = n;
	c.left = xcalloc(n + 1, sizeof *c.left);
	c.bundled = xcalloc(n + 1, sizeof *c.bundled);
	c.w = xcalloc(n + 1, sizeof *c.w);
	c.part = xcalloc(n + 1, sizeof *c.part);
	c.elig = xcalloc(n + 1, 1);
	owner = xcalloc(n + 1, sizeof *owner);
	lv = xcalloc(set->n + 1, sizeof *lv);
	for (i = 0; i < n; i++) {
		lines[i].discount = 0;
		c.left[i] = lines[i].qty * lines[i].unit_price;
		owner[i] = none;
	}
	for (k = 0; k < set->n; k++)
		if (live(&set->p[k], at, channel, level))
			lv[nlive++] = &set->p[k];
	cov = xcalloc(nlive * n + 1, 1);
	/* each line to the first exclusive promotion that covers it */
	for (k = 0; k < nlive; k++)
		for (i = 0; i < n; i++) {
			cov[k * n + i] = (unsigned char)covers(lv[k], &lines[i]);
			if (cov[k * n + i] && lv[k]->exclusive && owner[i] == none)
				owner[i] = k;
		}
	for (k = 0; k < nlive; k++) {
		const struct promo *p = lv[k];
		int64_t off = 0;
		size_t any = 0;


		for (i = 0; i < n; i++)
			any += c.elig[i] = cov[k * n + i] && (owner[i] == none || owner[i] == k);
		if (!any)
			continue;
		switch (p->type) {
		case PROMO_BUNDLE:
			off = apply_bundle(p, &c);
			break;
		case PROMO_NFORM:
			off = apply_nform(p, &c);
			break;
		case PROMO_PERCENT:
		case PROMO_THRESHOLD:
			off = apply_off(p, &c);
			break;
		case PROMO_GIFT:
			if (!gift_earned(p, &c))
				break;
			for (i = 0; i < p->nitems; i++) {
				struct gift *g;

				*gifts = xrealloc(*gifts, (*ngifts + 1) * sizeof **gifts);
				g = &(*gifts)[(*ngifts)++];
				g->sku_id = p->items[i].sku_id;
				g->sku = p->items[i].sku;
				g->qty = p->items[i].qty;
				g->code = p->code;
			}
			break;
		}
		if (off <= 0)
			continue;
		*hits = xrealloc(*hits, (*nhits + 1) * sizeof **hits);
		(*hits)[*nhits].code = p->code;
		(*hits)[(*nhits)++].amount = off;
		for (i = 0; i < n; i++) {
			lines[i].discount += c.part[i];
			c.left[i] -= c.part[i];
		}
	}
	free(cov);
	free(lv);
	free(owner);
	free(c.elig);
	free(c.part);
	free(c.w);
	free(c.bundled);
	free(c.left);
	return RES_DONE;
}

size_t
promo_set_size(const struct promo_set *set)
{
	return set ? set->n : 0;
}
