#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn tests/bench/bench.sh results into docs/BENCHMARKS.md and a chart.

    report.py --out FILE.md [--chart FILE.png] [--command CMD] [--notes FILE.md]
              RESULTS_DIR...

Each RESULTS_DIR holds one run's bench.tsv and bench.meta (one kernel).
Tables give the median of the repetitions and their min-max spread; the
targets are ratios of medians within the same run. The chart (gnuplot,
pngcairo or png terminal) shows the bulk goodput medians with min-max bars.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

TOPOS = ["p1", "p2", "p2netem"]
TOPO_TEXT = {"p1": "1 path", "p2": "2 paths",
             "p2netem": "2 paths, path 2 netem 20 ms RTT / 1% loss"}
CONFIGS = ["tcp", "mptcp", "sec-none", "sec-psk", "tls-chacha", "tls-aes",
           "wg", "esp-chacha", "esp-gcm"]
CONFIG_TEXT = {
    "tcp": "plain TCP",
    "mptcp": "plain MPTCP",
    "sec-none": "MPTCPsec, auth none",
    "sec-psk": "MPTCPsec, auth psk",
    "tls-chacha": "TLS 1.3 over MPTCP, ChaCha20-Poly1305",
    "tls-aes": "TLS 1.3 over MPTCP, AES-128-GCM",
    "wg": "MPTCP over WireGuard",
    "esp-chacha": "TCP over ESP, rfc7539esp chacha20-poly1305",
    "esp-gcm": "TCP over ESP, rfc4106 gcm(aes)",
}
# (name, topology, mode, numerator, denominator, minimum ratio)
TARGETS = [
    ("bulk goodput MPTCPsec / MPTCP over WireGuard", "p2", "bulk",
     "sec-none", "wg", 1.5),
    ("bulk goodput MPTCPsec / TCP over ESP chacha20-poly1305", "p2", "bulk",
     "sec-none", "esp-chacha", 1.5),
    ("bulk goodput MPTCPsec / TLS 1.3 ChaCha20-Poly1305 over MPTCP", "p2",
     "bulk", "sec-none", "tls-chacha", 1.2),
    ("bulk goodput MPTCPsec / plain MPTCP", "p2", "bulk", "sec-none",
     "mptcp", 0.6),
    ("connects/s MPTCPsec / plain MPTCP", "p2", "crr", "sec-none", "mptcp",
     0.5),
    ("connects/s MPTCPsec psk / plain MPTCP", "p2", "crr", "sec-psk",
     "mptcp", 0.5),
]


def read_run(path):
    meta = {}
    with open(os.path.join(path, "bench.meta")) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            meta[k] = v
    micro = {}
    mpath = os.path.join(path, "microbench.txt")
    if os.path.exists(mpath):
        with open(mpath) as f:
            for line in f:
                kv = dict(x.split("=", 1) for x in line.split() if "=" in x)
                if line.startswith("size=") and float(kv["aead_ns"]) > 0:
                    micro[int(kv["size"])] = (float(kv["segment_ns"]),
                                              float(kv["aead_ns"]))
    meta["microbench"] = micro
    rows = []
    with open(os.path.join(path, "bench.tsv")) as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            rows.append(dict(zip(head, line.rstrip("\n").split("\t"))))
    return meta, rows


def values(rows, topo, cfg, mode, key="value"):
    return [float(r[key]) for r in rows
            if r["topo"] == topo and r["config"] == cfg and r["mode"] == mode
            and r[key] not in ("", None)]


def med(v):
    return statistics.median(v) if v else None


def cell(v, fmt="{:.0f}"):
    if not v:
        return "-"
    if len(v) == 1:
        return fmt.format(v[0])
    return (fmt.format(med(v)) + " (" + fmt.format(min(v)) + "–" +
            fmt.format(max(v)) + ")")


