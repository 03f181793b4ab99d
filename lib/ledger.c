/* ledger.c - the money ledger: journal entries, balances, the check
 * (see ledger.h) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "err.h"
#include "ledger.h"
#include "money.h"
#include "parse.h"
#include "session.h"
#include "strmap.h"
#include "util.h"

/* Is the account's balance kept as it changes (a customer's receivable)? */
static int
kept(const char *account)
{
	size_t n = strlen(LEDGER_RECEIVABLE);

	return !strncmp(account, LEDGER_RECEIVABLE, n) && strcmp(account + n, "platform") != 0;
}

int64_t
ledger_post(const char *doc, const char *note, const struct posting *p, size_t n)
{
	return ledger_post_at(shop_now(), doc, note, p, n);
}

/* A journal entry's postings, checked: how many are not 0 (0: nothing
 * to write). Anything else than a balanced entry is a bug: die 70. */
static size_t
entry_check(const char *doc, const struct posting *p, size_t n)
{
	int64_t sum = 0;
	size_t i, nonzero = 0;

	if (!doc || !*doc)
		die(EX_INTERNAL, "ledger: a journal entry without a document");
	for (i = 0; i < n; i++) {
		if (!p[i].account || !*p[i].account)
			die(EX_INTERNAL, "ledger: entry '%s': a posting without an account", doc);
		if (__builtin_add_overflow(sum, p[i].amount, &sum))
			die(EX_INTERNAL, "ledger: entry '%s': postings overflow", doc);
		nonzero += p[i].amount != 0;
	}
	if (sum != 0) {
		char m[MONEY_BUFSZ];
		die(EX_INTERNAL, "ledger: entry '%s' does not balance: its postings sum to %s", doc,
		    money_format(sum, S.digits, m));
	}
	return nonzero;
}

int64_t
ledger_post_at(int64_t at, const char *doc, const char *note, const struct posting *p, size_t n)
{
	char ts[TIME_BUFSZ];
	int64_t id;
	size_t i;
	db_stmt *st;

	if (!entry_check(doc, p, n))
		return 0;
	st = db_prep("INSERT INTO journal (at, doc, os_user, note) VALUES (?1, ?2, ?3, ?4) "
		     "RETURNING id");
	db_bind_text(st, 1, format_time(at, ts));
	db_bind_text(st, 2, doc);
	db_bind_text(st, 3, S.user ? S.user : session_os_user());
	db_bind_text(st, 4, note ? note : "");
	id = db_int(st, -1);
	if (id < 0)
		die(EX_INTERNAL, "ledger: entry '%s' was not written", doc);
	st = db_prep("INSERT INTO posting (journal_id, account, amount) VALUES (?1, ?2, ?3)");
	for (i = 0; i < n; i++) {
		if (p[i].amount == 0)
			continue;
		db_bind_int(st, 1, id);
		db_bind_text(st, 2, p[i].account);
		db_bind_int(st, 3, p[i].amount);
		db_run(st);
		if (kept(p[i].account)) {
			db_stmt *b = db_prep("INSERT INTO account_balance (account, balance) "
					     "VALUES (?1, ?2) ON CONFLICT (account) DO UPDATE "
					     "SET balance = account_balance.balance + excluded.balance");

			db_bind_text(b, 1, p[i].account);
			db_bind_int(b, 2, p[i].amount);
			db_run(b);
		}
	}
	return id;
}

/* ---- many entries at once ---- */

struct lq_entry {
	size_t at, doc, note;   /* offsets in text: the time, the document, the note */
	size_t first, n;        /* its postings: p[first .. first + n) */
};

struct lq_posting {
	size_t account;         /* offset in text */
	int64_t amount;
};

