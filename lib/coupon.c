/* coupon.c - coupon templates, instances, redemption codes (see coupon.h) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "coupon.h"
#include "customer.h"
#include "db.h"
#include "err.h"
#include "import.h"
#include "money.h"
#include "outdb.h"
#include "parse.h"
#include "scope.h"
#include "session.h"
#include "sha256.h"
#include "util.h"
#include "yamlrec.h"

const char *const coupon_type_words[] = { "cash", "threshold", "percent", NULL };
const char *const coupon_funded_words[] = { "shop", "platform", NULL };
const char *const coupon_status_words[] = { "issued", "used", "expired", "void", NULL };

enum { CASH, THRESHOLD, PERCENT };

static int
word_at(const char *const *words, const char *s)
{
	int i;

	for (i = 0; s && words[i]; i++)
		if (!strcmp(words[i], s))
			return i;
	return -1;
}

static int
given(const char *s)
{
	return s && *s;
}

/* A template as stored: every field as text ("" for NULL), canonical, so
 * that the same terms compare equal however they were typed. */
enum { F_TYPE, F_VALUE, F_MIN, F_MAX, F_SCOPE, F_EXCLUDE, F_FUNDED, F_FROM, F_UNTIL, F_DAYS,
       F_QTY, F_PER, NF };

struct terms {
	char f[NF][160];
	int64_t v[NF];      /* the numbers, where there are */
	int has[NF];
};

static enum res
money_field(const char *name, const char *text, int64_t min, struct terms *t, int k,
	    struct why *w)
{
	const char *why;
	char buf[MONEY_BUFSZ];

	if (money_parse(text, S.digits, &t->v[k], &why) < 0)
		return res_fail(w, RES_BAD, "bad %s '%s': %s", name, text, why);
	if (t->v[k] < min)
		return res_fail(w, RES_BAD, "bad %s '%s': must be %s", name, text,
				min ? "more than 0" : "0 or more");
	t->has[k] = 1;
	snprintf(t->f[k], sizeof t->f[k], "%s", money_format(t->v[k], S.digits, buf));
	return RES_DONE;
}

static enum res
int_field(const char *name, const char *text, int64_t min, int64_t max, struct terms *t, int k,
	  struct why *w)
{
	const char *why;

	if (parse_int(text, min, max, &t->v[k], &why) < 0)
		return res_fail(w, RES_BAD, "bad %s '%s': %s", name, text, why);
	t->has[k] = 1;
	snprintf(t->f[k], sizeof t->f[k], "%lld", (long long)t->v[k]);
	return RES_DONE;
}

static enum res
time_field(const char *name, const char *text, struct terms *t, int k, struct why *w)
{
	const char *why;

	if (parse_time(text, &t->v[k], &why) < 0)
		return res_fail(w, RES_BAD, "bad %s '%s': %s", name, text, why);
	t->has[k] = 1;
	format_time(t->v[k], t->f[k]);
	return RES_DONE;
}

static enum res
scope_field(const char *name, const char *text, struct terms *t, int k, struct why *w)
{
	struct scope s;
	struct sbuf b = SBUF_INIT;
	enum res rc;

	if ((rc = scope_parse(name, text, &s, w)))
		return rc;
	scope_text(&s, &b);
	snprintf(t->f[k], sizeof t->f[k], "%s", sbuf_str(&b));
	sbuf_release(&b);
	scope_release(&s);
	return RES_DONE;
}

/* The terms of in, checked and canonical. */
static enum res
terms_of(const struct coupon_in *in, struct terms *t, struct why *w)
{
	int type, funded;
	enum res rc;

	memset(t, 0, sizeof *t);
	if ((type = word_at(coupon_type_words, in->type)) < 0)
		return res_fail(w, RES_BAD, "bad type '%s': cash, threshold or percent",
				in->type ? in->type : "");
	snprintf(t->f[F_TYPE], sizeof t->f[F_TYPE], "%s", coupon_type_words[type]);
	if (!given(in->value))
		return res_fail(w, RES_BAD, "missing value");
	if (type == PERCENT) {
		if (int_field("value", in->value, 1, 100, t, F_VALUE, w))
			return res_fail(w, RES_BAD, "bad value '%s': a percent, 1 to 100", in->value);
	} else if ((rc = money_field("value", in->value, 1, t, F_VALUE, w))) {
		return rc;
	}
	if (type == THRESHOLD && !given(in->min_spend))
		return res_fail(w, RES_BAD, "a threshold coupon needs a min_spend");
	if (type == CASH && given(in->min_spend))
		return res_fail(w, RES_BAD, "a cash coupon has no min_spend (a threshold one has)");
	if (given(in->min_spend) && (rc = money_field("min_spend", in->min_spend, 0, t, F_MIN, w)))
		return rc;
	if (type == THRESHOLD && t->v[F_MIN] < t->v[F_VALUE])
		return res_fail(w, RES_BAD, "a threshold coupon's value %s is above its min_spend %s",
				t->f[F_VALUE], t->f[F_MIN]);
	if (given(in->max_discount)) {
		if (type != PERCENT)
			return res_fail(w, RES_BAD, "only a percent coupon takes a max_discount");
		if ((rc = money_field("max_discount", in->max_discount, 1, t, F_MAX, w)))
			return rc;
	}
	if ((rc = scope_field("scope", given(in->scope) ? in->scope : "all", t, F_SCOPE, w)) ||
	    (rc = scope_field("exclude", in->exclude, t, F_EXCLUDE, w)))
		return rc;
	if ((funded = given(in->funded_by) ? word_at(coupon_funded_words, in->funded_by) : 0) < 0)
		return res_fail(w, RES_BAD, "bad funded_by '%s': shop or platform", in->funded_by);
	snprintf(t->f[F_FUNDED], sizeof t->f[F_FUNDED], "%s", coupon_funded_words[funded]);
	if (given(in->valid_days) && (given(in->from) || given(in->until)))
		return res_fail(w, RES_BAD, "give a window (from, until) or valid_days, not both");
	if ((given(in->from) && (rc = time_field("from", in->from, t, F_FROM, w))) ||
	    (given(in->until) && (rc = time_field("until", in->until, t, F_UNTIL, w))) ||
	    (given(in->valid_days) &&
	     (rc = int_field("valid_days", in->valid_days, 1, 36500, t, F_DAYS, w))) ||
	    (given(in->quantity) &&
	     (rc = int_field("quantity", in->quantity, 0, INT64_MAX / 2, t, F_QTY, w))) ||
	    (given(in->per_customer) &&
	     (rc = int_field("per_customer", in->per_customer, 1, INT64_MAX / 2, t, F_PER, w))))
		return rc;
	if (t->has[F_FROM] && t->has[F_UNTIL] && t->v[F_UNTIL] <= t->v[F_FROM])
		return res_fail(w, RES_BAD, "until %s is not after from %s", t->f[F_UNTIL],
				t->f[F_FROM]);
	return RES_DONE;
}

