/* t_money.c - unit tests of lib/money.c */
#include <stdint.h>

#include "money.h"
#include "unit.h"

__extension__ typedef __int128 i128;

#define PARSE_OK(s, digits, want) do { \
	int64_t v_ = 12345; \
	const char *why_ = NULL; \
	CHECK_INT(money_parse((s), (digits), &v_, &why_), 0); \
	CHECK_INT(v_, (want)); \
	CHECK_STR(why_, NULL); \
} while (0)

#define PARSE_BAD(s, digits, reason) do { \
	int64_t v_ = 12345; \
	const char *why_ = NULL; \
	CHECK_INT(money_parse((s), (digits), &v_, &why_), -1); \
	CHECK_INT(v_, 12345); \
	CHECK_STR(why_, (reason)); \
} while (0)

#define FORMAT(v, digits, want) do { \
	char buf_[MONEY_BUFSZ]; \
	CHECK_STR(money_format((v), (digits), buf_), (want)); \
} while (0)

#define MULDIV(a, n, d, want) do { \
	int64_t v_ = 12345; \
	CHECK_INT(money_muldiv((a), (n), (d), &v_), 0); \
	CHECK_INT(v_, (want)); \
} while (0)

static void test_parse(void)
{
	PARSE_OK("12.30", 2, 1230);
	PARSE_OK("12.3", 2, 1230);
	PARSE_OK("12", 2, 1200);
	PARSE_OK("-0.05", 2, -5);
	PARSE_OK("0.5", 2, 50);
	PARSE_OK("0", 2, 0);
	PARSE_OK("-0", 2, 0);
	PARSE_OK("-0.00", 2, 0);
	PARSE_OK("007.50", 2, 750);
	PARSE_OK("7", 0, 7);
	PARSE_OK("-7", 0, -7);
	PARSE_OK("1.5", 3, 1500);
	PARSE_OK("1.234567", 6, 1234567);
	PARSE_OK("92233720368547758.07", 2, INT64_MAX);
	PARSE_OK("-92233720368547758.08", 2, INT64_MIN);
	PARSE_OK("9223372036854775807", 0, INT64_MAX);
	PARSE_OK("-9223372036854775808", 0, INT64_MIN);
	PARSE_OK("00000000000000000000000001", 2, 100);

	PARSE_BAD("", 2, "not a number");
	PARSE_BAD("-", 2, "not a number");
	PARSE_BAD("+1", 2, "not a number");
	PARSE_BAD(" 1", 2, "not a number");
	PARSE_BAD("1 ", 2, "not a number");
	PARSE_BAD("1e3", 2, "not a number");
	PARSE_BAD("1E3", 2, "not a number");
	PARSE_BAD("1,000", 2, "not a number");
	PARSE_BAD("1,5", 2, "not a number");
	PARSE_BAD(".5", 2, "not a number");
	PARSE_BAD("-.5", 2, "not a number");
	PARSE_BAD("5.", 2, "not a number");
	PARSE_BAD("1.2.3", 2, "not a number");
	PARSE_BAD("--1", 2, "not a number");
	PARSE_BAD("abc", 2, "not a number");
	PARSE_BAD("12a", 2, "not a number");
	PARSE_BAD("0x10", 2, "not a number");
	PARSE_BAD("nan", 2, "not a number");
	PARSE_BAD("inf", 2, "not a number");
	PARSE_BAD("1\n", 2, "not a number");
	PARSE_BAD("$1", 2, "not a number");
	PARSE_BAD("1.999x", 2, "not a number");
	PARSE_BAD("12.345", 2, "too many decimals");
	PARSE_BAD("12.300", 2, "too many decimals");
	PARSE_BAD("7.0", 0, "too many decimals");
	PARSE_BAD("1.0000001", 6, "too many decimals");
	PARSE_BAD("92233720368547758.08", 2, "out of range");
	PARSE_BAD("-92233720368547758.09", 2, "out of range");
	PARSE_BAD("9223372036854775808", 0, "out of range");
	PARSE_BAD("-9223372036854775809", 0, "out of range");
	PARSE_BAD("99999999999999999999999999", 2, "out of range");
	PARSE_BAD("92233720368547758", 3, "out of range");
	PARSE_BAD("1", -1, "bad number of currency decimals");
	PARSE_BAD("1", 7, "bad number of currency decimals");

	/* why may be NULL */
	{
		int64_t v;
		CHECK_INT(money_parse("x", 2, &v, NULL), -1);
	}
}

