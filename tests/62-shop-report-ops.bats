#!/usr/bin/env bats
# shop-report stock, coupons, suppliers, ledger and audit: each over a
# small scenario whose figures are worked out by hand in the comments.
# The clock is 2026-11-22T10:00:00Z (helper.bash): "today" is 2026-11-22,
# the last 30 days start on 2026-10-24, the last 365 on 2025-11-23, and a
# day's index j in those 365 is 364 minus the days before today.
load helper

STOCK=sku,warehouse,on_hand,cost,value,units_30d,days_of_cover,turnover,last_sale,dead
LEDGER=account,debit,credit,balance
SUPPLIERS=supplier,pos,deliveries,on_time_rate,fill_rate,over,short
AUDIT=user,program,command,writes,first,last

# at DAY CMD...: run CMD at 10:00 of DAY
at() {
	local day=$1
	shift
	SHOP_NOW=${day}T10:00:00Z "$@"
}

# sell DAY SKU QTY: C1 (on credit: no payment needed) orders QTY of SKU on
# DAY and it is shipped the same day
sell() {
	local so
	so=$(at "$1" shop-order -q create --customer C1 --line "$2:$3") || return 1
	at "$1" shop-order -q ship "$so"
}

# A 4.00, B 2.50 and D 1.00 at cost in W1; C without a cost in W2.
#   A: 100 in on 2026-10-01 (j 312: 52 days before today), 7 shipped on
#      2026-10-20 (j 331), 40 on 2026-11-20 (j 362): on hand 53
#   B: 20 in on 2025-06-01 (before the 365 days), 5 shipped 2026-08-01
#      (j 251: 113 days before): on hand 15
#   D: 10 in on 2026-10-01 (j 312), 10 shipped 2026-10-15 (j 326): none left
#   C: 7 in today (j 364), never sold
setup_stock() {
	shop-product -q add A --name Apple --price 10 --cost 4 --status active
	shop-product -q add B --name Banana --price 5 --cost 2.50 --status active
	shop-product -q add C --name Cherry --price 3 --status active
	shop-product -q add D --name Date --price 2 --cost 1 --status active
	shop-stock -q warehouse add W1 --name One --priority 1
	shop-stock -q warehouse add W2 --name Two --priority 2
	shop-order -q customer add C1 --name One --terms credit
	at 2025-06-01 shop-stock -q receive --sku B --warehouse W1 --qty 20 --ref R-B
	at 2026-10-01 shop-stock -q receive --sku A --warehouse W1 --qty 100 --ref R-A
	at 2026-10-01 shop-stock -q receive --sku D --warehouse W1 --qty 10 --ref R-D
	shop-stock -q receive --sku C --warehouse W2 --qty 7 --ref R-C
	sell 2026-08-01 B 5
	sell 2026-10-15 D 10
	sell 2026-10-20 A 7
	sell 2026-11-20 A 40
}

@test "stock: value at cost, days of cover, turnover from the daily closings, last sale, dead" {
	setup_stock
	# A: value 53 x 4.00 = 212.00; units_30d 40 (the 7 of 10-20 are before
	#    10-24); cover 53 x 30 / 40 = 39.75 -> 39.8 (half up); closings:
	#    19 days (j 312..330) x 100 + 31 (j 331..361) x 93 + 3 (j 362..364)
	#    x 53 = 1900 + 2883 + 159 = 4942 (= 365 x 53 - (100 x 312 - 7 x 331
	#    - 40 x 362) = 19345 - 14403); turnover 47 x 365 / 4942 = 3.471 -> 3.47
	# B: 15 x 2.50 = 37.50; no sale in 30 days: no cover; closings 251 x 20
	#    + 114 x 15 = 6730; turnover 5 x 365 / 6730 = 0.271 -> 0.27; its last
	#    sale (08-01) is before 08-25, the first of the last 90 days: dead
	# C: no cost, no value; closings 7 (today only): 0 shipped, 0.00; dead
	# D: 0 x 1.00; closings 14 days (j 312..325) x 10 = 140; turnover
	#    10 x 365 / 140 = 26.071 -> 26.07; nothing on hand: not dead
	run -0 shop-report stock
	expect <<-EOF
	$STOCK
	A,W1,53,4.00,212.00,40,39.8,3.47,2026-11-20,no
	B,W1,15,2.50,37.50,0,,0.27,2026-08-01,yes
	C,W2,7,,,0,,0.00,,yes
	D,W1,0,1.00,0.00,0,,26.07,2026-10-15,no
	EOF
}