/* The columns of a template as terms_of words them. */
#define TERMS_SQL "type, value, min_spend, max_discount, scope, exclude, funded_by, " \
	"valid_from, valid_until, valid_days, quantity, per_customer"

/* The stored terms of a template (its fields canonical as terms_of's). */
static void
terms_read(db_stmt *st, int first, struct terms *t)
{
	char buf[MONEY_BUFSZ];
	int k;

	memset(t, 0, sizeof *t);
	for (k = 0; k < NF; k++) {
		int col = first + k;

		if (db_col_is_null(st, col))
			continue;
		t->has[k] = 1;
		if (k == F_VALUE && strcmp(db_col_text(st, first + F_TYPE), "percent") != 0) {
			t->v[k] = db_col_int(st, col);
			snprintf(t->f[k], sizeof t->f[k], "%s", money_format(t->v[k], S.digits, buf));
		} else if (k == F_MIN || k == F_MAX) {
			t->v[k] = db_col_int(st, col);
			snprintf(t->f[k], sizeof t->f[k], "%s", money_format(t->v[k], S.digits, buf));
		} else {
			snprintf(t->f[k], sizeof t->f[k], "%s", db_col_text(st, col));
			if (k == F_VALUE || k == F_DAYS || k == F_QTY || k == F_PER)
				t->v[k] = db_col_int(st, col);
		}
	}
}

static void
bind_opt(db_stmt *st, int i, const struct terms *t, int k)
{
	db_bind_opt_int(st, i, t->has[k], t->v[k]);
}

