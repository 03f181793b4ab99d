#!/bin/sh
# bench.sh BIN - speed is held by figures printed here, never by timed
# tests. Each figure is timed against sqlite3's own .import of the same file
# into a fresh database, in the same run, so the ratio travels across
# machines. Peak memory comes from GNU time.
set -eu
bin=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$here/.bench
mkdir -p "$work"
export PATH="$bin:$PATH" SHOP_NOW=2026-11-22T10:00:00Z
unset SHOP_DB SHOP_CONFIG

# measure NAME CMD... - run once; sets secs and kb (peak RSS)
measure() {
	name=$1; shift
	t0=$(date +%s%N)
	/usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>"$work/$name.err" || {
		echo "bench: $name failed:" >&2; cat "$work/$name.err" >&2; exit 1; }
	t1=$(date +%s%N)
	secs=$(echo "$t0 $t1" | awk '{ printf "%.3f", ($2 - $1) / 1e9 }')
	kb=$(tail -n 1 "$work/rss")
}

# baseline: sqlite3 .import of FILE into a fresh database (sets base)
baseline() {
	rm -f "$work/base.db"
	measure sqlite3-import sqlite3 "$work/base.db" ".mode csv" ".import $1 t"
	base=$secs
}

report() { # report WHAT ROWS
	ratio=$(echo "$secs $base" | awk '{ printf "%.2f", $1 / $2 }')
	rate=$(echo "$2 $secs" | awk '{ printf "%.0f", $1 / $2 }')
	printf '%-34s %8ss  sqlite3 .import %6ss  ratio %5s  %8s rows/s  peak %6d KB\n' \
		"$1" "$secs" "$base" "$ratio" "$rate" "$kb"
}

# --- shop-product import: 100,000 SKUs (target ratio <= 2, flat memory)
n=100000
f=$work/products.csv
if [ ! -s "$f" ] || [ "$(wc -l < "$f")" -ne $((n + 1)) ]; then
	awk -v n=$n 'BEGIN {
		print "sku,spu,name,brand,category,attrs,price,market_price,cost,barcode,weight_g,status,backorder"
		for (i = 1; i <= n; i++) {
			spu = int((i - 1) / 4) + 1
			printf "SKU-%06d,SPU-%05d,Product %d size %d,Brand %d,Dept %d/Aisle %d,color=c%d;size=s%d,%d.%02d,%d.00,%d.50,,%d,active,%d\n",
				i, spu, spu, i % 4, i % 50, i % 10, i % 100, i % 7, i % 4,
				10 + i % 990, i % 100, 20 + i % 990, 5 + i % 500, 100 + i % 5000, i % 2
		}
	}' > "$f"
fi
baseline "$f"
rm -f "$work/p.db"
measure product-import shop-product --db "$work/p.db" import "$f"
report "shop-product import (100k SKUs)" $n
measure product-reimport shop-product --db "$work/p.db" import "$f"
report "  re-import, all skipped" $n
measure product-export shop-product --db "$work/p.db" export
report "  export" $n

# --- further benches of other tools
for b in "$here"/bench-*.sh; do
	[ -f "$b" ] || continue
	. "$b"
done
