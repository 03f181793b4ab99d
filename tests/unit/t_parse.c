/* t_parse.c - unit tests of lib/parse.c */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "parse.h"
#include "unit.h"

#define INT_OK(s, min, max, want) do { \
	int64_t v_ = 12345; \
	const char *why_ = NULL; \
	CHECK_INT(parse_int((s), (min), (max), &v_, &why_), 0); \
	CHECK_INT(v_, (want)); \
	CHECK_STR(why_, NULL); \
} while (0)

#define INT_BAD(s, min, max, reason) do { \
	int64_t v_ = 12345; \
	const char *why_ = NULL; \
	CHECK_INT(parse_int((s), (min), (max), &v_, &why_), -1); \
	CHECK_INT(v_, 12345); \
	CHECK_STR(why_, (reason)); \
} while (0)

#define NAN_INT "not a whole number"

static void test_int(void)
{
	INT_OK("0", INT64_MIN, INT64_MAX, 0);
	INT_OK("-5", INT64_MIN, INT64_MAX, -5);
	INT_OK("123", INT64_MIN, INT64_MAX, 123);
	INT_OK("-0", INT64_MIN, INT64_MAX, 0);
	INT_OK("007", 0, 100, 7);            /* spreadsheets write leading zeros */
	INT_OK("-007", -100, 0, -7);
	INT_OK("0000000000000000000000000000042", 0, 100, 42);
	INT_OK("9223372036854775807", INT64_MIN, INT64_MAX, INT64_MAX);
	INT_OK("-9223372036854775808", INT64_MIN, INT64_MAX, INT64_MIN);
	INT_OK("10", 1, 10, 10);
	INT_OK("1", 1, 10, 1);
	INT_OK("0", 0, 0, 0);

	INT_BAD("", 0, 100, NAN_INT);
	INT_BAD("-", 0, 100, NAN_INT);
	INT_BAD("+1", 0, 100, NAN_INT);
	INT_BAD(" 1", 0, 100, NAN_INT);
	INT_BAD("1 ", 0, 100, NAN_INT);
	INT_BAD("1.0", 0, 100, NAN_INT);
	INT_BAD("1.", 0, 100, NAN_INT);
	INT_BAD("1e2", 0, 1000, NAN_INT);
	INT_BAD("abc", 0, 100, NAN_INT);
	INT_BAD("0x10", 0, 100, NAN_INT);
	INT_BAD("--1", -100, 100, NAN_INT);
	INT_BAD("1,000", 0, 10000, NAN_INT);
	INT_BAD("12a", 0, 100, NAN_INT);
	INT_BAD("1\n", 0, 100, NAN_INT);
	INT_BAD("11", 1, 10, "out of range");
	INT_BAD("0", 1, 10, "out of range");
	INT_BAD("-1", 0, 100, "out of range");
	INT_BAD("9223372036854775808", INT64_MIN, INT64_MAX, "out of range");
	INT_BAD("-9223372036854775809", INT64_MIN, INT64_MAX, "out of range");
	INT_BAD("99999999999999999999999", INT64_MIN, INT64_MAX, "out of range");
	INT_BAD("-99999999999999999999999", INT64_MIN, INT64_MAX, "out of range");
	/* junk is reported as junk even when the digits overflow */
	INT_BAD("99999999999999999999999x", INT64_MIN, INT64_MAX, NAN_INT);
	{
		int64_t v;
		CHECK_INT(parse_int("x", 0, 1, &v, NULL), -1);
	}
}

static void test_bool(void)
{
	static const char *const yes[] = { "1", "yes", "YES", "Yes", "true", "TRUE", "True", "y", "Y" };
	static const char *const no[] = { "0", "no", "NO", "No", "false", "FALSE", "fAlSe", "n", "N" };
	static const char *const bad[] = { "", "2", "yes ", " yes", "on", "off", "ye", "yess",
	                                   "t", "f", "nope", "00", "01", "-1", "y\n" };
	size_t i;
	int v;
	const char *why;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		v = -1;
		CHECK_INT(parse_bool(yes[i], &v, &why), 0);
		CHECK_INT(v, 1);
	}
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		v = -1;
		CHECK_INT(parse_bool(no[i], &v, &why), 0);
		CHECK_INT(v, 0);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = -1;
		why = NULL;
		CHECK_INT(parse_bool(bad[i], &v, &why), -1);
		CHECK_INT(v, -1);
		CHECK(why != NULL && strncmp(why, "not a boolean", 13) == 0);
	}
}

