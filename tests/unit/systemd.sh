#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Unit test of the boot-time restore (tools/systemd/): the unit passes
# systemd-analyze verify (its commands pointed at the tool just built, its
# man page found); the udev rule passes udevadm verify where udev has it
# (not Debian 12's udev 252: skipped) and a syntax check; the unit, the
# rule, the tool and the example agree on the configuration file, the
# service, the device and the command; make install-systemd installs them
# with the right modes and paths, never replaces a configuration, and
# make uninstall-systemd keeps it. (test_ctl_conffile parses the example's
# commented lines.) Prints TAP.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
unit=$top/tools/systemd/mptcpsec.service
rules=$top/tools/systemd/90-mptcpsec.rules
example=$top/tools/systemd/mptcpsec.conf
ctl=$top/tools/mptcpsecctl/mptcpsecctl
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0
failed=0
ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
	fi
}
skip() {
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}
# is DESC GOT WANT
is() {
	[ "$2" = "$3" ]
	ok $? "$1"
	[ "$2" = "$3" ] || printf '#   got:  %s\n#   want: %s\n' "$2" "$3"
}
# key FILE KEY: the value of the unit file's KEY= line (the last one)
key() { sed -n "s/^$2=//p" "$1" | tail -n 1; }

[ -x "$ctl" ] || make -s -C "$top/tools/mptcpsecctl" >/dev/null 2>&1

# --- systemd-analyze verify, with the commands and the man page it checks
if ! command -v systemd-analyze >/dev/null; then
	ok 1 "systemd-analyze available (the systemd package, tests/deps.sh)"
else
	mkdir -p "$tmp/verify" "$tmp/man/man8"
	cp "$top/tools/mptcpsecctl/mptcpsecctl.8" "$tmp/man/man8/"
	sed "s|/usr/local/sbin/mptcpsecctl|$ctl|g" "$unit" >"$tmp/verify/mptcpsec.service"
	out=$(cd "$tmp/verify" && MANPATH=$tmp/man systemd-analyze verify mptcpsec.service 2>&1)
	rc=$?
	# other units it loads (targets) may draw remarks of their own
	mine=$(grep -i mptcpsec <<<"$out")
	[ $rc = 0 ] && [ -z "$mine" ]
	ok $? "systemd-analyze verify passes the unit, quietly"
	[ -n "$mine" ] && sed 's/^/#   /' <<<"$mine"
	[ -x "$ctl" ]
	ok $? "  ... against the tool just built ($ctl)"
	sed 's/^ExecStart=/ExecStrat=/' "$tmp/verify/mptcpsec.service" >"$tmp/verify/bad.service"
	out=$(cd "$tmp/verify" && MANPATH=$tmp/man systemd-analyze verify bad.service 2>&1)
	grep -q "Unknown key 'ExecStrat'" <<<"$out"
	ok $? "  ... and would report a misspelt key (the check reads this file)"
	sed "s|$ctl|/nonexistent/mptcpsecctl|" "$tmp/verify/mptcpsec.service" \
		>"$tmp/verify/gone.service"
	(cd "$tmp/verify" && MANPATH=$tmp/man systemd-analyze verify gone.service >/dev/null 2>&1)
	[ $? != 0 ]
	ok $? "  ... and fails a unit whose command does not exist"
fi

# --- what the unit says
is "Type=oneshot" "$(key "$unit" Type)" oneshot
is "RemainAfterExit=yes (active while the configuration is in force)" \
	"$(key "$unit" RemainAfterExit)" yes
is "ExecStartPre loads the module" "$(key "$unit" ExecStartPre)" "/sbin/modprobe mptcpsec"
is "ExecStart runs restore, default file" "$(key "$unit" ExecStart)" \
	"/usr/local/sbin/mptcpsecctl restore"
is "ExecReload restores again" "$(key "$unit" ExecReload)" "/usr/local/sbin/mptcpsecctl restore"
conf=$(sed -n 's/^#define CTL_CONF_DEFAULT[[:space:]]*"\(.*\)"$/\1/p' \
	"$top/tools/mptcpsecctl/conffile.h")
is "ConditionPathExists is the file restore reads (CTL_CONF_DEFAULT)" \
	"$(key "$unit" ConditionPathExists)" "$conf"
