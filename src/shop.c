/* shop - the front of the family: "shop product list" runs
 * "shop-product list" (like git), plus init, check, log, and the users
 * and roles of the shop */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "auditlog.h"
#include "cli.h"
#include "db.h"
#include "err.h"
#include "parse.h"
#include "roles.h"
#include "util.h"

static const char *const tools[] = { "product", "stock", "order", "po", "coupon", "report", NULL };

/* Path of shop-NAME: beside this binary first, else found on PATH. */
static char *
tool_path(const char *name)
{
	char self[PATH_MAX], *slash;
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			char *p = xasprintf("%.*s/shop-%s", (int)(slash - self), self, name);
			if (access(p, X_OK) == 0)
				return p;
			free(p);
		}
	}
	return xasprintf("shop-%s", name);
}

static int
is_tool(const char *s)
{
	int i;

	for (i = 0; tools[i]; i++)
		if (!strcmp(s, tools[i]))
			return 1;
	return 0;
}

/* "shop order list" before shop-order is installed is a usage error (2),
 * like an unknown command: this installation has no such command. */
static int
run_tool(const char *name, char **argv)
{
	char *path = tool_path(name);

	argv[0] = path;
	execvp(path, argv);
	if (errno == ENOENT)
		die(EX_USAGE, "shop-%s is not installed", name);
	die(EX_IO, "cannot run 'shop-%s': %s", name, strerror(errno));
}

/* shop help [TOOL [COMMAND...]]: "shop-TOOL COMMAND... --help" for a
 * tool; else the usage of shop or of one of its own commands. */
static int
cmd_help(int argc, char **argv)
{
	char **av;
	int i;

	if (argc == 0 || !is_tool(argv[0]))
		return cli_help(argc, argv);
	av = xcalloc((size_t)argc + 2, sizeof *av);
	for (i = 1; i < argc; i++)
		av[i] = argv[i];
	av[argc] = "--help";
	return run_tool(argv[0], av);
}

static int
cmd_init(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	if (!S.quiet)
		fprintf(stderr, "%s: database '%s' is ready (schema version %d)\n", progname,
			S.db_path, db_schema_version());
	return 0;
}

/* Every tool that has a check command, in order; the worst status wins.
 * --format, --no-header and --quiet go along; csv and tsv get one header. */
static int
cmd_check(int argc, char **argv)
{
	static const char *const checkers[] = { "product", "stock", "order", "po", "coupon", NULL };
	static const char *const formats[] = { [OUT_CSV] = "csv", [OUT_TSV] = "tsv",
					       [OUT_JSONL] = "jsonl", [OUT_TABLE] = "table" };
	int i, worst = 0, st;
	pid_t pid;

	(void)argc;
	(void)argv;
	fflush(stdout);
	for (i = 0; checkers[i]; i++) {
		char *path = tool_path(checkers[i]);
		char *av[10] = { path, "--db", (char *)S.db_path, "check" };
		int n = 4;
		if (G.fmt != OUT_AUTO) {
			av[n++] = "--format";
			av[n++] = (char *)formats[G.fmt];
		}
		if (G.no_header || (i > 0 && (G.fmt == OUT_CSV || G.fmt == OUT_TSV)))
			av[n++] = "--no-header";
		if (S.quiet)
			av[n++] = "--quiet";
		if ((pid = fork()) < 0)
			die(EX_INTERNAL, "fork: %s", strerror(errno));
		if (pid == 0) {
			execvp(path, av);
			warn("cannot run '%s': %s", path, strerror(errno));
			_exit(EX_INTERNAL);
		}
		if (waitpid(pid, &st, 0) < 0)
			die(EX_INTERNAL, "waitpid: %s", strerror(errno));
		st = WIFEXITED(st) ? WEXITSTATUS(st) : EX_INTERNAL;
		if (st > worst)
			worst = st;
		free(path);
	}
	return worst;
}

static struct optnum log_since, log_limit;
static const char *log_program, *log_user;
static const struct opt log_opts[] = {
	OPT("since", 0, OPT_TIME, &log_since, "TIME", "only entries at or after TIME"),
	OPT("program", 0, OPT_STR, &log_program, "NAME", "only entries of this program (shop-product...)"),
	OPT("user", 0, OPT_STR, &log_user, "USER", "only entries of this user"),
	{ .lname = "limit", .kind = OPT_INT, .dest = &log_limit, .metavar = "N",
	  .help = "at most the N newest entries", .min = 1, .max = INT64_MAX },
	OPT_END
};

static int
cmd_log(int argc, char **argv)
{
	static const struct out_col cols[] = {
		{ "at", COL_TEXT }, { "user", COL_TEXT }, { "program", COL_TEXT },
		{ "argv", COL_TEXT }, { "summary", COL_TEXT },
	};
	char ts[TIME_BUFSZ];
	db_stmt *st;

	(void)argc;
	(void)argv;
	st = audit_select(log_since.set ? format_time(log_since.v, ts) : NULL, log_program,
			  log_user, log_limit.set ? log_limit.v : 0);
	out_query(cols, 5, st);
	return 0;
}

/* ---- users and roles ---- */

static struct strlist user_roles;
static const struct opt user_add_opts[] = {
	{ .lname = "role", .kind = OPT_LIST, .dest = &user_roles, .metavar = "ROLE",
	  .help = "a role to hold (repeat for more): admin, catalog, sales, warehouse, purchasing, "
		  "finance, service, marketing, viewer", .required = 1, .words = role_words },
	OPT_END
};

