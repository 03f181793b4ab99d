# bench-report-basket.sh - sourced by tests/bench.sh (make bench) after
# bench-order.sh, whose $work/o.db holds 1,000,000 order lines (100,000
# orders of 10 lines, 50,000 SKUs, 5,000 customers).
#
# shop-report rfm and basket on that database against the best SQL a person
# would write for the same figures, run by the sqlite3 shell on the same
# database in the same run (target ratio <= 1.2): rfm against NTILE(5)
# window functions; basket --max-len 2 against a self-join counting the
# pairs of frequent SKUs (with {} => SKU rules too), at support 0.001 (no
# SKU is in 0.1% of those orders: the cost of reading them) and 0.00002
# (two orders: 900,000 rules). The outputs must be the same, row for row.
#
# Then the miner's own targets, on generated baskets over 300 SKUs with a
# skew and pairs bought together: 10,000 orders at support 0.001 well
# under a second, 100,000 in seconds (the full rules, --max-len 10).
o=$work/o.db
[ -s "$o" ] || { echo "bench: $o is missing (bench-order.sh makes it)" >&2; exit 1; }
base_name="sqlite3 SQL     "

# --- rfm: NTILE(5) in SQL, the segment table as a CASE
cat > "$work/rfm.sql" <<'SQL'
.mode list
.separator ,
.headers on
WITH t AS (
	SELECT c.code AS customer,
		CAST(julianday('2026-11-22') - julianday(substr(x.last, 1, 10)) AS INTEGER) AS recency_days,
		x.n AS frequency, x.m AS monetary
	FROM (SELECT customer_id, MAX(created_at) AS last, COUNT(*) AS n,
		SUM(goods_total - discount_shop - discount_platform - refunded - credited) AS m
		FROM orders WHERE status <> 'cancelled' AND status <> 'rejected'
		AND created_at < '2026-11-23T00:00:00Z' GROUP BY customer_id) x
	JOIN customer c ON c.id = x.customer_id),
s AS (SELECT t.*,
	NTILE(5) OVER (ORDER BY recency_days DESC, customer) AS r,
	NTILE(5) OVER (ORDER BY frequency, customer) AS f,
	NTILE(5) OVER (ORDER BY monetary, customer) AS m
	FROM t),
g AS (SELECT s.*, (f + m + 1) / 2 AS fm FROM s)
SELECT customer, recency_days, frequency,
	printf('%s%d.%02d', CASE WHEN monetary < 0 THEN '-' ELSE '' END, abs(monetary) / 100,
		abs(monetary) % 100) AS monetary,
	r, f, m,
	CASE WHEN r = 5 AND fm = 1 THEN 'new'
	WHEN r >= 4 AND fm >= 2 AND fm <= 3 THEN 'potential'
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

versus report-rfm "shop-report rfm (5k customers)" 100000 "sqlite3 '$o' < '$work/rfm.sql'" \
	shop-report --db "$o" rfm

# --- basket: the rules of two items as SQL; SUPP and CONF in millionths
basket_sql() { # basket_sql SUPP CONF
	cat <<SQL
.mode list
.separator ,
.headers off
WITH b AS MATERIALIZED (SELECT DISTINCT l.order_id AS o, l.sku_id AS s FROM order_line l
	JOIN orders x ON x.id = l.order_id WHERE x.status <> 'cancelled' AND x.status <> 'rejected'),
n AS MATERIALIZED (SELECT COUNT(DISTINCT o) AS n FROM b),
f AS MATERIALIZED (SELECT s, COUNT(*) AS c FROM b GROUP BY s
	HAVING COUNT(*) * 1000000 >= $1 * (SELECT n FROM n)),
fb AS MATERIALIZED (SELECT b.o, b.s FROM b JOIN f ON f.s = b.s),
p AS (SELECT x.s AS a, y.s AS c, COUNT(*) AS k FROM fb x JOIN fb y ON y.o = x.o AND y.s <> x.s
	GROUP BY x.s, y.s HAVING COUNT(*) * 1000000 >= $1 * (SELECT n FROM n)),
r AS (SELECT ka.sku AS antecedent, kc.sku AS consequent, p.k * 1.0 / (SELECT n FROM n) AS support,
	p.k * 1.0 / fa.c AS confidence, p.k * 1.0 * (SELECT n FROM n) / (fa.c * fc.c) AS lift,
	p.k AS count
	FROM p JOIN f fa ON fa.s = p.a JOIN f fc ON fc.s = p.c
	JOIN sku ka ON ka.id = p.a JOIN sku kc ON kc.id = p.c
	WHERE p.k * 1000000 >= $2 * fa.c
	UNION ALL
	SELECT '', k.sku, f.c * 1.0 / (SELECT n FROM n), f.c * 1.0 / (SELECT n FROM n), 1.0, f.c
	FROM f JOIN sku k ON k.id = f.s WHERE f.c * 1000000 >= $2 * (SELECT n FROM n))
SELECT antecedent, consequent, printf('%.6f', support) AS support,
	printf('%.6f', confidence) AS confidence, printf('%.6f', lift) AS lift, count FROM r
ORDER BY r.lift DESC, r.confidence DESC, r.support DESC, r.antecedent, r.consequent;
SQL
}