static void test_format(void)
{
	char buf[MONEY_BUFSZ];
	static const int64_t samples[] = {
		0, 1, -1, 5, -5, 99, 100, -100, 1230, -1230, 123456789,
		INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1, 1000000, -999999,
	};
	size_t i;
	int d;

	FORMAT(1230, 2, "12.30");
	FORMAT(-5, 2, "-0.05");
	FORMAT(-50, 2, "-0.50");
	FORMAT(0, 2, "0.00");
	FORMAT(7, 0, "7");
	FORMAT(-7, 0, "-7");
	FORMAT(0, 0, "0");
	FORMAT(1, 3, "0.001");
	FORMAT(1234567, 6, "1.234567");
	FORMAT(INT64_MAX, 2, "92233720368547758.07");
	FORMAT(INT64_MIN, 2, "-92233720368547758.08");
	FORMAT(INT64_MIN, 0, "-9223372036854775808");
	FORMAT(INT64_MIN, 6, "-9223372036854.775808");
	CHECK(money_format(1, 2, buf) == buf);

	/* format then parse is the identity, for every digits 0..6 */
	for (d = 0; d <= 6; d++) {
		for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
			int64_t v = 0;
			const char *why = NULL;

			money_format(samples[i], d, buf);
			CHECK_INT(money_parse(buf, d, &v, &why), 0);
			CHECK_INT(v, samples[i]);
		}
	}
	/* and parse then format, for canonical strings */
	{
		static const char *const canon[] = { "12.30", "-0.05", "0.00", "1000000.01", "-3.10" };
		for (i = 0; i < sizeof canon / sizeof canon[0]; i++) {
			int64_t v = 0;
			CHECK_INT(money_parse(canon[i], 2, &v, NULL), 0);
			CHECK_STR(money_format(v, 2, buf), canon[i]);
		}
	}
}

static void test_muldiv(void)
{
	int64_t v = 12345;

	MULDIV(1000, 1500, 10000, 150);  /* 15% of 10.00 */
	MULDIV(1999, 1000, 10000, 200);  /* 199.9 -> 200 */
	MULDIV(1994, 1000, 10000, 199);  /* 199.4 -> 199 */
	MULDIV(5, 1, 2, 3);              /* 2.5 -> 3 */
	MULDIV(-5, 1, 2, -3);            /* -2.5 -> -3, away from zero */
	MULDIV(5, -1, 2, -3);
	MULDIV(5, 1, -2, -3);
	MULDIV(-5, -1, 2, 3);
	MULDIV(-5, 1, -2, 3);
	MULDIV(7, 1, 2, 4);              /* 3.5 -> 4 */
	MULDIV(-7, 1, 2, -4);
	MULDIV(1, 1, 3, 0);              /* 0.33 -> 0 */
	MULDIV(2, 1, 3, 1);              /* 0.67 -> 1 */
	MULDIV(-1, 1, 3, 0);             /* -0.33 -> 0, not -0 */
	MULDIV(-2, 1, 3, -1);
	MULDIV(1, 1, 2, 1);
	MULDIV(-1, 1, 2, -1);
	MULDIV(149, 1, 100, 1);
	MULDIV(150, 1, 100, 2);
	MULDIV(-149, 1, 100, -1);
	MULDIV(-150, 1, 100, -2);
	MULDIV(0, 123, 7, 0);
	MULDIV(123, 0, 7, 0);
	MULDIV(1234, 10000, 10000, 1234);
	/* the intermediate product exceeds int64 but the result fits */
	MULDIV(INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX);
	MULDIV(INT64_MIN, INT64_MIN, INT64_MIN, INT64_MIN);
	MULDIV(INT64_MAX, 3, 4, 6917529027641081855);  /* ..855.25 -> ..855 */
	MULDIV(INT64_MIN, 1, 1, INT64_MIN);
	MULDIV(INT64_MIN, 1, 2, -4611686018427387904);
	MULDIV(-4611686018427387904, 2, 1, INT64_MIN);

	CHECK_INT(money_muldiv(1, 1, 0, &v), -1);
	CHECK_INT(money_muldiv(INT64_MAX, 2, 1, &v), -1);
	CHECK_INT(money_muldiv(INT64_MIN, -1, 1, &v), -1);
	CHECK_INT(money_muldiv(INT64_MIN, 1, -1, &v), -1);
	CHECK_INT(money_muldiv(INT64_MAX, INT64_MAX, 1, &v), -1);
	CHECK_INT(money_muldiv(INT64_MIN, 2, 1, &v), -1);
	CHECK_INT(money_muldiv(-INT64_MAX, 1, 1, &v), 0);
	CHECK_INT(v, -INT64_MAX);
	CHECK_INT(money_muldiv(4611686018427387904, 2, 1, &v), -1);
	/* 65535 * 281479271743489 = 2^64 - 1, so /2 is INT64_MAX + 0.5: the
	 * rounding is what overflows, and only on the positive side */
	CHECK_INT(money_muldiv(65535, 281479271743489, 2, &v), -1);
	CHECK_INT(money_muldiv(-65535, 281479271743489, 2, &v), 0);
	CHECK_INT(v, INT64_MIN);
	CHECK_INT(money_muldiv(65535, 281479271743489, 4, &v), 0);
	CHECK_INT(v, 4611686018427387904); /* ..903.75 -> ..904 */
}

