/* parse.h - checked parsing of everything a user types: numbers, times, text */
#ifndef SHOP_PARSE_H
#define SHOP_PARSE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* All parsers return 0 on success, -1 with a short lowercase reason in *why. */

/* Decimal integer in [min, max]: optional '-', digits only (leading zeros, as
 * spreadsheets write them, are accepted), no spaces,
 * no '+'. */
int parse_int(const char *s, int64_t min, int64_t max, int64_t *out, const char **why);

/* Boolean: 1/0, yes/no, true/false, y/n (case-insensitive). */
int parse_bool(const char *s, int *out, const char **why);

/* ISO 8601 UTC timestamp "2026-11-22T10:00:00Z" (also accepts
 * "2026-11-22T10:00Z", "2026-11-22 10:00:00", and a date alone meaning
 * midnight UTC). Validates field ranges and the day of the month. */
int parse_time(const char *s, int64_t *epoch, const char **why);
/* Date "2026-11-22" only. epoch = midnight UTC of that day. */
int parse_date(const char *s, int64_t *epoch, const char **why);
/* Duration: "90s", "10m", "24h", "7d", "1w", or combinations "1h30m";
 * a bare number means seconds. */
int parse_duration(const char *s, int64_t *secs, const char **why);

/* Format as "2026-11-22T10:00:00Z" / "2026-11-22". buf needs TIME_BUFSZ. */
#define TIME_BUFSZ 32
char *format_time(int64_t epoch, char *buf);
char *format_date(int64_t epoch, char *buf);

/* The clock: $SHOP_NOW (ISO 8601) if set, else time(NULL). A bad
 * $SHOP_NOW is a usage error (exit 2) naming the variable. */
int64_t shop_now(void);
/* shop_now() as ISO 8601 text: one timestamp for the whole command (a
 * command is one transaction); static storage. */
const char *shop_now_text(void);

/* UTF-8: returns 1 if s[0..n) is valid UTF-8 (no overlongs, no surrogates,
 * <= U+10FFFF) and holds no NUL byte; else 0 and *bad = byte offset. */
int utf8_valid(const char *s, size_t n, size_t *bad);
/* Terminal display width of a valid UTF-8 string: East Asian Wide and
 * Fullwidth characters count 2, combining marks 0, others 1. */
size_t utf8_width(const char *s);

#endif

/* A code (SKU, SPU, warehouse, customer, order ref): not empty, no blank
 * at either end, no control, format or invisible character (BOM, NBSP,
 * zero-width space) inside. 0, or -1 with a reason. */
int check_code_text(const char *s, const char **why);
