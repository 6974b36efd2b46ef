#!/bin/bash
# bench-ovn.sh: the same intent in vnet and in OVN, on the same machine in
# the same run: how long from a northbound change until every hypervisor
# has its flows, and how many flows that is.
#
#   utilities/bench-ovn.sh [--quick] [--hosts N] [--vifs N] [--repeat R]
#                          [--json FILE]   (default 10 hosts, 1000 VIFs, R 1)
#
# Both sides get simulated hosts made of the fork's ovsdb-server and
# ovs-vswitchd (dummy datapath), one dummy port per VIF, and the same
# layout as bench-controller.sh: tenants of 10 VIFs, VIF i on host
# ceil(i / per_host).
#   vnet: utilities/bench-controller.sh --hosts N VIFS (vnet-nbctl --wait=hv,
#         vnet-controller, VXLAN segments)
#   OVN:  Debian's ovn-northd and one Debian ovn-controller per host against
#         the fork's ovs-vswitchd, an NB and an SB ovsdb-server (the fork's);
#         a logical switch per tenant, lsp-add + lsp-set-addresses per VIF,
#         in one ovn-nbctl --wait=hv transaction (Geneve, OVN's default)
# Reported for both: convergence from empty (one transaction with every
# VIF, --wait=hv; the median of R, each after deleting the previous intent),
# one more VIF (--wait=hv; the median of 5 in a row), and OpenFlow flows per
# host (OVN: every table of br-int; vnet: br-vnet).
#
# OVN's scale is kept modest (10 hosts, 1000 VIFs) so that its ten
# ovn-controllers fit a 2-core machine; bench-controller.sh covers vnet at
# 100 hosts and 10,000 VIFs.
set -e -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/utilities/bench-lib.sh"
build=${VNET_BUILD:-$top/_build}
ovs=${VNET_OVS_BUILD:-$build/ovs}
hosts=10
vifs=1000
json=
repeat=1
while [ $# -gt 0 ]; do
    case $1 in
        --quick) hosts=4; vifs=200; shift ;;
        --hosts) hosts=$2; shift 2 ;;
        --vifs) vifs=$2; shift 2 ;;
        --repeat) repeat=$2; shift 2 ;;
        --json) json=$2; shift 2 ;;
        *) echo "bench-ovn: unknown option '$1'" >&2; exit 1 ;;
    esac
done

die() { echo "bench-ovn: $*" >&2; exit 1; }
# The fork's OVS binaries first: Debian's openvswitch packages (which
# ovn-host pulls in) install their own ovs-* tools.
export PATH=$ovs/utilities:$ovs/vswitchd:$ovs/ovsdb:$PATH
for p in ovn-northd ovn-controller ovn-nbctl; do
    command -v $p >/dev/null || die "no $p: run utilities/install-deps.sh"
done
nb_schema=/usr/share/ovn/ovn-nb.ovsschema
sb_schema=/usr/share/ovn/ovn-sb.ovsschema

record() {  # record LABEL KEY VNET OVN
    [ -n "$json" ] || return 0
    /usr/bin/python3 -c 'import json, sys
v = lambda s: float(s) if s not in ("", "-") else None
print(json.dumps({"section": "control", "mode": sys.argv[2],
                  "label": sys.argv[1], "vnet": v(sys.argv[3]),
                  "ovn": v(sys.argv[4]), "hosts": int(sys.argv[5]),
                  "vifs": int(sys.argv[6])}))' "$@" "$hosts" "$vifs" >> "$json"
}

# --- vnet, by bench-controller.sh --------------------------------------
echo "bench-ovn: vnet, $hosts hosts, $vifs VIFs (bench-controller.sh)"
vline=$("$top/utilities/bench-controller.sh" --hosts "$hosts" \
        --repeat "$repeat" "$vifs" \
        2>/dev/null | tee /dev/stderr | awk -v n="$vifs" '$1 == n')
[ -n "$vline" ] || die "bench-controller.sh printed no result"
set -- $vline
v_converge=$4 v_flows=$6 v_add=$8

# --- OVN ------------------------------------------------------------------
dir=$(mktemp -d /tmp/bench-ovn.XXXXXX)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    sleep 0.5
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap cleanup EXIT

daemon() {  # daemon NAME RUNDIR COMMAND...
    local name=$1 rd=$2; shift 2
    OVS_RUNDIR=$rd OVS_LOGDIR=$rd OVS_DBDIR=$rd OVN_RUNDIR=$rd \
        OVN_LOGDIR=$rd "$@" --pidfile="$rd/$name.pid" \
        --log-file="$rd/$name.log" -vconsole:off --detach --no-chdir \
        2>/dev/null
    pids+=("$(cat "$rd/$name.pid")")
}
nbctl() { ovn-nbctl --db="unix:$dir/nb.sock" "$@"; }

