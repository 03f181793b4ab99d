#!/usr/bin/env bats
# Every binary and every subcommand answers --help with its usage on stdout
# and exit 0, has a man page that names each subcommand with its usage as a
# SYNOPSIS entry and documents its long options, and refuses a bad option
# with a one-line hint and exit 2.
load helper

tools() {
	for t in shop shop-product shop-stock shop-order shop-po shop-coupon shop-report; do
		command -v "$t" >/dev/null && echo "$t"
	done
}

# "brand add" style names, from the tool's own completion words; fails when
# the tool's __complete fails (a pipe into grep would hide that). A group
# may hold a group of its own ("supplier items import"): a second word whose
# --help is not a command's usage is one, and its words follow.
subcommands() {
	local t=$1 w s x y u words
	words=$("$t" __complete) || { echo "$t __complete failed" >&2; return 1; }
	for w in $(cut -f1 <<<"$words" | grep -v '^[-:]'); do
		s=$("$t" __complete "$w") || { echo "$t __complete $w failed" >&2; return 1; }
		s=$(cut -f1 <<<"$s" | grep -v '^[-:]' || true)   # none: a command without subcommands
		if [ -z "$s" ]; then
			echo "$w"
			continue
		fi
		for x in $s; do
			u=$("$t" $w $x --help) || { echo "$t $w $x --help failed" >&2; return 1; }
			if [[ ${u%%$'\n'*} == "usage: $t $w $x [OPTIONS]"* ]]; then
				echo "$w $x"
				continue
			fi
			y=$("$t" __complete "$w" "$x") || { echo "$t __complete $w $x failed" >&2; return 1; }
			for y in $(cut -f1 <<<"$y" | grep -v '^[-:]'); do echo "$w $x $y"; done
		done
	done
}

# The man pages are man(7) (.TH, .B, \fB...\fR, \- for -), not mdoc: read as
# plain text, font changes and \& dropped, \- and \e read as - and \.
man_text() {
	sed -e 's/\\f[BIRP]//g' -e 's/\\&//g' -e 's/\\-/-/g' -e 's/\\e/\\/g' "$1"
}

