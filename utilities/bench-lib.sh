# bench-lib.sh: measurement functions shared by vnet's benchmark scripts
# (utilities/bench.sh and the per-feature bench-*.sh).  Source it from bash:
#
#     . "$top/utilities/bench-lib.sh"
#     bench_init _build/bench/myrun         # results go to DIR/samples.jsonl
#
# Endpoints are network namespaces (a sandbox VM "vm11" is the namespace
# "$VNET_SANDBOX_PREFIX-vm11"), so the functions work for sandbox VMs,
# "phys-add" machines and hand-made namespaces alike.
#
# Measurements (each prints one line and returns non-zero on failure):
#   bench_reach NS IP                   a few pings get through
#   bench_iperf NS IP SECONDS [PORT]    "MBPS RETRANSMITS", one TCP stream;
#                                       an iperf3 server must run at IP
#   bench_iperf_multi SECONDS NS:IP...  "MBPS RETRANSMITS", summed over
#                                       concurrent streams (one per pair)
#   bench_steal CMD [ARG...]            "MBPS RETRANSMITS STEAL%": one of
#                                       the above and the CPU share the
#                                       hypervisor took meanwhile
#   bench_ping NS IP COUNT              the COUNT RTTs in ms, space-separated
#   bench_iperf_server NS [PORT]        starts a server (stopped by
#                                       bench_cleanup)
#
# Recording (one JSON object per line in $BENCH_SAMPLES, which
# utilities/bench-report.py turns into tables, results.json and plots):
#   bench_record SECTION CONFIG MODE REP [KEY=NUMBER...] [rtts="..."]
#   bench_missing SECTION CONFIG MODE REASON
#   bench_measure SECTION CONFIG MODE REP CLIENT_NS SERVER_IP
#       reachability check, then iperf3, then bench_record; a mode
#       without connectivity is recorded with bench_missing.
#   bench_measure_rtt SECTION CONFIG MODE REP CLIENT_NS SERVER_IP
#       one of a repetition's BENCH_PING_ROUNDS batches of pings,
#       recorded as a sample of its own.
#
# SECTION is the table (intra, inter, ...), CONFIG the column group (e.g.
# the port type "system" or "afxdp"), MODE the row.  Ratios are computed
# against the row named "normal" of the same SECTION and CONFIG unless the
# report says otherwise.

BENCH_IPERF_SECONDS=${BENCH_IPERF_SECONDS:-5}
BENCH_PINGS=${BENCH_PINGS:-200}
BENCH_PING_ROUNDS=${BENCH_PING_ROUNDS:-10}
BENCH_PING_INTERVAL=${BENCH_PING_INTERVAL:-0.005}
BENCH_IPERF_PORT=${BENCH_IPERF_PORT:-5201}
# The paper's netperf TCP_STREAM: 64 KiB socket buffers, 8 KiB messages.
BENCH_IPERF_OPTS=${BENCH_IPERF_OPTS:--w 64K -l 8K}
bench_server_pids=()

# CPU placement.  These machines are virtual and get about one core's
# worth of time in all: with the simulated hosts' switches, the VMs' iperf3
# and the kernel's softirqs spread over both cores, the hypervisor steals
# 30-45% of each and a 3-second sample differs from the next by up to 4x.
# Everything on the data path, every ovs-vswitchd thread of every simulated
# host and every program run in a VM, therefore runs on one core,
# BENCH_CPU: the throughput is then what one core carries through the whole
# path (senders, switches, receivers), samples spread by 10-15%, and the
# other core is left to the controller and the databases.  BENCH_CPU= (empty)
# leaves placement to the scheduler.
BENCH_CPU=${BENCH_CPU-0}
if [ -n "$BENCH_CPU" ]; then
    bench_vm_exec() { taskset -c "$BENCH_CPU" ip netns exec "$@"; }
else
    bench_vm_exec() { ip netns exec "$@"; }
fi

