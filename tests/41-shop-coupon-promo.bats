#!/usr/bin/env bats
# shop-coupon promo create|import|export|list|check: promotions of each
# type, their validation (usage 2, bad data 65, unknown 3, refused 1), the
# same promotion again skipped, conflicts of exclusive promotions refused
# and listed, the YAML import (rejects, re-runs, files bad as a whole) and
# the export's round trip. How promotions apply to a cart is tested in C
# (tests/unit/t_promo.c).
load helper

HEADER=code,type,params,scope,exclude,from,until,channel,level,exclusive

# A1, A2: Acme, Fruit/Red; B1: Acme, Fruit/Yellow; W1, GIFT: Wire, Tech/Cables
catalogue() {
	shop-product -q add A1 --name "Apple 1" --brand Acme --category Fruit/Red --price 10 --status active
	shop-product -q add A2 --name "Apple 2" --brand Acme --category Fruit/Red --price 12
	shop-product -q add B1 --name Banana --brand Acme --category Fruit/Yellow --price 5
	shop-product -q add W1 --name Cable --brand Wire --category Tech/Cables --price 20
	shop-product -q add GIFT --name Gift --brand Wire --category Tech/Cables --price 1
}

# nothing: no promotion, no tier, no item
nothing_written() {
	run -0 sql "select count(*) from promotion; select count(*) from promotion_tier; select count(*) from promotion_item"
	[ "$output" = $'0\n0\n0' ]
}

# other_db: a second, empty database of the backend under test, its --db in
# OTHER (on PostgreSQL the copy database tamper uses, which the teardown drops)
other_db() {
	if [ "$SHOP_TEST_BACKEND" = pg ]; then
		pg -h "$SHOP_TEST_PGHOST" -d postgres \
			-c "DROP DATABASE IF EXISTS ${SHOP_TEST_PGDB}_t" \
			-c "CREATE DATABASE ${SHOP_TEST_PGDB}_t TEMPLATE template0" || return 1
		OTHER="postgresql:///${SHOP_TEST_PGDB}_t?host=$SHOP_TEST_PGHOST"
	else
		OTHER=$BATS_TEST_TMPDIR/other.db
	fi
}

@test "promo create: each type, listed by code; an audit row each" {
	catalogue
	run -0 --separate-stderr shop-coupon promo create MJ300 --type threshold --tier 500:60 \
		--tier 300:30 --scope category:Fruit --exclude sku:A2
	[ -z "$output" ]
	[ -z "$stderr" ]
	shop-coupon promo create P15 --type percent --value 15 --max-discount 50 --scope brand:Acme \
		--from 2026-11-01 --until 2026-12-01T00:00:00Z --channel web --level gold --exclusive
	shop-coupon promo create B3P2 --type nform --buy 3 --pay 2 --scope sku:W1,A1
	shop-coupon promo create GIFT199 --type gift --min-spend 199 --gift GIFT:1 --gift A2:2
	shop-coupon promo create SET --type bundle --bundle B1:2,A1:1 --price 19.9
	# tiers by spend, items by sku; a bundle's scope is its SKUs
	run -0 shop-coupon promo list
	expect <<-EOF
	$HEADER
	B3P2,nform,buy=3 pay=2,"sku:W1,A1",,,,,,0
	GIFT199,gift,"min-spend=199.00 gift=A2:2,GIFT:1",all,,,,,,0
	MJ300,threshold,"tier=300.00:30.00,500.00:60.00",category:Fruit,sku:A2,,,,,0
	P15,percent,value=15 max-discount=50.00,brand:Acme,,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,web,gold,1
	SET,bundle,"bundle=A1:1,B1:2 price=19.90","sku:A1,B1",,,,,,0
	EOF
	run -0 shop-coupon promo list --format jsonl --no-header
	[ "${lines[3]}" = '{"code":"P15","type":"percent","params":"value=15 max-discount=50.00","scope":"brand:Acme","exclude":"","from":"2026-11-01T00:00:00Z","until":"2026-12-01T00:00:00Z","channel":"web","level":"gold","exclusive":1}' ]
	run -0 sql "select code, pct, max_discount, buy, pay, min_spend, price from promotion order by code"
	expect <<-EOF
	B3P2|||3|2||
	GIFT199|||||19900|
	MJ300||||||
	P15|15|5000||||
	SET||||||1990
	EOF
	run -0 sql "select summary from audit where program = 'shop-coupon'"
	expect <<-EOF
	promo create 'MJ300'
	promo create 'P15'
	promo create 'B3P2'
	promo create 'GIFT199'
	promo create 'SET'
	EOF
}

