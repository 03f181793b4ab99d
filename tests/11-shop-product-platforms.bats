#!/usr/bin/env bats
# shop-product import --from woocommerce|shopify: the platforms' product
# exports become SPUs and SKUs (the mapping is in shop-platforms(7)).
load helper

woo_fixture() {
	cp "$BATS_TEST_DIRNAME/data/woocommerce-products.csv" woo.csv
}

shopify_fixture() {
	cp "$BATS_TEST_DIRNAME/data/shopify-products.csv" shopify.csv
}

@test "woocommerce: variable products become SPUs, variations their SKUs, bad rows rejected" {
	woo_fixture
	run -1 shop-product import --from woocommerce woo.csv
	# a bad barcode is dropped with a warning: the apron goes in without it
	expect <<-'EOF'
	shop-product: woo.csv:12: variant has no SKU
	shop-product: woo.csv:17: woocommerce type 'external' is not imported
	shop-product: woo.csv:18: woocommerce type 'grouped' is not imported
	shop-product: woo.csv:20: bad price '12.345': too many decimals
	shop-product: woo.csv:21: barcode '4006381333932' dropped: check digit should be 1
	shop-product: woo.csv:19: parent 'SOCKS' is not in the file
	shop-product: imported 8 products, skipped 0, rejected 5
	EOF
	run -0 shop-product export
	expect <<-'EOF'
	sku,spu,name,brand,category,attrs,key_attrs,price,market_price,cost,barcode,weight_g,status,backorder,on_sale_from,on_sale_until
	BAD-EAN,,Canvas Apron,,Kitchen/Aprons,,,18.00,,,,,active,0,,
	EBOOK-CARE,,Garment Care Guide (e-book),,Books,,,4.99,,,,,draft,0,,
	HOODIE-BLK,HOODIE,Zip Hoodie Black,Acme Apparel,Clothing/Hoodies,Color=Black,,39.00,,,,650,active,0,,
	HOODIE-GRN,HOODIE,Zip Hoodie Green,Acme Apparel,Clothing/Hoodies,Color=Green,,29.00,39.00,,,700,active,0,,
	MUG-001,,"Ceramic Mug, 350 ml",Acme Home,Kitchen/Mugs,,Capacity=350 ml,8.50,,,5012345678900,350,active,0,,
	TSHIRT-BLUE-M,TSHIRT,Organic Tee Blue M,Acme Apparel,Clothing/T-shirts,Color=Blue;Size=M,Material=Organic cotton,19.90,,,,200,draft,1,,
	TSHIRT-RED-L,TSHIRT,Organic Tee Red L,Acme Apparel,Clothing/T-shirts,Color=Red;Size=L,Material=Organic cotton,15.00,19.90,,,250,active,0,,
	TSHIRT-RED-S,TSHIRT,Organic Tee Red S,Acme Apparel,Clothing/T-shirts,Color=Red;Size=S,Material=Organic cotton,19.90,,,4006381333931,200,active,0,,
	EOF
	# the SPU is named after the variable product
	run -0 shop-product show TSHIRT-RED-L
	[ "${lines[1]}" = "sku,TSHIRT-RED-L" ]
	[ "${lines[2]}" = "spu,TSHIRT" ]
	[ "${lines[3]}" = "spu_name,Organic Tee" ]
}

@test "woocommerce: a second run of the same export skips everything" {
	woo_fixture
	run -1 shop-product import --from woocommerce woo.csv
	run -0 shop-product export
	local before=$output
	run -1 shop-product import --from woocommerce woo.csv
	[ "${lines[-1]}" = "shop-product: imported 0 products, skipped 8, rejected 5" ]
	run -0 shop-product export
	[ "$output" = "$before" ]
}

@test "woocommerce: the sale price is the price while the sale runs" {
	woo_fixture
	run -1 shop-product import --from woocommerce woo.csv
	# in December the green hoodie's sale is over and the black one's runs
	SHOP_NOW=2026-12-05T10:00:00Z run -1 shop-product import --from woocommerce woo.csv
	[ "${lines[-1]}" = "shop-product: imported 2 products (0 new, 2 updated), skipped 6, rejected 5" ]
	run -0 shop-product export
	[ "${lines[3]}" = "HOODIE-BLK,HOODIE,Zip Hoodie Black,Acme Apparel,Clothing/Hoodies,Color=Black,,29.00,39.00,,,650,active,0,," ]
	[ "${lines[4]}" = "HOODIE-GRN,HOODIE,Zip Hoodie Green,Acme Apparel,Clothing/Hoodies,Color=Green,,39.00,,,,700,active,0,," ]
}

