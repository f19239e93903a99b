#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unit test of the bash completion (tools/mptcpsecctl/mptcpsecctl.bash),
# run by bash with Debian's bash-completion: for sample command lines,
# the words offered (objects, commands, keywords not yet given, their
# values, and live values: key names, prefixes, peers, connection IDs,
# session IDs). Live values come from "mptcpsecctl -j OBJECT show"; a
# stand-in mptcpsecctl on PATH answers those with fixed JSON, per network
# namespace, and records how it was called. Prints TAP.
set -u

here=$(cd "$(dirname "$0")" && pwd)
bc=/usr/share/bash-completion/bash_completion
if [ ! -r "$bc" ]; then
	echo "1..0 # SKIP bash-completion not installed"
	exit 0
fi
# shellcheck disable=SC1090
. "$bc"
# shellcheck disable=SC1091
. "$here/../../tools/mptcpsecctl/mptcpsecctl.bash"

fake=$(mktemp -d)
trap 'rm -rf "$fake"' EXIT
cat >"$fake/mptcpsecctl" <<'EOF'
#!/bin/bash
echo "$*" >>"${0%/*}/calls"
ns=default
[ "${1:-}" = -n ] && ns=$2
case "$ns:$*" in
*"key show") [ $ns = blue ] && echo '[{"name":"blue-key"}]' ||
	echo '[{"name":"k1"},{"name":"site-a"}]' ;;
*"policy show") echo '[{"prefix":"10.0.0.0/8","mode":"require"},{"prefix":"2001:db8::/32"}]' ;;
*"conn show") echo '[{"id":3,"peer":"10.0.1.2","session_id":"0adf00112233445566778899aabbccdd"},{"id":9,"peer":"fd00:1::2","session_id":"ffee00112233445566778899aabbccdd"}]' ;;
*) exit 2 ;;
esac
EOF
chmod +x "$fake/mptcpsecctl"
PATH=$fake:$PATH

n=0
failed=0
# offered LINE: the words completion offers at the end of LINE, sorted
offered() {
	local line=$1
	COMP_LINE=$line
	COMP_POINT=${#line}
	read -r -a COMP_WORDS <<<"$line"
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMPREPLY=()
	_mptcpsecctl mptcpsecctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'
}

# is LINE WANT: completion at the end of LINE offers exactly WANT
is() {
	local got
	got=$(offered "$1")
	n=$((n + 1))
	if [ "$got" = "$2" ]; then
		echo "ok $n - '$1' offers: $2"
	else
		echo "not ok $n - '$1' offers: $2"
		echo "#   got:  '$got'"
		echo "#   want: '$2'"
		failed=$((failed + 1))
	fi
}

EVENTS="auth-failure conn-failed conn-fallback conn-refused conn-secured rekey subflow-added subflow-removed subflow-reset subflow-secured"

is "mptcpsecctl " "conn identity key keylog monitor policy restore save stats"
is "mptcpsecctl st" "stats"
is "mptcpsecctl --" "--batch --help --json --netns --pretty --version"
is "mptcpsecctl -j policy " "add del flush get help replace show"
is "mptcpsecctl key " "add del generate help replace show"
is "mptcpsecctl k" "key keylog"
is "mptcpsecctl keyl" "keylog"
is "mptcpsecctl identity " "del generate help load show"
is "mptcpsecctl i " "del generate help load show"
is "mptcpsecctl identity show " ""
is "mptcpsecctl conn " "flush help show"
is "mptcpsecctl policy add 10.0.0.0/8 " "auth mode port"
is "mptcpsecctl policy add 10.0.0.0/8 mode " "off prefer require"
is "mptcpsecctl policy add 10.0.0.0/8 mode p" "prefer"
is "mptcpsecctl policy add 10.0.0.0/8 mode require " "auth port"
is "mptcpsecctl policy add 10.0.0.0/8 mode require auth " "none pinned psk"
is "mptcpsecctl policy add 10.0.0.0/8 mode require auth pinned " ""
is "mptcpsecctl policy add 10.0.0.0/8 mode require auth psk " "k1 site-a"
is "mptcpsecctl -n blue policy add 10.0.0.0/8 mode require auth psk " "blue-key"
is "mptcpsecctl policy del " "10.0.0.0/8 2001:db8::/32"
is "mptcpsecctl policy get 10.1.2.3 " "port"
is "mptcpsecctl key add k1 " "file"
is "mptcpsecctl key del " "k1 site-a"
is "mptcpsecctl conn show " "peer security session state"
is "mptcpsecctl conn show state " "closed closing established syn-rcvd syn-sent"
is "mptcpsecctl conn show state established " "peer security session"
is "mptcpsecctl conn show peer " "10.0.1.2 fd00:1::2"
is "mptcpsecctl conn show session 0a" "0adf00112233445566778899aabbccdd"
is "mptcpsecctl conn show security " "failed fallback negotiating none refused secured"
is "mptcpsecctl monitor " "conn event help"
is "mptcpsecctl monitor conn " "3 9"
is "mptcpsecctl monitor event " "$EVENTS"
is "mptcpsecctl monitor event rekey " "$(printf '%s\n' conn $EVENTS | sort | tr '\n' ' ' | sed 's/ $//')"
is "mptcpsecctl monitor conn 3 " "event"
is "mptcpsecctl s" "save stats"
is "mptcpsecctl r" "restore"
# save and restore take a file name (completed in the working directory) or help
mkdir "$fake/files"
: >"$fake/files/site.conf"
: >"$fake/files/other.txt"
cd "$fake/files" || exit 1
is "mptcpsecctl restore " "help other.txt site.conf"
is "mptcpsecctl restore s" "site.conf"
is "mptcpsecctl -n blue save " "help other.txt site.conf"
is "mptcpsecctl save site.conf " ""
is "mptcpsecctl restore h" "help"
is "mptcpsecctl keylog " "help other.txt site.conf"
is "mptcpsecctl keylog site.conf " ""
is "mptcpsecctl identity load s" "site.conf"
is "mptcpsecctl identity load site.conf " ""
cd "$here" || exit 1

n=$((n + 1))
if grep -q -x -- "-n blue -j key show" "$fake/calls"; then
	echo "ok $n - live values of another namespace are asked for with -n NETNS"
else
	echo "not ok $n - live values of another namespace are asked for with -n NETNS"
	sed 's/^/#   call: /' "$fake/calls"
	failed=$((failed + 1))
fi
echo "1..$n"
[ $failed = 0 ]
