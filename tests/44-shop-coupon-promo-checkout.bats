#!/usr/bin/env bats
# Promotions at checkout: in SPEC order before the coupon, each apportioned
# to its lines; gifts as lines of 0.00 that take stock (left out, with a
# warning, when short); channel, level and exclusive promotions.
load helper

QUOTE=kind,code,sku,qty,amount

# A 100.00, B 50.00, G 9.00 (the gift: one in stock); customers C1
# (level VIP) and C2
setup_shop() {
	shop-product -q add A --name Apple --price 100 --status active
	shop-product -q add B --name Bread --price 50 --status active
	shop-product -q add G --name Gift --price 9 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku A --warehouse W1 --qty 100 --ref GA
	shop-stock -q receive --sku B --warehouse W1 --qty 100 --ref GB
	shop-stock -q receive --sku G --warehouse W1 --qty 1 --ref GG
	shop-order -q customer add C1 --name One --level VIP
	shop-order -q customer add C2 --name Two
}

@test "buy 3 pay 2, then a threshold judged on what is left, then the coupon; quote is what create charges" {
	setup_shop
	shop-coupon -q promo create B3P2 --type nform --buy 3 --pay 2 --scope sku:B
	shop-coupon -q promo create MJ --type threshold --tier 300:20 --tier 500:50
	shop-coupon -q create C5 --type cash --value 5
	shop-coupon -q issue C5 --customer C2
	# 2 x 100 + 3 x 50 = 350; B3P2: one B free, 50.00; MJ: 300.00 left reaches
	# the 300 tier, 20.00 over A 200 and B 100: 13.33 (1333.3) and 6.67
	# (666.7, the cent left); C5: 5.00 over A 186.67 and B 93.33: 3.33 (333.3)
	# and 1.67 (166.7, the cent left); total 350 - 50 - 20 - 5 = 275.00
	run -0 shop-order quote --customer C2 --line A:2 --line B:3 --coupon C5
	expect <<-EOF
	$QUOTE
	line,,A,2,200.00
	line,,B,3,150.00
	promotion,B3P2,,,-50.00
	promotion,MJ,,,-20.00
	coupon,C5,,,-5.00
	freight,,,,0.00
	total,,,,275.00
	EOF
	shop-order -q create --customer C2 --line A:2 --line B:3 --coupon C5
	run -0 shop-order lines --no-header
	expect <<-EOF
	SO-1,1,A,2,100.00,16.66,183.34,W1,0,0,0,0.00
	SO-1,2,B,3,50.00,58.34,91.66,W1,0,0,0,0.00
	EOF
	run -0 shop-order list --no-header
	[ "$output" = "SO-1,C2,,,pending_payment,350.00,75.00,0.00,275.00,0.00,0.00,2026-11-22T10:00:00Z" ]
	# promotions are the shop's: discounts 75.00
	run -0 sql "select discount_shop, discount_platform from orders"
	[ "$output" = "7500|0" ]
}

@test "a gift: a line of 0.00 that takes stock; left out with a warning once the stock is gone" {
	setup_shop
	shop-coupon -q promo create FREE --type gift --min-spend 200 --gift G:1
	run -0 --separate-stderr shop-order create --customer C2 --line A:2
	[ -z "$stderr" ]
	run -0 --separate-stderr shop-order create --customer C2 --line A:2
	[ "$stderr" = "shop-order: gift 'G' of promotion 'FREE' left out: not enough stock of sku 'G': 0 available, 1 needed" ]
	# under the spend: no gift, no warning
	run -0 --separate-stderr shop-order create --customer C2 --line A:1
	[ -z "$stderr" ]
	run -0 shop-order lines --no-header
	expect <<-EOF
	SO-1,1,A,2,100.00,0.00,200.00,W1,0,0,0,0.00
	SO-1,2,G,1,0.00,0.00,0.00,W1,0,0,0,0.00
	SO-2,1,A,2,100.00,0.00,200.00,W1,0,0,0,0.00
	SO-3,1,A,1,100.00,0.00,100.00,W1,0,0,0,0.00
	EOF
	run -0 shop-stock levels --sku G --no-header
	[ "$output" = "G,W1,1,1,0,0,,0" ]
	run -0 shop-order cancel SO-1
	run -0 shop-stock levels --sku G --no-header
	[ "$output" = "G,W1,1,0,0,1,,0" ]
}

@test "channel and level: a promotion applies only to its channel's orders, its level's customers" {
	setup_shop
	shop-coupon -q promo create APP10 --type percent --value 10 --channel APP
	shop-coupon -q promo create VIP5 --type percent --value 5 --level VIP
	run -0 shop-order quote --customer C2 --line A:1 --no-header
	[ "${lines[1]}" = "freight,,,,0.00" ]
	run -0 shop-order quote --customer C1 --line A:1 --no-header
	[ "${lines[1]}" = "promotion,VIP5,,,-5.00" ]
	# APP10: 10.00; VIP5 on the 90.00 left: 4.50
	run -0 shop-order quote --customer C1 --line A:1 --channel APP --no-header
	expect <<-EOF
	line,,A,1,100.00
	promotion,APP10,,,-10.00
	promotion,VIP5,,,-4.50
	freight,,,,0.00
	total,,,,85.50
	EOF
	printf 'order_ref,customer,sku,qty,channel\nR1,C2,A,1,APP\nR2,C2,A,1,\n' | shop-order -q import
	run -0 sql "select order_ref, total from orders order by id"
	expect <<-EOF
	R1|9000
	R2|10000
	EOF
}

@test "exclusive: a line an exclusive promotion covers gets no other; a bundle's complete sets cost its price" {
	setup_shop
	shop-coupon -q promo create X20 --type percent --value 20 --scope sku:A --exclusive
	shop-coupon -q promo create ALL10 --type percent --value 10
	# A goes to X20 only (20.00); ALL10 takes 10% of B (5.00)
	run -0 shop-order quote --customer C2 --line A:1 --line B:1 --no-header
	expect <<-EOF
	line,,A,1,100.00
	line,,B,1,50.00
	promotion,ALL10,,,-5.00
	promotion,X20,,,-20.00
	freight,,,,0.00
	total,,,,125.00
	EOF
}

@test "a bundle: each complete set costs the bundle price, apportioned by the value taken" {
	setup_shop
	shop-coupon -q promo create SET --type bundle --bundle A:1,B:2 --price 150
	# A:1 + B:3 holds one set (A 100 + 2 B 100 = 200 for 150): 50.00 off,
	# over A 100 and B 100 taken: 25.00 each; the third B pays in full
	shop-order -q create --customer C2 --line A:1 --line B:3
	run -0 shop-order lines --no-header
	expect <<-EOF
	SO-1,1,A,1,100.00,25.00,75.00,W1,0,0,0,0.00
	SO-1,2,B,3,50.00,25.00,125.00,W1,0,0,0,0.00
	EOF
	run -0 shop-order quote --customer C2 --line A:1 --line B:1 --no-header
	[ "${lines[2]}" = "freight,,,,0.00" ]
}