enum res
coupon_create(const struct coupon_in *in, struct why *w)
{
	struct terms t, old;
	const char *why;
	db_stmt *st;
	enum res rc;
	int k;

	if (!given(in->code))
		return res_fail(w, RES_BAD, "missing code");
	if (check_code_text(in->code, &why) < 0)
		return res_fail(w, RES_BAD, "bad code '%s': %s", in->code, why);
	if (!strncmp(in->code, COUPON_INSTANCE_PREFIX, strlen(COUPON_INSTANCE_PREFIX)))
		return res_fail(w, RES_BAD, "bad code '%s': " COUPON_INSTANCE_PREFIX
				" starts an instance's number", in->code);
	if ((rc = terms_of(in, &t, w)))
		return rc;
	st = db_prep("SELECT " TERMS_SQL " FROM coupon WHERE code = ?1");
	db_bind_text(st, 1, in->code);
	if (db_step(st)) {
		terms_read(st, 0, &old);
		db_reset(st);
		for (k = 0; k < NF; k++)
			if (strcmp(old.f[k], t.f[k]) != 0)
				return res_fail(w, RES_REFUSED, "coupon '%s' exists with other terms "
						"(%s)", in->code, k == F_TYPE ? "type" :
						k == F_VALUE ? "value" : k == F_MIN ? "min_spend" :
						k == F_MAX ? "max_discount" : k == F_SCOPE ? "scope" :
						k == F_EXCLUDE ? "exclude" : k == F_FUNDED ? "funded_by" :
						k == F_FROM ? "from" : k == F_UNTIL ? "until" :
						k == F_DAYS ? "valid_days" : k == F_QTY ? "quantity" :
						"per_customer");
		return res_fail(w, RES_SKIPPED, "coupon '%s' exists; skipped", in->code);
	}
	st = db_prep("INSERT INTO coupon (code, " TERMS_SQL ", created_at) VALUES (?1, ?2, ?3, "
		     "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
	db_bind_text(st, 1, in->code);
	db_bind_text(st, 2, t.f[F_TYPE]);
	db_bind_int(st, 3, t.v[F_VALUE]);
	bind_opt(st, 4, &t, F_MIN);
	bind_opt(st, 5, &t, F_MAX);
	db_bind_text(st, 6, t.f[F_SCOPE]);
	db_bind_text(st, 7, t.f[F_EXCLUDE]);
	db_bind_text(st, 8, t.f[F_FUNDED]);
	db_bind_text(st, 9, t.has[F_FROM] ? t.f[F_FROM] : NULL);
	db_bind_text(st, 10, t.has[F_UNTIL] ? t.f[F_UNTIL] : NULL);
	bind_opt(st, 11, &t, F_DAYS);
	bind_opt(st, 12, &t, F_QTY);
	bind_opt(st, 13, &t, F_PER);
	db_bind_static(st, 14, shop_now_text());
	db_run(st);
	audit_note("create coupon %s", in->code);
	return RES_DONE;
}

/* ---- issuing ---- */

/* What issuing needs of a template. */
struct tpl {
	int64_t id;
	int active;
	int has_from, has_until, has_days;
	char from[TIME_BUFSZ], until[TIME_BUFSZ];
	int64_t days;
};

static enum res
find_tpl(const char *code, struct tpl *t, struct why *w)
{
	db_stmt *st = db_prep("SELECT id, CASE WHEN status = 'active' THEN 1 ELSE 0 END, "
			      "valid_from, valid_until, valid_days FROM coupon WHERE code = ?1");

	memset(t, 0, sizeof *t);
	db_bind_text(st, 1, code ? code : "");
	if (!db_step(st))
		return res_fail(w, RES_NOTFOUND, "unknown coupon '%s'", code ? code : "");
	t->id = db_col_int(st, 0);
	t->active = db_col_int(st, 1) != 0;
	if ((t->has_from = !db_col_is_null(st, 2)))
		snprintf(t->from, sizeof t->from, "%s", db_col_text(st, 2));
	if ((t->has_until = !db_col_is_null(st, 3)))
		snprintf(t->until, sizeof t->until, "%s", db_col_text(st, 3));
	if ((t->has_days = !db_col_is_null(st, 4)))
		t->days = db_col_int(st, 4);
	db_reset(st);
	return RES_DONE;
}

/* May instances of the template be issued now? */
static enum res
tpl_open(const char *code, const struct tpl *t, struct why *w)
{
	if (!t->active)
		return res_fail(w, RES_REFUSED, "coupon '%s' is void", code);
	if (t->has_until && strcmp(shop_now_text(), t->until) >= 0)
		return res_fail(w, RES_REFUSED, "coupon '%s' ended at %s", code, t->until);
	return RES_DONE;
}

/* Take one place of the template's quantity (n of them). */
static int
take_quantity(int64_t coupon_id, int64_t n)
{
	db_stmt *st = db_prep("UPDATE coupon SET taken = taken + ?2 WHERE id = ?1 "
			      "AND (quantity IS NULL OR taken + ?2 <= quantity)");

	db_bind_int(st, 1, coupon_id);
	db_bind_int(st, 2, n);
	db_run(st);
	return db_changes() == 1;
}

/* Take one place of the customer's limit. */
static int
take_holder(int64_t coupon_id, int64_t customer_id)
{
	db_stmt *st = db_prep("INSERT INTO coupon_holder (coupon_id, customer_id, taken) "
			      "VALUES (?1, ?2, 1) ON CONFLICT (coupon_id, customer_id) DO UPDATE "
			      "SET taken = coupon_holder.taken + 1 WHERE coupon_holder.taken < "
			      "(SELECT COALESCE(per_customer, coupon_holder.taken + 1) FROM coupon "
			      "WHERE id = ?1)");

	db_bind_int(st, 1, coupon_id);
	db_bind_int(st, 2, customer_id);
	db_run(st);
	return db_changes() == 1;
}

static enum res
limits_refuse(const char *code, int64_t coupon_id, const char *customer, int quantity,
	      struct why *w)
{
	db_stmt *st = db_prep("SELECT COALESCE(quantity, 0), COALESCE(per_customer, 0) "
			      "FROM coupon WHERE id = ?1");
	int64_t q, per;

	db_bind_int(st, 1, coupon_id);
	db_step(st);
	q = db_col_int(st, 0);
	per = db_col_int(st, 1);
	db_reset(st);
	if (quantity)
		return res_fail(w, RES_REFUSED, "coupon '%s' is all given out (quantity %lld)", code,
				(long long)q);
	return res_fail(w, RES_REFUSED, "customer '%s' holds coupon '%s' %lld time%s already "
			"(the limit)", customer, code, (long long)per, per == 1 ? "" : "s");
}

/* A new instance for the customer, its window the template's or
 * valid_days from now. */
static int64_t
new_instance(const struct tpl *t, int64_t customer_id, const char *ref)
{
	char until[TIME_BUFSZ];
	db_stmt *st = db_prep("INSERT INTO coupon_instance (coupon_id, customer_id, ref, "
			      "issued_at, valid_from, valid_until) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
			      "RETURNING id");

	db_bind_int(st, 1, t->id);
	db_bind_int(st, 2, customer_id);
	db_bind_text(st, 3, ref ? ref : "");
	db_bind_static(st, 4, shop_now_text());
	if (t->has_days) {
		db_bind_static(st, 5, shop_now_text());
		db_bind_text(st, 6, format_time(shop_now() + t->days * 86400, until));
	} else {
		db_bind_text(st, 5, t->has_from ? t->from : NULL);
		db_bind_text(st, 6, t->has_until ? t->until : NULL);
	}
	return db_int(st, -1);
}

static int64_t
instance_by_ref(int64_t coupon_id, int64_t customer_id, const char *ref)
{
	db_stmt *st = db_prep("SELECT id FROM coupon_instance WHERE coupon_id = ?1 "
			      "AND customer_id = ?2 AND ref = ?3 AND ref <> ''");

	db_bind_int(st, 1, coupon_id);
	db_bind_int(st, 2, customer_id);
	db_bind_text(st, 3, ref);
	return db_int(st, -1);
}

enum res
coupon_issue(const char *code, const char *customer, const char *ref, int64_t *instance,
	     struct why *w)
{
	struct tpl t;
	int64_t cid;
	const char *why;
	enum res rc;

	*instance = 0;
	if ((rc = find_tpl(code, &t, w)) || (rc = customer_find_id(customer, &cid, w)))
		return rc;
	if (given(ref) && check_code_text(ref, &why) < 0)
		return res_fail(w, RES_BAD, "bad ref '%s': %s", ref, why);
	if (given(ref) && (*instance = instance_by_ref(t.id, cid, ref)) > 0)
		return res_fail(w, RES_SKIPPED, "coupon '%s' was issued to '%s' with ref '%s' "
				"(" COUPON_INSTANCE_PREFIX "%lld); skipped", code, customer, ref,
				(long long)*instance);
	if ((rc = tpl_open(code, &t, w)))
		return rc;
	if (!take_quantity(t.id, 1))
		return limits_refuse(code, t.id, customer, 1, w);
	if (!take_holder(t.id, cid))
		return limits_refuse(code, t.id, customer, 0, w);
	*instance = new_instance(&t, cid, ref);
	audit_note("issue %s to %s: " COUPON_INSTANCE_PREFIX "%lld", code, customer,
		   (long long)*instance);
	return RES_DONE;
}

/* ---- issue FILE ---- */

enum { IC_CUSTOMER, IC_REF, IC_NCOLS };

static const struct csv_col issue_cols[IC_NCOLS] = { { "customer", 1 }, { "ref", 0 } };

static enum res
issue_record(const struct imp_record *rec, struct why *w, void *arg)
{
	int64_t id;

	return coupon_issue(arg, imp_get(rec, 0, IC_CUSTOMER), imp_get(rec, 0, IC_REF), &id, w);
}

int
coupon_issue_import(const char *code, const char *path)
{
	struct import_spec spec = { .noun = "coupons", .cols = issue_cols, .ncols = IC_NCOLS,
				    .record = issue_record, .savepoint = 1 };
	struct tpl t;
	struct why w;

	if (find_tpl(code, &t, &w))
		die(EX_NOTFOUND, "%s", w.msg);
	return import_run(&spec, path, (void *)code);
}

/* ---- redemption codes ---- */

#define KEY_LEN 16
/* 32 characters: no 0/O, no 1/I; a random byte's low 5 bits pick one
 * without bias */
static const char key_alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

static void
random_bytes(unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die(EX_IO, "cannot read random bytes from the system: %s", strerror(errno));
		got += (size_t)r;
	}
}

