#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run one VM test on one stock kernel.
#
#   tests/vm/run.sh [-k SERIES|RELEASE] [-t TIMEOUT_S] [-K] TEST [ARGS...]
#
# TEST is a name in tests/vm/tests/ (without .sh) or a path to a script.
# The VM boots the installed Debian kernel under QEMU (TCG), shares the
# host root read-only over 9p with a tmpfs overlay, runs the script as
# root, and brings back its TAP output, exit status, kernel log and taint.
#
# Exit status: 0 pass, 1 fail, 4 skip. The run fails on a "not ok" line, a
# plan mismatch, a non-zero script status, a timeout, or a kernel log with
# an oops, BUG, WARNING, lockup, RCU stall, sanitizer report or a leak
# reported by the module, or a taint other than out-of-tree/unsigned.
# -K keeps the results directory even when the test passes.
# MPTCPSEC_VM_MEM sets the guest's memory in MiB (default 2048).
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
kernel=6.1
timeout_s=600
keep=0

while getopts "k:t:K" opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	t) timeout_s=$OPTARG ;;
	K) keep=1 ;;
	*) echo "usage: $0 [-k SERIES|RELEASE] [-t TIMEOUT_S] [-K] TEST [ARGS...]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || { echo "usage: $0 [-k SERIES|RELEASE] [-t TIMEOUT_S] [-K] TEST [ARGS...]" >&2; exit 2; }
test_arg=$1
shift

kr=$("$here/kernels.sh" release "$kernel") || exit 2
series=$("$here/kernels.sh" series "$kr")
if [ -f "$test_arg" ]; then
	test_path=$(cd "$(dirname "$test_arg")" && pwd)/$(basename "$test_arg")
else
	test_path=$here/tests/$test_arg.sh
fi
[ -f "$test_path" ] || { echo "error: no test $test_arg ($test_path)" >&2; exit 2; }
name=$(basename "$test_path" .sh)

# initramfs, cached per kernel and rebuilt when its inputs change
cache=${MPTCPSEC_VM_CACHE:-/var/cache/mptcpsec-vm}/$kr
mkdir -p "$cache"
stamp=$(cat "$here/mkinitrd.sh" "$here/initrd-init.sh" "/lib/modules/$kr/modules.dep" | sha256sum | cut -c1-16)
if [ ! -f "$cache/initrd-$stamp.gz" ]; then
	rm -f "$cache"/initrd-*.gz
	"$here/mkinitrd.sh" "$kr" "$cache/initrd-$stamp.gz" || exit 2
fi

results=$(mktemp -d "${TMPDIR:-/var/tmp}/mptcpsec-vm-$series-$name.XXXXXX")
chmod 755 "$results"
cat >"$results/env" <<ENV
export MPTCPSEC_SRC='$top'
export MPTCPSEC_KR='$kr'
export MPTCPSEC_SERIES='$series'
export MPTCPSEC_KO='$top/build/$kr/module/mptcpsec.ko'
export MPTCPSECCTL='$top/tools/mptcpsecctl/mptcpsecctl'
export MPTCPSEC_XFER='$top/tests/tools/mptcp_xfer'
export MPTCPSEC_RESULTS=/mnt/results
export MPTCPSEC_TEST='$test_path'
export MPTCPSEC_GUEST_TIMEOUT='$timeout_s'
ENV
: >"$results/args"
for a in "$@"; do printf '%s\n' "$a" >>"$results/args"; done

