-- 005_ledger.sql - the money ledger (SPEC §3 "The money ledger"): double
-- entry, append-only. A journal entry is one money event (time, the
-- document such as 'order SO-12' or 'payment T-9', who, a note); its
-- postings move amounts between accounts ('cash', 'receivable:C001',
-- 'sales', ...), positive = debit, and sum to exactly zero. lib/ledger.c
-- writes them; `shop-order check` proves the sums.
CREATE TABLE journal (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	doc TEXT NOT NULL CHECK (doc <> ''),
	os_user TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT ''
);
-- @append-only journal: the money ledger is append-only

-- Amounts are BIGINT minor units; a posting of 0 is never written.
CREATE TABLE posting (
	id INTEGER PRIMARY KEY,
	journal_id INTEGER NOT NULL REFERENCES journal(id),
	account TEXT NOT NULL CHECK (account <> ''),
	amount BIGINT NOT NULL CHECK (amount <> 0)
);
CREATE INDEX posting_account ON posting(account);
CREATE INDEX posting_journal ON posting(journal_id);
-- @append-only posting: the money ledger is append-only
