/* money.c - amounts as int64 minor units; decimal strings in and out */
#include <string.h>

#include "money.h"
#include "parse.h"

/* 64 x 64 bit products need 128 bits; gcc and clang both have it. */
__extension__ typedef unsigned __int128 u128;

#define MONEY_MAXDIGITS 6
/* Widest `digits` money_format can honour within MONEY_BUFSZ. */
#define FORMAT_MAXDIGITS 18

static int fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -1;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* |v| without overflow, INT64_MIN included. */
static uint64_t magnitude(int64_t v)
{
	return v < 0 ? -(uint64_t)v : (uint64_t)v;
}

/* m with the sign of neg; the caller has checked that it fits. */
static int64_t signed_from(u128 m, int neg)
{
	if (!neg)
		return (int64_t)m;
	if (m == (u128)1 << 63)
		return INT64_MIN;
	return -(int64_t)m;
}

/* Does m, negated when neg, fit in int64? */
static int fits(u128 m, int neg)
{
	return m <= (neg ? (u128)1 << 63 : (u128)INT64_MAX);
}

/*
 * The value is accumulated as a negative number so that INT64_MIN, whose
 * magnitude has no positive int64, parses too. Syntax is checked in full
 * before the decimals and the range, so "1x.999" is "not a number".
 */
int money_parse(const char *s, int digits, int64_t *out, const char **why)
{
	const char *p = s;
	int neg = 0, ndec = 0, overflow = 0;
	int64_t v = 0;

	if (digits < 0 || digits > MONEY_MAXDIGITS)
		return fail(why, "bad number of currency decimals");
	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (!is_digit(*p))
		return fail(why, "not a number");
	for (; is_digit(*p); p++)
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_sub_overflow(v, *p - '0', &v))
			overflow = 1;
	if (*p == '.') {
		p++;
		if (!is_digit(*p))
			return fail(why, "not a number");
		for (; is_digit(*p); p++, ndec++)
			if (ndec < digits &&
			    (__builtin_mul_overflow(v, 10, &v) ||
			     __builtin_sub_overflow(v, *p - '0', &v)))
				overflow = 1;
	}
	if (*p != '\0')
		return fail(why, "not a number");
	if (ndec > digits)
		return fail(why, "too many decimals");
	for (; ndec < digits; ndec++)
		if (__builtin_mul_overflow(v, 10, &v))
			overflow = 1;
	if (!neg && !overflow && __builtin_sub_overflow((int64_t)0, v, &v))
		overflow = 1;
	if (overflow)
		return fail(why, "out of range");
	*out = v;
	return 0;
}

char *money_format(int64_t v, int digits, char *buf)
{
	char tmp[MONEY_BUFSZ];
	uint64_t u = magnitude(v);
	size_t n = 0, i;

	if (digits < 0)
		digits = 0;
	if (digits > FORMAT_MAXDIGITS)
		digits = FORMAT_MAXDIGITS;
	/* Build the text backwards: decimals, point, integer part, sign. */
	for (i = 0; i < (size_t)digits; i++) {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	}
	if (digits > 0)
		tmp[n++] = '.';
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		tmp[n++] = '-';
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return buf;
}

int money_muldiv(int64_t amount, int64_t num, int64_t den, int64_t *out)
{
	int neg = (amount < 0) ^ (num < 0) ^ (den < 0);
	u128 p, d, q, r;

	if (den == 0)
		return -1;
	/* Both magnitudes are <= 2^63, so the product fits in 128 bits. */
	p = (u128)magnitude(amount) * magnitude(num);
	d = magnitude(den);
	q = p / d;
	r = p % d;
	if (r >= d - r) /* r/d >= 1/2, written so that 2*r cannot overflow */
		q++;
	if (q == 0)
		neg = 0;
	if (!fits(q, neg))
		return -1;
	*out = signed_from(q, neg);
	return 0;
}

/* Remainder of part i: total*w[i] mod W. */
static u128 split_rem(u128 t, int64_t w, u128 sum_w)
{
	return t * (uint64_t)w % sum_w;
}

/* How many parts have a remainder of at least `thr`? */
static size_t split_count(u128 t, const int64_t *weights, size_t n, u128 sum_w, u128 thr)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (split_rem(t, weights[i], sum_w) >= thr)
			c++;
	return c;
}

/*
 * The k < n leftover units go to the parts with the k largest remainders.
 * Rather than sorting (which needs memory), binary-search the remainder
 * `thr` of the k-th part: every part above it gets a unit, and the parts
 * equal to it get the rest in index order. O(n * 128) and no allocation.
 * Since the remainders add up to k*W and each is < W, more than k of them
 * are nonzero: thr >= 1, so a zero weight never receives a unit.
 */
