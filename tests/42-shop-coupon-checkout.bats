#!/usr/bin/env bats
# Coupons at checkout: quote, create, import and best compute one thing;
# the discount apportioned to the lines to the cent; shop- or
# platform-funded in the ledger; given back on cancel, expire and reject;
# one instance, one order, whatever runs at the same time.
load helper

QUOTE=kind,code,sku,qty,amount

# A 100.00 (Food/Fruit, Acme), B 50.00 (Food/Bakery), G 33.33 (Tools,
# Bolt); W1 holds 1000 of each; customers C1 (prepaid), C2 (credit)
setup_shop() {
	shop-product -q add A --name Apple --price 100 --status active --brand Acme --category Food/Fruit
	shop-product -q add B --name Bread --price 50 --status active --category Food/Bakery
	shop-product -q add G --name Gear --price 33.33 --status active --brand Bolt --category Tools
	shop-stock -q warehouse add W1 --name One
	for s in A B G; do shop-stock -q receive --sku $s --warehouse W1 --qty 1000 --ref G-$s; done
	shop-order -q customer add C1 --name One
	shop-order -q customer add C2 --name Two --terms credit
}

@test "a threshold coupon: quote is what create charges, apportioned by the largest remainder, posted as discounts" {
	setup_shop
	shop-coupon -q create S30 --type threshold --value 30 --min-spend 300
	shop-coupon -q issue S30 --customer C1
	# 2 x 100.00 + 3 x 50.00 = 350.00 >= 300.00: 30.00 off
	run -0 shop-order quote --customer C1 --line A:2 --line B:3 --coupon S30
	expect <<-EOF
	$QUOTE
	line,,A,2,200.00
	line,,B,3,150.00
	coupon,S30,,,-30.00
	freight,,,,0.00
	total,,,,320.00
	EOF
	run -0 shop-order create --customer C1 --line A:2 --line B:3 --coupon S30
	[ "$output" = SO-1 ]
	# 3000 x 20000/35000 = 1714.29, 3000 x 15000/35000 = 1285.71: 1714 + 1285,
	# the cent left to B (.71 > .29): 17.14 and 12.86
	run -0 shop-order lines --no-header
	expect <<-EOF
	SO-1,1,A,2,100.00,17.14,182.86,W1,0,0,0,0.00
	SO-1,2,B,3,50.00,12.86,137.14,W1,0,0,0,0.00
	EOF
	run -0 shop-order list --no-header
	[ "$output" = "SO-1,C1,,,pending_payment,350.00,30.00,0.00,320.00,0.00,0.00,2026-11-22T10:00:00Z" ]
	run -0 sql "select p.account, p.amount from posting p join journal j on j.id = p.journal_id where j.doc = 'order SO-1' order by p.id"
	expect <<-EOF
	receivable:C1|32000
	discounts|3000
	sales|-35000
	EOF
	run -0 shop-coupon instances --no-header
	[ "$output" = "CI-1,S30,C1,used,2026-11-22T10:00:00Z,,SO-1" ]
	run -0 shop-coupon stats S30 --no-header
	[ "$output" = "S30,1,1,0,0,100.0,30.00,320.00" ]
}

@test "a platform-funded percent coupon on a category: only its lines, posted to receivable:platform" {
	setup_shop
	shop-coupon -q create P10 --type percent --value 10 --scope category:Food/Fruit --funded-by platform
	shop-coupon -q issue P10 --customer C2
	# in scope: A only, 200.00 x 10% = 20.00
	run -0 shop-order create --customer C2 --line A:2 --line B:3 --coupon P10
	run -0 shop-order lines --no-header
	expect <<-EOF
	SO-1,1,A,2,100.00,20.00,180.00,W1,0,0,0,0.00
	SO-1,2,B,3,50.00,0.00,150.00,W1,0,0,0,0.00
	EOF
	run -0 sql "select o.discount_shop, o.discount_platform, o.total, o.coupon from orders o"
	[ "$output" = "0|2000|33000|P10" ]
	run -0 sql "select p.account, p.amount from posting p join journal j on j.id = p.journal_id where j.doc = 'order SO-1' order by p.id"
	expect <<-EOF
	receivable:C2|33000
	receivable:platform|2000
	sales|-35000
	EOF
}

