/* parse.c - checked parsing of everything a user types: numbers, times, text */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "err.h"
#include "parse.h"

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

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int eqi(const char *a, const char *b)
{
	for (; *a && lower(*a) == lower(*b); a++, b++)
		;
	return lower(*a) == lower(*b);
}

/*
 * Leading zeros ("007") are accepted: spreadsheets produce them. The value
 * is accumulated as a negative number so that INT64_MIN parses too.
 */
int parse_int(const char *s, int64_t min, int64_t max, int64_t *out, const char **why)
{
	const char *p = s;
	int neg = 0, overflow = 0;
	int64_t v = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	if (!is_digit(*p))
		return fail(why, "not a whole number");
	for (; is_digit(*p); p++)
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_sub_overflow(v, *p - '0', &v))
			overflow = 1;
	if (*p != '\0')
		return fail(why, "not a whole number");
	if (!neg && !overflow && __builtin_sub_overflow((int64_t)0, v, &v))
		overflow = 1;
	if (overflow || v < min || v > max)
		return fail(why, "out of range");
	*out = v;
	return 0;
}

int parse_bool(const char *s, int *out, const char **why)
{
	static const char *const yes[] = { "1", "yes", "true", "y" };
	static const char *const no[] = { "0", "no", "false", "n" };
	size_t i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (eqi(s, yes[i])) {
			*out = 1;
			return 0;
		}
		if (eqi(s, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return fail(why, "not a boolean (use yes/no, true/false, y/n, 1/0)");
}

/* ---- time ---- */

#define SECS_PER_DAY 86400

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil), so no dependence on timegm or the TZ variable. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && is_leap(y) ? 29 : mdays[m - 1];
}

