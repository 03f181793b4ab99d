#!/usr/bin/env bats
# Refunds after the sale, carried by cases: each line gives back what it
# paid, piece by piece to the cent; an amount spread by what each line has
# left; cash up to what was paid, a credit note beyond it on credit; a txn
# once; cases requested, approved, rejected, closed, listed by age.
load helper

CASES=case,order,type,status,amount,reason,opened_by,opened_at,updated_at

# A 10.00, B 3.33; C1 prepaid holds a 7.00 coupon, C2 on credit. SO-1: C1,
# 3 A + 7 B = 53.31 less 7.00: A 3.94 (700 x 3000/5331 = 393.9, the cent
# left), B 3.06; paid 26.06 and 20.25; paid in full and shipped.
setup_order() {
	shop-product -q add A --name Apple --price 10 --status active
	shop-product -q add B --name Bread --price 3.33 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku A --warehouse W1 --qty 100 --ref G1
	shop-stock -q receive --sku B --warehouse W1 --qty 100 --ref G2
	shop-order -q customer add C1 --name One
	shop-order -q customer add C2 --name Two --terms credit
	shop-coupon -q create C7 --type cash --value 7
	shop-coupon -q issue C7 --customer C1 >/dev/null
	shop-order -q create --customer C1 --line A:3 --line B:7 --coupon C7 >/dev/null
	shop-order -q pay SO-1 --amount 46.31 --txn P1
	shop-order -q ship SO-1
}

@test "a line refunded piece by piece gives back exactly what it paid; all of it refunds the order" {
	setup_order
	# B paid 20.25 for 7: 2 units round(2025 x 2/7) = 579; 4 units 1157: 578;
	# the last 3 what is left, 868
	run -0 shop-order refund SO-1 --line B:2
	[ "$output" = AS-1 ]
	run -0 shop-order refund SO-1 --line B:2 --reason broken
	run -0 shop-order refund SO-1 --line B:3
	run -0 sql "select c.id, a.qty, a.amount from after_sales c join after_sales_line a on a.case_id = c.id order by c.id"
	expect <<-EOF
	1|2|579
	2|2|578
	3|3|868
	EOF
	run -0 shop-order lines --no-header
	expect <<-EOF
	SO-1,1,A,3,10.00,3.94,26.06,W1,3,0,0,0.00
	SO-1,2,B,7,3.33,3.06,20.25,W1,7,0,7,20.25
	EOF
	run -1 --separate-stderr shop-order refund SO-1 --line B:1
	[ "$stderr" = "shop-order: order SO-1: not 1 more shipped units of sku 'B' to refund" ]
	# the rest: A whole; the order is refunded and its coupon comes back
	run -0 shop-order refund SO-1
	run -0 shop-order list --no-header
	[ "$output" = "SO-1,C1,,,refunded,53.31,7.00,0.00,46.31,46.31,46.31,2026-11-22T10:00:00Z" ]
	run -0 shop-coupon instances --no-header
	[ "$output" = "CI-1,C7,C1,issued,2026-11-22T10:00:00Z,," ]
	run -1 --separate-stderr shop-order refund SO-1
	[ "$stderr" = "shop-order: order SO-1 is refunded; cannot refund" ]
	# refunds +, cash - each time
	run -0 sql "select p.account, sum(p.amount) from posting p join journal j on j.id = p.journal_id where j.doc like 'refund AS-%' group by p.account order by p.account"
	expect <<-EOF
	cash|-4631
	refunds|4631
	EOF
}

