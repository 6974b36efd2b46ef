#!/bin/bash
# bench-farms.sh: what does the notional gateway cost, and what do a host's
# flows grow with?
#
#   utilities/bench-farms.sh [SECONDS]      (iperf3 run length, default 5)
#
# Brings up a sandbox of its own (3 hosts, AF_PACKET ports) with farm acme:
#   web 10.1.1.0/24: a1 (hv1), b1 (hv2)
#   db  10.1.2.0/24: b2 (hv2)             web <-> db allowed both ways
#   ops 10.1.3.0/24: c2 (hv2)             web -> ops only (conntrack)
# and measures, side by side in one run, from a1 (hv1) to VMs on hv2:
#   - TCP throughput (iperf3) and ping RTT within the subnet (a1 -> b1),
#     across the gateway (a1 -> b2: gwmac with dec_ttl), and across a
#     one-way policy (a1 -> c2: conntrack as well), in interleaved rounds;
#   - hv1's OpenFlow flows and datapath megaflows as VMs are added: first
#     in another farm on hv3 (hv1 should not change), then in web on hv3
#     (hv1's reachable peers), then on hv1 itself.
# Ratios are of numbers measured in the same run; nothing here is a test.
set -e -o pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-5}
rounds=${BENCH_ROUNDS:-3}

[ "$(id -u)" = 0 ] || { echo "bench-farms: needs root" >&2; exit 1; }
command -v iperf3 >/dev/null || { echo "bench-farms: needs iperf3" >&2; exit 1; }

export VNET_SANDBOX_DIR=$(mktemp -d /tmp/bench-farms.XXXXXX)/sandbox
export VNET_SANDBOX_PREFIX=vb$$
sb=$top/utilities/vnet-sandbox.sh
trap '"$sb" down >/dev/null 2>&1; rm -rf "$(dirname "$VNET_SANDBOX_DIR")"' EXIT

"$sb" up --hosts 3 --vms 0 >/dev/null
vm() {   # vm HOST NAME IP/24
    "$sb" vm-add "$1" "$2" "$3/24" >/dev/null
    "$sb" exec "$2" ip route replace default via "${3%.*}.1"
}
vif() { echo "vif-add $1 $2 $(cat "$VNET_SANDBOX_DIR/vms/$2/mac") $3"; }

vm hv1 a1 10.1.1.11
vm hv2 b1 10.1.1.12
vm hv2 b2 10.1.2.12
vm hv2 c2 10.1.3.12
"$sb" nbctl --wait=hv --timeout=30 \
    -- farm-add acme 1 alice -- farm-add other 2 bob \
    -- subnet-add acme web 10.1.1.0/24 -- subnet-add acme db 10.1.2.0/24 \
    -- subnet-add acme ops 10.1.3.0/24 -- subnet-add other x 10.2.1.0/24 \
    -- policy-add web db -- policy-add db web -- policy-add web ops \
    -- $(vif web a1 10.1.1.11) -- $(vif web b1 10.1.1.12) \
    -- $(vif db b2 10.1.2.12) -- $(vif ops c2 10.1.3.12)

for v in b1 b2 c2; do
    "$sb" exec $v iperf3 -s -D -1 >/dev/null 2>&1 || true
done

# Warm up every path (ARP, the gateway, conntrack).
for ip in 10.1.1.12 10.1.2.12 10.1.3.12; do
    "$sb" exec a1 ping -q -c 3 -i 0.2 -W 2 $ip >/dev/null
done

declare -A bps rtt
for r in $(seq $rounds); do
    for p in intra:b1:10.1.1.12 inter:b2:10.1.2.12 oneway:c2:10.1.3.12; do
        IFS=: read -r name v ip <<< "$p"
        "$sb" exec $v iperf3 -s -D -1 >/dev/null 2>&1 || true
        sleep 0.3
        b=$("$sb" exec a1 iperf3 -c $ip -t "$secs" -J \
            | /usr/bin/python3 -c 'import json,sys; print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]))')
        t=$("$sb" exec a1 ping -q -c 500 -i 0.005 $ip \
            | sed -n 's|^rtt [^=]*= [0-9.]*/\([0-9.]*\)/.*|\1|p')
        bps[$name]="${bps[$name]} $b"
        rtt[$name]="${rtt[$name]} $t"
    done
