/* po.c - purchase orders: their numbers and states, and the purchasing
 * invariants (see po.h) */
#include <string.h>

#include "db.h"
#include "parse.h"
#include "po.h"

const char *const po_status_words[] = {
	"draft", "submitted", "partially_received", "received", "closed", "cancelled", NULL,
};

int64_t
po_parse_number(const char *number)
{
	size_t k = strlen(PO_PREFIX);
	const char *why;
	int64_t id;

	if (!number || strncmp(number, PO_PREFIX, k) != 0 ||
	    parse_int(number + k, 1, INT64_MAX, &id, &why) < 0)
		return -1;
	return id;
}

/* ---- the check ---- */

static const char *const checks[] = {
	/* a line's received and returned are what its deliveries say */
	"SELECT 'PO-' || l.po_id || ' line ' || l.line || ': received ' || l.received || "
	"', returned ' || l.returned || ', its deliveries ' || COALESCE(d.rcv, 0) || ' and ' || "
	"COALESCE(d.ret, 0) FROM po_line l LEFT JOIN (SELECT x.line_id, "
	"SUM(CASE WHEN y.kind = 'receipt' THEN x.qty ELSE 0 END) AS rcv, "
	"SUM(CASE WHEN y.kind = 'return' THEN x.qty ELSE 0 END) AS ret "
	"FROM po_delivery_line x JOIN po_delivery y ON y.id = x.delivery_id GROUP BY x.line_id) d "
	"ON d.line_id = l.id WHERE l.received <> COALESCE(d.rcv, 0) "
	"OR l.returned <> COALESCE(d.ret, 0) ORDER BY l.po_id, l.line",
	/* ... and what its movements moved into the PO's warehouse */
	"SELECT 'PO-' || l.po_id || ' line ' || l.line || ': received less returned ' || "
	"(l.received - l.returned) || ', its movements ' || COALESCE(m.qty, 0) "
	"FROM po_line l JOIN po p ON p.id = l.po_id LEFT JOIN (SELECT y.po_id, x.sku_id, "
	"SUM(x.qty) AS qty FROM movement x JOIN po_delivery y ON x.ref = 'PO-' || y.po_id || "
	"'/' || y.ref AND x.type = CASE WHEN y.kind = 'receipt' THEN 'receipt' "
	"ELSE 'purchase_return' END GROUP BY y.po_id, x.sku_id) m ON m.po_id = l.po_id "
	"AND m.sku_id = l.sku_id WHERE l.received - l.returned <> COALESCE(m.qty, 0) "
	"ORDER BY l.po_id, l.line",
	/* a PO's paid is its payments, never past its total */
	"SELECT 'PO-' || p.id || ': paid ' || p.paid || ', its payments ' || COALESCE(y.amount, 0) "
	"|| ', its total ' || COALESCE(t.total, 0) || ' (minor units)' FROM po p "
	"LEFT JOIN (SELECT po_id, SUM(amount) AS amount FROM po_payment GROUP BY po_id) y "
	"ON y.po_id = p.id LEFT JOIN (SELECT po_id, SUM(CASE WHEN received > qty THEN received "
	"ELSE qty END * cost) AS total FROM po_line GROUP BY po_id) t ON t.po_id = p.id "
	"WHERE p.paid <> COALESCE(y.amount, 0) OR p.paid > COALESCE(t.total, 0) ORDER BY p.id",
	/* what the ledger says we owe a supplier is its receipts at cost, less
	 * returns and payments */
	"SELECT 'supplier ''' || s.code || ''': the ledger says we owe ' || -COALESCE(g.bal, 0) || "
	"', its receipts, returns and payments ' || (COALESCE(v.owed, 0) - COALESCE(y.paid, 0)) || "
	"' (minor units)' FROM supplier s LEFT JOIN (SELECT account, SUM(amount) AS bal "
	"FROM posting WHERE substr(account, 1, 8) = 'payable:' GROUP BY account) g "
	"ON g.account = 'payable:' || s.code LEFT JOIN (SELECT p.supplier_id, "
	"SUM(CASE WHEN d.kind = 'receipt' THEN x.qty ELSE -x.qty END * l.cost) AS owed "
	"FROM po_delivery_line x JOIN po_delivery d ON d.id = x.delivery_id "
	"JOIN po_line l ON l.id = x.line_id JOIN po p ON p.id = d.po_id GROUP BY p.supplier_id) v "
	"ON v.supplier_id = s.id LEFT JOIN (SELECT p.supplier_id, SUM(y.amount) AS paid "
	"FROM po_payment y JOIN po p ON p.id = y.po_id GROUP BY p.supplier_id) y "
	"ON y.supplier_id = s.id WHERE -COALESCE(g.bal, 0) <> COALESCE(v.owed, 0) - "
	"COALESCE(y.paid, 0) ORDER BY s.code",
};

size_t
po_check(void (*report)(const char *violation, void *arg), void *arg)
{
	return db_report(checks, sizeof checks / sizeof checks[0], report, arg);
}
