# The OVS fork: a patch series against Debian's openvswitch-source.
EXTRA_DIST += ovs-patches/series $(wildcard $(srcdir)/ovs-patches/*.patch)
