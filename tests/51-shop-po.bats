#!/usr/bin/env bats
# Purchase orders: create and import, the states, deliveries (partial, over
# within the tolerance, samples), returns, supplier payments, payables, and
# what is on order; every figure by hand.
load helper

# A (list cost 4.00), B, C; warehouse W1; supplier ACME (lead 7 days) sells
# A at 3.50 (its code AC-A) and B at 2.00.
setup_po() {
	shop-product -q add A --name Apple --price 10 --cost 4 --status active
	shop-product -q add B --name Banana --price 5 --cost 2 --status active
	shop-product -q add C --name Cherry --price 8 --cost 3 --status active
	shop-stock -q warehouse add W1 --name One
	shop-po -q supplier add ACME --name "Acme Trading" --lead-days 7
	printf '%s\n' supplier,sku,supplier_sku,cost ACME,A,AC-A,3.50 ACME,B,,2.00 |
		shop-po -q supplier items import
}

# PO-1: 10 A at the item's 3.50, 4 B at 2.50 given: 35.00 + 10.00 = 45.00
create_po1() {
	shop-po -q create --supplier ACME --warehouse W1 --line A:10 --line B:4:2.50 --ref P-1 >/dev/null
}

@test "create: costs from the supplier's items or given; --ref again is skipped" {
	setup_po
	run -0 shop-po create --supplier ACME --warehouse W1 --line A:10 --line B:4:2.50 --ref P-1
	[ "$output" = PO-1 ]
	run -0 shop-po lines --no-header
	expect <<-EOF
	PO-1,A,10,3.50,0,0
	PO-1,B,4,2.50,0,0
	EOF
	run -0 shop-po list --no-header
	[ "$output" = "PO-1,P-1,ACME,W1,draft,2,14,0,45.00,2026-11-22T10:00:00Z," ]
	run -0 --separate-stderr shop-po create --supplier ACME --warehouse W1 --line A:1 --ref P-1
	[ "$output" = PO-1 ]
	[ "$stderr" = "shop-po: supplier 'ACME' has PO 'P-1' already (PO-1); skipped" ]
	# the supplier's code names our sku
	run -0 shop-po create --supplier ACME --warehouse W1 --line AC-A:5
	[ "$output" = PO-2 ]
	run -0 shop-po lines --po PO-2 --no-header
	[ "$output" = "PO-2,A,5,3.50,0,0" ]
	run -0 sql "select count(*) from po"
	[ "$output" = 2 ]
}

@test "create: bad input, one line each, nothing written" {
	setup_po
	run -3 --separate-stderr shop-po create --supplier NOPE --warehouse W1 --line A:1
	[ "$stderr" = "shop-po: unknown supplier 'NOPE'" ]
	run -3 --separate-stderr shop-po create --supplier ACME --warehouse W9 --line A:1
	[ "$stderr" = "shop-po: unknown warehouse 'W9'" ]
	run -3 --separate-stderr shop-po create --supplier ACME --warehouse W1 --line ZZ:1
	[ "$stderr" = "shop-po: unknown sku 'ZZ'" ]
	run -3 --separate-stderr shop-po create --supplier ACME --warehouse W1 --line C:1
	[ "$stderr" = "shop-po: supplier 'ACME' has no item 'C': give its cost" ]
	run -65 --separate-stderr shop-po create --supplier ACME --warehouse W1 --line A:1 --line AC-A:2
	[ "$stderr" = "shop-po: sku 'AC-A' is on line 1 already" ]
	run -65 --separate-stderr shop-po create --supplier ACME --warehouse W1 --line A:0
	[ "$stderr" = "shop-po: qty 0 is out of range (1 to 1000000000)" ]
	run -65 --separate-stderr shop-po create --supplier ACME --warehouse W1 --line A:1:x
	[ "$stderr" = "shop-po: bad line 'A:1:x': cost 'x': not a number" ]
	run -65 --separate-stderr shop-po create --supplier ACME --warehouse W1 --line A
	[ "$stderr" = "shop-po: bad line 'A': give SKU:QTY or SKU:QTY:COST" ]
	run -65 --separate-stderr shop-po create --supplier ACME --warehouse W1 --line A:1 --expected-at soon
	[[ $stderr == "shop-po: bad expected_at 'soon': "* ]]
	run -2 --separate-stderr shop-po create --supplier ACME --warehouse W1
	run -0 sql "select count(*) from po"
	[ "$output" = 0 ]
	# a sku with no item, its cost given
	run -0 shop-po create --supplier ACME --warehouse W1 --line C:3:2.75
	[ "$output" = PO-1 ]
}

