#!/bin/bash
# vnet-sandbox.sh: a whole virtual datacenter on one machine.
#
#   vnet-sandbox.sh up [--hosts N] [--vms M] [--ports system|afxdp]
#                      [--flows controller|normal]
#   vnet-sandbox.sh down
#   vnet-sandbox.sh status
#   vnet-sandbox.sh exec VM COMMAND...        run COMMAND inside a VM
#   vnet-sandbox.sh host HOST COMMAND...      run COMMAND on a host, with
#                                             OVS_RUNDIR etc. set, e.g.
#                                             "host hv1 ovs-vsctl show"
#   vnet-sandbox.sh vsctl|ofctl|appctl HOST ARGS...   shortcuts for "host"
#   vnet-sandbox.sh mgmt COMMAND...           run COMMAND on the mgmt node
#   vnet-sandbox.sh nbctl ARGS...             vnet-nbctl on the VNET database
#   vnet-sandbox.sh ctl ARGS...               ovs-appctl to vnet-controller
#   vnet-sandbox.sh controller-restart        stop and start vnet-controller
#   vnet-sandbox.sh db-stop|db-start [HOST]   stop or start the VNET database,
#                                             or HOST's Open_vSwitch database
#   vnet-sandbox.sh host-add HOST             add one more host
#   vnet-sandbox.sh vm-add HOST VM IP/LEN [MAC]
#   vnet-sandbox.sh vm-del VM
#   vnet-sandbox.sh phys-add NAME IP/LEN      a non-virtualized machine on
#                                             the underlay LAN
#   vnet-sandbox.sh phys NAME COMMAND...      run COMMAND on it
#
# Every host is a network namespace running the fork's ovsdb-server and
# ovs-vswitchd (userspace datapath) with the integration bridge br-vnet and
# an underlay bridge br-phy that holds the host's uplink and underlay IP.  A
# "lan" namespace holds two Linux bridges: the underlay (physical LAN) and a
# separate management network, which the "mgmt" namespace (the management
# node) shares with every host.  VMs are namespaces whose eth0 is a veth
# whose peer is a port on br-vnet.
#
# With "--flows controller" (the default) the management node runs the VNET
# database and vnet-controller, every host joins vnet (the vnet columns of
# its Open_vSwitch database, and br-vnet's controller) and is registered in
# the VNET database, and every VM port names its VIF; which VM reaches which
# is then up to the intent loaded with vnet-nbctl ("nbctl ARGS...").  With
# "--flows normal" br-vnet is a plain learning switch.
#
# Everything made is first written to $VNET_SANDBOX_DIR/manifest (namespaces
# and pidfiles with the binary they belong to), so "down" removes exactly what
# "up" made, even after a crash, and never kills a process by name.
#
# Environment: VNET_SANDBOX_DIR (state, default _build/sandbox),
# VNET_SANDBOX_PREFIX (namespace name prefix, default "vs"), VNET_BUILD,
# VNET_OVS_BUILD (the fork's build, default $VNET_BUILD/ovs) and
# VNET_BUILDDIR (vnet's build, default $VNET_BUILD/vnet).
set -e -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${VNET_BUILD:-$top/_build}
ovs=${VNET_OVS_BUILD:-$build/ovs}
dir=${VNET_SANDBOX_DIR:-$build/sandbox}
P=${VNET_SANDBOX_PREFIX:-vs}
vnet=${VNET_BUILDDIR:-$build/vnet}
manifest=$dir/manifest
export PATH=$ovs/utilities:$ovs/vswitchd:$ovs/ovsdb:$top/utilities:$vnet/utilities:$vnet/vnet-controller:$PATH

UNDERLAY_NET=192.0.2          # TEST-NET-1: hosts' encap (underlay) IPs.
MGMT_NET=198.51.100           # TEST-NET-2: the management network.

die() { echo "vnet-sandbox: $*" >&2; exit 1; }
say() { echo "vnet-sandbox: $*"; }

lan_ns() { echo "$P-lan"; }
mgmt_ns() { echo "$P-mgmt"; }
host_ns() { echo "$P-$1"; }
vm_ns() { echo "$P-$1"; }
phys_ns() { echo "$P-$1"; }

