/* cli.h - option tables, subcommand dispatch, the shared run context */
#ifndef SHOP_CLI_H
#define SHOP_CLI_H

#include <stdint.h>

#include "config.h"
#include "csvio.h"
#include "db.h"
#include "out.h"
#include "result.h"
#include "session.h"
#include "util.h"

enum opt_kind {
	OPT_FLAG,     /* int *dest = 1 */
	OPT_STR,      /* const char **dest = optarg */
	OPT_LIST,     /* struct strlist *dest, repeatable */
	OPT_INT,      /* struct optnum *dest: an integer in [min, max] */
	OPT_MONEY,    /* struct optnum *dest: an amount in minor units, >= min */
	OPT_TIME,     /* struct optnum *dest: ISO 8601 UTC, epoch seconds */
	OPT_DURATION, /* struct optnum *dest: "24h", "1h30m", seconds */
	OPT_WORD      /* const char **dest: one of words (else a usage error) */
};

/* The value of a typed option: set when given; text as typed. A
 * malformed value is bad data (exit 65) naming the option, before the
 * command runs; an amount is parsed once the currency is known. */
struct optnum {
	int set;
	int64_t v;
	const char *text;
};

/* One option in a declarative table; usage, parsing and completion come
 * from it. Fields after help may be left out. */
struct opt {
	const char *lname;    /* long name without "--" */
	int sname;            /* short letter or 0 */
	enum opt_kind kind;
	void *dest;
	const char *metavar;  /* "FILE" for options with a value, NULL for flags */
	const char *help;
	int64_t min, max;     /* OPT_INT: the range (both 0: any); OPT_MONEY: min 0 or
			       * OPT_NEGATIVE_OK */
	int required;         /* missing is a usage error */
	const char *const *words; /* OPT_WORD: the fixed set, NULL-terminated; on
				   * another kind, the values completion offers */
	const char *complete; /* what values complete to: "sku", "warehouse", "brand",
			       * "category", "status", "file" (lib/complete.h); ""
			       * for nothing. Unset: the words, else the kind the
			       * metavar names ("SKU" -> "sku", "FILE" -> "file") */
};
#define OPT(l, s, k, d, m, h) { l, s, k, d, m, h, 0, 0, 0, NULL, NULL }
#define OPT_END OPT(NULL, 0, OPT_FLAG, NULL, NULL, NULL)
#define OPT_NEGATIVE_OK INT64_MIN

enum cmd_flags {
	CMD_WRITE = 1,   /* takes BEGIN IMMEDIATE; gets --dry-run */
	CMD_IMPORT = 2,  /* gets --rejects, --all-or-nothing, --input-format, --ignore-unknown */
	CMD_NODB = 4     /* does not open the database */
};
/* The roles (roles.h R_* masks) that may run a command that writes, any
 * one of them, in its flags: CMD_WRITE | CMD_ROLES(R_FINANCE | R_SERVICE).
 * None: the tool's area (roles_default). Reads need no declaration: every
 * user may read. The frame checks it once, for every command. */
#define CMD_ROLES(mask) ((int)((unsigned)(mask) << 8))
#define CMD_ROLES_OF(flags) (((unsigned)(flags) >> 8) & 0x1ffu)

struct cmd {
	const char *name;      /* "import", or more words: "category add",
				* "supplier items import" */
	const char *args;      /* argument synopsis: "[FILE]", "SKU FIELD=VALUE..." */
	const char *summary;   /* one line, lowercase, for usage lists; more
				* lines after a '\n' show in the command's --help */
	int flags;
	const struct opt *opts; /* NULL or OPT_END-terminated */
	int minargs, maxargs;  /* maxargs -1 = any */
	int (*run)(int argc, char **argv); /* arguments only; returns exit code */
};

/* What the CLI keeps for itself: the output options and the command.
 * Everything the library needs goes into its session (session.h: S). */
struct ctx {
	enum out_format fmt;
	int no_header, excel;
	const struct cmd *cmd;   /* the running command */
	char **argv;             /* owned array (strings borrowed from main's argv) */
};
extern struct ctx G;

/*
 * The main of every binary: parse common options, find the subcommand,
 * parse its options, open the database and config, begin the transaction,
 * run, write the audit row, commit (rc 0 or 1, no --dry-run, no
 * G.rollback) or roll back, check stdout, return the exit code.
 */
int shop_main(int argc, char **argv, const char *prog, const char *summary,
	      const struct cmd *cmds);

/* For commands: print the command's usage line and die 2 with a hint.
 * The message is one line, cleaned of terminal escapes. */
void usage_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* A word outside a fixed set, a usage error: "unknown WHAT 'v' (did you
 * mean 'w'?; a, b or c)". words is NULL-terminated. */
void usage_unknown(const char *what, const char *v, const char *const *words)
	__attribute__((noreturn));

/* "shop help [COMMAND...]": the usage of the binary (no words) or of the
 * command the words name, on stdout; returns the exit code. */
int cli_help(int argc, char **argv);

/* What a single-record command does with the library's answer: done and
 * updated return 0; skipped says so on stderr (unless --quiet) and
 * returns 0; a failure dies with its exit code and reason. */
int cli_result(enum res r, const struct why *w);

/* A "check" command: run check, print each violation on stdout, and when
 * there are any say "N WHAT invariant violations" on stderr (unless
 * --quiet) and return 1; else 0, silently. A violation is a plain line;
 * with --format csv, tsv or jsonl, a row of one column, "violation". */
int run_check(size_t (*check)(void (*report)(const char *line, void *arg), void *arg),
	      const char *what);

/* Begin output of a result set with the common options applied. */
void out_start(struct out *o, const struct out_col *cols, size_t ncols);
/* The whole result of a query, its columns as text in order, as one
 * result set (at most 32 columns). */
void out_query(const struct out_col *cols, size_t ncols, db_stmt *st);

#endif
