/* t_rfm.c - unit tests of lib/report_rfm.c: NTILE's groups and the
 * segment grid */
#include "report_rfm.h"
#include "unit.h"

/* the tiles of n rows, as a string of digits */
static void
tiles(size_t n, int k, char *buf)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = (char)('0' + rfm_ntile(i, n, k));
	buf[n] = 0;
}

static void
test_ntile(void)
{
	char buf[64];

	/* 12 rows in 5: 3, 3, 2, 2, 2 (the larger groups first) */
	tiles(12, 5, buf);
	CHECK_STR(buf, "111222334455");
	tiles(10, 5, buf);
	CHECK_STR(buf, "1122334455");
	tiles(7, 5, buf);
	CHECK_STR(buf, "1122345");
	tiles(6, 5, buf);
	CHECK_STR(buf, "112345");
	/* fewer rows than tiles: one each, from 1 */
	tiles(3, 5, buf);
	CHECK_STR(buf, "123");
	tiles(1, 5, buf);
	CHECK_STR(buf, "1");
	/* 14 in 4: 4, 4, 3, 3 */
	tiles(14, 4, buf);
	CHECK_STR(buf, "11112222333444");
}

static void
test_segments(void)
{
	CHECK_STR(rfm_segment(5, 5, 5), "champions");
	CHECK_STR(rfm_segment(5, 4, 3), "champions");   /* fm (4 + 3) / 2 = 3.5: 4 */
	CHECK_STR(rfm_segment(5, 3, 3), "potential");
	CHECK_STR(rfm_segment(5, 1, 1), "new");
	CHECK_STR(rfm_segment(5, 1, 2), "potential");   /* fm 1.5: 2 */
	CHECK_STR(rfm_segment(4, 1, 1), "promising");
	CHECK_STR(rfm_segment(4, 4, 4), "loyal");
	CHECK_STR(rfm_segment(3, 5, 4), "loyal");
	CHECK_STR(rfm_segment(3, 3, 3), "need_attention");
	CHECK_STR(rfm_segment(3, 2, 1), "about_to_sleep");
	CHECK_STR(rfm_segment(2, 2, 3), "at_risk");
	CHECK_STR(rfm_segment(2, 5, 5), "cant_lose");
	CHECK_STR(rfm_segment(1, 5, 4), "cant_lose");   /* fm 4.5: 5 */
	CHECK_STR(rfm_segment(2, 1, 2), "hibernating");
	CHECK_STR(rfm_segment(1, 2, 2), "lost");
	CHECK_STR(rfm_segment(1, 3, 2), "at_risk");     /* fm 2.5: 3 */
	CHECK_STR(rfm_segments[0], "champions");
	CHECK_STR(rfm_segments[RFM_NSEGMENTS - 1], "lost");
	CHECK(rfm_segments[RFM_NSEGMENTS] == NULL);
}

int
main(void)
{
	test_ntile();
	test_segments();
	return unit_done();
}
