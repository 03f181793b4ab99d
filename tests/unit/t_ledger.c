/* t_ledger.c - unit tests of lib/ledger.c: the API orders, payments and
 * purchase orders post through (entries, balances, the check), driven in
 * one transaction on a scratch database. An entry that does not balance
 * is a bug: the child process that tries one dies 70 and writes nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "db.h"
#include "ledger.h"
#include "session.h"
#include "unit.h"

static char dir[] = "/tmp/t_ledger.XXXXXX";
static int violations;

static void
on_violation(const char *line, void *arg)
{
	(void)arg;
	violations++;
	printf("    violation: %s\n", line);
}

static int64_t
count(const char *sql)
{
	return db_int(db_prep(sql), -1);
}

static void
test_post_and_balance(void)
{
	/* an order of 120.00 goods + 8.00 freight - 10.00 discount = 118.00 */
	const struct posting order[] = {
		{ "receivable:C1", 11800 }, { "discounts", 1000 }, { "receivable:platform", 0 },
		{ "sales", -12000 }, { "freight", -800 },
	};
	/* 100.00 of it paid */
	const struct posting pay[] = { { "cash", 10000 }, { "receivable:C1", -10000 } };
	int64_t id;

	id = ledger_post("order SO-1", NULL, order, 5);
	CHECK(id > 0);
	/* the posting of 0 is left out */
	CHECK_INT(count("SELECT count(*) FROM posting"), 4);
	CHECK_INT(count("SELECT count(*) FROM posting WHERE account = 'receivable:platform'"), 0);
	CHECK(ledger_post("payment T-1", "by bank", pay, 2) > id);
	/* 118.00 - 100.00 */
	CHECK_INT(ledger_balance("receivable:C1"), 1800);
	CHECK_INT(ledger_balance("cash"), 10000);
	CHECK_INT(ledger_balance("sales"), -12000);
	CHECK_INT(ledger_balance("receivable:NOBODY"), 0);
	CHECK_INT(count("SELECT count(*) FROM journal WHERE doc = 'payment T-1' AND note = 'by bank' "
			"AND at = '2026-11-22T10:00:00Z' AND os_user = 'tester'"), 1);
	violations = 0;
	CHECK_INT(ledger_check(on_violation, NULL), 0);
}

static void
test_all_zero(void)
{
	const struct posting none[] = { { "cash", 0 }, { "receivable:C1", 0 } };
	int64_t before = count("SELECT count(*) FROM journal");

	CHECK_INT(ledger_post("payment T-0", NULL, none, 2), 0);
	CHECK_INT(ledger_post("payment T-0", NULL, none, 0), 0);
	CHECK_INT(count("SELECT count(*) FROM journal"), before);
}

static void
test_receivable(void)
{
	char buf[32], *s;

	CHECK_STR(ledger_receivable("C001", buf, sizeof buf), "receivable:C001");
	s = ledger_receivable("A-CUSTOMER-CODE-LONGER-THAN-THE-BUFFER", buf, sizeof buf);
	CHECK_STR(s, "receivable:A-CUSTOMER-CODE-LONGER-THAN-THE-BUFFER");
	CHECK(s != buf);
	free(s);
	s = ledger_receivable("C1", NULL, 0);
	CHECK_STR(s, "receivable:C1");
	free(s);
}

/* An entry of postings p[0..n) in a child: its exit status. */
static int
post_in_child(const struct posting *p, size_t n)
{
	pid_t pid;
	int st;

	fflush(stdout);
	if ((pid = fork()) == 0) {
		/* the message goes nowhere: the test expects it */
		if (!freopen("/dev/null", "w", stderr))
			_exit(1);
		ledger_post("order SO-BAD", NULL, p, n);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
test_unbalanced_dies(void)
{
	const struct posting off[] = { { "receivable:C1", 100 }, { "sales", -99 } };
	const struct posting over[] = { { "cash", INT64_MAX }, { "cash", 1 }, { "sales", 0 } };
	const struct posting noacct[] = { { "", 100 }, { "sales", -100 } };
	int64_t before = count("SELECT count(*) FROM journal");

	CHECK_INT(post_in_child(off, 2), 70);
	CHECK_INT(post_in_child(over, 3), 70);
	CHECK_INT(post_in_child(noacct, 2), 70);
	CHECK_INT(count("SELECT count(*) FROM journal"), before);
}

int
main(void)
{
	char path[600];

	if (!mkdtemp(dir)) {
		perror(dir);
		return 70;
	}
	setenv("SHOP_NOW", "2026-11-22T10:00:00Z", 1);
	snprintf(path, sizeof path, "%s/shop.db", dir);
	db_open(path, 1, "CNY", 2);
	S.user = "tester";
	S.digits = 2;
	db_begin(1);
	test_post_and_balance();
	test_all_zero();
	test_receivable();
	test_unbalanced_dies();
	db_commit();
	db_close();
	unlink(path);
	snprintf(path, sizeof path, "%s/shop.db-wal", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/shop.db-shm", dir);
	unlink(path);
	rmdir(dir);
	return unit_done();
}
