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

/* The distributed router: each host routes the frames its own VMs send to
 * a router, in one hop, and the receiving host only delivers them on L2.
 *
 * On a host with a member in segment S, where router R has interface
 * (MAC, IP/plen):
 *
 *   L2_FROM_VIF  ARP requests for IP and ICMP echo requests to it are
 *                answered back out of the asking port; IPv4 to MAC goes to
 *                ROUTING with R's key in metadata; other frames to MAC are
 *                dropped rather than flooded.
 *   ROUTING      one flow per VIF of R's segments whose address is in its
 *                segment's interface subnet: gwmac(src=that interface's MAC,
 *                dst=the VIF's MAC, dec_ttl), then out of the VIF's local
 *                port or on to its host as its segment carries frames.
 *
 * gwmac rewrites both MACs and decrements the TTL in one datapath action
 * and drops (and counts) a packet whose TTL expires, without making the
 * megaflow match the TTL, which OpenFlow's dec_ttl would.  So a routed
 * packet's TTL is decremented exactly once, by the sender's host. */

#include <config.h>
#include "compilers.h"
#include "openvswitch/dynamic-string.h"
#include "flow.h"
#include "packets.h"
#include "util.h"

/* A router's OpenFlow metadata in ROUTING: bit 32 set, so that it never
 * equals a segment's, plus the smallest key of its segments, which is
 * unique because a segment has at most one router interface, and stable
 * across controller restarts because segment keys are. */
static uint64_t
router_key(const struct vnet_router *router)
{
    uint32_t min = UINT32_MAX;

    for (size_t i = 0; i < router->n_ports; i++) {
        min = MIN(min, router->ports[i].segment->key);
    }
    return UINT64_C(1) << 32 | min;
}

static bool
host_has_member(const struct hmap *members, const struct vnet_segment *seg,
                const struct vnet_host *host)
{
    const struct segment_members *m = vnet_find_members(members, seg->key);
    return m && vnet_host_seen(m->vifs, m->n, host);
}

/* The router's face on a segment with local members: ARP and ping for its
 * address answered here, IPv4 to its MAC handed to ROUTING. */
static void
compile_local_interface(const struct vnet_router_port *p, uint64_t key,
                        struct vnet_flows *flows)
{
    uint32_t seg = p->segment->key;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&match, "metadata=%#"PRIx32",arp,arp_tpa="IP_FMT
                  ",arp_op=1", seg, IP_ARGS(p->ip));
    ds_put_format(&actions, "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],"
                  "set_field:"ETH_ADDR_FMT"->eth_src,"
                  "set_field:2->arp_op,"
                  "move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],"
                  "set_field:"ETH_ADDR_FMT"->arp_sha,"
                  "move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],"
                  "set_field:"IP_FMT"->arp_spa,IN_PORT",
                  ETH_ADDR_ARGS(p->mac), ETH_ADDR_ARGS(p->mac),
                  IP_ARGS(p->ip));
    vnet_flows_add(flows, VNET_T_L2_FROM_VIF, 120, p->cookie,
                   ds_cstr(&match), ds_cstr(&actions));

    ds_clear(&match);
    ds_put_format(&match, "metadata=%#"PRIx32",dl_dst="ETH_ADDR_FMT
                  ",icmp,nw_dst="IP_FMT",icmp_type=8,icmp_code=0", seg,
                  ETH_ADDR_ARGS(p->mac), IP_ARGS(p->ip));
    ds_clear(&actions);
    ds_put_format(&actions, "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],"
                  "set_field:"ETH_ADDR_FMT"->eth_src,"
                  "move:NXM_OF_IP_SRC[]->NXM_OF_IP_DST[],"
                  "set_field:"IP_FMT"->ip_src,"
                  "set_field:255->nw_ttl,"
                  "set_field:0->icmp_type,IN_PORT",
                  ETH_ADDR_ARGS(p->mac), IP_ARGS(p->ip));
    vnet_flows_add(flows, VNET_T_L2_FROM_VIF, 120, p->cookie,
                   ds_cstr(&match), ds_cstr(&actions));

    ds_clear(&match);
    ds_put_format(&match, "metadata=%#"PRIx32",dl_dst="ETH_ADDR_FMT",ip",
                  seg, ETH_ADDR_ARGS(p->mac));
    ds_clear(&actions);
    ds_put_format(&actions, "set_field:%#"PRIx64"->metadata,goto_table:%d",
                  key, VNET_T_ROUTING);
    vnet_flows_add(flows, VNET_T_L2_FROM_VIF, 110, p->cookie,
                   ds_cstr(&match), ds_cstr(&actions));

    /* Routed frames come from every host with the router's MAC as their
     * source: like a VIF's MAC, it is not learned. */
    if (vnet_segment_learns(p->segment)) {
        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx32",dl_src="ETH_ADDR_FMT,
                      seg, ETH_ADDR_ARGS(p->mac));
        vnet_flows_add(flows, VNET_T_LEARN, 100, p->cookie,
                       ds_cstr(&match), "drop");
    }

    /* Nothing but IPv4 and ARP is for the router: not a frame to flood. */
    ds_clear(&match);
    ds_put_format(&match, "metadata=%#"PRIx32",dl_dst="ETH_ADDR_FMT,
                  seg, ETH_ADDR_ARGS(p->mac));
    vnet_flows_add(flows, VNET_T_L2_FROM_VIF, 100, p->cookie,
                   ds_cstr(&match), "drop");

    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Routes to the VIFs of 'p''s segment that are in its subnet. */
