#!/bin/sh
# run.sh BIN UNIT... - the whole test suite: C unit tests, the csv-spectrum
# conformance cases, then every bats file with BIN first on PATH.
set -u
bin=$(cd "$1" && pwd); shift
here=$(cd "$(dirname "$0")" && pwd)
fail=0
for t in "$@"; do
	echo "unit: $(basename "$t")"
	"$t" || fail=1
done
echo "csv-spectrum:"
sh "$here/csv-spectrum.sh" "$bin" || fail=1
PATH="$bin:$PATH" bats "$here"/*.bats || fail=1
if [ $fail -ne 0 ]; then
	echo "tests: FAILED" >&2
	exit 1
fi
echo "tests: all passed"
