#!/bin/bash
# vnet-reachability.sh: ping every VM of the sandbox from every other VM and
# print the matrix.  A cell is "ok" when 2 pings of 2 got an answer and "--"
# when none did.
set -e -o pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
sb=$top/utilities/vnet-sandbox.sh
dir=${VNET_SANDBOX_DIR:-${VNET_BUILD:-$top/_build}/sandbox}

vms=$(ls "$dir/vms" 2>/dev/null) || true
[ -n "$vms" ] || { echo "vnet-reachability: no VMs in $dir" >&2; exit 1; }

printf '%-8s' 'from\to'
for b in $vms; do printf '%-7s' "$b"; done
echo
for a in $vms; do
    printf '%-8s' "$a"
    for b in $vms; do
        if [ "$a" = "$b" ]; then
            printf '%-7s' '.'
            continue
        fi
        ip=$(cut -d/ -f1 "$dir/vms/$b/ip")
        got=$("$sb" exec "$a" ping -q -c 2 -i 0.2 -W 1 "$ip" 2>/dev/null \
              | sed -n 's/.* \([0-9]*\) received.*/\1/p') || true
        case $got in
            2) printf '%-7s' ok ;;
            0|'') printf '%-7s' -- ;;
            *) printf '%-7s' "$got/2" ;;
        esac
    done
    echo
done
