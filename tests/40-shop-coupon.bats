#!/usr/bin/env bats
# shop-coupon: templates, instances issued to customers, redemption codes,
# lazy expiry, the counts and their limits under concurrent writers.
load helper

LIST=code,type,value,min_spend,max_discount,scope,funded_by,valid_from,valid_until,valid_days,quantity,per_customer,issued,used
INST=instance,code,customer,status,issued_at,valid_until,order

customers() {
	shop-order -q customer add C1 --name One
	shop-order -q customer add C2 --name Two
}

@test "create: each type; list shows them by code; the same again is skipped, other terms refused" {
	shop-product -q add A --name Apple --price 10 --status active --brand Acme --category Food/Fruit
	shop-coupon -q create S30 --type threshold --value 30 --min-spend 300 --quantity 100 --per-customer 1
	shop-coupon -q create P15 --type percent --value 15 --max-discount 50 --scope category:Food \
		--exclude sku:A --valid-days 7 --funded-by platform
	shop-coupon -q create C5 --type cash --value 5.5 --scope brand:Acme \
		--from 2026-11-01T00:00:00Z --until 2026-12-01T00:00:00Z
	run -0 shop-coupon list
	expect <<-EOF
	$LIST
	C5,cash,5.50,,,brand:Acme,shop,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,,,,0,0
	P15,percent,15,,50.00,category:Food,platform,,,7,,,0,0
	S30,threshold,30.00,300.00,,all,shop,,,,100,1,0,0
	EOF
	run -0 --separate-stderr shop-coupon create S30 --type threshold --value 30.00 --min-spend 300 \
		--quantity 100 --per-customer 1
	[ "$stderr" = "shop-coupon: coupon 'S30' exists; skipped" ]
	run -1 --separate-stderr shop-coupon create S30 --type threshold --value 40 --min-spend 300 \
		--quantity 100 --per-customer 1
	[ "$stderr" = "shop-coupon: coupon 'S30' exists with other terms (value)" ]
	run -0 shop-coupon show P15
	expect <<-EOF
	field,value
	code,P15
	type,percent
	value,15
	min_spend,
	max_discount,50.00
	scope,category:Food
	exclude,sku:A
	funded_by,platform
	valid_from,
	valid_until,
	valid_days,7
	quantity,
	per_customer,
	status,active
	taken,0
	created_at,2026-11-22T10:00:00Z
	EOF
}

@test "create: bad terms are refused with the reason, nothing written" {
	shop-product -q add A --name Apple --price 10
	run -65 --separate-stderr shop-coupon create T --type threshold --value 30
	[ "$stderr" = "shop-coupon: a threshold coupon needs a min_spend" ]
	run -65 --separate-stderr shop-coupon create T --type threshold --value 30 --min-spend 20
	[ "$stderr" = "shop-coupon: a threshold coupon's value 30.00 is above its min_spend 20.00" ]
	run -65 --separate-stderr shop-coupon create T --type cash --value 5 --min-spend 20
	[ "$stderr" = "shop-coupon: a cash coupon has no min_spend (a threshold one has)" ]
	run -65 --separate-stderr shop-coupon create T --type cash --value 5 --max-discount 2
	[ "$stderr" = "shop-coupon: only a percent coupon takes a max_discount" ]
	run -65 --separate-stderr shop-coupon create T --type percent --value 101
	[ "$stderr" = "shop-coupon: bad value '101': a percent, 1 to 100" ]
	run -65 --separate-stderr shop-coupon create T --type cash --value 0
	[ "$stderr" = "shop-coupon: bad value '0': must be more than 0" ]
	run -65 --separate-stderr shop-coupon create T --type cash --value 1.234
	[[ $stderr == "shop-coupon: bad value '1.234': "* ]]
	run -65 --separate-stderr shop-coupon create T --type cash --value 5 --valid-days 3 \
		--until 2027-01-01T00:00:00Z
	[ "$stderr" = "shop-coupon: give a window (from, until) or valid_days, not both" ]
	run -65 --separate-stderr shop-coupon create T --type cash --value 5 \
		--from 2027-01-01T00:00:00Z --until 2026-01-01T00:00:00Z
	[ "$stderr" = "shop-coupon: until 2026-01-01T00:00:00Z is not after from 2027-01-01T00:00:00Z" ]
	run -65 --separate-stderr shop-coupon create T --type cash --value 5 --scope everything
	[ "$stderr" = "shop-coupon: bad scope 'everything': all, sku:A,B, category:PATH or brand:NAME" ]
	run -3 --separate-stderr shop-coupon create T --type cash --value 5 --scope sku:A,NOPE
	[[ $stderr == "shop-coupon: unknown sku 'NOPE'"* ]]
	run -3 --separate-stderr shop-coupon create T --type cash --value 5 --exclude brand:Nobody
	[[ $stderr == "shop-coupon: unknown brand 'Nobody'"* ]]
	run -65 --separate-stderr shop-coupon create CI-7 --type cash --value 5
	[ "$stderr" = "shop-coupon: bad code 'CI-7': CI- starts an instance's number" ]
	run -2 shop-coupon create T --type gift --value 5
	run -2 shop-coupon create T --value 5
	run -0 sql "select count(*) from coupon"
	[ "$output" = 0 ]
}

