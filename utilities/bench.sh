#!/bin/bash
# bench.sh: the HP paper's experiments (Table 2/3, Figures 8/9), reproduced
# on the sandbox side by side with plain OVS, Linux and OVN, in one run.
#
#   utilities/bench.sh [--quick] [--only SECTION[,SECTION...]]
#                      [--ports system,afxdp] [--reps N] [--out DIR]
#
# Sections (all by default, in this order):
#   intra     two VMs on different hosts: iperf3 TCP throughput (and
#             retransmits) and ping RTTs (min/median/avg/max/mdev),
#             for native veth (no OVS), plain OVS (NORMAL), and vnet's VLAN,
#             VXLAN, EtherIP and MAC rewriting through vnet-controller and
#             vnet-nbctl; each as a ratio to plain OVS, for AF_PACKET and
#             AF_XDP ports
#   inter     across subnets: MAC rewriting's distributed gateway and vnet's
#             distributed router against a routing VM (a namespace with
#             ip_forward=1 on two VLAN segments; also on two EtherIP
#             segments, the paper's Figure 9), one and two senders
#   datapath  callgrind instructions per packet for each mode's datapath
#             actions (bench-datapath.sh)
#   control   convergence and flows per host at 1k and 10k VIFs
#             (bench-controller.sh), and vnet against OVN for the same intent
#             (bench-ovn.sh)
#
# Every process on the data path runs on one core (bench-lib.sh says why),
# and every throughput sample of a mode is taken next to samples of the
# baseline (plain OVS; the routing VM between subnets), seconds apart: its
# ratio is to the baseline samples around it, and the table shows the
# geometric mean of those ratios, two a repetition (14 repetitions by
# default; rep 1 of every mode, then rep 2, ...), with their range.  A
# sample's ratio spreads by about 12% (standard deviation, in the log) and
# a repetition's mean by a further 5.5%, so a row's mean over 14 is good
# to about 2.7%, and two runs miss 10% on one row in 80 (at 7, one in 13:
# utilities/bench-runs/MEASURED.md, "Measured, session 20").
#
# Fresh sandboxes for every repetition.  Until session 15 a run brought its
# sandboxes up once per table and took every repetition on them; some rows
# then moved between runs by more than their samples' spread allows
# (EtherIP through the controller against EtherIP as static flows, a row
# until session 17, the same encapsulation: 1.04, 1.01, 0.87 and 0.80 in
# four runs, the last three standard errors from 1).  What a started
# switch keeps for its life (where its memory, rings and threads' stacks
# landed) is one draw per start, and a mean over repetitions of one start
# cannot average it.  So each repetition brings up its own sandboxes
# (about 20 s) and takes them down after.
#
# A repetition takes two throughput samples of every mode, then
# BENCH_PING_ROUNDS (10) rounds of pings, each a batch of 20 of every mode
# in the same rotation, so that every mode sees the same mix of the
# scheduler's states; the RTT ratio is of the pooled averages
# (bench-report.py says why).
# A mode that cannot be measured (not implemented, no connectivity) is
# printed as "missing" with the reason, never left out.
#
# Output: DIR (default _build/bench/run-DATE, linked as _build/bench/latest)
# holds samples.jsonl (every raw sample), results.json (the tables), the
# PNG plots and the log of each section; the tables go to stdout.
#
# --quick is for development: 1 repetition, 2 s iperf3, 100 pings, smaller
# control-plane sizes.
set -e -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${VNET_BUILD:-$top/_build}
export VNET_BUILD=$build
sbsh=$top/utilities/vnet-sandbox.sh
. "$top/utilities/bench-lib.sh"

sections=intra,inter,datapath,control
port_types=system,afxdp
reps=14
quick=
out=
P=${VNET_SANDBOX_PREFIX:-vb}
while [ $# -gt 0 ]; do
    case $1 in
        --quick) quick=1; shift ;;
        --only) sections=$2; shift 2 ;;
        --ports) port_types=$2; shift 2 ;;
        --reps) reps=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '2,/^set -e/p' "$0" | sed 's/^# \{0,1\}//; $d'; exit 0 ;;
        *) echo "bench: unknown option '$1' (see --help)" >&2; exit 1 ;;
    esac
done
if [ -n "$quick" ]; then
    reps=1
    export BENCH_IPERF_SECONDS=2 BENCH_PINGS=100
