/* err.c - one error idiom: "progname: message" on stderr */
#include <stdio.h>
#include <stdlib.h>

#include "err.h"

const char *progname = "shop";
void (*die_hook)(void);

void
vwarn(const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
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
