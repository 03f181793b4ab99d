#!/usr/bin/env bats
# shop-product check: every catalogue invariant the schema does not enforce
# by itself, proven on a sound catalogue and caught after tampering.
load helper

catalogue() {
	cat > cat.csv <<-'EOF'
	sku,spu,name,brand,category,price,status
	P1,PH,Phone 1,Acme,Phones/Smart,10.00,active
	P2,PH,Phone 2,Acme,Phones/Smart,12.00,active
	C1,,Cable,Wire,Parts,1.00,draft
	EOF
	shop-product -q import cat.csv
	printf 'code,name\nACME,Acme\n' | shop-order -q customer import
	printf 'customer,sku,min_qty,price\nACME,P1,10,9.00\n' | shop-product -q prices import
	printf 'customer,part_no,sku\nACME,A-P1,P1\n' | shop-product -q parts import
	printf 'code,name\nSUP,Supplier\n' | shop-po -q supplier import
	printf 'supplier,supplier_sku,sku\nSUP,S-C1,C1\n' | shop-product -q supplier-codes import
}

# the check after each breach, then the breach undone for the teardown
@test "a sound catalogue passes, silently" {
	catalogue
	run -0 --separate-stderr shop-product check
	[ -z "$output" ]
	[ -z "$stderr" ]
}

@test "a SKU whose brand, category or SPU is gone is caught" {
	catalogue
	sql "UPDATE sku SET brand_id = 99 WHERE sku = 'P1';
		UPDATE sku SET category_id = 98 WHERE sku = 'P2'; UPDATE sku SET spu_id = 97 WHERE sku = 'C1'"
	run -1 --separate-stderr shop-product check
	expect <<-'EOF'
	sku 'P1': brand #99 does not exist
	sku 'P2': category #98 does not exist
	sku 'C1': spu #97 does not exist
	EOF
	[ "$stderr" = "shop-product: 3 catalogue invariant violations" ]
	run -1 shop check
	[ "${lines[0]}" = "sku 'P1': brand #99 does not exist" ]
	sql "UPDATE sku SET brand_id = (SELECT id FROM brand WHERE name = 'Acme') WHERE sku = 'P1';
		UPDATE sku SET category_id = (SELECT id FROM category WHERE path = 'Phones/Smart') WHERE sku = 'P2';
		UPDATE sku SET spu_id = NULL WHERE sku = 'C1'"
	run -0 shop-product check
}

@test "a SKU on a category that got subcategories is caught" {
	catalogue
	sql "INSERT INTO category (parent_id, name, path, depth)
		SELECT id, 'Cheap', 'Parts/Cheap', 2 FROM category WHERE path = 'Parts'"
	run -1 --separate-stderr shop-product check
	[ "$output" = "sku 'C1': category 'Parts' has subcategories" ]
	sql "DELETE FROM category WHERE path = 'Parts/Cheap'"
}

@test "a broken category tree is caught" {
	catalogue
	sql "UPDATE category SET path = 'Phones/Dumb' WHERE path = 'Phones/Smart'"
	run -1 --separate-stderr shop-product check
	[ "$output" = "category 'Phones/Dumb': path or depth does not match its parent 'Phones'" ]
	sql "UPDATE category SET path = 'Phones/Smart' WHERE path = 'Phones/Dumb';
		UPDATE category SET depth = 2 WHERE path = 'Phones'"
	run -1 --separate-stderr shop-product check
	expect <<-'EOF'
	category 'Phones': path or depth does not match a top level category
	category 'Phones/Smart': path or depth does not match its parent 'Phones'
	EOF
	sql "UPDATE category SET depth = 1 WHERE path = 'Phones'"
}

@test "an active SKU without a price is caught" {
	catalogue
	sql "UPDATE sku SET price = NULL WHERE sku = 'P2'"
	run -1 --separate-stderr shop-product check
	[ "$output" = "sku 'P2': active without a price" ]
	sql "UPDATE sku SET price = 1200 WHERE sku = 'P2'"
}

@test "price lists, part numbers and supplier codes pointing at a missing SKU are caught" {
	catalogue
	tamper "UPDATE price_list SET sku_id = 50; UPDATE customer_part SET sku_id = 51;
		UPDATE supplier_code SET sku_id = 52"
	run -1 --separate-stderr shop-product --db "$TAMPERED" check
	expect <<-'EOF'
	price list entry #1: sku #50 does not exist
	part number 'A-P1' of 'ACME': sku #51 does not exist
	supplier code 'S-C1' of 'SUP': sku #52 does not exist
	EOF
}
