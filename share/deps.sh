#!/bin/sh
# deps.sh - make sure the Debian packages the build and the tests need are
# here; install them with apt-get when we are root, else say what to run.
#   share/deps.sh build   libraries and pkg-config
#   share/deps.sh test    the above plus bats, jq, sqlite3 and a PostgreSQL
#                         server for the second run of the suite
#   share/deps.sh bench   the above plus GNU time
set -u
what=${1:-build}
missing=""
need() { # need PACKAGE TEST-COMMAND...
	pkg=$1; shift
	"$@" >/dev/null 2>&1 || missing="$missing $pkg"
}
need pkg-config command -v pkg-config
need gcc command -v cc
need make command -v make
need libsqlite3-dev pkg-config --exists sqlite3
need libyaml-dev pkg-config --exists yaml-0.1
need libcsv-dev test -e /usr/include/csv.h
need libpq-dev pkg-config --exists libpq
if [ "$what" = test ] || [ "$what" = bench ]; then
	need bats command -v bats
	need jq command -v jq
	need sqlite3 command -v sqlite3
	need postgresql sh -c 'ls /usr/lib/postgresql/*/bin/initdb'
	need postgresql-client command -v psql
fi
[ "$what" = bench ] && need time test -x /usr/bin/time
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "deps: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	{ apt-get install -y -q $missing || { apt-get update -q && apt-get install -y -q $missing; }; } >&2 && exit 0
fi
echo "deps: missing packages; run: sudo apt-get install$missing" >&2
exit 1
