#!/usr/bin/env bats
# Checkout, property-tested with a fixed seed: for random carts,
# promotions and coupons, the lines' discounts add up exactly to the
# order's, no line's paid amount is negative, and quote is exactly what
# create charges; then two thousand random orders through one import.
load helper

# bats test_tags=slow
@test "random carts and coupons: lines add up, nothing negative, quote = create" {
	awk 'BEGIN { srand(20261201); print "sku,name,price,status,brand,category"
		for (i = 0; i < 12; i++)
			printf "K%02d,Item %d,%d.%02d,active,%s,%s\n", i, i, 1 + int(rand() * 150),
				int(rand() * 100), i % 3 ? "Acme" : "Bolt", i % 2 ? "Food/Fruit" : "Tools/Hand"
	}' | shop-product -q import
	shop-stock -q warehouse add W1 --name One --priority 1
	shop-stock -q warehouse add W2 --name Two --priority 2
	awk 'BEGIN { print "sku,warehouse,qty,ref"
		for (i = 0; i < 12; i++) printf "K%02d,W1,%d,G%02d\nK%02d,W2,1000,H%02d\n", i, 3 + i, i, i, i
	}' | shop-stock -q receive
	shop-coupon -q create CASH --type cash --value 7.77
	shop-coupon -q create THR --type threshold --value 20 --min-spend 100 --scope category:Food
	shop-coupon -q create PCT --type percent --value 13 --max-discount 40 --exclude brand:Bolt
	shop-coupon -q create SKU --type percent --value 33 --scope sku:K01,K02,K03 --funded-by platform
	# promotions of every type, stacking, one of them exclusive
	shop-coupon -q promo create B3P2 --type nform --buy 3 --pay 2 --scope category:Food
	shop-coupon -q promo create MJ --type threshold --tier 200:15 --tier 600:70
	shop-coupon -q promo create OFF7 --type percent --value 7 --scope brand:Acme
	shop-coupon -q promo create SET --type bundle --bundle K04:1,K05:2 --price 99.99
	shop-coupon -q promo create XK09 --type percent --value 50 --scope sku:K09 --exclusive
	shop-coupon -q promo create GIFT --type gift --min-spend 300 --gift K11:1
	n=60
	for c in $(seq 1 $n); do
		printf 'code,name\nP%02d,Person %d\n' "$c" "$c" | shop-order -q customer import
		for k in CASH THR PCT SKU; do shop-coupon -q issue $k --customer "P$(printf %02d "$c")" >/dev/null; done
	done
	awk -v n=$n 'BEGIN { srand(7); split("CASH THR PCT SKU best", cps, " ")
		for (c = 1; c <= n; c++) {
			nl = 1 + int(rand() * 4); args = ""
			for (l = 0; l < nl; l++) args = args sprintf(" --line K%02d:%d", int(rand() * 12), 1 + int(rand() * 9))
			printf "P%02d %s%s\n", c, cps[1 + int(rand() * 5)], args
		}
	}' > carts.txt
	while read -r cust coupon args; do
		# shellcheck disable=SC2086
		qt=$(shop-order quote --customer "$cust" --coupon "$coupon" $args --no-header 2>/dev/null) || {
			# it does not apply: create refuses it alike
			# shellcheck disable=SC2086
			run -1 shop-order create --customer "$cust" --coupon "$coupon" $args
			continue
		}
		qt=${qt##*$'\n'}
		# shellcheck disable=SC2086
		id=$(shop-order -q create --customer "$cust" --coupon "$coupon" $args) || {
			echo "create refused what quote priced: $cust $coupon $args"; return 1; }
		tot=$(sql "select total from orders where id = ${id#SO-}")
		[ "total,,,,$(awk -v t="$tot" 'BEGIN { printf "%d.%02d", t / 100, t % 100 }')" = "$qt" ] ||
			{ echo "$cust $coupon $args: quote '$qt', create $tot"; return 1; }
	done < carts.txt
	# a quote may refuse a named coupon that does not apply: then create did too
	run -0 sql "select count(*) from orders"
	[ "$output" -gt 30 ]
	# every order: its lines' discounts are its discount, no line pays less than 0
	run -0 sql "select o.id from orders o join order_line l on l.order_id = o.id group by o.id, o.discount_shop, o.discount_platform having sum(l.discount) <> o.discount_shop + o.discount_platform"
	[ -z "$output" ]
	run -0 sql "select count(*) from order_line where qty * unit_price - discount < 0 or discount < 0"
	[ "$output" = 0 ]
	run -0 sql "select count(*) from orders where total <> goods_total - discount_shop - discount_platform + freight"
	[ "$output" = 0 ]
	run -0 shop check
	[ -z "$output" ]
}

