#!/usr/bin/env bats
# shop-order check: the money ledger's invariants. Silent and exit 0 while
# every journal entry sums to zero; each breach, made on a copy of the
# database (tamper), is one line and exit 1, in shop check too. The ledger
# is append-only.
load helper

# an order of 120.00 for C1 (2 x 60.00, no cost: the receipt posts
# nothing), then 100.00 paid: two balanced entries, journal 1 (postings 1
# receivable:C1 +12000, 2 sales -12000) and 2 (3 cash +10000, 4
# receivable:C1 -10000)
entries() {
	shop-order -q customer add C1 --name One
	shop-product -q add P1 --name One --price 60 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku P1 --warehouse W1 --qty 10 --ref R1
	shop-order -q create --customer C1 --line P1:2 >/dev/null
	shop-order -q pay SO-1 --amount 100.00 --txn T-1
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
	# 120.00 - 100.00 still owed
	run -0 shop-order customer list --no-header
	[ "$output" = "C1,One,,,b2c,prepaid,,,,,,20.00" ]
	run -2 shop-order check now
	[ "$output" = "shop-order: unexpected argument 'now' (see 'shop-order check --help')" ]
}

@test "check: a posting changed by hand leaves its entry unbalanced" {
	entries
	# past the append-only trigger, as a hand with the database's own tool
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		tamper "ALTER TABLE posting DISABLE TRIGGER posting_no_change;
			UPDATE posting SET amount = 12200 WHERE account = 'receivable:C1' AND amount = 12000"
	else
		tamper "DROP TRIGGER posting_no_update;
			UPDATE posting SET amount = 12200 WHERE account = 'receivable:C1' AND amount = 12000"
	fi
	# 122.00 - 120.00 = 2.00; and C1 now owes 122.00 - 100.00 = 22.00 by
	# its postings, 20.00 by the balance kept as it changed and by its
	# orders and payments (120.00 - 100.00)
	run -1 --separate-stderr shop-order --db "$TAMPERED" check
	expect <<-'EOF'
	journal entry 1 (order SO-1): its postings sum to 2.00, not 0
	account 'receivable:C1': balance 2000 kept, its postings sum to 2200 (minor units)
	customer 'C1': the ledger says it owes 2200, its orders and payments 2000 (minor units)
	EOF
	[ "$stderr" = "shop-order: 3 money invariant violations" ]
	run -1 --separate-stderr shop check --db "$TAMPERED"
	[ "${lines[0]}" = "journal entry 1 (order SO-1): its postings sum to 2.00, not 0" ]
	[ "$stderr" = "shop-order: 3 money invariant violations" ]
	run -1 shop-order --db "$TAMPERED" check --format jsonl -q
	[ "${lines[0]}" = '{"violation":"journal entry 1 (order SO-1): its postings sum to 2.00, not 0"}' ]
}

@test "check: a posting added to an entry, one without an entry, an entry without postings" {
	entries
	tamper "INSERT INTO posting (journal_id, account, amount) VALUES (2, 'cash', -1);
		INSERT INTO posting (journal_id, account, amount) VALUES (99, 'cash', 500);
		INSERT INTO journal (at, doc, os_user) VALUES ('2026-11-22T12:00:00Z', 'order SO-2', 'x')"
	run -1 --separate-stderr shop-order --db "$TAMPERED" check
	expect <<-'EOF'
	journal entry 2 (payment T-1): its postings sum to -0.01, not 0
	posting 6 (cash): journal entry 99 does not exist
	journal entry 3 (order SO-2) has no postings
	EOF
	[ "$stderr" = "shop-order: 3 money invariant violations" ]
}

@test "check: a posting of 0" {
	entries
	tamper "INSERT INTO posting (journal_id, account, amount) VALUES (1, 'freight', 0)"
	run -1 shop-order --db "$TAMPERED" -q check
	[ "$output" = "posting 5 (freight) of journal entry 1 is 0" ]
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
	[ "$output" = 4 ]
}
