/* complete.c - the values shell completion offers. A new kind is one row
 * of kinds[]. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "complete.h"
#include "err.h"
#include "db.h"

/* word, description */
struct pair {
	const char *word, *desc;
};

static const struct pair statuses[] = {
	{ "draft", "not on sale yet" },
	{ "active", "on sale" },
	{ "inactive", "taken off sale" },
	{ NULL, NULL }
};

static const struct pair bools[] = {
	{ "yes", "" },
	{ "no", "" },
	{ NULL, NULL }
};

/* The fields "shop-product set SKU FIELD=VALUE" takes, the import columns
 * but sku. lib/product.h has no list of them yet; when it has one, ask it
 * instead. kind: what the value completes to, if anything. */
static const struct field {
	const char *name, *desc, *kind;
} fields[] = {
	{ "spu", "SPU code grouping variants", NULL },
	{ "spu_name", "SPU display name", NULL },
	{ "name", "display name", NULL },
	{ "brand", "brand name", "brand" },
	{ "category", "leaf category path A/B/C", "category" },
	{ "attrs", "sales attributes k=v;k=v", NULL },
	{ "key_attrs", "key attributes k=v;k=v", NULL },
	{ "price", "selling price", NULL },
	{ "market_price", "list price shown struck through", NULL },
	{ "cost", "unit cost", NULL },
	{ "barcode", "EAN-8, UPC-A, EAN-13 or GTIN-14", NULL },
	{ "weight_g", "weight in grams", NULL },
	{ "status", "draft, active or inactive", "status" },
	{ "backorder", "sell beyond stock: yes or no", "bool" },
	{ "on_sale_from", "on sale from (ISO 8601 UTC; empty clears)", NULL },
	{ "on_sale_until", "on sale until (ISO 8601 UTC; empty clears)", NULL },
	{ NULL, NULL, NULL }
};

/* Rows of word, description; ?1 is the prefix, ?2 the limit. Portable
 * SQL: a prefix is compared with substr, not a byte range. */
static const struct kind {
	const char *name;
	const char *sql;           /* from the database, or */
	const struct pair *words;  /* a fixed list */
} kinds[] = {
	{ "sku", "SELECT sku, name FROM sku WHERE substr(sku, 1, length(?1)) = ?1 "
		 "ORDER BY sku LIMIT ?2", NULL },
	{ "warehouse", "SELECT code, name FROM warehouse WHERE substr(code, 1, length(?1)) = ?1 "
		       "ORDER BY priority, code LIMIT ?2", NULL },
	{ "brand", "SELECT name, '' FROM brand WHERE substr(name, 1, length(?1)) = ?1 "
		   "ORDER BY name LIMIT ?2", NULL },
	{ "category", "SELECT path, '' FROM category WHERE substr(path, 1, length(?1)) = ?1 "
		      "ORDER BY path LIMIT ?2", NULL },
	{ "customer", "SELECT code, name FROM customer WHERE substr(code, 1, length(?1)) = ?1 "
		      "ORDER BY code LIMIT ?2", NULL },
	{ "supplier", "SELECT code, name FROM supplier WHERE substr(code, 1, length(?1)) = ?1 "
		      "ORDER BY code LIMIT ?2", NULL },
	{ "order", "SELECT '" "SO-" "' || id, status FROM orders "
		   "WHERE substr('SO-' || id, 1, length(?1)) = ?1 ORDER BY id DESC LIMIT ?2", NULL },
	{ "coupon", "SELECT code, type FROM coupon WHERE substr(code, 1, length(?1)) = ?1 "
		    "ORDER BY code LIMIT ?2", NULL },
	{ "po", "SELECT 'PO-' || id, status FROM po "
		"WHERE substr('PO-' || id, 1, length(?1)) = ?1 ORDER BY id DESC LIMIT ?2", NULL },
	{ "case", "SELECT 'AS-' || id, type || ' ' || status FROM after_sales "
		  "WHERE substr('AS-' || id, 1, length(?1)) = ?1 ORDER BY id DESC LIMIT ?2", NULL },
	{ "status", NULL, statuses },
	{ "bool", NULL, bools },
	{ NULL, NULL, NULL }
};

