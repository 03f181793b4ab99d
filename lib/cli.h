/* cli.h - option tables, subcommand dispatch, the shared run context */
#ifndef SHOP_CLI_H
#define SHOP_CLI_H

#include "config.h"
#include "csvio.h"
#include "out.h"
#include "util.h"

enum opt_kind {
	OPT_FLAG,   /* int *dest = 1 */
	OPT_STR,    /* const char **dest = optarg */
	OPT_LIST    /* struct strlist *dest, repeatable */
};

/* One option in a declarative table; usage, parsing and completion come
 * from it. */
struct opt {
	const char *lname;    /* long name without "--" */
	int sname;            /* short letter or 0 */
	enum opt_kind kind;
	void *dest;
	const char *metavar;  /* "FILE" for OPT_STR/OPT_LIST, NULL for flags */
	const char *help;
};
#define OPT_END { NULL, 0, OPT_FLAG, NULL, NULL, NULL }

enum cmd_flags {
	CMD_WRITE = 1,   /* takes BEGIN IMMEDIATE; gets --dry-run */
	CMD_IMPORT = 2,  /* gets --rejects, --all-or-nothing, --input-format, --ignore-unknown */
	CMD_NODB = 4     /* does not open the database */
};

struct cmd {
	const char *name;      /* "import", or two words: "category add" */
	const char *args;      /* argument synopsis: "[FILE]", "SKU FIELD=VALUE..." */
	const char *summary;   /* one line, lowercase, for usage lists; more
				* lines after a '\n' show in the command's --help */
	int flags;
	const struct opt *opts; /* NULL or OPT_END-terminated */
	int minargs, maxargs;  /* maxargs -1 = any */
	int (*run)(int argc, char **argv); /* arguments only; returns exit code */
};

/* What every command can read: common options and the open context. */
struct ctx {
	const char *db_path;     /* resolved */
	const char *config_path; /* --config */
	enum out_format fmt;
	int no_header, quiet, excel, progress;
	int dry_run;             /* writers */
	/* imports */
	const char *rejects;
	int all_or_nothing;
	int ignore_unknown;
	enum csv_kind input_kind;
	/* set by a command to roll back although it returns 0/1 */
	int rollback;
	struct config cfg;
	int digits;              /* currency.digits, default 2 */
	const char *currency;    /* currency.code, default "CNY" */
	const struct cmd *cmd;   /* the running command */
	int argc;                /* the whole command line as typed, for the audit log */
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

/* For commands: print the command's usage line and die 2 with a hint. */
void usage_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Audit summary of what the command changed; written at commit. Repeated
 * calls append "; ". */
void audit_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The OS user running the command (audit rows, stock movements). */
const char *os_user(void);

/* A "check" command: run check, print each violation on stdout, and when
 * there are any say "N WHAT invariant violations" on stderr (unless
 * --quiet) and return 1; else 0, silently. */
int run_check(size_t (*check)(void (*report)(const char *line, void *arg), void *arg),
	      const char *what);

/* Begin output of a result set with the common options applied. */
void out_start(struct out *o, const struct out_col *cols, size_t ncols);
/* The whole result of a query, its columns as text in order, as one
 * result set (at most 32 columns). */
struct sqlite3_stmt;
void out_query(const struct out_col *cols, size_t ncols, struct sqlite3_stmt *st);

#endif