# bats test_tags=slow
@test "2,000 random orders with promotions and coupons in one import: every order adds up" {
	awk 'BEGIN { srand(42); print "sku,name,price,status,brand,category"
		for (i = 0; i < 30; i++)
			printf "K%02d,Item %d,%d.%02d,active,%s,%s\n", i, i, 1 + int(rand() * 300),
				int(rand() * 100), i % 4 ? "Acme" : "Bolt", i % 3 ? "Food/Fruit" : "Tools"
	}' | shop-product -q import
	shop-stock -q warehouse add W1 --name One --priority 1
	shop-stock -q warehouse add W2 --name Two --priority 2
	awk 'BEGIN { print "sku,warehouse,qty,ref"
		for (i = 0; i < 30; i++) printf "K%02d,W1,%d,G%02d\nK%02d,W2,100000,H%02d\n", i, 1 + 50 * i, i, i, i
	}' | shop-stock -q receive
	awk 'BEGIN { print "code,name"; for (c = 0; c < 200; c++) printf "P%03d,Person %d\n", c, c }' |
		shop-order -q customer import
	shop-coupon -q create CASH --type cash --value 7.77
	shop-coupon -q create THR --type threshold --value 25 --min-spend 150 --scope category:Food
	shop-coupon -q create PCT --type percent --value 13 --max-discount 40 --exclude brand:Bolt --funded-by platform
	for k in CASH THR PCT; do
		awk 'BEGIN { print "customer"; for (c = 0; c < 200; c++) for (j = 0; j < 4; j++) printf "P%03d\n", c }' |
			shop-coupon -q issue $k
	done
	shop-coupon -q promo create B3P2 --type nform --buy 3 --pay 2 --scope category:Food
	shop-coupon -q promo create MJ --type threshold --tier 200:15 --tier 600:70
	shop-coupon -q promo create OFF7 --type percent --value 7 --scope brand:Acme
	shop-coupon -q promo create SET --type bundle --bundle K04:1,K05:2 --price 99.99
	shop-coupon -q promo create XK09 --type percent --value 50 --scope sku:K09 --exclusive
	shop-coupon -q promo create GIFT --type gift --min-spend 900 --gift K11:1
	awk 'BEGIN { srand(9); split("CASH THR PCT best", cps, " "); print "order_ref,customer,sku,qty,coupon"
		for (o = 0; o < 2000; o++) {
			cp = rand() < 0.5 ? cps[1 + int(rand() * 4)] : ""
			nl = 1 + int(rand() * 6)
			for (l = 0; l < nl; l++)
				printf "O%04d,P%03d,K%02d,%d,%s\n", o, o % 200, int(rand() * 30), 1 + int(rand() * 12), cp
		}
	}' > many.csv
	run --separate-stderr shop-order import many.csv
	[ "$status" -le 1 ]
	# most go in (a named coupon that does not apply, or is used up, rejects its order)
	run -0 sql "select count(*) > 1500, count(*) from orders"
	[ "${output%%|*}" = 1 ]
	run -0 sql "select count(*) from (select o.id from orders o join order_line l on l.order_id = o.id group by o.id, o.discount_shop, o.discount_platform having sum(l.discount) <> o.discount_shop + o.discount_platform) x"
	[ "$output" = 0 ]
	run -0 sql "select count(*) from order_line where qty * unit_price - discount < 0 or discount < 0"
	[ "$output" = 0 ]
	run -0 sql "select count(*) from orders where total <> goods_total - discount_shop - discount_platform + freight"
	[ "$output" = 0 ]
	# some of everything happened
	run -0 sql "select count(*) > 0 from order_line where unit_price = 0"
	[ "$output" = 1 ]
	run -0 sql "select count(*) > 100 from orders where coupon <> ''"
	[ "$output" = 1 ]
	run -0 sql "select count(*) > 100 from orders where discount_platform > 0"
	[ "$output" = 1 ]
	run -0 shop check
	[ -z "$output" ]
}
