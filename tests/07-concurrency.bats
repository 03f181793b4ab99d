#!/usr/bin/env bats
# Concurrent writers on one database (SPEC §2 "PostgreSQL": correctness
# never leans on SQLite's single writer): processes that write the same
# natural keys at once never duplicate them and never fail with a bug
# (70); one applies, the others skip or are told to retry (75), and a
# retry skips.
load helper

# run N copies of a command at once; their exit codes, sorted, in codes
all_at_once() {
	local n=$1 i pids=() st
	shift
	for i in $(seq 1 "$n"); do
		"$@" >/dev/null 2>"err.$i" &
		pids+=($!)
	done
	codes=
	for i in "${pids[@]}"; do
		wait "$i" && st=0 || st=$?
		codes+="$st "
	done
}

# every exit code in codes is 0 or 75 (a busy retry), none a bug
only_done_or_retry() {
	local c
	for c in $codes; do
		case $c in
		0 | 75) ;;
		*) echo "exit $c: $(cat err.*)"; return 1 ;;
		esac
	done
}

@test "four imports of the same new catalogue at once: every SKU, brand and category once" {
	# 300 products over 3 brands and 4 categories (60 a brand... by hand:
	# sku Pn has brand B(n mod 3), category C(n mod 4))
	{
		echo 'sku,name,brand,category,price'
		for n in $(seq 1 300); do echo "P$n,Product $n,B$((n % 3)),Top/C$((n % 4)),1.00"; done
	} > cat.csv
	shop init -q
	all_at_once 4 shop-product -q import cat.csv
	only_done_or_retry
	# whoever was told to retry, retries: all skipped or the rest added
	run -0 shop-product -q import cat.csv
	[ "$(sql 'select count(*) from sku')" = 300 ]
	[ "$(sql 'select count(*) from brand')" = 3 ]
	[ "$(sql 'select count(*) from category')" = 5 ]
	run -0 shop-product check
}

@test "four receipts of one ref at once: applied once" {
	shop-product -q add A --name A --price 1
	shop-stock -q warehouse add W1 --name One
	all_at_once 4 shop-stock -q receive --sku A --warehouse W1 --qty 7 --ref GRN-9
	only_done_or_retry
	run -0 shop-stock -q receive --sku A --warehouse W1 --qty 7 --ref GRN-9
	[ "$(sql 'select count(*) from movement')" = 1 ]
	run -0 shop-stock levels --no-header
	[ "$output" = "A,W1,7,0,0,7,,0" ]
}

@test "first receipts of many SKUs into new stock rows at once: nothing lost" {
	shop init -q
	shop-stock -q warehouse add W1 --name One
	{
		echo 'sku,name,price'
		for n in $(seq 1 50); do echo "S$n,S$n,1"; done
	} > skus.csv
	shop-product -q import skus.csv
	# four files, each a receipt of 2 units of every SKU under its own ref
	for f in 1 2 3 4; do
		{
			echo 'sku,warehouse,qty,ref'
			for n in $(seq 1 50); do echo "S$n,W1,2,R$f"; done
		} > r$f.csv
	done
	codes=
	for f in 1 2 3 4; do shop-stock -q receive r$f.csv 2>err.$f & done
	wait
	# retry what was told to retry: a retry skips what went in
	for f in 1 2 3 4; do run -0 shop-stock -q receive r$f.csv; done
	# 4 refs x 2 units = 8 of each of the 50 SKUs
	[ "$(sql 'select count(*) from stock where on_hand = 8')" = 50 ]
	[ "$(sql 'select sum(on_hand) from stock')" = 400 ]
	run -0 shop-stock check
}
