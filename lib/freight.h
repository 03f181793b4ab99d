/* freight.h - freight templates (运费模板) of shop.yaml: the fee of an
 * order, and the parcels of a shipment group */
#ifndef SHOP_FREIGHT_H
#define SHOP_FREIGHT_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

/*
 * The freight section of S.cfg is read and checked the first time one of
 * these functions needs it, amounts with S.digits, and kept for the
 * process; freight_release() forgets it (session_close() calls it, before
 * the config goes). A bad section dies 65 naming FILE:LINE:COLUMN:
 * a section with keys must have `by` and at least one region; each region
 * must have first, first_fee, next and next_fee (free_over is optional);
 * amounts are not negative. A section with no keys (`freight:` alone)
 * is no section.
 */

/* Is there a freight section at all? Without one, every fee is 0. */
int freight_configured(void);

/*
 * The units an order's lines count for freight: with `by: weight` the sum
 * of weight_g[i] x qty[i] (grams), with `by: count` the sum of qty[i]
 * (items; also when there is no section). RES_BAD for a negative weight
 * or quantity, or a sum past int64.
 */
enum res freight_units(size_t n, const int64_t *weight_g, const int64_t *qty, int64_t *units,
		       struct why *w);

/*
 * The fee of an order to region (the order's ship_region, else the
 * customer's; NULL or "" means "default") for units (freight_units()) and
 * goods (the goods total after discounts, minor units):
 *   0 when there is no freight section;
 *   0 when the region has free_over and goods >= free_over;
 *   first_fee when units <= first (0 units too);
 *   else first_fee + ceil((units - first) / next) x next_fee.
 * Region names match byte for byte; a region not listed uses "default".
 * RES_REFUSED when the region is not listed and there is no "default"
 * ("no freight template for region 'X' and no 'default' region"; with
 * no region: "no ship region, and no 'default' freight region"): the
 * merchant does not ship there. RES_BAD for negative units or a fee
 * past int64.
 */
enum res freight_fee(const char *region, int64_t units, int64_t goods, int64_t *fee,
		     struct why *w);

/*
 * Parcels of one shipment group (a warehouse's lines), at most
 * freight.max_parcel_weight_g grams each:
 *   - a line goes whole (weight_g x qty) into the lowest-numbered parcel
 *     with room for it, else into a new parcel (first fit, in line order);
 *   - a line heavier than the max alone is cut into pieces of as many
 *     units as fit in an empty parcel, the last piece holding the rest;
 *     each piece is then placed as a line is;
 *   - a unit heavier than the max alone travels alone, overweight;
 *   - a line of qty 0 gets no piece; no lines, no parcels;
 *   - without a max (or without a freight section) everything is one
 *     parcel, lines whole.
 * RES_BAD for a negative weight or quantity, or a weight past int64.
 */
struct parcel_piece {
	size_t line;    /* index of the caller's line, from 0 */
	int64_t qty;    /* units of that line in this parcel */
	size_t parcel;  /* parcel number, from 1 */
};

struct parcels {
	size_t n;                   /* number of parcels */
	int64_t *weight_g;          /* owned; weight_g[i] of parcel i + 1 */
	struct parcel_piece *piece; /* owned; in line order, a line's pieces
				     * in the order they were cut */
	size_t npiece;
};

#define PARCELS_INIT { 0, NULL, NULL, 0 }

enum res freight_parcels(size_t n, const int64_t *weight_g, const int64_t *qty,
			 struct parcels *p, struct why *w);
void parcels_release(struct parcels *p);

/* Forget the section read (frees it): before S.cfg is released or
 * replaced, and at exit. */
void freight_release(void);

#endif
