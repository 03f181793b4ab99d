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

# expect: compare $output with the text on stdin, showing both on mismatch.
expect() {
	local want
	want=$(cat)
	if [ "$output" != "$want" ]; then
		printf -- '--- expected\n%s\n--- actual\n%s\n' "$want" "$output" >&2
		return 1
	fi
}
