# helper.bash - loaded by every bats file: a fresh database per test, a fixed
# clock, the built binaries first on PATH, and the invariant check after.
bats_require_minimum_version 1.5.0

setup() {
	export SHOP_DB="$BATS_TEST_TMPDIR/shop.db"
	export SHOP_NOW=2026-11-22T10:00:00Z
	unset SHOP_CONFIG SHOP_BUSY_TIMEOUT
	cd "$BATS_TEST_TMPDIR" || return 1
}

# Nothing lost: after every test that made a database, the catalogue and
# stock invariants hold.
teardown() {
	local tool
	[ -f "$SHOP_DB" ] || return 0
	for tool in shop-product shop-stock; do
		command -v "$tool" >/dev/null 2>&1 || continue
		run "$tool" check
		if [ "$status" -ne 0 ]; then
			echo "$tool check failed after the test:" >&2
			echo "$output" >&2
			return 1
		fi
	done
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
	if [ $# -eq 0 ]; then
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
