/* t_out.c - unit tests for lib/out.c: exact bytes of every format */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "unit.h"

/* Run one result set through out_* into memory; returns the bytes, owned. */
static char *
render(enum out_format fmt, int header, int excel, const struct out_col *cols, size_t ncols,
       const char *const *cells, size_t nrows)
{
	char *buf = NULL;
	size_t len = 0, r;
	FILE *fp = open_memstream(&buf, &len);
	struct out o;

	out_begin(&o, fp, fmt, header, excel, cols, ncols);
	for (r = 0; r < nrows; r++)
		out_row(&o, cells + r * ncols);
	out_end(&o);
	fclose(fp);
	return buf;
}

#define CHECK_OUT(got_expr, want) do { \
	char *got_ = (got_expr); \
	CHECK_STR(got_, want); \
	free(got_); \
} while (0)

static const struct out_col cols3[] = {
	{ "name", COL_TEXT }, { "qty", COL_INT }, { "price", COL_MONEY },
};

static void
test_parse_format(void)
{
	enum out_format f = OUT_AUTO;

	CHECK_INT(out_parse_format("csv", &f), 0);
	CHECK_INT(f, OUT_CSV);
	CHECK_INT(out_parse_format("tsv", &f), 0);
	CHECK_INT(f, OUT_TSV);
	CHECK_INT(out_parse_format("jsonl", &f), 0);
	CHECK_INT(f, OUT_JSONL);
	CHECK_INT(out_parse_format("table", &f), 0);
	CHECK_INT(f, OUT_TABLE);
	CHECK_INT(out_parse_format("json", &f), -1);
	CHECK_INT(out_parse_format("", &f), -1);
	CHECK_INT(out_parse_format("CSV", &f), -1);
}

static void
test_auto(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct out o;

	/* a memory stream is not a terminal */
	out_begin(&o, fp, OUT_AUTO, 1, 0, cols3, 3);
	CHECK_INT(o.fmt, OUT_CSV);
	out_end(&o);
	fclose(fp);
	CHECK_STR(buf, "name,qty,price\n");
	free(buf);
}

static void
test_csv_field(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	out_csv_field(fp, NULL, ',');
	fputc('|', fp);
	out_csv_field(fp, "", ',');
	fputc('|', fp);
	out_csv_field(fp, "x\ty", ',');
	fputc('|', fp);
	out_csv_field(fp, "x\ty", '\t');
	fputc('|', fp);
	out_csv_field(fp, "a,b", '\t');
	fputc('|', fp);
	out_csv_field(fp, "a,b", ',');
	fputc('|', fp);
	out_csv_field(fp, "\"", ',');
	fputc('|', fp);
	out_csv_field(fp, "\ttab", ',');
	fclose(fp);
	CHECK_STR(buf, "||x\ty|\"x\ty\"|a,b|\"a,b\"|\"\"\"\"|\"\ttab\"");
	free(buf);
}

static void
test_csv(void)
{
	static const char *const rows[] = {
		"plain", "1", "12.30",
		"a,b", "2", "-0.50",
		"say \"hi\"", NULL, "",
		"line1\nline2", "3", "1.00",
		"cr\r", "4", "1",
		" lead", "5", "1",
		"trail ", "6", "1",
		"", "", NULL,
		"in side", "-7", "0.00",
		"=SUM(A1)", "8", "1",
		"手机", "9", "1",
	};

	CHECK_OUT(render(OUT_CSV, 1, 0, cols3, 3, rows, 11),
		  "name,qty,price\n"
		  "plain,1,12.30\n"
		  "\"a,b\",2,-0.50\n"
		  "\"say \"\"hi\"\"\",,\n"
		  "\"line1\nline2\",3,1.00\n"
		  "\"cr\r\",4,1\n"
		  "\" lead\",5,1\n"
		  "\"trail \",6,1\n"
		  ",,\n"
		  "in side,-7,0.00\n"
		  "=SUM(A1),8,1\n"
		  "手机,9,1\n");
	CHECK_OUT(render(OUT_CSV, 0, 0, cols3, 3, rows, 2),
		  "plain,1,12.30\n"
		  "\"a,b\",2,-0.50\n");
	/* zero rows: the header alone, or nothing */
	CHECK_OUT(render(OUT_CSV, 1, 0, cols3, 3, rows, 0), "name,qty,price\n");
	CHECK_OUT(render(OUT_CSV, 0, 0, cols3, 3, rows, 0), "");
}

static void
test_csv_one_column(void)
{
	static const struct out_col col[] = { { "sku", COL_TEXT } };
	static const char *const rows[] = { "A", "", NULL, "B" };

	/* a lone empty field is written "" so the row is not a blank line */
	CHECK_OUT(render(OUT_CSV, 1, 0, col, 1, rows, 4), "sku\nA\n\"\"\n\"\"\nB\n");
}