@test "issue: an instance each time; a ref once; quantity and per-customer limits" {
	customers
	shop-order -q customer add C3 --name Three
	shop-coupon -q create S30 --type threshold --value 30 --min-spend 300 --quantity 3 --per-customer 2
	run -0 shop-coupon issue S30 --customer C1
	[ "$output" = CI-1 ]
	run -0 shop-coupon issue S30 --customer C1 --ref WELCOME
	[ "$output" = CI-2 ]
	run -0 --separate-stderr shop-coupon issue S30 --customer C1 --ref WELCOME
	[ "$output" = CI-2 ]
	[ "$stderr" = "shop-coupon: coupon 'S30' was issued to 'C1' with ref 'WELCOME' (CI-2); skipped" ]
	run -1 --separate-stderr shop-coupon issue S30 --customer C1
	[ "$stderr" = "shop-coupon: customer 'C1' holds coupon 'S30' 2 times already (the limit)" ]
	run -0 shop-coupon issue S30 --customer C2
	[ "$output" = CI-3 ]
	run -1 --separate-stderr shop-coupon issue S30 --customer C3
	[ "$stderr" = "shop-coupon: coupon 'S30' is all given out (quantity 3)" ]
	run -3 --separate-stderr shop-coupon issue S30 --customer NOPE
	[[ $stderr == "shop-coupon: unknown customer 'NOPE'"* ]]
	run -3 --separate-stderr shop-coupon issue NOPE --customer C1
	[ "$stderr" = "shop-coupon: unknown coupon 'NOPE'" ]
	run -2 shop-coupon issue S30 --ref X
	# a void instance gives its place back, in the quantity and the limit
	run -0 shop-coupon void CI-1
	run -0 shop-coupon issue S30 --customer C3
	[ "$output" = CI-4 ]
	run -0 shop-coupon instances
	expect <<-EOF
	$INST
	CI-1,S30,C1,void,2026-11-22T10:00:00Z,,
	CI-2,S30,C1,issued,2026-11-22T10:00:00Z,,
	CI-3,S30,C2,issued,2026-11-22T10:00:00Z,,
	CI-4,S30,C3,issued,2026-11-22T10:00:00Z,,
	EOF
	run -0 --separate-stderr shop-coupon void CI-1
	[ "$stderr" = "shop-coupon: CI-1 is void already; skipped" ]
	run -3 --separate-stderr shop-coupon void CI-99
	[ "$stderr" = "shop-coupon: unknown coupon instance 'CI-99'" ]
}