accel=${MPTCPSEC_VM_ACCEL:-tcg,thread=multi}
# Guest memory in MiB. The kernel sizes some tables by it: MPTCP's token
# hash has one bucket per MiB, at most four tokens each.
mem=${MPTCPSEC_VM_MEM:-2048}
start=$(date +%s)
# A boot that dies before the guest reaches the test (seen with
# multi-threaded TCG: an int3 Oops while the kernel patches its own text
# during early boot) has run nothing of the project: boot once more. Any
# failure after the guest started the test counts.
for attempt in 1 2; do
	timeout --kill-after=10 $((timeout_s + 120)) \
		qemu-system-x86_64 -accel "$accel" -cpu max -m "$mem" -smp 2 \
		-nographic -nodefaults -serial stdio -no-reboot -display none \
		-kernel "/boot/vmlinuz-$kr" -initrd "$cache/initrd-$stamp.gz" \
		-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=root,mount_tag=hostroot \
		-fsdev local,id=res,path="$results",security_model=none,multidevs=remap \
		-device virtio-9p-pci,fsdev=res,mount_tag=results \
		-append "console=ttyS0 panic=-1 loglevel=4 MPTCPSEC_SRC=$top" \
		</dev/null 2>&1 | tr -d '\r' | tee "$results/serial.log" |
		sed -un "/MPTCPSEC-VM-BOOTED/,/MPTCPSEC-VM-DONE/{/MPTCPSEC-VM-/d;s/^/[$series] /;p}"
	qemu_rc=${PIPESTATUS[0]}
	grep -q MPTCPSEC-VM-BOOTED "$results/serial.log" && break
	[ $attempt = 2 ] && break
	mv "$results/serial.log" "$results/serial.boot$attempt.log"
	echo "# $series $name: the VM died while booting, before the test started" \
		"($(grep -m1 -oE 'Oops[^[]*|Kernel panic[^[]*' "$results/serial.boot$attempt.log" || echo no crash line)); booting again"
done
elapsed=$(($(date +%s) - start))

verdict=PASS
why=()
out="$results/output"
if ! grep -q MPTCPSEC-VM-DONE "$results/serial.log"; then
	verdict=FAIL
	why+=("no completion token (qemu exit $qemu_rc: timeout or crash)")
fi
status=$(cat "$results/status" 2>/dev/null || echo missing)
plan=$(grep -m1 -E '^1\.\.[0-9]+' "$out" 2>/dev/null || true)
if grep -qE '^1\.\.0 # SKIP' "$out" 2>/dev/null && [ "$status" = 4 ]; then
	verdict=SKIP
	why+=("$(sed -n 's/^1\.\.0 # SKIP *//p' "$out" | head -n1)")
else
	if [ "$status" != 0 ]; then
		verdict=FAIL
		why+=("test exit status $status")
	fi
	nok=$(grep -cE '^ok [0-9]+' "$out" 2>/dev/null || true)
	nnot=$(grep -cE '^not ok [0-9]+' "$out" 2>/dev/null || true)
	if [ "${nnot:-0}" != 0 ]; then
		verdict=FAIL
		why+=("$nnot failed assertion(s)")
	fi
	if [ -z "$plan" ] || [ "${plan#1..}" != $((nok + nnot)) ]; then
		verdict=FAIL
		why+=("plan '${plan:-none}' but $((nok + nnot)) results")
	fi
fi
# The kernel's own verdict: anything alarming fails the run.
bad=$( (cat "$results/dmesg" 2>/dev/null
	sed '/MPTCPSEC-VM-DONE/q' "$results/serial.log" 2>/dev/null) |
	grep -E 'Oops|BUG:|WARNING:|Call Trace|soft lockup|hard LOCKUP|rcu_sched detected stall|rcu: INFO|kmemleak|KASAN|UBSAN|general protection|mptcpsec:.*leak' |
	grep -v 'sysrq: Power Off' | head -n 5)
if [ -n "$bad" ]; then
	verdict=FAIL
	why+=("kernel log: $(head -n1 <<<"$bad")")
fi
taint=$(cat "$results/tainted" 2>/dev/null || echo 0)
# O (out-of-tree, 4096) and E (unsigned module, 8192) are expected.
if [ $((taint & ~(4096 | 8192))) != 0 ]; then
	verdict=FAIL
	why+=("kernel taint $taint")
fi

if [ "$verdict" = FAIL ] && [ -n "$bad" ]; then
	sed 's/^/# kernel: /' <<<"$bad"
fi
echo "$series $name: $verdict (${elapsed}s)${why:+ - ${why[*]}}"
if [ "$verdict" = PASS ] && [ $keep = 0 ]; then
	rm -rf "$results"
else
	echo "# results kept in $results"
fi
case $verdict in
PASS) exit 0 ;;
SKIP) exit 4 ;;
*) exit 1 ;;
esac
