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

/* Farms and subnets: the MAC-rewriting scheme of the HP paper (§3.3), with
 * the fork's gwmac action at its four substitution points.  Pure: the
 * intent in, one host's flows out.
 *
 * A VIF in a subnet enters at CLASSIFY with its subnet's key in metadata,
 * passes PORT_SECURITY and ADMISSION like any VIF, and continues here:
 *
 *   40 FARM_FROM_VIF   ARP requests to 41, IP broadcast/multicast to 44,
 *                      IP unicast to 42, anything else dropped and counted
 *                      (MAC rewriting carries IP only).
 *   41 FARM_ARP        answered from bindings: a same-subnet peer's
 *                      virtual MAC, the notional gateway's MAC.  A request
 *                      for an address nobody bound is solicited on the
 *                      physical LAN from the host's MAC (table 47 takes the
 *                      answer back).
 *   42 FARM_ROUTE      per (source subnet, destination IP) that policy
 *                      allows: local delivery (point 1) or onto the wire
 *                      between host MACs (point 2); bindings learned on the
 *                      LAN (table 48) for the rest of the subnet.
 *   44 FARM_FLOOD      broadcast to the subnet's group, IP multicast with a
 *                      TTL above 1 to the farm's group (point 4).
 *   45 FARM_FROM_WIRE  unicast to this host's MAC: restore the sender's
 *                      virtual MAC or the gateway's, and the receiver's
 *                      (point 3).
 *   46 FARM_GROUP      a subnet or farm group: the local members only.
 *   47 FARM_ARP_WIRE   ARP on the physical LAN: answer for local VMs with
 *                      the host's MAC, take answers to solicitations.
 *   48 FARM_LEARNED    bindings learned from the LAN, aged by idle_timeout;
 *                      the controller leaves this table to learn().
 *
 * The TTL is decremented once per subnet crossing, by the host that decides
 * the crossing: the sender for unicast, the receiver for farm-wide
 * multicast (whose receivers may sit in several subnets). */

#include <config.h>
#include "compilers.h"
#include <stdlib.h>
#include <string.h>
#include "openvswitch/dynamic-string.h"
#include "flow.h"
#include "packets.h"
#include "util.h"

/* Conntrack zone for replies to one-way subnet policies.  Subnets never
 * overlap, so one zone serves every farm. */
#define FARM_CT_ZONE 0xfa

/* Seconds a binding learned on the physical LAN lives unused. */
#define FARM_LEARN_IDLE 60

#define ETH_MCAST "01:00:00:00:00:00/01:00:00:00:00:00"
#define IP_MCAST_MAC "01:00:5e:00:00:00/ff:ff:ff:80:00:00"

/* What one host needs to know about the farms: the live, admitted VIFs in
 * subnets, everywhere, sorted by name so that flows and their order do not
 * depend on hash order. */
struct farm_view {
    const struct vnet_intent *intent;
    const struct vnet_host *host;
    const struct vnet_vif **vifs;
    size_t n;
};

