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
#     the median of BENCH_ADDS (25) adds, one after the other, each to
#     another tenant;
#   - the controller's peak RSS (VmHWM);
#   - for the adds, from the controller's /metrics: the mean compile time
#     of a compilation (vnet_compile_seconds), and per add the hosts whose
#     flows were compiled and the flows compiled (incremental compilation
#     compiles only what an add touches).
#
# Sourced, it only defines the vnet_* functions, with which bench-ovn.sh
# runs the same intent against vnet and OVN in turns.
set -e -o pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$top/utilities/bench-lib.sh"
build=${VNET_BUILD:-$top/_build}
ovs=${VNET_OVS_BUILD:-$build/ovs}
vnet=${VNET_BUILDDIR:-$build/vnet}
export PATH=$ovs/utilities:$ovs/vswitchd:$ovs/ovsdb:$vnet/utilities:$vnet/vnet-controller:$PATH

OF_PORT=16653
HTTP_PORT=16680

vnbctl() { vnet-nbctl --db="unix:$vdir/vnet.sock" "$@"; }

# vnet_up DIR HOSTS VIFS: the VNET database and vnet-controller in DIR and
# HOSTS simulated hosts, each a real ovsdb-server and ovs-vswitchd (dummy
# datapath) with its share of the VIFS ports already plugged in (VMs
# running) and its switch connected to the controller; the hosts in the
# VNET database and every switch idle.  The intent is written to
# DIR/intent.cmds, not loaded.
vnet_up() {
    vdir=$1 vhosts=$2 vvifs=$3
    local h hd cmds
    mkdir -p "$vdir"
    ovsdb-tool create "$vdir/vnet.db" "$top/schema/vnet.ovsschema"
    bench_daemon vnetdb "$vdir" ovsdb-server "$vdir/vnet.db" \
        --remote="punix:$vdir/vnet.sock"
    vnbctl init
    bench_daemon controller "$vdir" vnet-controller \
        --db="unix:$vdir/vnet.sock" --listen="ptcp:$OF_PORT:127.0.0.1" \
        --http="127.0.0.1:$HTTP_PORT" --unixctl="$vdir/controller.ctl"

    for h in $(seq 1 "$vhosts"); do
        hd=$vdir/h$h
        cmds="--no-wait init -- set Open_vSwitch . vnet_host=h$h"
        cmds+=" vnet_encap_ip=192.0.2.$(( h % 250 + 1 ))"
        cmds+=" -- add-br br-vnet -- set bridge br-vnet datapath_type=dummy"
        cmds+=" fail_mode=secure protocols=OpenFlow13"
        cmds+=" other_config:datapath-id=$(printf '%016x' "$h")"
        cmds+=" -- add-port br-vnet vxlan0 -- set Interface vxlan0"
        cmds+=" type=vxlan options:remote_ip=flow options:key=flow"
        cmds+=" $(bench_vif_ports br-vnet "$h" "$vvifs" "$vhosts" vnet_vif)"
        bench_sim_host "$hd" "" $cmds
        ovs-vsctl --db="unix:$hd/db.sock" --no-wait set-controller br-vnet \
            "tcp:127.0.0.1:$OF_PORT" -- set controller br-vnet \
            connection-mode=out-of-band max_backoff=1000
    done

    cmds=""
    for h in $(seq 1 "$vhosts"); do
        cmds+=" -- host-add h$h 192.0.2.$(( h % 250 + 1 ))"
        cmds+=" $(bench_mac_of $(( 0x7f000000 + h ))) unix:$vdir/h$h/db.sock"
    done
    vnbctl --wait=hv --timeout=300 $cmds

    # The intent (bench-lib.sh), VIF i on host ceil(i / per_host).
    segment_cmd() { echo "-- segment-add s$1 vxlan $1"; }
    vif_cmd() { echo "-- vif-add s$2 vif$1 $3 $4"; }
    bench_intent "$vvifs" segment_cmd vif_cmd > "$vdir/intent.cmds"
}

# vnet_unload, vnet_load: the deletion of the whole intent, and its load,
# each in one transaction and until every host confirmed it.  Deleting
# nothing is harmless, so the first load of bench_median_ms needs no
# special case.
vnet_unload() {
    vnbctl --wait=hv --timeout=600 \
        -- --all destroy VIF -- --all destroy Segment
}
vnet_load() { vnbctl --wait=hv --timeout=600 $(cat "$vdir/intent.cmds"); }

