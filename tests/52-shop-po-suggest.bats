#!/usr/bin/env bats
# Reorder suggestions (shop-po suggest): reorder rules (target or order
# quantity), on order counted, MOQ then pack, the supplier chosen, the
# sales-based need without a rule, a levels CSV on stdin, --warehouse and
# --create; every figure by hand. A suggest with nothing to read is given
# </dev/null, as cron gives it.
load helper

HEAD=supplier,sku,warehouse,available,on_order,reorder_point,suggested_qty

# A (cost 4.00), B (2.00), C (3.00), D (no cost); warehouses W1, W2;
# suppliers ACME (lead 7 days) and BOLT (lead 3).
setup_suggest() {
	shop-product -q add A --name Apple --price 10 --cost 4 --status active
	shop-product -q add B --name Banana --price 5 --cost 2 --status active
	shop-product -q add C --name Cherry --price 8 --cost 3 --status active
	shop-product -q add D --name Date --price 9 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q warehouse add W2 --name Two
	shop-po -q supplier add ACME --name "Acme Trading" --lead-days 7
	shop-po -q supplier add BOLT --name "Bolt Supply" --lead-days 3
}

# items CSV-ROW...: supplier items (supplier,sku,cost,moq,pack_size,lead_days)
items() {
	printf '%s\n' supplier,sku,cost,moq,pack_size,lead_days "$@" | shop-po -q supplier items import
}

# rules CSV-ROW...: reorder rules (sku,warehouse,reorder_point,target,order_qty,supplier)
rules() {
	printf '%s\n' sku,warehouse,reorder_point,target,order_qty,supplier "$@" | shop-stock -q reorder import
}

# stock SKU WAREHOUSE QTY: a receipt
stock() {
	shop-stock -q receive --sku "$1" --warehouse "$2" --qty "$3" --ref "R-$1-$2"
}

@test "rules: a target rule up to its target, an order-quantity rule its quantity, a row above its point left out" {
	setup_suggest
	items ACME,A,3.50,,, ACME,B,2.00,,, ACME,C,3.00,,,
	stock A W1 3
	stock B W1 2
	stock C W1 9
	rules A,W1,3,20,, B,W1,4,,25, C,W1,8,30,,
	run -0 shop-po suggest </dev/null
	# A: 3 available, at its point 3: 20 - 3 - 0 = 17
	# B: 2 <= 4: its order_qty, 25
	# C: 9 > 8: nothing
	expect <<-EOF
	$HEAD
	ACME,A,W1,3,0,3,17
	ACME,B,W1,2,0,4,25
	EOF
	# nothing due: a header and no rows, exit 0
	rules C,W1,0,30,,
	shop-stock -q receive --sku A --warehouse W1 --qty 20 --ref R-more
	shop-stock -q receive --sku B --warehouse W1 --qty 20 --ref R-more
	run -0 shop-po suggest </dev/null
	[ "$output" = "$HEAD" ]
}

@test "on_order counts what a submitted PO brings, not a draft" {
	setup_suggest
	items ACME,A,3.50,,,
	stock A W1 3
	rules A,W1,10,20,,
	shop-po -q create --supplier ACME --warehouse W1 --line A:6 >/dev/null
	shop-po -q submit PO-1
	shop-po -q create --supplier ACME --warehouse W1 --line A:4 >/dev/null
	run -0 shop-po suggest --no-header </dev/null
	# 3 + 6 = 9 <= 10: 20 - 3 - 6 = 11 (the draft's 4 are not on order)
	[ "$output" = "ACME,A,W1,3,6,10,11" ]
	# 4 more arrive of PO-1: 7 available, 2 on order, 9 <= 10: 20 - 7 - 2 = 11
	shop-po -q receive PO-1 --line A:4 --ref DN-1
	run -0 shop-po suggest --no-header </dev/null
	[ "$output" = "ACME,A,W1,7,2,10,11" ]
	# the rest: 9 available, 0 on order: 20 - 9 - 0 = 11
	shop-po -q receive PO-1 --line A:2 --ref DN-2
	run -0 shop-po suggest --no-header </dev/null
	[ "$output" = "ACME,A,W1,9,0,10,11" ]
}

