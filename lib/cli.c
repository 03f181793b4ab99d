/* cli.c - option tables -> getopt_long, usage text, completion words,
 * dispatch, and the one-transaction-per-command frame of SPEC §2 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "err.h"
#include "money.h"
#include "parse.h"

#ifndef SHOP_VERSION
#define SHOP_VERSION "0.1.0"
#endif

struct ctx G;

static const char *bin_summary;
static const struct cmd *all_cmds;
static const char *format_arg, *input_format_arg;
static int want_help, want_version;

static const struct opt common_opts[] = {
	OPT("db", 0, OPT_STR, &S.db_path, "PATH", "database file (default $SHOP_DB, else ./shop.db)"),
	OPT("config", 0, OPT_STR, &S.config_path, "PATH", "YAML config (default $SHOP_CONFIG, else shop.yaml beside the database)"),
	OPT("format", 0, OPT_STR, &format_arg, "FMT", "output csv, tsv, jsonl or table (default: table on a terminal, else csv)"),
	OPT("no-header", 0, OPT_FLAG, &G.no_header, NULL, "omit the header row"),
	OPT("excel", 0, OPT_FLAG, &G.excel, NULL, "CSV for spreadsheets: BOM, CRLF, formulas defused"),
	OPT("quiet", 'q', OPT_FLAG, &S.quiet, NULL, "no summary line on stderr"),
	OPT("progress", 0, OPT_FLAG, &S.progress, NULL, "show the progress line even when stderr is not a terminal"),
	OPT("help", 'h', OPT_FLAG, &want_help, NULL, "show this help and exit"),
	OPT("version", 0, OPT_FLAG, &want_version, NULL, "show the version and exit"),
	OPT_END
};

static const struct opt write_opts[] = {
	OPT("dry-run", 'n', OPT_FLAG, &S.imp.dry_run, NULL, "check and report, write nothing"),
	OPT_END
};

static const struct opt import_opts[] = {
	OPT("rejects", 0, OPT_STR, &S.imp.rejects, "FILE", "write rejected rows here, with an error column"),
	OPT("all-or-nothing", 0, OPT_FLAG, &S.imp.all_or_nothing, NULL, "apply nothing if any record is rejected"),
	OPT("input-format", 0, OPT_STR, &input_format_arg, "FMT", "csv or tsv (default: tsv for *.tsv, else csv)"),
	OPT("ignore-unknown", 0, OPT_FLAG, &S.imp.ignore_unknown, NULL, "skip unknown columns instead of failing"),
	OPT("encoding", 0, OPT_STR, &S.imp.encoding, "ENC", "read the file in this encoding (gb18030, gbk, utf-16, ...) with iconv"),
	OPT_END
};

/* The option tables that apply to cmd (NULL cmd: binary level). */
static size_t
tables_for(const struct cmd *c, const struct opt *t[4])
{
	size_t n = 0;

	if (c && c->opts)
		t[n++] = c->opts;
	if (c && (c->flags & CMD_IMPORT))
		t[n++] = import_opts;
	if (c && (c->flags & (CMD_WRITE | CMD_IMPORT)))
		t[n++] = write_opts;
	t[n++] = common_opts;
	return n;
}

static void
print_opts(FILE *fp, const struct opt *o)
{
	char left[64];

	for (; o->lname; o++) {
		if (o->sname)
			snprintf(left, sizeof left, "-%c, --%s%s%s", o->sname, o->lname,
				 o->metavar ? " " : "", o->metavar ? o->metavar : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", o->lname, o->metavar ? " " : "",
				 o->metavar ? o->metavar : "");
		fprintf(fp, "  %-26s %s\n", left, o->help);
	}
}

