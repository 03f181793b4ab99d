-- Roles and permissions (SPEC §3 "Roles and permissions"): the users of
-- the shop and the roles each holds. While there is none, everyone may do
-- everything; once there is one, every command checks the caller's roles.
-- A user is an OS login name on SQLite, a database login on PostgreSQL
-- (where each role is also a database role with table privileges).
CREATE TABLE shop_user (
	name TEXT PRIMARY KEY CHECK (name <> ''),
	added_at TEXT NOT NULL,
	added_by TEXT NOT NULL
);
CREATE TABLE shop_user_role (
	name TEXT NOT NULL REFERENCES shop_user(name),
	role TEXT NOT NULL CHECK (role = 'admin' OR role = 'catalog' OR role = 'sales'
		OR role = 'warehouse' OR role = 'purchasing' OR role = 'finance'
		OR role = 'service' OR role = 'marketing' OR role = 'viewer'),
	PRIMARY KEY (name, role)
);