@test "the need raised to the MOQ, then rounded up to the pack" {
	setup_suggest
	items ACME,A,3.50,10,6, ACME,B,2.00,1,6, ACME,C,3.00,5,1, ACME,D,1.00,4,3,
	stock A W1 3
	rules A,W1,5,10,, B,W1,0,13,, C,W1,0,,3, D,W1,0,,4,
	run -0 shop-po suggest --no-header </dev/null
	# A: 10 - 3 = 7, MOQ 10, packs of 6: 12
	# B: 13, MOQ 1, packs of 6: 18
	# C: 3, MOQ 5: 5
	# D: 4, MOQ 4, packs of 3: 6
	expect <<-EOF
	ACME,A,W1,3,0,5,12
	ACME,B,W1,0,0,0,18
	ACME,C,W1,0,0,0,5
	ACME,D,W1,0,0,0,6
	EOF
}

@test "the supplier: the rule's when it names one, else the cheapest item (ties: the smaller code), else none" {
	setup_suggest
	items ACME,A,3.50,,, BOLT,A,3.00,,, ACME,B,2.00,,, BOLT,B,2.00,,, ACME,C,3.00,,, BOLT,C,2.50,,6,
	# all 0 available at point 0: each its order_qty 5
	rules A,W1,0,,5, B,W1,0,,5, C,W1,0,,5,ACME D,W1,0,,5,
	run -0 shop-po suggest </dev/null
	# A: BOLT's 3.00 is cheaper; B: 2.00 both, ACME < BOLT; C: the rule's
	# ACME although BOLT is cheaper (its pack of 6 plays no part); D: no
	# item anywhere: supplier '', 5 as is
	expect <<-EOF
	$HEAD
	,D,W1,0,0,0,5
	ACME,B,W1,0,0,0,5
	ACME,C,W1,0,0,0,5
	BOLT,A,W1,0,0,0,5
	EOF
}

# C in W1: 120 received; orders of K: 40 on 11-01, 20 at the window's first
# second (10-23T10:00:00Z, 30 days before now), 50 a second before it, 7
# now then cancelled; reserved 40 + 20 + 50 = 110, available 120 - 110 =
# 10. PO-1 submitted: 4 on order. ACME's item C: lead 5 days (its own, not
# ACME's 7).
setup_sales() {
	setup_suggest
	shop-order -q customer add K --name Kay
	items ACME,C,3.00,,,5
	stock C W1 120
	cat >orders.csv <<-EOF
	order_ref,customer,sku,qty,warehouse,created_at
	S1,K,C,40,W1,2026-11-01T00:00:00Z
	S2,K,C,20,W1,2026-10-23T10:00:00Z
	S3,K,C,50,W1,2026-10-23T09:59:59Z
	EOF
	shop-order -q import orders.csv
	n=$(shop-order create --customer K --line C:7)
	shop-order -q cancel "$n"
	shop-po -q create --supplier ACME --warehouse W1 --line C:4 >/dev/null
	shop-po -q submit PO-1
}

