/* csvjson - a test tool: read a CSV with lib/csvio and print each record as
 * a JSON object keyed by the header, one per line (for tests/csv-spectrum.sh) */
#include <stdio.h>

#include "csvio.h"
#include "err.h"
#include "out.h"
#include "util.h"

int
main(int argc, char **argv)
{
	struct csvr r;
	struct out o;
	struct out_col *cols;
	size_t i;

	progname = "csvjson";
	if (argc != 2)
		die(EX_USAGE, "usage: csvjson FILE");
	csvr_open(&r, argv[1], CSV_AUTO);
	csvr_header(&r, NULL, 0, 1);
	cols = xcalloc(r.nheader, sizeof *cols);
	for (i = 0; i < r.nheader; i++) {
		cols[i].name = r.header[i];
		cols[i].kind = COL_TEXT;
	}
	out_begin(&o, stdout, OUT_JSONL, 0, 0, cols, r.nheader);
	while (csvr_next(&r))
		out_row(&o, (const char *const *)r.fields);
	out_end(&o);
	free(cols);
	csvr_close(&r);
	return 0;
}
