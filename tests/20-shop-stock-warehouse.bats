#!/usr/bin/env bats
# shop-stock warehouse add|import|list: codes, idempotent re-runs, bad input.
load helper

@test "warehouse add, then list: first choice (lowest priority) first" {
	run -0 --separate-stderr shop-stock warehouse add SH --name "上海仓 Shanghai" --region east --priority 1
	[ -z "$output" ]
	[ -z "$stderr" ]
	shop-stock warehouse add BJ --name Beijing
	shop-stock warehouse add GZ --name Guangzhou --region south --priority 2
	run -0 shop-stock warehouse list
	expect <<-EOF
	code,name,region,priority
	SH,上海仓 Shanghai,east,1
	GZ,Guangzhou,south,2
	BJ,Beijing,,100
	EOF
	run -0 sql "select program, argv, summary from audit"
	expect <<-EOF
	shop-stock|shop-stock warehouse add SH --name '上海仓 Shanghai' --region east --priority 1|warehouse add 'SH'
	shop-stock|shop-stock warehouse add BJ --name Beijing|warehouse add 'BJ'
	shop-stock|shop-stock warehouse add GZ --name Guangzhou --region south --priority 2|warehouse add 'GZ'
	EOF
}

@test "warehouse add of the same warehouse again is skipped" {
	shop-stock warehouse add SH --name Shanghai --priority 1
	run -0 --separate-stderr shop-stock warehouse add SH --name Shanghai --priority 1
	[ "$stderr" = "shop-stock: warehouse 'SH' exists; skipped" ]
	run -0 --separate-stderr shop-stock -q warehouse add SH --name Shanghai --priority 1
	[ -z "$stderr" ]
	[ "$(sql 'select count(*) from warehouse; select count(*) from audit')" = "1
1" ]
}

@test "warehouse add of an existing code with other details is refused" {
	shop-stock warehouse add SH --name Shanghai --priority 1
	run -1 shop-stock warehouse add SH --name Shenzhen
	[ "$output" = "shop-stock: warehouse 'SH' exists with other details; not changed" ]
	run -1 shop-stock warehouse add SH --name Shanghai --priority 2
	run -1 shop-stock warehouse add SH --name Shanghai --region west
	# what is not given is not compared
	run -0 shop-stock -q warehouse add SH --name Shanghai
	run -0 shop-stock warehouse list --no-header
	[ "$output" = "SH,Shanghai,,1" ]
}

@test "warehouse add: bad input is a clear error and writes nothing" {
	run -2 shop-stock warehouse add SH
	[ "$output" = "shop-stock: missing --name (see 'shop-stock warehouse add --help')" ]
	run -2 shop-stock warehouse add --name X
	[ "$output" = "shop-stock: missing argument: shop-stock warehouse add CODE (see 'shop-stock warehouse add --help')" ]
	run -2 shop-stock warehouse add SH GZ --name X
	[ "$output" = "shop-stock: unexpected argument 'GZ' (see 'shop-stock warehouse add --help')" ]
	run -2 shop-stock warehouse add SH --name X --colour red
	[ "$output" = "shop-stock: unknown option '--colour' (see 'shop-stock warehouse add --help')" ]
	run -65 shop-stock warehouse add "S H" --name X
	[ "$output" = "shop-stock: bad warehouse code 'S H': no spaces or control characters" ]
	run -65 shop-stock warehouse add "" --name X
	[ "$output" = "shop-stock: warehouse code is empty" ]
	run -65 shop-stock warehouse add SH --name ""
	[ "$output" = "shop-stock: bad --name '': empty" ]
	run -65 shop-stock warehouse add SH --name X --priority high
	[ "$output" = "shop-stock: bad --priority 'high': not a whole number" ]
	run -65 shop-stock warehouse add SH --name X --priority -1
	[ "$output" = "shop-stock: bad --priority '-1': out of range" ]
	run -0 shop-stock warehouse list
	[ "$output" = "code,name,region,priority" ]
}

@test "warehouse add --dry-run writes nothing" {
	run -0 shop-stock warehouse add SH --name Shanghai --dry-run
	[ "$(sql 'select count(*) from warehouse')" = 0 ]
}

@test "warehouse import: new ones added, same ones skipped, conflicts rejected" {
	cat > wh.csv <<-EOF
	code,name,region,priority
	SH,Shanghai,east,1
	GZ,Guangzhou,south,2
	EOF
	run -0 --separate-stderr shop-stock warehouse import wh.csv
	[ "$stderr" = "shop-stock: imported 2 warehouses, skipped 0, rejected 0" ]
	cat > more.csv <<-EOF
	Priority,Code,Name
	1,SH,Shanghai
	,BJ,Beijing
	3,GZ,Canton
	x,WH,Wuhan
	,,Nowhere
	EOF
	# no region column: regions are not compared, and new ones get none
	run -1 --separate-stderr shop-stock warehouse import --rejects bad.csv more.csv
	[ "$stderr" = "shop-stock: more.csv:4: warehouse 'GZ' exists with other details; not changed
shop-stock: more.csv:5: bad priority 'x': not a whole number
shop-stock: more.csv:6: warehouse code is empty
shop-stock: imported 1 warehouse, skipped 1, rejected 3" ]
	run -0 cat bad.csv
	expect <<-EOF
	Priority,Code,Name,error
	3,GZ,Canton,warehouse 'GZ' exists with other details; not changed
	x,WH,Wuhan,bad priority 'x': not a whole number
	,,Nowhere,warehouse code is empty
	EOF
	run -0 shop-stock warehouse list
	expect <<-EOF
	code,name,region,priority
	SH,Shanghai,east,1
	GZ,Guangzhou,south,2
	BJ,Beijing,,100
	EOF
}

@test "warehouse import: a warehouse that differs only in region is a conflict" {
	shop-stock warehouse add SH --name Shanghai --region east --priority 1
	printf 'code,name,region,priority\nSH,Shanghai,west,1\n' > wh.csv
	run -1 --separate-stderr shop-stock warehouse import wh.csv
	[ "$stderr" = "shop-stock: wh.csv:2: warehouse 'SH' exists with other details; not changed
shop-stock: imported 0 warehouses, skipped 0, rejected 1" ]
}

@test "warehouse list round-trips through warehouse import" {
	shop-stock warehouse add SH --name "Shanghai, east" --region east --priority 1
	shop-stock warehouse add BJ --name 'Beijing "north"'
	shop-stock warehouse list > first.csv
	run -0 --separate-stderr shop-stock --db second.db warehouse import first.csv
	[ "$stderr" = "shop-stock: imported 2 warehouses, skipped 0, rejected 0" ]
	shop-stock --db second.db warehouse list > second.csv
	cmp first.csv second.csv
	run -0 --separate-stderr shop-stock warehouse import first.csv
	[ "$stderr" = "shop-stock: imported 0 warehouses, skipped 2, rejected 0" ]
}

@test "warehouse import: a malformed file is exit 65 and writes nothing" {
	printf 'code,name\nSH,"Shanghai\n' > wh.csv
	run -65 shop-stock warehouse import wh.csv
	[ "$output" = "shop-stock: wh.csv:2: malformed CSV: misplaced or unterminated quote" ]
	printf 'code,city\nSH,Shanghai\n' > wh.csv
	run -65 shop-stock warehouse import wh.csv
	[ "$output" = "shop-stock: wh.csv:1: unknown column 'city'; known columns: code, name, region, priority" ]
	printf 'code,region\nSH,east\n' > wh.csv
	run -65 shop-stock warehouse import wh.csv
	[ "$output" = "shop-stock: wh.csv:1: missing required column 'name'" ]
	printf 'code,name\nSH,Shanghai\nGZ,Guang\xffzhou\n' > wh.csv
	run -65 shop-stock warehouse import wh.csv
	[ "$output" = "shop-stock: wh.csv:3: invalid UTF-8" ]
	run -65 shop-stock warehouse import missing.csv
	[ "$output" = "shop-stock: cannot open 'missing.csv': No such file or directory" ]
	[ "$(sql 'select count(*) from warehouse')" = 0 ]
}
