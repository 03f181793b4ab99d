/* stocktake.h - a stocktake: counted quantities set on_hand, each
 * difference a count_variance movement, and the variance report. */
#ifndef SHOP_STOCKTAKE_H
#define SHOP_STOCKTAKE_H

#include <stdint.h>

/* One line of the variance report. */
struct stocktake_line {
	const char *sku;       /* borrowed: as in the file */
	const char *warehouse; /* borrowed */
	int64_t on_hand;       /* on the books before the count */
	int64_t counted;
	int64_t variance;      /* counted - on_hand */
};

/*
 * Import a stocktake from CSV (columns sku, warehouse, counted) under ref
 * (NULL: "count-TIME") with an optional note, with the import framework.
 * Each (sku, warehouse) is counted once per file: a second row for it is
 * rejected ("counted twice"); a count below what is reserved plus
 * allocated is rejected (unless backorder); a ref already applied to a
 * row skips it. report gets each counted line, zero variances included,
 * as it is applied (the caller prints it, before the command commits).
 * Returns the exit code.
 */
int stocktake_import(const char *path, const char *ref, const char *note,
		     void (*report)(const struct stocktake_line *l, void *arg), void *arg);

#endif