@test "stock: --dead-days counts today and the days before it; --warehouse" {
	setup_stock
	# 120 days start on 2026-07-26: B's sale of 08-01 is in them
	run -0 shop-report stock --dead-days 120 --no-header
	expect <<-EOF
	A,W1,53,4.00,212.00,40,39.8,3.47,2026-11-20,no
	B,W1,15,2.50,37.50,0,,0.27,2026-08-01,no
	C,W2,7,,,0,,0.00,,yes
	D,W1,0,1.00,0.00,0,,26.07,2026-10-15,no
	EOF
	# 3 days: 11-20 to 11-22, A's last sale is in; 2 days: 11-21 on, it is not
	run -0 shop-report stock --dead-days 3 --no-header --warehouse W1
	expect <<-EOF
	A,W1,53,4.00,212.00,40,39.8,3.47,2026-11-20,no
	B,W1,15,2.50,37.50,0,,0.27,2026-08-01,yes
	D,W1,0,1.00,0.00,0,,26.07,2026-10-15,no
	EOF
	run -0 shop-report stock --dead-days 2 --no-header --warehouse W1
	[ "${lines[0]}" = "A,W1,53,4.00,212.00,40,39.8,3.47,2026-11-20,yes" ]
	run -0 shop-report stock --warehouse W2 --no-header
	[ "$output" = "C,W2,7,,,0,,0.00,,yes" ]
}

@test "stock: the windows move with the clock" {
	setup_stock
	# on 2026-11-19 A's 40 of 11-20 are to come: as of then, counted as
	# that day's (j 364), so they leave no closing; units_30d from 10-21 is
	# 40 (the 7 of 10-20 are out); 10-20 is j 364 - 30 = 334, the receipt
	# of 10-01 j 315: closings 19 x 100 + 30 x 93 + 1 x 53 = 1900 + 2790 + 53
	# = 4743; turnover 47 x 365 / 4743 = 3.617 -> 3.62
	run -0 env SHOP_NOW=2026-11-19T10:00:00Z shop-report stock --no-header --warehouse W1
	[ "${lines[0]}" = "A,W1,53,4.00,212.00,40,39.8,3.62,2026-11-20,no" ]
	# a year on (2027-11-19) the 365 days start on 2026-11-20: of A's sales
	# only the 40 of that day are in them, on their first day (j 0), so in
	# every closing: 365 x 53 = 19345; turnover 40 x 365 / 19345 = 0.754 ->
	# 0.75; no sale in the last 30 days: no cover, and dead
	run -0 env SHOP_NOW=2027-11-19T10:00:00Z shop-report stock --no-header --warehouse W1
	[ "${lines[0]}" = "A,W1,53,4.00,212.00,0,,0.75,2026-11-20,yes" ]
}

@test "stock: --chart draws bars of the value by sku on a terminal table, nothing in a pipe" {
	setup_stock
	run -0 shop-report stock --chart
	expect <<-EOF
	$STOCK
	A,W1,53,4.00,212.00,40,39.8,3.47,2026-11-20,no
	B,W1,15,2.50,37.50,0,,0.27,2026-08-01,yes
	C,W2,7,,,0,,0.00,,yes
	D,W1,0,1.00,0.00,0,,26.07,2026-10-15,no
	EOF
	COLUMNS=40 run -0 shop-report stock --chart --format table
	[ "${#lines[@]}" -eq 11 ]
	[ "${lines[6]}" = "value by sku" ]
	# 40 columns less the label (1), the text (6) and 4 blanks: 29 cells;
	# A is the largest: 29 full blocks; B 37.50 / 212.00 x 232 eighths =
	# 41.04 -> 41: 5 blocks and an eighth; C and D none
	[ "${lines[7]}" = "A  █████████████████████████████ 212.00" ]
	[ "${lines[8]}" = "B  █████▏                         37.50" ]
	[ "${lines[9]}" = "C                                  0.00" ]
	[ "${lines[10]}" = "D                                  0.00" ]
}

