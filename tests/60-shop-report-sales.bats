#!/usr/bin/env bats
# shop-report sales and top: orders placed at known times, summed by day,
# ISO week and month (every bucket, zeros too; weeks across a year end) and
# by sku, spu, category, brand, customer and channel; compared with the
# bucket before and a year earlier; top lists by gmv and units; charts on a
# terminal (bars lined up by display width), none in a pipe.
load helper

SALES=orders,paid_orders,units,gmv,discounts,refunds,net,aov

# The shop, its clock at 2027-02-01. A 10.00 and B 5.00 of SPU P1, brand
# 华为, category 手机/智能; C 20.00 of P2, Acme, Home/Kitchen; D 1.00 with
# no SPU, brand or category. C1 and C2 prepaid, C3 on credit (its orders
# are confirmed at once). Orders (created_at, channel, lines, what became
# of them):
#   SO-1 C1 2026-03-02T09:00 web   A 2 x 10 + B 1 x 5 = 25.00, paid 25.00
#   SO-2 C2 2026-03-03T12:00 shop  C 1 x 20 = 20.00, never paid: expired
#   SO-3 C1 2026-03-09T00:00 web   A 1 x 10 + D 5 x 1 = 15.00, paid, shipped,
#                                  A refunded: 10.00
#   SO-4 C2 2026-04-01T10:00 ''    C 1 x 20 + B 2 x 5 = 30.00, paid 10.00,
#                                  cancelled: 10.00 back
#   SO-5 C3 2026-12-31T10:00 b2b   A 1 x 10 = 10.00, unpaid (2026-W53)
#   SO-6 C2 2027-01-02T10:00 web   B 4 x 5 = 20.00, paid (2026-W53)
#   SO-7 C1 2027-01-04T10:00 web   D 3 x 1 = 3.00, paid (2027-W01)
#   SO-8 C1 2026-03-02T15:00 web   C 1 x 20 less coupon V5 5.00 = 15.00, paid
#   SO-9 C3 2025-03-05T08:00 b2b   D 10 x 1 = 10.00, unpaid
# Paid in full: 1, 3, 6, 7, 8. Live (net counts them): all but 2 and 4.
# Net of each live order: 1: 25; 3: 15 - 10 = 5; 5: 10; 6: 20; 7: 3;
# 8: 20 - 5 = 15; 9: 10.
setup_sales() {
	export SHOP_NOW=2027-02-01T10:00:00Z
	cat > products.csv <<-EOF
	sku,spu,name,brand,category,price,status
	A,P1,Phone A,华为,手机/智能,10.00,active
	B,P1,Phone B,华为,手机/智能,5.00,active
	C,P2,Kettle,Acme,Home/Kitchen,20.00,active
	D,,Cable,,,1.00,active
	EOF
	shop-product -q import products.csv
	shop-stock -q warehouse add W1 --name One
	printf 'sku,warehouse,qty,ref\nA,W1,100,G\nB,W1,100,G\nC,W1,100,G\nD,W1,100,G\n' |
		shop-stock -q receive
	shop-order -q customer add C1 --name One
	shop-order -q customer add C2 --name Two
	shop-order -q customer add C3 --name Three --terms credit
	shop-coupon -q create V5 --type cash --value 5
	shop-coupon -q issue V5 --customer C1 >/dev/null
	cat > orders.csv <<-EOF
	order_ref,customer,sku,qty,channel,coupon,created_at
	R1,C1,A,2,web,,2026-03-02T09:00:00Z
	R1,C1,B,1,web,,2026-03-02T09:00:00Z
	R2,C2,C,1,shop,,2026-03-03T12:00:00Z
	R3,C1,A,1,web,,2026-03-09T00:00:00Z
	R3,C1,D,5,web,,2026-03-09T00:00:00Z
	R4,C2,C,1,,,2026-04-01T10:00:00Z
	R4,C2,B,2,,,2026-04-01T10:00:00Z
	R5,C3,A,1,b2b,,2026-12-31T10:00:00Z
	R6,C2,B,4,web,,2027-01-02T10:00:00Z
	R7,C1,D,3,web,,2027-01-04T10:00:00Z
	R8,C1,C,1,web,V5,2026-03-02T15:00:00Z
	R9,C3,D,10,b2b,,2025-03-05T08:00:00Z
	EOF
	shop-order -q import orders.csv
	shop-order -q pay SO-1 --amount 25 --txn T1
	shop-order -q pay SO-3 --amount 15 --txn T3
	shop-order -q ship SO-3
	shop-order -q refund SO-3 --line A:1 >/dev/null
	shop-order -q pay SO-4 --amount 10 --txn T4
	shop-order -q cancel SO-4
	shop-order -q pay SO-6 --amount 20 --txn T6
	shop-order -q pay SO-7 --amount 3 --txn T7
	shop-order -q pay SO-8 --amount 15 --txn T8
	shop-order -q expire >/dev/null
}

