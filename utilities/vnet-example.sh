#!/bin/bash
# vnet-example.sh: load the sandbox's example datacenter into the VNET
# database and check, with real pings, who reaches whom.
#
# Three hosts with two VMs each (vnet-sandbox.sh up --hosts 3 --vms 2):
#   red    VLAN 100   vm11 (hv1), vm21 (hv2)
#   green  VLAN 200   vm12 (hv1), vm31 (hv3)
#   blue   VXLAN 5000 vm22 (hv2), vm32 (hv3)
#   purple EtherIP 10  vm13 (hv1), vm23 (hv2), vm33 (hv3), flooding to
#                      multicast group 239.1.1.10; and bare1, a
#                      non-virtualized machine on the underlay LAN, through
#                      hv1's uplink (purple's gateway, untagged)
# Every VM is in 10.0.0.0/16, so only vnet keeps the segments apart.
#
# Router r1 (one block below, self-contained) joins two more segments in
# subnets of their own, with VMs of their own that route via r1:
#   olive  VLAN 300    10.30.0.0/24  ol1 (hv1)              r1: 10.30.0.1
#   cyan   EtherIP 40  10.40.0.0/24  cy2 (hv2), cy3 (hv3)   r1: 10.40.0.1
set -e -o pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
sb=$top/utilities/vnet-sandbox.sh
dir=${VNET_SANDBOX_DIR:-${VNET_BUILD:-$top/_build}/sandbox}

vif() {
    local seg=$1 vm=$2
    echo "vif-add $seg $vm $(cat "$dir/vms/$vm/mac") $(cut -d/ -f1 "$dir/vms/$vm/ip")"
}

# The MTU that vnet gives network $2 (a segment, or a router for the VMs
# that route through it), from vnet-nbctl $1-list; vnet never fragments, so
# each VM takes it, as an operator would (VXLAN 1450 and EtherIP 1464 on
# the sandbox's 1500-byte underlay).
mtu_of() {
    "$sb" nbctl --format=csv --no-headings "$1-list" \
        | awk -F, -v name="$2" '$1 == name { print $NF }'
}
set_mtu() {
    local mtu vm
    mtu=$(mtu_of "$1" "$2")
    shift 2
    for vm in "$@"; do "$sb" exec "$vm" ip link set eth0 mtu "$mtu"; done
}

# The EtherIP segment's VMs, one more on each host, and the bare machine.
for h in 1 2 3; do
    [ -d "$dir/vms/vm${h}3" ] || "$sb" vm-add "hv$h" "vm${h}3" "10.0.$h.3/16" \
        "52:54:00:00:0$h:03" >/dev/null
done
[ -d "$dir/phys/bare1" ] || "$sb" phys-add bare1 10.0.9.1/16 >/dev/null

# One transaction for the whole topology; --wait=hv returns once every
# host has the flows.
"$sb" nbctl --wait=hv --timeout=30 \
    -- segment-add red vlan 100 \
    -- segment-add green vlan 200 \
    -- segment-add blue vxlan 5000 \
    -- --multicast-group=239.1.1.10 segment-add purple etherip 10 \
    -- segment-set-gateway purple hv1 \
    -- $(vif red vm11) -- $(vif red vm21) \
    -- $(vif green vm12) -- $(vif green vm31) \
    -- $(vif blue vm22) -- $(vif blue vm32) \
    -- $(vif purple vm13) -- $(vif purple vm23) -- $(vif purple vm33)
set_mtu segment red vm11 vm21
set_mtu segment green vm12 vm31
set_mtu segment blue vm22 vm32
set_mtu segment purple vm13 vm23 vm33

# --- Router r1 between olive (VLAN) and cyan (EtherIP) ------------------
# Each routed VM has its own subnet and a default route via r1's address
# on its segment; vnet answers its ARP for it on the VM's own host.  The
# router neither fragments nor sends "fragmentation needed", so the VMs
# of all its segments use the router's MTU, the smallest of its segments'.
for vm in ol1:hv1:10.30.0.11:1e:11 cy2:hv2:10.40.0.12:28:12 \
          cy3:hv3:10.40.0.13:28:13; do
    IFS=: read -r name host ip m1 m2 <<< "$vm"
    [ -d "$dir/vms/$name" ] \
        || "$sb" vm-add "$host" "$name" "$ip/24" "52:54:00:00:$m1:$m2"
    "$sb" exec "$name" ip route replace default via "${ip%.*}.1"
done
"$sb" nbctl --wait=hv --timeout=30 \
    -- segment-add olive vlan 300 \
    -- --multicast-group=239.1.1.40 segment-add cyan etherip 40 \
    -- $(vif olive ol1) -- $(vif cyan cy2) -- $(vif cyan cy3) \
    -- router-add r1 \
    -- router-if-add r1 olive 02:00:00:00:1e:01 10.30.0.1/24 \
    -- router-if-add r1 cyan 02:00:00:00:28:01 10.40.0.1/24
set_mtu router r1 ol1 cy2 cy3
routed_group=ol1,cy2,cy3
# --- end of router r1 ---------------------------------------------------

"$sb" nbctl show
# Let every host learn every other host's underlay address (OVS snoops the
# ARP replies for its tunnels' next hops), as a running datacenter would
# have, so that the matrix measures vnet and not the first ARP.
for a in "$dir"/hv*; do
    for b in "$dir"/hv*; do
        n=$(basename "$b")
        [ "$a" = "$b" ] || "$sb" host "$(basename "$a")" \
            ping -q -c 1 -W 1 "192.0.2.$((10 + ${n#hv}))" >/dev/null || true
    done
done
"$top/utilities/vnet-reachability.sh" \
    --groups "vm11,vm21 vm12,vm31 vm22,vm32 vm13,vm23,vm33,bare1 $routed_group"
