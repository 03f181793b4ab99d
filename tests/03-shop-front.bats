#!/usr/bin/env bats
# shop: the front of the family (log filters, check, dispatch errors).
load helper

setup_log() {
	shop-product brand add Acme
	SHOP_NOW=2026-11-23T10:00:00Z shop-stock warehouse add W1 --name One
}

@test "shop log filters by time, program and count" {
	setup_log
	run -0 shop log --since 2026-11-23
	[ "$output" = "at,user,program,argv,summary
2026-11-23T10:00:00Z,$(id -un),shop-stock,shop-stock warehouse add W1 --name One,warehouse add 'W1'" ]
	run -0 shop log --program shop-product --no-header
	[ "$output" = "2026-11-22T10:00:00Z,$(id -un),shop-product,shop-product brand add Acme,brand add 'Acme'" ]
	run -0 shop log --limit 1 --no-header --format tsv
	[ "$output" = "2026-11-23T10:00:00Z	$(id -un)	shop-stock	shop-stock warehouse add W1 --name One	warehouse add 'W1'" ]
}

@test "shop log refuses a bad time or count" {
	run -65 --separate-stderr shop log --since junk
	[ "$stderr" = "shop: bad --since 'junk': not a timestamp (use 2026-11-22T10:00:00Z)" ]
	run -65 --separate-stderr shop log --limit 0
	[ "$stderr" = "shop: bad --limit '0': out of range" ]
}

@test "shop check passes on a sound database and fails, naming the breach, on a broken one" {
	shop-product add X --name X --price 1
	shop-stock warehouse add W1 --name One
	shop-stock receive --sku X --warehouse W1 --qty 5 --ref R1
	run -0 shop check
	[ -z "$output" ]
	sql "UPDATE stock SET on_hand = 7"
	run -1 --separate-stderr shop check
	[ "$output" = "sku 'X' in warehouse 'W1': on_hand is 7 but its movements sum to 5" ]
	[ "$stderr" = "shop-stock: 1 stock invariant violation" ]
	sql "UPDATE stock SET on_hand = 5"
}

@test "shop: an unknown tool or command is a usage error" {
	run -2 --separate-stderr shop frob
	[ "$stderr" = "shop: unknown command 'frob' (see 'shop --help')" ]
	run -0 shop --help
	[[ $output == *"product ARGS..."*"run shop-product ARGS"* ]]
}

@test "shop help is shop --help; shop help TOOL [COMMAND] is that tool's --help" {
	run -0 shop --help
	local want=$output
	run -0 --separate-stderr shop help
	[ "$output" = "$want" ]
	run -0 shop-product list --help
	want=$output
	run -0 --separate-stderr shop help product list
	[ "$output" = "$want" ]
	[ -z "$stderr" ]
	run -0 shop-stock --help
	want=$output
	run -0 shop help stock
	[ "$output" = "$want" ]
	run -0 shop help product brand add
	[ "${lines[0]}" = "usage: shop-product brand add [OPTIONS] NAME..." ]
	run -0 shop --help
	[[ $output == *"help [TOOL [COMMAND]]"*"this help, or a command's: shop help product list"* ]]
}

@test "shop: a tool that is not installed says so, exit 2" {
	local tool
	for tool in order po coupon report; do
		command -v "shop-$tool" >/dev/null && continue
		if [ -e "$(dirname "$(command -v shop)")/shop-$tool" ]; then continue; fi
		run -2 --separate-stderr shop "$tool" list
		[ "$stderr" = "shop: shop-$tool is not installed" ]
		[ -z "$output" ]
		run -2 --separate-stderr shop help "$tool"
		[ "$stderr" = "shop: shop-$tool is not installed" ]
	done
}
