/* code.h - codes as people type them (SKU, SPU, brand, category level,
 * customer, supplier): checked for invisible characters, and shown in
 * messages so that such a character can be seen */
#ifndef SHOP_CODE_H
#define SHOP_CODE_H

#include "result.h"

/*
 * A code named what ("sku", "brand"): not empty, no blank at either end,
 * no control, format or invisible character inside (check_code_text in
 * parse.h). RES_DONE, or RES_BAD with "bad sku '<U+FEFF>A1': invisible
 * or formatting character" in why; "missing sku" when s is empty or NULL.
 */
enum res code_check(const char *what, const char *s, struct why *why);

/* s as a message shows it: each control, format or invisible character
 * as <U+XXXX>, a byte that is not UTF-8 as <XX>. Returns a malloc'd
 * string. */
char *code_shown(const char *s);

#endif
