-- After-sales (SPEC §3 "Reverse flows", "After-sales cases"): every
-- refund, return and exchange is a case AS-n with its lines, a state and a
-- history, so that no request is lost.

CREATE TABLE after_sales (
	id INTEGER PRIMARY KEY,
	order_id INTEGER NOT NULL REFERENCES orders(id),
	type TEXT NOT NULL CHECK (type = 'refund' OR type = 'return' OR type = 'exchange'),
	status TEXT NOT NULL CHECK (status = 'requested' OR status = 'approved'
		OR status = 'received' OR status = 'refunded' OR status = 'closed'
		OR status = 'rejected'),
	-- what it gives back (minor units), fixed when it is opened
	amount BIGINT NOT NULL DEFAULT 0 CHECK (amount >= 0),
	reason TEXT NOT NULL DEFAULT '',
	-- the refund's transaction id, applied once ('' for none)
	txn TEXT NOT NULL DEFAULT '',
	restock BIGINT NOT NULL DEFAULT 1,
	new_sku_id INTEGER REFERENCES sku(id),
	opened_by TEXT NOT NULL,
	opened_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX after_sales_order ON after_sales(order_id);
CREATE UNIQUE INDEX after_sales_txn ON after_sales(txn) WHERE txn <> '';
CREATE INDEX after_sales_open ON after_sales(opened_at) WHERE status <> 'closed' AND status <> 'rejected';

-- A case's lines: units of an order line and the money they give back.
CREATE TABLE after_sales_line (
	case_id INTEGER NOT NULL REFERENCES after_sales(id),
	line_id INTEGER NOT NULL REFERENCES order_line(id),
	qty BIGINT NOT NULL CHECK (qty >= 0),
	amount BIGINT NOT NULL CHECK (amount >= 0),
	PRIMARY KEY (case_id, line_id)
);

CREATE TABLE after_sales_event (
	id INTEGER PRIMARY KEY,
	case_id INTEGER NOT NULL REFERENCES after_sales(id),
	at TEXT NOT NULL,
	os_user TEXT NOT NULL,
	status TEXT NOT NULL,
	note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX after_sales_event_case ON after_sales_event(case_id);
-- @append-only after_sales_event: the history of a case is append-only

-- A refund paid out by a case names it; money back on a cancel names none.
-- What a credit order not yet paid is given back is a credit note: it
-- lowers what the customer owes, no money moves (orders.credited).
ALTER TABLE payment ADD COLUMN case_id INTEGER REFERENCES after_sales(id);
ALTER TABLE orders ADD COLUMN credited BIGINT NOT NULL DEFAULT 0 CHECK (credited >= 0);
