/* t_freight.c - unit tests for lib/freight.c: fees by weight and by
 * count, regions, free_over, parcels, and the checks of the section */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "freight.h"
#include "session.h"
#include "unit.h"

static char dir[] = "/tmp/t_freight.XXXXXX";
static char path[512]; /* dir/shop.yaml: the config under test */

static void
write_file(const char *p, const char *text)
{
	FILE *fp = fopen(p, "w");

	if (!fp || fputs(text, fp) < 0 || fclose(fp) != 0) {
		perror(p);
		exit(70);
	}
}

/* S.cfg becomes yaml (NULL: no config file at all), checked as a session
 * checks it; the freight read of the last one is forgotten. */
static void
use_config(const char *yaml)
{
	freight_release();
	config_release(&S.cfg);
	if (yaml)
		write_file(path, yaml);
	config_load(&S.cfg, yaml ? path : NULL, NULL);
	config_check(&S.cfg);
}

/* The fee, or -1 when freight_fee() does not answer RES_DONE. */
static int64_t
fee(const char *region, int64_t units, int64_t goods)
{
	struct why w = { "" };
	int64_t f = -7;

	if (freight_fee(region, units, goods, &f, &w) != RES_DONE)
		return -1;
	return f;
}

#define GOODS 1000 /* 10.00: under every free_over below */

static const char by_weight[] =
	"freight:\n"
	"  by: weight\n"
	"  regions:\n"
	"    default:  { first: 1000, first_fee: 10.00, next: 500, next_fee: 4.00, free_over: 199.00 }\n"
	"    Xinjiang: { first: 1000, first_fee: 20.00, next: 1000, next_fee: 10.00 }\n"
	"    Far:      { first: 0, first_fee: 0, next: 1, next_fee: 10.00 }\n";

static void
test_by_weight(void)
{
	struct why w = { "" };
	int64_t f = -7;

	use_config(by_weight);
	CHECK_INT(freight_configured(), 1);
	/* first_fee up to first: 10.00 */
	CHECK_INT(fee("default", 0, GOODS), 1000);
	CHECK_INT(fee("default", 999, GOODS), 1000);
	CHECK_INT(fee("default", 1000, GOODS), 1000);
	/* one gram past first: 10.00 + ceil(1/500) = 1 x 4.00 = 14.00 */
	CHECK_INT(fee("default", 1001, GOODS), 1400);
	/* exact multiples of next: 500 past = 1 step 14.00, 1000 past = 2
	 * steps 18.00, one more gram = 3 steps 22.00 */
	CHECK_INT(fee("default", 1500, GOODS), 1400);
	CHECK_INT(fee("default", 2000, GOODS), 1800);
	CHECK_INT(fee("default", 2001, GOODS), 2200);
	/* free_over 199.00 reached exactly: 0; missed by 0.01: 14.00 */
	CHECK_INT(fee("default", 1001, 19900), 0);
	CHECK_INT(fee("default", 1001, 19899), 1400);
	CHECK_INT(fee("default", 1001, 50000), 0);
	/* a listed region: 20.00 + ceil(1/1000) = 1 x 10.00 = 30.00; at
	 * 3000 g: 20.00 + 2 x 10.00 = 40.00; no free_over there */
	CHECK_INT(fee("Xinjiang", 1000, GOODS), 2000);
	CHECK_INT(fee("Xinjiang", 1001, GOODS), 3000);
	CHECK_INT(fee("Xinjiang", 3000, GOODS), 4000);
	CHECK_INT(fee("Xinjiang", 1001, 100000000), 3000);
	/* unlisted, empty or no region: default (names match byte for byte) */
	CHECK_INT(fee("Tibet", 1001, GOODS), 1400);
	CHECK_INT(fee("xinjiang", 1001, GOODS), 1400);
	CHECK_INT(fee("", 1001, GOODS), 1400);
	CHECK_INT(fee(NULL, 1001, GOODS), 1400);
	/* big but in range: 500,000,000,000 g past first = 10^9 steps:
	 * 10.00 + 10^9 x 4.00 = 4,000,000,010.00 */
	CHECK_INT(fee("default", 1000 + 500000000000LL, GOODS), 400000001000LL);
	/* shop(7)'s example: 2 x 1200 g = 2400 g, 1400 g past first; to
	 * Guangdong (default) 10.00 + ceil(1400/500) = 3 x 4.00 = 22.00, to
	 * Xinjiang 20.00 + ceil(1400/1000) = 2 x 10.00 = 40.00; goods 199.00:
	 * Guangdong 0, Xinjiang still 40.00; goods 198.99: 22.00 */
	CHECK_INT(fee("Guangdong", 2400, 15000), 2200);
	CHECK_INT(fee("Xinjiang", 2400, 15000), 4000);
	CHECK_INT(fee("Guangdong", 2400, 19900), 0);
	CHECK_INT(fee("Xinjiang", 2400, 19900), 4000);
	CHECK_INT(fee("Guangdong", 2400, 19899), 2200);
	/* the most units there are: ceil((9223372036854775807 - 1000) / 500)
	 * = 18446744073709550 steps x 4.00 + 10.00 = 73786976294838210.00 */
	CHECK_INT(fee("default", INT64_MAX, GOODS), 7378697629483821000LL);
	/* past int64: 9223372036854775807 steps x 10.00 */
	CHECK_INT(freight_fee("Far", INT64_MAX, GOODS, &f, &w), RES_BAD);
	CHECK_INT(f, 0);
	CHECK_STR(w.msg, "freight to region 'Far' for 9223372036854775807 units out of range");
	CHECK_INT(freight_fee("default", -1, GOODS, &f, &w), RES_BAD);
	CHECK_STR(w.msg, "negative freight units -1");
}