@test "states: submit, cancel and close; other moves refused naming the state" {
	setup_po
	create_po1
	run -1 --separate-stderr shop-po receive PO-1 --line A:1 --ref DN-1
	[ "$stderr" = "shop-po: PO-1 is draft; cannot receive (submit it first)" ]
	run -1 --separate-stderr shop-po close PO-1
	[ "$stderr" = "shop-po: PO-1 is draft; cannot close (cancel it)" ]
	run -0 shop-po submit PO-1
	# due at the supplier's lead time: 7 days from now
	run -0 shop-po list --no-header
	[ "$output" = "PO-1,P-1,ACME,W1,submitted,2,14,0,45.00,2026-11-22T10:00:00Z,2026-11-29T10:00:00Z" ]
	run -0 --separate-stderr shop-po submit PO-1
	[ "$stderr" = "shop-po: PO-1 is submitted already; skipped" ]
	run -0 shop-po cancel PO-1
	run -0 --separate-stderr shop-po cancel PO-1
	[ "$stderr" = "shop-po: PO-1 is cancelled already; skipped" ]
	run -1 --separate-stderr shop-po submit PO-1
	[ "$stderr" = "shop-po: PO-1 is cancelled; cannot submit" ]
	run -1 --separate-stderr shop-po close PO-1
	[ "$stderr" = "shop-po: PO-1 is cancelled; cannot close" ]
	# with receipts: closed, not cancelled
	shop-po -q create --supplier ACME --warehouse W1 --line A:10 --expected-at 2026-12-05 >/dev/null
	shop-po -q submit PO-2
	shop-po -q receive PO-2 --line A:4 --ref DN-1
	run -1 --separate-stderr shop-po cancel PO-2
	[ "$stderr" = "shop-po: PO-2 is partially_received; cannot cancel (it has receipts: close it)" ]
	run -0 shop-stock levels --no-header
	[ "$output" = "A,W1,4,0,0,4,,6" ]
	run -0 shop-po close PO-2
	run -0 --separate-stderr shop-po close PO-2
	[ "$stderr" = "shop-po: PO-2 is closed already; skipped" ]
	# closed: nothing more on order, no more receipts
	run -0 shop-stock levels --no-header
	[ "$output" = "A,W1,4,0,0,4,,0" ]
	run -1 --separate-stderr shop-po receive PO-2 --line A:1 --ref DN-2
	[ "$stderr" = "shop-po: PO-2 is closed; cannot receive" ]
	run -0 sql "select status from po_event where po_id = 2 order by id"
	expect <<-EOF
	draft
	submitted
	partially_received
	closed
	EOF
	run -3 --separate-stderr shop-po submit PO-9
	[ "$stderr" = "shop-po: unknown PO 'PO-9'" ]
}