fi
want() { [[ ,$sections, == *,$1,* ]]; }
for s in ${sections//,/ }; do
    case $s in
        intra|inter|datapath|control) ;;
        *) echo "bench: unknown section '$s' (intra, inter, datapath, control)" >&2
           exit 1 ;;
    esac
done

[ "$(id -u)" = 0 ] || { echo "bench: needs root (network namespaces)" >&2; exit 1; }
for f in "$build/ovs/vswitchd/ovs-vswitchd" "$build/vnet/vnet-controller/vnet-controller"; do
    [ -x "$f" ] || { echo "bench: no $f: run utilities/dev.sh build" >&2; exit 1; }
done

out=$(realpath -m "${out:-$build/bench/run-$(date -u +%Y%m%d-%H%M%S)}")
bench_init "$out"
ln -sfn "$out" "$build/bench/latest"
start=$(date +%s)
# The commit measured ("-dirty" if tracked files differ from it), so that
# two runs compared later, perhaps on different machines, can be shown to
# be of the same code.
commit=$(git -C "$top" rev-parse HEAD 2>/dev/null || echo unknown)
git -C "$top" diff --quiet HEAD 2>/dev/null || commit+=-dirty
bench_json started="$(date -u +%FT%TZ)" commit="$commit" reps="$reps" \
    quick="${quick:-0}" \
    sections="$sections" ports="$port_types" iperf_seconds="$BENCH_IPERF_SECONDS" \
    pings="$BENCH_PINGS" ping_rounds="$BENCH_PING_ROUNDS" \
    ping_interval="$BENCH_PING_INTERVAL" \
    load="$(cut -d' ' -f1-3 /proc/loadavg)" cpus="$(nproc)" \
    > "$out/meta.json"

# The two sandboxes of a round: "n" runs --flows normal (plain OVS, and
# the native pair on its underlay), "v" runs
# vnet-controller.  Both are up at once so that their modes interleave.
sbn() { VNET_SANDBOX_DIR=$out/sb-n VNET_SANDBOX_PREFIX=${P}n "$sbsh" "$@"; }
sbv() { VNET_SANDBOX_DIR=$out/sb-v VNET_SANDBOX_PREFIX=${P}v "$sbsh" "$@"; }
nsn() { echo "${P}n-$1"; }
nsv() { echo "${P}v-$1"; }

cleanup() {
    bench_cleanup
    sbn down >/dev/null 2>&1 || true
    sbv down >/dev/null 2>&1 || true
}
trap cleanup EXIT

# Every VM and machine gets MTU 1400 in every mode, so that each
# encapsulation (VXLAN 50 bytes, EtherIP 36) fits the 1500-byte underlay and
# all modes send the same segment sizes.
VM_MTU=1400

# pin_sandbox SB HOSTS: bench-lib.sh's CPU placement for sandbox SB's
# switches, PMD threads (AF_XDP) included.
pin_sandbox() {
    local sb=$1 hosts=$2 h
    [ -n "$BENCH_CPU" ] || return 0
    for h in $(seq "$hosts"); do
        "sb$sb" host "hv$h" ovs-vsctl set Open_vSwitch . \
            other_config:pmd-cpu-mask="$(printf %x $((1 << BENCH_CPU)))"
    done
    bench_pin_switches "$out/sb-$sb"
}

# vm SB HOST VM IP/LEN: adds a VM to sandbox SB ("n" or "v").
vm() {
    local sb=$1 h=$2 name=$3 ip=$4
    "sb$sb" vm-add "$h" "$name" "$ip" >/dev/null
    ip -n "$("ns$sb" "$name")" link set eth0 mtu $VM_MTU
}
vmmac() { cat "$out/sb-$1/vms/$2/mac"; }

# Each host resolves every other host's underlay address once, as a running
# datacenter has (OVS snoops the replies for its tunnels' next hops).
warm_underlay() {
    local sb=$1 hosts=$2 a b
    for a in $(seq "$hosts"); do
        for b in $(seq "$hosts"); do
            [ "$a" = "$b" ] || "sb$sb" host "hv$a" ping -q -c 1 -W 1 \
                "192.0.2.1$b" >/dev/null 2>&1 || true
        done
    done
}