static void
compile_routes_to(const struct vnet_router_port *p, uint64_t key,
                  const struct hmap *members, const struct vnet_host *host,
                  struct vnet_flows *flows)
{
    const struct vnet_segment *seg = p->segment;
    const struct segment_members *m = vnet_find_members(members, seg->key);
    bool wire = vnet_host_reaches_wire(host, seg);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; m && i < m->n; i++) {
        const struct vnet_vif *vif = m->vifs[i];

        /* A machine outside vnet's switches could not route its answers
         * back: no route to it either. */
        if (!vif->ip || vif->ip == p->ip || vif->host->external
            || (vif->ip ^ p->ip) & p->mask) {
            continue;
        }
        ds_clear(&actions);
        ds_put_format(&actions, "gwmac(src="ETH_ADDR_FMT",dst="ETH_ADDR_FMT
                      ",dec_ttl),", ETH_ADDR_ARGS(p->mac),
                      ETH_ADDR_ARGS(vif->mac));
        if (vif->host == host) {
            ds_put_format(&actions, "output:%"PRIu16,
                          ofp_to_u16(vif->ofport));
        } else if (wire && vnet_remote_is_addressable(vif->host, seg)) {
            vnet_put_to_remote(&actions, host, vif->host, seg);
            vnet_finish_actions(&actions);
        } else {
            continue;
        }
        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx64",ip,nw_dst="IP_FMT, key,
                      IP_ARGS(vif->ip));
        vnet_flows_add(flows, VNET_T_ROUTING, 100, vif->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Adds the flows of every router with an interface on a segment that has
 * a member on 'host'.  A host with no such member routes nothing: the
 * host of the sender does all the routing. */
void
vnet_compile_routers(const struct vnet_intent *intent,
                     const struct vnet_host *host, const struct hmap *members,
                     struct vnet_flows *flows)
{
    const struct vnet_router *router;

    HMAP_FOR_EACH (router, hmap_node, &intent->routers) {
        uint64_t key = router_key(router);
        bool local = false;

        for (size_t i = 0; i < router->n_ports; i++) {
            const struct vnet_router_port *p = &router->ports[i];

            if (host_has_member(members, p->segment, host)) {
                compile_local_interface(p, key, flows);
                local = true;
            }
        }
        if (local) {
            for (size_t i = 0; i < router->n_ports; i++) {
                compile_routes_to(&router->ports[i], key, members, host,
                                  flows);
            }
        }
    }
}
