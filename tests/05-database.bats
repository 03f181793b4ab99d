#!/usr/bin/env bats
# The database file (SPEC §2 "Database", "Files on disk", exit codes): what
# makes a file a shop database, when one is created, the currency kept in
# it, and the faults of its environment. Item numbers are issue 6's.
load helper

# The helper's teardown, after making read-only directories writable again
# so that bats can remove them.
eval "helper_$(declare -f teardown)"
teardown() {
	if mountpoint -q "$BATS_TEST_TMPDIR/mnt"; then umount "$BATS_TEST_TMPDIR/mnt"; fi
	[ ! -e "$BATS_TEST_TMPDIR/immutable.db" ] || chattr -i "$BATS_TEST_TMPDIR/immutable.db" 2>/dev/null || true
	chmod -R u+w "$BATS_TEST_TMPDIR" 2>/dev/null || true
	helper_teardown
}

# Root ignores file modes, and CI may run the tests as root: there the
# commands on read-only files run as the user nobody, in a directory of
# their own (./u, the current directory after this). Skips the test when
# that cannot be done.
unprivileged_dir() {
	mkdir u
	cd u || return 1
	[ "$(id -u)" -eq 0 ] || return 0
	id nobody >/dev/null 2>&1 || skip "running as root and there is no user nobody"
	chmod o+x "$BATS_RUN_TMPDIR"
	chown nobody .
	as_user shop-product --version >/dev/null 2>&1 ||
		skip "running as root and nobody cannot run $(command -v shop-product)"
	as_user test -w . || skip "running as root and nobody cannot write in $PWD"
}

# as_user CMD...: run CMD as nobody when root, else as it is.
as_user() {
	if [ "$(id -u)" -ne 0 ]; then
		"$@"
	elif command -v setpriv >/dev/null; then
		setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups -- "$@"
	else
		su -s /bin/sh -c 'PATH=$0; export PATH; exec "$@"' -- nobody "$PATH" "$@"
	fi
}

# the schema version this program writes, read from a database it made
schema_version() {
	sqlite3 "$1" 'PRAGMA user_version'
}

# --- item 2: the currency is fixed when the database is created ---

@test "the currency is kept in the database; a config with other digits is 65, never a rescaling (item 2)" {
	sqlite_only "the database file itself"
	printf 'currency:\n  code: CNY\n  digits: 2\n' > shop.yaml
	run -0 shop-product add A1 --name Cable --price 39.00
	run -0 sql 'SELECT key, value FROM meta ORDER BY key'
	[ "$output" = $'currency.code|CNY\ncurrency.digits|2' ]
	printf 'currency:\n  code: CNY\n  digits: 0\n' > shop.yaml
	run -65 --separate-stderr shop-product list
	[ "$stderr" = "shop-product: $BATS_TEST_TMPDIR/shop.yaml:3:11: currency.digits is '0' but database '$SHOP_DB' keeps 2 digits (fixed when it was created)" ]
	[ -z "$output" ]
	run -65 --separate-stderr shop-product add A2 --name Plug --price 5
	[ "$stderr" = "shop-product: $BATS_TEST_TMPDIR/shop.yaml:3:11: currency.digits is '0' but database '$SHOP_DB' keeps 2 digits (fixed when it was created)" ]
	printf 'currency:\n  code: CNY\n  digits: 2\n' > shop.yaml
	run -0 shop-product list --no-header
	[ "$output" = "A1,Cable,,,39.00,draft" ]
}

@test "currency.digits is compared as a number: 02 is 2 (item 2)" {
	sqlite_only "the database file itself"
	run -0 shop-product add A1 --name Cable --price 39.00
	printf 'currency:\n  digits: 02\n' > shop.yaml
	run -0 shop-product list --no-header
	[ "$output" = "A1,Cable,,,39.00,draft" ]
}

@test "a config with another currency code is 65 naming the line (item 2)" {
	sqlite_only "the database file itself"
	run -0 shop-product add A1 --name Cable --price 39.00
	printf 'currency:\n  code: EUR\n' > shop.yaml
	run -65 --separate-stderr shop-stock levels
	[ "$stderr" = "shop-stock: $BATS_TEST_TMPDIR/shop.yaml:2:9: currency.code is 'EUR' but database '$SHOP_DB' keeps currency 'CNY' (fixed when it was created)" ]
	rm shop.yaml
}

