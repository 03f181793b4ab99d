/* platform.c - WooCommerce and Shopify product exports -> product_upsert()
 *
 * WooCommerce: one row per product; a variable product's variations are
 * rows of their own that name it in Parent (its SKU, or "id:NN"), usually
 * after it but not always, so variations whose parent has not been read
 * yet wait for it in memory. Shopify: the rows of one product share a
 * Handle; the first carries the product fields and the first variant,
 * the others a variant or only an image. Both stream otherwise.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "session.h"
#include "err.h"
#include "money.h"
#include "parse.h"
#include "platform.h"
#include "product.h"
#include "strmap.h"
#include "util.h"

#define WOO_MAXATTR 50
#define MAX_LEVELS 4

/* ---- conversions ---- */

int
platform_parse_name(const char *s, enum platform *p)
{
	if (streqi(s, "woocommerce"))
		*p = PLATFORM_WOOCOMMERCE;
	else if (streqi(s, "shopify"))
		*p = PLATFORM_SHOPIFY;
	else
		return -1;
	return 0;
}

const char *
platform_name(enum platform p)
{
	return p == PLATFORM_SHOPIFY ? "shopify" : "woocommerce";
}

/* Significant digits a weight may have, and decimals kept: far beyond
 * any scale, and small enough for the arithmetic below. */
#define WEIGHT_DIGITS 18
#define WEIGHT_DECIMALS 19

/* A decimal "283.4952313", ".5" or "2.834952313E+02" as m * 10^-k; 0, or
 * -1 with a reason. */
static int
decimal_parse(const char *s, __int128 *m, int *k, const char **why)
{
	int digits = 0, sig = 0, frac = 0, exp = 0, eneg = 0, edigits = 0;

	*m = 0;
	*k = 0;
	for (; (*s >= '0' && *s <= '9') || (*s == '.' && !frac); s++) {
		if (*s == '.') {
			frac = 1;
			continue;
		}
		digits++;
		if (*m == 0 && *s == '0') { /* leading zeros are not significant */
			*k += frac;
			continue;
		}
		if (++sig > WEIGHT_DIGITS) {
			*why = "too many digits";
			return -1;
		}
		*m = *m * 10 + (*s - '0');
		*k += frac;
	}
	if (!digits) {
		*why = "not a number";
		return -1;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			eneg = *s++ == '-';
		for (; *s >= '0' && *s <= '9' && edigits < 4; s++, edigits++)
			exp = exp * 10 + (*s - '0');
		if (!edigits)
			s--; /* "1e" is not a number */
	}
	if (*s) {
		*why = "not a number";
		return -1;
	}
	*k += eneg ? exp : -exp;
	return 0;
}

int
platform_weight_g(const char *s, enum weight_unit u, int64_t *grams, const char **why)
{
	/* grams per unit = num / den, exactly */
	static const int64_t num[] = { 1, 1000, 45359237, 28349523125LL };
	static const int64_t den[] = { 1, 1, 100000, 1000000000LL };
	__int128 m, n, d, q;
	int k, neg = *s == '-';

	if (decimal_parse(s + neg, &m, &k, why) < 0)
		return -1;
	if (neg && m) {
		*why = "negative";
		return -1;
	}
	for (; k > WEIGHT_DECIMALS; k--)
		m /= 10; /* beyond a billionth of a billionth of a gram */
	n = m * num[u];
	d = den[u];
	for (; k > 0; k--)
		d *= 10;
	for (; k < 0 && n <= (__int128)PRODUCT_WEIGHT_MAX * d; k++)
		n *= 10;
	q = n / d + (2 * (n % d) >= d); /* half-up */
	if (k < 0 || q > PRODUCT_WEIGHT_MAX) {
		*why = "out of range";
		return -1;
	}
	*grams = (int64_t)q;
	return 0;
}

static const char *
skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static size_t
trimmed_len(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n;
}

char *
platform_category_path(const char *s, int *truncated)
{
	struct sbuf b = SBUF_INIT;
	int levels = 0;

	*truncated = 0;
	while (*s) {
		const char *e = strchr(s, '>');
		size_t n, i;

		s = skip_space(s);
		n = trimmed_len(s, e ? (size_t)(e - s) : strlen(s));
		if (n > 0) {
			if (levels == MAX_LEVELS) {
				*truncated = 1;
				break;
			}
			if (levels++)
				sbuf_addc(&b, '/');
			for (i = 0; i < n; i++)
				sbuf_addc(&b, s[i] == '/' ? '-' : s[i]);
		}
		if (!e)
			break;
		s = e + 1;
	}
	if (!b.s)
		return xstrdup("");
	return b.s;
}

char *
platform_woo_list_item(const char *s, size_t i)
{
	struct sbuf b = SBUF_INIT;
	size_t k = 0;
	char *item;

	for (;; s++) {
		if (*s == '\\' && s[1] == ',') {
			if (k == i)
				sbuf_addc(&b, ',');
			s++;
		} else if (*s == ',' || *s == '\0') {
			if (k == i)
				break;
			if (*s == '\0')
				return NULL;
			k++;
		} else if (k == i) {
			sbuf_addc(&b, *s);
		}
	}
	item = xstrdup(skip_space(sbuf_str(&b)));
	item[trimmed_len(item, strlen(item))] = '\0';
	sbuf_release(&b);
	return item;
}

/* ---- string maps (lib/strmap) holding pointers ---- */

/* The object stored under key, or NULL. */
static void *
smap_get(struct strmap *m, const char *key)
{
	struct strmap_ent *e = strmap_get(m, key);

	return e ? e->ptr : NULL;
}

/* The pointer slot of key, or NULL when absent and !create; valid until
 * the next insertion. */
static void **
smap_slot(struct strmap *m, const char *key, int create)
{
	struct strmap_ent *e = create ? strmap_at(m, key) : strmap_get(m, key);

	return e ? &e->ptr : NULL;
}

static void
smap_release(struct strmap *m, void (*free_ptr)(void *))
{
	size_t i;

	for (i = 0; free_ptr && i < m->cap; i++)
		if (m->v[i].key && m->v[i].ptr)
			free_ptr(m->v[i].ptr);
	strmap_release(m);
}

/* ---- the columns ---- */

