# bench-stock.sh - sourced by tests/bench.sh (make bench): 1,000,000
# receipts from one CSV through `shop-stock receive`, timed against sqlite3's .import of the same file
# into a fresh database in the same run (target ratio <= 3), with the peak
# memory (target: flat, under 100 MB); then the re-run (all skipped), the
# invariant check and the levels over that ledger.

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
# the catalogue and warehouses once, copied fresh for each timed run
tpl=$work/stock-template.db
rm -f "$tpl" "$tpl-wal" "$tpl-shm"
awk 'BEGIN { print "sku,name,price"; for (i = 0; i < 10000; i++) printf "STK-%05d,Item %d,1\n", i, i }' |
	shop-product --db "$tpl" -q import
printf 'code,name,priority\nW1,One,1\nW2,Two,2\nW3,Three,3\nW4,Four,4\n' |
	shop-stock --db "$tpl" -q warehouse import
db=$work/stock.db
baseline "$f"
measure stock-receive --fresh "$db" "$tpl" shop-stock --db "$db" receive "$f"
report "shop-stock receive (1M rows)" $n
measure stock-rereceive shop-stock --db "$db" receive "$f"
report "  re-run, all skipped" $n
measure stock-check shop-stock --db "$db" check
report "  check over 1M movements" $n
measure stock-levels shop-stock --db "$db" levels
report "  levels" 10000
rm -f "$tpl"
