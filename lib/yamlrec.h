/* yamlrec.h - YAML records, the file format of `shop-coupon import` and
 * `shop-coupon promo import` and of their exports (SPEC §4: "a YAML list
 * of mappings whose keys are `code` and the `create` option names"):
 *
 *   - code: MJ300
 *     type: threshold
 *     tier: [300.00:30.00, 500.00:60.00]
 *     min_spend: 199.00        # min-spend and min_spend are one key
 *
 * A document is a list of mappings (an empty document: no records); each
 * value is one scalar or, for the keys that take several, a list of
 * scalars. A key is an option name as written after "--" ("max-discount");
 * the same name with '_' for '-' ("max_discount") is the same key. A null
 * value (nothing, "~" or "null" unquoted) is the key not given. Every
 * record and value keeps its line and column for messages. */
#ifndef SHOP_YAMLREC_H
#define SHOP_YAMLREC_H

#include <stddef.h>
#include <stdio.h>

#include "result.h"

/* A key a reader knows. */
struct yrec_key {
	const char *name;       /* the option name, with '-': "min-spend" */
	int list;               /* a list of values may be given */
};

/* One key's value in a record. */
struct yrec_value {
	const char *key;        /* borrowed: the yrec_key's name */
	char **items;           /* owned: the scalars, each owned (one unless a list) */
	size_t n;
	int list;               /* written as a list */
	int line, column;       /* of the key, 1-based */
};

struct yrec {
	struct yrec_value *v;   /* owned; keys given a null value are left out */
	size_t n;
	int line, column;       /* where the record starts */
};

struct yrec_doc {
	char *name;             /* owned: the file's name for messages, "<stdin>" for - */
	struct yrec *recs;      /* owned */
	size_t n;
};

/*
 * Read the records of path ("-" or NULL: stdin; a terminal there is a
 * usage error, exit 2). A problem with the file as a whole dies 65, with
 * nothing written, "FILE:LINE:COLUMN: reason": a file that cannot be
 * read, malformed YAML, a root that is not a list, an item that is not a
 * mapping, an unknown key (naming the nearest and the known ones), a key
 * given twice (in either spelling), a mapping as a value, a list for a
 * key that takes one value, aliases, NUL bytes.
 */
void yrec_read(const char *path, const struct yrec_key *keys, size_t nkeys,
	       struct yrec_doc *d);
void yrec_doc_release(struct yrec_doc *d);

/* The value of key (its yrec_key name) in r, or NULL when not given. */
const struct yrec_value *yrec_get(const struct yrec *r, const char *key);
/* The one scalar of key, or NULL when not given (a list: its first item,
 * never reached when the key does not take lists). */
const char *yrec_str(const struct yrec *r, const char *key);

/*
 * Apply every record in turn with the import framework's counting
 * (import.h): each inside a savepoint, undone when apply fails; RES_DONE
 * counts as imported, RES_UPDATED as updated, RES_SKIPPED as skipped, a
 * failure rejects the record with "FILE:LINE: reason" on stderr (LINE:
 * where the record starts). --dry-run writes nothing. The summary is the
 * CSV imports' ("imported 2 promotions, skipped 1, rejected 0"); returns
 * the exit code, 1 when something was rejected.
 */
int yrec_import(const struct yrec_doc *d, const char *noun,
		enum res (*apply)(const struct yrec *r, struct why *w, void *arg), void *arg);

/*
 * The writer: records that yrec_read reads back as they were. Scalars
 * are written plain when that reads back the same, else double-quoted.
 */
struct yrec_out {
	FILE *fp;               /* borrowed */
	int fresh;              /* the next key opens a record ("- ") */
};
void yrec_out_begin(struct yrec_out *o, FILE *fp);
void yrec_out_record(struct yrec_out *o);
void yrec_out_value(struct yrec_out *o, const char *key, const char *text);
/* "key: true" or "key: false" */
void yrec_out_bool(struct yrec_out *o, const char *key, int v);
void yrec_out_list(struct yrec_out *o, const char *key, const char *const *items, size_t n);

#endif
