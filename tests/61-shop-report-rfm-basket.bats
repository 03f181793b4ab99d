#!/usr/bin/env bats
# shop-report rfm and basket: RFM quintiles as NTILE(5) deals them (ties by
# customer code) and their segments; association rules as R's arules mines
# them, checked against a published arules run and against baskets
# counted by hand. Every figure below is worked out in the comments.
load helper

RFM=customer,recency_days,frequency,monetary,r,f,m,segment
RULES=antecedent,consequent,support,confidence,lift,count

# A sells at 10.00, B at 2.50, plenty of both in W1.
goods() {
	shop-product -q add A --name Apple --price 10 --status active
	shop-product -q add B --name Bread --price 2.50 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku A --warehouse W1 --qty 1000 --ref G1
	shop-stock -q receive --sku B --warehouse W1 --qty 1000 --ref G2
}

# at TIME CMD...: CMD run with the clock at TIME
at() {
	local t=$1
	shift
	SHOP_NOW=$t "$@"
}

# Seven customers K1..K7; K5 waits for approval above 50.00. The orders,
# numbered in the order they are placed (all A x 1 = 10.00 unless said):
#   SO-1..4   K7  2026-02-01, 03-01, 04-01, 05-26
#   SO-5      K6  2026-08-24
#   SO-6      K5  2026-10-01;  SO-7 K5 2026-10-23, B x 1 = 2.50
#   SO-8, 9   K4  2026-11-01, 2026-11-12
#   SO-10..12 K2  2026-10-01, 2026-11-05, 2026-11-21T23:59:59Z (the last
#             second of the 21st); SO-11 paid, shipped, 5.00 refunded
#   SO-13     K3  2026-11-21T08:00, B x 1 = 2.50
#   SO-14     K1  2026-11-22T00:00 (the first second of the 22nd), with a
#             5.00 cash coupon: 5.00
#   SO-15     K6  2026-11-20, cancelled (else K6's recency would be 2)
#   SO-16     K5  2026-11-21, A x 6 = 60.00, rejected (else K5's recency 1)
rfm_setup() {
	goods
	for c in K1 K2 K3 K4 K6 K7; do shop-order -q customer add $c --name "Customer $c"; done
	shop-order -q customer add K5 --name "Customer K5" --approval-limit 50
	at 2026-11-01T00:00:00Z shop-coupon -q create CASH5 --type cash --value 5
	at 2026-11-01T00:00:00Z shop-coupon -q issue CASH5 --customer K1 >/dev/null
	at 2026-02-01T10:00:00Z shop-order -q create --customer K7 --line A:1 >/dev/null
	at 2026-03-01T10:00:00Z shop-order -q create --customer K7 --line A:1 >/dev/null
	at 2026-04-01T10:00:00Z shop-order -q create --customer K7 --line A:1 >/dev/null
	at 2026-05-26T10:00:00Z shop-order -q create --customer K7 --line A:1 >/dev/null
	at 2026-08-24T10:00:00Z shop-order -q create --customer K6 --line A:1 >/dev/null
	at 2026-10-01T10:00:00Z shop-order -q create --customer K5 --line A:1 >/dev/null
	at 2026-10-23T10:00:00Z shop-order -q create --customer K5 --line B:1 >/dev/null
	at 2026-11-01T10:00:00Z shop-order -q create --customer K4 --line A:1 >/dev/null
	at 2026-11-12T10:00:00Z shop-order -q create --customer K4 --line A:1 >/dev/null
	at 2026-10-01T10:00:00Z shop-order -q create --customer K2 --line A:1 >/dev/null
	at 2026-11-05T10:00:00Z shop-order -q create --customer K2 --line A:1 >/dev/null
	at 2026-11-21T23:59:59Z shop-order -q create --customer K2 --line A:1 >/dev/null
	at 2026-11-21T08:00:00Z shop-order -q create --customer K3 --line B:1 >/dev/null
	at 2026-11-22T00:00:00Z shop-order -q create --customer K1 --line A:1 --coupon CASH5 >/dev/null
	at 2026-11-20T10:00:00Z shop-order -q create --customer K6 --line A:1 >/dev/null
	at 2026-11-21T10:00:00Z shop-order -q create --customer K5 --line A:6 >/dev/null
	shop-order -q cancel SO-15
	shop-order -q reject SO-16
	shop-order -q pay SO-11 --amount 10 --txn P11
	shop-order -q ship SO-11
	shop-order -q refund SO-11 --amount 5 >/dev/null
}

