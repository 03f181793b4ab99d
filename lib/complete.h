/* complete.h - the values shell completion offers: codes and names from
 * the database (SKUs, warehouses, brands, category paths) and the
 * library's fixed lists (product statuses, the fields of "set") */
#ifndef SHOP_COMPLETE_H
#define SHOP_COMPLETE_H

/* At most this many values of one kind: enough to pick from, and a
 * catalogue of a million SKUs does not flood the shell. */
#define COMPLETE_MAX 500

/* One candidate: word, and a description for zsh ("" when none). */
typedef void complete_emit(const char *word, const char *desc, void *arg);

/* The kind of value a metavar names when an option or argument does not
 * declare one: "SKU" -> "sku", "FILE" -> "file", "FIELD=VALUE" ->
 * "field"; NULL when it names none ("N", "REF", "PATH", "CODE"). */
const char *complete_kind_of(const char *metavar);

/*
 * Hand each value of kind that starts with prefix to emit. The kinds
 * that come from the database open db_path read only, and only when it
 * exists: completion creates nothing and says nothing. "field" completes
 * "name=", "price=", ... and after '=' the field's values
 * ("status=active"). Returns 0, or -1 for a kind it does not know
 * ("file" is the shell's: it completes file names itself).
 */
int complete_values(const char *kind, const char *prefix, const char *db_path,
		    complete_emit *emit, void *arg);

#endif