static void
test_units(void)
{
	/* 500 g x 2 + 0 g x 3 = 1000 g; 5 items */
	const int64_t wg[] = { 500, 0 }, qty[] = { 2, 3 };
	const int64_t big[] = { INT64_MAX / 2 + 1 }, two[] = { 2 }, neg[] = { -1 };
	struct why w = { "" };
	int64_t u = -7;

	use_config(by_weight);
	CHECK_INT(freight_units(2, wg, qty, &u, &w), RES_DONE);
	CHECK_INT(u, 1000);
	CHECK_INT(freight_units(0, wg, qty, &u, &w), RES_DONE);
	CHECK_INT(u, 0);
	CHECK_INT(freight_units(1, big, two, &u, &w), RES_BAD);
	CHECK_STR(w.msg, "line 1: weight out of range");
	CHECK_INT(freight_units(1, wg, neg, &u, &w), RES_BAD);
	CHECK_STR(w.msg, "line 1: a negative quantity -1");
	CHECK_INT(freight_units(1, neg, qty, &u, &w), RES_BAD);
	CHECK_STR(w.msg, "line 1: a negative weight -1 g");

	use_config("freight:\n  by: count\n  regions:\n"
		   "    default: { first: 2, first_fee: 8.00, next: 2, next_fee: 3.00 }\n");
	CHECK_INT(freight_units(2, wg, qty, &u, &w), RES_DONE);
	CHECK_INT(u, 5);
	/* by count: 8.00 up to 2 items; 3 items: ceil(1/2) = 1 step, 11.00;
	 * 4 items: 1 step, 11.00; 5 items: ceil(3/2) = 2 steps, 14.00 */
	CHECK_INT(fee(NULL, 0, GOODS), 800);
	CHECK_INT(fee(NULL, 2, GOODS), 800);
	CHECK_INT(fee(NULL, 3, GOODS), 1100);
	CHECK_INT(fee(NULL, 4, GOODS), 1100);
	CHECK_INT(fee(NULL, 5, GOODS), 1400);
	/* no free_over: never free */
	CHECK_INT(fee(NULL, 5, INT64_MAX), 1400);
}

static void
test_no_section(void)
{
	const int64_t wg[] = { 500 }, qty[] = { 3 };
	struct parcels p = PARCELS_INIT;
	struct why w = { "" };
	int64_t u = -7;

	use_config(NULL);
	CHECK_INT(freight_configured(), 0);
	CHECK_INT(fee("default", 5000, GOODS), 0);
	CHECK_INT(fee("Tibet", 5000, 0), 0);
	/* units by weight without a section: 500 x 3 */
	CHECK_INT(freight_units(1, wg, qty, &u, &w), RES_DONE);
	CHECK_INT(u, 1500);
	CHECK_INT(freight_parcels(1, wg, qty, &p, &w), RES_DONE);
	CHECK_INT(p.n, 1);
	parcels_release(&p);

	use_config("currency:\n  code: CNY\n");
	CHECK_INT(freight_configured(), 0);
	CHECK_INT(fee("default", 5000, GOODS), 0);
	/* a section without keys is no section */
	use_config("freight:\n");
	CHECK_INT(freight_configured(), 0);
	CHECK_INT(fee(NULL, 5000, GOODS), 0);
	use_config("freight: {}\n");
	CHECK_INT(freight_configured(), 0);
}