@test "the fixture is what the comments say" {
	setup_sales
	run -0 shop-order list --no-header
	expect <<-EOF
	SO-1,C1,R1,web,confirmed,25.00,0.00,0.00,25.00,25.00,0.00,2026-03-02T09:00:00Z
	SO-2,C2,R2,shop,cancelled,20.00,0.00,0.00,20.00,0.00,0.00,2026-03-03T12:00:00Z
	SO-3,C1,R3,web,shipped,15.00,0.00,0.00,15.00,15.00,10.00,2026-03-09T00:00:00Z
	SO-4,C2,R4,,cancelled,30.00,0.00,0.00,30.00,10.00,10.00,2026-04-01T10:00:00Z
	SO-5,C3,R5,b2b,confirmed,10.00,0.00,0.00,10.00,0.00,0.00,2026-12-31T10:00:00Z
	SO-6,C2,R6,web,confirmed,20.00,0.00,0.00,20.00,20.00,0.00,2027-01-02T10:00:00Z
	SO-7,C1,R7,web,confirmed,3.00,0.00,0.00,3.00,3.00,0.00,2027-01-04T10:00:00Z
	SO-8,C1,R8,web,confirmed,20.00,5.00,0.00,15.00,15.00,0.00,2026-03-02T15:00:00Z
	SO-9,C3,R9,b2b,confirmed,10.00,0.00,0.00,10.00,0.00,0.00,2025-03-05T08:00:00Z
	EOF
}

@test "sales by month (the default): every month from --from to the last order, zeros too" {
	setup_sales
	# 2026-03: SO-1, 2, 3, 8: paid 1, 3, 8; units 3 + 1 + 6 + 1 = 11; gmv
	# 25 + 20 + 15 + 20 = 80; discounts 5; refunds 10 (SO-3); net 25 + 5 +
	# 15 = 45; aov (80 - 5) / 4 = 18.75
	# 2026-04: SO-4: units 3, gmv 30, refunds 10 (the cancel), net 0 (not
	# live), aov 30 / 1
	# 2026-12: SO-5; 2027-01: SO-6, 7: units 4 + 3, gmv 23, aov 23 / 2 = 11.50
	# months without orders: zeros, no aov
	run -0 shop-report sales --from 2026-03-01
	expect <<-EOF
	period,$SALES
	2026-03,4,3,11,80.00,5.00,10.00,45.00,18.75
	2026-04,1,0,3,30.00,0.00,10.00,0.00,30.00
	2026-05,0,0,0,0.00,0.00,0.00,0.00,
	2026-06,0,0,0,0.00,0.00,0.00,0.00,
	2026-07,0,0,0,0.00,0.00,0.00,0.00,
	2026-08,0,0,0,0.00,0.00,0.00,0.00,
	2026-09,0,0,0,0.00,0.00,0.00,0.00,
	2026-10,0,0,0,0.00,0.00,0.00,0.00,
	2026-11,0,0,0,0.00,0.00,0.00,0.00,
	2026-12,1,0,1,10.00,0.00,0.00,10.00,10.00
	2027-01,2,2,7,23.00,0.00,0.00,23.00,11.50
	EOF
	run -0 shop-report sales --by month --from 2026-03-01 --until 2026-04-01 --no-header
	[ "$output" = "2026-03,4,3,11,80.00,5.00,10.00,45.00,18.75" ]
}

@test "sales with no window: from the first order's month to the last's" {
	setup_sales
	# SO-9 in 2025-03 to SO-6, 7 in 2027-01: 23 months, 18 without orders
	run -0 shop-report sales --no-header
	[ "${#lines[@]}" -eq 23 ]
	[ "${lines[0]}" = "2025-03,1,0,10,10.00,0.00,0.00,10.00,10.00" ]
	[ "${lines[1]}" = "2025-04,0,0,0,0.00,0.00,0.00,0.00," ]
	[ "${lines[22]}" = "2027-01,2,2,7,23.00,0.00,0.00,23.00,11.50" ]
}

