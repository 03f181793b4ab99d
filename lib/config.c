/* config.c - shop.yaml read with libyaml into a small tree */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <yaml.h>

#include "config.h"
#include "db.h"
#include "err.h"
#include "money.h"
#include "parse.h"
#include "suggest.h"
#include "util.h"

/* Deeper than any sane config; keeps a hostile file from eating the stack. */
#define MAX_DEPTH 64

struct yparse {
	const char *path;       /* borrowed */
	char *text;             /* owned; the whole file (freed by the caller,
				 * or by yparse_die) */
	size_t len;
	yaml_parser_t parser;
	yaml_event_t ev;        /* the current event; owned while have_ev */
	int have_ev;
	struct cnode *root;     /* owned; freed if we die half way */
	char *pending_key;      /* owned; a map key read, its node not made yet */
};

static void
cnode_free(struct cnode *n)
{
	while (n) {
		struct cnode *next = n->next;
		cnode_free(n->child);
		free(n->key);
		free(n->value);
		free(n);
		n = next;
	}
}

static void
yparse_release(struct yparse *p)
{
	if (p->have_ev)
		yaml_event_delete(&p->ev);
	p->have_ev = 0;
	free(p->pending_key);
	p->pending_key = NULL;
	yaml_parser_delete(&p->parser);
	cnode_free(p->root);
	p->root = NULL;
}

/* Free everything first so a die() leaves no leak behind, then die. */
static void __attribute__((noreturn, format(printf, 4, 5)))
yparse_die(struct yparse *p, size_t line, size_t col, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	yparse_release(p);
	free(p->text);
	die(EX_DATA, "%s:%zu:%zu: %s", p->path, line, col, msg);
}

/* Reader errors (bad UTF-8, control characters) carry only a byte offset;
 * turn it into a 1-based line and column (in characters). */
static void
offset_to_pos(const char *s, size_t len, size_t off, size_t *line, size_t *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	if (off > len)
		off = len;
	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			++*line;
			*col = 1;
		} else if (((unsigned char)s[i] & 0xC0) != 0x80) {
			++*col;
		}
	}
}

static void
next_event(struct yparse *p)
{
	yaml_parser_t *y = &p->parser;
	size_t line, col;

	if (p->have_ev)
		yaml_event_delete(&p->ev);
	p->have_ev = 0;
	if (yaml_parser_parse(y, &p->ev)) {
		p->have_ev = 1;
		return;
	}
	switch (y->error) {
	case YAML_MEMORY_ERROR:
		yparse_release(p);
		free(p->text);
		die(EX_INTERNAL, "out of memory");
	case YAML_READER_ERROR:
		offset_to_pos(p->text, p->len, y->problem_offset, &line, &col);
		break;
	default:
		line = y->problem_mark.line + 1;
		col = y->problem_mark.column + 1;
		break;
	}
	yparse_die(p, line, col, "%s", y->problem ? y->problem : "invalid yaml");
}

#define EV_LINE(p) ((p)->ev.start_mark.line + 1)
#define EV_COL(p) ((p)->ev.start_mark.column + 1)

/* Where a map entry's key was seen: a block collection starts on the line
 * after its key, so errors about it point at the key. */
struct keypos {
	size_t line, column;
};

/* A new node appended to parent (or made the root) before it is filled in,
 * so that a die() half way frees it with the rest. A map entry (kp given)
 * takes p->pending_key. */
static struct cnode *
node_new(struct yparse *p, struct cnode *parent, struct cnode **last,
	 struct keypos *kp, enum cnode_type t)
{
	struct cnode *n = xcalloc(1, sizeof *n);

	n->type = t;
	n->line = (int)EV_LINE(p);
	n->column = (int)EV_COL(p);
	if (kp) {
		n->key = p->pending_key;
		p->pending_key = NULL;
		n->key_line = (int)kp->line;
		n->key_column = (int)kp->column;
		if (t != CNODE_SCALAR) {
			n->line = (int)kp->line;
			n->column = (int)kp->column;
		}
	}
	if (!parent)
		p->root = n;
	else if (*last)
		(*last)->next = n;
	else
		parent->child = n;
	*last = n;
	return n;
}

static struct cnode *parse_node(struct yparse *p, struct cnode *parent,
				struct cnode **last, struct keypos *kp, int depth);

