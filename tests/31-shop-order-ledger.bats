#!/usr/bin/env bats
# shop-order check: the money ledger's invariants. Silent and exit 0 while
# every journal entry sums to zero; each breach, made on a copy of the
# database (tamper), is one line and exit 1, in shop check too. The ledger
# is append-only. (Entries are written by hand here: orders come next.)
load helper

# an order of 118.00 for C1 (120.00 goods, 10.00 discount, 8.00 freight),
# then 100.00 paid: two balanced entries, journal 1 and 2
entries() {
	shop-order -q customer add C1 --name One
	sql "INSERT INTO journal (at, doc, os_user) VALUES ('2026-11-22T10:00:00Z', 'order SO-1', 'x');
		INSERT INTO posting (journal_id, account, amount) SELECT max(id), 'receivable:C1', 11800 FROM journal;
		INSERT INTO posting (journal_id, account, amount) SELECT max(id), 'discounts', 1000 FROM journal;
		INSERT INTO posting (journal_id, account, amount) SELECT max(id), 'sales', -12000 FROM journal;
		INSERT INTO posting (journal_id, account, amount) SELECT max(id), 'freight', -800 FROM journal;
		INSERT INTO journal (at, doc, os_user) VALUES ('2026-11-22T11:00:00Z', 'payment T-1', 'x');
		INSERT INTO posting (journal_id, account, amount) SELECT max(id), 'cash', 10000 FROM journal;
		INSERT INTO posting (journal_id, account, amount) SELECT max(id), 'receivable:C1', -10000 FROM journal"
}

@test "check: silent and exit 0 on a new database and on balanced entries" {
	shop init -q
	run -0 --separate-stderr shop-order check
	[ -z "$output" ]
	[ -z "$stderr" ]
	entries
	run -0 --separate-stderr shop-order check
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 --separate-stderr shop check
	[ -z "$output" ]
	# 118.00 - 100.00 still owed
	run -0 shop-order customer list --no-header
	[ "$output" = "C1,One,,,b2c,prepaid,,,,,,18.00" ]
	run -2 shop-order check now
	[ "$output" = "shop-order: unexpected argument 'now' (see 'shop-order check --help')" ]
}

@test "check: a posting changed by hand leaves its entry unbalanced" {
	entries
	# past the append-only trigger, as a hand with the database's own tool
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		tamper "ALTER TABLE posting DISABLE TRIGGER posting_no_change;
			UPDATE posting SET amount = 12000 WHERE account = 'receivable:C1' AND amount = 11800"
	else
		tamper "DROP TRIGGER posting_no_update;
			UPDATE posting SET amount = 12000 WHERE account = 'receivable:C1' AND amount = 11800"
	fi
	# 120.00 + 10.00 - 120.00 - 8.00 = 2.00
	run -1 --separate-stderr shop-order --db "$TAMPERED" check
	[ "$output" = "journal entry 1 (order SO-1): its postings sum to 2.00, not 0" ]
	[ "$stderr" = "shop-order: 1 money invariant violation" ]
	run -1 --separate-stderr shop check --db "$TAMPERED"
	[ "$output" = "journal entry 1 (order SO-1): its postings sum to 2.00, not 0" ]
	[ "$stderr" = "shop-order: 1 money invariant violation" ]
	run -1 shop-order --db "$TAMPERED" check --format jsonl -q
	[ "$output" = '{"violation":"journal entry 1 (order SO-1): its postings sum to 2.00, not 0"}' ]
}

@test "check: a posting added to an entry, one without an entry, an entry without postings" {
	entries
	tamper "INSERT INTO posting (journal_id, account, amount) VALUES (2, 'cash', -1);
		INSERT INTO posting (journal_id, account, amount) VALUES (99, 'cash', 500);
		INSERT INTO journal (at, doc, os_user) VALUES ('2026-11-22T12:00:00Z', 'order SO-2', 'x')"
	run -1 --separate-stderr shop-order --db "$TAMPERED" check
	expect <<-'EOF'
	journal entry 2 (payment T-1): its postings sum to -0.01, not 0
	posting 8 (cash): journal entry 99 does not exist
	journal entry 3 (order SO-2) has no postings
	EOF
	[ "$stderr" = "shop-order: 3 money invariant violations" ]
}

@test "check: a posting of 0" {
	entries
	tamper "INSERT INTO posting (journal_id, account, amount) VALUES (1, 'freight', 0)"
	run -1 shop-order --db "$TAMPERED" -q check
	[ "$output" = "posting 7 (freight) of journal entry 1 is 0" ]
}

@test "the ledger is append-only: an entry or a posting is never updated or deleted" {
	entries
	# the status is the client's: sqlite3 says 19 (a constraint), psql 1
	run sql "UPDATE posting SET amount = 1 WHERE id = 1"
	[ "$status" -ne 0 ]
	[[ $output == *"the money ledger is append-only"* ]]
	run sql "DELETE FROM posting WHERE id = 1"
	[ "$status" -ne 0 ]
	[[ $output == *"the money ledger is append-only"* ]]
	run sql "UPDATE journal SET doc = 'x' WHERE id = 1"
	[ "$status" -ne 0 ]
	[[ $output == *"the money ledger is append-only"* ]]
	run sql "DELETE FROM journal"
	[ "$status" -ne 0 ]
	[[ $output == *"the money ledger is append-only"* ]]
	run -0 sql "SELECT count(*) FROM posting"
	[ "$output" = 6 ]
}
