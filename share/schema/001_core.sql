-- 001_core.sql - the audit log and the product center (SPU/SKU, categories,
-- brands, price lists, customer part numbers, supplier codes).
-- Money columns are INTEGER minor units. Times are ISO 8601 UTC text.

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

CREATE TABLE sku (
	id INTEGER PRIMARY KEY,
	sku TEXT NOT NULL UNIQUE,
	spu_id INTEGER REFERENCES spu(id),
	name TEXT NOT NULL,
	brand_id INTEGER REFERENCES brand(id),
	category_id INTEGER REFERENCES category(id),
	attrs TEXT NOT NULL DEFAULT '',
	key_attrs TEXT NOT NULL DEFAULT '',
	price INTEGER,
	market_price INTEGER,
	cost INTEGER,
	barcode TEXT,
	weight_g INTEGER,
	status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'inactive')),
	backorder INTEGER NOT NULL DEFAULT 0 CHECK (backorder IN (0, 1)),
	on_sale_from TEXT,
	on_sale_until TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX sku_spu ON sku(spu_id);
CREATE INDEX sku_category ON sku(category_id);
CREATE INDEX sku_brand ON sku(brand_id);
CREATE INDEX sku_barcode ON sku(barcode);

-- B2B price lists: for one customer (by code) or one customer group, per
-- SKU, with quantity breaks. Exactly one of customer/cust_group is set.
CREATE TABLE price_list (
	id INTEGER PRIMARY KEY,
	customer TEXT,
	cust_group TEXT,
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	min_qty INTEGER NOT NULL CHECK (min_qty >= 1),
	price INTEGER NOT NULL CHECK (price >= 0),
	CHECK ((customer IS NULL) <> (cust_group IS NULL))
);
CREATE UNIQUE INDEX price_list_key ON price_list(COALESCE(customer, ''), COALESCE(cust_group, ''), sku_id, min_qty);

-- A B2B buyer's own codes for our SKUs.
CREATE TABLE customer_part (
	customer TEXT NOT NULL,
	part_no TEXT NOT NULL,
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	PRIMARY KEY (customer, part_no)
);

-- A supplier's codes for our SKUs.
CREATE TABLE supplier_code (
	supplier TEXT NOT NULL,
	supplier_sku TEXT NOT NULL,
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	PRIMARY KEY (supplier, supplier_sku)
);
