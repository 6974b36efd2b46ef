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
        const struct vnet_flow *f = sorted[i];
        ds_put_format(out, "table=%"PRIu8", priority=%"PRIu16", "
                      "cookie=%#"PRIx64"%s%s actions=%s\n",
                      f->table_id, f->priority, f->cookie,
                      f->match[0] ? ", " : "", f->match, f->actions);
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
    return (vif->segment && vif->host
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
        if (!vnet_vif_is_live(vif) || !vif->admitted) {
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
        /* Compiled once the fork's EtherIP actions are in place. */
        return false;
    }
    OVS_NOT_REACHED();
}

/* Whether frames of 'segment' can be addressed to 'remote' across the
 * underlay: a VLAN's physical LAN reaches every host, a VXLAN needs the
 * remote end's address. */
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
        return false;
    }
    OVS_NOT_REACHED();
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
        OVS_NOT_REACHED();
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
    ds_put_format(&actions, "set_field:%#"PRIx32"->metadata,goto_table:%d",
                  vif->segment->key, VNET_T_PORT_SECURITY);
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
        ds_put_format(&actions, "goto_table:%d", VNET_T_L2_FROM_VIF);
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

/* L2 forwarding for a segment with members on 'host'. */
static void
compile_segment(const struct segment_members *m,
                const struct vnet_host *host, struct vnet_flows *flows)
{
    const struct vnet_segment *seg = m->segment;
    bool wire = vnet_host_reaches_wire(host, seg);
    struct ds match = DS_EMPTY_INITIALIZER;
    struct ds actions = DS_EMPTY_INITIALIZER;
    struct ds local_flood = DS_EMPTY_INITIALIZER;
    struct ds remote_flood = DS_EMPTY_INITIALIZER;

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
            /* A VLAN's flood goes out once, tagged, and the physical LAN
             * carries it to every host; VXLAN replicates to each host. */
            if (seg->mode == VNET_SEGMENT_VLAN
                ? !remote_flood.length
                : !vnet_host_seen(m->vifs, i, vif->host)) {
                vnet_put_to_remote(&remote_flood, host, vif->host, seg);
            }
        }
    }

    /* Broadcast, multicast and unknown unicast from a local VIF: every
     * other member of the segment. */
    ds_clear(&match);
    ds_put_format(&match, "metadata=%#"PRIx32, seg->key);
    ds_clear(&actions);
    ds_put_format(&actions, "%s%s", ds_cstr(&local_flood),
                  ds_cstr(&remote_flood));
    vnet_finish_actions(&actions);
    vnet_flows_add(flows, VNET_T_L2_FROM_VIF, 50, seg->cookie,
                   ds_cstr(&match), ds_cstr(&actions));

    /* From the wire, only local members; unknown unicast is not ours. */
    ds_put_cstr(&match, ",dl_dst=01:00:00:00:00:00/01:00:00:00:00:00");
    ds_clear(&actions);
    ds_put_cstr(&actions, ds_cstr(&local_flood));
    vnet_finish_actions(&actions);
    vnet_flows_add(flows, VNET_T_L2_FROM_WIRE, 50, seg->cookie,
                   ds_cstr(&match), ds_cstr(&actions));

    /* Accept the segment's frames from the wire. */
    if (wire) {
        bool vlan = seg->mode == VNET_SEGMENT_VLAN;

        ds_clear(&match);
        if (vlan) {
            ds_put_format(&match, "in_port=%"PRIu16",dl_vlan=%"PRIu32,
                          ofp_to_u16(host->uplink_ofport), seg->wire_id);
        } else {
            ds_put_format(&match, "tun_id=%"PRIu32, seg->wire_id);
        }
        ds_clear(&actions);
        ds_put_format(&actions, "%sset_field:%#"PRIx32"->metadata,"
                      "goto_table:%d", vlan ? "pop_vlan," : "", seg->key,
                      VNET_T_L2_FROM_WIRE);
        vnet_flows_add(flows, vlan ? VNET_T_CLASSIFY : VNET_T_TUNNEL_ID, 100,
                       seg->cookie, ds_cstr(&match), ds_cstr(&actions));
    }

    ds_destroy(&match);
    ds_destroy(&actions);
    ds_destroy(&local_flood);
    ds_destroy(&remote_flood);
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
    static const uint8_t tables[] = {
        VNET_T_CLASSIFY, VNET_T_PORT_SECURITY, VNET_T_ADMISSION,
        VNET_T_TUNNEL_ID, VNET_T_L2_FROM_VIF, VNET_T_L2_FROM_WIRE,
    };
    const struct segment_members *m;
    const struct vnet_vif *vif;
    struct hmap members;

    vnet_flows_clear(flows);
    for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
        vnet_flows_add(flows, tables[i], 0, 0, "", "drop");
    }

    HMAP_FOR_EACH (vif, hmap_node, &intent->vifs) {
        if (vnet_vif_is_live(vif) && vif->host == host) {
            compile_vif_ingress(vif, flows);
        }
    }

    vnet_index_members(intent, &members);
    HMAP_FOR_EACH (m, hmap_node, &members) {
        if (vnet_host_seen(m->vifs, m->n, host)) {
            compile_segment(m, host, flows);
        }
    }
    vnet_compile_routers(intent, host, &members, flows);
    vnet_free_members(&members);

    compile_tunnel_sources(intent, host, flows);
}
