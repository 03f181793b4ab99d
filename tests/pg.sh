#!/bin/sh
# pg.sh start DIR | stop DIR - a throwaway PostgreSQL server for the tests:
# its data and its unix socket in DIR, no TCP, fsync off. As root it runs
# as an unprivileged user (postgres, else nobody); the bootstrap superuser
# is the caller's name, trusted on the socket.
set -eu
cmd=$1 dir=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "pg.sh: no PostgreSQL server found (apt-get install postgresql)" >&2; exit 1; }
me=$(id -un)
run() {
	if [ "$(id -u)" = 0 ]; then
		u=postgres; id -u postgres >/dev/null 2>&1 || u=nobody
		runuser -u "$u" -- "$@"
	else
		"$@"
	fi
}
case $cmd in
start)
	mkdir -p "$dir"
	if [ "$(id -u)" = 0 ]; then
		u=postgres; id -u postgres >/dev/null 2>&1 || u=nobody
		chown "$u" "$dir"
	fi
	run "$bindir/initdb" -D "$dir/data" -U "$me" -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	run "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-k $dir -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null ||
		{ cat "$dir/server.log" >&2; exit 1; }
	;;
stop)
	run "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
	;;
esac
