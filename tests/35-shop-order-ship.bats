#!/usr/bin/env bats
# shop-order: what happens after an order is placed and paid — pick lists,
# shipments (and the goods' cost they post), delivery, completion; split
# after stock moved; activity stock drawn from a channel's pool; freight
# and parcels from the config's templates; order numbers completed.
load helper

# Two warehouses (W1 first), two SKUs: A at 10.00 (cost 6.00, 300 g), B at
# 2.50 (no cost, 100 g); a prepaid customer P and a credit customer K.
catalogue() {
	printf 'sku,name,price,cost,weight_g,status\nA,Apple,10.00,6.00,300,active\nB,Banana,2.50,,100,active\n' |
		shop-product -q import
	printf 'code,name,priority\nW1,One,1\nW2,Two,2\n' | shop-stock -q warehouse import
	shop-order -q customer add P --name Prepaid
	shop-order -q customer add K --name Credit --terms credit
}

@test "pick by sku and by order; the order pick list with carrier and tracking is ship input" {
	catalogue
	shop-stock -q receive --sku A --warehouse W1 --qty 5 --ref R1
	shop-stock -q receive --sku A --warehouse W2 --qty 5 --ref R2
	shop-stock -q receive --sku B --warehouse W2 --qty 50 --ref R3
	# SO-1: A 7 = W1 5 + W2 2 (split), B 4 in W2; credit: confirmed at once
	run -0 shop-order create --customer K --line A:7 --line B:4
	[ "$output" = SO-1 ]
	# SO-2: prepaid and unpaid: not on the pick list
	run -0 shop-order create --customer P --line B:10
	[ "$output" = SO-2 ]
	run -0 shop-order pick --no-header
	# W1: A 5 (1 order); W2: B 4, then A 2 (most first)
	expect <<-'EOF'
	W1,A,Apple,5,1
	W2,B,Banana,4,1
	W2,A,Apple,2,1
	EOF
	run -0 shop-order pick --warehouse W2 --by order
	expect <<-'EOF'
	order,warehouse,sku,qty
	SO-1,W2,A,2
	SO-1,W2,B,4
	EOF
	run -3 shop-order pick --warehouse W9
	[ "$output" = "shop-order: unknown warehouse 'W9'" ]
	run -2 shop-order pick --by day
	shop-order pick --by order | awk -F, 'NR == 1 { print $0 ",carrier,tracking"; next }
		{ print $0 ",SF,T-" NR }' > ship.csv
	run -0 --separate-stderr shop-order ship ship.csv
	[ "$stderr" = "shop-order: imported 3 shipments, skipped 0, rejected 0" ]
	# the same file again: each tracking number is applied once
	run -0 --separate-stderr shop-order ship ship.csv
	[ "$stderr" = "shop-order: imported 0 shipments, skipped 3, rejected 0" ]
	run -0 shop-order list --status shipped --no-header
	[ "$output" = "SO-1,K,,,shipped,80.00,0.00,0.00,80.00,0.00,0.00,2026-11-22T10:00:00Z" ]
	run -0 shop-order pick --no-header
	[ -z "$output" ]
	# stock: A 10 - 7 = 3 on hand, B 50 - 4 = 46, 10 of it held by SO-2
	run -0 shop-stock levels --no-header
	expect <<-'EOF'
	A,W1,0,0,0,0,,0
	A,W2,3,0,0,3,,0
	B,W2,46,10,0,36,,0
	EOF
}

