#!/usr/bin/env bats
# Exchanges: shipped units of a line come back (on hand again at the cost
# they left with) and as many units of another SKU go out in their place,
# only at the same unit price; no money moves. Requested, approved (the new
# SKU held), received (the old back, the new shipped), closed; or rejected.
load helper

# A and B 10.00 (cost 4.00 and 5.00), C 12.00; W1 before W2 by priority;
# A 10 in W1, B 1 in W1 and 5 in W2, C 10 in W1.
# SO-1: C1 takes 3 A, pays 30.00; shipped from W1.
setup_order() {
	shop-product -q add A --name Apple --price 10 --cost 4 --status active
	shop-product -q add B --name Banana --price 10 --cost 5 --status active
	shop-product -q add C --name Cherry --price 12 --cost 5 --status active
	shop-stock -q warehouse add W1 --name One --priority 1
	shop-stock -q warehouse add W2 --name Two --priority 2
	shop-stock -q receive --sku A --warehouse W1 --qty 10 --ref G1
	shop-stock -q receive --sku B --warehouse W1 --qty 1 --ref G2
	shop-stock -q receive --sku B --warehouse W2 --qty 5 --ref G3
	shop-stock -q receive --sku C --warehouse W1 --qty 10 --ref G4
	shop-order -q customer add C1 --name One
	shop-order -q create --customer C1 --line A:3 >/dev/null
	shop-order -q pay SO-1 --amount 30 --txn P1
	shop-order -q ship SO-1
}

@test "an exchange: the old units back at their cost, the new shipped where create would take it, no money" {
	setup_order
	run -0 shop-order exchange SO-1 --line A:2 --for B --reason "too small"
	[ "$output" = AS-1 ]
	# A: 10 - 3 shipped + 2 back; B: W1 cannot fill 2, W2 can
	run -0 shop-stock levels --no-header
	expect <<-EOF
	A,W1,9,0,0,9,,0
	B,W1,1,0,0,1,,0
	B,W2,3,0,0,3,,0
	C,W1,10,0,0,10,,0
	EOF
	run -0 shop-order lines --no-header
	[ "$output" = "SO-1,1,A,3,10.00,0.00,30.00,W1,3,2,0,0.00" ]
	run -0 sql "select type, qty, unit_cost from movement where ref = 'AS-1' order by id"
	expect <<-EOF
	customer_return|2|400
	shipment|-2|500
	EOF
	# 2 x 4.00 back into inventory, 2 x 5.00 out of it
	run -0 sql "select j.doc, p.account, p.amount from posting p join journal j on j.id = p.journal_id where j.doc like '%AS-1' order by j.id, p.id"
	expect <<-EOF
	return AS-1|inventory|800
	return AS-1|cogs|-800
	exchange AS-1|inventory|-1000
	exchange AS-1|cogs|1000
	EOF
	run -0 sql "select status, paid, refunded from orders"
	[ "$output" = "shipped|3000|0" ]
	run -0 sql "select count(*) from payment where kind = 'refund'"
	[ "$output" = 0 ]
	run -0 shop-order case list --status all --no-header
	[ "$output" = "AS-1,SO-1,exchange,closed,0.00,too small,$(id -un),2026-11-22T10:00:00Z,2026-11-22T10:00:00Z" ]
	run -0 shop-order case show AS-1 --format csv --no-header
	expect <<-EOF
	case,AS-1
	order,SO-1
	type,exchange
	status,closed
	amount,0.00
	reason,too small
	opened_by,$(id -un)
	opened_at,2026-11-22T10:00:00Z
	updated_at,2026-11-22T10:00:00Z
	line,line=1;sku=A;qty=2;amount=0.00
	for,sku=B;qty=2
	history,at=2026-11-22T10:00:00Z;user=$(id -un);status=requested;note=too small
	history,at=2026-11-22T10:00:00Z;user=$(id -un);status=approved
	history,at=2026-11-22T10:00:00Z;user=$(id -un);status=received
	history,at=2026-11-22T10:00:00Z;user=$(id -un);status=closed
	EOF
	# show ORDER lists its cases
	run -0 sh -c 'shop-order show SO-1 --format csv --no-header | grep "^case,"'
	[ "$output" = "case,case=AS-1;order=SO-1;type=exchange;status=closed;amount=0.00;reason=too small;opened_by=$(id -un);opened_at=2026-11-22T10:00:00Z;updated_at=2026-11-22T10:00:00Z" ]
	# the line's money is still its own: refunded whole, it gives 30.00 back
	run -0 shop-order refund SO-1
	run -0 sql "select refunded_qty, refunded from order_line"
	[ "$output" = "3|3000" ]
	run -0 shop check
	[ -z "$output" ]
}

