#!/usr/bin/env bats
# shop-stock check: silent and exit 0 while every invariant holds; each
# breach, made by editing a copy of the database with sqlite3, is one line
# and exit 1. (The copy keeps the teardown's own check on $SHOP_DB green.)
load helper

seed() {
	shop-product add A --name "Widget A" --price 1
	shop-product add B --name "Widget B" --price 1
	shop-product add P --name "Pre-sale" --price 1 --backorder
	shop-stock warehouse add W1 --name One
	shop-stock warehouse add W2 --name Two
	printf 'sku,warehouse,qty,ref\nA,W1,10,GRN-1\nB,W1,5,GRN-1\nA,W2,3,GRN-1\n' |
		shop-stock -q receive
	shop-stock adjust --sku A --warehouse W1 --qty -1 --ref DMG-1
	shop-stock transfer --sku A --from W1 --to W2 --qty 2 --ref TR-1
	shop-stock pool create flash --sku B --warehouse W1 --qty 2
}


ids() { # the ids of sku $1 and warehouse $2
	sku=$(sql "select id from sku where sku = '$1'")
	wh=$(sql "select id from warehouse where code = '$2'")
}

@test "check: silent and exit 0 on a new and on a busy database" {
	shop init -q
	run -0 --separate-stderr shop-stock check
	[ -z "$output" ]
	[ -z "$stderr" ]
	seed
	run -0 --separate-stderr shop-stock check
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 shop check
	run -2 shop-stock check now
	[ "$output" = "shop-stock: unexpected argument 'now' (see 'shop-stock check --help')" ]
}

@test "check: on_hand that is not the sum of the movements" {
	seed
	tamper "update stock set on_hand = on_hand + 1 where warehouse_id = (select id from warehouse where code = 'W2')"
	run -1 --separate-stderr shop-stock --db "$TAMPERED" check
	[ "$output" = "sku 'A' in warehouse 'W2': on_hand is 6 but its movements sum to 5" ]
	[ "$stderr" = "shop-stock: 1 stock invariant violation" ]
	run -1 shop check --db "$TAMPERED"
}

@test "check: a movement written without its stock row" {
	seed
	tamper "insert into movement (sku_id, warehouse_id, type, qty, at, os_user, ref)
		select s.id, w.id, 'receipt', 4, 'x', 'x', 'HAND-1' from sku s, warehouse w
		where s.sku = 'B' and w.code = 'W2'"
	run -1 shop-stock --db "$TAMPERED" --quiet check
	[ "$output" = "sku 'B' in warehouse 'W2': on_hand is 0 but its movements sum to 4" ]
}

@test "check: reserved that is not the sum of the open reservations" {
	seed
	tamper "update stock set reserved = 2 where sku_id = (select id from sku where sku = 'A')
		and warehouse_id = (select id from warehouse where code = 'W1')"
	run -1 shop-stock --db "$TAMPERED" -q check
	[ "$output" = "sku 'A' in warehouse 'W1': reserved is 2 but its open reservations hold 0" ]
	ids A W2
	tamper "insert into reservation (ref, sku_id, warehouse_id, qty, held, created_at)
		values ('SO-1/1', $sku, $wh, 3, 3, 'x')"
	run -1 shop-stock --db "$TAMPERED" -q check
	[ "$output" = "sku 'A' in warehouse 'W2': reserved is 0 but its open reservations hold 3" ]
}

@test "check: allocated that is not what the open pools hold" {
	seed
	tamper "update pool set drawn = 1"
	run -1 shop-stock --db "$TAMPERED" -q check
	[ "$output" = "sku 'B' in warehouse 'W1': allocated is 2 but its open pools hold 1" ]
	tamper "update pool set status = 'released'"
	run -1 shop-stock --db "$TAMPERED" -q check
	[ "$output" = "sku 'B' in warehouse 'W1': allocated is 2 but its open pools hold 0" ]
}

