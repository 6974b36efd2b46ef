# vnet-controller: the OpenFlow 1.3 controller.

# The flow compiler and its data model: pure, unit-tested without a switch.
noinst_LTLIBRARIES += vnet-controller/libcompiler.la
vnet_controller_libcompiler_la_SOURCES = \
	vnet-controller/flow-compiler.c \
	vnet-controller/flow-compiler.h \
	vnet-controller/intent.c \
	vnet-controller/intent.h

# Reading the VNET database into the compiler's model.
noinst_LTLIBRARIES += vnet-controller/libintentidl.la
vnet_controller_libintentidl_la_SOURCES = \
	vnet-controller/intent-idl.c \
	vnet-controller/intent-idl.h
