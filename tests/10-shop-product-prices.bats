#!/usr/bin/env bats
# shop-product prices, parts, supplier-codes: upserts on their natural keys,
# unknown SKUs rejected, re-runs skipped, list output re-imports.
load helper

# price lists and part numbers name customers of the customer master,
# supplier codes suppliers of the supplier master
skus() {
	printf 'sku,name,price\nP1,One,10.00\nP2,Two,20.00\n' | shop-product -q import
	printf 'code,name\nACME,Acme\nBETA,Beta\n' | shop-order -q customer import
	printf 'code,name\nFOXC,Foxconn\nLUX,Luxshare\n' | shop-po -q supplier import
}

@test "prices import: customer or group rows with quantity breaks" {
	skus
	cat > p.csv <<-EOF
	customer,group,sku,min_qty,price
	ACME,,P1,10,9.50
	ACME,,P1,50,9
	,wholesale,P2,100,18.00
	,wholesale,P2,,19.00
	EOF
	run -0 --separate-stderr shop-product prices import p.csv
	[ "$stderr" = "shop-product: imported 4 prices, skipped 0, rejected 0" ]
	run -0 shop-product prices list
	expect <<-EOF
	customer,group,sku,min_qty,price
	,wholesale,P2,1,19.00
	,wholesale,P2,100,18.00
	ACME,,P1,10,9.50
	ACME,,P1,50,9.00
	EOF
}

@test "prices import again is skipped; a changed price is an update" {
	skus
	printf 'customer,sku,min_qty,price\nACME,P1,10,9.50\nACME,P1,50,9.00\n' > p.csv
	shop-product -q prices import p.csv
	run -0 --separate-stderr shop-product prices import p.csv
	[ "$stderr" = "shop-product: imported 0 prices, skipped 2, rejected 0" ]
	printf 'customer,sku,min_qty,price\nACME,P1,10,9.40\nACME,P1,50,9.00\n' > p2.csv
	run -0 --separate-stderr shop-product prices import p2.csv
	[ "$stderr" = "shop-product: imported 1 price (0 new, 1 updated), skipped 1, rejected 0" ]
	run -0 shop-product prices list --no-header
	[ "$output" = $'ACME,,P1,10,9.40\nACME,,P1,50,9.00' ]
	[ "$(sql 'select count(*) from price_list')" = 2 ]
}

@test "prices import rejects bad rows, with a rejects file" {
	skus
	cat > p.csv <<-EOF
	customer,group,sku,min_qty,price
	ACME,vip,P1,1,1
	,,P1,1,1
	ACME,,NOPE,1,1
	ACME,,P1,0,1
	ACME,,P1,x,1
	ACME,,P1,1,
	ACME,,P1,1,-1
	ACME,,P1,1,1.001
	ACME,,,1,1
	ACME,,P1,1,8.00
	EOF
	run -1 --separate-stderr shop-product prices import --rejects r.csv p.csv
	output=$stderr
	expect <<-EOF
	shop-product: p.csv:2: give customer or group, not both
	shop-product: p.csv:3: missing customer or group
	shop-product: p.csv:4: unknown sku 'NOPE'
	shop-product: p.csv:5: bad min_qty '0': must be 1 or more
	shop-product: p.csv:6: bad min_qty 'x': not a whole number
	shop-product: p.csv:7: missing price
	shop-product: p.csv:8: bad price '-1': negative
	shop-product: p.csv:9: bad price '1.001': too many decimals
	shop-product: p.csv:10: missing sku
	shop-product: imported 1 price, skipped 0, rejected 9
	EOF
	cat > want.csv <<-EOF
	customer,group,sku,min_qty,price,error
	ACME,vip,P1,1,1,"give customer or group, not both"
	,,P1,1,1,missing customer or group
	ACME,,NOPE,1,1,unknown sku 'NOPE'
	ACME,,P1,0,1,bad min_qty '0': must be 1 or more
	ACME,,P1,x,1,bad min_qty 'x': not a whole number
	ACME,,P1,1,,missing price
	ACME,,P1,1,-1,bad price '-1': negative
	ACME,,P1,1,1.001,bad price '1.001': too many decimals
	ACME,,,1,1,missing sku
	EOF
	diff want.csv r.csv
}

@test "prices import: without a customer or group column exit 65; --all-or-nothing" {
	skus
	printf 'sku,price\nP1,1\n' > p.csv
	run -65 --separate-stderr shop-product prices import p.csv
	[ "$stderr" = "shop-product: p.csv:1: missing required column 'customer' or 'group'" ]
	printf 'group,sku,price\nvip,P1,1\nvip,NOPE,1\n' > p.csv
	run -1 shop-product prices import --all-or-nothing p.csv
	[ "$(sql 'select count(*) from price_list')" = 0 ]
	run -1 shop-product prices import --dry-run p.csv
	[ "$(sql 'select count(*) from price_list')" = 0 ]
}

