# bench-pg.sh - sourced by tests/bench.sh (make bench): the same imports on
# PostgreSQL, each timed against psql's \copy of the same file into a fresh
# table of text columns in the same run (the server's own bulk path), on a
# throwaway server of its own (tests/pg.sh). BENCH_PG=0 leaves it out.
[ "${BENCH_PG:-1}" = 0 ] && return 0
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/shop-bench-pg.XXXXXX")
if ! sh "$here/pg.sh" start "$pgdir"; then
	echo "bench: cannot start a PostgreSQL server; BENCH_PG=0 leaves it out" >&2
	exit 1
fi
trap 'sh "$here/pg.sh" stop "$pgdir"; rm -rf "$pgdir"' EXIT
pg() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -h "$pgdir" -v ON_ERROR_STOP=1 "$@"; }
pguri() { echo "postgresql:///$1?host=$pgdir"; }

# pg_fresh DB [TEMPLATE]: DB made anew (a copy of TEMPLATE, else empty)
pg_fresh() {
	pg -d postgres -c "DROP DATABASE IF EXISTS $1" \
		-c "CREATE DATABASE $1 TEMPLATE ${2:-template0}"
}

# pg_measure NAME DB TEMPLATE CMD...: as measure, each run on a fresh DB
pg_measure() {
	pname=$1 pdb=$2 ptpl=$3
	shift 3
	psecs=
	j=0
	while [ $j -lt "$runs" ]; do
		pg_fresh "$pdb" "$ptpl"
		runs_saved=$runs
		runs=1
		measure "$pname" "$@"
		runs=$runs_saved
		if [ -z "$psecs" ] || [ "$(echo "$secs $psecs" | awk '{ print ($1 < $2) }')" = 1 ]; then
			psecs=$secs
		fi
		j=$((j + 1))
	done
	secs=$psecs
}

# pg_baseline FILE COLUMNS: \copy of FILE into a fresh table (sets base)
pg_baseline() {
	pg_fresh base
	cols=$(head -n 1 "$1" | tr ',' '\n' | awk '{ printf "%s%s text", (NR > 1 ? ", " : ""), $0 }')
	pg -d base -c "CREATE TABLE t ($cols)"
	measure psql-copy sh -c "PGOPTIONS='-c client_min_messages=warning' psql -X -q -h '$pgdir' -d base \
		-c 'TRUNCATE t' -c \"\\\\copy t FROM '$1' CSV HEADER\""
	base=$secs
}

printf '%s\n' 'PostgreSQL (ratios against psql \copy of the same file):'
base_name='psql \copy     '
# --- shop-product import, 100,000 SKUs (the file of bench-product.sh)
pg_baseline "$work/products.csv"
pg_measure pg-product-import pbench template0 \
	shop-product --db "$(pguri pbench)" import "$work/products.csv"
report "shop-product import (100k SKUs)" 100000

# --- shop-stock receive: the first 100,000 rows of bench-stock.sh's file
# over its catalogue (a million rows is the same ratio, ten times longer)
head -n 100001 "$work/receipts.csv" > "$work/receipts-100k.csv"
pg_fresh stocktpl
awk 'BEGIN { print "sku,name,price"; for (i = 0; i < 10000; i++) printf "STK-%05d,Item %d,1\n", i, i }' |
	shop-product --db "$(pguri stocktpl)" -q import
printf 'code,name,priority\nW1,One,1\nW2,Two,2\nW3,Three,3\nW4,Four,4\n' |
	shop-stock --db "$(pguri stocktpl)" -q warehouse import
pg_baseline "$work/receipts-100k.csv"
pg_measure pg-stock-receive sbench stocktpl \
	shop-stock --db "$(pguri sbench)" receive "$work/receipts-100k.csv"
report "shop-stock receive (100k rows)" 100000
