#!/usr/bin/env bats
# shop-stock levels, reorder import|list and pool create|release|list.
load helper

seed() {
	shop-product add A --name "Widget A" --price 1
	shop-product add B --name "Widget B" --price 1
	shop-product add C --name "Widget C" --price 1
	shop-stock warehouse add W1 --name One --priority 1
	shop-stock warehouse add W2 --name Two --priority 2
	printf 'sku,warehouse,qty,ref\nA,W1,10,GRN-1\nA,W2,3,GRN-1\nB,W1,5,GRN-1\n' |
		shop-stock -q receive
	suppliers
}

# the suppliers the rules name (a rule's supplier is one of shop-po's), in
# the database given as "--db PATH", else the test's
suppliers() {
	shop-po "$@" -q supplier add ACME --name Acme
	shop-po "$@" -q supplier add Globex --name Globex
	shop-po "$@" -q supplier add 'ACME, Inc.' --name 'ACME, Inc.'
}

@test "levels: exactly the columns of SPEC, one row per sku and warehouse" {
	shop init -q
	run -0 shop-stock levels
	[ "$output" = "sku,warehouse,on_hand,reserved,allocated,available,reorder_point,on_order" ]
	seed
	run -0 shop-stock levels
	expect <<-EOF
	sku,warehouse,on_hand,reserved,allocated,available,reorder_point,on_order
	A,W1,10,0,0,10,,0
	A,W2,3,0,0,3,,0
	B,W1,5,0,0,5,,0
	EOF
	run -0 shop-stock levels --sku A --format table
	expect <<-EOF
	sku  warehouse  on_hand  reserved  allocated  available  reorder_point  on_order
	---  ---------  -------  --------  ---------  ---------  -------------  --------
	A    W1              10         0          0         10                        0
	A    W2               3         0          0          3                        0
	EOF
	run -0 shop-stock levels --warehouse W1 --format jsonl
	expect <<-EOF
	{"sku":"A","warehouse":"W1","on_hand":10,"reserved":0,"allocated":0,"available":10,"reorder_point":null,"on_order":0}
	{"sku":"B","warehouse":"W1","on_hand":5,"reserved":0,"allocated":0,"available":5,"reorder_point":null,"on_order":0}
	EOF
	run -0 shop-stock levels --sku B --warehouse W2
	[ "$output" = "sku,warehouse,on_hand,reserved,allocated,available,reorder_point,on_order" ]
}

@test "levels: unknown filters are exit 3, stray arguments exit 2" {
	seed
	run -3 shop-stock levels --sku NOPE
	[ "$output" = "shop-stock: unknown sku 'NOPE'" ]
	run -3 shop-stock levels --warehouse W9
	[ "$output" = "shop-stock: unknown warehouse 'W9'" ]
	run -2 shop-stock levels A
	[ "$output" = "shop-stock: unexpected argument 'A' (see 'shop-stock levels --help')" ]
	run -2 shop-stock levels --above
	[ "$output" = "shop-stock: unknown option '--above' (see 'shop-stock levels --help')" ]
}

@test "levels --help says on_order is what open purchase orders will bring" {
	run -0 shop-stock levels --help
	[[ $output == *"with what open purchase orders will bring (on_order)"* ]]
}

@test "reorder import, then list; levels show the reorder point" {
	seed
	cat > rules.csv <<-EOF
	sku,warehouse,reorder_point,target,order_qty,supplier,lead_days
	A,W1,12,40,,ACME,7
	B,W1,2,,24,,
	C,W2,5,20,,Globex,14
	EOF
	run -0 --separate-stderr shop-stock reorder import rules.csv
	[ "$stderr" = "shop-stock: imported 3 reorder rules, skipped 0, rejected 0" ]
	run -0 shop-stock reorder list
	expect <<-EOF
	sku,warehouse,reorder_point,target,order_qty,supplier,lead_days
	A,W1,12,40,,ACME,7
	B,W1,2,,24,,
	C,W2,5,20,,Globex,14
	EOF
	# a rule without stock yet still shows, at zero
	run -0 shop-stock levels
	expect <<-EOF
	sku,warehouse,on_hand,reserved,allocated,available,reorder_point,on_order
	A,W1,10,0,0,10,12,0
	A,W2,3,0,0,3,,0
	B,W1,5,0,0,5,2,0
	C,W2,0,0,0,0,5,0
	EOF
}