@test "promo create: the same promotion again is skipped; another definition is refused" {
	catalogue
	shop-coupon promo create MJ --type threshold --tier 300:30,500:60
	# the tiers in another order, the amounts written otherwise: the same
	run -0 --separate-stderr shop-coupon promo create MJ --type threshold --tier 500.00:60.00 --tier 300:30.0
	[ "$stderr" = "shop-coupon: promotion 'MJ' exists; skipped" ]
	run -1 --separate-stderr shop-coupon promo create MJ --type threshold --tier 300:30
	[ "$stderr" = "shop-coupon: promotion 'MJ' exists with another definition; not changed" ]
	run -1 --separate-stderr shop-coupon promo create MJ --type threshold --tier 300:30,500:60 --scope all --channel web
	[ "$stderr" = "shop-coupon: promotion 'MJ' exists with another definition; not changed" ]
	run -1 --separate-stderr shop-coupon promo create MJ --type percent --value 10
	[ "$stderr" = "shop-coupon: promotion 'MJ' exists with another definition; not changed" ]
	shop-coupon promo create G --type gift --min-spend 10 --gift A1:1,B1:2
	run -0 --separate-stderr shop-coupon promo create G --type gift --min-spend 10.00 --gift B1:2 --gift A1:1 --scope all
	[ "$stderr" = "shop-coupon: promotion 'G' exists; skipped" ]
	run -0 --separate-stderr shop-coupon -q promo create G --type gift --min-spend 10 --gift A1:1,B1:2
	[ -z "$stderr" ]
	run -0 sql "select count(*) from promotion; select count(*) from promotion_tier; select count(*) from promotion_item; select count(*) from audit where program = 'shop-coupon'"
	[ "$output" = $'2\n2\n2\n2' ]
}

