#!/bin/bash
# bench-controller.sh: vnet-controller at datacenter scale, with simulated
# hosts.  A benchmark, not a test: it prints what it measures.
#
#   bench-controller.sh [--hosts N] [--repeat R] [VIFS...]
#                             (default: 100 hosts, 1000 and 10000 VIFs, R 1)
#
# Every simulated host is a real ovsdb-server and ovs-vswitchd (dummy
# datapath) with br-vnet and one dummy port per VIF, joined to vnet with the
# vnet columns, its switch connected to vnet-controller over TCP on
# loopback.  Tenants are VXLAN segments of 10 VIFs each, spread over the
# hosts, so a host's share of the datacenter grows with the datacenter but
# each VIF's peers do not.  For each size it reports:
#   - converge: loading every segment and VIF in one vnet-nbctl transaction
#     with --wait=hv, i.e. until every host confirmed its flows; with
#     --repeat R, the median of R loads, each after the previous intent was
#     deleted and every host confirmed that;
#   - flows per host (min/avg/max) from the controller's /metrics;
#   - one VIF add with --wait=hv: until every affected host has its flows;
#     the median of BENCH_ADDS (5) adds, one after the other;
#   - the controller's peak RSS (VmHWM).
set -e -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/utilities/bench-lib.sh"
build=${VNET_BUILD:-$top/_build}
ovs=${VNET_OVS_BUILD:-$build/ovs}
vnet=${VNET_BUILDDIR:-$build/vnet}
export PATH=$ovs/utilities:$ovs/vswitchd:$ovs/ovsdb:$vnet/utilities:$vnet/vnet-controller:$PATH

hosts=100
repeat=1
while [ $# -gt 0 ]; do
    case $1 in
        --hosts) hosts=$2; shift 2 ;;
        --repeat) repeat=$2; shift 2 ;;
        *) break ;;
    esac
done
sizes=${*:-1000 10000}
OF_PORT=16653
HTTP_PORT=16680

dir=$(mktemp -d /tmp/vnet-bench-controller.XXXXXX)
pids=()
cleanup() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    sleep 0.5
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    rm -rf "$dir"
}
trap cleanup EXIT

# Starts a daemon in the background and records its pid for cleanup.
daemon() {
    local name=$1; shift
    "$@" --pidfile="$dir/$name.pid" --log-file="$dir/$name.log" \
        -vconsole:off --detach --no-chdir
    pids+=("$(cat "$dir/$name.pid")")
}

nbctl() { vnet-nbctl --db="unix:$dir/vnet.sock" "$@"; }


metrics() { curl -s "http://127.0.0.1:$HTTP_PORT/metrics"; }