@test "woocommerce: rejected rows go to --rejects unchanged, orphan variations last" {
	cat >woo.csv <<-'EOF'
	ID,Type,SKU,Name,Published,Regular price,Parent,Attribute 1 name,Attribute 1 value(s)
	7,variation,CAP-RED,Cap - Red,1,9.00,CAP,Color,Red
	8,external,EXT-1,"Book, signed",1,24.00,,,
	9,simple,MUG,Mug,yes,8.50,,,
	10,simple,JAR,Jar,1,3.00,,,
	EOF
	run -1 shop-product import --from woocommerce --rejects rej.csv woo.csv
	expect <<-'EOF'
	shop-product: woo.csv:3: woocommerce type 'external' is not imported
	shop-product: woo.csv:4: bad Published 'yes': not 1, 0, -1 or 2
	shop-product: woo.csv:2: parent 'CAP' is not in the file
	shop-product: imported 1 product, skipped 0, rejected 3
	EOF
	run -0 cat rej.csv
	expect <<-'EOF'
	ID,Type,SKU,Name,Published,Regular price,Parent,Attribute 1 name,Attribute 1 value(s),error
	8,external,EXT-1,"Book, signed",1,24.00,,,,woocommerce type 'external' is not imported
	9,simple,MUG,Mug,yes,8.50,,,,"bad Published 'yes': not 1, 0, -1 or 2"
	7,variation,CAP-RED,Cap - Red,1,9.00,CAP,Color,Red,parent 'CAP' is not in the file
	EOF
}

@test "woocommerce: variations of a rejected parent, or of a simple product, are rejected" {
	cat >woo.csv <<-'EOF'
	ID,Type,SKU,Name,Published,Regular price,Parent,Weight (kg)
	1,variable,LAMP,Desk Lamp,9,,,0.5
	2,variation,LAMP-W,,1,30.00,LAMP,
	3,simple,BULB,Bulb,1,2.00,,0.05
	4,variation,BULB-X,,1,2.00,id:3,
	EOF
	run -1 shop-product import --from woocommerce woo.csv
	expect <<-'EOF'
	shop-product: woo.csv:2: bad Published '9': not 1, 0, -1 or 2
	shop-product: woo.csv:3: parent 'LAMP' was rejected
	shop-product: woo.csv:5: parent 'id:3' is not a variable product
	shop-product: imported 1 product, skipped 0, rejected 3
	EOF
}

@test "woocommerce: lbs and oz, decimal commas, defused formulas, brand paths" {
	cat >woo.csv <<-'EOF'
	ID,Type,SKU,Name,Published,Regular price,Weight (lbs),Brands,Categories
	1,simple,KETTLE,Dash Kettle,'-1,"12,50",2.2,"Home > Acme, Other",Kitchen > Kettles
	EOF
	run -0 shop-product import --from woocommerce woo.csv
	cat >woo.csv <<-'EOF'
	ID,Type,SKU,Name,Published,Sale price,Regular price,Weight (oz),Categories
	2,simple,TEA,Green Tea,1,3.50,4.00,16,Pantry
	EOF
	run -0 shop-product import --from woocommerce woo.csv
	run -0 shop-product export
	expect <<-'EOF'
	sku,spu,name,brand,category,attrs,key_attrs,price,market_price,cost,barcode,weight_g,status,backorder,on_sale_from,on_sale_until
	KETTLE,,Dash Kettle,Acme,Kitchen/Kettles,,,12.50,,,,998,draft,0,,
	TEA,,Green Tea,,Pantry,,,3.50,4.00,,,454,active,0,,
	EOF
}

@test "shopify: products with options become SPUs, variants their SKUs; image rows are ignored" {
	shopify_fixture
	run -1 shop-product import --from shopify shopify.csv
	expect <<-'EOF'
	shop-product: shopify.csv:9: variant has no SKU
	shop-product: shopify.csv:10: bad price 'abc': not a number
	shop-product: shopify.csv:11: sku 'OBS-S' is already on line 4 of this file
	shop-product: imported 5 products, skipped 0, rejected 3
	EOF
	run -0 shop-product export
	expect <<-'EOF'
	sku,spu,name,brand,category,attrs,key_attrs,price,market_price,cost,barcode,weight_g,status,backorder,on_sale_from,on_sale_until
	CLJ-01,,Classic Leather Jacket,partners-demo,Apparel & Accessories/Clothing/Outerwear/Coats & Jackets,,,80.00,,,,1500,inactive,0,,
	DDT-S,dark-denim-top,Dark Denim Top S,Denim & Co.,Tops,Size=S,,60.00,,,,300,draft,0,,
	OBS-M,ocean-blue-shirt,Ocean Blue Shirt m Blue,partners-demo,Apparel & Accessories/Clothing/Clothing Tops/Shirts,Size=m;Color=Blue,,50.00,,20.00,,210,active,1,,
	OBS-S,ocean-blue-shirt,Ocean Blue Shirt s Blue,partners-demo,Apparel & Accessories/Clothing/Clothing Tops/Shirts,Size=s;Color=Blue,,50.00,60.00,20.00,,200,active,0,,
	OBS-XS,ocean-blue-shirt,Ocean Blue Shirt xs Blue,partners-demo,Apparel & Accessories/Clothing/Clothing Tops/Shirts,Size=xs;Color=Blue,,50.00,,20.00,012345678905,200,active,0,,
	EOF
	run -0 shop-product show OBS-S
	[ "${lines[3]}" = "spu_name,Ocean Blue Shirt" ]
}

