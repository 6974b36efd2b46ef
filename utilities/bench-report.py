#!/usr/bin/python3
# bench-report.py: turns a benchmark run's raw samples (DIR/samples.jsonl,
# written by utilities/bench-lib.sh) into the tables of the HP paper's
# Section 5.3, DIR/results.json, and PNG plots of throughput and RTT.
#
#   bench-report.py DIR [--compare OTHER_DIR]
#
# Throughput is the median over the repetitions, with the spread (min-max)
# shown; RTT statistics are over every ping of every repetition (ping's own
# min/avg/max/mdev, computed on the pooled RTTs).  Ratios are to the
# section's baseline row (plain OVS bridging, "normal", intra-subnet; the
# routing VM inter-subnet): each sample is divided by the mean of the
# baseline samples taken just before and after it (bench.sh takes a
# baseline sample after every two; the mean is of the two before and the
# two after), and "ratio" is the geometric mean of those, "ratios" their
# range.  The machine drifts too much between minutes for a ratio of
# whole-run medians to repeat (results.json keeps that one too, as
# mbps_ratio_of_medians).  The geometric mean, not the median, because the
# bracketing already takes out the slow drift and what is left is noise of
# a sample's own, symmetric in the logarithm: a median keeps one sample's
# noise, a mean averages every sample's (on session 3's three runs it
# brought 17-18 of 20 throughput ratios within 10% of each other, against
# 15-16 for the median).
# The RTT ratio is of the averages of a mode's pooled pings, ping's own
# "avg" and the paper's.  In these virtual machines a batch's median is
# 0.15-0.20 ms or 0.30-0.45 ms on the same path, as the CPU happened to
# halt between pings or not, and the state lasts seconds; bench.sh pings
# in rounds that interleave the modes, so every mode's pool holds the same
# mix of states and the averages compare.  Until session 27 the ratio was
# of the pooled 1st percentiles (rtt_p1_ratio, still computed): the low
# tail of native veth, 15-26 us, moved by 10-17% between two runs on one
# machine (Y and Z), by ping's 1 us steps and the tail's own noise, while
# the averages of the same runs agreed on all 13 rows (DESIGN.md).
# "steal%" is the median share of the core that the hypervisor took during
# a row's samples.  --compare prints, for every ratio, how far OTHER_DIR's
# run is from this one, and, for throughput and vnet against OVN, how
# many rows the two runs' sample spreads alone would put more than 10%
# apart (for throughput, the spread of the repetitions' means: the two
# samples of a repetition share its sandboxes and are not independent).

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
    "routing-vm": "routing VM (VLAN segs)",
    "routing-vm-etherip": "routing VM (EtherIP segs)",
    "router": "vnet distributed router",
}
BASELINE = {"intra": "normal", "inter": "routing-vm"}
ORDER = {
    "intra": ["native", "normal", "vlan", "vxlan", "etherip", "macrw"],
    "inter": ["macrw", "router", "routing-vm-etherip", "routing-vm"],
}
CONFIG_LABEL = {"system": "AF_PACKET", "afxdp": "AF_XDP",
                "1-sender": "one sender", "2-senders": "two senders"}


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def load_meta(run_dir):
    """A run's settings (meta.json), or {} for a run that has none."""
    path = os.path.join(run_dir, "meta.json")
    return load(path)[0] if os.path.exists(path) else {}


