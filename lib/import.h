/* import.h - the import semantics of SPEC §2, shared by every importer */
#ifndef SHOP_IMPORT_H
#define SHOP_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include "csvio.h"

struct imp {
	struct csvr *r;          /* borrowed */
	const char *noun;        /* plural: "products", "movements" (1 -> "product") */
	FILE *rejects;           /* owned; --rejects file or NULL */
	size_t added;            /* new records applied */
	size_t updated;          /* existing records changed */
	size_t skipped;          /* already applied, nothing to do */
	size_t rejected;
};

/* Start: opens --rejects (header = input header + "error"). */
void imp_begin(struct imp *im, struct csvr *r, const char *noun);
/* Reject the current record: "FILE:LINE: msg" on stderr, the row
 * unchanged plus the message in the rejects file. */
void imp_reject(struct imp *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reject a row given explicitly (records made of several rows). */
void imp_reject_row(struct imp *im, char *const *fields, size_t n, size_t line, const char *msg);
/*
 * Finish: summary on stderr unless --quiet
 * ("imported 12 products (10 new, 2 updated), skipped 1, rejected 2",
 * with "would import" under --dry-run), --all-or-nothing rolls everything
 * back when anything was rejected. Returns 1 if anything was rejected,
 * else 0.
 */
int imp_end(struct imp *im);

#endif
