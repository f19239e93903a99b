# bash completion for mptcpsecctl(8)                     -*- shell-script -*-
# SPDX-License-Identifier: GPL-2.0

# _mptcpsecctl_json_values OBJECT KEY [-n NETNS]: the values of member KEY
# in "mptcpsecctl -j OBJECT show"
_mptcpsecctl_json_values()
{
	local what=$1 key=$2
	shift 2
	mptcpsecctl "$@" -j $what show 2>/dev/null |
		grep -o "\"$key\":\"[^\"]*\"" | cut -d'"' -f4
}

_mptcpsecctl_events="conn-secured conn-fallback conn-refused conn-failed subflow-added
	subflow-secured subflow-removed subflow-reset auth-failure rekey"

_mptcpsecctl()
{
	local cur prev words cword
	_init_completion || return

	local i w obj="" cmd="" nargs=0 netns=()
	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		if [[ -z $obj ]]; then
			case $w in
			-n | -netns | --netns)
				netns=(-n "${words[i + 1]}")
				((i++))
				continue ;;
			-b | -batch | --batch)
				((i++))
				continue ;;
			-*) continue ;;
			esac
		fi
		if [[ -z $obj ]]; then
			case $w in
			save | restore) obj=$w ;;	# never abbreviated
			p*) obj=policy ;;
			keyl*) obj=keylog ;;	# "k" and "key" are key
			k*) obj=key ;;
			i*) obj=identity ;;
			c*) obj=conn ;;
			s*) obj=stats ;;
			m*) obj=monitor ;;
			*) obj=$w ;;
			esac
		elif [[ $obj == save || $obj == restore || $obj == keylog ]]; then
			# no command: one FILE
			((nargs++))
		elif [[ $obj == monitor ]]; then
			# no command: filters only
			cmd=monitor
			((nargs++))
		elif [[ -z $cmd ]]; then
			case $obj/$w in
			policy/a* | key/a*) cmd=add ;;
			policy/r* | key/r*) cmd=replace ;;
			policy/d* | key/d*) cmd=del ;;
			policy/g*) cmd=get ;;
			key/g* | identity/g*) cmd=generate ;;
			identity/l*) cmd=load ;;
			identity/d*) cmd=del ;;
			*/s* | */l*) cmd=show ;;
			*/f*) cmd=flush ;;
			*) cmd=$w ;;
			esac
		else
			((nargs++))
		fi
	done

	case $prev in
	-n | -netns | --netns)
		COMPREPLY=($(compgen -W "$(ip netns list 2>/dev/null | awk '{print $1}')" -- "$cur"))
		return ;;
	-b | -batch | --batch | file)
		_filedir
		return ;;
	mode)
		[[ $obj == policy ]] && COMPREPLY=($(compgen -W "off prefer require" -- "$cur"))
		return ;;
	auth)
		[[ $obj == policy ]] && COMPREPLY=($(compgen -W "none psk pinned" -- "$cur"))
		return ;;
	pinned)
		# the peer's public key: nothing to offer
		return ;;
	psk)
		[[ $obj == policy ]] &&
			COMPREPLY=($(compgen -W "$(_mptcpsecctl_json_values key name "${netns[@]}")" -- "$cur"))
		return ;;
	port)
		return ;;
	peer)
		[[ $obj == conn ]] &&
			COMPREPLY=($(compgen -W "$(_mptcpsecctl_json_values conn peer "${netns[@]}")" -- "$cur"))
		return ;;
	state)
		[[ $obj == conn ]] &&
			COMPREPLY=($(compgen -W "syn-sent syn-rcvd established closing closed" -- "$cur"))
		return ;;
	security)
		[[ $obj == conn ]] &&
			COMPREPLY=($(compgen -W "none negotiating secured fallback refused failed" -- "$cur"))
		return ;;
	event)
		if [[ $obj == monitor ]]; then
			COMPREPLY=($(compgen -W "$_mptcpsecctl_events" -- "$cur"))
			return
		fi ;;
	conn)
		# "conn" is also an object: only monitor's keyword takes an id
		if [[ $obj == monitor ]]; then
			COMPREPLY=($(compgen -W "$(mptcpsecctl "${netns[@]}" -j conn show 2>/dev/null |
				grep -o '"id":[0-9]*' | cut -d: -f2)" -- "$cur"))
			return
		fi ;;
	session)
		[[ $obj == conn ]] &&
			COMPREPLY=($(compgen -W "$(_mptcpsecctl_json_values conn session_id "${netns[@]}")" -- "$cur"))
		return ;;
	esac

	if [[ -z $obj ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-j -p -n -b -V -h --json --pretty --netns --batch
				--version --help" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "policy key conn stats monitor identity keylog save restore" -- "$cur"))
		fi
		return
	fi
	if [[ $obj == save || $obj == restore || $obj == keylog ]]; then
		# a configuration file or the key log, or help
		if ((nargs == 0)); then
			_filedir
			COMPREPLY+=($(compgen -W "help" -- "$cur"))
		fi
		return
	fi
	if [[ $obj == monitor ]]; then
		# after "event": more events; keywords not given yet; help first
		local used=" ${words[*]:1:cword-1} " left=""
		[[ $used == *" conn "* ]] || left+=" conn"
		[[ $used == *" event "* ]] || left+=" event"
		[[ -z $cmd ]] && left+=" help"
		if [[ $used == *" event "* ]]; then
			local last=${words[cword - 1]}
			[[ " $_mptcpsecctl_events event " == *" $last "* ]] && left+=" $_mptcpsecctl_events"
		fi
		COMPREPLY=($(compgen -W "$left" -- "$cur"))
		return
	fi
	if [[ -z $cmd ]]; then
		case $obj in
		policy) COMPREPLY=($(compgen -W "add replace del get show flush help" -- "$cur")) ;;
		key) COMPREPLY=($(compgen -W "add replace del show generate help" -- "$cur")) ;;
		conn) COMPREPLY=($(compgen -W "show flush help" -- "$cur")) ;;
		stats) COMPREPLY=($(compgen -W "show help" -- "$cur")) ;;
		identity) COMPREPLY=($(compgen -W "generate load show del help" -- "$cur")) ;;
		esac
		return
	fi

	# keywords already given are not offered again
	local used=" ${words[*]:1:cword-1} " kw words_left=""
	case $obj/$cmd in
	policy/add | policy/replace)
		((nargs >= 1)) || return
		for kw in port mode auth; do
			[[ $used == *" $kw "* ]] || words_left+=" $kw"
		done ;;
	policy/del)
		if ((nargs == 0)); then
			COMPREPLY=($(compgen -W "$(_mptcpsecctl_json_values policy prefix "${netns[@]}")" -- "$cur"))
			return
		fi
		[[ $used == *" port "* ]] || words_left="port" ;;
	policy/get)
		((nargs >= 1)) && [[ $used != *" port "* ]] && words_left="port" ;;
	key/add | key/replace)
		((nargs == 1)) && words_left="file" ;;
	identity/load)
		((nargs == 0)) && _filedir
		return ;;
	key/del)
		((nargs == 0)) &&
			words_left=$(_mptcpsecctl_json_values key name "${netns[@]}") ;;
	conn/show)
		((nargs % 2 == 0)) || return
		for kw in peer state security session; do
			[[ $used == *" $kw "* ]] || words_left+=" $kw"
		done ;;
	esac
	[[ -n $words_left ]] && COMPREPLY=($(compgen -W "$words_left" -- "$cur"))
} &&
	complete -F _mptcpsecctl mptcpsecctl

# ex: filetype=sh
