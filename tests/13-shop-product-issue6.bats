#!/usr/bin/env bats
# shop-product, issue 6: what a new user and an attacker ran into (items 5,
# 8, 10, 13, 15, 16, 23), and the rules that moved into lib/ (tree order,
# subtrees, one-row look-ups, reads of a missing database, typed options).
load helper

fixture() { cp "$BATS_TEST_DIRNAME/data/$1" "$1"; }

# ---- item 5: did you mean ----

@test "set: an unknown field names the nearest and lists them all (65)" {
	shop-product add S1 --name One --price 1
	run -65 --separate-stderr shop-product set S1 prce=1
	[ "$stderr" = "shop-product: unknown field 'prce' (did you mean 'price'?); fields: name, spu, spu_name, brand, category, attrs, key_attrs, price, market_price, cost, barcode, weight_g, status, backorder, on_sale_from, on_sale_until" ]
	run -65 --separate-stderr shop-product set S1 name=Uno staus=active
	[ "$stderr" = "shop-product: unknown field 'staus' (did you mean 'status'?); fields: name, spu, spu_name, brand, category, attrs, key_attrs, price, market_price, cost, barcode, weight_g, status, backorder, on_sale_from, on_sale_until" ]
	run -0 shop-product export --no-header
	[ "$output" = "S1,,One,,,,,1.00,,,,,draft,0,," ]
}

@test "a sku, brand or category that differs only in case: did you mean (3)" {
	shop-product add A1 --name One --price 1 --brand Acme --category Phones/Smart
	shop-product add b2 --name Two --price 1
	run -3 --separate-stderr shop-product show a1
	[ "$stderr" = "shop-product: unknown sku 'a1' (did you mean 'A1'?)" ]
	run -3 --separate-stderr shop-product set B2 price=2
	[ "$stderr" = "shop-product: unknown sku 'B2' (did you mean 'b2'?)" ]
	run -3 --separate-stderr shop-product activate A1 a1
	[ "$stderr" = "shop-product: unknown sku 'a1' (did you mean 'A1'?)" ]
	run -3 --separate-stderr shop-product show Z9
	[ "$stderr" = "shop-product: unknown sku 'Z9'" ]
	run -3 --separate-stderr shop-product prices list --sku a1
	[ "$stderr" = "shop-product: unknown sku 'a1' (did you mean 'A1'?)" ]
	run -3 --separate-stderr shop-product list --brand ACME
	[ "$stderr" = "shop-product: unknown brand 'ACME' (did you mean 'Acme'?)" ]
	run -3 --separate-stderr shop-product brand remove acme
	[ "$stderr" = "shop-product: unknown brand 'acme' (did you mean 'Acme'?)" ]
	run -3 --separate-stderr shop-product list --category phones/smart
	[ "$stderr" = "shop-product: unknown category 'phones/smart' (did you mean 'Phones/Smart'?)" ]
	run -3 --separate-stderr shop-product category remove PHONES
	[ "$stderr" = "shop-product: unknown category 'PHONES' (did you mean 'Phones'?)" ]
}

