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

/* The difference of two intents (intent-diff.h).  Each comparison below
 * covers every field of its struct in intent.h: a field left out would be
 * a change that recompiles nothing, which the incremental compiler's
 * property test (tests/unit/test-incremental.c) exists to catch. */

#include <config.h>
#include "intent-diff.h"
#include <stdlib.h>
#include <string.h>
#include "hash.h"
#include "intent.h"
#include "util.h"

void
vnet_intent_diff_init(struct vnet_intent_diff *diff)
{
    diff->hosts = diff->routers = diff->farms = false;
    sset_init(&diff->vifs);
    sset_init(&diff->vif_hosts);
    hmap_init(&diff->segments);
}

void
vnet_intent_diff_destroy(struct vnet_intent_diff *diff)
{
    struct vnet_diff_segment *node;

    sset_destroy(&diff->vifs);
    sset_destroy(&diff->vif_hosts);
    HMAP_FOR_EACH_POP (node, hmap_node, &diff->segments) {
        free(node);
    }
    hmap_destroy(&diff->segments);
}

bool
vnet_intent_diff_has_segment(const struct vnet_intent_diff *diff,
                             uint32_t key)
{
    const struct vnet_diff_segment *node;

    HMAP_FOR_EACH_WITH_HASH (node, hmap_node, hash_int(key, 0),
                             &diff->segments) {
        if (node->key == key) {
            return true;
        }
    }
    return false;
}

static void
add_segment(struct vnet_intent_diff *diff, const struct vnet_segment *seg)
{
    if (seg && !vnet_intent_diff_has_segment(diff, seg->key)) {
        struct vnet_diff_segment *node = xmalloc(sizeof *node);
        node->key = seg->key;
        hmap_insert(&diff->segments, &node->hmap_node, hash_int(seg->key, 0));
    }
}