@test "levels --below-reorder: available + on_order at or below the reorder point" {
	seed
	printf 'sku,warehouse,reorder_point,target\nA,W1,10,40\nA,W2,2,10\nB,W1,4,10\nC,W2,0,10\n' |
		shop-stock -q reorder import
	run -0 shop-stock levels --below-reorder
	expect <<-EOF
	sku,warehouse,on_hand,reserved,allocated,available,reorder_point,on_order
	A,W1,10,0,0,10,10,0
	C,W2,0,0,0,0,0,0
	EOF
	shop-stock adjust --sku B --warehouse W1 --qty -1 --ref DMG-1
	run -0 shop-stock levels --below-reorder --warehouse W1 --no-header
	expect <<-EOF
	A,W1,10,0,0,10,10,0
	B,W1,4,0,0,4,4,0
	EOF
}

@test "reorder import again: skipped; changed rules are updated" {
	seed
	printf 'sku,warehouse,reorder_point,target,supplier,lead_days\nA,W1,12,40,ACME,7\nB,W1,2,10,,\n' > rules.csv
	shop-stock -q reorder import rules.csv
	run -0 --separate-stderr shop-stock reorder import rules.csv
	[ "$stderr" = "shop-stock: imported 0 reorder rules, skipped 2, rejected 0" ]
	# order_qty replaces target; without supplier/lead_days columns those stay
	printf 'sku,warehouse,reorder_point,order_qty\nA,W1,15,30\nC,W1,1,6\n' > change.csv
	run -0 --separate-stderr shop-stock reorder import change.csv
	[ "$stderr" = "shop-stock: imported 2 reorder rules (1 new, 1 updated), skipped 0, rejected 0" ]
	run -0 shop-stock reorder list --no-header
	expect <<-EOF
	A,W1,15,,30,ACME,7
	B,W1,2,10,,,
	C,W1,1,,6,,
	EOF
}

