# bench-pg-report.sh - sourced by tests/bench-pg.sh right after the order
# import, whose database obench holds BENCH_PG_ORDERS orders of 10 lines
# (1,000,000 lines by default): the reports of tests/bench-report-*.sh on
# PostgreSQL, each against the hand-written PostgreSQL SQL for the same
# figures, run by psql on the same database in the same run (target ratio
# <= 1.2). The outputs must be the same, byte for byte, or the bench fails.
#
# A copy, rbench, is prepared as the SQLite benches prepare theirs, in SQL
# and untimed: the orders spread over 2025 and 2026 (24 months), the SKUs
# given a cost (half the price) and every order line a shipment movement
# at cost, spread over the 500 days before the clock (rfm and basket read
# those orders too: on SQLite they were placed at one instant). The SQL is
# what a person who knows PostgreSQL would write (FILTER, numeric round(),
# NTILE, materialized CTEs; for sales and stock, the fastest of the
# variants tried). The basket miner's own baskets (gen_baskets of
# bench-report-basket.sh, over 300 SKUs) go in through the real binaries:
# BENCH_PG_BASKETS orders ("10000 100000" by default; "" leaves them out).
pg_fresh rbench obench
pg -d rbench <<'SQL'
BEGIN;
UPDATE orders SET created_at = to_char(timestamp '2025-01-01'
	+ (id - 1) * 730 / (SELECT MAX(id) FROM orders) * interval '1 day'
	+ id * 7919 % 86400 * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS"Z"');
UPDATE sku SET cost = price / 2;
INSERT INTO movement (sku_id, warehouse_id, type, qty, at, os_user, ref, doc, unit_cost)
SELECT l.sku_id, l.warehouse_id, 'shipment', -l.qty,
	to_char(timestamp '2026-11-22 10:00:00' - l.order_id * 7 % 500 * interval '1 day'
		- l.line * interval '1 hour', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	'bench', 'SO-' || l.order_id || '/' || l.line, 'order SO-' || l.order_id, k.cost
FROM order_line l JOIN sku k ON k.id = l.sku_id;
UPDATE stock SET on_hand = on_hand + m.qty
FROM (SELECT sku_id, warehouse_id, SUM(qty) AS qty FROM movement WHERE type = 'shipment'
	GROUP BY sku_id, warehouse_id) m
WHERE m.sku_id = stock.sku_id AND m.warehouse_id = stock.warehouse_id;
COMMIT;
VACUUM (FREEZE, ANALYZE);
SQL
plines=$(pg -d rbench -At -c 'SELECT COUNT(*) FROM order_line')
pcust=$(pg -d rbench -At -c 'SELECT COUNT(DISTINCT customer_id) FROM orders')
pmoves=$(pg -d rbench -At -c 'SELECT COUNT(*) FROM movement')
pstock=$(pg -d rbench -At -c 'SELECT COUNT(*) FROM stock')
ppost=$(pg -d rbench -At -c 'SELECT COUNT(*) FROM posting')

# Money as shop prints it: minor units / 100 as numeric, rounded to the
# cent (exact); aov and the ratios rounded half up (round() of a positive
# numeric). The sums of BIGINTs are numeric on PostgreSQL: no overflow.
cat > "$work/pr-month.sql" <<'SQL'
SELECT period, orders, paid_orders, units, round(gmv / 100.0, 2) AS gmv,
	round(discounts / 100.0, 2) AS discounts, round(refunds / 100.0, 2) AS refunds,
	round(net / 100.0, 2) AS net, round((gmv - discounts) / (100.0 * orders), 2) AS aov
FROM (SELECT substr(o.created_at, 1, 7) AS period, COUNT(*) AS orders,
	COUNT(*) FILTER (WHERE o.paid >= o.total) AS paid_orders, SUM(u.units) AS units,
	SUM(o.goods_total) AS gmv, SUM(o.discount_shop + o.discount_platform) AS discounts,
	SUM(o.refunded + o.credited) AS refunds,
	SUM(o.goods_total - o.discount_shop - o.discount_platform - o.refunded - o.credited)
		FILTER (WHERE o.status NOT IN ('cancelled', 'rejected')) AS net
	FROM orders o JOIN (SELECT order_id, SUM(qty) AS units FROM order_line
		GROUP BY order_id) u ON u.order_id = o.id
	GROUP BY 1) s
ORDER BY period;
SQL
cat > "$work/pr-sku.sql" <<'SQL'
SELECT k.sku, orders, paid_orders, units, round(gmv / 100.0, 2) AS gmv,
	round(discounts / 100.0, 2) AS discounts, round(refunds / 100.0, 2) AS refunds,
	round(net / 100.0, 2) AS net, round((gmv - discounts) / (100.0 * orders), 2) AS aov
FROM (SELECT l.sku_id, COUNT(DISTINCT l.order_id) AS orders,
	COUNT(DISTINCT l.order_id) FILTER (WHERE o.paid >= o.total) AS paid_orders,
	SUM(l.qty) AS units, SUM(l.qty * l.unit_price) AS gmv, SUM(l.discount) AS discounts,
	SUM(l.refunded) AS refunds,
	COALESCE(SUM(l.qty * l.unit_price - l.discount - l.refunded)
		FILTER (WHERE o.status NOT IN ('cancelled', 'rejected')), 0) AS net
	FROM order_line l JOIN orders o ON o.id = l.order_id GROUP BY l.sku_id) s
JOIN sku k ON k.id = s.sku_id
ORDER BY k.sku;
SQL
# the ranking from the orders alone, the units of the ten only
cat > "$work/pr-top.sql" <<'SQL'
SELECT ROW_NUMBER() OVER (ORDER BY t.gmv DESC, t.code) AS rank, t.code AS customer,
	round(t.gmv / 100.0, 2) AS gmv,
	(SELECT SUM(l.qty) FROM orders o JOIN order_line l ON l.order_id = o.id
	 WHERE o.customer_id = t.id) AS units, t.orders
FROM (SELECT c.id, c.code, s.gmv, s.orders
	FROM (SELECT customer_id, SUM(goods_total) AS gmv, COUNT(*) AS orders FROM orders
		GROUP BY customer_id) s JOIN customer c ON c.id = s.customer_id
	ORDER BY s.gmv DESC, c.code LIMIT 10) t
ORDER BY rank;
SQL
# rfm: NTILE(5) windows, the segment table as a CASE; the clock's day is
# 2026-11-22
cat > "$work/pr-rfm.sql" <<'SQL'
WITH t AS (
	SELECT c.code AS customer, date '2026-11-22' - substr(x.last, 1, 10)::date AS recency_days,
		x.n AS frequency, x.m AS monetary
	FROM (SELECT customer_id, MAX(created_at) AS last, COUNT(*) AS n,
		SUM(goods_total - discount_shop - discount_platform - refunded - credited) AS m
		FROM orders WHERE status NOT IN ('cancelled', 'rejected')
		AND created_at < '2026-11-23T00:00:00Z' GROUP BY customer_id) x
	JOIN customer c ON c.id = x.customer_id),
s AS (SELECT t.*,
	NTILE(5) OVER (ORDER BY recency_days DESC, customer) AS r,
	NTILE(5) OVER (ORDER BY frequency, customer) AS f,
	NTILE(5) OVER (ORDER BY monetary, customer) AS m
	FROM t),
g AS (SELECT s.*, (f + m + 1) / 2 AS fm FROM s)
SELECT customer, recency_days, frequency, round(monetary / 100.0, 2) AS monetary, r, f, m,
	CASE WHEN r = 5 AND fm = 1 THEN 'new'
	WHEN r >= 4 AND fm BETWEEN 2 AND 3 THEN 'potential'
	WHEN r = 5 THEN 'champions'
	WHEN r = 4 AND fm = 1 THEN 'promising'
	WHEN r >= 3 AND fm >= 4 THEN 'loyal'
	WHEN r = 3 AND fm = 3 THEN 'need_attention'
	WHEN r = 3 THEN 'about_to_sleep'
	WHEN r = 2 AND fm <= 2 THEN 'hibernating'
	WHEN fm = 5 THEN 'cant_lose'
	WHEN fm >= 3 THEN 'at_risk'
	ELSE 'lost' END AS segment
FROM g ORDER BY customer;
SQL
# basket: the rules of two items (and {} => SKU); SUPP and CONF in
# millionths; the figures as numeric quotients rounded to 6 places
pr_basket_sql() { # pr_basket_sql SUPP CONF
	cat <<SQL
WITH b AS MATERIALIZED (SELECT DISTINCT l.order_id AS o, l.sku_id AS s
	FROM order_line l JOIN orders x ON x.id = l.order_id
	WHERE x.status NOT IN ('cancelled', 'rejected')),
n AS MATERIALIZED (SELECT COUNT(*) AS n FROM orders
	WHERE status NOT IN ('cancelled', 'rejected')),
f AS MATERIALIZED (SELECT s, COUNT(*) AS c FROM b GROUP BY s
	HAVING COUNT(*) * 1000000 >= $1 * (SELECT n FROM n)),
fb AS MATERIALIZED (SELECT b.o, b.s FROM b JOIN f ON f.s = b.s),
p AS (SELECT x.s AS a, y.s AS c, COUNT(*) AS k FROM fb x JOIN fb y ON y.o = x.o AND y.s <> x.s
	GROUP BY x.s, y.s HAVING COUNT(*) * 1000000 >= $1 * (SELECT n FROM n)),
r AS (SELECT ka.sku AS antecedent, kc.sku AS consequent, p.k::numeric / nn.n AS support,
	p.k::numeric / fa.c AS confidence, p.k::numeric * nn.n / (fa.c * fc.c) AS lift, p.k AS count
	FROM p JOIN f fa ON fa.s = p.a JOIN f fc ON fc.s = p.c
	JOIN sku ka ON ka.id = p.a JOIN sku kc ON kc.id = p.c CROSS JOIN n nn
	WHERE p.k * 1000000 >= $2 * fa.c
	UNION ALL
	SELECT '', k.sku, f.c::numeric / nn.n, f.c::numeric / nn.n, 1, f.c
	FROM f JOIN sku k ON k.id = f.s CROSS JOIN n nn WHERE f.c * 1000000 >= $2 * nn.n)
SELECT antecedent, consequent, round(support, 6) AS support,
	round(confidence, 6) AS confidence, round(lift, 6) AS lift, count FROM r
ORDER BY lift DESC, confidence DESC, support DESC, antecedent, consequent;
SQL
}
# stock: the last 30 days start on 2026-10-24, the last 365 on 2025-11-23
# (day 0 of the turnover's days), dead stock has no sale since 2026-08-25
cat > "$work/pr-stock.sql" <<'SQL'
WITH a AS (
	SELECT sku_id, warehouse_id,
		MAX(at) FILTER (WHERE type = 'shipment') AS last_sale,
		COALESCE(-SUM(qty) FILTER (WHERE type = 'shipment'
			AND at >= '2026-10-24T00:00:00Z'), 0) AS u30,
		COALESCE(-SUM(qty) FILTER (WHERE type = 'shipment'
			AND at >= '2025-11-23T00:00:00Z'), 0) AS u365,
		COALESCE(SUM(qty * (LEAST(substr(at, 1, 10)::date, date '2026-11-22')
			- date '2025-11-23')) FILTER (WHERE at >= '2025-11-23T00:00:00Z'), 0) AS moved
	FROM movement WHERE type = 'shipment' OR at >= '2025-11-23T00:00:00Z'
	GROUP BY sku_id, warehouse_id),
r AS (
	SELECT k.sku, w.code AS warehouse, s.on_hand, k.cost, a.last_sale,
		COALESCE(a.u30, 0) AS u30, COALESCE(a.u365, 0) AS u365,
		s.on_hand * 365 - COALESCE(a.moved, 0) AS closings
	FROM stock s JOIN sku k ON k.id = s.sku_id JOIN warehouse w ON w.id = s.warehouse_id
	LEFT JOIN a ON a.sku_id = s.sku_id AND a.warehouse_id = s.warehouse_id)
SELECT sku, warehouse, on_hand, round(cost / 100.0, 2) AS cost,
	round(on_hand * cost / 100.0, 2) AS value, u30 AS units_30d,
	CASE WHEN u30 > 0 THEN round(on_hand * 30.0 / u30, 1) END AS days_of_cover,
	CASE WHEN closings > 0 THEN round(u365 * 365.0 / closings, 2) END AS turnover,
	substr(last_sale, 1, 10) AS last_sale,
	CASE WHEN on_hand > 0 AND COALESCE(last_sale, '') < '2026-08-25T00:00:00Z'
		THEN 'yes' ELSE 'no' END AS dead
FROM r ORDER BY sku, warehouse;
SQL
cat > "$work/pr-ledger.sql" <<'SQL'
SELECT account, round(debit / 100.0, 2) AS debit, round(credit / 100.0, 2) AS credit,
	round((debit - credit) / 100.0, 2) AS balance
FROM (SELECT account, COALESCE(SUM(amount) FILTER (WHERE amount > 0), 0) AS debit,
	COALESCE(-SUM(amount) FILTER (WHERE amount < 0), 0) AS credit
	FROM posting GROUP BY account) t
ORDER BY account;
SQL
cat > "$work/pr-ledger-asof.sql" <<'SQL'
SELECT account, round(debit / 100.0, 2) AS debit, round(credit / 100.0, 2) AS credit,
	round((debit - credit) / 100.0, 2) AS balance
FROM (SELECT p.account, COALESCE(SUM(p.amount) FILTER (WHERE p.amount > 0), 0) AS debit,
	COALESCE(-SUM(p.amount) FILTER (WHERE p.amount < 0), 0) AS credit
	FROM posting p JOIN journal j ON j.id = p.journal_id
	WHERE j.at < '2026-11-23T00:00:00Z' GROUP BY p.account) t
ORDER BY account;
SQL

base_name="hand-written SQL"
# pr_bench DB NAME WHAT ROWS SQLFILE ARGS...: the report and psql's csv
# agree byte for byte, then both are timed
pr_bench() {
	rdb=$1 rname=$2 rwhat=$3 rrows=$4 rsql=$5
	shift 5
	versus "$rname" "$rwhat" "$rrows" "$(pr_psql "$rdb" "$rsql")" \
		shop-report --db "$(pguri "$rdb")" --format csv "$@"
}
# pr_psql DB SQLFILE: the psql command line that runs SQLFILE for CSV
pr_psql() {
	echo "PGOPTIONS='-c client_min_messages=warning' psql -X -q -h '$pgdir' -d '$1' \
		-v ON_ERROR_STOP=1 --csv -f '$2'"
}

printf '%s\n' 'PostgreSQL reports (ratios against the hand-written SQL run by psql):'
pr_bench rbench pg-report-sales-month "shop-report sales --by month ($((plines / 1000))k lines)" \
	"$plines" "$work/pr-month.sql" sales --by month
pr_bench rbench pg-report-sales-sku "shop-report sales --by sku" "$plines" "$work/pr-sku.sql" \
	sales --by sku
pr_bench rbench pg-report-top-customer "shop-report top --by customer" "$plines" \
	"$work/pr-top.sql" top --by customer
pr_bench rbench pg-report-rfm "shop-report rfm ($pcust customers)" "$plines" "$work/pr-rfm.sql" \
	rfm
pr_basket_sql 1000 500000 > "$work/pr-basket.sql"
pr_bench rbench pg-report-basket "shop-report basket, s 0.001" "$plines" "$work/pr-basket.sql" \
	basket --min-support 0.001 --min-confidence 0.5 --max-len 2
# the SQL takes long here: one run of each
runs_saved=$runs
runs=1
pr_basket_sql 20 100000 > "$work/pr-basket.sql"
pr_bench rbench pg-report-basket-low "  support 0.00002" "$plines" "$work/pr-basket.sql" \
	basket --min-support 0.00002 --min-confidence 0.1 --max-len 2
runs=$runs_saved
pr_bench rbench pg-report-stock "shop-report stock ($((pmoves / 1000))k moves)" "$pstock" \
	"$work/pr-stock.sql" stock
pr_bench rbench pg-report-ledger "shop-report ledger ($((ppost / 1000))k postings)" "$ppost" \
	"$work/pr-ledger.sql" ledger
pr_bench rbench pg-report-ledger-asof "  --as-of, through the journal" "$ppost" \
	"$work/pr-ledger-asof.sql" ledger --as-of 2026-11-22

# --- the miner's own baskets, 300 SKUs, at support 0.001: all the rules
# (up to 10 items) against the SQL's two-item ones, not compared
pg_baskets=${BENCH_PG_BASKETS-10000 100000}
if [ -n "$pg_baskets" ]; then
	pg_fresh rbasket
	basket_catalogue "$(pguri rbasket)"
	for nb in $pg_baskets; do
		pg_fresh rbasket$nb rbasket
		gen_baskets "$nb" > "$work/pg-baskets-$nb.csv"
		shop-order --db "$(pguri rbasket$nb)" -q import "$work/pg-baskets-$nb.csv"
		pg -d rbasket$nb -c 'VACUUM ANALYZE'
		lines=$(($(wc -l < "$work/pg-baskets-$nb.csv") - 1))
		pr_basket_sql 1000 500000 > "$work/pr-basket.sql"
		against pg-report-basket "basket $((nb / 1000))k orders/300 SKUs, s 0.001" "$lines" \
			"$(pr_psql "rbasket$nb" "$work/pr-basket.sql")" \
			shop-report --db "$(pguri rbasket$nb)" basket --min-support 0.001 --min-confidence 0.5
		rules=$(shop-report --db "$(pguri rbasket$nb)" --no-header basket --min-support 0.001 \
			--min-confidence 0.5 | wc -l)
		printf '  (%d rules of up to 10 items; the SQL finds the 2-item ones)\n' "$rules"
		pg -d postgres -c "DROP DATABASE rbasket$nb"
	done
	pg -d postgres -c 'DROP DATABASE rbasket'
fi
pg -d postgres -c 'DROP DATABASE rbench'
base_name='psql \copy     '