@test "a database created with digits 0 keeps 0 digits without its config (item 2)" {
	sqlite_only "the database file itself"
	printf 'currency:\n  code: JPY\n  digits: 0\n' > shop.yaml
	run -0 shop-product add A1 --name Cable --price 3900
	rm shop.yaml
	run -0 shop-product list --no-header
	[ "$output" = "A1,Cable,,,3900,draft" ]
	run -65 --separate-stderr shop-product add A2 --name Plug --price 5.50
	[ "$stderr" = "shop-product: bad --price '5.50': too many decimals" ]
	printf 'currency:\n  digits: 2\n' > shop.yaml
	run -65 --separate-stderr shop-product list
	[ "$stderr" = "shop-product: $BATS_TEST_TMPDIR/shop.yaml:2:11: currency.digits is '2' but database '$SHOP_DB' keeps 0 digits (fixed when it was created)" ]
	rm shop.yaml
}

# --- item 6: reads never create a database ---

@test "a read in a directory without a database is exit 3 and creates nothing (item 6)" {
	sqlite_only "the database file itself"
	mkdir cron
	cd cron
	SHOP_DB= run -3 --separate-stderr shop-product list
	[ "$stderr" = "shop-product: no database 'shop.db' (create it with 'shop init')" ]
	[ -z "$output" ]
	SHOP_DB= run -3 --separate-stderr shop-stock levels
	[ "$stderr" = "shop-stock: no database 'shop.db' (create it with 'shop init')" ]
	[ -z "$(ls -A)" ]
}

@test "a write creates the database, and so does shop init (item 6)" {
	sqlite_only "the database file itself"
	mkdir a b
	cd a
	SHOP_DB= run -0 shop-product add A1 --name Cable --price 39.00
	[ "$(stat -c %a shop.db)" = 600 ]
	cd ../b
	SHOP_DB= run -0 --separate-stderr shop init
	[ "$stderr" = "shop: database 'shop.db' is ready (schema version $(schema_version shop.db))" ]
	SHOP_DB= run -0 shop-product list
	[ "$output" = "sku,name,brand,category,price,status" ]
}

@test "an empty file is no database for a read and stays empty; a write makes it one (item 6)" {
	sqlite_only "the database file itself"
	mkdir d
	cd d
	: > empty.db
	run -3 --separate-stderr shop-product --db empty.db list
	[ "$stderr" = "shop-product: no database 'empty.db' (create it with 'shop init')" ]
	[ ! -s empty.db ]
	[ "$(ls)" = empty.db ]
	run -0 shop-product --db empty.db add A1 --name Cable --price 39.00
	run -0 shop-product --db empty.db list --no-header
	[ "$output" = "A1,Cable,,,39.00,draft" ]
}

# --- item 11: a file that is not a database ---

@test "--db naming a CSV file is 65 and leaves it untouched (item 11)" {
	sqlite_only "the database file itself"
	mkdir d
	cd d
	printf 'sku,name,price\nA1,Cable,39.00\n' > products.csv
	sum=$(cksum < products.csv)
	run -65 --separate-stderr shop-product --db products.csv list
	[ "$stderr" = "shop-product: 'products.csv' is not a shop database" ]
	run -65 --separate-stderr shop-product --db products.csv import products.csv
	[ "$stderr" = "shop-product: 'products.csv' is not a shop database" ]
	run -65 --separate-stderr shop --db products.csv init
	[ "$stderr" = "shop: 'products.csv' is not a shop database" ]
	[ "$(cksum < products.csv)" = "$sum" ]
	[ "$(ls)" = products.csv ]
}

@test "--db naming a directory is 65 (item 11)" {
	sqlite_only "the database file itself"
	mkdir dir.db
	run -65 --separate-stderr shop-product --db dir.db add A1 --name Cable --price 1
	[ "$stderr" = "shop-product: database 'dir.db' is a directory" ]
}

# --- item 18: schema versions out of range ---

@test "a negative schema version is 65, for reads and writes (item 18)" {
	sqlite_only "the database file itself"
	run -0 shop --db v.db init
	sqlite3 v.db 'PRAGMA user_version = -1'
	run -65 --separate-stderr shop-product --db v.db list
	[ "$stderr" = "shop-product: database schema version -1 is out of range (1 to $(($(ls "$BATS_TEST_DIRNAME"/../share/schema/*.sql | wc -l))))" ]
	run -65 --separate-stderr shop-product --db v.db add A1 --name Cable --price 1
	[ "$stderr" = "shop-product: database schema version -1 is out of range (1 to $(($(ls "$BATS_TEST_DIRNAME"/../share/schema/*.sql | wc -l))))" ]
	[ "$(schema_version v.db)" = -1 ]
}

