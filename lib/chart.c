/* chart.c - bars and sparklines on a terminal (see chart.h) */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "chart.h"
#include "parse.h"
#include "util.h"

/* U+2588 full block, then U+258F .. U+2589: one to seven eighths */
static const char *const eighths[8] = {
	"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589",
};
static const char *const sparks[8] = {
	"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588",
};

int
chart_wanted(enum out_format fmt)
{
	if (fmt == OUT_TABLE)
		return 1;
	return fmt == OUT_AUTO && isatty(STDOUT_FILENO);
}

size_t
chart_columns(void)
{
	const char *c = getenv("COLUMNS");
	struct winsize ws;
	long v;

	if (c && (v = strtol(c, NULL, 10)) >= 20 && v <= 1000)
		return (size_t)v;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

static void
spaces(FILE *fp, size_t n)
{
	while (n--)
		putc(' ', fp);
}

void
chart_bars(FILE *fp, const char *title, const char *const *labels, const char *const *texts,
	   const int64_t *values, size_t n)
{
	size_t i, lw = 0, tw = 0, width, cols = chart_columns();
	int64_t max = 0;

	for (i = 0; i < n; i++) {
		size_t w = utf8_width(labels[i] ? labels[i] : "");

		if (w > lw)
			lw = w;
		w = utf8_width(texts[i] ? texts[i] : "");
		if (w > tw)
			tw = w;
		if (values[i] > max)
			max = values[i];
	}
	width = cols > lw + tw + 4 + 10 ? cols - lw - tw - 4 : 10;
	if (title)
		fprintf(fp, "%s\n", title);
	for (i = 0; i < n; i++) {
		/* eighths of a cell, in 128-bit-free arithmetic: value / max
		 * scaled to width * 8, rounded half up */
		long double share = max > 0 && values[i] > 0 ? (long double)values[i] / max : 0;
		size_t units = (size_t)(share * (long double)(width * 8) + 0.5L), k;

		fputs(labels[i] ? labels[i] : "", fp);
		spaces(fp, lw - utf8_width(labels[i] ? labels[i] : "") + 2);
		for (k = 0; k < units / 8; k++)
			fputs("\u2588", fp);
		fputs(eighths[units % 8], fp);
		spaces(fp, width - units / 8 - (units % 8 ? 1 : 0) + 1);
		spaces(fp, tw - utf8_width(texts[i] ? texts[i] : ""));
		fprintf(fp, "%s\n", texts[i] ? texts[i] : "");
	}
}

void
chart_spark(FILE *fp, const char *title, const int64_t *values, const char *const *texts,
	    size_t n)
{
	size_t i, lo = 0, hi = 0;

	if (!n)
		return;
	for (i = 1; i < n; i++) {
		if (values[i] < values[lo])
			lo = i;
		if (values[i] > values[hi])
			hi = i;
	}
	if (title)
		fprintf(fp, "%s  ", title);
	for (i = 0; i < n; i++) {
		int level = values[hi] == values[lo] ? 3 :
			(int)((long double)(values[i] - values[lo]) * 7 /
			      (long double)(values[hi] - values[lo]) + 0.5L);
		fputs(sparks[level], fp);
	}
	fprintf(fp, "  %s .. %s\n", texts[lo] ? texts[lo] : "", texts[hi] ? texts[hi] : "");
}
