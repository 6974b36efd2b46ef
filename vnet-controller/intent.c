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
#include "intent.h"
#include "hash.h"
#include "util.h"

void
vnet_intent_init(struct vnet_intent *intent)
{
    hmap_init(&intent->segments);
    hmap_init(&intent->hosts);
    hmap_init(&intent->vifs);
    hmap_init(&intent->routers);
}

void
vnet_intent_destroy(struct vnet_intent *intent)
{
    struct vnet_segment *segment;
    struct vnet_host *host;
    struct vnet_router *router;
    struct vnet_vif *vif;

    HMAP_FOR_EACH_POP (router, hmap_node, &intent->routers) {
        free(router->name);
        free(router->ports);
        free(router);
    }
    HMAP_FOR_EACH_POP (vif, hmap_node, &intent->vifs) {
        free(vif->name);
        free(vif);
    }
    HMAP_FOR_EACH_POP (host, hmap_node, &intent->hosts) {
        free(host->name);
        free(host);
    }
    HMAP_FOR_EACH_POP (segment, hmap_node, &intent->segments) {
        free(segment->name);
        free(segment);
    }
    hmap_destroy(&intent->routers);
    hmap_destroy(&intent->vifs);
    hmap_destroy(&intent->hosts);
    hmap_destroy(&intent->segments);
}

struct vnet_segment *
vnet_intent_add_segment(struct vnet_intent *intent, const char *name,
                        uint64_t cookie, uint32_t key,
                        enum vnet_segment_mode mode, uint32_t wire_id)
{
    struct vnet_segment *segment = xzalloc(sizeof *segment);

    ovs_assert(key != 0);
    segment->name = xstrdup(name);
    segment->cookie = cookie;
    segment->key = key;
    segment->mode = mode;
    segment->wire_id = wire_id;
    hmap_insert(&intent->segments, &segment->hmap_node, hash_int(key, 0));
    return segment;
}

struct vnet_host *
vnet_intent_add_host(struct vnet_intent *intent, const char *name,
                     uint64_t cookie, ovs_be32 encap_ip)
{
    struct vnet_host *host = xzalloc(sizeof *host);

    host->name = xstrdup(name);
    host->cookie = cookie;
    host->encap_ip = encap_ip;
    host->uplink_ofport = OFPP_NONE;
    host->vxlan_ofport = OFPP_NONE;
    hmap_insert(&intent->hosts, &host->hmap_node, hash_string(name, 0));
    return host;
}

struct vnet_vif *
vnet_intent_add_vif(struct vnet_intent *intent, const char *name,
                    uint64_t cookie, struct eth_addr mac, ovs_be32 ip,
                    const struct vnet_segment *segment)
{
    struct vnet_vif *vif = xzalloc(sizeof *vif);

    vif->name = xstrdup(name);
    vif->cookie = cookie;
    vif->mac = mac;
    vif->ip = ip;
    vif->segment = segment;
    vif->admitted = true;
    vif->ofport = OFPP_NONE;
    hmap_insert(&intent->vifs, &vif->hmap_node, hash_string(name, 0));
    return vif;
}

void
vnet_vif_bind(struct vnet_vif *vif, const struct vnet_host *host,
              ofp_port_t ofport)
{
    vif->host = host;
    vif->ofport = host ? ofport : OFPP_NONE;
}

struct vnet_router *
vnet_intent_add_router(struct vnet_intent *intent, const char *name,
                       uint64_t cookie)
{
    struct vnet_router *router = xzalloc(sizeof *router);

    router->name = xstrdup(name);
    router->cookie = cookie;
    hmap_insert(&intent->routers, &router->hmap_node, hash_string(name, 0));
    return router;
}

/* Gives 'router' the address 'ip'/'plen' and 'mac' on 'segment'. */
void
vnet_router_add_port(struct vnet_router *router, uint64_t cookie,
                     const struct vnet_segment *segment, struct eth_addr mac,
                     ovs_be32 ip, unsigned int plen)
{
    ovs_assert(plen <= 32);
    router->ports = xrealloc(router->ports,
                             (router->n_ports + 1) * sizeof *router->ports);
    router->ports[router->n_ports++] = (struct vnet_router_port) {
        .cookie = cookie,
        .segment = segment,
        .mac = mac,
        .ip = ip,
        .mask = be32_prefix_mask(plen),
    };
}

struct vnet_segment *
vnet_intent_find_segment(const struct vnet_intent *intent, uint32_t key)
{
    struct vnet_segment *segment;

    HMAP_FOR_EACH_WITH_HASH (segment, hmap_node, hash_int(key, 0),
                             &intent->segments) {
        if (segment->key == key) {
            return segment;
        }
    }
    return NULL;
}

struct vnet_host *
vnet_intent_find_host(const struct vnet_intent *intent, const char *name)
{
    struct vnet_host *host;

    HMAP_FOR_EACH_WITH_HASH (host, hmap_node, hash_string(name, 0),
                             &intent->hosts) {
        if (!strcmp(host->name, name)) {
            return host;
        }
    }
    return NULL;
}

struct vnet_vif *
vnet_intent_find_vif(const struct vnet_intent *intent, const char *name)
{
    struct vnet_vif *vif;

    HMAP_FOR_EACH_WITH_HASH (vif, hmap_node, hash_string(name, 0),
                             &intent->vifs) {
        if (!strcmp(vif->name, name)) {
            return vif;
        }
    }
    return NULL;
}

const char *
vnet_segment_mode_to_string(enum vnet_segment_mode mode)
{
    switch (mode) {
    case VNET_SEGMENT_VLAN:
        return "vlan";
    case VNET_SEGMENT_VXLAN:
        return "vxlan";
    case VNET_SEGMENT_ETHERIP:
        return "etherip";
    }
    OVS_NOT_REACHED();
}

bool
vnet_segment_mode_from_string(const char *s, enum vnet_segment_mode *mode)
{
    if (!strcmp(s, "vlan")) {
        *mode = VNET_SEGMENT_VLAN;
    } else if (!strcmp(s, "vxlan")) {
        *mode = VNET_SEGMENT_VXLAN;
    } else if (!strcmp(s, "etherip")) {
        *mode = VNET_SEGMENT_ETHERIP;
    } else {
        return false;
    }
    return true;
}