static void
test_tsv(void)
{
	static const char *const rows[] = {
		"a,b", "1", "2.00",
		"tab\there", "2", "3.00",
		"q\"uote", NULL, "",
		" sp", "3", "4",
	};

	CHECK_OUT(render(OUT_TSV, 1, 0, cols3, 3, rows, 4),
		  "name\tqty\tprice\n"
		  "a,b\t1\t2.00\n"
		  "\"tab\there\"\t2\t3.00\n"
		  "\"q\"\"uote\"\t\t\n"
		  "\" sp\"\t3\t4\n");
}

static void
test_excel(void)
{
	static const struct out_col cols[] = {
		{ "name", COL_TEXT }, { "qty", COL_INT }, { "note", COL_TEXT },
	};
	static const char *const rows[] = {
		"=SUM(A1)", "-5", "-x",
		"+1", "@me", "-12.30",
		"\tx", "ok", "a=b",
		"=A1,B1", "-", "-.5",
		"\rcr", "12", "",
		NULL, "0", "-0",
	};

	CHECK_OUT(render(OUT_CSV, 1, 1, cols, 3, rows, 6),
		  "\xEF\xBB\xBF" "name,qty,note\r\n"
		  "'=SUM(A1),-5,'-x\r\n"
		  "'+1,'@me,-12.30\r\n"
		  "'\tx,ok,a=b\r\n"
		  "\"'=A1,B1\",'-,'-.5\r\n"
		  "\"'\rcr\",12,\r\n"
		  ",0,-0\r\n");
	/* the BOM comes first even without a header, and only once */
	CHECK_OUT(render(OUT_CSV, 0, 1, cols, 3, rows, 1),
		  "\xEF\xBB\xBF" "'=SUM(A1),-5,'-x\r\n");
	CHECK_OUT(render(OUT_CSV, 1, 1, cols, 3, rows, 0),
		  "\xEF\xBB\xBF" "name,qty,note\r\n");
	CHECK_OUT(render(OUT_TSV, 1, 1, cols, 3, rows, 3),
		  "\xEF\xBB\xBF" "name\tqty\tnote\r\n"
		  "'=SUM(A1)\t-5\t'-x\r\n"
		  "'+1\t'@me\t-12.30\r\n"
		  "\"'\tx\"\tok\ta=b\r\n");
	/* excel is a csv/tsv matter: jsonl is left alone */
	CHECK_OUT(render(OUT_JSONL, 1, 1, cols3, 3, rows, 1),
		  "{\"name\":\"=SUM(A1)\",\"qty\":-5,\"price\":\"-x\"}\n");
}

static void
test_jsonl(void)
{
	static const char *const rows[] = {
		"a\"b\\c\n\x01\x1f", "5", "12.30",
		NULL, NULL, NULL,
		"手机", "-3", "",
		"x", "abc", "1",
		"tab\t/", "0", "-0.50",
	};
	static const struct out_col odd[] = { { "we\"ird", COL_TEXT } };
	static const char *const one[] = { "v" };

	CHECK_OUT(render(OUT_JSONL, 1, 0, cols3, 3, rows, 5),
		  "{\"name\":\"a\\\"b\\\\c\\u000a\\u0001\\u001f\",\"qty\":5,\"price\":\"12.30\"}\n"
		  "{\"name\":\"\",\"qty\":null,\"price\":null}\n"
		  "{\"name\":\"手机\",\"qty\":-3,\"price\":null}\n"
		  "{\"name\":\"x\",\"qty\":\"abc\",\"price\":\"1\"}\n"
		  "{\"name\":\"tab\\u0009/\",\"qty\":0,\"price\":\"-0.50\"}\n");
	CHECK_OUT(render(OUT_JSONL, 1, 0, cols3, 3, rows, 0), "");
	CHECK_OUT(render(OUT_JSONL, 1, 0, odd, 1, one, 1), "{\"we\\\"ird\":\"v\"}\n");
}

/* The one rule for empty values: text "", numbers and amounts null. */
static void
test_json_members(void)
{
	static const char *const vals[] = { "", "", "" };
	static const char *const full[] = { "x", "7", "0.00" };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	out_json_members(fp, cols3, 3, vals);
	fputc('|', fp);
	out_json_members(fp, cols3, 3, full);
	fputc('|', fp);
	out_json_string(fp, NULL);
	fclose(fp);
	CHECK_STR(buf, "\"name\":\"\",\"qty\":null,\"price\":null|"
		       "\"name\":\"x\",\"qty\":7,\"price\":\"0.00\"|\"\"");
	free(buf);
}

