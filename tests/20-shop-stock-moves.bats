#!/usr/bin/env bats
# shop-stock receive|adjust|transfer: single rows and files, a ref applied
# once, rules that refuse instead of going negative, bad input; moves.
load helper

seed() {
	shop-product add A --name "Widget A" --price 1
	shop-product add B --name "Widget B" --price 1
	shop-product add P --name "Pre-sale" --price 1 --backorder
	shop-stock warehouse add W1 --name One --priority 1
	shop-stock warehouse add W2 --name Two --priority 2
}

levels() { run -0 shop-stock levels --no-header; }

@test "receive one row: on_hand grows and the ledger has one receipt" {
	seed
	run -0 --separate-stderr shop-stock receive --sku A --warehouse W1 --qty 10 --ref GRN-1 --note "first delivery"
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 shop-stock levels
	expect <<-EOF
	sku,warehouse,on_hand,reserved,allocated,available,reorder_point,on_order
	A,W1,10,0,0,10,,0
	EOF
	run -0 shop-stock moves
	expect <<-EOF
	id,at,type,sku,warehouse,qty,ref,doc,note,user
	1,2026-11-22T10:00:00Z,receipt,A,W1,10,GRN-1,receive,first delivery,$(id -un)
	EOF
	run -0 sql "select summary from audit where program = 'shop-stock' and argv like '%receive%'"
	[ "$output" = "receipt 10 of sku 'A' in 'W1', ref 'GRN-1'" ]
}

@test "receive: the same ref again is skipped, says so, and writes nothing" {
	seed
	shop-stock receive --sku A --warehouse W1 --qty 10 --ref GRN-1
	audits=$(sql 'select count(*) from audit')
	run -0 --separate-stderr shop-stock receive --sku A --warehouse W1 --qty 10 --ref GRN-1
	[ "$stderr" = "shop-stock: receipt 'GRN-1' of sku 'A' in warehouse 'W1' is already applied; skipped" ]
	run -0 --separate-stderr shop-stock --quiet receive --sku A --warehouse W1 --qty 10 --ref GRN-1
	[ -z "$stderr" ]
	[ "$(sql 'select count(*) from movement')" = 1 ]
	[ "$(sql 'select count(*) from audit')" = "$audits" ]
	levels
	[ "$output" = "A,W1,10,0,0,10,,0" ]
}

@test "receive: a ref already applied with another qty is refused" {
	seed
	shop-stock receive --sku A --warehouse W1 --qty 10 --ref GRN-1
	run -1 shop-stock receive --sku A --warehouse W1 --qty 12 --ref GRN-1
	[ "$output" = "shop-stock: receipt 'GRN-1' of sku 'A' in warehouse 'W1' is already applied with qty 10, not 12" ]
	levels
	[ "$output" = "A,W1,10,0,0,10,,0" ]
}

@test "receive: one ref covers many lines, one per sku and warehouse" {
	seed
	shop-stock receive --sku A --warehouse W1 --qty 10 --ref GRN-1
	shop-stock receive --sku B --warehouse W1 --qty 4 --ref GRN-1
	shop-stock receive --sku A --warehouse W2 --qty 3 --ref GRN-1
	levels
	expect <<-EOF
	A,W1,10,0,0,10,,0
	A,W2,3,0,0,3,,0
	B,W1,4,0,0,4,,0
	EOF
}

@test "receive: unknown sku or warehouse is exit 3" {
	seed
	run -3 shop-stock receive --sku NOPE --warehouse W1 --qty 1 --ref R
	[ "$output" = "shop-stock: unknown sku 'NOPE'" ]
	run -3 shop-stock receive --sku A --warehouse W9 --qty 1 --ref R
	[ "$output" = "shop-stock: unknown warehouse 'W9'" ]
	[ "$(sql 'select count(*) from movement')" = 0 ]
}

