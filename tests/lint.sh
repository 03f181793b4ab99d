#!/bin/sh
# lint.sh [FILE.bats...] - reject bats assertions that cannot fail (STYLE.md
# point 10): bats sees only the status of a whole list, so in
# `[ a ] && [ b ]` a failing `[ a ]` passes, and a bare `! cmd` never fails
# a test (use `run !` or `run -N`). Default: every tests/*.bats. Prints
# FILE:LINE:TEXT for each offence and exits 1 if there is any.
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ $# -gt 0 ] || set -- "$here"/*.bats
and='^[[:space:]]*\[\[? [^]]*\]\]? &&'
bang='^[[:space:]]*! '
grep -HnE -e "$and" -e "$bang" "$@" >&2
case $? in
0)	echo "lint: an assertion that cannot fail: one assertion a line; run ! or run -N to expect a failure (STYLE.md point 10)" >&2
	exit 1 ;;
1)	exit 0 ;;
*)	echo "lint: cannot read the bats files" >&2
	exit 2 ;;
esac
