-- 003_meta.sql - the database's own settings, fixed when it is created:
-- currency.code and currency.digits (the minor units every amount is
-- stored in). A config that disagrees is refused, never a rescaling.
CREATE TABLE IF NOT EXISTS meta (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