/* The key as stored and hashed: upper case, no blanks or dashes; 0 when it
 * cannot be one. */
static int
key_normal(const char *in, char out[KEY_LEN + 1])
{
	size_t n = 0;

	for (; *in; in++) {
		char c = *in >= 'a' && *in <= 'z' ? (char)(*in - 'a' + 'A') : *in;

		if (c == '-' || c == ' ')
			continue;
		if (n == KEY_LEN || !strchr(key_alphabet, c))
			return 0;
		out[n++] = c;
	}
	out[n] = '\0';
	return n == KEY_LEN;
}

enum res
coupon_codes(const char *code, int64_t count, void (*each)(const char *key, void *arg),
	     void *arg, struct why *w)
{
	unsigned char raw[KEY_LEN];
	char key[KEY_LEN + 1], shown[KEY_LEN + KEY_LEN / 4], hash[SHA256_HEX];
	struct tpl t;
	enum res rc;
	int64_t i;
	size_t k;

	if ((rc = find_tpl(code, &t, w)) || (rc = tpl_open(code, &t, w)))
		return rc;
	if (count < 1)
		return res_fail(w, RES_BAD, "count must be 1 or more");
	if (!take_quantity(t.id, count)) {
		db_stmt *st = db_prep("SELECT quantity - taken FROM coupon WHERE id = ?1");

		db_bind_int(st, 1, t.id);
		return res_fail(w, RES_REFUSED, "coupon '%s' has %lld left to give out, not %lld",
				code, (long long)db_int(st, 0), (long long)count);
	}
	db_copy_begin("coupon_key", "coupon_id, hash, created_at", 3);
	for (i = 0; i < count; i++) {
		random_bytes(raw, sizeof raw);
		for (k = 0; k < KEY_LEN; k++)
			key[k] = key_alphabet[raw[k] & 31];
		key[KEY_LEN] = '\0';
		sha256_hex(key, KEY_LEN, hash);
		db_copy_int(t.id);
		db_copy_text(hash);
		db_copy_text(shop_now_text());
		db_copy_row_end();
		snprintf(shown, sizeof shown, "%.4s-%.4s-%.4s-%.4s", key, key + 4, key + 8,
			 key + 12);
		each(shown, arg);
	}
	if (!db_copy_end())
		die(EX_INTERNAL, "two redemption codes came out the same; nothing was kept");
	audit_note("codes %s %lld", code, (long long)count);
	return RES_DONE;
}

enum res
coupon_redeem(const char *key, const char *customer, int64_t *instance, struct why *w)
{
	char norm[KEY_LEN + 1], hash[SHA256_HEX], code[256];
	int64_t key_id, holder, cid;
	struct tpl t;
	db_stmt *st;
	enum res rc;

	*instance = 0;
	if ((rc = customer_find_id(customer, &cid, w)))
		return rc;
	if (!key_normal(key ? key : "", norm))
		return res_fail(w, RES_NOTFOUND, "unknown redemption code");
	sha256_hex(norm, KEY_LEN, hash);
	st = db_prep("SELECT k.id, k.coupon_id, c.code, COALESCE(k.instance_id, 0), "
		     "COALESCE(i.customer_id, -1) FROM coupon_key k JOIN coupon c ON c.id = k.coupon_id "
		     "LEFT JOIN coupon_instance i ON i.id = k.instance_id WHERE k.hash = ?1");
	db_bind_text(st, 1, hash);
	if (!db_step(st))
		return res_fail(w, RES_NOTFOUND, "unknown redemption code");
	key_id = db_col_int(st, 0);
	snprintf(code, sizeof code, "%s", db_col_text(st, 2));
	*instance = db_col_int(st, 3);
	holder = db_col_int(st, 4);
	db_reset(st);
	if (*instance && holder == cid)
		return res_fail(w, RES_SKIPPED, "this code was redeemed by '%s' already ("
				COUPON_INSTANCE_PREFIX "%lld); skipped", customer,
				(long long)*instance);
	if (*instance)
		return res_fail(w, RES_REFUSED, "this code was redeemed already");
	if ((rc = find_tpl(code, &t, w)) || (rc = tpl_open(code, &t, w)))
		return rc;
	db_savepoint();
	if (!take_holder(t.id, cid)) {
		db_rollback_to();
		return limits_refuse(code, t.id, customer, 0, w);
	}
	*instance = new_instance(&t, cid, NULL);
	/* the first to redeem it wins; the quantity was taken when it was made */
	st = db_prep("UPDATE coupon_key SET instance_id = ?2, redeemed_at = ?3 "
		     "WHERE id = ?1 AND instance_id IS NULL");
	db_bind_int(st, 1, key_id);
	db_bind_int(st, 2, *instance);
	db_bind_static(st, 3, shop_now_text());
	db_run(st);
	if (db_changes() != 1) {
		db_rollback_to();
		*instance = 0;
		return res_fail(w, RES_REFUSED, "this code was redeemed already");
	}
	db_release();
	audit_note("redeem for %s: " COUPON_INSTANCE_PREFIX "%lld", customer, (long long)*instance);
	return RES_DONE;
}

/* ---- void ---- */

