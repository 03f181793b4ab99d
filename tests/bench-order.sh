# bench-order.sh - sourced by tests/bench.sh (make bench): the main job.
# 1,000,000 order lines (100,000 orders x 10 lines over 50,000 SKUs and
# 5,000 customers, stock in one warehouse) through `shop-order import`
# with full validation, pricing and reservations, against a sqlite3-shell
# pipeline over the same template database and file that does less work:
# .import into a staging table, then INSERT ... SELECT of the orders, the
# lines and the reservations and one UPDATE of the reserved quantities
# (target ratio <= 1.5, peak under 100 MB and flat as the file grows).
n_orders=${BENCH_ORDERS:-100000}
of=$work/orders.csv
if [ ! -s "$of" ] || [ "$(wc -l < "$of")" -ne $((n_orders * 10 + 1)) ]; then
	awk -v n="$n_orders" 'BEGIN { print "order_ref,customer,sku,qty"
		for (o = 0; o < n; o++)
			for (l = 0; l < 10; l++)
				printf "R%06d,C%04d,S%05d,%d\n", o, o % 5000, (o * 7 + l * 4999) % 50000, 1 + l
	}' > "$of"
fi
otpl=$work/order-template.db
rm -f "$otpl" "$otpl-wal" "$otpl-shm"
shop init -q --db "$otpl"
awk 'BEGIN { print "sku,name,price,status"
	for (i = 0; i < 50000; i++) printf "S%05d,Item %d,%d.%02d,active\n", i, i, 1 + i % 100, i % 100 }' |
	shop-product --db "$otpl" -q import
awk 'BEGIN { print "code,name,terms"
	for (i = 0; i < 5000; i++) printf "C%04d,Customer %d,%s\n", i, i, i % 2 ? "credit" : "prepaid" }' |
	shop-order --db "$otpl" -q customer import
printf 'code,name\nW1,One\n' | shop-stock --db "$otpl" -q warehouse import
awk 'BEGIN { print "sku,warehouse,qty,ref"
	for (i = 0; i < 50000; i++) printf "S%05d,W1,100000000,OPEN\n", i }' |
	shop-stock --db "$otpl" -q receive
# the pipeline: what a hand-written sqlite3 script would do with the file
cat > "$work/order-pipeline.sql" <<SQL
.mode csv
.import $of stage
BEGIN;
INSERT INTO orders (customer_id, order_ref, status, currency, goods_total, total, posted,
	created_at, updated_at)
SELECT c.id, s.order_ref, 'confirmed', 'CNY', SUM(k.price * s.qty), SUM(k.price * s.qty), 1,
	'2026-11-22T10:00:00Z', '2026-11-22T10:00:00Z'
FROM stage s JOIN customer c ON c.code = s.customer JOIN sku k ON k.sku = s.sku
GROUP BY c.id, s.order_ref;
INSERT INTO order_line (order_id, line, sku_id, qty, unit_price, warehouse_id)
SELECT o.id, ROW_NUMBER() OVER (PARTITION BY o.id ORDER BY s.rowid), k.id, s.qty, k.price, 1
FROM stage s JOIN customer c ON c.code = s.customer
JOIN orders o ON o.customer_id = c.id AND o.order_ref = s.order_ref JOIN sku k ON k.sku = s.sku;
INSERT INTO reservation (ref, sku_id, warehouse_id, qty, held, created_at)
SELECT 'SO-' || order_id || '/' || line, sku_id, warehouse_id, qty, qty, '2026-11-22T10:00:00Z'
FROM order_line;
UPDATE stock SET reserved = reserved + COALESCE((SELECT SUM(qty) FROM order_line l
	WHERE l.sku_id = stock.sku_id AND l.warehouse_id = stock.warehouse_id), 0);
COMMIT;
SQL
measure sqlite3-order-pipeline --fresh "$work/obase.db" "$otpl" \
	sh -c "sqlite3 '$work/obase.db' < '$work/order-pipeline.sql'"
base=$secs
pipeline=$secs
base_name="sqlite3 pipeline"
measure order-import --fresh "$work/o.db" "$otpl" shop-order --db "$work/o.db" import "$of"
report "shop-order import ($((n_orders * 10 / 1000))k lines)" $((n_orders * 10))
plain=$secs
# --- the same file with 50 live promotions (ten of each type, on SKU
# scopes and on all) and a coupon on every tenth order (a threshold coupon,
# instances issued beforehand to the customers who use them): at most 1.3
# times the import without (target), in the same run
ocf=$work/orders-coupon.csv
awk -F, -v OFS=, 'NR == 1 { print $0, "coupon"; next }
	{ o = substr($1, 2) + 0; print $0, (o % 10 == 0 ? "B10" : "") }' "$of" > "$ocf"
octpl=$work/order-coupon-template.db
cp "$otpl" "$octpl"
awk 'BEGIN { for (i = 0; i < 10; i++) {
	printf "- code: TH%d\n  type: threshold\n  tier: [%d:%d, %d:%d]\n", i, 500 + i, 5, 2000 + i, 30
	printf "- code: PC%d\n  type: percent\n  value: %d\n  scope: sku:", i, 1 + i
	for (k = 0; k < 20; k++) printf "%sS%05d", k ? "," : "", (i * 997 + k * 2503) % 50000
	printf "\n- code: NF%d\n  type: nform\n  buy: 3\n  pay: 2\n  scope: sku:", i
	for (k = 0; k < 20; k++) printf "%sS%05d", k ? "," : "", (i * 991 + k * 2477) % 50000
	printf "\n- code: GF%d\n  type: gift\n  min-spend: %d\n  gift: [S%05d:1]\n", i, 4000 + 500 * i, i
	printf "- code: BU%d\n  type: bundle\n  bundle: [S%05d:1, S%05d:1]\n  price: 1.00\n", i,
		(i * 7) % 50000, (i * 7 + 4999) % 50000 } }' > "$work/promos.yaml"
shop-coupon --db "$octpl" -q promo import "$work/promos.yaml"
shop-coupon --db "$octpl" -q create B10 --type threshold --value 10 --min-spend 100
awk -v n="$n_orders" 'BEGIN { print "customer"
	for (o = 0; o < n; o += 10) printf "C%04d\n", o % 5000 }' |
	shop-coupon --db "$octpl" -q issue B10
measure order-import-coupon --fresh "$work/oc.db" "$octpl" shop-order --db "$work/oc.db" import "$ocf"
base_name="plain import    "
base=$plain
report "  with 50 promotions, a coupon every 10th" $((n_orders * 10))
base=$pipeline
base_name="sqlite3 pipeline"
rm -f "$octpl"
measure order-reimport shop-order --db "$work/o.db" import "$of"
report "  re-run, all skipped" $((n_orders * 10))
measure order-check shop-order --db "$work/o.db" check
report "  check over those orders" $((n_orders * 10))
base_name="sqlite3 .import"
rm -f "$otpl"