def kernel_section(meta, rows, out):
    out.append("## Kernel %s\n" % meta.get("kernel", "?"))
    out.append("Measured %s; %s repetitions of %s s each; %s vCPUs (%s); %s.\n"
               % (meta.get("date"), meta.get("reps"), meta.get("duration_s"),
                  meta.get("cpus"), meta.get("cpu"), meta.get("openssl")))
    out.append("### Bulk goodput, Mbit/s: median (min–max)\n")
    out.append("| configuration | " + " | ".join(TOPO_TEXT[t] for t in TOPOS)
               + " |")
    out.append("|---|" + "---|" * len(TOPOS))
    for c in CONFIGS:
        out.append("| %s | " % CONFIG_TEXT[c] + " | ".join(
            cell(values(rows, t, c, "bulk"), "{:.1f}") for t in TOPOS) + " |")
    out.append("")
    out.append("### Bulk CPU, busy jiffies of the whole VM per GiB moved "
               "(both hosts): median (min–max)\n")
    out.append("| configuration | " + " | ".join(TOPO_TEXT[t] for t in TOPOS)
               + " |")
    out.append("|---|" + "---|" * len(TOPOS))
    for c in CONFIGS:
        out.append("| %s | " % CONFIG_TEXT[c] + " | ".join(
            cell(values(rows, t, c, "bulk", "jiffies_per_gib"))
            for t in TOPOS) + " |")
    out.append("")
    out.append("### Connection setup and request/response (2 paths)\n")
    out.append("| configuration | connects/s | connect-to-first-byte p50, µs "
               "| p90, µs | 1 KiB/16 KiB transactions/s |")
    out.append("|---|---|---|---|---|")
    for c in CONFIGS:
        crr = values(rows, "p2", c, "crr")
        if not crr:
            continue
        out.append("| %s | %s | %s | %s | %s |" % (
            CONFIG_TEXT[c], cell(crr, "{:.1f}"),
            cell(values(rows, "p2", c, "crr", "lat_us_p50")),
            cell(values(rows, "p2", c, "crr", "lat_us_p90")),
            cell(values(rows, "p2", c, "rr"), "{:.1f}")))
    out.append("")
    out.append("### Targets (ratios of medians, same run)\n")
    out.append("| target | ratio | wanted | result |")
    out.append("|---|---|---|---|")
    for name, topo, mode, num, den, want in TARGETS:
        a, b = med(values(rows, topo, num, mode)), med(values(rows, topo, den,
                                                                mode))
        if a is None or b is None or b == 0:
            out.append("| %s | - | >= %.2f | not measured |" % (name, want))
            continue
        r = a / b
        out.append("| %s | %.2f | >= %.2f | %s |" % (
            name, r, want, "met" if r >= want else "**missed**"))
    a = med(values(rows, "p2", "sec-none", "crr", "lat_us_p50"))
    b = med(values(rows, "p2", "mptcp", "crr", "lat_us_p50"))
    if a is not None and b:
        out.append("| connect-to-first-byte p50 MPTCPsec / plain MPTCP "
                   "(informational; the round-trip count is asserted by "
                   "tests/vm/tests/secure_xfer.sh) | %.2f | - | - |" % (a / b))
    micro = meta.get("microbench", {})
    if 1448 in micro:
        seg, raw = micro[1448]
        r = seg / raw
        out.append("| in-module cost / raw AEAD at 1448 B | %.2f | <= 1.15 "
                   "| %s |" % (r, "met" if r <= 1.15 else "**missed**"))
    else:
        out.append("| in-module cost / raw AEAD at 1448 B | - | <= 1.15 "
                   "| not measured |")
    out.append("")
    if micro:
        out.append("### In-module cost per protected segment "
                   "(`module/microbench.c`, median ns)\n")
        out.append("| payload bytes | protected segment, ns | raw AEAD, ns "
                   "| ratio |")
        out.append("|---|---|---|---|")
        for size in sorted(micro):
            seg, raw = micro[size]
            out.append("| %d | %d | %d | %.2f |" % (size, seg, raw, seg / raw))
        out.append("")


def chart(runs, png):
    with tempfile.TemporaryDirectory() as d:
        data = os.path.join(d, "bulk.dat")
        cols = []
        with open(data, "w") as f:
            f.write("# config")
            for meta, _ in runs:
                for t in TOPOS:
                    cols.append("%s %s" % (meta.get("kernel", "?").split("-")[0]
                                           .rsplit(".", 1)[0], TOPO_TEXT[t]
                                           .split(",")[0] + (" netem" if t ==
                                                             "p2netem" else "")))
                    f.write("\tmed\tmin\tmax")
            f.write("\n")
            for c in CONFIGS:
                f.write(c)
                for _, rows in runs:
                    for t in TOPOS:
                        v = values(rows, t, c, "bulk")
                        if v:
                            f.write("\t%.2f\t%.2f\t%.2f" % (med(v), min(v),
                                                            max(v)))
                        else:
                            f.write("\t0\t0\t0")
                f.write("\n")
        plots = []
        for i, title in enumerate(cols):
            base = 2 + 3 * i
            plots.append("'%s' using %d:%d:%d:xtic(1) title '%s'"
                         % (data, base, base + 1, base + 2, title))
        script = "\n".join([
            "set terminal png size 1200,600",
            "set output '%s'" % png,
            "set title 'Bulk goodput, median with min-max (Mbit/s)'",
            "set style data histogram",
            "set style histogram errorbars gap 1 lw 1",
            "set style fill solid 0.8 border -1",
            "set ylabel 'Mbit/s'",
            "set yrange [0:*]",
            "set xtics rotate by -30",
            "set key top right",
            "set grid ytics",
            "plot " + ", ".join(plots),
        ])
        subprocess.run(["gnuplot"], input=script.encode(), check=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--chart")
    ap.add_argument("--command", default="make bench")
    ap.add_argument("--notes", help="Markdown appended after the tables")
    ap.add_argument("dirs", nargs="+")
    a = ap.parse_args()
    runs = [read_run(d) for d in a.dirs]
    out = ["<!-- SPDX-License-Identifier: GPL-2.0 -->", "# Benchmarks\n",
           "Generated by `tests/bench/report.py` from the results of:\n",
           "    " + a.command + "\n"]
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                           "BENCHMARKS.intro.md")) as f:
        out.append(f.read())
    if a.chart:
        chart(runs, a.chart)
        out.append("![bulk goodput](%s)\n" % os.path.relpath(
            a.chart, os.path.dirname(os.path.abspath(a.out))))
    for meta, rows in runs:
        kernel_section(meta, rows, out)
    if a.notes:
        with open(a.notes) as f:
            out.append(f.read())
    with open(a.out, "w") as f:
        f.write("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
