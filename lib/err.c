/* err.c - one error idiom: "progname: message" on stderr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"

const char *progname = "shop";
void (*die_hook)(void);
void (*warn_hook)(void);

char *
clean_controls(char *s)
{
	unsigned char *p = (unsigned char *)s;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : '?';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* a C1 control (U+0080..U+009F; U+009B is a CSI): two bytes, one '?' */
			*p = '?';
			memmove(p + 1, p + 2, strlen((char *)p + 2) + 1);
		}
	}
	return s;
}

void
fputs_shown(const char *s, FILE *fp)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p == '\t' || *p == '\n' || *p == '\r')
			fputc(' ', fp);
		else if (*p < 0x20 || *p == 0x7f)
			fprintf(fp, "<U+%04X>", *p);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fprintf(fp, "<U+%04X>", *++p);
		else
			fputc(*p, fp);
	}
}

void
vwarn(const char *fmt, va_list ap)
{
	char buf[4096];

	fflush(stdout);
	if (warn_hook)
		warn_hook();
	vsnprintf(buf, sizeof buf, fmt, ap);
	fprintf(stderr, "%s: ", progname);
	fputs_shown(buf, stderr);
	fputc('\n', stderr);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
die(int code, const char *fmt, ...)
{
	va_list ap;
	void (*hook)(void) = die_hook;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	die_hook = NULL; /* a failing hook must not recurse */
	if (hook)
		hook();
	exit(code);
}