/* A header name of the platform and the field it fills; a field may have
 * several names (Shopify renamed its columns in 2024). */
struct alias {
	const char *name;
	int field;
};

enum woo_field {
	W_ID, W_TYPE, W_SKU, W_GTIN, W_NAME, W_PUBLISHED, W_SALE_FROM, W_SALE_TO,
	W_BACKORDERS, W_WEIGHT_KG, W_WEIGHT_G, W_WEIGHT_LB, W_WEIGHT_OZ, W_SALE_PRICE,
	W_REGULAR_PRICE, W_CATEGORIES, W_BRANDS, W_PARENT, W_COST,
	W_ATTR, /* W_ATTR + 2i: "Attribute i+1 name", + 1: its "value(s)" */
	W_NFIELDS = W_ATTR + 2 * WOO_MAXATTR
};

static const struct alias woo_cols[] = {
	{ "ID", W_ID },
	{ "Type", W_TYPE },
	{ "SKU", W_SKU },
	{ "GTIN, UPC, EAN, or ISBN", W_GTIN },
	{ "Name", W_NAME },
	{ "Published", W_PUBLISHED },
	{ "Date sale price starts", W_SALE_FROM },
	{ "Date sale price ends", W_SALE_TO },
	{ "Backorders allowed?", W_BACKORDERS },
	{ "Weight (kg)", W_WEIGHT_KG },
	{ "Weight (g)", W_WEIGHT_G },
	{ "Weight (lbs)", W_WEIGHT_LB },
	{ "Weight (oz)", W_WEIGHT_OZ },
	{ "Sale price", W_SALE_PRICE },
	{ "Regular price", W_REGULAR_PRICE },
	{ "Categories", W_CATEGORIES },
	{ "Brands", W_BRANDS },
	{ "Parent", W_PARENT },
	{ "Cost of goods", W_COST },
	{ "Meta: _wc_cog_cost", W_COST },
};

enum shop_field {
	S_HANDLE, S_TITLE, S_VENDOR, S_CATEGORY, S_TYPE, S_PUBLISHED, S_STATUS,
	S_OPT1N, S_OPT1V, S_OPT2N, S_OPT2V, S_OPT3N, S_OPT3V,
	S_SKU, S_GRAMS, S_POLICY, S_PRICE, S_COMPARE, S_BARCODE, S_COST,
	S_NFIELDS
};

static const struct alias shop_cols[] = {
	{ "Handle", S_HANDLE },
	{ "URL handle", S_HANDLE },
	{ "Title", S_TITLE },
	{ "Vendor", S_VENDOR },
	{ "Product Category", S_CATEGORY },
	{ "Type", S_TYPE },
	{ "Published", S_PUBLISHED },
	{ "Published on online store", S_PUBLISHED },
	{ "Status", S_STATUS },
	{ "Option1 Name", S_OPT1N },
	{ "Option1 Value", S_OPT1V },
	{ "Option2 Name", S_OPT2N },
	{ "Option2 Value", S_OPT2V },
	{ "Option3 Name", S_OPT3N },
	{ "Option3 Value", S_OPT3V },
	{ "Variant SKU", S_SKU },
	{ "SKU", S_SKU },
	{ "Variant Grams", S_GRAMS },
	{ "Weight value (grams)", S_GRAMS },
	{ "Variant Inventory Policy", S_POLICY },
	{ "Continue selling when out of stock", S_POLICY },
	{ "Variant Price", S_PRICE },
	{ "Price", S_PRICE },
	{ "Variant Compare At Price", S_COMPARE },
	{ "Compare-at price", S_COMPARE },
	{ "Variant Barcode", S_BARCODE },
	{ "Barcode", S_BARCODE },
	{ "Cost per item", S_COST },
};

#define NFIELDS_MAX W_NFIELDS

/* ---- the import ---- */

/* One input row: the reader's current record or a saved copy. */
struct row {
	char *const *f; /* borrowed */
	size_t n;
	size_t line;
};

/* A WooCommerce variation read before its parent: a copy of its row. */
struct saved {
	char **f;            /* owned, with owned strings */
	size_t n, line;
	char *ref;           /* owned: the Parent value */
	struct saved *next;  /* owned by the pending list */
};

struct woo_parent {
	int variable;        /* 0: a product of another type, known only to say so */
	int bad;             /* its row was rejected: so are its variations */
	char *ref;           /* owned: how messages name it */
	size_t line;         /* its row */
	char *code;          /* owned: SPU code, its SKU or "woo-ID" */
	char *name;          /* owned */
	/* owned; NULL when the column is absent */
	char *category, *brand, *weight_g, *status, *backorder, *cost;
	size_t nattr;
	char **aname;        /* owned */
	char **avalue;       /* owned: as listed, "Blue, Green" */
};

struct shop_product {
	int bad;             /* its first row was rejected: so are its variants */
	size_t line;         /* its first row */
	char *title;         /* owned */
	char *brand, *category, *status; /* owned; NULL when the column is absent */
	char *optname[3];    /* owned */
};

struct job {
	enum platform p;
	struct csvr *r;      /* borrowed */
	struct imp *im;      /* borrowed */
	const struct alias *alias;
	int fcol[NFIELDS_MAX]; /* field -> index into cols, -1 when not in the file */
	int has_attrs;       /* woo: some attribute column is in the file */
	struct strmap products; /* woo: "SKU", "id:NN" -> struct woo_parent *; shopify: Handle -> struct shop_product * */
	struct strmap pending; /* woo: Parent value -> struct saved * list */
	struct woo_parent **parents; /* owned, with what they point to: every Woo product seen */
	size_t nparents, parentcap;
	struct csv_col *cols; /* owned, the names borrowed from the alias table */
	int64_t now;
	/* strings of the record being built; freed after each record */
	struct strlist tmp;
};

static char *
keep(struct job *c, char *s)
{
	strlist_add(&c->tmp, s);
	return s;
}

static void
drop_tmp(struct job *c)
{
	size_t i;

	for (i = 0; i < c->tmp.n; i++)
		free(c->tmp.v[i]);
	c->tmp.n = 0;
}

/* The field's value, trimmed, WooCommerce's formula defusing ("'-1")
 * undone; NULL when the column is not in the file. */
