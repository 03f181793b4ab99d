/* money.h - amounts as int64 minor units; decimal strings in and out */
#ifndef SHOP_MONEY_H
#define SHOP_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "result.h"

/*
 * Parse a decimal amount such as "12.30", "-0.5", "7" with at most `digits`
 * decimals (0..6) into minor units. Rejects empty strings, signs alone,
 * spaces, exponents, thousands separators, more decimals than `digits`,
 * trailing junk and anything that overflows int64.
 * Returns 0, or -1 with a short reason in `why` (e.g. "too many decimals",
 * "not a number", "out of range").
 */
int money_parse(const char *s, int digits, int64_t *out, const char **why);

/* Format minor units as a decimal string with exactly `digits` decimals
 * ("12.30", "-0.05", "7" when digits is 0). buf needs MONEY_BUFSZ bytes.
 * Returns buf. */
#define MONEY_BUFSZ 32
char *money_format(int64_t v, int digits, char *buf);

/* amount * num / den rounded half-up (away from zero for negatives:
 * -2.5 -> -3). Used for percent: money_muldiv(a, pct_bp, 10000).
 * Returns -1 on overflow or den == 0, else 0. */
int money_muldiv(int64_t amount, int64_t num, int64_t den, int64_t *out);

/*
 * Split `total` over n parts in proportion to weights (all >= 0, sum > 0),
 * by the largest-remainder method: each part gets floor(total*w/W), the
 * remaining units go one each to the parts with the largest remainders,
 * ties to the lower index. The parts add up exactly to total. A negative
 * total is split as -(split of -total). Returns -1 on overflow, bad weights.
 */
int money_split(int64_t total, const int64_t *weights, size_t n, int64_t *out);

/*
 * "SKU:QTY" or "SKU:QTY:AMOUNT" (a --line of create, quote, ship; of a
 * purchase order, with its cost) into *sku (pointing into buf, which must
 * hold strlen(spec) + 1 bytes), *qty and, when given, *amount (what names
 * it in messages: "price", "cost"). Parsed from the right: a sku may hold
 * a colon, a qty or an amount cannot. RES_BAD with the reason.
 */
enum res line_spec_parse(const char *spec, char *buf, const char *what, int digits,
			 const char **sku, int64_t *qty, int *has_amount, int64_t *amount,
			 struct why *w);

#endif