static void
cmd_usage(FILE *fp, const struct cmd *c, int full)
{
	const struct opt *t[4];
	size_t n, i;

	fprintf(fp, "usage: %s %s [OPTIONS]%s%s\n", progname, c->name, *c->args ? " " : "",
		c->args);
	if (!full)
		return;
	fprintf(fp, "%s\n", c->summary);
	n = tables_for(c, t);
	for (i = 0; i < n; i++) {
		fprintf(fp, "\n%s:\n", t[i] == common_opts ? "common options"
				       : t[i] == import_opts ? "import options"
				       : t[i] == write_opts  ? "write options"
							     : "options");
		print_opts(fp, t[i]);
	}
}

static size_t
word_len(const char *s)
{
	const char *sp = strchr(s, ' ');

	return sp ? (size_t)(sp - s) : strlen(s);
}

static void
bin_usage(FILE *fp, const char *group)
{
	const struct cmd *c;

	fprintf(fp, "usage: %s [OPTIONS] COMMAND [ARGS]\n%s\n\ncommands:\n", progname, bin_summary);
	for (c = all_cmds; c->name; c++) {
		char head[64];
		if (group && (strncmp(c->name, group, strlen(group)) || c->name[strlen(group)] != ' '))
			continue;
		snprintf(head, sizeof head, "%s %s", c->name, c->args);
		/* the first line only; the rest is for the command's --help */
		fprintf(fp, "  %-34s %.*s\n", head, (int)strcspn(c->summary, "\n"), c->summary);
	}
	fprintf(fp, "\ncommon options:\n");
	print_opts(fp, common_opts);
	fprintf(fp, "\nRun '%s COMMAND --help' for a command's options; see %s(1).\n", progname,
		progname);
}

void
usage_die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (G.cmd)
		fprintf(stderr, " (see '%s %s --help')\n", progname, G.cmd->name);
	else
		fprintf(stderr, " (see '%s --help')\n", progname);
	if (die_hook) { /* a command found the mistake: roll back and close as die() does */
		void (*hook)(void) = die_hook;
		die_hook = NULL;
		hook();
	}
	exit(EX_USAGE);
}

/* "--name" for messages */
static void
opt_value_die(const struct opt *o, const char *v, const char *why)
{
	die(EX_DATA, "bad --%s '%s': %s", o->lname, v, why);
}

static void
set_opt(const struct opt *o, const char *v)
{
	struct optnum *n = o->dest;
	const char *why;
	size_t i;

	switch (o->kind) {
	case OPT_FLAG:
		*(int *)o->dest = 1;
		return;
	case OPT_STR:
		*(const char **)o->dest = v;
		return;
	case OPT_LIST:
		strlist_add(o->dest, (char *)v);
		return;
	case OPT_WORD:
		for (i = 0; o->words[i]; i++)
			if (!strcmp(v, o->words[i])) {
				*(const char **)o->dest = o->words[i];
				return;
			}
		{
			struct sbuf b = SBUF_INIT;
			for (i = 0; o->words[i]; i++)
				sbuf_printf(&b, "%s%s", i ? ", " : "", o->words[i]);
			usage_die("unknown --%s '%s' (%s)", o->lname, v, sbuf_str(&b));
		}
	default:
		break;
	}
	n->set = 1;
	n->text = v;
	switch (o->kind) {
	case OPT_INT:
		if (parse_int(v, o->min || o->max ? o->min : INT64_MIN,
			      o->min || o->max ? o->max : INT64_MAX, &n->v, &why) < 0)
			opt_value_die(o, v, why);
		break;
	case OPT_TIME:
		if (parse_time(v, &n->v, &why) < 0)
			opt_value_die(o, v, why);
		break;
	case OPT_DURATION:
		if (parse_duration(v, &n->v, &why) < 0)
			opt_value_die(o, v, why);
		break;
	default: /* OPT_MONEY: once the currency is known (parse_money_opts) */
		break;
	}
}