static const char *
val(struct job *c, const struct row *w, int field)
{
	const char *s;
	size_t n;
	int j = c->fcol[field];

	if (j < 0 || c->r->map[j] < 0 || (size_t)c->r->map[j] >= w->n)
		return NULL;
	s = skip_space(w->f[c->r->map[j]]);
	if (c->p == PLATFORM_WOOCOMMERCE && s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1]))
		s++;
	n = trimmed_len(s, strlen(s));
	if (s[n] == '\0')
		return s;
	return keep(c, xstrndup(s, n));
}

static int
empty(const char *s)
{
	return !s || !*s;
}

/* Can "name=value" be one pair of "k=v;k=v"? NULL, or why not. */
static const char *
bad_pair(struct job *c, const char *name, const char *value)
{
	if (strpbrk(name, ";="))
		return keep(c, xasprintf("attribute name '%s': attrs cannot hold ';' or '=' in a name",
					 name));
	if (strchr(value, ';'))
		return keep(c, xasprintf("attribute '%s' value '%s': attrs cannot hold ';' in a value",
					 name, value));
	return NULL;
}

static void
reject(struct job *c, const struct row *w, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
reject(struct job *c, const struct row *w, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	{
		struct imp_row row = { w->f, w->n, w->line };
		struct imp_record rec = { c->im->r, &row, 1, 0 };
		imp_count(c->im, RES_REFUSED, &rec, msg);
	}
	free(msg);
}

/* Upsert one SKU record and count it. A SKU twice in one file is a
 * mistake of the export (Shopify allows it), not an update: the bulk load
 * (product_bulk_begin) rejects the second. */
static void
apply(struct job *c, const struct row *w, const struct product_row *pr)
{
	struct product_row row = *pr;
	struct imp_row irow = { w->f, w->n, w->line };
	struct imp_record rec = { c->im->r, &irow, 1, 0 };
	struct why why = { "" };
	enum res res;

	row.line = w->line;
	res = product_upsert(&row, &why); /* before why is read */
	imp_count(c->im, res, &rec, why.msg[0] ? why.msg : "rejected");
}

/* An optional field's value as the field can hold it, else dropped: NULL
 * (keep what is stored) and a warning naming the line, "barcode
 * '3.65275E+11' dropped: not digits". A product is never lost for a
 * value it can do without. */
static const char *
optional(struct job *c, const struct row *w, const char *field, const char *s)
{
	struct why r;
	char *v;

	if (empty(s) || product_check_value(field, s, &r) == RES_DONE)
		return s;
	v = code_shown(s);
	imp_warn(c->im, w->line, "%s '%s' dropped: %s", field, v, r.msg);
	free(v);
	return NULL;
}

/* "1,299.00": digits grouped by three with commas before a decimal
 * point, as a spreadsheet formats a number. */
static int
thousands(const char *s)
{
	const char *dot = strchr(s, '.'), *end = dot ? dot : s + strlen(s), *p;
	size_t run = 0;
	int commas = 0;

	for (p = s; p < end; p++) {
		if (*p == ',') {
			if (run == 0 || (commas && run != 3) || (!commas && run > 3))
				return 0;
			commas++;
			run = 0;
		} else if (*p >= '0' && *p <= '9') {
			run++;
		} else {
			return 0;
		}
	}
	return commas && run == 3 && dot;
}

/* A price as the platform or a spreadsheet wrote it: WooCommerce
 * localises the decimal separator ("12,50"), a spreadsheet groups
 * thousands ("1,299.00"). */
static const char *
price_text(struct job *c, const char *s)
{
	char *t, *comma, *p, *q;

	if (empty(s) || !(comma = strchr(s, ',')))
		return s;
	if (thousands(s)) {
		t = keep(c, xstrdup(s));
		for (p = q = t; *p; p++)
			if (*p != ',')
				*q++ = *p;
		*q = '\0';
		return t;
	}
	if (c->p != PLATFORM_WOOCOMMERCE || strchr(s, '.') || strchr(comma + 1, ','))
		return s;
	t = keep(c, xstrdup(s));
	t[comma - s] = '.';
	return t;
}

/* The reference ("was") price: the higher one, when it is higher; one
 * that cannot be an amount is dropped (optional). */
static const char *
was_price(struct job *c, const struct row *w, const char *price, const char *was)
{
	int64_t p, v;
	const char *why;

	if (empty(was))
		return was ? "" : NULL;
	if (!optional(c, w, "market_price", was))
		return NULL;
	if (empty(price) || money_parse(price, S.digits, &p, &why) < 0 ||
	    money_parse(was, S.digits, &v, &why) < 0)
		return was; /* a bad price rejects the record anyway */
	return v > p ? was : "";
}

/* A weight in unit u as whole grams (rounded half-up; a decimal comma
 * read as a point), or dropped with a warning: NULL. */
static const char *
weight_text(struct job *c, const struct row *w, const char *s, enum weight_unit u)
{
	const char *why, *t = s;
	char *comma;
	int64_t g;

	if (empty(s))
		return s;
	if ((comma = strchr(s, ',')) && !strchr(comma + 1, ',') && !strchr(s, '.')) {
		t = keep(c, xstrdup(s));
		((char *)t)[comma - s] = '.';
	}
	if (platform_weight_g(t, u, &g, &why) < 0) {
		imp_warn(c->im, w->line, "weight '%s' dropped: %s", s, why);
		return NULL;
	}
	return keep(c, xasprintf("%lld", (long long)g));
}

/* A barcode as spreadsheets and ISBN habits leave it: blanks and hyphens
 * taken out ("978-3-16-148410-0"); the leading zeros a spreadsheet drops
 * put back ("12345678905" is the UPC-A 012345678905: a GTIN padded with
 * zeros is the same number). What still cannot be one is dropped. */
static const char *
barcode_text(struct job *c, const struct row *w, const char *s)
{
	char *t, *q;
	const char *p;
	size_t n, want;

	if (empty(s) || strspn(s, "0123456789- ") != strlen(s) || !strpbrk(s, "0123456789"))
		return optional(c, w, "barcode", s);
	t = keep(c, xcalloc(strlen(s) + 16, 1));
	for (p = s, q = t + 8; *p; p++)
		if (*p >= '0' && *p <= '9')
			*q++ = *p;
	n = strlen(t + 8);
	want = n == 7 ? 8 : n >= 9 && n <= 11 ? 12 : n;
	memset(t + 8 - (want - n), '0', want - n);
	t += 8 - (want - n);
	return optional(c, w, "barcode", t);
}

static int
levels(const char *path)
{
	int n = *path != '\0';

	for (; *path; path++)
		n += *path == '/';
	return n;
}

/* Of the product's categories "A > B, A, C", the deepest: a SKU hangs on
 * one leaf, and a product listed in a category and its parent belongs in
 * the child. The first of equally deep ones. */
static const char *
woo_category(struct job *c, const char *s)
{
	char *item, *path, *best = NULL;
	size_t i;
	int trunc;

	if (empty(s))
		return s;
	for (i = 0; (item = platform_woo_list_item(s, i)); i++) {
		path = keep(c, platform_category_path(item, &trunc));
		free(item);
		if (!best || levels(path) > levels(best))
			best = path;
	}
	return best ? best : "";
}

/* The first brand; of a brand path "Group > Brand", the brand. */
static const char *
woo_brand(struct job *c, const char *s)
{
	char *first, *gt;

	if (empty(s))
		return s;
	first = keep(c, platform_woo_list_item(s, 0));
	gt = strrchr(first, '>');
	return gt ? skip_space(gt + 1) : first;
}

/* Woo's sale dates: "2026-11-01", "2026-11-01 0:00:00" (G:i:s),
 * "2026-11-01T00:00:00"; the date of an end alone means its last second. */
/* "H:MM" or "H:MM:SS", hours of one or two digits; seconds of the day. */
static int
clock_secs(const char *s, int64_t *secs)
{
	int v[3] = { 0, 0, 0 }, k, d;

	for (k = 0; k < 3; k++) {
		for (d = 0; *s >= '0' && *s <= '9' && d < 2; s++, d++)
			v[k] = v[k] * 10 + (*s - '0');
		if (d == 0 || (k > 0 && d != 2))
			return -1;
		if (*s == '\0' && k > 0)
			break;
		if (*s++ != ':' || k == 2)
			return -1;
	}
	if (v[0] > 23 || v[1] > 59 || v[2] > 59)
		return -1;
	*secs = v[0] * 3600 + v[1] * 60 + v[2];
	return 0;
}

static int
woo_sale_time(const char *s, int end, int64_t *t, const char **why)
{
	char date[11];
	int64_t secs;

	if (strlen(s) < 10) {
		*why = "not a date";
		return -1;
	}
	memcpy(date, s, 10);
	date[10] = '\0';
	if (parse_date(date, t, why) < 0)
		return -1;
	s += 10;
	if (!*s) {
		if (end)
			*t += 86399;
		return 0;
	}
	if ((*s != ' ' && *s != 'T') || clock_secs(s + 1, &secs) < 0) {
		*why = "not a date and time";
		return -1;
	}
	*t += secs;
	return 0;
}

/* ---- WooCommerce ---- */

enum woo_type { WT_SIMPLE, WT_VARIABLE, WT_VARIATION, WT_OTHER };

/* Type is a list: "simple, downloadable, virtual". */
static enum woo_type
woo_type(struct job *c, const char *s, const char **name)
{
	static const char *const kinds[] = { "simple", "variable", "variation" };
	size_t i, k;
	char *t;

	*name = s;
	if (empty(s))
		return WT_SIMPLE; /* WooCommerce's importer defaults so too */
	for (i = 0; (t = platform_woo_list_item(s, i)); i++) {
		keep(c, t);
		if (!strcmp(t, "downloadable") || !strcmp(t, "virtual"))
			continue;
		*name = t;
		for (k = 0; k < 3; k++)
			if (!strcmp(t, kinds[k]))
				return (enum woo_type)k;
		return WT_OTHER;
	}
	return WT_SIMPLE;
}

/* The product fields of one Woo row. NULL: column absent. */
struct woo_fields {
	const char *category, *brand, *weight_g, *status, *backorder, *cost;
	const char *price, *market_price, *barcode;
};

static int
woo_fields(struct job *c, const struct row *w, struct woo_fields *o, const char **err)
{
	static const int wcol[] = { W_WEIGHT_KG, W_WEIGHT_G, W_WEIGHT_LB, W_WEIGHT_OZ };
	static const enum weight_unit wunit[] = { WEIGHT_KG, WEIGHT_G, WEIGHT_LB, WEIGHT_OZ };
	const char *pub, *bo, *reg, *sale, *from, *to, *why;
	int64_t t0 = INT64_MIN, t1 = INT64_MAX;
	size_t i;

	memset(o, 0, sizeof *o);
	o->category = optional(c, w, "category", woo_category(c, val(c, w, W_CATEGORIES)));
	o->brand = optional(c, w, "brand", woo_brand(c, val(c, w, W_BRANDS)));
	o->cost = optional(c, w, "cost", price_text(c, val(c, w, W_COST)));
	o->barcode = barcode_text(c, w, val(c, w, W_GTIN));
	for (i = 0; i < 4; i++)
		if (c->fcol[wcol[i]] >= 0) {
			o->weight_g = weight_text(c, w, val(c, w, wcol[i]), wunit[i]);
			break;
		}

	/* 1 published, 0 private, -1 draft, 2 pending review */
	pub = val(c, w, W_PUBLISHED);
	if (!empty(pub)) {
		if (!strcmp(pub, "1"))
			o->status = "active";
		else if (!strcmp(pub, "0") || !strcmp(pub, "-1") || !strcmp(pub, "2"))
			o->status = "draft";
		else {
			*err = keep(c, xasprintf("bad Published '%s': not 1, 0, -1 or 2", pub));
			return -1;
		}
	}

	bo = val(c, w, W_BACKORDERS);
	if (!empty(bo)) {
		int b;
		if (streqi(bo, "notify"))
			o->backorder = "1";
		else if (parse_bool(bo, &b, &why) == 0)
			o->backorder = b ? "1" : "0";
		else {
			*err = keep(c, xasprintf("bad Backorders allowed? '%s': not 1, 0 or notify", bo));
			return -1;
		}
	}

	/* our price is what we sell at: the sale price while the sale runs,
	 * with the regular one as the reference price */
	reg = price_text(c, val(c, w, W_REGULAR_PRICE));
	sale = price_text(c, val(c, w, W_SALE_PRICE));
	from = val(c, w, W_SALE_FROM);
	to = val(c, w, W_SALE_TO);
	if (!empty(from) && woo_sale_time(from, 0, &t0, &why) < 0) {
		*err = keep(c, xasprintf("bad Date sale price starts '%s': %s", from, why));
		return -1;
	}
	if (!empty(to) && woo_sale_time(to, 1, &t1, &why) < 0) {
		*err = keep(c, xasprintf("bad Date sale price ends '%s': %s", to, why));
		return -1;
	}
	if (!empty(sale) && c->now >= t0 && c->now <= t1) {
		o->price = sale;
		o->market_price = was_price(c, w, sale, reg ? reg : "");
	} else {
		o->price = reg;
		o->market_price = reg || sale ? "" : NULL;
	}
	return 0;
}

/* Attributes i of the row: name and value(s). */
static void
woo_attr(struct job *c, const struct row *w, size_t i, const char **name, const char **value)
{
	*name = val(c, w, W_ATTR + 2 * (int)i);
	*value = val(c, w, W_ATTR + 2 * (int)i + 1);
}

/* A value list "Blue\\, navy, Green" as we show it: "Blue, navy, Green". */
static const char *
woo_values(struct job *c, const char *v)
{
	struct sbuf b = SBUF_INIT;
	size_t k;
	char *it;

	for (k = 0; (it = platform_woo_list_item(v, k)); k++) {
		sbuf_printf(&b, "%s%s", k ? ", " : "", it);
		free(it);
	}
	return keep(c, b.s ? b.s : xstrdup(""));
}

/* "Name=v1, v2;..." of a product's own attributes (escapes undone). */
static const char *
woo_key_attrs(struct job *c, const struct row *w, const char **err)
{
	struct sbuf b = SBUF_INIT;
	const char *n, *v;
	size_t i;

	if (!c->has_attrs)
		return NULL;
	for (i = 0; i < WOO_MAXATTR && !*err; i++) {
		woo_attr(c, w, i, &n, &v);
		if (empty(n) || empty(v))
			continue;
		v = woo_values(c, v);
		*err = bad_pair(c, n, v);
		sbuf_printf(&b, "%s%s=%s", b.len ? ";" : "", n, v);
	}
	return keep(c, b.s ? b.s : xstrdup(""));
}

static void
woo_simple(struct job *c, const struct row *w, const char *sku)
{
	struct product_row pr = { 0 };
	struct woo_fields o;
	const char *err = NULL;

	if (empty(sku)) {
		reject(c, w, "product has no SKU");
		return;
	}
	if (woo_fields(c, w, &o, &err) < 0) {
		reject(c, w, "%s", err);
		return;
	}
	pr.sku = sku;
	pr.spu = "";
	pr.name = val(c, w, W_NAME);
	pr.brand = o.brand;
	pr.category = o.category;
	pr.attrs = "";
	pr.key_attrs = woo_key_attrs(c, w, &err);
	if (err) {
		reject(c, w, "%s", err);
		return;
	}
	pr.price = o.price;
	pr.market_price = o.market_price;
	pr.cost = o.cost;
	pr.barcode = o.barcode;
	pr.weight_g = o.weight_g;
	pr.status = o.status;
	pr.backorder = o.backorder;
	apply(c, w, &pr);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static void
woo_parent_free(void *p)
{
	struct woo_parent *wp = p;
	size_t i;

	for (i = 0; i < wp->nattr; i++) {
		free(wp->aname[i]);
		free(wp->avalue[i]);
	}
	free(wp->aname);
	free(wp->avalue);
	free(wp->ref);
	free(wp->code);
	free(wp->name);
	free(wp->category);
	free(wp->brand);
	free(wp->weight_g);
	free(wp->status);
	free(wp->backorder);
	free(wp->cost);
	free(wp);
}

static int
has_attr_name(struct job *c, const struct row *w, const char *name)
{
	const char *n, *v;
	size_t i;

	for (i = 0; i < WOO_MAXATTR; i++) {
		woo_attr(c, w, i, &n, &v);
		if (!empty(n) && !strcmp(n, name))
			return 1;
	}
	return 0;
}

static void
woo_variation(struct job *c, const struct row *w, struct woo_parent *wp)
{
	struct product_row pr = { 0 };
	struct woo_fields o;
	struct sbuf name = SBUF_INIT, attrs = SBUF_INIT, key = SBUF_INIT;
	const char *err = NULL, *sku = val(c, w, W_SKU), *n, *v;
	size_t i;

	if (!wp->variable) {
		reject(c, w, "parent '%s' is not a variable product", val(c, w, W_PARENT));
		return;
	}
	if (wp->bad) {
		reject(c, w, "parent '%s' was rejected", val(c, w, W_PARENT));
		return;
	}
	if (empty(sku)) {
		reject(c, w, "variant has no SKU");
		return;
	}
	if (woo_fields(c, w, &o, &err) < 0) {
		reject(c, w, "%s", err);
		return;
	}
	/* the variation's attributes with a value; an empty one means "any" */
	sbuf_adds(&name, wp->name);
	for (i = 0; i < WOO_MAXATTR; i++) {
		char *it;
		woo_attr(c, w, i, &n, &v);
		if (empty(n) || empty(v))
			continue;
		it = keep(c, platform_woo_list_item(v, 0));
		if (!err)
			err = bad_pair(c, n, it);
		sbuf_printf(&name, " %s", it);
		sbuf_printf(&attrs, "%s%s=%s", attrs.len ? ";" : "", n, it);
	}
	/* the parent's other attributes describe every variation */
	for (i = 0; i < wp->nattr; i++)
		if (!has_attr_name(c, w, wp->aname[i])) {
			if (!err)
				err = bad_pair(c, wp->aname[i], wp->avalue[i]);
			sbuf_printf(&key, "%s%s=%s", key.len ? ";" : "", wp->aname[i], wp->avalue[i]);
		}
	if (err) {
		reject(c, w, "%s", err);
		goto out;
	}

	pr.sku = sku;
	pr.spu = wp->code;
	pr.spu_name = wp->name;
	pr.name = keep(c, xstrdup(sbuf_str(&name)));
	pr.brand = wp->brand;
	pr.category = wp->category;
	pr.attrs = keep(c, xstrdup(sbuf_str(&attrs)));
	pr.key_attrs = c->has_attrs ? keep(c, xstrdup(sbuf_str(&key))) : NULL;
	pr.price = o.price;
	pr.market_price = o.market_price;
	pr.cost = empty(o.cost) && wp->cost ? wp->cost : o.cost;
	pr.barcode = o.barcode;
	pr.weight_g = empty(o.weight_g) && wp->weight_g ? wp->weight_g : o.weight_g;
	pr.status = wp->status && strcmp(wp->status, "active") ? wp->status
		    : o.status ? o.status : wp->status;
	pr.backorder = o.backorder ? o.backorder : wp->backorder;
	apply(c, w, &pr);
out:
	sbuf_release(&name);
	sbuf_release(&attrs);
	sbuf_release(&key);
}

static struct saved *
save_row(const struct row *w, const char *ref)
{
	struct saved *s = xcalloc(1, sizeof *s);
	size_t i;

	s->f = xcalloc(w->n ? w->n : 1, sizeof *s->f);
	for (i = 0; i < w->n; i++)
		s->f[i] = xstrdup(w->f[i]);
	s->n = w->n;
	s->line = w->line;
	s->ref = xstrdup(ref);
	return s;
}

static void
saved_free(struct saved *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->f[i]);
	free(s->f);
	free(s->ref);
	free(s);
}

/* Take the variations waiting for key, appending them to *list sorted by
 * line. */
static void
take_pending(struct job *c, const char *key, struct saved **list)
{
	void **slot = smap_slot(&c->pending, key, 0);
	struct saved *s, *next, **pp;

	if (!slot)
		return;
	for (s = *slot; s; s = next) {
		next = s->next;
		for (pp = list; *pp && (*pp)->line < s->line; pp = &(*pp)->next)
			;
		s->next = *pp;
		*pp = s;
	}
	*slot = NULL;
}

static void
register_parent(struct job *c, struct woo_parent *wp, const char *sku, const char *id)
{
	struct saved *waiting = NULL, *s, *next;
	char *idref = empty(id) ? NULL : xasprintf("id:%s", id);

	void **slot;

	/* the first product of a key keeps it: a later one is a duplicate */
	if (!empty(sku) && !*(slot = smap_slot(&c->products, sku, 1)))
		*slot = wp;
	if (idref && !*(slot = smap_slot(&c->products, idref, 1)))
		*slot = wp;
	if (!empty(sku))
		take_pending(c, sku, &waiting);
	if (idref)
		take_pending(c, idref, &waiting);
	free(idref);
	for (s = waiting; s; s = next) {
		struct row w = { s->f, s->n, s->line };
		next = s->next;
		woo_variation(c, &w, wp);
		drop_tmp(c);
		saved_free(s);
	}
}

/* Every product is registered by SKU and by id:NN, so a variation can tell
 * a parent of the wrong type from a parent missing from the file. */
static struct woo_parent *
new_parent(struct job *c, const struct row *w, const char *sku, const char *id)
{
	struct woo_parent *wp = xcalloc(1, sizeof *wp);

	wp->line = w->line;
	wp->ref = xstrdup(!empty(sku) ? sku : !empty(id) ? id : "");
	if (c->nparents == c->parentcap) {
		c->parentcap = c->parentcap ? 2 * c->parentcap : 64;
		c->parents = xrealloc(c->parents, c->parentcap * sizeof *c->parents);
	}
	c->parents[c->nparents++] = wp;
	return wp;
}

static void
woo_variable(struct job *c, const struct row *w, const char *sku, const char *id)
{
	struct woo_parent *wp = new_parent(c, w, sku, id);
	struct woo_fields o;
	const char *err = NULL, *name = val(c, w, W_NAME), *n, *v;
	size_t i;

	wp->variable = 1;
	if (!empty(sku))
		wp->code = xstrdup(sku);
	else if (!empty(id))
		wp->code = xasprintf("woo-%s", id);
	if (!wp->code) {
		reject(c, w, "variable product has neither SKU nor ID");
		return;
	}
	if (empty(name))
		err = "variable product has no Name";
	else if (woo_fields(c, w, &o, &err) == 0) {
		wp->name = xstrdup(name);
		wp->category = dup_or_null(o.category);
		wp->brand = dup_or_null(o.brand);
		wp->weight_g = dup_or_null(o.weight_g);
		wp->status = dup_or_null(o.status);
		wp->backorder = dup_or_null(o.backorder);
		wp->cost = dup_or_null(o.cost);
		wp->aname = xcalloc(WOO_MAXATTR, sizeof *wp->aname);
		wp->avalue = xcalloc(WOO_MAXATTR, sizeof *wp->avalue);
		for (i = 0; i < WOO_MAXATTR; i++) {
			woo_attr(c, w, i, &n, &v);
			if (empty(n) || empty(v))
				continue;
			wp->aname[wp->nattr] = xstrdup(n);
			wp->avalue[wp->nattr++] = xstrdup(woo_values(c, v));
		}
	}
	if (err) {
		reject(c, w, "%s", err);
		wp->bad = 1;
	}
	register_parent(c, wp, sku, id);
}

static void
woo_row(struct job *c, const struct row *w)
{
	const char *tname, *sku = val(c, w, W_SKU), *id = val(c, w, W_ID), *ref;
	struct woo_parent *wp;
	void **slot;

	switch (woo_type(c, val(c, w, W_TYPE), &tname)) {
	case WT_SIMPLE:
		woo_simple(c, w, sku);
		register_parent(c, new_parent(c, w, sku, id), sku, id);
		break;
	case WT_VARIABLE:
		if (!empty(sku) && (wp = smap_get(&c->products, sku))) {
			reject(c, w, "sku '%s' is already on line %zu of this file", sku, wp->line);
			break;
		}
		woo_variable(c, w, sku, id);
		break;
	case WT_VARIATION:
		ref = val(c, w, W_PARENT);
		if (empty(ref)) {
			reject(c, w, "variation has no Parent");
			break;
		}
		wp = smap_get(&c->products, ref);
		if (wp) {
			woo_variation(c, w, wp);
			break;
		}
		slot = smap_slot(&c->pending, ref, 1);
		{
			struct saved *s = save_row(w, ref), **pp;
			for (pp = (struct saved **)slot; *pp; pp = &(*pp)->next)
				;
			*pp = s;
		}
		break;
	case WT_OTHER:
		reject(c, w, "woocommerce type '%s' is not imported", tname);
		register_parent(c, new_parent(c, w, sku, id), sku, id);
		break;
	}
}

static int
by_line(const void *a, const void *b)
{
	const struct saved *x = *(struct saved *const *)a, *y = *(struct saved *const *)b;

	return x->line < y->line ? -1 : x->line > y->line;
}

/* Variations whose parent never came. */
static void
woo_orphans(struct job *c)
{
	struct saved **all = NULL, *s;
	size_t n = 0, cap = 0, i;

	for (i = 0; i < c->pending.cap; i++)
		for (s = c->pending.v[i].key ? c->pending.v[i].ptr : NULL; s; s = s->next) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				all = xrealloc(all, cap * sizeof *all);
			}
			all[n++] = s;
		}
	if (n)
		qsort(all, n, sizeof *all, by_line);
	for (i = 0; i < n; i++) {
		struct row w = { all[i]->f, all[i]->n, all[i]->line };
		reject(c, &w, "parent '%s' is not in the file", all[i]->ref);
		saved_free(all[i]);
	}
	free(all);
	for (i = 0; i < c->pending.cap; i++)
		c->pending.v[i].ptr = NULL;
}

