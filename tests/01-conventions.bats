#!/usr/bin/env bats
# SPEC §2 conventions that every binary gets from lib/: config, busy
# database, transactions, audit, schema version.
load helper

@test "a bad shop.yaml beside the database is exit 65 naming file:line:column" {
	sqlite_only "a database file has a directory to hold shop.yaml"
	printf 'currency:\n  code: CNY\n  digits: [2\n' > shop.yaml
	run -65 --separate-stderr shop-product brand list
	[ "$stderr" = "shop-product: $BATS_TEST_TMPDIR/shop.yaml:4:1: did not find expected ',' or ']'" ]
	[ -z "$output" ]
}

@test "a config value out of range names its key and position" {
	printf 'currency:\n  digits: 9\n' > conf.yaml
	run -65 --separate-stderr shop-product --config conf.yaml brand list
	[ "$stderr" = "shop-product: conf.yaml:2:11: currency.digits: out of range '9'" ]
}

@test "duplicate keys in the config are refused" {
	printf 'currency:\n  code: CNY\n  code: EUR\n' > conf.yaml
	SHOP_CONFIG=conf.yaml run -65 --separate-stderr shop-product brand list
	[ "$stderr" = "shop-product: conf.yaml:3:3: duplicate key 'code'" ]
}

@test "a named config that is missing is an error, a missing default is not" {
	run -65 --separate-stderr shop-product --config nope.yaml brand list
	[ "$stderr" = "shop-product: cannot read config 'nope.yaml': No such file or directory" ]
	shop init -q
	run -0 shop-product brand list
}

@test "a database busy past the timeout is exit 75 and nothing is written" {
	shop-product brand add First
	# another process holds the write lock for a while
	hold_write_lock 5 &
	sleep 0.5
	SHOP_BUSY_TIMEOUT=100 run -75 --separate-stderr shop-product brand add Second
	[ "$stderr" = "shop-product: database is busy; try again later" ]
	wait
	run -0 shop-product brand list --no-header
	[ "$output" = "First,0" ]
}

@test "a writer waits for a short lock instead of failing" {
	shop-product brand add First
	hold_write_lock 0.5 &
	sleep 0.2
	run -0 shop-product brand add Second
	wait
	run -0 shop-product brand list --no-header
	[ "$output" = $'First,0\nSecond,0' ]
}

@test "a bad SHOP_BUSY_TIMEOUT is a usage error" {
	SHOP_BUSY_TIMEOUT=soon run -2 --separate-stderr shop-product brand list
	[ "$stderr" = "shop-product: bad SHOP_BUSY_TIMEOUT 'soon': not a whole number" ]
}

@test "a command that fails half way writes nothing (one transaction)" {
	shop-product brand add Used
	# remove refuses the second name after deleting the first: all or nothing
	sql "INSERT INTO sku (sku, name, brand_id, created_at, updated_at) SELECT 'S1', 'x', id, '', '' FROM brand WHERE name = 'Used'"
	shop-product brand add Unused
	run -1 --separate-stderr shop-product brand remove Unused Used
	[ "$stderr" = "shop-product: brand 'Used' is used by 1 SKUs; cannot remove" ]
	run -0 shop-product brand list --no-header
	[ "$output" = $'Unused,0\nUsed,1' ]
}

@test "the schema version is recorded and a newer database is refused" {
	run -0 shop init
	v=$(schema_version)
	[ "$v" -ge 1 ]
	set_schema_version $((v + 1))
	run -65 --separate-stderr shop-product brand list
	[ "$stderr" = "shop-product: database schema version $((v + 1)) is newer than this program ($v)" ]
	set_schema_version $v
}

@test "the database is in WAL mode" {
	sqlite_only "the journal mode of the database file"
	run -0 shop init
	[ "$(sqlite3 "$SHOP_DB" 'pragma journal_mode')" = wal ]
}

@test "every write leaves one audit row; reads and dry runs leave none" {
	shop-product brand add Acme
	shop-product brand list >/dev/null
	shop-product brand add Beta --dry-run
	shop-product brand add Acme 2>/dev/null   # exists: nothing changed
	run -0 sql 'select at, os_user, program, argv, summary from audit'
	[ "$output" = "2026-11-22T10:00:00Z|$(id -un)|shop-product|shop-product brand add Acme|brand add 'Acme'" ]
	run -0 shop-product brand list --no-header
	[ "$output" = "Acme,0" ]
}

