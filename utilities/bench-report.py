#!/usr/bin/python3
# bench-report.py: turns a benchmark run's raw samples (DIR/samples.jsonl,
# written by utilities/bench-lib.sh) into the tables of the HP paper's
# Section 5.3, DIR/results.json, and PNG plots of throughput and RTT.
#
#   bench-report.py DIR [--compare OTHER_DIR]
#
# Throughput is the median over the repetitions, with the spread (min-max)
# shown; RTT statistics are over every ping of every repetition (ping's own
# min/avg/max/mdev, computed on the pooled RTTs).  Ratios are of those
# medians (throughput) and pooled averages (RTT) to the section's baseline
# row (plain OVS bridging, "normal", intra-subnet; the routing VM
# inter-subnet); "rep ratios" is the range of each repetition's ratio to the
# baseline's sample of the same repetition.  --compare prints, for every
# ratio, how far OTHER_DIR's run is from this one.

import json
import math
import os
import statistics
import sys

LABELS = {
    "native": "native veth (no OVS)",
    "normal": "plain OVS (NORMAL)",
    "vlan": "VLAN (vnet)",
    "vxlan": "VXLAN (vnet)",
    "etherip": "EtherIP (vnet)",
    "macrw": "MAC rewriting (vnet)",
    "etherip-static": "EtherIP (static flows)",
    "gwmac-static": "MAC rewriting (static flows)",
    "routing-vm": "routing VM (VLAN segs)",
    "routing-vm-etherip": "routing VM (EtherIP segs)",
    "router": "vnet distributed router",
}
BASELINE = {"intra": "normal", "inter": "routing-vm"}
ORDER = {
    "intra": ["native", "normal", "vlan", "vxlan", "etherip", "macrw",
              "etherip-static", "gwmac-static"],
    "inter": ["macrw", "router", "routing-vm-etherip", "routing-vm"],
}
CONFIG_LABEL = {"system": "AF_PACKET", "afxdp": "AF_XDP",
                "1-sender": "one sender", "2-senders": "two senders"}


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def rtt_stats(rtts):
    if not rtts:
        return None
    mean = sum(rtts) / len(rtts)
    var = sum(x * x for x in rtts) / len(rtts) - mean * mean
    return {"min": min(rtts), "avg": mean, "max": max(rtts),
            "mdev": math.sqrt(max(var, 0.0)), "n": len(rtts)}


def aggregate(samples):
    """{section: {config: {mode: row}}} for the throughput sections."""
    out = {}
    for s in samples:
        if s.get("section") not in BASELINE:
            continue
        row = (out.setdefault(s["section"], {})
               .setdefault(s["config"], {})
               .setdefault(s["mode"], {"mbps": [], "retransmits": [],
                                       "rtts": [], "pings": 0,
                                       "by_rep": {}, "missing": None}))
        if "missing" in s:
            row["missing"] = s["missing"]
            continue
        row["mbps"].append(s["mbps"])
        row["retransmits"].append(s["retransmits"])
        row["rtts"].extend(s.get("rtts", []))
        row["by_rep"][s["rep"]] = s
        row["pings"] += s.get("pings", 0)
    result = {}
    for section, configs in out.items():
        for config, modes in configs.items():
            base = modes.get(BASELINE[section], {})
            base_mbps = (statistics.median(base["mbps"])
                         if base.get("mbps") else None)
            base_rtt = rtt_stats(base.get("rtts", []))
            for mode, row in modes.items():
                r = {"label": LABELS.get(mode, mode)}
                if not row["mbps"]:
                    r["missing"] = row["missing"] or "no sample"
                else:
                    m = statistics.median(row["mbps"])
                    r.update({
                        "mbps_median": m,
                        "mbps_min": min(row["mbps"]),
                        "mbps_max": max(row["mbps"]),
                        "mbps_samples": row["mbps"],
                        "retransmits_median":
                            statistics.median(row["retransmits"]),
                        "reps": len(row["mbps"]),
                    })
                    if row["missing"]:
                        r["note"] = ("%s in some repetitions"
                                     % row["missing"])
                    if base_mbps:
                        r["mbps_ratio"] = m / base_mbps
                    # Also each repetition's ratio to the baseline's sample
                    # of the same repetition (run within the same minute):
                    # their range shows how much load moved within a run.
                    # (Their median was the less reproducible of the two
                    # between two full runs, so the ratio shown is the
                    # ratio of medians.)
                    pairs = [(row["by_rep"][k], base["by_rep"][k])
                             for k in row["by_rep"]
                             if k in base.get("by_rep", {})]
                    if pairs:
                        q = [a["mbps"] / b["mbps"] for a, b in pairs]
                        r["mbps_ratio_paired"] = statistics.median(q)
                        r["mbps_ratio_min"] = min(q)
                        r["mbps_ratio_max"] = max(q)
                        q = [statistics.mean(a["rtts"])
                             / statistics.mean(b["rtts"])
                             for a, b in pairs
                             if a.get("rtts") and b.get("rtts")]
                        if q:
                            r["rtt_avg_ratio_paired"] = statistics.median(q)
                    rtt = rtt_stats(row["rtts"])
                    if rtt:
                        r["rtt_ms"] = rtt
                        r["pings_sent"] = row["pings"]
                        if base_rtt:
                            r["rtt_avg_ratio"] = rtt["avg"] / base_rtt["avg"]
                result.setdefault(section, {}).setdefault(config, {})[mode] = r
    return result


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def print_throughput(section, title, tables):
    if section not in tables:
        return
    print("\n" + title)
    for config, modes in tables[section].items():
        base = LABELS[BASELINE[section]]
        print("\n  %s (ratio to %s)" % (CONFIG_LABEL.get(config, config),
                                        base))
        print("  %-30s %9s %11s %6s %11s %7s | %7s %7s %7s %7s %6s" % (
            "mode", "Mbit/s", "spread", "ratio", "rep ratios", "retrans",
            "min", "avg", "max", "mdev", "ratio"))
        order = ORDER[section] + sorted(set(modes) - set(ORDER[section]))
        for mode in order:
            if mode not in modes:
                continue
            r = modes[mode]
            if "missing" in r:
                print("  %-30s missing: %s" % (r["label"], r["missing"]))
                continue
            rtt = r.get("rtt_ms", {})
            print("  %-30s %9.0f %11s %6s %11s %7.0f | %7s %7s %7s %7s %6s" % (
                r["label"], r["mbps_median"],
                "%.0f-%.0f" % (r["mbps_min"], r["mbps_max"]),
                fmt(r.get("mbps_ratio"), ".2f"),
                "%.2f-%.2f" % (r["mbps_ratio_min"], r["mbps_ratio_max"])
                if "mbps_ratio_min" in r else "",
                r["retransmits_median"],
                fmt(rtt.get("min"), ".3f"), fmt(rtt.get("avg"), ".3f"),
                fmt(rtt.get("max"), ".3f"), fmt(rtt.get("mdev"), ".3f"),
                fmt(r.get("rtt_avg_ratio"), ".2f")))
            if "note" in r:
                print("  %-30s (%s)" % ("", r["note"]))


