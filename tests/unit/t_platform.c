/* t_platform.c - unit tests of the conversions in lib/platform.c */
#include <stdint.h>
#include <stdlib.h>

#include "platform.h"
#include "unit.h"

#define GRAMS(s, unit, want) do { \
	int64_t g_ = -1; \
	const char *why_ = NULL; \
	CHECK_INT(platform_weight_g((s), (unit), &g_, &why_), 0); \
	CHECK_INT(g_, (want)); \
} while (0)

#define GRAMS_BAD(s, unit, reason) do { \
	int64_t g_ = -1; \
	const char *why_ = NULL; \
	CHECK_INT(platform_weight_g((s), (unit), &g_, &why_), -1); \
	CHECK_STR(why_, (reason)); \
} while (0)

#define PATH(s, want, trunc) do { \
	int t_ = -1; \
	char *p_ = platform_category_path((s), &t_); \
	CHECK_STR(p_, (want)); \
	CHECK_INT(t_, (trunc)); \
	free(p_); \
} while (0)

#define ITEM(s, i, want) do { \
	char *it_ = platform_woo_list_item((s), (i)); \
	CHECK_STR(it_, (want)); \
	free(it_); \
} while (0)

static void test_names(void)
{
	enum platform p = PLATFORM_SHOPIFY;

	CHECK_INT(platform_parse_name("woocommerce", &p), 0);
	CHECK_INT(p, PLATFORM_WOOCOMMERCE);
	CHECK_INT(platform_parse_name("Shopify", &p), 0);
	CHECK_INT(p, PLATFORM_SHOPIFY);
	CHECK_INT(platform_parse_name("magento", &p), -1);
	CHECK_INT(platform_parse_name("", &p), -1);
	CHECK_STR(platform_name(PLATFORM_WOOCOMMERCE), "woocommerce");
	CHECK_STR(platform_name(PLATFORM_SHOPIFY), "shopify");
}

static void test_weights(void)
{
	GRAMS("0.2", WEIGHT_KG, 200);
	GRAMS(".35", WEIGHT_KG, 350);      /* WooCommerce writes ".5" */
	GRAMS("1.5", WEIGHT_KG, 1500);
	GRAMS("2", WEIGHT_KG, 2000);
	GRAMS("0.001", WEIGHT_KG, 1);
	GRAMS("0.0004", WEIGHT_KG, 0);     /* below half a gram */
	GRAMS("0.0005", WEIGHT_KG, 1);     /* half-up */
	GRAMS("0", WEIGHT_KG, 0);
	GRAMS("250", WEIGHT_G, 250);
	GRAMS("200.0", WEIGHT_G, 200);     /* Shopify's newer exports */
	GRAMS("12.5", WEIGHT_G, 13);
	GRAMS("1", WEIGHT_LB, 454);        /* 453.59237 g */
	GRAMS("2.2", WEIGHT_LB, 998);      /* 997.903214 */
	GRAMS("1", WEIGHT_OZ, 28);         /* 28.349523125 g */
	GRAMS("16", WEIGHT_OZ, 454);       /* 453.59237 */
	GRAMS("1000000", WEIGHT_KG, 1000000000);
	GRAMS_BAD("", WEIGHT_KG, "not a number");
	GRAMS_BAD("1,5", WEIGHT_KG, "not a number");
	GRAMS_BAD("abc", WEIGHT_KG, "not a number");
	GRAMS_BAD("-1", WEIGHT_KG, "negative");
	GRAMS_BAD("99999999999999", WEIGHT_KG, "out of range");
	GRAMS_BAD("1000000.001", WEIGHT_KG, "out of range"); /* past a thousand tonnes */
	/* what spreadsheets write: any number of decimals, scientific notation */
	GRAMS("283.4952313", WEIGHT_G, 283);
	GRAMS("283.5", WEIGHT_G, 284);          /* half-up */
	GRAMS("283.49999999999999", WEIGHT_G, 283);
	GRAMS("0.1234567", WEIGHT_KG, 123);    /* 123.4567 g */
	GRAMS("0.1235", WEIGHT_KG, 124);       /* 123.5 g */
	GRAMS("1e3", WEIGHT_KG, 1000000);
	GRAMS("2.834952313E+02", WEIGHT_G, 283);
	GRAMS("5E-1", WEIGHT_G, 1);            /* 0.5 g */
	GRAMS("4.9e-1", WEIGHT_G, 0);
	GRAMS("1.", WEIGHT_G, 1);
	GRAMS("0.000000000000000000000001", WEIGHT_KG, 0);
	GRAMS("-0", WEIGHT_G, 0);
	GRAMS("0.3527396195", WEIGHT_OZ, 10);  /* 9.99999... g */
	GRAMS_BAD("1e", WEIGHT_G, "not a number");
	GRAMS_BAD("1e+", WEIGHT_G, "not a number");
	GRAMS_BAD(".", WEIGHT_G, "not a number");
	GRAMS_BAD("1.2.3", WEIGHT_G, "not a number");
	GRAMS_BAD("1234567890123456789", WEIGHT_G, "too many digits");
	GRAMS_BAD("1e99", WEIGHT_G, "out of range");
}

static void test_paths(void)
{
	PATH("Clothing > T-shirts", "Clothing/T-shirts", 0);
	PATH("Clothing>Hoodies", "Clothing/Hoodies", 0);
	PATH("  Books  ", "Books", 0);
	PATH("", "", 0);
	PATH(" > ", "", 0);
	PATH("A >  > B", "A/B", 0);
	PATH("Home & Garden > Kitchen & Dining > Tableware > Drinkware", "Home & Garden/Kitchen & Dining/Tableware/Drinkware", 0);
	PATH("Apparel & Accessories > Clothing > Outerwear > Coats & Jackets > Leather Jackets",
	     "Apparel & Accessories/Clothing/Outerwear/Coats & Jackets", 1);
	PATH("Music > CDs/Vinyl", "Music/CDs-Vinyl", 0);
}

static void test_lists(void)
{
	ITEM("Red, Blue, Green", 0, "Red");
	ITEM("Red, Blue, Green", 1, "Blue");
	ITEM("Red, Blue, Green", 2, "Green");
	ITEM("Red, Blue, Green", 3, NULL);
	ITEM("Clothing > Tshirts, Clothing", 0, "Clothing > Tshirts");
	ITEM("Large\\, extra, Small", 0, "Large, extra");
	ITEM("Large\\, extra, Small", 1, "Small");
	ITEM("one", 0, "one");
	ITEM("", 0, "");
	ITEM("", 1, NULL);
	ITEM("a,,b", 1, "");
	ITEM("a,,b", 2, "b");
	ITEM("path\\to", 0, "path\\to");
}

int main(void)
{
	test_names();
	test_weights();
	test_paths();
	test_lists();
	return unit_done();
}
