# bench-report-sales.sh - sourced by tests/bench.sh (make bench) after
# bench-order.sh, whose $work/o.db holds 1,000,000 order lines (100,000
# orders over 50,000 SKUs and 5,000 customers): shop-report sales --by
# month, sales --by sku and top --by customer against the hand-written
# SQL a person would run in the sqlite3 shell for the same figures, on the
# same database, in the same run (target ratio <= 1.2). The orders of o.db
# were all placed at one instant; a copy spreads them over 2025 and 2026,
# so that the months are 24. The outputs must agree, or the bench fails.
rdb=$work/report-sales.db
rm -f "$rdb" "$rdb-wal" "$rdb-shm"
sqlite3 "$work/o.db" "VACUUM INTO '$rdb'"
sqlite3 "$rdb" "UPDATE orders SET created_at = strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01',
	'+' || ((id - 1) * 730 / 100000) || ' days', '+' || ((id * 7919) % 86400) || ' seconds')"
# money as shop prints it (2 digits, never negative here); aov half up
cat > "$work/rs-month.sql" <<'SQL'
.mode csv
.headers on
SELECT period, orders, paid_orders, units, printf('%d.%02d', gmv / 100, gmv % 100) AS gmv,
	printf('%d.%02d', discounts / 100, discounts % 100) AS discounts,
	printf('%d.%02d', refunds / 100, refunds % 100) AS refunds,
	printf('%d.%02d', net / 100, net % 100) AS net,
	printf('%d.%02d', (2 * (gmv - discounts) + orders) / (2 * orders) / 100,
		(2 * (gmv - discounts) + orders) / (2 * orders) % 100) AS aov
FROM (SELECT substr(o.created_at, 1, 7) AS period, COUNT(*) AS orders,
	SUM(CASE WHEN o.paid >= o.total THEN 1 ELSE 0 END) AS paid_orders,
	SUM((SELECT SUM(qty) FROM order_line WHERE order_id = o.id)) AS units,
	SUM(o.goods_total) AS gmv, SUM(o.discount_shop + o.discount_platform) AS discounts,
	SUM(o.refunded + o.credited) AS refunds,
	SUM(CASE WHEN o.status NOT IN ('cancelled', 'rejected') THEN o.goods_total
		- o.discount_shop - o.discount_platform - o.refunded - o.credited ELSE 0 END) AS net
	FROM orders o GROUP BY substr(o.created_at, 1, 7)) ORDER BY period;
SQL
cat > "$work/rs-sku.sql" <<'SQL'
.mode csv
.headers on
SELECT k.sku, orders, paid_orders, units, printf('%d.%02d', gmv / 100, gmv % 100) AS gmv,
	printf('%d.%02d', discounts / 100, discounts % 100) AS discounts,
	printf('%d.%02d', refunds / 100, refunds % 100) AS refunds,
	printf('%d.%02d', net / 100, net % 100) AS net,
	printf('%d.%02d', (2 * (gmv - discounts) + orders) / (2 * orders) / 100,
		(2 * (gmv - discounts) + orders) / (2 * orders) % 100) AS aov
FROM (SELECT l.sku_id AS sku_id, COUNT(DISTINCT l.order_id) AS orders,
	COUNT(DISTINCT CASE WHEN o.paid >= o.total THEN l.order_id END) AS paid_orders,
	SUM(l.qty) AS units, SUM(l.qty * l.unit_price) AS gmv, SUM(l.discount) AS discounts,
	SUM(l.refunded) AS refunds,
	SUM(CASE WHEN o.status NOT IN ('cancelled', 'rejected') THEN l.qty * l.unit_price
		- l.discount - l.refunded ELSE 0 END) AS net
	FROM order_line l NOT INDEXED JOIN orders o ON o.id = l.order_id GROUP BY l.sku_id) s
JOIN sku k ON k.id = s.sku_id ORDER BY k.sku;
SQL
# the ranking from the orders alone, the units of the ten only
cat > "$work/rs-top.sql" <<'SQL'
.mode csv
.headers on
SELECT ROW_NUMBER() OVER (ORDER BY t.gmv DESC, t.code) AS rank, t.code AS customer,
	printf('%d.%02d', t.gmv / 100, t.gmv % 100) AS gmv,
	(SELECT SUM(l.qty) FROM orders o JOIN order_line l ON l.order_id = o.id
	 WHERE o.customer_id = t.id) AS units, t.orders
FROM (SELECT c.id, c.code, s.gmv, s.orders FROM (SELECT customer_id, SUM(goods_total) AS gmv,
	COUNT(*) AS orders FROM orders GROUP BY customer_id) s JOIN customer c ON c.id = s.customer_id
	ORDER BY s.gmv DESC, c.code LIMIT 10) t ORDER BY rank;
SQL
base_name="hand-written SQL"
# rs_bench NAME WHAT SQLFILE ARGS...: the figures agree, then both timed
rs_bench() {
	rname=$1 rwhat=$2 rsql=$3
	shift 3
	versus "$rname" "$rwhat" 1000000 "sqlite3 '$rdb' < '$rsql'" shop-report --db "$rdb" "$@"
}
rs_bench report-sales-month "shop-report sales --by month (1M lines)" "$work/rs-month.sql" \
	sales --by month
rs_bench report-sales-sku "shop-report sales --by sku" "$work/rs-sku.sql" sales --by sku
rs_bench report-top-customer "shop-report top --by customer" "$work/rs-top.sql" \
	top --by customer
base_name="sqlite3 .import"
rm -f "$rdb" "$rdb-wal" "$rdb-shm"
