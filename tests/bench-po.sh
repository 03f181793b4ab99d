# bench-po.sh - sourced by tests/bench.sh (make bench): purchase orders.
# (a) 100,000 PO lines (BENCH_PO_POS POs of 100 lines over 100,000 SKUs, one
# supplier with an item for each) through `shop-po import`, and (b) a
# delivery of 1,000,000 rows (10 for each line of a PO of
# BENCH_PO_RECEIVE_LINES lines) through `shop-po receive`, each against
# sqlite3's .import of the same file (target ratio <= 3 both). The ledger
# check (`shop check`) must hold on both databases afterwards.

# po_catalogue DB N: N SKUs, warehouse W1, supplier SUP1 selling each of them
po_catalogue() {
	awk -v n="$2" 'BEGIN { print "sku,name,price,cost,status"
		for (i = 0; i < n; i++) printf "P%06d,Part %d,%d.00,%d.%02d,active\n", i, i, 5 + i % 50, 1 + i % 20, i % 100 }' |
		shop-product --db "$1" -q import
	printf 'code,name\nW1,One\n' | shop-stock --db "$1" -q warehouse import
	printf 'code,name,lead_days\nSUP1,Supplier One,7\n' | shop-po --db "$1" -q supplier import
	awk -v n="$2" 'BEGIN { print "supplier,sku,supplier_sku,cost"
		for (i = 0; i < n; i++) printf "SUP1,P%06d,X%06d,%d.%02d\n", i, i, 1 + i % 17, i % 100 }' |
		shop-po --db "$1" -q supplier items import
}
# po_import_file N FILE: N POs of 100 lines, every tenth line at a cost
# given, the POs' rows interleaved two by two (grouped by po_ref wherever
# they are)
po_import_file() {
	awk -v n="$1" 'BEGIN { print "po_ref,supplier,warehouse,sku,qty,cost"
		for (p = 0; p < n; p += 2)
			for (l = 0; l < 100; l++)
				for (q = p; q < p + 2 && q < n; q++)
					printf "R%05d,SUP1,W1,P%06d,%d,%s\n", q, q * 100 + l, 1 + l % 9,
						l % 10 ? "" : sprintf("%d.25", 2 + l % 7)
	}' > "$2"
}
# po_big_file N FILE: one PO (BIG) of N lines of 10 units
po_big_file() {
	awk -v n="$1" 'BEGIN { print "po_ref,supplier,warehouse,sku,qty"
		for (i = 0; i < n; i++) printf "BIG,SUP1,W1,P%06d,10\n", i }' > "$2"
}
# po_delivery_file N FILE: its delivery, 10 rows of 1 unit for every line,
# by sku, in the order the goods were unpacked (not the PO's)
po_delivery_file() {
	awk -v n="$1" 'BEGIN { print "sku,qty"
		for (r = 0; r < 10; r++)
			for (i = 0; i < n; i++) printf "P%06d,1\n", (i * 7919 + r) % n }' > "$2"
}
# po_check DB...: the books balance (shop check), or the bench fails
po_check() {
	for d in "$@"; do
		if ! shop --db "$d" check >"$work/po-check.out" 2>&1; then
			echo "bench: shop check fails on $d:" >&2
			cat "$work/po-check.out" >&2
			exit 1
		fi
	done
}

po_pos=${BENCH_PO_POS:-1000}
po_rlines=${BENCH_PO_RECEIVE_LINES:-100000}
po_skus=$((po_pos * 100 > po_rlines ? po_pos * 100 : po_rlines))
potpl=$work/po-template.db
rm -f "$potpl" "$potpl-wal" "$potpl-shm"
shop init -q --db "$potpl"
po_catalogue "$potpl" "$po_skus"

# --- (a) shop-po import
pif=$work/po-import.csv
po_import_file "$po_pos" "$pif"
baseline "$pif"
measure po-import --fresh "$work/poi.db" "$potpl" shop-po --db "$work/poi.db" import "$pif"
report "shop-po import ($((po_pos * 100 / 1000))k lines)" $((po_pos * 100))
measure po-reimport shop-po --db "$work/poi.db" import "$pif"
report "  re-run, all skipped" $((po_pos * 100))

# --- (b) shop-po receive: one PO of po_rlines lines, submitted, and its
# delivery of ten times as many rows
po_big_file "$po_rlines" "$work/po-big.csv"
rtpl=$work/po-receive-template.db
cp "$potpl" "$rtpl"
shop-po --db "$rtpl" -q import "$work/po-big.csv"
bigpo=$(shop-po --db "$rtpl" list --no-header | awk -F, '$2 == "BIG" { print $1 }')
shop-po --db "$rtpl" -q submit "$bigpo"
prf=$work/po-delivery.csv
po_delivery_file "$po_rlines" "$prf"
baseline "$prf"
measure po-receive --fresh "$work/por.db" "$rtpl" \
	shop-po --db "$work/por.db" receive "$bigpo" "$prf" --ref D1
report "shop-po receive ($((po_rlines * 10 / 1000))k rows)" $((po_rlines * 10))
measure po-rereceive shop-po --db "$work/por.db" receive "$bigpo" "$prf" --ref D1
report "  re-run, skipped" $((po_rlines * 10))

# the books must balance after all of it
po_check "$work/poi.db" "$work/por.db"
rm -f "$potpl" "$rtpl"
