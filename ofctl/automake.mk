# ofctl: the OpenFlow control library (switch sessions, desired-vs-installed
# flow tables, diffs, barriers).
noinst_LTLIBRARIES += ofctl/libofctl.la
ofctl_libofctl_la_SOURCES = \
	ofctl/flow-table.c \
	ofctl/flow-table.h \
	ofctl/listener.c \
	ofctl/listener.h \
	ofctl/switch.c \
	ofctl/switch.h