@test "without a rule: the sales of the window per day x (lead + safety days), net of available and on order" {
	setup_sales
	run -0 shop-stock levels --no-header --sku C
	[ "$output" = "C,W1,120,110,0,10,,4" ]
	run -0 shop-po suggest </dev/null
	# sold in the 30 days: 40 + 20 = 60 (S3 is before the window, the
	# cancelled 7 do not count); 60 x (5 + 7) / 30 = 24; 24 - 10 - 4 = 10
	expect <<-EOF
	$HEAD
	ACME,C,W1,10,4,,10
	EOF
	# 40 days and 4 safety days: 40 + 20 + 50 = 110 sold;
	# 110 x (5 + 4) / 40 = 24.75, up to 25; 25 - 10 - 4 = 11
	printf 'po:\n  sales_window: 40d\n  safety_days: 4\n' >cfg.yaml
	run -0 shop-po --config cfg.yaml suggest --no-header </dev/null
	[ "$output" = "ACME,C,W1,10,4,,11" ]
	# a window under a day counts as one day: 12h holds the cancelled
	# order only, so nothing is sold: 0 - 10 - 4 < 0, nothing to order
	printf 'po:\n  sales_window: 12h\n' >cfg.yaml
	run -0 shop-po --config cfg.yaml suggest --no-header </dev/null
	[ "$output" = "" ]
	# without an item: lead 0, no supplier; 60 x (0 + 7) / 30 = 14; 14 - 10 - 4 = 0
	sql "delete from supplier_item"
	run -0 shop-po suggest --no-header </dev/null
	[ "$output" = "" ]
	# ... and 16 safety days: 60 x 16 / 30 = 32; 32 - 14 = 18
	printf 'po:\n  safety_days: 16\n' >cfg.yaml
	run -0 shop-po --config cfg.yaml suggest --no-header </dev/null
	[ "$output" = ",C,W1,10,4,,18" ]
}

@test "config: bad po.sales_window and po.safety_days are exit 65 naming file:line:column" {
	setup_suggest
	printf 'po:\n  sales_window: soon\n' >cfg.yaml
	run -65 --separate-stderr shop-po --config cfg.yaml suggest </dev/null
	[[ $stderr == "shop-po: cfg.yaml:2:17: "* ]]
	printf 'po:\n  safety_days: -1\n' >cfg.yaml
	run -65 --separate-stderr shop-po --config cfg.yaml suggest </dev/null
	[[ $stderr == "shop-po: cfg.yaml:2:16: "* ]]
}

@test "a levels CSV on stdin: exactly its rows, with the available and on_order they carry" {
	setup_suggest
	items ACME,A,3.50,,, ACME,B,2.00,,, ACME,C,3.00,,,
	stock A W1 3
	stock B W1 9
	rules A,W1,5,20,, B,W1,4,,25,
	# what levels says is at or below its point: A alone (B: 9 > 4)
	run -0 shop-stock levels --below-reorder --no-header
	[ "$output" = "A,W1,3,0,0,3,5,0" ]
	run -0 bash -c 'shop-stock levels --below-reorder | shop-po suggest'
	# A: 20 - 3 - 0 = 17
	expect <<-EOF
	$HEAD
	ACME,A,W1,3,0,5,17
	EOF
	# rows made by hand, other columns ignored: B at 1 available is at or
	# below its point 4: 25; C (no rule, no sales) at -2: 0 - (-2) - 0 = 2;
	# A is not in the file: not considered
	cat >levels.csv <<-EOF
	sku,warehouse,on_hand,available,on_order,reorder_point
	B,W1,9,1,0,4
	C,W1,0,-2,0,
	EOF
	run -0 shop-po suggest <levels.csv
	expect <<-EOF
	$HEAD
	ACME,B,W1,1,0,4,25
	ACME,C,W1,-2,0,,2
	EOF
	# a header alone: no rows considered
	printf 'sku,warehouse,available,on_order,reorder_point\n' >levels.csv
	run -0 shop-po suggest <levels.csv
	[ "$output" = "$HEAD" ]
}

@test "an empty stdin (cron's /dev/null, an empty file or pipe) counts as none" {
	setup_suggest
	items ACME,A,3.50,,,
	stock A W1 3
	rules A,W1,5,20,,
	# from the database: 20 - 3 - 0 = 17
	run -0 shop-po suggest --no-header </dev/null
	[ "$output" = "ACME,A,W1,3,0,5,17" ]
	: >empty.csv
	run -0 shop-po suggest --no-header <empty.csv
	[ "$output" = "ACME,A,W1,3,0,5,17" ]
	run -0 bash -c 'printf "" | shop-po suggest --no-header'
	[ "$output" = "ACME,A,W1,3,0,5,17" ]
}

