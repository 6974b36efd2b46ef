#!/bin/bash
# vnet-example-farms.sh: two farms of two subnets each (MAC rewriting) over
# the sandbox's hosts hv1-hv3, loaded into the VNET database, and the
# reachability matrix measured with real pings.
#
#   vnet-example-farms.sh [--no-peering] [--no-matrix|--matrix-only]
#
#   farm acme (owner alice)          farm globex (owner bob)
#     web 10.1.1.0/24: aw1 aw2 aw3     app  10.2.1.0/24: gx1 gx2
#     db  10.1.2.0/24: ad1 ad2         data 10.2.2.0/24: gy1 gy2
#
#   hv1: aw1 aw2 ad1   hv2: aw3 gx1 gy1   hv3: ad2 gx2 gy2
#
# acme's owner lets web reach db (one way: db answers but cannot open);
# globex's subnets are kept apart; acme and globex both request peering, so
# every subnet of one reaches every subnet of the other (--no-peering: only
# acme requests it, which is not enough).  --matrix-only loads nothing and
# checks the matrix against the same expectations.  Each VM's default route is its
# subnet's notional gateway (.1), which no machine owns.
set -e -o pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
sb=$top/utilities/vnet-sandbox.sh
dir=${VNET_SANDBOX_DIR:-${VNET_BUILD:-$top/_build}/sandbox}

peering=yes matrix=yes load=yes
for arg; do
    case $arg in
        --no-peering) peering=no ;;
        --no-matrix) matrix=no ;;
        --matrix-only) load=no ;;
        *) echo "vnet-example-farms: unknown option '$arg'" >&2; exit 1 ;;
    esac
done

# VM host subnet address
VMS="aw1 hv1 web 10.1.1.11
aw2 hv1 web 10.1.1.12
ad1 hv1 db 10.1.2.11
aw3 hv2 web 10.1.1.13
gx1 hv2 app 10.2.1.11
gy1 hv2 data 10.2.2.11
ad2 hv3 db 10.1.2.12
gx2 hv3 app 10.2.1.12
gy2 hv3 data 10.2.2.12"

farm_of() { case $1 in web|db) echo acme ;; *) echo globex ;; esac; }

# Adds the VMs and loads the intent in one transaction.
load() {
    local n=0 vm host subnet ip
    while read -r vm host subnet ip; do
        n=$((n + 1))
        if [ ! -d "$dir/vms/$vm" ]; then
            "$sb" vm-add "$host" "$vm" "$ip/24" \
                "$(printf '52:54:00:0f:%02x:%02x' "${host#hv}" "$n")"
        fi
        "$sb" exec "$vm" ip route replace default via "${ip%.*}.1"
    done <<< "$VMS"

    vifs=()
    while read -r vm host subnet ip; do
        vifs+=(-- vif-add "$subnet" "$vm" "$(cat "$dir/vms/$vm/mac")" "$ip")
    done <<< "$VMS"
    peer=(-- peering-request acme globex)
    [ $peering = no ] || peer+=(-- peering-request globex acme)

    "$sb" nbctl --wait=hv --timeout=30 \
        -- farm-add acme 1 alice -- farm-add globex 2 bob \
        -- subnet-add acme web 10.1.1.0/24 -- subnet-add acme db 10.1.2.0/24 \
        -- subnet-add globex app 10.2.1.0/24 \
        -- subnet-add globex data 10.2.2.0/24 \
        -- policy-add web db "${peer[@]}" "${vifs[@]}"
    # Each VM takes its subnet's MTU from vnet, as an operator would.
    mtus=$("$sb" nbctl --format=csv --no-headings subnet-list)
    while read -r vm host subnet ip; do
        "$sb" exec "$vm" ip link set eth0 mtu \
            "$(awk -F, -v s="$subnet" '$1 == s { print $NF }' <<< "$mtus")"
    done <<< "$VMS"
    "$sb" nbctl show
}

[ $load = no ] || load

[ $matrix = yes ] || exit 0

# Who should reach whom: the same subnet; web -> db; across farms while
# both request peering.
pairs=
while read -r a ah as aip; do
    while read -r b bh bs bip; do
        [ "$a" != "$b" ] || continue
        if [ "$as" = "$bs" ] || { [ "$as" = web ] && [ "$bs" = db ]; } \
           || { [ $peering = yes ] \
                && [ "$(farm_of "$as")" != "$(farm_of "$bs")" ]; }; then
            pairs="$pairs $a:$b"
        fi
    done <<< "$VMS"
done <<< "$VMS"
"$top/utilities/vnet-reachability.sh" --pairs "$pairs" \
    --vms "$(cut -d' ' -f1 <<< "$VMS" | tr '\n' ' ')"