/* One place back: of the quantity and of the customer's limit. */
static void
give_back(int64_t coupon_id, int64_t customer_id, int64_t n)
{
	db_stmt *st = db_prep("UPDATE coupon SET taken = taken - ?2 WHERE id = ?1");

	db_bind_int(st, 1, coupon_id);
	db_bind_int(st, 2, n);
	db_run(st);
	st = db_prep("UPDATE coupon_holder SET taken = taken - ?3 "
		     "WHERE coupon_id = ?1 AND customer_id = ?2");
	db_bind_int(st, 1, coupon_id);
	db_bind_int(st, 2, customer_id);
	db_bind_int(st, 3, n);
	db_run(st);
}

static enum res
void_instance(int64_t id, const char *what, struct why *w)
{
	db_stmt *st = db_prep("SELECT coupon_id, customer_id, status, COALESCE(order_id, 0) "
			      "FROM coupon_instance WHERE id = ?1");
	int64_t coupon_id, customer_id, order_id;
	char status[16];

	db_bind_int(st, 1, id);
	if (!db_step(st))
		return res_fail(w, RES_NOTFOUND, "unknown coupon instance '%s'", what);
	coupon_id = db_col_int(st, 0);
	customer_id = db_col_int(st, 1);
	snprintf(status, sizeof status, "%s", db_col_text(st, 2));
	order_id = db_col_int(st, 3);
	db_reset(st);
	if (!strcmp(status, "void"))
		return res_fail(w, RES_SKIPPED, "%s is void already; skipped", what);
	if (!strcmp(status, "used"))
		return res_fail(w, RES_REFUSED, "%s is used by order SO-%lld; cannot void", what,
				(long long)order_id);
	st = db_prep("UPDATE coupon_instance SET status = 'void' WHERE id = ?1 AND status = ?2");
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, status);
	db_run(st);
	if (db_changes() != 1)
		return res_fail(w, RES_REFUSED, "%s changed while it was read; try again", what);
	give_back(coupon_id, customer_id, 1);
	audit_note("void %s", what);
	return RES_DONE;
}

enum res
coupon_void(const char *what, struct why *w)
{
	size_t n = strlen(COUPON_INSTANCE_PREFIX);
	struct tpl t;
	db_stmt *st;
	enum res rc;

	if (what && !strncmp(what, COUPON_INSTANCE_PREFIX, n)) {
		int64_t id;
		const char *why;

		if (parse_int(what + n, 1, INT64_MAX, &id, &why) < 0)
			return res_fail(w, RES_NOTFOUND, "unknown coupon instance '%s'", what);
		return void_instance(id, what, w);
	}
	if ((rc = find_tpl(what, &t, w)))
		return rc;
	if (!t.active)
		return res_fail(w, RES_SKIPPED, "coupon '%s' is void already; skipped", what);
	st = db_prep("UPDATE coupon SET status = 'void' WHERE id = ?1 AND status = 'active'");
	db_bind_int(st, 1, t.id);
	db_run(st);
	/* its unused instances go with it, and their places */
	st = db_prep("SELECT customer_id, COUNT(*) FROM coupon_instance "
		     "WHERE coupon_id = ?1 AND status IN ('issued', 'expired') GROUP BY customer_id "
		     "ORDER BY customer_id");
	db_bind_int(st, 1, t.id);
	while (db_step(st)) {
		db_stmt *u = db_prep("UPDATE coupon_holder SET taken = taken - ?3 "
				     "WHERE coupon_id = ?1 AND customer_id = ?2");

		db_bind_int(u, 1, t.id);
		db_bind_int(u, 2, db_col_int(st, 0));
		db_bind_int(u, 3, db_col_int(st, 1));
		db_run(u);
	}
	st = db_prep("UPDATE coupon SET taken = taken - (SELECT COUNT(*) FROM coupon_instance "
		     "WHERE coupon_id = ?1 AND status IN ('issued', 'expired')) WHERE id = ?1");
	db_bind_int(st, 1, t.id);
	db_run(st);
	st = db_prep("UPDATE coupon_instance SET status = 'void' "
		     "WHERE coupon_id = ?1 AND status IN ('issued', 'expired')");
	db_bind_int(st, 1, t.id);
	db_run(st);
	audit_note("void %s", what);
	return RES_DONE;
}

/* ---- listings ---- */

/* An instance's status as of now: issued past its end is expired. */
#define LIVE_STATUS(now) "CASE WHEN i.status = 'issued' AND i.valid_until IS NOT NULL " \
	"AND i.valid_until <= " now " THEN 'expired' ELSE i.status END"

const struct out_col coupon_list_cols[COUPON_LIST_NCOLS] = {
	{ "code", COL_TEXT }, { "type", COL_TEXT }, { "value", COL_TEXT },
	{ "min_spend", COL_MONEY }, { "max_discount", COL_MONEY }, { "scope", COL_TEXT },
	{ "funded_by", COL_TEXT }, { "valid_from", COL_TEXT }, { "valid_until", COL_TEXT },
	{ "valid_days", COL_INT }, { "quantity", COL_INT }, { "per_customer", COL_INT },
	{ "issued", COL_INT }, { "used", COL_INT },
};

void
coupon_list(struct out_rows *t)
{
	db_stmt *st = db_prep("SELECT c.code, " TERMS_SQL ", (SELECT COUNT(*) FROM "
			      "coupon_instance i WHERE i.coupon_id = c.id), (SELECT COUNT(*) FROM "
			      "coupon_instance i WHERE i.coupon_id = c.id AND i.status = 'used') "
			      "FROM coupon c ORDER BY c.code");
	char issued[32], used[32];
	struct terms m;

	out_rows_init(t, "coupon", coupon_list_cols, COUPON_LIST_NCOLS);
	while (db_step(st)) {
		const char *v[COUPON_LIST_NCOLS];

		terms_read(st, 1, &m);
		snprintf(issued, sizeof issued, "%lld", (long long)db_col_int(st, 1 + NF));
		snprintf(used, sizeof used, "%lld", (long long)db_col_int(st, 2 + NF));
		v[0] = db_col_text(st, 0);
		v[1] = m.f[F_TYPE];
		v[2] = m.f[F_VALUE];
		v[3] = m.f[F_MIN];
		v[4] = m.f[F_MAX];
		v[5] = m.f[F_SCOPE];
		v[6] = m.f[F_FUNDED];
		v[7] = m.f[F_FROM];
		v[8] = m.f[F_UNTIL];
		v[9] = m.f[F_DAYS];
		v[10] = m.f[F_QTY];
		v[11] = m.f[F_PER];
		v[12] = issued;
		v[13] = used;
		out_rows_add(t, v);
	}
}

