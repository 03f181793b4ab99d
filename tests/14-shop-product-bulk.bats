#!/usr/bin/env bats
# shop-product import in batches: new SKUs wait in a queue and are written
# 4000 records at a time (COPY on PostgreSQL). Every rule must hold across
# the queue and across batches exactly as if each row had been written at
# once: a sku or a barcode given twice, a category created under a queued
# SKU's, SPUs shared by rows of two batches, the import options.
load helper

# products N: the header and SKUs P00001..PN, each with a price and the
# EAN-13 2 + its number on 11 digits + the check digit
products() {
	awk -v n="$1" 'function ean(i,   p, s, k) {
			p = sprintf("2%011d", i); s = 0
			for (k = 12; k >= 1; k--) s += substr(p, k, 1) * ((12 - k) % 2 == 0 ? 3 : 1)
			return p (10 - s % 10) % 10
		}
		BEGIN { print "sku,name,price,barcode"
			for (i = 1; i <= n; i++) printf "P%05d,Item %d,%d.00,%s\n", i, i, i, ean(i) }'
}

@test "a sku twice: rejected with the line of the first, in one batch and across batches" {
	products 5000 > in.csv
	echo 'P00001,Again,1.00,' >> in.csv    # line 5002: the first went in 4000 records ago
	sed -i '3a P00002,Twice,2.00,' in.csv  # line 4: its first is still queued
	run -1 --separate-stderr shop-product import in.csv
	output=$stderr
	expect <<-'EOF'
	shop-product: in.csv:4: sku 'P00002' is already on line 3 of this file
	shop-product: in.csv:5003: sku 'P00001' is already on line 2 of this file
	shop-product: imported 5000 products, skipped 0, rejected 2
	EOF
	[ "$(sql 'SELECT count(*) FROM sku')" = 5000 ]
	[ "$(sql "SELECT name FROM sku WHERE sku = 'P00002'")" = "Item 2" ]
}

@test "a sku twice into a filled catalogue: the same lines, new and updated rows alike" {
	printf 'sku,name,price\nP00003,Old,3.00\n' | shop-product import 2>/dev/null
	products 4500 > in.csv
	echo 'P00003,Again,3.00,' >> in.csv
	echo 'P04499,Again,3.00,' >> in.csv
	run -1 --separate-stderr shop-product import in.csv
	output=$stderr
	expect <<-'EOF'
	shop-product: in.csv:4502: sku 'P00003' is already on line 4 of this file
	shop-product: in.csv:4503: sku 'P04499' is already on line 4500 of this file
	shop-product: imported 4500 products (4499 new, 1 updated), skipped 0, rejected 2
	EOF
}

@test "a barcode twice: in one batch, across batches, and against the table" {
	products 4100 > in.csv
	echo 'Q1,Copy of 1,1.00,2000000000015' >> in.csv     # P00001's, written by then
	sed -i '3a Q2,Copy of 2,1.00,2000000000022' in.csv   # P00002's, still queued
	run -1 --separate-stderr shop-product import in.csv
	output=$stderr
	expect <<-'EOF'
	shop-product: in.csv:4: barcode '2000000000022' is already used by sku 'P00002'
	shop-product: in.csv:4103: barcode '2000000000015' is already used by sku 'P00001'
	shop-product: imported 4100 products, skipped 0, rejected 2
	EOF
	# a later import: a new SKU against the table, and an update against
	# a SKU still queued in the same batch
	printf 'sku,name,price,barcode\nN1,New,1.00,2000000000091\nN2,New,1.00,4006381333931\nP00001,Item 1,1.00,4006381333931\n' > more.csv
	run -1 --separate-stderr shop-product import more.csv
	output=$stderr
	expect <<-'EOF'
	shop-product: more.csv:2: barcode '2000000000091' is already used by sku 'P00009'
	shop-product: more.csv:4: barcode '4006381333931' is already used by sku 'N2'
	shop-product: imported 1 product, skipped 0, rejected 2
	EOF
	[ "$(sql "SELECT barcode FROM sku WHERE sku = 'P00001'")" = 2000000000015 ]
	[ "$(sql "SELECT sku FROM sku WHERE barcode = '4006381333931'")" = N2 ]
}

