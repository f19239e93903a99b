#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything building and testing mptcpsec needs on Debian 12, as
# root. Idempotent: packages already present are not downloaded again.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)

BUILD_PKGS=(gcc make libc6-dev pkg-config python3 python3-yaml
	    libnl-3-dev libnl-genl-3-dev dkms sparse groff-base man-db
	    bash-completion jq clang-14 libclang-rt-14-dev libssl-dev
	    tshark systemd linux-perf)

missing=()
for p in "${BUILD_PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
if ((${#missing[@]})); then
	if [ "$(id -u)" != 0 ]; then
		echo "error: missing packages ${missing[*]}; run as root" >&2
		exit 1
	fi
	echo "deps: installing ${missing[*]}"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null
fi

# Kernels (images and headers of both series) and the VM's packages.
"$here/vm/kernels.sh" install
echo "deps: all present"
