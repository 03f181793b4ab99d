#!/usr/bin/env bats
# shop-product add, set, activate, deactivate: single records through the
# same rules as import; 65 for a malformed value, 1 for a rule, 3 for an
# unknown sku.
load helper

# the export row of sku $1; a failing export fails too (no pipe to hide it)
row() {
	local all
	all=$(shop-product export --no-header) || return
	grep "^$1," <<<"$all"
}

@test "add with every option" {
	run -0 --separate-stderr shop-product add S1 --name One --price 9.90 --spu P1 --brand Acme \
		--category Home/Kitchen --attrs 'color=red;size=M' --key-attrs material=steel \
		--market-price 12.00 --cost 4.5 --barcode 4006381333931 --weight-g 250 \
		--status active --backorder --from 2026-12-01 --until 2027-01-01T00:00:00Z
	[ -z "$stderr" ]
	run -0 row S1
	[ "$output" = "S1,P1,One,Acme,Home/Kitchen,color=red;size=M,material=steel,9.90,12.00,4.50,4006381333931,250,active,1,2026-12-01T00:00:00Z,2027-01-01T00:00:00Z" ]
	run -0 sql 'select summary from audit'
	[ "$output" = "add sku 'S1'" ]
}

@test "add: a new SKU is a draft; --name and --price are required" {
	run -0 shop-product add S1 --name One --price 1
	run -0 row S1
	[ "$output" = "S1,,One,,,,,1.00,,,,,draft,0,," ]
	run -2 --separate-stderr shop-product add S2 --name Two
	[ "$stderr" = "shop-product: missing --price (see 'shop-product add --help')" ]
	run -2 --separate-stderr shop-product add S2 --price 2
	[ "$stderr" = "shop-product: missing --name (see 'shop-product add --help')" ]
}

@test "add again: the same values are skipped, other values refused" {
	shop-product add S1 --name One --price 9.90
	run -0 --separate-stderr shop-product add S1 --name One --price 9.90
	[ "$stderr" = "shop-product: sku 'S1' exists; skipped" ]
	run -1 --separate-stderr shop-product add S1 --name One --price 9.95
	[ "$stderr" = "shop-product: sku 'S1' exists with other values; use 'shop-product set'" ]
	run -0 row S1
	[ "$output" = "S1,,One,,,,,9.90,,,,,draft,0,," ]
	[ "$(sql 'select count(*) from audit')" = 1 ]
}

@test "add: a malformed value is exit 65, a broken rule exit 1, nothing written" {
	shop-product add S1 --name One --price 1 --category Home/Kitchen --barcode 4006381333931
	run -65 --separate-stderr shop-product add S2 --name Two --price 1.234
	[ "$stderr" = "shop-product: bad --price '1.234': too many decimals" ]
	run -65 --separate-stderr shop-product add S2 --name Two --price 1 --barcode 4006381333932
	[ "$stderr" = "shop-product: bad barcode '4006381333932': check digit should be 1" ]
	run -65 --separate-stderr shop-product add S2 --name Two --price 1 --from tomorrow
	[ "$stderr" = "shop-product: bad --from 'tomorrow': not a timestamp (use 2026-11-22T10:00:00Z)" ]
	run -1 --separate-stderr shop-product add S2 --name Two --price 1 --category Home
	[ "$stderr" = "shop-product: category 'Home' has subcategories; a sku goes on a leaf" ]
	run -1 --separate-stderr shop-product add S2 --name Two --price 1 --barcode 4006381333931
	[ "$stderr" = "shop-product: barcode '4006381333931' is already used by sku 'S1'" ]
	run -1 --separate-stderr shop-product add S2 --name Two --price 1 --brand New --category Home/Kitchen/Pans/Small/Red
	[ "$stderr" = "shop-product: category 'Home/Kitchen/Pans/Small/Red' has 5 levels; at most 4" ]
	run -0 shop-product brand list --no-header
	[ -z "$output" ]
	[ "$(sql 'select count(*) from sku')" = 1 ]
}

