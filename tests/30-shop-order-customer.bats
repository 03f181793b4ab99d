#!/usr/bin/env bats
# shop-order customer add|import|list|show: the customer master, its
# validation, idempotent re-runs, the list's round trip and balance; price
# lists and part numbers that name customers; the migration that made
# customers of the codes they held before.
load helper

HEADER=code,name,group,level,type,terms,credit_limit,approval_limit,region,email,phone,balance

@test "customer add, then list: every field, balance 0.00, an audit row" {
	run -0 --separate-stderr shop-order customer add C001 --name "Acme 贸易" --group vip \
		--level gold --type b2b --terms credit --credit-limit 5000 --approval-limit 1000.5 \
		--region east --email buyer@acme.cn --phone "+86 21 5555"
	[ -z "$output" ]
	[ -z "$stderr" ]
	shop-order customer add B7 --name Bob
	run -0 shop-order customer list
	expect <<-EOF
	$HEADER
	B7,Bob,,,b2c,prepaid,,,,,,0.00
	C001,Acme 贸易,vip,gold,b2b,credit,5000.00,1000.50,east,buyer@acme.cn,+86 21 5555,0.00
	EOF
	run -0 sql "select program, summary from audit"
	expect <<-EOF
	shop-order|customer add 'C001'
	shop-order|customer add 'B7'
	EOF
	run -0 sql "select credit_limit, approval_limit, created_at from customer where code = 'C001'"
	[ "$output" = "500000|100050|2026-11-22T10:00:00Z" ]
}

@test "customer add of the same customer again is skipped; other details are refused" {
	shop-order customer add C1 --name One --terms credit --credit-limit 10
	run -0 --separate-stderr shop-order customer add C1 --name One
	[ "$stderr" = "shop-order: customer 'C1' exists; skipped" ]
	run -0 --separate-stderr shop-order customer add C1 --name One --terms credit --credit-limit 10.00
	[ "$stderr" = "shop-order: customer 'C1' exists; skipped" ]
	run -1 --separate-stderr shop-order customer add C1 --name Uno
	[ "$stderr" = "shop-order: customer 'C1' exists with other details; not changed" ]
	run -1 --separate-stderr shop-order customer add C1 --name One --credit-limit 11
	[ "$stderr" = "shop-order: customer 'C1' exists with other details; not changed" ]
	run -0 sql "select name, credit_limit from customer; select count(*) from audit"
	[ "$output" = $'One|1000\n1' ]
}

@test "customer add: malformed values are exit 65, nothing written" {
	run -65 --separate-stderr shop-order customer add $'C\u200b1' --name X
	[ "$stderr" = "shop-order: bad customer 'C<U+200B>1': invisible or formatting character" ]
	run -65 --separate-stderr shop-order customer add ' C1' --name X
	[ "$stderr" = "shop-order: bad customer ' C1': blank at the start or end" ]
	run -65 --separate-stderr shop-order customer add C1 --name ''
	[ "$stderr" = "shop-order: missing name" ]
	run -65 --separate-stderr shop-order customer add C1 --name 'X '
	[ "$stderr" = "shop-order: bad name 'X ': blank at the start or end" ]
	run -65 --separate-stderr shop-order customer add C1 --name X --group $'v\e[31m'
	[ "$stderr" = "shop-order: bad group 'v<U+001B>[31m': control character" ]
	run -65 --separate-stderr shop-order customer add C1 --name X --terms credit --credit-limit 1.001
	[ "$stderr" = "shop-order: bad --credit-limit '1.001': too many decimals" ]
	run -65 --separate-stderr shop-order customer add C1 --name X --terms credit --credit-limit -5
	[ "$stderr" = "shop-order: bad --credit-limit '-5': negative" ]
	run -65 --separate-stderr shop-order customer add C1 --name X --approval-limit 1e3
	[ "$stderr" = "shop-order: bad --approval-limit '1e3': not a number" ]
	run -65 --separate-stderr shop-order customer add C1 --name X --credit-limit 5
	[ "$stderr" = "shop-order: a credit_limit needs terms credit (customer 'C1' is prepaid)" ]
	run -65 --separate-stderr shop-order customer add C1 --name X --email buyer.acme.cn
	[ "$stderr" = "shop-order: bad email 'buyer.acme.cn': not an e-mail address" ]
	run -0 sql "select count(*) from customer"
	[ "$output" = 0 ]
}

