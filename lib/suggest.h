/* suggest.h - "did you mean ...?" for mistyped names: columns, fields,
 * commands, options, format words */
#ifndef SHOP_SUGGEST_H
#define SHOP_SUGGEST_H

#include <stddef.h>

/* Edit distance (insertions, deletions, substitutions and swaps of two
 * neighbours), ASCII case ignored. */
size_t edit_distance(const char *a, const char *b);

/* The candidate nearest to word, if near enough to be a typo (a distance
 * of at most 1, 2 from five letters on, 3 from nine, counting the letters
 * of the longer of the two), else NULL. cands is
 * NULL-terminated or has n entries, whichever ends first. */
const char *suggest(const char *word, const char *const *cands, size_t n);

#endif
