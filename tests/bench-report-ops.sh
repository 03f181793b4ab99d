# bench-report-ops.sh - sourced by tests/bench.sh (make bench) after
# bench-order.sh, whose $work/o.db holds 1,000,000 order lines (100,000
# orders of 5,000 customers over 50,000 SKUs) and their ledger. On a copy,
# every order line gets a shipment movement at cost, spread over the 500
# days before the clock (a year and more of sales history, written by
# sqlite3 straight into the tables: history to read, not a path to time),
# and the SKUs a cost. Then shop-report stock and ledger are timed against
# the hand-written SQL of the same figures run by the sqlite3 shell on the
# same database in the same run (target ratio <= 1.2); the two outputs
# must be the same, byte for byte.
[ -s "$work/o.db" ] || { echo "bench: no $work/o.db (bench-order.sh makes it)" >&2; exit 1; }
rdb=$work/report-ops.db
rm -f "$rdb" "$rdb-wal" "$rdb-shm"
sqlite3 "$work/o.db" ".backup '$rdb'"
sqlite3 "$rdb" <<'SQL'
BEGIN;
UPDATE sku SET cost = price / 2;
INSERT INTO movement (sku_id, warehouse_id, type, qty, at, os_user, ref, doc, unit_cost)
SELECT l.sku_id, l.warehouse_id, 'shipment', -l.qty,
	strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-22 10:00:00', '-' || (l.order_id * 7 % 500) || ' days',
		'-' || l.line || ' hours'),
	'bench', 'SO-' || l.order_id || '/' || l.line, 'order SO-' || l.order_id, k.cost
FROM order_line l JOIN sku k ON k.id = l.sku_id;
CREATE TEMP TABLE shipped AS SELECT sku_id, warehouse_id, SUM(qty) AS qty FROM movement
	WHERE type = 'shipment' GROUP BY sku_id, warehouse_id;
CREATE UNIQUE INDEX temp.shipped_key ON shipped(sku_id, warehouse_id);
UPDATE stock SET on_hand = on_hand + COALESCE((SELECT qty FROM shipped s
	WHERE s.sku_id = stock.sku_id AND s.warehouse_id = stock.warehouse_id), 0);
COMMIT;
ANALYZE;
SQL

# The clock's day is 2026-11-22: the last 30 days start on 2026-10-24, the
# last 365 on 2025-11-23 (whose julian day number is the j of day 0), the
# last 90 (dead stock) on 2026-08-25.
cat > "$work/report-stock.sql" <<'SQL'
.mode list
.separator , "\n"
.headers on
WITH a AS (
	SELECT sku_id, warehouse_id,
		MAX(CASE WHEN type = 'shipment' THEN at END) AS last_sale,
		SUM(CASE WHEN type = 'shipment' AND at >= '2026-10-24T00:00:00Z' THEN -qty ELSE 0 END) AS u30,
		SUM(CASE WHEN type = 'shipment' AND at >= '2025-11-23T00:00:00Z' THEN -qty ELSE 0 END) AS u365,
		SUM(CASE WHEN at < '2025-11-23T00:00:00Z' THEN 0
			WHEN at >= '2026-11-23T00:00:00Z' THEN qty * 364
			ELSE qty * (CAST(julianday(substr(at, 1, 10)) AS INTEGER)
				- CAST(julianday('2025-11-23') AS INTEGER)) END) AS moved
	FROM movement GROUP BY sku_id, warehouse_id),
r AS (
	SELECT k.sku AS sku, w.code AS warehouse, s.on_hand AS on_hand, k.cost AS cost,
		COALESCE(a.last_sale, '') AS last_sale, COALESCE(a.u30, 0) AS u30,
		COALESCE(a.u365, 0) AS u365, s.on_hand * 365 - COALESCE(a.moved, 0) AS closings
	FROM stock s JOIN sku k ON k.id = s.sku_id JOIN warehouse w ON w.id = s.warehouse_id
	LEFT JOIN a ON a.sku_id = s.sku_id AND a.warehouse_id = s.warehouse_id)
SELECT sku, warehouse, on_hand,
	CASE WHEN cost IS NULL THEN '' ELSE (cost / 100) || '.' || printf('%02d', cost % 100) END AS cost,
	CASE WHEN cost IS NULL THEN '' ELSE (on_hand * cost / 100) || '.'
		|| printf('%02d', on_hand * cost % 100) END AS value,
	u30 AS units_30d,
	CASE WHEN u30 = 0 THEN '' ELSE ((on_hand * 600 + u30) / (2 * u30) / 10) || '.'
		|| ((on_hand * 600 + u30) / (2 * u30) % 10) END AS days_of_cover,
	CASE WHEN closings <= 0 THEN '' ELSE ((u365 * 73000 + closings) / (2 * closings) / 100) || '.'
		|| printf('%02d', (u365 * 73000 + closings) / (2 * closings) % 100) END AS turnover,
	substr(last_sale, 1, 10) AS last_sale,
	CASE WHEN on_hand > 0 AND last_sale < '2026-08-25T00:00:00Z' THEN 'yes' ELSE 'no' END AS dead
FROM r ORDER BY sku, warehouse;
SQL

# money as text, signed: d/100 "." d%100 (|| binds tighter than / in SQLite)
cat > "$work/report-ledger.sql" <<'SQL'
.mode list
.separator , "\n"
.headers on
SELECT account, (debit / 100) || '.' || printf('%02d', debit % 100) AS debit,
	(credit / 100) || '.' || printf('%02d', credit % 100) AS credit,
	CASE WHEN debit < credit THEN '-' ELSE '' END || (abs(debit - credit) / 100) || '.'
		|| printf('%02d', abs(debit - credit) % 100) AS balance
FROM (SELECT account, SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS debit,
	SUM(CASE WHEN amount < 0 THEN -amount ELSE 0 END) AS credit
	FROM posting GROUP BY account)
ORDER BY account;
SQL
sed -e 's/FROM posting GROUP BY account/FROM posting p JOIN journal j ON j.id = p.journal_id\
	WHERE j.at < '"'"'2026-11-23T00:00:00Z'"'"' GROUP BY account/' \
	"$work/report-ledger.sql" > "$work/report-ledger-asof.sql"

saved_base=$base saved_name=$base_name
base_name="sqlite3 by hand "
nstock=$(sqlite3 "$rdb" 'SELECT COUNT(*) FROM stock')
nmoves=$(sqlite3 "$rdb" 'SELECT COUNT(*) FROM movement')
npost=$(sqlite3 "$rdb" 'SELECT COUNT(*) FROM posting')

versus report-stock "shop-report stock ($((nmoves / 1000))k moves)" "$nstock" \
	"sqlite3 '$rdb' < '$work/report-stock.sql'" shop-report --db "$rdb" stock --format csv
versus report-ledger "shop-report ledger ($((npost / 1000))k postings)" "$npost" \
	"sqlite3 '$rdb' < '$work/report-ledger.sql'" shop-report --db "$rdb" ledger --format csv
versus report-ledger-asof "  --as-of, through the journal" "$npost" \
	"sqlite3 '$rdb' < '$work/report-ledger-asof.sql'" \
	shop-report --db "$rdb" ledger --as-of 2026-11-22 --format csv

base=$saved_base base_name=$saved_name
rm -f "$rdb" "$rdb-wal" "$rdb-shm"