static bool
names_equal(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

static bool
hosts_equal(const struct vnet_host *a, const struct vnet_host *b)
{
    if (!a || !b) {
        return a == b;
    }
    return (!strcmp(a->name, b->name) && a->cookie == b->cookie
            && a->encap_ip == b->encap_ip && eth_addr_equals(a->mac, b->mac)
            && a->underlay_mtu == b->underlay_mtu
            && a->external == b->external
            && a->uplink_ofport == b->uplink_ofport
            && a->vxlan_ofport == b->vxlan_ofport);
}

static bool
hosts_changed(const struct vnet_intent *old, const struct vnet_intent *new)
{
    const struct vnet_host *h;

    if (hmap_count(&old->hosts) != hmap_count(&new->hosts)) {
        return true;
    }
    HMAP_FOR_EACH (h, hmap_node, &new->hosts) {
        if (!hosts_equal(h, vnet_intent_find_host(old, h->name))) {
            return true;
        }
    }
    return false;
}

static const char *
host_name(const struct vnet_host *host)
{
    return host ? host->name : NULL;
}

static bool
segments_equal(const struct vnet_segment *a, const struct vnet_segment *b)
{
    return (!strcmp(a->name, b->name) && a->cookie == b->cookie
            && a->key == b->key && a->mode == b->mode
            && a->wire_id == b->wire_id
            && a->multicast_group == b->multicast_group
            && a->head_end_replication == b->head_end_replication
            && names_equal(host_name(a->gateway_host),
                           host_name(b->gateway_host))
            && a->gateway_tag == b->gateway_tag
            && a->mac_limit == b->mac_limit);
}

static void
diff_segments(const struct vnet_intent *old, const struct vnet_intent *new,
              struct vnet_intent_diff *diff)
{
    const struct vnet_segment *seg, *other;

    HMAP_FOR_EACH (seg, hmap_node, &new->segments) {
        other = vnet_intent_find_segment(old, seg->key);
        if (!other || !segments_equal(seg, other)) {
            add_segment(diff, seg);
        }
    }
    HMAP_FOR_EACH (seg, hmap_node, &old->segments) {
        if (!vnet_intent_find_segment(new, seg->key)) {
            add_segment(diff, seg);
        }
    }
}

static uint32_t
segment_key(const struct vnet_segment *seg)
{
    return seg ? seg->key : 0;
}

static uint64_t
subnet_key(const struct vnet_subnet *subnet)
{
    return subnet ? subnet->key : 0;
}

static bool
vifs_equal(const struct vnet_vif *a, const struct vnet_vif *b)
{
    return (!strcmp(a->name, b->name) && a->cookie == b->cookie
            && eth_addr_equals(a->mac, b->mac) && a->ip == b->ip
            && segment_key(a->segment) == segment_key(b->segment)
            && subnet_key(a->subnet) == subnet_key(b->subnet)
            && a->admitted == b->admitted
            && names_equal(host_name(a->host), host_name(b->host))
            && a->ofport == b->ofport);
}

/* Notes that 'vif' (its old or its new version) changed: its own flows on
 * its host, its segment's on every host that holds it, and the farms if it
 * is in a subnet. */
static void
note_vif(struct vnet_intent_diff *diff, const struct vnet_vif *vif)
{
    sset_add(&diff->vifs, vif->name);
    if (vif->host) {
        sset_add(&diff->vif_hosts, vif->host->name);
    }
    add_segment(diff, vif->segment);
    if (vif->subnet) {
        diff->farms = true;
    }
}

static void
diff_vifs(const struct vnet_intent *old, const struct vnet_intent *new,
          struct vnet_intent_diff *diff)
{
    const struct vnet_vif *vif, *other;

    HMAP_FOR_EACH (vif, hmap_node, &new->vifs) {
        other = vnet_intent_find_vif(old, vif->name);
        if (!other || !vifs_equal(vif, other)) {
            note_vif(diff, vif);
            if (other) {
                note_vif(diff, other);
            }
        }
    }
    HMAP_FOR_EACH (vif, hmap_node, &old->vifs) {
        if (!vnet_intent_find_vif(new, vif->name)) {
            note_vif(diff, vif);
        }
    }
}

static bool
farms_equal(const struct vnet_farm *a, const struct vnet_farm *b)
{
    return (!strcmp(a->name, b->name) && a->cookie == b->cookie
            && a->index == b->index);
}

static bool
subnets_equal(const struct vnet_subnet *a, const struct vnet_subnet *b)
{
    return (!strcmp(a->name, b->name) && a->cookie == b->cookie
            && a->farm->index == b->farm->index && a->index == b->index
            && a->key == b->key && a->net == b->net && a->mask == b->mask
            && a->gateway_ip == b->gateway_ip
            && eth_addr_equals(a->gateway_mac, b->gateway_mac));
}

/* A policy or peering as plain numbers: its cookie and the keys of its two
 * ends (subnet keys for policies, farm indexes for peerings). */
struct rule_key {
    uint64_t cookie, src, dst;
};

static int
compare_rule_keys(const void *a_, const void *b_)
{
    const struct rule_key *a = a_, *b = b_;

    return (a->cookie != b->cookie ? (a->cookie < b->cookie ? -1 : 1)
            : a->src != b->src ? (a->src < b->src ? -1 : 1)
            : a->dst != b->dst ? (a->dst < b->dst ? -1 : 1)
            : 0);
}

static struct rule_key *
rule_keys(const struct vnet_farm_rules *rules, bool subnets)
{
    struct rule_key *keys = xmalloc((rules->n + 1) * sizeof *keys);

    for (size_t i = 0; i < rules->n; i++) {
        const struct vnet_farm_rule *r = &rules->rules[i];

        keys[i].cookie = r->cookie;
        if (subnets) {
            keys[i].src = subnet_key(r->src);
            keys[i].dst = subnet_key(r->dst);
        } else {
            keys[i].src = ((const struct vnet_farm *) r->src)->index;
            keys[i].dst = ((const struct vnet_farm *) r->dst)->index;
        }
    }
    qsort(keys, rules->n, sizeof *keys, compare_rule_keys);
    return keys;
}

static bool
rules_equal(const struct vnet_farm_rules *a, const struct vnet_farm_rules *b,
            bool subnets)
{
    if (a->n != b->n) {
        return false;
    }

    struct rule_key *ka = rule_keys(a, subnets);
    struct rule_key *kb = rule_keys(b, subnets);
    bool equal = !memcmp(ka, kb, a->n * sizeof *ka);
    free(ka);
    free(kb);
    return equal;
}

static bool
farms_changed(const struct vnet_intent *old, const struct vnet_intent *new)
{
    const struct vnet_subnet *subnet, *other_subnet;
    const struct vnet_farm *farm, *other_farm;

    if (hmap_count(&old->farms) != hmap_count(&new->farms)
        || hmap_count(&old->subnets) != hmap_count(&new->subnets)) {
        return true;
    }
    HMAP_FOR_EACH (farm, hmap_node, &new->farms) {
        other_farm = vnet_intent_find_farm(old, farm->index);
        if (!other_farm || !farms_equal(farm, other_farm)) {
            return true;
        }
    }
    HMAP_FOR_EACH (subnet, hmap_node, &new->subnets) {
        other_subnet = vnet_intent_find_subnet(old, subnet->key);
        if (!other_subnet || !subnets_equal(subnet, other_subnet)) {
            return true;
        }
    }
    return (!rules_equal(&old->policies, &new->policies, true)
            || !rules_equal(&old->peerings, &new->peerings, false));
}

static bool
routers_equal(const struct vnet_router *a, const struct vnet_router *b)
{
    if (strcmp(a->name, b->name) || a->cookie != b->cookie
        || a->n_ports != b->n_ports) {
        return false;
    }
    for (size_t i = 0; i < a->n_ports; i++) {
        const struct vnet_router_port *pa = &a->ports[i];
        const struct vnet_router_port *pb = &b->ports[i];

        if (pa->cookie != pb->cookie
            || segment_key(pa->segment) != segment_key(pb->segment)
            || !eth_addr_equals(pa->mac, pb->mac) || pa->ip != pb->ip
            || pa->mask != pb->mask) {
            return false;
        }
    }
    return true;
}

/* Whether a router of 'intent' joins a segment in 'diff'. */
static bool
routes_changed_segment(const struct vnet_intent *intent,
                       const struct vnet_intent_diff *diff)
{
    const struct vnet_router *r;

    HMAP_FOR_EACH (r, hmap_node, &intent->routers) {
        for (size_t i = 0; i < r->n_ports; i++) {
            uint32_t key = segment_key(r->ports[i].segment);

            if (vnet_intent_diff_has_segment(diff, key)) {
                return true;
            }
        }
    }
    return false;
}

static bool
routers_changed(const struct vnet_intent *old, const struct vnet_intent *new,
                const struct vnet_intent_diff *diff)
{
    const struct vnet_router *r, *other;

    if (hmap_count(&old->routers) != hmap_count(&new->routers)) {
        return true;
    }
    HMAP_FOR_EACH (r, hmap_node, &new->routers) {
        other = vnet_intent_find_router(old, r->name);
        if (!other || !routers_equal(r, other)) {
            return true;
        }
    }
    return (routes_changed_segment(old, diff)
            || routes_changed_segment(new, diff));
}

/* Fills 'diff', which is empty, with what changed from 'old' to 'new'. */
void
vnet_intent_diff_compute(const struct vnet_intent *old,
                         const struct vnet_intent *new,
                         struct vnet_intent_diff *diff)
{
    diff->hosts = hosts_changed(old, new);
    diff_segments(old, new, diff);
    diff_vifs(old, new, diff);
    diff->farms = diff->farms || farms_changed(old, new);
    diff->routers = routers_changed(old, new, diff);
}
