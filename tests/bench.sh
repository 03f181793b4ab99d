#!/bin/sh
# bench.sh BIN - speed is held by figures printed here, never by timed
# tests. Each figure is timed against sqlite3's own .import of the same file
# into a fresh database, in the same run, so the ratio travels across
# machines. Peak memory comes from GNU time. Every tests/bench-*.sh is
# sourced in turn and uses measure, baseline and report from here.
set -eu
bin=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
work=$here/.bench
mkdir -p "$work"
export PATH="$bin:$PATH" SHOP_NOW=2026-11-22T10:00:00Z
unset SHOP_DB SHOP_CONFIG

# measure NAME [--fresh DB TEMPLATE|-] CMD... - run CMD $runs times
# (BENCH_RUNS, default 3) and keep the best time: this is a VM whose disk
# flushes vary from run to run. With --fresh, DB is removed (or TEMPLATE
# copied over it) before each run, untimed, so every run starts alike.
# Sets secs and kb (the largest peak RSS).
runs=${BENCH_RUNS:-3}
measure() {
	name=$1; shift
	fdb= ftpl=
	if [ "$1" = --fresh ]; then
		fdb=$2 ftpl=$3
		shift 3
	fi
	secs= kb=0
	i=0
	while [ $i -lt "$runs" ]; do
		if [ -n "$fdb" ]; then
			rm -f "$fdb" "$fdb-wal" "$fdb-shm"
			[ "$ftpl" = - ] || cp "$ftpl" "$fdb"
		fi
		t0=$(date +%s%N)
		/usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>"$work/$name.err" || {
			echo "bench: $name failed:" >&2; cat "$work/$name.err" >&2; exit 1; }
		t1=$(date +%s%N)
		t=$(echo "$t0 $t1" | awk '{ printf "%.3f", ($2 - $1) / 1e9 }')
		if [ -z "$secs" ] || [ "$(echo "$t $secs" | awk '{ print ($1 < $2) }')" = 1 ]; then
			secs=$t
		fi
		k=$(tail -n 1 "$work/rss")
		[ "$k" -gt "$kb" ] && kb=$k
		i=$((i + 1))
	done
}

# baseline: sqlite3 .import of FILE into a fresh database (sets base)
baseline() {
	measure sqlite3-import --fresh "$work/base.db" - sqlite3 "$work/base.db" ".mode csv" ".import $1 t"
	base=$secs
}

base_name="sqlite3 .import"
# against NAME WHAT ROWS SQLCMD CMD...: CMD timed against the shell command
# SQLCMD (the base), and reported
against() {
	vname=$1 vwhat=$2 vrows=$3 vsql=$4
	shift 4
	measure "$vname-sql" sh -c "$vsql"
	base=$secs
	measure "$vname" "$@"
	report "$vwhat" "$vrows"
}
# versus NAME WHAT ROWS SQLCMD CMD...: the report CMD prints what the
# hand-written SQL of SQLCMD prints, byte for byte (carriage returns
# aside: the sqlite3 shell's CSV ends its lines with them), or the bench
# fails; then against
versus() {
	vname=$1 vwhat=$2 vrows=$3 vsql=$4
	shift 4
	sh -c "$vsql" | tr -d '\r' > "$work/$vname.want"
	"$@" > "$work/$vname.got"
	cmp -s "$work/$vname.want" "$work/$vname.got" || {
		echo "bench: $vname: $* disagrees with its hand-written SQL ($vsql):" >&2
		diff "$work/$vname.want" "$work/$vname.got" | head -n 5 >&2
		exit 1
	}
	against "$vname" "$vwhat" "$vrows" "$vsql" "$@"
}
report() { # report WHAT ROWS
	ratio=$(echo "$secs $base" | awk '{ printf "%.2f", $1 / $2 }')
	rate=$(echo "$2 $secs" | awk '{ printf "%.0f", $1 / $2 }')
	printf '%-34s %8ss  %s %6ss  ratio %5s  %8s rows/s  peak %6d KB\n' \
		"$1" "$secs" "$base_name" "$base" "$ratio" "$rate" "$kb"
}

# SQLite first (they write the files), PostgreSQL last (bench-pg.sh
# sources the bench-pg-*.sh files)
for b in "$here"/bench-*.sh; do
	case $b in *-pg.sh | */bench-pg-*.sh) continue ;; esac
	. "$b"
done
. "$here/bench-pg.sh"