@test "sales by day: --from inclusive, --until exclusive, to the second" {
	setup_sales
	# 03-02: SO-1 and SO-8: units 3 + 1, gmv 25 + 20 = 45, discounts 5,
	# net 25 + 15 = 40, aov (45 - 5) / 2 = 20; 03-03: SO-2 (expired: net 0)
	run -0 shop-report sales --by day --from 2026-03-02 --until 2026-03-04
	expect <<-EOF
	period,$SALES
	2026-03-02,2,2,4,45.00,5.00,0.00,40.00,20.00
	2026-03-03,1,0,1,20.00,0.00,0.00,0.00,20.00
	EOF
	# SO-3 at 2026-03-09T00:00:00Z: outside a window ending then, inside one
	# starting then
	run -0 shop-report sales --by day --from 2026-03-08 --until 2026-03-09 --no-header
	[ "$output" = "2026-03-08,0,0,0,0.00,0.00,0.00,0.00," ]
	run -0 shop-report sales --by day --from 2026-03-09 --until 2026-03-10 --no-header
	[ "$output" = "2026-03-09,1,1,6,15.00,0.00,10.00,5.00,15.00" ]
	# from 09:00:01 SO-1 (09:00) is out, SO-8 (15:00) in: 20 - 5 = 15
	run -0 shop-report sales --by day --from 2026-03-02T09:00:01Z --until 2026-03-03 --no-header
	[ "$output" = "2026-03-02,1,1,1,20.00,5.00,0.00,15.00,15.00" ]
	run -0 shop-report sales --by day --from 2026-03-02T09:00:00Z --until 2026-03-02T15:00:00Z --no-header
	[ "$output" = "2026-03-02,1,1,3,25.00,0.00,0.00,25.00,25.00" ]
}

@test "sales by ISO week across the year end: 2026-12-31 and 2027-01-02 are 2026-W53" {
	setup_sales
	# date -d 2026-12-31 +%G-W%V: 2026-W53; 2027-01-02: 2026-W53;
	# 2027-01-04: 2027-W01; 2026-12-21 (a Monday): 2026-W52
	[ "$(date -u -d 2026-12-31 +%G-W%V)" = 2026-W53 ]
	[ "$(date -u -d 2027-01-02 +%G-W%V)" = 2026-W53 ]
	[ "$(date -u -d 2027-01-04 +%G-W%V)" = 2027-W01 ]
	# W53: SO-5 (10.00, unpaid) and SO-6 (20.00 paid): units 1 + 4, gmv 30,
	# aov 30 / 2 = 15; W01: SO-7
	run -0 shop-report sales --by week --from 2026-12-21
	expect <<-EOF
	period,$SALES
	2026-W52,0,0,0,0.00,0.00,0.00,0.00,
	2026-W53,2,1,5,30.00,0.00,0.00,30.00,15.00
	2027-W01,1,1,3,3.00,0.00,0.00,3.00,3.00
	EOF
	# SO-1, 8 (Monday 03-02, W10) and SO-2; SO-3 on Monday 03-09 is W11
	run -0 shop-report sales --by week --from 2026-03-02 --until 2026-03-16 --no-header
	expect <<-EOF
	2026-W10,3,2,5,65.00,5.00,0.00,40.00,20.00
	2026-W11,1,1,6,15.00,0.00,10.00,5.00,15.00
	EOF
}

@test "ISO weeks are numbered as date(1) numbers them, over seventeen year ends" {
	run -0 shop init
	# Mondays from 2015-12-28 to 2032-12-27: every week of the window
	run -0 shop-report sales --by week --from 2015-12-28 --until 2033-01-03 --no-header
	want=$(seq "$(date -u -d 2015-12-28 +%s)" $((7 * 86400)) "$(date -u -d 2032-12-27 +%s)" |
		sed 's/^/@/' | date -u -f - +%G-W%V)
	[ "$(cut -d, -f1 <<<"$output")" = "$want" ]
	# 53-week years among them: 2015, 2020, 2026, 2032
	[ "$(grep -c W53 <<<"$output")" -eq 4 ]
}

@test "sales by sku: a cancel's money back spread over its lines by what each had left" {
	setup_sales
	# A: SO-1 (2), SO-3 (1, refunded 10), SO-5 (1): paid 1, 3; gmv 40; net
	#    20 + 0 + 10 = 30; aov 40 / 3 = 13.333 -> 13.33
	# B: SO-1 (1), SO-4 (2), SO-6 (4): gmv 35; net 5 + 20 = 25; aov 11.67
	# C: SO-2, SO-4, SO-8 (5.00 off): gmv 60; net 15; aov 55 / 3 = 18.33
	# D: SO-3 (5), SO-7 (3), SO-9 (10): gmv 18; aov 6
	# SO-4 gave 10.00 back on cancel: C had 20.00 left, B 10.00: 1000 x 2/3
	# = 666.67 and 333.33, the cent left to the larger remainder: C 6.67,
	# B 3.33. Refunds add up to 10 + 10 = 20 as by month.
	run -0 shop-report sales --by sku
	expect <<-EOF
	sku,$SALES
	A,3,2,4,40.00,0.00,10.00,30.00,13.33
	B,3,2,7,35.00,0.00,3.33,25.00,11.67
	C,3,1,3,60.00,5.00,6.67,15.00,18.33
	D,3,2,18,18.00,0.00,0.00,18.00,6.00
	EOF
}

