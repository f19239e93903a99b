#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Control-plane error paths: the tool without the module, malformed and
# hostile netlink requests (each rejected with an extack message), usage
# errors caught by the tool, and unprivileged callers refused.
#
#   +----------------------+
#   | initial namespace    |   mptcpsecctl / raw generic netlink
#   |  (module loaded or   |   requests against the module
#   |   not, per step)     |
#   +----------------------+
#
. "$MPTCPSEC_SRC/tests/vm/lib.sh"

ctl() { "$MPTCPSECCTL" "$@"; }

plan 14

out=$(ctl policy show 2>&1)
rc=$?
is "without the module: exit status 2" "$rc" 2
is "without the module: a plain message" "$out" "mptcpsec module not loaded (modprobe mptcpsec)"
out=$(ctl -V 2>&1)
check "without the module: -V still prints the tool version" grep -q "^mptcpsecctl $(cat "$MPTCPSEC_SRC/VERSION")" <<<"$out"
check "raw genl: family absent" python3 "$MPTCPSEC_SRC/tests/tools/genl_raw.py" --expect-missing

mod_load
out=$(ctl -V 2>&1)
check "-V prints the module version" grep -q "module $(cat "$MPTCPSEC_SRC/VERSION")" <<<"$out"

raw=$(python3 "$MPTCPSEC_SRC/tests/tools/genl_raw.py" 2>&1)
rc=$?
is "raw genl: every malformed request rejected with extack" "$rc" 0
[ $rc = 0 ] || sed 's/^/# /' <<<"$raw"

out=$(ctl policy add 10.0.0.1/8 mode require 2>&1)
is "host bits set: usage error (exit 1)" "$?" 1
check "  ... says so" grep -qi "host bits" <<<"$out"
out=$(ctl policy add 10.0.0.0/8 mode sometimes 2>&1)
is "unknown mode: usage error (exit 1)" "$?" 1
out=$(ctl policy del 192.0.2.0/24 2>&1)
is "deleting a missing policy: kernel error (exit 2)" "$?" 2
check "  ... prints the kernel's extack message" grep -q "^Error: mptcpsec: no policy" <<<"$out"

out=$(setpriv --reuid 65534 --regid 65534 --clear-groups "$MPTCPSECCTL" policy show 2>&1)
is "unprivileged user refused (exit 2)" "$?" 2
check "  ... with 'Operation not permitted'" grep -qi "not permitted" <<<"$out"

mod_unload
check "no kernel warnings" dmesg_clean
tap_done