@test "an amount is spread over the shipped lines by what each has left; never more" {
	setup_order
	shop-order -q refund SO-1 --line B:7 >/dev/null
	# B has nothing left: all 5.00 on A
	run -0 shop-order refund SO-1 --amount 5
	run -0 sql "select line_id, qty, amount from after_sales_line where case_id = 2"
	[ "$output" = "1|0|500" ]
	run -1 --separate-stderr shop-order refund SO-1 --amount 21.07
	[ "$stderr" = "shop-order: order SO-1 has 21.06 left to refund, not 21.07" ]
	run -1 --separate-stderr shop-order refund SO-1 --line B --amount 1
	[ "$stderr" = "shop-order: order SO-1 has 0.00 left to refund on those lines, not 1.00" ]
	run -65 shop-order refund SO-1 --amount 0
	run -2 shop-order refund SO-1 --line B
	run -3 --separate-stderr shop-order refund SO-1 --line G:1
	[ "$stderr" = "shop-order: order SO-1 has no line of sku 'G'" ]
	run -3 shop-order refund SO-9
	# what is left of A by units: 3 units of 26.06 less the 5.00
	run -0 shop-order refund SO-1 --line A:3
	run -0 sql "select amount from after_sales where id = 3"
	[ "$output" = 2106 ]
}

@test "before shipment there is nothing to refund (cancel gives the money back)" {
	shop-product -q add A --name Apple --price 10 --status active
	shop-stock -q warehouse add W1 --name One
	shop-stock -q receive --sku A --warehouse W1 --qty 10 --ref G1
	shop-order -q customer add C1 --name One
	shop-order -q create --customer C1 --line A:1 >/dev/null
	shop-order -q pay SO-1 --amount 10 --txn P1
	run -1 --separate-stderr shop-order refund SO-1
	[ "$stderr" = "shop-order: order SO-1 is confirmed; cannot refund" ]
	run -0 sql "select count(*) from after_sales"
	[ "$output" = 0 ]
}

@test "a credit order not paid yet: a credit note lowers what the customer owes; a txn once" {
	setup_order
	shop-order -q create --customer C2 --line A:2 >/dev/null
	shop-order -q ship SO-2
	run -0 shop-order refund SO-2 --line A:1 --txn CN-1
	[ "$output" = AS-1 ]
	run -0 --separate-stderr shop-order refund SO-2 --line A:1 --txn CN-1
	[ "$stderr" = "shop-order: txn 'CN-1' is applied already (AS-1); skipped" ]
	run -1 --separate-stderr shop-order refund SO-2 --amount 3 --txn CN-1
	[ "$stderr" = "shop-order: txn 'CN-1' is applied already to another order or amount" ]
	# owes 20.00 - 10.00
	run -0 shop-order customer list --no-header
	[ "${lines[1]}" = "C2,Two,,,b2c,credit,,,,,,10.00" ]
	run -0 sql "select refunded, credited from orders where id = 2"
	[ "$output" = "0|1000" ]
	run -0 sql "select p.account, p.amount from posting p join journal j on j.id = p.journal_id where j.doc = 'refund AS-1' order by p.id"
	expect <<-EOF
	refunds|1000
	receivable:C2|-1000
	EOF
}

@test "cases: requested, then approved (it pays out) and closed, or rejected; listed oldest first" {
	setup_order
	run -0 shop-order refund SO-1 --line A:1 --reason scratched --request
	[ "$output" = AS-1 ]
	SHOP_NOW=2026-11-25T10:00:00Z run -0 shop-order refund SO-1 --line B:1 --request
	run -0 shop-order case list
	expect <<-EOF
	$CASES
	AS-1,SO-1,refund,requested,8.69,scratched,$(id -un),2026-11-22T10:00:00Z,2026-11-22T10:00:00Z
	AS-2,SO-1,refund,requested,2.89,,$(id -un),2026-11-25T10:00:00Z,2026-11-25T10:00:00Z
	EOF
	# nothing paid out yet
	run -0 sql "select refunded from orders"
	[ "$output" = 0 ]
	run -0 env SHOP_NOW=2026-11-26T10:00:00Z shop-order case list --older-than 2d --no-header
	[ "$output" = "AS-1,SO-1,refund,requested,8.69,scratched,$(id -un),2026-11-22T10:00:00Z,2026-11-22T10:00:00Z" ]
	run -0 shop-order case approve AS-1 --note ok
	run -0 --separate-stderr shop-order case approve AS-1
	[ "$stderr" = "shop-order: case AS-1 is refunded already; skipped" ]
	run -0 shop-order case reject AS-2 --note "not ours"
	run -1 --separate-stderr shop-order case approve AS-2
	[ "$stderr" = "shop-order: case AS-2 is rejected; cannot approve" ]
	run -1 --separate-stderr shop-order case close AS-2
	[ "$stderr" = "shop-order: case AS-2 is rejected; cannot close" ]
	run -0 shop-order case close AS-1
	run -0 shop-order case list --no-header
	[ -z "$output" ]
	run -0 shop-order case list --status all --order SO-1 --no-header
	[ "${#lines[@]}" = 2 ]
	run -0 sql "select refunded from orders"
	[ "$output" = 869 ]
	run -0 shop-order case show AS-1 --format jsonl
	[[ $output == *'"status":"closed"'* ]]
	[[ $output == *'"sku":"A","qty":1,"amount":"8.69"'* ]]
	run -3 --separate-stderr shop-order case show AS-9
	[ "$stderr" = "shop-order: unknown case 'AS-9'" ]
	run -2 shop-order case list --status open
}

