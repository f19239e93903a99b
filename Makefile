# SPDX-License-Identifier: GPL-2.0
#
# mptcpsec top-level Makefile.
#
#   make                 module (for the running kernel) and mptcpsecctl
#   make KERNELRELEASE=6.1.0-56-amd64   module for another installed kernel
#   make KDIR=/path/to/kernel/build     module against any kernel build tree
#   make install         module into /lib/modules/<release>/extra + depmod,
#                        mptcpsecctl, man page, bash completion, mptcpsec-bugreport,
#                        systemd unit and udev rule (install-systemd)
#   make dist            release tarball build/mptcpsec-<version>.dkms.tar.gz
#   make dkms-install    that tarball into DKMS: dkms add, build, install
#   make check           everything CI runs (installs its own dependencies)
#   make stress          CYCLES (200) load/unload cycles under traffic, the
#                        resource bounds and CONNS (10000) concurrent secured
#                        connections at full size, per kernel
#   make demo            a two-host, two-path transfer in a VM, explained
#   make conformance     the kernel's MPTCP selftests without and with the
#                        module, per kernel (conformance-ci: the CI subset)
#   make bench           the benchmarks per kernel (BENCH_REPS x BENCH_SECONDS
#                        s each), written to docs/BENCHMARKS.md and its chart
#   make bench-smoke     one short pass of the benchmark harness, one kernel,
#                        checking only that it works (no speed thresholds)
#   make regen           regenerate netlink code and version stamps
#
# The module is always built out of a copy of module/ and uapi/ under
# build/<release>/, so builds for several kernels never mix objects.

VERSION := $(shell cat VERSION)
SERIES ?= 6.1 6.12
FUZZ_TIME ?= 600
FUZZ_SMOKE ?= 10

KERNELRELEASE ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KERNELRELEASE)/build
BUILD := build/$(KERNELRELEASE)
PREFIX ?= /usr/local
DESTDIR ?=
# Where Debian's systemd and udev look for packaged units and rules.
SYSTEMDUNITDIR ?= /lib/systemd/system
UDEVRULESDIR ?= /lib/udev/rules.d
# The configuration mptcpsecctl restore reads (CTL_CONF_DEFAULT).
CONFDIR := /etc/mptcpsec