@test "customer add: a missing name or code, a type or terms outside their words are usage errors" {
	run -2 --separate-stderr shop-order customer add C1
	[ "$stderr" = "shop-order: missing --name (see 'shop-order customer add --help')" ]
	run -2 --separate-stderr shop-order customer add --name X
	[ "$stderr" = "shop-order: missing argument: shop-order customer add CODE (see 'shop-order customer add --help')" ]
	run -2 --separate-stderr shop-order customer add C1 --name X --type b2x
	[ "$stderr" = "shop-order: unknown --type 'b2x' (did you mean 'b2c'?; b2c or b2b) (see 'shop-order customer add --help')" ]
	run -2 --separate-stderr shop-order customer add C1 --name X --terms cash
	[ "$stderr" = "shop-order: unknown --terms 'cash' (prepaid or credit) (see 'shop-order customer add --help')" ]
}

@test "customer import: bad rows are rejected with the reason, the rest go in" {
	cat > c.csv <<-'EOF'
	code,name,group,type,terms,credit_limit,approval_limit,email
	C1,One,vip,b2b,credit,5000,,
	,Nameless,,,,,,
	C2,,,,,,,
	C3,Three,,b2x,,,,
	C4,Four,,,cash,,,
	C5,Five,,,credit,1.001,,
	C6,Six,,,credit,-1,,
	C7,Seven,,,,,x,
	C8,Eight,,,,100,,
	C9,Nine,,,,,,nine
	C10,Ten,,,,,0,ten@x.cn
	EOF
	run -1 --separate-stderr shop-order customer import --rejects r.csv c.csv
	[ -z "$output" ]
	output=$stderr
	expect <<-'EOF'
	shop-order: c.csv:3: missing customer
	shop-order: c.csv:4: missing name
	shop-order: c.csv:5: bad type 'b2x': b2c or b2b
	shop-order: c.csv:6: bad terms 'cash': prepaid or credit
	shop-order: c.csv:7: bad credit_limit '1.001': too many decimals
	shop-order: c.csv:8: bad credit_limit '-1': negative
	shop-order: c.csv:9: bad approval_limit 'x': not a number
	shop-order: c.csv:10: a credit_limit needs terms credit (customer 'C8' is prepaid)
	shop-order: c.csv:11: bad email 'nine': not an e-mail address
	shop-order: imported 2 customers, skipped 0, rejected 9
	EOF
	cat > want.csv <<-'EOF'
	code,name,group,type,terms,credit_limit,approval_limit,email,error
	,Nameless,,,,,,,missing customer
	C2,,,,,,,,missing name
	C3,Three,,b2x,,,,,bad type 'b2x': b2c or b2b
	C4,Four,,,cash,,,,bad terms 'cash': prepaid or credit
	C5,Five,,,credit,1.001,,,bad credit_limit '1.001': too many decimals
	C6,Six,,,credit,-1,,,bad credit_limit '-1': negative
	C7,Seven,,,,,x,,bad approval_limit 'x': not a number
	C8,Eight,,,,100,,,a credit_limit needs terms credit (customer 'C8' is prepaid)
	C9,Nine,,,,,,nine,bad email 'nine': not an e-mail address
	EOF
	diff want.csv r.csv
	run -0 shop-order customer list --no-header
	expect <<-'EOF'
	C1,One,vip,,b2b,credit,5000.00,,,,,0.00
	C10,Ten,,,b2c,prepaid,,0.00,,ten@x.cn,,0.00
	EOF
}

