#!/usr/bin/env bats
# shop-product list, show and export: columns, filters, output formats.
load helper

catalog() { shop-product -q import "$BATS_TEST_DIRNAME/data/product-catalog.csv"; }

@test "list: product columns by sku, csv when not a terminal" {
	catalog
	run -0 shop-product list
	expect <<-'EOF'
	sku,name,brand,category,price,status
	CABLE-USBC-1M,"USB-C cable 1m, ""braided""",Anker,配件/线材,39.00,active
	CHGR-20W,"20W charger
	two lines",Anker,配件/充电器,99.00,draft
	IP7P-128-BLK,iPhone 7 Plus 128G 黑色,Apple,手机/智能手机,5388.00,active
	IP7P-128-SLV,iPhone 7 Plus 128G 银色,Apple,手机/智能手机,5388.00,active
	MATE9-64-GLD,华为 Mate 9 64G 香槟金,华为,手机/智能手机,3399.00,inactive
	EOF
}

@test "list output is valid import input" {
	catalog
	shop-product list --status inactive > l.csv
	run -0 --separate-stderr shop-product import l.csv
	[ "$stderr" = "shop-product: imported 0 products, skipped 1, rejected 0" ]
}

@test "list --format table aligns CJK by display width" {
	catalog
	run -0 shop-product list --format table --category 手机
	expect <<-'EOF'
	sku           name                     brand  category         price  status
	------------  -----------------------  -----  -------------  -------  --------
	IP7P-128-BLK  iPhone 7 Plus 128G 黑色  Apple  手机/智能手机  5388.00  active
	IP7P-128-SLV  iPhone 7 Plus 128G 银色  Apple  手机/智能手机  5388.00  active
	MATE9-64-GLD  华为 Mate 9 64G 香槟金   华为   手机/智能手机  3399.00  inactive
	EOF
}

@test "list --format tsv and jsonl" {
	catalog
	run -0 shop-product list --format tsv --brand Apple
	expect <<-EOF
	sku	name	brand	category	price	status
	IP7P-128-BLK	iPhone 7 Plus 128G 黑色	Apple	手机/智能手机	5388.00	active
	IP7P-128-SLV	iPhone 7 Plus 128G 银色	Apple	手机/智能手机	5388.00	active
	EOF
	run -0 shop-product list --format jsonl --brand Anker
	expect <<-'EOF'
	{"sku":"CABLE-USBC-1M","name":"USB-C cable 1m, \"braided\"","brand":"Anker","category":"配件/线材","price":"39.00","status":"active"}
	{"sku":"CHGR-20W","name":"20W charger\u000atwo lines","brand":"Anker","category":"配件/充电器","price":"99.00","status":"draft"}
	EOF
}

@test "list --excel: BOM, CRLF, formulas defused" {
	catalog
	shop-product add EVIL --name '=HYPERLINK("x")' --price 1 2>/dev/null
	run -0 shop-product list --excel --search evil
	[ "$output" = $'\xef\xbb\xbfsku,name,brand,category,price,status\r\nEVIL,"\'=HYPERLINK(""x"")",,,1.00,draft\r' ]
}

@test "list --no-header" {
	catalog
	run -0 shop-product list --no-header --status draft
	expect <<-'EOF'
	CHGR-20W,"20W charger
	two lines",Anker,配件/充电器,99.00,draft
	EOF
}

@test "list --category takes the whole subtree" {
	catalog
	run -0 shop-product list --category 配件 --no-header --format tsv
	expect <<-'EOF'
	CABLE-USBC-1M	"USB-C cable 1m, ""braided"""	Anker	配件/线材	39.00	active
	CHGR-20W	"20W charger
	two lines"	Anker	配件/充电器	99.00	draft
	EOF
	# a sibling whose name starts the same is not in the subtree
	printf 'sku,name,category\nX1,Other,配件类/其他\n' | shop-product import -q
	run -0 shop-product list --category 配件 --no-header
	[ "${#lines[@]}" = 3 ]
	run -0 shop-product list --category 配件/线材 --no-header
	[ "$output" = 'CABLE-USBC-1M,"USB-C cable 1m, ""braided""",Anker,配件/线材,39.00,active' ]
}

@test "list --status and --brand filter; they combine" {
	catalog
	run -0 shop-product list --status active --brand Apple --no-header --format tsv
	expect <<-EOF
	IP7P-128-BLK	iPhone 7 Plus 128G 黑色	Apple	手机/智能手机	5388.00	active
	IP7P-128-SLV	iPhone 7 Plus 128G 银色	Apple	手机/智能手机	5388.00	active
	EOF
}

@test "list --search matches sku, name or barcode, any case, literally" {
	catalog
	run -0 shop-product list --search 'usb-c' --no-header
	[ "$output" = 'CABLE-USBC-1M,"USB-C cable 1m, ""braided""",Anker,配件/线材,39.00,active' ]
	run -0 shop-product list --search 'mate9' --no-header
	[ "$output" = "MATE9-64-GLD,华为 Mate 9 64G 香槟金,华为,手机/智能手机,3399.00,inactive" ]
	run -0 shop-product list --search 0190000000015 --no-header
	[ "$output" = "IP7P-128-SLV,iPhone 7 Plus 128G 银色,Apple,手机/智能手机,5388.00,active" ]
	run -0 shop-product list --search 银色 --no-header
	[ "$output" = "IP7P-128-SLV,iPhone 7 Plus 128G 银色,Apple,手机/智能手机,5388.00,active" ]
	run -0 shop-product list --search '%' --no-header
	[ -z "$output" ]
	run -0 shop-product list --search '_' --no-header
	[ -z "$output" ]
}

