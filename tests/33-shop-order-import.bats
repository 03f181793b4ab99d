#!/usr/bin/env bats
# shop-order import: the B2B bulk import. Rows of one (customer,
# order_ref) are one order wherever they are; an order with one bad row is
# rejected whole (every row in --rejects, the reason in the error column);
# re-runs skip; files that are bad as a whole are exit 65 with nothing
# written; --dry-run and --all-or-nothing.
load helper

LIST=order,customer,order_ref,channel,status,goods_total,discount,freight,total,paid,refunded,created_at
T=2026-11-22T10:00:00Z

# A sells at 10.00, B at 2.50; W1 (priority 1) holds 5 of A, W2 (priority
# 2) 5 of A and 100 of B; customers C1 and C2, prepaid; C2 orders in its
# own part numbers P-A (A) and P-B (B).
shop_setup() {
	shop-product -q add A --name "Widget A" --price 10 --status active
	shop-product -q add B --name "Widget B" --price 2.50 --status active
	shop-stock -q warehouse add W1 --name One --priority 1
	shop-stock -q warehouse add W2 --name Two --priority 2
	shop-stock -q receive --sku A --warehouse W1 --qty 5 --ref G1
	shop-stock -q receive --sku A --warehouse W2 --qty 5 --ref G2
	shop-stock -q receive --sku B --warehouse W2 --qty 100 --ref G3
	shop-order -q customer add C1 --name One
	shop-order -q customer add C2 --name Two
	printf '%s\n' customer,part_no,sku C2,P-A,A C2,P-B,B | shop-product -q parts import
}

checked() {
	run -0 --separate-stderr shop check
	[ -z "$output" ]
	[ -z "$stderr" ]
}

# nothing: no order, no line, nothing held, nothing posted
nothing_written() {
	run -0 sql "select count(*) from orders; select count(*) from order_line; select sum(reserved) from stock; select count(*) from journal"
	[ "$output" = $'0\n0\n0\n0' ]
}