# nb LABEL ARGS...: one vnet-nbctl transaction that waits for the hosts;
# its error, if any, is kept as LABEL's reason for the report.
declare -A reason
nb() {
    local label=$1 err; shift
    if ! err=$(sbv nbctl --wait=hv --timeout=20 "$@" 2>&1 >/dev/null); then
        reason[$label]=$(echo "$err" | head -1)
        bench_log "$label: $err"
    else
        reason[$label]="vnet-nbctl accepted the intent and every host confirmed"
    fi
}

# bracketed BASELINE REP PASSES MODE...: the order of repetition REP: the
# other modes rotated by REP, so that each comes early in some repetitions
# and late in others, PASSES times (1 or 2; the second pass in reverse, so
# that a mode's two samples are as far from the middle of the repetition
# on either side and a steady drift over it cancels), the baseline first
# and again after every PASSES samples of the others.  Each sample is
# compared with the baseline samples nearest it in time (bench-report.py),
# seconds apart, rather than with a baseline measured minutes earlier.
# Without a live baseline, the modes just rotate.
#
# Throughput takes two passes.  One sample's ratio spreads by 12-22% in
# the logarithm, and on these machines the throughput of one path jumps
# between two or three levels 30-40% apart that hold for 5-20 s each
# (the same with no OVS at all: it is how sender, receiver and switches
# take turns on one core), so only more samples narrow a ratio.  With one
# pass the baseline took 8 of every 15 samples; with two, 6 of 16, and
# each mode gets twice the samples in the same time.
bracketed() {
    local base=$1 rep=$2 passes=$3 m i n=0 others=() seq=() have_base=
    shift 3
    for m in "$@"; do
        if [ "$m" = "$base" ]; then have_base=1; else others+=("$m"); fi
    done
    for i in $(seq 0 $(( ${#others[@]} - 1 ))); do
        seq+=("${others[$(( (i + rep - 1) % ${#others[@]} ))]}")
    done
    if [ "$passes" = 2 ]; then
        for i in $(seq $(( ${#seq[@]} - 1 )) -1 0); do
            seq+=("${seq[$i]}")
        done
    fi
    [ -z "$have_base" ] || echo "$base"
    for m in "${seq[@]}"; do
        echo "$m"
        n=$((n + 1))
        if [ -n "$have_base" ] && { [ $((n % passes)) = 0 ] \
                                       || [ "$n" = "${#seq[@]}" ]; }; then
            echo "$base"
        fi
    done
}

# --- Intra-subnet ---------------------------------------------------------

# Modes of the intra table, in order; each has a client namespace and a
# server IP (iperf3 server in the peer's namespace).
intra_modes="native normal vlan vxlan etherip macrw"

# intra_round PORTS REP: repetition REP of the intra table on sandboxes of
# its own, brought up for it and taken down after it (see "Fresh sandboxes
# for every repetition" above).
intra_round() {
    local ports=$1 r=$2 hosts=2 m
    declare -A client server_ns server_ip
    reason=()
    bench_log "intra ($ports) #$r: bringing up the sandboxes"
    sbn up --hosts 2 --vms 0 --ports "$ports" --flows normal >/dev/null
    sbv up --hosts "$hosts" --vms 0 --ports "$ports" >/dev/null
    pin_sandbox n 2; pin_sandbox v "$hosts"

    # Native: two machines on the underlay bridge, no OVS.
    sbn phys-add nat1 10.9.0.1/24 >/dev/null
    sbn phys-add nat2 10.9.0.2/24 >/dev/null
    for m in nat1 nat2; do ip -n "$(nsn $m)" link set eth0 mtu $VM_MTU; done
    client[native]=$(nsn nat1); server_ns[native]=$(nsn nat2)
    server_ip[native]=10.9.0.2

    # Plain OVS: br-vnet is a learning switch (NORMAL).
    vm n hv1 nor1 10.0.0.1/24; vm n hv2 nor2 10.0.0.2/24
    client[normal]=$(nsn nor1); server_ns[normal]=$(nsn nor2)
    server_ip[normal]=10.0.0.2

    # vnet through the controller: one segment (or subnet) per mode.
    vm v hv1 vla1 10.0.0.1/24; vm v hv2 vla2 10.0.0.2/24
    vm v hv1 vxa1 10.0.0.1/24; vm v hv2 vxa2 10.0.0.2/24
    vm v hv1 eta1 10.0.0.1/24; vm v hv2 eta2 10.0.0.2/24
    vm v hv1 mra1 10.1.1.1/24; vm v hv2 mra2 10.1.1.2/24
    vif() { echo "vif-add $1 $2 $(vmmac v "$2") ${3:-}"; }
    nb vlan -- segment-add bvlan vlan 101 -- $(vif bvlan vla1 10.0.0.1) \
        -- $(vif bvlan vla2 10.0.0.2)
    nb vxlan -- segment-add bvxlan vxlan 5001 \
        -- $(vif bvxlan vxa1 10.0.0.1) -- $(vif bvxlan vxa2 10.0.0.2)
    nb etherip -- --head-end segment-add betherip etherip 7 \
        -- $(vif betherip eta1 10.0.0.1) -- $(vif betherip eta2 10.0.0.2)
    nb macrw -- --may-exist farm-add bfarm 1 \
        -- --gateway-ip=10.1.1.254 subnet-add bfarm bs1 10.1.1.0/24 \
        -- $(vif bs1 mra1 10.1.1.1) -- $(vif bs1 mra2 10.1.1.2)
    client[vlan]=$(nsv vla1); server_ns[vlan]=$(nsv vla2); server_ip[vlan]=10.0.0.2
    client[vxlan]=$(nsv vxa1); server_ns[vxlan]=$(nsv vxa2); server_ip[vxlan]=10.0.0.2
    client[etherip]=$(nsv eta1); server_ns[etherip]=$(nsv eta2); server_ip[etherip]=10.0.0.2
    client[macrw]=$(nsv mra1); server_ns[macrw]=$(nsv mra2); server_ip[macrw]=10.1.1.2
    warm_underlay n 2; warm_underlay v "$hosts"

    # Which modes work; the others are reported missing with the reason.
    local live=()
    for m in $intra_modes; do
        if bench_reach "${client[$m]}" "${server_ip[$m]}"; then
            live+=("$m")
            bench_iperf_server "${server_ns[$m]}"
        else
            bench_missing intra "$ports" "$m" \
                "no connectivity${reason[$m]:+ (${reason[$m]})}"
        fi
    done

    local round
    for m in $(bracketed normal "$r" 2 "${live[@]}"); do
        bench_measure intra "$ports" "$m" "$r" "${client[$m]}" \
            "${server_ip[$m]}" || true
    done
    for round in $(seq "$BENCH_PING_ROUNDS"); do
        for m in $(bracketed normal "$r" 1 "${live[@]}"); do
            bench_measure_rtt intra "$ports" "$m" "$r" "${client[$m]}" \
                "${server_ip[$m]}"
        done
    done
    bench_cleanup
    sbn down >/dev/null; sbv down >/dev/null
}

# --- Inter-subnet ---------------------------------------------------------

# inter_pair MODE CLIENT_NS SERVER_NS SERVER_IP: registers one sender.
declare -A inter_clients inter_servers
inter_add() {
    inter_clients[$1]+="$2:$4 "
    inter_servers[$1]+="$3 "
}

# default_route SB VM GW
default_route() { ip -n "$("ns$1" "$2")" route add default via "$3"; }

# routing_vm NAME NAME_B NET [SENDER RECEIVER MODE]: a routing VM NAME on
# hv3 with eth0 in NET.1.0/24 and eth1 (NAME_B's VIF, moved into NAME) in
# NET.2.0/24, forwarding; two senders on hv1 (SENDER1, SENDER2 in NET.1) and
# two receivers on hv2 (RECEIVER1, RECEIVER2 in NET.2) routed through it.
# Its VIFs carry no IP: it forwards others' packets, which a VIF's IPv4
# anti-spoofing check would drop.
routing_vm() {
    local r=$1 rb=$2 net=$3 snd=${4:-rs} rcv=${5:-rr} mode=${6:-routing-vm} i
    vm v hv3 "$r" "$net.1.254/24"; vm v hv3 "$rb" "$net.2.254/24"
    ip -n "$(nsv "$rb")" link set eth0 down
    ip -n "$(nsv "$rb")" link set eth0 name eth1
    ip -n "$(nsv "$rb")" link set eth1 netns "$(nsv "$r")"
    ip -n "$(nsv "$r")" addr add "$net.2.254/24" dev eth1
    ip -n "$(nsv "$r")" link set eth1 mtu $VM_MTU up
    ip netns exec "$(nsv "$r")" sysctl -qw net.ipv4.ip_forward=1
    for i in 1 2; do
        vm v hv1 "$snd$i" "$net.1.$i/24"; default_route v "$snd$i" "$net.1.254"
        vm v hv2 "$rcv$i" "$net.2.$i/24"; default_route v "$rcv$i" "$net.2.254"
        inter_add "$mode" "$(nsv "$snd$i")" "$(nsv "$rcv$i")" "$net.2.$i"
    done
}

# inter_round REP: repetition REP of the inter table, on a sandbox of its
# own, as intra_round.
inter_round() {
    local r=$1 ports=system hosts=3 m i
    reason=()
    inter_clients=(); inter_servers=()
    bench_log "inter ($ports) #$r: bringing up the sandbox"
    sbv up --hosts "$hosts" --vms 0 --ports "$ports" >/dev/null
    pin_sandbox v "$hosts"
    vif() { echo "vif-add $1 $2 $(vmmac v "$2") ${3:-}"; }

    # Routing VMs on hv3, senders on hv1, receivers on hv2: between two VLAN
    # segments (the baseline), and between two EtherIP segments (the
    # paper's Figure 9).
    routing_vm rtr rtrb 10.2
    nb routing-vm -- segment-add rta vlan 201 -- segment-add rtb vlan 202 \
        -- $(vif rta rtr) -- $(vif rtb rtrb) \
        -- $(vif rta rs1 10.2.1.1) -- $(vif rta rs2 10.2.1.2) \
        -- $(vif rtb rr1 10.2.2.1) -- $(vif rtb rr2 10.2.2.2)
    routing_vm rte rteb 10.4 es er routing-vm-etherip
    nb routing-vm-etherip -- --head-end segment-add rtea etherip 41 \
        -- --head-end segment-add rteb etherip 42 \
        -- $(vif rtea rte) -- $(vif rteb rteb) \
        -- $(vif rtea es1 10.4.1.1) -- $(vif rtea es2 10.4.1.2) \
        -- $(vif rteb er1 10.4.2.1) -- $(vif rteb er2 10.4.2.2)

    # vnet's distributed router between two VLAN segments.
    for i in 1 2; do
        vm v hv1 ds$i 10.3.1.$i/24; default_route v ds$i 10.3.1.254
        vm v hv2 dr$i 10.3.2.$i/24; default_route v dr$i 10.3.2.254
        inter_add router "$(nsv ds$i)" "$(nsv dr$i)" 10.3.2.$i
    done
    nb router -- segment-add dra vlan 301 -- segment-add drb vlan 302 \
        -- $(vif dra ds1 10.3.1.1) -- $(vif dra ds2 10.3.1.2) \
        -- $(vif drb dr1 10.3.2.1) -- $(vif drb dr2 10.3.2.2) \
        -- router-add bdr \
        -- router-if-add bdr dra 02:00:00:03:01:fe 10.3.1.254/24 \
        -- router-if-add bdr drb 02:00:00:03:02:fe 10.3.2.254/24

    # MAC rewriting: two subnets of one farm, allowed to talk, each VM's
    # gateway the subnet's notional gateway.
    for i in 1 2; do
        vm v hv1 gs$i 10.1.2.$i/24; default_route v gs$i 10.1.2.254
        vm v hv2 gr$i 10.1.3.$i/24; default_route v gr$i 10.1.3.254
        inter_add macrw "$(nsv gs$i)" "$(nsv gr$i)" 10.1.3.$i
    done
    nb macrw -- farm-add bfarm 1 \
        -- --gateway-ip=10.1.2.254 subnet-add bfarm bs2 10.1.2.0/24 \
        -- --gateway-ip=10.1.3.254 subnet-add bfarm bs3 10.1.3.0/24 \
        -- policy-add bs2 bs3 -- policy-add bs3 bs2 \
        -- $(vif bs2 gs1 10.1.2.1) -- $(vif bs2 gs2 10.1.2.2) \
        -- $(vif bs3 gr1 10.1.3.1) -- $(vif bs3 gr2 10.1.3.2)
    warm_underlay v "$hosts"

    local live=() spec ok ns ipaddr
    for m in routing-vm routing-vm-etherip router macrw; do
        ok=1
        for spec in ${inter_clients[$m]}; do
            IFS=: read -r ns ipaddr <<<"$spec"
            bench_reach "$ns" "$ipaddr" || { ok=; break; }
        done
        if [ -n "$ok" ]; then
            live+=("$m")
            for ns in ${inter_servers[$m]}; do bench_iperf_server "$ns"; done
        else
            for k in 1-sender 2-senders; do
                bench_missing inter "$k" "$m" \
                    "no connectivity from $ns to $ipaddr${reason[$m]:+ (${reason[$m]})}"
            done
        fi
    done

    local first tp round
    for m in $(bracketed routing-vm "$r" 2 "${live[@]}"); do
        set -- ${inter_clients[$m]}
        first=$1
        IFS=: read -r ns ipaddr <<<"$first"
        # One sender: throughput (RTT below); two: throughput summed.
        if tp=$(bench_steal bench_iperf "$ns" "$ipaddr" \
                    "$BENCH_IPERF_SECONDS"); then
            set -- $tp
            bench_log "inter/1-sender/$m #$r: $tp"
            bench_record inter 1-sender "$m" "$r" mbps="$1" \
                retransmits="$2" steal="$3"
        fi
        if tp=$(bench_steal bench_iperf_multi "$BENCH_IPERF_SECONDS" \
                    ${inter_clients[$m]}); then
            set -- $tp
            bench_log "inter/2-senders/$m #$r: $tp"
            bench_record inter 2-senders "$m" "$r" mbps="$1" \
                retransmits="$2" steal="$3"
        fi
    done
    for round in $(seq "$BENCH_PING_ROUNDS"); do
        for m in $(bracketed routing-vm "$r" 1 "${live[@]}"); do
            IFS=: read -r ns ipaddr <<<"${inter_clients[$m]%% *}"
            bench_measure_rtt inter 1-sender "$m" "$r" "$ns" "$ipaddr"
        done
    done
    bench_cleanup
    sbv down >/dev/null
}

# --- Sections -------------------------------------------------------------

section_time() { bench_json section="$1" seconds="$2" >> "$out/timings.jsonl"; }

if want intra; then
    for ports in ${port_types//,/ }; do
        t=$(date +%s)
        for r in $(seq "$reps"); do
            intra_round "$ports" "$r" 2>&1 | tee -a "$out/intra.log" >&2
        done
        section_time "intra-$ports" $(( $(date +%s) - t ))
    done
fi
if want inter; then
    t=$(date +%s)
    for r in $(seq "$reps"); do
        inter_round "$r" 2>&1 | tee -a "$out/inter.log" >&2
    done
    section_time inter $(( $(date +%s) - t ))
fi
if want datapath; then
    t=$(date +%s)
    "$top/utilities/bench-datapath.sh" ${quick:+300} --json "$BENCH_SAMPLES" \
        2>&1 | tee "$out/datapath.log" >&2
    section_time datapath $(( $(date +%s) - t ))
fi
if want control; then
    t=$(date +%s)
    if [ -n "$quick" ]; then sizes="--hosts 10 1000"; else sizes="1000 10000"; fi
    "$top/utilities/bench-controller.sh" --repeat 5 $sizes \
        2>"$out/controller.err" | tee "$out/controller.log" >&2
    bench_json section=control-log file=controller.log >> "$BENCH_SAMPLES"
    # vnet and OVN take turns (VIFS:TURNS:VNET_LOADS_PER_TURN:ADDS): 9
    # turns where OVN's load takes seconds, 3 at 10,000 VIFs, where it
    # takes minutes and vnet's takes seconds, so vnet loads 3 times a turn
    # there; an add by each side spreads by 30% from one to the next, so
    # there are many, as many as fit a few minutes.
    ovn_hosts=10 ovn_sizes="1000:9:1:45 10000:3:3:25"
    [ -z "$quick" ] || { ovn_hosts=4; ovn_sizes=200:3:1:7; }
    for n in $ovn_sizes; do
        IFS=: read -r vifs turns vnet_loads adds <<< "$n"
        "$top/utilities/bench-ovn.sh" --hosts "$ovn_hosts" --vifs "$vifs" \
            --repeat "$turns" --vnet-loads "$vnet_loads" --adds "$adds" \
            --json "$BENCH_SAMPLES" 2>&1 \
            | grep -v '^20..-' | tee -a "$out/ovn.log" >&2
    done
    section_time control $(( $(date +%s) - t ))
fi

bench_json seconds=$(( $(date +%s) - start )) >> "$out/timings.jsonl"
/usr/bin/python3 "$top/utilities/bench-report.py" "$out"
