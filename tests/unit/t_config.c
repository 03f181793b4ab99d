/* t_config.c - unit tests for lib/config.c: lookups, typed getters, errors */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "unit.h"

static char dir[] = "/tmp/t_config.XXXXXX";
static char path[512];           /* dir/t.yaml: the file under test */

static void
write_file(const char *p, const char *text)
{
	FILE *fp = fopen(p, "w");

	if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0) {
		perror(p);
		exit(70);
	}
}

/* For the die paths: the child runs fn; we get its exit status and the
 * whole of its stderr. */
static struct config *g_c;
static const char *g_key;

static int
run_child(void (*fn)(void), char *err, size_t errsz)
{
	int fd[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	fflush(stdout);
	if (pipe(fd) < 0 || (pid = fork()) < 0) {
		perror("fork");
		exit(70);
	}
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 2);
		close(fd[1]);
		fn();
		_exit(0); /* fn should not return */
	}
	close(fd[1]);
	while (len + 1 < errsz && (n = read(fd[0], err + len, errsz - 1 - len)) > 0)
		len += (size_t)n;
	err[len] = '\0';
	close(fd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* The child loads path (which is expected to die). */
static void
child_load(void)
{
	struct config c;

	config_load(&c, g_key, NULL);
	config_release(&c);
}

static void
check_load_dies(const char *yaml, const char *want)
{
	char err[2048], expect[1024];

	write_file(path, yaml);
	g_key = path;
	CHECK_INT(run_child(child_load, err, sizeof err), 65);
	snprintf(expect, sizeof expect, "t_config: %s:%s", path, want);
	CHECK_STR(err, expect);
}

static void child_int(void) { config_int(g_c, g_key, 1, 1000, 0); }
static void child_int_small(void) { config_int(g_c, g_key, 1, 100, 0); }
static void child_duration(void) { config_duration(g_c, g_key, 0); }
static void child_money(void) { config_money(g_c, g_key, 2, 0); }
static void child_bool(void) { config_bool(g_c, g_key, 0); }
static void child_str(void) { config_str(g_c, g_key, NULL); }
static void child_die(void) { config_die(g_c, config_node(g_c, g_key), "freight: bad template '%s'", "x"); }

/* A getter on a bad value exits 65 with "FILE:LINE:COL: KEY: reason 'v'". */
static void
check_getter_dies(struct config *c, void (*fn)(void), const char *key, const char *pos,
		  const char *tail)
{
	char err[2048], head[1024];
	size_t hl, el, tl = strlen(tail);

	g_c = c;
	g_key = key;
	CHECK_INT(run_child(fn, err, sizeof err), 65);
	snprintf(head, sizeof head, "t_config: %s:%s: %s: ", path, pos, key);
	hl = strlen(head);
	el = strlen(err);
	CHECK(strncmp(err, head, hl) == 0);
	CHECK(el >= hl + tl && strcmp(err + el - tl, tail) == 0);
	if (strncmp(err, head, hl) != 0 || el < tl || strcmp(err + el - tl, tail) != 0)
		printf("    stderr: %s", err);
}

static const char good[] =
	"# shop config\n"
	"currency: CNY\n"
	"order:\n"
	"  payment_timeout: 30m\n"
	"  max_lines: 500\n"
	"  auto_confirm: yes\n"
	"  min_amount: \"12.30\"\n"
	"  note: 'quoted: text'\n"
	"freight:\n"
	"  templates:\n"
	"    - name: std\n"
	"      first: 10\n"
	"    - name: heavy\n"
	"  flow: {a: 1, b: [x, y]}\n"
	"bad:\n"
	"  count: 12x\n"
	"  flag: maybe\n"
	"  money: 1.234\n"
	"  dur: 5 parsecs\n"
	"  big: 5000\n"
	"名称: 手机\n";

static void
test_lookups(void)
{
	struct config c;
	const struct cnode *n, *t;

	write_file(path, good);
	config_load(&c, path, NULL);
	CHECK_STR(c.path, path);
	CHECK(c.root != NULL);
	CHECK_INT(c.root->type, CNODE_MAP);

	CHECK_STR(config_str(&c, "currency", "USD"), "CNY");
	CHECK_STR(config_str(&c, "order.note", NULL), "quoted: text");
	CHECK_STR(config_str(&c, "order.min_amount", NULL), "12.30");
	CHECK_STR(config_str(&c, "名称", NULL), "手机");
	CHECK_STR(config_str(&c, "nope", "dflt"), "dflt");
	CHECK_STR(config_str(&c, "order.nope", NULL), NULL);
	CHECK_STR(config_str(&c, "nope.deep.er", "d"), "d");
	/* through a scalar: absent, not a crash */
	CHECK(config_node(&c, "currency.x") == NULL);
	CHECK(config_node(&c, "") == NULL);
	CHECK(config_node(&c, "order.") == NULL);

	n = config_node(&c, "order.payment_timeout");
	CHECK(n != NULL);
	if (n) {
		CHECK_INT(n->type, CNODE_SCALAR);
		CHECK_STR(n->key, "payment_timeout");
		CHECK_INT(n->line, 4);
		CHECK_INT(n->column, 20);
	}
	n = config_node(&c, "order");
	CHECK(n && n->type == CNODE_MAP && n->line == 3 && n->column == 1);

	/* a list of maps, positioned at its key */
	n = config_node(&c, "freight.templates");
	CHECK(n != NULL);
	if (n) {
		CHECK_INT(n->type, CNODE_SEQ);
		CHECK_INT(n->line, 10);
		CHECK_INT(n->column, 3);
		t = n->child;
		CHECK(t && t->type == CNODE_MAP && t->key == NULL);
		CHECK(t && t->child && !strcmp(t->child->key, "name") &&
		      !strcmp(t->child->value, "std"));
		CHECK(t && t->child && t->child->next && !strcmp(t->child->next->value, "10"));
		CHECK(t && t->next && t->next->child && !strcmp(t->next->child->value, "heavy"));
		CHECK(t && t->next && !t->next->next);
	}
	n = config_node(&c, "freight.flow.b");
	CHECK(n && n->type == CNODE_SEQ && n->child && !strcmp(n->child->value, "x") &&
	      n->child->next && !strcmp(n->child->next->value, "y"));
	CHECK_INT(config_int(&c, "freight.flow.a", 0, 9, 7), 1);

	/* typed getters */
	CHECK_INT(config_int(&c, "order.max_lines", 1, 1000, 7), 500);
	CHECK_INT(config_int(&c, "order.nope", 1, 1000, 7), 7);
	CHECK_INT(config_duration(&c, "order.payment_timeout", 60), 1800);
	CHECK_INT(config_duration(&c, "order.nope", 60), 60);
	CHECK_INT(config_bool(&c, "order.auto_confirm", 0), 1);
	CHECK_INT(config_bool(&c, "order.nope", 1), 1);
	CHECK_INT(config_money(&c, "order.min_amount", 2, 0), 1230);
	CHECK_INT(config_money(&c, "order.nope", 2, 99), 99);
	config_release(&c);
	CHECK(c.root == NULL && c.path == NULL);
}

static void
test_getter_errors(void)
{
	struct config c;

	write_file(path, good);
	config_load(&c, path, NULL);
	check_getter_dies(&c, child_int, "bad.count", "16:10", " '12x'\n");
	check_getter_dies(&c, child_int_small, "bad.big", "20:8", " '5000'\n");
	check_getter_dies(&c, child_duration, "bad.dur", "19:8", " '5 parsecs'\n");
	check_getter_dies(&c, child_money, "bad.money", "18:10", " '1.234'\n");
	check_getter_dies(&c, child_bool, "bad.flag", "17:9", " 'maybe'\n");
	check_getter_dies(&c, child_int, "order", "3:1", "mapping\n");
	check_getter_dies(&c, child_str, "freight.templates", "10:3", "list\n");

	/* config_die for callers' own validation */
	{
		char err[2048], want[1024];

		g_c = &c;
		g_key = "freight.templates";
		CHECK_INT(run_child(child_die, err, sizeof err), 65);
		snprintf(want, sizeof want, "t_config: %s:10:3: freight: bad template 'x'\n", path);
		CHECK_STR(err, want);
	}
	config_release(&c);
}

static void
test_bad_files(void)
{
	char err[2048], want[1024];

	check_load_dies("a: 1\n  b: 2\n", "2:4: mapping values are not allowed in this context\n");
	check_load_dies("a: [1, 2\n", "2:1: did not find expected ',' or ']'\n");
	check_load_dies("a: 1\nb: 2\na: 3\n", "3:1: duplicate key 'a'\n");
	check_load_dies("x:\n  k: 1\n  k: 2\n", "3:3: duplicate key 'k'\n");
	check_load_dies("{a: 1, a: 2}\n", "1:8: duplicate key 'a'\n");
	check_load_dies("- a\n- b\n", "1:1: config root must be a mapping\n");
	check_load_dies("just text\n", "1:1: config root must be a mapping\n");
	check_load_dies("a: &x 1\nb: *x\n", "2:4: aliases are not supported\n");
	check_load_dies("a: \xff\n", "1:4: invalid leading UTF-8 octet\n");
	check_load_dies("a: 1\n---\nb: 2\n", "2:1: more than one document in a config file\n");
	check_load_dies("? [a]\n: 1\n", "1:3: mapping keys must be scalars\n");
	check_load_dies("a: \"x\\0y\"\n", "1:4: nul byte in value\n");

	/* an explicit path that cannot be read */
	g_key = "/nonexistent/shop.yaml";
	CHECK_INT(run_child(child_load, err, sizeof err), 65);
	CHECK_STR(err, "t_config: cannot read config '/nonexistent/shop.yaml': "
		       "No such file or directory\n");
	g_key = dir;
	CHECK_INT(run_child(child_load, err, sizeof err), 65);
	snprintf(want, sizeof want, "t_config: cannot read config '%s': Is a directory\n", dir);
	CHECK_STR(err, want);
}

static void
test_empty_files(void)
{
	static const char *const empties[] = { "", "# only a comment\n", "---\n", "--- ~\n", "\n\n" };
	struct config c;
	size_t i;

	for (i = 0; i < sizeof empties / sizeof empties[0]; i++) {
		write_file(path, empties[i]);
		config_load(&c, path, NULL);
		CHECK_STR(c.path, path);
		CHECK(c.root == NULL);
		CHECK_STR(config_str(&c, "currency", "CNY"), "CNY");
		CHECK_INT(config_int(&c, "a.b", 0, 10, 3), 3);
		config_release(&c);
	}
}

static void
test_default_lookup(void)
{
	char db[600], yaml[600], sub[600], other[600];
	struct config c;

	unsetenv("SHOP_CONFIG");
	snprintf(sub, sizeof sub, "%s/d", dir);
	snprintf(db, sizeof db, "%s/d/shop.db", dir);
	snprintf(yaml, sizeof yaml, "%s/d/shop.yaml", dir);
	snprintf(other, sizeof other, "%s/other.yaml", dir);
	if (mkdir(sub, 0700) < 0) {
		perror(sub);
		exit(70);
	}

	/* no shop.yaml beside the database: defaults */
	config_load(&c, NULL, db);
	CHECK(c.path == NULL);
	CHECK(c.root == NULL);
	CHECK(config_node(&c, "currency") == NULL);
	CHECK_STR(config_str(&c, "currency", "CNY"), "CNY");
	CHECK_INT(config_int(&c, "x", 0, 10, 4), 4);
	CHECK_INT(config_duration(&c, "x", 600), 600);
	CHECK_INT(config_money(&c, "x", 2, 5), 5);
	CHECK_INT(config_bool(&c, "x", 1), 1);
	config_release(&c);
	config_load(&c, NULL, NULL);
	CHECK(c.path == NULL && c.root == NULL);
	config_release(&c);

	/* shop.yaml beside the database */
	write_file(yaml, "currency: EUR\n");
	config_load(&c, NULL, db);
	CHECK_STR(c.path, yaml);
	CHECK_STR(config_str(&c, "currency", NULL), "EUR");
	config_release(&c);

	/* a database in the current directory */
	{
		char cwd[600];

		if (!getcwd(cwd, sizeof cwd) || chdir(sub) < 0) {
			perror("chdir");
			exit(70);
		}
		config_load(&c, NULL, "shop.db");
		CHECK_STR(c.path, "shop.yaml");
		CHECK_STR(config_str(&c, "currency", NULL), "EUR");
		config_release(&c);
		if (chdir(cwd) < 0) {
			perror("chdir");
			exit(70);
		}
	}

	/* $SHOP_CONFIG wins over the database's directory, --config over both */
	write_file(other, "currency: JPY\n");
	setenv("SHOP_CONFIG", other, 1);
	config_load(&c, NULL, db);
	CHECK_STR(c.path, other);
	CHECK_STR(config_str(&c, "currency", NULL), "JPY");
	config_release(&c);
	write_file(path, "currency: GBP\n");
	config_load(&c, path, db);
	CHECK_STR(config_str(&c, "currency", NULL), "GBP");
	config_release(&c);

	/* a $SHOP_CONFIG that cannot be read is an error, not defaults */
	{
		char err[2048];

		setenv("SHOP_CONFIG", "/nonexistent.yaml", 1);
		g_key = NULL;
		CHECK_INT(run_child(child_load, err, sizeof err), 65);
		CHECK_STR(err, "t_config: cannot read config '/nonexistent.yaml': "
			       "No such file or directory\n");
	}
	unsetenv("SHOP_CONFIG");
	unlink(yaml);
	unlink(other);
	rmdir(sub);
}

int
main(void)
{
	progname = "t_config";
	unsetenv("SHOP_CONFIG");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 70;
	}
	snprintf(path, sizeof path, "%s/t.yaml", dir);

	test_lookups();
	test_getter_errors();
	test_bad_files();
	test_empty_files();
	test_default_lookup();

	unlink(path);
	rmdir(dir);
	return unit_done();
}
