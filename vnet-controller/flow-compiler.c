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
#include "flow-compiler.h"
#include "flow-compiler-internal.h"
#include <stdlib.h>
#include <string.h>
#include "hash.h"
#include "openvswitch/dynamic-string.h"
#include "flow.h"
#include "util.h"

/* IP protocol number of EtherIP (RFC 3378). */
#define ETHERIP_IPPROTO 97

/* VXLAN's UDP port (RFC 7348). */
#define VXLAN_DST_PORT 4789

/* Seconds without traffic after which a learned MAC is forgotten. */
#define VNET_LEARNED_IDLE_TIMEOUT 300

void
vnet_flows_init(struct vnet_flows *flows)
{
    flows->flows = NULL;
    flows->n = flows->allocated = 0;
}

void
vnet_flows_clear(struct vnet_flows *flows)
{
    for (size_t i = 0; i < flows->n; i++) {
        free(flows->flows[i].match);
        free(flows->flows[i].actions);
    }
    flows->n = 0;
}

void
vnet_flows_destroy(struct vnet_flows *flows)
{
    vnet_flows_clear(flows);
    free(flows->flows);
}

void
vnet_flows_add(struct vnet_flows *flows, uint8_t table_id, uint16_t priority,
               uint64_t cookie, const char *match, const char *actions)
{
    if (flows->n >= flows->allocated) {
        flows->flows = x2nrealloc(flows->flows, &flows->allocated,
                                  sizeof *flows->flows);
    }
    struct vnet_flow *f = &flows->flows[flows->n++];
    f->table_id = table_id;
    f->priority = priority;
    f->cookie = cookie;
    f->match = xstrdup(match);
    f->actions = xstrdup(actions);
}

/* Orders flows as a reader of "ovs-ofctl dump-flows" expects: by table,
 * then highest priority first, then by match. */
static int
compare_flows(const void *a_, const void *b_)
{
    const struct vnet_flow *a = *(const struct vnet_flow *const *) a_;
    const struct vnet_flow *b = *(const struct vnet_flow *const *) b_;

    if (a->table_id != b->table_id) {
        return a->table_id < b->table_id ? -1 : 1;
    }
    if (a->priority != b->priority) {
        return a->priority > b->priority ? -1 : 1;
    }
    int cmp = strcmp(a->match, b->match);
    return cmp ? cmp : strcmp(a->actions, b->actions);
}

/* Appends 'f' to 'out' in ovs-ofctl add-flow syntax, the text that the
 * controller parses into a desired flow. */
void
vnet_flow_format(const struct vnet_flow *f, struct ds *out)
{
    ds_put_format(out, "table=%"PRIu8", priority=%"PRIu16", "
                  "cookie=%#"PRIx64"%s%s actions=%s",
                  f->table_id, f->priority, f->cookie,
                  f->match[0] ? ", " : "", f->match, f->actions);
}

/* Appends the flows to 'out', one a line, in ovs-ofctl add-flow syntax and
 * in a canonical order, so that two flow sets compare as text. */
void
vnet_flows_format(const struct vnet_flows *flows, struct ds *out)
{
    const struct vnet_flow **sorted = xmalloc(flows->n * sizeof *sorted);

    for (size_t i = 0; i < flows->n; i++) {
        sorted[i] = &flows->flows[i];
    }
    qsort(sorted, flows->n, sizeof *sorted, compare_flows);
    for (size_t i = 0; i < flows->n; i++) {
        vnet_flow_format(sorted[i], out);
        ds_put_char(out, '\n');
    }
    free(sorted);
}


struct segment_members *
vnet_find_members(const struct hmap *members, uint32_t key)
{
    struct segment_members *m;

    HMAP_FOR_EACH_WITH_HASH (m, hmap_node, hash_int(key, 0), members) {
        if (m->segment->key == key) {
            return m;
        }
    }
    return NULL;
}

bool
vnet_vif_is_live(const struct vnet_vif *vif)
{
    return ((vif->segment || vif->subnet) && vif->host
            && (vif->host->external || vif->ofport != OFPP_NONE));
}