@test "add --dry-run writes nothing" {
	run -0 shop-product add S1 --name One --price 1 --brand Acme --dry-run
	[ "$(sql 'select (select count(*) from sku) + (select count(*) from brand) + (select count(*) from audit)')" = 0 ]
}

@test "set changes the named fields and leaves the others" {
	shop-product add S1 --name One --price 1 --brand Acme --barcode 4006381333931
	SHOP_NOW=2026-11-23T00:00:00Z run -0 --separate-stderr shop-product set S1 price=2.50 status=active barcode= 'name=One, improved'
	[ -z "$stderr" ]
	run -0 row S1
	[ "$output" = 'S1,,"One, improved",Acme,,,,2.50,,,,,active,0,,' ]
	[ "$(sql "select updated_at from sku")" = 2026-11-23T00:00:00Z ]
	run -0 sql 'select summary from audit order by id desc limit 1'
	[ "$output" = "set sku 'S1': price=2.50, status=active, barcode=, name=One, improved" ]
}

@test "set spu and spu_name names the SPU" {
	shop-product add S1 --name One --price 1
	run -0 shop-product set S1 spu=P1 spu_name='Product one'
	run -0 sql 'select code, name from spu'
	[ "$output" = "P1|Product one" ]
	run -0 --separate-stderr shop-product set S1 spu_name='Product one'
	[ "$stderr" = "shop-product: sku 'S1' is unchanged; skipped" ]
}

@test "set with nothing new is skipped and leaves no audit row" {
	shop-product add S1 --name One --price 1
	run -0 --separate-stderr shop-product set S1 price=1.00 name=One
	[ "$stderr" = "shop-product: sku 'S1' is unchanged; skipped" ]
	[ "$(sql 'select count(*) from audit')" = 1 ]
}

@test "set: unknown sku exit 3, unknown or malformed field exit 65, a rule exit 1" {
	shop-product add S1 --name One --price 1 --from 2026-12-01
	run -3 --separate-stderr shop-product set S9 price=1
	[ "$stderr" = "shop-product: unknown sku 'S9'" ]
	run -65 --separate-stderr shop-product set S1 colour=red
	[ "$stderr" = "shop-product: unknown field 'colour'; fields: name, spu, spu_name, brand, category, attrs, key_attrs, price, market_price, cost, barcode, weight_g, status, backorder, on_sale_from, on_sale_until" ]
	run -65 --separate-stderr shop-product set S1 price
	[ "$stderr" = "shop-product: bad assignment 'price': use FIELD=VALUE" ]
	run -65 --separate-stderr shop-product set S1 price=1 price=2
	[ "$stderr" = "shop-product: field 'price' is given twice" ]
	run -65 --separate-stderr shop-product set S1 sku=S2
	[ "$stderr" = "shop-product: field 'sku' cannot be set: it names the SKU" ]
	run -65 --separate-stderr shop-product set S1 weight_g=1.5
	[ "$stderr" = "shop-product: bad weight_g '1.5': not a whole number" ]
	run -65 --separate-stderr shop-product set S1 attrs='a=1;a=2'
	[ "$stderr" = "shop-product: bad attrs 'a=1;a=2': duplicate key 'a'" ]
	run -1 --separate-stderr shop-product set S1 on_sale_until=2026-11-30
	[ "$stderr" = "shop-product: on_sale_from '2026-12-01T00:00:00Z' is not before on_sale_until '2026-11-30T00:00:00Z'" ]
	run -1 --separate-stderr shop-product set S1 price= status=active
	[ "$stderr" = "shop-product: sku 'S1' has no price; it cannot be active" ]
	run -2 --separate-stderr shop-product set S1
	[ "$stderr" = "shop-product: missing argument: shop-product set SKU FIELD=VALUE... (see 'shop-product set --help')" ]
	run -0 row S1
	[ "$output" = "S1,,One,,,,,1.00,,,,,draft,0,2026-12-01T00:00:00Z," ]
}

