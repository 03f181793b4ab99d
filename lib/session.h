/* session.h - what the library knows of the command it serves: the
 * database and its currency, the config, who acts, the import settings.
 * The CLI (or any other front) fills it; the library reads nothing else
 * of the command line. */
#ifndef SHOP_SESSION_H
#define SHOP_SESSION_H

#include <stdint.h>

#include "config.h"
#include "csvio.h"

struct import_settings {
	const char *rejects;      /* borrowed: --rejects FILE, or NULL */
	int dry_run;              /* validate and report, write nothing */
	int all_or_nothing;       /* apply nothing if anything is rejected */
	int ignore_unknown;       /* unknown columns are skipped, not an error */
	enum csv_kind input_kind; /* CSV_AUTO: by the file name */
	const char *encoding;     /* borrowed: --encoding, NULL for UTF-8 */
};

struct session {
	const char *db_path;      /* borrowed: the resolved --db / $SHOP_DB */
	const char *config_path;  /* borrowed: --config, or NULL */
	struct config cfg;        /* owned: the loaded config */
	int digits;               /* minor digits of the currency (from the database) */
	char currency[16];        /* currency code (from the database) */
	const char *user;         /* borrowed: who acts (the OS login name) */
	const char *program;      /* borrowed: "shop-product", for the audit log */
	const char *command;      /* borrowed: the command's words ("supplier items
				   * import"), for the audit log; NULL: none */
	int argc;                 /* the command line as typed, for the audit log */
	char **argv;              /* borrowed */
	int quiet;                /* no summaries or "skipped" notes on stderr */
	int progress;             /* the progress line even when stderr is not a terminal */
	struct import_settings imp;
	int rollback;             /* roll back although the command succeeds
				   * (--all-or-nothing with rejects, --dry-run) */
};

extern struct session S;

/*
 * Load the config and open the database (creating it when write; a new
 * database keeps the config's currency for good), check that the config
 * agrees with the database's currency (the code as text, the digits as a
 * number; a disagreement dies 65 naming the config's file:line:column,
 * never a rescaling), and fill S.digits and S.currency from the database.
 */
void session_open(int write);
void session_close(void);

/* The OS user running the process (audit rows, stock movements). */
const char *session_os_user(void);

/* The summary line of the command ("imported 12 products, ..."), said on
 * stderr by session_say_summary() once the command is over (after its
 * output and its commit); a later call replaces it. */
void session_summary(const char *line);
void session_say_summary(void);

/* Audit: notes of what the command changed, written as one row at
 * commit by audit_write() (nothing when nothing changed). */
void audit_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void audit_write(void);
void audit_release(void);

#endif
