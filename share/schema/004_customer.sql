-- 004_customer.sql - the customer master (SPEC §3 "Customers", shop-order
-- customer add/import). Price lists and customer part numbers held customer
-- codes as text until now: every code they use becomes a customer (its
-- name the code, to be completed by an import), and both tables are
-- rebuilt to point at customers by id. Written for both backends, and for
-- a database that already has prices and part numbers.
--
-- group, level, region, email and phone are '' when not set. terms
-- 'credit' may carry a credit_limit (NULL: no limit); a 'prepaid'
-- customer has none. approval_limit NULL: no order waits for approval.
-- Amounts are BIGINT minor units; times ISO 8601 UTC text.
CREATE TABLE customer (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE CHECK (code <> ''),
	name TEXT NOT NULL CHECK (name <> ''),
	cust_group TEXT NOT NULL DEFAULT '',
	level TEXT NOT NULL DEFAULT '',
	type TEXT NOT NULL DEFAULT 'b2c' CHECK (type = 'b2c' OR type = 'b2b'),
	terms TEXT NOT NULL DEFAULT 'prepaid' CHECK (terms = 'prepaid' OR terms = 'credit'),
	credit_limit BIGINT CHECK (credit_limit >= 0),
	approval_limit BIGINT CHECK (approval_limit >= 0),
	region TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (credit_limit IS NULL OR terms = 'credit')
);

-- The codes already in use. A migration has no clock of its own that both
-- backends spell alike: such a customer was created when the database was
-- first written (its first audit entry).
INSERT INTO customer (code, name, created_at, updated_at)
SELECT u.code, u.code, t.at, t.at
FROM (SELECT customer AS code FROM price_list WHERE customer <> ''
      UNION SELECT customer FROM customer_part) AS u,
     (SELECT COALESCE(MIN(at), '1970-01-01T00:00:00Z') AS at FROM audit) AS t
ORDER BY u.code;

-- Price lists: a customer's own (customer_id) or a group's (cust_group),
-- exactly one of the two; the natural key is one partial unique index
-- each. Ids are not carried over: nothing points at a price-list entry.
CREATE TABLE price_list_new (
	id INTEGER PRIMARY KEY,
	customer_id INTEGER REFERENCES customer(id),
	cust_group TEXT NOT NULL DEFAULT '',
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	min_qty BIGINT NOT NULL CHECK (min_qty >= 1),
	price BIGINT NOT NULL CHECK (price >= 0),
	CHECK ((customer_id IS NULL) <> (cust_group = ''))
);
INSERT INTO price_list_new (customer_id, cust_group, sku_id, min_qty, price)
SELECT c.id, l.cust_group, l.sku_id, l.min_qty, l.price
FROM price_list l LEFT JOIN customer c ON c.code = l.customer AND l.customer <> ''
ORDER BY l.id;
DROP TABLE price_list;
ALTER TABLE price_list_new RENAME TO price_list;
CREATE UNIQUE INDEX price_list_customer_key ON price_list(customer_id, sku_id, min_qty)
	WHERE customer_id IS NOT NULL;
CREATE UNIQUE INDEX price_list_group_key ON price_list(cust_group, sku_id, min_qty)
	WHERE customer_id IS NULL;
CREATE INDEX price_list_sku ON price_list(sku_id);

-- A B2B buyer's own codes for our SKUs.
CREATE TABLE customer_part_new (
	customer_id INTEGER NOT NULL REFERENCES customer(id),
	part_no TEXT NOT NULL CHECK (part_no <> ''),
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	PRIMARY KEY (customer_id, part_no)
);
INSERT INTO customer_part_new (customer_id, part_no, sku_id)
SELECT c.id, p.part_no, p.sku_id FROM customer_part p JOIN customer c ON c.code = p.customer;
DROP TABLE customer_part;
ALTER TABLE customer_part_new RENAME TO customer_part;
CREATE INDEX customer_part_sku ON customer_part(sku_id);
