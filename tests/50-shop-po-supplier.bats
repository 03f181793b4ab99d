#!/usr/bin/env bats
# shop-po supplier add|import|list and supplier items import|list: the
# supplier master, its validation, idempotent re-runs, the lists' round
# trips; supplier codes and reorder rules that name suppliers of it.
load helper

HEADER=code,name,lead_days,rating,email,phone
ITEMS=supplier,sku,supplier_sku,cost,moq,pack_size,lead_days

# three SKUs and two suppliers: FOXC with a lead time of 14 days, LUX without
items_setup() {
	printf 'sku,name,price\nP1,One,10.00\nP2,Two,20.00\nP3,Three,30.00\n' | shop-product -q import
	shop-po -q supplier add FOXC --name Foxconn --lead-days 14
	shop-po -q supplier add LUX --name Luxshare
}

# ---- supplier add ----

@test "supplier add, then list: every field, an audit row" {
	run -0 --separate-stderr shop-po supplier add FOXC --name "富士康 Foxconn" --lead-days 14 \
		--rating 4.5 --email sales@foxconn.example --phone "+86 755 1234"
	[ -z "$output" ]
	[ -z "$stderr" ]
	shop-po supplier add LUX --name Luxshare
	run -0 shop-po supplier list
	expect <<-EOF
	$HEADER
	FOXC,富士康 Foxconn,14,4.5,sales@foxconn.example,+86 755 1234
	LUX,Luxshare,,,,
	EOF
	run -0 sql "select program, summary from audit order by id"
	expect <<-EOF
	shop-po|supplier add 'FOXC'
	shop-po|supplier add 'LUX'
	EOF
	# the rating in tenths: 4.5 is 45
	run -0 sql "select lead_days, rating, created_at, updated_at from supplier where code = 'FOXC'"
	[ "$output" = "14|45|2026-11-22T10:00:00Z|2026-11-22T10:00:00Z" ]
}

@test "supplier list --format jsonl: lead_days and rating are numbers, null when none" {
	shop-po supplier add FOXC --name Foxconn --lead-days 0 --rating 0
	shop-po supplier add LUX --name Luxshare --rating 5
	run -0 shop-po supplier list --format jsonl
	expect <<-EOF
	{"code":"FOXC","name":"Foxconn","lead_days":0,"rating":0.0,"email":"","phone":""}
	{"code":"LUX","name":"Luxshare","lead_days":null,"rating":5.0,"email":"","phone":""}
	EOF
}

@test "supplier add of the same supplier again is skipped; other details are refused" {
	shop-po supplier add FOXC --name Foxconn --lead-days 14 --rating 4.5
	run -0 --separate-stderr shop-po supplier add FOXC --name Foxconn
	[ "$stderr" = "shop-po: supplier 'FOXC' exists; skipped" ]
	run -0 --separate-stderr shop-po supplier add FOXC --name Foxconn --lead-days 14 --rating 4.5
	[ "$stderr" = "shop-po: supplier 'FOXC' exists; skipped" ]
	run -0 --separate-stderr shop-po -q supplier add FOXC --name Foxconn
	[ -z "$stderr" ]
	run -1 --separate-stderr shop-po supplier add FOXC --name Fox
	[ "$stderr" = "shop-po: supplier 'FOXC' exists with other details; not changed" ]
	run -1 --separate-stderr shop-po supplier add FOXC --name Foxconn --rating 4
	[ "$stderr" = "shop-po: supplier 'FOXC' exists with other details; not changed" ]
	run -1 --separate-stderr shop-po supplier add FOXC --name Foxconn --lead-days ''
	[ "$stderr" = "shop-po: supplier 'FOXC' exists with other details; not changed" ]
	run -0 sql "select name, lead_days, rating from supplier; select count(*) from audit"
	[ "$output" = $'Foxconn|14|45\n1' ]
}