@test "rfm: recency, frequency, monetary and quintile scores by hand, ties by code" {
	rfm_setup
	# as of 2026-11-22 (SHOP_NOW): recency from each last order's date
	#   K1 0 (11-22), K2 1, K3 1 (11-21), K4 10 (11-12), K5 30 (10-23),
	#   K6 90 (08-24: 7 + 30 + 31 + 22), K7 180 (05-26: 5 + 30 + 31 + 31 + 30 + 31 + 22)
	# frequency: K1 1, K2 3, K3 1, K4 2, K5 2, K6 1 (SO-15 cancelled), K7 4
	# monetary: K1 10.00 - 5.00 = 5.00; K2 30.00 - 5.00 refunded = 25.00;
	#   K3 2.50; K4 20.00; K5 10.00 + 2.50 = 12.50; K6 10.00; K7 40.00
	# NTILE(5) of 7 rows: groups of 2, 2, 1, 1, 1
	#   r over recency desc, code: K7 K6 | K5 K4 | K2 | K3 | K1 (K2 and K3
	#     tie at 1 day: K2 first, so K2 3 and K3 4)
	#   f over frequency, code: K1 K3 | K6 K4 | K5 | K2 | K7
	#   m over monetary, code: K3 K1 | K6 K5 | K4 | K2 | K7
	# segments on r and fm = (f + m + 1) / 2:
	#   K1 r5 fm1 new; K2 r3 fm4 loyal; K3 r4 fm1 promising; K4 r2 fm
	#   (2 + 3 + 1) / 2 = 3 at_risk; K5 r2 fm 3 at_risk; K6 r1 fm 2 lost;
	#   K7 r1 fm 5 cant_lose
	run -0 shop-report rfm
	expect <<-EOF
	$RFM
	K1,0,1,5.00,5,1,1,new
	K2,1,3,25.00,3,4,4,loyal
	K3,1,1,2.50,4,1,1,promising
	K4,10,2,20.00,2,2,3,at_risk
	K5,30,2,12.50,2,3,2,at_risk
	K6,90,1,10.00,1,2,2,lost
	K7,180,4,40.00,1,5,5,cant_lose
	EOF
	# the same day given as a date, or as a time on that day
	run -0 shop-report rfm --as-of 2026-11-22 --no-header
	[ "${lines[0]}" = "K1,0,1,5.00,5,1,1,new" ]
	run -0 shop-report rfm --as-of 2026-11-22T23:59:59Z --no-header
	[ "${lines[6]}" = "K7,180,4,40.00,1,5,5,cant_lose" ]
}

