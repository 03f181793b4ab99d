/* category.c - the category tree: normalized paths, cached look-ups, the
 * leaf rule, add, list in tree order, move, remove */
#include <stdlib.h>
#include <string.h>

#include "category.h"
#include "code.h"
#include "db.h"
#include "parse.h"
#include "session.h"
#include "strmap.h"

/* path -> id, aux: whether it has subcategories. Bounded: a file with
 * more distinct categories looks the rest up. */
static struct strmap cache = STRMAP_INIT(16384);

void
category_cache_clear(void)
{
	strmap_release(&cache);
}

void
category_release(struct category *c)
{
	sbuf_release(&c->path);
}

static int
blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Printable ASCII holds no invisible character: no need to look closer. */
static int
plain_ascii(const char *a, const char *b)
{
	for (; a < b; a++)
		if (*a < 0x20 || *a > 0x7e)
			return 0;
	return 1;
}

/* The canonical path into out and its depth; NULL, or the reason path
 * cannot be one (a static string). */
static const char *
normalize(const char *path, struct sbuf *out, int *depth)
{
	const char *p = path, *e, *a, *b, *w = NULL;
	char *level;

	sbuf_reset(out);
	*depth = 0;
	for (;;) {
		e = strchr(p, '/');
		if (!e)
			e = p + strlen(p);
		for (a = p; a < e && blank(*a); a++)
			;
		for (b = e; b > a && blank(b[-1]); b--)
			;
		if (a == b)
			return "empty level";
		if (!plain_ascii(a, b)) {
			level = xstrndup(a, (size_t)(b - a));
			check_code_text(level, &w);
			free(level);
			if (w)
				return w;
		}
		if (*depth)
			sbuf_addc(out, '/');
		sbuf_add(out, a, (size_t)(b - a));
		(*depth)++;
		if (!*e)
			return NULL;
		p = e + 1;
	}
}

enum res
category_normalize(const char *path, struct sbuf *out, int *depth, struct why *why)
{
	const char *w = normalize(path, out, depth);
	char *shown;

	if (!w)
		return RES_DONE;
	shown = code_shown(path);
	res_fail(why, RES_BAD, "bad category '%s': %s", shown, w);
	free(shown);
	return RES_BAD;
}

const char *
category_path_problem(const char *path)
{
	struct sbuf norm = SBUF_INIT;
	const char *w;
	int depth;

	w = normalize(path, &norm, &depth);
	if (!w && depth > CATEGORY_MAX_DEPTH)
		w = "more than 4 levels";
	sbuf_release(&norm);
	return w;
}

/* A canonical path: 1 with its id and whether it has children, or 0. */
static int
lookup(const char *path, int64_t *id, int *kids)
{
	struct strmap_ent *e = strmap_get(&cache, path);
	db_stmt *st;

	if (e) {
		*id = e->val;
		*kids = (int)e->aux;
		return 1;
	}
	st = db_prep("SELECT c.id, CASE WHEN EXISTS (SELECT 1 FROM category k "
		     "WHERE k.parent_id = c.id) THEN 1 ELSE 0 END FROM category c WHERE c.path = ?1");
	db_bind_text(st, 1, path);
	if (!db_step(st))
		return 0;
	*id = db_col_int(st, 0);
	*kids = (int)db_col_int(st, 1);
	db_reset(st);
	strmap_put(&cache, path, *id, *kids);
	return 1;
}

/* SKUs on a category other than except_id. */
static int64_t
skus_on(int64_t cat_id, int64_t except_id)
{
	db_stmt *st = db_prep("SELECT count(*) FROM sku WHERE category_id = ?1 AND id <> ?2");

	db_bind_int(st, 1, cat_id);
	db_bind_int(st, 2, except_id);
	return db_int(st, 0);
}

/* Length of the parent's path within path[0..len), or 0 for a top level. */
static size_t
parent_len(const char *path, size_t len)
{
	while (len > 0 && path[len - 1] != '/')
		len--;
	return len ? len - 1 : 0;
}

