#!/usr/bin/env bats
# Reliability of orders under concurrent writers and under SIGKILL in the
# middle of a bulk import. Tagged slow: make valgrind leaves them out, make
# test and make check run them.
load helper

# bats test_tags=slow
@test "race: 8 processes x 40 orders of 1 unit against 200 units" {
	shop-product -q add A --name "Widget A" --price 1 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku A --warehouse W1 --qty 200 --ref GRN-1
	shop-order -q customer add C1 --name One
	for p in 1 2 3 4 5 6 7 8; do
		(
			for i in $(seq 1 40); do
				rc=0
				shop-order -q create --customer C1 --line A:1 --ref "R-$p-$i" \
					>>"out.$p" 2>>"err.$p" || rc=$?
				echo $rc
			done > "rc.$p"
		) &
	done
	wait
	# 320 tries for 200 units: 200 placed, 120 refused, none busy or broken
	run -0 sh -c 'cat rc.* | sort | uniq -c | sed "s/^ *//"'
	expect <<-EOF
	200 0
	120 1
	EOF
	# every refusal says why: the stock was gone when it looked, or went
	# between its look and its reservation
	run -0 sh -c "cat err.* | grep -cvx -e \"shop-order: not enough stock of sku 'A': 0 available, 1 needed\" -e \"shop-order: not enough stock of sku 'A' in warehouse 'W1': 0 available, 1 needed\" || true"
	[ "$output" = 0 ]
	run -0 sh -c 'cat err.* | wc -l'
	[ "$output" = 120 ]
	# each placed order printed its own number
	run -0 sh -c 'cat out.* | sort -u | wc -l'
	[ "$output" = 200 ]
	run -0 sql "select count(*), count(distinct order_ref), sum(total) from orders"
	[ "$output" = "200|200|20000" ]
	run -0 sql "select count(*), sum(qty) from order_line"
	[ "$output" = "200|200" ]
	run -0 shop-stock levels --no-header
	[ "$output" = "A,W1,200,200,0,0,,0" ]
	# 200 x 1.00 owed
	run -0 shop-order customer list --no-header
	[ "$output" = "C1,One,,,b2c,prepaid,,,,,,200.00" ]
	run -0 shop check
	[ -z "$output" ]
}

# bats test_tags=slow
@test "crash: an order import killed at random moments leaves all or nothing" {
	awk 'BEGIN { print "sku,name,price,status"
		for (i = 0; i < 100; i++) printf "SKU-%03d,Item %d,%d.%02d,active\n", i, i, i % 7 + 1, i }' |
		shop-product -q import
	shop-stock -q warehouse add W1 --name One
	awk 'BEGIN { print "sku,warehouse,qty,ref"
		for (i = 0; i < 100; i++) printf "SKU-%03d,W1,100000,G-%03d\n", i, i }' | shop-stock -q receive
	awk 'BEGIN { print "code,name"; for (i = 0; i < 20; i++) printf "C%02d,Customer %d\n", i, i }' |
		shop-order -q customer import
	# 2,000 orders of 10 lines, 20,000 rows; each order's first five rows
	# in the first half of the file, its last five in the second
	awk 'BEGIN { print "order_ref,customer,sku,qty"
		for (h = 0; h < 2; h++) for (o = 1; o <= 2000; o++) for (l = 5 * h; l < 5 * h + 5; l++)
			printf "O-%05d,C%02d,SKU-%03d,%d\n", o, o % 20, (o * 7 + l * 13) % 100, l % 3 + 1 }' > big.csv
	# qty 1,2,3,1,2,3,1,2,3,1 = 19 an order, 38,000 in all
	total=$(awk -F, 'NR > 1 { s += $4 } END { print s }' big.csv)
	[ "$total" = 38000 ]
	# how long a whole run takes here, so that the kills land inside it
	# (or in its commit, or just after it)
	t0=$(date +%s%N)
	shop-order -q import --dry-run big.csv
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	for k in 1 2 3 4 5 6; do
		shop-order -q import big.csv &
		pid=$!
		sleep "$(awk -v r=$RANDOM -v ms=$ms 'BEGIN { printf "%.3f", (r % 130) / 100 * ms / 1000 }')"
		kill -KILL $pid 2>/dev/null || true
		wait $pid || true
		run -0 shop check
		[ -z "$output" ]
		n=$(sql 'select count(*) from orders')
		[ "$n" = 0 ] || [ "$n" = 2000 ]
	done
	run -0 --separate-stderr shop-order import big.csv
	[[ $stderr =~ ^shop-order:\ imported\ ([0-9]+)\ orders\ \(([0-9]+)\ lines\),\ skipped\ ([0-9]+),\ rejected\ 0$ ]]
	[ $(( BASH_REMATCH[1] + BASH_REMATCH[3] )) -eq 2000 ]
	[ $(( BASH_REMATCH[2] )) -eq $(( BASH_REMATCH[1] * 10 )) ]
	run -0 --separate-stderr shop-order import big.csv
	[ "$stderr" = "shop-order: imported 0 orders (0 lines), skipped 2000, rejected 0" ]
	# every order once, with its 10 lines; reserved = the lines' qty
	run -0 sql "select count(*), count(distinct customer_id || ':' || order_ref) from orders"
	[ "$output" = "2000|2000" ]
	run -0 sql "select count(*), sum(qty) from order_line"
	[ "$output" = "20000|$total" ]
	[ "$(sql 'select sum(reserved) from stock')" = "$total" ]
	[ "$(sql 'select sum(l.qty) from order_line l join orders o on o.id = l.order_id where o.order_ref = '"'O-00007'"'')" = 19 ]
	run -0 shop check
	[ -z "$output" ]
}

