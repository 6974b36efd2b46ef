# Scripts: the fork pipeline, the sandbox, the dependency installer and the
# two commands of the README.
dist_noinst_SCRIPTS += \
	utilities/bench-gwmac.sh \
	utilities/dev.sh \
	utilities/install-deps.sh \
	utilities/ovs-fork.sh \
	utilities/vnet-reachability.sh \
	utilities/vnet-sandbox.sh