@test "pieces add up: random orders with discounts, each line refunded in random pieces (fixed seed)" {
	shop-product -q add A --name A --price 9.99 --status active
	shop-product -q add B --name B --price 0.07 --status active
	shop-product -q add C --name C --price 123.45 --status active
	shop-stock -q warehouse add W1 --name One
	for s in A B C; do shop-stock -q receive --sku $s --warehouse W1 --qty 10000 --ref G-$s; done
	shop-order -q customer add C1 --name One --terms credit
	shop-coupon -q promo create P13 --type percent --value 13
	shop-coupon -q promo create T --type threshold --tier 100:3.33
	awk 'BEGIN { srand(11); for (o = 0; o < 15; o++) {
		printf "--line A:%d --line B:%d --line C:%d\n", 1 + int(rand() * 17), 1 + int(rand() * 29),
			1 + int(rand() * 5) } }' > orders.txt
	while read -r args; do
		# shellcheck disable=SC2086
		shop-order -q create --customer C1 $args >/dev/null
	done < orders.txt
	for o in $(seq 1 15); do shop-order -q ship "SO-$o"; done
	# each line in random pieces
	sql "select o.id, s.sku, l.qty from order_line l join orders o on o.id = l.order_id join sku s on s.id = l.sku_id order by o.id, l.line" |
		awk -F'|' 'BEGIN { srand(5) } { left = $3
			while (left > 0) { k = 1 + int(rand() * left); left -= k; printf "SO-%d %s:%d\n", $1, $2, k } }' > pieces.txt
	while read -r order line; do shop-order -q refund "$order" --line "$line" >/dev/null; done < pieces.txt
	run -0 sql "select count(*) from order_line where refunded <> qty * unit_price - discount or refunded_qty <> qty"
	[ "$output" = 0 ]
	run -0 sql "select count(*) from orders where status <> 'refunded' or credited <> total"
	[ "$output" = 0 ]
	run -0 shop check
	[ -z "$output" ]
}

@test "check: a line refunded past what its cases paid" {
	setup_order
	shop-order -q refund SO-1 --line A:1 >/dev/null
	tamper "update order_line set refunded = refunded + 1 where line = 1"
	run -1 --separate-stderr shop-order --db "$TAMPERED" check --no-header
	[ "$output" = "order SO-1 line 1: refunded 870, its cases paid 869 (minor units)" ]
}

# bats test_tags=slow
@test "race: two processes refund the same line's last units: exactly one does" {
	setup_order
	shop-order -q refund SO-1 --line A:2 >/dev/null
	for p in 1 2; do
		( rc=0; shop-order -q refund SO-1 --line A:1 >/dev/null 2>"err.$p" || rc=$?; echo $rc > "rc.$p" ) &
	done
	wait
	run -0 sh -c 'cat rc.1 rc.2 | sort | tr "\n" " "'
	[ "$output" = "0 1 " ]
	run -0 sql "select refunded_qty, refunded from order_line where line = 1"
	[ "$output" = "3|2606" ]
}