static void
woo_free_parents(struct job *c)
{
	size_t i;

	for (i = 0; i < c->nparents; i++)
		woo_parent_free(c->parents[i]);
	free(c->parents);
	smap_release(&c->products, NULL);
}

/* ---- Shopify ---- */

static void
shop_product_free(void *p)
{
	struct shop_product *sp = p;
	int i;

	free(sp->title);
	free(sp->brand);
	free(sp->category);
	free(sp->status);
	for (i = 0; i < 3; i++)
		free(sp->optname[i]);
	free(sp);
}

/* The product fields of a Handle's first row; -1 with *err when one is bad. */
static int
shop_product_fields(struct job *c, const struct row *w, struct shop_product *sp, const char **err)
{
	const char *title = val(c, w, S_TITLE), *cat = val(c, w, S_CATEGORY);
	const char *type = val(c, w, S_TYPE), *st = val(c, w, S_STATUS);
	const char *pub = val(c, w, S_PUBLISHED), *vendor = val(c, w, S_VENDOR), *why;
	int i, trunc, b;

	if (empty(title)) {
		*err = "first row of a product has no Title";
		return -1;
	}
	sp->title = xstrdup(title);
	sp->brand = dup_or_null(optional(c, w, "brand", vendor));
	/* the taxonomy path, else the merchant's own Type as one level;
	 * newer exports may write a taxonomy id instead of the path */
	if (!empty(cat) && strncmp(cat, "gid://", 6))
		sp->category = platform_category_path(cat, &trunc);
	else if (!empty(type))
		sp->category = platform_category_path(type, &trunc);
	else if (cat || type)
		sp->category = xstrdup("");
	if (sp->category && !optional(c, w, "category", sp->category)) {
		free(sp->category);
		sp->category = NULL;
	}
	if (!empty(st)) {
		if (streqi(st, "active") || streqi(st, "unlisted"))
			sp->status = xstrdup("active");
		else if (streqi(st, "draft"))
			sp->status = xstrdup("draft");
		else if (streqi(st, "archived"))
			sp->status = xstrdup("inactive");
		else {
			*err = keep(c, xasprintf("bad Status '%s': not active, draft or archived", st));
			return -1;
		}
	} else if (!empty(pub)) {
		if (parse_bool(pub, &b, &why) < 0) {
			*err = keep(c, xasprintf("bad Published '%s': not TRUE or FALSE", pub));
			return -1;
		}
		sp->status = xstrdup(b ? "active" : "draft");
	}
	for (i = 0; i < 3; i++) {
		const char *n = val(c, w, S_OPT1N + 2 * i);
		sp->optname[i] = xstrdup(empty(n) ? "" : n);
	}
	return 0;
}

