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

/* The encapsulations (encap.h). */

#include <config.h>
#include "encap.h"
#include "flow.h"
#include "flows.h"
#include "openvswitch/dynamic-string.h"
#include "pipeline.h"
#include "util.h"

/* The Ethernet address an IPv4 multicast group maps to (RFC 1112). */
static struct eth_addr
multicast_mac(ovs_be32 group)
{
    uint32_t ip = ntohl(group);

    return (struct eth_addr) { .ea = { 0x01, 0x00, 0x5e, (ip >> 16) & 0x7f,
                                       ip >> 8, ip } };
}

/* A flood that sends one copy to each remote host. */
static void
flood_each(struct ds *actions, const struct vnet_host *local,
           const struct vnet_segment *seg, const struct vnet_host **remotes,
           size_t n)
{
    for (size_t i = 0; i < n; i++) {
        vnet_encap_of(seg)->push(actions, local, remotes[i], seg);
    }
}

/* VLAN: the 802.1Q tag on the uplink; the physical LAN carries a frame to
 * every host, so a flood goes out once. */

static bool
vlan_reaches_wire(const struct vnet_host *host)
{
    return host->uplink_ofport != OFPP_NONE;
}

static bool
vlan_addressable(const struct vnet_host *remote)
{
    return !remote->external;
}

static void
vlan_push(struct ds *actions, const struct vnet_host *local,
          const struct vnet_host *remote OVS_UNUSED,
          const struct vnet_segment *seg)
{
    ds_put_format(actions, "push_vlan:0x8100,set_field:%"PRIu32
                  "->vlan_vid,output:%"PRIu32",", seg->wire_id | 0x1000,
                  ofp_to_u16(local->uplink_ofport));
}

static void
vlan_flood(struct ds *actions, const struct vnet_host *local,
           const struct vnet_segment *seg, const struct vnet_host **remotes,
           size_t n)
{
    if (n) {
        vlan_push(actions, local, remotes[0], seg);
    }
}

static void
vlan_pop(const struct vnet_segment *seg, const struct vnet_host *host,
         bool gateway OVS_UNUSED, bool learn OVS_UNUSED,
         struct vnet_flows *flows)
{
    char *match = xasprintf("in_port=%"PRIu16",dl_vlan=%"PRIu32,
                            ofp_to_u16(host->uplink_ofport), seg->wire_id);
    char *actions = xasprintf("pop_vlan,set_field:%#"PRIx32"->metadata,"
                              "goto_table:%d", seg->key,
                              VNET_T_L2_FROM_WIRE);

    vnet_flows_add(flows, VNET_T_CLASSIFY, 100, seg->cookie, match, actions);
    free(match);
    free(actions);
}

/* VXLAN: OVS's native VXLAN port (remote_ip=flow, key=flow), VNI = wire
 * id; head-end replication. */

static bool
vxlan_reaches_wire(const struct vnet_host *host)
{
    return host->vxlan_ofport != OFPP_NONE && host->encap_ip;
}

static bool
vxlan_addressable(const struct vnet_host *remote)
{
    return remote->encap_ip != 0;
}

static void
vxlan_push(struct ds *actions, const struct vnet_host *local,
           const struct vnet_host *remote, const struct vnet_segment *seg)
{
    ds_put_format(actions, "set_field:%"PRIu32"->tun_id,set_field:"
                  IP_FMT"->tun_dst,output:%"PRIu32",", seg->wire_id,
                  IP_ARGS(remote->encap_ip), ofp_to_u16(local->vxlan_ofport));
}

/* Matching the VXLAN port keeps a VNI from crossing into the EtherIP
 * segment with the same number. */
static void
vxlan_pop(const struct vnet_segment *seg, const struct vnet_host *host,
          bool gateway OVS_UNUSED, bool learn OVS_UNUSED,
          struct vnet_flows *flows)
{
    char *match = xasprintf("in_port=%"PRIu16",tun_id=%"PRIu32,
                            ofp_to_u16(host->vxlan_ofport), seg->wire_id);
    char *actions = xasprintf("set_field:%#"PRIx32"->metadata,"
                              "goto_table:%d", seg->key,
                              VNET_T_L2_FROM_WIRE);

    vnet_flows_add(flows, VNET_T_TUNNEL_ID, 100, seg->cookie, match,
                   actions);
    free(match);
    free(actions);
}

/* EtherIP (RFC 3378) with the fork's push_etherip and pop_etherip actions,
 * VNET id = wire id, between hosts' underlay MACs and addresses; a flood
 * goes once to the segment's multicast group unless it replicates at the
 * head end.  Its segments may have a gateway. */

static bool
etherip_reaches_wire(const struct vnet_host *host)
{
    return (host->uplink_ofport != OFPP_NONE && host->encap_ip
            && !eth_addr_is_zero(host->mac));
}

/* A non-virtualized VTEP speaks VXLAN only. */
static bool
etherip_addressable(const struct vnet_host *remote)
{
    return (!remote->external && remote->encap_ip
            && !eth_addr_is_zero(remote->mac));
}

/* Appends an EtherIP copy of the frame of 'segment' from 'local' to
 * 'ip_dst' at 'eth_dst' (a host, or a multicast group).  In a clone, so that
 * the frame itself stays as it was for the actions that follow.  The
 * action drops what would exceed the host's underlay MTU; 1500, its
 * default, goes unsaid. */
