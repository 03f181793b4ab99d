/* scope.c - coupon and promotion scopes (see scope.h) */
#include <stdlib.h>
#include <string.h>

#include "brand.h"
#include "category.h"
#include "db.h"
#include "product.h"
#include "scope.h"

void
scope_release(struct scope *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	free(s->sorted);
	memset(s, 0, sizeof *s);
}

static void
add_name(struct scope *s, const char *name, size_t len)
{
	s->names = xrealloc(s->names, (s->n + 1) * sizeof *s->names);
	s->names[s->n] = xmalloc(len + 1);
	memcpy(s->names[s->n], name, len);
	s->names[s->n++][len] = '\0';
}

/* text after "prefix:" when text starts with it, else NULL */
static const char *
after(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);

	return !strncmp(text, prefix, n) && text[n] == ':' ? text + n + 1 : NULL;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
scope_index(struct scope *s)
{
	free(s->sorted);
	s->sorted = NULL;
	if (s->kind != SCOPE_SKU || !s->n)
		return;
	s->sorted = xcalloc(s->n, sizeof *s->sorted);
	memcpy(s->sorted, s->names, s->n * sizeof *s->sorted);
	qsort(s->sorted, s->n, sizeof *s->sorted, cmp_name);
}

/* The names of "sku:A,B" into s. */
static void
add_names(struct scope *s, const char *v)
{
	for (;;) {
		size_t len = strcspn(v, ",");

		add_name(s, v, len);
		if (!v[len])
			break;
		v += len + 1;
	}
}

void
scope_read(const char *text, struct scope *s)
{
	const char *v;

	memset(s, 0, sizeof *s);
	if (!text || !*text)
		return;
	if (!strcmp(text, "all")) {
		s->kind = SCOPE_ALL;
	} else if ((v = after(text, "sku"))) {
		s->kind = SCOPE_SKU;
		add_names(s, v);
	} else if ((v = after(text, "category"))) {
		s->kind = SCOPE_CATEGORY;
		add_name(s, v, strlen(v));
	} else if ((v = after(text, "brand"))) {
		s->kind = SCOPE_BRAND;
		add_name(s, v, strlen(v));
	}
	scope_index(s);
}

enum res
scope_parse(const char *what, const char *text, struct scope *s, struct why *w)
{
	const char *v;
	enum res rc = RES_DONE;
	int64_t id;

	memset(s, 0, sizeof *s);
	if (!text || !*text)
		return RES_DONE;
	if (!strcmp(text, "all")) {
		s->kind = SCOPE_ALL;
		return RES_DONE;
	}
	if ((v = after(text, "sku"))) {
		s->kind = SCOPE_SKU;
		while (!rc) {
			size_t len = strcspn(v, ",");

			if (!len) {
				rc = res_fail(w, RES_BAD, "bad %s '%s': an empty sku", what, text);
				break;
			}
			add_name(s, v, len);
			rc = product_find(s->names[s->n - 1], &id, w);
			if (!v[len])
				break;
			v += len + 1;
		}
	} else if ((v = after(text, "category"))) {
		struct category c = CATEGORY_INIT;

		s->kind = SCOPE_CATEGORY;
		if (!(rc = category_find(v, &c, w)))
			add_name(s, c.path.s, c.path.len);
		category_release(&c);
	} else if ((v = after(text, "brand"))) {
		s->kind = SCOPE_BRAND;
		if (!(rc = brand_find(v, &id, w)))
			add_name(s, v, strlen(v));
	} else {
		rc = res_fail(w, RES_BAD, "bad %s '%s': all, sku:A,B, category:PATH or brand:NAME",
			      what, text);
	}
	if (rc)
		scope_release(s);
	else
		scope_index(s);
	return rc;
}

void
scope_text(const struct scope *s, struct sbuf *out)
{
	static const char *const kinds[] = { "", "all", "sku:", "category:", "brand:" };
	size_t i;

	sbuf_reset(out);
	sbuf_adds(out, kinds[s->kind]);
	for (i = 0; i < s->n; i++) {
		if (i)
			sbuf_addc(out, ',');
		sbuf_adds(out, s->names[i]);
	}
}

int
scope_has(const struct scope *s, const struct scope_sku *k)
{
	size_t i, n;

	switch (s->kind) {
	case SCOPE_ALL:
		return 1;
	case SCOPE_SKU:
		/* a big import asks for every line of every order */
		if (s->sorted)
			return bsearch(&k->sku, s->sorted, s->n, sizeof *s->sorted, cmp_name) != NULL;
		for (i = 0; i < s->n; i++)
			if (!strcmp(s->names[i], k->sku))
				return 1;
		return 0;
	case SCOPE_CATEGORY:
		/* the category and its subtree */
		n = strlen(s->names[0]);
		return !strncmp(k->category, s->names[0], n) &&
		       (k->category[n] == '\0' || k->category[n] == '/');
	case SCOPE_BRAND:
		return !strcmp(k->brand, s->names[0]);
	case SCOPE_NONE:
		break;
	}
	return 0;
}

int
scope_applies(const struct scope *s, const struct scope *exclude, const struct scope_sku *k)
{
	return scope_has(s, k) && !(exclude && scope_has(exclude, k));
}

int
scope_walk(int (*each)(const struct scope_sku *k, void *arg), void *arg)
{
	db_stmt *st = db_prep("SELECT s.sku, COALESCE(c.path, ''), COALESCE(b.name, '') FROM sku s "
			      "LEFT JOIN category c ON c.id = s.category_id "
			      "LEFT JOIN brand b ON b.id = s.brand_id ORDER BY s.sku");
	int found = 0;

	while (!found && db_step(st)) {
		struct scope_sku k = { db_col_text(st, 0), db_col_text(st, 1), db_col_text(st, 2) };

		found = each(&k, arg);
	}
	if (found)
		db_reset(st);
	return found;
}

struct overlap {
	const struct scope *a, *ax, *b, *bx;
};

static int
in_both(const struct scope_sku *k, void *arg)
{
	const struct overlap *o = arg;

	return scope_applies(o->a, o->ax, k) && scope_applies(o->b, o->bx, k);
}

int
scope_overlap(const struct scope *a, const struct scope *ax, const struct scope *b,
	      const struct scope *bx)
{
	struct overlap o = { a, ax, b, bx };

	return scope_walk(in_both, &o);
}