# vnet_plug: BENCH_ADDS more ports on host 1, bound to VIFs vifnew1..N
# that vnet_add K then adds, one at a time, to segment
# bench_add_segment K.
vnet_plug() {
    bench_plug_vifs "unix:$vdir/h1/db.sock" br-vnet "$BENCH_ADDS" vnet_vif
    vnbctl --wait=hv --timeout=60 sync
}
vnet_add() {
    vnbctl --wait=hv --timeout=60 \
        vif-add "$(bench_add_segment "$1" "$vvifs")" "vifnew$1" \
        "$(bench_new_mac "$1")" "10.255.0.$1"
}

# vnet_metrics: the controller's /metrics, as published (once a second).
vnet_metrics() {
    sleep 1.5
    curl -s "http://127.0.0.1:$HTTP_PORT/metrics"
}

# vnet_counters: "COMPILATIONS COMPILE_SECONDS HOSTS FLOWS", the
# controller's counters of compilations, their time, and the hosts and
# flows they compiled.
vnet_counters() {
    vnet_metrics | awk '
        /^vnet_compile_seconds_count / { n = $2 }
        /^vnet_compile_seconds_sum / { s = $2 }
        /^vnet_compiled_hosts_total / { h = $2 }
        /^vnet_compiled_flows_total / { f = $2 }
        END { printf "%d %f %d %d", n, s, h, f }'
}

# vnet_flows: "HOSTS MIN AVG MAX", the flows installed per host, from the
# controller's /metrics.
vnet_flows() {
    sleep 1.5       # Let /metrics publish the final state.
    curl -s "http://127.0.0.1:$HTTP_PORT/metrics" \
        | awk -F' ' '/^vnet_flows\{.*table="installed"/ {
                n++; s += $2; if (min == "" || $2 < min) min = $2;
                if ($2 > max) max = $2 }
            END { printf "%d %d %d %d", n, min, s / n, max }'
}

# Sourced (bench-ovn.sh), the script ends here.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

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

dir=$(mktemp -d /tmp/vnet-bench-controller.XXXXXX)
trap 'bench_stop_daemons; rm -rf "$dir"' EXIT

run_size() {
    local vifs=$1 converge one_add flows hwm compile before after per_add
    vnet_up "$dir/$vifs" "$hosts" "$vifs"
    converge=$(bench_median_ms "$repeat" vnet_unload vnet_load)
    vnet_plug
    before=$(vnet_counters)
    one_add=$(bench_median_ms "$BENCH_ADDS" : vnet_add)
    after=$(vnet_counters)
    per_add=$(echo $before $after | awk -v adds="$BENCH_ADDS" '{
        n = $5 - $1
        printf "%.1f %.1f %.1f", n ? ($6 - $2) * 1000 / n : 0,
               ($7 - $3) / adds, ($8 - $4) / adds }')
    flows=$(vnet_flows)
    hwm=$(awk '/VmHWM/ {print $2}' \
          "/proc/$(cat "$vdir/controller.pid")/status")
    compile=$(ovs-appctl -t "$vdir/controller.ctl" status \
              | sed -n 's/.*last took \([0-9]*\) ms.*/\1/p')
    set -- $flows $per_add
    printf '%6d %5d %8d %10.2f %6d %6d %6d %10.3f %12d %10d %14s %9s %9s\n' \
        "$vifs" "$hosts" "$(bench_segments "$vifs")" \
        "$(awk "BEGIN {print $converge / 1000}")" "$2" "$3" "$4" \
        "$(awk "BEGIN {print $one_add / 1000}")" "$(( hwm / 1024 ))" \
        "$compile" "$5" "$6" "$7"
    [ "$1" = "$hosts" ] || echo "  (only $1 of $hosts hosts reported flows)"
    bench_stop_daemons
    rm -rf "${dir:?}/$vifs"
}

echo "vnet-controller with $hosts simulated hosts (ovs-vswitchd, dummy datapath)"
echo "segments of $BENCH_PER_SEGMENT VIFs; times in seconds, memory in MiB"
printf '%6s %5s %8s %10s %6s %6s %6s %10s %12s %10s %14s %9s %9s\n' VIFs \
    hosts segments converge 'flows' 'per' host one-add 'ctl-peak-MiB' \
    compile-ms add-compile-ms add-hosts add-flows
printf '%6s %5s %8s %10s %6s %6s %6s %10s %12s %10s %14s %9s %9s\n' '' '' \
    '' '' min avg max '' '' '' '' '' ''
for n in $sizes; do
    run_size "$n"
done
