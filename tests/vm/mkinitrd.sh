#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the VM's initramfs for one kernel: static busybox, the modules that
# 9p root sharing and the overlay need (resolved from modules.dep, deps
# first, built-ins skipped, decompressed for busybox insmod), and init.
#
# usage: mkinitrd.sh KERNELRELEASE OUTPUT
set -euo pipefail

kr=${1:?usage: $0 KERNELRELEASE OUTPUT}
out=${2:?usage: $0 KERNELRELEASE OUTPUT}
here=$(cd "$(dirname "$0")" && pwd)
moddir=/lib/modules/$kr
WANT=(virtio_pci 9pnet_virtio 9p overlay)

[ -f "$moddir/modules.dep" ] || { echo "error: $moddir/modules.dep missing" >&2; exit 1; }
[ -x /bin/busybox ] || { echo "error: busybox-static not installed" >&2; exit 1; }

declare -A seen=()
order=()

# modules.dep path of a module name, or nothing if built in / absent
dep_path() {
	local name=${1//-/_}
	awk -F: -v n="$name" '{
		f = $1; sub(/.*\//, "", f); sub(/\.ko(\.xz|\.zst|\.gz)?$/, "", f);
		gsub(/-/, "_", f);
		if (f == n) { print $1; exit }
	}' "$moddir/modules.dep"
}

visit() {
	local path=$1 deps d
	[ -n "${seen[$path]:-}" ] && return
	seen[$path]=1
	deps=$(awk -F: -v p="$path" '$1 == p { print $2; exit }' "$moddir/modules.dep")
	for d in $deps; do
		visit "$d"
	done
	order+=("$path")
}

for m in "${WANT[@]}"; do
	p=$(dep_path "$m")
	if [ -z "$p" ]; then
		grep -q "/$m.ko" "$moddir/modules.builtin" 2>/dev/null ||
			echo "warning: module $m neither loadable nor built in for $kr" >&2
		continue
	fi
	visit "$p"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp"/{bin,mods,proc,sys,dev,newroot,lower,ov}
cp /bin/busybox "$tmp/bin/busybox"
: >"$tmp/mods/order"
for p in "${order[@]}"; do
	name=$(basename "$p")
	base=${name%%.ko*}.ko
	case "$name" in
	*.ko.xz) xz -dc "$moddir/$p" >"$tmp/mods/$base" ;;
	*.ko.zst) zstd -qdc "$moddir/$p" >"$tmp/mods/$base" ;;
	*.ko.gz) gzip -dc "$moddir/$p" >"$tmp/mods/$base" ;;
	*) cp "$moddir/$p" "$tmp/mods/$base" ;;
	esac
	echo "$base" >>"$tmp/mods/order"
done
cp "$here/initrd-init.sh" "$tmp/init"
chmod +x "$tmp/init"
(cd "$tmp" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp.$$"
mv "$out.tmp.$$" "$out"