@test "only at the same unit price: another price is refused naming both, nothing written" {
	setup_order
	run -1 --separate-stderr shop-order exchange SO-1 --line A:1 --for C
	[ "$stderr" = "shop-order: sku 'C' is 12.00 a unit, sku 'A' was 10.00: an exchange is at the same price; refund and order again" ]
	run -0 sql "select count(*) from after_sales"
	[ "$output" = 0 ]
	run -0 sql "select returned from order_line"
	[ "$output" = 0 ]
	run -0 shop-stock levels --no-header --sku C
	[ "$output" = "C,W1,10,0,0,10,,0" ]
	# C priced for C1 by its price list at the line's qty (3): 10.00 from 3
	printf '%s\n' customer,group,sku,min_qty,price C1,,C,3,10.00 | shop-product -q prices import
	run -0 shop-order exchange SO-1 --line A:1 --for C
	[ "$output" = AS-1 ]
	run -0 shop-stock levels --no-header --sku C
	[ "$output" = "C,W1,9,0,0,9,,0" ]
	# an agreed price: B at its list price 10.00 is not the 8.00 agreed
	shop-order -q create --customer C1 --line A:2:8 >/dev/null
	shop-order -q pay SO-2 --amount 16 --txn P2
	shop-order -q ship SO-2
	run -1 --separate-stderr shop-order exchange SO-2 --line A:1 --for B
	[ "$stderr" = "shop-order: sku 'B' is 10.00 a unit, sku 'A' was 8.00: an exchange is at the same price; refund and order again" ]
}

@test "requested: nothing moves; approve holds the new SKU, receive ships it, close" {
	setup_order
	run -0 shop-order exchange SO-1 --line A:1 --for B --request
	[ "$output" = AS-1 ]
	run -0 shop-stock levels --no-header --sku B
	expect <<-EOF
	B,W1,1,0,0,1,,0
	B,W2,5,0,0,5,,0
	EOF
	run -1 --separate-stderr shop-order case receive AS-1
	[ "$stderr" = "shop-order: case AS-1 is requested; cannot receive" ]
	run -0 shop-order case approve AS-1 --note "ok, send it back"
	# one unit: W1 fills it
	run -0 shop-stock levels --no-header --sku B
	expect <<-EOF
	B,W1,1,1,0,0,,0
	B,W2,5,0,0,5,,0
	EOF
	run -0 --separate-stderr shop-order case approve AS-1
	[ "$stderr" = "shop-order: case AS-1 is approved already; skipped" ]
	run -1 --separate-stderr shop-order case close AS-1
	[ "$stderr" = "shop-order: case AS-1 is approved; cannot close" ]
	run -0 sql "select returned from order_line"
	[ "$output" = 0 ]
	run -0 shop check
	[ -z "$output" ]
	run -0 shop-order case receive AS-1
	run -0 --separate-stderr shop-order case receive AS-1
	[ "$stderr" = "shop-order: case AS-1 is received already; skipped" ]
	run -0 sql "select returned from order_line"
	[ "$output" = 1 ]
	run -0 shop-stock levels --no-header
	expect <<-EOF
	A,W1,8,0,0,8,,0
	B,W1,0,0,0,0,,0
	B,W2,5,0,0,5,,0
	C,W1,10,0,0,10,,0
	EOF
	run -0 shop-order case list --no-header
	[ "$output" = "AS-1,SO-1,exchange,received,0.00,,$(id -un),2026-11-22T10:00:00Z,2026-11-22T10:00:00Z" ]
	run -0 shop-order case close AS-1
	run -0 --separate-stderr shop-order case close AS-1
	[ "$stderr" = "shop-order: case AS-1 is closed already; skipped" ]
	run -0 sql "select status from after_sales_event order by id"
	expect <<-EOF
	requested
	approved
	received
	closed
	EOF
}

@test "approve when the new SKU is short: refused, the case still requested; later it goes" {
	setup_order
	shop-order -q exchange SO-1 --line A:2 --for B --request >/dev/null
	# another customer takes every B meanwhile
	shop-order -q customer add C2 --name Two
	shop-order -q create --customer C2 --line B:6 >/dev/null
	run -1 --separate-stderr shop-order case approve AS-1
	[ "$stderr" = "shop-order: not enough stock of sku 'B': 0 available, 2 needed" ]
	run -0 sql "select status from after_sales"
	[ "$output" = requested ]
	run -0 sql "select count(*) from reservation where ref = 'AS-1'"
	[ "$output" = 0 ]
	shop-stock -q receive --sku B --warehouse W2 --qty 2 --ref G5
	run -0 shop-order case approve AS-1
	run -0 shop-stock levels --no-header --sku B --warehouse W2
	[ "$output" = "B,W2,7,7,0,0,,0" ]
}