#define TIME_OK(s, want) do { \
	int64_t t_ = 12345; \
	const char *why_ = NULL; \
	CHECK_INT(parse_time((s), &t_, &why_), 0); \
	CHECK_INT(t_, (want)); \
	CHECK_STR(why_, NULL); \
} while (0)

#define TIME_BAD(s, reason) do { \
	int64_t t_ = 12345; \
	const char *why_ = NULL; \
	CHECK_INT(parse_time((s), &t_, &why_), -1); \
	CHECK_INT(t_, 12345); \
	CHECK_STR(why_, (reason)); \
} while (0)

#define SYNTAX "not a timestamp (use 2026-11-22T10:00:00Z)"
#define NOT_UTC "only UTC times are accepted (end with Z)"

static void test_time(void)
{
	TIME_OK("2026-11-22T10:00:00Z", 1795341600);
	TIME_OK("2026-11-22T10:00Z", 1795341600);
	TIME_OK("2026-11-22 10:00:00", 1795341600);
	TIME_OK("2026-11-22 10:00", 1795341600);
	TIME_OK("2026-11-22 10:00:00Z", 1795341600);
	TIME_OK("2026-11-22T10:00:00", 1795341600);
	TIME_OK("2026-11-22T10:00:00+00:00", 1795341600);
	TIME_OK("2026-11-22T10:00+00:00", 1795341600);
	TIME_OK("2026-11-22", 1795305600);
	TIME_OK("2026-11-22T00:00:00Z", 1795305600);
	TIME_OK("1970-01-01T00:00:00Z", 0);
	TIME_OK("1970-01-01", 0);
	TIME_OK("1969-12-31T23:59:59Z", -1);
	TIME_OK("2000-02-29", 951782400);             /* divisible by 400: leap */
	TIME_OK("2024-02-29T23:59:59Z", 1709251199);  /* divisible by 4: leap */
	TIME_OK("2400-02-29", 13574563200);
	TIME_OK("1600-03-01", -11670912000);
	TIME_OK("0001-01-01", -62135596800);
	TIME_OK("9999-12-31T23:59:59Z", 253402300799);
	TIME_OK("2026-01-31", 1769817600);
	TIME_OK("2026-12-31T23:59Z", 1798761540);

	TIME_BAD("2026-02-29", "day out of range");   /* not a leap year */
	TIME_BAD("1900-02-29", "day out of range");   /* divisible by 100: not leap */
	TIME_BAD("2100-02-29T00:00:00Z", "day out of range");
	TIME_BAD("2024-02-30", "day out of range");
	TIME_BAD("2026-04-31", "day out of range");
	TIME_BAD("2026-06-31", "day out of range");
	TIME_BAD("2026-09-31", "day out of range");
	TIME_BAD("2026-11-31", "day out of range");
	TIME_BAD("2026-01-32", "day out of range");
	TIME_BAD("2026-01-00", "day out of range");
	TIME_BAD("2026-13-01", "month out of range");
	TIME_BAD("2026-00-10", "month out of range");
	TIME_BAD("2026-11-22T24:00:00Z", "hour out of range");
	TIME_BAD("2026-11-22T99:00Z", "hour out of range");
	TIME_BAD("2026-11-22T10:60:00Z", "minute out of range");
	TIME_BAD("2026-11-22T10:00:60Z", "second out of range");
	TIME_BAD("2026-11-22T10:00:00+02:00", NOT_UTC);
	TIME_BAD("2026-11-22T10:00:00-05:00", NOT_UTC);
	TIME_BAD("2026-11-22T10:00:00+0100", NOT_UTC);
	TIME_BAD("2026-11-22T10:00:00+01", NOT_UTC);
	TIME_BAD("2026-11-22T10:00+05:30", NOT_UTC);
	TIME_BAD("2026-11-22 10:00:00-00:00", NOT_UTC);
	TIME_BAD("", SYNTAX);
	TIME_BAD("now", SYNTAX);
	TIME_BAD("2026-1-01", SYNTAX);
	TIME_BAD("26-11-22", SYNTAX);
	TIME_BAD("02026-11-22", SYNTAX);
	TIME_BAD("2026/11/22", SYNTAX);
	TIME_BAD("22.11.2026", SYNTAX);
	TIME_BAD(" 2026-11-22", SYNTAX);
	TIME_BAD("2026-11-22 ", SYNTAX);
	TIME_BAD("2026-11-22T", SYNTAX);
	TIME_BAD("2026-11-22T10", SYNTAX);
	TIME_BAD("2026-11-22T10:0", SYNTAX);
	TIME_BAD("2026-11-22T1:00Z", SYNTAX);
	TIME_BAD("2026-11-22T10:00:0Z", SYNTAX);
	TIME_BAD("2026-11-22T10:00:Z", SYNTAX);
	TIME_BAD("2026-11-22x10:00Z", SYNTAX);
	TIME_BAD("2026-11-22T10:00:00ZZ", SYNTAX);
	TIME_BAD("2026-11-22T10:00:00Z ", SYNTAX);
	TIME_BAD("2026-11-22T10:00:00.5Z", SYNTAX);
	TIME_BAD("2026-11-22T10:00:00 UTC", SYNTAX);
	TIME_BAD("2026-11-22T10:00:00+", SYNTAX);
	TIME_BAD("2026-11-22T10:00:00+00:00:00", SYNTAX);
	TIME_BAD("-2026-11-22", SYNTAX);
	TIME_BAD("2026-11", SYNTAX);
	{
		int64_t t;
		CHECK_INT(parse_time("x", &t, NULL), -1);
	}
}