@test "list: unknown category or brand is exit 3, a bad status exit 2" {
	catalog
	run -3 --separate-stderr shop-product list --category Nope
	[ "$stderr" = "shop-product: unknown category 'Nope'" ]
	[ -z "$output" ]
	run -3 --separate-stderr shop-product list --brand Nope
	[ "$stderr" = "shop-product: unknown brand 'Nope'" ]
	run -2 --separate-stderr shop-product list --status live
	[ "$stderr" = "shop-product: unknown --status 'live' (draft, active or inactive) (see 'shop-product list --help')" ]
}

@test "export --format jsonl types numbers and keeps money exact" {
	catalog
	run -0 shop-product export --format jsonl
	[ "${lines[0]}" = '{"sku":"CABLE-USBC-1M","spu":"","name":"USB-C cable 1m, \"braided\"","brand":"Anker","category":"配件/线材","attrs":"length=1m","key_attrs":"","price":"39.00","market_price":null,"cost":"6.20","barcode":"","weight_g":40,"status":"active","backorder":0,"on_sale_from":"","on_sale_until":""}' ]
}

@test "export of an empty database is the header alone" {
	shop init -q --db empty.db
	run -0 shop-product --db empty.db export
	[ "$output" = "sku,spu,name,brand,category,attrs,key_attrs,price,market_price,cost,barcode,weight_g,status,backorder,on_sale_from,on_sale_until" ]
}

@test "show: every field as field,value rows" {
	catalog
	run -0 shop-product show MATE9-64-GLD
	expect <<-EOF
	field,value
	sku,MATE9-64-GLD
	spu,MATE9
	spu_name,
	name,华为 Mate 9 64G 香槟金
	brand,华为
	category,手机/智能手机
	attrs,color=香槟金;storage=64G
	key_attrs,screen=5.9in
	price,3399.00
	market_price,3899.00
	cost,2600.00
	barcode,6900000000014
	weight_g,190
	status,inactive
	backorder,1
	on_sale_from,
	on_sale_until,
	created_at,2026-11-22T10:00:00Z
	updated_at,2026-11-22T10:00:00Z
	on_sale,no: sku 'MATE9-64-GLD' is inactive
	EOF
}

@test "show --format table: field: value lines with price lists and codes" {
	catalog
	shop-order -q customer add ACME --name Acme
	printf 'customer,group,sku,min_qty,price\nACME,,IP7P-128-BLK,10,5188.00\n,vip,IP7P-128-BLK,1,5300\n' |
		shop-product -q prices import
	printf 'customer,part_no,sku\nACME,A-7P-BLK,IP7P-128-BLK\n' | shop-product -q parts import
	printf 'code,name\nFOXC,Foxconn\n' | shop-po -q supplier import
	printf 'supplier,supplier_sku,sku\nFOXC,F-7P-128-B,IP7P-128-BLK\n' | shop-product -q supplier-codes import
	SHOP_NOW=2027-02-01T00:00:00Z run -0 shop-product show IP7P-128-BLK --format table
	expect <<-EOF
	sku:           IP7P-128-BLK
	spu:           IP7P
	spu_name:
	name:          iPhone 7 Plus 128G 黑色
	brand:         Apple
	category:      手机/智能手机
	attrs:         color=黑色;storage=128G
	key_attrs:     screen=5.5in
	price:         5388.00
	market_price:  6388.00
	cost:          4100.00
	barcode:       0190000000022
	weight_g:      188
	status:        active
	backorder:     0
	on_sale_from:  2026-11-01T00:00:00Z
	on_sale_until: 2027-01-01T00:00:00Z
	created_at:    2026-11-22T10:00:00Z
	updated_at:    2026-11-22T10:00:00Z
	on_sale:       no: sku 'IP7P-128-BLK' was on sale until 2027-01-01T00:00:00Z
	price_list:    group=vip;min_qty=1;price=5300.00
	price_list:    customer=ACME;min_qty=10;price=5188.00
	part:          customer=ACME;part_no=A-7P-BLK
	supplier_code: supplier=FOXC;supplier_sku=F-7P-128-B
	EOF
}

@test "show: the stock summary per warehouse once shop-stock is there" {
	command -v shop-stock >/dev/null || skip "no shop-stock"
	catalog
	shop-stock -q warehouse add SH --name Shanghai --priority 1
	shop-stock -q warehouse add GZ --name Guangzhou --priority 2
	shop-stock -q receive --sku IP7P-128-SLV --warehouse GZ --qty 5 --ref R1
	shop-stock -q receive --sku IP7P-128-SLV --warehouse SH --qty 7 --ref R1
	run -0 shop-product show IP7P-128-SLV --format tsv
	[ "${lines[-2]}" = $'stock\twarehouse=SH;on_hand=7;reserved=0;allocated=0;available=7' ]
	[ "${lines[-1]}" = $'stock\twarehouse=GZ;on_hand=5;reserved=0;allocated=0;available=5' ]
}

@test "show: unknown sku is exit 3; the sku is required" {
	catalog
	run -3 --separate-stderr shop-product show NOPE
	[ "$stderr" = "shop-product: unknown sku 'NOPE'" ]
	[ -z "$output" ]
	run -2 --separate-stderr shop-product show
	[ "$stderr" = "shop-product: missing argument: shop-product show SKU (see 'shop-product show --help')" ]
}

@test "reads leave no audit row" {
	catalog
	shop-product list >/dev/null
	shop-product show CHGR-20W >/dev/null
	shop-product export >/dev/null
	[ "$(sql 'select count(*) from audit')" = 1 ]
}
