# bench-callgrind-lib.sh: the fork's ovs-vswitchd under callgrind, on the
# userspace datapath with dummy ports, for the per-packet benchmarks
# (bench-datapath.sh, bench-gwmac.sh, bench-router.sh).  Source it from
# bash once $ovs names the fork's build tree and die() is defined:
#
#   cg_init DIR              a switch database and its ovsdb-server in DIR
#                            (OVS_RUNDIR and friends point there)
#   cg_vswitchd OUT FUNCTION ovs-vswitchd under callgrind, counting only
#                            inside FUNCTION, profile to OUT; sets cg_vpid
#   cg_exit                  stops that ovs-vswitchd (callgrind writes OUT)
#   cg_cleanup               stops every daemon started here; for the
#                            caller's EXIT trap
#   cg_tx BRIDGE PORT        how many packets PORT has sent
#   cg_wait_tx BRIDGE PORT N waits until PORT has sent N packets
#   cg_send COUNT PORT HEX BRIDGE OUT
#                            COUNT copies of the frame HEX into dummy PORT
#   cg_incl FILE FUNCTION    FUNCTION's inclusive instruction count in the
#                            profile FILE (0 if it does not appear)
#
# Callgrind's counts do not depend on the machine's load, and the
# exact-match cache takes every flow at once (cg_init): the per-packet
# numbers repeat from run to run to within an instruction or two.

cg_pids=()

cg_init() {
    cg_dir=$1
    [ -x "$ovs/vswitchd/ovs-vswitchd" ] \
        || die "no $ovs/vswitchd/ovs-vswitchd: run utilities/ovs-fork.sh build"
    mkdir -p "$cg_dir"
    export PATH=$ovs/utilities:$ovs/vswitchd:$ovs/ovsdb:$PATH
    export OVS_RUNDIR=$cg_dir OVS_LOGDIR=$cg_dir OVS_DBDIR=$cg_dir \
        OVS_SYSCONFDIR=$cg_dir
    command -v valgrind >/dev/null \
        && command -v callgrind_annotate >/dev/null \
        || die "needs valgrind (utilities/install-deps.sh)"
    ovsdb-tool create "$cg_dir/conf.db" "$ovs/vswitchd/vswitch.ovsschema"
    ovsdb-server --detach --no-chdir --pidfile --log-file \
        --remote=punix:"$cg_dir/db.sock" "$cg_dir/conf.db"
    cg_pids+=("$(cat "$cg_dir/ovsdb-server.pid")")
    # Every flow goes into the exact-match cache at once (the default
    # inserts 1 in 100, at random), so that counts that include the
    # datapath's lookup are the same from run to run.
    ovs-vsctl --no-wait init -- set Open_vSwitch . \
        other_config:emc-insert-inv-prob=1
}

cg_vswitchd() {
    local out=$1 function=$2 log=$cg_dir/valgrind.${1##*/}
    valgrind --tool=callgrind --callgrind-out-file="$out" \
        --toggle-collect="$function" \
        ovs-vswitchd --enable-dummy --disable-system \
        --disable-system-route --no-chdir --pidfile --log-file \
        -vconsole:off unix:"$cg_dir/db.sock" 2>"$log" &
    cg_vpid=$!
    cg_pids+=("$cg_vpid")
    for _ in $(seq 600); do
        ovs-appctl version >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    die "ovs-vswitchd did not start under valgrind (see $log)"
}

cg_exit() {
    ovs-appctl exit
    wait "$cg_vpid" || true
    cg_pids=("${cg_pids[@]/$cg_vpid}")
}

cg_cleanup() {
    local p i
    for p in "${cg_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    # valgrind writes its profile as it exits: let it finish first.
    for p in "${cg_pids[@]}"; do
        for i in $(seq 50); do
            kill -0 "$p" 2>/dev/null || break
            sleep 0.1
        done
    done
}

cg_tx() {
    local n
    n=$(ovs-ofctl -O OpenFlow13 dump-ports "$1" "$2" 2>/dev/null \
            | sed -n 's/.*tx pkts=\([0-9]*\).*/\1/p')
    echo "${n:-0}"
}

cg_wait_tx() {
    local br=$1 port=$2 n=$3
    for _ in $(seq 1200); do
        [ "$(cg_tx "$br" "$port")" -ge "$n" ] && return 0
        sleep 0.05
    done
    die "$port sent $(cg_tx "$br" "$port") packets, not $n"
}

# In chunks that a dummy port's receive queue holds, each sent once OUT
# has sent the previous one.
cg_send() {
    local count=$1 port=$2 hex=$3 br=$4 out=$5 base sent=0 chunk args
    base=$(cg_tx "$br" "$out")
    while [ $sent -lt "$count" ]; do
        chunk=$(( count - sent < 32 ? count - sent : 32 ))
        args=()
        for _ in $(seq "$chunk"); do args+=("$hex"); done
        ovs-appctl netdev-dummy/receive "$port" "${args[@]}" >/dev/null
        sent=$((sent + chunk))
        cg_wait_tx "$br" "$out" $((base + sent))
    done
}

cg_incl() {
    callgrind_annotate --inclusive=yes --threshold=100 --auto=no "$1" \
        2>/dev/null | awk -v f=":$2 " '
            index($0, f) && !found { gsub(",", "", $1); print $1; found=1 }
            END { if (!found) print 0 }'
}