@test "rfm --as-of: an order on the day counts, one after it does not" {
	rfm_setup
	# as of 2026-11-21: K2's SO-12 at 23:59:59 that day counts; K1's only
	# order, at 00:00 on the 22nd, does not: K1 is left out. Recency one
	# day less: K2 0, K3 0, K4 9, K5 29, K6 89, K7 179.
	# NTILE(5) of 6 rows: groups of 2, 1, 1, 1, 1
	#   r: K7 K6 | K5 | K4 | K2 | K3 (K2, K3 tie at 0: K2 first)
	#   f: K3 K6 | K4 | K5 | K2 | K7
	#   m: K3 K6 | K5 | K4 | K2 | K7
	# K2 r4 fm4 loyal; K3 r5 fm1 new; K4 r3 f2 m3 fm3 need_attention;
	# K5 r2 f3 m2 fm3 at_risk; K6 r1 fm1 lost; K7 r1 fm5 cant_lose
	run -0 shop-report rfm --as-of 2026-11-21
	expect <<-EOF
	$RFM
	K2,0,3,25.00,4,4,4,loyal
	K3,0,1,2.50,5,1,1,new
	K4,9,2,20.00,3,2,3,need_attention
	K5,29,2,12.50,2,3,2,at_risk
	K6,89,1,10.00,1,1,1,lost
	K7,179,4,40.00,1,5,5,cant_lose
	EOF
	# before any order: nothing
	run -0 shop-report rfm --as-of 2026-01-31
	[ "$output" = "$RFM" ]
}

@test "rfm: cancelled and rejected orders are left out, refunds and credit notes lower monetary" {
	goods
	shop-order -q customer add P1 --name Prepaid
	shop-order -q customer add Q1 --name Credit --terms credit
	shop-order -q customer add R1 --name Waits --approval-limit 5
	# P1: SO-1 A x 2 = 20.00 paid, shipped, 7.50 back; SO-2 cancelled
	shop-order -q create --customer P1 --line A:2 >/dev/null
	shop-order -q create --customer P1 --line A:5 >/dev/null
	shop-order -q pay SO-1 --amount 20 --txn T1
	shop-order -q ship SO-1
	shop-order -q refund SO-1 --amount 7.50 >/dev/null
	shop-order -q cancel SO-2
	# Q1 on credit, SO-3 B x 4 = 10.00 shipped unpaid, 2.50 back as a
	# credit note
	shop-order -q create --customer Q1 --line B:4 >/dev/null
	shop-order -q ship SO-3
	shop-order -q refund SO-3 --amount 2.50 >/dev/null
	# R1: SO-4 waits for approval and is rejected: R1 has no live order
	shop-order -q create --customer R1 --line A:1 >/dev/null
	shop-order -q reject SO-4
	run -0 sql "select status, refunded, credited from orders order by id"
	expect <<-EOF
	shipped|750|0
	cancelled|0|0
	shipped|0|250
	rejected|0|0
	EOF
	# P1 20.00 - 7.50 = 12.50; Q1 10.00 - 2.50 = 7.50. Two rows: NTILE(5)
	# gives 1 and 2. r: recency ties at 0, by code P1 1, Q1 2; f ties at
	# 1: P1 1, Q1 2; m: Q1 7.50 1, P1 12.50 2.
	# P1 r1 f1 m2: fm (1 + 2 + 1) / 2 = 2, lost; Q1 r2 f2 m1: fm 2,
	# hibernating
	run -0 shop-report rfm
	expect <<-EOF
	$RFM
	P1,0,1,12.50,1,1,2,lost
	Q1,0,1,7.50,2,2,1,hibernating
	EOF
}

@test "rfm: jsonl types, the chart on a terminal, nothing charted in a pipe" {
	rfm_setup
	run -0 shop-report rfm --format jsonl
	[ "${lines[0]}" = '{"customer":"K1","recency_days":0,"frequency":1,"monetary":"5.00","r":5,"f":1,"m":1,"segment":"new"}' ]
	# a pipe: --chart is ignored
	run -0 shop-report rfm --chart --no-header
	[ "${#lines[@]}" -eq 7 ]
	# a table (a terminal): the rows, a blank line, then a bar a segment,
	# best first, labels padded to the widest (14) and 2. The bars get
	# COLUMNS 40 less the widest label (14), count (1) and 4: 21 cells; the
	# longest, at_risk's 2, fills them; a 1 is 10.5 cells: 10 full blocks
	# and a half block
	COLUMNS=40 run -0 shop-report rfm --chart --format table
	[[ $output == *$'K7                 180          4     40.00  1  5  5  cant_lose\n\ncustomers by segment\n'* ]]
	[ "${lines[9]}" = "customers by segment" ]
	[ "${lines[10]}" = "champions                             0" ]
	[ "${lines[11]}" = "loyal           ██████████▌           1" ]
	[ "${lines[17]}" = "at_risk         █████████████████████ 2" ]
	[ "${lines[19]}" = "hibernating                           0" ]
	[ "${lines[20]}" = "lost            ██████████▌           1" ]
	[ "${#lines[@]}" -eq 21 ]
}