@test "stock: bad options" {
	setup_stock
	run -3 --separate-stderr shop-report stock --warehouse W9
	[ "$stderr" = "shop-report: unknown warehouse 'W9'" ]
	[ -z "$output" ]
	run -65 --separate-stderr shop-report stock --dead-days 0
	[ "$stderr" = "shop-report: bad --dead-days '0': out of range" ]
	run -65 --separate-stderr shop-report stock --dead-days soon
	[[ $stderr == "shop-report: bad --dead-days 'soon': "* ]]
	run -2 --separate-stderr shop-report stock --dead 3 --bogus
	[ "$stderr" = "shop-report: unknown option '--bogus' (see 'shop-report stock --help')" ]
	run -2 --separate-stderr shop-report stock W1
	[ "$stderr" = "shop-report: unexpected argument 'W1' (see 'shop-report stock --help')" ]
}

@test "a report writes nothing and needs a database" {
	run -3 --separate-stderr shop-report stock
	[[ $stderr == "shop-report: no database '$SHOP_DB'"* ]]
	setup_stock
	n=$(sql "select count(*) from audit")
	run -0 shop-report stock
	run -0 shop-report ledger
	run -0 shop-report audit
	run -0 sql "select count(*) from audit"
	[ "$output" = "$n" ]
}

@test "coupons: the stats of every coupon and who funds it" {
	shop-product -q add A --name Apple --price 10 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku A --warehouse W1 --qty 100 --ref G1
	shop-order -q customer add C1 --name One
	shop-order -q customer add C2 --name Two
	shop-coupon -q create CASH5 --type cash --value 5 --funded-by platform
	shop-coupon -q create PCT10 --type percent --value 10
	shop-coupon -q create NEW --type cash --value 1
	shop-coupon -q issue CASH5 --customer C1 >/dev/null
	shop-coupon -q issue CASH5 --customer C2 >/dev/null
	shop-coupon -q issue CASH5 --customer C2 >/dev/null
	shop-coupon -q issue PCT10 --customer C1 >/dev/null
	shop-coupon -q issue PCT10 --customer C2 >/dev/null
	shop-coupon -q void CI-5
	# SO-1: 3 A = 30.00 less CASH5's 5.00: 25.00; SO-2: 2 A = 20.00 less
	# 10% = 2.00: 18.00
	shop-order -q create --customer C1 --line A:3 --coupon CASH5 >/dev/null
	shop-order -q create --customer C1 --line A:2 --coupon PCT10 >/dev/null
	# CASH5: 3 issued, 1 used: 33.3%; PCT10: 2 issued (one void), 1 used:
	# 50.0%; NEW: none issued, no rate
	run -0 shop-report coupons
	expect <<-EOF
	code,issued,used,expired,void,redemption_rate,discount,gmv,funded_by
	CASH5,3,1,0,0,33.3,5.00,25.00,platform
	NEW,0,0,0,0,,0.00,0.00,shop
	PCT10,2,1,0,1,50.0,2.00,18.00,shop
	EOF
	# the same figures as shop-coupon stats, one column more
	run -0 shop-coupon stats --no-header
	expect <<-EOF
	CASH5,3,1,0,0,33.3,5.00,25.00
	NEW,0,0,0,0,,0.00,0.00
	PCT10,2,1,0,1,50.0,2.00,18.00
	EOF
	run -2 --separate-stderr shop-report coupons CASH5
	[ "$stderr" = "shop-report: unexpected argument 'CASH5' (see 'shop-report coupons --help')" ]
}