const struct out_col coupon_instance_cols[COUPON_INSTANCE_NCOLS] = {
	{ "instance", COL_TEXT }, { "code", COL_TEXT }, { "customer", COL_TEXT },
	{ "status", COL_TEXT }, { "issued_at", COL_TEXT }, { "valid_until", COL_TEXT },
	{ "order", COL_TEXT },
};

db_stmt *
coupon_instances_query(const char *code, const char *customer, const char *status)
{
	db_stmt *st = db_prep("SELECT '" COUPON_INSTANCE_PREFIX "' || i.id, c.code, u.code, "
			      LIVE_STATUS("?4") ", i.issued_at, i.valid_until, "
			      "CASE WHEN i.order_id IS NULL THEN '' ELSE 'SO-' || i.order_id END "
			      "FROM coupon_instance i JOIN coupon c ON c.id = i.coupon_id "
			      "JOIN customer u ON u.id = i.customer_id "
			      "WHERE (CAST(?1 AS TEXT) IS NULL OR c.code = ?1) "
			      "AND (CAST(?2 AS TEXT) IS NULL OR u.code = ?2) "
			      "AND (CAST(?3 AS TEXT) IS NULL OR " LIVE_STATUS("?4") " = ?3) "
			      "ORDER BY i.id");

	db_bind_text(st, 1, given(code) ? code : NULL);
	db_bind_text(st, 2, given(customer) ? customer : NULL);
	db_bind_text(st, 3, given(status) ? status : NULL);
	db_bind_static(st, 4, shop_now_text());
	return st;
}

const struct out_col coupon_stats_cols[COUPON_STATS_FUNDED_NCOLS] = {
	{ "code", COL_TEXT }, { "issued", COL_INT }, { "used", COL_INT }, { "expired", COL_INT },
	{ "void", COL_INT }, { "redemption_rate", COL_TEXT }, { "discount", COL_MONEY },
	{ "gmv", COL_MONEY }, { "funded_by", COL_TEXT },
};

db_stmt *
coupon_stats_query(const char *code)
{
	/* redemption_rate: used / issued as a percent, one decimal, half up,
	 * in integers: (used * 1000 * 2 + issued) / (issued * 2) tenths */
	db_stmt *st = db_prep(
		"SELECT code, issued, used, expired, voided, CASE WHEN issued = 0 THEN '' ELSE "
		"CAST((used * 2000 + issued) / (issued * 2) / 10 AS TEXT) || '.' || "
		"CAST((used * 2000 + issued) / (issued * 2) % 10 AS TEXT) END, discount, gmv, "
		"funded_by FROM (SELECT c.code AS code, c.funded_by AS funded_by, "
		"COUNT(i.id) AS issued, "
		"SUM(CASE WHEN i.status = 'used' THEN 1 ELSE 0 END) AS used, "
		"SUM(CASE WHEN " LIVE_STATUS("?2") " = 'expired' THEN 1 ELSE 0 END) AS expired, "
		"SUM(CASE WHEN i.status = 'void' THEN 1 ELSE 0 END) AS voided, "
		"SUM(CASE WHEN i.status = 'used' THEN i.discount ELSE 0 END) AS discount, "
		"COALESCE(SUM(o.total), 0) AS gmv "
		"FROM coupon c LEFT JOIN coupon_instance i ON i.coupon_id = c.id "
		"LEFT JOIN orders o ON o.id = i.order_id AND i.status = 'used' "
		"WHERE CAST(?1 AS TEXT) IS NULL OR c.code = ?1 GROUP BY c.code, c.funded_by) AS s "
		"ORDER BY code");

	db_bind_text(st, 1, given(code) ? code : NULL);
	db_bind_static(st, 2, shop_now_text());
	return st;
}

enum res
coupon_show(const char *code, struct out_rows *fields, struct why *w)
{
	static const struct out_col cols[] = {
		{ "code", COL_TEXT }, { "type", COL_TEXT }, { "value", COL_TEXT },
		{ "min_spend", COL_MONEY }, { "max_discount", COL_MONEY }, { "scope", COL_TEXT },
		{ "exclude", COL_TEXT }, { "funded_by", COL_TEXT }, { "valid_from", COL_TEXT },
		{ "valid_until", COL_TEXT }, { "valid_days", COL_INT }, { "quantity", COL_INT },
		{ "per_customer", COL_INT }, { "status", COL_TEXT }, { "taken", COL_INT },
		{ "created_at", COL_TEXT },
	};
	db_stmt *st = db_prep("SELECT " TERMS_SQL ", status, taken, created_at FROM coupon "
			      "WHERE code = ?1");
	const char *v[NF + 4];
	struct terms t;
	char taken[32];
	int k;

	db_bind_text(st, 1, code ? code : "");
	if (!db_step(st))
		return res_fail(w, RES_NOTFOUND, "unknown coupon '%s'", code ? code : "");
	terms_read(st, 0, &t);
	snprintf(taken, sizeof taken, "%lld", (long long)db_col_int(st, NF + 1));
	v[0] = code;
	for (k = 0; k < NF; k++)
		v[1 + k] = t.f[k];
	v[NF + 1] = db_col_text(st, NF);
	v[NF + 2] = taken;
	v[NF + 3] = db_col_text(st, NF + 2);
	out_rows_init(fields, "coupon", cols, NF + 4);
	out_rows_add(fields, v);
	db_reset(st);
	return RES_DONE;
}

/* ---- the check ---- */

