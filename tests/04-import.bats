#!/usr/bin/env bats
# The import framework through the real binaries (mainly shop-product
# import and shop-stock receive FILE): the rejects file (never the input
# or the database, written only when something was rejected, re-imported
# as it is), the lines messages name whatever ends them, --encoding and
# the hints for files that are not UTF-8, unknown columns, no input on a
# terminal, and messages that clear the progress line.
load helper

PCOLS="sku, spu, name, brand, category, attrs, key_attrs, price, market_price, cost, barcode, weight_g, status, backorder, on_sale_from, on_sale_until"

# on_term CMD...: run CMD on a pseudo-terminal (stdin, stdout and stderr)
# and print the screen it leaves, line by line: '\r' returns to the
# start of the line and ESC [ K erases to its end, as a terminal does.
on_term() {
	command -v python3 >/dev/null || skip "no python3 for a pseudo-terminal"
	python3 -c '
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
out = bytearray()
while True:
    try:
        d = os.read(fd, 65536)
    except OSError:
        break
    if not d:
        break
    out.extend(d)
_, st = os.waitpid(pid, 0)
s = out.decode("utf-8", "replace")
lines, cur, col, i = [], [], 0, 0
while i < len(s):
    if s.startswith("\033[K", i):
        del cur[col:]
        i += 3
        continue
    c = s[i]
    if c == "\r":
        col = 0
    elif c == "\n":
        lines.append("".join(cur))
        cur, col = [], 0
    else:
        if col < len(cur):
            cur[col] = c
        else:
            cur.append(c)
        col += 1
    i += 1
if cur:
    lines.append("".join(cur))
print("\n".join(lines))
sys.exit(os.waitstatus_to_exitcode(st))
' "$@"
}

skus() { sql "select sku || '|' || name from sku order by sku"; }

# ---- the rejects file ----

@test "--rejects naming the input file is exit 2 and leaves the file as it was" {
	printf 'sku,name,price\nA1,One,1.00\nA2,Two,x\n' > f.csv
	cp f.csv orig.csv
	run -2 --separate-stderr shop-product import --rejects f.csv f.csv
	[ "$stderr" = "shop-product: --rejects 'f.csv' is the input file; give another name" ]
	run -0 cmp f.csv orig.csv
	run -2 --separate-stderr shop-product import --rejects ./f.csv f.csv
	[ "$stderr" = "shop-product: --rejects './f.csv' is the input file; give another name" ]
	ln -s f.csv link.csv
	run -2 shop-product import --rejects link.csv f.csv
	run -0 cmp f.csv orig.csv
	[ "$(sql 'select count(*) from sku')" = 0 ]
}

@test "--rejects naming the database or its journal is exit 2 and the database is intact" {
	sqlite_only "a database file that --rejects could name"
	printf 'sku,name,price\nA1,One,1.00\n' > good.csv
	shop-product -q import good.csv
	sum=$(cksum < shop.db)
	printf 'sku,name,price\nA2,Two,x\n' > bad.csv
	run -2 --separate-stderr shop-product import --rejects shop.db bad.csv
	[ "$stderr" = "shop-product: --rejects 'shop.db' is the database; give another name" ]
	[ "$(cksum < shop.db)" = "$sum" ]
	run -2 --separate-stderr shop-product import --rejects "$SHOP_DB-wal" bad.csv
	[ "$stderr" = "shop-product: --rejects '$SHOP_DB-wal' is the database; give another name" ]
	run -2 shop-product --db ./shop.db import --rejects shop.db bad.csv
	[ "$(cksum < shop.db)" = "$sum" ]
	run -0 skus
	[ "$output" = "A1|One" ]
}