@test "receive: partial deliveries add up, on hand at the PO's cost, owed to the supplier" {
	setup_po
	create_po1
	shop-po -q submit PO-1
	run -0 shop-stock levels --no-header
	expect <<-EOF
	A,W1,0,0,0,0,,10
	B,W1,0,0,0,0,,4
	EOF
	run -0 shop-po receive PO-1 --line A:6 --ref DN-1
	run -0 shop-stock levels --no-header
	expect <<-EOF
	A,W1,6,0,0,6,,4
	B,W1,0,0,0,0,,4
	EOF
	run -0 sql "select status from po"
	[ "$output" = partially_received ]
	# 6 x 3.50 = 21.00 at the PO's cost, not the list cost 4.00
	run -0 sql "select type, qty, unit_cost, ref from movement where sku_id = (select id from sku where sku = 'A')"
	[ "$output" = "receipt|6|350|PO-1/DN-1" ]
	run -0 sql "select p.account, p.amount from posting p join journal j on j.id = p.journal_id where j.doc = 'po PO-1/DN-1' order by p.id"
	expect <<-EOF
	inventory|2100
	payable:ACME|-2100
	EOF
	run -0 --separate-stderr shop-po receive PO-1 --line A:6 --ref DN-1
	[ "$stderr" = "shop-po: delivery 'DN-1' of PO-1 is applied already; skipped" ]
	run -1 --separate-stderr shop-po receive PO-1 --line A:5 --ref DN-1
	[ "$stderr" = "shop-po: delivery 'DN-1' of PO-1 was applied with other lines" ]
	# the rest, by the supplier's code: received
	run -0 shop-po receive PO-1 --line AC-A:4 --line B:4 --ref DN-2
	run -0 shop-po list --no-header
	[ "$output" = "PO-1,P-1,ACME,W1,received,2,14,14,45.00,2026-11-22T10:00:00Z,2026-11-29T10:00:00Z" ]
	run -0 shop-stock levels --no-header
	expect <<-EOF
	A,W1,10,0,0,10,,0
	B,W1,4,0,0,4,,0
	EOF
	# 35.00 + 10.00 received, nothing paid
	run -0 shop-po payables --no-header
	[ "$output" = "ACME,45.00,0.00,0.00,45.00" ]
	run -0 shop-po show PO-1 --format csv --no-header
	expect <<-EOF
	po,PO-1
	po_ref,P-1
	supplier,ACME
	warehouse,W1
	status,received
	total,45.00
	paid,0.00
	note,
	created_at,2026-11-22T10:00:00Z
	submitted_at,2026-11-22T10:00:00Z
	expected_at,2026-11-29T10:00:00Z
	updated_at,2026-11-22T10:00:00Z
	line,line=1;sku=A;qty=10;cost=3.50;received=10;returned=0
	line,line=2;sku=B;qty=4;cost=2.50;received=4;returned=0
	delivery,kind=receipt;ref=DN-1;sku=A;qty=6;at=2026-11-22T10:00:00Z;user=$(id -un)
	delivery,kind=receipt;ref=DN-2;sku=A;qty=4;at=2026-11-22T10:00:00Z;user=$(id -un)
	delivery,kind=receipt;ref=DN-2;sku=B;qty=4;at=2026-11-22T10:00:00Z;user=$(id -un)
	history,at=2026-11-22T10:00:00Z;status=draft;user=$(id -un)
	history,at=2026-11-22T10:00:00Z;status=submitted;user=$(id -un)
	history,at=2026-11-22T10:00:00Z;status=partially_received;user=$(id -un);note=DN-1
	history,at=2026-11-22T10:00:00Z;status=received;user=$(id -un);note=DN-2
	EOF
}

@test "over-receipt: refused beyond po.over_receipt_tolerance, a percent rounded down to units" {
	setup_po
	create_po1
	shop-po -q submit PO-1
	run -1 --separate-stderr shop-po receive PO-1 --line A:11 --line B:1 --ref DN-1
	[ "$stderr" = "shop-po: PO-1, sku 'A': 10 ordered, 0 received, 11 more is over the tolerance (at most 10)" ]
	run -0 sql "select received from po_line order by line"
	expect <<-EOF
	0
	0
	EOF
	# 15% of 10 is 1.5: one unit over at most; of 4, 0.6: none
	printf 'po:\n  over_receipt_tolerance: 15%%\n' > shop.yaml
	run -0 shop-po --config shop.yaml receive PO-1 --line A:11 --ref DN-1
	run -1 --separate-stderr shop-po --config shop.yaml receive PO-1 --line A:1 --ref DN-2
	[ "$stderr" = "shop-po: PO-1, sku 'A': 10 ordered, 11 received, 1 more is over the tolerance (at most 11)" ]
	run -1 --separate-stderr shop-po --config shop.yaml receive PO-1 --line B:5 --ref DN-2
	[ "$stderr" = "shop-po: PO-1, sku 'B': 4 ordered, 0 received, 5 more is over the tolerance (at most 4)" ]
	run -0 shop-po --config shop.yaml receive PO-1 --line B:4 --ref DN-2
	# 11 x 3.50 = 38.50 + 4 x 2.50 = 10.00: the total counts what came over
	run -0 shop-po list --no-header
	[ "$output" = "PO-1,P-1,ACME,W1,received,2,14,15,48.50,2026-11-22T10:00:00Z,2026-11-29T10:00:00Z" ]
	run -0 shop-stock levels --no-header --sku A
	[ "$output" = "A,W1,11,0,0,11,,0" ]
}