@test "rfm: no orders, no rows; a bad --as-of is exit 65" {
	shop init -q
	run -0 shop-report rfm
	[ "$output" = "$RFM" ]
	run -65 --separate-stderr shop-report rfm --as-of 2026-02-30
	[ "$stderr" = "shop-report: bad --as-of '2026-02-30': day out of range" ]
	run -2 --separate-stderr shop-report rfm --as-of
	[ -z "$output" ]
}

# ---- basket ----

# import_orders: the orders of the CSV on stdin (order_ref,sku,created_at)
# for customer C1, plenty of each SKU in W1
import_orders() {
	awk -F, -v OFS=, 'NR == 1 { print "order_ref,customer,sku,qty,created_at"; next }
		{ print $1, "C1", $2, 1, $3 }' | shop-order -q import
}

sku_setup() {
	local s
	shop-stock -q warehouse add W1 --name One
	for s in "$@"; do
		shop-product -q add "$s" --name "$s" --price 1 --status active
		shop-stock -q receive --sku "$s" --warehouse W1 --qty 1000 --ref "G-$s"
	done
	shop-order -q customer add C1 --name One
}

@test "basket: the published arules run (five transactions) gives the same rules" {
	# DonaldMod/Apriori_Algorithm_In_R, Apriori_Algorithm_1.md: arules'
	# apriori(transactions, parameter = list(supp = 0.5, conf = 0.8)) printed
	#   {}      => {Drink} 0.8 0.8 1.0 1.00 4
	#   {}      => {Bread} 0.8 0.8 1.0 1.00 4
	#   {Chips} => {Drink} 0.6 1.0 0.6 1.25 3
	# By hand: 5 baskets, support 0.5: 3 of them. Bread 4, Chips 3, Drink 4,
	# Milk 3 (Eggs, Yoghurt 1); Bread+Drink 3, Chips+Drink 3. {} => Bread
	# and {} => Drink 4/5 = 0.8; Chips => Drink 3/3, lift 1 / 0.8 = 1.25;
	# Bread => Drink 3/4 and the rest below 0.8.
	sku_setup Bread Chips Drink Eggs Milk Yoghurt
	import_orders <<-EOF
	order_ref,sku,created_at
	T1,Bread,2026-11-01T10:00:00Z
	T1,Chips,2026-11-01T10:00:00Z
	T1,Eggs,2026-11-01T10:00:00Z
	T1,Drink,2026-11-01T10:00:00Z
	T2,Bread,2026-11-02T10:00:00Z
	T2,Chips,2026-11-02T10:00:00Z
	T2,Drink,2026-11-02T10:00:00Z
	T3,Bread,2026-11-03T10:00:00Z
	T3,Milk,2026-11-03T10:00:00Z
	T3,Yoghurt,2026-11-03T10:00:00Z
	T4,Bread,2026-11-04T10:00:00Z
	T4,Drink,2026-11-04T10:00:00Z
	T4,Milk,2026-11-04T10:00:00Z
	T5,Chips,2026-11-05T10:00:00Z
	T5,Drink,2026-11-05T10:00:00Z
	T5,Milk,2026-11-05T10:00:00Z
	EOF
	run -0 shop-report basket --min-support 0.5 --min-confidence 0.8
	expect <<-EOF
	$RULES
	Chips,Drink,0.600000,1.000000,1.250000,3
	,Bread,0.800000,0.800000,1.000000,4
	,Drink,0.800000,0.800000,1.000000,4
	EOF
}