@test "reject: a requested exchange, or an approved one whose goods never came (the new SKU let go)" {
	setup_order
	shop-order -q exchange SO-1 --line A:1 --for B --request >/dev/null
	shop-order -q exchange SO-1 --line A:1 --for B --request >/dev/null
	run -0 shop-order case reject AS-1 --note "changed their mind"
	run -0 shop-order case approve AS-2
	run -0 shop-stock levels --no-header --sku B --warehouse W1
	[ "$output" = "B,W1,1,1,0,0,,0" ]
	run -0 shop-order case reject AS-2 --note "nothing came back"
	run -0 shop-stock levels --no-header --sku B --warehouse W1
	[ "$output" = "B,W1,1,0,0,1,,0" ]
	run -0 --separate-stderr shop-order case reject AS-2
	[ "$stderr" = "shop-order: case AS-2 is rejected already; skipped" ]
	run -1 --separate-stderr shop-order case receive AS-2
	[ "$stderr" = "shop-order: case AS-2 is rejected; cannot receive" ]
	run -0 sql "select returned from order_line"
	[ "$output" = 0 ]
	shop-order -q exchange SO-1 --line A:1 --for B >/dev/null
	run -1 --separate-stderr shop-order case reject AS-3
	[ "$stderr" = "shop-order: case AS-3 is closed; cannot reject" ]
	run -0 shop-order case list --status rejected --no-header
	[ "${#lines[@]}" -eq 2 ]
}

@test "an exchange takes shipped units not back, not refunded; before shipment it is refused" {
	setup_order
	run -1 --separate-stderr shop-order exchange SO-1 --line A:4 --for B
	[ "$stderr" = "shop-order: order SO-1: not 4 more shipped units of sku 'A' to exchange" ]
	shop-order -q return SO-1 --line A:1 >/dev/null
	shop-order -q refund SO-1 --line A:1 >/dev/null
	# one unit back, another refunded (kept): one left to exchange
	run -1 --separate-stderr shop-order exchange SO-1 --line A:2 --for B
	[ "$stderr" = "shop-order: order SO-1: not 2 more shipped units of sku 'A' to exchange" ]
	run -0 shop-order exchange SO-1 --line A:1 --for B
	[ "$output" = AS-3 ]
	run -1 --separate-stderr shop-order exchange SO-1 --line A:1 --for B
	[ "$stderr" = "shop-order: order SO-1: not 1 more shipped units of sku 'A' to exchange" ]
	# not shipped yet: cancel it instead
	shop-order -q create --customer C1 --line A:1 >/dev/null
	shop-order -q pay SO-2 --amount 10 --txn P2
	run -1 --separate-stderr shop-order exchange SO-2 --line A:1 --for B
	[ "$stderr" = "shop-order: order SO-2 is confirmed; cannot exchange" ]
}

@test "exchange: bad input" {
	setup_order
	run -2 --separate-stderr shop-order exchange SO-1 --line A:1
	run -2 --separate-stderr shop-order exchange SO-1 --for B
	run -2 --separate-stderr shop-order exchange SO-1 --line A:1 --line A:1 --for B
	[ "$stderr" = "shop-order: an exchange takes one --line OLD:QTY" ]
	run -65 --separate-stderr shop-order exchange SO-1 --line A:0 --for B
	run -2 --separate-stderr shop-order exchange SO-1 --line A --for B
	run -3 --separate-stderr shop-order exchange SO-1 --line A:1 --for NOPE
	[ "$stderr" = "shop-order: unknown sku 'NOPE'" ]
	run -3 --separate-stderr shop-order exchange SO-1 --line C:1 --for B
	[ "$stderr" = "shop-order: order SO-1 has no line of sku 'C'" ]
	run -3 --separate-stderr shop-order exchange SO-9 --line A:1 --for B
	[ "$stderr" = "shop-order: unknown order 'SO-9'" ]
	shop-product -q set B status=inactive
	run -1 --separate-stderr shop-order exchange SO-1 --line A:1 --for B
	[ "$stderr" = "shop-order: sku 'B' is inactive" ]
	run -0 sql "select count(*) from after_sales"
	[ "$output" = 0 ]
	run -0 sql "select count(*) from movement where ref like 'AS-%'"
	[ "$output" = 0 ]
}

@test "check: an exchange that shipped other than its units" {
	setup_order
	shop-order -q exchange SO-1 --line A:2 --for B >/dev/null
	tamper "update after_sales_line set qty = 3"
	run -1 --separate-stderr shop-order --db "$TAMPERED" check --no-header
	[ "$output" = "case AS-1 (exchange, closed): 3 units, holds 0, shipped 2" ]
}

# bats test_tags=slow
@test "race: two processes exchange for the last unit of the new SKU: exactly one does" {
	setup_order
	shop-stock -q adjust --sku B --warehouse W2 --qty -5 --ref LOSS
	for p in 1 2; do
		( rc=0; shop-order -q exchange SO-1 --line A:1 --for B >/dev/null 2>"err.$p" || rc=$?; echo $rc > "rc.$p" ) &
	done
	wait
	run -0 sh -c 'cat rc.1 rc.2 | sort | tr "\n" " "'
	[ "$output" = "0 1 " ]
	run -0 sql "select returned from order_line"
	[ "$output" = 1 ]
	run -0 shop-stock levels --no-header --sku B
	expect <<-EOF
	B,W1,0,0,0,0,,0
	B,W2,0,0,0,0,,0
	EOF
}
