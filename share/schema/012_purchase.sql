-- Purchasing (SPEC §3 "Suppliers", "Purchase orders", §4 shop-po):
-- suppliers and what they sell us, purchase orders, their deliveries and
-- returns, and what we pay them.

-- rating: tenths, 0..50 (a rating of 0.0 to 5.0); lead_days NULL: unknown.
CREATE TABLE supplier (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE CHECK (code <> ''),
	name TEXT NOT NULL CHECK (name <> ''),
	lead_days BIGINT CHECK (lead_days >= 0),
	rating BIGINT CHECK (rating >= 0 AND rating <= 50),
	email TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

-- The suppliers the codes and reorder rules kept so far named: from now
-- on every supplier code is a supplier's (its name the code until given).
INSERT INTO supplier (code, name, created_at, updated_at)
	SELECT s, s, '1970-01-01T00:00:00Z', '1970-01-01T00:00:00Z' FROM (
		SELECT supplier AS s FROM supplier_code
		UNION SELECT supplier FROM reorder_rule WHERE supplier <> '') x;

-- What a supplier sells us: its cost, minimum order quantity, pack size
-- and lead time (NULL: the supplier's). The supplier's own code for the
-- SKU is in supplier_code, one mapping for both.
CREATE TABLE supplier_item (
	supplier_id INTEGER NOT NULL REFERENCES supplier(id),
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	cost BIGINT NOT NULL CHECK (cost >= 0),
	moq BIGINT NOT NULL DEFAULT 1 CHECK (moq >= 1),
	pack_size BIGINT NOT NULL DEFAULT 1 CHECK (pack_size >= 1),
	lead_days BIGINT CHECK (lead_days >= 0),
	updated_at TEXT NOT NULL,
	PRIMARY KEY (supplier_id, sku_id)
);
CREATE INDEX supplier_item_sku ON supplier_item(sku_id);

-- A purchase order PO-n. po_ref: the buyer's reference, once per supplier
-- ('' for none). expected_at: when the goods are due (given, or the
-- lead time from submit).
CREATE TABLE po (
	id INTEGER PRIMARY KEY,
	po_ref TEXT NOT NULL DEFAULT '',
	supplier_id INTEGER NOT NULL REFERENCES supplier(id),
	warehouse_id INTEGER NOT NULL REFERENCES warehouse(id),
	status TEXT NOT NULL CHECK (status = 'draft' OR status = 'submitted'
		OR status = 'partially_received' OR status = 'received'
		OR status = 'closed' OR status = 'cancelled'),
	paid BIGINT NOT NULL DEFAULT 0 CHECK (paid >= 0),
	note TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	submitted_at TEXT,
	expected_at TEXT,
	os_user TEXT NOT NULL
);
CREATE UNIQUE INDEX po_supplier_ref ON po(supplier_id, po_ref) WHERE po_ref <> '';
CREATE INDEX po_status ON po(status);

-- Its lines, one per SKU. qty 0: an item not ordered that came (a sample,
-- at cost 0). received and returned: units, kept with the deliveries.
CREATE TABLE po_line (
	id INTEGER PRIMARY KEY,
	po_id INTEGER NOT NULL REFERENCES po(id),
	line BIGINT NOT NULL CHECK (line > 0),
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	qty BIGINT NOT NULL CHECK (qty >= 0),
	cost BIGINT NOT NULL CHECK (cost >= 0),
	received BIGINT NOT NULL DEFAULT 0 CHECK (received >= 0),
	returned BIGINT NOT NULL DEFAULT 0 CHECK (returned >= 0 AND returned <= received),
	UNIQUE (po_id, line),
	UNIQUE (po_id, sku_id)
);
CREATE INDEX po_line_sku ON po_line(sku_id);

-- A delivery received (kind receipt) or goods sent back (kind return),
-- by its ref, once per PO; its lines and when, for the supplier
-- scorecard (on time, filled, over or short).
CREATE TABLE po_delivery (
	id INTEGER PRIMARY KEY,
	po_id INTEGER NOT NULL REFERENCES po(id),
	kind TEXT NOT NULL CHECK (kind = 'receipt' OR kind = 'return'),
	ref TEXT NOT NULL CHECK (ref <> ''),
	at TEXT NOT NULL,
	os_user TEXT NOT NULL,
	UNIQUE (po_id, kind, ref)
);
CREATE TABLE po_delivery_line (
	delivery_id INTEGER NOT NULL REFERENCES po_delivery(id),
	line_id INTEGER NOT NULL REFERENCES po_line(id),
	qty BIGINT NOT NULL CHECK (qty > 0),
	PRIMARY KEY (delivery_id, line_id)
);
CREATE INDEX po_delivery_line_line ON po_delivery_line(line_id);
-- @append-only po_delivery: deliveries are append-only
-- @append-only po_delivery_line: deliveries are append-only

-- What we paid a supplier against a PO; a txn is applied once.
CREATE TABLE po_payment (
	id INTEGER PRIMARY KEY,
	po_id INTEGER NOT NULL REFERENCES po(id),
	txn TEXT NOT NULL UNIQUE CHECK (txn <> ''),
	amount BIGINT NOT NULL CHECK (amount > 0),
	method TEXT NOT NULL DEFAULT '',
	at TEXT NOT NULL,
	os_user TEXT NOT NULL
);
CREATE INDEX po_payment_po ON po_payment(po_id);
-- @append-only po_payment: supplier payments are append-only

CREATE TABLE po_event (
	id INTEGER PRIMARY KEY,
	po_id INTEGER NOT NULL REFERENCES po(id),
	at TEXT NOT NULL,
	status TEXT NOT NULL,
	os_user TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX po_event_po ON po_event(po_id);
-- @append-only po_event: the PO history is append-only
