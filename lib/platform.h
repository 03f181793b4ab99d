/* platform.h - product exports of other shop platforms (WooCommerce,
 * Shopify) mapped onto our product records; see shop-product(1) */
#ifndef SHOP_PLATFORM_H
#define SHOP_PLATFORM_H

#include <stdint.h>

#include "csvio.h"
#include "import.h"

enum platform { PLATFORM_WOOCOMMERCE, PLATFORM_SHOPIFY };

/* "woocommerce" or "shopify" (case-insensitive): 0, else -1. */
int platform_parse_name(const char *s, enum platform *p);
const char *platform_name(enum platform p);

/*
 * Import the product export of platform p from path ("-" or NULL: stdin)
 * with the import framework's pieces (imp_begin .. imp_end): read the
 * header (the platform's columns, unknown ones ignored; a missing key
 * column dies 65), turn every variant and simple product into a
 * product_upsert(), rejecting records that break a rule, then finish
 * (summary, rejects, --all-or-nothing). A value an optional field cannot
 * hold (a barcode in scientific notation, a weight that is not a number)
 * is dropped with a warning naming the line; the product goes in. Returns
 * the exit code: 0, or 1 when something was rejected.
 */
int platform_import(enum platform p, const char *path);

/* The conversions of the mapping, exposed for the unit tests. */

enum weight_unit { WEIGHT_G, WEIGHT_KG, WEIGHT_LB, WEIGHT_OZ };

/* A decimal weight ("1.5", ".5", "283.4952313", "2.83E+02") in unit u to
 * whole grams, rounded half-up, computed exactly (no floating point), at
 * most PRODUCT_WEIGHT_MAX. 0, or -1 with a reason in *why. */
int platform_weight_g(const char *s, enum weight_unit u, int64_t *grams, const char **why);

/* A category path "A > B > C" to our "A/B/C" with at most 4 levels (deeper
 * levels are dropped; *truncated says so). Levels are trimmed, empty ones
 * dropped, a '/' inside a level becomes '-'. Returns a malloc'd string,
 * "" for an empty path. */
char *platform_category_path(const char *s, int *truncated);

/* Item i (from 0) of a WooCommerce list "a, b\, c, d" with "\," unescaped
 * and the item trimmed; malloc'd, or NULL when there is no such item. */
char *platform_woo_list_item(const char *s, size_t i);

#endif