@test "percent: half up on the goods in scope, capped; a category scope takes its subtree, less the exclusion" {
	setup_shop
	shop-coupon -q create P15 --type percent --value 15
	shop-coupon -q create CAP --type percent --value 15 --max-discount 4
	shop-coupon -q create FOOD --type cash --value 10 --scope category:Food --exclude sku:B
	shop-coupon -q issue P15 --customer C1
	shop-coupon -q issue CAP --customer C1
	shop-coupon -q issue FOOD --customer C1
	# 33.33 x 15% = 4.9995: 5.00 half up; capped: 4.00
	run -0 shop-order quote --customer C1 --line G:1 --coupon P15 --no-header
	[ "${lines[1]}" = "coupon,P15,,,-5.00" ]
	run -0 shop-order quote --customer C1 --line G:1 --coupon CAP --no-header
	[ "${lines[1]}" = "coupon,CAP,,,-4.00" ]
	# FOOD: A (Food/Fruit) in, B excluded, G (Tools) out: 10.00 all on A
	run -0 shop-order create --customer C1 --line B:1 --line A:1 --line G:1 --coupon FOOD
	run -0 sql "select line, discount from order_line order by line"
	expect <<-EOF
	1|0
	2|1000
	3|0
	EOF
	# a cash coupon never takes more than the goods in its scope
	shop-coupon -q create BIG --type cash --value 500 --scope sku:G
	shop-coupon -q issue BIG --customer C1
	run -0 shop-order quote --customer C1 --line G:1 --line A:1 --coupon BIG --no-header
	[ "${lines[2]}" = "coupon,BIG,,,-33.33" ]
}

@test "a named coupon that does not apply, or that the customer does not hold, refuses the order" {
	setup_shop
	shop-coupon -q create S30 --type threshold --value 30 --min-spend 300
	shop-coupon -q create T --type cash --value 5 --scope sku:G
	shop-coupon -q create LATE --type cash --value 5 --from 2026-12-01T00:00:00Z
	shop-coupon -q issue S30 --customer C1
	shop-coupon -q issue T --customer C1
	shop-coupon -q issue LATE --customer C1
	run -1 --separate-stderr shop-order create --customer C1 --line A:2 --coupon S30
	[ "$stderr" = "shop-order: coupon 'S30' does not apply: goods in its scope come to 200.00, under its min_spend 300.00" ]
	run -1 --separate-stderr shop-order create --customer C1 --line A:2 --coupon T
	[ "$stderr" = "shop-order: coupon 'T' does not apply: no goods in its scope" ]
	run -1 --separate-stderr shop-order create --customer C2 --line A:4 --coupon S30
	[ "$stderr" = "shop-order: customer 'C2' holds no coupon 'S30' valid at 2026-11-22T10:00:00Z" ]
	run -1 --separate-stderr shop-order create --customer C1 --line A:4 --coupon LATE
	[ "$stderr" = "shop-order: customer 'C1' holds no coupon 'LATE' valid at 2026-11-22T10:00:00Z" ]
	run -3 --separate-stderr shop-order create --customer C1 --line A:4 --coupon NOPE
	[ "$stderr" = "shop-order: unknown coupon 'NOPE'" ]
	run -1 shop-order quote --customer C1 --line A:2 --coupon S30
	run -0 sql "select count(*) from orders"
	[ "$output" = 0 ]
	run -0 shop-coupon instances --status issued --no-header
	[ "${#lines[@]}" = 3 ]
}

@test "best: the coupon giving most, the oldest of equals, none when none applies; best ranks them" {
	setup_shop
	shop-coupon -q create S30 --type threshold --value 30 --min-spend 300
	shop-coupon -q create P10 --type percent --value 10
	shop-coupon -q create C30 --type cash --value 30
	shop-coupon -q issue C30 --customer C1
	shop-coupon -q issue S30 --customer C1
	shop-coupon -q issue P10 --customer C1
	shop-coupon -q issue P10 --customer C1
	# 350.00: S30 30.00, P10 35.00, C30 30.00
	run -0 shop-coupon best --customer C1 --line A:2 --line B:3
	expect <<-EOF
	code,instance,discount
	P10,CI-3,35.00
	C30,CI-1,30.00
	S30,CI-2,30.00
	EOF
	printf 'sku,qty\nA,1\n' > cart.csv
	# 100.00: P10 10.00, C30 30.00; S30 does not apply
	run -0 shop-coupon best --customer C1 cart.csv --no-header
	expect <<-EOF
	C30,CI-1,30.00
	P10,CI-3,10.00
	EOF
	run -0 shop-order create --customer C1 --line A:2 --line B:3 --coupon best
	run -0 sql "select coupon, discount_shop from orders"
	[ "$output" = "P10|3500" ]
	run -0 shop-coupon instances --status used --no-header
	[ "$output" = "CI-3,P10,C1,used,2026-11-22T10:00:00Z,,SO-1" ]
	# a customer without coupons: best is no coupon at all
	run -0 shop-order create --customer C2 --line A:1 --coupon best
	run -0 sql "select coupon, discount_shop, total from orders where id = 2"
	[ "$output" = "|0|10000" ]
	run -0 shop-coupon best --customer C2 --line A:1 --no-header
	[ -z "$output" ]
	run -2 shop-coupon best --customer C1
	run -2 shop-coupon best --customer C1 --line A:1 cart.csv
}