# bench_pin_switches SANDBOX_DIR: moves every thread of the sandbox's
# ovs-vswitchd processes to BENCH_CPU (threads they start later inherit
# it; PMD threads follow other_config:pmd-cpu-mask, which the caller sets
# to the same core).
bench_pin_switches() {
    local f i
    [ -n "$BENCH_CPU" ] || return 0
    for f in "$1"/*/ovs-vswitchd.pid; do
        # A thread can end between taskset listing a switch's threads and
        # setting them ("failed to get pid N's affinity: No such process"):
        # the switch restarts its PMD threads for the new pmd-cpu-mask.
        # Once taskset goes through, every thread left is pinned.
        for i in 1 2 3 4 5; do
            taskset -a -p -c "$BENCH_CPU" "$(cat "$f")" >/dev/null 2>&1 \
                && break
            [ "$i" -lt 5 ] \
                || { bench_log "cannot pin $f's threads"; return 1; }
            sleep 0.2
        done
    done
}

# bench_init DIR: records go to DIR/samples.jsonl, unless a caller (such as
# bench.sh running a feature's bench script) exported BENCH_SAMPLES: then
# they join the caller's run.
bench_init() {
    BENCH_DIR=$1
    mkdir -p "$BENCH_DIR"
    if [ -z "${BENCH_SAMPLES:-}" ]; then
        BENCH_SAMPLES=$BENCH_DIR/samples.jsonl
    fi
    export BENCH_SAMPLES
    touch "$BENCH_SAMPLES"
}

bench_log() { echo "bench: $*" >&2; }

# bench_time_ms CMD [ARG...]: runs CMD (its output discarded) and prints
# how long it took in milliseconds.
bench_time_ms() {
    local t0
    t0=$(date +%s%3N)
    "$@" >/dev/null
    echo $(( $(date +%s%3N) - t0 ))
}

# bench_settle: waits until the machine is idle, at most 30 s: less than
# 10% of its CPU time busy over half a second, the hypervisor's steal not
# counted.  A timed control-plane step then does not share the CPUs with
# daemons still working off the step before it (after an --wait=hv
# returns, ovs-vswitchd may still be freeing 150,000 deleted flows).
bench_settle() {
    local i a b
    for i in $(seq 60); do
        a=$(bench_busy_ticks)
        sleep 0.5
        b=$(bench_busy_ticks)
        awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " ")
            exit !(100 * (y[1] - x[1]) < 10 * (y[2] - x[2] + 1)) }' \
            && return 0
    done
    bench_log "the machine was still busy after 30 s; going on"
}

# bench_busy_ticks: "BUSY TOTAL", all cores' ticks so far: those spent
# running (user, nice, system, irq, softirq), and those in any state but
# steal.
bench_busy_ticks() {
    awk '$1 == "cpu" { b = $2 + $3 + $4 + $7 + $8; print b, b + $5 + $6 }' \
        /proc/stat
}

# bench_median_ms N SETUP CMD: for k = 1..N, runs "SETUP k" untimed, then
# "CMD k" timed; prints the median of CMD's times in milliseconds.
bench_median_ms() {
    local n=$1 setup=$2 cmd=$3 k times=
    for k in $(seq "$n"); do
        "$setup" "$k"
        times+=" $(bench_time_ms "$cmd" "$k")"
    done
    echo $times | bench_median
}

# bench_daemon NAME DIR COMMAND...: starts an OVS or OVN daemon detached,
# its pid, log and run files in DIR, and remembers it for
# bench_stop_daemons.
bench_daemon_pids=()
bench_daemon() {
    local name=$1 d=$2; shift 2
    OVS_RUNDIR=$d OVS_LOGDIR=$d OVS_DBDIR=$d OVN_RUNDIR=$d OVN_LOGDIR=$d \
        "$@" --pidfile="$d/$name.pid" --log-file="$d/$name.log" \
        -vconsole:off --detach --no-chdir
    bench_daemon_pids+=("$(cat "$d/$name.pid")")
}

bench_stop_daemons() {
    local p
    for p in "${bench_daemon_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    sleep 1
    for p in "${bench_daemon_pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    bench_daemon_pids=()
}

# bench_sim_host DIR VSWITCHD_ARGS VSCTL_ARGS...: a simulated host of the
# control-plane benchmarks in DIR: an ovsdb-server at DIR/db.sock, set up
# by one ovs-vsctl transaction, and an ovs-vswitchd (dummy datapath) on it.
bench_sim_host() {
    local d=$1 args=$2; shift 2
    mkdir -p "$d"
    ovsdb-tool create "$d/conf.db" "$ovs/vswitchd/vswitch.ovsschema"
    bench_daemon ovsdb-server "$d" ovsdb-server "$d/conf.db" \
        --remote="punix:$d/db.sock"
    ovs-vsctl --db="unix:$d/db.sock" "$@"
    bench_daemon ovs-vswitchd "$d" ovs-vswitchd --enable-dummy $args \
        "unix:$d/db.sock"
}

# bench_vif_ports BRIDGE HOST VIFS HOSTS KEY: the ovs-vsctl arguments that
# plug host HOST's share of VIFS into BRIDGE as dummy ports pI, bound to
# VIF "vifI" by the Interface column KEY (VIF i is on host
# ceil(i / per_host)).
bench_vif_ports() {
    local br=$1 h=$2 vifs=$3 hosts=$4 key=$5 i per_host
    per_host=$(( (vifs + hosts - 1) / hosts ))
    for i in $(seq $(( (h - 1) * per_host + 1 )) $(( h * per_host ))); do
        [ "$i" -le "$vifs" ] || break
        echo "-- add-port $br p$i -- set Interface p$i type=dummy $key=vif$i"
    done
}

# The control-plane benchmarks' intent (bench-controller.sh, and the same
# for OVN in bench-ovn.sh): tenants of BENCH_PER_SEGMENT VIFs; VIF i has
# MAC bench_mac_of i and IP bench_ip_of i and belongs to segment
# (i - 1) % SEGMENTS + 1, so a segment's members are strided over the
# hosts that hold VIFs in blocks.
BENCH_PER_SEGMENT=10
bench_segments() { echo $(( ($1 + BENCH_PER_SEGMENT - 1) / BENCH_PER_SEGMENT )); }
bench_mac_of() {
    printf '52:54:%02x:%02x:%02x:%02x' $(( $1 >> 24 & 255 )) \
        $(( $1 >> 16 & 255 )) $(( $1 >> 8 & 255 )) $(( $1 & 255 ))
}
bench_ip_of() {
    echo "10.$(( $1 >> 16 & 255 )).$(( $1 >> 8 & 255 )).$(( $1 & 255 ))"
}

# bench_intent VIFS SEGMENT_CMD VIF_CMD: the whole intent as one
# transaction's commands, "SEGMENT_CMD s" for every segment s and then
# "VIF_CMD i s MAC IP" for every VIF i (each prints its commands).
bench_intent() {
    local vifs=$1 seg_cmd=$2 vif_cmd=$3 s i segments
    segments=$(bench_segments "$vifs")
    for s in $(seq 1 "$segments"); do
        "$seg_cmd" "$s"
    done
    for i in $(seq 1 "$vifs"); do
        "$vif_cmd" "$i" $(( (i - 1) % segments + 1 )) "$(bench_mac_of "$i")" \
            "$(bench_ip_of "$i")"
    done
}

# How many single-VIF adds the control-plane benchmarks time (the
# environment may say): one add's time varies by half, so take many.
BENCH_ADDS=${BENCH_ADDS:-25}

# bench_new_mac K: the MAC of the K-th VIF added by the one-add benchmarks.
bench_new_mac() { printf '52:54:ff:00:00:%02x' "$1"; }

# bench_add_segment K VIFS: the segment that the K-th added VIF joins, a
# different one for every add, so that every add is the same change: a
# tenant of BENCH_PER_SEGMENT gets one more VIF (with all adds in one
# segment, each add's segment was larger than the last's).
bench_add_segment() {
    echo "s$(( ($1 - 1) % $(bench_segments "$2") + 1 ))"
}

# bench_plug_vifs DB BRIDGE N KEY: plugs dummy ports pnew1..N into BRIDGE
# of the switch database DB, port k bound to the VIF "vifnewk" through its
# Interface column KEY (vnet_vif for vnet, external_ids:iface-id for OVN).
bench_plug_vifs() {
    local db=$1 br=$2 n=$3 key=$4 k cmds=
    for k in $(seq "$n"); do
        cmds+=" -- add-port $br pnew$k"
        cmds+=" -- set Interface pnew$k type=dummy $key=vifnew$k"
    done
    ovs-vsctl --db="$db" $cmds
}

# bench_median: the median of the numbers on standard input.
bench_median() {
    tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 }
        END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

bench_reach() {
    local ns=$1 ip=$2 i
    for i in 1 2 3; do
        bench_vm_exec "$ns" ping -q -c 3 -i 0.2 -W 1 "$ip" >/dev/null 2>&1 \
            && return 0
    done
    return 1
}

# Starts an iperf3 server in NS on PORT; it serves any number of tests.
bench_iperf_server() {
    local ns=$1 port=${2:-$BENCH_IPERF_PORT}
    bench_vm_exec "$ns" iperf3 -s -p "$port" >/dev/null 2>&1 &
    bench_server_pids+=($!)
    sleep 0.3
}

# Prints "MBPS RETRANSMITS" from iperf3's JSON on stdin (received rate:
# what arrived, not what was offered).
bench_iperf_parse() {
    /usr/bin/python3 -c '
import json, sys
r = json.load(sys.stdin)
if "error" in r:
    sys.exit("iperf3: " + r["error"])
e = r["end"]
print("%.1f %d" % (e["sum_received"]["bits_per_second"] / 1e6,
                  e["sum_sent"].get("retransmits", 0)))'
}

bench_iperf() {
    local ns=$1 ip=$2 secs=$3 port=${4:-$BENCH_IPERF_PORT}
    bench_vm_exec "$ns" timeout $((secs + 20)) iperf3 -J -c "$ip" -p "$port" \
        -t "$secs" -O 1 $BENCH_IPERF_OPTS | bench_iperf_parse
}

# bench_iperf_multi SECONDS NS:IP[:PORT]...: concurrent streams, summed.
bench_iperf_multi() {
    local secs=$1; shift
    local tmp pids=() i=0 spec ns ip port
    tmp=$(mktemp -d)
    for spec in "$@"; do
        IFS=: read -r ns ip port <<<"$spec"
        ( bench_iperf "$ns" "$ip" "$secs" "${port:-$BENCH_IPERF_PORT}" \
              > "$tmp/$i" ) &
        pids+=($!)
        i=$((i + 1))
    done
    local ok=0
    for p in "${pids[@]}"; do wait "$p" || ok=1; done
    if [ $ok = 0 ]; then
        cat "$tmp"/* | awk '{ m += $1; r += $2 } END { printf "%.1f %d\n", m, r }'
    fi
    rm -rf "$tmp"
    return $ok
}

# bench_cpu_ticks: "STEAL TOTAL", the ticks the hypervisor took from
# BENCH_CPU (all cores if unset) and all its ticks so far.
bench_cpu_ticks() {
    awk -v c="cpu$BENCH_CPU" '$1 == c { t = 0; for (i = 2; i <= 9; i++) t += $i
                                     print $9, t }' /proc/stat
}

# bench_steal CMD [ARG...]: runs a throughput measurement (a command that
# prints "MBPS RETRANSMITS") and appends the share of BENCH_CPU that the
# hypervisor took meanwhile, in percent: other machines on the same
# physical host take it in bursts, and throughput with it.
bench_steal() {
    local t0 t1 tp
    t0=$(bench_cpu_ticks)
    tp=$("$@") || return 1
    t1=$(bench_cpu_ticks)
    echo "$tp $(awk -v a="$t0" -v b="$t1" 'BEGIN {
        split(a, x, " "); split(b, y, " ")
        printf "%.1f", 100 * (y[1] - x[1]) / (y[2] - x[2] + 1) }')"
}

# The individual RTTs of COUNT pings at BENCH_PING_INTERVAL, in ms; lost
# pings are left out (the caller compares the count).
bench_ping() {
    local ns=$1 ip=$2 count=$3
    bench_vm_exec "$ns" ping -n -c "$count" -i "$BENCH_PING_INTERVAL" -W 1 \
        "$ip" 2>/dev/null | sed -n 's/.* time=\([0-9.]*\) ms.*/\1/p' \
        | tr '\n' ' '
}