@test "--warehouse: only its rows; unknown is exit 3" {
	setup_suggest
	items ACME,A,3.50,,,
	stock A W1 1
	# W1: 6 - 1 = 5; W2: 6 - 0 = 6
	rules A,W1,1,6,, A,W2,1,6,,
	run -0 shop-po suggest --no-header </dev/null
	expect <<-EOF
	ACME,A,W1,1,0,1,5
	ACME,A,W2,0,0,1,6
	EOF
	run -0 shop-po suggest --no-header --warehouse W2 </dev/null
	[ "$output" = "ACME,A,W2,0,0,1,6" ]
	# of a levels CSV too: the W1 row is left out
	printf 'sku,warehouse,available,on_order,reorder_point\nA,W1,1,0,1\nA,W2,0,0,1\n' >levels.csv
	run -0 shop-po suggest --no-header --warehouse W2 <levels.csv
	[ "$output" = "ACME,A,W2,0,0,1,6" ]
	run -3 --separate-stderr shop-po suggest --warehouse W9 </dev/null
	[ "$stderr" = "shop-po: unknown warehouse 'W9'" ]
}

@test "--create: a draft PO per supplier and warehouse at the item's cost; what a draft has is left out" {
	setup_suggest
	items ACME,A,3.50,,, BOLT,A,3.00,,, ACME,B,2.00,,,
	# A: BOLT (cheapest); B in W1 and W2: ACME; C: the rule's ACME, no
	# item: at C's cost 3.00; D: no supplier at all
	rules A,W1,0,,5, B,W1,0,,4, B,W2,0,,6, C,W1,0,,2,ACME D,W1,0,,1,
	run -0 --separate-stderr shop-po suggest --create </dev/null
	expect <<-EOF
	$HEAD
	,D,W1,0,0,0,1
	ACME,B,W1,0,0,0,4
	ACME,B,W2,0,0,0,6
	ACME,C,W1,0,0,0,2
	BOLT,A,W1,0,0,0,5
	EOF
	output=$stderr expect <<-EOF
	shop-po: no supplier for sku 'D' in warehouse 'W1': left out
	shop-po: created PO-1 for ACME, W1: 2 lines
	shop-po: created PO-2 for ACME, W2: 1 line
	shop-po: created PO-3 for BOLT, W1: 1 line
	EOF
	run -0 shop-po lines --no-header
	expect <<-EOF
	PO-1,B,4,2.00,0,0
	PO-1,C,2,3.00,0,0
	PO-2,B,6,2.00,0,0
	PO-3,A,5,3.00,0,0
	EOF
	# 4 x 2.00 + 2 x 3.00 = 14.00; 6 x 2.00 = 12.00; 5 x 3.00 = 15.00
	run -0 shop-po list --no-header
	expect <<-EOF
	PO-1,,ACME,W1,draft,2,6,0,14.00,2026-11-22T10:00:00Z,
	PO-2,,ACME,W2,draft,1,6,0,12.00,2026-11-22T10:00:00Z,
	PO-3,,BOLT,W1,draft,1,5,0,15.00,2026-11-22T10:00:00Z,
	EOF
	# again: the same rows (drafts are not on order), every one on a draft
	run -0 --separate-stderr shop-po suggest --create --no-header </dev/null
	[ "${#lines[@]}" -eq 5 ]
	[ "$stderr" = "shop-po: no supplier for sku 'D' in warehouse 'W1': left out" ]
	run -0 sql "select count(*) from po"
	[ "$output" = 3 ]
	# A on another supplier's draft is left out too
	shop-po -q cancel PO-3
	shop-po -q create --supplier ACME --warehouse W1 --line A:1 >/dev/null
	run -0 --separate-stderr shop-po suggest --create </dev/null
	[ "$stderr" = "shop-po: no supplier for sku 'D' in warehouse 'W1': left out" ]
	run -0 sql "select count(*) from po"
	[ "$output" = 4 ]
	# -q: no "created" line; the warning stays
	shop-po -q cancel PO-4
	run -0 --separate-stderr shop-po -q suggest --create </dev/null
	[ "$stderr" = "shop-po: no supplier for sku 'D' in warehouse 'W1': left out" ]
	run -0 shop-po lines --po PO-5 --no-header
	[ "$output" = "PO-5,A,5,3.00,0,0" ]
	# --dry-run: said, not written
	shop-po -q cancel PO-5
	run -0 --separate-stderr shop-po suggest --create --dry-run </dev/null
	[[ $stderr == *"shop-po: created PO-6 for BOLT, W1: 1 line"* ]]
	run -0 sql "select count(*) from po"
	[ "$output" = 5 ]
}

