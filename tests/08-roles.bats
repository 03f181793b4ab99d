#!/usr/bin/env bats
# Roles and permissions: while no user is defined everyone may do
# everything; once one is, every command checks the caller's roles (exit
# 77, nothing written). The caller is the OS login on SQLite and the
# database login on PostgreSQL: in the tests both are $(id -un), so a role
# is tested by giving the test's own login that role, after an admin
# (nobody) is there to keep the shop managed.
load helper

me=$(id -un)

# a catalogue, a warehouse, stock, a customer, a shipped and paid order
seed() {
	shop-product -q add A --name Apple --price 10 --cost 4 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku A --warehouse W1 --qty 10 --ref G1
	shop-order -q customer add C1 --name One
	shop-order -q create --customer C1 --line A:2 >/dev/null
	shop-order -q pay SO-1 --amount 20 --txn P1
	shop-order -q ship SO-1
}

# on PostgreSQL a user is a database login: make it (creating logins is
# the DBA's job, not the tools')
login() {
	[ "$SHOP_TEST_BACKEND" = pg ] || return 0
	pg -h "$SHOP_TEST_PGHOST" -d postgres -c "DO \$\$ BEGIN CREATE ROLE $1 LOGIN;
		EXCEPTION WHEN duplicate_object THEN NULL; END \$\$"
}

# the test's login holds only the roles given; nobody is the admin
become() {
	login nobody
	shop -q user add "$me" --role admin
	shop -q user add nobody --role admin
	shop -q user add "$me" "$@"
}

# what a refused command must leave as it was
audit_rows() {
	sql "select count(*) from audit"
}

@test "no users: everyone may do everything" {
	seed
	run -0 shop user list --no-header
	[ -z "$output" ]
	run -0 shop-order refund SO-1 --line A:1
}

@test "the first user must be an admin; the last admin cannot go" {
	run -1 --separate-stderr shop user add "$me" --role sales
	[ "$stderr" = "shop: the first user must be an admin: the shop needs an admin; give '$me' the role admin" ]
	run -0 shop user add "$me" --role admin --role sales
	run -0 --separate-stderr shop user add "$me" --role sales --role admin
	[ "$stderr" = "shop: user '$me' has those roles already; skipped" ]
	run -1 --separate-stderr shop user add "$me" --role sales
	[ "$stderr" = "shop: no admin would be left: the shop needs an admin; give '$me' the role admin" ]
	login nobody
	run -0 shop user add nobody --role viewer
	run -1 --separate-stderr shop user remove "$me"
	[ "$stderr" = "shop: '$me' is the last admin: give another user the role admin first" ]
	run -0 shop user list --no-header
	expect <<-EOF
	nobody,viewer,2026-11-22T10:00:00Z,$me
	$me,admin;sales,2026-11-22T10:00:00Z,$me
	EOF
	run -0 shop user remove nobody
	run -3 --separate-stderr shop user remove nobody
	[ "$stderr" = "shop: unknown user 'nobody'" ]
	run -65 --separate-stderr shop user add x --role boss
	[ "$stderr" = "shop: unknown role 'boss' (admin, catalog, sales, warehouse, purchasing, finance, service, marketing or viewer)" ]
	run -2 shop user add x
}

@test "a caller who is not a user may do nothing, reads included" {
	login nobody
	shop -q user add nobody --role admin
	run -77 --separate-stderr shop-product list
	[ "$stderr" = "shop-product: '$me' is not a user of this shop: an admin adds users (shop user add)" ]
	run -77 --separate-stderr shop-product add B --name B --price 1
	run -77 shop user add "$me" --role admin
	run -0 sql "select count(*) from sku"
	[ "$output" = 0 ]
	# the checks after the test run as this login
	sql "delete from shop_user_role; delete from shop_user"
}

@test "viewer: reads, never writes" {
	seed
	become --role viewer
	run -0 shop-product list --no-header
	[ "$output" = "A,Apple,,,10.00,active" ]
	run -0 shop-order list --no-header
	local before; before=$(audit_rows)
	run -77 --separate-stderr shop-product add B --name B --price 1
	[ "$stderr" = "shop-product: add needs the role catalog; user '$me' has viewer" ]
	run -77 --separate-stderr shop-stock adjust --sku A --warehouse W1 --qty -1 --ref X
	[ "$stderr" = "shop-stock: adjust needs the role warehouse; user '$me' has viewer" ]
	run -0 audit_rows
	[ "$output" = "$before" ]
	run -0 sql "select count(*) from sku"
	[ "$output" = 1 ]
}

@test "catalog: products yes, stock no" {
	seed
	become --role catalog
	run -0 shop-product add B --name Banana --price 5
	run -77 --separate-stderr shop-stock receive --sku A --warehouse W1 --qty 1 --ref G2
	[ "$stderr" = "shop-stock: receive needs the role warehouse; user '$me' has catalog" ]
	run -0 shop-stock levels --no-header
	[ "$output" = "A,W1,8,0,0,8,,0" ]
}

