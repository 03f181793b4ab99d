#!/usr/bin/env bats
# shop-product category add|list|move|remove and brand add|list|remove:
# a tree of at most 4 levels, SKUs on leaves, nothing removed in use.
load helper

@test "category add creates the missing parents; an existing one is skipped" {
	run -0 --separate-stderr shop-product category add A/B/C Solo
	[ -z "$stderr" ]
	run -0 --separate-stderr shop-product category add A/B
	[ "$stderr" = "shop-product: category 'A/B' exists; skipped" ]
	run -0 shop-product category list
	expect <<-EOF
	path,depth,skus
	A,1,0
	A/B,2,0
	A/B/C,3,0
	Solo,1,0
	EOF
	run -0 sql "select c.name, coalesce(p.path, '-') from category c left join category p on p.id = c.parent_id order by c.path"
	expect <<-EOF
	A|-
	B|A
	C|A/B
	Solo|-
	EOF
	run -0 sql 'select summary from audit'
	expect <<-EOF
	category add 'A/B/C'; category add 'Solo'
	EOF
}

@test "category add: at most 4 levels (exit 1); an empty level is malformed (exit 65)" {
	run -0 shop-product category add A/B/C/D
	run -1 --separate-stderr shop-product category add A/B/C/D/E
	[ "$stderr" = "shop-product: category 'A/B/C/D/E' has 5 levels; at most 4" ]
	run -65 --separate-stderr shop-product category add 'A//B'
	[ "$stderr" = "shop-product: bad category 'A//B': empty level" ]
	run -65 --separate-stderr shop-product category add /A
	[ "$stderr" = "shop-product: bad category '/A': empty level" ]
	[ "$(sql 'select count(*) from category')" = 4 ]
}

@test "category add refuses a child under a category holding SKUs" {
	shop-product add S1 --name One --price 1 --category Phones
	run -1 --separate-stderr shop-product category add Phones/Smart
	[ "$stderr" = "shop-product: category 'Phones' holds 1 sku; cannot add 'Phones/Smart' under it" ]
	run -0 shop-product category list --no-header
	[ "$output" = "Phones,1,1" ]
}

@test "category list PATH shows the subtree, SKUs counted over it, tree order" {
	printf 'sku,name,category\nS1,One,A/B/C\nS2,Two,A/B/D\nS3,Three,A B\nS4,Four,A/E\n' | shop-product -q import
	run -0 shop-product category list
	expect <<-EOF
	path,depth,skus
	A,1,3
	A/B,2,2
	A/B/C,3,1
	A/B/D,3,1
	A/E,2,1
	A B,1,1
	EOF
	run -0 shop-product category list A/B --format table
	expect <<-EOF
	path   depth  skus
	-----  -----  ----
	A/B        2     2
	A/B/C      3     1
	A/B/D      3     1
	EOF
	run -0 shop-product category list ' A / E ' --format jsonl
	[ "$output" = '{"path":"A/E","depth":2,"skus":1}' ]
	run -3 --separate-stderr shop-product category list Z
	[ "$stderr" = "shop-product: unknown category 'Z'" ]
}

@test "category move re-paths the whole subtree; SKUs follow" {
	printf 'sku,name,category\nS1,One,Old/Sub/Leaf\nS2,Two,New\n' | shop-product -q import
	shop-product category add Top
	run -0 --separate-stderr shop-product category move Old/Sub Top
	[ -z "$stderr" ]
	run -0 shop-product category list --no-header
	expect <<-EOF
	New,1,1
	Old,1,0
	Top,1,1
	Top/Sub,2,1
	Top/Sub/Leaf,3,1
	EOF
	run -0 shop-product list --no-header
	[ "${lines[0]}" = "S1,One,,Top/Sub/Leaf,,draft" ]
	run -0 sql "select p.path from category c join category p on p.id = c.parent_id where c.path = 'Top/Sub'"
	[ "$output" = Top ]
	# to the top level with /
	run -0 shop-product category move Top/Sub /
	run -0 shop-product category list Sub --no-header
	[ "$output" = $'Sub,1,1\nSub/Leaf,2,1' ]
	[ "$(sql "select parent_id is null from category where path = 'Sub'")" = 1 ]
	# an import naming the new path finds it
	printf 'sku,category\nS1,Sub/Leaf\n' > in.csv
	run -0 --separate-stderr shop-product import in.csv
	[ "$stderr" = "shop-product: imported 0 products, skipped 1, rejected 0" ]
	run -0 sql "select summary from audit where summary like 'category move%'"
	expect <<-EOF
	category move 'Old/Sub' to 'Top/Sub'
	category move 'Top/Sub' to 'Sub'
	EOF
}