static void
test_rows(void)
{
	static const char *const a[] = { "a", NULL, "1.00" };
	static const char *const b[] = { "b", "2", NULL };
	struct out_rows t;
	int i;

	out_rows_init(&t, "line", cols3, 3);
	for (i = 0; i < 20; i++)
		out_rows_add(&t, i % 2 ? b : a);
	CHECK_INT(t.nrows, 20);
	CHECK_STR(out_rows_row(&t, 0)[0], "a");
	CHECK_STR(out_rows_row(&t, 0)[1], "");
	CHECK_STR(out_rows_row(&t, 19)[1], "2");
	CHECK_STR(out_rows_row(&t, 19)[2], "");
	out_rows_release(&t);
	CHECK_INT(t.nrows, 0);
}

static void
test_table(void)
{
	static const struct out_col cols[] = {
		{ "sku", COL_TEXT }, { "name", COL_TEXT }, { "qty", COL_INT }, { "price", COL_MONEY },
	};
	static const char *const rows[] = {
		"A1", "手机", "5", "1999.00",
		"B22", "case", "120", "9.90",
		"C3", NULL, "-1", "0.00",
	};
	static const struct out_col two[] = { { "a", COL_TEXT }, { "b", COL_TEXT } };
	static const char *const rows2[] = {
		"x", "y",
		"long", "",
		"a\tb", "c\nd\x1b",
	};
	static const struct out_col wide[] = { { "名称", COL_TEXT }, { "n", COL_INT } };
	static const char *const rows3[] = { "ab", "1", "手机壳", "22" };

	CHECK_OUT(render(OUT_TABLE, 1, 0, cols, 4, rows, 3),
		  "sku  name  qty    price\n"
		  "---  ----  ---  -------\n"
		  "A1   手机    5  1999.00\n"
		  "B22  case  120     9.90\n"
		  "C3          -1     0.00\n");
	CHECK_OUT(render(OUT_TABLE, 0, 0, cols, 4, rows, 2),
		  "A1   手机    5  1999.00\n"
		  "B22  case  120     9.90\n");
	/* no trailing blanks; control characters do not reach the terminal */
	CHECK_OUT(render(OUT_TABLE, 1, 0, two, 2, rows2, 3),
		  "a     b\n"
		  "----  ----\n"
		  "x     y\n"
		  "long\n"
		  "a b   c d?\n");
	CHECK_OUT(render(OUT_TABLE, 1, 0, wide, 2, rows3, 2),
		  "名称     n\n"
		  "------  --\n"
		  "ab       1\n"
		  "手机壳  22\n");
	/* zero rows: header and dashes, or nothing at all */
	CHECK_OUT(render(OUT_TABLE, 1, 0, cols, 4, rows, 0),
		  "sku  name  qty  price\n"
		  "---  ----  ---  -----\n");
	CHECK_OUT(render(OUT_TABLE, 0, 0, cols, 4, rows, 0), "");
	/* excel does not change a table */
	CHECK_OUT(render(OUT_TABLE, 1, 1, two, 2, rows2, 1),
		  "a  b\n"
		  "-  -\n"
		  "x  y\n");
}

/* csv streams: nothing is kept per row, so a huge export stays flat */
static void
test_streaming(void)
{
	static const char *const row[] = { "n", "1", "1.00" };
	FILE *fp = fopen("/dev/null", "w");
	struct out o;
	int i;

	out_begin(&o, fp, OUT_CSV, 1, 0, cols3, 3);
	for (i = 0; i < 100000; i++)
		out_row(&o, row);
	CHECK(o.cells == NULL);
	CHECK_INT(o.nrows, 100000);
	out_end(&o);
	out_begin(&o, fp, OUT_JSONL, 1, 0, cols3, 3);
	for (i = 0; i < 1000; i++)
		out_row(&o, row);
	CHECK(o.cells == NULL);
	out_end(&o);
	fclose(fp);
}

/* nothing is written before the first row or out_end */
static void
test_lazy_header(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct out o;

	out_begin(&o, fp, OUT_CSV, 1, 1, cols3, 3);
	fflush(fp);
	CHECK_INT(len, 0);
	out_end(&o);
	fclose(fp);
	CHECK_STR(buf, "\xEF\xBB\xBF" "name,qty,price\r\n");
	free(buf);
}

int
main(void)
{
	test_parse_format();
	test_auto();
	test_csv_field();
	test_csv();
	test_csv_one_column();
	test_tsv();
	test_excel();
	test_jsonl();
	test_json_members();
	test_rows();
	test_table();
	test_streaming();
	test_lazy_header();
	return unit_done();
}
