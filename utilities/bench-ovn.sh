#!/bin/bash
# bench-ovn.sh: the same intent in vnet and in OVN, on the same machine in
# the same run: how long from a northbound change until every hypervisor
# has its flows, and how many flows that is.
#
#   utilities/bench-ovn.sh [--quick] [--hosts N] [--vifs N] [--repeat R]
#                          [--vnet-loads V] [--adds A] [--json FILE]
#                          (default 10 hosts, 1000 VIFs, R 1, V 1, A 15)
#
# Both sides get simulated hosts made of the fork's ovsdb-server and
# ovs-vswitchd (dummy datapath), one dummy port per VIF, and the same
# layout as bench-controller.sh: tenants of 10 VIFs, VIF i on host
# ceil(i / per_host).
#   vnet: bench-controller.sh's vnet_* functions (vnet-nbctl --wait=hv,
#         vnet-controller, VXLAN segments)
#   OVN:  Debian's ovn-northd and one Debian ovn-controller per host against
#         the fork's ovs-vswitchd, an NB and an SB ovsdb-server (the fork's);
#         a logical switch per tenant, lsp-add + lsp-set-addresses per VIF,
#         in one ovn-nbctl --wait=hv transaction (Geneve, OVN's default)
# Reported for both: convergence from empty (one transaction with every
# VIF, --wait=hv; R loads, each after deleting the previous intent), one
# more VIF (--wait=hv; A in a row), and OpenFlow flows per host
# (OVN: every table of br-int; vnet: br-vnet).
#
# Both run side by side and take turns: vnet's first load, then OVN's,
# then OVN's second, then vnet's..., going first in alternate turns, and
# the same for the adds.  While one side's step is timed, the other side's
# daemons are stopped (SIGSTOP), and the step starts once the machine is
# idle.
# A time shown is the geometric mean of a side's turns, and the vnet/OVN
# ratio is of the two: each side's turns spread over 30-70% on a shared
# 2-core machine, the best of them moved by more than 10% from run to run,
# and the median, one turn's time, moved more than the geometric mean,
# which averages every turn's noise (DESIGN.md).  The medians, the bests
# and every turn's time are in the JSON rows.
#
# OVN's scale is kept modest (10 hosts, 1000 VIFs) so that its ten
# ovn-controllers fit a 2-core machine; bench-controller.sh covers vnet at
# 100 hosts and 10,000 VIFs.
set -e -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/utilities/bench-controller.sh"
hosts=10
vifs=1000
json=
repeat=1
vnet_loads=1
while [ $# -gt 0 ]; do
    case $1 in
        --quick) hosts=4; vifs=200; shift ;;
        --hosts) hosts=$2; shift 2 ;;
        --vifs) vifs=$2; shift 2 ;;
        --repeat) repeat=$2; shift 2 ;;
        --adds) BENCH_ADDS=$2; shift 2 ;;
        --vnet-loads) vnet_loads=$2; shift 2 ;;
        --json) json=$2; shift 2 ;;
        *) echo "bench-ovn: unknown option '$1'" >&2; exit 1 ;;
    esac
done

die() { echo "bench-ovn: $*" >&2; exit 1; }
# bench-controller.sh put the fork's OVS binaries first in PATH: Debian's
# openvswitch packages (which ovn-host pulls in) install their own ovs-*.
for p in ovn-northd ovn-controller ovn-nbctl; do
    command -v $p >/dev/null || die "no $p: run utilities/install-deps.sh"
done

onbctl() { ovn-nbctl --db="unix:$odir/nb.sock" "$@"; }

