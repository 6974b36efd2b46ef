#!/bin/bash
# install-deps.sh: install every Debian package vnet needs, idempotently.
# Each package is listed with the reason it is needed.
set -e -o pipefail

packages=(
    # The OVS fork: Debian's pristine OVS 3.1.0 tarball and what builds it.
    openvswitch-source      # /usr/src/openvswitch/openvswitch.tar.gz
    build-essential         # gcc, make
    autoconf automake libtool pkg-config  # boot.sh, configure, .la linking
    git                     # the fork tree is a git repo; git am applies
    patch                   # "ovs-fork.sh verify" applies with patch(1)
    libssl-dev              # OVS SSL (ssl: remotes for OVSDB and OpenFlow)
    libcap-ng-dev           # OVS drops capabilities with libcap-ng
    libxdp-dev libbpf-dev libnuma-dev  # AF_XDP ports (--enable-afxdp)
    python3                 # OVS build scripts (/usr/bin/python3)
    python3-pytest python3-netaddr python3-pyparsing  # OVS python tests
    # vnet itself.
    libcmocka-dev           # unit tests
    libevent-dev            # the controller's HTTP status endpoint
    # The sandbox and the system tests.
    iproute2                # network namespaces, veth, Linux bridges
    ethtool                 # TX checksum offload off on veth
    iputils-ping            # reachability
    procps psmisc           # ps, process checks in tests
    tcpdump tshark          # captures and EtherIP dissection on the underlay
    python3-scapy           # a third-party EtherIP peer (contrib/etherip)
    iperf3                  # throughput benchmarks
    curl                    # tests fetch the controller's /metrics
    python3-prometheus-client  # tests parse /metrics as Prometheus does
    ovn-central             # utilities/bench-nbctl.sh's baseline: ovn-nbctl
                            # and the OVN NB schema, loaded side by side
    ovn-host                # utilities/bench-ovn.sh: ovn-controller, the same
                            # intent in OVN (runs against the fork's vswitchd)
    python3-matplotlib      # utilities/bench-report.py: the benchmark plots
    valgrind                # callgrind instruction counts (bench-etherip.sh,
                            # bench-gwmac.sh)
)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null \
        | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages are installed"
    exit 0
fi
[ "$(id -u)" = 0 ] || { echo "install-deps: need root to install: ${missing[*]}" >&2; exit 1; }
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
echo "wireshark-common wireshark-common/install-setuid boolean false" \
    | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