record() { mkdir -p "$dir"; echo "$*" >> "$manifest"; }

# Host number N of "hvN".
host_num() {
    [[ $1 =~ ^hv([0-9]+)$ ]] || die "host name '$1' is not of the form hvN"
    echo "${BASH_REMATCH[1]}"
}
# (Not "ip netns list": it fails with "Peer netns reference is invalid"
# while someone else's namespace is being deleted.)
host_exists() { [ -d "$dir/$1" ] && [ -e "/run/netns/$(host_ns "$1")" ]; }
vm_host() { cat "$dir/vms/$1/host" 2>/dev/null; }

MGMT_IP=$MGMT_NET.1
OPENFLOW_PORT=6653

# Runs a command inside host $1's namespace with that host's OVS environment.
in_host() {
    local h=$1; shift
    ip netns exec "$(host_ns "$h")" env OVS_RUNDIR="$dir/$h" \
        OVS_DBDIR="$dir/$h" OVS_LOGDIR="$dir/$h" OVS_PKGDATADIR="$ovs" \
        OVS_SYSCONFDIR="$dir/$h" "$@"
}

# Refuses a namespace that exists before recording it: "down" would
# otherwise delete what another sandbox (or a killed run) left there.
netns_add() {
    [ ! -e "/run/netns/$1" ] || die "namespace $1 exists: a sandbox with \
prefix $P is up elsewhere or was killed without \"down\" (ip netns del $1)"
    record "netns $1"
    ip netns add "$1"
    ip -n "$1" link set lo up
}

# Starts a daemon in host $1's namespace (or "mgmt"'s), recording its pidfile
# and binary so that "down" can stop exactly this process.
start_daemon() {
    local h=$1 prog=$2; shift 2
    local bin; bin=$(command -v "$prog")
    record "pidfile $dir/$h/$prog.pid $bin"
    in_host "$h" "$prog" --detach --no-chdir -vconsole:off --pidfile="$dir/$h/$prog.pid" \
        --log-file="$dir/$h/$prog.log" "$@"
}

default_port_type() {
    echo system
}

cmd_up() {
    local hosts=3 vms=2 flows=controller
    ports=${VNET_PORT_TYPE:-$(default_port_type)}
    while [ $# -gt 0 ]; do
        case $1 in
            --hosts) hosts=$2; shift 2 ;;
            --vms) vms=$2; shift 2 ;;
            --ports) ports=$2; shift 2 ;;
            --flows) flows=$2; shift 2 ;;
            *) die "up: unknown option '$1'" ;;
        esac
    done
    [[ $hosts =~ ^[1-9][0-9]?$ ]] || die "up: --hosts must be 1 to 99"
    [[ $vms =~ ^[0-9]$ ]] || die "up: --vms must be 0 to 9"
    case $ports in
        system|afxdp) ;;
        *) die "up: --ports must be system (AF_PACKET) or afxdp" ;;
    esac
    case $flows in
        controller)
            command -v vnet-controller >/dev/null || \
                die "up: no vnet-controller in $vnet (build vnet first)" ;;
        normal) ;;
        *) die "up: --flows must be controller or normal" ;;
    esac
    [ -x "$ovs/vswitchd/ovs-vswitchd" ] || \
        die "no fork build in $ovs: run utilities/ovs-fork.sh first"
    [ ! -f "$manifest" ] || die "a sandbox is already up in $dir (run down)"
    [ "$(id -u)" = 0 ] || die "up needs root (network namespaces)"
    mkdir -p "$dir/vms"
    echo "$ports" > "$dir/port-type"
    echo "$flows" > "$dir/flows"

    say "underlay LAN $UNDERLAY_NET.0/24, management network $MGMT_NET.0/24"
    local lan; lan=$(lan_ns)
    netns_add "$lan"
    for br in underlay mgmtnet; do
        ip -n "$lan" link add "$br" type bridge
        # No IGMP snooping: nothing on the LAN joins groups, and EtherIP
        # floods to a multicast group as a switch without snooping would.
        ip -n "$lan" link set "$br" type bridge stp_state 0 forward_delay 0 \
            mcast_snooping 0
        ip -n "$lan" link set "$br" up
    done

    local mgmt; mgmt=$(mgmt_ns)
    netns_add "$mgmt"
    ip -n "$lan" link add mgmt type veth peer name eth0 netns "$mgmt"
    ip -n "$lan" link set mgmt master mgmtnet up
    ip -n "$mgmt" addr add "$MGMT_NET.1/24" dev eth0
    ip -n "$mgmt" link set eth0 up
    if [ "$flows" = controller ]; then
        start_mgmt
    fi

    for h in $(seq 1 "$hosts"); do
        cmd_host_add "hv$h"
    done
    for h in $(seq 1 "$hosts"); do
        for v in $(seq 1 "$vms"); do
            cmd_vm_add "hv$h" "vm$h$v" "10.0.$h.$v/16" \
                "$(printf '52:54:00:00:%02x:%02x' "$h" "$v")"
        done
    done
    say "up: $hosts hosts, $((hosts * vms)) VMs, $ports ports"
}