@test "supplier add: malformed values are exit 65, one line, nothing written" {
	run -65 --separate-stderr shop-po supplier add $'F\u200bC' --name X
	[ "$stderr" = "shop-po: bad supplier 'F<U+200B>C': invisible or formatting character" ]
	run -65 --separate-stderr shop-po supplier add ' FC' --name X
	[ "$stderr" = "shop-po: bad supplier ' FC': blank at the start or end" ]
	run -65 --separate-stderr shop-po supplier add FC --name ''
	[ "$stderr" = "shop-po: missing name" ]
	run -65 --separate-stderr shop-po supplier add FC --name X --lead-days x
	[ "$stderr" = "shop-po: bad lead_days 'x': not a whole number" ]
	run -65 --separate-stderr shop-po supplier add FC --name X --lead-days 1.5
	[ "$stderr" = "shop-po: bad lead_days '1.5': not a whole number" ]
	run -65 --separate-stderr shop-po supplier add FC --name X --lead-days -1
	[ "$stderr" = "shop-po: bad lead_days '-1': negative" ]
	run -65 --separate-stderr shop-po supplier add FC --name X --lead-days 36501
	[ "$stderr" = "shop-po: bad lead_days '36501': out of range" ]
	run -65 --separate-stderr shop-po supplier add FC --name X --rating 6
	[ "$stderr" = "shop-po: bad rating '6': must be 0 to 5" ]
	run -65 --separate-stderr shop-po supplier add FC --name X --rating 5.1
	[ "$stderr" = "shop-po: bad rating '5.1': must be 0 to 5" ]
	run -65 --separate-stderr shop-po supplier add FC --name X --rating -1
	[ "$stderr" = "shop-po: bad rating '-1': must be 0 to 5" ]
	run -65 --separate-stderr shop-po supplier add FC --name X --rating 4.25
	[ "$stderr" = "shop-po: bad rating '4.25': too many decimals" ]
	run -65 --separate-stderr shop-po supplier add FC --name X --rating good
	[ "$stderr" = "shop-po: bad rating 'good': not a number" ]
	run -65 --separate-stderr shop-po supplier add FC --name X --phone $'1\e[31m'
	[ "$stderr" = "shop-po: bad phone '1<U+001B>[31m': control character" ]
	run -65 --separate-stderr shop-po supplier add FC --name X --email ' a@b.c'
	[ "$stderr" = "shop-po: bad email ' a@b.c': blank at the start or end" ]
	run -2 --separate-stderr shop-po supplier add FC
	[ "$stderr" = "shop-po: missing --name (see 'shop-po supplier add --help')" ]
	run -2 --separate-stderr shop-po supplier add --name X
	[ "$stderr" = "shop-po: missing argument: shop-po supplier add CODE (see 'shop-po supplier add --help')" ]
	run -0 sql "select count(*) from supplier; select count(*) from audit"
	[ "$output" = $'0\n0' ]
}

# ---- supplier import and list ----

@test "supplier import: new, updated and skipped are counted; a re-run skips all" {
	cat > s.csv <<-EOF
	$HEADER
	FOXC,Foxconn,14,4.5,sales@foxconn.example,
	LUX,Luxshare,,,,
	EOF
	run -0 --separate-stderr shop-po supplier import s.csv
	[ "$stderr" = "shop-po: imported 2 suppliers, skipped 0, rejected 0" ]
	run -0 --separate-stderr shop-po supplier import s.csv
	[ "$stderr" = "shop-po: imported 0 suppliers, skipped 2, rejected 0" ]
	# FOXC: lead time cleared, rating 4; email absent: kept. LUX the same. BYD new.
	printf 'code,name,lead_days,rating\nFOXC,Foxconn,,4\nLUX,Luxshare,,\nBYD,BYD,30,3.5\n' > s2.csv
	SHOP_NOW=2026-11-23T08:00:00Z run -0 --separate-stderr shop-po supplier import s2.csv
	[ "$stderr" = "shop-po: imported 2 suppliers (1 new, 1 updated), skipped 1, rejected 0" ]
	run -0 shop-po supplier list
	expect <<-EOF
	$HEADER
	BYD,BYD,30,3.5,,
	FOXC,Foxconn,,4.0,sales@foxconn.example,
	LUX,Luxshare,,,,
	EOF
	run -0 sql "select code, created_at, updated_at from supplier order by code"
	expect <<-EOF
	BYD|2026-11-23T08:00:00Z|2026-11-23T08:00:00Z
	FOXC|2026-11-22T10:00:00Z|2026-11-23T08:00:00Z
	LUX|2026-11-22T10:00:00Z|2026-11-22T10:00:00Z
	EOF
	run -0 sql "select summary from audit where argv like '%s2.csv'"
	[ "$output" = "imported 2 suppliers (1 new, 1 updated), skipped 1, rejected 0" ]
}

