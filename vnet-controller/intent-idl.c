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
#include "intent-idl.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "schema/vnet-idl.h"
#include "uuid.h"

VLOG_DEFINE_THIS_MODULE(intent_idl);

/* A segment's key is its OpenFlow metadata.  It is derived from what makes
 * the segment unique in the database, (mode, wire_id), rather than assigned,
 * so that a restarted controller computes the same flows and reconciles
 * with nothing to change. */
uint32_t
vnet_segment_key(enum vnet_segment_mode mode, uint32_t wire_id)
{
    return ((uint32_t) mode + 1) << 24 | (wire_id & 0xffffff);
}

/* A flow's cookie is the first 64 bits of the UUID of the row that made it,
 * as OVN does with logical flows. */
uint64_t
vnet_cookie_from_uuid(const struct uuid *uuid)
{
    return (uint64_t) uuid->parts[0] << 32 | uuid->parts[1];
}

static ovs_be32
first_ipv4(char **ips, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ovs_be32 ip;
        if (ip_parse(ips[i], &ip)) {
            return ip;
        }
    }
    return 0;
}

static const struct vnet_subnet *
find_subnet(const struct vnet_intent *intent,
            const struct vnetrec_subnet *s)
{
    return vnet_intent_find_subnet(intent,
                                   vnet_subnet_key(s->farm->index, s->index));
}

/* Farms, subnets, the farm owners' policies and peering requests. */
static void
farms_from_idl(const struct ovsdb_idl *idl, struct vnet_intent *intent)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const struct vnetrec_subnet_policy *policy;
    const struct vnetrec_peering *peering;
    const struct vnetrec_subnet *subnet;
    const struct vnetrec_farm *farm;

    VNETREC_FARM_FOR_EACH (farm, idl) {
        vnet_intent_add_farm(intent, farm->name,
                             vnet_cookie_from_uuid(&farm->header_.uuid),
                             farm->index);
    }
    VNETREC_SUBNET_FOR_EACH (subnet, idl) {
        const struct vnet_farm *f = vnet_intent_find_farm(intent,
                                                          subnet->farm->index);
        struct eth_addr gw_mac;
        ovs_be32 net, mask, gw_ip;
        unsigned int plen;
        char *error;

        error = ip_parse_cidr(subnet->cidr, &net, &plen);
        if (error || !ip_parse(subnet->gateway_ip, &gw_ip)
            || !eth_addr_from_string(subnet->gateway_mac, &gw_mac)) {
            VLOG_WARN_RL(&rl, "subnet %s: bad cidr, gateway_ip or "
                         "gateway_mac; its VIFs stay down", subnet->name);
            free(error);
            continue;
        }
        mask = be32_prefix_mask(plen);
        vnet_intent_add_subnet(intent, subnet->name,
                               vnet_cookie_from_uuid(&subnet->header_.uuid),
                               f, subnet->index, net, mask, gw_ip, gw_mac);
    }
    VNETREC_SUBNET_POLICY_FOR_EACH (policy, idl) {
        const struct vnet_subnet *src = find_subnet(intent, policy->src);
        const struct vnet_subnet *dst = find_subnet(intent, policy->dst);
        if (src && dst) {
            vnet_intent_add_policy(
                intent, vnet_cookie_from_uuid(&policy->header_.uuid),
                src, dst);
        }
    }
    VNETREC_PEERING_FOR_EACH (peering, idl) {
        vnet_intent_add_peering(
            intent, vnet_cookie_from_uuid(&peering->header_.uuid),
            vnet_intent_find_farm(intent, peering->farm->index),
            vnet_intent_find_farm(intent, peering->peer->index));
    }
}