# The SYNOPSIS of man page $2 for tool $1 as "COMMAND<TAB>ARGS" lines, one for
# each command an entry names (entries end at .br). An entry is the tool,
# [COMMON OPTIONS]-style groups, commands joined by | (a shorter one shares
# the leading words of the first: "brand add | remove"), then the arguments.
man_synopsis() {
	man_text "$2" | awk -v tool="$1" '
	function entry(e,    tok, n, i, depth, alts, na, cur, args, first, nf, w, nw, k, j, pre) {
		n = split(e, tok, " ")
		if (n == 0 || tok[1] != tool)
			return
		for (i = 2; i <= n && tok[i] ~ /^\[/; ) {
			depth = 0
			do {
				depth += gsub(/\[/, "[", tok[i]) - gsub(/\]/, "]", tok[i])
				i++
			} while (i <= n && depth > 0)
		}
		for (; i <= n; i++) {
			if (tok[i] == "|") {
				alts[++na] = cur
				cur = ""
			} else if (tok[i] ~ /^[a-z][a-z0-9-]*$/) {
				cur = cur (cur == "" ? "" : " ") tok[i]
			} else {
				break
			}
		}
		if (cur != "")
			alts[++na] = cur
		for (; i <= n; i++)
			args = args (args == "" ? "" : " ") tok[i]
		nf = split(alts[1], first, " ")
		for (k = 1; k <= na; k++) {
			nw = split(alts[k], w, " ")
			pre = ""
			for (j = 1; j <= nf - nw; j++)
				pre = pre first[j] " "
			print pre alts[k] "\t" args
		}
	}
	/^\.SH/ { if (syn && e != "") entry(e); syn = ($2 == "SYNOPSIS"); e = ""; next }
	!syn { next }
	/^\.(br|sp|PP|LP|P)( |$)/ { entry(e); e = ""; next }
	{
		sub(/^\.[A-Za-z]+ /, "")
		gsub(/"/, "")
		e = e (e == "" ? "" : " ") $0
	}'
}

@test "every binary: --help and --version" {
	for t in $(tools); do
		run -0 "$t" --help
		[[ ${lines[0]} == "usage: $t [OPTIONS] COMMAND [ARGS]" ]]
		run -0 "$t" --version
		[ "$output" = "$t 0.1.0" ]
	done
}

@test "every subcommand: --help prints its usage on stdout, exit 0" {
	local t c cmds
	for t in $(tools); do
		cmds=$(subcommands "$t")
		[ -n "$cmds" ]
		mapfile -t cmds <<<"$cmds"
		for c in "${cmds[@]}"; do
			# "shop product ..." hands over to shop-product, tested there
			case "$t:$c" in shop:product|shop:stock|shop:order|shop:po|shop:coupon|shop:report) continue ;; esac
			run -0 --separate-stderr "$t" $c --help
			[[ ${lines[0]} == "usage: $t $c [OPTIONS]"* ]] || { echo "$t $c: ${lines[0]}"; return 1; }
			[ -z "$stderr" ]
		done
	done
}

@test "every binary has a man page naming each of its subcommands" {
	local man=$BATS_TEST_DIRNAME/../share/man t c cmds
	[ -f "$man/man7/shop.7" ]
	for t in $(tools); do
		[ -f "$man/man1/$t.1" ] || { echo "no man page for $t"; return 1; }
		cmds=$(subcommands "$t")
		[ -n "$cmds" ]
		mapfile -t cmds <<<"$cmds"
		for c in "${cmds[@]}"; do
			grep -q -- "$c" "$man/man1/$t.1" || { echo "$t.1 does not name '$c'"; return 1; }
		done
	done
}

# usage_args TOOL CMD: what follows "usage: TOOL CMD [OPTIONS]" on the first
# line of TOOL CMD --help
usage_args() {
	local t=$1 c=$2 out first
	out=$("$t" $c --help) || return
	first=${out%%$'\n'*}
	[[ $first == "usage: $t $c [OPTIONS]"* ]] || { echo "$t $c: usage line '$first'" >&2; return 1; }
	first=${first#"usage: $t $c [OPTIONS]"}
	echo "${first# }"
}

# "shop product ...", "shop stock ..." and "shop order ..." hand over to
# shop-product, shop-stock and shop-order, whose own pages are checked; the plain naming test above covers
# them in shop.1.
hands_over() { case "$1:$2" in shop:product|shop:stock|shop:order|shop:po|shop:coupon|shop:report) return 0 ;; esac; return 1; }

@test "every subcommand's usage line is a SYNOPSIS entry of its man page" {
	local man=$BATS_TEST_DIRNAME/../share/man/man1 t c cmds args syn m found gaps=
	for t in $(tools); do
		syn=$(man_synopsis "$t" "$man/$t.1")
		[ -n "$syn" ]
		cmds=$(subcommands "$t")
		[ -n "$cmds" ]
		mapfile -t cmds <<<"$cmds"
		for c in "${cmds[@]}"; do
			hands_over "$t" "$c" && continue
			args=$(usage_args "$t" "$c")
			# an entry naming the command whose arguments hold the usage's
			found=
			while IFS=$'\t' read -r m margs; do
				[ "$m" = "$c" ] || continue
				if [ -z "$args" ] || [[ " $margs " == *" $args "* ]]; then
					found=1
				fi
			done <<<"$syn"
			[ -n "$found" ] || gaps+="$t $c: no SYNOPSIS entry '$t $c${args:+ $args}' in $t.1"$'\n'
		done
	done
	[ -z "$gaps" ] || { printf '%s' "$gaps"; return 1; }
}

@test "every long option of every subcommand's --help is in its man page" {
	local man=$BATS_TEST_DIRNAME/../share/man/man1 t c cmds text opt help gaps=
	for t in $(tools); do
		text=$(man_text "$man/$t.1")
		cmds=$(subcommands "$t")
		[ -n "$cmds" ]
		mapfile -t cmds <<<"$cmds"
		for c in "${cmds[@]}"; do
			hands_over "$t" "$c" && continue
			help=$("$t" $c --help)
			# the option lines: "  -n, --dry-run   ..." or "      --db PATH   ..."
			for opt in $(sed -nE 's/^ +(-[[:alnum:]], )?(--[[:alnum:]][[:alnum:]-]*).*/\2/p' <<<"$help"); do
				[[ $text =~ (^|[^[:alnum:]-])$opt([^[:alnum:]-]|$) ]] ||
					gaps+="$t $c: option $opt is not in $t.1"$'\n'
			done
		done
	done
	[ -z "$gaps" ] || { printf '%s' "$gaps"; return 1; }
}

@test "a bad option is a one-line hint and exit 2" {
	run -2 --separate-stderr shop-product brand list --bogus
	[ "$stderr" = "shop-product: unknown option '--bogus' (see 'shop-product brand list --help')" ]
	[ -z "$output" ]
	run -2 --separate-stderr shop-product frobnicate
	[ "$stderr" = "shop-product: unknown command 'frobnicate' (see 'shop-product --help')" ]
	run -2 --separate-stderr shop-product brand list --format xml
	[ "$stderr" = "shop-product: unknown format 'xml' (csv, tsv, jsonl or table) (see 'shop-product brand list --help')" ]
	run -2 --separate-stderr shop-product
	[[ ${stderr_lines[0]} == "usage: shop-product [OPTIONS] COMMAND [ARGS]" ]]
}

@test "common options work before and after the subcommand" {
	run -0 shop-product --db other.db brand add Acme
	run -0 shop-product brand list --db other.db --no-header
	[ "$output" = "Acme,0" ]
	run -0 shop-product --no-header --db other.db brand list
	[ "$output" = "Acme,0" ]
	[ ! -e shop.db ]
}

@test "the database is created 0600 and a stricter umask wins" {
	sqlite_only "the mode of the database file"
	umask 022
	run -0 shop init
	[ "$(stat -c %a shop.db)" = 600 ]
	umask 077
	run -0 shop --db strict.db init
	[ "$(stat -c %a strict.db)" = 600 ]
	umask 0277
	run -0 shop --db stricter.db init
	[ "$(stat -c %a stricter.db)" = 400 ]
}

@test "SHOP_DB picks the database; a bad SHOP_NOW is a usage error" {
	SHOP_DB=$BATS_TEST_TMPDIR/env.db run -0 shop-product brand add Env
	[ -f env.db ]
	SHOP_NOW=yesterday run -2 --separate-stderr shop-product brand list
	[ "$stderr" = "shop-product: bad SHOP_NOW 'yesterday': not a timestamp (use 2026-11-22T10:00:00Z)" ]
}

@test "shop front: runs the tools, init, log" {
	run -0 --separate-stderr shop init
	[ "$stderr" = "shop: database '$SHOP_DB' is ready (schema version $(schema_version))" ]
	run -0 shop product brand add Acme
	run -0 shop --db "$SHOP_DB" product brand list
	[ "$output" = $'brand,skus\nAcme,0' ]
	run -0 shop log
	expect <<-EOF
	at,user,program,argv,summary
	2026-11-22T10:00:00Z,$(id -un),shop-product,shop-product brand add Acme,brand add 'Acme'
	EOF
}