@test "receive: a malformed qty is exit 65, a qty the rules refuse is exit 1" {
	seed
	run -65 shop-stock receive --sku A --warehouse W1 --qty abc --ref R
	[ "$output" = "shop-stock: bad --qty 'abc': not a whole number" ]
	run -65 shop-stock receive --sku A --warehouse W1 --qty 1.5 --ref R
	[ "$output" = "shop-stock: bad --qty '1.5': not a whole number" ]
	run -65 shop-stock receive --sku A --warehouse W1 --qty 99999999999999999999 --ref R
	[ "$output" = "shop-stock: bad --qty '99999999999999999999': out of range" ]
	run -65 shop-stock receive --sku A --warehouse W1 --qty "" --ref R
	[ "$output" = "shop-stock: bad --qty '': not a whole number" ]
	run -1 shop-stock receive --sku A --warehouse W1 --qty 0 --ref R
	[ "$output" = "shop-stock: qty must be positive" ]
	run -1 shop-stock receive --sku A --warehouse W1 --qty -5 --ref R
	[ "$output" = "shop-stock: qty must be positive" ]
	run -1 shop-stock receive --sku A --warehouse W1 --qty 1000000001 --ref R
	[ "$output" = "shop-stock: qty 1000000001 is out of range (1 to 1000000000)" ]
	run -65 shop-stock receive --sku A --warehouse W1 --qty 1 --ref ""
	[ "$output" = "shop-stock: bad --ref '': empty" ]
	[ "$(sql 'select count(*) from movement')" = 0 ]
}

@test "receive: missing or conflicting options are usage errors" {
	seed
	run -2 shop-stock receive --sku A --qty 1 --ref R
	[ "$output" = "shop-stock: missing --warehouse (see 'shop-stock receive --help')" ]
	run -2 shop-stock receive --sku A --warehouse W1 --ref R
	[ "$output" = "shop-stock: missing --qty (see 'shop-stock receive --help')" ]
	run -2 shop-stock receive --sku A --warehouse W1 --qty 1
	[ "$output" = "shop-stock: missing --ref (see 'shop-stock receive --help')" ]
	run -2 shop-stock receive --warehouse W1 --qty 1 --ref R
	[ "$output" = "shop-stock: missing --sku (or give a FILE) (see 'shop-stock receive --help')" ]
	run -2 shop-stock receive --sku A --warehouse W1 --qty 1 --ref R in.csv
	[ "$output" = "shop-stock: give a FILE or the one-row options, not both (see 'shop-stock receive --help')" ]
	run -2 shop-stock receive --sku A --from W1 --qty 1 --ref R
	[ "$output" = "shop-stock: unknown option '--from' (see 'shop-stock receive --help')" ]
	run -2 shop-stock receive --qty
	[ "$output" = "shop-stock: option '--qty' needs an argument (see 'shop-stock receive --help')" ]
	run -2 shop-stock receive a.csv b.csv
	[ "$output" = "shop-stock: unexpected argument 'b.csv' (see 'shop-stock receive --help')" ]
}