@test "reorder import: bad rows are rejected, good ones applied" {
	seed
	cat > rules.csv <<-EOF
	sku,warehouse,reorder_point,target,order_qty,supplier,lead_days
	NOPE,W1,1,5,,,
	A,W9,1,5,,,
	A,W1,,5,,,
	A,W1,-1,5,,,
	A,W1,5,4,,,
	A,W1,5,,,,
	A,W1,5,10,10,,
	A,W1,5,,0,,
	A,W1,5,10,,,x
	A,W1,5,10,,,-2
	B,W1,5,10,,ACME,3
	EOF
	run -1 --separate-stderr shop-stock reorder import --rejects bad.csv rules.csv
	[ "$stderr" = "shop-stock: rules.csv:2: unknown sku 'NOPE'
shop-stock: rules.csv:3: unknown warehouse 'W9'
shop-stock: rules.csv:4: bad reorder_point '': empty
shop-stock: rules.csv:5: bad reorder_point '-1': out of range
shop-stock: rules.csv:6: target 4 is below reorder_point 5
shop-stock: rules.csv:7: give either target or order_qty
shop-stock: rules.csv:8: give either target or order_qty
shop-stock: rules.csv:9: bad order_qty '0': out of range
shop-stock: rules.csv:10: bad lead_days 'x': not a whole number
shop-stock: rules.csv:11: bad lead_days '-2': out of range
shop-stock: imported 1 reorder rule, skipped 0, rejected 10" ]
	[ "$(wc -l < bad.csv)" -eq 11 ]
	run -0 shop-stock reorder list --no-header
	[ "$output" = "B,W1,5,10,,ACME,3" ]
}

@test "reorder import: a file without target or order_qty is exit 65" {
	seed
	printf 'sku,warehouse,reorder_point\nA,W1,5\n' > rules.csv
	run -65 shop-stock reorder import rules.csv
	[ "$output" = "shop-stock: rules.csv:1: missing column 'target' or 'order_qty'" ]
	printf 'sku,warehouse,target\nA,W1,5\n' > rules.csv
	run -65 shop-stock reorder import rules.csv
	[ "$output" = "shop-stock: rules.csv:1: missing required column 'reorder_point'" ]
	[ "$(sql 'select count(*) from reorder_rule')" = 0 ]
}

@test "reorder list round-trips through reorder import" {
	seed
	printf 'sku,warehouse,reorder_point,target,order_qty,supplier,lead_days\nA,W1,12,40,,"ACME, Inc.",7\nB,W2,2,,24,,\n' |
		shop-stock -q reorder import
	shop-stock reorder list > first.csv
	shop-product --db second.db add A --name A --price 1
	shop-product --db second.db add B --name B --price 1
	shop-stock --db second.db warehouse list > /dev/null
	shop-stock warehouse list > wh.csv
	shop-stock --db second.db -q warehouse import wh.csv
	suppliers --db second.db
	run -0 --separate-stderr shop-stock --db second.db reorder import first.csv
	[ "$stderr" = "shop-stock: imported 2 reorder rules, skipped 0, rejected 0" ]
	shop-stock --db second.db reorder list > second.csv
	cmp first.csv second.csv
	run -0 --separate-stderr shop-stock reorder import first.csv
	[ "$stderr" = "shop-stock: imported 0 reorder rules, skipped 2, rejected 0" ]
}

@test "pool create sets stock aside: allocated grows, available shrinks" {
	seed
	run -0 --separate-stderr shop-stock pool create 11.11-flash --sku A --warehouse W1 --qty 4
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 shop-stock levels --sku A --warehouse W1 --no-header
	[ "$output" = "A,W1,10,0,4,6,,0" ]
	run -0 shop-stock pool list
	expect <<-EOF
	name,sku,warehouse,qty,drawn,left,status,created_at,released_at
	11.11-flash,A,W1,4,0,4,open,2026-11-22T10:00:00Z,
	EOF
	# what is in a pool cannot be adjusted away
	run -1 shop-stock adjust --sku A --warehouse W1 --qty -7 --ref DMG-1
	[ "$output" = "shop-stock: not enough stock of sku 'A' in warehouse 'W1': 6 available, 7 needed" ]
	run -0 sql "select summary from audit where argv like '%pool create%'"
	[ "$output" = "pool create '11.11-flash': 4 of sku 'A' in 'W1'" ]
}

@test "pool create: the same pool again is skipped; another with that name refused" {
	seed
	shop-stock pool create flash --sku A --warehouse W1 --qty 4
	run -0 --separate-stderr shop-stock pool create flash --sku A --warehouse W1 --qty 4
	[ "$stderr" = "shop-stock: pool 'flash' exists; skipped" ]
	run -1 shop-stock pool create flash --sku A --warehouse W1 --qty 5
	[ "$output" = "shop-stock: pool 'flash' exists (open of sku 'A' in warehouse 'W1', qty 4)" ]
	run -0 shop-stock levels --sku A --warehouse W1 --no-header
	[ "$output" = "A,W1,10,0,4,6,,0" ]
}

@test "pool create: refused beyond available; bad input" {
	seed
	shop-stock pool create flash --sku A --warehouse W1 --qty 8
	run -1 shop-stock pool create tmall --sku A --warehouse W1 --qty 3
	[ "$output" = "shop-stock: not enough stock of sku 'A' in warehouse 'W1': 2 available, 3 needed" ]
	run -1 shop-stock pool create jd --sku C --warehouse W1 --qty 1
	[ "$output" = "shop-stock: not enough stock of sku 'C' in warehouse 'W1': 0 available, 1 needed" ]
	run -1 shop-stock pool create jd --sku A --warehouse W1 --qty 0
	[ "$output" = "shop-stock: qty must be positive" ]
	run -65 shop-stock pool create jd --sku A --warehouse W1 --qty two
	[ "$output" = "shop-stock: bad --qty 'two': not a whole number" ]
	run -65 shop-stock pool create "" --sku A --warehouse W1 --qty 1
	[ "$output" = "shop-stock: bad pool name '': empty" ]
	run -3 shop-stock pool create jd --sku NOPE --warehouse W1 --qty 1
	[ "$output" = "shop-stock: unknown sku 'NOPE'" ]
	run -3 shop-stock pool create jd --sku A --warehouse W9 --qty 1
	[ "$output" = "shop-stock: unknown warehouse 'W9'" ]
	run -2 shop-stock pool create jd --sku A --qty 1
	[ "$output" = "shop-stock: missing --warehouse (see 'shop-stock pool create --help')" ]
	run -2 shop-stock pool create jd --warehouse W1 --qty 1
	[ "$output" = "shop-stock: missing --sku (see 'shop-stock pool create --help')" ]
	run -2 shop-stock pool create jd --sku A --warehouse W1
	[ "$output" = "shop-stock: missing --qty (see 'shop-stock pool create --help')" ]
	run -2 shop-stock pool create --sku A --warehouse W1 --qty 1
	[ "$output" = "shop-stock: missing argument: shop-stock pool create NAME (see 'shop-stock pool create --help')" ]
	run -2 shop-stock pool drain flash
	[ "$output" = "shop-stock: unknown command 'pool drain' (see 'shop-stock --help')" ]
	run -0 shop-stock pool list --no-header
	[ "$output" = "flash,A,W1,8,0,8,open,2026-11-22T10:00:00Z," ]
}

@test "pool release gives what was not drawn back to available" {
	seed
	shop-stock pool create flash --sku A --warehouse W1 --qty 4
	shop-stock pool create tmall --sku B --warehouse W1 --qty 2
	SHOP_NOW=2026-11-23T00:00:00Z run -0 --separate-stderr shop-stock pool release flash tmall
	[ -z "$stderr" ]
	run -0 shop-stock levels --warehouse W1 --no-header
	expect <<-EOF
	A,W1,10,0,0,10,,0
	B,W1,5,0,0,5,,0
	EOF
	run -0 shop-stock pool list --no-header
	expect <<-EOF
	flash,A,W1,4,0,0,released,2026-11-22T10:00:00Z,2026-11-23T00:00:00Z
	tmall,B,W1,2,0,0,released,2026-11-22T10:00:00Z,2026-11-23T00:00:00Z
	EOF
	run -0 --separate-stderr shop-stock pool release flash
	[ "$stderr" = "shop-stock: pool 'flash' is already released; skipped" ]
	# a released name stays taken
	run -1 shop-stock pool create flash --sku A --warehouse W1 --qty 4
	[ "$output" = "shop-stock: pool 'flash' exists (released of sku 'A' in warehouse 'W1', qty 4)" ]
}

@test "pool release: an unknown name is exit 3 and releases none of the others" {
	seed
	shop-stock pool create flash --sku A --warehouse W1 --qty 4
	run -3 shop-stock pool release flash nope
	[ "$output" = "shop-stock: unknown pool 'nope'" ]
	run -0 shop-stock pool list --no-header
	[ "$output" = "flash,A,W1,4,0,4,open,2026-11-22T10:00:00Z," ]
	run -2 shop-stock pool release
	[ "$output" = "shop-stock: missing argument: shop-stock pool release NAME... (see 'shop-stock pool release --help')" ]
}

@test "list commands take no arguments and no foreign options" {
	run -2 shop-stock warehouse list W1
	[ "$output" = "shop-stock: unexpected argument 'W1' (see 'shop-stock warehouse list --help')" ]
	run -2 shop-stock pool list flash
	[ "$output" = "shop-stock: unexpected argument 'flash' (see 'shop-stock pool list --help')" ]
	run -2 shop-stock reorder list --sku A
	[ "$output" = "shop-stock: unknown option '--sku' (see 'shop-stock reorder list --help')" ]
	run -2 shop-stock reorder list --format xml
	[ "$output" = "shop-stock: unknown format 'xml' (csv, tsv, jsonl or table) (see 'shop-stock reorder list --help')" ]
	run -2 shop-stock reorder
	[ "$output" = "shop-stock: 'reorder' needs a subcommand (see 'shop-stock --help')" ]
}
