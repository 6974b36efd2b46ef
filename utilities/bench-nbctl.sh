#!/bin/bash
# bench-nbctl.sh: how long, and how much memory, loading VIFs takes.
#
# Loads N VIFs (default 10000) spread over S subnets (default 1000) into
#   (1) the VNET database through one vnet-nbctl invocation,
#   (2) the VNET database through N vnet-nbctl invocations,
#   (3) an OVN northbound database through one ovn-nbctl invocation doing
#       the equivalent (ls-add per subnet, lsp-add + lsp-set-addresses per
#       VIF),
#   (4) the same through N ovn-nbctl invocations,
# each into a fresh database served by the fork's ovsdb-server, side by side
# in one run, and prints wall time, the client's peak RSS (largest over all
# its invocations), the server's peak RSS, and the ratios vnet/OVN.
# Creating the subnets or switches is done first and not counted.
#
# Cases (2) and (4) interleave: vnet-nbctl's i-th invocation, then
# ovn-nbctl's, so that both see the same machine load and database sizes.
# Each invocation reads the whole database, so these cases grow with the
# square of N (tens of minutes for 10000 on a loaded 2-core machine); they
# print running totals every 500 VIFs.
#
# usage: utilities/bench-nbctl.sh [N_VIFS [N_SUBNETS]]
# (VNET_BUILD defaults to _build; ovn-nbctl comes from Debian's ovn-central.)
set -e -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${VNET_BUILD:-$top/_build}
n_vifs=${1:-10000}
n_subnets=${2:-1000}
ovsdb=$build/ovs/ovsdb
nbctl=$build/vnet/utilities/vnet-nbctl
ovn_schema=/usr/share/ovn/ovn-nb.ovsschema

for f in "$ovsdb/ovsdb-server" "$ovsdb/ovsdb-tool" "$nbctl"; do
    [ -x "$f" ] || { echo "bench-nbctl: $f missing: run utilities/dev.sh build" >&2; exit 1; }
done
command -v ovn-nbctl > /dev/null && [ -f "$ovn_schema" ] || {
    echo "bench-nbctl: ovn-nbctl missing: run utilities/install-deps.sh" >&2
    exit 1
}
if [ $((n_vifs % n_subnets)) != 0 ] || [ $((n_vifs / n_subnets)) -gt 250 ]; then
    echo "bench-nbctl: N_VIFS must be a multiple of N_SUBNETS, at most 250 each" >&2
    exit 1
fi

work=$(mktemp -d /tmp/bench-nbctl.XXXXXX)
servers=()
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# start_db NAME SCHEMA: a fresh database served on $work/NAME.sock; sets
# $db and $server_pid.
start_db() {
    local name=$1 schema=$2
    "$ovsdb/ovsdb-tool" create "$work/$name.db" "$schema"
    OVS_RUNDIR=$work OVS_LOGDIR=$work "$ovsdb/ovsdb-server" --detach \
        --no-chdir --pidfile="$work/$name.pid" --log-file="$work/$name.log" \
        --remote=punix:"$work/$name.sock" "$work/$name.db" 2>/dev/null
    server_pid=$(cat "$work/$name.pid")
    servers+=("$server_pid")
    db=unix:$work/$name.sock
}

# Subnet i (0-based) is 10.<farm>.<s>.0/24 in farm 1 + i / 250, s = i % 250
# + 1; its VIFs are .10, .11, ...  Prints one line per subnet or VIF:
#   subnets: "FARM_INDEX SUBNET_NAME CIDR"
#   vifs:    "SUBNET_NAME VIF_NAME MAC IP"
layout() {
    local what=$1 per=$((n_vifs / n_subnets))
    /usr/bin/python3 - "$what" "$n_subnets" "$per" <<'EOF'
import sys
what, n_subnets, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(n_subnets):
    farm, s = 1 + i // 250, i % 250 + 1
    if what == "subnets":
        print(farm, "sn%d" % i, "10.%d.%d.0/24" % (farm, s))
    else:
        for v in range(per):
            print("sn%d" % i, "vif%d-%d" % (i, v),
                  "52:54:%02x:%02x:%02x:%02x" % (farm, s >> 8, s & 0xff, v),
                  "10.%d.%d.%d" % (farm, s, 10 + v))
EOF
}

