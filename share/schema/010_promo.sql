-- 010_promo.sql - promotions (SPEC §3 "Promotions", §4 shop-coupon promo):
-- threshold tiers (满减), percent off, N-for-M (多买优惠), gift with purchase
-- (满赠) and bundle price (套装); a window, a channel, a customer level, a
-- scope, exclusive or not. Written by lib/promo.c, read once a command by
-- promo_load() and applied to carts in C (promo_apply).
--
-- Amounts are BIGINT minor units; times ISO 8601 UTC text (NULL: open).
-- A promotion is never changed once created: the same code again with the
-- same definition is skipped, with another refused.

CREATE TABLE promotion (
	id INTEGER PRIMARY KEY,
	code TEXT NOT NULL UNIQUE CHECK (code <> ''),
	-- the order of application is bundle, nform, percent, threshold, gift
	type TEXT NOT NULL CHECK (CASE type
		WHEN 'bundle' THEN 1 WHEN 'nform' THEN 1 WHEN 'percent' THEN 1
		WHEN 'threshold' THEN 1 WHEN 'gift' THEN 1 ELSE 0 END = 1),
	-- the canonical texts of lib/scope.h; a bundle's scope is its SKUs
	scope TEXT NOT NULL,
	exclude_scope TEXT NOT NULL DEFAULT '',
	-- valid_from inclusive, valid_until exclusive
	valid_from TEXT,
	valid_until TEXT,
	-- '' for any channel, any customer level
	channel TEXT NOT NULL DEFAULT '',
	level TEXT NOT NULL DEFAULT '',
	is_exclusive BIGINT NOT NULL DEFAULT 0 CHECK (is_exclusive = 0 OR is_exclusive = 1),
	-- percent: the percent off and its optional cap
	pct BIGINT CHECK (pct >= 1 AND pct <= 100),
	max_discount BIGINT CHECK (max_discount > 0),
	-- nform: buy N, pay M
	buy BIGINT CHECK (buy >= 1),
	pay BIGINT CHECK (pay >= 0),
	-- gift: the spend (in scope, after discounts) that earns the gifts
	min_spend BIGINT CHECK (min_spend > 0),
	-- bundle: what a complete set costs
	price BIGINT CHECK (price >= 0),
	created_at TEXT NOT NULL,
	CHECK (buy IS NULL OR pay < buy),
	CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from < valid_until)
);

-- threshold: spend at least `spend` (in scope, after the earlier
-- promotions), get `discount` off; the highest tier reached applies
CREATE TABLE promotion_tier (
	promotion_id INTEGER NOT NULL REFERENCES promotion(id),
	spend BIGINT NOT NULL CHECK (spend > 0),
	discount BIGINT NOT NULL CHECK (discount > 0 AND discount <= spend),
	PRIMARY KEY (promotion_id, spend)
);

-- gift: the SKUs added free; bundle: the SKUs and quantities of one set
CREATE TABLE promotion_item (
	promotion_id INTEGER NOT NULL REFERENCES promotion(id),
	sku_id INTEGER NOT NULL REFERENCES sku(id),
	qty BIGINT NOT NULL CHECK (qty >= 1),
	PRIMARY KEY (promotion_id, sku_id)
);