/* Exactly n digits at *pp; advances *pp. Returns -1 if not all digits. */
static int fixed_digits(const char **pp, int n)
{
	const char *p = *pp;
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (!is_digit(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	*pp = p + n;
	return v;
}

/* "YYYY-MM-DD" at *pp into days since the epoch; advances *pp. */
static int scan_date(const char **pp, int64_t *days, const char **why,
                     const char *syntax)
{
	const char *p = *pp;
	int y, m, d;

	if ((y = fixed_digits(&p, 4)) < 0 || *p++ != '-' ||
	    (m = fixed_digits(&p, 2)) < 0 || *p++ != '-' ||
	    (d = fixed_digits(&p, 2)) < 0)
		return fail(why, syntax);
	if (m < 1 || m > 12)
		return fail(why, "month out of range");
	if (d < 1 || d > days_in_month(y, m))
		return fail(why, "day out of range");
	*days = days_from_civil(y, m, d);
	*pp = p;
	return 0;
}

#define TIME_SYNTAX "not a timestamp (use 2026-11-22T10:00:00Z)"
#define DATE_SYNTAX "not a date (use 2026-11-22)"

/* "HH:MM[:SS]" at *pp into seconds of the day; advances *pp. */
static int scan_clock(const char **pp, int64_t *secs, const char **why)
{
	const char *p = *pp;
	int h, mi, s = 0;

	if ((h = fixed_digits(&p, 2)) < 0 || *p++ != ':' ||
	    (mi = fixed_digits(&p, 2)) < 0)
		return fail(why, TIME_SYNTAX);
	if (*p == ':') {
		p++;
		if ((s = fixed_digits(&p, 2)) < 0)
			return fail(why, TIME_SYNTAX);
	}
	if (h > 23)
		return fail(why, "hour out of range");
	if (mi > 59)
		return fail(why, "minute out of range");
	if (s > 59)
		return fail(why, "second out of range");
	*secs = (int64_t)h * 3600 + mi * 60 + s;
	*pp = p;
	return 0;
}

/*
 * The zone must say UTC: "Z", "+00:00", or nothing (a bare local-looking
 * time is taken as UTC). Any other offset is refused rather than converted,
 * so that a stray "+02:00" from a spreadsheet cannot shift a timestamp.
 */
static int scan_zone(const char *p, const char **why)
{
	if (*p == '\0' || strcmp(p, "Z") == 0 || strcmp(p, "+00:00") == 0)
		return 0;
	if ((p[0] == '+' || p[0] == '-') && is_digit(p[1]) && is_digit(p[2]) &&
	    (p[3] == '\0' || (p[3] == ':' && is_digit(p[4]) && is_digit(p[5]) && p[6] == '\0') ||
	     (is_digit(p[3]) && is_digit(p[4]) && p[5] == '\0')))
		return fail(why, "only UTC times are accepted (end with Z)");
	return fail(why, TIME_SYNTAX);
}

int parse_time(const char *s, int64_t *epoch, const char **why)
{
	const char *p = s;
	int64_t days, secs = 0;

	if (scan_date(&p, &days, why, TIME_SYNTAX) < 0)
		return -1;
	if (*p != '\0') {
		if (*p != 'T' && *p != ' ')
			return fail(why, TIME_SYNTAX);
		p++;
		if (scan_clock(&p, &secs, why) < 0 || scan_zone(p, why) < 0)
			return -1;
	}
	*epoch = days * SECS_PER_DAY + secs;
	return 0;
}

int parse_date(const char *s, int64_t *epoch, const char **why)
{
	const char *p = s;
	int64_t days;

	if (scan_date(&p, &days, why, DATE_SYNTAX) < 0)
		return -1;
	if (*p != '\0')
		return fail(why, DATE_SYNTAX);
	*epoch = days * SECS_PER_DAY;
	return 0;
}

/* Split epoch into days and seconds of the day, rounding days down. */
static void split_epoch(int64_t epoch, int64_t *days, int64_t *secs)
{
	*days = epoch / SECS_PER_DAY;
	*secs = epoch % SECS_PER_DAY;
	if (*secs < 0) {
		*secs += SECS_PER_DAY;
		(*days)--;
	}
}

char *format_time(int64_t epoch, char *buf)
{
	int64_t days, secs, y;
	int m, d;

	split_epoch(epoch, &days, &secs);
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, TIME_BUFSZ, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
	         (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	return buf;
}

char *format_date(int64_t epoch, char *buf)
{
	int64_t days, secs, y;
	int m, d;

	split_epoch(epoch, &days, &secs);
	civil_from_days(days, &y, &m, &d);
	snprintf(buf, TIME_BUFSZ, "%04lld-%02d-%02d", (long long)y, m, d);
	return buf;
}

#define DURATION_SYNTAX "not a duration (use e.g. 90s, 10m, 1h30m, 7d, 1w)"

static int64_t unit_secs(char u)
{
	switch (u) {
	case 'w': return 7 * SECS_PER_DAY;
	case 'd': return SECS_PER_DAY;
	case 'h': return 3600;
	case 'm': return 60;
	case 's': return 1;
	default: return 0;
	}
}

/*
 * A bare number is seconds; otherwise number+unit pairs, largest unit
 * first and each unit once ("1h30m", not "30m1h" or "1m1m"), which
 * catches most typos.
 */
int parse_duration(const char *s, int64_t *secs, const char **why)
{
	const char *p = s;
	int64_t total = 0, n, mult, last = INT64_MAX;

	if (!is_digit(*p))
		return fail(why, DURATION_SYNTAX);
	while (*p) {
		int overflow = 0;

		if (!is_digit(*p))
			return fail(why, DURATION_SYNTAX);
		for (n = 0; is_digit(*p); p++)
			if (__builtin_mul_overflow(n, 10, &n) ||
			    __builtin_add_overflow(n, *p - '0', &n))
				overflow = 1;
		if (*p == '\0' && last == INT64_MAX) {
			mult = 1; /* no unit anywhere: a bare number of seconds */
		} else if (*p == '\0') {
			return fail(why, "missing unit after the last number");
		} else {
			mult = unit_secs(*p);
			if (mult == 0)
				return fail(why, "unknown unit (use s, m, h, d, w)");
			if (mult >= last)
				return fail(why, "units out of order (use e.g. 1h30m)");
			last = mult;
			p++;
		}
		if (overflow || __builtin_mul_overflow(n, mult, &n) ||
		    __builtin_add_overflow(total, n, &total))
			return fail(why, "out of range");
	}
	*secs = total;
	return 0;
}

int64_t shop_now(void)
{
	static int cached;
	static int64_t now;
	const char *env, *why;

	if (cached)
		return now;
	env = getenv("SHOP_NOW");
	/* An empty $SHOP_NOW is taken as unset, as "SHOP_NOW= cmd" intends. */
	if (env && *env) {
		if (parse_time(env, &now, &why) < 0)
			die(EX_USAGE, "bad SHOP_NOW '%s': %s", env, why);
	} else {
		now = (int64_t)time(NULL);
	}
	cached = 1;
	return now;
}

const char *
shop_now_text(void)
{
	static char buf[TIME_BUFSZ];

	if (!buf[0])
		format_time(shop_now(), buf);
	return buf;
}

/* ---- UTF-8 ---- */

/*
 * Decode one strict UTF-8 sequence from p[0..n). Returns its length and
 * the code point, or 0 if it is invalid: a NUL, a stray continuation
 * byte, an overlong form, a surrogate, above U+10FFFF, or truncated.
 */
static size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	static const uint32_t min_cp[5] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len, i;
	uint32_t c = p[0];

	if (c == 0)
		return 0;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2) /* continuation byte, or C0/C1: always overlong */
		return 0;
	if (c < 0xE0) {
		len = 2;
		c &= 0x1F;
	} else if (c < 0xF0) {
		len = 3;
		c &= 0x0F;
	} else if (c < 0xF5) {
		len = 4;
		c &= 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3F);
	}
	if (c < min_cp[len] || (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return len;
}

int utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;

	while (i < n) {
		/* most of what we read is ASCII: a byte at a time is enough */
		if (p[i] >= 0x01 && p[i] < 0x80) {
			i++;
			continue;
		}
		len = utf8_decode(p + i, n - i, &cp);
		if (len == 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += len;
	}
	return 1;
}

struct range {
	uint32_t lo, hi;
};

/* East Asian Wide (W) and Fullwidth (F), the blocks that matter in
 * product names and addresses; sorted for bsearch. */
static const struct range wide[] = {
	{ 0x1100, 0x115F },   /* Hangul Jamo initials */
	{ 0x2E80, 0x303E },   /* CJK radicals .. CJK symbols and punctuation */
	{ 0x3041, 0x33FF },   /* Hiragana .. CJK compatibility */
	{ 0x3400, 0x4DBF },   /* CJK extension A */
	{ 0x4E00, 0x9FFF },   /* CJK unified ideographs */
	{ 0xA000, 0xA4CF },   /* Yi */
	{ 0xAC00, 0xD7A3 },   /* Hangul syllables */
	{ 0xF900, 0xFAFF },   /* CJK compatibility ideographs */
	{ 0xFE30, 0xFE4F },   /* CJK compatibility forms */
	{ 0xFF00, 0xFF60 },   /* fullwidth forms */
	{ 0xFFE0, 0xFFE6 },   /* fullwidth signs */
	{ 0x1F300, 0x1F64F }, /* pictographs, emoticons */
	{ 0x1F680, 0x1F6FF }, /* transport and map symbols */
	{ 0x1F900, 0x1F9FF }, /* supplemental symbols and pictographs */
	{ 0x1FA70, 0x1FAFF }, /* symbols and pictographs extended-A */
	{ 0x20000, 0x2FFFD }, /* CJK extensions B.. */
	{ 0x30000, 0x3FFFD }, /* CJK extension G.. */
};

/* Combining marks and zero-width characters. */
static const struct range zero[] = {
	{ 0x0300, 0x036F },   /* combining diacritical marks */
	{ 0x1AB0, 0x1AFF },   /* combining diacritical marks extended */
	{ 0x1DC0, 0x1DFF },   /* combining diacritical marks supplement */
	{ 0x200B, 0x200F },   /* zero width space, joiners, direction marks */
	{ 0x20D0, 0x20FF },   /* combining marks for symbols */
	{ 0xFE00, 0xFE0F },   /* variation selectors */
	{ 0xFE20, 0xFE2F },   /* combining half marks */
	{ 0xFEFF, 0xFEFF },   /* zero width no-break space (BOM) */
};

static int range_cmp(const void *key, const void *elem)
{
	uint32_t c = *(const uint32_t *)key;
	const struct range *r = elem;

	return c < r->lo ? -1 : c > r->hi ? 1 : 0;
}

static int in_table(uint32_t c, const struct range *t, size_t n)
{
	return bsearch(&c, t, n, sizeof *t, range_cmp) != NULL;
}

static size_t char_width(uint32_t c)
{
	if (in_table(c, zero, sizeof zero / sizeof zero[0]))
		return 0;
	if (in_table(c, wide, sizeof wide / sizeof wide[0]))
		return 2;
	return 1;
}

/* Invalid bytes are counted one column each, as a terminal shows them. */
size_t utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, w = 0, len;
	uint32_t cp;

	while (i < n) {
		len = utf8_decode(p + i, n - i, &cp);
		if (len == 0) {
			w++;
			i++;
		} else {
			w += char_width(cp);
			i += len;
		}
	}
	return w;
}

/* ---- codes ---- */

/* Characters a code must not hold: controls, format characters (zero
 * width, bidirectional marks, the BOM) and blanks that do not look like
 * one (NBSP, the ideographic space, fillers): two codes that look alike
 * must be alike. */
static const struct range invisible[] = {
	{ 0x0000, 0x001F }, { 0x007F, 0x00A0 }, { 0x00AD, 0x00AD }, { 0x034F, 0x034F },
	{ 0x061C, 0x061C }, { 0x115F, 0x1160 }, { 0x1680, 0x1680 }, { 0x180B, 0x180E },
	{ 0x2000, 0x200F }, { 0x2028, 0x202F }, { 0x205F, 0x206F }, { 0x3000, 0x3000 },
	{ 0x3164, 0x3164 }, { 0xFE00, 0xFE0F }, { 0xFEFF, 0xFEFF }, { 0xFFA0, 0xFFA0 },
	{ 0xFFF0, 0xFFFB }, { 0x1D173, 0x1D17A }, { 0xE0000, 0xE0FFF },
};

int
check_code_text(const char *s, const char **why)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, len;
	uint32_t cp;

	if (n == 0)
		return fail(why, "empty");
	if (s[0] == ' ' || s[n - 1] == ' ')
		return fail(why, "blank at the start or end");
	while (i < n) {
		len = utf8_decode(p + i, n - i, &cp);
		if (len == 0)
			return fail(why, "invalid UTF-8");
		if (in_table(cp, invisible, sizeof invisible / sizeof invisible[0]))
			return fail(why, cp < 0x20 || (cp >= 0x7f && cp < 0xa0)
					     ? "control character"
					     : "invisible or formatting character");
		i += len;
	}
	return 0;
}