/* Does a later row of a Handle carry a variant, or only an image? */
static int
shop_is_variant(struct job *c, const struct row *w)
{
	static const int vf[] = { S_SKU, S_OPT1V, S_OPT2V, S_OPT3V, S_PRICE, S_COMPARE,
				  S_GRAMS, S_BARCODE, S_COST, S_POLICY };
	size_t i;

	for (i = 0; i < sizeof vf / sizeof vf[0]; i++)
		if (!empty(val(c, w, vf[i])))
			return 1;
	return 0;
}

static void
shop_variant(struct job *c, const struct row *w, const char *handle, struct shop_product *sp)
{
	struct product_row pr = { 0 };
	struct sbuf name = SBUF_INIT, attrs = SBUF_INIT;
	const char *sku = val(c, w, S_SKU), *v[3], *pol, *err = NULL, *why, *on;
	int i, simple, b;

	if (empty(sku)) {
		reject(c, w, "variant has no SKU");
		return;
	}
	for (i = 0; i < 3; i++)
		v[i] = val(c, w, S_OPT1V + 2 * i);
	/* a product without options has one variant "Title: Default Title" */
	simple = (empty(v[0]) && empty(v[1]) && empty(v[2])) ||
		 (!strcmp(sp->optname[0], "Title") && !empty(v[0]) && !strcmp(v[0], "Default Title") &&
		  empty(v[1]) && empty(v[2]));
	sbuf_adds(&name, sp->title);
	if (!simple)
		for (i = 0; i < 3; i++) {
			if (empty(v[i]))
				continue;
			on = *sp->optname[i] ? sp->optname[i] : keep(c, xasprintf("Option%d", i + 1));
			if (!err)
				err = bad_pair(c, on, v[i]);
			sbuf_printf(&name, " %s", v[i]);
			sbuf_printf(&attrs, "%s%s=%s", attrs.len ? ";" : "", on, v[i]);
		}
	pr.sku = sku;
	pr.spu = simple ? "" : handle;
	pr.spu_name = simple ? NULL : sp->title;
	pr.name = keep(c, xstrdup(sbuf_str(&name)));
	pr.brand = sp->brand;
	pr.category = sp->category;
	pr.attrs = keep(c, xstrdup(sbuf_str(&attrs)));
	pr.price = price_text(c, val(c, w, S_PRICE));
	pr.market_price = was_price(c, w, pr.price, price_text(c, val(c, w, S_COMPARE)));
	pr.cost = optional(c, w, "cost", price_text(c, val(c, w, S_COST)));
	pr.barcode = barcode_text(c, w, val(c, w, S_BARCODE));
	pr.weight_g = weight_text(c, w, val(c, w, S_GRAMS), WEIGHT_G);
	pr.status = sp->status;
	pol = val(c, w, S_POLICY);
	if (!empty(pol)) {
		if (streqi(pol, "continue"))
			pr.backorder = "1";
		else if (streqi(pol, "deny"))
			pr.backorder = "0";
		else if (parse_bool(pol, &b, &why) == 0)
			pr.backorder = b ? "1" : "0";
		else
			err = keep(c, xasprintf("bad Variant Inventory Policy '%s': not deny or continue", pol));
	}
	if (err)
		reject(c, w, "%s", err);
	else
		apply(c, w, &pr);
	sbuf_release(&name);
	sbuf_release(&attrs);
}