@test "an import naming a sku in another case is rejected with the hint" {
	shop-product add A1 --name One --price 1
	shop-order -q customer add ACME --name Acme
	printf 'customer,sku,price\nACME,a1,9\nACME,A1,8\n' > p.csv
	run -1 --separate-stderr shop-product prices import p.csv
	[ "$stderr" = "shop-product: p.csv:2: unknown sku 'a1' (did you mean 'A1'?)
shop-product: imported 1 price, skipped 0, rejected 1" ]
}

# ---- item 8: platform exports as spreadsheets leave them ----

@test "shopify: a real export through a spreadsheet imports all 16 products, dropping what it must" {
	fixture shopify-spreadsheet.csv
	run -0 --separate-stderr shop-product import --from shopify shopify-spreadsheet.csv
	[ -z "$output" ]
	output=$stderr
	expect <<-'EOF'
	shop-product: shopify-spreadsheet.csv:2: barcode '8.90123E+11' dropped: not digits (a spreadsheet's scientific notation?)
	shop-product: shopify-spreadsheet.csv:3: barcode '8.90123E+11' dropped: not digits (a spreadsheet's scientific notation?)
	shop-product: shopify-spreadsheet.csv:6: barcode '3.65275E+11' dropped: not digits (a spreadsheet's scientific notation?)
	shop-product: shopify-spreadsheet.csv:12: barcode '6.9E+11' dropped: not digits (a spreadsheet's scientific notation?)
	shop-product: shopify-spreadsheet.csv:13: barcode '6.9E+11' dropped: not digits (a spreadsheet's scientific notation?)
	shop-product: shopify-spreadsheet.csv:23: barcode '5.06E+12' dropped: not digits (a spreadsheet's scientific notation?)
	shop-product: shopify-spreadsheet.csv:24: barcode '7.61234E+12' dropped: not digits (a spreadsheet's scientific notation?)
	shop-product: imported 26 products, skipped 0, rejected 0
	EOF
	# 16 products, 26 variants; grams rounded half-up: 170.0971 -> 170,
	# 184.2718995 -> 184, 283.4952313 -> 283, 141.7476157 -> 142,
	# 396.893324 -> 397, 24947.58035 -> 24948, 28.5 -> 29; the UPC
	# 12345678905 lost its leading zero in the spreadsheet: 012345678905;
	# "1,299.00" is 1299.00
	run -0 shop-product export --no-header
	expect <<-'EOF'
	BEANIE-BLK,wool-beanie,Wool Beanie Black,Northwind,Apparel & Accessories/Clothing Accessories/Hats,Color=Black,,22.00,,,,113,active,1,,
	BEANIE-GRY,wool-beanie,Wool Beanie Grey,Northwind,Apparel & Accessories/Clothing Accessories/Hats,Color=Grey,,22.00,,,,113,active,0,,
	BOARD-BMB,,Bamboo Cutting Board,Terra,Home & Garden/Kitchen & Dining/Kitchen Tools & Utensils/Cutting Boards,,,29.00,,,,794,draft,0,,
	BOTTLE-CLR,glass-bottle,Glass Water Bottle Clear,Trailhead,Home & Garden/Kitchen & Dining/Tableware/Drinkware,Color=Clear,,24.00,29.00,,,510,active,0,,
	BOTTLE-SMK,glass-bottle,Glass Water Bottle Smoke,Trailhead,Home & Garden/Kitchen & Dining/Tableware/Drinkware,Color=Smoke,,24.00,29.00,,,510,active,0,,
	CANDLE-CDR,soy-candle,Soy Candle Cedar,Trailhead,Home & Garden/Decor/Home Fragrances/Candles,Scent=Cedar,,28.00,,,,397,active,0,,
	CANDLE-LAV,soy-candle,Soy Candle Lavender,Trailhead,Home & Garden/Decor/Home Fragrances/Candles,Scent=Lavender,,28.00,,,,397,active,0,,
	CASE-IP15,phone-case,Slim Phone Case iPhone 15,Inkwell,Electronics/Communications/Telephony/Mobile Phone Accessories,Model=iPhone 15,,19.00,,,,28,active,0,,
	CASE-PX8,phone-case,Slim Phone Case Pixel 8,Inkwell,Electronics/Communications/Telephony/Mobile Phone Accessories,Model=Pixel 8,,19.00,,,,29,active,0,,
	COASTER-4,,Cork Coasters,Terra,Home & Garden/Kitchen & Dining/Tableware/Coasters,,,9.50,,,,57,inactive,0,,
	DESK-OAK,,Oak Standing Desk,Lumen,Furniture/Office Furniture/Desks,,,1299.00,1499.00,640.00,,24948,active,0,,
	LAMP-BRS,,Brass Desk Lamp,Lumen,Home & Garden/Lighting/Lamps,,,89.00,,,,1134,active,0,,
	MUG-ENM,,Enamel Mug,Trailhead,Home & Garden/Kitchen & Dining/Tableware/Drinkware,,,16.50,,,012345678905,340,active,0,,
	NAPKIN-4,,Linen Napkins (set of 4),Saddle & Co,Home & Garden/Linens & Bedding/Table Linens/Cloth Napkins,,,32.00,,,,227,active,0,,
	NOTE-BLK,a5-notebook,A5 Dot Notebook Black,Inkwell,Office Supplies/Paper Products/Notebooks & Notepads,Color=Black,,12.00,,,690123456787,255,active,0,,
	NOTE-BLU,a5-notebook,A5 Dot Notebook Blue,Inkwell,Office Supplies/Paper Products/Notebooks & Notepads,Color=Blue,,12.00,,,,255,active,0,,
	NOTE-RED,a5-notebook,A5 Dot Notebook Red,Inkwell,Office Supplies/Paper Products/Notebooks & Notepads,Color=Red,,12.00,,,,255,active,0,,
	PLANTER-L,ceramic-planter,Ceramic Planter Large,Terra,Home & Garden/Lawn & Garden/Gardening/Pots & Planters,Size=Large,,34.00,,,,1814,active,0,,
	PLANTER-S,ceramic-planter,Ceramic Planter Small,Terra,Home & Garden/Lawn & Garden/Gardening/Pots & Planters,Size=Small,,19.00,,,,907,active,0,,
	SOCK-L,trail-socks,Trail Socks L,Northwind,Apparel & Accessories/Clothing/Socks,Size=L,,14.00,,,,85,active,0,,
	SOCK-M,trail-socks,Trail Socks M,Northwind,Apparel & Accessories/Clothing/Socks,Size=M,,14.00,,,,85,active,0,,
	TEE-NVY-L,cotton-crew-tee,Cotton Crew Tee L Navy,Northwind,Apparel & Accessories/Clothing/Shirts & Tops,Size=L;Color=Navy,,24.00,,8.50,890123456781,198,active,0,,
	TEE-NVY-M,cotton-crew-tee,Cotton Crew Tee M Navy,Northwind,Apparel & Accessories/Clothing/Shirts & Tops,Size=M;Color=Navy,,24.00,,8.50,,184,active,0,,
	TEE-NVY-S,cotton-crew-tee,Cotton Crew Tee S Navy,Northwind,Apparel & Accessories/Clothing/Shirts & Tops,Size=S;Color=Navy,,24.00,,8.50,,170,active,0,,
	TOTE-01,,Canvas Tote,Northwind,"Apparel & Accessories/Handbags, Wallets & Cases/Handbags",,,39.00,,14.20,,283,active,0,,
	WALLET-BRN,,Leather Wallet,Saddle & Co,"Apparel & Accessories/Handbags, Wallets & Cases/Wallets & Money Clips",,,45.00,55.00,18.00,4600000000015,142,active,0,,
	EOF
	# the 8 products with options are SPUs; the 8 with "Default Title" not
	run -0 sql 'select count(*) from spu'
	[ "$output" = 8 ]
}

@test "shopify: the spreadsheet export again is all skipped; a dropped barcode keeps the stored one" {
	fixture shopify-spreadsheet.csv
	shop-product -q import --from shopify shopify-spreadsheet.csv 2>/dev/null
	shop-product set TOTE-01 barcode=4006381333931
	run -0 --separate-stderr shop-product import --from shopify shopify-spreadsheet.csv
	[ "${stderr_lines[-1]}" = "shop-product: imported 0 products, skipped 26, rejected 0" ]
	run -0 shop-product export --no-header
	[ "${lines[24]}" = 'TOTE-01,,Canvas Tote,Northwind,"Apparel & Accessories/Handbags, Wallets & Cases/Handbags",,,39.00,,14.20,4006381333931,283,active,0,,' ]
}

@test "woocommerce: an export through a spreadsheet: decimal commas, weights, ISBNs, junk dropped" {
	fixture woocommerce-spreadsheet.csv
	run -0 --separate-stderr shop-product import --from woocommerce woocommerce-spreadsheet.csv
	output=$stderr
	expect <<-'EOF'
	shop-product: woocommerce-spreadsheet.csv:2: barcode '4.00638E+12' dropped: not digits (a spreadsheet's scientific notation?)
	shop-product: woocommerce-spreadsheet.csv:7: cost 'n/a' dropped: not a number
	shop-product: woocommerce-spreadsheet.csv:9: weight '0.5 kg' dropped: not a number
	shop-product: woocommerce-spreadsheet.csv:13: barcode '5.01235E+12' dropped: not digits (a spreadsheet's scientific notation?)
	shop-product: imported 10 products, skipped 0, rejected 0
	EOF
	# kg to g, half-up: 0.2834952 -> 283, 1,2 -> 1200, 0.3175147 -> 318,
	# 4.535924 -> 4536, 1.5E-01 -> 150, 0.3401943 -> 340; APRON-OLV has no
	# weight of its own: its parent's 0.3 kg; the grinder's sale runs
	# (no dates): 1,099.00 with 1,299.00 as the market price
	run -0 shop-product export --no-header
	expect <<-'EOF'
	APRON-BLK,APRON,Barista Apron Black,Barista Co,Apparel/Aprons,Color=Black,,34.00,,,,318,active,0,,
	APRON-OLV,APRON,Barista Apron Olive,Barista Co,Apparel/Aprons,Color=Olive,,34.00,,,,300,active,0,,
	BOOK-BREW,,The Brewing Guide,,Books,,,24.00,,,9783161484100,450,active,0,,
	CUP-ESP,,Espresso Cup,Barista Co,Coffee/Cups,,,12.50,,,,283,active,0,,
	FILTER-100,,Filter Papers (100),,Coffee/Filters,,,5.95,,,4006381333931,150,active,0,,
	GRINDER-1,,Burr Grinder,Barista Co,Coffee/Grinders,,,1099.00,1299.00,,,4536,active,0,,
	KETTLE-PO,,Pour-over Kettle,Barista Co,Coffee/Brewing,,,64.90,,,,1200,active,0,,
	SCALE-01,,Coffee Scale,Barista Co,Coffee/Scales,,,39.00,,,012345678905,,active,0,,
	TUMBLER-SND,TUMBLER,Travel Tumbler Sand,Barista Co,Coffee/Drinkware,Color=Sand,,29.90,,,,340,active,0,,
	TUMBLER-STL,TUMBLER,Travel Tumbler Steel,Barista Co,Coffee/Drinkware,Color=Steel,,29.90,,,,340,active,0,,
	EOF
}

@test "platform imports: a bad price still rejects the product; bad optional values never do" {
	{
		echo 'Handle,Title,Vendor,Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Price,Variant Compare At Price,Variant Barcode,Cost per item,Status'
		echo 'mug,Mug,Acme,Title,Default Title,MUG-1,heavy,8.00,lots,4006381333932,?,active'
		printf 'cap,Cap,Ac\xe2\x80\x8bme,Color,Red,CAP-R,-3,9.999,,,,active\n'
	} >shopify.csv
	run -1 --separate-stderr shop-product import --from shopify shopify.csv
	output=$stderr
	expect <<-'EOF'
	shop-product: shopify.csv:2: market_price 'lots' dropped: not a number
	shop-product: shopify.csv:2: cost '?' dropped: not a number
	shop-product: shopify.csv:2: barcode '4006381333932' dropped: check digit should be 1
	shop-product: shopify.csv:2: weight 'heavy' dropped: not a number
	shop-product: shopify.csv:3: brand 'Ac<U+200B>me' dropped: invisible or formatting character
	shop-product: shopify.csv:3: weight '-3' dropped: negative
	shop-product: shopify.csv:3: bad price '9.999': too many decimals
	shop-product: imported 1 product, skipped 0, rejected 1
	EOF
	run -0 shop-product export --no-header
	[ "$output" = "MUG-1,,Mug,Acme,,,,8.00,,,,,active,0,," ]
}

@test "our own import stays strict: a barcode in scientific notation rejects the row, saying why" {
	printf 'sku,name,barcode\nS1,One,3.65275E+11\nS2,Two,12345678905\n' > in.csv
	run -1 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: in.csv:2: bad barcode '3.65275E+11': not digits (a spreadsheet's scientific notation?)
shop-product: in.csv:3: bad barcode '12345678905': not 8, 12, 13 or 14 digits (EAN-8, UPC-A, EAN-13, GTIN-14)
shop-product: imported 0 products, skipped 0, rejected 2" ]
}

# ---- item 10: set cannot empty a required field ----

@test "set: name=, status= or backorder= is bad data (65) and changes nothing" {
	shop-product add S1 --name One --price 1 --barcode 4006381333931
	run -65 --separate-stderr shop-product set S1 name=
	[ "$stderr" = "shop-product: field 'name' cannot be empty: every sku has one" ]
	run -65 --separate-stderr shop-product set S1 price=2 status=
	[ "$stderr" = "shop-product: field 'status' cannot be empty: every sku has one" ]
	run -65 --separate-stderr shop-product set S1 backorder=
	[ "$stderr" = "shop-product: field 'backorder' cannot be empty: every sku has one" ]
	# an optional field is cleared
	run -0 --separate-stderr shop-product set S1 barcode=
	[ -z "$stderr" ]
	run -0 shop-product export --no-header
	[ "$output" = "S1,,One,,,,,1.00,,,,,draft,0,," ]
	run -0 sql 'select summary from audit order by id'
	expect <<-'EOF'
	add sku 'S1'
	set sku 'S1': barcode=
	EOF
}

# ---- item 13: jsonl ----

@test "show --format jsonl is one object: fields as keys, typed lists" {
	shop-product -q import "$BATS_TEST_DIRNAME/data/product-catalog.csv"
	shop-order -q customer add ACME --name Acme
	printf 'customer,group,sku,min_qty,price\nACME,,IP7P-128-BLK,10,5188.00\n,vip,IP7P-128-BLK,1,5300\n' |
		shop-product -q prices import
	printf 'customer,part_no,sku\nACME,A-7P-BLK,IP7P-128-BLK\n' | shop-product -q parts import
	shop-stock -q warehouse add SH --name Shanghai
	shop-stock -q receive --sku IP7P-128-BLK --warehouse SH --qty 5 --ref R1
	run -0 shop-product show IP7P-128-BLK --format jsonl
	[ "${#lines[@]}" = 1 ]
	[ "$output" = '{"sku":"IP7P-128-BLK","spu":"IP7P","spu_name":"","name":"iPhone 7 Plus 128G 黑色","brand":"Apple","category":"手机/智能手机","attrs":"color=黑色;storage=128G","key_attrs":"screen=5.5in","price":"5388.00","market_price":"6388.00","cost":"4100.00","barcode":"0190000000022","weight_g":188,"status":"active","backorder":0,"on_sale_from":"2026-11-01T00:00:00Z","on_sale_until":"2027-01-01T00:00:00Z","created_at":"2026-11-22T10:00:00Z","updated_at":"2026-11-22T10:00:00Z","on_sale":"yes","price_list":[{"customer":"","group":"vip","min_qty":1,"price":"5300.00"},{"customer":"ACME","group":"","min_qty":10,"price":"5188.00"}],"part":[{"customer":"ACME","part_no":"A-7P-BLK"}],"supplier_code":[],"stock":[{"warehouse":"SH","on_hand":5,"reserved":0,"allocated":0,"available":5}]}' ]
	run -0 jq -r '.stock[0].available + .price_list[1].min_qty' <<<"$output"
	[ "$output" = 15 ]
}

@test "jsonl: one rule for empty values: text \"\", numbers and amounts null" {
	shop-product add S1 --name One --price 1
	run -0 shop-product export --format jsonl
	[ "$output" = '{"sku":"S1","spu":"","name":"One","brand":"","category":"","attrs":"","key_attrs":"","price":"1.00","market_price":null,"cost":null,"barcode":"","weight_g":null,"status":"draft","backorder":0,"on_sale_from":"","on_sale_until":""}' ]
	run -0 shop-product list --format jsonl
	[ "$output" = '{"sku":"S1","name":"One","brand":"","category":"","price":"1.00","status":"draft"}' ]
	shop-product set S1 price= 2>/dev/null
	run -0 shop-product list --format jsonl
	[ "$output" = '{"sku":"S1","name":"One","brand":"","category":"","price":null,"status":"draft"}' ]
	run -0 shop-product show S1 --format jsonl
	[ "$output" = '{"sku":"S1","spu":"","spu_name":"","name":"One","brand":"","category":"","attrs":"","key_attrs":"","price":null,"market_price":null,"cost":null,"barcode":"","weight_g":null,"status":"draft","backorder":0,"on_sale_from":"","on_sale_until":"","created_at":"2026-11-22T10:00:00Z","updated_at":"2026-11-22T10:00:00Z","on_sale":"no: sku '"'S1'"' is draft","price_list":[],"part":[],"supplier_code":[],"stock":[]}' ]
}

# ---- item 23: invisible characters in codes ----

@test "add refuses a sku, spu, brand or category with invisible characters (65)" {
	run -65 --separate-stderr shop-product add $'\ufeffA1' --name One --price 1
	[ "$stderr" = "shop-product: bad sku '<U+FEFF>A1': invisible or formatting character" ]
	run -65 --separate-stderr shop-product add $'A\u00a01' --name One --price 1
	[ "$stderr" = "shop-product: bad sku 'A<U+00A0>1': invisible or formatting character" ]
	run -65 --separate-stderr shop-product add $'A\u200b1' --name One --price 1
	[ "$stderr" = "shop-product: bad sku 'A<U+200B>1': invisible or formatting character" ]
	run -65 --separate-stderr shop-product add $'A\t1' --name One --price 1
	[ "$stderr" = "shop-product: bad sku 'A<U+0009>1': control character" ]
	run -65 --separate-stderr shop-product add A1 --name One --price 1 --spu $'P\u200d1'
	[ "$stderr" = "shop-product: bad spu 'P<U+200D>1': invisible or formatting character" ]
	run -65 --separate-stderr shop-product add A1 --name One --price 1 --brand $'Ac\u2060me'
	[ "$stderr" = "shop-product: bad brand 'Ac<U+2060>me': invisible or formatting character" ]
	run -65 --separate-stderr shop-product add A1 --name One --price 1 --category $'Phones/\u00a0Smart'
	[ "$stderr" = "shop-product: bad category 'Phones/<U+00A0>Smart': invisible or formatting character" ]
	run -65 --separate-stderr shop-product brand add $'\ufeffAcme'
	[ "$stderr" = "shop-product: bad brand '<U+FEFF>Acme': invisible or formatting character" ]
	run -65 --separate-stderr shop-product category add $'Home/Kit\u200bchen'
	[ "$stderr" = "shop-product: bad category 'Home/Kit<U+200B>chen': invisible or formatting character" ]
	run -0 sql 'select (select count(*) from sku) + (select count(*) from brand) + (select count(*) from category)'
	[ "$output" = 0 ]
}

@test "import rejects look-alike codes with FILE:LINE; A1 stays alone" {
	printf 'sku,name\nA1,plain\n\xef\xbb\xbfA1,bom\nA\xc2\xa01,nbsp\nA\xe2\x80\x8b1,zwsp\n' > in.csv
	run -1 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: in.csv:3: bad sku '<U+FEFF>A1': invisible or formatting character
shop-product: in.csv:4: bad sku 'A<U+00A0>1': invisible or formatting character
shop-product: in.csv:5: bad sku 'A<U+200B>1': invisible or formatting character
shop-product: imported 1 product, skipped 0, rejected 3" ]
	run -0 sql 'select sku from sku'
	[ "$output" = A1 ]
	shop-order -q customer add ACME --name Acme
	printf 'customer,part_no,sku\nACME,P\xe2\x80\x8b1,A1\n' > parts.csv
	run -1 --separate-stderr shop-product parts import parts.csv
	[ "$stderr" = "shop-product: parts.csv:2: bad part_no 'P<U+200B>1': invisible or formatting character
shop-product: imported 0 part numbers, skipped 0, rejected 1" ]
}

# ---- item 15: help that says what each option does there ----

@test "activate and deactivate --help say what --from and --until do for each" {
	run -0 shop-product deactivate --help
	[ "${lines[1]}" = "take SKUs off sale (status inactive)" ]
	[ "${lines[4]}" = "      --from TIME            keep TIME as the start of the on-sale window for a later activate; '' clears it" ]
	[ "${lines[5]}" = "      --until TIME           keep TIME as the end of the on-sale window for a later activate; '' clears it" ]
	run -0 shop-product activate --help
	[ "${lines[4]}" = "      --from TIME            on sale from TIME (ISO 8601 UTC); '' clears the start" ]
	[ "${lines[5]}" = "      --until TIME           on sale until TIME (ISO 8601 UTC), not included; '' clears the end" ]
	run -0 shop-product set --help
	[ "${lines[2]}" = "fields: name, spu, spu_name, brand, category, attrs, key_attrs, price," ]
}

@test "deactivate --from keeps the window for a later activate; '' still clears" {
	shop-product add S1 --name One --price 1 --status active
	run -0 shop-product deactivate S1 --from 2026-12-01 --until 2027-01-01
	run -0 shop-product export --no-header
	[ "$output" = "S1,,One,,,,,1.00,,,,,inactive,0,2026-12-01T00:00:00Z,2027-01-01T00:00:00Z" ]
	run -0 shop-product activate S1 --from ''
	run -0 shop-product export --no-header
	[ "$output" = "S1,,One,,,,,1.00,,,,,active,0,,2027-01-01T00:00:00Z" ]
	run -0 sql "select summary from audit where summary like '%activate%' order by id"
	expect <<-'EOF'
	deactivate 'S1'
	activate 'S1'
	EOF
}

# ---- item 16: the man page names every subcommand and option ----

@test "shop-product.1 has a synopsis line for every subcommand and names every long option" {
	local man=$BATS_TEST_DIRNAME/../share/man/man1/shop-product.1 text c o
	text=$(sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/^\.[A-Z]* //' "$man")
	while read -r c; do
		grep -q "^shop-product $c\( \|\$\)" <<<"$text" || { echo "no synopsis for '$c'"; return 1; }
		for o in $(shop-product $c --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
			grep -q -- "$o" <<<"$text" || { echo "'$c': option $o not in shop-product.1"; return 1; }
		done
	done < <(for w in $(shop-product __complete | cut -f1 | grep -v '^[-:]'); do
			s=$(shop-product __complete "$w" | cut -f1 | grep -v '^[-:]' || true)
			if [ -n "$s" ]; then for x in $s; do echo "$w $x"; done; else echo "$w"; fi
		done)
}

# ---- typed options ----

@test "add: malformed option values are exit 65 naming the option, unknown words exit 2" {
	run -65 --separate-stderr shop-product add S1 --name One --price 1 --weight-g 1.5
	[ "$stderr" = "shop-product: bad --weight-g '1.5': not a whole number" ]
	run -65 --separate-stderr shop-product add S1 --name One --price -1
	[ "$stderr" = "shop-product: bad --price '-1': negative" ]
	run -65 --separate-stderr shop-product add S1 --name One --price 1 --cost 1.005
	[ "$stderr" = "shop-product: bad --cost '1.005': too many decimals" ]
	run -65 --separate-stderr shop-product add S1 --name One --price 1 --until ''
	[ "$stderr" = "shop-product: bad --until '': not a timestamp (use 2026-11-22T10:00:00Z)" ]
	run -2 --separate-stderr shop-product add S1 --name One --price 1 --status live
	[ "$stderr" = "shop-product: unknown --status 'live' (draft, active or inactive) (see 'shop-product add --help')" ]
	run -0 shop-product export --no-header
	[ -z "$output" ]
}

# ---- what moved into lib/ ----

@test "category list: tree order with '/' first, subtrees by prefix and a slash" {
	printf 'sku,name,category\nS1,a,A/B\nS2,b,A B\nS3,c,A-B\nS4,d,A.B\nS5,e,A0\nS6,f,A/B0\nS7,g,A/B/C\n' > in.csv
	run -1 shop-product import -q in.csv
	[ "$output" = "shop-product: in.csv:8: category 'A/B' holds 1 sku; cannot add 'A/B/C' under it" ]
	run -0 shop-product category list --no-header
	expect <<-'EOF'
	A,1,2
	A/B,2,1
	A/B0,2,1
	A B,1,1
	A-B,1,1
	A.B,1,1
	A0,1,1
	EOF
	run -0 shop-product list --category A --no-header
	[ "$output" = $'S1,a,,A/B,,draft\nS6,f,,A/B0,,draft' ]
	run -0 shop-product category list A --no-header
	[ "$output" = $'A,1,2\nA/B,2,1\nA/B0,2,1' ]
	run -0 shop-product category move A/B0 /
	run -0 shop-product category list --no-header
	expect <<-'EOF'
	A,1,1
	A/B,2,1
	A B,1,1
	A-B,1,1
	A.B,1,1
	A0,1,1
	B0,1,1
	EOF
}

@test "a category move refuses a name taken, then goes through with its subtree" {
	shop-product category add X/Y/Z Q
	shop-product add S1 --name One --price 1 --category X/Y/Z
	run -0 shop-product category move X/Y Q
	run -0 shop-product category list --no-header
	expect <<-'EOF'
	Q,1,1
	Q/Y,2,1
	Q/Y/Z,3,1
	X,1,0
	EOF
	run -0 shop-product list --category Q/Y --no-header
	[ "$output" = "S1,One,,Q/Y/Z,1.00,draft" ]
}

@test "reads of a missing database are exit 3 and create nothing" {
	for c in list export "show S1" "category list" "brand list" "prices list" "parts list" "supplier-codes list" check; do
		run -3 --separate-stderr shop-product $c
		[ "$stderr" = "shop-product: no database '$SHOP_DB' (create it with 'shop init')" ] || { echo "$c: $stderr"; return 1; }
	done
	[ ! -e "$SHOP_DB" ]
	shop init -q
	run -0 shop-product brand list
	[ "$output" = "brand,skus" ]
}

@test "one-row look-ups leave no statement behind: reads and writes after shop-stock commit" {
	shop-product add S1 --name One --price 1 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku S1 --warehouse W1 --qty 2 --ref R1
	shop-order -q customer add ACME --name Acme
	printf 'customer,sku,price\nACME,S1,0.90\n' > p.csv
	shop-product -q prices import p.csv
	run -0 shop-product prices import p.csv
	run -0 shop-product show S1 --no-header
	[ "${lines[-1]}" = "stock,warehouse=W1;on_hand=2;reserved=0;allocated=0;available=2" ]
	run -0 shop-product brand add Acme
	run -0 shop-product brand remove Acme
	run -0 shop-product add S1 --name One --price 1 --status active
	run -1 shop-product add S1 --name Two --price 1
	run -0 shop-product export --no-header
	[ "$output" = "S1,,One,,,,,1.00,,,,,active,0,," ]
}