# ovn_up DIR HOSTS VIFS: OVN's NB and SB databases and ovn-northd in DIR,
# and HOSTS chassis, each an ovsdb-server, ovs-vswitchd and ovn-controller
# with its share of the VIFS ports plugged in, every chassis registered and
# idle.  The intent is written to DIR/intent.cmds, not loaded.
ovn_up() {
    odir=$1
    local hosts=$2 vifs=$3 h hd cmds n
    mkdir -p "$odir"
    ovsdb-tool create "$odir/nb.db" /usr/share/ovn/ovn-nb.ovsschema
    ovsdb-tool create "$odir/sb.db" /usr/share/ovn/ovn-sb.ovsschema
    bench_daemon nb "$odir" ovsdb-server "$odir/nb.db" \
        --remote="punix:$odir/nb.sock" --unixctl="$odir/nb.ctl"
    bench_daemon sb "$odir" ovsdb-server "$odir/sb.db" \
        --remote="punix:$odir/sb.sock" --unixctl="$odir/sb.ctl"
    onbctl init
    bench_daemon northd "$odir" ovn-northd --ovnnb-db="unix:$odir/nb.sock" \
        --ovnsb-db="unix:$odir/sb.sock" --unixctl="$odir/northd.ctl"

    for h in $(seq 1 "$hosts"); do
        hd=$odir/h$h
        cmds="--no-wait init -- set Open_vSwitch . external_ids:system-id=h$h"
        cmds+=" external_ids:ovn-remote=unix:$odir/sb.sock"
        cmds+=" external_ids:ovn-encap-type=geneve"
        cmds+=" external_ids:ovn-encap-ip=192.0.2.$(( h % 250 + 1 ))"
        cmds+=" external_ids:ovn-bridge-datapath-type=dummy"
        cmds+=" -- add-br br-int -- set bridge br-int datapath_type=dummy"
        cmds+=" fail_mode=secure other_config:disable-in-band=true"
        cmds+=" $(bench_vif_ports br-int "$h" "$vifs" "$hosts" \
                  external_ids:iface-id)"
        bench_sim_host "$hd" "--disable-system --disable-system-route" $cmds
        bench_daemon ovn-controller "$hd" ovn-controller "unix:$hd/db.sock"
    done
    for _ in $(seq 600); do
        n=$(ovn-sbctl --db="unix:$odir/sb.sock" --bare --columns=name \
                list Chassis | grep -c . || true)
        [ "$n" -ge "$hosts" ] && break
        sleep 0.2
    done
    [ "$n" -ge "$hosts" ] || die "only $n of $hosts chassis registered"
    onbctl --wait=hv --timeout=120 sync

    segment_cmd() { echo "-- ls-add s$1"; }
    vif_cmd() {
        echo "-- lsp-add s$2 vif$1 -- lsp-set-addresses vif$1 \"$3 $4\""
    }
    bench_intent "$vifs" segment_cmd vif_cmd > "$odir/intent.cmds"
}

# ovn_unload, ovn_load, ovn_plug, ovn_add K: as vnet_* in
# bench-controller.sh.
ovn_unload() {
    onbctl --wait=hv --timeout=600 -- --all destroy Logical_Switch
}
ovn_load() { eval onbctl --wait=hv --timeout=600 $(cat "$odir/intent.cmds"); }
ovn_plug() {
    bench_plug_vifs "unix:$odir/h1/db.sock" br-int "$BENCH_ADDS" \
        external_ids:iface-id
    onbctl --wait=hv --timeout=60 sync
}
ovn_add() {
    onbctl --wait=hv --timeout=60 \
        lsp-add "$(bench_add_segment "$1" "$vifs")" "vifnew$1" \
        -- lsp-set-addresses "vifnew$1" "$(bench_new_mac "$1") 10.255.0.$1"
}

# ovn_flows: the OpenFlow flows per chassis, on average.
ovn_flows() {
    local h total=0
    for h in $(seq 1 "$hosts"); do
        total=$(( total + $(OVS_RUNDIR=$odir/h$h ovs-ofctl -O OpenFlow15 \
                                dump-flows br-int | grep -c 'table=' || true) ))
    done
    echo $(( total / hosts ))
}

# report MODE LABEL DIVISOR FORMAT VNET OVN: one row from the turns'
# samples VNET and OVN (each divided by DIVISOR): the geometric mean of
# each side.
report() {
    /usr/bin/python3 - "$@" "$hosts" "$vifs" "$json" <<'EOF'
import json, statistics, sys
mode, label, div, spec, v, o, hosts, vifs, out = sys.argv[1:]
v = [float(x) / float(div) for x in v.split()]
o = [float(x) / float(div) for x in o.split()]


def geomean(xs):
    # statistics.geometric_mean goes through logarithms: 15172 came back
    # as 15171.999999999987.
    return statistics.geometric_mean(xs) if len(xs) > 1 else xs[0]


row = {"section": "control", "mode": mode, "label": label,
       "vnet": geomean(v), "ovn": geomean(o),
       "vnet_median": statistics.median(v),
       "ovn_median": statistics.median(o),
       "vnet_best": min(v), "ovn_best": min(o),
       "vnet_samples": v, "ovn_samples": o,
       "hosts": int(hosts), "vifs": int(vifs)}
print("%-44s %10s %10s %9.2f" % (label, format(row["vnet"], spec),
                                  format(row["ovn"], spec),
                                  row["vnet"] / row["ovn"]))
if out:
    with open(out, "a") as f:
        f.write(json.dumps(row) + "\n")
EOF
}