/* Amounts need the database's currency digits: parsed after it is open. */
static void
parse_money_opts(const struct opt *const *t, size_t nt)
{
	const struct opt *o;
	struct optnum *n;
	const char *why;
	size_t i;

	for (i = 0; i < nt; i++)
		for (o = t[i]; o->lname; o++) {
			if (o->kind != OPT_MONEY || !(n = o->dest)->set)
				continue;
			if (money_parse(n->text, S.digits, &n->v, &why) < 0)
				opt_value_die(o, n->text, why);
			if (n->v < 0 && o->min != OPT_NEGATIVE_OK)
				opt_value_die(o, n->text, "negative");
		}
}

/* Options declared required that were not given: a usage error. */
static void
check_required(const struct opt *const *t, size_t nt)
{
	const struct opt *o;
	size_t i;
	int given;

	for (i = 0; i < nt; i++)
		for (o = t[i]; o->lname; o++) {
			if (!o->required)
				continue;
			switch (o->kind) {
			case OPT_FLAG:
				given = *(int *)o->dest;
				break;
			case OPT_STR:
			case OPT_WORD:
				given = *(const char **)o->dest != NULL;
				break;
			case OPT_LIST:
				given = ((struct strlist *)o->dest)->n > 0;
				break;
			default:
				given = ((struct optnum *)o->dest)->set;
				break;
			}
			if (!given)
				usage_die("missing --%s", o->lname);
		}
}

/* Parse argv with the given tables; leaves the arguments in argv[optind..]
 * order (GNU getopt permutes, so options may follow arguments). */
static void
parse_opts(int argc, char **argv, const struct opt *const *t, size_t nt, int stop_at_arg)
{
	struct option lopts[64];
	const struct opt *by_idx[64];
	char sopts[64];
	size_t nl = 0, ns = 0, i;
	const struct opt *o;
	int ch, idx;

	if (stop_at_arg)
		sopts[ns++] = '+';
	sopts[ns++] = ':';
	for (i = 0; i < nt; i++)
		for (o = t[i]; o->lname; o++) {
			if (nl >= 63 || ns >= 60)
				die(EX_INTERNAL, "too many options");
			lopts[nl].name = o->lname;
			lopts[nl].has_arg = o->kind == OPT_FLAG ? no_argument : required_argument;
			lopts[nl].flag = NULL;
			lopts[nl].val = 256 + (int)nl;
			by_idx[nl++] = o;
			if (o->sname) {
				sopts[ns++] = (char)o->sname;
				if (o->kind != OPT_FLAG)
					sopts[ns++] = ':';
			}
		}
	memset(&lopts[nl], 0, sizeof lopts[nl]);
	sopts[ns] = '\0';
	opterr = 0;
	optind = 0; /* 0, not 1: GNU getopt then forgets the previous scan */
	while ((ch = getopt_long(argc, argv, sopts, lopts, &idx)) != -1) {
		if (ch == '?') {
			if (optopt)
				usage_die("unknown option '-%c'", optopt);
			usage_die("unknown option '%s'", argv[optind - 1]);
		}
		if (ch == ':')
			usage_die("option '%s' needs an argument", argv[optind - 1]);
		o = NULL;
		if (ch >= 256)
			o = by_idx[ch - 256];
		else
			for (i = 0; i < nl; i++)
				if (by_idx[i]->sname == ch)
					o = by_idx[i];
		if (!o)
			die(EX_INTERNAL, "option table");
		set_opt(o, optarg);
	}
}

/* Hidden "__complete WORDS...": candidate words for the shell completions,
 * generated from the same tables as --help. */
