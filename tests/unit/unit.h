/* unit.h - a tiny harness for C unit tests: one test program per module */
#ifndef SHOP_UNIT_H
#define SHOP_UNIT_H

#include <stdio.h>
#include <string.h>

static int unit_passed, unit_failed;

static inline void unit_result(int ok, const char *file, int line, const char *what)
{
	if (ok) {
		unit_passed++;
		return;
	}
	unit_failed++;
	printf("%s:%d: %s\n", file, line, what);
}

#define CHECK(cond) unit_result(!!(cond), __FILE__, __LINE__, "failed: " #cond)

/* Each operand is evaluated once; integers are compared as long long. */
#define CHECK_INT(a, b) do { \
	long long unit_a_ = (long long)(a), unit_b_ = (long long)(b); \
	unit_result(unit_a_ == unit_b_, __FILE__, __LINE__, "failed: " #a " == " #b); \
	if (unit_a_ != unit_b_) \
		printf("    got %lld, want %lld\n", unit_a_, unit_b_); \
} while (0)

/* NULL is allowed on either side and only equals NULL. */
#define CHECK_STR(a, b) do { \
	const char *unit_a_ = (a), *unit_b_ = (b); \
	int unit_ok_ = unit_a_ && unit_b_ ? strcmp(unit_a_, unit_b_) == 0 : unit_a_ == unit_b_; \
	unit_result(unit_ok_, __FILE__, __LINE__, "failed: " #a " == " #b); \
	if (!unit_ok_) \
		printf("    got \"%s\", want \"%s\"\n", unit_a_ ? unit_a_ : "(null)", \
		       unit_b_ ? unit_b_ : "(null)"); \
} while (0)

/* Print the tally; returns the exit status for main: 0 if all passed. */
static inline int unit_done(void)
{
	printf("%d passed, %d failed\n", unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}

#endif
