/* Copyright (c) 2026 The vnet authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

#ifndef VNET_BINDINGS_H
#define VNET_BINDINGS_H 1

/* What the controller learns from a host's own Open_vSwitch database: the
 * vnet columns a host joins with (vnet_host, vnet_encap_ip, vnet_uplink on
 * Open_vSwitch; vnet_vif on Interface), br-vnet's datapath id, and the
 * OpenFlow port of every VIF, of the uplink and of the VXLAN port. */

#include <stdint.h>
#include "openvswitch/shash.h"
#include "openvswitch/types.h"
#include "intent.h"

struct ovsdb_idl;

#define VNET_BRIDGE "br-vnet"

struct vnet_binding {
    char *host;                   /* vnet_host; NULL: the host has not
                                   * joined. */
    ovs_be32 encap_ip;            /* vnet_encap_ip, 0 if unset or bad. */
    uint64_t datapath_id;         /* br-vnet's, 0 while unknown. */
    ofp_port_t uplink_ofport;     /* OFPP_NONE while unknown. */
    ofp_port_t vxlan_ofport;      /* OFPP_NONE without a VXLAN port. */
    struct shash vifs;            /* vnet_vif -> "ofp_port_t *". */
};

void vnet_binding_init(struct vnet_binding *);
void vnet_binding_destroy(struct vnet_binding *);

void vnet_binding_register_columns(struct ovsdb_idl *);
void vnet_binding_from_idl(const struct ovsdb_idl *, struct vnet_binding *);

void vnet_binding_apply(const struct vnet_binding *, struct vnet_host *,
                        struct vnet_intent *);

#endif /* bindings.h */