@test "samples: a sku not ordered only with --allow-unordered, at cost 0, owed nothing" {
	setup_po
	create_po1
	shop-po -q submit PO-1
	run -1 --separate-stderr shop-po receive PO-1 --line C:2 --ref DN-1
	[ "$stderr" = "shop-po: sku 'C' is not on PO-1 (a sample: --allow-unordered receives it at cost 0)" ]
	run -0 shop-po receive PO-1 --line C:2 --line A:3 --ref DN-1 --allow-unordered
	run -0 shop-po lines --no-header
	expect <<-EOF
	PO-1,A,10,3.50,3,0
	PO-1,B,4,2.50,0,0
	PO-1,C,0,0.00,2,0
	EOF
	run -0 sql "select unit_cost from movement where sku_id = (select id from sku where sku = 'C')"
	[ "$output" = 0 ]
	# 3 x 3.50 = 10.50 owed; the sample nothing
	run -0 shop-po payables --no-header
	[ "$output" = "ACME,10.50,0.00,0.00,10.50" ]
	# the sample is on hand, not on order
	run -0 shop-stock levels --no-header --sku C
	[ "$output" = "C,W1,2,0,0,2,,0" ]
}

@test "receive FILE: by sku or the supplier's code, rows of a sku add up; bad rows refuse it whole" {
	setup_po
	create_po1
	shop-po -q submit PO-1
	printf '%s\n' supplier_sku,qty AC-A,3 AC-A,2 > bad.csv
	printf '%s\n' sku,supplier_sku,qty ,AC-A,3 B,,1 ,AC-A,2 > dn1.csv
	run -0 --separate-stderr shop-po receive PO-1 dn1.csv --ref DN-1
	[ "$stderr" = "shop-po: received 3 rows into PO-1 (DN-1)" ]
	run -0 shop-po lines --no-header
	expect <<-EOF
	PO-1,A,10,3.50,5,0
	PO-1,B,4,2.50,1,0
	EOF
	run -0 --separate-stderr shop-po receive PO-1 dn1.csv --ref DN-1
	[ "$stderr" = "shop-po: delivery 'DN-1' of PO-1 is applied already; skipped" ]
	printf '%s\n' sku,qty A,1 B,x > bad.csv
	run -65 --separate-stderr shop-po receive PO-1 bad.csv --ref DN-2
	[ "$stderr" = "shop-po: bad.csv:3: bad qty 'x': not a whole number" ]
	printf '%s\n' sku,qty A,1 ZZ,1 > bad.csv
	run -3 --separate-stderr shop-po receive PO-1 bad.csv --ref DN-2
	[ "$stderr" = "shop-po: bad.csv:3: unknown sku 'ZZ'" ]
	printf '%s\n' sku,qty A,1 C,1 > bad.csv
	run -1 --separate-stderr shop-po receive PO-1 bad.csv --ref DN-2
	[ "$stderr" = "shop-po: bad.csv:3: sku 'C' is not on PO-1 (a sample: --allow-unordered receives it at cost 0)" ]
	run -2 --separate-stderr shop-po receive PO-1 dn1.csv --ref DN-3 --line A:1
	run -0 sql "select count(*) from po_delivery"
	[ "$output" = 1 ]
	printf '%s\n' sku,qty A,1 | run -0 shop-po receive PO-1 - --ref DN-4
	run -0 sql "select received from po_line where line = 1"
	[ "$output" = 6 ]
}