@test "prices list filters by sku, customer, group; its output re-imports" {
	skus
	printf 'customer,group,sku,price\nACME,,P1,9\nBETA,,P1,8\n,vip,P2,7\n' | shop-product -q prices import
	run -0 shop-product prices list --sku P1 --no-header
	[ "$output" = $'ACME,,P1,1,9.00\nBETA,,P1,1,8.00' ]
	run -0 shop-product prices list --customer BETA --format jsonl
	[ "$output" = '{"customer":"BETA","group":"","sku":"P1","min_qty":1,"price":"8.00"}' ]
	run -0 shop-product prices list --group vip --no-header
	[ "$output" = ",vip,P2,1,7.00" ]
	run -3 --separate-stderr shop-product prices list --sku NOPE
	[ "$stderr" = "shop-product: unknown sku 'NOPE'" ]
	shop-product prices list > all.csv
	shop-product export > products.csv
	shop-product -q --db other.db import products.csv
	shop-order customer list | shop-order -q --db other.db customer import
	run -0 --separate-stderr shop-product --db other.db prices import all.csv
	[ "$stderr" = "shop-product: imported 3 prices, skipped 0, rejected 0" ]
	run -0 shop-product --db other.db prices list
	[ "$output" = "$(cat all.csv)" ]
}

@test "parts import: (customer, part_no) -> sku; re-run skipped, remap updated" {
	skus
	printf 'customer,part_no,sku\nACME,A-1,P1\nACME,A-2,P2\nBETA,A-1,P2\n' > parts.csv
	run -0 --separate-stderr shop-product parts import parts.csv
	[ "$stderr" = "shop-product: imported 3 part numbers, skipped 0, rejected 0" ]
	run -0 --separate-stderr shop-product parts import parts.csv
	[ "$stderr" = "shop-product: imported 0 part numbers, skipped 3, rejected 0" ]
	printf 'customer,part_no,sku\nACME,A-1,P2\n' > remap.csv
	run -0 --separate-stderr shop-product parts import remap.csv
	[ "$stderr" = "shop-product: imported 1 part number (0 new, 1 updated), skipped 0, rejected 0" ]
	run -0 shop-product parts list
	expect <<-EOF
	customer,part_no,sku
	ACME,A-1,P2
	ACME,A-2,P2
	BETA,A-1,P2
	EOF
	run -0 shop-product parts list --customer BETA --no-header
	[ "$output" = "BETA,A-1,P2" ]
	run -0 shop-product parts list --sku P2 --customer ACME --format tsv --no-header
	[ "$output" = $'ACME\tA-1\tP2\nACME\tA-2\tP2' ]
}

@test "parts import rejects an unknown sku and empty keys" {
	skus
	printf 'customer,part_no,sku\nACME,A-1,NOPE\n,A-2,P1\nACME,,P1\nACME,A-3,\nACME,A-4,P1\n' > parts.csv
	run -1 --separate-stderr shop-product parts import --rejects r.csv parts.csv
	output=$stderr
	expect <<-EOF
	shop-product: parts.csv:2: unknown sku 'NOPE'
	shop-product: parts.csv:3: missing customer
	shop-product: parts.csv:4: missing part_no
	shop-product: parts.csv:5: missing sku
	shop-product: imported 1 part number, skipped 0, rejected 4
	EOF
	run -0 cat r.csv
	expect <<-EOF
	customer,part_no,sku,error
	ACME,A-1,NOPE,unknown sku 'NOPE'
	,A-2,P1,missing customer
	ACME,,P1,missing part_no
	ACME,A-3,,missing sku
	EOF
	printf 'customer,sku\nACME,P1\n' > nocol.csv
	run -65 --separate-stderr shop-product parts import nocol.csv
	[ "$stderr" = "shop-product: nocol.csv:1: missing required column 'part_no'" ]
}

@test "supplier-codes import: (supplier, supplier_sku) -> sku; re-run skipped; list re-imports" {
	skus
	printf 'supplier,supplier_sku,sku\nFOXC,F-100,P1\nFOXC,F-200,P2\nLUX,L-9,NOPE\n' > s.csv
	run -1 --separate-stderr shop-product supplier-codes import s.csv
	[ "$stderr" = "shop-product: s.csv:4: unknown sku 'NOPE'
shop-product: imported 2 supplier codes, skipped 0, rejected 1" ]
	run -1 --separate-stderr shop-product supplier-codes import s.csv
	[ "$stderr" = "shop-product: s.csv:4: unknown sku 'NOPE'
shop-product: imported 0 supplier codes, skipped 2, rejected 1" ]
	run -0 shop-product supplier-codes list --supplier FOXC --sku P2
	[ "$output" = $'supplier,supplier_sku,sku\nFOXC,F-200,P2' ]
	shop-product supplier-codes list > all.csv
	run -0 --separate-stderr shop-product supplier-codes import all.csv
	[ "$stderr" = "shop-product: imported 0 supplier codes, skipped 2, rejected 0" ]
}

@test "price, part and supplier-code imports leave audit rows; dry runs none" {
	skus
	printf 'group,sku,price\nvip,P1,1\n' > p.csv
	printf 'customer,part_no,sku\nACME,A-1,P1\n' > parts.csv
	printf 'supplier,supplier_sku,sku\nFOXC,F-1,P1\n' > s.csv
	shop-product -q prices import p.csv
	shop-product -q parts import parts.csv
	shop-product -q supplier-codes import s.csv --dry-run
	run -0 sql "select argv, summary from audit where argv not like '%import'"
	expect <<-EOF
	shop-product -q prices import p.csv|imported 1 price (1 new, 0 updated), skipped 0, rejected 0
	shop-product -q parts import parts.csv|imported 1 part number (1 new, 0 updated), skipped 0, rejected 0
	EOF
	[ "$(sql 'select count(*) from supplier_code')" = 0 ]
}