@test "issue: validity, a window's end, valid-days from each issue, expiry seen lazily" {
	customers
	shop-coupon -q create W --type cash --value 5 --until 2026-11-25T00:00:00Z
	shop-coupon -q create D --type cash --value 5 --valid-days 2
	shop-coupon -q issue W --customer C1
	shop-coupon -q issue D --customer C1
	SHOP_NOW=2026-11-23T12:00:00Z shop-coupon -q issue D --customer C2
	run -0 shop-coupon instances
	expect <<-EOF
	$INST
	CI-1,W,C1,issued,2026-11-22T10:00:00Z,2026-11-25T00:00:00Z,
	CI-2,D,C1,issued,2026-11-22T10:00:00Z,2026-11-24T10:00:00Z,
	CI-3,D,C2,issued,2026-11-23T12:00:00Z,2026-11-25T12:00:00Z,
	EOF
	# 2026-11-24T10:00:00Z: CI-2 ends, exactly then (until is exclusive)
	run -0 env SHOP_NOW=2026-11-24T10:00:00Z shop-coupon instances --status expired --no-header
	[ "$output" = "CI-2,D,C1,expired,2026-11-22T10:00:00Z,2026-11-24T10:00:00Z," ]
	run -0 env SHOP_NOW=2026-11-24T09:59:59Z shop-coupon instances --status expired --no-header
	[ -z "$output" ]
	run -0 env SHOP_NOW=2026-11-26T00:00:00Z shop-coupon instances --status issued --no-header
	[ -z "$output" ]
	run -1 --separate-stderr env SHOP_NOW=2026-11-25T00:00:00Z shop-coupon issue W --customer C2
	[ "$stderr" = "shop-coupon: coupon 'W' ended at 2026-11-25T00:00:00Z" ]
	run -0 env SHOP_NOW=2026-11-26T00:00:00Z shop-coupon stats
	expect <<-EOF
	code,issued,used,expired,void,redemption_rate,discount,gmv
	D,2,0,2,0,0.0,0.00,0.00
	W,1,0,1,0,0.0,0.00,0.00
	EOF
}

@test "issue FILE: a row each, rejects with their reason, a re-run with refs skips" {
	customers
	shop-coupon -q create S30 --type threshold --value 30 --min-spend 300 --per-customer 1
	printf 'customer,ref\nC1,R1\nNOPE,R2\nC2,R3\nC2,R4\n' > issue.csv
	run -1 --separate-stderr shop-coupon issue S30 issue.csv --rejects rej.csv
	expect <<<"$stderr" 2>/dev/null || true
	[ "${stderr_lines[0]}" = "shop-coupon: issue.csv:3: unknown customer 'NOPE'" ]
	[ "${stderr_lines[1]}" = "shop-coupon: issue.csv:5: customer 'C2' holds coupon 'S30' 1 time already (the limit)" ]
	[ "${stderr_lines[2]}" = "shop-coupon: imported 2 coupons, skipped 0, rejected 2" ]
	run -0 cat rej.csv
	expect <<-EOF
	customer,ref,error
	NOPE,R2,unknown customer 'NOPE'
	C2,R4,customer 'C2' holds coupon 'S30' 1 time already (the limit)
	EOF
	run -1 --separate-stderr shop-coupon issue S30 issue.csv
	[ "${stderr_lines[2]}" = "shop-coupon: imported 0 coupons, skipped 2, rejected 2" ]
	run -3 --separate-stderr shop-coupon issue NOPE issue.csv
	[ "$stderr" = "shop-coupon: unknown coupon 'NOPE'" ]
	printf 'who\nC1\n' > bad.csv
	run -65 shop-coupon issue S30 bad.csv
	run -0 sql "select count(*) from coupon_instance"
	[ "$output" = 2 ]
}

