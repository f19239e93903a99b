#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernels the project supports: Debian 12's two series, 6.1
# (linux-image-amd64) and 6.12 (linux-image-6.12-amd64, bookworm-security).
#
#   kernels.sh install          install images, headers and the VM's packages (apt)
#   kernels.sh list             SERIES RELEASE VMLINUZ BUILD_DIR, one line per kernel
#   kernels.sh release SERIES   the newest installed release of a series (6.1, 6.12)
#                               (a full release string is passed through)
set -euo pipefail

VM_PKGS=(qemu-system-x86 busybox-static kmod cpio gzip xz-utils zstd iproute2
	 tcpdump ethtool iputils-ping nftables iptables python3 python3-scapy
	 procps jq util-linux wireguard-tools gnuplot-nox)
KERNEL_PKGS=(linux-image-amd64 linux-headers-amd64
	     linux-image-6.12-amd64 linux-headers-6.12-amd64)

release() {
	local s=$1 kr
	case "$s" in
	6.1 | 6.12)
		kr=$(find /boot -maxdepth 1 -name "vmlinuz-$s.*-amd64" -printf '%f\n' 2>/dev/null |
			sed 's/^vmlinuz-//' | sort -V | tail -n1)
		;;
	*)
		kr=$s
		;;
	esac
	if [ -z "$kr" ] || [ ! -e "/boot/vmlinuz-$kr" ]; then
		echo "error: no installed kernel for '$s' (run: $0 install)" >&2
		return 1
	fi
	echo "$kr"
}

series_of() {
	case "$1" in
	6.1.*) echo 6.1 ;;
	6.12.*) echo 6.12 ;;
	*) echo "${1%%-*}" ;;
	esac
}

install() {
	local missing=() p
	for p in "${VM_PKGS[@]}" "${KERNEL_PKGS[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
			missing+=("$p")
	done
	if ((${#missing[@]})); then
		echo "kernels: installing ${missing[*]}"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends "${missing[@]}" >/dev/null
	fi
	release 6.1 >/dev/null && release 6.12 >/dev/null
}

case "${1:-list}" in
install)
	install
	;;
list)
	for s in 6.1 6.12; do
		kr=$(release "$s") || continue
		echo "$s $kr /boot/vmlinuz-$kr /lib/modules/$kr/build"
	done
	;;
release)
	release "${2:?usage: $0 release SERIES}"
	;;
series)
	series_of "${2:?usage: $0 series RELEASE}"
	;;
*)
	echo "usage: $0 install|list|release SERIES" >&2
	exit 1
	;;
esac
