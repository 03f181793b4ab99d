#!/usr/bin/env bats
# shop-stock count import: a stocktake becomes count_variance movements and
# a variance report; applied once per ref.
load helper

seed() {
	shop-product add A --name "Widget A" --price 1
	shop-product add B --name "Widget B" --price 1
	shop-product add C --name "Widget C" --price 1
	shop-stock warehouse add W1 --name One
	shop-stock warehouse add W2 --name Two
	printf 'sku,warehouse,qty,ref\nA,W1,10,GRN-1\nB,W1,5,GRN-1\nA,W2,3,GRN-1\n' |
		shop-stock -q receive
}

@test "count import: variances become movements, the report goes to stdout" {
	seed
	cat > count.csv <<-EOF
	sku,warehouse,counted
	A,W1,8
	B,W1,5
	C,W1,2
	A,W2,0
	EOF
	run -0 --separate-stderr shop-stock count import count.csv
	expect <<-EOF
	sku,warehouse,on_hand,counted,variance
	A,W1,10,8,-2
	B,W1,5,5,0
	C,W1,0,2,2
	A,W2,3,0,-3
	EOF
	[ "$stderr" = "shop-stock: imported 4 counts, skipped 0, rejected 0" ]
	run -0 shop-stock levels --no-header
	expect <<-EOF
	A,W1,8,0,0,8,,0
	A,W2,0,0,0,0,,0
	B,W1,5,0,0,5,,0
	C,W1,2,0,0,2,,0
	EOF
	# a zero variance writes no movement
	run -0 shop-stock moves --type count_variance --no-header
	expect <<-EOF
	4,2026-11-22T10:00:00Z,count_variance,A,W1,-2,count-2026-11-22T10:00:00Z,count,,$(id -un)
	5,2026-11-22T10:00:00Z,count_variance,C,W1,2,count-2026-11-22T10:00:00Z,count,,$(id -un)
	6,2026-11-22T10:00:00Z,count_variance,A,W2,-3,count-2026-11-22T10:00:00Z,count,,$(id -un)
	EOF
}

@test "count import again with the same ref: skipped, no report rows" {
	seed
	printf 'sku,warehouse,counted\nA,W1,8\nB,W1,6\n' > count.csv
	shop-stock count import --ref CNT-1 --note "year end" count.csv > /dev/null 2>&1
	run -0 --separate-stderr shop-stock count import --ref CNT-1 count.csv
	[ "$output" = "sku,warehouse,on_hand,counted,variance" ]
	[ "$stderr" = "shop-stock: imported 0 counts, skipped 2, rejected 0" ]
	[ "$(sql "select count(*) from movement where type = 'count_variance'")" = 2 ]
	[ "$(sql "select count(*) from movement where type = 'count_variance' and note = 'year end'")" = 2 ]
}

@test "count import later with no change in between: zero variances, nothing written" {
	seed
	printf 'sku,warehouse,counted\nA,W1,8\n' > count.csv
	shop-stock count import count.csv > /dev/null 2>&1
	SHOP_NOW=2026-11-23T10:00:00Z run -0 --separate-stderr shop-stock count import count.csv
	expect <<-EOF
	sku,warehouse,on_hand,counted,variance
	A,W1,8,8,0
	EOF
	[ "$(sql "select count(*) from movement where type = 'count_variance'")" = 1 ]
}

@test "count import: bad rows are rejected, good ones applied" {
	seed
	shop-stock pool create flash --sku B --warehouse W1 --qty 4
	cat > count.csv <<-EOF
	sku,warehouse,counted
	NOPE,W1,1
	A,W9,1
	A,W1,-1
	A,W1,many
	A,W1,
	,W1,1
	A,W1,9
	A,W1,7
	B,W1,3
	EOF
	run -1 --separate-stderr shop-stock count import --rejects bad.csv count.csv
	expect <<-EOF
	sku,warehouse,on_hand,counted,variance
	A,W1,10,9,-1
	EOF
	[ "$stderr" = "shop-stock: count.csv:2: unknown sku 'NOPE'
shop-stock: count.csv:3: unknown warehouse 'W9'
shop-stock: count.csv:4: bad counted '-1': out of range
shop-stock: count.csv:5: bad counted 'many': not a whole number
shop-stock: count.csv:6: bad counted '': not a whole number
shop-stock: count.csv:7: missing sku
shop-stock: count.csv:9: sku 'A' in warehouse 'W1' is counted twice
shop-stock: count.csv:10: counted 3 of sku 'B' in warehouse 'W1' is less than its 0 reserved and 4 allocated
shop-stock: imported 1 count, skipped 0, rejected 8" ]
	[ "$(tail -n 1 bad.csv)" = "B,W1,3,counted 3 of sku 'B' in warehouse 'W1' is less than its 0 reserved and 4 allocated" ]
}

@test "count import --dry-run prints the report and writes nothing" {
	seed
	printf 'sku,warehouse,counted\nA,W1,12\n' > count.csv
	run -0 --separate-stderr shop-stock count import --dry-run count.csv
	expect <<-EOF
	sku,warehouse,on_hand,counted,variance
	A,W1,10,12,2
	EOF
	[ "$stderr" = "shop-stock: would import 1 count, skipped 0, rejected 0" ]
	[ "$(sql "select count(*) from movement where type = 'count_variance'")" = 0 ]
}

@test "count import --all-or-nothing: a bad row and nothing is counted" {
	seed
	printf 'sku,warehouse,counted\nA,W1,12\nNOPE,W1,1\n' > count.csv
	run -1 --separate-stderr shop-stock count import --all-or-nothing count.csv
	[ "$stderr" = "shop-stock: count.csv:3: unknown sku 'NOPE'
shop-stock: imported nothing of 1 count, skipped 0, rejected 1 (--all-or-nothing)" ]
	run -0 shop-stock levels --sku A --warehouse W1 --no-header
	[ "$output" = "A,W1,10,0,0,10,,0" ]
}

@test "count import: a malformed file is exit 65; --ref may not be empty" {
	seed
	printf 'sku,warehouse,qty\nA,W1,1\n' > count.csv
	run -65 shop-stock count import count.csv
	[ "$output" = "shop-stock: count.csv:1: unknown column 'qty'; known columns: sku, warehouse, counted" ]
	printf 'sku,warehouse\nA,W1\n' > count.csv
	run -65 shop-stock count import count.csv
	[ "$output" = "shop-stock: count.csv:1: missing required column 'counted'" ]
	printf 'sku,warehouse,counted\nA,W1,"1\n' > count.csv
	run -65 shop-stock count import count.csv
	[ "$output" = "shop-stock: count.csv:2: malformed CSV: misplaced or unterminated quote" ]
	printf 'sku,warehouse,counted\nA,W1,1\n' > count.csv
	run -65 shop-stock count import --ref "" count.csv
	[ "$output" = "shop-stock: bad --ref '': empty" ]
	run -2 shop-stock count import a.csv b.csv
	[ "$output" = "shop-stock: unexpected argument 'b.csv' (see 'shop-stock count import --help')" ]
	[ "$(sql "select count(*) from movement where type = 'count_variance'")" = 0 ]
}
