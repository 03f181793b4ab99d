-- Coupons (SPEC §3 "Coupons", §4 shop-coupon): templates, the instances
-- issued to customers, and redemption codes (卡密).

-- A template. value: the amount off in minor units (cash, threshold), or
-- the percent 1..100 (percent). scope and exclude are scope.h texts.
-- taken: the instances that are not void plus the redemption codes not
-- redeemed yet; quantity bounds it (a conditional update takes one).
CREATE TABLE coupon (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE CHECK (code <> ''),
	type TEXT NOT NULL CHECK (type = 'cash' OR type = 'threshold' OR type = 'percent'),
	value BIGINT NOT NULL CHECK (value > 0),
	min_spend BIGINT CHECK (min_spend >= 0),
	max_discount BIGINT CHECK (max_discount > 0),
	scope TEXT NOT NULL DEFAULT 'all',
	exclude TEXT NOT NULL DEFAULT '',
	funded_by TEXT NOT NULL DEFAULT 'shop' CHECK (funded_by = 'shop' OR funded_by = 'platform'),
	valid_from TEXT,
	valid_until TEXT,
	valid_days BIGINT CHECK (valid_days > 0),
	quantity BIGINT CHECK (quantity >= 0),
	per_customer BIGINT CHECK (per_customer > 0),
	taken BIGINT NOT NULL DEFAULT 0 CHECK (taken >= 0),
	status TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'void'),
	created_at TEXT NOT NULL,
	CHECK (quantity IS NULL OR taken <= quantity)
);

-- What one customer holds of a template (instances not void), for the
-- per-customer limit: a conditional update takes one.
CREATE TABLE coupon_holder (
	coupon_id INTEGER NOT NULL REFERENCES coupon(id),
	customer_id INTEGER NOT NULL REFERENCES customer(id),
	taken BIGINT NOT NULL DEFAULT 0 CHECK (taken >= 0),
	PRIMARY KEY (coupon_id, customer_id)
);

-- An instance: a coupon a customer holds. Its window is the template's,
-- or valid_days from its issue. ref makes an issue idempotent; used
-- instances name their order. 'expired' is stored when a write finds it
-- so (a cancelled order's coupon past its window); the listings also
-- show an issued instance past its window as expired.
CREATE TABLE coupon_instance (
	id INTEGER PRIMARY KEY,
	coupon_id INTEGER NOT NULL REFERENCES coupon(id),
	customer_id INTEGER NOT NULL REFERENCES customer(id),
	ref TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL DEFAULT 'issued' CHECK (status = 'issued' OR status = 'used'
		OR status = 'expired' OR status = 'void'),
	issued_at TEXT NOT NULL,
	valid_from TEXT,
	valid_until TEXT,
	order_id INTEGER REFERENCES orders(id),
	used_at TEXT,
	-- what it took off its order (minor units), while used
	discount BIGINT NOT NULL DEFAULT 0 CHECK (discount >= 0),
	CHECK ((status = 'used') = (order_id IS NOT NULL))
);
CREATE UNIQUE INDEX coupon_instance_ref ON coupon_instance(coupon_id, customer_id, ref)
	WHERE ref <> '';
CREATE INDEX coupon_instance_holder ON coupon_instance(customer_id, coupon_id);
CREATE INDEX coupon_instance_order ON coupon_instance(order_id);

-- A redemption code: only its SHA-256 is kept (a copy of the database
-- hands out no code); redeemed once, into an instance.
CREATE TABLE coupon_key (
	id INTEGER PRIMARY KEY,
	coupon_id INTEGER NOT NULL REFERENCES coupon(id),
	hash TEXT NOT NULL UNIQUE,
	created_at TEXT NOT NULL,
	instance_id INTEGER REFERENCES coupon_instance(id),
	redeemed_at TEXT
);
CREATE INDEX coupon_key_coupon ON coupon_key(coupon_id);
