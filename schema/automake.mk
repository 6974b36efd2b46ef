# The VNET database: its schema, the C IDL generated from it (libvnetidl,
# linked by vnet-nbctl and vnet-controller), and its documentation, vnet(5).

RUN_OVS_PY = PYTHONPATH=$(OVS_SRCDIR)/python:$$PYTHONPATH \
	PYTHONDONTWRITEBYTECODE=yes $(PYTHON3)
OVSDB_IDLC = $(RUN_OVS_PY) $(OVS_SRCDIR)/ovsdb/ovsdb-idlc.in
OVSDB_DOC = $(RUN_OVS_PY) $(OVS_SRCDIR)/ovsdb/ovsdb-doc
XML2NROFF = $(RUN_OVS_PY) $(OVS_SRCDIR)/build-aux/xml2nroff

vnetschemadir = $(datadir)/vnet
dist_vnetschema_DATA = schema/vnet.ovsschema
EXTRA_DIST += schema/vnet.xml schema/vnet-idl.ann

noinst_LTLIBRARIES += schema/libvnetidl.la
nodist_schema_libvnetidl_la_SOURCES = schema/vnet-idl.c schema/vnet-idl.h
VNET_IDL_BUILT = schema/vnet-idl.ovsidl schema/vnet-idl.c schema/vnet-idl.h
BUILT_SOURCES = schema/vnet-idl.h
CLEANFILES += $(VNET_IDL_BUILT)

schema/vnet-idl.ovsidl: schema/vnet.ovsschema schema/vnet-idl.ann
	$(AM_V_at)$(MKDIR_P) schema
	$(AM_V_GEN)$(OVSDB_IDLC) annotate $(srcdir)/schema/vnet.ovsschema \
	    $(srcdir)/schema/vnet-idl.ann > $@.tmp && mv $@.tmp $@
schema/vnet-idl.c: schema/vnet-idl.ovsidl
	$(AM_V_GEN)$(OVSDB_IDLC) c-idl-source $< > $@.tmp && mv $@.tmp $@
schema/vnet-idl.h: schema/vnet-idl.ovsidl
	$(AM_V_GEN)$(OVSDB_IDLC) c-idl-header $< > $@.tmp && mv $@.tmp $@

# vnet(5): every table and column of the schema, from schema/vnet.xml.
# ovsdb-doc (which renders through OVS's build/nroff.py, the engine of
# build-aux/xml2nroff) fails if a column is left undocumented.
man_MANS += schema/vnet.5
CLEANFILES += schema/vnet.5
schema/vnet.5: schema/vnet.ovsschema schema/vnet.xml
	$(AM_V_at)$(MKDIR_P) schema
	$(AM_V_GEN)$(OVSDB_DOC) --version=$(VERSION) \
	    $(srcdir)/schema/vnet.ovsschema $(srcdir)/schema/vnet.xml \
	    | sed 's/"Open vSwitch \([^"]*\)"/"vnet \1"/g' \
	    > $@.tmp && mv $@.tmp $@
