/* t_strmap - the string map behind the import caches */
#include <stdio.h>

#include "strmap.h"
#include "unit.h"

int
main(void)
{
	struct strmap m = STRMAP_INIT(0), b = STRMAP_INIT(100);
	struct strmap_ent *e;
	char key[32];
	int i, found;

	CHECK(strmap_get(&m, "x") == NULL);
	strmap_put(&m, "SKU-1", 7, 1);
	e = strmap_get(&m, "SKU-1");
	CHECK(e != NULL);
	CHECK_INT(e->val, 7);
	CHECK_INT(e->aux, 1);
	CHECK(e->ptr == NULL);
	strmap_put(&m, "SKU-1", 8, 0); /* update, not a second key */
	CHECK_INT(m.n, 1);
	CHECK_INT(strmap_get(&m, "SKU-1")->val, 8);
	CHECK(strmap_get(&m, "sku-1") == NULL); /* case matters */
	CHECK(strmap_get(&m, "") == NULL);
	strmap_put(&m, "", 5, 0); /* the empty key is a key */
	CHECK_INT(strmap_get(&m, "")->val, 5);

	/* many keys: growth keeps every one */
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "K%d", i);
		strmap_put(&m, key, i, -i);
	}
	for (i = 0, found = 0; i < 10000; i++) {
		snprintf(key, sizeof key, "K%d", i);
		e = strmap_get(&m, key);
		found += e && e->val == i && e->aux == -i;
	}
	CHECK_INT(found, 10000);
	CHECK_INT(m.n, 10002);

	/* strmap_at creates zeroed entries and finds existing ones */
	e = strmap_at(&m, "new");
	CHECK_INT(e->val, 0);
	e->ptr = &m;
	CHECK(strmap_at(&m, "new")->ptr == &m);
	CHECK_INT(m.n, 10003);

	/* bounded: emptied when full, memory stays flat */
	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof key, "B%d", i);
		strmap_put(&b, key, i, 0);
		CHECK(b.n <= 100);
	}
	CHECK_INT(strmap_get(&b, "B999")->val, 999);
	CHECK(strmap_get(&b, "B0") == NULL);
	CHECK_INT(b.max, 100);

	strmap_release(&m);
	CHECK_INT(m.n, 0);
	CHECK(strmap_get(&m, "SKU-1") == NULL);
	strmap_release(&b);
	CHECK_INT(b.max, 100);
	CHECK_INT(hash_str(""), 1469598103934665603ULL);

	/* pairs: (a, b) and (b, a) are different keys; growth keeps them all */
	{
		struct pairmap p = PAIRMAP_INIT;
		struct pairmap_ent *pe;
		int created, j, ok = 0;

		pe = pairmap_at(&p, 1, 2, &created);
		CHECK_INT(created, 1);
		CHECK_INT(pe->val, 0);
		pe->val = 5;
		pe = pairmap_at(&p, 1, 2, &created);
		CHECK_INT(created, 0);
		CHECK_INT(pe->val, 5);
		pairmap_at(&p, 2, 1, &created);
		CHECK_INT(created, 1);
		for (i = 1; i <= 300; i++)
			for (j = 1; j <= 10; j++)
				pairmap_at(&p, i, j, NULL)->aux += i * j;
		for (i = 1; i <= 300; i++)
			for (j = 1; j <= 10; j++)
				ok += pairmap_at(&p, i, j, &created)->aux == i * j + 0 && !created;
		CHECK_INT(ok, 3000);
		CHECK_INT(p.n, 3000);
		CHECK_INT(pairmap_at(&p, 1, 2, NULL)->val, 5);
		pairmap_release(&p);
		CHECK_INT(p.n, 0);
	}
	return unit_done();
}
