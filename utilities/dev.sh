#!/bin/bash
# dev.sh: the README's two commands.
#
#   utilities/dev.sh sandbox   install dependencies, build everything, and
#                              bring up the sandbox datacenter
#   utilities/dev.sh check     install dependencies, build everything, and
#                              run every test
#   utilities/dev.sh build     install dependencies and build everything
#
# Each phase prints how long it took.
set -e -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build=${VNET_BUILD:-$top/_build}
export VNET_BUILD=$build
jobs=${VNET_JOBS:-$(nproc)}
timings=()

phase() {
    local name=$1 start end status=0
    shift
    echo "=== $name"
    start=$(date +%s)
    "$@" || status=$?
    end=$(date +%s)
    timings+=("$(printf '%-28s %5ss%s' "$name" $((end - start)) \
        "$([ $status = 0 ] || echo '  FAILED')")")
    if [ $status != 0 ]; then
        report
        echo "dev.sh: phase '$name' failed" >&2
        exit $status
    fi
}

report() {
    echo "=== phase timings"
    printf '%s\n' "${timings[@]}"
}

deps() {
    "$top/utilities/install-deps.sh"
}

fork() {
    "$top/utilities/ovs-fork.sh" build
}

# vnet builds out of tree in $build/vnet against the fork.
vnet() {
    if [ ! -f "$top/configure" ] || \
       [ "$top/configure.ac" -nt "$top/configure" ]; then
        (cd "$top" && autoreconf -fi >/dev/null 2>&1) || {
            echo "dev.sh: autoreconf failed" >&2; return 1; }
    fi
    mkdir -p "$build/vnet"
    if [ ! -f "$build/vnet/config.status" ]; then
        (cd "$build/vnet" && "$top/configure" -q \
            --with-ovs-source="$build/ovs" --with-ovs-build="$build/ovs")
    fi
    make -C "$build/vnet" -s -j"$jobs"
}

build_all() {
    phase "dependencies" deps
    phase "OVS fork (patch + build)" fork
    phase "vnet (configure + build)" vnet
}

sandbox() {
    local sb=$top/utilities/vnet-sandbox.sh
    "$sb" down >/dev/null
    "$sb" up --hosts "${VNET_HOSTS:-3}" --vms "${VNET_VMS:-2}"
    "$sb" status
    "$top/utilities/vnet-example.sh"
    "$top/utilities/vnet-example-farms.sh"
}

case ${1:-} in
    build)
        build_all
        report ;;
    sandbox)
        build_all
        phase "sandbox up" sandbox
        report
        echo "The sandbox stays up: utilities/vnet-sandbox.sh status|exec|host|down" ;;
    check)
        build_all
        phase "unit tests (cmocka)" make -C "$build/vnet" check-unit
        phase "vnet autotest suite" make -C "$build/vnet" check-autotest \
            TESTSUITEFLAGS="-j$jobs"
        phase "OVS fork tests" make -C "$build/vnet" check-fork
        phase "system tests" make -C "$build/vnet" check-system
        report ;;
    *)
        echo "usage: $0 sandbox|check|build" >&2
        exit 1 ;;
esac