@test "sales by spu, category and brand: a row for the SKUs without one, first" {
	setup_sales
	# '' = D; P1 = A + B: orders 1, 3, 4, 5, 6; paid 1, 3, 6; units 4 + 7;
	# gmv 75; refunds 10 + 3.33; net 30 + 25 = 55; aov 75 / 5 = 15
	# P2 = C. Keys in byte order: '' < ASCII < UTF-8.
	run -0 shop-report sales --by spu
	expect <<-EOF
	spu,$SALES
	,3,2,18,18.00,0.00,0.00,18.00,6.00
	P1,5,3,11,75.00,0.00,13.33,55.00,15.00
	P2,3,1,3,60.00,5.00,6.67,15.00,18.33
	EOF
	run -0 shop-report sales --by category
	expect <<-EOF
	category,$SALES
	,3,2,18,18.00,0.00,0.00,18.00,6.00
	Home/Kitchen,3,1,3,60.00,5.00,6.67,15.00,18.33
	手机/智能,5,3,11,75.00,0.00,13.33,55.00,15.00
	EOF
	run -0 shop-report sales --by brand
	expect <<-EOF
	brand,$SALES
	,3,2,18,18.00,0.00,0.00,18.00,6.00
	Acme,3,1,3,60.00,5.00,6.67,15.00,18.33
	华为,5,3,11,75.00,0.00,13.33,55.00,15.00
	EOF
}

@test "sales by customer and by channel" {
	setup_sales
	# C1: SO-1, 3, 7, 8: units 3 + 6 + 3 + 1; gmv 25 + 15 + 3 + 20 = 63;
	#     net 25 + 5 + 3 + 15 = 48; aov 58 / 4 = 14.50
	# C2: SO-2, 4, 6: units 1 + 3 + 4; gmv 70; refunds 10; net 20;
	#     aov 70 / 3 = 23.33
	# C3: SO-5, 9: units 1 + 10; gmv 20; aov 10
	run -0 shop-report sales --by customer
	expect <<-EOF
	customer,$SALES
	C1,4,4,13,63.00,5.00,10.00,48.00,14.50
	C2,3,1,8,70.00,0.00,10.00,20.00,23.33
	C3,2,0,11,20.00,0.00,0.00,20.00,10.00
	EOF
	# '': SO-4; b2b: SO-5, 9; shop: SO-2; web: SO-1, 3, 6, 7, 8: units 3 +
	# 6 + 4 + 3 + 1 = 17, gmv 25 + 15 + 20 + 3 + 20 = 83, net 25 + 5 + 20 +
	# 3 + 15 = 68, aov 78 / 5 = 15.60
	run -0 shop-report sales --by channel
	expect <<-EOF
	channel,$SALES
	,1,0,3,30.00,0.00,10.00,0.00,30.00
	b2b,2,0,11,20.00,0.00,0.00,20.00,10.00
	shop,1,0,1,20.00,0.00,0.00,0.00,20.00
	web,5,5,17,83.00,5.00,10.00,68.00,15.60
	EOF
}

@test "sales --compare previous by month: the month before, change in percent" {
	setup_sales
	# 2026-03 against 2026-02 (no orders): prev zeros, no change, no prev aov
	# 2026-04 against 2026-03 (4, 3, 11, 80, 5, 10, 45, 18.75):
	#   orders (1 - 4) / 4 = -75.0; paid -100.0; units (3 - 11) / 11 =
	#   -72.727 -> -72.7; gmv (30 - 80) / 80 = -62.5; discounts -100.0;
	#   refunds 0.0; net -100.0; aov (30 - 18.75) / 18.75 = 60.0
	run -0 shop-report sales --from 2026-03-01 --until 2026-05-01 --compare previous
	expect <<-EOF
	period,$SALES,prev_orders,change_orders,prev_paid_orders,change_paid_orders,prev_units,change_units,prev_gmv,change_gmv,prev_discounts,change_discounts,prev_refunds,change_refunds,prev_net,change_net,prev_aov,change_aov
	2026-03,4,3,11,80.00,5.00,10.00,45.00,18.75,0,,0,,0,,0.00,,0.00,,0.00,,0.00,,,
	2026-04,1,0,3,30.00,0.00,10.00,0.00,30.00,4,-75.0,3,-100.0,11,-72.7,80.00,-62.5,5.00,-100.0,10.00,0.0,45.00,-100.0,18.75,60.0
	EOF
	# the window cuts the row, not the month compared with: 2026-04-01 holds
	# SO-4 only, against the whole of March
	run -0 shop-report sales --from 2026-04-01 --until 2026-04-02 --compare previous --no-header
	[ "$output" = "2026-04,1,0,3,30.00,0.00,10.00,0.00,30.00,4,-75.0,3,-100.0,11,-72.7,80.00,-62.5,5.00,-100.0,10.00,0.0,45.00,-100.0,18.75,60.0" ]
	# and a cut March against the whole of February (nothing): from 03-09,
	# SO-3 only
	run -0 shop-report sales --from 2026-03-09 --until 2026-04-01 --compare previous --no-header
	[ "$output" = "2026-03,1,1,6,15.00,0.00,10.00,5.00,15.00,0,,0,,0,,0.00,,0.00,,0.00,,0.00,,," ]
}

