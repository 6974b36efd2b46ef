# vnet-controller: the OpenFlow 1.3 controller daemon.
bin_PROGRAMS += vnet-controller/vnet-controller
vnet_controller_vnet_controller_SOURCES = \
	vnet-controller/controller.c \
	vnet-controller/controller.h \
	vnet-controller/desired-flows.c \
	vnet-controller/desired-flows.h \
	vnet-controller/status-http.c \
	vnet-controller/status-http.h \
	vnet-controller/vnet-controller.c
vnet_controller_vnet_controller_CFLAGS = $(AM_CFLAGS) $(LIBEVENT_CFLAGS)
vnet_controller_vnet_controller_LDADD = \
	vnet-controller/libinputs.la \
	vnet-controller/libcompiler.la \
	schema/libvnetidl.la \
	ofctl/libofctl.la \
	$(OVS_LIBS) \
	$(LIBEVENT_LIBS)

# The flow compiler and its data model: pure, unit-tested without a switch.
noinst_LTLIBRARIES += vnet-controller/libcompiler.la
vnet_controller_libcompiler_la_SOURCES = \
	vnet-controller/compiler.c \
	vnet-controller/compilers.h \
	vnet-controller/encap.c \
	vnet-controller/encap.h \
	vnet-controller/farm-compiler.c \
	vnet-controller/flow-compiler.h \
	vnet-controller/flows.c \
	vnet-controller/flows.h \
	vnet-controller/host-flows.c \
	vnet-controller/host-flows.h \
	vnet-controller/intent.c \
	vnet-controller/intent.h \
	vnet-controller/intent-diff.c \
	vnet-controller/intent-diff.h \
	vnet-controller/l2-compiler.c \
	vnet-controller/members.c \
	vnet-controller/members.h \
	vnet-controller/pipeline.c \
	vnet-controller/pipeline.h \
	vnet-controller/router-compiler.c

# The controller's inputs, read into the compiler's model: the VNET
# database (intent) and each host's Open_vSwitch database (bindings).
noinst_LTLIBRARIES += vnet-controller/libinputs.la
vnet_controller_libinputs_la_SOURCES = \
	vnet-controller/bindings.c \
	vnet-controller/bindings.h \
	vnet-controller/intent-idl.c \
	vnet-controller/intent-idl.h