run_size() {
    local vifs=$1
    local segments
    segments=$(bench_segments "$vifs")
    local per_host=$(( (vifs + hosts - 1) / hosts ))
    local h i cmds

    rm -rf "$dir"/*
    pids=()
    export OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir
    ovsdb-tool create "$dir/vnet.db" "$top/schema/vnet.ovsschema"
    daemon vnetdb ovsdb-server "$dir/vnet.db" --remote="punix:$dir/vnet.sock"
    nbctl init
    daemon controller vnet-controller --db="unix:$dir/vnet.sock" \
        --listen="ptcp:$OF_PORT:127.0.0.1" --http="127.0.0.1:$HTTP_PORT" \
        --unixctl="$dir/controller.ctl"

    # Hosts, each with its VIFs' ports already plugged in (VMs running).
    for h in $(seq 1 "$hosts"); do
        local hd=$dir/h$h
        mkdir -p "$hd"
        ovsdb-tool create "$hd/conf.db" "$ovs/vswitchd/vswitch.ovsschema"
        OVS_RUNDIR=$hd OVS_LOGDIR=$hd OVS_DBDIR=$hd \
            daemon "h$h/ovsdb-server" ovsdb-server "$hd/conf.db" \
            --remote="punix:$hd/db.sock"
        cmds="--no-wait init -- set Open_vSwitch . vnet_host=h$h"
        cmds+=" vnet_encap_ip=192.0.2.$(( h % 250 + 1 ))"
        cmds+=" -- add-br br-vnet -- set bridge br-vnet datapath_type=dummy"
        cmds+=" fail_mode=secure protocols=OpenFlow13"
        cmds+=" other_config:datapath-id=$(printf '%016x' "$h")"
        cmds+=" -- add-port br-vnet vxlan0 -- set Interface vxlan0"
        cmds+=" type=vxlan options:remote_ip=flow options:key=flow"
        for i in $(seq $(( (h - 1) * per_host + 1 )) $(( h * per_host ))); do
            [ "$i" -le "$vifs" ] || break
            cmds+=" -- add-port br-vnet p$i -- set Interface p$i type=dummy"
            cmds+=" vnet_vif=vif$i"
        done
        ovs-vsctl --db="unix:$hd/db.sock" $cmds
        OVS_RUNDIR=$hd OVS_LOGDIR=$hd OVS_DBDIR=$hd \
            daemon "h$h/ovs-vswitchd" ovs-vswitchd --enable-dummy \
            "unix:$hd/db.sock"
        ovs-vsctl --db="unix:$hd/db.sock" --no-wait set-controller br-vnet \
            "tcp:127.0.0.1:$OF_PORT" -- set controller br-vnet \
            connection-mode=out-of-band max_backoff=1000
    done

    # Hosts into the VNET database, then every connected switch idle.
    cmds=""
    for h in $(seq 1 "$hosts"); do
        cmds+=" -- host-add h$h 192.0.2.$(( h % 250 + 1 ))"
        cmds+=" $(bench_mac_of $(( 0x7f000000 + h ))) unix:$dir/h$h/db.sock"
    done
    nbctl --wait=hv --timeout=300 $cmds

    # The intent (bench-lib.sh), VIF i on host ceil(i / per_host).
    segment_cmd() { echo "-- segment-add s$1 vxlan $1"; }
    vif_cmd() { echo "-- vif-add s$2 vif$1 $3 $4"; }
    bench_intent "$vifs" segment_cmd vif_cmd > "$dir/intent.cmds"
    unload() {
        [ "$1" = 1 ] || nbctl --wait=hv --timeout=600 \
            -- --all destroy VIF -- --all destroy Segment
    }
    load() { nbctl --wait=hv --timeout=600 $(cat "$dir/intent.cmds"); }
    local converge
    converge=$(bench_median_ms "$repeat" unload load)

    # BENCH_ADDS more VIFs, one at a time, in segment s1 on host 1 (new ports
    # there first).
    bench_plug_vifs "unix:$dir/h1/db.sock" br-vnet "$BENCH_ADDS" vnet_vif
    nbctl --wait=hv --timeout=60 sync
    add_one() {
        nbctl --wait=hv --timeout=60 vif-add s1 "vifnew$1" \
            "52:54:ff:00:00:0$1" "10.255.0.$1"
    }
    local one_add
    one_add=$(bench_median_ms "$BENCH_ADDS" : add_one)

    sleep 1.5       # Let /metrics publish the final state.
    local flows
    flows=$(metrics | awk -F' ' '/^vnet_flows\{.*table="installed"/ {
                n++; s += $2; if (min == "" || $2 < min) min = $2;
                if ($2 > max) max = $2 }
            END { printf "%d %d %d %d", n, min, s / n, max }')
    local hwm
    hwm=$(awk '/VmHWM/ {print $2}' \
          "/proc/$(cat "$dir/controller.pid")/status")
    local compile
    compile=$(ovs-appctl -t "$dir/controller.ctl" status \
              | sed -n 's/.*last took \([0-9]*\) ms.*/\1/p')
    set -- $flows
    printf '%6d %5d %8d %10.2f %6d %6d %6d %10.3f %12d %10d\n' \
        "$vifs" "$hosts" "$segments" "$(awk "BEGIN {print $converge / 1000}")" \
        "$2" "$3" "$4" "$(awk "BEGIN {print $one_add / 1000}")" "$(( hwm / 1024 ))" \
        "$compile"
    [ "$1" = "$hosts" ] || echo "  (only $1 of $hosts hosts reported flows)"
    cleanup_daemons
}

cleanup_daemons() {
    local p
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    sleep 1
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    pids=()
}

echo "vnet-controller with $hosts simulated hosts (ovs-vswitchd, dummy datapath)"
echo "segments of $BENCH_PER_SEGMENT VIFs; times in seconds, memory in MiB"
printf '%6s %5s %8s %10s %6s %6s %6s %10s %12s %10s\n' VIFs hosts segments \
    converge 'flows' 'per' host one-add 'ctl-peak-MiB' compile-ms
printf '%6s %5s %8s %10s %6s %6s %6s %10s %12s %10s\n' '' '' '' '' min avg \
    max '' '' ''
for n in $sizes; do
    run_size "$n"
done
