/* roles.h - roles and permissions (SPEC §3): users and their roles, the
 * check every command passes before it runs, and on PostgreSQL the
 * database roles that hold the same rights as table privileges.
 *
 * Roles: admin (everything, users included), catalog (products, prices),
 * sales (customers, orders, approvals), warehouse (stock, shipping,
 * receipts), purchasing (suppliers, purchase orders), finance (payments,
 * refunds, the ledger), service (after-sales cases), marketing (coupons,
 * promotions), viewer (reads only).
 *
 * A command that writes declares the roles that may run it (any one
 * suffices; admin always may); a tool's commands default to its area. A
 * command that only reads may be run by every user. While no user is
 * defined everyone may do everything; once one is, a caller who is not a
 * user may do nothing, reads included (exit 77).
 */
#ifndef SHOP_ROLES_H
#define SHOP_ROLES_H

#include <stddef.h>
#include <stdint.h>

#include "db.h"
#include "out.h"
#include "result.h"

enum role {
	ROLE_ADMIN, ROLE_CATALOG, ROLE_SALES, ROLE_WAREHOUSE, ROLE_PURCHASING,
	ROLE_FINANCE, ROLE_SERVICE, ROLE_MARKETING, ROLE_VIEWER, ROLE_N
};
extern const char *const role_words[]; /* in enum order, NULL-terminated */

/* Role masks, for a command's declaration (cli.h CMD_ROLES). */
#define R_ADMIN (1u << ROLE_ADMIN)
#define R_CATALOG (1u << ROLE_CATALOG)
#define R_SALES (1u << ROLE_SALES)
#define R_WAREHOUSE (1u << ROLE_WAREHOUSE)
#define R_PURCHASING (1u << ROLE_PURCHASING)
#define R_FINANCE (1u << ROLE_FINANCE)
#define R_SERVICE (1u << ROLE_SERVICE)
#define R_MARKETING (1u << ROLE_MARKETING)

/* The roles a tool's writing commands need unless they say otherwise
 * (prog: "shop-order" -> sales; "shop" -> admin). */
unsigned roles_default(const char *prog);

/* The roles of a mask as words, the last two joined by last: "finance or
 * service", "sales, warehouse and finance"; into buf. */
char *roles_text(unsigned mask, const char *last, char *buf, size_t size);

/*
 * May the session's user (S.user) run the command prog cmd, that writes
 * (write) and needs one of the roles in need (0: the tool's default)?
 * RES_DONE, or RES_REFUSED (exit 77 for the caller) naming the role
 * needed, or that the caller is not a user.
 */
enum res roles_allow(const char *prog, const char *cmd, int write, unsigned need,
		     struct why *w);

/* shop user add NAME --role R...: add a user or replace their roles
 * (RES_SKIPPED when they are the same); the first user must hold admin;
 * no user may be left without admin. On PostgreSQL NAME must be an
 * existing database login (RES_NOTFOUND): it is granted the database
 * roles of its roles, and those it no longer holds are revoked. */
enum res roles_user_add(const char *name, const char *const *roles, size_t n, struct why *w);
/* shop user remove NAME: refused for the last admin. */
enum res roles_user_remove(const char *name, struct why *w);

/* user list: user, roles (a;b), added_at, added_by, by name. */
#define ROLES_USER_NCOLS 4
extern const struct out_col roles_user_cols[ROLES_USER_NCOLS];
db_stmt *roles_user_query(void);

/* On PostgreSQL: the database roles of this shop (<dbname>_<role>, no
 * login) and their privileges on its tables: every role reads every
 * table; each writes the tables of its area; admin everything. Made
 * again, idempotently, after every migration. Nothing on SQLite, where
 * the database file's mode is the boundary. */
void roles_db_setup(void);

#endif