def rtt_stats(rtts):
    if not rtts:
        return None
    mean = sum(rtts) / len(rtts)
    var = sum(x * x for x in rtts) / len(rtts) - mean * mean
    low = sorted(rtts)[len(rtts) // 100]
    return {"min": min(rtts), "p1": low, "median": statistics.median(rtts),
            "avg": mean, "max": max(rtts),
            "mdev": math.sqrt(max(var, 0.0)), "n": len(rtts)}


# How many baseline samples on each side of a sample its ratio is to.
NEIGHBOURS = 2


def bracketed_ratios(samples, key):
    """Each sample's KEY over the mean of the NEIGHBOURS baseline samples
    taken just before it and the NEIGHBOURS just after it in the same
    section, configuration and repetition.

    'samples' is one section and configuration's samples in the order they
    were taken, as (is_baseline, sample) pairs.  The machine's speed drifts
    over tens of seconds; its neighbours in time saw the same machine.
    Since session 15 every repetition runs on sandboxes of its own, and a
    baseline sample of another repetition was taken on other switches."""
    out = {}
    for i, (is_base, s) in enumerate(samples):
        v = key(s)
        if is_base or v is None:
            continue
        near = []
        for step in (-1, 1):
            j, n = i + step, 0
            while 0 <= j < len(samples) and n < NEIGHBOURS:
                if samples[j][1].get("rep") != s.get("rep"):
                    break
                if samples[j][0] and key(samples[j][1]) is not None:
                    near.append(key(samples[j][1]))
                    n += 1
                j += step
        if near:
            out[id(s)] = v / statistics.mean(near)
    return out


def aggregate(samples):
    """{section: {config: {mode: row}}} for the throughput sections."""
    out = {}
    timeline = {}
    for s in samples:
        if s.get("section") not in BASELINE:
            continue
        row = (out.setdefault(s["section"], {})
               .setdefault(s["config"], {})
               .setdefault(s["mode"], {"samples": [], "missing": None}))
        if "missing" in s:
            row["missing"] = s["missing"]
            continue
        row["samples"].append(s)
        timeline.setdefault((s["section"], s["config"]), []).append(
            (s["mode"] == BASELINE[s["section"]], s))
    result = {}
    for (section, config), line in timeline.items():
        mbps_q = bracketed_ratios(line, lambda s: s.get("mbps"))
        base = out[section][config].get(BASELINE[section], {})
        base_rtt = rtt_stats([x for s in base.get("samples", [])
                              for x in s.get("rtts", [])])
        for mode, row in out[section][config].items():
            r = {"label": LABELS.get(mode, mode)}
            ss = row["samples"]
            tp = [s for s in ss if "mbps" in s]
            if not tp:
                r["missing"] = row["missing"] or "no sample"
            else:
                mbps = [s["mbps"] for s in tp]
                r.update({
                    "mbps_median": statistics.median(mbps),
                    "mbps_min": min(mbps),
                    "mbps_max": max(mbps),
                    "mbps_samples": mbps,
                    "retransmits_median":
                        statistics.median(s["retransmits"] for s in tp),
                    "samples": len(tp),
                })
                steal = [s["steal"] for s in tp if "steal" in s]
                if steal:
                    r["steal_median"] = statistics.median(steal)
                if row["missing"]:
                    r["note"] = "%s in some repetitions" % row["missing"]
                if mode == BASELINE[section]:
                    r["mbps_ratio"] = 1.0
                    if any(s.get("rtts") for s in ss):
                        r["rtt_ratio"] = 1.0
                reps = {}
                for s in tp:
                    if id(s) in mbps_q:
                        reps.setdefault(s.get("rep"), []).append(
                            mbps_q[id(s)])
                q = [x for v in reps.values() for x in v]
                if q:
                    r["mbps_ratio"] = statistics.geometric_mean(q)
                    r["mbps_ratio_min"] = min(q)
                    r["mbps_ratio_max"] = max(q)
                    # A repetition's samples share its sandboxes and move
                    # together: the spread is of the repetitions' means.
                    if len(reps) > 1:
                        r["mbps_ratio_log_var"] = log_variance(
                            [statistics.geometric_mean(v)
                             for v in reps.values()])
                rtt = rtt_stats([x for s in ss for x in s.get("rtts", [])])
                if rtt:
                    r["rtt_ms"] = rtt
                    r["pings_sent"] = sum(s.get("pings", 0) for s in ss)
                    if base_rtt:
                        r["rtt_ratio"] = rtt["avg"] / base_rtt["avg"]
                        r["rtt_p1_ratio"] = rtt["p1"] / base_rtt["p1"]
                if base.get("samples"):
                    r["mbps_ratio_of_medians"] = (
                        r["mbps_median"]
                        / statistics.median(s["mbps"]
                                            for s in base["samples"]
                                            if "mbps" in s))
            result.setdefault(section, {}).setdefault(config, {})[mode] = r
    return result


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def ratio_text(v):
    """A ratio to two decimals, or to two significant digits below 0.1,
    where two decimals would print native veth's RTT ratios of 0.0085 and
    0.0099 both as 0.01."""
    if v is None:
        return "-"
    return "%.2f" % v if v >= 0.1 else "%#.2g" % v


def print_throughput(section, title, tables):
    if section not in tables:
        return
    print("\n" + title)
    for config, modes in tables[section].items():
        base = LABELS[BASELINE[section]]
        print("\n  %s (ratio to %s)" % (CONFIG_LABEL.get(config, config),
                                        base))
        print("  %-30s %7s %9s %5s %9s %7s %6s | %6s %6s %6s %6s %6s %6s"
              " %6s" % ("mode", "Mbit/s", "spread", "ratio", "ratios",
                        "retrans", "steal%", "min", "p1", "median", "avg",
                        "max", "mdev", "ratio"))
        order = ORDER[section] + sorted(set(modes) - set(ORDER[section]))
        for mode in order:
            if mode not in modes:
                continue
            r = modes[mode]
            if "missing" in r:
                print("  %-30s missing: %s" % (r["label"], r["missing"]))
                continue
            rtt = r.get("rtt_ms", {})
            print("  %-30s %7.0f %9s %5s %9s %7.0f %6s | %6s %6s %6s %6s %6s"
                  " %6s %6s" % (
                      r["label"], r["mbps_median"],
                      "%.0f-%.0f" % (r["mbps_min"], r["mbps_max"]),
                      ratio_text(r.get("mbps_ratio")),
                      "%.2f-%.2f" % (r["mbps_ratio_min"], r["mbps_ratio_max"])
                      if "mbps_ratio_min" in r else "",
                      r["retransmits_median"],
                      fmt(r.get("steal_median"), ".1f"),
                      fmt(rtt.get("min"), ".3f"), fmt(rtt.get("p1"), ".3f"),
                      fmt(rtt.get("median"), ".3f"),
                      fmt(rtt.get("avg"), ".3f"), fmt(rtt.get("max"), ".2f"),
                      fmt(rtt.get("mdev"), ".3f"),
                      ratio_text(r.get("rtt_ratio"))))
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
    print("  %-38s %10s %9s  %s" % ("actions", "instr/pkt", "vs NORMAL",
                                     "datapath actions"))
    for mode, r in dp.items():
        if "missing" in r:
            print("  %-38s missing: %s" % (r.get("label", mode),
                                           r["missing"]))
            continue
        print("  %-38s %10.1f %9s  %s" % (
            r.get("label", mode), r["instructions"],
            fmt(r["instructions"] / base if base else None, ".2f"),
            r.get("actions", "")))


def control_tables(samples):
    return [s for s in samples if s.get("section") == "control"]


def spec(row):
    return {"flows": ".0f", "one-add": ".3f"}.get(row["mode"], ".2f")


def side_value(row, side):
    """A side's value in a vnet-vs-OVN row: the geometric mean of its
    turns (bench-ovn.sh says why), from the turns themselves, since rows
    recorded before session 14 hold the medians."""
    xs = row.get(side + "_samples")
    if not xs:
        return row.get(side)
    return statistics.geometric_mean(xs)


def control_label(row):
    return row["label"].replace("(s, median)", "(s, geo. mean)")


def vnet_ovn_ratio(row):
    vnet, ovn = side_value(row, "vnet"), side_value(row, "ovn")
    if vnet and ovn:
        return vnet / ovn
    return None


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
        print("  %-6s %-6s %-45s %10s %10s %8s" % (
            "hosts", "VIFs", "", "vnet", "OVN", "vnet/OVN"))
        for r in rows:
            if "missing" in r:
                print("  %-44s missing: %s" % (r["mode"], r["missing"]))
                continue
            print("  %-6d %-6d %-45s %10s %10s %8s" % (
                r["hosts"], r["vifs"],
                control_label(r), fmt(side_value(r, "vnet"), spec(r)),
                fmt(side_value(r, "ovn"), spec(r)),
                ratio_text(vnet_ovn_ratio(r))))


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


def ratios(tables, dp, control):
    """Every ratio the run printed, by name: throughput and RTT to the
    baseline, instructions per packet to NORMAL, vnet to OVN."""
    flat = {}
    for section, configs in tables.items():
        for config, modes in configs.items():
            for mode, r in modes.items():
                for key in ("mbps_ratio", "rtt_ratio",
                            "mbps_ratio_of_medians",
                            "rtt_p1_ratio"):
                    if key in r:
                        flat["%s/%s/%s/%s" % (section, config, mode,
                                              key)] = r[key]
    base = (dp or {}).get("normal", {}).get("instructions")
    for mode, r in (dp or {}).items():
        if base and "instructions" in r:
            flat["datapath/%s/instr_ratio" % mode] = r["instructions"] / base
    for r in control:
        if vnet_ovn_ratio(r):
            flat["control/%d/%s/vnet_ovn_ratio" % (r["vifs"], r["mode"])] = (
                vnet_ovn_ratio(r))
    return flat


def log_variance(xs):
    """The variance of the logarithm of samples XS, divided by their
    count: the variance of the log of their geometric mean.  One sample is
    a count (a vnet-vs-OVN row's flows), not a time, and adds nothing."""
    if len(xs) < 2:
        return 0.0
    return statistics.variance([math.log(x) for x in xs]) / len(xs)


def ratio_log_variance(key, tables, control):
    """The variance of the logarithm of the ratio KEY, from the run's own
    samples; None for a ratio of pooled percentiles (RTT) or counts
    (instructions), which have no samples of their own to say it."""
    parts = key.split("/")
    if parts[-1] == "mbps_ratio":
        r = tables.get(parts[0], {}).get(parts[1], {}).get(parts[2], {})
        return r.get("mbps_ratio_log_var")
    if parts[-1] == "vnet_ovn_ratio":
        for row in control:
            if (str(row.get("vifs")) == parts[1]
                    and row.get("mode") == parts[2]):
                return (log_variance(row.get("vnet_samples") or [])
                        + log_variance(row.get("ovn_samples") or []))
    return None


def expected_misses(keys, run_a, run_b):
    """How many of the ratios KEYS two runs, each a (tables, control) pair,
    would leave more than 10% apart through their samples' own spread
    alone: per ratio, the chance that two estimates with these variances
    in the logarithm differ by more than log(1.1).  Observed misses far
    above this are a difference between the runs, not noise."""
    total = 0.0
    for k in keys:
        var = [ratio_log_variance(k, *run) for run in (run_a, run_b)]
        if None in var:
            return None
        if sum(var) > 0:
            total += math.erfc(math.log(1.1) / math.sqrt(2 * sum(var)))
    return total


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
    meta = load_meta(run_dir)
    timings = []
    if os.path.exists(os.path.join(run_dir, "timings.jsonl")):
        timings = load(os.path.join(run_dir, "timings.jsonl"))
    results = {"meta": meta, "timings": timings, "intra": tables.get("intra"),
               "inter": tables.get("inter"), "datapath": dp,
               "control": control, "ratios": ratios(tables, dp, control),
               "plots": plots}
    with open(os.path.join(run_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    print("\nresults: %s" % os.path.join(run_dir, "results.json"))
    for p in plots:
        print("plot:    %s" % p)
    for t in timings:
        if "section" not in t:
            print("the run took %d s" % t["seconds"])

    if len(sys.argv) > 3 and sys.argv[2] == "--compare":
        osamples = load(os.path.join(sys.argv[3], "samples.jsonl"))
        a = ratios(tables, dp, control)
        otables = aggregate(osamples)
        b = ratios(otables, datapath_table(osamples),
                   control_tables(osamples))
        print("\nratios, this run vs %s (difference relative to this "
              "run):" % sys.argv[3])
        print("  commits: %s vs %s" % (
            meta.get("commit", "unknown"),
            load_meta(sys.argv[3]).get("commit", "unknown")))
        for kind in ("mbps_ratio", "rtt_ratio", "instr_ratio",
                     "vnet_ovn_ratio", "mbps_ratio_of_medians",
                     "rtt_p1_ratio"):
            # The baselines are 1 by definition; a mode can equal its
            # baseline by measurement, and is still compared.
            keys = [k for k in sorted(set(a) & set(b))
                    if k.endswith("/" + kind)
                    and not set(k.split("/")) & set(BASELINE.values())]
            if not keys:
                continue
            print("  %s:" % kind)
            within = 0
            for k in keys:
                d = abs(b[k] - a[k]) / a[k]
                within += d <= 0.10
                print("    %-44s %6s %6s  %5.1f%%%s" % (
                    k[:-len(kind) - 1], ratio_text(a[k]), ratio_text(b[k]),
                    100 * d,
                    "" if d <= 0.10 else "  > 10%"))
            print("    %d of %d within 10%%" % (within, len(keys)))
            e = expected_misses(keys, (tables, control),
                                (otables, control_tables(osamples)))
            if e is not None:
                print("    (the samples' spread alone leaves %.1f of %d"
                      " outside 10%%)" % (e, len(keys)))


if __name__ == "__main__":
    main()