@test "a schema version above the program's is 65 naming both (item 18)" {
	sqlite_only "the database file itself"
	run -0 shop --db v.db init
	v=$(schema_version v.db)
	sqlite3 v.db "PRAGMA user_version = $((v + 1))"
	run -65 --separate-stderr shop-stock --db v.db levels
	[ "$stderr" = "shop-stock: database schema version $((v + 1)) is newer than this program ($v)" ]
	run -65 --separate-stderr shop --db v.db init
	[ "$stderr" = "shop: database schema version $((v + 1)) is newer than this program ($v)" ]
	[ "$(schema_version v.db)" = $((v + 1)) ]
}

# --- item 19: --db is a plain path, never a SQLite URI ---

@test "--db 'file:real.db?mode=memory' is a file of that name, and its data is kept (item 19)" {
	sqlite_only "the database file itself"
	db='file:real.db?mode=memory'
	run -3 shop-product --db "$db" list
	run -0 shop-product --db "$db" add A1 --name Cable --price 39.00
	[ -f "$db" ]
	[ ! -e real.db ]
	run -0 shop-product --db "$db" list --no-header
	[ "$output" = "A1,Cable,,,39.00,draft" ]
}

@test "--db with ?vfs= or ?immutable=1 is a file of that name too (item 19)" {
	sqlite_only "the database file itself"
	for db in 'file:v.db?vfs=unix-none' 'file:i.db?immutable=1'; do
		run -0 shop-product --db "$db" add A1 --name Cable --price 39.00
		run -0 shop-product --db "$db" add A2 --name Plug --price 5.00
		run -0 shop-product --db "$db" list --no-header
		[ "$output" = $'A1,Cable,,,39.00,draft\nA2,Plug,,,5.00,draft' ]
	done
	[ -f 'file:v.db?vfs=unix-none' ]
	[ -f 'file:i.db?immutable=1' ]
	[ ! -e v.db ]
	[ ! -e i.db ]
}

# --- item 20: faults of the environment are 74, with a clean message ---

@test "a read-only database file: a write is 74 and changes nothing; a read works (item 20)" {
	sqlite_only "the database file itself"
	unprivileged_dir
	as_user shop-product --db shop.db add A1 --name Cable --price 39.00
	chmod 444 shop.db
	sum=$(cksum < shop.db)
	run -74 --separate-stderr as_user shop-product --db shop.db add A2 --name Plug --price 5.00
	[ "$stderr" = "shop-product: cannot write database 'shop.db': it is read-only" ]
	[ "$(cksum < shop.db)" = "$sum" ]
	run -0 as_user shop-product --db shop.db list --no-header
	[ "$output" = "A1,Cable,,,39.00,draft" ]
}

@test "an immutable database file (chattr +i): a write is 74; a read works (item 20)" {
	sqlite_only "the database file itself"
	run -0 shop --db immutable.db init
	chattr +i immutable.db 2>/dev/null || skip "chattr +i needs root and a file system that has it"
	run -74 --separate-stderr shop-product --db immutable.db add A1 --name Cable --price 39.00
	[ "$stderr" = "shop-product: cannot write database 'immutable.db': it is immutable" ]
	run -0 shop-product --db immutable.db list
	[ "$output" = "sku,name,brand,category,price,status" ]
}

@test "a read-only directory: using its database or creating one is 74 (item 20)" {
	sqlite_only "the database file itself"
	unprivileged_dir
	as_user shop-product --db shop.db add A1 --name Cable --price 39.00
	chmod 555 .
	sum=$(cksum < shop.db)
	# WAL needs shop.db-wal and shop.db-shm beside the database
	run -74 --separate-stderr as_user shop-product --db shop.db add A2 --name Plug --price 5.00
	[ "$stderr" = "shop-product: cannot use database 'shop.db': its directory is not writable" ]
	run -74 --separate-stderr as_user shop-product --db new.db add A2 --name Plug --price 5.00
	[ "$stderr" = "shop-product: cannot create database 'new.db': Permission denied" ]
	[ "$(cksum < shop.db)" = "$sum" ]
	[ "$(ls)" = shop.db ]
}