static void
shop_row(struct job *c, const struct row *w)
{
	const char *handle = val(c, w, S_HANDLE), *err = NULL;
	struct shop_product *sp;

	if (empty(handle)) {
		reject(c, w, "row has no Handle");
		return;
	}
	sp = smap_get(&c->products, handle);
	if (!sp) {
		sp = xcalloc(1, sizeof *sp);
		sp->line = w->line;
		*smap_slot(&c->products, handle, 1) = sp;
		if (shop_product_fields(c, w, sp, &err) < 0) {
			sp->bad = 1;
			reject(c, w, "%s", err);
			return;
		}
	} else if (!shop_is_variant(c, w)) {
		return; /* an image of the product */
	} else if (sp->bad) {
		reject(c, w, "product '%s' was rejected (line %zu)", handle, sp->line);
		return;
	}
	shop_variant(c, w, handle, sp);
}

/* ---- the driver ---- */

static void
map_columns(struct job *c, const struct alias *al, size_t nal, size_t nfields)
{
	size_t j;

	c->cols = xcalloc(nal, sizeof *c->cols);
	for (j = 0; j < nal; j++)
		c->cols[j].name = al[j].name;
	csvr_header(c->r, c->cols, nal, 1);
	for (j = 0; j < nfields; j++)
		c->fcol[j] = -1;
	for (j = 0; j < nal; j++)
		if (c->r->map[j] >= 0 && c->fcol[al[j].field] < 0)
			c->fcol[al[j].field] = (int)j;
	c->alias = al;
}

