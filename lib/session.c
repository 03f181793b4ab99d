/* session.c - the library's session state, the currency check, the audit log */
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db.h"
#include "err.h"
#include "freight.h"
#include "parse.h"
#include "session.h"
#include "util.h"

struct session S;

static struct sbuf audit_sum = SBUF_INIT;
/* The summary's length past which notes are only counted. */
#define AUDIT_SUM_MAX 4000
static size_t audit_more;  /* notes past AUDIT_SUM_MAX */
static char *audit_last;   /* owned: the last of them */
static char *summary; /* owned */
static int64_t changes_before;

const char *
session_os_user(void)
{
	static char *name; /* owned; looked up once, getpwuid's buffer is reused */
	struct passwd *pw;

	if (name)
		return name;
	pw = getpwuid(geteuid());
	if (pw && pw->pw_name)
		name = xstrdup(pw->pw_name);
	else if (getenv("USER"))
		name = xstrdup(getenv("USER"));
	else
		name = xasprintf("%u", (unsigned)geteuid());
	return name;
}

/* The currency code in the config must be the database's, as text. */
static void
agree_code(const char *stored)
{
	const struct cnode *n = config_node(&S.cfg, "currency.code");

	if (n && n->value && strcmp(n->value, stored) != 0)
		config_die(&S.cfg, n, "currency.code is '%s' but database '%s' keeps currency '%s' "
			   "(fixed when it was created)", n->value, S.db_path, stored);
}

/* The minor digits must be the database's, as a number: "02" is 2. The
 * config's value was checked (0..6) before the database was opened. */
static void
agree_digits(int stored)
{
	const struct cnode *n = config_node(&S.cfg, "currency.digits");

	if (n && n->value && config_int(&S.cfg, "currency.digits", 0, 6, 2) != stored)
		config_die(&S.cfg, n, "currency.digits is '%s' but database '%s' keeps %d digits "
			   "(fixed when it was created)", n->value, S.db_path, stored);
}

void
session_open(int write)
{
	const char *code, *digits, *why;
	int64_t d;

	config_load(&S.cfg, S.config_path, S.db_path);
	config_check(&S.cfg);
	d = config_int(&S.cfg, "currency.digits", 0, 6, 2);
	code = config_str(&S.cfg, "currency.code", "CNY");
	/* a new database keeps the config's currency for good */
	db_open(S.db_path, write, code, (int)d);
	code = db_meta("currency.code");
	snprintf(S.currency, sizeof S.currency, "%s", code ? code : "CNY");
	agree_code(S.currency);
	digits = db_meta("currency.digits");
	d = 2;
	if (digits && parse_int(digits, 0, 6, &d, &why) < 0)
		die(EX_DATA, "database '%s' keeps a bad currency.digits '%s': %s", S.db_path, digits,
		    why);
	S.digits = (int)d;
	agree_digits(S.digits);
	/* who: the OS login on SQLite, the database login on a server */
	if (!S.user)
		S.user = db_is_server(S.db_path) ? db_login() : session_os_user();
	changes_before = db_total_changes();
}

void
session_close(void)
{
	db_close();
	freight_release(); /* it holds what it read of the config */
	config_release(&S.cfg);
	audit_release();
}

void
session_summary(const char *line)
{
	free(summary);
	summary = xstrdup(line);
}

void
session_say_summary(void)
{
	if (summary)
		warn("%s", summary);
	free(summary);
	summary = NULL;
}

void
audit_note(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	/* a file of a million shipments is not a million notes: past
	 * AUDIT_SUM_MAX they are counted, and the last one (an import's
	 * totals) kept */
	if (audit_sum.len >= AUDIT_SUM_MAX) {
		audit_more++;
		free(audit_last);
		audit_last = s;
		return;
	}
	if (audit_sum.len)
		sbuf_adds(&audit_sum, "; ");
	sbuf_adds(&audit_sum, s);
	free(s);
}

void
audit_write(void)
{
	struct sbuf args = SBUF_INIT;
	char ts[TIME_BUFSZ];
	db_stmt *st;
	int i;

	if (db_total_changes() == changes_before && !audit_sum.len)
		return;
	for (i = 0; i < S.argc; i++) {
		const char *a = i ? S.argv[i] : S.program; /* not the install path */
		if (i)
			sbuf_addc(&args, ' ');
		if (*a && !strpbrk(a, " \t\n'\"\\$`*?;&|<>()"))
			sbuf_adds(&args, a);
		else {
			sbuf_addc(&args, '\'');
			for (; *a; a++) {
				if (*a == '\'')
					sbuf_adds(&args, "'\\''");
				else
					sbuf_addc(&args, *a);
			}
			sbuf_addc(&args, '\'');
		}
	}
	if (audit_more > 1)
		sbuf_printf(&audit_sum, "; ... %zu more", audit_more - 1);
	if (audit_last)
		sbuf_printf(&audit_sum, "; %s", audit_last);
	st = db_prep("INSERT INTO audit (at, os_user, program, argv, summary, command) "
		     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	db_bind_text(st, 1, format_time(shop_now(), ts));
	db_bind_text(st, 2, S.user);
	db_bind_text(st, 3, S.program);
	db_bind_text(st, 4, sbuf_str(&args));
	db_bind_text(st, 5, sbuf_str(&audit_sum));
	db_bind_text(st, 6, S.command ? S.command : "");
	db_run(st);
	sbuf_release(&args);
}

void
audit_release(void)
{
	sbuf_release(&audit_sum);
	free(audit_last);
	audit_last = NULL;
	audit_more = 0;
}