@test "promo create: options outside the type, or the type's left out, are usage errors" {
	catalogue
	run -2 --separate-stderr shop-coupon promo create X --value 10
	[ "$stderr" = "shop-coupon: missing --type (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create X --type percnt --value 10
	[ "$stderr" = "shop-coupon: unknown --type 'percnt' (did you mean 'percent'?; bundle, nform, percent, threshold or gift) (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create --type percent --value 10
	[ "$stderr" = "shop-coupon: missing argument: shop-coupon promo create CODE (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create X --type percent --value 10 --buy 3
	[ "$stderr" = "shop-coupon: --buy does not apply to --type percent (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create X --type threshold --tier 100:10 --max-discount 5
	[ "$stderr" = "shop-coupon: --max-discount does not apply to --type threshold (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create X --type bundle --bundle A1:1 --price 5 --scope all
	[ "$stderr" = "shop-coupon: --scope does not apply to --type bundle (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create X --type bundle --bundle A1:1 --price 5 --exclude sku:A1
	[ "$stderr" = "shop-coupon: --exclude does not apply to --type bundle (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create X --type gift --min-spend 5 --gift A1:1 --tier 10:1
	[ "$stderr" = "shop-coupon: --tier does not apply to --type gift (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create X --type nform --buy 3
	[ "$stderr" = "shop-coupon: --type nform needs --pay (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create X --type threshold
	[ "$stderr" = "shop-coupon: --type threshold needs --tier (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create X --type percent --max-discount 5
	[ "$stderr" = "shop-coupon: --type percent needs --value (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create X --type gift --gift A1:1
	[ "$stderr" = "shop-coupon: --type gift needs --min-spend (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create X --type bundle --bundle A1:2
	[ "$stderr" = "shop-coupon: --type bundle needs --price (see 'shop-coupon promo create --help')" ]
	run -2 --separate-stderr shop-coupon promo create X --type percent --value 10 --exclusive=yes
	[ "$stderr" = "shop-coupon: option '--exclusive' takes no value (see 'shop-coupon promo create --help')" ]
	nothing_written
}

@test "promo create: malformed values are exit 65, nothing written" {
	catalogue
	run -65 --separate-stderr shop-coupon promo create ' X' --type percent --value 10
	[ "$stderr" = "shop-coupon: bad promotion code ' X': blank at the start or end" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 0
	[ "$stderr" = "shop-coupon: bad --value '0': out of range (1 to 100)" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 101
	[ "$stderr" = "shop-coupon: bad --value '101': out of range (1 to 100)" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 12.5
	[ "$stderr" = "shop-coupon: bad --value '12.5': not a whole number (1 to 100)" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 10 --max-discount 1.234
	[ "$stderr" = "shop-coupon: bad --max-discount '1.234': too many decimals" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 10 --max-discount 0
	[ "$stderr" = "shop-coupon: bad --max-discount '0': not more than 0" ]
	run -65 --separate-stderr shop-coupon promo create X --type threshold --tier 300
	[ "$stderr" = "shop-coupon: bad --tier '300': give SPEND:OFF (300.00:30.00)" ]
	run -65 --separate-stderr shop-coupon promo create X --type threshold --tier 300:30:1
	[ "$stderr" = "shop-coupon: bad --tier '300:30:1': give SPEND:OFF (300.00:30.00)" ]
	run -65 --separate-stderr shop-coupon promo create X --type threshold --tier 300:x
	[ "$stderr" = "shop-coupon: bad --tier '300:x': not a number" ]
	run -65 --separate-stderr shop-coupon promo create X --type threshold --tier 300:0
	[ "$stderr" = "shop-coupon: bad --tier '300:0': SPEND and OFF are more than 0" ]
	run -65 --separate-stderr shop-coupon promo create X --type threshold --tier 300:300.01
	[ "$stderr" = "shop-coupon: bad --tier '300:300.01': more off than the spend" ]
	run -65 --separate-stderr shop-coupon promo create X --type threshold --tier 300:30,300.00:20
	[ "$stderr" = "shop-coupon: bad --tier '300.00:20': a tier of that spend is given already" ]
	run -65 --separate-stderr shop-coupon promo create X --type nform --buy 2 --pay 2
	[ "$stderr" = "shop-coupon: --pay 2 is not less than --buy 2" ]
	run -65 --separate-stderr shop-coupon promo create X --type nform --buy x --pay 1
	[ "$stderr" = "shop-coupon: bad --buy 'x': not a whole number (1 to 1000000)" ]
	run -65 --separate-stderr shop-coupon promo create X --type nform --buy 3 --pay -1
	[ "$stderr" = "shop-coupon: bad --pay '-1': out of range (0 to 1000000)" ]
	run -65 --separate-stderr shop-coupon promo create X --type gift --min-spend 0 --gift A1:1
	[ "$stderr" = "shop-coupon: bad --min-spend '0': not more than 0" ]
	run -65 --separate-stderr shop-coupon promo create X --type gift --min-spend 10 --gift A1
	[ "$stderr" = "shop-coupon: bad --gift 'A1': give SKU:QTY" ]
	run -65 --separate-stderr shop-coupon promo create X --type gift --min-spend 10 --gift A1:0
	[ "$stderr" = "shop-coupon: bad --gift 'A1:0': the qty is out of range (1 to 1000000)" ]
	run -65 --separate-stderr shop-coupon promo create X --type bundle --bundle A1:1,A1:2 --price 5
	[ "$stderr" = "shop-coupon: bad --bundle: sku 'A1' given twice" ]
	run -65 --separate-stderr shop-coupon promo create X --type bundle --bundle A1:1,:2 --price 5
	[ "$stderr" = "shop-coupon: bad --bundle ':2': give SKU:QTY" ]
	run -65 --separate-stderr shop-coupon promo create X --type bundle --bundle A1:1 --price -5
	[ "$stderr" = "shop-coupon: bad --price '-5': negative" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 10 --from yesterday
	[ "$stderr" = "shop-coupon: bad --from 'yesterday': not a timestamp (use 2026-11-22T10:00:00Z)" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 10 --from 2026-12-01 --until 2026-12-01
	[ "$stderr" = "shop-coupon: --until '2026-12-01' is not after --from '2026-12-01'" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 10 --channel ' web'
	[ "$stderr" = "shop-coupon: bad --channel ' web': blank at the start or end" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 10 --level $'gold\e[31m'
	[ "$stderr" = "shop-coupon: bad --level 'gold<U+001B>[31m': control character" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 10 --scope sku
	[ "$stderr" = "shop-coupon: bad scope 'sku': all, sku:A,B, category:PATH or brand:NAME" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 10 --scope sku:A1,,B1
	[ "$stderr" = "shop-coupon: bad scope 'sku:A1,,B1': an empty sku" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 10 --exclude everything
	[ "$stderr" = "shop-coupon: bad exclude 'everything': all, sku:A,B, category:PATH or brand:NAME" ]
	nothing_written
}

@test "promo create: an unknown sku, category or brand is exit 3" {
	catalogue
	run -3 --separate-stderr shop-coupon promo create X --type gift --min-spend 10 --gift NOPE:1
	[ "$stderr" = "shop-coupon: unknown sku 'NOPE'" ]
	run -3 --separate-stderr shop-coupon promo create X --type bundle --bundle A1:1,a2:1 --price 5
	[ "$stderr" = "shop-coupon: unknown sku 'a2' (did you mean 'A2'?)" ]
	run -3 --separate-stderr shop-coupon promo create X --type percent --value 10 --scope sku:A1,NOPE
	[ "$stderr" = "shop-coupon: unknown sku 'NOPE'" ]
	run -3 --separate-stderr shop-coupon promo create X --type percent --value 10 --scope category:Fruit/Green
	[ "$stderr" = "shop-coupon: unknown category 'Fruit/Green'" ]
	run -3 --separate-stderr shop-coupon promo create X --type percent --value 10 --scope brand:acme
	[ "$stderr" = "shop-coupon: unknown brand 'acme' (did you mean 'Acme'?)" ]
	run -3 --separate-stderr shop-coupon promo create X --type nform --buy 2 --pay 1 --exclude brand:Nope
	[ "$stderr" = "shop-coupon: unknown brand 'Nope'" ]
	nothing_written
}

@test "promo create --dry-run checks and writes nothing" {
	catalogue
	run -0 --separate-stderr shop-coupon promo create X --type percent --value 10 -n
	[ -z "$stderr" ]
	run -65 --separate-stderr shop-coupon promo create X --type percent --value 0 --dry-run
	[ "$stderr" = "shop-coupon: bad --value '0': out of range (1 to 100)" ]
	nothing_written
	run -0 sql "select count(*) from audit where program = 'shop-coupon'"
	[ "$output" = 0 ]
}

@test "promo create: exclusive promotions that share a SKU in overlapping windows are refused" {
	catalogue
	shop-coupon promo create X1 --type percent --value 10 --scope category:Fruit --exclusive \
		--from 2026-11-01 --until 2026-12-01
	# Acme is A1, A2, B1, all in Fruit: the first they share by code is A1,
	# over X1's window from X2's start
	run -1 --separate-stderr shop-coupon promo create X2 --type threshold --tier 100:10 \
		--scope brand:Acme --exclusive --from 2026-11-15
	[ "$stderr" = "shop-coupon: promotion 'X2' conflicts with exclusive promotion 'X1': both cover sku 'A1' from 2026-11-15T00:00:00Z until 2026-12-01T00:00:00Z" ]
	# a bundle covers its SKUs; X1 has no start, the bundle no window
	run -1 --separate-stderr shop-coupon promo create S --type bundle --bundle W1:1,B1:1 --price 20 --exclusive
	[ "$stderr" = "shop-coupon: promotion 'S' conflicts with exclusive promotion 'X1': both cover sku 'B1' from 2026-11-01T00:00:00Z until 2026-12-01T00:00:00Z" ]
	# from X1's until on (exclusive): no overlap
	run -0 --separate-stderr shop-coupon promo create X3 --type percent --value 5 --scope sku:A1 \
		--exclusive --from 2026-12-01
	[ -z "$stderr" ]
	# before X1's from: none either
	run -0 shop-coupon promo create X4 --type percent --value 5 --scope sku:A2 --exclusive --until 2026-11-01
	# Acme less Fruit holds no SKU now: nothing shared
	run -0 shop-coupon promo create X5 --type nform --buy 2 --pay 1 --scope brand:Acme \
		--exclude category:Fruit --exclusive
	# not exclusive: never a conflict
	run -0 shop-coupon promo create X6 --type percent --value 5 --scope sku:A1
	# another channel or level does not keep them apart; the first other
	# by code is named (X1 and X3 both cover A1 in their windows)
	run -1 --separate-stderr shop-coupon promo create X7 --type percent --value 5 --scope sku:A1 \
		--exclusive --channel app --level gold
	[ "$stderr" = "shop-coupon: promotion 'X7' conflicts with exclusive promotion 'X1': both cover sku 'A1' from 2026-11-01T00:00:00Z until 2026-12-01T00:00:00Z" ]
	run -0 --separate-stderr shop-coupon promo check
	[ -z "$output" ]
	[ -z "$stderr" ]
	run -0 sql "select code from promotion order by code"
	[ "$output" = $'X1\nX3\nX4\nX5\nX6' ]
}

@test "promo check: lists the conflicts the catalogue made since, exit 1" {
	catalogue
	# E1 covers no SKU yet (Acme is all Fruit); E2 and E3 share W1 and
	# GIFT, but E2 ends as E3 starts; E4 covers A1 and A2, Acme
	shop-coupon promo create E1 --type nform --buy 2 --pay 1 --scope brand:Acme --exclude category:Fruit --exclusive
	shop-coupon promo create E2 --type percent --value 10 --scope category:Tech --exclusive --until 2027-01-01
	shop-coupon promo create E3 --type threshold --tier 50:5 --scope brand:Wire --exclusive --from 2027-01-01
	shop-coupon promo create E4 --type percent --value 5 --scope category:Fruit/Red --exclusive --from 2027-06-01
	shop-coupon promo create P --type percent --value 10
	run -0 --separate-stderr shop-coupon promo check
	[ -z "$output" ]
	[ -z "$stderr" ]
	# an Acme SKU in Tech: E1 (open) and E2 (until 2027) both cover it
	shop-product -q add A9 --name "Acme cable" --brand Acme --category Tech/Cables --price 3
	run -1 --separate-stderr shop-coupon promo check
	[ "$output" = "exclusive promotions 'E1' and 'E2' both cover sku 'A9' until 2027-01-01T00:00:00Z" ]
	[ "$stderr" = "shop-coupon: 1 promotion conflict" ]
	# another, sorting before A9, is the one named; a Wire SKU in
	# Fruit/Red: E3 (from 2027-01-01) and E4 (from 2027-06-01)
	shop-product -q add A0 --name "Acme plug" --brand Acme --category Tech/Cables --price 3
	shop-product -q add W9 --name "Wire fruit" --brand Wire --category Fruit/Red --price 3
	run -1 --separate-stderr shop-coupon promo check
	expect <<-EOF
	exclusive promotions 'E1' and 'E2' both cover sku 'A0' until 2027-01-01T00:00:00Z
	exclusive promotions 'E3' and 'E4' both cover sku 'W9' from 2027-06-01T00:00:00Z
	EOF
	[ "$stderr" = "shop-coupon: 2 promotion conflicts" ]
	run -1 --separate-stderr shop-coupon -q promo check --format csv
	expect <<-EOF
	conflict
	exclusive promotions 'E1' and 'E2' both cover sku 'A0' until 2027-01-01T00:00:00Z
	exclusive promotions 'E3' and 'E4' both cover sku 'W9' from 2027-06-01T00:00:00Z
	EOF
	[ -z "$stderr" ]
	# and create refuses what conflicts now
	run -1 --separate-stderr shop-coupon promo create E5 --type percent --value 5 --scope sku:W9 --exclusive
	[ "$stderr" = "shop-coupon: promotion 'E5' conflicts with exclusive promotion 'E3': both cover sku 'W9' from 2027-01-01T00:00:00Z" ]
}

@test "promo import: each record as create makes it; rejects counted with FILE:LINE; a re-run skips" {
	catalogue
	cat > p.yaml <<-'EOF'
	# the autumn campaign
	- code: MJ300
	  type: threshold
	  tier: [300:30, "500.00:60.00"]
	  scope: category:Fruit
	  exclusive: true
	- code: B3P2
	  type: nform
	  buy: 3
	  pay: 2
	  scope: sku:W1
	- code: BAD1
	  type: percent
	  value: 150
	- code: GIFT199
	  type: gift
	  min_spend: 199
	  gift: GIFT:1
	- code: SET
	  type: bundle
	  bundle:
	    - A1:1
	    - B1:2
	  price: 19.90
	  from: 2026-11-01
	  channel:
	- code: BAD2
	  type: nform
	  buy: 2
	  pay: 1
	  scope: brand:Acme
	  exclusive: yes
	- code: BAD3
	  type: percent
	  value: 10
	  max_discount: 5
	  buy: 2
	- code: BAD4
	  type: threshold
	  tier: []
	- code: BAD5
	  type: percent
	  value: 10
	  exclusive: maybe
	- type: percent
	  value: 10
	- code: BAD7
	  value: 10
	EOF
	run -1 --separate-stderr shop-coupon promo import p.yaml
	[ -z "$output" ]
	expect_stderr="shop-coupon: p.yaml:12: bad --value '150': out of range (1 to 100)
shop-coupon: p.yaml:27: promotion 'BAD2' conflicts with exclusive promotion 'MJ300': both cover sku 'A1' at all times
shop-coupon: p.yaml:33: --buy does not apply to --type percent
shop-coupon: p.yaml:38: bad --tier: an empty list
shop-coupon: p.yaml:41: bad --exclusive 'maybe': not a boolean (use yes/no, true/false, y/n, 1/0)
shop-coupon: p.yaml:45: missing code
shop-coupon: p.yaml:47: missing --type (bundle, nform, percent, threshold or gift)
shop-coupon: imported 4 promotions, skipped 0, rejected 7"
	[ "$stderr" = "$expect_stderr" ]
	run -0 shop-coupon promo list
	expect <<-EOF
	$HEADER
	B3P2,nform,buy=3 pay=2,sku:W1,,,,,,0
	GIFT199,gift,min-spend=199.00 gift=GIFT:1,all,,,,,,0
	MJ300,threshold,"tier=300.00:30.00,500.00:60.00",category:Fruit,,,,,,1
	SET,bundle,"bundle=A1:1,B1:2 price=19.90","sku:A1,B1",,2026-11-01T00:00:00Z,,,,0
	EOF
	run -0 sql "select summary from audit where program = 'shop-coupon'"
	[ "$output" = "imported 4 promotions (4 new, 0 updated), skipped 0, rejected 7" ]
	# again: the four are skipped, the others rejected again
	run -1 --separate-stderr shop-coupon -q promo import p.yaml
	[ "${stderr_lines[0]}" = "shop-coupon: p.yaml:12: bad --value '150': out of range (1 to 100)" ]
	run -1 --separate-stderr shop-coupon promo import - < p.yaml
	[ "${stderr_lines[7]}" = "shop-coupon: imported 0 promotions, skipped 4, rejected 7" ]
	[ "${stderr_lines[0]}" = "shop-coupon: <stdin>:12: bad --value '150': out of range (1 to 100)" ]
	run -0 sql "select count(*) from promotion; select count(*) from audit where program = 'shop-coupon'"
	[ "$output" = $'4\n1' ]
}

@test "promo import --dry-run says what it would import and writes nothing" {
	catalogue
	printf -- '- code: P1\n  type: percent\n  value: 10\n- code: P2\n  type: percent\n  value: 0\n' > p.yaml
	run -1 --separate-stderr shop-coupon promo import -n p.yaml
	[ "$stderr" = "shop-coupon: p.yaml:4: bad --value '0': out of range (1 to 100)
shop-coupon: would import 1 promotion, skipped 0, rejected 1" ]
	nothing_written
	# an empty file holds no record
	: > empty.yaml
	run -0 --separate-stderr shop-coupon promo import empty.yaml
	[ "$stderr" = "shop-coupon: imported 0 promotions, skipped 0, rejected 0" ]
}

@test "promo import: a file bad as a whole is exit 65 naming FILE:LINE:COLUMN, nothing written" {
	catalogue
	ok='- code: OK1
  type: percent
  value: 10'
	printf '%s\n- code: X\n  valeu: 10\n' "$ok" > f.yaml
	run -65 --separate-stderr shop-coupon promo import f.yaml
	[ "$stderr" = "shop-coupon: f.yaml:5:3: unknown key 'valeu' (did you mean 'value'?; known: code, type, scope, exclude, from, until, channel, level, exclusive, tier, value, max-discount, buy, pay, min-spend, gift, bundle or price)" ]
	printf '%s\n- code: X\n  type: [percent]\n' "$ok" > f.yaml
	run -65 --separate-stderr shop-coupon promo import f.yaml
	[ "$stderr" = "shop-coupon: f.yaml:5:3: type: expected one value, not a list" ]
	printf '%s\n- code: X\n  tier: {300: 30}\n' "$ok" > f.yaml
	run -65 --separate-stderr shop-coupon promo import f.yaml
	[ "$stderr" = "shop-coupon: f.yaml:5:3: tier: expected a value, not a mapping" ]
	printf '%s\n- code: X\n  tier: [[300:30]]\n' "$ok" > f.yaml
	run -65 --separate-stderr shop-coupon promo import f.yaml
	[ "$stderr" = "shop-coupon: f.yaml:5:10: tier: expected a list of values" ]
	printf '%s\n- code: X\n  min_spend: 1\n  min-spend: 2\n' "$ok" > f.yaml
	run -65 --separate-stderr shop-coupon promo import f.yaml
	[ "$stderr" = "shop-coupon: f.yaml:6:3: key 'min-spend' given twice" ]
	printf '%s\n- X\n' "$ok" > f.yaml
	run -65 --separate-stderr shop-coupon promo import f.yaml
	[ "$stderr" = "shop-coupon: f.yaml:4:3: a record must be a mapping of keys (code: ...)" ]
	printf '%s\n  - nested\n' "$ok" > f.yaml
	run -65 --separate-stderr shop-coupon promo import f.yaml
	[ "$stderr" = "shop-coupon: f.yaml:4:3: did not find expected key" ]
	printf 'code: X\ntype: percent\n' > f.yaml
	run -65 --separate-stderr shop-coupon promo import f.yaml
	[ "$stderr" = "shop-coupon: f.yaml:1:1: expected a list of records (- code: ...)" ]
	printf '%s\n---\n- code: Y\n' "$ok" > f.yaml
	run -65 --separate-stderr shop-coupon promo import f.yaml
	[ "$stderr" = "shop-coupon: f.yaml:4:1: more than one document in the file" ]
	printf '%s\n- &a code: X\n- *a\n' "$ok" > f.yaml
	run -65 --separate-stderr shop-coupon promo import f.yaml
	[ "$stderr" = "shop-coupon: f.yaml:5:3: aliases are not supported" ]
	printf '%s\n- code: "X\n' "$ok" > f.yaml
	run -65 --separate-stderr shop-coupon promo import f.yaml
	[ "$stderr" = "shop-coupon: f.yaml:5:1: found unexpected end of stream" ]
	printf '%s\n- code: \xff\n' "$ok" > f.yaml
	run -65 --separate-stderr shop-coupon promo import f.yaml
	[ "$stderr" = "shop-coupon: f.yaml:4:9: invalid leading UTF-8 octet" ]
	run -65 --separate-stderr shop-coupon promo import nope.yaml
	[ "$stderr" = "shop-coupon: cannot open 'nope.yaml': No such file or directory" ]
	run -2 --separate-stderr shop-coupon promo import a.yaml b.yaml
	[ "$stderr" = "shop-coupon: unexpected argument 'b.yaml' (see 'shop-coupon promo import --help')" ]
	nothing_written
}

@test "promo export: the YAML import reads back; the round trip is the identity" {
	catalogue
	run -0 shop-coupon promo export
	[ -z "$output" ]
	shop-coupon promo create "满减 300" --type threshold --tier 300:30,500:60 --scope category:Fruit \
		--exclude sku:A2 --exclusive
	shop-coupon promo create P15 --type percent --value 15 --max-discount 50 --scope "brand:Acme" \
		--from 2026-11-01 --until 2026-12-01 --channel web --level "VIP: gold"
	shop-coupon promo create B3P2 --type nform --buy 3 --pay 2 --scope sku:W1,A1
	shop-coupon promo create GIFT199 --type gift --min-spend 199 --gift GIFT:1 --gift A2:2 --channel null
	shop-coupon promo create SET --type bundle --bundle B1:2,A1:1 --price 19.9 --level true
	run -0 shop-coupon promo export
	expect <<-'EOF'
	- code: B3P2
	  type: nform
	  buy: 3
	  pay: 2
	  scope: sku:W1,A1
	- code: GIFT199
	  type: gift
	  min-spend: 199.00
	  gift:
	    - A2:2
	    - GIFT:1
	  scope: all
	  channel: "null"
	- code: P15
	  type: percent
	  value: 15
	  max-discount: 50.00
	  scope: brand:Acme
	  from: 2026-11-01T00:00:00Z
	  until: 2026-12-01T00:00:00Z
	  channel: web
	  level: "VIP: gold"
	- code: SET
	  type: bundle
	  bundle:
	    - A1:1
	    - B1:2
	  price: 19.90
	  level: "true"
	- code: "满减 300"
	  type: threshold
	  tier:
	    - 300.00:30.00
	    - 500.00:60.00
	  scope: category:Fruit
	  exclude: sku:A2
	  exclusive: true
	EOF
	shop-coupon promo export > e.yaml
	run -0 --separate-stderr shop-coupon promo import e.yaml
	[ "$stderr" = "shop-coupon: imported 0 promotions, skipped 5, rejected 0" ]
	other_db
	SHOP_DB=$OTHER catalogue
	SHOP_DB=$OTHER run -0 --separate-stderr shop-coupon promo import e.yaml
	[ "$stderr" = "shop-coupon: imported 5 promotions, skipped 0, rejected 0" ]
	SHOP_DB=$OTHER run -0 shop-coupon promo export
	[ "$output" = "$(cat e.yaml)" ]
	SHOP_DB=$OTHER run -0 shop-coupon promo list
	[ "$output" = "$(shop-coupon promo list)" ]
}

@test "promo list, export and check on a database that does not exist: exit 3" {
	run -3 --separate-stderr shop-coupon promo list
	[ "$stderr" = "shop-coupon: no database '$SHOP_DB' (create it with 'shop init')" ]
	run -3 shop-coupon promo export
	run -3 shop-coupon promo check
}

@test "four conflicting exclusive promotions created at once: exactly one is made" {
	catalogue
	local i pids=() codes= st c
	for i in 1 2 3 4; do
		shop-coupon promo create "X$i" --type percent --value "$i" --scope sku:A1 --exclusive \
			>/dev/null 2>"err.$i" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i" && st=0 || st=$?
		codes+="$st "
	done
	# each is made (0), refused for the one made before it (1), or told
	# to retry (75): never a bug, never two made
	for c in $codes; do
		case $c in
		0 | 1 | 75) ;;
		*) echo "exit $c: $(cat err.*)"; return 1 ;;
		esac
	done
	run -0 sql "select count(*) from promotion"
	[ "$output" = 1 ]
}
