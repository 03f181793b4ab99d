#!/usr/bin/env bats
# shop-stock and issue 6: the man page and --help say what each command and
# option does (item 15), look-alike warehouse codes and refs are refused
# (item 23), a stocktake whose report cannot be written counts nothing
# (item 12), reads need a database, typed options.
load helper

MAN=$BATS_TEST_DIRNAME/../share/man/man1/shop-stock.1

seed() {
	shop-product -q add A --name "Widget A" --price 1
	shop-product -q add B --name "Widget B" --price 1
	shop-stock -q warehouse add W1 --name One --priority 1
	shop-stock -q warehouse add W2 --name Two --priority 2
	printf 'sku,warehouse,qty,ref\nA,W1,10,GRN-1\nB,W1,5,GRN-1\n' | shop-stock -q receive
}

# the man page as text: groff's \- is -, \e is \
man_text() {
	sed -e 's/\\-/-/g' -e 's/\\e/\\/g' "$MAN"
}

# "warehouse add" style names, from the tool's completion words
subcommands() {
	local w s x
	for w in $(shop-stock __complete | cut -f1 | grep -v '^[-:]'); do
		s=$(shop-stock __complete "$w" | cut -f1 | grep -v '^[-:]' || true)
		if [ -n "$s" ]; then
			for x in $s; do echo "$w $x"; done
		else
			echo "$w"
		fi
	done
}

@test "item 15: shop-stock(1) EXAMPLES run only commands and options that exist" {
	local line seg n=0
	# the examples, continuation lines joined, one pipeline a line
	man_text | sed -n '/^\.EX/,/^\.EE/p' | sed '1d;$d' | sed -e ':a' -e '/\\$/N; s/\\\n *//; ta' > examples
	[ "$(wc -l < examples)" -ge 8 ]
	while read -r line; do
		IFS='|' read -ra segs <<< "$line"
		for seg in "${segs[@]}"; do
			seg=${seg%%>*}
			# every tool named is installed, every subcommand and option known
			run -0 --separate-stderr eval "$seg --help"
			[[ ${lines[0]} == usage:* ]] || { echo "not a usage: $seg"; return 1; }
			n=$((n + 1))
		done
	done < examples
	[ "$n" -ge 8 ]
}

@test "item 15: shop-stock(1) has every subcommand in its synopsis and every long option" {
	local c o syn
	syn=$(man_text | sed -n '/^\.SH SYNOPSIS/,/^\.SH DESCRIPTION/p')
	while read -r c; do
		grep -qx "\.B shop-stock $c" <<< "$syn" || { echo "synopsis lacks '$c'"; return 1; }
		for o in $(shop-stock __complete $c | cut -f1 | grep '^--'); do
			man_text | grep -q -- "$o\b" || { echo "shop-stock.1 lacks $o ($c)"; return 1; }
		done
	done < <(subcommands)
}

@test "item 15: receive --help says what each option does for receive" {
	run -0 shop-stock receive --help
	[ "${lines[0]}" = "usage: shop-stock receive [OPTIONS] [FILE]" ]
	[[ $output == *"one line: --sku, --warehouse, --qty and --ref (all required), --note."* ]]
	[[ $output == *"FILE columns: sku, warehouse, qty, ref, optional note; qty 1 to 1000000000."* ]]
	[[ $output == *"--sku SKU              receive one line of this SKU (instead of a FILE)"* ]]
	[[ $output == *"--warehouse CODE       the warehouse that receives it"* ]]
	[[ $output == *"--qty N                units received, 1 to 1000000000"* ]]
	[[ $output == *"--ref REF              the delivery's ref (a delivery note's number)"* ]]
	run -0 shop-stock adjust --help
	[[ $output == *"--qty N                signed change of on_hand, not 0 (-3: three fewer)"* ]]
	run -0 shop-stock transfer --help
	[[ $output == *"--from CODE            the warehouse it leaves (from what is available)"* ]]
	[[ $output == *"--to CODE              the warehouse it enters"* ]]
}