# ACME (lead 7 days) and FAST (lead 2); tolerance 10%.
#   PO-1 ACME, submitted 11-01: 10 A, 4 B; due 11-08. DN-1 on 11-05: 10 A
#        (on time); DN-2 on 11-10: 2 B (late); closed: B short
#   PO-2 ACME, submitted 11-02 10:00: 10 A, due 11-09 10:00; DN-3 at 15:00
#        on 11-09: 11 A (on the due day: on time; 1 over) and a sample of D
#   PO-3 FAST, expected 11-11 given, submitted 11-10 (its lead would say
#        11-12): DN-4 on 11-12, 5 C: late by the date given
#   PO-4 FAST, submitted 11-20: 3 C, nothing came yet (open: not short)
#   PO-5 ACME a draft, PO-6 ACME submitted and cancelled: neither counts
#   SLOW has no PO
setup_suppliers() {
	for s in A B C D; do shop-product -q add $s --name "Item $s" --price 5 --cost 1 --status active; done
	shop-stock -q warehouse add W1 --name One
	shop-po -q supplier add ACME --name Acme --lead-days 7
	shop-po -q supplier add FAST --name Fast --lead-days 2
	shop-po -q supplier add SLOW --name Slow --lead-days 30
	printf 'po:\n  over_receipt_tolerance: 10%%\n' > po.yaml
	at 2026-11-01 shop-po -q create --supplier ACME --warehouse W1 --line A:10:1 --line B:4:1 >/dev/null
	at 2026-11-01 shop-po -q submit PO-1
	at 2026-11-02 shop-po -q create --supplier ACME --warehouse W1 --line A:10:1 >/dev/null
	at 2026-11-02 shop-po -q submit PO-2
	at 2026-11-05 shop-po -q receive PO-1 --line A:10 --ref DN-1
	SHOP_NOW=2026-11-09T15:00:00Z shop-po -q --config po.yaml receive PO-2 --line A:11 --line D:1 \
		--allow-unordered --ref DN-3
	at 2026-11-10 shop-po -q receive PO-1 --line B:2 --ref DN-2
	at 2026-11-10 shop-po -q close PO-1
	at 2026-11-10 shop-po -q create --supplier FAST --warehouse W1 --line C:5:1 \
		--expected-at 2026-11-11T00:00:00Z >/dev/null
	at 2026-11-10 shop-po -q submit PO-3
	at 2026-11-12 shop-po -q receive PO-3 --line C:5 --ref DN-4
	at 2026-11-20 shop-po -q create --supplier FAST --warehouse W1 --line C:3:1 >/dev/null
	at 2026-11-20 shop-po -q submit PO-4
	shop-po -q create --supplier ACME --warehouse W1 --line A:1:1 >/dev/null
	shop-po -q create --supplier ACME --warehouse W1 --line A:1:1 >/dev/null
	shop-po -q submit PO-6
	shop-po -q cancel PO-6
}

@test "suppliers: on time by the due date, fill rate, over and short lines" {
	setup_suppliers
	# ACME: PO-1 and PO-2; 3 receipts, 2 on time: 66.67 -> 66.7; ordered
	#   10 + 4 + 10 = 24, filled 10 + 2 + 10 (the 11th fills nothing) = 22:
	#   91.67 -> 91.7; over: PO-2's A; short: PO-1's B (the sample of D is
	#   in none)
	# FAST: PO-3 and PO-4; 1 receipt, late: 0.0; 5 of 8: 62.5; nothing over,
	#   and PO-4 is open
	run -0 shop-report suppliers
	expect <<-EOF
	$SUPPLIERS
	ACME,2,3,66.7,91.7,1,1
	FAST,2,1,0.0,62.5,0,0
	EOF
}

@test "suppliers: --from and --until window the POs by their submission" {
	setup_suppliers
	# from 11-02: PO-2 (1 receipt, on time, 10 of 10, 1 over) and FAST's
	run -0 shop-report suppliers --from 2026-11-02 --no-header
	expect <<-EOF
	ACME,1,1,100.0,100.0,1,0
	FAST,2,1,0.0,62.5,0,0
	EOF
	# until 11-02: PO-1 only (2 receipts, 1 on time: 50.0; 12 of 14:
	# 85.71 -> 85.7; B short); FAST submitted nothing then: left out
	run -0 shop-report suppliers --until 2026-11-02 --no-header
	[ "$output" = "ACME,1,2,50.0,85.7,0,1" ]
	# PO-4 alone: no receipt, no rate
	run -0 shop-report suppliers --from 2026-11-20T10:00:00Z --until 2026-11-21 --no-header
	[ "$output" = "FAST,1,0,,0.0,0,0" ]
	run -0 shop-report suppliers --from 2026-11-21 --until 2026-11-20
	[ "$output" = "$SUPPLIERS" ]
	run -65 --separate-stderr shop-report suppliers --from yesterday
	[[ $stderr == "shop-report: bad --from 'yesterday': "* ]]
}