@test "an import that changes nothing leaves no audit row, though it staged rows or undid rejected ones" {
	printf 'sku,name,price,status\nA,a,1.00,active\n' | shop-product -q import
	printf 'code,name\nC1,One\nC2,Two\n' | shop-order -q customer import
	shop-coupon -q create Q --type cash --value 1 --quantity 5 --per-customer 1 --valid-days 30
	printf 'customer\nC1\nC2\n' > issue.csv
	run -0 shop-coupon -q issue Q issue.csv
	# each row takes from the quantity, then meets the customer's limit:
	# rejected, its writes undone
	run -1 shop-coupon -q issue Q issue.csv
	printf 'code,name\nW1,One\n' | shop-stock -q warehouse import
	printf 'sku,warehouse,qty,ref\nA,W1,10,R1\n' | shop-stock -q receive
	printf 'customer,order_ref,sku,qty\nC1,O1,A,1\n' > o.csv
	run -0 shop-order -q import o.csv
	# skipped: its SKUs and order refs went through staging tables
	run -0 shop-order -q import o.csv
	run -0 sql "select program || ' ' || summary from audit order by id"
	expect <<'EOF'
shop-product imported 1 product (1 new, 0 updated), skipped 0, rejected 0
shop-order imported 2 customers (2 new, 0 updated), skipped 0, rejected 0
shop-coupon create coupon Q
shop-coupon issue Q to C1: CI-1; issue Q to C2: CI-2; imported 2 coupons (2 new, 0 updated), skipped 0, rejected 0
shop-stock imported 1 warehouse (1 new, 0 updated), skipped 0, rejected 0
shop-stock imported 1 movement (1 new, 0 updated), skipped 0, rejected 0
shop-order imported 1 order (1 new, 0 updated), skipped 0, rejected 0
EOF
}

@test "a file of many records is summed up in the audit log: the first notes, a count of the rest, the totals" {
	awk 'BEGIN { print "code,name"; for (i = 1; i <= 300; i++) printf "C%03d,Customer %d\n", i, i }' |
		shop-order -q customer import
	shop-coupon -q create Q --type cash --value 1 --valid-days 30
	awk 'BEGIN { print "customer"; for (i = 1; i <= 300; i++) printf "C%03d\n", i }' > issue.csv
	run -0 shop-coupon -q issue Q issue.csv
	# the notes are kept while the summary is under 4,000 characters
	want=$(awk 'BEGIN { len = 0; s = ""
		for (i = 1; i <= 300; i++) {
			n = sprintf("issue Q to C%03d: CI-%d", i, i)
			if (len >= 4000) { more++; continue }
			s = s (len ? "; " : "") n; len = length(s)
		}
		printf "%s; ... %d more; imported 300 coupons (300 new, 0 updated), skipped 0, rejected 0", s, more }')
	run -0 sql "select summary from audit where argv like '%issue Q issue.csv'"
	[ "$output" = "$want" ]
	[ "${#output}" -lt 4200 ]
}

@test "--progress forces the progress line; its final figures come before the summary" {
	printf 'sku,name,price\nA,a,1\nB,b,2\n' > p.csv
	run -0 --separate-stderr shop-product import --progress p.csv
	[[ ${stderr_lines[0]} =~ ^shop-product:\ 2\ rows,\ [0-9]+\ rows/s,\ 100%$ ]]
	[ "${stderr_lines[1]}" = "shop-product: imported 2 products, skipped 0, rejected 0" ]
	[ ${#stderr_lines[@]} -eq 2 ]
}

@test "without --progress a pipe gets no progress line" {
	printf 'sku,name,price\nA,a,1\n' > p.csv
	run -0 --separate-stderr shop-product import p.csv
	[ "$stderr" = "shop-product: imported 1 product, skipped 0, rejected 0" ]
}

@test "a terminal gets an aligned table, a pipe gets CSV" {
	shop-product brand add Acme 华为
	run -0 script -qec "shop-product brand list" /dev/null
	expect <<-EOF
	brand  skus$(printf '\r')
	-----  ----$(printf '\r')
	Acme      0$(printf '\r')
	华为      0$(printf '\r')
	EOF
	run -0 shop-product brand list
	[ "$output" = $'brand,skus\nAcme,0\n华为,0' ]
}

@test "--excel means CSV for a spreadsheet even on a terminal" {
	shop-product brand add Acme
	run -0 script -qec "shop-product brand list --excel" /dev/null
	[ "${lines[0]}" = $'\xef\xbb\xbfbrand,skus\r\r' ]
	[ "${lines[1]}" = $'Acme,0\r\r' ]
}