static int
compare_vifs(const void *a_, const void *b_)
{
    const struct vnet_vif *const *a = a_;
    const struct vnet_vif *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* A VIF that can be reached: bound to a host whose MAC the controller knows
 * (frames to it are addressed to that MAC), with an IPv4 address. */
static bool
farm_vif_is_usable(const struct vnet_vif *vif)
{
    return (vif->subnet && vif->ip && vif->admitted && vnet_vif_is_live(vif)
            && !vif->host->external && !eth_addr_is_zero(vif->host->mac));
}

static void
farm_view_init(struct farm_view *v, const struct vnet_intent *intent,
               const struct vnet_host *host)
{
    const struct vnet_vif *vif;
    size_t allocated = 0;

    v->intent = intent;
    v->host = host;
    v->vifs = NULL;
    v->n = 0;
    HMAP_FOR_EACH (vif, hmap_node, &intent->vifs) {
        if (farm_vif_is_usable(vif)) {
            if (v->n >= allocated) {
                v->vifs = x2nrealloc(v->vifs, &allocated, sizeof *v->vifs);
            }
            v->vifs[v->n++] = vif;
        }
    }
    if (v->n) {
        qsort(v->vifs, v->n, sizeof *v->vifs, compare_vifs);
    }
}

static bool
is_local(const struct farm_view *v, const struct vnet_vif *vif)
{
    return vif->host == v->host;
}

/* Whether this host has a VIF in 'subnet' (or, with 'farm', in any subnet of
 * 'farm'); with 'remote', whether another host has one. */
static bool
has_member(const struct farm_view *v, const struct vnet_subnet *subnet,
           const struct vnet_farm *farm, bool remote)
{
    for (size_t i = 0; i < v->n; i++) {
        const struct vnet_vif *vif = v->vifs[i];
        if ((subnet ? vif->subnet == subnet : vif->subnet->farm == farm)
            && is_local(v, vif) != remote) {
            return true;
        }
    }
    return false;
}

/* How a frame from subnet 's' to subnet 't' is let through. */
enum farm_pass {
    PASS_NEVER,
    PASS_ALWAYS,                /* Policy allows s -> t and t -> s. */
    PASS_COMMIT,                /* Policy allows s -> t only: remember the
                                 * connection so that t may answer. */
    PASS_REPLY,                 /* Policy allows t -> s only: answers. */
};

static enum farm_pass
farm_pass(const struct vnet_intent *intent, const struct vnet_subnet *s,
          const struct vnet_subnet *t)
{
    bool fwd = vnet_subnet_reaches(intent, s, t);
    bool rev = vnet_subnet_reaches(intent, t, s);

    return (fwd && rev ? PASS_ALWAYS
            : fwd ? PASS_COMMIT
            : rev ? PASS_REPLY
            : PASS_NEVER);
}

/* The Ethernet multicast groups of a subnet and of a farm on the underlay.
 * Locally administered (bit 1) multicast (bit 0); a subnet's group carries
 * its network address, which is unique in the datacenter, a farm's group
 * its index. */
static struct eth_addr
subnet_group(const struct vnet_subnet *s)
{
    uint32_t net = ntohl(s->net);
    return (struct eth_addr) { .ea = {
        0x03, 0x00, net >> 24, net >> 16, net >> 8, net } };
}

static struct eth_addr
farm_group(const struct vnet_farm *f)
{
    return (struct eth_addr) { .ea = {
        0x07, 0x00, 0x00, f->index >> 16, f->index >> 8, f->index } };
}

static void
put_output(struct ds *actions, const struct vnet_vif *vif)
{
    ds_put_format(actions, "output:%"PRIu16",", ofp_to_u16(vif->ofport));
}

static void
put_gwmac(struct ds *actions, struct eth_addr src, struct eth_addr dst,
          bool dec_ttl)
{
    ds_put_format(actions, "gwmac(src="ETH_ADDR_FMT",dst="ETH_ADDR_FMT"%s),",
                  ETH_ADDR_ARGS(src), ETH_ADDR_ARGS(dst),
                  dec_ttl ? ",dec_ttl" : "");
}

/* Outputs to this host's VIFs in 'subnet'. */
static void
put_local_members(struct ds *actions, const struct farm_view *v,
                  const struct vnet_subnet *subnet)
{
    for (size_t i = 0; i < v->n; i++) {
        if (v->vifs[i]->subnet == subnet && is_local(v, v->vifs[i])) {
            put_output(actions, v->vifs[i]);
        }
    }
}

/* An ARP reply to the requester, from 'ip' at 'mac'. */
static void
put_arp_reply(struct ds *actions, struct eth_addr mac, ovs_be32 ip)
{
    ds_put_format(actions,
                  "move:NXM_OF_ETH_SRC[]->NXM_OF_ETH_DST[],"
                  "set_field:"ETH_ADDR_FMT"->eth_src,"
                  "set_field:2->arp_op,"
                  "move:NXM_NX_ARP_SHA[]->NXM_NX_ARP_THA[],"
                  "set_field:"ETH_ADDR_FMT"->arp_sha,"
                  "move:NXM_OF_ARP_SPA[]->NXM_OF_ARP_TPA[],"
                  "set_field:"IP_FMT"->arp_spa,IN_PORT",
                  ETH_ADDR_ARGS(mac), ETH_ADDR_ARGS(mac), IP_ARGS(ip));
}

/* Appends a learn() that caches, in FARM_LEARNED, the binding of the IPv4
 * address in 'ip_field' to the MAC in 'mac_field' of the machine outside
 * vnet that sent this frame: frames from the subnet's VMs to that address
 * then go to that MAC from the host's, out the port this frame came in
 * on. */
static void
put_learn_binding(struct ds *actions, const struct farm_view *v,
                  uint64_t cookie, const char *ip_field,
                  const char *mac_field)
{
    ds_put_format(actions,
                  "learn(table=%d,idle_timeout=%d,priority=100,"
                  "cookie=%#"PRIx64",eth_type=0x800,"
                  "NXM_OF_IP_DST[]=%s[],load:%s[]->NXM_OF_ETH_DST[],"
                  "load:0x%012"PRIx64"->NXM_OF_ETH_SRC[],"
                  "output:NXM_OF_IN_PORT[]),",
                  VNET_T_FARM_LEARNED, FARM_LEARN_IDLE, cookie, ip_field,
                  mac_field, eth_addr_to_uint64(v->host->mac));
}

/* CLASSIFY: what comes from the physical LAN for this host's farms. */
static void
compile_wire_classify(const struct farm_view *v, struct vnet_flows *flows)
{
    const struct vnet_host *h = v->host;
    uint16_t uplink = ofp_to_u16(h->uplink_ofport);
    const struct vnet_subnet *s;
    const struct vnet_farm *f;
    struct ds match = DS_EMPTY_INITIALIZER;
    char actions[32];

    ds_put_format(&match, "in_port=%"PRIu16",vlan_tci=0x0000/0x1000,"
                  "dl_dst="ETH_ADDR_FMT, uplink, ETH_ADDR_ARGS(h->mac));
    snprintf(actions, sizeof actions, "goto_table:%d",
             VNET_T_FARM_FROM_WIRE);
    vnet_flows_add(flows, VNET_T_CLASSIFY, 100, h->cookie, ds_cstr(&match),
                   actions);

    /* ARP broadcasts on the LAN: a non-virtualized machine looking for a
     * VM, or a host soliciting.  Other hosts' VMs are never answered for
     * here (each host answers for its own). */
    ds_clear(&match);
    ds_put_format(&match, "in_port=%"PRIu16",vlan_tci=0x0000/0x1000,"
                  "dl_dst=ff:ff:ff:ff:ff:ff,arp", uplink);
    snprintf(actions, sizeof actions, "goto_table:%d", VNET_T_FARM_ARP_WIRE);
    vnet_flows_add(flows, VNET_T_CLASSIFY, 100, h->cookie, ds_cstr(&match),
                   actions);

    snprintf(actions, sizeof actions, "goto_table:%d", VNET_T_FARM_GROUP);
    HMAP_FOR_EACH (s, hmap_node, &v->intent->subnets) {
        if (has_member(v, s, NULL, false)) {
            ds_clear(&match);
            ds_put_format(&match, "in_port=%"PRIu16",vlan_tci=0x0000/0x1000,"
                          "dl_dst="ETH_ADDR_FMT, uplink,
                          ETH_ADDR_ARGS(subnet_group(s)));
            vnet_flows_add(flows, VNET_T_CLASSIFY, 100, s->cookie,
                           ds_cstr(&match), actions);
        }
    }
    HMAP_FOR_EACH (f, hmap_node, &v->intent->farms) {
        if (has_member(v, NULL, f, false)) {
            ds_clear(&match);
            ds_put_format(&match, "in_port=%"PRIu16",vlan_tci=0x0000/0x1000,"
                          "dl_dst="ETH_ADDR_FMT, uplink,
                          ETH_ADDR_ARGS(farm_group(f)));
            vnet_flows_add(flows, VNET_T_CLASSIFY, 100, f->cookie,
                           ds_cstr(&match), actions);
        }
    }
    ds_destroy(&match);
}

/* FARM_FROM_VIF for a subnet with VIFs here. */
static void
compile_subnet_sort(const struct vnet_subnet *s, struct vnet_flows *flows)
{
    static const struct {
        uint16_t priority;
        const char *match;
        int table;
    } kinds[] = {
        { 100, "arp,arp_op=1", VNET_T_FARM_ARP },
        { 90, "ip,dl_dst="ETH_MCAST, VNET_T_FARM_FLOOD },
        { 80, "ip", VNET_T_FARM_ROUTE },
    };
    char match[96], actions[32];

    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
        snprintf(match, sizeof match, "metadata=%#"PRIx64",%s", s->key,
                 kinds[i].match);
        snprintf(actions, sizeof actions, "goto_table:%d", kinds[i].table);
        vnet_flows_add(flows, VNET_T_FARM_FROM_VIF, kinds[i].priority,
                       s->cookie, match, actions);
    }
    /* Not IPv4 (and not an ARP request): MAC rewriting carries IP only.
     * One flow per subnet, so that its counters say who sent them. */
    snprintf(match, sizeof match, "metadata=%#"PRIx64, s->key);
    vnet_flows_add(flows, VNET_T_FARM_FROM_VIF, 10, s->cookie, match, "drop");
}