done

mean() { tr ' ' '\n' | awk 'NF {s += $1; n++} END {printf "%.6g", s / n}'; }
echo "a1 (hv1) to hv2, $rounds interleaved rounds of $secs s iperf3 and 500 pings:"
printf '%-8s %14s %12s\n' path 'Mbit/s' 'RTT ms'
for name in intra inter oneway; do
    m=$(mean <<< "${bps[$name]}")
    t=$(mean <<< "${rtt[$name]}")
    printf '%-8s %14.1f %12.4f\n' "$name" "$(awk "BEGIN {print $m / 1e6}")" "$t"
done
ratio() { awk "BEGIN {printf \"%.3f\", $1 / $2}"; }
echo "inter/intra throughput: $(ratio "$(mean <<< "${bps[inter]}")" "$(mean <<< "${bps[intra]}")")" \
     " RTT: $(ratio "$(mean <<< "${rtt[inter]}")" "$(mean <<< "${rtt[intra]}")")"
echo "oneway/intra throughput: $(ratio "$(mean <<< "${bps[oneway]}")" "$(mean <<< "${bps[intra]}")")" \
     " RTT: $(ratio "$(mean <<< "${rtt[oneway]}")" "$(mean <<< "${rtt[intra]}")")"

# Flows and megaflows on hv1 (and hv3) as VMs come.
count() {
    local flows megaflows ip peers=0
    # Flush megaflows through the revalidator (dpctl/del-flows would leave
    # its ukeys behind, and later upcalls would fail to install flows).
    "$sb" appctl hv1 revalidator/purge >/dev/null
    # a1's peers (acme's VMs but itself); the other farm's VMs talk among
    # themselves.
    for ip in $(cat "$VNET_SANDBOX_DIR"/vms/*/ip | cut -d/ -f1 \
                | grep '^10\.1\.' | grep -vx 10.1.1.11); do
        if "$sb" exec a1 ping -q -c 2 -i 0.1 -W 1 "$ip" >/dev/null 2>&1; then
            peers=$((peers + 1))
        fi
    done
    flows=$("$sb" ofctl hv1 dump-flows br-vnet | grep -c 'table=' || true)
    megaflows=$("$sb" appctl hv1 dpctl/dump-flows | grep -c 'in_port' \
                || true)
    printf '%-42s %6s %9s %10s %9s\n' "$1" "$peers" "$flows" "$megaflows" \
        "$("$sb" ofctl hv3 dump-flows br-vnet | grep -c 'table=' || true)"
}
echo
echo "a1 pings each of its peers twice; megaflows on hv1 after that:"
printf '%-42s %6s %9s %10s %9s\n' step peers 'hv1 flows' megaflows \
    'hv3 flows'
count "start: 4 VMs (1 on hv1)"
n=0
add() {   # add HOST SUBNET NET COUNT
    local names=() i
    for i in $(seq "$4"); do
        n=$((n + 1))
        vm "$1" "z$n" "$3.$((100 + n))"
        names+=(-- $(vif "$2" "z$n" "$3.$((100 + n))"))
    done
    "$sb" nbctl --wait=hv --timeout=30 "${names[@]}"
}
add hv3 x 10.2.1 6
for i in $(seq 2 6); do
    "$sb" exec z1 ping -q -c 2 -i 0.1 -W 1 "10.2.1.$((100 + i))" >/dev/null || true
done
count "+6 VMs in another farm on hv3"
add hv3 web 10.1.1 6
count "+6 VMs in web on hv3 (peers of a1)"
add hv1 web 10.1.1 3
count "+3 VMs in web on hv1"
