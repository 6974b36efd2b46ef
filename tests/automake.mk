# Tests: (a) cmocka unit tests, (b) the vnet autotest suite, (c) the fork's
# own tests and the OVS tests for the areas the patches touch, (d) system
# tests (root, network namespaces, real traffic).  "make check" runs all four.

# (a) Unit tests of pure logic, with cmocka.
UNIT_TESTS = \
	tests/unit/test-compiler \
	tests/unit/test-desired-flows \
	tests/unit/test-farm-compiler \
	tests/unit/test-flow-parse \
	tests/unit/test-flow-roundtrip \
	tests/unit/test-flow-table \
	tests/unit/test-incremental \
	tests/unit/test-nbctl-check \
	tests/unit/test-pipeline
check_PROGRAMS += $(UNIT_TESTS)
UNIT_LDADD = ofctl/libofctl.la $(OVS_LIBS) $(CMOCKA_LIBS)
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_compiler_SOURCES = tests/unit/test-compiler.c \
	tests/unit/compiler-test.h
tests_unit_test_compiler_LDADD = vnet-controller/libcompiler.la $(UNIT_LDADD)
tests_unit_test_compiler_CFLAGS = $(UNIT_CFLAGS) -I$(top_srcdir)/vnet-controller
tests_unit_test_farm_compiler_SOURCES = tests/unit/test-farm-compiler.c \
	tests/unit/compiler-test.h
tests_unit_test_farm_compiler_LDADD = vnet-controller/libcompiler.la $(UNIT_LDADD)
tests_unit_test_farm_compiler_CFLAGS = $(UNIT_CFLAGS) -I$(top_srcdir)/vnet-controller
tests_unit_test_desired_flows_SOURCES = tests/unit/test-desired-flows.c \
	vnet-controller/desired-flows.c
tests_unit_test_desired_flows_LDADD = vnet-controller/libcompiler.la \
	$(UNIT_LDADD)
tests_unit_test_desired_flows_CFLAGS = $(UNIT_CFLAGS) \
	-I$(top_srcdir)/vnet-controller
tests_unit_test_incremental_SOURCES = tests/unit/test-incremental.c \
	vnet-controller/desired-flows.c
tests_unit_test_incremental_LDADD = vnet-controller/libcompiler.la $(UNIT_LDADD)
tests_unit_test_incremental_CFLAGS = $(UNIT_CFLAGS) -I$(top_srcdir)/vnet-controller
tests_unit_test_pipeline_SOURCES = tests/unit/test-pipeline.c
tests_unit_test_pipeline_LDADD = vnet-controller/libcompiler.la $(UNIT_LDADD)
tests_unit_test_pipeline_CFLAGS = $(UNIT_CFLAGS) -I$(top_srcdir)/vnet-controller
tests_unit_test_flow_table_SOURCES = tests/unit/test-flow-table.c
tests_unit_test_flow_table_LDADD = $(UNIT_LDADD)
tests_unit_test_flow_table_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nbctl_check_SOURCES = tests/unit/test-nbctl-check.c
tests_unit_test_nbctl_check_LDADD = utilities/libnbctlcheck.la $(UNIT_LDADD)
tests_unit_test_nbctl_check_CFLAGS = $(UNIT_CFLAGS) -I$(srcdir)/utilities
tests_unit_test_flow_parse_SOURCES = tests/unit/test-flow-parse.c
tests_unit_test_flow_parse_LDADD = $(UNIT_LDADD)
tests_unit_test_flow_parse_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_flow_roundtrip_SOURCES = tests/unit/test-flow-roundtrip.c
tests_unit_test_flow_roundtrip_LDADD = $(UNIT_LDADD)
tests_unit_test_flow_roundtrip_CFLAGS = $(UNIT_CFLAGS)

check-unit: $(UNIT_TESTS)
	@echo "== unit tests (cmocka)"
	@status=0; for t in $(UNIT_TESTS); do ./$$t || status=1; done; \
	exit $$status
.PHONY: check-unit

# tests/test-ofctl drives ofctl/ against a real switch for tests/ofctl.at.
check_PROGRAMS += tests/test-ofctl
tests_test_ofctl_SOURCES = tests/test-ofctl.c
tests_test_ofctl_LDADD = ofctl/libofctl.la $(OVS_LIBS)

# (b) The vnet autotest suite.  It reuses OVS's macros from the fork's tree
# (found through -I $(OVS_SRCDIR)) and runs the fork's binaries.
TESTSUITE_AT = \
	tests/testsuite.at \
	tests/vnet-macros.at \
	tests/fork.at \
	tests/bridge.at \
	tests/nbctl.at \
	tests/bench.at \
	tests/controller.at \
	tests/ofctl.at
SYSTEM_TESTSUITE_AT = \
	tests/system-testsuite.at \
	tests/vnet-macros.at \
	tests/system-sandbox.at \
	tests/system-controller.at \
	tests/system-etherip.at \
	tests/system-etherip-segments.at \
	tests/system-farms.at \
	tests/system-router.at \
	tests/system-uplink.at