@test "import: rows of an order anywhere in the file; one bad row rejects its order whole" {
	shop_setup
	cat > o.csv <<-EOF
	order_ref,customer,sku,qty,unit_price,note
	R1,C1,A,2,,rush
	R2,C2,B,4,,
	R3,C1,B,1,,
	R1,C1,B,3,,rush
	R3,C1,Z,1,,
	R2,C2,A,1,9.99,
	R1,C1,A,1,0.00,rush
	R3,C1,A,1,,
	EOF
	run -1 --separate-stderr shop-order import --rejects rej.csv o.csv
	[ -z "$output" ]
	[ "$stderr" = "shop-order: o.csv:6: unknown sku 'Z'
shop-order: imported 2 orders (5 lines), skipped 0, rejected 1" ]
	# every row of R3, as it was, with the reason
	run -0 cat rej.csv
	expect <<-EOF
	order_ref,customer,sku,qty,unit_price,note,error
	R3,C1,B,1,,,unknown sku 'Z'
	R3,C1,Z,1,,,unknown sku 'Z'
	R3,C1,A,1,,,unknown sku 'Z'
	EOF
	# R1: 2 x 10.00 + 3 x 2.50 + 1 x 0.00 = 27.50; R2: 4 x 2.50 + 9.99 = 19.99
	run -0 shop-order list
	expect <<-EOF
	$LIST
	SO-1,C1,R1,,pending_payment,27.50,0.00,0.00,27.50,0.00,0.00,$T
	SO-2,C2,R2,,pending_payment,19.99,0.00,0.00,19.99,0.00,0.00,$T
	EOF
	# lines in the order of the file's rows
	run -0 shop-order lines --no-header
	expect <<-EOF
	SO-1,1,A,2,10.00,0.00,20.00,W1,0,0,0,0.00
	SO-1,2,B,3,2.50,0.00,7.50,W2,0,0,0,0.00
	SO-1,3,A,1,0.00,0.00,0.00,W1,0,0,0,0.00
	SO-2,1,B,4,2.50,0.00,10.00,W2,0,0,0,0.00
	SO-2,2,A,1,9.99,0.00,9.99,W1,0,0,0,0.00
	EOF
	# A in W1: 2 + 1 + 1 = 4; B: 3 + 4 = 7; nothing of R3
	run -0 shop-stock levels --no-header
	expect <<-EOF
	A,W1,5,4,0,1,,0
	A,W2,5,0,0,5,,0
	B,W2,100,7,0,93,,0
	EOF
	run -0 shop-order show SO-1 --format jsonl
	[ "$(jq -r .note <<<"$output")" = rush ]
	checked
}

@test "import: the rejects file, fixed, imports; a re-run skips what is there" {
	shop_setup
	cat > o.csv <<-EOF
	order_ref,customer,sku,qty
	R1,C1,A,2
	R3,C1,B,1
	R3,C1,Z,1
	EOF
	run -1 --separate-stderr shop-order import --rejects rej.csv o.csv
	# the error column is ignored on the way back in
	sed 's/,Z,/,A,/' rej.csv > fixed.csv
	run -0 --separate-stderr shop-order import fixed.csv
	[ "$stderr" = "shop-order: imported 1 order (2 lines), skipped 0, rejected 0" ]
	run -0 --separate-stderr shop-order import fixed.csv
	[ "$stderr" = "shop-order: imported 0 orders (0 lines), skipped 1, rejected 0" ]
	sed 's/,Z,/,A,/' o.csv > all.csv
	run -0 --separate-stderr shop-order import all.csv
	[ "$stderr" = "shop-order: imported 0 orders (0 lines), skipped 2, rejected 0" ]
	run -0 shop-order list --no-header
	expect <<-EOF
	SO-1,C1,R1,,pending_payment,20.00,0.00,0.00,20.00,0.00,0.00,$T
	SO-2,C1,R3,,pending_payment,12.50,0.00,0.00,12.50,0.00,0.00,$T
	EOF
	# A: 2 + 1 in W1, once each
	run -0 shop-stock levels --no-header --sku A --warehouse W1
	[ "$output" = "A,W1,5,3,0,2,,0" ]
	# R1 20.00 + R3 (2.50 + 10.00) = 32.50, posted once
	run -0 shop-order customer list --no-header
	[ "${lines[0]}" = "C1,One,,,b2c,prepaid,,,,,,32.50" ]
	checked
}

@test "import: rows that disagree on an order-level column reject the order" {
	shop_setup
	cat > o.csv <<-EOF
	order_ref,customer,sku,qty,channel,note,ship_name,ship_phone,ship_address,ship_region,created_at
	R1,C1,A,1,web,,Ann,,,,
	R1,C1,B,1,app,,Ann,,,,
	R2,C1,A,1,web,,Ann,,,,
	R2,C1,B,1,web,,Bob,,,,
	R3,C1,A,1,,a,,,,,
	R3,C1,B,1,,b,,,,,
	R4,C1,A,1,,,,1,,,
	R4,C1,B,1,,,,2,,,
	R5,C1,A,1,,,,,X St,,
	R5,C1,B,1,,,,,,,
	R6,C1,A,1,,,,,,east,
	R6,C1,B,1,,,,,,west,
	R7,C1,A,1,,,,,,,2026-01-02T03:04:05Z
	R7,C1,B,1,,,,,,,2026-01-02T03:04:06Z
	R8,C1,A,1,web,n,Ann,1,X St,east,2026-01-02T03:04:05Z
	R8,C1,B,1,web,n,Ann,1,X St,east,2026-01-02T03:04:05Z
	EOF
	run -1 shop-order import --rejects rej.csv o.csv
	expect <<-EOF
	shop-order: o.csv:3: rows of order 'R1' disagree on channel ('web', 'app')
	shop-order: o.csv:5: rows of order 'R2' disagree on ship_name ('Ann', 'Bob')
	shop-order: o.csv:7: rows of order 'R3' disagree on note ('a', 'b')
	shop-order: o.csv:9: rows of order 'R4' disagree on ship_phone ('1', '2')
	shop-order: o.csv:11: rows of order 'R5' disagree on ship_address ('X St', '')
	shop-order: o.csv:13: rows of order 'R6' disagree on ship_region ('east', 'west')
	shop-order: o.csv:15: rows of order 'R7' disagree on created_at ('2026-01-02T03:04:05Z', '2026-01-02T03:04:06Z')
	shop-order: imported 1 order (2 lines), skipped 0, rejected 7
	EOF
	run -0 sh -c 'tail -n +2 rej.csv | wc -l'
	[ "$output" = 14 ]
	run -0 shop-order show SO-1 --format jsonl
	[ "$(jq -r '[.order_ref, .channel, .note, .ship_name, .ship_phone, .ship_address, .ship_region, .created_at] | join("|")' <<<"$output")" = "R8|web|n|Ann|1|X St|east|2026-01-02T03:04:05Z" ]
	checked
}

@test "import: created_at is kept, and the shelf window is judged at it" {
	shop_setup
	# P was on sale until 2026-11-01, before now (2026-11-22)
	shop-product -q add P --name Past --price 4 --status active --until 2026-11-01T00:00:00Z
	shop-stock -q receive --sku P --warehouse W1 --qty 10 --ref G-P
	cat > o.csv <<-EOF
	order_ref,customer,sku,qty,created_at
	H1,C1,P,2,2026-10-15T08:30:00Z
	H2,C1,P,1,2026-11-01T00:00:00Z
	H3,C1,A,1,
	EOF
	run -1 --separate-stderr shop-order import o.csv
	[ "$stderr" = "shop-order: o.csv:3: sku 'P' was on sale until 2026-11-01T00:00:00Z
shop-order: imported 2 orders (2 lines), skipped 0, rejected 1" ]
	# 2 x 4.00; H3 at now
	run -0 shop-order list --no-header
	expect <<-EOF
	SO-1,C1,H1,,pending_payment,8.00,0.00,0.00,8.00,0.00,0.00,2026-10-15T08:30:00Z
	SO-2,C1,H3,,pending_payment,10.00,0.00,0.00,10.00,0.00,0.00,$T
	EOF
	run -0 shop-order list --no-header --until 2026-11-01
	[ "${lines[0]}" = "SO-1,C1,H1,,pending_payment,8.00,0.00,0.00,8.00,0.00,0.00,2026-10-15T08:30:00Z" ]
	[ "${#lines[@]}" -eq 1 ]
	run -0 shop-order show SO-1 --format jsonl
	[ "$(jq -c '[.history[] | [.at, .status]]' <<<"$output")" = '[["2026-10-15T08:30:00Z","pending_payment"]]' ]
	run -1 --separate-stderr shop-order import - <<<$'order_ref,customer,sku,qty,created_at\nH4,C1,A,1,2026-02-30'
	[ "$stderr" = "shop-order: <stdin>:2: bad created_at '2026-02-30': day out of range
shop-order: imported 0 orders (0 lines), skipped 0, rejected 1" ]
	checked
}

@test "import: part numbers; a sku and a part_no both, or neither, are rejected" {
	shop_setup
	cat > o.csv <<-EOF
	order_ref,customer,sku,part_no,qty
	R1,C2,,P-A,2
	R1,C2,B,,1
	R1,C2,,P-B,4
	R2,C2,A,P-A,1
	R3,C1,,P-A,1
	R4,C2,,P-Z,1
	R5,C2,,,1
	EOF
	run -1 shop-order import --rejects rej.csv o.csv
	expect <<-EOF
	shop-order: o.csv:5: give a sku or a part_no, not both
	shop-order: o.csv:6: unknown part_no 'P-A' of customer 'C1'
	shop-order: o.csv:7: unknown part_no 'P-Z' of customer 'C2'
	shop-order: o.csv:8: a line needs a sku or a part_no
	shop-order: imported 1 order (3 lines), skipped 0, rejected 4
	EOF
	# P-A is A, P-B is B: 2 x 10.00 + 2.50 + 4 x 2.50 = 32.50
	run -0 shop-order lines --no-header
	expect <<-EOF
	SO-1,1,A,2,10.00,0.00,20.00,W1,0,0,0,0.00
	SO-1,2,B,1,2.50,0.00,2.50,W2,0,0,0,0.00
	SO-1,3,B,4,2.50,0.00,10.00,W2,0,0,0,0.00
	EOF
	run -0 shop-order list --no-header
	[ "$output" = "SO-1,C2,R1,,pending_payment,32.50,0.00,0.00,32.50,0.00,0.00,$T" ]
	# a file of part numbers only needs no sku column
	run -0 --separate-stderr shop-order import - <<<$'order_ref,customer,part_no,qty\nR6,C2,P-B,1\nR6,C2,P-A,1'
	[ "$stderr" = "shop-order: imported 1 order (2 lines), skipped 0, rejected 0" ]
	checked
}

@test "import: every rule of create rejects the order, with its reason" {
	shop_setup
	shop-order -q customer add K --name Credit --terms credit --credit-limit 20
	shop-order -q customer add P --name Prepaid --approval-limit 5
	cat > o.csv <<-EOF
	order_ref,customer,sku,qty,unit_price,warehouse,coupon
	R1,C1,A,1,,W9,
	R2,C1,B,1,,W1,
	R3,CX,A,1,,,
	R4,C1,A,0,,,
	R5,C1,A,x,,,
	R6,C1,A,1,1.001,,
	R7,C1,A,1,-1,,
	R8,C1,A,11,,,
	R9,K,A,3,,,
	R10,C1,A,1,,,NEW10
	,C1,A,1,,,
	R11,P,A,1,,,
	R12,C1,B,2,,W2,
	R13,K,A,2,,,
	EOF
	run -1 shop-order import --rejects rej.csv o.csv
	expect <<-EOF
	shop-order: o.csv:2: unknown warehouse 'W9'
	shop-order: o.csv:3: not enough stock of sku 'B' in warehouse 'W1': 0 available, 1 needed
	shop-order: o.csv:4: unknown customer 'CX' (did you mean 'C1'?)
	shop-order: o.csv:5: qty must be positive (sku 'A')
	shop-order: o.csv:6: bad qty 'x': not a whole number
	shop-order: o.csv:7: bad unit_price '1.001': too many decimals
	shop-order: o.csv:8: unit_price must not be negative
	shop-order: o.csv:9: not enough stock of sku 'A': 10 available, 11 needed
	shop-order: o.csv:10: order total 30.00 would take customer 'K' to 30.00 owed and awaiting approval, over the credit limit 20.00
	shop-order: o.csv:11: unknown coupon 'NEW10'
	shop-order: o.csv:12: missing order_ref
	shop-order: imported 3 orders (3 lines), skipped 0, rejected 11
	EOF
	run -0 cut -d, -f1,8- rej.csv
	expect <<-EOF
	order_ref,error
	R1,unknown warehouse 'W9'
	R2,"not enough stock of sku 'B' in warehouse 'W1': 0 available, 1 needed"
	R3,unknown customer 'CX' (did you mean 'C1'?)
	R4,qty must be positive (sku 'A')
	R5,bad qty 'x': not a whole number
	R6,bad unit_price '1.001': too many decimals
	R7,unit_price must not be negative
	R8,"not enough stock of sku 'A': 10 available, 11 needed"
	R9,"order total 30.00 would take customer 'K' to 30.00 owed and awaiting approval, over the credit limit 20.00"
	R10,unknown coupon 'NEW10'
	,missing order_ref
	EOF
	# R11 waits (10.00 > 5.00), R12 takes W2 as named, R13 2 x 10.00 = 20.00
	# is K's limit exactly
	run -0 shop-order list --no-header
	expect <<-EOF
	SO-1,P,R11,,pending_approval,10.00,0.00,0.00,10.00,0.00,0.00,$T
	SO-2,C1,R12,,pending_payment,5.00,0.00,0.00,5.00,0.00,0.00,$T
	SO-3,K,R13,,confirmed,20.00,0.00,0.00,20.00,0.00,0.00,$T
	EOF
	checked
}

@test "import: a file bad as a whole is exit 65 and writes nothing" {
	shop_setup
	run -65 --separate-stderr shop-order import - <<<$'order_ref,customer,qty\nR1,C1,1'
	[ "$stderr" = "shop-order: <stdin>: the header needs a sku or a part_no column" ]
	run -65 --separate-stderr shop-order import - <<<$'order_ref,customer,sku\nR1,C1,A'
	[ "$stderr" = "shop-order: <stdin>:1: missing required column 'qty'" ]
	run -65 --separate-stderr shop-order import - <<<$'order_ref,sku,qty\nR1,A,1'
	[ "$stderr" = "shop-order: <stdin>:1: missing required column 'customer'" ]
	run -65 --separate-stderr shop-order import - <<<$'order_ref,customer,sku,qtty\nR1,C1,A,1'
	[ "$stderr" = "shop-order: <stdin>:1: unknown column 'qtty' (did you mean 'qty'?); known columns: order_ref, customer, sku, part_no, qty, unit_price, warehouse, channel, coupon, ship_name, ship_phone, ship_address, ship_region, note, created_at" ]
	run -65 --separate-stderr shop-order import - <<<$'order_ref,customer,sku,sku,qty\nR1,C1,A,A,1'
	[ "$stderr" = "shop-order: <stdin>:1: duplicate column 'sku'" ]
	# a good order before the bad row is not kept either
	printf 'order_ref,customer,sku,qty\nR1,C1,A,1\nR2,C1,\xb0\xa1,1\n' > gb.csv
	run -65 --separate-stderr shop-order import gb.csv
	[ "$stderr" = "shop-order: gb.csv:3: invalid UTF-8 (the file reads as GB18030: try --encoding gb18030)" ]
	printf 'order_ref,customer,sku,qty\nR1,C1,A,1\nR2,C1,A\xff,1\n' > bad.csv
	run -65 --separate-stderr shop-order import bad.csv
	[ "$stderr" = "shop-order: bad.csv:3: invalid UTF-8" ]
	printf 'order_ref,customer,sku,qty\nR1,C1,A,1\nR2,C1,"A,1\n' > q.csv
	run -65 --separate-stderr shop-order import q.csv
	[ "$stderr" = "shop-order: q.csv:3: malformed CSV: misplaced or unterminated quote" ]
	printf 'order_ref,customer,sku,qty\nR1,C1,A,1\nR1,C1,B,1\n' | iconv -f utf-8 -t utf-16 > u16.csv
	run -65 --separate-stderr shop-order import u16.csv
	[ "$stderr" = "shop-order: u16.csv:1: the file is UTF-16: try --encoding utf-16" ]
	nothing_written
	run -0 --separate-stderr shop-order import --encoding utf-16 u16.csv
	[ "$stderr" = "shop-order: imported 1 order (2 lines), skipped 0, rejected 0" ]
	run -2 --separate-stderr shop-order import --rejects q.csv q.csv
	[ "$stderr" = "shop-order: --rejects 'q.csv' is the input file; give another name" ]
}

@test "import --dry-run: says what would happen, exit 1 when something would be rejected, writes nothing" {
	shop_setup
	printf '%s\n' order_ref,customer,sku,qty R1,C1,A,3 R2,C1,A,0 R3,C2,B,2 > o.csv
	run -1 shop-order import --dry-run --rejects rej.csv o.csv
	expect <<-EOF
	shop-order: o.csv:3: qty must be positive (sku 'A')
	shop-order: would import 2 orders (2 lines), skipped 0, rejected 1
	EOF
	nothing_written
	printf '%s\n' order_ref,customer,sku,qty R1,C1,A,3 R3,C2,B,2 > good.csv
	run -0 --separate-stderr shop-order import -n good.csv
	[ "$stderr" = "shop-order: would import 2 orders (2 lines), skipped 0, rejected 0" ]
	nothing_written
	run -0 shop-stock levels --no-header
	expect <<-EOF
	A,W1,5,0,0,5,,0
	A,W2,5,0,0,5,,0
	B,W2,100,0,0,100,,0
	EOF
}

@test "import --all-or-nothing: one rejected order and nothing is applied" {
	shop_setup
	printf '%s\n' order_ref,customer,sku,qty R1,C1,A,3 R2,C1,A,0 R3,C2,B,2 > o.csv
	run -1 shop-order import --all-or-nothing o.csv
	expect <<-EOF
	shop-order: o.csv:3: qty must be positive (sku 'A')
	shop-order: imported nothing of 2 orders (2 lines), skipped 0, rejected 1 (--all-or-nothing)
	EOF
	nothing_written
	sed -i 's/A,0/A,1/' o.csv
	run -0 --separate-stderr shop-order import --all-or-nothing o.csv
	[ "$stderr" = "shop-order: imported 3 orders (3 lines), skipped 0, rejected 0" ]
	# A in W1: 3 + 1; B: 2
	run -0 shop-stock levels --no-header
	expect <<-EOF
	A,W1,5,4,0,1,,0
	A,W2,5,0,0,5,,0
	B,W2,100,2,0,98,,0
	EOF
	checked
}

@test "import: an order brought over with its created_at is posted at that date" {
	shop-product -q add A --name Apple --price 10 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku A --warehouse W1 --qty 10 --ref R1
	shop-order -q customer add C1 --name One --terms credit
	printf 'order_ref,customer,sku,qty,created_at\nOLD-1,C1,A,2,2025-03-01T08:00:00Z\n' |
		shop-order -q import
	run -0 shop-order list --no-header
	[ "$output" = "SO-1,C1,OLD-1,,confirmed,20.00,0.00,0.00,20.00,0.00,0.00,2025-03-01T08:00:00Z" ]
	run -0 sql "select at, doc from journal order by id"
	[ "$output" = "2025-03-01T08:00:00Z|order SO-1" ]
}

@test "import: orders past one batch (1,000) share the stock and the credit limit" {
	shop-product -q add A --name "Widget A" --price 1 --status active
	shop-product -q add B --name "Widget B" --price 1 --status active
	shop-stock -q warehouse add W1 --name One --priority 1
	shop-stock -q warehouse add W2 --name Two --priority 2
	shop-stock -q receive --sku A --warehouse W1 --qty 700 --ref G1
	shop-stock -q receive --sku A --warehouse W2 --qty 500 --ref G2
	shop-stock -q receive --sku B --warehouse W1 --qty 1000 --ref G3
	shop-order -q customer add C1 --name One
	shop-order -q customer add C2 --name Two --terms credit --credit-limit 100
	# 1,650 orders of one unit: every 11th is C2's (B at 1.00: 150 of
	# them, the first 100 fit its limit of 100.00, its 100th is order
	# 1,100, in the second batch); the others C1's (A: 1,500 of them for
	# 1,200 units, W1 first: its 1,200th is order 1,319 (1,319 - 119),
	# its 1,201st order 1,321)
	awk 'BEGIN { print "order_ref,customer,sku,qty"
		for (o = 1; o <= 1650; o++)
			if (o % 11 == 0) printf "O-%04d,C2,B,1\n", o; else printf "O-%04d,C1,A,1\n", o }' > many.csv
	run -1 --separate-stderr shop-order import --rejects rej.csv many.csv
	[ "$(tail -n 1 <<<"$stderr")" = "shop-order: imported 1300 orders (1300 lines), skipped 0, rejected 350" ]
	[ "$(sed -n 1p <<<"$stderr")" = "shop-order: many.csv:1112: order total 1.00 would take customer 'C2' to 101.00 owed and awaiting approval, over the credit limit 100.00" ]
	[ "$(grep -m 1 'not enough' <<<"$stderr")" = "shop-order: many.csv:1322: not enough stock of sku 'A': 0 available, 1 needed" ]
	[ "$(wc -l < rej.csv)" = 351 ]
	run -0 sql "select c.code, count(*), max(o.order_ref) from orders o join customer c on c.id = o.customer_id group by c.code order by c.code"
	expect <<-EOF
	C1|1200|O-1319
	C2|100|O-1100
	EOF
	run -0 shop-stock levels --no-header
	expect <<-EOF
	A,W1,700,700,0,0,,0
	A,W2,500,500,0,0,,0
	B,W1,1000,100,0,900,,0
	EOF
	run -0 shop-order customer list --no-header
	expect <<-EOF
	C1,One,,,b2c,prepaid,,,,,,1200.00
	C2,Two,,,b2c,credit,100.00,,,,,100.00
	EOF
	checked
}