@test "--create from a levels CSV on stdin" {
	setup_suggest
	items ACME,A,3.50,,,
	stock A W1 3
	rules A,W1,5,20,,
	run -0 --separate-stderr bash -c 'shop-stock levels --below-reorder | shop-po suggest --create --no-header'
	[ "$output" = "ACME,A,W1,3,0,5,17" ]
	[ "$stderr" = "shop-po: created PO-1 for ACME, W1: 1 line" ]
	run -0 shop-po lines --no-header
	[ "$output" = "PO-1,A,17,3.50,0,0" ]
}

@test "a bad levels CSV: 65 naming file:line and field, unknown sku or warehouse 3; nothing written" {
	setup_suggest
	items ACME,A,3.50,,,
	H=sku,warehouse,available,on_order,reorder_point
	printf '%s\n' $H A,W1,3,0,5 A,W2,x,0,5 >l.csv
	run -65 --separate-stderr shop-po suggest --create <l.csv
	[ "$stderr" = "shop-po: <stdin>:3: bad available 'x': not a whole number" ]
	printf '%s\n' $H A,W1,3,-1,5 >l.csv
	run -65 --separate-stderr shop-po suggest <l.csv
	[ "$stderr" = "shop-po: <stdin>:2: bad on_order '-1': out of range" ]
	printf '%s\n' $H A,W1,3,0,1.5 >l.csv
	run -65 --separate-stderr shop-po suggest <l.csv
	[ "$stderr" = "shop-po: <stdin>:2: bad reorder_point '1.5': not a whole number" ]
	printf '%s\n' $H A,W1,3,0,5 B,W1,3,0,5 A,W1,2,0,5 >l.csv
	run -65 --separate-stderr shop-po suggest <l.csv
	[ "$stderr" = "shop-po: <stdin>:4: sku 'A' in warehouse 'W1' is on line 2 already" ]
	printf '%s\n' $H ,W1,3,0,5 >l.csv
	run -65 --separate-stderr shop-po suggest <l.csv
	[ "$stderr" = "shop-po: <stdin>:2: missing sku" ]
	printf '%s\n' sku,warehouse,available,reorder_point A,W1,3,5 >l.csv
	run -65 --separate-stderr shop-po suggest <l.csv
	[ "$stderr" = "shop-po: <stdin>:1: missing required column 'on_order'" ]
	printf '%s\n' $H A,W1,3,0,5 ZZ,W1,0,0, >l.csv
	run -3 --separate-stderr shop-po suggest --create <l.csv
	[ "$stderr" = "shop-po: <stdin>:3: unknown sku 'ZZ'" ]
	printf '%s\n' $H A,W1,3,0,5 A,W9,0,0, >l.csv
	run -3 --separate-stderr shop-po suggest --create <l.csv
	[ "$stderr" = "shop-po: <stdin>:3: unknown warehouse 'W9'" ]
	run -0 sql "select count(*) from po"
	[ "$output" = 0 ]
}