is "the default file is /etc/mptcpsec/mptcpsec.conf" "$conf" /etc/mptcpsec/mptcpsec.conf
grep -q -x 'Before=network-pre.target.*' "$unit" && grep -q -x 'Wants=network-pre.target' "$unit"
ok $? "ordered before the network comes up (Wants= and Before=network-pre.target)"
is "bound to the module's device" "$(key "$unit" BindsTo)" sys-module-mptcpsec.device
! grep -q '^After=.*sys-module' "$unit"
ok $? "  ... without After= on it (ExecStartPre makes it appear)"
is "installed for multi-user.target" "$(key "$unit" WantedBy)" multi-user.target

# --- the udev rule
if udevadm verify --help >/dev/null 2>&1; then
	out=$(udevadm verify "$rules" 2>&1)
	ok $? "udevadm verify passes the rule"
	[ -n "$out" ] && sed 's/^/#   /' <<<"$out"
else
	skip "udevadm verify passes the rule" \
		"udevadm $(udevadm --version 2>/dev/null || echo missing) has no verify (udev 253 and later)"
fi
bad=$(grep -v -E '^[[:space:]]*(#|$)' "$rules" | grep -v -E \
	'^[A-Z_]+(\{[A-Za-z_]+\})?(==|!=|\+=|-=|:=|=)"[^"]*"(, [A-Z_]+(\{[A-Za-z_]+\})?(==|!=|\+=|-=|:=|=)"[^"]*")*$')
[ -z "$bad" ]
ok $? "every rule line is KEY op \"value\" pairs"
[ -n "$bad" ] && sed 's/^/#   /' <<<"$bad"
r=$(grep -v -E '^[[:space:]]*(#|$)' "$rules")
is "one rule" "$(wc -l <<<"$r")" 1
for want in 'SUBSYSTEM=="module"' 'KERNEL=="mptcpsec"' 'TAG+="systemd"' \
	'ENV{SYSTEMD_WANTS}+="mptcpsec.service"'; do
	grep -q -F "$want" <<<"$r"
	ok $? "the rule has $want"
done
grep -q 'ACTION=="remove"' <<<"$r"
[ $? != 0 ]
ok $? "  ... and does not act on removal"

# --- the example configuration
is "the example holds only comments" \
	"$(grep -c -v -E '^[[:space:]]*(#|$)' "$example")" 0

# --- make install-systemd / uninstall-systemd
root=$tmp/root
make -s -C "$top" install-systemd DESTDIR="$root" PREFIX=/opt/mx >"$tmp/inst" 2>&1
ok $? "make install-systemd DESTDIR=... PREFIX=/opt/mx"
[ -s "$tmp/inst" ] && sed 's/^/#   /' "$tmp/inst"
u=$root/lib/systemd/system/mptcpsec.service
is "unit installed 0644 in /lib/systemd/system" "$(stat -c %a "$u" 2>&1)" 644
is "  ... its ExecStart under PREFIX" "$(key "$u" ExecStart)" "/opt/mx/sbin/mptcpsecctl restore"
is "  ... otherwise as in the tree" \
	"$(diff <(sed 's|/opt/mx/|/usr/local/|' "$u") "$unit" >/dev/null; echo $?)" 0
is "rule installed 0644 in /lib/udev/rules.d" \
	"$(stat -c %a "$root/lib/udev/rules.d/90-mptcpsec.rules" 2>&1)" 644
is "/etc/mptcpsec created 0700" "$(stat -c %a "$root/etc/mptcpsec" 2>&1)" 700
is "example configuration installed 0600" \
	"$(stat -c %a "$root/etc/mptcpsec/mptcpsec.conf" 2>&1)" 600
cmp -s "$example" "$root/etc/mptcpsec/mptcpsec.conf"
ok $? "  ... with the example's text"
echo "policy add 10.0.0.0/8 mode prefer" >>"$root/etc/mptcpsec/mptcpsec.conf"
chmod 0640 "$root/etc/mptcpsec/mptcpsec.conf"
make -s -C "$top" install-systemd DESTDIR="$root" PREFIX=/opt/mx >/dev/null 2>&1
is "a second install keeps the configuration" \
	"$(tail -n 1 "$root/etc/mptcpsec/mptcpsec.conf")" "policy add 10.0.0.0/8 mode prefer"
is "  ... and its mode" "$(stat -c %a "$root/etc/mptcpsec/mptcpsec.conf")" 640
make -s -C "$top" uninstall-systemd DESTDIR="$root" >/dev/null 2>&1
ok $? "make uninstall-systemd"
[ ! -e "$u" ] && [ ! -e "$root/lib/udev/rules.d/90-mptcpsec.rules" ]
ok $? "  ... removes the unit and the rule"
[ -s "$root/etc/mptcpsec/mptcpsec.conf" ]
ok $? "  ... keeps the configuration"

echo "1..$n"
[ $failed = 0 ]