@test "sales --compare previous by week: 2027-W01 against 2026-W53" {
	setup_sales
	# W53: 2, 1, 5, 30, 0, 0, 30, 15 against W52 (nothing)
	# W01: 1, 1, 3, 3, 0, 0, 3, 3 against W53: orders -50.0, paid 0.0, units
	# (3 - 5) / 5 = -40.0, gmv (3 - 30) / 30 = -90.0, net -90.0, aov
	# (3 - 15) / 15 = -80.0
	run -0 shop-report sales --by week --from 2026-12-28 --until 2027-01-11 --compare previous --no-header
	expect <<-EOF
	2026-W53,2,1,5,30.00,0.00,0.00,30.00,15.00,0,,0,,0,,0.00,,0.00,,0.00,,0.00,,,
	2027-W01,1,1,3,3.00,0.00,0.00,3.00,3.00,2,-50.0,1,0.0,5,-40.0,30.00,-90.0,0.00,,0.00,,30.00,-90.0,15.00,-80.0
	EOF
}

@test "sales --compare year: the same month, ISO week or day a year earlier" {
	setup_sales
	# 2026-03 (4, 3, 11, 80, 5, 10, 45, 18.75) against 2025-03 (SO-9: 1, 0,
	# 10, 10, 0, 0, 10, 10): orders 300.0; paid none (prev 0); units 10.0;
	# gmv 700.0; net 350.0; aov (18.75 - 10) / 10 = 87.5
	run -0 shop-report sales --from 2026-03-01 --until 2026-04-01 --compare year --no-header
	[ "$output" = "2026-03,4,3,11,80.00,5.00,10.00,45.00,18.75,1,300.0,0,,10,10.0,10.00,700.0,0.00,,0.00,,10.00,350.0,10.00,87.5" ]
	# 2025 has no W53: nothing to compare with; 2027-W01 against 2026-W01
	# (2025-12-29 .. 2026-01-04, no orders): zeros
	run -0 shop-report sales --by week --from 2026-12-28 --until 2027-01-11 --compare year --no-header
	expect <<-EOF
	2026-W53,2,1,5,30.00,0.00,0.00,30.00,15.00,,,,,,,,,,,,,,,,
	2027-W01,1,1,3,3.00,0.00,0.00,3.00,3.00,0,,0,,0,,0.00,,0.00,,0.00,,0.00,,,
	EOF
	# 2027-02-29 does not exist: 2028-02-29 has nothing to compare with
	run -0 shop-report sales --by day --from 2028-02-28 --until 2028-03-01 --compare year --no-header
	expect <<-EOF
	2028-02-28,0,0,0,0.00,0.00,0.00,0.00,,0,,0,,0,,0.00,,0.00,,0.00,,0.00,,,
	2028-02-29,0,0,0,0.00,0.00,0.00,0.00,,,,,,,,,,,,,,,,,
	EOF
}

