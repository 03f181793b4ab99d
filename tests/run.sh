#!/bin/sh
# run.sh BIN OBJ - the whole test suite: the lint of the bats files
# (lint.sh), the C unit tests (OBJ/t_*), the csv-spectrum conformance cases,
# then every bats file with BIN first on PATH.
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
PATH="$bin:$PATH" bats "$here"/*.bats || fail=1
if [ $fail -ne 0 ]; then
	echo "tests: FAILED" >&2
	exit 1
fi
echo "tests: all passed"