# Eight baskets from 2026-11-10 (the first at midnight) to the 19th (the
# last a second before the 20th), and two of C, D outside: one a second
# before the 10th, one at midnight on the 20th. Order 1 has two lines of A
# (one A in the basket).
#   1 A B C   2 A B   3 A B C D   4 A C   5 B C   6 A B D   7 C D   8 A
# Counts: A 6, B 5, C 5, D 3; AB 4, AC 3, AD 2, BC 3, BD 2, CD 2; ABC 2,
# ABD 2, ACD 1, BCD 1.
basket_setup() {
	sku_setup A B C D
	shop-order -q customer add C2 --name Two --approval-limit 1
	import_orders <<-EOF
	order_ref,sku,created_at
	O1,A,2026-11-10T00:00:00Z
	O1,B,2026-11-10T00:00:00Z
	O1,C,2026-11-10T00:00:00Z
	O1,A,2026-11-10T00:00:00Z
	O2,A,2026-11-11T10:00:00Z
	O2,B,2026-11-11T10:00:00Z
	O3,A,2026-11-12T10:00:00Z
	O3,B,2026-11-12T10:00:00Z
	O3,C,2026-11-12T10:00:00Z
	O3,D,2026-11-12T10:00:00Z
	O4,A,2026-11-13T10:00:00Z
	O4,C,2026-11-13T10:00:00Z
	O5,B,2026-11-14T10:00:00Z
	O5,C,2026-11-14T10:00:00Z
	O6,A,2026-11-15T10:00:00Z
	O6,B,2026-11-15T10:00:00Z
	O6,D,2026-11-15T10:00:00Z
	O7,C,2026-11-16T10:00:00Z
	O7,D,2026-11-16T10:00:00Z
	O8,A,2026-11-19T23:59:59Z
	X1,C,2026-11-09T23:59:59Z
	X1,D,2026-11-09T23:59:59Z
	X2,C,2026-11-20T00:00:00Z
	X2,D,2026-11-20T00:00:00Z
	EOF
	# in the window but not live: SO-11 cancelled, SO-12 rejected
	at 2026-11-15T10:00:00Z shop-order -q create --customer C1 --line A:1 --line D:1 >/dev/null
	shop-order -q cancel SO-11
	at 2026-11-15T10:00:00Z shop-order -q create --customer C2 --line B:1 --line D:1 >/dev/null
	shop-order -q reject SO-12
}