@test "supplier import: bad rows are rejected naming file:line and field; good ones applied" {
	cat > s.csv <<-EOF
	$HEADER
	FOXC,Foxconn,14,4.5,,
	NEW,,,,,
	BAD,Bad,-3,,,
	BAD,Bad,,5.5,,
	BAD,Bad,,4.25,,
	BAD,Bad,soon,,,
	" BAD",Bad,,,,
	,Nameless,,,,
	GOOD,Good,0,0,,
	EOF
	run -1 --separate-stderr shop-po supplier import --rejects bad.csv s.csv
	[ "$stderr" = "shop-po: s.csv:3: missing name
shop-po: s.csv:4: bad lead_days '-3': negative
shop-po: s.csv:5: bad rating '5.5': must be 0 to 5
shop-po: s.csv:6: bad rating '4.25': too many decimals
shop-po: s.csv:7: bad lead_days 'soon': not a whole number
shop-po: s.csv:8: bad supplier ' BAD': blank at the start or end
shop-po: s.csv:9: missing supplier
shop-po: imported 2 suppliers, skipped 0, rejected 7" ]
	run -0 cat bad.csv
	expect <<-EOF
	$HEADER,error
	NEW,,,,,,missing name
	BAD,Bad,-3,,,,bad lead_days '-3': negative
	BAD,Bad,,5.5,,,bad rating '5.5': must be 0 to 5
	BAD,Bad,,4.25,,,bad rating '4.25': too many decimals
	BAD,Bad,soon,,,,bad lead_days 'soon': not a whole number
	" BAD",Bad,,,,,bad supplier ' BAD': blank at the start or end
	,Nameless,,,,,missing supplier
	EOF
	run -0 shop-po supplier list --no-header
	expect <<-EOF
	FOXC,Foxconn,14,4.5,,
	GOOD,Good,0,0.0,,
	EOF
}

@test "supplier import: a missing code column or an unknown column is exit 65, nothing written" {
	printf 'name\nFoxconn\n' > s.csv
	run -65 --separate-stderr shop-po supplier import s.csv
	[ "$stderr" = "shop-po: s.csv:1: missing required column 'code'" ]
	printf 'code,name,ratng\nFOXC,Foxconn,4\n' > s.csv
	run -65 --separate-stderr shop-po supplier import s.csv
	[ "$stderr" = "shop-po: s.csv:1: unknown column 'ratng' (did you mean 'rating'?); known columns: code, name, lead_days, rating, email, phone" ]
	run -0 sql "select count(*) from supplier"
	[ "$output" = 0 ]
}

@test "supplier list round-trips through supplier import" {
	cat > s.csv <<-EOF
	$HEADER
	FOXC,"Foxconn, Inc.",14,4.5,sales@foxconn.example,+86 755 1234
	LUX,立讯精密,,,,
	BYD,BYD,0,0,,
	EOF
	shop-po -q supplier import s.csv
	shop-po supplier list > first.csv
	run -0 --separate-stderr shop-po supplier import first.csv
	[ "$stderr" = "shop-po: imported 0 suppliers, skipped 3, rejected 0" ]
	run -0 --separate-stderr shop-po --db second.db supplier import first.csv
	[ "$stderr" = "shop-po: imported 3 suppliers, skipped 0, rejected 0" ]
	shop-po --db second.db supplier list > second.csv
	cmp first.csv second.csv
	# list | import: every row skipped
	shop-po supplier list | shop-po supplier import 2> err
	run -0 cat err
	[ "$output" = "shop-po: imported 0 suppliers, skipped 3, rejected 0" ]
}

# ---- supplier items ----

@test "supplier items import, then list: defaults, the supplier's code in supplier-codes" {
	items_setup
	cat > items.csv <<-EOF
	$ITEMS
	FOXC,P1,F-100,5.50,10,6,
	FOXC,P2,,7,,,3
	LUX,P1,L-9,5.25,1,1,2
	EOF
	run -0 --separate-stderr shop-po supplier items import items.csv
	[ "$stderr" = "shop-po: imported 3 supplier items, skipped 0, rejected 0" ]
	run -0 shop-po supplier items list
	expect <<-EOF
	$ITEMS
	FOXC,P1,F-100,5.50,10,6,
	FOXC,P2,,7.00,1,1,3
	LUX,P1,L-9,5.25,1,1,2
	EOF
	run -0 shop-product supplier-codes list
	expect <<-EOF
	supplier,supplier_sku,sku
	FOXC,F-100,P1
	LUX,L-9,P1
	EOF
	# a file of the required columns alone: moq and pack_size 1, lead time the supplier's
	printf 'supplier,sku,cost\nLUX,P3,0\n' | shop-po -q supplier items import
	run -0 shop-po supplier items list --supplier LUX --no-header
	expect <<-EOF
	LUX,P1,L-9,5.25,1,1,2
	LUX,P3,,0.00,1,1,
	EOF
	run -0 sql "select moq, pack_size, coalesce(lead_days, -1) from supplier_item where cost = 0"
	[ "$output" = "1|1|-1" ]
	run -0 --separate-stderr shop-po supplier items import items.csv
	[ "$stderr" = "shop-po: imported 0 supplier items, skipped 3, rejected 0" ]
}

@test "supplier items import: changed items are updated; an absent column keeps what is stored" {
	items_setup
	printf '%s\nFOXC,P1,F-100,5.50,10,6,\nFOXC,P2,,7,,,3\n' "$ITEMS" | shop-po -q supplier items import
	# FOXC P1: cost and moq change (pack_size kept: 6); FOXC P2 as it is
	# (pack_size 1 and lead time 3 kept); LUX P2 new, an empty moq is 1
	printf 'supplier,sku,cost,moq\nFOXC,P1,5.40,12\nFOXC,P2,7.00,1\nLUX,P2,3,\n' > change.csv
	run -0 --separate-stderr shop-po supplier items import change.csv
	[ "$stderr" = "shop-po: imported 2 supplier items (1 new, 1 updated), skipped 1, rejected 0" ]
	run -0 shop-po supplier items list --no-header
	expect <<-EOF
	FOXC,P1,F-100,5.40,12,6,
	FOXC,P2,,7.00,1,1,3
	LUX,P2,,3.00,1,1,
	EOF
	# a new supplier_sku alone changes the item; an empty lead_days is the supplier's
	printf 'supplier,sku,supplier_sku,cost\nFOXC,P2,F-200,7\n' > code.csv
	run -0 --separate-stderr shop-po supplier items import code.csv
	[ "$stderr" = "shop-po: imported 1 supplier item (0 new, 1 updated), skipped 0, rejected 0" ]
	printf 'supplier,sku,cost,lead_days\nFOXC,P2,7,\n' > lead.csv
	run -0 --separate-stderr shop-po supplier items import lead.csv
	[ "$stderr" = "shop-po: imported 1 supplier item (0 new, 1 updated), skipped 0, rejected 0" ]
	run -0 shop-po supplier items list --supplier FOXC --no-header
	expect <<-EOF
	FOXC,P1,F-100,5.40,12,6,
	FOXC,P2,F-200,7.00,1,1,
	EOF
}

@test "supplier items list: supplier_sku is the smallest of the supplier's codes for the SKU" {
	items_setup
	printf '%s\nFOXC,P1,F-100,5.50,10,6,\n' "$ITEMS" | shop-po -q supplier items import
	printf 'supplier,supplier_sku,sku\nFOXC,F-099,P1\nFOXC,F-101,P1\nLUX,A-1,P1\n' |
		shop-product -q supplier-codes import
	run -0 shop-po supplier items list --no-header
	[ "$output" = "FOXC,P1,F-099,5.50,10,6," ]
	# the list imports as it is: the code it names is there already
	shop-po supplier items list > first.csv
	run -0 --separate-stderr shop-po supplier items import first.csv
	[ "$stderr" = "shop-po: imported 0 supplier items, skipped 1, rejected 0" ]
	run -0 sql "select count(*) from supplier_code"
	[ "$output" = 4 ]
}

@test "supplier items list round-trips through supplier items import" {
	items_setup
	cat > items.csv <<-EOF
	$ITEMS
	FOXC,P1,F-100,5.50,10,6,
	FOXC,P2,,7,,,3
	LUX,P1,"L-9, rev 2",5.25,1,24,2
	LUX,P3,,0,5,5,0
	EOF
	shop-po -q supplier items import items.csv
	shop-po supplier items list > first.csv
	shop-po supplier items list | shop-po supplier items import 2> err
	run -0 cat err
	[ "$output" = "shop-po: imported 0 supplier items, skipped 4, rejected 0" ]
	shop-product supplier-codes list > codes.csv
	printf 'sku,name,price\nP1,One,10.00\nP2,Two,20.00\nP3,Three,30.00\n' |
		shop-product --db second.db -q import
	shop-po supplier list | shop-po --db second.db -q supplier import
	run -0 --separate-stderr shop-po --db second.db supplier items import first.csv
	[ "$stderr" = "shop-po: imported 4 supplier items, skipped 0, rejected 0" ]
	shop-po --db second.db supplier items list > second.csv
	cmp first.csv second.csv
	shop-product --db second.db supplier-codes list > codes2.csv
	cmp codes.csv codes2.csv
}

@test "supplier items import: an unknown supplier or sku and bad values are rejected rows" {
	items_setup
	cat > items.csv <<-EOF
	$ITEMS
	FOXC,P1,F-100,5.50,10,6,
	FOXD,P1,,1,,,
	ZZZZZZZZ,P1,,1,,,
	FOXC,NOPE,,1,,,
	,P2,,1,,,
	FOXC,P2,,,,,
	FOXC,P2,,-1,,,
	FOXC,P2,,1.005,,,
	FOXC,P2,,1,0,,
	FOXC,P2,,1,,x,
	FOXC,P2,,1,,,-2
	FOXC,P2,$(printf 'F\342\200\213200'),1,,,
	LUX,P2,L-2,2,,,
	EOF
	run -1 --separate-stderr shop-po supplier items import --rejects bad.csv items.csv
	[ "$stderr" = "shop-po: items.csv:3: unknown supplier 'FOXD' (did you mean 'FOXC'?)
shop-po: items.csv:4: unknown supplier 'ZZZZZZZZ'
shop-po: items.csv:5: unknown sku 'NOPE'
shop-po: items.csv:6: missing supplier
shop-po: items.csv:7: missing cost
shop-po: items.csv:8: bad cost '-1': negative
shop-po: items.csv:9: bad cost '1.005': too many decimals
shop-po: items.csv:10: bad moq '0': must be 1 or more
shop-po: items.csv:11: bad pack_size 'x': not a whole number
shop-po: items.csv:12: bad lead_days '-2': negative
shop-po: items.csv:13: bad supplier_sku 'F<U+200B>200': invisible or formatting character
shop-po: imported 2 supplier items, skipped 0, rejected 11" ]
	[ "$(wc -l < bad.csv)" -eq 12 ]
	run -0 shop-po supplier items list --no-header
	expect <<-EOF
	FOXC,P1,F-100,5.50,10,6,
	LUX,P2,L-2,2.00,1,1,
	EOF
	# a rejected row wrote nothing: no code for it either
	run -0 sql "select supplier, supplier_sku from supplier_code order by supplier"
	expect <<-EOF
	FOXC|F-100
	LUX|L-2
	EOF
}

@test "supplier items import: a missing required column is exit 65, nothing written" {
	items_setup
	printf 'supplier,sku\nFOXC,P1\n' > items.csv
	run -65 --separate-stderr shop-po supplier items import items.csv
	[ "$stderr" = "shop-po: items.csv:1: missing required column 'cost'" ]
	printf 'supplier,sku,cost,pack\nFOXC,P1,1,6\n' > items.csv
	run -65 --separate-stderr shop-po supplier items import items.csv
	[ "$stderr" = "shop-po: items.csv:1: unknown column 'pack'; known columns: supplier, sku, supplier_sku, cost, moq, pack_size, lead_days" ]
	run -0 sql "select count(*) from supplier_item"
	[ "$output" = 0 ]
}

@test "supplier items list --supplier: an unknown supplier is exit 3 with did you mean" {
	items_setup
	run -3 --separate-stderr shop-po supplier items list --supplier FOXD
	[ "$stderr" = "shop-po: unknown supplier 'FOXD' (did you mean 'FOXC'?)" ]
	[ -z "$output" ]
	run -0 shop-po supplier items list --supplier FOXC
	[ "$output" = "$ITEMS" ]
}

# ---- supplier codes and reorder rules name suppliers ----

@test "supplier-codes import: an unknown supplier is a rejected row with did you mean" {
	items_setup
	printf 'supplier,supplier_sku,sku\nFOXC,F-1,P1\nFOXD,F-2,P2\nNOBODY,N-1,P1\n' > s.csv
	run -1 --separate-stderr shop-product supplier-codes import s.csv
	[ "$stderr" = "shop-product: s.csv:3: unknown supplier 'FOXD' (did you mean 'FOXC'?)
shop-product: s.csv:4: unknown supplier 'NOBODY'
shop-product: imported 1 supplier code, skipped 0, rejected 2" ]
	run -0 shop-product supplier-codes list --no-header
	[ "$output" = "FOXC,F-1,P1" ]
	run -3 --separate-stderr shop-product supplier-codes list --supplier FOXD
	[ "$stderr" = "shop-product: unknown supplier 'FOXD' (did you mean 'FOXC'?)" ]
}

@test "reorder import: an unknown supplier is a rejected row; an empty one is none" {
	items_setup
	shop-stock -q warehouse add W1 --name One
	cat > rules.csv <<-EOF
	sku,warehouse,reorder_point,target,supplier,lead_days
	P1,W1,5,20,FOXC,
	P2,W1,5,20,FOXD,
	P3,W1,5,20,,
	EOF
	run -1 --separate-stderr shop-stock reorder import rules.csv
	[ "$stderr" = "shop-stock: rules.csv:3: unknown supplier 'FOXD' (did you mean 'FOXC'?)
shop-stock: imported 2 reorder rules, skipped 0, rejected 1" ]
	run -0 shop-stock reorder list --no-header
	expect <<-EOF
	P1,W1,5,20,,FOXC,
	P3,W1,5,20,,,
	EOF
}

# ---- help and completion ----

@test "supplier commands' --help names the columns" {
	run -0 shop-po supplier list --help
	[ "${lines[2]}" = "columns: code, name, lead_days, rating, email, phone" ]
	run -0 shop-po supplier import --help
	[ "${lines[2]}" = "columns: code (required), name (required for a new code), lead_days, rating," ]
	run -0 shop-po supplier items import --help
	[ "${lines[0]}" = "usage: shop-po supplier items import [OPTIONS] [FILE]" ]
	[ "${lines[2]}" = "columns: supplier, sku, cost (required), supplier_sku, moq, pack_size, lead_days;" ]
	run -0 shop-po supplier items list --help
	[ "${lines[0]}" = "usage: shop-po supplier items list [OPTIONS]" ]
	[ "${lines[2]}" = "columns: supplier, sku, supplier_sku (the first of the supplier's codes for the" ]
}

@test "supplier items: a group of its own; a missing or wrong subcommand is a usage error" {
	run -0 shop-po supplier items --help
	[ "${lines[3]}" = "  supplier items import [FILE]       add or update what suppliers sell us from CSV" ]
	run -2 --separate-stderr shop-po supplier items
	[ "$stderr" = "shop-po: 'supplier items' needs a subcommand (see 'shop-po --help')" ]
	run -2 --separate-stderr shop-po supplier items lst
	[ "$stderr" = "shop-po: unknown command 'supplier items lst' (did you mean 'supplier items list'?) (see 'shop-po --help')" ]
	run -0 shop-po __complete supplier items
	expect <<-EOF
	import	add or update what suppliers sell us from CSV
	list	list supplier items by supplier and sku (re-importable)
	EOF
}

@test "completion offers supplier codes for --supplier" {
	items_setup
	run -0 shop-po __complete --prefix=F supplier items list --supplier
	[ "$output" = $'FOXC\tFoxconn' ]
	run -0 shop-product __complete --prefix=--supplier=L supplier-codes list
	[ "$output" = $'--supplier=LUX\tLuxshare' ]
}