static const char *
plural(int64_t n)
{
	return n == 1 ? "" : "s";
}

enum res
category_for_sku(const char *path, int depth, int64_t sku_id, int64_t *id, struct why *why)
{
	enum res r = RES_DONE;
	char *prefix;
	size_t len;
	int64_t pid, n;
	int kids;

	if (depth > CATEGORY_MAX_DEPTH)
		return res_fail(why, RES_REFUSED, "category '%s' has %d levels; at most %d", path,
				depth, CATEGORY_MAX_DEPTH);
	if (lookup(path, id, &kids)) {
		if (kids && sku_id >= 0)
			return res_fail(why, RES_REFUSED,
					"category '%s' has subcategories; a sku goes on a leaf", path);
		return RES_DONE;
	}
	*id = -1;
	/* the nearest existing ancestor must hold no SKU (but this one) */
	prefix = xstrdup(path);
	for (len = parent_len(path, strlen(path)); len > 0; len = parent_len(path, len)) {
		prefix[len] = '\0';
		if (!lookup(prefix, &pid, &kids))
			continue;
		n = skus_on(pid, sku_id);
		if (n > 0)
			r = res_fail(why, RES_REFUSED,
				     "category '%s' holds %lld sku%s; cannot add '%s' under it", prefix,
				     (long long)n, plural(n), path);
		break;
	}
	free(prefix);
	return r;
}