static void test_date(void)
{
	int64_t t = 12345;
	const char *why = NULL;
	char buf[TIME_BUFSZ];

	CHECK_INT(parse_date("2026-11-22", &t, &why), 0);
	CHECK_INT(t, 1795305600);
	CHECK_INT(parse_date("2024-02-29", &t, &why), 0);
	CHECK_INT(t, 1709164800);
	t = 12345;
	CHECK_INT(parse_date("2026-11-22T00:00:00Z", &t, &why), -1);
	CHECK_STR(why, "not a date (use 2026-11-22)");
	CHECK_INT(parse_date("2026-11-22 ", &t, &why), -1);
	CHECK_STR(why, "not a date (use 2026-11-22)");
	CHECK_INT(parse_date("", &t, &why), -1);
	CHECK_STR(why, "not a date (use 2026-11-22)");
	CHECK_INT(parse_date("2026-11", &t, &why), -1);
	CHECK_STR(why, "not a date (use 2026-11-22)");
	CHECK_INT(parse_date("2023-02-29", &t, &why), -1);
	CHECK_STR(why, "day out of range");
	CHECK_INT(parse_date("2023-13-29", &t, &why), -1);
	CHECK_STR(why, "month out of range");
	CHECK_INT(t, 12345);

	CHECK_STR(format_date(1795341600, buf), "2026-11-22");
	CHECK_STR(format_date(1795305600, buf), "2026-11-22");
	CHECK_STR(format_date(1795305599, buf), "2026-11-21");
	CHECK_STR(format_date(0, buf), "1970-01-01");
	CHECK_STR(format_date(-1, buf), "1969-12-31");
	CHECK(format_date(0, buf) == buf);
}