@test "ship: all or some lines, a warehouse's lines, the states it leads to; bad moves" {
	catalogue
	shop-stock -q receive --sku A --warehouse W1 --qty 10 --ref R1
	shop-stock -q receive --sku B --warehouse W1 --qty 10 --ref R2
	shop-order -q create --customer P --line A:4 --line B:2 >/dev/null
	# unpaid prepaid order: not yet
	run -1 shop-order ship SO-1
	[ "$output" = "shop-order: order SO-1 is pending_payment; cannot ship" ]
	shop-order -q pay SO-1 --amount 45.00 --txn T-1
	run -0 shop-order ship SO-1 --line A:1 --carrier SF --tracking SF-1
	run -0 shop-order list --no-header
	[ "$output" = "SO-1,P,,,partially_shipped,45.00,0.00,0.00,45.00,45.00,0.00,2026-11-22T10:00:00Z" ]
	run -1 shop-order ship SO-1 --line A:4
	[ "$output" = "shop-order: order SO-1 has 3 of sku 'A' left to ship; cannot ship 4" ]
	run -1 shop-order ship SO-1 --warehouse W2
	[ "$output" = "shop-order: order SO-1 has nothing left to ship from W2" ]
	run -3 shop-order ship SO-1 --line Z:1
	[ "$output" = "shop-order: unknown sku 'Z'" ]
	run -65 shop-order ship SO-1 --line A:x
	run -1 shop-order deliver SO-1
	[ "$output" = "shop-order: order SO-1 is partially_shipped; cannot deliver" ]
	# the rest, no --line: everything left
	run -0 shop-order ship SO-1
	run -0 shop-order lines --order SO-1 --no-header
	expect <<-'EOF'
	SO-1,1,A,4,10.00,0.00,40.00,W1,4,0,0,0.00
	SO-1,2,B,2,2.50,0.00,5.00,W1,2,0,0,0.00
	EOF
	run -0 --separate-stderr shop-order ship SO-1
	[ "$stderr" = "shop-order: order SO-1 is shipped already; skipped" ]
	run -1 shop-order complete SO-1
	[ "$output" = "shop-order: order SO-1 is shipped; cannot complete" ]
	run -0 shop-order deliver SO-1
	run -0 --separate-stderr shop-order deliver SO-1
	[ "$stderr" = "shop-order: order SO-1 is delivered already; skipped" ]
	run -0 shop-order complete SO-1
	run -1 shop-order cancel SO-1
	[ "$output" = "shop-order: order SO-1 is completed; cannot cancel" ]
	run -0 shop-order show SO-1 --format jsonl
	[ "$(echo "$output" | jq -r '.status')" = completed ]
	[ "$(echo "$output" | jq -r '.shipment | length')" = 3 ]
	[ "$(echo "$output" | jq -r '[.history[].status] | join(",")')" = \
		"pending_payment,confirmed,partially_shipped,shipped,delivered,completed" ]
	run -3 shop-order ship SO-9
	[ "$output" = "shop-order: unknown order 'SO-9'" ]
	run -2 shop-order ship SO-1 --amount 1
}

@test "a shipment posts the goods' cost; receipts and adjustments their value; check proves inventory" {
	catalogue
	# 10 A at cost 6.00: inventory +60.00, stock_adjustments -60.00
	shop-stock -q receive --sku A --warehouse W1 --qty 10 --ref R1
	shop-order -q create --customer K --line A:3 >/dev/null
	shop-order -q ship SO-1
	# shipped 3 at 6.00: cogs +18.00, inventory -18.00; a damaged unit
	# written off: inventory -6.00
	shop-stock -q adjust --sku A --warehouse W1 --qty -1 --ref DMG-1
	run -0 sql "SELECT account, SUM(amount) FROM posting WHERE account IN ('inventory', 'cogs', 'stock_adjustments') GROUP BY account ORDER BY account"
	expect <<-'EOF'
	cogs|1800
	inventory|3600
	stock_adjustments|-5400
	EOF
	# 6 left at 6.00 = 36.00
	run -0 sql "SELECT SUM(qty * unit_cost) FROM movement"
	[ "$output" = 3600 ]
	run -0 shop check
	tamper "INSERT INTO movement (sku_id, warehouse_id, type, qty, at, os_user, ref, unit_cost)
		SELECT id, (SELECT id FROM warehouse WHERE code = 'W1'), 'adjustment', 1, 'x', 'x', 'HAND', 600 FROM sku WHERE sku = 'A';
		UPDATE stock SET on_hand = on_hand + 1"
	run -1 shop-order --db "$TAMPERED" -q check
	[ "$output" = "inventory: the ledger says 3600, the movements at cost 4200 (minor units)" ]
}

@test "split: the unshipped part planned again as stock is now; nothing to change is skipped" {
	catalogue
	shop-stock -q receive --sku A --warehouse W2 --qty 10 --ref R2
	shop-order -q create --customer K --line A:6 >/dev/null
	run -0 --separate-stderr shop-order split SO-1
	[ "$stderr" = "shop-order: order SO-1 is planned as stock is now; skipped" ]
	shop-order -q ship SO-1 --line A:2
	# W1, the first by priority, now has stock: the 4 left go there
	shop-stock -q receive --sku A --warehouse W1 --qty 10 --ref R1
	run -0 shop-order split SO-1
	run -0 shop-order lines --no-header
	expect <<-'EOF'
	SO-1,1,A,2,10.00,0.00,20.00,W2,2,0,0,0.00
	SO-1,2,A,4,10.00,0.00,40.00,W1,0,0,0,0.00
	EOF
	run -0 shop-stock levels --no-header
	expect <<-'EOF'
	A,W1,10,4,0,6,,0
	A,W2,8,0,0,8,,0
	EOF
	run -3 shop-order split SO-9
	shop-order -q ship SO-1
	run -1 shop-order split SO-1
	[ "$output" = "shop-order: order SO-1 is shipped; cannot split" ]
}