# The money, entry by entry (positive = debit):
#   09-05 receive 10 A at 4.00 (opening stock): inventory +40.00,
#         stock_adjustments -40.00
#   10-10 SO-1, 2 A = 20.00: receivable:C1 +20.00, sales -20.00; paid:
#         cash +20.00, receivable:C1 -20.00; shipped: cogs +8.00,
#         inventory -8.00
#   11-03 1 A of SO-1 refunded: refunds +10.00, cash -10.00
#   11-05 PO-1 received, 4 B at 2.00: inventory +8.00, payable:ACME -8.00;
#         paid 5.00: payable:ACME +5.00, cash -5.00
#   11-06 SO-2, 1 A = 10.00, cancelled unpaid: receivable:C1 +10.00,
#         sales -10.00, and back: receivable:C1 -10.00, sales +10.00
setup_ledger() {
	shop-product -q add A --name Apple --price 10 --cost 4 --status active
	shop-product -q add B --name Banana --price 5 --cost 2 --status active
	shop-stock -q warehouse add W1 --name One
	shop-order -q customer add C1 --name One
	shop-po -q supplier add ACME --name Acme
	at 2026-09-05 shop-stock -q receive --sku A --warehouse W1 --qty 10 --ref OPEN
	at 2026-10-10 shop-order -q create --customer C1 --line A:2 >/dev/null
	at 2026-10-10 shop-order -q pay SO-1 --amount 20 --txn T1
	at 2026-10-10 shop-order -q ship SO-1
	at 2026-11-03 shop-order -q refund SO-1 --line A:1 >/dev/null
	at 2026-11-05 shop-po -q create --supplier ACME --warehouse W1 --line B:4:2 >/dev/null
	at 2026-11-05 shop-po -q submit PO-1
	at 2026-11-05 shop-po -q receive PO-1 --line B:4 --ref DN-1
	at 2026-11-05 shop-po -q pay PO-1 --amount 5 --txn S1
	at 2026-11-06 shop-order -q create --customer C1 --line A:1 >/dev/null
	at 2026-11-06 shop-order -q cancel SO-2
}

# the sum of a money column of csv rows (no header), in minor units
sum_col() {
	awk -F, -v c="$1" '{ v = $c; s = 1; if (v ~ /^-/) { s = -1; v = substr(v, 2) }
		split(v, p, "."); t += s * (p[1] * 100 + p[2]) } END { print t + 0 }'
}

@test "ledger: the trial balance by hand; the balances sum to zero" {
	setup_ledger
	export -f sum_col
	# cash 20 | 10 + 5; cogs 8; inventory 40 + 8 | 8; payable:ACME 5 | 8;
	# receivable:C1 20 + 10 | 20 + 10; refunds 10; sales 10 | 20 + 10;
	# stock_adjustments | 40
	run -0 shop-report ledger
	expect <<-EOF
	$LEDGER
	cash,20.00,15.00,5.00
	cogs,8.00,0.00,8.00
	inventory,48.00,8.00,40.00
	payable:ACME,5.00,8.00,-3.00
	receivable:C1,30.00,30.00,0.00
	refunds,10.00,0.00,10.00
	sales,10.00,30.00,-20.00
	stock_adjustments,0.00,40.00,-40.00
	EOF
	# 5 + 8 + 40 - 3 + 0 + 10 - 20 - 40 = 0; debits 131.00 = credits 131.00
	run -0 bash -c "shop-report ledger --no-header | sum_col 4"
	[ "$output" = 0 ]
	run -0 bash -c "shop-report ledger --no-header | sum_col 2"
	[ "$output" = 13100 ]
	run -0 bash -c "shop-report ledger --no-header | sum_col 3"
	[ "$output" = 13100 ]
}