void
ledger_queue_at(struct ledger_queue *q, int64_t at, const char *doc, const char *note,
		const struct posting *p, size_t n)
{
	char ts[TIME_BUFSZ];
	struct lq_entry *e;
	size_t i;

	if (!entry_check(doc, p, n))
		return;
	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 256;
		q->e = xrealloc(q->e, q->cap * sizeof *q->e);
	}
	e = &q->e[q->n++];
	format_time(at, ts);
	e->at = q->text.len;
	sbuf_add(&q->text, ts, strlen(ts) + 1);
	e->doc = q->text.len;
	sbuf_add(&q->text, doc, strlen(doc) + 1);
	e->note = q->text.len;
	note = note ? note : "";
	sbuf_add(&q->text, note, strlen(note) + 1);
	e->first = q->np;
	e->n = 0;
	for (i = 0; i < n; i++) {
		if (!p[i].amount)
			continue;
		if (q->np == q->pcap) {
			q->pcap = q->pcap ? 2 * q->pcap : 1024;
			q->p = xrealloc(q->p, q->pcap * sizeof *q->p);
		}
		q->p[q->np].account = q->text.len;
		sbuf_add(&q->text, p[i].account, strlen(p[i].account) + 1);
		q->p[q->np++].amount = p[i].amount;
		e->n++;
	}
}

void
ledger_flush(struct ledger_queue *q)
{
	const char *user = S.user ? S.user : session_os_user();
	struct strmap sums = STRMAP_INIT(0);
	int64_t *ids;
	size_t i, j;

	if (!q->n)
		return;
	ids = xcalloc(q->n, sizeof *ids);
	db_next_ids("journal", q->n, ids);
	db_copy_begin("journal", "id, at, doc, os_user, note", 5);
	for (i = 0; i < q->n; i++) {
		db_copy_int(ids[i]);
		db_copy_text(q->text.s + q->e[i].at);
		db_copy_text(q->text.s + q->e[i].doc);
		db_copy_text(user);
		db_copy_text(q->text.s + q->e[i].note);
		db_copy_row_end();
	}
	if (!db_copy_end())
		die(EX_INTERNAL, "ledger: a fresh journal id was taken");
	db_copy_begin("posting", "journal_id, account, amount", 3);
	for (i = 0; i < q->n; i++)
		for (j = q->e[i].first; j < q->e[i].first + q->e[i].n; j++) {
			const char *acct = q->text.s + q->p[j].account;

			db_copy_int(ids[i]);
			db_copy_text(acct);
			db_copy_int(q->p[j].amount);
			db_copy_row_end();
			if (kept(acct))
				strmap_at(&sums, acct)->val += q->p[j].amount;
		}
	db_copy_end();
	/* the kept balances: one upsert, in account order so that concurrent
	 * writers lock the rows alike */
	if (sums.n) {
		db_temp_table("stage_balance", "CREATE TEMP TABLE IF NOT EXISTS stage_balance ("
					       "account TEXT NOT NULL, amount BIGINT NOT NULL)");
		db_copy_begin("stage_balance", "account, amount", 2);
		for (i = 0; i < sums.cap; i++) {
			if (!sums.v[i].key)
				continue;
			db_copy_text(sums.arena.s + sums.v[i].key - 1);
			db_copy_int(sums.v[i].val);
			db_copy_row_end();
		}
		db_copy_end();
		db_run(db_prep("INSERT INTO account_balance (account, balance) "
			       "SELECT account, amount FROM stage_balance WHERE true ORDER BY account "
			       "ON CONFLICT (account) DO UPDATE "
			       "SET balance = account_balance.balance + excluded.balance"));
	}
	strmap_release(&sums);
	free(ids);
	q->n = q->np = 0;
	sbuf_reset(&q->text);
}

void
ledger_queue_release(struct ledger_queue *q)
{
	free(q->e);
	free(q->p);
	sbuf_release(&q->text);
	memset(q, 0, sizeof *q);
}

int64_t
ledger_balance(const char *account)
{
	db_stmt *st;

	if (kept(account))
		st = db_prep("SELECT balance FROM account_balance WHERE account = ?1");
	else
		st = db_prep("SELECT COALESCE(SUM(amount), 0) FROM posting WHERE account = ?1");
	db_bind_text(st, 1, account);
	return db_int(st, 0);
}

