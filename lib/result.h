/* result.h - the one answer of every library operation, and the one place
 * that turns it into an exit code */
#ifndef SHOP_RESULT_H
#define SHOP_RESULT_H

enum res {
	RES_DONE = 0,  /* applied (for upserts: a new record) */
	RES_UPDATED,   /* applied to an existing record */
	RES_SKIPPED,   /* already so: nothing to do (a re-sent document) */
	RES_PENDING,   /* an import's record queued for a bulk write: its
			* result comes when the import flushes (import.h) */
	RES_REFUSED,   /* a business rule says no; nothing written */
	RES_NOTFOUND,  /* it names something that does not exist */
	RES_BAD        /* a malformed value (bad number, date, code) */
};

/* The reason that goes with a result: one lowercase line, no full stop,
 * values quoted ("not enough stock of sku 'A' in warehouse 'W1': 3
 * available, 5 needed"). Empty for a plain RES_DONE. */
#define WHY_MAX 512
struct why {
	char msg[WHY_MAX];
};

/* Set w's message (w may be NULL) and return r: "return res_fail(w,
 * RES_REFUSED, ...)". */
enum res res_fail(struct why *w, enum res r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The exit code of SPEC §2 for a result of a single-record command:
 * done, updated and skipped 0; refused 1; not found 3; bad data 65. */
int res_exit(enum res r);

/*
 * What adding (update 0) or importing (update 1) a master record (a
 * customer, a supplier, a warehouse) by its code does against what is
 * stored: RES_SKIPPED "NOUN 'CODE' exists; skipped" when the same is
 * there; RES_REFUSED "... exists with other details; not changed" when
 * an add finds it otherwise; else RES_UPDATED (found) or RES_DONE (new):
 * the caller writes it.
 */
enum res res_put(const char *noun, const char *code, int found, int same, int update,
		 struct why *w);

/* Applied in some way (done or updated). */
#define RES_APPLIED(r) ((r) == RES_DONE || (r) == RES_UPDATED)
/* Refused, not found or bad: for an import, a rejected record. */
#define RES_FAILED(r) ((r) >= RES_REFUSED)

#endif