@test "sales: customers and orders yes, payments no" {
	seed
	become --role sales
	run -0 shop-order customer add C2 --name Two
	run -0 shop-order create --customer C2 --line A:1
	run -77 --separate-stderr shop-order pay SO-2 --amount 10 --txn P2
	[ "$stderr" = "shop-order: pay needs the role finance; user '$me' has sales" ]
	run -0 sql "select paid from orders where id = 2"
	[ "$output" = 0 ]
}

@test "warehouse: stock and shipping yes, refunds no" {
	seed
	become --role warehouse
	run -0 shop-stock receive --sku A --warehouse W1 --qty 5 --ref G2
	run -77 --separate-stderr shop-order refund SO-1 --line A:1
	[ "$stderr" = "shop-order: refund needs the role finance or service; user '$me' has warehouse" ]
	run -0 sql "select count(*) from after_sales"
	[ "$output" = 0 ]
}

@test "purchasing: suppliers and POs yes, coupons no" {
	seed
	become --role purchasing
	run -0 shop-po supplier add ACME --name Acme
	run -0 shop-po create --supplier ACME --warehouse W1 --line A:5:3
	run -77 --separate-stderr shop-coupon create C10 --type cash --value 10
	[ "$stderr" = "shop-coupon: create needs the role marketing; user '$me' has purchasing" ]
}

@test "finance: payments and refunds yes, the catalogue no" {
	seed
	become --role finance
	run -0 shop-order refund SO-1 --line A:1
	run -77 --separate-stderr shop-product set A price=11
	[ "$stderr" = "shop-product: set needs the role catalog; user '$me' has finance" ]
}

@test "service: after-sales cases yes, purchase orders no" {
	seed
	shop-order -q refund SO-1 --line A:1 --request >/dev/null
	become --role service
	run -0 shop-order case reject AS-1 --note "not ours"
	run -77 --separate-stderr shop-po supplier add ACME --name Acme
	[ "$stderr" = "shop-po: supplier add needs the role purchasing; user '$me' has service" ]
}

@test "marketing: coupons yes, orders no" {
	seed
	become --role marketing
	run -0 shop-coupon create C10 --type cash --value 10
	run -77 --separate-stderr shop-order create --customer C1 --line A:1
	[ "$stderr" = "shop-order: create needs the role sales; user '$me' has marketing" ]
	run -0 sql "select count(*) from orders"
	[ "$output" = 1 ]
}

@test "admin: everything, and the users; the log names the user" {
	seed
	become --role warehouse --role admin
	run -0 shop-order refund SO-1 --line A:1
	run -0 shop user add nobody --role viewer
	run -0 shop log --user "$me" --no-header --program shop
	[ "${#lines[@]}" -eq 4 ]
	run -0 shop log --user nobody --no-header
	[ -z "$output" ]
}

@test "role list: the matrix from the commands' declarations" {
	run -0 shop role list --no-header
	[[ ${lines[0]} == "admin,"* ]]
	[[ ${lines[3]} == "warehouse,"*"stock receive"*"order ship"*"po receive"* ]]
	[[ ${lines[5]} == "finance,"*"order pay"*"po pay"* ]]
	[ "${lines[8]}" = "viewer,every command that only reads" ]
}

@test "PostgreSQL: a viewer login cannot write through psql; a warehouse login may receive" {
	[ "$SHOP_TEST_BACKEND" = pg ] || skip "PostgreSQL only: database roles"
	seed
	login t_view
	login t_wh
	shop -q user add "$me" --role admin
	shop -q user add t_view --role viewer
	shop -q user add t_wh --role warehouse
	run -0 sql "select count(*) from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles u on u.oid = m.member where u.rolname = 't_view' and r.rolname = '${SHOP_TEST_PGDB}_viewer'"
	[ "$output" = 1 ]
	run -0 shop-stock --db "$SHOP_DB&user=t_wh" receive --sku A --warehouse W1 --qty 5 --ref G2
	run -0 shop-stock --db "$SHOP_DB&user=t_view" levels --no-header
	[ "$output" = "A,W1,13,0,0,13,,0" ]
	run -1 --separate-stderr pg -d "$SHOP_DB&user=t_view" -c "INSERT INTO payment (order_id, txn, kind, amount, at, os_user) VALUES (1, 'X', 'payment', 1, 'now', 'x')"
	[[ $stderr == *"permission denied for table payment"* ]]
	run -1 --separate-stderr pg -d "$SHOP_DB&user=t_wh" -c "INSERT INTO payment (order_id, txn, kind, amount, at, os_user) VALUES (1, 'X', 'payment', 1, 'now', 'x')"
	[[ $stderr == *"permission denied for table payment"* ]]
	run -3 --separate-stderr shop user add t_nobody_here --role viewer
	[ "$stderr" = "shop: no database login 't_nobody_here' (creating logins is the DBA's: CREATE ROLE t_nobody_here LOGIN)" ]
	# removing a user revokes the database roles
	run -0 shop user remove t_view
	run -0 sql "select count(*) from pg_auth_members m join pg_roles r on r.oid = m.roleid join pg_roles u on u.oid = m.member where u.rolname = 't_view' and r.rolname like '${SHOP_TEST_PGDB}_%'"
	[ "$output" = 0 ]
}