@test "shopify: a second run of the same export skips everything" {
	shopify_fixture
	run -1 shop-product import --from shopify shopify.csv
	run -0 shop-product export
	local before=$output
	run -1 shop-product import --from shopify shopify.csv
	[ "${lines[-1]}" = "shop-product: imported 0 products, skipped 5, rejected 3" ]
	run -0 shop-product export
	[ "$output" = "$before" ]
}

@test "shopify: a rejected first row takes its product's variants with it" {
	cat >shopify.csv <<-'EOF'
	Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Image Src,Status
	mug,Mug,Title,Default Title,MUG-1,8.00,https://cdn.example.com/mug.jpg,active
	mug,,,,,,https://cdn.example.com/mug-2.jpg,
	cap,Cap,Color,Red,CAP-R,9.00,,retired
	cap,,,Blue,CAP-B,9.00,,
	cap,,,,,,https://cdn.example.com/cap.jpg,
	tee,Tee,Size,S,,15.00,,active
	EOF
	run -1 shop-product import --from shopify --rejects rej.csv shopify.csv
	expect <<-'EOF'
	shop-product: shopify.csv:4: bad Status 'retired': not active, draft or archived
	shop-product: shopify.csv:5: product 'cap' was rejected (line 4)
	shop-product: shopify.csv:7: variant has no SKU
	shop-product: imported 1 product, skipped 0, rejected 3
	EOF
	run -0 cat rej.csv
	expect <<-'EOF'
	Handle,Title,Option1 Name,Option1 Value,Variant SKU,Variant Price,Image Src,Status,error
	cap,Cap,Color,Red,CAP-R,9.00,,retired,"bad Status 'retired': not active, draft or archived"
	cap,,,Blue,CAP-B,9.00,,,product 'cap' was rejected (line 4)
	tee,Tee,Size,S,,15.00,,active,variant has no SKU
	EOF
	run -0 shop-product export --no-header
	[ "$output" = "MUG-1,,Mug,,,,,8.00,,,,,active,0,," ]
}

@test "shopify: the 2024 export headers are read too" {
	cat >shopify.csv <<-'EOF'
	Title,URL handle,Description,Vendor,Product category,Type,Published on online store,Status,SKU,Barcode,Option1 name,Option1 value,Price,Compare-at price,Cost per item,Inventory quantity,Continue selling when out of stock,Weight value (grams),Weight unit for display,Product image URL
	Linen Apron,linen-apron,"<p>Washed linen, two pockets.</p>",Acme Home,Home & Garden > Kitchen & Dining > Kitchen Tools & Utensils > Aprons,Aprons,TRUE,Active,APRON-NAT,,Color,Natural,24.00,30.00,9.50,12,CONTINUE,180,g,https://cdn.example.com/apron.jpg
	,linen-apron,,,,,,,APRON-CHA,,,Charcoal,24.00,,9.50,3,DENY,185.5,g,
	EOF
	run -0 shop-product import --from shopify shopify.csv
	[ "$output" = "shop-product: imported 2 products, skipped 0, rejected 0" ]
	run -0 shop-product export --no-header
	expect <<-'EOF'
	APRON-CHA,linen-apron,Linen Apron Charcoal,Acme Home,Home & Garden/Kitchen & Dining/Kitchen Tools & Utensils/Aprons,Color=Charcoal,,24.00,,9.50,,186,active,0,,
	APRON-NAT,linen-apron,Linen Apron Natural,Acme Home,Home & Garden/Kitchen & Dining/Kitchen Tools & Utensils/Aprons,Color=Natural,,24.00,30.00,9.50,,180,active,1,,
	EOF
}

@test "a file without the platform's key columns is exit 65 and writes nothing" {
	printf 'ID,Type,Name,Regular price\n1,simple,Mug,8.50\n' >woo.csv
	run -65 shop-product import --from woocommerce woo.csv
	[ "$output" = "shop-product: woo.csv:1: missing required column 'SKU' (not a woocommerce product export?)" ]
	woo_fixture
	run -65 shop-product import --from shopify woo.csv
	[ "$output" = "shop-product: woo.csv:1: missing required column 'Handle' (not a shopify product export?)" ]
	printf 'Handle,Title,Variant Price\nmug,Mug,8.00\n' >shopify.csv
	run -65 shop-product import --from shopify shopify.csv
	[ "$output" = "shop-product: shopify.csv:1: missing required column 'Variant SKU' (not a shopify product export?)" ]
	run -0 shop-product export --no-header
	[ "$output" = "" ]
}

@test "--dry-run reports and writes nothing; an unknown platform is a usage error" {
	shopify_fixture
	run -1 shop-product import --from shopify --dry-run shopify.csv
	[ "${lines[-1]}" = "shop-product: would import 5 products, skipped 0, rejected 3" ]
	run -0 shop-product export --no-header
	[ "$output" = "" ]
	run -2 shop-product import --from magento shopify.csv
	[ "$output" = "shop-product: unknown --from 'magento' (woocommerce or shopify) (see 'shop-product import --help')" ]
}
