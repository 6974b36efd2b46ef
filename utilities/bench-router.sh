#!/bin/bash
# bench-router.sh: what does vnet's distributed router cost, against the
# same segment and against the paper's routing VM (HP Labs §3.1.2, Figure 9
# and Table 3)?
#
#   utilities/bench-router.sh [--seconds S] [--rounds R] [--packets N]
#                             [--skip-throughput] [--skip-callgrind]
#                             [--keep]   (leave the sandbox up)
#
# Throughput, in one sandbox (utilities/vnet-sandbox.sh, 2 hosts, VLAN
# segments red 100 = 10.1.0.0/24 and blue 200 = 10.2.0.0/24, every frame
# crossing the underlay from hv1 to hv2):
#
#   same segment   a1, a2 (red, hv1)  ->  r1, r2 (red, hv2)
#   vnet router    a1, a2 (red, hv1)  ->  b1, b2 (blue, hv2), routed by
#                  hv1 in one hop (router r1: 10.1.0.1, 10.2.0.1)
#   routing VM     a1, a2 (red, hv1)  ->  rvm (hv2, a namespace with a NIC
#                  on red and one on blue, ip_forward=1)  ->  b1, b2
#
# each with one sender (a1) and two senders at once (a1 and a2), iperf3
# TCP for S seconds (default 5), R rounds interleaved (default 3), the
# median printed; then ping round-trip times for the three paths.  On a
# shared machine successive runs vary more than the router costs, so each
# round also runs a same-segment and a routed flow side by side, at the
# same time (a1 -> r1 with a2 -> b1, then a1 -> b1 with a2 -> r1): both
# see the same load, and their ratio is the router's cost.  The
# senders' route to blue (and the receivers' back) is switched between the
# vnet router and the routing VM between runs; nothing else changes.
#
# Per packet (callgrind, the fork's ovs-vswitchd on dummy ports as in
# bench-gwmac.sh): instructions in the datapath's input path
# (dp_netdev_input__: parse, lookup, actions, output) for N packets
# (default 3000) through the action list vnet compiles for plain L2
# forwarding and for routing, to a local port and onto a VLAN.
#
# Numbers come from one run on one machine: only the ratios mean much.
set -e -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${VNET_BUILD:-$top/_build}
ovs=${VNET_OVS_BUILD:-$build/ovs}
sb=$top/utilities/vnet-sandbox.sh
seconds=5 rounds=3 packets=3000 throughput=yes callgrind=yes keep=

die() { echo "bench-router: $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
    case $1 in
        --seconds) seconds=$2; shift 2 ;;
        --rounds) rounds=$2; shift 2 ;;
        --packets) packets=$2; shift 2 ;;
        --skip-throughput) throughput=; shift ;;
        --skip-callgrind) callgrind=; shift ;;
        --keep) keep=yes; shift ;;
        *) die "unknown option $1 (see the header of $0)" ;;
    esac
done
[ "$(id -u)" = 0 ] || [ -z "$throughput" ] \
    || die "the throughput part needs root (network namespaces)"
command -v iperf3 >/dev/null || [ -z "$throughput" ] \
    || die "needs iperf3 (utilities/install-deps.sh)"
command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null \
    || [ -z "$callgrind" ] || die "needs valgrind (utilities/install-deps.sh)"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# --- Throughput --------------------------------------------------------

export VNET_SANDBOX_DIR=${VNET_SANDBOX_DIR:-$build/bench-router}
export VNET_SANDBOX_PREFIX=${VNET_SANDBOX_PREFIX:-vbr}
tmp=$(mktemp -d /tmp/bench-router.XXXXXX)

cleanup() {
    [ -z "$throughput" ] || [ -n "$keep" ] || "$sb" down >/dev/null 2>&1 \
        || true
    rm -rf "$tmp"
}
trap cleanup EXIT