static void
parse_map(struct yparse *p, struct cnode *map, int depth)
{
	struct cnode *last = NULL, *c;
	struct keypos kp;
	const char *key;

	for (;;) {
		next_event(p);
		if (p->ev.type == YAML_MAPPING_END_EVENT)
			return;
		if (p->ev.type == YAML_ALIAS_EVENT)
			yparse_die(p, EV_LINE(p), EV_COL(p), "aliases are not supported");
		if (p->ev.type != YAML_SCALAR_EVENT)
			yparse_die(p, EV_LINE(p), EV_COL(p), "mapping keys must be scalars");
		if (strlen((char *)p->ev.data.scalar.value) != p->ev.data.scalar.length)
			yparse_die(p, EV_LINE(p), EV_COL(p), "nul byte in key");
		key = (char *)p->ev.data.scalar.value;
		for (c = map->child; c; c = c->next)
			if (strcmp(c->key, key) == 0)
				yparse_die(p, EV_LINE(p), EV_COL(p), "duplicate key '%s'", key);
		p->pending_key = xstrdup(key);
		kp.line = EV_LINE(p);
		kp.column = EV_COL(p);
		next_event(p);
		parse_node(p, map, &last, &kp, depth + 1);
	}
}

static void
parse_seq(struct yparse *p, struct cnode *seq, int depth)
{
	struct cnode *last = NULL;

	for (;;) {
		next_event(p);
		if (p->ev.type == YAML_SEQUENCE_END_EVENT)
			return;
		parse_node(p, seq, &last, NULL, depth + 1);
	}
}

/* Build the node for the current event (and its children). */
static struct cnode *
parse_node(struct yparse *p, struct cnode *parent, struct cnode **last,
	   struct keypos *kp, int depth)
{
	struct cnode *n;

	if (depth > MAX_DEPTH)
		yparse_die(p, EV_LINE(p), EV_COL(p), "nesting too deep");
	switch (p->ev.type) {
	case YAML_ALIAS_EVENT:
		yparse_die(p, EV_LINE(p), EV_COL(p), "aliases are not supported");
	case YAML_SCALAR_EVENT:
		if (strlen((char *)p->ev.data.scalar.value) != p->ev.data.scalar.length)
			yparse_die(p, EV_LINE(p), EV_COL(p), "nul byte in value");
		n = node_new(p, parent, last, kp, CNODE_SCALAR);
		n->value = xstrdup((char *)p->ev.data.scalar.value);
		return n;
	case YAML_MAPPING_START_EVENT:
		n = node_new(p, parent, last, kp, CNODE_MAP);
		parse_map(p, n, depth);
		return n;
	case YAML_SEQUENCE_START_EVENT:
		n = node_new(p, parent, last, kp, CNODE_SEQ);
		parse_seq(p, n, depth);
		return n;
	default:
		yparse_die(p, EV_LINE(p), EV_COL(p), "unexpected yaml event");
	}
}

