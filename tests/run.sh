#!/bin/sh
# run.sh BIN OBJ - the whole test suite: the lint of the bats files
# (lint.sh), the C unit tests (OBJ/t_*), the csv-spectrum conformance cases,
# then every bats file with BIN first on PATH, once per backend: SQLite,
# then PostgreSQL on a throwaway server of its own (pg.sh). BACKENDS="sqlite"
# (or "pg") runs one; a PostgreSQL that cannot be started fails the run.
set -u
bin=$(cd "$1" && pwd)
obj=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
fail=0
echo "lint: bats assertions"
sh "$here/lint.sh" || fail=1
for t in "$obj"/t_*; do
	[ -x "$t" ] || continue
	echo "unit: $(basename "$t")"
	"$t" || fail=1
done
echo "csv-spectrum:"
sh "$here/csv-spectrum.sh" "$obj/csvjson" || fail=1
for backend in ${BACKENDS:-sqlite pg}; do
	case $backend in
	sqlite)
		echo "bats: SQLite"
		SHOP_TEST_BACKEND=sqlite PATH="$bin:$PATH" bats "$here"/*.bats || fail=1
		;;
	pg)
		echo "bats: PostgreSQL"
		pgdir=$(mktemp -d "${TMPDIR:-/tmp}/shop-pg.XXXXXX")
		if ! sh "$here/pg.sh" start "$pgdir"; then
			echo "tests: cannot start a PostgreSQL server (see above); BACKENDS=sqlite tests SQLite alone" >&2
			fail=1
		else
			SHOP_TEST_BACKEND=pg SHOP_TEST_PGHOST=$pgdir PATH="$bin:$PATH" \
				bats "$here"/*.bats || fail=1
			sh "$here/pg.sh" stop "$pgdir"
		fi
		rm -rf "$pgdir"
		;;
	*)
		echo "tests: unknown backend '$backend' (sqlite, pg)" >&2
		fail=1
		;;
	esac
done
if [ $fail -ne 0 ]; then
	echo "tests: FAILED" >&2
	exit 1
fi
echo "tests: all passed"
