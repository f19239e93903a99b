# bash completion for mptcpsecctl(8)
# SPDX-License-Identifier: GPL-2.0

_mptcpsecctl()
{
	local cur prev words cword
	_init_completion || return

	local i obj="" verb="" nargs=0
	for ((i = 1; i < cword; i++)); do
		case "${words[i]}" in
		-n | -b) ((i++)); continue ;;
		-*) continue ;;
		esac
		if [[ -z $obj ]]; then
			obj=${words[i]}
		elif [[ -z $verb ]]; then
			verb=${words[i]}
		else
			((nargs++))
		fi
	done

	case $prev in
	-n)
		COMPREPLY=($(compgen -W "$(ip netns list 2>/dev/null | awk '{print $1}')" -- "$cur"))
		return ;;
	-b | file)
		_filedir
		return ;;
	mode)
		COMPREPLY=($(compgen -W "off prefer require" -- "$cur"))
		return ;;
	auth)
		COMPREPLY=($(compgen -W "none psk" -- "$cur"))
		return ;;
	psk)
		COMPREPLY=($(compgen -W "$(mptcpsecctl -j key show 2>/dev/null |
			grep -o '"name":"[^"]*"' | cut -d'"' -f4)" -- "$cur"))
		return ;;
	esac

	if [[ -z $obj ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-j -p -n -b -V -h" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "policy key conn stats" -- "$cur"))
		fi
		return
	fi
	if [[ -z $verb ]]; then
		case $obj in
		policy) COMPREPLY=($(compgen -W "add replace del get show flush" -- "$cur")) ;;
		key) COMPREPLY=($(compgen -W "add replace del show generate" -- "$cur")) ;;
		conn) COMPREPLY=($(compgen -W "show flush" -- "$cur")) ;;
		stats) COMPREPLY=($(compgen -W "show" -- "$cur")) ;;
		esac
		return
	fi
	case $obj/$verb in
	policy/add | policy/replace)
		((nargs >= 1)) && COMPREPLY=($(compgen -W "port mode auth" -- "$cur")) ;;
	policy/del | policy/get)
		((nargs >= 1)) && COMPREPLY=($(compgen -W "port" -- "$cur")) ;;
	key/add | key/replace)
		((nargs == 1)) && COMPREPLY=($(compgen -W "file" -- "$cur")) ;;
	key/del)
		((nargs == 0)) && COMPREPLY=($(compgen -W "$(mptcpsecctl -j key show 2>/dev/null |
			grep -o '"name":"[^"]*"' | cut -d'"' -f4)" -- "$cur")) ;;
	esac
} &&
	complete -F _mptcpsecctl mptcpsecctl