@test "check: nothing negative" {
	seed
	ids A W1
	tamper "update stock set on_hand = -1, reserved = -2, allocated = -3 where sku_id = $sku and warehouse_id = $wh"
	run -1 shop-stock --db "$TAMPERED" -q check
	expect <<-EOF
	sku 'A' in warehouse 'W1': on_hand is -1 but its movements sum to 7
	sku 'A' in warehouse 'W1': reserved is -2 but its open reservations hold 0
	sku 'A' in warehouse 'W1': allocated is -3 but its open pools hold 0
	sku 'A' in warehouse 'W1': on_hand is negative (-1)
	sku 'A' in warehouse 'W1': reserved is negative (-2)
	sku 'A' in warehouse 'W1': allocated is negative (-3)
	EOF
}

@test "check: available below zero only for a backorder SKU" {
	seed
	ids A W1
	tamper "update stock set reserved = 9 where sku_id = $sku and warehouse_id = $wh;
		insert into reservation (ref, sku_id, warehouse_id, qty, held, created_at)
		values ('SO-1/1', $sku, $wh, 9, 9, 'x')"
	run -1 shop-stock --db "$TAMPERED" -q check
	[ "$output" = "sku 'A' in warehouse 'W1': available is negative (-2) and the sku does not allow backorder" ]
	# the same for a pre-sale SKU is allowed
	ids P W1
	tamper "insert into stock (sku_id, warehouse_id, reserved) values ($sku, $wh, 9);
		insert into reservation (ref, sku_id, warehouse_id, qty, held, created_at)
		values ('SO-1/1', $sku, $wh, 9, 9, 'x')"
	run -0 shop-stock --db "$TAMPERED" check
	[ -z "$output" ]
}

@test "check: every movement's sku and warehouse exist" {
	seed
	tamper "insert into stock (sku_id, warehouse_id, on_hand) values (99, 1, 5);
		insert into movement (sku_id, warehouse_id, type, qty, at, os_user, ref)
		values (99, 1, 'receipt', 5, 'x', 'x', 'HAND-1'), (1, 77, 'receipt', 5, 'x', 'x', 'HAND-2')"
	id1=$(sql_tampered "select id from movement where ref = 'HAND-1'")
	id2=$(sql_tampered "select id from movement where ref = 'HAND-2'")
	run -1 shop-stock --db "$TAMPERED" -q check
	expect <<-EOF
	sku 'A' in warehouse #77: on_hand is 0 but its movements sum to 5
	movement $id1: unknown sku #99
	movement $id2: unknown warehouse #77
	sku #99 in warehouse 'W1': stock row of an unknown sku or warehouse
	EOF
}

@test "check: a SKU deleted under its stock" {
	seed
	tamper "delete from sku where sku = 'B'"
	run -1 shop-stock --db "$TAMPERED" -q check
	expect <<-EOF
	movement 2: unknown sku #2
	sku #2 in warehouse 'W1': stock row of an unknown sku or warehouse
	pool 'flash': unknown sku or warehouse
	EOF
}

@test "check: rows that disagree with themselves" {
	seed
	ids A W1
	tamper "insert into movement (sku_id, warehouse_id, type, qty, at, os_user, ref)
		values ($sku, $wh, 'receipt', -2, 'x', 'x', 'HAND-1'), ($sku, $wh, 'shipment', 2, 'x', 'x', 'HAND-2');
		insert into reservation (ref, sku_id, warehouse_id, qty, held, shipped, status, created_at)
		values ('SO-1/1', $sku, $wh, 3, 1, 2, 'closed', 'x'), ('SO-2/1', $sku, $wh, 3, 0, 1, 'open', 'x');
		update pool set drawn = 5"
	m=$(sql_tampered "select min(id) from movement where ref like 'HAND-%'")
	run -1 shop-stock --db "$TAMPERED" -q check
	expect <<-EOF
	sku 'B' in warehouse 'W1': allocated is 2 but its open pools hold -3
	movement $m: receipt with qty -2
	movement $((m + 1)): shipment with qty 2
	reservation 'SO-1/1' of sku 'A': is closed but holds 1
	reservation 'SO-2/1' of sku 'A': held 0 + shipped 1 + released 0 is not its qty 3
	pool 'flash': drawn 5 is outside 0..2
	EOF
}
