/* roles.c - users, their roles, the check every command passes, and the
 * database roles of a server database (see roles.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "err.h"
#include "parse.h"
#include "roles.h"
#include "session.h"
#include "util.h"

const char *const role_words[] = {
	"admin", "catalog", "sales", "warehouse", "purchasing", "finance", "service",
	"marketing", "viewer", NULL,
};

unsigned
roles_default(const char *prog)
{
	static const struct {
		const char *prog;
		unsigned mask;
	} tools[] = {
		{ "shop-product", R_CATALOG }, { "shop-stock", R_WAREHOUSE },
		{ "shop-order", R_SALES }, { "shop-po", R_PURCHASING },
		{ "shop-coupon", R_MARKETING },
	};
	size_t i;

	for (i = 0; i < sizeof tools / sizeof tools[0]; i++)
		if (!strcmp(prog, tools[i].prog))
			return tools[i].mask;
	return R_ADMIN;
}

char *
roles_text(unsigned mask, const char *last, char *buf, size_t size)
{
	size_t len = 0;
	int i, n = 0, k = 0;

	for (i = 0; i < ROLE_N; i++)
		n += (mask >> i) & 1;
	buf[0] = '\0';
	for (i = 0; i < ROLE_N && len < size; i++) {
		if (!((mask >> i) & 1))
			continue;
		k++;
		len += (size_t)snprintf(buf + len, size - len, "%s%s%s%s",
					k == 1 ? "" : k == n ? " " : ", ", k > 1 && k == n ? last : "",
					k > 1 && k == n ? " " : "", role_words[i]);
	}
	return buf;
}

/* The roles a user holds, as a mask; -1 if they are not a user. */
static int64_t
user_roles(const char *name)
{
	db_stmt *st = db_prep("SELECT r.role FROM shop_user u LEFT JOIN shop_user_role r "
			      "ON r.name = u.name WHERE u.name = ?1");
	int64_t mask = -1;
	int i;

	db_bind_text(st, 1, name);
	while (db_step(st)) {
		if (mask < 0)
			mask = 0;
		if (db_col_is_null(st, 0))
			continue;
		for (i = 0; role_words[i]; i++)
			if (!strcmp(role_words[i], db_col_text(st, 0)))
				mask |= 1 << i;
	}
	return mask;
}

static int64_t
count_users(void)
{
	return db_int(db_prep("SELECT COUNT(*) FROM shop_user"), 0);
}

enum res
roles_allow(const char *prog, const char *cmd, int write, unsigned need, struct why *w)
{
	char want[160], held[160];
	int64_t have;

	if (!count_users())
		return RES_DONE;
	if ((have = user_roles(S.user)) < 0)
		return res_fail(w, RES_REFUSED, "'%s' is not a user of this shop: an admin adds users "
				"(shop user add)", S.user);
	if (!write || (have & R_ADMIN))
		return RES_DONE;
	if (!need)
		need = roles_default(prog);
	if (have & need)
		return RES_DONE;
	return res_fail(w, RES_REFUSED, "%s needs the role %s; user '%s' has %s", cmd,
			roles_text(need, "or", want, sizeof want), S.user,
			have ? roles_text((unsigned)have, "and", held, sizeof held) : "none");
}

/* ---- users ---- */

static int64_t
admins_besides(const char *name)
{
	db_stmt *st = db_prep("SELECT COUNT(*) FROM shop_user_role WHERE role = 'admin' "
			      "AND name <> ?1");

	db_bind_text(st, 1, name);
	return db_int(st, 0);
}

static void grant_db_roles(const char *name, unsigned mask);

