/* chart.h - charts on a terminal (shop-report --chart): horizontal bars
 * of Unicode blocks with labels aligned by display width (so Chinese
 * names line up), and sparklines for a time series. Callers draw only
 * when chart_wanted() says the output is a terminal table. */
#ifndef SHOP_CHART_H
#define SHOP_CHART_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "out.h"

/* Output in format fmt (the command's --format) goes to a terminal as a
 * table: --chart draws; else (a pipe, a file, --format csv|tsv|jsonl) it
 * is ignored and plain rows go out. */
int chart_wanted(enum out_format fmt);

/* Columns of the terminal ($COLUMNS, else the tty's, else 80). */
size_t chart_columns(void);

/*
 * One bar per row: the label (padded to the widest by display width),
 * a bar of full and eighth blocks in proportion to value (the largest
 * value fills the bar width, what the terminal leaves after labels and
 * values), then text (the value as printed, e.g. "1234.50"). A value
 * <= 0 draws no bar. title (may be NULL) goes above.
 */
void chart_bars(FILE *fp, const char *title, const char *const *labels,
		const char *const *texts, const int64_t *values, size_t n);

/* A sparkline: the title, then one of ▁▂▃▄▅▆▇█ per value (scaled from
 * the smallest to the largest), then "min .. max" as given in the texts
 * of the smallest and largest values. */
void chart_spark(FILE *fp, const char *title, const int64_t *values,
		 const char *const *texts, size_t n);

#endif