# Files a DKMS or release tree needs, and nothing else.
DIST_FILES := VERSION dkms.conf LICENSE README.md \
	$(wildcard module/*.c module/*.h) module/Kbuild \
	uapi/mptcpsec.yaml uapi/linux/mptcpsec.h

# The release tarball, in DKMS's own layout (the tree under
# dkms_source_tree/, as `dkms mktarball --source-only` makes it), so that
# `dkms add FILE` takes it as it is.
DIST := build/mptcpsec-$(VERSION).dkms.tar.gz

# Debian's interpreter, with python3-yaml from apt (tests/deps.sh).
PYTHON ?= /usr/bin/python3

GEN := uapi/linux/mptcpsec.h module/netlink_gen.h module/netlink_gen.c

.PHONY: all module tool unit install uninstall install-systemd uninstall-systemd \
	dkms-install dkms-uninstall \
	regen check-regen deps modules-all vm-check stress check demo clean \
	lint fuzz tests-tools print-dist-files dist conformance conformance-ci \
	bench bench-smoke profile

all: module tool

module:
	@test -d "$(KDIR)" || { echo "error: no kernel build tree at $(KDIR)" \
	  "(install linux-headers-$(KERNELRELEASE), or set KERNELRELEASE= or KDIR=)" >&2; exit 1; }
	@mkdir -p $(BUILD)/module $(BUILD)/uapi/linux
	@cp -p module/*.c module/*.h module/Kbuild $(BUILD)/module/
	@cp -p uapi/linux/mptcpsec.h $(BUILD)/uapi/linux/
	@cp -p VERSION $(BUILD)/
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(BUILD)/module modules

tool:
	$(MAKE) -C tools/mptcpsecctl

tests-tools:
	$(MAKE) -C tests/tools

# One module per supported kernel series, as the VM tests use them.
modules-all:
	@set -e; for s in $(SERIES); do \
	  kr=$$(tests/vm/kernels.sh release $$s); \
	  $(MAKE) --no-print-directory module KERNELRELEASE=$$kr KDIR=/lib/modules/$$kr/build; \
	done

unit:
	$(MAKE) -C tests/unit check

install: module tool
	$(MAKE) -C $(KDIR) M=$(CURDIR)/$(BUILD)/module INSTALL_MOD_DIR=extra \
		$(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR)) CONFIG_MODULE_SIG_ALL= modules_install
	$(if $(DESTDIR),,depmod -a $(KERNELRELEASE))
	$(MAKE) -C tools/mptcpsecctl install PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	install -D -m 0755 tools/mptcpsec-bugreport $(DESTDIR)$(PREFIX)/sbin/mptcpsec-bugreport
	install -D -m 0644 tools/wireshark/mptcpsec.lua \
		$(DESTDIR)$(PREFIX)/share/mptcpsec/wireshark/mptcpsec.lua
	$(MAKE) install-systemd PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

# The unit runs $(PREFIX)/sbin/mptcpsecctl; an existing configuration is
# never replaced (the example holds only comments). Not enabled: see
# README.md, Persistent configuration.
install-systemd:
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|/usr/local/sbin/mptcpsecctl|$(PREFIX)/sbin/mptcpsecctl|g' \
		tools/systemd/mptcpsec.service >$(DESTDIR)$(SYSTEMDUNITDIR)/mptcpsec.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/mptcpsec.service
	install -D -m 0644 tools/systemd/90-mptcpsec.rules \
		$(DESTDIR)$(UDEVRULESDIR)/90-mptcpsec.rules
	test -d $(DESTDIR)$(CONFDIR) || install -d -m 0700 $(DESTDIR)$(CONFDIR)
	test -e $(DESTDIR)$(CONFDIR)/mptcpsec.conf || \
		install -m 0600 tools/systemd/mptcpsec.conf $(DESTDIR)$(CONFDIR)/mptcpsec.conf
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
	@if [ -z "$(DESTDIR)" ] && [ -S /run/udev/control ]; then udevadm control --reload; fi

# The configuration stays, as a package's does when it is removed.
uninstall-systemd:
	@if [ -z "$(DESTDIR)" ] && command -v systemctl >/dev/null; then \
		systemctl --quiet disable mptcpsec.service 2>/dev/null || true; fi
	rm -f $(DESTDIR)$(SYSTEMDUNITDIR)/mptcpsec.service $(DESTDIR)$(UDEVRULESDIR)/90-mptcpsec.rules
	@if [ -z "$(DESTDIR)" ] && [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
	@if [ -z "$(DESTDIR)" ] && [ -S /run/udev/control ]; then udevadm control --reload; fi

uninstall:
	rm -f /lib/modules/$(KERNELRELEASE)/extra/mptcpsec.ko*
	depmod -a $(KERNELRELEASE)
	$(MAKE) -C tools/mptcpsecctl uninstall PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)
	rm -f $(DESTDIR)$(PREFIX)/sbin/mptcpsec-bugreport
	rm -rf $(DESTDIR)$(PREFIX)/share/mptcpsec/wireshark
	$(MAKE) uninstall-systemd PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)

dist:
	rm -rf build/dist
	mkdir -p build/dist/dkms_source_tree
	cp --parents -p $(DIST_FILES) build/dist/dkms_source_tree/
	tar -C build/dist --sort=name --owner=0 --group=0 --numeric-owner \
		-czf $(DIST) dkms_source_tree
	rm -rf build/dist
	@echo "dist: $(DIST)"

dkms-install: dist
	@command -v dkms >/dev/null || { echo "error: dkms not installed (apt-get install dkms)" >&2; exit 1; }
	-dkms remove -m mptcpsec -v $(VERSION) --all >/dev/null 2>&1
	rm -rf /usr/src/mptcpsec-$(VERSION)
	dkms add $(DIST)
	dkms build -m mptcpsec -v $(VERSION) -k $(KERNELRELEASE)
	dkms install -m mptcpsec -v $(VERSION) -k $(KERNELRELEASE)

dkms-uninstall:
	-dkms remove -m mptcpsec -v $(VERSION) --all
	rm -rf /usr/src/mptcpsec-$(VERSION)

regen:
	$(PYTHON) tools/genl-gen.py uapi/mptcpsec.yaml $(GEN)
	sed -i 's/^PACKAGE_VERSION=.*/PACKAGE_VERSION="$(VERSION)"/' dkms.conf
	sed -i 's/^\.TH MPTCPSECCTL 8 "" "mptcpsec [^"]*"/.TH MPTCPSECCTL 8 "" "mptcpsec $(VERSION)"/' \
		tools/mptcpsecctl/mptcpsecctl.8

# Fails when generated files or version stamps are stale.
check-regen:
	@tmp=$$(mktemp -d); trap 'rm -rf $$tmp' EXIT; \
	$(PYTHON) tools/genl-gen.py uapi/mptcpsec.yaml $$tmp/uapi.h $$tmp/gen.h $$tmp/gen.c; \
	cmp -s $$tmp/uapi.h uapi/linux/mptcpsec.h && cmp -s $$tmp/gen.h module/netlink_gen.h && \
	cmp -s $$tmp/gen.c module/netlink_gen.c || \
	  { echo "error: generated netlink code is stale: run 'make regen' and commit" >&2; exit 1; }; \
	grep -q '^PACKAGE_VERSION="$(VERSION)"$$' dkms.conf || \
	  { echo "error: dkms.conf version differs from VERSION: run 'make regen'" >&2; exit 1; }; \
	grep -q '^\.TH MPTCPSECCTL 8 "" "mptcpsec $(VERSION)"' tools/mptcpsecctl/mptcpsecctl.8 || \
	  { echo "error: man page version differs from VERSION: run 'make regen'" >&2; exit 1; }; \
	echo "check-regen: generated files and version stamps are current"

# Everything the tests need on a fresh Debian 12 machine.
deps:
	tests/deps.sh

vm-check: modules-all tool tests-tools
	tests/vm/run-all.sh $(foreach s,$(SERIES),-k $(s))

# Load/unload under traffic, CYCLES times per kernel, then the resource
# bounds at full size: a FLOOD-SYN flood below and above (LIMIT)
# max_handshakes, a PREFIXES-entry policy table, FLOOD MP_JOIN SYNs with a
# live connection's token; then CONNS concurrent secured connections from
# 40 client addresses (not part of check: 200
# cycles take about an hour per kernel under emulation; check runs the
# bounds at a small size, secure_bounds).
CYCLES ?= 200
FLOOD ?= 2000
LIMIT ?= 128
PREFIXES ?= 10000
CONNS ?= 10000
stress: modules-all tool tests-tools
	@set -e; for s in $(SERIES); do \
	  tests/vm/run.sh -k $$s -t $$(($(CYCLES) * 40 + 120)) tests/vm/stress/load_cycles.sh $(CYCLES); \
	  tests/vm/run.sh -k $$s -t 1800 tests/vm/stress/bounds.sh $(FLOOD) $(LIMIT) $(PREFIXES); \
	  MPTCPSEC_VM_MEM=16384 tests/vm/run.sh -k $$s -t 1800 tests/vm/stress/conns.sh $(CONNS); \
	done

# The kernel's MPTCP selftests from Debian's linux-source package of each
# series, unmodified, first without the module and then with it
# (default_policy=require); docs/CONFORMANCE.md.
conformance: modules-all tool
	tests/conformance/run.sh $(foreach s,$(SERIES),-k $(s))

conformance-ci: modules-all tool
	tests/conformance/run.sh -c $(foreach s,$(SERIES),-k $(s))

# Benchmarks (tests/bench/bench.sh in a VM per kernel; the report and its
# gnuplot chart from tests/bench/report.py). Never part of a timed test.
BENCH_REPS ?= 5
BENCH_SECONDS ?= 4
BENCH_DIR := build/bench

bench: modules-all tool
	$(MAKE) -C tests/bench
	@rm -rf $(BENCH_DIR) && mkdir -p $(BENCH_DIR)
	@set -e; for s in $(SERIES); do \
	  TMPDIR=$(CURDIR)/$(BENCH_DIR) tests/vm/run.sh -k $$s -t 7200 -K \
	    tests/bench/bench.sh -r $(BENCH_REPS) -d $(BENCH_SECONDS); \
	done
	$(PYTHON) tests/bench/report.py --out docs/BENCHMARKS.md \
	  --chart docs/benchmarks.png \
	  --command "make bench SERIES=\"$(SERIES)\" BENCH_REPS=$(BENCH_REPS) BENCH_SECONDS=$(BENCH_SECONDS)" \
	  $(BENCH_DIR)/mptcpsec-vm-*-bench.*

bench-smoke: modules-all tool
	$(MAKE) -C tests/bench
	@rm -rf $(BENCH_DIR)-smoke && mkdir -p $(BENCH_DIR)-smoke
	TMPDIR=$(CURDIR)/$(BENCH_DIR)-smoke tests/vm/run.sh -k $(firstword $(SERIES)) -t 900 -K \
	  tests/bench/bench.sh -r 1 -d 1 -p p2
	$(PYTHON) tests/bench/report.py --out $(BENCH_DIR)-smoke/BENCHMARKS.md \
	  --chart $(BENCH_DIR)-smoke/benchmarks.png --command "make bench-smoke" \
	  $(BENCH_DIR)-smoke/mptcpsec-vm-*-bench.*

# Where the CPU time of a bulk transfer goes, per configuration: perf in
# the guest over one bulk run (tests/bench/bench.sh -P); the reports stay
# in build/profile/*/profile-*.txt.
PROFILE_CONFIGS ?= mptcp sec-none wg tls-chacha esp-chacha
profile: modules-all tool
	$(MAKE) -C tests/bench
	@rm -rf build/profile && mkdir -p build/profile
	TMPDIR=$(CURDIR)/build/profile tests/vm/run.sh -k $(firstword $(SERIES)) -t 1800 -K \
	  tests/bench/bench.sh -r 1 -d 8 -p p2 -P -c "$(PROFILE_CONFIGS)"
	@for f in build/profile/*/profile-*.txt; do echo "== $$f"; head -n 45 "$$f"; done

check: deps
	$(MAKE) check-regen
	$(MAKE) tool tests-tools
	$(MAKE) unit
	$(MAKE) -C tests/fuzz run FUZZ_TIME=$(FUZZ_SMOKE)
	$(MAKE) modules-all
	tests/lint.sh
	@set -e; for s in $(SERIES); do tests/dkms-check.sh $$(tests/vm/kernels.sh release $$s); done
	tests/vm/run-all.sh $(foreach s,$(SERIES),-k $(s))
	tests/conformance/run.sh -c $(foreach s,$(SERIES),-k $(s))
	$(MAKE) bench-smoke

demo: deps
	$(MAKE) tool tests-tools
	$(MAKE) module KERNELRELEASE=$$(tests/vm/kernels.sh release 6.1)
	tests/vm/run.sh -k 6.1 tests/vm/demo.sh

clean:
	rm -rf build
	$(MAKE) -C tools/mptcpsecctl clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/tools clean
	$(MAKE) -C tests/bench clean
	$(MAKE) -C tests/fuzz clean

print-dist-files:
	@echo $(DIST_FILES)

# Every fuzz target for FUZZ_TIME seconds (default 10 minutes each).
fuzz:
	$(MAKE) -C tests/fuzz run FUZZ_TIME=$(FUZZ_TIME)

# checkpatch --strict and sparse (W=1) on every supported kernel.
lint:
	tests/lint.sh
