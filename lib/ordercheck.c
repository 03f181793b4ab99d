/* ordercheck.c - the money invariants of SPEC §3 "The money ledger" over
 * orders, beside the ledger's own (see ordercheck.h) */
#include "aftersales.h"
#include "db.h"
#include "ledger.h"
#include "ordercheck.h"

/* Each query's rows are one worded violation. Amounts are shown in minor
 * units where they are figures of a broken record. */
static const char *const checks[] = {
	/* the figures an order keeps agree with its lines */
	"SELECT 'order SO-' || o.id || ': goods_total ' || o.goods_total || ' is not the sum of "
	"its lines ' || COALESCE(l.goods, 0) || ' (minor units)' FROM orders o LEFT JOIN "
	"(SELECT order_id, SUM(qty * unit_price) AS goods, SUM(discount) AS disc FROM order_line "
	"GROUP BY order_id) l ON l.order_id = o.id WHERE o.goods_total <> COALESCE(l.goods, 0) "
	"ORDER BY o.id",
	"SELECT 'order SO-' || o.id || ': discount ' || (o.discount_shop + o.discount_platform) || "
	"' is not the sum of its lines'' ' || COALESCE(l.disc, 0) || ' (minor units)' FROM orders o "
	"LEFT JOIN (SELECT order_id, SUM(discount) AS disc FROM order_line GROUP BY order_id) l "
	"ON l.order_id = o.id WHERE o.discount_shop + o.discount_platform <> COALESCE(l.disc, 0) "
	"ORDER BY o.id",
	"SELECT 'order SO-' || id || ': total ' || total || ' is not goods_total - discount + "
	"freight' FROM orders WHERE total <> goods_total - discount_shop - discount_platform + "
	"freight ORDER BY id",
	/* paid and refunded are what the money records say */
	"SELECT 'order SO-' || o.id || ': paid ' || o.paid || ' but its payments sum to ' || "
	"COALESCE(p.paid, 0) FROM orders o LEFT JOIN (SELECT order_id, SUM(amount) AS paid FROM "
	"payment WHERE kind = 'payment' GROUP BY order_id) p ON p.order_id = o.id "
	"WHERE o.paid <> COALESCE(p.paid, 0) ORDER BY o.id",
	"SELECT 'order SO-' || o.id || ': refunded ' || o.refunded || ' but its refunds sum to ' || "
	"COALESCE(p.back, 0) FROM orders o LEFT JOIN (SELECT order_id, SUM(amount) AS back FROM "
	"payment WHERE kind = 'refund' GROUP BY order_id) p ON p.order_id = o.id "
	"WHERE o.refunded <> COALESCE(p.back, 0) ORDER BY o.id",
	"SELECT 'order SO-' || id || ': refunded ' || refunded || ', paid ' || paid || ', total ' || "
	"total || ': not 0 <= refunded <= paid <= total' FROM orders "
	"WHERE refunded < 0 OR refunded > paid OR paid > total ORDER BY id",
	/* what a customer owes is what their orders and money records say:
	 * the totals of the orders posted and not cancelled, less payments,
	 * plus money given back on a cancel, less credit notes (a refund in
	 * cash after the sale moves cash, not what is owed) */
	"SELECT 'customer ''' || c.code || ''': the ledger says it owes ' || "
	"COALESCE(r.bal, 0) || ', its orders and payments ' || "
	"(COALESCE(o.owed, 0) - COALESCE(p.paid, 0) + COALESCE(p.back, 0)) || ' (minor units)' "
	"FROM customer c "
	"LEFT JOIN (SELECT account, SUM(amount) AS bal FROM posting "
	"WHERE substr(account, 1, 11) = 'receivable:' GROUP BY account) r "
	"ON r.account = 'receivable:' || c.code "
	"LEFT JOIN (SELECT customer_id, SUM(CASE WHEN posted <> 0 AND status <> 'cancelled' "
	"THEN total ELSE 0 END) - SUM(credited) AS owed FROM orders GROUP BY customer_id) o "
	"ON o.customer_id = c.id "
	"LEFT JOIN (SELECT x.customer_id, SUM(CASE WHEN y.kind = 'payment' THEN y.amount "
	"ELSE 0 END) AS paid, SUM(CASE WHEN y.kind = 'refund' AND y.case_id IS NULL "
	"THEN y.amount ELSE 0 END) AS back "
	"FROM payment y JOIN orders x ON x.id = y.order_id GROUP BY x.customer_id) p "
	"ON p.customer_id = c.id "
	"WHERE COALESCE(r.bal, 0) <> COALESCE(o.owed, 0) - COALESCE(p.paid, 0) + COALESCE(p.back, 0) "
	"ORDER BY c.code",
	/* an order waiting for approval or rejected has no entry; one
	 * cancelled may have had one (reversed) or not (cancelled while it
	 * waited); the others have one */
	"SELECT 'order SO-' || id || ' is ' || status || ' but ' || CASE WHEN posted <> 0 THEN "
	"'was posted' ELSE 'was never posted' END FROM orders WHERE CASE "
	"WHEN status = 'pending_approval' OR status = 'rejected' THEN posted <> 0 "
	"WHEN status = 'cancelled' THEN 1 = 0 ELSE posted = 0 END ORDER BY id",
	/* an open order's lines hold what is left to ship; a closed one holds nothing */
	"SELECT 'order SO-' || l.order_id || ' line ' || l.line || ': holds ' || "
	"COALESCE(r.held, 0) || ' reserved, ' || CASE WHEN o.status = 'pending_approval' OR "
	"o.status = 'pending_payment' OR o.status = 'confirmed' OR o.status = 'partially_shipped' "
	"THEN l.qty - l.shipped ELSE 0 END || ' expected' FROM order_line l "
	"JOIN orders o ON o.id = l.order_id LEFT JOIN reservation r ON r.ref = 'SO-' || l.order_id "
	"|| '/' || l.line AND r.sku_id = l.sku_id AND r.warehouse_id = l.warehouse_id "
	"WHERE COALESCE(r.held, 0) <> CASE WHEN o.status = 'pending_approval' OR "
	"o.status = 'pending_payment' OR o.status = 'confirmed' OR o.status = 'partially_shipped' "
	"THEN l.qty - l.shipped ELSE 0 END ORDER BY l.order_id, l.line",
	/* the stock at cost: what the ledger says it is worth is what its
	 * movements moved at their unit cost */
	"SELECT 'inventory: the ledger says ' || t.ledger || ', the movements at cost ' || "
	"t.moved || ' (minor units)' FROM (SELECT COALESCE((SELECT SUM(amount) FROM posting "
	"WHERE account = 'inventory'), 0) AS ledger, COALESCE((SELECT SUM(qty * unit_cost) "
	"FROM movement), 0) AS moved) t WHERE t.ledger <> t.moved",
	/* a line's shipped is what its shipments say */
	"SELECT 'order SO-' || l.order_id || ' line ' || l.line || ': shipped ' || l.shipped || "
	"' but its shipments sum to ' || COALESCE(s.qty, 0) FROM order_line l LEFT JOIN "
	"(SELECT line_id, SUM(qty) AS qty FROM shipment GROUP BY line_id) s ON s.line_id = l.id "
	"WHERE l.shipped <> COALESCE(s.qty, 0) ORDER BY l.order_id, l.line",
};

size_t
order_check(void (*report)(const char *violation, void *arg), void *arg)
{
	return ledger_check(report, arg) +
	       db_report(checks, sizeof checks / sizeof checks[0], report, arg) +
	       aftersales_check(report, arg);
}