static int
cmd_user_add(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(roles_user_add(argv[0], (const char *const *)user_roles.v, user_roles.n,
					 &w), &w);
}

static int
cmd_user_remove(int argc, char **argv)
{
	struct why w;

	(void)argc;
	return cli_result(roles_user_remove(argv[0], &w), &w);
}

static int
cmd_user_list(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	out_query(roles_user_cols, ROLES_USER_NCOLS, roles_user_query());
	return 0;
}

/* The matrix, from each tool's own declarations (its hidden __roles):
 * for each role, the commands it may run that write. */
static int
cmd_role_list(int argc, char **argv)
{
	static const struct out_col cols[] = { { "role", COL_TEXT }, { "commands", COL_TEXT } };
	static const char *const tools_writing[] = { "product", "stock", "order", "po", "coupon", NULL };
	struct sbuf lists[ROLE_N];
	struct out o;
	int i, r;

	(void)argc;
	(void)argv;
	memset(lists, 0, sizeof lists);
	for (i = 0; tools_writing[i]; i++) {
		char *path = tool_path(tools_writing[i]), *cmd, line[512];
		unsigned mask;
		FILE *p;

		cmd = xasprintf("'%s' __roles", path);
		if (!(p = popen(cmd, "r")))
			die(EX_INTERNAL, "cannot run '%s': %s", path, strerror(errno));
		while (fgets(line, sizeof line, p)) {
			char *tab = strchr(line, '\t'), *nl = strchr(line, '\n');

			if (!tab)
				continue;
			*tab++ = '\0';
			if (nl)
				*nl = '\0';
			mask = (unsigned)strtoul(tab, NULL, 10);
			for (r = 0; r < ROLE_N; r++) {
				if (!((mask >> r) & 1))
					continue;
				if (lists[r].len)
					sbuf_adds(&lists[r], "; ");
				sbuf_printf(&lists[r], "%s %s", tools_writing[i], line);
			}
		}
		if (pclose(p) != 0)
			die(EX_INTERNAL, "'%s __roles' failed", path);
		free(cmd);
		free(path);
	}
	out_begin(&o, stdout, G.fmt, !G.no_header, G.excel, cols, 2);
	for (r = 0; r < ROLE_N; r++) {
		const char *v[2] = { role_words[r], r == ROLE_ADMIN ? "every command; shop user add, "
				     "shop user remove, shop init" : r == ROLE_VIEWER ?
				     "every command that only reads" : sbuf_str(&lists[r]) };

		out_row(&o, v);
		sbuf_release(&lists[r]);
	}
	out_end(&o);
	return 0;
}

static const struct cmd cmds[] = {
	{ "init", "", "create the database (or migrate it) and say where it is", CMD_WRITE, NULL, 0, 0, cmd_init },
	{ "check", "", "prove every invariant (runs each tool's check)", 0, NULL, 0, 0, cmd_check },
	{ "log", "", "the audit log: who changed what, when", 0, log_opts, 0, 0, cmd_log },
	{ "user add", "NAME", "add a user of the shop, or replace their roles\n"
	  "NAME: an OS login on SQLite, a database login on PostgreSQL (granted the\n"
	  "database roles of its roles there). The first user must hold admin; once one\n"
	  "exists every command checks the caller's roles (exit 77).",
	  CMD_WRITE, user_add_opts, 1, 1, cmd_user_add },
	{ "user list", "", "the users: user, roles, added_at, added_by", 0, NULL, 0, 0, cmd_user_list },
	{ "user remove", "NAME", "remove a user (not the last admin)", CMD_WRITE, NULL, 1, 1,
	  cmd_user_remove },
	{ "role list", "", "who may run what: role, commands (the commands that write;\n"
	  "every user may run those that only read)", CMD_NODB, NULL, 0, 0, cmd_role_list },
	{ "help", "[TOOL [COMMAND]]", "this help, or a command's: shop help product list", CMD_NODB,
	  NULL, 0, -1, cmd_help },
	{ "product", "ARGS...", "run shop-product ARGS", CMD_NODB, NULL, 0, -1, NULL },
	{ "stock", "ARGS...", "run shop-stock ARGS", CMD_NODB, NULL, 0, -1, NULL },
	{ "order", "ARGS...", "run shop-order ARGS", CMD_NODB, NULL, 0, -1, NULL },
	{ "po", "ARGS...", "run shop-po ARGS", CMD_NODB, NULL, 0, -1, NULL },
	{ "coupon", "ARGS...", "run shop-coupon ARGS", CMD_NODB, NULL, 0, -1, NULL },
	{ "report", "ARGS...", "run shop-report ARGS", CMD_NODB, NULL, 0, -1, NULL },
	{ NULL, NULL, NULL, 0, NULL, 0, 0, NULL }
};

int
main(int argc, char **argv)
{
	/* "shop TOOL ..." hands everything after TOOL to shop-TOOL untouched,
	 * common options before TOOL included */
	int i;

	progname = "shop";
	for (i = 1; i < argc; i++) {
		if (argv[i][0] != '-')
			break;
		if (!strcmp(argv[i], "--db") || !strcmp(argv[i], "--config") ||
		    !strcmp(argv[i], "--format"))
			i++;
	}
	if (i < argc && is_tool(argv[i])) {
		char *name = argv[i];
		memmove(argv + i, argv + i + 1, (size_t)(argc - i) * sizeof *argv);
		return run_tool(name, argv);
	}
	return shop_main(argc, argv, "shop", "shop: an e-commerce back office as Unix tools", cmds);
}
