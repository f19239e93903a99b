#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the test VM, on the host's root (read-only 9p + tmpfs overlay).
# Runs one test script, stores its output, exit status, kernel log and
# taint flags in the results share, then powers the VM off.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8
R=/mnt/results
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mkdir -p /dev/pts /dev/shm /run/netns
mount -t devpts devpts /dev/pts 2>/dev/null
mount -t tmpfs tmpfs /dev/shm 2>/dev/null
mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null
hostname mptcpsec-vm
ip link set lo up
# Keep kernel messages off the console; they are collected from dmesg.
echo 4 >/proc/sys/kernel/printk
# Settings for the test come from the results share (written by run.sh).
# shellcheck disable=SC1091
. "$R/env"
mapfile -t args <"$R/args"
echo "MPTCPSEC-VM-BOOTED $(uname -r)"
cd "$MPTCPSEC_SRC" || exit 1
timeout --kill-after=5 "${MPTCPSEC_GUEST_TIMEOUT:-600}" \
	/bin/bash "$MPTCPSEC_TEST" "${args[@]}" </dev/null 2>&1 | tee "$R/output"
echo "${PIPESTATUS[0]}" >"$R/status"
# Anything still loaded is unloaded so its exit path is exercised too.
if lsmod | grep -q '^mptcpsec '; then
	rmmod mptcpsec || echo "# rmmod mptcpsec failed at the end of the test"
fi
sleep 0.2
cat /proc/sys/kernel/tainted >"$R/tainted"
dmesg >"$R/dmesg"
sync
echo "MPTCPSEC-VM-DONE"
echo o >/proc/sysrq-trigger
sleep 10