static int
compare_vifs_by_name(const void *a_, const void *b_)
{
    const struct vnet_vif *const *a = a_;
    const struct vnet_vif *const *b = b_;
    return strcmp((*a)->name, (*b)->name);
}

/* Indexes the members of each segment, sorted by name: flood actions then
 * list ports and hosts in an order that does not change when an unrelated
 * VIF comes or goes, so that the flow diff sends no needless flow_mods. */
void
vnet_index_members(const struct vnet_intent *intent, struct hmap *members)
{
    const struct vnet_vif *vif;
    struct segment_members *m;

    hmap_init(members);
    HMAP_FOR_EACH (vif, hmap_node, &intent->vifs) {
        if (!vnet_vif_is_live(vif) || !vif->admitted || !vif->segment) {
            continue;
        }
        m = vnet_find_members(members, vif->segment->key);
        if (!m) {
            m = xzalloc(sizeof *m);
            m->segment = vif->segment;
            hmap_insert(members, &m->hmap_node,
                        hash_int(vif->segment->key, 0));
        }
        if (m->n >= m->allocated) {
            m->vifs = x2nrealloc(m->vifs, &m->allocated, sizeof *m->vifs);
        }
        m->vifs[m->n++] = vif;
    }
    HMAP_FOR_EACH (m, hmap_node, members) {
        qsort(m->vifs, m->n, sizeof *m->vifs, compare_vifs_by_name);
    }
}

void
vnet_free_members(struct hmap *members)
{
    struct segment_members *m;

    HMAP_FOR_EACH_POP (m, hmap_node, members) {
        free(m->vifs);
        free(m);
    }
    hmap_destroy(members);
}

/* Whether 'host' can carry 'segment's frames to or from the underlay. */
bool
vnet_host_reaches_wire(const struct vnet_host *host,
                  const struct vnet_segment *segment)
{
    switch (segment->mode) {
    case VNET_SEGMENT_VLAN:
        return host->uplink_ofport != OFPP_NONE;
    case VNET_SEGMENT_VXLAN:
        return host->vxlan_ofport != OFPP_NONE && host->encap_ip;
    case VNET_SEGMENT_ETHERIP:
        return (host->uplink_ofport != OFPP_NONE && host->encap_ip
                && !eth_addr_is_zero(host->mac));
    }
    OVS_NOT_REACHED();
}

/* Whether frames of 'segment' can be addressed to 'remote' across the
 * underlay: a VLAN's physical LAN reaches every host, a VXLAN needs the
 * remote end's address, EtherIP its address and MAC (and a vnet host: a
 * non-virtualized VTEP speaks VXLAN only). */
bool
vnet_remote_is_addressable(const struct vnet_host *remote,
                      const struct vnet_segment *segment)
{
    switch (segment->mode) {
    case VNET_SEGMENT_VLAN:
        return !remote->external;
    case VNET_SEGMENT_VXLAN:
        return remote->encap_ip != 0;
    case VNET_SEGMENT_ETHERIP:
        return (!remote->external && remote->encap_ip
                && !eth_addr_is_zero(remote->mac));
    }
    OVS_NOT_REACHED();
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

/* Appends to 'actions' what sends a frame of 'segment' from 'local' to
 * 'remote'.  For a VLAN this leaves the tag on: callers put it last. */
void
vnet_put_to_remote(struct ds *actions, const struct vnet_host *local,
              const struct vnet_host *remote,
              const struct vnet_segment *segment)
{
    switch (segment->mode) {
    case VNET_SEGMENT_VLAN:
        ds_put_format(actions, "push_vlan:0x8100,set_field:%"PRIu32
                      "->vlan_vid,output:%"PRIu32",",
                      segment->wire_id | 0x1000,
                      ofp_to_u16(local->uplink_ofport));
        break;
    case VNET_SEGMENT_VXLAN:
        ds_put_format(actions, "set_field:%"PRIu32"->tun_id,set_field:"
                      IP_FMT"->tun_dst,output:%"PRIu32",",
                      segment->wire_id, IP_ARGS(remote->encap_ip),
                      ofp_to_u16(local->vxlan_ofport));
        break;
    case VNET_SEGMENT_ETHERIP:
        put_etherip(actions, local, segment, remote->mac, remote->encap_ip);
        break;
    }
}

void
vnet_finish_actions(struct ds *actions)
{
    ds_chomp(actions, ',');
    if (!actions->length) {
        ds_put_cstr(actions, "drop");
    }
}

/* Port security, admission and classification of one local VIF. */
static void
compile_vif_ingress(const struct vnet_vif *vif, struct vnet_flows *flows)
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
                  ETHERIP_IPPROTO);
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

