#!/bin/bash
# bench-datapath.sh: instructions per packet of each isolation mode's
# datapath actions, with callgrind, side by side in one run.
#
#   utilities/bench-datapath.sh [PACKETS] [--whole] [--json FILE]
#                                                         (default 1000)
#
# One ovs-vswitchd of the fork (userspace datapath, dummy ports) runs under
# callgrind, collecting only inside odp_execute_actions() (the datapath
# executing a megaflow's actions, output included), as bench-gwmac.sh does.
# Each mode has its own input port and flow; for each mode the counters are
# zeroed (callgrind_control), PACKETS packets are sent, and the counters
# dumped, so every mode is measured in the same process on the same
# packets:
#
#   normal        actions=NORMAL (a learning switch: plain OVS)
#   vlan-push     push_vlan, set_field vlan_vid, output (VLAN, sending)
#   vlan-pop      pop_vlan, output (VLAN, receiving)
#   vxlan-push    output to a VXLAN port: tnl_push (OVS native VXLAN)
#   vxlan-pop     VXLAN to the host's IP: tnl_pop, recirculation, output
#   etherip-push  push_etherip, output
#   etherip-pop   pop_etherip, recirculation, output
#   gwmac         gwmac(src,dst,dec_ttl), output (MAC rewriting)
#   set-field     set_field eth_src, set_field eth_dst, dec_ttl, output (the
#                 same rewrite without gwmac)
#
# The pops' counts include the recirculated pass (flow lookup of the inner
# frame and its output), which both tunnels need.  Each mode first sends 8
# packets uncounted, so that every counted packet hits the datapath's flow
# table.
# --whole counts the whole datapath path instead, inside
# dp_netdev_process_rxq_port(): receiving a batch of up to 32 packets,
# parsing them, the flow lookup (exact-match cache, then megaflows), the
# actions, recirculation and the output; the OpenFlow pipeline that made
# the megaflow costs nothing per packet once the megaflow exists.
# --json FILE appends one record per mode for bench-report.py (section
# "datapath", or "datapath-whole" with --whole).
set -e -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${VNET_BUILD:-$top/_build}
ovs=${VNET_OVS_BUILD:-$build/ovs}
packets=1000
json=
fn=odp_execute_actions
section=datapath
while [ $# -gt 0 ]; do
    case $1 in
        --json) json=$2; shift 2 ;;
        --whole) fn=dp_netdev_process_rxq_port; section=datapath-whole
                 shift ;;
        *) packets=$1; shift ;;
    esac
done

die() { echo "bench-datapath: $*" >&2; exit 1; }
. "$top/utilities/bench-callgrind-lib.sh"

dir=$(mktemp -d /tmp/bench-datapath.XXXXXX)
cleanup() {
    cg_cleanup
    [ -n "$BENCH_KEEP" ] || rm -rf "$dir" || true
}
trap cleanup EXIT

HOST_MAC=aa:55:aa:55:00:00      # this host's underlay MAC and IP
HOST_IP=1.1.2.88
PEER_MAC=f8:bc:12:44:34:b6      # the peer host's
PEER_IP=1.1.2.92

# The packets, as hex: a VM's ICMP echo (98 bytes, as ping sends), the same
# tagged VLAN 100, in EtherIP (VNET id 7) and in VXLAN (VNI 7) from the
# peer host to this one.
eval "$(/usr/bin/python3 - "$HOST_MAC" "$HOST_IP" "$PEER_MAC" "$PEER_IP" <<'EOF'
import sys
from scapy.all import Ether, IP, ICMP, UDP, Dot1Q, Raw, raw
from scapy.contrib.etherip import EtherIP
from scapy.layers.vxlan import VXLAN
hmac, hip, pmac, pip = sys.argv[1:]
inner = (Ether(src="52:54:00:00:01:01", dst="52:54:00:00:02:01")
         / IP(src="10.1.1.1", dst="10.1.2.2", ttl=64) / ICMP()
         / Raw(bytes(range(56))))
tagged = (Ether(src=inner.src, dst=inner.dst) / Dot1Q(vlan=100)
          / inner.payload)
outer = Ether(src=pmac, dst=hmac) / IP(src=pip, dst=hip, ttl=64)
etherip = outer / EtherIP(version=3, reserved=7) / inner
vxlan = outer / UDP(sport=54321, dport=4789) / VXLAN(vni=7, flags=8) / inner
reply = (Ether(src=inner.dst, dst=inner.src)
         / IP(src="10.1.2.2", dst="10.1.1.1", ttl=64) / ICMP(type=0))
for name, p in (("plain", inner), ("reply", reply), ("tagged", tagged), ("etherip", etherip),
                ("vxlan", vxlan)):
    print("pkt_%s=%s" % (name, raw(p).hex()))
EOF
)"

cg_init "$dir"
cg_vswitchd "$dir/callgrind.out" "$fn"

# br0: the underlay (uplink p0, the host's IP); int-br: the integration
# bridge, one input port per mode and one output port; br-n: a plain
# two-port learning switch.
inputs="vlanpush vlanpop vxpush etherippush etheripop gwmac setfield"
cmds="-- add-br br0 -- set bridge br0 datapath_type=dummy"
cmds+=" other-config:hwaddr=$HOST_MAC"
cmds+=" -- add-port br0 p0 -- set Interface p0 type=dummy ofport_request=1"
cmds+=" -- add-br int-br -- set bridge int-br datapath_type=dummy"
cmds+=" fail_mode=secure protocols=OpenFlow10,OpenFlow13"
cmds+=" -- add-port int-br out -- set Interface out type=dummy ofport_request=1"
cmds+=" -- add-port int-br vx -- set Interface vx type=vxlan"
cmds+=" options:remote_ip=$PEER_IP options:key=7 ofport_request=2"
n=10
for p in $inputs; do
    cmds+=" -- add-port int-br $p -- set Interface $p type=dummy"
    cmds+=" ofport_request=$n"
    n=$((n + 1))