#define SPLIT_OK(total, ...) do { \
	static const int64_t w_[] = { __VA_ARGS__ }; \
	int64_t got_[sizeof w_ / sizeof w_[0]]; \
	CHECK_INT(money_split((total), w_, sizeof w_ / sizeof w_[0], got_), 0); \
	check_parts(__LINE__, got_, want_, sizeof w_ / sizeof w_[0]); \
} while (0)

static void check_parts(int line, const int64_t *got, const int64_t *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (got[i] != want[i])
			printf("t_money.c:%d: part %zu: got %lld, want %lld\n", line, i,
			       (long long)got[i], (long long)want[i]);
		unit_result(got[i] == want[i], __FILE__, line, "split part differs");
	}
}

/* Reference largest-remainder split, quadratic and obviously right. */
static void split_reference(int64_t total, const int64_t *w, size_t n, int64_t *out)
{
	i128 t = total < 0 ? -(i128)total : total, sw = 0, given = 0;
	i128 rem[64];
	int used[64] = { 0 };
	size_t i, j, best;

	for (i = 0; i < n; i++)
		sw += w[i];
	for (i = 0; i < n; i++) {
		i128 p = t * w[i] / sw;
		rem[i] = t * w[i] % sw;
		out[i] = (int64_t)(total < 0 ? -p : p);
		given += p;
	}
	for (; given < t; given++) {
		best = n;
		for (j = 0; j < n; j++)
			if (!used[j] && (best == n || rem[j] > rem[best]))
				best = j;
		used[best] = 1;
		out[best] += total < 0 ? -1 : 1;
	}
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t rng(void)
{
	/* xorshift64*: reproducible, good enough for test data */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717u;
}

static int64_t rng_range(int64_t lo, int64_t hi)
{
	return lo + (int64_t)(rng() % (uint64_t)(hi - lo + 1));
}

/* Random totals and weights, small and huge: exact sum, each part within
 * one unit of its exact share, and the same parts as the reference. */
static void test_split_random(void)
{
	int64_t w[64], got[64], want[64];
	int iter, bad_sum = 0, bad_share = 0, bad_ref = 0;
	size_t n, i;

	for (iter = 0; iter < 20000; iter++) {
		int64_t total;
		i128 sum = 0, sw = 0;
		int shape = iter % 4;

		n = (size_t)rng_range(1, 64);
		if (shape == 0)
			total = rng_range(-1000, 1000);
		else if (shape == 1)
			total = rng_range(-10000000, 10000000);
		else
			total = (int64_t)rng();
		if (iter == 7)
			total = INT64_MIN;
		if (iter == 11)
			total = INT64_MAX;
		for (i = 0; i < n; i++) {
			if (shape == 3)
				w[i] = (int64_t)(rng() >> 1);
			else if (rng() % 5 == 0)
				w[i] = 0;
			else
				w[i] = rng_range(1, shape == 0 ? 5 : 100000);
			sw += w[i];
		}
		if (sw == 0) {
			w[0] = 1;
			sw = 1;
		}
		if (money_split(total, w, n, got) != 0) {
			unit_result(0, __FILE__, __LINE__, "random split refused");
			continue;
		}
		split_reference(total, w, n, want);
		for (i = 0; i < n; i++) {
			i128 diff = (i128)got[i] * sw - (i128)total * w[i];

			sum += got[i];
			if (diff <= -sw || diff >= sw)
				bad_share++;
			if (w[i] == 0 && got[i] != 0)
				bad_share++;
			if (got[i] != want[i])
				bad_ref++;
		}
		if (sum != total)
			bad_sum++;
	}
	CHECK_INT(bad_sum, 0);
	CHECK_INT(bad_share, 0);
	CHECK_INT(bad_ref, 0);
}

static void test_split(void)
{
	int64_t out[4] = { 99, 99, 99, 99 };

	{ static const int64_t want_[] = { 34, 33, 33 }; SPLIT_OK(100, 1, 1, 1); }
	{ static const int64_t want_[] = { -34, -33, -33 }; SPLIT_OK(-100, 1, 1, 1); }
	{ static const int64_t want_[] = { 1, 1, 0 }; SPLIT_OK(2, 1, 1, 1); }       /* ties to lower index */
	{ static const int64_t want_[] = { 0, 1, 1 }; SPLIT_OK(2, 1, 2, 2); }       /* 0.4,0.8,0.8 */
	{ static const int64_t want_[] = { 0, 0, 1 }; SPLIT_OK(1, 1, 1, 2); }       /* largest remainder wins over index */
	{ static const int64_t want_[] = { 50, 0, 50 }; SPLIT_OK(100, 1, 0, 1); }   /* zero weight gets 0 */
	{ static const int64_t want_[] = { 1, 0, 0 }; SPLIT_OK(1, 1, 0, 1); }
	{ static const int64_t want_[] = { 0, 0, 1 }; SPLIT_OK(1, 0, 0, 1); }
	{ static const int64_t want_[] = { 0, 0 }; SPLIT_OK(0, 3, 5); }
	{ static const int64_t want_[] = { 7 }; SPLIT_OK(7, 3); }
	{ static const int64_t want_[] = { INT64_MIN }; SPLIT_OK(INT64_MIN, 1); }
	{ static const int64_t want_[] = { INT64_MAX }; SPLIT_OK(INT64_MAX, 5); }
	{ static const int64_t want_[] = { -4611686018427387904, -4611686018427387904 };
	  SPLIT_OK(INT64_MIN, 1, 1); }
	{ static const int64_t want_[] = { 4611686018427387904, 4611686018427387903 };
	  SPLIT_OK(INT64_MAX, INT64_MAX, INT64_MAX); }
	/* a 10.00 discount over lines of 3.00, 3.00, 4.00 */
	{ static const int64_t want_[] = { 300, 300, 400 }; SPLIT_OK(1000, 300, 300, 400); }
	/* a 1.00 discount over lines of 33.33, 33.33, 33.34 */
	{ static const int64_t want_[] = { 33, 33, 34 }; SPLIT_OK(100, 3333, 3333, 3334); }
	/* -1 over three: the extra unit goes (negative) to the first */
	{ static const int64_t want_[] = { -1, 0, 0 }; SPLIT_OK(-1, 1, 1, 1); }
	/* huge weights whose sum overflows int64 */
	{ static const int64_t want_[] = { 5, 5 }; SPLIT_OK(10, INT64_MAX, INT64_MAX); }

	CHECK_INT(money_split(100, (const int64_t[]){ 1, -1, 1 }, 3, out), -1);
	CHECK_INT(money_split(100, (const int64_t[]){ 0, 0, 0 }, 3, out), -1);
	CHECK_INT(money_split(0, (const int64_t[]){ 0, 0 }, 2, out), -1);
	CHECK_INT(money_split(100, NULL, 0, out), -1);
	CHECK_INT(money_split(0, NULL, 0, out), 0);
	CHECK_INT(out[0], 99); /* untouched on n == 0 */

	test_split_random();
}

int main(void)
{
	test_parse();
	test_format();
	test_muldiv();
	test_split();
	return unit_done();
}
