#!/bin/bash
# vnet-reachability.sh: ping every VM (and non-virtualized machine, see
# "vnet-sandbox.sh phys-add") of the sandbox from every other and print the
# matrix.  A cell is "ok" when a ping got an answer and 1 MB then crossed
# over TCP, in full-size segments (so a path that drops frames of the VMs'
# MTU fails), "ping" when only the ping did, and "--" when nothing did (a
# pair that should reach gets a second, more patient ping: the first
# exchange may be lost while a tunnel's next hop is resolved).
#
#   vnet-reachability.sh [--groups "A,B C,D,E ..."]
#   vnet-reachability.sh --pairs "A:B A:C ..." [--vms "A B C ..."]
#
# With --groups, VMs in the same comma-separated group are expected to reach
# each other and no other VM; with --pairs, A is expected to reach B exactly
# when "A:B" is listed (policies may be one-way), among the VMs listed with
# --vms (default: all).  A cell that differs is marked "!", and the exit
# status is 1 if any cell differs.
set -e -o pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
sb=$top/utilities/vnet-sandbox.sh
dir=${VNET_SANDBOX_DIR:-${VNET_BUILD:-$top/_build}/sandbox}

groups= pairs= vms=
while [ $# -gt 0 ]; do
    case $1 in
        --groups) groups=$2; shift 2 ;;
        --pairs) pairs=$2; groups=${groups:-" "}; shift 2 ;;
        --vms) vms=$2; shift 2 ;;
        *) echo "vnet-reachability: unknown option '$1'" >&2; exit 1 ;;
    esac
done

if [ -z "$vms" ]; then
    vms=$(ls "$dir/vms" 2>/dev/null) || true
    [ -n "$vms" ] || { echo "vnet-reachability: no VMs in $dir" >&2; exit 1; }
    vms="$vms $(ls "$dir/phys" 2>/dev/null || true)"
fi

# The directory of machine $1: a VM or a non-virtualized machine.
machine_dir() {
    if [ -d "$dir/vms/$1" ]; then echo "$dir/vms/$1"; else echo "$dir/phys/$1"; fi
}

# Prints "yes" if $1 and $2 share a group.
expected() {
    local g
    if [ -n "$pairs" ]; then
        case " $pairs " in *" $1:$2 "*) echo yes ;; *) echo no ;; esac
        return
    fi
    for g in $groups; do
        case ",$g," in
            *",$1,"*) case ",$g," in *",$2,"*) echo yes; return ;; esac ;;
        esac
    done
    echo no
}

# Prints how many of $3 pings from VM $1 to $2 were answered ($4 s wait).
replies() {
    local n
    n=$(on "$1" ping -q -c "$3" -i 0.3 -W "$4" "$2" 2>/dev/null \
        | sed -n 's/.* \([0-9]*\) received.*/\1/p') || true
    echo "${n:-0}"
}

# Runs command $2... on machine $1, a VM or a non-virtualized machine.
on() {
    local how=exec
    [ -d "$dir/vms/$1" ] || how=phys
    "$sb" $how "$@"
}

# Succeeds if every byte of 1 MiB crosses over TCP from $1 to $2 (at $3)
# (vnet-bulk.py).  Cells of a row run at once, each to another destination,
# and each receiver takes one connection and exits.
bulk() {
    local status=0
    on "$2" /usr/bin/python3 "$top/utilities/vnet-bulk.py" serve \
        --timeout 12 >/dev/null 2>&1 &
    on "$1" /usr/bin/python3 "$top/utilities/vnet-bulk.py" send "$3" \
        >/dev/null 2>&1 || status=1
    wait $!
    return $status
}

# Prints the cell for $1 reaching $2: "ok", "ping" or "--" (see above),
# marked "!" when that is not what the groups expect.
cell() {
    local a=$1 b=$2 ip want got cell
    ip=$(cut -d/ -f1 "$(machine_dir "$b")/ip")
    want=$(expected "$a" "$b")
    got=$(replies "$a" "$ip" 2 1)
    if [ "$got" = 0 ] && { [ -z "$groups" ] || [ "$want" = yes ]; }; then
        # A first exchange can be lost while a new tunnel next hop is
        # resolved: ask once more, more patiently, before saying no.
        got=$(replies "$a" "$ip" 3 2)
    fi
    if [ "$got" = 0 ]; then
        cell=--
    elif bulk "$a" "$b" "$ip"; then
        cell=ok
    else
        cell=ping
    fi
    if [ -n "$groups" ]; then
        if { [ "$want" = yes ] && [ "$cell" != ok ]; } || \
           { [ "$want" = no ] && [ "$cell" != -- ]; }; then
            cell="$cell!"
        fi
    fi
    echo "$cell"
}

# The cells of a row are measured at the same time: most wait for a reply
# that must not come.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wrong=0
printf '%-8s' 'from\to'
for b in $vms; do printf '%-7s' "$b"; done
echo
for a in $vms; do
    printf '%-8s' "$a"
    for b in $vms; do
        [ "$a" = "$b" ] || cell "$a" "$b" > "$tmp/$b" &
    done
    wait
    for b in $vms; do
        if [ "$a" = "$b" ]; then
            printf '%-7s' '.'
            continue
        fi
        c=$(cat "$tmp/$b")
        case $c in *!) wrong=$((wrong + 1)) ;; esac
        printf '%-7s' "$c"
    done
    echo
done
if [ -n "$groups" ]; then
    if [ -n "$pairs" ]; then
        echo "expected: each machine reaches exactly the machines policy lets it"
    else
        echo "expected: machines reach exactly those of their group: $groups"
    fi
    if [ $wrong = 0 ]; then
        echo "reachability: every cell as expected"
    else
        echo "reachability: $wrong cells differ from what is expected (!)"
        exit 1
    fi
fi
