/* outdb.c - rows of a query into the output's row sets (see outdb.h) */
#include "err.h"
#include "money.h"
#include "outdb.h"
#include "session.h"

#define MAXCOLS 32

void
out_rows_query(struct out_rows *t, db_stmt *st)
{
	char money[MAXCOLS][MONEY_BUFSZ];
	const char *v[MAXCOLS];
	size_t i;

	if (t->ncols > MAXCOLS)
		die(EX_INTERNAL, "out_rows_query: too many columns");
	while (db_step(st)) {
		for (i = 0; i < t->ncols; i++)
			v[i] = t->cols[i].kind == COL_MONEY && !db_col_is_null(st, (int)i)
			       ? money_format(db_col_int(st, (int)i), S.digits, money[i])
			       : db_col_text(st, (int)i);
		out_rows_add(t, v);
	}
}