@test "item 15: reorder import --help names its columns and what they mean" {
	run -0 shop-stock reorder import --help
	[ "${lines[0]}" = "usage: shop-stock reorder import [OPTIONS] [FILE]" ]
	[ "${lines[1]}" = "set reorder rules from CSV, one per sku and warehouse" ]
	[ "${lines[2]}" = "columns: sku, warehouse, reorder_point, and either target (order up to this" ]
	[ "${lines[3]}" = "level, not below reorder_point) or order_qty (order this much); optional" ]
	[ "${lines[4]}" = "supplier and lead_days (without those columns the stored values stay)." ]
}

@test "item 15: required options are declared: missing ones are usage errors" {
	run -2 shop-stock warehouse add SH
	[ "$output" = "shop-stock: missing --name (see 'shop-stock warehouse add --help')" ]
	run -2 shop-stock pool create P --sku A --warehouse W1
	[ "$output" = "shop-stock: missing --qty (see 'shop-stock pool create --help')" ]
}

@test "item 23: a warehouse code with a BOM, NBSP, zero-width space or blank end is refused" {
	run -65 shop-stock warehouse add $'\xef\xbb\xbfSH' --name Shanghai
	[ "$output" = $'shop-stock: bad warehouse code \'\xef\xbb\xbfSH\': invisible or formatting character' ]
	run -65 shop-stock warehouse add $'S\xc2\xa0H' --name Shanghai
	[ "$output" = $'shop-stock: bad warehouse code \'S\xc2\xa0H\': invisible or formatting character' ]
	run -65 shop-stock warehouse add $'SH\xe2\x80\x8b' --name Shanghai
	[ "$output" = $'shop-stock: bad warehouse code \'SH\xe2\x80\x8b\': invisible or formatting character' ]
	run -65 shop-stock warehouse add "SH " --name Shanghai
	[ "$output" = "shop-stock: bad warehouse code 'SH ': blank at the start or end" ]
	run -65 shop-stock warehouse add $'S\tH' --name Shanghai
	[[ $output == "shop-stock: bad warehouse code 'S"?"H': control character" ]]
	run -0 shop-stock warehouse add SH --name Shanghai
	run -0 shop-stock warehouse list --no-header
	[ "$output" = "SH,Shanghai,,100" ]
}

@test "item 23: warehouse import rejects look-alike codes, the good rows go in" {
	printf 'code,name\n\xef\xbb\xbfSH,Shanghai\nSH,Shanghai\nGZ\xe2\x80\x8b,Guangzhou\n' > wh.csv
	run -1 --separate-stderr shop-stock warehouse import wh.csv
	# a BOM is dropped only at the very start of the file: this one is in a code
	[ "$stderr" = $'shop-stock: wh.csv:2: bad warehouse code \'\xef\xbb\xbfSH\': invisible or formatting character\nshop-stock: wh.csv:4: bad warehouse code \'GZ\xe2\x80\x8b\': invisible or formatting character\nshop-stock: imported 1 warehouse, skipped 0, rejected 2' ]
	run -0 shop-stock warehouse list --no-header
	[ "$output" = "SH,Shanghai,,100" ]
}

