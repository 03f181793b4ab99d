#!/usr/bin/env bats
# shop-product import: upsert by sku, one rule per test, the import
# semantics of SPEC §2 (rejects, --all-or-nothing, --dry-run, re-runs) and
# the CSV edge cases.
load helper

data() { cp "$BATS_TEST_DIRNAME/data/product-$1" "$1"; }

@test "import adds products, creating brands, categories and SPUs as named" {
	data catalog.csv
	run -0 --separate-stderr shop-product import catalog.csv
	[ "$stderr" = "shop-product: imported 5 products, skipped 0, rejected 0" ]
	[ -z "$output" ]
	run -0 shop-product brand list
	expect <<-EOF
	brand,skus
	Anker,2
	Apple,2
	华为,1
	EOF
	run -0 shop-product category list
	expect <<-EOF
	path,depth,skus
	手机,1,3
	手机/智能手机,2,3
	配件,1,2
	配件/充电器,2,1
	配件/线材,2,1
	EOF
	run -0 sql "select p.code, count(*) from sku s join spu p on p.id = s.spu_id group by p.code"
	expect <<-EOF
	IP7P|2
	MATE9|1
	EOF
}

@test "export normalizes: money to the currency digits, times to UTC, booleans to 0/1" {
	data catalog.csv
	shop-product import catalog.csv 2>/dev/null
	run -0 shop-product export
	expect <<-'EOF'
	sku,spu,name,brand,category,attrs,key_attrs,price,market_price,cost,barcode,weight_g,status,backorder,on_sale_from,on_sale_until
	CABLE-USBC-1M,,"USB-C cable 1m, ""braided""",Anker,配件/线材,length=1m,,39.00,,6.20,,40,active,0,,
	CHGR-20W,,"20W charger
	two lines",Anker,配件/充电器,power=20W,,99.00,129.00,31.00,0848000000022,60,draft,0,,
	IP7P-128-BLK,IP7P,iPhone 7 Plus 128G 黑色,Apple,手机/智能手机,color=黑色;storage=128G,screen=5.5in,5388.00,6388.00,4100.00,0190000000022,188,active,0,2026-11-01T00:00:00Z,2027-01-01T00:00:00Z
	IP7P-128-SLV,IP7P,iPhone 7 Plus 128G 银色,Apple,手机/智能手机,color=银色;storage=128G,screen=5.5in,5388.00,6388.00,4100.00,0190000000015,188,active,0,,
	MATE9-64-GLD,MATE9,华为 Mate 9 64G 香槟金,华为,手机/智能手机,color=香槟金;storage=64G,screen=5.9in,3399.00,3899.00,2600.00,6900000000014,190,inactive,1,,
	EOF
}

@test "re-importing the same file is all skipped and writes nothing" {
	data catalog.csv
	shop-product import catalog.csv 2>/dev/null
	before=$(sql 'select updated_at from sku order by sku')
	SHOP_NOW=2026-11-23T10:00:00Z run -0 --separate-stderr shop-product import catalog.csv
	[ "$stderr" = "shop-product: imported 0 products, skipped 5, rejected 0" ]
	[ "$(sql 'select updated_at from sku order by sku')" = "$before" ]
}

@test "round trip: export, import into a new database, export again is the identity" {
	data catalog.csv
	shop-product import catalog.csv 2>/dev/null
	shop-product set CHGR-20W on_sale_until=2026-12-31T23:59:59Z key_attrs='a=b=c;x=' 2>/dev/null
	shop-product export > first.csv
	run -0 --separate-stderr shop-product --db second.db import first.csv
	[ "$stderr" = "shop-product: imported 5 products, skipped 0, rejected 0" ]
	shop-product --db second.db export > second.csv
	cmp first.csv second.csv
	# and into the database it came from: nothing to do
	run -0 --separate-stderr shop-product import first.csv
	[ "$stderr" = "shop-product: imported 0 products, skipped 5, rejected 0" ]
}

@test "round trip through TSV keeps every field" {
	data catalog.csv
	shop-product import catalog.csv 2>/dev/null
	shop-product export --format tsv > all.tsv
	run -0 --separate-stderr shop-product --db second.db import all.tsv
	[ "$stderr" = "shop-product: imported 5 products, skipped 0, rejected 0" ]
	run -0 shop-product export
	local want=$output
	run -0 shop-product --db second.db export
	[ "$output" = "$want" ]
}