int64_t
ledger_balance_locked(const char *account)
{
	db_stmt *st;

	if (!kept(account))
		return ledger_balance(account);
	/* a write that changes nothing takes the row's lock until commit */
	st = db_prep("INSERT INTO account_balance (account, balance) VALUES (?1, 0) "
		     "ON CONFLICT (account) DO UPDATE SET balance = account_balance.balance");
	db_bind_text(st, 1, account);
	db_run(st);
	return ledger_balance(account);
}

/* "PREFIX" CODE in buf, or malloc'd when buf is NULL or too small */
static char *
party_account(const char *prefix, const char *code, char *buf, size_t size)
{
	size_t need = strlen(prefix) + strlen(code) + 1;

	if (!buf || size < need)
		return xasprintf("%s%s", prefix, code);
	snprintf(buf, size, "%s%s", prefix, code);
	return buf;
}

char *
ledger_receivable(const char *customer_code, char *buf, size_t size)
{
	return party_account(LEDGER_RECEIVABLE, customer_code, buf, size);
}

char *
ledger_payable(const char *supplier_code, char *buf, size_t size)
{
	return party_account(LEDGER_PAYABLE, supplier_code, buf, size);
}

/* ---- the check ---- */

/* Each query yields one text column: a violation, already worded. */
static const char *const checks[] = {
	/* every posting belongs to an entry (a foreign key holds it; a hand
	 * with sqlite3 or a replica-mode session does not) */
	"SELECT 'posting ' || p.id || ' (' || p.account || '): journal entry ' || p.journal_id "
	"|| ' does not exist' FROM posting p "
	"WHERE NOT EXISTS (SELECT 1 FROM journal j WHERE j.id = p.journal_id) ORDER BY p.id",
	"SELECT 'posting ' || id || ' (' || account || ') of journal entry ' || journal_id "
	"|| ' is 0' FROM posting WHERE amount = 0 ORDER BY id",
	"SELECT 'journal entry ' || j.id || ' (' || j.doc || ') has no postings' FROM journal j "
	"WHERE NOT EXISTS (SELECT 1 FROM posting p WHERE p.journal_id = j.id) ORDER BY j.id",
	/* the balances kept as they change are the sums of their postings */
	"SELECT 'account ''' || COALESCE(b.account, p.account) || ''': balance ' || "
	"COALESCE(b.balance, 0) || ' kept, its postings sum to ' || COALESCE(p.total, 0) || "
	"' (minor units)' FROM account_balance b FULL JOIN (SELECT account, SUM(amount) AS total "
	"FROM posting WHERE substr(account, 1, 11) = 'receivable:' AND account <> "
	"'receivable:platform' GROUP BY account) p ON p.account = b.account "
	"WHERE COALESCE(b.balance, 0) <> COALESCE(p.total, 0) "
	"ORDER BY COALESCE(b.account, p.account)",
};

size_t
ledger_check(void (*report)(const char *violation, void *arg), void *arg)
{
	char m[MONEY_BUFSZ], *line;
	size_t n = 0;
	db_stmt *st;

	/* every entry sums to zero; the sum is an amount, formatted here */
	st = db_prep("SELECT j.id, j.doc, s.total FROM journal j JOIN (SELECT journal_id, "
		     "SUM(amount) AS total FROM posting GROUP BY journal_id) s "
		     "ON s.journal_id = j.id WHERE s.total <> 0 ORDER BY j.id");
	while (db_step(st)) {
		line = xasprintf("journal entry %lld (%s): its postings sum to %s, not 0",
				 (long long)db_col_int(st, 0), db_col_text(st, 1),
				 money_format(db_col_int(st, 2), S.digits, m));
		report(line, arg);
		free(line);
		n++;
	}
	return n + db_report(checks, sizeof checks / sizeof checks[0], report, arg);
}
