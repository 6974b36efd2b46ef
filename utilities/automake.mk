# Scripts: the fork pipeline, the sandbox, the dependency installer and the
# two commands of the README.
dist_noinst_SCRIPTS += \
	utilities/bench-controller.sh \
	utilities/bench-datapath.sh \
	utilities/bench-etherip.sh \
	utilities/bench-farms.sh \
	utilities/bench-gwmac.sh \
	utilities/bench-router.sh \
	utilities/bench-nbctl.sh \
	utilities/bench-ovn.sh \
	utilities/bench-report.py \
	utilities/bench.sh \
	utilities/dev.sh \
	utilities/install-deps.sh \
	utilities/ovs-fork.sh \
	utilities/vnet-bulk.py \
	utilities/vnet-example.sh \
	utilities/vnet-example-farms.sh \
	utilities/vnet-reachability.sh \
	utilities/vnet-sandbox.sh

# vnet-nbctl: the operator's front-end to the VNET database.  Its pure
# checks are a library of their own so that the unit tests link them.
noinst_LTLIBRARIES += utilities/libnbctlcheck.la
utilities_libnbctlcheck_la_SOURCES = \
	utilities/vnet-nbctl-check.c \
	utilities/vnet-nbctl-check.h

bin_PROGRAMS += utilities/vnet-nbctl
utilities_vnet_nbctl_SOURCES = utilities/vnet-nbctl.c
utilities_vnet_nbctl_LDADD = utilities/libnbctlcheck.la \
	schema/libvnetidl.la $(OVS_LIBS)

# vnet-nbctl(8), from utilities/vnet-nbctl.8.xml by OVS's xml2nroff.
man_MANS += utilities/vnet-nbctl.8
EXTRA_DIST += utilities/vnet-nbctl.8.xml
CLEANFILES += utilities/vnet-nbctl.8
utilities/vnet-nbctl.8: utilities/vnet-nbctl.8.xml
	$(AM_V_at)$(MKDIR_P) utilities
	$(AM_V_GEN)$(XML2NROFF) $(srcdir)/utilities/vnet-nbctl.8.xml \
	    --version=$(VERSION) \
	    | sed 's/"Open vSwitch \([^"]*\)"/"vnet \1"/g' > $@.tmp \
	    && mv $@.tmp $@

# The benchmark's program, compiled by bench-etherip.sh against the fork,
# and the measurement functions the bench-*.sh scripts source.
EXTRA_DIST += utilities/bench-etherip.c utilities/bench-lib.sh
