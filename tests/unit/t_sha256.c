/* t_sha256.c - unit tests of lib/sha256.c: the FIPS 180-2 examples, and
 * messages at the padding's edges against sha256sum(1) */
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "unit.h"

static void
same(const char *msg, size_t n, const char *want)
{
	char got[SHA256_HEX];

	sha256_hex(msg, n, got);
	CHECK_STR(got, want);
}

/* n times 'x' (printf %n | tr '\0' x | sha256sum) */
static void
xs(size_t n, const char *want)
{
	char *m = malloc(n + 1);

	memset(m, 'x', n);
	same(m, n, want);
	free(m);
}

int main(void)
{
	char *a = malloc(1000000);

	same("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	same("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	same("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	memset(a, 'a', 1000000);
	same(a, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
	/* one block of padding, or two */
	xs(55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072");
	xs(56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e");
	xs(63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2");
	xs(64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c");
	xs(119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c");
	xs(120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98");
	return unit_done();
}
