# vnet-controller: see issues; nothing is built here yet.