static int
complete(int argc, char **argv)
{
	const struct cmd *c;
	const struct opt *t[4];
	size_t n, i;
	const struct opt *o;
	const char *w1 = NULL, *w2 = NULL;
	int k;

	for (k = 0; k < argc; k++) {
		if (argv[k][0] == '-')
			continue;
		if (!w1)
			w1 = argv[k];
		else if (!w2)
			w2 = argv[k];
	}
	for (c = all_cmds; c->name; c++) {
		size_t l1 = word_len(c->name);
		if (!w1)
			continue;
		if (strlen(w1) != l1 || strncmp(c->name, w1, l1))
			continue;
		if (c->name[l1] == '\0' || (w2 && !strcmp(c->name + l1 + 1, w2)))
			break;
	}
	if (c->name) {
		n = tables_for(c, t);
		for (i = 0; i < n; i++)
			for (o = t[i]; o->lname; o++)
				printf("--%s\n", o->lname);
		return 0;
	}
	for (c = all_cmds; c->name; c++) {
		size_t l1 = word_len(c->name);
		if (!w1) {
			if (c == all_cmds || strncmp(c[-1].name, c->name, l1) ||
			    word_len(c[-1].name) != l1)
				printf("%.*s\n", (int)l1, c->name);
		} else if (strlen(w1) == l1 && !strncmp(c->name, w1, l1) && c->name[l1] == ' ') {
			printf("%s\n", c->name + l1 + 1);
		}
	}
	if (!w1)
		for (o = common_opts; o->lname; o++)
			printf("--%s\n", o->lname);
	return 0;
}

/* Find the command named by argv[0] (and argv[1] for two-word names). */
static const struct cmd *
find_cmd(int argc, char **argv, int *used)
{
	const struct cmd *c;
	int group = 0;

	for (c = all_cmds; c->name; c++) {
		size_t l1 = word_len(c->name);
		if (strlen(argv[0]) != l1 || strncmp(c->name, argv[0], l1))
			continue;
		if (c->name[l1] == '\0') {
			*used = 1;
			return c;
		}
		group = 1;
		if (argc > 1 && !strcmp(c->name + l1 + 1, argv[1])) {
			*used = 2;
			return c;
		}
	}
	if (group) {
		if (argc > 1 && argv[1][0] != '-')
			usage_die("unknown command '%s %s'", argv[0], argv[1]);
		if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
			bin_usage(stdout, argv[0]);
			exit(0);
		}
		usage_die("'%s' needs a subcommand", argv[0]);
	}
	usage_die("unknown command '%s'", argv[0]);
}

void
out_start(struct out *o, const struct out_col *cols, size_t ncols)
{
	out_begin(o, stdout, G.fmt, !G.no_header, G.excel, cols, ncols);
}

static void
print_violation(const char *line, void *arg)
{
	(void)arg;
	printf("%s\n", line);
}

int
run_check(size_t (*check)(void (*report)(const char *line, void *arg), void *arg),
	  const char *what)
{
	size_t n = check(print_violation, NULL);

	if (n && !S.quiet)
		warn("%zu %s invariant violation%s", n, what, n > 1 ? "s" : "");
	return n ? EX_RULE : EX_DONE;
}

void
out_query(const struct out_col *cols, size_t ncols, db_stmt *st)
{
	const char *v[32];
	struct out o;
	size_t i;

	char money[32][MONEY_BUFSZ];

	if (ncols > 32)
		die(EX_INTERNAL, "out_query: too many columns");
	out_start(&o, cols, ncols);
	while (db_step(st)) {
		for (i = 0; i < ncols; i++) {
			if (cols[i].kind == COL_MONEY)
				v[i] = db_col_is_null(st, (int)i) ? NULL
					: money_format(db_col_int(st, (int)i), S.digits, money[i]);
			else
				v[i] = db_col_text(st, (int)i);
		}
		out_row(&o, v);
	}
	out_end(&o);
}

int
cli_result(enum res r, const struct why *w)
{
	switch (r) {
	case RES_DONE:
	case RES_UPDATED:
		return EX_DONE;
	case RES_SKIPPED:
		if (!S.quiet && w->msg[0])
			warn("%s", w->msg);
		return EX_DONE;
	default:
		die(res_exit(r), "%s", w->msg);
	}
}

static void
close_db_hook(void)
{
	session_close();
}

