/* config.h - shop.yaml read with libyaml into a small tree */
#ifndef SHOP_CONFIG_H
#define SHOP_CONFIG_H

#include <stdint.h>

enum cnode_type { CNODE_SCALAR, CNODE_MAP, CNODE_SEQ };

struct cnode {
	enum cnode_type type;
	char *key;              /* owned; key in the parent map, NULL in a seq or root */
	char *value;            /* owned; scalars only */
	int line, column;       /* 1-based position in the file (of a scalar's
				 * value; of a collection's key) */
	int key_line, key_column; /* where its key is; 0 in a seq or root */
	struct cnode *child;    /* owned; first child (map entries or seq items) */
	struct cnode *next;     /* owned; next sibling */
};

struct config {
	char *path;             /* owned; NULL when no file was read (defaults) */
	struct cnode *root;     /* owned; NULL when no file */
};

/*
 * Load the config: explicit path (--config), else $SHOP_CONFIG, else
 * "shop.yaml" in the directory of db_path if it exists. An explicit path
 * or $SHOP_CONFIG that cannot be read dies 65 ("cannot read config 'F':
 * reason"). A YAML syntax error dies 65: "FILE:LINE:COLUMN: message".
 * The root must be a mapping (or the file empty).
 */
void config_load(struct config *c, const char *explicit_path, const char *db_path);
void config_release(struct config *c);

/*
 * Check the loaded config against the one schema every tool shares (the
 * table in config.c): an unknown key dies 65 naming FILE:LINE:COLUMN and
 * the nearest known key; a section that is not a mapping, a value that
 * is not a scalar, or a malformed integer, duration, boolean or word
 * likewise. Amounts are checked by their reader, which knows the digits.
 */
void config_check(const struct config *c);

/* Look up a dotted path ("order.payment_timeout", "freight.templates").
 * NULL when absent. */
const struct cnode *config_node(const struct config *c, const char *dotted);
/* Scalar value at path, or def when absent. A non-scalar there dies 65
 * with file:line:column. */
const char *config_str(const struct config *c, const char *dotted, const char *def);
/* Typed getters: absent -> def; a bad value dies 65 naming
 * "FILE:LINE:COLUMN: KEY: reason". */
int64_t config_int(const struct config *c, const char *dotted, int64_t min, int64_t max, int64_t def);
int64_t config_duration(const struct config *c, const char *dotted, int64_t def_secs);
/* A percent, "5" or "5%", 0 to 100000. */
int64_t config_percent(const struct config *c, const char *dotted, int64_t def);
int64_t config_money(const struct config *c, const char *dotted, int digits, int64_t def);
int config_bool(const struct config *c, const char *dotted, int def);
/* die(65, "FILE:LINE:COLUMN: message") for a node; for callers that
 * validate their own sections (freight templates). */
void config_die(const struct config *c, const struct cnode *n, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));

#endif
