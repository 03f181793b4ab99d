/* code.c - codes: checked for invisible characters, shown with them visible */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "code.h"
#include "parse.h"
#include "util.h"

/* Length of the UTF-8 sequence at s (1 for a stray byte) and its code
 * point; *ok says whether it is well-formed. */
static size_t
utf8_char(const unsigned char *s, uint32_t *cp, int *ok)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
		 : (s[0] & 0xF8) == 0xF0 ? 4 : 0, i;

	*ok = n > 0;
	if (!n)
		n = 1;
	*cp = n == 1 ? s[0] : (uint32_t)(s[0] & (0x7F >> n));
	for (i = 1; *ok && i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*ok = 0;
			n = 1;
			break;
		}
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return n;
}

char *
code_shown(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	struct sbuf b = SBUF_INIT;
	char one[5];
	const char *w;
	uint32_t cp;
	size_t n;
	int ok;

	while (*p) {
		n = utf8_char(p, &cp, &ok);
		memcpy(one, p, n);
		one[n] = '\0';
		if (!ok)
			sbuf_printf(&b, "<%02X>", *p);
		else if (*p != ' ' && check_code_text(one, &w) < 0)
			sbuf_printf(&b, "<U+%04X>", (unsigned)cp);
		else
			sbuf_add(&b, one, n);
		p += n;
	}
	return b.s ? b.s : xstrdup("");
}

/* Printable ASCII, no blank at either end: most codes, and nothing in
 * them to look closer at (every import checks a code per row). */
static int
plain(const char *s)
{
	const char *p;

	if (*s == ' ')
		return 0;
	for (p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return 0;
	return p[-1] != ' ';
}

enum res
code_check(const char *what, const char *s, struct why *why)
{
	const char *w;
	char *shown;

	if (!s || !*s)
		return res_fail(why, RES_BAD, "missing %s", what);
	if (plain(s) || check_code_text(s, &w) == 0)
		return RES_DONE;
	shown = code_shown(s);
	res_fail(why, RES_BAD, "bad %s '%s': %s", what, shown, w);
	free(shown);
	return RES_BAD;
}