@test "a channel that names an open pool of the SKU draws from it first; cancel gives it back" {
	catalogue
	shop-stock -q receive --sku A --warehouse W1 --qty 10 --ref R1
	shop-stock -q receive --sku A --warehouse W2 --qty 10 --ref R2
	shop-stock -q pool create D11 --sku A --warehouse W2 --qty 4
	run -0 shop-order create --customer K --line A:6 --channel D11
	run -0 shop-order lines --no-header
	# 4 from the pool in W2, the other 2 from W1, the first by priority
	expect <<-'EOF'
	SO-1,1,A,4,10.00,0.00,40.00,W2,0,0,0,0.00
	SO-1,2,A,2,10.00,0.00,20.00,W1,0,0,0,0.00
	EOF
	run -0 shop-stock pool list --no-header
	[ "$output" = "D11,A,W2,4,4,0,open,2026-11-22T10:00:00Z," ]
	# another channel, or none: the pool is not theirs
	run -0 shop-order create --customer K --line A:1 --channel WEB
	run -0 shop-order lines --order SO-2 --no-header
	[ "$output" = "SO-2,1,A,1,10.00,0.00,10.00,W1,0,0,0,0.00" ]
	run -0 shop-order cancel SO-1
	run -0 shop-stock pool list --no-header
	[ "$output" = "D11,A,W2,4,0,4,open,2026-11-22T10:00:00Z," ]
	run -0 shop-stock levels --no-header
	expect <<-'EOF'
	A,W1,10,1,0,9,,0
	A,W2,10,0,4,6,,0
	EOF
}

@test "freight from the templates: region, default, free over; quote shows it; parcels in show" {
	catalogue
	shop-stock -q receive --sku A --warehouse W1 --qty 50 --ref R1
	cat > shop.yaml <<-'EOF'
	freight:
	  by: weight
	  max_parcel_weight_g: 1000
	  regions:
	    default:  { first: 1000, first_fee: 10.00, next: 500, next_fee: 4.00, free_over: 199.00 }
	    Xinjiang: { first: 1000, first_fee: 20.00, next: 1000, next_fee: 10.00 }
	EOF
	export SHOP_CONFIG=$PWD/shop.yaml
	# 5 x 300 g = 1500 g: default 10.00 + ceil(500 / 500) x 4.00 = 14.00
	run -0 shop-order quote --customer K --line A:5 --no-header
	expect <<-'EOF'
	line,,A,5,50.00
	freight,,,,14.00
	total,,,,64.00
	EOF
	# Xinjiang: 20.00 + ceil(500 / 1000) x 10.00 = 30.00
	run -0 shop-order quote --customer K --line A:5 --ship-region Xinjiang --no-header
	[ "${lines[1]}" = "freight,,,,30.00" ]
	# 20 x 10.00 = 200.00 >= 199.00: free
	run -0 shop-order quote --customer K --line A:20 --no-header
	[ "${lines[1]}" = "freight,,,,0.00" ]
	run -0 shop-order create --customer K --line A:5
	run -0 shop-order list --no-header
	[ "$output" = "SO-1,K,,,confirmed,50.00,0.00,14.00,64.00,0.00,0.00,2026-11-22T10:00:00Z" ]
	# the order's parcels: 1500 g over parcels of at most 1000 g: 3 + 2 units
	run -0 shop-order show SO-1 --format jsonl
	[ "$(echo "$output" | jq -c '[.parcel[] | [.parcel, .qty, .weight_g]]')" = '[[1,3,900],[2,2,600]]' ]
	# K owes the total, freight included
	run -0 shop-order customer list --no-header
	[ "${lines[0]}" = "K,Credit,,,b2c,credit,,,,,,64.00" ]
	unset SHOP_CONFIG
}

@test "order numbers complete from the database, newest first" {
	catalogue
	shop-stock -q receive --sku A --warehouse W1 --qty 10 --ref R1
	shop-order -q create --customer K --line A:1 >/dev/null
	shop-order -q create --customer K --line A:1 >/dev/null
	run -0 shop-order __complete --prefix=SO show
	expect <<-'EOF'
	SO-2	confirmed
	SO-1	confirmed
	EOF
	run -0 shop-order __complete --prefix=SO-1 lines --order
	[ "$output" = "SO-1	confirmed" ]
}

# bats test_tags=slow
@test "race: 4 processes x 10 orders of 1 unit drawing on a pool of 20" {
	catalogue
	# 20 units in a pool for channel D11, nothing else: only the pool can give
	shop-stock -q receive --sku A --warehouse W1 --qty 20 --ref R1
	shop-stock -q pool create D11 --sku A --warehouse W1 --qty 20
	for p in 1 2 3 4; do
		(
			for i in $(seq 1 10); do
				rc=0
				shop-order -q create --customer K --line A:1 --channel D11 \
					>/dev/null 2>>"err.$p" || rc=$?
				echo $rc
			done > "rc.$p"
		) &
	done
	wait
	# 40 tries for 20 units: 20 placed, 20 refused, none busy or broken
	run -0 sh -c 'cat rc.* | sort | uniq -c | sed "s/^ *//"'
	expect <<-EOF
	20 0
	20 1
	EOF
	run -0 shop-stock pool list --no-header
	[ "$output" = "D11,A,W1,20,20,0,open,2026-11-22T10:00:00Z," ]
	run -0 shop-stock levels --no-header
	[ "$output" = "A,W1,20,20,0,0,,0" ]
	run -0 shop check
}
