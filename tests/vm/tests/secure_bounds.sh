#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The resource bounds of tests/vm/stress/bounds.sh, sized for make check:
# a flood of 600 MP_CAPABLE SYNs with real key shares from 600 sources,
# below the handshake bound and above it (max_handshakes 64: the oldest
# pending handshakes are evicted, a legitimate client connecting during
# the flood is secured, no state is left after syn_timeout), and a policy
# table of 2,000 entries. make stress runs it at full size.
exec bash "$MPTCPSEC_SRC/tests/vm/stress/bounds.sh" 600 64 2000