done
cmds+=" -- add-br br-n -- set bridge br-n datapath_type=dummy"
cmds+=" -- add-port br-n n1 -- set Interface n1 type=dummy ofport_request=1"
cmds+=" -- add-port br-n n2 -- set Interface n2 type=dummy ofport_request=2"
ovs-vsctl $cmds
ovs-appctl netdev-dummy/ip4addr br0 $HOST_IP/24 >/dev/null
ovs-appctl ovs/route/add $PEER_IP/24 br0 >/dev/null
ovs-appctl tnl/neigh/set br0 $PEER_IP $PEER_MAC >/dev/null
ovs-ofctl add-flow br0 actions=NORMAL
ovs-ofctl del-flows br-n
ovs-ofctl add-flow br-n actions=NORMAL
ovs-ofctl -O OpenFlow13 add-flows int-br - <<EOF
in_port=vlanpush actions=push_vlan:0x8100,set_field:4196->vlan_vid,output:out
in_port=vlanpop,dl_vlan=100 actions=pop_vlan,output:out
in_port=vxpush actions=output:vx
in_port=vx,tun_id=7 actions=output:out
in_port=etherippush actions=push_etherip(vnet_id=7,eth_src=$HOST_MAC,eth_dst=$PEER_MAC,ip_src=$HOST_IP,ip_dst=$PEER_IP,df),output:out
in_port=etheripop,ip,nw_proto=97 actions=pop_etherip,resubmit(,1)
table=1,tun_id=7,tun_src=$PEER_IP actions=output:out
in_port=gwmac,ip actions=gwmac(src=02:00:00:00:00:fe,dst=02:00:0a:01:02:02,dec_ttl),output:out
in_port=setfield,ip actions=set_field:02:00:00:00:00:fe->eth_src,set_field:02:00:0a:01:02:02->eth_dst,dec_ttl,output:out
EOF

# measure MODE LABEL PORT HEX BRIDGE OUT: one mode's count.
measure() {
    local mode=$1 label=$2 file ir actions
    # A few packets first, so that the counted ones all hit the datapath's
    # flow table (no upcall), in both passes of a recirculation.
    cg_send 8 "$3" "$4" "$5" "$6"
    callgrind_control --zero "$cg_vpid" >/dev/null 2>&1
    cg_send "$packets" "$3" "$4" "$5" "$6"
    callgrind_control --dump="$mode" "$cg_vpid" >/dev/null 2>&1
    file=$(ls -t "$dir"/callgrind.out.* 2>/dev/null | head -1)
    ir=$(cg_incl "$file" "$fn")
    actions=$(ovs-appctl dpctl/dump-flows 2>/dev/null \
                  | grep "in_port($(ovs-appctl dpif/show | awk -v p="$3" '$1 == p {split($2, a, "/"); sub(":", "", a[2]); print a[2]}'))" \
                  | sed 's/.*actions://' | sort | paste -sd'|' -)
    [ "$ir" != 0 ] || die "$mode: callgrind counted nothing"
    per=$(awk -v a="$ir" -v n="$packets" 'BEGIN { printf "%.1f", a / n }')
    printf '  %-14s %-40s %10s   %s\n' "$mode" "$label" "$per" "$actions"
    if [ -n "$json" ]; then
        /usr/bin/python3 -c 'import json, sys; print(json.dumps({"section": sys.argv[6], "mode": sys.argv[1], "label": sys.argv[2], "instructions": float(sys.argv[3]), "packets": int(sys.argv[4]), "actions": sys.argv[5]}))' \
            "$mode" "$label" "$per" "$packets" "$actions" "$section" >> "$json"
    fi
}

echo "bench-datapath: $packets packets per mode, callgrind in $fn"
printf '  %-14s %-40s %10s   %s\n' mode "" instr/pkt "datapath actions"
# The learning switch learns the VM's peer first, so NORMAL outputs to one
# port rather than flooding.
ovs-appctl netdev-dummy/receive n2 "$pkt_reply" >/dev/null
measure normal "plain OVS: NORMAL" n1 "$pkt_plain" br-n n2
measure vlan-push "VLAN: push_vlan" vlanpush "$pkt_plain" int-br out
measure vlan-pop "VLAN: pop_vlan" vlanpop "$pkt_tagged" int-br out
measure vxlan-push "VXLAN: tnl_push" vxpush "$pkt_plain" br0 p0
measure vxlan-pop "VXLAN: tnl_pop + recirculation" p0 "$pkt_vxlan" int-br out
measure etherip-push "EtherIP: push_etherip" etherippush "$pkt_plain" int-br out
measure etherip-pop "EtherIP: pop_etherip + recirculation" etheripop "$pkt_etherip" int-br out
measure gwmac "MAC rewriting: gwmac" gwmac "$pkt_plain" int-br out
measure set-field "MAC rewriting: set_field x2 + dec_ttl" setfield "$pkt_plain" int-br out