static void
need_column(struct job *c, int field, const char *name)
{
	if (c->fcol[field] < 0)
		die(EX_DATA, "%s:%zu: missing required column '%s' (not a %s product export?)",
		    c->r->name, c->r->line_no, name, platform_name(c->p));
}

/* The Woo column table: the fixed columns and Attribute 1..50. */
static struct alias *
woo_table(size_t *n)
{
	size_t nfix = sizeof woo_cols / sizeof woo_cols[0], i;
	struct alias *al = xcalloc(nfix + 2 * WOO_MAXATTR, sizeof *al);

	memcpy(al, woo_cols, sizeof woo_cols);
	for (i = 0; i < WOO_MAXATTR; i++) {
		al[nfix + 2 * i].name = xasprintf("Attribute %zu name", i + 1);
		al[nfix + 2 * i].field = W_ATTR + 2 * (int)i;
		al[nfix + 2 * i + 1].name = xasprintf("Attribute %zu value(s)", i + 1);
		al[nfix + 2 * i + 1].field = W_ATTR + 2 * (int)i + 1;
	}
	*n = nfix + 2 * WOO_MAXATTR;
	return al;
}

int
platform_import(enum platform p, const char *path)
{
	struct csvr rd, *r = &rd;
	struct imp imp, *im = &imp;
	struct job c;
	struct alias *wal = NULL;
	size_t nal = 0, i;
	int rc;

	csvr_open(r, path, S.imp.input_kind);
	memset(&c, 0, sizeof c);
	c.p = p;
	c.r = r;
	c.im = im;
	c.now = shop_now();
	if (p == PLATFORM_WOOCOMMERCE) {
		wal = woo_table(&nal);
		map_columns(&c, wal, nal, W_NFIELDS);
		need_column(&c, W_TYPE, "Type");
		need_column(&c, W_SKU, "SKU");
		need_column(&c, W_NAME, "Name");
		for (i = W_ATTR; i < W_NFIELDS; i++)
			if (c.fcol[i] >= 0)
				c.has_attrs = 1;
	} else {
		map_columns(&c, shop_cols, sizeof shop_cols / sizeof shop_cols[0], S_NFIELDS);
		need_column(&c, S_HANDLE, "Handle");
		need_column(&c, S_SKU, "Variant SKU");
	}
	imp_begin(im, r, "products");
	product_bulk_begin(); /* rejects a sku given twice */
	while (csvr_next(r)) {
		struct row w = { r->fields, r->nfields, csvr_line(r) };
		if (p == PLATFORM_WOOCOMMERCE)
			woo_row(&c, &w);
		else
			shop_row(&c, &w);
		drop_tmp(&c);
	}
	if (p == PLATFORM_WOOCOMMERCE) {
		woo_orphans(&c);
		woo_free_parents(&c);
	} else {
		smap_release(&c.products, shop_product_free);
	}
	product_bulk_end();
	rc = imp_end(im);
	smap_release(&c.pending, NULL);
	drop_tmp(&c);
	strlist_release(&c.tmp);
	/* the reader borrowed the column table; it reads no more */
	r->cols = NULL;
	r->ncols = 0;
	free(c.cols);
	if (wal) {
		for (i = sizeof woo_cols / sizeof woo_cols[0]; i < nal; i++)
			free((char *)wal[i].name);
		free(wal);
	}
	csvr_close(r);
	return rc;
}