/* FARM_ARP for a subnet with VIFs here: every binding of the subnet, and
 * the gateway; anything else in the subnet is solicited on the LAN. */
static void
compile_subnet_arp(const struct farm_view *v, const struct vnet_subnet *s,
                   struct vnet_flows *flows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&match, "metadata=%#"PRIx64",arp,arp_tpa="IP_FMT,
                  s->key, IP_ARGS(s->gateway_ip));
    put_arp_reply(&actions, s->gateway_mac, s->gateway_ip);
    vnet_flows_add(flows, VNET_T_FARM_ARP, 100, s->cookie, ds_cstr(&match),
                   ds_cstr(&actions));

    for (size_t i = 0; i < v->n; i++) {
        const struct vnet_vif *peer = v->vifs[i];
        if (peer->subnet == s) {
            ds_clear(&match);
            ds_put_format(&match, "metadata=%#"PRIx64",arp,arp_tpa="IP_FMT,
                          s->key, IP_ARGS(peer->ip));
            ds_clear(&actions);
            put_arp_reply(&actions, peer->mac, peer->ip);
            vnet_flows_add(flows, VNET_T_FARM_ARP, 100, peer->cookie,
                           ds_cstr(&match), ds_cstr(&actions));
        }
    }

    /* Solicitation: the request goes on the LAN as the host's own, so that
     * no VM MAC is on the wire; the answer comes back to the host's MAC. */
    if (v->host->uplink_ofport != OFPP_NONE) {
        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx64",arp,arp_tpa="IP_FMT"/"
                      IP_FMT, s->key, IP_ARGS(s->net), IP_ARGS(s->mask));
        ds_clear(&actions);
        ds_put_format(&actions, "set_field:"ETH_ADDR_FMT"->eth_src,"
                      "set_field:"ETH_ADDR_FMT"->arp_sha,output:%"PRIu16,
                      ETH_ADDR_ARGS(v->host->mac),
                      ETH_ADDR_ARGS(v->host->mac),
                      ofp_to_u16(v->host->uplink_ofport));
        vnet_flows_add(flows, VNET_T_FARM_ARP, 50, s->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Appends what forwards a unicast frame from subnet 's' to 'dst'. */
static void
put_route(struct ds *actions, const struct farm_view *v,
          const struct vnet_subnet *s, const struct vnet_vif *dst)
{
    bool cross = dst->subnet != s;

    if (is_local(v, dst)) {
        if (cross) {
            /* (1) Inter-subnet on one host: the gateway hands it over. */
            put_gwmac(actions, dst->subnet->gateway_mac, dst->mac, true);
        }
        put_output(actions, dst);
    } else {
        /* (2) Onto the wire: host MACs only. */
        put_gwmac(actions, v->host->mac, dst->host->mac, cross);
        ds_put_format(actions, "output:%"PRIu16",",
                      ofp_to_u16(v->host->uplink_ofport));
    }
}

/* Adds 'match' -> 'actions' in 'table' as 'pass' requires. */
static void
add_passing(struct vnet_flows *flows, uint8_t table, uint16_t priority,
            uint64_t cookie, const char *match, enum farm_pass pass,
            const char *actions)
{
    char *m, *a;

    switch (pass) {
    case PASS_NEVER:
        break;
    case PASS_ALWAYS:
        vnet_flows_add(flows, table, priority, cookie, match, actions);
        break;
    case PASS_COMMIT:
        a = xasprintf("ct(commit,zone=%d),%s", FARM_CT_ZONE, actions);
        vnet_flows_add(flows, table, priority, cookie, match, a);
        free(a);
        break;
    case PASS_REPLY:
        m = xasprintf("%s,ct_state=-trk", match);
        a = xasprintf("ct(table=%d,zone=%d)", table, FARM_CT_ZONE);
        vnet_flows_add(flows, table, priority, cookie, m, a);
        free(m);
        free(a);
        m = xasprintf("%s,ct_state=+trk+est", match);
        vnet_flows_add(flows, table, priority, cookie, m, actions);
        free(m);
        break;
    }
}

/* FARM_ROUTE for a subnet with VIFs here. */
static void
compile_subnet_route(const struct farm_view *v, const struct vnet_subnet *s,
                     struct vnet_flows *flows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < v->n; i++) {
        const struct vnet_vif *dst = v->vifs[i];
        enum farm_pass pass = farm_pass(v->intent, s, dst->subnet);

        if (pass == PASS_NEVER
            || (!is_local(v, dst) && v->host->uplink_ofport == OFPP_NONE)) {
            continue;
        }
        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx64",ip,nw_dst="IP_FMT,
                      s->key, IP_ARGS(dst->ip));
        ds_clear(&actions);
        put_route(&actions, v, s, dst);
        vnet_finish_actions(&actions);
        add_passing(flows, VNET_T_FARM_ROUTE, 100, dst->cookie,
                    ds_cstr(&match), pass, ds_cstr(&actions));
    }

    /* The rest of the subnet: machines outside vnet, found on the LAN. */
    ds_clear(&match);
    ds_put_format(&match, "metadata=%#"PRIx64",ip,nw_dst="IP_FMT"/"IP_FMT,
                  s->key, IP_ARGS(s->net), IP_ARGS(s->mask));
    ds_clear(&actions);
    ds_put_format(&actions, "goto_table:%d", VNET_T_FARM_LEARNED);
    vnet_flows_add(flows, VNET_T_FARM_ROUTE, 50, s->cookie, ds_cstr(&match),
                   ds_cstr(&actions));

    ds_destroy(&match);
    ds_destroy(&actions);
}