@test "ledger: --as-of takes the entries up to the end of the day" {
	setup_ledger
	export -f sum_col
	# to 11-02: September and October's entries
	run -0 shop-report ledger --as-of 2026-11-02
	expect <<-EOF
	$LEDGER
	cash,20.00,0.00,20.00
	cogs,8.00,0.00,8.00
	inventory,40.00,8.00,32.00
	receivable:C1,20.00,20.00,0.00
	sales,0.00,20.00,-20.00
	stock_adjustments,0.00,40.00,-40.00
	EOF
	# 20 + 8 + 32 + 0 - 20 - 40 = 0
	run -0 bash -c "shop-report ledger --as-of 2026-11-02 --no-header | sum_col 4"
	[ "$output" = 0 ]
	# the refund of 11-03 10:00 is in the day 11-03, whatever the time given
	run -0 shop-report ledger --as-of 2026-11-03T00:00:00Z --no-header
	[ "${lines[0]}" = "cash,20.00,10.00,10.00" ]
	[ "${lines[4]}" = "refunds,10.00,0.00,10.00" ]
	run -0 shop-report ledger --as-of 2026-09-04
	[ "$output" = "$LEDGER" ]
	run -65 --separate-stderr shop-report ledger --as-of 2026-13-01
	[[ $stderr == "shop-report: bad --as-of '2026-13-01': "* ]]
}

@test "ledger --by month: the trial balance at each month's end" {
	setup_ledger
	export -f sum_col
	run -0 shop-report ledger --by month
	expect <<-EOF
	month,$LEDGER
	2026-09,inventory,40.00,0.00,40.00
	2026-09,stock_adjustments,0.00,40.00,-40.00
	2026-10,cash,20.00,0.00,20.00
	2026-10,cogs,8.00,0.00,8.00
	2026-10,inventory,40.00,8.00,32.00
	2026-10,receivable:C1,20.00,20.00,0.00
	2026-10,sales,0.00,20.00,-20.00
	2026-10,stock_adjustments,0.00,40.00,-40.00
	2026-11,cash,20.00,15.00,5.00
	2026-11,cogs,8.00,0.00,8.00
	2026-11,inventory,48.00,8.00,40.00
	2026-11,payable:ACME,5.00,8.00,-3.00
	2026-11,receivable:C1,30.00,30.00,0.00
	2026-11,refunds,10.00,0.00,10.00
	2026-11,sales,10.00,30.00,-20.00
	2026-11,stock_adjustments,0.00,40.00,-40.00
	EOF
	# every month sums to zero
	for m in 2026-09 2026-10 2026-11; do
		run -0 bash -c "shop-report ledger --by month --no-header | grep '^$m,' | sum_col 5"
		[ "$output" = 0 ]
	done
	# to January: December and January repeat November; October alone
	run -0 shop-report ledger --by month --as-of 2027-01-15 --no-header
	[ "${#lines[@]}" -eq 32 ]
	[ "${lines[16]}" = "2026-12,cash,20.00,15.00,5.00" ]
	[ "${lines[31]}" = "2027-01,stock_adjustments,0.00,40.00,-40.00" ]
	run -0 shop-report ledger --by month --as-of 2026-10-31 --no-header
	[ "${#lines[@]}" -eq 8 ]
	[ "${lines[7]}" = "2026-10,stock_adjustments,0.00,40.00,-40.00" ]
	run -2 --separate-stderr shop-report ledger --by week
	[ "$stderr" = "shop-report: unknown --by 'week' (month) (see 'shop-report ledger --help')" ]
}

