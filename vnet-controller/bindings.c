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

#include <config.h>
#include "bindings.h"
#include <string.h>
#include "flow.h"
#include "lib/vswitch-idl.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "packets.h"
#include "util.h"
#include "vnet-host.h"

VLOG_DEFINE_THIS_MODULE(bindings);

void
vnet_binding_init(struct vnet_binding *b)
{
    b->host = NULL;
    b->encap_ip = 0;
    b->datapath_id = 0;
    b->uplink_ofport = OFPP_NONE;
    b->vxlan_ofport = OFPP_NONE;
    shash_init(&b->vifs);
}

void
vnet_binding_destroy(struct vnet_binding *b)
{
    free(b->host);
    shash_destroy_free_data(&b->vifs);
}

/* Monitors only what the controller reads: a host's database also carries
 * statistics and status that change all the time. */
void
vnet_binding_register_columns(struct ovsdb_idl *idl)
{
    ovsdb_idl_add_table(idl, &ovsrec_table_open_vswitch);
    ovsdb_idl_add_column(idl, &ovsrec_open_vswitch_col_bridges);
    ovsdb_idl_add_column(idl, &ovsrec_open_vswitch_col_vnet_host);
    ovsdb_idl_add_column(idl, &ovsrec_open_vswitch_col_vnet_encap_ip);
    ovsdb_idl_add_column(idl, &ovsrec_open_vswitch_col_vnet_uplink);
    ovsdb_idl_add_table(idl, &ovsrec_table_bridge);
    ovsdb_idl_add_column(idl, &ovsrec_bridge_col_name);
    ovsdb_idl_add_column(idl, &ovsrec_bridge_col_datapath_id);
    ovsdb_idl_add_column(idl, &ovsrec_bridge_col_ports);
    ovsdb_idl_add_table(idl, &ovsrec_table_port);
    ovsdb_idl_add_column(idl, &ovsrec_port_col_name);
    ovsdb_idl_add_column(idl, &ovsrec_port_col_interfaces);
    ovsdb_idl_add_table(idl, &ovsrec_table_interface);
    ovsdb_idl_add_column(idl, &ovsrec_interface_col_name);
    ovsdb_idl_add_column(idl, &ovsrec_interface_col_type);
    ovsdb_idl_add_column(idl, &ovsrec_interface_col_options);
    ovsdb_idl_add_column(idl, &ovsrec_interface_col_ofport);
    ovsdb_idl_add_column(idl, &ovsrec_interface_col_vnet_vif);
}

static const struct ovsrec_bridge *
bridge_of_interface(const struct ovsdb_idl *idl, const char *name)
{
    const struct ovsrec_bridge *br;

    OVSREC_BRIDGE_FOR_EACH (br, idl) {
        for (size_t i = 0; i < br->n_ports; i++) {
            const struct ovsrec_port *port = br->ports[i];
            for (size_t j = 0; j < port->n_interfaces; j++) {
                if (!strcmp(port->interfaces[j]->name, name)) {
                    return br;
                }
            }
        }
    }
    return NULL;
}

static ofp_port_t
interface_ofport(const struct ovsrec_interface *iface)
{
    return (iface->n_ofport && *iface->ofport > 0
            && *iface->ofport < ofp_to_u16(OFPP_MAX)
            ? u16_to_ofp(*iface->ofport) : OFPP_NONE);
}

/* br-vnet's way to the uplink: the uplink interface itself when it is on
 * br-vnet, else the patch port whose peer sits on the uplink's bridge (the
 * br-phy layout of OVS userspace tunneling). */
static ofp_port_t
uplink_ofport(const struct ovsdb_idl *idl, const struct ovsrec_bridge *vnet,
              const char *uplink)
{
    const struct ovsrec_bridge *phy = bridge_of_interface(idl, uplink);

    if (!phy) {
        return OFPP_NONE;
    }
    for (size_t i = 0; i < vnet->n_ports; i++) {
        const struct ovsrec_port *port = vnet->ports[i];
        for (size_t j = 0; j < port->n_interfaces; j++) {
            const struct ovsrec_interface *iface = port->interfaces[j];
            if (phy == vnet) {
                if (!strcmp(iface->name, uplink)) {
                    return interface_ofport(iface);
                }
            } else if (!strcmp(iface->type, "patch")) {
                const char *peer = smap_get(&iface->options, "peer");
                if (peer && bridge_of_interface(idl, peer) == phy) {
                    return interface_ofport(iface);
                }
            }
        }
    }
    return OFPP_NONE;
}

/* Replaces 'b''s contents by what the host's database says now. */
void
vnet_binding_from_idl(const struct ovsdb_idl *idl, struct vnet_binding *b)
{
    const struct ovsrec_open_vswitch *ovs = ovsrec_open_vswitch_first(idl);
    const struct ovsrec_bridge *br;
    const struct ovsrec_bridge *vnet = NULL;

    vnet_binding_destroy(b);
    vnet_binding_init(b);
    if (!ovs || !ovs->vnet_host) {
        return;
    }
    b->host = xstrdup(ovs->vnet_host);
    if (ovs->vnet_encap_ip) {
        char *error = vnet_host_check_encap_ip(ovs->vnet_encap_ip);
        if (!error) {
            ip_parse(ovs->vnet_encap_ip, &b->encap_ip);
        } else {
            static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
            VLOG_WARN_RL(&rl, "host %s: %s", ovs->vnet_host, error);
            free(error);
        }
    }

    OVSREC_BRIDGE_FOR_EACH (br, idl) {
        if (!strcmp(br->name, VNET_BRIDGE)) {
            vnet = br;
        }
    }
    if (!vnet) {
        return;
    }
    if (vnet->datapath_id) {
        b->datapath_id = strtoull(vnet->datapath_id, NULL, 16);
    }
    if (ovs->vnet_uplink) {
        b->uplink_ofport = uplink_ofport(idl, vnet, ovs->vnet_uplink);
    }
    for (size_t i = 0; i < vnet->n_ports; i++) {
        const struct ovsrec_port *port = vnet->ports[i];
        for (size_t j = 0; j < port->n_interfaces; j++) {
            const struct ovsrec_interface *iface = port->interfaces[j];
            ofp_port_t ofport = interface_ofport(iface);

            if (ofport == OFPP_NONE) {
                continue;
            }
            if (!strcmp(iface->type, "vxlan")) {
                b->vxlan_ofport = ofport;
            } else if (iface->vnet_vif
                       && !shash_find(&b->vifs, iface->vnet_vif)) {
                shash_add(&b->vifs, iface->vnet_vif,
                          xmemdup(&ofport, sizeof ofport));
            }
        }
    }
}

/* Applies what host 'host' reported to the model: its ports, and the VIFs
 * it carries (a VIF that two hosts claim stays with the first). */
void
vnet_binding_apply(const struct vnet_binding *b, struct vnet_host *host,
                   struct vnet_intent *intent)
{
    struct shash_node *node;

    host->uplink_ofport = b->uplink_ofport;
    host->vxlan_ofport = b->vxlan_ofport;
    if (!host->encap_ip) {
        host->encap_ip = b->encap_ip;
    }
    SHASH_FOR_EACH (node, &b->vifs) {
        struct vnet_vif *vif = vnet_intent_find_vif(intent, node->name);
        if (vif && !vif->host) {
            vnet_vif_bind(vif, host, *(ofp_port_t *) node->data);
        }
    }
}
