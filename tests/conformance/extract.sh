#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The kernel's own MPTCP selftests, unmodified, from Debian's
# linux-source-SERIES package, with their helpers built.
#
#   extract.sh SERIES       prints the directory of the built selftests
#
# Extracts tools/testing/selftests/net/mptcp and the files it sources
# (../lib.sh, ../net_helper.sh where the tree has them) into
# $MPTCPSEC_CONFORMANCE_CACHE/<package version> (default
# /var/cache/mptcpsec-conformance), and builds mptcp_connect, pm_nl_ctl,
# mptcp_sockopt, mptcp_inq and, where the tree has it, mptcp_diag with
# gcc. Installs linux-source-SERIES with apt when it is missing.
set -euo pipefail

series=${1:?usage: $0 SERIES (6.1 or 6.12)}
pkg=linux-source-$series
cache=${MPTCPSEC_CONFORMANCE_CACHE:-/var/cache/mptcpsec-conformance}

if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
	echo "conformance: installing $pkg" >&2
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null
fi
ver=$(dpkg-query -W -f='${Version}' "$pkg")
tarball=/usr/src/$pkg.tar.xz
[ -r "$tarball" ] || { echo "error: $tarball missing" >&2; exit 1; }

dir=$cache/$ver
sel=tools/testing/selftests/net
if [ ! -e "$dir/.built" ]; then
	rm -rf "$dir"
	mkdir -p "$dir"
	echo "conformance: extracting $sel/mptcp from $tarball ($ver)" >&2
	tar -xJf "$tarball" -C "$dir" --strip-components=1 --wildcards \
		"$pkg/$sel/mptcp/*" "$pkg/$sel/lib.sh" "$pkg/$sel/net_helper.sh" \
		"$pkg/include/uapi/linux/mptcp.h" "$pkg/include/uapi/linux/mptcp_pm.h" \
		2>/dev/null || true
	[ -e "$dir/$sel/mptcp/mptcp_join.sh" ] ||
		{ echo "error: no $sel/mptcp in $tarball" >&2; exit 1; }
	# The tree's own MPTCP uAPI headers, ahead of the system's, so newer
	# selftests build against the installed linux-libc-dev.
	mkdir -p "$dir/uapi/linux"
	cp "$dir"/include/uapi/linux/mptcp*.h "$dir/uapi/linux/"
	cd "$dir/$sel/mptcp"
	for prog in mptcp_connect pm_nl_ctl mptcp_sockopt mptcp_inq mptcp_diag; do
		[ -e "$prog.c" ] || continue
		gcc -O2 -Wall -I"$dir/uapi" -o "$prog" "$prog.c" -lpthread ||
			{ echo "error: building $prog failed" >&2; exit 1; }
	done
	echo "$pkg $ver" >"$dir/.built"
fi
echo "$dir/$sel/mptcp"