# The management node: the VNET database and vnet-controller.
start_mgmt() {
    mkdir -p "$dir/mgmt"
    ovsdb-tool create "$dir/mgmt/vnet.db" "$top/schema/vnet.ovsschema"
    start_vnet_db
    vnet-nbctl --db="unix:$dir/mgmt/vnet.sock" init
    start_controller
    say "management node: VNET database tcp:$MGMT_IP:6641," \
        "vnet-controller on tcp:$MGMT_IP:$OPENFLOW_PORT"
}

start_vnet_db() {
    start_daemon mgmt ovsdb-server "$dir/mgmt/vnet.db" \
        --remote="punix:$dir/mgmt/vnet.sock" --remote="ptcp:6641:$MGMT_IP"
}

# Host $1's Open_vSwitch database, on its socket and the management network.
start_host_db() {
    start_daemon "$1" ovsdb-server "$dir/$1/conf.db" \
        --remote="punix:$dir/$1/db.sock" \
        --remote="ptcp:6640:$MGMT_NET.$((10 + $(host_num "$1")))"
}

# The database that "db-stop"/"db-start" HOST mean: the VNET database on
# the management node without HOST, else HOST's Open_vSwitch database.
db_node() {
    if [ -z "$1" ]; then
        [ -f "$dir/mgmt/vnet.db" ] || die "no VNET database"
        echo mgmt
    else
        host_exists "$1" || die "no host $1"
        echo "$1"
    fi
}

start_controller() {
    start_daemon mgmt vnet-controller --db="unix:$dir/mgmt/vnet.sock" \
        --listen="ptcp:$OPENFLOW_PORT:$MGMT_IP" \
        --unixctl="$dir/mgmt/vnet-controller.ctl" --http="$MGMT_IP:8080"
}