@test "every field rule rejects its row with FILE:LINE and a reason; the rest is applied" {
	data bad.csv
	run -1 --separate-stderr shop-product import bad.csv
	[ -z "$output" ]
	output=$stderr
	expect <<-'EOF'
	shop-product: bad.csv:2: bad price '12.345': too many decimals
	shop-product: bad.csv:3: bad price '-1': negative
	shop-product: bad.csv:4: category 'A/B/C/D/E' has 5 levels; at most 4
	shop-product: bad.csv:5: bad category 'A//B': empty level
	shop-product: bad.csv:6: bad attrs 'color': 'color' is not key=value
	shop-product: bad.csv:7: bad attrs '=red': empty key
	shop-product: bad.csv:8: bad attrs 'a=1;A=2': duplicate key 'A'
	shop-product: bad.csv:9: bad attrs 'a=1;': empty pair
	shop-product: bad.csv:10: bad barcode '4006381333930': check digit should be 1
	shop-product: bad.csv:11: bad barcode '12345': not 8, 12, 13 or 14 digits (EAN-8, UPC-A, EAN-13, GTIN-14)
	shop-product: bad.csv:12: bad barcode '40063813339x1': not digits
	shop-product: bad.csv:13: bad weight_g 'heavy': not a whole number
	shop-product: bad.csv:14: bad weight_g '-5': negative
	shop-product: bad.csv:15: bad status 'live': use draft, active or inactive
	shop-product: bad.csv:16: bad backorder 'maybe': not a boolean (use yes/no, true/false, y/n, 1/0)
	shop-product: bad.csv:17: bad on_sale_from '2026-13-01': month out of range
	shop-product: bad.csv:18: on_sale_from '2026-12-01T00:00:00Z' is not before on_sale_until '2026-11-01T00:00:00Z'
	shop-product: bad.csv:19: missing name for new sku 'A18'
	shop-product: bad.csv:20: sku 'A19' has no price; it cannot be active
	shop-product: bad.csv:21: bad market_price 'abc': not a number
	shop-product: bad.csv:22: bad cost '1.2.3': not a number
	shop-product: bad.csv:23: bad key_attrs 'k': 'k' is not key=value
	shop-product: bad.csv:24: bad sku ' A23': blank at the start or end
	shop-product: bad.csv:25: bad spu ' S': blank at the start or end
	shop-product: bad.csv:27: barcode '4006381333931' is already used by sku 'A25'
	shop-product: bad.csv:28: sku 'A25' is already on line 26 of this file
	shop-product: bad.csv:29: missing sku
	shop-product: bad.csv:30: bad on_sale_until '2026-11-22T10:00:00+02:00': only UTC times are accepted (end with Z)
	shop-product: imported 1 product, skipped 0, rejected 28
	EOF
	run -0 shop-product export --no-header
	[ "$output" = "A25,,Omega,,,,,1.00,,,4006381333931,,draft,0,," ]
}

@test "a sku twice in one file: the second row is rejected, into an empty or a filled catalogue" {
	printf 'sku,name,price\nD1,One,1\nD2,Two,2\nD1,Again,3\nD2,Two,2\n' > dup.csv
	# an empty catalogue: the first load, where skus are not looked up
	run -1 --separate-stderr shop-product import dup.csv
	expect_stderr() { [ "$stderr" = "$1" ] || { printf -- '--- expected\n%s\n--- actual\n%s\n' "$1" "$stderr"; return 1; }; }
	expect_stderr "shop-product: dup.csv:4: sku 'D1' is already on line 2 of this file
shop-product: dup.csv:5: sku 'D2' is already on line 3 of this file
shop-product: imported 2 products, skipped 0, rejected 2"
	# a filled catalogue: the same rule when the first rows update or skip
	printf 'sku,name,price\nD1,Uno,1\nD2,Two,2\nD1,Again,3\nD2,Two,2\n' > dup2.csv
	run -1 --separate-stderr shop-product import dup2.csv
	expect_stderr "shop-product: dup2.csv:4: sku 'D1' is already on line 2 of this file
shop-product: dup2.csv:5: sku 'D2' is already on line 3 of this file
shop-product: imported 1 product (0 new, 1 updated), skipped 1, rejected 2"
	run -0 shop-product list --no-header
	[ "$output" = $'D1,Uno,,,1.00,draft\nD2,Two,,,2.00,draft' ]
}