static int
compare_subnets(const void *a_, const void *b_)
{
    const struct vnet_subnet *const *a = a_;
    const struct vnet_subnet *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Deliveries of a frame of subnet 's' sent to a farm-wide group to this
 * host's VIFs of other subnets that 's' reaches: each through the gateway
 * of its subnet, TTL decremented once.  clone() keeps the rewrites of one
 * subnet from the next. */
static void
put_farm_crossings(struct ds *actions, const struct farm_view *v,
                   const struct vnet_subnet *s)
{
    const struct vnet_subnet *t;

    /* In name order, so that the actions do not depend on hash order. */
    const struct vnet_subnet **ts = NULL;
    size_t n = 0, allocated = 0;
    HMAP_FOR_EACH (t, hmap_node, &v->intent->subnets) {
        if (t != s && t->farm == s->farm && has_member(v, t, NULL, false)
            && vnet_subnet_reaches(v->intent, s, t)) {
            if (n >= allocated) {
                ts = x2nrealloc(ts, &allocated, sizeof *ts);
            }
            ts[n++] = t;
        }
    }
    if (n > 1) {
        qsort(ts, n, sizeof *ts, compare_subnets);
    }
    for (size_t i = 0; i < n; i++) {
        ds_put_cstr(actions, "clone(");
        put_gwmac(actions, ts[i]->gateway_mac,
                  (struct eth_addr) { .ea = { 0x01, 0x00, 0x5e } }, true);
        ds_put_cstr(actions,
                    "move:NXM_OF_IP_DST[0..22]->NXM_OF_ETH_DST[0..22],");
        put_local_members(actions, v, ts[i]);
        ds_chomp(actions, ',');
        ds_put_cstr(actions, "),");
    }
    free(ts);
}

/* FARM_FLOOD for a subnet with VIFs here (point 4). */
static void
compile_subnet_flood(const struct farm_view *v, const struct vnet_subnet *s,
                     struct vnet_flows *flows)
{
    bool wire = v->host->uplink_ofport != OFPP_NONE;
    bool remote = wire && has_member(v, s, NULL, true);
    bool farm_remote = wire && has_member(v, NULL, s->farm, true);
    uint16_t uplink = ofp_to_u16(v->host->uplink_ofport);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    /* Subnet-wide: broadcast, and IP multicast that may not leave the
     * subnet (TTL 0 or 1). */
    static const char *const subnet_wide[] = {
        "ip,dl_dst=ff:ff:ff:ff:ff:ff",
        "ip,dl_dst="IP_MCAST_MAC",nw_ttl=0",
        "ip,dl_dst="IP_MCAST_MAC",nw_ttl=1",
    };
    put_local_members(&actions, v, s);
    if (remote) {
        put_gwmac(&actions, v->host->mac, subnet_group(s), false);
        ds_put_format(&actions, "output:%"PRIu16",", uplink);
    }
    vnet_finish_actions(&actions);
    for (size_t i = 0; i < ARRAY_SIZE(subnet_wide); i++) {
        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx64",%s", s->key,
                      subnet_wide[i]);
        vnet_flows_add(flows, VNET_T_FARM_FLOOD, i ? 110 : 100, s->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
    }

    /* Farm-wide: IP multicast with TTL above 1 crosses the gateway to the
     * subnets that policy lets 's' reach.  gwmac picks the farm group for
     * TTL > 1, which this flow guarantees. */
    ds_clear(&actions);
    put_local_members(&actions, v, s);
    put_farm_crossings(&actions, v, s);
    if (farm_remote) {
        ds_put_format(&actions, "gwmac(src="ETH_ADDR_FMT",dst="ETH_ADDR_FMT
                      ",farm_dst="ETH_ADDR_FMT"),output:%"PRIu16",",
                      ETH_ADDR_ARGS(v->host->mac),
                      ETH_ADDR_ARGS(subnet_group(s)),
                      ETH_ADDR_ARGS(farm_group(s->farm)), uplink);
    }
    vnet_finish_actions(&actions);
    ds_clear(&match);
    ds_put_format(&match, "metadata=%#"PRIx64",ip,dl_dst="IP_MCAST_MAC,
                  s->key);
    vnet_flows_add(flows, VNET_T_FARM_FLOOD, 100, s->cookie,
                   ds_cstr(&match), ds_cstr(&actions));

    ds_destroy(&match);
    ds_destroy(&actions);
}

/* The first (by name) VIF of 'subnet' on 'host'. */
static const struct vnet_vif *
first_vif_of_host(const struct farm_view *v, const struct vnet_subnet *subnet,
                  const struct vnet_host *host)
{
    for (size_t i = 0; i < v->n; i++) {
        if (v->vifs[i]->subnet == subnet && v->vifs[i]->host == host) {
            return v->vifs[i];
        }
    }
    return NULL;
}

/* FARM_FROM_WIRE: unicast to this host's MAC for a local VIF (point 3). */
static void
compile_vif_receive(const struct farm_view *v, const struct vnet_vif *dst,
                    struct vnet_flows *flows)
{
    const struct vnet_subnet *t = dst->subnet;
    const struct vnet_subnet *s;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    /* From a peer of the same subnet: its virtual MAC is restored. */
    for (size_t i = 0; i < v->n; i++) {
        const struct vnet_vif *src = v->vifs[i];
        if (src->subnet == t && !is_local(v, src)) {
            ds_clear(&match);
            ds_put_format(&match, "ip,nw_src="IP_FMT",nw_dst="IP_FMT,
                          IP_ARGS(src->ip), IP_ARGS(dst->ip));
            ds_clear(&actions);
            put_gwmac(&actions, src->mac, dst->mac, false);
            put_output(&actions, dst);
            vnet_finish_actions(&actions);
            vnet_flows_add(flows, VNET_T_FARM_FROM_WIRE, 100, src->cookie,
                           ds_cstr(&match), ds_cstr(&actions));
        }
    }

    /* From another subnet that may talk to this one: the gateway's MAC.
     * The sender already decremented the TTL. */
    HMAP_FOR_EACH (s, hmap_node, &v->intent->subnets) {
        enum farm_pass pass = farm_pass(v->intent, s, t);
        if (s == t || pass == PASS_NEVER) {
            continue;
        }
        /* Under a one-way policy s -> t, the receiver remembers the
         * connections s opens, so that its VM may answer; answers from s
         * (t -> s only) were checked by their sender. */
        ds_clear(&match);
        ds_put_format(&match, "ip,nw_src="IP_FMT"/"IP_FMT",nw_dst="IP_FMT,
                      IP_ARGS(s->net), IP_ARGS(s->mask), IP_ARGS(dst->ip));
        ds_clear(&actions);
        put_gwmac(&actions, t->gateway_mac, dst->mac, false);
        put_output(&actions, dst);
        vnet_finish_actions(&actions);
        add_passing(flows, VNET_T_FARM_FROM_WIRE, 90, dst->cookie,
                    ds_cstr(&match),
                    pass == PASS_REPLY ? PASS_ALWAYS : pass,
                    ds_cstr(&actions));
    }

    /* From a vnet host, a source this host has no binding for yet (the
     * controller is still pushing it): dropped, or the VM would see a
     * host's MAC. */
    for (size_t i = 0; i < v->n; i++) {
        const struct vnet_vif *src = v->vifs[i];
        const struct vnet_host *sh = src->host;
        if (src->subnet == t && !is_local(v, src)
            && first_vif_of_host(v, t, sh) == src) {
            ds_clear(&match);
            ds_put_format(&match, "ip,dl_src="ETH_ADDR_FMT",nw_src="IP_FMT
                          "/"IP_FMT",nw_dst="IP_FMT, ETH_ADDR_ARGS(sh->mac),
                          IP_ARGS(t->net), IP_ARGS(t->mask),
                          IP_ARGS(dst->ip));
            vnet_flows_add(flows, VNET_T_FARM_FROM_WIRE, 60, sh->cookie,
                           ds_cstr(&match), "drop");
        }
    }

    /* From a machine outside vnet in the VIF's subnet, whose MAC is its
     * own: learned by table 48 from its ARP, or from this very frame (the
     * "backwards" case: the sender's MAC is in the frame). */
    ds_clear(&match);
    ds_put_format(&match, "ip,nw_src="IP_FMT"/"IP_FMT",nw_dst="IP_FMT,
                  IP_ARGS(t->net), IP_ARGS(t->mask), IP_ARGS(dst->ip));
    ds_clear(&actions);
    put_learn_binding(&actions, v, t->cookie, "NXM_OF_IP_SRC",
                      "NXM_OF_ETH_SRC");
    ds_put_format(&actions, "set_field:"ETH_ADDR_FMT"->eth_dst,",
                  ETH_ADDR_ARGS(dst->mac));
    put_output(&actions, dst);
    vnet_finish_actions(&actions);
    vnet_flows_add(flows, VNET_T_FARM_FROM_WIRE, 50, dst->cookie,
                   ds_cstr(&match), ds_cstr(&actions));

    ds_destroy(&match);
    ds_destroy(&actions);
}

/* FARM_GROUP: a subnet's or farm's group from the wire, for the local VIFs
 * in 't'.  Broadcast keeps ff:ff:ff:ff:ff:ff, IP multicast gets back its
 * 01:00:5e MAC from the destination address. */
static void
compile_subnet_groups(const struct farm_view *v, const struct vnet_subnet *t,
                      struct vnet_flows *flows)
{
    static const struct eth_addr mcast = { .ea = { 0x01, 0x00, 0x5e } };
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < v->n; i++) {
        const struct vnet_vif *src = v->vifs[i];
        if (src->subnet != t || is_local(v, src)) {
            continue;
        }
        /* Subnet group: broadcast, or multicast that stays in the subnet. */
        for (int m = 0; m < 2; m++) {
            ds_clear(&match);
            ds_put_format(&match, "dl_dst="ETH_ADDR_FMT",ip,nw_src="IP_FMT
                          "%s", ETH_ADDR_ARGS(subnet_group(t)),
                          IP_ARGS(src->ip), m ? ",nw_dst=224.0.0.0/4" : "");
            ds_clear(&actions);
            put_gwmac(&actions, src->mac, m ? mcast : eth_addr_broadcast,
                      false);
            if (m) {
                ds_put_cstr(&actions, "move:NXM_OF_IP_DST[0..22]->"
                            "NXM_OF_ETH_DST[0..22],");
            }
            put_local_members(&actions, v, t);
            vnet_finish_actions(&actions);
            vnet_flows_add(flows, VNET_T_FARM_GROUP, m ? 110 : 100,
                           src->cookie, ds_cstr(&match), ds_cstr(&actions));
        }

        /* Farm group from a peer of 't': the subnet's own VIFs see the
         * peer's MAC; VIFs in other subnets see their gateway's. */
        ds_clear(&match);
        ds_put_format(&match, "dl_dst="ETH_ADDR_FMT",ip,nw_src="IP_FMT
                      ",nw_dst=224.0.0.0/4",
                      ETH_ADDR_ARGS(farm_group(t->farm)), IP_ARGS(src->ip));
        ds_clear(&actions);
        put_farm_crossings(&actions, v, t);
        put_gwmac(&actions, src->mac, mcast, false);
        ds_put_cstr(&actions,
                    "move:NXM_OF_IP_DST[0..22]->NXM_OF_ETH_DST[0..22],");
        put_local_members(&actions, v, t);
        vnet_finish_actions(&actions);
        vnet_flows_add(flows, VNET_T_FARM_GROUP, 100, src->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
    }

    ds_destroy(&match);
    ds_destroy(&actions);
}

/* FARM_GROUP: the farm's group from subnet 's', which has no VIFs here, for
 * the local VIFs of the subnets it reaches. */
static void
compile_farm_group_from(const struct farm_view *v,
                        const struct vnet_subnet *s, struct vnet_flows *flows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    put_farm_crossings(&actions, v, s);
    if (actions.length) {
        ds_put_format(&match, "dl_dst="ETH_ADDR_FMT",ip,nw_src="IP_FMT"/"
                      IP_FMT",nw_dst=224.0.0.0/4",
                      ETH_ADDR_ARGS(farm_group(s->farm)), IP_ARGS(s->net),
                      IP_ARGS(s->mask));
        vnet_finish_actions(&actions);
        vnet_flows_add(flows, VNET_T_FARM_GROUP, 90, s->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* FARM_ARP_WIRE: ARP on the physical LAN.  A request for a local VM's
 * address is answered with the host's MAC (the VM's location, as the LAN
 * sees it); an answer to a solicitation is learned and passed to the VM
 * that asked, with its own MAC restored. */
static void
compile_vif_arp_wire(const struct farm_view *v, const struct vnet_vif *vif,
                     struct vnet_flows *flows)
{
    const struct vnet_subnet *s = vif->subnet;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    /* Only requests from the VIF's subnet: the LAN is the subnet's only
     * for machines outside vnet that live in it. */
    ds_put_format(&match, "arp,arp_op=1,arp_spa="IP_FMT"/"IP_FMT
                  ",arp_tpa="IP_FMT, IP_ARGS(s->net), IP_ARGS(s->mask),
                  IP_ARGS(vif->ip));
    put_learn_binding(&actions, v, s->cookie, "NXM_OF_ARP_SPA",
                      "NXM_NX_ARP_SHA");
    put_arp_reply(&actions, v->host->mac, vif->ip);
    vnet_flows_add(flows, VNET_T_FARM_ARP_WIRE, 100, vif->cookie,
                   ds_cstr(&match), ds_cstr(&actions));

    ds_clear(&match);
    ds_put_format(&match, "arp,arp_op=2,arp_spa="IP_FMT"/"IP_FMT
                  ",arp_tpa="IP_FMT, IP_ARGS(s->net), IP_ARGS(s->mask),
                  IP_ARGS(vif->ip));
    ds_clear(&actions);
    put_learn_binding(&actions, v, s->cookie, "NXM_OF_ARP_SPA",
                      "NXM_NX_ARP_SHA");
    ds_put_format(&actions, "set_field:"ETH_ADDR_FMT"->eth_dst,"
                  "set_field:"ETH_ADDR_FMT"->arp_tha,",
                  ETH_ADDR_ARGS(vif->mac), ETH_ADDR_ARGS(vif->mac));
    put_output(&actions, vif);
    vnet_finish_actions(&actions);
    vnet_flows_add(flows, VNET_T_FARM_ARP_WIRE, 100, vif->cookie,
                   ds_cstr(&match), ds_cstr(&actions));

    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Adds the flows of farms and subnets that 'host' needs: none unless it
 * has VIFs in subnets. */
void
vnet_compile_farms(const struct vnet_intent *intent,
                   const struct vnet_host *host, struct vnet_flows *flows)
{
    const struct vnet_subnet *s;
    struct farm_view v;
    bool any = false;
    char arp[32];

    farm_view_init(&v, intent, host);
    for (size_t i = 0; i < v.n; i++) {
        any = any || is_local(&v, v.vifs[i]);
    }
    if (!any) {
        free(v.vifs);
        return;
    }

    if (host->uplink_ofport != OFPP_NONE) {
        compile_wire_classify(&v, flows);
    }
    snprintf(arp, sizeof arp, "goto_table:%d", VNET_T_FARM_ARP_WIRE);
    vnet_flows_add(flows, VNET_T_FARM_FROM_WIRE, 100, 0, "arp", arp);
    HMAP_FOR_EACH (s, hmap_node, &intent->subnets) {
        if (has_member(&v, s, NULL, false)) {
            compile_subnet_sort(s, flows);
            compile_subnet_arp(&v, s, flows);
            compile_subnet_route(&v, s, flows);
            compile_subnet_flood(&v, s, flows);
            compile_subnet_groups(&v, s, flows);
        } else {
            compile_farm_group_from(&v, s, flows);
        }
    }
    for (size_t i = 0; i < v.n; i++) {
        if (is_local(&v, v.vifs[i])) {
            compile_vif_receive(&v, v.vifs[i], flows);
            compile_vif_arp_wire(&v, v.vifs[i], flows);
        }
    }
    free(v.vifs);
}
