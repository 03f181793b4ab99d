#!/usr/bin/env bats
# Returns: shipped units come back (on hand again at the cost they left
# with, or not: --no-restock), then their money, as a refund gives it;
# requested, approved, received, closed.
load helper

# A 10.00 at cost 4.00; SO-1: C1 takes 3, pays 30.00; shipped
setup_order() {
	shop-product -q add A --name Apple --price 10 --cost 4 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku A --warehouse W1 --qty 10 --ref G1
	shop-order -q customer add C1 --name One
	shop-order -q create --customer C1 --line A:3 >/dev/null
	shop-order -q pay SO-1 --amount 30 --txn P1
	shop-order -q ship SO-1
}

@test "a return restocks at the cost the units left with, then refunds them" {
	setup_order
	# the cost moves on; the unit that comes back left at 4.00
	shop-product -q set A cost=6.00
	run -0 shop-order return SO-1 --line A:1 --reason "wrong size"
	[ "$output" = AS-1 ]
	run -0 shop-order lines --no-header
	[ "$output" = "SO-1,1,A,3,10.00,0.00,30.00,W1,3,1,1,10.00" ]
	run -0 shop-stock levels --no-header
	[ "$output" = "A,W1,8,0,0,8,,0" ]
	run -0 sql "select type, qty, unit_cost from movement where ref = 'AS-1'"
	[ "$output" = "customer_return|1|400" ]
	run -0 sql "select p.account, p.amount from posting p join journal j on j.id = p.journal_id where j.doc like '%AS-1' order by j.id, p.id"
	expect <<-EOF
	inventory|400
	cogs|-400
	refunds|1000
	cash|-1000
	EOF
	run -0 shop-order case list --status all --no-header
	[ "$output" = "AS-1,SO-1,return,closed,10.00,wrong size,$(id -un),2026-11-22T10:00:00Z,2026-11-22T10:00:00Z" ]
}

@test "--no-restock: the units come back off the shelf, the money still goes back" {
	setup_order
	run -0 shop-order return SO-1 --line A:2 --no-restock
	run -0 shop-stock levels --no-header
	[ "$output" = "A,W1,7,0,0,7,,0" ]
	run -0 sql "select count(*) from movement where ref = 'AS-1'"
	[ "$output" = 0 ]
	run -0 sql "select returned, refunded_qty, refunded from order_line"
	[ "$output" = "2|2|2000" ]
	run -2 shop-order return SO-1 --line A:1 --restock --no-restock
}

@test "requested: approve, then receive (the goods back, the money out), then close" {
	setup_order
	run -0 shop-order return SO-1 --line A:2 --request
	run -0 shop-order case approve AS-1
	run -0 sql "select returned, refunded from order_line"
	[ "$output" = "0|0" ]
	run -1 --separate-stderr shop-order case close AS-1
	[ "$stderr" = "shop-order: case AS-1 is approved; cannot close" ]
	run -0 shop-order case receive AS-1 --note "box opened, fine"
	run -0 --separate-stderr shop-order case receive AS-1
	[ "$stderr" = "shop-order: case AS-1 is refunded already; skipped" ]
	run -0 sql "select returned, refunded from order_line"
	[ "$output" = "2|2000" ]
	run -0 shop-order case close AS-1
	run -0 shop-stock levels --no-header
	[ "$output" = "A,W1,9,0,0,9,,0" ]
	shop-order -q refund SO-1 --request >/dev/null
	run -1 --separate-stderr shop-order case receive AS-2
	[ "$stderr" = "shop-order: case AS-2 is a refund: no goods to receive" ]
}

@test "a return names its units, never more than shipped and not back yet" {
	setup_order
	run -65 --separate-stderr shop-order return SO-1 --line A:0
	run -2 shop-order return SO-1
	run -1 --separate-stderr shop-order return SO-1 --line A:4
	[ "$stderr" = "shop-order: order SO-1: not 4 more shipped units of sku 'A' to return" ]
	shop-order -q return SO-1 --line A:3 >/dev/null
	run -1 --separate-stderr shop-order return SO-1 --line A:1
	[ "$stderr" = "shop-order: order SO-1 is refunded; cannot return" ]
}