@test "basket: supports, confidences and lifts by hand, and the sort order" {
	basket_setup
	# 8 baskets, support 0.25: 2 of them; confidence 0.6. Lift = count x 8
	# / (antecedent x consequent):
	#   A;D => B 2/2 = 1, lift 16 / (2 x 5) = 1.6
	#   B;D => A 2/2 = 1, lift 16 / (2 x 6) = 1.333333
	#   B => A 4/5 = 0.8, lift 32 / 30; A => B 4/6, 32 / 30; A;C => B 2/3,
	#   16 / 15; D => B 2/3, 16 / 15; D => C 2/3, 16 / 15: all the same lift
	#   1.066667, exactly; then by confidence (0.8 before 2/3), by support
	#   (A => B 0.5 first), by antecedent SKU by SKU (A;C before D), by
	#   consequent
	#   {} => A 6/8, {} => B 5/8, {} => C 5/8: lift 1 ({} => D 3/8 is out)
	#   B => C 3/5 = 0.6, C => B 3/5, lift 24 / 25 = 0.96
	#   B;C => A 2/3, D => A 2/3: lift 16 / 18 = 0.888889
	#   C => A 3/5 = 0.6 (kept: at least 0.6), lift 24 / 30 = 0.8
	# Out: A => C 3/6, A => D 2/6, B => D 2/5, C => D 2/5, A;B => C 2/4,
	# A;B => D 2/4; A;C;D and B;C;D are in one basket only.
	run -0 shop-report basket --min-support 0.25 --min-confidence 0.6 --from 2026-11-10 --until 2026-11-20
	expect <<-EOF
	$RULES
	A;D,B,0.250000,1.000000,1.600000,2
	B;D,A,0.250000,1.000000,1.333333,2
	B,A,0.500000,0.800000,1.066667,4
	A,B,0.500000,0.666667,1.066667,4
	A;C,B,0.250000,0.666667,1.066667,2
	D,B,0.250000,0.666667,1.066667,2
	D,C,0.250000,0.666667,1.066667,2
	,A,0.750000,0.750000,1.000000,6
	,B,0.625000,0.625000,1.000000,5
	,C,0.625000,0.625000,1.000000,5
	B,C,0.375000,0.600000,0.960000,3
	C,B,0.375000,0.600000,0.960000,3
	B;C,A,0.250000,0.666667,0.888889,2
	D,A,0.250000,0.666667,0.888889,2
	C,A,0.375000,0.600000,0.800000,3
	EOF
	# the same as a table and as jsonl
	run -0 shop-report basket --min-support 0.25 --min-confidence 0.6 --from 2026-11-10 --until 2026-11-20 --format jsonl
	[ "${lines[0]}" = '{"antecedent":"A;D","consequent":"B","support":0.250000,"confidence":1.000000,"lift":1.600000,"count":2}' ]
	[ "${lines[7]}" = '{"antecedent":"","consequent":"A","support":0.750000,"confidence":0.750000,"lift":1.000000,"count":6}' ]
}

@test "basket --max-len counts every item of a rule; --min-confidence" {
	basket_setup
	# max-len 2: the four rules of three items go (A;D => B, B;D => A,
	# A;C => B, B;C => A): 15 - 4 = 11
	run -0 shop-report basket --min-support 0.25 --min-confidence 0.6 --from 2026-11-10 --until 2026-11-20 --max-len 2
	expect <<-EOF
	$RULES
	B,A,0.500000,0.800000,1.066667,4
	A,B,0.500000,0.666667,1.066667,4
	D,B,0.250000,0.666667,1.066667,2
	D,C,0.250000,0.666667,1.066667,2
	,A,0.750000,0.750000,1.000000,6
	,B,0.625000,0.625000,1.000000,5
	,C,0.625000,0.625000,1.000000,5
	B,C,0.375000,0.600000,0.960000,3
	C,B,0.375000,0.600000,0.960000,3
	D,A,0.250000,0.666667,0.888889,2
	C,A,0.375000,0.600000,0.800000,3
	EOF
	# max-len 1: only {} => x
	run -0 shop-report basket --min-support 0.25 --min-confidence 0.6 --from 2026-11-10 --until 2026-11-20 --max-len 1 --no-header
	expect <<-EOF
	,A,0.750000,0.750000,1.000000,6
	,B,0.625000,0.625000,1.000000,5
	,C,0.625000,0.625000,1.000000,5
	EOF
	# confidence 0.7: 1, 1, 0.8 and {} => A 0.75
	run -0 shop-report basket --min-support 0.25 --min-confidence 0.7 --from 2026-11-10 --until 2026-11-20 --no-header
	expect <<-EOF
	A;D,B,0.250000,1.000000,1.600000,2
	B;D,A,0.250000,1.000000,1.333333,2
	B,A,0.500000,0.800000,1.066667,4
	,A,0.750000,0.750000,1.000000,6
	EOF
}