static void test_format_time(void)
{
	static const char *const canon[] = {
		"2026-11-22T10:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
		"2000-02-29T12:34:56Z", "2024-02-29T23:59:59Z", "2400-02-29T00:00:00Z",
		"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "1900-03-01T00:00:01Z",
	};
	char buf[TIME_BUFSZ];
	size_t i;
	int k, bad_gm = 0, bad_trip = 0;
	uint64_t x = 88172645463325252u;

	CHECK_STR(format_time(1795341600, buf), "2026-11-22T10:00:00Z");
	CHECK_STR(format_time(0, buf), "1970-01-01T00:00:00Z");
	CHECK_STR(format_time(-1, buf), "1969-12-31T23:59:59Z");
	CHECK_STR(format_time(-86400, buf), "1969-12-31T00:00:00Z");
	CHECK_STR(format_time(-86401, buf), "1969-12-30T23:59:59Z");
	CHECK_STR(format_time(951868799, buf), "2000-02-29T23:59:59Z");
	CHECK_STR(format_time(951868800, buf), "2000-03-01T00:00:00Z");
	CHECK(format_time(0, buf) == buf);

	/* extremes must not overflow the buffer or trip the sanitizers */
	format_time(INT64_MAX, buf);
	CHECK(strlen(buf) < TIME_BUFSZ && buf[strlen(buf) - 1] == 'Z');
	format_time(INT64_MIN, buf);
	CHECK(strlen(buf) < TIME_BUFSZ && buf[0] == '-');
	format_date(INT64_MIN, buf);
	CHECK(strlen(buf) < TIME_BUFSZ);

	for (i = 0; i < sizeof canon / sizeof canon[0]; i++) {
		int64_t t = 0;

		CHECK_INT(parse_time(canon[i], &t, NULL), 0);
		CHECK_STR(format_time(t, buf), canon[i]);
	}

	/* random times in years 0001..9999: agree with gmtime_r and round trip */
	for (k = 0; k < 20000; k++) {
		int64_t t, back = 0;
		time_t tt;
		struct tm tm;
		char want[64];

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		t = -62135596800 + (int64_t)(x % (253402300800u + 62135596800u));
		tt = (time_t)t;
		gmtime_r(&tt, &tm);
		snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
		         tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
		if (strcmp(format_time(t, buf), want) != 0) {
			if (bad_gm++ < 5)
				printf("    %lld: got %s, want %s\n", (long long)t, buf, want);
		}
		if (parse_time(buf, &back, NULL) != 0 || back != t)
			bad_trip++;
	}
	CHECK_INT(bad_gm, 0);
	CHECK_INT(bad_trip, 0);
}

#define DUR_OK(s, want) do { \
	int64_t d_ = 12345; \
	const char *why_ = NULL; \
	CHECK_INT(parse_duration((s), &d_, &why_), 0); \
	CHECK_INT(d_, (want)); \
	CHECK_STR(why_, NULL); \
} while (0)

#define DUR_BAD(s, reason) do { \
	int64_t d_ = 12345; \
	const char *why_ = NULL; \
	CHECK_INT(parse_duration((s), &d_, &why_), -1); \
	CHECK_INT(d_, 12345); \
	CHECK_STR(why_, (reason)); \
} while (0)

#define DUR_SYNTAX "not a duration (use e.g. 90s, 10m, 1h30m, 7d, 1w)"
#define DUR_UNIT "unknown unit (use s, m, h, d, w)"

static void test_duration(void)
{
	DUR_OK("90s", 90);
	DUR_OK("10m", 600);
	DUR_OK("24h", 86400);
	DUR_OK("7d", 604800);
	DUR_OK("1w", 604800);
	DUR_OK("1h30m", 5400);
	DUR_OK("300", 300);
	DUR_OK("0", 0);
	DUR_OK("0s", 0);
	DUR_OK("1w2d3h4m5s", 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	DUR_OK("2d12h", 216000);
	DUR_OK("90m", 5400);
	DUR_OK("007m", 420);
	DUR_OK("9223372036854775807", INT64_MAX);
	DUR_OK("9223372036854775807s", INT64_MAX);
	DUR_OK("15250284452471w", 15250284452471 * 604800);

	DUR_BAD("", DUR_SYNTAX);
	DUR_BAD("h", DUR_SYNTAX);
	DUR_BAD("-1h", DUR_SYNTAX);
	DUR_BAD("+1h", DUR_SYNTAX);
	DUR_BAD(" 1h", DUR_SYNTAX);
	DUR_BAD("1h ", DUR_SYNTAX);
	DUR_BAD("1h-", DUR_SYNTAX);
	DUR_BAD("1hm", DUR_SYNTAX);
	DUR_BAD("1.5h", DUR_UNIT);
	DUR_BAD("1x", DUR_UNIT);
	DUR_BAD("1H", DUR_UNIT);
	DUR_BAD("1y", DUR_UNIT);
	DUR_BAD("1ms", DUR_SYNTAX);
	DUR_BAD("1h30", "missing unit after the last number");
	DUR_BAD("30m1h", "units out of order (use e.g. 1h30m)");
	DUR_BAD("1m1m", "units out of order (use e.g. 1h30m)");
	DUR_BAD("9223372036854775808", "out of range");
	DUR_BAD("9223372036854775808s", "out of range");
	DUR_BAD("99999999999999999999999h", "out of range");
	DUR_BAD("15250284452472w", "out of range");
	DUR_BAD("9223372036854775807m", "out of range");
	DUR_BAD("106751991167300d1d", "units out of order (use e.g. 1h30m)");
	DUR_BAD("15250284452471w6d", "out of range");
	{
		int64_t d;
		CHECK_INT(parse_duration("", &d, NULL), -1);
	}
}

/* A bad $SHOP_NOW dies with exit 2 naming the variable; run it in a child
 * before the parent caches its own clock. */
static void test_now_bad(void)
{
	int fd[2], status = 0;
	char msg[256] = "";
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(fd) != 0) {
		CHECK(0);
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 2);
		setenv("SHOP_NOW", "2026-11-22T10:00:00+02:00", 1);
		shop_now();
		_exit(99);
	}
	close(fd[1]);
	/* stderr is unbuffered: the message may come in several writes */
	while (len < sizeof msg - 1 && (n = read(fd[0], msg + len, sizeof msg - 1 - len)) > 0)
		len += (size_t)n;
	close(fd[0]);
	msg[len] = '\0';
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status));
	CHECK_INT(WEXITSTATUS(status), 2);
	CHECK(strstr(msg, "bad SHOP_NOW '2026-11-22T10:00:00+02:00': " NOT_UTC) != NULL);
}

