#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test VM: mount the host root read-only over 9p with a tmpfs
# overlay, mount the results share, and switch to guest-init.sh.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
while read -r m; do
	insmod "/mods/$m" || echo "initrd: insmod $m failed"
done </mods/order
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot /lower ||
	{ echo "initrd: cannot mount host root"; echo o >/proc/sysrq-trigger; }
mount -t tmpfs -o size=1536m tmpfs /ov
mkdir -p /ov/upper /ov/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/ov/upper,workdir=/ov/work /newroot ||
	{ echo "initrd: cannot mount overlay"; echo o >/proc/sysrq-trigger; }
# /tmp and /var/tmp stay on the overlay (writable, and the tree under
# test may live there); only the kernel file systems need a tmpfs first.
for d in proc sys dev run; do
	mount -t tmpfs tmpfs "/newroot/$d"
done
mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
mount --move /dev /newroot/dev
mkdir -p /newroot/mnt/results
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 results /newroot/mnt/results ||
	echo "initrd: cannot mount results share"
exec switch_root /newroot /bin/bash "$MPTCPSEC_SRC/tests/vm/guest-init.sh"