@test "sales --compare by a dimension: the window before, or a year earlier; keys of both" {
	setup_sales
	# 2026-03-09 .. 03-16: SO-3 (A 1 refunded, D 5); the 7 days before:
	# SO-1 (A 2, B 1), SO-2 (C 1, expired), SO-8 (C 1, 5.00 off)
	# A: 1, 1, 1, 10, 0, 10, 0, 10 against 1, 1, 2, 20, 0, 0, 20, 20:
	#    0.0, 0.0, -50.0, -50.0, -, -, -100.0, -50.0
	# B: nothing now against SO-1's 1, 1, 1, 5, 0, 0, 5, 5: -100.0; no aov
	# C: nothing now against 2, 1, 2, 40, 5, 0, 15, (40 - 5) / 2 = 17.50
	# D: SO-3's 1, 1, 5, 5, 0, 0, 5, 5 against nothing
	run -0 shop-report sales --by sku --from 2026-03-09 --until 2026-03-16 --compare previous --no-header
	expect <<-EOF
	A,1,1,1,10.00,0.00,10.00,0.00,10.00,1,0.0,1,0.0,2,-50.0,20.00,-50.0,0.00,,0.00,,20.00,-100.0,20.00,-50.0
	B,0,0,0,0.00,0.00,0.00,0.00,,1,-100.0,1,-100.0,1,-100.0,5.00,-100.0,0.00,,0.00,,5.00,-100.0,5.00,
	C,0,0,0,0.00,0.00,0.00,0.00,,2,-100.0,1,-100.0,2,-100.0,40.00,-100.0,5.00,-100.0,0.00,,15.00,-100.0,17.50,
	D,1,1,5,5.00,0.00,0.00,5.00,5.00,0,,0,,0,,0.00,,0.00,,0.00,,0.00,,,
	EOF
	# March 2026 against March 2025 (SO-9, C3's): C1 SO-1, 3, 8: units 3 +
	# 6 + 1 = 10, gmv 60, net 25 + 5 + 15 = 45, aov 55 / 3 = 18.33; C2
	# SO-2; C3 nothing now against 1, 0, 10, 10, 0, 0, 10, 10
	run -0 shop-report sales --by customer --from 2026-03-01 --until 2026-04-01 --compare year --no-header
	expect <<-EOF
	C1,3,3,10,60.00,5.00,10.00,45.00,18.33,0,,0,,0,,0.00,,0.00,,0.00,,0.00,,,
	C2,1,0,1,20.00,0.00,0.00,0.00,20.00,0,,0,,0,,0.00,,0.00,,0.00,,0.00,,,
	C3,0,0,0,0.00,0.00,0.00,0.00,,1,-100.0,0,,10,-100.0,10.00,-100.0,0.00,,0.00,,10.00,-100.0,10.00,
	EOF
}

@test "sales: jsonl types the figures; an empty change is null" {
	setup_sales
	run -0 shop-report sales --by customer --from 2026-03-01 --until 2026-04-01 --compare year --format jsonl
	[ "${lines[2]}" = '{"customer":"C3","orders":0,"paid_orders":0,"units":0,"gmv":"0.00","discounts":"0.00","refunds":"0.00","net":"0.00","aov":null,"prev_orders":1,"change_orders":-100.0,"prev_paid_orders":0,"change_paid_orders":null,"prev_units":10,"change_units":-100.0,"prev_gmv":"10.00","change_gmv":-100.0,"prev_discounts":"0.00","change_discounts":null,"prev_refunds":"0.00","change_refunds":null,"prev_net":"10.00","change_net":-100.0,"prev_aov":"10.00","change_aov":null}' ]
}

@test "sales on an empty shop: no rows; a window gives its buckets as zeros" {
	run -0 shop init
	run -0 shop-report sales
	[ "$output" = "period,$SALES" ]
	run -0 shop-report sales --by sku
	[ "$output" = "sku,$SALES" ]
	# --from alone: the last bucket would come from the orders; none
	run -0 shop-report sales --from 2026-01-01 --no-header
	[ "$output" = "" ]
	run -0 shop-report sales --by week --from 2026-01-01 --until 2026-01-08 --no-header
	expect <<-EOF
	2026-W01,0,0,0,0.00,0.00,0.00,0.00,
	2026-W02,0,0,0,0.00,0.00,0.00,0.00,
	EOF
}

@test "top --by sku: by gmv, by units, --limit" {
	setup_sales
	# gmv: C 60, A 40, B 35, D 18 (units 3, 4, 7, 18; 3 orders each)
	run -0 shop-report top --by sku
	expect <<-EOF
	rank,sku,gmv,units,orders
	1,C,60.00,3,3
	2,A,40.00,4,3
	3,B,35.00,7,3
	4,D,18.00,18,3
	EOF
	run -0 shop-report top --by sku --metric units --no-header
	expect <<-EOF
	1,D,18.00,18,3
	2,B,35.00,7,3
	3,A,40.00,4,3
	4,C,60.00,3,3
	EOF
	run -0 shop-report top --by sku --limit 2 --no-header
	expect <<-EOF
	1,C,60.00,3,3
	2,A,40.00,4,3
	EOF
}

@test "top: ties go by key; the window counts" {
	setup_sales
	# 2026-03-02: SO-1 (A 2 x 10, B 1 x 5) and SO-8 (C 1 x 20): A and C tie
	# at 20.00 (A first), B and C at 1 unit (B first)
	run -0 shop-report top --by sku --from 2026-03-02 --until 2026-03-03 --no-header
	expect <<-EOF
	1,A,20.00,2,1
	2,C,20.00,1,1
	3,B,5.00,1,1
	EOF
	run -0 shop-report top --by sku --metric units --from 2026-03-02 --until 2026-03-03 --no-header
	expect <<-EOF
	1,A,20.00,2,1
	2,B,5.00,1,1
	3,C,20.00,1,1
	EOF
	# from 2027: SO-6 (B 4 x 5), SO-7 (D 3 x 1)
	run -0 shop-report top --by sku --from 2027-01-01 --no-header
	expect <<-EOF
	1,B,20.00,4,1
	2,D,3.00,3,1
	EOF
}