@test "category move refuses: under itself, deeper than 4, onto a SKU's category, a taken name" {
	shop-product category add A/B/C X/Y/Z Q/B
	shop-product add S1 --name One --price 1 --category Leafy
	run -1 --separate-stderr shop-product category move A A/B/C
	[ "$stderr" = "shop-product: cannot move category 'A' under itself" ]
	run -1 --separate-stderr shop-product category move A A
	[ "$stderr" = "shop-product: cannot move category 'A' under itself" ]
	run -1 --separate-stderr shop-product category move A/B X/Y/Z
	[ "$stderr" = "shop-product: moving category 'A/B' to 'X/Y/Z/B' makes it 5 levels deep; at most 4" ]
	run -1 --separate-stderr shop-product category move A/B Leafy
	[ "$stderr" = "shop-product: category 'Leafy' holds 1 sku; cannot move 'A/B' under it" ]
	run -1 --separate-stderr shop-product category move A/B Q
	[ "$stderr" = "shop-product: category 'Q/B' exists" ]
	run -3 --separate-stderr shop-product category move A/B Nope
	[ "$stderr" = "shop-product: unknown category 'Nope'" ]
	run -3 --separate-stderr shop-product category move Nope A
	[ "$stderr" = "shop-product: unknown category 'Nope'" ]
	run -0 --separate-stderr shop-product category move A/B A
	[ "$stderr" = "shop-product: category 'A/B' is already there; skipped" ]
	run -0 shop-product category list --no-header
	expect <<-EOF
	A,1,0
	A/B,2,0
	A/B/C,3,0
	Leafy,1,1
	Q,1,0
	Q/B,2,0
	X,1,0
	X/Y,2,0
	X/Y/Z,3,0
	EOF
}

@test "category remove refuses a category with subcategories or SKUs" {
	shop-product category add A/B Empty
	shop-product add S1 --name One --price 1 --category Full
	run -1 --separate-stderr shop-product category remove A
	[ "$stderr" = "shop-product: category 'A' has subcategories; cannot remove" ]
	run -1 --separate-stderr shop-product category remove Full
	[ "$stderr" = "shop-product: category 'Full' holds 1 sku; cannot remove" ]
	run -3 --separate-stderr shop-product category remove Nope
	[ "$stderr" = "shop-product: unknown category 'Nope'" ]
	run -0 shop-product category remove A/B Empty
	run -0 shop-product category list --no-header
	[ "$output" = $'A,1,0\nFull,1,1' ]
	# all or nothing: the first is not removed when the second is refused
	run -1 shop-product category remove A Full
	run -0 shop-product category list --no-header
	[ "$output" = $'A,1,0\nFull,1,1' ]
}

@test "category commands --dry-run write nothing" {
	shop-product category add A/B
	run -0 shop-product category add C --dry-run
	run -0 shop-product category move A/B / --dry-run
	run -0 shop-product category remove A/B --dry-run
	run -0 shop-product category list --no-header
	[ "$output" = $'A,1,0\nA/B,2,0' ]
	[ "$(sql 'select count(*) from audit')" = 1 ]
}

@test "brand add, list with SKU counts, remove; a brand in use is not removed" {
	run -0 shop-product brand add Acme Beta
	run -0 --separate-stderr shop-product brand add Acme
	[ "$stderr" = "shop-product: brand 'Acme' exists; skipped" ]
	shop-product add S1 --name One --price 1 --brand Acme
	shop-product add S2 --name Two --price 1 --brand Acme
	run -0 shop-product brand list --format tsv
	expect <<-EOF
	brand	skus
	Acme	2
	Beta	0
	EOF
	run -1 --separate-stderr shop-product brand remove Acme
	[ "$stderr" = "shop-product: brand 'Acme' is used by 2 SKUs; cannot remove" ]
	run -3 --separate-stderr shop-product brand remove Nope
	[ "$stderr" = "shop-product: unknown brand 'Nope'" ]
	run -0 shop-product brand remove Beta
	shop-product set S1 brand= 2>/dev/null
	shop-product set S2 brand=Other 2>/dev/null
	run -0 shop-product brand remove Acme
	run -0 shop-product brand list --no-header
	[ "$output" = "Other,1" ]
}
