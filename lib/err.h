/* err.h - exit codes of SPEC §2 and the one error idiom of the toolkit */
#ifndef SHOP_ERR_H
#define SHOP_ERR_H

#include <stdarg.h>

enum shop_exit {
	EX_DONE = 0,      /* done */
	EX_RULE = 1,      /* refused by a business rule, or an import rejected records */
	EX_USAGE = 2,     /* bad option, missing argument */
	EX_NOTFOUND = 3,  /* unknown sku/order/po/coupon; no database */
	EX_DATA = 65,     /* bad input data; not a shop database */
	EX_INTERNAL = 70, /* a bug */
	EX_IO = 74,       /* disk full, read-only database, output that cannot be written */
	EX_TEMP = 75,     /* database busy past the timeout */
	EX_PERM = 77      /* the user's roles do not allow the command */
};

extern const char *progname; /* "shop-product", set by shop_main() */

/* die: print "progname: message" on stderr and exit with code. */
void die(int code, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
/* warn: print "progname: message" on stderr and go on. The message is one
 * line: control characters (terminal escapes among them) that came in
 * with a value are shown as <U+001B>, never sent to the terminal. */
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vwarn(const char *fmt, va_list ap);

/* Called by die() before exit, e.g. to roll back the open transaction. */
extern void (*die_hook)(void);
/* Called before any message is printed, e.g. to clear a progress line. */
extern void (*warn_hook)(void);

/* Write s with control characters shown as <U+XXXX> (tabs and newlines
 * as blanks), as every message does. */
#include <stdio.h>
void fputs_shown(const char *s, FILE *fp);

/* s with control characters (C0, DEL, C1) replaced by '?', in place;
 * returns s. For text from input that goes to a terminal. */
char *clean_controls(char *s);

#endif