@test "customer import again is skipped; changed values are updated; absent columns stay" {
	printf 'code,name,terms,credit_limit,region\nC1,One,credit,100,east\nC2,Two,,,west\n' > c.csv
	shop-order -q customer import c.csv
	run -0 --separate-stderr shop-order customer import c.csv
	[ "$stderr" = "shop-order: imported 0 customers, skipped 2, rejected 0" ]
	printf 'code,name,terms,credit_limit,region\nC1,One,credit,150.50,east\nC2,Two,,,west\n' > c2.csv
	SHOP_NOW=2026-11-23T08:00:00Z run -0 --separate-stderr shop-order customer import c2.csv
	[ "$stderr" = "shop-order: imported 1 customer (0 new, 1 updated), skipped 1, rejected 0" ]
	# no region column: the stored regions stay; an empty cell clears
	printf 'code,credit_limit\nC1,\n' > c3.csv
	run -0 --separate-stderr shop-order customer import c3.csv
	[ "$stderr" = "shop-order: imported 1 customer (0 new, 1 updated), skipped 0, rejected 0" ]
	run -0 shop-order customer list --no-header
	expect <<-'EOF'
	C1,One,,,b2c,credit,,,east,,,0.00
	C2,Two,,,b2c,prepaid,,,west,,,0.00
	EOF
	run -0 sql "select created_at, updated_at from customer where code = 'C1'"
	[ "$output" = "2026-11-22T10:00:00Z|2026-11-22T10:00:00Z" ]
	# a credit customer back to prepaid must drop its limit in the same row
	printf 'code,terms,credit_limit\nC1,credit,5\n' | shop-order -q customer import
	printf 'code,terms\nC1,prepaid\n' > c4.csv
	run -1 --separate-stderr shop-order customer import c4.csv
	[ "$stderr" = "shop-order: c4.csv:2: a credit_limit needs terms credit (customer 'C1' is prepaid)
shop-order: imported 0 customers, skipped 0, rejected 1" ]
	printf 'code,terms,credit_limit\nC1,prepaid,\n' > c5.csv
	run -0 shop-order -q customer import c5.csv
	run -0 sql "select terms, credit_limit is null from customer where code = 'C1'"
	[ "$output" = "prepaid|1" ]
}

@test "customer import: --dry-run and --all-or-nothing write nothing; a bad header is 65" {
	printf 'code,name\nC1,One\nC2,\n' > c.csv
	run -1 --separate-stderr shop-order customer import --dry-run c.csv
	[ "$(sql 'select count(*) from customer')" = 0 ]
	run -1 --separate-stderr shop-order customer import --all-or-nothing c.csv
	[ "$(sql 'select count(*) from customer')" = 0 ]
	printf 'code,nmae\nC1,One\n' > bad.csv
	run -65 --separate-stderr shop-order customer import bad.csv
	[[ $stderr == "shop-order: bad.csv:1: unknown column 'nmae' (did you mean 'name'?)"* ]]
	printf 'name\nOne\n' > nocode.csv
	run -65 --separate-stderr shop-order customer import nocode.csv
	[ "$stderr" = "shop-order: nocode.csv:1: missing required column 'code'" ]
	[ "$(sql 'select count(*) from customer')" = 0 ]
}

@test "customer list re-imports as it is: the round trip is the identity, balance ignored" {
	cat > c.csv <<-'EOF'
	code,name,group,level,type,terms,credit_limit,approval_limit,region,email,phone
	C1,"Acme, Ltd",vip,gold,b2b,credit,5000.00,1000.00,east,a@acme.cn,+86 21 5555
	C2,"Say ""hi""",,,b2c,prepaid,,0.00,,,
	C3,Three,wholesale,,b2b,credit,,,Xinjiang,,
	EOF
	shop-order -q customer import c.csv
	shop-order customer list > all.csv
	run -0 --separate-stderr shop-order customer import all.csv
	[ "$stderr" = "shop-order: imported 0 customers, skipped 3, rejected 0" ]
	run -0 --separate-stderr shop-order --db other.db customer import all.csv
	[ "$stderr" = "shop-order: imported 3 customers, skipped 0, rejected 0" ]
	run -0 shop-order --db other.db customer list
	[ "$output" = "$(cat all.csv)" ]
	run -0 shop-order customer list --format jsonl --no-header
	[ "${lines[1]}" = '{"code":"C2","name":"Say \"hi\"","group":"","level":"","type":"b2c","terms":"prepaid","credit_limit":null,"approval_limit":"0.00","region":"","email":"","phone":"","balance":"0.00"}' ]
}

@test "customer list: balance is what the customer owes, from its receivable account" {
	shop-order customer add C1 --name One --terms credit
	shop-order customer add C2 --name Two
	run -0 shop-order customer list --no-header
	[ "${lines[0]}" = "C1,One,,,b2c,credit,,,,,,0.00" ]
	# an order of 123.45 placed by C1 (credit: confirmed and owed at once),
	# 23.45 of it paid: 123.45 - 23.45 = 100.00 owed
	shop-product -q add P1 --name One --price 123.45 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku P1 --warehouse W1 --qty 1 --ref R1
	shop-order -q create --customer C1 --line P1:1 >/dev/null
	shop-order -q pay SO-1 --amount 23.45 --txn T-1
	run -0 shop-order customer list --no-header
	expect <<-'EOF'
	C1,One,,,b2c,credit,,,,,,100.00
	C2,Two,,,b2c,prepaid,,,,,,0.00
	EOF
	run -0 shop-order customer show C1 --format jsonl
	[[ $output == *'"balance":"100.00"'* ]]
	run -0 shop-order check
}

@test "customer show: a document on a terminal, field,value rows, one jsonl object" {
	shop-product -q add P1 --name One --price 10
	shop-order customer add C1 --name "Acme" --type b2b --terms credit --credit-limit 500 --region east
	printf 'customer,sku,min_qty,price\nC1,P1,10,9.00\nC1,P1,1,9.50\n' | shop-product -q prices import
	printf 'customer,part_no,sku\nC1,A-1,P1\n' | shop-product -q parts import
	run -0 shop-order customer show C1 --format table
	expect <<-'EOF'
	code:           C1
	name:           Acme
	group:
	level:
	type:           b2b
	terms:          credit
	credit_limit:   500.00
	approval_limit:
	region:         east
	email:
	phone:
	balance:        0.00
	created_at:     2026-11-22T10:00:00Z
	updated_at:     2026-11-22T10:00:00Z
	price_list:     sku=P1;min_qty=1;price=9.50
	price_list:     sku=P1;min_qty=10;price=9.00
	part:           part_no=A-1;sku=P1
	EOF
	run -0 shop-order customer show C1 --format jsonl
	[ "$output" = '{"code":"C1","name":"Acme","group":"","level":"","type":"b2b","terms":"credit","credit_limit":"500.00","approval_limit":null,"region":"east","email":"","phone":"","balance":"0.00","created_at":"2026-11-22T10:00:00Z","updated_at":"2026-11-22T10:00:00Z","price_list":[{"sku":"P1","min_qty":1,"price":"9.50"},{"sku":"P1","min_qty":10,"price":"9.00"}],"part":[{"part_no":"A-1","sku":"P1"}]}' ]
	run -0 shop-order customer show C1 --no-header
	[ "${lines[0]}" = "code,C1" ]
	[ "${lines[-1]}" = "part,part_no=A-1;sku=P1" ]
}

@test "customer show of an unknown customer is exit 3, with the nearest code" {
	shop-order customer add C001 --name One
	run -3 --separate-stderr shop-order customer show C01
	[ "$stderr" = "shop-order: unknown customer 'C01' (did you mean 'C001'?)" ]
	[ -z "$output" ]
	run -3 --separate-stderr shop-order customer show c001
	[ "$stderr" = "shop-order: unknown customer 'c001' (did you mean 'C001'?)" ]
	run -3 --separate-stderr shop-order customer show ZZZZZZ
	[ "$stderr" = "shop-order: unknown customer 'ZZZZZZ'" ]
}

@test "reads of a missing database are exit 3 and create nothing" {
	for c in "customer list" "customer show C1" check; do
		run -3 --separate-stderr shop-order $c
		[ "$stderr" = "shop-order: no database '$SHOP_DB' (create it with 'shop init')" ] || { echo "$c: $stderr"; return 1; }
	done
	[ ! -e "$SHOP_DB" ]
}

@test "prices and parts import reject an unknown customer, with the nearest code" {
	shop-product -q add P1 --name One --price 10
	shop-order customer add ACME --name Acme
	printf 'customer,group,sku,price\nACME,,P1,9\nacme,,P1,8\nNOPE,,P1,7\n,vip,P1,6\n' > p.csv
	run -1 --separate-stderr shop-product prices import --rejects r.csv p.csv
	output=$stderr
	expect <<-'EOF'
	shop-product: p.csv:3: unknown customer 'acme' (did you mean 'ACME'?)
	shop-product: p.csv:4: unknown customer 'NOPE'
	shop-product: imported 2 prices, skipped 0, rejected 2
	EOF
	run -0 cat r.csv
	expect <<-'EOF'
	customer,group,sku,price,error
	acme,,P1,8,unknown customer 'acme' (did you mean 'ACME'?)
	NOPE,,P1,7,unknown customer 'NOPE'
	EOF
	printf 'customer,part_no,sku\nACME,A-1,P1\nACMEE,A-2,P1\n' > parts.csv
	run -1 --separate-stderr shop-product parts import parts.csv
	[ "$stderr" = "shop-product: parts.csv:3: unknown customer 'ACMEE' (did you mean 'ACME'?)
shop-product: imported 1 part number, skipped 0, rejected 1" ]
	run -3 --separate-stderr shop-product prices list --customer NOPE
	[ "$stderr" = "shop-product: unknown customer 'NOPE'" ]
	run -3 --separate-stderr shop-product parts list --customer acme
	[ "$stderr" = "shop-product: unknown customer 'acme' (did you mean 'ACME'?)" ]
	# the lists still print the customer's code: the round trip holds
	run -0 shop-product prices list
	expect <<-'EOF'
	customer,group,sku,min_qty,price
	,vip,P1,1,6.00
	ACME,,P1,1,9.00
	EOF
	shop-product prices list > all.csv
	run -0 --separate-stderr shop-product prices import all.csv
	[ "$stderr" = "shop-product: imported 0 prices, skipped 2, rejected 0" ]
	run -0 shop-product parts list --customer ACME --no-header
	[ "$output" = "ACME,A-1,P1" ]
}

# The schema of a database from before the customer master (migrations
# 001-003), made by hand on either backend, with prices and part numbers
# for customer codes.
old_database() {
	local schema=$BATS_TEST_DIRNAME/../share/schema f
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		for f in 001_core 002_stock 003_meta; do
			sed 's/INTEGER PRIMARY KEY/BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY/' \
				"$schema/$f.sql" | sql >/dev/null || return 1
		done
		sql "INSERT INTO meta (key, value) VALUES ('application', 'shop'), ('schema_version', '3'),
			('currency.code', 'CNY'), ('currency.digits', '2')" >/dev/null
	else
		cat "$schema/001_core.sql" "$schema/002_stock.sql" "$schema/003_meta.sql" | sql
		sql "PRAGMA application_id = $((0x53484f50)); PRAGMA user_version = 3;
			INSERT INTO meta (key, value) VALUES ('currency.code', 'CNY'), ('currency.digits', '2')"
	fi
	sql "INSERT INTO audit (at, os_user, program, argv, summary)
		VALUES ('2026-01-05T09:00:00Z', 'x', 'shop-product', 'shop-product import', 'x');
		INSERT INTO sku (sku, name, price, created_at, updated_at) VALUES
		('P1', 'One', 1000, 'x', 'x'), ('P2', 'Two', 2000, 'x', 'x');
		INSERT INTO price_list (customer, cust_group, sku_id, min_qty, price) VALUES
		('ACME', '', 1, 10, 950), ('', 'vip', 2, 1, 1900), ('BETA', '', 2, 5, 1800);
		INSERT INTO customer_part (customer, part_no, sku_id) VALUES
		('ACME', 'A-1', 1), ('ZED', 'Z-1', 2)" >/dev/null
}

@test "an existing database: its customer codes become customers, its prices and parts stay" {
	old_database
	run -0 shop-product prices list
	expect <<-'EOF'
	customer,group,sku,min_qty,price
	,vip,P2,1,19.00
	ACME,,P1,10,9.50
	BETA,,P2,5,18.00
	EOF
	run -0 shop-product parts list --no-header
	[ "$output" = $'ACME,A-1,P1\nZED,Z-1,P2' ]
	# the customers made of the codes, created when the database first was
	run -0 shop-order customer list --no-header
	expect <<-'EOF'
	ACME,ACME,,,b2c,prepaid,,,,,,0.00
	BETA,BETA,,,b2c,prepaid,,,,,,0.00
	ZED,ZED,,,b2c,prepaid,,,,,,0.00
	EOF
	run -0 sql "select created_at from customer where code = 'ZED'"
	[ "$output" = 2026-01-05T09:00:00Z ]
	# and they take imports and price updates like any other
	printf 'code,name,type\nACME,Acme Trading,b2b\n' | shop-order -q customer import
	printf 'customer,sku,min_qty,price\nACME,P1,10,9.40\n' > p.csv
	run -0 --separate-stderr shop-product prices import p.csv
	[ "$stderr" = "shop-product: imported 1 price (0 new, 1 updated), skipped 0, rejected 0" ]
	run -0 shop check
}
