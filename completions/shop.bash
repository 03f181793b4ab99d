# bash completion for shop and shop-* tools. The words come from the tools
# themselves ("shop-X __complete WORDS..."), generated from the same option
# tables as --help, so they never drift.
_shop_tool()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local tool=${COMP_WORDS[0]} words=("${COMP_WORDS[@]:1:COMP_CWORD-1}")
	case $prev in
	--db|--config|--rejects|--input|-o) COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--format) COMPREPLY=($(compgen -W "csv tsv jsonl table" -- "$cur")); return ;;
	--input-format) COMPREPLY=($(compgen -W "csv tsv" -- "$cur")); return ;;
	esac
	# "shop product ..." completes as "shop-product ..."
	if [ "$tool" = shop ] && [ ${#words[@]} -gt 0 ]; then
		case ${words[0]} in
		product|stock|order|po|coupon|report) tool=shop-${words[0]}; words=("${words[@]:1}") ;;
		esac
	fi
	local all w list=()
	all=$("$tool" __complete "${words[@]}" 2>/dev/null) || return
	for w in $all; do
		if [[ $cur == -* ]]; then [[ $w == -* ]] && list+=("$w")
		else [[ $w != -* ]] && list+=("$w"); fi
	done
	COMPREPLY=($(compgen -W "${list[*]}" -- "$cur"))
}
complete -o default -F _shop_tool shop shop-product shop-stock shop-order shop-po shop-coupon shop-report