@test "top --by category, brand and customer" {
	setup_sales
	# 手机/智能 = A + B: 75.00, 11 units, 5 orders; Home/Kitchen = C; '' = D
	run -0 shop-report top --by category
	expect <<-EOF
	rank,category,gmv,units,orders
	1,手机/智能,75.00,11,5
	2,Home/Kitchen,60.00,3,3
	3,,18.00,18,3
	EOF
	run -0 shop-report top --by brand --metric units --no-header
	expect <<-EOF
	1,,18.00,18,3
	2,华为,75.00,11,5
	3,Acme,60.00,3,3
	EOF
	# C2 70.00 (8 units, 3 orders), C1 63.00 (13, 4), C3 20.00 (11, 2)
	run -0 shop-report top --by customer
	expect <<-EOF
	rank,customer,gmv,units,orders
	1,C2,70.00,8,3
	2,C1,63.00,13,4
	3,C3,20.00,11,2
	EOF
	run -0 shop-report top --by customer --metric units --limit 1 --no-header
	[ "$output" = "1,C1,63.00,13,4" ]
}

@test "--chart with --format table: bars lined up by display width, a Chinese label too" {
	setup_sales
	# COLUMNS=40: labels 6 wide ("(none)"), values 5 ("75.00"): bars of
	# 40 - 6 - 5 - 4 = 25 cells; 75 fills them, 60 takes 25 x 60/75 = 20,
	# 18 takes 6 (48 eighths). 华为 is 4 columns wide in 6 bytes: padded
	# by width, every line is 6 + 2 + 25 + 1 + 5 = 39 columns.
	COLUMNS=40 run -0 shop-report top --by brand --chart --format table
	expect <<-EOF
	rank  brand    gmv  units  orders
	----  -----  -----  -----  ------
	   1  华为   75.00     11       5
	   2  Acme   60.00      3       3
	   3         18.00     18       3

	gmv
	华为    █████████████████████████ 75.00
	Acme    ████████████████████      60.00
	(none)  ██████                    18.00
	EOF
}

@test "--chart by period: a sparkline of gmv and bars" {
	setup_sales
	# gmv by month from 2026-03: 80, 30, 0 x 7, 10, 23. Sparkline 0 .. 80
	# in 8 steps: 80 -> 7 (█), 30 -> 2.6 -> 3 (▄), 0 -> ▁, 10 -> 0.9 -> 1
	# (▂), 23 -> 2.0 -> 2 (▃). Bars of 40 - 7 - 5 - 4 = 24 cells: 30 -> 9,
	# 10 -> 3, 23 -> 24 x 8 x 23/80 = 55.2 eighths: 6 cells and 7/8 (▉)
	COLUMNS=40 run -0 shop-report sales --from 2026-03-01 --chart --format table
	expect <<-EOF
	period   orders  paid_orders  units    gmv  discounts  refunds    net    aov
	-------  ------  -----------  -----  -----  ---------  -------  -----  -----
	2026-03       4            3     11  80.00       5.00    10.00  45.00  18.75
	2026-04       1            0      3  30.00       0.00    10.00   0.00  30.00
	2026-05       0            0      0   0.00       0.00     0.00   0.00
	2026-06       0            0      0   0.00       0.00     0.00   0.00
	2026-07       0            0      0   0.00       0.00     0.00   0.00
	2026-08       0            0      0   0.00       0.00     0.00   0.00
	2026-09       0            0      0   0.00       0.00     0.00   0.00
	2026-10       0            0      0   0.00       0.00     0.00   0.00
	2026-11       0            0      0   0.00       0.00     0.00   0.00
	2026-12       1            0      1  10.00       0.00     0.00  10.00  10.00
	2027-01       2            2      7  23.00       0.00     0.00  23.00  11.50

	gmv  █▄▁▁▁▁▁▁▁▂▃  0.00 .. 80.00
	2026-03  ████████████████████████ 80.00
	2026-04  █████████                30.00
	2026-05                            0.00
	2026-06                            0.00
	2026-07                            0.00
	2026-08                            0.00
	2026-09                            0.00
	2026-10                            0.00
	2026-11                            0.00
	2026-12  ███                      10.00
	2027-01  ██████▉                  23.00
	EOF
}