cmd_host_add() {
    local h=$1 n ns lan
    n=$(host_num "$h")
    ns=$(host_ns "$h")
    lan=$(lan_ns)
    ports=$(cat "$dir/port-type")
    ! host_exists "$h" || die "host $h exists"
    mkdir -p "$dir/$h"
    netns_add "$ns"

    # Uplink to the underlay, and a management interface.
    ip -n "$lan" link add "up-$h" type veth peer name eth1 netns "$ns"
    ip -n "$lan" link set "up-$h" master underlay up
    ip -n "$lan" link add "mg-$h" type veth peer name mgmt0 netns "$ns"
    ip -n "$lan" link set "mg-$h" master mgmtnet up
    ip -n "$ns" link set eth1 up
    ip -n "$ns" link set mgmt0 up
    ip -n "$ns" addr add "$MGMT_NET.$((10 + n))/24" dev mgmt0
    ip netns exec "$ns" ethtool -K eth1 tx off >/dev/null 2>&1 || true
    if [ "$ports" = afxdp ]; then
        # An AF_XDP port's XDP program sees only the frame's bytes.  With
        # VLAN offload the underlay's veths keep a received tag out of band,
        # and VLAN segments would lose their tags between hosts.
        ip netns exec "$lan" ethtool -K "up-$h" rxvlan off txvlan off \
            >/dev/null 2>&1 || true
        ip netns exec "$ns" ethtool -K eth1 rxvlan off txvlan off \
            >/dev/null 2>&1 || true
    fi

    in_host "$h" ovsdb-tool create "$dir/$h/conf.db" \
        "$ovs/vswitchd/vswitch.ovsschema"
    start_host_db "$h"
    in_host "$h" ovs-vsctl --no-wait init -- \
        set Open_vSwitch . external_ids:hostname="$h" \
            external_ids:vnet-encap-ip="$UNDERLAY_NET.$((10 + n))"
    if [ "$ports" = afxdp ]; then
        # PMD threads busy-poll AF_XDP queues; let them sleep when idle so
        # that several hosts can share two cores.
        in_host "$h" ovs-vsctl --no-wait set Open_vSwitch . \
            other_config:pmd-maxsleep=500
    fi
    start_daemon "$h" ovs-vswitchd "unix:$dir/$h/db.sock"

    # br-phy holds the uplink and the underlay IP (OVS's userspace tunneling
    # layout); br-vnet is the integration bridge that the controller owns.
    # br-phy, which owns the underlay IP, gets a fixed MAC, and that is the
    # MAC the host registers (EtherIP is addressed to it).  Not eth1's: the
    # kernel's eth1 would then take the frames for it as its own too, and
    # answer EtherIP with ICMP "protocol unreachable".
    local mac
    mac=$(printf '02:00:00:00:01:%02d' "$n")
    in_host "$h" ovs-vsctl \
        -- add-br br-phy -- set bridge br-phy datapath_type=netdev \
               other_config:hwaddr="\"$mac\"" \
        -- add-port br-phy eth1 -- set Interface eth1 type="$ports" \
        -- add-br br-vnet -- set bridge br-vnet datapath_type=netdev \
               fail_mode=secure protocols=OpenFlow13 \
        -- add-port br-vnet patch-phy -- set Interface patch-phy type=patch \
               options:peer=patch-vnet \
        -- add-port br-phy patch-vnet -- set Interface patch-vnet type=patch \
               options:peer=patch-phy
    ip -n "$ns" addr add "$UNDERLAY_NET.$((10 + n))/24" dev br-phy
    ip -n "$ns" link set br-phy up
    if [ "$(cat "$dir/flows")" = controller ]; then
        # A host joins vnet with two commands, and is registered in the
        # VNET database.  The VXLAN port serves every VXLAN segment.
        in_host "$h" ovs-vsctl \
            set Open_vSwitch . vnet_host="$h" \
                vnet_encap_ip="$UNDERLAY_NET.$((10 + n))" vnet_uplink=eth1 \
            -- set-controller br-vnet "tcp:$MGMT_IP:$OPENFLOW_PORT" \
            -- set controller br-vnet connection-mode=out-of-band \
            -- add-port br-vnet vxlan0 -- set Interface vxlan0 type=vxlan \
                options:remote_ip=flow options:key=flow
        # Host provisioning, not the controller, manages br-phy (see
        # phy_flows).  The host's MAC is br-phy's, which owns its underlay IP:
        # EtherIP and MAC-rewriting frames carry it on the wire.
        phy_flows "$h" "$mac" "$UNDERLAY_NET.$((10 + n))"
        sb_nbctl host-add "$h" "$UNDERLAY_NET.$((10 + n))" "$mac" \
            "tcp:$MGMT_NET.$((10 + n)):6640" eth1
    else
        # Without a controller, br-vnet is a plain learning switch.
        in_host "$h" ovs-ofctl -O OpenFlow13 add-flow br-vnet \
            'priority=0,actions=NORMAL'
    fi
    say "host $h: underlay $UNDERLAY_NET.$((10 + n)), mgmt $MGMT_NET.$((10 + n))"
}

