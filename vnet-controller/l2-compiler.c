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

/* The L2 compiler: VIFs' ingress, segments of every mode with their
 * gateways and MAC learning, and what a host accepts from the underlay.
 * It fills the core's and the learning stage's tables (pipeline.c); how a
 * frame crosses the underlay is the segment's encap's (encap.c). */

#include <config.h>
#include "compilers.h"
#include <stdlib.h>
#include <string.h>
#include "flow.h"
#include "openvswitch/dynamic-string.h"
#include "util.h"

/* Seconds without traffic after which a learned MAC is forgotten. */
#define VNET_LEARNED_IDLE_TIMEOUT 300

/* Port security, admission and classification of one live VIF bound to
 * the host being compiled. */
void
vnet_compile_vif(const struct vnet_vif *vif, struct vnet_flows *flows)
{
    uint16_t port = ofp_to_u16(vif->ofport);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    ds_put_format(&match, "in_port=%"PRIu16, port);
    ds_put_format(&actions, "set_field:%#"PRIx64"->metadata,goto_table:%d",
                  vif->segment ? vif->segment->key : vif->subnet->key,
                  VNET_T_PORT_SECURITY);
    vnet_flows_add(flows, VNET_T_CLASSIFY, 100, vif->cookie,
                   ds_cstr(&match), ds_cstr(&actions));

    /* EtherIP from a VIF would let a VM inject frames into any segment:
     * never, whatever its addresses. */
    ds_clear(&match);
    ds_put_format(&match, "in_port=%"PRIu16",ip,nw_proto=%d", port,
                  VNET_ETHERIP_IPPROTO);
    vnet_flows_add(flows, VNET_T_PORT_SECURITY, 110, vif->cookie,
                   ds_cstr(&match), "drop");

    ds_clear(&actions);
    ds_put_format(&actions, "goto_table:%d", VNET_T_ADMISSION);
    if (vif->ip) {
        ds_clear(&match);
        ds_put_format(&match, "in_port=%"PRIu16",dl_src="ETH_ADDR_FMT","
                      "vlan_tci=0x0000/0x1000,ip,nw_src="IP_FMT, port,
                      ETH_ADDR_ARGS(vif->mac), IP_ARGS(vif->ip));
        vnet_flows_add(flows, VNET_T_PORT_SECURITY, 100, vif->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
        ds_clear(&match);
        ds_put_format(&match, "in_port=%"PRIu16",dl_src="ETH_ADDR_FMT","
                      "vlan_tci=0x0000/0x1000,arp,arp_spa="IP_FMT","
                      "arp_sha="ETH_ADDR_FMT, port, ETH_ADDR_ARGS(vif->mac),
                      IP_ARGS(vif->ip), ETH_ADDR_ARGS(vif->mac));
        vnet_flows_add(flows, VNET_T_PORT_SECURITY, 100, vif->cookie,
                       ds_cstr(&match), ds_cstr(&actions));

        /* Any other IPv4, ARP or IPv6 from this VIF is spoofed (or IPv6,
         * which vnet does not bind yet). */
        static const char *const l3[] = { "ip", "arp", "ipv6" };
        for (size_t i = 0; i < ARRAY_SIZE(l3); i++) {
            ds_clear(&match);
            ds_put_format(&match, "in_port=%"PRIu16",%s", port, l3[i]);
            vnet_flows_add(flows, VNET_T_PORT_SECURITY, 90, vif->cookie,
                           ds_cstr(&match), "drop");
        }
    }
    /* Other Ethernet protocols cross L2 segments, from the VIF's own MAC and
     * untagged only.  (A VIF without an IPv4 address is L2 only.) */
    ds_clear(&match);
    ds_put_format(&match, "in_port=%"PRIu16",dl_src="ETH_ADDR_FMT","
                  "vlan_tci=0x0000/0x1000", port, ETH_ADDR_ARGS(vif->mac));
    vnet_flows_add(flows, VNET_T_PORT_SECURITY, 80, vif->cookie,
                   ds_cstr(&match), ds_cstr(&actions));

    if (vif->admitted) {
        ds_clear(&match);
        ds_put_format(&match, "in_port=%"PRIu16, port);
        ds_clear(&actions);
        ds_put_format(&actions, "goto_table:%d", vif->segment
                      ? VNET_T_L2_FROM_VIF : VNET_T_FARM_FROM_VIF);
        vnet_flows_add(flows, VNET_T_ADMISSION, 100, vif->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
    }
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Fills 'remotes' with the hosts other than 'host' that 'm's segment
 * reaches across the underlay (its members' hosts, then its gateway), each
 * once, and returns how many.  'remotes' has room for m->n + 1. */
static size_t
collect_remotes(const struct segment_members *m, const struct vnet_host *host,
                const struct vnet_host **remotes)
{
    const struct vnet_segment *seg = m->segment;
    size_t n = 0;

    for (size_t i = 0; i <= m->n; i++) {
        const struct vnet_host *h = (i < m->n ? m->vifs[i]->host
                                     : vnet_encap_of(seg)->gateways
                                     ? seg->gateway_host : NULL);
        bool seen = false;

        if (!h || h == host || !vnet_remote_is_addressable(h, seg)) {
            continue;
        }
        for (size_t j = 0; j < n; j++) {
            seen = seen || remotes[j] == h;
        }
        if (!seen) {
            remotes[n++] = h;
        }
    }
    return n;
}

/* Appends what sends a frame of 'seg' out of 'host's gateway uplink, tagged
 * if the segment has a gateway tag.  Callers put it last. */
static void
put_to_gateway(struct ds *actions, const struct vnet_segment *seg,
               const struct vnet_host *host)
{
    if (seg->gateway_tag) {
        ds_put_format(actions, "push_vlan:0x8100,set_field:%d->vlan_vid,",
                      seg->gateway_tag | 0x1000);
    }
    ds_put_format(actions, "output:%"PRIu16",",
                  ofp_to_u16(host->uplink_ofport));
}

/* Appends the actions that flood a frame of 'seg' from 'host': its local
 * members ('local_flood'), then the 'n' remote hosts as the segment's
 * encap floods (a VLAN once, tagged; EtherIP once to its group, unless it
 * replicates at the head end as VXLAN does), then the gateway uplink if
 * 'gateway'. */
static void
put_flood(struct ds *actions, const struct vnet_segment *seg,
          const struct vnet_host *host, const char *local_flood,
          const struct vnet_host **remotes, size_t n, bool gateway)
{
    ds_put_cstr(actions, local_flood);
    vnet_encap_of(seg)->flood(actions, host, seg, remotes, n);
    if (gateway) {
        put_to_gateway(actions, seg, host);
    }
    vnet_finish_actions(actions);
}

/* Frames of a learning segment to a destination no VIF binds: the LEARNED
 * table loads into reg0 the underlay address of the host the destination
 * was learned from (0: the local gateway uplink), and LEARNED_OUT sends it
 * there; a destination not learned floods.  reg1 is 1 for frames that came
 * in through the gateway uplink, which never go back out of it. */
static void
compile_learned_out(const struct segment_members *m,
                    const struct vnet_host *host,
                    const struct vnet_host **remotes, size_t n_remotes,
                    const char *local_flood, struct vnet_flows *flows)
{
    const struct vnet_segment *seg = m->segment;
    bool gw = vnet_is_gateway(seg, host);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < n_remotes; i++) {
        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx32",reg0=%#"PRIx32,
                      seg->key, ntohl(remotes[i]->encap_ip));
        ds_clear(&actions);
        vnet_put_to_remote(&actions, host, remotes[i], seg);
        vnet_finish_actions(&actions);
        vnet_flows_add(flows, VNET_T_LEARNED_OUT, 100, seg->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
    }
    if (gw) {
        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx32",reg0=0,reg1=0", seg->key);
        ds_clear(&actions);
        put_to_gateway(&actions, seg, host);
        vnet_finish_actions(&actions);
        vnet_flows_add(flows, VNET_T_LEARNED_OUT, 100, seg->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx32",reg0=0,reg1=0x1",
                      seg->key);
        vnet_flows_add(flows, VNET_T_LEARNED_OUT, 100, seg->cookie,
                       ds_cstr(&match), "drop");

        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx32",reg1=0x1", seg->key);
        ds_clear(&actions);
        put_flood(&actions, seg, host, local_flood, remotes, n_remotes,
                  false);
        vnet_flows_add(flows, VNET_T_LEARNED_OUT, 50, seg->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
    }
    ds_clear(&match);
    ds_put_format(&match, "metadata=%#"PRIx32, seg->key);
    ds_clear(&actions);
    put_flood(&actions, seg, host, local_flood, remotes, n_remotes, gw);
    vnet_flows_add(flows, VNET_T_LEARNED_OUT, 40, seg->cookie,
                   ds_cstr(&match), ds_cstr(&actions));

    /* Learn the sources that no member binds, into LEARNED, at most
     * mac_limit of them: the limit counts LEARNED's flows with the same
     * cookie, so each segment's learned flows carry the segment's. */
    for (size_t i = 0; i < m->n; i++) {
        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx32",dl_src="ETH_ADDR_FMT,
                      seg->key, ETH_ADDR_ARGS(m->vifs[i]->mac));
        vnet_flows_add(flows, VNET_T_LEARN, 100, m->vifs[i]->cookie,
                       ds_cstr(&match), "drop");
    }
    ds_clear(&match);
    ds_put_format(&match, "metadata=%#"PRIx32, seg->key);
    ds_clear(&actions);
    ds_put_format(&actions, "learn(table=%d,idle_timeout=%d,priority=100,"
                  "cookie=%#"PRIx64",limit=%"PRIu32",OXM_OF_METADATA[],"
                  "NXM_OF_ETH_DST[]=NXM_OF_ETH_SRC[],"
                  "load:NXM_NX_TUN_IPV4_SRC[]->NXM_NX_REG0[])",
                  VNET_T_LEARNED, VNET_LEARNED_IDLE_TIMEOUT, seg->cookie,
                  seg->mac_limit);
    vnet_flows_add(flows, VNET_T_LEARN, 50, seg->cookie, ds_cstr(&match),
                   ds_cstr(&actions));

    ds_destroy(&match);
    ds_destroy(&actions);
}

/* Frames of 'seg' that come in through 'host's uplink from the physical
 * network enter the segment as if from a VIF, except that they never go
 * back out of the uplink: in_port is cleared so that the segment's own
 * uplink outputs (EtherIP) are not suppressed, and reg1 marks them. */
static void
compile_gateway_ingress(const struct vnet_segment *seg,
                        const struct vnet_host *host, struct vnet_flows *flows)
{
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    uint16_t uplink = ofp_to_u16(host->uplink_ofport);

    if (seg->gateway_tag) {
        ds_put_format(&match, "in_port=%"PRIu16",dl_vlan=%"PRIu16, uplink,
                      seg->gateway_tag);
        ds_put_cstr(&actions, "pop_vlan,");
    } else {
        ds_put_format(&match, "in_port=%"PRIu16",vlan_tci=0x0000/0x1000",
                      uplink);
    }
    ds_put_format(&actions, "set_field:0->in_port,set_field:%#"PRIx32
                  "->metadata,set_field:0x1->reg1,", seg->key);
    if (vnet_segment_learns(seg)) {
        ds_put_format(&actions, "resubmit(,%d),", VNET_T_LEARN);
    }
    ds_put_format(&actions, "goto_table:%d", VNET_T_L2_FROM_VIF);
    vnet_flows_add(flows, VNET_T_CLASSIFY, 80, seg->cookie, ds_cstr(&match),
                   ds_cstr(&actions));
    ds_destroy(&match);
    ds_destroy(&actions);
}

/* L2 forwarding for a segment with members on 'host', or whose gateway
 * 'host' is. */
void
vnet_compile_segment(const struct segment_members *m,
                     const struct vnet_host *host, struct vnet_flows *flows)
{
    const struct vnet_segment *seg = m->segment;
    bool wire = vnet_host_reaches_wire(host, seg);
    bool gw = vnet_is_gateway(seg, host);
    bool learn = wire && vnet_segment_learns(seg);
    const struct vnet_host **remotes = xmalloc((m->n + 1) * sizeof *remotes);
    size_t n_remotes = wire ? collect_remotes(m, host, remotes) : 0;
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    struct ds local_flood = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < m->n; i++) {
        const struct vnet_vif *vif = m->vifs[i];

        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx32",dl_dst="ETH_ADDR_FMT,
                      seg->key, ETH_ADDR_ARGS(vif->mac));
        ds_clear(&actions);
        if (vif->host == host) {
            ds_put_format(&actions, "output:%"PRIu16,
                          ofp_to_u16(vif->ofport));
            vnet_flows_add(flows, VNET_T_L2_FROM_VIF, 100, vif->cookie,
                           ds_cstr(&match), ds_cstr(&actions));
            vnet_flows_add(flows, VNET_T_L2_FROM_WIRE, 100, vif->cookie,
                           ds_cstr(&match), ds_cstr(&actions));
            ds_put_format(&local_flood, "output:%"PRIu16",",
                          ofp_to_u16(vif->ofport));
        } else if (wire && vnet_remote_is_addressable(vif->host, seg)) {
            vnet_put_to_remote(&actions, host, vif->host, seg);
            vnet_finish_actions(&actions);
            vnet_flows_add(flows, VNET_T_L2_FROM_VIF, 100, vif->cookie,
                           ds_cstr(&match), ds_cstr(&actions));
        }
    }

    /* Broadcast, multicast and unknown unicast from a local VIF (or from
     * the gateway): every other member of the segment.  A learning segment
     * first looks unknown unicast up in what it learned. */
    ds_clear(&match);
    ds_put_format(&match, "metadata=%#"PRIx32, seg->key);
    if (learn) {
        ds_put_cstr(&match, ",dl_dst=01:00:00:00:00:00/01:00:00:00:00:00");
    }
    ds_clear(&actions);
    put_flood(&actions, seg, host, ds_cstr(&local_flood), remotes,
              n_remotes, gw);
    vnet_flows_add(flows, VNET_T_L2_FROM_VIF, learn ? 60 : 50, seg->cookie,
                   ds_cstr(&match), ds_cstr(&actions));
    if (gw) {
        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx32",reg1=0x1,"
                      "dl_dst=01:00:00:00:00:00/01:00:00:00:00:00", seg->key);
        ds_clear(&actions);
        put_flood(&actions, seg, host, ds_cstr(&local_flood), remotes,
                  n_remotes, false);
        vnet_flows_add(flows, VNET_T_L2_FROM_VIF, 61, seg->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
    }
    if (learn) {
        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx32, seg->key);
        ds_clear(&actions);
        ds_put_format(&actions, "set_field:%#"PRIx32"->reg0,resubmit(,%d),"
                      "goto_table:%d", UINT32_MAX, VNET_T_LEARNED,
                      VNET_T_LEARNED_OUT);
        vnet_flows_add(flows, VNET_T_L2_FROM_VIF, 50, seg->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
        compile_learned_out(m, host, remotes, n_remotes,
                            ds_cstr(&local_flood), flows);
    }

    /* From the wire, only local members (and the gateway uplink); unknown
     * unicast is not ours, unless it is for the physical network behind
     * our gateway. */
    ds_clear(&match);
    ds_put_format(&match, "metadata=%#"PRIx32",dl_dst=01:00:00:00:00:00/"
                  "01:00:00:00:00:00", seg->key);
    ds_clear(&actions);
    ds_put_cstr(&actions, ds_cstr(&local_flood));
    if (gw) {
        put_to_gateway(&actions, seg, host);
    }
    vnet_finish_actions(&actions);
    vnet_flows_add(flows, VNET_T_L2_FROM_WIRE, 50, seg->cookie,
                   ds_cstr(&match), ds_cstr(&actions));
    if (gw) {
        ds_clear(&match);
        ds_put_format(&match, "metadata=%#"PRIx32, seg->key);
        ds_clear(&actions);
        put_to_gateway(&actions, seg, host);
        vnet_finish_actions(&actions);
        vnet_flows_add(flows, VNET_T_L2_FROM_WIRE, 40, seg->cookie,
                       ds_cstr(&match), ds_cstr(&actions));
        compile_gateway_ingress(seg, host, flows);
    }

    /* Accept the segment's frames from the wire, as its encap carries
     * them. */
    if (wire) {
        vnet_encap_of(seg)->pop(seg, host, gw, learn, flows);
    }

    free(remotes);
    ds_destroy(&match);
    ds_destroy(&actions);
    ds_destroy(&local_flood);
}