void
vnet_intent_from_idl(const struct ovsdb_idl *idl, struct vnet_intent *intent)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const struct vnetrec_segment *seg;
    const struct vnetrec_host *host;
    const struct vnetrec_router *router;
    const struct vnetrec_vif *vif;

    VNETREC_SEGMENT_FOR_EACH (seg, idl) {
        enum vnet_segment_mode mode;

        if (!vnet_segment_mode_from_string(seg->mode, &mode)) {
            continue;           /* The schema's enum makes this impossible. */
        }
        struct vnet_segment *s = vnet_intent_add_segment(
            intent, seg->name, vnet_cookie_from_uuid(&seg->header_.uuid),
            vnet_segment_key(mode, seg->wire_id), mode, seg->wire_id);
        s->head_end_replication = seg->head_end_replication;
        if (seg->multicast_group
            && (!ip_parse(seg->multicast_group, &s->multicast_group)
                || !ip_is_multicast(s->multicast_group))) {
            VLOG_WARN_RL(&rl, "segment %s: multicast_group \"%s\" is not "
                         "an IPv4 multicast address; flooding by head-end "
                         "replication", seg->name, seg->multicast_group);
            s->multicast_group = 0;
        }
        s->gateway_tag = seg->n_gateway_tag ? *seg->gateway_tag : 0;
        s->mac_limit = (seg->n_mac_limit ? *seg->mac_limit
                        : VNET_DEFAULT_MAC_LIMIT);
    }
    VNETREC_HOST_FOR_EACH (host, idl) {
        ovs_be32 ip = 0;

        if (!ip_parse(host->encap_ip, &ip)) {
            VLOG_WARN_RL(&rl, "host %s: encap_ip \"%s\" is not an IPv4 "
                         "address; its tunnels stay down", host->name,
                         host->encap_ip);
        }
        struct vnet_host *h = vnet_intent_add_host(
            intent, host->name, vnet_cookie_from_uuid(&host->header_.uuid),
            ip);
        h->external = !host->ovsdb_remote[0];
        if (host->n_underlay_mtu) {
            h->underlay_mtu = *host->underlay_mtu;
        }
        if (!eth_addr_from_string(host->mac, &h->mac)
            || eth_addr_is_multicast(h->mac)) {
            h->mac = eth_addr_zero;
            if (host->mac[0]) {
                VLOG_WARN_RL(&rl, "host %s: mac \"%s\" is not a unicast "
                             "MAC; nothing is sent to it", host->name,
                             host->mac);
            }
        }
    }
    /* Gateways name hosts, which exist only now. */
    VNETREC_SEGMENT_FOR_EACH (seg, idl) {
        enum vnet_segment_mode mode;

        if (seg->gateway_host
            && vnet_segment_mode_from_string(seg->mode, &mode)) {
            struct vnet_segment *s = vnet_intent_find_segment(
                intent, vnet_segment_key(mode, seg->wire_id));
            s->gateway_host = vnet_intent_find_host(intent,
                                                    seg->gateway_host->name);
            if (mode != VNET_SEGMENT_ETHERIP) {
                VLOG_WARN_RL(&rl, "segment %s: gateways are realized for "
                             "etherip segments only; %s's is ignored",
                             seg->name, seg->name);
            }
        }
    }
    farms_from_idl(idl, intent);
    VNETREC_VIF_FOR_EACH (vif, idl) {
        const struct vnet_segment *segment = NULL;
        struct eth_addr mac;
        enum vnet_segment_mode mode;

        if (!eth_addr_from_string(vif->mac, &mac)) {
            VLOG_WARN_RL(&rl, "VIF %s: bad MAC \"%s\"", vif->name, vif->mac);
            continue;
        }
        if (vif->segment
            && vnet_segment_mode_from_string(vif->segment->mode, &mode)) {
            segment = vnet_intent_find_segment(
                intent, vnet_segment_key(mode, vif->segment->wire_id));
        }
        struct vnet_vif *v = vnet_intent_add_vif(
            intent, vif->name, vnet_cookie_from_uuid(&vif->header_.uuid),
            mac, first_ipv4(vif->ips, vif->n_ips), segment);
        v->admitted = !strcmp(vif->admission, "admitted");
        if (vif->subnet && !segment) {
            v->subnet = vnet_intent_find_subnet(
                intent, vnet_subnet_key(vif->subnet->farm->index,
                                        vif->subnet->index));
        }

        /* A VIF of a non-virtualized machine is where the database says;
         * the others are where the hosts say (bindings.c). */
        if (vif->host && !vif->host->ovsdb_remote[0]) {
            vnet_vif_bind(v, vnet_intent_find_host(intent, vif->host->name),
                          OFPP_NONE);
        }
    }
    VNETREC_ROUTER_FOR_EACH (router, idl) {
        struct vnet_router *r = vnet_intent_add_router(
            intent, router->name,
            vnet_cookie_from_uuid(&router->header_.uuid));

        for (size_t i = 0; i < router->n_interfaces; i++) {
            const struct vnetrec_router_interface *ri = router->interfaces[i];
            const struct vnet_segment *segment;
            enum vnet_segment_mode mode;
            struct eth_addr mac;
            unsigned int plen;
            ovs_be32 ip;
            char *error;

            if (!ri->segment
                || !vnet_segment_mode_from_string(ri->segment->mode, &mode)) {
                continue;
            }
            segment = vnet_intent_find_segment(
                intent, vnet_segment_key(mode, ri->segment->wire_id));
            error = ip_parse_cidr(ri->ip, &ip, &plen);
            if (error || !eth_addr_from_string(ri->mac, &mac) || !segment) {
                VLOG_WARN_RL(&rl, "router %s: interface %s %s on segment %s "
                             "is not a MAC and ADDRESS/PREFIXLEN; ignored",
                             router->name, ri->mac, ri->ip,
                             ri->segment->name);
                free(error);
                continue;
            }
            vnet_router_add_port(r, vnet_cookie_from_uuid(&ri->header_.uuid),
                                 segment, mac, ip, plen);
        }
    }
}