/* "---" alone, "~" or "null": an empty document. */
static int
is_null_scalar(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;

	if (ev->type != YAML_SCALAR_EVENT || ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return 0;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

static struct cnode *
parse_text(const char *path, char *text, size_t len)
{
	struct yparse p;
	struct cnode *none = NULL;

	memset(&p, 0, sizeof p);
	p.path = path;
	p.text = text;
	p.len = len;
	if (!yaml_parser_initialize(&p.parser)) {
		free(text);
		die(EX_INTERNAL, "out of memory");
	}
	yaml_parser_set_input_string(&p.parser, (const unsigned char *)text, len);

	next_event(&p); /* STREAM-START */
	next_event(&p);
	if (p.ev.type == YAML_DOCUMENT_START_EVENT) {
		next_event(&p);
		if (is_null_scalar(&p.ev))
			;
		else if (p.ev.type != YAML_MAPPING_START_EVENT && p.ev.type != YAML_ALIAS_EVENT)
			yparse_die(&p, EV_LINE(&p), EV_COL(&p), "config root must be a mapping");
		else
			parse_node(&p, NULL, &none, NULL, 0);
		next_event(&p); /* DOCUMENT-END */
		next_event(&p);
		if (p.ev.type == YAML_DOCUMENT_START_EVENT)
			yparse_die(&p, EV_LINE(&p), EV_COL(&p),
				   "more than one document in a config file");
	}
	none = p.root;
	p.root = NULL;
	yparse_release(&p);
	return none;
}

static char *
read_file(const char *path, size_t *lenp)
{
	FILE *fp;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int e;

	if (!(fp = fopen(path, "rb")))
		die(EX_DATA, "cannot read config '%s': %s", path, strerror(errno));
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len - 1, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		e = errno;
		fclose(fp);
		free(buf);
		die(EX_DATA, "cannot read config '%s': %s", path, strerror(e));
	}
	fclose(fp);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/* "shop.yaml" beside the database, or NULL when there is none (a
 * database on a server has nothing beside it). */
static char *
default_path(const char *db_path)
{
	const char *slash;
	char *p;

	if (!db_path || !*db_path || db_is_server(db_path))
		return NULL;
	slash = strrchr(db_path, '/');
	if (!slash)
		p = xstrdup("shop.yaml");
	else
		p = xasprintf("%.*s/shop.yaml", (int)(slash - db_path), db_path);
	if (access(p, F_OK) != 0) {
		free(p);
		return NULL;
	}
	return p;
}

void
config_load(struct config *c, const char *explicit_path, const char *db_path)
{
	const char *env = getenv("SHOP_CONFIG");
	char *text;
	size_t len;

	c->path = NULL;
	c->root = NULL;
	if (explicit_path)
		c->path = xstrdup(explicit_path);
	else if (env && *env)
		c->path = xstrdup(env);
	else
		c->path = default_path(db_path);
	if (!c->path)
		return;
	text = read_file(c->path, &len);
	c->root = parse_text(c->path, text, len);
	free(text);
}

void
config_release(struct config *c)
{
	cnode_free(c->root);
	free(c->path);
	c->root = NULL;
	c->path = NULL;
}

const struct cnode *
config_node(const struct config *c, const char *dotted)
{
	const struct cnode *n = c->root, *k;
	const char *seg = dotted, *dot;
	size_t len;

	if (!n || !dotted)
		return NULL;
	for (;;) {
		if (n->type != CNODE_MAP)
			return NULL;
		dot = strchr(seg, '.');
		len = dot ? (size_t)(dot - seg) : strlen(seg);
		for (k = n->child; k; k = k->next)
			if (strlen(k->key) == len && memcmp(k->key, seg, len) == 0)
				break;
		if (!k)
			return NULL;
		if (!dot)
			return k;
		n = k;
		seg = dot + 1;
	}
}

void
config_die(const struct config *c, const struct cnode *n, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!n)
		die(EX_DATA, "%s: %s", c->path ? c->path : "config", msg);
	die(EX_DATA, "%s:%d:%d: %s", c->path ? c->path : "config", n->line, n->column, msg);
}

const char *
config_str(const struct config *c, const char *dotted, const char *def)
{
	const struct cnode *n = config_node(c, dotted);

	if (!n)
		return def;
	if (n->type != CNODE_SCALAR)
		config_die(c, n, "%s: expected a single value, not a %s", dotted,
			   n->type == CNODE_MAP ? "mapping" : "list");
	return n->value;
}

/* The scalar at dotted, or NULL when absent; *np set for error messages. */
static const char *
scalar_at(const struct config *c, const char *dotted, const struct cnode **np)
{
	const char *s = config_str(c, dotted, NULL);

	*np = s ? config_node(c, dotted) : NULL;
	return s;
}

int64_t
config_int(const struct config *c, const char *dotted, int64_t min, int64_t max, int64_t def)
{
	const struct cnode *n;
	const char *s = scalar_at(c, dotted, &n), *why;
	int64_t v;

	if (!s)
		return def;
	if (parse_int(s, min, max, &v, &why) < 0)
		config_die(c, n, "%s: %s '%s'", dotted, why, s);
	return v;
}

/* "5" or "5%": 0 to 100000. */
static int
parse_percent(const char *v, int64_t *pct, const char **why)
{
	size_t len = strlen(v);
	char *num = xstrndup(v, len && v[len - 1] == '%' ? len - 1 : len);
	int rc = parse_int(num, 0, 100000, pct, why);

	if (rc < 0)
		*why = "not a percent (use 5 or 5%)";
	free(num);
	return rc;
}

int64_t
config_percent(const struct config *c, const char *dotted, int64_t def)
{
	const struct cnode *n;
	const char *s = scalar_at(c, dotted, &n), *why;
	int64_t v;

	if (!s)
		return def;
	if (parse_percent(s, &v, &why) < 0)
		config_die(c, n, "%s: %s '%s'", dotted, why, s);
	return v;
}

int64_t
config_duration(const struct config *c, const char *dotted, int64_t def_secs)
{
	const struct cnode *n;
	const char *s = scalar_at(c, dotted, &n), *why;
	int64_t v;

	if (!s)
		return def_secs;
	if (parse_duration(s, &v, &why) < 0)
		config_die(c, n, "%s: %s '%s'", dotted, why, s);
	return v;
}

int64_t
config_money(const struct config *c, const char *dotted, int digits, int64_t def)
{
	const struct cnode *n;
	const char *s = scalar_at(c, dotted, &n), *why;
	int64_t v;

	if (!s)
		return def;
	if (money_parse(s, digits, &v, &why) < 0)
		config_die(c, n, "%s: %s '%s'", dotted, why, s);
	return v;
}

int
config_bool(const struct config *c, const char *dotted, int def)
{
	const struct cnode *n;
	const char *s = scalar_at(c, dotted, &n), *why;
	int v;

	if (!s)
		return def;
	if (parse_bool(s, &v, &why) < 0)
		config_die(c, n, "%s: %s '%s'", dotted, why, s);
	return v;
}

/* ---- the schema ---- */

enum ckind {
	K_SECTION,  /* a mapping of the keys below it */
	K_NAMES,    /* a mapping of names the user chooses ("*" below) */
	K_TEXT,
	K_INT,      /* an integer in [min, max] */
	K_DURATION, /* "24h", "30m", seconds */
	K_BOOL,
	K_WORD,     /* one of words */
	K_MONEY,    /* an amount: checked by its reader, which knows the digits */
	K_PERCENT   /* "5" or "5%" */
};

/*
 * Every key of shop.yaml that any tool reads, in one table: a new key is
 * a row here first. "*" stands for a name the user chooses (a freight
 * region: Xinjiang, default); its keys are fixed.
 */
static const char *const freight_by[] = { "weight", "count", NULL };
static const struct ckey {
	const char *path;
	enum ckind kind;
	int64_t min, max;
	const char *const *words;
} schema[] = {
	{ "currency", K_SECTION, 0, 0, NULL },
	{ "currency.code", K_TEXT, 0, 0, NULL },          /* default CNY; fixed at creation */
	{ "currency.digits", K_INT, 0, 6, NULL },         /* default 2; fixed at creation */
	{ "order", K_SECTION, 0, 0, NULL },
	{ "order.payment_timeout", K_DURATION, 0, 0, NULL }, /* default 24h */
	{ "coupon", K_SECTION, 0, 0, NULL },
	{ "coupon.return_on_refund", K_BOOL, 0, 0, NULL }, /* default true */
	{ "po", K_SECTION, 0, 0, NULL },
	{ "po.over_receipt_tolerance", K_PERCENT, 0, 0, NULL }, /* default 0 */
	{ "po.sales_window", K_DURATION, 0, 0, NULL },   /* default 30d: suggest's sales */
	{ "po.safety_days", K_INT, 0, INT64_MAX, NULL },  /* default 7 */
	{ "freight", K_SECTION, 0, 0, NULL },             /* none: no freight */
	{ "freight.by", K_WORD, 0, 0, freight_by },       /* weight_g x qty, or items */
	{ "freight.max_parcel_weight_g", K_INT, 1, INT64_MAX, NULL },
	{ "freight.regions", K_NAMES, 0, 0, NULL },
	{ "freight.regions.*", K_SECTION, 0, 0, NULL },   /* "default" for the rest */
	{ "freight.regions.*.first", K_INT, 0, INT64_MAX, NULL },
	{ "freight.regions.*.first_fee", K_MONEY, 0, 0, NULL },
	{ "freight.regions.*.next", K_INT, 1, INT64_MAX, NULL },
	{ "freight.regions.*.next_fee", K_MONEY, 0, 0, NULL },
	{ "freight.regions.*.free_over", K_MONEY, 0, 0, NULL },
};
#define NSCHEMA (sizeof schema / sizeof schema[0])

static const struct ckey *
schema_key(const char *pattern)
{
	size_t i;

	for (i = 0; i < NSCHEMA; i++)
		if (!strcmp(schema[i].path, pattern))
			return &schema[i];
	return NULL;
}

/* "unknown key 'order.paymnt_timeout' (did you mean 'payment_timeout'?;
 * known: payment_timeout)": the keys the parent takes. */
static void __attribute__((noreturn))
unknown_key(const struct config *c, const struct cnode *n, const char *parent_pattern,
	    const char *path)
{
	const char *names[NSCHEMA], *near;
	struct sbuf b = SBUF_INIT;
	size_t plen = strlen(parent_pattern), nn = 0, i;

	for (i = 0; i < NSCHEMA; i++) {
		const char *p = schema[i].path, *leaf;
		if (plen && (strncmp(p, parent_pattern, plen) || p[plen] != '.'))
			continue;
		leaf = plen ? p + plen + 1 : p;
		if (!strchr(leaf, '.'))
			names[nn++] = leaf;
	}
	near = suggest(n->key, names, nn);
	if (near)
		sbuf_printf(&b, "did you mean '%s'?; ", near);
	sbuf_adds(&b, "known: ");
	for (i = 0; i < nn; i++)
		sbuf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == nn ? " or " : ", ", names[i]);
	die(EX_DATA, "%s:%d:%d: unknown key '%s' (%s)", c->path, n->key_line, n->key_column, path,
	    sbuf_str(&b));
}