@test "return: received units go back at the line's cost, closed POs included; never more" {
	setup_po
	create_po1
	shop-po -q submit PO-1
	shop-po -q receive PO-1 --line A:6 --ref DN-1
	run -1 --separate-stderr shop-po return PO-1 --line B:1 --ref R-1
	[ "$stderr" = "shop-po: PO-1, sku 'B': 0 received and not returned, cannot return 1" ]
	shop-po -q close PO-1
	run -0 shop-po return PO-1 --line A:2 --ref R-1
	run -0 shop-stock levels --no-header --sku A
	[ "$output" = "A,W1,4,0,0,4,,0" ]
	run -0 sql "select type, qty, unit_cost, ref from movement where type = 'purchase_return'"
	[ "$output" = "purchase_return|-2|350|PO-1/R-1" ]
	run -0 sql "select p.account, p.amount from posting p join journal j on j.id = p.journal_id where j.doc = 'po return PO-1/R-1' order by p.id"
	expect <<-EOF
	inventory|-700
	payable:ACME|700
	EOF
	run -0 --separate-stderr shop-po return PO-1 --line A:2 --ref R-1
	[ "$stderr" = "shop-po: return 'R-1' of PO-1 is applied already; skipped" ]
	run -1 --separate-stderr shop-po return PO-1 --line A:5 --ref R-2
	[ "$stderr" = "shop-po: PO-1, sku 'A': 4 received and not returned, cannot return 5" ]
	run -1 --separate-stderr shop-po return PO-1 --line C:1 --ref R-2
	[ "$stderr" = "shop-po: sku 'C' is not on PO-1" ]
	# 6 x 3.50 = 21.00 received, 2 x 3.50 = 7.00 back
	run -0 shop-po payables --no-header
	[ "$output" = "ACME,21.00,7.00,0.00,14.00" ]
	run -0 shop-po lines --no-header --po PO-1
	expect <<-EOF
	PO-1,A,10,3.50,6,2
	PO-1,B,4,2.50,0,0
	EOF
	shop-po -q create --supplier ACME --warehouse W1 --line A:1 >/dev/null
	run -1 --separate-stderr shop-po return PO-2 --line A:1 --ref R-3
	[ "$stderr" = "shop-po: PO-2 is draft; cannot return (nothing received)" ]
}

@test "pay: up to the PO's total, a txn once; payables and the ledger agree" {
	setup_po
	create_po1
	run -1 --separate-stderr shop-po pay PO-1 --amount 10 --txn T-0
	[ "$stderr" = "shop-po: PO-1 is draft; cannot pay" ]
	shop-po -q submit PO-1
	run -0 shop-po pay PO-1 --amount 20 --txn T-1 --method bank
	run -0 --separate-stderr shop-po pay PO-1 --amount 20 --txn T-1
	[ "$stderr" = "shop-po: txn 'T-1' is applied already; skipped" ]
	run -1 --separate-stderr shop-po pay PO-1 --amount 30 --txn T-1
	[ "$stderr" = "shop-po: txn 'T-1' is applied already to another PO or amount" ]
	# 45.00 - 20.00 = 25.00 left
	run -1 --separate-stderr shop-po pay PO-1 --amount 25.01 --txn T-2
	[ "$stderr" = "shop-po: PO-1: 20.00 paid of its total 45.00; cannot pay 25.01 more" ]
	run -0 shop-po pay PO-1 --amount 25 --txn T-2
	run -65 --separate-stderr shop-po pay PO-1 --amount 0 --txn T-3
	[ "$stderr" = "shop-po: the amount must be more than 0" ]
	shop-po -q receive PO-1 --line A:10 --ref DN-1
	# paid before it came: we owe 35.00 - 45.00
	run -0 shop-po payables --no-header
	[ "$output" = "ACME,35.00,0.00,45.00,-10.00" ]
	run -0 sql "select sum(amount) from posting where account = 'payable:ACME'"
	[ "$output" = 1000 ]
	run -0 sql "select sum(amount) from posting where account = 'cash'"
	[ "$output" = -4500 ]
	run -0 shop check
	[ -z "$output" ]
}