def datapath_table(samples):
    rows = [s for s in samples if s.get("section") == "datapath"]
    if not rows:
        return None
    return {s["mode"]: {k: v for k, v in s.items()
                        if k not in ("section", "config", "rep")}
            for s in rows}


def print_datapath(dp):
    if not dp:
        return
    print("\nPer-packet datapath cost (callgrind instructions per packet in "
          "odp_execute_actions,\nuserspace datapath, dummy ports; "
          "deterministic)")
    base = dp.get("normal", {}).get("instructions")
    print("  %-34s %12s %8s  %s" % ("actions", "instr/pkt", "vs NORMAL",
                                    "datapath actions"))
    for mode, r in dp.items():
        if "missing" in r:
            print("  %-34s missing: %s" % (r.get("label", mode),
                                           r["missing"]))
            continue
        print("  %-34s %12.1f %8s  %s" % (
            r.get("label", mode), r["instructions"],
            fmt(r["instructions"] / base if base else None, ".2f"),
            r.get("actions", "")))


def control_tables(samples):
    return [s for s in samples if s.get("section") == "control"]


def spec(row):
    return ".0f" if row["mode"] == "flows" else ".2f"


def print_control(rows, run_dir):
    log = os.path.join(run_dir, "controller.log")
    if os.path.exists(log):
        print("\nControl plane at scale (utilities/bench-controller.sh)")
        with open(log) as f:
            for line in f:
                if not line.startswith("20"):
                    print("  " + line.rstrip())
    if rows:
        print("\nvnet vs OVN, same intent, same machine, same run "
              "(utilities/bench-ovn.sh)")
        print("  %-6s %-6s %-38s %10s %10s %7s" % (
            "hosts", "VIFs", "", "vnet", "OVN", "vnet/OVN"))
        for r in rows:
            if "missing" in r:
                print("  %-44s missing: %s" % (r["mode"], r["missing"]))
                continue
            print("  %-6d %-6d %-38s %10s %10s %7s" % (
                r["hosts"], r["vifs"],
                r["label"], fmt(r.get("vnet"), spec(r)),
                fmt(r.get("ovn"), spec(r)),
                fmt(r["vnet"] / r["ovn"] if r.get("vnet") and r.get("ovn")
                    else None, ".2f")))


