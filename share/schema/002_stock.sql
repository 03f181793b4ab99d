-- 002_stock.sql - warehouses, stock levels, the movement ledger,
-- reservations, pools and reorder rules (SPEC §3 "Stock").
-- Quantities are BIGINT units. Times are ISO 8601 UTC text.
--
-- The levels in stock are sums kept up to date by lib/stock.c and
-- recomputed by `shop-stock check`:
--   on_hand   = SUM(movement.qty)
--   reserved  = SUM(reservation.held) over open reservations
--   allocated = SUM(pool.qty - pool.drawn) over open pools

CREATE TABLE warehouse (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	region TEXT NOT NULL DEFAULT '',
	-- lower numbers are tried first when an order is split
	priority BIGINT NOT NULL DEFAULT 100,
	created_at TEXT NOT NULL
);

CREATE TABLE stock (
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	warehouse_id INTEGER NOT NULL REFERENCES warehouse(id),
	on_hand BIGINT NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
	reserved BIGINT NOT NULL DEFAULT 0 CHECK (reserved >= 0),
	allocated BIGINT NOT NULL DEFAULT 0 CHECK (allocated >= 0),
	PRIMARY KEY (sku_id, warehouse_id)
);
CREATE INDEX stock_warehouse ON stock(warehouse_id);

-- The ledger: one row per change of on_hand, never updated or deleted.
-- qty is signed; its sign is fixed by the type. (ref, type, sku, warehouse)
-- is the natural key that makes a re-sent document a no-op.
-- sku_id and warehouse_id are not declared REFERENCES on purpose: every
-- movement changes the stock row of the same (sku, warehouse) in the same
-- transaction, and that row holds the foreign keys. Checking them again per
-- ledger row costs a fifth of a bulk receipt; `shop-stock check` still
-- proves every movement's sku and warehouse exist.
CREATE TABLE movement (
	id INTEGER PRIMARY KEY,
	sku_id INTEGER NOT NULL,
	warehouse_id INTEGER NOT NULL,
	type TEXT NOT NULL,
	qty BIGINT NOT NULL,
	at TEXT NOT NULL,
	os_user TEXT NOT NULL,
	ref TEXT NOT NULL CHECK (ref <> ''),
	doc TEXT NOT NULL DEFAULT '',   -- the document kind: "receive", "order SO-12"
	note TEXT NOT NULL DEFAULT '',
	-- the type and the sign its qty must have; a CASE, not "type IN (...)",
	-- which SQLite evaluates through a temporary table on every insert
	CHECK (CASE type
		WHEN 'receipt' THEN qty > 0
		WHEN 'transfer_in' THEN qty > 0
		WHEN 'customer_return' THEN qty > 0
		WHEN 'shipment' THEN qty < 0
		WHEN 'transfer_out' THEN qty < 0
		WHEN 'purchase_return' THEN qty < 0
		WHEN 'adjustment' THEN qty <> 0
		WHEN 'count_variance' THEN qty <> 0
		ELSE FALSE END)
);
-- ref first: a file's rows arrive grouped by document, so the key grows
-- at its end instead of all over the tree
CREATE UNIQUE INDEX movement_key ON movement(ref, type, sku_id, warehouse_id);

-- triggers refuse UPDATE and DELETE; each backend writes them its way
-- (lib/db_sqlite.c, lib/db_pg.c: schema_adapt)
-- @append-only movement: the movement ledger is append-only

-- Named allocations carved out of available stock: a campaign's activity
-- stock, a channel's share. What is drawn becomes reservations.
CREATE TABLE pool (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	warehouse_id INTEGER NOT NULL REFERENCES warehouse(id),
	qty BIGINT NOT NULL CHECK (qty > 0),
	drawn BIGINT NOT NULL DEFAULT 0 CHECK (drawn >= 0 AND drawn <= qty),
	status TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'released'),
	created_at TEXT NOT NULL,
	released_at TEXT
);

-- Stock held for a document line (an order line "SO-12/1"). held is what
-- is still reserved; shipped and released say where the rest went.
CREATE TABLE reservation (
	id INTEGER PRIMARY KEY,
	ref TEXT NOT NULL CHECK (ref <> ''),
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	warehouse_id INTEGER NOT NULL REFERENCES warehouse(id),
	qty BIGINT NOT NULL CHECK (qty > 0),
	held BIGINT NOT NULL CHECK (held >= 0),
	shipped BIGINT NOT NULL DEFAULT 0 CHECK (shipped >= 0),
	released BIGINT NOT NULL DEFAULT 0 CHECK (released >= 0),
	pool_id INTEGER REFERENCES pool(id),
	status TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'closed'),
	created_at TEXT NOT NULL,
	closed_at TEXT,
	CHECK (held + shipped + released = qty)
);
CREATE UNIQUE INDEX reservation_key ON reservation(ref, sku_id, warehouse_id);
CREATE INDEX reservation_open ON reservation(sku_id, warehouse_id) WHERE status = 'open';

-- Reorder rules: order up to target, or order_qty at a time, once the
-- available stock plus what is on order falls to reorder_point.
CREATE TABLE reorder_rule (
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	warehouse_id INTEGER NOT NULL REFERENCES warehouse(id),
	reorder_point BIGINT NOT NULL CHECK (reorder_point >= 0),
	target BIGINT CHECK (target >= reorder_point),
	order_qty BIGINT CHECK (order_qty > 0),
	supplier TEXT NOT NULL DEFAULT '',
	lead_days BIGINT CHECK (lead_days >= 0),
	updated_at TEXT NOT NULL,
	PRIMARY KEY (sku_id, warehouse_id),
	CHECK ((target IS NULL) <> (order_qty IS NULL))
);