# bench_basket DB LABEL ROWS SUPP CONF S C: the SQL against the tool at
# --max-len 2, their rules the same (no header on either: sqlite3 prints
# none over no rows)
bench_basket() {
	basket_sql "$4" "$5" > "$work/basket.sql"
	versus report-basket "$2" "$3" "sqlite3 '$1' < '$work/basket.sql'" \
		shop-report --db "$1" --no-header basket --min-support "$6" --min-confidence "$7" --max-len 2
}

bench_basket "$o" "shop-report basket 1M lines, s 0.001" 1000000 1000 500000 0.001 0.5
# the SQL takes half a minute here: one run of each
runs_saved=$runs
runs=1
bench_basket "$o" "  support 0.00002 (900k rules)" 1000000 20 100000 0.00002 0.1
runs=$runs_saved

# --- the miner's targets: generated baskets over 300 SKUs
# basket_catalogue DB: 300 SKUs in stock in W1, 1000 customers
basket_catalogue() {
	shop init -q --db "$1"
	awk 'BEGIN { print "sku,name,price,status"
		for (i = 0; i < 300; i++) printf "P%03d,Item %d,%d.00,active\n", i, i, 1 + i % 50 }' |
		shop-product --db "$1" -q import
	awk 'BEGIN { print "code,name"; for (i = 0; i < 1000; i++) printf "G%03d,Customer %d\n", i, i }' |
		shop-order --db "$1" -q customer import
	printf 'code,name\nW1,One\n' | shop-stock --db "$1" -q warehouse import
	awk 'BEGIN { print "sku,warehouse,qty,ref"
		for (i = 0; i < 300; i++) printf "P%03d,W1,100000000,OPEN\n", i }' |
		shop-stock --db "$1" -q receive
}
gtpl=$work/basket-template.db
rm -f "$gtpl" "$gtpl-wal" "$gtpl-shm"
basket_catalogue "$gtpl"

# gen_baskets N: N orders of 1 to 6 draws, skewed to the low SKUs, each
# draw with a 30% chance of its neighbour too (pairs bought together)
gen_baskets() {
	awk -v n="$1" 'BEGIN { srand(7); print "order_ref,customer,sku,qty"
		for (o = 0; o < n; o++) {
			split("", seen)
			k = 1 + int(rand() * 6)
			for (j = 0; j < k; j++) {
				u = rand(); i = int(300 * u * u * u)
				if (!(i in seen)) { seen[i] = 1; printf "B%06d,G%03d,P%03d,1\n", o, o % 1000, i }
				if (rand() < 0.3) {
					p = (i + 1) % 300
					if (!(p in seen)) { seen[p] = 1; printf "B%06d,G%03d,P%03d,1\n", o, o % 1000, p }
				}
			}
		} }'
}

for nb in 10000 100000; do
	gdb=$work/basket-$nb.db
	rm -f "$gdb" "$gdb-wal" "$gdb-shm"
	cp "$gtpl" "$gdb"
	gen_baskets $nb > "$work/baskets-$nb.csv"
	shop-order --db "$gdb" -q import "$work/baskets-$nb.csv"
	lines=$(($(wc -l < "$work/baskets-$nb.csv") - 1))
	basket_sql 1000 500000 > "$work/basket.sql"
	against report-basket "basket $((nb / 1000))k orders/300 SKUs, s 0.001" "$lines" \
		"sqlite3 '$gdb' < '$work/basket.sql'" \
		shop-report --db "$gdb" basket --min-support 0.001 --min-confidence 0.5
	rules=$(shop-report --db "$gdb" --no-header basket --min-support 0.001 --min-confidence 0.5 | wc -l)
	printf '  (%d rules of up to 10 items; the SQL finds the 2-item ones)\n' "$rules"
	rm -f "$gdb" "$gdb-wal" "$gdb-shm"
done
rm -f "$gtpl"
base_name="sqlite3 .import"