@test "ledger --chart: bars of the balances, a sparkline each by month" {
	setup_ledger
	COLUMNS=50 run -0 shop-report ledger --chart --format table --as-of 2026-10-31
	[ "${#lines[@]}" -eq 15 ]
	[ "${lines[8]}" = "balance by account" ]
	# the largest first, the text signed; 50 columns less the label (17),
	# the text (6) and 4 blanks: 23 cells for 40.00; 32.00: 23 x 8 x 32 /
	# 40 = 147.2 -> 147 eighths, 18 blocks and 3 eighths; 20.00: 92, 11
	# blocks and 4 eighths; 8.00: 36.8 -> 37, 4 blocks and 5 eighths
	[ "${lines[9]}" = "stock_adjustments  ███████████████████████ -40.00" ]
	[ "${lines[10]}" = "inventory          ██████████████████▍      32.00" ]
	[ "${lines[11]}" = "cash               ███████████▌             20.00" ]
	[ "${lines[12]}" = "sales              ███████████▌            -20.00" ]
	[ "${lines[13]}" = "cogs               ████▋                     8.00" ]
	[ "${lines[14]}" = "receivable:C1                                0.00" ]
	run -0 shop-report ledger --chart --format table --by month --as-of 2026-10-31
	[ "${lines[10]}" = "balance at each month's end" ]
	# September and October, each account's smallest to its largest (cash
	# had none in September: 0.00)
	[ "${lines[11]}" = "stock_adjustments  ▄▄  -40.00 .. -40.00" ]
	[ "${lines[12]}" = "inventory          █▁  32.00 .. 40.00" ]
	[ "${lines[13]}" = "cash               ▁█  0.00 .. 20.00" ]
	run -0 shop-report ledger --chart --as-of 2026-10-31
	[ "${#lines[@]}" -eq 7 ]
}

# writes at known times by this user; two rows by 'ann' put in by hand
setup_audit() {
	at 2026-11-01 shop-product -q add A --name Apple --price 10 --status active
	at 2026-11-02 shop-product -q add B --name Banana --price 5 --status active
	at 2026-11-03 shop-stock -q warehouse add W1 --name One
	at 2026-11-04 shop-stock -q receive --sku A --warehouse W1 --qty 5 --ref G1
	at 2026-11-05 shop-stock -q receive --sku A --warehouse W1 --qty 5 --ref G1
	at 2026-11-06 shop-stock -q receive --sku B --warehouse W1 --qty 5 --ref G2
	sql "INSERT INTO audit (at, os_user, program, argv, summary, command) VALUES
		('2026-11-02T08:00:00Z', 'ann', 'shop-stock', 'shop-stock receive x.csv', 'x', 'receive'),
		('2026-11-07T08:00:00Z', 'ann', 'shop-product', 'shop-product import y.csv', 'y', 'import')"
}

@test "audit: writes per user, program and command, with the first and the last" {
	setup_audit
	me=$(id -un)
	# the receive of 11-05 was skipped (the same ref): no write, no row
	run -0 shop-report audit
	expect <<-EOF
	$AUDIT
	ann,shop-product,import,1,2026-11-07T08:00:00Z,2026-11-07T08:00:00Z
	ann,shop-stock,receive,1,2026-11-02T08:00:00Z,2026-11-02T08:00:00Z
	$me,shop-product,add,2,2026-11-01T10:00:00Z,2026-11-02T10:00:00Z
	$me,shop-stock,receive,2,2026-11-04T10:00:00Z,2026-11-06T10:00:00Z
	$me,shop-stock,warehouse add,1,2026-11-03T10:00:00Z,2026-11-03T10:00:00Z
	EOF
}

@test "audit: --from, --until and --user" {
	setup_audit
	me=$(id -un)
	run -0 shop-report audit --from 2026-11-02 --until 2026-11-06 --no-header
	expect <<-EOF
	ann,shop-stock,receive,1,2026-11-02T08:00:00Z,2026-11-02T08:00:00Z
	$me,shop-product,add,1,2026-11-02T10:00:00Z,2026-11-02T10:00:00Z
	$me,shop-stock,receive,1,2026-11-04T10:00:00Z,2026-11-04T10:00:00Z
	$me,shop-stock,warehouse add,1,2026-11-03T10:00:00Z,2026-11-03T10:00:00Z
	EOF
	run -0 shop-report audit --user ann --no-header --format tsv
	expect <<-EOF
	ann	shop-product	import	1	2026-11-07T08:00:00Z	2026-11-07T08:00:00Z
	ann	shop-stock	receive	1	2026-11-02T08:00:00Z	2026-11-02T08:00:00Z
	EOF
	run -0 shop-report audit --user nobody-here
	[ "$output" = "$AUDIT" ]
	run -65 --separate-stderr shop-report audit --until 2026-02-30
	[[ $stderr == "shop-report: bad --until '2026-02-30': "* ]]
	run -2 --separate-stderr shop-report audit --user
	[[ $stderr == "shop-report: "*"--user"* ]]
}