int64_t
category_create(const char *path)
{
	char *prefix = xstrdup(path);
	size_t pos, name = 0, ppos = 0;
	int64_t parent = 0, id = 0;
	int kids, depth = 0;
	db_stmt *st;

	for (pos = 0;; pos++) {
		if (path[pos] != '/' && path[pos] != '\0')
			continue;
		depth++;
		prefix[pos] = '\0';
		if (!lookup(prefix, &id, &kids)) {
			/* another process may add it meanwhile: then it is that one */
			st = db_prep("INSERT INTO category (parent_id, name, path, depth) "
				     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (path) DO NOTHING RETURNING id");
			db_bind_opt_int(st, 1, parent > 0, parent);
			db_bind_text(st, 2, prefix + name);
			db_bind_text(st, 3, prefix);
			db_bind_int(st, 4, depth);
			id = db_int(st, -1);
			if (id < 0)
				id = db_lookup_id("SELECT id FROM category WHERE path = ?1", prefix);
			strmap_put(&cache, prefix, id, 0);
			if (parent > 0) { /* the parent has children now */
				prefix[ppos] = '\0';
				strmap_put(&cache, prefix, parent, 1);
				prefix[ppos] = '/';
			}
		}
		if (!path[pos])
			break;
		prefix[pos] = '/';
		parent = id;
		ppos = pos;
		name = pos + 1;
	}
	free(prefix);
	return id;
}

enum res
category_find(const char *path, struct category *c, struct why *why)
{
	enum res r;
	db_stmt *st;
	int depth;

	if ((r = category_normalize(path, &c->path, &depth, why)) != RES_DONE)
		return r;
	st = db_prep("SELECT c.id, c.depth, c.parent_id, "
		     "(SELECT count(*) FROM sku WHERE category_id = c.id), "
		     "(SELECT count(*) FROM category WHERE parent_id = c.id) "
		     "FROM category c WHERE c.path = ?1");
	db_bind_text(st, 1, sbuf_str(&c->path));
	if (db_step(st)) {
		c->id = db_col_int(st, 0);
		c->depth = db_col_int(st, 1);
		c->parent = db_col_is_null(st, 2) ? 0 : db_col_int(st, 2);
		c->skus = db_col_int(st, 3);
		c->kids = db_col_int(st, 4);
		db_reset(st);
		return RES_DONE;
	}
	st = db_prep("SELECT path FROM category WHERE lower(path) = lower(?1) ORDER BY path");
	db_bind_text(st, 1, sbuf_str(&c->path));
	if (db_step(st))
		res_fail(why, RES_NOTFOUND, "unknown category '%s' (did you mean '%s'?)",
			 sbuf_str(&c->path), db_col_text(st, 0));
	else
		res_fail(why, RES_NOTFOUND, "unknown category '%s'", sbuf_str(&c->path));
	db_reset(st);
	return RES_NOTFOUND;
}

enum res
category_add(const char *path, struct why *why)
{
	struct sbuf norm = SBUF_INIT;
	int64_t id;
	enum res r;
	int depth;

	r = category_normalize(path, &norm, &depth, why);
	/* sku_id -1: no SKU goes there, any existing category will do */
	if (r == RES_DONE)
		r = category_for_sku(sbuf_str(&norm), depth, -1, &id, why);
	if (r == RES_DONE && id >= 0)
		r = res_fail(why, RES_SKIPPED, "category '%s' exists; skipped", path);
	if (r == RES_DONE) {
		category_create(sbuf_str(&norm));
		audit_note("category add '%s'", path);
	}
	sbuf_release(&norm);
	return r;
}

/* The subtree of a canonical path: the path itself or a path below it. */
#define SUBTREE(col, param) "(" col " = " param " OR substr(" col ", 1, length(" param ") + 1) = " \
	param " || '/')"

/* Where a category and its subtree move: dest (NULL: the top level) must
 * not be inside it nor hold SKUs, the new path must be free and no deeper
 * than 4 levels. Sets np to the new path. */
static enum res
move_check(const struct category *c, const struct category *dest, struct sbuf *np,
	   struct why *why)
{
	const char *p = c->path.s, *name = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
	int64_t maxd, id;
	size_t len = c->path.len;
	db_stmt *st;
	int kids;

	sbuf_reset(np);
	if (dest) {
		if (!strcmp(dest->path.s, p) ||
		    (!strncmp(dest->path.s, p, len) && dest->path.s[len] == '/'))
			return res_fail(why, RES_REFUSED, "cannot move category '%s' under itself",
					p);
		if (dest->skus)
			return res_fail(why, RES_REFUSED,
					"category '%s' holds %lld sku%s; cannot move '%s' under it",
					dest->path.s, (long long)dest->skus, plural(dest->skus), p);
		sbuf_printf(np, "%s/", dest->path.s);
	}
	sbuf_adds(np, name);
	if (!strcmp(np->s, p))
		return res_fail(why, RES_SKIPPED, "category '%s' is already there; skipped", p);
	if (lookup(np->s, &id, &kids))
		return res_fail(why, RES_REFUSED, "category '%s' exists", np->s);
	st = db_prep("SELECT max(depth) FROM category WHERE " SUBTREE("path", "?1"));
	db_bind_text(st, 1, p);
	maxd = db_int(st, 0) - c->depth + (dest ? dest->depth : 0) + 1;
	if (maxd > CATEGORY_MAX_DEPTH)
		return res_fail(why, RES_REFUSED,
				"moving category '%s' to '%s' makes it %lld levels deep; at most %d",
				p, np->s, (long long)maxd, CATEGORY_MAX_DEPTH);
	return RES_DONE;
}

enum res
category_move(const char *path, const char *parent, struct why *why)
{
	struct category c = CATEGORY_INIT, d = CATEGORY_INIT;
	struct sbuf np = SBUF_INIT;
	int top = !parent || !strcmp(parent, "/");
	db_stmt *st;
	enum res r;

	r = category_find(path, &c, why);
	if (r == RES_DONE && !top)
		r = category_find(parent, &d, why);
	if (r == RES_DONE)
		r = move_check(&c, top ? NULL : &d, &np, why);
	if (r == RES_DONE) {
		st = db_prep("UPDATE category SET path = ?2 || substr(path, length(?1) + 1), "
			     "depth = depth + ?3 WHERE " SUBTREE("path", "?1"));
		db_bind_text(st, 1, c.path.s);
		db_bind_text(st, 2, np.s);
		db_bind_int(st, 3, (top ? 0 : d.depth) + 1 - c.depth);
		db_run(st);
		st = db_prep("UPDATE category SET parent_id = ?1 WHERE id = ?2");
		db_bind_opt_int(st, 1, !top, d.id);
		db_bind_int(st, 2, c.id);
		db_run(st);
		category_cache_clear();
		audit_note("category move '%s' to '%s'", c.path.s, np.s);
	}
	category_release(&c);
	category_release(&d);
	sbuf_release(&np);
	return r;
}

enum res
category_remove(const char *path, struct why *why)
{
	struct category c = CATEGORY_INIT;
	db_stmt *st;
	enum res r;

	r = category_find(path, &c, why);
	if (r == RES_DONE && c.kids)
		r = res_fail(why, RES_REFUSED, "category '%s' has subcategories; cannot remove",
			     c.path.s);
	else if (r == RES_DONE && c.skus)
		r = res_fail(why, RES_REFUSED, "category '%s' holds %lld sku%s; cannot remove",
			     c.path.s, (long long)c.skus, plural(c.skus));
	if (r == RES_DONE) {
		st = db_prep("DELETE FROM category WHERE id = ?1");
		db_bind_int(st, 1, c.id);
		db_run(st);
		category_cache_clear();
		audit_note("category remove '%s'", c.path.s);
	}
	category_release(&c);
	return r;
}

/* Tree order: byte order with '/' below every other byte, so that a
 * category's subtree follows it before any sibling ("A/B" < "A B"). */
static int
tree_cmp(const void *a, const void *b)
{
	const unsigned char *x = (const unsigned char *)((const struct category_row *)a)->path;
	const unsigned char *y = (const unsigned char *)((const struct category_row *)b)->path;
	int cx, cy;

	for (;; x++, y++) {
		cx = *x == '/' ? 1 : *x;
		cy = *y == '/' ? 1 : *y;
		if (cx != cy || !cx)
			return cx - cy;
	}
}

/* Is path inside the subtree of top (top itself excluded)? */
static int
below(const char *path, const char *top)
{
	size_t n = strlen(top);

	return !strncmp(path, top, n) && path[n] == '/';
}

const struct out_col category_list_cols[CATEGORY_LIST_NCOLS] = {
	{ "path", COL_TEXT }, { "depth", COL_INT }, { "skus", COL_INT },
};

enum res
category_list(const char *under, struct category_row **rows, size_t *n, struct why *why)
{
	struct category top = CATEGORY_INIT;
	size_t cap = 0, i, j;
	struct category_row *v = NULL;
	db_stmt *st;
	enum res r = RES_DONE;

	*rows = NULL;
	*n = 0;
	if (under && (r = category_find(under, &top, why)) != RES_DONE)
		goto out;
	/* each category's own SKUs; the subtrees are summed below */
	st = db_prep("SELECT c.path, c.depth, (SELECT count(*) FROM sku s WHERE s.category_id = c.id) "
		     "FROM category c WHERE ?1 = '' OR " SUBTREE("c.path", "?1"));
	db_bind_text(st, 1, sbuf_str(&top.path));
	while (db_step(st)) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 64;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[*n].path = xstrdup(db_col_text(st, 0));
		v[*n].depth = db_col_int(st, 1);
		v[(*n)++].skus = db_col_int(st, 2);
	}
	if (*n)
		qsort(v, *n, sizeof *v, tree_cmp);
	/* in tree order a subtree is the run of rows after its top; from the
	 * last row up, each adds its children's sums (already complete) */
	for (i = *n; i-- > 0;)
		for (j = i + 1; j < *n && below(v[j].path, v[i].path); j++)
			if (v[j].depth == v[i].depth + 1)
				v[i].skus += v[j].skus;
	*rows = v;
out:
	category_release(&top);
	return r;
}

void
category_rows_free(struct category_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(rows[i].path);
	free(rows);
}

void
category_each(void (*each)(int64_t id, const char *path, void *arg), void *arg)
{
	db_stmt *st = db_prep("SELECT id, path FROM category ORDER BY id");

	while (db_step(st))
		each(db_col_int(st, 0), db_col_text(st, 1), arg);
}
