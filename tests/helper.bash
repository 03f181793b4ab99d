# helper.bash - loaded by every bats file: a fresh database per test, a fixed
# clock, the built binaries first on PATH, and the invariant check after.
bats_require_minimum_version 1.5.0

# The backend under test: sqlite (a file per test) or pg (a database per
# test on the server tests/run.sh started, its socket in SHOP_TEST_PGHOST).
SHOP_TEST_BACKEND=${SHOP_TEST_BACKEND:-sqlite}

setup() {
	TAMPERED=
	export SHOP_NOW=2026-11-22T10:00:00Z
	unset SHOP_CONFIG SHOP_BUSY_TIMEOUT
	cd "$BATS_TEST_TMPDIR" || return 1
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		SHOP_TEST_PGDB=t_$(printf '%s' "$BATS_TEST_TMPDIR" | cksum | cut -d' ' -f1)
		TAMPERED=
		pg -h "$SHOP_TEST_PGHOST" -d postgres \
			-c "DROP DATABASE IF EXISTS $SHOP_TEST_PGDB" \
			-c "DROP DATABASE IF EXISTS ${SHOP_TEST_PGDB}_t" \
			-c "CREATE DATABASE $SHOP_TEST_PGDB TEMPLATE template0" || return 1
		export SHOP_DB="postgresql:///$SHOP_TEST_PGDB?host=$SHOP_TEST_PGHOST"
	else
		export SHOP_DB="$BATS_TEST_TMPDIR/shop.db"
	fi
}

# psql on the test server, quiet (no notices)
pg() {
	PGOPTIONS='-c client_min_messages=warning' psql -X -q -v ON_ERROR_STOP=1 "$@"
}

# schema_version: the schema version of the test's database;
# set_schema_version N: set it (to prove a newer database is refused).
schema_version() {
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		sql "SELECT value FROM meta WHERE key = 'schema_version'"
	else
		sql 'PRAGMA user_version'
	fi
}
set_schema_version() {
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		sql "UPDATE meta SET value = '$1' WHERE key = 'schema_version'"
	else
		sql "PRAGMA user_version = $1"
	fi
}

# hold_write_lock SECONDS &: another session holds what a writer needs
# (SQLite: the write lock; PostgreSQL: the tables) for SECONDS.
hold_write_lock() {
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		{ echo 'BEGIN; LOCK TABLE brand, sku, audit IN ACCESS EXCLUSIVE MODE;'; sleep "$1"; echo 'COMMIT;'; } | sql
	else
		{ echo 'BEGIN IMMEDIATE;'; sleep "$1"; echo 'COMMIT;'; } | sql
	fi
}

# tamper SQL: edit a fresh copy of the test's database the way a bug or a
# hand would, past the schema's own checks; TAMPERED names the copy (for
# --db) and sql_tampered queries it. Each call starts from the database.
tamper() {
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		pg -h "$SHOP_TEST_PGHOST" -d postgres \
			-c "DROP DATABASE IF EXISTS ${SHOP_TEST_PGDB}_t" \
			-c "CREATE DATABASE ${SHOP_TEST_PGDB}_t TEMPLATE $SHOP_TEST_PGDB" || return 1
		TAMPERED="postgresql:///${SHOP_TEST_PGDB}_t?host=$SHOP_TEST_PGHOST"
		# the checks go: the copy is there to hold what they refuse
		pg -d "$TAMPERED" -c "DO \$\$ DECLARE r record; BEGIN
			FOR r IN SELECT conrelid::regclass AS t, conname FROM pg_constraint
				WHERE contype = 'c' AND connamespace = 'public'::regnamespace LOOP
			EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.t, r.conname);
			END LOOP; END \$\$" || return 1
		pg -d "$TAMPERED" -c "SET session_replication_role = replica; $1"
	else
		cp "$SHOP_DB" "$BATS_TEST_TMPDIR/t.db" || return 1
		TAMPERED="$BATS_TEST_TMPDIR/t.db"
		sqlite3 "$TAMPERED" "PRAGMA ignore_check_constraints = ON; $1"
	fi
}
sql_tampered() {
	SHOP_DB=$TAMPERED sql "$@"
}

# sqlite_only REASON: skip a test that is about SQLite files themselves.
sqlite_only() {
	if [ "$SHOP_TEST_BACKEND" != sqlite ]; then
		skip "SQLite only: $1"
	fi
}

# Nothing lost: after every test that made a database, the catalogue, stock
# and money invariants hold.
teardown() {
	local tool rc=0 shopdb=1
	for tool in shop-product shop-stock shop-order shop-po shop-coupon; do
		command -v "$tool" >/dev/null 2>&1 || continue
		run "$tool" check
		# no database (3), or not a shop database left by the test (65)
		[ "$status" -eq 3 ] && { shopdb=0; break; }
		[ "$status" -eq 65 ] && { shopdb=0; break; }
		if [ "$status" -ne 0 ]; then
			echo "$tool check failed after the test:" >&2
			echo "$output" >&2
			rc=1
			break
		fi
	done
	# every write the test made says in the audit log what it changed
	# (SPEC §2 "Audit")
	if [ $shopdb = 1 ]; then
		run sql "SELECT program || ' ' || argv FROM audit WHERE summary = '' ORDER BY id"
		if [ -n "$output" ]; then
			echo "audit rows without a summary:" >&2
			echo "$output" >&2
			rc=1
		fi
	fi
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		pg -h "$SHOP_TEST_PGHOST" -d postgres \
			-c "DROP DATABASE IF EXISTS $SHOP_TEST_PGDB WITH (FORCE)" \
			-c "DROP DATABASE IF EXISTS ${SHOP_TEST_PGDB}_t WITH (FORCE)" || rc=1
	fi
	return $rc
}

# sql [SQL]: run SQL (the argument, else stdin) against the test's database
# and print the rows as sqlite3 does by default: columns joined by '|', no
# header. Tests read and tamper with the database only through this, so that
# a PostgreSQL branch (psql, unaligned, '|' separated, tuples only) can be
# added here for the second backend.
sql() {
	if [ $# -gt 1 ]; then
		echo "sql: one SQL string, or SQL on stdin" >&2
		return 2
	fi
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		# booleans as SQLite prints them: 1 and 0
		if [ $# -eq 0 ]; then
			pg -A -t -F '|' -d "$SHOP_DB"
		else
			pg -A -t -F '|' -d "$SHOP_DB" -c "$1"
		fi | awk -F'|' -v OFS='|' '{ for (i = 1; i <= NF; i++) { if ($i == "t") $i = 1; else if ($i == "f") $i = 0 } print }'
		return "${PIPESTATUS[0]}"
	elif [ $# -eq 0 ]; then
		sqlite3 -batch "$SHOP_DB"
	else
		sqlite3 -batch "$SHOP_DB" "$1"
	fi
}

# expect: compare $output with the text on stdin, showing both on mismatch.
expect() {
	local want
	want=$(cat)
	if [ "$output" != "$want" ]; then
		printf -- '--- expected\n%s\n--- actual\n%s\n' "$want" "$output" >&2
		return 1
	fi
}