# br-phy is the host's underlay bridge: a learning switch for the host's own
# traffic, with static flows set here, at join, that keep vnet's frames out
# of the host's stack (DESIGN.md, "br-phy: who installs which flows").  From
# the uplink, every frame of vnet goes to br-vnet and nowhere else: EtherIP,
# every 802.1Q-tagged frame (the host's own underlay traffic is untagged;
# br-vnet drops, and counts, tags of no segment), frames for the host's MAC
# that are not for its underlay IP (MAC rewriting), and MAC rewriting's
# subnet and farm groups (03:00:... and 07:00:00:...).  VXLAN is for the underlay IP and goes
# through NORMAL to LOCAL, where the datapath pops it (tnl_pop) before any
# copy reaches the stack.  From br-vnet, frames with the host's MAC or a tag
# go straight out: learning them would move the host's MAC to the patch
# port, and tagged frames are never the host's.  br-vnet's untagged frames
# with a VM's source come from a segment bridged to the underlay LAN
# untagged (a gateway): that segment is the host's own LAN, so NORMAL learns
# its VMs' MACs and sends frames for them to br-vnet only.
phy_flows() {
    local h=$1 hmac=$2 ip=$3
    in_host "$h" ovs-ofctl add-flows br-phy - <<EOF
priority=110,in_port=eth1,ip,nw_proto=97,actions=output:patch-vnet
priority=110,in_port=eth1,vlan_tci=0x1000/0x1000,actions=output:patch-vnet
priority=100,in_port=eth1,dl_dst=$hmac,ip,nw_dst=$ip,actions=NORMAL
priority=100,in_port=eth1,dl_dst=$hmac,arp,arp_tpa=$ip,actions=NORMAL
priority=90,in_port=eth1,dl_dst=$hmac,actions=output:patch-vnet
priority=90,in_port=eth1,dl_dst=03:00:00:00:00:00/ff:ff:00:00:00:00,actions=output:patch-vnet
priority=90,in_port=eth1,dl_dst=07:00:00:00:00:00/ff:ff:ff:00:00:00,actions=output:patch-vnet
priority=100,in_port=patch-vnet,dl_src=$hmac,actions=output:eth1
priority=100,in_port=patch-vnet,vlan_tci=0x1000/0x1000,actions=output:eth1
priority=90,in_port=patch-vnet,actions=NORMAL
EOF
}