@test "a database that cannot be read is 74 (item 20)" {
	sqlite_only "the database file itself"
	unprivileged_dir
	as_user shop-product --db shop.db add A1 --name Cable --price 39.00
	chmod 000 shop.db
	run -74 --separate-stderr as_user shop-product --db shop.db list
	[ "$stderr" = "shop-product: cannot read database 'shop.db': Permission denied" ]
}

# bats test_tags=slow
@test "a full disk is 74 and nothing of the import is kept (item 20)" {
	sqlite_only "the database file itself"
	run -0 shop-product add A1 --name Cable --price 39.00
	# 20000 products, about 1.5 MB: more than the 1 MiB a file may grow to
	seq 20000 | awk 'BEGIN { print "sku,name,price" } { printf "S%05d,product number %d of the big catalogue,1.00\n", $1, $1 }' > big.csv
	# SIGXFSZ ignored: the write fails with EFBIG as on a full disk
	run -74 --separate-stderr bash -c 'trap "" XFSZ; ulimit -f 1024 && exec shop-product import -q big.csv'
	[ "$stderr" = "shop-product: cannot write database '$SHOP_DB': File too large" ]
	run -0 shop-product list --no-header
	[ "$output" = "A1,Cable,,,39.00,draft" ]
}

# bats test_tags=slow
@test "a full file system and a read-only mount are 74 (item 20)" {
	sqlite_only "the database file itself"
	[ "$(id -u)" -eq 0 ] || skip "mounting a small tmpfs needs root"
	mkdir mnt
	mount -t tmpfs -o size=1m tmpfs mnt 2>/dev/null || skip "cannot mount a tmpfs here"
	run -0 shop-product --db mnt/shop.db add A1 --name Cable --price 39.00
	# 20000 products, about 1.5 MB, into 1 MiB (the new database takes about half)
	seq 20000 | awk 'BEGIN { print "sku,name,price" } { printf "S%05d,product number %d of the big catalogue,1.00\n", $1, $1 }' > big.csv
	run -74 --separate-stderr shop-product --db mnt/shop.db import -q big.csv
	[ "$stderr" = "shop-product: cannot write database 'mnt/shop.db': the disk is full" ]
	run -0 shop-product --db mnt/shop.db list --no-header
	[ "$output" = "A1,Cable,,,39.00,draft" ]
	umount mnt
	# a database closed cleanly (no -wal or -shm left) on a mount made
	# read-only: even a read needs shop.db-shm, which cannot be made there
	mount -t tmpfs -o size=4m tmpfs mnt
	run -0 shop-product --db mnt/shop.db add A1 --name Cable --price 39.00
	mount -o remount,ro mnt
	run -74 --separate-stderr shop-product --db mnt/shop.db add A2 --name Plug --price 5.00
	[ "$stderr" = "shop-product: cannot open database 'mnt/shop.db': the file system is read-only" ]
	run -74 --separate-stderr shop-product --db mnt/shop.db list
	[ "$stderr" = "shop-product: cannot open database 'mnt/shop.db': the file system is read-only" ]
}

@test "stdout that cannot be written is 74 (item 20)" {
	sqlite_only "the database file itself"
	[ -w /dev/full ] || skip "no /dev/full"
	run -0 shop-product add A1 --name Cable --price 39.00
	run -74 --separate-stderr bash -c 'exec shop-product list >/dev/full'
	[ "$stderr" = "shop-product: cannot write standard output: No space left on device; nothing changed" ]
	run -74 --separate-stderr bash -c 'exec shop-stock levels >/dev/full'
	[ "$stderr" = "shop-stock: cannot write standard output: No space left on device; nothing changed" ]
}

# --- item 21: the first use of a database waits like every other ---

# bats test_tags=slow
@test "four first imports at once into a new database never give up within the timeout (item 21)" {
	sqlite_only "the database file itself"
	printf 'sku,name,price\nA1,Cable,39.00\nA2,Plug,5.00\n' > p.csv
	: > status
	for i in $(seq 60); do
		rm -f c.db c.db-wal c.db-shm c.db-journal
		shop-product --db c.db import -q p.csv 2>>err & p1=$!
		shop-product --db c.db import -q p.csv 2>>err & p2=$!
		shop-product --db c.db import -q p.csv 2>>err & p3=$!
		shop-product --db c.db import -q p.csv 2>>err & p4=$!
		for p in $p1 $p2 $p3 $p4; do
			wait "$p" || echo "run $i: exit $?" >> status
		done
	done
	[ ! -s status ]
	[ ! -s err ]
	run -0 shop-product --db c.db list --no-header
	[ "$output" = $'A1,Cable,,,39.00,draft\nA2,Plug,,,5.00,draft' ]
}

