#!/bin/bash
# bench-gwmac.sh: does the gwmac datapath action earn its place?
#
#   utilities/bench-gwmac.sh [PACKETS]      (default 3000)
#
# Runs the fork's ovs-vswitchd (userspace datapath, dummy ports) under
# callgrind twice, side by side in one run: once with the L3-gateway rewrite
# written as the composition of existing OpenFlow actions
#
#     set_field:GW->eth_src, set_field:VM->eth_dst, dec_ttl, output
#
# and once as the one gwmac action
#
#     gwmac(src=GW,dst=VM,dec_ttl), output
#
# sends the same PACKETS IPv4 packets through each, and prints per packet:
#   - instructions in odp_execute_actions() (the datapath executing the
#     flow's actions, output included), and
#   - the same without the output action's own cost (dp_execute_cb()),
#     that is, the rewrite alone;
# then the megaflows each needs for packets with 3 different TTLs.
# Numbers are callgrind instruction counts (Ir), not wall-clock time.
set -e -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${VNET_BUILD:-$top/_build}
ovs=$build/ovs
packets=${1:-3000}

die() { echo "bench-gwmac: $*" >&2; exit 1; }
. "$top/utilities/bench-callgrind-lib.sh"

dir=$(mktemp -d /tmp/bench-gwmac.XXXXXX)
cleanup() {
    cg_cleanup
    [ -n "$BENCH_KEEP" ] || rm -rf "$dir"
}
trap cleanup EXIT

# VM A (10.1.1.1) sends an ICMP echo to its gateway for VM B (10.1.2.2).
pkt_ttl() {
    case $1 in
        64)  echo 0200000000fe02000a01010108004500002012340000400151a50a0101010a01020208001c1b00010001766e6574 ;;
        128) echo 0200000000fe02000a01010108004500002012340000800111a50a0101010a01020208001c1b00010001766e6574 ;;
        255) echo 0200000000fe02000a01010108004500002012340000ff0192a40a0101010a01020208001c1b00010001766e6574 ;;
    esac
}
match='in_port=1,ip,nw_dst=10.1.2.2'
compose='set_field:02:00:00:00:00:fe->eth_src,set_field:02:00:0a:01:02:02->eth_dst,dec_ttl,output:2'
gwmac='gwmac(src=02:00:00:00:00:fe,dst=02:00:0a:01:02:02,dec_ttl),output:2'

cg_init "$dir"

# run NAME ACTIONS: one vswitchd under callgrind, PACKETS packets of TTL 64.
run() {
    local name=$1 actions=$2 out=$dir/callgrind.$1
    ovs-vsctl --no-wait --if-exists del-br br0
    cg_vswitchd "$out" odp_execute_actions
    ovs-vsctl -- add-br br0 \
        -- set bridge br0 datapath-type=dummy fail-mode=secure \
        -- add-port br0 p1 \
        -- set Interface p1 type=dummy ofport_request=1 \
        -- add-port br0 p2 \
        -- set Interface p2 type=dummy ofport_request=2
    ovs-ofctl del-flows br0
    ovs-ofctl add-flow br0 "$match actions=$actions"

    cg_send "$packets" p1 "$(pkt_ttl 64)" br0 p2

    # Megaflows once packets of TTLs 128 and 255 have come too.
    ovs-appctl netdev-dummy/receive p1 "$(pkt_ttl 128)" "$(pkt_ttl 255)" \
        >/dev/null
    cg_wait_tx br0 p2 $((packets + 2))
    ovs-appctl dpctl/dump-flows | grep -c 'in_port(1)' > "$dir/megaflows.$name"
    ovs-appctl dpctl/dump-flows | grep 'in_port(1)' \
        | sed 's/.*actions://' | sort | head -1 > "$dir/actions.$name"

    cg_exit
}

echo "bench-gwmac: $packets packets per variant, callgrind, userspace datapath"
run compose "$compose"
run gwmac "$gwmac"

# The 2 packets of other TTLs run through odp_execute_actions too (each
# once, in the slow path's execution of its upcall or in the fast path);
# count them in the denominator.
for v in compose gwmac; do
    total=$(cg_incl "$dir/callgrind.$v" odp_execute_actions)
    output=$(cg_incl "$dir/callgrind.$v" dp_execute_cb)
    n=$((packets + 2))
    printf -v "per_$v" '%d' $((total / n))
    printf -v "rw_$v" '%d' $(((total - output) / n))
done

printf '\n%-44s %10s %10s %7s\n' "" compose gwmac ratio
printf '%-44s %10d %10d %7s\n' "instructions/packet, actions incl. output" \
    "$per_compose" "$per_gwmac" \
    "$(awk -v a="$per_gwmac" -v b="$per_compose" 'BEGIN{printf "%.2f", a/b}')"
printf '%-44s %10d %10d %7s\n' "instructions/packet, rewrite only" \
    "$rw_compose" "$rw_gwmac" \
    "$(awk -v a="$rw_gwmac" -v b="$rw_compose" 'BEGIN{printf "%.2f", a/b}')"
printf '%-44s %10d %10d\n' "megaflows for TTLs 64, 128, 255" \
    "$(cat "$dir/megaflows.compose")" "$(cat "$dir/megaflows.gwmac")"
echo
echo "datapath actions, compose: $(cat "$dir/actions.compose")"
echo "datapath actions, gwmac:   $(cat "$dir/actions.gwmac")"