static void
put_etherip(struct ds *actions, const struct vnet_host *local,
            const struct vnet_segment *segment, struct eth_addr eth_dst,
            ovs_be32 ip_dst)
{
    ds_put_format(actions, "clone(push_etherip(vnet_id=%"PRIu32",eth_src="
                  ETH_ADDR_FMT",eth_dst="ETH_ADDR_FMT",ip_src="IP_FMT
                  ",ip_dst="IP_FMT, segment->wire_id,
                  ETH_ADDR_ARGS(local->mac), ETH_ADDR_ARGS(eth_dst),
                  IP_ARGS(local->encap_ip), IP_ARGS(ip_dst));
    if (local->underlay_mtu != VNET_DEFAULT_UNDERLAY_MTU) {
        ds_put_format(actions, ",mtu=%"PRIu16, local->underlay_mtu);
    }
    ds_put_format(actions, "),output:%"PRIu16"),",
                  ofp_to_u16(local->uplink_ofport));
}

static void
etherip_push(struct ds *actions, const struct vnet_host *local,
             const struct vnet_host *remote, const struct vnet_segment *seg)
{
    put_etherip(actions, local, seg, remote->mac, remote->encap_ip);
}

static void
etherip_flood(struct ds *actions, const struct vnet_host *local,
              const struct vnet_segment *seg,
              const struct vnet_host **remotes, size_t n)
{
    if (n && seg->multicast_group && !seg->head_end_replication) {
        put_etherip(actions, local, seg, multicast_mac(seg->multicast_group),
                    seg->multicast_group);
    } else {
        flood_each(actions, local, seg, remotes, n);
    }
}

/* By VNET id, once popped on the uplink (CLASSIFY checked the source), sent
 * to this host or to the segment's group.  After pop_etherip, in_port is
 * still the uplink; on the gateway host that would suppress its output to
 * the uplink. */
static void
etherip_pop(const struct vnet_segment *seg, const struct vnet_host *host,
            bool gateway, bool learn, struct vnet_flows *flows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&actions, "%sset_field:%#"PRIx32"->metadata,",
                  gateway ? "set_field:0->in_port," : "", seg->key);
    if (learn) {
        ds_put_format(&actions, "resubmit(,%d),", VNET_T_LEARN);
    }
    ds_put_format(&actions, "goto_table:%d", VNET_T_L2_FROM_WIRE);
    for (int i = 0; i < 2; i++) {
        ovs_be32 dst = i ? seg->multicast_group : host->encap_ip;
        if (!dst || (i && seg->head_end_replication)) {
            continue;
        }
        ds_clear(&match);
        ds_put_format(&match, "in_port=%"PRIu16",tun_id=%"PRIu32","
                      "tun_dst="IP_FMT, ofp_to_u16(host->uplink_ofport),
                      seg->wire_id, IP_ARGS(dst));
        vnet_flows_add(flows, VNET_T_TUNNEL_ID, 100, seg->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

static const struct vnet_encap encaps[] = {
    [VNET_SEGMENT_VLAN] = {
        .reaches_wire = vlan_reaches_wire,
        .addressable = vlan_addressable,
        .push = vlan_push,
        .flood = vlan_flood,
        .pop = vlan_pop,
    },
    [VNET_SEGMENT_VXLAN] = {
        .reaches_wire = vxlan_reaches_wire,
        .addressable = vxlan_addressable,
        .push = vxlan_push,
        .flood = flood_each,
        .pop = vxlan_pop,
    },
    [VNET_SEGMENT_ETHERIP] = {
        .reaches_wire = etherip_reaches_wire,
        .addressable = etherip_addressable,
        .push = etherip_push,
        .flood = etherip_flood,
        .pop = etherip_pop,
        .gateways = true,
        .filters = VNET_FILTER_ETHERIP,
    },
};

const struct vnet_encap *
vnet_encap_of(const struct vnet_segment *seg)
{
    ovs_assert(seg->mode < ARRAY_SIZE(encaps));
    return &encaps[seg->mode];
}

/* Whether 'host' can carry 'seg's frames to or from the underlay. */
bool
vnet_host_reaches_wire(const struct vnet_host *host,
                       const struct vnet_segment *seg)
{
    return vnet_encap_of(seg)->reaches_wire(host);
}

/* Whether frames of 'seg' can be addressed to 'remote' across the
 * underlay. */
bool
vnet_remote_is_addressable(const struct vnet_host *remote,
                           const struct vnet_segment *seg)
{
    return vnet_encap_of(seg)->addressable(remote);
}

/* Appends to 'actions' what sends a frame of 'seg' from 'local' to
 * 'remote'.  For a VLAN this leaves the tag on: callers put it last. */
void
vnet_put_to_remote(struct ds *actions, const struct vnet_host *local,
                   const struct vnet_host *remote,
                   const struct vnet_segment *seg)
{
    vnet_encap_of(seg)->push(actions, local, remote, seg);
}

/* Whether 'host' bridges 'seg' to the physical network on its uplink. */
bool
vnet_is_gateway(const struct vnet_segment *seg, const struct vnet_host *host)
{
    return (vnet_encap_of(seg)->gateways && seg->gateway_host == host
            && host->uplink_ofport != OFPP_NONE);
}

/* Whether 'seg' learns the MACs that no VIF binds from the wire (and from
 * its gateway): only a mode with gateways has any to learn. */
bool
vnet_segment_learns(const struct vnet_segment *seg)
{
    return vnet_encap_of(seg)->gateways && seg->mac_limit;
}