enum res
roles_user_add(const char *name, const char *const *roles, size_t n, struct why *w)
{
	unsigned mask = 0;
	int64_t had;
	const char *why;
	db_stmt *st;
	size_t i;
	int r;

	if (!name || check_code_text(name, &why) < 0)
		return res_fail(w, RES_BAD, "bad user name '%s': %s", name ? name : "",
				name ? why : "missing");
	if (!n)
		return res_fail(w, RES_BAD, "a user needs at least one --role");
	for (i = 0; i < n; i++) {
		for (r = 0; role_words[r] && strcmp(role_words[r], roles[i]); r++)
			;
		if (!role_words[r])
			return res_fail(w, RES_BAD, "unknown role '%s' (admin, catalog, sales, "
					"warehouse, purchasing, finance, service, marketing or viewer)",
					roles[i]);
		mask |= 1u << r;
	}
	had = user_roles(name);
	if (had == (int64_t)mask)
		return res_fail(w, RES_SKIPPED, "user '%s' has those roles already; skipped", name);
	if (!(mask & R_ADMIN) && !admins_besides(name))
		return res_fail(w, RES_REFUSED, "%s: the shop needs an admin; give '%s' the role "
				"admin", count_users() ? "no admin would be left" :
				"the first user must be an admin", name);
	if (db_is_server(db_path())) {
		st = db_prep("SELECT COUNT(*) FROM pg_roles WHERE rolname = ?1 AND rolcanlogin");
		db_bind_text(st, 1, name);
		if (!db_int(st, 0))
			return res_fail(w, RES_NOTFOUND, "no database login '%s' (creating logins is "
					"the DBA's: CREATE ROLE %s LOGIN)", name, name);
	}
	if (had < 0) {
		st = db_prep("INSERT INTO shop_user (name, added_at, added_by) VALUES (?1, ?2, ?3)");
		db_bind_text(st, 1, name);
		db_bind_static(st, 2, shop_now_text());
		db_bind_static(st, 3, S.user);
		db_run(st);
	}
	st = db_prep("DELETE FROM shop_user_role WHERE name = ?1");
	db_bind_text(st, 1, name);
	db_run(st);
	st = db_prep("INSERT INTO shop_user_role (name, role) VALUES (?1, ?2)");
	for (r = 0; r < ROLE_N; r++) {
		if (!((mask >> r) & 1))
			continue;
		db_bind_text(st, 1, name);
		db_bind_static(st, 2, role_words[r]);
		db_run(st);
	}
	grant_db_roles(name, mask);
	{
		struct sbuf list = SBUF_INIT;

		for (r = 0; r < ROLE_N; r++)
			if ((mask >> r) & 1)
				sbuf_printf(&list, "%s%s", list.len ? ", " : "", role_words[r]);
		audit_note("user %s: %s", name, sbuf_str(&list));
		sbuf_release(&list);
	}
	return had < 0 ? RES_DONE : RES_UPDATED;
}

enum res
roles_user_remove(const char *name, struct why *w)
{
	db_stmt *st;
	int64_t had = user_roles(name);

	if (had < 0)
		return res_fail(w, RES_NOTFOUND, "unknown user '%s'", name);
	if (!admins_besides(name) && count_users() > 1)
		return res_fail(w, RES_REFUSED, "'%s' is the last admin: give another user the role "
				"admin first", name);
	st = db_prep("DELETE FROM shop_user_role WHERE name = ?1");
	db_bind_text(st, 1, name);
	db_run(st);
	st = db_prep("DELETE FROM shop_user WHERE name = ?1");
	db_bind_text(st, 1, name);
	db_run(st);
	grant_db_roles(name, 0);
	audit_note("user %s removed", name);
	return RES_DONE;
}

const struct out_col roles_user_cols[ROLES_USER_NCOLS] = {
	{ "user", COL_TEXT }, { "roles", COL_TEXT }, { "added_at", COL_TEXT },
	{ "added_by", COL_TEXT },
};

db_stmt *
roles_user_query(void)
{
	/* the roles joined in role order, without string_agg/group_concat:
	 * one column per role, glued by the caller-free CASE chain */
	static char sql[2048];
	size_t len;
	int r;

	if (!sql[0]) {
		len = (size_t)snprintf(sql, sizeof sql, "SELECT u.name, SUBSTR(''");
		for (r = 0; r < ROLE_N; r++)
			len += (size_t)snprintf(sql + len, sizeof sql - len,
						" || CASE WHEN EXISTS (SELECT 1 FROM shop_user_role x "
						"WHERE x.name = u.name AND x.role = '%s') THEN ';%s' "
						"ELSE '' END", role_words[r], role_words[r]);
		snprintf(sql + len, sizeof sql - len, ", 2), u.added_at, u.added_by "
			 "FROM shop_user u ORDER BY u.name");
	}
	return db_prep(sql);
}

/* ---- the database roles of a server database ---- */

