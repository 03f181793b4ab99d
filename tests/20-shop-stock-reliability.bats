#!/usr/bin/env bats
# Reliability of the stock ledger under concurrent writers and under
# SIGKILL in the middle of a bulk import. Tagged slow: make valgrind leaves
# them out, make test and make check run them.
load helper

# bats test_tags=slow
@test "race: 8 processes x 50 single-unit issues against 200 units" {
	shop-product add A --name "Widget A" --price 1
	shop-stock warehouse add W1 --name One
	shop-stock receive --sku A --warehouse W1 --qty 200 --ref GRN-1
	for p in 1 2 3 4 5 6 7 8; do
		(
			for i in $(seq 1 50); do
				rc=0
				shop-stock -q adjust --sku A --warehouse W1 --qty -1 --ref "ISS-$p-$i" \
					>/dev/null 2>>"err.$p" || rc=$?
				echo $rc
			done > "rc.$p"
		) &
	done
	wait
	run -0 sh -c 'cat rc.* | sort | uniq -c | sed "s/^ *//"'
	expect <<-EOF
	200 0
	200 1
	EOF
	# every refusal says why; nothing was busy or broken
	run -0 sh -c 'cat err.* | sort | uniq -c | sed "s/^ *//"'
	[ "$output" = "200 shop-stock: not enough stock of sku 'A' in warehouse 'W1': 0 available, 1 needed" ]
	run -0 shop-stock levels --no-header
	[ "$output" = "A,W1,0,0,0,0,,0" ]
	[ "$(sql "select count(*), count(distinct ref), sum(qty) from movement where type = 'adjustment'")" = "200|200|-200" ]
	run -0 shop-stock check
	[ -z "$output" ]
}

# bats test_tags=slow
@test "crash: a bulk receive killed at random moments leaves all or nothing" {
	awk 'BEGIN { print "sku,name,price"; for (i = 0; i < 100; i++) printf "SKU-%03d,Item %d,1\n", i, i }' |
		shop-product -q import
	shop-stock warehouse add W1 --name One
	shop-stock warehouse add W2 --name Two
	awk 'BEGIN { print "sku,warehouse,qty,ref,note"
		for (i = 1; i <= 200000; i++)
			printf "SKU-%03d,W%d,%d,DN-%06d,line %d\n", i % 100, i % 2 + 1, i % 9 + 1, i, i }' > big.csv
	total=$(awk -F, 'NR > 1 { s += $3 } END { print s }' big.csv)
	# how long a whole run takes here, so that the kills land inside it
	# (or in its commit, or just after it)
	t0=$(date +%s%N)
	shop-stock -q receive --dry-run big.csv
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	for k in 1 2 3 4 5 6; do
		shop-stock -q receive big.csv &
		pid=$!
		sleep "$(awk -v r=$RANDOM -v ms=$ms 'BEGIN { printf "%.3f", (r % 130) / 100 * ms / 1000 }')"
		kill -KILL $pid 2>/dev/null || true
		wait $pid || true
		run -0 shop-stock check
		[ -z "$output" ]
		n=$(sql 'select count(*) from movement')
		[ "$n" = 0 ] || [ "$n" = 200000 ]
	done
	run -0 --separate-stderr shop-stock receive big.csv
	[[ $stderr =~ ^shop-stock:\ imported\ ([0-9]+)\ movements,\ skipped\ ([0-9]+),\ rejected\ 0$ ]]
	[ $(( BASH_REMATCH[1] + BASH_REMATCH[2] )) -eq 200000 ]
	run -0 --separate-stderr shop-stock receive big.csv
	[ "$stderr" = "shop-stock: imported 0 movements, skipped 200000, rejected 0" ]
	[ "$(sql 'select count(*), count(distinct ref), sum(qty) from movement')" = "200000|200000|$total" ]
	[ "$(sql 'select sum(on_hand) from stock')" = "$total" ]
	run -0 shop-stock check
	[ -z "$output" ]
}