# bench_json KEY=VALUE...: one JSON object; numbers stay numbers, "rtts"
# becomes a list of numbers, anything else a string.
bench_json() {
    /usr/bin/python3 -c '
import json, sys
o = {}
for kv in sys.argv[1:]:
    k, v = kv.split("=", 1)
    if k == "rtts":
        o[k] = [float(x) for x in v.split()]
        continue
    try:
        o[k] = int(v)
    except ValueError:
        try:
            o[k] = float(v)
        except ValueError:
            o[k] = v
print(json.dumps(o))' "$@"
}

bench_record() {
    local section=$1 config=$2 mode=$3 rep=$4; shift 4
    bench_json section="$section" config="$config" mode="$mode" rep="$rep" \
        time="$(date +%s.%N)" "$@" >> "$BENCH_SAMPLES"
}

bench_missing() {
    local section=$1 config=$2 mode=$3 reason=$4
    bench_log "$section/$config/$mode: missing: $reason"
    bench_json section="$section" config="$config" mode="$mode" \
        missing="$reason" >> "$BENCH_SAMPLES"
}

bench_measure() {
    local section=$1 config=$2 mode=$3 rep=$4 ns=$5 ip=$6 tp
    if ! bench_reach "$ns" "$ip"; then
        bench_missing "$section" "$config" "$mode" \
            "no connectivity from $ns to $ip"
        return 1
    fi
    tp=$(bench_steal bench_iperf "$ns" "$ip" "$BENCH_IPERF_SECONDS") || {
        bench_missing "$section" "$config" "$mode" "iperf3 to $ip failed"
        return 1
    }
    set -- $tp
    bench_log "$section/$config/$mode #$rep: $1 Mbit/s, $2 retransmits," \
        "steal $3%"
    bench_record "$section" "$config" "$mode" "$rep" mbps="$1" \
        retransmits="$2" steal="$3"
}

