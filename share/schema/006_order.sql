-- 006_order.sql - orders, their lines, payments, shipments and history
-- (SPEC §3 "Orders", "Order states", "Payments", "Splitting").
-- Amounts are BIGINT minor units; quantities BIGINT units; times ISO 8601
-- UTC text. An order's number is "SO-" and its id: nothing to keep apart.
--
-- The figures of an order are kept with it and proved by `shop-order
-- check`: goods_total = SUM(lines qty x unit_price), discount =
-- SUM(lines discount) = discount_shop + discount_platform, total =
-- goods_total - discount + freight, paid = SUM(payments), refunded =
-- SUM(refunds), 0 <= refunded <= paid <= total.

CREATE TABLE orders (
	id INTEGER PRIMARY KEY,
	customer_id INTEGER NOT NULL REFERENCES customer(id),
	-- the customer's or channel's own reference; '' when none
	order_ref TEXT NOT NULL DEFAULT '',
	channel TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL CHECK (CASE status
		WHEN 'pending_approval' THEN 1 WHEN 'pending_payment' THEN 1
		WHEN 'confirmed' THEN 1 WHEN 'partially_shipped' THEN 1
		WHEN 'shipped' THEN 1 WHEN 'delivered' THEN 1 WHEN 'completed' THEN 1
		WHEN 'rejected' THEN 1 WHEN 'cancelled' THEN 1 WHEN 'refunded' THEN 1
		ELSE 0 END = 1),
	currency TEXT NOT NULL,
	goods_total BIGINT NOT NULL CHECK (goods_total >= 0),
	discount_shop BIGINT NOT NULL DEFAULT 0 CHECK (discount_shop >= 0),
	discount_platform BIGINT NOT NULL DEFAULT 0 CHECK (discount_platform >= 0),
	freight BIGINT NOT NULL DEFAULT 0 CHECK (freight >= 0),
	total BIGINT NOT NULL CHECK (total >= 0),
	paid BIGINT NOT NULL DEFAULT 0 CHECK (paid >= 0),
	refunded BIGINT NOT NULL DEFAULT 0 CHECK (refunded >= 0),
	coupon TEXT NOT NULL DEFAULT '',
	ship_name TEXT NOT NULL DEFAULT '',
	ship_phone TEXT NOT NULL DEFAULT '',
	ship_address TEXT NOT NULL DEFAULT '',
	ship_region TEXT NOT NULL DEFAULT '',
	note TEXT NOT NULL DEFAULT '',
	-- 1 once the entry "order placed" is in the money ledger (an order
	-- awaiting approval has none until it is approved)
	posted BIGINT NOT NULL DEFAULT 0,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (refunded <= paid AND paid <= total)
);
-- (customer, order_ref) is the natural key that makes a re-sent order a no-op
CREATE UNIQUE INDEX orders_ref ON orders(customer_id, order_ref) WHERE order_ref <> '';
CREATE INDEX orders_status ON orders(status, created_at);
CREATE INDEX orders_created ON orders(created_at);

-- line is numbered from 1 in the order given; a line no warehouse could
-- fill alone is split into lines per warehouse (same sku and price).
CREATE TABLE order_line (
	id INTEGER PRIMARY KEY,
	order_id INTEGER NOT NULL REFERENCES orders(id),
	line BIGINT NOT NULL CHECK (line >= 1),
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	qty BIGINT NOT NULL CHECK (qty > 0),
	unit_price BIGINT NOT NULL CHECK (unit_price >= 0),
	discount BIGINT NOT NULL DEFAULT 0 CHECK (discount >= 0),
	warehouse_id INTEGER NOT NULL REFERENCES warehouse(id),
	shipped BIGINT NOT NULL DEFAULT 0 CHECK (shipped >= 0 AND shipped <= qty),
	returned BIGINT NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= shipped),
	refunded_qty BIGINT NOT NULL DEFAULT 0 CHECK (refunded_qty >= 0 AND refunded_qty <= qty),
	refunded BIGINT NOT NULL DEFAULT 0 CHECK (refunded >= 0),
	UNIQUE (order_id, line)
);
CREATE INDEX order_line_sku ON order_line(sku_id);

-- Money received for an order (payment) or given back (refund); txn is
-- applied once. Append-only.
CREATE TABLE payment (
	id INTEGER PRIMARY KEY,
	order_id INTEGER NOT NULL REFERENCES orders(id),
	txn TEXT NOT NULL UNIQUE CHECK (txn <> ''),
	kind TEXT NOT NULL CHECK (kind = 'payment' OR kind = 'refund'),
	amount BIGINT NOT NULL CHECK (amount > 0),
	method TEXT NOT NULL DEFAULT '',
	at TEXT NOT NULL,
	os_user TEXT NOT NULL
);
CREATE INDEX payment_order ON payment(order_id);
-- @append-only payment: payments are append-only

-- What left the warehouse for an order line; tracking '' when none (a
-- shipment with a tracking number is applied once per order, sku and
-- tracking). Append-only.
CREATE TABLE shipment (
	id INTEGER PRIMARY KEY,
	order_id INTEGER NOT NULL REFERENCES orders(id),
	line_id INTEGER NOT NULL REFERENCES order_line(id),
	sku_id INTEGER NOT NULL,
	warehouse_id INTEGER NOT NULL,
	qty BIGINT NOT NULL CHECK (qty > 0),
	carrier TEXT NOT NULL DEFAULT '',
	tracking TEXT NOT NULL DEFAULT '',
	at TEXT NOT NULL,
	os_user TEXT NOT NULL
);
CREATE INDEX shipment_order ON shipment(order_id);
CREATE UNIQUE INDEX shipment_tracking ON shipment(order_id, sku_id, tracking, line_id)
	WHERE tracking <> '';
-- @append-only shipment: shipments are append-only

-- Every change of an order's state, for `show` and the reports.
CREATE TABLE order_event (
	id INTEGER PRIMARY KEY,
	order_id INTEGER NOT NULL REFERENCES orders(id),
	at TEXT NOT NULL,
	os_user TEXT NOT NULL,
	status TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX order_event_order ON order_event(order_id);
-- @append-only order_event: the order history is append-only