@test "item 23: a ref with an invisible character is refused, one line or a file" {
	seed
	run -65 shop-stock receive --sku A --warehouse W1 --qty 1 --ref $'GRN-1\xe2\x80\x8b'
	[ "$output" = $'shop-stock: bad --ref \'GRN-1\xe2\x80\x8b\': invisible or formatting character' ]
	run -65 shop-stock adjust --sku A --warehouse W1 --qty -1 --ref " DMG-1"
	[ "$output" = "shop-stock: bad --ref ' DMG-1': blank at the start or end" ]
	run -65 shop-stock count import --ref $'CNT\xc2\xa01' /dev/null
	[ "$output" = $'shop-stock: bad --ref \'CNT\xc2\xa01\': invisible or formatting character' ]
	# GRN-1 with a zero-width space is not a re-send of GRN-1
	printf 'sku,warehouse,qty,ref\nA,W1,10,GRN-1\xe2\x80\x8b\nB,W2,2,GRN-2\n' > in.csv
	run -1 --separate-stderr shop-stock receive in.csv
	[ "$stderr" = $'shop-stock: in.csv:2: bad ref \'GRN-1\xe2\x80\x8b\': invisible or formatting character\nshop-stock: imported 1 movement, skipped 0, rejected 1' ]
	printf 'sku,from,to,qty,ref\nA,W1,W2,1,\xef\xbb\xbfTR-1\n' > tr.csv
	run -1 --separate-stderr shop-stock transfer tr.csv
	[ "$stderr" = $'shop-stock: tr.csv:2: bad ref \'\xef\xbb\xbfTR-1\': invisible or formatting character\nshop-stock: imported 0 transfers, skipped 0, rejected 1' ]
	run -65 shop-stock pool create $'flash\xc2\xa0' --sku A --warehouse W1 --qty 1
	[ "$output" = $'shop-stock: bad pool name \'flash\xc2\xa0\': invisible or formatting character' ]
	run -0 shop-stock levels --no-header
	expect <<-EOF
	A,W1,10,0,0,10,,0
	B,W1,5,0,0,5,,0
	B,W2,2,0,0,2,,0
	EOF
}

@test "item 12: a stocktake whose report cannot be written counts nothing, exit 74" {
	seed
	printf 'sku,warehouse,counted\nA,W1,8\nB,W1,7\n' > counts.csv
	run -74 --separate-stderr bash -c 'shop-stock count import counts.csv >/dev/full'
	[ "${stderr_lines[-1]}" = "shop-stock: cannot write standard output: No space left on device; nothing changed" ]
	run -0 shop-stock moves --type count_variance
	[ "$output" = "id,at,type,sku,warehouse,qty,ref,doc,note,user" ]
	run -0 shop-stock levels --no-header
	expect <<-EOF
	A,W1,10,0,0,10,,0
	B,W1,5,0,0,5,,0
	EOF
	# a report as a table is written whole at the end: the same
	run -74 bash -c 'shop-stock count import --format table counts.csv >/dev/full'
	run -0 shop-stock moves --type count_variance --no-header
	[ -z "$output" ]
	# and once stdout takes it, the same file counts: 10 -> 8 is -2, 5 -> 7 is +2
	run -0 --separate-stderr shop-stock count import counts.csv
	expect <<-EOF
	sku,warehouse,on_hand,counted,variance
	A,W1,10,8,-2
	B,W1,5,7,2
	EOF
}

@test "reads need a database: exit 3 and none is created" {
	run -3 shop-stock levels
	[ "$output" = "shop-stock: no database '$SHOP_DB' (create it with 'shop init')" ]
	run -3 shop-stock moves
	run -3 shop-stock warehouse list
	[ ! -e "$SHOP_DB" ]
}

@test "typed options: malformed values are exit 65, unknown words exit 2" {
	seed
	run -65 shop-stock warehouse add W3 --name Three --priority 1000001
	[ "$output" = "shop-stock: bad --priority '1000001': out of range" ]
	run -65 shop-stock moves --until 2026-13-01
	[[ $output == "shop-stock: bad --until '2026-13-01': "* ]]
	run -2 shop-stock moves --type Receipt
	[[ $output == "shop-stock: unknown --type 'Receipt' (did you mean 'receipt'?; receipt, shipment, "* ]]
	run -65 shop-stock pool create P --sku A --warehouse W1 --qty 1e3
	[ "$output" = "shop-stock: bad --qty '1e3': not a whole number" ]
	run -0 shop-stock pool list --no-header
	[ -z "$output" ]
}

@test "levels: on_order is 0 for every row until shop-po keeps purchase orders" {
	seed
	printf 'sku,warehouse,reorder_point,order_qty\nA,W2,1,5\n' | shop-stock -q reorder import
	run -0 shop-stock levels --below-reorder --no-header
	[ "$output" = "A,W2,0,0,0,0,1,0" ]
}