# bench_run.run(argv): runs argv under /usr/bin/time, which is small, so
# that the peak RSS it reports is the program's and not that of a forked
# copy of Python.  Returns (wall seconds, peak RSS in kB).
export BENCH_LIB=$work
cat > "$work/bench_run.py" <<'EOF'
import os, subprocess, sys, tempfile, time

_fd, _rss_file = tempfile.mkstemp(dir=os.environ["BENCH_LIB"])

def run(argv, label):
    start = time.monotonic()
    status = subprocess.call(["/usr/bin/time", "-f", "%M", "-o", _rss_file]
                             + argv, stdout=subprocess.DEVNULL)
    elapsed = time.monotonic() - start
    if status:
        sys.exit("%s: %s failed" % (label, " ".join(argv)[:200]))
    with open(_rss_file) as f:
        return elapsed, int(f.read().split()[-1])
EOF

# measure LABEL CMDFILE: runs each line of CMDFILE (an argv, shell-quoted)
# in turn, and prints "LABEL seconds client_peak_kB".  One line = one
# invocation.
measure() {
    /usr/bin/python3 - "$1" "$2" <<'EOF'
import os, shlex, sys
sys.path.insert(0, os.environ["BENCH_LIB"])
from bench_run import run
label, path = sys.argv[1], sys.argv[2]
with open(path) as f:
    cmds = [shlex.split(line) for line in f if line.strip()]
elapsed, peak = 0.0, 0
for argv in cmds:
    secs, rss = run(argv, label)
    elapsed += secs
    peak = max(peak, rss)
print("%s %.2f %d" % (label, elapsed, peak))
EOF
}

# interleave LABEL_A CMDFILE_A LABEL_B CMDFILE_B: runs line i of A, then
# line i of B, for every i; prints running totals every 500 lines and at the
# end "LABEL seconds client_peak_kB" for each.
interleave() {
    /usr/bin/python3 - "$@" <<'EOF'
import os, shlex, sys
sys.path.insert(0, os.environ["BENCH_LIB"])
from bench_run import run
labels, files = sys.argv[1::2], sys.argv[2::2]
cmds = []
for path in files:
    with open(path) as f:
        cmds.append([shlex.split(line) for line in f if line.strip()])
secs, peak = [0.0, 0.0], [0, 0]
for i in range(len(cmds[0])):
    for k in (0, 1):
        elapsed, rss = run(cmds[k][i], labels[k])
        secs[k] += elapsed
        peak[k] = max(peak[k], rss)
    if (i + 1) % 500 == 0:
        print("    after %d: %s %.1fs, %s %.1fs" % (i + 1, labels[0], secs[0],
                                                   labels[1], secs[1]),
              file=sys.stderr, flush=True)
for k in (0, 1):
    print("%s %.2f %d" % (labels[k], secs[k], peak[k]))
EOF
}

server_peak() {
    awk '/^VmHWM/ { print $2 }' "/proc/$1/status"
}

layout subnets > "$work/subnets"
layout vifs > "$work/vifs"
n_farms=$(awk '{ print $1 }' "$work/subnets" | sort -u | wc -l)

# Setup commands (not measured).
vnet_setup() {
    {
        printf '%s' "$nbctl --db=$db"
        for f in $(seq 1 "$n_farms"); do printf ' -- farm-add f%d %d' "$f" "$f"; done
        while read -r farm name cidr; do
            printf ' -- subnet-add f%d %s %s' "$farm" "$name" "$cidr"
        done < "$work/subnets"
        echo
    } > "$work/setup.cmd"
    measure setup "$work/setup.cmd" > /dev/null
}
ovn_setup() {
    {
        printf '%s' "ovn-nbctl --db=$db"
        while read -r farm name cidr; do
            printf ' -- ls-add %s -- set Logical_Switch %s other_config:subnet=%s' \
                "$name" "$name" "$cidr"
        done < "$work/subnets"
        echo
    } > "$work/setup.cmd"
    measure setup "$work/setup.cmd" > /dev/null
}

# count_rows DATABASE TABLE: how many rows TABLE holds.
count_rows() {
    "$ovsdb/ovsdb-client" dump "$db" "$1" "$2" _uuid \
        | grep -c '^[0-9a-f]\{8\}-' || true
}