/* EtherIP is accepted on the uplink only from the underlay addresses of
 * hosts the controller knows, and only on hosts with an EtherIP segment;
 * the rest is dropped here, and counted.  On a host that bridges a segment
 * to the physical network untagged, the underlay's own traffic, which the
 * uplink's bridge also floods to br-vnet (hosts' ARP, VXLAN, frames from and
 * to hosts' MACs), never enters the segment. */
static void
compile_uplink_filters(const struct vnet_intent *intent,
                       const struct vnet_host *host, bool etherip,
                       bool untagged_gateway, struct vnet_flows *flows)
{
    uint16_t uplink = ofp_to_u16(host->uplink_ofport);
    const struct vnet_host *peer;
    struct ds match = DS_EMPTY_INITIALIZER;
    char actions[64];

    if (etherip) {
        snprintf(actions, sizeof actions, "pop_etherip,goto_table:%d",
                 VNET_T_TUNNEL_ID);
        HMAP_FOR_EACH (peer, hmap_node, &intent->hosts) {
            if (peer != host && peer->encap_ip && !peer->external) {
                ds_clear(&match);
                ds_put_format(&match, "in_port=%"PRIu16",ip,nw_proto=%d,"
                              "nw_src="IP_FMT, uplink, VNET_ETHERIP_IPPROTO,
                              IP_ARGS(peer->encap_ip));
                vnet_flows_add(flows, VNET_T_CLASSIFY, 100, peer->cookie,
                               ds_cstr(&match), actions);
            }
        }
    }
    if (etherip || untagged_gateway) {
        ds_clear(&match);
        ds_put_format(&match, "in_port=%"PRIu16",ip,nw_proto=%d", uplink,
                      VNET_ETHERIP_IPPROTO);
        vnet_flows_add(flows, VNET_T_CLASSIFY, 90, 0, ds_cstr(&match),
                       "drop");
    }
    if (untagged_gateway) {
        ds_clear(&match);
        ds_put_format(&match, "in_port=%"PRIu16",udp,tp_dst=%d", uplink,
                      VNET_VXLAN_DST_PORT);
        vnet_flows_add(flows, VNET_T_CLASSIFY, 90, 0, ds_cstr(&match),
                       "drop");
        HMAP_FOR_EACH (peer, hmap_node, &intent->hosts) {
            static const char *const fields[] = { "dl_src", "dl_dst" };

            for (size_t i = 0; i < ARRAY_SIZE(fields)
                               && !eth_addr_is_zero(peer->mac); i++) {
                ds_clear(&match);
                ds_put_format(&match, "in_port=%"PRIu16",%s="ETH_ADDR_FMT,
                              uplink, fields[i], ETH_ADDR_ARGS(peer->mac));
                vnet_flows_add(flows, VNET_T_CLASSIFY, 90, peer->cookie,
                               ds_cstr(&match), "drop");
            }
            if (peer->encap_ip) {
                ds_clear(&match);
                ds_put_format(&match, "in_port=%"PRIu16",arp,arp_tpa="
                              IP_FMT, uplink, IP_ARGS(peer->encap_ip));
                vnet_flows_add(flows, VNET_T_CLASSIFY, 90, peer->cookie,
                               ds_cstr(&match), "drop");
            }
        }
    }
    ds_destroy(&match);
}

