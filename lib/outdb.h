/* outdb.h - rows of a query into the output's row sets */
#ifndef SHOP_OUTDB_H
#define SHOP_OUTDB_H

#include "db.h"
#include "out.h"

/* Every row of st into t (t's columns, in order), as text: amounts
 * (COL_MONEY) formatted with the session's digits, NULL as empty. */
void out_rows_query(struct out_rows *t, db_stmt *st);

#endif
