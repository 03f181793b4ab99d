/* auditlog.c - the audit log read back */
#include "auditlog.h"

db_stmt *
audit_select(const char *since, const char *program, const char *user, int64_t limit)
{
	/* two texts: there is no portable "no limit" value */
	db_stmt *st = db_prep(limit > 0
		? "SELECT at, os_user, program, argv, summary FROM ("
		  " SELECT id, at, os_user, program, argv, summary FROM audit"
		  " WHERE at >= ?1 AND (CAST(?2 AS TEXT) IS NULL OR program = ?2)"
		  " AND (CAST(?3 AS TEXT) IS NULL OR os_user = ?3)"
		  " ORDER BY id DESC LIMIT ?4) newest ORDER BY id"
		: "SELECT at, os_user, program, argv, summary FROM audit"
		  " WHERE at >= ?1 AND (CAST(?2 AS TEXT) IS NULL OR program = ?2)"
		  " AND (CAST(?3 AS TEXT) IS NULL OR os_user = ?3) ORDER BY id");

	db_bind_text(st, 1, since ? since : "");
	db_bind_text(st, 2, program);
	db_bind_text(st, 3, user);
	if (limit > 0)
		db_bind_int(st, 4, limit);
	return st;
}
