/* result.c - the result type and its exit codes */
#include <stdarg.h>
#include <stdio.h>

#include "err.h"
#include "result.h"

enum res
res_fail(struct why *w, enum res r, const char *fmt, ...)
{
	va_list ap;

	if (w) {
		va_start(ap, fmt);
		vsnprintf(w->msg, sizeof w->msg, fmt, ap);
		va_end(ap);
	}
	return r;
}

int
res_exit(enum res r)
{
	switch (r) {
	case RES_DONE:
	case RES_UPDATED:
	case RES_SKIPPED:
		return EX_DONE;
	case RES_REFUSED:
		return EX_RULE;
	case RES_NOTFOUND:
		return EX_NOTFOUND;
	case RES_PENDING:
		break;
	case RES_BAD:
		return EX_DATA;
	}
	return EX_INTERNAL;
}

enum res
res_put(const char *noun, const char *code, int found, int same, int update, struct why *w)
{
	if (found && same)
		return res_fail(w, RES_SKIPPED, "%s '%s' exists; skipped", noun, code);
	if (found && !update)
		return res_fail(w, RES_REFUSED, "%s '%s' exists with other details; not changed",
				noun, code);
	return found ? RES_UPDATED : RES_DONE;
}
