#!/usr/bin/env bats
# The README's newcomer path, as written there, works: the shell block under
# "From nothing to a listed catalogue" runs (all but its `make`), prints the
# summaries its comments promise, and ends with a listed catalogue.
load helper

@test "README: from nothing to a listed catalogue" {
	local readme=$BATS_TEST_DIRNAME/../README.md
	ln -s "$BATS_TEST_DIRNAME/../share" share
	sed -n '/^## From nothing to a listed catalogue/,/^```$/p' "$readme" |
		sed -n '/^```sh$/,/^```$/p' | grep -v '^```' | grep -v '^make' > path.sh
	[ "$(wc -l < path.sh)" -gt 10 ]
	# the PATH line names ./bin: the built binaries are already first on PATH
	run -0 --separate-stderr bash -e path.sh
	[ "${stderr_lines[0]}" = "shop-product: imported 8 products, skipped 0, rejected 0" ]
	[ "${stderr_lines[1]}" = "shop-product: imported 0 products, skipped 8, rejected 0" ]
	# what the comments under the commands say is what they print
	grep -q '^#   shop-product: imported 8 products, skipped 0, rejected 0$' path.sh
	grep -q '^#   shop-product: imported 0 products, skipped 8, rejected 0$' path.sh
	[[ $output == *"IP7P-128-SLV   iPhone 7 Plus 128G 银色"* ]]
	SHOP_DB=$PWD/my.db run -0 shop-product list --no-header
	[ "${#lines[@]}" -eq 8 ]
	SHOP_DB=$PWD/my.db run -0 shop-stock levels --sku IP7P-128-SLV --no-header
	[ "$output" = $'IP7P-128-SLV,BJ,5,0,0,5,,0\nIP7P-128-SLV,SH,40,0,0,40,,0' ]
}
