/* poimpl.h - what po.c and poreceive.c share, not for the binaries */
#ifndef SHOP_POIMPL_H
#define SHOP_POIMPL_H

#include <stdint.h>

#include "codes.h"
#include "po.h"
#include "result.h"

/* A PO line's value in SQL over po_line's columns (unqualified: the
 * queries that use it join no other table with these names): the larger
 * of what was ordered and what was received, at cost. A PO's total is
 * their sum; payments may reach it. */
#define PO_LINE_VALUE "(CASE WHEN received > qty THEN received ELSE qty END * cost)"

/* A PO by number: its id, state, supplier and warehouse. */
struct po_head {
	int64_t id, supplier_id, warehouse_id;
	enum po_status status;
	char supplier[128];   /* its code */
};
enum res po_find(const char *number, struct po_head *h, struct why *w);

/* Move a PO from one state to another (conditional: the first wins), with
 * a line of history; 0 if it was not in from. */
int po_move(int64_t id, enum po_status from, enum po_status to, const char *note);

/* "PO-3 is closed; cannot receive" (RES_REFUSED). */
enum res po_refuse(int64_t id, enum po_status status, const char *what, struct why *w);

/* The SKU a line names: sku, our code (through the caches c when not
 * NULL) or else the supplier's code for one; without sku, supplier_sku,
 * the supplier's code. */
enum res po_line_sku(const char *supplier, const char *sku, const char *supplier_sku,
		     struct codes *c, int64_t *id, struct why *w);

#endif