def plot(tables, run_dir):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return ["matplotlib missing: run utilities/install-deps.sh"]
    made = []
    for section in ("intra", "inter"):
        if section not in tables:
            continue
        configs = list(tables[section])
        for what, key, ylabel in (("throughput", "mbps_median", "Mbit/s"),
                                  ("rtt", "avg", "RTT (ms)")):
            fig, axes = plt.subplots(1, len(configs), squeeze=False,
                                     figsize=(5.5 * len(configs), 4.5))
            for ax, config in zip(axes[0], configs):
                modes = [m for m in ORDER[section]
                         if m in tables[section][config]]
                names, vals, errs, colors = [], [], [[], []], []
                for m in modes:
                    r = tables[section][config][m]
                    names.append(LABELS.get(m, m).replace(" (", "\n("))
                    if "missing" in r:
                        vals.append(0)
                        errs[0].append(0)
                        errs[1].append(0)
                        colors.append("lightgray")
                        continue
                    colors.append("tab:blue" if m != BASELINE[section]
                                  else "tab:orange")
                    if what == "throughput":
                        v = r["mbps_median"]
                        errs[0].append(v - r["mbps_min"])
                        errs[1].append(r["mbps_max"] - v)
                    else:
                        rtt = r.get("rtt_ms") or {}
                        v = rtt.get("avg", 0)
                        errs[0].append(min(rtt.get("mdev", 0),
                                           rtt.get("avg", 0)))
                        errs[1].append(rtt.get("mdev", 0))
                    vals.append(v)
                x = range(len(names))
                ax.bar(x, vals, yerr=errs, color=colors, capsize=3)
                for i, m in enumerate(modes):
                    if "missing" in tables[section][config][m]:
                        ax.text(i, 0, "missing", rotation=90, ha="center",
                                va="bottom", fontsize=8)
                ax.set_xticks(list(x))
                ax.set_xticklabels(names, rotation=60, ha="right",
                                   fontsize=7)
                ax.set_ylabel(ylabel)
                ax.set_title("%s, %s" % (section + "-subnet",
                                         CONFIG_LABEL.get(config, config)))
            fig.suptitle("%s-subnet %s (%s)" % (
                section, what, "median; bars: min-max over repetitions"
                if what == "throughput" else
                "average of every ping; bars: mdev"))
            fig.tight_layout()
            path = os.path.join(run_dir, "%s-%s.png" % (section, what))
            fig.savefig(path, dpi=100)
            plt.close(fig)
            made.append(path)
    return made


def ratios(tables):
    flat = {}
    for section, configs in tables.items():
        for config, modes in configs.items():
            for mode, r in modes.items():
                for key in ("mbps_ratio", "rtt_avg_ratio",
                            "mbps_ratio_paired",
                            "rtt_avg_ratio_paired"):
                    if key in r:
                        flat["%s/%s/%s/%s" % (section, config, mode,
                                              key)] = r[key]
    return flat


def main():
    run_dir = sys.argv[1]
    samples = load(os.path.join(run_dir, "samples.jsonl"))
    tables = aggregate(samples)
    dp = datapath_table(samples)
    control = control_tables(samples)
    print_throughput("intra", "Intra-subnet (Figure 8, Table 2): two VMs on "
                     "different hosts; TCP throughput (iperf3) and RTT (ms, "
                     "ping)", tables)
    print_throughput("inter", "Inter-subnet (Figure 9, Table 3): VMs on two "
                     "subnets on different hosts", tables)
    print_datapath(dp)
    print_control(control, run_dir)
    plots = plot(tables, run_dir)
    meta = {}
    if os.path.exists(os.path.join(run_dir, "meta.json")):
        meta = load(os.path.join(run_dir, "meta.json"))[0]
    timings = []
    if os.path.exists(os.path.join(run_dir, "timings.jsonl")):
        timings = load(os.path.join(run_dir, "timings.jsonl"))
    results = {"meta": meta, "timings": timings, "intra": tables.get("intra"),
               "inter": tables.get("inter"), "datapath": dp,
               "control": control, "ratios": ratios(tables), "plots": plots}
    with open(os.path.join(run_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print("\nresults: %s" % os.path.join(run_dir, "results.json"))
    for p in plots:
        print("plot:    %s" % p)
    for t in timings:
        if "section" not in t:
            print("the run took %d s" % t["seconds"])

    if len(sys.argv) > 3 and sys.argv[2] == "--compare":
        other = aggregate(load(os.path.join(sys.argv[3], "samples.jsonl")))
        a, b = ratios(tables), ratios(other)
        print("\nratios, this run vs %s (difference relative to this "
              "run):" % sys.argv[3])
        for kind in ("mbps_ratio", "rtt_avg_ratio", "mbps_ratio_paired",
                     "rtt_avg_ratio_paired"):
            keys = [k for k in sorted(set(a) & set(b))
                    if k.endswith("/" + kind) and a[k] != 1.0]
            if not keys:
                continue
            print("  %s:" % kind)
            within = 0
            for k in keys:
                d = abs(b[k] - a[k]) / a[k]
                within += d <= 0.10
                print("    %-40s %6.2f %6.2f  %5.1f%%%s" % (
                    k[:-len(kind) - 1], a[k], b[k], 100 * d,
                    "" if d <= 0.10 else "  > 10%"))
            print("    %d of %d within 10%%" % (within, len(keys)))


if __name__ == "__main__":
    main()
