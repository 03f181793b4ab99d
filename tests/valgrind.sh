#!/bin/sh
# valgrind.sh BIN OBJ - the unit tests and the bats suite with every binary
# run under valgrind (memcheck: errors and definite leaks fail with 99).
# Tests tagged "slow" (races, crashes, big files) are left to make check;
# the bats suite runs on SQLite (make test runs it on PostgreSQL too).
set -u
bin=$(cd "$1" && pwd)
obj=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
wrap=$here/.vg/bin
rm -rf "$wrap"
mkdir -p "$wrap"
for p in "$bin"/*; do
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$vg" "$p" > "$wrap/$(basename "$p")"
	chmod +x "$wrap/$(basename "$p")"
done
fail=0
for t in "$obj"/t_*; do
	[ -x "$t" ] || continue
	echo "unit (valgrind): $(basename "$t")"
	$vg "$t" | tail -n 1 || fail=1
done
SHOP_TEST_BACKEND=sqlite PATH="$wrap:$PATH" bats --filter-tags '!slow' "$here"/*.bats || fail=1
[ $fail -eq 0 ] && echo "valgrind: clean" || { echo "valgrind: FAILED" >&2; exit 1; }