/* Output goes out before the commit: a report that cannot be written
 * (a full disk, a closed pipe) rolls the command back. */
static int
stdout_ok(void)
{
	return fflush(stdout) == 0 && !ferror(stdout);
}

int
shop_main(int argc, char **argv, const char *prog, const char *summary, const struct cmd *cmds)
{
	const struct opt *t[4];
	const struct cmd *c;
	size_t nt;
	int used, rc, nargs, write;
	char **args;

	progname = prog;
	S.program = prog;
	bin_summary = summary;
	all_cmds = cmds;
	/* keep the command line as typed: getopt permutes argv in place */
	G.argv = xcalloc((size_t)argc + 1, sizeof *G.argv);
	memcpy(G.argv, argv, (size_t)argc * sizeof *argv);
	S.argc = argc;
	S.argv = G.argv;
	if (argc > 1 && !strcmp(argv[1], "__complete"))
		return complete(argc - 2, argv + 2);

	/* common options before the command */
	t[0] = common_opts;
	parse_opts(argc, argv, t, 1, 1);
	if (want_version) {
		printf("%s %s\n", progname, SHOP_VERSION);
		return 0;
	}
	if (want_help || optind >= argc) {
		bin_usage(want_help ? stdout : stderr, NULL);
		return want_help ? 0 : EX_USAGE;
	}
	argc -= optind;
	argv += optind;
	c = find_cmd(argc, argv, &used);
	G.cmd = c;
	/* the command's own options, anywhere after it */
	argc -= used - 1;
	argv += used - 1;
	nt = tables_for(c, t);
	parse_opts(argc, argv, t, nt, 0);
	if (want_help) {
		cmd_usage(stdout, c, 1);
		return 0;
	}
	if (want_version) {
		printf("%s %s\n", progname, SHOP_VERSION);
		return 0;
	}
	args = argv + optind;
	nargs = argc - optind;
	if (nargs < c->minargs)
		usage_die("missing argument: %s %s %s", progname, c->name, c->args);
	if (c->maxargs >= 0 && nargs > c->maxargs)
		usage_die("unexpected argument '%s'", args[c->maxargs]);
	check_required(t, nt);
	G.fmt = OUT_AUTO;
	if (format_arg && out_parse_format(format_arg, &G.fmt) < 0)
		usage_die("unknown format '%s' (csv, tsv, jsonl or table)", format_arg);
	if (G.excel && G.fmt == OUT_AUTO) /* it is for spreadsheets, even typed on a terminal */
		G.fmt = OUT_CSV;
	if (G.excel && G.fmt != OUT_CSV && G.fmt != OUT_TSV)
		usage_die("--excel is for csv or tsv output, not --format %s", format_arg);
	if (input_format_arg && csv_parse_kind(input_format_arg, &S.imp.input_kind) < 0)
		usage_die("unknown input format '%s' (csv or tsv)", input_format_arg);
	(void)shop_now(); /* a bad $SHOP_NOW is reported before any work */

	if (c->flags & CMD_NODB)
		return c->run(nargs, args);

	write = (c->flags & (CMD_WRITE | CMD_IMPORT)) != 0;
	S.db_path = db_resolve_path(S.db_path);
	die_hook = close_db_hook;
	session_open(write);
	parse_money_opts(t, nt);
	db_begin(write);
	rc = c->run(nargs, args);
	if ((rc == 0 || rc == 1) && !S.imp.dry_run && !S.rollback) {
		if (!stdout_ok())
			die(EX_IO, "cannot write standard output: %s; nothing changed",
			    strerror(errno));
		if (write)
			audit_write();
		db_commit();
	} else {
		db_rollback();
	}
	die_hook = NULL;
	session_close();
	free(G.argv);
	G.argv = NULL;
	if (!stdout_ok())
		die(EX_IO, "cannot write standard output: %s", strerror(errno));
	return rc;
}
