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
#include <string.h>
#include "hash.h"
#include "util.h"

void
vnet_intent_init(struct vnet_intent *intent)
{
    hmap_init(&intent->segments);
    hmap_init(&intent->hosts);
    hmap_init(&intent->vifs);
    hmap_init(&intent->farms);
    hmap_init(&intent->subnets);
    hmap_init(&intent->routers);
    memset(&intent->policies, 0, sizeof intent->policies);
    memset(&intent->peerings, 0, sizeof intent->peerings);
}

static void
vnet_intent_destroy_farms(struct vnet_intent *intent)
{
    struct vnet_subnet *subnet;
    struct vnet_farm *farm;

    HMAP_FOR_EACH_POP (subnet, hmap_node, &intent->subnets) {
        free(subnet->name);
        free(subnet);
    }
    HMAP_FOR_EACH_POP (farm, hmap_node, &intent->farms) {
        free(farm->name);
        free(farm);
    }
    hmap_destroy(&intent->subnets);
    hmap_destroy(&intent->farms);
    free(intent->policies.rules);
    free(intent->peerings.rules);
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
    vnet_intent_destroy_farms(intent);
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
    host->underlay_mtu = VNET_DEFAULT_UNDERLAY_MTU;
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

struct vnet_router *
vnet_intent_find_router(const struct vnet_intent *intent, const char *name)
{
    struct vnet_router *router;

    HMAP_FOR_EACH_WITH_HASH (router, hmap_node, hash_string(name, 0),
                             &intent->routers) {
        if (!strcmp(router->name, name)) {
            return router;
        }
    }
    return NULL;
}

/* A subnet's OpenFlow metadata.  Bit 48 keeps it apart from every segment
 * key, which fits in 32 bits; farm and subnet indexes are 24-bit (the
 * schema's bound), so the key is unique and derived, not assigned. */
uint64_t
vnet_subnet_key(uint32_t farm_index, uint32_t subnet_index)
{
    return (UINT64_C(1) << 48 | (uint64_t) (farm_index & 0xffffff) << 24
            | (subnet_index & 0xffffff));
}

struct vnet_farm *
vnet_intent_add_farm(struct vnet_intent *intent, const char *name,
                     uint64_t cookie, uint32_t index)
{
    struct vnet_farm *farm = xzalloc(sizeof *farm);

    farm->name = xstrdup(name);
    farm->cookie = cookie;
    farm->index = index;
    hmap_insert(&intent->farms, &farm->hmap_node, hash_int(index, 0));
    return farm;
}

struct vnet_subnet *
vnet_intent_add_subnet(struct vnet_intent *intent, const char *name,
                       uint64_t cookie, const struct vnet_farm *farm,
                       uint32_t index, ovs_be32 net, ovs_be32 mask,
                       ovs_be32 gateway_ip, struct eth_addr gateway_mac)
{
    struct vnet_subnet *subnet = xzalloc(sizeof *subnet);

    subnet->name = xstrdup(name);
    subnet->cookie = cookie;
    subnet->farm = farm;
    subnet->index = index;
    subnet->key = vnet_subnet_key(farm->index, index);
    subnet->net = net & mask;
    subnet->mask = mask;
    subnet->gateway_ip = gateway_ip;
    subnet->gateway_mac = gateway_mac;
    hmap_insert(&intent->subnets, &subnet->hmap_node,
                hash_uint64(subnet->key));
    return subnet;
}

static void
add_rule(struct vnet_farm_rules *rules, uint64_t cookie, const void *src,
         const void *dst)
{
    if (rules->n >= rules->allocated) {
        rules->rules = x2nrealloc(rules->rules, &rules->allocated,
                                  sizeof *rules->rules);
    }
    rules->rules[rules->n++] = (struct vnet_farm_rule) {
        .src = src, .dst = dst, .cookie = cookie,
    };
}

static bool
has_rule(const struct vnet_farm_rules *rules, const void *src,
         const void *dst)
{
    for (size_t i = 0; i < rules->n; i++) {
        if (rules->rules[i].src == src && rules->rules[i].dst == dst) {
            return true;
        }
    }
    return false;
}

void
vnet_intent_add_policy(struct vnet_intent *intent, uint64_t cookie,
                       const struct vnet_subnet *src,
                       const struct vnet_subnet *dst)
{
    add_rule(&intent->policies, cookie, src, dst);
}

void
vnet_intent_add_peering(struct vnet_intent *intent, uint64_t cookie,
                        const struct vnet_farm *farm,
                        const struct vnet_farm *peer)
{
    add_rule(&intent->peerings, cookie, farm, peer);
}

struct vnet_farm *
vnet_intent_find_farm(const struct vnet_intent *intent, uint32_t index)
{
    struct vnet_farm *farm;

    HMAP_FOR_EACH_WITH_HASH (farm, hmap_node, hash_int(index, 0),
                             &intent->farms) {
        if (farm->index == index) {
            return farm;
        }
    }
    return NULL;
}

struct vnet_subnet *
vnet_intent_find_subnet(const struct vnet_intent *intent, uint64_t key)
{
    struct vnet_subnet *subnet;

    HMAP_FOR_EACH_WITH_HASH (subnet, hmap_node, hash_uint64(key),
                             &intent->subnets) {
        if (subnet->key == key) {
            return subnet;
        }
    }
    return NULL;
}

/* Whether VMs of 'src' may open communication with VMs of 'dst': always
 * within a subnet; within a farm if the farm owner's policy says so; across
 * farms while both farms request peering with each other, in which case
 * every subnet of one reaches every subnet of the other. */
bool
vnet_subnet_reaches(const struct vnet_intent *intent,
                    const struct vnet_subnet *src,
                    const struct vnet_subnet *dst)
{
    if (src == dst) {
        return true;
    } else if (src->farm == dst->farm) {
        return has_rule(&intent->policies, src, dst);
    } else {
        return (has_rule(&intent->peerings, src->farm, dst->farm)
                && has_rule(&intent->peerings, dst->farm, src->farm));
    }
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
