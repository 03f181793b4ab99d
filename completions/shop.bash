# bash completion for shop and shop-* tools. The candidates come from the
# tools themselves ("shop-X __complete --prefix=CUR WORDS..."), generated
# from the same tables as --help, so they never drift: commands, options,
# and the values of options and arguments (SKU codes, warehouses, brands,
# categories, statuses, formats, the fields of "set"). Each line is
# "WORD<TAB>DESCRIPTION" (bash drops the description) or ":file".
_shop_tool()
{
	local tool=${COMP_WORDS[0]} cur w line i glue=0 help=0 files=0
	local -a words=() lines=() list=()
	# bash splits "--format=js" and "status=dr" at '=': join them again
	for ((i = 1; i <= COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ $w == = && ${#words[@]} -gt 0 ]]; then
			words[-1]+==
			glue=1
		elif ((glue)); then
			words[-1]+=$w
			glue=0
		else
			words+=("$w")
		fi
	done
	cur=${words[-1]}
	unset 'words[-1]'
	# "shop [OPTIONS] product ..." completes as "shop-product [OPTIONS] ...",
	# and "shop help TOOL ..." as the commands of TOOL, without options
	if [[ $tool == shop ]]; then
		for ((i = 0; i < ${#words[@]}; i++)); do
			case ${words[i]} in
			--db|--config|--format) ((i++)) ;; # their values, as shop itself skips them
			-*) ;;
			help) ((help)) && break; help=1; words=("${words[@]:0:i}" "${words[@]:i+1}"); ((i--)) ;;
			*) break ;;
			esac
		done
		case ${words[i]-} in
		product|stock|order|po|coupon|report)
			tool=shop-${words[i]}
			words=("${words[@]:0:i}" "${words[@]:i+1}") ;;
		*) ((help && i < ${#words[@]})) && return 0 ;;
		esac
	fi
	mapfile -t lines < <("$tool" __complete --prefix="$cur" "${words[@]}" 2>/dev/null)
	for line in "${lines[@]}"; do
		w=${line%%$'\t'*}
		if [[ $w == :file ]]; then
			files=1
		elif [[ -n $w ]] && { ((!help)) || [[ $w != -* ]]; }; then
			list+=("$w")
		fi
	done
	COMPREPLY=()
	# readline replaces only what follows the last '=' of the word
	local head=
	[[ $cur == *=* && $COMP_WORDBREAKS == *=* ]] && head=${cur%=*}=
	for w in "${list[@]}"; do
		[[ $w == *= ]] && compopt -o nospace 2>/dev/null
		w=${w#"$head"}
		[[ $w == *[[:space:]\'\"\\\$\`\&\;\|\<\>\(\)\*\?]* ]] && printf -v w '%q' "$w"
		COMPREPLY+=("$w")
	done
	if ((files)); then
		compopt -o filenames 2>/dev/null
		mapfile -t -O "${#COMPREPLY[@]}" COMPREPLY < <(compgen -f -- "${cur#"$head"}")
	fi
	return 0
}
complete -F _shop_tool shop shop-product shop-stock shop-order shop-po shop-coupon shop-report