static int
is_empty(const struct cnode *n)
{
	return n->type == CNODE_SCALAR && !*n->value;
}

static void
check_value(const struct config *c, const struct cnode *n, const struct ckey *k, const char *path)
{
	const char *why = NULL, *v = n->value;
	int64_t i;
	int b;
	size_t w;

	if (k->kind == K_SECTION || k->kind == K_NAMES) {
		if (n->type != CNODE_MAP && !is_empty(n))
			config_die(c, n, "%s: expected a mapping of keys, not a %s", path,
				   n->type == CNODE_SEQ ? "list" : "single value");
		return;
	}
	if (n->type != CNODE_SCALAR)
		config_die(c, n, "%s: expected a single value, not a %s", path,
			   n->type == CNODE_MAP ? "mapping" : "list");
	switch (k->kind) {
	case K_INT:
		parse_int(v, k->min, k->max, &i, &why);
		break;
	case K_DURATION:
		parse_duration(v, &i, &why);
		break;
	case K_BOOL:
		parse_bool(v, &b, &why);
		break;
	case K_PERCENT:
		parse_percent(v, &i, &why);
		break;
	case K_WORD:
		for (w = 0; k->words[w] && strcmp(k->words[w], v); w++)
			;
		if (!k->words[w]) {
			char use[256]; /* not the heap: config_die ends the process */
			size_t len = (size_t)snprintf(use, sizeof use, "use");
			for (w = 0; k->words[w] && len < sizeof use; w++)
				len += (size_t)snprintf(use + len, sizeof use - len, "%s%s",
							w == 0 ? " " : k->words[w + 1] ? ", " : " or ",
							k->words[w]);
			config_die(c, n, "%s: %s, not '%s'", path, use, v);
		}
		break;
	default:
		break;
	}
	if (why)
		config_die(c, n, "%s: %s '%s'", path, why, v);
}

/* The keys of map (whose pattern is pattern, "" at the root). */
static void
check_map(const struct config *c, const struct cnode *map, const char *pattern, const char *path,
	  int names)
{
	const struct cnode *n;
	const struct ckey *k;
	/* not the heap: a bad key or value ends the process here */
	char kp[512], pp[512];

	for (n = map->child; n; n = n->next) {
		if (*pattern)
			snprintf(kp, sizeof kp, "%s.%s", pattern, names ? "*" : n->key);
		else
			snprintf(kp, sizeof kp, "%s", n->key);
		if (*path)
			snprintf(pp, sizeof pp, "%s.%s", path, n->key);
		else
			snprintf(pp, sizeof pp, "%s", n->key);
		if (!(k = schema_key(kp)))
			unknown_key(c, n, pattern, pp);
		check_value(c, n, k, pp);
		if (n->type == CNODE_MAP)
			check_map(c, n, kp, pp, k->kind == K_NAMES);
	}
}

void
config_check(const struct config *c)
{
	if (c->root && c->root->type == CNODE_MAP)
		check_map(c, c->root, "", "", 0);
}