/* Whether 'host' appears in the first 'n' members' hosts. */
bool
vnet_host_seen(const struct vnet_vif **vifs, size_t n,
          const struct vnet_host *host)
{
    for (size_t i = 0; i < n; i++) {
        if (vifs[i]->host == host) {
            return true;
        }
    }
    return false;
}

/* Whether 'host' bridges 'seg' to the physical network on its uplink. */
static bool
is_gateway(const struct vnet_segment *seg, const struct vnet_host *host)
{
    return (seg->mode == VNET_SEGMENT_ETHERIP && seg->gateway_host == host
            && host->uplink_ofport != OFPP_NONE);
}

/* Whether 'seg' learns MACs that no VIF binds from the wire (and from its
 * gateway).  The other modes have no gateway yet, so nothing to learn. */
bool
vnet_segment_learns(const struct vnet_segment *seg)
{
    return seg->mode == VNET_SEGMENT_ETHERIP && seg->mac_limit;
}

/* The Ethernet address an IPv4 multicast group maps to (RFC 1112). */
static struct eth_addr
multicast_mac(ovs_be32 group)
{
    uint32_t ip = ntohl(group);

    return (struct eth_addr) { .ea = { 0x01, 0x00, 0x5e, (ip >> 16) & 0x7f,
                                       ip >> 8, ip } };
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
                                     : seg->mode == VNET_SEGMENT_ETHERIP
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
 * members ('local_flood'), then the 'n' remote hosts, then the gateway
 * uplink if 'gateway'.  A VLAN goes out once, tagged, and the physical LAN
 * carries it to every host; an EtherIP segment goes once to its multicast
 * group unless it replicates at the head end, as VXLAN always does. */
static void
put_flood(struct ds *actions, const struct vnet_segment *seg,
          const struct vnet_host *host, const char *local_flood,
          const struct vnet_host **remotes, size_t n, bool gateway)
{
    ds_put_cstr(actions, local_flood);
    if (n && seg->mode == VNET_SEGMENT_VLAN) {
        vnet_put_to_remote(actions, host, remotes[0], seg);
    } else if (n && seg->mode == VNET_SEGMENT_ETHERIP
               && seg->multicast_group && !seg->head_end_replication) {
        put_etherip(actions, host, seg, multicast_mac(seg->multicast_group),
                    seg->multicast_group);
    } else {
        for (size_t i = 0; i < n; i++) {
            vnet_put_to_remote(actions, host, remotes[i], seg);
        }
    }
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
    bool gw = is_gateway(seg, host);
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
static void
compile_segment(const struct segment_members *m,
                const struct vnet_host *host, struct vnet_flows *flows)
{
    const struct vnet_segment *seg = m->segment;
    bool wire = vnet_host_reaches_wire(host, seg);
    bool gw = is_gateway(seg, host);
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

    /* Accept the segment's frames from the wire: a VLAN by its tag on the
     * uplink, a VXLAN by its VNI on the VXLAN port, EtherIP by its VNET id
     * once popped on the uplink (table 0 checked the source), sent to this
     * host or to the segment's group.  Matching the port keeps a VNI from
     * crossing into the EtherIP segment with the same number. */
    if (wire) {
        ds_clear(&actions);
        switch (seg->mode) {
        case VNET_SEGMENT_VLAN:
            ds_clear(&match);
            ds_put_format(&match, "in_port=%"PRIu16",dl_vlan=%"PRIu32,
                          ofp_to_u16(host->uplink_ofport), seg->wire_id);
            ds_put_format(&actions, "pop_vlan,set_field:%#"PRIx32
                          "->metadata,goto_table:%d", seg->key,
                          VNET_T_L2_FROM_WIRE);
            vnet_flows_add(flows, VNET_T_CLASSIFY, 100, seg->cookie,
                           ds_cstr(&match), ds_cstr(&actions));
            break;
        case VNET_SEGMENT_VXLAN:
            ds_clear(&match);
            ds_put_format(&match, "in_port=%"PRIu16",tun_id=%"PRIu32,
                          ofp_to_u16(host->vxlan_ofport), seg->wire_id);
            ds_put_format(&actions, "set_field:%#"PRIx32"->metadata,"
                          "goto_table:%d", seg->key, VNET_T_L2_FROM_WIRE);
            vnet_flows_add(flows, VNET_T_TUNNEL_ID, 100, seg->cookie,
                           ds_cstr(&match), ds_cstr(&actions));
            break;
        case VNET_SEGMENT_ETHERIP:
            /* After pop_etherip, in_port is still the uplink; on the
             * gateway host that would suppress its output to the uplink. */
            ds_put_format(&actions, "%sset_field:%#"PRIx32"->metadata,",
                          gw ? "set_field:0->in_port," : "", seg->key);
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
                              "tun_dst="IP_FMT,
                              ofp_to_u16(host->uplink_ofport), seg->wire_id,
                              IP_ARGS(dst));
                vnet_flows_add(flows, VNET_T_TUNNEL_ID, 100, seg->cookie,
                               ds_cstr(&match), ds_cstr(&actions));
            }
            break;
        }
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
                              "nw_src="IP_FMT, uplink, ETHERIP_IPPROTO,
                              IP_ARGS(peer->encap_ip));
                vnet_flows_add(flows, VNET_T_CLASSIFY, 100, peer->cookie,
                               ds_cstr(&match), actions);
            }
        }
    }
    if (etherip || untagged_gateway) {
        ds_clear(&match);
        ds_put_format(&match, "in_port=%"PRIu16",ip,nw_proto=%d", uplink,
                      ETHERIP_IPPROTO);
        vnet_flows_add(flows, VNET_T_CLASSIFY, 90, 0, ds_cstr(&match),
                       "drop");
    }
    if (untagged_gateway) {
        ds_clear(&match);
        ds_put_format(&match, "in_port=%"PRIu16",udp,tp_dst=%d", uplink,
                      VXLAN_DST_PORT);
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

/* Replaces the contents of 'flows' by the flows of 'host's br-vnet. */
void
vnet_compile_host(const struct vnet_intent *intent,
                  const struct vnet_host *host, struct vnet_flows *flows)
{
    const struct segment_members *m;
    const struct vnet_vif *vif;
    struct hmap members;
    bool etherip = false, untagged_gateway = false;

    vnet_flows_clear(flows);

    HMAP_FOR_EACH (vif, hmap_node, &intent->vifs) {
        if (vnet_vif_is_live(vif) && vif->host == host) {
            compile_vif_ingress(vif, flows);
        }
    }

    vnet_index_members(intent, &members);
    HMAP_FOR_EACH (m, hmap_node, &members) {
        const struct vnet_segment *seg = m->segment;

        if (vnet_host_seen(m->vifs, m->n, host) || is_gateway(seg, host)) {
            compile_segment(m, host, flows);
            if (seg->mode == VNET_SEGMENT_ETHERIP
                && vnet_host_reaches_wire(host, seg)) {
                etherip = true;
            }
            untagged_gateway = (untagged_gateway
                                || (is_gateway(seg, host)
                                    && !seg->gateway_tag));
        }
    }
    vnet_compile_routers(intent, host, &members, flows);
    vnet_free_members(&members);
    if (etherip || untagged_gateway) {
        compile_uplink_filters(intent, host, etherip, untagged_gateway,
                               flows);
    }

    compile_tunnel_sources(intent, host, flows);
    vnet_compile_farms(intent, host, flows);
    vnet_pipeline_add_misses(flows);
}