# bench_measure_rtt SECTION CONFIG MODE REP CLIENT_NS SERVER_IP: one
# batch of BENCH_PINGS / BENCH_PING_ROUNDS pings, recorded on its own.
# Callers ping every mode in rounds, a batch of each in the order of the
# throughput samples, so that a mode's batch lies between two of the
# baseline's a fraction of a second apart.  The RTT here is bimodal: a
# batch's median is 0.15-0.20 ms or 0.30-0.45 ms for the same path, and the
# machine stays in one state for seconds (the virtual CPU halting, or not,
# between pings).  Batches of a second each often straddled a change of
# state; batches of 0.1 s rarely do.
bench_measure_rtt() {
    local section=$1 config=$2 mode=$3 rep=$4 ns=$5 ip=$6 rtts n
    n=$(( BENCH_PINGS / BENCH_PING_ROUNDS ))
    rtts=$(bench_ping "$ns" "$ip" "$n")
    [ "$(wc -w <<<"$rtts")" = "$n" ] \
        || bench_log "$section/$config/$mode #$rep: $(wc -w <<<"$rtts")" \
                     "of $n pings answered"
    bench_record "$section" "$config" "$mode" "$rep" pings="$n" rtts="$rtts"
}

bench_cleanup() {
    local p
    for p in "${bench_server_pids[@]}"; do kill "$p" 2>/dev/null || true; done
    bench_server_pids=()
}
