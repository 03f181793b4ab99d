/* auditlog.h - the audit log read back (shop log; shop-report audit next) */
#ifndef SHOP_AUDITLOG_H
#define SHOP_AUDITLOG_H

#include <stdint.h>

#include "db.h"

/* The audit rows, oldest first, as columns at, user, program, argv,
 * summary: those at or after since (NULL: all), of program and user
 * (NULL: any), the limit newest of them (0: all). The statement is ready to step. */
db_stmt *audit_select(const char *since, const char *program, const char *user, int64_t limit);

#endif