@test "codes: 80 random bits each, stored hashed; redeem once; the quantity counts them at once" {
	customers
	shop-coupon -q create K --type cash --value 10 --quantity 5
	run -0 shop-coupon codes K --count 3
	[ "${#lines[@]}" = 3 ]
	for k in "${lines[@]}"; do
		[[ $k =~ ^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$ ]]
	done
	keys=("${lines[@]}")
	# three different codes, none of them in the database, only 64-digit hashes
	[ "$(printf '%s\n' "${keys[@]}" | sort -u | wc -l)" = 3 ]
	run -0 sql "select count(*), min(length(hash)), max(length(hash)) from coupon_key"
	[ "$output" = "3|64|64" ]
	run -0 sql "select count(*) from coupon_key where hash = '${keys[0]}' or hash like '%${keys[0]:0:4}%${keys[0]:5:4}%'"
	[ "$output" = 0 ]
	# the hash is SHA-256 of the 16 characters
	h=$(printf '%s' "${keys[0]//-/}" | sha256sum | cut -d' ' -f1)
	run -0 sql "select count(*) from coupon_key where hash = '$h'"
	[ "$output" = 1 ]
	run -1 --separate-stderr shop-coupon codes K --count 3
	[ "$stderr" = "shop-coupon: coupon 'K' has 2 left to give out, not 3" ]
	# lower case and blanks do not matter; once for C1, skipped again, refused for C2
	low=$(printf '%s' "${keys[0]}" | tr 'A-Z-' 'a-z ')
	run -0 shop-coupon redeem "$low" --customer C1
	[ "$output" = CI-1 ]
	run -0 --separate-stderr shop-coupon redeem "${keys[0]}" --customer C1
	[ "$stderr" = "shop-coupon: this code was redeemed by 'C1' already (CI-1); skipped" ]
	run -1 --separate-stderr shop-coupon redeem "${keys[0]}" --customer C2
	[ "$stderr" = "shop-coupon: this code was redeemed already" ]
	run -3 --separate-stderr shop-coupon redeem 2222-3333-4444-5555 --customer C2
	[ "$stderr" = "shop-coupon: unknown redemption code" ]
	run -3 --separate-stderr shop-coupon redeem "${keys[1]}0" --customer C2
	[ "$stderr" = "shop-coupon: unknown redemption code" ]
	# redeeming took no more of the quantity: 3 codes, 1 redeemed = 3 taken
	run -0 sql "select taken from coupon"
	[ "$output" = 3 ]
	run -0 shop-coupon redeem "${keys[1]}" --customer C2
	[ "$output" = CI-2 ]
}

@test "void: a template and its unused instances; nothing more is issued or redeemed" {
	customers
	shop-coupon -q create V --type cash --value 10 --quantity 10
	shop-coupon -q issue V --customer C1
	shop-coupon -q issue V --customer C2
	key=$(shop-coupon codes V --count 1)
	run -0 shop-coupon void V
	run -0 --separate-stderr shop-coupon void V
	[ "$stderr" = "shop-coupon: coupon 'V' is void already; skipped" ]
	run -0 shop-coupon instances --no-header --status void
	expect <<-EOF
	CI-1,V,C1,void,2026-11-22T10:00:00Z,,
	CI-2,V,C2,void,2026-11-22T10:00:00Z,,
	EOF
	run -1 --separate-stderr shop-coupon issue V --customer C1
	[ "$stderr" = "shop-coupon: coupon 'V' is void" ]
	run -1 --separate-stderr shop-coupon redeem "$key" --customer C1
	[ "$stderr" = "shop-coupon: coupon 'V' is void" ]
	run -3 shop-coupon void NOPE
	run -0 shop-coupon stats V --no-header
	[ "$output" = "V,2,0,0,2,0.0,0.00,0.00" ]
}

@test "check: counts that are not what they count, and over their limits" {
	customers
	shop-coupon -q create S --type cash --value 5 --quantity 2 --per-customer 1
	shop-coupon -q issue S --customer C1
	run -0 shop-coupon check
	[ -z "$output" ]
	tamper "update coupon set taken = 3 where code = 'S'; update coupon_holder set taken = 2"
	run -1 --separate-stderr shop-coupon --db "$TAMPERED" check --no-header
	expect <<-EOF
	coupon 'S': taken 3, its instances not void and codes not redeemed come to 1
	coupon 'S': customer 'C1' holds 2 by its count, 1 instances
	coupon 'S': 3 given out, over its quantity 2
	coupon 'S': customer 'C1' holds 2, over the limit 1
	EOF
}

