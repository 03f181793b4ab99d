-- 015_report_ops.sql - what shop-report's operations reports (stock,
-- coupons, suppliers, ledger, audit) need of the schema.
--
-- The command an audit row was written by ("receive", "supplier items
-- import"): `shop-report audit` counts the writes per user, program and
-- command, and the words of a command cannot be told from its arguments
-- in argv. Rows written before this migration have ''.
ALTER TABLE audit ADD COLUMN command TEXT NOT NULL DEFAULT '';