/* What each role writes (beyond reading everything); admin: all. */
static const char *const writes[ROLE_N] = {
	[ROLE_CATALOG] = "brand, category, spu, sku, price_list, customer_part, supplier_code",
	[ROLE_SALES] = "customer, orders, order_line, order_event, payment, reservation, stock, "
		"pool, journal, posting, account_balance, coupon, coupon_holder, coupon_instance",
	[ROLE_WAREHOUSE] = "warehouse, stock, movement, pool, reservation, reorder_rule, shipment, "
		"orders, order_line, order_event, journal, posting, account_balance, po, po_line, "
		"po_event, po_delivery, po_delivery_line, after_sales, after_sales_line, "
		"after_sales_event",
	[ROLE_PURCHASING] = "supplier, supplier_item, supplier_code, po, po_line, po_event, "
		"po_delivery, po_delivery_line, stock, movement, journal, posting, account_balance, "
		"reorder_rule",
	[ROLE_FINANCE] = "payment, orders, order_line, order_event, journal, posting, "
		"account_balance, po, po_payment, after_sales, after_sales_line, after_sales_event, "
		"coupon, coupon_holder, coupon_instance, stock, movement, reservation",
	[ROLE_SERVICE] = "after_sales, after_sales_line, after_sales_event, payment, orders, "
		"order_line, order_event, journal, posting, account_balance, stock, movement, "
		"reservation, coupon, coupon_holder, coupon_instance",
	[ROLE_MARKETING] = "coupon, coupon_holder, coupon_instance, coupon_key, promotion, "
		"promotion_tier, promotion_item",
};

static char *quote_ident(const char *name);

/* "<dbname>_<role>", quoted as an identifier. */
static char *
db_role(const char *dbname, int r)
{
	char *name = xasprintf("%s_%s", dbname, role_words[r]), *q = quote_ident(name);

	free(name);
	return q;
}

static char *
database_name(void)
{
	db_stmt *st = db_prep("SELECT current_database()");
	char *name;

	db_step(st);
	name = xstrdup(db_col_text(st, 0));
	db_reset(st);
	return name;
}

void
roles_db_setup(void)
{
	char *dbname, *role, *sql;
	int r;

	if (!db_is_server(db_path()))
		return;
	dbname = database_name();
	for (r = 0; r < ROLE_N; r++) {
		role = db_role(dbname, r);
		sql = xasprintf("DO $$ BEGIN CREATE ROLE %s NOLOGIN; EXCEPTION WHEN duplicate_object "
				"THEN NULL; END $$", role);
		db_exec(sql);
		free(sql);
		sql = xasprintf("GRANT USAGE ON SCHEMA public TO %s; GRANT SELECT ON ALL TABLES IN "
				"SCHEMA public TO %s", role, role);
		db_exec(sql);
		free(sql);
		if (r == ROLE_VIEWER) {
			free(role);
			continue;
		}
		/* every writer keeps the audit log and takes ids */
		sql = xasprintf("GRANT INSERT ON audit TO %s; GRANT USAGE, SELECT, UPDATE ON ALL "
				"SEQUENCES IN SCHEMA public TO %s", role, role);
		db_exec(sql);
		free(sql);
		sql = r == ROLE_ADMIN ?
			xasprintf("GRANT ALL ON ALL TABLES IN SCHEMA public TO %s", role) :
			xasprintf("GRANT INSERT, UPDATE, DELETE ON %s TO %s", writes[r], role);
		db_exec(sql);
		free(sql);
		free(role);
	}
	free(dbname);
}

/* name as a quoted SQL identifier: "name", its quotes doubled */
static char *
quote_ident(const char *name)
{
	struct sbuf b = SBUF_INIT;

	sbuf_addc(&b, '"');
	for (; *name; name++) {
		if (*name == '"')
			sbuf_addc(&b, '"');
		sbuf_addc(&b, *name);
	}
	sbuf_addc(&b, '"');
	return b.s;
}

/* A login holds exactly the database roles of its shop roles. */
static void
grant_db_roles(const char *name, unsigned mask)
{
	char *dbname, *role, *sql, *login;
	int r;

	if (!db_is_server(db_path()))
		return;
	dbname = database_name();
	login = quote_ident(name);
	for (r = 0; r < ROLE_N; r++) {
		role = db_role(dbname, r);
		sql = (mask >> r) & 1 ? xasprintf("GRANT %s TO %s", role, login) :
					xasprintf("REVOKE %s FROM %s", role, login);
		db_exec(sql);
		free(sql);
		free(role);
	}
	free(login);
	free(dbname);
}