static void
test_no_default(void)
{
	struct why w = { "" };
	int64_t f = -7;

	use_config("freight:\n  by: weight\n  regions:\n"
		   "    Xinjiang: { first: 1000, first_fee: 20.00, next: 1000, next_fee: 10.00 }\n");
	CHECK_INT(fee("Xinjiang", 1000, GOODS), 2000);
	CHECK_INT(freight_fee("Tibet", 1000, GOODS, &f, &w), RES_REFUSED);
	CHECK_INT(f, 0);
	CHECK_STR(w.msg, "no freight template for region 'Tibet' and no 'default' region");
	CHECK_INT(freight_fee(NULL, 1000, GOODS, &f, &w), RES_REFUSED);
	CHECK_STR(w.msg, "no ship region, and no 'default' freight region");
	CHECK_INT(freight_fee("", 1000, GOODS, &f, &w), RES_REFUSED);
	CHECK_STR(w.msg, "no ship region, and no 'default' freight region");
}

/* ---- parcels ---- */

static const char parcels_cfg[] =
	"freight:\n"
	"  by: weight\n"
	"  max_parcel_weight_g: 20000\n"
	"  regions:\n"
	"    default: { first: 1000, first_fee: 10.00, next: 500, next_fee: 4.00 }\n";

/* piece i is (line, qty, parcel) */
#define CHECK_PIECE(p, i, l, q, n) do { \
	CHECK((i) < (p).npiece); \
	if ((i) < (p).npiece) { \
		CHECK_INT((p).piece[i].line, l); \
		CHECK_INT((p).piece[i].qty, q); \
		CHECK_INT((p).piece[i].parcel, n); \
	} \
} while (0)

static void
test_parcels_whole(void)
{
	/* 8000 -> P1 (8000); 7000 -> P1 (15000); 6000: P1 would be 21000
	 * -> P2 (6000); 5000 -> P1, exactly 20000 */
	const int64_t wg[] = { 8000, 7000, 3000, 5000 }, qty[] = { 1, 1, 2, 1 };
	struct parcels p = PARCELS_INIT;
	struct why w = { "" };

	use_config(parcels_cfg);
	CHECK_INT(freight_parcels(4, wg, qty, &p, &w), RES_DONE);
	CHECK_INT(p.n, 2);
	CHECK_INT(p.npiece, 4);
	CHECK_INT(p.weight_g[0], 20000);
	CHECK_INT(p.weight_g[1], 6000);
	CHECK_PIECE(p, 0, 0, 1, 1);
	CHECK_PIECE(p, 1, 1, 1, 1);
	CHECK_PIECE(p, 2, 2, 2, 2);
	CHECK_PIECE(p, 3, 3, 1, 1);
	parcels_release(&p);
	CHECK(p.piece == NULL);

	/* no lines, no parcels */
	CHECK_INT(freight_parcels(0, wg, qty, &p, &w), RES_DONE);
	CHECK_INT(p.n, 0);
	CHECK_INT(p.npiece, 0);
	parcels_release(&p);
}

