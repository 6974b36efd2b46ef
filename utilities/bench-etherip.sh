#!/bin/bash
# bench-etherip.sh: instructions per packet of EtherIP encapsulation and
# decapsulation (push_etherip, pop_etherip) against OVS's native VXLAN
# (tnl_push, tnl_pop), measured side by side in one callgrind run of
# utilities/bench-etherip.c through odp_execute_actions() on the same
# packets.  The issue's target: EtherIP costs no more than VXLAN.
#
#   utilities/bench-etherip.sh [ITERATIONS]    (default 1000 batches of 32)
#
# Needs the fork built (utilities/ovs-fork.sh build) and valgrind.
set -e -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${VNET_BUILD:-$top/_build}
ovs=$build/ovs
out=$build/bench
iterations=${1:-1000}

die() { echo "bench-etherip: $*" >&2; exit 1; }

[ -f "$ovs/lib/.libs/libopenvswitch.a" ] \
    || die "no $ovs/lib/.libs/libopenvswitch.a: run utilities/ovs-fork.sh build"
command -v valgrind >/dev/null || die "valgrind is not installed"

mkdir -p "$out"
libs=$(sed -n 's/^LIBS = //p; s/^SSL_LIBS = //p; s/^CAPNG_LDADD = //p' \
           "$ovs/Makefile" | tr '\n' ' ')
# -O2 as the fork itself is built; the four measured functions are
# noinline and not merged (-fno-ipa-icf), so that callgrind reports each.
gcc -O2 -g -fno-ipa-icf -include "$ovs/config.h" \
    -I"$ovs/include" -I"$ovs/lib" -I"$ovs" \
    -o "$out/bench-etherip" "$top/utilities/bench-etherip.c" \
    "$ovs/lib/.libs/libopenvswitch.a" $libs -lpthread -lrt

"$out/bench-etherip" 1 >/dev/null     # Self-check (asserts) outside valgrind.

valgrind --tool=callgrind --callgrind-out-file="$out/callgrind.out" \
    "$out/bench-etherip" "$iterations" > "$out/bench.txt" 2>/dev/null
packets=$(sed -n 's/^packets per function: //p' "$out/bench.txt")

callgrind_annotate --inclusive=yes "$out/callgrind.out" 2>/dev/null \
    > "$out/annotate.txt"
ir() {
    local n
    n=$(grep -E "^ *[0-9,]+ \([ 0-9.]+%\)  .*:$1(\.[a-z0-9.]+)? " \
            "$out/annotate.txt" | head -1 | awk '{gsub(",", "", $1); print $1}')
    [ -n "$n" ] || die "callgrind reported nothing for $1"
    echo "$n"
}
per_packet() { awk -v n="$1" -v p="$packets" 'BEGIN { printf "%.1f", n / p }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

push_e=$(ir bench_push_etherip); pop_e=$(ir bench_pop_etherip)
push_v=$(ir bench_push_vxlan);   pop_v=$(ir bench_pop_vxlan)

printf 'Instructions per packet through odp_execute_actions (%d packets,\n' \
       "$packets"
printf '98-byte frames, batches of 32; callgrind, inclusive):\n\n'
printf '  %-10s %12s %12s %8s\n' "" EtherIP VXLAN ratio
printf '  %-10s %12s %12s %8s\n' push "$(per_packet "$push_e")" \
       "$(per_packet "$push_v")" "$(ratio "$push_e" "$push_v")"
printf '  %-10s %12s %12s %8s\n' pop "$(per_packet "$pop_e")" \
       "$(per_packet "$pop_v")" "$(ratio "$pop_e" "$pop_v")"
printf '\nratio = EtherIP / VXLAN; target: at most 1.00\n'