results=()
run_case() {
    local label=$1 schema=$2 setup=$3 cmdfile=$4 database=$5 table=$6
    start_db "$label" "$schema"
    "$setup"
    sed "s|@DB@|$db|g" "$cmdfile" > "$work/$label.cmd"
    local line n
    line=$(measure "$label" "$work/$label.cmd")
    n=$(count_rows "$database" "$table")
    if [ "$n" != "$n_vifs" ]; then
        echo "bench-nbctl: $label loaded $n rows into $table, not $n_vifs" >&2
        exit 1
    fi
    results+=("$line $(server_peak "$server_pid")")
    echo "  $line"
}

echo "bench-nbctl: $n_vifs VIFs in $n_subnets subnets ($n_farms farms)"

# One invocation each.
{
    printf '%s' "$nbctl --db=@DB@"
    while read -r subnet vif mac ip; do
        printf ' -- vif-add %s %s %s %s' "$subnet" "$vif" "$mac" "$ip"
    done < "$work/vifs"
    echo
} > "$work/vnet-one"
{
    printf '%s' "ovn-nbctl --db=@DB@"
    while read -r subnet vif mac ip; do
        printf " -- lsp-add %s %s -- lsp-set-addresses %s '%s %s'" \
            "$subnet" "$vif" "$vif" "$mac" "$ip"
    done < "$work/vifs"
    echo
} > "$work/ovn-one"
# One invocation per VIF.
while read -r subnet vif mac ip; do
    echo "$nbctl --db=@DB@ vif-add $subnet $vif $mac $ip"
done < "$work/vifs" > "$work/vnet-many"
while read -r subnet vif mac ip; do
    echo "ovn-nbctl --db=@DB@ lsp-add $subnet $vif -- lsp-set-addresses $vif '$mac $ip'"
done < "$work/vifs" > "$work/ovn-many"

vnet_schema=$top/schema/vnet.ovsschema
run_case vnet-1-invocation "$vnet_schema" vnet_setup "$work/vnet-one" VNET VIF
run_case ovn-1-invocation "$ovn_schema" ovn_setup "$work/ovn-one" \
    OVN_Northbound Logical_Switch_Port

start_db vnet-N-invocations "$vnet_schema"
vnet_db=$db vnet_pid=$server_pid
vnet_setup
sed "s|@DB@|$db|g" "$work/vnet-many" > "$work/vnet-N.cmd"
start_db ovn-N-invocations "$ovn_schema"
ovn_db=$db ovn_pid=$server_pid
ovn_setup
sed "s|@DB@|$db|g" "$work/ovn-many" > "$work/ovn-N.cmd"
interleave vnet-N-invocations "$work/vnet-N.cmd" \
    ovn-N-invocations "$work/ovn-N.cmd" > "$work/interleaved"
for spec in "VNET VIF $vnet_db" "OVN_Northbound Logical_Switch_Port $ovn_db"
do
    set -- $spec
    db=$3
    n=$(count_rows "$1" "$2")
    if [ "$n" != "$n_vifs" ]; then
        echo "bench-nbctl: loaded $n rows into $2, not $n_vifs" >&2
        exit 1
    fi
done
line=$(sed -n 1p "$work/interleaved")
results+=("$line $(server_peak "$vnet_pid")")
echo "  $line"
line=$(sed -n 2p "$work/interleaved")
results+=("$line $(server_peak "$ovn_pid")")
echo "  $line"

echo
printf '%-20s %10s %16s %16s\n' case seconds client_peak_kB server_peak_kB
for r in "${results[@]}"; do
    printf '%-20s %10s %16s %16s\n' $r
done
echo
/usr/bin/python3 - "${results[@]}" <<'EOF'
import sys
rows = {}
for r in sys.argv[1:]:
    label, secs, client, server = r.split()
    rows[label] = (float(secs), int(client), int(server))
for kind in ("1-invocation", "N-invocations"):
    v, o = rows["vnet-" + kind], rows["ovn-" + kind]
    print("%-14s vnet/ovn: time %.2f, client memory %.2f, server memory %.2f"
          % (kind, v[0] / o[0], v[1] / o[1], v[2] / o[2]))
EOF