static void
test_parcels_cut(void)
{
	/* 3000 g x 15 = 45000 g, heavier than 20000: pieces of 6 units
	 * (18000 g): P1, P2, then the rest, 3 units (9000 g), fits in
	 * neither (27000) -> P3 */
	const int64_t wg1[] = { 3000 }, qty1[] = { 15 };
	/* 11000 -> P1; the 3000 x 15 line: 6 -> P2 (P1 would be 29000),
	 * 6 -> P3, the rest 3 (9000) -> P1, exactly 20000; then 500 x 2 =
	 * 1000: P1 full -> P2 (19000); the qty 0 line gets no piece */
	const int64_t wg2[] = { 11000, 3000, 500, 700 }, qty2[] = { 1, 15, 2, 0 };
	/* a unit of 25000 g travels alone, overweight, and nothing joins it:
	 * P1 25000, P2 25000, then 100 g -> P3 */
	const int64_t wg3[] = { 25000, 100 }, qty3[] = { 2, 1 };
	struct parcels p = PARCELS_INIT;
	struct why w = { "" };

	use_config(parcels_cfg);
	CHECK_INT(freight_parcels(1, wg1, qty1, &p, &w), RES_DONE);
	CHECK_INT(p.n, 3);
	CHECK_INT(p.npiece, 3);
	CHECK_INT(p.weight_g[0], 18000);
	CHECK_INT(p.weight_g[1], 18000);
	CHECK_INT(p.weight_g[2], 9000);
	CHECK_PIECE(p, 0, 0, 6, 1);
	CHECK_PIECE(p, 1, 0, 6, 2);
	CHECK_PIECE(p, 2, 0, 3, 3);
	parcels_release(&p);

	CHECK_INT(freight_parcels(4, wg2, qty2, &p, &w), RES_DONE);
	CHECK_INT(p.n, 3);
	CHECK_INT(p.npiece, 5);
	CHECK_INT(p.weight_g[0], 20000);
	CHECK_INT(p.weight_g[1], 19000);
	CHECK_INT(p.weight_g[2], 18000);
	CHECK_PIECE(p, 0, 0, 1, 1);
	CHECK_PIECE(p, 1, 1, 6, 2);
	CHECK_PIECE(p, 2, 1, 6, 3);
	CHECK_PIECE(p, 3, 1, 3, 1);
	CHECK_PIECE(p, 4, 2, 2, 2);
	parcels_release(&p);

	CHECK_INT(freight_parcels(2, wg3, qty3, &p, &w), RES_DONE);
	CHECK_INT(p.n, 3);
	CHECK_INT(p.npiece, 3);
	CHECK_INT(p.weight_g[0], 25000);
	CHECK_INT(p.weight_g[1], 25000);
	CHECK_INT(p.weight_g[2], 100);
	CHECK_PIECE(p, 0, 0, 1, 1);
	CHECK_PIECE(p, 1, 0, 1, 2);
	CHECK_PIECE(p, 2, 1, 1, 3);
	parcels_release(&p);
}

static void
test_parcels_no_max(void)
{
	/* no max: one parcel, 30000 x 2 + 5 = 60005 g; weightless lines too */
	const int64_t wg[] = { 30000, 5, 0 }, qty[] = { 2, 1, 4 };
	const int64_t big[] = { INT64_MAX / 2 + 1 }, two[] = { 2 }, neg[] = { -2 };
	struct parcels p = PARCELS_INIT;
	struct why w = { "" };

	use_config(by_weight);
	CHECK_INT(freight_parcels(3, wg, qty, &p, &w), RES_DONE);
	CHECK_INT(p.n, 1);
	CHECK_INT(p.weight_g[0], 60005);
	CHECK_INT(p.npiece, 3);
	CHECK_PIECE(p, 0, 0, 2, 1);
	CHECK_PIECE(p, 1, 1, 1, 1);
	CHECK_PIECE(p, 2, 2, 4, 1);
	parcels_release(&p);

	CHECK_INT(freight_parcels(1, big, two, &p, &w), RES_BAD);
	CHECK_STR(w.msg, "line 1: weight out of range");
	CHECK_INT(p.n, 0);
	CHECK_INT(freight_parcels(1, wg, neg, &p, &w), RES_BAD);
	CHECK_STR(w.msg, "line 1: a negative quantity -2");
	CHECK_INT(freight_parcels(1, neg, two, &p, &w), RES_BAD);
	CHECK_STR(w.msg, "line 1: a negative weight -2 g");
	parcels_release(&p);
}

/* ---- a bad section: exit 65 naming file:line:column ---- */

