/* sha256.h - SHA-256 (FIPS 180-4), for storing redemption codes so that a
 * copy of the database does not hand out the codes not yet redeemed. */
#ifndef SHOP_SHA256_H
#define SHOP_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* The digest of data[0..n) as 64 lowercase hex digits and a NUL. */
#define SHA256_HEX 65
void sha256_hex(const void *data, size_t n, char out[SHA256_HEX]);

#endif