cmd_vm_add() {
    local h=$1 vm=$2 ip=$3 mac=$4 ns port
    [ $# -ge 3 ] || die "usage: vm-add HOST VM IP/LEN [MAC]"
    [[ $vm =~ ^[a-z][a-z0-9]{0,9}$ ]] || \
        die "VM name '$vm' must be 1-10 lowercase letters and digits"
    [[ $ip =~ ^[0-9.]+/[0-9]+$ ]] || die "VM address '$ip' is not IP/LEN"
    host_exists "$h" || die "no host $h"
    [ ! -d "$dir/vms/$vm" ] || die "VM $vm exists"
    ports=$(cat "$dir/port-type")
    ns=$(vm_ns "$vm")
    port="tap-$vm"
    mkdir -p "$dir/vms/$vm"
    echo "$h" > "$dir/vms/$vm/host"
    echo "$ip" > "$dir/vms/$vm/ip"
    netns_add "$ns"
    ip -n "$(host_ns "$h")" link add "$port" type veth peer name eth0 netns "$ns"
    [ -z "$mac" ] || ip -n "$ns" link set eth0 address "$mac"
    ip -n "$ns" addr add "$ip" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$(host_ns "$h")" link set "$port" up
    # The userspace datapath does not fill in checksums the veth would
    # otherwise leave to hardware.
    ip netns exec "$ns" ethtool -K eth0 tx off >/dev/null 2>&1 || true
    ip netns exec "$(host_ns "$h")" ethtool -K "$port" tx off \
        >/dev/null 2>&1 || true
    ip -n "$ns" link show eth0 | awk '/link\/ether/ {print $2}' \
        > "$dir/vms/$vm/mac"
    in_host "$h" ovs-vsctl add-port br-vnet "$port" \
        -- set Interface "$port" type="$ports" vnet_vif="$vm"
}

cmd_phys_add() {
    local name=$1 ip=$2 ns
    [[ $name =~ ^[a-z][a-z0-9]{0,9}$ ]] || \
        die "machine name '$name' must be 1-10 lowercase letters and digits"
    [[ $ip =~ ^[0-9.]+/[0-9]+$ ]] || die "address '$ip' is not IP/LEN"
    [ -f "$manifest" ] || die "no sandbox is up in $dir"
    [ ! -d "$dir/phys/$name" ] || die "machine $name exists"
    ns=$(phys_ns "$name")
    mkdir -p "$dir/phys/$name"
    netns_add "$ns"
    ip -n "$(lan_ns)" link add "ph-$name" type veth peer name eth0 netns "$ns"
    ip -n "$(lan_ns)" link set "ph-$name" master underlay up
    ip -n "$ns" addr add "$ip" dev eth0
    ip -n "$ns" link set eth0 up
    ip netns exec "$ns" ethtool -K eth0 tx off >/dev/null 2>&1 || true
    echo "$ip" > "$dir/phys/$name/ip"
    say "machine $name on the underlay: $ip"
}

sb_nbctl() {
    vnet-nbctl --db="unix:$dir/mgmt/vnet.sock" "$@"
}

cmd_vm_del() {
    local vm=$1 h
    h=$(vm_host "$vm") || true
    [ -n "$h" ] || die "no VM $vm"
    in_host "$h" ovs-vsctl --if-exists del-port br-vnet "tap-$vm"
    kill_netns_pids "$(vm_ns "$vm")"
    ip netns del "$(vm_ns "$vm")" 2>/dev/null || true
    rm -rf "$dir/vms/$vm"
}

# Stops every process still running in namespace $1: whatever a test or the
# operator started there with "exec".  Selected by namespace, not by name.
kill_netns_pids() {
    local pids
    pids=$(ip netns pids "$1" 2>/dev/null | tr '\n' ' ') || return 0
    [ -n "${pids// }" ] || return 0
    kill $pids 2>/dev/null || true
    sleep 0.2
    pids=$(ip netns pids "$1" 2>/dev/null | tr '\n' ' ') || return 0
    if [ -n "${pids// }" ]; then
        kill -9 $pids 2>/dev/null || true
    fi
}

# Whether process $1 runs: a zombie does not (the container's init may take
# its time to reap a daemon we killed).
proc_alive() {
    local state
    state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
    [ -n "$state" ] && [ "$state" != Z ]
}

# Stops the process whose pid is in pidfile $1, if it is still running
# binary $2.  A pid reused by another program is left alone.
stop_pidfile() {
    local pidfile=$1 bin=$2 pid exe i
    pid=$(cat "$pidfile" 2>/dev/null) || return 0
    exe=$(readlink "/proc/$pid/exe" 2>/dev/null) || return 0
    [ "${exe% (deleted)}" = "$bin" ] || return 0
    kill "$pid" 2>/dev/null || return 0
    for i in $(seq 50); do
        proc_alive "$pid" || return 0
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
}

cmd_down() {
    local kind a b
    [ -f "$manifest" ] || { say "nothing to take down in $dir"; return 0; }
    # Processes first (newest first), then namespaces, which takes their
    # interfaces with them.
    tac "$manifest" | while read -r kind a b; do
        if [ "$kind" = pidfile ]; then
            stop_pidfile "$a" "$b"
        fi
    done
    tac "$manifest" | while read -r kind a b; do
        if [ "$kind" = netns ]; then
            kill_netns_pids "$a" || true
            ip netns del "$a" 2>/dev/null || true
        fi
    done
    # Keep the manifest while anything it names is left, so that "down" can
    # be run again.
    if tac "$manifest" | awk '$1 == "netns" {print $2}' | sort -u \
       | grep -qxF -f - <(ip netns list | awk '{print $1}'); then
        die "down: some namespaces could not be removed; run down again"
    fi
    rm -rf "$dir"
    say "down: removed everything the sandbox made"
}

proc_state() {
    local pidfile=$1 pid
    pid=$(cat "$pidfile" 2>/dev/null) && proc_alive "$pid" \
        && echo "running (pid $pid)" || echo "NOT RUNNING"
}

cmd_status() {
    local h vm
    [ -f "$manifest" ] || die "no sandbox is up in $dir"
    echo "sandbox $dir, namespace prefix $P, $(cat "$dir/port-type") ports"
    echo "management node: $(mgmt_ns) $MGMT_IP"
    if [ -d "$dir/mgmt" ]; then
        echo "  VNET database: $(proc_state "$dir/mgmt/ovsdb-server.pid")"
        echo "  vnet-controller: $(proc_state "$dir/mgmt/vnet-controller.pid")"
    fi
    for d in "$dir"/hv*; do
        h=$(basename "$d")
        echo "host $h (netns $(host_ns "$h"))"
        echo "  ovsdb-server: $(proc_state "$d/ovsdb-server.pid")"
        echo "  ovs-vswitchd: $(proc_state "$d/ovs-vswitchd.pid")"
        echo "  underlay ip: $(ip -n "$(host_ns "$h")" -4 -o addr show br-phy \
            | awk '{print $4}')"
        echo "  br-vnet: $(in_host "$h" ovs-vsctl get bridge br-vnet \
            datapath_type fail_mode | tr '\n' ' ')"
        echo "  br-vnet ports: $(in_host "$h" ovs-vsctl list-ports br-vnet \
            | tr '\n' ' ')"
        for vm in $(ls "$dir/vms"); do
            [ "$(vm_host "$vm")" = "$h" ] || continue
            echo "  vm $vm: $(cat "$dir/vms/$vm/ip") $(cat "$dir/vms/$vm/mac")"
        done
    done
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case $cmd in
    up) cmd_up "$@" ;;
    down) cmd_down ;;
    status) cmd_status ;;
    exec)
        [ $# -ge 2 ] || die "usage: exec VM COMMAND..."
        vm=$1; shift
        [ -n "$(vm_host "$vm")" ] || die "no VM $vm"
        exec ip netns exec "$(vm_ns "$vm")" "$@" ;;
    host)
        [ $# -ge 2 ] || die "usage: host HOST COMMAND..."
        h=$1; shift
        host_exists "$h" || die "no host $h"
        in_host "$h" "$@" ;;
    vsctl|ofctl|appctl)
        [ $# -ge 1 ] || die "usage: $cmd HOST ARGS..."
        h=$1; shift
        host_exists "$h" || die "no host $h"
        case $cmd in
            ofctl) in_host "$h" ovs-ofctl -O OpenFlow13 "$@" ;;
            *) in_host "$h" "ovs-$cmd" "$@" ;;
        esac ;;
    mgmt) exec ip netns exec "$(mgmt_ns)" "$@" ;;
    nbctl)
        [ -S "$dir/mgmt/vnet.sock" ] || die "no VNET database: up --flows controller"
        sb_nbctl "$@" ;;
    controller-restart)
        [ -f "$dir/mgmt/vnet-controller.pid" ] || die "no vnet-controller"
        stop_pidfile "$dir/mgmt/vnet-controller.pid" \
            "$(command -v vnet-controller)"
        start_controller ;;
    db-stop)
        node=$(db_node "${1:-}")
        stop_pidfile "$dir/$node/ovsdb-server.pid" \
            "$(command -v ovsdb-server)" ;;
    db-start)
        node=$(db_node "${1:-}")
        if [ "$node" = mgmt ]; then start_vnet_db; else start_host_db "$node"; fi ;;
    ctl)
        [ -S "$dir/mgmt/vnet-controller.ctl" ] || die "no vnet-controller"
        ovs-appctl -t "$dir/mgmt/vnet-controller.ctl" "$@" ;;
    host-add) [ $# -eq 1 ] || die "usage: host-add HOST"; cmd_host_add "$1" ;;
    vm-add) cmd_vm_add "$@" ;;
    vm-del) [ $# -eq 1 ] || die "usage: vm-del VM"; cmd_vm_del "$1" ;;
    phys-add) [ $# -eq 2 ] || die "usage: phys-add NAME IP/LEN"
        cmd_phys_add "$1" "$2" ;;
    phys)
        [ $# -ge 2 ] || die "usage: phys NAME COMMAND..."
        [ -d "$dir/phys/$1" ] || die "no machine $1"
        ns=$(phys_ns "$1"); shift
        exec ip netns exec "$ns" "$@" ;;
    *) die "usage: vnet-sandbox.sh up|down|status|exec|host|vsctl|ofctl|appctl|mgmt|nbctl|ctl|host-add|vm-add|vm-del (see the header of $0)" ;;
esac
