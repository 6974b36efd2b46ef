# vnet-controller: the OpenFlow 1.3 controller daemon.
bin_PROGRAMS += vnet-controller/vnet-controller
vnet_controller_vnet_controller_SOURCES = vnet-controller/vnet-controller.c
vnet_controller_vnet_controller_LDADD = ofctl/libofctl.la $(OVS_LIBS)
