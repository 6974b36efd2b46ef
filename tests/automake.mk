# Tests: (a) cmocka unit tests, (b) the vnet autotest suite, (c) the fork's
# own tests and the OVS tests for the areas the patches touch, (d) system
# tests (root, network namespaces, real traffic).  "make check" runs all four.

# (a) Unit tests of pure logic, with cmocka.
UNIT_TESTS = tests/unit/test-flow-table
check_PROGRAMS += $(UNIT_TESTS)
UNIT_LDADD = ofctl/libofctl.la $(OVS_LIBS) $(CMOCKA_LIBS)
UNIT_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_flow_table_SOURCES = tests/unit/test-flow-table.c
tests_unit_test_flow_table_LDADD = $(UNIT_LDADD)
tests_unit_test_flow_table_CFLAGS = $(UNIT_CFLAGS)

check-unit: $(UNIT_TESTS)
	@echo "== unit tests (cmocka)"
	@status=0; for t in $(UNIT_TESTS); do ./$$t || status=1; done; \
	exit $$status
.PHONY: check-unit

# (b) The vnet autotest suite.  It reuses OVS's macros from the fork's tree
# (found through -I $(OVS_SRCDIR)) and runs the fork's binaries.
TESTSUITE_AT = \
	tests/testsuite.at \
	tests/vnet-macros.at \
	tests/fork.at \
	tests/bridge.at
SYSTEM_TESTSUITE_AT = \
	tests/system-testsuite.at \
	tests/vnet-macros.at \
	tests/system-sandbox.at \
	tests/system-etherip.at
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

# (c) The fork's own new tests (keyword "vnet" in the patches' .at files) and
# OVS's tests for the areas the patches touch, run in the fork's tree.
OVS_TEST_KEYWORDS = vnet odp ofp-actions ovs-ofctl tunnel dpif-netdev
check-fork:
	@echo "== OVS fork tests: keywords $(OVS_TEST_KEYWORDS)"
	$(MAKE) -C '$(OVS_BUILDDIR)' check \
	    TESTSUITEFLAGS="-j$$(nproc) $(foreach k,$(OVS_TEST_KEYWORDS),-k $(k)) $(FORK_TESTSUITEFLAGS)"
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
