/* util.h - allocation that cannot fail quietly, a growable string, string lists */
#ifndef SHOP_UTIL_H
#define SHOP_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* A growable byte string, always NUL-terminated. */
struct sbuf {
	char *s;    /* owned */
	size_t len;
	size_t cap;
};
#define SBUF_INIT { NULL, 0, 0 }
void sbuf_add(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sbuf_reset(struct sbuf *b);
void sbuf_release(struct sbuf *b);
const char *sbuf_str(struct sbuf *b); /* "" when empty */

/* A list of strings, e.g. repeated --line options. */
struct strlist {
	char **v;   /* owned array; the strings are borrowed from argv */
	size_t n;
	size_t cap;
};
#define STRLIST_INIT { NULL, 0, 0 }
void strlist_add(struct strlist *l, char *s);
void strlist_release(struct strlist *l);

/* ASCII case-insensitive equality of strings, and of byte ranges. */
int streqi(const char *a, const char *b);
int memeqi(const char *a, size_t an, const char *b, size_t bn);

#endif