@test "--rejects writes the rejected rows unchanged plus an error column" {
	cat > in.csv <<-'EOF'
	name,sku,price
	"Good, one",G1,1.00
	"Bad ""quoted"", one",B1,1.001
	Bad two,B2,x
	EOF
	run -1 --separate-stderr shop-product import --rejects bad.csv in.csv
	cat > want.csv <<-'EOF'
	name,sku,price,error
	"Bad ""quoted"", one",B1,1.001,bad price '1.001': too many decimals
	Bad two,B2,x,bad price 'x': not a number
	EOF
	diff want.csv bad.csv
	# fixed and sent again, the rejects file is a valid import
	sed -i -e 's/1\.001/1.00/' -e 's/,x,/,2.00,/' bad.csv
	run -0 --separate-stderr shop-product import --ignore-unknown bad.csv
	[ "$stderr" = "shop-product: imported 2 products, skipped 0, rejected 0" ]
}

@test "--all-or-nothing writes nothing when a row is rejected" {
	printf 'sku,name,price\nG1,Good,1.00\nB1,Bad,1.001\n' > in.csv
	run -1 --separate-stderr shop-product import --all-or-nothing in.csv
	[ "$stderr" = "shop-product: in.csv:3: bad price '1.001': too many decimals
shop-product: imported nothing of 1 product, skipped 0, rejected 1 (--all-or-nothing)" ]
	[ "$(sql 'select count(*) from sku')" = 0 ]
	[ "$(sql 'select count(*) from audit')" = 0 ]
	# with every row good it applies them
	printf 'sku,name,price\nG1,Good,1.00\n' > in.csv
	run -0 shop-product import --all-or-nothing in.csv
	[ "$(sql 'select count(*) from sku')" = 1 ]
}

@test "--dry-run validates, reports and writes nothing" {
	printf 'sku,name,price,brand,category\nG1,Good,1.00,Acme,A/B\nB1,Bad,1.001,,\n' > in.csv
	run -1 --separate-stderr shop-product import --dry-run in.csv
	[ "$stderr" = "shop-product: in.csv:3: bad price '1.001': too many decimals
shop-product: would import 1 product, skipped 0, rejected 1" ]
	run -0 sql 'select (select count(*) from sku), (select count(*) from brand),
		(select count(*) from category), (select count(*) from audit)'
	[ "$output" = "0|0|0|0" ]
}

@test "a later row sees what an earlier row of the same dry run created" {
	printf 'sku,name,category\nS1,One,A/B\nS2,Two,A\n' > in.csv
	run -1 --separate-stderr shop-product import -n in.csv
	[ "$stderr" = "shop-product: in.csv:3: category 'A' has subcategories; a sku goes on a leaf
shop-product: would import 1 product, skipped 0, rejected 1" ]
}

@test "an update changes only the columns given; an empty cell clears an optional field" {
	data catalog.csv
	shop-product import catalog.csv 2>/dev/null
	printf 'sku,price,barcode,brand,on_sale_from\nIP7P-128-BLK,5288.00,,,\n' > upd.csv
	SHOP_NOW=2026-11-23T08:00:00Z run -0 --separate-stderr shop-product import upd.csv
	[ "$stderr" = "shop-product: imported 1 product (0 new, 1 updated), skipped 0, rejected 0" ]
	run -0 shop-product export --no-header
	# lines[1..2] are the two-line name of CHGR-20W
	[ "${lines[3]}" = "IP7P-128-BLK,IP7P,iPhone 7 Plus 128G 黑色,,手机/智能手机,color=黑色;storage=128G,screen=5.5in,5288.00,6388.00,4100.00,,188,active,0,,2027-01-01T00:00:00Z" ]
	run -0 sql "select sku, created_at, updated_at from sku where sku like 'IP7P%' order by sku"
	expect <<-EOF
	IP7P-128-BLK|2026-11-22T10:00:00Z|2026-11-23T08:00:00Z
	IP7P-128-SLV|2026-11-22T10:00:00Z|2026-11-22T10:00:00Z
	EOF
}

@test "an empty name, status or backorder cell keeps the stored value" {
	printf 'sku,name,price,status,backorder\nS1,One,1.00,active,yes\n' | shop-product import 2>/dev/null
	printf 'sku,name,price,status,backorder\nS1,,2.00,,\n' > in.csv
	run -0 shop-product import in.csv
	run -0 shop-product export --no-header
	[ "$output" = "S1,,One,,,,,2.00,,,,,active,1,," ]
}

@test "a SKU goes on a leaf category; a category holding SKUs gets no children" {
	printf 'sku,name,category\nS1,One,Phones\nS2,Two,Toys/Cars\n' | shop-product import 2>/dev/null
	printf 'sku,name,category\nS3,Three,Phones/Smart\nS4,Four,Toys\nS5,Five,Toys/Cars/Red\n' > in.csv
	run -1 --separate-stderr shop-product import in.csv
	output=$stderr
	expect <<-'EOF'
	shop-product: in.csv:2: category 'Phones' holds 1 sku; cannot add 'Phones/Smart' under it
	shop-product: in.csv:3: category 'Toys' has subcategories; a sku goes on a leaf
	shop-product: in.csv:4: category 'Toys/Cars' holds 1 sku; cannot add 'Toys/Cars/Red' under it
	shop-product: imported 0 products, skipped 0, rejected 3
	EOF
	[ "$(sql 'select count(*) from category')" = 3 ]
	# the only SKU of a leaf may move below it, turning it into a parent
	printf 'sku,category\nS1,Phones/Feature\n' > mv.csv
	run -0 shop-product import mv.csv
	run -0 shop-product category list
	expect <<-EOF
	path,depth,skus
	Phones,1,1
	Phones/Feature,2,1
	Toys,1,1
	Toys/Cars,2,1
	EOF
}

@test "category paths are trimmed per level" {
	printf 'sku,name,category\nS1,One, Home / Kitchen \n' > in.csv
	run -0 shop-product import in.csv
	run -0 shop-product category list --no-header
	[ "$output" = $'Home,1,1\nHome/Kitchen,2,1' ]
	printf 'sku,name,category\nS1,One,Home/Kitchen\n' > again.csv
	run -0 --separate-stderr shop-product import again.csv
	[ "$stderr" = "shop-product: imported 0 products, skipped 1, rejected 0" ]
}

@test "a SKU may change SPU; an SPU is created on first use" {
	printf 'sku,spu,name\nS1,P1,One\nS2,P1,Two\n' | shop-product import 2>/dev/null
	printf 'sku,spu\nS2,P2\nS1,\n' > in.csv
	run -0 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: imported 2 products (0 new, 2 updated), skipped 0, rejected 0" ]
	run -0 shop-product export --no-header
	[ "$output" = $'S1,,One,,,,,,,,,,draft,0,,\nS2,P2,Two,,,,,,,,,,draft,0,,' ]
}

@test "TSV: by the .tsv name or --input-format tsv on stdin" {
	printf 'sku\tname\tprice\nT1\tTab, one\t1.50\nT2\t"Quoted"\t2\n' > in.tsv
	run -0 --separate-stderr shop-product import in.tsv
	[ "$stderr" = "shop-product: imported 2 products, skipped 0, rejected 0" ]
	printf 'sku\tname\tprice\nT3\tThree\t3.00\n' | shop-product import --input-format tsv - 2>/dev/null
	run -0 shop-product list --no-header
	expect <<-'EOF'
	T1,"Tab, one",,,1.50,draft
	T2,Quoted,,,2.00,draft
	T3,Three,,,3.00,draft
	EOF
}

@test "a UTF-8 BOM and CRLF line ends are accepted" {
	printf '\xef\xbb\xbfsku,name,price\r\nB1,Bom,1.00\r\nB2,Crlf,2.00\r\n' > in.csv
	run -0 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: imported 2 products, skipped 0, rejected 0" ]
	run -0 shop-product export --no-header
	[ "$output" = $'B1,,Bom,,,,,1.00,,,,,draft,0,,\nB2,,Crlf,,,,,2.00,,,,,draft,0,,' ]
}

@test "quoted fields hold commas, quotes and newlines; lines count physical lines" {
	printf 'sku,name,price\nQ1,"one\nand two, ""three""",1.00\nQ2,fine,1.001\n' > in.csv
	run -1 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: in.csv:4: bad price '1.001': too many decimals
shop-product: imported 1 product, skipped 0, rejected 1" ]
	[ "$(sql "select name from sku where sku = 'Q1'")" = 'one
and two, "three"' ]
}

@test "header names are case-insensitive and the column order is free" {
	printf 'Price, NAME ,SKU\n3.00,Upper,U1\n' > in.csv
	run -0 shop-product import in.csv
	run -0 shop-product list --no-header
	[ "$output" = "U1,Upper,,,3.00,draft" ]
}

@test "an unknown column is exit 65 and nothing is written; --ignore-unknown skips it" {
	printf 'sku,name,colour,size\nS1,One,red,M\n' > in.csv
	run -65 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: in.csv:1: unknown columns 'colour', 'size'; known columns: sku, spu, name, brand, category, attrs, key_attrs, price, market_price, cost, barcode, weight_g, status, backorder, on_sale_from, on_sale_until" ]
	[ "$(sql 'select count(*) from sku')" = 0 ]
	run -0 shop-product import --ignore-unknown in.csv
	[ "$(sql 'select count(*) from sku')" = 1 ]
}

@test "a missing sku column is exit 65" {
	printf 'name,price\nOne,1.00\n' > in.csv
	run -65 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: in.csv:1: missing required column 'sku'" ]
}

@test "invalid UTF-8 is exit 65 naming the line, and nothing is written" {
	printf 'sku,name\nS1,fine\nS2,caf\xe9\n' > in.csv
	run -65 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: in.csv:3: invalid UTF-8" ]
	[ "$(sql 'select count(*) from sku')" = 0 ]
}

@test "a NUL byte is exit 65 naming the line" {
	printf 'sku,name\nS1,fine\nS2,nu\0l\n' > in.csv
	run -65 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: in.csv:3: NUL byte in input" ]
	[ "$(sql 'select count(*) from sku')" = 0 ]
}

@test "malformed CSV and a short row are exit 65" {
	printf 'sku,name\nS1,"open\n' > in.csv
	run -65 --separate-stderr shop-product import in.csv
	[[ $stderr == "shop-product: in.csv:"*": malformed CSV: "* ]]
	printf 'sku,name\nS1\n' > short.csv
	run -65 --separate-stderr shop-product import short.csv
	[ "$stderr" = "shop-product: short.csv:2: expected 2 fields as in the header, found 1" ]
	[ "$(sql 'select count(*) from sku')" = 0 ]
}

@test "the money digits come from the config" {
	export SHOP_CONFIG=$BATS_TEST_TMPDIR/shop.yaml
	printf 'currency:\n  code: JPY\n  digits: 0\n' > shop.yaml
	printf 'sku,name,price\nJ1,Yen,1200\nJ2,Sen,12.5\n' > in.csv
	run -1 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: in.csv:3: bad price '12.5': too many decimals
shop-product: imported 1 product, skipped 0, rejected 1" ]
	run -0 shop-product list --no-header
	[ "$output" = "J1,Yen,,,1200,draft" ]
}

@test "an import leaves one audit row with its summary; a no-op re-run and a dry run none" {
	data catalog.csv
	shop-product import catalog.csv 2>/dev/null
	shop-product import catalog.csv 2>/dev/null
	shop-product import --dry-run catalog.csv 2>/dev/null
	run -0 sql 'select program, argv, summary from audit'
	expect <<-EOF
	shop-product|shop-product import catalog.csv|imported 5 products (5 new, 0 updated), skipped 0, rejected 0
	EOF
}

@test "--quiet drops the summary but not the rejections" {
	printf 'sku,name,price\nS1,One,1\nS2,Two,x\n' > in.csv
	run -1 --separate-stderr shop-product import -q in.csv
	[ "$stderr" = "shop-product: in.csv:3: bad price 'x': not a number" ]
}

@test "import --help lists the columns; the command overview keeps one line each" {
	run -0 shop-product import --help
	[ "${lines[1]}" = "add or update products by sku from CSV" ]
	[ "${lines[2]}" = "columns: sku (required), spu, name (required for a new sku), brand, category," ]
	run -0 shop-product --help
	[[ $output == *$'\n  import [FILE]                      add or update products by sku from CSV\n  export '* ]]
}
