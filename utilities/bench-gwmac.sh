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
[ -x "$ovs/vswitchd/ovs-vswitchd" ] \
    || die "no $ovs/vswitchd/ovs-vswitchd: run utilities/ovs-fork.sh build"
command -v valgrind >/dev/null && command -v callgrind_annotate >/dev/null \
    || die "needs valgrind (utilities/install-deps.sh)"

export PATH=$ovs/utilities:$ovs/vswitchd:$ovs/ovsdb:$PATH
dir=$(mktemp -d /tmp/bench-gwmac.XXXXXX)
export OVS_RUNDIR=$dir OVS_LOGDIR=$dir OVS_DBDIR=$dir OVS_SYSCONFDIR=$dir
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
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

ovsdb-tool create "$dir/conf.db" "$ovs/vswitchd/vswitch.ovsschema"
ovsdb-server --detach --no-chdir --pidfile --log-file \
    --remote=punix:"$dir/db.sock" "$dir/conf.db"
pids+=("$(cat "$dir/ovsdb-server.pid")")
ovs-vsctl --no-wait init

# wait_tx N: waits until p2 has sent N packets.
wait_tx() {
    local n
    for _ in $(seq 1200); do
        n=$(ovs-ofctl dump-ports br0 2 2>/dev/null \
                | sed -n 's/.*tx pkts=\([0-9]*\).*/\1/p')
        n=${n:-0}
        [ "$n" -ge "$1" ] && return 0
        sleep 0.1
    done
    die "p2 sent $n packets, not $1"
}

# run NAME ACTIONS: one vswitchd under callgrind, PACKETS packets of TTL 64.
run() {
    local name=$1 actions=$2 out=$dir/callgrind.$1
    ovs-vsctl --no-wait --if-exists del-br br0
    valgrind --tool=callgrind --callgrind-out-file="$out" \
        --toggle-collect=odp_execute_actions \
        ovs-vswitchd --enable-dummy --disable-system \
        --disable-system-route --no-chdir --pidfile --log-file \
        -vconsole:off unix:"$dir/db.sock" 2>"$dir/valgrind.$name" &
    local vpid=$!
    pids+=("$vpid")
    for _ in $(seq 600); do
        ovs-appctl version >/dev/null 2>&1 && break
        sleep 0.1
    done
    ovs-vsctl -- add-br br0 \
        -- set bridge br0 datapath-type=dummy fail-mode=secure \
        -- add-port br0 p1 \
        -- set Interface p1 type=dummy ofport_request=1 \
        -- add-port br0 p2 \
        -- set Interface p2 type=dummy ofport_request=2
    ovs-ofctl del-flows br0
    ovs-ofctl add-flow br0 "$match actions=$actions"

    # In chunks that the dummy port's receive queue holds, each sent once
    # the datapath has forwarded the previous one.
    local p args=() sent=0 chunk
    p=$(pkt_ttl 64)
    while [ $sent -lt "$packets" ]; do
        chunk=$(( packets - sent < 32 ? packets - sent : 32 ))
        args=()
        for _ in $(seq "$chunk"); do args+=("$p"); done
        ovs-appctl netdev-dummy/receive p1 "${args[@]}" >/dev/null
        sent=$((sent + chunk))
        wait_tx $sent
    done

    # Megaflows once packets of TTLs 128 and 255 have come too.
    ovs-appctl netdev-dummy/receive p1 "$(pkt_ttl 128)" "$(pkt_ttl 255)" \
        >/dev/null
    wait_tx $((packets + 2))
    ovs-appctl dpctl/dump-flows | grep -c 'in_port(1)' > "$dir/megaflows.$name"
    ovs-appctl dpctl/dump-flows | grep 'in_port(1)' \
        | sed 's/.*actions://' | sort | head -1 > "$dir/actions.$name"

    ovs-appctl exit
    wait "$vpid" || true
    pids=("${pids[@]/$vpid}")
}

# incl FILE FUNCTION: FUNCTION's inclusive instruction count.
incl() {
    callgrind_annotate --inclusive=yes --threshold=100 --auto=no "$1" \
        2>/dev/null | awk -v f=":$2 " '
            index($0, f) && !found { gsub(",", "", $1); print $1; found=1 }
            END { if (!found) print 0 }'
}

echo "bench-gwmac: $packets packets per variant, callgrind, userspace datapath"
run compose "$compose"
run gwmac "$gwmac"

# The 2 packets of other TTLs run through odp_execute_actions too (each
# once, in the slow path's execution of its upcall or in the fast path);
# count them in the denominator.
for v in compose gwmac; do
    total=$(incl "$dir/callgrind.$v" odp_execute_actions)
    output=$(incl "$dir/callgrind.$v" dp_execute_cb)
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