static const char *const checks[] = {
	/* the counters are what they count */
	"SELECT 'coupon ''' || c.code || ''': taken ' || c.taken || ', its instances not void "
	"and codes not redeemed come to ' || ((SELECT COUNT(*) FROM coupon_instance i "
	"WHERE i.coupon_id = c.id AND i.status <> 'void') + (SELECT COUNT(*) FROM coupon_key k "
	"WHERE k.coupon_id = c.id AND k.instance_id IS NULL)) FROM coupon c "
	"WHERE c.taken <> (SELECT COUNT(*) FROM coupon_instance i WHERE i.coupon_id = c.id "
	"AND i.status <> 'void') + (SELECT COUNT(*) FROM coupon_key k WHERE k.coupon_id = c.id "
	"AND k.instance_id IS NULL) ORDER BY c.code",
	"SELECT 'coupon ''' || c.code || ''': customer ''' || u.code || ''' holds ' || h.taken "
	"|| ' by its count, ' || (SELECT COUNT(*) FROM coupon_instance i WHERE i.coupon_id = "
	"h.coupon_id AND i.customer_id = h.customer_id AND i.status <> 'void') || ' instances' "
	"FROM coupon_holder h JOIN coupon c ON c.id = h.coupon_id JOIN customer u ON u.id = "
	"h.customer_id WHERE h.taken <> (SELECT COUNT(*) FROM coupon_instance i WHERE "
	"i.coupon_id = h.coupon_id AND i.customer_id = h.customer_id AND i.status <> 'void') "
	"ORDER BY c.code, u.code",
	/* within their limits */
	"SELECT 'coupon ''' || code || ''': ' || taken || ' given out, over its quantity ' || "
	"quantity FROM coupon WHERE quantity IS NOT NULL AND taken > quantity ORDER BY code",
	"SELECT 'coupon ''' || c.code || ''': customer ''' || u.code || ''' holds ' || h.taken "
	"|| ', over the limit ' || c.per_customer FROM coupon_holder h JOIN coupon c ON c.id = "
	"h.coupon_id JOIN customer u ON u.id = h.customer_id WHERE c.per_customer IS NOT NULL "
	"AND h.taken > c.per_customer ORDER BY c.code, u.code",
	/* a used instance belongs to one live order that names its coupon */
	"SELECT '" COUPON_INSTANCE_PREFIX "' || i.id || ' (' || c.code || ') is used by SO-' || "
	"i.order_id || ', ' || CASE WHEN o.id IS NULL THEN 'which does not exist' "
	"WHEN o.status IN ('cancelled', 'rejected') THEN 'which is ' || o.status "
	"ELSE 'which names coupon ''' || o.coupon || '''' END "
	"FROM coupon_instance i JOIN coupon c ON c.id = i.coupon_id "
	"LEFT JOIN orders o ON o.id = i.order_id WHERE i.status = 'used' AND (o.id IS NULL "
	"OR o.status IN ('cancelled', 'rejected') OR o.coupon <> c.code "
	"OR o.customer_id <> i.customer_id) ORDER BY i.id",
	/* a live order with a coupon has exactly one used instance */
	"SELECT 'SO-' || o.id || ' names coupon ''' || o.coupon || ''' and holds ' || "
	"(SELECT COUNT(*) FROM coupon_instance i WHERE i.order_id = o.id AND i.status = 'used') "
	"|| ' used instances of it' FROM orders o WHERE o.coupon <> '' AND o.status NOT IN "
	"('cancelled', 'rejected') AND (SELECT COUNT(*) FROM coupon_instance i "
	"WHERE i.order_id = o.id AND i.status = 'used') <> 1 "
	/* a refunded order gave its coupon back, or kept it (return_on_refund off) */
	"AND NOT (o.status = 'refunded' AND (SELECT COUNT(*) FROM coupon_instance i "
	"WHERE i.order_id = o.id AND i.status = 'used') = 0) ORDER BY o.id",
};

size_t
coupon_check(void (*report)(const char *violation, void *arg), void *arg)
{
	return db_report(checks, sizeof checks / sizeof checks[0], report, arg);
}

/* ---- checkout ---- */

size_t
coupon_terms_load(struct coupon_terms **out)
{
	db_stmt *st = db_prep("SELECT id, code, type, value, min_spend, max_discount, scope, "
			      "exclude, funded_by, CASE WHEN status = 'active' THEN 1 ELSE 0 END "
			      "FROM coupon ORDER BY id");
	struct coupon_terms *v = NULL;
	size_t n = 0, cap = 0;

	while (db_step(st)) {
		struct coupon_terms *t;

		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		t = &v[n++];
		memset(t, 0, sizeof *t);
		t->id = db_col_int(st, 0);
		t->code = xstrdup(db_col_text(st, 1));
		t->type = word_at(coupon_type_words, db_col_text(st, 2));
		t->value = db_col_int(st, 3);
		t->has_min = !db_col_is_null(st, 4);
		t->min_spend = db_col_int(st, 4);
		t->has_max = !db_col_is_null(st, 5);
		t->max_discount = db_col_int(st, 5);
		scope_read(db_col_text(st, 6), &t->scope);
		scope_read(db_col_text(st, 7), &t->exclude);
		t->platform = !strcmp(db_col_text(st, 8), "platform");
		t->active = db_col_int(st, 9) != 0;
	}
	*out = v;
	return n;
}

void
coupon_terms_free(struct coupon_terms *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(t[i].code);
		scope_release(&t[i].scope);
		scope_release(&t[i].exclude);
	}
	free(t);
}

int64_t
coupon_discount(const struct coupon_terms *t, int64_t base, struct why *w)
{
	char a[MONEY_BUFSZ], b[MONEY_BUFSZ];
	int64_t d;

	if (base <= 0) {
		res_fail(w, RES_REFUSED, "coupon '%s' does not apply: no goods in its scope", t->code);
		return 0;
	}
	if (t->has_min && base < t->min_spend) {
		res_fail(w, RES_REFUSED, "coupon '%s' does not apply: goods in its scope come to %s, "
			 "under its min_spend %s", t->code, money_format(base, S.digits, a),
			 money_format(t->min_spend, S.digits, b));
		return 0;
	}
	if (t->type == PERCENT) {
		/* base x value / 100, half up */
		if (money_muldiv(base, t->value, 100, &d) < 0)
			d = base;
		if (t->has_max && d > t->max_discount)
			d = t->max_discount;
	} else {
		d = t->value;
	}
	return d < base ? d : base;
}

