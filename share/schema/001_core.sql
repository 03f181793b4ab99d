-- 001_core.sql - the audit log and the product center (SPU/SKU, categories,
-- brands, price lists, customer part numbers, supplier codes).
-- Money columns are BIGINT minor units. Times are ISO 8601 UTC text.

CREATE TABLE audit (
	id INTEGER PRIMARY KEY,
	at TEXT NOT NULL,
	os_user TEXT NOT NULL,
	program TEXT NOT NULL,
	argv TEXT NOT NULL,
	summary TEXT NOT NULL
);

CREATE TABLE brand (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE
);

-- path is the full name "Phones/Smartphones"; depth 1..4
CREATE TABLE category (
	id INTEGER PRIMARY KEY,
	parent_id INTEGER REFERENCES category(id),
	name TEXT NOT NULL,
	path TEXT NOT NULL UNIQUE,
	depth INTEGER NOT NULL CHECK (depth BETWEEN 1 AND 4)
);
CREATE INDEX category_parent ON category(parent_id);

CREATE TABLE spu (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL DEFAULT ''
);

-- One row per SKU. attrs are the sales attributes "k=v;k=v" that tell the
-- SKUs of one SPU apart, key_attrs the key attributes; prices are minor
-- units (NULL = not set); on_sale_* are ISO 8601 UTC, NULL = open-ended.
-- A SKU hangs on a leaf category (checked by lib/product.c).
-- spu_id, brand_id and category_id carry no foreign keys: checking three
-- parents on every insert was a tenth of a bulk import. Every id written
-- here was looked up or created in the same transaction, brand remove and
-- category remove refuse what SKUs use, and `shop-product check` (run by
-- `shop check` and after every test) proves each one exists.
CREATE TABLE sku (
	id INTEGER PRIMARY KEY,
	sku TEXT NOT NULL UNIQUE,
	spu_id INTEGER,
	name TEXT NOT NULL,
	brand_id INTEGER,
	category_id INTEGER,
	attrs TEXT NOT NULL DEFAULT '',
	key_attrs TEXT NOT NULL DEFAULT '',
	price BIGINT CHECK (price >= 0),
	market_price BIGINT CHECK (market_price >= 0),
	cost BIGINT CHECK (cost >= 0),
	barcode TEXT,
	weight_g BIGINT CHECK (weight_g >= 0),
	-- OR, not IN (...): SQLite builds a temporary index for an IN list of
	-- three or more on every insert, which costs half the import's time
	status TEXT NOT NULL DEFAULT 'draft'
		CHECK (status = 'draft' OR status = 'active' OR status = 'inactive'),
	backorder INTEGER NOT NULL DEFAULT 0 CHECK (backorder IN (0, 1)),
	on_sale_from TEXT,
	on_sale_until TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (on_sale_from IS NULL OR on_sale_until IS NULL OR on_sale_from < on_sale_until)
);
-- No index on spu_id or brand_id: nothing looks SKUs up by them one at a
-- time (reports group, brand remove counts once), and every index costs
-- the product import about a tenth of its time.
CREATE INDEX sku_category ON sku(category_id);
-- a barcode names one trade item: scanning it must find one SKU
CREATE UNIQUE INDEX sku_barcode ON sku(barcode) WHERE barcode IS NOT NULL;

-- B2B price lists: for one customer (by code) or one customer group, per
-- SKU, with quantity breaks. Exactly one of customer/cust_group is set;
-- the other is '' (not NULL, so that the natural key is a plain UNIQUE).
-- Customer and group are codes as given: the customer master arrives with
-- shop-order.
CREATE TABLE price_list (
	id INTEGER PRIMARY KEY,
	customer TEXT NOT NULL DEFAULT '',
	cust_group TEXT NOT NULL DEFAULT '',
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	min_qty BIGINT NOT NULL CHECK (min_qty >= 1),
	price BIGINT NOT NULL CHECK (price >= 0),
	CHECK ((customer = '') <> (cust_group = '')),
	UNIQUE (customer, cust_group, sku_id, min_qty)
);
CREATE INDEX price_list_sku ON price_list(sku_id);

-- A B2B buyer's own codes for our SKUs.
CREATE TABLE customer_part (
	customer TEXT NOT NULL CHECK (customer <> ''),
	part_no TEXT NOT NULL CHECK (part_no <> ''),
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	PRIMARY KEY (customer, part_no)
);
CREATE INDEX customer_part_sku ON customer_part(sku_id);

-- A supplier's codes for our SKUs (the supplier master arrives with shop-po).
CREATE TABLE supplier_code (
	supplier TEXT NOT NULL CHECK (supplier <> ''),
	supplier_sku TEXT NOT NULL CHECK (supplier_sku <> ''),
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	PRIMARY KEY (supplier, supplier_sku)
);
CREATE INDEX supplier_code_sku ON supplier_code(sku_id);