@test "import: rows grouped by supplier and po_ref anywhere; a bad PO rejected whole; re-run skipped" {
	setup_po
	cat > pos.csv <<-EOF
	po_ref,supplier,warehouse,sku,supplier_sku,qty,cost,expected_at
	R-1,ACME,W1,A,,10,,2026-12-01
	R-2,ACME,W1,ZZ,,1,1.00,
	R-1,ACME,W1,,,4,2.40,2026-12-01
	R-2,ACME,W1,B,,2,,
	R-3,ACME,W1,,AC-A,7,,
	EOF
	run -1 --separate-stderr shop-po import pos.csv --rejects rej.csv
	[ "${stderr_lines[0]}" = "shop-po: pos.csv:4: a line needs a sku or a supplier_sku" ]
	[ "${stderr_lines[1]}" = "shop-po: pos.csv:3: unknown sku 'ZZ'" ]
	[ "${stderr_lines[2]}" = "shop-po: imported 1 purchase order (1 line), skipped 0, rejected 2" ]
	run -0 shop-po lines --no-header
	[ "$output" = "PO-1,A,7,3.50,0,0" ]
	run -0 cat rej.csv
	expect <<-EOF
	po_ref,supplier,warehouse,sku,supplier_sku,qty,cost,expected_at,error
	R-1,ACME,W1,A,,10,,2026-12-01,a line needs a sku or a supplier_sku
	R-1,ACME,W1,,,4,2.40,2026-12-01,a line needs a sku or a supplier_sku
	R-2,ACME,W1,ZZ,,1,1.00,,unknown sku 'ZZ'
	R-2,ACME,W1,B,,2,,,unknown sku 'ZZ'
	EOF
	sed -i 's/^R-1,ACME,W1,,,4/R-1,ACME,W1,B,,4/; s/,ZZ,/,C,/' pos.csv
	run -0 --separate-stderr shop-po import pos.csv
	[ "$stderr" = "shop-po: imported 2 purchase orders (4 lines), skipped 1, rejected 0" ]
	run -0 --separate-stderr shop-po import pos.csv
	[ "$stderr" = "shop-po: imported 0 purchase orders (0 lines), skipped 3, rejected 0" ]
	run -0 shop-po list --no-header
	expect <<-EOF
	PO-1,R-3,ACME,W1,draft,1,7,0,24.50,2026-11-22T10:00:00Z,
	PO-2,R-1,ACME,W1,draft,2,14,0,44.60,2026-11-22T10:00:00Z,2026-12-01T00:00:00Z
	PO-3,R-2,ACME,W1,draft,2,3,0,5.00,2026-11-22T10:00:00Z,
	EOF
}

@test "check: a line whose received is not its deliveries'" {
	setup_po
	create_po1
	shop-po -q submit PO-1
	shop-po -q receive PO-1 --line A:6 --ref DN-1
	tamper "update po_line set received = 7 where line = 1"
	run -1 --separate-stderr shop-po --db "$TAMPERED" check --no-header
	expect <<-EOF
	PO-1 line 1: received 7, returned 0, its deliveries 6 and 0
	PO-1 line 1: received less returned 7, its movements 6
	EOF
}

# bats test_tags=slow
@test "race: two processes receive the same delivery at once: it is applied once" {
	setup_po
	create_po1
	shop-po -q submit PO-1
	for p in 1 2; do
		( rc=0; shop-po -q receive PO-1 --line A:6 --ref DN-1 2>"err.$p" || rc=$?; echo $rc > "rc.$p" ) &
	done
	wait
	run -0 sh -c 'cat rc.1 rc.2 | tr "\n" " "'
	[ "$output" = "0 0 " ]
	run -0 sql "select received from po_line where line = 1"
	[ "$output" = 6 ]
	run -0 shop-stock levels --no-header --sku A
	[ "$output" = "A,W1,6,0,0,6,,4" ]
}
