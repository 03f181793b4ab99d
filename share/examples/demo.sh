#!/bin/sh
# demo.sh BIN - the main job on a demo database (./demo.db): a catalogue,
# customers, their price lists and part numbers imported, warehouses,
# suppliers and what they sell us, opening stock
# received, an import re-run (all skipped), a stocktake, then a day's B2B
# orders imported (one rejected, into a rejects file), approved, paid,
# picked and shipped, an order with a promotion and a coupon, a year of
# history for the reports, and every invariant checked.
set -eu
bin=$(cd "$1" && pwd)
ex=$(cd "$(dirname "$0")" && pwd)
export PATH="$bin:$PATH"
export SHOP_DB="${DEMO_DB:-$PWD/demo.db}"
# the demo's clock is fixed, so that its figures are the same on any day
export SHOP_NOW=2026-12-01T09:00:00Z
unset SHOP_CONFIG
rm -f "$SHOP_DB" "$SHOP_DB-wal" "$SHOP_DB-shm"

# bold commands on a terminal; plain text into a file or a pipe
if [ -t 1 ]; then bold=$(printf '\033[1m') off=$(printf '\033[0m'); else bold= off=; fi

step() {
	printf '\n%s$ %s%s\n' "$bold" "$*" "$off"
	"$@"
}

# a word as the shell reads it back: quoted when it has to be
q() {
	case $1 in
	*[!A-Za-z0-9_./:=+-]*) printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
	*) printf '%s' "$1" ;;
	esac
}

echo "demo database: $SHOP_DB"
step shop init
step shop-product import "$ex/products.csv"
step shop-product import "$ex/products.csv"
step shop-order customer import "$ex/customers.csv"
step shop-product prices import "$ex/prices.csv"
step shop-product parts import "$ex/parts.csv"
step shop-stock warehouse import "$ex/warehouses.csv"
step shop-po supplier import "$ex/suppliers.csv"
step shop-po supplier items import "$ex/supplier-items.csv"
step shop-stock receive "$ex/receipts.csv"
step shop-stock adjust --sku CASE-IP7P-CLR --warehouse SH --qty -3 --ref DMG-0001 --note "damaged in store"
step shop-stock count import "$ex/count.csv" --format table
step shop-product list --format table
step shop-product show IP7P-128-SLV --format table
step shop-stock levels --format table
# the main job: a day's B2B orders, priced, reserved, one of them rejected
rej=$(dirname "$SHOP_DB")/orders-rejects.csv
step shop-order import "$ex/orders.csv" --rejects "$rej" || true
step cat "$rej"
step shop-order import "$ex/orders.csv" || true
step shop-order list --format table
step shop-order lines --format table
step shop-order approve SO-1
step shop-order pay SO-2 --amount 78.00 --txn WX-20261122-0001 --method wechat
pick=$(dirname "$SHOP_DB")/pick.csv
step shop-order pick --format table
shop-order pick --by order | awk 'NR == 1 { print $0 ",carrier,tracking"; next }
	{ print $0 ",SF,SF" 1000 + NR }' > "$pick"
step cat "$pick"
step shop-order ship "$pick"
step shop-order list --format table
# checkout with a promotion (buy 3 cables, pay 2) and a coupon (30.00 off from 300.00)
step shop-coupon promo create 3FOR2 --type nform --buy 3 --pay 2 --scope sku:CABLE-USBC-1M
step shop-coupon create MJ300 --type threshold --value 30 --min-spend 300 --valid-days 30 --per-customer 1
step shop-coupon issue MJ300 --customer LIWEI
step shop-order quote --customer LIWEI --line CASE-IP7P-CLR:3 --line CABLE-USBC-1M:6 --coupon MJ300 --format table
step shop-order create --customer LIWEI --line CASE-IP7P-CLR:3 --line CABLE-USBC-1M:6 --coupon MJ300
step shop-order lines --customer LIWEI --format table
step shop-coupon stats --format table
# a year of orders from more customers, brought over with their dates, for the reports
step shop-order customer import "$ex/history-customers.csv"
step shop-order import "$ex/history-orders.csv"
step shop-report sales --by month --from 2026-01-01 --until 2027-01-01 --format table
step shop-report rfm --as-of 2026-12-01 --format table
step shop-order customer list --format table
step shop-stock levels --format table
step shop check
step shop log --format table
# a command that works as printed, from any directory, without bin/ on PATH
printf '\nDone. Explore it yourself:\n  SHOP_DB=%s %s list --format table\n' "$(q "$SHOP_DB")" \
	"$(q "$bin/shop-product")"