static void test_now(void)
{
	int64_t before = (int64_t)time(NULL);

	test_now_bad();
	setenv("SHOP_NOW", "2026-11-22T10:00:00Z", 1);
	CHECK_INT(shop_now(), 1795341600);
	setenv("SHOP_NOW", "2030-01-01", 1);
	CHECK_INT(shop_now(), 1795341600); /* cached after the first call */
	unsetenv("SHOP_NOW");
	CHECK_INT(shop_now(), 1795341600);
	CHECK(before > 1700000000);
}

#define VALID(s) do { \
	size_t bad_ = 777; \
	CHECK_INT(utf8_valid((s), sizeof(s) - 1, &bad_), 1); \
	CHECK_INT(bad_, 777); \
} while (0)

#define INVALID(s, at) do { \
	size_t bad_ = 777; \
	CHECK_INT(utf8_valid((s), sizeof(s) - 1, &bad_), 0); \
	CHECK_INT(bad_, (at)); \
} while (0)

static void test_utf8_valid(void)
{
	size_t bad = 777;

	VALID("");
	VALID("abc");
	VALID("\x7F");
	VALID("\xC2\x80");                /* U+0080, smallest 2-byte */
	VALID("\xC3\xA9");                /* é */
	VALID("\xDF\xBF");                /* U+07FF */
	VALID("\xE0\xA0\x80");            /* U+0800, smallest 3-byte */
	VALID("\xE6\x89\x8B\xE6\x9C\xBA"); /* 手机 */
	VALID("\xED\x9F\xBF");            /* U+D7FF, just below the surrogates */
	VALID("\xEE\x80\x80");            /* U+E000, just above */
	VALID("\xEF\xBF\xBF");            /* U+FFFF */
	VALID("\xEF\xBB\xBF" "abc");      /* BOM: valid UTF-8, the CSV reader drops it */
	VALID("\xF0\x90\x80\x80");        /* U+10000, smallest 4-byte */
	VALID("\xF0\x9F\x98\x80");        /* 😀 */
	VALID("\xF4\x8F\xBF\xBF");        /* U+10FFFF, the last */
	VALID("e\xCC\x81");

	INVALID("\xC0\x80", 0);           /* overlong NUL */
	INVALID("\xC1\xBF", 0);           /* overlong 2-byte */
	INVALID("\xE0\x80\x80", 0);       /* overlong 3-byte */
	INVALID("\xE0\x9F\xBF", 0);
	INVALID("\xF0\x80\x80\x80", 0);   /* overlong 4-byte */
	INVALID("\xF0\x8F\xBF\xBF", 0);
	INVALID("\xED\xA0\x80", 0);       /* U+D800 surrogate */
	INVALID("\xED\xBF\xBF", 0);       /* U+DFFF surrogate */
	INVALID("\xED\xA0\xBD\xED\xB8\x80", 0); /* CESU-8 surrogate pair */
	INVALID("\xF4\x90\x80\x80", 0);   /* U+110000 */
	INVALID("\xF5\x80\x80\x80", 0);
	INVALID("\xF8\x88\x80\x80\x80", 0); /* old 5-byte form */
	INVALID("\xFE", 0);
	INVALID("\xFF", 0);
	INVALID("\x80", 0);               /* lone continuation */
	INVALID("a\x80", 1);
	INVALID("abc\xBF", 3);
	INVALID("\xC3", 0);               /* truncated */
	INVALID("ab\xE6\x89", 2);
	INVALID("\xE6\x89" "abc", 0);     /* truncated, then ASCII */
	INVALID("\xF0\x9F\x98", 0);
	INVALID("ok\xF0\x9F\x98", 2);
	INVALID("\xC3\x28", 0);           /* bad continuation */
	INVALID("\xE6\x89\xC3\xA9", 0);
	INVALID("\xC3\xA9\xC3\xC3\xA9", 2);
	INVALID("a\0b", 1);               /* NUL byte */
	INVALID("\0", 0);
	INVALID("\xE6\x89\x8B\0", 3);

	/* only s[0..n) is looked at */
	CHECK_INT(utf8_valid("\xC3\xA9", 1, &bad), 0);
	CHECK_INT(bad, 0);
	CHECK_INT(utf8_valid("ab\xFF", 2, &bad), 1);
	CHECK_INT(utf8_valid("\xFF", 0, NULL), 1);
	CHECK_INT(utf8_valid("\xFF", 1, NULL), 0);
}

