/* product.h - the product center's rules, shared by every binary:
 * SKU lookup, the upsert of one product record, categories and brands */
#ifndef SHOP_PRODUCT_H
#define SHOP_PRODUCT_H

#include <stddef.h>
#include <stdint.h>

/*
 * One product record as text, the way it comes from a CSV row (our own
 * columns, or a WooCommerce/Shopify export mapped onto them). NULL means
 * "column not given": on insert the default, on update keep what is
 * stored. "" means "clear it" where the field is optional.
 */
struct product_row {
	const char *sku;           /* required */
	const char *spu;           /* SPU code grouping variants */
	const char *spu_name;      /* SPU display name (platform imports) */
	const char *name;          /* required for a new SKU */
	const char *brand;         /* created when named */
	const char *category;      /* path "A/B/C", created when named, max 4 levels */
	const char *attrs;         /* sales attributes "k=v;k=v" */
	const char *key_attrs;     /* key attributes "k=v;k=v" */
	const char *price;         /* decimal money */
	const char *market_price;
	const char *cost;
	const char *barcode;       /* EAN-8/UPC-A/EAN-13/GTIN-14 digits, check digit verified */
	const char *weight_g;      /* integer grams */
	const char *status;        /* draft|active|inactive */
	const char *backorder;     /* bool */
	const char *on_sale_from;  /* ISO 8601 UTC */
	const char *on_sale_until;
};

enum upsert_result { UPSERT_ADDED, UPSERT_UPDATED, UPSERT_SKIPPED, UPSERT_REJECTED };

/*
 * Validate one record and apply it inside the caller's transaction.
 * A record breaking a rule changes nothing and returns UPSERT_REJECTED
 * with a one-line reason in why ("bad price '1.234': too many decimals").
 * A record identical to what is stored returns UPSERT_SKIPPED.
 */
enum upsert_result product_upsert(const struct product_row *r, char *why, size_t whysz);

/* id of a SKU by code, or -1. */
int64_t product_sku_id(const char *sku);

#endif