static int
run_child(void (*fn)(void), char *err, size_t errsz)
{
	int fd[2], status;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	fflush(stdout);
	if (pipe(fd) < 0 || (pid = fork()) < 0) {
		perror("fork");
		exit(70);
	}
	if (pid == 0) {
		close(fd[0]);
		dup2(fd[1], 2);
		close(fd[1]);
		fn();
		_exit(0); /* fn should not return */
	}
	close(fd[1]);
	while (len + 1 < errsz && (n = read(fd[0], err + len, errsz - 1 - len)) > 0)
		len += (size_t)n;
	err[len] = '\0';
	close(fd[0]);
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* The config is checked as a session checks it, then read for freight. */
static void
child_use(void)
{
	int64_t f;

	config_release(&S.cfg);
	config_load(&S.cfg, path, NULL);
	config_check(&S.cfg);
	freight_fee(NULL, 1, 0, &f, NULL);
}

static void
check_dies(const char *yaml, const char *want)
{
	char err[2048], expect[1024];

	freight_release();
	write_file(path, yaml);
	CHECK_INT(run_child(child_use, err, sizeof err), 65);
	snprintf(expect, sizeof expect, "t_freight: %s:%s", path, want);
	CHECK_STR(err, expect);
}

static void
test_bad_sections(void)
{
	check_dies("freight:\n  by: weight\n  regions:\n"
		   "    default: { first: 1000, next: 500, next_fee: 4.00 }\n",
		   "4:5: freight.regions.default: missing first_fee\n");
	check_dies("freight:\n  by: weight\n  regions:\n"
		   "    default: { first: 1000, first_fee: 1, next: 500, next_fee: 4.00 }\n"
		   "    Xinjiang:\n      first: 1\n",
		   "5:5: freight.regions.Xinjiang: missing first_fee, next, next_fee\n");
	/* shop(7)'s example, its Xinjiang without first_fee and next_fee */
	check_dies("freight:\n  by: weight\n  max_parcel_weight_g: 20000\n  regions:\n"
		   "    default:  { first: 1000, first_fee: 10.00, next: 500, next_fee: 4.00, free_over: 199.00 }\n"
		   "    Xinjiang: { first: 1000, next: 1000 }\n",
		   "6:5: freight.regions.Xinjiang: missing first_fee, next_fee\n");
	check_dies("freight:\n  by: weight\n  regions:\n    default:\n",
		   "4:5: freight.regions.default: missing first, first_fee, next, next_fee\n");
	check_dies("order:\n  payment_timeout: 1h\nfreight:\n  regions:\n"
		   "    default: { first: 1, first_fee: 1, next: 1, next_fee: 1 }\n",
		   "3:1: freight: missing by (use weight or count)\n");
	check_dies("freight:\n  by: count\n",
		   "1:1: freight: no regions (give freight.regions.default at least)\n");
	check_dies("freight:\n  by: count\n  regions: {}\n",
		   "3:3: freight: no regions (give freight.regions.default at least)\n");
	check_dies("freight:\n  by: weight\n  regions:\n    default:\n      first: 1000\n"
		   "      first_fee: -1.00\n      next: 500\n      next_fee: 4.00\n",
		   "6:18: freight.regions.default.first_fee: a negative amount '-1.00'\n");
	check_dies("freight:\n  by: weight\n  regions:\n    default:\n      first: 1000\n"
		   "      first_fee: 1.00\n      next: 500\n      next_fee: 4.00\n"
		   "      free_over: 199.001\n",
		   "9:18: freight.regions.default.free_over: too many decimals '199.001'\n");
	check_dies("freight:\n  by: weight\n  regions:\n    default:\n      first: 1000\n"
		   "      first_fee: 1.00\n      next: 500\n      next_fee: 4,00\n",
		   "8:17: freight.regions.default.next_fee: not a number '4,00'\n");
	/* next 0 is refused by the schema, before freight reads it */
	check_dies("freight:\n  by: weight\n  regions:\n    default:\n      first: 1000\n"
		   "      first_fee: 1.00\n      next: 0\n      next_fee: 4.00\n",
		   "7:13: freight.regions.default.next: out of range '0'\n");
}

int
main(void)
{
	progname = "t_freight";
	unsetenv("SHOP_CONFIG");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 70;
	}
	snprintf(path, sizeof path, "%s/shop.yaml", dir);
	S.digits = 2;

	test_by_weight();
	test_units();
	test_no_section();
	test_no_default();
	test_parcels_whole();
	test_parcels_cut();
	test_parcels_no_max();
	test_bad_sections();

	freight_release();
	config_release(&S.cfg);
	unlink(path);
	rmdir(dir);
	return unit_done();
}