static void test_utf8_width(void)
{
	CHECK_INT(utf8_width(""), 0);
	CHECK_INT(utf8_width("abc"), 3);
	CHECK_INT(utf8_width("\xE6\x89\x8B\xE6\x9C\xBA"), 4);   /* 手机 */
	CHECK_INT(utf8_width("\xC3\xA9"), 1);                   /* é composed */
	CHECK_INT(utf8_width("e\xCC\x81"), 1);                  /* e + combining acute */
	CHECK_INT(utf8_width("abc\xE6\x89\x8B\xE6\x9C\xBA" "e\xCC\x81"), 8);
	CHECK_INT(utf8_width("\xED\x95\x9C\xEA\xB8\x80"), 4);   /* 한글 */
	CHECK_INT(utf8_width("\xE3\x81\x82"), 2);               /* あ */
	CHECK_INT(utf8_width("\xE3\x80\x80"), 2);               /* ideographic space */
	CHECK_INT(utf8_width("\xEF\xBC\xA1"), 2);               /* Ａ fullwidth */
	CHECK_INT(utf8_width("\xEF\xBD\xB1"), 1);               /* ｱ halfwidth katakana */
	CHECK_INT(utf8_width("\xEF\xBF\xA5"), 2);               /* ￥ fullwidth yen */
	CHECK_INT(utf8_width("\xF0\x9F\x98\x80"), 2);           /* 😀 */
	CHECK_INT(utf8_width("\xF0\xA0\x80\x80"), 2);           /* U+20000 */
	CHECK_INT(utf8_width("\xE1\x84\x80"), 2);               /* U+1100 Hangul jamo */
	CHECK_INT(utf8_width("\xE2\x80\x8B"), 0);               /* zero width space */
	CHECK_INT(utf8_width("\xE2\x9D\xA4\xEF\xB8\x8F"), 1);   /* heart + VS16 */
	CHECK_INT(utf8_width("a\xE2\x83\x9D"), 1);              /* a + combining circle */
	CHECK_INT(utf8_width("\xCC\x81"), 0);                   /* a lone combining mark */
	CHECK_INT(utf8_width("\xE2\x82\xAC" "12.30"), 6);       /* €12.30 */
	CHECK_INT(utf8_width("\xD0\x9F\xD1\x80\xD0\xB8"), 3);   /* При */
	/* invalid bytes count one column each */
	CHECK_INT(utf8_width("a\xFF" "b"), 3);
	CHECK_INT(utf8_width("\xE6\x89"), 2);
	CHECK_INT(utf8_width("\xC0\x80"), 2);
	CHECK_INT(utf8_width("\xED\xA0\x80"), 3);
}

int main(void)
{
	test_int();
	test_bool();
	test_time();
	test_date();
	test_format_time();
	test_duration();
	test_now();
	test_utf8_valid();
	test_utf8_width();
	return unit_done();
}
