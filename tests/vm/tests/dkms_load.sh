#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module that `make dkms-install` put into this kernel's module tree
# (tests/dkms-check.sh runs it on the host first) loads with modprobe,
# reports the project's version, answers mptcpsecctl, and unloads.
#
#   +----------------------+
#   | initial namespace    |   modprobe mptcpsec (DKMS build)
#   +----------------------+
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

version=$(cat "$MPTCPSEC_SRC/VERSION")
ko=$(find "/lib/modules/$(uname -r)/updates/dkms" -name 'mptcpsec.ko*' 2>/dev/null | head -n1)
[ -n "$ko" ] || skip_all "no DKMS-installed mptcpsec for $(uname -r) (run tests/dkms-check.sh)"

plan 6
check "modprobe mptcpsec loads the DKMS module" modprobe mptcpsec
is "loaded from the DKMS tree" "$(modinfo -n mptcpsec)" "$ko"
is "module version" "$(cat /sys/module/mptcpsec/version)" "$version"
check "mptcpsecctl talks to it" "$MPTCPSECCTL" stats
check "rmmod" rmmod mptcpsec
check "no kernel warnings" dmesg_clean
tap_done
