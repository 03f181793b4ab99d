#!/usr/bin/env bats
# Every binary and every subcommand answers --help with its usage on stdout
# and exit 0, has a man page that names each subcommand, and refuses a bad
# option with a one-line hint and exit 2.
load helper

tools() {
	for t in shop shop-product shop-stock shop-order shop-po shop-coupon shop-report; do
		command -v "$t" >/dev/null && echo "$t"
	done
}

# "brand add" style names, from the tool's own completion words
subcommands() {
	local t=$1 w s
	for w in $("$t" __complete | grep -v '^-'); do
		s=$("$t" __complete "$w" | grep -v '^-' || true)
		if [ -n "$s" ]; then
			for x in $s; do echo "$w $x"; done
		else
			echo "$w"
		fi
	done
}

@test "every binary: --help and --version" {
	for t in $(tools); do
		run -0 "$t" --help
		[[ ${lines[0]} == "usage: $t [OPTIONS] COMMAND [ARGS]" ]]
		run -0 "$t" --version
		[ "$output" = "$t 0.1.0" ]
	done
}

@test "every subcommand: --help prints its usage on stdout, exit 0" {
	for t in $(tools); do
		while read -r c; do
			# "shop product ..." hands over to shop-product, tested there
			case "$t:$c" in shop:product|shop:stock) continue ;; esac
			run -0 --separate-stderr "$t" $c --help
			[[ ${lines[0]} == "usage: $t $c [OPTIONS]"* ]] || { echo "$t $c: ${lines[0]}"; return 1; }
			[ -z "$stderr" ]
		done < <(subcommands "$t")
	done
}

@test "every binary has a man page naming each of its subcommands" {
	local man=$BATS_TEST_DIRNAME/../share/man
	[ -f "$man/man7/shop.7" ]
	for t in $(tools); do
		[ -f "$man/man1/$t.1" ] || { echo "no man page for $t"; return 1; }
		while read -r c; do
			grep -q -- "$c" "$man/man1/$t.1" || { echo "$t.1 does not name '$c'"; return 1; }
		done < <(subcommands "$t")
	done
}

@test "a bad option is a one-line hint and exit 2" {
	run -2 --separate-stderr shop-product brand list --bogus
	[ "$stderr" = "shop-product: unknown option '--bogus' (see 'shop-product brand list --help')" ]
	[ -z "$output" ]
	run -2 --separate-stderr shop-product frobnicate
	[ "$stderr" = "shop-product: unknown command 'frobnicate' (see 'shop-product --help')" ]
	run -2 --separate-stderr shop-product brand list --format xml
	[ "$stderr" = "shop-product: unknown format 'xml' (csv, tsv, jsonl or table) (see 'shop-product brand list --help')" ]
	run -2 --separate-stderr shop-product
	[[ ${stderr_lines[0]} == "usage: shop-product [OPTIONS] COMMAND [ARGS]" ]]
}

@test "common options work before and after the subcommand" {
	run -0 shop-product --db other.db brand add Acme
	run -0 shop-product brand list --db other.db --no-header
	[ "$output" = "Acme,0" ]
	run -0 shop-product --no-header --db other.db brand list
	[ "$output" = "Acme,0" ]
	[ ! -e shop.db ]
}

@test "the database is created 0600 and a stricter umask wins" {
	umask 022
	run -0 shop init
	[ "$(stat -c %a shop.db)" = 600 ]
	umask 077
	run -0 shop --db strict.db init
	[ "$(stat -c %a strict.db)" = 600 ]
	umask 0277
	run -0 shop --db stricter.db init
	[ "$(stat -c %a stricter.db)" = 400 ]
}

@test "SHOP_DB picks the database; a bad SHOP_NOW is a usage error" {
	SHOP_DB=$BATS_TEST_TMPDIR/env.db run -0 shop-product brand add Env
	[ -f env.db ]
	SHOP_NOW=yesterday run -2 --separate-stderr shop-product brand list
	[ "$stderr" = "shop-product: bad SHOP_NOW 'yesterday': not a timestamp (use 2026-11-22T10:00:00Z)" ]
}

@test "shop front: runs the tools, init, log" {
	run -0 --separate-stderr shop init
	[ "$stderr" = "shop: database '$SHOP_DB' is ready (schema version $(sqlite3 "$SHOP_DB" 'pragma user_version'))" ]
	run -0 shop product brand add Acme
	run -0 shop --db "$SHOP_DB" product brand list
	[ "$output" = $'brand,skus\nAcme,0' ]
	run -0 shop log
	expect <<-EOF
	at,user,program,argv,summary
	2026-11-22T10:00:00Z,$(id -un),shop-product,shop-product brand add Acme,brand add 'Acme'
	EOF
}