# signal_side SIDE SIGNAL: sends SIGNAL to every daemon of SIDE.
signal_side() {
    local -n pids=$1_pids
    kill -"$2" "${pids[@]}" 2>/dev/null || true
}

dir=$(mktemp -d /tmp/bench-ovn.XXXXXX)
vnet_pids=() ovn_pids=()
trap 'signal_side vnet CONT; signal_side ovn CONT; bench_stop_daemons
      rm -rf "$dir"' EXIT

echo "bench-ovn: vnet and OVN $(ovn-controller --version | head -1 \
    | awk '{print $NF}'), $hosts hosts, $vifs VIFs, in turns"
vnet_up "$dir/vnet" "$hosts" "$vifs"
vnet_pids=("${bench_daemon_pids[@]}")
ovn_up "$dir/ovn" "$hosts" "$vifs"
ovn_pids=("${bench_daemon_pids[@]:${#vnet_pids[@]}}")

# timed SIDE STEP K: SIDE's STEP K (vnet_load 3, ovn_add 7...), its time
# appended to times_SIDE_STEP.  The other side's daemons are stopped
# (SIGSTOP) meanwhile, since an idle stack still wakes on its own timers
# and the step paid for that (DESIGN.md), and the step starts once the
# machine is idle.
timed() {
    local -n samples=times_$1_$2
    local other=ovn
    [ "$1" = vnet ] || other=vnet
    signal_side "$other" STOP
    bench_settle
    samples+=" $(bench_time_ms "$1_$2" "$3")"
    signal_side "$other" CONT
}

# sides K: the order of turn K.  The sides alternate in going first, so
# that neither is always the one to follow the other's work.
sides() { [ $(( $1 % 2 )) = 1 ] && echo vnet ovn || echo ovn vnet; }

# Each stack loads while the other holds no intent, so that neither pays
# for the other's 23,000 or 150,000 flows per host, and deletes it again.
# One load each goes first, untimed, so that no turn measures a warm-up:
# in every run of session 9 vnet's first load at 10,000 VIFs was its
# slowest.  Then both load once more, untimed, for the adds.
for side in vnet ovn; do
    "${side}_load" >/dev/null
    "${side}_unload"
done
times_vnet_load= times_ovn_load=
# In each turn vnet loads V times to OVN's once: at 10,000 VIFs its loads
# take seconds and spread by 26-57% within a run, OVN's take minutes and
# spread less, and a median's spread falls with the number of loads.
for k in $(seq "$repeat"); do
    for side in $(sides "$k"); do
        n=1
        [ "$side" = ovn ] || n=$vnet_loads
        for _ in $(seq "$n"); do
            timed "$side" load "$k"
            "${side}_unload"
        done
    done
done
vnet_load >/dev/null
ovn_load >/dev/null
vnet_plug
ovn_plug
times_vnet_add= times_ovn_add=
for k in $(seq "$BENCH_ADDS"); do
    for side in $(sides "$k"); do
        timed "$side" add "$k"
    done
done
set -- $(vnet_flows)
v_flows=$3
o_flows=$(ovn_flows)

printf '\n%-44s %10s %10s %9s\n' \
    "$hosts hosts, $vifs VIFs, tenants of $BENCH_PER_SEGMENT" vnet OVN vnet/OVN
report converge "converge from empty, --wait=hv (s, geo. mean)" 1000 .2f \
    "$times_vnet_load" "$times_ovn_load"
report one-add "one VIF add, --wait=hv (s, geo. mean)" 1000 .3f \
    "$times_vnet_add" "$times_ovn_add"
report flows "OpenFlow flows per host (avg)" 1 .0f "$v_flows" "$o_flows"