static void split_leftover(u128 t, const int64_t *weights, size_t n, u128 sum_w,
                           size_t k, int neg, int64_t *out)
{
	u128 lo = 1, hi = sum_w - 1, mid, r;
	size_t i, above;

	while (lo < hi) {
		mid = lo + (hi - lo + 1) / 2;
		if (split_count(t, weights, n, sum_w, mid) >= k)
			lo = mid;
		else
			hi = mid - 1;
	}
	above = split_count(t, weights, n, sum_w, lo + 1);
	for (i = 0; i < n; i++) {
		r = split_rem(t, weights[i], sum_w);
		if (r > lo || (r == lo && above < k)) {
			if (r == lo)
				above++;
			out[i] += neg ? -1 : 1;
		}
	}
}

/*
 * The same for the few parts of an order's lines: each remainder computed
 * once (not once per step of the search), the k largest picked in turn,
 * ties to the lower index. O(n * k) with n small.
 */
#define SPLIT_SMALL 64
static void split_leftover_small(u128 t, const int64_t *weights, size_t n, u128 sum_w,
                                 size_t k, int neg, int64_t *out)
{
	u128 rem[SPLIT_SMALL];
	size_t i, best;

	for (i = 0; i < n; i++)
		rem[i] = split_rem(t, weights[i], sum_w);
	while (k--) {
		best = 0;
		for (i = 1; i < n; i++)
			if (rem[i] > rem[best])
				best = i;
		out[best] += neg ? -1 : 1;
		rem[best] = 0;
	}
}

int money_split(int64_t total, const int64_t *weights, size_t n, int64_t *out)
{
	int neg = total < 0;
	u128 t = magnitude(total), sum_w = 0, given = 0, part;
	size_t i;

	for (i = 0; i < n; i++) {
		if (weights[i] < 0)
			return -1;
		sum_w += (uint64_t)weights[i];
	}
	if (sum_w == 0)
		return n == 0 && total == 0 ? 0 : -1;
	for (i = 0; i < n; i++) {
		/* t*w <= 2^63 * 2^63 fits; the part is <= t, so it fits int64. */
		part = t * (uint64_t)weights[i] / sum_w;
		out[i] = signed_from(part, neg);
		given += part;
	}
	if (given < t && n <= SPLIT_SMALL)
		split_leftover_small(t, weights, n, sum_w, (size_t)(t - given), neg, out);
	else if (given < t)
		split_leftover(t, weights, n, sum_w, (size_t)(t - given), neg, out);
	return 0;
}

enum res
line_spec_parse(const char *spec, char *buf, const char *what, int digits, const char **sku,
		int64_t *qty, int *has_amount, int64_t *amount, struct why *w)
{
	const char *why, *amount_why = NULL;
	char *c1, *c2, upper[32];
	size_t i;

	for (i = 0; what[i] && i < sizeof upper - 1; i++)
		upper[i] = (char)(what[i] >= 'a' && what[i] <= 'z' ? what[i] - 32 : what[i]);
	upper[i] = '\0';
	*sku = NULL;
	*qty = 0;
	*has_amount = 0;
	strcpy(buf, spec);
	if (!(c2 = strrchr(buf, ':')))
		return res_fail(w, RES_BAD, "bad line '%s': give SKU:QTY or SKU:QTY:%s", spec, upper);
	*c2 = '\0';
	c1 = strrchr(buf, ':');
	if (c1 && parse_int(c1 + 1, 1, INT64_MAX, qty, &why) == 0 &&
	    money_parse(c2 + 1, digits, amount, &amount_why) == 0) {
		*c1 = '\0';
		*has_amount = 1;
	} else if (parse_int(c2 + 1, INT64_MIN, INT64_MAX, qty, &why) < 0) {
		/* SKU:QTY:AMOUNT with a bad amount: say so, not that the amount
		 * is a bad qty of a sku "SKU:QTY" */
		if (amount_why)
			return res_fail(w, RES_BAD, "bad line '%s': %s '%s': %s", spec, what,
					c2 + 1, amount_why);
		return res_fail(w, RES_BAD, "bad line '%s': qty '%s': %s", spec, c2 + 1, why);
	}
	if (!*buf)
		return res_fail(w, RES_BAD, "bad line '%s': no sku", spec);
	*sku = buf;
	return RES_DONE;
}
