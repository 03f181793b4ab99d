# helper.bash - loaded by every bats file: a fresh database per test, a fixed
# clock, the built binaries first on PATH, and the invariant check after.
bats_require_minimum_version 1.5.0

# The backend under test: sqlite (a file per test) or pg (a database per
# test on the server tests/run.sh started, its socket in SHOP_TEST_PGHOST).
SHOP_TEST_BACKEND=${SHOP_TEST_BACKEND:-sqlite}

setup() {
	export SHOP_NOW=2026-11-22T10:00:00Z
	unset SHOP_CONFIG SHOP_BUSY_TIMEOUT
	cd "$BATS_TEST_TMPDIR" || return 1
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		SHOP_TEST_PGDB=t_$(printf '%s' "$BATS_TEST_TMPDIR" | cksum | cut -d' ' -f1)
		psql -X -q -h "$SHOP_TEST_PGHOST" -d postgres \
			-c "DROP DATABASE IF EXISTS $SHOP_TEST_PGDB" \
			-c "CREATE DATABASE $SHOP_TEST_PGDB TEMPLATE template0" || return 1
		export SHOP_DB="postgresql:///$SHOP_TEST_PGDB?host=$SHOP_TEST_PGHOST"
	else
		export SHOP_DB="$BATS_TEST_TMPDIR/shop.db"
	fi
}

# sqlite_only REASON: skip a test that is about SQLite files themselves.
sqlite_only() {
	if [ "$SHOP_TEST_BACKEND" != sqlite ]; then
		skip "SQLite only: $1"
	fi
}

# Nothing lost: after every test that made a database, the catalogue and
# stock invariants hold.
teardown() {
	local tool rc=0
	for tool in shop-product shop-stock; do
		command -v "$tool" >/dev/null 2>&1 || continue
		run "$tool" check
		# no database (3), or not a shop database left by the test (65)
		[ "$status" -eq 3 ] && break
		[ "$status" -eq 65 ] && break
		if [ "$status" -ne 0 ]; then
			echo "$tool check failed after the test:" >&2
			echo "$output" >&2
			rc=1
			break
		fi
	done
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		psql -X -q -h "$SHOP_TEST_PGHOST" -d postgres \
			-c "DROP DATABASE IF EXISTS $SHOP_TEST_PGDB WITH (FORCE)" || rc=1
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
		if [ $# -eq 0 ]; then
			psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -d "$SHOP_DB"
		else
			psql -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -d "$SHOP_DB" -c "$1"
		fi
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