@test "cancel, expire and reject give the coupon back; one past its end comes back expired" {
	setup_shop
	shop-order -q customer add C3 --name Three --approval-limit 50
	shop-coupon -q create C5 --type cash --value 5 --until 2026-11-23T00:00:00Z
	shop-coupon -q issue C5 --customer C1
	shop-coupon -q issue C5 --customer C1
	shop-coupon -q issue C5 --customer C3
	shop-order -q create --customer C1 --line A:1 --coupon C5
	shop-order -q create --customer C1 --line A:1 --coupon C5
	shop-order -q create --customer C3 --line A:1 --coupon C5
	run -0 shop-order cancel SO-1
	run -0 shop-order reject SO-3
	run -0 shop-coupon instances --no-header
	expect <<-EOF
	CI-1,C5,C1,issued,2026-11-22T10:00:00Z,2026-11-23T00:00:00Z,
	CI-2,C5,C1,used,2026-11-22T10:00:00Z,2026-11-23T00:00:00Z,SO-2
	CI-3,C5,C3,issued,2026-11-22T10:00:00Z,2026-11-23T00:00:00Z,
	EOF
	# SO-2 unpaid past the timeout, after the coupon's end: it comes back expired
	run -0 --separate-stderr env SHOP_NOW=2026-11-24T00:00:00Z shop-order expire
	[ "$output" = SO-2 ]
	run -0 sql "select id, status, order_id is null from coupon_instance order by id"
	expect <<-EOF
	1|issued|1
	2|expired|1
	3|issued|1
	EOF
}

@test "import: the coupon column; two orders of one customer cannot use one instance" {
	setup_shop
	shop-coupon -q create C5 --type cash --value 5
	shop-coupon -q issue C5 --customer C1
	printf 'order_ref,customer,sku,qty,coupon\nR1,C1,A,1,C5\nR2,C1,A,1,C5\nR3,C2,B,2,best\n' > o.csv
	run -1 --separate-stderr shop-order import o.csv
	expect <<<"$stderr" >/dev/null 2>&1 || true
	[ "${stderr_lines[0]}" = "shop-order: o.csv:3: customer 'C1' holds no coupon 'C5' valid at 2026-11-22T10:00:00Z" ]
	[ "${stderr_lines[1]}" = "shop-order: imported 2 orders (2 lines), skipped 0, rejected 1" ]
	run -0 sql "select order_ref, coupon, total from orders order by id"
	expect <<-EOF
	R1|C5|9500
	R3||10000
	EOF
	# a re-run: R1 is skipped whatever its coupon has become
	run -1 --separate-stderr shop-order import o.csv
	[ "${stderr_lines[1]}" = "shop-order: imported 0 orders (0 lines), skipped 2, rejected 1" ]
}

@test "a line split over warehouses shares its discount by qty" {
	shop-product -q add A --name Apple --price 100 --status active
	shop-stock -q warehouse add W1 --name One --priority 1
	shop-stock -q warehouse add W2 --name Two --priority 2
	shop-stock -q receive --sku A --warehouse W1 --qty 2 --ref G1
	shop-stock -q receive --sku A --warehouse W2 --qty 2 --ref G2
	shop-order -q customer add C1 --name One
	shop-coupon -q create C9 --type cash --value 9
	shop-coupon -q issue C9 --customer C1
	# 3 of A: 2 from W1, 1 from W2; 9.00 by 2:1 = 6.00 and 3.00
	shop-order -q create --customer C1 --line A:3 --coupon C9
	run -0 shop-order lines --no-header
	expect <<-EOF
	SO-1,1,A,2,100.00,6.00,194.00,W1,0,0,0,0.00
	SO-1,2,A,1,100.00,3.00,97.00,W2,0,0,0,0.00
	EOF
}

@test "check: a used instance whose order is gone or cancelled, an order with a coupon and no instance" {
	setup_shop
	shop-coupon -q create C5 --type cash --value 5
	shop-coupon -q issue C5 --customer C1
	shop-order -q create --customer C1 --line A:1 --coupon C5
	tamper "update orders set status = 'cancelled' where id = 1"
	run -1 --separate-stderr shop-coupon --db "$TAMPERED" check --no-header
	[ "$output" = "CI-1 (C5) is used by SO-1, which is cancelled" ]
	tamper "update coupon_instance set status = 'issued', order_id = null"
	run -1 --separate-stderr shop-coupon --db "$TAMPERED" check --no-header
	[ "$output" = "SO-1 names coupon 'C5' and holds 0 used instances of it" ]
}

# bats test_tags=slow
@test "race: 8 processes order with one coupon instance at once: exactly one uses it" {
	setup_shop
	shop-coupon -q create C5 --type cash --value 5
	shop-coupon -q issue C5 --customer C1
	for p in 1 2 3 4 5 6 7 8; do
		( rc=0; shop-order -q create --customer C1 --line B:1 --coupon C5 >/dev/null 2>"err.$p" || rc=$?
		  echo $rc > "rc.$p" ) &
	done
	wait
	run -0 sh -c 'cat rc.* | sort | uniq -c | sed "s/^ *//"'
	expect <<-EOF
	1 0
	7 1
	EOF
	run -0 sh -c 'cat err.* | sort -u'
	[ "$output" = "shop-order: customer 'C1' holds no coupon 'C5' valid at 2026-11-22T10:00:00Z" ]
	run -0 sql "select count(*), sum(total) from orders"
	[ "$output" = "1|4500" ]
}
