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
#include "complete.h"
#include "db.h"
#include "err.h"
#include "money.h"
#include "parse.h"
#include "roles.h"
#include "suggest.h"

#ifndef SHOP_VERSION
#define SHOP_VERSION "0.1.0"
#endif

struct ctx G;

static const char *bin_summary;
static const struct cmd *all_cmds;
static const char *format_arg, *input_format_arg;
static int want_help, want_version;

static const char *const format_words[] = { "csv", "tsv", "jsonl", "table", NULL };
static const char *const input_format_words[] = { "csv", "tsv", NULL };

static const struct opt common_opts[] = {
	{ .lname = "db", .kind = OPT_STR, .dest = &S.db_path, .metavar = "PATH",
	  .help = "database file (default $SHOP_DB, else ./shop.db)", .complete = "file" },
	{ .lname = "config", .kind = OPT_STR, .dest = &S.config_path, .metavar = "PATH",
	  .help = "YAML config (default $SHOP_CONFIG, else shop.yaml beside the database)",
	  .complete = "file" },
	/* not OPT_WORD: its own message, "unknown format 'xml'"; words for completion */
	{ .lname = "format", .kind = OPT_STR, .dest = &format_arg, .metavar = "FMT",
	  .help = "output csv, tsv, jsonl or table (default: table on a terminal, else csv)",
	  .words = format_words },
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
	{ .lname = "rejects", .kind = OPT_STR, .dest = &S.imp.rejects, .metavar = "FILE",
	  .help = "write rejected rows here, with an error column", .complete = "file" },
	OPT("all-or-nothing", 0, OPT_FLAG, &S.imp.all_or_nothing, NULL, "apply nothing if any record is rejected"),
	{ .lname = "input-format", .kind = OPT_STR, .dest = &input_format_arg, .metavar = "FMT",
	  .help = "csv or tsv (default: tsv for *.tsv, else csv)", .words = input_format_words },
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

/* A command's name after the words of group ("import" of "supplier items
 * import" in "supplier items"): the whole name when group is NULL, NULL
 * when the command is not in the group ("supplier add" has a group of one
 * word, "supplier items import" of two). */
static const char *
name_after(const char *name, const char *group)
{
	size_t l;

	if (!group)
		return name;
	l = strlen(group);
	return !strncmp(name, group, l) && name[l] == ' ' ? name + l + 1 : NULL;
}

/* The command among those after group whose next word is w: *cmd when
 * that word ends its name; else whether w begins a longer name (a group). */
static int
next_word(const char *group, const char *w, const struct cmd **cmd)
{
	const struct cmd *c;
	const char *rest;
	int more = 0;
	size_t l;

	*cmd = NULL;
	for (c = all_cmds; c->name; c++) {
		if (!(rest = name_after(c->name, group)))
			continue;
		l = word_len(rest);
		if (strlen(w) != l || strncmp(rest, w, l))
			continue;
		if (!rest[l]) {
			*cmd = c;
			return 0;
		}
		more = 1;
	}
	return more;
}

/* group with one more word, in buf of size n */
static void
group_add(char *buf, size_t n, const char *w)
{
	size_t l = strlen(buf);

	snprintf(buf + l, n - l, "%s%s", l ? " " : "", w);
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
	char msg[2048];
	va_list ap;

	fflush(stdout);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* the words come from the command line: no escape reaches the terminal */
	fprintf(stderr, "%s: ", progname);
	fputs_shown(msg, stderr);
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

/* "a, b or c" */
static void
join_or(struct sbuf *b, const char *const *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sbuf_printf(b, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ", w[i]);
}

static size_t
count_words(const char *const *w)
{
	size_t n = 0;

	while (w[n])
		n++;
	return n;
}

void
usage_unknown(const char *what, const char *v, const char *const *words)
{
	struct sbuf b = SBUF_INIT;
	size_t n = count_words(words);
	const char *near = suggest(v, words, n);

	if (near)
		sbuf_printf(&b, "did you mean '%s'?; ", near);
	join_or(&b, words, n);
	usage_die("unknown %s '%s' (%s)", what, v, sbuf_str(&b));
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
			char what[64];
			snprintf(what, sizeof what, "--%s", o->lname);
			usage_unknown(what, v, o->words);
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

/* "unknown option '--quite' (did you mean '--quiet'?)": the nearest of the
 * options in force; all of them are in the command's --help. */
static void __attribute__((noreturn))
unknown_option_die(const char *arg, const struct opt *const *opts, size_t n)
{
	const char *names[64];
	const char *near = NULL;
	char *name;
	size_t i;

	if (!strncmp(arg, "--", 2)) {
		name = xstrndup(arg + 2, strcspn(arg + 2, "="));
		for (i = 0; i < n && i < 64; i++)
			names[i] = opts[i]->lname;
		near = suggest(name, names, i);
		free(name);
	}
	if (near)
		usage_die("unknown option '%s' (did you mean '--%s'?)", arg, near);
	usage_die("unknown option '%s'", arg);
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
			if (optopt >= 256) /* "--quiet=1" */
				usage_die("option '--%s' takes no value", by_idx[optopt - 256]->lname);
			if (optopt)
				usage_die("unknown option '-%c'", optopt);
			unknown_option_die(argv[optind - 1], by_idx, nl);
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

/* The command words: the first words of all (group NULL), or the next
 * words of a group's commands; each once, in table order. */
struct words {
	size_t n;
	const char *w[64];      /* into buf */
	char buf[64][48];
};

static void
cmd_words(const char *group, struct words *ws)
{
	const struct cmd *c;
	const char *word;
	size_t i, len;

	ws->n = 0;
	for (c = all_cmds; c->name && ws->n < 64; c++) {
		if (!(word = name_after(c->name, group)))
			continue;
		len = word_len(word);
		for (i = 0; i < ws->n; i++)
			if (strlen(ws->w[i]) == len && !strncmp(ws->w[i], word, len))
				break;
		if (i < ws->n || len >= sizeof ws->buf[0])
			continue;
		memcpy(ws->buf[ws->n], word, len);
		ws->buf[ws->n][len] = '\0';
		ws->w[ws->n] = ws->buf[ws->n];
		ws->n++;
	}
}

/* "unknown command 'lsit' (did you mean 'list'?)"; the list of them all
 * is in --help, which the hint names. */
static void __attribute__((noreturn))
unknown_cmd_die(const char *group, const char *word)
{
	struct words ws;
	const char *near;

	cmd_words(group, &ws);
	near = suggest(word, ws.w, ws.n);
	if (group && near)
		usage_die("unknown command '%s %s' (did you mean '%s %s'?)", group, word, group, near);
	if (group)
		usage_die("unknown command '%s %s'", group, word);
	if (near)
		usage_die("unknown command '%s' (did you mean '%s'?)", word, near);
	usage_die("unknown command '%s'", word);
}

/* Find the command named by the first words of argv. */
static const struct cmd *
find_cmd(int argc, char **argv, int *used)
{
	const struct cmd *c;
	char group[128] = "";
	int k;

	for (k = 0; k < argc; k++) {
		if (!next_word(k ? group : NULL, argv[k], &c)) {
			if (c) {
				*used = k + 1;
				return c;
			}
			break;
		}
		group_add(group, sizeof group, argv[k]);
	}
	if (!k)
		unknown_cmd_die(NULL, argv[0]);
	if (k < argc && argv[k][0] != '-')
		unknown_cmd_die(group, argv[k]);
	if (k < argc && (!strcmp(argv[k], "-h") || !strcmp(argv[k], "--help"))) {
		bin_usage(stdout, group);
		exit(0);
	}
	usage_die("'%s' needs a subcommand", group);
}

/* ---- the hidden "__complete" protocol of the shell completions ----
 *
 * TOOL __complete [--prefix=CUR] WORDS...
 *
 * WORDS are the words typed before the cursor (the tool's name left out),
 * CUR the word being completed. One candidate a line, "WORD<TAB>WHAT"
 * (WHAT: an option's help, a command's summary, a SKU's name; for zsh),
 * or "WORD" alone; the line ":file" asks the shell for file names. It
 * comes from the same tables as --help: options that take a value are
 * skipped with their value when finding the command, and when the cursor
 * is on a value the candidates are that value's. Nothing is created and
 * nothing is said on stderr: no database, no candidates from it.
 */

struct cstate {
	const struct cmd *cmd;   /* the command, once its words are typed */
	char group[64];          /* "brand", "supplier items": a group named, no
				  * subcommand yet; "" for none */
	int unknown;             /* a word that names no command */
	int nargs;               /* arguments typed after the command */
	const struct opt *want;  /* the option whose value is at the cursor */
	const char *db;          /* --db as typed, or NULL */
	const char *prefix;      /* the word at the cursor */
};

static int
takes_value(const struct opt *o)
{
	return o->kind != OPT_FLAG;
}

/* The option "--name", "--name=v" or "-x" among the tables for cmd. */
static const struct opt *
find_opt(const struct cmd *c, const char *w)
{
	const struct opt *t[4], *o;
	size_t n, i, len;

	n = tables_for(c, t);
	for (i = 0; i < n; i++)
		for (o = t[i]; o->lname; o++) {
			if (w[1] == '-') {
				len = strcspn(w + 2, "=");
				if (strlen(o->lname) == len && !strncmp(o->lname, w + 2, len))
					return o;
			} else if (o->sname && o->sname == w[strlen(w) - 1]) {
				return o; /* "-qn": the last letter may take the next word */
			}
		}
	return NULL;
}

/* The command words as typed so far. */
static void
complete_scan(struct cstate *cs, int argc, char **argv)
{
	const struct cmd *c;
	const struct opt *o;
	int k, opts_done = 0;

	for (k = 0; k < argc; k++) {
		const char *w = argv[k];
		if (!opts_done && w[0] == '-' && w[1]) {
			if (!strcmp(w, "--")) {
				opts_done = 1;
				continue;
			}
			o = find_opt(cs->cmd, w);
			if (!o || !takes_value(o))
				continue;
			if (w[1] == '-' && strchr(w, '=')) {
				if (o->dest == &S.db_path)
					cs->db = strchr(w, '=') + 1;
				continue;
			}
			if (k + 1 == argc) {
				cs->want = o;
				return;
			}
			if (o->dest == &S.db_path)
				cs->db = argv[k + 1];
			k++;
			continue;
		}
		if (cs->cmd) {
			cs->nargs++;
			continue;
		}
		if (cs->unknown)
			continue;
		if (next_word(*cs->group ? cs->group : NULL, w, &c))
			group_add(cs->group, sizeof cs->group, w);
		else if (c)
			cs->cmd = c;
		else
			cs->unknown = 1;
	}
}

/* One candidate line, if word starts with arg (the prefix; NULL: any). */
static void
emit(const char *word, const char *desc, void *arg)
{
	const char *prefix = arg;
	char w[512], d[256];

	if (prefix && strncmp(word, prefix, strlen(prefix)))
		return;
	snprintf(w, sizeof w, "%s", word);
	snprintf(d, sizeof d, "%.*s", (int)strcspn(desc ? desc : "", "\n"), desc ? desc : "");
	clean_controls(w);
	clean_controls(d); /* a tab in a name would split the line */
	if (*d)
		printf("%s\t%s\n", w, d);
	else
		printf("%s\n", w);
}

/* A value, with arg (the head: "--format=", or "") in front; the value
 * was matched against the prefix already. */
static void
emit_headed(const char *word, const char *desc, void *arg)
{
	char buf[1024];

	snprintf(buf, sizeof buf, "%s%s", (const char *)arg, word);
	emit(buf, desc, NULL);
}

static void
complete_kind(const char *kind, const char *const *words, const char *prefix, const char *head,
	      const struct cstate *cs)
{
	size_t i;

	if (words) {
		for (i = 0; words[i]; i++)
			if (!strncmp(words[i], prefix, strlen(prefix)))
				emit_headed(words[i], NULL, (void *)head);
		return;
	}
	if (!kind || !*kind)
		return;
	if (!strcmp(kind, "file")) {
		printf(":file\n");
		return;
	}
	complete_values(kind, prefix, db_resolve_path(cs->db), emit_headed, (void *)head);
}

static void
complete_value(const struct opt *o, const char *prefix, const char *head, const struct cstate *cs)
{
	const char *kind = o->complete;

	if (!kind && !o->words)
		kind = complete_kind_of(o->metavar);
	complete_kind(kind, o->complete ? NULL : o->words, prefix, head, cs);
}

/* The kind of the command's argument number i, from its synopsis
 * ("SKU FIELD=VALUE...", "[FILE]"). The arguments of an "add" name
 * something new: nothing to offer. */
static void
complete_arg(const struct cmd *c, int i, const struct cstate *cs)
{
	char words[8][64];
	const char *p = c->args, *last = strrchr(c->name, ' ');
	int n = 0;

	if (!strcmp(last ? last + 1 : c->name, "add"))
		return;
	while (*p && n < 8) {
		size_t len = strcspn(p, " ");
		snprintf(words[n++], sizeof words[0], "%.*s", (int)len, p);
		p += len;
		p += strspn(p, " ");
	}
	if (i >= n) {
		if (!n || !strstr(words[n - 1], "..."))
			return;
		i = n - 1;
	}
	complete_kind(complete_kind_of(words[i]), NULL, cs->prefix, "", cs);
}

static int
complete(int argc, char **argv)
{
	struct cstate cs = { 0 };
	const struct opt *t[4], *o;
	const struct cmd *c;
	const char *eq;
	size_t n, i;

	/* say nothing: a completion that fails offers nothing */
	if (!freopen("/dev/null", "w", stderr))
		return 0;
	cs.prefix = "";
	if (argc > 0 && !strncmp(argv[0], "--prefix=", 9)) {
		cs.prefix = argv[0] + 9;
		argc--;
		argv++;
	}
	complete_scan(&cs, argc, argv);
	if (cs.want) {
		complete_value(cs.want, cs.prefix, "", &cs);
	} else if (cs.prefix[0] == '-' && cs.prefix[1] == '-' && (eq = strchr(cs.prefix, '='))) {
		char head[128];
		o = find_opt(cs.cmd, cs.prefix);
		snprintf(head, sizeof head, "%.*s", (int)(eq - cs.prefix + 1), cs.prefix);
		if (o && takes_value(o))
			complete_value(o, eq + 1, head, &cs);
	} else if (cs.prefix[0] == '-') {
		char name[128];
		n = tables_for(cs.cmd, t);
		for (i = 0; i < n; i++)
			for (o = t[i]; o->lname; o++) {
				snprintf(name, sizeof name, "--%s", o->lname);
				emit(name, o->help, (void *)cs.prefix);
			}
	} else if (cs.cmd) {
		complete_arg(cs.cmd, cs.nargs, &cs);
	} else if (!cs.unknown) {
		char word[128];
		struct words ws;
		cmd_words(*cs.group ? cs.group : NULL, &ws);
		for (i = 0; i < ws.n; i++) {
			/* a command's summary, or a group's subcommands */
			struct words sub;
			struct sbuf b = SBUF_INIT;
			const char *desc = "";
			snprintf(word, sizeof word, "%s", cs.group);
			group_add(word, sizeof word, ws.w[i]);
			for (c = all_cmds; c->name; c++)
				if (!strcmp(c->name, word))
					desc = c->summary;
			if (!*desc) {
				cmd_words(word, &sub);
				join_or(&b, sub.w, sub.n);
				desc = sbuf_str(&b);
			}
			emit(ws.w[i], desc, (void *)cs.prefix);
			sbuf_release(&b);
		}
	}
	db_close();
	return 0;
}

int
cli_help(int argc, char **argv)
{
	const struct cmd *c;
	char group[128] = "";
	int used, i;

	if (argc == 0) {
		bin_usage(stdout, NULL);
		return 0;
	}
	for (i = 0; i < argc; i++) /* a group: its commands */
		group_add(group, sizeof group, argv[i]);
	for (c = all_cmds; c->name; c++)
		if (name_after(c->name, group)) {
			bin_usage(stdout, group);
			return 0;
		}
	G.cmd = NULL; /* a mistake here is in the words, not in "help": see --help */
	c = find_cmd(argc, argv, &used);
	if (argc > used)
		usage_die("unexpected argument '%s'", argv[used]);
	cmd_usage(stdout, c, 1);
	return 0;
}

void
out_start(struct out *o, const struct out_col *cols, size_t ncols)
{
	out_begin(o, stdout, G.fmt, !G.no_header, G.excel, cols, ncols);
}

static void
print_violation(const char *line, void *arg)
{
	struct out *o = arg;

	if (o)
		out_row(o, &line);
	else
		printf("%s\n", line);
}

int
run_check(size_t (*check)(void (*report)(const char *line, void *arg), void *arg),
	  const char *what)
{
	static const struct out_col cols[] = { { "violation", COL_TEXT } };
	struct out o;
	size_t n;

	/* a line a violation, for people and cron mail; rows when asked for */
	if (G.fmt == OUT_CSV || G.fmt == OUT_TSV || G.fmt == OUT_JSONL) {
		out_start(&o, cols, 1);
		n = check(print_violation, &o);
		out_end(&o);
	} else {
		n = check(print_violation, NULL);
	}
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

/* The hidden "__roles": each command that writes and the roles that may
 * run it as a mask of roles.h ("category add<TAB>2"), for shop role list. */
static int
list_roles(const struct cmd *cmds)
{
	const struct cmd *c;

	for (c = cmds; c->name; c++) {
		unsigned need = CMD_ROLES_OF(c->flags);

		if (c->flags & (CMD_WRITE | CMD_IMPORT))
			printf("%s\t%u\n", c->name, need ? need : roles_default(progname));
	}
	return 0;
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
	if (argc > 1 && !strcmp(argv[1], "__roles"))
		return list_roles(cmds);

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
	S.command = c->name;
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
		usage_unknown("format", format_arg, format_words);
	if (G.excel && G.fmt == OUT_AUTO) /* it is for spreadsheets, even typed on a terminal */
		G.fmt = OUT_CSV;
	if (G.excel && G.fmt != OUT_CSV && G.fmt != OUT_TSV)
		usage_die("--excel is for csv or tsv output, not --format %s", format_arg);
	if (input_format_arg && csv_parse_kind(input_format_arg, &S.imp.input_kind) < 0)
		usage_unknown("input format", input_format_arg, input_format_words);
	(void)shop_now(); /* a bad $SHOP_NOW is reported before any work */

	if (c->flags & CMD_NODB)
		return c->run(nargs, args);

	write = (c->flags & (CMD_WRITE | CMD_IMPORT)) != 0;
	S.db_path = db_resolve_path(S.db_path);
	die_hook = close_db_hook;
	session_open(write);
	parse_money_opts(t, nt);
	db_begin(write);
	{
		struct why w;

		/* who may: once here, for every command */
		if (roles_allow(progname, c->name, write, CMD_ROLES_OF(c->flags), &w))
			die(EX_PERM, "%s", w.msg);
	}
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
	session_say_summary();
	return rc;
}