@test "no rejects file when nothing is rejected, nor when the import dies half way" {
	printf 'sku,name,price\nA1,One,1.00\n' > good.csv
	run -0 shop-product import --rejects r.csv good.csv
	[ ! -e r.csv ]
	# line 2 is rejected, then line 3 opens a quote that never closes
	printf 'sku,name,price\nA2,Two,x\nA3,"Three,1.00\n' > broken.csv
	run -65 --separate-stderr shop-product import --rejects r.csv broken.csv
	[ "$stderr" = "shop-product: broken.csv:2: bad price 'x': not a number
shop-product: broken.csv:3: malformed CSV: misplaced or unterminated quote" ]
	[ ! -e r.csv ]
	run -1 compgen -G '.r.csv.*'
	run -0 skus
	[ "$output" = "A1|One" ]
}

@test "a rejects file re-imports as it is: its error column is ignored, its rejects keep the columns" {
	cat > in.csv <<-EOF
	sku,name,price
	A1,One,1.00
	A2,Two,1.001
	A3,"Three, ""quoted""",x
	EOF
	run -1 --separate-stderr shop-product import --rejects r.csv in.csv
	[ "$stderr" = "shop-product: in.csv:3: bad price '1.001': too many decimals
shop-product: in.csv:4: bad price 'x': not a number
shop-product: imported 1 product, skipped 0, rejected 2" ]
	run -0 cat r.csv
	expect <<-'EOF'
	sku,name,price,error
	A2,Two,1.001,bad price '1.001': too many decimals
	A3,"Three, ""quoted""",x,bad price 'x': not a number
	EOF
	# as it is: the same rows rejected, the same file out
	run -1 --separate-stderr shop-product import --rejects r2.csv r.csv
	[ "$stderr" = "shop-product: r.csv:2: bad price '1.001': too many decimals
shop-product: r.csv:3: bad price 'x': not a number
shop-product: imported 0 products, skipped 0, rejected 2" ]
	run -0 cmp r.csv r2.csv
	# fixed in place: the error column is left as it is and ignored
	sed -i -e 's/1\.001,/1.01,/' -e 's/,x,/,2.00,/' r.csv
	run -0 --separate-stderr shop-product import --rejects r3.csv r.csv
	[ "$stderr" = "shop-product: imported 2 products, skipped 0, rejected 0" ]
	[ ! -e r3.csv ]
	run -0 skus
	expect <<-'EOF'
	A1|One
	A2|Two
	A3|Three, "quoted"
	EOF
}

@test "receive FILE --rejects: rejected rows with their reason, re-imported once fixed" {
	printf 'sku,name\nA,Apple\n' | shop-product -q import
	shop-stock -q warehouse add W1 --name One
	cat > in.csv <<-EOF
	sku,warehouse,qty,ref
	A,W1,5,GRN-1
	B,W1,2,GRN-1
	A,W9,1,GRN-2
	EOF
	run -1 --separate-stderr shop-stock receive --rejects r.csv in.csv
	[ "$stderr" = "shop-stock: in.csv:3: unknown sku 'B'
shop-stock: in.csv:4: unknown warehouse 'W9'
shop-stock: imported 1 movement, skipped 0, rejected 2" ]
	run -0 cat r.csv
	expect <<-EOF
	sku,warehouse,qty,ref,error
	B,W1,2,GRN-1,unknown sku 'B'
	A,W9,1,GRN-2,unknown warehouse 'W9'
	EOF
	printf 'sku,name\nB,Banana\n' | shop-product -q import
	shop-stock -q warehouse add W9 --name Nine
	run -0 --separate-stderr shop-stock receive --rejects r2.csv r.csv
	[ "$stderr" = "shop-stock: imported 2 movements, skipped 0, rejected 0" ]
	[ ! -e r2.csv ]
	# 5 + 2 + 1 units received
	[ "$(sql 'select sum(qty) from movement')" = 8 ]
}

# ---- the lines messages name ----

@test "CR-only line ends (old Mac, some Excel exports) count lines" {
	printf 'sku,name,price\rA1,One,1.00\rA2,Two,x\rA3,Three,1.001\r' > in.csv
	run -1 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: in.csv:3: bad price 'x': not a number
shop-product: in.csv:4: bad price '1.001': too many decimals
shop-product: imported 1 product, skipped 0, rejected 2" ]
	printf 'sku,name\rA1,One\rA2\r' > short.csv
	run -65 --separate-stderr shop-product import short.csv
	[ "$stderr" = "shop-product: short.csv:3: expected 2 fields as in the header, found 1" ]
}

@test "CRLF, mixed line ends and quoted newlines count lines" {
	# lines: 1 header (CRLF), 2 (CR), 3-4 a quoted LF, 5-6 a quoted CRLF, 7 (LF), 8 blank, 9
	printf 'sku,name,price\r\nA1,One,x\rA2,"two\nlines",1.00\nA3,"three\r\nlines",1.001\r\nA4,Four,y\n\r\nA5,Five,z' > in.csv
	run -1 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: in.csv:2: bad price 'x': not a number
shop-product: in.csv:5: bad price '1.001': too many decimals
shop-product: in.csv:7: bad price 'y': not a number
shop-product: in.csv:9: bad price 'z': not a number
shop-product: imported 1 product, skipped 0, rejected 4" ]
	printf 'sku,name\r\nA1,"one\r\nA2,two\r\n' > open.csv
	run -65 --separate-stderr shop-product import open.csv
	[ "$stderr" = "shop-product: open.csv:2: malformed CSV: misplaced or unterminated quote" ]
}

# ---- encodings ----

@test "a GB18030 file: an error naming --encoding gb18030, which reads it" {
	printf 'sku,name,price\nS1,中文名,1.00\nS2,手机,2.00\n' | iconv -f UTF-8 -t GB18030 > gb.csv
	run -65 --separate-stderr shop-product import gb.csv
	[ "$stderr" = "shop-product: gb.csv:2: invalid UTF-8 (the file reads as GB18030: try --encoding gb18030)" ]
	[ "$(sql 'select count(*) from sku')" = 0 ]
	run -0 --separate-stderr shop-product import --encoding gb18030 gb.csv
	[ "$stderr" = "shop-product: imported 2 products, skipped 0, rejected 0" ]
	run -0 skus
	expect <<-EOF
	S1|中文名
	S2|手机
	EOF
	# GBK is a part of GB18030; stdin is converted too
	run -0 --separate-stderr shop-product import --encoding gbk - < gb.csv
	[ "$stderr" = "shop-product: imported 0 products, skipped 2, rejected 0" ]
}

@test "a UTF-16 file: an error naming --encoding utf-16, which reads it, BOM or not" {
	printf 'sku,name,price\r\nS1,中文,1.00\r\n' | iconv -f UTF-8 -t UTF-16 > bom.csv
	run -65 --separate-stderr shop-product import bom.csv
	[ "$stderr" = "shop-product: bom.csv:1: the file is UTF-16: try --encoding utf-16" ]
	printf 'sku,name,price\r\nS2,英文,2.00\r\n' | iconv -f UTF-8 -t UTF-16LE > le.csv
	run -65 --separate-stderr shop-product import le.csv
	[ "$stderr" = "shop-product: le.csv:1: the file is UTF-16: try --encoding utf-16" ]
	printf 'sku,name,price\r\nS3,法文,3.00\r\n' | iconv -f UTF-8 -t UTF-16BE > be.csv
	run -65 --separate-stderr shop-product import be.csv
	[ "$stderr" = "shop-product: be.csv:1: the file is UTF-16: try --encoding utf-16" ]
	[ "$(sql 'select count(*) from sku')" = 0 ]
	run -0 shop-product -q import --encoding utf-16 bom.csv
	run -0 shop-product -q import --encoding utf-16 le.csv
	run -0 shop-product -q import --encoding UTF-16 be.csv
	run -0 skus
	expect <<-EOF
	S1|中文
	S2|英文
	S3|法文
	EOF
}

@test "--encoding: a byte sequence it cannot convert is exit 65 naming the line" {
	# line 3 holds 0xFF, which is no GB18030
	printf 'sku,name,price\r\nS1,\xd6\xd0,1.00\r\nS2,\xff,2.00\r\n' > bad.csv
	run -65 --separate-stderr shop-product import --encoding gb18030 bad.csv
	[ "$stderr" = "shop-product: bad.csv:3: invalid byte sequence for encoding 'gb18030'" ]
	# the file ends inside a character
	printf 'sku,name,price\nS1,\xd6' > cut.csv
	run -65 --separate-stderr shop-product import --encoding gb18030 cut.csv
	[ "$stderr" = "shop-product: cut.csv:2: incomplete byte sequence for encoding 'gb18030'" ]
	[ "$(sql 'select count(*) from sku')" = 0 ]
	run -2 --separate-stderr shop-product import --encoding klingon bad.csv
	[ "$stderr" = "shop-product: unknown encoding 'klingon' (see iconv -l)" ]
}

@test "receive FILE --encoding gbk: notes in Chinese" {
	printf 'sku,name\nA,Apple\n' | shop-product -q import
	shop-stock -q warehouse add W1 --name One
	printf 'sku,warehouse,qty,ref,note\nA,W1,5,GRN-1,到货\n' | iconv -f UTF-8 -t GBK > in.csv
	run -65 --separate-stderr shop-stock receive in.csv
	[ "$stderr" = "shop-stock: in.csv:2: invalid UTF-8 (the file reads as GB18030: try --encoding gb18030)" ]
	run -0 shop-stock -q receive --encoding gbk in.csv
	[ "$(sql "select qty || '|' || note from movement")" = "5|到货" ]
}

# ---- the header ----

@test "an unknown column suggests the nearest known one and lists them all" {
	printf 'sku,name,prce\nS1,One,1.00\n' > in.csv
	run -65 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: in.csv:1: unknown column 'prce' (did you mean 'price'?); known columns: $PCOLS" ]
	printf 'Sku,NAME,Prise,colour,weight\nS1,One,1.00,red,5\n' > in.csv
	run -65 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: in.csv:1: unknown columns 'Prise' (did you mean 'price'?), 'colour', 'weight' (did you mean 'weight_g'?); known columns: $PCOLS" ]
	[ "$(sql 'select count(*) from sku')" = 0 ]
	# --ignore-unknown still drops them, as asked
	run -0 shop-product -q import --ignore-unknown in.csv
	[ "$(sql "select sku || '|' || name || '|' || coalesce(cast(price as text), 'none') from sku")" = "S1|One|none" ]
}

@test "a file separated by ';' (or tabs read as CSV) gets a hint" {
	printf 'sku;name;price\nS1;One;1,00\n' > semi.csv
	run -65 --separate-stderr shop-product import semi.csv
	[ "$stderr" = "shop-product: semi.csv:1: unknown column 'sku;name;price' (the fields look separated by ';': give a CSV separated by ',' or a TSV); known columns: $PCOLS" ]
	run -65 --separate-stderr shop-product import --ignore-unknown semi.csv
	[ "$stderr" = "shop-product: semi.csv:1: missing required column 'sku' (the fields look separated by ';': give a CSV separated by ',' or a TSV)" ]
	printf 'sku\tname\nS1\tOne\n' > tabs.csv
	run -65 --separate-stderr shop-product import tabs.csv
	[ "$stderr" = "shop-product: tabs.csv:1: unknown column 'sku name' (the fields look separated by tabs: use --input-format tsv); known columns: $PCOLS" ]
	run -0 shop-product -q import --input-format tsv tabs.csv
	run -0 skus
	[ "$output" = "S1|One" ]
}

# ---- terminals ----

@test "no input on a terminal is exit 2, not a silent wait" {
	run -2 on_term shop-product import
	[ "$output" = "shop-product: no input (give FILE or pipe one in)" ]
	run -2 on_term shop-stock receive -
	[ "$output" = "shop-stock: no input (give FILE or pipe one in)" ]
	# a file on stdin is input
	printf 'sku,name\nS1,One\n' > in.csv
	run -0 shop-product -q import < in.csv
}

@test "a message printed while the progress line shows clears it first" {
	# 100000 rows; the price of rows 50000 and 100000 (lines 50001 and
	# 100001) is bad: by then the progress line is on the screen
	awk 'BEGIN { print "sku,name,price"
		for (i = 1; i <= 100000; i++) printf "S%d,N%d,%s\n", i, i, i % 50000 ? "1.00" : "x" }' > big.csv
	run -1 on_term shop-product import --progress big.csv
	[[ $output == *$'\n'"shop-product: big.csv:100001: bad price 'x': not a number"$'\n'* ]]
	[[ $output == "shop-product: big.csv:50001: bad price 'x': not a number"$'\n'* || $output == *$'\n'"shop-product: big.csv:50001: bad price 'x': not a number"$'\n'* ]]
	[[ $output == *$'\n'"shop-product: imported 99998 products, skipped 0, rejected 2" ]]
}