@test "receive --dry-run checks everything and writes nothing" {
	seed
	run -0 shop-stock receive --sku A --warehouse W1 --qty 10 --ref GRN-1 --dry-run
	run -3 shop-stock receive --sku NOPE --warehouse W1 --qty 10 --ref GRN-1 --dry-run
	[ "$(sql 'select count(*) from movement; select count(*) from stock')" = "0
0" ]
}

@test "adjust: a signed qty, never below what is available" {
	seed
	shop-stock receive --sku A --warehouse W1 --qty 10 --ref GRN-1
	run -0 shop-stock adjust --sku A --warehouse W1 --qty -3 --ref DMG-1 --note damaged
	run -0 shop-stock adjust --sku A --warehouse W1 --qty 2 --ref FOUND-1
	levels
	[ "$output" = "A,W1,9,0,0,9,,0" ]
	run -1 shop-stock adjust --sku A --warehouse W1 --qty -10 --ref DMG-2
	[ "$output" = "shop-stock: not enough stock of sku 'A' in warehouse 'W1': 9 available, 10 needed" ]
	run -1 shop-stock adjust --sku B --warehouse W1 --qty -1 --ref DMG-3
	[ "$output" = "shop-stock: not enough stock of sku 'B' in warehouse 'W1': 0 available, 1 needed" ]
	run -1 shop-stock adjust --sku A --warehouse W1 --qty 0 --ref DMG-4
	[ "$output" = "shop-stock: qty must not be 0" ]
	run -0 --separate-stderr shop-stock adjust --sku A --warehouse W1 --qty -3 --ref DMG-1
	[ "$stderr" = "shop-stock: adjustment 'DMG-1' of sku 'A' in warehouse 'W1' is already applied; skipped" ]
	run -1 shop-stock adjust --sku A --warehouse W1 --qty 3 --ref DMG-1
	[ "$output" = "shop-stock: adjustment 'DMG-1' of sku 'A' in warehouse 'W1' is already applied with qty -3, not 3" ]
	run -0 shop-stock moves --type adjustment
	expect <<-EOF
	id,at,type,sku,warehouse,qty,ref,doc,note,user
	2,2026-11-22T10:00:00Z,adjustment,A,W1,-3,DMG-1,adjust,damaged,$(id -un)
	3,2026-11-22T10:00:00Z,adjustment,A,W1,2,FOUND-1,adjust,,$(id -un)
	EOF
}

@test "adjust: a backorder SKU still never goes below zero on hand" {
	seed
	shop-stock receive --sku P --warehouse W1 --qty 2 --ref GRN-1
	run -1 shop-stock adjust --sku P --warehouse W1 --qty -3 --ref DMG-1
	[ "$output" = "shop-stock: not enough stock of sku 'P' in warehouse 'W1': 2 on hand, 3 needed" ]
	run -0 shop-stock adjust --sku P --warehouse W1 --qty -2 --ref DMG-1
	levels
	[ "$output" = "P,W1,0,0,0,0,,0" ]
}

@test "transfer one row: out of one warehouse, into the other, under one ref" {
	seed
	shop-stock receive --sku A --warehouse W1 --qty 10 --ref GRN-1
	run -0 --separate-stderr shop-stock transfer --sku A --from W1 --to W2 --qty 4 --ref TR-1
	[ -z "$stderr" ]
	levels
	expect <<-EOF
	A,W1,6,0,0,6,,0
	A,W2,4,0,0,4,,0
	EOF
	run -0 shop-stock moves --ref TR-1 --no-header
	expect <<-EOF
	2,2026-11-22T10:00:00Z,transfer_out,A,W1,-4,TR-1,transfer,,$(id -un)
	3,2026-11-22T10:00:00Z,transfer_in,A,W2,4,TR-1,transfer,,$(id -un)
	EOF
	run -0 --separate-stderr shop-stock transfer --sku A --from W1 --to W2 --qty 4 --ref TR-1
	[ "$stderr" = "shop-stock: transfer 'TR-1' of sku 'A' in warehouse 'W1' is already applied; skipped" ]
	run -1 shop-stock transfer --sku A --from W1 --to W2 --qty 5 --ref TR-1
	[ "$output" = "shop-stock: transfer 'TR-1' of sku 'A' in warehouse 'W1' is already applied with qty 4, not 5" ]
	[ "$(sql 'select count(*) from movement')" = 3 ]
}

@test "transfer: refused beyond what is available, or to itself; bad input" {
	seed
	shop-stock receive --sku A --warehouse W1 --qty 10 --ref GRN-1
	run -1 shop-stock transfer --sku A --from W1 --to W2 --qty 11 --ref TR-1
	[ "$output" = "shop-stock: not enough stock of sku 'A' in warehouse 'W1': 10 available, 11 needed" ]
	run -1 shop-stock transfer --sku A --from W1 --to W1 --qty 1 --ref TR-1
	[ "$output" = "shop-stock: cannot transfer sku 'A' in warehouse 'W1' to itself" ]
	run -1 shop-stock transfer --sku A --from W1 --to W2 --qty 0 --ref TR-1
	[ "$output" = "shop-stock: qty must be positive" ]
	run -3 shop-stock transfer --sku A --from W1 --to W9 --qty 1 --ref TR-1
	[ "$output" = "shop-stock: unknown warehouse 'W9'" ]
	run -2 shop-stock transfer --sku A --from W1 --qty 1 --ref TR-1
	[ "$output" = "shop-stock: missing --from or --to (see 'shop-stock transfer --help')" ]
	run -2 shop-stock transfer --sku A --warehouse W1 --to W2 --qty 1 --ref TR-1
	[ "$output" = "shop-stock: unknown option '--warehouse' (see 'shop-stock transfer --help')" ]
	levels
	[ "$output" = "A,W1,10,0,0,10,,0" ]
}

@test "receive FILE: every row applied, a summary on stderr, nothing on stdout" {
	seed
	cat > in.csv <<-EOF
	sku,warehouse,qty,ref,note
	A,W1,10,GRN-1,"first, with a comma"
	B,W1,5,GRN-1,
	A,W2,7,GRN-2,
	A,W1,1,GRN-2,
	EOF
	run -0 --separate-stderr shop-stock receive in.csv
	[ -z "$output" ]
	[ "$stderr" = "shop-stock: imported 4 movements, skipped 0, rejected 0" ]
	levels
	expect <<-EOF
	A,W1,11,0,0,11,,0
	A,W2,7,0,0,7,,0
	B,W1,5,0,0,5,,0
	EOF
	run -0 shop-stock moves --sku A --warehouse W1 --no-header
	expect <<-EOF
	1,2026-11-22T10:00:00Z,receipt,A,W1,10,GRN-1,receive,"first, with a comma",$(id -un)
	4,2026-11-22T10:00:00Z,receipt,A,W1,1,GRN-2,receive,,$(id -un)
	EOF
	run -0 sql "select summary from audit where argv like '%receive%'"
	[ "$output" = "imported 4 movements (4 new, 0 updated), skipped 0, rejected 0" ]
}

@test "receive FILE again: every row skipped, nothing written" {
	seed
	printf 'sku,warehouse,qty,ref\nA,W1,10,GRN-1\nB,W1,5,GRN-1\n' > in.csv
	shop-stock receive in.csv 2>/dev/null
	run -0 --separate-stderr shop-stock receive in.csv
	[ "$stderr" = "shop-stock: imported 0 movements, skipped 2, rejected 0" ]
	[ "$(sql 'select count(*) from movement')" = 2 ]
	levels
	expect <<-EOF
	A,W1,10,0,0,10,,0
	B,W1,5,0,0,5,,0
	EOF
}

@test "receive FILE: bad rows are rejected with file:line, good ones applied" {
	seed
	cat > in.csv <<-EOF
	sku,warehouse,qty,ref,note
	A,W1,10,GRN-1,ok
	NOPE,W1,1,GRN-1,
	A,W9,1,GRN-1,
	A,W1,zero,GRN-1,
	A,W1,0,GRN-2,
	A,W1,-1,GRN-2,
	B,W1,1,,
	,W1,1,GRN-3,
	A,W1,11,GRN-1,same ref other qty
	A,W1,10,GRN-1,same again
	B,W2,2,GRN-1,ok
	EOF
	run -1 --separate-stderr shop-stock receive --rejects bad.csv in.csv
	[ -z "$output" ]
	[ "$stderr" = "shop-stock: in.csv:3: unknown sku 'NOPE'
shop-stock: in.csv:4: unknown warehouse 'W9'
shop-stock: in.csv:5: bad qty 'zero': not a whole number
shop-stock: in.csv:6: qty must be positive
shop-stock: in.csv:7: qty must be positive
shop-stock: in.csv:8: missing ref
shop-stock: in.csv:9: missing sku
shop-stock: in.csv:10: receipt 'GRN-1' of sku 'A' in warehouse 'W1' is already applied with qty 10, not 11
shop-stock: imported 2 movements, skipped 1, rejected 8" ]
	run -0 cat bad.csv
	expect <<-EOF
	sku,warehouse,qty,ref,note,error
	NOPE,W1,1,GRN-1,,unknown sku 'NOPE'
	A,W9,1,GRN-1,,unknown warehouse 'W9'
	A,W1,zero,GRN-1,,bad qty 'zero': not a whole number
	A,W1,0,GRN-2,,qty must be positive
	A,W1,-1,GRN-2,,qty must be positive
	B,W1,1,,,missing ref
	,W1,1,GRN-3,,missing sku
	A,W1,11,GRN-1,same ref other qty,"receipt 'GRN-1' of sku 'A' in warehouse 'W1' is already applied with qty 10, not 11"
	EOF
	levels
	expect <<-EOF
	A,W1,10,0,0,10,,0
	B,W2,2,0,0,2,,0
	EOF
}

@test "receive FILE --all-or-nothing: one bad row and nothing is applied" {
	seed
	printf 'sku,warehouse,qty,ref\nA,W1,10,GRN-1\nNOPE,W1,1,GRN-1\n' > in.csv
	run -1 --separate-stderr shop-stock receive --all-or-nothing in.csv
	[ "$stderr" = "shop-stock: in.csv:3: unknown sku 'NOPE'
shop-stock: imported nothing of 1 movement, skipped 0, rejected 1 (--all-or-nothing)" ]
	[ "$(sql 'select count(*) from movement; select count(*) from stock')" = "0
0" ]
	printf 'sku,warehouse,qty,ref\nA,W1,10,GRN-1\n' > good.csv
	run -0 --separate-stderr shop-stock receive --all-or-nothing good.csv
	[ "$stderr" = "shop-stock: imported 1 movement, skipped 0, rejected 0" ]
}

@test "receive FILE --dry-run reports what it would do and writes nothing" {
	seed
	printf 'sku,warehouse,qty,ref\nA,W1,10,GRN-1\nA,W1,10,GRN-1\nNOPE,W1,1,GRN-1\n' > in.csv
	run -1 --separate-stderr shop-stock receive --dry-run in.csv
	[ "$stderr" = "shop-stock: in.csv:4: unknown sku 'NOPE'
shop-stock: would import 1 movement, skipped 1, rejected 1" ]
	[ "$(sql 'select count(*) from movement; select count(*) from stock')" = "0
0" ]
}

@test "receive FILE: TSV, stdin, BOM and CRLF, columns in any order and case" {
	seed
	printf 'REF\tQty\tsku\twarehouse\nGRN-1\t3\tA\tW1\n' > in.tsv
	run -0 --separate-stderr shop-stock receive in.tsv
	[ "$stderr" = "shop-stock: imported 1 movement, skipped 0, rejected 0" ]
	printf '\xef\xbb\xbfsku,warehouse,qty,ref\r\nA,W1,4,GRN-2\r\n' | shop-stock -q receive
	printf 'sku,warehouse,qty,ref\nA,W2,5,GRN-3\n' | shop-stock -q receive -
	levels
	expect <<-EOF
	A,W1,7,0,0,7,,0
	A,W2,5,0,0,5,,0
	EOF
}

@test "receive FILE: a malformed file is exit 65 and nothing is written" {
	seed
	printf 'sku,warehouse,qty,ref\nA,W1,10,GRN-1\nA,W1,"5,GRN-2\n' > in.csv
	run -65 shop-stock receive in.csv
	[ "$output" = "shop-stock: in.csv:3: malformed CSV: misplaced or unterminated quote" ]
	printf 'sku,warehouse,qty,ref\nA,W1,10,GRN-1\nA,W1,5\n' > in.csv
	run -65 shop-stock receive in.csv
	[ "$output" = "shop-stock: in.csv:3: expected 4 fields as in the header, found 3" ]
	printf 'sku,warehouse,qty\nA,W1,10\n' > in.csv
	run -65 shop-stock receive in.csv
	[ "$output" = "shop-stock: in.csv:1: missing required column 'ref'" ]
	printf 'sku,warehouse,qty,ref,lot\nA,W1,10,GRN-1,L1\n' > in.csv
	run -65 shop-stock receive in.csv
	[ "$output" = "shop-stock: in.csv:1: unknown column 'lot'; known columns: sku, warehouse, qty, ref, note" ]
	printf 'sku,warehouse,qty,ref\nA,W1,10,GRN-1\nA,W1,1,GRN\0-2\n' > in.csv
	run -65 shop-stock receive in.csv
	[ "$output" = "shop-stock: in.csv:3: NUL byte in input" ]
	: > empty.csv
	run -65 shop-stock receive empty.csv
	[ "$output" = "shop-stock: empty.csv: empty input: a header row is needed" ]
	[ "$(sql 'select count(*) from movement; select count(*) from stock')" = "0
0" ]
	printf 'sku,warehouse,qty,ref,lot\nA,W1,10,GRN-1,L1\n' > in.csv
	run -0 shop-stock -q receive --ignore-unknown in.csv
	levels
	[ "$output" = "A,W1,10,0,0,10,,0" ]
}

@test "adjust FILE: rows apply in order, a row that would go negative is rejected" {
	seed
	cat > in.csv <<-EOF
	sku,warehouse,qty,ref,note
	A,W1,5,ADJ-1,found
	A,W1,-3,ADJ-2,damaged
	A,W1,-3,ADJ-3,too many
	A,W1,0,ADJ-4,
	A,W1,-2,ADJ-2,resent
	EOF
	run -1 --separate-stderr shop-stock adjust in.csv
	[ "$stderr" = "shop-stock: in.csv:4: not enough stock of sku 'A' in warehouse 'W1': 2 available, 3 needed
shop-stock: in.csv:5: qty must not be 0
shop-stock: in.csv:6: adjustment 'ADJ-2' of sku 'A' in warehouse 'W1' is already applied with qty -3, not -2
shop-stock: imported 2 movements, skipped 0, rejected 3" ]
	levels
	[ "$output" = "A,W1,2,0,0,2,,0" ]
}

@test "transfer FILE: columns sku, from, to, qty, ref, note" {
	seed
	shop-stock receive --sku A --warehouse W1 --qty 10 --ref GRN-1
	cat > in.csv <<-EOF
	sku,from,to,qty,ref,note
	A,W1,W2,4,TR-1,rebalance
	A,W1,W2,7,TR-2,too many
	A,W2,W9,1,TR-3,
	A,W1,W2,4,TR-1,again
	EOF
	run -1 --separate-stderr shop-stock transfer in.csv
	[ "$stderr" = "shop-stock: in.csv:3: not enough stock of sku 'A' in warehouse 'W1': 6 available, 7 needed
shop-stock: in.csv:4: unknown warehouse 'W9'
shop-stock: imported 1 transfer, skipped 1, rejected 2" ]
	levels
	expect <<-EOF
	A,W1,6,0,0,6,,0
	A,W2,4,0,0,4,,0
	EOF
	printf 'sku,warehouse,qty,ref\nA,W1,1,TR-9\n' > wrong.csv
	run -65 shop-stock transfer wrong.csv
	[ "$output" = "shop-stock: wrong.csv:1: unknown column 'warehouse'; known columns: sku, from, to, qty, ref, note" ]
}

@test "moves: filters by sku, warehouse, type, time and ref; bad filters" {
	seed
	SHOP_NOW=2026-11-20T08:00:00Z shop-stock receive --sku A --warehouse W1 --qty 10 --ref GRN-1
	SHOP_NOW=2026-11-21T08:00:00Z shop-stock receive --sku B --warehouse W2 --qty 5 --ref GRN-2
	SHOP_NOW=2026-11-22T08:00:00Z shop-stock adjust --sku A --warehouse W1 --qty -1 --ref DMG-1
	run -0 shop-stock moves --since 2026-11-21 --no-header --format tsv
	expect <<-EOF
	2	2026-11-21T08:00:00Z	receipt	B	W2	5	GRN-2	receive		$(id -un)
	3	2026-11-22T08:00:00Z	adjustment	A	W1	-1	DMG-1	adjust		$(id -un)
	EOF
	run -0 shop-stock moves --until 2026-11-21T08:00:00Z --no-header
	[ "$output" = "1,2026-11-20T08:00:00Z,receipt,A,W1,10,GRN-1,receive,,$(id -un)" ]
	run -0 shop-stock moves --sku A --type receipt --format jsonl
	[ "$output" = "{\"id\":1,\"at\":\"2026-11-20T08:00:00Z\",\"type\":\"receipt\",\"sku\":\"A\",\"warehouse\":\"W1\",\"qty\":10,\"ref\":\"GRN-1\",\"doc\":\"receive\",\"note\":\"\",\"user\":\"$(id -un)\"}" ]
	run -0 shop-stock moves --warehouse W2 --type shipment
	[ "$output" = "id,at,type,sku,warehouse,qty,ref,doc,note,user" ]
	run -2 shop-stock moves --type sale
	[ "$output" = "shop-stock: unknown --type 'sale' (receipt, shipment, adjustment, transfer_out, transfer_in, customer_return, purchase_return or count_variance) (see 'shop-stock moves --help')" ]
	run -65 shop-stock moves --since yesterday
	[ "$output" = "shop-stock: bad --since 'yesterday': not a timestamp (use 2026-11-22T10:00:00Z)" ]
	run -3 shop-stock moves --sku NOPE
	[ "$output" = "shop-stock: unknown sku 'NOPE'" ]
	run -3 shop-stock moves --warehouse W9
	[ "$output" = "shop-stock: unknown warehouse 'W9'" ]
	run -2 shop-stock moves extra
	[ "$output" = "shop-stock: unexpected argument 'extra' (see 'shop-stock moves --help')" ]
}

@test "the ledger is append-only: updating or deleting a movement fails" {
	seed
	shop-stock receive --sku A --warehouse W1 --qty 10 --ref GRN-1
	run ! sql "update movement set qty = 11"
	[[ $output == *"the movement ledger is append-only"* ]]
	run ! sql "delete from movement"
	[[ $output == *"the movement ledger is append-only"* ]]
	[ "$(sql 'select qty from movement')" = 10 ]
}