@test "basket --from/--until: the window picks the baskets" {
	basket_setup
	# all ten live orders (the two of C, D outside the window too): A 6,
	# B 5, C 7, D 5; AB 4, CD 4. Support 0.4: 4 of 10; confidence 0.8:
	#   B => A 4/5, lift 40 / 30 = 1.333333; D => C 4/5, lift 40 / 35 = 1.142857
	#   (A => B 4/6, C => D 4/7, {} => C 7/10 fall short)
	run -0 shop-report basket --min-support 0.4 --min-confidence 0.8
	expect <<-EOF
	$RULES
	B,A,0.400000,0.800000,1.333333,4
	D,C,0.400000,0.800000,1.142857,4
	EOF
	# the eight in the window: support 0.4 of 8 is 3.2, so 4; D has 3:
	#   B => A 4/5, lift 32 / 30
	run -0 shop-report basket --min-support 0.4 --min-confidence 0.8 --from 2026-11-10 --until 2026-11-20
	expect <<-EOF
	$RULES
	B,A,0.500000,0.800000,1.066667,4
	EOF
	# --from alone: nine (X2 at midnight on the 20th is in); C 6, D 4, CD 3:
	#   B => A 4/5, lift 36 / 30 = 1.2; D => C 3/4 falls short
	run -0 shop-report basket --min-support 0.4 --min-confidence 0.8 --from 2026-11-10 --no-header
	[ "$output" = "B,A,0.444444,0.800000,1.200000,4" ]
	# --until alone: nine (X1, a second before the 10th, is in): the same
	run -0 shop-report basket --min-support 0.4 --min-confidence 0.8 --until 2026-11-20 --no-header
	[ "$output" = "B,A,0.444444,0.800000,1.200000,4" ]
}

@test "basket: no rule is no rows, exit 0; arules' defaults; bad options" {
	basket_setup
	# support 1: no SKU is in every basket
	run -0 shop-report basket --min-support 1
	[ "$output" = "$RULES" ]
	# a window with no order
	run -0 shop-report basket --from 2027-01-01
	[ "$output" = "$RULES" ]
	# arules' defaults, support 0.1 and confidence 0.8, over all ten: every
	# itemset in a basket is frequent (0.1 of 10 is 1). Counts: A 6, B 5,
	# C 7, D 5; AB 4, AC 3, AD 2, BC 3, BD 2, CD 4; ABC 2, ABD 2, ACD 1,
	# BCD 1; ABCD 1. Confidence 0.8 or more:
	#   A;D => B 2/2, lift 20 / (2 x 5) = 2; A;C;D => B 1/1, 10 / 5 = 2
	#   B;D => A 2/2, 20 / 12 = 1.666667; B;C;D => A 1/1, 10 / 6
	#   B => A 4/5, 40 / 30 = 1.333333; D => C 4/5, 40 / 35 = 1.142857
	# (no {} => x: C's 0.7 is the most; A;B;C => D, A;B;D => C 1/2)
	run -0 shop-report basket
	expect <<-EOF
	$RULES
	A;D,B,0.200000,1.000000,2.000000,2
	A;C;D,B,0.100000,1.000000,2.000000,1
	B;D,A,0.200000,1.000000,1.666667,2
	B;C;D,A,0.100000,1.000000,1.666667,1
	B,A,0.400000,0.800000,1.333333,4
	D,C,0.400000,0.800000,1.142857,4
	EOF
	run -0 shop-report basket --min-support 0.1 --min-confidence 0.8 --max-len 10
	[ "${#lines[@]}" -eq 7 ]
	run -65 --separate-stderr shop-report basket --min-support 0
	[ "$stderr" = "shop-report: bad --min-support '0': not above 0" ]
	run -65 --separate-stderr shop-report basket --min-support 1.5
	[ "$stderr" = "shop-report: bad --min-support '1.5': not between 0 and 1" ]
	run -65 --separate-stderr shop-report basket --min-support 0.0000001
	[ "$stderr" = "shop-report: bad --min-support '0.0000001': too many decimals" ]
	run -65 --separate-stderr shop-report basket --min-confidence x
	[ "$stderr" = "shop-report: bad --min-confidence 'x': not a number" ]
	run -65 --separate-stderr shop-report basket --min-confidence -0.5
	[ "$stderr" = "shop-report: bad --min-confidence '-0.5': not between 0 and 1" ]
	run -65 --separate-stderr shop-report basket --max-len 0
	[[ $stderr == "shop-report: bad --max-len '0': "* ]]
	run -65 --separate-stderr shop-report basket --from yesterday
	[[ $stderr == "shop-report: bad --from 'yesterday': "* ]]
	run -2 --separate-stderr shop-report basket --bogus
	[ "$stderr" = "shop-report: unknown option '--bogus' (see 'shop-report basket --help')" ]
	run -2 --separate-stderr shop-report basket extra
	[ -z "$output" ]
}