sandbox_up() {
    local vm host ip mac
    "$sb" down >/dev/null
    "$sb" up --hosts 2 --vms 0 >/dev/null
    for vm in a1:hv1:10.1.0.11:01:11 a2:hv1:10.1.0.12:01:12 \
              r1:hv2:10.1.0.21:01:21 r2:hv2:10.1.0.22:01:22 \
              b1:hv2:10.2.0.21:02:21 b2:hv2:10.2.0.22:02:22 \
              rvm:hv2:10.1.0.254:01:fe rvmb:hv2:10.2.0.254:02:fe; do
        IFS=: read -r vm host ip m1 m2 <<< "$vm"
        "$sb" vm-add "$host" "$vm" "$ip/24" "52:54:00:00:$m1:$m2"
    done
    # The routing VM: rvmb's NIC joins rvm as its second NIC, eth1.
    ip -n "$VNET_SANDBOX_PREFIX-rvmb" link set eth0 name eth1
    ip -n "$VNET_SANDBOX_PREFIX-rvmb" link set eth1 netns \
        "$VNET_SANDBOX_PREFIX-rvm"
    "$sb" exec rvm ip addr add 10.2.0.254/24 dev eth1
    "$sb" exec rvm ip link set eth1 up
    "$sb" exec rvm sysctl -qw net.ipv4.ip_forward=1

    # The routing VM's NICs forward other machines' packets: they are
    # bound to their MACs only (no IPv4 address, so L2 port security).
    "$sb" nbctl --wait=hv --timeout=30 \
        -- segment-add red vlan 100 -- segment-add blue vlan 200 \
        -- vif-add red a1 52:54:00:00:01:11 10.1.0.11 \
        -- vif-add red a2 52:54:00:00:01:12 10.1.0.12 \
        -- vif-add red r1 52:54:00:00:01:21 10.1.0.21 \
        -- vif-add red r2 52:54:00:00:01:22 10.1.0.22 \
        -- vif-add blue b1 52:54:00:00:02:21 10.2.0.21 \
        -- vif-add blue b2 52:54:00:00:02:22 10.2.0.22 \
        -- vif-add red rvm 52:54:00:00:01:fe \
        -- vif-add blue rvmb 52:54:00:00:02:fe \
        -- router-add r1 \
        -- router-if-add r1 red 02:00:00:00:00:01 10.1.0.1/24 \
        -- router-if-add r1 blue 02:00:00:00:00:02 10.2.0.1/24
    for vm in r1 r2 b1 b2; do
        "$sb" exec "$vm" iperf3 -s -D --pidfile "$tmp/iperf3-$vm.pid"
    done
    # A VM that only talks through the router never sends a frame with its
    # own MAC onto the wire (the router answers its ARP locally and routes
    # its packets with the router's MAC), so the underlay and br-phy would
    # flood routed frames to it as unknown unicast (DESIGN.md).  Each VM
    # announces itself once, with an ARP broadcast, as VMs do.
    for vm in a1 a2 r1 r2 b1 b2; do
        "$sb" exec "$vm" ping -q -c 1 -W 1 "$("$sb" exec "$vm" ip -4 -o addr \
            show eth0 | sed 's|.* \([0-9.]*\)\.[0-9]*/.*|\1|').99" \
            >/dev/null || true
    done
}

# via vnet|rvm: where red and blue route to each other.
via() {
    local vm
    for vm in a1 a2; do
        "$sb" exec "$vm" ip route replace 10.2.0.0/24 \
            via "$([ "$1" = vnet ] && echo 10.1.0.1 || echo 10.1.0.254)"
    done
    for vm in b1 b2; do
        "$sb" exec "$vm" ip route replace 10.1.0.0/24 \
            via "$([ "$1" = vnet ] && echo 10.2.0.1 || echo 10.2.0.254)"
    done
    for vm in a1 a2; do
        "$sb" exec "$vm" ping -q -c 1 -W 2 10.2.0.21 >/dev/null \
            || die "$vm does not reach b1 via $1"
    done
}

