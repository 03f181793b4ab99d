/* suggest.c - the nearest name to a typo */
#include <stdlib.h>
#include <string.h>

#include "suggest.h"
#include "util.h"

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

size_t
edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, d;
	size_t *prev2, *prev, *cur, *tmp;

	prev2 = xcalloc(lb + 1, sizeof *prev2);
	prev = xcalloc(lb + 1, sizeof *prev);
	cur = xcalloc(lb + 1, sizeof *cur);
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = lower(a[i - 1]) != lower(b[j - 1]);

			d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (prev[j - 1] + cost < d)
				d = prev[j - 1] + cost;
			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
			    lower(a[i - 2]) == lower(b[j - 1]) && prev2[j - 2] + 1 < d)
				d = prev2[j - 2] + 1;
			cur[j] = d;
		}
		tmp = prev2;
		prev2 = prev;
		prev = cur;
		cur = tmp;
	}
	d = prev[lb];
	free(prev2);
	free(prev);
	free(cur);
	return d;
}

const char *
suggest(const char *word, const char *const *cands, size_t n)
{
	size_t best = (size_t)-1, d, i, len;
	const char *found = NULL;

	for (i = 0; i < n && cands[i]; i++) {
		/* letters of the longer of the two: "jsno" is near "jsonl" */
		len = strlen(word) > strlen(cands[i]) ? strlen(word) : strlen(cands[i]);
		d = edit_distance(word, cands[i]);
		if (d <= (len >= 9 ? 3u : len >= 5 ? 2u : 1u) && d < best) {
			best = d;
			found = cands[i];
		}
	}
	return found;
}