void
coupon_held_load(const int64_t *customers, size_t n, int lock,
		 void (*each)(const struct coupon_held *h, void *arg), void *arg)
{
	db_stmt *st;
	size_t i;

	if (!n)
		return;
	if (lock) {
		db_temp_table("stage_holder", "CREATE TEMP TABLE IF NOT EXISTS stage_holder ("
					      "customer_id INTEGER PRIMARY KEY)");
		db_copy_begin("stage_holder", "customer_id", 1);
		for (i = 0; i < n; i++) {
			db_copy_int(customers[i]);
			db_copy_row_end();
		}
		db_copy_end();
		st = db_prep("SELECT id, coupon_id, customer_id, valid_from, valid_until "
			     "FROM coupon_instance WHERE status = 'issued' AND customer_id IN "
			     "(SELECT customer_id FROM stage_holder) ORDER BY id FOR UPDATE");
	} else {
		/* a look (quote, best): one customer */
		st = db_prep("SELECT id, coupon_id, customer_id, valid_from, valid_until "
			     "FROM coupon_instance WHERE status = 'issued' AND customer_id = ?1 "
			     "ORDER BY id");
	}
	for (i = 0; i < (lock ? 1 : n); i++) {
		if (!lock)
			db_bind_int(st, 1, customers[i]);
		while (db_step(st)) {
			struct coupon_held h;

			memset(&h, 0, sizeof h);
			h.id = db_col_int(st, 0);
			h.coupon_id = db_col_int(st, 1);
			h.customer_id = db_col_int(st, 2);
			if ((h.has_from = !db_col_is_null(st, 3)))
				snprintf(h.from, sizeof h.from, "%s", db_col_text(st, 3));
			if ((h.has_until = !db_col_is_null(st, 4)))
				snprintf(h.until, sizeof h.until, "%s", db_col_text(st, 4));
			each(&h, arg);
		}
		db_reset(st);
	}
}

int
coupon_held_valid(const struct coupon_held *h, const char *at)
{
	return (!h->has_from || strcmp(h->from, at) <= 0) && (!h->has_until || strcmp(at, h->until) < 0);
}

int
coupon_use(const int64_t *instance, const int64_t *order, const int64_t *discount, size_t n)
{
	db_stmt *st;
	size_t i;

	if (!n)
		return 1;
	db_temp_table("stage_used", "CREATE TEMP TABLE IF NOT EXISTS stage_used ("
				    "instance_id INTEGER PRIMARY KEY, order_id INTEGER NOT NULL, "
				    "discount BIGINT NOT NULL)");
	db_copy_begin("stage_used", "instance_id, order_id, discount", 3);
	for (i = 0; i < n; i++) {
		db_copy_int(instance[i]);
		db_copy_int(order[i]);
		db_copy_int(discount[i]);
		db_copy_row_end();
	}
	db_copy_end();
	st = db_prep("UPDATE coupon_instance SET status = 'used', used_at = ?1, "
		     "order_id = (SELECT s.order_id FROM stage_used s WHERE s.instance_id = coupon_instance.id), "
		     "discount = (SELECT s.discount FROM stage_used s WHERE s.instance_id = coupon_instance.id) "
		     "WHERE status = 'issued' AND id IN (SELECT instance_id FROM stage_used)");
	db_bind_static(st, 1, shop_now_text());
	db_run(st);
	return (size_t)db_changes() == n;
}

void
coupon_give_back(int64_t order_id)
{
	db_stmt *st = db_prep("UPDATE coupon_instance SET status = CASE WHEN valid_until IS NOT NULL "
			      "AND valid_until <= ?2 THEN 'expired' ELSE 'issued' END, order_id = NULL, "
			      "used_at = NULL, discount = 0 WHERE order_id = ?1 AND status = 'used'");

	db_bind_int(st, 1, order_id);
	db_bind_static(st, 2, shop_now_text());
	db_run(st);
}

/* ---- import and export (YAML records) ---- */

static const struct yrec_key import_keys[] = {
	{ "code", 0 }, { "type", 0 }, { "value", 0 }, { "min-spend", 0 }, { "max-discount", 0 },
	{ "scope", 0 }, { "exclude", 0 }, { "from", 0 }, { "until", 0 }, { "valid-days", 0 },
	{ "quantity", 0 }, { "per-customer", 0 }, { "funded-by", 0 },
};

static enum res
import_one(const struct yrec *r, struct why *w, void *arg)
{
	struct coupon_in in = {
		yrec_str(r, "code"), yrec_str(r, "type"), yrec_str(r, "value"),
		yrec_str(r, "min-spend"), yrec_str(r, "max-discount"), yrec_str(r, "scope"),
		yrec_str(r, "exclude"), yrec_str(r, "from"), yrec_str(r, "until"),
		yrec_str(r, "valid-days"), yrec_str(r, "quantity"), yrec_str(r, "per-customer"),
		yrec_str(r, "funded-by"),
	};

	(void)arg;
	return coupon_create(&in, w);
}

int
coupon_import(const char *path)
{
	struct yrec_doc d;
	int rc;

	yrec_read(path, import_keys, sizeof import_keys / sizeof import_keys[0], &d);
	rc = yrec_import(&d, "coupons", import_one, NULL);
	yrec_doc_release(&d);
	return rc;
}

void
coupon_export(FILE *fp)
{
	/* the create option of each stored term, as import reads it back */
	static const char *const keys[NF] = {
		"type", "value", "min-spend", "max-discount", "scope", "exclude", "funded-by",
		"from", "until", "valid-days", "quantity", "per-customer",
	};
	db_stmt *st = db_prep("SELECT code, " TERMS_SQL " FROM coupon ORDER BY code");
	struct yrec_out o;
	struct terms t;
	int k;

	yrec_out_begin(&o, fp);
	while (db_step(st)) {
		terms_read(st, 1, &t);
		yrec_out_record(&o);
		yrec_out_value(&o, "code", db_col_text(st, 0));
		for (k = 0; k < NF; k++)
			if (t.has[k] && (k != F_EXCLUDE || *t.f[k]))
				yrec_out_value(&o, keys[k], t.f[k]);
	}
}