# bats test_tags=slow
@test "race: 4 imports at once, 100 one-unit orders each, against 200 units" {
	shop-product -q add A --name "Widget A" --price 1 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku A --warehouse W1 --qty 200 --ref GRN-1
	shop-order -q customer add C1 --name One
	for p in 1 2 3 4; do
		awk -v p=$p 'BEGIN { print "order_ref,customer,sku,qty"
			for (i = 1; i <= 100; i++) printf "R-%d-%03d,C1,A,1\n", p, i }' > "in.$p.csv"
	done
	for p in 1 2 3 4; do
		( rc=0; shop-order import "in.$p.csv" 2>"err.$p" || rc=$?; echo $rc > "rc.$p" ) &
	done
	wait
	# each ends 0 (all placed) or 1 (some rejected), never busy or broken
	run -0 sh -c 'cat rc.* | grep -cvx -e 0 -e 1 || true'
	[ "$output" = 0 ]
	# 400 orders for 200 units: 200 placed, 200 rejected, over the four
	run -0 sh -c "cat err.* | sed -n 's/^shop-order: imported \([0-9]*\) orders.*rejected \([0-9]*\)$/\1 \2/p' | awk '{ i += \$1; r += \$2 } END { print i, r }'"
	[ "$output" = "200 200" ]
	run -0 sh -c "cat err.* | grep -c \"not enough stock of sku 'A': 0 available, 1 needed\""
	[ "$output" = 200 ]
	run -0 sql "select count(*), sum(total) from orders"
	[ "$output" = "200|20000" ]
	run -0 shop-stock levels --no-header
	[ "$output" = "A,W1,200,200,0,0,,0" ]
	run -0 shop check
	[ -z "$output" ]
}

# bats test_tags=slow
@test "race: the same file imported by 2 processes at once places every order once" {
	awk 'BEGIN { print "sku,name,price,status"
		for (i = 0; i < 20; i++) printf "SKU-%02d,Item %d,%d,active\n", i, i, i + 1 }' |
		shop-product -q import
	shop-stock -q warehouse add W1 --name One
	awk 'BEGIN { print "sku,warehouse,qty,ref"
		for (i = 0; i < 20; i++) printf "SKU-%02d,W1,10000,G-%02d\n", i, i }' | shop-stock -q receive
	shop-order -q customer add C1 --name One --terms credit
	# 1,500 orders of 2 lines: two batches each
	awk 'BEGIN { print "order_ref,customer,sku,qty"
		for (o = 1; o <= 1500; o++) for (l = 0; l < 2; l++)
			printf "O-%04d,C1,SKU-%02d,%d\n", o, (o + l * 7) % 20, l + 1 }' > same.csv
	for p in 1 2; do
		( rc=0; shop-order import same.csv 2>"err.$p" || rc=$?; echo $rc > "rc.$p" ) &
	done
	wait
	run -0 cat rc.1 rc.2
	[ "$output" = "$(printf '0\n0')" ]
	# what one placed the other skipped
	run -0 sh -c "cat err.* | sed -n 's/^shop-order: imported \([0-9]*\) orders ([0-9]* lines), skipped \([0-9]*\), rejected 0$/\1 \2/p' | awk '{ i += \$1; s += \$2 } END { print i, s }'"
	[ "$output" = "1500 1500" ]
	run -0 sql "select count(*), count(distinct order_ref) from orders"
	[ "$output" = "1500|1500" ]
	# 1,500 x (1 + 2) units reserved
	[ "$(sql 'select sum(reserved) from stock')" = 4500 ]
	run -0 shop check
	[ -z "$output" ]
}