echo "bench-ovn: OVN $(ovn-controller --version | head -1 | awk '{print $NF}'), $hosts hosts, $vifs VIFs"
ovsdb-tool create "$dir/nb.db" "$nb_schema"
ovsdb-tool create "$dir/sb.db" "$sb_schema"
daemon nb "$dir" ovsdb-server "$dir/nb.db" --remote="punix:$dir/nb.sock" \
    --unixctl="$dir/nb.ctl"
daemon sb "$dir" ovsdb-server "$dir/sb.db" --remote="punix:$dir/sb.sock" \
    --unixctl="$dir/sb.ctl"
nbctl init
daemon northd "$dir" ovn-northd --ovnnb-db="unix:$dir/nb.sock" \
    --ovnsb-db="unix:$dir/sb.sock" --unixctl="$dir/northd.ctl"

per_host=$(( (vifs + hosts - 1) / hosts ))
for h in $(seq 1 "$hosts"); do
    hd=$dir/h$h
    mkdir -p "$hd"
    ovsdb-tool create "$hd/conf.db" "$ovs/vswitchd/vswitch.ovsschema"
    daemon ovsdb-server "$hd" ovsdb-server "$hd/conf.db" \
        --remote="punix:$hd/db.sock"
    cmds="--no-wait init -- set Open_vSwitch . external_ids:system-id=h$h"
    cmds+=" external_ids:ovn-remote=unix:$dir/sb.sock"
    cmds+=" external_ids:ovn-encap-type=geneve"
    cmds+=" external_ids:ovn-encap-ip=192.0.2.$(( h % 250 + 1 ))"
    cmds+=" external_ids:ovn-bridge-datapath-type=dummy"
    cmds+=" -- add-br br-int -- set bridge br-int datapath_type=dummy"
    cmds+=" fail_mode=secure other_config:disable-in-band=true"
    for i in $(seq $(( (h - 1) * per_host + 1 )) $(( h * per_host ))); do
        [ "$i" -le "$vifs" ] || break
        cmds+=" -- add-port br-int p$i -- set Interface p$i type=dummy"
        cmds+=" external_ids:iface-id=vif$i"
    done
    ovs-vsctl --db="unix:$hd/db.sock" $cmds
    daemon ovs-vswitchd "$hd" ovs-vswitchd --enable-dummy --disable-system \
        --disable-system-route "unix:$hd/db.sock"
    daemon ovn-controller "$hd" ovn-controller "unix:$hd/db.sock"
done
# Every chassis registered and idle before the clock starts.
for _ in $(seq 600); do
    n=$(ovn-sbctl --db="unix:$dir/sb.sock" --bare --columns=name list Chassis \
            | grep -c . || true)
    [ "$n" -ge "$hosts" ] && break
    sleep 0.2
done
[ "$n" -ge "$hosts" ] || die "only $n of $hosts chassis registered"
nbctl --wait=hv --timeout=120 sync

segment_cmd() { echo "-- ls-add s$1"; }
vif_cmd() { echo "-- lsp-add s$2 vif$1 -- lsp-set-addresses vif$1 \"$3 $4\""; }
bench_intent "$vifs" segment_cmd vif_cmd > "$dir/intent.cmds"
unload() {
    [ "$1" = 1 ] || nbctl --wait=hv --timeout=600 \
        -- --all destroy Logical_Switch
}
load() { eval nbctl --wait=hv --timeout=600 $(cat "$dir/intent.cmds"); }
o_converge=$(awk -v a="$(bench_median_ms "$repeat" unload load)" \
                 'BEGIN { printf "%.2f", a / 1000 }')

bench_plug_vifs "unix:$dir/h1/db.sock" br-int "$BENCH_ADDS" external_ids:iface-id
nbctl --wait=hv --timeout=60 sync
add_one() {
    nbctl --wait=hv --timeout=60 lsp-add s1 "vifnew$1" \
        -- lsp-set-addresses "vifnew$1" "52:54:ff:00:00:0$1 10.255.0.$1"
}
o_add=$(awk -v a="$(bench_median_ms "$BENCH_ADDS" : add_one)" \
            'BEGIN { printf "%.3f", a / 1000 }')

total=0
for h in $(seq 1 "$hosts"); do
    n=$(OVS_RUNDIR=$dir/h$h ovs-ofctl -O OpenFlow15 dump-flows br-int \
            | grep -c 'table=' || true)
    total=$((total + n))
done
o_flows=$((total / hosts))

printf '\n%-44s %10s %10s\n' "$hosts hosts, $vifs VIFs, tenants of $BENCH_PER_SEGMENT" vnet OVN
printf '%-44s %10s %10s\n' "converge from empty, --wait=hv (s)" "$v_converge" "$o_converge"
printf '%-44s %10s %10s\n' "one VIF add, --wait=hv (s)" "$v_add" "$o_add"
printf '%-44s %10s %10s\n' "OpenFlow flows per host (avg)" "$v_flows" "$o_flows"
record "converge from empty, --wait=hv (s)" converge "$v_converge" "$o_converge"
record "one VIF add, --wait=hv (s)" one-add "$v_add" "$o_add"
record "OpenFlow flows per host (avg)" flows "$v_flows" "$o_flows"