@test "basket: antecedents list their SKUs by code in byte order, whatever order they came in" {
	# added b, A10, A9; byte order A10 < A9 < b. Three baskets: b A10 A9
	# twice, A9 once. Support 0.6 of 3: 2; confidence 1.
	# b 2, A10 2, A9 3; every pair 2, the triple 2. Confidence 1: {} => A9
	# 3/3; A10 => A9, b => A9, A10;b => A9 (lift 2 x 3 / (2 x 3) = 1);
	# A10 => b, b => A10, A10;A9 => b, A9;b => A10 (lift 2 x 3 / (2 x 2) =
	# 1.5); A9 => A10 and A9 => b are 2/3.
	sku_setup b A10 A9
	import_orders <<-EOF
	order_ref,sku,created_at
	O1,b,2026-11-01T10:00:00Z
	O1,A10,2026-11-01T10:00:00Z
	O1,A9,2026-11-01T10:00:00Z
	O2,A9,2026-11-02T10:00:00Z
	O2,A10,2026-11-02T10:00:00Z
	O2,b,2026-11-02T10:00:00Z
	O3,A9,2026-11-03T10:00:00Z
	EOF
	run -0 shop-report basket --min-support 0.6 --min-confidence 1
	expect <<-EOF
	$RULES
	A10,b,0.666667,1.000000,1.500000,2
	A10;A9,b,0.666667,1.000000,1.500000,2
	A9;b,A10,0.666667,1.000000,1.500000,2
	b,A10,0.666667,1.000000,1.500000,2
	,A9,1.000000,1.000000,1.000000,3
	A10,A9,0.666667,1.000000,1.000000,2
	A10;b,A9,0.666667,1.000000,1.000000,2
	b,A9,0.666667,1.000000,1.000000,2
	EOF
}

@test "basket: hundreds of SKUs in rules are named from one pass over the catalogue" {
	# 300 SKUs added S300 first, each alone in an order of its own: at
	# support 0.003 (1 of 300) each gives {} => S, support 1/300 =
	# 0.003333, confidence the same, lift 1; ties sorted by SKU code
	shop-stock -q warehouse add W1 --name One
	awk 'BEGIN { print "sku,name,price,status"; for (i = 300; i >= 1; i--) printf "S%03d,Item %d,1,active\n", i, i }' |
		shop-product -q import
	awk 'BEGIN { print "sku,warehouse,qty,ref"; for (i = 1; i <= 300; i++) printf "S%03d,W1,10,G\n", i }' |
		shop-stock -q receive
	shop-order -q customer add C1 --name One
	awk 'BEGIN { print "order_ref,customer,sku,qty"; for (i = 1; i <= 300; i++) printf "R%d,C1,S%03d,1\n", i, i }' |
		shop-order -q import
	run -0 shop-report basket --min-support 0.003 --min-confidence 0 --no-header
	[ "${#lines[@]}" -eq 300 ]
	[ "${lines[0]}" = ",S001,0.003333,0.003333,1.000000,1" ]
	[ "${lines[149]}" = ",S150,0.003333,0.003333,1.000000,1" ]
	[ "${lines[299]}" = ",S300,0.003333,0.003333,1.000000,1" ]
}