# --- item 25: shop databases are marked; other applications' are refused ---

@test "another application's SQLite database is 65 for reads and writes and left untouched (item 25)" {
	sqlite_only "the database file itself"
	mkdir d
	cd d
	sqlite3 app.db 'CREATE TABLE t (x); INSERT INTO t VALUES (1)'
	sum=$(cksum < app.db)
	run -65 --separate-stderr shop-product --db app.db list
	[ "$stderr" = "shop-product: 'app.db' is not a shop database" ]
	run -65 --separate-stderr shop-stock --db app.db levels
	[ "$stderr" = "shop-stock: 'app.db' is not a shop database" ]
	run -65 --separate-stderr shop-product --db app.db add A1 --name Cable --price 1
	[ "$stderr" = "shop-product: 'app.db' is not a shop database" ]
	run -65 --separate-stderr shop --db app.db init
	[ "$stderr" = "shop: 'app.db' is not a shop database" ]
	[ "$(cksum < app.db)" = "$sum" ]
	[ "$(ls)" = app.db ]
	run -0 sqlite3 app.db 'PRAGMA journal_mode; SELECT count(*) FROM sqlite_schema'
	[ "$output" = $'delete\n1' ]
}

@test "an empty SQLite database of another application (its own application_id) is 65 (item 25)" {
	sqlite_only "the database file itself"
	sqlite3 app.db 'PRAGMA application_id = 42; VACUUM'
	sum=$(cksum < app.db)
	run -65 --separate-stderr shop-product --db app.db add A1 --name Cable --price 1
	[ "$stderr" = "shop-product: 'app.db' is not a shop database" ]
	[ "$(cksum < app.db)" = "$sum" ]
}

@test "a shop database carries application_id 0x53484f50 ('SHOP') (item 25)" {
	sqlite_only "the database file itself"
	run -0 shop init
	run -0 sqlite3 "$SHOP_DB" 'PRAGMA application_id'
	[ "$output" = $((0x53484f50)) ]
}

@test "a shop database made before databases were marked is adopted: migrated and marked (item 25)" {
	sqlite_only "the database file itself"
	schema=$BATS_TEST_DIRNAME/../share/schema
	cat "$schema/001_core.sql" "$schema/002_stock.sql" | sqlite3 old.db
	sqlite3 old.db "PRAGMA user_version = 2; INSERT INTO sku (sku, name, price, created_at, updated_at) VALUES ('A1', 'Cable', 3900, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"
	run -0 shop-product --db old.db list --no-header
	[ "$output" = "A1,Cable,,,39.00,draft" ]
	run -0 sqlite3 old.db 'PRAGMA application_id'
	[ "$output" = $((0x53484f50)) ]
	[ "$(schema_version old.db)" = "$(ls "$schema"/*.sql | wc -l)" ]
	run -0 sqlite3 old.db 'SELECT key, value FROM meta ORDER BY key'
	[ "$output" = $'currency.code|CNY\ncurrency.digits|2' ]
	run -0 shop-product --db old.db check
	run -0 shop-stock --db old.db check
}

@test "an unmarked database with a shop schema version but not its tables is 65 (item 25)" {
	sqlite_only "the database file itself"
	cat "$BATS_TEST_DIRNAME/../share/schema/001_core.sql" | sqlite3 old.db
	sqlite3 old.db 'PRAGMA user_version = 2'
	sum=$(cksum < old.db)
	run -65 --separate-stderr shop-product --db old.db list
	[ "$stderr" = "shop-product: 'old.db' is not a shop database" ]
	[ "$(cksum < old.db)" = "$sum" ]
}

# --- shop init ---

@test "shop init on an existing database says it is ready and changes nothing (shop init)" {
	sqlite_only "the database file itself"
	run -0 shop-product add A1 --name Cable --price 39.00
	sum=$(cksum < "$SHOP_DB")
	run -0 --separate-stderr shop init
	[ "$stderr" = "shop: database '$SHOP_DB' is ready (schema version $(schema_version "$SHOP_DB"))" ]
	[ -z "$output" ]
	[ "$(cksum < "$SHOP_DB")" = "$sum" ]
	run -0 sqlite3 "$SHOP_DB" 'SELECT count(*) FROM audit'
	[ "$output" = 1 ]
}