/* VXLAN frames are accepted only from the underlay addresses of hosts the
 * controller knows. */
static void
compile_tunnel_sources(const struct vnet_intent *intent,
                       const struct vnet_host *host,
                       struct vnet_flows *flows)
{
    const struct vnet_host *peer;
    struct ds match = DS_EMPTY_INITIALIZER;
    char actions[32];

    if (host->vxlan_ofport == OFPP_NONE) {
        return;
    }
    snprintf(actions, sizeof actions, "goto_table:%d", VNET_T_TUNNEL_ID);
    HMAP_FOR_EACH (peer, hmap_node, &intent->hosts) {
        if (peer != host && peer->encap_ip) {
            ds_clear(&match);
            ds_put_format(&match, "in_port=%"PRIu16",tun_src="IP_FMT,
                          ofp_to_u16(host->vxlan_ofport),
                          IP_ARGS(peer->encap_ip));
            vnet_flows_add(flows, VNET_T_CLASSIFY, 100, peer->cookie,
                           ds_cstr(&match), actions);
        }
    }
    ds_destroy(&match);
}

/* The host-wide filters that 'm's segment, held by 'host', calls for. */
unsigned int
vnet_segment_filters(const struct segment_members *m,
                     const struct vnet_host *host)
{
    const struct vnet_segment *seg = m->segment;
    unsigned int filters = 0;

    if (vnet_host_reaches_wire(host, seg)) {
        filters |= vnet_encap_of(seg)->filters;
    }
    if (vnet_is_gateway(seg, host) && !seg->gateway_tag) {
        filters |= VNET_FILTER_UNTAGGED_GATEWAY;
    }
    return filters;
}

/* What 'host' accepts from the underlay and from which hosts: the uplink's
 * filters that the segments it holds call for ('filters'), and the VXLAN
 * port's known sources. */
void
vnet_compile_filters(const struct vnet_intent *intent,
                     const struct vnet_host *host, unsigned int filters,
                     struct vnet_flows *flows)
{
    if (filters) {
        compile_uplink_filters(intent, host, filters & VNET_FILTER_ETHERIP,
                               filters & VNET_FILTER_UNTAGGED_GATEWAY,
                               flows);
    }
    compile_tunnel_sources(intent, host, flows);
}