@test "activate and deactivate set the status of several SKUs" {
	shop-product add S1 --name One --price 1
	shop-product add S2 --name Two --price 2
	run -0 --separate-stderr shop-product activate S1 S2
	[ -z "$stderr" ]
	run -0 shop-product list --no-header --format tsv
	[ "$output" = $'S1\tOne\t\t\t1.00\tactive\nS2\tTwo\t\t\t2.00\tactive' ]
	run -0 --separate-stderr shop-product deactivate S2
	run -0 shop-product list --status inactive --no-header
	[ "$output" = "S2,Two,,,2.00,inactive" ]
	run -0 sql 'select summary from audit where summary like '"'"'%activate%'"'"
	expect <<-EOF
	activate 'S1', 'S2'
	deactivate 'S2'
	EOF
}

@test "activate --from --until sets the on-sale window; '' clears it" {
	shop-product add S1 --name One --price 1
	run -0 shop-product activate S1 --from 2026-12-01 --until 2026-12-31T23:59:59Z
	run -0 row S1
	[ "$output" = "S1,,One,,,,,1.00,,,,,active,0,2026-12-01T00:00:00Z,2026-12-31T23:59:59Z" ]
	run -0 shop-product show S1 --no-header
	[ "${lines[-1]}" = "on_sale,no: sku 'S1' is on sale from 2026-12-01T00:00:00Z" ]
	run -0 shop-product activate S1 --from ''
	run -0 row S1
	[ "$output" = "S1,,One,,,,,1.00,,,,,active,0,,2026-12-31T23:59:59Z" ]
	run -0 shop-product show S1 --no-header
	[ "${lines[-1]}" = "on_sale,yes" ]
}

@test "activate again is skipped and says so" {
	shop-product add S1 --name One --price 1 --status active
	run -0 --separate-stderr shop-product activate S1
	[ "$stderr" = "shop-product: sku 'S1' is already active; skipped" ]
	[ "$(sql 'select count(*) from audit')" = 1 ]
}

@test "activate is all or nothing: an unknown sku is exit 3 and nothing changes" {
	shop-product add S1 --name One --price 1
	run -3 --separate-stderr shop-product activate S1 NOPE
	[ "$stderr" = "shop-product: unknown sku 'NOPE'" ]
	run -0 row S1
	[ "$output" = "S1,,One,,,,,1.00,,,,,draft,0,," ]
}

@test "activate is all or nothing: a SKU breaking a rule stops the whole command" {
	shop-product add S1 --name One --price 1
	shop-product add S2 --name Two --price 1
	shop-product set S2 price= 2>/dev/null
	run -1 --separate-stderr shop-product activate S1 S2
	[ "$stderr" = "shop-product: sku 'S2' has no price; it cannot be active" ]
	run -0 shop-product list --status draft --no-header
	[ "${#lines[@]}" = 2 ]
}

@test "activate/deactivate: a malformed time is exit 65" {
	shop-product add S1 --name One --price 1
	run -65 --separate-stderr shop-product deactivate S1 --from 2026-02-30
	[ "$stderr" = "shop-product: bad on_sale_from '2026-02-30': day out of range" ]
	run -65 --separate-stderr shop-product activate S1 --until soon
	[ "$stderr" = "shop-product: bad on_sale_until 'soon': not a timestamp (use 2026-11-22T10:00:00Z)" ]
	run -1 --separate-stderr shop-product activate S1 --from 2026-12-02 --until 2026-12-01
	[ "$stderr" = "shop-product: on_sale_from '2026-12-02T00:00:00Z' is not before on_sale_until '2026-12-01T00:00:00Z'" ]
}

@test "deactivate --dry-run writes nothing" {
	shop-product add S1 --name One --price 1 --status active
	run -0 shop-product deactivate S1 --dry-run
	run -0 shop-product list --no-header
	[ "$output" = "S1,One,,,1.00,active" ]
}