@test "a category under the category of a queued SKU is refused as under a written one" {
	printf 'sku,name,category\nS1,One,Toys\nS2,Two,Toys\nS3,Three,Toys/Cars/Red\nS4,Four,Pets/Dogs\nS5,Five,Pets\n' > in.csv
	run -1 --separate-stderr shop-product import in.csv
	output=$stderr
	expect <<-'EOF'
	shop-product: in.csv:4: category 'Toys' holds 2 skus; cannot add 'Toys/Cars/Red' under it
	shop-product: in.csv:6: category 'Pets' has subcategories; a sku goes on a leaf
	shop-product: imported 3 products, skipped 0, rejected 2
	EOF
	run -0 shop-product category list
	expect <<-'EOF'
	path,depth,skus
	Pets,1,1
	Pets/Dogs,2,1
	Toys,1,2
	EOF
}

@test "SPUs: variants in two batches share one SPU; a new SPU also named by an update is made once" {
	awk 'BEGIN { print "sku,spu,name,price"
		for (i = 1; i <= 4004; i++) printf "V%04d,G%d,Variant %d,1.00\n", i, int((i - 1) / 6), i }' > in.csv
	run -0 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: imported 4004 products, skipped 0, rejected 0" ]
	# 4004 variants, 6 a group: groups 0..667; group 666 (variants
	# 3997..4002) across the line between the batches
	[ "$(sql 'SELECT count(*) FROM spu')" = 668 ]
	[ "$(sql "SELECT count(*) FROM sku s JOIN spu p ON p.id = s.spu_id WHERE p.code = 'G666'")" = 6 ]
	[ "$(sql 'SELECT count(*) FROM sku WHERE spu_id IS NULL')" = 0 ]
	printf 'sku,spu,name,price\nW1,NEW,New one,1.00\nV0001,NEW,Variant 1,1.00\nW2,NEW,New two,1.00\n' > more.csv
	run -0 --separate-stderr shop-product import more.csv
	[ "$stderr" = "shop-product: imported 3 products (2 new, 1 updated), skipped 0, rejected 0" ]
	[ "$(sql "SELECT count(*) FROM sku s JOIN spu p ON p.id = s.spu_id WHERE p.code = 'NEW'")" = 3 ]
	[ "$(sql 'SELECT count(*) FROM spu')" = 669 ]
}

@test "a re-run of a batched load is all skipped; --dry-run and --all-or-nothing write nothing" {
	run -0 shop-product category add Misc   # a database, its catalogue empty
	products 4100 > in.csv
	run -0 --separate-stderr shop-product import --dry-run in.csv
	[ "$stderr" = "shop-product: would import 4100 products, skipped 0, rejected 0" ]
	[ "$(sql 'SELECT count(*) FROM sku')" = 0 ]
	echo 'P00001,Again,1.00,' >> in.csv
	run -1 --separate-stderr shop-product import --all-or-nothing in.csv
	output=$stderr
	expect <<-'EOF'
	shop-product: in.csv:4102: sku 'P00001' is already on line 2 of this file
	shop-product: imported nothing of 4100 products, skipped 0, rejected 1 (--all-or-nothing)
	EOF
	[ "$(sql 'SELECT count(*) FROM sku')" = 0 ]
	run -1 --separate-stderr shop-product import --rejects bad.csv in.csv
	[ "$(cat bad.csv)" = $'sku,name,price,barcode,error\nP00001,Again,1.00,,sku \'P00001\' is already on line 2 of this file' ]
	run -1 --separate-stderr shop-product import in.csv
	output=$stderr
	expect <<-'EOF'
	shop-product: in.csv:4102: sku 'P00001' is already on line 2 of this file
	shop-product: imported 0 products, skipped 4100, rejected 1
	EOF
	[ "$(sql 'SELECT count(*) FROM sku')" = 4100 ]
	[ "$(sql 'SELECT count(DISTINCT id) FROM sku')" = 4100 ]
}

@test "text with backslashes, tabs, newlines and CRs goes through the bulk copy unchanged" {
	printf 'sku,name,attrs\nT1,"a\\b\\\\c\td\ne\r\nf\\N",k=\\N\nT2,\\N,\n' > in.csv
	run -0 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: imported 2 products, skipped 0, rejected 0" ]
	run -0 shop-product export --format jsonl
	[ "${lines[0]}" = '{"sku":"T1","spu":"","name":"a\\b\\\\c\u0009d\u000ae\u000d\u000af\\N","brand":"","category":"","attrs":"k=\\N","key_attrs":"","price":null,"market_price":null,"cost":null,"barcode":"","weight_g":null,"status":"draft","backorder":0,"on_sale_from":"","on_sale_until":""}' ]
	[ "${lines[1]}" = '{"sku":"T2","spu":"","name":"\\N","brand":"","category":"","attrs":"","key_attrs":"","price":null,"market_price":null,"cost":null,"barcode":"","weight_g":null,"status":"draft","backorder":0,"on_sale_from":"","on_sale_until":""}' ]
}
