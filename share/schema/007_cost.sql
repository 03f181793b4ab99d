-- 007_cost.sql - each movement keeps the unit cost it moved at (SPEC §3
-- "The money ledger"), so that the ledger's inventory account equals the
-- movements at cost: inventory = SUM(movement.qty * movement.unit_cost).
-- The cost is the SKU's cost (minor units) when the movement is written,
-- 0 for a SKU without one; movements from before carry 0, as nothing was
-- posted for them.
ALTER TABLE movement ADD COLUMN unit_cost BIGINT NOT NULL DEFAULT 0;