# iperf_each SENDER:DEST...: the Mbit/s of each sender, all run at once,
# on one line.
iperf_each() {
    local pair i=0
    for pair in "$@"; do
        "$sb" exec "${pair%%:*}" iperf3 -f m -t "$seconds" -c "${pair#*:}" \
            > "$tmp/iperf.$i" 2>&1 &
        i=$((i + 1))
    done
    wait
    for i in $(seq 0 $(($# - 1))); do
        awk '/receiver/ { for (i = 2; i <= NF; i++)
                              if ($i == "Mbits/sec") { print $(i - 1); n++ } }
             END { if (n != 1) exit 1 }' "$tmp/iperf.$i" \
            || { cat "$tmp/iperf.$i"; die "iperf3 failed"; }
    done | tr '\n' ' ' | sed 's/ $/\n/'
    rm -f "$tmp"/iperf.*
}

# iperf SENDER:DEST...: aggregate Mbit/s of the senders, run at once.
iperf() {
    iperf_each "$@" | awk '{ for (i = 1; i <= NF; i++) s += $i
                             printf "%d\n", s }'
}

# side_by_side: routed/same-segment Mbit/s of two flows run at once, the
# mean of both assignments of senders.
side_by_side() {
    local same routed r1 r2
    iperf_each a1:10.1.0.21 a2:10.2.0.21 > "$tmp/pair"
    read -r same routed < "$tmp/pair"
    r1=$(ratio "$routed" "$same")
    iperf_each a1:10.2.0.21 a2:10.1.0.21 > "$tmp/pair"
    read -r routed same < "$tmp/pair"
    r2=$(ratio "$routed" "$same")
    awk -v a="$r1" -v b="$r2" 'BEGIN { printf "%.2f\n", (a + b) / 2 }'
}

# rtt SENDER DEST: average ping round trip in ms.
rtt() {
    "$sb" exec "$1" ping -q -c 50 -i 0.02 -W 1 "$2" \
        | sed -n 's|.* = [0-9.]*/\([0-9.]*\)/.*|\1|p'
}

if [ -n "$throughput" ]; then
    echo "bench-router: sandbox of 2 hosts (${VNET_SANDBOX_PREFIX}-*)," \
         "iperf3 TCP ${seconds}s, $rounds rounds, median"
    sandbox_up
    for round in $(seq "$rounds"); do
        via vnet
        iperf a1:10.1.0.21 >> "$tmp/same1"
        iperf a1:10.2.0.21 >> "$tmp/vnet1"
        iperf a1:10.1.0.21 a2:10.1.0.22 >> "$tmp/same2"
        iperf a1:10.2.0.21 a2:10.2.0.22 >> "$tmp/vnet2"
        side_by_side >> "$tmp/pair1"
        via rvm
        iperf a1:10.2.0.21 >> "$tmp/rvm1"
        iperf a1:10.2.0.21 a2:10.2.0.22 >> "$tmp/rvm2"
        echo "  round $round: same $(tail -1 "$tmp/same1")/$(tail -1 "$tmp/same2")," \
             "vnet $(tail -1 "$tmp/vnet1")/$(tail -1 "$tmp/vnet2")," \
             "routing VM $(tail -1 "$tmp/rvm1")/$(tail -1 "$tmp/rvm2")" \
             "Mbit/s (1/2 senders); side by side routed/same" \
             "$(tail -1 "$tmp/pair1")"
    done
    for v in same1 vnet1 rvm1 same2 vnet2 rvm2; do
        printf -v "$v" '%d' "$(median < "$tmp/$v")"
    done
    pair1=$(median < "$tmp/pair1")
    via vnet
    rtt_same=$(rtt a1 10.1.0.21)
    rtt_vnet=$(rtt a1 10.2.0.21)
    via rvm
    rtt_rvm=$(rtt a1 10.2.0.21)
    via vnet
    "$sb" exec a1 ping -q -c 3 -i 0.2 10.2.0.21 >/dev/null
    routed_dp=$("$sb" appctl hv1 dpctl/dump-flows \
        | grep 'dst=02:00:00:00:00:01.*ipv4(src=10.1.0.11,dst=10.2.0.21' \
        | sed 's/.*actions://' | head -1)
    # The same side-by-side runs once the underlay knows where the VMs
    # are: static entries in both hosts' br-phy (DESIGN.md: a VM that only
    # talks through the router never teaches the underlay its MAC).
    for mac in 01:11 01:12 02:21 02:22; do
        vid=$((${mac%%:*} * 100))
        for h in hv1 hv2; do
            if { [ "$h" = hv1 ] && [ "$vid" = 100 ]; } \
               || { [ "$h" = hv2 ] && [ "$vid" = 200 ]; }; then
                port=patch-vnet
            else
                port=eth1
            fi
            "$sb" appctl "$h" fdb/add br-phy "$port" "$vid" \
                "52:54:00:00:$mac" >/dev/null
        done
    done
    for round in $(seq "$rounds"); do
        side_by_side >> "$tmp/pair2"
    done
    echo "  side by side routed/same, underlay knowing the VMs' MACs:" \
         $(cat "$tmp/pair2")
    pair2=$(median < "$tmp/pair2")
    rtt_vnet_known=$(rtt a1 10.2.0.21)

    printf '\n%-26s %10s %10s %12s %10s %10s\n' "Mbit/s (median)" \
        same-seg vnet-router "routing VM" vnet/same "VM/same"
    printf '%-26s %10d %10d %12d %10s %10s\n' "one sender" \
        "$same1" "$vnet1" "$rvm1" "$(ratio "$vnet1" "$same1")" \
        "$(ratio "$rvm1" "$same1")"
    printf '%-26s %10d %10d %12d %10s %10s\n' "two senders (sum)" \
        "$same2" "$vnet2" "$rvm2" "$(ratio "$vnet2" "$same2")" \
        "$(ratio "$rvm2" "$same2")"
    printf '%-26s %10s %10s %12s %10s %10s\n' "ping RTT, ms (avg of 50)" \
        "$rtt_same" "$rtt_vnet" "$rtt_rvm" "$(ratio "$rtt_vnet" "$rtt_same")" \
        "$(ratio "$rtt_rvm" "$rtt_same")"
    printf '%-26s %10s %10s %12s %10s\n' "side by side, at once" "" "" "" \
        "$pair1"
    printf '%-26s %10s %10s %12s %10s\n' "  same, MACs in br-phy" "" "" "" \
        "$pair2"
    printf '%-26s %10s %10s %12s %10s\n' "  RTT, MACs in br-phy" "" \
        "$rtt_vnet_known" "" "$(ratio "$rtt_vnet_known" "$rtt_same")"
    echo "target: vnet router >= 0.95 of same-segment throughput"
    echo "hv1's datapath actions for a1 -> b1 (routed), MACs unknown:"
    echo "  $routed_dp"
    "$sb" exec a1 ping -q -c 3 -i 0.2 10.2.0.21 >/dev/null
    echo "the same, MACs in br-phy:"
    echo "  $("$sb" appctl hv1 dpctl/dump-flows \
        | grep 'dst=02:00:00:00:00:01.*ipv4(src=10.1.0.11,dst=10.2.0.21' \
        | sed 's/.*actions://' | head -1)"
    [ -n "$keep" ] || "$sb" down >/dev/null
fi

# --- Instructions per packet -------------------------------------------

[ -n "$callgrind" ] || exit 0
(
. "$top/utilities/bench-callgrind-lib.sh"
dir=$tmp/cg
trap cg_cleanup EXIT

# VM a1 (10.1.0.11, red) sends UDP to b1 (10.2.0.21, blue) via its router,
# and to r1 (10.1.0.21, red) directly.
pkt_routed=02000000000152540000011108004500002000004000401126ab0a01000b0a02001504d2162e000cf4d0766e6574
pkt_l2=52540000012152540000011108004500002000004000401126ac0a01000b0a01001504d2162e000cf4d1766e6574
vlan='push_vlan:0x8100,set_field:4196->vlan_vid,'
gw='gwmac(src=02:00:00:00:00:02,dst=52:54:00:00:02:21,dec_ttl),'

cg_init "$dir"

# run NAME PACKET MATCH ACTIONS: one ovs-vswitchd under callgrind.
run() {
    local name=$1 pkt=$2 match=$3 actions=$4
    ovs-vsctl --no-wait --if-exists del-br br0
    cg_vswitchd "$dir/callgrind.$name" dp_netdev_input__
    ovs-vsctl -- add-br br0 \
        -- set bridge br0 datapath-type=dummy fail-mode=secure \
               protocols=OpenFlow13 \
        -- add-port br0 p1 -- set Interface p1 type=dummy ofport_request=1 \
        -- add-port br0 p2 -- set Interface p2 type=dummy ofport_request=2
    ovs-ofctl -O OpenFlow13 del-flows br0
    ovs-ofctl -O OpenFlow13 add-flow br0 "in_port=1,$match actions=$actions"
    cg_send "$packets" p1 "$pkt" br0 p2
    ovs-appctl dpctl/dump-flows | grep 'in_port(1)' | sed 's/.*actions://' \
        > "$dir/actions.$name"
    cg_exit
}

echo
echo "bench-router: $packets packets per variant, callgrind, userspace datapath"
run l2-local "$pkt_l2" "dl_dst=52:54:00:00:01:21" "output:2"
run routed-local "$pkt_routed" "ip,nw_dst=10.2.0.21" "${gw}output:2"
run l2-vlan "$pkt_l2" "dl_dst=52:54:00:00:01:21" "${vlan}output:2"
run routed-vlan "$pkt_routed" "ip,nw_dst=10.2.0.21" "${gw}${vlan}output:2"
for v in l2-local routed-local l2-vlan routed-vlan; do
    total=$(cg_incl "$dir/callgrind.$v" dp_netdev_input__)
    acts=$(cg_incl "$dir/callgrind.$v" odp_execute_actions)
    echo "$((total / packets)) $((acts / packets))" > "$dir/per.$v"
done
printf '\n%-36s %8s %8s %7s   %8s %8s %7s\n' "instructions/packet" \
    "L2" routed ratio "L2" routed ratio
printf '%-36s %8s %8s %7s   %8s %8s %7s\n' "" "(local)" "(local)" "" \
    "(VLAN)" "(VLAN)" ""
for col in 1 2; do
    label=$([ $col = 1 ] && echo "input path (dp_netdev_input__)" \
                         || echo "actions (odp_execute_actions)")
    read -r a < <(cut -d' ' -f$col "$dir/per.l2-local")
    read -r b < <(cut -d' ' -f$col "$dir/per.routed-local")
    read -r c < <(cut -d' ' -f$col "$dir/per.l2-vlan")
    read -r d < <(cut -d' ' -f$col "$dir/per.routed-vlan")
    printf '%-36s %8d %8d %7s   %8d %8d %7s\n' "$label" "$a" "$b" \
        "$(ratio "$b" "$a")" "$c" "$d" "$(ratio "$d" "$c")"
done
echo
for v in l2-local routed-local l2-vlan routed-vlan; do
    printf 'datapath actions, %-13s %s\n' "$v:" "$(cat "$dir/actions.$v")"
done
)