EXTRA_DIST += $(TESTSUITE_AT) $(SYSTEM_TESTSUITE_AT) tests/atlocal.in
TESTSUITE = $(srcdir)/tests/testsuite
SYSTEM_TESTSUITE = $(srcdir)/tests/system-testsuite
DISTCLEANFILES += tests/atconfig tests/atlocal
AUTOM4TE = autom4te
AUTOTEST = $(AUTOM4TE) -l autotest
AUTOTEST_PATH = $(abs_top_builddir)/utilities:$(abs_top_builddir)/vnet-controller:$(abs_top_builddir)/tests:$(OVS_BUILDDIR)/utilities:$(OVS_BUILDDIR)/vswitchd:$(OVS_BUILDDIR)/ovsdb:$(OVS_BUILDDIR)/tests:$(abs_top_srcdir)/utilities

$(TESTSUITE): $(srcdir)/tests/package.m4 $(TESTSUITE_AT)
	$(AM_V_GEN)$(AUTOTEST) -I '$(srcdir)/tests' -I '$(srcdir)' -I '$(OVS_SRCDIR)' \
	    -o $@.tmp $@.at && mv $@.tmp $@
$(SYSTEM_TESTSUITE): $(srcdir)/tests/package.m4 $(SYSTEM_TESTSUITE_AT)
	$(AM_V_GEN)$(AUTOTEST) -I '$(srcdir)/tests' -I '$(srcdir)' -I '$(OVS_SRCDIR)' \
	    -o $@.tmp $@.at && mv $@.tmp $@
$(srcdir)/tests/package.m4: $(top_srcdir)/configure.ac
	$(AM_V_GEN):;{ \
	  echo '# Signature of the current package.' && \
	  echo 'm4_define([AT_PACKAGE_NAME],      [$(PACKAGE_NAME)])' && \
	  echo 'm4_define([AT_PACKAGE_TARNAME],   [$(PACKAGE_TARNAME)])' && \
	  echo 'm4_define([AT_PACKAGE_VERSION],   [$(PACKAGE_VERSION)])' && \
	  echo 'm4_define([AT_PACKAGE_STRING],    [$(PACKAGE_STRING)])' && \
	  echo 'm4_define([AT_PACKAGE_BUGREPORT], [$(PACKAGE_BUGREPORT)])'; \
	} >'$(srcdir)/tests/package.m4'

TESTSUITE_DEPS = $(TESTSUITE) tests/atconfig tests/atlocal $(bin_PROGRAMS) \
	$(check_PROGRAMS)
check-autotest: $(TESTSUITE_DEPS)
	@echo "== vnet autotest suite"
	$(SHELL) '$(TESTSUITE)' -C tests AUTOTEST_PATH='$(AUTOTEST_PATH)' \
	    $(TESTSUITEFLAGS)
.PHONY: check-autotest

# (c) The fork's own new tests (keyword "vnet" in the patches' .at files),
# OVS's tests for the areas the patches touch, run in the fork's tree, and
# OVS's python unit tests (its flow parser learns the new actions).
# Autotest's -k matches keywords and title words: odp.at has no keywords,
# its titles say "OVS datapath".
OVS_TEST_SELECTION = -k vnet -k 'OVS datapath' -k ofp-actions -k ovs-ofctl \
	-k ovs-vsctl -k tunnel -k dpif-netdev
check-fork:
	@echo "== OVS fork tests: $(OVS_TEST_SELECTION)"
	$(MAKE) -C '$(OVS_BUILDDIR)' check \
	    TESTSUITEFLAGS="-j$$(nproc) $(OVS_TEST_SELECTION) $(FORK_TESTSUITEFLAGS)"
	@echo "== OVS python unit tests"
	cd '$(OVS_SRCDIR)' && PYTHONPATH=python PYTHONDONTWRITEBYTECODE=yes \
	    /usr/bin/python3 -m pytest -q -p no:cacheprovider python/ovs/tests
.PHONY: check-fork

# (d) System tests: root, network namespaces, veth and real packets.
check-system: $(SYSTEM_TESTSUITE) tests/atconfig tests/atlocal \
	$(bin_PROGRAMS)
	@echo "== system tests"
	@if test "$$(id -u)" != 0; then \
	  echo "SKIPPED: system tests need root (network namespaces); run 'sudo make check-system'"; \
	else \
	  $(SHELL) '$(SYSTEM_TESTSUITE)' -C tests \
	    AUTOTEST_PATH='$(AUTOTEST_PATH)' $(SYSTEM_TESTSUITEFLAGS); \
	fi
.PHONY: check-system

check-local: check-unit check-autotest check-fork check-system

clean-local:
	test ! -f '$(TESTSUITE)' || $(SHELL) '$(TESTSUITE)' -C tests --clean
	test ! -f '$(SYSTEM_TESTSUITE)' || \
	  $(SHELL) '$(SYSTEM_TESTSUITE)' -C tests --clean