# bats test_tags=slow
@test "race: 8 processes issue a coupon of quantity 100 to 200 customers at once: exactly 100" {
	awk 'BEGIN { print "code,name"; for (i = 0; i < 200; i++) printf "C%03d,Customer %d\n", i, i }' |
		shop-order -q customer import
	shop-coupon -q create Q --type cash --value 5 --quantity 100
	for p in 0 1 2 3 4 5 6 7; do
		(
			for i in $(seq 0 24); do
				rc=0
				shop-coupon -q issue Q --customer "$(printf 'C%03d' $((p * 25 + i)))" \
					>/dev/null 2>>"err.$p" || rc=$?
				echo $rc
			done > "rc.$p"
		) &
	done
	wait
	run -0 sh -c 'cat rc.* | sort | uniq -c | sed "s/^ *//"'
	expect <<-EOF
	100 0
	100 1
	EOF
	run -0 sh -c "cat err.* | sort -u"
	[ "$output" = "shop-coupon: coupon 'Q' is all given out (quantity 100)" ]
	run -0 sql "select count(*), count(distinct customer_id) from coupon_instance"
	[ "$output" = "100|100" ]
	run -0 shop-coupon check
	[ -z "$output" ]
}

# bats test_tags=slow
@test "race: 8 processes issue to one customer with a limit of 1, and redeem one code: exactly 1 each" {
	customers
	shop-coupon -q create L --type cash --value 5 --per-customer 1
	shop-coupon -q create K --type cash --value 5
	key=$(shop-coupon codes K --count 1)
	for p in 1 2 3 4 5 6 7 8; do
		( rc=0; shop-coupon -q issue L --customer C1 >/dev/null 2>/dev/null || rc=$?; echo $rc > "l.$p" ) &
		( rc=0; c=C1; [ $((p % 2)) = 0 ] && c=C2
		  shop-coupon -q redeem "$key" --customer $c >/dev/null 2>/dev/null || rc=$?; echo $rc > "k.$p" ) &
	done
	wait
	run -0 sh -c 'cat l.* | sort | uniq -c | sed "s/^ *//"'
	expect <<-EOF
	1 0
	7 1
	EOF
	# one customer redeemed it (0 for it, again 0 = skipped); the other refused (1)
	run -0 sql "select count(*) from coupon_instance i join coupon c on c.id = i.coupon_id where c.code = 'K'"
	[ "$output" = 1 ]
	run -0 sh -c 'cat k.* | grep -cvx -e 0 -e 1 || true'
	[ "$output" = 0 ]
	run -0 shop-coupon check
	[ -z "$output" ]
}

@test "import and export: YAML templates round trip; a bad record is rejected, a bad file writes nothing" {
	shop-product -q add A --name Apple --price 10 --brand Acme
	cat > rules.yaml <<-EOF
	- code: MJ300
	  type: threshold
	  value: 30
	  min_spend: 300
	  valid-days: 30
	  quantity: 1000
	- code: P15
	  type: percent
	  value: 15
	  max-discount: 50.00
	  scope: brand:Acme
	  exclude: sku:A
	  funded-by: platform
	- code: BAD
	  type: cash
	  value: 5
	  min-spend: 10
	EOF
	run -1 --separate-stderr shop-coupon import rules.yaml
	[ "${stderr_lines[0]}" = "shop-coupon: rules.yaml:14: a cash coupon has no min_spend (a threshold one has)" ]
	[ "${stderr_lines[1]}" = "shop-coupon: imported 2 coupons, skipped 0, rejected 1" ]
	run -0 shop-coupon export
	expect <<-EOF
	- code: MJ300
	  type: threshold
	  value: 30.00
	  min-spend: 300.00
	  scope: all
	  funded-by: shop
	  valid-days: 30
	  quantity: 1000
	- code: P15
	  type: percent
	  value: 15
	  max-discount: 50.00
	  scope: brand:Acme
	  exclude: sku:A
	  funded-by: platform
	EOF
	shop-coupon export > out.yaml
	run -0 --separate-stderr shop-coupon import out.yaml
	[ "$stderr" = "shop-coupon: imported 0 coupons, skipped 2, rejected 0" ]
	printf -- '- code: X\n  type: cash\n  valeu: 5\n' > typo.yaml
	run -65 --separate-stderr shop-coupon import typo.yaml
	[[ $stderr == "shop-coupon: typo.yaml:3:3: unknown key 'valeu'"* ]]
	run -0 sql "select count(*) from coupon"
	[ "$output" = 2 ]
}