@test "--chart by a dimension: bars of gmv, a row without a key as (none)" {
	setup_sales
	# by spu: '' 18, P1 75, P2 60; labels 6 wide, values 5: 25 cells;
	# 18 -> 6, 60 -> 20
	COLUMNS=40 run -0 shop-report sales --by spu --chart --format table
	expect <<-EOF
	spu  orders  paid_orders  units    gmv  discounts  refunds    net    aov
	---  ------  -----------  -----  -----  ---------  -------  -----  -----
	          3            2     18  18.00       0.00     0.00  18.00   6.00
	P1        5            3     11  75.00       0.00    13.33  55.00  15.00
	P2        3            1      3  60.00       5.00     6.67  15.00  18.33

	gmv
	(none)  ██████                    18.00
	P1      █████████████████████████ 75.00
	P2      ████████████████████      60.00
	EOF
}

@test "--chart on a terminal draws; in a pipe or as csv it is ignored" {
	setup_sales
	# script gives the command a terminal: a table, then the chart
	run -0 script -qec "COLUMNS=40 shop-report top --by brand --metric units --chart" /dev/null
	output=${output//$'\r'/}
	# units: '' 18, 华为 11, Acme 3 in 40 - 6 - 2 - 4 = 28 cells: 11 ->
	# 28 x 8 x 11/18 = 136.9 -> 137 eighths: 17 cells and 1/8 (▏); 3 ->
	# 37.3 -> 37: 4 cells and 5/8 (▋)
	expect <<-EOF
	rank  brand    gmv  units  orders
	----  -----  -----  -----  ------
	   1         18.00     18       3
	   2  华为   75.00     11       5
	   3  Acme   60.00      3       3

	units
	(none)  ████████████████████████████ 18
	华为    █████████████████▏           11
	Acme    ████▋                         3
	EOF
	run -0 shop-report top --by brand --chart
	expect <<-EOF
	rank,brand,gmv,units,orders
	1,华为,75.00,11,5
	2,Acme,60.00,3,3
	3,,18.00,18,3
	EOF
	run -0 shop-report sales --by brand --chart --format csv --no-header
	[ "${lines[2]}" = "华为,5,3,11,75.00,0.00,13.33,55.00,15.00" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "bad options: usage errors exit 2, bad values 65" {
	setup_sales
	run -2 --separate-stderr shop-report sales --by fortnight
	[ "$stderr" = "shop-report: unknown --by 'fortnight' (day, week, month, sku, spu, category, brand, customer or channel) (see 'shop-report sales --help')" ]
	run -2 --separate-stderr shop-report sales --compare last
	[ "$stderr" = "shop-report: unknown --compare 'last' (previous or year) (see 'shop-report sales --help')" ]
	run -2 --separate-stderr shop-report sales --from 2026-03-02 --until 2026-03-02
	[ "$stderr" = "shop-report: --until 2026-03-02 is not after --from 2026-03-02 (see 'shop-report sales --help')" ]
	run -2 --separate-stderr shop-report sales --by sku --compare previous --from 2026-03-01
	[ "$stderr" = "shop-report: --compare by sku compares a window: give --from and --until (see 'shop-report sales --help')" ]
	run -2 shop-report sales --by brand --compare year
	run -2 --separate-stderr shop-report sales extra
	[ "$stderr" = "shop-report: unexpected argument 'extra' (see 'shop-report sales --help')" ]
	run -2 --separate-stderr shop-report top
	[ "$stderr" = "shop-report: missing --by (see 'shop-report top --help')" ]
	run -2 --separate-stderr shop-report top --by spu
	[ "$stderr" = "shop-report: unknown --by 'spu' (did you mean 'sku'?; sku, category, brand or customer) (see 'shop-report top --help')" ]
	run -2 --separate-stderr shop-report top --by sku --metric revenue
	[ "$stderr" = "shop-report: unknown --metric 'revenue' (gmv or units) (see 'shop-report top --help')" ]
	run -2 --separate-stderr shop-report top --by sku --from 2026-03-03 --until 2026-03-02
	[ "$stderr" = "shop-report: --until 2026-03-02 is not after --from 2026-03-03 (see 'shop-report top --help')" ]
	run -65 --separate-stderr shop-report top --by sku --limit 0
	[ "$stderr" = "shop-report: bad --limit '0': out of range" ]
	run -65 --separate-stderr shop-report sales --from junk
	[ "$stderr" = "shop-report: bad --from 'junk': not a timestamp (use 2026-11-22T10:00:00Z)" ]
	run -65 shop-report top --by sku --until 2026-02-30
}

@test "a report reads only: no database is no database, and nothing is written" {
	run -3 --separate-stderr shop-report sales
	[ "$stderr" = "shop-report: no database '$SHOP_DB' (create it with 'shop init')" ]
	setup_sales
	before=$(sql "select count(*) from audit")
	run -0 shop-report sales --by sku
	run -0 shop-report top --by customer
	[ "$(sql "select count(*) from audit")" = "$before" ]
}