static const struct {
	const char *metavar, *kind;
} metavars[] = {
	{ "SKU", "sku" }, { "FILE", "file" }, { "STATUS", "status" },
	{ "WAREHOUSE", "warehouse" }, { "BRAND", "brand" }, { "CATEGORY", "category" },
	{ "FIELD=VALUE", "field" }, { "ORDER", "order" }, { "ORDER|FILE", "order" },
	{ "COUPON", "coupon" }, { "COUPON|INSTANCE", "coupon" }, { "PO", "po" },
	{ "CASE", "case" },
	{ NULL, NULL }
};

const char *
complete_kind_of(const char *metavar)
{
	size_t i, len;

	if (!metavar)
		return NULL;
	/* "[FILE]", "SKU..." name the same kinds as "FILE" and "SKU" */
	if (*metavar == '[')
		metavar++;
	len = strcspn(metavar, "].");
	for (i = 0; metavars[i].metavar; i++)
		if (strlen(metavars[i].metavar) == len && !strncmp(metavars[i].metavar, metavar, len))
			return metavars[i].kind;
	return NULL;
}

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Completion never fails: a database that cannot be used ends it with
 * the candidates found so far. */
static void
quiet_end(void)
{
	fflush(stdout);
	_exit(0);
}

/* The database, read only and opened once: a missing one is not created
 * (db_open dies 3), and completion stays silent: whatever db_open would
 * say goes nowhere, the shell only reads the candidates on stdout. */
static int
open_db(const char *db_path)
{
	static int state; /* 0 not tried, 1 open, -1 none */

	if (!state) {
		state = -1;
		if (db_path && (db_is_server(db_path) || access(db_path, R_OK) == 0)) {
			if (!freopen("/dev/null", "w", stderr))
				return 0;
			die_hook = quiet_end;
			db_open(db_path, 0, NULL, 0);
			state = 1;
		}
	}
	return state > 0;
}

static void
from_db(const char *sql, const char *prefix, const char *db_path, complete_emit *emit, void *arg)
{
	db_stmt *st;

	if (!open_db(db_path))
		return;
	st = db_prep(sql);
	db_bind_text(st, 1, prefix);
	db_bind_int(st, 2, COMPLETE_MAX);
	while (db_step(st))
		emit(db_col_text(st, 0), db_col_text(st, 1), arg);
}

/* "FIELD=" for each field, and "status=active" once the field is typed. */
struct prefixed {
	const char *head;     /* "status=" */
	complete_emit *emit;
	void *arg;
};

static void
emit_prefixed(const char *word, const char *desc, void *arg)
{
	struct prefixed *p = arg;
	char buf[1024];

	snprintf(buf, sizeof buf, "%s%s", p->head, word);
	p->emit(buf, desc, p->arg);
}

static void
complete_field(const char *prefix, const char *db_path, complete_emit *emit, void *arg)
{
	const char *eq = strchr(prefix, '=');
	const struct field *f;
	char head[64];

	for (f = fields; f->name; f++) {
		if (!eq) {
			if (starts_with(f->name, prefix)) {
				snprintf(head, sizeof head, "%s=", f->name);
				emit(head, f->desc, arg);
			}
		} else if (f->kind && strlen(f->name) == (size_t)(eq - prefix) &&
			   !strncmp(f->name, prefix, (size_t)(eq - prefix))) {
			struct prefixed p = { head, emit, arg };
			snprintf(head, sizeof head, "%s=", f->name);
			complete_values(f->kind, eq + 1, db_path, emit_prefixed, &p);
		}
	}
}

int
complete_values(const char *kind, const char *prefix, const char *db_path,
		complete_emit *emit, void *arg)
{
	const struct kind *k;
	const struct pair *w;

	if (!prefix)
		prefix = "";
	if (!strcmp(kind, "field")) {
		complete_field(prefix, db_path, emit, arg);
		return 0;
	}
	for (k = kinds; k->name; k++)
		if (!strcmp(k->name, kind))
			break;
	if (!k->name)
		return -1;
	if (k->sql) {
		from_db(k->sql, prefix, db_path, emit, arg);
		return 0;
	}
	for (w = k->words; w->word; w++)
		if (starts_with(w->word, prefix))
			emit(w->word, w->desc, arg);
	return 0;
}
