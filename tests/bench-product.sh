# bench-product.sh - sourced by tests/bench.sh (make bench): 100,000 SKUs
# through `shop-product import`, against sqlite3 .import of the same file.
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
measure product-import --fresh "$work/p.db" - shop-product --db "$work/p.db" import "$f"
report "shop-product import (100k SKUs)" $n
measure product-reimport shop-product --db "$work/p.db" import "$f"
report "  re-import, all skipped" $n
measure product-export shop-product --db "$work/p.db" export
report "  export" $n

# memory stays flat as the file grows: ten times the rows, the same peak
# (SQLite's page cache is 64 MB; a bulk load keeps 4 bytes per SKU id)
f1m=$work/products-1m.csv
if [ ! -s "$f1m" ] || [ "$(wc -l < "$f1m")" -ne 1000001 ]; then
	awk 'BEGIN { print "sku,name,price,category"
		for (i = 1; i <= 1000000; i++)
			printf "SKU-%07d,Product %d,%d.00,Dept %d\n", i, i, 1 + i % 900, i % 20 }' > "$f1m"
fi
baseline "$f1m"
measure product-import-1m --fresh "$work/p1m.db" - shop-product --db "$work/p1m.db" import "$f1m"
report "shop-product import (1M SKUs)" 1000000
