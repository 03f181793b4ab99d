#!/bin/sh
# bench-stock.sh BIN - 1,000,000 receipts from one CSV through
# `shop-stock receive`, timed against sqlite3's .import of the same file
# into a fresh database in the same run (target ratio <= 3), with the peak
# memory (target: flat, under 100 MB); then the re-run (all skipped), the
# invariant check and the levels over that ledger. Prints figures, never
# fails on time. Runs alone, or sourced by tests/bench.sh (make bench),
# which then provides measure, baseline and report.
set -eu

if [ -z "${work:-}" ] || ! command -v baseline >/dev/null 2>&1; then
	bin=$(cd "$1" && pwd)
	here=$(cd "$(dirname "$0")" && pwd)
	work=$here/.bench
	mkdir -p "$work"
	export PATH="$bin:$PATH" SHOP_NOW=2026-11-22T10:00:00Z
	unset SHOP_DB SHOP_CONFIG

	# Peak RSS from GNU time, else from getrusage in a tiny wrapper.
	if /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
		peak() { /usr/bin/time -f %M -o "$work/rss" "$@"; }
	else
		cat > "$work/maxrss.c" <<-'EOF'
		#include <stdio.h>
		#include <sys/resource.h>
		#include <sys/wait.h>
		#include <unistd.h>
		int main(int argc, char **argv) {
			struct rusage ru; int st; pid_t p;
			if (argc < 3 || (p = fork()) < 0) return 70;
			if (p == 0) { execvp(argv[2], argv + 2); _exit(127); }
			if (wait4(p, &st, 0, &ru) < 0) return 70;
			FILE *f = fopen(argv[1], "w");
			if (f) { fprintf(f, "%ld\n", ru.ru_maxrss); fclose(f); }
			return WIFEXITED(st) ? WEXITSTATUS(st) : 70;
		}
		EOF
		cc -O2 -o "$work/maxrss" "$work/maxrss.c"
		peak() { "$work/maxrss" "$work/rss" "$@"; }
	fi

	# measure NAME CMD... - run once; sets secs and kb (peak RSS)
	measure() {
		name=$1; shift
		t0=$(date +%s%N)
		peak "$@" >/dev/null 2>"$work/$name.err" || {
			echo "bench: $name failed:" >&2; cat "$work/$name.err" >&2; exit 1; }
		t1=$(date +%s%N)
		secs=$(echo "$t0 $t1" | awk '{ printf "%.3f", ($2 - $1) / 1e9 }')
		kb=$(tail -n 1 "$work/rss")
	}

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
fi

# --- shop-stock receive: 1,000,000 receipts of 10,000 SKUs in 4 warehouses,
# ten lines per delivery ref (target ratio <= 3, peak under 100 MB)
n=1000000
f=$work/receipts.csv
if [ ! -s "$f" ] || [ "$(wc -l < "$f")" -ne $((n + 1)) ]; then
	awk -v n=$n 'BEGIN {
		print "sku,warehouse,qty,ref,note"
		for (i = 0; i < n; i++)
			printf "STK-%05d,W%d,%d,GRN-%06d,%s\n", (i * 7919) % 10000, i % 4 + 1,
				i % 50 + 1, int(i / 10), i % 10 ? "" : "first line"
	}' > "$f"
fi
# the catalogue and warehouses once, copied fresh for each run
tpl=$work/stock-template.db
rm -f "$tpl" "$tpl-wal" "$tpl-shm"
awk 'BEGIN { print "sku,name,price"; for (i = 0; i < 10000; i++) printf "STK-%05d,Item %d,1\n", i, i }' |
	shop-product --db "$tpl" -q import
printf 'code,name,priority\nW1,One,1\nW2,Two,2\nW3,Three,3\nW4,Four,4\n' |
	shop-stock --db "$tpl" -q warehouse import
db=$work/stock.db
rm -f "$db" "$db-wal" "$db-shm"
cp "$tpl" "$db"
baseline "$f"
measure stock-receive shop-stock --db "$db" receive "$f"
report "shop-stock receive (1M rows)" $n
measure stock-rereceive shop-stock --db "$db" receive "$f"
report "  re-run, all skipped" $n
measure stock-check shop-stock --db "$db" check
report "  check over 1M movements" $n
measure stock-levels shop-stock --db "$db" levels
report "  levels" 10000
rm -f "$tpl"
